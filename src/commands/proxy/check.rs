//! `centri proxy check KIND`: sends a backend the exact request the server would send, and
//! reports the response, the latency and the server's decision.
//!
//! This module owns which flags go with which kind ([`check_flags`]), which proxy is asked
//! ([`choose`]: `--endpoint`, or from `--config` as the server picks it for the kind, channel
//! or method, `--proxy` naming one of `proxies`), what of the flags the server would not send
//! (said on stderr), and the report and its exit code: 0 allowed, 8 denied, 6 unreachable or
//! timed out, 1 a bad status or garbage. The request is built by `server::proxy::request` and
//! sent by `Proxy::call`; the decision is `server::proxy::verdict`'s.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use base64::Engine as _;
use serde::Serialize;
use serde_json::{json, Value};

use super::super::{io, parse_json, read_data, Class, Ctx, Failure};
use crate::cli::{ClientProtocol, ProxyCheckArgs, ProxyKind};
use crate::server::config::proxy::{check_endpoint, proxy_name, ProxyConfig, DEFAULT_PROXY};
use crate::server::config::{Config, Dur};
use crate::server::proxy::request::{self, Who};
use crate::server::proxy::wire::{self, ResultFields};
use crate::server::proxy::{verdict, Answer, Call, CallError, Kind, Proxy};

fn kind_of(k: ProxyKind) -> Kind {
    match k {
        ProxyKind::Connect => Kind::Connect,
        ProxyKind::Refresh => Kind::Refresh,
        ProxyKind::Subscribe => Kind::Subscribe,
        ProxyKind::Publish => Kind::Publish,
        ProxyKind::SubRefresh => Kind::SubRefresh,
        ProxyKind::Rpc => Kind::Rpc,
        ProxyKind::SharedPollRefresh => Kind::SharedPollRefresh,
    }
}

/// Refuses flags that `kind`'s request has no room for, and asks for the ones it needs.
fn check_flags(kind: Kind, a: &ProxyCheckArgs) -> Result<(), Failure> {
    let name = kind.name();
    let not = |flag: &str, why: &str| Failure::usage(format!("{flag}: {name} {why}"));
    if kind == Kind::Connect && a.user.is_some() {
        return Err(not("--user", "has no user: the backend's result names it"));
    }
    match kind {
        Kind::Subscribe | Kind::Publish | Kind::SubRefresh | Kind::SharedPollRefresh => {
            match a.channel.len() {
                0 => {
                    return Err(
                        Failure::usage(format!("{name} needs --channel")).hint(format!(
                            "e.g. centri proxy check {name} --channel chat:room ..."
                        )),
                    );
                }
                1 => {}
                _ => return Err(not("--channel", "takes one channel")),
            }
        }
        Kind::Refresh | Kind::Rpc if !a.channel.is_empty() => {
            return Err(not("--channel", "has no channel"));
        }
        _ => {}
    }
    if kind == Kind::SharedPollRefresh {
        if a.keys.is_empty() {
            return Err(Failure::usage(format!("{name} needs at least one --key"))
                .hint("e.g. centri proxy check shared_poll_refresh -c votes:feed -k post_1"));
        }
        if a.user.is_some() {
            return Err(not("--user", "has no user: one poll serves every client"));
        }
    } else if !a.keys.is_empty() {
        return Err(not("--key", "has no keys (shared_poll_refresh has)"));
    }
    if kind != Kind::Rpc && a.method.is_some() {
        return Err(not("--method", "has no method (rpc has)"));
    }
    if matches!(
        kind,
        Kind::Refresh | Kind::SubRefresh | Kind::SharedPollRefresh
    ) {
        if a.data.is_some() {
            return Err(not("--data", "carries no data"));
        }
        if a.b64data.is_some() {
            return Err(not("--b64data", "carries no data"));
        }
    }
    if kind != Kind::Subscribe && a.token.is_some() {
        return Err(not("--token", "has no subscription token (subscribe has)"));
    }
    if kind != Kind::Connect {
        if a.name.is_some() {
            return Err(not("--name", "has no client name (connect has)"));
        }
        if a.version.is_some() {
            return Err(not("--version", "has no client version (connect has)"));
        }
    }
    Ok(())
}

/// The proxy to ask.
#[derive(Debug)]
struct Chosen {
    /// The proxy's name in the config (`default` or one of `proxies`); none with --endpoint.
    name: Option<String>,
    cfg: ProxyConfig,
    /// What the server would do differently, for stderr.
    notes: Vec<String>,
}

/// The proxy of `--endpoint`: every `--header` forwarded, `--meta` sent when given.
fn from_endpoint(endpoint: &str, a: &ProxyCheckArgs) -> Result<Chosen, Failure> {
    check_endpoint(endpoint).map_err(|e| Failure::usage(format!("--endpoint {e}")))?;
    Ok(Chosen {
        name: None,
        cfg: ProxyConfig {
            endpoint: endpoint.to_string(),
            http_headers: a.headers.iter().map(|(k, _)| k.clone()).collect(),
            include_connection_meta: a.meta.is_some(),
            ..ProxyConfig::default()
        },
        notes: Vec::new(),
    })
}

/// Proxy `name` (`default`: `default`, the kind's default at `default_key`).
fn named(
    c: &Config,
    path: &str,
    name: &str,
    default: &ProxyConfig,
    default_key: &str,
) -> Result<ProxyConfig, Failure> {
    if let Some(p) = c.named_proxy(name, default) {
        return Ok(p.clone());
    }
    let names: Vec<&str> = c.proxies.iter().map(|p| p.name.as_str()).collect();
    let others = if names.is_empty() {
        "the config has no `proxies`".to_string()
    } else {
        format!("the config's proxies: {}", names.join(", "))
    };
    Err(if proxy_name(name) == DEFAULT_PROXY {
        Failure::usage(format!("{path}: {default_key}.endpoint is not set"))
            .hint(format!("pass --proxy NAME or --endpoint URL ({others})"))
    } else {
        Failure::usage(format!("--proxy: no proxy named {name:?} in {path}")).hint(others)
    })
}

/// A channel's proxy: `--proxy`, else the one its namespace enables, else the kind's default.
/// The `shared_poll_refresh` proxy of `--channel`'s namespace (or `--proxy`).
fn poll_proxy(
    c: &Config,
    path: &str,
    a: &ProxyCheckArgs,
) -> Result<(String, ProxyConfig), Failure> {
    let default_key = "channel.proxy.shared_poll_refresh";
    let default = &c.channel.proxy.shared_poll_refresh;
    let name = if let Some(n) = &a.proxy {
        n.clone()
    } else {
        let channel = &a.channel[0];
        let opts = crate::server::poll::poll_options(c, channel).map_err(|e| {
            Failure::usage(format!(
                "--channel {channel:?}: not a shared poll channel in {path} ({}, code {})",
                e.message, e.code
            ))
        })?;
        opts.proxy_name.clone()
    };
    Ok((
        proxy_name(&name).to_string(),
        named(c, path, &name, default, default_key)?,
    ))
}

fn channel_proxy(
    c: &Config,
    path: &str,
    kind: Kind,
    a: &ProxyCheckArgs,
    notes: &mut Vec<String>,
) -> Result<(String, ProxyConfig), Failure> {
    let defaults = &c.channel.proxy;
    let (default, default_key, field) = match kind {
        Kind::Subscribe => (
            &defaults.subscribe,
            "channel.proxy.subscribe",
            "subscribe_proxy_enabled",
        ),
        Kind::Publish => (
            &defaults.publish,
            "channel.proxy.publish",
            "publish_proxy_enabled",
        ),
        _ => (
            &defaults.sub_refresh,
            "channel.proxy.sub_refresh",
            "sub_refresh_proxy_enabled",
        ),
    };
    if let Some(n) = &a.proxy {
        return Ok((
            proxy_name(n).to_string(),
            named(c, path, n, default, default_key)?,
        ));
    }
    let channel = &a.channel[0];
    let resolved = crate::server::permissions::resolve(c, channel).map_err(|e| {
        Failure::usage(format!(
            "--channel {channel:?}: {} (code {}) in {path}: the server refuses it before asking a proxy",
            e.message, e.code
        ))
    })?;
    let opts = resolved.options;
    let (on, pname) = match kind {
        Kind::Subscribe => (opts.subscribe_proxy_enabled, &opts.subscribe_proxy_name),
        Kind::Publish => (opts.publish_proxy_enabled, &opts.publish_proxy_name),
        _ => (opts.sub_refresh_proxy_enabled, &opts.sub_refresh_proxy_name),
    };
    let name = if on {
        pname.as_str()
    } else {
        let ns = if resolved.namespace.is_empty() {
            "channel.without_namespace".to_string()
        } else {
            format!("namespace {:?}", resolved.namespace)
        };
        notes.push(format!(
            "{ns} does not set {field}: the server would not ask a proxy about {channel:?} \
             (checking {default_key} anyway)"
        ));
        DEFAULT_PROXY
    };
    Ok((
        proxy_name(name).to_string(),
        named(c, path, name, default, default_key)?,
    ))
}

/// An RPC method's proxy: `--proxy`, else its rpc namespace's, else `rpc.proxy`.
fn rpc_proxy(
    c: &Config,
    path: &str,
    a: &ProxyCheckArgs,
    notes: &mut Vec<String>,
) -> Result<(String, ProxyConfig), Failure> {
    let default = &c.rpc.proxy;
    if let Some(n) = &a.proxy {
        return Ok((
            proxy_name(n).to_string(),
            named(c, path, n, default, "rpc.proxy")?,
        ));
    }
    let method = a.method.as_deref().unwrap_or("");
    let o = c.rpc_options(method).ok_or_else(|| {
        Failure::usage(format!(
            "--method {method:?}: no rpc namespace in {path} (rpc.namespaces) serves it"
        ))
    })?;
    let name = if o.proxy_enabled {
        o.proxy_name.as_str()
    } else {
        let ns = if o.name.is_empty() {
            "rpc.without_namespace".to_string()
        } else {
            format!("rpc namespace {:?}", o.name)
        };
        notes.push(format!(
            "{ns} does not set proxy_enabled: the server would not ask a proxy about method \
             {method:?} (checking rpc.proxy anyway)"
        ));
        DEFAULT_PROXY
    };
    Ok((
        proxy_name(name).to_string(),
        named(c, path, name, default, "rpc.proxy")?,
    ))
}

/// The proxy the server at `path` would ask.
fn from_config(path: &str, kind: Kind, a: &ProxyCheckArgs) -> Result<Chosen, Failure> {
    let env: HashMap<String, String> = std::env::vars().collect();
    let loaded = crate::server::config::load_file(path, &env)
        .map_err(|e| Failure::usage(format!("{path}: {e}")))?;
    let c = &loaded.config;
    let mut notes = Vec::new();
    let (name, cfg) = match kind {
        Kind::Connect | Kind::Refresh => {
            let (key, p) = if kind == Kind::Connect {
                ("client.proxy.connect", &c.client.proxy.connect)
            } else {
                ("client.proxy.refresh", &c.client.proxy.refresh)
            };
            if a.proxy
                .as_deref()
                .is_some_and(|n| proxy_name(n) != DEFAULT_PROXY)
            {
                return Err(Failure::usage(format!(
                    "--proxy: {} always asks {key}; named proxies serve subscribe, publish, \
                     sub_refresh and rpc",
                    kind.name()
                )));
            }
            if p.endpoint.is_empty() {
                return Err(Failure::usage(format!("{path}: {key}.endpoint is not set"))
                    .hint("set it (with enabled: true), or pass --endpoint URL"));
            }
            if !p.enabled {
                notes.push(format!(
                    "{key}.enabled is false: the server does not ask this proxy (checking it \
                     anyway)"
                ));
            }
            (DEFAULT_PROXY.to_string(), p.clone())
        }
        Kind::Rpc => rpc_proxy(c, path, a, &mut notes)?,
        Kind::SharedPollRefresh => poll_proxy(c, path, a)?,
        _ => channel_proxy(c, path, kind, a, &mut notes)?,
    };
    for (h, _) in &a.headers {
        if !cfg.http_headers.iter().any(|l| l.eq_ignore_ascii_case(h)) {
            notes.push(format!(
                "--header {h} is not forwarded: the proxy's http_headers does not list it"
            ));
        }
    }
    if a.meta.is_some() && kind != Kind::Connect && !cfg.include_connection_meta {
        notes.push("--meta is not sent: the proxy's include_connection_meta is off".into());
    }
    Ok(Chosen {
        name: Some(name),
        cfg,
        notes,
    })
}

/// The proxy to ask, with the flags that override its config.
fn choose(ctx: &Ctx, kind: Kind, a: &ProxyCheckArgs) -> Result<Chosen, Failure> {
    let mut chosen = match (&a.endpoint, &a.config) {
        (Some(ep), _) => from_endpoint(ep, a)?,
        (None, Some(path)) => from_config(path, kind, a)?,
        (None, None) => {
            return Err(Failure::usage("pass --endpoint URL or --config FILE"));
        }
    };
    if let Some(t) = ctx.global.timeout {
        if t.is_zero() {
            return Err(Failure::usage("--timeout must be positive"));
        }
        chosen.cfg.timeout = Dur {
            value: t,
            negative: false,
        };
    }
    if a.binary_encoding {
        chosen.cfg.binary_encoding = true;
    }
    if kind == Kind::Connect && a.meta.is_some() {
        chosen
            .notes
            .push("--meta is not sent: a connect request has no meta".into());
    }
    Ok(chosen)
}

/// The client's data: `--data` (JSON) or `--b64data` (any bytes), checked against what the
/// proxy can carry.
fn client_data(a: &ProxyCheckArgs, cfg: &ProxyConfig) -> Result<Vec<u8>, Failure> {
    if let Some(d) = &a.data {
        let text = read_data(Some(d))?;
        parse_json(&text, "--data")?;
        return Ok(text.into_bytes());
    }
    let Some(b) = &a.b64data else {
        return Ok(Vec::new());
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b.trim())
        .map_err(|e| Failure::usage(format!("--b64data is not base64: {e}")))?;
    let json = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok();
    if !json && !cfg.binary_encoding && !cfg.is_grpc() && !bytes.is_empty() {
        return Err(Failure::usage(
            "--b64data: the bytes are not JSON, and an HTTP proxy without binary_encoding \
             embeds data as JSON",
        )
        .hint("pass --binary-encoding (the server needs binary_encoding on the proxy too)"));
    }
    Ok(bytes)
}

/// A call that failed.
#[derive(Debug, Clone, Serialize)]
struct Failed {
    /// `timeout`, `unreachable`, `status` or `garbage`.
    class: &'static str,
    message: String,
}

/// What `proxy check` prints.
#[derive(Debug, Serialize)]
struct Report {
    /// The proxy's name in the config; null with --endpoint.
    proxy: Option<String>,
    endpoint: String,
    /// The kind of call.
    #[serde(rename = "type")]
    kind: &'static str,
    /// `http` or `grpc`.
    proxy_protocol: &'static str,
    request: Value,
    /// The backend's response (`{"result":..}`, `{"error":..}`, `{"disconnect":..}`, `{}`
    /// for none); null when the call failed.
    response: Value,
    latency_ms: f64,
    allowed: bool,
    decision: String,
    /// What the client would get.
    client: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failed>,
}

/// `v` as JSON; bytes that are not JSON (data a GRPC request or result may carry) are said,
/// not shown.
fn json_of<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_else(|e| json!({ "unrepresentable": e.to_string() }))
}

fn report<R: Serialize + ResultFields>(chosen: &Chosen, request: Value, call: &Call<R>) -> Report {
    let v = verdict::of(call.proxy.kind, call);
    let response = match &call.outcome {
        Ok(Answer::Result(Some(r))) => json!({ "result": json_of(r) }),
        Ok(Answer::Result(None)) => json!({}),
        Ok(Answer::Error(e)) => json!({ "error": e }),
        Ok(Answer::Disconnect(d)) => json!({ "disconnect": d }),
        Err(_) => Value::Null,
    };
    let error = call.outcome.as_ref().err().map(|e| Failed {
        class: match e {
            CallError::Timeout => "timeout",
            CallError::Unreachable(_) => "unreachable",
            CallError::Status(_) => "status",
            CallError::Garbage(_) => "garbage",
        },
        message: e.to_string(),
    });
    Report {
        proxy: chosen.name.clone(),
        endpoint: call.proxy.cfg.endpoint.clone(),
        kind: call.proxy.kind.name(),
        proxy_protocol: call.proxy.protocol(),
        request,
        response,
        latency_ms: (call.elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0,
        allowed: v.allowed,
        decision: v.decision,
        client: v.client,
        error,
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// The human form: where, how long, the verdict, then the request, the response and what the
/// client gets.
fn render(r: &Report) -> String {
    let mut s = String::new();
    let proxy = r
        .proxy
        .as_deref()
        .map_or(String::new(), |n| format!(", proxy {n:?}"));
    let _ = writeln!(
        s,
        "{} proxy at {} ({}{proxy}): {:.1} ms",
        r.kind, r.endpoint, r.proxy_protocol, r.latency_ms
    );
    let word = match (&r.error, r.allowed) {
        (Some(_), _) => "FAILED",
        (None, true) => "ALLOWED",
        (None, false) => "DENIED",
    };
    let _ = writeln!(s, "{word}: {}", r.decision);
    let _ = writeln!(s, "\nrequest:\n{}", pretty(&r.request));
    if let Some(e) = &r.error {
        let _ = writeln!(s, "\nresponse: none ({})", e.message);
    } else {
        let _ = writeln!(s, "\nresponse:\n{}", pretty(&r.response));
    }
    if !r.client.is_null() {
        let _ = writeln!(s, "\nthe client gets:\n{}", pretty(&r.client));
    }
    s
}

/// The failure a failed call exits with: 6 when the backend could not be asked in time, 1
/// when it answered something that is not a proxy response.
fn failure(r: &Report, e: &Failed, timeout: &Dur) -> Failure {
    let at = format!("{} proxy at {}", r.kind, r.endpoint);
    match e.class {
        "timeout" => Failure::new(
            Class::Unreachable,
            format!("{at}: no answer within {timeout}"),
        )
        .hint("is the backend slow or stuck? --timeout raises the wait; the server waits the proxy's timeout"),
        "unreachable" => Failure::new(Class::Unreachable, format!("{at}: {}", e.message))
            .hint("is the backend running and listening there?"),
        "status" => Failure::new(Class::Other, format!("{at}: bad status: {}", e.message)).hint(
            if r.proxy_protocol == "grpc" {
                "a backend answers OK with a response message, an error or a disconnect in it"
            } else {
                "a backend answers 200 with a JSON body (or map the status to an error or a disconnect with http.status_to_code_transforms)"
            },
        ),
        _ => Failure::new(Class::Other, format!("{at}: garbage: {}", e.message)).hint(
            r#"a proxy response is {"result":{..}}, {"error":{"code":..,"message":..}} or {"disconnect":{"code":..,"reason":..}}"#,
        ),
    }
}

pub async fn run(ctx: &Ctx, a: &ProxyCheckArgs) -> Result<ExitCode, Failure> {
    let kind = kind_of(a.kind);
    check_flags(kind, a)?;
    let chosen = choose(ctx, kind, a)?;
    let data = client_data(a, &chosen.cfg)?;
    let meta = match &a.meta {
        Some(m) => {
            let text = read_data(Some(m))?;
            parse_json(&text, "--meta")?;
            Some(text.into_bytes())
        }
        None => None,
    };
    for n in &chosen.notes {
        ctx.out.notice(&format!("note: {n}"));
    }
    let proxy = Arc::new(
        Proxy::new(
            chosen.name.as_deref().unwrap_or("endpoint"),
            kind,
            &chosen.cfg,
            None,
        )
        .map_err(|e| Failure::new(Class::Other, format!("proxy: {e}")))?,
    );
    let labels: BTreeMap<String, String> = a.labels.iter().cloned().collect();
    let client = a
        .client
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let who = Who {
        client: &client,
        transport: &a.transport,
        protocol: match a.protocol {
            ClientProtocol::Json => "json",
            ClientProtocol::Protobuf => "protobuf",
        },
        user: a.user.as_deref().unwrap_or(""),
        meta: meta.as_deref(),
        labels: &labels,
    };
    let channel = a.channel.first().map_or("", String::as_str);
    let p = &proxy;
    // `build` makes the request for some data: the one sent carries the client's; when that is
    // not JSON (bytes to a GRPC proxy), the one shown carries none, and the data as base64.
    macro_rules! ask {
        ($resp:ty, $build:expr) => {{
            let build = $build;
            let req = build(&data[..]);
            let call = p.call::<_, $resp>(&req, &a.headers).await;
            let shown = serde_json::to_value(&req).unwrap_or_else(|_| {
                let mut v = json_of(&build(&[][..]));
                v["data_base64"] =
                    Value::from(base64::engine::general_purpose::STANDARD.encode(&data));
                v
            });
            report(&chosen, shown, &call)
        }};
    }
    let r = match kind {
        Kind::Connect => ask!(wire::ConnectResponse, |d: &[u8]| request::connect(
            p,
            &who,
            d,
            a.name.as_deref().unwrap_or(""),
            a.version.as_deref().unwrap_or(""),
            a.channel.clone(),
        )),
        Kind::Refresh => ask!(wire::RefreshResponse, |_: &[u8]| request::refresh(p, &who)),
        Kind::Subscribe => ask!(wire::SubscribeResponse, |d: &[u8]| request::subscribe(
            p,
            &who,
            channel,
            a.token.as_deref().unwrap_or(""),
            d
        )),
        Kind::Publish => ask!(wire::PublishResponse, |d: &[u8]| request::publish(
            p, &who, channel, d
        )),
        Kind::SubRefresh => ask!(wire::SubRefreshResponse, |_: &[u8]| {
            request::sub_refresh(p, &who, channel)
        }),
        Kind::Rpc => ask!(wire::RpcResponse, |d: &[u8]| request::rpc(
            p,
            &who,
            a.method.as_deref().unwrap_or(""),
            d
        )),
        Kind::SharedPollRefresh => {
            use crate::server::poll::wire as poll;
            ask!(poll::RefreshResponse, |_: &[u8]| poll::RefreshRequest {
                channel: channel.to_string(),
                items: a
                    .keys
                    .iter()
                    .map(|(key, version)| poll::RefreshItem {
                        key: key.clone(),
                        version: *version,
                    })
                    .collect(),
            })
        }
    };
    ctx.out.emit(&r, || render(&r)).map_err(io)?;
    if let Some(e) = &r.error {
        return Err(failure(&r, e, &chosen.cfg.timeout));
    }
    Ok(if r.allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(Class::Verdict.exit_code())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command, ProxyCmd};

    fn args(argv: &[&str]) -> ProxyCheckArgs {
        let mut full = vec!["centri", "proxy", "check"];
        full.extend_from_slice(argv);
        match Cli::try_parse_from(full).unwrap().command {
            Command::Proxy(ProxyCmd::Check(a)) => *a,
            other => panic!("{other:?}"),
        }
    }

    fn usage(argv: &[&str]) -> String {
        let a = args(argv);
        let e = check_flags(kind_of(a.kind), &a).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        e.message
    }

    #[test]
    fn each_kind_takes_its_flags() {
        fn with<'a>(more: &[&'a str]) -> Vec<&'a str> {
            [
                &more[..1],
                &["--endpoint", "http://127.0.0.1:1/x"][..],
                &more[1..],
            ]
            .concat()
        }
        assert!(usage(&with(&["subscribe"])).contains("needs --channel"));
        assert!(usage(&with(&["publish", "-c", "a", "-c", "b"])).starts_with("--channel"));
        assert!(usage(&with(&["connect", "--user", "42"])).starts_with("--user"));
        assert!(usage(&with(&["rpc", "--channel", "a"])).starts_with("--channel"));
        assert!(usage(&with(&["subscribe", "-c", "a", "--method", "m"])).starts_with("--method"));
        assert!(usage(&with(&["refresh", "--data", "{}"])).starts_with("--data"));
        assert!(
            usage(&with(&["sub_refresh", "-c", "a", "--b64data", "AA=="])).starts_with("--b64data")
        );
        assert!(usage(&with(&["publish", "-c", "a", "--token", "t"])).starts_with("--token"));
        assert!(usage(&with(&["rpc", "--version", "1"])).starts_with("--version"));
        for ok in [
            with(&["connect", "--name", "app", "--version", "1", "-c", "news"]),
            with(&["subscribe", "-c", "a", "--token", "t", "--data", "{}"]),
            with(&["rpc", "--method", "m", "--user", "42"]),
            with(&["sub-refresh", "-c", "a"]),
            with(&["refresh", "--user", "42"]),
        ] {
            let a = args(&ok);
            check_flags(kind_of(a.kind), &a).unwrap();
        }
    }

    #[test]
    fn an_endpoint_is_checked_and_forwards_every_header() {
        let a = args(&[
            "rpc",
            "--endpoint",
            "grpc://127.0.0.1:9",
            "-H",
            "X-A: 1",
            "--meta",
            "{}",
        ]);
        let c = from_endpoint(a.endpoint.as_deref().unwrap(), &a).unwrap();
        assert_eq!(c.cfg.http_headers, ["X-A"]);
        assert!(c.cfg.include_connection_meta);
        assert!(c.cfg.is_grpc());
        let a = args(&["rpc", "--endpoint", "grpc://nohost"]);
        let e = from_endpoint(a.endpoint.as_deref().unwrap(), &a).unwrap_err();
        assert!(e.message.starts_with("--endpoint"), "{}", e.message);
    }

    #[test]
    fn data_must_fit_the_proxy() {
        let http = ProxyConfig {
            endpoint: "http://127.0.0.1:1/x".into(),
            ..ProxyConfig::default()
        };
        let a = args(&["rpc", "--endpoint", "http://x/y", "--data", "{nope"]);
        assert!(client_data(&a, &http)
            .unwrap_err()
            .message
            .starts_with("--data"));
        let a = args(&["rpc", "--endpoint", "http://x/y", "--data", r#"{"a":1}"#]);
        assert_eq!(client_data(&a, &http).unwrap(), br#"{"a":1}"#);
        // bytes that are not JSON need binary encoding over HTTP, not over GRPC
        let a = args(&["rpc", "--endpoint", "http://x/y", "--b64data", "/wA="]);
        assert!(client_data(&a, &http)
            .unwrap_err()
            .message
            .starts_with("--b64data"));
        let binary = ProxyConfig {
            binary_encoding: true,
            ..http.clone()
        };
        assert_eq!(client_data(&a, &binary).unwrap(), [0xff, 0x00]);
        let grpc = ProxyConfig {
            endpoint: "grpc://127.0.0.1:1".into(),
            ..ProxyConfig::default()
        };
        assert_eq!(client_data(&a, &grpc).unwrap(), [0xff, 0x00]);
        let a = args(&["rpc", "--endpoint", "http://x/y", "--b64data", "%%%"]);
        assert!(client_data(&a, &http)
            .unwrap_err()
            .message
            .starts_with("--b64data"));
    }
}

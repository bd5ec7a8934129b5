//! `centri proxy check` through the real binary against the real test backend
//! ([`super::proxy_backend`]): the JSON report and its exit codes (0 allowed, 8 denied by an
//! error, a disconnect or an expiry, 6 refused or timed out, 1 a bad status or garbage, 2 bad
//! flags), a GRPC endpoint, and proxies taken from a server config (the namespace's, a named
//! one, `client.proxy.connect`) with the config's header list.

use serde_json::{json, Value};

use super::proxy_backend::{refused, Backend, Protocol, Reply};
use super::util::{centri_env, fresh_dir};

/// Runs `centri ARGS` off the runtime, so the backend keeps serving while it waits.
async fn centri(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(ToString::to_string).collect();
    tokio::task::spawn_blocking(move || {
        let home = fresh_dir("proxy-cli");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        centri_env(&home, &args, &[])
    })
    .await
    .unwrap()
}

/// `centri proxy check ARGS -o json`: (exit code, the report, stderr).
async fn check(args: &[&str]) -> (i32, Value, String) {
    let mut full = vec!["proxy", "check"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["-o", "json"]);
    let (code, out, err) = centri(&full).await;
    let report = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, report, err)
}

#[tokio::test]
async fn an_allowed_connect_reports_the_request_the_response_and_the_verdict() {
    let backend = Backend::start().await;
    let ep = backend.http("connect");
    let (code, r, err) = check(&[
        "connect",
        "--endpoint",
        &ep,
        "--data",
        r#"{"user":"42"}"#,
        "--client",
        "cid-1",
        "--name",
        "app",
        "--version",
        "1.2",
        "-c",
        "news",
        "-H",
        "Authorization: Bearer t",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["proxy"], Value::Null);
    assert_eq!(r["endpoint"], ep);
    assert_eq!(r["type"], "connect");
    assert_eq!(r["proxy_protocol"], "http");
    assert_eq!(r["allowed"], true);
    assert!(
        r["decision"].as_str().unwrap().contains("\"42\""),
        "{}",
        r["decision"]
    );
    assert_eq!(r["response"], json!({"result": {"user": "42"}}));
    assert_eq!(r["client"], json!({"result": {"user": "42"}}));
    assert!(r["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(r.get("error").is_none());
    // what the report says was sent is what the backend got
    let call = backend.only_call();
    assert_eq!(call.request, r["request"]);
    assert_eq!(
        call.request,
        json!({"client": "cid-1", "transport": "websocket", "protocol": "json",
               "encoding": "json", "data": {"user": "42"}, "name": "app", "version": "1.2",
               "channels": ["news"]})
    );
    // with --endpoint every --header goes
    assert_eq!(call.header("authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn a_human_report_names_the_verdict_and_shows_both_documents() {
    let backend = Backend::start().await;
    let ep = backend.http("rpc");
    backend.set("rpc", Reply::result(json!({"data": {"balance": 7}})));
    let (code, out, err) = centri(&[
        "proxy",
        "check",
        "rpc",
        "--endpoint",
        &ep,
        "--method",
        "balance",
        "-u",
        "42",
        "-o",
        "table",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ALLOWED: answered"), "{out}");
    assert!(
        out.contains("request:") && out.contains("\"method\": \"balance\""),
        "{out}"
    );
    assert!(
        out.contains("response:") && out.contains("\"balance\": 7"),
        "{out}"
    );
}

#[tokio::test]
async fn the_backends_error_or_disconnect_is_a_denial() {
    let backend = Backend::start().await;
    let ep = backend.http("subscribe");
    let sub = ["subscribe", "--endpoint", &ep, "-u", "42", "-c", "chat:1"];

    backend.set("subscribe", Reply::error(1000, "not a member"));
    let (code, r, err) = check(&sub).await;
    assert_eq!(code, 8, "{err}");
    assert_eq!(r["allowed"], false);
    assert_eq!(
        r["response"],
        json!({"error": {"code": 1000, "message": "not a member"}})
    );
    assert_eq!(r["client"]["error"]["code"], 1000);
    assert!(r["decision"].as_str().unwrap().starts_with("denied"));

    backend.set("subscribe", Reply::disconnect(4501, "go away"));
    let (code, r, err) = check(&sub).await;
    assert_eq!(code, 8, "{err}");
    assert_eq!(
        r["response"],
        json!({"disconnect": {"code": 4501, "reason": "go away"}})
    );

    // an expired refresh and a connect without a result are denials too
    backend.set("refresh", Reply::result(json!({"expired": true})));
    let (code, r, _) = check(&[
        "refresh",
        "--endpoint",
        &backend.http("refresh"),
        "-u",
        "42",
    ])
    .await;
    assert_eq!((code, &r["allowed"]), (8, &json!(false)));
    backend.set("connect", Reply::Json(json!({})));
    let (code, r, _) = check(&["connect", "--endpoint", &backend.http("connect")]).await;
    assert_eq!((code, &r["response"]), (8, &json!({})));
    assert_eq!(backend.calls().len(), 4);
}

#[tokio::test]
async fn refused_and_timed_out_calls_exit_6() {
    let nothing = refused();
    for protocol in Protocol::BOTH {
        let ep = nothing.endpoint(protocol, "publish");
        let (code, r, err) = check(&["publish", "--endpoint", &ep, "-c", "a"]).await;
        assert_eq!(code, 6, "{protocol:?}: {err}");
        assert_eq!(r["error"]["class"], "unreachable");
        assert!(err.contains("unreachable"), "{err}");
    }
    let backend = Backend::start().await;
    backend.set_all(&Reply::delay(
        std::time::Duration::from_secs(60),
        Reply::result(json!({})),
    ));
    for protocol in Protocol::BOTH {
        let ep = backend.endpoint(protocol, "publish");
        let (code, r, err) = check(&[
            "publish",
            "--endpoint",
            &ep,
            "-c",
            "a",
            "--timeout",
            "300ms",
        ])
        .await;
        assert_eq!(code, 6, "{protocol:?}: {err}");
        assert_eq!(r["error"]["class"], "timeout");
        assert!(err.contains("no answer within 300ms"), "{err}");
    }
    // both reached the backend: timeouts, not refusals
    backend.wait_calls("publish", 2).await;
}

#[tokio::test]
async fn garbage_and_bad_statuses_exit_1_and_say_which() {
    let backend = Backend::start().await;
    for protocol in Protocol::BOTH {
        let ep = backend.endpoint(protocol, "rpc");
        backend.set("rpc", Reply::Garbage);
        let (code, r, err) = check(&["rpc", "--endpoint", &ep]).await;
        assert_eq!(code, 1, "{protocol:?}: {err}");
        assert_eq!(r["error"]["class"], "garbage");
        assert!(err.contains("garbage"), "{err}");

        backend.set("rpc", Reply::Status(500));
        let (code, r, err) = check(&["rpc", "--endpoint", &ep]).await;
        assert_eq!(code, 1, "{protocol:?}: {err}");
        assert_eq!(r["error"]["class"], "status");
        assert!(err.contains("bad status"), "{err}");
    }
}

#[tokio::test]
async fn a_grpc_endpoint_gets_the_same_request_as_protobuf() {
    let backend = Backend::start().await;
    backend.set(
        "publish",
        Reply::with(|req| json!({"result": {"data": {"checked": req["data"]}}})),
    );
    let ep = backend.grpc();
    let (code, r, err) = check(&[
        "publish",
        "--endpoint",
        &ep,
        "-u",
        "42",
        "-c",
        "chat:1",
        "--data",
        r#"{"text":"hi"}"#,
        "--meta",
        r#"{"tier":"gold"}"#,
        "--label",
        "region=eu",
        "-H",
        "X-Tenant: t1",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["proxy_protocol"], "grpc");
    assert_eq!(
        r["response"]["result"]["data"],
        json!({"checked": {"text": "hi"}})
    );
    assert!(r["decision"].as_str().unwrap().contains("instead"));
    let call = backend.only_call();
    assert_eq!(call.protocol, Protocol::Grpc);
    assert_eq!(call.request, r["request"]);
    assert_eq!(call.request["meta"], json!({"tier": "gold"}));
    assert_eq!(call.request["labels"], json!({"region": "eu"}));
    assert_eq!(call.header("x-tenant"), Some("t1"));

    // binary data goes as b64data with --binary-encoding
    backend.clear_calls();
    let (code, _, err) = check(&[
        "rpc",
        "--endpoint",
        &ep,
        "--b64data",
        "/wA=",
        "--binary-encoding",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    let call = backend.only_call();
    assert_eq!(call.request["b64data"], "/wA=");
    assert_eq!(call.request["encoding"], "binary");
}

/// A config file: connect on the backend's HTTP side, a named GRPC proxy `billing` for the
/// rpc namespace `billing`, a named HTTP proxy `auth` for the `chat` namespace's subscribes,
/// forwarding only `Authorization`.
fn config_file(backend: &Backend) -> String {
    let cfg = json!({
        "client": {"proxy": {"connect":
            backend.proxy_json(Protocol::Http, "connect", &json!({"enabled": true}))}},
        "proxies": [
            backend.proxy_json(Protocol::Grpc, "rpc",
                &json!({"name": "billing", "timeout": "2s", "include_connection_meta": true})),
            backend.proxy_json(Protocol::Http, "subscribe",
                &json!({"name": "auth", "http_headers": ["Authorization"]}))
        ],
        "channel": {"namespaces": [
            {"name": "chat", "subscribe_proxy_enabled": true, "subscribe_proxy_name": "auth"},
            {"name": "open"}
        ]},
        "rpc": {"namespaces": [{"name": "billing", "proxy_enabled": true, "proxy_name": "billing"}]}
    });
    let path = fresh_dir("proxy-config").join("config.json");
    std::fs::write(&path, cfg.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_config_gives_the_proxy_the_server_would_ask() {
    let backend = Backend::start().await;
    let file = config_file(&backend);

    // the rpc namespace's named proxy, over GRPC, with the connection meta
    let (code, r, err) = check(&[
        "rpc",
        "--config",
        &file,
        "--method",
        "billing:balance",
        "-u",
        "42",
        "--meta",
        r#"{"plan":"pro"}"#,
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["proxy"], "billing");
    assert_eq!(r["endpoint"], backend.grpc());
    let call = backend.only_call();
    assert_eq!((call.kind.as_str(), call.protocol), ("rpc", Protocol::Grpc));
    assert_eq!(call.request["method"], "billing:balance");
    assert_eq!(call.request["meta"], json!({"plan": "pro"}));
    backend.clear_calls();

    // the same proxy by name
    let (code, r, err) = check(&["rpc", "--config", &file, "--proxy", "billing"]).await;
    assert_eq!((code, &r["proxy"]), (0, &json!("billing")), "{err}");
    backend.clear_calls();

    // the chat namespace's subscribe proxy, forwarding only the listed header
    let (code, r, err) = check(&[
        "subscribe",
        "--config",
        &file,
        "-u",
        "42",
        "-c",
        "chat:room",
        "-H",
        "authorization: Bearer t",
        "-H",
        "X-Other: 1",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(r["proxy"], "auth");
    assert!(err.contains("--header X-Other is not forwarded"), "{err}");
    let call = backend.only_call();
    assert_eq!(call.header("authorization"), Some("Bearer t"));
    assert_eq!(call.header("x-other"), None);
    backend.clear_calls();

    // connect: client.proxy.connect
    let (code, r, err) = check(&["connect", "--config", &file]).await;
    assert_eq!((code, &r["proxy"]), (0, &json!("default")), "{err}");
    assert_eq!(r["endpoint"], backend.http("connect"));
    backend.clear_calls();

    // a namespace without a subscribe proxy, and no default: nothing to ask
    let (code, _, err) = check(&["subscribe", "--config", &file, "-c", "open:1"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("channel.proxy.subscribe.endpoint is not set"),
        "{err}"
    );
    let (code, _, err) = check(&["rpc", "--config", &file, "--proxy", "nope"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no proxy named \\\"nope\\\""), "{err}");
    assert!(backend.calls().is_empty());
}

#[tokio::test]
async fn bad_flags_exit_2_and_name_the_flag() {
    let backend = Backend::start().await;
    let ep = backend.http("subscribe");
    let (code, _, err) = check(&["subscribe", "--endpoint", &ep]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--channel"), "{err}");
    let (code, _, err) = check(&["publish", "--endpoint", &ep, "-c", "a", "--data", "{oops"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--data is not valid JSON"), "{err}");
    let (code, _, err) = check(&["rpc", "--endpoint", "ftp://x"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--endpoint"), "{err}");
    let (code, _, err) = check(&["rpc"]).await;
    assert_eq!(code, 2, "neither --endpoint nor --config: {err}");
    let (code, _, err) = check(&["rpc", "--endpoint", &ep, "-H", "no colon"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--header"), "{err}");
    assert!(backend.calls().is_empty(), "nothing was sent");
}

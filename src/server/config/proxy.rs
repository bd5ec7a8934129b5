//! The proxy part of the config, in Centrifugo v6's schema (`internal/configtypes`):
//! `client.proxy.{connect,refresh}`, the default channel proxies
//! `channel.proxy.{subscribe,publish,sub_refresh}`, `rpc.proxy` with rpc namespaces, and the
//! named `proxies` list that namespaces reference by `*_proxy_name`. Validation of every
//! reference and endpoint lives here too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{invalid, Config, ConfigError, Dur, NamespaceOptions};

/// One proxy: where the backend is and what each request carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyConfig {
    /// Only in the `proxies` list: the name namespaces refer to.
    pub name: String,
    /// Only for `client.proxy.connect` and `client.proxy.refresh`.
    pub enabled: bool,
    /// `http(s)://...` (JSON over HTTP POST) or `grpc://host:port`.
    pub endpoint: String,
    pub timeout: Dur,
    /// Headers of the client's HTTP request (the WebSocket upgrade, the stream request) to
    /// forward; as GRPC metadata for a GRPC proxy.
    pub http_headers: Vec<String>,
    /// GRPC metadata keys to forward (centri takes no GRPC clients: accepted, never present).
    pub grpc_metadata: Vec<String>,
    /// Data travels as base64 (`b64data`) instead of embedded JSON.
    pub binary_encoding: bool,
    /// The connection's `meta` (from the token or the connect proxy) rides along.
    pub include_connection_meta: bool,
    pub http: ProxyHttp,
    pub grpc: ProxyGrpc,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        Self {
            name: String::new(),
            enabled: false,
            endpoint: String::new(),
            timeout: Dur::secs(1),
            http_headers: Vec::new(),
            grpc_metadata: Vec::new(),
            binary_encoding: false,
            include_connection_meta: false,
            http: ProxyHttp::default(),
            grpc: ProxyGrpc::default(),
        }
    }
}

impl ProxyConfig {
    pub fn is_grpc(&self) -> bool {
        self.endpoint.starts_with("grpc://")
    }
}

/// `http`: options of an HTTP proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyHttp {
    /// Sent with every request; a forwarded header of the same name wins.
    pub static_headers: BTreeMap<String, String>,
    /// A backend's HTTP status turned into an error or a disconnect for the client.
    pub status_to_code_transforms: Vec<StatusTransform>,
}

/// One `status_to_code_transforms` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusTransform {
    pub status_code: u16,
    pub to_error: TransformError,
    pub to_disconnect: TransformDisconnect,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransformError {
    pub code: u32,
    pub message: String,
    pub temporary: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransformDisconnect {
    pub code: u32,
    pub reason: String,
}

/// `grpc`: options of a GRPC proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyGrpc {
    /// A per-call credential: metadata `credentials_key: credentials_value`.
    pub credentials_key: String,
    pub credentials_value: String,
    /// Sent with every call; forwarded metadata of the same key wins.
    pub static_metadata: BTreeMap<String, String>,
}

/// `client.proxy`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientProxies {
    pub connect: ProxyConfig,
    pub refresh: ProxyConfig,
}

/// `rpc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcConfig {
    /// The default RPC proxy (`proxy_name` `"default"`).
    pub proxy: ProxyConfig,
    pub without_namespace: RpcOptions,
    pub namespaces: Vec<RpcOptions>,
    /// Splits `ns:method` into the rpc namespace and the method.
    pub namespace_boundary: String,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            proxy: ProxyConfig::default(),
            without_namespace: RpcOptions::default(),
            namespaces: Vec::new(),
            namespace_boundary: ":".into(),
        }
    }
}

/// `rpc.without_namespace` and each of `rpc.namespaces`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcOptions {
    /// Only in `rpc.namespaces`.
    pub name: String,
    pub proxy_enabled: bool,
    /// Empty or `"default"`: `rpc.proxy`.
    pub proxy_name: String,
}

/// Where a channel or RPC operation goes: the default proxy of its kind, or a named one.
pub const DEFAULT_PROXY: &str = "default";

/// The proxy name a `*_proxy_name` value means (empty is the default).
pub fn proxy_name(name: &str) -> &str {
    if name.is_empty() {
        DEFAULT_PROXY
    } else {
        name
    }
}

impl Config {
    /// The proxy `name` (`"default"`: `default`, the default of that kind).
    pub fn named_proxy<'a>(
        &'a self,
        name: &str,
        default: &'a ProxyConfig,
    ) -> Option<&'a ProxyConfig> {
        if proxy_name(name) == DEFAULT_PROXY {
            return (!default.endpoint.is_empty()).then_some(default);
        }
        self.proxies.iter().find(|p| p.name == name)
    }

    /// The rpc options for `method` and the method's namespace name.
    pub fn rpc_options(&self, method: &str) -> Option<&RpcOptions> {
        match method.find(self.rpc.namespace_boundary.as_str()) {
            Some(i) if !self.rpc.namespace_boundary.is_empty() => {
                let ns = &method[..i];
                self.rpc.namespaces.iter().find(|n| n.name == ns)
            }
            _ => Some(&self.rpc.without_namespace),
        }
    }
}

/// Whether `endpoint` is one a proxy can call: `http(s)://` and a URL, or
/// `grpc://host:port`. The reason when it is not.
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let ep = endpoint;
    let ok = ["http://", "https://", "grpc://"]
        .iter()
        .any(|s| ep.strip_prefix(s).is_some_and(|rest| !rest.is_empty()));
    if !ok {
        return Err(format!("{ep:?}: use http://, https:// or grpc://host:port"));
    }
    if let Some(hostport) = ep.strip_prefix("grpc://") {
        if hostport
            .rsplit_once(':')
            .is_none_or(|(_, port)| port.parse::<u16>().is_err())
        {
            return Err(format!("{ep:?}: a GRPC endpoint is grpc://host:port"));
        }
    } else if url::Url::parse(ep).is_err() {
        return Err(format!("{ep:?} is not a URL"));
    }
    Ok(())
}

fn validate_endpoint(key: &str, p: &ProxyConfig) -> Result<(), ConfigError> {
    check_endpoint(&p.endpoint).map_err(|e| invalid(format!("{key}.endpoint"), e))?;
    if !p.timeout.is_positive() {
        return Err(invalid(format!("{key}.timeout"), "must be positive"));
    }
    for (i, t) in p.http.status_to_code_transforms.iter().enumerate() {
        let k = format!("{key}.http.status_to_code_transforms[{i}]");
        if !(100..=599).contains(&t.status_code) {
            return Err(invalid(
                format!("{k}.status_code"),
                "must be an HTTP status",
            ));
        }
        if (t.to_error.code == 0) == (t.to_disconnect.code == 0) {
            return Err(invalid(
                k,
                "set exactly one of to_error.code and to_disconnect.code",
            ));
        }
    }
    // Checked here, so that a call never fails on them (reqwest refuses the request, tonic
    // would drop the entry without a word).
    let pairs = p
        .http
        .static_headers
        .iter()
        .map(|(k, v)| (format!("{key}.http.static_headers"), k, v))
        .chain(
            p.grpc
                .static_metadata
                .iter()
                .map(|(k, v)| (format!("{key}.grpc.static_metadata"), k, v)),
        )
        .chain((!p.grpc.credentials_key.is_empty()).then(|| {
            (
                format!("{key}.grpc.credentials_key"),
                &p.grpc.credentials_key,
                &p.grpc.credentials_value,
            )
        }));
    for (field, name, value) in pairs {
        if http::HeaderName::from_bytes(name.as_bytes()).is_err()
            || name.to_ascii_lowercase().ends_with("-bin")
        {
            return Err(invalid(field, format!("{name:?} is not a header name")));
        }
        if http::HeaderValue::from_str(value).is_err() {
            return Err(invalid(
                field,
                format!("the value of {name:?} is not a header value"),
            ));
        }
    }
    for (i, h) in p.http_headers.iter().enumerate() {
        if http::HeaderName::from_bytes(h.as_bytes()).is_err() {
            return Err(invalid(
                format!("{key}.http_headers[{i}]"),
                format!("{h:?} is not a header name"),
            ));
        }
    }
    Ok(())
}

/// Checks every proxy and every reference to one.
pub(super) fn validate(c: &Config, warnings: &mut Vec<String>) -> Result<(), ConfigError> {
    let mut names = std::collections::HashSet::new();
    for (i, p) in c.proxies.iter().enumerate() {
        let key = format!("proxies[{i}]");
        if p.name.is_empty() || p.name == DEFAULT_PROXY {
            return Err(invalid(
                format!("{key}.name"),
                format!("a named proxy needs a name other than {DEFAULT_PROXY:?}"),
            ));
        }
        if !names.insert(p.name.as_str()) {
            return Err(invalid(
                format!("{key}.name"),
                format!("{:?} is used twice", p.name),
            ));
        }
        validate_endpoint(&key, p)?;
    }
    for (key, p) in [
        ("client.proxy.connect", &c.client.proxy.connect),
        ("client.proxy.refresh", &c.client.proxy.refresh),
    ] {
        if p.enabled {
            validate_endpoint(key, p)?;
        } else if !p.endpoint.is_empty() {
            warnings.push(format!(
                "{key}: an endpoint is set but enabled is false, so the proxy is not used"
            ));
        }
    }
    for (key, p) in [
        ("channel.proxy.subscribe", &c.channel.proxy.subscribe),
        ("channel.proxy.publish", &c.channel.proxy.publish),
        ("channel.proxy.sub_refresh", &c.channel.proxy.sub_refresh),
        (
            "channel.proxy.shared_poll_refresh",
            &c.channel.proxy.shared_poll_refresh,
        ),
        ("rpc.proxy", &c.rpc.proxy),
    ] {
        if !p.endpoint.is_empty() {
            validate_endpoint(key, p)?;
        }
    }
    let namespaces = std::iter::once((
        "channel.without_namespace".to_string(),
        &c.channel.without_namespace,
    ))
    .chain(
        c.channel
            .namespaces
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("channel.namespaces[{i}]"), n)),
    );
    for (key, ns) in namespaces {
        check_namespace(c, &key, ns)?;
    }
    let rpcs = std::iter::once((
        "rpc.without_namespace".to_string(),
        &c.rpc.without_namespace,
    ))
    .chain(
        c.rpc
            .namespaces
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("rpc.namespaces[{i}]"), n)),
    );
    for (i, (key, r)) in rpcs.enumerate() {
        if i > 0 && r.name.is_empty() {
            return Err(invalid(
                format!("{key}.name"),
                "an rpc namespace needs a name",
            ));
        }
        if r.proxy_enabled && c.named_proxy(&r.proxy_name, &c.rpc.proxy).is_none() {
            return Err(invalid(
                format!("{key}.proxy_name"),
                missing(&r.proxy_name, "rpc.proxy"),
            ));
        }
    }
    Ok(())
}

fn missing(name: &str, default_key: &str) -> String {
    if proxy_name(name) == DEFAULT_PROXY {
        format!("the proxy is enabled but {default_key}.endpoint is not set")
    } else {
        format!("no proxy named {name:?} in proxies")
    }
}

fn check_namespace(c: &Config, key: &str, ns: &NamespaceOptions) -> Result<(), ConfigError> {
    let p = &c.channel.proxy;
    for (on, name, default, field, default_key) in [
        (
            ns.subscribe_proxy_enabled,
            &ns.subscribe_proxy_name,
            &p.subscribe,
            "subscribe_proxy_name",
            "channel.proxy.subscribe",
        ),
        (
            ns.publish_proxy_enabled,
            &ns.publish_proxy_name,
            &p.publish,
            "publish_proxy_name",
            "channel.proxy.publish",
        ),
        (
            ns.sub_refresh_proxy_enabled,
            &ns.sub_refresh_proxy_name,
            &p.sub_refresh,
            "sub_refresh_proxy_name",
            "channel.proxy.sub_refresh",
        ),
    ] {
        if on && c.named_proxy(name, default).is_none() {
            return Err(invalid(
                format!("{key}.{field}"),
                missing(name, default_key),
            ));
        }
    }
    if ns.is_shared_poll() {
        let name = &ns.shared_poll.proxy_name;
        let Some(proxy) = c.named_proxy(name, &p.shared_poll_refresh) else {
            return Err(invalid(
                format!("{key}.shared_poll.proxy_name"),
                if proxy_name(name) == DEFAULT_PROXY {
                    "a shared poll channel is polled through a proxy, and                      channel.proxy.shared_poll_refresh.endpoint is not set"
                        .to_string()
                } else {
                    format!("no proxy named {name:?} in proxies")
                },
            ));
        };
        if proxy.is_grpc() {
            return Err(invalid(
                format!("{key}.shared_poll.proxy_name"),
                "shared poll refresh goes over an HTTP proxy in centri: the GRPC messages of                  this call are not in Centrifugo's published proxy.proto",
            ));
        }
    }
    if ns.subscribe_stream_proxy_enabled {
        return Err(invalid(
            format!("{key}.subscribe_stream_proxy_enabled"),
            "subscription streams (an experimental Centrifugo feature) are not supported",
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::server::config::load;
    use std::collections::HashMap;

    fn err(text: &str) -> String {
        load(text, &HashMap::new()).unwrap_err().to_string()
    }

    #[test]
    fn a_good_proxy_config_loads_with_its_defaults() {
        let c = load(
            r#"{"client":{"proxy":{"connect":{"enabled":true,"endpoint":"http://127.0.0.1:9/connect"}}},
                "channel":{"proxy":{"subscribe":{"endpoint":"grpc://127.0.0.1:9","timeout":"300ms"}},
                  "namespaces":[{"name":"chat","subscribe_proxy_enabled":true,
                    "publish_proxy_enabled":true,"publish_proxy_name":"pub"}]},
                "rpc":{"without_namespace":{"proxy_enabled":true,"proxy_name":"pub"},
                  "namespaces":[{"name":"ns","proxy_enabled":false}]},
                "proxies":[{"name":"pub","endpoint":"http://127.0.0.1:9/p",
                  "http":{"static_headers":{"X-A":"1"}}}]}"#,
            &HashMap::new(),
        )
        .unwrap()
        .config;
        assert_eq!(c.client.proxy.connect.timeout.value.as_secs(), 1);
        assert_eq!(c.channel.proxy.subscribe.timeout.value.as_millis(), 300);
        assert!(c.channel.proxy.subscribe.is_grpc());
        assert_eq!(c.rpc_options("ns:m").unwrap().name, "ns");
        assert!(c.rpc_options("other:m").is_none());
        assert!(c.rpc_options("plain").unwrap().proxy_enabled);
        let p = c.named_proxy("pub", &c.channel.proxy.publish).unwrap();
        assert_eq!(p.http.static_headers["X-A"], "1");
    }

    #[test]
    fn every_dangling_or_bad_proxy_is_refused_by_key() {
        let e = err(r#"{"channel":{"without_namespace":{"subscribe_proxy_enabled":true}}}"#);
        assert!(
            e.contains("channel.without_namespace.subscribe_proxy_name"),
            "{e}"
        );
        assert!(e.contains("channel.proxy.subscribe.endpoint"), "{e}");
        let e = err(
            r#"{"channel":{"namespaces":[{"name":"chat","publish_proxy_enabled":true,"publish_proxy_name":"nope"}]}}"#,
        );
        assert!(
            e.contains("channel.namespaces[0].publish_proxy_name"),
            "{e}"
        );
        assert!(e.contains("no proxy named \"nope\""), "{e}");
        let e = err(r#"{"rpc":{"without_namespace":{"proxy_enabled":true}}}"#);
        assert!(e.contains("rpc.without_namespace.proxy_name"), "{e}");
        let e = err(r#"{"client":{"proxy":{"connect":{"enabled":true,"endpoint":"ftp://x"}}}}"#);
        assert!(e.contains("client.proxy.connect.endpoint"), "{e}");
        let e = err(r#"{"proxies":[{"name":"g","endpoint":"grpc://host"}]}"#);
        assert!(
            e.contains("proxies[0].endpoint") && e.contains("grpc://host:port"),
            "{e}"
        );
        let e = err(
            r#"{"proxies":[{"name":"a","endpoint":"http://x/a"},{"name":"a","endpoint":"http://x/b"}]}"#,
        );
        assert!(e.contains("proxies[1].name"), "{e}");
        let e = err(r#"{"proxies":[{"endpoint":"http://x/a"}]}"#);
        assert!(e.contains("proxies[0].name"), "{e}");
        let e = err(
            r#"{"client":{"proxy":{"connect":{"enabled":true,"endpoint":"http://x/c","timeout":"0s"}}}}"#,
        );
        assert!(e.contains("client.proxy.connect.timeout"), "{e}");
        let e = err(
            r#"{"proxies":[{"name":"a","endpoint":"http://x/a","http":{"status_to_code_transforms":[{"status_code":404,"to_error":{"code":1},"to_disconnect":{"code":4000}}]}}]}"#,
        );
        assert!(
            e.contains("proxies[0].http.status_to_code_transforms[0]"),
            "{e}"
        );
        let e = err(r#"{"channel":{"without_namespace":{"subscribe_stream_proxy_enabled":true}}}"#);
        assert!(e.contains("subscribe_stream_proxy_enabled"), "{e}");
    }

    use serde_json::json;

    fn error_of(proxy: &serde_json::Value) -> String {
        let mut p = proxy.clone();
        p["name"] = json!("p");
        let cfg = json!({ "proxies": [p] });
        super::super::load(&cfg.to_string(), &HashMap::<String, String>::new())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn endpoints_are_http_urls_or_grpc_host_port() {
        assert!(super::check_endpoint("http://127.0.0.1:3000/connect").is_ok());
        assert!(super::check_endpoint("https://backend.example/centrifugo").is_ok());
        assert!(super::check_endpoint("grpc://127.0.0.1:10001").is_ok());
        for bad in [
            "",
            "127.0.0.1:80",
            "grpc://host",
            "grpc://host:port",
            "ftp://x",
            "http://",
        ] {
            assert!(super::check_endpoint(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn header_names_and_values_are_checked_at_load() {
        let e = error_of(
            &json!({"endpoint": "http://a/b", "http": {"static_headers": {"bad name": "v"}}}),
        );
        assert!(e.contains("proxies[0].http.static_headers"), "{e}");
        let e = error_of(
            &json!({"endpoint": "http://a/b", "http": {"static_headers": {"x-a": "line\nbreak"}}}),
        );
        assert!(e.contains("not a header value"), "{e}");
        let e = error_of(
            &json!({"endpoint": "grpc://a:1", "grpc": {"static_metadata": {"x-key-bin": "v"}}}),
        );
        assert!(e.contains("proxies[0].grpc.static_metadata"), "{e}");
        let e = error_of(
            &json!({"endpoint": "grpc://a:1", "grpc": {"credentials_key": "bad key", "credentials_value": "v"}}),
        );
        assert!(e.contains("proxies[0].grpc.credentials_key"), "{e}");
        let e = error_of(&json!({"endpoint": "http://a/b", "http_headers": ["ok", "not ok"]}));
        assert!(e.contains("proxies[0].http_headers[1]"), "{e}");
        let mut ok = json!({"endpoint": "grpc://a:1", "http_headers": ["Authorization"],
                            "grpc": {"credentials_key": "authorization", "credentials_value": "Bearer x",
                                     "static_metadata": {"X-Tenant": "t"}}});
        ok["name"] = json!("p");
        let cfg = json!({ "proxies": [ok] });
        super::super::load(&cfg.to_string(), &HashMap::<String, String>::new()).unwrap();
    }
}

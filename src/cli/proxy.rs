//! `centri proxy`: testing an application backend's side of the proxy contract. Clap types and
//! the value parsers of their flags only: no I/O.

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::parse_kv;

/// `centri proxy` commands.
#[derive(Debug, Subcommand)]
pub enum ProxyCmd {
    /// Send a backend the exact request the server would send for one connect, refresh,
    /// subscribe, publish, `sub_refresh`, rpc or shared poll refresh, and show the response, the latency and what the
    /// server would decide. Exit 0 allowed, 8 denied (the backend's error or disconnect, an
    /// expiry, a connect without a result), 6 unreachable or timed out, 1 a bad status or a
    /// body that is no proxy response, 2 bad flags.
    #[command(after_help = CHECK_HELP)]
    Check(Box<ProxyCheckArgs>),
}

const CHECK_HELP: &str = "\
The proxy comes from --endpoint (http(s)://host/path or grpc://host:port), or from
a server config: client.proxy.connect or .refresh, the channel's namespace proxy (or
channel.proxy.*), the rpc namespace's proxy (or rpc.proxy), or the one --proxy names.
With --endpoint every --header is forwarded; with --config only those the proxy's
http_headers lists, as the server does. --timeout overrides the proxy's timeout.

Examples:
  centri proxy check connect --endpoint http://127.0.0.1:3000/connect -d '{\"user\":\"42\"}'
  centri proxy check subscribe --config config.json --user 42 --channel chat:room
  centri proxy check publish --endpoint grpc://127.0.0.1:10001 -u 42 -c chat:1 -d '{}'
  centri proxy check rpc --config config.json --proxy billing --method balance -o json
  centri proxy check refresh --config config.json -u 42 -H 'Authorization: Bearer T'
  centri proxy check shared_poll_refresh --config config.json -c votes:feed -k post_1 -k post_2=7";

/// The kinds of proxy call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProxyKind {
    Connect,
    Refresh,
    Subscribe,
    Publish,
    #[value(name = "sub_refresh", alias = "sub-refresh")]
    SubRefresh,
    Rpc,
    /// A shared poll channel's poll for the data of tracked keys.
    #[value(name = "shared_poll_refresh", alias = "shared-poll-refresh")]
    SharedPollRefresh,
}

/// The client protocol a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClientProtocol {
    Json,
    Protobuf,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["endpoint", "config"])))]
#[command(disable_version_flag = true)]
pub struct ProxyCheckArgs {
    /// What the server would ask.
    #[arg(value_enum)]
    pub kind: ProxyKind,
    /// The backend: `http(s)://host[:port]/path` (JSON over HTTP POST) or `grpc://host:port`.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Take the proxy from this server config file (Centrifugo v6 JSON).
    #[arg(long, value_name = "FILE", conflicts_with = "endpoint")]
    pub config: Option<String>,
    /// With --config: the named proxy (`proxies[].name`) instead of the one the channel's or
    /// method's namespace uses (subscribe, publish, `sub_refresh`, rpc).
    #[arg(long, value_name = "NAME", requires = "config")]
    pub proxy: Option<String>,
    /// The user of the connection (not for connect: the backend names the user).
    #[arg(long, short = 'u')]
    pub user: Option<String>,
    /// The channel (subscribe, publish, `sub_refresh`); for connect, a channel the client asks
    /// to subscribe to (repeatable).
    #[arg(long, short = 'c')]
    pub channel: Vec<String>,
    /// The RPC method (rpc).
    #[arg(long, short = 'm')]
    pub method: Option<String>,
    /// The client's data: JSON, `@file`, or `-` for stdin (connect, subscribe, publish, rpc).
    #[arg(long, short = 'd', value_name = "JSON")]
    pub data: Option<String>,
    /// The client's data as base64, for binary data (a protobuf client's).
    #[arg(long, value_name = "BASE64", conflicts_with = "data")]
    pub b64data: Option<String>,
    /// The subscription token the client sent (subscribe).
    #[arg(long, value_name = "JWT")]
    pub token: Option<String>,
    /// The client ID (default: a fresh UUID).
    #[arg(long, value_name = "ID")]
    pub client: Option<String>,
    /// The client's transport.
    #[arg(long, default_value = "websocket")]
    pub transport: String,
    /// The client's protocol.
    #[arg(long, value_enum, default_value = "json")]
    pub protocol: ClientProtocol,
    /// The connection's meta (JSON), sent when the proxy has `include_connection_meta` (always
    /// with --endpoint).
    #[arg(long, value_name = "JSON")]
    pub meta: Option<String>,
    /// Connection labels, repeatable: --label k=v.
    #[arg(long = "label", value_name = "K=V", value_parser = parse_kv)]
    pub labels: Vec<(String, String)>,
    /// A header of the client's HTTP request, repeatable: 'Name: value'. Forwarded as the
    /// server would (a GRPC proxy gets it as metadata).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE", value_parser = parse_header)]
    pub headers: Vec<(String, String)>,
    /// Send data as base64 (`b64data`, encoding `binary`), whatever the proxy says.
    #[arg(long)]
    pub binary_encoding: bool,
    /// The client's name (connect).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The client's version (connect).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// A tracked key to poll, repeatable (`shared_poll_refresh`): KEY, or KEY=VERSION for the
    /// version the server has in versioned mode.
    #[arg(long = "key", short = 'k', value_name = "KEY[=VERSION]", value_parser = parse_keyed)]
    pub keys: Vec<(String, u64)>,
}

/// Parses `KEY` or `KEY=VERSION`.
pub fn parse_keyed(s: &str) -> Result<(String, u64), String> {
    let (key, version) = match s.rsplit_once('=') {
        Some((k, v)) => (
            k,
            v.parse::<u64>()
                .map_err(|_| format!("the version in {s:?} is not a whole number"))?,
        ),
        None => (s, 0),
    };
    if key.is_empty() {
        return Err("the key is empty".into());
    }
    Ok((key.to_string(), version))
}

/// Parses `Name: value` (a header name as HTTP allows it).
pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once(':')
        .ok_or_else(|| format!("expected 'Name: value', got {s:?}"))?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        return Err(format!("{name:?} is not a header name"));
    }
    let value = value.trim();
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(format!("the value of {name} has control characters"));
    }
    Ok((name.to_string(), value.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse() {
        assert_eq!(
            parse_header("Authorization: Bearer a:b").unwrap(),
            ("Authorization".to_string(), "Bearer a:b".to_string())
        );
        assert_eq!(
            parse_header("x-empty:").unwrap(),
            ("x-empty".to_string(), String::new())
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": v").is_err());
        assert!(parse_header("bad name: v").is_err());
        assert!(parse_header("x: a\nb").is_err());
    }
}

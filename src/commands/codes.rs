//! `centri codes [CODE]`: what a client protocol error, server API error, unsubscribe code or
//! disconnect code means, whether SDKs retry / resubscribe / reconnect after it, and when the
//! server sends it (shared/spec/codes.md). The exact messages come from `proto::codes` (the
//! strings the server itself sends); only the one-line "when" explanations and the range rules
//! live here. Imports `proto` and `output`; no server, client or network code.

use std::process::ExitCode;

use serde::Serialize;

use super::{written, Ctx, Failure};
use crate::cli::CodesArgs;
use crate::proto::codes::{
    disconnect_reason, disconnect_reconnects, error_message, unsubscribe_reason,
};
use crate::proto::ApiError;

/// Which table a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The `error` of a client protocol reply.
    ClientError,
    /// The `error` object of a server API (HTTP/GRPC) response.
    ApiError,
    /// An unsubscribe push (`{"unsubscribe":{"code","reason"}}`).
    Unsubscribe,
    /// A WebSocket close code (or `disconnect` push on other transports).
    Disconnect,
}

impl Kind {
    /// The label in tables.
    pub fn label(self) -> &'static str {
        match self {
            Kind::ClientError => "client error",
            Kind::ApiError => "API error",
            Kind::Unsubscribe => "unsubscribe",
            Kind::Disconnect => "disconnect",
        }
    }

    /// What "retry" means for this kind, for the detail view.
    fn retry_label(self) -> &'static str {
        match self {
            Kind::ClientError | Kind::ApiError => "SDK retries",
            Kind::Unsubscribe => "resubscribes",
            Kind::Disconnect => "reconnects",
        }
    }
}

/// One row: a code of one kind. JSON field names are a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    pub code: u32,
    pub kind: Kind,
    /// The exact message or reason the server sends (empty for an unassigned code in a range).
    pub message: String,
    /// Whether the SDK retries (client errors), resubscribes (unsubscribe) or reconnects
    /// (disconnect); absent for server API errors, which no SDK sees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconnect: Option<bool>,
    /// When the server sends it.
    pub description: String,
    /// For a code known only by its range: the range, e.g. `4000-4499`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
}

/// Client protocol errors: code and when. Temporary ones (100, 111, 113) and 109 are retried.
const CLIENT_ERRORS: &[(u32, &str)] = &[
    (100, "server-side failure; temporary, so SDKs retry connect and subscribe"),
    (101, "generic unauthorized (rarely sent by Centrifugo itself); terminal for connect"),
    (102, "the channel's namespace is not declared in channel.namespaces"),
    (103, "permission checks failed (namespace options, token, capabilities)"),
    (104, "unknown RPC method"),
    (105, "a second subscribe to the same channel on one connection"),
    (106, "a limit was reached, e.g. client.channel_limit on subscribe"),
    (107, "malformed or invalid request: bad channel name, empty publish data, bad tags filter"),
    (108, "feature off: history or presence not enabled in the namespace, no RPC handler"),
    (109, "the connection or subscription token's exp passed; the SDK fetches a new token and retries"),
    (110, "the expiration was already in the past (no token involved), or a refresh gave a past expiry"),
    (111, "rate limited; temporary, so SDKs retry with backoff"),
    (112, "history `since` epoch mismatch, or a subscribe asked for recovery that is impossible"),
    (113, "map-subscription pagination overlap; temporary, retried"),
];

/// Server API errors: code, HTTP status in transport error mode, when.
const API_ERRORS: &[(u32, u16, &str)] = &[
    (100, 500, "server-side failure"),
    (
        102,
        404,
        "the channel's namespace is not declared in channel.namespaces",
    ),
    (104, 404, "unknown API method"),
    (107, 400, "malformed request or bad parameters"),
    (
        108,
        400,
        "feature off for the channel, e.g. history or presence not enabled",
    ),
    (
        112,
        416,
        "history `since` cannot be served: the stream epoch changed",
    ),
    (113, 409, "conflict"),
];

/// Unsubscribe codes sent to clients: code, resubscribes, when.
const UNSUBSCRIBE: &[(u32, bool, &str)] = &[
    (2000, false, "server API unsubscribe; the client goes to unsubscribed"),
    (2500, true, "message loss detected; the client resubscribes and recovers from its last position"),
    (2501, true, "the subscription expired server-side; the client resubscribes with a fresh subscription token"),
    (2502, true, "state invalidated (reason may vary); the client drops its subscription token and state, then resubscribes"),
];

/// Unsubscribe codes that are never sent (internal, metrics): shown only when asked for.
const UNSUBSCRIBE_INTERNAL: &[(u32, &str)] = &[
    (0, "internal: the client unsubscribed itself; never sent"),
    (1, "internal: the client disconnected; never sent"),
];

/// Disconnect codes: code, when. Whether the client reconnects follows the SDK rule.
const DISCONNECTS: &[(u16, &str)] = &[
    (1009, "WebSocket message too big (over websocket.message_size_limit); terminal in the SDKs"),
    (3000, "internal marker for a plain close with no server advice; never sent as a close frame"),
    (3001, "the node is shutting down"),
    (3004, "server error while handling a command"),
    (3005, "connection token not refreshed in time, refresh with an expired token, or API refresh with expired:true"),
    (3006, "a server-side subscription expired"),
    (3008, "the client's send queue went over client.queue_max_size (slow reader)"),
    (3009, "writing to the transport failed"),
    (3010, "message loss or gap detected, or the token's server-side subscriptions changed on refresh"),
    (3011, "reconnect asked by an admin or the server API"),
    (3012, "no pong within client.pong_timeout"),
    (3013, "rate limit on a unidirectional transport (where error 111 cannot be sent)"),
    (3014, "the client must drop its connection token and subscription state, then reconnect"),
    (3500, "bad connection token, subscription token channel/user/client mismatch, or invalid refresh token"),
    (3501, "protocol violation: bad JSON, command before connect, second connect, no credentials, ..."),
    (3502, "not authenticated within client.stale_close_delay"),
    (3503, "server API disconnect (the default code)"),
    (3504, "client.user_connection_limit reached, or the personal-channel single-connection rule"),
    (3505, "too many server-side subscriptions at connect"),
    (3506, "a payload cannot be encoded for this client (e.g. binary to a JSON client)"),
    (3507, "e.g. an anonymous token while client.disallow_anonymous_connection_tokens is set"),
    (3508, "a send command without a message handler"),
    (3509, "too many errors from this client"),
];

/// The message a server API error carries: the client message, except where the API words it
/// differently (104 `not found`, 113 `conflict`, shared/spec/codes.md §2).
fn api_message(code: u32) -> String {
    ApiError::new(code).for_api().message
}

/// Whether an SDK retries a connect/subscribe error: `code < 100 || temporary || code == 109`.
fn client_error_retries(code: u32) -> bool {
    code < 100 || matches!(code, 100 | 109 | 111 | 113)
}

/// Every code that is sent to someone, in table order: client errors, API errors,
/// unsubscribe codes, disconnect codes.
pub fn all_codes() -> Vec<CodeInfo> {
    let mut rows = Vec::new();
    for &(code, when) in CLIENT_ERRORS {
        rows.push(CodeInfo {
            code,
            kind: Kind::ClientError,
            message: error_message(code).to_string(),
            reconnect: Some(client_error_retries(code)),
            description: when.to_string(),
            range: None,
        });
    }
    for &(code, status, when) in API_ERRORS {
        rows.push(CodeInfo {
            code,
            kind: Kind::ApiError,
            message: api_message(code),
            reconnect: None,
            description: format!("{when} (HTTP {status} in transport error mode)"),
            range: None,
        });
    }
    for &(code, resubscribes, when) in UNSUBSCRIBE {
        rows.push(CodeInfo {
            code,
            kind: Kind::Unsubscribe,
            message: unsubscribe_reason(code).to_string(),
            reconnect: Some(resubscribes),
            description: when.to_string(),
            range: None,
        });
    }
    for &(code, when) in DISCONNECTS {
        rows.push(CodeInfo {
            code: u32::from(code),
            kind: Kind::Disconnect,
            message: disconnect_reason(code).to_string(),
            reconnect: Some(disconnect_reconnects(code)),
            description: when.to_string(),
            range: None,
        });
    }
    rows
}

/// A row for a code known only by its range.
fn range_row(
    code: u32,
    kind: Kind,
    range: &str,
    reconnect: Option<bool>,
    description: &str,
) -> CodeInfo {
    CodeInfo {
        code,
        kind,
        message: String::new(),
        reconnect,
        description: description.to_string(),
        range: Some(range.to_string()),
    }
}

/// The range rules for a code that is in no table (codes.md: ranges and reserved blocks).
fn ranges(code: u32) -> Vec<CodeInfo> {
    let mut rows = Vec::new();
    let c = code;
    match c {
        0..=99 => rows.push(range_row(
            c,
            Kind::ClientError,
            "0-399",
            Some(true),
            "reserved by Centrifugo for client errors, not assigned; SDKs retry errors below 100",
        )),
        100..=399 => rows.push(range_row(
            c,
            Kind::ClientError,
            "0-399",
            Some(false),
            "reserved by Centrifugo for client errors, not assigned",
        )),
        400..=1999 => rows.push(range_row(
            c,
            Kind::ClientError,
            "400-1999",
            Some(false),
            "application-defined error (e.g. from a proxy); terminal for connect/subscribe unless temporary",
        )),
        _ => {}
    }
    match c {
        2000..=2099 => rows.push(range_row(
            c,
            Kind::Unsubscribe,
            "2000-2099",
            Some(false),
            "reserved by Centrifugo, not assigned; the client goes to unsubscribed",
        )),
        2100..=2499 => rows.push(range_row(
            c,
            Kind::Unsubscribe,
            "2100-2499",
            Some(false),
            "application-defined unsubscribe; the client goes to unsubscribed",
        )),
        2500..=2599 => rows.push(range_row(
            c,
            Kind::Unsubscribe,
            "2500-2599",
            Some(true),
            "reserved by Centrifugo, not assigned; the client resubscribes",
        )),
        2600..=2999 => rows.push(range_row(
            c,
            Kind::Unsubscribe,
            "2600-2999",
            Some(true),
            "application-defined unsubscribe; the client resubscribes",
        )),
        _ => {}
    }
    let disconnect = match c {
        1000..=2999 => Some((
            "1000-2999",
            true,
            "WebSocket transport-level close: SDKs treat it as `transport closed` and reconnect",
        )),
        3000..=3499 => Some((
            "3000-3499",
            true,
            "reserved by Centrifugo for disconnects with reconnect, not assigned",
        )),
        3500..=3999 => Some((
            "3500-3999",
            false,
            "reserved by Centrifugo for terminal disconnects, not assigned",
        )),
        4000..=4499 => Some((
            "4000-4499",
            true,
            "application-defined disconnect; the client reconnects with backoff",
        )),
        4500..=4999 => Some((
            "4500-4999",
            false,
            "application-defined disconnect; terminal, the client does not reconnect",
        )),
        5000..=65535 => Some((
            "5000-65535",
            true,
            "outside the assigned close-code ranges; SDKs reconnect with backoff",
        )),
        _ => None,
    };
    if let Some((range, reconnect, description)) = disconnect {
        rows.push(range_row(
            c,
            Kind::Disconnect,
            range,
            Some(reconnect),
            description,
        ));
    }
    rows
}

/// Everything known about `code`: its rows in every table (104 is both a client and an API
/// error), the internal unsubscribe codes 0 and 1, else its ranges. Empty: an unknown code.
pub fn lookup(code: u32) -> Vec<CodeInfo> {
    let mut rows: Vec<CodeInfo> = all_codes().into_iter().filter(|r| r.code == code).collect();
    for &(c, when) in UNSUBSCRIBE_INTERNAL {
        if c == code {
            rows.push(CodeInfo {
                code,
                kind: Kind::Unsubscribe,
                message: unsubscribe_reason(code).to_string(),
                reconnect: None,
                description: when.to_string(),
                range: None,
            });
        }
    }
    if rows.is_empty() {
        rows = ranges(code);
    }
    rows
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "-".into(),
    }
}

/// The full listing as a table.
pub fn render_list(out: &crate::output::Output, rows: &[CodeInfo]) -> String {
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.code.to_string(),
                r.kind.label().to_string(),
                r.message.clone(),
                yes_no(r.reconnect),
                r.description.clone(),
            ]
        })
        .collect();
    out.render_table(&["code", "kind", "message", "retry", "when"], &table)
}

/// One code in detail: a key/value block per row.
pub fn render_detail(out: &crate::output::Output, rows: &[CodeInfo]) -> String {
    let blocks: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut pairs = vec![
                ("code".to_string(), r.code.to_string()),
                ("kind".to_string(), r.kind.label().to_string()),
            ];
            if let Some(range) = &r.range {
                pairs.push(("range".to_string(), range.clone()));
            }
            let message = if r.message.is_empty() {
                "(none assigned)".to_string()
            } else {
                r.message.clone()
            };
            pairs.push(("message".to_string(), message));
            if r.reconnect.is_some() {
                pairs.push((r.kind.retry_label().to_string(), yes_no(r.reconnect)));
            }
            pairs.push(("when".to_string(), r.description.clone()));
            out.render_kv(&pairs)
        })
        .collect();
    blocks.join("\n")
}

pub fn run(ctx: &Ctx, args: &CodesArgs) -> Result<ExitCode, Failure> {
    match args.code {
        None => {
            let rows = all_codes();
            written(ctx.out.emit(&rows, || render_list(&ctx.out, &rows)))?;
        }
        Some(code) => {
            let rows = lookup(code);
            if rows.is_empty() {
                return Err(Failure::usage(format!("unknown code {code}"))
                    .hint("codes go up to 65535; run `centri codes` for the list"));
            }
            written(ctx.out.emit(&rows, || render_detail(&ctx.out, &rows)))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;
    use crate::output::Output;

    #[test]
    fn every_listed_code_has_its_exact_message() {
        let rows = all_codes();
        let clients: Vec<u32> = rows
            .iter()
            .filter(|r| r.kind == Kind::ClientError)
            .map(|r| r.code)
            .collect();
        assert_eq!(clients, (100..=113).collect::<Vec<_>>());
        let disconnects: Vec<u32> = rows
            .iter()
            .filter(|r| r.kind == Kind::Disconnect)
            .map(|r| r.code)
            .collect();
        let mut want: Vec<u32> = vec![1009];
        want.extend([
            3000, 3001, 3004, 3005, 3006, 3008, 3009, 3010, 3011, 3012, 3013, 3014,
        ]);
        want.extend(3500..=3509);
        assert_eq!(disconnects, want);
        assert!(
            rows.iter()
                .all(|r| !r.message.is_empty() && !r.description.is_empty()),
            "{rows:?}"
        );
        let unsub: Vec<u32> = rows
            .iter()
            .filter(|r| r.kind == Kind::Unsubscribe)
            .map(|r| r.code)
            .collect();
        assert_eq!(unsub, vec![2000, 2500, 2501, 2502]);
    }

    #[test]
    fn code_104_is_both_a_client_and_an_api_error() {
        let rows = lookup(104);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].kind, rows[0].message.as_str()),
            (Kind::ClientError, "method not found")
        );
        assert_eq!(
            (rows[1].kind, rows[1].message.as_str()),
            (Kind::ApiError, "not found")
        );
        assert_eq!(rows[1].reconnect, None);
        assert_eq!(lookup(113)[1].message, "conflict");
    }

    #[test]
    fn retry_rules_follow_the_sdks() {
        let retry = |code: u32, kind: Kind| {
            lookup(code)
                .into_iter()
                .find(|r| r.kind == kind)
                .unwrap()
                .reconnect
        };
        assert_eq!(retry(100, Kind::ClientError), Some(true));
        assert_eq!(retry(109, Kind::ClientError), Some(true));
        assert_eq!(retry(103, Kind::ClientError), Some(false));
        assert_eq!(retry(2000, Kind::Unsubscribe), Some(false));
        assert_eq!(retry(2500, Kind::Unsubscribe), Some(true));
        assert_eq!(retry(3001, Kind::Disconnect), Some(true));
        assert_eq!(retry(3500, Kind::Disconnect), Some(false));
        assert_eq!(retry(1009, Kind::Disconnect), Some(false));
        assert_eq!(lookup(3501)[0].message, "bad request");
    }

    #[test]
    fn unknown_codes_are_explained_by_their_range() {
        let r = lookup(4001);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].range.as_deref(), r[0].reconnect),
            (Some("4000-4499"), Some(true))
        );
        let r = lookup(4501);
        assert_eq!(
            (r[0].range.as_deref(), r[0].reconnect),
            (Some("4500-4999"), Some(false))
        );
        let r = lookup(3507);
        assert_eq!(
            (r[0].range.as_deref(), r[0].message.as_str()),
            (None, "permission denied")
        );
        let r = lookup(3600);
        assert_eq!(
            (r[0].range.as_deref(), r[0].reconnect),
            (Some("3500-3999"), Some(false))
        );
        let r = lookup(1006);
        assert_eq!(
            r.iter().map(|x| x.kind).collect::<Vec<_>>(),
            vec![Kind::ClientError, Kind::Disconnect]
        );
        let r = lookup(2600);
        assert_eq!(
            r.iter().map(|x| x.kind).collect::<Vec<_>>(),
            vec![Kind::Unsubscribe, Kind::Disconnect]
        );
        assert_eq!(lookup(0)[0].message, "client unsubscribed");
        assert!(lookup(70_000).is_empty());
    }

    #[test]
    fn json_rows_omit_reconnect_for_api_errors() {
        let rows = lookup(102);
        let v = serde_json::to_value(&rows).unwrap();
        assert_eq!(v[0]["kind"], "client_error");
        assert_eq!(v[0]["reconnect"], false);
        assert_eq!(v[1]["kind"], "api_error");
        assert!(v[1].get("reconnect").is_none());
        assert!(v[1].get("range").is_none());
        assert_eq!(
            serde_json::to_value(lookup(4501)).unwrap()[0]["range"],
            "4500-4999"
        );
    }

    #[test]
    fn detail_view_names_the_retry_kind() {
        let out = Output::plain(OutputFormat::Table);
        let text = render_detail(&out, &lookup(3500));
        assert!(
            text.contains("reconnects:") && text.contains("invalid token"),
            "{text}"
        );
        let text = render_detail(&out, &lookup(4700));
        assert!(
            text.contains("4500-4999") && text.contains("(none assigned)"),
            "{text}"
        );
    }
}

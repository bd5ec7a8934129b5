//! Everything the CLI prints: the sole writer of stdout. Tables (comfy-table, sized to the
//! terminal) are for people and may change; JSON field names are a contract. Rendering
//! functions return strings so tests can snapshot them; `emit_*` write them out.

use std::io::{IsTerminal, Write};

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{Cell, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::{ColorChoice, OutputFormat};
use crate::proto::api::{self, Presence};
use crate::proto::explain::ExplainResult;

/// How results are printed.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: OutputFormat,
    pub color: bool,
    pub quiet: bool,
    /// Table width; `None` = the terminal's (or unbounded when not a terminal).
    pub width: Option<u16>,
    /// The user chose the format (`-o` or `CENTRI_OUTPUT`), rather than it following from
    /// whether stdout is a terminal.
    pub chosen: bool,
}

impl Output {
    /// Table on a terminal, JSON when piped, unless a format was asked for.
    pub fn detect(format: Option<OutputFormat>, color: ColorChoice, quiet: bool) -> Self {
        let tty = std::io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                    true
                } else {
                    tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            }
        };
        Self {
            format: format.unwrap_or(if tty {
                OutputFormat::Table
            } else {
                OutputFormat::Json
            }),
            color,
            quiet,
            width: table_width(
                tty,
                std::env::var("COLUMNS").ok().as_deref(),
                crossterm::terminal::size().ok().map(|(w, _)| w),
            ),
            chosen: format.is_some(),
        }
    }

    /// A fixed configuration for tests: the given format, no colour, 100 columns.
    pub fn plain(format: OutputFormat) -> Self {
        Self {
            format,
            color: false,
            quiet: false,
            width: Some(100),
            chosen: true,
        }
    }

    pub fn is_table(&self) -> bool {
        self.format == OutputFormat::Table
    }

    /// Renders rows as a table.
    pub fn render_table(&self, headers: &[&str], rows: &[Vec<String>]) -> String {
        let mut t = Table::new();
        t.load_preset(UTF8_BORDERS_ONLY);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            t.set_width(w);
        }
        if !self.color {
            t.force_no_tty();
        }
        t.set_header(headers.iter().map(|h| Cell::new(h.to_uppercase())));
        for r in rows {
            t.add_row(r.iter().map(Cell::new));
        }
        let mut s = t.to_string();
        s.push('\n');
        s
    }

    /// Renders key/value pairs as a two-column table.
    pub fn render_kv(&self, pairs: &[(String, String)]) -> String {
        let rows: Vec<Vec<String>> = pairs
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        let mut t = Table::new();
        t.load_preset(comfy_table::presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            t.set_width(w);
        }
        t.force_no_tty();
        for r in rows {
            t.add_row(vec![Cell::new(format!("{}:", r[0])), Cell::new(&r[1])]);
        }
        let mut s = String::new();
        for l in t.to_string().lines() {
            s.push_str(l.trim());
            s.push('\n');
        }
        if s.is_empty() {
            s.push('\n');
        }
        s
    }

    /// Renders a JSON document: pretty for `json`, one line for `ndjson`.
    pub fn render_json<T: Serialize + ?Sized>(&self, v: &T) -> String {
        let mut s = if self.format == OutputFormat::Ndjson {
            serde_json::to_string(v)
        } else {
            serde_json::to_string_pretty(v)
        }
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot encode output: {e}\"}}"));
        s.push('\n');
        s
    }

    /// Prints the data: a table for people, the JSON document otherwise.
    pub fn emit<T: Serialize + ?Sized>(
        &self,
        json: &T,
        table: impl FnOnce() -> String,
    ) -> std::io::Result<()> {
        let text = if self.is_table() {
            table()
        } else {
            self.render_json(json)
        };
        write_stdout(&text)
    }

    /// Prints a list: a table for people, one JSON array with `-o json`, one object per line
    /// with `-o ndjson`.
    pub fn emit_list<T: Serialize>(
        &self,
        items: &[T],
        table: impl FnOnce() -> String,
    ) -> std::io::Result<()> {
        write_stdout(&self.render_list(items, table))
    }

    /// What [`Output::emit_list`] prints.
    pub fn render_list<T: Serialize>(&self, items: &[T], table: impl FnOnce() -> String) -> String {
        match self.format {
            OutputFormat::Table => table(),
            OutputFormat::Json => self.render_json(items),
            OutputFormat::Ndjson => items.iter().map(|i| self.render_json(i)).collect(),
        }
    }

    /// Prints a result that is one value (a token, say): the bare value, on a terminal and
    /// when piped alike, so `X=$(centri ...)` captures it (as `gh auth token` does). The JSON
    /// document only when asked for with `-o json` or `-o ndjson`.
    pub fn emit_value<T: Serialize + ?Sized>(&self, json: &T, value: &str) -> std::io::Result<()> {
        write_stdout(&self.render_value(json, value))
    }

    /// What [`Output::emit_value`] prints.
    pub fn render_value<T: Serialize + ?Sized>(&self, json: &T, value: &str) -> String {
        if self.chosen && !self.is_table() {
            self.render_json(json)
        } else {
            format!("{value}\n")
        }
    }

    /// A notice for people on stderr (not with -q).
    pub fn notice(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
}

/// Table width when no terminal width can be had (`script`, some CI runners and IDE
/// terminals report 0 columns).
pub const FALLBACK_WIDTH: u16 = 100;

/// The width tables are laid out to on a terminal: `COLUMNS` when it is a positive number,
/// else the terminal's, where a width of 0 means unknown, else [`FALLBACK_WIDTH`]. `None`
/// (unbounded) when stdout is not a terminal, so piped tables do not depend on the
/// environment.
pub fn table_width(tty: bool, columns: Option<&str>, terminal: Option<u16>) -> Option<u16> {
    if !tty {
        return None;
    }
    let columns = columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c > 0);
    Some(
        columns
            .or(terminal.filter(|w| *w > 0))
            .unwrap_or(FALLBACK_WIDTH),
    )
}

/// Writes to stdout and flushes; a closed pipe surfaces as `BrokenPipe` for main to swallow.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// `abcd1234…` style mask for secrets: a short prefix and the length.
pub fn mask(secret: &str) -> String {
    if secret.is_empty() {
        return String::new();
    }
    let prefix: String = secret.chars().take(4).collect();
    format!("{prefix}… ({} chars)", secret.chars().count())
}

/// What to do when the server answers 108 to a push method: push is off there.
pub const PUSH_OFF_HINT: &str = "push notifications are off on the server: set \
push_notifications.enabled in its config, or run `centri serve --dev`";

/// A push token as tables show it, never whole: a webpush endpoint by its host (which push
/// service: Google's for Chrome, Mozilla's for Firefox...), other tokens by a prefix of at
/// most 4 characters and half their length; both with the length.
pub fn push_token(provider: &str, token: &str) -> String {
    let len = token.chars().count();
    if provider == "webpush" {
        if let Some(host) = url::Url::parse(token)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
        {
            return format!("{host}/… ({len} chars)");
        }
    }
    let prefix: String = token.chars().take((len / 2).min(4)).collect();
    format!("{prefix}… ({len} chars)")
}

/// A device's row, as `centri push device ls` and the dashboard show it: id, user, provider,
/// platform, how many topics (`-` when not asked for), the token masked.
pub fn device_cells(d: &crate::proto::push::Device) -> Vec<String> {
    vec![
        d.id.clone(),
        if d.user.is_empty() {
            "-".into()
        } else {
            d.user.clone()
        },
        d.provider.clone(),
        d.platform.clone(),
        d.topics
            .as_ref()
            .map_or_else(|| "-".into(), |t| t.len().to_string()),
        push_token(&d.provider, &d.token),
    ]
}

/// A per-second rate: `1234`, `12.5`, or `-` when unknown.
pub fn rate(r: Option<f64>) -> String {
    r.map_or_else(
        || "-".into(),
        |v| {
            if v >= 100.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        },
    )
}

/// `1 node`, `2 nodes`: a count with its noun, plural when it is not 1.
pub fn count_of(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How long a short run took, for people: `4ms`, `<1ms`, or `3.58s (839/s)` from a second
/// on; below a second a per-second rate says little.
pub fn took(count: u64, secs: f64) -> String {
    if secs >= 1.0 {
        format!("{secs:.2}s ({:.0}/s)", count as f64 / secs)
    } else if secs < 0.0005 {
        "<1ms".into()
    } else {
        format!("{:.0}ms", secs * 1000.0)
    }
}

/// Bytes as `12.3 MiB`.
pub fn mib(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

/// A duration in seconds as `1h2m3s`.
pub fn human_secs(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m{s}s"),
        (0, _, _) => format!("{h}h{m}m"),
        _ => format!("{d}d{h}h"),
    }
}

/// `12s ago` between two unix-second times, `-` when unknown.
pub fn ago(t: Option<i64>, now_secs: i64) -> String {
    t.map_or_else(
        || "-".into(),
        |t| {
            format!(
                "{} ago",
                human_secs(u64::try_from(now_secs - t).unwrap_or(0))
            )
        },
    )
}

/// A node's row, as `centri node ls` and the dashboard show it: name, clients, users,
/// channels, subscriptions, uptime, publications/s in, messages/s out, CPU, RSS.
pub fn node_cells(n: &api::NodeInfo) -> Vec<String> {
    vec![
        n.name.clone(),
        n.num_clients.to_string(),
        n.num_users.to_string(),
        n.num_channels.to_string(),
        n.num_subs.to_string(),
        human_secs(u64::from(n.uptime)),
        rate(n.rate(api::ITEM_PUBLICATIONS_IN)),
        rate(n.rate(api::ITEM_MESSAGES_OUT)),
        n.process
            .as_ref()
            .map_or_else(|| "-".into(), |p| format!("{:.1}%", p.cpu)),
        n.process
            .as_ref()
            .map_or_else(|| "-".into(), |p| mib(p.rss)),
    ]
}

/// The total row under [`node_cells`] rows: the sums, blank where a sum means nothing
/// (uptime, CPU, RSS), and a rate only when some node reports it.
pub fn node_total_cells(info: &api::InfoResult) -> Vec<String> {
    let sum = |f: fn(&api::NodeInfo) -> u32| info.nodes.iter().map(f).sum::<u32>().to_string();
    let total_rate = |item: &str| {
        let rates: Vec<f64> = info.nodes.iter().filter_map(|n| n.rate(item)).collect();
        rate((!rates.is_empty()).then(|| rates.iter().sum()))
    };
    vec![
        "TOTAL".to_string(),
        sum(|n| n.num_clients),
        sum(|n| n.num_users),
        sum(|n| n.num_channels),
        sum(|n| n.num_subs),
        String::new(),
        total_rate(api::ITEM_PUBLICATIONS_IN),
        total_rate(api::ITEM_MESSAGES_OUT),
        String::new(),
        String::new(),
    ]
}

/// A user-status row: user, presence, online and active ago, state.
pub fn user_status_cells(s: &api::UserStatus, p: Presence, now_secs: i64) -> Vec<String> {
    vec![
        s.user.clone(),
        p.label(s).to_string(),
        ago(s.online, now_secs),
        ago(s.active, now_secs),
        if s.state.is_empty() {
            "-".into()
        } else {
            s.state.clone()
        },
    ]
}

/// Where an explain found the channel's options: the namespace and its config key.
pub fn explain_namespace(r: &ExplainResult) -> String {
    if r.namespace_key.is_empty() {
        "(unresolved)".to_string()
    } else if r.namespace.is_empty() {
        format!("(without_namespace) at {}", r.namespace_key)
    } else {
        format!("{:?} at {}", r.namespace, r.namespace_key)
    }
}

/// What one check of an explain did, as the CLI and the dashboard both mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckMark {
    /// The deciding check, and it granted.
    Allowed,
    /// The deciding check, and it denied (or nothing granted).
    Denied,
    /// Ran before the decider and let the decision go on.
    Passed,
    /// Did not apply to this request.
    Skipped,
    /// After the decider: it did not take part in the verdict.
    NotReached,
}

/// The one legend for [`CheckMark`]s, printed under every list of checks.
pub const EXPLAIN_LEGEND: &str =
    "✔ decided: allowed   ✘ decided: denied   → passed on   · skipped: did not apply   – not reached";

impl CheckMark {
    /// The mark of check `i` of `r`.
    pub fn of(r: &ExplainResult, i: usize) -> Self {
        let Some(c) = r.checks.get(i) else {
            return CheckMark::NotReached;
        };
        match r.decided {
            Some(d) if d == i => {
                if c.outcome == "granted" {
                    CheckMark::Allowed
                } else {
                    CheckMark::Denied
                }
            }
            Some(d) if i > d => CheckMark::NotReached,
            _ if c.status == "skipped" => CheckMark::Skipped,
            _ => CheckMark::Passed,
        }
    }

    /// The symbol and word, e.g. `✘ decided`.
    pub fn label(self) -> &'static str {
        match self {
            CheckMark::Allowed => "✔ decided",
            CheckMark::Denied => "✘ decided",
            CheckMark::Passed => "→ passed",
            CheckMark::Skipped => "· skipped",
            CheckMark::NotReached => "– not reached",
        }
    }
}

/// How a connection got a channel, by name: Centrifugo PRO's `ChannelContext.source` enum
/// (`connections` API). `conn show` and the dashboard both name sources through this.
pub fn channel_source(source: u32) -> String {
    match source {
        0 => "unknown",
        1 => "server-side, from the connection token",
        2 => "server-side, from the connect proxy",
        3 => "subscription token",
        4 => "subscribe proxy",
        5 => "user-limited channel (#)",
        6 => "client, allowed by the namespace",
        7 => "client, insecure mode",
        8 => "uni-directional connect",
        9 => "user's personal channel",
        10 => "server API subscribe",
        11 => "connection token caps",
        12 => "subscribe expression",
        13 => "subscribe stream proxy",
        n => return format!("unknown source {n}"),
    }
    .to_string()
}

/// Unix seconds as `2023-11-14 22:13:20 UTC` (the number itself when out of range).
pub fn utc_time(secs: i64) -> String {
    u64::try_from(secs)
        .ok()
        .and_then(|s| std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(s)))
        .map_or_else(
            || secs.to_string(),
            |t| {
                humantime::format_rfc3339_seconds(t)
                    .to_string()
                    .replace('T', " ")
                    .replace('Z', " UTC")
            },
        )
}

/// One connection as (field, value) pairs, for `conn show` and the dashboard's detail: names
/// instead of numbers, times as times (`now_ms` for the "ago"), absent fields left out.
pub fn connection_pairs(id: &str, c: &api::ConnectionInfo, now_ms: u64) -> Vec<(String, String)> {
    let mut p = vec![("client".to_string(), id.to_string())];
    p.push((
        "user".into(),
        if c.user.is_empty() {
            "(anonymous)".into()
        } else {
            c.user.clone()
        },
    ));
    let app = format!("{} {}", c.app_name, c.app_version)
        .trim()
        .to_string();
    if !app.is_empty() {
        p.push(("app".into(), app));
    }
    if !c.transport.is_empty() {
        p.push((
            "transport".into(),
            if c.protocol.is_empty() {
                c.transport.clone()
            } else {
                format!("{} ({})", c.transport, c.protocol)
            },
        ));
    }
    if let Ok(at) = u64::try_from(c.connected_at_ms) {
        if at > 0 {
            p.push((
                "connected".into(),
                format!(
                    "{}, {}",
                    utc_time((at / 1000) as i64),
                    ago(Some((at / 1000) as i64), (now_ms / 1000) as i64)
                ),
            ));
        }
    }
    p.push((
        "rtt".into(),
        if c.ping_pong_latency_ms < 0 {
            "not measured yet".into()
        } else {
            format!("{} ms", c.ping_pong_latency_ms)
        },
    ));
    if let Some(t) = &c.state.connection_token {
        let mut parts = Vec::new();
        if !t.uid.is_empty() {
            parts.push(format!("jti {}", t.uid));
        }
        if t.issued_at > 0 {
            parts.push(format!(
                "issued {}, {}",
                utc_time(t.issued_at),
                ago(Some(t.issued_at), (now_ms / 1000) as i64)
            ));
        }
        if !parts.is_empty() {
            p.push(("token".into(), parts.join(", ")));
        }
    }
    if !c.labels.is_empty() {
        let l: Vec<String> = c.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        p.push(("labels".into(), l.join(", ")));
    }
    if let Some(m) = &c.state.meta {
        p.push(("meta".into(), m.get().to_string()));
    }
    p.push(("channels".into(), c.state.channels.len().to_string()));
    for (ch, ctx) in &c.state.channels {
        p.push((format!("channel {ch}"), channel_source(ctx.source)));
    }
    p
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ago_counts_back_and_never_goes_negative() {
        let now = 1_700_000_000;
        assert_eq!(ago(Some(now - 75), now), "1m15s ago");
        assert_eq!(
            ago(Some(now + 3), now),
            "0s ago",
            "a server clock ahead is not negative"
        );
        assert_eq!(ago(None, now), "-");
    }

    #[test]
    fn masks_secrets() {
        assert_eq!(mask("supersecretkey"), "supe… (14 chars)");
        assert_eq!(mask(""), "");
        assert!(!mask("supersecretkey").contains("secret"));
    }

    #[test]
    fn durations() {
        assert_eq!(human_secs(5), "5s");
        assert_eq!(human_secs(65), "1m5s");
        assert_eq!(human_secs(3700), "1h1m");
        assert_eq!(human_secs(90000), "1d1h");
    }

    #[test]
    fn one_value_is_bare_unless_json_is_asked_for() {
        let doc = serde_json::json!({"token": "abc", "claims": {}});
        let piped = Output {
            chosen: false,
            ..Output::plain(OutputFormat::Json)
        };
        assert_eq!(piped.render_value(&doc, "abc"), "abc\n");
        assert_eq!(
            Output::plain(OutputFormat::Table).render_value(&doc, "abc"),
            "abc\n"
        );
        let asked = Output::plain(OutputFormat::Json).render_value(&doc, "abc");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&asked).unwrap(),
            doc
        );
    }

    #[test]
    fn a_zero_width_terminal_is_unknown_and_columns_wins() {
        assert_eq!(table_width(true, None, Some(0)), Some(FALLBACK_WIDTH));
        assert_eq!(table_width(true, None, None), Some(FALLBACK_WIDTH));
        assert_eq!(table_width(true, Some("0"), Some(0)), Some(FALLBACK_WIDTH));
        assert_eq!(table_width(true, Some("x"), Some(120)), Some(120));
        assert_eq!(table_width(true, Some("100"), Some(0)), Some(100));
        assert_eq!(table_width(true, Some("60"), Some(200)), Some(60));
        assert_eq!(table_width(false, None, Some(0)), None);
        assert_eq!(table_width(false, Some("80"), None), None);
    }

    #[test]
    fn counts_and_short_runs_read_well() {
        assert_eq!(count_of(1, "node"), "1 node");
        assert_eq!(count_of(0, "node"), "0 nodes");
        assert_eq!(count_of(3, "node"), "3 nodes");
        assert_eq!(took(3, 0.0036), "4ms");
        assert_eq!(took(3, 0.0001), "<1ms");
        assert_eq!(took(3000, 2.0), "2.00s (1500/s)");
    }

    #[test]
    fn tables_and_json() {
        let o = Output::plain(OutputFormat::Table);
        let t = o.render_table(&["name", "n"], &[vec!["a".into(), "1".into()]]);
        assert!(t.contains("NAME") && t.contains('a'));
        let j = Output::plain(OutputFormat::Ndjson).render_json(&serde_json::json!({"a": 1}));
        assert_eq!(j, "{\"a\":1}\n");
    }

    #[test]
    fn lists_are_a_table_one_array_or_one_line_each() {
        let items = [
            serde_json::json!({"id": "a"}),
            serde_json::json!({"id": "b"}),
        ];
        let table = || "TABLE\n".to_string();
        assert_eq!(
            Output::plain(OutputFormat::Table).render_list(&items, table),
            "TABLE\n"
        );
        let j = Output::plain(OutputFormat::Json).render_list(&items, table);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&j).unwrap(),
            serde_json::json!([{"id": "a"}, {"id": "b"}])
        );
        assert_eq!(
            Output::plain(OutputFormat::Ndjson).render_list(&items, table),
            "{\"id\":\"a\"}\n{\"id\":\"b\"}\n"
        );
        let none: [serde_json::Value; 0] = [];
        assert_eq!(
            Output::plain(OutputFormat::Json).render_list(&none, table),
            "[]\n"
        );
        assert_eq!(
            Output::plain(OutputFormat::Ndjson).render_list(&none, table),
            ""
        );
    }

    #[test]
    fn push_tokens_never_show_whole() {
        let fcm = "dXp9Zk3-fcm-registration-token-of-152-chars";
        let shown = push_token("fcm", fcm);
        assert_eq!(shown, format!("dXp9… ({} chars)", fcm.len()));
        for t in ["", "t", "ab", "abcd", "abcdefgh"] {
            let shown = push_token("apns", t);
            assert!(
                t.is_empty() || !shown.contains(t),
                "{t:?} shown as {shown:?}"
            );
        }
        let endpoint = "https://fcm.googleapis.com/fcm/send/f3Kq9-secret-part";
        assert_eq!(
            push_token("webpush", endpoint),
            format!("fcm.googleapis.com/… ({} chars)", endpoint.len())
        );
        assert!(!push_token("webpush", endpoint).contains("secret"));
    }

    #[test]
    fn every_channel_source_has_a_name() {
        for n in 0..=13 {
            let name = channel_source(n);
            assert!(!name.starts_with("unknown source"), "{n}: {name}");
        }
        assert_eq!(channel_source(6), "client, allowed by the namespace");
        assert_eq!(channel_source(3), "subscription token");
        assert_eq!(channel_source(10), "server API subscribe");
        assert_eq!(channel_source(99), "unknown source 99");
    }

    #[test]
    fn connection_pairs_name_sources_show_times_and_leave_out_absent_fields() {
        let mut c = api::ConnectionInfo {
            transport: "websocket".into(),
            protocol: "json".into(),
            user: "42".into(),
            connected_at_ms: 1_700_000_000_000,
            ping_pong_latency_ms: -1,
            ..api::ConnectionInfo::default()
        };
        c.state
            .channels
            .insert("chat:lobby".into(), api::ChannelContext { source: 6 });
        c.state.connection_token = Some(api::ConnectionTokenInfo::default());
        let now = 1_700_000_065_000;
        let text = |c: &api::ConnectionInfo| {
            Output::plain(OutputFormat::Table).render_kv(&connection_pairs("c1", c, now))
        };
        let t = text(&c);
        assert!(
            !t.contains("token") && !t.contains("jti") && !t.contains("issued_at"),
            "{t}"
        );
        assert!(
            !t.contains("app:") && !t.contains("labels") && !t.contains("meta"),
            "{t}"
        );
        assert!(
            t.lines().any(|l| l.starts_with("connected:")
                && l.ends_with(" 2023-11-14 22:13:20 UTC, 1m5s ago")),
            "{t}"
        );
        assert!(
            t.lines().any(|l| l.starts_with("channel chat:lobby:")
                && l.ends_with(" client, allowed by the namespace")),
            "{t}"
        );
        assert!(!t.contains("source 6") && !t.contains("1700000000"), "{t}");
        c.state.connection_token = Some(api::ConnectionTokenInfo {
            uid: String::new(),
            issued_at: 1_699_999_940,
        });
        let t = text(&c);
        assert!(
            t.contains("issued 2023-11-14 22:12:20 UTC, 2m5s ago"),
            "{t}"
        );
    }

    #[test]
    fn explain_marks_checks_after_the_decider_as_not_reached() {
        use crate::proto::explain::ExplainCheck;
        let check = |status: &str, outcome: &str| ExplainCheck {
            rule: "r".into(),
            status: status.into(),
            outcome: outcome.into(),
            detail: String::new(),
        };
        let mut r = ExplainResult {
            checks: vec![
                check("passed", "passed"),
                check("skipped", "skipped"),
                check("decided", "denied"),
                check("passed", "passed"),
                check("skipped", "skipped"),
            ],
            decided: Some(2),
            ..ExplainResult::default()
        };
        let marks = |r: &ExplainResult| -> Vec<&str> {
            (0..r.checks.len())
                .map(|i| CheckMark::of(r, i).label())
                .collect()
        };
        assert_eq!(
            marks(&r),
            [
                "→ passed",
                "· skipped",
                "✘ decided",
                "– not reached",
                "– not reached"
            ]
        );
        r.checks[2].outcome = "granted".into();
        assert_eq!(marks(&r)[2], "✔ decided");
        // every mark's symbol is in the legend
        for m in [
            CheckMark::Allowed,
            CheckMark::Denied,
            CheckMark::Passed,
            CheckMark::Skipped,
            CheckMark::NotReached,
        ] {
            let sym = m.label().split(' ').next().unwrap();
            assert!(EXPLAIN_LEGEND.contains(sym), "{sym} not in the legend");
        }
    }
}

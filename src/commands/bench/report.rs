//! The report of a `centri bench` run: the figures of each side (connects, publishes,
//! deliveries, the server's CPU and memory), the run as a whole with its ratios to the floor,
//! to the first transport or, with `connect --proxy-backend`, of the proxied connects to the
//! JWT ones, the warnings on how far the figures can be trusted, the table for people and the
//! failure of an incomplete run (exit 9). Field names are a contract (`-o json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Baseline, Mode, Plan, MIN_CPU_S};
use crate::bench::accounting::{ratios, Better, LatencySummary, Tally};
use crate::commands::{Class, Ctx, Failure};

/// Connection figures.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ConnectFigures {
    pub(super) clients: u64,
    pub(super) seconds: f64,
    pub(super) per_second: f64,
    /// From opening the socket to the subscribe reply.
    pub(super) latency_ms: Option<LatencySummary>,
}

/// Publisher figures.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PublishFigures {
    pub(super) rounds: u64,
    /// Publications accepted (rounds × channels, less refused requests).
    pub(super) publications: u64,
    pub(super) requests: u64,
    pub(super) errors: u64,
    pub(super) seconds: f64,
    pub(super) per_second: f64,
    pub(super) requests_per_second: f64,
    /// API request round trips.
    pub(super) latency_ms: Option<LatencySummary>,
}

/// Delivery figures: the tally over all subscribers, and the rate.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DeliveryFigures {
    #[serde(flatten)]
    pub(super) tally: Tally,
    /// From the first publication to the last delivery.
    pub(super) seconds: f64,
    pub(super) per_second: f64,
}

/// What the server used (needs its PID, or the in-process floor's thread).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct ServerFigures {
    pub(super) cpu_s: f64,
    /// CPU seconds per wall second over the measured window (1.0 = one core busy).
    pub(super) cpu_busy: f64,
    pub(super) rss_before_kib: Option<u64>,
    pub(super) rss_after_kib: Option<u64>,
    pub(super) rss_per_connection_bytes: Option<f64>,
    pub(super) deliveries_per_cpu_s: Option<f64>,
    pub(super) publications_per_cpu_s: Option<f64>,
    pub(super) connections_per_cpu_s: Option<f64>,
    /// Connect: server CPU microseconds per connection made (connect + subscribe).
    pub(super) cpu_us_per_connect: Option<f64>,
    /// Idle: CPU microseconds per connection per second held.
    pub(super) cpu_us_per_connection_s: Option<f64>,
}

/// One side's results. Field names are a contract (`-o json`).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct SideReport {
    pub(super) url: String,
    pub(super) pid: Option<u32>,
    /// How the subscribers connected: `websocket`, `http_stream` or `sse` (empty in `pub`).
    pub(super) transport: &'static str,
    /// Their protocol: `json` or `protobuf` (empty in `pub`).
    pub(super) protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) connect: Option<ConnectFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publish: Option<PublishFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) delivery: Option<DeliveryFigures>,
    /// Publish→receive latency of the deliveries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) latency_ms: Option<LatencySummary>,
    pub(super) server: Option<ServerFigures>,
    /// This process's CPU seconds over the measured window (the in-process floor excluded).
    pub(super) client_cpu_s: f64,
    /// Subscribers the server closed during the run.
    pub(super) disconnects: u64,
    pub(super) first_disconnect: Option<String>,
    /// The first publish error, when publishing stopped early.
    pub(super) error: Option<String>,
}

impl SideReport {
    /// Nothing missing, duplicated or cut off.
    pub(super) fn complete(&self) -> bool {
        self.disconnects == 0
            && self
                .delivery
                .as_ref()
                .is_none_or(|d| d.tally.missing == 0 && d.tally.duplicates == 0)
    }
}

/// The whole run. Field names are a contract (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Report {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) mode: Mode,
    pub(super) params: serde_json::Value,
    pub(super) target: SideReport,
    /// `in-process` or `external`; null without a baseline.
    pub(super) baseline_kind: Option<&'static str>,
    pub(super) baseline: Option<SideReport>,
    /// Target ÷ baseline for every figure both sides have (null when either lacks it).
    pub(super) ratios: Option<BTreeMap<String, Option<f64>>>,
    /// With several `--transports`: one run per transport, in order (`target` is the
    /// first's), each with its figures as ratios to the first's. Null with one transport.
    pub(super) transports: Option<Vec<TransportRun>>,
    /// `connect --proxy-backend`: the connects through the server's connect proxy, next to
    /// `target` (the JWT connects of the same run). Null otherwise.
    pub(super) proxy: Option<ProxyReport>,
    /// `connect --access-controls N`: the same connects with the access controls in force,
    /// next to `target` (none in force). Null otherwise.
    pub(super) access: Option<AccessReport>,
    pub(super) complete: bool,
    pub(super) interrupted: bool,
    pub(super) warnings: Vec<String>,
}

impl Report {
    /// Every side that ran, named as the table and the messages name it: `target` (or each
    /// transport's name in a comparison), then `baseline`.
    pub(super) fn sides(&self) -> Vec<(&str, &SideReport)> {
        let mut v: Vec<(&str, &SideReport)> = match (&self.transports, &self.proxy) {
            (Some(runs), _) => runs.iter().map(|r| (r.transport, &r.report)).collect(),
            (None, Some(p)) => vec![("jwt", &self.target), ("proxied", &p.proxied)],
            (None, None) => vec![("target", &self.target)],
        };
        if let Some(a) = &self.access {
            v.push(("access on", &a.on));
        }
        if let Some(b) = &self.baseline {
            v.push(("baseline", b));
        }
        v
    }
}

/// The goal for connects through the connect proxy: at least this share of the JWT
/// connects per second.
pub(super) const PROXY_GOAL: f64 = 0.5;

/// `connect --proxy-backend`: the proxied run and how it compares with the JWT one.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ProxyReport {
    /// `http://ADDR/connect`: the bench's backend, where the server's connect proxy calls.
    pub(super) endpoint: String,
    /// The same clients connecting without a token, each through the server's connect proxy.
    pub(super) proxied: SideReport,
    /// Proxied ÷ JWT connects per second (the goal is at least `goal_ratio`).
    pub(super) connects_per_second_ratio: Option<f64>,
    pub(super) goal_ratio: f64,
    /// Proxied connect p99 − JWT connect p99, milliseconds.
    pub(super) added_connect_p99_ms: Option<f64>,
    pub(super) backend: BackendFigures,
    /// Proxied ÷ JWT for every figure both runs have.
    pub(super) ratios: BTreeMap<String, Option<f64>>,
}

/// The goal for connects with access controls in force: at least this share of the
/// connects per second without them.
pub(super) const ACCESS_GOAL: f64 = 0.95;

/// `connect --access-controls N`: the run with the access controls in force.
#[derive(Debug, Clone, Serialize)]
pub(super) struct AccessReport {
    /// Entries of each kind in force (blocked users, revoked tokens, invalidated users).
    pub(super) entries_per_kind: u32,
    /// The same clients and tokens, connecting with the entries in force.
    pub(super) on: SideReport,
    /// On ÷ off connects per second (the goal is at least `goal_ratio`).
    pub(super) connects_per_second_ratio: Option<f64>,
    pub(super) goal_ratio: f64,
    /// On ÷ off for every figure both runs have.
    pub(super) ratios: BTreeMap<String, Option<f64>>,
}

impl AccessReport {
    pub(super) fn new(
        n: u32,
        off: &SideReport,
        on: SideReport,
        figures: &[(&str, Better)],
    ) -> Self {
        let value = |r: &SideReport| serde_json::to_value(r).unwrap_or_default();
        let rate = |r: &SideReport| r.connect.as_ref().map(|c| c.per_second);
        let connects_per_second_ratio = match (rate(&on), rate(off)) {
            (Some(a), Some(b)) if b > 0.0 => Some(round(a / b, 3)),
            _ => None,
        };
        Self {
            entries_per_kind: n,
            ratios: ratios(&value(&on), &value(off), figures),
            on,
            connects_per_second_ratio,
            goal_ratio: ACCESS_GOAL,
        }
    }

    pub(super) fn summary(&self) -> String {
        match self.connects_per_second_ratio {
            Some(r) => format!(
                "access controls on ÷ off connects/s: {r:.3}× with {n} blocked users, {n} revoked tokens and {n} invalidated users (goal ≥ {}×: {})\n",
                self.goal_ratio,
                if r >= self.goal_ratio { "met" } else { "missed" },
                n = self.entries_per_kind,
            ),
            None => "access controls on ÷ off connects/s: -\n".to_string(),
        }
    }
}

/// What the bench's backend saw during the proxied run.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BackendFigures {
    /// Requests read (one per proxied connect: equal to `proxied.connect.clients`).
    pub(super) calls: u64,
    /// Of those, answered with an error status (not a POST, no user in the connect data).
    pub(super) refused: u64,
    pub(super) first_refusal: Option<String>,
    /// The backend's own time per call, from the request read to the response written.
    pub(super) handling_ms: Option<LatencySummary>,
    /// The backend thread's CPU seconds over the proxied run.
    pub(super) cpu_s: f64,
    /// TCP connections the server's proxy client opened to the backend since the bench
    /// started (the pre-flight connect's included).
    pub(super) connections: u64,
}

impl ProxyReport {
    pub(super) fn new(
        endpoint: String,
        jwt: &SideReport,
        proxied: SideReport,
        backend: BackendFigures,
        figures: &[(&str, Better)],
    ) -> Self {
        let value = |r: &SideReport| serde_json::to_value(r).unwrap_or_default();
        let rate = |r: &SideReport| r.connect.as_ref().map(|c| c.per_second);
        let p99 = |r: &SideReport| {
            r.connect
                .as_ref()
                .and_then(|c| c.latency_ms.as_ref())
                .map(|l| l.p99)
        };
        let connects_per_second_ratio = match (rate(&proxied), rate(jwt)) {
            (Some(p), Some(j)) if j > 0.0 => Some(round(p / j, 3)),
            _ => None,
        };
        let added_connect_p99_ms = match (p99(&proxied), p99(jwt)) {
            (Some(p), Some(j)) => Some(round(p - j, 3)),
            _ => None,
        };
        Self {
            endpoint,
            ratios: ratios(&value(&proxied), &value(jwt), figures),
            proxied,
            connects_per_second_ratio,
            goal_ratio: PROXY_GOAL,
            added_connect_p99_ms,
            backend,
        }
    }

    /// Every proxied connect went through the backend exactly once, and none was refused.
    pub(super) fn complete(&self) -> bool {
        self.proxied.complete() && self.backend.refused == 0 && self.calls_match()
    }

    fn calls_match(&self) -> bool {
        self.proxied.connect.as_ref().map(|c| c.clients) == Some(self.backend.calls)
    }

    /// Lines under the table: the ratio against the goal, the added p99, the backend.
    fn summary(&self) -> String {
        let mut out = String::new();
        let ms = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.3} ms"));
        match self.connects_per_second_ratio {
            Some(r) => {
                let _ = writeln!(
                    out,
                    "proxied ÷ jwt connects/s: {r:.3}× (goal ≥ {}×: {})",
                    self.goal_ratio,
                    if r >= self.goal_ratio {
                        "met"
                    } else {
                        "missed"
                    }
                );
            }
            None => out.push_str("proxied ÷ jwt connects/s: -\n"),
        }
        let _ = writeln!(
            out,
            "added connect p99: {} (proxied p99 − jwt p99)",
            ms(self.added_connect_p99_ms)
        );
        let clients = self.proxied.connect.as_ref().map_or(0, |c| c.clients);
        let b = &self.backend;
        let h = b.handling_ms.as_ref();
        let _ = writeln!(
            out,
            "backend {}: {} calls for {clients} proxied connects, {} refused, {} connections; \
             handling p50 {}, p99 {}; CPU {:.3} s",
            self.endpoint,
            b.calls,
            b.refused,
            b.connections,
            ms(h.map(|l| l.p50)),
            ms(h.map(|l| l.p99)),
            b.cpu_s
        );
        out
    }
}

/// One transport's run of a `--transports` comparison.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TransportRun {
    pub(super) transport: &'static str,
    pub(super) report: SideReport,
    /// This run ÷ the first transport's, for every figure both have.
    pub(super) ratios: BTreeMap<String, Option<f64>>,
}

/// A figure shown in the table and given as a ratio.
pub(super) struct Figure {
    pub(super) path: &'static str,
    pub(super) label: &'static str,
    pub(super) better: Better,
}

pub(super) const FIGURES: &[Figure] = &[
    Figure {
        path: "connect.per_second",
        label: "connects/s",
        better: Better::Higher,
    },
    Figure {
        path: "connect.latency_ms.p99",
        label: "connect p99 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "publish.per_second",
        label: "publications/s",
        better: Better::Higher,
    },
    Figure {
        path: "publish.latency_ms.p50",
        label: "API request p50 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "publish.latency_ms.p99",
        label: "API request p99 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "delivery.per_second",
        label: "deliveries/s",
        better: Better::Higher,
    },
    Figure {
        path: "latency_ms.p50",
        label: "latency p50 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "latency_ms.p90",
        label: "latency p90 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "latency_ms.p99",
        label: "latency p99 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "latency_ms.p999",
        label: "latency p99.9 (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "latency_ms.max",
        label: "latency max (ms)",
        better: Better::Lower,
    },
    Figure {
        path: "server.cpu_s",
        label: "server CPU (s)",
        better: Better::Lower,
    },
    Figure {
        path: "server.deliveries_per_cpu_s",
        label: "deliveries/server CPU-s",
        better: Better::Higher,
    },
    Figure {
        path: "server.publications_per_cpu_s",
        label: "publications/server CPU-s",
        better: Better::Higher,
    },
    Figure {
        path: "server.connections_per_cpu_s",
        label: "connections/server CPU-s",
        better: Better::Higher,
    },
    Figure {
        path: "server.cpu_us_per_connect",
        label: "server CPU µs/connect",
        better: Better::Lower,
    },
    Figure {
        path: "server.rss_per_connection_bytes",
        label: "RSS/connection (B)",
        better: Better::Lower,
    },
    Figure {
        path: "server.cpu_us_per_connection_s",
        label: "idle CPU µs/s per conn",
        better: Better::Lower,
    },
    Figure {
        path: "client_cpu_s",
        label: "client CPU (s)",
        better: Better::Lower,
    },
];

pub(super) fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

pub(super) fn per(n: f64, secs: f64) -> f64 {
    if secs > 0.0 {
        round(n / secs, 1)
    } else {
        0.0
    }
}

/// Notes on how far the figures can be trusted.
pub(super) fn warnings(plan: &Plan, sides: &[(&str, &SideReport)]) -> Vec<String> {
    let mut w = Vec::new();
    for &(name, r) in sides {
        if let Some(s) = &r.server {
            if s.cpu_s < MIN_CPU_S && plan.mode != Mode::Connect {
                w.push(format!(
                    "{name}: the server used only {:.2} s of CPU; CPU figures are coarse \
                     below {MIN_CPU_S} s (/proc counts 10 ms ticks): run longer",
                    s.cpu_s
                ));
            }
            let wall = r
                .delivery
                .as_ref()
                .map(|d| d.seconds)
                .or(r.publish.as_ref().map(|p| p.seconds))
                .unwrap_or(0.0);
            if s.rss_per_connection_bytes.is_some_and(|b| b <= 0.0) {
                w.push(format!(
                    "{name}: RSS did not grow with the connections: the server reused memory \
                     freed earlier; measure a freshly started server"
                ));
            }
            let burst = plan.publish.as_ref().is_some_and(|p| p.rate.is_none());
            if burst && wall > 0.0 && s.cpu_busy < 0.95 && r.client_cpu_s / wall >= 0.9 {
                w.push(format!(
                    "{name}: the client was the bottleneck (server {:.0}% busy, client {:.0}%): \
                     the burst figures understate the server",
                    s.cpu_busy * 100.0,
                    r.client_cpu_s / wall * 100.0
                ));
            }
            if burst && wall > 0.0 && s.cpu_busy < 0.95 && r.client_cpu_s / wall < 0.9 {
                w.push(format!(
                    "{name}: neither the server ({:.0}% busy) nor the client ({:.0}%) was \
                     saturated: the publisher waited on its requests; raise --concurrency or \
                     --batch for a burst that loads the server",
                    s.cpu_busy * 100.0,
                    r.client_cpu_s / wall * 100.0
                ));
            }
        }
    }
    if plan.baseline == Baseline::InProcess {
        w.push(
            "in-process baseline: it shares this process (its CPU is its own thread's, its RSS \
             cannot be separated); for CPU and memory ratios pin an external floor with \
             `centri bench floor` and --baseline-url/--baseline-pid"
                .into(),
        );
    }
    if plan.server_pid.is_none() {
        w.push("no --server-pid: no server CPU or RSS figures".into());
    }
    w
}

/// The table for people: each figure for the target, the baseline and their ratio.
pub(super) fn render_table(ctx: &Ctx, plan: &Plan, r: &Report) -> String {
    /// A column: one side's figures, or the ratios of the side before it.
    enum Col<'a> {
        Side(serde_json::Value),
        Ratio(Option<&'a BTreeMap<String, Option<f64>>>),
    }
    let value = |s: &SideReport| Col::Side(serde_json::to_value(s).unwrap_or_default());
    let mut headers: Vec<String> = vec!["figure".into()];
    let mut cols: Vec<Col<'_>> = Vec::new();
    if let Some(runs) = &r.transports {
        for (i, run) in runs.iter().enumerate() {
            headers.push(run.transport.into());
            cols.push(value(&run.report));
            if i > 0 {
                headers.push(format!("÷ {}", runs[0].transport));
                cols.push(Col::Ratio(Some(&run.ratios)));
            }
        }
    } else if let Some(p) = &r.proxy {
        headers.push("jwt".into());
        cols.push(value(&r.target));
        headers.push("proxied".into());
        cols.push(value(&p.proxied));
        headers.push("proxied ÷ jwt".into());
        cols.push(Col::Ratio(Some(&p.ratios)));
    } else if let Some(a) = &r.access {
        headers.push("access off".into());
        cols.push(value(&r.target));
        headers.push("access on".into());
        cols.push(value(&a.on));
        headers.push("on ÷ off".into());
        cols.push(Col::Ratio(Some(&a.ratios)));
    } else {
        headers.push("target".into());
        cols.push(value(&r.target));
    }
    if let Some(b) = &r.baseline {
        headers.push("baseline".into());
        cols.push(value(b));
        headers.push("ratio".into());
        cols.push(Col::Ratio(r.ratios.as_ref()));
    }
    let get = |v: &serde_json::Value, path: &str| -> Option<serde_json::Value> {
        path.split('.')
            .try_fold(v, |v, k| v.get(k))
            .filter(|v| !v.is_null())
            .cloned()
    };
    let show = |v: Option<serde_json::Value>| match v {
        None => "-".to_string(),
        Some(serde_json::Value::Number(n)) => n.as_u64().map_or_else(
            || format!("{}", round(n.as_f64().unwrap_or(0.0), 3)),
            |u| u.to_string(),
        ),
        Some(other) => other.to_string(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    // `ratio`: the figure has ratios (counts do not).
    let mut push = |label: &str, path: &str, ratio: bool| {
        let any = cols
            .iter()
            .any(|c| matches!(c, Col::Side(v) if get(v, path).is_some()));
        if !any {
            return;
        }
        let mut row = vec![label.to_string()];
        for c in &cols {
            row.push(match c {
                Col::Side(v) => show(get(v, path)),
                Col::Ratio(m) => match m.and_then(|m| m.get(path).copied().flatten()) {
                    Some(x) if ratio => format!("{x:.3}×"),
                    _ => "-".into(),
                },
            });
        }
        rows.push(row);
    };
    for (label, path) in [
        ("clients", "connect.clients"),
        ("publications", "publish.publications"),
        ("deliveries expected", "delivery.expected"),
        ("deliveries received", "delivery.received"),
        ("missing", "delivery.missing"),
        ("duplicates", "delivery.duplicates"),
        ("reordered", "delivery.reordered"),
        ("disconnects", "disconnects"),
    ] {
        if plan.mode == Mode::Pub && label == "disconnects" {
            continue;
        }
        push(label, path, false);
    }
    for f in FIGURES {
        push(f.label, f.path, true);
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = format!("{}\n", plan.title());
    out.push_str(&ctx.out.render_table(&headers, &rows));
    if let Some(p) = &r.proxy {
        out.push_str(&p.summary());
    }
    if let Some(a) = &r.access {
        out.push_str(&a.summary());
    }
    for w in &r.warnings {
        let _ = writeln!(out, "note: {w}");
    }
    out
}

/// Exit 9 with the counts.
pub(super) fn incomplete(r: &Report) -> Failure {
    let sides = r.sides();
    let mut parts = Vec::new();
    for (name, s) in sides {
        if s.complete() {
            continue;
        }
        let mut what = Vec::new();
        if let Some(d) = &s.delivery {
            if d.tally.missing > 0 {
                what.push(format!(
                    "{} of {} deliveries missing",
                    d.tally.missing, d.tally.expected
                ));
            }
            if d.tally.duplicates > 0 {
                what.push(format!("{} duplicates", d.tally.duplicates));
            }
        }
        if s.disconnects > 0 {
            what.push(format!(
                "{} clients disconnected (first: {})",
                s.disconnects,
                s.first_disconnect.as_deref().unwrap_or("?")
            ));
        }
        parts.push(format!("{name}: {}", what.join(", ")));
    }
    if let Some(p) = &r.proxy {
        let b = &p.backend;
        if !p.calls_match() {
            parts.push(format!(
                "the backend saw {} calls for {} proxied connects",
                b.calls,
                p.proxied.connect.as_ref().map_or(0, |c| c.clients)
            ));
        }
        if b.refused > 0 {
            parts.push(format!(
                "the backend refused {} calls (first: {})",
                b.refused,
                b.first_refusal.as_deref().unwrap_or("?")
            ));
        }
    }
    Failure::new(Class::Partial, format!("incomplete run: {}", parts.join("; ")))
        .hint("the server dropped or repeated messages; see the report (missing, duplicates, disconnects)")
}

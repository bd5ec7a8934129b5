//! The report of `centri bench map`: each side's figures (the map's state delivery, the
//! stream's publications), map ÷ stream for each rate and time, the table for people, and the
//! failure of an incomplete run (exit 9, naming what was missing). Field names are a
//! contract (`-o json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::super::{per, round};
use crate::bench::accounting::{ratios, Better, Tally};
use crate::bench::map::client::End;
use crate::bench::map::FillOutcome;
use crate::commands::{Class, Ctx, Failure};

/// Client CPU per wall second from which the client, not the server, set the pace.
const CLIENT_BOUND: f64 = 0.9;

/// Filling the map through the API (not measured against anything).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct FillFigures {
    pub(super) keys: u64,
    pub(super) requests: u64,
    pub(super) seconds: f64,
    pub(super) per_second: f64,
}

impl FillFigures {
    pub(super) fn new(o: &FillOutcome) -> Self {
        Self {
            keys: o.keys,
            requests: o.requests,
            seconds: round(o.seconds, 3),
            per_second: per(o.keys as f64, o.seconds),
        }
    }
}

/// How the subscribers connected (before the clock started).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct ConnectFigures {
    pub(super) seconds: f64,
    pub(super) per_second: f64,
}

/// What reached the subscribers, summed over all of them, and how fast.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct Delivery {
    /// Keys (map) or publications (stream): `expected` is K per subscriber.
    #[serde(flatten)]
    pub(super) tally: Tally,
    /// From the start (the go signal; the first publish request) until the last subscriber
    /// had everything, or until the run stopped.
    pub(super) seconds: f64,
    /// Keys or publications received per second, by all subscribers.
    pub(super) per_second: f64,
    /// Bytes of the WebSocket messages the subscribers read.
    pub(super) bytes: u64,
    pub(super) bytes_per_second: f64,
    /// Bytes of the values' data received (the same on both sides for the same counts).
    pub(super) payload_bytes: u64,
    pub(super) payload_bytes_per_second: f64,
}

/// The map subscribers' paging, summed.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct MapPages {
    /// Subscribe replies: state pages, stream pages and live replies.
    pub(super) replies: u64,
    pub(super) stream_pages: u64,
    /// The most state entries one reply carried (the page size the server granted).
    pub(super) largest_page: u64,
    /// Publications in stream pages and live replies (changes after the state; 0 when
    /// nothing else writes to the map).
    pub(super) caught_up: u64,
}

impl MapPages {
    pub(super) fn add(&mut self, e: &End) {
        self.replies += e.pages;
        self.stream_pages += e.stream_pages;
        self.largest_page = self.largest_page.max(e.largest_page);
        self.caught_up += e.caught_up;
    }
}

/// The stream's publisher.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct StreamPublish {
    /// Publications the server accepted.
    pub(super) publications: u64,
    pub(super) requests: u64,
    pub(super) errors: u64,
    pub(super) seconds: f64,
}

/// One side's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct SideFigures {
    pub(super) channel: String,
    pub(super) clients: u64,
    pub(super) connect: ConnectFigures,
    /// Subscribers that got everything exactly once (the map's: and went live).
    pub(super) complete_clients: u64,
    /// Map: subscribers the server declared live (phase 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) live: Option<u64>,
    pub(super) delivery: Delivery,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pages: Option<MapPages>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publish: Option<StreamPublish>,
    /// The server's CPU seconds over the delivery (with --server-pid).
    pub(super) server_cpu_s: Option<f64>,
    /// This process's CPU seconds over the delivery.
    pub(super) client_cpu_s: f64,
    /// Subscribers the server closed during the run.
    pub(super) disconnects: u64,
    pub(super) first_disconnect: Option<String>,
    /// The first publish error, when publishing stopped early.
    pub(super) error: Option<String>,
}

impl SideFigures {
    pub(super) fn new(channel: &str, clients: u64, connect_s: f64) -> Self {
        Self {
            channel: channel.to_string(),
            clients,
            connect: ConnectFigures {
                seconds: round(connect_s, 3),
                per_second: per(clients as f64, connect_s),
            },
            ..Self::default()
        }
    }

    /// The delivery: `whole` subscribers got everything; `size` bytes per value.
    pub(super) fn delivered(
        &mut self,
        tally: Tally,
        whole: u64,
        secs: f64,
        bytes: u64,
        size: usize,
    ) {
        let payload = tally.received * size as u64;
        self.complete_clients = whole;
        self.delivery = Delivery {
            tally,
            seconds: round(secs, 3),
            per_second: per(tally.received as f64, secs),
            bytes,
            bytes_per_second: per(bytes as f64, secs),
            payload_bytes: payload,
            payload_bytes_per_second: per(payload as f64, secs),
        };
    }

    /// CPU between two samples of (own CPU, the server's CPU).
    pub(super) fn cpu(&mut self, before: (f64, Option<f64>), after: (f64, Option<f64>)) {
        self.client_cpu_s = round((after.0 - before.0).max(0.0), 3);
        self.server_cpu_s = match (before.1, after.1) {
            (Some(b), Some(a)) => Some(round((a - b).max(0.0), 3)),
            _ => None,
        };
    }

    /// Every subscriber got everything exactly once, and none was cut off.
    pub(super) fn complete(&self) -> bool {
        let t = &self.delivery.tally;
        t.missing == 0
            && t.duplicates == 0
            && t.unexpected == 0
            && self.disconnects == 0
            && self.complete_clients == self.clients
            && self.live.is_none_or(|l| l == self.clients)
    }

    /// What is wrong, for the failure; empty when complete.
    fn faults(&self, item: &str, deadline: Duration) -> Vec<String> {
        let t = &self.delivery.tally;
        let mut v = Vec::new();
        if let Some(live) = self.live.filter(|&l| l < self.clients) {
            v.push(format!(
                "{} of {} subscribers not live",
                self.clients - live,
                self.clients
            ));
        }
        if t.missing > 0 {
            v.push(format!("{} of {} {item} missing", t.missing, t.expected));
        }
        if t.duplicates > 0 {
            v.push(format!("{} {item} received twice", t.duplicates));
        }
        if t.unexpected > 0 {
            v.push(format!(
                "{} {item} that the bench did not write",
                t.unexpected
            ));
        }
        if self.disconnects > 0 {
            v.push(format!(
                "{} subscribers disconnected (first: {})",
                self.disconnects,
                self.first_disconnect.as_deref().unwrap_or("?")
            ));
        }
        if v.is_empty() && self.complete_clients < self.clients {
            v.push(format!(
                "{} of {} subscribers incomplete",
                self.clients - self.complete_clients,
                self.clients
            ));
        }
        if !v.is_empty() && self.delivery.seconds >= deadline.as_secs_f64() {
            v.push(format!(
                "after --deadline {}",
                humantime::format_duration(deadline)
            ));
        }
        v
    }
}

/// A figure given as a ratio, map ÷ stream.
struct Figure {
    path: &'static str,
    label: &'static str,
    better: Better,
}

const FIGURES: &[Figure] = &[
    Figure {
        path: "delivery.seconds",
        label: "wall time (s)",
        better: Better::Lower,
    },
    Figure {
        path: "delivery.per_second",
        label: "keys | publications/s",
        better: Better::Higher,
    },
    Figure {
        path: "delivery.bytes",
        label: "bytes received",
        better: Better::Lower,
    },
    Figure {
        path: "delivery.bytes_per_second",
        label: "bytes/s",
        better: Better::Higher,
    },
    Figure {
        path: "delivery.payload_bytes_per_second",
        label: "value bytes/s",
        better: Better::Higher,
    },
    Figure {
        path: "server_cpu_s",
        label: "server CPU (s)",
        better: Better::Lower,
    },
    Figure {
        path: "client_cpu_s",
        label: "client CPU (s)",
        better: Better::Lower,
    },
];

/// The whole run. Field names are a contract (`-o json`).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Report {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) mode: &'static str,
    pub(super) params: serde_json::Value,
    pub(super) fill: FillFigures,
    pub(super) map: SideFigures,
    pub(super) stream: SideFigures,
    /// Map ÷ stream for every figure both sides have (null when either lacks it).
    pub(super) ratios: BTreeMap<String, Option<f64>>,
    pub(super) complete: bool,
    pub(super) interrupted: bool,
    pub(super) warnings: Vec<String>,
}

impl Report {
    pub(super) fn new(
        params: serde_json::Value,
        fill: FillFigures,
        map: SideFigures,
        stream: SideFigures,
        interrupted: bool,
    ) -> Self {
        let value = |s: &SideFigures| serde_json::to_value(s).unwrap_or_default();
        let figures: Vec<(&str, Better)> = FIGURES.iter().map(|f| (f.path, f.better)).collect();
        let mut warnings = Vec::new();
        if map.server_cpu_s.is_none() {
            warnings.push("no --server-pid: no server CPU figures".to_string());
        }
        for (name, s) in [("map", &map), ("stream", &stream)] {
            let d = &s.delivery;
            if d.seconds > 0.0 && s.client_cpu_s / d.seconds >= CLIENT_BOUND {
                warnings.push(format!(
                    "{name}: the client used {:.0}% of a core: it may have set the pace; on a \
                     shared machine the ratio holds better than the absolute figures",
                    s.client_cpu_s / d.seconds * 100.0
                ));
            }
        }
        Self {
            kind: "summary",
            mode: "map",
            params,
            fill,
            ratios: ratios(&value(&map), &value(&stream), &figures),
            complete: map.complete() && stream.complete() && !interrupted,
            map,
            stream,
            interrupted,
            warnings,
        }
    }

    /// Map ÷ stream for one figure.
    fn ratio(&self, path: &str) -> Option<f64> {
        self.ratios.get(path).copied().flatten()
    }

    /// The table for people: each figure for the map, the stream and map ÷ stream.
    pub(super) fn table(&self, ctx: &Ctx, title: &str) -> String {
        let (map, stream) = (&self.map, &self.stream);
        let count = |v: u64| v.to_string();
        let num = |v: f64| format!("{}", round(v, 3));
        let opt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), num);
        let ratio = |path: &str| {
            self.ratio(path)
                .map_or_else(|| "-".to_string(), |r| format!("{r:.3}×"))
        };
        let (mt, st) = (&map.delivery.tally, &stream.delivery.tally);
        let dash = || "-".to_string();
        let mut rows: Vec<Vec<String>> = vec![
            vec![
                "subscribers".into(),
                count(map.clients),
                count(stream.clients),
                dash(),
            ],
            // Not compared: the map's connect is a connect, the stream's also subscribes.
            vec![
                "connects/s".into(),
                num(map.connect.per_second),
                num(stream.connect.per_second),
                dash(),
            ],
            vec![
                "expected".into(),
                count(mt.expected),
                count(st.expected),
                dash(),
            ],
            vec![
                "received".into(),
                count(mt.received),
                count(st.received),
                dash(),
            ],
            vec![
                "missing".into(),
                count(mt.missing),
                count(st.missing),
                dash(),
            ],
            vec![
                "duplicates".into(),
                count(mt.duplicates),
                count(st.duplicates),
                dash(),
            ],
            vec![
                "unexpected".into(),
                count(mt.unexpected),
                count(st.unexpected),
                dash(),
            ],
            vec![
                "complete subscribers".into(),
                count(map.complete_clients),
                count(stream.complete_clients),
                dash(),
            ],
            vec![
                "disconnects".into(),
                count(map.disconnects),
                count(stream.disconnects),
                dash(),
            ],
        ];
        if let Some(p) = &map.pages {
            rows.push(vec![
                "subscribe replies".into(),
                count(p.replies),
                dash(),
                dash(),
            ]);
            rows.push(vec![
                "largest page".into(),
                count(p.largest_page),
                dash(),
                dash(),
            ]);
        }
        if let Some(p) = &stream.publish {
            rows.push(vec![
                "publish requests".into(),
                dash(),
                count(p.requests),
                dash(),
            ]);
        }
        for fig in FIGURES {
            let (on_map, on_stream) = match fig.path {
                "delivery.seconds" => (num(map.delivery.seconds), num(stream.delivery.seconds)),
                "delivery.per_second" => (
                    num(map.delivery.per_second),
                    num(stream.delivery.per_second),
                ),
                "delivery.bytes" => (count(map.delivery.bytes), count(stream.delivery.bytes)),
                "delivery.bytes_per_second" => (
                    num(map.delivery.bytes_per_second),
                    num(stream.delivery.bytes_per_second),
                ),
                "delivery.payload_bytes_per_second" => (
                    num(map.delivery.payload_bytes_per_second),
                    num(stream.delivery.payload_bytes_per_second),
                ),
                "server_cpu_s" => (opt(map.server_cpu_s), opt(stream.server_cpu_s)),
                _ => (num(map.client_cpu_s), num(stream.client_cpu_s)),
            };
            rows.push(vec![fig.label.into(), on_map, on_stream, ratio(fig.path)]);
        }
        let mut out = format!("{title}\n");
        out.push_str(
            &ctx.out
                .render_table(&["figure", "map", "stream", "map ÷ stream"], &rows),
        );
        let _ = writeln!(
            out,
            "map ÷ stream: bytes/s {}, wall time {}",
            ratio("delivery.bytes_per_second"),
            ratio("delivery.seconds")
        );
        let _ = writeln!(
            out,
            "filled {} keys in {} s ({} keys/s, {} requests)",
            self.fill.keys, self.fill.seconds, self.fill.per_second, self.fill.requests
        );
        for w in &self.warnings {
            let _ = writeln!(out, "note: {w}");
        }
        out
    }

    /// Exit 9, naming what was missing on each side.
    pub(super) fn incomplete(&self, deadline: &Duration) -> Failure {
        let mut parts = Vec::new();
        for (name, s, item) in [
            ("map", &self.map, "keys"),
            ("stream", &self.stream, "publications"),
        ] {
            let faults = s.faults(item, *deadline);
            if !faults.is_empty() {
                parts.push(format!("{name}: {}", faults.join(", ")));
            }
        }
        let slow = [&self.map, &self.stream].iter().any(|s| {
            s.first_disconnect
                .as_deref()
                .is_some_and(|d| d.starts_with("3008"))
        });
        let hint = if slow {
            "3008 slow: the server's queue for a subscriber overflowed; raise client.queue_max_size, or lower --stream-window"
        } else if self.map.delivery.tally.missing > 0 && self.map.disconnects == 0 {
            "keys expire after map.key_ttl in the ephemeral and recoverable modes (use mode persistent); a slow run needs a longer --deadline"
        } else {
            "the counts are in the report (-o json: map.delivery, stream.delivery)"
        };
        Failure::new(
            Class::Partial,
            format!("incomplete run: {}", parts.join("; ")),
        )
        .hint(hint)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn side(received: u64, missing: u64, secs: f64, bytes: u64) -> SideFigures {
        let mut s = SideFigures::new("c", 10, 0.5);
        let tally = Tally {
            expected: 100,
            received,
            missing,
            ..Tally::default()
        };
        let whole = if missing == 0 { 10 } else { 9 };
        s.delivered(tally, whole, secs, bytes, 100);
        s
    }

    #[test]
    fn figures_rates_and_ratios() {
        let mut map = side(100, 0, 2.0, 20_000);
        map.live = Some(10);
        let stream = side(100, 0, 1.0, 25_000);
        let d = &map.delivery;
        assert_eq!((d.per_second, d.bytes_per_second), (50.0, 10_000.0));
        assert_eq!(
            (d.payload_bytes, d.payload_bytes_per_second),
            (10_000, 5000.0)
        );
        assert!((map.connect.per_second - 20.0).abs() < 1e-9);
        let r = Report::new(
            serde_json::json!({}),
            FillFigures::default(),
            map,
            stream,
            false,
        );
        assert!(r.complete);
        assert_eq!(r.ratio("delivery.seconds"), Some(2.0));
        assert_eq!(r.ratio("delivery.bytes_per_second"), Some(0.4));
        assert_eq!(r.ratio("delivery.payload_bytes_per_second"), Some(0.5));
        assert_eq!(r.ratio("delivery.bytes"), Some(0.8));
        // Without --server-pid: no server CPU ratio (neither side has the figure), and a note.
        assert!(!r.ratios.contains_key("server_cpu_s"));
        assert!(r.warnings.iter().any(|w| w.contains("--server-pid")));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["map"]["delivery"]["expected"], 100);
        assert_eq!(v["map"]["live"], 10);
        assert!(v["stream"].get("live").is_none());
        assert_eq!(v["ratios"]["delivery.bytes_per_second"], 0.4);
    }

    #[test]
    fn an_incomplete_run_names_what_was_missing() {
        let mut map = side(90, 10, 120.0, 1);
        map.live = Some(9);
        let mut stream = side(100, 0, 1.0, 1);
        stream.disconnects = 2;
        stream.first_disconnect = Some("3008 slow".into());
        let r = Report::new(
            serde_json::json!({}),
            FillFigures::default(),
            map,
            stream,
            false,
        );
        assert!(!r.complete);
        let f = r.incomplete(&Duration::from_secs(120));
        assert_eq!(f.class, Class::Partial);
        for says in [
            "map: 1 of 10 subscribers not live",
            "10 of 100 keys missing",
            "after --deadline 2m",
            "stream: 2 subscribers disconnected (first: 3008 slow)",
        ] {
            assert!(f.message.contains(says), "{says}: {}", f.message);
        }
        assert!(f.hint.unwrap().contains("queue_max_size"));
        // A duplicate alone is a failure too.
        let mut map = side(101, 0, 1.0, 1);
        map.delivery.tally.duplicates = 1;
        map.live = Some(10);
        let r = Report::new(
            serde_json::json!({}),
            FillFigures::default(),
            map,
            side(100, 0, 1.0, 1),
            false,
        );
        assert!(!r.complete);
        assert!(r
            .incomplete(&Duration::from_secs(60))
            .message
            .contains("1 keys received twice"));
    }
}

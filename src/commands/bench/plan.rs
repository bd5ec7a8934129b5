//! What a `centri bench` run will do, decided from its flags before anything connects: the
//! mode (fan-out, publish, connect, idle), the baseline, the channels, rates and transports,
//! and the checks of what was asked (PIDs, transports).

#[allow(clippy::wildcard_imports)] // the bench command's own types and imports
use super::*;

/// Rounds per second when neither `--rate` nor `--burst` is given.
pub(super) const DEFAULT_RATE: f64 = 10.0;
/// Rounds per request with `--burst` when `--batch` is not given.
pub(super) const DEFAULT_BURST_BATCH: u64 = 16;
/// How long connections settle before RSS is read (as perf-probe does).
pub(super) const SETTLE: Duration = Duration::from_millis(1500);
/// Server CPU below this makes CPU figures unreliable (/proc counts 10 ms ticks).
pub(super) const MIN_CPU_S: f64 = 0.2;
/// Descriptors kept free for everything besides the subscribers.
pub(super) const SPARE_FDS: u64 = 128;

/// The bench modes that generate load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Mode {
    Fanout,
    Pub,
    Connect,
    Idle,
}

/// Where the floor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Baseline {
    None,
    InProcess,
    External { url: String, pid: Option<u32> },
}

/// A run, checked before anything connects.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) mode: Mode,
    pub(super) clients: u64,
    pub(super) channels: Vec<String>,
    pub(super) publish: Option<PublishPlan>,
    /// `idle`: how long to hold the connections.
    pub(super) hold: Duration,
    pub(super) drain: Duration,
    pub(super) server_pid: Option<u32>,
    /// `--max-rss-per-conn`: bytes.
    pub(super) max_rss_per_conn: Option<u64>,
    pub(super) baseline: Baseline,
    pub(super) secret: Option<String>,
    pub(super) connect_concurrency: usize,
    pub(super) timeout: Duration,
    pub(super) server: String,
    /// Where publications go (`--publish-via`), when not to `server`.
    pub(super) publish_via: Option<String>,
    pub(super) api_key: Option<String>,
    pub(super) trace_http: bool,
    pub(super) channel_prefix: String,
    /// The subscribers' protocol against the target (the floor always gets JSON).
    pub(super) protocol: Protocol,
    /// The target runs once per transport, in this order; never empty.
    pub(super) transports: Vec<Transport>,
    /// `connect --proxy-backend`: where the bench serves the connect proxy's backend; the
    /// connects then run twice, with a JWT each and through the server's connect proxy.
    pub(super) proxy_backend: Option<std::net::SocketAddr>,
    /// `connect --access-controls N`: the connects run again with 3N entries in force.
    pub(super) access_controls: Option<u32>,
}

pub(super) fn publish_plan(o: &BenchPublishOpts, channels: &[String]) -> PublishPlan {
    PublishPlan {
        channels: channels.to_vec(),
        rate: (!o.burst).then(|| o.rate.unwrap_or(DEFAULT_RATE)),
        batch: o
            .batch
            .unwrap_or(if o.burst { DEFAULT_BURST_BATCH } else { 1 }),
        concurrency: o.concurrency as usize,
        duration: o.duration,
        size: o.size as usize,
        max_rounds: o.count.unwrap_or(0),
    }
}

pub(super) fn check_pid(flag: &str, pid: Option<u32>) -> Result<Option<u32>, Failure> {
    match pid {
        Some(p) if !sys::exists(p) => Err(Failure::usage(format!(
            "{flag} {p}: there is no such process on this machine"
        ))
        .hint("the PID of the server process (e.g. `pidof centri`); CPU and RSS come from /proc")),
        p => Ok(p),
    }
}

/// Builds the plan from the command line and the effective settings; no I/O besides
/// checking that the given PIDs exist.
pub(super) fn plan(cmd: &BenchCmd, s: &Settings, verbose: u8) -> Result<Plan, Failure> {
    let (mode, clients, channels, publish, hold, drain, common) = match cmd {
        BenchCmd::Fanout(BenchFanoutArgs {
            clients,
            channels,
            publish,
            drain,
            common,
        }) => (
            Mode::Fanout,
            *clients,
            *channels,
            Some(publish),
            Duration::ZERO,
            *drain,
            common,
        ),
        BenchCmd::Pub(BenchPubArgs {
            channels,
            publish,
            common,
        }) => (
            Mode::Pub,
            0,
            *channels,
            Some(publish),
            Duration::ZERO,
            Duration::ZERO,
            common,
        ),
        BenchCmd::Connect(BenchConnectArgs { clients: a, .. }) | BenchCmd::Idle(a) => {
            let BenchClientsArgs {
                clients,
                channels,
                duration,
                common,
            } = a;
            let mode = if matches!(cmd, BenchCmd::Connect(_)) {
                Mode::Connect
            } else {
                Mode::Idle
            };
            (
                mode,
                *clients,
                *channels,
                None,
                *duration,
                Duration::ZERO,
                common,
            )
        }
        BenchCmd::Floor(_) => return Err(Failure::usage("`bench floor` generates no load")),
        BenchCmd::Push(_) | BenchCmd::PushFloor(_) | BenchCmd::Churn(_) | BenchCmd::Map(_) => {
            return Err(Failure::usage(
                "`bench push`, `bench churn` and `bench map` plan their own runs",
            ))
        }
    };
    let BenchCommon {
        server_pid,
        baseline,
        baseline_url,
        baseline_pid,
        token_secret,
        channel_prefix,
        publish_via,
        connect_concurrency,
        max_rss_per_conn,
        protobuf,
        transports,
    } = common;
    let transports = subscriber_transports(mode, *protobuf, transports)?;
    if mode != Mode::Pub && channels > clients {
        return Err(Failure::usage(format!(
            "--channels {channels} is more than --clients {clients}: some channels would have no subscriber"
        )));
    }
    let names: Vec<String> = (0..channels)
        .map(|i| format!("{channel_prefix}{i}"))
        .collect();
    let secret = token_secret.clone().or_else(|| s.hmac_secret.clone());
    if mode != Mode::Pub && secret.is_none() {
        return Err(Failure::usage("no HMAC secret to mint the subscribers' connection tokens")
            .hint("pass --token-secret or --hmac-secret, set CENTRI_HMAC_SECRET, or use a context that has one (centri context add NAME --server URL --hmac-secret S)"));
    }
    let baseline = match (baseline, baseline_url) {
        (true, _) => Baseline::InProcess,
        (false, Some(url)) => {
            crate::commands::sub::ws_url(url)?;
            Baseline::External {
                url: url.trim_end_matches('/').to_string(),
                pid: check_pid("--baseline-pid", *baseline_pid)?,
            }
        }
        (false, None) => Baseline::None,
    };
    let (proxy_backend, access_controls) = match cmd {
        BenchCmd::Connect(a) => (a.proxy_backend, a.access_controls),
        _ => (None, None),
    };
    if proxy_backend.is_some() && baseline != Baseline::None {
        return Err(Failure::usage(
            "--proxy-backend compares JWT connects with proxied ones on the same server; \
             it takes no --baseline or --baseline-url",
        ));
    }
    crate::commands::sub::ws_url(&s.server)?;
    Ok(Plan {
        mode,
        clients,
        publish: publish.map(|p| publish_plan(p, &names)),
        channels: names,
        hold,
        drain,
        server_pid: check_pid("--server-pid", *server_pid)?,
        baseline,
        secret,
        connect_concurrency: *connect_concurrency as usize,
        timeout: s.timeout,
        server: s.server.clone(),
        publish_via: publish_via
            .as_deref()
            .map(crate::context::normalize_server)
            .transpose()
            .map_err(|e| Failure::usage(format!("--publish-via: {e}")))?,
        api_key: s.api_key.clone(),
        trace_http: verbose >= 2,
        channel_prefix: channel_prefix.clone(),
        max_rss_per_conn: *max_rss_per_conn,
        protocol: if *protobuf {
            Protocol::Protobuf
        } else {
            Protocol::Json
        },
        transports,
        proxy_backend,
        access_controls,
    })
}

/// Checks `--protobuf` and `--transport(s)` against the mode and each other.
pub(super) fn subscriber_transports(
    mode: Mode,
    protobuf: bool,
    given: &[SubTransport],
) -> Result<Vec<Transport>, Failure> {
    let transports: Vec<Transport> = given
        .iter()
        .map(|t| match t {
            SubTransport::Websocket => Transport::Websocket,
            SubTransport::HttpStream => Transport::HttpStream,
            SubTransport::Sse => Transport::Sse,
        })
        .collect();
    if mode == Mode::Pub {
        if protobuf || transports != [Transport::Websocket] {
            return Err(Failure::usage(
                "--protobuf and --transport describe subscribers, and `bench pub` has none",
            )
            .hint("use them with fanout, connect or idle"));
        }
        return Ok(transports);
    }
    for (i, t) in transports.iter().enumerate() {
        if transports[..i].contains(t) {
            return Err(Failure::usage(format!(
                "--transports lists {} twice",
                t.name()
            )));
        }
    }
    if transports.len() > 1 && mode != Mode::Fanout {
        return Err(Failure::usage(format!(
            "--transports {}: comparing transports is for `bench fanout`; {} takes one --transport",
            given_names(&transports),
            match mode {
                Mode::Idle => "idle",
                _ => "connect",
            }
        )));
    }
    if protobuf {
        if let Some(t) = transports.iter().find(|t| **t != Transport::Websocket) {
            return Err(Failure::usage(format!(
                "--protobuf with --transport {}: the bench speaks Protobuf over WebSocket only; \
                 http_stream and sse subscribers are JSON",
                t.name()
            ))
            .hint("drop --protobuf, or use --transport websocket"));
        }
    }
    Ok(transports)
}

pub(super) fn given_names(ts: &[Transport]) -> String {
    ts.iter().map(|t| t.name()).collect::<Vec<_>>().join(",")
}

impl Plan {
    /// The parameters as reported.
    pub(super) fn params(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "clients": self.clients,
            "channels": self.channels.len(),
        });
        if let Some(p) = &self.publish {
            v["rate"] = serde_json::json!(p.rate);
            v["burst"] = serde_json::json!(p.rate.is_none());
            v["duration_s"] = serde_json::json!(p.duration.as_secs_f64());
            v["count"] = serde_json::json!((p.max_rounds > 0).then_some(p.max_rounds));
            v["size"] = serde_json::json!(p.size);
            v["batch"] = serde_json::json!(p.batch);
            v["concurrency"] = serde_json::json!(p.concurrency);
        }
        if self.mode == Mode::Fanout {
            v["drain_s"] = serde_json::json!(self.drain.as_secs_f64());
        }
        if self.mode == Mode::Idle {
            v["duration_s"] = serde_json::json!(self.hold.as_secs_f64());
        }
        if self.mode != Mode::Pub {
            v["protocol"] = serde_json::json!(self.protocol);
            v["transports"] = serde_json::json!(self.transports);
        }
        if let Some(a) = self.proxy_backend {
            v["proxy_backend"] = serde_json::json!(a.to_string());
        }
        if let Some(n) = self.access_controls {
            v["access_controls"] = serde_json::json!(n);
        }
        v
    }

    /// How the subscribers talk to the target: `json over websocket`; with several
    /// transports, the ratios' reference comes first.
    pub(super) fn wire(&self) -> String {
        let names: Vec<&str> = self.transports.iter().map(|t| t.name()).collect();
        format!("{} over {}", self.protocol.name(), names.join(", "))
    }

    /// One line for people: what the run does, and in which protocol over which transport.
    pub(super) fn title(&self) -> String {
        let what = self.what();
        if self.mode == Mode::Pub {
            return what;
        }
        let mut line = format!("{what}; {}", self.wire());
        if self.transports.len() > 1 {
            let _ = write!(line, " (ratios to {})", self.transports[0].name());
        }
        if self.baseline != Baseline::None && self.protocol != Protocol::Json {
            line.push_str("; the floor speaks json over websocket");
        }
        if let Some(a) = self.proxy_backend {
            let _ = write!(
                line,
                "; a JWT each, then no token through the connect proxy (backend http://{a}/connect)"
            );
        }
        if let Some(n) = self.access_controls {
            let _ = write!(
                line,
                "; after a warm-up run, once with no access controls and once with {n} blocked users, {n} revoked tokens and {n} invalidated users in force"
            );
        }
        line
    }

    pub(super) fn what(&self) -> String {
        let n = self.channels.len();
        let chans = format!("{n} channel{}", if n == 1 { "" } else { "s" });
        let how = |p: &PublishPlan| {
            let speed = p.rate.map_or_else(
                || {
                    format!(
                        "burst, {} per request, {} in flight",
                        p.batch, p.concurrency
                    )
                },
                |r| format!("{r}/s per channel"),
            );
            let count = if p.max_rounds > 0 {
                format!(" (at most {})", p.max_rounds)
            } else {
                String::new()
            };
            format!(
                "{speed} for {}{count}, {} B",
                humantime::format_duration(p.duration),
                p.size
            )
        };
        match (self.mode, &self.publish) {
            (Mode::Fanout, Some(p)) => {
                format!(
                    "bench fanout: {} clients on {chans}, {}",
                    self.clients,
                    how(p)
                )
            }
            (Mode::Pub, Some(p)) => format!("bench pub: {chans}, {}", how(p)),
            (Mode::Idle, _) => format!(
                "bench idle: {} clients on {chans} for {}",
                self.clients,
                humantime::format_duration(self.hold)
            ),
            _ => format!("bench connect: {} clients on {chans}", self.clients),
        }
    }
}

//! `centri bench`: the load generator. `fanout`, `pub`, `connect` and `idle` drive a server
//! with real WebSocket subscribers (protocol v2 JSON, tokens minted from the context's HMAC
//! secret or `--token-secret`) and the HTTP server API; `floor` serves the baseline
//! broadcaster standalone.
//!
//! With `--baseline` (an in-process floor on its own thread) or `--baseline-url URL
//! [--baseline-pid PID]` (an external one, e.g. `centri bench floor` pinned to a core), the
//! identical workload runs against the floor first, then against the target, and every
//! figure of the target is also given as a ratio to the floor's: absolute numbers vary from
//! run to run on a shared machine, ratios measured in one invocation hold.
//!
//! perf-probe's `bserver` (shared/perf-probe) cannot be the external floor: it answers no
//! connect or subscribe command, publishes only when told to over its own control port, and
//! stamps send times inside the server with `CLOCK_MONOTONIC`. Driving it would be a
//! different workload, so `--baseline-url` expects this protocol (the one `centri bench
//! floor` speaks) and no ratio against `bserver` is reported.
//!
//! Output: a table on a terminal, one JSON document with `-o json` (one line with `-o
//! ndjson`), field names as in [`Report`]. Progress goes to stderr, as a bar on a terminal.
//! Exit 0 for a complete run, 9 when publications were missing or duplicated or subscribers
//! were disconnected (the counts are in the report), 130 on Ctrl-C (after the report), and the
//! usual classes for failures (6 unreachable, 5 rejected, 4 auth, ...).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

mod access;
mod backend;
mod churn;
mod crowd;
mod map;
mod preflight;
mod push;
mod report;

#[allow(clippy::wildcard_imports)] // the pieces of this one command, split by concern
use crowd::*;
use preflight::preflight;

use report::{
    incomplete, per, render_table, round, warnings, AccessReport, BackendFigures, ConnectFigures,
    DeliveryFigures, ProxyReport, PublishFigures, Report, ServerFigures, SideReport, TransportRun,
    FIGURES,
};

use super::{hint_for, written, Class, Ctx, Failure};
use crate::bench::accounting::{ratios, Better, Tally};
use crate::bench::baseline::{self, Floor};
use crate::bench::load::{
    self, ConnError, Endpoint, Protocol, PublishOutcome, PublishPlan, Shared, SubscriberEnd,
    Transport,
};
use crate::bench::sys;
use crate::cli::{
    BenchClientsArgs, BenchCmd, BenchCommon, BenchConnectArgs, BenchFanoutArgs, BenchFloorArgs,
    BenchPubArgs, BenchPublishOpts, SubTransport,
};
use crate::client::{Client, ClientError};
use crate::context::Settings;
use crate::output::write_stdout;

/// Rounds per second when neither `--rate` nor `--burst` is given.
const DEFAULT_RATE: f64 = 10.0;
/// Rounds per request with `--burst` when `--batch` is not given.
const DEFAULT_BURST_BATCH: u64 = 16;
/// How long connections settle before RSS is read (as perf-probe does).
const SETTLE: Duration = Duration::from_millis(1500);
/// Server CPU below this makes CPU figures unreliable (/proc counts 10 ms ticks).
const MIN_CPU_S: f64 = 0.2;
/// Descriptors kept free for everything besides the subscribers.
const SPARE_FDS: u64 = 128;

/// The bench modes that generate load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Fanout,
    Pub,
    Connect,
    Idle,
}

/// Where the floor is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Baseline {
    None,
    InProcess,
    External { url: String, pid: Option<u32> },
}

/// A run, checked before anything connects.
#[derive(Debug, Clone)]
struct Plan {
    mode: Mode,
    clients: u64,
    channels: Vec<String>,
    publish: Option<PublishPlan>,
    /// `idle`: how long to hold the connections.
    hold: Duration,
    drain: Duration,
    server_pid: Option<u32>,
    /// `--max-rss-per-conn`: bytes.
    max_rss_per_conn: Option<u64>,
    baseline: Baseline,
    secret: Option<String>,
    connect_concurrency: usize,
    timeout: Duration,
    server: String,
    /// Where publications go (`--publish-via`), when not to `server`.
    publish_via: Option<String>,
    api_key: Option<String>,
    trace_http: bool,
    channel_prefix: String,
    /// The subscribers' protocol against the target (the floor always gets JSON).
    protocol: Protocol,
    /// The target runs once per transport, in this order; never empty.
    transports: Vec<Transport>,
    /// `connect --proxy-backend`: where the bench serves the connect proxy's backend; the
    /// connects then run twice, with a JWT each and through the server's connect proxy.
    proxy_backend: Option<std::net::SocketAddr>,
    /// `connect --access-controls N`: the connects run again with 3N entries in force.
    access_controls: Option<u32>,
}

fn publish_plan(o: &BenchPublishOpts, channels: &[String]) -> PublishPlan {
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

fn check_pid(flag: &str, pid: Option<u32>) -> Result<Option<u32>, Failure> {
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
fn plan(cmd: &BenchCmd, s: &Settings, verbose: u8) -> Result<Plan, Failure> {
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
            super::sub::ws_url(url)?;
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
    super::sub::ws_url(&s.server)?;
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
fn subscriber_transports(
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

fn given_names(ts: &[Transport]) -> String {
    ts.iter().map(|t| t.name()).collect::<Vec<_>>().join(",")
}

impl Plan {
    /// The parameters as reported.
    fn params(&self) -> serde_json::Value {
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
    fn wire(&self) -> String {
        let names: Vec<&str> = self.transports.iter().map(|t| t.name()).collect();
        format!("{} over {}", self.protocol.name(), names.join(", "))
    }

    /// One line for people: what the run does, and in which protocol over which transport.
    fn title(&self) -> String {
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

    fn what(&self) -> String {
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

/// Where a side's CPU and RSS come from.
#[derive(Debug, Clone, Copy)]
enum Probe<'a> {
    None,
    Pid(u32),
    /// The in-process floor: its thread's CPU; no RSS of its own.
    Thread(&'a Floor),
}

impl Probe<'_> {
    fn sample(&self) -> Option<sys::Sample> {
        match self {
            Probe::None => None,
            Probe::Pid(p) => sys::process(*p).ok(),
            Probe::Thread(f) => Some(sys::Sample {
                cpu_s: f.cpu_s(),
                rss_kib: None,
            }),
        }
    }

    fn pid(&self) -> Option<u32> {
        match self {
            Probe::Pid(p) => Some(*p),
            _ => None,
        }
    }

    fn floor_cpu(&self) -> f64 {
        match self {
            Probe::Thread(f) => f.cpu_s(),
            _ => 0.0,
        }
    }
}

/// The server one side of the run drives.
struct Side<'a> {
    name: &'static str,
    /// `http://HOST:PORT`.
    server: String,
    api: Client,
    probe: Probe<'a>,
    transport: Transport,
    protocol: Protocol,
    /// Connect without a token, with `{"user":"bench-I"}` as connect data, so that the
    /// server's connect proxy decides.
    proxied: bool,
}

/// Progress on stderr: a bar on a terminal, nothing otherwise.
struct Progress {
    pub(super) bar: ProgressBar,
}

impl Progress {
    fn new(visible: bool) -> Self {
        let bar = if visible {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        Self { bar }
    }

    /// A new phase: counted up to `len`, or a spinner.
    fn phase(&self, side: &str, what: &str, len: Option<u64>) {
        let template = if len.is_some() {
            "{prefix:>8} {msg:28} [{bar:30}] {pos}/{len} {elapsed}"
        } else {
            "{prefix:>8} {msg:28} {spinner} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.reset();
        self.bar.set_length(len.unwrap_or(0));
        self.bar.set_position(0);
        self.bar.set_prefix(side.to_string());
        self.bar.set_message(what.to_string());
        if !self.bar.is_hidden() {
            self.bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

fn connect_figures(crowd: &Crowd, clients: u64, seconds: f64) -> ConnectFigures {
    ConnectFigures {
        clients,
        seconds: round(seconds, 3),
        per_second: per(clients as f64, seconds),
        latency_ms: crowd.shared.connect_latency().summary(),
    }
}

fn publish_figures(o: &PublishOutcome, channels: usize) -> PublishFigures {
    let refused: u64 = o.failed.iter().map(|r| r.end - r.start).sum();
    let publications = (o.rounds - refused.min(o.rounds)) * channels as u64;
    PublishFigures {
        rounds: o.rounds,
        publications,
        requests: o.requests,
        errors: o.errors,
        seconds: round(o.seconds, 3),
        per_second: per(publications as f64, o.seconds),
        requests_per_second: per(o.requests as f64, o.seconds),
        latency_ms: o.latency.summary(),
    }
}

/// Server figures between two samples taken `wall` seconds apart.
fn server_figures(
    before: Option<sys::Sample>,
    after: Option<sys::Sample>,
    wall: f64,
) -> Option<ServerFigures> {
    let (b, a) = (before?, after?);
    let cpu_s = (a.cpu_s - b.cpu_s).max(0.0);
    Some(ServerFigures {
        cpu_s: round(cpu_s, 3),
        cpu_busy: if wall > 0.0 {
            round(cpu_s / wall, 3)
        } else {
            0.0
        },
        rss_before_kib: b.rss_kib,
        rss_after_kib: a.rss_kib,
        ..ServerFigures::default()
    })
}

/// Divides by the server's CPU seconds; `None` below one tick.
fn per_cpu(n: f64, s: Option<&ServerFigures>) -> Option<f64> {
    s.filter(|s| s.cpu_s > 0.0).map(|s| round(n / s.cpu_s, 1))
}

fn rss_per_connection(s: &mut ServerFigures, n: u64) {
    if let (Some(b), Some(a)) = (s.rss_before_kib, s.rss_after_kib) {
        if n > 0 {
            s.rss_per_connection_bytes = Some(round((a as f64 - b as f64) * 1024.0 / n as f64, 1));
        }
    }
}

/// Publishes with a progress bar; the publisher's outcome.
async fn run_publisher(
    plan: &PublishPlan,
    side: &Side<'_>,
    progress: &Progress,
    interrupt: &CancellationToken,
    shared: Option<&Shared>,
) -> PublishOutcome {
    let expected = plan.rate.map(|r| {
        let by_time = (r * plan.duration.as_secs_f64()).ceil() as u64;
        if plan.max_rounds > 0 {
            by_time.min(plan.max_rounds)
        } else {
            by_time
        }
    });
    progress.phase(
        side.name,
        "publishing",
        expected.or((plan.max_rounds > 0).then_some(plan.max_rounds)),
    );
    let last = std::cell::Cell::new(Instant::now());
    let on_round = |n: u64| {
        progress.bar.set_position(n);
        if last.get().elapsed() >= Duration::from_millis(200) {
            last.set(Instant::now());
            if let Some(s) = shared {
                progress.bar.set_message(format!(
                    "publishing, {} delivered",
                    s.delivered.load(Ordering::Relaxed)
                ));
            }
        }
    };
    load::publish(&side.api, plan, interrupt, &on_round).await
}

/// Runs the plan's workload against one side. A failure to set up (connect, warm up) is an
/// error; a publisher that failed midway still gives a report, with the failure beside it.
async fn measure(
    plan: &Plan,
    side: &Side<'_>,
    progress: &Progress,
    interrupt: &CancellationToken,
) -> Result<(SideReport, Option<Failure>), Failure> {
    let mut report = SideReport {
        url: side.server.clone(),
        pid: side.probe.pid(),
        ..SideReport::default()
    };
    if plan.mode != Mode::Pub {
        report.transport = side.transport.name();
        report.protocol = side.protocol.name();
    }
    if plan.publish.is_some() {
        warm_up(plan, side).await?;
    }
    let own0 = sys::own_cpu() - side.probe.floor_cpu();
    let clock0 = Instant::now();
    let before = side.probe.sample();
    let mut crowd = None;
    let mut failure = None;
    if plan.mode != Mode::Pub {
        let (c, secs) =
            connect_all(plan, side, progress, interrupt, plan.mode == Mode::Fanout).await?;
        report.connect = Some(connect_figures(&c, plan.clients, secs));
        crowd = Some(c);
    }
    match plan.mode {
        Mode::Connect | Mode::Idle => {
            progress.phase(side.name, "settling", None);
            tokio::select! {
                () = interrupt.cancelled() => {}
                () = tokio::time::sleep(SETTLE) => {}
            }
            let mid = side.probe.sample();
            let mut server = server_figures(before, mid, clock0.elapsed().as_secs_f64());
            if let Some(s) = &mut server {
                rss_per_connection(s, plan.clients);
                s.connections_per_cpu_s = per_cpu(plan.clients as f64, Some(s));
                if plan.mode == Mode::Connect && plan.clients > 0 {
                    s.cpu_us_per_connect = Some(round(s.cpu_s * 1e6 / plan.clients as f64, 1));
                }
            }
            if plan.mode == Mode::Idle && !interrupt.is_cancelled() {
                progress.phase(side.name, "holding", Some(plan.hold.as_secs()));
                let held = Instant::now();
                let end = tokio::time::Instant::now() + plan.hold;
                while tokio::time::Instant::now() < end && !interrupt.is_cancelled() {
                    tokio::select! {
                        () = interrupt.cancelled() => {}
                        () = tokio::time::sleep(Duration::from_millis(250).min(end - tokio::time::Instant::now())) => {}
                    }
                    progress.bar.set_position(held.elapsed().as_secs());
                }
                let secs = held.elapsed().as_secs_f64();
                if let (Some(s), Some(m), Some(e)) = (&mut server, mid, side.probe.sample()) {
                    // While idle: the hold only, not the connects.
                    let cpu = (e.cpu_s - m.cpu_s).max(0.0);
                    s.cpu_s = round(cpu, 3);
                    s.cpu_busy = round(cpu / secs.max(1e-9), 3);
                    s.connections_per_cpu_s = None;
                    s.cpu_us_per_connection_s =
                        Some(round(cpu * 1e6 / plan.clients as f64 / secs.max(1e-9), 3));
                }
            }
            report.server = server;
        }
        Mode::Pub => {
            let Some(p) = &plan.publish else {
                return Err(Failure::new(Class::Other, "no publish plan"));
            };
            let o = run_publisher(p, side, progress, interrupt, None).await;
            let after = side.probe.sample();
            report.publish = Some(publish_figures(&o, plan.channels.len()));
            let mut server = server_figures(before, after, clock0.elapsed().as_secs_f64());
            if let (Some(s), Some(f)) = (&mut server, &report.publish) {
                s.publications_per_cpu_s = per_cpu(f.publications as f64, Some(s));
            }
            report.server = server;
            if let Some(e) = o.first_error {
                report.error = Some(e.to_string());
                failure = Some(publish_failure(e, &plan.channels[0], side.name));
            }
        }
        Mode::Fanout => {
            let (Some(p), Some(c)) = (&plan.publish, &crowd) else {
                return Err(Failure::new(Class::Other, "no publish plan"));
            };
            let before = side.probe.sample();
            let t0 = load::clock_us();
            let wall0 = Instant::now();
            let o = run_publisher(p, side, progress, interrupt, Some(&c.shared)).await;
            let pubs = publish_figures(&o, plan.channels.len());
            let refused: u64 = o.failed.iter().map(|r| r.end - r.start).sum();
            let expected = (o.rounds - refused.min(o.rounds)) * plan.clients;
            progress.phase(side.name, "draining", Some(expected));
            let drain_end = tokio::time::Instant::now() + plan.drain;
            loop {
                let got = c.shared.delivered.load(Ordering::Relaxed);
                progress.bar.set_position(got);
                if got >= expected
                    || tokio::time::Instant::now() >= drain_end
                    || interrupt.is_cancelled()
                {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            let after = side.probe.sample();
            let wall = wall0.elapsed().as_secs_f64();
            let last = c.shared.last_delivery_us.load(Ordering::Relaxed);
            let latency = c.shared.latency();
            let Some(c) = crowd.take() else {
                return Err(Failure::new(Class::Other, "no subscribers"));
            };
            let disconnects = c.shared.disconnects.load(Ordering::Relaxed);
            let first_disconnect = c.shared.first_close();
            let ends = c.finish().await;
            let mut tally = Tally::default();
            for e in &ends {
                tally.add(&e.tracker.tally(o.rounds, &o.failed));
            }
            // Subscribers that never reported count as having received nothing.
            let silent = plan.clients.saturating_sub(ends.len() as u64);
            tally.expected += silent * (o.rounds - refused.min(o.rounds));
            tally.missing += silent * (o.rounds - refused.min(o.rounds));
            let secs = if last > t0 {
                (last - t0) as f64 / 1e6
            } else {
                wall
            };
            report.delivery = Some(DeliveryFigures {
                tally,
                seconds: round(secs, 3),
                per_second: per(tally.received as f64, secs),
            });
            report.latency_ms = latency.summary();
            report.publish = Some(pubs);
            let mut server = server_figures(before, after, wall);
            if let Some(s) = &mut server {
                s.deliveries_per_cpu_s = per_cpu(tally.received as f64, Some(s));
                if let Some(p) = &report.publish {
                    s.publications_per_cpu_s = per_cpu(p.publications as f64, Some(s));
                }
            }
            report.server = server;
            report.disconnects = disconnects;
            report.first_disconnect = first_disconnect;
            if let Some(e) = o.first_error {
                report.error = Some(e.to_string());
                failure = Some(publish_failure(e, &plan.channels[0], side.name));
            }
        }
    }
    if let Some(c) = crowd.take() {
        report.disconnects = c.shared.disconnects.load(Ordering::Relaxed);
        report.first_disconnect = c.shared.first_close();
        c.finish().await;
    }
    report.client_cpu_s = round(sys::own_cpu() - side.probe.floor_cpu() - own0, 3);
    Ok((report, failure))
}

/// Cancelled on Ctrl-C.
fn interrupt_token() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            t.cancel();
        }
    });
    token
}

/// Makes sure the subscribers (and the in-process floor's side of them) fit under the
/// open-file limit, raising the soft limit when needed.
fn check_fds(ctx: &Ctx, plan: &Plan) -> Result<(), Failure> {
    let backend = if plan.proxy_backend.is_some() {
        backend::MAX_CONNECTIONS as u64
    } else {
        0
    };
    let sockets = plan.clients
        * if plan.baseline == Baseline::InProcess {
            2
        } else {
            1
        }
        + backend;
    let needed = sockets + SPARE_FDS;
    match sys::ensure_fds(needed) {
        Ok(l) => {
            if l.raised {
                ctx.out.notice(&format!(
                    "raised the open-file limit (RLIMIT_NOFILE) to {} for {} sockets",
                    l.soft, sockets
                ));
            }
            Ok(())
        }
        Err(l) => Err(Failure::new(
            Class::Other,
            format!(
                "{} clients need about {needed} open files, but the open-file limit \
                 (RLIMIT_NOFILE) is {} and its hard limit {}",
                plan.clients, l.soft, l.hard
            ),
        )
        .hint(format!(
            "use at most about {} --clients, or raise the hard limit (ulimit -Hn as root, \
             LimitNOFILE= for a service)",
            l.hard.saturating_sub(SPARE_FDS)
                / if plan.baseline == Baseline::InProcess {
                    2
                } else {
                    1
                }
        ))),
    }
}

/// The floor's side: it speaks JSON over WebSocket only.
fn floor_side<'a>(plan: &Plan, server: String, probe: Probe<'a>) -> Result<Side<'a>, Failure> {
    Ok(Side {
        name: "baseline",
        api: Client::new(&server, None, plan.timeout, plan.trace_http).map_err(Failure::from)?,
        server,
        probe,
        transport: Transport::Websocket,
        protocol: Protocol::Json,
        proxied: false,
    })
}

/// `centri bench fanout|pub|connect|idle|floor`, and the modes with modules of their own.
pub async fn run(ctx: &Ctx, cmd: BenchCmd) -> Result<ExitCode, Failure> {
    if let BenchCmd::Floor(a) = &cmd {
        return floor(ctx, a).await;
    }
    if let BenchCmd::Push(a) = &cmd {
        return push::run(ctx, a).await;
    }
    if let BenchCmd::PushFloor(a) = &cmd {
        return push::child::serve(&a.spec).await;
    }
    if let BenchCmd::Churn(a) = &cmd {
        return churn::run(ctx, a).await;
    }
    if let BenchCmd::Map(a) = &cmd {
        return map::run(ctx, a).await;
    }
    let settings = ctx.settings()?;
    let plan = plan(&cmd, &settings, ctx.global.verbose)?;
    if plan.mode != Mode::Pub {
        check_fds(ctx, &plan)?;
    }
    let interrupt = interrupt_token();
    let visible = !ctx.out.quiet && std::io::stderr().is_terminal();
    let progress = Progress::new(visible);
    let target_api = Client::new(
        plan.publish_via.as_deref().unwrap_or(&plan.server),
        plan.api_key.clone(),
        plan.timeout,
        plan.trace_http,
    )
    .map_err(Failure::from)?;
    let several = plan.transports.len() > 1;
    let targets: Vec<Side<'_>> = plan
        .transports
        .iter()
        .map(|&t| Side {
            name: if several {
                t.name()
            } else if plan.proxy_backend.is_some() {
                "jwt"
            } else {
                "target"
            },
            server: plan.server.clone(),
            api: target_api.clone(),
            probe: plan.server_pid.map_or(Probe::None, Probe::Pid),
            transport: t,
            protocol: plan.protocol,
            proxied: false,
        })
        .collect();
    // `--proxy-backend`: the backend serves before anything connects, and one client without
    // a token must get through the server's connect proxy to it before the clock starts.
    let backend = match plan.proxy_backend {
        Some(addr) => Some(backend::Backend::start(addr).map_err(|e| {
            Failure::new(
                Class::Other,
                format!("--proxy-backend {addr}: cannot listen there: {e}"),
            )
            .hint("pick a free loopback port, and point the server's client.proxy.connect.endpoint at http://ADDR/connect")
        })?),
        None => None,
    };
    let proxied_side = backend.as_ref().map(|_| Side {
        name: "proxied",
        proxied: true,
        server: plan.server.clone(),
        api: target_api.clone(),
        probe: plan.server_pid.map_or(Probe::None, Probe::Pid),
        transport: plan.transports[0],
        protocol: plan.protocol,
    });
    if let (Some(b), Some(side)) = (&backend, &proxied_side) {
        progress.phase(side.name, "checking the connect proxy", None);
        preflight(&plan, side, b).await?;
    }

    // The floor goes first.
    let floor = if plan.baseline == Baseline::InProcess {
        Some(Floor::start(plan.secret.clone()).map_err(|e| {
            Failure::new(
                Class::Other,
                format!("cannot start the baseline floor: {e}"),
            )
        })?)
    } else {
        None
    };
    let floor_side = match (&plan.baseline, &floor) {
        (Baseline::InProcess, Some(f)) => Some(floor_side(&plan, f.url(), Probe::Thread(f))?),
        (Baseline::External { url, pid }, _) => Some(floor_side(
            &plan,
            url.clone(),
            pid.map_or(Probe::None, Probe::Pid),
        )?),
        _ => None,
    };
    let mut failure = None;
    let baseline = match &floor_side {
        Some(side) => {
            let (r, f) = measure(&plan, side, &progress, &interrupt).await?;
            failure = f;
            // Let the sockets of the floor's run close before the target's.
            tokio::time::sleep(Duration::from_millis(300)).await;
            Some(r)
        }
        None => None,
    };
    let mut runs: Vec<SideReport> = Vec::new();
    if plan.access_controls.is_some() {
        // On ÷ off compares two runs on one server: the first run of a fresh server pays for
        // its warm-up (heaps, buffers), which would flatter the second. It is not reported.
        let (_, f) = measure(&plan, &targets[0], &progress, &interrupt).await?;
        failure = f;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    for side in &targets {
        if failure.is_some() || interrupt.is_cancelled() {
            break;
        }
        if !runs.is_empty() {
            // Let the previous transport's connections close first.
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let (r, f) = measure(&plan, side, &progress, &interrupt).await?;
        failure = f;
        runs.push(r);
    }
    let mut proxied_run = None;
    if let (Some(b), Some(side)) = (&backend, &proxied_side) {
        if failure.is_none() && !interrupt.is_cancelled() && !runs.is_empty() {
            // Let the JWT connections close first.
            tokio::time::sleep(Duration::from_millis(300)).await;
            b.take();
            let cpu0 = b.cpu_s();
            let (mut r, f) = measure(&plan, side, &progress, &interrupt).await?;
            let cpu = (b.cpu_s() - cpu0).max(0.0);
            // The backend's thread is in this process, but it is not the client.
            r.client_cpu_s = round((r.client_cpu_s - cpu).max(0.0), 3);
            failure = f;
            proxied_run = Some((r, b.take(), cpu));
        }
    }
    let mut access_run = None;
    if let Some(n) = plan.access_controls {
        if failure.is_none() && !interrupt.is_cancelled() && !runs.is_empty() {
            progress.phase("access", "setting the access controls", None);
            access::set(&target_api, n).await?;
            // Let the previous run's connections close first.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let t = &targets[0];
            let side = Side {
                name: "access",
                server: t.server.clone(),
                api: t.api.clone(),
                probe: t.probe,
                transport: t.transport,
                protocol: t.protocol,
                proxied: false,
            };
            let measured = measure(&plan, &side, &progress, &interrupt).await;
            access::lift(&target_api, n).await?;
            let (r, f) = measured?;
            failure = f;
            access_run = Some(r);
        }
    }
    progress.done();
    drop(floor_side);
    if let Some(f) = floor {
        f.stop();
    }

    let figures: Vec<(&str, Better)> = FIGURES.iter().map(|f| (f.path, f.better)).collect();
    let value = |r: &SideReport| serde_json::to_value(r).unwrap_or_default();
    let target_report = runs.first().cloned().unwrap_or_else(|| SideReport {
        url: plan.server.clone(),
        ..SideReport::default()
    });
    let to_floor = baseline
        .as_ref()
        .map(|b| ratios(&value(&target_report), &value(b), &figures));
    let transports = several.then(|| {
        let first = value(&target_report);
        runs.iter()
            .map(|r| TransportRun {
                transport: r.transport,
                ratios: ratios(&value(r), &first, &figures),
                report: r.clone(),
            })
            .collect::<Vec<_>>()
    });
    let proxy = match (proxied_run, &backend) {
        (Some((proxied, seen, cpu_s)), Some(b)) => Some(ProxyReport::new(
            b.endpoint(),
            &target_report,
            proxied,
            BackendFigures {
                calls: seen.calls,
                refused: seen.refused,
                first_refusal: seen.first_refusal,
                handling_ms: seen.handling.summary(),
                cpu_s: round(cpu_s, 3),
                connections: b.connections(),
            },
            &figures,
        )),
        _ => None,
    };
    if let Some(b) = backend {
        b.stop();
    }
    let access = match (access_run, plan.access_controls) {
        (Some(on), Some(n)) => Some(AccessReport::new(n, &target_report, on, &figures)),
        _ => None,
    };
    let complete = target_report.complete()
        && access.as_ref().is_none_or(|a| a.on.complete())
        && runs.iter().all(SideReport::complete)
        && baseline.as_ref().is_none_or(SideReport::complete)
        && proxy.as_ref().is_none_or(ProxyReport::complete);
    let mut report = Report {
        kind: "summary",
        mode: plan.mode,
        params: plan.params(),
        warnings: Vec::new(),
        target: target_report,
        baseline_kind: match plan.baseline {
            Baseline::None => None,
            Baseline::InProcess => Some("in-process"),
            Baseline::External { .. } => Some("external"),
        },
        baseline,
        ratios: to_floor,
        transports,
        proxy,
        access,
        complete,
        interrupted: interrupt.is_cancelled(),
    };
    report.warnings = warnings(&plan, &report.sides());
    written(ctx.out.emit(&report, || render_table(ctx, &plan, &report)))?;
    if let Some(f) = failure {
        return Err(f);
    }
    if report.interrupted {
        return Ok(ExitCode::from(130));
    }
    if !complete {
        return Err(incomplete(&report));
    }
    if let Some(limit) = plan.max_rss_per_conn {
        let per_conn = report
            .target
            .server
            .as_ref()
            .and_then(|s| s.rss_per_connection_bytes);
        match per_conn {
            Some(b) if b > limit as f64 => {
                return Err(Failure::verdict(format!(
                    "RSS per connection {b:.0} B is above --max-rss-per-conn {limit} B"
                )))
            }
            Some(_) => {}
            None => {
                return Err(Failure::verdict(
                    "--max-rss-per-conn: the server's RSS per connection was not measured",
                )
                .hint("the fanout, connect and idle modes measure it from --server-pid"))
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `centri bench floor`: the baseline broadcaster on its own.
async fn floor(ctx: &Ctx, a: &BenchFloorArgs) -> Result<ExitCode, Failure> {
    let secret = ctx.settings().ok().and_then(|s| s.hmac_secret);
    let listener = tokio::net::TcpListener::bind((a.address.as_str(), a.port))
        .await
        .map_err(|e| {
            Failure::new(
                Class::Other,
                format!("cannot listen on {}:{}: {e}", a.address, a.port),
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::new(Class::Other, format!("cannot read the address: {e}")))?;
    written(write_stdout(&format!("listening on http://{addr}\n")))?;
    ctx.out.notice(&format!(
        "floor: pid {}, tokens {}; stop with Ctrl-C or SIGTERM",
        std::process::id(),
        if secret.is_some() {
            "checked against --hmac-secret"
        } else {
            "not checked (no --hmac-secret)"
        }
    ));
    let limit = a.duration;
    let shutdown = async move {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        let timer = async {
            match limit {
                Some(d) => tokio::time::sleep(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = term => {}
            () = timer => {}
        }
    };
    baseline::serve(listener, secret, shutdown)
        .await
        .map_err(|e| Failure::new(Class::Other, format!("floor: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn settings() -> Settings {
        Settings {
            server: "http://127.0.0.1:8000".into(),
            api_key: Some("k".into()),
            admin_key: None,
            hmac_secret: Some("s".into()),
            timeout: Duration::from_secs(5),
            context: None,
            read_only: false,
            login: None,
        }
    }

    fn bench(args: &[&str]) -> Result<BenchCmd, clap::Error> {
        let line = ["centri", "bench"].iter().chain(args).copied();
        match Cli::try_parse_from(line)?.command {
            Command::Bench(c) => Ok(c),
            _ => unreachable!(),
        }
    }

    fn planned(args: &[&str]) -> Result<Plan, Failure> {
        plan(&bench(args).unwrap(), &settings(), 0)
    }

    #[test]
    fn fanout_defaults_and_rates() {
        let p = planned(&["fanout"]).unwrap();
        assert_eq!(
            (p.mode, p.clients, p.channels.len()),
            (Mode::Fanout, 100, 1)
        );
        let pp = p.publish.unwrap();
        assert_eq!(pp.rate, Some(DEFAULT_RATE));
        assert_eq!(
            (pp.batch, pp.concurrency, pp.size, pp.max_rounds),
            (1, 1, 100, 0)
        );
        assert_eq!(p.channels, vec!["bench-0"]);
        assert_eq!(p.baseline, Baseline::None);

        let p = planned(&[
            "fanout",
            "-n",
            "20",
            "-m",
            "2",
            "--rate",
            "50/s",
            "--count",
            "50",
            "--size",
            "64",
            "--channel-prefix",
            "chat:b",
        ])
        .unwrap();
        assert_eq!(p.channels, vec!["chat:b0", "chat:b1"]);
        let pp = p.publish.unwrap();
        assert_eq!((pp.rate, pp.max_rounds, pp.size), (Some(50.0), 50, 64));

        let pp = planned(&["fanout", "--burst"]).unwrap().publish.unwrap();
        assert_eq!((pp.rate, pp.batch), (None, DEFAULT_BURST_BATCH));
        let pp = planned(&["fanout", "--burst", "--batch", "1", "--concurrency", "4"])
            .unwrap()
            .publish
            .unwrap();
        assert_eq!((pp.batch, pp.concurrency), (1, 4));
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        use clap::error::ErrorKind;
        for bad in [
            &["fanout", "--rate", "5", "--burst"][..],
            &["fanout", "--rate", "0"],
            &["fanout", "--rate", "-3"],
            &["fanout", "--clients", "0"],
            &["fanout", "--size", "2000000"],
            &["fanout", "--batch", "0"],
            &["fanout", "--baseline", "--baseline-url", "http://x"],
            &["fanout", "--baseline-pid", "1"],
            &["connect", "--duration", "soon"],
            &["idle", "--clients", "x"],
            &["nope"],
        ] {
            let e = bench(bad).unwrap_err();
            assert_ne!(e.kind(), ErrorKind::DisplayHelp, "{bad:?}");
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
        let e = planned(&["fanout", "-n", "2", "-m", "3"]).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        let e = planned(&["fanout", "--server-pid", &(u32::MAX - 1).to_string()]).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(e.message.contains("no such process"), "{}", e.message);
        let e = planned(&["fanout", "--baseline-url", "ftp://x"]).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        let mut s = settings();
        s.hmac_secret = None;
        let e = plan(&bench(&["idle"]).unwrap(), &s, 0).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(e.hint.unwrap().contains("--token-secret"));
        // pub needs no secret; --token-secret overrides the context's.
        assert!(plan(&bench(&["pub"]).unwrap(), &s, 0).is_ok());
        let p = plan(&bench(&["connect", "--token-secret", "t"]).unwrap(), &s, 0).unwrap();
        assert_eq!(p.secret.as_deref(), Some("t"));
    }

    #[test]
    fn protocols_and_transports() {
        let p = planned(&["fanout"]).unwrap();
        assert_eq!(
            (p.protocol, p.transports.as_slice()),
            (Protocol::Json, &[Transport::Websocket][..])
        );
        let p = planned(&["fanout", "--protobuf", "--baseline"]).unwrap();
        assert_eq!(p.protocol, Protocol::Protobuf);
        assert_eq!(p.params()["protocol"], "protobuf");
        let title = p.title();
        assert!(title.contains("; protobuf over websocket"), "{title}");
        assert!(title.contains("the floor speaks json"), "{title}");
        let p = planned(&["fanout", "--transports", "websocket,http_stream,sse"]).unwrap();
        assert_eq!(
            p.transports,
            vec![Transport::Websocket, Transport::HttpStream, Transport::Sse]
        );
        assert_eq!(
            p.params()["transports"],
            serde_json::json!(["websocket", "http_stream", "sse"])
        );
        assert!(p
            .title()
            .ends_with("json over websocket, http_stream, sse (ratios to websocket)"));
        // The singular flag takes one, idle and connect too.
        let p = planned(&["idle", "--transport", "sse"]).unwrap();
        assert_eq!(p.transports, vec![Transport::Sse]);
        assert!(planned(&["connect", "--protobuf"]).is_ok());

        for (bad, says) in [
            (
                &["fanout", "--protobuf", "--transport", "sse"][..],
                "--protobuf",
            ),
            (
                &[
                    "fanout",
                    "--protobuf",
                    "--transports",
                    "websocket,http_stream",
                ],
                "http_stream",
            ),
            (&["idle", "--transports", "websocket,sse"], "--transports"),
            (&["connect", "--transports", "sse,websocket"], "fanout"),
            (
                &["fanout", "--transports", "sse,websocket,sse"],
                "sse twice",
            ),
            (&["pub", "--protobuf"], "bench pub"),
            (&["pub", "--transport", "sse"], "bench pub"),
        ] {
            let e = planned(bad).unwrap_err();
            assert_eq!(e.class, Class::Usage, "{bad:?}");
            assert!(e.message.contains(says), "{bad:?}: {}", e.message);
        }
        let e = bench(&["fanout", "--transport", "quic"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn baselines_and_pids() {
        let me = std::process::id().to_string();
        let p = planned(&["fanout", "--baseline", "--server-pid", &me]).unwrap();
        assert_eq!(p.baseline, Baseline::InProcess);
        assert_eq!(p.server_pid, Some(std::process::id()));
        let p = planned(&[
            "idle",
            "--baseline-url",
            "http://127.0.0.1:9100/",
            "--baseline-pid",
            &me,
        ])
        .unwrap();
        assert_eq!(
            p.baseline,
            Baseline::External {
                url: "http://127.0.0.1:9100".into(),
                pid: Some(std::process::id())
            }
        );
        assert_eq!(p.hold, Duration::from_secs(10));
    }

    #[test]
    fn proxy_backend_plans_two_connect_runs() {
        let p = planned(&["connect", "-n", "10", "--proxy-backend", "127.0.0.1:9200"]).unwrap();
        assert_eq!(p.proxy_backend, Some("127.0.0.1:9200".parse().unwrap()));
        assert_eq!(p.params()["proxy_backend"], "127.0.0.1:9200");
        assert!(
            p.title().contains("http://127.0.0.1:9200/connect"),
            "{}",
            p.title()
        );
        assert!(planned(&["connect"]).unwrap().proxy_backend.is_none());
        assert!(planned(&["connect"])
            .unwrap()
            .params()
            .get("proxy_backend")
            .is_none());
        for bad in [
            &["connect", "--proxy-backend", "127.0.0.1:9200", "--baseline"][..],
            &[
                "connect",
                "--proxy-backend",
                "127.0.0.1:9200",
                "--baseline-url",
                "http://127.0.0.1:9100",
            ],
        ] {
            let e = planned(bad).unwrap_err();
            assert_eq!(e.class, Class::Usage);
            assert!(e.message.contains("--proxy-backend"), "{}", e.message);
        }
        // only connect takes it, and only a loopback HOST:PORT
        for bad in [
            &["idle", "--proxy-backend", "127.0.0.1:9200"][..],
            &["fanout", "--proxy-backend", "127.0.0.1:9200"],
            &["connect", "--proxy-backend", "192.168.1.2:9200"],
            &["connect", "--proxy-backend", "127.0.0.1"],
        ] {
            assert_eq!(bench(bad).unwrap_err().exit_code(), 2, "{bad:?}");
        }
    }

    fn connect_side(per_second: f64, p99: f64) -> SideReport {
        SideReport {
            connect: Some(ConnectFigures {
                clients: 100,
                seconds: 1.0,
                per_second,
                latency_ms: Some(crate::bench::accounting::LatencySummary {
                    count: 100,
                    p50: 1.0,
                    p90: 2.0,
                    p99,
                    p999: p99,
                    max: p99,
                    mean: 1.0,
                }),
            }),
            ..SideReport::default()
        }
    }

    fn backend_figures(calls: u64, refused: u64) -> BackendFigures {
        BackendFigures {
            calls,
            refused,
            first_refusal: (refused > 0).then(|| "no \"user\"".to_string()),
            handling_ms: None,
            cpu_s: 0.0,
            connections: 1,
        }
    }

    #[test]
    fn access_report_ratio_and_its_line() {
        let figures: Vec<(&str, Better)> = FIGURES.iter().map(|f| (f.path, f.better)).collect();
        let off = connect_side(1000.0, 4.0);
        let a = AccessReport::new(10_000, &off, connect_side(970.0, 4.2), &figures);
        assert_eq!(a.connects_per_second_ratio, Some(0.97));
        assert_eq!(a.ratios["connect.per_second"], Some(0.97));
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["goal_ratio"], report::ACCESS_GOAL);
        assert_eq!(v["entries_per_kind"], 10_000);
        let r = Report {
            kind: "summary",
            mode: Mode::Connect,
            params: serde_json::json!({}),
            target: off,
            baseline_kind: None,
            baseline: None,
            ratios: None,
            transports: None,
            proxy: None,
            access: Some(AccessReport::new(
                5,
                &connect_side(1000.0, 4.0),
                connect_side(900.0, 5.0),
                &figures,
            )),
            complete: true,
            interrupted: false,
            warnings: vec![],
        };
        let names: Vec<&str> = r.sides().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["target", "access on"]);
        assert!(r
            .access
            .as_ref()
            .unwrap()
            .summary()
            .contains("0.900× with 5 blocked users"));
        assert!(r.access.as_ref().unwrap().summary().contains("missed"));
    }

    #[test]
    fn proxy_report_ratio_added_p99_and_completeness() {
        let figures: Vec<(&str, Better)> = FIGURES.iter().map(|f| (f.path, f.better)).collect();
        let jwt = connect_side(1000.0, 4.0);
        let p = ProxyReport::new(
            "http://127.0.0.1:9200/connect".into(),
            &jwt,
            connect_side(600.0, 9.5),
            backend_figures(100, 0),
            &figures,
        );
        assert_eq!(p.connects_per_second_ratio, Some(0.6));
        assert_eq!(p.added_connect_p99_ms, Some(5.5));
        assert_eq!(p.ratios["connect.per_second"], Some(0.6));
        assert!(p.complete());
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["goal_ratio"], report::PROXY_GOAL);
        assert_eq!(v["backend"]["calls"], 100);
        assert_eq!(v["proxied"]["connect"]["clients"], 100);

        let report = |p: ProxyReport| Report {
            kind: "summary",
            mode: Mode::Connect,
            params: serde_json::json!({}),
            target: jwt.clone(),
            baseline_kind: None,
            baseline: None,
            ratios: None,
            transports: None,
            proxy: Some(p),
            access: None,
            complete: false,
            interrupted: false,
            warnings: vec![],
        };
        // A call missing, or one refused: incomplete, and the message says which.
        for (calls, refused, says) in [
            (99, 0, "99 calls for 100 proxied connects"),
            (100, 2, "refused 2 calls"),
        ] {
            let p = ProxyReport::new(
                String::new(),
                &jwt,
                connect_side(600.0, 9.5),
                backend_figures(calls, refused),
                &figures,
            );
            assert!(!p.complete());
            let r = report(p);
            assert_eq!(
                r.sides().iter().map(|s| s.0).collect::<Vec<_>>(),
                ["jwt", "proxied"]
            );
            let f = incomplete(&r);
            assert_eq!(f.class, Class::Partial);
            assert!(f.message.contains(says), "{}", f.message);
        }
        // Without a JWT rate there is no ratio.
        let p = ProxyReport::new(
            String::new(),
            &connect_side(0.0, 4.0),
            connect_side(600.0, 9.5),
            backend_figures(100, 0),
            &figures,
        );
        assert_eq!(p.connects_per_second_ratio, None);
    }

    #[test]
    fn rates_parse() {
        assert!((crate::cli::parse_rate("50").unwrap() - 50.0).abs() < 1e-9);
        assert!((crate::cli::parse_rate("2.5/s").unwrap() - 2.5).abs() < 1e-9);
        assert!(crate::cli::parse_rate("0").is_err());
        assert!(crate::cli::parse_rate("inf").is_err());
        assert!(crate::cli::parse_rate("fast").is_err());
    }

    #[test]
    fn server_figures_and_incomplete_runs() {
        let first = sys::Sample {
            cpu_s: 1.0,
            rss_kib: Some(1000),
        };
        let second = sys::Sample {
            cpu_s: 3.0,
            rss_kib: Some(2000),
        };
        let mut fig = server_figures(Some(first), Some(second), 4.0).unwrap();
        assert_eq!((fig.cpu_s, fig.cpu_busy), (2.0, 0.5));
        rss_per_connection(&mut fig, 100);
        assert_eq!(fig.rss_per_connection_bytes, Some(10240.0));
        assert_eq!(per_cpu(100.0, Some(&fig)), Some(50.0));
        assert!(server_figures(None, Some(second), 1.0).is_none());

        let side = |missing, duplicates| SideReport {
            delivery: Some(DeliveryFigures {
                tally: Tally {
                    expected: 10,
                    received: 10 - missing + duplicates,
                    missing,
                    duplicates,
                    ..Tally::default()
                },
                seconds: 1.0,
                per_second: 10.0,
            }),
            ..SideReport::default()
        };
        assert!(side(0, 0).complete());
        assert!(!side(1, 0).complete());
        assert!(!side(0, 1).complete());
        let r = Report {
            kind: "summary",
            mode: Mode::Fanout,
            params: serde_json::json!({}),
            target: side(3, 1),
            baseline_kind: None,
            baseline: None,
            ratios: None,
            transports: None,
            proxy: None,
            access: None,
            complete: false,
            interrupted: false,
            warnings: vec![],
        };
        let f = incomplete(&r);
        assert_eq!(f.class, Class::Partial);
        assert!(
            f.message.contains("3 of 10 deliveries missing"),
            "{}",
            f.message
        );
        assert!(f.message.contains("1 duplicates"), "{}", f.message);
    }
}

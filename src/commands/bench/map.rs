//! `centri bench map`: the initial state delivery of a map channel against a stream channel
//! delivering the same bytes, in one run. It owns the run: checking the flags, filling the
//! map through the server API (and checking that the server holds every key), the stream
//! baseline (the fanout bench's subscribers and publisher: `crowd` connects them, the load's
//! gated publisher sends the K payloads through `/api/batch`), the map side (the map
//! subscribers of [`crate::bench::map::client`], connected first and then started together),
//! and the exit code. The report, its table and its failure are in [`report`].
//!
//! Both sides are timed the same way: from the moment the data starts to flow (the go signal
//! to the connected map subscribers; the first publish request) to the moment the last
//! subscriber has it all (live with the whole state; the last publication received).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio_util::sync::CancellationToken;

use super::crowd::{conn_failure, connect_all, mint, publish_failure};
use super::{interrupt_token, round, Baseline, Mode, Plan, Probe, Progress, Side, SPARE_FDS};
use crate::bench::accounting::Tally;
use crate::bench::load::{self, clock_us, Protocol, PublishPlan, Transport};
use crate::bench::map::{self as load_map, client as map_client};
use crate::bench::sys;
use crate::cli::BenchMapArgs;
use crate::client::{Client, ClientError};
use crate::commands::{hint_for, with_channel, written, Class, Ctx, Failure};
use crate::context::Settings;

mod report;

use report::{FillFigures, MapPages, Report, SideFigures, StreamPublish};

/// Bytes of publications the stream's publisher may be ahead of its subscribers by default:
/// a quarter of the server's default per-connection queue (`client.queue_max_size`, 1 MiB).
const WINDOW_BYTES: u64 = 256 * 1024;
/// Bytes a publication push adds to its data on the wire (JSON), for the default window.
const PUSH_OVERHEAD: u64 = 64;
/// The pause between the two sides, for the first side's connections to close.
const BETWEEN: Duration = Duration::from_millis(300);
/// How long stopped subscribers get to hand in what they saw.
const COLLECT: Duration = Duration::from_secs(10);
/// How often the waits look at the counters.
const POLL: Duration = Duration::from_millis(2);

/// A run of `bench map`, checked before anything connects.
#[derive(Debug, Clone)]
struct MapPlan {
    keys: u64,
    size: usize,
    clients: u64,
    map_channel: String,
    stream_channel: String,
    /// The `limit` of each state page request.
    limit: i32,
    /// `--page-size`, when given.
    page_size: Option<u32>,
    batch: u64,
    concurrency: usize,
    /// Publications the stream's publisher may be ahead; 0: no limit.
    window: u64,
    deadline: Duration,
    protocol: Protocol,
    secret: String,
    server: String,
    api_key: Option<String>,
    timeout: Duration,
    trace_http: bool,
    connect_concurrency: usize,
    server_pid: Option<u32>,
}

/// `NS:NAME`, or `NAME` without a namespace.
fn channel_in(ns: Option<&str>, name: &str) -> String {
    match ns.map(str::trim).filter(|n| !n.is_empty()) {
        Some(ns) => format!("{ns}:{name}"),
        None => name.to_string(),
    }
}

/// The stream window: `--stream-window`, or [`WINDOW_BYTES`] of publications; never below
/// one batch (the publisher could not send its first request).
fn window(given: Option<u64>, size: usize, batch: u64) -> u64 {
    match given {
        Some(0) => 0,
        Some(w) => w.max(batch),
        None => (WINDOW_BYTES / (size as u64 + PUSH_OVERHEAD)).max(batch),
    }
}

/// Builds the plan from the command line and the effective settings; no I/O besides
/// checking that the server's PID exists.
fn plan(a: &BenchMapArgs, s: &Settings, verbose: u8) -> Result<MapPlan, Failure> {
    super::super::sub::ws_url(&s.server)?;
    let secret = a.token_secret.clone().or_else(|| s.hmac_secret.clone()).ok_or_else(|| {
        Failure::usage("no HMAC secret to mint the subscribers' connection tokens")
            .hint("pass --token-secret or --hmac-secret, set CENTRI_HMAC_SECRET, or use a context that has one")
    })?;
    if a.map_namespace.trim().is_empty() {
        return Err(Failure::usage(
            "--map-namespace is empty: map channels live in a namespace of their own",
        )
        .hint("name the namespace whose subscription_type is \"map\""));
    }
    if a.stream_namespace.as_deref().map(str::trim) == Some(a.map_namespace.trim()) {
        return Err(Failure::usage(format!(
            "--stream-namespace and --map-namespace are both {:?}: a map namespace has no stream channels",
            a.map_namespace
        )));
    }
    if let Some(p) = a.server_pid {
        if !sys::exists(p) {
            return Err(Failure::usage(format!(
                "--server-pid {p}: there is no such process on this machine"
            )));
        }
    }
    let tag = format!(
        "{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    );
    let size = a.size as usize;
    Ok(MapPlan {
        keys: a.keys,
        size,
        clients: a.clients,
        map_channel: channel_in(Some(&a.map_namespace), &format!("centri-bench-map-{tag}")),
        stream_channel: channel_in(
            a.stream_namespace.as_deref(),
            &format!("centri-bench-stream-{tag}"),
        ),
        limit: a
            .page_size
            .map_or(i32::MAX, |p| i32::try_from(p).unwrap_or(i32::MAX)),
        page_size: a.page_size,
        batch: a.batch,
        concurrency: a.concurrency as usize,
        window: window(a.stream_window, size, a.batch),
        deadline: a.deadline,
        protocol: if a.protobuf {
            Protocol::Protobuf
        } else {
            Protocol::Json
        },
        secret,
        server: s.server.clone(),
        api_key: s.api_key.clone(),
        timeout: s.timeout,
        trace_http: verbose >= 2,
        connect_concurrency: a.connect_concurrency as usize,
        server_pid: a.server_pid,
    })
}

impl MapPlan {
    fn params(&self) -> serde_json::Value {
        serde_json::json!({
            "server": self.server,
            "keys": self.keys,
            "size": self.size,
            "clients": self.clients,
            "map_channel": self.map_channel,
            "stream_channel": self.stream_channel,
            "page_size": self.page_size,
            "batch": self.batch,
            "concurrency": self.concurrency,
            "stream_window": self.window,
            "deadline_s": self.deadline.as_secs_f64(),
            "protocol": self.protocol,
            "transport": Transport::Websocket,
        })
    }

    /// Token expiry: past the longest the run can take.
    fn token_exp(&self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        now + 3600 + 3 * self.deadline.as_secs()
    }

    /// The fanout bench's plan for the stream's subscribers: one channel, a burst of K
    /// publications in batches.
    fn stream_plan(&self) -> Plan {
        let publish = PublishPlan {
            channels: vec![self.stream_channel.clone()],
            rate: None,
            batch: self.batch,
            concurrency: self.concurrency,
            duration: self.deadline,
            size: self.size,
            max_rounds: self.keys,
        };
        Plan {
            mode: Mode::Fanout,
            clients: self.clients,
            channels: vec![self.stream_channel.clone()],
            publish: Some(publish),
            hold: Duration::ZERO,
            drain: self.deadline,
            server_pid: self.server_pid,
            max_rss_per_conn: None,
            baseline: Baseline::None,
            secret: Some(self.secret.clone()),
            connect_concurrency: self.connect_concurrency,
            timeout: self.timeout,
            server: self.server.clone(),
            publish_via: None,
            api_key: self.api_key.clone(),
            trace_http: self.trace_http,
            channel_prefix: String::new(),
            protocol: self.protocol,
            transports: vec![Transport::Websocket],
            proxy_backend: None,
            access_controls: None,
        }
    }

    fn side<'a>(&self, name: &'static str, api: &Client) -> Side<'a> {
        Side {
            name,
            server: self.server.clone(),
            api: api.clone(),
            probe: Probe::None,
            transport: Transport::Websocket,
            protocol: self.protocol,
            proxied: false,
        }
    }

    fn server_cpu(&self) -> Option<f64> {
        self.server_pid
            .and_then(|p| sys::process(p).ok())
            .map(|s| s.cpu_s)
    }
}

/// A failure of the map's API calls, with what the config must have.
fn map_api_failure(e: ClientError, channel: &str, what: &str) -> Failure {
    let code = match &e {
        ClientError::Api(a) => Some(a.code),
        _ => None,
    };
    let mut f = with_channel(e, channel);
    f.message = format!("map: {what} {channel}: {}", f.message);
    if code == Some(107) {
        f.hint = Some(
            "the --map-namespace must be a map namespace: {\"name\": NS, \"subscription_type\": \"map\", \"map\": {\"mode\": \"persistent\"}} (centri bench map --help has a whole config)".into(),
        );
    }
    f
}

/// Writes the K keys (bounded by the deadline) and checks the server holds them all.
async fn fill(
    plan: &MapPlan,
    api: &Client,
    progress: &Progress,
    interrupt: &CancellationToken,
) -> Result<FillFigures, Failure> {
    let ch = &plan.map_channel;
    // Also checks the API key and that the namespace is a map's.
    api.map_clear(ch)
        .await
        .map_err(|e| map_api_failure(e, ch, "cannot clear"))?;
    progress.phase("map", "filling", Some(plan.keys));
    let on_keys = |n: u64| progress.bar.set_position(n);
    let filling = load_map::fill(
        api,
        ch,
        plan.keys,
        plan.size,
        (plan.batch, plan.concurrency),
        interrupt,
        &on_keys,
    );
    let o = match tokio::time::timeout(plan.deadline, filling).await {
        Err(_) => {
            return Err(Failure::new(
                Class::Unreachable,
                format!(
                    "map: filling {} keys took longer than --deadline {}",
                    plan.keys,
                    humantime::format_duration(plan.deadline)
                ),
            )
            .hint("raise --deadline, or --batch and --concurrency"))
        }
        Ok(Err(e)) => return Err(map_api_failure(e, ch, "cannot write into")),
        Ok(Ok(o)) => o,
    };
    if interrupt.is_cancelled() {
        return Ok(FillFigures::new(&o));
    }
    let held = api
        .map_stats(ch)
        .await
        .map_err(|e| map_api_failure(e, ch, "cannot read the stats of"))?;
    if u64::from(held.num_keys) != plan.keys {
        return Err(Failure::new(
            Class::Partial,
            format!(
                "map: {ch} holds {} keys after {} were written",
                held.num_keys, plan.keys
            ),
        )
        .hint("keys expire after map.key_ttl in the ephemeral and recoverable modes: use mode persistent, or a key_ttl longer than the run"));
    }
    Ok(FillFigures::new(&o))
}

/// Waits for the tasks to hand in what they saw, at most [`COLLECT`].
async fn collect<T: 'static>(mut tasks: tokio::task::JoinSet<T>) -> Vec<T> {
    let mut ends = Vec::new();
    let deadline = tokio::time::Instant::now() + COLLECT;
    while let Ok(Some(r)) = tokio::time::timeout_at(deadline, tasks.join_next()).await {
        if let Ok(end) = r {
            ends.push(end);
        }
    }
    tasks.abort_all();
    ends
}

/// The stream baseline: N subscribers of the stream channel, then K publications through
/// the API (gated by the window), until every subscriber has all K or the deadline.
async fn stream_side(
    plan: &MapPlan,
    api: &Client,
    progress: &Progress,
    interrupt: &CancellationToken,
) -> Result<SideFigures, Failure> {
    let fanout = plan.stream_plan();
    let side = plan.side("stream", api);
    let (crowd, connect_s) = connect_all(&fanout, &side, progress, interrupt, false)
        .await
        .map_err(|mut f| {
            f.hint = f
                .hint
                .map(|h| h.replace("--channel-prefix NS:", "--stream-namespace NS"));
            f
        })?;
    let mut fig = SideFigures::new(&plan.stream_channel, plan.clients, connect_s);
    let Some(publish) = fanout.publish.as_ref() else {
        return Err(Failure::new(Class::Other, "no publish plan"));
    };
    let shared = crowd.shared.clone();
    let n = plan.clients;
    let abort = interrupt.child_token();
    let cpu0 = (sys::own_cpu(), plan.server_cpu());
    // What the subscribers read while the others connected (join pushes) is not delivery.
    let bytes0 = shared.bytes.load(Ordering::Relaxed);
    let t0 = clock_us();
    let wall0 = Instant::now();
    let deadline = tokio::time::Instant::now() + plan.deadline;
    // Rounds up to `end` go once the subscribers are within the window of it, on average. A
    // disconnected subscriber will never catch up: the run is over then.
    let window = plan.window;
    let may_send = |end: u64| {
        if shared.disconnects.load(Ordering::Relaxed) > 0 {
            abort.cancel();
            return false;
        }
        window == 0 || end <= shared.delivered.load(Ordering::Relaxed) / n + window
    };
    progress.phase("stream", "publishing", Some(plan.keys));
    let on_round = |r: u64| progress.bar.set_position(r);
    let o = load::publish_gated(&side.api, publish, &abort, &on_round, &may_send).await;
    let refused: u64 = o.failed.iter().map(|r| r.end - r.start).sum();
    let accepted = o.rounds - refused.min(o.rounds);
    let expected = accepted * n;
    progress.phase("stream", "delivering", Some(expected));
    // Bounded by the deadline.
    loop {
        let got = shared.delivered.load(Ordering::Relaxed);
        progress.bar.set_position(got);
        if got >= expected
            || shared.disconnects.load(Ordering::Relaxed) > 0
            || tokio::time::Instant::now() >= deadline
            || interrupt.is_cancelled()
        {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    let wall = wall0.elapsed().as_secs_f64();
    let cpu1 = (sys::own_cpu(), plan.server_cpu());
    let last = shared.last_delivery_us.load(Ordering::Relaxed);
    let bytes = shared.bytes.load(Ordering::Relaxed).saturating_sub(bytes0);
    fig.disconnects = shared.disconnects.load(Ordering::Relaxed);
    fig.first_disconnect = shared.first_close();
    let ends = crowd.finish().await;
    let mut tally = Tally::default();
    let mut whole = 0;
    for e in &ends {
        let t = e.tracker.tally(o.rounds, &o.failed);
        whole += u64::from(t.missing == 0 && t.duplicates == 0 && t.unexpected == 0);
        tally.add(&t);
    }
    // Subscribers that never reported count as having received nothing.
    let silent = n.saturating_sub(ends.len() as u64);
    tally.expected += silent * accepted;
    tally.missing += silent * accepted;
    let done = tally.missing == 0 && fig.disconnects == 0;
    let secs = if done && last > t0 {
        (last - t0) as f64 / 1e6
    } else {
        wall
    };
    fig.delivered(tally, whole, secs, bytes, plan.size);
    fig.cpu(cpu0, cpu1);
    fig.publish = Some(StreamPublish {
        publications: accepted,
        requests: o.requests,
        errors: o.errors,
        seconds: round(o.seconds, 3),
    });
    if let Some(e) = o.first_error {
        fig.error = Some(e.to_string());
        return Err(publish_failure(e, &plan.stream_channel, "stream"));
    }
    Ok(fig)
}

/// Opens the map subscribers (connected, not subscribed); fails as the fanout bench does
/// when one cannot connect.
async fn connect_map(
    plan: &MapPlan,
    side: &Side<'_>,
    progress: &Progress,
    interrupt: &CancellationToken,
    (go, stop): (&CancellationToken, &CancellationToken),
) -> Result<
    (
        Arc<map_client::Shared>,
        tokio::task::JoinSet<map_client::End>,
        f64,
    ),
    Failure,
> {
    let ws = super::super::sub::ws_url(&plan.server)?;
    let protobuf = plan.protocol == Protocol::Protobuf;
    let url = if protobuf {
        let sep = if ws.contains('?') { '&' } else { '?' };
        format!("{ws}{sep}cf_protocol=protobuf")
    } else {
        ws
    };
    let exp = plan.token_exp();
    let shared = Arc::new(map_client::Shared::default());
    let mut tasks = tokio::task::JoinSet::new();
    let sem = Arc::new(tokio::sync::Semaphore::new(plan.connect_concurrency));
    progress.phase("map", "connecting", Some(plan.clients));
    let started = Instant::now();
    let mut spawned = 0u64;
    for i in 0..plan.clients {
        let permit = tokio::select! {
            () = interrupt.cancelled() => break,
            p = sem.clone().acquire_owned() => p,
        };
        let Ok(permit) = permit else { break };
        if shared.failed.load(Ordering::Relaxed) > 0 {
            break;
        }
        let spec = map_client::Spec {
            url: url.clone(),
            protobuf,
            token: mint(&plan.secret, &format!("bench-map-{i}"), exp)?,
            channel: plan.map_channel.clone(),
            keys: plan.keys,
            limit: plan.limit,
            timeout: plan.timeout,
        };
        tasks.spawn(map_client::subscriber(
            spec,
            shared.clone(),
            permit,
            go.clone(),
            stop.clone(),
        ));
        spawned += 1;
        progress
            .bar
            .set_position(shared.connected.load(Ordering::Relaxed));
    }
    // Every connect still running is bounded by the timeout.
    let deadline = Instant::now() + plan.timeout + Duration::from_secs(1);
    super::crowd::settle(
        || shared.connected.load(Ordering::Relaxed),
        &shared.failed,
        spawned,
        deadline,
        &progress.bar,
        interrupt,
    )
    .await;
    let seconds = started.elapsed().as_secs_f64();
    let connected = shared.connected.load(Ordering::Relaxed);
    if let Some(e) = shared.first_error() {
        stop.cancel();
        collect(tasks).await;
        let failed = shared.failed.load(Ordering::Relaxed);
        return Err(conn_failure(&e, failed, plan.clients, side));
    }
    if connected < plan.clients && !interrupt.is_cancelled() {
        stop.cancel();
        collect(tasks).await;
        return Err(Failure::new(
            Class::Unreachable,
            format!(
                "map: only {connected} of {} clients connected within the timeout",
                plan.clients
            ),
        )
        .hint("raise --timeout, lower --connect-concurrency, or check the server's load"));
    }
    Ok((shared, tasks, seconds))
}

/// The map side: N connected subscribers start together and page through the state until
/// each is live, or the deadline.
async fn map_side(
    plan: &MapPlan,
    api: &Client,
    progress: &Progress,
    interrupt: &CancellationToken,
) -> Result<SideFigures, Failure> {
    let side = plan.side("map", api);
    let go = CancellationToken::new();
    let stop = interrupt.child_token();
    let (shared, tasks, connect_s) =
        connect_map(plan, &side, progress, interrupt, (&go, &stop)).await?;
    let mut fig = SideFigures::new(&plan.map_channel, plan.clients, connect_s);
    let n = plan.clients;
    let cpu0 = (sys::own_cpu(), plan.server_cpu());
    let t0 = clock_us();
    let wall0 = Instant::now();
    let deadline = tokio::time::Instant::now() + plan.deadline;
    go.cancel();
    progress.phase("map", "fetching the state", Some(plan.keys * n));
    // Bounded by the deadline.
    loop {
        progress
            .bar
            .set_position(shared.entries.load(Ordering::Relaxed));
        if shared.live.load(Ordering::Relaxed) >= n
            || shared.failed.load(Ordering::Relaxed) > 0
            || shared.disconnects.load(Ordering::Relaxed) > 0
            || tokio::time::Instant::now() >= deadline
            || interrupt.is_cancelled()
        {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    let wall = wall0.elapsed().as_secs_f64();
    let cpu1 = (sys::own_cpu(), plan.server_cpu());
    let live = shared.live.load(Ordering::Relaxed);
    let last = shared.last_live_us.load(Ordering::Relaxed);
    let bytes = shared.bytes.load(Ordering::Relaxed);
    fig.disconnects = shared.disconnects.load(Ordering::Relaxed);
    fig.first_disconnect = shared.first_close();
    stop.cancel();
    let ends = collect(tasks).await;
    if let Some(e) = shared.first_error() {
        // A refused subscribe: the namespace or the permissions, not the delivery.
        let failed = shared.failed.load(Ordering::Relaxed);
        let mut f = conn_failure(&e, failed, n, &side);
        if let load::ConnError::Subscribe { code, .. } = e {
            f.hint = Some(match code {
                107 => "the --map-namespace must be a map namespace open to client subscribe; see centri bench map --help".into(),
                c => hint_for(c, Some(&plan.map_channel)).unwrap_or_else(|| {
                    "the map namespace must be open to client subscribe (allow_subscribe_for_client)".into()
                }),
            });
        }
        return Err(f);
    }
    let mut tally = Tally::default();
    let mut pages = MapPages::default();
    let mut whole = 0;
    for e in &ends {
        tally.add(&e.keys.tally());
        whole += u64::from(e.live && e.keys.complete());
        pages.add(e);
    }
    let silent = n.saturating_sub(ends.len() as u64);
    tally.expected += silent * plan.keys;
    tally.missing += silent * plan.keys;
    fig.live = Some(live);
    let secs = if live >= n && last > t0 {
        (last - t0) as f64 / 1e6
    } else {
        wall
    };
    fig.delivered(tally, whole, secs, bytes, plan.size);
    fig.cpu(cpu0, cpu1);
    fig.pages = Some(pages);
    Ok(fig)
}

/// Makes room for the subscribers under the open-file limit (one side at a time).
fn check_fds(ctx: &Ctx, clients: u64) -> Result<(), Failure> {
    let needed = clients + SPARE_FDS;
    match sys::ensure_fds(needed) {
        Ok(l) => {
            if l.raised {
                ctx.out.notice(&format!(
                    "raised the open-file limit (RLIMIT_NOFILE) to {}",
                    l.soft
                ));
            }
            Ok(())
        }
        Err(l) => Err(Failure::new(
            Class::Other,
            format!(
                "{clients} clients need about {needed} open files, but the limit is {} (hard {})",
                l.soft, l.hard
            ),
        )
        .hint("use fewer --clients, or raise the hard limit (ulimit -Hn as root)")),
    }
}

/// `centri bench map`.
pub async fn run(ctx: &Ctx, a: &BenchMapArgs) -> Result<ExitCode, Failure> {
    let plan = plan(a, &ctx.settings()?, ctx.global.verbose)?;
    check_fds(ctx, plan.clients)?;
    let interrupt = interrupt_token();
    let visible = !ctx.out.quiet && std::io::stderr().is_terminal();
    let progress = Progress::new(visible);
    let api = Client::new(
        &plan.server,
        plan.api_key.clone(),
        plan.timeout,
        plan.trace_http,
    )
    .map_err(Failure::from)?;
    let fill = match fill(&plan, &api, &progress, &interrupt).await {
        Ok(f) => f,
        Err(f) => {
            progress.done();
            // Whatever was written is the bench's own.
            let _ = api.map_clear(&plan.map_channel).await;
            return Err(f);
        }
    };
    // The baseline first, as the fanout bench runs its floor first.
    let stream = stream_side(&plan, &api, &progress, &interrupt).await;
    let map = match &stream {
        Ok(_) if !interrupt.is_cancelled() => {
            tokio::time::sleep(BETWEEN).await;
            Some(map_side(&plan, &api, &progress, &interrupt).await)
        }
        _ => None,
    };
    progress.done();
    // The map's keys are the bench's own: let the server free them.
    let cleared = api.map_clear(&plan.map_channel).await;
    let stream = stream?;
    let map = match map {
        Some(m) => m?,
        None => SideFigures::new(&plan.map_channel, plan.clients, 0.0),
    };
    let mut report = Report::new(plan.params(), fill, map, stream, interrupt.is_cancelled());
    if let Err(e) = cleared {
        report
            .warnings
            .push(format!("could not clear {}: {e}", plan.map_channel));
    }
    written(ctx.out.emit(&report, || report.table(ctx, &plan.title())))?;
    if report.interrupted {
        return Ok(ExitCode::from(130));
    }
    if !report.complete {
        return Err(report.incomplete(&plan.deadline));
    }
    Ok(ExitCode::SUCCESS)
}

impl MapPlan {
    /// One line for people: what the run does.
    fn title(&self) -> String {
        let pages = self.page_size.map_or_else(
            || "the largest pages the namespace allows".to_string(),
            |p| format!("pages of {p}"),
        );
        format!(
            "bench map: {} keys of {} B to {} subscribers; {} over websocket; map {} ({pages}) ÷ stream {}",
            self.keys,
            self.size,
            self.clients,
            self.protocol.name(),
            self.map_channel,
            self.stream_channel
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{BenchCmd, Cli, Command};

    fn args(line: &[&str]) -> Result<BenchMapArgs, clap::Error> {
        let all = ["centri", "bench", "map"].iter().chain(line).copied();
        match Cli::try_parse_from(all)?.command {
            Command::Bench(BenchCmd::Map(a)) => Ok(a),
            _ => unreachable!(),
        }
    }

    #[test]
    fn defaults_and_limits() {
        let a = args(&[]).unwrap();
        assert_eq!((a.keys, a.size, a.clients), (10_000, 100, 1000));
        assert_eq!(a.map_namespace, "map");
        assert!(a.stream_namespace.is_none() && a.page_size.is_none());
        assert_eq!(a.deadline, Duration::from_secs(120));
        let a = args(&[
            "-k",
            "200",
            "-n",
            "20",
            "--stream-namespace",
            "s",
            "--protobuf",
        ])
        .unwrap();
        assert_eq!((a.keys, a.clients, a.protobuf), (200, 20, true));
        for bad in [
            &["-k", "0"][..],
            &["--size", "10"],
            &["-n", "0"],
            &["--batch", "0"],
            &["--page-size", "0"],
            &["--deadline", "soon"],
        ] {
            assert_eq!(args(bad).unwrap_err().exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn channels_and_windows() {
        assert_eq!(channel_in(Some("map"), "x"), "map:x");
        assert_eq!(channel_in(None, "x"), "x");
        assert_eq!(channel_in(Some(" "), "x"), "x");
        // 256 KiB of 100-byte publications with their push around them.
        assert_eq!(window(None, 100, 100), 1598);
        // Never below one batch; 0 is no window.
        assert_eq!(window(None, 65_536, 100), 100);
        assert_eq!(window(Some(10), 100, 100), 100);
        assert_eq!(window(Some(0), 100, 100), 0);
        assert_eq!(window(Some(5000), 100, 100), 5000);
    }

    fn settings(secret: Option<&str>) -> Settings {
        Settings {
            server: "http://127.0.0.1:8000".into(),
            api_key: Some("k".into()),
            admin_key: None,
            hmac_secret: secret.map(Into::into),
            timeout: Duration::from_secs(5),
            context: None,
            read_only: false,
            login: None,
        }
    }

    fn planned(line: &[&str]) -> Result<MapPlan, Failure> {
        plan(&args(line).unwrap(), &settings(Some("x")), 0)
    }

    #[test]
    fn the_plan_names_fresh_channels_and_checks_the_flags() {
        let p = planned(&["--stream-namespace", "s", "--page-size", "500"]).unwrap();
        assert!(
            p.map_channel.starts_with("map:centri-bench-map-"),
            "{}",
            p.map_channel
        );
        assert!(p.stream_channel.starts_with("s:centri-bench-stream-"));
        assert_eq!((p.limit, p.page_size), (500, Some(500)));
        let sp = p.stream_plan();
        assert_eq!(sp.channels, vec![p.stream_channel.clone()]);
        let pp = sp.publish.unwrap();
        assert_eq!((pp.max_rounds, pp.batch, pp.rate), (10_000, 100, None));
        assert_eq!(p.params()["stream_window"], 1598);
        let p = planned(&[]).unwrap();
        assert_eq!(
            p.limit,
            i32::MAX,
            "the server clamps it to its largest page"
        );
        assert!(!p.stream_channel.contains(':'));
        assert!(p.title().contains("largest pages"), "{}", p.title());
        // --token-secret wins over the context's secret; without either, a usage error.
        let p = plan(
            &args(&["--token-secret", "t"]).unwrap(),
            &settings(Some("x")),
            0,
        )
        .unwrap();
        assert_eq!(p.secret, "t");
        let e = plan(&args(&[]).unwrap(), &settings(None), 0).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(e.hint.unwrap().contains("--token-secret"));
        let pid = (u32::MAX - 1).to_string();
        for bad in [
            &["--map-namespace", ""][..],
            &["--stream-namespace", "map"],
            &["--server-pid", &pid],
        ] {
            let e = planned(bad).unwrap_err();
            assert_eq!(e.class, Class::Usage, "{bad:?}");
        }
    }
}

//! `centri bench push`: push sending throughput against a floor, measured in one run.
//!
//! For each size (`--compare-devices`, then `--devices`) a fresh server is started: this
//! binary's `serve`, as a child process, with the `SQLite` store in a directory of the run and
//! `push_notifications` pointing at loopback sinks ([`crate::bench::push`]) for FCM and APNs.
//! Per provider:
//! 1. N devices (and one more on a warm-up topic) are registered through `/api/batch`;
//! 2. a warm-up send to the one device opens the provider connection and takes the OAuth
//!    grant or signs the provider token: its time to the first provider request is the
//!    *cold* figure;
//! 3. the measured send: one `send_push_notification` to the topic; the clock runs from the
//!    API call to the sink's last accepted push, and the time to the first provider request
//!    is the *warm* figure; the server's RSS is sampled every 10 ms and its CPU read from
//!    `/proc`;
//! 4. the floor ([`crate::bench::push::floor`], in a process of its own: [`child`]) sends the
//!    same N requests to the same sink with the same concurrency, timed from its start to the
//!    sink's last accepted push;
//! 5. steps 3 and 4 repeat `--rounds` times; the best round of each side is compared.
//!
//! Every device must get exactly one push, on both sides: otherwise exit 9 with the counts.
//! The goals (≥ 0.8× the floor, RSS flat in N, first request under 50 ms) are reported, not
//! gated: speed on a shared machine is noise, the report says which held.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::AsyncBufReadExt;
use tokio_util::sync::CancellationToken;

pub mod child;

use super::{round, Progress};
use crate::bench::push::{apns, fcm, pki::Pki, sink::Record};
use crate::bench::sys;
use crate::cli::{BenchPushArgs, BenchPushProvider};
use crate::client::Client;
use crate::commands::{written, Class, Ctx, Failure};
use crate::proto::api;

const API_KEY: &str = "bench-push-key";
/// Devices per `/api/batch` while registering, and batches in flight.
const REGISTER_BATCH: u64 = 250;
const REGISTER_IN_FLIGHT: usize = 4;
/// The goals of the issue that asked for this bench.
const GOAL_RATIO: f64 = 0.8;
const GOAL_FIRST_MS: f64 = 50.0;
/// RSS counts as flat in N when what the larger run's sends add to the server's RSS is at most
/// this much above what the smaller run's add (a per-device cost would grow 10× with 10× the
/// devices). The RSS before the sends differs with the registry's size (the store's page
/// cache), which is the registry's cost, not the send's; both are reported.
const FLAT_SLACK_KIB: u64 = 16 * 1024;

fn other(what: &str) -> impl Fn(String) -> Failure + '_ {
    move |e| Failure::new(Class::Other, format!("{what}: {e}"))
}

/// A provider's side of the run: its sink and what the floor needs.
struct Provider {
    kind: BenchPushProvider,
    fcm: Option<fcm::FcmSink>,
    apns: Option<(apns::ApnsSink, Arc<apns::Key>)>,
}

impl Provider {
    fn name(&self) -> &'static str {
        match self.kind {
            BenchPushProvider::Fcm => "fcm",
            BenchPushProvider::Apns => "apns",
        }
    }
    fn record(&self) -> &Arc<Record> {
        match (&self.fcm, &self.apns) {
            (Some(f), _) => f.record(),
            (_, Some((a, _))) => a.record(),
            _ => unreachable!("a provider has its sink"),
        }
    }
    fn platform(&self) -> &'static str {
        match self.kind {
            BenchPushProvider::Fcm => "android",
            BenchPushProvider::Apns => "ios",
        }
    }
    fn token(&self, run: u64, i: u64) -> String {
        self.kind.token(run, i)
    }
    fn notification(&self) -> Value {
        self.kind.notification()
    }
}

impl BenchPushProvider {
    /// Device token `i` of run `run`: FCM registration tokens are ~150 characters, APNs device
    /// tokens 64 hex digits.
    pub fn token(self, run: u64, i: u64) -> String {
        match self {
            BenchPushProvider::Fcm => format!(
                "r{run}d{i:07}:APA91b{}",
                "Hk3rL9xQ2vT7mN4pW8sJ1fZ6cB0gY5uE".repeat(4)
            ),
            BenchPushProvider::Apns => format!("{run:016x}{i:048x}"),
        }
    }
    pub fn notification(self) -> Value {
        match self {
            BenchPushProvider::Fcm => json!({"fcm": {"message": {
                "notification": {"title": "centri bench", "body": "a push from centri bench push"}}}}),
            BenchPushProvider::Apns => json!({"apns": {
                "headers": {"apns-push-type": "alert"},
                "payload": {"aps": {"alert": {"title": "centri bench", "body": "a push from centri bench push"}}}}}),
        }
    }
}

/// The run's directory, removed at the end unless kept.
struct Workdir {
    path: PathBuf,
    keep: bool,
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn workdir(keep: bool) -> Result<Workdir, Failure> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let path =
        std::env::temp_dir().join(format!("centri-bench-push-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&path).map_err(|e| {
        other("cannot create the run's directory")(format!("{}: {e}", path.display()))
    })?;
    Ok(Workdir { path, keep })
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text)
        .map_err(|e| other("cannot write")(format!("{}: {e}", path.display())))
}

/// A server started for one size.
struct Server {
    child: tokio::process::Child,
    pid: u32,
    api: Client,
    log: PathBuf,
}

impl Server {
    async fn start(exe: &Path, dir: &Path, config: &Path, name: &str) -> Result<Server, Failure> {
        let data = dir.join(format!("data-{name}"));
        let log = dir.join(format!("serve-{name}.log"));
        let stderr = std::fs::File::create(&log)
            .map_err(|e| other("cannot create the server log")(e.to_string()))?;
        let mut child = tokio::process::Command::new(exe)
            .arg("serve")
            .arg("--config")
            .arg(config)
            .args(["--address", "127.0.0.1", "--port", "0", "--data-dir"])
            .arg(&data)
            .env("XDG_CONFIG_HOME", dir)
            .env("XDG_STATE_HOME", dir)
            .env_remove("CENTRIFUGO_HTTP_API_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| other("cannot start the server")(format!("{}: {e}", exe.display())))?;
        let pid = child.id().unwrap_or(0);
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| other("server")("no stdout".into()))?;
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let url = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(l)) = lines.next_line().await {
                if let Some(u) = l.strip_prefix("listening on ") {
                    return Some(u.trim().to_string());
                }
            }
            None
        })
        .await
        .ok()
        .flatten();
        let Some(url) = url else {
            let err = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(Failure::new(
                Class::Other,
                format!("the bench's server did not start: {}", err.trim()),
            ));
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let api = Client::new(&url, Some(API_KEY.into()), Duration::from_secs(30), false)
            .map_err(Failure::from)?;
        Ok(Server {
            child,
            pid,
            api,
            log,
        })
    }

    fn cpu_s(&self) -> f64 {
        sys::process(self.pid).map_or(0.0, |s| s.cpu_s)
    }

    fn rss_kib(&self) -> Option<u64> {
        sys::process(self.pid).ok().and_then(|s| s.rss_kib)
    }

    async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }

    fn failure(&self, what: &str, e: impl std::fmt::Display) -> Failure {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(5).collect();
        let mut f = Failure::new(Class::Other, format!("{what}: {e}"));
        if !tail.is_empty() {
            f = f.hint(format!(
                "server log ({}): {}",
                self.log.display(),
                tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
            ));
        }
        f
    }
}

/// The config of the bench's server.
fn config(p: &[Provider], concurrency: u32, dir: &Path) -> Result<PathBuf, Failure> {
    let mut push = json!({
        "enabled": true,
        "enabled_providers": p.iter().map(Provider::name).collect::<Vec<_>>(),
        "concurrency": concurrency,
        "ca_file": dir.join("ca.pem"),
    });
    for prov in p {
        if let Some(f) = &prov.fcm {
            let creds = dir.join("fcm-service-account.json");
            write(&creds, &f.credentials().to_string())?;
            push["fcm"] = json!({"credentials_file": creds, "endpoint": f.url()});
        }
        if let Some((a, key)) = &prov.apns {
            let p8 = dir.join("apns-key.p8");
            write(&p8, &key.p8)?;
            push["apns"] = json!({
                "endpoint": a.url(), "bundle_id": apns::BUNDLE_ID, "auth": "token",
                "token_auth_key_path": p8, "token_key_id": apns::KEY_ID, "token_team_id": apns::TEAM_ID,
            });
        }
    }
    let cfg = json!({
        "http_api": {"key": API_KEY},
        "log": {"level": "warn"},
        "push_notifications": push,
    });
    let path = dir.join("config.json");
    write(&path, &cfg.to_string())?;
    Ok(path)
}

/// Registers devices `from..to` of `prov` on `topic`, with `REGISTER_IN_FLIGHT` batches in
/// flight.
async fn register(
    server: &Server,
    prov: &Provider,
    run: u64,
    range: std::ops::Range<u64>,
    topic: &str,
    progress: &Progress,
) -> Result<(), Failure> {
    use futures_util::stream::{self, StreamExt, TryStreamExt};
    let starts = (range.start..range.end).step_by(REGISTER_BATCH as usize);
    let end = range.end;
    stream::iter(starts)
        .map(|from| async move {
            let to = (from + REGISTER_BATCH).min(end);
            let commands = (from..to)
                .map(|i| {
                    json!({"device_register": {
                        "provider": prov.name(), "platform": prov.platform(),
                        "token": prov.token(run, i), "user": format!("u{i}"),
                        "topics": [topic],
                    }})
                })
                .collect();
            let r = server
                .api
                .batch(&api::BatchRequest {
                    commands,
                    parallel: false,
                })
                .await
                .map_err(|e| server.failure("device_register", e))?;
            if let Some(e) = r.replies.iter().find_map(|x| x.get("error")) {
                return Err(server.failure("device_register", e));
            }
            progress.bar.inc(to - from);
            Ok::<_, Failure>(())
        })
        .buffer_unordered(REGISTER_IN_FLIGHT)
        .try_collect::<()>()
        .await
}

/// One side's figures over its rounds, as the sink saw them: the best round's rate, the
/// counts summed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SideFigures {
    /// Pushes expected over all rounds (N per round).
    pub pushes: u64,
    /// The best round's duration and rate.
    pub seconds: f64,
    pub pushes_per_s: f64,
    /// Every round's rate, in order.
    pub rounds_pushes_per_s: Vec<f64>,
    /// CPU per push over all rounds, in microseconds: the server process's during its sends,
    /// the floor process's over its life.
    pub cpu_us_per_push: Option<f64>,
    #[serde(skip)]
    cpu_s: f64,
    pub accepted: u64,
    pub missing: u64,
    pub duplicates: u64,
    pub rejected: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_rejection: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProviderFigures {
    pub provider: &'static str,
    pub server: SideFigures,
    /// From the `send_push_notification` call to the sink's first request, with the provider
    /// connection open and the credentials fresh.
    pub first_request_ms: Option<f64>,
    /// The same for the warm-up send: a new connection, the grant or token signing included.
    pub cold_first_request_ms: Option<f64>,
    pub floor: SideFigures,
    /// Server pushes/s ÷ floor pushes/s.
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[allow(clippy::struct_field_names)]
pub struct Rss {
    /// Before the first measured send.
    pub before_kib: Option<u64>,
    /// The highest sample during the measured sends.
    pub peak_kib: Option<u64>,
    /// `peak_kib - before_kib`: what the sends themselves hold.
    pub send_growth_kib: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunFigures {
    pub devices: u64,
    pub providers: Vec<ProviderFigures>,
    pub rss: Rss,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goals {
    /// Every provider's ratio ≥ 0.8 in the largest run.
    pub floor_ratio: bool,
    /// What the larger run's sends add to RSS within 16 MiB of what the smaller's add (null
    /// with one size).
    pub rss_flat: Option<bool>,
    /// Every warm first request under 50 ms.
    pub first_request: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: &'static str,
    pub mode: &'static str,
    pub params: Value,
    pub runs: Vec<RunFigures>,
    pub goals: Goals,
    pub complete: bool,
}

impl SideFigures {
    /// Adds one round.
    fn merge(&mut self, r: SideFigures) {
        if r.pushes_per_s > self.pushes_per_s {
            self.pushes_per_s = r.pushes_per_s;
            self.seconds = r.seconds;
        }
        self.rounds_pushes_per_s.push(r.pushes_per_s);
        self.pushes += r.pushes;
        self.cpu_s += r.cpu_s;
        if self.pushes > 0 && self.cpu_s > 0.0 {
            self.cpu_us_per_push = Some(round(self.cpu_s * 1e6 / self.pushes as f64, 2));
        }
        self.accepted += r.accepted;
        self.missing += r.missing;
        self.duplicates += r.duplicates;
        self.rejected += r.rejected;
        if self.first_rejection.is_none() {
            self.first_rejection = r.first_rejection;
        }
    }
}

fn side(n: u64, seconds: f64, t: &crate::bench::push::sink::Tally) -> SideFigures {
    SideFigures {
        pushes: n,
        seconds: round(seconds, 4),
        pushes_per_s: if seconds > 0.0 {
            round(t.accepted as f64 / seconds, 1)
        } else {
            0.0
        },
        rounds_pushes_per_s: Vec::new(),
        cpu_us_per_push: None,
        cpu_s: 0.0,
        accepted: t.accepted,
        missing: n.saturating_sub(t.distinct),
        duplicates: t.duplicates,
        rejected: t.rejected,
        first_rejection: t.first_rejection.clone(),
    }
}

fn ms(d: Duration) -> f64 {
    round(d.as_secs_f64() * 1000.0, 2)
}

/// How long to wait for one send of `n` pushes before counting the rest as missing.
fn send_limit(n: u64) -> Duration {
    Duration::from_secs(60) + Duration::from_millis(n * 2)
}

/// Samples `pid`'s RSS every 10 ms until cancelled; the peak.
fn sample_rss(pid: u32, stop: CancellationToken) -> tokio::task::JoinHandle<Option<u64>> {
    tokio::spawn(async move {
        let mut peak = None;
        loop {
            if let Some(r) = sys::process(pid).ok().and_then(|s| s.rss_kib) {
                peak = peak.max(Some(r));
            }
            tokio::select! {
                () = stop.cancelled() => return peak,
                () = tokio::time::sleep(Duration::from_millis(10)) => {}
            }
        }
    })
}

async fn send(server: &Server, prov: &Provider, topic: &str) -> Result<(), Failure> {
    let req = json!({
        "recipient": {"filter": {"topics": [topic]}},
        "notification": prov.notification(),
    });
    server
        .api
        .call::<Value, Value>("send_push_notification", &req)
        .await
        .map(|_| ())
        .map_err(|e| server.failure("send_push_notification", e))
}

/// The floor's N requests for `prov` to its sink, from a process of its own: the
/// credentials here, the requests there.
async fn floor_run(
    exe: &Path,
    dir: &Path,
    prov: &Provider,
    pki: &Pki,
    run: u64,
    n: u64,
    concurrency: usize,
) -> Result<child::Answer, Failure> {
    let (url, authorization) = match (&prov.fcm, &prov.apns) {
        (Some(f), _) => {
            let ca = reqwest::Certificate::from_pem(pki.ca_pem().as_bytes())
                .map_err(|e| other("floor")(e.to_string()))?;
            let http = reqwest::Client::builder()
                .add_root_certificate(ca)
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(|e| other("floor")(e.to_string()))?;
            let token = f.grant(&http).await.map_err(other("floor"))?;
            (f.send_url(), format!("Bearer {token}"))
        }
        (_, Some((a, key))) => (
            a.url(),
            format!("bearer {}", key.provider_token().map_err(other("floor"))?),
        ),
        _ => unreachable!("a provider has its sink"),
    };
    let spec = child::Spec {
        provider: prov.kind,
        ca_pem: pki.ca_pem().to_string(),
        url,
        authorization,
        run,
        devices: n,
        concurrency,
    };
    child::run(exe, dir, &spec).await
}

/// One size: a fresh server, N devices per provider, a send per provider, and the floor.
#[allow(clippy::too_many_arguments)]
async fn one_run(
    exe: &Path,
    dir: &Path,
    config: &Path,
    providers: &[Provider],
    pki: &Pki,
    run: u64,
    n: u64,
    concurrency: usize,
    rounds: u32,
    progress: &Progress,
) -> Result<RunFigures, Failure> {
    let server = Server::start(exe, dir, config, &n.to_string()).await?;
    for prov in providers {
        progress.phase(
            &format!("{n}"),
            &format!("register {} devices", prov.name()),
            Some(n + 1),
        );
        register(
            &server,
            prov,
            run,
            0..n,
            &format!("bench-{}", prov.name()),
            progress,
        )
        .await?;
        register(
            &server,
            prov,
            run,
            n..n + 1,
            &format!("warm-{}", prov.name()),
            progress,
        )
        .await?;
    }
    let mut rss = Rss {
        before_kib: server.rss_kib(),
        peak_kib: None,
        send_growth_kib: None,
    };
    let mut out = Vec::new();
    for prov in providers {
        let record = prov.record();
        record.take();
        // Warm-up: one device; opens the connection, takes the grant or signs a token.
        progress.phase(&format!("{n}"), &format!("warm up {}", prov.name()), None);
        let t0 = Instant::now();
        send(&server, prov, &format!("warm-{}", prov.name())).await?;
        if !record.wait_for(1, send_limit(1)).await {
            let t = record.take();
            return Err(server.failure(
                &format!("the warm-up push to {} never arrived", prov.name()),
                t.first_rejection
                    .unwrap_or_else(|| "no request reached the sink".into()),
            ));
        }
        let cold = record.take().first.map(|f| ms(f - t0));

        // Rounds, server then floor each time; the best round of each side counts.
        let mut server_side = SideFigures::default();
        let mut floor_side = SideFigures::default();
        let mut warm: Option<f64> = None;
        for round_no in 1..=rounds {
            let label = format!("{n} #{round_no}");
            progress.phase(&label, &format!("server → {}", prov.name()), None);
            let stop = CancellationToken::new();
            let sampler = sample_rss(server.pid, stop.clone());
            let server_cpu = server.cpu_s();
            let t0 = Instant::now();
            send(&server, prov, &format!("bench-{}", prov.name())).await?;
            record.wait_for(n, send_limit(n)).await;
            // Anything late or repeated shows up in the tally.
            tokio::time::sleep(Duration::from_millis(200)).await;
            stop.cancel();
            rss.peak_kib = rss.peak_kib.max(sampler.await.ok().flatten());
            let t = record.take();
            let mut s = side(n, t.last.map_or(0.0, |l| (l - t0).as_secs_f64()), &t);
            s.cpu_s = server.cpu_s() - server_cpu;
            server_side.merge(s);
            // The slowest round's time to the first request: the goal is a bound.
            if let Some(f) = t.first.map(|f| ms(f - t0)) {
                warm = Some(warm.map_or(f, |w: f64| w.max(f)));
            }

            progress.phase(&label, &format!("floor → {}", prov.name()), None);
            let t0 = Instant::now();
            let f = floor_run(exe, dir, prov, pki, run, n, concurrency).await?;
            let t = record.take();
            let mut s = side(
                n,
                t.last.map_or(f.elapsed_s, |l| (l - t0).as_secs_f64()),
                &t,
            );
            s.cpu_s = f.cpu_s;
            if s.first_rejection.is_none() {
                s.first_rejection = f.first_failure;
            }
            floor_side.merge(s);
        }
        let ratio = (floor_side.pushes_per_s > 0.0)
            .then(|| round(server_side.pushes_per_s / floor_side.pushes_per_s, 3));
        out.push(ProviderFigures {
            provider: prov.name(),
            server: server_side,
            first_request_ms: warm,
            cold_first_request_ms: cold,
            floor: floor_side,
            ratio,
        });
    }
    server.stop().await;
    rss.send_growth_kib = rss
        .peak_kib
        .zip(rss.before_kib)
        .map(|(p, b)| p.saturating_sub(b));
    Ok(RunFigures {
        devices: n,
        providers: out,
        rss,
    })
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "-".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn render_table(ctx: &Ctx, a: &BenchPushArgs, r: &Report) -> String {
    let mut rows = Vec::new();
    let show = |x: Option<f64>| x.map_or_else(|| "-".into(), |v| format!("{v}"));
    for run in &r.runs {
        for p in &run.providers {
            rows.push(vec![
                run.devices.to_string(),
                p.provider.to_string(),
                format!("{:.0}", p.server.pushes_per_s),
                format!("{:.0}", p.floor.pushes_per_s),
                p.ratio.map_or_else(|| "-".into(), |x| format!("{x:.3}×")),
                show(p.first_request_ms),
                show(p.cold_first_request_ms),
                format!("{}/{}", p.server.missing, p.server.duplicates),
            ]);
        }
    }
    let mut out = format!(
        "centri bench push: concurrency {}, best of {} rounds, SQLite store, sinks and floor on 127.0.0.1\n",
        a.concurrency, a.rounds
    );
    out.push_str(&ctx.out.render_table(
        &[
            "devices",
            "provider",
            "server pushes/s",
            "floor pushes/s",
            "ratio",
            "first request ms",
            "cold ms",
            "missing/dup",
        ],
        &rows,
    ));
    for run in &r.runs {
        let _ = writeln!(
            out,
            "server RSS, {} devices: {} before the sends, peak {} during them (+{})",
            run.devices,
            mib(run.rss.before_kib),
            mib(run.rss.peak_kib),
            mib(run.rss.send_growth_kib)
        );
    }
    let yes = |b: bool| if b { "met" } else { "NOT met" };
    let _ = writeln!(
        out,
        "goals: ≥ {GOAL_RATIO}× the floor {}; first request < {GOAL_FIRST_MS} ms {}; RSS flat in N {}",
        yes(r.goals.floor_ratio),
        yes(r.goals.first_request),
        r.goals.rss_flat.map_or("not measured (one size)", yes),
    );
    out
}

fn goals(runs: &[RunFigures]) -> Goals {
    let last = runs.last();
    let floor_ratio = last.is_some_and(|r| {
        r.providers
            .iter()
            .all(|p| p.ratio.is_some_and(|x| x >= GOAL_RATIO))
    });
    let first_request = runs
        .iter()
        .flat_map(|r| &r.providers)
        .all(|p| p.first_request_ms.is_some_and(|m| m < GOAL_FIRST_MS));
    let rss_flat = match runs {
        [small, large] => match (small.rss.send_growth_kib, large.rss.send_growth_kib) {
            (Some(s), Some(l)) => Some(l <= s + FLAT_SLACK_KIB),
            _ => None,
        },
        _ => None,
    };
    Goals {
        floor_ratio,
        rss_flat,
        first_request,
    }
}

/// `centri bench push`.
pub async fn run(ctx: &Ctx, a: &BenchPushArgs) -> Result<ExitCode, Failure> {
    let mut kinds = a.providers.clone();
    kinds.dedup();
    let exe =
        std::env::current_exe().map_err(|e| other("cannot find this binary")(e.to_string()))?;
    let dir = workdir(a.keep)?;
    let pki = Pki::generate("centri bench push CA").map_err(other("TLS"))?;
    write(&dir.path.join("ca.pem"), pki.ca_pem())?;
    let mut providers = Vec::new();
    for k in &kinds {
        providers.push(match k {
            BenchPushProvider::Fcm => {
                let account = tokio::task::spawn_blocking(fcm::Account::generate)
                    .await
                    .map_err(|e| other("RSA key")(e.to_string()))?
                    .map_err(other("FCM"))?;
                Provider {
                    kind: *k,
                    fcm: Some(
                        fcm::FcmSink::start(&pki, Arc::new(account))
                            .await
                            .map_err(other("FCM"))?,
                    ),
                    apns: None,
                }
            }
            BenchPushProvider::Apns => {
                let key = Arc::new(apns::Key::generate().map_err(other("APNs"))?);
                Provider {
                    kind: *k,
                    fcm: None,
                    apns: Some((
                        apns::ApnsSink::start(&pki, key.clone())
                            .await
                            .map_err(other("APNs"))?,
                        key,
                    )),
                }
            }
        });
    }
    let config = config(&providers, a.concurrency, &dir.path)?;
    let mut sizes = Vec::new();
    if a.compare_devices > 0 && a.compare_devices != a.devices {
        sizes.push(a.compare_devices.min(a.devices));
    }
    sizes.push(a.devices.max(a.compare_devices));
    sizes.dedup();
    let visible = !ctx.out.quiet && std::io::stderr().is_terminal();
    let progress = Progress::new(visible);
    let mut runs = Vec::new();
    for (i, n) in sizes.iter().enumerate() {
        runs.push(
            one_run(
                &exe,
                &dir.path,
                &config,
                &providers,
                &pki,
                i as u64,
                *n,
                a.concurrency as usize,
                a.rounds,
                &progress,
            )
            .await?,
        );
    }
    progress.done();
    let complete = runs.iter().flat_map(|r| &r.providers).all(|p| {
        p.server.missing == 0
            && p.server.duplicates == 0
            && p.floor.missing == 0
            && p.floor.duplicates == 0
    });
    let report = Report {
        kind: "summary",
        mode: "push",
        params: json!({
            "devices": a.devices, "compare_devices": a.compare_devices,
            "providers": kinds, "concurrency": a.concurrency, "rounds": a.rounds, "store": "sqlite",
        }),
        goals: goals(&runs),
        runs,
        complete,
    };
    written(ctx.out.emit(&report, || render_table(ctx, a, &report)))?;
    if a.keep && !ctx.out.quiet {
        eprintln!("kept {}", dir.path.display());
    }
    if !complete {
        let bad: Vec<String> = report
            .runs
            .iter()
            .flat_map(|r| r.providers.iter().map(move |p| (r.devices, p)))
            .filter(|(_, p)| p.server.missing + p.server.duplicates + p.floor.missing + p.floor.duplicates > 0)
            .map(|(n, p)| {
                format!(
                    "{n} devices, {}: server {} missing {} duplicates, floor {} missing {} duplicates",
                    p.provider, p.server.missing, p.server.duplicates, p.floor.missing, p.floor.duplicates
                )
            })
            .collect();
        return Err(Failure::new(
            Class::Partial,
            format!("incomplete run: {}", bad.join("; ")),
        )
        .hint("see first_rejection in -o json, and the server log with --keep"));
    }
    Ok(ExitCode::SUCCESS)
}

//! `centri bench churn`: the soak's command. Checks the flags, probes the server (one
//! client and one API call, so that a wrong secret or key fails at once with its class),
//! then runs the publisher and the client slots of [`crate::bench::churn`] for `--duration`
//! while sampling the server every `--sample`. After the clients have left it samples the
//! server once more, so that the report shows what the run left behind.
//!
//! Output: the series and the totals as a table, or one JSON document with `-o json`. Exit 0
//! for a clean run, 9 when a well-behaved client missed or doubled a round or was cut off,
//! when garbage went unanswered or a connect failed, 8 when growth passed `--max-growth`, 130
//! on Ctrl-C (after the report).

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::{interrupt_token, round, sys, SPARE_FDS};
use crate::bench::churn::sample::{self, Growth, Point};
use crate::bench::churn::{self, client, publisher, Counters, Mix, Totals};
use crate::cli::BenchChurnArgs;
use crate::client::Client;
use crate::commands::{written, Class, Ctx, Failure};

/// How long the server gets to let go of the clients' connections before the last sample.
const SETTLE: Duration = Duration::from_secs(3);

#[derive(Debug, Serialize)]
struct Report {
    #[serde(rename = "type")]
    kind: &'static str,
    mode: &'static str,
    params: serde_json::Value,
    /// The server's PID, when sampled.
    server_pid: Option<u32>,
    /// Before any client connected, and after all had left.
    before: Option<Point>,
    after: Option<Point>,
    samples: Vec<Point>,
    rss_growth: Option<Growth>,
    fds_growth: Option<Growth>,
    max_rss_kib: Option<u64>,
    totals: Totals,
    publish: PublishTotals,
    /// Well-behaved clients missed nothing and all garbage was answered.
    clean: bool,
    /// `--max-growth` held (none without the flag).
    growth_ok: Option<bool>,
    interrupted: bool,
}

#[derive(Debug, Serialize)]
struct PublishTotals {
    rounds: u64,
    refused: u64,
    first_error: Option<String>,
}

/// The sampling interval: `--sample`, or 10 s, or a quarter of a shorter run.
fn sample_every(a: &BenchChurnArgs) -> Duration {
    a.sample
        .unwrap_or_else(|| Duration::from_secs(10).min(a.duration / 4))
}

fn plan(ctx: &Ctx, a: &BenchChurnArgs) -> Result<(churn::Plan, Client, Duration), Failure> {
    let s = ctx.settings()?;
    let mix = Mix {
        vanish: a.vanish,
        stall: a.stall,
        garbage: a.garbage,
    };
    if a.vanish + a.stall + a.garbage > 1.0 + 1e-9 {
        return Err(Failure::usage(format!(
            "--vanish, --stall and --garbage add up to {:.0}%: at most 100%",
            (a.vanish + a.stall + a.garbage) * 100.0
        )));
    }
    if a.channels > a.clients {
        return Err(Failure::usage(format!(
            "--channels {} is more than --clients {}: some channels would have no subscriber",
            a.channels, a.clients
        )));
    }
    let every = sample_every(a);
    if every.is_zero() || every > a.duration {
        return Err(Failure::usage(format!(
            "--sample {every:?} must be above 0 and at most --duration {:?}",
            a.duration
        )));
    }
    let warmup = a.warmup.unwrap_or(a.duration / 5);
    if warmup >= a.duration {
        return Err(Failure::usage(format!(
            "--warmup {warmup:?} leaves nothing of --duration {:?} to measure growth over",
            a.duration
        )));
    }
    let secret = a.token_secret.clone().or_else(|| s.hmac_secret.clone()).ok_or_else(|| {
        Failure::usage("no HMAC secret to mint the clients' connection tokens")
            .hint("pass --token-secret or --hmac-secret, set CENTRI_HMAC_SECRET, or use a context that has one")
    })?;
    let ws_url = crate::commands::sub::ws_url(&s.server)?;
    let hostport = ws_url
        .strip_prefix("ws://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_default()
        .to_string();
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&hostport)
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            Failure::new(
                Class::Unreachable,
                format!("cannot resolve {hostport:?} (from --server {})", s.server),
            )
        })?;
    let api_url = match &a.publish_via {
        Some(u) => crate::context::normalize_server(u)
            .map_err(|e| Failure::usage(format!("--publish-via: {e}")))?,
        None => s.server.clone(),
    };
    let api = Client::new(
        &api_url,
        s.api_key.clone(),
        s.timeout,
        ctx.global.verbose >= 2,
    )
    .map_err(Failure::from)?;
    let seed = a.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    Ok((
        churn::Plan {
            addr,
            ws_url,
            clients: a.clients,
            channels: (0..a.channels)
                .map(|i| format!("{}{i}", a.channel_prefix))
                .collect(),
            lifetime: a.lifetime,
            mix,
            stall_for: a.stall_for,
            secret,
            timeout: s.timeout,
            connect_concurrency: a.connect_concurrency as usize,
            seed,
        },
        api,
        warmup,
    ))
}

/// One client through the handshake and the API through `info`, before the run.
async fn probe(plan: &churn::Plan, api: &Client) -> Result<(), Failure> {
    if let Err(e) = api.info().await {
        let mut f = Failure::from(e);
        f.message = format!("the publisher's API: {}", f.message);
        return Err(f);
    }
    client::probe(plan).await.map_err(|e| match e {
        client::ProbeError::Unreachable(m) => Failure::new(Class::Unreachable, m)
            .hint("is the server running? check --server / CENTRI_SERVER or the context"),
        client::ProbeError::Refused(code, m) => {
            let class = if code == 3500 || code == 109 || code == 101 {
                Class::Auth
            } else {
                Class::Rejected
            };
            Failure::new(class, format!("the server refused a client: {m}"))
                .code(code)
                .hint("the tokens are minted from --token-secret or --hmac-secret: it must match the server's client.token.hmac_secret_key, and the channels must allow client subscribe (--channel-prefix NS:)")
        }
    })
}

fn point(pid: Option<u32>, t_s: f64, c: &Counters) -> Point {
    let (rss_kib, fds) = match pid {
        Some(p) => (
            sys::process(p).ok().and_then(|s| s.rss_kib),
            sample::open_fds(p).ok(),
        ),
        None => (None, None),
    };
    Point {
        t_s: round(t_s, 1),
        rss_kib,
        fds,
        open: c.open.load(Ordering::Relaxed),
        connects: c.attempts.load(Ordering::Relaxed),
        sessions: c.sessions.load(Ordering::Relaxed),
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "-".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

/// One sample as a progress line on stderr.
fn progress_line(p: &Point, c: &Counters) -> String {
    format!(
        "{:>7.0}s  rss {:>8} MiB  fds {:>7}  open {:>7}  connects {:>9}  sessions {:>9}  missing {}",
        p.t_s,
        mib(p.rss_kib),
        opt(p.fds),
        p.open,
        p.connects,
        p.sessions,
        c.well_missing.load(Ordering::Relaxed)
    )
}

fn render_table(ctx: &Ctx, r: &Report) -> String {
    let t = &r.totals;
    let p = &r.params;
    let mut out = format!(
        "centri bench churn: {} clients on {} channels for {}s, sessions of {}..{} s, {} rounds/s\n",
        p["clients"], p["channels"], p["duration_s"], p["lifetime_s"][0], p["lifetime_s"][1], p["rate"]
    );
    let rows: Vec<Vec<String>> = r
        .before
        .iter()
        .chain(&r.samples)
        .chain(&r.after)
        .map(|s| {
            vec![
                format!("{:.0}", s.t_s),
                mib(s.rss_kib),
                opt(s.fds),
                s.open.to_string(),
                s.connects.to_string(),
                s.sessions.to_string(),
            ]
        })
        .collect();
    out.push_str(&ctx.out.render_table(
        &[
            "t (s)",
            "server RSS MiB",
            "server fds",
            "open",
            "connects",
            "sessions",
        ],
        &rows,
    ));
    let _ = writeln!(
        out,
        "connects: {} attempted, {} subscribed, {} failed{}",
        t.attempts,
        t.connected,
        t.connect_failed,
        t.notes
            .first_connect_error
            .as_ref()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "well-behaved: {} sessions, {} rounds owed, {} received, {} missing, {} duplicates, {} cut off{}",
        t.well.sessions,
        t.well.expected,
        t.well.received,
        t.well.missing,
        t.well.duplicates,
        t.well.cut_off,
        t.notes
            .first_cut
            .as_ref()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "vanished: {} sessions", t.vanish);
    let closes: Vec<String> = t
        .notes
        .stall_closed
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let _ = writeln!(
        out,
        "stalled: {} sessions, {} cut short by the end of the run; server: {}",
        t.stall.sessions,
        t.stall.interrupted,
        if closes.is_empty() {
            "-".into()
        } else {
            closes.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "garbage: {} sessions, {} unanswered",
        t.garbage.sessions, t.garbage.ignored
    );
    for (kind, answers) in &t.notes.garbage_answers {
        let a: Vec<String> = answers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let _ = writeln!(out, "  {kind}: {}", a.join(", "));
    }
    let _ = writeln!(
        out,
        "publisher: {} rounds, {} refused{}",
        r.publish.rounds,
        r.publish.refused,
        r.publish
            .first_error
            .as_ref()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default()
    );
    let growth = |name: &str, g: &Option<Growth>| match g {
        Some(g) => format!(
            "{name} {:+.1}% ({} → {} from {:.0}s to {:.0}s)",
            g.pct, g.from, g.to, g.from_s, g.to_s
        ),
        None => format!("{name} -"),
    };
    if r.server_pid.is_some() {
        let _ = writeln!(
            out,
            "growth after the warm-up: {}; {}",
            growth("RSS (KiB)", &r.rss_growth),
            growth("fds", &r.fds_growth)
        );
    } else {
        out.push_str("server not sampled: give --server-pid for RSS and descriptors\n");
    }
    if let (Some(ok), Some(max)) = (r.growth_ok, p["max_growth_pct"].as_f64()) {
        let _ = writeln!(
            out,
            "goal: growth under {max}%: {}",
            if ok { "met" } else { "NOT met" }
        );
    }
    let _ = writeln!(
        out,
        "{}",
        if r.clean {
            "well-behaved clients missed nothing; all garbage was answered"
        } else {
            "NOT clean: see the counts above"
        }
    );
    out
}

/// `centri bench churn`.
pub async fn run(ctx: &Ctx, a: &BenchChurnArgs) -> Result<ExitCode, Failure> {
    let (plan, api, warmup) = plan(ctx, a)?;
    let pid = a.server_pid;
    if let Some(p) = pid {
        if !sys::exists(p) {
            return Err(Failure::usage(format!("--server-pid {p}: no such process")));
        }
    }
    let needed = a.clients + SPARE_FDS;
    match sys::ensure_fds(needed) {
        Ok(l) if l.raised => ctx.out.notice(&format!(
            "raised the open-file limit (RLIMIT_NOFILE) to {}",
            l.soft
        )),
        Ok(_) => {}
        Err(l) => {
            return Err(Failure::new(
                Class::Other,
                format!(
                    "{} clients need about {needed} open files, but the limit is {} (hard {})",
                    a.clients, l.soft, l.hard
                ),
            )
            .hint("use fewer --clients, or raise the hard limit (ulimit -Hn as root)"))
        }
    }
    probe(&plan, &api).await?;
    let interrupt = interrupt_token();
    let counters = Arc::new(Counters::default());
    let rounds = Arc::new(publisher::Rounds::default());
    let stop = CancellationToken::new();
    let before = pid.map(|_| point(pid, 0.0, &counters));
    let pub_plan = publisher::Plan {
        channels: plan.channels.clone(),
        rate: a.rate,
        size: a.size as usize,
    };
    let publishing = {
        let (rounds, stop, api) = (rounds.clone(), stop.clone(), api.clone());
        tokio::spawn(async move { publisher::run(&api, &pub_plan, &rounds, &stop).await })
    };
    let plan = Arc::new(plan);
    let clients = tokio::spawn(churn::clients(
        plan.clone(),
        rounds.clone(),
        counters.clone(),
        stop.clone(),
    ));
    let start = Instant::now();
    let end = tokio::time::Instant::now() + a.duration;
    let mut samples = Vec::new();
    let every = sample_every(a);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let show = !ctx.out.quiet;
    loop {
        tokio::select! {
            () = interrupt.cancelled() => break,
            () = tokio::time::sleep_until(end) => break,
            _ = tick.tick() => {
                let p = point(pid, start.elapsed().as_secs_f64(), &counters);
                if show {
                    eprintln!("{}", progress_line(&p, &counters));
                }
                samples.push(p);
            }
        }
    }
    if show {
        eprintln!(
            "stopping: the clients finish their sessions (at most ~{}s)",
            (client::TAIL_WAIT + client::CLOSE_WAIT + client::ANSWER_WAIT + plan.timeout).as_secs()
        );
    }
    stop.cancel();
    // Every slot's waits are bounded (see `client`).
    let _ = clients.await;
    let published = publishing.await.unwrap_or(0);
    let after = match pid {
        Some(_) if !interrupt.is_cancelled() => {
            tokio::time::sleep(SETTLE).await;
            Some(point(pid, start.elapsed().as_secs_f64(), &counters))
        }
        _ => None,
    };
    let totals = counters.totals();
    let rss_growth = sample::growth(&samples, warmup.as_secs_f64(), |p| p.rss_kib);
    let fds_growth = sample::growth(&samples, warmup.as_secs_f64(), |p| p.fds);
    let growth_ok = a.max_growth.map(|max| {
        let limit = max * 100.0;
        [rss_growth, fds_growth]
            .iter()
            .all(|g| g.is_some_and(|g| g.pct < limit))
    });
    let refused = rounds.refused();
    let report = Report {
        kind: "summary",
        mode: "churn",
        params: json!({
            "server": ctx.settings().map(|s| s.server).unwrap_or_default(),
            "clients": a.clients,
            "channels": a.channels,
            "duration_s": a.duration.as_secs_f64(),
            "lifetime_s": [a.lifetime.0.as_secs_f64(), a.lifetime.1.as_secs_f64()],
            "mix": {"well": round(plan.mix.well(), 4), "vanish": a.vanish, "stall": a.stall, "garbage": a.garbage},
            "stall_for_s": a.stall_for.as_secs_f64(),
            "rate": a.rate,
            "size": a.size,
            "sample_s": every.as_secs_f64(),
            "warmup_s": warmup.as_secs_f64(),
            "max_growth_pct": a.max_growth.map(|g| g * 100.0),
            "seed": plan.seed,
        }),
        server_pid: pid,
        before,
        after,
        max_rss_kib: samples.iter().filter_map(|p| p.rss_kib).max(),
        samples,
        rss_growth,
        fds_growth,
        clean: totals.clean() && refused.is_empty(),
        totals,
        publish: PublishTotals {
            rounds: published,
            refused: refused.len() as u64,
            first_error: rounds.first_error(),
        },
        growth_ok,
        interrupted: interrupt.is_cancelled(),
    };
    written(ctx.out.emit(&report, || render_table(ctx, &report)))?;
    if report.interrupted {
        return Ok(ExitCode::from(130));
    }
    if !report.clean {
        let t = &report.totals;
        return Err(Failure::new(
            Class::Partial,
            format!(
                "churn: {} rounds missing, {} duplicated, {} well-behaved clients cut off, {} garbage sessions unanswered, {} connects failed, {} publishes refused",
                t.well.missing, t.well.duplicates, t.well.cut_off, t.garbage.ignored, t.connect_failed, report.publish.refused
            ),
        )
        .hint("the counts and first errors are in the report (-o json: totals.notes)"));
    }
    if report.growth_ok == Some(false) {
        return Err(Failure::verdict(format!(
            "server growth after the warm-up is above --max-growth {}%: RSS {}, fds {}",
            a.max_growth.unwrap_or(0.0) * 100.0,
            report
                .rss_growth
                .map_or_else(|| "not measured".into(), |g| format!("{:+.1}%", g.pct)),
            report
                .fds_growth
                .map_or_else(|| "not measured".into(), |g| format!("{:+.1}%", g.pct)),
        )));
    }
    Ok(ExitCode::SUCCESS)
}

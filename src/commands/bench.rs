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
mod measure;
mod plan;
mod preflight;
mod push;
mod report;

#[allow(clippy::wildcard_imports)] // the pieces of this one command, split by concern
use crowd::*;
#[allow(clippy::wildcard_imports)]
use measure::*;
#[allow(clippy::wildcard_imports)]
use plan::*;
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

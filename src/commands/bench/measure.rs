//! Measuring one side of a `centri bench` run (the floor or the target): connecting the
//! subscribers, running the publisher, the progress display, and turning what was counted
//! into the report's figures (per connection, per CPU second); the file-descriptor check
//! before a run and Ctrl-C.

#[allow(clippy::wildcard_imports)] // the bench command's own types and imports
use super::*;

/// Where a side's CPU and RSS come from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Probe<'a> {
    None,
    Pid(u32),
    /// The in-process floor: its thread's CPU; no RSS of its own.
    Thread(&'a Floor),
}

impl Probe<'_> {
    pub(super) fn sample(&self) -> Option<sys::Sample> {
        match self {
            Probe::None => None,
            Probe::Pid(p) => sys::process(*p).ok(),
            Probe::Thread(f) => Some(sys::Sample {
                cpu_s: f.cpu_s(),
                rss_kib: None,
            }),
        }
    }

    pub(super) fn pid(&self) -> Option<u32> {
        match self {
            Probe::Pid(p) => Some(*p),
            _ => None,
        }
    }

    pub(super) fn floor_cpu(&self) -> f64 {
        match self {
            Probe::Thread(f) => f.cpu_s(),
            _ => 0.0,
        }
    }
}

/// The server one side of the run drives.
pub(super) struct Side<'a> {
    pub(super) name: &'static str,
    /// `http://HOST:PORT`.
    pub(super) server: String,
    pub(super) api: Client,
    pub(super) probe: Probe<'a>,
    pub(super) transport: Transport,
    pub(super) protocol: Protocol,
    /// Connect without a token, with `{"user":"bench-I"}` as connect data, so that the
    /// server's connect proxy decides.
    pub(super) proxied: bool,
}

/// Progress on stderr: a bar on a terminal, nothing otherwise.
pub(super) struct Progress {
    pub(super) bar: ProgressBar,
}

impl Progress {
    pub(super) fn new(visible: bool) -> Self {
        let bar = if visible {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        Self { bar }
    }

    /// A new phase: counted up to `len`, or a spinner.
    pub(super) fn phase(&self, side: &str, what: &str, len: Option<u64>) {
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

    pub(super) fn done(&self) {
        self.bar.finish_and_clear();
    }
}

pub(super) fn connect_figures(crowd: &Crowd, clients: u64, seconds: f64) -> ConnectFigures {
    ConnectFigures {
        clients,
        seconds: round(seconds, 3),
        per_second: per(clients as f64, seconds),
        latency_ms: crowd.shared.connect_latency().summary(),
    }
}

pub(super) fn publish_figures(o: &PublishOutcome, channels: usize) -> PublishFigures {
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
pub(super) fn server_figures(
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
pub(super) fn per_cpu(n: f64, s: Option<&ServerFigures>) -> Option<f64> {
    s.filter(|s| s.cpu_s > 0.0).map(|s| round(n / s.cpu_s, 1))
}

pub(super) fn rss_per_connection(s: &mut ServerFigures, n: u64) {
    if let (Some(b), Some(a)) = (s.rss_before_kib, s.rss_after_kib) {
        if n > 0 {
            s.rss_per_connection_bytes = Some(round((a as f64 - b as f64) * 1024.0 / n as f64, 1));
        }
    }
}

/// Publishes with a progress bar; the publisher's outcome.
pub(super) async fn run_publisher(
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
pub(super) async fn measure(
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
pub(super) fn interrupt_token() -> CancellationToken {
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
pub(super) fn check_fds(ctx: &Ctx, plan: &Plan) -> Result<(), Failure> {
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
pub(super) fn floor_side<'a>(
    plan: &Plan,
    server: String,
    probe: Probe<'a>,
) -> Result<Side<'a>, Failure> {
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

//! `centri dash`: the live terminal dashboard. This module owns the terminal (raw mode, the
//! alternate screen, the panic hook that restores both, via `ratatui::try_init`) and the event
//! loop; the rest is split the way data flows, one way:
//!
//! - [`collector`]: the only network I/O. Polls the typed client every refresh, owns the
//!   trace stream, runs confirmed actions, and sends owned updates over a bounded channel.
//! - [`app`]: the state. Keys and updates change it without I/O; it routes them to the
//!   active view and emits requests for the collector.
//! - [`view`]: one module per view (overview, channels, connections, trace, rate limits,
//!   users, explain, push), each with its state, its keys and a pure `draw`; plus what they share
//!   (column sizing, styles, popups).
//! - [`ui`]: a pure function of the state that draws the frame around the active view;
//!   [`help`] draws the key bindings over it.
//!
//! The loop `select!`s on terminal events, collector updates and SIGINT/SIGTERM, and draws
//! when something changed, at most ~30 times a second; an idle dashboard draws once per
//! refresh. Logs go to a file (`telemetry::init_file`), never to the screen.

mod app;
mod collector;
mod help;
mod ui;
mod view;

use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

pub use app::View;
pub use collector::{Keys, Reload};

use crate::client::Client;

/// Updates the collector may queue before it waits for the screen to catch up. While it
/// waits it reads no trace lines, so the server's own bounded trace queue drops and reports
/// (`dropped` events) what the dashboard could not take.
const UPDATE_QUEUE: usize = 1024;
/// Updates applied per drawn frame at most, so keys stay responsive under a trace flood.
const DRAIN: usize = 2048;
/// The shortest time between two frames.
const FRAME: Duration = Duration::from_millis(33);

/// What `centri dash` was started with.
#[derive(Clone)]
pub struct Options {
    /// The context in use, for the header.
    pub context: Option<String>,
    /// The API key `client` carries.
    pub api_key: Option<String>,
    pub admin_key: Option<String>,
    /// Resolves the keys again when the server answers HTTP 401.
    pub reload: Option<Reload>,
    pub refresh: Duration,
    /// Why the mutating keys are off; `None` when they work.
    pub read_only: Option<String>,
    pub view: View,
    /// `X-Centri-Actor` of rate-limit edits.
    pub actor: String,
}

/// How the dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `q`, `:q` or Ctrl-C.
    Quit,
    /// SIGINT from outside the terminal.
    Interrupted,
    /// SIGTERM.
    Terminated,
}

/// Runs the dashboard until the operator quits. The terminal is restored on every way out,
/// a panic included.
pub async fn run(client: Client, opts: Options) -> std::io::Result<Exit> {
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            return Err(e);
        }
    };
    let r = event_loop(&mut terminal, client, opts).await;
    let _ = terminal.show_cursor();
    ratatui::restore();
    r
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    client: Client,
    opts: Options,
) -> std::io::Result<Exit> {
    let server = client.base().to_string();
    let cfg = collector::Config {
        client,
        api_key: opts.api_key,
        reload: opts.reload,
        admin_key: opts.admin_key,
        refresh: opts.refresh,
        actor: opts.actor,
    };
    // Unbounded: the only producer is the keyboard, at a person's typing rate.
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (upd_tx, mut upd_rx) = mpsc::channel(UPDATE_QUEUE);
    let cancel = CancellationToken::new();
    let task = tokio::spawn(collector::run(cfg, req_rx, upd_tx, cancel.clone()));
    // stops the collector (and with it the trace stream) however this function returns
    let _stop = cancel.drop_guard();
    let _abort = AbortOnDrop(task);

    let mut app = app::App::new(app::Settings {
        context: opts.context,
        server,
        refresh: opts.refresh,
        read_only: opts.read_only,
        view: opts.view,
    });
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut events = EventStream::new();
    let mut signals = Signals::new()?;
    let mut dirty = true;
    let mut last_draw: Option<Instant> = None;
    loop {
        for r in app.take_requests() {
            if req_tx.send(r).is_err() {
                return Err(std::io::Error::other(
                    "the data collector stopped unexpectedly (see the log file)",
                ));
            }
        }
        if app.quit {
            return Ok(Exit::Quit);
        }
        let now = Instant::now();
        if dirty && last_draw.is_none_or(|t| now.duration_since(t) >= FRAME) {
            terminal.draw(|f| ui::render(&app, f))?;
            dirty = false;
            last_draw = Some(now);
        }
        let draw_at = last_draw.map_or(now, |t| t + FRAME);
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    app.handle_key(k);
                    dirty = true;
                }
                Some(Ok(Event::Resize(w, h))) => {
                    app.resize(w, h);
                    dirty = true;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(Exit::Quit),
            },
            u = upd_rx.recv() => {
                let Some(u) = u else {
                    return Err(std::io::Error::other(
                        "the data collector stopped unexpectedly (see the log file)",
                    ));
                };
                app.apply(u);
                for _ in 0..DRAIN {
                    match upd_rx.try_recv() {
                        Ok(u) => app.apply(u),
                        Err(_) => break,
                    }
                }
                dirty = true;
            }
            () = tokio::time::sleep_until(draw_at), if dirty => {}
            exit = signals.recv() => return Ok(exit),
        }
    }
}

/// Aborts the collector task when the loop ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// SIGINT and SIGTERM from outside (in raw mode Ctrl-C is a key, not a signal).
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    async fn recv(&mut self) -> Exit {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => Exit::Terminated,
                _ = self.int.recv() => Exit::Interrupted,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Exit::Interrupted
        }
    }
}

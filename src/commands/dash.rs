//! `centri dash [--refresh 1s] [--view V] [--read-only] [--log-file PATH]`: resolves the
//! settings, checks for a terminal, sends logs to a file, and hands over to `tui::run`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::{Class, Ctx, Failure};
use crate::cli::{DashArgs, DashView};
use crate::client::Client;
use crate::tui::{Exit, Options, View};

/// The shortest refresh allowed: below it the dashboard would mostly measure itself.
const MIN_REFRESH: Duration = Duration::from_millis(100);

/// `$XDG_STATE_HOME/centri/dash.log`, else `~/.local/state/centri/dash.log`, else a file in
/// the temp dir.
pub fn default_log_file() -> PathBuf {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let dir = non_empty("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| non_empty("HOME").map(|h| PathBuf::from(h).join(".local").join("state")))
        .map_or_else(std::env::temp_dir, |d| d.join("centri"));
    dir.join("dash.log")
}

fn view(v: DashView) -> View {
    match v {
        DashView::Overview => View::Overview,
        DashView::Channels => View::Channels,
        DashView::Connections => View::Connections,
        DashView::Trace => View::Trace,
        DashView::Ratelimits => View::RateLimits,
        DashView::Users => View::Users,
        DashView::Explain => View::Explain,
    }
}

pub async fn run(ctx: &Ctx, a: DashArgs) -> Result<ExitCode, Failure> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Failure::usage("centri dash needs a terminal").hint(
            "for plain reports use `centri node ls --watch 1s`, `centri trace user ID` or `centri ratelimit show`",
        ));
    }
    if a.refresh < MIN_REFRESH {
        return Err(Failure::usage(format!(
            "--refresh {} is too short: at least 100ms",
            humantime::format_duration(a.refresh)
        )));
    }
    let s = ctx.settings()?;
    let log = a.log_file.clone().unwrap_or_else(default_log_file);
    let level = match ctx.global.verbose {
        0 => "centri=info",
        1 => "centri=debug",
        _ => "centri=trace",
    };
    crate::telemetry::init_file(&log, level).map_err(|e| {
        Failure::usage(format!("cannot open the log file {}: {e}", log.display()))
            .hint("pass --log-file PATH")
    })?;
    // never the request trace of -vv: it would print over the screen
    let client =
        Client::new(&s.server, s.api_key.clone(), s.timeout, false).map_err(Failure::from)?;
    let read_only = if a.read_only {
        Some("--read-only".to_string())
    } else if s.read_only {
        Some(format!(
            "context {} is read-only",
            s.context.clone().unwrap_or_default()
        ))
    } else {
        None
    };
    tracing::info!(server = %s.server, refresh = ?a.refresh, read_only = read_only.is_some(), "dash started");
    let opts = Options {
        context: s.context.clone(),
        admin_key: s.admin_key.clone(),
        refresh: a.refresh,
        read_only,
        view: view(a.view),
        actor: super::ratelimit::actor(),
    };
    let exit = crate::tui::run(client, opts).await.map_err(|e| {
        Failure::new(Class::Other, format!("dashboard: {e}"))
            .hint(format!("details in {}", log.display()))
    })?;
    tracing::info!(?exit, "dash stopped");
    Ok(match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Interrupted => ExitCode::from(130),
        Exit::Terminated => ExitCode::from(143),
    })
}

//! `centri dash [--refresh 1s] [--view V] [--read-only] [--log-file PATH]`: resolves the
//! settings, checks for a terminal, sends logs to a file, and hands over to `tui::run`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::{Class, Ctx, Failure};
use crate::cli::{DashArgs, DashView};
use crate::context::{Overrides, Settings};
use crate::output::mask;
use crate::tui::{Exit, Keys, Options, Reload, View};

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
        DashView::Push => View::Push,
    }
}

/// Which API key the settings carry and where it comes from (masked), and how to fix it
/// there when the server refuses it. `typed` is what the flag or environment gave.
fn key_origin(s: &Settings, typed: Option<&str>) -> (String, String) {
    let from_env = std::env::var("CENTRI_API_KEY").ok();
    let Some(key) = s.api_key.as_deref() else {
        return (
            "no API key is set".into(),
            "add one to the context (`centri context add NAME --server URL --api-key KEY`) \
             or restart with --api-key KEY, the server's http_api.key"
                .into(),
        );
    };
    let masked = mask(key);
    match (typed, &s.context) {
        (Some(t), _) if from_env.as_deref() == Some(t) => (
            format!("the API key {masked} from CENTRI_API_KEY"),
            "the environment wins over the context: restart with the server's http_api.key \
             in CENTRI_API_KEY (or unset it to use the context's key)"
                .into(),
        ),
        (Some(_), _) => (
            format!("the API key {masked} from --api-key"),
            "the flag wins over the context: restart with --api-key set to the server's \
             http_api.key"
                .into(),
        ),
        (None, Some(name)) => (
            format!("the API key {masked} from context {name:?}"),
            format!(
                "put the server's http_api.key in the context (`centri context add {name} \
                 --server {} --api-key KEY`, check with `centri context show {name}`); the \
                 dashboard re-reads it on every retry",
                s.server
            ),
        ),
        (None, None) => (
            format!("the API key {masked}"),
            "pass --api-key with the server's http_api.key".into(),
        ),
    }
}

/// Re-resolves the settings as `ctx.settings()` does (re-reading the contexts file) into the
/// keys the dashboard's collector needs.
fn reload(ctx: &Ctx) -> Reload {
    let overrides = Overrides {
        context: ctx.global.context.clone(),
        server: ctx.global.server.clone(),
        api_key: ctx.global.api_key.clone(),
        admin_key: ctx.global.admin_key.clone(),
        hmac_secret: None,
        timeout: ctx.global.timeout,
    };
    std::sync::Arc::new(move || {
        let s = crate::context::resolve(&overrides).map_err(|e| e.to_string())?;
        let client = s.client(false).map_err(|e| e.to_string())?;
        let (described, fix) = key_origin(&s, overrides.api_key.as_deref());
        Ok(Keys {
            client,
            api_key: s.api_key,
            admin_key: s.admin_key,
            described,
            fix,
        })
    })
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
    let client = s.client(false).map_err(Failure::from)?;
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
        api_key: s.api_key.clone(),
        admin_key: s.admin_key.clone(),
        reload: Some(reload(ctx)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(api_key: Option<&str>, context: Option<&str>) -> Settings {
        Settings {
            server: "http://127.0.0.1:8000".into(),
            api_key: api_key.map(str::to_string),
            admin_key: None,
            hmac_secret: None,
            timeout: Duration::from_secs(5),
            context: context.map(str::to_string),
            read_only: false,
            login: None,
        }
    }

    #[test]
    fn a_refused_key_is_named_masked_with_where_it_comes_from_and_its_fix() {
        let (what, fix) = key_origin(&settings(Some("stale-key"), Some("dev")), None);
        assert_eq!(what, "the API key stal… (9 chars) from context \"dev\"");
        assert!(
            fix.contains("centri context add dev") && fix.contains("re-reads it"),
            "{fix}"
        );
        // typed on the command line (a value no test environment sets)
        let typed = "typed-key-3f9a0c";
        let (what, fix) = key_origin(&settings(Some(typed), Some("dev")), Some(typed));
        assert_eq!(what, "the API key type… (16 chars) from --api-key");
        assert!(fix.contains("restart with --api-key"), "{fix}");
        let (what, fix) = key_origin(&settings(None, Some("dev")), None);
        assert_eq!(what, "no API key is set");
        assert!(fix.contains("--api-key"), "{fix}");
        assert!(!what.contains("stale-key") && !what.contains(typed));
    }
}

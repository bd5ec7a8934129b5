//! `centri ratelimit show|set|rm|dry-run|history|simulate`: operation rate limits through
//! centri's admin endpoints (`GET|PATCH /admin/ratelimit`, `GET /admin/ratelimit/history`,
//! sent with the admin key), and an offline simulation that drives the server's own limiter
//! (`server::ratelimit::simulate`) against a config file's `client.rate_limit` or the server's
//! effective limits, so that the simulation and the server can never disagree.
//!
//! Every edit goes the same way: the server validates it first (`validate_only`) and answers
//! with the diff, the diff is shown, the user confirms (or passes `-y`), then it is applied and
//! the applied changes are printed. Reads `$USER` and the host name here (for
//! `X-Centri-Actor`), so that the client never reads the environment.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;

use super::{io, Class, Ctx, Failure};
use crate::cli::{RatelimitCmd, Switch};
use crate::client::{Client, ClientError};
use crate::output::Output;
use crate::proto::ratelimit::{
    parse_buckets, Bucket, Change, EditResult, History, Patch, RateLimitConfig, View,
};

/// The limiters `dry-run on|off` switches when no key is given.
pub const LIMITERS: [&str; 3] = ["client_command", "user_command", "client_error"];

/// At most this many recent hits in the `show` table (`-o json` has them all).
const HITS_SHOWN: usize = 20;

/// Checks the shape of a key (dot-separated, no empty part, no blanks); which names exist is
/// the server's call.
fn check_key(key: &str, arg: &str) -> Result<(), Failure> {
    if key.is_empty() {
        return Err(Failure::usage(format!("{arg:?}: missing KEY"))
            .hint("keys look like client_command.publish; see `centri ratelimit set --help`"));
    }
    if key.split('.').any(str::is_empty) || key.chars().any(char::is_whitespace) {
        return Err(
            Failure::usage(format!("{arg:?}: {key:?} is not a valid key"))
                .hint("keys look like client_command.publish; see `centri ratelimit set --help`"),
        );
    }
    Ok(())
}

/// Checks that an interval is a positive Go duration (`1s`, `500ms`, `1m`). `typed` is what
/// the user wrote (`s` in `50/s`, which reads as `1s`): the error names that.
fn check_interval(interval: &str, typed: &str) -> Result<Duration, String> {
    let d = crate::server::config::parse_duration(interval)
        .map_err(|_| format!("interval {typed:?} is not a duration (use e.g. s, 1s, 500ms, 1m)"))?;
    if d.negative || d.value.is_zero() {
        return Err(format!("interval {typed:?} must be positive"));
    }
    Ok(d.value)
}

/// Checks each bucket's interval, naming the intervals as typed in `spec` (`parse_buckets`
/// turns `x` into `1x`).
fn check_intervals(buckets: &[Bucket], spec: &str) -> Result<(), String> {
    let typed = spec
        .split(',')
        .map(|part| part.split_once('/').map_or("", |(_, i)| i.trim()));
    for (b, t) in buckets.iter().zip(typed) {
        check_interval(&b.interval, t)?;
    }
    Ok(())
}

/// Splits and parses one `KEY=SPEC` argument, e.g. `client_command.publish=10/1s,600/1m`.
/// A bad argument is a usage error that names it.
pub fn parse_setting(arg: &str) -> Result<(String, Vec<Bucket>), Failure> {
    let Some((key, spec)) = arg.split_once('=') else {
        return Err(Failure::usage(format!("{arg:?}: expected KEY=SPEC"))
            .hint("e.g. client_command.publish=10/1s"));
    };
    let key = key.trim();
    check_key(key, arg)?;
    let buckets = parse_buckets(spec)
        .and_then(|b| check_intervals(&b, spec).map(|()| b))
        .map_err(|e| {
            Failure::usage(format!("{arg:?}: {e}"))
                .hint("a spec is RATE/INTERVAL, comma-separated for several buckets: 60/1s,1000/1m")
        })?;
    Ok((key.to_string(), buckets))
}

/// The patch of `set KEY=SPEC...`; a key given twice is a usage error.
pub fn set_patch(args: &[String]) -> Result<Patch, Failure> {
    let mut set = BTreeMap::new();
    for arg in args {
        let (key, buckets) = parse_setting(arg)?;
        if set.insert(key.clone(), buckets).is_some() {
            return Err(Failure::usage(format!("{key} is given twice")));
        }
    }
    Ok(Patch {
        set,
        ..Patch::default()
    })
}

/// The patch of `rm KEY...`.
pub fn rm_patch(keys: &[String]) -> Result<Patch, Failure> {
    let mut remove: Vec<String> = Vec::new();
    for key in keys {
        check_key(key, key)?;
        if !remove.contains(key) {
            remove.push(key.clone());
        }
    }
    Ok(Patch {
        remove,
        ..Patch::default()
    })
}

/// The patch of `dry-run on|off [KEY]`: the key (`LIMITER` or `LIMITER.OP`), else all three
/// limiters.
pub fn dry_run_patch(state: Switch, key: Option<&str>) -> Result<Patch, Failure> {
    let on = state == Switch::On;
    let dry_run = match key {
        Some(k) => {
            check_key(k, k)?;
            if k.split('.').count() > 2 {
                return Err(Failure::usage(format!(
                    "{k:?}: dry-run keys are LIMITER or LIMITER.OP"
                ))
                .hint("e.g. client_command or client_command.publish"));
            }
            BTreeMap::from([(k.to_string(), on)])
        }
        None => LIMITERS.iter().map(|l| ((*l).to_string(), on)).collect(),
    };
    Ok(Patch {
        dry_run,
        ..Patch::default()
    })
}

/// Parses a send rate: `50/s`, `50/1s`, `600/1m`, `0.5/s`, or a bare number per second.
/// Commands per second.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let s = s.trim();
    let (count, interval) = match s.split_once('/') {
        Some((c, i)) => {
            let typed = i.trim();
            let i = if typed.starts_with(|c: char| c.is_ascii_digit()) {
                typed.to_string()
            } else {
                format!("1{typed}")
            };
            (c.trim(), check_interval(&i, typed)?)
        }
        None => (s, Duration::from_secs(1)),
    };
    let count: f64 = count
        .parse()
        .map_err(|_| format!("{s:?}: expected a number, e.g. 50/s, 600/1m or 50"))?;
    let per_second = count / interval.as_secs_f64();
    if !per_second.is_finite() || per_second <= 0.0 {
        return Err(format!("{s:?}: the rate must be positive"));
    }
    Ok(per_second)
}

/// A rate for people: `20/s`, `0.5/s`.
fn human_rate(per_second: f64) -> String {
    let r = (per_second * 1000.0).round() / 1000.0;
    format!("{r}/s")
}

/// One line per change, keys aligned: `  client_command.publish  10/1s → 20/1s`.
pub fn render_diff(changes: &[Change]) -> String {
    let width = changes.iter().map(|c| c.key.len()).max().unwrap_or(0);
    let mut s = String::new();
    for c in changes {
        // Writing to a String cannot fail.
        let _ = writeln!(s, "  {:<width$}  {} → {}", c.key, c.old, c.new);
    }
    s
}

/// `HH:MM:SS.mmm` (UTC) of a Unix time in milliseconds.
fn clock_ms(ms: u64) -> String {
    let secs = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        ms % 1000
    )
}

/// RFC 3339 (UTC, seconds) of a Unix time in milliseconds.
fn date_ms(ms: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + Duration::from_millis(ms)).to_string()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The `show` tables: effective limits, then the newest [`HITS_SHOWN`] hits (newest last).
pub fn render_view(out: &Output, v: &View) -> String {
    let mut s = if v.entries.is_empty() {
        "no rate limits configured\n".to_string()
    } else {
        let rows: Vec<Vec<String>> = v
            .entries
            .iter()
            .map(|e| {
                vec![
                    e.key.clone(),
                    if e.buckets.is_empty() {
                        "-".into()
                    } else {
                        e.buckets.clone()
                    },
                    yes_no(e.enabled),
                    e.source.clone(),
                    yes_no(e.dry_run),
                ]
            })
            .collect();
        out.render_table(&["key", "buckets", "enabled", "source", "dry-run"], &rows)
    };
    if v.recent_hits.is_empty() {
        s.push_str("\nrecent hits: none\n");
        return s;
    }
    let skip = v.recent_hits.len().saturating_sub(HITS_SHOWN);
    if skip > 0 {
        let _ = writeln!(
            s,
            "\nrecent hits, newest last ({skip} older not shown; -o json has them all):"
        );
    } else {
        s.push_str("\nrecent hits, newest last:\n");
    }
    let rows: Vec<Vec<String>> = v.recent_hits[skip..]
        .iter()
        .map(|h| {
            vec![
                clock_ms(h.time_ms),
                h.limiter.clone(),
                h.op.clone(),
                h.namespace.clone(),
                h.rule.clone(),
                h.user.clone(),
                h.client.clone(),
                yes_no(h.dry_run),
            ]
        })
        .collect();
    s.push_str(&out.render_table(
        &[
            "time",
            "limiter",
            "op",
            "namespace",
            "rule",
            "user",
            "client",
            "dry-run",
        ],
        &rows,
    ));
    s
}

/// The `history` table: one row per change.
pub fn render_history(out: &Output, h: &History) -> String {
    let rows: Vec<Vec<String>> = h
        .history
        .iter()
        .flat_map(|e| {
            e.changes.iter().map(|c| {
                vec![
                    date_ms(e.time_ms),
                    e.who.clone(),
                    c.key.clone(),
                    format!("{} → {}", c.old, c.new),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        return "no live edits yet\n".into();
    }
    out.render_table(&["time", "who", "key", "change"], &rows)
}

/// The applied (or would-be) changes as a table.
fn render_changes(out: &Output, changes: &[Change]) -> String {
    let rows: Vec<Vec<String>> = changes
        .iter()
        .map(|c| vec![c.key.clone(), c.old.clone(), c.new.clone()])
        .collect();
    out.render_table(&["key", "old", "new"], &rows)
}

/// Who is editing, for `X-Centri-Actor`: `user@host`, each part `unknown` when it cannot be
/// found, and `unknown` when neither can.
pub fn actor() -> String {
    let non_empty = |v: String| {
        let v = v.trim().to_string();
        (!v.is_empty()).then_some(v)
    };
    let user = std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("USERNAME").ok())
        .and_then(non_empty);
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .and_then(non_empty);
    actor_from(user.as_deref(), host.as_deref())
}

/// [`actor`] from its parts, reduced to what an HTTP header may carry.
pub fn actor_from(user: Option<&str>, host: Option<&str>) -> String {
    let a = match (user, host) {
        (None, None) => "unknown".to_string(),
        (u, h) => format!("{}@{}", u.unwrap_or("unknown"), h.unwrap_or("unknown")),
    };
    a.chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .take(128)
        .collect()
}

/// Maps admin-endpoint errors: 400 is the server's verdict on the edit (its message names
/// the key), 401 the admin key, 404 a server without the endpoint.
fn admin_failure(e: ClientError) -> Failure {
    match e {
        ClientError::Http { status: 400, body } => Failure::new(Class::Rejected, body).hint(
            "`centri ratelimit show` lists the keys and their sources; `ratelimit set --help` the syntax",
        ),
        ClientError::Http {
            status: 404 | 405, ..
        } => Failure::new(
            Class::Rejected,
            "the server has no admin rate-limit endpoint (/admin/ratelimit)",
        )
        .hint("use a centri server with admin.enabled and admin.api_key in its config"),
        ClientError::Unauthorized => {
            Failure::new(Class::Auth, "the server rejected the admin key (HTTP 401)")
                .hint("pass --admin-key (or CENTRI_ADMIN_KEY, or a context) matching admin.api_key")
        }
        other => Failure::from(other),
    }
}

/// `check`: one call of the server API `rate_limit`.
async fn check(ctx: &Ctx, key: String, rate: &str, cost: u64) -> Result<ExitCode, Failure> {
    let b = crate::proto::ratelimit::parse_buckets(rate)
        .and_then(|b| check_intervals(&b, rate).map(|()| b))
        .map_err(|e| Failure::usage(format!("--rate {e}")))?;
    let [b] = b.as_slice() else {
        return Err(Failure::usage("--rate takes one RATE/INTERVAL, e.g. 5/1m"));
    };
    let req = crate::proto::ratelimit::CheckRequest {
        key,
        rate: b.rate,
        interval: b.interval.clone(),
        cost: Some(cost),
    };
    let res: crate::proto::ratelimit::CheckResult = ctx
        .client()?
        .call("rate_limit", &req)
        .await
        .map_err(Failure::from)?;
    ctx.out
        .emit(&res, || {
            if res.allowed {
                format!(
                    "allowed: {} of {} left for {:?}\n",
                    res.remaining,
                    crate::proto::ratelimit::format_buckets(std::slice::from_ref(b)),
                    req.key
                )
            } else {
                format!(
                    "rate limited: {:?} is over {}; retry in {} ms\n",
                    req.key,
                    crate::proto::ratelimit::format_buckets(std::slice::from_ref(b)),
                    res.retry_after_ms
                )
            }
        })
        .map_err(io)?;
    Ok(if res.allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(Class::RateLimited.exit_code())
    })
}

/// The client and the admin key of the effective settings.
fn admin(ctx: &Ctx) -> Result<(Client, Option<String>), Failure> {
    let settings = ctx.settings()?;
    Ok((ctx.client()?, settings.admin_key))
}

pub async fn run(ctx: &Ctx, cmd: RatelimitCmd) -> Result<ExitCode, Failure> {
    match cmd {
        RatelimitCmd::Show => show(ctx).await,
        RatelimitCmd::Set { settings } => edit(ctx, set_patch(&settings)?).await,
        RatelimitCmd::Rm { keys } => edit(ctx, rm_patch(&keys)?).await,
        RatelimitCmd::DryRun { state, key } => {
            edit(ctx, dry_run_patch(state, key.as_deref())?).await
        }
        RatelimitCmd::History { limit } => history(ctx, limit).await,
        RatelimitCmd::Check { key, rate, cost } => check(ctx, key, &rate, cost).await,
        RatelimitCmd::Simulate {
            op,
            rate,
            duration,
            namespace,
            method,
            config,
            live: _,
        } => {
            let sim = SimArgs {
                per_second: parse_rate(&rate).map_err(|e| Failure::usage(format!("--rate {e}")))?,
                op,
                namespace: namespace.unwrap_or_default(),
                method: method.unwrap_or_default(),
                duration,
            };
            simulate(ctx, &sim, config.as_deref()).await
        }
    }
}

async fn show(ctx: &Ctx) -> Result<ExitCode, Failure> {
    let (client, key) = admin(ctx)?;
    let view = client
        .ratelimit_view(key.as_deref())
        .await
        .map_err(admin_failure)?;
    ctx.out
        .emit(&view, || render_view(&ctx.out, &view))
        .map_err(io)?;
    if !view.state_file.is_empty() {
        ctx.out.notice(&format!(
            "generation {}; live edits are kept in {}",
            view.generation, view.state_file
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Validate, show the diff, confirm, apply, print what was applied.
async fn edit(ctx: &Ctx, mut patch: Patch) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let (client, key) = admin(ctx)?;
    let who = actor();
    patch.validate_only = true;
    let preview: EditResult = client
        .ratelimit_patch(key.as_deref(), &who, &patch)
        .await
        .map_err(admin_failure)?;
    if preview.changes.is_empty() {
        ctx.out
            .notice("nothing to change: the limits already read so");
        ctx.out
            .emit(&preview, || render_changes(&ctx.out, &[]))
            .map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    }
    let n = preview.changes.len();
    let what = format!(
        "apply {n} rate-limit change{} on {}",
        if n == 1 { "" } else { "s" },
        client.base()
    );
    if !ctx.global.yes {
        ctx.out.notice(&format!(
            "{what}:\n{}",
            render_diff(&preview.changes).trim_end()
        ));
    }
    ctx.confirm(&what)?;
    patch.validate_only = false;
    let applied = client
        .ratelimit_patch(key.as_deref(), &who, &patch)
        .await
        .map_err(admin_failure)?;
    ctx.out
        .emit(&applied, || render_changes(&ctx.out, &applied.changes))
        .map_err(io)?;
    ctx.out.notice(&format!(
        "applied {} change{} (generation {})",
        applied.changes.len(),
        if applied.changes.len() == 1 { "" } else { "s" },
        applied.view.generation
    ));
    Ok(ExitCode::SUCCESS)
}

async fn history(ctx: &Ctx, limit: Option<usize>) -> Result<ExitCode, Failure> {
    let (client, key) = admin(ctx)?;
    let mut h = client
        .ratelimit_history(key.as_deref())
        .await
        .map_err(admin_failure)?;
    if let Some(n) = limit {
        let skip = h.history.len().saturating_sub(n);
        h.history.drain(..skip);
    }
    ctx.out
        .emit(&h, || render_history(&ctx.out, &h))
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

/// What to simulate.
#[derive(Debug, Clone)]
struct SimArgs {
    op: String,
    namespace: String,
    method: String,
    per_second: f64,
    duration: Duration,
}

/// One second of the simulation (JSON field names are a contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SimRow {
    pub second: u64,
    pub allowed: u64,
    pub rejected: u64,
    pub dry_run: u64,
}

/// Sums over the whole simulation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SimTotal {
    pub allowed: u64,
    pub rejected: u64,
    pub dry_run: u64,
}

/// The `simulate` document.
#[derive(Debug, Clone, Serialize)]
pub struct SimReport {
    pub command: String,
    pub namespace: String,
    pub method: String,
    pub rate_per_second: f64,
    pub duration_ms: u64,
    /// `file` or `live`.
    pub source: String,
    /// The config file, or the server URL.
    pub from: String,
    pub seconds: Vec<SimRow>,
    pub total: SimTotal,
}

impl SimReport {
    fn render(&self, out: &Output) -> String {
        let rows: Vec<Vec<String>> = self
            .seconds
            .iter()
            .map(|r| {
                vec![
                    r.second.to_string(),
                    r.allowed.to_string(),
                    r.rejected.to_string(),
                    r.dry_run.to_string(),
                ]
            })
            .collect();
        let mut s = out.render_table(&["second", "allowed", "rejected", "dry-run"], &rows);
        let _ = writeln!(
            s,
            "total: {} allowed, {} rejected, {} dry-run ({} at {} for {})",
            self.total.allowed,
            self.total.rejected,
            self.total.dry_run,
            self.command,
            human_rate(self.rate_per_second),
            humantime::format_duration(Duration::from_millis(self.duration_ms)),
        );
        s
    }
}

/// Sums the rows.
pub fn totals(rows: &[SimRow]) -> SimTotal {
    rows.iter().fold(SimTotal::default(), |t, r| SimTotal {
        allowed: t.allowed + r.allowed,
        rejected: t.rejected + r.rejected,
        dry_run: t.dry_run + r.dry_run,
    })
}

/// Loads `client.rate_limit` from a config file with the server's own loader.
fn file_limits(path: &str) -> Result<RateLimitConfig, Failure> {
    let env: HashMap<String, String> = std::env::vars().collect();
    let loaded = crate::server::config::load_file(path, &env).map_err(|e| {
        Failure::usage(format!("{path}: {}", super::config::error_text(&e)))
            .hint(format!("`centri config check {path}` says more"))
    })?;
    Ok(loaded.config.client.rate_limit)
}

async fn simulate(ctx: &Ctx, a: &SimArgs, config: Option<&str>) -> Result<ExitCode, Failure> {
    // The simulation reports whole seconds: a fraction would be dropped without a word.
    if a.duration.is_zero() || a.duration.subsec_nanos() != 0 {
        return Err(Failure::usage(
            "--duration must be a whole number of seconds, e.g. 10s or 1m",
        ));
    }
    let (limits, source, from) = if let Some(path) = config {
        (file_limits(path)?, "file", path.to_string())
    } else {
        let (client, key) = admin(ctx)?;
        let view = client
            .ratelimit_view(key.as_deref())
            .await
            .map_err(admin_failure)?;
        (view.effective, "live", client.base().to_string())
    };
    if limits.limiters().iter().all(|(_, l)| !l.enabled) {
        ctx.out.notice(&format!(
            "note: no limiter is enabled in {from} (client.rate_limit): nothing is rejected"
        ));
    }
    let rows = crate::server::ratelimit::simulate(
        &limits,
        &a.op,
        &a.namespace,
        &a.method,
        a.per_second,
        a.duration,
    )
    .map_err(|e| Failure::usage(format!("cannot simulate: {e}")))?;
    let seconds: Vec<SimRow> = rows
        .iter()
        .map(|r| SimRow {
            second: r.second,
            allowed: r.allowed,
            rejected: r.rejected,
            dry_run: r.dry_run,
        })
        .collect();
    let report = SimReport {
        command: a.op.clone(),
        namespace: a.namespace.clone(),
        method: a.method.clone(),
        rate_per_second: a.per_second,
        duration_ms: a.duration.as_millis() as u64,
        source: source.into(),
        from,
        total: totals(&seconds),
        seconds,
    };
    ctx.out
        .emit(&report, || report.render(&ctx.out))
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;
    use crate::proto::ratelimit::{Entry, HistoryEntry, Hit};

    #[test]
    fn settings_split_and_parse() {
        let (k, b) = parse_setting("client_command.publish=10/1s").unwrap();
        assert_eq!(k, "client_command.publish");
        assert_eq!(
            b,
            vec![Bucket {
                interval: "1s".into(),
                rate: 10
            }]
        );
        let (k, b) = parse_setting("user_command.default=60/1s,1000/1m").unwrap();
        assert_eq!(k, "user_command.default");
        assert_eq!(crate::proto::ratelimit::format_buckets(&b), "60/1s,1000/1m");
        let (k, _) = parse_setting("client_command.publish.namespace_overrides.chat=20/s").unwrap();
        assert_eq!(k, "client_command.publish.namespace_overrides.chat");
    }

    #[test]
    fn bad_settings_are_usage_errors_naming_the_argument() {
        for bad in [
            "client_command.publish",
            "=10/1s",
            "client_command..publish=10/1s",
            "client_command.publish=",
            "client_command.publish=ten/1s",
            "client_command.publish=10/1parsec",
            "client_command.publish=10/0s",
            "client_command.publish=0/1s",
            "client command.publish=10/1s",
        ] {
            let f = parse_setting(bad).unwrap_err();
            assert_eq!(f.class, Class::Usage, "{bad}");
            assert!(
                f.message.contains(&format!("{bad:?}")),
                "{bad}: {}",
                f.message
            );
        }
        let twice = ["a.b=1/s".to_string(), "a.b=2/s".to_string()];
        assert_eq!(set_patch(&twice).unwrap_err().class, Class::Usage);
    }

    #[test]
    fn patches() {
        let p = set_patch(&["a.b=1/s".into(), "c.d=2/1m".into()]).unwrap();
        assert_eq!(p.set.len(), 2);
        assert!(!p.validate_only && p.remove.is_empty());
        let p = rm_patch(&["a.b".into(), "a.b".into()]).unwrap();
        assert_eq!(p.remove, vec!["a.b".to_string()]);
        let p = dry_run_patch(Switch::On, None).unwrap();
        assert_eq!(
            p.dry_run.keys().cloned().collect::<Vec<_>>(),
            vec!["client_command", "client_error", "user_command"]
        );
        assert!(p.dry_run.values().all(|v| *v));
        let p = dry_run_patch(Switch::Off, Some("client_command.publish")).unwrap();
        assert_eq!(p.dry_run.get("client_command.publish"), Some(&false));
        assert_eq!(
            dry_run_patch(Switch::On, Some("client_command.rpc.method_overrides.x"))
                .unwrap_err()
                .class,
            Class::Usage
        );
    }

    #[test]
    fn rates() {
        assert!((parse_rate("50/s").unwrap() - 50.0).abs() < 1e-9);
        assert!((parse_rate("50/1s").unwrap() - 50.0).abs() < 1e-9);
        assert!((parse_rate("600/1m").unwrap() - 10.0).abs() < 1e-9);
        assert!((parse_rate("50").unwrap() - 50.0).abs() < 1e-9);
        assert!((parse_rate("1/500ms").unwrap() - 2.0).abs() < 1e-9);
        assert!((parse_rate("0.5/s").unwrap() - 0.5).abs() < 1e-9);
        for bad in ["", "x", "0", "-5/s", "5/0s", "5/x", "inf", "NaN/s"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
        let e = parse_rate("50/x").unwrap_err();
        assert!(e.contains("\"x\"") && !e.contains("1x"), "{e}");
        let e = parse_setting("client_command.publish=10/1s,5/zz").unwrap_err();
        assert!(
            e.message.contains("\"zz\"") && !e.message.contains("1zz"),
            "{}",
            e.message
        );
        assert_eq!(human_rate(20.0), "20/s");
        assert_eq!(human_rate(1.0 / 3.0), "0.333/s");
    }

    #[test]
    fn diff_lines_align_keys() {
        let changes = vec![
            Change {
                key: "client_command.publish".into(),
                old: "10/1s".into(),
                new: "20/1s".into(),
            },
            Change {
                key: "user_command".into(),
                old: "(none)".into(),
                new: "dry-run".into(),
            },
        ];
        assert_eq!(
            render_diff(&changes),
            "  client_command.publish  10/1s → 20/1s\n  user_command            (none) → dry-run\n"
        );
        assert_eq!(render_diff(&[]), "");
    }

    #[test]
    fn actor_header() {
        assert_eq!(actor_from(Some("ann"), Some("box")), "ann@box");
        assert_eq!(actor_from(None, Some("box")), "unknown@box");
        assert_eq!(actor_from(Some("ann"), None), "ann@unknown");
        assert_eq!(actor_from(None, None), "unknown");
        assert_eq!(actor_from(Some("a n"), Some("bøx")), "a_n@b_x");
        assert!(!actor().is_empty());
    }

    #[test]
    fn view_tables() {
        let out = Output::plain(OutputFormat::Table);
        let hit = |i: u64| Hit {
            time_ms: 3_600_000 + i * 1000,
            limiter: "client_command".into(),
            op: "publish".into(),
            rule: "client_command.publish".into(),
            user: format!("u{i}"),
            ..Hit::default()
        };
        let v = View {
            entries: vec![Entry {
                key: "client_command.publish".into(),
                buckets: "10/1s".into(),
                enabled: true,
                source: "live".into(),
                dry_run: false,
            }],
            recent_hits: (0..25).map(hit).collect(),
            ..View::default()
        };
        let s = render_view(&out, &v);
        assert!(s.contains("client_command.publish") && s.contains("10/1s") && s.contains("live"));
        assert!(s.contains("5 older not shown"), "{s}");
        assert!(
            !s.contains(" u4 ") && s.contains(" u5 ") && s.contains(" u24 "),
            "{s}"
        );
        assert!(s.contains("01:00:24.000"), "{s}");
        let empty = render_view(&out, &View::default());
        assert!(empty.contains("no rate limits configured") && empty.contains("recent hits: none"));
    }

    #[test]
    fn history_table_has_a_row_per_change() {
        let out = Output::plain(OutputFormat::Table);
        let h = History {
            history: vec![HistoryEntry {
                time_ms: 0,
                who: "ann@box".into(),
                changes: vec![
                    Change {
                        key: "a.b".into(),
                        old: "(none)".into(),
                        new: "1/1s".into(),
                    },
                    Change {
                        key: "c.d".into(),
                        old: "(file) 5/1s".into(),
                        new: "2/1s".into(),
                    },
                ],
            }],
        };
        let s = render_history(&out, &h);
        assert!(
            s.contains("1970-01-01T00:00:00Z") && s.contains("ann@box"),
            "{s}"
        );
        assert!(
            s.contains("(none) → 1/1s") && s.contains("(file) 5/1s → 2/1s"),
            "{s}"
        );
        assert_eq!(
            render_history(&out, &History::default()),
            "no live edits yet\n"
        );
    }

    #[test]
    fn simulation_totals_and_table() {
        let seconds = vec![
            SimRow {
                second: 0,
                allowed: 19,
                rejected: 1,
                dry_run: 0,
            },
            SimRow {
                second: 1,
                allowed: 10,
                rejected: 10,
                dry_run: 0,
            },
        ];
        let total = totals(&seconds);
        assert_eq!((total.allowed, total.rejected, total.dry_run), (29, 11, 0));
        let r = SimReport {
            command: "publish".into(),
            namespace: String::new(),
            method: String::new(),
            rate_per_second: 20.0,
            duration_ms: 2000,
            source: "file".into(),
            from: "c.json".into(),
            seconds,
            total,
        };
        let s = r.render(&Output::plain(OutputFormat::Table));
        assert!(s.contains("SECOND") && s.contains("DRY-RUN"), "{s}");
        assert!(
            s.ends_with("total: 29 allowed, 11 rejected, 0 dry-run (publish at 20/s for 2s)\n"),
            "{s}"
        );
        let j = serde_json::to_value(&r).unwrap();
        assert_eq!(j["total"]["allowed"], 29);
        assert_eq!(j["seconds"][1]["rejected"], 10);
    }
}

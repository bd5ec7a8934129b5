//! `centri push status|cancel|sends`, and following a send until it ends ([`follow`], which
//! `push send --wait` shares). Sends are read from centri's admin API
//! (`GET /admin/push/sends[/<uid>]`, admin auth); `cancel` is the server API's `cancel_push`.
//!
//! The rendering is pure ([`render_status`], [`send_cells`]), so tests can check it without a
//! server. Exit codes: 5 for a send that is not there (or has ended, for `cancel`), 0 for a
//! status that could be read whatever the send came to.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::cli::OutputFormat;
use crate::client::{Client, ClientError};
use crate::commands::{io, Class, Ctx, Failure};
use crate::output::{self, write_stdout, Output};
use crate::proto::codes;
use crate::proto::push::send::SendStatus;

/// Errors in a row after which following a send gives up.
const MAX_ERRORS_IN_A_ROW: u32 = 5;
/// The shortest poll interval: `--interval 0s` must not spin on the server.
const MIN_INTERVAL: Duration = Duration::from_millis(50);

/// Whether a send's state is final: nothing more will happen to it.
pub fn ended(state: &str) -> bool {
    matches!(state, "done" | "cancelled" | "expired")
}

/// The sum of one count over the providers.
fn sum(s: &SendStatus, f: impl Fn(&crate::proto::push::send::ProviderCounts) -> u64) -> u64 {
    s.providers.values().map(f).sum()
}

/// Recipients that failed or were dropped.
pub fn not_sent(s: &SendStatus) -> u64 {
    sum(s, |p| p.failed + p.dropped)
}

/// Errors over all providers: (reason, count, "fcm 3, apns 1"), largest count first.
pub fn errors_by_reason(s: &SendStatus) -> Vec<(String, u64, String)> {
    let mut by: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for (provider, c) in &s.providers {
        for (reason, n) in &c.errors {
            by.entry(reason.as_str())
                .or_default()
                .push((provider.as_str(), *n));
        }
    }
    let mut rows: Vec<(String, u64, String)> = by
        .into_iter()
        .map(|(reason, per)| {
            let total = per.iter().map(|p| p.1).sum();
            let providers = per
                .iter()
                .map(|(p, n)| format!("{p} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            (reason.to_string(), total, providers)
        })
        .collect();
    // the sort is stable: equal counts stay in reason order
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    rows
}

/// `[########------------] 40/100 (40%)`; `40/100+` while the recipients are still being
/// found (the total can grow).
pub fn progress(s: &SendStatus, width: usize) -> String {
    let total = s.total.max(s.done);
    // nothing to send: all of it is done once the send has ended
    let full = ended(&s.state);
    let filled = s
        .done
        .saturating_mul(width as u64)
        .checked_div(total)
        .map_or(if full { width } else { 0 }, |f| {
            usize::try_from(f).unwrap_or(width)
        });
    let pct = s
        .done
        .saturating_mul(100)
        .checked_div(total)
        .unwrap_or(if full { 100 } else { 0 });
    format!(
        "[{}{}] {}/{}{} ({pct}%)",
        "#".repeat(filled.min(width)),
        "-".repeat(width - filled.min(width)),
        s.done,
        s.total,
        if s.planned { "" } else { "+" }
    )
}

/// Unix ms as `2026-12-04 14:23:55 UTC (12s ago)`; `in 5m` for times ahead.
fn when(ms: i64, now_ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let now = now_ms.div_euclid(1000);
    let rel = if secs > now {
        format!(
            "in {}",
            output::human_secs(u64::try_from(secs - now).unwrap_or(0))
        )
    } else {
        output::ago(Some(secs), now)
    };
    format!("{} ({rel})", output::utc_time(secs))
}

/// The summary of one send: what it is, how far it got, then a table per provider and the
/// errors by reason.
pub fn render_status(out: &Output, s: &SendStatus, now_ms: i64) -> String {
    let mut pairs = vec![
        ("uid".to_string(), s.uid.clone()),
        ("state".to_string(), s.state.clone()),
        ("recipient".to_string(), s.recipient.clone()),
        ("created".to_string(), when(s.created_at, now_ms)),
    ];
    if s.send_at > 0 {
        pairs.push(("send at".to_string(), when(s.send_at, now_ms)));
    }
    if s.finished_at > 0 {
        pairs.push(("finished".to_string(), when(s.finished_at, now_ms)));
    }
    pairs.push((
        "progress".to_string(),
        if ended(&s.state) {
            format!("{}/{}", s.done, s.total)
        } else {
            progress(s, 30)
        },
    ));
    let sent = sum(s, |p| p.sent);
    let failed = sum(s, |p| p.failed);
    let dropped = sum(s, |p| p.dropped);
    pairs.push((
        "outcome".to_string(),
        format!("{sent} sent, {failed} failed, {dropped} dropped"),
    ));
    if !s.reported.is_empty() {
        let r: Vec<String> = s.reported.iter().map(|(k, v)| format!("{k} {v}")).collect();
        pairs.push(("reported".to_string(), r.join(", ")));
    }
    let mut text = out.render_kv(&pairs);
    if !s.providers.is_empty() {
        let rows: Vec<Vec<String>> = s
            .providers
            .iter()
            .map(|(name, c)| {
                vec![
                    name.clone(),
                    c.sent.to_string(),
                    c.failed.to_string(),
                    c.removed.to_string(),
                    c.dropped.to_string(),
                    c.delayed.to_string(),
                ]
            })
            .collect();
        text.push('\n');
        text.push_str(&out.render_table(
            &[
                "provider", "sent", "failed", "removed", "dropped", "delayed",
            ],
            &rows,
        ));
    }
    let errors = errors_by_reason(s);
    if !errors.is_empty() {
        let rows: Vec<Vec<String>> = errors
            .into_iter()
            .map(|(reason, n, per)| vec![reason, n.to_string(), per])
            .collect();
        text.push('\n');
        text.push_str(&out.render_table(&["error", "count", "providers"], &rows));
    }
    text
}

/// A row of `centri push sends`: uid, state, recipient, done/total, sent, failed, dropped,
/// created.
pub fn send_cells(s: &SendStatus, now_ms: i64) -> Vec<String> {
    vec![
        s.uid.clone(),
        s.state.clone(),
        s.recipient.clone(),
        format!("{}/{}{}", s.done, s.total, if s.planned { "" } else { "+" }),
        sum(s, |p| p.sent).to_string(),
        sum(s, |p| p.failed).to_string(),
        sum(s, |p| p.dropped).to_string(),
        output::ago(Some(s.created_at.div_euclid(1000)), now_ms.div_euclid(1000)),
    ]
}

/// Unix ms now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// An admin API failure of the send endpoints, with what to do about it.
pub fn admin_failure(e: ClientError, uid: Option<&str>) -> Failure {
    match e {
        ClientError::Http { status: 404, body } => {
            if body.contains("no push with this uid") {
                Failure::new(
                    Class::Rejected,
                    format!("no push {}", uid.unwrap_or_default()),
                )
                .code(codes::METHOD_NOT_FOUND)
                .hint("list the latest sends with `centri push sends`")
            } else if body.contains("push notifications are off") {
                Failure::new(Class::Rejected, body).hint(output::PUSH_OFF_HINT)
            } else if body.contains("admin endpoints are off") {
                Failure::new(Class::Rejected, body)
                    .hint("set admin.enabled (and admin.api_key) in the server's config")
            } else {
                Failure::new(
                    Class::Rejected,
                    format!("the server has no push send status (HTTP 404: {body})"),
                )
                .hint("send status is centri's own admin API (/admin/push/sends)")
            }
        }
        ClientError::Unauthorized => {
            Failure::new(Class::Auth, "the server rejected the admin key (HTTP 401)")
                .hint("pass --admin-key (or CENTRI_ADMIN_KEY, or a context) matching admin.api_key")
        }
        other => Failure::from(other),
    }
}

/// A `cancel_push` failure: 104 means there is no such send, or it has ended.
pub fn cancel_failure(e: ClientError, uid: &str) -> Failure {
    match e {
        ClientError::Api(a) if a.code == codes::METHOD_NOT_FOUND => Failure::new(
            Class::Rejected,
            format!("no push {uid} to cancel: it is unknown or has ended"),
        )
        .code(a.code)
        .hint("see it with `centri push status UID`, or list them with `centri push sends`"),
        other => super::failure(other),
    }
}

/// How following a send stopped.
#[derive(Debug)]
pub enum Followed {
    /// It ended (done, cancelled or expired).
    Ended(SendStatus),
    /// Ctrl-C; the last status seen.
    Interrupted(SendStatus),
    /// The deadline passed first.
    TimedOut(SendStatus),
}

/// Asks for the status of `uid` every `every` (at least [`MIN_INTERVAL`]) and hands each one to `seen`, until the send
/// ends, Ctrl-C, or `deadline`. A failed first read is the error; later ones are retried up
/// to [`MAX_ERRORS_IN_A_ROW`] in a row (each told on stderr), except a send that is gone.
pub async fn follow(
    ctx: &Ctx,
    client: &Client,
    admin: Option<&str>,
    uid: &str,
    every: Duration,
    deadline: Option<Instant>,
    mut seen: impl FnMut(&SendStatus) -> Result<(), Failure>,
) -> Result<Followed, Failure> {
    // Catch Ctrl-C from the start (see `trace::live`): a `ctrl_c()` future made inside the
    // loop registers only when polled.
    let mut sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| Failure::new(Class::Other, format!("cannot catch Ctrl-C: {e}")))?;
    let mut last = client
        .push_send_status(admin, uid)
        .await
        .map_err(|e| admin_failure(e, Some(uid)))?;
    seen(&last)?;
    let every = every.max(MIN_INTERVAL);
    let mut errors = 0;
    loop {
        if ended(&last.state) {
            return Ok(Followed::Ended(last));
        }
        let mut nap = every;
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Followed::TimedOut(last));
            }
            nap = nap.min(left);
        }
        tokio::select! {
            () = tokio::time::sleep(nap) => {}
            _ = sigint.recv() => return Ok(Followed::Interrupted(last)),
        }
        match client.push_send_status(admin, uid).await {
            Ok(s) => {
                errors = 0;
                if s != last {
                    seen(&s)?;
                }
                last = s;
            }
            Err(e @ ClientError::Http { status: 404, .. }) => {
                return Err(admin_failure(e, Some(uid)))
            }
            Err(e) => {
                errors += 1;
                let f = admin_failure(e, Some(uid));
                if errors >= MAX_ERRORS_IN_A_ROW {
                    return Err(f);
                }
                ctx.out.notice(&format!(
                    "{} (retrying in {})",
                    f.message,
                    humantime::format_duration(every)
                ));
            }
        }
    }
}

pub(super) async fn status(
    ctx: &Ctx,
    uid: &str,
    watch: bool,
    every: Duration,
) -> Result<ExitCode, Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client()?;
    let admin = settings.admin_key.as_deref();
    if !watch {
        let s = client
            .push_send_status(admin, uid)
            .await
            .map_err(|e| admin_failure(e, Some(uid)))?;
        ctx.out
            .emit(&s, || render_status(&ctx.out, &s, now_ms()))
            .map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    }
    let tty = std::io::stdout().is_terminal();
    let ndjson = Output {
        format: OutputFormat::Ndjson,
        ..ctx.out.clone()
    };
    let table = ctx.out.is_table();
    let followed = follow(ctx, &client, admin, uid, every, None, |s| {
        let text = if table {
            let body = render_status(&ctx.out, s, now_ms());
            if tty {
                format!(
                    "\x1b[H\x1b[2J{}  every {}\n{body}",
                    humantime::format_rfc3339_seconds(std::time::SystemTime::now()),
                    humantime::format_duration(every)
                )
            } else {
                format!("{body}\n")
            }
        } else {
            ndjson.render_json(s)
        };
        write_stdout(&text).map_err(io)
    })
    .await?;
    if let Followed::Interrupted(s) = followed {
        ctx.out.notice(&format!(
            "stopped watching push {} ({}); it goes on",
            s.uid, s.state
        ));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn cancel(ctx: &Ctx, uid: &str) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    ctx.client()?
        .cancel_push(uid)
        .await
        .map_err(|e| cancel_failure(e, uid))?;
    ctx.out
        .emit(&json!({"uid": uid, "cancelled": true}), || {
            format!("cancelled push {uid}\n")
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn sends(ctx: &Ctx, limit: usize) -> Result<ExitCode, Failure> {
    let settings = ctx.settings()?;
    let list = ctx
        .client()?
        .push_sends(settings.admin_key.as_deref(), limit)
        .await
        .map_err(|e| admin_failure(e, None))?;
    let now = now_ms();
    ctx.out
        .emit_list(&list.sends, || {
            let rows: Vec<Vec<String>> = list.sends.iter().map(|s| send_cells(s, now)).collect();
            ctx.out.render_table(
                &[
                    "uid",
                    "state",
                    "recipient",
                    "done/total",
                    "sent",
                    "failed",
                    "dropped",
                    "created",
                ],
                &rows,
            )
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proto::push::send::ProviderCounts;
    use crate::proto::ApiError;

    const NOW: i64 = 1_764_858_235_000;

    fn sample() -> SendStatus {
        let fcm = ProviderCounts {
            sent: 40,
            failed: 7,
            removed: 2,
            dropped: 1,
            delayed: 3,
            errors: BTreeMap::from([
                ("unregistered".to_string(), 2),
                ("quota exceeded".to_string(), 5),
                ("no time zone".to_string(), 1),
            ]),
        };
        let apns = ProviderCounts {
            sent: 10,
            failed: 6,
            errors: BTreeMap::from([
                ("BadDeviceToken".to_string(), 5),
                ("unregistered".to_string(), 1),
            ]),
            ..ProviderCounts::default()
        };
        SendStatus {
            uid: "u-1".into(),
            state: "sending".into(),
            recipient: "topics news".into(),
            created_at: NOW - 75_000,
            total: 128,
            planned: true,
            done: 64,
            providers: BTreeMap::from([("fcm".to_string(), fcm), ("apns".to_string(), apns)]),
            reported: BTreeMap::from([("delivered".to_string(), 30)]),
            ..SendStatus::default()
        }
    }

    #[test]
    fn errors_group_by_reason_over_providers_largest_first() {
        let rows = errors_by_reason(&sample());
        assert_eq!(
            rows,
            vec![
                ("BadDeviceToken".to_string(), 5, "apns 5".to_string()),
                ("quota exceeded".to_string(), 5, "fcm 5".to_string()),
                ("unregistered".to_string(), 3, "apns 1, fcm 2".to_string()),
                ("no time zone".to_string(), 1, "fcm 1".to_string()),
            ]
        );
        assert_eq!(not_sent(&sample()), 7 + 1 + 6);
    }

    #[test]
    fn progress_bars_fill_with_done_and_mark_a_growing_total() {
        let mut s = sample();
        assert_eq!(progress(&s, 10), "[#####-----] 64/128 (50%)");
        s.planned = false;
        assert_eq!(progress(&s, 10), "[#####-----] 64/128+ (50%)");
        s.total = 0;
        s.done = 0;
        assert_eq!(progress(&s, 4), "[----] 0/0+ (0%)");
        s.state = "done".into();
        s.planned = true;
        assert_eq!(
            progress(&s, 4),
            "[####] 0/0 (100%)",
            "nothing to send is all sent"
        );
        // a done count past the total never overflows the bar
        s.total = 2;
        s.done = 3;
        assert_eq!(progress(&s, 4), "[####] 3/2 (100%)");
    }

    #[test]
    fn a_status_shows_progress_providers_errors_and_reports() {
        let out = Output::plain(OutputFormat::Table);
        let t = render_status(&out, &sample(), NOW);
        let line = |k: &str| {
            t.lines()
                .find(|l| l.starts_with(&format!("{k}:")))
                .unwrap_or_else(|| panic!("no {k} in\n{t}"))
                .to_string()
        };
        assert!(line("state").ends_with(" sending"), "{t}");
        assert!(line("recipient").ends_with(" topics news"), "{t}");
        assert!(line("created").ends_with(" UTC (1m15s ago)"), "{t}");
        assert!(line("progress").contains("] 64/128 (50%)"), "{t}");
        assert!(
            line("outcome").ends_with(" 50 sent, 13 failed, 1 dropped"),
            "{t}"
        );
        assert!(line("reported").ends_with(" delivered 30"), "{t}");
        assert!(!t.contains("finished:") && !t.contains("send at:"), "{t}");
        let fcm = t.lines().find(|l| l.contains(" fcm ")).unwrap();
        let cells: Vec<&str> = fcm.split_whitespace().filter(|c| *c != "│").collect();
        assert_eq!(cells, ["fcm", "40", "7", "2", "1", "3"], "{t}");
        // errors: largest first, in their own table after the providers'
        let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} not in\n{t}"));
        assert!(at("PROVIDER") < at("ERROR"));
        assert!(at("BadDeviceToken") < at("quota exceeded"));
        assert!(at("quota exceeded") < at("unregistered"));
        assert!(at("unregistered") < at("no time zone"));
        assert!(t.contains("apns 1, fcm 2"), "{t}");
    }

    #[test]
    fn an_ended_status_shows_counts_without_a_bar_and_future_times_ahead() {
        let mut s = sample();
        s.state = "done".into();
        s.finished_at = NOW - 5_000;
        s.send_at = NOW + 600_000;
        let t = render_status(&Output::plain(OutputFormat::Table), &s, NOW);
        assert!(
            t.lines()
                .any(|l| l.starts_with("progress:") && l.ends_with(" 64/128")),
            "{t}"
        );
        assert!(!t.contains('#'), "{t}");
        assert!(t.contains("(5s ago)") && t.contains("(in 10m0s)"), "{t}");
        // nothing by provider or by error: no empty tables
        let bare = SendStatus {
            uid: "u".into(),
            state: "done".into(),
            planned: true,
            ..SendStatus::default()
        };
        let t = render_status(&Output::plain(OutputFormat::Table), &bare, NOW);
        assert!(
            !t.contains("PROVIDER") && !t.contains("ERROR") && !t.contains("reported"),
            "{t}"
        );
    }

    #[test]
    fn send_rows_sum_the_providers() {
        let mut s = sample();
        s.planned = false;
        assert_eq!(
            send_cells(&s, NOW),
            [
                "u-1",
                "sending",
                "topics news",
                "64/128+",
                "50",
                "13",
                "1",
                "1m15s ago"
            ]
        );
    }

    #[test]
    fn states_that_end_a_send() {
        for s in ["done", "cancelled", "expired"] {
            assert!(ended(s), "{s}");
        }
        for s in ["scheduled", "queued", "sending", ""] {
            assert!(!ended(s), "{s}");
        }
    }

    #[test]
    fn admin_failures_say_what_is_missing() {
        let http = |body: &str| ClientError::Http {
            status: 404,
            body: body.into(),
        };
        let f = admin_failure(http("no push with this uid"), Some("abc"));
        assert_eq!((f.class, f.code), (Class::Rejected, Some(104)));
        assert_eq!(f.message, "no push abc");
        assert!(f.hint.unwrap().contains("centri push sends"));
        let f = admin_failure(
            http("push notifications are off: set push_notifications.enabled"),
            None,
        );
        assert_eq!(f.class, Class::Rejected);
        assert!(f.hint.unwrap().contains("centri serve --dev"));
        let f = admin_failure(http("admin endpoints are off: set admin.enabled"), None);
        assert!(f.hint.unwrap().contains("admin.enabled"));
        let f = admin_failure(http("404 page not found"), None);
        assert!(f.message.contains("no push send status"), "{}", f.message);
        let f = admin_failure(ClientError::Unauthorized, None);
        assert_eq!(f.class, Class::Auth);
        assert!(f.hint.unwrap().contains("--admin-key"));
        let f = cancel_failure(
            ClientError::Api(ApiError {
                code: 104,
                message: "not found".into(),
                temporary: false,
            }),
            "abc",
        );
        assert_eq!((f.class, f.code), (Class::Rejected, Some(104)));
        assert!(
            f.message.contains("abc") && f.message.contains("ended"),
            "{}",
            f.message
        );
    }
}

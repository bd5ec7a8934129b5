//! `centri push send`: the flags become a request ([`request::build`], where every flag is
//! unit-tested), the send goes out, and with `--wait` it is followed to its end
//! (`status::follow`) with a progress bar on a terminal; the exit code says how it went.

mod request;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::status::{self, Followed};
use crate::cli::{OutputFormat, PushSendArgs};
use crate::commands::{io, Class, Ctx, Failure};
use crate::output::{count_of, write_stdout, Output};
use crate::proto::push::send::SendStatus;
use request::{build, describe};

/// The flags that set a request field, for the hint of a 107 naming it.
fn flags_of(field: &str) -> Option<&'static str> {
    let by_prefix: [(&str, &str); 12] = [
        ("recipient.fcm_tokens", "--fcm-token"),
        ("recipient.hms_tokens", "--hms-token"),
        ("recipient.apns_tokens", "--apns-token"),
        ("recipient", "--user, --topic, --device, --all, --provider, --platform, or a provider's --*-token, --*-topic, --*-condition"),
        ("notification.expire_at", "--expire-in"),
        ("notification.fcm", "--fcm (or --title, --body, --data)"),
        ("notification.hms", "--hms (or --title, --body, --data)"),
        ("notification.apns", "--apns (or --title, --body, --data)"),
        ("notification.webpush", "--webpush (or --title, --body, --data)"),
        ("notification", "--title, --body, --data, --fcm, --hms, --apns, --webpush"),
        ("send_at", "--send-at"),
        ("limit_strategy", "--rate-limit, --rate-limit-key, --between"),
    ];
    let exact: [(&str, &str); 3] = [
        ("uid", "--uid"),
        ("analytics_uid", "--analytics-uid"),
        ("localizations", "--l10n"),
    ];
    exact
        .iter()
        .find(|(f, _)| field == *f || field.starts_with(&format!("{f}.")))
        .or_else(|| by_prefix.iter().find(|(p, _)| field.starts_with(p)))
        .map(|(_, flags)| *flags)
}

/// A `send_push_notification` failure: a bad field (107, `bad request: FIELD: reason`) gets
/// a hint naming the flags that set it.
fn send_failure(e: crate::client::ClientError) -> Failure {
    let field = match &e {
        crate::client::ClientError::Api(a) if a.code == crate::proto::codes::BAD_REQUEST => a
            .message
            .strip_prefix("bad request: ")
            .and_then(|m| m.split_once(": "))
            .map(|(f, _)| f.to_string()),
        _ => None,
    };
    let f = super::failure(e);
    match field.as_deref().and_then(flags_of) {
        Some(flags) => f.hint(format!("{} is set by {flags}", field.unwrap_or_default())),
        None => f,
    }
}

pub(super) async fn run(ctx: &Ctx, a: &PushSendArgs) -> Result<ExitCode, Failure> {
    let req = build(a, SystemTime::now())?;
    if a.dry_run {
        let o = Output {
            format: if ctx.out.format == OutputFormat::Ndjson {
                OutputFormat::Ndjson
            } else {
                OutputFormat::Json
            },
            ..ctx.out.clone()
        };
        write_stdout(&o.render_json(&req)).map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    }
    ctx.writable()?;
    let client = ctx.client()?;
    let to = describe(&req.recipient);
    if a.all {
        ctx.confirm(&format!("send a push to {to} on {}", client.base()))?;
    }
    let res = client
        .send_push_notification(&req)
        .await
        .map_err(send_failure)?;
    if ctx.out.is_table() {
        let when = if req.send_at > 0 {
            format!(", at {}", crate::output::utc_time(req.send_at))
        } else {
            String::new()
        };
        let verb = if req.send_at > 0 {
            "scheduled"
        } else {
            "queued"
        };
        ctx.out
            .notice(&format!("{verb} push {} to {to}{when}", res.uid));
    }
    if !a.wait {
        ctx.out.emit_value(&res, &res.uid).map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    }
    wait(ctx, &client, &res.uid, a).await
}

/// `--wait`: a bar on a terminal (stderr), NDJSON lines as the status changes with `-o
/// ndjson`; then the final status and the exit code of how it went.
async fn wait(
    ctx: &Ctx,
    client: &crate::client::Client,
    uid: &str,
    a: &PushSendArgs,
) -> Result<ExitCode, Failure> {
    let settings = ctx.settings()?;
    let bar = if !ctx.out.quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg:10} [{bar:30}] {pos}/{len} {elapsed}")
        {
            b.set_style(style.progress_chars("=> "));
        }
        b.set_message("queued");
        b.enable_steady_tick(Duration::from_millis(200));
        b
    } else {
        ProgressBar::hidden()
    };
    let ndjson = ctx.out.format == OutputFormat::Ndjson;
    let deadline = a.wait_timeout.map(|d| Instant::now() + d);
    let followed = status::follow(
        ctx,
        client,
        settings.admin_key.as_deref(),
        uid,
        a.interval,
        deadline,
        |s| {
            bar.set_length(s.total.max(s.done));
            bar.set_position(s.done);
            bar.set_message(s.state.clone());
            if ndjson {
                write_stdout(&ctx.out.render_json(s)).map_err(io)?;
            }
            Ok(())
        },
    )
    .await;
    bar.finish_and_clear();
    let followed = followed?;
    let (Followed::Ended(s) | Followed::Interrupted(s) | Followed::TimedOut(s)) = &followed;
    if !ndjson {
        ctx.out
            .emit(s, || status::render_status(&ctx.out, s, status::now_ms()))
            .map_err(io)?;
    }
    match followed {
        Followed::Ended(s) => outcome(&s),
        Followed::Interrupted(s) => {
            ctx.out.notice(&format!(
                "stopped waiting for push {} ({}); it goes on: centri push status {}",
                s.uid, s.state, s.uid
            ));
            Ok(ExitCode::from(130))
        }
        Followed::TimedOut(s) => Err(Failure::new(
            Class::Cancelled,
            format!(
                "push {} is still {} after --wait-timeout ({} of {} done)",
                s.uid, s.state, s.done, s.total
            ),
        )
        .hint(format!(
            "follow it with `centri push status {} --watch`",
            s.uid
        ))),
    }
}

/// How an ended send went: 0 when every recipient got it, 3 when it was cancelled, 9 when
/// some failed or were dropped (by reason), or it expired.
fn outcome(s: &SendStatus) -> Result<ExitCode, Failure> {
    if s.state == "cancelled" {
        return Err(Failure::new(
            Class::Cancelled,
            format!(
                "push {} was cancelled ({} of {} done)",
                s.uid, s.done, s.total
            ),
        ));
    }
    let missed = status::not_sent(s);
    if missed > 0 || s.state == "expired" {
        let reasons: Vec<String> = status::errors_by_reason(s)
            .into_iter()
            .take(3)
            .map(|(r, n, _)| format!("{r}: {n}"))
            .collect();
        let why = if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        };
        let expired = if s.state == "expired" {
            ", and it expired"
        } else {
            ""
        };
        return Err(Failure::new(
            Class::Partial,
            format!(
                "push {}: {} of {} failed or were dropped{why}{expired}",
                s.uid,
                missed,
                count_of(s.total, "recipient")
            ),
        ));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn outcomes_become_exit_classes() {
        use crate::proto::push::send::ProviderCounts;
        let mut s = SendStatus {
            uid: "u".into(),
            state: "done".into(),
            total: 3,
            done: 3,
            planned: true,
            providers: BTreeMap::from([(
                "fcm".to_string(),
                ProviderCounts {
                    sent: 3,
                    ..ProviderCounts::default()
                },
            )]),
            ..SendStatus::default()
        };
        assert!(outcome(&s).is_ok());
        let fcm = s.providers.get_mut("fcm").unwrap();
        fcm.sent = 1;
        fcm.failed = 1;
        fcm.dropped = 1;
        fcm.errors = BTreeMap::from([("unregistered".into(), 1), ("expired".into(), 1)]);
        let f = outcome(&s).unwrap_err();
        assert_eq!(f.class, Class::Partial);
        assert!(
            f.message
                .contains("2 of 3 recipients failed or were dropped"),
            "{}",
            f.message
        );
        assert!(f.message.contains("unregistered: 1"), "{}", f.message);
        s.state = "cancelled".into();
        assert_eq!(outcome(&s).unwrap_err().class, Class::Cancelled);
        s.state = "expired".into();
        assert_eq!(outcome(&s).unwrap_err().class, Class::Partial);
    }

    #[test]
    fn bad_field_hints_name_the_flag() {
        let bad = |message: &str| {
            send_failure(crate::client::ClientError::Api(crate::proto::ApiError {
                code: 107,
                message: message.into(),
                temporary: false,
            }))
        };
        let f = bad("bad request: notification.expire_at: is in the past");
        assert_eq!((f.class, f.code), (Class::Rejected, Some(107)));
        assert_eq!(
            f.hint.unwrap(),
            "notification.expire_at is set by --expire-in"
        );
        for (field, flag) in [
            ("recipient.fcm_tokens[2]", "--fcm-token"),
            ("recipient.filter.users", "--user"),
            ("send_at", "--send-at"),
            ("uid", "--uid"),
            ("analytics_uid", "--analytics-uid"),
            ("notification.webpush.urgency", "--webpush"),
            ("notification", "--title"),
            ("limit_strategy", "--rate-limit"),
            ("localizations.de", "--l10n"),
        ] {
            let f = bad(&format!("bad request: {field}: reason"));
            let hint = f.hint.unwrap();
            assert!(
                hint.starts_with(field) && hint.contains(flag),
                "{field}: {hint}"
            );
        }
        // a message of another shape keeps the generic hint
        let f = bad("bad request");
        assert!(!f.hint.unwrap().contains(" is set by "));
    }
}

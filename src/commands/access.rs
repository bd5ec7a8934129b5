//! `centri user block|unblock|invalidate-tokens|access` and `centri token revoke`: the
//! access controls of Centrifugo PRO (`block_user`, `unblock_user`, `invalidate_user_tokens`,
//! `revoke_token`) and centri's `access_list`.

use std::process::ExitCode;

use serde_json::json;

use super::{io, Ctx, Failure};
use crate::cli::Until;
use crate::proto::api;
use crate::server::auth::now_unix;

/// `expire_at` from `--for`/`--until` (0: no end); an end in the past is a usage error.
fn expire_at(u: &Until, now: i64) -> Result<i64, Failure> {
    let t = match (u.for_, u.until) {
        (Some(d), _) => now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        (None, Some(t)) => i64::try_from(t).map_err(|_| Failure::usage("--until is too large"))?,
        (None, None) => return Ok(0),
    };
    if t <= now {
        return Err(Failure::usage(format!(
            "the end ({t}) is not in the future (now {now})"
        )));
    }
    Ok(t)
}

/// "until <unix> (in <d>)" or "until lifted".
fn until_text(expire_at: i64, now: i64) -> String {
    if expire_at == 0 {
        "no end".into()
    } else {
        format!(
            "until {expire_at} (in {})",
            crate::output::human_secs(u64::try_from(expire_at - now).unwrap_or(0))
        )
    }
}

pub async fn block(ctx: &Ctx, user: String, until: &Until) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let now = now_unix();
    let expire_at = expire_at(until, now)?;
    let c = ctx.client()?;
    ctx.confirm(&format!(
        "block user {user:?} on {} ({}): their connections are closed",
        c.base(),
        until_text(expire_at, now)
    ))?;
    c.block_user(&api::BlockUserRequest {
        user: user.clone(),
        expire_at,
    })
    .await
    .map_err(Failure::from)?;
    ctx.out
        .emit(
            &json!({"user": user, "blocked": true, "expire_at": expire_at}),
            || {
                format!(
                    "blocked user {user:?}, {}: connections closed with 3503, connects refused\n",
                    until_text(expire_at, now)
                )
            },
        )
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn unblock(ctx: &Ctx, user: String) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let c = ctx.client()?;
    c.unblock_user(&api::UnblockUserRequest { user: user.clone() })
        .await
        .map_err(Failure::from)?;
    ctx.out
        .emit(&json!({"user": user, "blocked": false}), || {
            format!("unblocked user {user:?}\n")
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn invalidate(
    ctx: &Ctx,
    user: String,
    before: Option<u64>,
    channel: Option<String>,
    until: &Until,
) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let now = now_unix();
    let expire_at = expire_at(until, now)?;
    let before = match before {
        Some(b) => i64::try_from(b).map_err(|_| Failure::usage("--before is too large"))?,
        None => now,
    };
    let channel = channel.unwrap_or_default();
    let c = ctx.client()?;
    let what = if channel.is_empty() {
        format!("every token of user {user:?}")
    } else {
        format!("the subscription tokens of user {user:?} for {channel:?}")
    };
    ctx.confirm(&format!(
        "refuse {what} issued before {before} on {}",
        c.base()
    ))?;
    c.invalidate_user_tokens(&api::InvalidateUserTokensRequest {
        user: user.clone(),
        issued_before: before,
        expire_at,
        channel: channel.clone(),
    })
    .await
    .map_err(Failure::from)?;
    ctx.out
        .emit(
            &json!({"user": user, "channel": channel, "issued_before": before, "expire_at": expire_at}),
            || {
                format!(
                    "refusing {what} issued before {before} ({})\n",
                    until_text(expire_at, now)
                )
            },
        )
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn revoke(ctx: &Ctx, jti: String, until: &Until) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let now = now_unix();
    let expire_at = expire_at(until, now)?;
    let c = ctx.client()?;
    ctx.confirm(&format!(
        "revoke token {jti:?} on {} ({})",
        c.base(),
        until_text(expire_at, now)
    ))?;
    c.revoke_token(&api::RevokeTokenRequest {
        uid: jti.clone(),
        expire_at,
    })
    .await
    .map_err(Failure::from)?;
    ctx.out
        .emit(&json!({"jti": jti, "revoked": true, "expire_at": expire_at}), || {
            format!(
                "revoked token {jti:?}, {}: its connection is closed with 3005, the token refused with 109\n",
                until_text(expire_at, now)
            )
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn list(ctx: &Ctx) -> Result<ExitCode, Failure> {
    let c = ctx.client()?;
    let r = c.access_list().await.map_err(Failure::from)?;
    let now = now_unix();
    ctx.out
        .emit_list(&r.entries, || {
            if r.entries.is_empty() {
                return "no access controls in force\n".to_string();
            }
            let rows: Vec<Vec<String>> = r
                .entries
                .iter()
                .map(|e| {
                    let what = match e.kind.as_str() {
                        "block" => "blocked user".to_string(),
                        "revoke" => "revoked token".to_string(),
                        _ if e.channel.is_empty() => {
                            format!("tokens issued before {}", e.issued_before)
                        }
                        _ => format!(
                            "{} subscription tokens issued before {}",
                            e.channel, e.issued_before
                        ),
                    };
                    vec![e.key.clone(), what, until_text(e.expire_at, now)]
                })
                .collect();
            ctx.out
                .render_table(&["USER/JTI", "CONTROL", "ENDS"], &rows)
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn an_end_comes_from_for_or_until_and_must_be_ahead() {
        let u = |for_: Option<u64>, until: Option<u64>| Until {
            for_: for_.map(Duration::from_secs),
            until,
        };
        assert_eq!(expire_at(&u(None, None), 100).unwrap(), 0);
        assert_eq!(expire_at(&u(Some(60), None), 100).unwrap(), 160);
        assert_eq!(expire_at(&u(None, Some(500)), 100).unwrap(), 500);
        assert!(expire_at(&u(None, Some(100)), 100).is_err());
        assert!(expire_at(&u(Some(0), None), 100).is_err());
    }
}

//! `centri user status|touch|forget|disconnect`: user status (Centrifugo PRO's
//! `update_user_status`/`get_user_status`/`delete_user_status`) and disconnecting a user.

use std::process::ExitCode;

use serde_json::json;

use super::{io, Ctx, Failure};
use crate::cli::UserCmd;
use crate::client::ClientError;
use crate::proto::api::{self, Presence};

/// A user-status API failure, with a hint that names the config key on 108.
fn status_failure(e: ClientError) -> Failure {
    let off = matches!(&e, ClientError::Api(a) if a.code == crate::proto::codes::NOT_AVAILABLE);
    let f = Failure::from(e);
    if off {
        f.hint("user status is off on the server: set user_status.enabled in its config")
    } else {
        f
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Too many users for one call: a usage error before anything is sent.
fn check_count(users: &[String]) -> Result<(), Failure> {
    if users.len() > api::MAX_STATUS_USERS {
        return Err(Failure::usage(format!(
            "{} users given: at most {} per call",
            users.len(),
            api::MAX_STATUS_USERS
        )));
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, cmd: UserCmd) -> Result<ExitCode, Failure> {
    match cmd {
        UserCmd::Block { user, until } => return super::access::block(ctx, user, &until).await,
        UserCmd::Unblock { user } => return super::access::unblock(ctx, user).await,
        UserCmd::InvalidateTokens {
            user,
            before,
            channel,
            until,
        } => return super::access::invalidate(ctx, user, before, channel, &until).await,
        UserCmd::Access => return super::access::list(ctx).await,
        UserCmd::Status {
            users,
            away_after,
            online_within,
        } => {
            check_count(&users)?;
            let res = ctx
                .client()?
                .get_user_status(&api::UsersRequest { users })
                .await
                .map_err(status_failure)?;
            let now = now_unix();
            let derived: Vec<Presence> = res
                .statuses
                .iter()
                .map(|s| s.presence(now, online_within, away_after))
                .collect();
            let doc: Vec<serde_json::Value> = res
                .statuses
                .iter()
                .zip(&derived)
                .map(|(s, p)| {
                    let mut v = serde_json::to_value(s).unwrap_or_default();
                    if let Some(m) = v.as_object_mut() {
                        m.insert("status".into(), p.as_str().into());
                    }
                    v
                })
                .collect();
            ctx.out
                .emit(&json!({"now": now, "statuses": doc}), || {
                    let rows: Vec<Vec<String>> = res
                        .statuses
                        .iter()
                        .zip(&derived)
                        .map(|(s, p)| crate::output::user_status_cells(s, *p, now))
                        .collect();
                    ctx.out
                        .render_table(&["user", "status", "online", "active", "state"], &rows)
                })
                .map_err(io)?;
        }
        UserCmd::Touch { users, state } => {
            ctx.writable()?;
            check_count(&users)?;
            let req = api::UpdateUserStatusRequest {
                users: users.clone(),
                state: state.clone().unwrap_or_default(),
            };
            ctx.client()?
                .update_user_status(&req)
                .await
                .map_err(status_failure)?;
            let mut doc = json!({"users": users});
            if let Some(s) = &state {
                doc["state"] = json!(s);
            }
            ctx.out
                .emit(&doc, || {
                    let with = state
                        .as_ref()
                        .map(|s| format!(" with state {s:?}"))
                        .unwrap_or_default();
                    format!("marked {} active now{with}\n", users.join(", "))
                })
                .map_err(io)?;
        }
        UserCmd::Forget { users } => {
            ctx.writable()?;
            check_count(&users)?;
            let c = ctx.client()?;
            ctx.confirm(&format!(
                "forget the status of {} on {}",
                users.join(", "),
                c.base()
            ))?;
            c.delete_user_status(&api::UsersRequest {
                users: users.clone(),
            })
            .await
            .map_err(status_failure)?;
            ctx.out
                .emit(&json!({"users": users}), || {
                    format!("forgot the status of {}\n", users.join(", "))
                })
                .map_err(io)?;
        }
        UserCmd::Disconnect {
            user,
            code,
            reason,
            client,
        } => {
            ctx.writable()?;
            let c = ctx.client()?;
            // --client takes a unique prefix too, as `conn disconnect` does
            let client = match client {
                Some(cl) => {
                    let (id, info) = super::conn::find(ctx, &cl).await?;
                    if info.user != user {
                        return Err(Failure::usage(format!(
                            "client {id} belongs to user {:?}, not {user:?}",
                            info.user
                        )));
                    }
                    Some(id)
                }
                None => None,
            };
            let target = match &client {
                Some(cl) => format!("client {cl} of user {user:?}"),
                None => format!("every connection of user {user:?}"),
            };
            ctx.confirm(&format!("disconnect {target} on {}", c.base()))?;
            let req = api::DisconnectRequest {
                user: user.clone(),
                client: client.clone().unwrap_or_default(),
                disconnect: code.map(|code| api::DisconnectObject {
                    code,
                    reason: reason.clone(),
                }),
                ..api::DisconnectRequest::default()
            };
            c.disconnect(&req).await.map_err(Failure::from)?;
            let code = code.unwrap_or(3503);
            ctx.out
                .emit(&json!({"user": user, "code": code}), || {
                    let again = if crate::proto::codes::disconnect_reconnects(
                        u16::try_from(code).unwrap_or(0),
                    ) {
                        "clients will reconnect"
                    } else {
                        "clients will not reconnect"
                    };
                    format!("disconnected {target} with code {code} ({again})\n")
                })
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn st(online: Option<i64>, active: Option<i64>) -> api::UserStatus {
        api::UserStatus {
            user: "u".into(),
            online,
            active,
            state: String::new(),
        }
    }

    #[test]
    fn derives_online_away_offline() {
        let now = 1_000_000;
        let (w, a) = (Duration::from_secs(60), Duration::from_secs(300));
        assert_eq!(
            st(Some(now - 10), Some(now - 20)).presence(now, w, a),
            Presence::Online
        );
        assert_eq!(
            st(Some(now - 60), Some(now - 300)).presence(now, w, a),
            Presence::Online
        );
        assert_eq!(
            st(Some(now - 10), Some(now - 301)).presence(now, w, a),
            Presence::Away
        );
        let fresh = st(Some(now - 10), None);
        assert_eq!(fresh.presence(now, w, a), Presence::Online);
        assert_eq!(
            fresh.presence(now, w, a).label(&fresh),
            "online (no activity yet)"
        );
        assert_eq!(
            st(Some(now - 61), Some(now)).presence(now, w, a),
            Presence::Offline
        );
        assert_eq!(st(None, Some(now)).presence(now, w, a), Presence::Offline);
        assert_eq!(st(None, None).presence(now, w, a), Presence::Offline);
    }
}

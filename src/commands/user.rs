//! `centri user disconnect`.

use std::process::ExitCode;

use serde_json::json;

use super::{io, Ctx, Failure};
use crate::cli::UserCmd;
use crate::proto::api;

pub async fn run(ctx: &Ctx, cmd: UserCmd) -> Result<ExitCode, Failure> {
    match cmd {
        UserCmd::Disconnect {
            user,
            code,
            reason,
            client,
        } => {
            ctx.writable()?;
            let c = ctx.client()?;
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

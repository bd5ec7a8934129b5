//! `bench connect --access-controls N`: puts N blocked users, N revoked tokens and N
//! invalidated users in force through the server API (`/api/batch`, 500 commands a call),
//! none of them the bench's own users or tokens, so the second run's connects all go
//! through while every check looks its table up; and lifts the blocks after.

use super::{Class, Failure};
use crate::client::Client;
use crate::server::auth::now_unix as now;

/// How long the entries last if the bench cannot lift them (the revocations and
/// invalidations cannot be lifted through the API: they expire).
const LIFETIME_S: i64 = 300;

/// Commands per `/api/batch` call.
const CHUNK: usize = 500;

async fn batch(api: &Client, commands: Vec<serde_json::Value>) -> Result<(), Failure> {
    for chunk in commands.chunks(CHUNK) {
        let r = api
            .batch(&crate::proto::api::BatchRequest {
                commands: chunk.to_vec(),
                parallel: false,
            })
            .await
            .map_err(Failure::from)?;
        let replies = &r.replies;
        if replies.len() != chunk.len() {
            return Err(Failure::new(
                Class::Other,
                format!(
                    "access controls: /api/batch answered {} replies for {} commands",
                    replies.len(),
                    chunk.len()
                ),
            ));
        }
        if let Some(e) = replies.iter().find(|r| r.get("error").is_some()) {
            return Err(Failure::new(
                Class::Other,
                format!("access controls: the server refused one: {e}"),
            )
            .hint("the server must answer block_user, revoke_token and invalidate_user_tokens (centri serve, or Centrifugo PRO)"));
        }
    }
    Ok(())
}

/// Puts the 3N entries in force.
pub(super) async fn set(api: &Client, n: u32) -> Result<(), Failure> {
    let t = now();
    let until = t + LIFETIME_S;
    let mut commands = Vec::with_capacity(3 * n as usize);
    for i in 0..n {
        commands.push(serde_json::json!({"block_user": {"user": format!("bench-blocked-{i}"), "expire_at": until}}));
        commands.push(serde_json::json!({"revoke_token": {"uid": format!("bench-revoked-{i}"), "expire_at": until}}));
        commands.push(serde_json::json!({"invalidate_user_tokens": {"user": format!("bench-invalidated-{i}"), "issued_before": t, "expire_at": until}}));
    }
    batch(api, commands).await
}

/// Lifts the blocks.
pub(super) async fn lift(api: &Client, n: u32) -> Result<(), Failure> {
    let commands = (0..n)
        .map(|i| serde_json::json!({"unblock_user": {"user": format!("bench-blocked-{i}")}}))
        .collect();
    batch(api, commands).await
}

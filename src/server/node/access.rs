//! The node's side of access controls ([`crate::server::access`]): the server API methods
//! `block_user`, `unblock_user`, `revoke_token`, `invalidate_user_tokens` and centri's
//! `access_list`, what a change does to live connections, and the Redis reload.
//!
//! A change is stored first (Redis engine), then applied on this node and announced to the
//! others, which apply it to their own connections. Live connections: a blocked user's are
//! closed with 3503 (force disconnect: no reconnect); a connection whose token a change
//! refuses is closed with 3005 (connection expired), so the SDK reconnects, is answered
//! 109 and asks the app for a fresh token.

#[allow(clippy::wildcard_imports)] // the node's own types and imports
use super::*;
use crate::server::access::{invalidate_key, Entry, Kind, MAX_KEY};
use crate::server::auth::now_unix;

/// One change, as announced to the other nodes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Change {
    Put(Entry),
    Unblock(String),
}

/// A user id, token id or channel an entry can take.
fn key_ok(k: &str) -> Result<(), ApiError> {
    if k.is_empty() || k.len() > MAX_KEY || k.contains('\u{0}') {
        Err(ApiError::bad_request())
    } else {
        Ok(())
    }
}

fn time_ok(t: i64) -> Result<(), ApiError> {
    if t < 0 {
        Err(ApiError::bad_request())
    } else {
        Ok(())
    }
}

impl Node {
    pub fn api_block_user(&self, req: &api::BlockUserRequest) -> Result<api::Empty, ApiError> {
        key_ok(&req.user)?;
        time_ok(req.expire_at)?;
        self.change(&Change::Put(Entry {
            kind: Kind::Block,
            key: req.user.clone(),
            before: 0,
            expire_at: req.expire_at,
        }))
    }

    pub fn api_unblock_user(&self, req: &api::UnblockUserRequest) -> Result<api::Empty, ApiError> {
        key_ok(&req.user)?;
        self.change(&Change::Unblock(req.user.clone()))
    }

    pub fn api_revoke_token(&self, req: &api::RevokeTokenRequest) -> Result<api::Empty, ApiError> {
        key_ok(&req.uid)?;
        time_ok(req.expire_at)?;
        self.change(&Change::Put(Entry {
            kind: Kind::Revoke,
            key: req.uid.clone(),
            before: 0,
            expire_at: req.expire_at,
        }))
    }

    pub fn api_invalidate_user_tokens(
        &self,
        req: &api::InvalidateUserTokensRequest,
    ) -> Result<api::Empty, ApiError> {
        key_ok(&req.user)?;
        if !req.channel.is_empty() {
            key_ok(&req.channel)?;
        }
        time_ok(req.expire_at)?;
        time_ok(req.issued_before)?;
        let before = if req.issued_before == 0 {
            now_unix()
        } else {
            req.issued_before
        };
        self.change(&Change::Put(Entry {
            kind: Kind::Invalidate,
            key: invalidate_key(&req.user, &req.channel),
            before,
            expire_at: req.expire_at,
        }))
    }

    /// `access_list`: this node's live entries.
    pub fn api_access_list(&self) -> api::AccessListResult {
        let entries = self
            .access
            .entries(now_unix())
            .into_iter()
            .map(|e| {
                let (key, channel) = match e.key.split_once('\u{0}') {
                    Some((u, c)) => (u.to_string(), c.to_string()),
                    None => (e.key.clone(), String::new()),
                };
                api::AccessEntry {
                    kind: e.kind.name().to_string(),
                    key,
                    channel,
                    issued_before: e.before,
                    expire_at: e.expire_at,
                }
            })
            .collect();
        api::AccessListResult { entries }
    }

    /// Stores a change (Redis engine), applies it here and announces it.
    fn change(&self, c: &Change) -> Result<api::Empty, ApiError> {
        if let Some(r) = self.engine.redis() {
            match c {
                Change::Put(e) => r.access_put(e)?,
                Change::Unblock(user) => r.access_remove(Kind::Block, user)?,
            }
        }
        match c {
            Change::Put(e) => {
                tracing::info!(kind = e.kind.name(), key = %e.key.replace('\u{0}', " "), before = e.before, expire_at = e.expire_at, "access control set");
            }
            Change::Unblock(user) => tracing::info!(%user, "user unblocked"),
        }
        self.local_access(c);
        self.cluster_api("access", c);
        Ok(api::Empty {})
    }

    /// Applies a change on this node: the tables, then the live connections it refuses.
    pub(super) fn local_access(&self, c: &Change) {
        let now = now_unix();
        let e = match c {
            Change::Unblock(user) => {
                self.access.unblock(user);
                return;
            }
            Change::Put(e) => e,
        };
        self.access.apply(e, now);
        if e.expire_at != 0 && e.expire_at <= now {
            return;
        }
        let refused = |c: &Arc<dyn Connection>| {
            let (jti, iat) = c.token_id().unwrap_or(("", 0));
            self.access
                .token_refused(c.user(), jti, iat, "", now)
                .is_some()
        };
        match e.kind {
            Kind::Block => {
                for conn in self.select(&e.key, "") {
                    conn.disconnect(Disconnect::new(Disconnect::FORCE_DISCONNECT));
                }
            }
            Kind::Revoke => {
                for conn in self.all_connections() {
                    if refused(&conn) {
                        conn.disconnect(Disconnect::new(Disconnect::EXPIRED));
                    }
                }
            }
            // a channel's invalidation refuses subscription tokens at subscribe only
            Kind::Invalidate if !e.key.contains('\u{0}') => {
                for conn in self.select(&e.key, "") {
                    if refused(&conn) {
                        conn.disconnect(Disconnect::new(Disconnect::EXPIRED));
                    }
                }
            }
            Kind::Invalidate => {}
        }
    }

    /// Loads the entries from Redis (at start, and every [`crate::server::access::RELOAD`]),
    /// replacing this node's unless a change came in meanwhile. Connections that a loaded
    /// entry refuses (one another node announced while this one could not hear) are closed.
    pub async fn access_reload(&self) -> Result<(), ApiError> {
        let Some(r) = self.engine.redis() else {
            return Ok(());
        };
        let seen = self.access.generation();
        let now = now_unix();
        let entries = r.access_load(now).await?;
        if self.access.replace(&entries, now, seen) {
            for e in &entries {
                if e.kind == Kind::Block && !self.select(&e.key, "").is_empty() {
                    self.local_access(&Change::Put(e.clone()));
                }
            }
        }
        Ok(())
    }
}

//! The engine keeps what outlives a connection: history streams (epoch, offsets, retained
//! publications), presence, idempotency keys and user statuses. It is chosen at startup; the
//! enum delegates each call to the selected engine. Today that is the embedded memory engine.
//!
//! User-status calls take the current time explicitly (unix milliseconds), so a shared engine
//! (Redis) can keep the same entries with server-side TTLs and tests can move the clock.

pub mod memory;
pub mod redis;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::proto::{ApiError, ClientInfo, Publication, StreamPosition};

/// How a publication is kept.
#[derive(Debug, Clone, Default)]
pub struct StreamOptions {
    /// 0 = no history.
    pub history_size: usize,
    pub history_ttl: Duration,
    /// How long an idle stream keeps its epoch and offset.
    pub meta_ttl: Duration,
}

impl StreamOptions {
    pub fn history_enabled(&self) -> bool {
        self.history_size > 0 && !self.history_ttl.is_zero()
    }
}

/// Which publications to read.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Read after this position; its epoch must match the stream's when set.
    pub since: Option<StreamPosition>,
    /// `0` = none (position only), negative = all.
    pub limit: i32,
    pub reverse: bool,
}

/// The outcome of a publish.
#[derive(Debug, Clone)]
pub struct Published {
    /// The publication with its offset assigned.
    pub publication: Arc<Publication>,
    pub position: StreamPosition,
    /// True when nothing was published: an idempotency key matched, or the publication's
    /// version was not newer than the stream's (the position is the stream's top).
    pub duplicate: bool,
}

/// What can make a publish a no-op: an idempotency key seen within 5 minutes, or a version
/// not newer than the last one the stream took (Centrifugo's `version` and `version_epoch`:
/// with history on, a publication with `version` at or below the stream's last version is
/// dropped, unless its `version_epoch` differs from that one's; `version` 0 is not checked).
#[derive(Debug, Default, Clone, Copy)]
pub struct Dedup<'a> {
    pub idempotency_key: &'a str,
    pub version: u64,
    pub version_epoch: &'a str,
}

impl Dedup<'_> {
    /// Whether a publication with this version is dropped by a stream whose last version
    /// was `last` (0: none yet) in `last_epoch`.
    pub fn stale(&self, last: u64, last_epoch: &str) -> bool {
        self.version > 0
            && last > 0
            && (self.version_epoch.is_empty() || self.version_epoch == last_epoch)
            && self.version <= last
    }
}

/// One user's status (Centrifugo PRO user status): what `get_user_status` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserStatus {
    /// Last explicit activity (`update_user_status`), unix seconds.
    pub active: Option<i64>,
    /// Last time the user had a live connection, unix seconds (refreshed by the server).
    pub online: Option<i64>,
    /// Free-form state set with `update_user_status`.
    pub state: Option<String>,
}

/// The wall clock in unix milliseconds, as user-status calls take it.
pub fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Which field a user-status write sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusField {
    Active,
    Online,
}

/// The selected engine.
#[derive(Debug)]
pub enum Engine {
    Memory(memory::MemoryEngine),
    Redis(Box<redis::RedisEngine>),
}

impl Engine {
    pub fn memory() -> Self {
        Engine::Memory(memory::MemoryEngine::default())
    }

    /// The engine `cfg` asks for.
    pub fn from_config(cfg: &crate::server::config::Config) -> Result<Self, String> {
        match cfg.engine.kind.as_str() {
            "redis" => Ok(Engine::Redis(Box::new(redis::RedisEngine::new(
                &cfg.engine.redis,
            )?))),
            _ => Ok(Self::memory()),
        }
    }

    /// The Redis engine, when selected.
    pub fn redis(&self) -> Option<&redis::RedisEngine> {
        match self {
            Engine::Redis(r) => Some(r),
            Engine::Memory(_) => None,
        }
    }

    /// Whether the engine can serve (Redis reachable).
    pub fn healthy(&self) -> bool {
        match self {
            Engine::Memory(_) => true,
            Engine::Redis(r) => r.healthy(),
        }
    }

    /// Appends to the channel's stream (when history is on) and assigns the offset. `delta`
    /// (the publication may go out as a delta) travels with it to the other nodes.
    pub fn publish(
        &self,
        channel: &str,
        publication: Publication,
        opts: &StreamOptions,
        dedup: Dedup<'_>,
        delta: bool,
    ) -> Result<Published, ApiError> {
        match self {
            Engine::Memory(m) => Ok(m.publish(channel, publication, opts, dedup)),
            Engine::Redis(r) => r.publish(channel, publication, opts, dedup, delta),
        }
    }

    /// Reads history; `112` when `since.epoch` does not match the stream.
    pub fn history(
        &self,
        channel: &str,
        filter: &HistoryFilter,
        opts: &StreamOptions,
    ) -> Result<(Vec<Arc<Publication>>, StreamPosition), ApiError> {
        match self {
            Engine::Memory(m) => m.history(channel, filter, opts),
            Engine::Redis(r) => r.history(channel, filter, opts),
        }
    }

    /// Clears retained publications and keeps the position.
    pub fn remove_history(&self, channel: &str) -> Result<(), ApiError> {
        match self {
            Engine::Memory(m) => {
                m.remove_history(channel);
                Ok(())
            }
            Engine::Redis(r) => r.remove_history(channel),
        }
    }

    /// Best effort: a Redis failure is logged (presence refreshes retry it).
    pub fn add_presence(&self, channel: &str, client: &str, info: ClientInfo) {
        match self {
            Engine::Memory(m) => m.add_presence(channel, client, info),
            Engine::Redis(r) => {
                let _ = r.add_presence(channel, client, &info);
            }
        }
    }

    /// Best effort, like [`Engine::add_presence`] (entries also expire).
    pub fn remove_presence(&self, channel: &str, client: &str) {
        match self {
            Engine::Memory(m) => m.remove_presence(channel, client),
            Engine::Redis(r) => {
                let _ = r.remove_presence(channel, client);
            }
        }
    }

    pub fn presence(&self, channel: &str) -> Result<BTreeMap<String, ClientInfo>, ApiError> {
        match self {
            Engine::Memory(m) => Ok(m.presence(channel)),
            Engine::Redis(r) => r.presence(channel),
        }
    }

    /// (clients, unique users) present in the channel.
    pub fn presence_stats(&self, channel: &str) -> Result<(u32, u32), ApiError> {
        match self {
            Engine::Memory(m) => Ok(m.presence_stats(channel)),
            Engine::Redis(r) => r.presence_stats(channel),
        }
    }

    /// Sets `field` (and `state`, when given) of each user to `now_ms` and extends the entry's
    /// life to `now_ms + ttl`. An expired entry starts over empty.
    pub fn touch_user_status(
        &self,
        users: &[String],
        field: StatusField,
        state: Option<&str>,
        now_ms: i64,
        ttl: Duration,
    ) -> Result<(), ApiError> {
        match self {
            Engine::Memory(m) => {
                m.touch_user_status(users, field, state, now_ms, ttl);
                Ok(())
            }
            Engine::Redis(r) => r.touch_user_status(users, field, state, now_ms, ttl),
        }
    }

    /// The live status of each user, in input order (`None`: unknown or expired).
    pub fn user_status(
        &self,
        users: &[String],
        now_ms: i64,
    ) -> Result<Vec<Option<UserStatus>>, ApiError> {
        match self {
            Engine::Memory(m) => Ok(m.user_status(users, now_ms)),
            Engine::Redis(r) => r.user_status(users),
        }
    }

    /// Forgets the users' statuses.
    pub fn delete_user_status(&self, users: &[String]) -> Result<(), ApiError> {
        match self {
            Engine::Memory(m) => {
                m.delete_user_status(users);
                Ok(())
            }
            Engine::Redis(r) => r.delete_user_status(users),
        }
    }

    /// Drops expired publications, idle streams, old idempotency keys and expired user
    /// statuses (Redis expires its keys itself).
    pub fn purge(&self) {
        match self {
            Engine::Memory(m) => m.purge(),
            Engine::Redis(_) => {}
        }
    }
}

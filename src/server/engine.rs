//! The engine keeps what outlives a connection: history streams (epoch, offsets, retained
//! publications), presence, idempotency keys and user statuses. It is chosen at startup; the
//! enum delegates each call to the selected engine. Today that is the embedded memory engine.
//!
//! User-status calls take the current time explicitly (unix milliseconds), so a shared engine
//! (Redis) can keep the same entries with server-side TTLs and tests can move the clock.

pub mod memory;

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
    /// True when an idempotency key matched: nothing was published again.
    pub duplicate: bool,
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
}

impl Engine {
    pub fn memory() -> Self {
        Engine::Memory(memory::MemoryEngine::default())
    }

    /// Appends to the channel's stream (when history is on) and assigns the offset.
    pub fn publish(
        &self,
        channel: &str,
        publication: Publication,
        opts: &StreamOptions,
        idempotency_key: &str,
    ) -> Published {
        match self {
            Engine::Memory(m) => m.publish(channel, publication, opts, idempotency_key),
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
        }
    }

    /// Clears retained publications and keeps the position.
    pub fn remove_history(&self, channel: &str) {
        match self {
            Engine::Memory(m) => m.remove_history(channel),
        }
    }

    pub fn add_presence(&self, channel: &str, client: &str, info: ClientInfo) {
        match self {
            Engine::Memory(m) => m.add_presence(channel, client, info),
        }
    }

    pub fn remove_presence(&self, channel: &str, client: &str) {
        match self {
            Engine::Memory(m) => m.remove_presence(channel, client),
        }
    }

    pub fn presence(&self, channel: &str) -> BTreeMap<String, ClientInfo> {
        match self {
            Engine::Memory(m) => m.presence(channel),
        }
    }

    /// (clients, unique users) present in the channel.
    pub fn presence_stats(&self, channel: &str) -> (u32, u32) {
        match self {
            Engine::Memory(m) => m.presence_stats(channel),
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
    ) {
        match self {
            Engine::Memory(m) => m.touch_user_status(users, field, state, now_ms, ttl),
        }
    }

    /// The live status of each user, in input order (`None`: unknown or expired).
    pub fn user_status(&self, users: &[String], now_ms: i64) -> Vec<Option<UserStatus>> {
        match self {
            Engine::Memory(m) => m.user_status(users, now_ms),
        }
    }

    /// Forgets the users' statuses.
    pub fn delete_user_status(&self, users: &[String]) {
        match self {
            Engine::Memory(m) => m.delete_user_status(users),
        }
    }

    /// Drops expired publications, idle streams, old idempotency keys and expired user
    /// statuses.
    pub fn purge(&self) {
        match self {
            Engine::Memory(m) => m.purge(),
        }
    }
}

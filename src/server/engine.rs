//! The engine keeps what outlives a connection: history streams (epoch, offsets, retained
//! publications), presence and idempotency keys. It is chosen at startup; the enum delegates
//! each call to the selected engine. Today that is the embedded memory engine.

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

    /// Drops expired publications, idle streams and old idempotency keys.
    pub fn purge(&self) {
        match self {
            Engine::Memory(m) => m.purge(),
        }
    }
}

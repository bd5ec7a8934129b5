//! Where a node's maps live: the memory store ([`super::store`]), or Redis when the node
//! runs the Redis engine (`engine::redis::map`), shared by every node. Each call goes to
//! the one the node runs. A memory write hands back the publications for the node to fan
//! out under the channel's hub lock; a Redis write hands back none, its changes reach every
//! node's subscribers over PUB/SUB.

use std::sync::Arc;

use super::store::{MapStore, StatePage, Write};
use super::MapOptions;
use crate::proto::map::{MapReadStateResult, MapReadStreamResult, MapUpdateResult};
use crate::proto::{ApiError, Publication};
use crate::server::config::Config;
use crate::server::engine::redis::RedisEngine;

/// A write's answer and the publications for local live subscribers.
pub type Written = (MapUpdateResult, Vec<Publication>);

/// The maps of a node.
#[derive(Clone, Copy)]
pub enum Backend<'a> {
    Memory(&'a MapStore),
    /// With the node's config: a change in a namespace with fossil deltas carries the key's
    /// previous value to every node (the base of its delta there).
    Redis(&'a RedisEngine, &'a Config),
}

impl Backend<'_> {
    pub fn is_shared(&self) -> bool {
        matches!(self, Backend::Redis(..))
    }

    pub fn publish(&self, channel: &str, opts: &MapOptions, w: Write) -> Result<Written, ApiError> {
        match self {
            Backend::Memory(m) => Ok(m.publish(channel, opts, w)),
            Backend::Redis(r, cfg) => {
                let deltas = crate::server::permissions::resolve(cfg, channel)
                    .is_ok_and(|n| n.options.allowed_delta_types.iter().any(|t| t == "fossil"));
                Ok((r.map_publish(channel, opts, &w, deltas)?, Vec::new()))
            }
        }
    }

    pub fn remove(
        &self,
        channel: &str,
        opts: &MapOptions,
        key: &str,
        idempotency_key: &str,
    ) -> Result<Written, ApiError> {
        match self {
            Backend::Memory(m) => Ok(m.remove(channel, opts, key, idempotency_key)),
            Backend::Redis(r, _) => Ok((
                r.map_remove(channel, opts, key, idempotency_key)?,
                Vec::new(),
            )),
        }
    }

    pub fn state_page(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        until: Option<u64>,
    ) -> Result<StatePage, ApiError> {
        match self {
            Backend::Memory(m) => m.state_page(channel, opts, cursor, limit, until),
            Backend::Redis(r, _) => r.map_state_page(channel, opts, cursor, limit, until),
        }
    }

    /// As [`Backend::state_page`] for a page read outside the channel's hub lock: on Redis,
    /// identical reads in flight on this node share one.
    pub fn state_page_shared(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        until: Option<u64>,
    ) -> Result<StatePage, ApiError> {
        match self {
            Backend::Memory(m) => m.state_page(channel, opts, cursor, limit, until),
            Backend::Redis(r, _) => r.map_state_page_shared(channel, opts, cursor, limit, until),
        }
    }

    pub fn stream_since(
        &self,
        channel: &str,
        opts: &MapOptions,
        since: (u64, &str),
        limit: usize,
    ) -> Result<(Vec<Arc<Publication>>, u64, String), ApiError> {
        match self {
            Backend::Memory(m) => m.stream_since(channel, opts, since, limit),
            Backend::Redis(r, _) => r.map_stream_since(channel, opts, since, limit),
        }
    }

    pub fn read_state(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        key: Option<&str>,
    ) -> Result<MapReadStateResult, ApiError> {
        match self {
            Backend::Memory(m) => m.read_state(channel, cursor, limit, key),
            Backend::Redis(r, _) => r.map_read_state(channel, opts, cursor, limit, key),
        }
    }

    pub fn read_stream(
        &self,
        channel: &str,
        opts: &MapOptions,
        since: Option<(u64, &str)>,
        limit: usize,
        reverse: bool,
    ) -> Result<MapReadStreamResult, ApiError> {
        match self {
            Backend::Memory(m) => m.read_stream(channel, opts, since, limit, reverse),
            Backend::Redis(r, _) => r.map_read_stream(channel, opts, since, limit, reverse),
        }
    }

    pub fn stats(&self, channel: &str, opts: &MapOptions) -> Result<u32, ApiError> {
        match self {
            Backend::Memory(m) => Ok(m.stats(channel)),
            Backend::Redis(r, _) => r.map_stats(channel, opts),
        }
    }

    pub fn clear(&self, channel: &str, opts: &MapOptions) -> Result<(), ApiError> {
        match self {
            Backend::Memory(m) => {
                m.clear(channel);
                Ok(())
            }
            Backend::Redis(r, _) => r.map_clear(channel, opts),
        }
    }
}

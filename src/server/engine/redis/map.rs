//! Map channels on the Redis engine: a channel's keys, values, versions, expiries and stream
//! live in Redis under the channel's hash tag, and every operation is one call of the map
//! script ([`script::MAP`]), so the nodes of a cluster share one map. A change reaches live
//! subscribers over the channel's PUB/SUB channel, on every node (this one too), as a stream
//! channel's publications do. Keys whose TTL passed are skipped by reads at once and removed
//! by the sweep of any node that knows the channel (it wrote to it or read it, and its keys
//! have a TTL), which sends the removals.

mod script;

pub(super) use script::MAP;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::{new_epoch, RedisEngine};
use crate::proto::map::{MapEntry, MapReadStreamResult, MapUpdateResult};
use crate::proto::{ApiError, Publication};
use crate::server::map::store::{self, StatePage, Write};
use crate::server::map::MapOptions;

/// A state entry as the script answers it: `offset:time_ms:publication JSON`.
struct Stored {
    offset: u64,
    time: i64,
    publication: Publication,
}

fn stored(key: &str, v: &str) -> Option<Stored> {
    let (offset, rest) = v.split_once(':')?;
    let (time, json) = rest.split_once(':')?;
    let mut publication: Publication = serde_json::from_str(json).ok()?;
    publication.offset = offset.parse().ok()?;
    publication.key = key.to_string();
    Some(Stored {
        offset: publication.offset,
        time: time.parse().ok()?,
        publication,
    })
}

/// A map's stream as read: (changes oldest first, with their time; epoch; top).
type Stream = (Vec<(Publication, i64)>, String, u64);

/// A raw state page: (epoch, top, [key, value, ...], more, last key looked at).
type StateReply = (String, u64, Vec<String>, u8, String);

/// One state read: from after a key, how many, up to which offset, or one key only.
struct StateQuery<'a> {
    after: Option<&'a str>,
    limit: Option<usize>,
    until: Option<u64>,
    only: Option<&'a str>,
}

/// One state page read in flight, which identical requests wait for rather than read again.
#[derive(Debug, Default)]
struct Flight {
    page: Mutex<Option<Result<StatePage, ApiError>>>,
    done: std::sync::Condvar,
}

/// (channel, cursor, limit, until) of a state page.
type PageKey = (String, String, usize, Option<u64>);

/// State page reads in flight on this node.
#[derive(Debug, Default)]
pub struct Flights(Mutex<std::collections::HashMap<PageKey, Arc<Flight>>>);

/// The channels this node sweeps.
#[derive(Debug, Default)]
pub struct Known(Mutex<HashSet<String>>);

impl Known {
    fn add(&self, channel: &str) {
        let mut k = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !k.contains(channel) {
            k.insert(channel.to_string());
        }
    }

    fn list(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    fn forget(&self, channel: &str) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(channel);
    }
}

impl RedisEngine {
    /// The script call for `op` on `channel`'s map, with its keys and common arguments.
    fn map_call(
        &self,
        channel: &str,
        opts: &MapOptions,
        op: &str,
        idempotency_key: &str,
    ) -> redis::ScriptInvocation<'_> {
        let verb = self.publish_verb(self.shard_index(channel));
        let idem = self.idempotency_key("map.idem", channel, idempotency_key);
        let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let key_ttl = opts.key_ttl().map_or(0, ms);
        // an idle map that is not persistent is gone once its keys expired and its stream
        // aged out; a minute's margin
        let life = if opts.mode() == crate::server::map::Mode::Persistent {
            0
        } else {
            key_ttl.max(ms(opts.effective_stream_ttl())) + 60_000
        };
        let mut inv = self.map_script.prepare_invoke();
        for kind in [
            "map.meta",
            "map.keys",
            "map.state",
            "map.vers",
            "map.tags",
            "map.exp",
            "map.stream",
        ] {
            inv.key(self.key(kind, channel));
        }
        inv.key(idem)
            .arg(verb)
            .arg(self.client_channel(channel))
            .arg(new_epoch())
            .arg(if opts.streamed() { "1" } else { "0" })
            .arg(opts.effective_stream_size())
            .arg(ms(opts.effective_stream_ttl()))
            .arg(key_ttl)
            .arg(life)
            .arg(op);
        inv
    }

    /// Runs a prepared call on the channel's shard.
    fn map_run<T: redis::FromRedisValue + Send>(
        &self,
        channel: &str,
        inv: &redis::ScriptInvocation<'_>,
    ) -> Result<T, ApiError> {
        let shard = self.shard_for(channel);
        self.wait(shard.link.run(async |c| inv.invoke_async(c).await))
    }

    fn map_update(
        &self,
        channel: &str,
        opts: &MapOptions,
        inv: &redis::ScriptInvocation<'_>,
    ) -> Result<MapUpdateResult, ApiError> {
        self.map_track(channel, opts);
        let (offset, epoch, reason): (u64, String, String) = self.map_run(channel, inv)?;
        Ok(MapUpdateResult {
            // an ephemeral map's offsets are the engine's own
            offset: if opts.streamed() { offset } else { 0 },
            epoch,
            suppressed: !reason.is_empty(),
            suppress_reason: reason,
        })
    }

    /// Writes a key (see [`store::MapStore::publish`]); live subscribers get the change
    /// over PUB/SUB, `with_base`: with the key's previous value (the base of its delta).
    pub fn map_publish(
        &self,
        channel: &str,
        opts: &MapOptions,
        w: &Write,
        with_base: bool,
    ) -> Result<MapUpdateResult, ApiError> {
        let p = store::publication(&w.key, Some(&w.value), &w.tags, 0);
        let json = serde_json::to_string(&p).map_err(|_| ApiError::internal())?;
        let tags = if w.tags.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&w.tags).map_err(|_| ApiError::internal())?
        };
        let mut inv = self.map_call(channel, opts, "publish", &w.idempotency_key);
        inv.arg(&w.key)
            .arg(json)
            .arg(tags)
            .arg(&w.key_mode)
            .arg(w.version)
            .arg(&w.version_epoch)
            .arg(if w.refresh_ttl { "1" } else { "0" })
            .arg(if with_base { "1" } else { "0" })
            .arg(if w.idempotency_key.is_empty() {
                "0"
            } else {
                "1"
            });
        self.map_update(channel, opts, &inv)
    }

    /// Removes a key; an absent one is suppressed with `key_not_found`.
    pub fn map_remove(
        &self,
        channel: &str,
        opts: &MapOptions,
        key: &str,
        idempotency_key: &str,
    ) -> Result<MapUpdateResult, ApiError> {
        let mut inv = self.map_call(channel, opts, "remove", idempotency_key);
        inv.arg(key)
            .arg(if idempotency_key.is_empty() { "0" } else { "1" });
        self.map_update(channel, opts, &inv)
    }

    /// A map whose keys expire is swept by this node from now on.
    fn map_track(&self, channel: &str, opts: &MapOptions) {
        if opts.key_ttl().is_some() {
            self.map_known.add(channel);
        }
    }

    /// Stops sweeping a channel (its namespace is no longer a map namespace).
    pub fn map_forget(&self, channel: &str) {
        self.map_known.forget(channel);
    }

    /// The map channels this node sweeps: those with expiring keys it wrote to or read.
    pub fn map_channels(&self) -> Vec<String> {
        self.map_known.list()
    }

    /// Removes a channel's expired keys (their removals go out over PUB/SUB); a channel
    /// with no keys left is no longer swept by this node.
    pub fn map_expire(&self, channel: &str, opts: &MapOptions) -> Result<(), ApiError> {
        let inv = self.map_call(channel, opts, "expire", "");
        let (_, left): (u64, u64) = self.map_run(channel, &inv)?;
        if left == 0 {
            self.map_known.forget(channel);
        }
        Ok(())
    }

    fn map_state(
        &self,
        channel: &str,
        opts: &MapOptions,
        q: &StateQuery<'_>,
    ) -> Result<(String, u64, Vec<Stored>, bool, String), ApiError> {
        self.map_track(channel, opts);
        let mut inv = self.map_call(channel, opts, "state", "");
        inv.arg(q.after.unwrap_or(""))
            .arg(q.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX)))
            .arg(q.until.map_or(-1, |u| i64::try_from(u).unwrap_or(i64::MAX)))
            .arg(q.only.unwrap_or(""));
        let (epoch, top, flat, more, last): StateReply = self.map_run(channel, &inv)?;
        let mut entries = Vec::with_capacity(flat.len() / 2);
        for kv in flat.chunks_exact(2) {
            entries.push(stored(&kv[0], &kv[1]).ok_or_else(ApiError::internal)?);
        }
        Ok((epoch, top, entries, more == 1, last))
    }

    /// One page of the state for a subscriber (see [`store::MapStore::state_page`]); an
    /// ephemeral map's page carries the engine's offsets (a subscriber skips changes up to
    /// its page's), but its entries none.
    pub fn map_state_page(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        until: Option<u64>,
    ) -> Result<StatePage, ApiError> {
        let after = store::after_cursor(cursor)?;
        let q = StateQuery {
            after: after.as_deref(),
            limit: (limit != usize::MAX).then_some(limit),
            until,
            only: None,
        };
        let (epoch, top, entries, more, last) = self.map_state(channel, opts, &q)?;
        Ok(StatePage {
            entries: entries
                .into_iter()
                .map(|mut s| {
                    if !opts.streamed() {
                        s.publication.offset = 0;
                    }
                    std::sync::Arc::new(s.publication)
                })
                .collect(),
            cursor: if more {
                store::cursor_of(&last)
            } else {
                String::new()
            },
            offset: top,
            epoch,
        })
    }

    /// As [`RedisEngine::map_state_page`], but a request identical to one in flight on this
    /// node (the same channel, cursor, size and position) waits for that one's answer rather
    /// than asking Redis again: when a thousand subscribers of one map page through its state
    /// at once, Redis serves each page once per node. Only for pages read outside the
    /// channel's hub lock (a snapshot a little older than the request is as good a page; the
    /// page a subscriber goes live with must be read after it is subscribed).
    pub fn map_state_page_shared(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        until: Option<u64>,
    ) -> Result<StatePage, ApiError> {
        let key: PageKey = (channel.to_string(), cursor.to_string(), limit, until);
        let (flight, leader) = {
            let mut f = self
                .map_flights
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(x) = f.get(&key) {
                (x.clone(), false)
            } else {
                let x = Arc::new(Flight::default());
                f.insert(key.clone(), x.clone());
                (x, true)
            }
        };
        if leader {
            let page = self.map_state_page(channel, opts, cursor, limit, until);
            self.map_flights
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&key);
            *flight
                .page
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(page.clone());
            flight.done.notify_all();
            return page;
        }
        // bounded: the leader's read is bounded by the I/O timeout
        let deadline = std::time::Instant::now() + self.io_timeout * 2;
        let wait = || {
            let mut page = flight
                .page
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            loop {
                if let Some(p) = page.as_ref() {
                    return p.clone();
                }
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    return Err(ApiError::internal());
                }
                page = flight
                    .done
                    .wait_timeout(page, left)
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .0;
            }
        };
        // as every synchronous wait on the engine: the worker's other tasks move meanwhile
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(wait)
            }
            _ => wait(),
        }
    }

    /// A page of the state for the server API (see [`store::MapStore::read_state`]).
    pub fn map_read_state(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        key: Option<&str>,
    ) -> Result<crate::proto::map::MapReadStateResult, ApiError> {
        let after = store::after_cursor(cursor)?;
        let q = StateQuery {
            after: after.as_deref(),
            limit: Some(limit),
            until: None,
            only: key,
        };
        let (epoch, top, entries, more, last) = self.map_state(channel, opts, &q)?;
        let streamed = opts.streamed();
        Ok(crate::proto::map::MapReadStateResult {
            entries: entries
                .iter()
                .map(|s| {
                    let mut e = store::map_entry(&s.publication, s.time);
                    e.offset = if streamed { s.offset } else { 0 };
                    e
                })
                .collect(),
            offset: if streamed { top } else { 0 },
            epoch,
            cursor: if more {
                store::cursor_of(&last)
            } else {
                String::new()
            },
        })
    }

    /// The stream: (changes oldest first, with their time; epoch; top).
    fn map_stream(&self, channel: &str, opts: &MapOptions) -> Result<Stream, ApiError> {
        type Entry = (String, Vec<(String, String)>);
        self.map_track(channel, opts);
        let inv = self.map_call(channel, opts, "stream", "");
        let (epoch, top, raw): (String, u64, Vec<Entry>) = self.map_run(channel, &inv)?;
        let mut out = Vec::with_capacity(raw.len());
        for (_, fields) in raw {
            let (mut offset, mut time, mut data) = (None, 0, None);
            for (k, v) in fields {
                match k.as_str() {
                    "o" => offset = v.parse().ok(),
                    "t" => time = v.parse().unwrap_or(0),
                    "d" => data = Some(v),
                    _ => {}
                }
            }
            let mut p: Publication = data
                .and_then(|d| serde_json::from_str(&d).ok())
                .ok_or_else(ApiError::internal)?;
            p.offset = offset.ok_or_else(ApiError::internal)?;
            out.push((p, time));
        }
        Ok((out, epoch, top))
    }

    /// 112 when `since` is in another epoch, past the top or older than the stream keeps.
    fn map_check_since(
        changes: &[(Publication, i64)],
        epoch: &str,
        top: u64,
        since: (u64, &str),
    ) -> Result<(), ApiError> {
        let oldest = changes.first().map_or(top + 1, |(p, _)| p.offset);
        let (offset, e) = since;
        if e != epoch || offset > top || offset + 1 < oldest {
            return Err(ApiError::new(crate::proto::codes::UNRECOVERABLE_POSITION));
        }
        Ok(())
    }

    /// See [`store::MapStore::stream_since`].
    pub fn map_stream_since(
        &self,
        channel: &str,
        opts: &MapOptions,
        since: (u64, &str),
        limit: usize,
    ) -> Result<(Vec<std::sync::Arc<Publication>>, u64, String), ApiError> {
        let (changes, epoch, top) = self.map_stream(channel, opts)?;
        Self::map_check_since(&changes, &epoch, top, since)?;
        let take = if limit == 0 { usize::MAX } else { limit };
        let pubs = changes
            .into_iter()
            .filter(|(p, _)| p.offset > since.0)
            .take(take)
            .map(|(p, _)| std::sync::Arc::new(p))
            .collect();
        Ok((pubs, top, epoch))
    }

    /// See [`store::MapStore::read_stream`].
    pub fn map_read_stream(
        &self,
        channel: &str,
        opts: &MapOptions,
        since: Option<(u64, &str)>,
        limit: usize,
        reverse: bool,
    ) -> Result<MapReadStreamResult, ApiError> {
        if !opts.streamed() {
            return Err(ApiError::bad_request());
        }
        let (changes, epoch, top) = self.map_stream(channel, opts)?;
        if let Some(s) = since {
            Self::map_check_since(&changes, &epoch, top, s)?;
        }
        let after = since.map_or(0, |(o, _)| o);
        let picked = changes.iter().filter(|(p, _)| p.offset > after);
        let take = if limit == 0 { usize::MAX } else { limit };
        let entry = |(p, t): &(Publication, i64)| -> MapEntry { store::map_entry(p, *t) };
        let entries = if reverse {
            picked.rev().take(take).map(entry).collect()
        } else {
            picked.take(take).map(entry).collect()
        };
        Ok(MapReadStreamResult {
            entries,
            offset: top,
            epoch,
        })
    }

    /// The number of live keys.
    pub fn map_stats(&self, channel: &str, opts: &MapOptions) -> Result<u32, ApiError> {
        let inv = self.map_call(channel, opts, "stats", "");
        let n: u64 = self.map_run(channel, &inv)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Forgets the channel's state and stream (the next write starts a new epoch).
    pub fn map_clear(&self, channel: &str, opts: &MapOptions) -> Result<(), ApiError> {
        let inv = self.map_call(channel, opts, "clear", "");
        let _: u64 = self.map_run(channel, &inv)?;
        self.map_known.forget(channel);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_keep_their_offset_time_and_key() {
        let s = stored(
            "k:1",
            r#"7:1700000000000:{"data":{"a":1},"tags":{"t":"v"}}"#,
        )
        .unwrap();
        assert_eq!((s.offset, s.time), (7, 1_700_000_000_000));
        assert_eq!(s.publication.key, "k:1");
        assert_eq!(s.publication.offset, 7);
        assert_eq!(s.publication.data.get(), r#"{"a":1}"#);
        assert_eq!(s.publication.tags["t"], "v");
        assert!(stored("k", "x:1:{}").is_none(), "a bad offset is refused");
        assert!(stored("k", "1:2:not json").is_none());
    }

    #[test]
    fn a_position_outside_the_stream_is_unrecoverable() {
        let p = |o| {
            let mut p = Publication::json(crate::proto::null_raw());
            p.offset = o;
            (p, 0)
        };
        let changes = vec![p(4), p(5)];
        let ok = |since| RedisEngine::map_check_since(&changes, "e", 5, since).is_ok();
        assert!(ok((3, "e")) && ok((5, "e")));
        assert!(!ok((2, "e")), "older than the stream keeps");
        assert!(!ok((6, "e")), "past the top");
        assert!(!ok((4, "other")), "another epoch");
        assert!(RedisEngine::map_check_since(&[], "e", 9, (9, "e")).is_ok());
    }
}

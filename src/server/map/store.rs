//! The map store in memory: per channel, the keys (ordered by key) with their value, tags,
//! version and expiry, and in the streamed modes a stream of changes (a random epoch,
//! consecutive offsets from 1, trimmed by `stream_size` and `stream_ttl`). A key whose
//! `key_ttl` passed is gone from every read; in the streamed modes its expiry is a removal in
//! the stream. Sharded `std` mutexes, never held across an `.await`.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use base64::Engine as _;
use rand::distr::{Alphanumeric, SampleString};

use super::MapOptions;
use crate::proto::map::{MapEntry, MapReadStateResult, MapReadStreamResult, MapUpdateResult};
use crate::proto::{ApiError, ClientInfo, Payload, Publication};

const SHARDS: usize = 32;
/// How long an idempotency key suppresses a repeated write (as for publications).
const IDEMPOTENCY_WINDOW: Duration = Duration::from_secs(300);

/// A key's value: JSON, or bytes (from `b64data`); a presence map's entry is a client's
/// info instead.
#[derive(Debug, Clone)]
pub struct Value {
    data: Payload,
    info: Option<ClientInfo>,
}

impl Value {
    /// A value from a request's payload.
    pub fn from_payload(p: Payload) -> Self {
        Self {
            data: p,
            info: None,
        }
    }

    /// A presence map's entry: who (data `null`, the client in `info`).
    pub fn presence(info: ClientInfo) -> Self {
        Self {
            data: Payload::Json(crate::proto::null_raw()),
            info: Some(info),
        }
    }

    fn fill(&self, e: &mut MapEntry) {
        match &self.data {
            Payload::Json(r) => e.data = Some(r.clone()),
            Payload::Binary(b) => {
                e.b64data = base64::engine::general_purpose::STANDARD.encode(b);
            }
        }
        e.info.clone_from(&self.info);
    }
}

/// One write of a key.
#[derive(Debug)]
pub struct Write {
    pub key: String,
    pub value: Value,
    pub tags: BTreeMap<String, String>,
    pub idempotency_key: String,
    pub key_mode: String,
    pub version: u64,
    pub version_epoch: String,
    /// With `key_mode` `if_new`: an existing key's TTL starts over (presence maps keep
    /// their entries alive this way, with no change in the stream).
    pub refresh_ttl: bool,
}

#[derive(Debug)]
struct Entry {
    value: Value,
    tags: BTreeMap<String, String>,
    offset: u64,
    version: u64,
    version_epoch: String,
    time_ms: i64,
    expires: Option<Instant>,
}

#[derive(Debug)]
struct Change {
    key: String,
    /// None: the key was removed (or expired).
    value: Option<Value>,
    tags: BTreeMap<String, String>,
    offset: u64,
    time_ms: i64,
    at: Instant,
}

#[derive(Debug, Default)]
struct Channel {
    /// "" for an ephemeral map (no stream).
    epoch: String,
    top: u64,
    entries: BTreeMap<String, Entry>,
    stream: VecDeque<Change>,
    idempotency: HashMap<String, (MapUpdateResult, Instant)>,
}

impl Channel {
    fn new(opts: &MapOptions) -> Self {
        Self {
            epoch: if opts.streamed() {
                Alphanumeric.sample_string(&mut rand::rng(), 8)
            } else {
                String::new()
            },
            ..Self::default()
        }
    }

    /// Appends a change to the stream (streamed modes); the change as a publication for
    /// live subscribers (offset 0 without a stream).
    fn record(
        &mut self,
        opts: &MapOptions,
        key: &str,
        value: Option<&Value>,
        tags: &BTreeMap<String, String>,
        time_ms: i64,
        now: Instant,
    ) -> Publication {
        if !opts.streamed() {
            return publication(key, value, tags, 0);
        }
        self.top += 1;
        self.stream.push_back(Change {
            key: key.to_string(),
            value: value.cloned(),
            tags: tags.clone(),
            offset: self.top,
            time_ms,
            at: now,
        });
        let (size, ttl) = (opts.effective_stream_size(), opts.effective_stream_ttl());
        while self.stream.len() > size {
            self.stream.pop_front();
        }
        while self
            .stream
            .front()
            .is_some_and(|c| now.duration_since(c.at) >= ttl)
        {
            self.stream.pop_front();
        }
        publication(key, value, tags, self.top)
    }

    /// Removes the keys whose TTL passed: a removal (in the stream, and for live
    /// subscribers) for each.
    fn expire(&mut self, opts: &MapOptions, now: Instant) -> Vec<Publication> {
        let gone: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, e)| e.expires.is_some_and(|t| t <= now))
            .map(|(k, _)| k.clone())
            .collect();
        let time_ms = crate::server::engine::unix_ms();
        let mut removals = Vec::with_capacity(gone.len());
        for k in gone {
            // a removal carries the tags the key had, so tags filters let it through
            let tags = self.entries.remove(&k).map(|e| e.tags).unwrap_or_default();
            removals.push(self.record(opts, &k, None, &tags, time_ms, now));
        }
        self.idempotency
            .retain(|_, (_, at)| now.duration_since(*at) < IDEMPOTENCY_WINDOW);
        removals
    }

    /// Whether a key's TTL passed (reads skip it until a write or the sweep removes it).
    fn has_expired(&self, now: Instant) -> bool {
        self.entries
            .values()
            .any(|e| e.expires.is_some_and(|t| t <= now))
    }

    fn result(&self, offset: u64) -> MapUpdateResult {
        MapUpdateResult {
            offset,
            epoch: self.epoch.clone(),
            suppressed: false,
            suppress_reason: String::new(),
        }
    }

    fn suppressed(&self, reason: &str) -> MapUpdateResult {
        MapUpdateResult {
            offset: self.top,
            epoch: self.epoch.clone(),
            suppressed: true,
            suppress_reason: reason.to_string(),
        }
    }

    /// A repeated idempotency key: the first write's answer, suppressed.
    fn repeated(&self, idempotency_key: &str, now: Instant) -> Option<MapUpdateResult> {
        if idempotency_key.is_empty() {
            return None;
        }
        self.idempotency
            .get(idempotency_key)
            .filter(|(_, at)| now.duration_since(*at) < IDEMPOTENCY_WINDOW)
            .map(|(r, _)| MapUpdateResult {
                suppressed: true,
                suppress_reason: "idempotency".into(),
                ..r.clone()
            })
    }
}

/// A page of state for a subscriber.
#[derive(Debug, Clone)]
pub struct StatePage {
    pub entries: Vec<std::sync::Arc<Publication>>,
    /// The next page's cursor; "" on the last page.
    pub cursor: String,
    /// The stream's position when the page was read.
    pub offset: u64,
    pub epoch: String,
}

/// The map store of one node.
#[derive(Debug)]
pub struct MapStore {
    shards: Vec<Mutex<HashMap<String, Channel>>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for MapStore {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

/// A change as live subscribers get it.
pub(crate) fn publication(
    key: &str,
    value: Option<&Value>,
    tags: &BTreeMap<String, String>,
    offset: u64,
) -> Publication {
    let (data, binary) = match value.map(|v| &v.data) {
        Some(Payload::Json(r)) => (r.clone(), None),
        Some(Payload::Binary(b)) => (crate::proto::null_raw(), Some(b.clone())),
        None => (crate::proto::null_raw(), None),
    };
    Publication {
        data,
        info: value.and_then(|v| v.info.clone()),
        offset,
        tags: tags.clone(),
        delta: false,
        binary,
        key: key.to_string(),
        removed: value.is_none(),
        version: 0,
    }
}

/// A state entry as a subscriber's state page carries it.
fn state_publication(key: &str, e: &Entry) -> Publication {
    publication(key, Some(&e.value), &e.tags, e.offset)
}

/// The channel's data in its shard, made (with a new epoch) when it has none.
fn channel_in<'a>(
    shard: &'a mut HashMap<String, Channel>,
    channel: &str,
    opts: &MapOptions,
) -> &'a mut Channel {
    shard
        .entry(channel.to_string())
        .or_insert_with(|| Channel::new(opts))
}

pub(crate) fn cursor_of(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key)
}

/// The key a cursor continues after: 107 for one this server did not give out.
pub(crate) fn key_of(cursor: &str) -> Result<String, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(ApiError::bad_request)
}

/// A state entry or a change, kept as a publication, as the server API shows it.
pub(crate) fn map_entry(p: &Publication, time: i64) -> MapEntry {
    MapEntry {
        key: p.key.clone(),
        data: (p.binary.is_none() && !p.removed).then(|| p.data.clone()),
        b64data: p
            .binary
            .as_ref()
            .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
            .unwrap_or_default(),
        tags: p.tags.clone(),
        offset: p.offset,
        removed: p.removed,
        time,
        info: p.info.clone(),
    }
}

/// The key a page continues after (none from the start); 107 for a bad cursor.
pub(crate) fn after_cursor(cursor: &str) -> Result<Option<String>, ApiError> {
    if cursor.is_empty() {
        Ok(None)
    } else {
        key_of(cursor).map(Some)
    }
}

fn entry_of(key: &str, e: &Entry) -> MapEntry {
    let mut m = MapEntry {
        key: key.to_string(),
        data: None,
        b64data: String::new(),
        tags: e.tags.clone(),
        offset: e.offset,
        removed: false,
        time: e.time_ms,
        info: None,
    };
    e.value.fill(&mut m);
    m
}

fn change_of(c: &Change) -> MapEntry {
    let mut m = MapEntry {
        key: c.key.clone(),
        data: None,
        b64data: String::new(),
        tags: c.tags.clone(),
        offset: c.offset,
        removed: c.value.is_none(),
        time: c.time_ms,
        info: None,
    };
    if let Some(v) = &c.value {
        v.fill(&mut m);
    }
    m
}

impl MapStore {
    fn shard(&self, channel: &str) -> MutexGuard<'_, HashMap<String, Channel>> {
        self.shards[(self.hasher.hash_one(channel) as usize) % SHARDS]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes a key, unless the version, the key mode or the idempotency key suppresses it;
    /// with the publications for live subscribers (expiries first, then the write).
    pub fn publish(
        &self,
        channel: &str,
        opts: &MapOptions,
        w: Write,
    ) -> (MapUpdateResult, Vec<Publication>) {
        let now = Instant::now();
        let mut shard = self.shard(channel);
        let ch = channel_in(&mut shard, channel, opts);
        let mut out = ch.expire(opts, now);
        if let Some(r) = ch.repeated(&w.idempotency_key, now) {
            return (r, out);
        }
        let existing = ch.entries.get(&w.key);
        if let Some(e) = existing {
            if w.version > 0 && e.version_epoch == w.version_epoch && e.version >= w.version {
                return (ch.suppressed("version"), out);
            }
        }
        match (w.key_mode.as_str(), existing.is_some()) {
            ("if_new", true) => {
                if w.refresh_ttl {
                    let expires = opts.key_ttl().map(|t| now + t);
                    if let Some(e) = ch.entries.get_mut(&w.key) {
                        e.expires = expires;
                    }
                }
                return (ch.suppressed("key_exists"), out);
            }
            ("if_exists", false) => return (ch.suppressed("key_not_found"), out),
            _ => {}
        }
        let time_ms = crate::server::engine::unix_ms();
        let p = ch.record(opts, &w.key, Some(&w.value), &w.tags, time_ms, now);
        let offset = p.offset;
        out.push(p);
        ch.entries.insert(
            w.key,
            Entry {
                value: w.value,
                tags: w.tags,
                offset,
                version: w.version,
                version_epoch: w.version_epoch,
                time_ms,
                expires: opts.key_ttl().map(|t| now + t),
            },
        );
        let r = ch.result(offset);
        if !w.idempotency_key.is_empty() {
            ch.idempotency.insert(w.idempotency_key, (r.clone(), now));
        }
        (r, out)
    }

    /// Removes a key; an absent one is suppressed with `key_not_found`.
    pub fn remove(
        &self,
        channel: &str,
        opts: &MapOptions,
        key: &str,
        idempotency_key: &str,
    ) -> (MapUpdateResult, Vec<Publication>) {
        let now = Instant::now();
        let mut shard = self.shard(channel);
        let ch = channel_in(&mut shard, channel, opts);
        let mut out = ch.expire(opts, now);
        if let Some(r) = ch.repeated(idempotency_key, now) {
            return (r, out);
        }
        let Some(removed) = ch.entries.remove(key) else {
            return (ch.suppressed("key_not_found"), out);
        };
        let p = ch.record(
            opts,
            key,
            None,
            &removed.tags,
            crate::server::engine::unix_ms(),
            now,
        );
        let r = ch.result(p.offset);
        out.push(p);
        if !idempotency_key.is_empty() {
            ch.idempotency
                .insert(idempotency_key.to_string(), (r.clone(), now));
        }
        (r, out)
    }

    /// The channels holding a key whose TTL passed (for the sweep, which takes each
    /// channel's hub lock before [`MapStore::expire`]).
    pub fn expired_channels(&self) -> Vec<String> {
        let now = Instant::now();
        let mut out = Vec::new();
        for s in &self.shards {
            let shard = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            out.extend(
                shard
                    .iter()
                    .filter(|(_, ch)| ch.has_expired(now))
                    .map(|(name, _)| name.clone()),
            );
        }
        out
    }

    /// Removes a channel's expired keys; the removals for live subscribers.
    pub fn expire(&self, channel: &str, opts: &MapOptions) -> Vec<Publication> {
        let mut shard = self.shard(channel);
        shard
            .get_mut(channel)
            .map(|ch| ch.expire(opts, Instant::now()))
            .unwrap_or_default()
    }

    /// One page of the state in key order, from after `cursor`; or only `key`.
    pub fn read_state(
        &self,
        channel: &str,
        cursor: &str,
        limit: usize,
        key: Option<&str>,
    ) -> Result<MapReadStateResult, ApiError> {
        let after = after_cursor(cursor)?;
        let now = Instant::now();
        let live = |e: &Entry| e.expires.is_none_or(|t| t > now);
        let shard = self.shard(channel);
        let Some(ch) = shard.get(channel) else {
            return Ok(MapReadStateResult::default());
        };
        let mut result = MapReadStateResult {
            entries: Vec::new(),
            offset: ch.top,
            epoch: ch.epoch.clone(),
            cursor: String::new(),
        };
        if let Some(k) = key {
            result.entries.extend(
                ch.entries
                    .get(k)
                    .filter(|e| live(e))
                    .map(|e| entry_of(k, e)),
            );
            return Ok(result);
        }
        let range = match &after {
            Some(a) => ch.entries.range::<str, _>((
                std::ops::Bound::Excluded(a.as_str()),
                std::ops::Bound::Unbounded,
            )),
            None => ch.entries.range::<str, _>(..),
        };
        let mut it = range.filter(|(_, e)| live(e)).peekable();
        while result.entries.len() < limit {
            let Some((k, e)) = it.next() else { break };
            result.entries.push(entry_of(k, e));
        }
        if it.peek().is_some() {
            if let Some(last) = result.entries.last() {
                result.cursor = cursor_of(&last.key);
            }
        }
        Ok(result)
    }

    /// One page of the state for a subscriber, as publications: live keys in key order from
    /// after `cursor`; with `until`, only keys last written at or before that offset (later
    /// ones reach the subscriber from the stream). The stream's position when read; 107 for a
    /// cursor this server did not give out.
    pub fn state_page(
        &self,
        channel: &str,
        opts: &MapOptions,
        cursor: &str,
        limit: usize,
        until: Option<u64>,
    ) -> Result<StatePage, ApiError> {
        let after = after_cursor(cursor)?;
        let now = Instant::now();
        let mut shard = self.shard(channel);
        let ch = channel_in(&mut shard, channel, opts);
        let range = match &after {
            Some(a) => ch.entries.range::<str, _>((
                std::ops::Bound::Excluded(a.as_str()),
                std::ops::Bound::Unbounded,
            )),
            None => ch.entries.range::<str, _>(..),
        };
        let mut it = range
            .filter(|(_, e)| e.expires.is_none_or(|t| t > now))
            .peekable();
        let mut page = StatePage {
            entries: Vec::new(),
            cursor: String::new(),
            offset: ch.top,
            epoch: ch.epoch.clone(),
        };
        let mut last = None;
        while page.entries.len() < limit {
            let Some((k, e)) = it.next() else { break };
            last = Some(k.clone());
            if until.is_none_or(|u| e.offset <= u) {
                page.entries
                    .push(std::sync::Arc::new(state_publication(k, e)));
            }
        }
        if it.peek().is_some() {
            if let Some(k) = last {
                page.cursor = cursor_of(&k);
            }
        }
        Ok(page)
    }

    /// The stream's changes after `since` as publications, at most `limit` (0: all), with
    /// the stream's position. 112 when `since` is in another epoch or older than the stream
    /// keeps.
    pub fn stream_since(
        &self,
        channel: &str,
        opts: &MapOptions,
        since: (u64, &str),
        limit: usize,
    ) -> Result<(Vec<std::sync::Arc<Publication>>, u64, String), ApiError> {
        let mut shard = self.shard(channel);
        let ch = channel_in(&mut shard, channel, opts);
        let (offset, epoch) = since;
        let oldest = ch.stream.front().map_or(ch.top + 1, |c| c.offset);
        if epoch != ch.epoch || offset > ch.top || offset + 1 < oldest {
            return Err(ApiError::new(crate::proto::codes::UNRECOVERABLE_POSITION));
        }
        let take = if limit == 0 { usize::MAX } else { limit };
        let pubs = ch
            .stream
            .iter()
            .filter(|c| c.offset > offset)
            .take(take)
            .map(|c| std::sync::Arc::new(publication(&c.key, c.value.as_ref(), &c.tags, c.offset)))
            .collect();
        Ok((pubs, ch.top, ch.epoch.clone()))
    }

    /// The changes after `since` (all that are kept without it), oldest first or newest
    /// first, at most `limit` (0: all). 107 for an ephemeral map (it has no stream), 112 for a
    /// position in another epoch or older than the stream keeps.
    pub fn read_stream(
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
        let mut shard = self.shard(channel);
        let ch = channel_in(&mut shard, channel, opts);
        if let Some((offset, epoch)) = since {
            let oldest = ch.stream.front().map_or(ch.top + 1, |c| c.offset);
            if epoch != ch.epoch || offset > ch.top || offset + 1 < oldest {
                return Err(ApiError::new(crate::proto::codes::UNRECOVERABLE_POSITION));
            }
        }
        let after = since.map_or(0, |(o, _)| o);
        let picked = ch.stream.iter().filter(|c| c.offset > after);
        let take = if limit == 0 { usize::MAX } else { limit };
        let entries: Vec<MapEntry> = if reverse {
            picked.rev().take(take).map(change_of).collect()
        } else {
            picked.take(take).map(change_of).collect()
        };
        Ok(MapReadStreamResult {
            entries,
            offset: ch.top,
            epoch: ch.epoch.clone(),
        })
    }

    /// The number of live keys.
    pub fn stats(&self, channel: &str) -> u32 {
        let now = Instant::now();
        self.shard(channel).get(channel).map_or(0, |ch| {
            let n = ch
                .entries
                .values()
                .filter(|e| e.expires.is_none_or(|t| t > now))
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        })
    }

    /// Forgets the channel's state and stream (the next write starts a new epoch).
    /// A key's current value as bytes (the JSON text, or the binary data); None when it is
    /// absent or expired.
    pub fn value_bytes(&self, channel: &str, key: &str) -> Option<bytes::Bytes> {
        let now = Instant::now();
        let shard = self.shard(channel);
        let e = shard.get(channel)?.entries.get(key)?;
        if e.expires.is_some_and(|t| t <= now) {
            return None;
        }
        Some(match &e.value.data {
            Payload::Json(r) => bytes::Bytes::copy_from_slice(r.get().as_bytes()),
            Payload::Binary(b) => b.clone(),
        })
    }

    pub fn clear(&self, channel: &str) {
        self.shard(channel).remove(channel);
    }

    /// Drops channels with no keys and no stream left (their epoch is forgotten: as
    /// Centrifugo's meta, it does not outlive the data).
    pub fn purge(&self, options: impl Fn(&str) -> Option<MapOptions>) {
        let now = Instant::now();
        for s in &self.shards {
            let mut shard = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            shard.retain(|name, ch| {
                let Some(opts) = options(name) else {
                    return false;
                };
                let ttl = opts.effective_stream_ttl();
                while ch
                    .stream
                    .front()
                    .is_some_and(|c| now.duration_since(c.at) >= ttl)
                {
                    ch.stream.pop_front();
                }
                opts.mode() == super::Mode::Persistent
                    || !ch.entries.is_empty()
                    || !ch.stream.is_empty()
                    || !ch.idempotency.is_empty()
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(mode: &str, ttl_ms: u64) -> MapOptions {
        MapOptions {
            mode: mode.into(),
            key_ttl: crate::server::config::Dur {
                value: Duration::from_millis(ttl_ms),
                negative: false,
            },
            ..MapOptions::default()
        }
    }

    fn put(s: &MapStore, ch: &str, o: &MapOptions, w: Write) -> MapUpdateResult {
        s.publish(ch, o, w).0
    }

    fn rm(s: &MapStore, ch: &str, o: &MapOptions, key: &str, idem: &str) -> MapUpdateResult {
        s.remove(ch, o, key, idem).0
    }

    fn w(key: &str, v: &str) -> Write {
        Write {
            key: key.into(),
            value: Value::from_payload(Payload::Json(
                serde_json::value::RawValue::from_string(v.into()).unwrap(),
            )),
            tags: BTreeMap::new(),
            idempotency_key: String::new(),
            key_mode: String::new(),
            version: 0,
            version_epoch: String::new(),
            refresh_ttl: false,
        }
    }

    #[test]
    fn state_pages_follow_key_order_and_the_stream_keeps_changes() {
        let s = MapStore::default();
        let o = opts("persistent", 0);
        for k in ["c", "a", "b", "d", "e"] {
            assert!(!put(&s, "m", &o, w(k, "1")).suppressed);
        }
        let r = put(&s, "m", &o, w("a", "2"));
        assert_eq!(r.offset, 6);
        let p1 = s.read_state("m", "", 2, None).unwrap();
        let keys: Vec<&str> = p1.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(p1.entries[0].data.as_ref().unwrap().get(), "2");
        assert_eq!((p1.offset, p1.epoch.len()), (6, 8));
        let p2 = s.read_state("m", &p1.cursor, 2, None).unwrap();
        let p3 = s.read_state("m", &p2.cursor, 2, None).unwrap();
        assert_eq!(p3.entries.len(), 1);
        assert!(p3.cursor.is_empty(), "the last page");
        assert!(s.read_state("m", "!!not-a-cursor!!", 2, None).is_err());
        rm(&s, "m", &o, "c", "");
        let st = s
            .read_stream("m", &o, Some((5, &p1.epoch)), 0, false)
            .unwrap();
        assert_eq!(st.entries.len(), 2);
        assert_eq!((st.entries[0].key.as_str(), st.entries[0].offset), ("a", 6));
        assert!(st.entries[1].removed);
        let e = s
            .read_stream("m", &o, Some((5, "other")), 0, false)
            .unwrap_err();
        assert_eq!(e.code, 112);
        assert_eq!(s.stats("m"), 4);
    }

    #[test]
    fn writes_are_suppressed_by_key_mode_version_and_idempotency() {
        let s = MapStore::default();
        let o = opts("persistent", 0);
        let mut first = w("k", "1");
        first.key_mode = "if_exists".into();
        assert_eq!(put(&s, "m", &o, first).suppress_reason, "key_not_found");
        let mut v2 = w("k", "1");
        v2.version = 2;
        assert!(!put(&s, "m", &o, v2).suppressed);
        let mut v1 = w("k", "0");
        v1.version = 1;
        assert_eq!(put(&s, "m", &o, v1).suppress_reason, "version");
        let mut new = w("k", "1");
        new.key_mode = "if_new".into();
        assert_eq!(put(&s, "m", &o, new).suppress_reason, "key_exists");
        let mut once = w("j", "1");
        once.idempotency_key = "x".into();
        let r1 = put(&s, "m", &o, once);
        let mut again = w("j", "2");
        again.idempotency_key = "x".into();
        let r2 = put(&s, "m", &o, again);
        assert_eq!(
            (r2.offset, r2.suppress_reason.as_str()),
            (r1.offset, "idempotency")
        );
        assert_eq!(rm(&s, "m", &o, "nope", "").suppress_reason, "key_not_found");
    }

    #[test]
    fn keys_expire_after_their_ttl_and_ephemeral_maps_have_no_stream() {
        let s = MapStore::default();
        let o = opts("ephemeral", 1);
        let r = put(&s, "m", &o, w("k", "1"));
        assert_eq!((r.offset, r.epoch.as_str()), (0, ""));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(s.stats("m"), 0);
        assert_eq!(
            s.read_stream("m", &o, None, 0, false).unwrap_err().code,
            107
        );
        let o = opts("recoverable", 1);
        put(&s, "r", &o, w("k", "1"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.expired_channels().contains(&"r".to_string()));
        let gone = s.expire("r", &o);
        assert_eq!(
            (gone.len(), gone[0].removed, gone[0].key.as_str()),
            (1, true, "k")
        );
        assert!(!s.expired_channels().contains(&"r".to_string()));
        let st = s.read_stream("r", &o, None, 0, false).unwrap();
        assert_eq!(st.entries.len(), 2);
        assert!(
            st.entries[1].removed,
            "the expiry is a removal in the stream"
        );
    }
}

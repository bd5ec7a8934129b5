//! The embedded memory engine: per-channel streams with a random epoch and consecutive offsets
//! from 1, trimmed by size and TTL; presence maps; idempotency keys kept for 5 minutes; user
//! statuses with an expiry. Sharded `std` mutexes, never held across an `.await`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rand::distr::{Alphanumeric, SampleString};

use super::{Dedup, HistoryFilter, Published, StatusField, StreamOptions, UserStatus};
use crate::proto::{ApiError, ClientInfo, Publication, StreamPosition};

const SHARDS: usize = 64;
/// How long an idempotency key suppresses a repeated publish (Centrifugo: 5 minutes).
const IDEMPOTENCY_WINDOW: Duration = Duration::from_secs(300);

#[derive(Debug)]
struct Stream {
    epoch: String,
    top: u64,
    pubs: VecDeque<(Arc<Publication>, Instant)>,
    /// The stream (epoch and offset) is forgotten after this.
    meta_expires: Instant,
    /// The last publication version the stream took (0: none), and its epoch.
    version: u64,
    version_epoch: String,
}

impl Stream {
    fn new(meta_ttl: Duration) -> Self {
        Self {
            epoch: Alphanumeric.sample_string(&mut rand::rng(), 8),
            top: 0,
            pubs: VecDeque::new(),
            meta_expires: Instant::now() + meta_ttl,
            version: 0,
            version_epoch: String::new(),
        }
    }
    fn trim(&mut self, size: usize, ttl: Duration, now: Instant) {
        while self.pubs.len() > size {
            self.pubs.pop_front();
        }
        while self
            .pubs
            .front()
            .is_some_and(|(_, at)| now.duration_since(*at) >= ttl)
        {
            self.pubs.pop_front();
        }
    }
    fn position(&self) -> StreamPosition {
        StreamPosition {
            offset: self.top,
            epoch: self.epoch.clone(),
        }
    }
}

#[derive(Debug, Default)]
struct ChannelData {
    stream: Option<Stream>,
    /// The TTL the stream was last written with, for purging.
    ttl: Duration,
    presence: BTreeMap<String, ClientInfo>,
    idempotency: HashMap<String, (StreamPosition, Instant)>,
}

impl ChannelData {
    fn is_empty(&self) -> bool {
        self.stream.is_none() && self.presence.is_empty() && self.idempotency.is_empty()
    }
}

/// A user's status and when it stops existing.
#[derive(Debug)]
struct StatusEntry {
    status: UserStatus,
    /// Unix milliseconds; the entry is invisible from then on and purged later.
    expires_ms: i64,
}

/// The memory engine.
#[derive(Debug)]
pub struct MemoryEngine {
    shards: Vec<Mutex<HashMap<String, ChannelData>>>,
    /// User statuses by user id, sharded like channels.
    statuses: Vec<Mutex<HashMap<String, StatusEntry>>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for MemoryEngine {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            statuses: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

impl MemoryEngine {
    fn shard(&self, channel: &str) -> MutexGuard<'_, HashMap<String, ChannelData>> {
        self.shards[(self.hasher.hash_one(channel) as usize) % SHARDS]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn publish(
        &self,
        channel: &str,
        mut publication: Publication,
        opts: &StreamOptions,
        dedup: Dedup<'_>,
    ) -> Published {
        let idempotency_key = dedup.idempotency_key;
        let now = Instant::now();
        let mut shard = self.shard(channel);
        let data = shard.entry(channel.to_string()).or_default();
        if !idempotency_key.is_empty() {
            if let Some((pos, at)) = data.idempotency.get(idempotency_key) {
                if now.duration_since(*at) < IDEMPOTENCY_WINDOW {
                    return Published {
                        publication: Arc::new(publication),
                        position: pos.clone(),
                        duplicate: true,
                    };
                }
            }
        }
        let position = if opts.history_enabled() {
            let stream = data
                .stream
                .get_or_insert_with(|| Stream::new(opts.meta_ttl));
            if dedup.stale(stream.version, &stream.version_epoch) {
                return Published {
                    publication: Arc::new(publication),
                    position: stream.position(),
                    duplicate: true,
                };
            }
            if dedup.version > 0 {
                stream.version = dedup.version;
                dedup.version_epoch.clone_into(&mut stream.version_epoch);
            }
            stream.top += 1;
            stream.meta_expires = now + opts.meta_ttl;
            publication.offset = stream.top;
            let p = Arc::new(publication);
            stream.pubs.push_back((p.clone(), now));
            stream.trim(opts.history_size, opts.history_ttl, now);
            data.ttl = opts.history_ttl;
            let pos = stream.position();
            if !idempotency_key.is_empty() {
                data.idempotency
                    .insert(idempotency_key.to_string(), (pos.clone(), now));
            }
            return Published {
                publication: p,
                position: pos,
                duplicate: false,
            };
        } else {
            StreamPosition::default()
        };
        if !idempotency_key.is_empty() {
            data.idempotency
                .insert(idempotency_key.to_string(), (position.clone(), now));
        }
        Published {
            publication: Arc::new(publication),
            position,
            duplicate: false,
        }
    }

    pub fn history(
        &self,
        channel: &str,
        filter: &HistoryFilter,
        opts: &StreamOptions,
    ) -> Result<(Vec<Arc<Publication>>, StreamPosition), ApiError> {
        let now = Instant::now();
        let mut shard = self.shard(channel);
        let data = shard.entry(channel.to_string()).or_default();
        let stream = data
            .stream
            .get_or_insert_with(|| Stream::new(opts.meta_ttl));
        if data.ttl.is_zero() {
            data.ttl = opts.history_ttl;
        }
        stream.trim(opts.history_size.max(1), opts.history_ttl, now);
        let pos = stream.position();
        if let Some(since) = &filter.since {
            if !since.epoch.is_empty() && since.epoch != stream.epoch {
                return Err(ApiError::new(crate::proto::codes::UNRECOVERABLE_POSITION));
            }
        }
        if filter.limit == 0 {
            return Ok((Vec::new(), pos));
        }
        let limit = if filter.limit < 0 {
            usize::MAX
        } else {
            filter.limit as usize
        };
        let pubs: Vec<Arc<Publication>> = match (&filter.since, filter.reverse) {
            (Some(since), false) => stream
                .pubs
                .iter()
                .filter(|(p, _)| p.offset > since.offset)
                .take(limit)
                .map(|(p, _)| p.clone())
                .collect(),
            (Some(since), true) => stream
                .pubs
                .iter()
                .rev()
                .filter(|(p, _)| p.offset < since.offset)
                .take(limit)
                .map(|(p, _)| p.clone())
                .collect(),
            (None, false) => stream
                .pubs
                .iter()
                .take(limit)
                .map(|(p, _)| p.clone())
                .collect(),
            (None, true) => stream
                .pubs
                .iter()
                .rev()
                .take(limit)
                .map(|(p, _)| p.clone())
                .collect(),
        };
        Ok((pubs, pos))
    }

    pub fn remove_history(&self, channel: &str) {
        if let Some(data) = self.shard(channel).get_mut(channel) {
            if let Some(s) = data.stream.as_mut() {
                s.pubs.clear();
            }
        }
    }

    pub fn add_presence(&self, channel: &str, client: &str, info: ClientInfo) {
        self.shard(channel)
            .entry(channel.to_string())
            .or_default()
            .presence
            .insert(client.to_string(), info);
    }

    pub fn remove_presence(&self, channel: &str, client: &str) {
        let mut shard = self.shard(channel);
        if let Some(data) = shard.get_mut(channel) {
            data.presence.remove(client);
            if data.is_empty() {
                shard.remove(channel);
            }
        }
    }

    pub fn presence(&self, channel: &str) -> BTreeMap<String, ClientInfo> {
        self.shard(channel)
            .get(channel)
            .map(|d| d.presence.clone())
            .unwrap_or_default()
    }

    pub fn presence_stats(&self, channel: &str) -> (u32, u32) {
        let shard = self.shard(channel);
        let Some(d) = shard.get(channel) else {
            return (0, 0);
        };
        let users: HashSet<&str> = d.presence.values().map(|i| i.user.as_str()).collect();
        (d.presence.len() as u32, users.len() as u32)
    }

    fn status_shard(&self, user: &str) -> MutexGuard<'_, HashMap<String, StatusEntry>> {
        self.statuses[(self.hasher.hash_one(user) as usize) % SHARDS]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn touch_user_status(
        &self,
        users: &[String],
        field: StatusField,
        state: Option<&str>,
        now_ms: i64,
        ttl: Duration,
    ) {
        let expires_ms = now_ms.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
        let secs = now_ms.div_euclid(1000);
        for user in users {
            let mut shard = self.status_shard(user);
            if !shard.contains_key(user.as_str()) {
                shard.insert(
                    user.clone(),
                    StatusEntry {
                        status: UserStatus::default(),
                        expires_ms,
                    },
                );
            }
            let Some(entry) = shard.get_mut(user.as_str()) else {
                continue;
            };
            if entry.expires_ms <= now_ms {
                // expired but not purged yet: nothing of it may come back
                entry.status = UserStatus::default();
                entry.expires_ms = expires_ms;
            }
            match field {
                StatusField::Active => entry.status.active = Some(secs),
                StatusField::Online => entry.status.online = Some(secs),
            }
            if let Some(s) = state {
                entry.status.state = Some(s.to_string());
            }
            entry.expires_ms = entry.expires_ms.max(expires_ms);
        }
    }

    pub fn user_status(&self, users: &[String], now_ms: i64) -> Vec<Option<UserStatus>> {
        users
            .iter()
            .map(|u| {
                self.status_shard(u)
                    .get(u.as_str())
                    .filter(|e| e.expires_ms > now_ms)
                    .map(|e| e.status.clone())
            })
            .collect()
    }

    pub fn delete_user_status(&self, users: &[String]) {
        for u in users {
            self.status_shard(u).remove(u.as_str());
        }
    }

    /// Drops user statuses expired at `now_ms`.
    pub fn purge_user_status(&self, now_ms: i64) {
        for s in &self.statuses {
            s.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|_, e| e.expires_ms > now_ms);
        }
    }

    pub fn purge(&self) {
        self.purge_user_status(super::unix_ms());
        let now = Instant::now();
        for s in &self.shards {
            let mut g = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            g.retain(|_, d| {
                d.idempotency
                    .retain(|_, (_, at)| now.duration_since(*at) < IDEMPOTENCY_WINDOW);
                if let Some(st) = d.stream.as_mut() {
                    let ttl = d.ttl;
                    while st
                        .pubs
                        .front()
                        .is_some_and(|(_, at)| now.duration_since(*at) >= ttl)
                    {
                        st.pubs.pop_front();
                    }
                    if st.pubs.is_empty() && now >= st.meta_expires {
                        d.stream = None;
                    }
                }
                !d.is_empty()
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pub_(n: u32) -> Publication {
        Publication {
            data: serde_json::value::RawValue::from_string(n.to_string()).unwrap(),
            info: None,
            offset: 0,
            tags: BTreeMap::new(),
            delta: false,
            binary: None,
            key: String::new(),
            removed: false,
            version: 0,
        }
    }

    fn opts(size: usize) -> StreamOptions {
        StreamOptions {
            history_size: size,
            history_ttl: Duration::from_secs(60),
            meta_ttl: Duration::from_secs(3600),
        }
    }

    #[test]
    fn offsets_are_consecutive_and_trimmed_by_size() {
        let e = MemoryEngine::default();
        let o = opts(3);
        let mut epoch = String::new();
        for i in 1..=5 {
            let p = e.publish("c", pub_(i), &o, Dedup::default());
            assert_eq!(p.position.offset, u64::from(i));
            assert_eq!(p.publication.offset, u64::from(i));
            if epoch.is_empty() {
                epoch = p.position.epoch.clone();
            }
            assert_eq!(p.position.epoch, epoch, "epoch is stable");
        }
        let (pubs, pos) = e
            .history(
                "c",
                &HistoryFilter {
                    limit: -1,
                    ..Default::default()
                },
                &o,
            )
            .unwrap();
        assert_eq!(
            pubs.iter().map(|p| p.offset).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        assert_eq!(pos.offset, 5);
        let since = HistoryFilter {
            since: Some(StreamPosition {
                offset: 3,
                epoch: epoch.clone(),
            }),
            limit: -1,
            reverse: false,
        };
        let (pubs, _) = e.history("c", &since, &o).unwrap();
        assert_eq!(
            pubs.iter().map(|p| p.offset).collect::<Vec<_>>(),
            vec![4, 5]
        );
        let rev = HistoryFilter {
            since: None,
            limit: 2,
            reverse: true,
        };
        let (pubs, _) = e.history("c", &rev, &o).unwrap();
        assert_eq!(
            pubs.iter().map(|p| p.offset).collect::<Vec<_>>(),
            vec![5, 4]
        );
        let bad = HistoryFilter {
            since: Some(StreamPosition {
                offset: 1,
                epoch: "other".into(),
            }),
            limit: -1,
            reverse: false,
        };
        assert_eq!(e.history("c", &bad, &o).unwrap_err().code, 112);
    }

    #[test]
    fn history_remove_keeps_position() {
        let e = MemoryEngine::default();
        let o = opts(10);
        e.publish("c", pub_(1), &o, Dedup::default());
        let p2 = e.publish("c", pub_(2), &o, Dedup::default());
        e.remove_history("c");
        let (pubs, pos) = e
            .history(
                "c",
                &HistoryFilter {
                    limit: -1,
                    ..Default::default()
                },
                &o,
            )
            .unwrap();
        assert!(pubs.is_empty());
        assert_eq!(pos, p2.position);
        assert_eq!(
            e.publish("c", pub_(3), &o, Dedup::default())
                .position
                .offset,
            3
        );
    }

    #[test]
    fn ttl_trims_old_publications() {
        let e = MemoryEngine::default();
        let o = StreamOptions {
            history_size: 10,
            history_ttl: Duration::from_millis(1),
            meta_ttl: Duration::from_secs(60),
        };
        e.publish("c", pub_(1), &o, Dedup::default());
        std::thread::sleep(Duration::from_millis(5));
        let (pubs, pos) = e
            .history(
                "c",
                &HistoryFilter {
                    limit: -1,
                    ..Default::default()
                },
                &o,
            )
            .unwrap();
        assert!(pubs.is_empty());
        assert_eq!(pos.offset, 1);
    }

    fn key(k: &str) -> Dedup<'_> {
        Dedup {
            idempotency_key: k,
            ..Dedup::default()
        }
    }

    fn version(version: u64, version_epoch: &str) -> Dedup<'_> {
        Dedup {
            version,
            version_epoch,
            ..Dedup::default()
        }
    }

    #[test]
    fn a_version_not_newer_than_the_streams_is_dropped() {
        let e = MemoryEngine::default();
        let o = opts(10);
        let a = e.publish("c", pub_(1), &o, version(5, "x"));
        assert!(!a.duplicate);
        // older or equal, in the same epoch or with no epoch: dropped at the stream's top
        for (v, ep) in [(4, "x"), (5, "x"), (3, ""), (5, "")] {
            let p = e.publish("c", pub_(9), &o, version(v, ep));
            assert!(p.duplicate, "{v} {ep:?}");
            assert_eq!(p.position, a.position, "{v} {ep:?}");
        }
        // another epoch starts over; a newer version and an unversioned one go through
        assert_eq!(
            e.publish("c", pub_(2), &o, version(1, "y")).position.offset,
            2
        );
        assert!(e.publish("c", pub_(9), &o, version(1, "y")).duplicate);
        assert_eq!(
            e.publish("c", pub_(3), &o, version(2, "")).position.offset,
            3
        );
        assert_eq!(
            e.publish("c", pub_(4), &o, Dedup::default())
                .position
                .offset,
            4
        );
        // an unversioned publication does not reset the last version
        assert!(e.publish("c", pub_(9), &o, version(2, "")).duplicate);
        // without history nothing is compared
        let none = opts(0);
        assert!(!e.publish("n", pub_(1), &none, version(5, "")).duplicate);
        assert!(!e.publish("n", pub_(1), &none, version(5, "")).duplicate);
        let (pubs, _) = e
            .history(
                "c",
                &HistoryFilter {
                    limit: -1,
                    ..Default::default()
                },
                &o,
            )
            .unwrap();
        let offsets: Vec<u64> = pubs.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, [1, 2, 3, 4]);
    }

    #[test]
    fn idempotency_key_deduplicates() {
        let e = MemoryEngine::default();
        let o = opts(10);
        let a = e.publish("c", pub_(1), &o, key("k1"));
        let b = e.publish("c", pub_(1), &o, key("k1"));
        assert!(!a.duplicate);
        assert!(b.duplicate);
        assert_eq!(a.position, b.position);
        assert_eq!(e.publish("c", pub_(2), &o, key("k2")).position.offset, 2);
    }

    fn users(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_string()).collect()
    }

    const DAY: Duration = Duration::from_secs(86400);

    #[test]
    fn user_status_set_get_in_input_order() {
        let e = MemoryEngine::default();
        let t = 1_700_000_000_000;
        e.touch_user_status(&users(&["a"]), StatusField::Active, Some("busy"), t, DAY);
        e.touch_user_status(&users(&["b"]), StatusField::Online, None, t + 5_000, DAY);
        let got = e.user_status(&users(&["b", "nobody", "a", "b"]), t + 6_000);
        assert_eq!(
            got,
            vec![
                Some(UserStatus {
                    active: None,
                    online: Some(1_700_000_005),
                    state: None
                }),
                None,
                Some(UserStatus {
                    active: Some(1_700_000_000),
                    online: None,
                    state: Some("busy".into())
                }),
                Some(UserStatus {
                    active: None,
                    online: Some(1_700_000_005),
                    state: None
                }),
            ]
        );
        // a later update without a state keeps it; online and active are independent
        e.touch_user_status(&users(&["a"]), StatusField::Online, None, t + 9_000, DAY);
        e.touch_user_status(&users(&["a"]), StatusField::Active, None, t + 10_000, DAY);
        let a = e.user_status(&users(&["a"]), t + 10_000).remove(0).unwrap();
        assert_eq!(a.active, Some(1_700_000_010));
        assert_eq!(a.online, Some(1_700_000_009));
        assert_eq!(a.state.as_deref(), Some("busy"));
    }

    #[test]
    fn user_status_delete_clears_everything() {
        let e = MemoryEngine::default();
        let t = 1_000_000;
        e.touch_user_status(&users(&["a", "b"]), StatusField::Active, Some("x"), t, DAY);
        e.touch_user_status(&users(&["a"]), StatusField::Online, None, t, DAY);
        e.delete_user_status(&users(&["a", "unknown"]));
        let got = e.user_status(&users(&["a", "b"]), t);
        assert_eq!(got[0], None);
        assert_eq!(got[1].as_ref().and_then(|s| s.active), Some(1000));
        // a new write after a delete starts from nothing
        e.touch_user_status(&users(&["a"]), StatusField::Online, None, t + 1_000, DAY);
        let a = e.user_status(&users(&["a"]), t + 1_000).remove(0).unwrap();
        assert_eq!((a.active, a.online, a.state), (None, Some(1001), None));
    }

    #[test]
    fn user_status_expires_and_each_update_extends_it() {
        let e = MemoryEngine::default();
        let ttl = Duration::from_secs(10);
        let t = 5_000_000;
        e.touch_user_status(&users(&["a"]), StatusField::Active, Some("s"), t, ttl);
        assert!(e.user_status(&users(&["a"]), t + 9_999)[0].is_some());
        assert!(
            e.user_status(&users(&["a"]), t + 10_000)[0].is_none(),
            "expired"
        );
        // an update before expiry extends it
        e.touch_user_status(&users(&["b"]), StatusField::Active, None, t, ttl);
        e.touch_user_status(&users(&["b"]), StatusField::Online, None, t + 8_000, ttl);
        assert!(e.user_status(&users(&["b"]), t + 15_000)[0].is_some());
        assert!(e.user_status(&users(&["b"]), t + 18_000)[0].is_none());
        // writing to an expired (not yet purged) entry does not resurrect old fields
        e.touch_user_status(&users(&["a"]), StatusField::Online, None, t + 20_000, ttl);
        let a = e.user_status(&users(&["a"]), t + 20_000).remove(0).unwrap();
        assert_eq!((a.active, a.state), (None, None));
        // purge drops only the expired entries
        e.purge_user_status(t + 25_000);
        let live: usize = e.statuses.iter().map(|s| s.lock().unwrap().len()).sum();
        assert_eq!(live, 1, "only a is still live");
        e.purge_user_status(t + 30_000);
        let live: usize = e.statuses.iter().map(|s| s.lock().unwrap().len()).sum();
        assert_eq!(live, 0);
    }

    #[test]
    fn presence_stats_count_unique_users() {
        let e = MemoryEngine::default();
        for (c, u) in [("a", "1"), ("b", "1"), ("c", "2")] {
            e.add_presence(
                "ch",
                c,
                ClientInfo {
                    user: u.into(),
                    client: c.into(),
                    ..Default::default()
                },
            );
        }
        assert_eq!(e.presence_stats("ch"), (3, 2));
        e.remove_presence("ch", "a");
        assert_eq!(e.presence("ch").len(), 2);
    }
}

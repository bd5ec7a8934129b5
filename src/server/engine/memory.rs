//! The embedded memory engine: per-channel streams with a random epoch and consecutive offsets
//! from 1, trimmed by size and TTL; presence maps; idempotency keys kept for 5 minutes.
//! Sharded `std` mutexes, never held across an `.await`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rand::distr::{Alphanumeric, SampleString};

use super::{HistoryFilter, Published, StreamOptions};
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
}

impl Stream {
    fn new(meta_ttl: Duration) -> Self {
        Self {
            epoch: Alphanumeric.sample_string(&mut rand::rng(), 8),
            top: 0,
            pubs: VecDeque::new(),
            meta_expires: Instant::now() + meta_ttl,
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

/// The memory engine.
#[derive(Debug)]
pub struct MemoryEngine {
    shards: Vec<Mutex<HashMap<String, ChannelData>>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for MemoryEngine {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
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
        idempotency_key: &str,
    ) -> Published {
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

    pub fn purge(&self) {
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
            let p = e.publish("c", pub_(i), &o, "");
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
        e.publish("c", pub_(1), &o, "");
        let p2 = e.publish("c", pub_(2), &o, "");
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
        assert_eq!(e.publish("c", pub_(3), &o, "").position.offset, 3);
    }

    #[test]
    fn ttl_trims_old_publications() {
        let e = MemoryEngine::default();
        let o = StreamOptions {
            history_size: 10,
            history_ttl: Duration::from_millis(1),
            meta_ttl: Duration::from_secs(60),
        };
        e.publish("c", pub_(1), &o, "");
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

    #[test]
    fn idempotency_key_deduplicates() {
        let e = MemoryEngine::default();
        let o = opts(10);
        let a = e.publish("c", pub_(1), &o, "k1");
        let b = e.publish("c", pub_(1), &o, "k1");
        assert!(!a.duplicate);
        assert!(b.duplicate);
        assert_eq!(a.position, b.position);
        assert_eq!(e.publish("c", pub_(2), &o, "k2").position.offset, 2);
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

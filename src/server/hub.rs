//! Local fan-out: which connections on this node are subscribed to which channel.
//!
//! The hub is sharded by channel name; each shard is a short `std` mutex (never held across an
//! `.await`). Every change to a channel (publish, subscribe, unsubscribe) runs under its shard
//! lock, so a subscriber's reply always reaches its queue before any publication that follows
//! it, and publications of one channel are delivered in offset order.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use super::outbox::{Coalesce, Outbox};
use crate::proto::codes::Disconnect;
use crate::proto::filter_node::FilterNode;

const SHARDS: usize = 64;

/// Channels with at least this many local subscribers spread their fan-out over the
/// runtime's workers (see [`ChannelSubs::broadcast_pub`]).
pub const SPREAD_MIN: usize = 2048;

/// Whether this thread runs in a tokio runtime with more than one worker.
fn parallel() -> bool {
    tokio::runtime::Handle::try_current().is_ok_and(|h| h.metrics().num_workers() > 1)
}

/// One subscriber of a channel.
#[derive(Debug, Clone)]
pub struct Subscriber {
    pub outbox: Arc<Outbox>,
    /// Who this is, for tracing deliveries.
    pub user: Arc<str>,
    pub client: Arc<str>,
    /// Receives join/leave pushes.
    pub push_join_leave: bool,
    /// Publications at or below this offset were already sent with the subscribe reply
    /// (a broker delivery can race the subscription's history read).
    pub min_offset: u64,
    /// The subscription's tags filter (`tf`): publications whose tags do not match are not
    /// sent to it.
    pub tags_filter: Option<Arc<FilterNode>>,
    /// `Some` when the subscription negotiated delta compression: whether it has received
    /// a publication since it subscribed, so the next one can be a delta against it.
    pub delta_base: Option<bool>,
    /// The connection speaks Protobuf: it gets the Protobuf encoding of every push.
    pub protobuf: bool,
}

/// One publication as the fan-out sends it: encoded at most once per protocol.
#[derive(Debug, Default)]
pub struct PubOut<'a> {
    /// The JSON push as most JSON subscribers get it; `None` when there are none, or when
    /// the data is binary (JSON subscribers are then disconnected with 3506).
    pub msg: Option<&'a Bytes>,
    /// The Protobuf push, when there are Protobuf subscribers.
    pub pb: Option<&'a Bytes>,
    pub offset: u64,
    pub tags: Option<&'a BTreeMap<String, String>>,
    /// For JSON delta subscribers: the push with `data` as a JSON string...
    pub full_str: Option<&'a Bytes>,
    /// ...and as a delta against the previous publication, for those that got that one.
    pub delta: Option<&'a Bytes>,
    /// For Protobuf delta subscribers: the delta against the previous publication (the
    /// whole publication is `pb`, whose bytes need no string form).
    pub pb_delta: Option<&'a Bytes>,
}

/// The subscribers of one channel, keyed by the connection's numeric id.
#[derive(Debug, Default)]
pub struct ChannelSubs {
    pub subs: HashMap<u64, Subscriber>,
    /// How many of them negotiated delta compression.
    delta_subs: usize,
    /// How many of them speak Protobuf.
    pb_subs: usize,
    /// The data of the channel's last publication, the base of the next delta (kept while
    /// there are delta subscribers).
    pub prev: Option<Bytes>,
    /// On a map channel: each key's last value, the base of the key's next delta (kept while
    /// there are delta subscribers, who hold these values).
    pub prev_by_key: HashMap<String, Bytes>,
}

impl ChannelSubs {
    /// Whether any subscriber negotiated delta compression.
    pub fn has_delta_subscribers(&self) -> bool {
        self.delta_subs > 0
    }

    /// Whether any subscriber speaks Protobuf.
    pub fn has_protobuf(&self) -> bool {
        self.pb_subs > 0
    }

    /// Whether any subscriber speaks JSON.
    pub fn has_json(&self) -> bool {
        self.subs.len() > self.pb_subs
    }

    /// Sends a publication with `offset` and `tags` to every subscriber that has not seen it
    /// yet and whose tags filter, if any, matches. Returns how many got it and, when
    /// `check_traced`, whether any of them belongs to a traced user.
    ///
    /// On a channel of [`SPREAD_MIN`] subscribers or more, in a runtime with several
    /// workers, the first half is queued for the connections' writer tasks (which idle
    /// workers steal and run in parallel) while this thread writes the second half directly:
    /// a large fan-out uses every core.
    pub fn broadcast_pub(&mut self, out: &PubOut<'_>, check_traced: bool) -> (usize, bool) {
        let offset = out.offset;
        let no_tags = BTreeMap::new();
        let tags = out.tags.unwrap_or(&no_tags);
        let mut n = 0;
        let mut traced = false;
        let queued = if self.subs.len() >= SPREAD_MIN && parallel() {
            self.subs.len() / 2
        } else {
            0
        };
        let mut coalesce = (queued > 0).then(Coalesce::begin);
        for (i, s) in self.subs.values_mut().enumerate() {
            if i == queued {
                coalesce = None;
            }
            if offset != 0 && offset <= s.min_offset {
                continue;
            }
            if s.tags_filter.as_ref().is_some_and(|f| !f.matches(tags)) {
                continue;
            }
            let msg = if s.protobuf {
                let Some(pb) = out.pb else { continue };
                match &mut s.delta_base {
                    Some(based) => match out.pb_delta {
                        Some(d) if *based => d,
                        _ => {
                            *based = true;
                            pb
                        }
                    },
                    None => pb,
                }
            } else {
                let Some(msg) = out.msg else {
                    // binary data has no JSON form
                    s.outbox
                        .close(Disconnect::new(Disconnect::INAPPROPRIATE_PROTOCOL));
                    continue;
                };
                match (&mut s.delta_base, out.full_str) {
                    (Some(based), Some(full)) => match out.delta {
                        Some(d) if *based => d,
                        _ => {
                            *based = true;
                            full
                        }
                    },
                    _ => msg,
                }
            };
            if s.outbox.push(msg.clone()) {
                n += 1;
            }
            traced |= check_traced && s.outbox.traced();
        }
        drop(coalesce);
        (n, traced)
    }

    /// Sends a push to every subscriber (or only the join/leave ones): `json` to JSON
    /// connections, `pb` to Protobuf ones. Returns how many got it and, when
    /// `check_traced`, whether any of them belongs to a traced user.
    pub fn broadcast(
        &self,
        json: &Bytes,
        pb: Option<&Bytes>,
        join_leave_only: bool,
        check_traced: bool,
    ) -> (usize, bool) {
        let mut n = 0;
        let mut traced = false;
        for s in self.subs.values() {
            if join_leave_only && !s.push_join_leave {
                continue;
            }
            let msg = if s.protobuf {
                let Some(pb) = pb else { continue };
                pb
            } else {
                json
            };
            if s.outbox.push(msg.clone()) {
                n += 1;
            }
            traced |= check_traced && s.outbox.traced();
        }
        (n, traced)
    }
}

type Shard = HashMap<String, ChannelSubs>;

/// Channel → local subscribers.
#[derive(Debug)]
pub struct Hub {
    shards: Vec<Mutex<Shard>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

/// A locked view of one channel's shard. While it lives, nothing else can change the channel.
pub struct Locked<'a> {
    guard: MutexGuard<'a, Shard>,
    channel: &'a str,
}

impl Locked<'_> {
    /// The channel's subscribers, if any.
    pub fn subs(&self) -> Option<&ChannelSubs> {
        self.guard.get(self.channel)
    }
    /// The same, to publish to (the fan-out records delta state).
    pub fn subs_mut(&mut self) -> Option<&mut ChannelSubs> {
        self.guard.get_mut(self.channel)
    }
    /// Adds a subscriber; returns true if it is the channel's first.
    pub fn add(&mut self, conn: u64, sub: Subscriber) -> bool {
        let entry = self.guard.entry(self.channel.to_string()).or_default();
        let first = entry.subs.is_empty();
        entry.delta_subs += usize::from(sub.delta_base.is_some());
        entry.pb_subs += usize::from(sub.protobuf);
        if let Some(old) = entry.subs.insert(conn, sub) {
            entry.delta_subs -= usize::from(old.delta_base.is_some());
            entry.pb_subs -= usize::from(old.protobuf);
        }
        first
    }
    /// Removes a subscriber; returns (was subscribed, channel now empty).
    pub fn remove(&mut self, conn: u64) -> (bool, bool) {
        let Some(entry) = self.guard.get_mut(self.channel) else {
            return (false, true);
        };
        let removed = entry.subs.remove(&conn);
        entry.pb_subs -= usize::from(removed.as_ref().is_some_and(|s| s.protobuf));
        if removed.as_ref().is_some_and(|s| s.delta_base.is_some()) {
            entry.delta_subs -= 1;
            if entry.delta_subs == 0 {
                entry.prev = None;
            }
        }
        let removed = removed.is_some();
        let empty = entry.subs.is_empty();
        if empty {
            self.guard.remove(self.channel);
        }
        (removed, empty)
    }
}

impl Hub {
    fn shard(&self, channel: &str) -> &Mutex<Shard> {
        &self.shards[(self.hasher.hash_one(channel) as usize) % SHARDS]
    }

    /// Locks `channel` for a read-modify-write.
    pub fn lock<'a>(&'a self, channel: &'a str) -> Locked<'a> {
        let guard = self
            .shard(channel)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Locked { guard, channel }
    }

    /// Number of local subscribers of `channel`.
    pub fn num_subscribers(&self, channel: &str) -> usize {
        self.lock(channel).subs().map_or(0, |s| s.subs.len())
    }

    /// Every channel with at least one local subscriber, with its subscriber count.
    pub fn channels(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for s in &self.shards {
            let g = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            out.extend(g.iter().map(|(k, v)| (k.clone(), v.subs.len())));
        }
        out
    }

    /// (channels, subscriptions) on this node.
    pub fn counts(&self) -> (usize, usize) {
        let mut ch = 0;
        let mut subs = 0;
        for s in &self.shards {
            let g = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            ch += g.len();
            subs += g.values().map(|v| v.subs.len()).sum::<usize>();
        }
        (ch, subs)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn add_broadcast_remove() {
        let hub = Hub::default();
        let a = Arc::new(Outbox::new(1 << 20));
        let b = Arc::new(Outbox::new(1 << 20));
        assert!(hub.lock("c").add(
            1,
            Subscriber {
                outbox: a.clone(),
                user: "a".into(),
                client: "ca".into(),
                push_join_leave: true,
                min_offset: 0,
                tags_filter: None,
                delta_base: None,
                protobuf: false,
            }
        ));
        assert!(!hub.lock("c").add(
            2,
            Subscriber {
                outbox: b.clone(),
                user: "b".into(),
                client: "cb".into(),
                push_join_leave: false,
                min_offset: 0,
                tags_filter: None,
                delta_base: None,
                protobuf: false,
            }
        ));
        let msg = Bytes::from_static(b"x");
        assert_eq!(
            hub.lock("c")
                .subs()
                .unwrap()
                .broadcast(&msg, None, false, true),
            (2, false)
        );
        assert_eq!(
            hub.lock("c")
                .subs()
                .unwrap()
                .broadcast(&msg, None, true, true),
            (1, false)
        );
        b.set_traced(true);
        assert_eq!(
            hub.lock("c")
                .subs()
                .unwrap()
                .broadcast(&msg, None, false, true),
            (2, true)
        );
        assert_eq!(
            hub.lock("c")
                .subs()
                .unwrap()
                .broadcast(&msg, None, false, false),
            (2, false)
        );
        assert_eq!(
            hub.lock("c")
                .subs()
                .unwrap()
                .broadcast(&msg, None, true, true),
            (1, false)
        );
        assert_eq!(hub.counts(), (1, 2));
        assert_eq!(hub.lock("c").remove(1), (true, false));
        assert_eq!(hub.lock("c").remove(2), (true, true));
        assert_eq!(hub.counts(), (0, 0));
        assert_eq!(hub.lock("c").remove(2), (false, true));
    }

    fn plain<'a>(msg: &'a Bytes, offset: u64, tags: &'a BTreeMap<String, String>) -> PubOut<'a> {
        PubOut {
            msg: Some(msg),
            offset,
            tags: Some(tags),
            ..PubOut::default()
        }
    }

    #[test]
    fn delta_subscribers_get_the_whole_data_first_then_deltas() {
        let hub = Hub::default();
        let outbox = |delta: bool| Subscriber {
            outbox: Arc::new(Outbox::new(1 << 20)),
            user: "u".into(),
            client: "c".into(),
            push_join_leave: false,
            min_offset: 0,
            tags_filter: None,
            delta_base: delta.then_some(false),
            protobuf: false,
        };
        let (plain_sub, delta_sub) = (outbox(false), outbox(true));
        let (p, d) = (plain_sub.outbox.clone(), delta_sub.outbox.clone());
        hub.lock("c").add(1, plain_sub);
        assert!(!hub.lock("c").subs().unwrap().has_delta_subscribers());
        hub.lock("c").add(2, delta_sub);
        assert!(hub.lock("c").subs().unwrap().has_delta_subscribers());
        let tags = BTreeMap::new();
        let (msg, full, delta) = (
            Bytes::from_static(b"M"),
            Bytes::from_static(b"F"),
            Bytes::from_static(b"D"),
        );
        let send = |delta: Option<&Bytes>| {
            hub.lock("c").subs_mut().unwrap().broadcast_pub(
                &PubOut {
                    msg: Some(&msg),
                    tags: Some(&tags),
                    full_str: Some(&full),
                    delta,
                    ..PubOut::default()
                },
                false,
            )
        };
        send(Some(&delta)); // no base yet: whole
        send(Some(&delta)); // base: delta
        send(None); // not delta-eligible: whole
        let drained = |o: &Outbox| -> Vec<u8> { o.drain_for_test().concat() };
        assert_eq!(drained(&p), b"MMM");
        assert_eq!(drained(&d), b"FDF");
        hub.lock("c").remove(2);
        assert!(!hub.lock("c").subs().unwrap().has_delta_subscribers());
    }

    #[test]
    fn publications_pass_tags_filters_and_skip_what_the_reply_covered() {
        let hub = Hub::default();
        let sub = |min_offset, tags_filter: Option<FilterNode>| Subscriber {
            outbox: Arc::new(Outbox::new(1 << 20)),
            user: "u".into(),
            client: "c".into(),
            push_join_leave: false,
            min_offset,
            tags_filter: tags_filter.map(Arc::new),
            delta_base: None,
            protobuf: false,
        };
        hub.lock("c").add(1, sub(0, None));
        hub.lock("c")
            .add(2, sub(0, Some(FilterNode::leaf("ticker", "eq", "BTC"))));
        hub.lock("c").add(3, sub(5, None));
        let msg = Bytes::from_static(b"x");
        let tags = |t: &str| BTreeMap::from([("ticker".to_string(), t.to_string())]);
        let sent = |offset, t: &str| {
            hub.lock("c")
                .subs_mut()
                .unwrap()
                .broadcast_pub(&plain(&msg, offset, &tags(t)), false)
                .0
        };
        assert_eq!(sent(5, "BTC"), 2, "3 had offset 5 in its reply");
        assert_eq!(sent(6, "BTC"), 3);
        assert_eq!(sent(7, "ETH"), 2, "2 filters ETH out");
        assert_eq!(
            hub.lock("c")
                .subs_mut()
                .unwrap()
                .broadcast_pub(&plain(&msg, 8, &BTreeMap::new()), false)
                .0,
            2,
            "no tags: an eq filter does not match"
        );
    }
}

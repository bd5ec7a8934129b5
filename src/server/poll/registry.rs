//! One shared poll channel on this node: its subscribers, the keys each of them tracks (with
//! the version it has and until when its signature lets it track), and per key the latest
//! data and version the server knows. Backend answers and `shared_poll_publish` come in as
//! [`Update`]s; each change is encoded once per protocol and pushed to the trackers of its
//! key that have an older version. Everything runs under the channel's mutex (never held
//! across an `.await`), so a track's reply reaches the client's queue before any push for
//! its keys.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::Notify;

use super::wire::RefreshItem;
use crate::proto::client::{push_json, KeyedItem, PushEvent};
use crate::proto::codec::protobuf;
use crate::proto::codes::Disconnect;
use crate::proto::{codes, ApiError, Payload, Publication};
use crate::server::node::Node;
use crate::server::outbox::Outbox;

/// A change to a key, from the backend or `shared_poll_publish`.
#[derive(Debug, Clone)]
pub struct Update {
    pub key: String,
    /// None: unchanged (a versioned backend may leave it out).
    pub data: Option<Payload>,
    pub version: u64,
    pub removed: bool,
}

/// A subscriber of the channel.
#[derive(Debug)]
pub struct Conn {
    pub outbox: Arc<Outbox>,
    pub protobuf: bool,
    keys: HashMap<String, Tracked>,
}

impl Conn {
    pub fn new(outbox: Arc<Outbox>, protobuf: bool) -> Self {
        Self {
            outbox,
            protobuf,
            keys: HashMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Tracked {
    /// The version the client has (or was sent).
    version: u64,
    /// Its signature lets it track until then (unix s, grace included); None: forever.
    until: Option<i64>,
}

#[derive(Debug, Default)]
struct Key {
    version: u64,
    /// Versionless mode: the hash of `data`, which decides whether new data is a change.
    hash: u64,
    data: Option<Payload>,
    trackers: HashSet<u64>,
    /// `shared_poll_publish` delivered it: the next timed poll skips it.
    fresh: bool,
}

#[derive(Debug, Default)]
struct State {
    epoch: String,
    keys: HashMap<String, Key>,
    conns: HashMap<u64, Conn>,
    /// Keys tracked with no data anywhere yet: polled at once.
    cold: Vec<String>,
}

/// A batch of keys one signature lets a connection track, until `until` (None: forever).
pub struct Batch {
    pub items: Vec<KeyedItem>,
    pub until: Option<i64>,
}

pub struct PollChannel {
    pub name: String,
    versioned: bool,
    /// What a subscribe reply names while a versioned channel knows no publisher epoch: a
    /// client holding it resets its versions when the publisher's epoch turns up (the SDK
    /// does not reset from an empty one, and would keep versions of a publisher that
    /// restarted).
    placeholder: String,
    st: Mutex<State>,
    /// Wakes the channel's refresh task for cold keys.
    pub wake: Notify,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for PollChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollChannel")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The publication a change is pushed as.
fn publication(key: &str, data: Option<&Payload>, version: u64, removed: bool) -> Publication {
    let mut p = Publication::json(crate::proto::null_raw());
    match data {
        Some(Payload::Json(r)) => p.data = r.clone(),
        Some(Payload::Binary(b)) => p.binary = Some(b.clone()),
        None => {}
    }
    p.key = key.to_string();
    p.version = version;
    p.removed = removed;
    p
}

impl PollChannel {
    /// A channel's state. A versionless channel's versions are this node's own, so its epoch
    /// is new each time the state is made: a client that comes back to another one starts
    /// over. A versioned channel's epoch is the publisher's (a placeholder until it names
    /// one).
    pub fn new(name: &str, versioned: bool) -> Self {
        let fresh = || uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
        let epoch = if versioned { String::new() } else { fresh() };
        Self {
            name: name.to_string(),
            versioned,
            placeholder: fresh(),
            st: Mutex::new(State {
                epoch,
                ..State::default()
            }),
            wake: Notify::new(),
            hasher: foldhash::fast::FixedState::with_seed(0x005e_ed0f_c3a7),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.st
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn is_idle(&self) -> bool {
        let st = self.lock();
        st.conns.is_empty() && st.keys.is_empty()
    }

    pub fn key_count(&self) -> usize {
        self.lock().keys.len()
    }

    /// Adds a subscriber; the epoch its subscribe reply names.
    pub fn subscribe(&self, conn_id: u64, conn: Conn) -> String {
        let mut st = self.lock();
        st.conns.insert(conn_id, conn);
        if st.epoch.is_empty() {
            self.placeholder.clone()
        } else {
            st.epoch.clone()
        }
    }

    /// Removes a subscriber and its tracks; keys nobody tracks any more are forgotten.
    pub fn unsubscribe(&self, conn_id: u64) {
        let mut st = self.lock();
        let Some(conn) = st.conns.remove(&conn_id) else {
            return;
        };
        for key in conn.keys.keys() {
            untrack_key(&mut st, conn_id, key);
        }
    }

    /// Tracks the keys of `batches` for `conn_id`, at most `max` keys in all for the
    /// connection (106 and nothing tracked when they would be more). `reply` runs under the
    /// channel's lock with the data the server already has that is newer than the client's,
    /// so it is queued before any push for these keys. True when some key is cold (the
    /// refresh task is to poll at once).
    pub fn track(
        &self,
        conn_id: u64,
        batches: Vec<Batch>,
        max: usize,
        reply: impl FnOnce(Vec<Arc<Publication>>),
    ) -> Result<bool, ApiError> {
        let mut guard = self.lock();
        let st = &mut *guard;
        let Some(conn) = st.conns.get_mut(&conn_id) else {
            return Err(ApiError::permission_denied());
        };
        let mut new: HashSet<&str> = HashSet::new();
        for b in &batches {
            for i in &b.items {
                if !conn.keys.contains_key(&i.key) {
                    new.insert(&i.key);
                }
            }
        }
        if conn.keys.len() + new.len() > max {
            return Err(ApiError::new(codes::LIMIT_EXCEEDED));
        }
        let mut items = Vec::new();
        let mut cold = false;
        for b in batches {
            for i in b.items {
                let t = conn.keys.entry(i.key.clone()).or_insert(Tracked {
                    version: 0,
                    until: b.until,
                });
                t.version = t.version.max(i.version);
                t.until = b.until;
                let k = st.keys.entry(i.key.clone()).or_default();
                k.trackers.insert(conn_id);
                match &k.data {
                    Some(d) if k.version > t.version => {
                        items.push(Arc::new(publication(&i.key, Some(d), k.version, false)));
                        t.version = k.version;
                    }
                    None if i.version == 0 && !st.cold.contains(&i.key) => {
                        st.cold.push(i.key);
                        cold = true;
                    }
                    _ => {}
                }
            }
        }
        reply(items);
        Ok(cold)
    }

    /// Stops tracking `keys` for `conn_id`.
    pub fn untrack(&self, conn_id: u64, keys: &[String]) {
        let mut st = self.lock();
        for key in keys {
            let tracked = st
                .conns
                .get_mut(&conn_id)
                .and_then(|c| c.keys.remove(key))
                .is_some();
            if tracked {
                untrack_key(&mut st, conn_id, key);
            }
        }
    }

    /// The keys to poll now, taken: cold ones.
    pub fn take_cold(&self) -> Vec<RefreshItem> {
        let mut st = self.lock();
        let cold = std::mem::take(&mut st.cold);
        cold.into_iter()
            .filter(|k| st.keys.contains_key(k))
            .map(|key| RefreshItem { key, version: 0 })
            .collect()
    }

    /// The keys of a timed poll, once per key however many track it. Tracks whose signature
    /// ran out (grace included) are dropped first, silently, as Centrifugo does; keys that
    /// `shared_poll_publish` just delivered are skipped this once.
    pub fn take_cycle(&self, now: i64) -> Vec<RefreshItem> {
        let mut st = self.lock();
        let mut expired = Vec::new();
        for (id, c) in &st.conns {
            for (k, t) in &c.keys {
                if t.until.is_some_and(|u| now > u) {
                    expired.push((*id, k.clone()));
                }
            }
        }
        for (id, k) in expired {
            if let Some(c) = st.conns.get_mut(&id) {
                c.keys.remove(&k);
            }
            untrack_key(&mut st, id, &k);
        }
        let versioned = self.versioned;
        let mut out = Vec::with_capacity(st.keys.len());
        for (key, k) in &mut st.keys {
            if std::mem::take(&mut k.fresh) {
                continue;
            }
            out.push(RefreshItem {
                key: key.clone(),
                version: if versioned { k.version } else { 0 },
            });
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// Applies changes and pushes them to the trackers that have older versions. A
    /// publisher `epoch` other than a versioned channel's resets it: every subscriber is
    /// unsubscribed with 2500 (insufficient state) and resubscribes. `fresh`: from
    /// `shared_poll_publish` (the next timed poll skips these keys). Returns the changes
    /// pushed.
    pub fn apply(&self, node: &Node, updates: Vec<Update>, epoch: &str, fresh: bool) -> usize {
        let mut guard = self.lock();
        let st = &mut *guard;
        if self.versioned && !epoch.is_empty() && epoch != st.epoch {
            if st.epoch.is_empty() {
                st.epoch = epoch.to_string();
            } else {
                st.epoch = epoch.to_string();
                st.keys.clear();
                st.cold.clear();
                let ids: Vec<u64> = st.conns.drain().map(|(id, _)| id).collect();
                drop(guard);
                tracing::info!(channel = %self.name, epoch, subscribers = ids.len(), "shared poll publisher epoch changed: subscribers resubscribe");
                for id in ids {
                    if let Some(c) = node.connection(id) {
                        c.server_unsubscribe(node, &self.name, codes::UNSUBSCRIBE_INSUFFICIENT);
                    }
                }
                return 0;
            }
        }
        let mut changes = Vec::new();
        for u in updates {
            if u.removed {
                let Some(k) = st.keys.remove(&u.key) else {
                    continue;
                };
                let p = publication(&u.key, None, 0, true);
                for id in &k.trackers {
                    if let Some(c) = st.conns.get_mut(id) {
                        c.keys.remove(&u.key);
                        send(&self.name, c, &p, &mut Encoded::default());
                    }
                }
                changes.push(p);
                continue;
            }
            let Some(data) = u.data else { continue };
            let Some(k) = st.keys.get_mut(&u.key) else {
                continue;
            };
            if self.versioned {
                if u.version <= k.version {
                    continue;
                }
                k.version = u.version;
            } else {
                let mut h = self.hasher.build_hasher();
                h.write(super::payload_bytes(&data));
                let hash = h.finish();
                if k.data.is_some() && hash == k.hash {
                    continue;
                }
                k.hash = hash;
                k.version += 1;
            }
            k.fresh = fresh;
            let p = publication(&u.key, Some(&data), k.version, false);
            k.data = Some(data);
            let mut enc = Encoded::default();
            for id in &k.trackers {
                let Some(c) = st.conns.get_mut(id) else {
                    continue;
                };
                let Some(t) = c.keys.get_mut(&u.key) else {
                    continue;
                };
                if t.version >= k.version {
                    continue;
                }
                t.version = k.version;
                send(&self.name, c, &p, &mut enc);
            }
            changes.push(p);
        }
        drop(guard);
        for p in &changes {
            node.trace_publication(&self.name, p);
        }
        changes.len()
    }
}

/// A change's pushes, encoded once per protocol.
#[derive(Default)]
struct Encoded {
    json: Option<Bytes>,
    pb: Option<Bytes>,
}

fn send(channel: &str, c: &Conn, p: &Publication, enc: &mut Encoded) {
    let ev = PushEvent::Pub(p);
    let msg = if c.protobuf {
        enc.pb
            .get_or_insert_with(|| Bytes::from(protobuf::push(channel, &ev)))
            .clone()
    } else {
        if p.binary.is_some() {
            // binary data has no JSON form
            c.outbox
                .close(Disconnect::new(Disconnect::INAPPROPRIATE_PROTOCOL));
            return;
        }
        enc.json
            .get_or_insert_with(|| Bytes::from(push_json(channel, &ev)))
            .clone()
    };
    c.outbox.push(msg);
}

/// Removes `conn_id` from `key`'s trackers, forgetting the key when nobody tracks it.
fn untrack_key(st: &mut State, conn_id: u64, key: &str) {
    if let Some(k) = st.keys.get_mut(key) {
        k.trackers.remove(&conn_id);
        if k.trackers.is_empty() {
            st.keys.remove(key);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn item(key: &str, version: u64) -> KeyedItem {
        KeyedItem {
            key: key.into(),
            version,
        }
    }

    fn batch(items: Vec<KeyedItem>) -> Vec<Batch> {
        vec![Batch { items, until: None }]
    }

    fn conn() -> (Conn, Arc<Outbox>) {
        let o = Arc::new(Outbox::new(1 << 20));
        (Conn::new(o.clone(), false), o)
    }

    #[test]
    fn a_key_tracked_by_many_is_polled_once_and_cold_keys_at_once() {
        let c = PollChannel::new("ch", false);
        let (a, _) = conn();
        let (b, _) = conn();
        c.subscribe(1, a);
        c.subscribe(2, b);
        assert!(c.track(1, batch(vec![item("k", 0)]), 10, |_| {}).unwrap());
        // already cold: not listed twice
        assert!(!c
            .track(2, batch(vec![item("k", 0), item("j", 3)]), 10, |_| {})
            .unwrap());
        assert_eq!(c.take_cold().len(), 1);
        let cycle = c.take_cycle(0);
        assert_eq!(
            cycle.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["j", "k"]
        );
        c.untrack(1, &["k".into()]);
        assert_eq!(c.take_cycle(0).len(), 2, "2 still tracks k");
        c.unsubscribe(2);
        assert!(c.take_cycle(0).is_empty());
        c.unsubscribe(1);
        assert!(c.is_idle());
    }

    #[test]
    fn the_key_limit_is_per_connection_and_changes_nothing_when_hit() {
        let c = PollChannel::new("ch", false);
        let (a, _) = conn();
        c.subscribe(1, a);
        c.track(1, batch(vec![item("a", 0), item("b", 0)]), 2, |_| {})
            .unwrap();
        // re-tracking a key is not a new one
        c.track(1, batch(vec![item("a", 0)]), 2, |_| {}).unwrap();
        let e = c
            .track(1, batch(vec![item("c", 0)]), 2, |_| {})
            .unwrap_err();
        assert_eq!(e.code, codes::LIMIT_EXCEEDED);
        assert_eq!(c.key_count(), 2);
        let e = c
            .track(9, batch(vec![item("x", 0)]), 2, |_| {})
            .unwrap_err();
        assert_eq!(e.code, ApiError::permission_denied().code);
    }

    #[test]
    fn expired_tracks_are_dropped_silently() {
        let c = PollChannel::new("ch", false);
        let (a, _) = conn();
        c.subscribe(1, a);
        c.track(
            1,
            vec![
                Batch {
                    items: vec![item("old", 0)],
                    until: Some(100),
                },
                Batch {
                    items: vec![item("new", 0)],
                    until: Some(1_000),
                },
            ],
            10,
            |_| {},
        )
        .unwrap();
        let keys: Vec<String> = c.take_cycle(500).into_iter().map(|i| i.key).collect();
        assert_eq!(keys, ["new"]);
    }
}

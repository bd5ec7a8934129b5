//! The Redis engine: many nodes as one cluster over an existing Redis, a Redis Cluster or a
//! Sentinel-managed primary.
//!
//! - Broker: a publication is appended and published by one Lua script (`XADD` + `PUBLISH`,
//!   or `SPUBLISH` on a cluster, atomic), and every node, the publishing one included,
//!   delivers it to its local subscribers when it arrives over PUB/SUB. A node subscribes a
//!   channel only while it has local subscribers.
//! - History: a Redis stream per channel, trimmed by size (`MAXLEN`) and expired as a whole
//!   after the history TTL; epoch and top offset live in a hash beside it.
//! - Presence: a hash of client → info plus a sorted set of expiry times, refreshed by the
//!   node while clients are connected; expired entries are dropped on read.
//! - User status: a hash per user with a TTL.
//! - Control: one PUB/SUB channel carries node announcements and cluster-wide commands.
//!
//! Several addresses shard channels by hash; node-wide keys live on the first shard. On a
//! Redis Cluster a channel's keys share a hash tag (`{channel}`), so its stream, its meta
//! hash, its idempotency keys and its sharded PUB/SUB channel live in one slot.
//!
//! All I/O is async ([`link`], [`pubsub`]) on the engine's own runtime (one `redis-io`
//! thread): concurrent calls are pipelined on one connection per shard. The methods here
//! are synchronous for the node's synchronous paths; they hand the calling tokio worker's
//! other tasks to another thread while they wait (`block_in_place`), so a call never
//! stalls a worker, and drive them on the engine's own runtime and connections, so that a
//! storm of such waits cannot starve what they wait for (`link::sync_calls`). A channel that
//! Redis already confirmed is subscribed without a round trip. When Redis is unreachable, calls fail with `100` (temporary, so SDKs
//! retry), PUB/SUB reconnects with backoff and resubscribes, and the node is told so it
//! can make clients recover what they may have missed.

mod access;
pub mod link;
mod map;
mod publish;
pub mod pubsub;
pub mod scripts;
pub mod target;

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::{mpsc, oneshot};

use self::link::Link;
use self::pubsub::SubCmd;
use super::{HistoryFilter, StatusField, StreamOptions, UserStatus};
use crate::proto::{ApiError, ClientInfo, Publication, StreamPosition};
use crate::server::config::RedisConfig;

/// What the PUB/SUB tasks hand to the node.
// Made and handed to the sink at once, one per message: its size costs a move, where a
// boxed publication would cost an allocation per delivery.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Delivery {
    /// A publication for local subscribers of `channel`.
    Publication {
        channel: String,
        publication: Publication,
        /// It may go out as a delta (see `Node::publish`).
        delta: bool,
        /// A map change of an existing key in a namespace with fossil deltas: the key's
        /// value before it (the base of its delta), as data bytes.
        base: Option<bytes::Bytes>,
    },
    /// A control message (node announcement or cluster command), raw JSON.
    Control(Vec<u8>),
    /// A trace event forwarded by another node, raw JSON.
    Trace(Vec<u8>),
    /// The PUB/SUB connection of a shard was lost: messages of these channels may be missed
    /// until it is back (their subscribers must recover from history).
    Reconnected(Vec<String>),
}

/// Receives deliveries (set once by the node after it is built).
pub type Sink = Arc<dyn Fn(Delivery) + Send + Sync>;

const IDEMPOTENCY_MS: u64 = 300_000;

/// Occupancy buckets on a cluster: a channel's holds, its vacating marker and its bucket's
/// expiry set share the bucket's hash tag, and a sweep walks every bucket.
const OCC_BUCKETS: u64 = 16;

/// One shard: its command link and the queue of its PUB/SUB task.
struct Shard {
    link: Arc<Link>,
    subs: Mutex<mpsc::UnboundedSender<SubCmd>>,
    /// The cluster's servers know `SPUBLISH` (decided when the engine starts).
    sharded: AtomicBool,
}

/// One channel's local subscribers on this node.
#[derive(Debug, Default)]
struct ChannelRef {
    n: usize,
    /// The shard's loss count when Redis last confirmed the subscription.
    confirmed: Option<u64>,
}

/// The Redis engine.
pub struct RedisEngine {
    shards: Vec<Shard>,
    prefix: String,
    /// Keys carry hash tags (some shard is a Redis Cluster).
    tagged: bool,
    io_timeout: Duration,
    connect_timeout: Duration,
    publish: redis::Script,
    history: redis::Script,
    presence_get: redis::Script,
    rate_limit: redis::Script,
    occ: [redis::Script; 4],
    /// How long presence entries and channel holds live without a renewal
    /// (`engine.redis.presence_ttl`).
    presence_ttl: Duration,
    buckets: redis::Script,
    map_script: redis::Script,
    /// The map channels this node sweeps.
    map_known: map::Known,
    /// State page reads in flight (identical ones share a read).
    map_flights: map::Flights,
    sink: Arc<std::sync::OnceLock<Sink>>,
    /// Local subscribers per channel: PUB/SUB subscribe at 0→1, unsubscribe at 1→0, sent
    /// under this lock so the PUB/SUB task sees them in order.
    refs: Mutex<std::collections::HashMap<String, ChannelRef>>,
    /// The engine's own runtime (shut down in the background on drop): PUB/SUB tasks and
    /// the connections of synchronous callers live there, never waiting on the server's
    /// workers. Async callers' connections move to the server's runtime in
    /// [`RedisEngine::start`], next to the tasks that call them (no thread hop per call).
    rt: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
}

impl std::fmt::Debug for RedisEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisEngine")
            .field("shards", &self.shards.len())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Drop for RedisEngine {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// A synchronous client for the first Redis of `engine.redis` (where shared state that is
/// not sharded by channel lives, e.g. the push queue), with its TLS settings. A Sentinel
/// target is resolved to its primary now; a cluster is refused (the push queue's streams
/// need one server).
pub fn first_client(c: &RedisConfig) -> Result<redis::Client, String> {
    let t = target::targets(c)?
        .into_iter()
        .next()
        .ok_or_else(|| "engine.redis.address: no address".to_string())?;
    let link = Link::new(t.clone(), c, None)?;
    match &t {
        target::Target::Single(url) => link::single_client(url, link.certs.as_ref()),
        target::Target::Cluster(_) => Err(
            "push_notifications.queue: the push queue needs a single Redis or a Sentinel primary, not a Redis Cluster (give it a queue.path, or use address)"
                .to_string(),
        ),
        target::Target::Sentinel { .. } => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            std::thread::scope(|s| {
                s.spawn(|| rt.block_on(link.primary_client()))
                    .join()
                    .unwrap_or_else(|_| {
                        Err(redis::RedisError::from((
                            redis::ErrorKind::Io,
                            "sentinel lookup panicked",
                        )))
                    })
            })
            .map_err(|e| format!("engine.redis.sentinel_address: no primary found: {e}"))
        }
    }
}

fn new_epoch() -> String {
    let mut s = String::with_capacity(8);
    for _ in 0..8 {
        s.push(char::from(b'a' + rand::random_range(0..26u8)));
    }
    s
}

impl RedisEngine {
    /// Connects lazily: the first call (or the PUB/SUB task) opens connections.
    pub fn new(c: &RedisConfig) -> Result<Self, String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("redis-io")
            .enable_all()
            .build()
            .map_err(|e| format!("engine.redis: cannot start its I/O thread: {e}"))?;
        let mut shards = Vec::new();
        for t in target::targets(c)? {
            let (tx, _rx) = mpsc::unbounded_channel();
            shards.push(Shard {
                link: Arc::new(Link::new(t, c, Some(rt.handle().clone()))?),
                subs: Mutex::new(tx),
                sharded: AtomicBool::new(true),
            });
        }
        let tagged = shards.iter().any(|s| s.link.is_cluster());
        Ok(Self {
            tagged,
            shards,
            prefix: c.prefix.clone(),
            io_timeout: c.io_timeout.value,
            connect_timeout: c.connect_timeout.value,
            publish: redis::Script::new(scripts::PUBLISH),
            history: redis::Script::new(scripts::HISTORY),
            presence_get: redis::Script::new(scripts::PRESENCE_GET),
            rate_limit: redis::Script::new(scripts::RATE_LIMIT),
            buckets: redis::Script::new(scripts::BUCKETS),
            map_script: redis::Script::new(map::MAP),
            map_known: map::Known::default(),
            map_flights: map::Flights::default(),
            occ: [
                scripts::OCC_JOIN,
                scripts::OCC_LEAVE,
                scripts::OCC_FIRE,
                scripts::OCC_SWEEP,
            ]
            .map(|s| redis::Script::new(&format!("{}{s}", scripts::OCC_LIB))),
            presence_ttl: c.presence_ttl.value,
            sink: Arc::new(std::sync::OnceLock::new()),
            refs: Mutex::new(std::collections::HashMap::new()),
            handle: rt.handle().clone(),
            rt: Some(rt),
        })
    }

    /// Runs an engine future to its end from synchronous code. On a tokio worker the
    /// worker's other tasks move to another thread meanwhile (`block_in_place`); on a
    /// current-thread runtime (tests) the wait happens on a helper thread.
    fn wait<F>(&self, fut: F) -> F::Output
    where
        F: Future + Send,
        F::Output: Send,
    {
        use tokio::runtime::{Handle, RuntimeFlavor};
        // Driven by the engine's own runtime and connections (see `link::sync_calls`).
        let own = &self.handle;
        match Handle::try_current() {
            Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(|| link::sync_calls(|| own.block_on(fut)))
            }
            Ok(_) => std::thread::scope(|s| {
                let t = s.spawn(|| link::sync_calls(|| own.block_on(fut)));
                match t.join() {
                    Ok(v) => v,
                    Err(p) => std::panic::resume_unwind(p),
                }
            }),
            Err(_) => link::sync_calls(|| own.block_on(fut)),
        }
    }

    /// Starts one PUB/SUB task per shard (on the engine's own runtime), delivering to
    /// `sink`. On a multi-thread runtime, the connections of async callers move onto it.
    pub fn start(&self, sink: Sink) {
        let _ = self.sink.set(sink);
        if let Ok(h) = tokio::runtime::Handle::try_current() {
            if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
                for s in &self.shards {
                    s.link.set_runtime(h.clone());
                }
            }
        }
        for (i, shard) in self.shards.iter().enumerate() {
            let (tx, rx) = mpsc::unbounded_channel();
            *shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = tx;
            let names = pubsub::Names {
                client_prefix: format!("{}.client.", self.prefix),
                control: (i == 0).then(|| (self.control_channel(), self.trace_channel())),
                tagged: self.tagged,
            };
            let (link, sink) = (shard.link.clone(), self.sink.clone());
            if link.is_cluster() {
                let sharded = self.wait(async {
                    match link.conn().await {
                        Ok(mut c) => pubsub::cluster_shards_pubsub(&mut c).await,
                        Err(_) => true,
                    }
                });
                shard.sharded.store(sharded, Ordering::Relaxed);
                if !sharded {
                    tracing::warn!(shard = %link.target.describe(), "redis cluster without SPUBLISH (Redis < 7): classic PUB/SUB, every message crosses the whole cluster");
                }
                // PUB/SUB runs on the engine's own runtime: subscribers wait for its
                // confirmations in `block_in_place`, so it must not need the server's.
                self.handle
                    .spawn(pubsub::run_cluster(link, rx, sink, names, sharded));
            } else {
                self.handle.spawn(pubsub::run_direct(link, rx, sink, names));
            }
        }
        // Serve once PUB/SUB is up (subscribes need it), or after the connect timeout with
        // Redis down: the node then answers 100 until it is back.
        let deadline = std::time::Instant::now() + self.connect_timeout * 2;
        while !self.healthy() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Whether every shard's PUB/SUB connection is up.
    pub fn healthy(&self) -> bool {
        self.shards
            .iter()
            .all(|s| s.link.healthy.load(Ordering::Relaxed))
    }

    /// The shard of a channel (or user): FNV-1a, the same on every node (a per-process
    /// random hash would send one channel to different shards on different nodes).
    fn shard_for(&self, channel: &str) -> &Shard {
        &self.shards[self.shard_index(channel)]
    }

    fn shard_index(&self, channel: &str) -> usize {
        let n = self.shards.len().max(1) as u64;
        (crate::server::fnv1a(channel.as_bytes()) % n) as usize
    }

    /// The key of `kind` for `channel`; on a cluster the channel is the hash tag.
    fn key(&self, kind: &str, channel: &str) -> String {
        if self.tagged {
            format!("{}.{kind}.{{{channel}}}", self.prefix)
        } else {
            format!("{}.{kind}.{channel}", self.prefix)
        }
    }

    /// `spublish` on a cluster whose servers know sharded PUB/SUB, else `publish`.
    fn publish_verb(&self, shard: usize) -> &'static str {
        let s = &self.shards[shard];
        if s.link.is_cluster() && s.sharded.load(Ordering::Relaxed) {
            "spublish"
        } else {
            "publish"
        }
    }

    /// The key of an idempotency key of `channel` (of `kind`). Without one, a key of the
    /// channel's anyway: on a cluster every key of a script must be in the channel's slot.
    fn idempotency_key(&self, kind: &str, channel: &str, idempotency_key: &str) -> String {
        if idempotency_key.is_empty() {
            self.key(kind, channel)
        } else if self.tagged {
            format!("{}.{idempotency_key}", self.key(kind, channel))
        } else {
            self.key(kind, &format!("{channel}.{idempotency_key}"))
        }
    }

    /// The PUB/SUB channel for `channel`'s publications.
    pub fn client_channel(&self, channel: &str) -> String {
        self.key("client", channel)
    }

    pub fn control_channel(&self) -> String {
        format!("{}.control", self.prefix)
    }

    fn trace_channel(&self) -> String {
        format!("{}.trace", self.prefix)
    }

    /// Publishes a forwarded trace event.
    pub fn publish_trace(&self, payload: &[u8]) -> Result<(), ApiError> {
        let ch = self.trace_channel();
        self.wait(self.shards[0].link.run(async |c| {
            redis::cmd("PUBLISH")
                .arg(&ch)
                .arg(payload)
                .query_async::<()>(c)
                .await
        }))
    }

    /// Ensures this node receives `channel`'s publications; returns once Redis confirmed
    /// the subscription (bounded by the I/O timeout).
    /// Every call must be paired with one [`RedisEngine::unsubscribe`] (also on failure).
    ///
    /// A channel that Redis confirmed since the PUB/SUB connection last failed needs no
    /// round trip: the caller only counts itself in. That keeps a connect storm on busy
    /// channels from holding a thread per subscribe.
    pub fn subscribe(&self, channel: &str) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        if !shard.link.healthy.load(Ordering::SeqCst) {
            // the PUB/SUB connection is down: nothing could confirm it, so do not wait
            return Err(ApiError::internal());
        }
        let (ack_tx, ack_rx) = oneshot::channel();
        let losses = shard.link.losses.load(Ordering::SeqCst);
        {
            let mut refs = self
                .refs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let r = refs.entry(channel.to_string()).or_default();
            r.n += 1;
            if r.confirmed == Some(losses) && shard.link.healthy.load(Ordering::SeqCst) {
                return Ok(());
            }
            // every caller waits for its own ack: FIFO after the first one's SUBSCRIBE
            let _ = shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(SubCmd::Subscribe(self.client_channel(channel), ack_tx));
        }
        let t = self.io_timeout;
        let acked = self.wait(async move { tokio::time::timeout(t, ack_rx).await });
        if matches!(acked, Ok(Ok(()))) {
            // Confirmed on the connection that was up before the request went out, unless it
            // failed since (then `losses` moved on and the next caller asks again).
            if let Some(r) = self
                .refs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get_mut(channel)
            {
                r.confirmed = Some(losses);
            }
            Ok(())
        } else {
            self.unsubscribe(channel);
            tracing::warn!(channel, "redis pubsub: subscribe not confirmed in time");
            Err(ApiError::internal())
        }
    }

    /// Stops receiving `channel`'s publications when its last local subscriber leaves.
    pub fn unsubscribe(&self, channel: &str) {
        let shard = self.shard_for(channel);
        let mut refs = self
            .refs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(r) = refs.get_mut(channel) else {
            return;
        };
        r.n -= 1;
        if r.n == 0 {
            refs.remove(channel);
            let _ = shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(SubCmd::Unsubscribe(self.client_channel(channel)));
        }
    }

    pub fn history(
        &self,
        channel: &str,
        filter: &HistoryFilter,
        opts: &StreamOptions,
    ) -> Result<(Vec<Arc<Publication>>, StreamPosition), ApiError> {
        type Entry = (String, Vec<(String, String)>);
        let shard = self.shard_for(channel);
        let read = filter.limit != 0;
        let (epoch, top, entries): (String, u64, Vec<Entry>) =
            self.wait(shard.link.run(async |c| {
                self.history
                    .key(self.key("stream", channel))
                    .key(self.key("meta", channel))
                    .arg(new_epoch())
                    .arg(opts.meta_ttl.as_millis() as u64)
                    .arg(if read { "1" } else { "0" })
                    .invoke_async(c)
                    .await
            }))?;
        let pos = StreamPosition { offset: top, epoch };
        if let Some(since) = &filter.since {
            if !since.epoch.is_empty() && since.epoch != pos.epoch {
                return Err(ApiError::new(crate::proto::codes::UNRECOVERABLE_POSITION));
            }
        }
        if !read {
            return Ok((Vec::new(), pos));
        }
        let mut pubs: Vec<Arc<Publication>> = entries
            .into_iter()
            .filter_map(|(_, fields)| {
                let mut offset = 0;
                let mut data = None;
                for (k, v) in fields {
                    match k.as_str() {
                        "o" => offset = v.parse().unwrap_or(0),
                        "d" => data = Some(v),
                        _ => {}
                    }
                }
                let mut p: Publication = serde_json::from_str(&data?).ok()?;
                p.offset = offset;
                Some(Arc::new(p))
            })
            .collect();
        // the stream is trimmed approximately (`MAXLEN ~`, whole nodes at a time, far
        // cheaper for Redis): what history holds is exactly the last `history_size`
        if opts.history_size > 0 && pubs.len() > opts.history_size {
            pubs.drain(..pubs.len() - opts.history_size);
        }
        let limit = if filter.limit < 0 {
            usize::MAX
        } else {
            filter.limit as usize
        };
        pubs = match (&filter.since, filter.reverse) {
            (Some(s), false) => pubs
                .into_iter()
                .filter(|p| p.offset > s.offset)
                .take(limit)
                .collect(),
            (Some(s), true) => pubs
                .into_iter()
                .rev()
                .filter(|p| p.offset < s.offset)
                .take(limit)
                .collect(),
            (None, false) => pubs.into_iter().take(limit).collect(),
            (None, true) => pubs.into_iter().rev().take(limit).collect(),
        };
        Ok((pubs, pos))
    }

    pub fn remove_history(&self, channel: &str) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        let key = self.key("stream", channel);
        self.wait(
            shard
                .link
                .run(async |c| redis::cmd("DEL").arg(&key).query_async::<()>(c).await),
        )
    }

    fn now_ms() -> u64 {
        u64::try_from(super::unix_ms()).unwrap_or(0)
    }

    fn presence_ttl_ms(&self) -> u64 {
        u64::try_from(self.presence_ttl.as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// How often this node renews its presence entries and channel holds: a third of
    /// `presence_ttl`, at most every 20 s.
    pub fn renew_interval(&self) -> Duration {
        (self.presence_ttl / 3).min(Duration::from_secs(20))
    }

    pub fn add_presence(
        &self,
        channel: &str,
        client: &str,
        info: &ClientInfo,
    ) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        let json = serde_json::to_string(info).map_err(|_| ApiError::internal())?;
        let ttl = self.presence_ttl_ms();
        let exp = Self::now_ms() + ttl;
        let (data, expire) = (
            self.key("presence.data", channel),
            self.key("presence.expire", channel),
        );
        self.wait(shard.link.run(async |c| {
            redis::pipe()
                .atomic()
                .cmd("HSET")
                .arg(&data)
                .arg(client)
                .arg(&json)
                .ignore()
                .cmd("ZADD")
                .arg(&expire)
                .arg(exp)
                .arg(client)
                .ignore()
                .cmd("PEXPIRE")
                .arg(&data)
                .arg(ttl)
                .ignore()
                .cmd("PEXPIRE")
                .arg(&expire)
                .arg(ttl)
                .ignore()
                .query_async::<()>(c)
                .await
        }))
    }

    pub fn remove_presence(&self, channel: &str, client: &str) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        let (data, expire) = (
            self.key("presence.data", channel),
            self.key("presence.expire", channel),
        );
        self.wait(shard.link.run(async |c| {
            redis::pipe()
                .atomic()
                .cmd("HDEL")
                .arg(&data)
                .arg(client)
                .ignore()
                .cmd("ZREM")
                .arg(&expire)
                .arg(client)
                .ignore()
                .query_async::<()>(c)
                .await
        }))
    }

    pub fn presence(&self, channel: &str) -> Result<BTreeMap<String, ClientInfo>, ApiError> {
        let shard = self.shard_for(channel);
        let flat: Vec<(String, String)> = self.wait(shard.link.run(async |c| {
            self.presence_get
                .key(self.key("presence.data", channel))
                .key(self.key("presence.expire", channel))
                .arg(Self::now_ms())
                .invoke_async(c)
                .await
        }))?;
        Ok(flat
            .into_iter()
            .filter_map(|(k, v)| Some((k, serde_json::from_str(&v).ok()?)))
            .collect())
    }

    pub fn presence_stats(&self, channel: &str) -> Result<(u32, u32), ApiError> {
        let p = self.presence(channel)?;
        let users: HashSet<&str> = p.values().map(|i| i.user.as_str()).collect();
        Ok((p.len() as u32, users.len() as u32))
    }

    fn status_key(&self, user: &str) -> String {
        format!("{}.status.{user}", self.prefix)
    }

    /// Runs one pipeline per user (built by `mk` from the user's status key), all in
    /// flight at once: pipelined on the connection, and separate, since on a cluster each
    /// user's key has its own slot.
    fn per_user<T: redis::FromRedisValue + Send>(
        &self,
        users: &[String],
        mk: impl Fn(&str) -> redis::Pipeline,
    ) -> Result<Vec<T>, ApiError> {
        let link = &self.shards[0].link;
        let pipes: Vec<redis::Pipeline> = users.iter().map(|u| mk(&self.status_key(u))).collect();
        self.wait(async {
            let calls = pipes
                .iter()
                .map(|p| link.run(async move |c| p.query_async::<T>(c).await));
            join_all(calls).await.into_iter().collect()
        })
    }

    pub fn touch_user_status(
        &self,
        users: &[String],
        field: StatusField,
        state: Option<&str>,
        now_ms: i64,
        ttl: Duration,
    ) -> Result<(), ApiError> {
        let f = match field {
            StatusField::Active => "a",
            StatusField::Online => "o",
        };
        let ttl = ttl.as_millis().max(1) as u64;
        self.per_user::<()>(users, |k| {
            let mut p = redis::pipe();
            p.atomic();
            p.cmd("HSET").arg(k).arg(f).arg(now_ms / 1000).ignore();
            if let Some(s) = state {
                p.cmd("HSET").arg(k).arg("s").arg(s).ignore();
            }
            p.cmd("PEXPIRE").arg(k).arg(ttl).ignore();
            p
        })
        .map(|_| ())
    }

    pub fn user_status(&self, users: &[String]) -> Result<Vec<Option<UserStatus>>, ApiError> {
        let rows: Vec<(BTreeMap<String, String>,)> = self.per_user(users, |k| {
            let mut p = redis::pipe();
            p.cmd("HGETALL").arg(k);
            p
        })?;
        Ok(rows
            .into_iter()
            .map(|(m,)| {
                (!m.is_empty()).then(|| UserStatus {
                    active: m.get("a").and_then(|v| v.parse().ok()),
                    online: m.get("o").and_then(|v| v.parse().ok()),
                    state: m.get("s").cloned(),
                })
            })
            .collect())
    }

    pub fn delete_user_status(&self, users: &[String]) -> Result<(), ApiError> {
        self.per_user::<()>(users, |k| {
            let mut p = redis::pipe();
            p.cmd("DEL").arg(k).ignore();
            p
        })
        .map(|_| ())
    }

    /// A `redis_user_command` check: true when every bucket of `rule` allows the command
    /// for `user` (and then takes a token from each).
    pub fn user_buckets(
        &self,
        user: &str,
        rule: &str,
        cells: &[(u64, u64)],
    ) -> Result<bool, ApiError> {
        let shard = self.shard_for(user);
        let base = if self.tagged {
            format!("{}.rluser.{{{user}}}.{rule}", self.prefix)
        } else {
            format!("{}.rluser.{user}.{rule}", self.prefix)
        };
        let ok: i64 = self.wait(shard.link.run(async |c| {
            let mut inv = self.buckets.prepare_invoke();
            for (i, (t, tau)) in cells.iter().enumerate() {
                inv.key(format!("{base}.{i}"))
                    .arg((t / 1000).max(1))
                    .arg(tau / 1000);
            }
            inv.invoke_async(c).await
        }))?;
        Ok(ok == 1)
    }

    /// The generic `rate_limit` check, shared by every node: (allowed, remaining, retry ms).
    pub fn rate_limit(
        &self,
        key: &str,
        rate: u64,
        interval: Duration,
        cost: u64,
    ) -> Result<(bool, u64, u64), ApiError> {
        let shard = self.shard_for(key);
        let k = format!("{}.ratelimit.{key}", self.prefix);
        let (ok, remaining, retry): (i64, i64, i64) = self.wait(shard.link.run(async |c| {
            self.rate_limit
                .key(&k)
                .arg(rate)
                .arg(interval.as_micros().max(1) as u64)
                .arg(cost)
                .invoke_async(c)
                .await
        }))?;
        Ok((
            ok == 1,
            u64::try_from(remaining).unwrap_or(0),
            u64::try_from(retry).unwrap_or(0),
        ))
    }

    /// The occupancy keys of `channel`: (holds, vacating marker, expiry set). On a cluster
    /// all three carry the tag of the channel's bucket.
    fn occ_keys(&self, channel: &str) -> (String, String, String) {
        let p = &self.prefix;
        if self.tagged {
            let b = crate::server::fnv1a(channel.as_bytes()) % OCC_BUCKETS;
            (
                format!("{p}.occupancy.{{o{b}}}.{channel}"),
                format!("{p}.vacating.{{o{b}}}.{channel}"),
                format!("{p}.occupancy_expiry.{{o{b}}}"),
            )
        } else {
            (
                format!("{p}.occupancy.{channel}"),
                format!("{p}.vacating.{channel}"),
                format!("{p}.occupancy_expiry"),
            )
        }
    }

    /// This node now holds `channel` (or renews its hold, which lasts `presence_ttl`): 1
    /// when it is the first node (occupied), 2 when that cancelled a pending vacated event,
    /// 0 when it or others already held it.
    pub fn occupancy_join(&self, channel: &str, node: &str) -> Result<i64, ApiError> {
        let shard = self.shard_for(channel);
        let (occ, vac, exp) = self.occ_keys(channel);
        self.wait(shard.link.run(async |c| {
            self.occ[0]
                .key(&occ)
                .key(&vac)
                .key(&exp)
                .arg(node)
                .arg(self.presence_ttl_ms())
                .arg(channel)
                .invoke_async(c)
                .await
        }))
    }

    /// Sweeps the holds of nodes that stopped renewing them (a node that crashed): the
    /// channels this left empty, each now waiting out `delay` before its vacated event.
    pub fn occupancy_sweep(&self, delay: Duration) -> Result<Vec<String>, ApiError> {
        let p = &self.prefix;
        // (expiry set, holds prefix, vacating prefix) of every bucket
        let buckets: Vec<(String, String, String)> = if self.tagged {
            (0..OCC_BUCKETS)
                .map(|b| {
                    (
                        format!("{p}.occupancy_expiry.{{o{b}}}"),
                        format!("{p}.occupancy.{{o{b}}}."),
                        format!("{p}.vacating.{{o{b}}}."),
                    )
                })
                .collect()
        } else {
            vec![(
                format!("{p}.occupancy_expiry"),
                format!("{p}.occupancy."),
                format!("{p}.vacating."),
            )]
        };
        let mut out = Vec::new();
        for shard in &self.shards {
            for (exp, occ, vac) in &buckets {
                // bounded: 1000 expired holds per bucket and sweep, the rest the next time
                let got: Vec<String> = self.wait(shard.link.run(async |c| {
                    self.occ[3]
                        .key(exp)
                        .arg(occ)
                        .arg(vac)
                        .arg(vacating_ms(delay))
                        .arg(1000)
                        .invoke_async(c)
                        .await
                }))?;
                out.extend(got);
            }
        }
        Ok(out)
    }

    /// This node no longer holds `channel`; the number of nodes that still do. At 0 a
    /// vacating marker lives for twice `delay`.
    pub fn occupancy_leave(
        &self,
        channel: &str,
        node: &str,
        delay: Duration,
    ) -> Result<i64, ApiError> {
        let shard = self.shard_for(channel);
        let (occ, vac, exp) = self.occ_keys(channel);
        self.wait(shard.link.run(async |c| {
            self.occ[1]
                .key(&occ)
                .key(&vac)
                .key(&exp)
                .arg(node)
                .arg(vacating_ms(delay))
                .arg(channel)
                .invoke_async(c)
                .await
        }))
    }

    /// The delay ran out: 1 when the channel is still empty and nobody cancelled.
    pub fn occupancy_fire(&self, channel: &str) -> Result<i64, ApiError> {
        let shard = self.shard_for(channel);
        let (occ, vac, _) = self.occ_keys(channel);
        self.wait(
            shard
                .link
                .run(async |c| self.occ[2].key(&occ).key(&vac).invoke_async(c).await),
        )
    }

    /// Publishes a control message to every node (this one included).
    pub fn publish_control(&self, payload: &[u8]) -> Result<(), ApiError> {
        let ch = self.control_channel();
        self.wait(self.shards[0].link.run(async |c| {
            redis::cmd("PUBLISH")
                .arg(&ch)
                .arg(payload)
                .query_async::<()>(c)
                .await
        }))
    }
}

/// How long a vacating marker lives: twice the vacated delay, at least a second.
fn vacating_ms(delay: Duration) -> u64 {
    u64::try_from(delay.as_millis())
        .unwrap_or(u64::MAX / 2)
        .saturating_mul(2)
        .max(1000)
}

/// Parses `offset:epoch:payload` from the publish script; a `d` before the payload's JSON
/// marks a publication that may go out as a delta, `p<length>:<publication JSON>` before it
/// (from the map script) the previous value of the key it changes.
fn parse_message(channel: String, payload: &[u8]) -> Option<Delivery> {
    let s = std::str::from_utf8(payload).ok()?;
    let (offset, rest) = s.split_once(':')?;
    let (_epoch, mut data) = rest.split_once(':')?;
    let mut base = None;
    if let Some(p) = data.strip_prefix('p') {
        let (len, rest) = p.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let prev = rest.get(..len)?;
        let before: Publication = serde_json::from_str(prev).ok()?;
        base = Some(bytes::Bytes::copy_from_slice(before.data_bytes()));
        data = rest.get(len..)?;
    }
    let (delta, data) = match data.strip_prefix('d') {
        Some(json) => (true, json),
        None => (false, data),
    };
    let mut publication: Publication = serde_json::from_str(data).ok()?;
    publication.offset = offset.parse().ok()?;
    Some(Delivery::Publication {
        channel,
        publication,
        delta,
        base,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parsed(m: &str) -> Option<(Publication, bool, Option<bytes::Bytes>)> {
        match parse_message("c".into(), m.as_bytes())? {
            Delivery::Publication {
                publication,
                delta,
                base,
                ..
            } => Some((publication, delta, base)),
            _ => None,
        }
    }

    #[test]
    fn messages_carry_the_offset_the_delta_mark_and_a_map_change_s_base() {
        let (p, delta, base) = parsed(r#"7:ep:d{"data":{"a":1}}"#).unwrap();
        assert_eq!((p.offset, delta, base), (7, true, None));
        let prev = r#"{"data":{"v":"old:value"},"key":"k"}"#;
        let m = format!(
            r#"9:ep:p{}:{prev}{{"data":{{"v":2}},"key":"k"}}"#,
            prev.len()
        );
        let (p, delta, base) = parsed(&m).unwrap();
        assert_eq!((p.offset, delta, p.key.as_str()), (9, false, "k"));
        assert_eq!(p.data.get(), r#"{"v":2}"#);
        assert_eq!(base.unwrap().as_ref(), br#"{"v":"old:value"}"#);
        // a length past the message, or not a number: dropped, never misread
        assert!(parsed(r#"9:ep:p999:{"data":1}"#).is_none());
        assert!(parsed(r#"9:ep:px:{"data":1}"#).is_none());
        assert!(parsed("x:ep:{}").is_none());
    }
}

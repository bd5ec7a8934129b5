//! The Redis engine: many nodes as one cluster over an existing Redis.
//!
//! - Broker: a publication is appended and published by one Lua script (`XADD` + `PUBLISH`,
//!   atomic), and every node, the publishing one included, delivers it to its local
//!   subscribers when it arrives over PUB/SUB. A node subscribes a channel only while it has
//!   local subscribers.
//! - History: a Redis stream per channel, trimmed by size (`MAXLEN`) and expired as a whole
//!   after the history TTL; epoch and top offset live in a hash beside it.
//! - Presence: a hash of client → info plus a sorted set of expiry times, refreshed by the
//!   node while clients are connected; expired entries are dropped on read.
//! - User status: a hash per user with a TTL.
//! - Control: one PUB/SUB channel carries node announcements and cluster-wide commands.
//!
//! Several addresses shard channels by hash; node-wide keys live on the first shard.
//!
//! Every call is synchronous on pooled connections with I/O timeouts, and each shard has one
//! OS thread that owns its PUB/SUB connection. That keeps the engine callable from the
//! session's synchronous code paths. When Redis is unreachable, calls fail with `100`
//! (temporary, so SDKs retry), the PUB/SUB thread reconnects with backoff and resubscribes,
//! and the node is told so it can make clients recover what they may have missed. While a
//! shard is down, calls fail at once (one call a second probes it), so a Redis that stalls
//! does not hold every worker for the timeouts.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{HistoryFilter, Published, StatusField, StreamOptions, UserStatus};
use crate::proto::{ApiError, ClientInfo, Publication, StreamPosition};
use crate::server::config::RedisConfig;

/// What the PUB/SUB threads hand to the node.
#[derive(Debug)]
pub enum Delivery {
    /// A publication for local subscribers of `channel`.
    Publication {
        channel: String,
        publication: Publication,
        /// It may go out as a delta (see `Node::publish`).
        delta: bool,
    },
    /// A control message (node announcement or cluster command), raw JSON.
    Control(Vec<u8>),
    /// A trace event forwarded by another node, raw JSON.
    Trace(Vec<u8>),
    /// The PUB/SUB connection of a shard came back: messages may have been missed for these
    /// channels.
    Reconnected(Vec<String>),
}

/// Receives deliveries (set once by the node after it is built).
pub type Sink = Arc<dyn Fn(Delivery) + Send + Sync>;

const PUBLISH: &str = r"
local stream, meta, idem = KEYS[1], KEYS[2], KEYS[3]
local payload, size, ttl, meta_ttl, new_epoch, ch, idem_ttl, mark = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], ARGV[8]
if idem ~= '' then
  local prev = redis.call('get', idem)
  if prev then
    local sep = string.find(prev, ':', 1, true)
    return {tonumber(string.sub(prev, 1, sep - 1)), string.sub(prev, sep + 1), 1}
  end
end
local offset, epoch = 0, ''
if size > 0 then
  epoch = redis.call('hget', meta, 'e')
  if not epoch then
    epoch = new_epoch
    redis.call('hset', meta, 'e', epoch)
  end
  offset = redis.call('hincrby', meta, 's', 1)
  redis.call('xadd', stream, 'MAXLEN', size, '*', 'o', offset, 'd', payload)
  redis.call('pexpire', stream, ttl)
  redis.call('pexpire', meta, meta_ttl)
end
redis.call('publish', ch, offset .. ':' .. epoch .. ':' .. mark .. payload)
if idem ~= '' then
  redis.call('set', idem, offset .. ':' .. epoch, 'PX', idem_ttl)
end
return {offset, epoch, 0}
";

const HISTORY: &str = r"
local stream, meta = KEYS[1], KEYS[2]
local new_epoch, meta_ttl, read = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local epoch = redis.call('hget', meta, 'e')
if not epoch then
  epoch = new_epoch
  redis.call('hset', meta, 'e', epoch)
end
if meta_ttl > 0 then redis.call('pexpire', meta, meta_ttl) end
local top = tonumber(redis.call('hget', meta, 's') or '0')
local entries = {}
if read == '1' then entries = redis.call('xrange', stream, '-', '+') end
return {epoch, top, entries}
";

const PRESENCE_GET: &str = r"
local data, exp, now = KEYS[1], KEYS[2], ARGV[1]
local gone = redis.call('zrangebyscore', exp, '-inf', now)
if #gone > 0 then
  redis.call('zremrangebyscore', exp, '-inf', now)
  redis.call('hdel', data, unpack(gone))
end
return redis.call('hgetall', data)
";

/// GCRA for the generic `rate_limit` method, on Redis's clock (microseconds), so every node
/// shares one bucket.
const RATE_LIMIT: &str = r"
local t = redis.call('time')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local rate, interval, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('get', KEYS[1]) or '0')
local step = math.max(math.floor(interval / rate), 1)
local base = math.max(tat, now)
local new = base + step * cost
local limit = now + interval
if new <= limit then
  if cost > 0 then redis.call('set', KEYS[1], new, 'PX', math.ceil((new - now) / 1000) + 1) end
  return {1, math.floor((limit - new) / step), 0}
end
return {0, math.floor((limit - base) / step), math.ceil((new - limit) / 1000)}
";

/// Channel occupancy across nodes: a hash of the node ids holding the channel, each with the
/// time (ms, Redis's clock) its hold expires unless the node renews it; a sorted set per
/// shard of `node:channel` by that time, so a node that died without leaving is found and
/// swept; and a "vacating" marker while a vacated event waits out its delay.
///
/// `live` drops a hash's expired holds and counts the rest.
const OCC_LIB: &str = r"
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function live(occ)
  local all = redis.call('hgetall', occ)
  local n = 0
  for i = 1, #all, 2 do
    if tonumber(all[i + 1]) <= now then redis.call('hdel', occ, all[i]) else n = n + 1 end
  end
  return n
end
";
/// KEYS: occupancy, vacating, expiry set; ARGV: node, hold ms, channel. 1: first holder in
/// the cluster; 2: first holder, cancelling a pending vacated; 0: held already (a renewal).
const OCC_JOIN: &str = r"
local was = live(KEYS[1])
local exp = now + tonumber(ARGV[2])
redis.call('hset', KEYS[1], ARGV[1], exp)
redis.call('pexpire', KEYS[1], ARGV[2])
redis.call('zadd', KEYS[3], exp, ARGV[1] .. ':' .. ARGV[3])
if was == 0 then
  if redis.call('del', KEYS[2]) == 1 then return 2 end
  return 1
end
return 0
";
/// KEYS: occupancy, vacating, expiry set; ARGV: node, vacating marker ms, channel. The
/// number of nodes that still hold the channel.
const OCC_LEAVE: &str = r"
redis.call('hdel', KEYS[1], ARGV[1])
redis.call('zrem', KEYS[3], ARGV[1] .. ':' .. ARGV[3])
local n = live(KEYS[1])
if n == 0 then redis.call('set', KEYS[2], 1, 'PX', ARGV[2]) end
return n
";
/// KEYS: occupancy, vacating. 1 when the channel is still empty and nobody cancelled.
const OCC_FIRE: &str = r"
if live(KEYS[1]) == 0 and redis.call('del', KEYS[2]) == 1 then return 1 end
return 0
";
/// KEYS: expiry set; ARGV: occupancy key prefix, vacating key prefix, vacating marker ms,
/// batch size. Removes the holds of nodes that stopped renewing them; returns the channels
/// that this left empty (each now vacating: the caller fires their vacated event).
const OCC_SWEEP: &str = r"
local due = redis.call('zrangebyscore', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for _, m in ipairs(due) do
  local sep = string.find(m, ':', 1, true)
  local node, ch = string.sub(m, 1, sep - 1), string.sub(m, sep + 1)
  local occ = ARGV[1] .. ch
  local exp = tonumber(redis.call('hget', occ, node) or '0')
  if exp > now then
    redis.call('zadd', KEYS[1], exp, m)
  else
    redis.call('zrem', KEYS[1], m)
    redis.call('hdel', occ, node)
    if live(occ) == 0 then
      redis.call('set', ARGV[2] .. ch, 1, 'PX', ARGV[3])
      table.insert(out, ch)
    end
  end
end
return out
";

/// Several GCRA buckets that must all allow (`redis_user_command`), on Redis's clock.
const BUCKETS: &str = r"
local tm = redis.call('time')
local now = tonumber(tm[1]) * 1000000 + tonumber(tm[2])
for i = 1, #KEYS do
  local tat = tonumber(redis.call('get', KEYS[i]) or '0')
  if tat > now + tonumber(ARGV[2 * i]) then return 0 end
end
for i = 1, #KEYS do
  local tat = tonumber(redis.call('get', KEYS[i]) or '0')
  local new = math.max(tat, now) + tonumber(ARGV[2 * i - 1])
  redis.call('set', KEYS[i], new, 'PX', math.ceil((new - now) / 1000) + 1)
end
return 1
";

const IDEMPOTENCY_MS: u64 = 300_000;

enum SubCmd {
    Subscribe(String, mpsc::Sender<()>),
    Unsubscribe(String),
}

struct Shard {
    client: redis::Client,
    pool: Mutex<Vec<redis::Connection>>,
    subs: Mutex<mpsc::Sender<SubCmd>>,
    healthy: Arc<AtomicBool>,
    /// When a call last failed to reach this shard (ms on the engine's clock, 0 = not
    /// failing). While the shard is down, calls within [`PROBE_EVERY`] of that fail at once
    /// instead of each holding a worker for the connect or I/O timeout; one call per
    /// interval probes.
    failed_at: AtomicU64,
}

/// How often a call tries a shard that is down.
const PROBE_EVERY: Duration = Duration::from_secs(1);

/// The Redis engine.
pub struct RedisEngine {
    shards: Vec<Shard>,
    prefix: String,
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
    sink: Arc<std::sync::OnceLock<Sink>>,
    /// Local subscribers per channel: PUB/SUB subscribe at 0→1, unsubscribe at 1→0, sent
    /// under this lock so the PUB/SUB thread sees them in order.
    refs: Mutex<std::collections::HashMap<String, usize>>,
    /// The clock of [`Shard::failed_at`].
    born: std::time::Instant,
}

impl std::fmt::Debug for RedisEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisEngine")
            .field("shards", &self.shards.len())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// The connection URL for one address. `engine.redis.tls.enabled` turns a
/// `redis://` address into `rediss://`; `insecure_skip_verify` adds redis-rs's
/// `#insecure` marker.
fn url(addr: &str, c: &RedisConfig) -> String {
    let tls = |u: String| -> String {
        if !c.tls.enabled {
            return u;
        }
        let u = match u.strip_prefix("redis://") {
            Some(rest) => format!("rediss://{rest}"),
            None => u,
        };
        if c.tls.insecure_skip_verify && !u.contains('#') {
            format!("{u}#insecure")
        } else {
            u
        }
    };
    if addr.contains("://") {
        return tls(addr.to_string());
    }
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let auth = match (c.user.is_empty(), c.password.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(":{}@", enc(&c.password)),
        (false, true) => format!("{}@", enc(&c.user)),
        (false, false) => format!("{}:{}@", enc(&c.user), enc(&c.password)),
    };
    tls(format!("redis://{auth}{addr}/{}", c.db))
}

/// A client for `url`, with the CA and client certificate of
/// `engine.redis.tls` when the URL asks for TLS.
fn client(url: &str, c: &RedisConfig) -> Result<redis::Client, String> {
    if !url.starts_with("rediss://") || !c.tls.enabled {
        return redis::Client::open(url).map_err(|e| format!("engine.redis.address: {e}"));
    }
    let m = c.tls.material().map_err(|e| e.to_string())?;
    redis::Client::build_with_tls(
        url,
        redis::TlsCertificates {
            client_tls: m.client.map(|(cert, key)| redis::ClientTlsConfig {
                client_cert: cert,
                client_key: key,
            }),
            root_cert: m.server_ca,
        },
    )
    .map_err(|e| format!("engine.redis.tls: the PEM material is not usable: {e}"))
}

/// A client for the first Redis of `engine.redis` (where shared state that is not sharded by
/// channel lives, e.g. the push queue), with its TLS settings.
pub fn first_client(c: &RedisConfig) -> Result<redis::Client, String> {
    let a = c
        .address
        .list()
        .into_iter()
        .next()
        .ok_or_else(|| "engine.redis.address: no address".to_string())?;
    client(&url(&a, c), c).map_err(|e| format!("{e} (address {a:?})"))
}

fn internal(e: &redis::RedisError) -> ApiError {
    tracing::warn!(error = %e, "redis call failed");
    ApiError::internal()
}

fn new_epoch() -> String {
    let mut s = String::with_capacity(8);
    for _ in 0..8 {
        s.push(char::from(b'a' + rand::random_range(0..26u8)));
    }
    s
}

impl RedisEngine {
    /// Connects lazily: the first call (or the PUB/SUB thread) opens connections.
    pub fn new(c: &RedisConfig) -> Result<Self, String> {
        let mut shards = Vec::new();
        for a in c.address.list() {
            let client = client(&url(&a, c), c).map_err(|e| format!("{e} (address {a:?})"))?;
            let (tx, _rx) = mpsc::channel();
            shards.push(Shard {
                client,
                pool: Mutex::new(Vec::new()),
                subs: Mutex::new(tx),
                healthy: Arc::new(AtomicBool::new(false)),
                failed_at: AtomicU64::new(0),
            });
        }
        Ok(Self {
            shards,
            prefix: c.prefix.clone(),
            io_timeout: c.io_timeout.value,
            connect_timeout: c.connect_timeout.value,
            publish: redis::Script::new(PUBLISH),
            history: redis::Script::new(HISTORY),
            presence_get: redis::Script::new(PRESENCE_GET),
            rate_limit: redis::Script::new(RATE_LIMIT),
            buckets: redis::Script::new(BUCKETS),
            occ: [OCC_JOIN, OCC_LEAVE, OCC_FIRE, OCC_SWEEP]
                .map(|s| redis::Script::new(&format!("{OCC_LIB}{s}"))),
            presence_ttl: c.presence_ttl.value,
            sink: Arc::new(std::sync::OnceLock::new()),
            refs: Mutex::new(std::collections::HashMap::new()),
            born: std::time::Instant::now(),
        })
    }

    /// Milliseconds since the engine was made, at least 1.
    fn clock_ms(&self) -> u64 {
        u64::try_from(self.born.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// Starts one PUB/SUB thread per shard, delivering to `sink`.
    pub fn start(&self, sink: Sink) {
        let _ = self.sink.set(sink);
        for (i, shard) in self.shards.iter().enumerate() {
            let (tx, rx) = mpsc::channel();
            *shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = tx;
            let client = shard.client.clone();
            let healthy = shard.healthy.clone();
            let sink = self.sink.clone();
            let prefix = self.prefix.clone();
            let ct = self.connect_timeout;
            let control = (i == 0).then(|| (self.control_channel(), self.trace_channel()));
            let _ = std::thread::Builder::new()
                .name(format!("redis-pubsub-{i}"))
                .spawn(move || {
                    pubsub_loop(&client, &rx, &healthy, &sink, &prefix, ct, control.as_ref());
                });
        }
        // Serve once PUB/SUB is up (subscribes need it), or after the connect timeout with
        // Redis down: the node then answers 100 until it is back.
        let deadline = std::time::Instant::now() + self.connect_timeout;
        while !self.healthy() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Whether every shard's PUB/SUB connection is up.
    pub fn healthy(&self) -> bool {
        self.shards
            .iter()
            .all(|s| s.healthy.load(Ordering::Relaxed))
    }

    /// The shard of a channel (or user): FNV-1a, the same on every node (a per-process
    /// random hash would send one channel to different shards on different nodes).
    fn shard_for(&self, channel: &str) -> &Shard {
        let n = self.shards.len().max(1) as u64;
        &self.shards[(crate::server::fnv1a(channel.as_bytes()) % n) as usize]
    }

    fn key(&self, kind: &str, channel: &str) -> String {
        format!("{}.{kind}.{channel}", self.prefix)
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
        let shard = &self.shards[0];
        self.with_conn(shard, |c| {
            redis::cmd("PUBLISH")
                .arg(self.trace_channel())
                .arg(payload)
                .query::<()>(c)
        })
    }

    /// Runs `f` on a pooled connection of `shard`.
    fn with_conn<R>(
        &self,
        shard: &Shard,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<R>,
    ) -> Result<R, ApiError> {
        let failed_at = shard.failed_at.load(Ordering::Relaxed);
        if failed_at != 0
            && !shard.healthy.load(Ordering::Relaxed)
            && self.clock_ms().saturating_sub(failed_at) < PROBE_EVERY.as_millis() as u64
        {
            // down a moment ago: answer 100 now (temporary, clients retry)
            return Err(ApiError::internal());
        }
        let unreachable = |e: &redis::RedisError| {
            if e.is_io_error()
                || e.is_timeout()
                || e.is_connection_dropped()
                || e.is_connection_refusal()
            {
                shard.failed_at.store(self.clock_ms(), Ordering::Relaxed);
            }
            internal(e)
        };
        let pooled = shard
            .pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        let mut conn = if let Some(c) = pooled {
            c
        } else {
            let c = shard
                .client
                .get_connection_with_timeout(self.connect_timeout)
                .map_err(|e| unreachable(&e))?;
            let _ = c.set_read_timeout(Some(self.io_timeout));
            let _ = c.set_write_timeout(Some(self.io_timeout));
            c
        };
        match f(&mut conn) {
            Ok(r) => {
                shard.failed_at.store(0, Ordering::Relaxed);
                let mut pool = shard
                    .pool
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if pool.len() < 8 {
                    pool.push(conn);
                }
                Ok(r)
            }
            // a failed connection is dropped, not returned
            Err(e) => Err(unreachable(&e)),
        }
    }

    /// Ensures this node receives `channel`'s publications; returns once Redis confirmed
    /// the subscription (bounded by the I/O timeout).
    /// Every call must be paired with one [`RedisEngine::unsubscribe`] (also on failure).
    pub fn subscribe(&self, channel: &str) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        if !shard.healthy.load(Ordering::Relaxed) {
            // the PUB/SUB connection is down: nothing could confirm it, so do not wait
            return Err(ApiError::internal());
        }
        let (ack_tx, ack_rx) = mpsc::channel();
        {
            let mut refs = self
                .refs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *refs.entry(channel.to_string()).or_insert(0) += 1;
            // every caller waits for its own ack: FIFO after the first one's SUBSCRIBE
            let _ = shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(SubCmd::Subscribe(self.client_channel(channel), ack_tx));
        }
        if ack_rx.recv_timeout(self.io_timeout).is_ok() {
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
        let Some(n) = refs.get_mut(channel) else {
            return;
        };
        *n -= 1;
        if *n == 0 {
            refs.remove(channel);
            let _ = shard
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(SubCmd::Unsubscribe(self.client_channel(channel)));
        }
    }

    pub fn publish(
        &self,
        channel: &str,
        mut publication: Publication,
        opts: &StreamOptions,
        idempotency_key: &str,
        delta: bool,
    ) -> Result<Published, ApiError> {
        publication.offset = 0;
        let payload = serde_json::to_string(&publication).map_err(|_| ApiError::internal())?;
        let size = if opts.history_enabled() {
            opts.history_size
        } else {
            0
        };
        let idem = if idempotency_key.is_empty() {
            String::new()
        } else {
            self.key("idem", &format!("{channel}.{idempotency_key}"))
        };
        let shard = self.shard_for(channel);
        let (offset, epoch, dup): (u64, String, i64) = self.with_conn(shard, |c| {
            self.publish
                .key(self.key("stream", channel))
                .key(self.key("meta", channel))
                .key(&idem)
                .arg(&payload)
                .arg(size)
                .arg(opts.history_ttl.as_millis().max(1) as u64)
                .arg(opts.meta_ttl.as_millis() as u64)
                .arg(new_epoch())
                .arg(self.client_channel(channel))
                .arg(IDEMPOTENCY_MS)
                .arg(if delta { "d" } else { "" })
                .invoke(c)
        })?;
        publication.offset = offset;
        Ok(Published {
            publication: Arc::new(publication),
            position: StreamPosition { offset, epoch },
            duplicate: dup == 1,
        })
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
        let (epoch, top, entries): (String, u64, Vec<Entry>) = self.with_conn(shard, |c| {
            self.history
                .key(self.key("stream", channel))
                .key(self.key("meta", channel))
                .arg(new_epoch())
                .arg(opts.meta_ttl.as_millis() as u64)
                .arg(if read { "1" } else { "0" })
                .invoke(c)
        })?;
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
        self.with_conn(shard, |c| {
            redis::cmd("DEL")
                .arg(self.key("stream", channel))
                .query::<()>(c)
        })
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
        self.with_conn(shard, |c| {
            redis::pipe()
                .atomic()
                .cmd("HSET")
                .arg(self.key("presence.data", channel))
                .arg(client)
                .arg(&json)
                .ignore()
                .cmd("ZADD")
                .arg(self.key("presence.expire", channel))
                .arg(exp)
                .arg(client)
                .ignore()
                .cmd("PEXPIRE")
                .arg(self.key("presence.data", channel))
                .arg(ttl)
                .ignore()
                .cmd("PEXPIRE")
                .arg(self.key("presence.expire", channel))
                .arg(ttl)
                .ignore()
                .query::<()>(c)
        })
    }

    pub fn remove_presence(&self, channel: &str, client: &str) -> Result<(), ApiError> {
        let shard = self.shard_for(channel);
        self.with_conn(shard, |c| {
            redis::pipe()
                .atomic()
                .cmd("HDEL")
                .arg(self.key("presence.data", channel))
                .arg(client)
                .ignore()
                .cmd("ZREM")
                .arg(self.key("presence.expire", channel))
                .arg(client)
                .ignore()
                .query::<()>(c)
        })
    }

    pub fn presence(&self, channel: &str) -> Result<BTreeMap<String, ClientInfo>, ApiError> {
        let shard = self.shard_for(channel);
        let flat: Vec<(String, String)> = self.with_conn(shard, |c| {
            self.presence_get
                .key(self.key("presence.data", channel))
                .key(self.key("presence.expire", channel))
                .arg(Self::now_ms())
                .invoke(c)
        })?;
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
        let shard = &self.shards[0];
        self.with_conn(shard, |c| {
            let mut p = redis::pipe();
            p.atomic();
            for u in users {
                let k = self.status_key(u);
                p.cmd("HSET").arg(&k).arg(f).arg(now_ms / 1000).ignore();
                if let Some(s) = state {
                    p.cmd("HSET").arg(&k).arg("s").arg(s).ignore();
                }
                p.cmd("PEXPIRE")
                    .arg(&k)
                    .arg(ttl.as_millis().max(1) as u64)
                    .ignore();
            }
            p.query::<()>(c)
        })
    }

    pub fn user_status(&self, users: &[String]) -> Result<Vec<Option<UserStatus>>, ApiError> {
        let shard = &self.shards[0];
        let rows: Vec<BTreeMap<String, String>> = self.with_conn(shard, |c| {
            let mut p = redis::pipe();
            for u in users {
                p.cmd("HGETALL").arg(self.status_key(u));
            }
            p.query(c)
        })?;
        Ok(rows
            .into_iter()
            .map(|m| {
                (!m.is_empty()).then(|| UserStatus {
                    active: m.get("a").and_then(|v| v.parse().ok()),
                    online: m.get("o").and_then(|v| v.parse().ok()),
                    state: m.get("s").cloned(),
                })
            })
            .collect())
    }

    pub fn delete_user_status(&self, users: &[String]) -> Result<(), ApiError> {
        if users.is_empty() {
            return Ok(());
        }
        let shard = &self.shards[0];
        self.with_conn(shard, |c| {
            let mut cmd = redis::cmd("DEL");
            for u in users {
                cmd.arg(self.status_key(u));
            }
            cmd.query::<()>(c)
        })
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
        let ok: i64 = self.with_conn(shard, |c| {
            let mut inv = self.buckets.prepare_invoke();
            for (i, (t, tau)) in cells.iter().enumerate() {
                inv.key(format!("{}.rluser.{user}.{rule}.{i}", self.prefix))
                    .arg((t / 1000).max(1))
                    .arg(tau / 1000);
            }
            inv.invoke(c)
        })?;
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
        let (ok, remaining, retry): (i64, i64, i64) = self.with_conn(shard, |c| {
            self.rate_limit
                .key(self.key("ratelimit", key))
                .arg(rate)
                .arg(interval.as_micros().max(1) as u64)
                .arg(cost)
                .invoke(c)
        })?;
        Ok((
            ok == 1,
            u64::try_from(remaining).unwrap_or(0),
            u64::try_from(retry).unwrap_or(0),
        ))
    }

    fn occupancy_expiry_key(&self) -> String {
        format!("{}.occupancy_expiry", self.prefix)
    }

    /// This node now holds `channel` (or renews its hold, which lasts `presence_ttl`): 1
    /// when it is the first node (occupied), 2 when that cancelled a pending vacated event,
    /// 0 when it or others already held it.
    pub fn occupancy_join(&self, channel: &str, node: &str) -> Result<i64, ApiError> {
        let shard = self.shard_for(channel);
        self.with_conn(shard, |c| {
            self.occ[0]
                .key(self.key("occupancy", channel))
                .key(self.key("vacating", channel))
                .key(self.occupancy_expiry_key())
                .arg(node)
                .arg(self.presence_ttl_ms())
                .arg(channel)
                .invoke(c)
        })
    }

    /// Sweeps the holds of nodes that stopped renewing them (a node that crashed): the
    /// channels this left empty, each now waiting out `delay` before its vacated event.
    pub fn occupancy_sweep(&self, delay: Duration) -> Result<Vec<String>, ApiError> {
        let mut out = Vec::new();
        for shard in &self.shards {
            // bounded: 1000 expired holds per shard and sweep, the rest the next time
            let got: Vec<String> = self.with_conn(shard, |c| {
                self.occ[3]
                    .key(self.occupancy_expiry_key())
                    .arg(format!("{}.occupancy.", self.prefix))
                    .arg(format!("{}.vacating.", self.prefix))
                    .arg(vacating_ms(delay))
                    .arg(1000)
                    .invoke(c)
            })?;
            out.extend(got);
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
        self.with_conn(shard, |c| {
            self.occ[1]
                .key(self.key("occupancy", channel))
                .key(self.key("vacating", channel))
                .key(self.occupancy_expiry_key())
                .arg(node)
                .arg(vacating_ms(delay))
                .arg(channel)
                .invoke(c)
        })
    }

    /// The delay ran out: 1 when the channel is still empty and nobody cancelled.
    pub fn occupancy_fire(&self, channel: &str) -> Result<i64, ApiError> {
        let shard = self.shard_for(channel);
        self.with_conn(shard, |c| {
            self.occ[2]
                .key(self.key("occupancy", channel))
                .key(self.key("vacating", channel))
                .invoke(c)
        })
    }

    /// Publishes a control message to every node (this one included).
    pub fn publish_control(&self, payload: &[u8]) -> Result<(), ApiError> {
        let shard = &self.shards[0];
        self.with_conn(shard, |c| {
            redis::cmd("PUBLISH")
                .arg(self.control_channel())
                .arg(payload)
                .query::<()>(c)
        })
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
/// marks a publication that may go out as a delta.
fn parse_message(channel: String, payload: &[u8]) -> Option<Delivery> {
    let s = std::str::from_utf8(payload).ok()?;
    let (offset, rest) = s.split_once(':')?;
    let (_epoch, data) = rest.split_once(':')?;
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
    })
}

fn pubsub_loop(
    client: &redis::Client,
    rx: &mpsc::Receiver<SubCmd>,
    healthy: &AtomicBool,
    sink: &std::sync::OnceLock<Sink>,
    prefix: &str,
    connect_timeout: Duration,
    control: Option<&(String, String)>,
) {
    let client_prefix = format!("{prefix}.client.");
    let mut wanted: HashSet<String> = HashSet::new();
    let mut backoff = Duration::from_millis(50);
    let mut connected_before = false;
    loop {
        let mut conn = match client.get_connection_with_timeout(connect_timeout) {
            Ok(c) => c,
            Err(e) => {
                if healthy.swap(false, Ordering::Relaxed) || !connected_before {
                    tracing::warn!(error = %e, "redis pubsub: cannot connect, retrying");
                }
                // keep taking subscribe requests so nobody waits forever: they are
                // remembered and subscribed on reconnect, but not acknowledged
                loop {
                    match rx.try_recv() {
                        Ok(SubCmd::Subscribe(ch, _ack)) => {
                            wanted.insert(ch);
                        }
                        Ok(SubCmd::Unsubscribe(ch)) => {
                            wanted.remove(&ch);
                        }
                        Err(mpsc::TryRecvError::Empty) => break,
                        // the engine is gone: so is this thread
                        Err(mpsc::TryRecvError::Disconnected) => return,
                    }
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        let mut ps = conn.as_pubsub();
        let _ = ps.set_read_timeout(Some(Duration::from_millis(20)));
        let mut all: Vec<String> = wanted.iter().cloned().collect();
        if let Some((c, t)) = control {
            all.push(c.clone());
            all.push(t.clone());
        }
        if !all.is_empty() && ps.subscribe(&all).is_err() {
            // connected but not answering (a stalled Redis): back off as for a refusal
            healthy.store(false, Ordering::Relaxed);
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(Duration::from_secs(1));
            continue;
        }
        backoff = Duration::from_millis(50);
        healthy.store(true, Ordering::Relaxed);
        if connected_before {
            tracing::info!(
                "redis pubsub: reconnected and resubscribed {} channels",
                wanted.len()
            );
            if let Some(s) = sink.get() {
                let channels = wanted
                    .iter()
                    .filter_map(|c| c.strip_prefix(&client_prefix).map(str::to_string))
                    .collect();
                s(Delivery::Reconnected(channels));
            }
        }
        connected_before = true;
        'conn: loop {
            loop {
                let cmd = match rx.try_recv() {
                    Ok(c) => c,
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => return,
                };
                match cmd {
                    SubCmd::Subscribe(ch, ack) => {
                        if !wanted.contains(&ch) && ps.subscribe(&ch).is_err() {
                            wanted.insert(ch);
                            break 'conn;
                        }
                        wanted.insert(ch);
                        let _ = ack.send(());
                    }
                    SubCmd::Unsubscribe(ch) => {
                        if wanted.remove(&ch) && ps.unsubscribe(&ch).is_err() {
                            break 'conn;
                        }
                    }
                }
            }
            match ps.get_message() {
                Ok(msg) => {
                    let name = msg.get_channel_name().to_string();
                    let Some(s) = sink.get() else { continue };
                    if control.is_some_and(|(c, _)| *c == name) {
                        s(Delivery::Control(msg.get_payload_bytes().to_vec()));
                    } else if control.is_some_and(|(_, t)| *t == name) {
                        s(Delivery::Trace(msg.get_payload_bytes().to_vec()));
                    } else if let Some(ch) = name.strip_prefix(&client_prefix) {
                        if let Some(d) = parse_message(ch.to_string(), msg.get_payload_bytes()) {
                            s(d);
                        }
                    }
                }
                Err(e) if e.is_timeout() => {}
                Err(e) => {
                    tracing::warn!(error = %e, "redis pubsub: connection lost, reconnecting");
                    healthy.store(false, Ordering::Relaxed);
                    break 'conn;
                }
            }
        }
    }
}

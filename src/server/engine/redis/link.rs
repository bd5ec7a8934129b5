//! The command path to one shard of the engine: an async connection that pipelines
//! concurrent requests, and what happens when the shard fails.
//!
//! - A single server and a Sentinel-managed primary share one multiplexed connection
//!   (redis-rs's `MultiplexedConnection`): every request in flight goes down one socket,
//!   and the replies come back in order. For a Sentinel target the primary is asked of the
//!   sentinels at each (re)connect, and a `READONLY` answer (the old primary came back as a
//!   replica) drops the connection so the next call finds the new primary.
//! - A Redis Cluster has redis-rs's cluster connection: one multiplexed connection per
//!   primary, requests routed by hash slot and `MOVED`/`ASK` followed. A call that cannot
//!   reach its primary drops the connection, and the next one (after the probe interval)
//!   builds a new one that reads the slot map afresh, so a promoted replica is found.
//!
//! While a shard is unreachable, calls fail at once with `100` and one call a second probes
//! it, so a Redis that is down or stalls holds no caller for the timeouts.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::cluster_async::ClusterConnection;
use redis::{AsyncConnectionConfig, RedisError, RedisFuture, Value};

use super::target::Target;
use crate::proto::ApiError;
use crate::server::config::RedisConfig;

/// How often a call tries a shard that is down.
pub const PROBE_EVERY: Duration = Duration::from_secs(1);

/// A connection to a shard; cheap to clone, and every clone pipelines into the same socket.
#[derive(Clone)]
pub enum Conn {
    Direct(MultiplexedConnection),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a redis::Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Direct(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Direct(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Direct(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

/// How a shard is reached.
pub enum Reach {
    Single(redis::Client),
    Sentinel(tokio::sync::Mutex<redis::sentinel::SentinelClient>),
    Cluster {
        client: redis::cluster::ClusterClient,
        /// Seeds and settings, for the PUB/SUB connection (which has its own client).
        seeds: Vec<String>,
    },
}

thread_local! {
    /// Set while a synchronous caller waits on a Redis call ([`sync_calls`]).
    static SYNC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (which blocks on Redis futures) with this thread marked synchronous: the links
/// then use their second connection, opened on the engine's own runtime. A thread waiting
/// in `block_in_place` holds no worker of the server's runtime; if its call depended on a
/// connection driven by that runtime, a storm of such waits could leave no worker to drive
/// it, and every waiter would wait forever.
pub fn sync_calls<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            SYNC.set(self.0);
        }
    }
    let _reset = Reset(SYNC.replace(true));
    f()
}

/// One shard: how to reach it, its current connection and its health.
pub struct Link {
    pub reach: Reach,
    pub target: Target,
    /// The connection of async callers (on the server's runtime once it runs), and the one
    /// of synchronous callers waiting in [`sync_calls`] (always on the engine's own runtime).
    conn: [Mutex<Option<Conn>>; 2],
    connecting: [tokio::sync::Mutex<()>; 2],
    /// The engine's own runtime: where synchronous callers' connections live.
    own_rt: Option<tokio::runtime::Handle>,
    /// When a call last failed to reach the shard (ms since `born`, 0 = not failing).
    failed_at: AtomicU64,
    born: Instant,
    /// Whether the shard's PUB/SUB is up (set by its PUB/SUB task).
    pub healthy: Arc<AtomicBool>,
    /// How many times the PUB/SUB task saw its connection fail: a channel confirmed before
    /// the latest failure may not be subscribed on the connection now.
    pub losses: Arc<AtomicU64>,
    pub io_timeout: Duration,
    pub connect_timeout: Duration,
    /// TLS material for cluster and sentinel connections.
    pub certs: Option<redis::TlsCertificates>,
    /// The engine's runtime: connections are opened there, so their driver tasks live
    /// as long as the engine, whoever made the first call.
    rt: Mutex<Option<tokio::runtime::Handle>>,
}

/// TLS certificates of `engine.redis.tls`, when TLS is on and material is given.
fn certificates(c: &RedisConfig) -> Result<Option<redis::TlsCertificates>, String> {
    if !c.tls.enabled {
        return Ok(None);
    }
    let m = c.tls.material().map_err(|e| e.to_string())?;
    if m.server_ca.is_none() && m.client.is_none() {
        return Ok(None);
    }
    Ok(Some(redis::TlsCertificates {
        client_tls: m.client.map(|(cert, key)| redis::ClientTlsConfig {
            client_cert: cert,
            client_key: key,
        }),
        root_cert: m.server_ca,
    }))
}

/// A client for one server URL, with the TLS material of `engine.redis.tls`.
pub fn single_client(
    url: &str,
    certs: Option<&redis::TlsCertificates>,
) -> Result<redis::Client, String> {
    match certs {
        Some(certs) if url.starts_with("rediss://") => {
            redis::Client::build_with_tls(url, certs.clone())
                .map_err(|e| format!("engine.redis.tls: the PEM material is not usable: {e}"))
        }
        _ => redis::Client::open(url).map_err(|e| format!("engine.redis.address: {e}")),
    }
}

/// A cluster client over `seeds`; with `push`, the RESP3 connection that carries PUB/SUB.
pub fn cluster_client(
    seeds: &[String],
    certs: Option<&redis::TlsCertificates>,
    io_timeout: Duration,
    connect_timeout: Duration,
    push: Option<tokio::sync::mpsc::UnboundedSender<redis::PushInfo>>,
) -> Result<redis::cluster::ClusterClient, String> {
    let mut b = redis::cluster::ClusterClientBuilder::new(seeds.to_vec())
        .connection_timeout(connect_timeout)
        .response_timeout(io_timeout)
        .retries(3);
    if let Some(c) = certs {
        b = b.certs(c.clone());
    }
    if let Some(tx) = push {
        b = b
            .use_protocol(redis::ProtocolVersion::RESP3)
            .push_sender(tx);
    }
    b.build()
        .map_err(|e| format!("engine.redis.cluster_address: {e}"))
}

impl Link {
    /// A link to `target`; nothing connects until the first call.
    pub fn new(
        target: Target,
        c: &RedisConfig,
        rt: Option<tokio::runtime::Handle>,
    ) -> Result<Self, String> {
        let certs = certificates(c)?;
        let (io, ct) = (c.io_timeout.value, c.connect_timeout.value);
        let reach = match &target {
            Target::Single(url) => Reach::Single(
                single_client(url, certs.as_ref())
                    .map_err(|e| format!("{e} (address {})", target.describe()))?,
            ),
            Target::Cluster(seeds) => Reach::Cluster {
                client: cluster_client(seeds, certs.as_ref(), io, ct, None)?,
                seeds: seeds.clone(),
            },
            Target::Sentinel { sentinels, master } => {
                let (user, password) = super::target::sentinel_node_auth(c);
                let mut info = redis::RedisConnectionInfo::default().set_db(c.db);
                if let Some(u) = user {
                    info = info.set_username(u);
                }
                if let Some(p) = password {
                    info = info.set_password(p);
                }
                let mut node = redis::sentinel::SentinelNodeConnectionInfo::default()
                    .set_redis_connection_info(info);
                if c.tls.enabled {
                    node = node.set_tls_mode(if c.tls.insecure_skip_verify {
                        redis::TlsMode::Insecure
                    } else {
                        redis::TlsMode::Secure
                    });
                }
                let client = redis::sentinel::SentinelClient::build(
                    sentinels.clone(),
                    master.clone(),
                    Some(node),
                    redis::sentinel::SentinelServerType::Master,
                )
                .map_err(|e| format!("engine.redis.sentinel_address: {e}"))?;
                Reach::Sentinel(tokio::sync::Mutex::new(client))
            }
        };
        Ok(Self {
            reach,
            target,
            conn: [Mutex::new(None), Mutex::new(None)],
            connecting: [tokio::sync::Mutex::new(()), tokio::sync::Mutex::new(())],
            own_rt: rt.clone(),
            failed_at: AtomicU64::new(0),
            born: Instant::now(),
            healthy: Arc::new(AtomicBool::new(false)),
            losses: Arc::new(AtomicU64::new(0)),
            io_timeout: io,
            connect_timeout: ct,
            certs,
            rt: Mutex::new(rt),
        })
    }

    /// Opens future connections on `rt` (the server's runtime, once it runs).
    pub fn set_runtime(&self, rt: tokio::runtime::Handle) {
        *self
            .rt
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(rt);
    }

    fn runtime(&self) -> Option<tokio::runtime::Handle> {
        if SYNC.get() {
            return self.own_rt.clone();
        }
        self.rt
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Which connection this caller uses: 1 inside [`sync_calls`], else 0.
    fn slot() -> usize {
        usize::from(SYNC.get())
    }

    pub fn is_cluster(&self) -> bool {
        matches!(self.reach, Reach::Cluster { .. })
    }

    fn clock_ms(&self) -> u64 {
        u64::try_from(self.born.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// The client of the current primary (a single server's, or the one the sentinels
    /// name now). Not for clusters.
    pub async fn primary_client(&self) -> Result<redis::Client, RedisError> {
        match &self.reach {
            Reach::Single(c) => Ok(c.clone()),
            Reach::Sentinel(s) => {
                let mut s = s.lock().await;
                match tokio::time::timeout(self.connect_timeout * 2, s.async_get_client()).await {
                    Ok(r) => r,
                    Err(_) => Err(RedisError::from(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "no sentinel answered in time",
                    ))),
                }
            }
            Reach::Cluster { .. } => Err(RedisError::from((
                redis::ErrorKind::InvalidClientConfig,
                "a cluster has no single primary",
            ))),
        }
    }

    /// A fresh connection to the shard, opened on the engine's runtime.
    async fn open(&self) -> Result<Conn, RedisError> {
        fn joined<T>(
            r: Result<Result<T, RedisError>, tokio::task::JoinError>,
        ) -> Result<T, RedisError> {
            r.unwrap_or_else(|e| Err(RedisError::from(std::io::Error::other(e.to_string()))))
        }
        let timeout = || {
            RedisError::from(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "connect timed out",
            ))
        };
        if let Reach::Cluster { client, .. } = &self.reach {
            let client = client.clone();
            let fut = async move { client.get_async_connection().await };
            let r = match self.runtime() {
                Some(rt) => {
                    tokio::time::timeout(self.connect_timeout * 2, async {
                        joined(rt.spawn(fut).await)
                    })
                    .await
                }
                None => tokio::time::timeout(self.connect_timeout * 2, fut).await,
            };
            return r.map_err(|_| timeout())?.map(Conn::Cluster);
        }
        let client = self.primary_client().await?;
        let cfg = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.connect_timeout))
            .set_response_timeout(Some(self.io_timeout));
        let fut = async move {
            client
                .get_multiplexed_async_connection_with_config(&cfg)
                .await
        };
        match self.runtime() {
            Some(rt) => joined(rt.spawn(fut).await),
            None => fut.await,
        }
        .map(Conn::Direct)
    }

    /// The shard's connection, connecting when there is none. Fails at once while the
    /// shard is down (within [`PROBE_EVERY`] of the last failure).
    pub async fn conn(&self) -> Result<Conn, ApiError> {
        if let Some(c) = self.current() {
            return Ok(c);
        }
        if self.down_recently() {
            return Err(ApiError::internal());
        }
        let _one = self.connecting[Self::slot()].lock().await;
        if let Some(c) = self.current() {
            return Ok(c);
        }
        if self.down_recently() {
            return Err(ApiError::internal());
        }
        match self.open().await {
            Ok(c) => {
                *self.conn[Self::slot()]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(c.clone());
                self.failed_at.store(0, Ordering::Relaxed);
                Ok(c)
            }
            Err(e) => {
                self.failed_at.store(self.clock_ms(), Ordering::Relaxed);
                tracing::warn!(shard = %self.target.describe(), error = %e, "redis: cannot connect");
                Err(ApiError::internal())
            }
        }
    }

    fn current(&self) -> Option<Conn> {
        self.conn[Self::slot()]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn down_recently(&self) -> bool {
        let at = self.failed_at.load(Ordering::Relaxed);
        at != 0 && self.clock_ms().saturating_sub(at) < PROBE_EVERY.as_millis() as u64
    }

    /// Records a failed call: a connection-level failure (or a demoted primary) drops the
    /// connection, so the next call reconnects (and asks the sentinels again).
    pub fn failed(&self, e: &RedisError) {
        let demoted = e
            .code()
            .is_some_and(|c| c == "READONLY" || c == "MASTERDOWN");
        let lost = e.is_io_error()
            || e.is_timeout()
            || e.is_connection_dropped()
            || e.is_connection_refusal()
            || e.is_unrecoverable_error();
        if demoted || lost {
            // a cluster connection is rebuilt too: the new one reads the slot map afresh
            // (after a failover, the replica that took over serves the slots)
            self.drop_conn();
            if lost {
                self.failed_at.store(self.clock_ms(), Ordering::Relaxed);
            }
        }
        tracing::warn!(shard = %self.target.describe(), error = %e, "redis call failed");
    }

    /// Drops both connections: a failure is the shard's, whoever saw it.
    fn drop_conn(&self) {
        for c in &self.conn {
            *c.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        }
    }

    /// A call took longer than the I/O timeout: the shard is treated as down.
    pub fn timed_out(&self) {
        self.drop_conn();
        self.failed_at.store(self.clock_ms(), Ordering::Relaxed);
        tracing::warn!(shard = %self.target.describe(), "redis call timed out");
    }

    /// Runs `f` on the shard's connection, bounded by the I/O timeout. Failures are `100`
    /// (temporary, so SDKs retry).
    pub async fn run<T>(
        &self,
        f: impl AsyncFnOnce(&mut Conn) -> redis::RedisResult<T>,
    ) -> Result<T, ApiError> {
        let mut conn = self.conn().await?;
        match tokio::time::timeout(self.io_timeout, f(&mut conn)).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => {
                self.failed(&e);
                Err(ApiError::internal())
            }
            Err(_) => {
                self.timed_out();
                Err(ApiError::internal())
            }
        }
    }
}

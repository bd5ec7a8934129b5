//! `centri serve`: a Centrifugo v6 compatible server. This module only wires: it builds the
//! [`node::Node`], the axum router (WebSocket, server API, health, metrics) and runs them until
//! the `shutdown` future resolves, then closes every client with `3001 shutdown` (reconnect
//! advised) and waits for the connection tasks, within a hard timeout.
//!
//! Data flows one way: `ws → session → node → {hub, engine}`.

pub mod access;
pub mod admin;
pub mod api;
pub mod auth;
pub mod chanstate;
pub mod config;
pub mod engine;
pub mod explain;
pub mod hub;
pub mod map;
pub mod metrics;
pub mod node;
pub mod oidc;
pub mod outbox;
pub mod permissions;
pub mod poll;
pub mod proxy;
pub mod push;
pub mod ratelimit;
pub mod session;
pub mod stats;
pub mod trace;
pub mod transport;
pub mod ws;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;

use crate::proto::codes::Disconnect;
use config::Config;
use node::Node;

/// How long shutdown waits for connections to close before giving up.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub node: Arc<Node>,
    /// Tracks WebSocket connection tasks, so shutdown can wait for them.
    pub tasks: TaskTracker,
    /// Failed admin logins per client IP.
    pub logins: Arc<admin::LoginThrottle>,
}

/// The router of a node.
/// Serves `router` over HTTP/1.1 on `listener` until `stop` turns true, then asks every
/// connection to finish its request in flight and waits for them (the caller bounds the
/// wait).
///
/// This is hyper's HTTP/1 connection over the bare `TcpStream`. `axum::serve` wraps the
/// stream (to sniff for HTTP/2), which hides it from the WebSocket upgrade; here the upgrade
/// hands the `TcpStream` back, so a WebSocket's reader and writer own their halves with no
/// lock between them. Headers must arrive within 30 s (hyper's default, which needs the
/// timer set here).
async fn serve_http(
    listener: TcpListener,
    router: Router,
    stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let conns = TaskTracker::new();
    let mut stop_accept = stop.clone();
    loop {
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(v) => v,
                Err(e) => {
                    // Out of descriptors or a connection reset before accept: keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = async { let _ = stop_accept.wait_for(|v| *v).await; } => break,
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let mut stop = stop.clone();
        conns.spawn(async move {
            let svc = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                let mut router = router.clone();
                async move { tower_service::Service::call(&mut router, req).await }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(tcp), svc)
                .with_upgrades();
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = async { let _ = stop.wait_for(|v| *v).await; } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    conns.close();
    conns.wait().await;
    Ok(())
}

pub fn app(state: AppState) -> Router {
    let cfg = state.node.config.clone();
    let mut router = Router::new();
    // The other transports, each where its `handler_prefix` says, once `enabled`.
    if cfg.http_stream.enabled {
        router = router.route(
            &cfg.http_stream.handler_prefix,
            any(transport::http_stream::handler),
        );
    }
    if cfg.sse.enabled {
        router = router.route(&cfg.sse.handler_prefix, any(transport::sse::handler));
    }
    if cfg.http_stream.enabled || cfg.sse.enabled {
        router = router.route(
            &cfg.emulation.handler_prefix,
            any(transport::emulation::handler),
        );
    }
    if cfg.uni_websocket.enabled {
        router = router.route(
            &cfg.uni_websocket.handler_prefix,
            get(transport::uni::websocket),
        );
    }
    if cfg.uni_sse.enabled {
        router = router.route(&cfg.uni_sse.handler_prefix, any(transport::uni::sse));
    }
    if cfg.uni_http_stream.enabled {
        router = router.route(
            &cfg.uni_http_stream.handler_prefix,
            any(transport::uni::http_stream),
        );
    }
    router
        .route("/connection/websocket", get(ws::handler))
        .route("/api/{method}", any(api::handler))
        .route("/health", any(health))
        .route("/metrics", get(metrics))
        .route("/admin/auth", axum::routing::post(admin::auth))
        .route("/admin/oidc", get(admin::oidc_info))
        .route("/admin/trace", axum::routing::post(admin::trace_stream))
        .route("/admin/ratelimit", any(admin::ratelimit))
        .route("/admin/explain", axum::routing::post(admin::explain))
        .route("/admin/ratelimit/history", get(admin::ratelimit_history))
        .route("/admin/push/stats", get(admin::push_stats))
        .route("/admin/push/sends", get(admin::push_sends))
        .route("/admin/push/sends/{uid}", get(admin::push_send))
        .with_state(state)
}

async fn health(State(app): State<AppState>) -> Response {
    if app.node.engine.healthy() {
        ([(header::CONTENT_TYPE, "application/json")], "{}").into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"engine unavailable: Redis is unreachable"}"#,
        )
            .into_response()
    }
}

async fn metrics(State(app): State<AppState>) -> Response {
    if !app.node.config.prometheus.enabled {
        return (
            StatusCode::NOT_FOUND,
            "metrics are off: set prometheus.enabled\n",
        )
            .into_response();
    }
    app.node.update_gauges();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.node.metrics.encode(),
    )
        .into_response()
}

/// The default node name: `<hostname>_<port>`, as Centrifugo names nodes.
pub fn default_node_name(port: u16) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "centri".into());
    format!("{host}_{port}")
}

/// FNV-1a, 64 bit: a stable hash that is the same in every process (checksums, and picking a
/// Redis shard that every node agrees on).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Serves `config` on `listener` until `shutdown` resolves. `limits` holds the live
/// rate-limit edits (opened from the data directory by `centri serve`; `None` keeps them in
/// memory).
pub async fn run(
    config: Config,
    limits: Option<ratelimit::state::Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let name = if config.node.name.is_empty() {
        default_node_name(port)
    } else {
        config.node.name.clone()
    };
    let store = limits.unwrap_or_else(|| ratelimit::state::Store::memory(&config));
    let node =
        Arc::new(Node::with_store(Arc::new(config), name, store).map_err(anyhow::Error::msg)?);
    node.ratelimits.resume(node.limit_store.generation());
    // Access controls (Redis engine): in force before the first client connects, then
    // reloaded every `access::RELOAD` in case an announcement was missed.
    let access_reloader = node.engine.redis().map(|_| {
        let n = node.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(access::RELOAD).await;
                if let Err(e) = n.access_reload().await {
                    tracing::warn!(
                        code = e.code,
                        "access controls: could not load them from Redis; retrying"
                    );
                }
            }
        })
    });
    if let Err(e) = node.access_reload().await {
        tracing::warn!(
            code = e.code,
            "access controls: could not load them from Redis at start"
        );
    }
    let tasks = TaskTracker::new();
    let state = AppState {
        node: node.clone(),
        tasks: tasks.clone(),
        logins: Arc::default(),
    };

    // Redis: deliveries and control messages from the broker, node announcements and
    // presence refreshes.
    let cluster = node.engine.redis().map(|r| {
        let weak = Arc::downgrade(&node);
        let rt = tokio::runtime::Handle::current();
        // Fan-out of what arrives over PUB/SUB runs on one lane per core, a channel always
        // on the same lane (so its publications keep their order): one PUB/SUB task reads,
        // every core delivers.
        let lanes: Vec<tokio::sync::mpsc::UnboundedSender<Incoming>> = (0
            ..std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8)))
            .map(|_| {
                let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Incoming>();
                let weak = Arc::downgrade(&node);
                tokio::spawn(async move {
                    while let Some(first) = rx.recv().await {
                        let Some(n) = weak.upgrade() else { return };
                        // a burst from PUB/SUB: what is already waiting here reaches each
                        // connection in one write (as a batch's publications do), not a
                        // frame per publication
                        let _coalesce =
                            (!rx.is_empty()).then(crate::server::outbox::Coalesce::begin);
                        let (channel, publication, delta, base) = first;
                        n.deliver(&channel, &publication, delta, base.as_ref());
                        for _ in 0..LANE_BURST {
                            let Ok((channel, publication, delta, base)) = rx.try_recv() else {
                                break;
                            };
                            n.deliver(&channel, &publication, delta, base.as_ref());
                        }
                    }
                });
                tx
            })
            .collect();
        r.start(Arc::new(move |d| {
            let Some(n) = weak.upgrade() else { return };
            match d {
                // in order per channel, straight into the local queues
                engine::redis::Delivery::Publication {
                    channel,
                    publication,
                    delta,
                    base,
                } => {
                    let lane = (fnv1a(channel.as_bytes()) % lanes.len() as u64) as usize;
                    let _ = lanes[lane].send((channel, publication, delta, base));
                }
                // off it: these may call Redis (and wait for the PUB/SUB thread)
                engine::redis::Delivery::Control(p) => {
                    rt.spawn_blocking(move || n.on_control(&p));
                }
                engine::redis::Delivery::Trace(p) => n.on_remote_trace(&p),
                engine::redis::Delivery::Reconnected(chs) => {
                    rt.spawn_blocking(move || n.on_broker_reconnect(&chs));
                }
            }
        }));
        let cluster_node = node.clone();
        tokio::spawn(async move {
            let renew = cluster_node.engine.redis().map_or(
                Duration::from_secs(20),
                engine::redis::RedisEngine::renew_interval,
            );
            let mut tick = tokio::time::interval(renew.min(Duration::from_secs(2)));
            let mut renewed = tokio::time::Instant::now();
            loop {
                tick.tick().await;
                let node = cluster_node.clone();
                // presence entries live `engine.redis.presence_ttl`: renewed every third of it
                let refresh = renewed.elapsed() + Duration::from_millis(100) >= renew;
                if refresh {
                    renewed = tokio::time::Instant::now();
                }
                // blocking Redis calls stay off the async workers
                let _ = tokio::task::spawn_blocking(move || {
                    node.announce();
                    if refresh {
                        for c in node.all_connections() {
                            c.refresh_presence(&node);
                        }
                    }
                })
                .await;
            }
        })
    });
    let chanstate = node
        .chanstate_rx
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
        .map(|rx| tokio::spawn(chanstate::run(Arc::downgrade(&node), rx)));
    let aggregator = tokio::spawn(stats::run(node.clone()));
    // map keys whose TTL passed are removed (and the removal sent to live subscribers)
    // within a second
    let sweep_node = node.clone();
    let has_maps = std::iter::once(&node.config.channel.without_namespace)
        .chain(&node.config.channel.namespaces)
        .any(config::NamespaceOptions::is_map);
    // presence map entries are renewed at a third of the shortest presence map key_ttl
    let renew_every = std::iter::once(&node.config.channel.without_namespace)
        .chain(&node.config.channel.namespaces)
        .filter(|o| o.map_type() > 1)
        .filter_map(|o| o.map.key_ttl())
        .min()
        .map(|ttl| (ttl.as_secs() / 3).max(1));
    let sweeper = has_maps.then(|| {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            let mut n: u64 = 0;
            loop {
                tick.tick().await;
                n += 1;
                let renew = renew_every.is_some_and(|every| n.is_multiple_of(every));
                let node = sweep_node.clone();
                // on the Redis engine these wait for Redis: off the async workers
                let _ = tokio::task::spawn_blocking(move || {
                    node.map_api().sweep();
                    if renew {
                        for c in node.all_connections() {
                            c.refresh_map_presence(&node);
                        }
                    }
                })
                .await;
            }
        })
    });
    let purge_node = node.clone();
    let purger = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            purge_node.engine.purge();
            let cfg = purge_node.config.clone();
            purge_node
                .maps
                .purge(|ch| map::map_options(&cfg, ch).ok().cloned());
        }
    });

    // User status: `online` advances for users connected to this node, one tick node-wide.
    let online = node.config.user_status.enabled.then(|| {
        let online_node = node.clone();
        let every = online_node.config.user_status.online_interval.value;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                online_node.refresh_online();
            }
        })
    });

    // Per-user rate-limit state whose buckets are full again carries nothing: drop it.
    let reclaim_node = node.clone();
    let reclaimer = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(10));
        loop {
            tick.tick().await;
            reclaim_node.ratelimits.users.reclaim(ratelimit::now_ns());
        }
    });

    // Push: the send workers.
    let push_stop = tokio_util::sync::CancellationToken::new();
    node.push.start(&node.name, &push_stop);
    // The workers run on a thread of their own: stop them also when this future is dropped.
    let _push_guard = push_stop.clone().drop_guard();

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let shutdown_node = node.clone();
    let shutdown_tasks = tasks.clone();
    let graceful = async move {
        shutdown.await;
        tracing::info!("shutting down: closing clients with 3001");
        for c in shutdown_node.all_connections() {
            c.disconnect(Disconnect::new(Disconnect::SHUTDOWN));
        }
        shutdown_tasks.close();
        let _ = tokio::time::timeout(SHUTDOWN_TIMEOUT, shutdown_tasks.wait()).await;
        let _ = stop_tx.send(true);
    };
    tokio::spawn(graceful);
    let http = serve_http(listener, app(state), stop_rx.clone());
    let mut http = std::pin::pin!(http);
    let mut stop_rx = stop_rx;
    let result = tokio::select! {
        r = &mut http => r,
        () = async { let _ = stop_rx.wait_for(|v| *v).await; } => {
            // HTTP requests in flight get a bounded time to finish.
            match tokio::time::timeout(SHUTDOWN_TIMEOUT, &mut http).await {
                Ok(r) => r,
                Err(_) => Ok(()),
            }
        }
    };
    push_stop.cancel();
    purger.abort();
    if let Some(s) = sweeper {
        s.abort();
    }
    reclaimer.abort();
    if let Some(c) = chanstate {
        c.abort();
    }
    if let Some(c) = cluster {
        c.abort();
    }
    if let Some(t) = online {
        t.abort();
    }
    if let Some(t) = access_reloader {
        t.abort();
    }
    aggregator.abort();
    result
}

/// A publication from PUB/SUB on its way to a fan-out lane: channel, publication, whether
/// it may go out as a delta, and a map change's delta base.
type Incoming = (
    String,
    crate::proto::Publication,
    bool,
    Option<bytes::Bytes>,
);

/// Publications a fan-out lane delivers at most in one go (one write per connection for all
/// of them) before it lets other tasks run.
const LANE_BURST: usize = 255;

//! Benchmark of shared poll channels: backend polls for many clients tracking shared keys.
//! A real server (in this process, on a loopback port) polls a real HTTP backend (also here,
//! counting the calls and the keys asked) for clients on real WebSocket connections.
//!
//! - Shared: C clients subscribe to one shared poll channel and each tracks K of U keys (so
//!   every key has about C·K/U trackers); the backend should be asked U keys per interval.
//! - Baseline, measured in the same run: the same clients each on a channel of their own
//!   tracking the same K keys, which is what polling per client costs: C·K keys per interval.
//!
//! It prints backend calls and keys asked per second in both runs, keys asked per interval
//! against U, and the ratio. Every interval the backend changes U/100 keys; every tracker
//! of a changed key must get the change (counted, none missing).
//!
//! `cargo bench --bench poll` runs 10,000 clients tracking 100 each of 1,000 keys. Under
//! `cargo test --all-targets` (no `--bench` argument) a short pass (200 clients, 100 keys)
//! asserts the behaviour only: each interval asks each tracked key once, and every change
//! reaches its trackers.

#![allow(
    clippy::unwrap_used,
    clippy::many_single_char_names,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

const SECRET: &str = "bench-poll-secret";
const INTERVAL_MS: u64 = 1000;

/// What the backend counts.
#[derive(Default)]
struct Counts {
    calls: AtomicU64,
    keys: AtomicU64,
}

/// The backend: each key's data is `{"g": G}`, where G moves every interval for 1 key in 100
/// (key `k{i}` changes when `(i + interval number) % 100 == 0`).
async fn backend(counts: Arc<Counts>, started: Instant) -> std::net::SocketAddr {
    let app = axum::Router::new().route(
        "/poll",
        axum::routing::post(move |body: axum::Json<Value>| {
            let counts = counts.clone();
            async move {
                let items = body["items"].as_array().cloned().unwrap_or_default();
                counts.calls.fetch_add(1, Ordering::Relaxed);
                counts.keys.fetch_add(items.len() as u64, Ordering::Relaxed);
                let tick = started.elapsed().as_millis() as u64 / INTERVAL_MS;
                let out: Vec<Value> = items
                    .iter()
                    .map(|it| {
                        let key = it["key"].as_str().unwrap_or("");
                        let i: u64 = key.trim_start_matches('k').parse().unwrap_or(0);
                        // the generation of this key: how many times it changed so far
                        let g = (tick + 100 - i % 100) / 100;
                        json!({"key": key, "data": {"g": g}})
                    })
                    .collect();
                axum::Json(json!({"result": {"items": out}}))
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    addr
}

async fn server(backend: std::net::SocketAddr) -> std::net::SocketAddr {
    let cfg = json!({
        "client": {"allow_anonymous_connect_without_token": true, "channel_limit": 16,
                   "ping_interval": "60s", "pong_timeout": "30s"},
        "http_api": {"key": "bench"},
        "shared_poll": {"hmac_secret_key": SECRET},
        "channel": {
            "proxy": {"shared_poll_refresh": {"endpoint": format!("http://{backend}/poll"), "timeout": "10s"}},
            "namespaces": [{"name": "sp", "subscription_type": "shared_poll",
                "allow_subscribe_for_client": true, "allow_subscribe_for_anonymous": true,
                "shared_poll": {"refresh_interval": format!("{INTERVAL_MS}ms"),
                                "refresh_batch_size": 1000, "max_keys_per_connection": 1000}}]
        }
    });
    let loaded =
        centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new()).unwrap();
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = centri::server::run(loaded.config, None, l, std::future::pending()).await;
    });
    addr
}

/// One client: connects, subscribes to `channel`, tracks `keys`, then counts the pushes.
async fn client(
    addr: std::net::SocketAddr,
    channel: String,
    keys: Vec<String>,
    pushes: Arc<AtomicU64>,
    ready: Arc<AtomicU64>,
) {
    let url = format!("ws://{addr}/connection/websocket");
    let mut tries = 0;
    let mut ws = loop {
        match tokio_tungstenite::connect_async(&url).await {
            Ok((ws, _)) => break ws,
            Err(e) => {
                tries += 1;
                assert!(tries < 10, "{channel}: cannot connect: {e}");
                tokio::time::sleep(Duration::from_millis(100 * tries)).await;
            }
        }
    };
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let now = centri::server::auth::now_unix();
    let sig = centri::server::poll::signature::sign(SECRET, now, 0, "", &channel, &refs);
    let items: Vec<Value> = keys.iter().map(|k| json!({"key": k})).collect();
    let frame = [
        json!({"id": 1, "connect": {}}),
        json!({"id": 2, "subscribe": {"channel": channel, "type": 4}}),
        json!({"id": 3, "sub_refresh": {"channel": channel, "type": 1,
               "track": [{"signature": sig, "items": items}]}}),
    ]
    .iter()
    .map(Value::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    ws.send(Message::Text(frame.into())).await.unwrap();
    while let Some(Ok(m)) = ws.next().await {
        let Message::Text(t) = m else { continue };
        for line in t.lines() {
            if line.contains("\"id\":3") {
                assert!(!line.contains("\"error\""), "track refused: {line}");
                ready.fetch_add(1, Ordering::Relaxed);
            } else if line.contains("\"pub\"") {
                pushes.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

struct Run {
    calls_per_s: f64,
    keys_per_s: f64,
    pushes: u64,
}

/// C clients, each tracking K keys (client i: keys k{(i·K + j) mod U}), on one channel or on
/// one channel each; measured over `window` once every track is in.
async fn run(
    srv: std::net::SocketAddr,
    counts: &Arc<Counts>,
    (c, k, u): (usize, usize, usize),
    shared: bool,
    window: Duration,
    tag: &str,
) -> Run {
    let pushes = Arc::new(AtomicU64::new(0));
    let ready = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(c);
    for i in 0..c {
        let channel = if shared {
            format!("sp:{tag}")
        } else {
            format!("sp:{tag}-{i}")
        };
        let keys = (0..k).map(|j| format!("k{}", (i * k + j) % u)).collect();
        tasks.push(tokio::spawn(client(
            srv,
            channel,
            keys,
            pushes.clone(),
            ready.clone(),
        )));
        if i % 256 == 255 {
            tokio::task::yield_now().await;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while ready.load(Ordering::Relaxed) < c as u64 {
        assert!(
            Instant::now() < deadline,
            "{tag}: {} of {c} clients tracked within 120 s",
            ready.load(Ordering::Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // settle: the cold polls are done
    tokio::time::sleep(Duration::from_millis(INTERVAL_MS + 200)).await;
    let (c0, k0, p0) = (
        counts.calls.load(Ordering::Relaxed),
        counts.keys.load(Ordering::Relaxed),
        pushes.load(Ordering::Relaxed),
    );
    let t = Instant::now();
    tokio::time::sleep(window).await;
    let secs = t.elapsed().as_secs_f64();
    let r = Run {
        calls_per_s: (counts.calls.load(Ordering::Relaxed) - c0) as f64 / secs,
        keys_per_s: (counts.keys.load(Ordering::Relaxed) - k0) as f64 / secs,
        pushes: pushes.load(Ordering::Relaxed) - p0,
    };
    for t in tasks {
        t.abort();
    }
    r
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (c, k, u) = if bench {
        (10_000, 100, 1_000)
    } else {
        (200, 10, 100)
    };
    let window = Duration::from_millis(if bench {
        5 * INTERVAL_MS
    } else {
        2 * INTERVAL_MS
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        centri::bench::sys::raise_fds_to_hard();
        let counts = Arc::new(Counts::default());
        let b = backend(counts.clone(), Instant::now()).await;
        let srv = server(b).await;
        let shared = run(srv, &counts, (c, k, u), true, window, "shared").await;
        // the baseline at a tenth of the clients (at most 1,000): its backend load grows with
        // the clients, so it is compared per client
        let base_c = (c / 10).clamp(1, 1_000);
        let per_client = run(srv, &counts, (base_c, k, u), false, window, "own").await;
        let interval = INTERVAL_MS as f64 / 1000.0;
        let keys_per_interval = shared.keys_per_s * interval;
        // every interval asks each key once (within one interval's drift of the window)
        assert!(
            keys_per_interval <= u as f64 * 1.25,
            "shared: {keys_per_interval:.0} keys asked per interval for {u} keys"
        );
        assert!(
            keys_per_interval >= u as f64 * 0.5,
            "shared: only {keys_per_interval:.0} keys asked per interval for {u} keys"
        );
        // 1 key in 100 changes per interval, each with about c·k/u trackers
        let changes = window.as_secs_f64() / interval * (u as f64 / 100.0);
        let expected = changes * (c * k) as f64 / u as f64;
        assert!(
            shared.pushes as f64 >= expected * 0.6,
            "shared: {} pushes, about {expected:.0} expected",
            shared.pushes
        );
        if !bench {
            println!(
                "poll: short pass ok ({c} clients, {k} of {u} keys: {keys_per_interval:.0} keys per interval, {} pushes)",
                shared.pushes
            );
            return;
        }
        println!("shared poll: {c} clients tracking {k} each of {u} keys, refresh every {interval} s");
        println!("  shared channel      {:9.1} backend calls/s  {:11.0} keys asked/s  ({keys_per_interval:.0} per interval for {u} keys)  {} pushes", shared.calls_per_s, shared.keys_per_s, shared.pushes);
        println!("  per-client baseline {:9.1} backend calls/s  {:11.0} keys asked/s  ({:.0} per interval; {base_c} clients on channels of their own, {} tracks)", per_client.calls_per_s, per_client.keys_per_s, per_client.keys_per_s * interval, base_c * k);
        let (shared_per, base_per) = (
            shared.keys_per_s / c as f64,
            per_client.keys_per_s / base_c as f64,
        );
        println!(
            "  keys asked per client per second: shared {shared_per:.4}, per-client {base_per:.2}, ratio {:.5}",
            shared_per / base_per.max(f64::MIN_POSITIVE)
        );
        println!(
            "  shared keys asked per interval ÷ unique keys {:.2}",
            keys_per_interval / u as f64
        );
    });
}

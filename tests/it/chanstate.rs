//! Channel state events: occupied/vacated `POST`ed to a test HTTP endpoint, exactly as
//! documented, with the vacated delay cancelled by a quick resubscribe, retries after
//! failures, and the same across two nodes on Redis.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{Client, Proc, Server};

/// A backend that records every batch; the first `fail` calls answer 500.
struct Backend {
    url: String,
    batches: Arc<Mutex<Vec<Value>>>,
    calls: Arc<Mutex<usize>>,
}

impl Backend {
    async fn start(fail: usize) -> Self {
        let batches = Arc::new(Mutex::new(Vec::new()));
        let calls = Arc::new(Mutex::new(0usize));
        let (b, c) = (batches.clone(), calls.clone());
        let app = axum::Router::new().route(
            "/state",
            axum::routing::post(move |body: axum::Json<Value>| {
                let (b, c) = (b.clone(), c.clone());
                async move {
                    let n = {
                        let mut c = c.lock().unwrap();
                        *c += 1;
                        *c
                    };
                    if n <= fail {
                        return (
                            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                            axum::Json(json!({})),
                        );
                    }
                    b.lock().unwrap().push(body.0);
                    (
                        axum::http::StatusCode::OK,
                        axum::Json(json!({"result": {}})),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/state", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            batches,
            calls,
        }
    }

    /// Every event so far, as (channel, type).
    fn events(&self) -> Vec<(String, String)> {
        self.batches
            .lock()
            .unwrap()
            .iter()
            .flat_map(|b| b["events"].as_array().cloned().unwrap_or_default())
            .map(|e| {
                assert!(e["time_ms"].as_u64().unwrap() > 1_600_000_000_000, "{e}");
                (
                    e["channel"].as_str().unwrap().to_string(),
                    e["type"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    async fn wait_for(&self, n: usize) -> Vec<(String, String)> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let e = self.events();
            if e.len() >= n {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "only {e:?} arrived, wanted {n} events"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn config(endpoint: &str) -> Value {
    let mut cfg = super::util::test_config();
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    cfg["channel"]["namespaces"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "room", "allow_subscribe_for_client": true, "presence": true, "state_proxy_enabled": true}));
    cfg["channel"]["proxy"] = json!({"state": {"endpoint": endpoint}});
    cfg["engine"] = json!({"redis": {"channel_state": {"vacated_event_delay": "1s"}}});
    cfg
}

fn pair(ch: &str, kind: &str) -> (String, String) {
    (ch.to_string(), kind.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn occupied_and_vacated_reach_the_backend_with_retries_and_a_cancellable_delay() {
    let backend = Backend::start(2).await;
    let s = Server::start(config(&backend.url)).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "room:a"}})).await;
    // the first two deliveries fail: the event still arrives, once
    assert_eq!(backend.wait_for(1).await, [pair("room:a", "occupied")]);
    assert!(*backend.calls.lock().unwrap() >= 3, "retried after 500s");
    // leave and come back within the delay: neither vacated nor a second occupied
    c.call(json!({"unsubscribe": {"channel": "room:a"}})).await;
    c.call(json!({"subscribe": {"channel": "room:a"}})).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(backend.events(), [pair("room:a", "occupied")]);
    // channels without state_proxy_enabled say nothing
    c.call(json!({"subscribe": {"channel": "chat:x"}})).await;
    // leave for good: vacated after the delay
    c.call(json!({"unsubscribe": {"channel": "room:a"}})).await;
    assert_eq!(
        backend.wait_for(2).await,
        [pair("room:a", "occupied"), pair("room:a", "vacated")]
    );
    s.stop().await;
}

#[tokio::test]
async fn a_state_proxy_without_an_endpoint_is_a_config_error() {
    let mut cfg = config("http://127.0.0.1:1/state");
    cfg["channel"]["proxy"] = json!({});
    let e = centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
        .unwrap_err();
    assert!(
        e.to_string().contains("channel.proxy.state.endpoint"),
        "{e}"
    );
    cfg["channel"]["proxy"] = json!({"state": {"endpoint": "grpc://127.0.0.1:1"}});
    let e = centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
        .unwrap_err();
    assert!(e.to_string().contains("http"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_the_events_are_cluster_wide() {
    let redis = super::redis::Redis::start();
    events_across_nodes(&super::redis::single(redis.port)).await;
    drop(redis);
}

/// `engine.redis` as `redis` describes it, with its own key prefix and `extra` merged in.
fn engine_with(redis: &Value, prefix: &str, extra: &Value) -> Value {
    let mut engine = redis.clone();
    engine["prefix"] = json!(format!(
        "{prefix}{}",
        engine["prefix"].as_str().unwrap_or("")
    ));
    for (k, v) in extra.as_object().unwrap() {
        engine[k] = v.clone();
    }
    json!({"type": "redis", "redis": engine})
}

/// Channel state events on two nodes of the Redis that `redis` describes: occupied and
/// vacated are cluster-wide.
pub async fn events_across_nodes(redis: &Value) {
    let backend = Backend::start(0).await;
    let dir = super::util::fresh_dir("occ");
    let mut cfg = config(&backend.url);
    cfg["engine"] = engine_with(
        redis,
        "occ",
        &json!({"channel_state": {"vacated_event_delay": "1s"}}),
    );
    let path = dir.join("c.json");
    std::fs::write(&path, cfg.to_string()).unwrap();
    let p = path.to_str().unwrap().to_string();
    let nodes: Vec<Proc> = tokio::task::spawn_blocking(move || {
        (0..2)
            .map(|i| Proc::serve(&["--config", &p, "--data-dir", &format!("{p}.d{i}")], &[]))
            .collect()
    })
    .await
    .unwrap();
    let ws = |i: usize| format!("ws://{}/connection/websocket", nodes[i].addr);
    let (mut a, _) = Client::connect(&ws(0), "1").await;
    let (mut b, _) = Client::connect(&ws(1), "2").await;
    a.call(json!({"subscribe": {"channel": "room:z"}})).await;
    assert_eq!(backend.wait_for(1).await, [pair("room:z", "occupied")]);
    b.call(json!({"subscribe": {"channel": "room:z"}})).await;
    // the first node leaves: the channel is still held on the second, so nothing is sent
    a.call(json!({"unsubscribe": {"channel": "room:z"}})).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(backend.events(), [pair("room:z", "occupied")]);
    // the second leaves and comes back on the first node within the delay: still nothing
    b.call(json!({"unsubscribe": {"channel": "room:z"}})).await;
    a.call(json!({"subscribe": {"channel": "room:z"}})).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(backend.events(), [pair("room:z", "occupied")]);
    a.call(json!({"unsubscribe": {"channel": "room:z"}})).await;
    assert_eq!(
        backend.wait_for(2).await,
        [pair("room:z", "occupied"), pair("room:z", "vacated")]
    );
    drop(nodes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_a_crashed_nodes_channels_are_vacated_once_its_holds_expire() {
    let redis = super::redis::Redis::start();
    crashed_node_vacates(&super::redis::single(redis.port)).await;
    drop(redis);
}

/// On two nodes of the Redis that `redis` describes, the channels only a crashed node held
/// are vacated once its holds expire, once.
pub async fn crashed_node_vacates(redis: &Value) {
    let backend = Backend::start(0).await;
    let dir = super::util::fresh_dir("occ-crash");
    let mut cfg = config(&backend.url);
    cfg["engine"] = engine_with(
        redis,
        "occc",
        &json!({"presence_ttl": "3s", "channel_state": {"vacated_event_delay": "1s"}}),
    );
    let path = dir.join("c.json");
    std::fs::write(&path, cfg.to_string()).unwrap();
    let p = path.to_str().unwrap().to_string();
    let mut nodes: Vec<Proc> = tokio::task::spawn_blocking(move || {
        (0..2)
            .map(|i| Proc::serve(&["--config", &p, "--data-dir", &format!("{p}.d{i}")], &[]))
            .collect()
    })
    .await
    .unwrap();
    let ws = |nodes: &[Proc], i: usize| format!("ws://{}/connection/websocket", nodes[i].addr);
    // held on both nodes, then on the doomed one only
    let (mut a, _) = Client::connect(&ws(&nodes, 0), "1").await;
    let (mut b, _) = Client::connect(&ws(&nodes, 1), "2").await;
    b.call(json!({"subscribe": {"channel": "room:held"}})).await;
    a.call(json!({"subscribe": {"channel": "room:held"}})).await;
    b.call(json!({"subscribe": {"channel": "room:lost"}})).await;
    // (two channels: their events are independent, in either order)
    let mut first = backend.wait_for(2).await;
    first.sort();
    assert_eq!(
        first,
        [pair("room:held", "occupied"), pair("room:lost", "occupied")]
    );
    // the node dies without leaving anything (SIGKILL)
    nodes[1].child.kill().unwrap();
    nodes[1].child.wait().unwrap();
    drop(b);
    // its holds expire (3s) and the survivor sweeps them: room:lost is vacated once;
    // room:held is still held by the survivor, so it stays occupied
    let events = backend.wait_for(3).await;
    assert_eq!(events[2], pair("room:lost", "vacated"), "{events:?}");
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_eq!(
        backend.events().len(),
        3,
        "one vacated, nothing for the held channel: {:?}",
        backend.events()
    );
    // and the channel can be occupied again
    a.call(json!({"subscribe": {"channel": "room:lost"}})).await;
    assert_eq!(backend.wait_for(4).await[3], pair("room:lost", "occupied"));
    drop(nodes);
}

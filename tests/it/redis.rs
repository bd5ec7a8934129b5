//! The Redis engine with a real `redis-server` (started here on a free loopback port) and
//! three real `centri serve` nodes: publications, history and recovery, presence, `info`,
//! cluster-wide API commands, rate-limit edits and user status across nodes, and a Redis
//! restart in the middle of a stream.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{Client, Proc, API_KEY, SECRET};

const ADMIN_KEY: &str = "cluster-admin";

/// A `redis-server` on a free loopback port, stopped on drop.
pub struct Redis {
    child: Child,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::on(port)
    }

    pub fn on(port: u16) -> Self {
        Self::with_args(port, &["--port", &port.to_string()])
    }

    /// A `redis-server` with `args` (which must make it listen on `port`), no persistence.
    pub fn with_args(port: u16, args: &[&str]) -> Self {
        let child = Command::new("redis-server")
            .args(args)
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("redis-server is required for these tests (.ci/run installs it with apt-get): {e}")
            });
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, port }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn config(redis_port: u16, name: &str) -> Value {
    config_on(&single(redis_port), name)
}

/// A node's config on the Redis engine described by `redis` (`engine.redis`).
pub fn config_on(redis: &Value, name: &str) -> Value {
    json!({
        "node": {"name": name},
        "http_api": {"key": API_KEY},
        "admin": {"enabled": true, "api_key": ADMIN_KEY},
        "client": {"token": {"hmac_secret_key": SECRET}, "allowed_origins": ["*"],
                   "ping_interval": "25s", "pong_timeout": "8s"},
        "user_status": {"enabled": true},
        "engine": {"type": "redis", "redis": redis},
        "channel": {"namespaces": [{"name": "chat", "allow_subscribe_for_client": true, "allow_publish_for_subscriber": true,
                                    "presence": true, "history_size": 100, "history_ttl": "300s", "force_recovery": true,
                                    "allowed_delta_types": ["fossil"]}]}
    })
}

/// `engine.redis` for one `redis-server` on `port`.
pub fn single(port: u16) -> Value {
    json!({"address": format!("127.0.0.1:{port}"), "prefix": format!("t{port}"), "io_timeout": "1s"})
}

/// Nodes on one Redis (a server, a Redis Cluster or a Sentinel-managed primary).
pub struct Cluster {
    pub nodes: Vec<Proc>,
    _dir: std::path::PathBuf,
}

impl Cluster {
    pub fn start(redis_port: u16, n: usize) -> Self {
        Self::on(&single(redis_port), &format!("{redis_port}"), n)
    }

    /// `n` nodes on the Redis that `redis` (`engine.redis`) describes; `tag` names the
    /// run's directory.
    pub fn on(redis: &Value, tag: &str, n: usize) -> Self {
        let dir = crate::it::util::test_root()
            .join(format!("centri-cluster-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let nodes = (1..=n)
            .map(|i| {
                let cfg = dir.join(format!("node{i}.json"));
                std::fs::write(&cfg, config_on(redis, &format!("node{i}")).to_string()).unwrap();
                let data = dir.join(format!("data{i}"));
                Proc::serve(
                    &[
                        "--config",
                        cfg.to_str().unwrap(),
                        "--data-dir",
                        data.to_str().unwrap(),
                    ],
                    &[],
                )
            })
            .collect();
        Self { nodes, _dir: dir }
    }

    pub fn url(&self, i: usize, path: &str) -> String {
        format!("http://{}{path}", self.nodes[i].addr)
    }

    pub fn ws(&self, i: usize) -> String {
        format!("ws://{}/connection/websocket", self.nodes[i].addr)
    }

    pub async fn api(&self, i: usize, method: &str, body: Value) -> Value {
        let r = reqwest::Client::new()
            .post(self.url(i, &format!("/api/{method}")))
            .header("X-API-Key", API_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    }
}

/// Polls `f` until it returns Some, within `secs`.
pub async fn eventually<T>(secs: u64, what: &str, mut f: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_on_one_redis_act_as_one_server() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 3))
        .await
        .unwrap();
    act_as_one_server(&c).await;
    versions_across_nodes(&c).await;
    drop(redis);
}

/// Publication versions (`version`, `version_epoch`) are compared in Redis, so a stale
/// publication through any node is dropped: answered with the stream's top, neither kept
/// nor delivered.
pub async fn versions_across_nodes(c: &Cluster) {
    let (mut sub, _) = Client::connect(&c.ws(0), "42").await;
    sub.call(json!({"subscribe": {"channel": "chat:ver"}}))
        .await;
    let publish = async |node: usize, data: i64, version: u64, epoch: &str| {
        let r = c
            .api(
                node,
                "publish",
                json!({"channel": "chat:ver", "data": {"n": data},
                       "version": version, "version_epoch": epoch}),
            )
            .await;
        r["result"]["offset"]
            .as_u64()
            .unwrap_or_else(|| panic!("{r}"))
    };
    assert_eq!(publish(1, 1, 5, "a").await, 1);
    assert_eq!(publish(2, -1, 4, "a").await, 1);
    assert_eq!(publish(1, -1, 5, "").await, 1);
    assert_eq!(publish(2, 2, 1, "b").await, 2);
    // compared exactly, as decimal strings: u64::MAX and the one below it
    assert_eq!(publish(1, 3, u64::MAX - 1, "").await, 3);
    assert_eq!(publish(2, 4, u64::MAX, "").await, 4);
    assert_eq!(publish(1, -1, u64::MAX, "").await, 4);
    let r = c
        .api(
            2,
            "broadcast",
            json!({"channels": ["chat:ver", "chat:ver2"], "data": {"n": -1}, "version": 7}),
        )
        .await;
    assert_eq!(r["result"]["responses"][0]["result"]["offset"], 4, "{r}");
    assert_eq!(r["result"]["responses"][1]["result"]["offset"], 1, "{r}");
    for n in 1..=4 {
        let p = sub.next_push().await;
        assert_eq!(p["pub"]["data"]["n"], n, "{p}");
    }
    sub.expect_silence(300).await;
    let h = c
        .api(0, "history", json!({"channel": "chat:ver", "limit": -1}))
        .await;
    assert_eq!(
        pub_offsets(&h["result"]["publications"]),
        [1, 2, 3, 4],
        "{h}"
    );
}

/// The multi-node suite: three nodes on one Redis (of any kind) act as one server.
pub async fn act_as_one_server(c: &Cluster) {
    // info lists every node
    let names = eventually(10, "3 nodes in info", async || {
        let r = c.api(1, "info", json!({})).await;
        let mut names: Vec<String> = r["result"]["nodes"]
            .as_array()?
            .iter()
            .map(|n| n["name"].as_str().unwrap_or("").to_string())
            .collect();
        names.sort();
        (names.len() == 3).then_some(names)
    })
    .await;
    assert_eq!(names, ["node1", "node2", "node3"]);

    // a client on node 1 gets what node 3's API publishes
    let (mut a, _) = Client::connect(&c.ws(0), "42").await;
    let sub = a
        .call(json!({"subscribe": {"channel": "chat:x", "recover": true}}))
        .await;
    let epoch = sub["subscribe"]["epoch"].as_str().unwrap().to_string();
    let r = c
        .api(2, "publish", json!({"channel": "chat:x", "data": {"n": 1}}))
        .await;
    assert_eq!(r["result"]["offset"], 1, "{r}");
    let p = a.next_push().await;
    assert_eq!(
        (p["channel"].as_str(), &p["pub"]["data"]),
        (Some("chat:x"), &json!({"n": 1}))
    );
    // a client publish on node 2 reaches node 1 too, with its publisher
    let (mut b, _) = Client::connect(&c.ws(1), "7").await;
    b.call(json!({"subscribe": {"channel": "chat:x"}})).await;
    b.call(json!({"publish": {"channel": "chat:x", "data": {"n": 2}}}))
        .await;
    let p = a.next_push().await;
    assert_eq!(
        (&p["pub"]["data"], p["pub"]["info"]["user"].as_str()),
        (&json!({"n": 2}), Some("7"))
    );

    // presence is aggregated across nodes, read through the third
    let pres = eventually(5, "2 clients in presence", async || {
        let r = c
            .api(2, "presence_stats", json!({"channel": "chat:x"}))
            .await;
        (r["result"]["num_clients"] == 2).then_some(r)
    })
    .await;
    assert_eq!(pres["result"]["num_users"], 2);
    // connections is a survey of every node: users 42 (node 1) and 7 (node 2), asked on 3.
    // A node that does not answer within the survey's second is left out (and logged), so
    // on a loaded machine the caller asks again, as an operator would.
    let users = eventually(10, "both users in the connections survey", async || {
        let r = c
            .api(2, "connections", json!({"expression": "client"}))
            .await;
        let mut users: Vec<String> = r["result"]["connections"]
            .as_object()?
            .values()
            .map(|i| i["user"].as_str().unwrap_or("").to_string())
            .collect();
        users.sort();
        (users.len() == 2).then_some(users)
    })
    .await;
    assert_eq!(users, ["42", "7"]);

    // history and recovery across nodes: the client leaves node 1, publications go through
    // node 2, it comes back on node 3 and recovers them
    drop(a);
    for n in 3..=5 {
        c.api(1, "publish", json!({"channel": "chat:x", "data": {"n": n}}))
            .await;
    }
    let (mut a3, _) = Client::connect(&c.ws(2), "42").await;
    let r = a3
        .call(json!({"subscribe": {"channel": "chat:x", "recover": true, "offset": 2, "epoch": epoch}}))
        .await;
    assert_eq!(r["subscribe"]["recovered"], true, "{r}");
    let offsets: Vec<u64> = r["subscribe"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [3, 4, 5]);
    let h = c
        .api(0, "history", json!({"channel": "chat:x", "limit": -1}))
        .await;
    assert_eq!(h["result"]["publications"].as_array().unwrap().len(), 5);

    // disconnect through node 2 reaches the client on node 3
    c.api(1, "disconnect", json!({"user": "42"})).await;
    assert_eq!(a3.closed().await.0, 3503);

    // user status written on one node is read on another
    c.api(0, "update_user_status", json!({"users": ["42"]}))
        .await;
    let r = c.api(2, "get_user_status", json!({"users": ["42"]})).await;
    assert!(
        r["result"]["statuses"][0]["active"].as_i64().unwrap() > 0,
        "{r}"
    );

    // the generic rate_limit method shares its bucket across nodes
    let body = json!({"key": "sms:cluster", "rate": 2, "interval": "1m"});
    let got: Vec<bool> = {
        let mut v = Vec::new();
        for i in 0..3 {
            v.push(
                c.api(i, "rate_limit", body.clone()).await["result"]["allowed"]
                    .as_bool()
                    .unwrap(),
            );
        }
        v
    };
    assert_eq!(
        got,
        [true, true, false],
        "2 per minute, whichever node is asked"
    );

    // a rate-limit edit on node 1 applies on node 3
    let r = reqwest::Client::new()
        .patch(c.url(0, "/admin/ratelimit"))
        .header("X-API-Key", ADMIN_KEY)
        .json(&json!({"set": {"client_command.publish": [{"interval": "1m", "rate": 1}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let view = eventually(5, "the edit on node 3", async || {
        let v: Value = reqwest::Client::new()
            .get(c.url(2, "/admin/ratelimit"))
            .header("X-API-Key", ADMIN_KEY)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let has = v["overrides"]["set"]
            .get("client_command.publish")
            .is_some();
        has.then_some(v)
    })
    .await;
    assert_eq!(
        view["effective"]["client_command"]["publish"]["buckets"][0]["rate"],
        1
    );
    let (mut h3, _) = Client::connect(&c.ws(2), "9").await;
    h3.call(json!({"subscribe": {"channel": "chat:y"}})).await;
    let publish = json!({"publish": {"channel": "chat:y", "data": {}}});
    assert!(h3.call(publish.clone()).await.get("error").is_none());
    assert_eq!(h3.call(publish).await["error"]["code"], 111);
    drop(b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_mid_stream_loses_nothing_silently() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 2))
        .await
        .unwrap();
    let (mut sub, _) = Client::connect(&c.ws(0), "42").await;
    let r = sub
        .call(json!({"subscribe": {"channel": "chat:f", "recover": true}}))
        .await;
    let epoch = r["subscribe"]["epoch"].as_str().unwrap().to_string();
    // publish through node 2 while Redis goes away and comes back
    let mut accepted: Vec<(u64, String)> = Vec::new();
    let mut redis = Some(redis);
    for i in 0..60 {
        if i == 20 {
            drop(redis.take());
        }
        if i == 30 {
            redis = Some(
                tokio::task::spawn_blocking(move || Redis::on(port))
                    .await
                    .unwrap(),
            );
        }
        let r = c
            .api(1, "publish", json!({"channel": "chat:f", "data": {"i": i}}))
            .await;
        if let Some(res) = r.get("result") {
            accepted.push((
                res["offset"].as_u64().unwrap(),
                res["epoch"].as_str().unwrap().to_string(),
            ));
        } else {
            assert_eq!(
                r["error"]["code"], 100,
                "a publish without Redis fails loudly: {r}"
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        accepted.len() < 60,
        "some publishes must have failed while Redis was down"
    );
    // the subscriber either saw every accepted publication of its epoch in order, or was
    // told to reconnect (3010) and then learns the stream is gone (recovered: false)
    let mut seen: Vec<u64> = Vec::new();
    let mut told = false;
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(500), sub.next_event()).await {
            Ok(super::util::Event::Msg(v)) => {
                if let Some(o) = v["push"]["pub"]["offset"].as_u64() {
                    seen.push(o);
                }
            }
            Ok(super::util::Event::Closed(code, _)) => {
                assert_eq!(code, 3010, "insufficient state: reconnect and recover");
                told = true;
                break;
            }
            Err(_) => break,
        }
    }
    eprintln!(
        "restart test: accepted {} of 60, saw {} live, reconnect signal: {told}",
        accepted.len(),
        seen.len()
    );
    let mine: Vec<u64> = accepted
        .iter()
        .filter(|(_, e)| *e == epoch)
        .map(|(o, _)| *o)
        .collect();
    if told {
        let last = seen.last().copied().unwrap_or(0);
        let (mut again, _) = Client::connect(&c.ws(1), "42").await;
        let r = again
            .call(json!({"subscribe": {"channel": "chat:f", "recover": true, "offset": last, "epoch": epoch}}))
            .await;
        let res = &r["subscribe"];
        if res["recovered"] == true {
            let more: Vec<u64> = res["publications"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["offset"].as_u64().unwrap())
                .collect();
            seen.extend(more);
            assert_eq!(seen, mine, "recovered every accepted publication, in order");
        } else {
            // the stream did not survive the restart: the client is told, not misled
            assert_ne!(res["epoch"].as_str(), Some(epoch.as_str()), "{r}");
        }
    } else {
        assert_eq!(
            seen, mine,
            "without a restart signal, nothing may be missing"
        );
    }
    // both nodes are healthy again
    for i in 0..2 {
        let ok = eventually(10, "healthy node", async || {
            let r = reqwest::get(c.url(i, "/health")).await.ok()?;
            (r.status() == 200).then_some(())
        })
        .await;
        let () = ok;
    }
    drop(redis);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_sdk_on_one_node_receives_what_another_node_publishes() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 3))
        .await
        .unwrap();
    sdk_receives_across_nodes(&c).await;
    drop(redis);
}

/// centrifuge-js on the first node gets what the last node publishes.
pub async fn sdk_receives_across_nodes(c: &Cluster) {
    let js = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/js");
    assert!(
        js.join("node_modules/centrifuge").exists(),
        "centrifuge-js is not installed: run `npm ci` in {} (.ci/run does this)",
        js.display()
    );
    let out = tokio::task::spawn_blocking({
        let a = c.nodes[0].addr.clone();
        let b = c.nodes[c.nodes.len() - 1].addr.clone();
        move || {
            Command::new("node")
                .arg("cluster/cross_node.mjs")
                .current_dir(&js)
                .env("NODE_A", a)
                .env("NODE_B", b)
                .env("CENTRI_API_KEY", API_KEY)
                .env("CENTRI_HMAC_SECRET", SECRET)
                .output()
                .expect("node is required (.ci/run installs nodejs)")
        }
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "centrifuge-js on the first node did not get the last node's publication:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trace_on_one_node_shows_events_from_another() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 2))
        .await
        .unwrap();
    trace_across_nodes(&c).await;
    drop(redis);
}

/// A user trace on the second node shows the user's subscribe on the first.
pub async fn trace_across_nodes(c: &Cluster) {
    // trace user 42 on node 2
    let mut stream = reqwest::Client::new()
        .post(c.url(1, "/admin/trace"))
        .header("X-API-Key", ADMIN_KEY)
        .body(r#"{"type":"user","entity":"42"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    // user 42 acts on node 1 (again and again until node 1 forwards: the request travels
    // over Redis)
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut buf = Vec::new();
    let mut found: Option<Value> = None;
    while found.is_none() {
        assert!(
            Instant::now() < deadline,
            "no event from node 1 in node 2's trace"
        );
        let (mut a, _) = Client::connect(&c.ws(0), "42").await;
        a.call(json!({"subscribe": {"channel": "chat:t"}})).await;
        drop(a);
        let until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < until {
            match tokio::time::timeout(Duration::from_millis(200), stream.chunk()).await {
                Ok(Ok(Some(chunk))) => buf.extend_from_slice(&chunk),
                Ok(_) => panic!("trace stream ended"),
                Err(_) => {}
            }
            found = buf
                .split(|b| *b == b'\n')
                .filter_map(|l| serde_json::from_slice::<Value>(l).ok())
                .find(|e| e["type"] == "subscribe" && e["node"] == "node1");
            if found.is_some() {
                break;
            }
        }
    }
    let e = found.unwrap();
    assert_eq!(
        (e["user"].as_str(), e["channel"].as_str()),
        (Some("42"), Some("chat:t")),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_user_command_limits_a_user_across_nodes() {
    let redis = Redis::start();
    user_command_across_nodes(&single(redis.port), &redis.port.to_string()).await;
    drop(redis);
}

/// `redis_user_command` on two nodes of the Redis that `redis` describes: a user's
/// publishes and connects share buckets across the nodes. `tag` names the run's directory.
pub async fn user_command_across_nodes(redis: &Value, tag: &str) {
    let dir =
        crate::it::util::test_root().join(format!("centri-rluser-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut engine = redis.clone();
    // buckets of their own, whatever ran on this Redis before
    engine["prefix"] = json!(format!("{}-rl", engine["prefix"].as_str().unwrap_or("t")));
    let mut cfg = config_on(&engine, "n");
    cfg["client"]["rate_limit"] = json!({"redis_user_command": {"enabled": true, "redis": {"reuse_from_engine": true},
        "publish": {"enabled": true, "buckets": [{"interval": "1m", "rate": 2}]},
        "connect": {"enabled": true, "buckets": [{"interval": "1m", "rate": 2}]}}});
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
    let (mut a, _) = Client::connect(&ws(0), "42").await;
    let (mut b, _) = Client::connect(&ws(1), "42").await;
    for c in [&mut a, &mut b] {
        c.call(json!({"subscribe": {"channel": "chat:r"}})).await;
    }
    let publish = json!({"publish": {"channel": "chat:r", "data": {}}});
    assert!(a.call(publish.clone()).await.get("error").is_none());
    assert!(b.call(publish.clone()).await.get("error").is_none());
    // the third publish of user 42 in the minute is refused, whichever node it reaches
    let r = a.call(publish.clone()).await;
    assert_eq!(r["error"]["code"], 111, "{r}");
    // connects count the same way: user 42 connected once on each node, so a third
    // connect, on either node, is refused with 111 (temporary: SDKs retry with backoff)
    let mut third = Client::open(&ws(0)).await;
    let r = third
        .call(json!({"connect": {"token": super::util::token("42")}}))
        .await;
    assert_eq!(r["error"]["code"], 111, "{r}");
    assert_eq!(r["error"]["temporary"], true, "{r}");
    // another user has a bucket of their own
    let (mut other, _) = Client::connect(&ws(1), "7").await;
    other
        .call(json!({"subscribe": {"channel": "chat:r"}}))
        .await;
    assert!(other.call(publish).await.get("error").is_none());
    // it needs the Redis engine
    let mut mem = cfg.clone();
    mem["engine"] = json!({"type": "memory"});
    let e = centri::server::config::load(&mem.to_string(), &std::collections::HashMap::new())
        .unwrap_err();
    assert!(e.to_string().contains("redis_user_command"), "{e}");
    drop(nodes);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_addresses_shard_channels_across_redis_servers() {
    let (r1, r2) = (Redis::start(), Redis::start());
    let dir = crate::it::util::test_root().join(format!(
        "centri-shard-{}-{}",
        std::process::id(),
        r1.port
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cfg = config(r1.port, "s");
    cfg["engine"]["redis"]["address"] = json!([
        format!("127.0.0.1:{}", r1.port),
        format!("127.0.0.1:{}", r2.port)
    ]);
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
    let (mut a, _) = Client::connect(
        &format!("ws://{}/connection/websocket", nodes[0].addr),
        "42",
    )
    .await;
    let channels: Vec<String> = (0..16).map(|i| format!("chat:s{i}")).collect();
    for ch in &channels {
        a.call(json!({"subscribe": {"channel": ch}})).await;
    }
    for ch in &channels {
        let r = reqwest::Client::new()
            .post(format!("http://{}/api/publish", nodes[1].addr))
            .header("X-API-Key", API_KEY)
            .json(&json!({"channel": ch, "data": {"ch": ch}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let mut got: Vec<String> = Vec::new();
    while got.len() < channels.len() {
        let p = a.next_push().await;
        if let Some(ch) = p["pub"]["data"]["ch"].as_str() {
            got.push(ch.to_string());
        }
    }
    got.sort();
    let mut want = channels.clone();
    want.sort();
    assert_eq!(got, want, "every channel delivered across the shards");
    // both Redis servers hold some of the streams
    for port in [r1.port, r2.port] {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"DBSIZE\r\n").unwrap();
        let mut buf = [0u8; 32];
        let n = s.read(&mut buf).unwrap();
        let reply = String::from_utf8_lossy(&buf[..n]).to_string();
        let keys: u64 = reply.trim().trim_start_matches(':').parse().unwrap_or(0);
        assert!(keys > 0, "redis on {port} holds no keys: {reply:?}");
    }
    drop(nodes);
}

/// Runs `openssl` with `args` in `dir`, failing loudly when it is missing.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("openssl is required for the Redis TLS test (.ci/run installs it with apt-get): {e}")
        });
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA named `name` in `dir` (`name.crt`, `name.key`), and a leaf certificate
/// for 127.0.0.1 signed by it (`name-leaf.crt`, `name-leaf.key`).
fn make_ca_and_leaf(dir: &std::path::Path, name: &str) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let (ca_crt, ca_key) = (format!("{name}.crt"), format!("{name}.key"));
    let (leaf_crt, leaf_key, csr) = (
        format!("{name}-leaf.crt"),
        format!("{name}-leaf.key"),
        format!("{name}-leaf.csr"),
    );
    let mut a = vec!["req", "-x509"];
    a.extend(ec);
    a.extend(["-keyout", &ca_key, "-out", &ca_crt, "-days", "2", "-subj"]);
    let subj = format!("/CN={name}");
    a.push(&subj);
    openssl(dir, &a);
    let mut a = vec!["req"];
    a.extend(ec);
    a.extend(["-keyout", &leaf_key, "-out", &csr, "-subj", "/CN=127.0.0.1"]);
    openssl(dir, &a);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_crt,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &leaf_crt,
            "-days",
            "2",
            "-extfile",
            "san.ext",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_reach_redis_over_mutual_tls_and_check_its_certificate() {
    let dir = super::util::fresh_dir("redis-tls");
    make_ca_and_leaf(&dir, "ca");
    make_ca_and_leaf(&dir, "other");
    let f = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // TLS only, and client certificates required
    let (p, crt, key, ca) = (
        port.to_string(),
        f("ca-leaf.crt"),
        f("ca-leaf.key"),
        f("ca.crt"),
    );
    let _redis = Redis::with_args(
        port,
        &[
            "--port",
            "0",
            "--tls-port",
            &p,
            "--tls-cert-file",
            &crt,
            "--tls-key-file",
            &key,
            "--tls-ca-cert-file",
            &ca,
            "--tls-auth-clients",
            "yes",
        ],
    );

    let tls = |tls: Value| {
        let mut c = config(port, "tls");
        c["engine"]["redis"]["tls"] = tls;
        c
    };
    let good = json!({"enabled": true, "server_ca_pem_file": f("ca.crt"),
                      "cert_pem_file": f("ca-leaf.crt"), "key_pem_file": f("ca-leaf.key")});
    // the CA given inline instead of as a file
    let inline_ca = json!({"enabled": true, "server_ca_pem": std::fs::read_to_string(dir.join("ca.crt")).unwrap(),
                           "cert_pem_file": f("ca-leaf.crt"), "key_pem_file": f("ca-leaf.key")});
    let no_client_cert = json!({"enabled": true, "server_ca_pem_file": f("ca.crt")});
    let wrong_ca = json!({"enabled": true, "server_ca_pem_file": f("other.crt"),
                          "cert_pem_file": f("ca-leaf.crt"), "key_pem_file": f("ca-leaf.key")});
    let plain = config(port, "plain");
    let configs = [
        tls(good),
        tls(inline_ca),
        tls(no_client_cert),
        tls(wrong_ca),
        plain,
    ];
    let paths: Vec<String> = configs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = dir.join(format!("n{i}.json"));
            std::fs::write(&p, c.to_string()).unwrap();
            p.to_str().unwrap().to_string()
        })
        .collect();
    let nodes: Vec<Proc> = tokio::task::spawn_blocking(move || {
        paths
            .iter()
            .map(|p| Proc::serve(&["--config", p, "--data-dir", &format!("{p}.d")], &[]))
            .collect()
    })
    .await
    .unwrap();
    let health = async |i: usize| {
        reqwest::get(format!("http://{}/health", nodes[i].addr))
            .await
            .map_or(0, |r| r.status().as_u16())
    };
    for i in [0, 1] {
        eventually(10, "node over TLS healthy", async || {
            (health(i).await == 200).then_some(())
        })
        .await;
    }
    // a publication through node 1's API reaches a client on node 0, over TLS Redis
    let (mut a, _) = Client::connect(
        &format!("ws://{}/connection/websocket", nodes[0].addr),
        "42",
    )
    .await;
    a.call(json!({"subscribe": {"channel": "chat:tls"}})).await;
    let publish = async |node: &Proc, data: Value| -> Value {
        reqwest::Client::new()
            .post(format!("http://{}/api/publish", node.addr))
            .header("X-API-Key", API_KEY)
            .json(&json!({"channel": "chat:tls", "data": data}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    };
    let r = publish(&nodes[1], json!({"over": "tls"})).await;
    assert_eq!(r["result"]["offset"], 1, "{r}");
    let p = a.next_push().await;
    assert_eq!(p["pub"]["data"]["over"], "tls", "{p}");
    // without a client certificate, with a CA that did not sign the server's
    // certificate, or without TLS, Redis stays out of reach: unhealthy, never
    // silently connected
    tokio::time::sleep(Duration::from_secs(2)).await;
    for (i, why) in [
        (2, "no client certificate"),
        (3, "wrong CA"),
        (4, "plain TCP"),
    ] {
        assert_eq!(
            health(i).await,
            503,
            "node with {why} must report the engine unhealthy"
        );
        let r = publish(&nodes[i], json!({})).await;
        assert!(
            r["error"]["code"].as_u64().is_some(),
            "{why}: publish must fail: {r}"
        );
    }
    drop(nodes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publication_marked_delta_reaches_another_nodes_delta_subscriber_as_a_delta() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 2))
        .await
        .unwrap();
    delta_across_nodes(&c).await;
    drop(redis);
}

/// A publication marked delta on the second node reaches a fossil-delta subscriber on the
/// first as a delta against the one before.
pub async fn delta_across_nodes(c: &Cluster) {
    let (mut d, _) = Client::connect(&c.ws(0), "d").await;
    let r = d
        .call(json!({"subscribe": {"channel": "chat:delta", "delta": "fossil"}}))
        .await;
    assert_eq!(r["subscribe"]["delta"], true, "{r}");
    let doc = |n: u64| json!({"n": n, "text": "a document long enough that a delta is the smaller message"});
    for n in 1..=2 {
        let v = c
            .api(
                1,
                "publish",
                json!({"channel": "chat:delta", "data": doc(n), "delta": true}),
            )
            .await;
        assert!(v.get("error").is_none(), "{v}");
    }
    let mut pubs = Vec::new();
    while pubs.len() < 2 {
        let p = d.next_push().await;
        if p.get("pub").is_some() {
            pubs.push(p["pub"].clone());
        }
    }
    let first = pubs[0]["data"].as_str().unwrap().as_bytes().to_vec();
    assert!(pubs[0].get("delta").is_none(), "{pubs:?}");
    assert_eq!(pubs[1]["delta"], true, "{pubs:?}");
    let second = fossil_delta::apply(&first, pubs[1]["data"].as_str().unwrap().as_bytes()).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&second).unwrap(), doc(2));
}

/// A "Redis" that accepts connections and never answers, as a stalled server or a network
/// that drops packets; it counts the connections made to it.
struct Tarpit {
    port: u16,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Tarpit {
    fn start() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = std::sync::Arc::new(AtomicUsize::new(0));
        let count = connections.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                count.fetch_add(1, Ordering::Relaxed);
                std::thread::spawn(move || {
                    let _ = conn.set_read_timeout(Some(Duration::from_millis(200)));
                    let mut buf = [0u8; 512];
                    // hold the connection without answering, for at most 60 s
                    let until = Instant::now() + Duration::from_secs(60);
                    while Instant::now() < until {
                        match conn.read(&mut buf) {
                            Ok(0) => return,
                            Ok(_) => {}
                            Err(e)
                                if e.kind() == std::io::ErrorKind::WouldBlock
                                    || e.kind() == std::io::ErrorKind::TimedOut => {}
                            Err(_) => return,
                        }
                    }
                });
            }
        });
        Self { port, connections }
    }

    fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_redis_is_probed_once_a_second_not_waited_on_by_every_call() {
    let tarpit = Tarpit::start();
    let port = tarpit.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 1))
        .await
        .unwrap();
    // Ten publications in a row, each refused with 100 (temporary). Only the first waits out
    // the timeout: the rest fail at once instead of each connecting again. (Without that,
    // these ten calls open ten connections; the PUB/SUB thread adds about one a second.)
    // Counted from when the node serves HTTP: at start it tries to load its access controls
    // from Redis first (one connection, before the first call).
    let _ = reqwest::get(c.url(0, "/health")).await.unwrap();
    let before = tarpit.connections();
    for n in 0..10 {
        let v = c
            .api(0, "publish", json!({"channel": "chat:x", "data": {"n": n}}))
            .await;
        assert_eq!(v["error"]["code"], 100, "{v}");
    }
    let opened = tarpit.connections() - before;
    assert!(
        opened <= 5,
        "10 calls opened {opened} connections to the stalled Redis"
    );
    let health = reqwest::get(c.url(0, "/health")).await.unwrap();
    assert_eq!(health.status(), 503, "the node says its engine is down");
    // a subscribe needs PUB/SUB, which is down: refused with 100, the connection stays
    let (mut client, _) = Client::connect(&c.ws(0), "42").await;
    let r = client
        .call(json!({"subscribe": {"channel": "chat:x"}}))
        .await;
    assert_eq!(r["error"]["code"], 100, "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_is_answered_per_channel_and_history_keeps_exactly_its_size() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 1))
        .await
        .unwrap();
    // one pipeline carries the channels; the bad ones are answered in their place
    let r = c
        .api(
            0,
            "broadcast",
            json!({"channels": ["chat:a", "", "nope:x", "chat:b", "chat:a"], "data": {"k": 1}}),
        )
        .await;
    let rs = r["result"]["responses"].as_array().unwrap();
    assert_eq!(rs.len(), 5, "{r}");
    assert_eq!(rs[0]["result"]["offset"], 1, "{r}");
    assert_eq!(rs[1]["error"]["code"], 107, "{r}");
    assert_eq!(rs[2]["error"]["code"], 102, "{r}");
    assert_eq!(rs[3]["result"]["offset"], 1, "{r}");
    assert_eq!(rs[4]["result"]["offset"], 2, "{r}");
    // a script the server forgot (as after a restart) is loaded again
    let flushed = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "script", "flush"])
        .output()
        .unwrap();
    assert!(flushed.status.success());
    let r = c
        .api(
            0,
            "broadcast",
            json!({"channels": ["chat:a", "chat:b"], "data": {"k": 2}}),
        )
        .await;
    assert_eq!(r["result"]["responses"][0]["result"]["offset"], 3, "{r}");
    assert_eq!(r["result"]["responses"][1]["result"]["offset"], 2, "{r}");
    // a wide broadcast goes as several script calls in one pipeline; a channel whose stream
    // key holds another type fails alone
    let set = Command::new("redis-cli")
        .args([
            "-p",
            &port.to_string(),
            "set",
            &format!("t{port}.stream.chat:w77"),
            "x",
        ])
        .output()
        .unwrap();
    assert!(set.status.success());
    let wide: Vec<String> = (0..150).map(|i| format!("chat:w{i}")).collect();
    let r = c
        .api(0, "broadcast", json!({"channels": wide, "data": {"k": 3}}))
        .await;
    let rs = r["result"]["responses"].as_array().unwrap();
    assert_eq!(rs.len(), 150, "{r}");
    for (i, one) in rs.iter().enumerate() {
        if i == 77 {
            assert_eq!(one["error"]["code"], 100, "{one}");
        } else {
            assert_eq!(one["result"]["offset"], 1, "channel {i}: {one}");
        }
    }
    for ch in ["chat:w0", "chat:w76", "chat:w78", "chat:w149"] {
        let h = c
            .api(0, "history", json!({"channel": ch, "limit": -1}))
            .await;
        assert_eq!(pub_offsets(&h["result"]["publications"]), [1], "{ch}: {h}");
        assert_eq!(h["result"]["publications"][0]["data"]["k"], 3, "{ch}: {h}");
    }
    // Redis trims the stream approximately; history is exactly the last history_size (100)
    for i in 0..250 {
        c.api(0, "publish", json!({"channel": "chat:t", "data": {"i": i}}))
            .await;
    }
    let h = c
        .api(0, "history", json!({"channel": "chat:t", "limit": -1}))
        .await;
    let offsets = pub_offsets(&h["result"]["publications"]);
    assert_eq!(offsets, (151..=250).collect::<Vec<u64>>(), "{h}");
    let h = c
        .api(
            0,
            "history",
            json!({"channel": "chat:t", "limit": 3, "reverse": true}),
        )
        .await;
    let offsets = pub_offsets(&h["result"]["publications"]);
    assert_eq!(offsets, [250, 249, 248], "{h}");
    drop(c);
    drop(redis);
}

/// The offsets of a list of publications.
fn pub_offsets(list: &Value) -> Vec<u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect()
}

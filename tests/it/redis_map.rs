//! Map channels on the Redis engine, with a real `redis-server` and two real `centri serve`
//! nodes that share one map: centrifuge-js's map suite with the SDK on one node and the
//! server API on the other (JSON and Protobuf), and the server API across the nodes with
//! suppressed writes, key expiry and bad input answered with Centrifugo's codes, the state
//! unchanged.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::redis::{single, Redis};
use super::util::Proc;

/// Two nodes on one `redis-server` with the conformance config (its map namespaces).
fn two_nodes(redis: &Redis, tag: &str) -> (Vec<Proc>, String, String) {
    let mut engine = single(redis.port);
    engine["prefix"] = json!(format!("map{tag}{}", redis.port));
    two_nodes_on(&engine, tag)
}

/// Two nodes on the Redis that `engine` (`engine.redis`) describes, with the conformance
/// config (its map namespaces).
fn two_nodes_on(engine: &Value, tag: &str) -> (Vec<Proc>, String, String) {
    let mut cfg = super::conformance::config();
    let key = cfg["http_api"]["key"].as_str().unwrap().to_string();
    let secret = cfg["client"]["token"]["hmac_secret_key"]
        .as_str()
        .unwrap()
        .to_string();
    cfg["engine"] = json!({"type": "redis", "redis": engine});
    let dir = super::util::fresh_dir(&format!("redis-map-{tag}"));
    let nodes = (1..=2)
        .map(|i| {
            let mut c = cfg.clone();
            c["node"] = json!({"name": format!("map-node{i}")});
            let path = dir.join(format!("node{i}.json"));
            std::fs::write(&path, c.to_string()).unwrap();
            let data = dir.join(format!("data{i}"));
            Proc::serve(
                &[
                    "--config",
                    path.to_str().unwrap(),
                    "--data-dir",
                    data.to_str().unwrap(),
                ],
                &[],
            )
        })
        .collect();
    (nodes, key, secret)
}

/// centrifuge-js's map suite (state then stream, key TTL expiry, recovery after a
/// reconnect, re-sync from a small stream, `client_key`, presence maps, debounced client
/// publishes, tags filters, fossil deltas) with the SDK on node 1 and every server API call
/// on node 2: what one node writes, the other's subscribers get.
#[test]
fn the_sdk_map_suite_passes_across_two_redis_nodes() {
    let redis = Redis::start();
    let (nodes, key, secret) = two_nodes(&redis, "sdk");
    for protocol in ["json", "protobuf"] {
        let mut cmd = super::conformance::node_suite(&["map.test.mjs"]);
        cmd.env("CENTRI_URL", format!("http://{}", nodes[0].addr))
            .env("CENTRI_API_URL", format!("http://{}", nodes[1].addr))
            .env("CENTRI_API_KEY", &key)
            .env("CENTRI_HMAC_SECRET", &secret)
            .env("CENTRI_PROTOCOL", protocol)
            .env("CENTRI_TRANSPORT", "websocket");
        super::conformance::run_suite(cmd, &format!("map on two Redis nodes ({protocol})"));
    }
    drop(nodes);
    drop(redis);
}

async fn call(node: &Proc, key: &str, method: &str, body: &Value) -> Value {
    let r = reqwest::Client::new()
        .post(format!("http://{}/api/{method}", node.addr))
        .header("X-API-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{method} {body}");
    r.json().await.unwrap()
}

async fn ok(node: &Proc, key: &str, method: &str, body: Value) -> Value {
    let r = call(node, key, method, &body).await;
    assert!(r.get("error").is_none(), "{method} {body}: {r}");
    r["result"].clone()
}

async fn code(node: &Proc, key: &str, method: &str, body: Value) -> u64 {
    let r = call(node, key, method, &body).await;
    r["error"]["code"]
        .as_u64()
        .unwrap_or_else(|| panic!("{method} {body}: no error in {r}"))
}

fn keys_of(state: &Value) -> Vec<String> {
    state["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_map_is_shared_by_the_nodes_on_one_redis() {
    let (redis, (nodes, key, _)) = tokio::task::spawn_blocking(|| {
        let r = Redis::start();
        let n = two_nodes(&r, "api");
        (r, n)
    })
    .await
    .unwrap();
    shared_map(&nodes, &key).await;
    drop(nodes);
    drop(redis);
}

/// On a Redis Cluster a map's keys, its idempotency keys and its sharded PUB/SUB channel
/// share the channel's slot: the same scenario holds there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_map_is_shared_by_the_nodes_on_a_redis_cluster() {
    let (cluster, (nodes, key, _)) = tokio::task::spawn_blocking(|| {
        let c = super::redis_ha::RedisCluster::start();
        let n = two_nodes_on(&c.engine("mapcluster"), "cluster");
        (c, n)
    })
    .await
    .unwrap();
    shared_map(&nodes, &key).await;
    drop(nodes);
    drop(cluster);
}

/// What one node writes the other reads, suppressed writes and bad input change nothing,
/// ephemeral keys expire for both, and a clear empties the map for both.
async fn shared_map(nodes: &[Proc], key: &str) {
    let (a, b) = (&nodes[0], &nodes[1]);
    let ch = "maps:shared";
    // pages in key order, written on one node and read on the other
    for (k, v) in [("c", 1), ("a", 1), ("b", 1)] {
        let r = ok(
            a,
            key,
            "map_publish",
            json!({"channel": ch, "key": k, "data": {"v": v}}),
        )
        .await;
        assert_eq!(r.get("suppressed"), None, "{r}");
    }
    let r = ok(
        b,
        key,
        "map_publish",
        json!({"channel": ch, "key": "a", "data": {"v": 2}, "tags": {"t": "x"}}),
    )
    .await;
    assert_eq!(r["offset"], 4, "one stream across the nodes: {r}");
    let epoch = r["epoch"].as_str().unwrap().to_string();
    let page = ok(a, key, "map_read_state", json!({"channel": ch, "limit": 2})).await;
    assert_eq!(keys_of(&page), ["a", "b"], "{page}");
    assert_eq!(page["entries"][0]["data"], json!({"v": 2}));
    assert_eq!(page["entries"][0]["tags"], json!({"t": "x"}));
    assert_eq!(page["entries"][0]["offset"], 4);
    assert!(page["entries"][0]["time"].as_i64().unwrap() > 0);
    let rest = ok(
        b,
        key,
        "map_read_state",
        json!({"channel": ch, "limit": 2, "cursor": page["cursor"]}),
    )
    .await;
    assert_eq!(keys_of(&rest), ["c"], "{rest}");
    assert_eq!(rest.get("cursor"), None, "the last page: {rest}");
    // suppressed writes leave the state as it was
    for (body, reason) in [
        (
            json!({"channel": ch, "key": "a", "data": 0, "key_mode": "if_new"}),
            "key_exists",
        ),
        (
            json!({"channel": ch, "key": "z", "data": 0, "key_mode": "if_exists"}),
            "key_not_found",
        ),
    ] {
        let r = ok(b, key, "map_publish", body).await;
        assert_eq!(
            (r["suppressed"].clone(), r["suppress_reason"].clone()),
            (json!(true), json!(reason))
        );
    }
    let r = ok(
        a,
        key,
        "map_publish",
        json!({"channel": ch, "key": "v", "data": 1, "version": 5}),
    )
    .await;
    assert_eq!(r.get("suppressed"), None, "{r}");
    let r = ok(
        b,
        key,
        "map_publish",
        json!({"channel": ch, "key": "v", "data": 2, "version": 5}),
    )
    .await;
    assert_eq!(r["suppress_reason"], "version", "{r}");
    let first = ok(
        a,
        key,
        "map_publish",
        json!({"channel": ch, "key": "i", "data": 1, "idempotency_key": "once"}),
    )
    .await;
    let again = ok(
        b,
        key,
        "map_publish",
        json!({"channel": ch, "key": "i", "data": 2, "idempotency_key": "once"}),
    )
    .await;
    assert_eq!(again["suppress_reason"], "idempotency", "{again}");
    assert_eq!(again["offset"], first["offset"], "the first write's answer");
    let one = ok(b, key, "map_read_state", json!({"channel": ch, "key": "i"})).await;
    assert_eq!(one["entries"][0]["data"], 1, "{one}");
    let one = ok(b, key, "map_read_state", json!({"channel": ch, "key": "v"})).await;
    assert_eq!(one["entries"][0]["data"], 1, "{one}");
    assert_eq!(
        ok(a, key, "map_stats", json!({"channel": ch})).await["num_keys"],
        5
    );
    // the stream, read from either node, and a removal with its tags
    let r = ok(a, key, "map_remove", json!({"channel": ch, "key": "a"})).await;
    let removed_at = r["offset"].as_u64().unwrap();
    let s = ok(
        b,
        key,
        "map_read_stream",
        json!({"channel": ch, "since_offset": removed_at - 1, "since_epoch": epoch}),
    )
    .await;
    assert_eq!(s["entries"].as_array().unwrap().len(), 1, "{s}");
    assert_eq!(s["entries"][0]["removed"], true);
    assert_eq!(s["entries"][0]["tags"], json!({"t": "x"}));
    let r = ok(b, key, "map_remove", json!({"channel": ch, "key": "a"})).await;
    assert_eq!(r["suppress_reason"], "key_not_found", "{r}");
    // bad input: Centrifugo's codes, and nothing written
    let before = ok(
        a,
        key,
        "map_read_state",
        json!({"channel": ch, "limit": 100}),
    )
    .await;
    let long = "k".repeat(1025);
    for (method, body, want) in [
        (
            "map_publish",
            json!({"channel": "nope:x", "key": "a", "data": 1}),
            102,
        ),
        (
            "map_publish",
            json!({"channel": "plain", "key": "a", "data": 1}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": ch, "key": long, "data": 1}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": ch, "key": "", "data": 1}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": ch, "key": "a", "data": 1, "key_mode": "sometimes"}),
            107,
        ),
        ("publish", json!({"channel": ch, "data": 1}), 107),
        (
            "map_read_stream",
            json!({"channel": ch, "since_offset": 1, "since_epoch": "not-it"}),
            112,
        ),
        (
            "map_read_state",
            json!({"channel": ch, "cursor": "!!"}),
            107,
        ),
    ] {
        assert_eq!(
            code(b, key, method, body.clone()).await,
            want,
            "{method} {body}"
        );
    }
    let after = ok(
        a,
        key,
        "map_read_state",
        json!({"channel": ch, "limit": 100}),
    )
    .await;
    assert_eq!(before, after, "bad input changed nothing");
    // a map read of a stream channel is refused as Centrifugo refuses it
    assert_eq!(
        code(a, key, "map_read_state", json!({"channel": "plain"})).await,
        107
    );
    // ephemeral keys expire for both nodes (bounded wait: key_ttl is 1 s)
    ok(
        a,
        key,
        "map_publish",
        json!({"channel": "lobby:x", "key": "seat", "data": 1}),
    )
    .await;
    assert_eq!(
        ok(b, key, "map_stats", json!({"channel": "lobby:x"})).await["num_keys"],
        1
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = ok(b, key, "map_stats", json!({"channel": "lobby:x"})).await["num_keys"].as_u64();
        if n == Some(0) {
            break;
        }
        assert!(Instant::now() < deadline, "the key never expired");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // clear on one node empties the map for both
    ok(b, key, "map_clear", json!({"channel": ch})).await;
    assert_eq!(
        ok(a, key, "map_stats", json!({"channel": ch})).await["num_keys"],
        0
    );
    let r = ok(
        a,
        key,
        "map_publish",
        json!({"channel": ch, "key": "n", "data": 1}),
    )
    .await;
    assert_ne!(r["epoch"], epoch, "a new epoch after clear: {r}");
}

/// Forty subscribers page through one map on the Redis engine at once (identical page reads
/// in flight share one Redis read): every subscriber gets every key exactly once, and as many
/// state pages as it asked for.
#[test]
fn subscribers_paging_one_map_at_once_each_get_every_key_once() {
    let redis = Redis::start();
    let (nodes, key, secret) = two_nodes(&redis, "crowd");
    let home = super::util::fresh_dir("redis-map-bench");
    let server = format!("http://{}", nodes[0].addr);
    let args = [
        "-s",
        server.as_str(),
        "--api-key",
        key.as_str(),
        "--hmac-secret",
        secret.as_str(),
        "-o",
        "json",
        "bench",
        "map",
        "-k",
        "300",
        "-n",
        "40",
        "--page-size",
        "10",
        "--map-namespace",
        "maps",
        "--deadline",
        "60s",
    ];
    let (code, out, err) = super::util::centri_env(&home, &args, &[]);
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let d = &r["map"]["delivery"];
    assert_eq!(
        (
            &d["expected"],
            &d["received"],
            &d["missing"],
            &d["duplicates"]
        ),
        (&json!(12000), &json!(12000), &json!(0), &json!(0)),
        "{r}"
    );
    assert_eq!(r["map"]["live"], 40, "{r}");
    assert!(
        r["map"]["pages"]["replies"].as_u64().unwrap() >= 40 * 30,
        "every subscriber paged through 30 pages of 10: {r}"
    );
    drop(nodes);
    drop(redis);
}

//! Push sending survives its process: a 20,000-device send to the fake FCM, the real
//! `centri serve` killed with SIGKILL half-way, and started again on the same files. Every
//! device gets its push; the duplicates are at most the pushes that were in flight at the
//! kill (accepted by the provider but not yet recorded in the queue), and both are counted
//! and printed. On the Redis engine the other node takes a killed node's send over, and a
//! per-device rate limit outlives the node that recorded it.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::push_fake::fcm::FakeFcm;
use super::push_send::config;
use super::util::{fresh_dir, Proc, API_KEY};

const DEVICES: usize = 20_000;

async fn api(addr: &str, method: &str, body: Value) -> Value {
    let r: Value = reqwest::Client::new()
        .post(format!("http://{addr}/api/{method}"))
        .header("X-API-Key", API_KEY)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r
}

async fn serve(path: &std::path::Path) -> Proc {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || Proc::serve(&["--config", path.to_str().unwrap()], &[]))
        .await
        .unwrap()
}

/// Registers `n` FCM devices on topic `all` (batches of 1,000), sends `big` to it, and
/// returns once the fake has accepted a quarter of them.
async fn start_big_send(addr: &str, fcm: &FakeFcm, n: usize) {
    for batch in 0..n / 1000 {
        let commands: Vec<Value> = (batch * 1000..(batch + 1) * 1000)
            .map(|i| {
                json!({"device_register": {"provider": "fcm", "platform": "android",
                    "token": format!("tok-{i:05}"), "topics": ["all"]}})
            })
            .collect();
        let r = api(addr, "batch", json!({"commands": commands})).await;
        assert!(!r.to_string().contains("\"error\""), "{r}");
    }
    let r = api(
        addr,
        "send_push_notification",
        json!({"uid": "big", "recipient": {"topics": ["all"]},
               "notification": {"fcm": {"message": {"data": {"k": "v"}}}}}),
    )
    .await;
    assert_eq!(r["result"]["uid"], "big", "{r}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while fcm.accepted() < (n / 4) as u64 {
        assert!(
            Instant::now() < deadline,
            "the send did not get going: {}",
            fcm.accepted()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Polls send `big` on the node at `addr` until it is done (at most 180 s); its status.
async fn wait_done(addr: &str) -> Value {
    wait_send(addr, "big").await
}

/// Polls send `uid` on the node at `addr` until it is done (at most 180 s); its status.
async fn wait_send(addr: &str, uid: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let st: Value = reqwest::Client::new()
            .get(format!("http://{addr}/admin/push/sends/{uid}"))
            .header("X-API-Key", super::push_send::ADMIN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if st["state"] == "done" {
            return st;
        }
        assert!(Instant::now() < deadline, "send {uid} not done: {st}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Checks that each of the `n` devices got the push; the pushes beyond one per device.
fn duplicates(fcm: &FakeFcm, n: usize) -> usize {
    let mut tokens = super::push_send::tokens_of(fcm);
    let total = tokens.len();
    tokens.dedup();
    assert_eq!(tokens.len(), n, "every device got its push");
    total - n
}

/// Prints and checks the figures of a kill: the duplicates are at most the pushes the
/// provider accepted that the queue had not recorded when the process died.
fn report(what: &str, at_kill: u64, recorded: u64, duplicates: usize) {
    let in_flight = at_kill - recorded;
    eprintln!(
        "{what}: {at_kill} accepted at the kill, {recorded} recorded, {in_flight} in flight; \
         {duplicates} duplicates"
    );
    assert!(
        duplicates as u64 <= in_flight,
        "{duplicates} duplicates > {in_flight} in flight at the kill"
    );
}

/// The config file of node `name` of the Redis engine (on `redis_port`, keys under `prefix`)
/// sharing `db`'s registry, sending to `fcm`; `push` adds `push_notifications` keys.
fn redis_node(
    db: &super::push::Db,
    redis_port: u16,
    prefix: &str,
    fcm: &FakeFcm,
    name: &str,
    push: &Value,
) -> std::path::PathBuf {
    let mut c = db.config();
    c["node"]["name"] = json!(name);
    c["admin"] = json!({"enabled": true, "api_key": super::push_send::ADMIN});
    c["engine"] = json!({"type": "redis", "redis": {
        "address": format!("127.0.0.1:{redis_port}"), "prefix": prefix}});
    let p = c["push_notifications"].as_object_mut().unwrap();
    p.insert("enabled_providers".into(), json!(["fcm"]));
    p.insert("fcm".into(), fcm.config_json());
    for (k, v) in push.as_object().into_iter().flatten() {
        p.insert(k.clone(), v.clone());
    }
    let path = db.dir.join(format!("{name}.json"));
    std::fs::create_dir_all(&db.dir).unwrap();
    std::fs::write(&path, c.to_string()).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_killed_half_way_finishes_after_a_restart_with_at_most_the_in_flight_again() {
    let dir = fresh_dir("push-restart");
    let fcm = FakeFcm::start().await;
    let cfg = config(
        &dir,
        &json!({"enabled_providers": ["fcm"], "fcm": fcm.config_json(), "concurrency": 32,
                "queue": {"path": dir.join("push_queue.sqlite3"), "chunk_size": 500}}),
    );
    let cfg_path = dir.join("config.json");
    std::fs::write(&cfg_path, cfg.to_string()).unwrap();
    let mut first = serve(&cfg_path).await;
    start_big_send(&first.addr, &fcm, DEVICES).await;
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let at_kill = fcm.accepted();
    assert!(
        at_kill < DEVICES as u64,
        "killed half-way, not after the end ({at_kill})"
    );
    // what the queue had recorded as sent when the process died
    let recorded: i64 = rusqlite::Connection::open(dir.join("push_queue.sqlite3"))
        .unwrap()
        .query_row(
            "SELECT coalesce(sum(n), 0) FROM counts WHERE uid = 'big' AND field = 'sent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let second = serve(&cfg_path).await;
    let st = wait_done(&second.addr).await;
    assert_eq!(st["total"], DEVICES, "{st}");
    assert_eq!(st["providers"]["fcm"]["failed"], 0, "{st}");
    report(
        "push restart",
        at_kill,
        recorded as u64,
        duplicates(&fcm, DEVICES),
    );
    drop(second);
    let _ = std::fs::remove_dir_all(dir);
}

/// The same on two `centri serve` nodes of the Redis engine sharing one `PostgreSQL`
/// registry: node A takes the send, is killed with SIGKILL half-way, and node B takes over
/// A's unfinished tasks (after `claim_after`) and finishes the send.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_half_way_leaves_its_send_to_the_other_node() {
    const N: usize = 6_000;
    let redis = super::redis::Redis::start();
    let db = super::push::Db::new(super::push::Kind::Postgresql, "push-takeover").await;
    let fcm = FakeFcm::start().await;
    let prefix = format!("takeover{}", redis.port);
    let push = json!({"concurrency": 16, "queue": {"chunk_size": 200, "claim_after": "2s"}});
    let node = |name: &str| redis_node(&db, redis.port, &prefix, &fcm, name, &push);
    let (pa, pb) = (node("a"), node("b"));
    let mut a = serve(&pa).await;
    let b = serve(&pb).await;
    start_big_send(&a.addr, &fcm, N).await;
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let at_kill = fcm.accepted();
    let mut conn = redis::Client::open(format!("redis://127.0.0.1:{}/", redis.port))
        .unwrap()
        .get_connection()
        .unwrap();
    let recorded: u64 = redis::cmd("HGET")
        .arg(format!("{prefix}push:counts:big"))
        .arg("fcm|sent|")
        .query::<Option<u64>>(&mut conn)
        .unwrap()
        .unwrap_or(0);
    let st = wait_done(&b.addr).await;
    assert_eq!(st["total"], N, "{st}");
    report("push takeover", at_kill, recorded, duplicates(&fcm, N));
    drop(b);
}

/// `limit_strategy.rate_limit` holds across the nodes of the Redis engine: node A sends to 5
/// devices with "1 per hour, drop when limited" and stops; node B, a fresh process (whose
/// own memory knows nothing), sends the same again, and every push is dropped as rate
/// limited because the nodes share one log in Redis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_holds_across_redis_nodes() {
    let redis = super::redis::Redis::start();
    let db = super::push::Db::new(super::push::Kind::Postgresql, "push-rate").await;
    let fcm = FakeFcm::start().await;
    let prefix = format!("rate{}", redis.port);
    let node = |name: &str| redis_node(&db, redis.port, &prefix, &fcm, name, &json!({}));
    let (pa, pb) = (node("a"), node("b"));
    let send = |uid: &str| {
        json!({"uid": uid, "recipient": {"filter": {"topics": ["t"]}},
               "notification": {"fcm": {"message": {"data": {"k": "v"}}}},
               "limit_strategy": {"rate_limit": {"key": "{{.device.id}}",
                   "policies": [{"rate": 1, "interval_ms": 3_600_000}],
                   "drop_if_rate_limited": true}}})
    };
    let a = serve(&pa).await;
    for i in 0..5 {
        let r = api(
            &a.addr,
            "device_register",
            json!({"provider": "fcm", "platform": "android", "token": format!("rl-{i}"),
                   "topics": ["t"]}),
        )
        .await;
        assert!(r["result"]["id"].is_string(), "{r}");
    }
    let r = api(&a.addr, "send_push_notification", send("first")).await;
    assert_eq!(r["result"]["uid"], "first", "{r}");
    let st = wait_send(&a.addr, "first").await;
    assert_eq!(st["providers"]["fcm"]["sent"], 5, "{st}");
    drop(a);

    let b = serve(&pb).await;
    let r = api(&b.addr, "send_push_notification", send("second")).await;
    assert_eq!(r["result"]["uid"], "second", "{r}");
    let st = wait_send(&b.addr, "second").await;
    assert_eq!(st["providers"]["fcm"]["dropped"], 5, "{st}");
    assert_eq!(st["providers"]["fcm"]["errors"]["rate limited"], 5, "{st}");
    assert_eq!(fcm.accepted(), 5, "no device got a second push");
    drop(b);
}

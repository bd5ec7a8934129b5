//! Push sending survives its process: a 20,000-device send to the fake FCM, the real
//! `centri serve` killed with SIGKILL half-way, and started again on the same files. Every
//! device gets its push; the duplicates are at most the pushes that were in flight at the
//! kill (accepted by the provider but not yet recorded in the queue), and both are counted
//! and printed.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::push_fake::fcm::{FakeFcm, Target};
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
    let addr = first.addr.clone();
    for batch in 0..DEVICES / 1000 {
        let commands: Vec<Value> = (batch * 1000..(batch + 1) * 1000)
            .map(|i| {
                json!({"device_register": {"provider": "fcm", "platform": "android",
                    "token": format!("tok-{i:05}"), "topics": ["all"]}})
            })
            .collect();
        let r = api(&addr, "batch", json!({"commands": commands})).await;
        assert!(!r.to_string().contains("\"error\""), "{r}");
    }
    let r = api(
        &addr,
        "send_push_notification",
        json!({"uid": "big", "recipient": {"topics": ["all"]},
               "notification": {"fcm": {"message": {"data": {"k": "v"}}}}}),
    )
    .await;
    assert_eq!(r["result"]["uid"], "big", "{r}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while fcm.accepted() < (DEVICES / 4) as u64 {
        assert!(
            Instant::now() < deadline,
            "the send did not get going: {}",
            fcm.accepted()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
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
    let in_flight = at_kill - recorded as u64;

    let second = serve(&cfg_path).await;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let st: Value = reqwest::Client::new()
            .get(format!("http://{}/admin/push/sends/big", second.addr))
            .header("X-API-Key", super::push_send::ADMIN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if st["state"] == "done" {
            assert_eq!(st["total"], DEVICES, "{st}");
            assert_eq!(st["providers"]["fcm"]["failed"], 0, "{st}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not done after the restart: {st}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut tokens: Vec<String> = fcm
        .messages()
        .into_iter()
        .filter_map(|a| match a.target {
            Target::Token(t) => Some(t),
            _ => None,
        })
        .collect();
    let total = tokens.len();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), DEVICES, "every device got its push");
    let duplicates = total - DEVICES;
    eprintln!(
        "push restart: {at_kill} accepted at the kill, {recorded} recorded, {in_flight} in flight; \
         {duplicates} duplicates after the restart"
    );
    assert!(
        duplicates as u64 <= in_flight,
        "{duplicates} duplicates > {in_flight} in flight at the kill"
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
    let node = |name: &str| {
        let mut c = db.config();
        c["node"]["name"] = json!(name);
        c["admin"] = json!({"enabled": true, "api_key": super::push_send::ADMIN});
        c["engine"] = json!({"type": "redis", "redis": {
            "address": format!("127.0.0.1:{}", redis.port), "prefix": prefix}});
        let p = c["push_notifications"].as_object_mut().unwrap();
        p.insert("enabled_providers".into(), json!(["fcm"]));
        p.insert("fcm".into(), fcm.config_json());
        p.insert("concurrency".into(), json!(16));
        p.insert(
            "queue".into(),
            json!({"chunk_size": 200, "claim_after": "2s"}),
        );
        let path = db.dir.join(format!("{name}.json"));
        std::fs::create_dir_all(&db.dir).unwrap();
        std::fs::write(&path, c.to_string()).unwrap();
        path
    };
    let (pa, pb) = (node("a"), node("b"));
    let mut a = serve(&pa).await;
    let b = serve(&pb).await;
    for batch in 0..N / 1000 {
        let commands: Vec<Value> = (batch * 1000..(batch + 1) * 1000)
            .map(|i| {
                json!({"device_register": {"provider": "fcm", "platform": "android",
                    "token": format!("tok-{i:05}"), "topics": ["all"]}})
            })
            .collect();
        let r = api(&a.addr, "batch", json!({"commands": commands})).await;
        assert!(!r.to_string().contains("\"error\""), "{r}");
    }
    let r = api(
        &a.addr,
        "send_push_notification",
        json!({"uid": "big", "recipient": {"topics": ["all"]},
               "notification": {"fcm": {"message": {"data": {"k": "v"}}}}}),
    )
    .await;
    assert_eq!(r["result"]["uid"], "big", "{r}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while fcm.accepted() < (N / 4) as u64 {
        assert!(Instant::now() < deadline, "the send did not get going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
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
    let in_flight = at_kill - recorded;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let st: Value = reqwest::Client::new()
            .get(format!("http://{}/admin/push/sends/big", b.addr))
            .header("X-API-Key", super::push_send::ADMIN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if st["state"] == "done" {
            assert_eq!(st["total"], N, "{st}");
            break;
        }
        assert!(Instant::now() < deadline, "node b did not finish: {st}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut tokens: Vec<String> = fcm
        .messages()
        .into_iter()
        .filter_map(|a| match a.target {
            Target::Token(t) => Some(t),
            _ => None,
        })
        .collect();
    let total = tokens.len();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), N, "every device got its push");
    let duplicates = total - N;
    eprintln!(
        "push takeover: {at_kill} accepted at the kill, {recorded} recorded, {in_flight} in flight; \
         {duplicates} duplicates after node b took over"
    );
    assert!(duplicates as u64 <= in_flight, "{duplicates} > {in_flight}");
    drop(b);
}

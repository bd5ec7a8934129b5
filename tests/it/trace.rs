//! Tracing end to end: `centri trace` (the real binary) attached to a server while scripted
//! clients act; and a tracer that never reads must not delay delivery, with its losses
//! reported.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use super::util::{bin, Client, Server};

pub const ADMIN_KEY: &str = "test-admin-key";

async fn server() -> Server {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    // no pings during these tests: pongs would be traced as commands at random moments
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    // end to end: the real `centri serve` binary
    Server::start_binary(cfg).await
}

/// A running `centri trace ...` with its stdout lines collected.
struct TraceProc {
    child: std::process::Child,
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl TraceProc {
    fn start(s: &Server, args: &[&str]) -> Self {
        let home =
            crate::it::util::test_root().join(format!("centri-trace-{}", std::process::id()));
        let mut child = Command::new(bin())
            .args([
                "-s",
                &format!("http://{}", s.addr),
                "--admin-key",
                ADMIN_KEY,
                "trace",
            ])
            .args(args)
            .args(["-o", "ndjson"])
            .env("XDG_CONFIG_HOME", home)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                if l.starts_with("tracing ") {
                    let _ = tx.send(());
                }
            }
        });
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = lines.clone();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(l);
            }
        });
        rx.recv_timeout(Duration::from_secs(15))
            .expect("trace did not attach within 15s");
        Self { child, lines }
    }

    /// Waits (bounded) until `pred` holds for the collected events.
    async fn wait_for(&self, what: &str, pred: impl Fn(&[Value]) -> bool) {
        for _ in 0..100 {
            if pred(&self.events()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("trace never showed {what}: {:#?}", self.events());
    }

    fn events(&self) -> Vec<Value> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Ctrl-C: the trace stops cleanly, prints its summary and exits 130.
    fn interrupt(mut self) -> Vec<Value> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let mut status = None;
        for _ in 0..100 {
            if let Some(s) = self.child.try_wait().unwrap() {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let status = status.unwrap_or_else(|| {
            let _ = self.child.kill();
            panic!("trace did not stop on SIGINT");
        });
        assert_eq!(
            status.code(),
            Some(130),
            "Ctrl-C exits 130 after the summary: {status:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
        self.events()
    }
}

fn types(evs: &[Value]) -> Vec<String> {
    evs.iter()
        .map(|e| e["type"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Asserts that `want` appears in `got` in this order (other events may sit between).
fn in_order(got: &[String], want: &[&str]) {
    let mut it = got.iter();
    for w in want {
        assert!(
            it.any(|g| g == w),
            "missing {w:?} in order {want:?}; got {got:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_user_shows_the_whole_session() {
    let s = server().await;
    let t = TraceProc::start(&s, &["user", "42"]);
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    assert!(c
        .call(json!({"subscribe": {"channel": "chat:ok"}}))
        .await
        .get("subscribe")
        .is_some());
    assert_eq!(
        c.call(json!({"subscribe": {"channel": "private:x"}})).await["error"]["code"],
        103
    );
    c.call(json!({"publish": {"channel": "chat:ok", "data": {"hello": 1}}}))
        .await;
    // someone else's activity is not in this trace
    let (mut other, _) = Client::connect(&s.ws_url(), "7").await;
    other
        .call(json!({"subscribe": {"channel": "chat:ok"}}))
        .await;
    drop(c);
    t.wait_for("the disconnect", |e| {
        types(e).iter().any(|t| t == "disconnect")
    })
    .await;
    let evs = t.interrupt();
    let tys = types(&evs);
    in_order(
        &tys,
        &[
            "connect",
            "command",
            "subscribe",
            "reply",
            "push",
            "command",
            "denied",
            "reply",
            "command",
            "push",
            "reply",
            "disconnect",
            "summary",
        ],
    );
    for e in evs.iter().filter(|e| e["type"] != "summary") {
        assert_eq!(e["v"], 1, "{e}");
        assert_eq!(e["user"], "42", "only user 42: {e}");
        assert!(e["client"].as_str().is_some_and(|c| c.len() == 36), "{e}");
        assert_eq!(e["node"], "test-node");
        assert!(e["time"].as_u64().unwrap() > 1_600_000_000_000);
    }
    let connect = evs.iter().find(|e| e["type"] == "connect").unwrap();
    assert_eq!(connect["payload"]["transport"], "websocket");
    let denied = evs.iter().find(|e| e["type"] == "denied").unwrap();
    assert_eq!(
        (denied["channel"].as_str(), denied["code"].as_u64()),
        (Some("private:x"), Some(103))
    );
    assert_eq!(
        denied["rule"], "client.insecure",
        "the last rule of the chain decided: {denied}"
    );
    assert!(denied["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["rule"] == "allow_subscribe_for_client"));
    let push = evs
        .iter()
        .find(|e| e["type"] == "push" && e["payload"]["push"].get("pub").is_some())
        .unwrap();
    assert_eq!(push["payload"]["push"]["pub"]["data"], json!({"hello": 1}));
    let reply = evs.iter().filter(|e| e["type"] == "reply").nth(1).unwrap();
    assert_eq!(reply["code"], 103);
    let summary = evs.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["dropped"], 0);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_channel_shows_publishers_and_presence_changes() {
    let s = server().await;
    let t = TraceProc::start(&s, &["channel", "chat:room"]);
    let (mut a, _) = Client::connect(&s.ws_url(), "alice").await;
    let (mut b, _) = Client::connect(&s.ws_url(), "bob").await;
    a.call(json!({"subscribe": {"channel": "chat:room"}})).await;
    // The join goes out after the subscribe reply (as Centrifugo's), so alice's join
    // and bob's subscribe may trace in either order unless bob waits for it.
    t.wait_for("alice's join", |e| e.iter().any(|e| e["type"] == "join"))
        .await;
    b.call(json!({"subscribe": {"channel": "chat:room"}})).await;
    a.call(json!({"publish": {"channel": "chat:room", "data": {"from": "alice"}}}))
        .await;
    b.call(json!({"publish": {"channel": "chat:room", "data": {"from": "bob"}}}))
        .await;
    s.api(
        "publish",
        json!({"channel": "chat:room", "data": {"from": "api"}}),
    )
    .await;
    s.api("publish", json!({"channel": "chat:elsewhere", "data": {}}))
        .await;
    b.call(json!({"history": {"channel": "chat:room", "limit": 1}}))
        .await;
    b.call(json!({"unsubscribe": {"channel": "chat:room"}}))
        .await;
    t.wait_for("bob's leave", |e| e.iter().any(|e| e["type"] == "leave"))
        .await;
    let evs = t.interrupt();
    let tys = types(&evs);
    in_order(
        &tys,
        &[
            "subscribe",
            "join",
            "subscribe",
            "join",
            "publication",
            "publication",
            "publication",
            "history",
            "unsubscribe",
            "leave",
            "summary",
        ],
    );
    let pubs: Vec<&Value> = evs.iter().filter(|e| e["type"] == "publication").collect();
    assert_eq!(pubs.len(), 3, "chat:elsewhere is not traced");
    assert_eq!(
        (pubs[0]["user"].as_str(), pubs[0]["source"].as_str()),
        (Some("alice"), Some("client"))
    );
    assert_eq!(pubs[1]["user"], "bob");
    assert_eq!(pubs[2]["source"], "api");
    assert_eq!(pubs[2]["payload"]["data"], json!({"from": "api"}));
    assert!(evs
        .iter()
        .filter(|e| e["type"] != "summary")
        .all(|e| e["channel"] == "chat:room"));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_tracer_never_delays_delivery_and_reports_drops() {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    // this test's reader parses every message: give it room instead of closing it as slow
    cfg["client"]["queue_max_size"] = json!(256 * 1024 * 1024);
    // ... and it reads only after everything is published: its socket stays full meanwhile
    cfg["websocket"]["write_timeout"] = json!("120s");
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let s = Server::start_binary(cfg).await;
    // a tracer that never reads its stream
    let stalled = reqwest::Client::new()
        .post(s.url("/admin/trace"))
        .header("X-API-Key", ADMIN_KEY)
        .body(r#"{"type":"channel","entity":"chat:busy"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(stalled.status(), 200);
    let (mut sub, _) = Client::connect(&s.ws_url(), "reader").await;
    sub.call(json!({"subscribe": {"channel": "chat:busy"}}))
        .await;
    let pad = "x".repeat(1000);
    // More than the tracer queue plus what the loopback socket buffers can absorb.
    let total = 30_000;
    for batch in 0..(total / 200) {
        let commands: Vec<Value> = (0..200).map(|i| json!({"publish": {"channel": "chat:busy", "data": {"n": batch * 200 + i, "pad": pad}}})).collect();
        let (st, _) = s.api("batch", json!({"commands": commands})).await;
        assert_eq!(st, 200);
    }
    let mut got = 0;
    while got < total {
        let p = tokio::time::timeout(Duration::from_secs(10), sub.next_push())
            .await
            .expect("delivery stalled");
        if let Some(pubv) = p.get("pub") {
            assert_eq!(pubv["data"]["n"], got, "in order, none lost");
            got += 1;
        }
    }
    // now read the stalled stream: it reports what it dropped
    let mut resp = stalled;
    let mut buf = Vec::new();
    let mut dropped = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while dropped == 0 && tokio::time::Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(5), resp.chunk()).await {
            Ok(Ok(Some(c))) => buf.extend_from_slice(&c),
            // nothing yet (a loaded machine): keep reading until the deadline
            Err(_) => continue,
            Ok(_) => break,
        }
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=i).collect();
            if let Ok(v) = serde_json::from_slice::<Value>(&line) {
                if v["type"] == "dropped" {
                    dropped = v["count"].as_u64().unwrap();
                }
            }
        }
    }
    assert!(dropped > 0, "the stalled tracer must report dropped events");
    s.stop().await;
}

#[tokio::test]
async fn admin_endpoints_need_auth() {
    let s = server().await;
    let post = |key: Option<&'static str>, body: &'static str| {
        let mut rb = reqwest::Client::new()
            .post(s.url("/admin/trace"))
            .body(body);
        if let Some(k) = key {
            rb = rb.header("X-API-Key", k);
        }
        rb.send()
    };
    assert_eq!(
        post(None, r#"{"type":"user","entity":"1"}"#)
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        post(Some("wrong"), r#"{"type":"user","entity":"1"}"#)
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        post(Some(ADMIN_KEY), r#"{"type":"nope","entity":"1"}"#)
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        post(Some(ADMIN_KEY), "not json").await.unwrap().status(),
        400
    );
    // password login, throttled after repeated failures
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "password": "pw", "secret": "admin-secret"});
    let s2 = Server::start(cfg).await;
    let login = |pw: &str| {
        reqwest::Client::new()
            .post(s2.url("/admin/auth"))
            .body(format!("password={pw}"))
            .send()
    };
    let r = login("pw").await.unwrap();
    assert_eq!(r.status(), 200);
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = reqwest::Client::new()
        .post(s2.url("/admin/trace"))
        .header("Authorization", format!("token {token}"))
        .body(r#"{"type":"user","entity":"1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(r);
    for _ in 0..5 {
        assert_eq!(login("wrong").await.unwrap().status(), 400);
    }
    assert_eq!(
        login("pw").await.unwrap().status(),
        429,
        "throttled after 5 failures"
    );
    // off by default
    let s3 = Server::start(super::util::test_config()).await;
    let r = reqwest::Client::new()
        .post(s3.url("/admin/trace"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    s.stop().await;
    s2.stop().await;
    s3.stop().await;
}

/// Reads a `/admin/trace` stream until an event matches `pred` (bounded in time).
pub async fn stream_until(resp: &mut reqwest::Response, pred: impl Fn(&Value) -> bool) -> bool {
    let mut buf = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(5), resp.chunk()).await {
            Ok(Ok(Some(c))) => buf.extend_from_slice(&c),
            _ => return false,
        }
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=i).collect();
            if let Ok(v) = serde_json::from_slice::<Value>(&line) {
                if pred(&v) {
                    return true;
                }
            }
        }
    }
    false
}

pub async fn attach(s: &Server, body: &str) -> reqwest::Response {
    let r = reqwest::Client::new()
        .post(s.url("/admin/trace"))
        .header("X-API-Key", ADMIN_KEY)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r
}

#[tokio::test]
async fn user_tracers_see_deliveries_to_connections_that_existed_before_them() {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    // this client reads only at the end: no pings meanwhile
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let s = Server::start(cfg).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:pre"}})).await;
    let is_push = |n: i64| {
        move |v: &Value| v["type"] == "push" && v["payload"]["push"]["pub"]["data"]["n"] == n
    };
    // two tracers on the same user; the connection was there before either
    let mut first = attach(&s, r#"{"type":"user","entity":"42"}"#).await;
    let mut second = attach(&s, r#"{"type":"user","entity":"42"}"#).await;
    s.api("publish", json!({"channel": "chat:pre", "data": {"n": 1}}))
        .await;
    assert!(stream_until(&mut first, is_push(1)).await);
    assert!(stream_until(&mut second, is_push(1)).await);
    // one tracer leaves: the other still sees deliveries
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.api("publish", json!({"channel": "chat:pre", "data": {"n": 2}}))
        .await;
    assert!(stream_until(&mut second, is_push(2)).await);
    // every tracer gone, then a new one: still flagged correctly
    drop(second);
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.api("publish", json!({"channel": "chat:pre", "data": {"n": 3}}))
        .await;
    let mut third = attach(&s, r#"{"type":"user","entity":"42"}"#).await;
    s.api("publish", json!({"channel": "chat:pre", "data": {"n": 4}}))
        .await;
    assert!(stream_until(&mut third, is_push(4)).await);
    let mut n = 1;
    while n <= 4 {
        let p = c.next_push().await;
        if p.get("pub").is_some() {
            assert_eq!(p["pub"]["data"]["n"], n, "{p}");
            n += 1;
        }
    }
    s.stop().await;
}

/// Issue 14: the trace shows the personal channel's server-side subscription, after the
/// connect, with where it came from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_user_shows_the_personal_channel_subscription() {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    cfg["client"]["subscribe_to_user_personal_channel"] = json!({"enabled": true});
    let s = Server::start_binary(cfg).await;
    let t = TraceProc::start(&s, &["user", "42"]);
    let (_c, connect) = Client::connect(&s.ws_url(), "42").await;
    assert!(connect["subs"].get("#42").is_some(), "{connect}");
    t.wait_for("the personal subscription", |evs| {
        evs.iter().any(|e| {
            e["type"] == "subscribe"
                && e["channel"] == "#42"
                && e["payload"]["server_side"] == true
                && e["payload"]["source"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("personal channel"))
        })
    })
    .await;
    in_order(&types(&t.events()), &["connect", "subscribe"]);
    t.interrupt();
}

/// Issue 15 (14): after Ctrl-C the summary starts on a line of its own (the terminal has just
/// echoed `^C`), and the exit code is 130.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_summary_starts_on_a_new_line() {
    let s = server().await;
    let home = super::util::fresh_dir("trace-int");
    let mut child = Command::new(bin())
        .args([
            "-s",
            &format!("http://{}", s.addr),
            "--admin-key",
            ADMIN_KEY,
        ])
        .args(["trace", "user", "42", "-o", "table"])
        .env("XDG_CONFIG_HOME", &home)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err_lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = err_lines.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            if l.starts_with("tracing ") {
                let _ = tx.send(());
            }
            sink.lock().unwrap().push(l);
        }
    });
    rx.recv_timeout(Duration::from_secs(15))
        .expect("trace did not attach within 15s");
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap().status)
        .await
        .unwrap();
    assert_eq!(status.code(), Some(130));
    let lines = err_lines.lock().unwrap().clone();
    let at = lines
        .iter()
        .position(|l| l.contains(" events (") && l.contains("dropped by the server"))
        .unwrap_or_else(|| panic!("no summary: {lines:?}"));
    assert!(
        at > 0 && lines[at - 1].is_empty(),
        "the summary follows a line break: {lines:?}"
    );
    // the server logs readable fields, not Rust debug values such as `User("42")`
    let log = s.log();
    let attached = log
        .lines()
        .find(|l| l.contains("tracer attached"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        attached.contains("user") && attached.contains("42") && !attached.contains("User("),
        "{attached}"
    );
    s.stop().await;
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_channel_shows_map_changes_with_their_keys() {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    super::util::with_namespace(
        &mut cfg,
        "maps",
        &json!({"subscription_type": "map", "map": {"mode": "persistent"}}),
    );
    let s = Server::start_binary(cfg).await;
    let t = TraceProc::start(&s, &["channel", "maps:doc"]);
    s.api(
        "map_publish",
        json!({"channel": "maps:doc", "key": "title", "data": {"text": "hi"}}),
    )
    .await;
    s.api("map_remove", json!({"channel": "maps:doc", "key": "title"}))
        .await;
    t.wait_for("two map changes", |e| {
        e.iter().filter(|e| e["type"] == "publication").count() == 2
    })
    .await;
    let evs = t.interrupt();
    let pubs: Vec<&Value> = evs.iter().filter(|e| e["type"] == "publication").collect();
    assert_eq!(pubs[0]["payload"]["key"], "title");
    assert_eq!(pubs[0]["payload"]["data"], json!({"text": "hi"}));
    assert_eq!(pubs[0]["payload"]["offset"], 1);
    assert_eq!(
        (
            pubs[1]["payload"]["key"].as_str(),
            pubs[1]["payload"]["removed"].as_bool()
        ),
        (Some("title"), Some(true))
    );
    s.stop().await;
}

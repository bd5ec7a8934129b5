//! Push notifications, part 1 (issue 16): the device and topic registry through the real HTTP
//! API of an in-process server, inside `/api/batch`, with push off, across a restart, and
//! `centri serve` with its data directory (and a corrupt store file). Every API test runs on
//! both stores (`…::sqlite` on a temporary file, `…::postgresql` on a database of the test
//! process's `PostgreSQL`). Nodes sharing one `PostgreSQL` are in `push_cluster`.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use super::postgres::Postgres;
use super::util::{fresh_dir, test_config, Proc, Server, API_KEY};

/// A real Push API subscription's keys (RFC 8291 §5).
const P256DH: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

/// The stores every API test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Sqlite,
    Postgresql,
}

/// A test's own store: a file in a fresh directory, or a fresh database on the test process's
/// `PostgreSQL`. The directory goes on drop.
pub(super) struct Db {
    kind: Kind,
    pub(super) dir: PathBuf,
    /// The database's DSN (`PostgreSQL` only).
    pub(super) dsn: String,
}

impl Db {
    pub(super) async fn new(kind: Kind, tag: &str) -> Self {
        let dsn = match kind {
            Kind::Sqlite => String::new(),
            Kind::Postgresql => fresh_database().await,
        };
        Self {
            kind,
            dir: fresh_dir(tag),
            dsn,
        }
    }

    /// The test config with push on in this store, and small limits.
    pub(super) fn config(&self) -> Value {
        let mut c = test_config();
        c["push_notifications"] = json!({
            "enabled": true,
            "max_topics_per_device": 4,
            "max_devices_per_user": 3
        });
        match self.kind {
            Kind::Sqlite => {
                let path = self.dir.join("push.sqlite3");
                c["push_notifications"]["sqlite"] = json!({"path": path.to_str().unwrap()});
            }
            Kind::Postgresql => {
                c["database"] = json!({"postgresql": {"dsn": self.dsn, "pool_max_size": 4}});
            }
        }
        c
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh database on the test process's `PostgreSQL` (started on first use, off the async
/// workers).
async fn fresh_database() -> String {
    tokio::task::spawn_blocking(|| Postgres::shared().database())
        .await
        .unwrap()
}

/// Runs each named `async fn(Kind)` once per store, as `<name>::sqlite` and
/// `<name>::postgresql`.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::Kind::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgresql() {
                super::$name(super::Kind::Postgresql).await;
            }
        }
    )*};
}

on_both_stores!(
    registry_through_the_http_api,
    bad_input_gets_107_naming_the_field,
    push_methods_work_inside_batch,
    concurrent_registers_leave_one_device,
    devices_survive_a_restart,
    user_trace_shows_device_events,
    admin_push_stats,
);

/// Calls `method`; the `result` object, or a panic with the whole reply.
pub(super) async fn ok(s: &Server, method: &str, body: Value) -> Value {
    let (code, r) = s.api(method, body.clone()).await;
    assert_eq!(code, 200, "{method} {body}: {r}");
    r.get("result")
        .unwrap_or_else(|| panic!("{method} {body}: {r}"))
        .clone()
}

/// Calls `method` expecting an API error; (code, message).
async fn err(s: &Server, method: &str, body: Value) -> (u64, String) {
    let (status, r) = s.api(method, body.clone()).await;
    assert_eq!(status, 200, "{method} {body}: {r}");
    let e = r
        .get("error")
        .unwrap_or_else(|| panic!("{method} {body}: expected an error, got {r}"));
    (
        e["code"].as_u64().unwrap(),
        e["message"].as_str().unwrap().to_string(),
    )
}

pub(super) async fn register(s: &Server, body: Value) -> String {
    ok(s, "device_register", body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub(super) fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

fn webpush_token(endpoint: &str) -> String {
    json!({"endpoint": endpoint, "expirationTime": null, "keys": {"p256dh": P256DH, "auth": AUTH}})
        .to_string()
}

async fn registry_through_the_http_api(kind: Kind) {
    let db = Db::new(kind, "push-api").await;
    let s = Server::start(db.config()).await;

    // user topics first: a device registered later gets them
    ok(
        &s,
        "user_topic_update",
        json!({"user": "alice", "op": "add", "topics": ["news"]}),
    )
    .await;
    let a = register(
        &s,
        json!({"provider": "fcm", "token": "fcm-1", "platform": "android", "user": "alice",
               "topics": ["own"], "meta": {"app": "1.0"}, "timezone": "Europe/Nicosia", "locale": "en-US"}),
    )
    .await;
    // re-registering the token updates the same device
    let again = register(
        &s,
        json!({"provider": "fcm", "token": "fcm-1", "platform": "android", "user": "alice",
               "topics": ["own"], "meta": {"app": "1.1"}}),
    )
    .await;
    assert_eq!(a, again);
    let b = register(
        &s,
        json!({"provider": "apns", "token": "apns-1", "platform": "ios", "user": "bob"}),
    )
    .await;
    let w = register(
        &s,
        json!({"provider": "webpush", "token": webpush_token("https://push.example.net/sub/1"),
               "platform": "web", "user": "alice"}),
    )
    .await;

    let all = ok(
        &s,
        "device_list",
        json!({"filter": {}, "include_total_count": true, "include_topics": true, "include_meta": true,
               "include_webpush_keys": true}),
    )
    .await;
    assert_eq!(all["total_count"], 3, "{all}");
    assert!(all.get("next_cursor").is_none(), "{all}");
    let dev = |id: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    let da = dev(&a);
    assert_eq!(da["meta"], json!({"app": "1.1"}));
    assert_eq!(da["topics"], json!(["news", "own"]));
    assert!(
        da.get("timezone").is_none(),
        "register states the whole device: {da}"
    );
    let dw = dev(&w);
    assert_eq!(
        dw["token"], "https://push.example.net/sub/1",
        "the endpoint is the token"
    );
    let keys: Value = serde_json::from_str(dw["webpush_keys"].as_str().unwrap()).unwrap();
    assert_eq!(keys, json!({"p256dh": P256DH, "auth": AUTH}));
    assert_eq!(dw["topics"], json!(["news"]));

    // without the include flags: no meta, topics, keys or total
    let plain = ok(&s, "device_list", json!({"filter": {"users": ["alice"]}})).await;
    assert_eq!(plain["items"].as_array().unwrap().len(), 2);
    for d in plain["items"].as_array().unwrap() {
        for k in ["meta", "topics", "webpush_keys"] {
            assert!(d.get(k).is_none(), "{k} in {d}");
        }
    }
    assert!(plain.get("total_count").is_none());
    for (filter, want) in [
        (json!({"providers": ["apns"]}), vec![b.clone()]),
        (json!({"platforms": ["web"]}), vec![w.clone()]),
        (json!({"topics": ["own"]}), vec![a.clone()]),
        (json!({"ids": [b.clone()], "users": ["alice"]}), vec![]),
    ] {
        let page = ok(&s, "device_list", json!({ "filter": filter })).await;
        assert_eq!(ids(&page), want, "{filter}");
    }

    // cursor pages of one
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let page = ok(
            &s,
            "device_list",
            json!({"filter": {}, "limit": 1, "cursor": cursor}),
        )
        .await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let mut want = vec![a.clone(), b.clone(), w.clone()];
    want.sort();
    assert_eq!(seen, want);

    // user topics apply to the user's devices at once
    ok(
        &s,
        "user_topic_update",
        json!({"user": "alice", "op": "set", "topics": ["sport"]}),
    )
    .await;
    let dt = ok(
        &s,
        "device_topic_list",
        json!({"filter": {"device_users": ["alice"]}, "include_total_count": true}),
    )
    .await;
    let pairs: Vec<(String, String)> = dt["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["device_id"].as_str().unwrap().into(),
                t["topic"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(dt["total_count"], 3, "{dt}");
    for (d, t) in [(&a, "own"), (&a, "sport"), (&w, "sport")] {
        assert!(
            pairs.contains(&(d.clone(), t.into())),
            "{d} {t} in {pairs:?}"
        );
    }
    let ut = ok(
        &s,
        "user_topic_list",
        json!({"filter": {"users": ["alice"]}, "include_total_count": true}),
    )
    .await;
    assert_eq!(ut["total_count"], 1);
    assert_eq!(ut["items"][0]["topic"], "sport");
    assert!(ut["items"][0]["id"].is_string());

    // device topics: the ownership guard, then an update
    let (code, _) = err(
        &s,
        "device_topic_update",
        json!({"device_id": b, "op": "add", "topics": ["x"], "user": "alice"}),
    )
    .await;
    assert_eq!(code, 113);
    ok(
        &s,
        "device_topic_update",
        json!({"device_id": b, "op": "add", "topics": ["x"], "user": "bob"}),
    )
    .await;
    let dt = ok(
        &s,
        "device_topic_list",
        json!({"filter": {"topic_prefix": "x"}, "include_device": true}),
    )
    .await;
    assert_eq!(dt["items"][0]["device"]["user"], "bob", "{dt}");

    // device_update by user, then remove
    ok(
        &s,
        "device_update",
        json!({"users": ["bob"], "user_update": {"user": "carol"},
               "topics_update": {"op": "set", "topics": ["y"]}}),
    )
    .await;
    let carol = ok(
        &s,
        "device_list",
        json!({"filter": {"users": ["carol"]}, "include_topics": true}),
    )
    .await;
    assert_eq!(ids(&carol), std::slice::from_ref(&b));
    assert_eq!(carol["items"][0]["topics"], json!(["y"]));
    ok(&s, "device_remove", json!({"ids": [a]})).await;
    ok(&s, "device_remove", json!({"users": ["carol"]})).await;
    let left = ok(&s, "device_list", json!({"filter": {}})).await;
    assert_eq!(ids(&left), [w]);
    s.stop().await;
}

async fn bad_input_gets_107_naming_the_field(kind: Kind) {
    let db = Db::new(kind, "push-bad").await;
    let s = Server::start(db.config()).await;
    let reg = |extra: Value| {
        let mut r = json!({"provider": "fcm", "token": "t", "platform": "android"});
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        r
    };
    let cases = [
        (
            "device_register",
            reg(json!({"provider": "gcm"})),
            "provider",
        ),
        (
            "device_register",
            reg(json!({"platform": "windows"})),
            "platform",
        ),
        ("device_register", reg(json!({"token": ""})), "token"),
        (
            "device_register",
            reg(json!({"token": "x".repeat(5000)})),
            "token",
        ),
        ("device_register", reg(json!({"id": "not-an-id"})), "id"),
        (
            "device_register",
            reg(json!({"topics": ["a", "b", "c", "d", "e"]})),
            "topics",
        ),
        (
            "device_register",
            reg(
                json!({"provider": "webpush", "platform": "web", "token": "{\"endpoint\":\"https://a.example/x\"}"}),
            ),
            "token.keys",
        ),
        (
            "device_register",
            reg(json!({"provider": "webpush", "platform": "web",
                       "token": webpush_token("http://insecure.example/x")})),
            "token.endpoint",
        ),
        (
            "device_register",
            reg(json!({"provider": "webpush", "platform": "web", "token": "fcm-looking-token"})),
            "token",
        ),
        (
            "device_register",
            reg(json!({"timezone": "Mars/Olympus Mons"})),
            "timezone",
        ),
        (
            "device_register",
            reg(json!({"locale": "klingon language"})),
            "locale",
        ),
        (
            "device_update",
            json!({"user_update": {"user": "x"}}),
            "ids",
        ),
        (
            "device_update",
            json!({"ids": ["x"], "topics_update": {"op": "replace", "topics": []}}),
            "topics_update.op",
        ),
        ("device_remove", json!({}), "ids"),
        (
            "device_list",
            json!({"filter": {"providers": ["sms"]}}),
            "filter.providers[0]",
        ),
        ("device_list", json!({"filter": {}, "limit": 5000}), "limit"),
        ("device_topic_list", json!({"cursor": "abc"}), "cursor"),
        (
            "device_topic_update",
            json!({"op": "add", "topics": ["a"]}),
            "device_id",
        ),
        (
            "user_topic_update",
            json!({"user": "u", "op": "", "topics": ["a"]}),
            "op",
        ),
        (
            "user_topic_update",
            json!({"user": "u", "op": "add", "topics": [""]}),
            "topics[0]",
        ),
        // NUL (which PostgreSQL text cannot hold) is refused by both stores alike
        ("device_register", reg(json!({"user": "a\u{0}b"})), "user"),
        (
            "device_list",
            json!({"filter": {"users": ["\u{0}"]}}),
            "filter.users[0]",
        ),
        ("device_list", json!({"cursor": "\u{0}"}), "cursor"),
        (
            "device_topic_update",
            json!({"device_id": "x\u{0}", "op": "add", "topics": ["a"]}),
            "device_id",
        ),
        (
            "user_topic_update",
            json!({"user": "\u{0}", "op": "add", "topics": ["a"]}),
            "user",
        ),
        (
            "user_topic_list",
            json!({"filter": {"topics": ["\u{0}"]}}),
            "filter.topics[0]",
        ),
    ];
    for (method, body, field) in cases {
        let (code, message) = err(&s, method, body.clone()).await;
        assert_eq!(code, 107, "{method} {body}: {message}");
        assert!(
            message.starts_with(&format!("bad request: {field}: ")),
            "{method} {body}: {message:?} should name {field}"
        );
    }
    // too many devices for one user: the fourth is refused and not written
    for i in 0..3 {
        register(&s, reg(json!({"token": format!("t{i}"), "user": "u"}))).await;
    }
    let (code, message) = err(
        &s,
        "device_register",
        reg(json!({"token": "t3", "user": "u"})),
    )
    .await;
    assert_eq!(code, 107);
    assert!(message.contains("max_devices_per_user"), "{message}");
    let page = ok(
        &s,
        "device_list",
        json!({"filter": {"users": ["u"]}, "include_total_count": true}),
    )
    .await;
    assert_eq!(page["total_count"], 3);
    // unknown ids: 104 where one device is named, nothing selected in filters
    let unknown = "0190a0a0-0000-7000-8000-000000000000";
    let (code, message) = err(
        &s,
        "device_topic_update",
        json!({"device_id": unknown, "op": "add", "topics": ["a"]}),
    )
    .await;
    assert_eq!((code, message.as_str()), (104, "not found"));
    let (code, _) = err(
        &s,
        "device_register",
        reg(json!({"id": unknown, "token": "new"})),
    )
    .await;
    assert_eq!(code, 104);
    ok(&s, "device_remove", json!({"ids": [unknown]})).await;
    let page = ok(&s, "device_list", json!({"filter": {"ids": [unknown]}})).await;
    assert_eq!(page, json!({"items": []}));
    // a body that is not the method's JSON is HTTP 400, as for every method
    let (status, _) = s
        .api("device_register", json!({"topics": "not a list"}))
        .await;
    assert_eq!(status, 400);
    s.stop().await;
}

async fn push_methods_work_inside_batch(kind: Kind) {
    let db = Db::new(kind, "push-batch").await;
    let s = Server::start(db.config()).await;
    let (code, r) = s
        .api(
            "batch",
            json!({"commands": [
                {"device_register": {"provider": "hms", "token": "h1", "platform": "android", "user": "u"}},
                {"device_register": {"provider": "nope", "token": "h2", "platform": "android"}},
                {"user_topic_update": {"user": "u", "op": "add", "topics": ["t"]}},
                {"device_list": {"filter": {"topics": ["t"]}, "include_topics": true}},
                {"publish": {"channel": "chat:x", "data": {}}}
            ]}),
        )
        .await;
    assert_eq!(code, 200, "{r}");
    let replies = r["replies"].as_array().unwrap();
    let id = replies[0]["device_register"]["id"].as_str().unwrap();
    assert_eq!(replies[1]["error"]["code"], 107, "{r}");
    assert!(replies[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("provider"));
    assert_eq!(replies[2], json!({"user_topic_update": {}}));
    let list = &replies[3]["device_list"];
    assert_eq!(list["items"][0]["id"], id, "{r}");
    assert_eq!(list["items"][0]["topics"], json!(["t"]));
    assert!(replies[4].get("publish").is_some(), "{r}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_off_answers_108() {
    let s = Server::start(test_config()).await;
    for method in [
        "device_register",
        "device_update",
        "device_remove",
        "device_list",
        "device_topic_list",
        "device_topic_update",
        "user_topic_list",
        "user_topic_update",
    ] {
        let (code, message) = err(&s, method, json!({})).await;
        assert_eq!((code, message.as_str()), (108, "not available"), "{method}");
    }
    let (_, r) = s
        .api("batch", json!({"commands": [{"device_list": {}}]}))
        .await;
    assert_eq!(r["replies"][0]["error"]["code"], 108, "{r}");
    s.stop().await;
}

/// 50 concurrent `device_register` calls with one token leave exactly one device.
async fn concurrent_registers_leave_one_device(kind: Kind) {
    let db = Db::new(kind, "push-race").await;
    let s = std::sync::Arc::new(Server::start(db.config()).await);
    let calls = (0..50).map(|i| {
        let s = s.clone();
        tokio::spawn(async move {
            register(
                &s,
                json!({"provider": "apns", "token": "same", "platform": "ios", "user": format!("u{}", i % 3)}),
            )
            .await
        })
    });
    let got: Vec<String> = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(got.iter().all(|id| *id == got[0]), "{got:?}");
    let page = ok(
        &s,
        "device_list",
        json!({"filter": {}, "include_total_count": true}),
    )
    .await;
    assert_eq!(page["total_count"], 1, "{page}");
    let Ok(s) = std::sync::Arc::try_unwrap(s) else {
        panic!("a call still holds the server")
    };
    s.stop().await;
}

async fn devices_survive_a_restart(kind: Kind) {
    let db = Db::new(kind, "push-restart").await;
    let s = Server::start(db.config()).await;
    let id = register(
        &s,
        json!({"provider": "fcm", "token": "keep", "platform": "android", "user": "ü 'x'", "topics": ["t"]}),
    )
    .await;
    s.stop().await;
    let s = Server::start(db.config()).await;
    let page = ok(
        &s,
        "device_list",
        json!({"filter": {"users": ["ü 'x'"]}, "include_topics": true}),
    )
    .await;
    assert_eq!(ids(&page), [id]);
    assert_eq!(page["items"][0]["topics"], json!(["t"]));
    s.stop().await;
}

/// `centri serve` keeps the store in `--data-dir`, and refuses (exit 2, naming the file) a
/// store file that is not `SQLite`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_keeps_the_store_in_the_data_dir() {
    let dir = fresh_dir("push-serve");
    let data = dir.join("data");
    let cfg = dir.join("config.json");
    let mut c = test_config();
    c["push_notifications"] = json!({"enabled": true});
    std::fs::write(&cfg, c.to_string()).unwrap();
    let args: Vec<String> = vec![
        "--config".into(),
        cfg.to_str().unwrap().into(),
        "--data-dir".into(),
        data.to_str().unwrap().into(),
    ];
    let serve_args = args.clone();
    let mut p = tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = serve_args.iter().map(String::as_str).collect();
        Proc::serve(&a, &[])
    })
    .await
    .unwrap();
    let r: Value = reqwest::Client::new()
        .post(format!("http://{}/api/device_register", p.addr))
        .header("X-API-Key", API_KEY)
        .body(json!({"provider": "fcm", "token": "t", "platform": "ios"}).to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(r["result"]["id"].is_string(), "{r}");
    let status = tokio::task::spawn_blocking(move || p.terminate())
        .await
        .unwrap();
    assert!(status.success());
    let db = data.join("push.sqlite3");
    assert!(db.exists(), "no {}", db.display());

    std::fs::write(&db, "not a database at all\n".repeat(100)).unwrap();
    let _ = std::fs::remove_file(data.join("push.sqlite3-wal"));
    let _ = std::fs::remove_file(data.join("push.sqlite3-shm"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_centri"))
        .args(["serve", "--port", "0", "--address", "127.0.0.1"])
        .args(&args)
        .env("XDG_CONFIG_HOME", &dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut code = None;
    for _ in 0..200 {
        if let Some(s) = child.try_wait().unwrap() {
            code = s.code();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if code.is_none() {
        let _ = child.kill();
        panic!("serve kept running on a corrupt push store");
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(db.to_str().unwrap()), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Reads a `/admin/trace` stream until it has seen an event of each kind in `want`, in order
/// (bounded in time); the events seen.
async fn trace_until(resp: &mut reqwest::Response, want: &[&str]) -> Vec<Value> {
    let mut buf = Vec::new();
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        let kinds: Vec<&str> = seen
            .iter()
            .filter_map(|v: &Value| v["type"].as_str())
            .collect();
        if kinds == want {
            break;
        }
        match tokio::time::timeout(Duration::from_secs(5), resp.chunk()).await {
            Ok(Ok(Some(c))) => buf.extend_from_slice(&c),
            _ => break,
        }
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=i).collect();
            if let Ok(v) = serde_json::from_slice::<Value>(&line) {
                if v["type"].as_str().is_some_and(|t| t.starts_with("device_")) {
                    seen.push(v);
                }
            }
        }
    }
    seen
}

/// A user trace shows that user's device register, update and remove events.
async fn user_trace_shows_device_events(kind: Kind) {
    let db = Db::new(kind, "push-trace").await;
    let mut cfg = db.config();
    cfg["admin"] = json!({"enabled": true, "api_key": "test-admin-key"});
    let s = Server::start(cfg).await;
    let mut tr = reqwest::Client::new()
        .post(s.url("/admin/trace"))
        .header("X-API-Key", "test-admin-key")
        .body(r#"{"type":"user","entity":"tracy"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(tr.status(), 200);
    // someone else's device is not shown
    register(
        &s,
        json!({"provider": "fcm", "token": "other", "platform": "ios", "user": "else"}),
    )
    .await;
    let id = register(
        &s,
        json!({"provider": "fcm", "token": "mine", "platform": "ios", "user": "tracy"}),
    )
    .await;
    ok(
        &s,
        "device_update",
        json!({"ids": [id], "locale_update": {"locale": "fr-CA"}}),
    )
    .await;
    ok(&s, "device_remove", json!({"users": ["tracy"]})).await;
    let seen = trace_until(
        &mut tr,
        &["device_register", "device_update", "device_remove"],
    )
    .await;
    let kinds: Vec<&str> = seen.iter().filter_map(|v| v["type"].as_str()).collect();
    assert_eq!(
        kinds,
        ["device_register", "device_update", "device_remove"],
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .all(|v| v["user"] == "tracy" && v["payload"]["id"] == id),
        "{seen:?}"
    );
    assert_eq!(seen[0]["payload"]["provider"], "fcm");
    assert_eq!(
        seen[1]["payload"]["update"]["locale_update"]["locale"],
        "fr-CA"
    );
    assert!(
        seen[0]["payload"].get("token").is_none(),
        "tokens stay out of traces"
    );
    drop(tr);
    s.stop().await;
}

/// centri's `GET /admin/push/stats` (the dashboard's Push view reads it): counts by provider
/// and platform and the largest topics, behind the admin key, 404 with push off, and the
/// typed client's method.
async fn admin_push_stats(kind: Kind) {
    const ADMIN: &str = "push-admin-key";
    let db = Db::new(kind, "push-stats").await;
    let mut c = db.config();
    c["admin"] = json!({"enabled": true, "api_key": ADMIN});
    let s = Server::start(c.clone()).await;
    for (i, (provider, platform)) in [("fcm", "android"), ("fcm", "ios"), ("apns", "ios")]
        .into_iter()
        .enumerate()
    {
        let topics: Vec<String> = (0..=i).map(|t| format!("t{t}")).collect();
        register(
            &s,
            json!({"provider": provider, "platform": platform, "token": format!("tok{i}"),
                   "user": format!("u{i}"), "topics": topics}),
        )
        .await;
    }
    let get = |path: &str, key: Option<&str>| {
        let mut rb = reqwest::Client::new().get(s.url(path));
        if let Some(k) = key {
            rb = rb.header("X-API-Key", k);
        }
        rb.send()
    };
    let r = get("/admin/push/stats?top=2", Some(ADMIN)).await.unwrap();
    assert_eq!(r.status(), 200);
    let st: Value = r.json().await.unwrap();
    assert_eq!(
        st,
        json!({"devices": 3,
               "by_provider": {"apns": 1, "fcm": 2, "hms": 0, "webpush": 0},
               "by_platform": {"android": 1, "ios": 2, "web": 0},
               "top_topics": [{"topic": "t0", "devices": 3}, {"topic": "t1", "devices": 2}]})
    );
    assert_eq!(get("/admin/push/stats", None).await.unwrap().status(), 401);
    let r = get("/admin/push/stats?top=many", Some(ADMIN))
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("top"));

    let client = centri::client::Client::new(
        &format!("http://{}", s.addr),
        Some(API_KEY.into()),
        Duration::from_secs(5),
        false,
    )
    .unwrap();
    let st = client.push_stats(Some(ADMIN), 10).await.unwrap();
    assert_eq!((st.devices, st.top_topics.len()), (3, 3));
    s.stop().await;

    // push off: 404 naming the switch
    c["push_notifications"]["enabled"] = json!(false);
    let s = Server::start(c).await;
    let r = reqwest::Client::new()
        .get(s.url("/admin/push/stats"))
        .header("X-API-Key", ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("push_notifications.enabled"));
}

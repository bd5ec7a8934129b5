//! Push notifications on one `PostgreSQL` shared by several nodes (issue 16): two in-process
//! nodes racing to register one token, two `centri serve` nodes on the Redis engine seeing the
//! same devices and topics (and a `SQLite` node of the same cluster warning that its devices
//! are its own), and `centri serve` refusing a `PostgreSQL` it cannot use.

use std::time::Duration;

use serde_json::{json, Value};

use super::postgres::Postgres;
use super::push::{ids, ok, register, Db, Kind};
use super::redis::Redis;
use super::util::{fresh_dir, test_config, Server};

/// Two in-process nodes on one `PostgreSQL` database: 50 concurrent `device_register` calls
/// with one token, spread over both, leave exactly one device, which both nodes list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registers_on_two_nodes_leave_one_device() {
    let db = Db::new(Kind::Postgresql, "push-race2").await;
    let nodes = [
        std::sync::Arc::new(Server::start(db.config()).await),
        std::sync::Arc::new(Server::start(db.config()).await),
    ];
    let calls = (0..50).map(|i| {
        let s = nodes[i % 2].clone();
        tokio::spawn(async move {
            register(
                &s,
                json!({"provider": "fcm", "token": "one-token", "platform": "android",
                       "user": format!("u{}", i % 3), "topics": [format!("t{}", i % 4)]}),
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
    for s in &nodes {
        let page = ok(
            s,
            "device_list",
            json!({"filter": {}, "include_total_count": true, "include_topics": true}),
        )
        .await;
        assert_eq!(page["total_count"], 1, "{page}");
        assert_eq!(ids(&page), [got[0].clone()]);
        assert_eq!(
            page["items"][0]["topics"].as_array().unwrap().len(),
            1,
            "the last register states the topics: {page}"
        );
    }
    for s in nodes {
        let Ok(s) = std::sync::Arc::try_unwrap(s) else {
            panic!("a call still holds a server")
        };
        s.stop().await;
    }
}

/// Two `centri serve` nodes on the Redis engine with one `PostgreSQL` see the same devices and
/// topics, and neither warns that devices are per node; a node of the same cluster on `SQLite`
/// does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_redis_share_one_postgresql() {
    let redis = Redis::start();
    let db = Db::new(Kind::Postgresql, "push-cluster").await;
    let node = |name: &str| {
        let mut c = db.config();
        c["node"]["name"] = json!(name);
        c["engine"] = json!({"type": "redis", "redis": {
            "address": format!("127.0.0.1:{}", redis.port),
            "prefix": format!("push{}", redis.port)}});
        c
    };
    let a = Server::start_binary(node("a")).await;
    let b = Server::start_binary(node("b")).await;

    // registered on A, listed on B
    ok(
        &a,
        "user_topic_update",
        json!({"user": "alice", "op": "add", "topics": ["news"]}),
    )
    .await;
    let id = register(
        &a,
        json!({"provider": "apns", "token": "cluster-tok", "platform": "ios", "user": "alice",
               "topics": ["own"], "meta": {"k": "v"}}),
    )
    .await;
    let page = ok(
        &b,
        "device_list",
        json!({"filter": {"users": ["alice"]}, "include_topics": true, "include_meta": true}),
    )
    .await;
    assert_eq!(ids(&page), std::slice::from_ref(&id));
    assert_eq!(page["items"][0]["topics"], json!(["news", "own"]));
    assert_eq!(page["items"][0]["meta"], json!({"k": "v"}));
    let dt = ok(
        &b,
        "device_topic_list",
        json!({"filter": {"device_ids": [id]}, "include_total_count": true}),
    )
    .await;
    assert_eq!(dt["total_count"], 2, "{dt}");
    let ut = ok(
        &b,
        "user_topic_list",
        json!({"filter": {"users": ["alice"]}}),
    )
    .await;
    assert_eq!(ut["items"][0]["topic"], "news", "{ut}");

    // a user topic set on B reaches the device A lists
    ok(
        &b,
        "user_topic_update",
        json!({"user": "alice", "op": "set", "topics": ["sport"]}),
    )
    .await;
    let page = ok(
        &a,
        "device_list",
        json!({"filter": {"ids": [id]}, "include_topics": true}),
    )
    .await;
    assert_eq!(page["items"][0]["topics"], json!(["own", "sport"]));
    // and a device removed on B is gone on A
    ok(&b, "device_remove", json!({"users": ["alice"]})).await;
    let page = ok(&a, "device_list", json!({"filter": {}})).await;
    assert_eq!(page, json!({"items": []}));

    // a SQLite node of the same cluster warns that its devices are its own
    let mut c = node("c");
    c["push_notifications"]["storage"] = json!("sqlite");
    c["push_notifications"]["sqlite"] = json!({"path": db.dir.join("c.sqlite3").to_str().unwrap()});
    let lone = Server::start_binary(c).await;
    let warned = |s: &Server| s.log().contains("will NOT see its devices");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !warned(&lone) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(warned(&lone), "{}", lone.log());
    for s in [&a, &b] {
        assert!(!warned(s), "{}", s.log());
        assert!(s.log().contains("kept in PostgreSQL"), "{}", s.log());
    }
    for s in [a, b, lone] {
        s.stop().await;
    }
}

/// Runs `centri serve` with `config` and the environment `env`, expecting it to stop by itself
/// (bounded); its exit code and stderr.
async fn serve_fails(dir: &std::path::Path, config: &Value, env: &[(&str, &str)]) -> (i32, String) {
    let path = dir.join("config.json");
    std::fs::write(&path, config.to_string()).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_centri"));
    cmd.args(["serve", "--port", "0", "--address", "127.0.0.1", "--config"])
        .arg(&path)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_STATE_HOME", dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut code = None;
    for _ in 0..400 {
        if let Some(s) = child.try_wait().unwrap() {
            code = s.code();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if code.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (
        code.unwrap_or_else(|| panic!("serve kept running: {stderr}")),
        stderr,
    )
}

/// `centri serve` refuses, before it listens (exit 2), a `PostgreSQL` store it cannot use: one
/// it cannot reach (named by host and port, never by its password, set here through
/// `CENTRIFUGO_DATABASE_POSTGRESQL_DSN`), one whose schema is newer than this binary's, and
/// `storage: "postgresql"` without a DSN (naming `database.postgresql.dsn`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_refuses_a_postgresql_it_cannot_use() {
    let dir = fresh_dir("push-pg-refused");
    let mut c = test_config();
    c["push_notifications"] = json!({"enabled": true});
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dsn = format!("postgresql://centri:s3cr3t-pw@127.0.0.1:{port}/push");
    let (code, stderr) =
        serve_fails(&dir, &c, &[("CENTRIFUGO_DATABASE_POSTGRESQL_DSN", &dsn)]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("cannot open the push store"), "{stderr}");
    assert!(!stderr.contains("s3cr3t"), "the password leaked: {stderr}");

    let db = Db::new(Kind::Postgresql, "push-pg-newer").await;
    let s = Server::start(db.config()).await; // migrates
    s.stop().await;
    let version: i64 = tokio::task::spawn_blocking({
        let dsn = db.dsn.clone();
        move || {
            let pg = Postgres::shared();
            pg.sql(
                &dsn,
                "INSERT INTO centri_schema (component, version, applied_at)
                 SELECT 'push', max(version) + 1, 0 FROM centri_schema WHERE component = 'push'
                 RETURNING version",
            )[0][0]
                .as_deref()
                .unwrap()
                .parse()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let (code, stderr) = serve_fails(&dir, &db.config(), &[]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "schema version {version} is newer than this centri supports"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("database.postgresql.dsn"), "{stderr}");

    c["push_notifications"]["storage"] = json!("postgresql");
    let (code, stderr) = serve_fails(&dir, &c, &[]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("database.postgresql.dsn"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

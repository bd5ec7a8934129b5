//! Operation rate limits over real WebSocket clients: 111 replies, `client_error`
//! disconnects, per-user buckets across connections, live edits through
//! `/admin/ratelimit` reaching connected clients, persistence across a restart of the real
//! binary, a corrupt state file at startup, and dry-run.

use std::time::Duration;

use serde_json::{json, Value};

use super::util::{bin, Client, Proc, Server};

const ADMIN_KEY: &str = "rl-admin-key";

fn config(rate_limit: Value) -> Value {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    cfg["client"]["rate_limit"] = rate_limit;
    // these clients are not always read while the test runs: no pings to miss
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    cfg
}

fn bucket(rate: u64, interval: &str) -> Value {
    json!({"enabled": true, "buckets": [{"interval": interval, "rate": rate}]})
}

async fn admin(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = reqwest::Client::new()
        .request(method, s.url(path))
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Centri-Actor", "tester@ci");
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn publish(c: &mut Client, ch: &str) -> Value {
    c.call(json!({"publish": {"channel": ch, "data": {"x": 1}}}))
        .await
}

async fn metric(s: &Server, needle: &str) -> u64 {
    let text = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|l| l.starts_with("centrifugo_rate_limit_hits_over_limit") && l.contains(needle))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::test]
async fn over_the_limit_a_command_gets_111_temporary_and_is_counted() {
    let mut cfg = config(json!({"client_command": {"enabled": true, "publish": bucket(2, "1m")}}));
    cfg["prometheus"] = json!({"enabled": true});
    let s = Server::start(cfg).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:rl"}})).await;
    for _ in 0..2 {
        assert!(publish(&mut c, "chat:rl").await.get("error").is_none());
    }
    let r = publish(&mut c, "chat:rl").await;
    assert_eq!(r["error"]["code"], 111, "{r}");
    assert_eq!(r["error"]["message"], "too many requests");
    assert_eq!(r["error"]["temporary"], true);
    // other operations are not limited, and the connection stays open
    let r = c
        .call(json!({"history": {"channel": "chat:rl", "limit": 10}}))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(
        metric(
            &s,
            r#"limiter="client_command",op="publish",channel_namespace="chat",dry_run="false""#
        )
        .await,
        1
    );
    let (_, v) = admin(&s, reqwest::Method::GET, "/admin/ratelimit", None).await;
    let hit = v["recent_hits"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            hit["rule"].as_str(),
            hit["user"].as_str(),
            hit["dry_run"].as_bool()
        ),
        (Some("client_command.publish"), Some("42"), Some(false))
    );
    s.stop().await;
}

#[tokio::test]
async fn user_command_buckets_are_shared_by_a_users_connections_and_limit_connect() {
    let s = Server::start(config(json!({"user_command": {"enabled": true,
        "publish": bucket(3, "1m"), "connect": bucket(2, "1m")}})))
    .await;
    let (mut a, _) = Client::connect(&s.ws_url(), "7").await;
    let (mut b, _) = Client::connect(&s.ws_url(), "7").await;
    let (mut other, _) = Client::connect(&s.ws_url(), "8").await;
    for c in [&mut a, &mut b, &mut other] {
        c.call(json!({"subscribe": {"channel": "chat:u"}})).await;
    }
    let mut codes = Vec::new();
    for i in 0..4 {
        let c = if i % 2 == 0 { &mut a } else { &mut b };
        codes.push(
            publish(c, "chat:u").await["error"]["code"]
                .as_u64()
                .unwrap_or(0),
        );
    }
    assert_eq!(codes, [0, 0, 0, 111], "3 per user, whatever the connection");
    assert!(publish(&mut other, "chat:u").await.get("error").is_none());
    // a third connect of user 7 within the minute
    let mut c = Client::open(&s.ws_url()).await;
    let r = c
        .call(json!({"connect": {"token": super::util::token("7")}}))
        .await;
    assert_eq!(r["error"]["code"], 111, "{r}");
    assert_eq!(r["error"]["temporary"], true);
    s.stop().await;
}

#[tokio::test]
async fn too_many_error_replies_disconnect_with_3509() {
    let s = Server::start(config(
        json!({"client_error": {"enabled": true, "total": bucket(2, "1m")}}),
    ))
    .await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    for _ in 0..2 {
        let r = c.call(json!({"subscribe": {"channel": "nope:x"}})).await;
        assert_eq!(r["error"]["code"], 102);
    }
    let cmd = json!({"id": 99, "subscribe": {"channel": "nope:x"}});
    c.send_text(&cmd.to_string()).await;
    assert_eq!(c.closed().await, (3509, "too many errors".to_string()));
    s.stop().await;
}

#[tokio::test]
async fn a_live_edit_reaches_connected_clients_at_their_next_command() {
    let s = Server::start(config(json!({}))).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:live"}})).await;
    for _ in 0..5 {
        assert!(publish(&mut c, "chat:live").await.get("error").is_none());
    }
    let (st, r) = admin(
        &s,
        reqwest::Method::PATCH,
        "/admin/ratelimit",
        Some(json!({"set": {"client_command.publish": [{"interval": "1m", "rate": 1}]}})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["applied"], true);
    assert!(r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["key"] == "client_command.publish" && c["new"] == "(live) 1/1m"));
    // no reconnect, no wait: the very next commands see the new limit
    assert!(publish(&mut c, "chat:live").await.get("error").is_none());
    assert_eq!(publish(&mut c, "chat:live").await["error"]["code"], 111);
    // remove it again: the file (no limit) applies
    let (st, _) = admin(
        &s,
        reqwest::Method::PATCH,
        "/admin/ratelimit",
        Some(json!({"remove": ["client_command.publish"]})),
    )
    .await;
    assert_eq!(st, 200);
    assert!(publish(&mut c, "chat:live").await.get("error").is_none());
    // invalid edits are refused with the key named, and change nothing
    let (st, r) = admin(
        &s,
        reqwest::Method::PATCH,
        "/admin/ratelimit",
        Some(json!({"set": {"client_command.publsh": [{"interval": "1s", "rate": 1}]}})),
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        r["error"]
            .as_str()
            .unwrap()
            .contains("client_command.publsh"),
        "{r}"
    );
    let (st, r) = admin(
        &s,
        reqwest::Method::PATCH,
        "/admin/ratelimit",
        Some(json!({"set": {"client_command.publish": [{"interval": "1s", "rate": 0}]}})),
    )
    .await;
    assert_eq!(st, 400, "{r}");
    // the history names who changed what
    let (_, h) = admin(&s, reqwest::Method::GET, "/admin/ratelimit/history", None).await;
    let h = h["history"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert!(
        h[0]["who"].as_str().unwrap().starts_with("tester@ci"),
        "{h:?}"
    );
    // without the admin key: 401
    let r = reqwest::get(s.url("/admin/ratelimit")).await.unwrap();
    assert_eq!(r.status(), 401);
    s.stop().await;
}

#[tokio::test]
async fn dry_run_counts_without_rejecting() {
    let mut cfg = config(
        json!({"client_command": {"enabled": true, "dry_run": true, "publish": bucket(1, "1m")}}),
    );
    cfg["prometheus"] = json!({"enabled": true});
    let s = Server::start(cfg).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:dry"}})).await;
    for _ in 0..5 {
        let r = publish(&mut c, "chat:dry").await;
        assert!(r.get("error").is_none(), "dry-run never rejects: {r}");
    }
    assert_eq!(metric(&s, r#"dry_run="true""#).await, 4);
    assert_eq!(metric(&s, r#"dry_run="false""#).await, 0);
    let (_, v) = admin(&s, reqwest::Method::GET, "/admin/ratelimit", None).await;
    let hits = v["recent_hits"].as_array().unwrap();
    assert_eq!(hits.len(), 4);
    assert!(hits.iter().all(|h| h["dry_run"] == true));
    // switching dry-run off live enforces the same limit
    let (st, _) = admin(
        &s,
        reqwest::Method::PATCH,
        "/admin/ratelimit",
        Some(json!({"dry_run": {"client_command": false}})),
    )
    .await;
    assert_eq!(st, 200);
    assert!(
        publish(&mut c, "chat:dry").await.get("error").is_none(),
        "a new generation starts full"
    );
    assert_eq!(publish(&mut c, "chat:dry").await["error"]["code"], 111);
    s.stop().await;
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = crate::it::util::test_root().join(format!("centri-rl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_edits_survive_a_restart_and_a_corrupt_state_file_stops_startup() {
    let dir = temp("restart");
    let cfg_path = dir.join("config.json");
    std::fs::write(&cfg_path, config(json!({})).to_string()).unwrap();
    let data = dir.join("data");
    let args: Vec<String> = vec![
        "--config".into(),
        cfg_path.to_str().unwrap().into(),
        "--data-dir".into(),
        data.to_str().unwrap().into(),
    ];
    let start_args = args.clone();
    let start = move || {
        let a: Vec<&str> = start_args.iter().map(String::as_str).collect();
        let p = Proc::serve(&a, &[]);
        let addr = p.addr.clone();
        (p, addr)
    };
    let (mut p, addr) = tokio::task::spawn_blocking(start.clone()).await.unwrap();
    let url = |path: &str| format!("http://{addr}{path}");
    let r = reqwest::Client::new()
        .patch(url("/admin/ratelimit"))
        .header("X-API-Key", ADMIN_KEY)
        .json(&json!({"set": {"user_command.publish": [{"interval": "1m", "rate": 1}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let edited: Value = r.json().await.unwrap();
    let generation = edited["view"]["generation"].as_u64().unwrap();
    assert!(generation > 1, "{edited}");
    assert!(p.terminate().success());
    // issue 15 (16): the log shows the change readably, not as a Rust debug struct
    let log = p.stderr.lock().unwrap().clone();
    assert!(
        log.contains("user_command.publish: ") && !log.contains("Change {"),
        "{log}"
    );
    let (mut p, addr) = tokio::task::spawn_blocking(start).await.unwrap();
    let url = |path: &str| format!("http://{addr}{path}");
    let v: Value = reqwest::Client::new()
        .get(url("/admin/ratelimit"))
        .header("X-API-Key", ADMIN_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let e = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "user_command.publish")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (e["buckets"].as_str(), e["source"].as_str()),
        (Some("1/1m"), Some("live")),
        "{v}"
    );
    assert_eq!(
        v["generation"].as_u64(),
        Some(generation),
        "the generation persists with the edits"
    );
    // and it is enforced after the restart
    let (mut c, _) = Client::connect(&format!("ws://{addr}/connection/websocket"), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:r"}})).await;
    assert!(publish(&mut c, "chat:r").await.get("error").is_none());
    assert_eq!(publish(&mut c, "chat:r").await["error"]["code"], 111);
    assert!(p.terminate().success());

    // a damaged state file: the server refuses to start and names the file
    let state = data.join("ratelimits.json");
    let text = std::fs::read_to_string(&state).unwrap();
    std::fs::write(&state, &text[..text.len() / 2]).unwrap();
    let out = std::process::Command::new(bin())
        .args(["serve", "--port", "0", "--address", "127.0.0.1"])
        .args(&args)
        .env("XDG_CONFIG_HOME", &dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(state.to_str().unwrap()) && err.contains("corrupt"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_rate_limited_command_shows_in_the_users_trace() {
    let s = Server::start(config(
        json!({"client_command": {"enabled": true, "publish": bucket(1, "1m")}}),
    ))
    .await;
    let mut resp = reqwest::Client::new()
        .post(s.url("/admin/trace"))
        .header("X-API-Key", ADMIN_KEY)
        .body(r#"{"type":"user","entity":"42"}"#)
        .send()
        .await
        .unwrap();
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:t"}})).await;
    publish(&mut c, "chat:t").await;
    assert_eq!(publish(&mut c, "chat:t").await["error"]["code"], 111);
    let mut buf = Vec::new();
    let mut found = None;
    for _ in 0..50 {
        match tokio::time::timeout(Duration::from_secs(5), resp.chunk()).await {
            Ok(Ok(Some(chunk))) => buf.extend_from_slice(&chunk),
            _ => break,
        }
        found = buf
            .split(|b| *b == b'\n')
            .filter_map(|l| serde_json::from_slice::<Value>(l).ok())
            .find(|e| e["type"] == "rate_limited");
        if found.is_some() {
            break;
        }
    }
    let e = found.expect("a rate_limited trace event");
    assert_eq!(
        (
            e["rule"].as_str(),
            e["channel"].as_str(),
            e["code"].as_u64()
        ),
        (Some("client_command.publish"), Some("chat:t"), Some(111))
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generic_rate_limit_method_and_centri_ratelimit_check() {
    let s = Server::start(config(json!({}))).await;
    let mut got = Vec::new();
    for _ in 0..4 {
        let (st, r) = s
            .api(
                "rate_limit",
                json!({"key": "sms:42", "rate": 3, "interval": "1m"}),
            )
            .await;
        assert_eq!(st, 200);
        got.push((
            r["result"]["allowed"].as_bool().unwrap(),
            r["result"]["remaining"].as_u64().unwrap(),
        ));
    }
    assert_eq!(got, [(true, 2), (true, 1), (true, 0), (false, 0)]);
    let (_, r) = s
        .api(
            "rate_limit",
            json!({"key": "sms:42", "rate": 3, "interval": "1m"}),
        )
        .await;
    let wait = r["result"]["retry_after_ms"].as_u64().unwrap();
    assert!(wait > 0 && wait <= 20_000, "one token per 20 s: {r}");
    for bad in [
        json!({"key": "", "rate": 3, "interval": "1m"}),
        json!({"key": "k", "rate": 0, "interval": "1m"}),
        json!({"key": "k", "rate": 3, "interval": "soon"}),
        json!({"key": "k", "rate": 3, "interval": "1m", "cost": 4}),
        json!({"key": "x".repeat(300), "rate": 3, "interval": "1m"}),
    ] {
        let (_, r) = s.api("rate_limit", bad.clone()).await;
        assert_eq!(r["error"]["code"], 107, "{bad}");
    }
    // the CLI: exit 0 while allowed, 7 when rate limited
    let home = crate::it::util::test_root().join(format!("centri-rlcheck-{}", std::process::id()));
    let run = |args: &[&str]| {
        std::process::Command::new(bin())
            .args([
                "-s",
                &format!("http://{}", s.addr),
                "--api-key",
                super::util::API_KEY,
            ])
            .args(args)
            .env("XDG_CONFIG_HOME", &home)
            .output()
            .unwrap()
    };
    let out = run(&[
        "ratelimit",
        "check",
        "export:7",
        "--rate",
        "1/1h",
        "-o",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["allowed"], true);
    let out = run(&[
        "ratelimit",
        "check",
        "export:7",
        "--rate",
        "1/1h",
        "-o",
        "table",
    ]);
    assert_eq!(out.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&out.stdout).contains("rate limited"));
    let out = run(&["ratelimit", "check", "export:7", "--rate", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    s.stop().await;
}

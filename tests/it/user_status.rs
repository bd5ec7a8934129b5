//! User status (Centrifugo PRO): the `update_user_status`/`get_user_status`/
//! `delete_user_status` API methods, the built-in `update_user_status` client RPC, `online`
//! maintained from live connections, expiry, and `centri user status|touch|forget`.
//! Waits are bounded polls; the only fixed waits prove that something does *not* change.

use std::time::Duration;

use serde_json::{json, Value};

use super::util::{centri_env, fresh_dir, now, test_config, Client, Server, API_KEY};

/// The test config with `user_status` set.
fn config(user_status: Value) -> Value {
    let mut c = test_config();
    c["user_status"] = user_status;
    c["client"]["allow_anonymous_connect_without_token"] = json!(true);
    c
}

fn enabled() -> Value {
    config(json!({"enabled": true, "online_interval": "1s", "expire_interval": "1h"}))
}

/// `get_user_status` for these users: the `statuses` array.
async fn statuses(s: &Server, users: &[&str]) -> Vec<Value> {
    let (code, r) = s.api("get_user_status", json!({ "users": users })).await;
    assert_eq!(code, 200, "{r}");
    r["result"]["statuses"]
        .as_array()
        .unwrap_or_else(|| panic!("no statuses in {r}"))
        .clone()
}

async fn status(s: &Server, user: &str) -> Value {
    statuses(s, &[user]).await.remove(0)
}

/// Polls `cond` on the user's status every 100 ms until it holds (at most `secs`).
async fn wait_status(s: &Server, user: &str, secs: u64, what: &str, cond: impl Fn(&Value) -> bool) {
    let mut last = Value::Null;
    for _ in 0..secs * 10 {
        last = status(s, user).await;
        if cond(&last) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: not within {secs}s; last status {last}");
}

/// Polls `info` until the node has `n` clients (connections leave the registry asynchronously).
async fn wait_clients(s: &Server, n: u64) {
    for _ in 0..50 {
        let (_, r) = s.api("info", json!({})).await;
        if r["result"]["nodes"][0]["num_clients"] == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the node did not reach {n} clients");
}

fn error_code(r: &Value) -> Option<u64> {
    r["error"]["code"].as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_methods_keep_input_order_and_validate() {
    let s = Server::start(enabled()).await;
    let before = now();
    let (code, r) = s
        .api(
            "update_user_status",
            json!({"users": ["a", "b"], "state": "busy"}),
        )
        .await;
    assert_eq!((code, &r), (200, &json!({"result": {}})));
    let got = statuses(&s, &["b", "nobody", "a"]).await;
    let users: Vec<&str> = got.iter().map(|v| v["user"].as_str().unwrap()).collect();
    assert_eq!(users, ["b", "nobody", "a"], "input order");
    assert_eq!(got[1], json!({"user": "nobody"}), "unknown fields omitted");
    for v in [&got[0], &got[2]] {
        let active = v["active"].as_i64().unwrap();
        assert!((before..=now()).contains(&active), "{v}");
        assert_eq!(v["state"], "busy");
        assert!(v.get("online").is_none(), "not connected: {v}");
    }

    // an update without a state keeps it; delete clears everything
    s.api("update_user_status", json!({"users": ["a"]})).await;
    assert_eq!(status(&s, "a").await["state"], "busy");
    let (_, r) = s
        .api("delete_user_status", json!({"users": ["a", "never-seen"]}))
        .await;
    assert_eq!(r, json!({"result": {}}));
    assert_eq!(status(&s, "a").await, json!({"user": "a"}));
    assert_eq!(status(&s, "b").await["state"], "busy", "b untouched");

    // bad requests: empty, missing, anonymous or too many users
    let many: Vec<String> = (0..1001).map(|i| format!("u{i}")).collect();
    for method in [
        "update_user_status",
        "get_user_status",
        "delete_user_status",
    ] {
        for body in [
            json!({"users": []}),
            json!({}),
            json!({"users": ["ok", ""]}),
            json!({ "users": many }),
        ] {
            let (code, r) = s.api(method, body.clone()).await;
            assert_eq!(code, 200);
            assert_eq!(
                r["error"],
                json!({"code": 107, "message": "bad request"}),
                "{method} {body}"
            );
        }
    }
    let (_, r) = s
        .api("get_user_status", json!({ "users": many[..1000] }))
        .await;
    assert_eq!(r["result"]["statuses"].as_array().unwrap().len(), 1000);

    // batch goes through the same methods
    let (_, r) = s
        .api(
            "batch",
            json!({"commands": [
                {"update_user_status": {"users": ["c"], "state": "in-batch"}},
                {"get_user_status": {"users": ["c"]}},
                {"delete_user_status": {"users": []}},
            ]}),
        )
        .await;
    assert_eq!(r["replies"][0], json!({"update_user_status": {}}));
    assert_eq!(
        r["replies"][1]["get_user_status"]["statuses"][0]["state"],
        "in-batch"
    );
    assert_eq!(error_code(&r["replies"][2]), Some(107));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_user_status_is_not_available() {
    let s = Server::start(config(json!({}))).await;
    for method in [
        "update_user_status",
        "get_user_status",
        "delete_user_status",
    ] {
        // 108 comes before any validation of the body
        for body in [json!({"users": ["a"]}), json!({"users": []})] {
            let (code, r) = s.api(method, body).await;
            assert_eq!(code, 200);
            assert_eq!(r["error"], json!({"code": 108, "message": "not available"}));
        }
    }
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let r = c
        .call(json!({"rpc": {"method": "update_user_status", "data": {}}}))
        .await;
    assert_eq!(error_code(&r), Some(108), "{r}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_rpc_marks_the_caller_active() {
    let s = Server::start(enabled()).await;
    let before = now();
    let (mut c, _) = Client::connect(&s.ws_url(), "rpc-user").await;
    assert!(status(&s, "rpc-user").await.get("active").is_none());
    let r = c
        .call(json!({"rpc": {"method": "update_user_status", "data": {}}}))
        .await;
    assert_eq!(r, json!({"id": r["id"], "rpc": {}}));
    let v = status(&s, "rpc-user").await;
    let active = v["active"].as_i64().unwrap_or_else(|| panic!("{v}"));
    assert!((before..=now()).contains(&active), "{v}");
    // params are ignored; other methods still have no handler
    let r = c
        .call(json!({"rpc": {"method": "update_user_status"}}))
        .await;
    assert!(r.get("rpc").is_some(), "{r}");
    let r = c
        .call(json!({"rpc": {"method": "other", "data": {}}}))
        .await;
    assert_eq!(r["error"], json!({"code": 108, "message": "not available"}));

    // an anonymous caller has no status, and still gets an OK reply
    let mut anon = Client::open(&s.ws_url()).await;
    let r = anon.call(json!({"connect": {}})).await;
    assert!(r.get("connect").is_some(), "{r}");
    let r = anon
        .call(json!({"rpc": {"method": "update_user_status", "data": {}}}))
        .await;
    assert!(r.get("rpc").is_some(), "{r}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn online_advances_while_connected_and_stops_after() {
    let s = Server::start(enabled()).await;
    let before = now();
    let (c1, _) = Client::connect(&s.ws_url(), "on").await;
    let (c2, _) = Client::connect(&s.ws_url(), "on").await;
    // set at connect, without waiting for a tick
    let first = status(&s, "on").await["online"]
        .as_i64()
        .expect("online at connect");
    assert!(first >= before);
    assert!(status(&s, "on").await.get("active").is_none());
    wait_status(&s, "on", 5, "online refreshed while connected", |v| {
        v["online"].as_i64().is_some_and(|o| o > first)
    })
    .await;

    // one of two connections gone: still online
    drop(c1);
    wait_clients(&s, 1).await;
    let o = status(&s, "on").await["online"].as_i64().unwrap();
    wait_status(
        &s,
        "on",
        5,
        "online refreshed with one connection left",
        |v| v["online"].as_i64().is_some_and(|x| x > o),
    )
    .await;

    // the last connection gone: online stays where it was
    drop(c2);
    wait_clients(&s, 0).await;
    let last = status(&s, "on").await;
    assert!(last["online"].as_i64().is_some());
    tokio::time::sleep(Duration::from_millis(2500)).await; // more than two ticks
    assert_eq!(status(&s, "on").await, last, "online stopped advancing");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_expire_unless_refreshed() {
    let s = Server::start(config(json!({
        "enabled": true, "online_interval": "1s", "expire_interval": "3s"
    })))
    .await;
    // a connected user's online refresh keeps its status alive
    let (_stay, _) = Client::connect(&s.ws_url(), "stay").await;
    s.api(
        "update_user_status",
        json!({"users": ["gone"], "state": "x"}),
    )
    .await;
    assert_eq!(status(&s, "gone").await["state"], "x");
    wait_status(&s, "gone", 8, "status expired", |v| {
        *v == json!({"user": "gone"})
    })
    .await;
    assert!(
        status(&s, "stay").await["online"].as_i64().is_some(),
        "a connected user does not expire"
    );
    // a new update starts over
    s.api("update_user_status", json!({"users": ["gone"]}))
        .await;
    let v = status(&s, "gone").await;
    assert!(v["active"].is_i64() && v.get("state").is_none(), "{v}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_user_status_touch_forget() {
    let s = Server::start(enabled()).await;
    let h = fresh_dir("user-status");
    let server = format!("http://{}", s.addr);
    let run = |args: &[&str]| {
        let mut a = vec!["-s", server.as_str(), "--api-key", API_KEY];
        a.extend_from_slice(args);
        centri_env(&h, &a, &[])
    };
    let (_on, _) = Client::connect(&s.ws_url(), "cli-on").await;
    let (_new, _) = Client::connect(&s.ws_url(), "cli-new").await;

    let (code, out, err) = run(&["user", "touch", "cli-on", "--state", "busy", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"users": ["cli-on"], "state": "busy"})
    );
    let (code, out, err) = run(&["user", "touch", "cli-off", "-o", "table"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cli-off"), "{out}");

    let (code, out, err) = run(&[
        "user", "status", "cli-on", "cli-new", "cli-off", "nobody", "-o", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let st = v["statuses"].as_array().unwrap();
    let derived: Vec<&str> = st.iter().map(|s| s["status"].as_str().unwrap()).collect();
    // issue 15: a user who has just connected is online, not away
    assert_eq!(derived, ["online", "online", "offline", "offline"], "{v}");
    assert_eq!(st[0]["state"], "busy");
    assert!(st[0]["active"].is_i64() && st[0]["online"].is_i64(), "{v}");
    assert!(st[1]["online"].is_i64() && st[1].get("active").is_none());
    assert!(st[2]["active"].is_i64() && st[2].get("online").is_none());
    assert_eq!(st[3], json!({"user": "nobody", "status": "offline"}));
    assert!(v["now"].is_i64());

    let (code, out, _) = run(&[
        "user", "status", "cli-on", "cli-new", "cli-off", "-o", "table",
    ]);
    assert_eq!(code, 0);
    let new = out.lines().find(|l| l.contains("cli-new")).unwrap();
    assert!(new.contains("online (no activity yet)"), "{new}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("USER") && l.contains("STATUS")),
        "{out}"
    );
    let on = lines.iter().find(|l| l.contains("cli-on")).unwrap();
    assert!(
        on.contains("online") && on.contains("ago") && on.contains("busy"),
        "{on}"
    );
    let off = lines.iter().find(|l| l.contains("cli-off")).unwrap();
    assert!(off.contains("offline") && off.contains(" - "), "{off}");

    // forget is destructive: refuses without -y, then clears active and state
    let (code, _, err) = run(&["user", "forget", "cli-on", "--no-input"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("-y"), "{err}");
    assert_eq!(status(&s, "cli-on").await["state"], "busy");
    let (code, out, err) = run(&["user", "forget", "cli-on", "-y", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"users": ["cli-on"]})
    );
    let v = status(&s, "cli-on").await;
    assert!(v.get("active").is_none() && v.get("state").is_none(), "{v}");

    // a read-only context refuses touch and forget
    let (code, _, err) = centri_env(
        &h,
        &[
            "context",
            "add",
            "ro",
            "--server",
            &server,
            "--api-key",
            API_KEY,
            "--read-only",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    for cmd in [["user", "touch", "x"], ["user", "forget", "x"]] {
        let mut a = vec!["-C", "ro", "-y"];
        a.extend_from_slice(&cmd);
        let (code, _, err) = centri_env(&h, &a, &[]);
        assert_eq!(code, 3, "{cmd:?}: {err}");
        assert!(err.contains("read-only"), "{err}");
    }
    assert!(status(&s, "x").await.get("active").is_none());

    // no IDs is a usage error
    assert_eq!(run(&["user", "status"]).0, 2);
    s.stop().await;

    // a server with user status off: exit 5 with the code and a hint naming the key
    let off = Server::start(config(json!({}))).await;
    let server = format!("http://{}", off.addr);
    let (code, _, err) = centri_env(
        &h,
        &["-s", &server, "--api-key", API_KEY, "user", "status", "42"],
        &[],
    );
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("108") && err.contains("user_status.enabled"),
        "{err}"
    );
    off.stop().await;
}

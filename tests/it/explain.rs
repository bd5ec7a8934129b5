//! `explain` against reality: a permission matrix where, for every case, the verdict of
//! `/admin/explain` must equal what a real WebSocket client gets when it subscribes; channel
//! capabilities (exact, wildcard, doublestar, regex) from connection tokens; caps revoked by a
//! refresh; and `centri explain` online and offline.

use serde_json::{json, Value};

use super::util::{bin, now, token_with, Client, Server, SECRET};

const ADMIN_KEY: &str = "explain-admin-key";

fn config() -> Value {
    json!({
        "client": {"token": {"hmac_secret_key": SECRET}, "allow_anonymous_connect_without_token": true,
                   "ping_interval": "25s", "pong_timeout": "8s"},
        "http_api": {"key": super::util::API_KEY},
        "admin": {"enabled": true, "api_key": ADMIN_KEY},
        "channel": {
            "without_namespace": {},
            "namespaces": [
                {"name": "open", "allow_subscribe_for_client": true},
                {"name": "anon", "allow_subscribe_for_client": true, "allow_subscribe_for_anonymous": true},
                {"name": "closed"},
                {"name": "dm", "allow_user_limited_channels": true},
                {"name": "dmopen", "allow_user_limited_channels": true, "allow_subscribe_for_client": true},
                {"name": "hist", "allow_subscribe_for_client": true, "history_size": 10, "history_ttl": "60s",
                 "allow_history_for_subscriber": true},
                {"name": "pres", "presence": true, "allow_presence_for_client": true}
            ]
        }
    })
}

/// One case: who (None = anonymous), the token's caps, a subscription token's claims, the
/// channel, and the expected code (0 = allowed).
struct Case {
    user: Option<&'static str>,
    caps: Value,
    sub_claims: Option<Value>,
    channel: &'static str,
    want: u64,
}

fn case(user: Option<&'static str>, caps: Value, channel: &'static str, want: u64) -> Case {
    Case {
        user,
        caps,
        sub_claims: None,
        channel,
        want,
    }
}

fn cases() -> Vec<Case> {
    let u = Some("42");
    let none = Value::Null;
    let cap =
        |m: &str, ch: &str, allow: &[&str]| json!([{"channels": [ch], "match": m, "allow": allow}]);
    let mut v = vec![
        case(u, none.clone(), "open:a", 0),
        case(None, none.clone(), "open:a", 103),
        case(None, none.clone(), "anon:a", 0),
        case(u, none.clone(), "closed:a", 103),
        case(u, cap("", "closed:a", &["sub"]), "closed:a", 0),
        case(u, cap("", "closed:a", &["sub"]), "closed:b", 103),
        case(u, cap("wildcard", "closed:*", &["sub"]), "closed:x1", 0),
        case(
            u,
            cap("wildcard", "closed:*", &["pub", "hst"]),
            "closed:x1",
            103,
        ),
        case(
            u,
            cap("regex", "^closed:[a-c]+$", &["sub"]),
            "closed:abc",
            0,
        ),
        case(
            u,
            cap("regex", "^closed:[a-c]+$", &["sub"]),
            "closed:xyz",
            103,
        ),
        case(u, cap("regex", "a", &["sub"]), "closed:a", 0),
        case(
            u,
            cap("doublestar", "closed:*", &["sub"]),
            "closed:a/b",
            103,
        ),
        case(
            u,
            cap("doublestar", "closed:a/**", &["sub"]),
            "closed:a/b/c",
            0,
        ),
        case(u, cap("wildcard", "closed:*", &["sub"]), "closed:a/b", 0),
        case(u, cap("wildcard", "closed:?", &["sub"]), "closed:a", 0),
        case(u, cap("wildcard", "closed:?", &["sub"]), "closed:ab", 103),
        case(u, none.clone(), "dm:room#42", 0),
        case(u, none.clone(), "dm:room#7,42", 0),
        case(u, none.clone(), "dm:room#7", 103),
        case(u, none.clone(), "dmopen:room#7", 103),
        case(u, cap("wildcard", "dm:*", &["sub"]), "dm:room#7", 0),
        case(None, none.clone(), "dm:room#42", 103),
        case(u, none.clone(), "$closed:a", 103),
        case(u, none.clone(), "nope:a", 102),
        case(u, none.clone(), "plain", 103),
        case(u, none.clone(), "hist:a", 0),
        case(u, cap("", "x", &["sub"]), "open:a", 0),
        case(
            u,
            json!([{"channels": ["closed:a"], "allow": ["pub"]}, {"channels": ["closed:*"], "match": "wildcard", "allow": ["sub"]}]),
            "closed:q",
            0,
        ),
        case(None, none.clone(), "closed:a", 103),
        case(u, none.clone(), "pres:a", 103),
        case(u, cap("", "pres:a", &["sub", "prs"]), "pres:a", 0),
    ];
    // subscription tokens
    let sub = |ch: &str, exp: i64| json!({"sub": "42", "channel": ch, "exp": exp});
    for (channel, exp, want) in [
        ("$closed:a", now() + 3600, 0),
        ("closed:a", now() + 3600, 0),
        ("closed:a", now() - 10, 109),
    ] {
        v.push(Case {
            user: u,
            caps: Value::Null,
            sub_claims: Some(sub(channel, exp)),
            channel: if channel.starts_with('$') {
                "$closed:a"
            } else {
                "closed:a"
            },
            want,
        });
    }
    v
}

fn conn_token(c: &Case) -> Option<String> {
    let user = c.user?;
    let mut claims = json!({"sub": user, "exp": now() + 3600});
    if !c.caps.is_null() {
        claims["caps"] = c.caps.clone();
    }
    Some(token_with(&claims, SECRET))
}

async fn explain(s: &Server, body: &Value) -> Value {
    let r = reqwest::Client::new()
        .post(s.url("/admin/explain"))
        .header("X-API-Key", ADMIN_KEY)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_agrees_with_real_clients_on_every_case_of_the_matrix() {
    let s = Server::start(config()).await;
    let all = cases();
    assert!(all.len() >= 30, "{} cases", all.len());
    let mut disagreements = Vec::new();
    for (i, c) in all.iter().enumerate() {
        let token = conn_token(c);
        let sub_token = c.sub_claims.as_ref().map(|cl| token_with(cl, SECRET));
        // what a real client gets
        let mut ws = Client::open(&s.ws_url()).await;
        let connect = match &token {
            Some(t) => json!({"connect": {"token": t}}),
            None => json!({"connect": {}}),
        };
        let r = ws.call(connect).await;
        assert!(r.get("connect").is_some(), "case {i}: connect failed: {r}");
        let mut sub = json!({"subscribe": {"channel": c.channel}});
        if let Some(t) = &sub_token {
            sub["subscribe"]["token"] = json!(t);
        }
        let r = ws.call(sub).await;
        let real = r["error"]["code"].as_u64().unwrap_or(0);
        // what explain says
        let mut body = json!({"op": "subscribe", "channel": c.channel});
        if let Some(t) = &token {
            body["token"] = json!(t);
        }
        if let Some(t) = &sub_token {
            body["sub_token"] = json!(t);
        }
        let e = explain(&s, &body).await;
        let said = if e["allowed"] == true {
            0
        } else {
            e["code"].as_u64().unwrap()
        };
        if real != said || real != c.want {
            disagreements.push(format!(
                "case {i} ({:?} {} caps={} sub_token={}): client got {real}, explain said {said}, expected {}: {}",
                c.user,
                c.channel,
                c.caps,
                c.sub_claims.is_some(),
                c.want,
                e["checks"]
            ));
        }
        // explain always names the deciding check
        let d = e["decided"].as_u64().expect("a decided check") as usize;
        assert_eq!(e["checks"][d]["status"], "decided", "case {i}");
    }
    assert!(
        disagreements.is_empty(),
        "explain and reality disagree:\n{}",
        disagreements.join("\n")
    );
    s.stop().await;
}

#[tokio::test]
async fn caps_grant_publish_history_and_presence_and_a_refresh_can_take_them_away() {
    let s = Server::start(config()).await;
    let caps = json!([{"channels": ["closed:*"], "match": "wildcard", "allow": ["sub", "pub", "hst"]},
                      {"channels": ["pres:a"], "allow": ["sub", "prs"]}]);
    let t = token_with(
        &json!({"sub": "42", "exp": now() + 3600, "caps": caps}),
        SECRET,
    );
    let mut c = Client::open(&s.ws_url()).await;
    c.call(json!({"connect": {"token": t}})).await;
    assert!(c
        .call(json!({"subscribe": {"channel": "closed:x"}}))
        .await
        .get("subscribe")
        .is_some());
    assert!(c
        .call(json!({"publish": {"channel": "closed:x", "data": {}}}))
        .await
        .get("error")
        .is_none());
    // history is off in "closed": 108 comes before any permission, caps or not
    assert_eq!(
        c.call(json!({"history": {"channel": "closed:x"}})).await["error"]["code"],
        108
    );
    assert!(c
        .call(json!({"subscribe": {"channel": "pres:a"}}))
        .await
        .get("subscribe")
        .is_some());
    assert!(c
        .call(json!({"presence": {"channel": "pres:a"}}))
        .await
        .get("presence")
        .is_some());
    // a bad caps claim makes the token invalid
    let bad = token_with(
        &json!({"sub": "42", "exp": now() + 3600, "caps": [{"channels": ["x"], "allow": ["fly"]}]}),
        SECRET,
    );
    let mut b = Client::open(&s.ws_url()).await;
    b.send_text(&json!({"id": 1, "connect": {"token": bad}}).to_string())
        .await;
    assert_eq!(b.closed().await.0, 3500);
    // refresh with caps that no longer cover closed:*: that subscription goes (2000), the
    // other stays
    let narrower = token_with(
        &json!({"sub": "42", "exp": now() + 3600, "caps": [{"channels": ["pres:a"], "allow": ["sub", "prs"]}]}),
        SECRET,
    );
    assert!(c
        .call(json!({"refresh": {"token": narrower}}))
        .await
        .get("refresh")
        .is_some());
    let mut p = c.next_push().await;
    while p.get("pub").is_some() {
        p = c.next_push().await;
    }
    assert_eq!(p["channel"], "closed:x", "{p}");
    assert_eq!(p["unsubscribe"]["code"], 2000, "{p}");
    assert!(c
        .call(json!({"presence": {"channel": "pres:a"}}))
        .await
        .get("presence")
        .is_some());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centri_explain_online_and_offline() {
    // offline, as a new user would: chat lacks allow_subscribe_for_client
    let dir = crate::it::util::test_root().join(format!("centri-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.json");
    std::fs::write(
        &cfg,
        json!({"client": {"token": {"hmac_secret_key": "s"}}, "channel": {"namespaces": [{"name": "chat", "presence": true}]}}).to_string(),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(bin())
            .args(args)
            .env("XDG_CONFIG_HOME", &dir)
            .env_remove("CENTRI_SERVER")
            .env_remove("CENTRI_API_KEY")
            .env_remove("CENTRI_ADMIN_KEY")
            .output()
            .unwrap()
    };
    let out = run(&[
        "explain",
        "subscribe",
        "--user",
        "42",
        "--channel",
        "chat:room",
        "--config",
        cfg.to_str().unwrap(),
        "-o",
        "table",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(8), "{text}");
    assert!(text.contains("DENIED (103 permission denied)"), "{text}");
    let decided = text
        .lines()
        .find(|l| l.contains("decided"))
        .unwrap_or_default();
    assert!(decided.contains("allow_subscribe_for_client"), "{text}");
    assert!(
        text.contains(
            "to allow it: set \"allow_subscribe_for_client\": true in namespace \"chat\""
        ),
        "{text}"
    );
    let out = run(&[
        "explain",
        "presence",
        "--user",
        "42",
        "--channel",
        "chat:room",
        "--config",
        cfg.to_str().unwrap(),
        "-o",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (out.status.code(), v["allowed"].as_bool()),
        (Some(8), Some(false))
    );
    // bad input: exit 2
    let out = run(&[
        "explain",
        "delete",
        "--channel",
        "x",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));

    // online: the live connection's subscription counts for publish
    let s = Server::start(config()).await;
    let base = [
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--admin-key".to_string(),
        ADMIN_KEY.to_string(),
    ];
    let online = |rest: &[&str]| {
        let mut a: Vec<&str> = base.iter().map(String::as_str).collect();
        a.extend_from_slice(rest);
        run(&a)
    };
    let out = online(&[
        "explain",
        "subscribe",
        "--user",
        "42",
        "--channel",
        "open:a",
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
    assert_eq!(
        v["checks"][v["decided"].as_u64().unwrap() as usize]["rule"],
        "allow_subscribe_for_client"
    );
    let t = token_with(&json!({"sub": "42", "exp": now() + 3600}), SECRET);
    let out = online(&[
        "explain",
        "subscribe",
        "--channel",
        "closed:a",
        "--token",
        &t,
    ]);
    assert_eq!(out.status.code(), Some(8));
    // channel resolve asks the server when there is no --config
    let out = online(&["channel", "resolve", "hist:a", "-o", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            out.status.code(),
            v["namespace"].as_str(),
            v["history"].as_bool()
        ),
        (Some(0), Some("hist"), Some(true)),
        "{v}"
    );
    let out = online(&["channel", "resolve", "nope:a"]);
    assert_eq!(out.status.code(), Some(8));
    // history for a subscriber: decided by whether user 77 has a live subscribed connection
    let out = online(&[
        "explain",
        "history",
        "--user",
        "77",
        "--channel",
        "hist:a",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(8));
    let (mut ws, _) = Client::connect(&s.ws_url(), "77").await;
    ws.call(json!({"subscribe": {"channel": "hist:a"}})).await;
    let out = online(&[
        "explain",
        "history",
        "--user",
        "77",
        "--channel",
        "hist:a",
        "-o",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["inputs"]["subscribed_from"], "live connection");
    assert_eq!(
        ws.call(json!({"history": {"channel": "hist:a"}}))
            .await
            .get("error"),
        None
    );
    let out = online(&[
        "explain",
        "history",
        "--user",
        "77",
        "--channel",
        "hist:a",
        "--not-subscribed",
    ]);
    assert_eq!(out.status.code(), Some(8));
    let out = run(&[
        "-s",
        &format!("http://{}", s.addr),
        "--admin-key",
        "wrong",
        "explain",
        "subscribe",
        "--user",
        "1",
        "--channel",
        "open:a",
    ]);
    assert_eq!(out.status.code(), Some(4));
    s.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 14: `centri explain` names the personal channel as a server-side subscription.
#[test]
fn explain_shows_the_personal_channel_as_server_side() {
    let dir = super::util::fresh_dir("explain-personal");
    let cfg = dir.join("config.json");
    std::fs::write(
        &cfg,
        json!({"client": {"token": {"hmac_secret_key": "s"},
                          "subscribe_to_user_personal_channel": {"enabled": true}}})
        .to_string(),
    )
    .unwrap();
    let out = std::process::Command::new(bin())
        .args([
            "explain",
            "subscribe",
            "--user",
            "42",
            "--channel",
            "#42",
            "--config",
        ])
        .arg(&cfg)
        .args(["-o", "table"])
        .env("XDG_CONFIG_HOME", &dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("server-side: #42 is user \"42\"'s personal channel"),
        "{text}"
    );
}

/// The admin endpoints decode strictly too: an empty body, a body that is not a JSON object,
/// invalid UTF-8 or a wrong-typed field get 400, before anything is applied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_endpoints_refuse_bad_bodies_with_400() {
    let s = Server::start(config()).await;
    let cases: &[(&str, reqwest::Method, &[u8])] = &[
        ("/admin/explain", reqwest::Method::POST, b""),
        (
            "/admin/explain",
            reqwest::Method::POST,
            b"[\"subscribe\", \"1\", \"open:x\"]",
        ),
        ("/admin/explain", reqwest::Method::POST, b"{\"op\": 1}"),
        (
            "/admin/explain",
            reqwest::Method::POST,
            b"{\"op\":\"subscribe\",\"x\":\"\xff\"}",
        ),
        ("/admin/trace", reqwest::Method::POST, b"[\"user\", \"42\"]"),
        ("/admin/trace", reqwest::Method::POST, b"  "),
        ("/admin/ratelimit", reqwest::Method::PATCH, b"[]"),
        (
            "/admin/ratelimit",
            reqwest::Method::PATCH,
            b"{\"validate_only\": \"yes\"}",
        ),
        ("/admin/ratelimit", reqwest::Method::PUT, b"\"x\""),
    ];
    for (path, method, body) in cases {
        let r = reqwest::Client::new()
            .request(method.clone(), s.url(path))
            .header("X-API-Key", ADMIN_KEY)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            400,
            "{method} {path} {:?}",
            String::from_utf8_lossy(body)
        );
    }
    s.stop().await;
}

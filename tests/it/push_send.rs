//! Push notifications, part 2 (issue 17): sending through the real HTTP API of a server.
//! Queueing, status, scheduling, cancel, idempotency and reports need no provider; the
//! delivery tests start the fake providers of [`super::push_fake`].

use std::time::Duration;

use serde_json::{json, Value};

use super::util::{fresh_dir, test_config, Server, API_KEY};

pub(super) const ADMIN: &str = "push-send-admin";

/// A config with push on, an admin key, its registry and queue files in `dir`, and `extra`
/// merged into `push_notifications`.
pub(super) fn config(dir: &std::path::Path, extra: &Value) -> Value {
    let mut c = test_config();
    c["admin"] = json!({"enabled": true, "api_key": ADMIN});
    let mut p = json!({
        "enabled": true,
        "sqlite": {"path": dir.join("push.sqlite3")},
        "queue": {"path": dir.join("push_queue.sqlite3")},
    });
    if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    c["push_notifications"] = p;
    c
}

/// Calls `method`; the `result`, or a panic with the reply.
pub(super) async fn ok(s: &Server, method: &str, body: Value) -> Value {
    let (code, r) = s.api(method, body.clone()).await;
    assert_eq!(code, 200, "{method} {body}: {r}");
    r.get("result")
        .unwrap_or_else(|| panic!("{method} {body}: {r}"))
        .clone()
}

/// Calls `method` expecting an API error: (code, message).
pub(super) async fn err(s: &Server, method: &str, body: Value) -> (u64, String) {
    let (_, r) = s.api(method, body.clone()).await;
    let e = r
        .get("error")
        .unwrap_or_else(|| panic!("{method} {body}: expected an error, got {r}"));
    (
        e["code"].as_u64().unwrap(),
        e["message"].as_str().unwrap().to_string(),
    )
}

/// `GET /admin/push/sends/<uid>`: (HTTP status, body).
pub(super) async fn status(s: &Server, uid: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .get(s.url(&format!("/admin/push/sends/{uid}")))
        .header("X-API-Key", ADMIN)
        .send()
        .await
        .unwrap();
    let code = r.status().as_u16();
    (code, r.json().await.unwrap_or(Value::Null))
}

/// Polls a send's status until `done` says so (every 50 ms, at most `secs`).
pub(super) async fn wait_status(
    s: &Server,
    uid: &str,
    secs: u64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let (code, st) = status(s, uid).await;
        if code == 200 && done(&st) {
            return st;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "send {uid} did not get there in {secs} s: {code} {st}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(super) async fn register(
    s: &Server,
    provider: &str,
    token: &str,
    user: &str,
    topics: &[&str],
) -> String {
    let platform = match provider {
        "apns" => "ios",
        "webpush" => "web",
        _ => "android",
    };
    ok(
        s,
        "device_register",
        json!({"provider": provider, "token": token, "platform": platform, "user": user,
               "topics": topics}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// With no provider enabled, a device send still runs: every device is counted as dropped,
/// by reason. A raw-token send to a provider that is off is refused, naming the field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_with_no_provider_on_counts_its_devices_as_dropped() {
    let dir = fresh_dir("push-send-none");
    let s = Server::start(config(&dir, &json!({}))).await;
    for i in 0..3 {
        register(&s, "fcm", &format!("tok-{i}"), &format!("u{i}"), &["news"]).await;
    }
    register(&s, "apns", "tok-apns", "u9", &["other"]).await;
    let r = ok(
        &s,
        "send_push_notification",
        json!({"recipient": {"filter": {"topics": ["news"]}},
               "notification": {"fcm": {"message": {"notification": {"title": "t"}}}}}),
    )
    .await;
    let uid = r["uid"].as_str().unwrap().to_string();
    assert_eq!(uid.len(), 36, "a server-made uuid: {uid}");
    let st = wait_status(&s, &uid, 20, |st| st["state"] == "done").await;
    assert_eq!(st["total"], 3);
    assert_eq!(st["done"], 3);
    assert_eq!(st["planned"], true);
    assert_eq!(st["recipient"], "topics news");
    assert_eq!(st["providers"]["fcm"]["dropped"], 3);
    assert_eq!(st["providers"]["fcm"]["errors"]["fcm not enabled"], 3);
    assert!(st["finished_at"].as_i64().unwrap() >= st["created_at"].as_i64().unwrap());

    let (code, msg) = err(
        &s,
        "send_push_notification",
        json!({"recipient": {"fcm_tokens": ["a"]},
               "notification": {"fcm": {"message": {}}}}),
    )
    .await;
    assert_eq!(code, 107);
    assert!(
        msg.contains("recipient.fcm_tokens") && msg.contains("not enabled"),
        "{msg}"
    );
    s.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// `send_at` holds a send as `scheduled`; `cancel_push` ends it (once: then 104); the same
/// `uid` twice queues one send; `update_push_status` reports count per status; bad requests
/// get 107 naming the field; the admin endpoints need the admin key and 404 an unknown uid.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduling_cancel_idempotency_and_reports() {
    let dir = fresh_dir("push-send-sched");
    let s = Server::start(config(&dir, &json!({}))).await;
    register(&s, "fcm", "tok-1", "u1", &["news"]).await;
    let later = super::util::now() + 3600;
    let body = json!({"uid": "promo-1", "send_at": later,
        "recipient": {"topics": ["news"]},
        "notification": {"fcm": {"message": {"data": {"k": "v"}}}}});
    assert_eq!(
        ok(&s, "send_push_notification", body.clone()).await["uid"],
        "promo-1"
    );
    assert_eq!(
        ok(&s, "send_push_notification", body).await["uid"],
        "promo-1"
    );
    let (code, st) = status(&s, "promo-1").await;
    assert_eq!(code, 200, "{st}");
    assert_eq!(st["state"], "scheduled");
    assert_eq!(st["send_at"].as_i64().unwrap(), later * 1000);
    assert_eq!(st["done"], 0);

    let list: Value = reqwest::Client::new()
        .get(s.url("/admin/push/sends?limit=5"))
        .header("X-API-Key", ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sends = list["sends"].as_array().unwrap();
    assert_eq!(sends.len(), 1, "one send for the uid given twice: {list}");

    assert_eq!(
        ok(&s, "cancel_push", json!({"uid": "promo-1"})).await,
        json!({})
    );
    assert_eq!(status(&s, "promo-1").await.1["state"], "cancelled");
    assert_eq!(
        err(&s, "cancel_push", json!({"uid": "promo-1"})).await.0,
        104
    );
    assert_eq!(err(&s, "cancel_push", json!({"uid": "nope"})).await.0, 104);
    assert_eq!(err(&s, "cancel_push", json!({})).await.0, 107);

    for status in ["delivered", "delivered", "interacted"] {
        ok(
            &s,
            "update_push_status",
            json!({"analytics_uid": "promo-1", "status": status, "device_id": "d1"}),
        )
        .await;
    }
    let st = status(&s, "promo-1").await.1;
    assert_eq!(st["reported"], json!({"delivered": 2, "interacted": 1}));
    let (code, msg) = err(
        &s,
        "update_push_status",
        json!({"analytics_uid": "promo-1", "status": "read", "device_id": "d1"}),
    )
    .await;
    assert_eq!(code, 107);
    assert!(msg.contains("status"), "{msg}");

    for (body, field) in [
        (
            json!({"notification": {"fcm": {"message": {}}}}),
            "recipient",
        ),
        (
            json!({"recipient": {"topics": ["x"]}, "notification": {"fcm": {"message": "hi"}}}),
            "notification.fcm.message",
        ),
        (
            json!({"recipient": {"topics": ["x"]}, "notification": {"fcm": {"message": {}}},
                   "send_at": -5}),
            "send_at",
        ),
    ] {
        let (code, msg) = err(&s, "send_push_notification", body.clone()).await;
        assert_eq!(code, 107, "{body}");
        assert!(msg.contains(field), "{body}: {msg}");
    }

    assert_eq!(status(&s, "unknown-uid").await.0, 404);
    let r = reqwest::Client::new()
        .get(s.url("/admin/push/sends/promo-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // inside a batch
    let (_, r) = s
        .api(
            "batch",
            json!({"commands": [
                {"send_push_notification": {"uid": "b-1", "send_at": later,
                    "recipient": {"topics": ["news"]},
                    "notification": {"fcm": {"message": {}}}}},
                {"cancel_push": {"uid": "b-1"}}
            ]}),
        )
        .await;
    assert_eq!(
        r["replies"][0]["send_push_notification"]["uid"], "b-1",
        "{r}"
    );
    assert_eq!(r["replies"][1]["cancel_push"], json!({}), "{r}");
    s.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// With push off, the sending methods answer 108 and the admin endpoints 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_off_answers_108() {
    let s = Server::start(test_config()).await;
    let (code, _) = err(
        &s,
        "send_push_notification",
        json!({"recipient": {"topics": ["x"]}, "notification": {"fcm": {"message": {}}}}),
    )
    .await;
    assert_eq!(code, 108);
    assert_eq!(err(&s, "cancel_push", json!({"uid": "x"})).await.0, 108);
    let r = reqwest::Client::new()
        .get(s.url("/admin/push/sends"))
        .header("X-API-Key", API_KEY)
        .send()
        .await
        .unwrap();
    assert!(r.status() == 404 || r.status() == 401, "{}", r.status());
    s.stop().await;
}

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

use super::push_fake::fcm::{FakeFcm, Fault, Target};

/// A config sending through `fcm` (3 attempts, small ranges so a topic makes several tasks).
fn fcm_config(dir: &std::path::Path, fcm: &FakeFcm) -> Value {
    config(
        dir,
        &json!({"enabled_providers": ["fcm"], "fcm": fcm.config_json(), "max_attempts": 3,
                "concurrency": 8, "queue": {"path": dir.join("push_queue.sqlite3"), "chunk_size": 7}}),
    )
}

/// The tokens the fake FCM accepted messages for, sorted (repeats kept).
pub(super) fn tokens_of(fcm: &FakeFcm) -> Vec<String> {
    let mut v: Vec<String> = fcm
        .messages()
        .into_iter()
        .filter_map(|a| match a.target {
            Target::Token(t) => Some(t),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

/// A topic send through the fake FCM (which checks the OAuth grant and the bearer token):
/// every device gets the message with its token; 429 with Retry-After and resets are
/// retried; a token that keeps failing with 500 counts as failed after 3 attempts; an
/// UNREGISTERED token counts as failed and its device is removed. The user's trace shows
/// the push.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_send_reaches_every_device_through_fcm_with_retries_and_dead_tokens() {
    let dir = fresh_dir("push-send-fcm");
    let fcm = FakeFcm::start().await;
    let s = Server::start(fcm_config(&dir, &fcm)).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(
            register(
                &s,
                "fcm",
                &format!("tok-{i:02}"),
                &format!("u{i}"),
                &["news"],
            )
            .await,
        );
    }
    register(&s, "fcm", "tok-other", "u99", &["other"]).await;
    fcm.fail_token("tok-05", Fault::Unregistered);
    fcm.fail_token("tok-06", Fault::Internal);
    fcm.fail_next(2, Fault::TooManyRequests);
    fcm.fail_next(1, Fault::Reset);
    let r = ok(
        &s,
        "send_push_notification",
        json!({"recipient": {"topics": ["news"]}, "uid": "news-1",
               "notification": {"fcm": {"message": {"notification": {"title": "Hi", "body": "B"}}}}}),
    )
    .await;
    assert_eq!(r["uid"], "news-1");
    let st = wait_status(&s, "news-1", 60, |st| st["state"] == "done").await;
    let f = &st["providers"]["fcm"];
    assert_eq!(st["total"], 20, "{st}");
    assert_eq!(
        (f["sent"].as_u64(), f["failed"].as_u64()),
        (Some(18), Some(2)),
        "{st}"
    );
    assert_eq!(f["removed"], 1, "{st}");
    assert_eq!(f["errors"]["UNREGISTERED"], 1, "{st}");
    assert_eq!(f["errors"].as_object().unwrap().len(), 2, "{st}");
    let got = tokens_of(&fcm);
    let want: Vec<String> = (0..20)
        .filter(|i| *i != 5 && *i != 6)
        .map(|i| format!("tok-{i:02}"))
        .collect();
    assert_eq!(got, want, "each device once, the retried ones included");
    let m = fcm.messages();
    assert_eq!(m[0].message["notification"]["title"], "Hi");
    assert_eq!(fcm.grants(), 1, "one access token for the whole send");
    // the dead device is gone, the others stay
    let listed = ok(
        &s,
        "device_list",
        json!({"filter": {"topics": ["news"]}, "limit": 100}),
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 19);
    assert!(!listed.to_string().contains(&ids[5]));
    // metrics per provider and result
    let metrics = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("centrifugo_push_notification_count")
                && l.contains("success=\"true\"")
                && l.ends_with(" 18")),
        "{metrics}"
    );
    s.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// Raw tokens, an FCM topic and an FCM condition go to the fake with the target inserted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_tokens_native_topics_and_conditions() {
    let dir = fresh_dir("push-send-raw");
    let fcm = FakeFcm::start().await;
    let s = Server::start(fcm_config(&dir, &fcm)).await;
    let msg = json!({"fcm": {"message": {"data": {"k": "v"}}}});
    let tokens: Vec<String> = (0..15).map(|i| format!("raw-{i:02}")).collect();
    for (uid, recipient) in [
        ("r1", json!({"fcm_tokens": tokens})),
        ("r2", json!({"fcm_topic": "breaking"})),
        (
            "r3",
            json!({"fcm_condition": "'a' in topics && 'b' in topics"}),
        ),
    ] {
        ok(
            &s,
            "send_push_notification",
            json!({"uid": uid, "recipient": recipient, "notification": msg}),
        )
        .await;
    }
    for uid in ["r1", "r2", "r3"] {
        wait_status(&s, uid, 30, |st| st["state"] == "done").await;
    }
    assert_eq!(tokens_of(&fcm), tokens);
    let m = fcm.messages();
    assert!(m
        .iter()
        .any(|a| a.target == Target::Topic("breaking".into())));
    assert!(m
        .iter()
        .any(|a| a.target == Target::Condition("'a' in topics && 'b' in topics".into())));
    assert!(m.iter().all(|a| a.message["data"]["k"] == "v"));
    s.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// `HH:MM:SS` of the UTC clock `delta_secs` from now.
fn utc_hms(delta_secs: i64) -> String {
    let t = (super::util::now() + delta_secs).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

/// Templating with device meta and localizations (pt-BR falls back to pt; no locale takes
/// the default), a time window in each device's timezone (inside it: sent; outside: delayed
/// to the window; no timezone: dropped), and a per-device rate limit (the second push within
/// the interval is dropped with `drop_if_rate_limited`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_localizations_time_windows_and_rate_limits() {
    let dir = fresh_dir("push-send-tpl");
    let fcm = FakeFcm::start().await;
    let s = Server::start(fcm_config(&dir, &fcm)).await;
    let reg = |token: &str, locale: &str, tz: &str, name: &str| {
        json!({"provider": "fcm", "platform": "android", "token": token, "user": name,
               "locale": locale, "timezone": tz, "meta": {"name": name}, "topics": ["t"]})
    };
    for d in [
        reg("tok-ana", "pt-BR", "UTC", "Ana"),
        reg("tok-bob", "", "UTC", "Bob"),
    ] {
        ok(&s, "device_register", d).await;
    }
    ok(
        &s,
        "send_push_notification",
        json!({"uid": "tpl", "recipient": {"topics": ["t"]}, "use_templating": true, "use_meta": true,
               "localizations": {"pt": {"translations": {"greeting": "Olá"}}},
               "notification": {"fcm": {"message": {"notification": {
                   "title": "{{default [[Hello]] .l10n.greeting}} {{ .device.meta.name }}"}}}}}),
    )
    .await;
    wait_status(&s, "tpl", 30, |st| st["state"] == "done").await;
    let mut titles: Vec<String> = fcm
        .take_messages()
        .iter()
        .map(|a| {
            a.message["notification"]["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    titles.sort();
    assert_eq!(titles, ["Hello Bob", "Olá Ana"]);

    // time windows: an hour either side of now in UTC; Tokyo (UTC+9) is outside it
    for d in [
        reg("tok-utc", "", "UTC", "U"),
        reg("tok-tokyo", "", "Asia/Tokyo", "T"),
        reg("tok-none", "", "", "N"),
    ] {
        let mut d = d;
        d["topics"] = json!(["win"]);
        ok(&s, "device_register", d).await;
    }
    ok(
        &s,
        "send_push_notification",
        json!({"uid": "win", "recipient": {"topics": ["win"]},
               "limit_strategy": {"time_limit": {"send_after_time": utc_hms(-3600),
                                                 "send_before_time": utc_hms(3600)}},
               "notification": {"fcm": {"message": {"data": {"w": "1"}}}}}),
    )
    .await;
    let st = wait_status(&s, "win", 30, |st| st["done"] == 2).await;
    let f = &st["providers"]["fcm"];
    assert_eq!(
        (
            f["sent"].as_u64(),
            f["delayed"].as_u64(),
            f["dropped"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{st}"
    );
    assert_eq!(f["errors"]["no timezone"], 1, "{st}");
    assert_eq!(
        st["state"], "sending",
        "Tokyo's push waits for its window: {st}"
    );
    assert_eq!(tokens_of(&fcm), ["tok-utc"]);

    // rate limit: once per hour per device
    fcm.take_messages();
    for uid in ["rl-1", "rl-2"] {
        ok(
            &s,
            "send_push_notification",
            json!({"uid": uid, "recipient": {"filter": {"users": ["Ana"]}},
                   "limit_strategy": {"rate_limit": {"policies": [{"rate": 1, "interval_ms": 3_600_000}],
                                                     "drop_if_rate_limited": true}},
                   "notification": {"fcm": {"message": {"data": {"n": uid}}}}}),
        )
        .await;
        wait_status(&s, uid, 30, |st| st["state"] == "done").await;
    }
    let second = status(&s, "rl-2").await.1;
    assert_eq!(
        second["providers"]["fcm"]["errors"]["rate limited"], 1,
        "{second}"
    );
    assert_eq!(fcm.messages().len(), 1);

    // bad templates and limits are refused up front, naming the field
    for (body, field) in [
        (
            json!({"use_templating": true, "notification": {"fcm": {"message": {"t": "{{ .device.meta.x }}"}}}}),
            "notification.fcm.message",
        ),
        (
            json!({"limit_strategy": {"time_limit": {"send_after_time": "25:00:00", "send_before_time": "10:00:00"}},
                "notification": {"fcm": {"message": {}}}}),
            "limit_strategy.time_limit.send_after_time",
        ),
        (
            json!({"limit_strategy": {"rate_limit": {"policies": [{"rate": 0, "interval_ms": 10}]}},
                "notification": {"fcm": {"message": {}}}}),
            "limit_strategy.rate_limit.policies[0].rate",
        ),
    ] {
        let mut body = body;
        body["recipient"] = json!({"topics": ["t"]});
        let (code, msg) = err(&s, "send_push_notification", body.clone()).await;
        assert_eq!(code, 107, "{body}");
        assert!(msg.contains(field), "{body}: {msg}");
    }
    s.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

//! Shared poll channels against a real HTTP backend (the `shared_poll_refresh` proxy of
//! [`super::proxy_backend`], answering from a store the tests write): track and untrack on the
//! wire, one backend poll per key however many clients track it, pushes of what changed,
//! `shared_poll_publish`, and every class of bad input (forged or expired signatures, bad
//! keys, the key limit, the wrong channel type, bad API requests, bad config, bad backend
//! answers) with Centrifugo's code and the tracked state unchanged. Then centrifuge-js's
//! `newSharedPollSubscription` in JSON and Protobuf (tests/conformance/js/poll.conformance.mjs).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use super::proxy_backend::{Backend, Reply};
use super::util::{test_config, with_namespace, Client, Server};
use centri::server::poll::signature::sign;

const POLL_SECRET: &str = "poll-secret";

/// What the backend answers for each (channel, key), and the refresh requests it got.
#[derive(Clone, Default)]
pub struct Store(Arc<Mutex<Inner>>);

#[derive(Default)]
struct Inner {
    /// (channel, key) → the item the backend answers (`{key, data, version?, removed?}`).
    items: HashMap<(String, String), Value>,
    /// channel → the epoch the backend names.
    epochs: HashMap<String, String>,
    /// Every refresh request, in order.
    calls: Vec<Value>,
    /// channel → answer this instead (a bad backend).
    raw: HashMap<String, Value>,
}

impl Store {
    pub fn set(&self, channel: &str, key: &str, item: Value) {
        let mut item = item;
        item["key"] = json!(key);
        self.0
            .lock()
            .unwrap()
            .items
            .insert((channel.into(), key.into()), item);
    }

    pub fn set_epoch(&self, channel: &str, epoch: &str) {
        self.0
            .lock()
            .unwrap()
            .epochs
            .insert(channel.into(), epoch.into());
    }

    fn set_raw(&self, channel: &str, answer: Value) {
        self.0.lock().unwrap().raw.insert(channel.into(), answer);
    }

    /// The refresh requests for `channel`.
    pub fn calls(&self, channel: &str) -> Vec<Value> {
        self.0
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c["channel"] == channel)
            .cloned()
            .collect()
    }

    /// The backend's answer to a refresh request: each key's stored item, or `{"n": 0}`
    /// (version 1) for a key never set.
    fn answer(&self, req: &Value) -> Value {
        let mut st = self.0.lock().unwrap();
        st.calls.push(req.clone());
        let ch = req["channel"].as_str().unwrap_or("").to_string();
        if let Some(raw) = st.raw.get(&ch) {
            return raw.clone();
        }
        let items: Vec<Value> = req["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|it| {
                let key = it["key"].as_str().unwrap_or("").to_string();
                st.items
                    .get(&(ch.clone(), key.clone()))
                    .cloned()
                    .unwrap_or_else(|| json!({"key": key, "data": {"n": 0}, "version": 1}))
            })
            .collect();
        let mut result = json!({"items": items});
        if let Some(e) = st.epochs.get(&ch) {
            result["epoch"] = json!(e);
        }
        json!({"result": result})
    }

    /// Scripts `b`: `shared_poll_refresh` answers from this store, and (for the JS suite)
    /// `poll_set` writes it (`{channel, key, item?, epoch?}`) and `poll_calls` reads the
    /// requests of a channel.
    pub fn script(&self, b: &Backend) {
        let s = self.clone();
        b.set("shared_poll_refresh", Reply::with(move |req| s.answer(req)));
        let s = self.clone();
        b.set(
            "poll_set",
            Reply::with(move |req| {
                let ch = req["channel"].as_str().unwrap_or("");
                if let Some(e) = req["epoch"].as_str() {
                    s.set_epoch(ch, e);
                }
                if let Some(k) = req["key"].as_str() {
                    s.set(ch, k, req["item"].clone());
                }
                json!({"result": {}})
            }),
        );
        let s = self.clone();
        b.set(
            "poll_calls",
            Reply::with(move |req| {
                json!({"result": {"calls": s.calls(req["channel"].as_str().unwrap_or(""))}})
            }),
        );
    }
}

/// The shared poll namespaces over `b`: `polls` (versionless), `vpolls` (versioned, with
/// `shared_poll_publish`), `few` (2 keys per connection), all polled every 300 ms.
pub fn poll_config(mut cfg: Value, b: &Backend) -> Value {
    cfg["shared_poll"] = json!({"hmac_secret_key": POLL_SECRET});
    cfg["channel"]["proxy"]["shared_poll_refresh"] =
        json!({"endpoint": b.http("shared_poll_refresh"), "timeout": "2s"});
    let open = json!({"allow_subscribe_for_client": true});
    for (name, sp) in [
        ("polls", json!({"refresh_interval": "300ms"})),
        (
            "vpolls",
            json!({"refresh_interval": "300ms", "mode": "versioned", "publish_enabled": true}),
        ),
        (
            "few",
            json!({"refresh_interval": "300ms", "max_keys_per_connection": 2}),
        ),
    ] {
        let mut ns = open.clone();
        ns["name"] = json!(name);
        ns["subscription_type"] = json!("shared_poll");
        ns["shared_poll"] = sp;
        cfg["channel"]["namespaces"]
            .as_array_mut()
            .unwrap()
            .push(ns);
    }
    cfg
}

async fn setup() -> (Server, Backend, Store) {
    let b = Backend::start().await;
    let store = Store::default();
    store.script(&b);
    let mut cfg = test_config();
    // no pings in the silences these tests wait through
    cfg["client"]["ping_interval"] = json!("60s");
    cfg["client"]["pong_timeout"] = json!("10s");
    let s = Server::start(poll_config(cfg, &b)).await;
    (s, b, store)
}

fn now() -> i64 {
    super::util::now()
}

fn sig(user: &str, ch: &str, keys: &[&str]) -> String {
    sign(POLL_SECRET, now(), now() + 3600, user, ch, keys)
}

fn track(ch: &str, batches: &[(String, &[(&str, u64)])]) -> Value {
    let track: Vec<Value> = batches
        .iter()
        .map(|(sig, items)| {
            json!({"signature": sig, "items": items.iter().map(|(k, v)| if *v == 0 { json!({"key": k}) } else { json!({"key": k, "version": v}) }).collect::<Vec<_>>()})
        })
        .collect();
    json!({"sub_refresh": {"channel": ch, "type": 1, "track": track}})
}

async fn subscribed(s: &Server, user: &str, ch: &str) -> (Client, Value) {
    let (mut c, _) = Client::connect(&s.ws_url(), user).await;
    let r = c
        .call(json!({"subscribe": {"channel": ch, "type": 4}}))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    (c, r["subscribe"].clone())
}

fn err_code(r: &Value) -> u64 {
    r["error"]["code"]
        .as_u64()
        .unwrap_or_else(|| panic!("no error in {r}"))
}

/// The keys each refresh request of `ch` asked, request by request.
fn asked(store: &Store, ch: &str) -> Vec<Vec<String>> {
    store
        .calls(ch)
        .iter()
        .map(|c| {
            c["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["key"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_share_one_poll_and_get_what_changed() {
    let (s, b, store) = setup().await;
    let ch = "polls:votes";
    let (mut a, sa) = subscribed(&s, "alice", ch).await;
    assert_eq!(sa["type"], 4);
    assert!(sa["epoch"].as_str().is_some_and(|e| !e.is_empty()), "{sa}");
    let r = a
        .call(track(
            ch,
            &[(sig("alice", ch, &["k1", "k2"]), &[("k1", 0), ("k2", 0)])],
        ))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(r["sub_refresh"]["expires"], true);
    assert!(r["sub_refresh"]["ttl"].as_u64().unwrap() > 3500, "{r}");
    // cold keys are polled at once: both arrive as pushes with a (synthetic) version
    let mut got = HashMap::new();
    for _ in 0..2 {
        let p = a.next_push().await;
        assert_eq!(p["channel"], ch);
        got.insert(
            p["pub"]["key"].as_str().unwrap().to_string(),
            p["pub"].clone(),
        );
    }
    assert_eq!(got["k1"]["data"], json!({"n": 0}));
    assert_eq!(got["k1"]["version"], 1);

    // bob tracks k1 too: the server already has it, so the track reply carries it
    let (mut bob, _) = subscribed(&s, "bob", ch).await;
    let r = bob
        .call(track(ch, &[(sig("bob", ch, &["k1"]), &[("k1", 0)])]))
        .await;
    let items = r["sub_refresh"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{r}");
    assert_eq!(
        (&items[0]["key"], &items[0]["data"], &items[0]["version"]),
        (&json!("k1"), &json!({"n": 0}), &json!(1))
    );

    // a change at the backend reaches both trackers of k1, once, with the next version
    store.set(ch, "k1", json!({"data": {"n": 5}}));
    let pa = a.next_push().await;
    let pb = bob.next_push().await;
    for p in [&pa, &pb] {
        assert_eq!(
            (&p["pub"]["key"], &p["pub"]["data"], &p["pub"]["version"]),
            (&json!("k1"), &json!({"n": 5}), &json!(2)),
            "{p}"
        );
    }
    // unchanged data is not pushed again
    a.expect_silence(700).await;

    // every request asked each key at most once, however many track it
    let calls = asked(&store, ch);
    assert!(calls.len() >= 3, "{calls:?}");
    for keys in &calls {
        let mut uniq = keys.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(
            uniq.len(),
            keys.len(),
            "a key asked twice in one poll: {keys:?}"
        );
    }

    // bob untracks k1: the next change reaches alice only
    let r = bob
        .call(json!({"sub_refresh": {"channel": ch, "type": 2, "untrack": ["k1"]}}))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    store.set(ch, "k1", json!({"data": {"n": 6}}));
    let p = a.next_push().await;
    assert_eq!(p["pub"]["data"], json!({"n": 6}));
    bob.expect_silence(700).await;

    // the backend removes k2: alice is told, and k2 is no longer polled
    store.set(ch, "k2", json!({"removed": true}));
    let p = a.next_push().await;
    assert_eq!(
        (&p["pub"]["key"], &p["pub"]["removed"]),
        (&json!("k2"), &json!(true))
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let last = asked(&store, ch).pop().unwrap();
    assert_eq!(last, ["k1"], "k2 is still polled");

    // alice leaves: nobody tracks anything, so the polls stop
    drop(a);
    drop(bob);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = store.calls(ch).len();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(store.calls(ch).len(), before, "polled with nobody tracking");
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tracks_get_centrifugos_codes_and_track_nothing() {
    let (s, b, store) = setup().await;
    let ch = "polls:bad";
    let (mut c, _) = subscribed(&s, "u1", ch).await;
    // forged: signed with another secret, or for another user, or other keys
    for forged in [
        sign("wrong-secret", now(), now() + 60, "u1", ch, &["k"]),
        sig("someone-else", ch, &["k"]),
        sig("u1", ch, &["other"]),
        "not-a-signature".to_string(),
        String::new(),
    ] {
        let r = c.call(track(ch, &[(forged.clone(), &[("k", 0)])])).await;
        assert_eq!(err_code(&r), 103, "{forged}: {r}");
    }
    // expired (past the 25 s grace): 109, for the client to get a fresh one
    let expired = sign(POLL_SECRET, now() - 100, now() - 60, "u1", ch, &["k"]);
    let r = c.call(track(ch, &[(expired, &[("k", 0)])])).await;
    assert_eq!(err_code(&r), 109, "{r}");
    // one bad batch refuses the whole request
    let r = c
        .call(track(
            ch,
            &[
                (sig("u1", ch, &["a"]), &[("a", 0)]),
                ("x:y:z".into(), &[("b", 0)]),
            ],
        ))
        .await;
    assert_eq!(err_code(&r), 103, "{r}");
    // bad shapes: 107
    let long = "k".repeat(2000);
    for bad in [
        json!({"sub_refresh": {"channel": ch, "type": 1}}),
        json!({"sub_refresh": {"channel": ch, "type": 1, "track": [{"signature": sig("u1", ch, &[]), "items": []}]}}),
        json!({"sub_refresh": {"channel": ch, "type": 2}}),
        json!({"sub_refresh": {"channel": ch, "type": 7, "untrack": ["k"]}}),
        track(ch, &[(sig("u1", ch, &[""]), &[("", 0)])]),
        track(
            ch,
            &[(sig("u1", ch, &[long.as_str()]), &[(long.as_str(), 0)])],
        ),
        // track on a stream channel
        json!({"sub_refresh": {"channel": "chat:x", "type": 1, "track": [{"signature": "1:2:00", "items": [{"key": "k"}]}]}}),
    ] {
        let r = c.call(bad.clone()).await;
        assert_eq!(err_code(&r), 107, "{bad}: {r}");
    }
    // a stream subscription on a shared poll channel, and a shared poll one on a stream channel
    let r = c
        .call(json!({"subscribe": {"channel": "polls:other"}}))
        .await;
    assert_eq!(err_code(&r), 107, "{r}");
    let r = c
        .call(json!({"subscribe": {"channel": "chat:y", "type": 4}}))
        .await;
    assert_eq!(err_code(&r), 107, "{r}");
    // not subscribed to the channel: 103
    let r = c
        .call(track(
            "polls:elsewhere",
            &[(sig("u1", "polls:elsewhere", &["k"]), &[("k", 0)])],
        ))
        .await;
    assert_eq!(err_code(&r), 103, "{r}");
    // a publication into a shared poll channel: its data comes from the backend (a client is
    // refused by the permissions, the API with 107)
    let r = c
        .call(json!({"publish": {"channel": ch, "data": {"x": 1}}}))
        .await;
    assert_eq!(err_code(&r), 103, "{r}");
    let (_, r) = s
        .api("publish", json!({"channel": ch, "data": {"x": 1}}))
        .await;
    assert_eq!(r["error"]["code"], 107, "{r}");
    // nothing was tracked: the backend was never asked
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(store.calls(ch).is_empty(), "{:?}", store.calls(ch));
    c.expect_silence(100).await;

    // the key limit (2 per connection): 106 and nothing more tracked
    let few = "few:x";
    let (mut f, _) = subscribed(&s, "u2", few).await;
    let r = f
        .call(track(
            few,
            &[(sig("u2", few, &["a", "b"]), &[("a", 0), ("b", 0)])],
        ))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let r = f
        .call(track(few, &[(sig("u2", few, &["c"]), &[("c", 0)])]))
        .await;
    assert_eq!(err_code(&r), 106, "{r}");
    // re-tracking a tracked key is not a new key
    let r = f
        .call(track(few, &[(sig("u2", few, &["a"]), &[("a", 1)])]))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    tokio::time::sleep(Duration::from_millis(800)).await;
    for keys in asked(&store, few) {
        assert!(!keys.contains(&"c".to_string()), "{keys:?}");
    }
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_backend_answers_skip_the_bad_items_only() {
    let (s, b, store) = setup().await;
    let ch = "polls:garbage";
    // an item with an empty key (skipped, and logged with the channel), then a good one
    store.set_raw(
        ch,
        json!({"result": {"items": [{"key": "", "data": {"n": 1}}, {"key": "k", "data": {"n": 2}}]}}),
    );
    let (mut c, _) = subscribed(&s, "u", ch).await;
    let r = c
        .call(track(ch, &[(sig("u", ch, &["k"]), &[("k", 0)])]))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let p = c.next_push().await;
    assert_eq!(
        (&p["pub"]["key"], &p["pub"]["data"]),
        (&json!("k"), &json!({"n": 2}))
    );
    // a backend error, then garbage: nothing is pushed, and the polls go on
    store.set_raw(
        ch,
        json!({"error": {"code": 1000, "message": "backend down"}}),
    );
    let n = store.calls(ch).len();
    tokio::time::sleep(Duration::from_millis(700)).await;
    store.set_raw(ch, json!("garbage"));
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(store.calls(ch).len() >= n + 2, "polling stopped");
    c.expect_silence(100).await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_poll_publish_delivers_newer_versions_at_once() {
    let (s, b, store) = setup().await;
    let ch = "vpolls:config";
    store.set(ch, "app", json!({"data": {"theme": "light"}, "version": 3}));
    let (mut c, _) = subscribed(&s, "u", ch).await;
    c.call(track(ch, &[(sig("u", ch, &["app"]), &[("app", 0)])]))
        .await;
    let p = c.next_push().await;
    assert_eq!(
        (&p["pub"]["data"], &p["pub"]["version"]),
        (&json!({"theme": "light"}), &json!(3))
    );
    // versioned: the server asks with the version it has
    tokio::time::sleep(Duration::from_millis(400)).await;
    let last = store.calls(ch).pop().unwrap();
    assert_eq!(last["items"], json!([{"key": "app", "version": 3}]));

    let publish = |version: u64, data: Value| json!({"channel": ch, "key": "app", "data": data, "version": version});
    let (st, r) = s
        .api("shared_poll_publish", publish(5, json!({"theme": "dark"})))
        .await;
    assert_eq!((st, &r), (200, &json!({"result": {}})));
    let p = c.next_push().await;
    assert_eq!(
        (&p["pub"]["data"], &p["pub"]["version"]),
        (&json!({"theme": "dark"}), &json!(5))
    );
    // stale or equal versions are dropped silently
    for v in [4, 5] {
        let (st, r) = s
            .api("shared_poll_publish", publish(v, json!({"old": v})))
            .await;
        assert_eq!((st, &r), (200, &json!({"result": {}})));
    }
    // and the backend's version 3 is older too: nothing more reaches the client
    c.expect_silence(800).await;

    // bad requests: Centrifugo's codes
    for (body, code) in [
        (json!({"channel": ch, "key": "app", "data": {}}), 107),
        (json!({"channel": ch, "data": {}, "version": 9}), 107),
        (json!({"channel": ch, "key": "app", "version": 9}), 107),
        (
            json!({"channel": "nope:x", "key": "app", "data": {}, "version": 9}),
            102,
        ),
        (
            json!({"channel": "chat:x", "key": "app", "data": {}, "version": 9}),
            107,
        ),
        // versionless: no publish
        (
            json!({"channel": "polls:x", "key": "app", "data": {}, "version": 9}),
            108,
        ),
    ] {
        let (st, r) = s.api("shared_poll_publish", body.clone()).await;
        assert_eq!(st, 200);
        assert_eq!(r["error"]["code"], code, "{body}: {r}");
    }

    // the publisher's epoch changes: subscribers are unsubscribed with 2500 and resubscribe
    store.set_epoch(ch, "e1");
    tokio::time::sleep(Duration::from_millis(700)).await;
    store.set_epoch(ch, "e2");
    let p = c.next_push().await;
    assert_eq!(p["unsubscribe"]["code"], 2500, "{p}");
    let r = c
        .call(json!({"subscribe": {"channel": ch, "type": 4}}))
        .await;
    assert_eq!(r["subscribe"]["epoch"], "e2", "{r}");
    b.stop().await;
}

#[tokio::test]
async fn shared_poll_config_is_checked_with_the_key_named() {
    let base = || {
        let mut cfg = test_config();
        with_namespace(&mut cfg, "pp", &json!({"subscription_type": "shared_poll"}));
        cfg
    };
    let err = |cfg: Value| {
        centri::server::config::load(&cfg.to_string(), &HashMap::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let mut c = base();
    c["channel"]["proxy"]["shared_poll_refresh"] = json!({"endpoint": "http://127.0.0.1:9/p"});
    assert!(
        err(c.clone()).contains("shared_poll.hmac_secret_key"),
        "{}",
        err(c.clone())
    );
    c["shared_poll"] = json!({"hmac_secret_key": "s"});
    assert_eq!(err(c.clone()), "");
    let mut no_proxy = base();
    no_proxy["shared_poll"] = json!({"hmac_secret_key": "s"});
    let e = err(no_proxy);
    assert!(
        e.contains("channel.namespaces[3].shared_poll.proxy_name"),
        "{e}"
    );
    for (sp, key) in [
        (json!({"mode": "often"}), "shared_poll.mode"),
        (
            json!({"publish_enabled": true}),
            "shared_poll.publish_enabled",
        ),
        (json!({"proxy_name": "nope"}), "shared_poll.proxy_name"),
        (
            json!({"refresh_interval": "-1s"}),
            "shared_poll.refresh_interval",
        ),
    ] {
        let mut c2 = c.clone();
        c2["channel"]["namespaces"][3]["shared_poll"] = sp.clone();
        let e = err(c2);
        assert!(e.contains(key), "{sp}: {e}");
    }
    let mut grpc = c.clone();
    grpc["channel"]["proxy"]["shared_poll_refresh"] = json!({"endpoint": "grpc://127.0.0.1:9"});
    assert!(err(grpc).contains("GRPC"));
}

/// centrifuge-js 5.8's `newSharedPollSubscription` against the real binary and backend.
async fn js_suite(protocol: &str, transport: &str) {
    js_suite_on(protocol, transport, false).await;
}

/// The suite on one node, or (`redis`) on two nodes of the Redis engine with the SDK on the
/// first and the server API (`shared_poll_publish`) on the second.
async fn js_suite_on(protocol: &str, transport: &str, redis: bool) {
    use super::conformance::{config, node_suite, run_suite};
    let b = Backend::start().await;
    let store = Store::default();
    store.script(&b);
    let mut cfg = poll_config(config(), &b);
    let server = if redis {
        Some(
            tokio::task::spawn_blocking(super::redis::Redis::start)
                .await
                .unwrap(),
        )
    } else {
        None
    };
    if let Some(r) = &server {
        let mut engine = super::redis::single(r.port);
        engine["prefix"] = json!(format!("pollsuite{}", r.port));
        cfg["engine"] = json!({"type": "redis", "redis": engine});
    }
    let key = cfg["http_api"]["key"].as_str().unwrap().to_string();
    let secret = cfg["client"]["token"]["hmac_secret_key"]
        .as_str()
        .unwrap()
        .to_string();
    let path = super::util::fresh_dir("poll-conf").join("config.json");
    std::fs::write(&path, cfg.to_string()).unwrap();
    let nodes = if redis { 2 } else { 1 };
    let ps = tokio::task::spawn_blocking(move || {
        (0..nodes)
            .map(|i| {
                let data = format!("{}.d{i}", path.display());
                super::util::Proc::serve(
                    &["--config", path.to_str().unwrap(), "--data-dir", &data],
                    &[],
                )
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let mut cmd = node_suite(&["poll.conformance.mjs"]);
    cmd.env("CENTRI_URL", format!("http://{}", ps[0].addr))
        .env(
            "CENTRI_API_URL",
            format!("http://{}", ps[ps.len() - 1].addr),
        )
        .env("CENTRI_API_KEY", &key)
        .env("CENTRI_HMAC_SECRET", &secret)
        .env("CENTRI_POLL_SECRET", POLL_SECRET)
        .env(
            "CENTRI_POLL_BACKEND",
            b.http("poll_set").trim_end_matches("/poll_set"),
        )
        .env("CENTRI_PROTOCOL", protocol)
        .env("CENTRI_TRANSPORT", transport);
    let what = if redis {
        "centrifuge-js shared poll on two Redis nodes"
    } else {
        "centrifuge-js shared poll"
    };
    tokio::task::spawn_blocking(move || run_suite(cmd, what))
        .await
        .unwrap();
    drop(ps);
    drop(server);
    b.stop().await;
}

/// The shared poll suite with the SDK on one node of the Redis engine and
/// `shared_poll_publish` sent to the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_shared_poll_on_two_redis_nodes() {
    js_suite_on("json", "websocket", true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_shared_poll() {
    js_suite("json", "websocket").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_protobuf_shared_poll() {
    js_suite("protobuf", "websocket").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_shared_poll_over_http_stream() {
    js_suite("json", "http_stream").await;
}

/// On the Redis engine a `shared_poll_publish` sent to one node reaches the trackers of the
/// key on another node.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_poll_publish_reaches_trackers_on_another_redis_node() {
    let b = Backend::start().await;
    let store = Store::default();
    store.script(&b);
    let redis = tokio::task::spawn_blocking(super::redis::Redis::start)
        .await
        .unwrap();
    let mut cfg = poll_config(test_config(), &b);
    cfg["client"]["ping_interval"] = json!("60s");
    cfg["client"]["pong_timeout"] = json!("10s");
    let mut engine = super::redis::single(redis.port);
    engine["prefix"] = json!(format!("poll{}", redis.port));
    cfg["engine"] = json!({"type": "redis", "redis": engine});
    let a = Server::start_binary(cfg.clone()).await;
    let other = Server::start_binary(cfg).await;
    let ch = "vpolls:shared";
    store.set(ch, "app", json!({"data": {"theme": "light"}, "version": 3}));
    let (mut c, _) = subscribed(&a, "u", ch).await;
    c.call(track(ch, &[(sig("u", ch, &["app"]), &[("app", 0)])]))
        .await;
    let p = c.next_push().await;
    assert_eq!(p["pub"]["version"], 3, "{p}");
    let (st, r) = other
        .api(
            "shared_poll_publish",
            json!({"channel": ch, "key": "app", "data": {"theme": "dark"}, "version": 5}),
        )
        .await;
    assert_eq!((st, &r), (200, &json!({"result": {}})));
    let p = c.next_push().await;
    assert_eq!(
        (&p["pub"]["data"], &p["pub"]["version"]),
        (&json!({"theme": "dark"}), &json!(5)),
        "{p}"
    );
    // an older version sent to the other node is dropped here too
    let (st, _) = other
        .api(
            "shared_poll_publish",
            json!({"channel": ch, "key": "app", "data": {"old": 1}, "version": 4}),
        )
        .await;
    assert_eq!(st, 200);
    c.expect_silence(800).await;
    a.stop().await;
    other.stop().await;
    drop(redis);
    b.stop().await;
}

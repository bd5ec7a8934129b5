//! Personal channels (`client.subscribe_to_user_personal_channel`, issue 14): every
//! authenticated connection is subscribed server-side to `#<user>` or `<ns>:#<user>` at
//! connect; with `single_connection`, a user's new connection disconnects the older ones
//! with 3504, on the memory engine and across Redis nodes.

use serde_json::{json, Value};

use super::util::{test_config, token, Client, Proc, Server};

fn personal_config(namespace: &str, single: bool) -> Value {
    let mut cfg = test_config();
    cfg["client"]["subscribe_to_user_personal_channel"] = json!({
        "enabled": true, "personal_channel_namespace": namespace, "single_connection": single
    });
    cfg["channel"]["namespaces"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "personal", "presence": true, "history_size": 10, "history_ttl": "60s", "force_recovery": true}));
    cfg
}

#[tokio::test]
async fn every_connection_is_subscribed_to_its_personal_channel() {
    let s = Server::start(personal_config("", false)).await;
    let (mut a, connect) = Client::connect(&s.ws_url(), "42").await;
    assert!(connect["subs"].get("#42").is_some(), "{connect}");
    let (mut b, connect) = Client::connect(&s.ws_url(), "42").await;
    assert!(connect["subs"].get("#42").is_some(), "{connect}");
    // without single_connection, both stay and both get what is published there
    let (_, r) = s
        .api("publish", json!({"channel": "#42", "data": {"n": 1}}))
        .await;
    assert!(r.get("result").is_some(), "{r}");
    for c in [&mut a, &mut b] {
        let p = loop {
            let p = c.next_push().await;
            if p.get("pub").is_some() {
                break p; // (join pushes of the other connection come first)
            }
        };
        assert_eq!(
            (p["channel"].clone(), p["pub"]["data"]["n"].clone()),
            (json!("#42"), json!(1))
        );
    }
    // the connections API names the source: 9, user personal channel
    let (_, r) = s.api("connections", json!({"user": "42"})).await;
    let conns = r["result"]["connections"].as_object().unwrap();
    assert_eq!(conns.len(), 2, "{r}");
    for c in conns.values() {
        assert_eq!(c["state"]["channels"]["#42"]["source"], 9, "{r}");
    }
    // anonymous connections have no personal channel
    let mut cfg = personal_config("", false);
    cfg["client"]["allow_anonymous_connect_without_token"] = json!(true);
    let s2 = Server::start(cfg).await;
    let mut anon = Client::open(&s2.ws_url()).await;
    let r = anon.call(json!({"connect": {}})).await;
    assert!(
        r["connect"]
            .get("subs")
            .is_none_or(|s| s.as_object().is_none_or(serde_json::Map::is_empty)),
        "{r}"
    );
    s.stop().await;
    s2.stop().await;
}

#[tokio::test]
async fn single_connection_disconnects_the_older_connections_with_3504() {
    let s = Server::start(personal_config("personal", true)).await;
    let (mut first, connect) = Client::connect(&s.ws_url(), "7").await;
    assert!(connect["subs"].get("personal:#7").is_some(), "{connect}");
    let (mut other_user, _) = Client::connect(&s.ws_url(), "8").await;
    let (mut second, _) = Client::connect(&s.ws_url(), "7").await;
    assert_eq!(first.closed().await, (3504, "connection limit".to_string()));
    // the new one stays, and so does another user's
    for c in [&mut second, &mut other_user] {
        let r = c
            .call(json!({"presence_stats": {"channel": "chat:x"}}))
            .await;
        assert!(
            r.get("error").is_some() || r.get("presence_stats").is_some(),
            "{r}"
        );
    }
    let (_, r) = s
        .api("presence_stats", json!({"channel": "personal:#7"}))
        .await;
    assert_eq!(r["result"]["num_clients"], 1, "{r}");
    s.stop().await;
}

#[test]
fn misconfigured_personal_channels_are_refused_naming_the_key() {
    for (personal, key) in [
        (
            json!({"enabled": true, "personal_channel_namespace": "nope"}),
            "client.subscribe_to_user_personal_channel.personal_channel_namespace",
        ),
        (
            json!({"enabled": true, "single_connection": true}),
            "client.subscribe_to_user_personal_channel.single_connection",
        ),
    ] {
        let mut cfg = test_config();
        cfg["channel"]["without_namespace"]["presence"] = json!(false);
        cfg["client"]["subscribe_to_user_personal_channel"] = personal;
        let e = centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
            .unwrap_err();
        assert!(e.to_string().contains(key), "{e}");
    }
}

/// Two `centri serve` nodes on one Redis with the personal channel in namespace `personal`.
/// Two nodes on the Redis that `redis` (`engine.redis`) describes, with a key prefix of
/// their own.
async fn two_redis_nodes(redis: &Value, single: bool) -> Vec<Proc> {
    let dir = super::util::fresh_dir("personal-redis");
    let mut cfg = personal_config("personal", single);
    let mut engine = redis.clone();
    engine["prefix"] = json!(format!(
        "pers{single}{}",
        engine["prefix"].as_str().unwrap_or("")
    ));
    cfg["engine"] = json!({"type": "redis", "redis": engine});
    let path = dir.join("c.json");
    std::fs::write(&path, cfg.to_string()).unwrap();
    let p = path.to_str().unwrap().to_string();
    tokio::task::spawn_blocking(move || {
        (0..2)
            .map(|i| Proc::serve(&["--config", &p, "--data-dir", &format!("{p}.d{i}")], &[]))
            .collect()
    })
    .await
    .unwrap()
}

async fn publish_on(node: &Proc, channel: &str, data: Value) {
    let r = reqwest::Client::new()
        .post(format!("http://{}/api/publish", node.addr))
        .header("X-API-Key", super::util::API_KEY)
        .body(json!({"channel": channel, "data": data}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn next_pub(c: &mut Client) -> Value {
    loop {
        let p = c.next_push().await;
        if p.get("pub").is_some() {
            return p;
        }
    }
}

/// Two nodes on one Redis: the personal channel's publications reach the user's
/// connections on every node; without `single_connection` they all stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_channels_span_redis_nodes() {
    let redis = super::redis::Redis::start();
    let nodes = two_redis_nodes(&super::redis::single(redis.port), false).await;
    let ws = |i: usize| format!("ws://{}/connection/websocket", nodes[i].addr);
    let (mut on_1, connect) = Client::connect(&ws(0), "7").await;
    assert!(connect["subs"].get("personal:#7").is_some(), "{connect}");
    let (mut on_2, _) = Client::connect(&ws(1), "7").await;
    publish_on(&nodes[1], "personal:#7", json!({"hi": 1})).await;
    publish_on(&nodes[0], "personal:#7", json!({"hi": 2})).await;
    for c in [&mut on_1, &mut on_2] {
        assert_eq!(next_pub(c).await["pub"]["data"]["hi"], 1);
        assert_eq!(next_pub(c).await["pub"]["data"]["hi"], 2);
        let r = c
            .call(json!({"subscribe": {"channel": "chat:still"}}))
            .await;
        assert!(r.get("subscribe").is_some(), "both connections stay: {r}");
    }
    drop(nodes);
    drop(redis);
}

/// With `single_connection`, a second connection on node 2 disconnects the first on
/// node 1 (presence and the disconnect are cluster-wide).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_connection_holds_across_redis_nodes() {
    let redis = super::redis::Redis::start();
    single_connection_across_nodes(&super::redis::single(redis.port)).await;
    drop(redis);
}

/// `single_connection` on two nodes of the Redis that `redis` describes.
pub async fn single_connection_across_nodes(redis: &Value) {
    let nodes = two_redis_nodes(redis, true).await;
    let ws = |i: usize| format!("ws://{}/connection/websocket", nodes[i].addr);
    let (mut on_1, connect) = Client::connect(&ws(0), "7").await;
    assert!(connect["subs"].get("personal:#7").is_some(), "{connect}");
    let (mut other_user, _) = Client::connect(&ws(1), "8").await;
    let mut on_2 = Client::open(&ws(1)).await;
    let r = on_2.call(json!({"connect": {"token": token("7")}})).await;
    assert!(r["connect"]["subs"].get("personal:#7").is_some(), "{r}");
    assert_eq!(on_1.closed().await, (3504, "connection limit".to_string()));
    // node 2's connection and another user's stay: they still answer
    for c in [&mut on_2, &mut other_user] {
        let r = c
            .call(json!({"subscribe": {"channel": "chat:after"}}))
            .await;
        assert!(r.get("subscribe").is_some(), "{r}");
    }
    drop(nodes);
}

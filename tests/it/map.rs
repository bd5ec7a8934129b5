//! Map channels through the server API (`map_publish`, `map_remove`, `map_read_state`,
//! `map_read_stream`, `map_stats`, `map_clear`) on the memory engine: state pages, the stream,
//! suppressed writes, key expiry, and bad input answered with Centrifugo's codes with the
//! state unchanged.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{test_config, with_namespace, Client, Server};

async fn server() -> Server {
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "map",
        &json!({"subscription_type": "map", "map": {
            "mode": "persistent", "stream_size": 3,
            "min_page_size": 1, "default_page_size": 2, "max_page_size": 10}}),
    );
    with_namespace(
        &mut cfg,
        "mapb",
        &json!({"subscription_type": "map", "map": {
            "mode": "persistent", "stream_size": 100,
            "min_page_size": 1, "default_page_size": 2, "max_page_size": 100}}),
    );
    with_namespace(
        &mut cfg,
        "eph",
        &json!({"subscription_type": "map", "map": {"mode": "ephemeral", "key_ttl": "300ms"}}),
    );
    Server::start(cfg).await
}

/// A successful call's result.
async fn ok(s: &Server, method: &str, body: Value) -> Value {
    let (st, r) = s.api(method, body.clone()).await;
    assert_eq!(st, 200, "{method} {body}: {r}");
    assert!(r.get("error").is_none(), "{method} {body}: {r}");
    r["result"].clone()
}

/// An API error's code.
async fn code(s: &Server, method: &str, body: Value) -> u64 {
    let (st, r) = s.api(method, body.clone()).await;
    assert_eq!(st, 200, "{method} {body}: {r}");
    r["error"]["code"]
        .as_u64()
        .unwrap_or_else(|| panic!("{method} {body}: no error in {r}"))
}

#[tokio::test]
async fn map_state_stream_and_writes_through_the_server_api() {
    let s = server().await;
    for (k, v) in [("c", 1), ("a", 1), ("b", 1)] {
        let r = ok(
            &s,
            "map_publish",
            json!({"channel": "map:room", "key": k, "data": {"v": v}}),
        )
        .await;
        assert_eq!(r.get("suppressed"), None, "{r}");
    }
    let r = ok(
        &s,
        "map_publish",
        json!({"channel": "map:room", "key": "a", "data": {"v": 2},
        "tags": {"t": "x"}}),
    )
    .await;
    assert_eq!(r["offset"], 4);
    let epoch = r["epoch"].as_str().unwrap().to_string();

    // state: key order, two per page (the namespace's default), then the last page
    let p1 = ok(&s, "map_read_state", json!({"channel": "map:room"})).await;
    let keys: Vec<&str> = p1["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(p1["entries"][0]["data"], json!({"v": 2}));
    assert_eq!(p1["entries"][0]["tags"], json!({"t": "x"}));
    assert_eq!(
        (p1["offset"].as_u64(), p1["epoch"].as_str()),
        (Some(4), Some(epoch.as_str()))
    );
    let p2 = ok(
        &s,
        "map_read_state",
        json!({"channel": "map:room", "cursor": p1["cursor"]}),
    )
    .await;
    assert_eq!(p2["entries"][0]["key"], "c");
    assert!(p2.get("cursor").is_none(), "the last page: {p2}");
    let one = ok(
        &s,
        "map_read_state",
        json!({"channel": "map:room", "key": "b"}),
    )
    .await;
    assert_eq!(one["entries"].as_array().unwrap().len(), 1);

    // suppressed writes change nothing
    let r = ok(
        &s,
        "map_publish",
        json!({"channel": "map:room", "key": "a", "data": 1, "key_mode": "if_new"}),
    )
    .await;
    assert_eq!(
        (r["suppressed"].as_bool(), r["suppress_reason"].as_str()),
        (Some(true), Some("key_exists"))
    );
    let r = ok(
        &s,
        "map_remove",
        json!({"channel": "map:room", "key": "zz"}),
    )
    .await;
    assert_eq!(r["suppress_reason"], "key_not_found");

    // the stream: a removal, then the changes since offset 3 (the stream keeps 3)
    let r = ok(&s, "map_remove", json!({"channel": "map:room", "key": "c"})).await;
    assert_eq!(r["offset"], 5);
    let st = ok(
        &s,
        "map_read_stream",
        json!({"channel": "map:room", "since_offset": 3, "since_epoch": epoch}),
    )
    .await;
    let entries = st["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{st}");
    assert_eq!(
        (entries[0]["key"].as_str(), entries[0]["offset"].as_u64()),
        (Some("a"), Some(4))
    );
    assert_eq!(
        (entries[1]["key"].as_str(), entries[1]["removed"].as_bool()),
        (Some("c"), Some(true))
    );
    let newest = ok(
        &s,
        "map_read_stream",
        json!({"channel": "map:room", "reverse": true, "limit": 1}),
    )
    .await;
    assert_eq!(newest["entries"][0]["offset"], 5);
    // older than the stream keeps, or another epoch: 112
    assert_eq!(
        code(
            &s,
            "map_read_stream",
            json!({"channel": "map:room", "since_offset": 1, "since_epoch": epoch})
        )
        .await,
        112
    );
    assert_eq!(
        code(
            &s,
            "map_read_stream",
            json!({"channel": "map:room", "since_offset": 4, "since_epoch": "other"})
        )
        .await,
        112
    );
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "map:room"})).await["num_keys"],
        2
    );

    // bad input: Centrifugo's codes, and the state is as it was
    for (method, body, want) in [
        (
            "map_publish",
            json!({"channel": "chat:x", "key": "k", "data": {}}),
            107,
        ),
        ("map_read_state", json!({"channel": "chat:x"}), 107),
        ("map_stats", json!({"channel": "nope:x"}), 102),
        (
            "map_publish",
            json!({"channel": "map:room", "key": "", "data": {}}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": "map:room", "key": "k".repeat(1025), "data": {}}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": "map:room", "key": "k", "data": {}, "key_mode": "sometimes"}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": "map:room", "key": "k"}),
            107,
        ),
        (
            "map_publish",
            json!({"channel": "map:room", "key": "k", "b64data": "%%%"}),
            107,
        ),
        (
            "map_read_state",
            json!({"channel": "map:room", "cursor": "not a cursor!"}),
            107,
        ),
        (
            "map_read_state",
            json!({"channel": "map:room", "limit": -1}),
            107,
        ),
        ("publish", json!({"channel": "map:room", "data": {}}), 107),
    ] {
        assert_eq!(
            code(&s, method, body.clone()).await,
            want,
            "{method} {body}"
        );
    }
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "map:room"})).await["num_keys"],
        2
    );
    let again = ok(
        &s,
        "map_read_state",
        json!({"channel": "map:room", "limit": 10}),
    )
    .await;
    assert_eq!(again["offset"], 5, "no write went through");

    // a stream subscription or an ordinary publication on a map channel: 107
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let r = c.call(json!({"subscribe": {"channel": "map:room"}})).await;
    assert_eq!(r["error"]["code"], 107, "{r}");
    let r = c
        .call(json!({"publish": {"channel": "map:room", "data": {}}}))
        .await;
    assert_eq!(r["error"]["code"], 107, "{r}");

    // map_clear: the state and stream are gone, and the next write starts a new epoch
    ok(&s, "map_clear", json!({"channel": "map:room"})).await;
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "map:room"})).await["num_keys"],
        0
    );
    let r = ok(
        &s,
        "map_publish",
        json!({"channel": "map:room", "key": "a", "data": 1}),
    )
    .await;
    assert_eq!(r["offset"], 1);
    assert_ne!(r["epoch"].as_str().unwrap(), epoch);
    s.stop().await;
}

/// A map subscribe command of `phase` (2 state, 1 stream) with `extra` fields.
fn phase(channel: &str, phase: i32, extra: &Value) -> Value {
    let mut sub = json!({"channel": channel, "type": 1, "phase": phase});
    for (k, v) in extra.as_object().into_iter().flatten() {
        sub[k] = v.clone();
    }
    json!({"subscribe": sub})
}

#[tokio::test]
async fn the_map_subscribe_phases_on_the_wire() {
    let s = server().await;
    let ch = "mapb:phases";
    for k in ["a", "b", "c"] {
        ok(
            &s,
            "map_publish",
            json!({"channel": ch, "key": k, "data": {"k": k}}),
        )
        .await;
    }
    // 3 keys, then 20 more changes of one key: far ahead of a one-entry page
    for n in 0..20 {
        ok(
            &s,
            "map_publish",
            json!({"channel": ch, "key": "a", "data": {"n": n}}),
        )
        .await;
    }
    let (mut c, _) = Client::connect(&s.ws_url(), "7").await;
    // state page 1: frozen at the top (23), one key, a cursor
    let r = c.call(phase(ch, 2, &json!({"limit": 1}))).await;
    let p1 = &r["subscribe"];
    assert_eq!(
        (p1["type"].as_i64(), p1["phase"].as_i64()),
        (Some(1), Some(2)),
        "{r}"
    );
    assert_eq!(p1["offset"], 23);
    assert_eq!(p1["state"][0]["key"], "a");
    assert_eq!(p1["state"][0]["data"], json!({"n": 19}));
    let epoch = p1["epoch"].as_str().unwrap().to_string();
    // a change while paging: key d at offset 24 is not in the state (it comes from the stream)
    ok(
        &s,
        "map_publish",
        json!({"channel": ch, "key": "d", "data": 1}),
    )
    .await;
    // and b changes 5 times (offsets 25..29): b leaves the state (it comes from the stream),
    // and a one-entry page at 23 is far from the top, so the state ends in the stream phase
    for n in 20..25 {
        ok(
            &s,
            "map_publish",
            json!({"channel": ch, "key": "b", "data": {"n": n}}),
        )
        .await;
    }
    let mut cursor = p1["cursor"].as_str().unwrap().to_string();
    let mut keys = vec!["a".to_string()];
    loop {
        let r = c
            .call(phase(
                ch,
                2,
                &json!({"limit": 1, "cursor": cursor, "offset": 23, "epoch": epoch}),
            ))
            .await;
        let p = &r["subscribe"];
        assert_eq!(p["phase"], 2, "{r}");
        keys.extend(
            p["state"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| e["key"].as_str().unwrap().to_string()),
        );
        match p["cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(keys, ["a", "c"]);
    let r = c
        .call(phase(
            ch,
            1,
            &json!({"limit": 1, "offset": 23, "epoch": epoch}),
        ))
        .await;
    let st = &r["subscribe"];
    assert_eq!(st["phase"], 1, "{r}");
    assert_eq!(st["publications"][0]["key"], "d");
    assert_eq!(st["offset"], 24, "the last publication's offset");
    // from a position within a page of the top: live, with the catch-up
    let r = c
        .call(phase(
            ch,
            1,
            &json!({"limit": 100, "offset": 24, "epoch": epoch}),
        ))
        .await;
    let live = &r["subscribe"];
    assert!(live.get("phase").is_none(), "phase 0: {r}");
    assert_eq!(live["recoverable"], true);
    assert_eq!(live["offset"], 29);
    assert_eq!(live["publications"].as_array().unwrap().len(), 5);
    // and live: a change arrives as a push with its key
    ok(
        &s,
        "map_publish",
        json!({"channel": ch, "key": "z", "data": 1}),
    )
    .await;
    // (the namespace has join/leave on: the client's own join comes first)
    let mut push = c.next_push().await;
    for _ in 0..3 {
        if push.get("pub").is_some() {
            break;
        }
        push = c.next_push().await;
    }
    assert_eq!(
        (push["pub"]["key"].as_str(), push["pub"]["offset"].as_u64()),
        (Some("z"), Some(30)),
        "{push}"
    );

    // bad positions and phases
    let (mut c2, _) = Client::connect(&s.ws_url(), "8").await;
    let r = c2
        .call(phase(ch, 1, &json!({"offset": 3, "epoch": "other"})))
        .await;
    assert_eq!(r["error"]["code"], 112, "{r}");
    let mut old_epoch = String::new();
    for n in 0..5 {
        let r = ok(
            &s,
            "map_publish",
            json!({"channel": "map:old", "key": "k", "data": n}),
        )
        .await;
        old_epoch = r["epoch"].as_str().unwrap().to_string();
    }
    let r = c2
        .call(phase(
            "map:old",
            1,
            &json!({"offset": 1, "epoch": old_epoch}),
        ))
        .await;
    assert_eq!(
        r["error"]["code"], 112,
        "older than the stream keeps (3): {r}"
    );
    let r = c2.call(phase(ch, 0, &json!({}))).await;
    assert_eq!(r["error"]["code"], 107, "{r}");
    let r = c2.call(phase("eph:x", 1, &json!({}))).await;
    assert_eq!(r["error"]["code"], 107, "no stream in ephemeral mode: {r}");
    let r = c2.call(phase(ch, 2, &json!({"cursor": "!!"}))).await;
    assert_eq!(r["error"]["code"], 107, "{r}");
    let r = c2
        .call(json!({"subscribe": {"channel": ch, "type": 2, "phase": 2}}))
        .await;
    assert_eq!(r["error"]["code"], 107, "map_clients on a map channel: {r}");
    s.stop().await;
}

#[tokio::test]
async fn ephemeral_keys_expire_after_their_ttl() {
    let s = server().await;
    let r = ok(
        &s,
        "map_publish",
        json!({"channel": "eph:lobby", "key": "seat1", "data": {"who": "ann"}}),
    )
    .await;
    assert!(
        r.get("offset").is_none() && r.get("epoch").is_none(),
        "no stream: {r}"
    );
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "eph:lobby"})).await["num_keys"],
        1
    );
    // no stream in ephemeral mode
    assert_eq!(
        code(&s, "map_read_stream", json!({"channel": "eph:lobby"})).await,
        107
    );
    // bounded: the key lives 300 ms
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = ok(&s, "map_stats", json!({"channel": "eph:lobby"})).await["num_keys"].as_u64();
        if n == Some(0) {
            break;
        }
        assert!(Instant::now() < deadline, "the key never expired");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let st = ok(&s, "map_read_state", json!({"channel": "eph:lobby"})).await;
    assert!(st["entries"].as_array().unwrap().is_empty(), "{st}");
    s.stop().await;
}

#[tokio::test]
async fn map_config_is_checked_with_the_key_named() {
    for (map, key) in [
        (json!({}), "map.mode"),
        (json!({"mode": "ephemeral"}), "map.key_ttl"),
        (
            json!({"mode": "persistent", "key_ttl": "1m"}),
            "map.key_ttl",
        ),
        (
            json!({"mode": "ephemeral", "key_ttl": "1m", "stream_size": 10}),
            "map.stream_size",
        ),
        (
            json!({"mode": "persistent", "ordered": true}),
            "map.ordered",
        ),
    ] {
        let mut cfg = test_config();
        with_namespace(
            &mut cfg,
            "map",
            &json!({"subscription_type": "map", "map": map}),
        );
        let e = centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
            .err()
            .unwrap_or_else(|| panic!("{map} was accepted"));
        assert!(e.to_string().contains(key), "{map}: {e}");
    }
    // presence maps: expiring modes only, and the prefixes must lead to one of their type
    let load = |cfg: &Value| {
        centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "pres",
        &json!({"subscription_type": "map_clients", "map": {"mode": "persistent"}}),
    );
    let e = load(&cfg);
    assert!(e.contains("channel.namespaces[3].map.mode"), "{e}");
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "pres",
        &json!({"subscription_type": "map_clients", "map": {"mode": "ephemeral", "key_ttl": "30s"}}),
    );
    cfg["channel"]["namespaces"][0]["map_clients_presence_channel_prefix"] = json!("pres:");
    assert_eq!(load(&cfg), "");
    for (field, prefix, why) in [
        (
            "map_clients_presence_channel_prefix",
            "nowhere:",
            "no namespace",
        ),
        (
            "map_users_presence_channel_prefix",
            "pres:",
            "not \"map_users\"",
        ),
        (
            "map_clients_presence_channel_prefix",
            "chat:",
            "not \"map_clients\"",
        ),
    ] {
        let mut bad = cfg.clone();
        bad["channel"]["namespaces"][1][field] = json!(prefix);
        let e = load(&bad);
        assert!(
            e.contains(&format!("channel.namespaces[1].{field}")) && e.contains(why),
            "{prefix}: {e}"
        );
    }
    let mut cfg = test_config();
    with_namespace(&mut cfg, "odd", &json!({"subscription_type": "maps"}));
    assert!(load(&cfg).contains("subscription_type"));
}

/// `centri ARGS -s SERVER --api-key KEY` off the test's runtime; (exit code, stdout, stderr).
async fn cli(s: &Server, args: &[&str]) -> (i32, String, String) {
    let home = super::util::fresh_dir("map-cli");
    let mut all: Vec<String> = args.iter().map(ToString::to_string).collect();
    all.extend([
        "-s".to_string(),
        s.url(""),
        "--api-key".to_string(),
        super::util::API_KEY.to_string(),
    ]);
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        super::util::centri_env(&home, &args, &[])
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centri_map_commands() {
    let s = server().await;
    for (k, v) in [("b", "2"), ("a", "1"), ("c", "3")] {
        let (code, out, err) = cli(
            &s,
            &[
                "map",
                "publish",
                "map:cli",
                k,
                &format!("{{\"v\":{v}}}"),
                "-o",
                "json",
            ],
        )
        .await;
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("\"offset\""), "{out}");
    }
    // the state follows the pages: one entry per line with ndjson
    let (code, out, err) = cli(
        &s,
        &[
            "map",
            "state",
            "map:cli",
            "--page-size",
            "1",
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let keys: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
    let (_, out, _) = cli(
        &s,
        &["map", "state", "map:cli", "--limit", "2", "-o", "json"],
    )
    .await;
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);
    assert_eq!(doc["offset"], 3);
    let (_, out, _) = cli(&s, &["map", "state", "map:cli", "-o", "table"]).await;
    assert!(out.contains("3 keys; stream: offset 3"), "{out}");

    // a suppressed write is reported and exits 0
    let (code, out, _) = cli(
        &s,
        &[
            "map",
            "publish",
            "map:cli",
            "a",
            "{}",
            "--key-mode",
            "if-new",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["suppress_reason"],
        "key_exists"
    );
    let (code, _, _) = cli(&s, &["map", "rm", "map:cli", "b"]).await;
    assert_eq!(code, 0);
    let (_, out, _) = cli(
        &s,
        &[
            "map",
            "stream",
            "map:cli",
            "--reverse",
            "--limit",
            "1",
            "-o",
            "json",
        ],
    )
    .await;
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            doc["entries"][0]["key"].as_str(),
            doc["entries"][0]["removed"].as_bool()
        ),
        (Some("b"), Some(true))
    );
    let (_, out, _) = cli(&s, &["map", "stats", "map:cli", "-o", "json"]).await;
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["num_keys"], 2);

    // bad input: the server's code (exit 5), a bad flag (exit 2), an unconfirmed clear (3)
    let (code, _, err) = cli(&s, &["map", "publish", "chat:x", "k", "{}"]).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("107"), "{err}");
    let (code, _, _) = cli(
        &s,
        &["map", "publish", "map:cli", "k", "{}", "--pub-version", "0"],
    )
    .await;
    assert_eq!(code, 2);
    let (code, _, err) = cli(&s, &["map", "publish", "map:cli", "k", "{not json"]).await;
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&s, &["map", "clear", "map:cli"]).await;
    assert_eq!(code, 3);
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "map:cli"})).await["num_keys"],
        2
    );
    let (code, _, _) = cli(&s, &["map", "clear", "map:cli", "-y"]).await;
    assert_eq!(code, 0);
    assert_eq!(
        ok(&s, "map_stats", json!({"channel": "map:cli"})).await["num_keys"],
        0
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_maps_follow_subscribers_through_the_api_and_the_cli() {
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "who",
        &json!({"subscription_type": "map_clients", "map": {"mode": "recoverable", "key_ttl": "30s"}}),
    );
    with_namespace(
        &mut cfg,
        "seen",
        &json!({"subscription_type": "map_users", "map": {"mode": "ephemeral", "key_ttl": "1s"}}),
    );
    // chat:* channels list their subscribers in who:chat:* and their users in seen:chat:*
    cfg["channel"]["namespaces"][0]["map_clients_presence_channel_prefix"] = json!("who:");
    cfg["channel"]["namespaces"][0]["map_users_presence_channel_prefix"] = json!("seen:");
    // no pings while the test sleeps
    cfg["client"]["ping_interval"] = json!("60s");
    cfg["client"]["pong_timeout"] = json!("10s");
    let s = Server::start(cfg).await;
    let (mut c, connected) = Client::connect(&s.ws_url(), "7").await;
    let client = connected["client"].as_str().unwrap().to_string();
    let r = c.call(json!({"subscribe": {"channel": "chat:room"}})).await;
    assert!(r.get("error").is_none(), "{r}");
    let st = ok(&s, "map_read_state", json!({"channel": "who:chat:room"})).await;
    assert_eq!(st["entries"][0]["key"], client.as_str(), "{st}");
    assert_eq!(st["entries"][0]["info"]["user"], "7", "{st}");
    let users = ok(&s, "map_read_state", json!({"channel": "seen:chat:room"})).await;
    assert_eq!(users["entries"][0]["key"], "7", "{users}");
    let (code, out, err) = cli(&s, &["map", "state", "who:chat:room", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&client) && out.contains("user \"7\""), "{out}");
    // the entries are renewed while the client stays: the user's outlives its 1 s TTL
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let users = ok(&s, "map_read_state", json!({"channel": "seen:chat:room"})).await;
    assert_eq!(
        users["entries"].as_array().map(Vec::len),
        Some(1),
        "{users}"
    );
    // it leaves: its client entry goes at once (a removal in the stream), its user's expires
    let r = c
        .call(json!({"unsubscribe": {"channel": "chat:room"}}))
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let st = ok(&s, "map_read_state", json!({"channel": "who:chat:room"})).await;
    assert!(st["entries"].as_array().is_none_or(Vec::is_empty), "{st}");
    let stream = ok(&s, "map_read_stream", json!({"channel": "who:chat:room"})).await;
    assert_eq!(stream["entries"][1]["removed"], true, "{stream}");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let users = ok(&s, "map_read_state", json!({"channel": "seen:chat:room"})).await;
        if users["entries"].as_array().is_none_or(Vec::is_empty) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the user entry never expired: {users}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

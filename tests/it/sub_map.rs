//! `centri sub --map` through the real binary against an in-process server: a persistent map
//! with more keys than a page read page by page (every key once as `state`, then `live`), in
//! JSON, Protobuf and over HTTP streaming; a change and a removal arriving as `update` events;
//! `--page-size` on an ephemeral map, and its lines for people; a `map_clients` channel
//! (`--map-type 2`) following a channel's subscribers; and the hints when the subscription
//! type is not the channel's (107), both ways.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::sub::{ndjson, of_type, Running, LIMIT};
use super::util::{test_config, with_namespace, Server};

async fn server() -> Server {
    let mut cfg = test_config();
    cfg["http_stream"] = json!({"enabled": true});
    with_namespace(
        &mut cfg,
        "lobby",
        &json!({"subscription_type": "map", "map": {
            "mode": "persistent", "stream_size": 100,
            "min_page_size": 1, "default_page_size": 2, "max_page_size": 10}}),
    );
    with_namespace(
        &mut cfg,
        "eph",
        &json!({"subscription_type": "map", "map": {
            "mode": "ephemeral", "key_ttl": "300s",
            "min_page_size": 1, "default_page_size": 10, "max_page_size": 10}}),
    );
    Server::start(cfg).await
}

/// A successful server API call's result.
async fn ok(s: &Server, method: &str, body: Value) -> Value {
    let (st, r) = s.api(method, body.clone()).await;
    assert_eq!(st, 200, "{method} {body}: {r}");
    assert!(r.get("error").is_none(), "{method} {body}: {r}");
    r["result"].clone()
}

/// Waits (bounded) until `r` has printed its `live` event (NDJSON or a line for people).
async fn wait_live(r: &mut Running) {
    let start = Instant::now();
    loop {
        let out = r.out.lock().unwrap().clone();
        if out.contains(r#""type":"live""#) || out.contains("  live  ") {
            return;
        }
        if let Some(st) = r.child.try_wait().unwrap() {
            panic!("centri sub exited early ({st}); stderr: {}", r.stderr());
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not live within 10s; stdout: {}; stderr: {}",
            r.out.lock().unwrap(),
            r.stderr()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_state_page_by_page_then_live_updates_in_every_protocol() {
    let s = server().await;
    let ch = "lobby:1";
    // 7 keys, 2 to a page (the namespace's default): 3 state pages and the live reply
    let mut epoch = String::new();
    for n in 0..7 {
        let mut body = json!({"channel": ch, "key": format!("k{n}"), "data": {"n": n}});
        if n == 2 {
            body["tags"] = json!({"t": "x"});
        }
        let r = ok(&s, "map_publish", body).await;
        epoch = r["epoch"].as_str().unwrap().to_string();
    }
    let modes: [&[&str]; 3] = [&[], &["--protobuf"], &["--transport", "http_stream"]];
    let mut running = Vec::new();
    for (i, mode) in modes.iter().enumerate() {
        let user = format!("map-user-{i}");
        let mut args = vec![ch, "--map", "--count", "2", "--user", &user, "-o", "ndjson"];
        args.extend(mode.iter().copied());
        let mut r = Running::start(&s, &args);
        wait_live(&mut r).await;
        running.push(r);
    }
    // a new key, and a removal: two updates to every subscriber
    let r = ok(
        &s,
        "map_publish",
        json!({"channel": ch, "key": "k7", "data": {"n": 7}}),
    )
    .await;
    assert_eq!(r["offset"], 8);
    let r = ok(&s, "map_remove", json!({"channel": ch, "key": "k3"})).await;
    assert_eq!(r["offset"], 9);

    for (mode, mut r) in modes.iter().zip(running) {
        let (code, out, err) = r.finish(LIMIT).await;
        assert_eq!(code, 0, "{mode:?}: {err}");
        let lines = ndjson(&out);
        let states = of_type(&lines, "state");
        let mut keys: Vec<&str> = states.iter().map(|v| v["key"].as_str().unwrap()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["k0", "k1", "k2", "k3", "k4", "k5", "k6"],
            "{mode:?}: every key exactly once: {out}"
        );
        for v in &states {
            let n: u64 = v["key"].as_str().unwrap()[1..].parse().unwrap();
            assert_eq!(v["data"], json!({ "n": n }), "{mode:?}: {v}");
            assert_eq!(v["offset"], n + 1, "{mode:?}: {v}");
            assert_eq!(v["channel"], ch);
        }
        let k2 = states.iter().find(|v| v["key"] == "k2").unwrap();
        assert_eq!(k2["tags"], json!({"t": "x"}), "{mode:?}");
        // live comes after the whole state, with the counts and the position
        let types: Vec<&str> = lines.iter().map(|v| v["type"].as_str().unwrap()).collect();
        let live_at = types.iter().position(|t| *t == "live").unwrap();
        let last_state = types.iter().rposition(|t| *t == "state").unwrap();
        assert!(last_state < live_at, "{mode:?}: {out}");
        assert_eq!(of_type(&lines, "live").len(), 1, "{mode:?}: {out}");
        assert_eq!(
            lines[live_at],
            json!({"type": "live", "channel": ch, "state": 7, "catch_up": 0, "offset": 7,
                "epoch": epoch}),
            "{mode:?}"
        );
        let updates = of_type(&lines, "update");
        assert_eq!(updates.len(), 2, "{mode:?}: {out}");
        assert_eq!(
            *updates[0],
            json!({"type": "update", "channel": ch, "key": "k7", "offset": 8,
                "data": {"n": 7}, "removed": false, "tags": {}}),
            "{mode:?}"
        );
        assert_eq!(
            *updates[1],
            json!({"type": "update", "channel": ch, "key": "k3", "offset": 9,
                "data": null, "removed": true, "tags": {}}),
            "{mode:?}"
        );
        assert!(
            types.iter().rposition(|t| *t == "update").unwrap() > live_at,
            "{mode:?}"
        );
        let last = lines.last().unwrap();
        assert_eq!(
            (&last["type"], &last["publications"], &last["state"]),
            (&json!("summary"), &json!(2), &json!(7)),
            "{mode:?}: {out}"
        );
        // paging really happened: three state pages and the live reply
        assert!(
            err.contains(&format!(
                "subscribed to {ch} (map): 7 state entries and 0 changes in 4 replies, live"
            )),
            "{mode:?}: {err}"
        );
        assert!(
            err.contains("received 2 publications and 7 state entries in "),
            "{mode:?}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_size_pages_an_ephemeral_map() {
    let s = server().await;
    for n in 0..3 {
        ok(
            &s,
            "map_publish",
            json!({"channel": "eph:1", "key": format!("e{n}"), "data": n}),
        )
        .await;
    }
    let mut r = Running::start(
        &s,
        &[
            "eph:1",
            "--map",
            "--page-size",
            "1",
            "--count",
            "1",
            "-o",
            "ndjson",
        ],
    );
    wait_live(&mut r).await;
    ok(
        &s,
        "map_publish",
        json!({"channel": "eph:1", "key": "e0", "data": "new"}),
    )
    .await;
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "{err}");
    let lines = ndjson(&out);
    let keys: Vec<&str> = of_type(&lines, "state")
        .iter()
        .map(|v| v["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["e0", "e1", "e2"], "{out}");
    let live = of_type(&lines, "live");
    assert_eq!(
        (&live[0]["state"], &live[0]["offset"], &live[0]["epoch"]),
        (&json!(3), &json!(0), &json!("")),
        "an ephemeral map has no position: {out}"
    );
    let up = of_type(&lines, "update");
    assert_eq!(
        (&up[0]["key"], &up[0]["data"]),
        (&json!("e0"), &json!("new"))
    );
    assert!(err.contains("in 3 replies, live"), "one key a page: {err}");

    // the same for people
    let mut r = Running::start(&s, &["eph:1", "--map", "--count", "2", "-o", "table"]);
    wait_live(&mut r).await;
    ok(
        &s,
        "map_publish",
        json!({"channel": "eph:1", "key": "e1", "data": {"v": 1}}),
    )
    .await;
    ok(&s, "map_remove", json!({"channel": "eph:1", "key": "e2"})).await;
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.contains("  join  ")).collect();
    assert_eq!(
        lines,
        [
            r#"eph:1  state  e0  "new""#,
            "eph:1  state  e1  1",
            "eph:1  state  e2  2",
            "eph:1  live  3 keys in the state, 0 changes from the stream",
            r#"eph:1  update  e1  {"v":1}"#,
            "eph:1  removed  e2",
        ],
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wrong_subscription_type_is_answered_107_with_a_hint() {
    let s = server().await;
    // --map on a stream channel
    let mut r = Running::start(&s, &["chat:x", "--map"]);
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("code 107"), "{err}");
    assert!(
        err.contains(
            "chat:x is not a map channel (subscription_type is not map): subscribe without --map"
        ),
        "{err}"
    );
    // a plain subscribe on a map channel
    let mut r = Running::start(&s, &["lobby:1"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("code 107"), "{err}");
    assert!(err.contains("subscribe with --map"), "{err}");
    // the presence map types: a map channel is not a map_users one
    let mut r = Running::start(&s, &["lobby:1", "--map", "--map-type", "3"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("lobby:1 is not a map_users channel"), "{err}");
    // what does not apply to a map subscription is a usage error
    for extra in [&["--since", "1:e"][..], &["--recover"], &["--delta"]] {
        let mut args = vec!["lobby:1", "--map"];
        args.extend(extra);
        let mut r = Running::start(&s, &args);
        let (code, _, err) = r.finish(LIMIT).await;
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains("cannot be used with"), "{extra:?}: {err}");
    }
    let mut r = Running::start(&s, &["lobby:1", "--map-type", "2"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 2, "--map-type needs --map: {err}");
}

/// A `map_clients` channel (`--map-type 2`) lists the subscribers of its stream channel: the
/// one already there as state (with its user), then one joining and leaving as updates.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_type_2_follows_a_channels_subscribers() {
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "who",
        &json!({"subscription_type": "map_clients", "map": {"mode": "recoverable", "key_ttl": "30s"}}),
    );
    // chat:* channels list their subscribers in who:chat:*
    cfg["channel"]["namespaces"][0]["map_clients_presence_channel_prefix"] = json!("who:");
    let s = Server::start(cfg).await;
    let alice = Running::start(&s, &["chat:room", "--user", "alice", "-o", "ndjson"]);
    let start = Instant::now();
    while !alice.stderr().contains("subscribed to chat:room") {
        assert!(start.elapsed() < LIMIT, "{}", alice.stderr());
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let mut r = Running::start(
        &s,
        &[
            "who:chat:room",
            "--map",
            "--map-type",
            "2",
            "--count",
            "2",
            "-o",
            "ndjson",
        ],
    );
    wait_live(&mut r).await;
    let mut bob = Running::start(&s, &["chat:room", "--user", "bob", "-o", "ndjson"]);
    let start = Instant::now();
    while !r.out.lock().unwrap().contains(r#""type":"update""#) {
        assert!(start.elapsed() < LIMIT, "{}", r.stderr());
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let _ = bob.child.kill();
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "{err}");
    let lines = ndjson(&out);
    let states = of_type(&lines, "state");
    assert_eq!(states.len(), 1, "{out}");
    assert_eq!(states[0]["info"]["user"], "alice", "{out}");
    let updates = of_type(&lines, "update");
    assert_eq!(updates.len(), 2, "{out}");
    assert_eq!(updates[0]["info"]["user"], "bob", "{out}");
    assert_eq!(updates[0]["removed"], false, "{out}");
    assert_eq!(
        (&updates[1]["key"], &updates[1]["removed"]),
        (&updates[0]["key"], &json!(true)),
        "bob left: {out}"
    );
    drop(alice);
}

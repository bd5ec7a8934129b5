//! The HTTP server API against an in-process server: envelopes, statuses, auth and the
//! documented error codes for bad input.

use serde_json::json;

use super::util::{Client, Server, API_KEY};

async fn server() -> Server {
    Server::start(super::util::test_config()).await
}

async fn raw(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    body: Vec<u8>,
) -> (u16, String) {
    let mut rb = reqwest::Client::new()
        .request(method, s.url(path))
        .body(body);
    if let Some(k) = key {
        rb = rb.header("X-API-Key", k);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn auth_methods_and_statuses() {
    let s = server().await;
    let body = br#"{"channel":"chat:a","data":{}}"#.to_vec();
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            "/api/publish",
            None,
            body.clone()
        )
        .await
        .0,
        401
    );
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            "/api/publish",
            Some("wrong"),
            body.clone()
        )
        .await
        .0,
        401
    );
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            "/api/publish",
            Some(API_KEY),
            body.clone()
        )
        .await
        .0,
        200
    );
    // Authorization: apikey
    let r = reqwest::Client::new()
        .post(s.url("/api/info"))
        .header("Authorization", format!("apikey {API_KEY}"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // query string key
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            &format!("/api/info?api_key={API_KEY}"),
            None,
            b"{}".to_vec()
        )
        .await
        .0,
        200
    );
    assert_eq!(
        raw(&s, reqwest::Method::GET, "/api/info", Some(API_KEY), vec![])
            .await
            .0,
        405
    );
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            "/api/nope",
            Some(API_KEY),
            b"{}".to_vec()
        )
        .await
        .0,
        404
    );
    let (st, text) = raw(
        &s,
        reqwest::Method::POST,
        "/api/publish",
        Some(API_KEY),
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!((st, text.trim()), (400, "Bad Request"));
    let (st, _) = raw(
        &s,
        reqwest::Method::POST,
        "/api/publish",
        Some(API_KEY),
        br#"{"channel":5}"#.to_vec(),
    )
    .await;
    assert_eq!(st, 400, "wrong types are a decode error");
    let big = vec![b' '; 17 * 1024 * 1024];
    let (st, text) = raw(
        &s,
        reqwest::Method::POST,
        "/api/publish",
        Some(API_KEY),
        big,
    )
    .await;
    assert_eq!(st, 413, "{text}");
    assert!(text.contains("limit"));
    let (st, text) = raw(&s, reqwest::Method::GET, "/health", None, vec![]).await;
    assert_eq!((st, text.as_str()), (200, "{}"));
    s.stop().await;
}

#[tokio::test]
async fn empty_key_denies_everything() {
    let mut cfg = super::util::test_config();
    cfg["http_api"]["key"] = json!("");
    let s = Server::start(cfg).await;
    assert_eq!(
        raw(
            &s,
            reqwest::Method::POST,
            "/api/info",
            Some(""),
            b"{}".to_vec()
        )
        .await
        .0,
        401
    );
    s.stop().await;
}

#[tokio::test]
async fn error_codes_for_bad_requests() {
    let s = server().await;
    let cases = [
        ("publish", json!({"data": {}}), 107),
        ("publish", json!({"channel": "chat:a"}), 107),
        ("publish", json!({"channel": "nope:a", "data": {}}), 102),
        (
            "publish",
            json!({"channel": "chat:a", "b64data": "%%%"}),
            107,
        ),
        ("broadcast", json!({"channels": [], "data": {}}), 107),
        ("subscribe", json!({"user": "1"}), 107),
        ("subscribe", json!({"user": "1", "channel": "nope:x"}), 102),
        (
            "unsubscribe",
            json!({"user": "1", "channel": "nope:x"}),
            102,
        ),
        ("presence", json!({"channel": ""}), 107),
        ("presence", json!({"channel": "nope:x"}), 102),
        ("presence", json!({"channel": "nohist:x"}), 108),
        ("presence_stats", json!({"channel": "nohist:x"}), 108),
        ("history", json!({"channel": "nohist:x"}), 108),
        (
            "history",
            json!({"channel": "chat:x", "since": {"offset": 1, "epoch": "bad"}}),
            112,
        ),
        ("history_remove", json!({"channel": "nohist:x"}), 108),
        ("rpc", json!({"method": ""}), 107),
        ("rpc", json!({"method": "x"}), 104),
        ("channels", json!({"pattern": "[unclosed"}), 107),
    ];
    for (method, body, code) in cases {
        let (st, r) = s.api(method, body.clone()).await;
        assert_eq!(st, 200, "{method} {body}");
        assert_eq!(r["error"]["code"], code, "{method} {body}: {r}");
        assert!(r["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    let (_, r) = s.api("rpc", json!({"method": "x"})).await;
    assert_eq!(r["error"]["message"], "not found");
    // transport error mode maps codes to HTTP statuses
    let r = reqwest::Client::new()
        .post(s.url("/api/publish"))
        .header("X-API-Key", API_KEY)
        .header("X-Centrifugo-Error-Mode", "transport")
        .body(json!({"channel": "nope:a", "data": {}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"code": 102, "message": "unknown channel"})
    );
    s.stop().await;
}

#[tokio::test]
async fn publish_history_and_stream_position() {
    let s = server().await;
    let (_, r1) = s
        .api("publish", json!({"channel": "chat:h", "data": {"n": 1}}))
        .await;
    let epoch = r1["result"]["epoch"].as_str().unwrap().to_string();
    assert_eq!(epoch.len(), 8);
    let (_, r2) = s
        .api(
            "publish",
            json!({"channel": "chat:h", "data": {"n": 2}, "idempotency_key": "k"}),
        )
        .await;
    let (_, r3) = s
        .api(
            "publish",
            json!({"channel": "chat:h", "data": {"n": 2}, "idempotency_key": "k"}),
        )
        .await;
    assert_eq!(r2, r3, "idempotency key de-duplicates");
    let (_, r) = s
        .api(
            "publish",
            json!({"channel": "chat:h", "data": {"n": 3}, "tags": {"k": "v"}}),
        )
        .await;
    assert_eq!(r["result"]["offset"], 3);
    let (_, r) = s
        .api("publish", json!({"channel": "nohist:h", "data": {}}))
        .await;
    assert_eq!(r, json!({"result": {}}), "no history: no offset/epoch");
    let (_, h) = s
        .api("history", json!({"channel": "chat:h", "limit": -1}))
        .await;
    let pubs = h["result"]["publications"].as_array().unwrap();
    assert_eq!(pubs.len(), 3);
    assert_eq!(pubs[2]["tags"], json!({"k": "v"}));
    assert_eq!(pubs[0]["data"], json!({"n": 1}));
    let (_, h) = s.api("history", json!({"channel": "chat:h"})).await;
    assert_eq!(
        h["result"]["publications"],
        json!([]),
        "limit 0: position only"
    );
    assert_eq!(h["result"]["offset"], 3);
    let (_, h) = s
        .api(
            "history",
            json!({"channel": "chat:h", "limit": 1, "since": {"offset": 1, "epoch": epoch}}),
        )
        .await;
    assert_eq!(h["result"]["publications"][0]["offset"], 2);
    let (_, r) = s.api("history_remove", json!({"channel": "chat:h"})).await;
    assert_eq!(r, json!({"result": {}}));
    let (_, h) = s
        .api("history", json!({"channel": "chat:h", "limit": -1}))
        .await;
    assert_eq!(h["result"]["publications"], json!([]));
    assert_eq!(
        h["result"]["offset"], 3,
        "history_remove keeps the position"
    );
    assert_eq!(h["result"]["epoch"], epoch.as_str());
    // history size 10 trims
    for n in 0..15 {
        s.api("publish", json!({"channel": "chat:trim", "data": {"n": n}}))
            .await;
    }
    let (_, h) = s
        .api("history", json!({"channel": "chat:trim", "limit": -1}))
        .await;
    assert_eq!(h["result"]["publications"].as_array().unwrap().len(), 10);
    assert_eq!(h["result"]["publications"][0]["offset"], 6);
    s.stop().await;
}

#[tokio::test]
async fn broadcast_batch_channels_info_presence() {
    let s = server().await;
    let (_, r) = s
        .api(
            "broadcast",
            json!({"channels": ["chat:b1", "nope:x", "chat:b2"], "data": {"x": 1}}),
        )
        .await;
    let resp = r["result"]["responses"].as_array().unwrap();
    assert_eq!(resp.len(), 3);
    assert!(resp[0]["result"]["offset"].as_u64().is_some());
    assert_eq!(resp[1]["error"]["code"], 102);
    assert!(resp[2]["result"].is_object());
    let (st, r) = s
        .api(
            "batch",
            json!({"commands": [
                {"publish": {"channel": "chat:x", "data": {}}},
                {"publish": {"channel": "nope:b", "data": {}}},
                {"info": {}},
                {"unknown_method": {}},
                null
            ]}),
        )
        .await;
    assert_eq!(st, 200);
    let replies = r["replies"].as_array().unwrap();
    assert!(replies[0]["publish"]["offset"].as_u64().is_some(), "{r}");
    assert_eq!(replies[1]["error"]["code"], 102);
    assert!(replies[2]["info"]["nodes"].is_array());
    assert_eq!(replies[3]["error"]["code"], 104);
    assert_eq!(replies[4]["error"]["code"], 107);
    // live numbers
    let (mut a, _) = Client::connect(&s.ws_url(), "1").await;
    let (mut b, _) = Client::connect(&s.ws_url(), "2").await;
    a.call(json!({"subscribe": {"channel": "chat:one"}})).await;
    a.call(json!({"subscribe": {"channel": "chat:two"}})).await;
    b.call(json!({"subscribe": {"channel": "chat:one"}})).await;
    let (_, r) = s.api("channels", json!({})).await;
    assert_eq!(
        r["result"]["channels"]["chat:one"],
        json!({"num_clients": 2})
    );
    assert_eq!(
        r["result"]["channels"]["chat:two"],
        json!({"num_clients": 1})
    );
    let (_, r) = s.api("channels", json!({"pattern": "chat:o*"})).await;
    assert_eq!(r["result"]["channels"].as_object().unwrap().len(), 1);
    let (_, r) = s.api("info", json!({})).await;
    let node = &r["result"]["nodes"][0];
    assert_eq!(node["num_clients"], 2);
    assert_eq!(node["num_users"], 2);
    assert_eq!(node["num_channels"], 2);
    assert_eq!(node["num_subs"], 3);
    assert!(node["uid"].as_str().unwrap().len() == 36);
    let (_, r) = s.api("presence", json!({"channel": "chat:one"})).await;
    assert_eq!(r["result"]["presence"].as_object().unwrap().len(), 2);
    let (_, r) = s
        .api("presence_stats", json!({"channel": "chat:one"}))
        .await;
    assert_eq!(r["result"], json!({"num_clients": 2, "num_users": 2}));
    drop(a);
    // the departed client leaves presence once its connection ends
    let mut left = false;
    for _ in 0..50 {
        let (_, r) = s
            .api("presence_stats", json!({"channel": "chat:one"}))
            .await;
        if r["result"]["num_clients"] == 1 {
            left = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(left, "presence must drop a closed connection");
    let metrics = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("centrifugo_node_num_clients 1"),
        "{metrics}"
    );
    assert!(metrics.contains("centrifugo_node_messages_sent_count"));
    assert!(
        metrics.contains(
            r#"centrifugo_node_messages_sent_count{type="join",channel_namespace="chat"}"#
        ),
        "counters per namespace: {metrics}"
    );
    assert!(
        metrics.contains(
            r#"centrifugo_client_command_duration_seconds_histogram_count{method="subscribe""#
        ),
        "counters per command: {metrics}"
    );
    let _ = b.call(json!({"presence": {"channel": "chat:one"}})).await;
    s.stop().await;
}

#[tokio::test]
async fn info_reports_rates_and_process_stats() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.call(json!({"subscribe": {"channel": "chat:rates"}}))
        .await;
    for n in 0..10 {
        s.api(
            "publish",
            json!({"channel": "chat:rates", "data": {"n": n}}),
        )
        .await;
    }
    // the aggregation runs every 5 s: wait for one (bounded)
    let mut node = json!(null);
    for _ in 0..80 {
        let (_, r) = s.api("info", json!({})).await;
        node = r["result"]["nodes"][0].clone();
        if node.get("metrics").is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let m = &node["metrics"];
    assert!(m["interval"].as_f64().unwrap() >= 1.0, "{node}");
    assert_eq!(
        m["items"]["centrifugo.node.messages_received_count.type.publication"], 10.0,
        "{node}"
    );
    assert_eq!(
        m["items"]["centrifugo.node.messages_sent_count.type.publication"], 10.0,
        "{node}"
    );
    assert!(
        node["process"]["rss"].as_i64().unwrap() > 1_000_000,
        "{node}"
    );
    assert!(node["process"]["cpu"].as_f64().unwrap() >= 0.0);
    s.stop().await;
}

/// Bad bodies get HTTP 400 with a plain-text `Bad Request`, as Centrifugo answers them, for
/// every method: an empty body, a body that is not a JSON object, broken JSON, invalid
/// UTF-8, and a known field of the wrong type. Unknown fields are ignored.
#[tokio::test]
async fn every_method_refuses_a_bad_body_with_400() {
    let s = server().await;
    // per method: a known field with a value of the wrong JSON type, or a number out of the
    // field's range
    let wrong: &[(&str, &[serde_json::Value])] = &[
        (
            "publish",
            &[
                json!({"channel": 1, "data": {}}),
                json!({"channel": "chat:a", "data": {}, "version": -1}),
                json!({"channel": "chat:a", "data": {}, "version": 1.5}),
                json!({"channel": "chat:a", "data": {}, "tags": {"a": 1}}),
                json!({"channel": "chat:a", "data": {}, "skip_history": "yes"}),
            ],
        ),
        (
            "broadcast",
            &[
                json!({"channels": "chat:a", "data": {}}),
                json!({"channels": ["chat:a"], "data": {}, "version": "1"}),
            ],
        ),
        (
            "subscribe",
            &[
                json!({"user": "1", "channel": "chat:a", "recover_since": [1, "e"]}),
                json!({"user": "1", "channel": "chat:a", "override": {"presence": [true]}}),
                json!({"user": "1", "channel": "chat:a", "expire_at": "soon"}),
            ],
        ),
        ("unsubscribe", &[json!({"user": 1, "channel": "chat:a"})]),
        (
            "disconnect",
            &[
                json!({"user": "1", "disconnect": [4000, "x"]}),
                json!({"user": "1", "whitelist": "c"}),
            ],
        ),
        ("refresh", &[json!({"user": "1", "expired": "true"})]),
        ("presence", &[json!({"channel": ["chat:a"]})]),
        ("presence_stats", &[json!({"channel": false})]),
        (
            "history",
            &[
                json!({"channel": "chat:x", "since": [1]}),
                json!({"channel": "chat:x", "limit": 1.5}),
                json!({"channel": "chat:x", "limit": "3"}),
                json!({"channel": "chat:x", "reverse": 1}),
            ],
        ),
        ("history_remove", &[json!({"channel": {}})]),
        ("channels", &[json!({"pattern": 5})]),
        ("info", &[]),
        ("rpc", &[json!({"method": ["x"]})]),
        ("batch", &[json!({"commands": {}})]),
        (
            "connections",
            &[json!({"user": "1", "label_filter": [{"key": "a"}]})],
        ),
        ("update_user_status", &[json!({"users": "42"})]),
        ("get_user_status", &[json!({"users": [42]})]),
        ("delete_user_status", &[json!({"users": {}})]),
        ("rate_limit", &[json!({"key": 7})]),
        (
            "block_user",
            &[
                json!({"user": 42}),
                json!({"user": "u", "expire_at": "soon"}),
                json!({"user": "u", "expire_at": 1.5}),
            ],
        ),
        ("unblock_user", &[json!({"user": ["u"]})]),
        (
            "revoke_token",
            &[json!({"uid": 1}), json!({"uid": "j", "expire_at": true})],
        ),
        (
            "invalidate_user_tokens",
            &[
                json!({"user": "u", "issued_before": "now"}),
                json!({"user": "u", "channel": 5}),
            ],
        ),
        ("access_list", &[]),
        (
            "map_publish",
            &[
                json!({"channel": "map:a", "key": 1, "data": {}}),
                json!({"channel": "map:a", "key": "k", "data": {}, "version": -1}),
                json!({"channel": "map:a", "key": "k", "data": {}, "tags": {"a": 1}}),
            ],
        ),
        ("map_remove", &[json!({"channel": "map:a", "key": ["k"]})]),
        (
            "map_read_state",
            &[
                json!({"channel": "map:a", "limit": "3"}),
                json!({"channel": "map:a", "cursor": 5}),
            ],
        ),
        (
            "map_read_stream",
            &[
                json!({"channel": "map:a", "since_offset": -1}),
                json!({"channel": "map:a", "reverse": "yes"}),
            ],
        ),
        ("map_stats", &[json!({"channel": 1})]),
        ("map_clear", &[json!({"channel": []})]),
        (
            "shared_poll_publish",
            &[
                json!({"channel": "poll:a", "key": "k", "data": {}, "version": -1}),
                json!({"channel": "poll:a", "key": 7, "data": {}, "version": 1}),
            ],
        ),
        ("device_register", &[json!({"provider": 1})]),
        (
            "device_update",
            &[json!({"ids": ["d"], "user_update": ["u"]})],
        ),
        ("device_remove", &[json!({"ids": "d"})]),
        ("device_list", &[json!({"filter": [], "limit": -1.5})]),
        ("device_topic_list", &[json!({"filter": ["x"]})]),
        (
            "device_topic_update",
            &[json!({"device_id": "d", "topics": "t"})],
        ),
        ("user_topic_list", &[json!({"filter": [[]]})]),
        ("user_topic_update", &[json!({"user": "u", "topics": 1})]),
        (
            "send_push_notification",
            &[json!({"recipient": [], "notification": {}})],
        ),
        ("cancel_push", &[json!({"uid": 1})]),
        ("update_push_status", &[json!({"uid": "u", "status": 3})]),
    ];
    let names: Vec<&str> = wrong.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        names,
        centri::proto::api::METHODS,
        "the table covers every method"
    );
    for (method, bodies) in wrong {
        let path = format!("/api/{method}");
        let mut all: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"  \n".to_vec(),
            b"[]".to_vec(),
            b"\"x\"".to_vec(),
            b"5".to_vec(),
            b"null".to_vec(),
            b"{".to_vec(),
            b"{\"channel\":\"chat:\xff\"}".to_vec(),
        ];
        all.extend(bodies.iter().map(|b| b.to_string().into_bytes()));
        for body in all {
            let shown = String::from_utf8_lossy(&body).to_string();
            let (st, text) = raw(&s, reqwest::Method::POST, &path, Some(API_KEY), body).await;
            assert_eq!(
                (st, text.as_str()),
                (400, "Bad Request\n"),
                "{method} {shown}"
            );
        }
    }
    // a batch with one command that does not decode is refused whole, before any runs
    let batch = json!({"commands": [
        {"publish": {"channel": "chat:batch", "data": {"n": 1}}},
        {"history": {"channel": "chat:batch", "since": [1]}},
    ]});
    let (st, text) = raw(
        &s,
        reqwest::Method::POST,
        "/api/batch",
        Some(API_KEY),
        batch.to_string().into_bytes(),
    )
    .await;
    assert_eq!((st, text.as_str()), (400, "Bad Request\n"));
    let (_, h) = s.api("history", json!({"channel": "chat:batch"})).await;
    assert_eq!(h["result"]["offset"].as_u64().unwrap_or(0), 0, "{h}");
    // an unknown method inside a batch is answered in its place
    let (st, r) = s
        .api("batch", json!({"commands": [{"nope": {}}, {"info": {}}]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(r["replies"][0]["error"]["code"], 104, "{r}");
    assert!(r["replies"][1].get("info").is_some(), "{r}");
    // unknown fields are ignored, as Centrifugo ignores them
    let (st, r) = s
        .api(
            "publish",
            json!({"channel": "chat:a", "data": {}, "no_such_field": [1, {"x": 2}]}),
        )
        .await;
    assert_eq!(st, 200);
    assert!(r.get("result").is_some(), "{r}");
    s.stop().await;
}

/// `http_api.max_request_body_size`: a body that declares a bigger length is refused with 413
/// before it is read; a chunked one is cut off at the limit; 0 is not a limit.
#[tokio::test]
async fn the_body_limit_is_configurable_and_holds_for_chunked_bodies() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut cfg = super::util::test_config();
    cfg["http_api"]["max_request_body_size"] = json!(1000);
    let s = Server::start(cfg.clone()).await;
    let body = |pad: usize| {
        format!(
            r#"{{"channel":"chat:a","data":{{"pad":"{}"}}}}"#,
            "x".repeat(pad)
        )
        .into_bytes()
    };
    let (st, _) = raw(
        &s,
        reqwest::Method::POST,
        "/api/publish",
        Some(API_KEY),
        body(900),
    )
    .await;
    assert_eq!(st, 200);
    let (st, text) = raw(
        &s,
        reqwest::Method::POST,
        "/api/publish",
        Some(API_KEY),
        body(2000),
    )
    .await;
    assert_eq!(st, 413, "{text}");
    assert!(text.contains("http_api.max_request_body_size"), "{text}");
    // chunked: no length up front, 4 chunks of 600 bytes
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /api/publish HTTP/1.1\r\nHost: x\r\nX-API-Key: {API_KEY}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let data = body(2400 - 40);
    for chunk in data.chunks(600) {
        // the server may answer and close before every chunk is sent
        if tcp
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
            || tcp.write_all(chunk).await.is_err()
            || tcp.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = tcp.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tcp.read_to_end(&mut answer),
    )
    .await
    .expect("the server answers a chunked body over the limit");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    s.stop().await;
    cfg["http_api"]["max_request_body_size"] = json!(0);
    let e = centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new())
        .unwrap_err();
    assert!(
        e.to_string().contains("http_api.max_request_body_size"),
        "{e}"
    );
}

#[tokio::test]
async fn a_publication_not_newer_than_the_streams_version_is_dropped() {
    let s = server().await;
    let (mut sub, _) = Client::connect(&s.ws_url(), "42").await;
    sub.call(json!({"subscribe": {"channel": "chat:v"}})).await;
    let publish = async |data: i64, version: u64, epoch: &str| {
        let (st, r) = s
            .api(
                "publish",
                json!({"channel": "chat:v", "data": {"n": data},
                       "version": version, "version_epoch": epoch}),
            )
            .await;
        assert_eq!(st, 200, "{r}");
        r["result"]["offset"].as_u64().unwrap()
    };
    assert_eq!(publish(1, 5, "a").await, 1);
    // older or equal, in its epoch or with none: answered with the top, not delivered
    assert_eq!(publish(-1, 4, "a").await, 1);
    assert_eq!(publish(-1, 5, "").await, 1);
    // a new epoch, then a newer version
    assert_eq!(publish(2, 1, "b").await, 2);
    assert_eq!(publish(3, 2, "").await, 3);
    // a broadcast checks each channel's stream
    let (_, r) = s
        .api(
            "broadcast",
            json!({"channels": ["chat:v", "chat:v2"], "data": {"n": -1}, "version": 2}),
        )
        .await;
    assert_eq!(r["result"]["responses"][0]["result"]["offset"], 3, "{r}");
    assert_eq!(r["result"]["responses"][1]["result"]["offset"], 1, "{r}");
    // the namespace announces joins too: publications only, in order
    let mut got = Vec::new();
    while got.len() < 3 {
        let p = sub.next_push().await;
        if let Some(n) = p["pub"]["data"]["n"].as_i64() {
            got.push(n);
        }
    }
    assert_eq!(got, [1, 2, 3]);
    sub.expect_silence(300).await;
    let (_, h) = s
        .api("history", json!({"channel": "chat:v", "limit": -1}))
        .await;
    let data: Vec<i64> = h["result"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["data"]["n"].as_i64().unwrap())
        .collect();
    assert_eq!(data, [1, 2, 3], "{h}");
    s.stop().await;
}

//! The client protocol over a real WebSocket against an in-process server: the happy paths
//! the SDKs rely on, and every class of bad input (each with a healthy bystander that must
//! keep working).

use serde_json::json;

use super::util::{now, token, token_with, Client, Event, Server, SECRET};

async fn server() -> Server {
    Server::start(super::util::test_config()).await
}

/// A connected, subscribed client that must keep receiving after someone else misbehaves.
async fn bystander(s: &Server, channel: &str) -> Client {
    let (mut c, _) = Client::connect(&s.ws_url(), "bystander").await;
    let r = c.call(json!({"subscribe": {"channel": channel}})).await;
    assert!(r.get("subscribe").is_some(), "{r}");
    c
}

async fn assert_still_served(s: &Server, c: &mut Client, channel: &str) {
    let (_, r) = s
        .api(
            "publish",
            json!({"channel": channel, "data": {"still": "ok"}}),
        )
        .await;
    assert!(r.get("result").is_some(), "{r}");
    loop {
        let p = c.next_push().await;
        if p.get("pub").is_some() {
            assert_eq!(p["pub"]["data"], json!({"still": "ok"}));
            break;
        }
    }
}

#[tokio::test]
async fn connect_and_subscribe_in_one_frame_then_api_publication() {
    let s = server().await;
    let mut c = Client::open(&s.ws_url()).await;
    let frame = format!(
        "{}\n{}",
        json!({"id": 1, "connect": {"token": token("42"), "name": "js"}}),
        json!({"id": 2, "subscribe": {"channel": "chat:index", "flag": 1}})
    );
    c.send_text(&frame).await;
    let Event::Msg(r1) = c.next_event().await else {
        panic!()
    };
    assert_eq!(r1["id"], 1);
    assert!(r1["connect"]["client"].as_str().unwrap().len() == 36);
    assert_eq!(r1["connect"]["ping"], 2);
    assert_eq!(r1["connect"]["pong"], true);
    assert_eq!(r1["connect"]["expires"], true);
    assert!(r1["connect"]["ttl"].as_u64().unwrap() > 3500);
    let Event::Msg(r2) = c.next_event().await else {
        panic!()
    };
    assert_eq!(r2["id"], 2);
    assert_eq!(r2["subscribe"]["recoverable"], true);
    assert!(r2["subscribe"]["epoch"].as_str().is_some());
    let (_, r) = s
        .api(
            "publish",
            json!({"channel": "chat:index", "data": {"text": "hi"}}),
        )
        .await;
    assert_eq!(r["result"]["offset"], 1);
    let mut p = c.next_push().await;
    while p.get("pub").is_none() {
        p = c.next_push().await;
    }
    assert_eq!(p["channel"], "chat:index");
    assert_eq!(p["pub"]["data"], json!({"text": "hi"}));
    assert_eq!(p["pub"]["offset"], 1);
    assert!(
        p["pub"].get("info").is_none(),
        "API publications carry no info"
    );
    s.stop().await;
}

#[tokio::test]
async fn client_publish_presence_join_leave_history() {
    let s = server().await;
    let (mut a, ca) = Client::connect(&s.ws_url(), "alice").await;
    let (mut b, _) = Client::connect(&s.ws_url(), "bob").await;
    assert!(a
        .call(json!({"subscribe": {"channel": "room"}}))
        .await
        .get("subscribe")
        .is_some());
    assert!(b
        .call(json!({"subscribe": {"channel": "room"}}))
        .await
        .get("subscribe")
        .is_some());
    // alice sees bob join
    loop {
        let p = a.next_push().await;
        if p.get("join").is_some() && p["join"]["info"]["user"] == "bob" {
            break;
        }
    }
    let r = b
        .call(json!({"publish": {"channel": "room", "data": {"n": 1}}}))
        .await;
    assert_eq!(r, json!({"id": r["id"], "publish": {}}));
    loop {
        let p = a.next_push().await;
        if let Some(pubv) = p.get("pub") {
            assert_eq!(pubv["data"], json!({"n": 1}));
            assert_eq!(pubv["info"]["user"], "bob");
            assert!(pubv["info"]["client"].as_str().unwrap().len() == 36);
            break;
        }
    }
    let pr = a.call(json!({"presence": {"channel": "room"}})).await;
    let presence = pr["presence"]["presence"].as_object().unwrap();
    assert_eq!(presence.len(), 2);
    assert_eq!(presence[ca["client"].as_str().unwrap()]["user"], "alice");
    let st = a.call(json!({"presence_stats": {"channel": "room"}})).await;
    assert_eq!(
        st["presence_stats"],
        json!({"num_clients": 2, "num_users": 2})
    );
    for i in 2..=4 {
        b.call(json!({"publish": {"channel": "room", "data": {"n": i}}}))
            .await;
    }
    let h = a
        .call(json!({"history": {"channel": "room", "limit": 2, "reverse": true}}))
        .await;
    let offs: Vec<u64> = h["history"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offs, vec![4, 3]);
    assert_eq!(h["history"]["offset"], 4);
    let epoch = h["history"]["epoch"].clone();
    let h = a.call(json!({"history": {"channel": "room", "limit": 10, "since": {"offset": 2, "epoch": epoch}}})).await;
    let offs: Vec<u64> = h["history"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offs, vec![3, 4]);
    let h = a.call(json!({"history": {"channel": "room", "since": {"offset": 2, "epoch": "wrong"}, "limit": 1}})).await;
    assert_eq!(h["error"]["code"], 112);
    // bob leaves: alice sees it
    b.call(json!({"unsubscribe": {"channel": "room"}})).await;
    loop {
        let p = a.next_push().await;
        if p.get("leave").is_some() {
            assert_eq!(p["leave"]["info"]["user"], "bob");
            break;
        }
    }
    s.stop().await;
}

#[tokio::test]
async fn recovery_returns_missed_publications_once_and_in_order() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "u").await;
    let r = c.call(json!({"subscribe": {"channel": "chat:rec"}})).await;
    let epoch = r["subscribe"]["epoch"].as_str().unwrap().to_string();
    s.api("publish", json!({"channel": "chat:rec", "data": {"n": 1}}))
        .await;
    drop(c);
    for n in 2..=4 {
        s.api("publish", json!({"channel": "chat:rec", "data": {"n": n}}))
            .await;
    }
    let (mut c, _) = Client::connect(&s.ws_url(), "u").await;
    let r = c.call(json!({"subscribe": {"channel": "chat:rec", "recover": true, "offset": 1, "epoch": epoch}})).await;
    let sub = &r["subscribe"];
    assert_eq!(sub["recovered"], true, "{r}");
    assert_eq!(sub["was_recovering"], true);
    assert_eq!(sub["offset"], 1, "offset is the client's on success");
    let offs: Vec<u64> = sub["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offs, vec![2, 3, 4]);
    // wrong epoch: not recovered, current top returned
    let (mut d, _) = Client::connect(&s.ws_url(), "u").await;
    let r = d.call(json!({"subscribe": {"channel": "chat:rec", "recover": true, "offset": 1, "epoch": "other"}})).await;
    assert!(r["subscribe"].get("recovered").is_none(), "{r}");
    assert_eq!(r["subscribe"]["offset"], 4);
    // reject-unrecovered flag turns that into 112
    let (mut e, _) = Client::connect(&s.ws_url(), "u").await;
    let r = e.call(json!({"subscribe": {"channel": "chat:rec", "recover": true, "offset": 1, "epoch": "other", "flag": 2}})).await;
    assert_eq!(r["error"]["code"], 112);
    s.stop().await;
}

#[tokio::test]
async fn permission_denied_keeps_the_connection() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let r = c.call(json!({"subscribe": {"channel": "private:x"}})).await;
    assert_eq!(
        r["error"],
        json!({"code": 103, "message": "permission denied"})
    );
    let r = c.call(json!({"subscribe": {"channel": "unknown:x"}})).await;
    assert_eq!(r["error"]["code"], 102);
    let r = c
        .call(json!({"subscribe": {"channel": "chat:a#7,8"}}))
        .await;
    assert_eq!(
        r["error"]["code"], 103,
        "user-limited channel for other users"
    );
    let r = c
        .call(json!({"subscribe": {"channel": "chat:a#42,8"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let r = c
        .call(json!({"subscribe": {"channel": "chat:a#42,8"}}))
        .await;
    assert_eq!(r["error"]["code"], 105);
    let r = c.call(json!({"presence": {"channel": "nohist:x"}})).await;
    assert_eq!(
        r["error"]["code"], 108,
        "feature off comes before permission"
    );
    let r = c.call(json!({"history": {"channel": "chat:other"}})).await;
    assert_eq!(r["error"]["code"], 103);
    let r = c
        .call(json!({"publish": {"channel": "chat:other", "data": {}}}))
        .await;
    assert_eq!(r["error"]["code"], 103);
    let r = c.call(json!({"rpc": {"method": "x"}})).await;
    assert_eq!(r["error"]["code"], 108);
    // still connected and working
    let r = c.call(json!({"subscribe": {"channel": "chat:ok"}})).await;
    assert!(r.get("subscribe").is_some());
    s.stop().await;
}

#[tokio::test]
async fn subscription_tokens() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let t = token_with(
        &json!({"sub": "42", "channel": "private:x", "exp": now() + 60, "info": {"role": "a"}}),
        SECRET,
    );
    let r = c
        .call(json!({"subscribe": {"channel": "private:x", "token": t}}))
        .await;
    assert_eq!(r["subscribe"]["expires"], true, "{r}");
    let bad = token_with(&json!({"sub": "42", "channel": "private:x"}), "wrong");
    let r = c
        .call(json!({"subscribe": {"channel": "private:y", "token": bad}}))
        .await;
    assert_eq!(r["error"]["code"], 103);
    let expired = token_with(
        &json!({"sub": "42", "channel": "private:z", "exp": now() - 5}),
        SECRET,
    );
    let r = c
        .call(json!({"subscribe": {"channel": "private:z", "token": expired}}))
        .await;
    assert_eq!(r["error"]["code"], 109);
    let fresh = token_with(
        &json!({"sub": "42", "channel": "private:x", "exp": now() + 120}),
        SECRET,
    );
    let r = c
        .call(json!({"sub_refresh": {"channel": "private:x", "token": fresh}}))
        .await;
    assert_eq!(r["sub_refresh"]["expires"], true, "{r}");
    // a token for another channel closes with 3500
    let other = token_with(&json!({"sub": "42", "channel": "private:q"}), SECRET);
    c.send_text(
        &json!({"id": 99, "subscribe": {"channel": "private:w", "token": other}}).to_string(),
    )
    .await;
    assert_eq!(c.closed().await.0, 3500);
    s.stop().await;
}

#[tokio::test]
async fn bad_frames_close_3501_and_others_keep_working() {
    let s = server().await;
    let mut by = bystander(&s, "chat:by").await;
    for bad in [
        "not json",
        "",
        "\n\n",
        "[1,2]",
        r#"{"id":-1,"connect":{}}"#,
        r#"{"id":"x","connect":{}}"#,
        r#"{"id":1,"connect":[]}"#,
        r#"{"id":1,"connect":{"token":5}}"#,
        r#"{"id":1,"connect":"x"}"#,
    ] {
        let mut c = Client::open(&s.ws_url()).await;
        c.send_text(bad).await;
        assert_eq!(
            c.closed().await,
            (3501, "bad request".to_string()),
            "frame {bad:?}"
        );
    }
    let mut c = Client::open(&s.ws_url()).await;
    c.send_binary(vec![0, 159, 146, 150]).await;
    assert_eq!(c.closed().await.0, 3501, "binary frame");
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(&json!({"id": 1, "subscribe": {"channel": "chat:x"}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3501, "command before connect");
    // a connected client's command with a wrong-typed field, or an array where an object
    // belongs (serde would take it field by field), closes with 3501 as in Centrifugo
    for bad in [
        json!({"id": 2, "history": {"channel": "chat:x", "since": [1, "e"]}}),
        json!({"id": 2, "subscribe": ["chat:x"]}),
        json!({"id": 2, "publish": {"channel": 5, "data": {}}}),
        json!({"id": 2, "subscribe": {"channel": "chat:x", "offset": -1}}),
    ] {
        let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
        c.send_text(&bad.to_string()).await;
        assert_eq!(c.closed().await.0, 3501, "{bad}");
    }
    // unknown fields are tolerated
    let mut c = Client::open(&s.ws_url()).await;
    let r = c
        .call(json!({"connect": {"token": token("1"), "future_field": {"x": 1}}, "other": true}))
        .await;
    assert!(r.get("connect").is_some(), "{r}");
    // id 0 on a command is taken as an unsolicited pong
    c.send_text(&json!({"subscribe": {"channel": "chat:x"}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3501);
    // a second connect
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.send_text(&json!({"id": 5, "connect": {}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3501);
    // send without a handler
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.send_text(&json!({"send": {"data": {}}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3508);
    assert_still_served(&s, &mut by, "chat:by").await;
    s.stop().await;
}

#[tokio::test]
async fn oversize_frame_closes_1009() {
    let s = server().await;
    let mut by = bystander(&s, "chat:big").await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    let big = format!(
        r#"{{"id":2,"publish":{{"channel":"chat:big","data":"{}"}}}}"#,
        "x".repeat(5000)
    );
    c.send_text(&big).await;
    assert_eq!(c.closed().await.0, 1009);
    assert_still_served(&s, &mut by, "chat:big").await;
    s.stop().await;
}

/// Issue 14: RFC 6455 §5.5.2 asks for a Pong with the Ping's payload. centrifuge-python's
/// `websockets` (and Go's, Java's, proxies') keepalive pings and drops a peer that never
/// answers. Also under a backlog: the Pong goes ahead of queued publications.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_ping_gets_a_pong_with_its_payload_even_under_a_backlog() {
    let mut cfg = super::util::test_config();
    cfg["client"]["queue_max_size"] = json!(64 * 1024 * 1024);
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("10s");
    cfg["websocket"]["write_timeout"] = json!("60s");
    let s = Server::start(cfg).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.ping(b"hello").await;
    assert_eq!(c.next_pong().await, (b"hello".to_vec(), 0));
    // an unsolicited Pong is ignored and the connection stays
    c.pong(b"unasked").await;
    let r = c
        .call(json!({"subscribe": {"channel": "nohist:ping"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    // a backlog: 300 publications of 40 KB (12 MB, more than loopback buffers hold) while
    // the client does not read, then a Ping
    let pad = "x".repeat(40_000);
    let total = 300;
    for i in 0..total {
        let (_, r) = s
            .api(
                "publish",
                json!({"channel": "nohist:ping", "data": {"i": i, "p": pad}}),
            )
            .await;
        assert!(r.get("result").is_some(), "{r}");
    }
    c.ping(b"under load").await;
    let (payload, before) = c.next_pong().await;
    assert_eq!(payload, b"under load");
    assert!(
        before < total,
        "the Pong waited for the whole backlog ({before} publications first)"
    );
    // every publication still arrives whole and in order, around the Pong
    for i in 0..total {
        let p = c.next_push().await;
        assert_eq!(p["pub"]["data"]["i"], i);
        assert_eq!(p["pub"]["data"]["p"].as_str().map(str::len), Some(40_000));
    }
    s.stop().await;
}

/// A Ping over 125 bytes breaks RFC 6455 §5.5: the server closes with 1002.
#[tokio::test]
async fn oversize_ping_closes_1002() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = server().await;
    let mut tcp = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let req = format!(
        "GET /connection/websocket HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n",
        s.addr
    );
    tcp.write_all(req.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut b = [0u8; 1];
        tcp.read_exact(&mut b).await.unwrap();
        head.push(b[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 101"), "{head:?}");
    // a masked Ping frame (0x80 mask bit, 126: 16-bit length follows) of 126 bytes, zero mask
    let mut frame = vec![0x89, 0xfe, 0, 126, 0, 0, 0, 0];
    frame.extend(std::iter::repeat_n(b'p', 126));
    tcp.write_all(&frame).await.unwrap();
    let mut reply = [0u8; 4];
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tcp.read_exact(&mut reply),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(reply[0], 0x88, "a close frame");
    assert_eq!(u16::from_be_bytes([reply[2], reply[3]]), 1002);
    s.stop().await;
}

#[tokio::test]
async fn bad_tokens() {
    let s = server().await;
    let mut by = bystander(&s, "chat:tok").await;
    let cases = [
        ("garbage", "not.a.token".to_string()),
        ("wrong secret", token_with(&json!({"sub": "1"}), "nope")),
        (
            "alg none",
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiJ9.".to_string(),
        ),
        (
            "subscription token as connection token",
            token_with(&json!({"sub": "1", "channel": "chat:x"}), SECRET),
        ),
    ];
    for (what, t) in cases {
        let mut c = Client::open(&s.ws_url()).await;
        c.send_text(&json!({"id": 1, "connect": {"token": t}}).to_string())
            .await;
        assert_eq!(
            c.closed().await,
            (3500, "invalid token".to_string()),
            "{what}"
        );
    }
    let mut c = Client::open(&s.ws_url()).await;
    let r = c.call(json!({"connect": {"token": token_with(&json!({"sub": "1", "exp": now() - 10}), SECRET)}})).await;
    assert_eq!(r["error"], json!({"code": 109, "message": "token expired"}));
    c.send_text(&json!({"id": 2, "subscribe": {"channel": "chat:x"}}).to_string())
        .await;
    assert_eq!(
        c.closed().await.0,
        3501,
        "a failed connect leaves the connection unusable"
    );
    // no token and no anonymous access
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(&json!({"id": 1, "connect": {}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3501);
    assert_still_served(&s, &mut by, "chat:tok").await;
    s.stop().await;
}

#[tokio::test]
async fn rsa_key_rejects_hs_tokens_and_checks_aud_iss() {
    // Test-only key pairs (tests/fixtures). HS-signed tokens must not pass as RSA.
    const RSA_PUB: &str = include_str!("../fixtures/rsa_public.pem");
    const RSA_PRIV: &str = include_str!("../fixtures/rsa_private.pem");
    const EC_PUB: &str = include_str!("../fixtures/ec_public.pem");
    const EC_PRIV: &str = include_str!("../fixtures/ec_private.pem");
    let mut cfg = super::util::test_config();
    cfg["client"]["token"] = json!({"rsa_public_key": RSA_PUB, "hmac_secret_key": "", "audience": "app", "issuer": "me"});
    let s = Server::start(cfg).await;
    let mut c = Client::open(&s.ws_url()).await;
    let t = token_with(&json!({"sub": "1", "aud": "app", "iss": "me"}), SECRET);
    c.send_text(&json!({"id": 1, "connect": {"token": t}}).to_string())
        .await;
    assert_eq!(
        c.closed().await.0,
        3500,
        "HS256 token against an RSA-only config"
    );
    let rs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &json!({"sub": "1", "aud": "app", "iss": "me"}),
        &jsonwebtoken::EncodingKey::from_rsa_pem(RSA_PRIV.as_bytes()).unwrap(),
    )
    .unwrap();
    let mut c = Client::open(&s.ws_url()).await;
    let r = c.call(json!({"connect": {"token": rs}})).await;
    assert!(r.get("connect").is_some(), "RS256 token: {r}");
    s.stop().await;

    let mut cfg = super::util::test_config();
    cfg["client"]["token"] = json!({"ecdsa_public_key": EC_PUB});
    let s = Server::start(cfg).await;
    let es = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256),
        &json!({"sub": "1"}),
        &jsonwebtoken::EncodingKey::from_ec_pem(EC_PRIV.as_bytes()).unwrap(),
    )
    .unwrap();
    let mut c = Client::open(&s.ws_url()).await;
    let r = c.call(json!({"connect": {"token": es}})).await;
    assert!(r.get("connect").is_some(), "ES256 token: {r}");
    s.stop().await;

    let mut cfg = super::util::test_config();
    cfg["client"]["token"] = json!({"hmac_secret_key": SECRET, "audience": "app", "issuer": "me"});
    let s = Server::start(cfg).await;
    for (claims, ok) in [
        (json!({"sub": "1", "aud": "app", "iss": "me"}), true),
        (json!({"sub": "1", "aud": "other", "iss": "me"}), false),
        (json!({"sub": "1", "aud": "app", "iss": "other"}), false),
    ] {
        let mut c = Client::open(&s.ws_url()).await;
        c.send_text(
            &json!({"id": 1, "connect": {"token": token_with(&claims, SECRET)}}).to_string(),
        )
        .await;
        match c.next_event().await {
            Event::Msg(v) => assert!(ok && v.get("connect").is_some(), "{claims}: {v}"),
            Event::Closed(code, _) => assert!(!ok && code == 3500, "{claims}: closed {code}"),
        }
    }
    s.stop().await;
}

#[tokio::test]
async fn origin_check() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let s = server().await;
    for (origin, ok) in [("http://allowed.test", true), ("http://evil.test", false)] {
        let mut req = s.ws_url().into_client_request().unwrap();
        req.headers_mut().insert("Origin", origin.parse().unwrap());
        let res = tokio_tungstenite::connect_async(req).await;
        assert_eq!(res.is_ok(), ok, "{origin}");
    }
    s.stop().await;
}

#[tokio::test]
async fn server_pings_and_pong_timeout() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.auto_pong = false;
    // ping_interval 2s, pong_timeout 1s: a client that never answers is closed with 3012
    assert_eq!(c.closed().await, (3012, "no pong".to_string()));
    // a client that answers stays
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    c.expect_silence(0).await;
    let r = tokio::time::timeout(std::time::Duration::from_millis(4500), c.closed()).await;
    assert!(r.is_err(), "answering client must stay connected");
    s.stop().await;
}

#[tokio::test]
async fn server_side_subscribe_unsubscribe_disconnect_refresh() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "77").await;
    let (_, r) = s
        .api(
            "subscribe",
            json!({"user": "77", "channel": "chat:srv", "data": {"hello": 1}}),
        )
        .await;
    assert_eq!(r, json!({"result": {}}));
    let p = c.next_push().await;
    assert_eq!(p["channel"], "chat:srv");
    assert_eq!(p["subscribe"]["data"], json!({"hello": 1}));
    assert_eq!(p["subscribe"]["recoverable"], true);
    s.api("publish", json!({"channel": "chat:srv", "data": {"x": 1}}))
        .await;
    loop {
        let p = c.next_push().await;
        if p.get("pub").is_some() {
            break;
        }
    }
    let (_, r) = s
        .api("refresh", json!({"user": "77", "expire_at": now() + 600}))
        .await;
    assert_eq!(r, json!({"result": {}}));
    loop {
        let p = c.next_push().await;
        if let Some(rf) = p.get("refresh") {
            assert_eq!(rf["expires"], true);
            assert!(rf["ttl"].as_u64().unwrap() > 500);
            break;
        }
    }
    s.api("unsubscribe", json!({"user": "77", "channel": "chat:srv"}))
        .await;
    loop {
        let p = c.next_push().await;
        if let Some(u) = p.get("unsubscribe") {
            assert_eq!(u, &json!({"code": 2000, "reason": "server unsubscribe"}));
            break;
        }
    }
    s.api("disconnect", json!({"user": "77"})).await;
    assert_eq!(c.closed().await, (3503, "force disconnect".to_string()));
    let (mut c, _) = Client::connect(&s.ws_url(), "77").await;
    s.api(
        "disconnect",
        json!({"user": "77", "disconnect": {"code": 4001, "reason": "custom"}}),
    )
    .await;
    assert_eq!(c.closed().await, (4001, "custom".to_string()));
    s.stop().await;
}

#[tokio::test]
async fn token_channels_become_server_side_subscriptions() {
    let s = server().await;
    let mut c = Client::open(&s.ws_url()).await;
    s.api(
        "publish",
        json!({"channel": "chat:tokch", "data": {"n": 1}}),
    )
    .await;
    let t = token_with(&json!({"sub": "5", "channels": ["chat:tokch"]}), SECRET);
    let r = c.call(json!({"connect": {"token": t}})).await;
    assert_eq!(
        r["connect"]["subs"]["chat:tokch"]["recoverable"], true,
        "{r}"
    );
    assert_eq!(r["connect"]["subs"]["chat:tokch"]["offset"], 1);
    s.api(
        "publish",
        json!({"channel": "chat:tokch", "data": {"n": 2}}),
    )
    .await;
    loop {
        let p = c.next_push().await;
        if p.get("pub").is_some() {
            assert_eq!(p["pub"]["offset"], 2);
            break;
        }
    }
    let t = token_with(&json!({"sub": "5", "channels": ["nope:x"]}), SECRET);
    let mut c = Client::open(&s.ws_url()).await;
    let r = c.call(json!({"connect": {"token": t}})).await;
    assert_eq!(r["error"]["code"], 102);
    s.stop().await;
}

#[tokio::test]
async fn shutdown_closes_clients_with_3001() {
    let s = server().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    let stopper = tokio::spawn(s.stop());
    assert_eq!(c.closed().await, (3001, "shutdown".to_string()));
    stopper.await.unwrap();
}

#[tokio::test]
async fn connection_expiry_and_refresh() {
    let mut cfg = super::util::test_config();
    cfg["client"]["expired_close_delay"] = json!("1s");
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let s = Server::start(cfg).await;
    // not refreshed: closed with 3005 after exp + expired_close_delay
    let mut c = Client::open(&s.ws_url()).await;
    let r = c.call(json!({"connect": {"token": token_with(&json!({"sub": "9", "exp": now() + 2}), SECRET)}})).await;
    assert_eq!(r["connect"]["expires"], true);
    assert!(r["connect"]["ttl"].as_u64().unwrap() <= 2);
    assert_eq!(c.closed().await, (3005, "connection expired".to_string()));
    // refreshed in time: stays connected past the old deadline
    let mut c = Client::open(&s.ws_url()).await;
    c.call(
        json!({"connect": {"token": token_with(&json!({"sub": "9", "exp": now() + 2}), SECRET)}}),
    )
    .await;
    let r = c.call(json!({"refresh": {"token": token("9")}})).await;
    assert_eq!(r["refresh"]["expires"], true, "{r}");
    assert!(r["refresh"]["ttl"].as_u64().unwrap() > 3000);
    let stayed = tokio::time::timeout(std::time::Duration::from_millis(4500), c.closed()).await;
    assert!(stayed.is_err(), "refreshed connection must stay");
    // refresh with another user's token: 3500
    c.send_text(&json!({"id": 50, "refresh": {"token": token("someone-else")}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3500);
    // refresh with an expired token: 3005
    let mut c = Client::open(&s.ws_url()).await;
    c.call(json!({"connect": {"token": token("9")}})).await;
    let old = token_with(&json!({"sub": "9", "exp": now() - 1}), SECRET);
    c.send_text(&json!({"id": 51, "refresh": {"token": old}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3005);
    s.stop().await;
}

#[tokio::test]
async fn cache_recovery_mode_delivers_the_latest_publication() {
    let mut cfg = super::util::test_config();
    cfg["channel"]["namespaces"].as_array_mut().unwrap().push(json!({
        "name": "cache", "history_size": 10, "history_ttl": "60s", "force_recovery": true,
        "force_recovery_mode": "cache", "auto_cache_recover": true, "allow_subscribe_for_client": true
    }));
    let s = Server::start(cfg).await;
    for n in 1..=3 {
        s.api("publish", json!({"channel": "cache:c", "data": {"n": n}}))
            .await;
    }
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    let r = c.call(json!({"subscribe": {"channel": "cache:c"}})).await;
    let pubs = r["subscribe"]["publications"].as_array().unwrap();
    assert_eq!(pubs.len(), 1, "{r}");
    assert_eq!(pubs[0]["data"], json!({"n": 3}));
    assert_eq!(r["subscribe"]["recovered"], true);
    s.stop().await;
}

/// A client that stops reading: its socket fills, its queue overflows (`queue_max_size`) and
/// the blocked write gives up after `websocket.write_timeout`, so the server drops it instead
/// of holding it forever. Everything it was sent arrives intact and in order when it reads
/// again (frames cut short by a full socket are finished before anything else), and a
/// bystander keeps being served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped_and_what_it_got_is_intact() {
    let mut cfg = super::util::test_config();
    cfg["client"]["queue_max_size"] = json!(65536);
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("10s");
    cfg["websocket"]["write_timeout"] = json!("500ms");
    let s = Server::start(cfg).await;
    let mut by = bystander(&s, "chat:other").await;
    let (mut slow, _) = Client::connect(&s.ws_url(), "slow").await;
    let r = slow
        .call(json!({"subscribe": {"channel": "nohist:slow"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let pad = "x".repeat(8000);
    let clients = async || {
        let (_, r) = s.api("info", json!({})).await;
        r["result"]["nodes"][0]["num_clients"].as_u64().unwrap()
    };
    assert_eq!(clients().await, 2);
    let mut published = 0u64;
    let mut dropped = false;
    // at most 4,000 publications of 8 KB (32 MB): far more than loopback buffers hold
    while published < 4000 {
        let (_, r) = s
            .api(
                "publish",
                json!({"channel": "nohist:slow", "data": {"i": published, "p": pad}}),
            )
            .await;
        assert!(r.get("result").is_some(), "{r}");
        published += 1;
        if published.is_multiple_of(50) && clients().await == 1 {
            dropped = true;
            break;
        }
    }
    assert!(
        dropped,
        "the server still holds a client that stopped reading"
    );
    // now read what got through: consecutive from 0, each intact, then the end
    let mut next = 0u64;
    while let Event::Msg(v) = slow.next_event().await {
        let Some(p) = v.get("push") else { continue };
        let d = &p["pub"]["data"];
        assert_eq!(d["i"], next, "publications arrive in order, none skipped");
        assert_eq!(d["p"].as_str().map(str::len), Some(8000), "intact payload");
        next += 1;
    }
    assert!(next > 0 && next < published, "got {next} of {published}");
    assert_still_served(&s, &mut by, "chat:other").await;
}

#[tokio::test]
async fn tags_filter_selects_deliveries_and_recovery() {
    let mut cfg = super::util::test_config();
    for (name, mode) in [("ticks", "stream"), ("last", "cache")] {
        super::util::with_namespace(
            &mut cfg,
            name,
            &json!({"allow_tags_filter": true, "force_recovery_mode": mode}),
        );
    }
    let s = Server::start(cfg).await;
    let btc = json!({"key": "ticker", "cmp": "eq", "val": "BTC"});
    let pub_tick = |ch: &'static str, ticker: &'static str, n: u64| {
        let s = &s;
        async move {
            let (st, r) = s
                .api(
                    "publish",
                    json!({"channel": ch, "data": {"n": n}, "tags": {"ticker": ticker}}),
                )
                .await;
            assert_eq!(st, 200, "{r}");
        }
    };

    // live: the filtered subscriber gets BTC only, an unfiltered one gets everything
    let (mut f, _) = Client::connect(&s.ws_url(), "f").await;
    let r = f
        .call(json!({"subscribe": {"channel": "ticks:x", "tf": btc}}))
        .await;
    let epoch = r["subscribe"]["epoch"].as_str().unwrap().to_string();
    let (mut all, _) = Client::connect(&s.ws_url(), "all").await;
    all.call(json!({"subscribe": {"channel": "ticks:x"}})).await;
    for (n, t) in [(1, "ETH"), (2, "BTC"), (3, "SOL"), (4, "BTC")] {
        pub_tick("ticks:x", t, n).await;
    }
    let mut got = Vec::new();
    while got.len() < 2 {
        let p = f.next_push().await;
        if p.get("pub").is_none() {
            continue; // join/leave
        }
        got.push((
            p["pub"]["offset"].as_u64(),
            p["pub"]["tags"]["ticker"].clone(),
        ));
    }
    assert_eq!(got, [(Some(2), json!("BTC")), (Some(4), json!("BTC"))]);
    let mut n = 0;
    while n < 4 {
        let p = all.next_push().await;
        if p.get("pub").is_some() {
            n += 1;
            assert_eq!(p["pub"]["data"]["n"], n);
        }
    }
    // the unfiltered subscriber got 4, so the filtered one has had its chance at 1 and 3
    all.call(json!({"unsubscribe": {"channel": "ticks:x"}}))
        .await;
    let leave = f.next_push().await;
    assert!(
        leave.get("leave").is_some(),
        "only a leave, no publication: {leave}"
    );

    // recovery: only matching publications come back, the position is the client's own
    drop(f);
    for (n, t) in [(5, "BTC"), (6, "ETH"), (7, "BTC")] {
        pub_tick("ticks:x", t, n).await;
    }
    let (mut f, _) = Client::connect(&s.ws_url(), "f").await;
    let r = f.call(json!({"subscribe": {"channel": "ticks:x", "tf": btc, "recover": true, "offset": 4, "epoch": epoch}})).await;
    assert_eq!(r["subscribe"]["recovered"], true, "{r}");
    let offs: Vec<u64> = r["subscribe"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offs, [5, 7], "{r}");

    // cache mode: the latest matching publication, not the latest one
    for (n, t) in [(1, "BTC"), (2, "ETH")] {
        pub_tick("last:x", t, n).await;
    }
    let (mut c, _) = Client::connect(&s.ws_url(), "c").await;
    let r = c.call(json!({"subscribe": {"channel": "last:x", "tf": btc, "recover": true, "offset": 0, "epoch": ""}})).await;
    let pubs = r["subscribe"]["publications"].as_array().unwrap();
    assert_eq!(pubs.len(), 1, "{r}");
    assert_eq!(pubs[0]["data"]["n"], 1, "{r}");

    // bad input: a namespace without allow_tags_filter, or an invalid tree, is 107 and the
    // connection stays usable
    for tf in [
        btc.clone(),
        json!({"key": "ticker", "cmp": "like", "val": "B"}),
        json!({"op": "not", "nodes": []}),
    ] {
        let ch = if tf == btc { "chat:x" } else { "ticks:y" };
        let r = c
            .call(json!({"subscribe": {"channel": ch, "tf": tf}}))
            .await;
        assert_eq!(r["error"]["code"], 107, "{tf}: {r}");
    }
    let r = c.call(json!({"subscribe": {"channel": "ticks:y"}})).await;
    assert!(r.get("subscribe").is_some(), "{r}");
    // a tf that is not a filter at all is a malformed command: 3501, as any other
    let (mut m, _) = Client::connect(&s.ws_url(), "m").await;
    m.send_text(r#"{"id":2,"subscribe":{"channel":"ticks:z","tf":5}}"#)
        .await;
    assert_eq!(m.closed().await.0, 3501);
    s.stop().await;
}

/// The data of a publication push that a delta subscriber got, applied to `base`:
/// (the data's bytes, whether it came as a delta).
fn delta_data(push: &serde_json::Value, base: &[u8]) -> (Vec<u8>, bool) {
    let p = &push["pub"];
    let s = p["data"]
        .as_str()
        .unwrap_or_else(|| panic!("data must be a string: {push}"));
    if p["delta"] == true {
        (fossil_delta::apply(base, s.as_bytes()).unwrap(), true)
    } else {
        (s.as_bytes().to_vec(), false)
    }
}

#[tokio::test]
async fn fossil_delta_compression_for_subscribers_that_negotiate_it() {
    let mut cfg = super::util::test_config();
    super::util::with_namespace(
        &mut cfg,
        "deltas",
        &json!({"allowed_delta_types": ["fossil"], "allow_tags_filter": true}),
    );
    let s = Server::start(cfg).await;
    let (mut d, _) = Client::connect(&s.ws_url(), "d").await;
    let r = d
        .call(json!({"subscribe": {"channel": "deltas:x", "delta": "fossil"}}))
        .await;
    assert_eq!(r["subscribe"]["delta"], true, "{r}");
    let epoch = r["subscribe"]["epoch"].as_str().unwrap().to_string();
    let (mut plain, _) = Client::connect(&s.ws_url(), "p").await;
    plain
        .call(json!({"subscribe": {"channel": "deltas:x"}}))
        .await;
    // similar, long-ish documents: deltas pay off
    let doc = |n: u64, price: u64| {
        json!({"n": n, "ticker": "BTC", "price": price, "venue": "a long venue name that repeats",
               "note": "the rest of this document stays the same from one publication to the next"})
    };
    let sent = [
        (1, 100, true),
        (2, 101, true),
        (3, 102, false),
        (4, 103, true),
    ];
    for (n, price, delta) in sent {
        let (st, v) = s
            .api(
                "publish",
                json!({"channel": "deltas:x", "data": doc(n, price), "delta": delta}),
            )
            .await;
        assert_eq!(st, 200, "{v}");
    }
    let mut base = Vec::new();
    let mut kinds = Vec::new();
    while kinds.len() < 4 {
        let push = d.next_push().await;
        if push.get("pub").is_none() {
            continue;
        }
        let (bytes, was_delta) = delta_data(&push, &base);
        let (n, price, _) = sent[kinds.len()];
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            doc(n, price),
            "publication {n}"
        );
        if was_delta {
            assert!(push["pub"]["data"].as_str().unwrap().len() < bytes.len());
        }
        kinds.push(was_delta);
        base = bytes;
    }
    // first whole (no base yet), then a delta, whole when not published as delta, delta
    assert_eq!(kinds, [false, true, false, true]);
    let mut got = 0;
    while got < 4 {
        let push = plain.next_push().await;
        if push.get("pub").is_some() {
            got += 1;
            assert_eq!(
                push["pub"]["data"]["n"], got,
                "plain subscribers get objects"
            );
            assert!(push["pub"].get("delta").is_none());
        }
    }

    // recovery on a delta subscription: the missed publications as whole strings, then deltas
    drop(d);
    s.api(
        "publish",
        json!({"channel": "deltas:x", "data": doc(5, 104), "delta": true}),
    )
    .await;
    let (mut d, _) = Client::connect(&s.ws_url(), "d").await;
    let r = d.call(json!({"subscribe": {"channel": "deltas:x", "delta": "fossil", "recover": true, "offset": 4, "epoch": epoch}})).await;
    let sub = &r["subscribe"];
    assert_eq!(
        (sub["recovered"].as_bool(), sub["delta"].as_bool()),
        (Some(true), Some(true)),
        "{r}"
    );
    let p5 = &sub["publications"][0];
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(p5["data"].as_str().unwrap()).unwrap(),
        doc(5, 104)
    );
    s.api(
        "publish",
        json!({"channel": "deltas:x", "data": doc(6, 105), "delta": true}),
    )
    .await;
    let push = loop {
        let p = d.next_push().await;
        if p.get("pub").is_some() {
            break p;
        }
    };
    let (_, was_delta) = delta_data(&push, p5["data"].as_str().unwrap().as_bytes());
    assert!(
        !was_delta,
        "the first live publication after subscribing is whole"
    );

    // not negotiated where the namespace does not allow it; delta with a tags filter is 107
    let (mut c, _) = Client::connect(&s.ws_url(), "c").await;
    let r = c
        .call(json!({"subscribe": {"channel": "chat:x", "delta": "fossil"}}))
        .await;
    assert!(r["subscribe"].get("delta").is_none(), "{r}");
    let r = c.call(json!({"subscribe": {"channel": "deltas:y", "delta": "fossil", "tf": {"key": "a", "cmp": "ex"}}})).await;
    assert_eq!(r["error"]["code"], 107, "{r}");
    s.stop().await;
}

/// Issue 14: map-subscription fields on a stream channel are a bad request (107), so a
/// client never believes it has a map; the connection stays and nothing is delivered.
#[tokio::test]
async fn map_fields_on_a_stream_channel_are_rejected() {
    let s = server().await;
    let mut by = bystander(&s, "chat:m").await;
    let (mut c, _) = Client::connect(&s.ws_url(), "1").await;
    for kind in [1, 2, -1] {
        let r = c
            .call(json!({"subscribe": {"channel": "chat:m2", "type": kind}}))
            .await;
        assert_eq!(r["error"]["code"], 107, "type {kind}: {r}");
    }
    let r = c
        .call(json!({"subscribe": {"channel": "chat:m", "type": 0}}))
        .await;
    assert!(r.get("subscribe").is_some(), "type 0 is a stream: {r}");
    for publish in [
        json!({"channel": "chat:m", "data": {"x": 1}, "type": 1}),
        json!({"channel": "chat:m", "data": {"x": 1}, "key": "k1"}),
        json!({"channel": "chat:m", "data": {"x": 1}, "removed": true}),
    ] {
        let r = c.call(json!({ "publish": publish })).await;
        assert_eq!(r["error"]["code"], 107, "{publish}: {r}");
    }
    // nothing reached the subscriber; an ordinary publication still does
    let r = c
        .call(json!({"publish": {"channel": "chat:m", "data": {"plain": true}}}))
        .await;
    assert!(r.get("publish").is_some(), "{r}");
    let p = loop {
        let p = by.next_push().await;
        if p.get("pub").is_some() {
            break p;
        }
    };
    assert_eq!(p["pub"]["data"], json!({"plain": true}));
    s.stop().await;
}

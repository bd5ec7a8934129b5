//! The transports beside WebSocket, against an in-process server: bidirectional emulation
//! (`http_stream` in JSON and Protobuf, `sse`, commands through `/emulation`, also across two
//! nodes on Redis) and the unidirectional transports (`uni_http_stream`, `uni_sse`,
//! `uni_websocket`): connect with a token, receive publications, get a disconnect with a
//! code. Bad emulation requests get Centrifugo's statuses and reach no session.

use std::time::Duration;

use centri::proto::codec::protobuf::wire;
use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use super::util::{now, token, token_with, Server, SECRET};

fn config() -> Value {
    let mut cfg = super::util::test_config();
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    for t in [
        "http_stream",
        "sse",
        "uni_http_stream",
        "uni_sse",
        "uni_websocket",
    ] {
        cfg[t] = json!({"enabled": true});
    }
    cfg
}

/// A streamed response read message by message (bounded waits).
pub struct Stream {
    resp: reqwest::Response,
    buf: Vec<u8>,
    sse: bool,
}

impl Stream {
    pub async fn post(url: &str, body: Vec<u8>, content_type: &str) -> Self {
        let resp = reqwest::Client::new()
            .post(url)
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{url}");
        Self {
            resp,
            buf: Vec::new(),
            sse: false,
        }
    }

    async fn sse(url: &str, connect: &Value) -> Self {
        let resp = reqwest::Client::new()
            .get(url)
            .query(&[("cf_connect", connect.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{url}");
        assert!(resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Self {
            resp,
            buf: Vec::new(),
            sse: true,
        }
    }

    /// Reads more bytes; false at the end of the stream.
    async fn fill(&mut self) -> bool {
        match tokio::time::timeout(Duration::from_secs(5), self.resp.chunk()).await {
            Ok(Ok(Some(c))) => {
                self.buf.extend_from_slice(&c);
                true
            }
            Ok(Ok(None) | Err(_)) => false,
            Err(elapsed) => panic!("nothing on the stream within 5 s ({elapsed})"),
        }
    }

    /// The next JSON message (a line, or an SSE `data:` event), skipping pings; `None` at the
    /// end of the stream.
    pub async fn next_json(&mut self) -> Option<Value> {
        loop {
            let sep: &[u8] = if self.sse { b"\n\n" } else { b"\n" };
            if let Some(i) = self.buf.windows(sep.len()).position(|w| w == sep) {
                let item: Vec<u8> = self.buf.drain(..i + sep.len()).collect();
                let text = String::from_utf8(item).unwrap();
                let text = text.trim();
                let text = if self.sse {
                    match text.strip_prefix("data: ") {
                        Some(t) => t,
                        None => continue, // the opening "\r\n", or a comment
                    }
                } else {
                    text
                };
                if text.is_empty() || text == "{}" {
                    continue;
                }
                return Some(serde_json::from_str(text).unwrap());
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// The next Protobuf reply, skipping pings.
    async fn next_pb(&mut self) -> Option<wire::Reply> {
        loop {
            let mut b = &self.buf[..];
            if let Ok(len) = prost::encoding::decode_varint(&mut b) {
                let head = self.buf.len() - b.len();
                let len = usize::try_from(len).unwrap();
                if b.len() >= len {
                    let r = wire::Reply::decode(&b[..len]).unwrap();
                    self.buf.drain(..head + len);
                    if r == wire::Reply::default() {
                        continue;
                    }
                    return Some(r);
                }
            }
            if !self.fill().await {
                return None;
            }
        }
    }
}

async fn emulate(s: &Server, body: Value) -> u16 {
    reqwest::Client::new()
        .post(s.url("/emulation"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn api(s: &Server, method: &str, body: Value) -> Value {
    let (status, r) = s.api(method, body).await;
    assert_eq!(status, 200, "{r}");
    assert!(r.get("result").is_some(), "{method}: {r}");
    r["result"].clone()
}

/// The emulated stream's next message that is not a join or leave push.
async fn next_non_join(st: &mut Stream) -> Value {
    loop {
        let m = st.next_json().await.expect("stream ended");
        let push = &m["push"];
        if push.get("join").is_none() && push.get("leave").is_none() {
            return m;
        }
    }
}

async fn emulated_json(s: &Server, st: &mut Stream) {
    let connect = st.next_json().await.unwrap();
    assert_eq!(connect["id"], 1, "{connect}");
    let session = connect["connect"]["session"].as_str().unwrap().to_string();
    let node = connect["connect"]["node"].as_str().unwrap().to_string();
    assert!(!session.is_empty() && !node.is_empty());
    assert_eq!(connect["connect"]["pong"], true);
    // the client's next command goes through /emulation, its reply comes on the stream
    let cmd = json!({"id": 2, "subscribe": {"channel": "chat:emu"}}).to_string();
    let status = emulate(s, json!({"node": node, "session": session, "data": cmd})).await;
    assert_eq!(status, 204);
    let r = next_non_join(st).await;
    assert_eq!(r["id"], 2, "{r}");
    assert!(r.get("subscribe").is_some(), "{r}");
    api(
        s,
        "publish",
        json!({"channel": "chat:emu", "data": {"n": 1}}),
    )
    .await;
    let p = next_non_join(st).await;
    assert_eq!(p["push"]["pub"]["data"], json!({"n": 1}), "{p}");
    // a client publish over emulation
    let cmd = json!({"id": 3, "publish": {"channel": "chat:emu", "data": {"n": 2}}}).to_string();
    assert_eq!(
        emulate(s, json!({"node": node, "session": session, "data": cmd})).await,
        204
    );
    let mut got = Vec::new();
    for _ in 0..2 {
        got.push(next_non_join(st).await);
    }
    assert!(
        got.iter()
            .any(|m| m["id"] == 3 && m.get("publish").is_some()),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|m| m["push"]["pub"]["data"] == json!({"n": 2})),
        "{got:?}"
    );
    // the connections API names the transport
    let conns = api(s, "connections", json!({"user": "emu"})).await;
    let info = conns["connections"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert_eq!(info["protocol"], "json");
    // a server disconnect arrives as a disconnect push, then the stream ends
    api(
        s,
        "disconnect",
        json!({"user": "emu", "disconnect": {"code": 4001, "reason": "bye"}}),
    )
    .await;
    let d = next_non_join(st).await;
    assert_eq!(d["push"]["disconnect"]["code"], 4001, "{d}");
    assert_eq!(d["push"]["disconnect"]["reason"], "bye");
    assert_eq!(d["push"]["disconnect"]["reconnect"], true);
    assert!(st.next_json().await.is_none(), "the stream ends");
    // the session is gone: its id now reaches nothing, and the answer says nothing
    assert_eq!(
        emulate(s, json!({"node": node, "session": session, "data": "{}"})).await,
        204
    );
}

#[tokio::test]
async fn http_stream_json_with_emulation() {
    let s = Server::start(config()).await;
    let connect = json!({"id": 1, "connect": {"token": token("emu")}});
    let mut st = Stream::post(
        &s.url("/connection/http_stream"),
        connect.to_string().into_bytes(),
        "application/json",
    )
    .await;
    emulated_json(&s, &mut st).await;
}

#[tokio::test]
async fn sse_with_emulation() {
    let s = Server::start(config()).await;
    let connect = json!({"id": 1, "connect": {"token": token("emu")}});
    let mut st = Stream::sse(&s.url("/connection/sse"), &connect).await;
    emulated_json(&s, &mut st).await;
}

#[tokio::test]
async fn http_stream_protobuf_with_emulation() {
    let s = Server::start(config()).await;
    let connect = wire::Command {
        id: 1,
        connect: Some(wire::ConnectRequest {
            token: token("pbemu"),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut st = Stream::post(
        &s.url("/connection/http_stream"),
        connect.encode_length_delimited_to_vec(),
        "application/octet-stream",
    )
    .await;
    let r = st.next_pb().await.unwrap();
    let c = r.connect.unwrap();
    assert!(!c.session.is_empty() && !c.node.is_empty());
    let sub = wire::Command {
        id: 2,
        subscribe: Some(wire::SubscribeRequest {
            channel: "chat:pbemu".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let req = wire::EmulationRequest {
        node: c.node.clone(),
        session: c.session.clone(),
        data: sub.encode_length_delimited_to_vec(),
    };
    let status = reqwest::Client::new()
        .post(s.url("/emulation"))
        .header("Content-Type", "application/octet-stream")
        .body(req.encode_to_vec())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
    let mut r = st.next_pb().await.unwrap();
    while r.push.as_ref().is_some_and(|p| p.join.is_some()) {
        r = st.next_pb().await.unwrap();
    }
    assert_eq!(r.id, 2);
    assert!(r.subscribe.is_some(), "{r:?}");
    let binary = vec![0u8, 255, 10, 13];
    api(
        &s,
        "publish",
        json!({"channel": "chat:pbemu", "b64data": base64_of(&binary)}),
    )
    .await;
    let publication = loop {
        let r = st.next_pb().await.unwrap();
        let p = r
            .push
            .clone()
            .unwrap_or_else(|| panic!("expected a push: {r:?}"));
        if let Some(publication) = p.publication {
            break publication;
        }
        assert!(p.join.is_some(), "{p:?}");
    };
    assert_eq!(publication.data, binary);
    let conns = api(&s, "connections", json!({"user": "pbemu"})).await;
    let info = conns["connections"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert_eq!(
        (info["transport"].as_str(), info["protocol"].as_str()),
        (Some("http_stream"), Some("protobuf"))
    );
}

fn base64_of(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[tokio::test]
async fn bad_emulation_requests_get_centrifugo_statuses_and_reach_no_session() {
    let mut cfg = config();
    cfg["emulation"] = json!({"max_request_body_size": 1024});
    let s = Server::start(cfg).await;
    let connect = json!({"id": 1, "connect": {"token": token("victim")}});
    let mut st = Stream::post(
        &s.url("/connection/http_stream"),
        connect.to_string().into_bytes(),
        "application/json",
    )
    .await;
    let c = st.next_json().await.unwrap();
    let node = c["connect"]["node"].as_str().unwrap().to_string();
    let client = c["connect"]["client"].as_str().unwrap().to_string();
    let http = reqwest::Client::new();
    let post = |body: String| {
        let http = http.clone();
        let url = s.url("/emulation");
        async move {
            let r = http.post(url).body(body).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    // not JSON, no session, data not a string of commands
    assert_eq!(post("garbage".into()).await.0, 400);
    let (status, text) = post(json!({"node": node, "data": "{}"}).to_string()).await;
    assert_eq!(status, 400);
    assert!(text.contains("session"), "{text}");
    // a node that is not in the cluster
    assert_eq!(
        post(json!({"node": "no-such-node", "session": "x", "data": "{}"}).to_string())
            .await
            .0,
        404
    );
    // over emulation.max_request_body_size
    let big = json!({"node": node, "session": "x", "data": "x".repeat(2000)}).to_string();
    assert_eq!(post(big).await.0, 413);
    // guessing: the client id (which presence shows to others) is not the session id
    let cmd =
        json!({"id": 9, "publish": {"channel": "chat:x", "data": {"evil": true}}}).to_string();
    assert_eq!(
        post(json!({"node": node, "session": client, "data": cmd}).to_string())
            .await
            .0,
        204
    );
    // GET is not allowed
    let r = http.get(s.url("/emulation")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    // the victim's stream saw none of it: the next thing on it is this publication
    let (mut peer, _) = super::util::Client::connect(&s.ws_url(), "peer").await;
    peer.call(json!({"subscribe": {"channel": "chat:x"}})).await;
    let sub = json!({"id": 2, "subscribe": {"channel": "chat:x"}}).to_string();
    let session = c["connect"]["session"].as_str().unwrap();
    assert_eq!(
        post(json!({"node": node, "session": session, "data": sub}).to_string())
            .await
            .0,
        204
    );
    let r = next_non_join(&mut st).await;
    assert_eq!(r["id"], 2, "{r}");
    let hist = api(&s, "history", json!({"channel": "chat:x", "limit": 10})).await;
    assert_eq!(hist["publications"], json!([]), "nothing was published");
    // a garbage frame through emulation closes the session with 3501, as on a WebSocket
    assert_eq!(
        post(json!({"node": node, "session": session, "data": "not json"}).to_string())
            .await
            .0,
        204
    );
    let d = next_non_join(&mut st).await;
    assert_eq!(d["push"]["disconnect"]["code"], 3501, "{d}");
    assert_eq!(d["push"]["disconnect"]["reconnect"], false);
}

#[tokio::test]
async fn transports_are_off_until_enabled() {
    let s = Server::start(super::util::test_config()).await;
    for path in [
        "/connection/http_stream",
        "/connection/sse",
        "/emulation",
        "/connection/uni_http_stream",
        "/connection/uni_sse",
        "/connection/uni_websocket",
    ] {
        let r = reqwest::Client::new()
            .post(s.url(path))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
}

/// A token for `user` subscribed to `chat:uni` by its `channels` claim.
fn uni_token(user: &str) -> String {
    token_with(
        &json!({"sub": user, "exp": now() + 3600, "channels": ["chat:uni"]}),
        SECRET,
    )
}

/// The unidirectional checks shared by the HTTP forms: connect push, publications, a
/// disconnect push with the code, then the end of the stream.
async fn uni_stream(s: &Server, st: &mut Stream, user: &str) {
    let c = st.next_json().await.unwrap();
    let connect = &c["connect"];
    assert!(connect["client"].as_str().is_some(), "{c}");
    assert!(connect["subs"].get("chat:uni").is_some(), "{c}");
    assert_eq!(
        connect.get("pong"),
        None,
        "no pong is asked of a uni client: {c}"
    );
    api(
        s,
        "publish",
        json!({"channel": "chat:uni", "data": {"u": 1}}),
    )
    .await;
    let mut p = st.next_json().await.unwrap();
    while p.get("join").is_some() {
        p = st.next_json().await.unwrap();
    }
    assert_eq!(p["channel"], "chat:uni", "{p}");
    assert_eq!(p["pub"]["data"], json!({"u": 1}));
    api(
        s,
        "disconnect",
        json!({"user": user, "disconnect": {"code": 4502, "reason": "go away"}}),
    )
    .await;
    let mut d = st.next_json().await.unwrap();
    while d.get("disconnect").is_none() {
        d = st.next_json().await.unwrap();
    }
    assert_eq!(d["disconnect"]["code"], 4502, "{d}");
    assert_eq!(d["disconnect"]["reconnect"], false);
    assert!(st.next_json().await.is_none());
}

#[tokio::test]
async fn uni_http_stream_connects_receives_and_is_disconnected() {
    let s = Server::start(config()).await;
    let mut st = Stream::post(
        &s.url("/connection/uni_http_stream"),
        json!({"token": uni_token("uh")}).to_string().into_bytes(),
        "application/json",
    )
    .await;
    uni_stream(&s, &mut st, "uh").await;
    // a bad token: the disconnect push says 3500 and the stream ends
    let mut st = Stream::post(
        &s.url("/connection/uni_http_stream"),
        json!({"token": "not-a-jwt"}).to_string().into_bytes(),
        "application/json",
    )
    .await;
    let d = st.next_json().await.unwrap();
    assert_eq!(d["disconnect"]["code"], 3500, "{d}");
    assert!(st.next_json().await.is_none());
    // a connect request that does not decode: 400, naming the problem
    let r = reqwest::Client::new()
        .post(s.url("/connection/uni_http_stream"))
        .body(r#"{"token": 5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("bad connect request"));
}

#[tokio::test]
async fn uni_sse_connects_receives_and_is_disconnected() {
    let s = Server::start(config()).await;
    let mut st = Stream::sse(
        &s.url("/connection/uni_sse"),
        &json!({"token": uni_token("us")}),
    )
    .await;
    uni_stream(&s, &mut st, "us").await;
    // a token past its expiry: 3005
    let expired = token_with(&json!({"sub": "old", "exp": now() - 10}), SECRET);
    let mut st = Stream::sse(&s.url("/connection/uni_sse"), &json!({"token": expired})).await;
    let d = st.next_json().await.unwrap();
    assert_eq!(d["disconnect"]["code"], 3005, "{d}");
}

#[tokio::test]
async fn uni_websocket_connects_receives_and_is_disconnected() {
    let s = Server::start(config()).await;
    let url = format!("ws://{}/connection/uni_websocket", s.addr);
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    ws.send(Message::Text(
        json!({"token": uni_token("uw")}).to_string().into(),
    ))
    .await
    .unwrap();
    let mut next = async || loop {
        let m = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        match m {
            Message::Text(t) if t.as_str() == "{}" => {}
            Message::Text(t) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v.get("join").is_none() {
                    return Ok(v);
                }
            }
            Message::Close(f) => return Err(f.map(|f| u16::from(f.code))),
            _ => {}
        }
    };
    let c = next().await.unwrap();
    assert!(c["connect"]["subs"].get("chat:uni").is_some(), "{c}");
    api(
        &s,
        "publish",
        json!({"channel": "chat:uni", "data": {"w": 1}}),
    )
    .await;
    let p = next().await.unwrap();
    assert_eq!(p["pub"]["data"], json!({"w": 1}), "{p}");
    api(
        &s,
        "disconnect",
        json!({"user": "uw", "disconnect": {"code": 4503, "reason": "bye"}}),
    )
    .await;
    assert_eq!(next().await.unwrap_err(), Some(4503));
    // garbage as the connect request: closed with 3501
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    ws.send(Message::Text("nope".into())).await.unwrap();
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .unwrap()
        {
            Some(Ok(Message::Close(f))) => break f.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(closed, Some(3501));
}

/// Emulation across nodes: the stream is on node 1, the client's commands land on node 2,
/// which forwards them over Redis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulation_requests_reach_the_session_on_another_node() {
    let redis = super::redis::Redis::start();
    let node_cfg = |name: &str| {
        let mut c = config();
        c["node"] = json!({"name": name});
        c["engine"] = json!({"type": "redis", "redis": {"address": format!("127.0.0.1:{}", redis.port), "prefix": format!("emu{}", redis.port)}});
        c
    };
    let a = Server::start(node_cfg("a")).await;
    let b = Server::start(node_cfg("b")).await;
    // wait until each node knows the other
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let info = api(&b, "info", json!({})).await;
        if info["nodes"].as_array().is_some_and(|n| n.len() == 2) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "nodes never met: {info}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let connect = json!({"id": 1, "connect": {"token": token("far")}});
    let mut st = Stream::post(
        &a.url("/connection/http_stream"),
        connect.to_string().into_bytes(),
        "application/json",
    )
    .await;
    let c = st.next_json().await.unwrap();
    let (session, node) = (
        c["connect"]["session"].as_str().unwrap(),
        c["connect"]["node"].as_str().unwrap(),
    );
    let cmd = json!({"id": 2, "subscribe": {"channel": "chat:far"}}).to_string();
    assert_eq!(
        emulate(&b, json!({"node": node, "session": session, "data": cmd})).await,
        204
    );
    let r = next_non_join(&mut st).await;
    assert_eq!(r["id"], 2, "{r}");
    assert!(r.get("subscribe").is_some(), "{r}");
    api(
        &b,
        "publish",
        json!({"channel": "chat:far", "data": {"far": true}}),
    )
    .await;
    let p = next_non_join(&mut st).await;
    assert_eq!(p["push"]["pub"]["data"], json!({"far": true}));
}

//! The Protobuf form of client protocol v2 over a real WebSocket (`?cf_protocol=protobuf`):
//! the features in binary frames, JSON and Protobuf subscribers sharing channels, binary
//! payloads, and every class of bad frame (each with a bystander that must keep working).

use std::time::Duration;

use base64::Engine as _;
use centri::proto::codec::protobuf::wire;
use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde_json::json;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::util::{token, token_with, Client, Event, Server, SECRET};

/// A raw Protobuf client: length-delimited `Command`s out, `Reply`s in.
pub struct PbClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pending: std::collections::VecDeque<wire::Reply>,
    next_id: u32,
}

#[derive(Debug)]
pub enum PbEvent {
    Reply(Box<wire::Reply>),
    Closed(u16, String),
}

impl PbClient {
    pub async fn open(ws_url: &str) -> Self {
        let url = format!("{ws_url}?cf_protocol=protobuf");
        let (ws, _) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(url),
        )
        .await
        .unwrap()
        .unwrap();
        Self {
            ws,
            pending: std::collections::VecDeque::new(),
            next_id: 1,
        }
    }

    pub async fn connect(ws_url: &str, user: &str) -> (Self, wire::ConnectResult) {
        let mut c = Self::open(ws_url).await;
        let r = c
            .call(wire::Command {
                connect: Some(wire::ConnectRequest {
                    token: token(user),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await;
        let res = r
            .connect
            .clone()
            .unwrap_or_else(|| panic!("connect failed: {r:?}"));
        (c, res)
    }

    pub async fn send_raw(&mut self, frame: Vec<u8>) {
        self.ws.send(Message::Binary(frame.into())).await.unwrap();
    }

    /// Sends one command with a fresh id and waits for its reply.
    pub async fn call(&mut self, mut cmd: wire::Command) -> wire::Reply {
        let id = self.next_id;
        self.next_id += 1;
        cmd.id = id;
        self.send_raw(cmd.encode_length_delimited_to_vec()).await;
        let mut others = Vec::new();
        let reply = loop {
            match self.next_event().await {
                PbEvent::Reply(r) if r.id == id => break *r,
                PbEvent::Reply(r) => others.push(*r),
                PbEvent::Closed(code, reason) => {
                    panic!("closed {code} {reason} while waiting for reply {id}")
                }
            }
        };
        for r in others.into_iter().rev() {
            self.pending.push_front(r);
        }
        reply
    }

    /// The next reply or push, or the close; answers pings (bounded wait).
    pub async fn next_event(&mut self) -> PbEvent {
        if let Some(r) = self.pending.pop_front() {
            return PbEvent::Reply(Box::new(r));
        }
        loop {
            let msg = match tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await {
                Ok(Some(Ok(m))) => m,
                Ok(Some(Err(e))) => return PbEvent::Closed(0, e.to_string()),
                Ok(None) => return PbEvent::Closed(0, "eof".into()),
                Err(elapsed) => panic!("no message within 5s ({elapsed})"),
            };
            match msg {
                Message::Binary(b) => {
                    let mut buf = &b[..];
                    while !buf.is_empty() {
                        let r = wire::Reply::decode_length_delimited(&mut buf).unwrap();
                        if r == wire::Reply::default() {
                            // a ping: answer with an empty command
                            self.send_raw(vec![0]).await;
                            continue;
                        }
                        self.pending.push_back(r);
                    }
                    if let Some(r) = self.pending.pop_front() {
                        return PbEvent::Reply(Box::new(r));
                    }
                }
                Message::Text(t) => panic!("a text frame on a protobuf connection: {t}"),
                Message::Close(Some(f)) => {
                    return PbEvent::Closed(u16::from(f.code), f.reason.to_string())
                }
                Message::Close(None) => return PbEvent::Closed(1005, String::new()),
                _ => {}
            }
        }
    }

    pub async fn next_push(&mut self) -> wire::Push {
        match self.next_event().await {
            PbEvent::Reply(r) => match r.push {
                Some(p) => p,
                None => panic!("expected a push, got {r:?}"),
            },
            PbEvent::Closed(c, r) => panic!("closed {c} {r} while waiting for a push"),
        }
    }

    /// The next push that is not a join or a leave.
    pub async fn next_event_push(&mut self) -> wire::Push {
        loop {
            let p = self.next_push().await;
            if p.join.is_none() && p.leave.is_none() {
                return p;
            }
        }
    }

    /// The next publication push, skipping join and leave pushes.
    pub async fn next_pub(&mut self) -> wire::Publication {
        loop {
            let p = self.next_push().await;
            if let Some(publication) = p.publication {
                return publication;
            }
            assert!(
                p.join.is_some() || p.leave.is_some(),
                "unexpected push {p:?}"
            );
        }
    }

    pub async fn closed(&mut self) -> (u16, String) {
        loop {
            if let PbEvent::Closed(c, r) = self.next_event().await {
                return (c, r);
            }
        }
    }

    pub async fn subscribe(&mut self, req: wire::SubscribeRequest) -> wire::SubscribeResult {
        let r = self
            .call(wire::Command {
                subscribe: Some(req),
                ..Default::default()
            })
            .await;
        r.subscribe
            .clone()
            .unwrap_or_else(|| panic!("subscribe failed: {r:?}"))
    }
}

fn sub(channel: &str) -> wire::SubscribeRequest {
    wire::SubscribeRequest {
        channel: channel.into(),
        ..Default::default()
    }
}

async fn server() -> Server {
    Server::start(super::util::test_config()).await
}

async fn api_ok(s: &Server, method: &str, body: serde_json::Value) -> serde_json::Value {
    let (status, r) = s.api(method, body).await;
    assert_eq!(status, 200, "{r}");
    assert!(r.get("result").is_some(), "{method}: {r}");
    r["result"].clone()
}

#[tokio::test]
async fn connect_subscribe_publish_history_presence_and_rpc_in_protobuf() {
    let s = server().await;
    let (mut a, res) = PbClient::connect(&s.ws_url(), "alice").await;
    assert_eq!(res.client.len(), 36);
    assert!(res.expires && res.ttl > 3500 && res.ping > 0 && res.pong);
    let (mut b, _) = PbClient::connect(&s.ws_url(), "bob").await;
    let r = b
        .subscribe(wire::SubscribeRequest {
            join_leave: true,
            ..sub("chat:pb")
        })
        .await;
    assert!(r.recoverable || r.epoch.is_empty());
    a.subscribe(sub("chat:pb")).await;
    // bob hears his own join (the namespace forces join/leave pushes), then alice's
    for user in ["bob", "alice"] {
        let join = b.next_push().await;
        assert_eq!(join.channel, "chat:pb");
        assert_eq!(join.join.unwrap().info.unwrap().user, user);
    }

    // a client publication with binary data reaches the other subscriber byte for byte
    let bytes = vec![0u8, 1, 2, 0xff, 0xfe, b'\n', 0x80];
    let r = a
        .call(wire::Command {
            publish: Some(wire::PublishRequest {
                channel: "chat:pb".into(),
                data: bytes.clone(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    assert!(r.publish.is_some() && r.error.is_none(), "{r:?}");
    let p = b.next_pub().await;
    assert_eq!(p.data, bytes);
    assert_eq!(p.info.unwrap().user, "alice");

    // an API publication (JSON) arrives as its JSON text
    api_ok(
        &s,
        "publish",
        json!({"channel": "chat:pb", "data": {"text": "hi"}}),
    )
    .await;
    let p = b.next_pub().await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&p.data).unwrap(),
        json!({"text": "hi"})
    );

    // history in protobuf holds both, the binary one untouched
    let r = b
        .call(wire::Command {
            history: Some(wire::HistoryRequest {
                channel: "chat:pb".into(),
                limit: 10,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    let h = r.history.clone().unwrap_or_else(|| panic!("{r:?}"));
    assert_eq!(h.publications.len(), 2);
    assert_eq!(h.publications[0].data, bytes);
    assert_eq!(h.offset, 2);

    // the server API shows the binary publication as b64data
    let hist = api_ok(&s, "history", json!({"channel": "chat:pb", "limit": 10})).await;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    assert_eq!(hist["publications"][0]["b64data"], json!(b64), "{hist}");

    // presence and presence stats
    let r = b
        .call(wire::Command {
            presence_stats: Some(wire::ChannelRequest {
                channel: "chat:pb".into(),
            }),
            ..Default::default()
        })
        .await;
    let st = r.presence_stats.unwrap();
    assert_eq!((st.num_clients, st.num_users), (2, 2));
    let r = b
        .call(wire::Command {
            presence: Some(wire::ChannelRequest {
                channel: "chat:pb".into(),
            }),
            ..Default::default()
        })
        .await;
    let users: std::collections::BTreeSet<String> = r
        .presence
        .unwrap()
        .presence
        .into_values()
        .map(|i| i.user)
        .collect();
    assert_eq!(users, ["alice".to_string(), "bob".to_string()].into());

    // RPC: no handler for the method (no proxy): 108
    let r = a
        .call(wire::Command {
            rpc: Some(wire::RpcRequest {
                method: "nope".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    assert_eq!(r.error.unwrap().code, 108);

    // leave, then a server unsubscribe push, in protobuf
    a.call(wire::Command {
        unsubscribe: Some(wire::ChannelRequest {
            channel: "chat:pb".into(),
        }),
        ..Default::default()
    })
    .await;
    let leave = b.next_push().await;
    assert_eq!(leave.leave.unwrap().info.unwrap().user, "alice");
    api_ok(
        &s,
        "unsubscribe",
        json!({"channel": "chat:pb", "user": "bob"}),
    )
    .await;
    let u = b.next_push().await;
    assert_eq!(u.unsubscribe.unwrap().code, 2000);

    // the connections API names the protocol
    let conns = api_ok(&s, "connections", json!({"user": "bob"})).await;
    let info = conns["connections"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    assert_eq!(info["protocol"], "protobuf", "{info}");
    assert_eq!(info["transport"], "websocket");
}

#[tokio::test]
async fn recovery_deltas_tags_filters_and_server_side_subscriptions_in_protobuf() {
    let mut cfg = super::util::test_config();
    super::util::with_namespace(
        &mut cfg,
        "deltas",
        &json!({"allowed_delta_types": ["fossil"], "delta_publish": true, "allow_tags_filter": true}),
    );
    let s = Server::start(cfg).await;
    for n in 1..=3 {
        api_ok(
            &s,
            "publish",
            json!({"channel": "chat:rec", "data": {"n": n}}),
        )
        .await;
    }
    let top = api_ok(&s, "history", json!({"channel": "chat:rec", "limit": 0})).await;
    let epoch = top["epoch"].as_str().unwrap().to_string();
    let (mut c, _) = PbClient::connect(&s.ws_url(), "rec").await;
    let r = c
        .subscribe(wire::SubscribeRequest {
            recover: true,
            epoch: epoch.clone(),
            offset: 1,
            ..sub("chat:rec")
        })
        .await;
    assert!(r.recovered, "{r:?}");
    let got: Vec<serde_json::Value> = r
        .publications
        .iter()
        .map(|p| serde_json::from_slice(&p.data).unwrap())
        .collect();
    assert_eq!(got, vec![json!({"n": 2}), json!({"n": 3})]);
    assert_eq!(r.offset, 1, "the client's offset on success, as in JSON");

    // fossil deltas: the first publication whole, the next as a delta against it
    let r = c
        .subscribe(wire::SubscribeRequest {
            delta: "fossil".into(),
            ..sub("deltas:doc")
        })
        .await;
    assert!(r.delta);
    let doc =
        |v: &str| json!({"title": "a long enough document title", "body": "x".repeat(200), "v": v});
    api_ok(
        &s,
        "publish",
        json!({"channel": "deltas:doc", "data": doc("1")}),
    )
    .await;
    api_ok(
        &s,
        "publish",
        json!({"channel": "deltas:doc", "data": doc("2")}),
    )
    .await;
    let first = c.next_pub().await;
    assert!(!first.delta);
    let second = c.next_pub().await;
    assert!(second.delta, "the second publication is a delta");
    assert!(second.data.len() < first.data.len());
    let applied = fossil_delta::apply(&first.data, &second.data).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&applied).unwrap(),
        doc("2")
    );

    // tags filter
    c.subscribe(wire::SubscribeRequest {
        tf: Some(wire::FilterNode {
            key: "ticker".into(),
            cmp: "eq".into(),
            val: "BTC".into(),
            ..Default::default()
        }),
        ..sub("deltas:ticks")
    })
    .await;
    for t in ["ETH", "BTC"] {
        api_ok(
            &s,
            "publish",
            json!({"channel": "deltas:ticks", "data": {"t": t}, "tags": {"ticker": t}}),
        )
        .await;
    }
    let p = c.next_pub().await;
    assert_eq!(p.tags.get("ticker").map(String::as_str), Some("BTC"));

    // a server-side subscription from the token, then one through the API (a push)
    let mut c2 = PbClient::open(&s.ws_url()).await;
    let r = c2
        .call(wire::Command {
            connect: Some(wire::ConnectRequest {
                token: token_with(
                    &json!({"sub": "ss", "exp": super::util::now() + 3600, "channels": ["chat:ss"]}),
                    SECRET,
                ),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    assert!(r.connect.unwrap().subs.contains_key("chat:ss"));
    api_ok(
        &s,
        "subscribe",
        json!({"channel": "chat:ss2", "user": "ss"}),
    )
    .await;
    let p = c2.next_event_push().await;
    assert_eq!(p.channel, "chat:ss2");
    assert!(p.subscribe.is_some());
    api_ok(
        &s,
        "publish",
        json!({"channel": "chat:ss", "data": {"ss": 1}}),
    )
    .await;
    let p = c2.next_event_push().await;
    assert_eq!(p.channel, "chat:ss");
    assert!(p.publication.is_some());
    // a server refresh push
    api_ok(
        &s,
        "refresh",
        json!({"user": "ss", "expire_at": super::util::now() + 600}),
    )
    .await;
    let p = c2.next_event_push().await;
    let refresh = p.refresh.unwrap();
    assert!(refresh.expires && refresh.ttl > 500);
    // a server disconnect: the close frame carries the code
    api_ok(
        &s,
        "disconnect",
        json!({"user": "ss", "disconnect": {"code": 4001, "reason": "bye"}}),
    )
    .await;
    assert_eq!(c2.closed().await, (4001, "bye".to_string()));
}

/// 100 JSON and 100 Protobuf subscribers on one channel each get every publication intact;
/// then a binary publication reaches every Protobuf subscriber byte for byte, while each
/// JSON subscriber, which cannot be sent it, is disconnected with 3506.
#[tokio::test]
async fn mixed_fan_out_json_and_protobuf() {
    const EACH: usize = 100;
    const PUBS: usize = 20;
    let s = server().await;
    let mut json_subs = Vec::new();
    let mut pb_subs = Vec::new();
    for i in 0..EACH {
        let (mut c, _) = Client::connect(&s.ws_url(), &format!("j{i}")).await;
        let r = c
            .call(json!({"subscribe": {"channel": "chat:mixed"}}))
            .await;
        assert!(r.get("subscribe").is_some(), "{r}");
        json_subs.push(c);
        let (mut p, _) = PbClient::connect(&s.ws_url(), &format!("p{i}")).await;
        p.subscribe(sub("chat:mixed")).await;
        pb_subs.push(p);
    }
    for n in 0..PUBS {
        api_ok(
            &s,
            "publish",
            json!({"channel": "chat:mixed", "data": {"n": n, "text": "zażółć 日本"}}),
        )
        .await;
    }
    for c in &mut json_subs {
        for n in 0..PUBS {
            let mut p = c.next_push().await;
            while p.get("pub").is_none() {
                assert!(p.get("join").is_some() || p.get("leave").is_some(), "{p}");
                p = c.next_push().await;
            }
            assert_eq!(p["pub"]["data"], json!({"n": n, "text": "zażółć 日本"}));
            assert_eq!(p["pub"]["offset"], json!(n + 1));
        }
    }
    for c in &mut pb_subs {
        for n in 0..PUBS {
            let p = c.next_pub().await;
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&p.data).unwrap(),
                json!({"n": n, "text": "zażółć 日本"})
            );
            assert_eq!(p.offset, n as u64 + 1);
        }
    }
    let binary: Vec<u8> = (0..=255u8).rev().collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&binary);
    api_ok(
        &s,
        "publish",
        json!({"channel": "chat:mixed", "b64data": b64}),
    )
    .await;
    for c in &mut pb_subs {
        let p = c.next_pub().await;
        assert_eq!(p.data, binary);
    }
    for c in &mut json_subs {
        assert_eq!(c.closed().await.0, 3506);
    }
}

#[tokio::test]
async fn bad_protobuf_frames_close_with_centrifugo_codes_and_the_server_keeps_serving() {
    let mut cfg = super::util::test_config();
    cfg["websocket"] = json!({"message_size_limit": 4096});
    let s = Server::start(cfg).await;
    let (mut bystander, _) = PbClient::connect(&s.ws_url(), "bystander").await;
    bystander.subscribe(sub("chat:by")).await;

    // a truncated varint (every byte has its continuation bit set)
    let (mut c, _) = PbClient::connect(&s.ws_url(), "bad1").await;
    c.send_raw(vec![0x80, 0x80, 0x80]).await;
    assert_eq!(c.closed().await.0, 3501);
    // a length prefix past the end of the frame
    let (mut c, _) = PbClient::connect(&s.ws_url(), "bad2").await;
    c.send_raw(vec![0x7f, 1, 2, 3]).await;
    assert_eq!(c.closed().await.0, 3501);
    // garbage inside a well-framed message
    let (mut c, _) = PbClient::connect(&s.ws_url(), "bad3").await;
    c.send_raw(vec![3, 0x0f, 0xff, 0xff]).await;
    assert_eq!(c.closed().await.0, 3501);
    // a frame beyond websocket.message_size_limit
    let (mut c, _) = PbClient::connect(&s.ws_url(), "bad4").await;
    let big = wire::Command {
        id: 9,
        publish: Some(wire::PublishRequest {
            channel: "chat:by".into(),
            data: vec![7; 8192],
            ..Default::default()
        }),
        ..Default::default()
    };
    c.send_raw(big.encode_length_delimited_to_vec()).await;
    assert_eq!(c.closed().await.0, 1009);
    // a text frame on a protobuf connection
    let mut c = PbClient::open(&s.ws_url()).await;
    c.ws.send(Message::Text("{\"id\":1,\"connect\":{}}".into()))
        .await
        .unwrap();
    assert_eq!(c.closed().await.0, 3501);
    // before connect: garbage as the very first frame
    let mut c = PbClient::open(&s.ws_url()).await;
    c.send_raw(vec![0xff]).await;
    assert_eq!(c.closed().await.0, 3501);
    // an unknown cf_protocol is refused at the handshake, naming the value
    let r = reqwest::Client::new()
        .get(s.url("/connection/websocket?cf_protocol=xml"))
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("xml"));

    api_ok(
        &s,
        "publish",
        json!({"channel": "chat:by", "data": {"ok": 1}}),
    )
    .await;
    let p = bystander.next_pub().await;
    assert_eq!(p.data, br#"{"ok":1}"#);
}

/// A JSON client never gets binary data: a subscribe whose recovery holds a binary
/// publication is refused with 3506, and a JSON client's own publish must be JSON.
#[tokio::test]
async fn json_clients_are_disconnected_rather_than_sent_binary() {
    let s = server().await;
    api_ok(
        &s,
        "publish",
        json!({"channel": "chat:bin", "b64data": base64::engine::general_purpose::STANDARD.encode([0u8, 255])}),
    )
    .await;
    let top = api_ok(&s, "history", json!({"channel": "chat:bin", "limit": 0})).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "j").await;
    let id_cmd = json!({"id": 5, "subscribe": {"channel": "chat:bin", "recover": true, "offset": 0, "epoch": top["epoch"]}});
    c.send_text(&id_cmd.to_string()).await;
    loop {
        match c.next_event().await {
            Event::Closed(code, _) => {
                assert_eq!(code, 3506);
                break;
            }
            Event::Msg(m) => assert!(m.get("id") != Some(&json!(5)), "got a reply: {m}"),
        }
    }
}

/// A user trace shows a Protobuf connection's transport and protocol, and its commands and
/// replies in their JSON forms.
#[tokio::test]
async fn traces_name_the_protocol_and_show_json_forms() {
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": "trace-admin"});
    let s = Server::start(cfg).await;
    let mut trace = reqwest::Client::new()
        .post(s.url("/admin/trace"))
        .header("X-API-Key", "trace-admin")
        .body(r#"{"type":"user","entity":"traced"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(trace.status(), 200);
    let (mut c, _) = PbClient::connect(&s.ws_url(), "traced").await;
    c.subscribe(sub("chat:traced")).await;
    let mut buf = String::new();
    let mut events: Vec<serde_json::Value> = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !events
        .iter()
        .any(|e| e["type"] == "reply" && e["payload"]["subscribe"].is_object())
    {
        assert!(std::time::Instant::now() < deadline, "{events:?}");
        let chunk = tokio::time::timeout(Duration::from_secs(5), trace.chunk())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(i) = buf.find('\n') {
            let line: String = buf.drain(..=i).collect();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line.trim()) {
                events.push(v);
            }
        }
    }
    let connect = events.iter().find(|e| e["type"] == "connect").unwrap();
    assert_eq!(connect["payload"]["transport"], "websocket", "{connect}");
    assert_eq!(connect["payload"]["protocol"], "protobuf", "{connect}");
    let cmd = events
        .iter()
        .find(|e| e["type"] == "command" && e["payload"]["subscribe"].is_object())
        .unwrap();
    assert_eq!(cmd["payload"]["subscribe"]["channel"], "chat:traced");
}

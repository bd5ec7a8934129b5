//! The Protobuf codec: a binary frame holds one or more messages, each behind its varint
//! length. Commands are decoded into the same [`Command`] the JSON codec produces, so the
//! session has one code path; replies and pushes are encoded from the same types. Payload
//! fields are `bytes` here: JSON payloads travel as their text, binary ones untouched.
//!
//! The message types are in [`wire`], written from the field numbers of Centrifugo's
//! `client.proto`.

pub mod wire;

use std::collections::HashMap;

use prost::Message as _;

use crate::proto::client::{
    ChannelRequest, Command, ConnectRequest, ConnectResult, HistoryRequest, KeyedItem,
    PublishRequest, PushEvent, RefreshRequest, Reply, ReplyBody, ReplyResult, RpcRequest,
    SendRequest, SubRefreshRequest, SubscribeRequest, SubscribeResult, TrackBatch,
};
use crate::proto::filter_node::FilterNode;
use crate::proto::{ClientInfo, Publication, Raw, StreamPosition};

/// Why a frame's commands could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("truncated length prefix")]
    TruncatedLength,
    #[error("message length {0} runs past the frame ({1} bytes left)")]
    Overrun(u64, usize),
    #[error("undecodable command: {0}")]
    Message(String),
    #[error("empty frame")]
    Empty,
}

/// The commands of one binary frame, in order. Stops at the first error.
pub fn commands(frame: &[u8]) -> Commands<'_> {
    Commands {
        rest: frame,
        first: true,
    }
}

/// Iterator over a frame's length-delimited commands.
#[derive(Debug)]
pub struct Commands<'a> {
    rest: &'a [u8],
    first: bool,
}

impl Iterator for Commands<'_> {
    type Item = Result<Command, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            if std::mem::take(&mut self.first) {
                return Some(Err(DecodeError::Empty));
            }
            return None;
        }
        self.first = false;
        let mut buf = self.rest;
        let Ok(len) = prost::encoding::decode_varint(&mut buf) else {
            self.rest = &[];
            return Some(Err(DecodeError::TruncatedLength));
        };
        let Some(n) = usize::try_from(len).ok().filter(|n| *n <= buf.len()) else {
            self.rest = &[];
            return Some(Err(DecodeError::Overrun(len, buf.len())));
        };
        let (msg, rest) = buf.split_at(n);
        self.rest = rest;
        Some(
            wire::Command::decode(msg)
                .map(command)
                .map_err(|e| DecodeError::Message(e.to_string())),
        )
    }
}

/// A payload as JSON, when it is JSON; empty bytes are no payload.
fn raw(bytes: &[u8]) -> Option<Raw> {
    if bytes.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str::<Raw>(text).ok()
}

fn filter(n: wire::FilterNode) -> FilterNode {
    FilterNode {
        op: n.op,
        key: n.key,
        cmp: n.cmp,
        val: n.val,
        vals: n.vals,
        nodes: n.nodes.into_iter().map(filter).collect(),
    }
}

fn subscribe_request(r: wire::SubscribeRequest) -> SubscribeRequest {
    SubscribeRequest {
        channel: r.channel,
        token: r.token,
        data: raw(&r.data),
        recover: r.recover,
        epoch: r.epoch,
        offset: r.offset,
        positioned: r.positioned,
        recoverable: r.recoverable,
        join_leave: r.join_leave,
        flag: r.flag,
        delta: r.delta,
        tf: r.tf.map(filter),
        kind: r.kind,
        phase: r.phase,
        cursor: r.cursor,
        limit: r.limit,
    }
}

fn command(c: wire::Command) -> Command {
    let channel = |r: wire::ChannelRequest| ChannelRequest { channel: r.channel };
    Command {
        id: c.id,
        connect: c.connect.map(|r| ConnectRequest {
            token: r.token,
            data: raw(&r.data),
            subs: r
                .subs
                .into_iter()
                .map(|(k, v)| (k, subscribe_request(v)))
                .collect(),
            name: r.name,
            version: r.version,
            headers: r.headers,
        }),
        subscribe: c.subscribe.map(subscribe_request),
        unsubscribe: c.unsubscribe.map(channel),
        publish: c.publish.map(|r| {
            let data = raw(&r.data);
            let binary = (data.is_none() && !r.data.is_empty()).then(|| r.data.into());
            PublishRequest {
                channel: r.channel,
                data,
                kind: r.kind,
                key: r.key,
                removed: r.removed,
                binary,
            }
        }),
        presence: c.presence.map(channel),
        presence_stats: c.presence_stats.map(channel),
        history: c.history.map(|r| HistoryRequest {
            channel: r.channel,
            limit: r.limit,
            since: r.since.map(|s| StreamPosition {
                offset: s.offset,
                epoch: s.epoch,
            }),
            reverse: r.reverse,
        }),
        ping: c
            .ping
            .map(|_| serde_json::Value::Object(serde_json::Map::new())),
        send: c.send.map(|r| SendRequest { data: raw(&r.data) }),
        rpc: c.rpc.map(|r| RpcRequest {
            method: r.method,
            data: raw(&r.data),
        }),
        refresh: c.refresh.map(|r| RefreshRequest { token: r.token }),
        sub_refresh: c.sub_refresh.map(|r| SubRefreshRequest {
            channel: r.channel,
            token: r.token,
            kind: r.kind,
            track: r
                .track
                .into_iter()
                .map(|b| TrackBatch {
                    signature: b.signature,
                    items: b
                        .items
                        .into_iter()
                        .map(|i| KeyedItem {
                            key: i.key,
                            version: i.version,
                        })
                        .collect(),
                })
                .collect(),
            untrack: r.untrack,
        }),
    }
}

fn bytes_of(raw: Option<&Raw>) -> Vec<u8> {
    raw.map(|r| r.get().as_bytes().to_vec()).unwrap_or_default()
}

fn client_info(i: &ClientInfo) -> wire::ClientInfo {
    wire::ClientInfo {
        user: i.user.clone(),
        client: i.client.clone(),
        conn_info: bytes_of(i.conn_info.as_ref()),
        chan_info: bytes_of(i.chan_info.as_ref()),
    }
}

/// A publication on the wire, with `data` (and `delta`) replaced when given.
pub fn publication(p: &Publication, data: Option<(&[u8], bool)>) -> wire::Publication {
    let (data, delta) = data.unwrap_or((p.data_bytes(), p.delta));
    wire::Publication {
        data: data.to_vec(),
        info: p.info.as_ref().map(client_info),
        offset: p.offset,
        tags: p.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        delta,
        key: p.key.clone(),
        removed: p.removed,
        version: p.version,
    }
}

fn subscribe_result(s: &SubscribeResult) -> wire::SubscribeResult {
    wire::SubscribeResult {
        expires: s.expires,
        ttl: s.ttl,
        recoverable: s.recoverable,
        epoch: s.epoch.clone(),
        publications: s
            .publications
            .iter()
            .map(|p| publication(p, None))
            .collect(),
        recovered: s.recovered,
        offset: s.offset,
        positioned: s.positioned,
        data: bytes_of(s.data.as_ref()),
        was_recovering: s.was_recovering,
        delta: s.delta,
        kind: s.kind,
        phase: s.phase,
        cursor: s.cursor.clone(),
        state: s.state.iter().map(|p| publication(p, None)).collect(),
        publish_debounce: s.publish_debounce,
    }
}

fn connect_result(c: &ConnectResult) -> wire::ConnectResult {
    wire::ConnectResult {
        client: c.client.clone(),
        version: c.version.clone(),
        expires: c.expires,
        ttl: c.ttl,
        data: bytes_of(c.data.as_ref()),
        subs: c
            .subs
            .iter()
            .map(|(k, v)| (k.clone(), subscribe_result(v)))
            .collect::<HashMap<_, _>>(),
        ping: c.ping,
        pong: c.pong,
        session: c.session.clone(),
        node: c.node.clone(),
        time: c.time,
    }
}

/// The reply, length-delimited.
pub fn reply(r: &Reply) -> Vec<u8> {
    let mut out = wire::Reply {
        id: r.id,
        ..wire::Reply::default()
    };
    match &r.body {
        ReplyBody::Err { error } => {
            out.error = Some(wire::Error {
                code: error.code,
                message: error.message.clone(),
                temporary: error.temporary,
            });
        }
        ReplyBody::Ok(result) => match result {
            ReplyResult::Connect(c) => out.connect = Some(connect_result(c)),
            ReplyResult::Subscribe(s) => out.subscribe = Some(subscribe_result(s)),
            ReplyResult::Unsubscribe(_) => out.unsubscribe = Some(wire::Empty {}),
            ReplyResult::Publish(_) => out.publish = Some(wire::Empty {}),
            ReplyResult::Presence(p) => {
                out.presence = Some(wire::PresenceResult {
                    presence: p
                        .presence
                        .iter()
                        .map(|(k, v)| (k.clone(), client_info(v)))
                        .collect(),
                });
            }
            ReplyResult::PresenceStats(p) => {
                out.presence_stats = Some(wire::PresenceStatsResult {
                    num_clients: p.num_clients,
                    num_users: p.num_users,
                });
            }
            ReplyResult::History(h) => {
                out.history = Some(wire::HistoryResult {
                    publications: h
                        .publications
                        .iter()
                        .map(|p| publication(p, None))
                        .collect(),
                    epoch: h.epoch.clone(),
                    offset: h.offset,
                });
            }
            ReplyResult::Rpc(r) => {
                out.rpc = Some(wire::DataOnly {
                    data: bytes_of(r.data.as_ref()),
                });
            }
            ReplyResult::Refresh(r) => {
                out.refresh = Some(wire::RefreshResult {
                    client: r.client.clone(),
                    version: r.version.clone(),
                    expires: r.expires,
                    ttl: r.ttl,
                });
            }
            ReplyResult::SubRefresh(r) => {
                out.sub_refresh = Some(wire::SubRefreshResult {
                    expires: r.expires,
                    ttl: r.ttl,
                    items: r.items.iter().map(|p| publication(p, None)).collect(),
                });
            }
        },
    }
    out.encode_length_delimited_to_vec()
}

/// A push as a reply with id 0, length-delimited.
pub fn push(channel: &str, event: &PushEvent<'_>) -> Vec<u8> {
    let mut p = wire::Push {
        channel: channel.to_string(),
        ..wire::Push::default()
    };
    match event {
        PushEvent::Pub(publ) => p.publication = Some(publication(publ, None)),
        PushEvent::Join { info } => {
            p.join = Some(wire::InfoOnly {
                info: Some(client_info(info)),
            });
        }
        PushEvent::Leave { info } => {
            p.leave = Some(wire::InfoOnly {
                info: Some(client_info(info)),
            });
        }
        PushEvent::Unsubscribe { code, reason } => {
            p.unsubscribe = Some(wire::Unsubscribe {
                code: *code,
                reason: (*reason).to_string(),
            });
        }
        PushEvent::Subscribe(s) => {
            p.subscribe = Some(wire::Subscribe {
                recoverable: s.recoverable,
                epoch: s.epoch.clone(),
                offset: s.offset,
                positioned: s.positioned,
                data: bytes_of(s.data.as_ref()),
            });
        }
        PushEvent::Message { data } => {
            p.message = Some(wire::DataOnly {
                data: data.get().as_bytes().to_vec(),
            });
        }
        PushEvent::Refresh { expires, ttl } => {
            p.refresh = Some(wire::Refresh {
                expires: *expires,
                ttl: *ttl,
            });
        }
        PushEvent::Connect(c) => p.connect = Some(connect_result(c)),
        PushEvent::Disconnect {
            code,
            reason,
            reconnect,
        } => {
            p.disconnect = Some(wire::Disconnect {
                code: *code,
                reason: (*reason).to_string(),
                reconnect: *reconnect,
            });
        }
    }
    push_reply(p)
}

/// A publication push whose data is `data` (a fossil delta when `delta`).
pub fn publication_push(channel: &str, p: &Publication, data: &[u8], delta: bool) -> Vec<u8> {
    push_reply(wire::Push {
        channel: channel.to_string(),
        publication: Some(publication(p, Some((data, delta)))),
        ..wire::Push::default()
    })
}

fn push_reply(p: wire::Push) -> Vec<u8> {
    wire::Reply {
        push: Some(p),
        ..wire::Reply::default()
    }
    .encode_length_delimited_to_vec()
}

// ------------------------------------------------------------ the client's direction

fn filter_wire(n: &FilterNode) -> wire::FilterNode {
    wire::FilterNode {
        op: n.op.clone(),
        key: n.key.clone(),
        cmp: n.cmp.clone(),
        val: n.val.clone(),
        vals: n.vals.clone(),
        nodes: n.nodes.iter().map(filter_wire).collect(),
    }
}

fn subscribe_wire(r: &SubscribeRequest) -> wire::SubscribeRequest {
    wire::SubscribeRequest {
        channel: r.channel.clone(),
        token: r.token.clone(),
        recover: r.recover,
        epoch: r.epoch.clone(),
        offset: r.offset,
        data: bytes_of(r.data.as_ref()),
        positioned: r.positioned,
        recoverable: r.recoverable,
        join_leave: r.join_leave,
        delta: r.delta.clone(),
        tf: r.tf.as_ref().map(filter_wire),
        flag: r.flag,
        kind: r.kind,
        phase: r.phase,
        cursor: r.cursor.clone(),
        limit: r.limit,
    }
}

/// A command as a client sends it, length-delimited (the CLI's side of the codec).
pub fn encode_command(c: &Command) -> Vec<u8> {
    let channel = |r: &ChannelRequest| wire::ChannelRequest {
        channel: r.channel.clone(),
    };
    wire::Command {
        id: c.id,
        connect: c.connect.as_ref().map(|r| wire::ConnectRequest {
            token: r.token.clone(),
            data: bytes_of(r.data.as_ref()),
            subs: r
                .subs
                .iter()
                .map(|(k, v)| (k.clone(), subscribe_wire(v)))
                .collect(),
            name: r.name.clone(),
            version: r.version.clone(),
            headers: r.headers.clone(),
            ..wire::ConnectRequest::default()
        }),
        subscribe: c.subscribe.as_ref().map(subscribe_wire),
        unsubscribe: c.unsubscribe.as_ref().map(channel),
        publish: c.publish.as_ref().map(|r| wire::PublishRequest {
            channel: r.channel.clone(),
            data: r
                .binary
                .as_ref()
                .map_or_else(|| bytes_of(r.data.as_ref()), |b| b.to_vec()),
            kind: r.kind,
            key: r.key.clone(),
            removed: r.removed,
        }),
        presence: c.presence.as_ref().map(channel),
        presence_stats: c.presence_stats.as_ref().map(channel),
        history: c.history.as_ref().map(|r| wire::HistoryRequest {
            channel: r.channel.clone(),
            limit: r.limit,
            since: r.since.as_ref().map(|s| wire::StreamPosition {
                offset: s.offset,
                epoch: s.epoch.clone(),
            }),
            reverse: r.reverse,
        }),
        ping: c.ping.as_ref().map(|_| wire::Empty {}),
        send: c.send.as_ref().map(|r| wire::DataOnly {
            data: bytes_of(r.data.as_ref()),
        }),
        rpc: c.rpc.as_ref().map(|r| wire::RpcRequest {
            data: bytes_of(r.data.as_ref()),
            method: r.method.clone(),
        }),
        refresh: c.refresh.as_ref().map(|r| wire::RefreshRequest {
            token: r.token.clone(),
        }),
        sub_refresh: c.sub_refresh.as_ref().map(|r| wire::SubRefreshRequest {
            channel: r.channel.clone(),
            token: r.token.clone(),
            kind: r.kind,
            track: r
                .track
                .iter()
                .map(|b| wire::TrackBatch {
                    signature: b.signature.clone(),
                    items: b
                        .items
                        .iter()
                        .map(|i| wire::KeyedItem {
                            key: i.key.clone(),
                            version: i.version,
                        })
                        .collect(),
                })
                .collect(),
            untrack: r.untrack.clone(),
        }),
    }
    .encode_length_delimited_to_vec()
}

/// A payload in a JSON form: its JSON when it is JSON, else `null` beside `b64data` (the
/// JSON form of a binary publication).
fn payload_json(out: &mut serde_json::Map<String, serde_json::Value>, key: &str, b: &[u8]) {
    use base64::Engine as _;
    if b.is_empty() {
        return;
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(b) {
        out.insert(key.into(), v);
    } else {
        out.insert(key.into(), serde_json::Value::Null);
        out.insert(
            format!("b64{key}"),
            base64::engine::general_purpose::STANDARD.encode(b).into(),
        );
    }
}

fn info_json(i: &wire::ClientInfo) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("user".into(), i.user.clone().into());
    m.insert("client".into(), i.client.clone().into());
    payload_json(&mut m, "conn_info", &i.conn_info);
    payload_json(&mut m, "chan_info", &i.chan_info);
    m.into()
}

fn publication_json(p: &wire::Publication) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    if p.data.is_empty() {
        m.insert("data".into(), serde_json::Value::Null);
    }
    payload_json(&mut m, "data", &p.data);
    if let Some(i) = &p.info {
        m.insert("info".into(), info_json(i));
    }
    if p.offset > 0 {
        m.insert("offset".into(), p.offset.into());
    }
    if !p.tags.is_empty() {
        m.insert("tags".into(), serde_json::json!(p.tags));
    }
    if p.delta {
        // a delta is bytes on the wire; the JSON form carries it as a string
        m.insert(
            "data".into(),
            String::from_utf8_lossy(&p.data).into_owned().into(),
        );
        m.remove("b64data");
        m.insert("delta".into(), true.into());
    }
    if !p.key.is_empty() {
        m.insert("key".into(), p.key.clone().into());
    }
    if p.removed {
        m.insert("removed".into(), true.into());
    }
    if p.version > 0 {
        m.insert("version".into(), p.version.into());
    }
    m.into()
}

fn subscribe_result_json(s: &wire::SubscribeResult) -> serde_json::Value {
    serde_json::json!({
        "expires": s.expires,
        "ttl": s.ttl,
        "recoverable": s.recoverable,
        "epoch": s.epoch,
        "publications": s.publications.iter().map(publication_json).collect::<Vec<_>>(),
        "recovered": s.recovered,
        "offset": s.offset,
        "positioned": s.positioned,
        "was_recovering": s.was_recovering,
        "delta": s.delta,
        "type": s.kind,
        "phase": s.phase,
        "cursor": s.cursor,
        "state": s.state.iter().map(publication_json).collect::<Vec<_>>(),
        "publish_debounce": s.publish_debounce,
    })
}

/// A reply in its JSON form (the CLI reads Protobuf replies through its JSON code path).
/// An empty reply is a ping: `{}`.
pub fn reply_json(r: &wire::Reply) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    if r.id > 0 {
        m.insert("id".into(), r.id.into());
    }
    if let Some(e) = &r.error {
        m.insert(
            "error".into(),
            serde_json::json!({"code": e.code, "message": e.message, "temporary": e.temporary}),
        );
    }
    if let Some(c) = &r.connect {
        let mut cm = serde_json::json!({
            "client": c.client, "version": c.version, "expires": c.expires, "ttl": c.ttl,
            "ping": c.ping, "pong": c.pong, "session": c.session, "node": c.node,
            "subs": c.subs.iter().map(|(k, v)| (k.clone(), subscribe_result_json(v))).collect::<serde_json::Map<_, _>>(),
        });
        if let Some(o) = cm.as_object_mut() {
            payload_json(o, "data", &c.data);
        }
        m.insert("connect".into(), cm);
    }
    if let Some(s) = &r.subscribe {
        m.insert("subscribe".into(), subscribe_result_json(s));
    }
    if let Some(x) = &r.refresh {
        m.insert(
            "refresh".into(),
            serde_json::json!({"client": x.client, "version": x.version, "expires": x.expires, "ttl": x.ttl}),
        );
    }
    for (key, present) in [
        ("unsubscribe", r.unsubscribe.is_some()),
        ("publish", r.publish.is_some()),
    ] {
        if present {
            m.insert(key.into(), serde_json::json!({}));
        }
    }
    if let Some(h) = &r.history {
        m.insert(
            "history".into(),
            serde_json::json!({
                "publications": h.publications.iter().map(publication_json).collect::<Vec<_>>(),
                "epoch": h.epoch, "offset": h.offset,
            }),
        );
    }
    if let Some(p) = &r.push {
        m.insert("push".into(), push_json_value(p));
    }
    m.into()
}

fn push_json_value(p: &wire::Push) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    if !p.channel.is_empty() {
        m.insert("channel".into(), p.channel.clone().into());
    }
    if let Some(x) = &p.publication {
        m.insert("pub".into(), publication_json(x));
    }
    if let Some(x) = &p.join {
        m.insert(
            "join".into(),
            serde_json::json!({"info": x.info.as_ref().map(info_json)}),
        );
    }
    if let Some(x) = &p.leave {
        m.insert(
            "leave".into(),
            serde_json::json!({"info": x.info.as_ref().map(info_json)}),
        );
    }
    if let Some(x) = &p.unsubscribe {
        m.insert(
            "unsubscribe".into(),
            serde_json::json!({"code": x.code, "reason": x.reason}),
        );
    }
    if let Some(x) = &p.subscribe {
        let mut sm = serde_json::json!({
            "recoverable": x.recoverable, "epoch": x.epoch, "offset": x.offset, "positioned": x.positioned,
        });
        if let Some(o) = sm.as_object_mut() {
            payload_json(o, "data", &x.data);
        }
        m.insert("subscribe".into(), sm);
    }
    if let Some(x) = &p.message {
        let mut mm = serde_json::Map::new();
        payload_json(&mut mm, "data", &x.data);
        m.insert("message".into(), mm.into());
    }
    if let Some(x) = &p.refresh {
        m.insert(
            "refresh".into(),
            serde_json::json!({"expires": x.expires, "ttl": x.ttl}),
        );
    }
    if let Some(x) = &p.disconnect {
        m.insert(
            "disconnect".into(),
            serde_json::json!({"code": x.code, "reason": x.reason, "reconnect": x.reconnect}),
        );
    }
    m.into()
}

/// The replies of one binary frame in their JSON forms, in order.
pub fn frame_json(mut frame: &[u8]) -> Result<Vec<serde_json::Value>, DecodeError> {
    let mut out = Vec::new();
    while !frame.is_empty() {
        let len =
            prost::encoding::decode_varint(&mut frame).map_err(|_| DecodeError::TruncatedLength)?;
        let n = usize::try_from(len)
            .ok()
            .filter(|n| *n <= frame.len())
            .ok_or(DecodeError::Overrun(len, frame.len()))?;
        let (msg, rest) = frame.split_at(n);
        frame = rest;
        let r = wire::Reply::decode(msg).map_err(|e| DecodeError::Message(e.to_string()))?;
        out.push(reply_json(&r));
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proto::client::{Empty, Method};
    use crate::proto::ApiError;

    fn frame(cmds: &[wire::Command]) -> Vec<u8> {
        let mut out = Vec::new();
        for c in cmds {
            c.encode_length_delimited(&mut out).unwrap();
        }
        out
    }

    fn decode_reply(mut b: &[u8]) -> wire::Reply {
        let r = wire::Reply::decode_length_delimited(&mut b).unwrap();
        assert!(b.is_empty(), "one message per reply");
        r
    }

    #[test]
    fn commands_decode_in_order_with_json_and_binary_data() {
        let f = frame(&[
            wire::Command {
                id: 1,
                connect: Some(wire::ConnectRequest {
                    token: "t".into(),
                    data: br#"{"a":1}"#.to_vec(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            wire::Command {
                id: 2,
                publish: Some(wire::PublishRequest {
                    channel: "c".into(),
                    data: vec![0, 1, 255],
                    ..Default::default()
                }),
                ..Default::default()
            },
            // an empty command: the client's pong
            wire::Command::default(),
        ]);
        let cmds: Vec<Command> = commands(&f).collect::<Result<_, _>>().unwrap();
        assert_eq!(cmds.len(), 3);
        let mut it = cmds.into_iter().map(Command::into_method);
        let (id, m) = it.next().unwrap();
        assert!(
            id == 1
                && matches!(&m, Method::Connect(r) if r.token == "t" && r.data.as_ref().unwrap().get() == r#"{"a":1}"#)
        );
        let (id, m) = it.next().unwrap();
        assert!(
            id == 2
                && matches!(&m, Method::Publish(r) if r.data.is_none() && r.binary.as_deref() == Some(&[0u8, 1, 255][..]))
        );
        assert!(matches!(it.next().unwrap(), (0, Method::Empty)));
    }

    #[test]
    fn bad_frames_are_errors_not_panics() {
        // a varint whose continuation bit never ends
        assert_eq!(
            commands(&[0x80, 0x80]).next().unwrap().unwrap_err(),
            DecodeError::TruncatedLength
        );
        // a length beyond the frame
        assert!(matches!(
            commands(&[10, 1, 2]).next().unwrap().unwrap_err(),
            DecodeError::Overrun(10, 2)
        ));
        // garbage inside a well-framed message (field 1 with wire type 7 is invalid)
        assert!(matches!(
            commands(&[2, 0x0f, 0x01]).next().unwrap().unwrap_err(),
            DecodeError::Message(_)
        ));
        assert_eq!(
            commands(&[]).next().unwrap().unwrap_err(),
            DecodeError::Empty
        );
    }

    #[test]
    fn replies_and_errors_encode() {
        let r = decode_reply(&reply(&Reply::ok(3, ReplyResult::Publish(Empty {}))));
        assert_eq!(r.id, 3);
        assert!(r.publish.is_some() && r.error.is_none());
        let r = decode_reply(&reply(&Reply::err(4, ApiError::new(111))));
        let e = r.error.unwrap();
        assert_eq!(
            (e.code, e.message.as_str(), e.temporary),
            (111, "too many requests", true)
        );
    }

    #[test]
    fn the_client_direction_round_trips_through_the_server_direction() {
        let json = r#"{"id":2,"subscribe":{"channel":"c","recover":true,"offset":3,"epoch":"e","tf":{"key":"k","cmp":"eq","val":"v"}}}"#;
        let cmd: Command = serde_json::from_str(json).unwrap();
        let bytes = encode_command(&cmd);
        let back: Vec<Command> = commands(&bytes).collect::<Result<_, _>>().unwrap();
        assert_eq!(
            serde_json::to_value(&back[0]).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        // a reply and a push, read back in JSON form
        let mut frame = reply(&Reply::err(5, ApiError::new(103)));
        let mut p = Publication::json(serde_json::from_str(r#"{"a":1}"#).unwrap());
        p.offset = 4;
        frame.extend(push("c", &PushEvent::Pub(&p)));
        let mut b = Publication::json(crate::proto::null_raw());
        b.binary = Some(bytes::Bytes::from_static(&[0, 255]));
        frame.extend(push("c", &PushEvent::Pub(&b)));
        frame.push(0); // a ping
        let got = frame_json(&frame).unwrap();
        assert_eq!(
            got[0],
            serde_json::json!({"id": 5, "error": {"code": 103, "message": "permission denied", "temporary": false}})
        );
        assert_eq!(
            got[1],
            serde_json::json!({"push": {"channel": "c", "pub": {"data": {"a": 1}, "offset": 4}}})
        );
        assert_eq!(got[2]["push"]["pub"]["b64data"], "AP8=");
        assert_eq!(got[3], serde_json::json!({}));
        assert!(frame_json(&[5, 1]).is_err());
    }

    #[test]
    fn a_map_subscribe_reply_keeps_its_phase_cursor_and_state_in_json_form() {
        let mut entry = Publication::json(serde_json::from_str(r#"{"n":1}"#).unwrap());
        entry.key = "k1".into();
        entry.offset = 3;
        let res = crate::proto::client::SubscribeResult {
            kind: 1,
            phase: 2,
            cursor: "k1".into(),
            offset: 5,
            epoch: "e".into(),
            state: vec![std::sync::Arc::new(entry)],
            ..Default::default()
        };
        let got = frame_json(&reply(&Reply::ok(2, ReplyResult::Subscribe(res)))).unwrap();
        let sub = &got[0]["subscribe"];
        assert_eq!(
            (&sub["type"], &sub["phase"], &sub["cursor"]),
            (
                &serde_json::json!(1),
                &serde_json::json!(2),
                &serde_json::json!("k1")
            )
        );
        assert_eq!(
            sub["state"],
            serde_json::json!([{"data": {"n": 1}, "offset": 3, "key": "k1"}])
        );
        // and the client reads it back as a map page
        let back: crate::proto::client::SubscribeResult =
            serde_json::from_value(sub.clone()).unwrap();
        assert_eq!((back.kind, back.phase, back.state.len()), (1, 2, 1));
        assert_eq!(back.state[0].key, "k1");
    }

    #[test]
    fn binary_publication_data_passes_untouched() {
        let mut p = Publication::json(crate::proto::null_raw());
        p.binary = Some(bytes::Bytes::from_static(&[0, 159, 146, 150, 255]));
        p.offset = 7;
        p.tags.insert("k".into(), "v".into());
        let r = decode_reply(&push("chat", &PushEvent::Pub(&p)));
        let pushed = r.push.unwrap();
        assert_eq!(pushed.channel, "chat");
        let got = pushed.publication.unwrap();
        assert_eq!(got.data, vec![0, 159, 146, 150, 255]);
        assert_eq!(got.offset, 7);
        assert_eq!(got.tags.get("k").map(String::as_str), Some("v"));
        let json = Publication::json(serde_json::from_str(r#"{"x":"y"}"#).unwrap());
        let r = decode_reply(&push("chat", &PushEvent::Pub(&json)));
        assert_eq!(r.push.unwrap().publication.unwrap().data, br#"{"x":"y"}"#);
    }
}

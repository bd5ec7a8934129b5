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
    ChannelRequest, Command, ConnectRequest, ConnectResult, HistoryRequest, PublishRequest,
    PushEvent, RefreshRequest, Reply, ReplyBody, ReplyResult, RpcRequest, SendRequest,
    SubRefreshRequest, SubscribeRequest, SubscribeResult,
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

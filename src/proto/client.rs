//! Client protocol v2 in JSON: the `Command` a client sends and the `Reply`/`Push` the server
//! answers with. Field names, omission rules and always-present keys follow the Centrifugo
//! JSON codec (see shared/spec/client-protocol.md §3-§5).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{
    is_false, is_zero_i64, is_zero_u32, is_zero_u64, ApiError, ClientInfo, Publication, Raw,
    StreamPosition,
};

/// One command of a frame. The server acts on the first non-null request field.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Command {
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub connect: Option<ConnectRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub subscribe: Option<SubscribeRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub unsubscribe: Option<ChannelRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub publish: Option<PublishRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub presence: Option<ChannelRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub presence_stats: Option<ChannelRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub history: Option<HistoryRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ping: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub send: Option<SendRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub rpc: Option<RpcRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub refresh: Option<RefreshRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub sub_refresh: Option<SubRefreshRequest>,
}

/// The method a command carries, once decoded.
#[derive(Debug)]
pub enum Method {
    Connect(ConnectRequest),
    Subscribe(SubscribeRequest),
    Unsubscribe(ChannelRequest),
    Publish(PublishRequest),
    Presence(ChannelRequest),
    PresenceStats(ChannelRequest),
    History(HistoryRequest),
    Ping,
    Send(SendRequest),
    Rpc(RpcRequest),
    Refresh(RefreshRequest),
    SubRefresh(SubRefreshRequest),
    /// A command with no request field: a pong when `id` is 0.
    Empty,
}

impl Command {
    /// Splits the command into its id and the first non-null request.
    pub fn into_method(self) -> (u32, Method) {
        let m = if let Some(r) = self.connect {
            Method::Connect(r)
        } else if let Some(r) = self.subscribe {
            Method::Subscribe(r)
        } else if let Some(r) = self.unsubscribe {
            Method::Unsubscribe(r)
        } else if let Some(r) = self.publish {
            Method::Publish(r)
        } else if let Some(r) = self.presence {
            Method::Presence(r)
        } else if let Some(r) = self.presence_stats {
            Method::PresenceStats(r)
        } else if let Some(r) = self.history {
            Method::History(r)
        } else if self.ping.is_some() {
            Method::Ping
        } else if let Some(r) = self.send {
            Method::Send(r)
        } else if let Some(r) = self.rpc {
            Method::Rpc(r)
        } else if let Some(r) = self.refresh {
            Method::Refresh(r)
        } else if let Some(r) = self.sub_refresh {
            Method::SubRefresh(r)
        } else {
            Method::Empty
        };
        (self.id, m)
    }
}

impl Method {
    /// The metric/trace name of the method.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Connect(_) => "connect",
            Method::Subscribe(_) => "subscribe",
            Method::Unsubscribe(_) => "unsubscribe",
            Method::Publish(_) => "publish",
            Method::Presence(_) => "presence",
            Method::PresenceStats(_) => "presence_stats",
            Method::History(_) => "history",
            Method::Ping => "ping",
            Method::Send(_) => "send",
            Method::Rpc(_) => "rpc",
            Method::Refresh(_) => "refresh",
            Method::SubRefresh(_) => "sub_refresh",
            Method::Empty => "client_pong",
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConnectRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(
        skip_serializing_if = "HashMap::is_empty",
        deserialize_with = "super::strict::object_map"
    )]
    pub subs: HashMap<String, SubscribeRequest>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Emulated headers (centrifuge-js's `headers` option, for browsers that cannot set
    /// WebSocket headers): forwarded to proxies that list them in `http_headers`, after the
    /// transport's own headers of the same name.
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub headers: HashMap<String, String>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SubscribeRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "is_false")]
    pub recover: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "is_false")]
    pub positioned: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub recoverable: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub join_leave: bool,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub flag: i64,
    /// Delta compression asked for (`"fossil"`). centri never negotiates it: the reply's
    /// `delta` stays false and publications go out whole, which the protocol allows.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub delta: String,
    /// Tags filter: only publications whose tags match are delivered on this subscription
    /// (and recovered), when the namespace has `allow_tags_filter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tf: Option<crate::proto::filter_node::FilterNode>,
    /// Subscription type (Centrifugo v6.7+): 0 stream, 1 map, 2 `map_clients` and 3
    /// `map_users` (the presence maps), 4 shared poll; one that does not match the channel's
    /// namespace is 107.
    #[serde(rename = "type", skip_serializing_if = "is_zero_i32")]
    pub kind: i32,
    /// Map subscriptions: the phase asked for, 2 state or 1 stream (the server answers 0 when
    /// the subscription is live).
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub phase: i32,
    /// Map state phase: where the next page starts.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    /// Map subscriptions: entries per page (0: the namespace's default).
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
}

/// The flag bit asking for error 112 instead of an unrecovered subscription.
pub const FLAG_REJECT_UNRECOVERED: i64 = 2;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ChannelRequest {
    pub channel: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PublishRequest {
    pub channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    /// Map publications only (Centrifugo v6.7+): `type`, `key`, `removed`. On a stream
    /// channel they are a bad request (107), never an ordinary publication.
    #[serde(rename = "type", skip_serializing_if = "is_zero_i32")]
    pub kind: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(skip_serializing_if = "is_false")]
    pub removed: bool,
    /// Data that is not JSON, from a Protobuf client: published as binary (`data` is unset).
    #[serde(skip)]
    pub binary: Option<bytes::Bytes>,
}

impl PublishRequest {
    /// Whether the request carries map-publication fields.
    pub fn is_map(&self) -> bool {
        self.kind != 0 || !self.key.is_empty() || self.removed
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct HistoryRequest {
    pub channel: String,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub since: Option<StreamPosition>,
    #[serde(skip_serializing_if = "is_false")]
    pub reverse: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SendRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RpcRequest {
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RefreshRequest {
    pub token: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SubRefreshRequest {
    pub channel: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// Shared poll: 1 tracks the keys of `track`, 2 untracks `untrack` (0: a subscription
    /// token refresh).
    #[serde(rename = "type", skip_serializing_if = "is_zero_i32")]
    pub kind: i32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub track: Vec<TrackBatch>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untrack: Vec<String>,
}

/// Shared poll: keys a client tracks under one signature of the application's backend.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct TrackBatch {
    pub signature: String,
    pub items: Vec<KeyedItem>,
}

/// A tracked key and the version the client has of it (0: none).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct KeyedItem {
    pub key: String,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
}

// ---------------------------------------------------------------- results

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectResult {
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(skip_serializing_if = "is_false")]
    pub expires: bool,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ttl: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub subs: BTreeMap<String, SubscribeResult>,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ping: u32,
    #[serde(skip_serializing_if = "is_false")]
    pub pong: bool,
    /// The emulation session id (emulation and unidirectional transports): the client sends
    /// its commands to `/emulation` with it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session: String,
    /// The node holding the session (emulation only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub node: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub time: i64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeResult {
    #[serde(skip_serializing_if = "is_false")]
    pub expires: bool,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ttl: u32,
    #[serde(skip_serializing_if = "is_false")]
    pub recoverable: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<std::sync::Arc<Publication>>,
    #[serde(skip_serializing_if = "is_false")]
    pub recovered: bool,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "is_false")]
    pub positioned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "is_false")]
    pub was_recovering: bool,
    /// Delta compression was negotiated: every publication on this subscription carries its
    /// `data` as a JSON string, whole or (with `delta: true`) a fossil delta.
    #[serde(skip_serializing_if = "is_false")]
    pub delta: bool,
    /// Map subscriptions: the type (1), the phase the reply is in (0: live), the next state
    /// page's cursor, and the state entries of this page.
    #[serde(rename = "type", skip_serializing_if = "is_zero_i32")]
    pub kind: i32,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub phase: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub state: Vec<std::sync::Arc<Publication>>,
    /// The namespace's `client_publish_debounce_interval` (ms): the SDK sends at most one
    /// publication per key (per channel on a stream) each interval, the latest.
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub publish_debounce: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PresenceResult {
    pub presence: BTreeMap<String, ClientInfo>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PresenceStatsResult {
    pub num_clients: u32,
    pub num_users: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct HistoryResult {
    pub publications: Vec<std::sync::Arc<Publication>>,
    pub epoch: String,
    pub offset: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResult {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(skip_serializing_if = "is_false")]
    pub expires: bool,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ttl: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshResult {
    #[serde(skip_serializing_if = "is_false")]
    pub expires: bool,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ttl: u32,
    /// Shared poll track: what the server already has, newer than the client's versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<std::sync::Arc<Publication>>,
}

/// An empty result object (`{}`), for unsubscribe and publish.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Empty {}

/// The successful result of one command, named like the command in the reply.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyResult {
    Connect(ConnectResult),
    Subscribe(SubscribeResult),
    Unsubscribe(Empty),
    Publish(Empty),
    Presence(PresenceResult),
    PresenceStats(PresenceStatsResult),
    History(HistoryResult),
    Rpc(RpcResult),
    Refresh(RefreshResult),
    SubRefresh(SubRefreshResult),
}

/// A reply to a command with an id.
#[derive(Debug, Serialize)]
pub struct Reply {
    pub id: u32,
    #[serde(flatten)]
    pub body: ReplyBody,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ReplyBody {
    Ok(ReplyResult),
    Err { error: ApiError },
}

impl Reply {
    pub fn ok(id: u32, result: ReplyResult) -> Self {
        Self {
            id,
            body: ReplyBody::Ok(result),
        }
    }
    pub fn err(id: u32, error: ApiError) -> Self {
        Self {
            id,
            body: ReplyBody::Err { error },
        }
    }
    /// The reply as one JSON line (no trailing newline).
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing these types cannot fail: every map key is a string.
        serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}

// ---------------------------------------------------------------- pushes

#[derive(Debug, Serialize, Deserialize)]
pub struct PushEnvelope<T> {
    pub push: T,
}

/// The body of a push: one of the event kinds, with the channel when it has one.
#[derive(Debug, Serialize)]
pub struct Push<'a, T: Serialize> {
    #[serde(skip_serializing_if = "str::is_empty")]
    pub channel: &'a str,
    #[serde(flatten)]
    pub event: T,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushEvent<'a> {
    Pub(&'a Publication),
    Join {
        info: &'a ClientInfo,
    },
    Leave {
        info: &'a ClientInfo,
    },
    Unsubscribe {
        code: u32,
        reason: &'a str,
    },
    Subscribe(&'a SubscribeResult),
    Message {
        data: &'a serde_json::value::RawValue,
    },
    Refresh {
        expires: bool,
        ttl: u32,
    },
    /// The connect result, as a unidirectional client gets it.
    Connect(&'a ConnectResult),
    /// The close of an emulated or unidirectional connection (a WebSocket says it in its
    /// close frame instead).
    Disconnect {
        code: u32,
        reason: &'a str,
        reconnect: bool,
    },
}

/// Serializes a push for `channel` as one JSON line.
pub fn push_json(channel: &str, event: &PushEvent<'_>) -> Vec<u8> {
    let env = PushEnvelope {
        push: Push { channel, event },
    };
    serde_json::to_vec(&env).unwrap_or_else(|_| b"{}".to_vec())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn connect_subs_values_are_objects_only() {
        let c: ConnectRequest =
            serde_json::from_str(r#"{"subs":{"chat:1":{"recover":true,"offset":3,"epoch":"e"}}}"#)
                .unwrap();
        assert!(c.subs["chat:1"].recover && c.subs["chat:1"].offset == 3);
        assert!(serde_json::from_str::<ConnectRequest>(r#"{"subs":null}"#)
            .unwrap()
            .subs
            .is_empty());
        for bad in [
            r#"{"subs":{"chat:1":["chat:1"]}}"#,
            r#"{"subs":{"chat:1":"x"}}"#,
            r#"{"subs":[{}]}"#,
            r#"{"subs":{"chat:1":{"offset":-1}}}"#,
        ] {
            let e = serde_json::from_str::<ConnectRequest>(bad).unwrap_err();
            assert!(e.is_data(), "{bad}: {e}");
        }
    }

    #[test]
    fn command_picks_first_request() {
        let c: Command =
            serde_json::from_str(r#"{"id":2,"subscribe":{"channel":"chat:1","flag":1},"extra":5}"#)
                .unwrap();
        let (id, m) = c.into_method();
        assert_eq!(id, 2);
        assert!(matches!(m, Method::Subscribe(ref r) if r.channel == "chat:1" && r.flag == 1));
        let (id, m) = serde_json::from_str::<Command>("{}").unwrap().into_method();
        assert_eq!(id, 0);
        assert!(matches!(m, Method::Empty));
    }

    #[test]
    fn replies_always_carry_a_result_key() {
        let r = Reply::ok(3, ReplyResult::Publish(Empty {}));
        assert_eq!(
            String::from_utf8(r.to_json()).unwrap(),
            r#"{"id":3,"publish":{}}"#
        );
        let r = Reply::err(5, ApiError::new(103));
        assert_eq!(
            String::from_utf8(r.to_json()).unwrap(),
            r#"{"id":5,"error":{"code":103,"message":"permission denied"}}"#
        );
        let r = Reply::ok(4, ReplyResult::History(HistoryResult::default()));
        assert_eq!(
            String::from_utf8(r.to_json()).unwrap(),
            r#"{"id":4,"history":{"publications":[],"epoch":"","offset":0}}"#
        );
    }

    #[test]
    fn pushes_embed_raw_data() {
        let p = Publication {
            data: serde_json::from_str(r#"{"text":"hi"}"#).unwrap(),
            info: None,
            offset: 5,
            tags: BTreeMap::new(),
            delta: false,
            binary: None,
            key: String::new(),
            removed: false,
            version: 0,
        };
        let j = push_json("chat:index", &PushEvent::Pub(&p));
        assert_eq!(
            String::from_utf8(j).unwrap(),
            r#"{"push":{"channel":"chat:index","pub":{"data":{"text":"hi"},"offset":5}}}"#
        );
        let j = push_json(
            "c",
            &PushEvent::Unsubscribe {
                code: 2000,
                reason: "server unsubscribe",
            },
        );
        assert_eq!(
            String::from_utf8(j).unwrap(),
            r#"{"push":{"channel":"c","unsubscribe":{"code":2000,"reason":"server unsubscribe"}}}"#
        );
    }
}

//! The HTTP server API schema (`POST /api/<method>`): one request and one result type per
//! method, with Centrifugo's JSON field names. The server decodes these and the CLI client
//! encodes them, so the two can never drift apart.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::filter_node::FilterNode;
use super::{
    is_false, is_zero_i64, is_zero_u32, is_zero_u64, ApiError, ClientInfo, Publication, Raw,
    StreamPosition,
};

/// `{"result":...}` or `{"error":...}`: the default response envelope (HTTP 200 either way).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope<T> {
    Result(T),
    Error(ApiError),
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishRequest {
    pub channel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[serde(skip_serializing_if = "is_false")]
    pub skip_history: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub idempotency_key: String,
    #[serde(skip_serializing_if = "is_false")]
    pub delta: bool,
    /// With history on, the publication is dropped (answered with the stream's top) unless
    /// its version is newer than the stream's last one, or `version_epoch` differs from
    /// that one's. 0: not checked.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version_epoch: String,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishResult {
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BroadcastRequest {
    pub channels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[serde(skip_serializing_if = "is_false")]
    pub skip_history: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub idempotency_key: String,
    #[serde(skip_serializing_if = "is_false")]
    pub delta: bool,
    /// With history on, the publication is dropped (answered with the stream's top) unless
    /// its version is newer than the stream's last one, or `version_epoch` differs from
    /// that one's. 0: not checked.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version_epoch: String,
}

/// One per-channel outcome of a broadcast.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<PublishResult>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BroadcastResult {
    pub responses: Vec<PublishResponse>,
}

/// `{"value":bool}`: an explicit override of one channel option.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
#[serde(default)]
pub struct BoolValue {
    pub value: bool,
}

/// Per-subscription overrides of namespace options (API subscribe, token `subs`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeOptionOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub presence: Option<BoolValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub join_leave: Option<BoolValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub force_recovery: Option<BoolValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub force_positioning: Option<BoolValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub force_push_join_leave: Option<BoolValue>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    pub channel: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub recover_since: Option<StreamPosition>,
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub override_: Option<SubscribeOptionOverride>,
    /// PRO: only connections whose labels match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub label_filter: Option<FilterNode>,
    /// PRO: select connections of every user (narrowed by `label_filter`).
    #[serde(skip_serializing_if = "is_false")]
    pub all_users: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct UnsubscribeRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    pub channel: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session: String,
    /// PRO: only connections whose labels match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub label_filter: Option<FilterNode>,
    /// PRO: select connections of every user (narrowed by `label_filter`).
    #[serde(skip_serializing_if = "is_false")]
    pub all_users: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DisconnectObject {
    pub code: u32,
    pub reason: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DisconnectRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub whitelist: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub disconnect: Option<DisconnectObject>,
    /// PRO: only connections whose labels match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub label_filter: Option<FilterNode>,
    /// PRO: select connections of every user (narrowed by `label_filter`).
    #[serde(skip_serializing_if = "is_false")]
    pub all_users: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session: String,
    #[serde(skip_serializing_if = "is_false")]
    pub expired: bool,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<Raw>,
    /// PRO: only connections whose labels match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub label_filter: Option<FilterNode>,
    /// PRO: select connections of every user (narrowed by `label_filter`).
    #[serde(skip_serializing_if = "is_false")]
    pub all_users: bool,
}

/// The request of every method that only names a channel.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelRequest {
    pub channel: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceResult {
    pub presence: BTreeMap<String, ClientInfo>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PresenceStatsResult {
    pub num_clients: u32,
    pub num_users: u32,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryResult {
    pub publications: Vec<Arc<Publication>>,
    pub epoch: String,
    pub offset: u64,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelsRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pattern: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelInfo {
    pub num_clients: u32,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelsResult {
    pub channels: BTreeMap<String, ChannelInfo>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InfoRequest {}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Metrics {
    pub interval: f64,
    pub items: BTreeMap<String, f64>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeInfo {
    pub uid: String,
    pub name: String,
    pub version: String,
    pub num_clients: u32,
    pub num_users: u32,
    pub num_channels: u32,
    pub num_subs: u32,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub uptime: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// CPU (percent of one core) and RSS (bytes) of the node process (Centrifugo PRO shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Process {
    pub cpu: f64,
    pub rss: i64,
}

/// `metrics.items` keys the CLI reads (counters are deltas over `metrics.interval`).
pub const ITEM_PUBLICATIONS_IN: &str = "centrifugo.node.messages_received_count.type.publication";
pub const ITEM_MESSAGES_OUT: &str = "centrifugo.node.messages_sent_count.type.publication";
pub const ITEM_CONNECTS: &str = "centrifugo.client.connections_accepted.transport.websocket";

impl NodeInfo {
    /// Per-second rate of a counter item, when the node reports it.
    pub fn rate(&self, item: &str) -> Option<f64> {
        let m = self.metrics.as_ref()?;
        let v = m.items.get(item)?;
        (m.interval > 0.0).then(|| v / m.interval)
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InfoResult {
    pub nodes: Vec<NodeInfo>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcRequest {
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Raw>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
}

/// `connections` (Centrifugo PRO): at least one of `user`, `expression` and `label_filter`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionsRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// A filter expression over each connection (see `centri::filter`), e.g. `app_name == "web"`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub expression: String,
    /// Only connections whose labels match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub label_filter: Option<FilterNode>,
}

/// How a connection got a channel (PRO `ChannelContext.source`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelContext {
    pub source: u32,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionTokenInfo {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub issued_at: i64,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionState {
    pub channels: BTreeMap<String, ChannelContext>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_token: Option<ConnectionTokenInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Raw>,
}

/// One live connection.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionInfo {
    pub app_name: String,
    pub app_version: String,
    pub transport: String,
    pub protocol: String,
    pub user: String,
    pub state: ConnectionState,
    pub connected_at_ms: i64,
    /// The last ping→pong round trip; -1 when not measured yet.
    pub ping_pong_latency_ms: i64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionsResult {
    pub connections: BTreeMap<String, ConnectionInfo>,
}

/// `update_user_status` (Centrifugo PRO): `active` = now for each user, and `state` when set.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateUserStatusRequest {
    pub users: Vec<String>,
    /// Empty = keep the current state.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
}

/// `get_user_status` and `delete_user_status`: the users to read or forget.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct UsersRequest {
    pub users: Vec<String>,
}

/// One user's status; unknown fields are omitted.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserStatus {
    pub user: String,
    /// Last `update_user_status` (API or client RPC), unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<i64>,
    /// Last time the user had a live connection, unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<i64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
}

/// What a status means for people: online, away or offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Seen connected within the window, and active recently or never reported as active
    /// (a user who has just connected is online, not away, before the app reports anything).
    Online,
    /// Seen connected, but last active longer than `away_after` ago.
    Away,
    Offline,
}

impl Presence {
    /// How a table shows `self` for `s`: online users the app never reported active read
    /// `online (no activity yet)`.
    pub fn label(self, s: &UserStatus) -> &'static str {
        match self {
            Presence::Online if s.active.is_none() => "online (no activity yet)",
            p => p.as_str(),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Away => "away",
            Presence::Offline => "offline",
        }
    }
}

impl UserStatus {
    /// Online when seen connected within `online_within` and active within `away_after` or
    /// never reported active; away when connected but last active longer ago; else offline.
    /// `now` is unix seconds.
    pub fn presence(
        &self,
        now: i64,
        online_within: std::time::Duration,
        away_after: std::time::Duration,
    ) -> Presence {
        let within = |t: i64, d: std::time::Duration| {
            now.saturating_sub(t) <= i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
        };
        if !self.online.is_some_and(|o| within(o, online_within)) {
            Presence::Offline
        } else if self.active.is_none_or(|a| within(a, away_after)) {
            Presence::Online
        } else {
            Presence::Away
        }
    }
}

/// `get_user_status`: one status per requested user, in request order.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct GetUserStatusResult {
    pub statuses: Vec<UserStatus>,
}

/// The most users one user-status call takes.
pub const MAX_STATUS_USERS: usize = 1000;

/// A batch: each command is an object with exactly one method key.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchRequest {
    pub commands: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "is_false")]
    pub parallel: bool,
}

/// The batch response: no `result` wrapper; each reply is `{"<method>":{..}}` or `{"error":{..}}`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchResponse {
    pub replies: Vec<serde_json::Value>,
}

/// An empty result, `{}`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Empty {}

/// `block_user` (Centrifugo PRO): disconnects the user everywhere and refuses their
/// connects until `expire_at` (unix seconds; 0: until `unblock_user`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockUserRequest {
    pub user: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
}

/// `unblock_user`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct UnblockUserRequest {
    pub user: String,
}

/// `revoke_token`: refuses the token whose `jti` is `uid` until `expire_at` (0: never
/// forgotten; set it to the token's own expiry).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RevokeTokenRequest {
    pub uid: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
}

/// `invalidate_user_tokens`: refuses every token of `user` issued (`iat`) before
/// `issued_before` (unix seconds; 0: now), or with `channel` only that channel's
/// subscription tokens, until `expire_at`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct InvalidateUserTokensRequest {
    pub user: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub issued_before: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel: String,
}

/// `access_list` (centri): the live access-control entries of the node that answers.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessListResult {
    pub entries: Vec<AccessEntry>,
}

/// One access-control entry: `kind` is `block` (key: a user), `revoke` (key: a token id)
/// or `invalidate` (key: a user, and `channel` when only its subscription tokens).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessEntry {
    pub kind: String,
    pub key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub issued_before: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
}

/// The server API methods this server answers, by their path name.
pub const METHODS: &[&str] = &[
    "publish",
    "broadcast",
    "subscribe",
    "unsubscribe",
    "disconnect",
    "refresh",
    "presence",
    "presence_stats",
    "history",
    "history_remove",
    "channels",
    "info",
    "rpc",
    "batch",
    "connections",
    "update_user_status",
    "get_user_status",
    "delete_user_status",
    "rate_limit",
    // access controls (Centrifugo PRO), and centri's listing of them
    "block_user",
    "unblock_user",
    "revoke_token",
    "invalidate_user_tokens",
    "access_list",
    // map channels (Centrifugo v6.7+; super::map)
    "map_publish",
    "map_remove",
    "map_read_state",
    "map_read_stream",
    "map_stats",
    "map_clear",
    // shared poll channels (Centrifugo v6.8+; crate::server::poll)
    "shared_poll_publish",
    // push (super::push::METHODS)
    "device_register",
    "device_update",
    "device_remove",
    "device_list",
    "device_topic_list",
    "device_topic_update",
    "user_topic_list",
    "user_topic_update",
    // push sending (super::push::send::METHODS)
    "send_push_notification",
    "cancel_push",
    "update_push_status",
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trip() {
        let e: Envelope<PublishResult> = Envelope::Result(PublishResult {
            offset: 7,
            epoch: "ab".into(),
        });
        let s = serde_json::to_string(&e).unwrap();
        assert_eq!(s, r#"{"result":{"offset":7,"epoch":"ab"}}"#);
        let back: Envelope<PublishResult> =
            serde_json::from_str(r#"{"error":{"code":102,"message":"unknown channel"}}"#).unwrap();
        assert!(matches!(back, Envelope::Error(ApiError { code: 102, .. })));
        let empty = serde_json::to_string(&Envelope::Result(PublishResult::default())).unwrap();
        assert_eq!(empty, r#"{"result":{}}"#);
    }

    #[test]
    fn user_status_omits_unknown_fields() {
        let s = serde_json::to_string(&UserStatus {
            user: "a".into(),
            ..UserStatus::default()
        })
        .unwrap();
        assert_eq!(s, r#"{"user":"a"}"#);
        let full: UserStatus =
            serde_json::from_str(r#"{"user":"b","active":5,"online":6,"state":"x"}"#).unwrap();
        assert_eq!(
            (full.active, full.online, full.state.as_str()),
            (Some(5), Some(6), "x")
        );
    }

    #[test]
    fn history_result_keeps_all_keys() {
        let s = serde_json::to_string(&HistoryResult::default()).unwrap();
        assert_eq!(s, r#"{"publications":[],"epoch":"","offset":0}"#);
    }
}

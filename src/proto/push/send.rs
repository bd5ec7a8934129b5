//! The sending half of Centrifugo PRO's push API: `send_push_notification`, `cancel_push`,
//! `update_push_status`, with PRO's field names (centrifugal.dev `docs/pro/push_notifications.md`
//! and the `PushLimitStrategy` types of PRO's API clients).
//!
//! centri additions, all optional: `notification.webpush` (Web Push has no PRO message form:
//! `{"payload": .., "ttl": .., "urgency": .., "topic": ..}`), the older recipient forms
//! `device_ids` and `topics` (the first PRO docs; the same as a `filter` with `ids` or
//! `topics`), and [`SendStatus`], what `GET /admin/push/sends/<uid>` answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::DeviceFilter;
use crate::proto::is_false;

/// The sending methods, by their API path name.
pub const METHODS: &[&str] = &[
    "send_push_notification",
    "cancel_push",
    "update_push_status",
];

/// `send_push_notification`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendPushRequest {
    #[serde(default, deserialize_with = "crate::proto::strict::object")]
    pub recipient: PushRecipient,
    #[serde(default, deserialize_with = "crate::proto::strict::object")]
    pub notification: PushNotification,
    /// The send's id (idempotent: a second request with a known `uid` queues nothing). Empty:
    /// the server makes one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// Unix seconds: queue until then.
    #[serde(skip_serializing_if = "is_zero")]
    pub send_at: i64,
    /// Heavier processing that tolerates a queue outage: progress recorded every 16
    /// recipients, and failed queue writes retried for up to 60 s rather than the task
    /// starting over from its last record.
    #[serde(skip_serializing_if = "is_false")]
    pub optimize_for_reliability: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub limit_strategy: Option<PushLimitStrategy>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub analytics_uid: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub localizations: BTreeMap<String, PushLocalization>,
    #[serde(skip_serializing_if = "is_false")]
    pub use_templating: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub use_meta: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// Who gets the push: exactly one of the forms.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushRecipient {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub filter: Option<DeviceFilter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fcm_tokens: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fcm_topic: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fcm_condition: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hms_tokens: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hms_topic: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hms_condition: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub apns_tokens: Vec<String>,
}

/// Each provider's native message, and when to give up.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushNotification {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub fcm: Option<MessageOf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub hms: Option<MessageOf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub apns: Option<ApnsNotification>,
    /// centri: `{"payload": <string or JSON>, "ttl": secs, "urgency": .., "topic": ..}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webpush: Option<Value>,
    /// Unix seconds after which nothing more of this push is sent.
    #[serde(skip_serializing_if = "is_zero")]
    pub expire_at: i64,
}

/// FCM's and HMS's form: `{"message": <the provider's Message>}`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageOf {
    pub message: Value,
}

/// APNs: request headers and the JSON payload.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApnsNotification {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    pub payload: Value,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushLocalization {
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushLimitStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub rate_limit: Option<PushRateLimit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub time_limit: Option<PushTimeLimit>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushRateLimit {
    /// The rate-limit key; `{{.device.id}}` and `{{.device.user}}` are substituted. Empty:
    /// per device.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default, deserialize_with = "crate::proto::strict::objects")]
    pub policies: Vec<RateLimitPolicy>,
    #[serde(skip_serializing_if = "is_false")]
    pub drop_if_rate_limited: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitPolicy {
    pub rate: u32,
    pub interval_ms: u64,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushTimeLimit {
    /// Local time `HH:MM:SS`.
    pub send_after_time: String,
    /// Local time `HH:MM:SS`.
    pub send_before_time: String,
    #[serde(skip_serializing_if = "is_false")]
    pub no_tz_send_now: bool,
}

/// The `send_push_notification` result.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendPushResult {
    pub uid: String,
}

/// `cancel_push`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelPushRequest {
    pub uid: String,
}

/// `update_push_status`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdatePushStatusRequest {
    pub analytics_uid: String,
    /// `delivered` or `interacted`.
    pub status: String,
    pub device_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub msg_id: String,
}

/// What a send came to so far (centri: `GET /admin/push/sends/<uid>`).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendStatus {
    pub uid: String,
    /// `scheduled`, `queued`, `sending`, `done`, `cancelled` or `expired`.
    pub state: String,
    /// What the recipient was, in a few words (`topics news`, `3 fcm tokens`).
    pub recipient: String,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms; 0 when sent at once.
    #[serde(skip_serializing_if = "is_zero")]
    pub send_at: i64,
    /// Unix ms; 0 until done.
    #[serde(skip_serializing_if = "is_zero")]
    pub finished_at: i64,
    /// Recipients found so far; final once `planned`.
    pub total: u64,
    pub planned: bool,
    /// Recipients handled (sent, failed, dropped or expired), over all providers.
    pub done: u64,
    /// Per provider: counts and errors by reason.
    pub providers: BTreeMap<String, ProviderCounts>,
    /// `update_push_status` reports for this send's analytics uid, by status.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reported: BTreeMap<String, u64>,
}

/// One provider's share of a send.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderCounts {
    pub sent: u64,
    pub failed: u64,
    /// Devices removed because the provider declared their token dead (also in `failed`).
    pub removed: u64,
    /// Left out by a limit strategy (`drop_if_rate_limited`, no timezone) or after
    /// `expire_at`.
    pub dropped: u64,
    /// Pushed back by a limit strategy, to be sent later.
    pub delayed: u64,
    /// Failures (and drops) by reason.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, u64>,
}

/// `GET /admin/push/sends`: the latest sends, newest first.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendList {
    pub sends: Vec<SendStatus>,
}

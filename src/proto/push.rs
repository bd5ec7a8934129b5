//! The push notification registry API of Centrifugo PRO: `device_register`, `device_update`,
//! `device_remove`, `device_list`, `device_topic_list`, `device_topic_update`,
//! `user_topic_list`, `user_topic_update`. Field names follow the PRO docs ("Push notification
//! API", centrifugal.dev `docs/pro/push_notifications.md`, the version that lists `webpush`).
//!
//! centri additions, all optional and left out when empty: `timezone` and `locale` on a listed
//! [`Device`]. Nothing else differs from PRO.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::is_false;

pub mod send;

/// Token providers a device may have.
pub const PROVIDERS: &[&str] = &["fcm", "hms", "apns", "webpush"];
/// Platforms a device may run on.
pub const PLATFORMS: &[&str] = &["ios", "android", "web"];
/// Topic operations of `*_topic_update` and `topics_update`.
pub const TOPIC_OPS: &[&str] = &["add", "remove", "set"];

/// The push methods, by their API path name.
pub const METHODS: &[&str] = &[
    "device_register",
    "device_update",
    "device_remove",
    "device_list",
    "device_topic_list",
    "device_topic_update",
    "user_topic_list",
    "user_topic_update",
];

/// `device_register`: creates a device, or updates it (by `id`, else by `provider` + `token`).
/// The call states the device's whole state: fields left out are reset.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceRegisterRequest {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub provider: String,
    /// The provider token; for `webpush`, the browser's `PushSubscription` as a JSON string.
    pub token: String,
    pub platform: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timezone: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub locale: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
}

/// The `device_register` result: the id of the device written.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceRegisterResult {
    pub id: String,
}

/// `{"user": ..}` of `device_update`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceUserUpdate {
    pub user: String,
}

/// `{"timezone": ..}` of `device_update`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTimezoneUpdate {
    pub timezone: String,
}

/// `{"locale": ..}` of `device_update`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceLocaleUpdate {
    pub locale: String,
}

/// `{"meta": {..}}` of `device_update`: replaces the meta.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceMetaUpdate {
    pub meta: BTreeMap<String, String>,
}

/// `{"op": "add"|"remove"|"set", "topics": [..]}`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTopicsUpdate {
    pub op: String,
    pub topics: Vec<String>,
}

/// `device_update`: changes the devices selected by `ids` and/or `users`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceUpdateRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub user_update: Option<DeviceUserUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub timezone_update: Option<DeviceTimezoneUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub locale_update: Option<DeviceLocaleUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub meta_update: Option<DeviceMetaUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "crate::proto::strict::object_opt")]
    pub topics_update: Option<DeviceTopicsUpdate>,
}

/// `device_remove`: removes the devices selected by `ids` and/or `users`, with their topics.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceRemoveRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
}

/// Which devices: every non-empty list must match (an empty list matches everything).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
}

/// `device_list`: one page of devices, in id order.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceListRequest {
    #[serde(default, deserialize_with = "crate::proto::strict::object")]
    pub filter: DeviceFilter,
    /// The `next_cursor` of the previous page (the last id it held); empty for the first.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    /// Page size; 0 means the default.
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    #[serde(skip_serializing_if = "is_false")]
    pub include_total_count: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub include_topics: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub include_meta: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub include_webpush_keys: bool,
}

/// A registered device as `device_list` shows it.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Device {
    pub id: String,
    pub provider: String,
    /// The token; for `webpush`, the subscription endpoint.
    pub token: String,
    pub platform: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// centri addition.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timezone: String,
    /// centri addition.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub locale: String,
    /// Only with `include_topics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
    /// Only with `include_meta`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<BTreeMap<String, String>>,
    /// `{"p256dh":..,"auth":..}` as a JSON string; webpush devices, with `include_webpush_keys`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub webpush_keys: String,
}

/// A page of a listing. `next_cursor` is set only when another page exists; `total_count`
/// only when it was asked for.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub next_cursor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
}

/// The `device_list` result.
pub type DeviceListResult = Page<Device>;

/// Which device↔topic rows.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTopicFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_providers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_platforms: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub topic_prefix: String,
}

/// `device_topic_list`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTopicListRequest {
    #[serde(default, deserialize_with = "crate::proto::strict::object")]
    pub filter: DeviceTopicFilter,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    #[serde(skip_serializing_if = "is_false")]
    pub include_device: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub include_total_count: bool,
}

/// One device↔topic row.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTopic {
    pub id: String,
    pub device_id: String,
    pub topic: String,
    /// Only with `include_device`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
}

/// The `device_topic_list` result.
pub type DeviceTopicListResult = Page<DeviceTopic>;

/// `device_topic_update`: changes the topics of one device. With `user` set, only if the device
/// belongs to that user (else 113 conflict).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceTopicUpdateRequest {
    pub device_id: String,
    pub op: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
}

/// Which user↔topic rows.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTopicFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub topic_prefix: String,
}

/// `user_topic_list`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTopicListRequest {
    #[serde(default, deserialize_with = "crate::proto::strict::object")]
    pub filter: UserTopicFilter,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    #[serde(skip_serializing_if = "is_false")]
    pub include_total_count: bool,
}

/// One user↔topic row.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTopic {
    pub id: String,
    pub user: String,
    pub topic: String,
}

/// The `user_topic_list` result.
pub type UserTopicListResult = Page<UserTopic>;

/// `user_topic_update`: changes a user's topics and applies the change to the user's devices
/// at once. `user` `""` is the binding of every user, applied at each device's next register.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTopicUpdateRequest {
    pub user: String,
    pub op: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// centri's `GET /admin/push/stats?top=N` (no PRO counterpart): how many devices there are,
/// by provider and by platform, and the `top` topics with the most devices (most first, ties
/// by name). Every provider and platform is present, with 0 when it has no device.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushStats {
    pub devices: u64,
    pub by_provider: BTreeMap<String, u64>,
    pub by_platform: BTreeMap<String, u64>,
    pub top_topics: Vec<TopicCount>,
}

/// A topic and how many devices it has.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicCount {
    pub topic: String,
    pub devices: u64,
}

impl PushStats {
    /// Stats with every provider and platform at 0.
    pub fn zero() -> Self {
        let zeros = |l: &[&str]| l.iter().map(|k| ((*k).to_string(), 0)).collect();
        Self {
            devices: 0,
            by_provider: zeros(PROVIDERS),
            by_platform: zeros(PLATFORMS),
            top_topics: Vec::new(),
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pro_field_names() {
        let r: DeviceListRequest = serde_json::from_str(
            r#"{"filter":{"users":["u"],"topics":["t"],"providers":["fcm"],"platforms":["ios"],"ids":["x"]},
                "cursor":"c","limit":5,"include_total_count":true,"include_topics":true,
                "include_meta":true,"include_webpush_keys":true}"#,
        )
        .unwrap();
        assert_eq!(r.filter.users, ["u"]);
        assert_eq!(r.limit, 5);
        assert!(r.include_total_count && r.include_topics && r.include_meta);
        let page = DeviceListResult {
            items: vec![],
            next_cursor: String::new(),
            total_count: None,
        };
        assert_eq!(serde_json::to_string(&page).unwrap(), r#"{"items":[]}"#);
        let page = DeviceListResult {
            items: vec![],
            next_cursor: "a".into(),
            total_count: Some(0),
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"items":[],"next_cursor":"a","total_count":0}"#
        );
    }
}

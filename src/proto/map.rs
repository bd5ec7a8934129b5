//! The server API of map channels (Centrifugo v6.7+): `map_publish`, `map_remove`,
//! `map_read_state`, `map_read_stream`, `map_stats` and `map_clear`, with Centrifugo's JSON
//! field names. The server decodes these and the CLI client encodes them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{is_false, is_zero_i32, is_zero_i64, is_zero_u64, Raw};

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapPublishRequest {
    pub channel: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub idempotency_key: String,
    /// `""` (always), `"if_new"` (only a key that is absent), `"if_exists"` (only a key that
    /// is present).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key_mode: String,
    /// The key's value is replaced only by a newer version (in the same `version_epoch`).
    /// 0: not checked.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version_epoch: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapRemoveRequest {
    pub channel: String,
    pub key: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub idempotency_key: String,
}

/// What a publish or remove came to. A suppressed one changed nothing and says why.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapUpdateResult {
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
    #[serde(skip_serializing_if = "is_false")]
    pub suppressed: bool,
    /// `version`, `idempotency`, `key_exists` or `key_not_found`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub suppress_reason: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapReadStateRequest {
    pub channel: String,
    /// Where the page starts ("": the first page), from the previous page's `cursor`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    /// Entries per page (0: the namespace's `map.default_page_size`).
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    /// Only this key.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
}

/// One key's value, or (in the stream) one change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MapEntry {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(default, skip_serializing_if = "is_false")]
    pub removed: bool,
    /// When it was written (unix milliseconds).
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub time: i64,
    /// A presence map's entry (`map_clients`): the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<super::ClientInfo>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapReadStateResult {
    pub entries: Vec<MapEntry>,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
    /// The next page's cursor; "" on the last page.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapReadStreamRequest {
    pub channel: String,
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub limit: i32,
    #[serde(skip_serializing_if = "is_false")]
    pub reverse: bool,
    /// Changes after this position (exclusive); with `since_epoch`, which must be the
    /// stream's.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub since_offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub since_epoch: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapReadStreamResult {
    pub entries: Vec<MapEntry>,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MapStatsResult {
    pub num_keys: u32,
}

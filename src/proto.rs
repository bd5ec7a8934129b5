//! Wire types shared by the server and the CLI client: the leaf of the module tree.
//!
//! Owns the JSON shapes of Centrifugo v6: the client protocol v2 ([`client`]), the HTTP server
//! API ([`api`]) and the numbered errors ([`ApiError`], [`codes`]), and the server side of
//! WebSocket framing ([`wsframe`], used by the server and by the bench's floor). It imports nothing from the
//! rest of the crate, so `client` and `server` can both depend on it without depending on each
//! other.

pub mod api;
pub mod client;
pub mod codec;
pub mod codes;
pub mod delta;
pub mod explain;
pub mod filter_node;
pub mod map;
pub mod push;
pub mod ratelimit;
pub mod strict;
pub mod wsframe;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A raw JSON payload (`data`, `info`, ...), embedded as-is in every frame.
pub type Raw = Box<RawValue>;

/// A numbered Centrifugo error, as it travels in a reply or an API response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code} {message}")]
pub struct ApiError {
    /// The Centrifugo code (100 internal, 102 unknown channel, ...).
    pub code: u32,
    /// The exact Centrifugo message for that code.
    pub message: String,
    /// Set for the codes SDKs retry (100, 111, 113); only sent to WebSocket clients.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub temporary: bool,
}

impl ApiError {
    /// An error with the canonical message of `code` (see [`codes::error_message`]).
    pub fn new(code: u32) -> Self {
        Self {
            code,
            message: codes::error_message(code).to_string(),
            temporary: matches!(code, 100 | 111 | 113),
        }
    }
    pub fn internal() -> Self {
        Self::new(codes::INTERNAL)
    }
    pub fn unknown_channel() -> Self {
        Self::new(codes::UNKNOWN_CHANNEL)
    }
    pub fn bad_request() -> Self {
        Self::new(codes::BAD_REQUEST)
    }
    pub fn not_available() -> Self {
        Self::new(codes::NOT_AVAILABLE)
    }
    pub fn permission_denied() -> Self {
        Self::new(codes::PERMISSION_DENIED)
    }
    /// The same error without the `temporary` flag, as the server API sends it.
    #[must_use]
    pub fn for_api(mut self) -> Self {
        self.temporary = false;
        match self.code {
            codes::METHOD_NOT_FOUND => "not found".clone_into(&mut self.message),
            113 => "conflict".clone_into(&mut self.message),
            _ => {}
        }
        self
    }
}

/// A stream position: the offset of the last publication and the stream epoch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamPosition {
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
}

/// Who published or who is present: always carries `user` and `client`, even empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClientInfo {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub client: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conn_info: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chan_info: Option<Raw>,
}

/// A publication as clients and the history API see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Publication {
    pub data: Raw,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<ClientInfo>,
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub offset: u64,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub tags: std::collections::BTreeMap<String, String>,
    /// `data` is a fossil delta against the subscriber's previous publication (only to
    /// subscribers that negotiated delta compression).
    #[serde(default, skip_serializing_if = "is_false")]
    pub delta: bool,
    /// Binary data (not JSON), as a Protobuf client or `b64data` published it. `data` is then
    /// `null`; the JSON forms (server API, storage, traces) carry the bytes as `b64data`.
    /// Protobuf subscribers get them untouched; a JSON client cannot be sent them and is
    /// disconnected with 3506 `inappropriate protocol`, as Centrifugo's codes say.
    #[serde(
        default,
        rename = "b64data",
        skip_serializing_if = "Option::is_none",
        with = "b64_bytes"
    )]
    pub binary: Option<bytes::Bytes>,
    /// On a map channel: the key this publication sets (or removes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// On a map channel: the key was removed (or expired); `data` means nothing then.
    #[serde(default, skip_serializing_if = "is_false")]
    pub removed: bool,
    /// On a shared poll channel: the key's version (the backend's, or a synthetic one).
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub version: u64,
}

impl Publication {
    /// A JSON publication with no publisher, offset or tags.
    pub fn json(data: Raw) -> Self {
        Self {
            data,
            info: None,
            offset: 0,
            tags: std::collections::BTreeMap::new(),
            delta: false,
            binary: None,
            key: String::new(),
            removed: false,
            version: 0,
        }
    }

    /// The payload's bytes: the binary data, or the JSON text.
    pub fn data_bytes(&self) -> &[u8] {
        self.binary
            .as_deref()
            .unwrap_or_else(|| self.data.get().as_bytes())
    }
}

/// What a publish carries: JSON, or binary bytes (from a Protobuf client or `b64data`).
#[derive(Debug, Clone)]
pub enum Payload {
    Json(Raw),
    Binary(bytes::Bytes),
}

impl Payload {
    /// A client publication's payload: its JSON `data` (not null), else the bytes a Protobuf
    /// client sent; None when it has neither.
    pub fn from_client(data: Option<Raw>, binary: Option<bytes::Bytes>) -> Option<Self> {
        match (data.filter(|d| d.get() != "null"), binary) {
            (Some(d), _) => Some(Self::Json(d)),
            (None, Some(b)) => Some(Self::Binary(b)),
            (None, None) => None,
        }
    }

    /// `b64data`'s decoded bytes: JSON when they are JSON, else binary.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        raw_from_bytes(bytes).map_or_else(
            || Self::Binary(bytes::Bytes::copy_from_slice(bytes)),
            Self::Json,
        )
    }
}

/// `Option<Bytes>` as a standard base64 string.
mod b64_bytes {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // serde's `with` passes the field by reference
    pub fn serialize<S: Serializer>(v: &Option<bytes::Bytes>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bytes::Bytes>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .map(bytes::Bytes::from)
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}

/// JSON `null`, the `data` of a binary publication.
pub fn null_raw() -> Raw {
    RawValue::from_string("null".to_string()).unwrap_or_else(|_| unreachable!("null is JSON"))
}

/// `p` with `data` replaced by `bytes` as a JSON string, as delta subscribers get every
/// publication (`delta` says whether `bytes` is a fossil delta or the whole data). `None` when
/// `bytes` is not UTF-8 (a delta cut inside a character), so the caller sends it whole.
pub fn with_string_data(p: &Publication, bytes: &[u8], delta: bool) -> Option<Publication> {
    let s = std::str::from_utf8(bytes).ok()?;
    let data = RawValue::from_string(serde_json::to_string(s).ok()?).ok()?;
    Some(Publication {
        data,
        info: p.info.clone(),
        offset: p.offset,
        tags: p.tags.clone(),
        delta,
        binary: None,
        key: p.key.clone(),
        removed: p.removed,
        version: p.version,
    })
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn is_false(v: &bool) -> bool {
    !*v
}

/// Makes a raw JSON payload safe for newline framing: a raw `\n` in valid JSON can only be
/// whitespace between tokens, so dropping it keeps the value and the framing intact.
pub fn strip_newlines(raw: Raw) -> Raw {
    if raw.get().contains('\n') {
        let s: String = raw.get().chars().filter(|c| *c != '\n').collect();
        // Removing whitespace from valid JSON leaves valid JSON.
        RawValue::from_string(s).unwrap_or(raw)
    } else {
        raw
    }
}

/// Parses `bytes` as one JSON value, for `b64data`-style inputs.
pub fn raw_from_bytes(bytes: &[u8]) -> Option<Raw> {
    let s = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str::<Raw>(s).ok().map(strip_newlines)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn api_error_messages_and_temporary() {
        let e = ApiError::new(111);
        assert_eq!(e.message, "too many requests");
        assert!(e.temporary);
        let json = serde_json::to_string(&ApiError::new(103)).unwrap();
        assert_eq!(json, r#"{"code":103,"message":"permission denied"}"#);
        assert_eq!(ApiError::new(104).for_api().message, "not found");
    }

    #[test]
    fn newlines_are_stripped_from_raw_payloads() {
        let raw: Raw = serde_json::from_str("{\n\"a\": \"x\\ny\"\n}").unwrap();
        let out = strip_newlines(raw);
        assert_eq!(out.get(), "{\"a\": \"x\\ny\"}");
    }

    #[test]
    fn client_info_always_has_user_and_client() {
        let json = serde_json::to_string(&ClientInfo::default()).unwrap();
        assert_eq!(json, r#"{"user":"","client":""}"#);
    }
}

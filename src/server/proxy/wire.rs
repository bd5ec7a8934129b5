//! The proxy messages of Centrifugo v6's `proxy.proto` (package
//! `centrifugal.centrifugo.proxy`), written here from its field numbers. Each struct is both a
//! prost message (the GRPC proxy) and a serde type (the HTTP proxy's JSON), where `bytes`
//! fields that carry JSON (`data`, `info`, `meta`) are embedded as JSON, as Centrifugo's JSON
//! codec does, and empty fields are left out.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// `bytes` fields that hold JSON: embedded as a JSON value, read back from any JSON value.
pub mod raw {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let not_json =
            || serde::ser::Error::custom("data is not JSON: set binary_encoding on the proxy");
        let text = std::str::from_utf8(v).map_err(|_| not_json())?;
        let raw: &serde_json::value::RawValue =
            serde_json::from_str(text).map_err(|_| not_json())?;
        raw.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        Ok(if raw.get() == "null" {
            Vec::new()
        } else {
            raw.get().as_bytes().to_vec()
        })
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterNode {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub op: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cmp: String,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub val: String,
    #[prost(string, repeated, tag = "5")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vals: Vec<String>,
    #[prost(message, repeated, tag = "6")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<FilterNode>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Disconnect {
    #[prost(uint32, tag = "1")]
    pub code: u32,
    #[prost(string, tag = "2")]
    pub reason: String,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct Error {
    #[prost(uint32, tag = "1")]
    pub code: u32,
    #[prost(string, tag = "2")]
    pub message: String,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub temporary: bool,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(bytes = "vec", tag = "10")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "11")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[prost(string, repeated, tag = "14")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeOptions {
    #[prost(int64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[prost(bytes = "vec", tag = "2")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<u8>,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
    #[prost(bytes = "vec", tag = "4")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(message, optional, tag = "6")]
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_: Option<SubscribeOptionOverride>,
    #[prost(message, optional, tag = "7")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_tags_filter: Option<FilterNode>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelsCapability {
    #[prost(string, repeated, tag = "1")]
    pub channels: Vec<String>,
    #[prost(string, repeated, tag = "2")]
    pub allow: Vec<String>,
    #[prost(string, tag = "3")]
    #[serde(rename = "match", skip_serializing_if = "String::is_empty")]
    pub match_: String,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectResult {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(int64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<u8>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
    #[prost(bytes = "vec", tag = "5")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(string, repeated, tag = "7")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    #[prost(map = "string, message", tag = "8")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub subs: HashMap<String, SubscribeOptions>,
    #[prost(bytes = "vec", tag = "9")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(message, repeated, tag = "10")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<ChannelsCapability>,
    #[prost(map = "string, string", tag = "11")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

/// Every response: a result, or an error for the client, or a disconnect.
#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ConnectResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(string, tag = "10")]
    pub user: String,
    #[prost(bytes = "vec", tag = "11")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(map = "string, string", tag = "12")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResult {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub expired: bool,
    #[prost(int64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<u8>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
    #[prost(bytes = "vec", tag = "5")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(message, repeated, tag = "6")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<ChannelsCapability>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<RefreshResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(string, tag = "10")]
    pub user: String,
    #[prost(string, tag = "11")]
    pub channel: String,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    #[prost(bytes = "vec", tag = "13")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(bytes = "vec", tag = "14")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "15")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(map = "string, string", tag = "16")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct BoolValue {
    #[prost(bool, tag = "1")]
    pub value: bool,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeOptionOverride {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<BoolValue>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_leave: Option<BoolValue>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_recovery: Option<BoolValue>,
    #[prost(message, optional, tag = "4")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_positioning: Option<BoolValue>,
    #[prost(message, optional, tag = "5")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_push_join_leave: Option<BoolValue>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeResult {
    #[prost(int64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[prost(bytes = "vec", tag = "2")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<u8>,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
    #[prost(bytes = "vec", tag = "4")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(message, optional, tag = "6")]
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_: Option<SubscribeOptionOverride>,
    #[prost(string, repeated, tag = "7")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    #[prost(message, optional, tag = "8")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_tags_filter: Option<FilterNode>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<SubscribeResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(string, tag = "10")]
    pub user: String,
    #[prost(string, tag = "11")]
    pub channel: String,
    #[prost(bytes = "vec", tag = "12")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(bytes = "vec", tag = "14")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(map = "string, string", tag = "15")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishResult {
    #[prost(bytes = "vec", tag = "1")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub skip_history: bool,
    #[prost(map = "string, string", tag = "4")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub tags: HashMap<String, String>,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub idempotency_key: String,
    #[prost(bool, tag = "6")]
    #[serde(skip_serializing_if = "is_false")]
    pub delta: bool,
    #[prost(uint64, tag = "7")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version_epoch: String,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<PublishResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(string, tag = "10")]
    pub user: String,
    #[prost(string, tag = "11")]
    pub method: String,
    #[prost(bytes = "vec", tag = "12")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    #[prost(bytes = "vec", tag = "14")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(map = "string, string", tag = "15")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcResult {
    #[prost(bytes = "vec", tag = "1")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<RpcResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshRequest {
    #[prost(string, tag = "1")]
    pub client: String,
    #[prost(string, tag = "2")]
    pub transport: String,
    #[prost(string, tag = "3")]
    pub protocol: String,
    #[prost(string, tag = "4")]
    pub encoding: String,
    #[prost(string, tag = "10")]
    pub user: String,
    #[prost(string, tag = "11")]
    pub channel: String,
    #[prost(bytes = "vec", tag = "12")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<u8>,
    #[prost(map = "string, string", tag = "13")]
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub labels: HashMap<String, String>,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshResult {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub expired: bool,
    #[prost(int64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub expire_at: i64,
    #[prost(bytes = "vec", tag = "3")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<u8>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64info: String,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct SubRefreshResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<SubRefreshResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect: Option<Disconnect>,
}

/// A response with the three outcomes every proxy response has.
pub trait Response: prost::Message + Default + serde::de::DeserializeOwned + Serialize {
    type Result: ResultFields + Serialize;
    fn parts(self) -> (Option<Self::Result>, Option<Error>, Option<Disconnect>);
}

macro_rules! response {
    ($($resp:ident => $res:ident),* $(,)?) => {$(
        impl Response for $resp {
            type Result = $res;
            fn parts(self) -> (Option<$res>, Option<Error>, Option<Disconnect>) {
                (self.result, self.error, self.disconnect)
            }
        }
    )*};
}

/// What a verdict reads of a result, without going through JSON (over GRPC, `info`, `data`
/// and `meta` may hold bytes that are not JSON).
pub trait ResultFields {
    /// The user a connect result names.
    #[allow(clippy::unnecessary_literal_bound)] // a connect result returns its own field
    fn user(&self) -> &str {
        ""
    }
    /// A refresh result says the connection or subscription expired.
    fn expired(&self) -> bool {
        false
    }
    fn expire_at(&self) -> i64 {
        0
    }
    /// A publish result carries data to publish instead of the client's.
    fn replaces_data(&self) -> bool {
        false
    }
}

impl ResultFields for ConnectResult {
    fn user(&self) -> &str {
        &self.user
    }
    fn expire_at(&self) -> i64 {
        self.expire_at
    }
}

impl ResultFields for RefreshResult {
    fn expired(&self) -> bool {
        self.expired
    }
    fn expire_at(&self) -> i64 {
        self.expire_at
    }
}

impl ResultFields for SubRefreshResult {
    fn expired(&self) -> bool {
        self.expired
    }
    fn expire_at(&self) -> i64 {
        self.expire_at
    }
}

impl ResultFields for SubscribeResult {
    fn expire_at(&self) -> i64 {
        self.expire_at
    }
}

impl ResultFields for PublishResult {
    fn replaces_data(&self) -> bool {
        !self.data.is_empty() || !self.b64data.is_empty()
    }
}

impl ResultFields for RpcResult {}

response!(
    ConnectResponse => ConnectResult,
    RefreshResponse => RefreshResult,
    SubscribeResponse => SubscribeResult,
    PublishResponse => PublishResult,
    RpcResponse => RpcResult,
    SubRefreshResponse => SubRefreshResult,
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn json_embeds_data_and_leaves_out_empty_fields() {
        let r = SubscribeRequest {
            client: "c".into(),
            transport: "websocket".into(),
            protocol: "json".into(),
            encoding: "json".into(),
            user: "42".into(),
            channel: "chat:1".into(),
            data: br#"{"a":1}"#.to_vec(),
            ..Default::default()
        };
        let s = serde_json::to_string(&r).unwrap();
        assert_eq!(
            s,
            r#"{"client":"c","transport":"websocket","protocol":"json","encoding":"json","user":"42","channel":"chat:1","data":{"a":1}}"#
        );
    }

    #[test]
    fn data_that_is_not_json_cannot_go_as_json() {
        let r = RpcRequest {
            data: vec![0xff, 0x00],
            ..Default::default()
        };
        let e = serde_json::to_string(&r).unwrap_err().to_string();
        assert!(e.contains("binary_encoding"), "{e}");
    }

    #[test]
    fn responses_read_from_json_and_protobuf_alike() {
        let json = r#"{"result":{"user":"42","expire_at":5,"info":{"n":"a"},"channels":["news"],
            "subs":{"x:1":{"override":{"presence":{"value":true}},"data":[1]}},"meta":{"m":1},
            "caps":[{"channels":["a*"],"allow":["sub"],"match":"wildcard"}],"labels":{"k":"v"}}}"#;
        let r: ConnectResponse = serde_json::from_str(json).unwrap();
        let res = r.result.clone().unwrap();
        assert_eq!(res.user, "42");
        assert_eq!(res.info, br#"{"n":"a"}"#);
        assert_eq!(res.subs["x:1"].data, b"[1]");
        assert_eq!(
            res.subs["x:1"].override_.as_ref().unwrap().presence,
            Some(BoolValue { value: true })
        );
        assert_eq!(res.caps[0].match_, "wildcard");
        let bytes = r.encode_to_vec();
        assert_eq!(ConnectResponse::decode(bytes.as_slice()).unwrap(), r);
        let e: ConnectResponse =
            serde_json::from_str(r#"{"error":{"code":1000,"message":"no"},"result":null}"#)
                .unwrap();
        assert_eq!(e.error.unwrap().code, 1000);
        assert!(e.result.is_none());
    }
}

//! The messages of shared poll: the `shared_poll_refresh` proxy's request and response (the
//! JSON of Centrifugo's HTTP proxy: `{channel, items: [{key, version?}]}` answered by
//! `{result: {items: [{key, data?, version?, removed?}], epoch?}}` or `{error}`), and the
//! `shared_poll_publish` API request. The proxy messages are prost messages too because the
//! proxy layer is generic over both transports; the GRPC form of this call is refused at
//! config load (Centrifugo's `proxy.proto` for it is not published), so their field numbers
//! never reach a wire.

use serde::{Deserialize, Serialize};

use crate::proto::Raw;
use crate::server::proxy::wire::{raw, Disconnect, Error, Response, ResultFields};

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshRequest {
    #[prost(string, tag = "1")]
    pub channel: String,
    #[prost(message, repeated, tag = "2")]
    pub items: Vec<RefreshItem>,
}

/// A tracked key and, in versioned mode, the version the server has (0: none).
#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshItem {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(uint64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultItem {
    #[prost(string, tag = "1")]
    pub key: String,
    /// The key's data (JSON); none: unchanged (versioned mode).
    #[prost(bytes = "vec", tag = "2")]
    #[serde(with = "raw", skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<u8>,
    #[prost(uint64, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub version: u64,
    #[prost(bool, tag = "4")]
    #[serde(skip_serializing_if = "is_false")]
    pub removed: bool,
}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResult {
    #[prost(message, repeated, tag = "1")]
    pub items: Vec<ResultItem>,
    /// The publisher's epoch: another one than the channel's resets it.
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
}

impl ResultFields for RefreshResult {}

#[derive(Clone, PartialEq, ::prost::Message, Serialize, Deserialize)]
#[serde(default)]
pub struct RefreshResponse {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<RefreshResult>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

impl Response for RefreshResponse {
    type Result = RefreshResult;
    fn parts(self) -> (Option<RefreshResult>, Option<Error>, Option<Disconnect>) {
        (self.result, self.error, None)
    }
}

/// `shared_poll_publish`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedPollPublishRequest {
    pub channel: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Raw>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b64data: String,
    /// Required, and newer than the server's for the key to be delivered.
    pub version: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub epoch: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_json_is_centrifugos() {
        let req = RefreshRequest {
            channel: "votes:1".into(),
            items: vec![
                RefreshItem {
                    key: "a".into(),
                    version: 0,
                },
                RefreshItem {
                    key: "b".into(),
                    version: 5,
                },
            ],
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"channel": "votes:1", "items": [{"key": "a"}, {"key": "b", "version": 5}]})
        );
        let resp: RefreshResponse = serde_json::from_str(
            r#"{"result":{"epoch":"e1","items":[{"key":"a","data":{"votes":3},"version":6},{"key":"b","removed":true}]}}"#,
        )
        .unwrap();
        let r = resp.result.unwrap();
        assert_eq!(r.epoch, "e1");
        assert_eq!(r.items[0].data, br#"{"votes":3}"#);
        assert_eq!(r.items[0].version, 6);
        assert!(r.items[1].removed && r.items[1].data.is_empty());
    }
}

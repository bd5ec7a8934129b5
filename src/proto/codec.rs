//! The client-protocol codecs: how a connection's commands are read and its replies and pushes
//! are written, in JSON ([`json`]: newline-separated objects in text frames) or in Protobuf
//! ([`protobuf`]: varint-length-delimited messages in binary frames). A connection picks one
//! when it opens ([`Protocol::negotiate`]) and keeps it; the session turns every outgoing
//! [`Reply`] and [`PushEvent`] into bytes through it, and the fan-out encodes a publication at
//! most once per protocol.

pub mod json;
pub mod protobuf;

use bytes::Bytes;

use super::client::{PushEvent, Reply};

/// The wire format of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    #[default]
    Json,
    Protobuf,
}

/// The WebSocket subprotocols of client protocol v2.
pub const SUBPROTOCOL_JSON: &str = "centrifuge-json";
pub const SUBPROTOCOL_PROTOBUF: &str = "centrifuge-protobuf";

impl Protocol {
    /// `json` or `protobuf`, as the connections API and traces name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Protobuf => "protobuf",
        }
    }

    /// The protocol a connection asked for, as Centrifugo negotiates it: the
    /// `cf_protocol=protobuf` query parameter (or the older `format=protobuf`), else the
    /// `centrifuge-protobuf` subprotocol among those offered. Returns the protocol and the
    /// subprotocol to echo, if one was offered. An unknown `cf_protocol` is an error (the
    /// value is named), never a silent JSON connection.
    pub fn negotiate(
        query: Option<&str>,
        offered: &[&str],
    ) -> Result<(Self, Option<&'static str>), String> {
        let mut from_query = None;
        for pair in query.unwrap_or("").split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if k == "cf_protocol" || k == "format" {
                from_query = Some(match v {
                    "protobuf" => Self::Protobuf,
                    "json" | "" => Self::Json,
                    other => return Err(format!("unknown {k} {other:?}: json or protobuf")),
                });
            }
        }
        let sub = if offered.contains(&SUBPROTOCOL_PROTOBUF) && from_query != Some(Self::Json) {
            Some(SUBPROTOCOL_PROTOBUF)
        } else if offered.contains(&SUBPROTOCOL_JSON) && from_query != Some(Self::Protobuf) {
            Some(SUBPROTOCOL_JSON)
        } else {
            None
        };
        let proto = from_query.unwrap_or(if sub == Some(SUBPROTOCOL_PROTOBUF) {
            Self::Protobuf
        } else {
            Self::Json
        });
        Ok((proto, sub))
    }

    /// Whether frames are binary (Protobuf) rather than text.
    pub fn is_binary(self) -> bool {
        self == Self::Protobuf
    }

    /// Encodes a reply. `None` when it cannot be sent in this protocol: a JSON client asked
    /// for binary publications (the caller disconnects it with 3506).
    pub fn reply(self, r: &Reply) -> Option<Vec<u8>> {
        match self {
            Self::Json => json::reply(r),
            Self::Protobuf => Some(protobuf::reply(r)),
        }
    }

    /// Encodes a push for `channel`; `None` as for [`Protocol::reply`].
    pub fn push(self, channel: &str, event: &PushEvent<'_>) -> Option<Vec<u8>> {
        match self {
            Self::Json => json::push(channel, event),
            Self::Protobuf => Some(protobuf::push(channel, event)),
        }
    }

    /// The server's ping: an empty reply.
    pub fn ping(self) -> Bytes {
        match self {
            Self::Json => Bytes::from_static(b"{}"),
            Self::Protobuf => Bytes::from_static(&[0]),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_centrifugo() {
        let n = |q: Option<&str>, offered: &[&str]| Protocol::negotiate(q, offered).unwrap();
        assert_eq!(n(None, &[]), (Protocol::Json, None));
        assert_eq!(
            n(Some("cf_protocol=protobuf"), &[]),
            (Protocol::Protobuf, None)
        );
        assert_eq!(
            n(Some("x=1&format=protobuf"), &[]),
            (Protocol::Protobuf, None)
        );
        assert_eq!(
            n(None, &["centrifuge-protobuf"]),
            (Protocol::Protobuf, Some(SUBPROTOCOL_PROTOBUF))
        );
        assert_eq!(
            n(None, &["centrifuge-json"]),
            (Protocol::Json, Some(SUBPROTOCOL_JSON))
        );
        assert_eq!(
            n(Some("cf_protocol=json"), &["other"]),
            (Protocol::Json, None)
        );
        let err = Protocol::negotiate(Some("cf_protocol=xml"), &[]).unwrap_err();
        assert!(err.contains("cf_protocol") && err.contains("xml"), "{err}");
    }

    #[test]
    fn pings_are_empty_replies() {
        assert_eq!(&Protocol::Json.ping()[..], b"{}");
        // An empty Reply message behind its varint length 0.
        assert_eq!(&Protocol::Protobuf.ping()[..], &[0]);
    }
}

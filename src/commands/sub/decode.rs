//! Decoding what the server sends `centri sub`: the JSON lines of a frame (replies, pushes and
//! pings; Protobuf frames arrive here already turned into JSON by [`super::link`]), and the
//! application of fossil deltas to the publications of channels that negotiated them. It owns
//! the wire shapes of incoming messages; what to do with them is [`super::Sub`]'s.

use serde::Deserialize;

use super::{Stop, Sub};
use crate::commands::{Class, Failure};
use crate::proto::client::{ConnectResult, RefreshResult, SubscribeResult};
use crate::proto::{ApiError, ClientInfo, Publication, Raw};

/// One line from the server: a reply (`id` > 0), a push, or a ping (neither).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Incoming {
    pub(super) id: u32,
    pub(super) error: Option<ApiError>,
    pub(super) connect: Option<ConnectResult>,
    pub(super) subscribe: Option<SubscribeResult>,
    pub(super) refresh: Option<RefreshResult>,
    pub(super) push: Option<PushIn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PushIn {
    pub(super) channel: String,
    #[serde(rename = "pub")]
    pub(super) publication: Option<Publication>,
    pub(super) join: Option<InfoBody>,
    pub(super) leave: Option<InfoBody>,
    pub(super) unsubscribe: Option<CodeReason>,
    pub(super) subscribe: Option<SubscribeResult>,
    pub(super) message: Option<MessageBody>,
    pub(super) disconnect: Option<CodeReason>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct InfoBody {
    pub(super) info: ClientInfo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CodeReason {
    pub(super) code: u32,
    pub(super) reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MessageBody {
    pub(super) data: Option<Raw>,
}

/// What delta compression did on the channels that negotiated it.
#[derive(Debug, Default)]
pub(super) struct DeltaStats {
    pub(super) publications: u64,
    pub(super) deltas: u64,
    /// The data as it came over the wire (whole or delta)...
    pub(super) wire_bytes: u64,
    /// ...and decoded.
    pub(super) decoded_bytes: u64,
}

impl Sub<'_> {
    /// One text frame: newline-separated replies and pushes.
    pub(super) fn handle_text(&mut self, text: &str) -> Result<Option<Stop>, Failure> {
        for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            let msg: Incoming = match serde_json::from_str(line) {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!("ignoring an undecodable message from the server: {e}");
                    continue;
                }
            };
            if let Some(stop) = self.handle(msg)? {
                return Ok(Some(stop));
            }
        }
        Ok(None)
    }

    /// On a channel with delta compression, the publication's data (a JSON string: whole,
    /// or a delta against the previous one) decoded back into JSON.
    pub(super) fn decode_delta(
        &mut self,
        channel: &str,
        p: &Publication,
    ) -> Result<Option<Raw>, Failure> {
        let Some(base) = self.bases.get_mut(channel) else {
            return Ok(None);
        };
        let bad = |why: String| {
            Failure::new(
                Class::Other,
                format!("cannot decode a publication on {channel}: {why}"),
            )
        };
        let wire: String = serde_json::from_str(p.data.get())
            .map_err(|_| bad("with delta compression its data must be a JSON string".into()))?;
        let wire_bytes = wire.len() as u64;
        let data = if p.delta {
            // a publication is at most a frame: 64 MiB is far above any server's limit
            crate::proto::delta::apply(base, wire.as_bytes(), 64 << 20)
                .map_err(|e| bad(e.to_string()))?
        } else {
            wire.into_bytes()
        };
        let raw = std::str::from_utf8(&data)
            .ok()
            .and_then(|s| serde_json::from_str::<Raw>(s).ok())
            .ok_or_else(|| bad("the decoded data is not JSON".into()))?;
        let st = &mut self.delta_stats;
        st.publications += 1;
        st.deltas += u64::from(p.delta);
        st.wire_bytes += wire_bytes;
        st.decoded_bytes += data.len() as u64;
        *base = data;
        Ok(Some(raw))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::{json, Value};

    use super::super::tests::{args, ctx};
    use super::*;
    use crate::cli::OutputFormat;

    #[test]
    fn delta_publications_are_decoded_and_a_bad_one_ends_the_stream() {
        let c = ctx(OutputFormat::Ndjson);
        let mut s = Sub::new(&c, &args(&["chat:d", "--delta"]), None, None);
        let first = s.first_frame("T").unwrap();
        assert!(first.contains(r#""delta":"fossil""#), "{first}");
        let base = r#"{"n":1,"text":"something long enough to be worth a delta"}"#;
        let next = r#"{"n":2,"text":"something long enough to be worth a delta"}"#;
        let d = fossil_delta::delta(next.as_bytes(), base.as_bytes());
        let push = |data: &str, delta: bool| {
            let pub_ = json!({"data": data, "delta": delta});
            json!({"push": {"channel": "chat:d", "pub": pub_}}).to_string()
        };
        let frame = [
            r#"{"id":1,"connect":{"client":"c1"}}"#.to_string(),
            r#"{"id":2,"subscribe":{"delta":true}}"#.to_string(),
            push(base, false),
            push(std::str::from_utf8(&d).unwrap(), true),
        ]
        .join("\n");
        assert_eq!(s.handle_text(&frame).unwrap(), None);
        let out: Vec<Value> = s
            .buf
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(out[0]["data"]["n"], 1);
        assert_eq!(out[1]["data"]["n"], 2, "rebuilt from the delta");
        assert_eq!((s.delta_stats.publications, s.delta_stats.deltas), (2, 1));
        // a corrupt delta, or data that is not a string: exit 1 with what went wrong
        for bad in [
            push("5\n5:abcde0;", true),
            json!({"push": {"channel": "chat:d", "pub": {"data": {"n": 3}}}}).to_string(),
        ] {
            let e = s.handle_text(&bad).unwrap_err();
            assert_eq!(e.class, Class::Other);
            assert!(
                e.message.contains("cannot decode a publication on chat:d"),
                "{}",
                e.message
            );
        }
    }
}

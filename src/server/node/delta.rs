//! Fossil deltas at fan-out: what a channel's delta subscribers get for a publication (the
//! fossil delta against the previous publication, or on a map channel against the key's
//! previous value, in each protocol the channel's subscribers speak), and the base kept for
//! the next one.

use bytes::Bytes;

use crate::proto::client::{push_json, PushEvent};
use crate::proto::codec::protobuf;
use crate::proto::Publication;

/// The pushes delta subscribers get for `p`.
#[derive(Debug, Default)]
pub(super) struct DeltaPushes {
    /// JSON: the data as a JSON string (what a delta subscriber without a base gets)...
    pub(super) full_str: Option<Bytes>,
    /// ...and the fossil delta against the previous publication, as a string.
    pub(super) json: Option<Bytes>,
    /// Protobuf: the fossil delta as bytes.
    pub(super) pb: Option<Bytes>,
}

/// The pushes delta subscribers of `subs` get for `p`: when `delta` and the channel has a
/// previous publication, a fossil delta against it (only when smaller), in each protocol
/// the channel's subscribers speak. Records `p` as the next base.
pub(super) fn delta_pushes(
    channel: &str,
    subs: &mut crate::server::hub::ChannelSubs,
    p: &Publication,
    delta: bool,
) -> DeltaPushes {
    let (json, pb) = (subs.has_json() && p.binary.is_none(), subs.has_protobuf());
    let cur = p.data_bytes();
    let mut out = DeltaPushes::default();
    if !p.key.is_empty() {
        // a map change: the delta is against the key's previous value; a removal goes as
        // it is and ends the key's chain
        if p.removed {
            subs.prev_by_key.remove(&p.key);
            return out;
        }
        let base = subs.prev_by_key.get(&p.key).cloned();
        fill_deltas(&mut out, channel, p, cur, base.as_ref(), (json, pb));
        subs.prev_by_key
            .insert(p.key.clone(), Bytes::copy_from_slice(cur));
        return out;
    }
    let base = subs.prev.clone().filter(|_| delta);
    fill_deltas(&mut out, channel, p, cur, base.as_ref(), (json, pb));
    subs.prev = Some(Bytes::copy_from_slice(cur));
    out
}

/// The whole data as a string (JSON delta subscribers read every publication so) and, with a
/// base, the fossil delta against it when that is shorter.
fn fill_deltas(
    out: &mut DeltaPushes,
    channel: &str,
    p: &Publication,
    cur: &[u8],
    base: Option<&Bytes>,
    (json, pb): (bool, bool),
) {
    if json {
        out.full_str = crate::proto::with_string_data(p, cur, false)
            .map(|f| Bytes::from(push_json(channel, &PushEvent::Pub(&f))));
    }
    if let Some(base) = base {
        let d = fossil_delta::delta(cur, base);
        if d.len() < cur.len() {
            if json {
                out.json = crate::proto::with_string_data(p, &d, true)
                    .map(|f| Bytes::from(push_json(channel, &PushEvent::Pub(&f))));
            }
            if pb {
                out.pb = Some(Bytes::from(protobuf::publication_push(
                    channel, p, &d, true,
                )));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn publication(data: &str) -> Publication {
        Publication {
            data: serde_json::value::RawValue::from_string(data.to_string()).unwrap(),
            info: None,
            offset: 1,
            tags: BTreeMap::new(),
            delta: false,
            binary: None,
            key: String::new(),
            removed: false,
            version: 0,
        }
    }

    /// A push's `data` string and `delta` flag.
    fn data_of(push: &Bytes) -> (String, bool) {
        let v: serde_json::Value = serde_json::from_slice(push).unwrap();
        let p = &v["push"]["pub"];
        (p["data"].as_str().unwrap().to_string(), p["delta"] == true)
    }

    #[test]
    fn deltas_rebuild_every_publication_and_fall_back_to_whole_data() {
        // a channel with a JSON and a Protobuf delta subscriber: both forms are built
        let hub = crate::server::hub::Hub::default();
        let mut locked = hub.lock("c");
        for (conn, protobuf) in [(1, false), (2, true)] {
            locked.add(
                conn,
                crate::server::hub::Subscriber {
                    outbox: Arc::new(crate::server::outbox::Outbox::new(1 << 20)),
                    user: "u".into(),
                    client: "c".into(),
                    push_join_leave: false,
                    min_offset: 0,
                    tags_filter: None,
                    delta_base: Some(false),
                    protobuf,
                },
            );
        }
        let subs = locked.subs_mut().unwrap();
        // a fixed seed: the same documents every run
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let words = [
            "alpha",
            "beta",
            "gamma",
            "δέλτα",
            "日本",
            "🚀",
            "\\\"q\\\"",
            "x",
        ];
        let mut base: Option<String> = None;
        let mut deltas = 0;
        for round in 0..300 {
            let n = rng.random_range(0..60);
            let body: Vec<&str> = (0..n)
                .map(|_| words[rng.random_range(0..words.len())])
                .collect();
            let json = format!("{{\"round\":{round},\"text\":\"{}\"}}", body.join(" "));
            let p = publication(&json);
            let out = delta_pushes("c", subs, &p, round % 5 != 0);
            let (whole, was_delta) = data_of(&out.full_str.unwrap());
            assert!(!was_delta);
            assert_eq!(whole, json);
            assert_eq!(
                out.json.is_some(),
                out.pb.is_some(),
                "both forms or neither"
            );
            if let Some(d) = out.json {
                let (patch, was_delta) = data_of(&d);
                assert!(was_delta && patch.len() < json.len());
                let rebuilt = fossil_delta::apply(base.as_ref().unwrap(), patch.as_bytes());
                assert_eq!(String::from_utf8(rebuilt.unwrap()).unwrap(), json);
                // the Protobuf form carries the same delta as bytes
                let mut b = &out.pb.unwrap()[..];
                let r = <crate::proto::codec::protobuf::wire::Reply as prost::Message>::decode_length_delimited(&mut b)
                    .unwrap();
                let pb = r.push.unwrap().publication.unwrap();
                assert!(pb.delta);
                assert_eq!(pb.data, patch.as_bytes());
                deltas += 1;
            }
            base = Some(json);
        }
        assert!(
            deltas > 50,
            "deltas should pay off on similar documents: {deltas}"
        );
    }
}

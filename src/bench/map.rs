//! The load of `centri bench map`: filling a map channel with K keys through the server API
//! ([`fill`]), the map subscribers that fetch its state over the client protocol as the SDK
//! does ([`client`]), and the bookkeeping of which keys each subscriber got ([`KeySet`]).
//!
//! The keys are `k0`, `k1`, … `k{K-1}`, and the value of key `kI` is the bench payload
//! `{"n":I,"t":0,"p":"x…"}` padded to the value size: the same data, byte for byte in
//! length, as publication I of the stream baseline (whose `t` is its send time), so that both
//! sides deliver the same bytes of data.
//!
//! Imports point at `client`, `proto` and the rest of `bench` only; never at `server` or
//! `commands`.

use std::sync::Arc;
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use super::accounting::{payload, Tally};
use super::load::call_checked;
use crate::client::{Client, ClientError};

pub mod client;

/// What every key starts with; the rest is its index.
const KEY_PREFIX: &str = "k";

/// The name of key `i`.
pub fn key(i: u64) -> String {
    format!("{KEY_PREFIX}{i}")
}

/// The index of a bench key (`k17` → 17); `None` for anything else.
fn key_index(key: &str) -> Option<u64> {
    let digits = key.strip_prefix(KEY_PREFIX)?;
    // `k007` is not a key the bench wrote.
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Which of the keys `k0..k{K-1}` one subscriber received, and how often.
#[derive(Debug, Clone)]
pub struct KeySet {
    keys: u64,
    /// Bit `i` set: key `i` was received.
    seen: Vec<u64>,
    distinct: u64,
    received: u64,
    duplicates: u64,
    unexpected: u64,
}

impl KeySet {
    /// An empty set for the keys `0..keys`.
    pub fn new(keys: u64) -> Self {
        let words = usize::try_from(keys.div_ceil(64)).unwrap_or(0);
        Self {
            keys,
            seen: vec![0; words],
            distinct: 0,
            received: 0,
            duplicates: 0,
            unexpected: 0,
        }
    }

    /// One state entry with this key.
    pub fn record(&mut self, key: &str) {
        self.received += 1;
        let Some(i) = key_index(key).filter(|&i| i < self.keys) else {
            self.unexpected += 1;
            return;
        };
        // `i < keys`, so the word exists.
        let (word, bit) = ((i / 64) as usize, 1u64 << (i % 64));
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.distinct += 1;
        } else {
            self.duplicates += 1;
        }
    }

    /// Entries recorded, duplicates and foreign keys included.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Every key exactly once, and nothing else.
    pub fn complete(&self) -> bool {
        self.distinct == self.keys && self.duplicates == 0 && self.unexpected == 0
    }

    /// The outcome in the terms of the stream's [`Tally`]: every key expected once.
    pub fn tally(&self) -> Tally {
        Tally {
            expected: self.keys,
            received: self.received,
            missing: self.keys - self.distinct,
            duplicates: self.duplicates,
            reordered: 0,
            unexpected: self.unexpected,
        }
    }
}

/// The body of one `/api/batch` request writing keys `first..first + k` into `channel`.
pub fn fill_body(channel: &str, first: u64, k: u64, size: usize) -> Vec<u8> {
    use std::fmt::Write as _;
    let channel = serde_json::to_string(channel).unwrap_or_default();
    let mut s = String::with_capacity((size + 64) * usize::try_from(k).unwrap_or(1) + 16);
    s.push_str("{\"commands\":[");
    for i in first..first + k {
        if i > first {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"map_publish\":{{\"channel\":{channel},\"key\":\"{}\",\"data\":{}}}}}",
            key(i),
            payload(i, 0, size)
        );
    }
    s.push_str("]}");
    s.into_bytes()
}

/// What filling the map took.
#[derive(Debug, Clone, Copy, Default)]
pub struct FillOutcome {
    /// Keys written.
    pub keys: u64,
    pub requests: u64,
    pub seconds: f64,
}

/// Writes keys `0..keys` with values of `size` bytes, `batch` per `/api/batch` request and
/// `concurrency` requests in flight. Stops at the first failed request (the ones in flight
/// finish) or at `stop`; each request is bounded by the client's timeout.
pub async fn fill(
    api: &Client,
    channel: &str,
    keys: u64,
    size: usize,
    (batch, concurrency): (u64, usize),
    stop: &CancellationToken,
    on_keys: &dyn Fn(u64),
) -> Result<FillOutcome, ClientError> {
    let started = Instant::now();
    let channel: Arc<str> = Arc::from(channel);
    let batch = batch.max(1);
    let mut inflight: tokio::task::JoinSet<(u64, Result<(), ClientError>)> =
        tokio::task::JoinSet::new();
    let mut out = FillOutcome::default();
    let mut first_error = None;
    let mut next = 0;
    // At most keys / batch + 1 requests.
    while next < keys && first_error.is_none() && !stop.is_cancelled() {
        while inflight.len() >= concurrency.max(1) {
            match inflight.join_next().await {
                Some(Ok((k, Ok(())))) => {
                    out.keys += k;
                    on_keys(out.keys);
                }
                Some(Ok((_, Err(e)))) => {
                    first_error.get_or_insert(e);
                }
                Some(Err(_)) | None => {}
            }
        }
        if first_error.is_some() {
            break;
        }
        let k = batch.min(keys - next);
        let body = fill_body(&channel, next, k, size);
        let api = api.clone();
        inflight.spawn(async move { (k, call_checked(&api, "batch", body).await) });
        out.requests += 1;
        next += k;
    }
    // Bounded by the client's timeout.
    while let Some(r) = inflight.join_next().await {
        match r {
            Ok((k, Ok(()))) => {
                out.keys += k;
                on_keys(out.keys);
            }
            Ok((_, Err(e))) => {
                first_error.get_or_insert(e);
            }
            Err(_) => {}
        }
    }
    out.seconds = started.elapsed().as_secs_f64();
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_index() {
        assert_eq!(key(0), "k0");
        assert_eq!(key(9_999), "k9999");
        assert_eq!(key_index("k17"), Some(17));
        assert_eq!(key_index(&key(123_456)), Some(123_456));
        for foreign in [
            "",
            "k",
            "k07",
            "x1",
            "k1a",
            "K1",
            "k-1",
            "k99999999999999999999999",
        ] {
            assert_eq!(key_index(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn a_key_set_finds_missing_duplicate_and_foreign_keys() {
        let mut s = KeySet::new(130);
        for i in 0..130 {
            s.record(&key(i));
        }
        assert!(s.complete());
        assert_eq!(
            s.tally(),
            Tally {
                expected: 130,
                received: 130,
                ..Tally::default()
            }
        );

        let mut s = KeySet::new(5);
        for k in ["k0", "k1", "k1", "k4", "k5", "other"] {
            s.record(k);
        }
        assert!(!s.complete());
        let t = s.tally();
        assert_eq!(
            (
                t.expected,
                t.received,
                t.missing,
                t.duplicates,
                t.unexpected
            ),
            (5, 6, 2, 1, 2),
            "k2 and k3 missing, k1 twice, k5 and `other` are not bench keys"
        );
        assert_eq!(s.received(), 6);
        // No keys: complete when nothing came.
        assert!(KeySet::new(0).complete());
    }

    #[test]
    fn fill_bodies_are_batches_of_map_publishes_of_the_payload() {
        let body = fill_body("map:bench", 10, 3, 100);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let cmds = v["commands"].as_array().unwrap();
        assert_eq!(cmds.len(), 3);
        for (j, c) in cmds.iter().enumerate() {
            let p = &c["map_publish"];
            assert_eq!(p["channel"], "map:bench");
            assert_eq!(p["key"], format!("k{}", 10 + j));
            assert_eq!(p["data"]["n"], 10 + j);
            assert_eq!(serde_json::to_string(&p["data"]).unwrap().len(), 100);
        }
        // Names that need escaping stay JSON.
        let body = fill_body("a\"b", 0, 1, 0);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["commands"][0]["map_publish"]["channel"], "a\"b");
    }
}

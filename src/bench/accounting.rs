//! Delivery bookkeeping for `centri bench`, with no I/O: which publications a subscriber got
//! (sequence numbers per channel: missing, duplicate, reordered), how late they were (an HDR
//! histogram of publish→receive latency), the publication payload that carries both numbers,
//! the cheap classifiers of what arrives ([`scan`] for a JSON line, [`scan_frame`] for the
//! messages of a Protobuf frame), and the ratio of each reported figure to the baseline's.
//!
//! Every publication's data is `{"n":SEQ,"t":MICROS,"p":"xx…"}`: `n` counts 0, 1, 2, ... per
//! channel, `t` is the send time in microseconds since the bench process started (publisher
//! and subscribers share the process, so one monotonic clock serves both), and `p` pads the
//! data to the requested size.

use std::collections::BTreeMap;
use std::ops::Range;

use hdrhistogram::Histogram;
use serde::Serialize;

/// What one subscriber saw of one channel's sequence numbers `0, 1, 2, ...`. Memory stays
/// small when nothing is lost: only the holes are kept, as ranges.
#[derive(Debug, Default, Clone)]
pub struct SeqTracker {
    /// One past the highest number seen.
    next: u64,
    /// Numbers below `next` not seen (yet): start → end (exclusive); disjoint, never adjacent.
    gaps: BTreeMap<u64, u64>,
    received: u64,
    duplicates: u64,
    reordered: u64,
}

/// The outcome for one subscriber, or the sum over many.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Publications that should have arrived.
    pub expected: u64,
    /// Publications that arrived, duplicates included.
    pub received: u64,
    /// Expected and never arrived.
    pub missing: u64,
    /// Arrived more than once (each extra arrival counts).
    pub duplicates: u64,
    /// Arrived after a later one (not an error by itself).
    pub reordered: u64,
    /// Arrived without having been published successfully (a refused request, or beyond the
    /// last one published).
    pub unexpected: u64,
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        self.expected += o.expected;
        self.received += o.received;
        self.missing += o.missing;
        self.duplicates += o.duplicates;
        self.reordered += o.reordered;
        self.unexpected += o.unexpected;
    }
}

impl SeqTracker {
    /// One arrival of number `n`.
    pub fn record(&mut self, n: u64) {
        self.received += 1;
        if n == self.next {
            self.next += 1;
            return;
        }
        if n > self.next {
            self.gaps.insert(self.next, n);
            self.next = n + 1;
            return;
        }
        // Below `next`: it fills a hole, or it was seen before.
        let Some((&start, &end)) = self.gaps.range(..=n).next_back() else {
            self.duplicates += 1;
            return;
        };
        if n >= end {
            self.duplicates += 1;
            return;
        }
        self.reordered += 1;
        self.gaps.remove(&start);
        if start < n {
            self.gaps.insert(start, n);
        }
        if n + 1 < end {
            self.gaps.insert(n + 1, end);
        }
    }

    /// Arrivals so far, duplicates included.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Compares what arrived with what was published: numbers `0..published`, less the
    /// `failed` ranges (requests the server refused, whose publications may never come).
    pub fn tally(&self, published: u64, failed: &[Range<u64>]) -> Tally {
        let failed = normalize(failed);
        let gaps: Vec<Range<u64>> = self.gaps.iter().map(|(&s, &e)| s..e).collect();
        // O = [0, published) \ failed: what should arrive; S = [0, next) \ gaps: what did.
        let ok = published - covered(&failed, 0..published);
        let seen = self.next - covered(&gaps, 0..self.next);
        let both = within_less(0..published.min(self.next), &failed, &gaps);
        Tally {
            expected: ok,
            received: self.received,
            missing: ok - both,
            duplicates: self.duplicates,
            reordered: self.reordered,
            unexpected: seen - both,
        }
    }
}

/// Sorted, merged copies of `ranges`.
fn normalize(ranges: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut v: Vec<Range<u64>> = ranges.iter().filter(|r| r.start < r.end).cloned().collect();
    v.sort_by_key(|r| r.start);
    let mut out: Vec<Range<u64>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn overlap(a: &Range<u64>, b: &Range<u64>) -> u64 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// How much of `within` the disjoint `ranges` cover.
fn covered(ranges: &[Range<u64>], within: Range<u64>) -> u64 {
    ranges.iter().map(|r| overlap(r, &within)).sum()
}

/// The size of `within \ a \ b`, for sets of disjoint ranges `a` and `b`.
fn within_less(within: Range<u64>, a: &[Range<u64>], b: &[Range<u64>]) -> u64 {
    let len = within.end.saturating_sub(within.start);
    let both: u64 = a
        .iter()
        .flat_map(|x| {
            b.iter()
                .map(move |y| x.start.max(y.start)..x.end.min(y.end))
        })
        .map(|r| overlap(&r, &within))
        .sum();
    len - covered(a, within.clone()) - covered(b, within) + both
}

/// Publish→receive (or request) latency in microseconds, 1 µs to one hour, 3 significant
/// digits.
#[derive(Debug, Clone)]
pub struct Latency(Histogram<u64>);

/// Percentiles of a [`Latency`], in milliseconds (microsecond resolution).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatencySummary {
    pub count: u64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
    pub mean: f64,
}

/// The highest latency kept: one hour.
const MAX_LATENCY_US: u64 = 3_600_000_000;

impl Default for Latency {
    fn default() -> Self {
        Self::new()
    }
}

impl Latency {
    pub fn new() -> Self {
        Self(
            Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
                .expect("constant histogram bounds are valid"),
        )
    }

    /// Records one sample; values beyond the range are clamped.
    pub fn record(&mut self, micros: u64) {
        self.0.saturating_record(micros);
    }

    pub fn merge(&mut self, other: &Latency) {
        // Same bounds on both sides: adding cannot fail.
        let _ = self.0.add(&other.0);
    }

    pub fn count(&self) -> u64 {
        self.0.len()
    }

    /// The percentiles; `None` without samples.
    pub fn summary(&self) -> Option<LatencySummary> {
        if self.0.is_empty() {
            return None;
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Some(LatencySummary {
            count: self.0.len(),
            p50: ms(self.0.value_at_quantile(0.50)),
            p90: ms(self.0.value_at_quantile(0.90)),
            p99: ms(self.0.value_at_quantile(0.99)),
            p999: ms(self.0.value_at_quantile(0.999)),
            max: ms(self.0.max()),
            mean: self.0.mean().round() / 1000.0,
        })
    }
}

/// The smallest data that carries a padding field: `{"n":0,"t":0,"p":""}`.
pub const MIN_PADDED: usize = 20;

/// The publication data `{"n":N,"t":T,"p":"xx…"}`, padded to `size` bytes when that is
/// larger than the unpadded object (a smaller `size` gives `{"n":N,"t":T}`).
pub fn payload(n: u64, t: u64, size: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(size.max(32));
    let _ = write!(s, "{{\"n\":{n},\"t\":{t}");
    // `,"p":""` and the closing brace.
    let room = size.saturating_sub(s.len() + 8);
    if size >= s.len() + 8 {
        s.push_str(",\"p\":\"");
        s.extend(std::iter::repeat_n('x', room));
        s.push('"');
    }
    s.push('}');
    s
}

/// What one line (one JSON object) from the server is, as far as the bench cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A publication push carrying a bench sequence number and, usually, a send time.
    Publication { n: u64, t: Option<u64> },
    /// `{}`: a server ping.
    Ping,
    /// Anything else: replies, other pushes, foreign publications; for a full parse.
    Other(&'a str),
}

/// The marker of a bench publication inside a push (data is passed through verbatim).
const PUB_MARK: &str = "\"pub\":{\"data\":{\"n\":";

/// Classifies a line without a full JSON parse (the hot path of the subscribers).
pub fn scan(line: &str) -> Line<'_> {
    if line == "{}" {
        return Line::Ping;
    }
    if line.starts_with("{\"push\":") {
        if let Some(at) = line.find(PUB_MARK) {
            let rest = &line[at + PUB_MARK.len()..];
            if let Some((n, rest)) = digits(rest) {
                let t = rest.strip_prefix(",\"t\":").and_then(digits).map(|x| x.0);
                return Line::Publication { n, t };
            }
        }
    }
    Line::Other(line)
}

/// A leading decimal number and what follows it.
fn digits(s: &str) -> Option<(u64, &str)> {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    if end == 0 || end > 19 {
        return None;
    }
    s[..end].parse().ok().map(|v| (v, &s[end..]))
}

/// What one message of a Protobuf frame is, as far as the bench cares: [`Line`]'s binary
/// twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary<'a> {
    /// A publication push carrying a bench sequence number and, usually, a send time.
    Publication { n: u64, t: Option<u64> },
    /// An empty message: a server ping (an empty `Reply`).
    Ping,
    /// Anything else, for a full decode: replies, other pushes, foreign publications.
    Other(&'a [u8]),
}

/// Why a Protobuf frame could not be split into its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("truncated or overlong length prefix")]
    Length,
    #[error("message length {0} runs past the frame ({1} bytes left)")]
    Overrun(u64, usize),
}

/// The first byte of a `Reply` whose first field is its push (field 4, length-delimited);
/// replies to commands start with their id (field 1) instead.
const PUSH_TAG: u8 = 0x22;

/// The bench's publication data begins with this; in Protobuf it travels verbatim as the
/// publication's `data` bytes.
const DATA_MARK: &[u8] = b"{\"n\":";

/// Splits a binary frame into its length-delimited messages and classifies each without a
/// Protobuf decode (the hot path of `--protobuf` subscribers). After an error it yields
/// nothing more: the rest of the frame cannot be trusted.
pub fn scan_frame(frame: &[u8]) -> Frame<'_> {
    Frame { rest: frame }
}

/// Iterator over a Protobuf frame's messages; see [`scan_frame`].
#[derive(Debug, Clone)]
pub struct Frame<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Frame<'a> {
    type Item = Result<Binary<'a>, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let item = match varint(self.rest) {
            None => Err(FrameError::Length),
            Some((len, head)) => {
                let body = &self.rest[head..];
                match usize::try_from(len).ok().filter(|&l| l <= body.len()) {
                    None => Err(FrameError::Overrun(len, body.len())),
                    Some(l) => {
                        self.rest = &body[l..];
                        return Some(Ok(classify(&body[..l])));
                    }
                }
            }
        };
        self.rest = &[];
        Some(item)
    }
}

/// A leading base-128 varint and its length in bytes; `None` when truncated or longer than
/// ten bytes.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &byte) in b.iter().take(10).enumerate() {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// One message of a frame. A bench publication is recognised by walking the field tags down
/// to the publication's data (`Reply.push` → `Push.pub` → `Publication.data`: no allocation,
/// no decode of anything else) and reading the marker at its start, so bytes elsewhere in
/// the message can never pass for it.
fn classify(m: &[u8]) -> Binary<'_> {
    if m.is_empty() {
        return Binary::Ping;
    }
    if m[0] == PUSH_TAG {
        let data = field(m, 4)
            .and_then(|push| field(push, 4))
            .and_then(|publication| field(publication, 4));
        if let Some(rest) = data.and_then(|d| d.strip_prefix(DATA_MARK)) {
            if let Some((n, rest)) = digits_bytes(rest) {
                let t = rest
                    .strip_prefix(b",\"t\":")
                    .and_then(digits_bytes)
                    .map(|x| x.0);
                return Binary::Publication { n, t };
            }
        }
    }
    Binary::Other(m)
}

/// The bytes of the first length-delimited field number `want` in a message, skipping the
/// others; `None` when absent or malformed. Each step consumes at least one byte.
fn field(mut m: &[u8], want: u64) -> Option<&[u8]> {
    while !m.is_empty() {
        let (key, n) = varint(m)?;
        m = &m[n..];
        m = match key & 7 {
            0 => m.get(varint(m)?.1..)?,
            1 => m.get(8..)?,
            5 => m.get(4..)?,
            2 => {
                let (len, n) = varint(m)?;
                let end = n.checked_add(usize::try_from(len).ok()?)?;
                let body = m.get(n..end)?;
                if key >> 3 == want {
                    return Some(body);
                }
                &m[end..]
            }
            _ => return None,
        };
    }
    None
}

/// [`digits`] over bytes.
fn digits_bytes(b: &[u8]) -> Option<(u64, &[u8])> {
    let end = b
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(b.len());
    if end == 0 || end > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in &b[..end] {
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some((v, &b[end..]))
}

/// Whether a higher value of a figure is better (rates) or worse (latency, CPU, memory).
/// Ratios are always target ÷ baseline; this only guides how people read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// Target ÷ baseline for each figure path (`"delivery.per_second"`) that both reports carry
/// as a number; `None` when either lacks it or the baseline's is zero. Rounded to 3 decimals.
pub fn ratios(
    target: &serde_json::Value,
    baseline: &serde_json::Value,
    figures: &[(&str, Better)],
) -> BTreeMap<String, Option<f64>> {
    let get = |v: &serde_json::Value, path: &str| {
        path.split('.')
            .try_fold(v, |v, k| v.get(k))
            .and_then(serde_json::Value::as_f64)
    };
    figures
        .iter()
        .filter_map(|(path, _)| {
            let (t, b) = (get(target, path), get(baseline, path));
            if t.is_none() && b.is_none() {
                return None;
            }
            let r = match (t, b) {
                (Some(t), Some(b)) if b != 0.0 => Some((t / b * 1000.0).round() / 1000.0),
                _ => None,
            };
            Some(((*path).to_string(), r))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tracker(seq: &[u64]) -> SeqTracker {
        let mut t = SeqTracker::default();
        for &n in seq {
            t.record(n);
        }
        t
    }

    #[test]
    fn in_order_delivery_is_complete() {
        let t = tracker(&[0, 1, 2, 3, 4]);
        assert_eq!(
            t.tally(5, &[]),
            Tally {
                expected: 5,
                received: 5,
                ..Tally::default()
            }
        );
        assert!(t.gaps.is_empty());
    }

    #[test]
    fn holes_and_a_missing_tail_count_as_missing() {
        // 2 and 5..=6 never came; 8 and 9 were published but nothing arrived after 7.
        let t = tracker(&[0, 1, 3, 4, 7]);
        let tally = t.tally(10, &[]);
        assert_eq!(tally.missing, 1 + 2 + 2, "{tally:?}");
        assert_eq!((tally.expected, tally.received), (10, 5));
        assert_eq!(
            (tally.duplicates, tally.reordered, tally.unexpected),
            (0, 0, 0)
        );
        // Nothing at all.
        assert_eq!(SeqTracker::default().tally(3, &[]).missing, 3);
    }

    #[test]
    fn duplicates_and_reordering() {
        let t = tracker(&[0, 2, 1, 1, 2, 0, 3]);
        let tally = t.tally(4, &[]);
        assert_eq!(tally.missing, 0);
        assert_eq!(tally.duplicates, 3);
        assert_eq!(tally.reordered, 1);
        assert_eq!(tally.received, 7);
        // A late arrival inside a wide hole splits it.
        let t = tracker(&[0, 10, 5, 5]);
        assert_eq!(t.gaps.len(), 2);
        let tally = t.tally(11, &[]);
        assert_eq!(
            (tally.missing, tally.duplicates, tally.reordered),
            (8, 1, 1)
        );
    }

    #[test]
    fn refused_publications_are_not_expected() {
        // Requests for 3..6 failed: their numbers are neither expected nor missing.
        let t = tracker(&[0, 1, 2, 6, 7]);
        let refused: Vec<Range<u64>> = std::iter::once(3..6).collect();
        let tally = t.tally(8, &refused);
        assert_eq!((tally.expected, tally.missing, tally.unexpected), (5, 0, 0));
        // One of them arrived anyway (a partly failed batch): unexpected, not missing.
        let t = tracker(&[0, 1, 2, 4, 6, 7]);
        let tally = t.tally(8, &[5..6, 3..5]);
        assert_eq!((tally.expected, tally.missing, tally.unexpected), (5, 0, 1));
        // Beyond the last publication.
        let t = tracker(&[0, 1, 2]);
        assert_eq!(t.tally(2, &[]).unexpected, 1);
    }

    #[test]
    fn tallies_add_up() {
        let mut sum = Tally::default();
        sum.add(&tracker(&[0, 1]).tally(2, &[]));
        sum.add(&tracker(&[1]).tally(2, &[]));
        assert_eq!((sum.expected, sum.received, sum.missing), (4, 3, 1));
    }

    #[test]
    fn latency_percentiles() {
        let mut l = Latency::new();
        assert!(l.summary().is_none());
        for us in 1..=1000 {
            l.record(us);
        }
        let mut other = Latency::new();
        other.record(50_000);
        other.record(u64::MAX);
        l.merge(&other);
        let s = l.summary().unwrap();
        assert_eq!(s.count, 1002);
        assert!((s.p50 - 0.501).abs() < 0.002, "{s:?}");
        assert!((s.p99 - 0.991).abs() < 0.002, "{s:?}");
        assert!(s.max >= 3_600_000.0 * 0.999, "clamped to an hour: {s:?}");
    }

    #[test]
    fn payloads_have_the_asked_size_and_scan_back() {
        for size in [MIN_PADDED, 64, 100, 1000] {
            let p = payload(123, 456_789, size);
            if size >= 24 {
                assert_eq!(p.len(), size, "{p}");
            }
            let v: serde_json::Value = serde_json::from_str(&p).unwrap();
            assert_eq!(
                (v["n"].as_u64(), v["t"].as_u64()),
                (Some(123), Some(456_789))
            );
        }
        assert_eq!(payload(1, 2, 0), r#"{"n":1,"t":2}"#);
        let line = format!(
            r#"{{"push":{{"channel":"bench-0","pub":{{"data":{},"offset":3}}}}}}"#,
            payload(7, 99, 100)
        );
        assert_eq!(scan(&line), Line::Publication { n: 7, t: Some(99) });
    }

    #[test]
    fn scan_classifies_lines() {
        assert_eq!(scan("{}"), Line::Ping);
        assert_eq!(
            scan(r#"{"push":{"channel":"c","pub":{"data":{"n":5}}}}"#),
            Line::Publication { n: 5, t: None }
        );
        for other in [
            r#"{"id":1,"connect":{"client":"x"}}"#,
            r#"{"push":{"channel":"c","pub":{"data":{"text":"hi"}}}}"#,
            r#"{"push":{"channel":"c","join":{"info":{"user":"1"}}}}"#,
            r#"{"push":{"channel":"c","pub":{"data":{"n":"x"}}}}"#,
            r#"{"id":2,"subscribe":{"publications":[{"data":{"n":1}}]}}"#,
        ] {
            assert_eq!(scan(other), Line::Other(other), "{other}");
        }
    }

    /// A publication push as the server's Protobuf codec writes it.
    fn pb_publication(data: &[u8]) -> Vec<u8> {
        use prost::Message as _;

        use crate::proto::codec::protobuf::wire;
        wire::Reply {
            push: Some(wire::Push {
                channel: "bench-0".into(),
                publication: Some(wire::Publication {
                    data: data.to_vec(),
                    offset: 7,
                    ..wire::Publication::default()
                }),
                ..wire::Push::default()
            }),
            ..wire::Reply::default()
        }
        .encode_length_delimited_to_vec()
    }

    #[test]
    fn protobuf_frames_split_into_pings_publications_and_others() {
        use prost::Message as _;

        use crate::proto::codec::protobuf::wire;
        let mut frame = pb_publication(payload(3, 42, 100).as_bytes());
        frame.push(0); // a ping: an empty Reply
        let reply = wire::Reply {
            id: 1,
            connect: Some(wire::ConnectResult {
                client: "c".into(),
                pong: true,
                ..wire::ConnectResult::default()
            }),
            ..wire::Reply::default()
        }
        .encode_length_delimited_to_vec();
        frame.extend_from_slice(&reply);
        frame.extend(pb_publication(br#"{"n":4}"#));
        // A foreign publication and a join push are not the bench's.
        frame.extend(pb_publication(br#"{"text":"hi"}"#));
        let join = wire::Reply {
            push: Some(wire::Push {
                channel: "bench-0".into(),
                join: Some(wire::InfoOnly::default()),
                ..wire::Push::default()
            }),
            ..wire::Reply::default()
        }
        .encode_length_delimited_to_vec();
        frame.extend_from_slice(&join);
        let got: Vec<Binary<'_>> = scan_frame(&frame).map(Result::unwrap).collect();
        assert_eq!(got.len(), 6, "{got:?}");
        assert_eq!(got[0], Binary::Publication { n: 3, t: Some(42) });
        assert_eq!(got[1], Binary::Ping);
        assert_eq!(got[2], Binary::Other(&reply[1..]));
        let decoded = match got[2] {
            Binary::Other(b) => wire::Reply::decode(b).unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(decoded.connect.unwrap().pong);
        assert_eq!(got[3], Binary::Publication { n: 4, t: None });
        assert!(matches!(got[4], Binary::Other(_)));
        assert_eq!(got[5], Binary::Other(&join[1..]));
        // A reply whose subscribe result recovered bench publications is not a push.
        let sub = wire::Reply {
            id: 2,
            subscribe: Some(wire::SubscribeResult {
                publications: vec![wire::Publication {
                    data: br#"{"n":1,"t":2}"#.to_vec(),
                    ..wire::Publication::default()
                }],
                ..wire::SubscribeResult::default()
            }),
            ..wire::Reply::default()
        }
        .encode_length_delimited_to_vec();
        assert!(matches!(
            scan_frame(&sub).next(),
            Some(Ok(Binary::Other(_)))
        ));
        assert_eq!(scan_frame(&[]).count(), 0);
        assert_eq!(
            scan_frame(&[0, 0]).collect::<Vec<_>>(),
            vec![Ok(Binary::Ping), Ok(Binary::Ping)]
        );
    }

    #[test]
    fn truncated_protobuf_frames_are_errors_never_panics() {
        let whole = pb_publication(payload(9, 1, 64).as_bytes());
        // Every prefix: the complete messages before the cut, then one error (or nothing when
        // the cut falls between messages).
        for cut in 0..whole.len() {
            let items: Vec<_> = scan_frame(&whole[..cut]).collect();
            if cut == 0 {
                assert!(items.is_empty());
            } else {
                assert_eq!(items.len(), 1, "cut at {cut}: {items:?}");
                assert!(items[0].is_err(), "cut at {cut}: {items:?}");
            }
        }
        // An overlong varint and a length past the end.
        let bad = [0xff; 12];
        assert_eq!(
            scan_frame(&bad).collect::<Vec<_>>(),
            vec![Err(FrameError::Length)]
        );
        let mut past = vec![0];
        past.extend_from_slice(&[0x05, 1, 2]);
        assert_eq!(
            scan_frame(&past).collect::<Vec<_>>(),
            vec![Ok(Binary::Ping), Err(FrameError::Overrun(5, 2))]
        );
        // Garbage where the data marker sits: other, not a publication, and no panic.
        for data in [
            &br#"{"n":"#[..],
            br#"{"n":x}"#,
            br#"{"n":99999999999999999999}"#,
        ] {
            let f = pb_publication(data);
            assert!(
                matches!(scan_frame(&f).next(), Some(Ok(Binary::Other(_)))),
                "{}",
                String::from_utf8_lossy(data)
            );
        }
        // Arbitrary bytes never panic.
        let mut x: u32 = 12345;
        for _ in 0..2000 {
            let len = (x % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16) as u8
                })
                .collect();
            assert!(scan_frame(&bytes).count() <= bytes.len());
        }
    }

    #[test]
    fn ratios_divide_target_by_baseline() {
        let t = serde_json::json!({"delivery": {"per_second": 90.0}, "latency_ms": {"p99": 2.0}, "server": null});
        let b = serde_json::json!({"delivery": {"per_second": 100.0}, "latency_ms": {"p99": 0.0}, "server": {"cpu_s": 1.0}});
        let r = ratios(
            &t,
            &b,
            &[
                ("delivery.per_second", Better::Higher),
                ("latency_ms.p99", Better::Lower),
                ("server.cpu_s", Better::Lower),
                ("connect.per_second", Better::Higher),
            ],
        );
        assert_eq!(r["delivery.per_second"], Some(0.9));
        assert_eq!(r["latency_ms.p99"], None, "baseline zero");
        assert_eq!(r["server.cpu_s"], None, "target lacks it");
        assert!(!r.contains_key("connect.per_second"), "neither has it");
    }
}

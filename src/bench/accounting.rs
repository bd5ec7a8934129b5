//! Delivery bookkeeping for `centri bench`, with no I/O: which publications a subscriber got
//! (sequence numbers per channel: missing, duplicate, reordered), how late they were (an HDR
//! histogram of publish→receive latency), the publication payload that carries both numbers,
//! and the ratio of each reported figure to the baseline's.
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

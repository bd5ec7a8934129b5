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

//! The load of `centri bench churn`, a soak: N client slots connect, subscribe, read and
//! leave over and over for the length of the run, while a publisher sends numbered rounds
//! into every channel. Each time a slot connects it picks a behaviour:
//! - *well-behaved*: reads until its lifetime is over, then leaves with a close frame; it
//!   must receive every round published while it was subscribed ([`window`]);
//! - *vanish*: leaves without a close frame, by a TCP reset or a bare FIN;
//! - *stall*: stops reading after it subscribed (the server must close it: no pong, or a
//!   full queue);
//! - *garbage*: sends bad input ([`garbage`]) that the server must answer.
//!
//! Meanwhile the server's RSS and open descriptors are sampled ([`sample`]), so that a soak
//! shows whether either grows under constant load.
//!
//! # Layout
//! - [`client`]: one slot's sessions, each behaviour's protocol and its bounded waits;
//! - [`publisher`]: the rounds, and the sent and acknowledged counters;
//! - [`window`]: what one session was owed, pure;
//! - [`garbage`]: the bad input, pure;
//! - [`sample`]: `/proc` readings and growth, mostly pure.
//!
//! The command (flags, progress, report, exit codes) is `commands::bench::churn`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio_util::sync::CancellationToken;

pub mod client;
pub mod garbage;
pub mod publisher;
pub mod sample;
pub mod window;

/// The shares of the misbehaving clients (each in 0..=1, summing to at most 1); the rest
/// is well-behaved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mix {
    pub vanish: f64,
    pub stall: f64,
    pub garbage: f64,
}

/// What one session does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Well,
    Vanish,
    Stall,
    Garbage,
}

impl Mix {
    /// The well-behaved share.
    pub fn well(&self) -> f64 {
        (1.0 - self.vanish - self.stall - self.garbage).max(0.0)
    }

    /// The behaviour for a uniform draw `x` in `0..1`.
    pub fn pick(&self, x: f64) -> Behaviour {
        if x < self.vanish {
            Behaviour::Vanish
        } else if x < self.vanish + self.stall {
            Behaviour::Stall
        } else if x < self.vanish + self.stall + self.garbage {
            Behaviour::Garbage
        } else {
            Behaviour::Well
        }
    }
}

/// One run's clients.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The server's address and its WebSocket URL.
    pub addr: std::net::SocketAddr,
    pub ws_url: String,
    /// Client slots, each one connection at a time.
    pub clients: u64,
    /// Slot `i` subscribes to channel `i mod len`.
    pub channels: Vec<String>,
    /// A session lasts a uniform draw from this range.
    pub lifetime: (Duration, Duration),
    pub mix: Mix,
    /// How long a stalled client stops reading.
    pub stall_for: Duration,
    /// HMAC secret of the connection tokens (user `churn-I` for slot `I`).
    pub secret: String,
    /// Bound on opening a connection and on the connect and subscribe replies.
    pub timeout: Duration,
    /// WebSocket handshakes in flight.
    pub connect_concurrency: usize,
    /// Seeds every slot's random choices.
    pub seed: u64,
}

/// Everything the slots count, shared.
#[derive(Debug, Default)]
pub struct Counters {
    pub attempts: AtomicU64,
    pub connected: AtomicU64,
    pub connect_failed: AtomicU64,
    /// Open client connections (handshake done, not yet gone).
    pub open: AtomicU64,
    pub sessions: AtomicU64,
    pub well: AtomicU64,
    pub well_expected: AtomicU64,
    pub well_received: AtomicU64,
    pub well_missing: AtomicU64,
    pub well_duplicates: AtomicU64,
    /// Well-behaved sessions the server closed.
    pub well_cut: AtomicU64,
    pub vanish: AtomicU64,
    pub stall: AtomicU64,
    /// Stalled sessions the run ended before their stall was over (not judged).
    pub stall_interrupted: AtomicU64,
    pub stall_still_open: AtomicU64,
    pub garbage: AtomicU64,
    /// Garbage the server neither answered nor closed on.
    pub garbage_ignored: AtomicU64,
    notes: Mutex<Notes>,
}

/// The texts and histograms behind the counters.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Notes {
    pub first_connect_error: Option<String>,
    /// How the server ended well-behaved sessions, e.g. `close 3008 slow`.
    pub first_cut: Option<String>,
    /// How the server ended stalled sessions: `close 3012` → count.
    pub stall_closed: BTreeMap<String, u64>,
    /// Per garbage kind, the server's answer → count.
    pub garbage_answers: BTreeMap<String, BTreeMap<String, u64>>,
    pub first_ignored: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Counters {
    fn get(c: &AtomicU64) -> u64 {
        c.load(Ordering::Relaxed)
    }

    /// The texts and histograms so far.
    pub fn notes(&self) -> Notes {
        lock(&self.notes).clone()
    }

    fn note(&self, f: impl FnOnce(&mut Notes)) {
        f(&mut lock(&self.notes));
    }

    /// A snapshot, for the report.
    pub fn totals(&self) -> Totals {
        let g = Self::get;
        Totals {
            attempts: g(&self.attempts),
            connected: g(&self.connected),
            connect_failed: g(&self.connect_failed),
            sessions: g(&self.sessions),
            well: WellTotals {
                sessions: g(&self.well),
                expected: g(&self.well_expected),
                received: g(&self.well_received),
                missing: g(&self.well_missing),
                duplicates: g(&self.well_duplicates),
                cut_off: g(&self.well_cut),
            },
            vanish: g(&self.vanish),
            stall: StallTotals {
                sessions: g(&self.stall),
                interrupted: g(&self.stall_interrupted),
                still_open: g(&self.stall_still_open),
            },
            garbage: GarbageTotals {
                sessions: g(&self.garbage),
                ignored: g(&self.garbage_ignored),
            },
            notes: self.notes(),
        }
    }
}

/// [`Counters`] at one moment.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub attempts: u64,
    pub connected: u64,
    pub connect_failed: u64,
    pub sessions: u64,
    pub well: WellTotals,
    pub vanish: u64,
    pub stall: StallTotals,
    pub garbage: GarbageTotals,
    pub notes: Notes,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct WellTotals {
    pub sessions: u64,
    /// Rounds owed, summed over sessions.
    pub expected: u64,
    pub received: u64,
    pub missing: u64,
    pub duplicates: u64,
    pub cut_off: u64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct StallTotals {
    pub sessions: u64,
    pub interrupted: u64,
    /// Still open when their stall was over.
    pub still_open: u64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct GarbageTotals {
    pub sessions: u64,
    pub ignored: u64,
}

impl Totals {
    /// Whether every well-behaved client got everything, stayed connected, and every piece of
    /// garbage was answered.
    pub fn clean(&self) -> bool {
        self.well.missing == 0
            && self.well.duplicates == 0
            && self.well.cut_off == 0
            && self.garbage.ignored == 0
            && self.connect_failed == 0
    }
}

/// Runs the slots until `stop`; every slot finishes its session (bounded waits) before this
/// returns.
pub async fn clients(
    plan: Arc<Plan>,
    rounds: Arc<publisher::Rounds>,
    counters: Arc<Counters>,
    stop: CancellationToken,
) {
    let handshakes = Arc::new(tokio::sync::Semaphore::new(plan.connect_concurrency.max(1)));
    let mut slots = tokio::task::JoinSet::new();
    for i in 0..plan.clients {
        let slot = client::Slot {
            index: i,
            plan: plan.clone(),
            rounds: rounds.clone(),
            counters: counters.clone(),
            handshakes: handshakes.clone(),
            stop: stop.clone(),
        };
        slots.spawn(slot.run());
    }
    while slots.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_picks_by_share() {
        let m = Mix {
            vanish: 0.1,
            stall: 0.05,
            garbage: 0.05,
        };
        assert!((m.well() - 0.8).abs() < 1e-9);
        assert_eq!(m.pick(0.0), Behaviour::Vanish);
        assert_eq!(m.pick(0.12), Behaviour::Stall);
        assert_eq!(m.pick(0.17), Behaviour::Garbage);
        assert_eq!(m.pick(0.2), Behaviour::Well);
        assert_eq!(m.pick(0.99), Behaviour::Well);
        let none = Mix {
            vanish: 0.0,
            stall: 0.0,
            garbage: 0.0,
        };
        assert_eq!(none.pick(0.0), Behaviour::Well);
    }
}

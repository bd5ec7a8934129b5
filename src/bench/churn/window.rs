//! What one well-behaved churn session owes: the rounds published after it subscribed and
//! acknowledged before it left. Pure bookkeeping, no I/O.
//!
//! A session reads the publisher's *sent* counter right after its subscribe reply: every round
//! from there on left the publisher after the server had the subscription, so it must arrive.
//! When the session decides to leave it reads the *acknowledged* counter: every round below it
//! was answered by the server. The rounds owed are `from..upto`, less the rounds whose publish
//! the server refused.

/// The rounds one session saw, from the first it is owed.
#[derive(Debug, Clone, Default)]
pub struct Window {
    from: u64,
    /// Bit `k` set: round `from + k` arrived.
    seen: Vec<u64>,
    /// Arrivals of rounds at or after `from`, duplicates included.
    received: u64,
    duplicates: u64,
}

/// A session's account, once it has left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Owed {
    /// Rounds owed.
    pub expected: u64,
    /// Owed rounds that arrived (each once).
    pub received: u64,
    /// Owed rounds that never arrived.
    pub missing: u64,
    /// Extra arrivals of a round already seen.
    pub duplicates: u64,
}

/// The most rounds a window tracks past `from`: a session of hours at thousands of rounds per
/// second stays far below it, and a corrupt sequence number cannot make it allocate more.
const MAX_SPAN: u64 = 1 << 26;

impl Window {
    /// A window owed every round from `from` on.
    pub fn new(from: u64) -> Self {
        Self {
            from,
            ..Self::default()
        }
    }

    /// The first round owed.
    pub fn from(&self) -> u64 {
        self.from
    }

    /// One arrival of round `n`; rounds before the window (in flight when the subscription
    /// began) are not owed and not counted.
    pub fn record(&mut self, n: u64) {
        let Some(k) = n.checked_sub(self.from) else {
            return;
        };
        if k >= MAX_SPAN {
            return;
        }
        let (word, bit) = (usize::try_from(k / 64).unwrap_or(0), k % 64);
        if self.seen.len() <= word {
            self.seen.resize(word + 1, 0);
        }
        self.received += 1;
        if self.seen[word] & (1 << bit) != 0 {
            self.duplicates += 1;
        } else {
            self.seen[word] |= 1 << bit;
        }
    }

    fn has(&self, n: u64) -> bool {
        let Some(k) = n.checked_sub(self.from) else {
            return false;
        };
        usize::try_from(k / 64)
            .ok()
            .and_then(|w| self.seen.get(w))
            .is_some_and(|w| w & (1 << (k % 64)) != 0)
    }

    /// The account for rounds `from..upto`, less `refused` (sorted or not).
    pub fn owed(&self, upto: u64, refused: &[u64]) -> Owed {
        let span = upto.saturating_sub(self.from);
        let excused = refused
            .iter()
            .filter(|&&r| r >= self.from && r < upto)
            .count() as u64;
        let expected = span - excused.min(span);
        let received = (self.from..upto)
            .filter(|&n| self.has(n) && !refused.contains(&n))
            .count() as u64;
        Owed {
            expected,
            received,
            missing: expected - received.min(expected),
            duplicates: self.duplicates,
        }
    }

    /// Whether every owed round below `upto` has arrived.
    pub fn complete(&self, upto: u64, refused: &[u64]) -> bool {
        self.owed(upto, refused).missing == 0
    }

    /// Arrivals counted so far.
    pub fn received(&self) -> u64 {
        self.received
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_before_the_window_are_not_owed() {
        let mut w = Window::new(10);
        for n in [8, 9, 10, 11, 12] {
            w.record(n);
        }
        assert_eq!(
            w.owed(13, &[]),
            Owed {
                expected: 3,
                received: 3,
                missing: 0,
                duplicates: 0
            }
        );
        assert!(w.complete(13, &[]));
        assert_eq!(w.received(), 3);
    }

    #[test]
    fn holes_duplicates_and_refused_rounds() {
        let mut w = Window::new(100);
        for n in [100, 101, 101, 103, 170, 104] {
            w.record(n);
        }
        // 100..110 owed; 102 refused by the server; 105..110 never came.
        let o = w.owed(110, &[102, 7]);
        assert_eq!(o.expected, 9);
        assert_eq!(o.received, 4);
        assert_eq!(o.missing, 5);
        assert_eq!(o.duplicates, 1);
        assert!(!w.complete(110, &[102]));
        assert!(w.complete(105, &[102]));
        // A session that left before its first owed round owes nothing.
        assert_eq!(w.owed(50, &[]), Owed::default().with_dups(1));
    }

    #[test]
    fn a_wild_sequence_number_allocates_nothing() {
        let mut w = Window::new(0);
        w.record(u64::MAX);
        w.record(MAX_SPAN);
        assert!(w.seen.is_empty());
        assert_eq!(w.owed(3, &[]).missing, 3);
    }

    impl Owed {
        fn with_dups(mut self, d: u64) -> Self {
            self.duplicates = d;
            self
        }
    }
}

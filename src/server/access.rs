//! Access controls, as Centrifugo PRO's: blocked users, revoked tokens (by `jti`) and
//! invalidated user tokens (every token of a user issued before a time, optionally only the
//! subscription tokens of one channel).
//!
//! Every node keeps the entries in memory ([`Access`]), so a check on connect, refresh or
//! subscribe is one hash lookup per table, and none at all while a table is empty. An entry
//! ends at its `expire_at` (unix seconds; 0: never). On the memory engine the entries live
//! as long as the process. On the Redis engine they are also written to Redis
//! ([`crate::server::engine::redis`]'s access hashes), announced to the other nodes, and
//! loaded again by every node at start and every [`RELOAD`], so they survive restarts and
//! a missed announcement.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How often a node on the Redis engine reloads the entries from Redis.
pub const RELOAD: Duration = Duration::from_secs(10);

/// Expired entries are dropped every this many changes (and at every reload).
const PURGE_EVERY: u64 = 256;

/// The longest user id, token id or channel an entry takes (bytes).
pub const MAX_KEY: usize = 1024;

/// What refused a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The user is blocked, until `until` (0: until unblocked).
    Blocked { until: i64 },
    /// The token's `jti` was revoked.
    Revoked { jti: String, until: i64 },
    /// The token was issued (`iat`) before the user's tokens were invalidated.
    Invalidated { issued_at: i64, before: i64 },
}

impl Refusal {
    /// One line for logs, traces and `explain`.
    pub fn describe(&self) -> String {
        let until = |t: &i64| {
            if *t == 0 {
                String::new()
            } else {
                format!(" until {t} (unix seconds)")
            }
        };
        match self {
            Refusal::Blocked { until: t } => format!("the user is blocked{}", until(t)),
            Refusal::Revoked { jti, until: t } => format!("token {jti:?} is revoked{}", until(t)),
            Refusal::Invalidated { issued_at, before } => format!(
                "the user's tokens issued before {before} were invalidated (this one: iat {issued_at})"
            ),
        }
    }
}

/// One kind of entry, for storage and announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Block,
    Revoke,
    Invalidate,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Block, Kind::Revoke, Kind::Invalidate];

    /// The name of its Redis hash.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Block => "block",
            Kind::Revoke => "revoke",
            Kind::Invalidate => "invalidate",
        }
    }
}

/// One entry: for `Invalidate` the key is [`invalidate_key`] and `before` the time; for the
/// others `before` is 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: Kind,
    pub key: String,
    #[serde(default)]
    pub before: i64,
    #[serde(default)]
    pub expire_at: i64,
}

impl Entry {
    /// How the entry is stored as a hash value: `expire_at` or `before:expire_at`.
    pub fn value(&self) -> String {
        match self.kind {
            Kind::Invalidate => format!("{}:{}", self.before, self.expire_at),
            _ => self.expire_at.to_string(),
        }
    }

    /// The entry a stored hash field and value describe; `None` when the value is not one
    /// this module wrote.
    pub fn parse(kind: Kind, key: &str, value: &str) -> Option<Entry> {
        let (before, expire_at) = match kind {
            Kind::Invalidate => {
                let (b, e) = value.split_once(':')?;
                (b.parse().ok()?, e.parse().ok()?)
            }
            _ => (0, value.parse().ok()?),
        };
        Some(Entry {
            kind,
            key: key.to_string(),
            before,
            expire_at,
        })
    }

    fn live(&self, now: i64) -> bool {
        self.expire_at == 0 || self.expire_at > now
    }
}

/// The key of an invalidation: the user, or the user and a channel (subscription tokens of
/// that channel only).
pub fn invalidate_key(user: &str, channel: &str) -> String {
    if channel.is_empty() {
        user.to_string()
    } else {
        format!("{user}\u{0}{channel}")
    }
}

#[derive(Debug, Default)]
struct Tables {
    /// user → `expire_at`
    blocked: HashMap<String, i64>,
    /// jti → `expire_at`
    revoked: HashMap<String, i64>,
    /// [`invalidate_key`] → (issued before, `expire_at`)
    invalidated: HashMap<String, (i64, i64)>,
}

impl Tables {
    fn is_empty(&self) -> bool {
        self.blocked.is_empty() && self.revoked.is_empty() && self.invalidated.is_empty()
    }

    fn apply(&mut self, e: &Entry) {
        match e.kind {
            Kind::Block => {
                self.blocked.insert(e.key.clone(), e.expire_at);
            }
            Kind::Revoke => {
                self.revoked.insert(e.key.clone(), e.expire_at);
            }
            Kind::Invalidate => {
                // a later invalidation never moves the line back
                let slot = self.invalidated.entry(e.key.clone()).or_insert((0, 0));
                if e.before >= slot.0 {
                    *slot = (e.before, e.expire_at);
                }
            }
        }
    }

    fn purge(&mut self, now: i64) {
        let live = |t: &i64| *t == 0 || *t > now;
        self.blocked.retain(|_, t| live(t));
        self.revoked.retain(|_, t| live(t));
        self.invalidated.retain(|_, (_, t)| live(t));
    }
}

/// The access-control entries of this node.
#[derive(Debug, Default)]
pub struct Access {
    tables: RwLock<Tables>,
    /// False while every table is empty: checks then cost one atomic load.
    any: AtomicBool,
    /// Counts changes, so a reload that read storage before a change does not undo it.
    generation: AtomicU64,
}

impl Access {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Tables> {
        self.tables
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Tables> {
        self.tables
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The change counter, read before a reload reads storage.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Adds or replaces an entry (an expired one is dropped instead).
    pub fn apply(&self, e: &Entry, now: i64) {
        let mut t = self.write();
        let n = self.generation.fetch_add(1, Ordering::AcqRel);
        if e.live(now) {
            t.apply(e);
        }
        // expired entries go every PURGE_EVERY changes (and at every reload): a burst of
        // changes stays linear
        if n.is_multiple_of(PURGE_EVERY) {
            t.purge(now);
        }
        self.any.store(!t.is_empty(), Ordering::Release);
    }

    /// `unblock_user`.
    pub fn unblock(&self, user: &str) {
        let mut t = self.write();
        self.generation.fetch_add(1, Ordering::AcqRel);
        t.blocked.remove(user);
        self.any.store(!t.is_empty(), Ordering::Release);
    }

    /// Replaces every entry with `entries` (a reload from storage), unless something
    /// changed since [`Access::generation`] returned `seen`: then the reload is stale and
    /// nothing is replaced (false).
    pub fn replace(&self, entries: &[Entry], now: i64, seen: u64) -> bool {
        let mut fresh = Tables::default();
        for e in entries.iter().filter(|e| e.live(now)) {
            fresh.apply(e);
        }
        let mut t = self.write();
        if self.generation.load(Ordering::Acquire) != seen {
            return false;
        }
        *t = fresh;
        self.any.store(!t.is_empty(), Ordering::Release);
        true
    }

    /// Whether `user` is blocked now; `Some(until)` (0: until unblocked).
    pub fn blocked(&self, user: &str, now: i64) -> Option<i64> {
        if user.is_empty() || !self.any.load(Ordering::Acquire) {
            return None;
        }
        let t = self.read();
        t.blocked.get(user).copied().filter(|e| *e == 0 || *e > now)
    }

    /// Why a token of `user` with `jti` and `iat` is refused now (for a subscription token,
    /// `channel` is its channel), or `None`. A token without `iat` cannot be placed before an
    /// invalidation, so only its `jti` is checked. (A blocked user is [`Access::blocked`].)
    pub fn token_refused(
        &self,
        user: &str,
        jti: &str,
        iat: i64,
        channel: &str,
        now: i64,
    ) -> Option<Refusal> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let live = |t: i64| t == 0 || t > now;
        let t = self.read();
        if !jti.is_empty() {
            if let Some(&until) = t.revoked.get(jti) {
                if live(until) {
                    return Some(Refusal::Revoked {
                        jti: jti.to_string(),
                        until,
                    });
                }
            }
        }
        if iat > 0 && !user.is_empty() && !t.invalidated.is_empty() {
            let check = |key: &str| {
                t.invalidated
                    .get(key)
                    .filter(|(before, until)| live(*until) && iat < *before)
                    .map(|(before, _)| Refusal::Invalidated {
                        issued_at: iat,
                        before: *before,
                    })
            };
            if let Some(r) = check(user) {
                return Some(r);
            }
            if !channel.is_empty() {
                if let Some(r) = check(&invalidate_key(user, channel)) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// Every live entry, for `centri user blocks` and the dashboard.
    pub fn entries(&self, now: i64) -> Vec<Entry> {
        let live = |t: i64| t == 0 || t > now;
        let t = self.read();
        let mut out: Vec<Entry> = Vec::new();
        out.extend(
            t.blocked
                .iter()
                .filter(|(_, e)| live(**e))
                .map(|(k, e)| Entry {
                    kind: Kind::Block,
                    key: k.clone(),
                    before: 0,
                    expire_at: *e,
                }),
        );
        out.extend(
            t.revoked
                .iter()
                .filter(|(_, e)| live(**e))
                .map(|(k, e)| Entry {
                    kind: Kind::Revoke,
                    key: k.clone(),
                    before: 0,
                    expire_at: *e,
                }),
        );
        out.extend(
            t.invalidated
                .iter()
                .filter(|(_, (_, e))| live(*e))
                .map(|(k, (b, e))| Entry {
                    kind: Kind::Invalidate,
                    key: k.clone(),
                    before: *b,
                    expire_at: *e,
                }),
        );
        out.sort_by(|a, b| (a.kind.name(), &a.key).cmp(&(b.kind.name(), &b.key)));
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn entry(kind: Kind, key: &str, before: i64, expire_at: i64) -> Entry {
        Entry {
            kind,
            key: key.into(),
            before,
            expire_at,
        }
    }

    #[test]
    fn nothing_is_refused_while_the_tables_are_empty() {
        let a = Access::default();
        assert_eq!(a.token_refused("42", "j", 100, "", 1000), None);
        assert_eq!(a.blocked("42", 1000), None);
    }

    #[test]
    fn a_block_holds_until_it_expires_or_is_lifted() {
        let a = Access::default();
        a.apply(&entry(Kind::Block, "42", 0, 2000), 1000);
        a.apply(&entry(Kind::Block, "43", 0, 0), 1000);
        assert_eq!(a.blocked("42", 1999), Some(2000));
        assert_eq!(a.blocked("42", 2000), None, "expired");
        assert_eq!(a.blocked("43", 9_999_999), Some(0), "no expiry");
        assert_eq!(
            a.token_refused("43", "", 0, "", 1000),
            None,
            "a block is not a token's refusal"
        );
        a.unblock("43");
        assert_eq!(a.blocked("43", 1000), None);
        // an already expired block is not kept
        a.apply(&entry(Kind::Block, "44", 0, 500), 1000);
        assert_eq!(a.blocked("44", 400), None);
    }

    #[test]
    fn a_revoked_jti_and_an_invalidation_refuse_tokens() {
        let a = Access::default();
        a.apply(&entry(Kind::Revoke, "tok-1", 0, 5000), 1000);
        a.apply(&entry(Kind::Invalidate, "42", 1500, 0), 1000);
        a.apply(
            &entry(Kind::Invalidate, &invalidate_key("7", "chat:a"), 1500, 0),
            1000,
        );
        assert!(matches!(
            a.token_refused("9", "tok-1", 2000, "", 1000),
            Some(Refusal::Revoked { .. })
        ));
        assert_eq!(
            a.token_refused("9", "tok-1", 2000, "", 5000),
            None,
            "expired"
        );
        assert_eq!(
            a.token_refused("42", "x", 1499, "", 2000),
            Some(Refusal::Invalidated {
                issued_at: 1499,
                before: 1500
            })
        );
        assert_eq!(
            a.token_refused("42", "x", 1500, "", 2000),
            None,
            "issued at the line"
        );
        assert_eq!(
            a.token_refused("42", "x", 0, "", 2000),
            None,
            "no iat: not placed"
        );
        // a channel's invalidation applies to that channel's subscription tokens only
        assert!(a.token_refused("7", "", 1000, "chat:a", 2000).is_some());
        assert_eq!(a.token_refused("7", "", 1000, "chat:b", 2000), None);
        assert_eq!(a.token_refused("7", "", 1000, "", 2000), None);
        // a later call never moves the line back
        a.apply(&entry(Kind::Invalidate, "42", 1200, 0), 2000);
        assert!(a.token_refused("42", "x", 1300, "", 2000).is_some());
    }

    #[test]
    fn stored_values_round_trip_and_bad_ones_are_skipped() {
        for e in [
            entry(Kind::Block, "42", 0, 0),
            entry(Kind::Revoke, "j", 0, 77),
            entry(Kind::Invalidate, "42\u{0}chat", 5, 9),
        ] {
            assert_eq!(Entry::parse(e.kind, &e.key, &e.value()), Some(e.clone()));
        }
        assert_eq!(Entry::parse(Kind::Block, "42", "soon"), None);
        assert_eq!(Entry::parse(Kind::Invalidate, "42", "5"), None);
        assert_eq!(Entry::parse(Kind::Invalidate, "42", "a:b"), None);
    }

    #[test]
    fn a_reload_replaces_everything_and_drops_the_expired() {
        let a = Access::default();
        a.apply(&entry(Kind::Block, "1", 0, 0), 1000);
        let seen = a.generation();
        let stored = [
            entry(Kind::Block, "2", 0, 0),
            entry(Kind::Revoke, "old", 0, 10),
        ];
        // a change after the reload read storage: the reload is stale
        a.apply(&entry(Kind::Block, "3", 0, 0), 1000);
        assert!(!a.replace(&stored, 1000, seen));
        assert_eq!(a.blocked("3", 1000), Some(0));
        assert!(a.replace(&stored, 1000, a.generation()));
        assert_eq!(a.blocked("1", 1000), None);
        assert_eq!(a.blocked("2", 1000), Some(0));
        let all = a.entries(1000);
        assert_eq!(all, [entry(Kind::Block, "2", 0, 0)]);
    }
}

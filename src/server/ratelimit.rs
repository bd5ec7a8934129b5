//! Operation rate limits (Centrifugo PRO's `client.rate_limit`): validation of the config,
//! compilation into flat rules, and the token-bucket check itself.
//!
//! Each bucket is a GCRA cell (one `u64` "theoretical arrival time" per key): `rate` commands
//! per `interval`, with a burst of `rate`. A command is checked against the rule chosen in
//! the documented order (namespace or method override, then the operation, then `default`),
//! then against `total`; it consumes tokens only when every check passed, so rejected
//! commands consume nothing. A rule in dry-run never rejects: the would-be rejection is
//! reported and nothing is consumed.
//!
//! Per-key state is a flat `Vec<u64>` indexed by bucket slot, allocated once per config
//! generation: the check itself does not allocate. Per-user state lives in a sharded map
//! ([`UserBuckets`]) whose entries are reclaimed once every bucket is full again, which is
//! exactly equivalent to having no entry.
//!
//! Live edits (`state`) build a new [`Compiled`] and swap it in [`RateLimits`]; connections
//! notice the new generation at their next command.

pub mod state;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use crate::proto::ratelimit::{Bucket, Hit, LimiterConfig, OpConfig, RateLimitConfig};

use super::config::parse_duration;

/// Operations a limiter knows (Centrifugo PRO's names), in slot order.
pub const OPS: [&str; 14] = [
    "connect",
    "subscribe",
    "unsubscribe",
    "publish",
    "history",
    "presence",
    "presence_stats",
    "refresh",
    "sub_refresh",
    "rpc",
    "map_publish",
    "map_remove",
    "track",
    "untrack",
];

/// Operations that act on a channel (and so take `namespace_overrides`).
const CHANNEL_OPS: [&str; 11] = [
    "subscribe",
    "unsubscribe",
    "publish",
    "history",
    "presence",
    "presence_stats",
    "sub_refresh",
    "map_publish",
    "map_remove",
    "track",
    "untrack",
];

/// Most buckets one rule may have.
const MAX_BUCKETS: usize = 8;

/// The index of `op` in [`OPS`].
pub fn op_index(op: &str) -> Option<usize> {
    OPS.iter().position(|o| *o == op)
}

fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Nanoseconds on a process-wide monotonic clock (never 0, so a zeroed slot means "full").
pub fn now_ns() -> u64 {
    ns_at(Instant::now())
}

/// [`now_ns`] for an instant already read (the session reads the clock once per command).
pub fn ns_at(t: Instant) -> u64 {
    u64::try_from(t.saturating_duration_since(start()).as_nanos()).unwrap_or(u64::MAX) + 1
}

/// Which operations a limiter accepts besides [`OPS`] minus `connect`.
pub(crate) fn allowed_ops(limiter: &str) -> Vec<&'static str> {
    match limiter {
        "client_command" => OPS
            .iter()
            .copied()
            .filter(|o| *o != "connect")
            .chain(["total", "default"])
            .collect(),
        "user_command" => OPS.iter().copied().chain(["total", "default"]).collect(),
        // no `total`; `redis` names where the state lives
        "redis_user_command" => OPS.iter().copied().chain(["default", "redis"]).collect(),
        _ => vec!["total"],
    }
}

/// Validates `c`; the error names the key. `namespaces` are the configured namespace names.
pub fn validate(c: &RateLimitConfig, namespaces: &[&str]) -> Result<(), (String, String)> {
    for (name, l) in c.limiters() {
        let base = format!("client.rate_limit.{name}");
        let allowed = allowed_ops(name);
        for (op, oc) in &l.ops {
            let key = format!("{base}.{op}");
            if !allowed.contains(&op.as_str()) {
                return Err((
                    key,
                    format!(
                        "unknown operation for {name}: use one of {}",
                        allowed.join(", ")
                    ),
                ));
            }
            check_buckets(&key, oc.enabled, &oc.buckets)?;
            if !oc.method_overrides.is_empty() || !oc.method_override.is_empty() {
                if op != "rpc" {
                    return Err((
                        format!("{key}.method_overrides"),
                        "only rpc takes method overrides".into(),
                    ));
                }
                if !oc.method_overrides.is_empty() && !oc.method_override.is_empty() {
                    return Err((
                        format!("{key}.method_override"),
                        "use method_overrides or the legacy method_override, not both".into(),
                    ));
                }
            }
            for (i, m) in oc.method_overrides.iter().enumerate() {
                let k = format!("{key}.method_overrides[{i}]");
                if m.method.is_empty() {
                    return Err((format!("{k}.method"), "must not be empty".into()));
                }
                check_buckets(&k, m.enabled, &m.buckets)?;
            }
            for (m, o) in &oc.method_override {
                check_buckets(&format!("{key}.method_override.{m}"), o.enabled, &o.buckets)?;
            }
            if !oc.namespace_overrides.is_empty() && !CHANNEL_OPS.contains(&op.as_str()) {
                return Err((
                    format!("{key}.namespace_overrides"),
                    "only channel operations take namespace overrides".into(),
                ));
            }
            for (i, n) in oc.namespace_overrides.iter().enumerate() {
                let k = format!("{key}.namespace_overrides[{i}]");
                if !namespaces.contains(&n.namespace_name.as_str()) {
                    return Err((
                        format!("{k}.namespace_name"),
                        format!("{:?} is not a configured namespace", n.namespace_name),
                    ));
                }
                check_buckets(&k, n.enabled, &n.buckets)?;
            }
        }
    }
    Ok(())
}

fn check_buckets(key: &str, enabled: bool, buckets: &[Bucket]) -> Result<(), (String, String)> {
    if enabled && buckets.is_empty() {
        return Err((key.into(), "enabled but has no buckets".into()));
    }
    if buckets.len() > MAX_BUCKETS {
        return Err((key.into(), format!("at most {MAX_BUCKETS} buckets")));
    }
    for (i, b) in buckets.iter().enumerate() {
        let k = format!("{key}.buckets[{i}]");
        let d = parse_duration(&b.interval).map_err(|e| (format!("{k}.interval"), e))?;
        if !d.is_positive() {
            return Err((format!("{k}.interval"), "must be positive".into()));
        }
        if b.rate == 0 {
            return Err((format!("{k}.rate"), "must be at least 1".into()));
        }
        if u128::from(b.rate) > d.value.as_nanos() {
            return Err((format!("{k}.rate"), "more than one per nanosecond".into()));
        }
    }
    Ok(())
}

/// One GCRA cell: emission interval `t` and tolerance `tau` (interval - t), in ns.
#[derive(Debug, Clone, Copy)]
struct Cell {
    t: u64,
    tau: u64,
}

/// The buckets of one decision point, with their slots in the per-key state.
#[derive(Debug)]
pub struct Rule {
    /// e.g. `client_command.publish.namespace_overrides.chat`.
    pub key: Box<str>,
    pub dry_run: bool,
    first: usize,
    cells: Box<[Cell]>,
}

impl Rule {
    /// Each bucket's (emission interval, tolerance) in nanoseconds.
    pub fn cells(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.cells.iter().map(|c| (c.t, c.tau))
    }

    #[inline]
    fn allows(&self, tats: &[u64], now: u64) -> bool {
        self.cells
            .iter()
            .zip(&tats[self.first..])
            .all(|(c, &tat)| tat <= now.saturating_add(c.tau))
    }

    #[inline]
    fn consume(&self, tats: &mut [u64], now: u64) {
        for (c, tat) in self.cells.iter().zip(&mut tats[self.first..]) {
            *tat = (*tat).max(now).saturating_add(c.t);
        }
    }
}

#[derive(Debug, Default)]
struct OpRules {
    base: Option<Rule>,
    namespaces: Vec<(Box<str>, Rule)>,
    methods: Vec<(Box<str>, Rule)>,
}

/// One compiled limiter.
#[derive(Debug, Default)]
pub struct Limiter {
    pub name: &'static str,
    ops: Vec<OpRules>,
    default: Option<Rule>,
    total: Option<Rule>,
    slots: usize,
}

/// What a check decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    Allow,
    /// Would have been rejected by this rule, which is in dry-run: allowed, nothing consumed.
    DryRun(&'a str),
    /// Rejected by this rule.
    Reject(&'a str),
}

/// The rate-limit state of one key (a connection or a user).
#[derive(Debug, Default, Clone)]
pub struct KeyState {
    generation: u64,
    tats: Vec<u64>,
}

impl KeyState {
    /// True when every bucket is full again (the state carries no information).
    pub fn is_idle(&self, now: u64) -> bool {
        self.tats.iter().all(|&t| t <= now)
    }
}

impl Limiter {
    fn compile(name: &'static str, c: &LimiterConfig) -> Self {
        let mut l = Limiter {
            name,
            ops: (0..OPS.len()).map(|_| OpRules::default()).collect(),
            ..Limiter::default()
        };
        let mut slots = 0;
        let mut rule =
            |key: String, dry: bool, enabled: bool, buckets: &[Bucket]| -> Option<Rule> {
                if !enabled || buckets.is_empty() {
                    return None;
                }
                let cells: Box<[Cell]> = buckets
                    .iter()
                    .map(|b| {
                        let iv = parse_duration(&b.interval).map_or(1_000_000_000, |d| {
                            u64::try_from(d.value.as_nanos()).unwrap_or(u64::MAX)
                        });
                        let t = (iv / b.rate.max(1)).max(1);
                        Cell {
                            t,
                            tau: iv.saturating_sub(t),
                        }
                    })
                    .collect();
                let r = Rule {
                    key: key.into(),
                    dry_run: dry,
                    first: slots,
                    cells,
                };
                slots += r.cells.len();
                Some(r)
            };
        for (op, oc) in &c.ops {
            let key = format!("{name}.{op}");
            let dry = c.dry_run || oc.dry_run;
            let OpConfig {
                enabled,
                buckets,
                method_overrides,
                method_override,
                namespace_overrides,
                ..
            } = oc;
            match op.as_str() {
                "redis" => {}
                "total" => l.total = rule(key, dry, *enabled, buckets),
                "default" => l.default = rule(key, dry, *enabled, buckets),
                _ => {
                    let Some(i) = op_index(op) else { continue };
                    let r = &mut l.ops[i];
                    r.base = rule(key.clone(), dry, *enabled, buckets);
                    for n in namespace_overrides {
                        if let Some(x) = rule(
                            format!("{key}.namespace_overrides.{}", n.namespace_name),
                            dry,
                            n.enabled,
                            &n.buckets,
                        ) {
                            r.namespaces.push((n.namespace_name.as_str().into(), x));
                        }
                    }
                    for m in method_overrides {
                        if let Some(x) = rule(
                            format!("{key}.method_overrides.{}", m.method),
                            dry,
                            m.enabled,
                            &m.buckets,
                        ) {
                            r.methods.push((m.method.as_str().into(), x));
                        }
                    }
                    for (m, o) in method_override {
                        if let Some(x) = rule(
                            format!("{key}.method_overrides.{m}"),
                            dry,
                            o.enabled,
                            &o.buckets,
                        ) {
                            r.methods.push((m.as_str().into(), x));
                        }
                    }
                }
            }
        }
        l.slots = slots;
        l
    }

    /// The rule that applies to `op`: the override for `namespace`/`method`, else the
    /// operation's buckets, else `default`.
    fn rule_for(&self, op: usize, namespace: &str, method: &str) -> Option<&Rule> {
        let r = self.ops.get(op)?;
        if !namespace.is_empty() {
            if let Some((_, x)) = r.namespaces.iter().find(|(n, _)| &**n == namespace) {
                return Some(x);
            }
        }
        if !method.is_empty() {
            if let Some((_, x)) = r.methods.iter().find(|(m, _)| &**m == method) {
                return Some(x);
            }
        }
        r.base.as_ref().or(self.default.as_ref())
    }

    /// The rule that applies to `op` (for limiters whose state lives elsewhere).
    pub fn select(&self, op: usize, namespace: &str, method: &str) -> Option<&Rule> {
        self.rule_for(op, namespace, method)
    }

    /// Checks (and on success consumes) one command `op` (an index into [`OPS`]; `None` for
    /// the `client_error` limiter, which only has `total`).
    pub fn check<'a>(
        &'a self,
        st: &mut KeyState,
        generation: u64,
        op: Option<usize>,
        namespace: &str,
        method: &str,
        now: u64,
    ) -> Verdict<'a> {
        if st.generation != generation || st.tats.len() != self.slots {
            st.generation = generation;
            st.tats.clear();
            st.tats.resize(self.slots, 0);
        }
        let rule = op.and_then(|op| self.rule_for(op, namespace, method));
        let mut dry: Option<&'a str> = None;
        let mut consume_rule = rule;
        if let Some(r) = rule {
            if !r.allows(&st.tats, now) {
                if !r.dry_run {
                    return Verdict::Reject(&r.key);
                }
                dry = Some(&r.key);
                consume_rule = None;
            }
        }
        let mut consume_total = self.total.as_ref();
        if let Some(t) = &self.total {
            if !t.allows(&st.tats, now) {
                if !t.dry_run {
                    return Verdict::Reject(&t.key);
                }
                dry = dry.or(Some(&t.key));
                consume_total = None;
            }
        }
        if let Some(d) = dry {
            return Verdict::DryRun(d);
        }
        if let Some(r) = consume_rule {
            r.consume(&mut st.tats, now);
        }
        if let Some(t) = consume_total {
            t.consume(&mut st.tats, now);
        }
        Verdict::Allow
    }
}

/// A compiled `client.rate_limit`.
#[derive(Debug, Default)]
pub struct Compiled {
    pub generation: u64,
    pub client_command: Option<Limiter>,
    pub user_command: Option<Limiter>,
    pub client_error: Option<Limiter>,
    /// Its state is in Redis: see [`Limiter::select`].
    pub redis_user_command: Option<Limiter>,
}

impl Compiled {
    /// Compiles a validated config.
    pub fn new(c: &RateLimitConfig, generation: u64) -> Self {
        let l =
            |name: &'static str, lc: &LimiterConfig| lc.enabled.then(|| Limiter::compile(name, lc));
        Self {
            generation,
            client_command: l("client_command", &c.client_command),
            user_command: l("user_command", &c.user_command),
            client_error: l("client_error", &c.client_error),
            redis_user_command: l("redis_user_command", &c.redis_user_command),
        }
    }

    pub fn any(&self) -> bool {
        self.client_command.is_some()
            || self.user_command.is_some()
            || self.client_error.is_some()
            || self.redis_user_command.is_some()
    }
}

const USER_SHARDS: usize = 16;

type ShardMap<V> = HashMap<Box<str>, V, foldhash::fast::RandomState>;

/// A map from string keys (users, API keys) to small state, in mutex-guarded shards.
#[derive(Debug)]
pub struct Sharded<V> {
    shards: Box<[Mutex<ShardMap<V>>]>,
    hasher: foldhash::fast::RandomState,
}

impl<V> Default for Sharded<V> {
    fn default() -> Self {
        Self {
            shards: (0..USER_SHARDS)
                .map(|_| Mutex::new(HashMap::default()))
                .collect(),
            hasher: foldhash::fast::RandomState::default(),
        }
    }
}

impl<V: Default> Sharded<V> {
    /// Runs `f` on `key`'s state (created on first use; no allocation afterwards).
    pub fn with<R>(&self, key: &str, f: impl FnOnce(&mut V) -> R) -> R {
        let shard = &self.shards[(self.hasher.hash_one(key) as usize) % USER_SHARDS];
        let mut g = shard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(st) = g.get_mut(key) {
            return f(st);
        }
        f(g.entry(key.into()).or_default())
    }

    /// Keeps the entries `keep` accepts; returns how many were dropped.
    pub fn retain(&self, keep: impl Fn(&V) -> bool) -> usize {
        let mut removed = 0;
        for s in &*self.shards {
            let mut g = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let before = g.len();
            g.retain(|_, v| keep(v));
            removed += before - g.len();
            if g.capacity() > 64 && g.len() < g.capacity() / 4 {
                g.shrink_to_fit();
            }
        }
        removed
    }

    /// Keys with state.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                s.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .len()
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Per-user bucket state.
pub type UserBuckets = Sharded<KeyState>;

impl Sharded<KeyState> {
    /// Drops the state of every user whose buckets are all full again; returns how many.
    pub fn reclaim(&self, now: u64) -> usize {
        self.retain(|st| !st.is_idle(now))
    }
}

/// Limits of the generic `rate_limit` API method.
pub const MAX_KEY_LEN: usize = 256;

/// The answer of a generic rate-limit check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyVerdict {
    pub allowed: bool,
    /// Whole tokens left after this call.
    pub remaining: u64,
    /// When denied: how long until `cost` tokens are available.
    pub retry_after_ms: u64,
}

/// Arbitrary keys with a GCRA cell each, for the generic `rate_limit` server API method.
/// Every call names its own rate and interval; the state is the key's theoretical arrival
/// time, so a key can be checked with different limits without corruption.
#[derive(Debug, Default)]
pub struct KeyBuckets(Sharded<u64>);

/// GCRA with `cost` tokens: (new tat if allowed, verdict).
pub fn gcra(
    tat: u64,
    now: u64,
    rate: u64,
    interval_ns: u64,
    cost: u64,
) -> (Option<u64>, KeyVerdict) {
    let t = (interval_ns / rate.max(1)).max(1);
    let base = tat.max(now);
    let new_tat = base.saturating_add(t.saturating_mul(cost));
    let limit = now.saturating_add(interval_ns);
    if new_tat <= limit {
        let remaining = (limit - new_tat) / t;
        (
            (cost > 0).then_some(new_tat),
            KeyVerdict {
                allowed: true,
                remaining,
                retry_after_ms: 0,
            },
        )
    } else {
        let remaining = limit.saturating_sub(base) / t;
        let wait = new_tat - limit;
        (
            None,
            KeyVerdict {
                allowed: false,
                remaining,
                retry_after_ms: wait.div_ceil(1_000_000),
            },
        )
    }
}

impl KeyBuckets {
    /// Checks and (when allowed) consumes `cost` tokens of `key`.
    pub fn check(&self, key: &str, rate: u64, interval_ns: u64, cost: u64, now: u64) -> KeyVerdict {
        self.0.with(key, |tat| {
            let (new, v) = gcra(*tat, now, rate, interval_ns, cost);
            if let Some(n) = new {
                *tat = n;
            }
            v
        })
    }

    /// Drops keys whose buckets are full again.
    pub fn reclaim(&self, now: u64) -> usize {
        self.0.retain(|tat| *tat > now)
    }
}

/// Recent hits kept for `ratelimit show`.
const RECENT_HITS: usize = 100;

/// The node's live rate limits: the compiled rules (swapped by live edits), per-user state
/// and recent hits.
#[derive(Debug, Default)]
pub struct RateLimits {
    /// Any limiter enabled: the per-command check when none is.
    active: AtomicBool,
    compiled: RwLock<Arc<Compiled>>,
    generation: AtomicU64,
    pub users: UserBuckets,
    /// Keys of the generic `rate_limit` API method.
    pub keys: KeyBuckets,
    hits: Mutex<std::collections::VecDeque<Hit>>,
}

impl RateLimits {
    pub fn new(c: &RateLimitConfig) -> Self {
        let r = Self::default();
        r.install(c);
        r
    }

    /// Compiles and swaps in a validated config; returns the new generation.
    pub fn install(&self, c: &RateLimitConfig) -> u64 {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let compiled = Compiled::new(c, generation);
        self.active.store(compiled.any(), Ordering::Relaxed);
        *self
            .compiled
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(compiled);
        generation
    }

    /// Whether any limiter is enabled (one atomic load).
    #[inline]
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::Relaxed)
    }

    /// The current rules, or `None` when no limiter is enabled (one atomic load).
    #[inline]
    pub fn current(&self) -> Option<Arc<Compiled>> {
        if !self.active.load(Ordering::Relaxed) {
            return None;
        }
        Some(
            self.compiled
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone(),
        )
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// Carries on from a persisted generation (the state file's, after a restart): the
    /// generation never goes back while the edits it numbers persist.
    pub fn resume(&self, generation: u64) {
        self.generation.fetch_max(generation, Ordering::Relaxed);
    }

    pub fn record(&self, hit: Hit) {
        let mut h = self
            .hits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if h.len() == RECENT_HITS {
            h.pop_front();
        }
        h.push_back(hit);
    }

    pub fn recent_hits(&self) -> Vec<Hit> {
        self.hits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }
}

/// One second of a simulation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SimSecond {
    pub second: u64,
    pub allowed: u64,
    pub rejected: u64,
    pub dry_run: u64,
}

/// Drives the real limiter code with a synthetic clock: one connection of user "sim" sends
/// `op` (in `namespace` / rpc `method`, either may be "") evenly at `per_second` for
/// `duration`. Both `client_command` and `user_command` apply, in that order.
pub fn simulate(
    cfg: &RateLimitConfig,
    op: &str,
    namespace: &str,
    method: &str,
    per_second: f64,
    duration: Duration,
) -> Result<Vec<SimSecond>, String> {
    let idx = op_index(op)
        .ok_or_else(|| format!("unknown operation {op:?}: use one of {}", OPS.join(", ")))?;
    if !(per_second.is_finite() && per_second > 0.0 && per_second <= 1_000_000.0) {
        return Err("rate must be between 0 and 1,000,000 per second".into());
    }
    let secs = duration.as_secs();
    if secs == 0 || secs > 3600 {
        return Err("duration must be between 1s and 1h".into());
    }
    let total = (per_second * secs as f64).round() as u64;
    if total > 10_000_000 {
        return Err("more than 10,000,000 simulated commands: lower the rate or duration".into());
    }
    let c = Compiled::new(cfg, 1);
    let mut conn = KeyState::default();
    let mut user = KeyState::default();
    let mut out: Vec<SimSecond> = (0..secs)
        .map(|s| SimSecond {
            second: s + 1,
            ..SimSecond::default()
        })
        .collect();
    let step = 1e9 / per_second;
    for i in 0..total {
        let now = 1 + (i as f64 * step) as u64;
        let sec = usize::try_from(now / 1_000_000_000).unwrap_or(usize::MAX);
        let Some(row) = out.get_mut(sec) else { break };
        let mut verdict = Verdict::Allow;
        for (l, st) in [(&c.client_command, &mut conn), (&c.user_command, &mut user)] {
            if let Some(l) = l {
                if idx == 0 && l.name == "client_command" {
                    continue; // connect is never limited per connection
                }
                match l.check(st, 1, Some(idx), namespace, method, now) {
                    Verdict::Allow => {}
                    v @ Verdict::DryRun(_) => {
                        verdict = v;
                    }
                    v @ Verdict::Reject(_) => {
                        verdict = v;
                        break;
                    }
                }
            }
        }
        match verdict {
            Verdict::Allow => row.allowed += 1,
            Verdict::DryRun(_) => {
                row.allowed += 1;
                row.dry_run += 1;
            }
            Verdict::Reject(_) => row.rejected += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cfg(json: serde_json::Value) -> RateLimitConfig {
        let c: RateLimitConfig = serde_json::from_value(json).unwrap();
        validate(&c, &["chat"]).unwrap();
        c
    }

    fn b(rate: u64, interval: &str) -> serde_json::Value {
        serde_json::json!({"enabled": true, "buckets": [{"interval": interval, "rate": rate}]})
    }

    const SEC: u64 = 1_000_000_000;
    const PUBLISH: Option<usize> = Some(3);
    const SUBSCRIBE: Option<usize> = Some(1);
    const HISTORY: Option<usize> = Some(4);
    const RPC: Option<usize> = Some(9);

    fn run(
        l: &Limiter,
        st: &mut KeyState,
        op: Option<usize>,
        ns: &str,
        m: &str,
        n: usize,
        now: u64,
    ) -> Vec<String> {
        (0..n)
            .map(|_| match l.check(st, 1, op, ns, m, now) {
                Verdict::Allow => "ok".to_string(),
                Verdict::DryRun(k) => format!("dry:{k}"),
                Verdict::Reject(k) => format!("no:{k}"),
            })
            .collect()
    }

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true, "publish": b(3, "1s")}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        let got = run(l, &mut st, PUBLISH, "", "", 4, SEC);
        assert_eq!(got, ["ok", "ok", "ok", "no:client_command.publish"]);
        // one token comes back every 1/3 s
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 2, SEC + SEC / 3),
            ["ok", "no:client_command.publish"]
        );
        // after a full interval the whole burst is back
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 4, 3 * SEC)
                .iter()
                .filter(|v| *v == "ok")
                .count(),
            3
        );
        // other operations are not limited
        assert_eq!(
            run(l, &mut st, SUBSCRIBE, "", "", 10, 3 * SEC)
                .iter()
                .filter(|v| *v == "ok")
                .count(),
            10
        );
    }

    #[test]
    fn all_buckets_of_a_rule_must_allow() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": 5}, {"interval": "1m", "rate": 6}]}}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 6, SEC)
                .iter()
                .filter(|v| *v == "ok")
                .count(),
            5
        );
        // the per-second bucket refilled, the per-minute one has one token left
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 5, 3 * SEC)
                .iter()
                .filter(|v| *v == "ok")
                .count(),
            1
        );
    }

    #[test]
    fn a_namespace_override_replaces_the_operation_buckets() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}],
                "namespace_overrides": [{"namespace_name": "chat", "enabled": true, "buckets": [{"interval": "1s", "rate": 3}]}]}}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        // chat gets 3 (not 1, and not 1 + 3)
        assert_eq!(
            run(l, &mut st, PUBLISH, "chat", "", 4, SEC),
            [
                "ok",
                "ok",
                "ok",
                "no:client_command.publish.namespace_overrides.chat"
            ]
        );
        // other namespaces still have the base bucket, untouched by chat's traffic
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 2, SEC),
            ["ok", "no:client_command.publish"]
        );
    }

    #[test]
    fn default_applies_to_operations_without_buckets() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "publish": b(5, "1s"), "default": b(1, "1s")}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        assert_eq!(
            run(l, &mut st, HISTORY, "", "", 2, SEC),
            ["ok", "no:client_command.default"]
        );
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 5, SEC)
                .iter()
                .filter(|v| *v == "ok")
                .count(),
            5
        );
    }

    #[test]
    fn total_is_checked_after_the_operation_and_rejections_do_not_consume_it() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "publish": b(2, "1s"), "total": b(4, "1s")}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        // publish rejects its 3rd and 4th: they must not eat total's tokens
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 4, SEC),
            [
                "ok",
                "ok",
                "no:client_command.publish",
                "no:client_command.publish"
            ]
        );
        // 2 of total's 4 are left for other operations
        assert_eq!(
            run(l, &mut st, HISTORY, "", "", 3, SEC),
            ["ok", "ok", "no:client_command.total"]
        );
    }

    #[test]
    fn method_overrides_replace_rpc_buckets() {
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "rpc": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}],
                "method_overrides": [{"method": "getX", "enabled": true, "buckets": [{"interval": "1s", "rate": 2}]}]}}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        assert_eq!(
            run(l, &mut st, RPC, "", "getX", 3, SEC),
            ["ok", "ok", "no:client_command.rpc.method_overrides.getX"]
        );
        assert_eq!(
            run(l, &mut st, RPC, "", "other", 2, SEC),
            ["ok", "no:client_command.rpc"]
        );
        // the legacy map form works the same
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "rpc": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}],
                "method_override": {"getY": {"enabled": true, "buckets": [{"interval": "1s", "rate": 2}]}}}}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        assert_eq!(
            run(l, &mut st, RPC, "", "getY", 3, SEC),
            ["ok", "ok", "no:client_command.rpc.method_overrides.getY"]
        );
    }

    #[test]
    fn dry_run_reports_without_rejecting_or_consuming() {
        let c = Compiled::new(
            &cfg(
                serde_json::json!({"client_command": {"enabled": true, "dry_run": true,
            "publish": b(2, "1s")}}),
            ),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 4, SEC),
            [
                "ok",
                "ok",
                "dry:client_command.publish",
                "dry:client_command.publish"
            ]
        );
        // per operation, too; an enforcing total still rejects
        let c = Compiled::new(
            &cfg(serde_json::json!({"client_command": {"enabled": true,
            "publish": {"enabled": true, "dry_run": true, "buckets": [{"interval": "1s", "rate": 1}]},
            "total": b(2, "1s")}})),
            1,
        );
        let l = c.client_command.as_ref().unwrap();
        let mut st = KeyState::default();
        // a would-be rejection consumes nothing, as it would not have under enforcement
        assert_eq!(
            run(l, &mut st, PUBLISH, "", "", 3, SEC),
            [
                "ok",
                "dry:client_command.publish",
                "dry:client_command.publish"
            ]
        );
        assert_eq!(
            run(l, &mut st, HISTORY, "", "", 2, SEC),
            ["ok", "no:client_command.total"]
        );
    }

    #[test]
    fn a_new_generation_resets_the_state() {
        let conf =
            cfg(serde_json::json!({"client_command": {"enabled": true, "publish": b(1, "1m")}}));
        let c1 = Compiled::new(&conf, 1);
        let mut st = KeyState::default();
        let l = c1.client_command.as_ref().unwrap();
        assert_eq!(l.check(&mut st, 1, PUBLISH, "", "", SEC), Verdict::Allow);
        assert!(matches!(
            l.check(&mut st, 1, PUBLISH, "", "", SEC),
            Verdict::Reject(_)
        ));
        let c2 = Compiled::new(&conf, 2);
        let l = c2.client_command.as_ref().unwrap();
        assert_eq!(l.check(&mut st, 2, PUBLISH, "", "", SEC), Verdict::Allow);
    }

    #[test]
    fn invalid_configs_name_the_key() {
        let bad = [
            (
                serde_json::json!({"client_command": {"publsh": b(1, "1s")}}),
                "client.rate_limit.client_command.publsh",
            ),
            (
                serde_json::json!({"client_command": {"connect": b(1, "1s")}}),
                "client.rate_limit.client_command.connect",
            ),
            (
                serde_json::json!({"client_command": {"publish": {"enabled": true, "buckets": []}}}),
                "client.rate_limit.client_command.publish",
            ),
            (
                serde_json::json!({"client_command": {"publish": b(0, "1s")}}),
                "client.rate_limit.client_command.publish.buckets[0].rate",
            ),
            (
                serde_json::json!({"client_command": {"publish": b(1, "soon")}}),
                "client.rate_limit.client_command.publish.buckets[0].interval",
            ),
            (
                serde_json::json!({"client_command": {"publish": b(1, "0s")}}),
                "client.rate_limit.client_command.publish.buckets[0].interval",
            ),
            (
                serde_json::json!({"client_command": {"history": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}], "method_overrides": [{"method": "m", "enabled": true, "buckets": [{"interval": "1s", "rate": 1}]}]}}}),
                "client.rate_limit.client_command.history.method_overrides",
            ),
            (
                serde_json::json!({"client_command": {"publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}], "namespace_overrides": [{"namespace_name": "nope", "enabled": true, "buckets": [{"interval": "1s", "rate": 1}]}]}}}),
                "client.rate_limit.client_command.publish.namespace_overrides[0].namespace_name",
            ),
            (
                serde_json::json!({"client_error": {"publish": b(1, "1s")}}),
                "client.rate_limit.client_error.publish",
            ),
        ];
        for (json, key) in bad {
            let c: RateLimitConfig = serde_json::from_value(json.clone()).unwrap();
            let (k, why) = validate(&c, &["chat"]).unwrap_err();
            assert_eq!(k, key, "{json}: {why}");
        }
    }

    #[test]
    fn idle_users_are_reclaimed() {
        let conf =
            cfg(serde_json::json!({"user_command": {"enabled": true, "publish": b(10, "1s")}}));
        let c = Compiled::new(&conf, 1);
        let l = c.user_command.as_ref().unwrap();
        let users = UserBuckets::default();
        for u in 0..1000 {
            users.with(&u.to_string(), |st| l.check(st, 1, PUBLISH, "", "", SEC));
        }
        assert_eq!(users.len(), 1000);
        // one token of a 10/1s bucket comes back after 100 ms
        assert_eq!(users.reclaim(SEC + SEC / 20), 0, "buckets not full yet");
        assert_eq!(users.reclaim(3 * SEC), 1000);
        assert!(users.is_empty());
    }

    #[test]
    fn generic_keys_take_their_own_rate_and_cost() {
        let k = KeyBuckets::default();
        let min = 60 * SEC;
        // 5 per minute: a burst of 5, then denied with the wait until one token is back
        let got: Vec<(bool, u64)> = (0..6)
            .map(|_| {
                let v = k.check("sms:42", 5, min, 1, SEC);
                (v.allowed, v.remaining)
            })
            .collect();
        assert_eq!(
            got,
            [
                (true, 4),
                (true, 3),
                (true, 2),
                (true, 1),
                (true, 0),
                (false, 0)
            ]
        );
        let v = k.check("sms:42", 5, min, 1, SEC);
        assert_eq!(v.retry_after_ms, 12_000, "one token every 12 s");
        // cost 2 needs two tokens; cost 0 only peeks
        assert!(!k.check("sms:42", 5, min, 2, SEC + 12 * SEC).allowed);
        assert_eq!(k.check("sms:42", 5, min, 0, SEC + 12 * SEC).remaining, 1);
        assert!(k.check("sms:42", 5, min, 1, SEC + 12 * SEC).allowed);
        // other keys are independent
        assert!(k.check("sms:7", 5, min, 5, SEC).allowed);
        assert_eq!(k.reclaim(SEC + 2 * min), 2);
    }

    #[test]
    fn simulation_runs_the_real_buckets() {
        let conf =
            cfg(serde_json::json!({"client_command": {"enabled": true, "publish": b(10, "1s")}}));
        let rows = simulate(&conf, "publish", "", "", 20.0, Duration::from_secs(3)).unwrap();
        assert_eq!(rows.len(), 3);
        let allowed: u64 = rows.iter().map(|r| r.allowed).sum();
        let rejected: u64 = rows.iter().map(|r| r.rejected).sum();
        assert_eq!(allowed + rejected, 60);
        // a burst of 10, then one every 100 ms for the remaining ~2.95 s
        assert!((39..=41).contains(&allowed), "{rows:?}");
        assert!(simulate(&conf, "nope", "", "", 1.0, Duration::from_secs(1)).is_err());
    }
}

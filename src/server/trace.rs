//! Live tracing of a user or a channel (what Centrifugo PRO serves at `/admin/trace`).
//!
//! Hooks in the session and the node call [`Tracers::user`] / [`Tracers::channel`] with a
//! closure that builds the event. With nobody attached that is one relaxed atomic load; the
//! closure runs only when a tracer matches. Each tracer has a bounded queue: a tracer that
//! does not read loses events (counted and reported in its stream as a `dropped` event) and
//! never slows delivery down.
//!
//! Event schema, version 1 (flat, filterable; documented in the README):
//! `{"v":1,"time":<unix ms>,"node":..,"type":..,"direction":"in"|"out"|"internal",
//!   "client":..,"user":..,"channel":..,"code":..,"reason":..,"rule":..,"payload":{..}}`
//! Fields that do not apply are left out.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use serde_json::{Map, Value};
use tokio::sync::mpsc;

/// Events a tracer may hold unread before new ones are dropped.
pub const QUEUE: usize = 4096;

/// What a tracer follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    User(String),
    Channel(String),
}

/// One attached tracer.
#[derive(Debug)]
pub struct Tracer {
    pub target: Target,
    tx: mpsc::Sender<Value>,
    /// Events lost because the queue was full, since the stream last reported them.
    pub dropped: AtomicU64,
    /// Forwards this node's events to a tracer on another node (Redis engine); never
    /// receives events injected from other nodes.
    pub forward: bool,
}

#[derive(Debug, Default)]
struct Sets {
    tracers: Vec<Arc<Tracer>>,
    users: HashSet<String>,
    channels: HashSet<String>,
}

/// The registry of attached tracers.
#[derive(Debug, Default)]
pub struct Tracers {
    /// Number of attached tracers: the hot-path check.
    active: AtomicUsize,
    /// Number of attached user tracers: the per-fan-out check.
    active_users: AtomicUsize,
    sets: RwLock<Arc<Sets>>,
    node: String,
}

/// A snapshot of the traced users.
#[derive(Debug)]
pub struct TracedUsers(Arc<Sets>);

impl TracedUsers {
    pub fn contains(&self, user: &str) -> bool {
        self.0.users.contains(user)
    }
}

/// A handle that detaches its tracer when dropped.
#[derive(Debug)]
pub struct Attached {
    registry: Arc<Tracers>,
    pub tracer: Arc<Tracer>,
    pub rx: mpsc::Receiver<Value>,
}

impl Drop for Attached {
    fn drop(&mut self) {
        self.registry.detach(&self.tracer);
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Starts an event object with the common fields.
pub fn event(kind: &str, direction: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("v".into(), Value::from(1));
    m.insert("time".into(), Value::from(now_ms()));
    m.insert("type".into(), Value::from(kind));
    m.insert("direction".into(), Value::from(direction));
    m
}

impl Tracers {
    pub fn new(node: String) -> Self {
        Self {
            node,
            ..Self::default()
        }
    }

    /// Whether any tracer is attached (one atomic load).
    #[inline]
    pub fn enabled(&self) -> bool {
        self.active.load(Ordering::Relaxed) > 0
    }

    fn snapshot(&self) -> Arc<Sets> {
        self.sets
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Attaches a tracer.
    pub fn attach(self: &Arc<Self>, target: Target) -> Attached {
        self.attach_as(target, false)
    }

    /// Attaches a tracer, or a forwarder for another node's tracer.
    pub fn attach_as(self: &Arc<Self>, target: Target, forward: bool) -> Attached {
        let (tx, rx) = mpsc::channel(QUEUE);
        let tracer = Arc::new(Tracer {
            target,
            tx,
            dropped: AtomicU64::new(0),
            forward,
        });
        let mut g = self
            .sets
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut sets = Sets {
            tracers: g.tracers.clone(),
            ..Sets::default()
        };
        sets.tracers.push(tracer.clone());
        rebuild(&mut sets);
        *g = Arc::new(sets);
        if matches!(tracer.target, Target::User(_)) {
            self.active_users.fetch_add(1, Ordering::Relaxed);
        }
        self.active.fetch_add(1, Ordering::Relaxed);
        Attached {
            registry: self.clone(),
            tracer,
            rx,
        }
    }

    fn detach(&self, t: &Arc<Tracer>) {
        let mut g = self
            .sets
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut sets = Sets {
            tracers: g
                .tracers
                .iter()
                .filter(|x| !Arc::ptr_eq(x, t))
                .cloned()
                .collect(),
            ..Sets::default()
        };
        rebuild(&mut sets);
        *g = Arc::new(sets);
        if matches!(t.target, Target::User(_)) {
            self.active_users.fetch_sub(1, Ordering::Relaxed);
        }
        self.active.fetch_sub(1, Ordering::Relaxed);
    }

    /// Whether any user tracer is attached (one atomic load, checked once per fan-out).
    #[inline]
    pub fn has_user_tracers(&self) -> bool {
        self.active_users.load(Ordering::Relaxed) > 0
    }

    /// Whether `user` is traced right now.
    pub fn is_user_traced(&self, user: &str) -> bool {
        self.enabled() && self.snapshot().users.contains(user)
    }

    /// The users currently traced: a shared snapshot, taken once per fan-out that reached a
    /// connection flagged as traced.
    pub fn traced_users(&self) -> Option<TracedUsers> {
        if !self.enabled() {
            return None;
        }
        let s = self.snapshot();
        (!s.users.is_empty()).then_some(TracedUsers(s))
    }

    fn send(
        &self,
        targets: impl Iterator<Item = Arc<Tracer>>,
        build: impl FnOnce() -> Map<String, Value>,
    ) {
        let mut ev: Option<Value> = None;
        let mut build = Some(build);
        for t in targets {
            let v = ev.get_or_insert_with(|| {
                let mut m = (build.take().expect("built once"))();
                m.insert("node".into(), Value::from(self.node.clone()));
                Value::Object(m)
            });
            if t.tx.try_send(v.clone()).is_err() {
                t.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Hands an event from another node to this node's own tracers of `target`.
    pub fn inject(&self, target: &Target, event: &Value) {
        if !self.enabled() {
            return;
        }
        for t in self
            .snapshot()
            .tracers
            .iter()
            .filter(|t| !t.forward && &t.target == target)
        {
            if t.tx.try_send(event.clone()).is_err() {
                t.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The targets of this node's own (not forwarding) tracers.
    pub fn local_targets(&self) -> Vec<Target> {
        if !self.enabled() {
            return Vec::new();
        }
        let mut v: Vec<Target> = self
            .snapshot()
            .tracers
            .iter()
            .filter(|t| !t.forward)
            .map(|t| t.target.clone())
            .collect();
        v.sort_by_key(|t| format!("{t:?}"));
        v.dedup();
        v
    }

    /// Emits an event to the tracers of `user` (if any).
    #[inline]
    pub fn user(&self, user: &str, build: impl FnOnce() -> Map<String, Value>) {
        if !self.enabled() {
            return;
        }
        let s = self.snapshot();
        if !s.users.contains(user) {
            return;
        }
        let targets = s
            .tracers
            .iter()
            .filter(|t| matches!(&t.target, Target::User(u) if u == user))
            .cloned();
        self.send(targets, build);
    }

    /// Emits an event to the tracers of `channel` (if any).
    #[inline]
    pub fn channel(&self, channel: &str, build: impl FnOnce() -> Map<String, Value>) {
        if !self.enabled() {
            return;
        }
        let s = self.snapshot();
        if !s.channels.contains(channel) {
            return;
        }
        let targets = s
            .tracers
            .iter()
            .filter(|t| matches!(&t.target, Target::Channel(c) if c == channel))
            .cloned();
        self.send(targets, build);
    }

    /// Emits one event to the tracers of the user and of the channel.
    pub fn both(&self, user: &str, channel: &str, build: impl FnOnce() -> Map<String, Value>) {
        if !self.enabled() {
            return;
        }
        let s = self.snapshot();
        let targets: Vec<Arc<Tracer>> = s
            .tracers
            .iter()
            .filter(|t| match &t.target {
                Target::User(u) => u == user,
                Target::Channel(c) => c == channel,
            })
            .cloned()
            .collect();
        if !targets.is_empty() {
            self.send(targets.into_iter(), build);
        }
    }
}

fn rebuild(s: &mut Sets) {
    s.users = s
        .tracers
        .iter()
        .filter_map(|t| {
            if let Target::User(u) = &t.target {
                Some(u.clone())
            } else {
                None
            }
        })
        .collect();
    s.channels = s
        .tracers
        .iter()
        .filter_map(|t| {
            if let Target::Channel(c) = &t.target {
                Some(c.clone())
            } else {
                None
            }
        })
        .collect();
}

/// Sets a string field when non-empty.
pub fn put(m: &mut Map<String, Value>, k: &str, v: &str) {
    if !v.is_empty() {
        m.insert(k.into(), Value::from(v));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn events_reach_matching_tracers_only() {
        let reg = Arc::new(Tracers::new("n1".into()));
        assert!(!reg.enabled());
        let mut a = reg.attach(Target::User("42".into()));
        let mut b = reg.attach(Target::Channel("chat:1".into()));
        assert!(reg.enabled());
        reg.user("7", || panic!("must not build for an untraced user"));
        reg.user("42", || event("connect", "in"));
        reg.channel("chat:1", || event("publication", "out"));
        reg.both("42", "chat:1", || event("subscribe", "in"));
        assert_eq!(a.rx.recv().await.unwrap()["type"], "connect");
        assert_eq!(a.rx.recv().await.unwrap()["type"], "subscribe");
        let p = b.rx.recv().await.unwrap();
        assert_eq!(
            (p["type"].as_str(), p["node"].as_str(), p["v"].as_u64()),
            (Some("publication"), Some("n1"), Some(1))
        );
        assert_eq!(b.rx.recv().await.unwrap()["type"], "subscribe");
        drop(a);
        drop(b);
        assert!(!reg.enabled());
    }

    #[tokio::test]
    async fn a_full_queue_drops_and_counts() {
        let reg = Arc::new(Tracers::new("n".into()));
        let a = reg.attach(Target::User("1".into()));
        for _ in 0..QUEUE + 10 {
            reg.user("1", || event("x", "in"));
        }
        assert_eq!(a.tracer.dropped.load(Ordering::Relaxed), 10);
    }
}

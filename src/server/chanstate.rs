//! Channel state events (Centrifugo PRO preview): `occupied` when a channel gets its first
//! subscriber, `vacated` when the last one leaves and nobody comes back within
//! `engine.redis.channel_state.vacated_event_delay`. Only namespaces with
//! `state_proxy_enabled` produce them.
//!
//! The hub reports local first/last subscribers over a channel (never blocking the caller).
//! One task owns the state: with the Redis engine it asks Redis whether the channel is
//! occupied anywhere in the cluster (a hash of node ids per channel), so the event fires once
//! for the cluster. Each node renews its holds every third of `engine.redis.presence_ttl` and
//! sweeps the holds nobody renewed, so the channels of a node that crashed are vacated once
//! its holds expire. Events are traced on the channel and `POST`ed in batches,
//! `{"events":[{"channel","type","time_ms"}]}`, to `channel.proxy.state.endpoint`, retried with
//! exponential backoff from 100 ms to 20 s until the backend answers `{"result":{}}`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Weak};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::mpsc;

use super::node::Node;
use super::trace;

/// Events waiting for delivery before the oldest are dropped.
const QUEUE: usize = 10_000;
/// Events per POST.
const BATCH: usize = 100;

/// What the hub reports.
#[derive(Debug)]
pub enum Change {
    /// The channel got its first subscriber on this node.
    FirstLocal(String),
    /// The channel's last subscriber on this node left.
    LastLocal(String),
}

#[derive(Debug)]
enum Msg {
    Change(Change),
    /// A vacated timer fired for this generation.
    Fire(String, u64),
}

#[derive(Debug, Clone, Serialize)]
struct Event {
    channel: String,
    #[serde(rename = "type")]
    kind: &'static str,
    time_ms: u64,
}

/// The sender the node keeps.
#[derive(Debug, Clone)]
pub struct Reporter(mpsc::UnboundedSender<Msg>);

impl Reporter {
    pub fn report(&self, c: Change) {
        let _ = self.0.send(Msg::Change(c));
    }
}

/// A reporter and the receiver its task consumes.
pub fn channel() -> (Reporter, Receiver) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Reporter(tx.clone()), Receiver { rx, tx })
}

pub struct Receiver {
    rx: mpsc::UnboundedReceiver<Msg>,
    tx: mpsc::UnboundedSender<Msg>,
}

#[derive(Debug, Default)]
struct State {
    occupied: bool,
    /// Bumped by every change; a timer only fires for the generation it was set in.
    generation: u64,
    vacating: bool,
}

/// Runs until the node is gone.
pub async fn run(node: Weak<Node>, mut r: Receiver) {
    let mut states: HashMap<String, State> = HashMap::new();
    let (out_tx, out_rx) = mpsc::unbounded_channel::<Event>();
    let endpoint = node
        .upgrade()
        .map(|n| n.config.channel.proxy.state.clone())
        .unwrap_or_default();
    tokio::spawn(deliver(endpoint, out_rx));
    // Redis: the channels this node holds (renewed), and how often to renew and sweep.
    let mut held: HashSet<String> = HashSet::new();
    let renew = node.upgrade().and_then(|n| {
        n.engine
            .redis()
            .map(super::engine::redis::RedisEngine::renew_interval)
    });
    let mut tick = tokio::time::interval(renew.unwrap_or(Duration::from_secs(3600)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let msg = tokio::select! {
            m = r.rx.recv() => match m {
                Some(m) => m,
                None => return,
            },
            _ = tick.tick(), if renew.is_some() => {
                let Some(n) = node.upgrade() else { return };
                let delay = n.config.engine.redis.channel_state.vacated_event_delay.value;
                let (reoccupied, swept) = renew_and_sweep(&n, &held, delay).await;
                for ch in reoccupied {
                    emit(&n, &out_tx, &ch, "occupied");
                }
                for ch in swept {
                    // another node's hold expired and left the channel empty
                    if n.hub.num_subscribers(&ch) > 0 {
                        continue;
                    }
                    let st = states.entry(ch.clone()).or_default();
                    st.generation += 1;
                    st.vacating = true;
                    schedule_fire(&r.tx, ch, st.generation, delay);
                }
                continue;
            }
        };
        let Some(n) = node.upgrade() else { return };
        let delay = n
            .config
            .engine
            .redis
            .channel_state
            .vacated_event_delay
            .value;
        match msg {
            Msg::Change(Change::FirstLocal(ch)) => {
                let st = states.entry(ch.clone()).or_default();
                st.generation += 1;
                if n.engine.redis().is_some() {
                    held.insert(ch.clone());
                    // 1: first in the cluster; 2: back before a vacated fired; 0: held elsewhere
                    if redis_call(&n, &ch, Occ::Join).await == Some(1) {
                        emit(&n, &out_tx, &ch, "occupied");
                    }
                } else if st.vacating {
                    // back before the delay ran out: no vacated, no new occupied
                    st.vacating = false;
                } else if !st.occupied {
                    st.occupied = true;
                    emit(&n, &out_tx, &ch, "occupied");
                }
            }
            Msg::Change(Change::LastLocal(ch)) => {
                let st = states.entry(ch.clone()).or_default();
                st.generation += 1;
                let empty = if n.engine.redis().is_some() {
                    held.remove(&ch);
                    redis_call(&n, &ch, Occ::Leave(delay)).await == Some(0)
                } else {
                    true
                };
                if empty {
                    st.vacating = true;
                    schedule_fire(&r.tx, ch, st.generation, delay);
                } else {
                    states.remove(&ch);
                }
            }
            Msg::Fire(ch, generation) => {
                let fire = states
                    .get(&ch)
                    .is_some_and(|st| st.vacating && st.generation == generation);
                if !fire || n.hub.num_subscribers(&ch) > 0 {
                    continue;
                }
                states.remove(&ch);
                let vacated = if n.engine.redis().is_some() {
                    redis_call(&n, &ch, Occ::Fire).await == Some(1)
                } else {
                    true
                };
                if vacated {
                    emit(&n, &out_tx, &ch, "vacated");
                }
            }
        }
    }
}

/// After `delay`, the vacated event of `ch` fires unless its generation moved on.
fn schedule_fire(tx: &mpsc::UnboundedSender<Msg>, ch: String, generation: u64, delay: Duration) {
    let tx = tx.clone();
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let _ = tx.send(Msg::Fire(ch, generation));
    });
}

/// Renews this node's holds on `held` and sweeps the expired holds of other nodes (off the
/// async workers): the channels found empty on renewal (Redis lost them, or this node was
/// stalled past its hold: occupied again), and the channels the sweep left empty.
async fn renew_and_sweep(
    n: &Arc<Node>,
    held: &HashSet<String>,
    delay: Duration,
) -> (Vec<String>, Vec<String>) {
    let (n2, held) = (n.clone(), held.iter().cloned().collect::<Vec<_>>());
    tokio::task::spawn_blocking(move || {
        let Some(r) = n2.engine.redis() else {
            return (Vec::new(), Vec::new());
        };
        let reoccupied = held
            .into_iter()
            .filter(|ch| r.occupancy_join(ch, &n2.uid).ok() == Some(1))
            .collect();
        let swept = r.occupancy_sweep(delay).unwrap_or_else(|e| {
            tracing::warn!(error = %e.message, "channel state: sweeping expired holds failed");
            Vec::new()
        });
        (reoccupied, swept)
    })
    .await
    .unwrap_or_default()
}

#[derive(Debug, Clone, Copy)]
enum Occ {
    Join,
    Leave(Duration),
    Fire,
}

/// The cluster-wide occupancy step on Redis (off the async workers).
async fn redis_call(n: &Arc<Node>, ch: &str, op: Occ) -> Option<i64> {
    let (n2, ch2) = (n.clone(), ch.to_string());
    tokio::task::spawn_blocking(move || {
        let r = n2.engine.redis()?;
        match op {
            Occ::Join => r.occupancy_join(&ch2, &n2.uid).ok(),
            Occ::Leave(d) => r.occupancy_leave(&ch2, &n2.uid, d).ok(),
            Occ::Fire => r.occupancy_fire(&ch2).ok(),
        }
    })
    .await
    .ok()
    .flatten()
}

fn emit(n: &Node, out: &mpsc::UnboundedSender<Event>, ch: &str, kind: &'static str) {
    let time_ms = trace::now_ms();
    n.tracers.channel(ch, || {
        let mut m = trace::event(kind, "internal");
        trace::put(&mut m, "channel", ch);
        m
    });
    let _ = out.send(Event {
        channel: ch.to_string(),
        kind,
        time_ms,
    });
}

/// Batches events and POSTs them until the backend accepts each batch.
async fn deliver(ep: super::config::ProxyEndpoint, mut rx: mpsc::UnboundedReceiver<Event>) {
    let http = match reqwest::Client::builder()
        .timeout(ep.timeout.value.max(Duration::from_millis(100)))
        .build()
    {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "channel state events: no HTTP client");
            return;
        }
    };
    let mut queue: VecDeque<Event> = VecDeque::new();
    let mut backoff = Duration::from_millis(100);
    loop {
        if queue.is_empty() {
            match rx.recv().await {
                Some(e) => queue.push_back(e),
                None => return,
            }
            // a short window so events that happen together travel together
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        while let Ok(e) = rx.try_recv() {
            if queue.len() == QUEUE {
                queue.pop_front();
                tracing::warn!("channel state events: queue full, dropping the oldest");
            }
            queue.push_back(e);
        }
        let n = queue.len().min(BATCH);
        let batch: Vec<Event> = queue.iter().take(n).cloned().collect();
        let ok = match http
            .post(&ep.endpoint)
            .json(&serde_json::json!({ "events": batch }))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => r
                .json::<serde_json::Value>()
                .await
                .is_ok_and(|v| v.get("error").is_none()),
            Ok(r) => {
                tracing::warn!(status = %r.status(), "channel state events: backend refused the batch");
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "channel state events: backend unreachable");
                false
            }
        };
        if ok {
            queue.drain(..n);
            backoff = Duration::from_millis(100);
        } else {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(20));
        }
    }
}

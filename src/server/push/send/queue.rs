//! The durable queue of pushes: sends, the tasks they break into, and their counts.
//!
//! Owns what survives a restart or a dead node. A send is a row (its request, state and
//! times) plus tasks: a `Plan` walks a device filter and cuts it into `Devices` ranges; raw
//! tokens become `Tokens` ranges at once; a native topic or condition is one `Native` task; a
//! device pushed back by a limit strategy is a `Device` task due later. A worker claims a
//! task, records its progress (a watermark: everything up to it is done) as it goes, and
//! finishes it, adding its counts in the same write. A task a worker did not finish (the
//! process died) is claimed again from its last watermark, so a restart repeats at most the
//! pushes that were in flight.
//!
//! Two backends behind [`Queue`]: [`sqlite`] (one node, a file next to the registry) and
//! [`redis`] (the nodes of a Redis engine share streams with a consumer group; a dead node's
//! pending tasks are claimed by the others).

pub mod redis;
pub mod sqlite;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::proto::push::send::SendStatus;

/// A queue failure (the backend is unreachable or broken).
#[derive(Debug, thiserror::Error)]
#[error("push queue: {0}")]
pub struct QueueError(pub String);

/// A unit of work of one send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Work {
    /// Walk the send's device filter from `cursor` (a device id; empty: the start), cutting
    /// ranges of devices.
    Plan { cursor: String },
    /// The devices of the filter with `after < id <= upto`; `done` is the watermark.
    Devices {
        after: String,
        upto: String,
        done: String,
    },
    /// One device, pushed back by a limit strategy.
    Device { id: String },
    /// Raw tokens `from..to` of the request's list for `provider`; `done` is the watermark
    /// (an index: tokens before it are done).
    Tokens {
        provider: String,
        from: usize,
        to: usize,
        done: usize,
    },
    /// One request to a native FCM/HMS topic or condition.
    Native { provider: String },
}

/// A claimed task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub uid: String,
    /// The task's id within the send.
    pub seq: i64,
    pub work: Work,
    /// The backend's handle for acknowledging (a stream entry id; empty for `SQLite`).
    pub handle: String,
    /// The worker that claimed it.
    pub owner: String,
}

/// What to add to a send's counts: `(provider, field, reason) -> n`. Fields are those of
/// [`crate::proto::push::send::ProviderCounts`]; `reason` is empty except for `errors`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts(pub BTreeMap<(String, String, String), u64>);

impl Counts {
    pub fn add(&mut self, provider: &str, field: &str, reason: &str, n: u64) {
        if n == 0 {
            return;
        }
        // A handful of keys: a scan finds one without allocating its key (once per push).
        let found = self
            .0
            .iter_mut()
            .find(|((p, f, r), _)| p == provider && f == field && r == reason);
        match found {
            Some((_, v)) => *v += n,
            None => {
                self.0
                    .insert((provider.into(), field.into(), reason.into()), n);
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Recipients these counts finish (sent, failed, dropped).
    pub fn handled(&self) -> u64 {
        self.0
            .iter()
            .filter(|((_, f, _), _)| matches!(f.as_str(), "sent" | "failed" | "dropped"))
            .map(|(_, n)| n)
            .sum()
    }
}

/// A send as it is queued.
#[derive(Debug, Clone)]
pub struct NewSend {
    pub uid: String,
    /// The validated request, as JSON.
    pub request: String,
    pub recipient: String,
    pub analytics_uid: String,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms when the first tasks are due (`created_at` when sent at once).
    pub due: i64,
    /// Unix ms (0: never).
    pub expire_at: i64,
    /// The first tasks.
    pub tasks: Vec<Work>,
    /// Recipients known at once (raw tokens, a native target); filter sends count as they
    /// plan.
    pub total: u64,
    /// Whether `tasks` are all the send has (no `Plan`).
    pub planned: bool,
}

/// The queue of sends. Every method blocks: call from a blocking thread.
pub trait Queue: Send + Sync {
    /// Queues `send`; `false` (and nothing written) when its uid is known already.
    fn submit(&self, send: &NewSend) -> Result<bool, QueueError>;
    /// The request JSON and `expire_at` of a send.
    fn request(&self, uid: &str) -> Result<Option<(String, i64)>, QueueError>;
    /// Claims one due task for `worker`, or `None`.
    fn claim(&self, worker: &str, now: i64) -> Result<Option<Task>, QueueError>;
    /// Records a task's progress (its new `work`, with a later watermark) and adds `counts`.
    fn progress(&self, task: &Task, work: &Work, counts: &Counts) -> Result<(), QueueError>;
    /// A planning step: adds `new` tasks (due now), `found` recipients to the total, and moves
    /// the plan task to `work` (its next cursor), in one write.
    fn plan(&self, task: &Task, work: &Work, new: &[Work], found: u64) -> Result<(), QueueError>;
    /// Adds a task due at `due` (a limit strategy's delay) and `counts`.
    fn defer(&self, uid: &str, work: &Work, due: i64, counts: &Counts) -> Result<(), QueueError>;
    /// Ends a task, adding `counts`; when it was the send's last, the send is done. `planned`:
    /// the task was the plan, and the send has all its tasks now.
    fn finish(&self, task: &Task, counts: &Counts, planned: bool) -> Result<(), QueueError>;
    /// Cancels a send that has not finished: its tasks go. `false` when unknown or finished.
    fn cancel(&self, uid: &str, now: i64) -> Result<bool, QueueError>;
    /// Whether a send was cancelled (workers look between batches).
    fn cancelled(&self, uid: &str) -> Result<bool, QueueError>;
    /// A send's status.
    fn status(&self, uid: &str) -> Result<Option<SendStatus>, QueueError>;
    /// The latest sends, newest first.
    fn list(&self, limit: usize) -> Result<Vec<SendStatus>, QueueError>;
    /// Records an `update_push_status` report.
    fn report(&self, analytics_uid: &str, status: &str) -> Result<(), QueueError>;
    /// Keeps this worker's claimed tasks from being claimed by another node (Redis: they go
    /// to another consumer after `claim_after` idle). `SQLite`: nothing to do.
    fn heartbeat(&self, _worker: &str, _tasks: &[Task]) -> Result<(), QueueError> {
        Ok(())
    }
    /// Gives back a task its worker failed on, to be claimed again from its last recorded
    /// progress at `due`. `SQLite`: the task is free again. Redis: nothing to do, the entry
    /// stays pending and is claimed again once idle for `claim_after`.
    fn release(&self, _task: &Task, _due: i64) -> Result<(), QueueError> {
        Ok(())
    }
    /// Whether [`Queue::rate_acquire`] is the cluster's shared rate log (a remote call: the
    /// worker makes it off its thread). `false`: each node keeps its own in memory.
    fn shares_rate_limits(&self) -> bool {
        false
    }
    /// `limit_strategy.rate_limit` across the nodes: one more push for `key` at `now`,
    /// recorded when allowed, as [`super::limit::MemoryRateLog::try_acquire`] decides it.
    /// Only called when [`Queue::shares_rate_limits`].
    fn rate_acquire(
        &self,
        _key: &str,
        _policies: &[super::limit::RatePolicy],
        _now: i64,
    ) -> Result<super::limit::RateDecision, QueueError> {
        Err(QueueError("this queue keeps no shared rate log".into()))
    }
}

/// The `state` of a send from its row: a cancelled or finished send says so; otherwise
/// `scheduled` before its due time, `sending` once anything is counted, else `queued`.
pub fn state(stored: &str, due: i64, now: i64, done: u64) -> String {
    match stored {
        "cancelled" | "done" => stored.into(),
        _ if due > now => "scheduled".into(),
        _ if done > 0 => "sending".into(),
        _ => "queued".into(),
    }
}

/// Folds `(provider, field, reason, n)` rows into a status's providers and done count.
pub fn fold_counts(
    st: &mut SendStatus,
    rows: impl IntoIterator<Item = (String, String, String, u64)>,
) {
    for (provider, field, reason, n) in rows {
        let c = st.providers.entry(provider).or_default();
        match field.as_str() {
            "sent" => c.sent += n,
            "failed" => c.failed += n,
            "removed" => c.removed += n,
            "dropped" => c.dropped += n,
            "delayed" => c.delayed += n,
            "errors" => *c.errors.entry(reason).or_default() += n,
            _ => {}
        }
        if matches!(field.as_str(), "sent" | "failed" | "dropped") {
            st.done += n;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub mod contract;

//! The workers of [`Sender`]: claim a task, expand it into recipients, deliver each through
//! its provider with bounded concurrency and retries, and record progress and counts.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{FuturesOrdered, StreamExt};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::limit::{RateDecision, RatePolicy, Window};
use super::provider::{Kind, Outcome, To};
use super::queue::{Counts, QueueError, Task, Work};
use super::request;
use super::template;
use super::Sender;
use crate::proto::push as wire;
use crate::proto::push::send::SendPushRequest;
use crate::server::metrics::{ProviderLabel, PushLabel};
use crate::server::push::store::{now_ms, PageOf};
use crate::server::trace;

/// Runs `f` when dropped (also when the future holding it is dropped mid-request).
struct Guard<F: FnMut()>(F);
impl<F: FnMut()> Drop for Guard<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}
fn scopeguard<F: FnMut()>(f: F) -> Guard<F> {
    Guard(f)
}

/// Pushes this node delivered, by provider and result.
#[derive(Debug, Default)]
pub(super) struct Stats {
    sent: [AtomicU64; 4],
    failed: [AtomicU64; 4],
    retried: [AtomicU64; 4],
}

fn slot(k: Kind) -> usize {
    match k {
        Kind::Fcm => 0,
        Kind::Hms => 1,
        Kind::Apns => 2,
        Kind::Webpush => 3,
    }
}

impl Stats {
    pub(super) fn snapshot(&self) -> Vec<(Kind, &'static str, u64)> {
        let mut v = Vec::new();
        for k in Kind::ALL {
            let i = slot(k);
            v.push((k, "sent", self.sent[i].load(Ordering::Relaxed)));
            v.push((k, "failed", self.failed[i].load(Ordering::Relaxed)));
            v.push((k, "retried", self.retried[i].load(Ordering::Relaxed)));
        }
        v
    }
}

/// A send's request, parsed once per task, with each provider's message and what it
/// renders and limits per device.
pub(super) struct Prepared {
    pub req: SendPushRequest,
    /// Unix ms (0: never).
    pub expire_at: i64,
    /// By [`slot`]: the message each provider gets, when the request has one.
    pub messages: [Option<Arc<Value>>; 4],
    pub compiled: request::Compiled,
}

impl Prepared {
    fn parse(json: &str, expire_at: i64) -> Result<Self, QueueError> {
        let req: SendPushRequest = serde_json::from_str(json)
            .map_err(|e| QueueError(format!("a stored push request does not parse: {e}")))?;
        let messages = request::messages(&req);
        let compiled = request::compile(&req, &messages)
            .map_err(|e| QueueError(format!("a stored push request does not compile: {e}")))?;
        Ok(Self {
            req,
            expire_at,
            messages,
            compiled,
        })
    }
}

/// Where one push goes, owned.
enum Target {
    Device(Box<wire::Device>),
    Token(String),
    Topic(String),
    Condition(String),
}

/// One recipient of a task: its watermark key, provider and target.
struct Item {
    /// A device id, or a token's index.
    key: String,
    kind: Kind,
    target: Target,
}

/// What became of one recipient.
enum Done {
    Pushed(Outcome),
    /// Not sent: (field, reason) to count.
    Skipped(&'static str, String),
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, QueueError> + Send + 'static,
) -> Result<T, QueueError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| QueueError(format!("a blocking queue call failed: {e}")))?
}

/// How long a send with `optimize_for_reliability` retries a failed queue write (progress, a
/// deferral, the end of a task) before its task gives up.
const RELIABLE_PATIENCE: Duration = Duration::from_secs(60);
/// Progress is recorded every this many recipients with `optimize_for_reliability`.
const RELIABLE_PROGRESS_EVERY: usize = 16;

/// A queue write. With `reliable` (the send's `optimize_for_reliability`), a failure is retried
/// with backoff (at most 2 s apart) for up to [`RELIABLE_PATIENCE`]: a queue that is away for a
/// moment (a Redis failover, a busy `SQLite` file) then costs a wait, not a task that gives up
/// and is taken again, sending again what it sent since its last progress record.
async fn write<T: Send + 'static>(
    reliable: bool,
    f: impl Fn() -> Result<T, QueueError> + Send + Sync + 'static,
) -> Result<T, QueueError> {
    let f = Arc::new(f);
    let started = std::time::Instant::now();
    let mut attempt = 0;
    loop {
        let g = f.clone();
        match blocking(move || g()).await {
            Ok(v) => return Ok(v),
            Err(e) if reliable && started.elapsed() < RELIABLE_PATIENCE => {
                tracing::warn!(error = %e, attempt, "push queue write failed; retrying (optimize_for_reliability)");
                tokio::time::sleep(backoff(attempt).min(Duration::from_secs(2))).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    let base = 200u64.saturating_mul(1 << attempt.min(6));
    Duration::from_millis(base.min(10_000) + rand::random_range(0..100))
}

impl Sender {
    pub(super) async fn work(self: Arc<Self>, name: String, stop: CancellationToken) {
        let mut prepared: HashMap<String, Arc<Prepared>> = HashMap::new();
        loop {
            if stop.is_cancelled() {
                return;
            }
            let q = self.queue.clone();
            let who = name.clone();
            let claimed = blocking(move || q.claim(&who, now_ms())).await;
            match claimed {
                Ok(Some(task)) => {
                    if prepared.len() > 256 {
                        prepared.clear();
                    }
                    let uid = task.uid.clone();
                    let beat = self.heartbeat(&name, &task);
                    let r = self.run(task.clone(), &mut prepared).await;
                    beat.abort();
                    if let Err(e) = r {
                        tracing::warn!(uid = %uid, error = %e, "push task failed; it is claimed again later, from its last recorded progress");
                        let q = self.queue.clone();
                        let due = now_ms() + 1000;
                        if let Err(e) = blocking(move || q.release(&task, due)).await {
                            tracing::warn!(uid = %uid, error = %e, "push: cannot give the task back; it is taken again after a restart or claim_after");
                        }
                        tokio::select! {
                            () = stop.cancelled() => return,
                            () = tokio::time::sleep(Duration::from_secs(1)) => {}
                        }
                    }
                }
                Ok(None) => {
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = self.wake.notified() => {}
                        () = tokio::time::sleep(self.settings.poll) => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "push queue unavailable");
                    tokio::select! {
                        () = stop.cancelled() => return,
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
            }
        }
    }

    /// Touches `task` every third of `claim_after` until aborted.
    fn heartbeat(&self, name: &str, task: &Task) -> tokio::task::JoinHandle<()> {
        let every = (self.settings.claim_after / 3).max(Duration::from_millis(100));
        let (q, name, task) = (self.queue.clone(), name.to_string(), task.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            loop {
                tick.tick().await;
                let (q, name, t) = (q.clone(), name.clone(), task.clone());
                if let Err(e) = blocking(move || q.heartbeat(&name, std::slice::from_ref(&t))).await
                {
                    tracing::warn!(error = %e, "push: a task heartbeat failed");
                }
            }
        })
    }

    async fn run(
        self: &Arc<Self>,
        task: Task,
        prepared: &mut HashMap<String, Arc<Prepared>>,
    ) -> Result<(), QueueError> {
        let prep = if let Some(p) = prepared.get(&task.uid) {
            p.clone()
        } else {
            let q = self.queue.clone();
            let uid = task.uid.clone();
            let Some((json, expire_at)) = blocking(move || q.request(&uid)).await? else {
                // the send is gone (cancelled): its task with it
                return self.finish(task, Counts::default(), false).await;
            };
            let p = Arc::new(Prepared::parse(&json, expire_at)?);
            prepared.insert(task.uid.clone(), p.clone());
            p
        };
        match task.work.clone() {
            Work::Plan { cursor } => self.plan(task, &prep, cursor).await,
            Work::Devices { after, upto, done } => {
                let _ = after;
                self.devices(task, &prep, &upto, done).await
            }
            Work::Device { id } => {
                let devices = self.lookup(&prep, &[id]).await?;
                let items = devices.into_iter().filter_map(device_item).collect();
                let counts = self.deliver_all(&task, &prep, items, |_| None).await?;
                self.finish_as(prep.req.optimize_for_reliability, task, counts, false)
                    .await
            }
            Work::Tokens {
                provider,
                from: _,
                to,
                done,
            } => {
                let kind = Kind::parse(&provider)
                    .ok_or_else(|| QueueError(format!("unknown provider {provider:?}")))?;
                let tokens = request::raw_tokens(&prep.req.recipient)
                    .map(|(_, _, t)| t.to_vec())
                    .unwrap_or_default();
                let items = (done..to.min(tokens.len()))
                    .map(|i| Item {
                        key: i.to_string(),
                        kind,
                        target: Target::Token(tokens[i].clone()),
                    })
                    .collect();
                let counts = self
                    .deliver_all(&task, &prep, items, |key| {
                        let i: usize = key.parse().ok()?;
                        Some(Work::Tokens {
                            provider: provider.clone(),
                            from: 0,
                            to,
                            done: i + 1,
                        })
                    })
                    .await?;
                self.finish_as(prep.req.optimize_for_reliability, task, counts, false)
                    .await
            }
            Work::Native { provider } => {
                let (kind, topic, v) = request::native(&prep.req.recipient)
                    .ok_or_else(|| QueueError("a native task without a native recipient".into()))?;
                debug_assert_eq!(kind.name(), provider);
                let target = if topic {
                    Target::Topic(v.into())
                } else {
                    Target::Condition(v.into())
                };
                let items = vec![Item {
                    key: String::new(),
                    kind,
                    target,
                }];
                let counts = self.deliver_all(&task, &prep, items, |_| None).await?;
                self.finish_as(prep.req.optimize_for_reliability, task, counts, false)
                    .await
            }
        }
    }

    async fn finish(&self, task: Task, counts: Counts, planned: bool) -> Result<(), QueueError> {
        self.finish_as(false, task, counts, planned).await
    }

    /// [`Self::finish`], retried as [`write`] says when `reliable`.
    async fn finish_as(
        &self,
        reliable: bool,
        task: Task,
        counts: Counts,
        planned: bool,
    ) -> Result<(), QueueError> {
        let q = self.queue.clone();
        write(reliable, move || q.finish(&task, &counts, planned)).await
    }

    /// Walks the device filter from `cursor`, cutting a range task per page; the first range
    /// is claimable as soon as it is written.
    async fn plan(
        &self,
        task: Task,
        prep: &Prepared,
        mut cursor: String,
    ) -> Result<(), QueueError> {
        let Some(filter) = request::device_filter(&prep.req.recipient) else {
            return self.finish(task, Counts::default(), true).await;
        };
        let chunk = self.settings.chunk.max(1);
        loop {
            let q = self.queue.clone();
            let uid = task.uid.clone();
            if blocking(move || q.cancelled(&uid)).await? {
                return self.finish(task, Counts::default(), true).await;
            }
            let store = self.store.clone();
            let f = filter.clone();
            let page = PageOf {
                cursor: cursor.clone(),
                limit: chunk,
                total: false,
            };
            // Only the ids: the range tasks read the devices themselves.
            let (ids, next_cursor) = blocking(move || {
                store
                    .list_ids(&f, &page)
                    .map_err(|e| QueueError(format!("push registry: {e}")))
            })
            .await?;
            let Some(last) = ids.last().cloned() else {
                return self.finish(task, Counts::default(), true).await;
            };
            let range = Work::Devices {
                after: cursor.clone(),
                upto: last.clone(),
                done: cursor.clone(),
            };
            let found = ids.len() as u64;
            let next = Work::Plan {
                cursor: last.clone(),
            };
            let (q, t) = (self.queue.clone(), task.clone());
            blocking(move || q.plan(&t, &next, &[range], found)).await?;
            self.wake.notify_waiters();
            if next_cursor.is_empty() {
                return self.finish(task, Counts::default(), true).await;
            }
            cursor = last;
        }
    }

    /// The devices of a range after the watermark `done`.
    async fn devices(
        self: &Arc<Self>,
        task: Task,
        prep: &Arc<Prepared>,
        upto: &str,
        done: String,
    ) -> Result<(), QueueError> {
        let filter = request::device_filter(&prep.req.recipient).unwrap_or_default();
        let store = self.store.clone();
        let r = wire::DeviceListRequest {
            filter,
            include_meta: prep.req.use_meta,
            include_webpush_keys: true,
            ..Default::default()
        };
        let page = PageOf {
            cursor: done,
            limit: self.settings.chunk.max(1),
            total: false,
        };
        let listed = blocking(move || {
            store
                .list(&r, &page)
                .map_err(|e| QueueError(format!("push registry: {e}")))
        })
        .await?;
        let items: Vec<Item> = listed
            .items
            .into_iter()
            .filter(|d| d.id.as_str() <= upto)
            .filter_map(device_item)
            .collect();
        let (after, upto) = match &task.work {
            Work::Devices { after, upto, .. } => (after.clone(), upto.clone()),
            _ => (String::new(), upto.to_string()),
        };
        let counts = self
            .deliver_all(&task, prep, items, |key| {
                Some(Work::Devices {
                    after: after.clone(),
                    upto: upto.clone(),
                    done: key.to_string(),
                })
            })
            .await?;
        self.finish_as(prep.req.optimize_for_reliability, task, counts, false)
            .await
    }

    async fn lookup(
        &self,
        prep: &Prepared,
        ids: &[String],
    ) -> Result<Vec<wire::Device>, QueueError> {
        let store = self.store.clone();
        let r = wire::DeviceListRequest {
            filter: wire::DeviceFilter {
                ids: ids.to_vec(),
                ..Default::default()
            },
            include_meta: prep.req.use_meta,
            include_webpush_keys: true,
            ..Default::default()
        };
        let page = PageOf {
            cursor: String::new(),
            limit: ids.len().max(1),
            total: false,
        };
        blocking(move || {
            store
                .list(&r, &page)
                .map(|l| l.items)
                .map_err(|e| QueueError(format!("push registry: {e}")))
        })
        .await
    }

    /// Delivers `items` concurrently, in order of their keys for the watermark: every
    /// [`super::PROGRESS_EVERY`] recipients the task's progress (`watermark(key)`: the task's
    /// work with everything up to `key` done) is recorded with the counts so far. Returns the
    /// counts not yet recorded.
    async fn deliver_all(
        self: &Arc<Self>,
        task: &Task,
        prep: &Arc<Prepared>,
        items: Vec<Item>,
        watermark: impl Fn(&str) -> Option<Work>,
    ) -> Result<Counts, QueueError> {
        let mut counts = Counts::default();
        let mut pending = FuturesOrdered::new();
        let mut since = 0usize;
        let reliable = prep.req.optimize_for_reliability;
        let every = if reliable {
            RELIABLE_PROGRESS_EVERY
        } else {
            super::PROGRESS_EVERY
        };
        let mut items = items.into_iter();
        let window = self.settings.concurrency.max(1) * 2;
        loop {
            while pending.len() < window {
                let Some(item) = items.next() else { break };
                let me = self.clone();
                let prep = prep.clone();
                let uid = task.uid.clone();
                pending.push_back(async move {
                    let done = me.one(&uid, &prep, &item).await;
                    (item, done)
                });
            }
            let Some((item, done)) = pending.next().await else {
                break;
            };
            self.count(&mut counts, &item, &done, &task.uid).await?;
            since += 1;
            if since >= every {
                since = 0;
                // One trip to the blocking pool for both: new items wait while it runs.
                let w = watermark(&item.key);
                let (q, t) = (self.queue.clone(), task.clone());
                let c = if w.is_some() {
                    std::mem::take(&mut counts)
                } else {
                    Counts::default()
                };
                let cancelled = write(reliable, move || {
                    if let Some(w) = &w {
                        q.progress(&t, w, &c)?;
                    }
                    q.cancelled(&t.uid)
                })
                .await?;
                if cancelled {
                    break;
                }
            }
        }
        Ok(counts)
    }

    /// Adds what became of `item` to `counts`; removes a dead device when configured.
    async fn count(
        &self,
        counts: &mut Counts,
        item: &Item,
        done: &Done,
        uid: &str,
    ) -> Result<(), QueueError> {
        let p = item.kind.name();
        let i = slot(item.kind);
        let (result, reason) = match done {
            Done::Skipped(field, reason) => {
                counts.add(p, field, "", 1);
                if *field == "dropped" {
                    counts.add(p, "errors", reason, 1);
                }
                (*field, reason.as_str())
            }
            Done::Pushed(Outcome::Sent { .. }) => {
                self.stats.sent[i].fetch_add(1, Ordering::Relaxed);
                counts.add(p, "sent", "", 1);
                ("sent", "")
            }
            Done::Pushed(o) => {
                self.stats.failed[i].fetch_add(1, Ordering::Relaxed);
                let reason = o.reason().unwrap_or("unknown");
                counts.add(p, "failed", "", 1);
                counts.add(p, "errors", reason, 1);
                if let (Outcome::Dead { .. }, Target::Device(d), true) =
                    (o, &item.target, self.settings.remove_dead_tokens)
                {
                    let store = self.store.clone();
                    let id = d.id.clone();
                    let removed = blocking(move || {
                        store
                            .remove(&[id], &[])
                            .map_err(|e| QueueError(format!("push registry: {e}")))
                    })
                    .await?;
                    if !removed.is_empty() {
                        counts.add(p, "removed", "", 1);
                    }
                }
                ("failed", reason)
            }
        };
        if let Done::Pushed(o) = done {
            let (recipient_type, platform) = match &item.target {
                Target::Device(d) => ("device", d.platform.clone()),
                Target::Token(_) => ("token", String::new()),
                Target::Topic(_) => ("topic", String::new()),
                Target::Condition(_) => ("condition", String::new()),
            };
            self.metrics
                .notifications
                .get_or_create(&PushLabel {
                    provider: p,
                    recipient_type,
                    platform,
                    success: if matches!(o, Outcome::Sent { .. }) {
                        "true"
                    } else {
                        "false"
                    },
                    err_code: o.reason().unwrap_or_default().to_string(),
                })
                .inc();
        }
        if let Target::Device(d) = &item.target {
            if !d.user.is_empty() {
                self.tracers.user(&d.user, || {
                    let mut m = trace::event("push", "out");
                    trace::put(&mut m, "user", &d.user);
                    m.insert(
                        "payload".into(),
                        serde_json::json!({"uid": uid, "device_id": d.id, "provider": p,
                            "result": result, "reason": reason}),
                    );
                    m
                });
            }
        }
        Ok(())
    }

    /// Sends to one recipient, retrying what is worth retrying.
    async fn one(&self, uid: &str, prep: &Prepared, item: &Item) -> Done {
        let now = now_ms();
        if prep.expire_at > 0 && now >= prep.expire_at {
            return Done::Skipped("dropped", "expired".into());
        }
        let Some(mut message) = prep.messages[slot(item.kind)].clone() else {
            return Done::Skipped("dropped", format!("no {} message", item.kind.name()));
        };
        if let Target::Device(d) = &item.target {
            let l10n =
                template::pick_locale(&prep.req.localizations, &d.locale).map(|l| &l.translations);
            let ctx = template::Context::new(d, l10n);
            if let Some(t) = &prep.compiled.time_limit {
                match t.window(now, Some(d.timezone.as_str()).filter(|z| !z.is_empty())) {
                    Window::Now => {}
                    Window::Drop => return Done::Skipped("dropped", "no timezone".into()),
                    Window::At(at) => return self.defer(prep, uid, &d.id, at, "time limit").await,
                }
            }
            if let Some(r) = &prep.compiled.rate_limit {
                let key = r.key.render(&ctx);
                match self.rate_decision(&key, &r.policies, now).await {
                    RateDecision::Allow => {}
                    RateDecision::DelayUntil(_) if r.drop_if_rate_limited => {
                        return Done::Skipped("dropped", "rate limited".into())
                    }
                    RateDecision::DelayUntil(at) => {
                        return self.defer(prep, uid, &d.id, at, "rate limit").await
                    }
                }
            }
            if let Some(Some(t)) = prep
                .compiled
                .templates
                .as_ref()
                .map(|t| &t[slot(item.kind)])
            {
                if !t.is_static() {
                    message = Arc::new(t.render(&ctx));
                }
            }
        }
        if !self.enabled.contains(&item.kind) {
            return Done::Skipped("dropped", format!("{} not enabled", item.kind.name()));
        }
        let max = self.settings.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let outcome = {
                let Ok(_permit) = self.slots[slot(item.kind)].acquire().await else {
                    return Done::Pushed(Outcome::Failed {
                        reason: "shutting down".into(),
                    });
                };
                let inflight = self
                    .metrics
                    .inflight
                    .get_or_create(&ProviderLabel {
                        provider: item.kind.name(),
                    })
                    .clone();
                inflight.inc();
                let _done = scopeguard(move || {
                    inflight.dec();
                });
                let to = match &item.target {
                    Target::Device(d) if item.kind == Kind::Webpush => To::Subscription {
                        endpoint: &d.token,
                        keys: &d.webpush_keys,
                    },
                    Target::Device(d) => To::Token(&d.token),
                    Target::Token(t) => To::Token(t),
                    Target::Topic(t) => To::Topic(t),
                    Target::Condition(c) => To::Condition(c),
                };
                self.deliver.send(item.kind, &message, to).await
            };
            match outcome {
                Outcome::Retry { reason, after } if attempt < max => {
                    self.stats.retried[slot(item.kind)].fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(%reason, attempt, "push retried");
                    let wait = after
                        .unwrap_or_else(|| backoff(attempt))
                        .min(Duration::from_secs(60));
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                o => return Done::Pushed(o),
            }
        }
    }
}

impl Sender {
    /// `limit_strategy.rate_limit` for one push: the queue's shared log when it keeps one (the
    /// Redis queue: every node counts the same sends), else this node's. A shared log that
    /// fails to answer falls back to this node's, so the limit still holds per node.
    async fn rate_decision(&self, key: &str, policies: &[RatePolicy], now: i64) -> RateDecision {
        if self.queue.shares_rate_limits() {
            let (q, k, p) = (self.queue.clone(), key.to_string(), policies.to_vec());
            match blocking(move || q.rate_acquire(&k, &p, now)).await {
                Ok(d) => return d,
                Err(e) => {
                    tracing::warn!(error = %e, "push: the shared rate log did not answer; this node's limits apply");
                }
            }
        }
        self.rates.try_acquire(key, policies, now)
    }
}

impl Sender {
    /// Pushes one device back to `at` (a limit strategy said so): a `Device` task due then.
    async fn defer(&self, prep: &Prepared, uid: &str, id: &str, at: i64, why: &str) -> Done {
        let reliable = prep.req.optimize_for_reliability;
        let (q, uid, work) = (
            self.queue.clone(),
            uid.to_string(),
            Work::Device { id: id.to_string() },
        );
        match write(reliable, move || {
            q.defer(&uid, &work, at, &Counts::default())
        })
        .await
        {
            Ok(()) => Done::Skipped("delayed", why.to_string()),
            Err(e) => Done::Pushed(Outcome::Failed {
                reason: format!("queue: {e}"),
            }),
        }
    }
}

/// A device as a recipient; `None` for a provider centri does not know.
fn device_item(d: wire::Device) -> Option<Item> {
    let kind = Kind::parse(&d.provider)?;
    Some(Item {
        key: d.id.clone(),
        kind,
        target: Target::Device(Box::new(d)),
    })
}

#[cfg(test)]
mod tests;

//! Push notifications, part 2: sending. `send_push_notification`, `cancel_push` and
//! `update_push_status` go through [`Sender`]: a request is checked ([`request`]), queued
//! durably ([`queue`]), and workers deliver it through [`provider`], each provider at its own
//! wire protocol.
//!
//! Owns everything between an accepted send and a provider's answer: expanding a device
//! filter in ranges (never the whole topic in memory), the limit strategies, retries with
//! backoff and `Retry-After`, removing devices whose token is dead, and each send's counts.
//! Imports `proto`, `config`, `trace` and the registry ([`super::store`]); never the node or
//! sessions.
//!
//! A worker records a range's progress as a watermark every [`PROGRESS_EVERY`] recipients
//! (and at its end), so a process that dies repeats at most the pushes after the last
//! watermark: those in flight and those answered since.

pub mod limit;
pub mod provider;
pub mod queue;
pub mod request;
pub mod template;
mod worker;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::proto::push::send::{
    CancelPushRequest, SendList, SendPushRequest, SendPushResult, SendStatus,
    UpdatePushStatusRequest,
};
use crate::proto::{codes, ApiError};
use crate::server::metrics::PushMetrics;
use crate::server::push::store::{now_ms, Store};
use crate::server::push::validate::{self, Invalid};
use crate::server::trace::Tracers;

use provider::{Kind, Outcome, To};
use queue::{Queue, QueueError};

/// Recipients between two progress records of a range.
pub const PROGRESS_EVERY: usize = 64;
/// The most sends `GET /admin/push/sends` lists.
pub const MAX_LIST: usize = 1000;

/// Sends one push to one provider: the providers of a node, or anything else that speaks to
/// them (the benchmark's plain client).
pub trait Deliver: Send + Sync + 'static {
    /// The providers that are on.
    fn enabled(&self) -> Vec<Kind>;
    fn send<'a>(
        &'a self,
        kind: Kind,
        message: &'a Value,
        to: To<'a>,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
}

/// How the workers behave.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Recipients per range task.
    pub chunk: usize,
    /// Tasks worked on at once.
    pub workers: usize,
    /// Provider requests in flight per provider.
    pub concurrency: usize,
    pub max_attempts: u32,
    pub remove_dead_tokens: bool,
    /// How long an idle worker waits before it looks at the queue again (new work on this
    /// node wakes it at once).
    pub poll: Duration,
    /// A claimed task is touched (a heartbeat) every third of this, so no other node takes
    /// it over while this one works on it.
    pub claim_after: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            chunk: 500,
            workers: 4,
            concurrency: 64,
            max_attempts: 5,
            remove_dead_tokens: true,
            poll: Duration::from_millis(200),
            claim_after: Duration::from_secs(30),
        }
    }
}

/// The sending side of a node's push feature.
pub struct Sender {
    queue: Arc<dyn Queue>,
    store: Arc<dyn Store>,
    deliver: Arc<dyn Deliver>,
    /// `deliver.enabled()`, read once.
    enabled: Vec<Kind>,
    settings: Settings,
    tracers: Arc<Tracers>,
    wake: tokio::sync::Notify,
    /// Per provider, the requests in flight.
    slots: [tokio::sync::Semaphore; 4],
    stats: worker::Stats,
    metrics: PushMetrics,
    /// The sends of `limit_strategy.rate_limit` on this node, when the queue keeps no shared
    /// log (the `SQLite` queue of a single node), or when the shared one does not answer.
    rates: limit::MemoryRateLog,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn bad(Invalid { field, reason }: Invalid) -> ApiError {
    ApiError {
        code: codes::BAD_REQUEST,
        message: format!("bad request: {field}: {reason}"),
        temporary: false,
    }
}

/// 104 `not found`, as the registry answers an unknown device.
fn not_found() -> ApiError {
    ApiError::new(codes::METHOD_NOT_FOUND).for_api()
}

fn internal(e: &QueueError) -> ApiError {
    tracing::warn!(error = %e, "push queue call failed");
    ApiError::internal()
}

impl Sender {
    pub fn new(
        queue: Arc<dyn Queue>,
        store: Arc<dyn Store>,
        deliver: Arc<dyn Deliver>,
        settings: Settings,
        tracers: Arc<Tracers>,
        metrics: PushMetrics,
    ) -> Arc<Self> {
        let n = settings.concurrency.max(1);
        Arc::new(Self {
            queue,
            store,
            enabled: deliver.enabled(),
            deliver,
            slots: std::array::from_fn(|_| tokio::sync::Semaphore::new(n)),
            settings,
            tracers,
            wake: tokio::sync::Notify::new(),
            stats: worker::Stats::default(),
            metrics,
            rates: limit::MemoryRateLog::new(),
        })
    }

    /// Starts the workers; they stop when `stop` is cancelled.
    ///
    /// They run together on a thread of their own with a single-threaded runtime, where the
    /// provider connections' tasks live too (a connection's task runs on the runtime of its
    /// first request). A push then never crosses threads between its worker and its
    /// connection: measured with `centri bench push` on 2 cores, the same workers spread over
    /// the server's runtime spent about three times the CPU per push of a plain client, most
    /// of it in cross-thread wake-ups and allocator contention. The API, the store and the
    /// queue calls stay where they were (the store and queue on the blocking pool). If the
    /// thread cannot be made, the workers run on the current runtime.
    pub fn start(self: &Arc<Self>, node: &str, stop: &tokio_util::sync::CancellationToken) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        let thread = runtime.map_err(|e| e.to_string()).and_then(|rt| {
            let (me, stop, node) = (self.clone(), stop.clone(), node.to_string());
            std::thread::Builder::new()
                .name("push-send".into())
                .spawn(move || {
                    rt.block_on(async move {
                        let mut set = me.spawn_workers(&node, &stop);
                        while set.join_next().await.is_some() {}
                    });
                })
                .map_err(|e| e.to_string())
        });
        if let Err(e) = thread {
            tracing::warn!(error = %e, "push: no thread of its own for the send workers; they share the server's runtime");
            self.spawn_workers(node, stop).detach_all();
        }
    }

    /// Spawns the workers on the current runtime.
    fn spawn_workers(
        self: &Arc<Self>,
        node: &str,
        stop: &tokio_util::sync::CancellationToken,
    ) -> tokio::task::JoinSet<()> {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..self.settings.workers.max(1) {
            let (me, stop) = (self.clone(), stop.clone());
            let name = format!("{node}-{i}");
            set.spawn(async move { me.work(name, stop).await });
        }
        set
    }

    /// `send_push_notification`. Blocks on the queue.
    pub fn submit(&self, r: &SendPushRequest) -> Result<SendPushResult, ApiError> {
        let now = now_ms();
        let mut s = request::check(r, &self.enabled, now, self.settings.chunk).map_err(bad)?;
        request::compile(r, &request::messages(r)).map_err(bad)?;
        if r.uid.is_empty() {
            // keep the uid the server made in the stored request too
            let mut with_uid = r.clone();
            with_uid.uid.clone_from(&s.uid);
            s.request = serde_json::to_string(&with_uid).map_err(|e| {
                bad(Invalid {
                    field: "request".into(),
                    reason: e.to_string(),
                })
            })?;
        }
        let created = self.queue.submit(&s).map_err(|e| internal(&e))?;
        if created {
            tracing::debug!(uid = %s.uid, recipient = %s.recipient, "push queued");
            self.wake.notify_waiters();
        }
        Ok(SendPushResult { uid: s.uid })
    }

    /// `cancel_push`: 104 when the uid is unknown or the send has ended.
    pub fn cancel(&self, r: &CancelPushRequest) -> Result<(), ApiError> {
        if r.uid.is_empty() {
            return Err(bad(Invalid {
                field: "uid".into(),
                reason: "required".into(),
            }));
        }
        validate::text("uid", &r.uid).map_err(bad)?;
        if self
            .queue
            .cancel(&r.uid, now_ms())
            .map_err(|e| internal(&e))?
        {
            Ok(())
        } else {
            Err(not_found())
        }
    }

    /// `update_push_status`.
    pub fn report(&self, r: &UpdatePushStatusRequest) -> Result<(), ApiError> {
        for (field, v) in [
            ("analytics_uid", &r.analytics_uid),
            ("device_id", &r.device_id),
        ] {
            if v.is_empty() {
                return Err(bad(Invalid {
                    field: field.into(),
                    reason: "required".into(),
                }));
            }
            validate::text(field, v).map_err(bad)?;
        }
        validate::text("msg_id", &r.msg_id).map_err(bad)?;
        if !matches!(r.status.as_str(), "delivered" | "interacted") {
            return Err(bad(Invalid {
                field: "status".into(),
                reason: "must be delivered or interacted".into(),
            }));
        }
        self.queue
            .report(&r.analytics_uid, &r.status)
            .map_err(|e| internal(&e))
    }

    /// A send's status (`GET /admin/push/sends/<uid>`); 104 when unknown.
    pub fn status(&self, uid: &str) -> Result<SendStatus, ApiError> {
        self.queue
            .status(uid)
            .map_err(|e| internal(&e))?
            .ok_or_else(not_found)
    }

    /// The latest sends (`GET /admin/push/sends?limit=N`).
    pub fn list(&self, limit: usize) -> Result<SendList, ApiError> {
        Ok(SendList {
            sends: self
                .queue
                .list(limit.clamp(1, MAX_LIST))
                .map_err(|e| internal(&e))?,
        })
    }

    /// Pushes sent, failed and retried by this node since it started, by provider.
    pub fn counters(&self) -> Vec<(Kind, &'static str, u64)> {
        self.stats.snapshot()
    }
}

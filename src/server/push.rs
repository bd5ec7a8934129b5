//! Push notifications (Centrifugo PRO): the device and topic registry behind the
//! `device_register`, `device_update`, `device_remove`, `device_list`, `device_topic_list`,
//! `device_topic_update`, `user_topic_list` and `user_topic_update` API methods, and sending
//! (`send_push_notification`, `cancel_push`, `update_push_status`).
//!
//! Owns the feature: [`Push`] is the narrow handle the node holds and the API dispatch calls;
//! [`validate`] checks requests (107 naming the field); [`store`] keeps devices behind one
//! trait ([`store::sqlite`] is the embedded default, [`store::postgres`] the database the nodes
//! of a cluster share); [`send`] queues pushes and delivers them through the providers.
//!
//! Imports `proto`, `config` and `trace` only; never the node, sessions or the engine. Every
//! method blocks on the store: call them from a blocking thread (the HTTP handler does). A
//! user trace shows that user's `device_register`, `device_update` and `device_remove`
//! events (ids, provider, platform, topics; never tokens).
//!
//! Errors: a bad field is 107 `bad request: <field>: <why>`; an unknown device id in
//! `device_register` (with `id`) or `device_topic_update` is 104 `not found` (PRO documents
//! "not found" for `device_topic_update`); the ownership guard of `device_topic_update` is 113
//! `conflict` (as PRO); push off is 108 `not available`. Unknown ids in the `ids` filters of
//! `device_update`, `device_remove` and the listings select nothing (no error).

pub mod send;
pub mod store;
pub mod validate;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::proto::api::Empty;
use crate::proto::push as wire;
use crate::proto::push::send as send_wire;
use crate::proto::{codes, ApiError};

use super::config::{Config, PushStorage};
use super::trace::{self, Tracers};
use store::{Limits, PageOf, Store, StoreError, Touched};
use validate::Invalid;

/// How long a [`Push::stats`] answer is reused.
pub const STATS_TTL: Duration = Duration::from_secs(5);
/// The most topics [`Push::stats`] ranks.
pub const STATS_MAX_TOP: usize = 100;

/// The file name of the embedded store in the data directory.
pub const SQLITE_FILE: &str = "push.sqlite3";
/// The file name of the embedded queue of sends in the data directory.
pub const QUEUE_FILE: &str = "push_queue.sqlite3";

/// The push feature of a node: off, or a registry store with its limits.
pub struct Push {
    store: Option<Arc<dyn Store>>,
    /// Sending: on when push is (with no provider enabled it still queues device sends and
    /// counts them as dropped).
    sender: Option<Arc<send::Sender>>,
    limits: Limits,
    /// A user trace shows that user's device register, update and remove events.
    tracers: Arc<Tracers>,
    /// The last [`Push::stats`] answer: counting a million devices takes a while, and a
    /// dashboard asks every second.
    stats_cache: Mutex<Option<(Instant, usize, wire::PushStats)>>,
}

impl std::fmt::Debug for Push {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Push")
            .field("enabled", &self.store.is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

fn limits(cfg: &Config) -> Limits {
    Limits {
        max_topics_per_device: cfg.push_notifications.max_topics_per_device,
        max_devices_per_user: cfg.push_notifications.max_devices_per_user,
    }
}

/// The embedded store file for `cfg` and a data directory, when there is one.
pub fn sqlite_path(cfg: &Config, data_dir: Option<&Path>) -> Option<std::path::PathBuf> {
    let p = &cfg.push_notifications.sqlite.path;
    if p.is_empty() {
        data_dir.map(|d| d.join(SQLITE_FILE))
    } else {
        Some(p.into())
    }
}

/// Opens and migrates the store of `cfg` once, so `centri serve` can refuse one that is not a
/// usable push store before it binds: a file that is not `SQLite` (naming it), a `PostgreSQL`
/// server it cannot reach or log in to (naming the server, never the password), a schema
/// newer than this binary's.
pub fn preflight(cfg: &Config) -> Result<(), String> {
    let p = &cfg.push_notifications;
    if !p.enabled {
        return Ok(());
    }
    if cfg.push_storage() == PushStorage::Postgresql || !p.sqlite.path.is_empty() {
        open_store(cfg).map_err(|e| e.to_string())?;
    }
    send::provider::Providers::from_config(p)?;
    if !p.queue.path.is_empty() && cfg.engine.kind != "redis" {
        open_queue(cfg)?;
    }
    Ok(())
}

/// The queue of sends: Redis streams on the Redis engine, else the `SQLite` file of
/// `push_notifications.queue.path` (memory when that is empty).
fn open_queue(cfg: &Config) -> Result<Arc<dyn send::queue::Queue>, String> {
    let path = &cfg.push_notifications.queue.path;
    if cfg.engine.kind == "redis" {
        let r = &cfg.engine.redis;
        let client = crate::server::engine::redis::first_client(r)?;
        return Ok(Arc::new(send::queue::redis::RedisQueue::new(
            client,
            &r.prefix,
            cfg.push_notifications.queue.claim_after.value,
            r.io_timeout.value,
        )));
    }
    Ok(if path.is_empty() {
        Arc::new(send::queue::sqlite::SqliteQueue::memory().map_err(|e| e.to_string())?)
    } else {
        Arc::new(
            send::queue::sqlite::SqliteQueue::open(Path::new(path)).map_err(|e| e.to_string())?,
        )
    })
}

/// The store `cfg` names: `PostgreSQL`, or the `SQLite` file (in memory without a path).
fn open_store(cfg: &Config) -> Result<Arc<dyn Store>, StoreError> {
    let p = &cfg.push_notifications;
    let limits = limits(cfg);
    Ok(match cfg.push_storage() {
        PushStorage::Postgresql => {
            let pg = &cfg.database.postgresql;
            Arc::new(store::postgres::PostgresStore::open(
                &pg.dsn,
                pg.pool_max_size,
                limits,
            )?)
        }
        PushStorage::Sqlite if p.sqlite.path.is_empty() => {
            Arc::new(store::sqlite::SqliteStore::memory(limits)?)
        }
        PushStorage::Sqlite => Arc::new(store::sqlite::SqliteStore::open(
            Path::new(&p.sqlite.path),
            limits,
        )?),
    })
}

impl Push {
    /// Push off: every method answers 108.
    pub fn disabled(cfg: &Config, tracers: Arc<Tracers>) -> Self {
        Self {
            store: None,
            sender: None,
            limits: limits(cfg),
            tracers,
            stats_cache: Mutex::new(None),
        }
    }

    /// Push as `cfg` says: off, the `PostgreSQL` store of `database.postgresql`, or the
    /// embedded store at `push_notifications.sqlite.path` (in memory when that is empty:
    /// `centri serve` fills it from the data directory).
    pub fn from_config(
        cfg: &Config,
        tracers: Arc<Tracers>,
        metrics: crate::server::metrics::PushMetrics,
    ) -> Result<Self, String> {
        let p = &cfg.push_notifications;
        if !p.enabled {
            return Ok(Self::disabled(cfg, tracers));
        }
        let limits = limits(cfg);
        let storage = cfg.push_storage();
        if storage == PushStorage::Sqlite && p.sqlite.path.is_empty() {
            tracing::warn!("push_notifications: no data directory, devices are kept in memory and lost at exit");
        }
        let store = open_store(cfg).map_err(|e| e.to_string())?;
        let providers = send::provider::Providers::from_config(p)?;
        if p.queue.path.is_empty() && cfg.engine.kind != "redis" {
            tracing::warn!("push_notifications: no data directory, queued pushes are kept in memory and lost at exit");
        }
        let queue = open_queue(cfg)?;
        let settings = send::Settings {
            chunk: p.queue.chunk_size,
            workers: p.queue.workers,
            concurrency: p.concurrency,
            max_attempts: p.max_attempts,
            remove_dead_tokens: p.remove_dead_tokens,
            claim_after: p.queue.claim_after.value,
            ..send::Settings::default()
        };
        let sender = send::Sender::new(
            queue,
            store.clone(),
            Arc::new(providers),
            settings,
            tracers.clone(),
            metrics,
        );
        match storage {
            PushStorage::Sqlite if cfg.engine.kind == "redis" => tracing::warn!(
                "push_notifications: the SQLite store is local to this node, and other nodes of the Redis cluster will NOT see its devices (set database.postgresql.dsn to share one PostgreSQL)"
            ),
            PushStorage::Postgresql => tracing::info!(
                server = %store::postgres::redacted(&cfg.database.postgresql.dsn),
                "push_notifications: devices are kept in PostgreSQL"
            ),
            PushStorage::Sqlite => {}
        }
        Ok(Self {
            store: Some(store),
            sender: Some(sender),
            limits,
            tracers,
            stats_cache: Mutex::new(None),
        })
    }

    /// Whether the push methods answer.
    pub fn enabled(&self) -> bool {
        self.store.is_some()
    }

    fn store(&self) -> Result<&dyn Store, ApiError> {
        self.store.as_deref().ok_or_else(ApiError::not_available)
    }

    fn sender(&self) -> Result<&send::Sender, ApiError> {
        self.sender.as_deref().ok_or_else(ApiError::not_available)
    }

    /// Starts the send workers (push on) on the current runtime, until `stop`.
    pub fn start(&self, node: &str, stop: &tokio_util::sync::CancellationToken) {
        if let Some(s) = &self.sender {
            s.start(node, stop);
        }
    }

    pub fn send_push_notification(
        &self,
        r: &send_wire::SendPushRequest,
    ) -> Result<send_wire::SendPushResult, ApiError> {
        self.sender()?.submit(r)
    }

    pub fn cancel_push(&self, r: &send_wire::CancelPushRequest) -> Result<Empty, ApiError> {
        self.sender()?.cancel(r).map(|()| Empty {})
    }

    pub fn update_push_status(
        &self,
        r: &send_wire::UpdatePushStatusRequest,
    ) -> Result<Empty, ApiError> {
        self.sender()?.report(r).map(|()| Empty {})
    }

    /// centri's `GET /admin/push/sends/<uid>`.
    pub fn send_status(&self, uid: &str) -> Result<send_wire::SendStatus, ApiError> {
        self.sender()?.status(uid)
    }

    /// centri's `GET /admin/push/sends?limit=N`.
    pub fn send_list(&self, limit: usize) -> Result<send_wire::SendList, ApiError> {
        self.sender()?.list(limit)
    }

    pub fn device_register(
        &self,
        r: &wire::DeviceRegisterRequest,
    ) -> Result<wire::DeviceRegisterResult, ApiError> {
        let store = self.store()?;
        let d = validate::register(r, self.limits.max_topics_per_device).map_err(bad)?;
        let id = store.register(&d).map_err(api_error)?;
        self.trace(&d.user, "device_register", || {
            serde_json::json!({"id": id, "provider": d.provider, "platform": d.platform,
                "topics": d.topics})
        });
        Ok(wire::DeviceRegisterResult { id })
    }

    pub fn device_update(&self, r: &wire::DeviceUpdateRequest) -> Result<Empty, ApiError> {
        let store = self.store()?;
        let op = validate::update(r, self.limits.max_topics_per_device).map_err(bad)?;
        let touched = store.update(r, op).map_err(api_error)?;
        for t in &touched {
            let payload = || {
                // what changed, without the selection
                let update = wire::DeviceUpdateRequest {
                    ids: Vec::new(),
                    users: Vec::new(),
                    ..r.clone()
                };
                serde_json::json!({"id": t.id, "update": update})
            };
            self.trace(&t.user, "device_update", payload);
            if let Some(u) = r.user_update.as_ref().filter(|u| u.user != t.user) {
                self.trace(&u.user, "device_update", payload);
            }
        }
        Ok(Empty {})
    }

    pub fn device_remove(&self, r: &wire::DeviceRemoveRequest) -> Result<Empty, ApiError> {
        let store = self.store()?;
        validate::selection(&r.ids, &r.users).map_err(bad)?;
        let removed = store.remove(&r.ids, &r.users).map_err(api_error)?;
        self.trace_removed(&removed);
        Ok(Empty {})
    }

    pub fn device_list(
        &self,
        r: &wire::DeviceListRequest,
    ) -> Result<wire::DeviceListResult, ApiError> {
        let store = self.store()?;
        validate::device_filter("filter", &r.filter).map_err(bad)?;
        validate::text("cursor", &r.cursor).map_err(bad)?;
        let page = PageOf {
            cursor: r.cursor.clone(),
            limit: validate::limit(r.limit).map_err(bad)?,
            total: r.include_total_count,
        };
        store.list(r, &page).map_err(api_error)
    }

    pub fn device_topic_list(
        &self,
        r: &wire::DeviceTopicListRequest,
    ) -> Result<wire::DeviceTopicListResult, ApiError> {
        let store = self.store()?;
        validate::device_topic_filter(&r.filter).map_err(bad)?;
        let page = PageOf {
            cursor: validate::row_cursor(&r.cursor).map_err(bad)?,
            limit: validate::limit(r.limit).map_err(bad)?,
            total: r.include_total_count,
        };
        store.device_topics(r, &page).map_err(api_error)
    }

    pub fn device_topic_update(
        &self,
        r: &wire::DeviceTopicUpdateRequest,
    ) -> Result<Empty, ApiError> {
        let store = self.store()?;
        if r.device_id.is_empty() {
            return Err(bad(Invalid {
                field: "device_id".into(),
                reason: "required".into(),
            }));
        }
        validate::text("device_id", &r.device_id).map_err(bad)?;
        validate::text("user", &r.user).map_err(bad)?;
        let op = validate::op("op", &r.op).map_err(bad)?;
        let topics = validate::topics("topics", &r.topics, self.limits.max_topics_per_device)
            .map_err(bad)?;
        store
            .device_topic_update(&r.device_id, op, &topics, &r.user)
            .map_err(api_error)?;
        Ok(Empty {})
    }

    pub fn user_topic_list(
        &self,
        r: &wire::UserTopicListRequest,
    ) -> Result<wire::UserTopicListResult, ApiError> {
        let store = self.store()?;
        validate::user_topic_filter(&r.filter).map_err(bad)?;
        let page = PageOf {
            cursor: validate::row_cursor(&r.cursor).map_err(bad)?,
            limit: validate::limit(r.limit).map_err(bad)?,
            total: r.include_total_count,
        };
        store.user_topics(&r.filter, &page).map_err(api_error)
    }

    pub fn user_topic_update(&self, r: &wire::UserTopicUpdateRequest) -> Result<Empty, ApiError> {
        let store = self.store()?;
        validate::text("user", &r.user).map_err(bad)?;
        let op = validate::op("op", &r.op).map_err(bad)?;
        let topics = validate::topics("topics", &r.topics, self.limits.max_topics_per_device)
            .map_err(bad)?;
        store
            .user_topic_update(&r.user, op, &topics)
            .map_err(api_error)?;
        Ok(Empty {})
    }
}

impl Push {
    /// centri's `GET /admin/push/stats`: device counts by provider and platform and the `top`
    /// (at most [`STATS_MAX_TOP`]) largest topics, reused for [`STATS_TTL`].
    pub fn stats(&self, top: usize) -> Result<wire::PushStats, ApiError> {
        let store = self.store()?;
        let top = top.min(STATS_MAX_TOP);
        let mut cache = self
            .stats_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, t, st)) = cache.as_ref() {
            if *t == top && at.elapsed() < STATS_TTL {
                return Ok(st.clone());
            }
        }
        let st = store.stats(top).map_err(api_error)?;
        *cache = Some((Instant::now(), top, st.clone()));
        Ok(st)
    }

    /// Emits a `kind` event to the tracers of `user` (one atomic load when nobody traces).
    fn trace(&self, user: &str, kind: &str, payload: impl FnOnce() -> serde_json::Value) {
        if user.is_empty() {
            return;
        }
        self.tracers.user(user, || {
            let mut m = trace::event(kind, "in");
            trace::put(&mut m, "user", user);
            m.insert("payload".into(), payload());
            m
        });
    }

    fn trace_removed(&self, removed: &[Touched]) {
        for t in removed {
            self.trace(&t.user, "device_remove", || serde_json::json!({"id": t.id}));
        }
    }
}

/// 107 with a message that names the field.
fn bad(Invalid { field, reason }: Invalid) -> ApiError {
    ApiError {
        code: codes::BAD_REQUEST,
        message: format!("bad request: {field}: {reason}"),
        temporary: false,
    }
}

fn api_error(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound { .. } => ApiError::new(codes::METHOD_NOT_FOUND),
        StoreError::Conflict { .. } => ApiError::new(113),
        StoreError::Limit { field, reason } => bad(Invalid { field, reason }),
        e => {
            // Internal text stays in the log.
            tracing::error!(error = %e, "push store");
            ApiError::internal()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn push(enabled: bool) -> Push {
        let mut cfg = Config::default();
        cfg.push_notifications.enabled = enabled;
        Push::from_config(
            &cfg,
            Arc::new(Tracers::new("n".into())),
            crate::server::metrics::PushMetrics::default(),
        )
        .unwrap()
    }

    #[test]
    fn off_answers_108() {
        let p = push(false);
        assert!(!p.enabled());
        let e = p
            .device_register(&wire::DeviceRegisterRequest::default())
            .unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (108, "not available"));
        let e = p
            .device_list(&wire::DeviceListRequest::default())
            .unwrap_err();
        assert_eq!(e.code, 108);
    }

    #[test]
    fn errors_map_to_api_codes() {
        let p = push(true);
        let e = p
            .device_register(&wire::DeviceRegisterRequest {
                provider: "fcm".into(),
                token: "t".into(),
                platform: "tv".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(e.code, 107);
        assert!(
            e.message.starts_with("bad request: platform: "),
            "{}",
            e.message
        );
        let id = p
            .device_register(&wire::DeviceRegisterRequest {
                provider: "fcm".into(),
                token: "t".into(),
                platform: "ios".into(),
                user: "u".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let update = |user: &str, device_id: &str| {
            p.device_topic_update(&wire::DeviceTopicUpdateRequest {
                device_id: device_id.into(),
                op: "add".into(),
                topics: vec!["t".into()],
                user: user.into(),
            })
        };
        assert!(update("u", &id).is_ok());
        assert_eq!(update("v", &id).unwrap_err().code, 113);
        let unknown = validate::new_device_id();
        assert_eq!(update("", &unknown).unwrap_err().code, 104);
        let e = api_error(StoreError::Db("disk I/O error at /secret/path".into()));
        assert_eq!((e.code, e.message.as_str()), (100, "internal server error"));
    }
}

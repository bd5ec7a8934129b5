//! The node: one facade over the hub, the engine and the registry of live connections, used by
//! both the HTTP API and the client sessions (Centrifugo's `Executor` and centrifuge's `Node`).
//! Every server API method is written once here; transports only decode, call and encode.
//!
//! The node does not know the session type: connections register as `Arc<dyn Connection>`,
//! which keeps imports one-way (session → node).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;

mod access;
mod cluster;
mod delta;
mod map;
mod server_api;

use super::auth::Verifier;
use super::config::{Config, NamespaceOptions};
use super::engine::{Dedup, Engine, HistoryFilter, Published, StatusField, StreamOptions};
use super::hub::{Hub, Subscriber};
use super::metrics::Metrics;
use super::permissions;
use super::trace::{self, Tracers};
use crate::proto::api;
use crate::proto::client::{push_json, PushEvent};
use crate::proto::codec::protobuf;
use crate::proto::codes::Disconnect;
use crate::proto::{
    strip_newlines, ApiError, ClientInfo, Payload, Publication, Raw, StreamPosition,
};
use delta::{delta_pushes, DeltaPushes};

/// How long a `connections` survey waits for the other nodes.
const SURVEY_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a forwarded trace lives without a renewed request (renewed every 2 s).
const FORWARD_TTL: Duration = Duration::from_secs(7);

/// How long a peer's announcement counts (they come every few seconds).
const PEER_TTL: Duration = Duration::from_secs(15);

/// A publication checked against its namespace, ready for the engine.
struct Prepared<'a> {
    o: &'a NamespaceOptions,
    publication: Publication,
    sopts: StreamOptions,
    delta: bool,
}

/// How a publication is published beyond its data.
#[derive(Debug, Default, Clone, Copy)]
pub struct PublishOpts<'a> {
    pub skip_history: bool,
    /// Publications with the same key within 5 minutes are published once.
    pub idempotency_key: &'a str,
    /// May be sent as a delta to subscribers that negotiated it (also on with the
    /// namespace's `delta_publish`).
    pub delta: bool,
    /// With history on, dropped unless newer than the stream's last version (see
    /// [`Dedup`]); 0: not checked.
    pub version: u64,
    pub version_epoch: &'a str,
}

impl<'a> PublishOpts<'a> {
    /// What the engine checks before it publishes.
    fn dedup(&self) -> Dedup<'a> {
        Dedup {
            idempotency_key: self.idempotency_key,
            version: self.version,
            version_epoch: self.version_epoch,
        }
    }
}

/// The server version reported to clients and in `info`.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " centri");

/// What the node can ask of a live connection (implemented by the session).
pub trait Connection: Send + Sync {
    fn conn_id(&self) -> u64;
    fn client_id(&self) -> &str;
    fn user(&self) -> &str;
    /// Close with `d` after what is already queued.
    fn disconnect(&self, d: Disconnect);
    /// Server-side subscribe (API `subscribe`).
    fn server_subscribe(&self, node: &Node, req: &api::SubscribeRequest) -> Result<(), ApiError>;
    /// Writes the connection's presence entries again (a shared engine expires them).
    fn refresh_presence(&self, node: &Node);
    /// Renews the connection's entries in presence maps (`map_clients`, `map_users`).
    fn refresh_map_presence(&self, node: &Node);
    /// Marks the connection as belonging to a traced user (or not), for fan-out checks.
    fn set_traced(&self, on: bool);
    /// Server-side unsubscribe with `code` (2000 for the API's `unsubscribe`).
    fn server_unsubscribe(&self, node: &Node, channel: &str, code: u32);
    /// Whether the connection's labels match a (validated) `label_filter`.
    fn labels_match(&self, f: &crate::proto::filter_node::FilterNode) -> bool;
    /// What the `connections` API shows about this connection.
    fn info(&self) -> api::ConnectionInfo;
    /// `jti` and `iat` of the connection token (`None`: connected without one).
    fn token_id(&self) -> Option<(&str, i64)>;
    /// API `refresh`: new expiry (`None` = never), or expire now.
    fn server_refresh(&self, node: &Node, expired: bool, expire_at: Option<i64>, info: Option<Raw>);
}

#[derive(Default)]
struct Registry {
    conns: HashMap<u64, Arc<dyn Connection>>,
    by_user: HashMap<String, HashSet<u64>>,
}

/// An attached tracer; dropping it detaches.
pub struct TraceGuard {
    attached: Option<trace::Attached>,
    node: Arc<Node>,
    user: Option<String>,
}

impl TraceGuard {
    pub fn attached(&mut self) -> &mut trace::Attached {
        self.attached.as_mut().expect("present until drop")
    }
}

impl Drop for TraceGuard {
    fn drop(&mut self) {
        let r = self
            .node
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        drop(self.attached.take());
        if let Some(u) = &self.user {
            if !self.node.tracers.is_user_traced(u) {
                Node::flag_user(&r, u, false);
            }
        }
    }
}

/// Shared state of a running server.
pub struct Node {
    pub config: Arc<Config>,
    pub conn_verifier: Verifier,
    pub sub_verifier: Verifier,
    pub engine: Engine,
    pub hub: Hub,
    pub metrics: Metrics,
    /// Live tracers (`/admin/trace`).
    pub tracers: Arc<Tracers>,
    /// Operation rate limits and their per-user state.
    pub ratelimits: super::ratelimit::RateLimits,
    /// Live rate-limit edits and where they persist.
    pub limit_store: super::ratelimit::state::Store,
    /// Push notifications: the device and topic registry (off unless configured).
    pub push: Arc<super::push::Push>,
    /// Blocked users, revoked and invalidated tokens.
    pub access: super::access::Access,
    /// The keyed state of map channels (memory engine only).
    pub maps: super::map::store::MapStore,
    /// Shared poll channels in use on this node: who tracks which keys, and their data.
    pub polls: super::poll::Polls,
    /// The config has a shared poll namespace (detach then also leaves its poll channel).
    has_polls: bool,
    /// Admin sign-in with the OIDC provider (`admin.oidc`), when configured.
    pub oidc: Option<Arc<super::oidc::Oidc>>,
    registry: RwLock<Registry>,
    next_conn_id: AtomicU64,
    pub uid: String,
    pub name: String,
    started: Instant,
    /// Live numbers of the last `info` aggregation (for `metrics.items`).
    info_items: Mutex<(f64, BTreeMap<String, f64>, Option<api::Process>)>,
    /// Open `connections` surveys: where other nodes' answers go.
    surveys: Mutex<HashMap<String, std::sync::mpsc::Sender<api::ConnectionsResult>>>,
    /// Targets this node forwards trace events for, and when they were last requested.
    forwards: Mutex<HashMap<trace::Target, Instant>>,
    /// Channel state events: where the hub reports first/last subscribers.
    chanstate: super::chanstate::Reporter,
    /// Taken once by the server to run the channel state task.
    pub chanstate_rx: Mutex<Option<super::chanstate::Receiver>>,
    /// Other nodes of the cluster (Redis engine): their last announcement and when it came.
    peers: Mutex<HashMap<String, (api::NodeInfo, Instant)>>,
    /// The emulated sessions of this node (`http_stream`, `sse`), by session id.
    pub emulation: super::transport::emulation::Sessions,
    /// The proxies to the application backend.
    pub proxies: super::proxy::Proxies,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("uid", &self.uid)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Maps namespace options to the engine's stream options.
pub fn stream_options(cfg: &Config, o: &NamespaceOptions) -> StreamOptions {
    let meta = if o.history_meta_ttl.is_positive() {
        o.history_meta_ttl
    } else {
        cfg.channel.history_meta_ttl
    };
    StreamOptions {
        history_size: o.history_size as usize,
        history_ttl: if o.history_ttl.negative {
            Duration::ZERO
        } else {
            o.history_ttl.value
        },
        meta_ttl: meta.value.max(Duration::from_secs(1)),
    }
}

/// Validates publication data for the namespace's `publication_data_format`: `json` and
/// `json_object` refuse binary data.
fn check_data(o: &NamespaceOptions, data: &Payload) -> Result<(), ApiError> {
    match (o.publication_data_format.as_str(), data) {
        ("json" | "json_object", Payload::Binary(_)) => Err(ApiError::bad_request()),
        ("json_object", Payload::Json(d)) if !d.get().trim_start().starts_with('{') => {
            Err(ApiError::bad_request())
        }
        _ => Ok(()),
    }
}

impl Node {
    pub fn new(config: Arc<Config>, name: String) -> Result<Self, String> {
        let store = super::ratelimit::state::Store::memory(&config);
        Self::with_store(config, name, store)
    }

    /// Builds what a node would from `config` (engine clients, token
    /// verifiers) without starting anything, so `serve` can refuse a bad key
    /// or certificate before it binds and says `listening on`.
    pub fn preflight(config: &Config) -> Result<(), String> {
        Engine::from_config(config)?;
        Verifier::new(&config.client.token)?;
        Verifier::new(
            &config
                .client
                .subscription_token
                .effective(&config.client.token),
        )?;
        Ok(())
    }

    /// A node whose live rate-limit edits live in `store`.
    pub fn with_store(
        config: Arc<Config>,
        name: String,
        store: super::ratelimit::state::Store,
    ) -> Result<Self, String> {
        let engine = Engine::from_config(&config)?;
        let (chanstate, chanstate_rx) = super::chanstate::channel();
        let conn_verifier = Verifier::new(&config.client.token)?;
        let sub_verifier = Verifier::new(
            &config
                .client
                .subscription_token
                .effective(&config.client.token),
        )?;
        let tracers = Arc::new(Tracers::new(name.clone()));
        let metrics = Metrics::new(VERSION);
        let push = super::push::Push::from_config(&config, tracers.clone(), metrics.push.clone());
        let push = Arc::new(push?);
        let proxies = super::proxy::Proxies::from_config(&config, Some(&metrics.proxy))?;
        let polls = super::poll::Polls::new(&config.shared_poll);
        let has_polls = std::iter::once(&config.channel.without_namespace)
            .chain(&config.channel.namespaces)
            .any(NamespaceOptions::is_shared_poll);
        let oidc = if config.admin.oidc.enabled() {
            Some(Arc::new(super::oidc::Oidc::new(config.admin.oidc.clone())?))
        } else {
            None
        };
        Ok(Self {
            oidc,
            config,
            conn_verifier,
            sub_verifier,
            engine,
            hub: Hub::default(),
            metrics,
            tracers,
            ratelimits: super::ratelimit::RateLimits::new(&store.effective()),
            limit_store: store,
            access: super::access::Access::default(),
            maps: super::map::store::MapStore::default(),
            polls,
            has_polls,
            push,
            registry: RwLock::new(Registry::default()),
            next_conn_id: AtomicU64::new(1),
            uid: uuid::Uuid::new_v4().to_string(),
            name,
            started: Instant::now(),
            info_items: Mutex::new((0.0, BTreeMap::new(), None)),
            peers: Mutex::new(HashMap::new()),
            chanstate,
            chanstate_rx: Mutex::new(Some(chanstate_rx)),
            forwards: Mutex::new(HashMap::new()),
            surveys: Mutex::new(HashMap::new()),
            emulation: super::transport::emulation::Sessions::default(),
            proxies,
        })
    }

    pub fn next_conn_id(&self) -> u64 {
        self.next_conn_id.fetch_add(1, Ordering::Relaxed)
    }

    // ------------------------------------------------------------ registry

    /// Registers an authenticated connection; `Err(3504)` over `client.user_connection_limit`.
    pub fn add_connection(&self, conn: Arc<dyn Connection>) -> Result<(), Disconnect> {
        let mut r = self
            .registry
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let limit = self.config.client.user_connection_limit as usize;
        let user = conn.user().to_string();
        if limit > 0 && !user.is_empty() && r.by_user.get(&user).map_or(0, HashSet::len) >= limit {
            return Err(Disconnect::new(Disconnect::CONNECTION_LIMIT));
        }
        // Under the registry lock, so a tracer attaching now either sees this connection or
        // is seen by this check.
        conn.set_traced(self.tracers.is_user_traced(&user));
        r.by_user
            .entry(user.clone())
            .or_default()
            .insert(conn.conn_id());
        r.conns.insert(conn.conn_id(), conn);
        drop(r);
        // The user is online from now on; the online tick keeps it fresh.
        if self.config.user_status.enabled && !user.is_empty() {
            let _ = self.touch_status(&[user], StatusField::Online, None);
        }
        Ok(())
    }

    /// Sets `field` of the users' statuses to now (and extends their life).
    fn touch_status(
        &self,
        users: &[String],
        field: StatusField,
        state: Option<&str>,
    ) -> Result<(), ApiError> {
        let us = &self.config.user_status;
        self.engine.touch_user_status(
            users,
            field,
            state,
            super::engine::unix_ms(),
            us.expire_interval.value,
        )
    }

    /// Refreshes `online` for every user with a live connection on this node (the
    /// `user_status.online_interval` tick). Users whose last connection is gone are not
    /// touched, so their `online` stops advancing.
    pub fn refresh_online(&self) {
        if !self.config.user_status.enabled {
            return;
        }
        let users: Vec<String> = {
            let r = self
                .registry
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            r.by_user
                .keys()
                .filter(|u| !u.is_empty())
                .cloned()
                .collect()
        };
        if !users.is_empty() {
            let _ = self.touch_status(&users, StatusField::Online, None);
        }
    }

    /// Attaches a tracer and flags the traced user's live connections; the returned guard
    /// detaches it (and clears the flags when nobody traces the user any more) when dropped.
    pub fn attach_tracer(self: &Arc<Self>, target: &trace::Target) -> TraceGuard {
        let guard = self.attach_tracer_as(target.clone(), false);
        // other nodes start forwarding their events for this target at once
        self.request_remote_trace(target);
        guard
    }

    fn attach_tracer_as(self: &Arc<Self>, target: trace::Target, forward: bool) -> TraceGuard {
        let user = match &target {
            trace::Target::User(u) => Some(u.clone()),
            trace::Target::Channel(_) => None,
        };
        let attached = {
            let r = self
                .registry
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let attached = self.tracers.attach_as(target, forward);
            if let Some(u) = &user {
                Self::flag_user(&r, u, true);
            }
            attached
        };
        TraceGuard {
            attached: Some(attached),
            node: self.clone(),
            user,
        }
    }

    fn flag_user(r: &Registry, user: &str, on: bool) {
        for id in r.by_user.get(user).into_iter().flatten() {
            if let Some(c) = r.conns.get(id) {
                c.set_traced(on);
            }
        }
    }

    pub fn remove_connection(&self, conn_id: u64, user: &str) {
        let mut r = self
            .registry
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        r.conns.remove(&conn_id);
        if let Some(set) = r.by_user.get_mut(user) {
            set.remove(&conn_id);
            if set.is_empty() {
                r.by_user.remove(user);
            }
        }
    }

    /// Connections matching the API's `user`/`client` selectors.
    fn select(&self, user: &str, client: &str) -> Vec<Arc<dyn Connection>> {
        let r = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out: Vec<Arc<dyn Connection>> = if user.is_empty() {
            if client.is_empty() {
                return Vec::new();
            }
            r.conns
                .values()
                .filter(|c| c.client_id() == client)
                .cloned()
                .collect()
        } else {
            r.by_user
                .get(user)
                .map(|ids| {
                    ids.iter()
                        .filter_map(|id| r.conns.get(id).cloned())
                        .collect()
                })
                .unwrap_or_default()
        };
        if !client.is_empty() {
            out.retain(|c| c.client_id() == client);
        }
        out
    }

    /// Connections selected by an API request: by `user`/`client`, or every user's with
    /// `all_users`, narrowed by `label_filter` (an invalid filter is `107 bad request`).
    fn select_for(
        &self,
        user: &str,
        client: &str,
        label_filter: Option<&crate::proto::filter_node::FilterNode>,
        all_users: bool,
    ) -> Result<Vec<Arc<dyn Connection>>, ApiError> {
        if let Some(f) = label_filter {
            f.validate().map_err(|_| ApiError::bad_request())?;
        }
        let mut conns = if all_users {
            let mut all = self.all_connections();
            if !client.is_empty() {
                all.retain(|c| c.client_id() == client);
            }
            all
        } else {
            self.select(user, client)
        };
        if let Some(f) = label_filter {
            conns.retain(|c| c.labels_match(f));
        }
        Ok(conns)
    }

    /// Whether a live connection of `user` is subscribed to `channel`.
    pub fn user_subscribed(&self, user: &str, channel: &str) -> bool {
        self.select(user, "")
            .iter()
            .any(|c| c.info().state.channels.contains_key(channel))
    }

    /// (clients, users) on this node.
    pub fn client_counts(&self) -> (usize, usize) {
        let r = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (r.conns.len(), r.by_user.len())
    }

    /// Every live connection (for shutdown).
    pub fn all_connections(&self) -> Vec<Arc<dyn Connection>> {
        let r = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        r.conns.values().cloned().collect()
    }

    // ------------------------------------------------------------ channel plumbing

    /// Resolves the channel's namespace options (102/107).
    pub fn options(&self, channel: &str) -> Result<&NamespaceOptions, ApiError> {
        if channel.is_empty() {
            return Err(ApiError::bad_request());
        }
        permissions::resolve(&self.config, channel).map(|r| r.options)
    }

    /// Checks a publication against its namespace and builds it: what is left is the
    /// engine's part.
    fn prepare_publish<'a>(
        &'a self,
        channel: &str,
        data: Payload,
        info: Option<ClientInfo>,
        tags: BTreeMap<String, String>,
        opts: &PublishOpts<'_>,
    ) -> Result<Prepared<'a>, ApiError> {
        let o = self.options(channel)?;
        // a map channel takes map_publish (Centrifugo answers 107 too); a shared poll
        // channel's data comes from its backend (or shared_poll_publish)
        if o.is_map() || o.is_shared_poll() {
            return Err(ApiError::bad_request());
        }
        check_data(o, &data)?;
        let mut sopts = stream_options(&self.config, o);
        if opts.skip_history {
            sopts.history_size = 0;
        }
        // may go to delta subscribers as a delta against the previous publication
        let delta = opts.delta || o.delta_publish;
        let (data, binary) = match data {
            Payload::Json(d) => (strip_newlines(d), None),
            Payload::Binary(b) => (crate::proto::null_raw(), Some(b)),
        };
        let publication = Publication {
            data,
            info,
            offset: 0,
            tags,
            delta: false,
            binary,
            key: String::new(),
            removed: false,
            version: 0,
        };
        Ok(Prepared {
            o,
            publication,
            sopts,
            delta,
        })
    }

    /// Counts a publication the engine took (not a duplicate) and gives the API's answer.
    fn published(&self, o: &NamespaceOptions, published: &Published) -> api::PublishResult {
        if !published.duplicate {
            self.metrics.publications_received.inc();
            self.metrics.received("publication", &o.name);
        }
        api::PublishResult {
            offset: published.position.offset,
            epoch: published.position.epoch.clone(),
        }
    }

    /// Publishes to a channel: history append and local fan-out under the channel lock, so
    /// subscribers see offsets in order.
    pub fn publish(
        &self,
        channel: &str,
        data: Payload,
        info: Option<ClientInfo>,
        tags: BTreeMap<String, String>,
        opts: &PublishOpts<'_>,
    ) -> Result<api::PublishResult, ApiError> {
        let p = self.prepare_publish(channel, data, info, tags, opts)?;
        let dedup = opts.dedup();
        if self.engine.redis().is_some() {
            // every node (this one too) delivers it when it comes back over PUB/SUB
            let published =
                self.engine
                    .publish(channel, p.publication, &p.sopts, dedup, p.delta)?;
            return Ok(self.published(p.o, &published));
        }
        let mut locked = self.hub.lock(channel);
        let published = self
            .engine
            .publish(channel, p.publication, &p.sopts, dedup, p.delta)?;
        let answer = self.published(p.o, &published);
        if !published.duplicate {
            if let Some(subs) = locked.subs_mut() {
                self.fan_out(channel, &p.o.name, subs, &published.publication, p.delta);
            }
        }
        drop(locked);
        if !published.duplicate {
            self.trace_publication(channel, &published.publication);
        }
        Ok(answer)
    }

    /// Publishes one payload to several channels on the Redis engine without blocking the
    /// caller: every channel's publish is in flight at once (pipelined on the shard's
    /// connection). The answers are in `channels` order. `None` without the Redis engine.
    pub async fn publish_redis(
        &self,
        channels: &[String],
        data: &Payload,
        tags: &BTreeMap<String, String>,
        opts: &PublishOpts<'_>,
    ) -> Option<Vec<Result<api::PublishResult, ApiError>>> {
        let r = self.engine.redis()?;
        let mut answers: Vec<Result<api::PublishResult, ApiError>> =
            Vec::with_capacity(channels.len());
        let mut ready = Vec::new();
        let mut spots = Vec::new();
        for ch in channels {
            let p = if ch.is_empty() {
                Err(ApiError::bad_request())
            } else {
                self.prepare_publish(ch, data.clone(), None, tags.clone(), opts)
            };
            match p {
                Ok(p) => {
                    spots.push((answers.len(), p.o));
                    ready.push((ch.as_str(), p.publication, p.sopts, p.delta));
                    answers.push(Err(ApiError::internal()));
                }
                Err(e) => answers.push(Err(e)),
            }
        }
        let done = r.publish_batch(ready, opts.dedup()).await;
        for ((i, o), published) in spots.into_iter().zip(done) {
            answers[i] = published.map(|p| self.published(o, &p));
        }
        Some(answers)
    }

    /// Sends a publication to the channel's local subscribers (under its hub lock). With
    /// `delta`, subscribers that negotiated delta compression get it as a fossil delta
    /// against the channel's previous publication, when they have that one.
    pub(crate) fn fan_out(
        &self,
        channel: &str,
        ns: &str,
        subs: &mut super::hub::ChannelSubs,
        publication: &Publication,
        delta: bool,
    ) {
        self.fan_out_at(channel, ns, subs, publication, delta, publication.offset);
    }

    /// As [`Node::fan_out`], with the offset subscribers compare with the one they skip up
    /// to (`Subscriber::min_offset`) given apart from the publication's: an ephemeral map's
    /// change on Redis has one that clients never see.
    fn fan_out_at(
        &self,
        channel: &str,
        ns: &str,
        subs: &mut super::hub::ChannelSubs,
        publication: &Publication,
        delta: bool,
        at: u64,
    ) {
        let ev = PushEvent::Pub(publication);
        let msg = (subs.has_json() && publication.binary.is_none())
            .then(|| Bytes::from(push_json(channel, &ev)));
        let pb = subs
            .has_protobuf()
            .then(|| Bytes::from(protobuf::push(channel, &ev)));
        let deltas = if subs.has_delta_subscribers() {
            delta_pushes(channel, subs, publication, delta)
        } else {
            // the next delta subscriber of a map starts with every key's current value:
            // bases kept from before would be stale
            subs.prev_by_key.clear();
            DeltaPushes::default()
        };
        let (n, traced) = subs.broadcast_pub(
            &super::hub::PubOut {
                msg: msg.as_ref(),
                pb: pb.as_ref(),
                offset: at,
                tags: Some(&publication.tags),
                full_str: deltas.full_str.as_ref(),
                delta: deltas.json.as_ref(),
                pb_delta: deltas.pb.as_ref(),
            },
            self.tracers.has_user_tracers(),
        );
        self.metrics.publications_sent.inc_by(n as u64);
        self.metrics.sent("publication", ns, n as u64);
        if traced {
            self.trace_deliveries(channel, subs, &ev, Some(&publication.tags));
        }
    }

    /// A publication for `channel` arrived from the broker (Redis): deliver it locally. A
    /// map change's `base` (the key's value before it) is what this node's delta
    /// subscribers hold for the key: the base of its delta.
    pub fn deliver(
        &self,
        channel: &str,
        publication: &Publication,
        delta: bool,
        base: Option<&Bytes>,
    ) {
        let (ns, hidden) = self.options(channel).map_or((String::new(), false), |o| {
            (o.name.clone(), o.is_map() && !o.map.streamed())
        });
        let at = publication.offset;
        // an ephemeral map's change: its offset only tells which subscribers have it
        let stripped = hidden.then(|| Publication {
            offset: 0,
            ..publication.clone()
        });
        let publication = stripped.as_ref().unwrap_or(publication);
        let mut locked = self.hub.lock(channel);
        if let Some(subs) = locked.subs_mut() {
            if !publication.key.is_empty() && subs.has_delta_subscribers() {
                match base {
                    Some(b) => {
                        subs.prev_by_key.insert(publication.key.clone(), b.clone());
                    }
                    // a new key (or a namespace without deltas): no base, the value goes whole
                    None => {
                        subs.prev_by_key.remove(&publication.key);
                    }
                }
            }
            self.fan_out_at(channel, &ns, subs, publication, delta, at);
        }
        drop(locked);
        self.trace_publication(channel, publication);
    }

    pub(crate) fn trace_publication(&self, channel: &str, p: &Publication) {
        self.tracers.channel(channel, || {
            let mut m = trace::event("publication", "out");
            trace::put(&mut m, "channel", channel);
            if let Some(i) = &p.info {
                trace::put(&mut m, "user", &i.user);
                trace::put(&mut m, "client", &i.client);
            }
            m.insert(
                "source".into(),
                if p.info.is_some() {
                    "client".into()
                } else {
                    "api".into()
                },
            );
            m.insert(
                "payload".into(),
                serde_json::to_value(p).unwrap_or_default(),
            );
            m
        });
    }

    /// Sends a join or leave push to the channel's join/leave subscribers.
    pub fn publish_join_leave(&self, channel: &str, info: &ClientInfo, join: bool) {
        self.tracers.channel(channel, || {
            let mut m = trace::event(if join { "join" } else { "leave" }, "out");
            trace::put(&mut m, "channel", channel);
            trace::put(&mut m, "user", &info.user);
            trace::put(&mut m, "client", &info.client);
            m
        });
        let ev = if join {
            PushEvent::Join { info }
        } else {
            PushEvent::Leave { info }
        };
        let msg = Bytes::from(push_json(channel, &ev));
        let locked = self.hub.lock(channel);
        if let Some(subs) = locked.subs() {
            let pb = subs
                .has_protobuf()
                .then(|| Bytes::from(protobuf::push(channel, &ev)));
            let (n, traced) =
                subs.broadcast(&msg, pb.as_ref(), true, self.tracers.has_user_tracers());
            if traced {
                self.trace_deliveries(channel, subs, &ev, None);
            }
            let kind = if join { "join" } else { "leave" };
            let ns = self
                .options(channel)
                .map(|o| o.name.as_str())
                .unwrap_or_default();
            self.metrics.sent(kind, ns, n as u64);
        }
    }

    /// Traces, for each subscriber whose user is traced, the push it was just sent.
    /// `pub_tags` is the publication's tags; `None` means a join/leave push.
    fn trace_deliveries(
        &self,
        channel: &str,
        subs: &super::hub::ChannelSubs,
        ev: &PushEvent<'_>,
        pub_tags: Option<&std::collections::BTreeMap<String, String>>,
    ) {
        let Some(users) = self.tracers.traced_users() else {
            return;
        };
        // Traced in the JSON form, whatever each subscriber's protocol.
        let payload: serde_json::Value =
            serde_json::from_slice(&push_json(channel, ev)).unwrap_or_default();
        for s in subs.subs.values() {
            let sent = match pub_tags {
                None => s.push_join_leave,
                Some(tags) => s.tags_filter.as_ref().is_none_or(|f| f.matches(tags)),
            };
            if !sent || !s.outbox.traced() || !users.contains(&s.user) {
                continue;
            }
            self.tracers.user(&s.user, || {
                let mut m = trace::event("push", "out");
                trace::put(&mut m, "user", &s.user);
                trace::put(&mut m, "client", &s.client);
                trace::put(&mut m, "channel", channel);
                m.insert("payload".into(), payload.clone());
                m
            });
        }
    }

    /// Adds a subscriber under the channel lock. `before` runs first, under the same lock: it
    /// reads the stream and queues the subscribe reply; the subscriber is added only if it
    /// returns `Ok`, so no publication can overtake the reply.
    ///
    /// `before` also returns the stream offset its reply covered: with a broker (Redis), the
    /// node subscribes the channel first, so a publication can arrive both in the reply's
    /// history and over PUB/SUB; the subscriber then skips offsets up to that one.
    pub fn attach<R>(
        &self,
        channel: &str,
        conn_id: u64,
        mut sub: Subscriber,
        before: impl FnOnce(&Engine) -> Result<(R, u64), ApiError>,
    ) -> Result<R, ApiError> {
        if let Some(r) = self.engine.redis() {
            r.subscribe(channel)?;
        }
        let mut locked = self.hub.lock(channel);
        match before(&self.engine) {
            Ok((r, top)) => {
                sub.min_offset = top;
                if locked.add(conn_id, sub) && self.state_events(channel) {
                    self.chanstate
                        .report(super::chanstate::Change::FirstLocal(channel.to_string()));
                }
                Ok(r)
            }
            Err(e) => {
                drop(locked);
                if let Some(r) = self.engine.redis() {
                    r.unsubscribe(channel);
                }
                Err(e)
            }
        }
    }

    /// Whether `channel`'s namespace sends occupied/vacated events.
    fn state_events(&self, channel: &str) -> bool {
        self.options(channel).is_ok_and(|o| o.state_proxy_enabled)
    }

    /// A connection of this node by its numeric id.
    pub fn connection(&self, conn_id: u64) -> Option<Arc<dyn Connection>> {
        self.registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .conns
            .get(&conn_id)
            .cloned()
    }

    /// Removes a subscriber; true if it was subscribed.
    pub fn detach(&self, channel: &str, conn_id: u64) -> bool {
        if self.has_polls {
            if let Some(c) = self.polls.get(channel) {
                c.unsubscribe(conn_id);
            }
        }
        let (removed, empty) = self.hub.lock(channel).remove(conn_id);
        if removed && empty && self.state_events(channel) {
            self.chanstate
                .report(super::chanstate::Change::LastLocal(channel.to_string()));
        }
        if removed {
            if let Some(r) = self.engine.redis() {
                r.unsubscribe(channel);
            }
        }
        removed
    }
}

//! One client connection's protocol state machine: connect and auth, subscriptions,
//! publish/presence/history, refresh, ping/pong and every timed close (stale, no pong,
//! expiry). It turns decoded frames into node calls and queues replies in the connection's
//! [`Outbox`]; it never touches the socket, so tests can drive it without one.
//!
//! Locking: the session's state mutex is held only for short sections and is always taken
//! before the hub's channel locks, never after.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::Notify;

use super::auth::{b64_raw, now_unix, TokenError};
use super::config::NamespaceOptions;
use super::engine::{Engine, HistoryFilter};
use super::hub::Subscriber;
use super::node::{stream_options, Connection, Node, VERSION};
use super::outbox::Outbox;
use super::permissions::{decide, Caps, Op, SubToken, Subject};
use crate::proto::api::{SubscribeOptionOverride, SubscribeRequest as ApiSubscribe};
use crate::proto::client::{
    push_json, Command, ConnectRequest, ConnectResult, Empty, HistoryRequest, HistoryResult,
    Method, PresenceResult, PresenceStatsResult, PublishRequest, PushEvent, RefreshRequest,
    RefreshResult, Reply, ReplyBody, ReplyResult, SubRefreshRequest, SubRefreshResult,
    SubscribeRequest, SubscribeResult, FLAG_REJECT_UNRECOVERED,
};
use crate::proto::codec::{protobuf, Protocol};
use crate::proto::codes::{self, Disconnect};
use crate::proto::filter_node::FilterNode;
use crate::proto::{ApiError, ClientInfo, Raw, StreamPosition};
use serde_json::{Map, Value};

use super::ratelimit::{self, KeyState, Verdict};

mod proxied;
use super::trace::{event, put};

/// PRO `ChannelContext.source` of a server-side subscription from the connection token.
const SOURCE_TOKEN: u32 = 1;
/// ... of the user's personal channel (`client.subscribe_to_user_personal_channel`).
const SOURCE_PERSONAL: u32 = 9;
/// ... of one made through the server API.
const SOURCE_API: u32 = 10;
/// ... from the connect proxy's `channels`/`subs`.
const SOURCE_CONNECT_PROXY: u32 = 2;
/// A client subscription the subscribe proxy allowed.
const SOURCE_SUBSCRIBE_PROXY: u32 = 4;

/// Commands that may wait behind one that waits on the backend; more close the connection
/// (3501): a client that floods while its connect is being decided is not a client.
const MAX_QUEUED: usize = 1024;

/// Whether a command is done, or waits on a proxy (its task handles the queue after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Done,
    Pending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `connect`.
    New,
    Connected,
    /// A connect error was replied: the connection reads no more commands.
    Failed,
    Closed,
}

#[derive(Debug, Clone)]
struct SubState {
    server_side: bool,
    chan_info: Option<Raw>,
    presence: bool,
    emit_join_leave: bool,
    /// Subscription token expiry (unix s), for client-side subscriptions.
    expire_at: Option<i64>,
    /// How the subscription was granted (PRO `ChannelContext.source` numbers).
    source: u32,
    /// Subscription capabilities from the sub token's `allow` (PRO).
    allow: Arc<[String]>,
    /// The `sub_refresh` proxy that extends this subscription at its expiry (`Some(name)`),
    /// instead of the client with a token.
    refresh_proxy: Option<String>,
    /// A `sub_refresh` call is in flight.
    refreshing: bool,
}

#[derive(Debug)]
struct State {
    phase: Phase,
    conn_info: Option<Raw>,
    /// Connection expiry (unix s); `None` = never.
    expire_at: Option<i64>,
    subs: HashMap<String, SubState>,
    next_ping: Option<Instant>,
    pong_deadline: Option<Instant>,
    /// When the outstanding ping went out, and the last measured round trip (-1: none yet).
    ping_sent: Option<Instant>,
    rtt_ms: i64,
    /// `client_command` and `client_error` bucket state of this connection.
    rl_commands: KeyState,
    rl_errors: KeyState,
    /// Connection capabilities (the token's `caps`); replaced by a refresh.
    caps: Option<Arc<Caps>>,
    /// A command is being handled, or waits on a proxy: later ones wait in `queue`, so a
    /// connection's commands run one at a time and in order, as in Centrifugo.
    busy: bool,
    queue: VecDeque<Command>,
    /// A refresh proxy call for the connection is in flight.
    refreshing: bool,
}

/// Who the connection is, fixed at connect.
#[derive(Debug)]
struct Identity {
    client: String,
    user: String,
    name: String,
    version: String,
    connected_at_ms: i64,
    /// `jti`, `iat` and `meta` of the connection token.
    token: Option<(String, i64)>,
    meta: Option<Raw>,
    /// The token's `labels` claim.
    labels: BTreeMap<String, String>,
}

/// A client session.
pub struct Session {
    node: Arc<Node>,
    conn_id: u64,
    pub outbox: Arc<Outbox>,
    identity: OnceLock<Identity>,
    state: Mutex<State>,
    created: Instant,
    /// Wakes the timer loop when a deadline changes.
    timers: Notify,
    /// The server closed this connection (a `disconnect` event was traced).
    server_closed: std::sync::atomic::AtomicBool,
    /// The wire format of the connection's commands and replies.
    protocol: Protocol,
    /// The transport's name (`websocket`, `http_stream`, `sse`, `uni_websocket`, ...).
    transport: &'static str,
    /// Unidirectional: the client sends nothing after its connect request, so there is no
    /// pong to wait for, the connect result goes as a push and a connect error closes.
    uni: bool,
    /// The emulation session id, for the emulation and unidirectional transports: the secret
    /// an emulated client's commands carry (never the client id, which presence shows to
    /// other users).
    emulation_id: Option<String>,
    /// The client request's headers that some proxy forwards (name, value).
    forwarded: Vec<(String, String)>,
}

/// How a session's connection carries it, fixed when it opens.
#[derive(Debug, Clone)]
pub struct Carrier {
    pub transport: &'static str,
    pub protocol: Protocol,
    pub uni: bool,
    /// The emulation session id (a fresh UUID per connection).
    pub session_id: Option<String>,
    /// The headers of the client's HTTP request that proxies forward
    /// ([`super::proxy::Proxies::capture`]).
    pub forwarded: Vec<(String, String)>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("conn_id", &self.conn_id)
            .finish_non_exhaustive()
    }
}

/// Who a connection is and what it gets, however it authenticated.
#[derive(Default)]
struct Creds {
    /// The client id, when it was fixed before (the connect proxy's request carries it).
    client: Option<String>,
    user: String,
    info: Option<Raw>,
    /// Expiry (unix s); `None`: never.
    exp: Option<i64>,
    /// Server-side subscriptions, with their options.
    subs: Vec<(String, Option<crate::server::auth::TokenSubOptions>)>,
    /// Their PRO `ChannelContext.source`.
    sub_source: u32,
    caps: Option<Arc<Caps>>,
    /// `jti` and `iat` of the connection token.
    token: Option<(String, i64)>,
    meta: Option<Raw>,
    labels: BTreeMap<String, String>,
    /// The connect result's `data`.
    data: Option<Raw>,
}

/// What a subscribe was granted with (from the token, the subscribe proxy, or nothing).
struct Grant {
    chan_info: Option<Raw>,
    data: Option<Raw>,
    ovr: Option<SubscribeOptionOverride>,
    /// Expiry (unix s).
    exp: Option<i64>,
    /// Subscription capabilities (PRO).
    allow: Vec<String>,
    /// PRO `ChannelContext.source`.
    source: u32,
    /// The `sub_refresh` proxy that extends it at expiry.
    refresh_proxy: Option<String>,
    /// The client refreshes it with a token (the result carries `expires`/`ttl`).
    client_refresh: bool,
}

/// Effective options of one subscription after token overrides.
struct SubOptions {
    presence: bool,
    join_leave: bool,
    push_join_leave: bool,
    recoverable: bool,
    positioned: bool,
    /// The client's tags filter (`tf`), validated.
    tags_filter: Option<Arc<FilterNode>>,
    /// Fossil delta compression negotiated (asked for, and in `allowed_delta_types`).
    delta: bool,
}

fn apply_override(
    base: bool,
    o: Option<&SubscribeOptionOverride>,
    f: fn(&SubscribeOptionOverride) -> Option<crate::proto::api::BoolValue>,
) -> bool {
    o.and_then(f).map_or(base, |v| v.value)
}

impl Session {
    /// A JSON session over WebSocket.
    pub fn new(node: Arc<Node>) -> Arc<Self> {
        Self::with_transport(node, "websocket", Protocol::Json)
    }

    /// A session over `transport`, speaking `protocol`.
    pub fn with_transport(
        node: Arc<Node>,
        transport: &'static str,
        protocol: Protocol,
    ) -> Arc<Self> {
        Self::carried(
            node,
            Carrier {
                transport,
                protocol,
                uni: false,
                session_id: None,
                forwarded: Vec::new(),
            },
        )
    }

    /// A session carried as `carrier` says.
    pub fn carried(node: Arc<Node>, carrier: Carrier) -> Arc<Self> {
        let Carrier {
            transport,
            protocol,
            uni,
            session_id,
            forwarded,
        } = carrier;
        let outbox = Arc::new(Outbox::new(node.config.client.queue_max_size));
        Arc::new(Self {
            conn_id: node.next_conn_id(),
            node,
            outbox,
            identity: OnceLock::new(),
            state: Mutex::new(State {
                phase: Phase::New,
                conn_info: None,
                expire_at: None,
                subs: HashMap::new(),
                next_ping: None,
                pong_deadline: None,
                ping_sent: None,
                rtt_ms: -1,
                rl_commands: KeyState::default(),
                rl_errors: KeyState::default(),
                caps: None,
                busy: false,
                queue: VecDeque::new(),
                refreshing: false,
            }),
            created: Instant::now(),
            timers: Notify::new(),
            server_closed: std::sync::atomic::AtomicBool::new(false),
            protocol,
            transport,
            uni,
            emulation_id: session_id,
            forwarded,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn client(&self) -> &str {
        self.identity.get().map_or("", |i| i.client.as_str())
    }

    fn user_id(&self) -> &str {
        self.identity.get().map_or("", |i| i.user.as_str())
    }

    fn send(&self, bytes: Vec<u8>) {
        self.outbox.push(Bytes::from(bytes));
    }

    /// Emits a trace event for this connection's user, if someone traces it.
    fn trace(&self, build: impl FnOnce() -> Map<String, Value>) {
        let tracers = &self.node.tracers;
        if !tracers.enabled() {
            return;
        }
        let user = self.user_id();
        tracers.user(user, || {
            let mut m = build();
            put(&mut m, "client", self.client());
            put(&mut m, "user", user);
            m
        });
    }

    /// Emits one event to the user's and the channel's tracers.
    fn trace_both(&self, channel: &str, build: impl FnOnce() -> Map<String, Value>) {
        let tracers = &self.node.tracers;
        if !tracers.enabled() {
            return;
        }
        let user = self.user_id();
        tracers.both(user, channel, || {
            let mut m = build();
            put(&mut m, "client", self.client());
            put(&mut m, "user", user);
            put(&mut m, "channel", channel);
            m
        });
    }

    /// The connection's wire format.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Whether the transport is unidirectional.
    pub fn is_uni(&self) -> bool {
        self.uni
    }

    /// The transport's name.
    pub fn transport(&self) -> &'static str {
        self.transport
    }

    /// A unidirectional client's connect request: handled as the command `{id: 1, connect}`
    /// (the result goes out as a `connect` push, an error as the close).
    pub fn connect_unidirectional(self: &Arc<Self>, req: ConnectRequest) {
        self.submit(Command {
            id: 1,
            connect: Some(req),
            ..Command::default()
        });
    }

    /// Closes with 3506: the message has no form in this connection's protocol (binary data
    /// for a JSON client).
    fn inappropriate(&self) {
        self.close(Disconnect::new(Disconnect::INAPPROPRIATE_PROTOCOL));
    }

    /// Sends a reply, traced as `reply` (in its JSON form, whatever the protocol).
    fn send_reply(&self, r: &Reply, code: Option<u32>) {
        self.trace(|| {
            let mut m = event("reply", "out");
            if let Some(c) = code {
                m.insert("code".into(), Value::from(c));
            }
            m.insert(
                "payload".into(),
                serde_json::to_value(r).unwrap_or(Value::Null),
            );
            m
        });
        match self.protocol.reply(r) {
            Some(bytes) => self.send(bytes),
            None => self.inappropriate(),
        }
    }

    /// Sends a push, traced as `push` (in its JSON form).
    fn send_push(&self, channel: &str, ev: &PushEvent<'_>) {
        self.trace(|| {
            let mut m = event("push", "out");
            put(&mut m, "channel", channel);
            m.insert(
                "payload".into(),
                serde_json::from_slice(&push_json(channel, ev)).unwrap_or(Value::Null),
            );
            m
        });
        match self.protocol.push(channel, ev) {
            Some(bytes) => self.send(bytes),
            None => self.inappropriate(),
        }
    }

    fn reply(&self, id: u32, r: ReplyResult) {
        self.send_reply(&Reply::ok(id, r), None);
    }

    fn reply_err(&self, id: u32, method: &'static str, e: ApiError) {
        self.node
            .metrics
            .reply_errors
            .get_or_create(&super::metrics::ErrorLabel {
                method,
                code: e.code.to_string(),
                channel_namespace: String::new(),
            })
            .inc();
        let code = e.code;
        if self.uni && method == "connect" {
            // A unidirectional client reads no replies: the error becomes the close, as
            // Centrifugo's uni transports map it.
            let d = match code {
                codes::TOKEN_EXPIRED | codes::EXPIRED => Disconnect::EXPIRED,
                codes::TOO_MANY_REQUESTS => 3013,
                codes::PERMISSION_DENIED => Disconnect::PERMISSION_DENIED,
                _ => Disconnect::INTERNAL,
            };
            self.close(Disconnect::new(d));
            return;
        }
        self.send_reply(&Reply::err(id, e), Some(code));
        if code != codes::INTERNAL {
            self.count_error();
        }
    }

    /// Checks a command against `client_command` and `user_command`; true when rejected.
    /// Hits (and dry-run hits) are counted, recorded and traced.
    fn rate_limited(&self, op: usize, channel: &str, method: &str, now: u64) -> bool {
        let Some(c) = self.node.ratelimits.current() else {
            return false;
        };
        let ns = self.namespace_of(channel);
        if let Some(l) = &c.client_command {
            let v = l.check(
                &mut self.lock().rl_commands,
                c.generation,
                Some(op),
                ns,
                method,
                now,
            );
            if self.on_verdict(l.name, op, ns, channel, self.user_id(), &v) {
                return true;
            }
        }
        if let Some(l) = &c.user_command {
            let user = self.user_id();
            if !user.is_empty() {
                let v = self.node.ratelimits.users.with(user, |st| {
                    l.check(st, c.generation, Some(op), ns, method, now)
                });
                if self.on_verdict(l.name, op, ns, channel, self.user_id(), &v) {
                    return true;
                }
            }
        }
        if let Some(v) = self.redis_user_check(&c, self.user_id(), op, ns, method) {
            let l = c
                .redis_user_command
                .as_ref()
                .map_or("redis_user_command", |l| l.name);
            if self.on_verdict(l, op, ns, channel, self.user_id(), &v) {
                return true;
            }
        }
        false
    }

    /// `redis_user_command`: the user's buckets in Redis, shared by the cluster. A Redis
    /// failure lets the command through (logged): the limit is a guard, not the service.
    fn redis_user_check<'c>(
        &self,
        c: &'c ratelimit::Compiled,
        user: &str,
        op: usize,
        ns: &str,
        method: &str,
    ) -> Option<Verdict<'c>> {
        let l = c.redis_user_command.as_ref()?;
        let r = self.node.engine.redis()?;
        if user.is_empty() {
            return None;
        }
        let rule = l.select(op, ns, method)?;
        let cells: Vec<(u64, u64)> = rule.cells().collect();
        Some(match r.user_buckets(user, &rule.key, &cells) {
            Ok(true) | Err(_) => Verdict::Allow,
            Ok(false) if rule.dry_run => Verdict::DryRun(&rule.key),
            Ok(false) => Verdict::Reject(&rule.key),
        })
    }

    /// The connection's caps.
    fn caps(&self) -> Option<Arc<Caps>> {
        self.lock().caps.clone()
    }

    /// What a publish/history/presence check needs: caps, whether subscribed, sub caps.
    fn access(&self, channel: &str) -> (Option<Arc<Caps>>, bool, Arc<[String]>) {
        let st = self.lock();
        let sub = st.subs.get(channel);
        (
            st.caps.clone(),
            sub.is_some(),
            sub.map_or_else(|| Arc::from(Vec::new()), |s| s.allow.clone()),
        )
    }

    /// After a refresh changed the caps: client-side subscriptions granted without a
    /// subscription token are decided again, and those no longer allowed are unsubscribed
    /// (2000; the SDK does not resubscribe into a denial).
    fn revoke_lost_subscriptions(&self) {
        let (caps, subs): (Option<Arc<Caps>>, Vec<String>) = {
            let st = self.lock();
            (
                st.caps.clone(),
                st.subs
                    .iter()
                    .filter(|(_, s)| !s.server_side && s.source != 3)
                    .map(|(c, _)| c.clone())
                    .collect(),
            )
        };
        for ch in subs {
            let subject = Subject {
                caps: caps.as_deref(),
                ..Subject::user(self.user_id())
            };
            let d = decide(&self.node.config, Op::Subscribe, &ch, &subject);
            if !d.allowed() {
                self.trace_both(&ch, || {
                    let mut m = event("unsubscribe", "out");
                    put(&mut m, "reason", "caps changed on refresh");
                    m
                });
                self.unsubscribe_channel(&ch, Some(2000));
            }
        }
    }

    /// `user_command.connect`, then `redis_user_command.connect`, for `user` (the
    /// connection has no identity yet).
    fn connect_limited(&self, user: &str) -> bool {
        let Some(c) = self.node.ratelimits.current() else {
            return false;
        };
        let op = ratelimit::op_index("connect").unwrap_or(0);
        if let Some(l) = &c.user_command {
            let v = self.node.ratelimits.users.with(user, |st| {
                l.check(st, c.generation, Some(op), "", "", ratelimit::now_ns())
            });
            if self.on_verdict(l.name, op, "", "", user, &v) {
                return true;
            }
        }
        if let Some(v) = self.redis_user_check(&c, user, op, "", "") {
            let name = c
                .redis_user_command
                .as_ref()
                .map_or("redis_user_command", |l| l.name);
            return self.on_verdict(name, op, "", "", user, &v);
        }
        false
    }

    /// Counts an error reply against `client_error`; over the limit, disconnects with 3509.
    fn count_error(&self) {
        let Some(c) = self.node.ratelimits.current() else {
            return;
        };
        let Some(l) = &c.client_error else { return };
        let v = l.check(
            &mut self.lock().rl_errors,
            c.generation,
            None,
            "",
            "",
            ratelimit::now_ns(),
        );
        if self.on_verdict(l.name, usize::MAX, "", "", self.user_id(), &v) {
            self.close(Disconnect::new(Disconnect::TOO_MANY_ERRORS));
        }
    }

    /// Records a verdict; true when it rejects.
    /// `user` is passed in: at connect the session has no identity yet.
    fn on_verdict(
        &self,
        limiter: &'static str,
        op: usize,
        ns: &str,
        channel: &str,
        user: &str,
        v: &Verdict<'_>,
    ) -> bool {
        let (rule, dry_run) = match v {
            Verdict::Allow => return false,
            Verdict::DryRun(r) => (*r, true),
            Verdict::Reject(r) => (*r, false),
        };
        let op_name = ratelimit::OPS.get(op).copied().unwrap_or("error");
        self.node
            .metrics
            .rate_limit_hits
            .get_or_create(&super::metrics::RateLimitLabel {
                limiter,
                op: op_name,
                channel_namespace: ns.to_string(),
                dry_run: if dry_run { "true" } else { "false" },
            })
            .inc();
        self.node.ratelimits.record(crate::proto::ratelimit::Hit {
            time_ms: super::trace::now_ms(),
            limiter: limiter.into(),
            op: op_name.into(),
            namespace: ns.into(),
            rule: rule.into(),
            user: user.into(),
            client: self.client().into(),
            dry_run,
        });
        let build = || {
            let mut m = event("rate_limited", "internal");
            put(&mut m, "rule", rule);
            put(&mut m, "limiter", limiter);
            put(&mut m, "op", op_name);
            m.insert("dry_run".into(), Value::from(dry_run));
            if !dry_run {
                m.insert("code".into(), Value::from(codes::TOO_MANY_REQUESTS));
            }
            put(&mut m, "client", self.client());
            put(&mut m, "user", user);
            put(&mut m, "channel", channel);
            m
        };
        let tracers = &self.node.tracers;
        if channel.is_empty() {
            tracers.user(user, build);
        } else {
            tracers.both(user, channel, build);
        }
        !dry_run
    }

    /// The namespace part of a channel name (no allocation; "" for none).
    fn namespace_of<'a>(&self, channel: &'a str) -> &'a str {
        let ch = &self.node.config.channel;
        let body = channel
            .strip_prefix(ch.private_prefix.as_str())
            .filter(|_| !ch.private_prefix.is_empty())
            .unwrap_or(channel);
        body.find(ch.namespace_boundary.as_str())
            .map_or("", |i| &body[..i])
    }

    /// Closes the connection with `d` (after what is queued).
    pub fn close(&self, d: Disconnect) {
        let code = d.code;
        if code != 3000
            && !self
                .server_closed
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.trace(|| {
                let mut m = event("disconnect", "out");
                m.insert("code".into(), Value::from(code));
                put(&mut m, "reason", &d.reason);
                m
            });
        }
        if self.outbox.close(d) {
            self.node
                .metrics
                .server_disconnects
                .get_or_create(&super::metrics::CodeLabel {
                    code: code.to_string(),
                })
                .inc();
        }
    }

    /// Handles one text frame: `\n`-separated commands, in order.
    pub fn handle_frame(self: &Arc<Self>, text: &str) {
        let mut any = false;
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            any = true;
            if self.outbox.is_closing() {
                return;
            }
            let decoded = serde_json::from_str::<Command>(line).map_err(|e| e.to_string());
            if !self.decoded(decoded, || {
                serde_json::from_str(line).unwrap_or(Value::Null)
            }) {
                return;
            }
        }
        if !any {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
        }
    }

    /// Handles one binary frame of a Protobuf connection: varint-length-delimited commands,
    /// in order. A truncated length, a length past the frame or an undecodable message
    /// closes the connection with 3501, after the commands before it were handled.
    pub fn handle_binary(self: &Arc<Self>, frame: &[u8]) {
        for cmd in protobuf::commands(frame) {
            if self.outbox.is_closing() {
                return;
            }
            let cmd = cmd.map_err(|e| e.to_string());
            // the JSON form only when someone traces (it is taken before the command moves)
            let json = self
                .node
                .tracers
                .enabled()
                .then(|| cmd.as_ref().ok().and_then(|c| serde_json::to_value(c).ok()))
                .flatten();
            if !self.decoded(cmd, || json.unwrap_or(Value::Null)) {
                return;
            }
        }
    }

    /// One decoded command (traced with its JSON form `payload`) is handled; one that did not
    /// decode closes the connection with 3501. Returns whether to go on reading.
    fn decoded(
        self: &Arc<Self>,
        cmd: Result<Command, String>,
        payload: impl FnOnce() -> Value,
    ) -> bool {
        let cmd = match cmd {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!(conn = self.conn_id, protocol = self.protocol.name(), error = %e, "undecodable command");
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return false;
            }
        };
        if self.node.tracers.enabled() {
            self.trace(|| {
                let mut m = event("command", "in");
                m.insert("payload".into(), payload());
                m
            });
        }
        self.submit(cmd);
        true
    }

    /// Handles `cmd` now, or queues it behind a command that waits on a proxy.
    fn submit(self: &Arc<Self>, cmd: Command) {
        {
            let mut st = self.lock();
            if st.busy {
                if st.queue.len() >= MAX_QUEUED {
                    drop(st);
                    tracing::info!(
                        conn = self.conn_id,
                        "too many commands queued behind a proxy call"
                    );
                    self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                    return;
                }
                st.queue.push_back(cmd);
                return;
            }
            st.busy = true;
        }
        self.run_queue(Some(cmd));
    }

    /// Handles `first`, then the queued commands in order, until the queue is empty or a
    /// command waits on a proxy (whose task calls this again when it is done).
    fn run_queue(self: &Arc<Self>, mut first: Option<Command>) {
        loop {
            let cmd = if let Some(c) = first.take() {
                c
            } else {
                let mut st = self.lock();
                if self.outbox.is_closing() {
                    st.queue.clear();
                }
                let Some(c) = st.queue.pop_front() else {
                    st.busy = false;
                    return;
                };
                c
            };
            if self.handle_command(cmd) == Flow::Pending {
                return;
            }
        }
    }

    fn handle_command(self: &Arc<Self>, cmd: Command) -> Flow {
        let (id, method) = cmd.into_method();
        let phase = self.lock().phase;
        match phase {
            Phase::Closed => return Flow::Done,
            Phase::Failed => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            Phase::New if !matches!(method, Method::Connect(_)) => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            Phase::Connected if matches!(method, Method::Connect(_)) => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            _ => {}
        }
        if self.outbox.is_closing() {
            return Flow::Done;
        }
        if id == 0 {
            match method {
                Method::Send(_) => self.close(Disconnect::new(Disconnect::NOT_AVAILABLE)),
                _ => self.handle_pong(),
            }
            return Flow::Done;
        }
        let started = Instant::now();
        let name = method.name();
        if let Some((op, channel, rpc_method)) = self
            .node
            .ratelimits
            .is_active()
            .then(|| limited_op(&method))
            .flatten()
        {
            if self.rate_limited(op, channel, rpc_method, ratelimit::ns_at(started)) {
                self.reply_err(id, name, ApiError::new(codes::TOO_MANY_REQUESTS));
                return Flow::Done;
            }
        }
        let flow = match method {
            Method::Connect(r) => self.connect(id, r),
            Method::Subscribe(r) => self.subscribe(id, r),
            Method::Publish(r) => self.publish(id, r),
            Method::Rpc(r) if r.method != "update_user_status" => self.rpc(id, r),
            other => {
                self.handle_sync(id, other);
                Flow::Done
            }
        };
        if flow == Flow::Done {
            self.node
                .metrics
                .command_duration
                .get_or_create(&super::metrics::MethodLabel {
                    method: name,
                    channel_namespace: String::new(),
                })
                .observe(started.elapsed().as_secs_f64());
        }
        flow
    }

    /// The commands that never wait on the backend.
    fn handle_sync(self: &Arc<Self>, id: u32, method: Method) {
        match method {
            Method::Connect(_) | Method::Subscribe(_) | Method::Publish(_) => {
                unreachable!("handled in handle_command")
            }
            Method::Unsubscribe(r) => {
                if r.channel.is_empty() {
                    self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                    return;
                }
                self.unsubscribe_channel(&r.channel, None);
                self.reply(id, ReplyResult::Unsubscribe(Empty {}));
            }
            Method::Presence(r) => self.presence(id, &r.channel, false),
            Method::PresenceStats(r) => self.presence(id, &r.channel, true),
            Method::History(r) => self.history(id, r),
            // The built-in PRO RPC; every other method has no handler (108).
            Method::Rpc(r) if r.method == "update_user_status" => {
                match self.node.client_update_user_status(self.user_id()) {
                    Ok(()) => self.reply(
                        id,
                        ReplyResult::Rpc(crate::proto::client::RpcResult::default()),
                    ),
                    Err(e) => self.reply_err(id, "rpc", e),
                }
            }
            Method::Rpc(_) => unreachable!("handled in handle_command"),
            Method::Refresh(r) => self.refresh(id, &r),
            Method::SubRefresh(r) => self.sub_refresh(id, &r),
            Method::Send(_) => self.close(Disconnect::new(Disconnect::NOT_AVAILABLE)),
            Method::Ping | Method::Empty => self.close(Disconnect::new(Disconnect::BAD_REQUEST)),
        }
    }

    fn handle_pong(&self) {
        let mut st = self.lock();
        if st.phase != Phase::Connected || st.pong_deadline.is_none() {
            drop(st);
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        st.pong_deadline = None;
        if let Some(sent) = st.ping_sent.take() {
            st.rtt_ms = i64::try_from(sent.elapsed().as_millis()).unwrap_or(i64::MAX);
        }
    }

    // ---------------------------------------------------------------- connect

    fn connect(self: &Arc<Self>, id: u32, req: ConnectRequest) -> Flow {
        let cfg = &self.node.config.client;
        let now = now_unix();
        if req.token.is_empty() {
            if let Some(proxy) = self.node.proxies.connect() {
                return self.connect_proxied(id, req, proxy);
            }
            if !(cfg.allow_anonymous_connect_without_token || cfg.insecure) {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            self.finish_connect(id, &req, Creds::default());
            return Flow::Done;
        }
        let (claims, user) = match self.node.conn_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", ApiError::new(codes::TOKEN_EXPIRED));
                return Flow::Done;
            }
            Err(TokenError::Invalid(why)) => {
                tracing::info!(conn = self.conn_id, reason = %why, "invalid connection token");
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        if claims.channel.is_some() {
            tracing::info!(
                conn = self.conn_id,
                "subscription token used as a connection token"
            );
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return Flow::Done;
        }
        if user.is_empty() && cfg.disallow_anonymous_connection_tokens {
            self.close(Disconnect::new(Disconnect::PERMISSION_DENIED));
            return Flow::Done;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) if t <= now => {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", ApiError::new(codes::EXPIRED));
                return Flow::Done;
            }
            Some(t) => Some(t),
            None => claims.exp,
        };
        let info = match b64_raw("b64info", &claims.b64info) {
            Ok(Some(i)) => Some(i),
            Ok(None) => claims.info.clone().map(crate::proto::strip_newlines),
            Err(_) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        let mut subs: Vec<(String, Option<crate::server::auth::TokenSubOptions>)> = Vec::new();
        if claims.subs.is_empty() {
            subs.extend(claims.channels.iter().map(|c| (c.clone(), None)));
        } else {
            subs.extend(
                claims
                    .subs
                    .iter()
                    .map(|(c, o)| (c.clone(), Some(o.clone()))),
            );
        }
        let caps = match Caps::compile(&claims.caps) {
            Ok(c) if !c.is_empty() => Some(Arc::new(c)),
            Ok(_) => None,
            Err(why) => {
                tracing::info!(conn = self.conn_id, %why, "connection token has invalid caps");
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        let creds = Creds {
            client: None,
            user,
            info,
            exp: if cfg.insecure { None } else { exp },
            subs,
            sub_source: SOURCE_TOKEN,
            caps,
            token: Some((claims.jti.clone(), claims.iat.unwrap_or(0))),
            meta: claims.meta.clone(),
            labels: claims.labels.clone(),
            data: None,
        };
        self.finish_connect(id, &req, creds);
        Flow::Done
    }

    /// Connects with `creds` (from a token, the connect proxy, or anonymous): limits, the
    /// registry, the server-side subscriptions and the connect reply.
    fn finish_connect(self: &Arc<Self>, id: u32, req: &ConnectRequest, creds: Creds) {
        let cfg = &self.node.config.client;
        let now = now_unix();
        let Creds {
            client,
            user,
            info,
            exp,
            subs: subs_from_token,
            sub_source,
            caps,
            token,
            meta,
            labels,
            data: connect_data,
        } = creds;
        if !user.is_empty() && self.connect_limited(&user) {
            self.lock().phase = Phase::Failed;
            self.reply_err(id, "connect", ApiError::new(codes::TOO_MANY_REQUESTS));
            return;
        }
        if subs_from_token.len() > cfg.channel_limit as usize {
            self.close(Disconnect::new(Disconnect::CHANNEL_LIMIT));
            return;
        }
        for (ch, _) in &subs_from_token {
            if let Err(e) = self.node.options(ch) {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", e);
                return;
            }
        }
        let client = client.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        // Connect runs once per session (phase checked above), so the identity is unset.
        let _ = self.identity.set(Identity {
            client: client.clone(),
            user: user.clone(),
            name: req.name.clone(),
            version: req.version.clone(),
            connected_at_ms: i64::try_from(super::trace::now_ms()).unwrap_or(0),
            token,
            meta,
            labels,
        });
        if let Err(d) = self.node.add_connection(self.clone()) {
            self.close(d);
            return;
        }
        let ping_interval = cfg.ping_interval;
        {
            let mut st = self.lock();
            st.phase = Phase::Connected;
            st.conn_info = info;
            st.caps = caps;
            st.expire_at = exp;
            if ping_interval.is_positive() {
                let iv = ping_interval.value;
                let first = iv / 2
                    + Duration::from_millis(rand::random_range(
                        0..(iv.as_millis() as u64 / 2).max(1),
                    ));
                st.next_ping = Some(Instant::now() + first);
            }
        }
        self.timers.notify_one();
        // Server-side subscriptions: their replies go in the connect result, and any
        // publication that races them must not overtake the connect reply.
        self.outbox.hold();
        let mut subs = BTreeMap::new();
        // Where the client asks a server-side subscription to recover from (connect `subs`).
        let since_of = |ch: &str| {
            req.subs
                .get(ch)
                .filter(|r| r.recover)
                .map(|r| StreamPosition {
                    offset: r.offset,
                    epoch: r.epoch.clone(),
                })
        };
        for (ch, opts) in subs_from_token {
            let (chan_info, data, ovr) = match &opts {
                Some(o) => (
                    b64_raw("b64info", &o.b64info)
                        .ok()
                        .flatten()
                        .or_else(|| o.info.clone()),
                    b64_raw("b64data", &o.b64data)
                        .ok()
                        .flatten()
                        .or_else(|| o.data.clone()),
                    o.override_.clone(),
                ),
                None => (None, None, None),
            };
            match self.subscribe_server_side(
                &ch,
                chan_info,
                data,
                ovr.as_ref(),
                since_of(&ch),
                sub_source,
            ) {
                Ok(res) => {
                    subs.insert(ch, res);
                }
                Err(e) => {
                    tracing::warn!(conn = self.conn_id, channel = %ch, error = %e, "token subscription failed");
                }
            }
        }
        // The user's personal channel (`client.subscribe_to_user_personal_channel`).
        let personal = &self.node.config.client.subscribe_to_user_personal_channel;
        let personal_channel = (personal.enabled && !user.is_empty())
            .then(|| self.node.config.personal_channel(&user))
            .filter(|ch| !subs.contains_key(ch));
        if let Some(ch) = &personal_channel {
            match self.subscribe_server_side(ch, None, None, None, since_of(ch), SOURCE_PERSONAL) {
                Ok(res) => {
                    subs.insert(ch.clone(), res);
                }
                Err(e) => {
                    tracing::warn!(conn = self.conn_id, channel = %ch, error = %e, "personal channel subscription failed");
                }
            }
        }
        // With a refresh proxy the server extends the connection itself: the client is not
        // told to refresh.
        let (expires, ttl) = if self.node.proxies.refresh().is_some() {
            (false, 0)
        } else {
            ttl_of(exp, now)
        };
        let result_channels: Vec<String> = if self.node.tracers.enabled() {
            subs.keys().cloned().collect()
        } else {
            Vec::new()
        };
        let result = ConnectResult {
            client,
            version: VERSION.to_string(),
            expires,
            ttl,
            data: connect_data,
            subs,
            ping: if ping_interval.is_positive() {
                ping_interval.value.as_secs() as u32
            } else {
                0
            },
            pong: !self.uni && ping_interval.is_positive() && cfg.pong_timeout.is_positive(),
            session: self.emulation_id.clone().unwrap_or_default(),
            node: if self.emulation_id.is_some() && !self.uni {
                self.node.uid.clone()
            } else {
                String::new()
            },
            time: if cfg.connect_include_server_time {
                now * 1000
            } else {
                0
            },
        };
        let reply = Reply::ok(id, ReplyResult::Connect(result));
        self.trace(|| {
            let mut m = event("connect", "in");
            m.insert(
                "payload".into(),
                serde_json::json!({
                    "transport": self.transport,
                    "protocol": self.protocol.name(),
                    "name": req.name,
                    "version": req.version,
                    "expires_at": exp,
                    "reply": serde_json::to_value(&reply).unwrap_or(Value::Null),
                }),
            );
            m
        });
        let encoded = if self.uni {
            let ReplyBody::Ok(ReplyResult::Connect(result)) = &reply.body else {
                unreachable!("built as a connect result above")
            };
            self.protocol.push("", &PushEvent::Connect(result))
        } else {
            self.protocol.reply(&reply)
        };
        let Some(reply) = encoded else {
            // closing first: the release then queues nothing
            self.inappropriate();
            self.outbox.release_front(Bytes::new());
            return;
        };
        // Then the server-side subscriptions the connect made, each with where it came from.
        for ch in result_channels {
            self.trace_both(&ch, || {
                let mut m = event("subscribe", "out");
                let from = if personal_channel.as_deref() == Some(ch.as_str()) {
                    "personal channel (client.subscribe_to_user_personal_channel)"
                } else {
                    "connection token"
                };
                m.insert(
                    "payload".into(),
                    serde_json::json!({"server_side": true, "source": from}),
                );
                m
            });
        }
        self.outbox.release_front(Bytes::from(reply));
        if let Some(ch) = personal_channel.filter(|_| personal.single_connection) {
            self.keep_single_connection(&ch, &user);
        }
        self.node
            .metrics
            .connections_accepted
            .get_or_create(&super::metrics::TransportLabel {
                transport: self.transport,
            })
            .inc();
    }

    /// `single_connection`: when the personal channel's presence counts another connection
    /// of this user (on any node), disconnects the user's other connections with 3504, as
    /// Centrifugo does.
    fn keep_single_connection(&self, personal: &str, user: &str) {
        match self.node.engine.presence_stats(personal) {
            Ok((clients, _)) if clients >= 2 => {
                let req = crate::proto::api::DisconnectRequest {
                    user: user.to_string(),
                    whitelist: vec![self.client().to_string()],
                    disconnect: Some(crate::proto::api::DisconnectObject {
                        code: u32::from(Disconnect::CONNECTION_LIMIT),
                        reason: codes::disconnect_reason(Disconnect::CONNECTION_LIMIT).to_string(),
                    }),
                    ..Default::default()
                };
                if let Err(e) = self.node.api_disconnect(&req) {
                    tracing::warn!(conn = self.conn_id, error = %e, "single connection: disconnecting older connections failed");
                }
            }
            Ok(_) => {}
            Err(e) => {
                // As Centrifugo: without the count the rule cannot hold, so this one goes.
                tracing::warn!(conn = self.conn_id, error = %e, "single connection: presence stats failed");
                self.close(Disconnect::new(Disconnect::INTERNAL));
            }
        }
    }

    // ---------------------------------------------------------------- subscribe

    /// Effective options for a subscription on namespace `o`.
    fn sub_options(
        &self,
        o: &NamespaceOptions,
        channel: &str,
        ovr: Option<&SubscribeOptionOverride>,
        req: Option<&SubscribeRequest>,
        allow: &[String],
    ) -> SubOptions {
        let history = o.history_enabled();
        let presence = apply_override(o.presence, ovr, |v| v.presence);
        let join_leave = apply_override(o.join_leave, ovr, |v| v.join_leave);
        let force_push = apply_override(o.force_push_join_leave, ovr, |v| v.force_push_join_leave);
        let force_recovery = apply_override(o.force_recovery, ovr, |v| v.force_recovery);
        let force_positioning = apply_override(o.force_positioning, ovr, |v| v.force_positioning);
        let (mut recoverable, mut positioned, mut push_join_leave) = (
            force_recovery,
            force_positioning || force_recovery,
            force_push,
        );
        if let Some(req) = req {
            let caps = self.caps();
            let subject = Subject {
                subscribed: true,
                caps: caps.as_deref(),
                sub_allow: allow,
                ..Subject::user(self.user_id())
            };
            let history_access =
                || decide(&self.node.config, Op::History, channel, &subject).allowed();
            if req.recoverable && (o.allow_recovery || history_access()) {
                recoverable = true;
            }
            if req.positioned && (o.allow_positioning || history_access()) {
                positioned = true;
            }
            if req.join_leave
                && join_leave
                && presence
                && decide(&self.node.config, Op::Presence, channel, &subject).allowed()
            {
                push_join_leave = true;
            }
        }
        if !history {
            recoverable = false;
            positioned = false;
        }
        SubOptions {
            presence,
            join_leave,
            push_join_leave,
            recoverable: recoverable && history,
            positioned: positioned || recoverable,
            tags_filter: None,
            delta: false,
        }
    }

    /// Builds the subscribe result under the channel lock: stream position and, when asked,
    /// recovery of missed publications.
    fn build_sub_result(
        &self,
        engine: &Engine,
        channel: &str,
        o: &NamespaceOptions,
        so: &SubOptions,
        recover: Option<StreamPosition>,
        reject_unrecovered: bool,
    ) -> Result<SubscribeResult, ApiError> {
        let tags_filter = so.tags_filter.as_deref();
        let mut res = SubscribeResult {
            recoverable: so.recoverable,
            positioned: so.positioned,
            ..SubscribeResult::default()
        };
        if !(so.recoverable || so.positioned) {
            return Ok(res);
        }
        let sopts = stream_options(&self.node.config, o);
        if o.force_recovery_mode == "cache" && so.recoverable {
            return self.cache_recovery(engine, channel, o, res, recover, tags_filter);
        }
        let Some(since) = recover.filter(|_| so.recoverable) else {
            let top = self.node.stream_top(engine, channel, o);
            res.offset = top.offset;
            res.epoch = top.epoch;
            return Ok(res);
        };
        res.was_recovering = true;
        let filter = HistoryFilter {
            since: Some(StreamPosition {
                offset: since.offset,
                epoch: String::new(),
            }),
            limit: -1,
            reverse: false,
        };
        let (pubs, top) = engine.history(channel, &filter, &sopts)?;
        let max = self.node.config.client.recovery_max_publication_limit as usize;
        let epoch_ok = since.epoch.is_empty() || since.epoch == top.epoch;
        let recovered = epoch_ok
            && if pubs.is_empty() {
                top.offset == since.offset
            } else {
                pubs.len() <= max
                    && pubs.first().is_some_and(|p| p.offset == since.offset + 1)
                    && pubs.last().is_some_and(|p| p.offset == top.offset)
            };
        if recovered {
            res.recovered = true;
            res.publications = pubs;
            // Recovery is judged on the whole stream; the subscriber gets what its filter
            // lets through, and its position moves on as matching publications arrive.
            if let Some(f) = tags_filter {
                res.publications.retain(|p| f.matches(&p.tags));
            }
            res.offset = since.offset;
            res.epoch = top.epoch;
        } else {
            if reject_unrecovered {
                return Err(ApiError::new(codes::UNRECOVERABLE_POSITION));
            }
            res.offset = top.offset;
            res.epoch = top.epoch;
        }
        Ok(res)
    }

    /// Cache recovery mode: a (re)subscriber gets at most the latest publication.
    fn cache_recovery(
        &self,
        engine: &Engine,
        channel: &str,
        o: &NamespaceOptions,
        mut res: SubscribeResult,
        recover: Option<StreamPosition>,
        tags_filter: Option<&FilterNode>,
    ) -> Result<SubscribeResult, ApiError> {
        let was_recovering = recover.is_some();
        let since = match recover {
            Some(p) => p,
            None if o.auto_cache_recover => StreamPosition::default(),
            None => {
                let top = self.node.stream_top(engine, channel, o);
                res.offset = top.offset;
                res.epoch = top.epoch;
                return Ok(res);
            }
        };
        // With a tags filter, the latest publication that matches it (newest first).
        let latest = HistoryFilter {
            since: None,
            limit: if tags_filter.is_some() { -1 } else { 1 },
            reverse: true,
        };
        let (pubs, top) =
            engine.history(channel, &latest, &stream_options(&self.node.config, o))?;
        res.was_recovering = was_recovering;
        res.recovered = true;
        res.epoch = top.epoch;
        res.offset = top.offset;
        let latest = pubs
            .into_iter()
            .find(|p| tags_filter.is_none_or(|f| f.matches(&p.tags)));
        if let Some(p) = latest.filter(|p| p.offset > since.offset) {
            res.offset = p.offset - 1;
            res.publications = vec![p];
        }
        Ok(res)
    }

    fn subscribe(self: &Arc<Self>, id: u32, req: SubscribeRequest) -> Flow {
        let ch = req.channel.clone();
        if ch.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return Flow::Done;
        }
        if ch.len() > self.node.config.channel.max_length {
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return Flow::Done;
        }
        if req.kind != 0 {
            // A map subscription on a stream channel: the client must not believe it has one.
            tracing::debug!(conn = self.conn_id, channel = %ch, kind = req.kind, "map subscription on a stream channel");
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return Flow::Done;
        }
        {
            let st = self.lock();
            if st.subs.contains_key(&ch) {
                drop(st);
                self.reply_err(id, "subscribe", ApiError::new(codes::ALREADY_SUBSCRIBED));
                return Flow::Done;
            }
            if st.subs.len() >= self.node.config.client.channel_limit as usize {
                drop(st);
                self.reply_err(id, "subscribe", ApiError::new(codes::LIMIT_EXCEEDED));
                return Flow::Done;
            }
        }
        let now = now_unix();
        let mut chan_info = None;
        let mut sub_data = None;
        let mut ovr = None;
        let mut sub_exp = None;
        let mut sub_allow: Vec<String> = Vec::new();
        let sub_token = if req.token.is_empty() {
            SubToken::None
        } else {
            match self.node.sub_verifier.verify(&req.token, now) {
                Ok((claims, user)) => {
                    let channel_ok = claims.channel.as_deref() == Some(ch.as_str());
                    if !channel_ok
                        || user != self.user_id()
                        || (!claims.client.is_empty() && claims.client != self.client())
                    {
                        tracing::info!(conn = self.conn_id, channel = %ch, "subscription token channel/user/client mismatch");
                        self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                        return Flow::Done;
                    }
                    chan_info = b64_raw("b64info", &claims.b64info)
                        .ok()
                        .flatten()
                        .or(claims.info);
                    sub_data = b64_raw("b64data", &claims.b64data)
                        .ok()
                        .flatten()
                        .or(claims.data);
                    ovr = claims.override_;
                    sub_allow = claims.allow;
                    sub_exp = match claims.expire_at {
                        Some(0) => None,
                        Some(t) => Some(t),
                        None => claims.exp,
                    };
                    SubToken::Valid
                }
                Err(TokenError::Expired) => SubToken::Expired,
                Err(TokenError::Invalid(why)) => SubToken::Invalid(why),
            }
        };
        let caps = self.caps();
        let subject = Subject {
            sub_token,
            caps: caps.as_deref(),
            ..Subject::user(self.user_id())
        };
        let decision = decide(&self.node.config, Op::Subscribe, &ch, &subject);
        if let Err(e) = decision.result {
            self.trace_both(&ch, || {
                let mut m = event("denied", "internal");
                m.insert("code".into(), Value::from(e.code));
                put(&mut m, "reason", &e.message);
                put(&mut m, "op", "subscribe");
                let decisive = decision
                    .checks
                    .iter()
                    .rev()
                    .find(|c| c.outcome == super::permissions::Outcome::Denied)
                    .or_else(|| decision.checks.last());
                if let Some(c) = decisive {
                    put(&mut m, "rule", c.rule);
                    put(&mut m, "detail", &c.detail);
                }
                m.insert(
                    "checks".into(),
                    serde_json::to_value(&decision.checks).unwrap_or(Value::Null),
                );
                m
            });
            self.reply_err(id, "subscribe", e);
            return Flow::Done;
        }
        if let Some(name) = decision.proxy {
            return self.subscribe_proxied(id, req, &name);
        }
        let source = match decision
            .checks
            .iter()
            .rev()
            .find(|c| c.outcome == super::permissions::Outcome::Granted)
            .map(|c| c.rule)
        {
            Some("subscription_token") => 3,
            Some("allow_user_limited_channels") => 5,
            Some("allow_subscribe_for_client") => 6,
            Some("client.insecure") => 7,
            Some("connection_caps") => 11,
            _ => 0,
        };
        let grant = Grant {
            chan_info,
            data: sub_data,
            ovr,
            exp: sub_exp,
            allow: sub_allow,
            source,
            refresh_proxy: None,
            client_refresh: true,
        };
        self.attach_client_sub(id, &req, grant);
        Flow::Done
    }

    /// Subscribes the client to `req.channel` as `g` grants it.
    fn attach_client_sub(&self, id: u32, req: &SubscribeRequest, g: Grant) {
        let ch = req.channel.clone();
        let now = now_unix();
        let Grant {
            chan_info,
            data: sub_data,
            ovr,
            exp: sub_exp,
            allow: sub_allow,
            source,
            refresh_proxy,
            client_refresh,
        } = g;
        let Ok(o) = self.node.options(&ch) else {
            self.reply_err(id, "subscribe", ApiError::unknown_channel());
            return;
        };
        let tags_filter = match &req.tf {
            None => None,
            Some(f) => {
                let checked = if o.allow_tags_filter {
                    f.validate()
                } else {
                    Err(format!(
                        "namespace {:?} does not have allow_tags_filter",
                        o.name
                    ))
                };
                if let Err(why) = checked {
                    tracing::info!(conn = self.conn_id, channel = %ch, "tags filter refused: {why}");
                    self.reply_err(id, "subscribe", ApiError::bad_request());
                    return;
                }
                Some(Arc::new(f.clone()))
            }
        };
        let mut so = self.sub_options(o, &ch, ovr.as_ref(), Some(req), &sub_allow);
        so.delta = req.delta == "fossil" && o.allowed_delta_types.iter().any(|t| t == "fossil");
        if so.delta && tags_filter.is_some() {
            // two ways to save bandwidth that exclude each other, as in Centrifugo
            tracing::info!(conn = self.conn_id, channel = %ch, "delta and a tags filter together refused");
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return;
        }
        so.tags_filter = tags_filter;
        let recover = req.recover.then(|| StreamPosition {
            offset: req.offset,
            epoch: req.epoch.clone(),
        });
        let reject = req.flag & FLAG_REJECT_UNRECOVERED != 0;
        let (expires, ttl) = if client_refresh {
            ttl_of(sub_exp, now)
        } else {
            (false, 0)
        };
        let sub = Subscriber {
            outbox: self.outbox.clone(),
            user: self.user_id().into(),
            client: self.client().into(),
            push_join_leave: so.push_join_leave,
            min_offset: 0,
            tags_filter: so.tags_filter.clone(),
            delta_base: so.delta.then_some(false),
            protobuf: self.protocol == Protocol::Protobuf,
        };
        let attached = self.node.attach(&ch, self.conn_id, sub, |engine| {
            let mut res = self.build_sub_result(engine, &ch, o, &so, recover, reject)?;
            if so.delta {
                res.delta = true;
            }
            if so.delta && self.protocol == Protocol::Json {
                // recovered publications go whole, as strings: the client's delta base
                res.publications = res
                    .publications
                    .iter()
                    .map(|p| {
                        // a binary one stays binary, so the reply is refused with 3506
                        p.binary
                            .is_none()
                            .then(|| {
                                crate::proto::with_string_data(p, p.data.get().as_bytes(), false)
                            })
                            .flatten()
                            .map_or_else(|| p.clone(), Arc::new)
                    })
                    .collect();
            }
            let top = res.offset;
            res.expires = expires;
            res.ttl = ttl;
            res.data = sub_data;
            // Traced before the reply, under the channel lock: subscribe, then its reply.
            self.trace_both(&ch, || {
                let mut m = event("subscribe", "in");
                let mut payload = serde_json::json!({"namespace": o.name, "recoverable": so.recoverable, "positioned": so.positioned, "recovered": res.recovered, "server_side": false});
                if let Some(tf) = &req.tf {
                    payload["tags_filter"] = serde_json::to_value(tf).unwrap_or_default();
                }
                m.insert("payload".into(), payload);
                m
            });
            self.reply(id, ReplyResult::Subscribe(res));
            Ok(((), top))
        });
        if let Err(e) = attached {
            self.reply_err(id, "subscribe", e);
            return;
        }
        self.after_attach(&ch, &so, chan_info, false, sub_exp, source);
        if !sub_allow.is_empty() || refresh_proxy.is_some() {
            if let Some(s) = self.lock().subs.get_mut(ch.as_str()) {
                s.allow = sub_allow.into();
                s.refresh_proxy = refresh_proxy;
            }
        }
    }

    /// Presence, join and bookkeeping once a subscriber is attached.
    fn after_attach(
        &self,
        ch: &str,
        so: &SubOptions,
        chan_info: Option<Raw>,
        server_side: bool,
        expire_at: Option<i64>,
        source: u32,
    ) {
        let conn_info = {
            let mut st = self.lock();
            st.subs.insert(
                ch.to_string(),
                SubState {
                    server_side,
                    chan_info: chan_info.clone(),
                    presence: so.presence,
                    emit_join_leave: so.join_leave,
                    expire_at,
                    source,
                    allow: Arc::from(Vec::new()),
                    refresh_proxy: None,
                    refreshing: false,
                },
            );
            st.conn_info.clone()
        };
        if expire_at.is_some() {
            self.timers.notify_one();
        }
        if so.presence || so.join_leave {
            let info = ClientInfo {
                user: self.user_id().to_string(),
                client: self.client().to_string(),
                conn_info,
                chan_info,
            };
            if so.presence {
                self.node
                    .engine
                    .add_presence(ch, self.client(), info.clone());
            }
            if so.join_leave {
                self.node.publish_join_leave(ch, &info, true);
            }
        }
    }

    /// A server-side subscription (from the connection token or the API).
    fn subscribe_server_side(
        &self,
        ch: &str,
        chan_info: Option<Raw>,
        data: Option<Raw>,
        ovr: Option<&SubscribeOptionOverride>,
        recover: Option<StreamPosition>,
        source: u32,
    ) -> Result<SubscribeResult, ApiError> {
        // Made through the server API while connected: the client learns of it by a push.
        let as_push = source == SOURCE_API;
        if self.lock().subs.contains_key(ch) {
            return Err(ApiError::new(codes::ALREADY_SUBSCRIBED));
        }
        let o = self.node.options(ch)?;
        let so = self.sub_options(o, ch, ovr, None, &[]);
        let sub = Subscriber {
            outbox: self.outbox.clone(),
            user: self.user_id().into(),
            client: self.client().into(),
            push_join_leave: so.push_join_leave,
            min_offset: 0,
            tags_filter: None,
            delta_base: None,
            protobuf: self.protocol == Protocol::Protobuf,
        };
        let res = self.node.attach(ch, self.conn_id, sub, |engine| {
            let mut res = self.build_sub_result(engine, ch, o, &so, recover, false)?;
            res.data = data;
            if as_push {
                self.send_push(ch, &PushEvent::Subscribe(&res));
            }
            let top = res.offset;
            Ok((res, top))
        })?;
        self.after_attach(ch, &so, chan_info, true, None, source);
        Ok(res)
    }

    /// Removes a subscription; with `code`, tells the client with an unsubscribe push.
    fn unsubscribe_channel(&self, ch: &str, code: Option<u32>) {
        let Some(sub) = self.lock().subs.remove(ch) else {
            return;
        };
        self.node.detach(ch, self.conn_id);
        if let Some(code) = code {
            self.send_push(
                ch,
                &PushEvent::Unsubscribe {
                    code,
                    reason: codes::unsubscribe_reason(code),
                },
            );
            self.node
                .metrics
                .server_unsubscribes
                .get_or_create(&super::metrics::CodeLabel {
                    code: code.to_string(),
                })
                .inc();
        }
        self.trace_both(ch, || {
            let mut m = event("unsubscribe", if code.is_some() { "out" } else { "in" });
            if let Some(c) = code {
                m.insert("code".into(), Value::from(c));
                put(&mut m, "reason", codes::unsubscribe_reason(c));
            }
            m
        });
        self.leave(ch, &sub);
    }

    fn leave(&self, ch: &str, sub: &SubState) {
        if sub.presence {
            self.node.engine.remove_presence(ch, self.client());
        }
        if sub.emit_join_leave {
            let info = ClientInfo {
                user: self.user_id().to_string(),
                client: self.client().to_string(),
                conn_info: self.lock().conn_info.clone(),
                chan_info: sub.chan_info.clone(),
            };
            self.node.publish_join_leave(ch, &info, false);
        }
    }

    // ---------------------------------------------------------------- other commands

    fn is_subscribed(&self, ch: &str) -> bool {
        self.lock().subs.contains_key(ch)
    }

    fn publish(self: &Arc<Self>, id: u32, req: PublishRequest) -> Flow {
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return Flow::Done;
        }
        if req.is_map() {
            // Map fields on a stream channel: never delivered as an ordinary publication.
            tracing::debug!(conn = self.conn_id, channel = %req.channel, "map publication on a stream channel");
            self.reply_err(id, "publish", ApiError::bad_request());
            return Flow::Done;
        }
        let data = match (req.data.filter(|d| d.get() != "null"), req.binary) {
            (Some(d), _) => crate::proto::Payload::Json(d),
            (None, Some(b)) => crate::proto::Payload::Binary(b),
            (None, None) => {
                self.reply_err(id, "publish", ApiError::bad_request());
                return Flow::Done;
            }
        };
        let (caps, subscribed, allow) = self.access(&req.channel);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        let decision = decide(&self.node.config, Op::Publish, &req.channel, &subject);
        if let Err(e) = decision.result {
            self.reply_err(id, "publish", e);
            return Flow::Done;
        }
        if let Some(name) = decision.proxy {
            return self.publish_proxied(id, req.channel, data, &name);
        }
        self.publish_granted(
            id,
            &req.channel,
            data,
            BTreeMap::new(),
            &super::node::PublishOpts::default(),
        );
        Flow::Done
    }

    /// Publishes a client's `data`, allowed, into `channel`.
    fn publish_granted(
        &self,
        id: u32,
        channel: &str,
        data: crate::proto::Payload,
        tags: BTreeMap<String, String>,
        opts: &super::node::PublishOpts<'_>,
    ) {
        let (conn_info, chan_info) = {
            let st = self.lock();
            (
                st.conn_info.clone(),
                st.subs.get(channel).and_then(|s| s.chan_info.clone()),
            )
        };
        let info = ClientInfo {
            user: self.user_id().to_string(),
            client: self.client().to_string(),
            conn_info,
            chan_info,
        };
        match self.node.publish(channel, data, Some(info), tags, opts) {
            Ok(_) => self.reply(id, ReplyResult::Publish(Empty {})),
            Err(e) => self.reply_err(id, "publish", e),
        }
    }

    fn presence(&self, id: u32, ch: &str, stats: bool) {
        let method = if stats { "presence_stats" } else { "presence" };
        self.node.tracers.channel(ch, || {
            let mut m = event(method, "in");
            put(&mut m, "client", self.client());
            put(&mut m, "user", self.user_id());
            put(&mut m, "channel", ch);
            m
        });
        if ch.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let (caps, subscribed, allow) = self.access(ch);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        if let Err(e) = decide(&self.node.config, Op::Presence, ch, &subject).result {
            self.reply_err(id, method, e);
            return;
        }
        if stats {
            match self.node.engine.presence_stats(ch) {
                Ok((num_clients, num_users)) => self.reply(
                    id,
                    ReplyResult::PresenceStats(PresenceStatsResult {
                        num_clients,
                        num_users,
                    }),
                ),
                Err(e) => self.reply_err(id, method, e),
            }
        } else {
            match self.node.engine.presence(ch) {
                Ok(presence) => self.reply(id, ReplyResult::Presence(PresenceResult { presence })),
                Err(e) => self.reply_err(id, method, e),
            }
        }
    }

    fn history(&self, id: u32, req: HistoryRequest) {
        self.node.tracers.channel(&req.channel, || {
            let mut m = event("history", "in");
            put(&mut m, "client", self.client());
            put(&mut m, "user", self.user_id());
            put(&mut m, "channel", &req.channel);
            m.insert(
                "payload".into(),
                serde_json::json!({"limit": req.limit, "since": req.since, "reverse": req.reverse}),
            );
            m
        });
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let (caps, subscribed, allow) = self.access(&req.channel);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        if let Err(e) = decide(&self.node.config, Op::History, &req.channel, &subject).result {
            self.reply_err(id, "history", e);
            return;
        }
        if req.reverse && req.since.as_ref().is_some_and(|s| s.offset == 0) {
            self.reply_err(id, "history", ApiError::bad_request());
            return;
        }
        let max = self.node.config.client.history_max_publication_limit as i32;
        let limit = if req.limit < 0 || (max > 0 && req.limit > max) {
            max
        } else {
            req.limit
        };
        let Ok(o) = self.node.options(&req.channel) else {
            self.reply_err(id, "history", ApiError::unknown_channel());
            return;
        };
        let filter = HistoryFilter {
            since: req.since,
            limit,
            reverse: req.reverse,
        };
        match self
            .node
            .engine
            .history(&req.channel, &filter, &stream_options(&self.node.config, o))
        {
            Ok((publications, pos)) => {
                self.reply(
                    id,
                    ReplyResult::History(HistoryResult {
                        publications,
                        epoch: pos.epoch,
                        offset: pos.offset,
                    }),
                );
            }
            Err(e) => self.reply_err(id, "history", e),
        }
    }

    fn refresh(&self, id: u32, req: &RefreshRequest) {
        if req.token.is_empty() || self.node.proxies.refresh().is_some() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let now = now_unix();
        let (claims, user) = match self.node.conn_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.close(Disconnect::new(Disconnect::EXPIRED));
                return;
            }
            Err(TokenError::Invalid(_)) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return;
            }
        };
        if user != self.user_id() || claims.channel.is_some() {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) => Some(t),
            None => claims.exp,
        };
        if exp.is_some_and(|t| t <= now) {
            self.close(Disconnect::new(Disconnect::EXPIRED));
            return;
        }
        let Ok(caps) = Caps::compile(&claims.caps) else {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        };
        let caps_changed = {
            let mut st = self.lock();
            let old = st.caps.take();
            let new = (!caps.is_empty()).then(|| Arc::new(caps));
            let changed = format!("{old:?}") != format!("{new:?}");
            st.caps = new;
            changed
        };
        if caps_changed {
            self.revoke_lost_subscriptions();
        }
        {
            let mut st = self.lock();
            st.expire_at = if self.node.config.client.insecure {
                None
            } else {
                exp
            };
            if let Some(info) = claims.info {
                st.conn_info = Some(info);
            }
        }
        self.timers.notify_one();
        let (expires, ttl) = ttl_of(exp, now);
        self.reply(
            id,
            ReplyResult::Refresh(RefreshResult {
                client: String::new(),
                version: String::new(),
                expires,
                ttl,
            }),
        );
    }

    fn sub_refresh(&self, id: u32, req: &SubRefreshRequest) {
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        if !self.is_subscribed(&req.channel) {
            self.reply_err(id, "sub_refresh", ApiError::permission_denied());
            return;
        }
        if req.token.is_empty() {
            self.reply_err(id, "sub_refresh", ApiError::bad_request());
            return;
        }
        let now = now_unix();
        let (claims, user) = match self.node.sub_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.reply_err(id, "sub_refresh", ApiError::new(codes::TOKEN_EXPIRED));
                return;
            }
            Err(TokenError::Invalid(_)) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return;
            }
        };
        if claims.channel.as_deref() != Some(req.channel.as_str())
            || user != self.user_id()
            || (!claims.client.is_empty() && claims.client != self.client())
        {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) => Some(t),
            None => claims.exp,
        };
        if let Some(s) = self.lock().subs.get_mut(&req.channel) {
            s.expire_at = exp;
        }
        self.timers.notify_one();
        let (expires, ttl) = ttl_of(exp, now);
        self.reply(
            id,
            ReplyResult::SubRefresh(SubRefreshResult { expires, ttl }),
        );
    }

    // ---------------------------------------------------------------- timers

    /// Runs due timers; returns when to run again.
    fn tick(self: &Arc<Self>) -> Instant {
        let now = Instant::now();
        let cfg = &self.node.config.client;
        let mut st = self.lock();
        let far = now + Duration::from_secs(3600);
        match st.phase {
            Phase::Closed => return far,
            Phase::New | Phase::Failed => {
                let stale_at = self.created + cfg.stale_close_delay.value;
                if now >= stale_at && cfg.stale_close_delay.is_positive() {
                    drop(st);
                    self.close(Disconnect::new(Disconnect::STALE));
                    return far;
                }
                return if cfg.stale_close_delay.is_positive() {
                    stale_at
                } else {
                    far
                };
            }
            Phase::Connected => {}
        }
        let mut next = far;
        if let Some(deadline) = st.pong_deadline {
            if now >= deadline {
                drop(st);
                self.close(Disconnect::new(Disconnect::NO_PONG));
                return far;
            }
            next = next.min(deadline);
        }
        if let Some(at) = st.next_ping {
            if now >= at {
                st.next_ping = Some(now + cfg.ping_interval.value);
                if !self.uni && cfg.pong_timeout.is_positive() && st.pong_deadline.is_none() {
                    st.pong_deadline = Some(now + cfg.pong_timeout.value);
                }
                st.ping_sent = Some(now);
                self.outbox.push(self.protocol.ping());
                // bucket state whose buckets are all full again carries nothing: free it
                let t = ratelimit::now_ns();
                if st.rl_commands.is_idle(t) {
                    st.rl_commands = KeyState::default();
                }
                if st.rl_errors.is_idle(t) {
                    st.rl_errors = KeyState::default();
                }
            }
            if let Some(at) = st.next_ping {
                next = next.min(at);
            }
            if let Some(d) = st.pong_deadline {
                next = next.min(d);
            }
        }
        let unix = now_unix();
        let to_instant = |t: i64| now + Duration::from_secs(u64::try_from(t - unix).unwrap_or(0));
        let refresh_proxy = self.node.proxies.refresh();
        let mut refresh_now = None;
        if let Some(exp) = st.expire_at {
            if let Some(proxy) = refresh_proxy {
                // the server extends the connection through the refresh proxy, at expiry
                if !st.refreshing {
                    if unix >= exp {
                        st.refreshing = true;
                        refresh_now = Some(proxy);
                    } else {
                        next = next.min(to_instant(exp));
                    }
                }
            } else {
                let close_at = exp + cfg.expired_close_delay.value.as_secs() as i64;
                if unix >= close_at {
                    drop(st);
                    self.close(Disconnect::new(Disconnect::EXPIRED));
                    return far;
                }
                next = next.min(to_instant(close_at));
            }
        }
        let delay = cfg.expired_sub_close_delay.value.as_secs() as i64;
        let mut expired = Vec::new();
        let mut sub_refresh = Vec::new();
        for (ch, s) in &mut st.subs {
            let Some(e) = s.expire_at.filter(|_| !s.server_side) else {
                continue;
            };
            if let Some(name) = &s.refresh_proxy {
                if s.refreshing {
                    continue;
                }
                if unix >= e {
                    s.refreshing = true;
                    sub_refresh.push((ch.clone(), name.clone()));
                } else {
                    next = next.min(to_instant(e));
                }
            } else if unix >= e + delay {
                expired.push(ch.clone());
            } else {
                next = next.min(to_instant(e + delay));
            }
        }
        drop(st);
        for ch in expired {
            self.unsubscribe_channel(&ch, Some(2501));
        }
        if let Some(proxy) = refresh_now {
            self.refresh_proxied(proxy);
        }
        for (ch, name) in sub_refresh {
            self.sub_refresh_proxied(ch, &name);
        }
        next
    }

    /// The timer loop of the connection: pings, pong checks, stale and expiry closes.
    pub async fn run_timers(self: &Arc<Self>) {
        loop {
            let next = self.tick();
            tokio::select! {
                () = tokio::time::sleep_until(next.into()) => {}
                () = self.timers.notified() => {}
            }
        }
    }

    /// Releases everything the connection holds: subscriptions, presence, registry entry.
    /// Idempotent.
    pub fn cleanup(&self) {
        let subs = {
            let mut st = self.lock();
            if st.phase == Phase::Closed {
                return;
            }
            st.phase = Phase::Closed;
            std::mem::take(&mut st.subs)
        };
        for (ch, sub) in subs {
            self.node.detach(&ch, self.conn_id);
            self.leave(&ch, &sub);
        }
        if let Some(id) = self.identity.get() {
            self.node.remove_connection(self.conn_id, &id.user);
        }
        if !self
            .server_closed
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.trace(|| {
                let mut m = event("disconnect", "in");
                m.insert("code".into(), Value::from(3000));
                put(&mut m, "reason", "connection closed by the client");
                m
            });
        }
        self.outbox.close(Disconnect::new(3000));
    }
}

/// `expires`/`ttl` for an expiry time.
fn ttl_of(exp: Option<i64>, now: i64) -> (bool, u32) {
    match exp {
        Some(t) => (true, u32::try_from((t - now).max(1)).unwrap_or(u32::MAX)),
        None => (false, 0),
    }
}

impl Connection for Session {
    fn conn_id(&self) -> u64 {
        self.conn_id
    }
    fn client_id(&self) -> &str {
        self.client()
    }
    fn user(&self) -> &str {
        self.user_id()
    }
    fn disconnect(&self, d: Disconnect) {
        self.close(d);
    }
    fn set_traced(&self, on: bool) {
        self.outbox.set_traced(on);
    }
    fn refresh_presence(&self, node: &Node) {
        let entries: Vec<(String, ClientInfo)> = {
            let st = self.lock();
            st.subs
                .iter()
                .filter(|(_, s)| s.presence)
                .map(|(ch, s)| {
                    (
                        ch.clone(),
                        ClientInfo {
                            user: self.user_id().to_string(),
                            client: self.client().to_string(),
                            conn_info: st.conn_info.clone(),
                            chan_info: s.chan_info.clone(),
                        },
                    )
                })
                .collect()
        };
        for (ch, info) in entries {
            node.engine.add_presence(&ch, self.client(), info);
        }
    }
    fn server_subscribe(&self, _node: &Node, req: &ApiSubscribe) -> Result<(), ApiError> {
        let info = b64_raw("b64info", &req.b64info)
            .map_err(|_| ApiError::bad_request())?
            .or_else(|| req.info.clone());
        let data = b64_raw("b64data", &req.b64data)
            .map_err(|_| ApiError::bad_request())?
            .or_else(|| req.data.clone());
        match self.subscribe_server_side(
            &req.channel,
            info,
            data,
            req.override_.as_ref(),
            req.recover_since.clone(),
            SOURCE_API,
        ) {
            Ok(_) => Ok(()),
            Err(e) if e.code == codes::ALREADY_SUBSCRIBED => Ok(()),
            Err(e) => Err(e),
        }
    }
    fn info(&self) -> crate::proto::api::ConnectionInfo {
        use crate::proto::api;
        let st = self.lock();
        let id = self.identity.get();
        api::ConnectionInfo {
            app_name: id.map(|i| i.name.clone()).unwrap_or_default(),
            app_version: id.map(|i| i.version.clone()).unwrap_or_default(),
            transport: self.transport.into(),
            protocol: self.protocol.name().into(),
            user: self.user_id().to_string(),
            state: api::ConnectionState {
                channels: st
                    .subs
                    .iter()
                    .map(|(c, s)| (c.clone(), api::ChannelContext { source: s.source }))
                    .collect(),
                connection_token: id
                    .and_then(|i| i.token.clone())
                    .map(|(uid, issued_at)| api::ConnectionTokenInfo { uid, issued_at }),
                meta: id.and_then(|i| i.meta.clone()),
            },
            connected_at_ms: id.map_or(0, |i| i.connected_at_ms),
            ping_pong_latency_ms: st.rtt_ms,
            labels: id.map(|i| i.labels.clone()).unwrap_or_default(),
        }
    }
    fn labels_match(&self, f: &crate::proto::filter_node::FilterNode) -> bool {
        self.identity.get().is_some_and(|i| f.matches(&i.labels))
    }
    fn server_unsubscribe(&self, _node: &Node, channel: &str) {
        self.unsubscribe_channel(channel, Some(2000));
    }
    fn server_refresh(
        &self,
        _node: &Node,
        expired: bool,
        expire_at: Option<i64>,
        info: Option<Raw>,
    ) {
        if expired {
            self.close(Disconnect::new(Disconnect::EXPIRED));
            return;
        }
        {
            let mut st = self.lock();
            st.expire_at = expire_at;
            if let Some(i) = info {
                st.conn_info = Some(i);
            }
        }
        self.timers.notify_one();
        let (will_expire, ttl) = ttl_of(expire_at, now_unix());
        self.send_push(
            "",
            &PushEvent::Refresh {
                expires: will_expire,
                ttl,
            },
        );
    }
}

/// The rate-limited operation of a command: (index in `ratelimit::OPS`, channel, rpc method).
/// `connect` is checked inside `connect` (the user is known only after the token).
fn limited_op(m: &Method) -> Option<(usize, &str, &str)> {
    let (op, channel, method) = match m {
        Method::Subscribe(r) => ("subscribe", r.channel.as_str(), ""),
        Method::Unsubscribe(r) => ("unsubscribe", r.channel.as_str(), ""),
        Method::Publish(r) => ("publish", r.channel.as_str(), ""),
        Method::Presence(r) => ("presence", r.channel.as_str(), ""),
        Method::PresenceStats(r) => ("presence_stats", r.channel.as_str(), ""),
        Method::History(r) => ("history", r.channel.as_str(), ""),
        Method::Rpc(r) => ("rpc", "", r.method.as_str()),
        Method::Refresh(_) => ("refresh", "", ""),
        Method::SubRefresh(r) => ("sub_refresh", r.channel.as_str(), ""),
        _ => return None,
    };
    Some((ratelimit::op_index(op)?, channel, method))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::server::config::load;
    use crate::server::outbox::Next;

    fn node(cfg: &str) -> Arc<Node> {
        let c = load(cfg, &HashMap::new()).unwrap().config;
        Arc::new(Node::new(Arc::new(c), "test".into()).unwrap())
    }

    async fn drain(s: &Session) -> Vec<String> {
        let mut q = std::collections::VecDeque::new();
        let next = tokio::time::timeout(
            Duration::from_secs(1),
            s.outbox.next(&mut q, &mut None, &mut None),
        )
        .await;
        let mut v: Vec<String> = q
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        match next {
            Ok(Next::Messages) => v,
            Ok(Next::Close(d)) => {
                v.push(format!("CLOSE {}", d.code));
                v
            }
            Err(_) => vec![],
        }
    }

    const OPEN: &str = r#"{"client":{"allow_anonymous_connect_without_token":true},
        "channel":{"without_namespace":{"allow_subscribe_for_client":true,"allow_subscribe_for_anonymous":true,
        "allow_publish_for_subscriber":true,"allow_publish_for_anonymous":true,"history_size":10,"history_ttl":"60s","force_recovery":true}}}"#;

    #[tokio::test]
    async fn command_before_connect_closes_3501() {
        let s = Session::new(node(OPEN));
        s.handle_frame(r#"{"id":1,"subscribe":{"channel":"a"}}"#);
        assert_eq!(drain(&s).await, vec!["CLOSE 3501"]);
    }

    #[tokio::test]
    async fn connect_then_subscribe_in_one_frame() {
        let s = Session::new(node(OPEN));
        s.handle_frame(
            "{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"a\",\"flag\":1}}",
        );
        let out = drain(&s).await;
        assert!(
            out[0].starts_with(r#"{"id":1,"connect":{"client":""#),
            "{out:?}"
        );
        assert!(
            out[1].starts_with(r#"{"id":2,"subscribe":{"recoverable":true,"epoch":""#),
            "{out:?}"
        );
        s.handle_frame(r#"{"id":3,"publish":{"channel":"a","data":{"x":1}}}"#);
        let out = drain(&s).await;
        assert!(
            out.iter()
                .any(|m| m.contains(r#""pub":{"data":{"x":1},"info":{"user":"","client":"#)),
            "{out:?}"
        );
        assert!(
            out.iter().any(|m| m == r#"{"id":3,"publish":{}}"#),
            "{out:?}"
        );
        s.cleanup();
    }

    #[tokio::test]
    async fn garbage_and_second_connect_close_3501() {
        let s = Session::new(node(OPEN));
        s.handle_frame("not json");
        assert_eq!(drain(&s).await, vec!["CLOSE 3501"]);
        let s = Session::new(node(OPEN));
        s.handle_frame("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"connect\":{}}");
        let out = drain(&s).await;
        assert_eq!(out.last().unwrap(), "CLOSE 3501", "{out:?}");
        let s = Session::new(node(OPEN));
        s.handle_frame("\n\n");
        assert_eq!(drain(&s).await, vec!["CLOSE 3501"]);
    }

    #[tokio::test]
    async fn no_credentials_close_3501() {
        let s = Session::new(node("{}"));
        s.handle_frame(r#"{"id":1,"connect":{}}"#);
        assert_eq!(drain(&s).await, vec!["CLOSE 3501"]);
    }
}

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

mod commands;
mod connect;
mod connection;
mod dispatch;
mod map;
mod poll;
mod proxied;
mod subscribe;
mod timers;
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
    /// The connect command's emulated `headers`.
    emulated: OnceLock<Vec<(String, String)>>,
    /// Held while a command or a proxy's answer is applied, and by [`Session::cleanup`]: a
    /// proxy task applies its answer either before the cleanup (which then undoes it) or not
    /// at all, never in between.
    life: Mutex<()>,
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

impl Grant {
    /// The subscribe result's `expires` and `ttl`: set when the client refreshes the
    /// subscription with a token.
    fn expiry(&self) -> (bool, u32) {
        if self.client_refresh {
            ttl_of(self.exp, now_unix())
        } else {
            (false, 0)
        }
    }
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
            emulated: OnceLock::new(),
            life: Mutex::new(()),
        })
    }

    fn life(&self) -> MutexGuard<'_, ()> {
        self.life
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
}

/// `expires`/`ttl` for an expiry time.
fn ttl_of(exp: Option<i64>, now: i64) -> (bool, u32) {
    match exp {
        Some(t) => (true, u32::try_from((t - now).max(1)).unwrap_or(u32::MAX)),
        None => (false, 0),
    }
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

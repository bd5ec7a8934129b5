//! The dashboard's only network I/O. One task polls the typed [`Client`] every refresh (the
//! node info always; channels, a channel's presence and history, connections, rate limits,
//! user statuses, an explain verdict, the push registry's numbers and one user's devices only
//! while the screen needs them, as the latest [`Watch`] says), owns the live trace stream, and
//! runs the actions the operator confirmed.
//! Everything it learns goes to the app as owned [`Update`]s over a bounded channel.
//!
//! It knows nothing of ratatui or of the app's state: requests come in as [`Request`]s. When
//! the server goes away it reports [`Update::Down`] and retries with exponential backoff; the
//! trace stream is reopened once the server answers again.
//!
//! Must not import `tui::app` or `tui::ui` (data flows one way: collector → app → ui).
//! [`push`] holds the push registry's fetching.

mod push;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::client::{Client, ClientError, TraceStream};
use crate::proto::explain::{ExplainRequest, ExplainResult};
use crate::proto::filter_node::FilterNode;
use crate::proto::ratelimit::{Patch, View};
use crate::proto::{api, codes};
pub use push::{PushState, PushUser};

/// Unix milliseconds now.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The longest wait between two attempts while the server is unreachable.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How long to wait after the `attempt`-th failure in a row (1-based): the refresh interval
/// doubled per failure, at least one second, at most [`MAX_BACKOFF`].
pub fn backoff(refresh: Duration, attempt: u32) -> Duration {
    let base = refresh.max(Duration::from_secs(1));
    let factor = 1u32 << attempt.saturating_sub(1).min(6);
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Which connections to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnQuery {
    /// Every connection of the cluster.
    All,
    /// One user's connections.
    User(String),
    /// Connections whose labels match every `(key, cmp, value)` (`eq`, `neq` or `ex`).
    Labels(Vec<(String, String, String)>),
}

impl ConnQuery {
    /// The `connections` request for this query.
    pub fn request(&self) -> api::ConnectionsRequest {
        match self {
            // every connection has a client id: the expression that selects all of them
            ConnQuery::All => api::ConnectionsRequest {
                expression: "client".into(),
                ..api::ConnectionsRequest::default()
            },
            ConnQuery::User(u) => api::ConnectionsRequest {
                user: u.clone(),
                ..api::ConnectionsRequest::default()
            },
            ConnQuery::Labels(l) => api::ConnectionsRequest {
                label_filter: Some(FilterNode::all(
                    l.iter()
                        .map(|(k, c, v)| FilterNode::leaf(k, c, v))
                        .collect(),
                )),
                ..api::ConnectionsRequest::default()
            },
        }
    }

    /// As the operator would type it after `:conn`.
    pub fn describe(&self) -> String {
        match self {
            ConnQuery::All => "all".into(),
            ConnQuery::User(u) => format!("user={u}"),
            ConnQuery::Labels(l) => l
                .iter()
                .map(|(k, c, v)| match c.as_str() {
                    "neq" => format!("label={k}!={v}"),
                    "ex" => format!("label={k}"),
                    _ => format!("label={k}={v}"),
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// What the screen needs besides the node info. The app sends a new one whenever it changes;
/// the collector then polls at once and keeps polling exactly this.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Watch {
    /// The channel list.
    pub channels: bool,
    /// Presence and recent history of one channel.
    pub channel: Option<String>,
    pub conns: Option<ConnQuery>,
    /// The rate-limit view (effective table and recent hits).
    pub ratelimit: bool,
    /// User IDs whose status to read.
    pub users: Vec<String>,
    pub explain: Option<ExplainRequest>,
    /// The push registry's numbers.
    pub push: bool,
    /// The user whose devices and topics to look up.
    pub push_user: Option<String>,
}

/// Whose activity to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceTarget {
    User(String),
    Channel(String),
}

impl TraceTarget {
    /// The `type` of `/admin/trace`.
    pub fn kind(&self) -> &'static str {
        match self {
            TraceTarget::User(_) => "user",
            TraceTarget::Channel(_) => "channel",
        }
    }
    pub fn entity(&self) -> &str {
        match self {
            TraceTarget::User(e) | TraceTarget::Channel(e) => e,
        }
    }
}

/// A change the operator confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `PATCH /admin/ratelimit`.
    RateLimit(Patch),
    /// Disconnect one connection.
    Disconnect { user: String, client: String },
}

/// From the app to the collector.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Watch(Watch),
    /// Start (replacing any running one) or stop the trace.
    Trace(Option<TraceTarget>),
    Act(Action),
}

/// A part of a snapshot: the data, or why it could not be read (already phrased for people).
pub type Fetched<T> = Result<T, String>;

/// Presence and recent history of one channel.
#[derive(Debug, Clone)]
pub struct ChannelDetail {
    pub channel: String,
    pub presence: Fetched<api::PresenceResult>,
    /// The newest publications first.
    pub history: Fetched<api::HistoryResult>,
    /// A map channel's key count and first state page (`None`: not a map channel).
    pub map: Option<Fetched<MapView>>,
}

/// What the Channels view shows of a map channel.
#[derive(Debug, Clone)]
pub struct MapView {
    pub num_keys: u32,
    /// The first keys, with the stream position (offset, epoch) they were read at.
    pub state: crate::proto::map::MapReadStateResult,
}

/// One poll's results. Optional parts are present when the [`Watch`] asked for them, each with
/// the query it answers so that the app never shows an answer to an older question.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// When the poll started, unix ms.
    pub at_ms: u64,
    /// How long `info` took.
    pub latency_ms: u64,
    pub info: api::InfoResult,
    pub channels: Option<Fetched<api::ChannelsResult>>,
    pub channel: Option<ChannelDetail>,
    pub conns: Option<(ConnQuery, Fetched<api::ConnectionsResult>)>,
    pub ratelimit: Option<Fetched<View>>,
    pub users: Option<(Vec<String>, Fetched<api::GetUserStatusResult>)>,
    /// With users watched: the blocks in force (centri's `access_list`); `None` when the
    /// server does not answer it.
    pub blocks: Option<Vec<api::AccessEntry>>,
    pub explain: Option<(ExplainRequest, Fetched<ExplainResult>)>,
    pub push: Option<Fetched<PushState>>,
    pub push_user: Option<(String, Fetched<PushUser>)>,
}

/// What happened to the trace stream.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceUpdate {
    Attached(TraceTarget),
    /// One event (keep-alive `null` lines are not sent).
    Event(Value),
    /// The stream could not be opened or ended; `retry` says whether the collector will
    /// reopen it by itself.
    Lost {
        target: TraceTarget,
        error: String,
        retry: bool,
    },
}

/// Why the server gave no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownReason {
    /// No answer at all: refused, timed out, DNS...
    Unreachable,
    /// It answered HTTP 401: the API key is missing or wrong.
    Unauthorized,
}

/// From the collector to the app.
#[derive(Debug, Clone)]
pub enum Update {
    Snapshot(Box<Snapshot>),
    /// The server did not answer `info`, or refused it.
    Down {
        at_ms: u64,
        reason: DownReason,
        error: String,
        hint: Option<String>,
        /// Failures in a row.
        attempt: u32,
        retry_in: Duration,
    },
    Trace(TraceUpdate),
    /// The outcome of an [`Action`].
    Done {
        ok: bool,
        message: String,
    },
}

/// The keys as resolved again (flag > environment > context) after the server refused one.
#[derive(Debug, Clone)]
pub struct Keys {
    /// A client carrying the API key.
    pub client: Client,
    pub api_key: Option<String>,
    pub admin_key: Option<String>,
    /// Which key and where it comes from, for people (masked), e.g.
    /// `the API key test… (8 chars) from context "dev"`.
    pub described: String,
    /// How to fix a rejected key from that place.
    pub fix: String,
}

/// Resolves the keys again: it re-reads the contexts file, so that a key rotated there works
/// without restarting the dashboard. An error is phrased for people.
pub type Reload = std::sync::Arc<dyn Fn() -> Result<Keys, String> + Send + Sync>;

/// What the collector needs to talk to the server.
#[derive(Clone)]
pub struct Config {
    pub client: Client,
    /// The API key `client` carries, to tell a rotated key from the same one refused again.
    pub api_key: Option<String>,
    /// For the admin endpoints (trace, rate limits, explain); the API key when `None`.
    pub admin_key: Option<String>,
    pub refresh: Duration,
    /// `X-Centri-Actor` of rate-limit edits.
    pub actor: String,
    /// Called when the server answers HTTP 401; `None` keeps the keys it started with.
    pub reload: Option<Reload>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("client", &self.client)
            .field("refresh", &self.refresh)
            .field("reload", &self.reload.is_some())
            .finish_non_exhaustive()
    }
}

/// A short, human reason for a failed call, with the config key to check where it helps.
pub fn describe(e: &ClientError, admin_path: Option<&str>) -> String {
    match e {
        ClientError::Api(a) if a.code == codes::NOT_AVAILABLE => {
            format!("not available on the server ({} {})", a.code, a.message)
        }
        ClientError::Http {
            status: 404 | 405, ..
        } if admin_path.is_some() => format!(
            "the server has no {} endpoint (enable admin.enabled in its config)",
            admin_path.unwrap_or_default()
        ),
        ClientError::Unauthorized if admin_path.is_some() => {
            "the server rejected the admin key (HTTP 401): pass --admin-key, or set it in the \
             context (`centri context show`)"
                .into()
        }
        other => other.to_string(),
    }
}

/// The hint under the unreachable banner.
fn hint(e: &ClientError) -> Option<String> {
    match e {
        ClientError::Unreachable { .. } => Some(
            "is the server running? check --server / CENTRI_SERVER or the context (centri context show)"
                .into(),
        ),
        ClientError::Timeout { .. } => Some("the server is slow or blackholed; raise --timeout".into()),
        ClientError::Unauthorized => Some(
            "pass --api-key (or CENTRI_API_KEY, or a context) matching the server's http_api.key"
                .into(),
        ),
        _ => None,
    }
}

/// Runs until `cancel` fires or the app goes away.
pub async fn run(
    cfg: Config,
    mut requests: mpsc::UnboundedReceiver<Request>,
    updates: mpsc::Sender<Update>,
    cancel: CancellationToken,
) {
    let cfg_key = cfg.api_key.clone();
    let mut c = Collector {
        cfg,
        updates,
        watch: Watch::default(),
        target: None,
        stream: None,
        trace_failures: 0,
        trace_retry_at: None,
        failures: 0,
        api_key: cfg_key,
        trace_refused: false,
    };
    let mut next_poll = Instant::now();
    loop {
        let alive = tokio::select! {
            () = cancel.cancelled() => break,
            req = requests.recv() => match req {
                None => break,
                Some(r) => c.request(r, &mut next_poll).await,
            },
            line = next_line(c.stream.as_mut()) => c.trace_line(line).await,
            () = tokio::time::sleep_until(next_poll) => {
                let (alive, next) = c.poll().await;
                next_poll = next;
                alive
            }
        };
        if !alive {
            break;
        }
    }
    tracing::debug!("collector stopped");
}

/// The next trace line, or never when no stream is open. Cancel-safe: a line is only taken
/// out of the stream's buffer once it is complete.
async fn next_line(stream: Option<&mut TraceStream>) -> Result<Option<String>, ClientError> {
    match stream {
        Some(s) => s.next_line().await,
        None => std::future::pending().await,
    }
}

struct Collector {
    cfg: Config,
    updates: mpsc::Sender<Update>,
    watch: Watch,
    target: Option<TraceTarget>,
    stream: Option<TraceStream>,
    /// Failed trace opens in a row, for the trace's own backoff.
    trace_failures: u32,
    /// When to try reopening a lost trace (`None`: do not).
    trace_retry_at: Option<Instant>,
    /// Failed polls in a row.
    failures: u32,
    /// The API key the client carries, as last resolved.
    api_key: Option<String>,
    /// The trace was refused for its key (HTTP 401).
    trace_refused: bool,
}

impl Collector {
    /// Sends an update; false when the app is gone. A full queue makes the collector wait (the
    /// server's trace queue then drops and reports what the dashboard could not take).
    async fn send(&self, u: Update) -> bool {
        self.updates.send(u).await.is_ok()
    }

    async fn request(&mut self, r: Request, next_poll: &mut Instant) -> bool {
        match r {
            Request::Watch(w) => {
                if w != self.watch {
                    self.watch = w;
                    *next_poll = Instant::now();
                }
                true
            }
            Request::Trace(t) => {
                self.stream = None;
                self.trace_failures = 0;
                self.trace_retry_at = None;
                self.target = t;
                if self.target.is_some() {
                    return self.open_trace().await;
                }
                true
            }
            Request::Act(a) => {
                let (ok, message) = self.act(a).await;
                *next_poll = Instant::now();
                self.send(Update::Done { ok, message }).await
            }
        }
    }

    async fn open_trace(&mut self) -> bool {
        let Some(target) = self.target.clone() else {
            return true;
        };
        let res = self
            .cfg
            .client
            .trace(
                target.kind(),
                target.entity(),
                self.cfg.admin_key.as_deref(),
            )
            .await;
        match res {
            Ok(s) => {
                tracing::info!(
                    kind = target.kind(),
                    entity = target.entity(),
                    "trace attached"
                );
                self.stream = Some(s);
                self.trace_refused = false;
                self.trace_failures = 0;
                self.trace_retry_at = None;
                self.send(Update::Trace(TraceUpdate::Attached(target)))
                    .await
            }
            Err(e) => {
                let retry = !matches!(
                    e,
                    ClientError::Unauthorized
                        | ClientError::Http {
                            status: 404 | 405,
                            ..
                        }
                );
                // a refused admin key is retried once the settings carry another one
                self.trace_refused = matches!(e, ClientError::Unauthorized);
                self.trace_lost(target, describe(&e, Some("/admin/trace")), retry)
                    .await
            }
        }
    }

    async fn trace_lost(&mut self, target: TraceTarget, error: String, retry: bool) -> bool {
        tracing::warn!(%error, retry, "trace lost");
        self.stream = None;
        self.trace_failures += 1;
        self.trace_retry_at =
            retry.then(|| Instant::now() + backoff(self.cfg.refresh, self.trace_failures));
        self.send(Update::Trace(TraceUpdate::Lost {
            target,
            error,
            retry,
        }))
        .await
    }

    async fn trace_line(&mut self, line: Result<Option<String>, ClientError>) -> bool {
        let Some(target) = self.target.clone() else {
            self.stream = None;
            return true;
        };
        match line {
            Ok(Some(l)) => match serde_json::from_str::<Value>(&l) {
                Ok(Value::Null) => true,
                Ok(v) => self.send(Update::Trace(TraceUpdate::Event(v))).await,
                Err(e) => {
                    tracing::warn!("undecodable trace line: {e}");
                    true
                }
            },
            Ok(None) => {
                self.trace_lost(target, "the server closed the trace stream".into(), true)
                    .await
            }
            Err(e) => self.trace_lost(target, e.to_string(), true).await,
        }
    }

    /// One poll; whether the app is still there, and when to poll next.
    async fn poll(&mut self) -> (bool, Instant) {
        let at_ms = now_ms();
        let started = Instant::now();
        match self.cfg.client.info().await {
            Ok(info) => {
                self.failures = 0;
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(0);
                let mut snap = Snapshot {
                    at_ms,
                    latency_ms,
                    info,
                    ..Snapshot::default()
                };
                self.fill(&mut snap).await;
                if !self.send(Update::Snapshot(Box::new(snap))).await {
                    return (false, started);
                }
                if self.trace_refused && self.stream.is_none() && self.keys_changed() {
                    self.trace_retry_at = Some(Instant::now());
                }
                if self.stream.is_none()
                    && self.target.is_some()
                    && self.trace_retry_at.is_some_and(|t| t <= Instant::now())
                    && !self.open_trace().await
                {
                    return (false, started);
                }
                (true, started + self.cfg.refresh)
            }
            Err(e) => {
                self.failures += 1;
                let retry_in = backoff(self.cfg.refresh, self.failures);
                tracing::warn!(error = %e, attempt = self.failures, "info failed");
                let (reason, error, hint) = if matches!(e, ClientError::Unauthorized) {
                    let (error, hint) = self.reload_keys();
                    (DownReason::Unauthorized, error, Some(hint))
                } else {
                    (DownReason::Unreachable, e.to_string(), hint(&e))
                };
                let alive = self
                    .send(Update::Down {
                        at_ms,
                        reason,
                        error,
                        hint,
                        attempt: self.failures,
                        retry_in,
                    })
                    .await;
                (alive, Instant::now() + retry_in)
            }
        }
    }

    /// Resolves the keys again and takes them; whether they changed. While a trace is refused
    /// for its key this runs once a refresh: reading the small contexts file is cheap.
    fn keys_changed(&mut self) -> bool {
        let Some(reload) = self.cfg.reload.clone() else {
            return false;
        };
        let Ok(k) = reload() else {
            return false;
        };
        let changed = k.api_key != self.api_key || k.admin_key != self.cfg.admin_key;
        if changed {
            tracing::info!("the keys changed: retrying the refused trace with them");
            self.cfg.client = k.client;
            self.cfg.admin_key = k.admin_key;
            self.api_key = k.api_key;
        }
        changed
    }

    /// After an HTTP 401: resolves the keys again (a key rotated in the context is picked up
    /// by the next poll); what failed and how to fix it, naming the key (masked) and where it
    /// comes from.
    fn reload_keys(&mut self) -> (String, String) {
        let refused = ClientError::Unauthorized.to_string();
        let Some(reload) = self.cfg.reload.clone() else {
            return (
                refused,
                hint(&ClientError::Unauthorized).unwrap_or_default(),
            );
        };
        match reload() {
            Ok(k) => {
                let changed = k.api_key != self.api_key || k.admin_key != self.cfg.admin_key;
                let text = if changed {
                    tracing::info!("the keys changed since the last attempt: retrying with them");
                    // a trace refused for its key is worth another try with the new one
                    if self.target.is_some() && self.stream.is_none() {
                        self.trace_retry_at = Some(Instant::now());
                    }
                    (
                        refused,
                        format!("{} is new since then: the next try uses it", k.described),
                    )
                } else {
                    (
                        format!("the server refused {} (HTTP 401)", k.described),
                        format!("fix: {}", k.fix),
                    )
                };
                self.cfg.client = k.client;
                self.cfg.admin_key = k.admin_key;
                self.api_key = k.api_key;
                text
            }
            Err(e) => (refused, format!("cannot re-read the settings: {e}")),
        }
    }

    /// The parts the watch asks for, fetched concurrently.
    async fn fill(&self, snap: &mut Snapshot) {
        let client = &self.cfg.client;
        let admin = self.cfg.admin_key.as_deref();
        let w = &self.watch;
        let channels = async {
            if w.channels {
                Some(client.channels("").await.map_err(|e| describe(&e, None)))
            } else {
                None
            }
        };
        let channel = async {
            let ch = w.channel.as_ref()?;
            let req = api::HistoryRequest {
                channel: ch.clone(),
                limit: 20,
                reverse: true,
                ..api::HistoryRequest::default()
            };
            let map = async {
                // 107 from map_stats: not a map channel
                let stats = match client.map_stats(ch).await {
                    Err(ClientError::Api(e)) if e.code == crate::proto::codes::BAD_REQUEST => {
                        return None
                    }
                    Err(e) => return Some(Err(describe(&e, None))),
                    Ok(s) => s,
                };
                let req = crate::proto::map::MapReadStateRequest {
                    channel: ch.clone(),
                    limit: 20,
                    ..Default::default()
                };
                Some(
                    client
                        .map_read_state(&req)
                        .await
                        .map(|state| MapView {
                            num_keys: stats.num_keys,
                            state,
                        })
                        .map_err(|e| describe(&e, None)),
                )
            };
            let (presence, history, map) =
                tokio::join!(client.presence(ch), client.history(&req), map);
            Some(ChannelDetail {
                channel: ch.clone(),
                presence: presence.map_err(|e| describe(&e, None)),
                history: history.map_err(|e| describe(&e, None)),
                map,
            })
        };
        let conns = async {
            let q = w.conns.as_ref()?;
            let r = client.connections(&q.request()).await;
            Some((q.clone(), r.map_err(|e| describe(&e, None))))
        };
        let ratelimit = async {
            if w.ratelimit {
                Some(
                    client
                        .ratelimit_view(admin)
                        .await
                        .map_err(|e| describe(&e, Some("/admin/ratelimit"))),
                )
            } else {
                None
            }
        };
        let users = async {
            if w.users.is_empty() {
                return None;
            }
            let r = client
                .get_user_status(&api::UsersRequest {
                    users: w.users.clone(),
                })
                .await
                .map_err(|e| match &e {
                    ClientError::Api(a) if a.code == codes::NOT_AVAILABLE => {
                        "user status is off on the server: set user_status.enabled in its config"
                            .to_string()
                    }
                    _ => describe(&e, None),
                });
            Some((w.users.clone(), r))
        };
        let blocks = async {
            if w.users.is_empty() {
                return None;
            }
            let r = client.access_list().await.ok()?;
            Some(
                r.entries
                    .into_iter()
                    .filter(|e| e.kind == "block")
                    .collect(),
            )
        };
        let explain = async {
            let req = w.explain.as_ref()?;
            let r = client.explain(admin, req).await.map_err(|e| match e {
                ClientError::Http { status: 400, body } => body,
                other => describe(&other, Some("/admin/explain")),
            });
            Some((req.clone(), r))
        };
        let push = async {
            if w.push {
                Some(push::state(client, admin).await)
            } else {
                None
            }
        };
        let push_user = async {
            let u = w.push_user.as_ref()?;
            Some((u.clone(), push::user(client, u).await))
        };
        (
            snap.channels,
            snap.channel,
            snap.conns,
            snap.ratelimit,
            snap.users,
            snap.blocks,
            snap.explain,
            snap.push,
            snap.push_user,
        ) = tokio::join!(
            channels, channel, conns, ratelimit, users, blocks, explain, push, push_user
        );
    }

    /// Runs a confirmed action; (ok, what happened).
    async fn act(&self, a: Action) -> (bool, String) {
        match a {
            Action::RateLimit(patch) => {
                match self
                    .cfg
                    .client
                    .ratelimit_patch(self.cfg.admin_key.as_deref(), &self.cfg.actor, &patch)
                    .await
                {
                    Ok(r) if r.changes.is_empty() => {
                        (true, "rate limits: nothing changed".to_string())
                    }
                    Ok(r) => (
                        true,
                        format!(
                            "rate limits applied: {}",
                            r.changes
                                .iter()
                                .map(|c| format!(
                                    "{} {} → {}",
                                    c.key,
                                    or_dash(&c.old),
                                    or_dash(&c.new)
                                ))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    ),
                    Err(e) => (
                        false,
                        format!(
                            "rate-limit edit failed: {}",
                            match e {
                                ClientError::Http { status: 400, body } => body,
                                other => describe(&other, Some("/admin/ratelimit")),
                            }
                        ),
                    ),
                }
            }
            Action::Disconnect { user, client } => {
                let req = api::DisconnectRequest {
                    user: user.clone(),
                    client: client.clone(),
                    ..api::DisconnectRequest::default()
                };
                match self.cfg.client.disconnect(&req).await {
                    Ok(_) => (true, format!("disconnected {client} (user {user:?})")),
                    Err(e) => (false, format!("disconnect failed: {}", describe(&e, None))),
                }
            }
        }
    }
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_refresh_and_caps() {
        let r = Duration::from_secs(1);
        let got: Vec<u64> = (1..=8).map(|a| backoff(r, a).as_secs()).collect();
        assert_eq!(got, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(
            backoff(Duration::from_millis(200), 1),
            Duration::from_secs(1)
        );
        assert_eq!(backoff(Duration::from_secs(5), 2), Duration::from_secs(10));
    }

    #[test]
    fn conn_queries_build_requests() {
        assert_eq!(ConnQuery::All.request().expression, "client");
        assert_eq!(ConnQuery::User("42".into()).request().user, "42");
        let q = ConnQuery::Labels(vec![
            ("app".into(), "eq".into(), "web".into()),
            ("region".into(), "neq".into(), "us".into()),
        ]);
        let f = q.request().label_filter.unwrap();
        assert_eq!(f.op, "and");
        assert_eq!(f.nodes.len(), 2);
        assert_eq!(q.describe(), "label=app=web label=region!=us");
    }
}

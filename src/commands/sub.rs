//! `centri sub`: a real client over WebSocket, speaking protocol v2 JSON the way centrifuge-js
//! does (shared/spec/client-protocol.md §7). It mints its own connection token from the HMAC
//! secret (or takes `--token`), sends `connect` and every `subscribe` in the first frame,
//! answers server pings, refreshes a minted token before it expires, and prints each
//! publication, join and leave as one line: readable on a terminal, NDJSON when piped.
//!
//! Lines for people look like `chat:index  #12  {"text":"hi"}  (from 42)` and
//! `chat:index  join  user 7 (client …)`; NDJSON objects are `{"type":"publication","channel",
//! "offset","data","info","tags"}` (plus `"recovered":true` for publications recovered by
//! `--since`), `{"type":"join"|"leave","channel","info"}`, `{"type":"unsubscribe","channel",
//! "code","reason"}`, `{"type":"subscribe","channel"}` and `{"type":"message","data"}`.
//! `--timestamps` adds the receive time (RFC 3339, milliseconds, UTC) as a line prefix or a
//! `"time"` field.
//!
//! Stopping: `--count N` (exit 0 once N publications arrived), `--duration D` (exit 0 if the
//! wait matched, i.e. `--count` was reached, or at least one publication arrived when there is
//! no `--count`; exit 3 otherwise), Ctrl-C (exit 0), or the server: a close code of 3500-3999
//! or 4500-4999 (no reconnect) exits 5, any other close exits 6. Every stream ends with a
//! summary on stderr, and in NDJSON mode also with a `{"type":"summary",...}` line on stdout.
//!
//! `--map` subscribes to map channels instead (Centrifugo v6.7+): the paging through state
//! and stream, and the `state`, `live` and `update` events it prints, are [`map`]'s.
//!
//! Owns only the client side of the protocol; it imports `proto` for the wire types and never
//! the server.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::{Sink, SinkExt, Stream, StreamExt};
use serde_json::json;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};

use super::channel::parse_since;
use super::{hint_for, written, Class, Ctx, Failure};
use crate::cli::{OutputFormat, SubArgs, SubTransport};

mod decode;
mod events;
mod link;
mod map;

use crate::output::{write_stdout, Output};
use crate::proto::client::{
    Command, ConnectRequest, ConnectResult, RefreshRequest, SubscribeRequest, SubscribeResult,
};
use crate::proto::filter_node::FilterNode;
use crate::proto::{codes, ApiError, Publication, StreamPosition};
use decode::{CodeReason, DeltaStats, Incoming, PushIn};
use events::{now_rfc3339, publications_phrase, Event};
use map::{MapSpec, MapSync};

/// The user a token is minted for when `--user` is not given.
const DEFAULT_USER: &str = "centri-cli";
/// Lifetime of a minted connection token; it is refreshed before it runs out.
const TOKEN_TTL: u64 = 3600;
/// How late a server ping may be before the connection counts as dead (centrifuge-js's
/// `maxServerPingDelay`).
const MAX_PING_DELAY: Duration = Duration::from_secs(10);

pub async fn run(ctx: &Ctx, a: SubArgs) -> Result<ExitCode, Failure> {
    let settings = ctx.settings()?;
    let url = ws_url(&settings.server)?;
    if a.count == Some(0) {
        return Err(Failure::usage("--count must be at least 1"));
    }
    let since = a.since.as_deref().map(parse_since).transpose()?;
    let (token, minter) = if let Some(t) = &a.token {
        (t.clone(), None)
    } else {
        let user = a.user.clone().unwrap_or_else(|| DEFAULT_USER.to_string());
        let secret = settings.hmac_secret.clone().ok_or_else(|| {
            Failure::usage(format!(
                "no HMAC secret to mint a connection token for user {user:?}"
            ))
            .hint(
                "pass --hmac-secret, set CENTRI_HMAC_SECRET, or use a context that has one \
                     (centri context add NAME --server URL --hmac-secret S); or pass --token",
            )
        })?;
        let m = Minter { secret, user };
        (m.mint()?, Some(m))
    };
    if a.recover && since.is_none() {
        ctx.out.notice(
            "note: --recover without --since has no stored position to recover from: \
             subscribing from now (each subscription prints its position for a later --since)",
        );
    }

    if a.protobuf && a.transport == SubTransport::Sse {
        return Err(Failure::usage(
            "--protobuf cannot go over --transport sse: SSE carries JSON only",
        )
        .hint("use --transport http_stream or websocket with --protobuf"));
    }

    let start = Instant::now();
    let deadline = a.duration.map(|d| start + d);
    let mut sub = Sub::new(ctx, &a, since, minter);
    let first = sub.first_frame(&token)?;
    let timeout = settings.timeout;
    let outcome = match (a.transport, a.protobuf) {
        (SubTransport::Websocket, false) => {
            let ws = open(&url, timeout).await?;
            sub.stream(ws, first, deadline, timeout).await
        }
        (SubTransport::Websocket, true) => {
            let ws = open(&format!("{url}?cf_protocol=protobuf"), timeout).await?;
            sub.stream(link::protobuf_ws(ws), first, deadline, timeout)
                .await
        }
        (SubTransport::HttpStream, protobuf) => {
            let l = link::http(
                &http_base(&settings.server),
                link::Kind::HttpStream { protobuf },
                timeout,
            );
            sub.stream(l, first, deadline, timeout).await
        }
        (SubTransport::Sse, _) => {
            let l = link::http(&http_base(&settings.server), link::Kind::Sse, timeout);
            sub.stream(l, first, deadline, timeout).await
        }
    };

    if sub.streaming {
        sub.summary(start.elapsed())?;
    }
    match outcome? {
        Stop::Count => Ok(ExitCode::SUCCESS),
        // SIGINT, as the exit-code table says (shared/UX.md): the summary was printed.
        Stop::Interrupted => Ok(ExitCode::from(130)),
        Stop::Duration => {
            let wanted = a.count.unwrap_or(1);
            if sub.publications >= wanted {
                return Ok(ExitCode::SUCCESS);
            }
            let d = humantime::format_duration(a.duration.unwrap_or_default());
            // with --map, the publications counted are the map's updates
            let (many, one) = if a.map {
                ("updates", "an update")
            } else {
                ("publications", "a publication")
            };
            let msg = match a.count {
                Some(c) => format!(
                    "--duration {d} elapsed after {} of {c} {many}",
                    sub.publications
                ),
                None => format!("--duration {d} elapsed without {one}"),
            };
            Err(Failure::new(Class::Cancelled, msg))
        }
    }
}

/// The HTTP base of a server URL (`ws://` and a `/connection/websocket` suffix are undone).
fn http_base(server: &str) -> String {
    let s = server.trim_end_matches('/');
    let s = s.strip_suffix("/connection/websocket").unwrap_or(s);
    match s.split_once("://") {
        Some(("ws", rest)) => format!("http://{rest}"),
        Some(("wss", rest)) => format!("https://{rest}"),
        _ => s.to_string(),
    }
}

/// The WebSocket endpoint of a server URL: `http://h:p` → `ws://h:p/connection/websocket`.
/// `wss://` needs TLS, which this build's WebSocket client does not have yet.
pub fn ws_url(server: &str) -> Result<String, Failure> {
    let (scheme, rest) = server.split_once("://").ok_or_else(|| {
        Failure::usage(format!("server URL {server:?} has no scheme"))
            .hint("e.g. -s http://127.0.0.1:8000")
    })?;
    let ws = match scheme.to_ascii_lowercase().as_str() {
        "http" | "ws" => "ws",
        "https" | "wss" => {
            return Err(Failure::usage(format!(
                "{server}: `centri sub` does not support TLS (wss://) yet"
            ))
            .hint("use a plain http:// URL, e.g. through a port-forward to the server"))
        }
        other => {
            return Err(Failure::usage(format!(
                "server URL {server:?}: unsupported scheme {other:?}"
            ))
            .hint("use http://HOST:PORT"))
        }
    };
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        return Err(Failure::usage(format!("server URL {server:?} has no host")));
    }
    // A URL that already names the endpoint is used as is.
    if rest.ends_with("/connection/websocket") {
        return Ok(format!("{ws}://{rest}"));
    }
    Ok(format!("{ws}://{rest}/connection/websocket"))
}

/// Mints HS256 connection tokens for one user.
struct Minter {
    secret: String,
    user: String,
}

impl Minter {
    fn mint(&self) -> Result<String, Failure> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let claims = json!({ "sub": self.user, "iat": now, "exp": now + TOKEN_TTL });
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(self.secret.as_bytes()),
        )
        .map_err(|e| Failure::new(Class::Other, format!("cannot sign a token: {e}")))
    }
}

/// Opens the WebSocket, bounded by the request timeout.
async fn open(
    url: &str,
    timeout: Duration,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    Failure,
> {
    match tokio::time::timeout(timeout, tokio_tungstenite::connect_async(url)).await {
        Err(_) => Err(Failure::new(
            Class::Unreachable,
            format!(
                "no WebSocket handshake with {url} within {}",
                humantime::format_duration(timeout)
            ),
        )
        .hint("raise --timeout, or check the server's load")),
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tungstenite::Error::Http(resp))) => Err(Failure::new(
            Class::Unreachable,
            format!(
                "{url} refused the WebSocket upgrade: HTTP {}",
                resp.status()
            ),
        )
        .hint("is this a Centrifugo server? the endpoint is /connection/websocket")),
        Ok(Err(e)) => Err(
            Failure::new(Class::Unreachable, format!("cannot open {url}: {e}"))
                .hint("is the server running? check --server / CENTRI_SERVER or the context"),
        ),
    }
}

/// Why the stream stopped without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// `--count` publications arrived.
    Count,
    /// `--duration` is over.
    Duration,
    /// Ctrl-C.
    Interrupted,
}

/// What a reply id was for.
#[derive(Debug)]
enum Pending {
    Connect,
    /// `initial`: sent in the first frame (bounded by the handshake timeout).
    Subscribe {
        channel: String,
        initial: bool,
    },
    Refresh,
}

/// rejected this client (exit 5); the rest mean "gone, try again" (exit 6).
fn close_failure(code: u16, reason: &str) -> Failure {
    let known = codes::disconnect_reason(code);
    let mut what = if reason.is_empty() {
        format!("{code}")
    } else {
        format!("{code} {reason}")
    };
    if !known.is_empty() && known != reason {
        let _ = write!(what, " ({known})");
    }
    let message = format!("the server closed the connection: {what}");
    if matches!(code, 3500..=3999 | 4500..=4999) {
        Failure::new(Class::Rejected, message)
            .code(u32::from(code))
            .hint(format!(
                "the server does not want this client back; see `centri codes {code}`"
            ))
    } else {
        Failure::new(Class::Unreachable, message)
            .code(u32::from(code))
            .hint("a client would reconnect after this; run the command again")
    }
}

fn lost(e: &tungstenite::Error) -> Failure {
    match e {
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => {
            Failure::new(Class::Unreachable, "the connection is closed")
        }
        e => Failure::new(Class::Unreachable, format!("connection lost: {e}")),
    }
}

async fn sleep_opt(at: Option<Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

/// The state of one `centri sub` run. Handling a frame is synchronous: lines for stdout go to
/// `buf` and commands for the server to `outbox`, both flushed by [`Sub::stream`] after each
/// frame, so the protocol logic can be tested without a socket.
struct Sub<'a> {
    ctx: &'a Ctx,
    /// NDJSON renderer; `None` on a terminal (table mode).
    ndjson: Option<Output>,
    timestamps: bool,
    count: Option<u64>,
    channels: Vec<String>,
    since: Option<StreamPosition>,
    recover: bool,
    /// `--tag`: the tags filter sent with every subscribe.
    tags_filter: Option<FilterNode>,
    /// `--delta`: ask for fossil delta compression.
    delta: bool,
    /// Channels that negotiated it, with the previous publication's data (the next base).
    bases: HashMap<String, Vec<u8>>,
    delta_stats: DeltaStats,
    minter: Option<Minter>,
    next_id: u32,
    pending: HashMap<u32, Pending>,
    /// Replies to the first frame not yet received.
    initial_left: usize,
    failed: usize,
    active: BTreeSet<String>,
    /// The last known stream position of each recoverable subscription.
    positions: HashMap<String, StreamPosition>,
    pong: bool,
    ping: Option<Duration>,
    refresh_at: Option<Instant>,
    publications: u64,
    /// At least one subscription succeeded: the stream ends with a summary.
    streaming: bool,
    /// `--map`: every channel is a map subscription, each paged by its [`MapSync`].
    map: Option<MapSpec>,
    maps: HashMap<String, MapSync>,
    /// Map state entries received (`publications` counts the changes).
    state_entries: u64,
    buf: String,
    outbox: Vec<String>,
}

impl<'a> Sub<'a> {
    fn new(
        ctx: &'a Ctx,
        a: &SubArgs,
        since: Option<StreamPosition>,
        minter: Option<Minter>,
    ) -> Self {
        let mut channels: Vec<String> = Vec::new();
        for c in &a.channels {
            if !channels.contains(c) {
                channels.push(c.clone());
            }
        }
        let ndjson = (!ctx.out.is_table()).then(|| Output {
            format: OutputFormat::Ndjson,
            ..ctx.out.clone()
        });
        Self {
            ctx,
            ndjson,
            timestamps: a.timestamps,
            count: a.count,
            channels,
            since,
            recover: a.recover,
            tags_filter: (!a.tag.is_empty()).then(|| FilterNode::all(a.tag.clone())),
            delta: a.delta,
            bases: HashMap::new(),
            delta_stats: DeltaStats::default(),
            minter,
            next_id: 1,
            pending: HashMap::new(),
            initial_left: 0,
            failed: 0,
            active: BTreeSet::new(),
            positions: HashMap::new(),
            pong: false,
            ping: None,
            refresh_at: None,
            publications: 0,
            streaming: false,
            map: a.map.then(|| MapSpec {
                kind: a.map_type,
                limit: a.page_size.unwrap_or(0),
            }),
            maps: HashMap::new(),
            state_entries: 0,
            buf: String::new(),
            outbox: Vec::new(),
        }
    }

    fn id(&mut self, p: Pending) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.pending.insert(id, p);
        id
    }

    fn subscribe_request(&self, channel: &str, from: Option<&StreamPosition>) -> SubscribeRequest {
        SubscribeRequest {
            channel: channel.to_string(),
            recover: from.is_some(),
            offset: from.map_or(0, |p| p.offset),
            epoch: from.map(|p| p.epoch.clone()).unwrap_or_default(),
            recoverable: self.recover || from.is_some(),
            join_leave: true,
            tf: self.tags_filter.clone(),
            delta: if self.delta {
                "fossil".into()
            } else {
                String::new()
            },
            ..SubscribeRequest::default()
        }
    }

    /// `connect` and every `subscribe`, newline-separated, ids 1, 2, ... (centrifuge-js).
    fn first_frame(&mut self, token: &str) -> Result<String, Failure> {
        let mut lines = Vec::new();
        let connect = Command {
            id: self.id(Pending::Connect),
            connect: Some(ConnectRequest {
                token: token.to_string(),
                name: "centri".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                ..ConnectRequest::default()
            }),
            ..Command::default()
        };
        lines.push(encode(&connect)?);
        for ch in self.channels.clone() {
            let req = match self.map {
                Some(spec) => self.map_first(&ch, spec),
                None => self.subscribe_request(&ch, self.since.clone().as_ref()),
            };
            let cmd = Command {
                id: self.id(Pending::Subscribe {
                    channel: ch,
                    initial: true,
                }),
                subscribe: Some(req),
                ..Command::default()
            };
            lines.push(encode(&cmd)?);
        }
        self.initial_left = lines.len();
        Ok(lines.join("\n"))
    }

    /// Runs the connection until a stop or a failure.
    async fn stream<S>(
        &mut self,
        mut ws: S,
        first: String,
        deadline: Option<Instant>,
        timeout: Duration,
    ) -> Result<Stop, Failure>
    where
        S: Stream<Item = Result<Message, tungstenite::Error>>
            + Sink<Message, Error = tungstenite::Error>
            + Unpin,
    {
        ws.send(Message::Text(first.into()))
            .await
            .map_err(|e| lost(&e))?;
        let handshake = Instant::now() + timeout;
        let mut last_seen = Instant::now();
        // A failure to install the handler leaves Ctrl-C to its default (kill).
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(ctrl_c);
        loop {
            let idle = self.ping.map(|p| last_seen + p + MAX_PING_DELAY);
            let waiting = (self.initial_left > 0).then_some(handshake);
            let step: Result<Option<Stop>, Failure> = tokio::select! {
                () = &mut ctrl_c => Ok(Some(Stop::Interrupted)),
                () = sleep_opt(deadline) => Ok(Some(Stop::Duration)),
                () = sleep_opt(waiting) => Err(Failure::new(
                    Class::Unreachable,
                    format!(
                        "no reply to connect/subscribe within {}",
                        humantime::format_duration(timeout)
                    ),
                )
                .hint("raise --timeout, or check the server's load")),
                () = sleep_opt(idle) => Err(Failure::new(
                    Class::Unreachable,
                    "the server stopped sending pings: the connection is dead",
                )),
                () = sleep_opt(self.refresh_at) => self.refresh().map(|()| None),
                m = ws.next() => {
                    last_seen = Instant::now();
                    self.on_message(m)
                }
            };
            if !self.buf.is_empty() {
                written(write_stdout(&std::mem::take(&mut self.buf)))?;
            }
            let step = step?;
            for line in std::mem::take(&mut self.outbox) {
                ws.send(Message::Text(line.into()))
                    .await
                    .map_err(|e| lost(&e))?;
            }
            if let Some(stop) = step {
                // Say goodbye, but never wait long for it.
                let bye = Message::Close(Some(CloseFrame {
                    code: CloseCode::Normal,
                    reason: "".into(),
                }));
                let _ = tokio::time::timeout(Duration::from_secs(1), ws.send(bye)).await;
                return Ok(stop);
            }
        }
    }

    fn on_message(
        &mut self,
        m: Option<Result<Message, tungstenite::Error>>,
    ) -> Result<Option<Stop>, Failure> {
        match m {
            None => Err(Failure::new(
                Class::Unreachable,
                "the server closed the connection without a close frame",
            )),
            Some(Err(e)) => Err(lost(&e)),
            Some(Ok(Message::Text(t))) => self.handle_text(t.as_str()),
            Some(Ok(Message::Close(Some(f)))) => Err(close_failure(u16::from(f.code), &f.reason)),
            Some(Ok(Message::Close(None))) => Err(close_failure(1005, "")),
            Some(Ok(_)) => Ok(None),
        }
    }

    fn handle(&mut self, msg: Incoming) -> Result<Option<Stop>, Failure> {
        if msg.id > 0 {
            return self.reply(msg);
        }
        if let Some(p) = msg.push {
            return self.push(&p);
        }
        // Neither a reply nor a push: a server ping.
        if self.pong {
            self.outbox.push("{}".into());
        }
        Ok(None)
    }

    fn reply(&mut self, msg: Incoming) -> Result<Option<Stop>, Failure> {
        match self.pending.remove(&msg.id) {
            None => Ok(None),
            Some(Pending::Connect) => {
                self.initial_left = self.initial_left.saturating_sub(1);
                if let Some(e) = msg.error {
                    return Err(self.connect_failure(&e));
                }
                self.connected(&msg.connect.unwrap_or_default());
                Ok(None)
            }
            Some(Pending::Subscribe { channel, initial }) => {
                if initial {
                    self.initial_left = self.initial_left.saturating_sub(1);
                }
                match msg.error {
                    Some(e) if self.map_restart(&channel, e.code)? => Ok(None),
                    Some(e) => self.subscribe_failed(&channel, &e),
                    None if self.maps.contains_key(&channel) => {
                        self.map_reply(&channel, &msg.subscribe.unwrap_or_default())
                    }
                    None => self.subscribed(&channel, &msg.subscribe.unwrap_or_default()),
                }
            }
            Some(Pending::Refresh) => {
                match (msg.error, msg.refresh) {
                    (Some(e), _) => self.ctx.out.notice(&format!(
                        "warning: token refresh refused: code {} {}; the server will close \
                         the connection when the token expires",
                        e.code, e.message
                    )),
                    (None, r) => self.schedule_refresh(r.unwrap_or_default().ttl),
                }
                Ok(None)
            }
        }
    }

    fn connect_failure(&self, e: &ApiError) -> Failure {
        let class = if e.code == codes::TOO_MANY_REQUESTS {
            Class::RateLimited
        } else {
            Class::Rejected
        };
        let mut f = Failure::new(
            class,
            format!("connect rejected: code {} {}", e.code, e.message),
        )
        .code(e.code);
        f.hint = if e.code == codes::TOKEN_EXPIRED {
            Some(if self.minter.is_some() {
                "the freshly minted token counts as expired: check the clock skew with \
                 `centri doctor`"
                    .into()
            } else {
                "the token has expired: mint a new one (`centri token gen --user U`), or drop \
                 --token so that sub mints one"
                    .into()
            })
        } else {
            hint_for(e.code, None)
        };
        f
    }

    fn connected(&mut self, r: &ConnectResult) {
        tracing::debug!(client = %r.client, version = %r.version, "connected");
        self.pong = r.pong;
        self.ping = (r.ping > 0).then(|| Duration::from_secs(u64::from(r.ping)));
        if r.expires {
            if self.minter.is_some() {
                self.schedule_refresh(r.ttl);
            } else {
                self.ctx.out.notice(&format!(
                    "note: the token expires in {}; the server closes the connection then \
                     (3005)",
                    crate::output::human_secs(u64::from(r.ttl))
                ));
            }
        }
        // Server-side subscriptions (token `channels`) deliver too.
        for (ch, s) in &r.subs {
            self.active.insert(ch.clone());
            if s.recoverable || s.positioned {
                self.positions.insert(
                    ch.clone(),
                    StreamPosition {
                        offset: s.offset,
                        epoch: s.epoch.clone(),
                    },
                );
            }
            self.ctx.out.notice(&format!(
                "subscribed to {ch} by the server (token channels)"
            ));
            self.streaming = true;
        }
    }

    /// Refreshes a minted token at 90% of its lifetime.
    fn schedule_refresh(&mut self, ttl: u32) {
        if ttl > 0 && self.minter.is_some() {
            let secs = (u64::from(ttl) * 9 / 10).max(1);
            self.refresh_at = Some(Instant::now() + Duration::from_secs(secs));
        }
    }

    fn refresh(&mut self) -> Result<(), Failure> {
        self.refresh_at = None;
        let Some(m) = &self.minter else {
            return Ok(());
        };
        let token = m.mint()?;
        let cmd = Command {
            id: self.id(Pending::Refresh),
            refresh: Some(RefreshRequest { token }),
            ..Command::default()
        };
        self.outbox.push(encode(&cmd)?);
        Ok(())
    }

    fn subscribe_failed(&mut self, channel: &str, e: &ApiError) -> Result<Option<Stop>, Failure> {
        self.failed += 1;
        let class = if e.code == codes::TOO_MANY_REQUESTS {
            Class::RateLimited
        } else {
            Class::Rejected
        };
        let mut f = Failure::new(
            class,
            format!(
                "cannot subscribe to {channel}: code {} {}",
                e.code, e.message
            ),
        )
        .code(e.code);
        f.hint = if e.code == codes::BAD_REQUEST && self.tags_filter.is_some() {
            Some("a --tag filter needs `allow_tags_filter` in the channel's namespace".into())
        } else if e.code == codes::BAD_REQUEST {
            Some(self.kind_hint(channel))
        } else {
            hint_for(e.code, Some(channel))
        };
        // Keep going while any subscription is active or still answering.
        let none_left = self.initial_left == 0
            && self.active.is_empty()
            && !self
                .pending
                .values()
                .any(|p| matches!(p, Pending::Subscribe { .. }));
        if !none_left {
            super::report(&anyhow::Error::new(f), self.ctx.out.format);
            return Ok(None);
        }
        if self.failed == 1 || self.streaming {
            return Err(f);
        }
        let mut all = Failure::new(
            class,
            format!(
                "none of the {} subscriptions succeeded (last: {channel}, code {} {})",
                self.failed, e.code, e.message
            ),
        )
        .code(e.code);
        all.hint.clone_from(&f.hint);
        super::report(&anyhow::Error::new(f), self.ctx.out.format);
        Err(all)
    }

    fn subscribed(&mut self, channel: &str, r: &SubscribeResult) -> Result<Option<Stop>, Failure> {
        self.streaming = true;
        self.active.insert(channel.to_string());
        let mut note = format!("subscribed to {channel}");
        if r.recoverable || r.positioned {
            self.positions.insert(
                channel.to_string(),
                StreamPosition {
                    offset: r.offset,
                    epoch: r.epoch.clone(),
                },
            );
        }
        if r.was_recovering {
            if r.recovered {
                let _ = write!(
                    note,
                    ", {} recovered",
                    publications_phrase(r.publications.len() as u64)
                );
            } else {
                note.push_str(
                    ", but could not recover the requested position (history expired, \
                     recovery off, or the epoch changed): streaming from now",
                );
            }
        }
        if r.recoverable || r.positioned {
            // The position after the recovered publications, for a later --since.
            let top = r
                .publications
                .last()
                .map_or(r.offset, |p| p.offset.max(r.offset));
            let _ = write!(note, " (position {top}:{})", r.epoch);
        }
        if self.delta {
            if r.delta {
                self.bases.insert(channel.to_string(), Vec::new());
                note.push_str(", delta compression on");
            } else {
                self.bases.remove(channel);
                note.push_str(
                    ", delta compression not negotiated (the namespace needs \
                     allowed_delta_types [\"fossil\"])",
                );
            }
        }
        self.ctx.out.notice(&note);
        for p in &r.publications {
            if let Some(stop) = self.publication(channel, p, true)? {
                return Ok(Some(stop));
            }
        }
        Ok(None)
    }

    fn push(&mut self, p: &PushIn) -> Result<Option<Stop>, Failure> {
        let ch = p.channel.as_str();
        if let Some(publication) = &p.publication {
            // (a server-side subscription from the token's channels is a stream even then)
            if self.maps.contains_key(ch) {
                return Ok(self.map_update(ch, publication, false));
            }
            return self.publication(ch, publication, false);
        }
        if let Some(b) = &p.join {
            self.emit(&Event::Join {
                channel: ch,
                info: &b.info,
            });
        } else if let Some(b) = &p.leave {
            self.emit(&Event::Leave {
                channel: ch,
                info: &b.info,
            });
        } else if let Some(u) = &p.unsubscribe {
            self.emit(&Event::Unsubscribe {
                channel: ch,
                code: u.code,
                reason: &u.reason,
            });
            return self.unsubscribed(ch, u);
        } else if let Some(s) = &p.subscribe {
            self.active.insert(ch.to_string());
            if s.recoverable || s.positioned {
                self.positions.insert(
                    ch.to_string(),
                    StreamPosition {
                        offset: s.offset,
                        epoch: s.epoch.clone(),
                    },
                );
            }
            self.streaming = true;
            self.emit(&Event::Subscribe { channel: ch });
        } else if let Some(m) = &p.message {
            self.emit(&Event::Message {
                data: m.data.as_ref(),
            });
        } else if let Some(d) = &p.disconnect {
            let code = u16::try_from(d.code).unwrap_or(u16::MAX);
            return Err(close_failure(code, &d.reason));
        }
        Ok(None)
    }

    /// A server unsubscribe: codes from 2500 ask the client to subscribe again (recovering
    /// from the last position it saw); lower ones end that subscription.
    fn unsubscribed(&mut self, channel: &str, u: &CodeReason) -> Result<Option<Stop>, Failure> {
        self.active.remove(channel);
        if u.code >= 2500 {
            self.ctx.out.notice(&format!(
                "{channel}: unsubscribed by the server ({} {}); subscribing again",
                u.code, u.reason
            ));
            if self.maps.contains_key(channel) {
                self.map_resume(channel)?;
                return Ok(None);
            }
            let from = self.positions.get(channel).cloned();
            let req = self.subscribe_request(channel, from.as_ref());
            let cmd = Command {
                id: self.id(Pending::Subscribe {
                    channel: channel.to_string(),
                    initial: false,
                }),
                subscribe: Some(req),
                ..Command::default()
            };
            self.outbox.push(encode(&cmd)?);
            return Ok(None);
        }
        let resubscribing = self
            .pending
            .values()
            .any(|p| matches!(p, Pending::Subscribe { .. }));
        if self.active.is_empty() && !resubscribing {
            return Err(Failure::new(
                Class::Rejected,
                format!(
                    "the server unsubscribed the last channel ({channel}): {} {}",
                    u.code, u.reason
                ),
            )
            .code(u.code));
        }
        Ok(None)
    }

    fn publication(
        &mut self,
        channel: &str,
        p: &Publication,
        recovered: bool,
    ) -> Result<Option<Stop>, Failure> {
        let decoded = self.decode_delta(channel, p)?.map(|data| Publication {
            data,
            info: p.info.clone(),
            offset: p.offset,
            tags: p.tags.clone(),
            delta: false,
            binary: None,
            key: String::new(),
            removed: false,
            version: 0,
        });
        let p = decoded.as_ref().unwrap_or(p);
        if p.offset > 0 {
            if let Some(pos) = self.positions.get_mut(channel) {
                pos.offset = pos.offset.max(p.offset);
            }
        }
        self.emit(&Event::Publication {
            channel,
            publication: p,
            recovered,
        });
        self.publications += 1;
        Ok(self
            .count
            .is_some_and(|c| self.publications >= c)
            .then_some(Stop::Count))
    }

    fn emit(&mut self, e: &Event<'_>) {
        let time = self.timestamps.then(now_rfc3339);
        if let Some(out) = &self.ndjson {
            let line = out.render_json(&e.to_json(time.as_deref()));
            self.buf.push_str(&line);
        } else {
            self.buf.push_str(&e.to_line(time.as_deref()));
            self.buf.push('\n');
        }
    }

    /// `received N publications in Xs` on stderr; in NDJSON mode a summary object on stdout.
    /// With `--delta`, also what delta compression saved.
    fn summary(&self, elapsed: Duration) -> Result<(), Failure> {
        let secs = (elapsed.as_secs_f64() * 1000.0).round() / 1000.0;
        let d = &self.delta_stats;
        if let Some(out) = &self.ndjson {
            let mut v =
                json!({"type": "summary", "publications": self.publications, "seconds": secs});
            if self.delta {
                v["delta"] = json!({"publications": d.publications, "deltas": d.deltas,
                    "wire_bytes": d.wire_bytes, "decoded_bytes": d.decoded_bytes});
            }
            if self.map.is_some() {
                v["state"] = json!(self.state_entries);
            }
            written(write_stdout(&out.render_json(&v)))?;
        }
        let state = if self.map.is_some() {
            format!(" and {} state entries", self.state_entries)
        } else {
            String::new()
        };
        self.ctx.out.notice(&format!(
            "received {}{state} in {:.1}s",
            publications_phrase(self.publications),
            elapsed.as_secs_f64()
        ));
        if self.delta && d.publications > 0 {
            let saved = 100.0 * (1.0 - d.wire_bytes as f64 / d.decoded_bytes.max(1) as f64);
            self.ctx.out.notice(&format!(
                "delta compression: {} of {} as deltas, {} bytes received for {} decoded ({saved:.0}% saved)",
                d.deltas, d.publications, d.wire_bytes, d.decoded_bytes
            ));
        }
        Ok(())
    }
}

fn encode(c: &Command) -> Result<String, Failure> {
    serde_json::to_string(c)
        .map_err(|e| Failure::new(Class::Other, format!("cannot encode a command: {e}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use serde_json::Value;

    use super::*;
    use crate::cli::{Cli, Command as CliCommand};

    pub(super) fn ctx(format: OutputFormat) -> Ctx {
        let cli = Cli::parse_from(["centri", "sub", "x"]);
        Ctx {
            out: Output::plain(format),
            global: cli.global,
        }
    }

    pub(super) fn args(extra: &[&str]) -> SubArgs {
        let argv = ["centri", "sub"].iter().chain(extra.iter()).copied();
        match Cli::parse_from(argv).command {
            CliCommand::Sub(a) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn ws_urls() {
        assert_eq!(
            ws_url("http://127.0.0.1:8000").unwrap(),
            "ws://127.0.0.1:8000/connection/websocket"
        );
        assert_eq!(
            ws_url("http://h:1/prefix/").unwrap(),
            "ws://h:1/prefix/connection/websocket"
        );
        assert_eq!(
            ws_url("ws://h/connection/websocket").unwrap(),
            "ws://h/connection/websocket"
        );
        let e = ws_url("https://h").unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(e.message.contains("TLS"), "{}", e.message);
        assert_eq!(ws_url("wss://h").unwrap_err().class, Class::Usage);
        assert_eq!(ws_url("h:8000").unwrap_err().class, Class::Usage);
        assert_eq!(ws_url("ftp://h").unwrap_err().class, Class::Usage);
        assert_eq!(ws_url("http://").unwrap_err().class, Class::Usage);
    }

    #[test]
    fn close_codes_map_to_exit_classes() {
        let f = close_failure(4500, "bye");
        assert_eq!((f.class, f.code), (Class::Rejected, Some(4500)));
        assert_eq!(f.message, "the server closed the connection: 4500 bye");
        let f = close_failure(3503, "force disconnect");
        assert_eq!(f.class, Class::Rejected);
        assert_eq!(
            f.message,
            "the server closed the connection: 3503 force disconnect"
        );
        let f = close_failure(3500, "");
        assert_eq!(
            f.message,
            "the server closed the connection: 3500 (invalid token)"
        );
        let f = close_failure(3001, "shutdown");
        assert_eq!(f.class, Class::Unreachable);
        assert_eq!(close_failure(1000, "").class, Class::Unreachable);
        assert_eq!(close_failure(4000, "x").class, Class::Unreachable);
        assert_eq!(close_failure(3999, "x").class, Class::Rejected);
    }

    #[test]
    fn first_frame_batches_connect_and_subscribes() {
        let c = ctx(OutputFormat::Ndjson);
        let a = args(&["a", "b", "a", "--since", "5:ep"]);
        let since = parse_since(a.since.as_deref().unwrap()).unwrap();
        let mut s = Sub::new(&c, &a, Some(since), None);
        let f = s.first_frame("TOKEN").unwrap();
        let lines: Vec<Value> = f
            .split('\n')
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "duplicates are dropped: {f}");
        assert_eq!(lines[0]["id"], 1);
        assert_eq!(lines[0]["connect"]["token"], "TOKEN");
        assert_eq!(lines[0]["connect"]["name"], "centri");
        assert_eq!(
            lines[1],
            json!({"id":2,"subscribe":{"channel":"a","recover":true,"epoch":"ep","offset":5,"recoverable":true,"join_leave":true}})
        );
        assert_eq!(lines[2]["subscribe"]["channel"], "b");
        assert_eq!(s.initial_left, 3);

        let mut plain = Sub::new(&c, &args(&["a"]), None, None);
        let f = plain.first_frame("T").unwrap();
        assert_eq!(
            f.split('\n').nth(1).unwrap(),
            r#"{"id":2,"subscribe":{"channel":"a","join_leave":true}}"#
        );
    }

    #[test]
    fn frames_drive_the_state() {
        let c = ctx(OutputFormat::Ndjson);
        let a = args(&["chat:a", "chat:b", "--count", "3"]);
        let mut s = Sub::new(&c, &a, None, None);
        s.first_frame("T").unwrap();
        // Connect and subscribe replies batched in one frame, then a recovered publication.
        let frame = concat!(
            r#"{"id":1,"connect":{"client":"c1","ping":25,"pong":true}}"#,
            "\n",
            r#"{"id":2,"subscribe":{"recoverable":true,"epoch":"e","offset":1,"publications":[{"data":{"n":1},"offset":2}],"recovered":true,"was_recovering":true}}"#,
            "\n",
            r#"{"id":3,"error":{"code":103,"message":"permission denied"}}"#,
            "\n"
        );
        assert_eq!(s.handle_text(frame).unwrap(), None);
        assert!(s.pong && s.streaming);
        assert_eq!(s.initial_left, 0);
        assert_eq!(s.positions["chat:a"].offset, 2);
        assert_eq!(s.publications, 1);
        // A ping is answered.
        assert_eq!(s.handle_text("{}").unwrap(), None);
        assert_eq!(s.outbox, vec!["{}".to_string()]);
        // Pushes: a join, then two publications; the count stops at the second.
        let frame = concat!(
            r#"{"push":{"channel":"chat:a","join":{"info":{"user":"7","client":"c9"}}}}"#,
            "\n",
            r#"{"push":{"channel":"chat:a","pub":{"data":{"n":2},"offset":3}}}"#,
            "\n",
            r#"{"push":{"channel":"chat:a","pub":{"data":{"n":3},"offset":4}}}"#,
            "\n",
            r#"{"push":{"channel":"chat:a","pub":{"data":{"n":4},"offset":5}}}"#
        );
        assert_eq!(s.handle_text(frame).unwrap(), Some(Stop::Count));
        let out: Vec<Value> = s
            .buf
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let types: Vec<&str> = out.iter().map(|v| v["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["publication", "join", "publication", "publication"]);
        assert_eq!(out[0]["recovered"], true);
        assert_eq!(out[3]["data"]["n"], 3);
        assert_eq!(s.publications, 3);
    }

    #[test]
    fn failures_end_the_stream() {
        let c = ctx(OutputFormat::Table);
        // Every subscription failed: the failure itself, with its code and hint.
        let mut s = Sub::new(&c, &args(&["private:x"]), None, None);
        s.first_frame("T").unwrap();
        let e = s
            .handle_text(
                "{\"id\":1,\"connect\":{\"client\":\"c\"}}\n{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
            )
            .unwrap_err();
        assert_eq!((e.class, e.code), (Class::Rejected, Some(103)));
        assert!(e.message.contains("private:x"), "{}", e.message);
        assert!(e.hint.is_some());
        assert!(!s.streaming);
        // A connect error.
        let mut s = Sub::new(&c, &args(&["x", "--token", "t"]), None, None);
        s.first_frame("t").unwrap();
        let e = s
            .handle_text(r#"{"id":1,"error":{"code":109,"message":"token expired"}}"#)
            .unwrap_err();
        assert_eq!((e.class, e.code), (Class::Rejected, Some(109)));
        assert!(e.hint.unwrap().contains("token gen"));
        // A server unsubscribe of the last channel; 2500+ resubscribes instead.
        let mut s = Sub::new(&c, &args(&["x"]), None, None);
        s.first_frame("t").unwrap();
        s.handle_text("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{}}")
            .unwrap();
        s.handle_text(
            r#"{"push":{"channel":"x","unsubscribe":{"code":2500,"reason":"insufficient state"}}}"#,
        )
        .unwrap();
        assert_eq!(s.outbox.len(), 1);
        assert!(s.outbox[0].contains(r#""subscribe":{"channel":"x""#));
        s.handle_text(r#"{"id":3,"subscribe":{}}"#).unwrap();
        let e = s
            .handle_text(r#"{"push":{"channel":"x","unsubscribe":{"code":2000,"reason":"server unsubscribe"}}}"#)
            .unwrap_err();
        assert_eq!((e.class, e.code), (Class::Rejected, Some(2000)));
        assert_eq!(
            s.buf.lines().last().unwrap(),
            "x  unsubscribed by the server  2000 server unsubscribe"
        );
    }
}

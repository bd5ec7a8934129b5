//! One map subscriber of `centri bench map` on the wire, JSON or Protobuf over WebSocket: it
//! connects (a `connect` command with its token), waits for the run's start, then subscribes
//! as the SDK's map subscription does. It asks for state pages (`type` 1, `phase` 2, with
//! `cursor`, `limit` and, after the first, the position the first page froze), follows with
//! stream pages (`phase` 1) if the server says so, and stops paging when the server answers
//! phase 0 (live). Every state entry's key goes into the subscriber's [`KeySet`]; the stream's
//! and the live reply's publications are counted apart (a change, not state).
//!
//! Every wait is bounded: opening and the connect reply by the request timeout, each page's
//! reply by the same timeout, the number of pages by the number of keys, and the whole run by
//! the caller's stop token. Server pings are answered.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde::Deserialize;
use tokio::sync::OwnedSemaphorePermit;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

use super::KeySet;
use crate::bench::accounting::{scan_frame, Binary};
use crate::bench::load::{clock_us, open_ws, ConnError, Ws};
use crate::proto::client::{Command, ConnectRequest, SubscribeRequest};
use crate::proto::codec::protobuf::wire;
use crate::proto::ApiError;

/// The subscription type of a map (the SDK's `newMapSubscription`).
const TYPE_MAP: i32 = 1;
/// The phases of a map subscription: the server answers 0 once it is live.
const PHASE_LIVE: i32 = 0;
const PHASE_STREAM: i32 = 1;
const PHASE_STATE: i32 = 2;
/// Pages a subscriber may ask for beyond one per key before it gives up: a server that keeps
/// answering empty pages must not keep it paging.
const EXTRA_PAGES: u64 = 64;

/// Where and how one map subscriber connects.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `ws://HOST:PORT/connection/websocket`, with `?cf_protocol=protobuf` for Protobuf.
    pub url: String,
    pub protobuf: bool,
    pub token: String,
    pub channel: String,
    /// The keys the map holds (`k0..k{keys-1}`).
    pub keys: u64,
    /// Entries per page asked for; the server clamps it to the namespace's page sizes.
    pub limit: i32,
    /// Bound on opening the connection, on the connect reply and on each page's reply.
    pub timeout: Duration,
}

/// Counters every map subscriber adds to.
#[derive(Debug, Default)]
pub struct Shared {
    /// Subscribers connected, waiting for the start.
    pub connected: AtomicU64,
    /// Subscribers that could not connect, or whose subscribe was refused.
    pub failed: AtomicU64,
    /// Subscribers live (phase 0).
    pub live: AtomicU64,
    /// State entries received so far, by all.
    pub entries: AtomicU64,
    /// Bytes of the frames read after the start.
    pub bytes: AtomicU64,
    /// [`clock_us`] when the latest subscriber went live.
    pub last_live_us: AtomicU64,
    /// Subscribers the server closed after they connected.
    pub disconnects: AtomicU64,
    first_error: Mutex<Option<ConnError>>,
    first_close: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// The first connect or subscribe failure.
    pub fn first_error(&self) -> Option<ConnError> {
        lock(&self.first_error).clone()
    }

    /// The first close of a connected subscriber, as `code reason`.
    pub fn first_close(&self) -> Option<String> {
        lock(&self.first_close).clone()
    }

    fn fail(&self, e: ConnError) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        lock(&self.first_error).get_or_insert(e);
    }

    fn closed(&self, why: String) {
        self.disconnects.fetch_add(1, Ordering::Relaxed);
        lock(&self.first_close).get_or_insert(why);
    }
}

/// What one subscriber saw, returned when it stops.
#[derive(Debug, Clone)]
pub struct End {
    pub keys: KeySet,
    /// It got the live reply (phase 0).
    pub live: bool,
    /// Subscribe replies read: state pages, stream pages and the live reply.
    pub pages: u64,
    /// Of those, stream pages (phase 1).
    pub stream_pages: u64,
    /// The most state entries one reply carried.
    pub largest_page: u64,
    /// Publications of the stream pages and of the live reply (changes after the state).
    pub caught_up: u64,
    /// Bytes of the frames read after the start.
    pub bytes: u64,
}

impl End {
    fn new(keys: u64) -> Self {
        Self {
            keys: KeySet::new(keys),
            live: false,
            pages: 0,
            stream_pages: 0,
            largest_page: 0,
            caught_up: 0,
            bytes: 0,
        }
    }
}

/// The request for the next page: where it starts, and the position the state froze.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Next {
    phase: i32,
    cursor: String,
    offset: u64,
    epoch: String,
}

/// A subscribe reply, as far as paging cares (its entries went to the [`End`] already).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Page {
    phase: i32,
    cursor: String,
    offset: u64,
    epoch: String,
}

impl Page {
    /// What to ask for after this page; `None` once live.
    fn next(self) -> Option<Next> {
        match self.phase {
            PHASE_LIVE => None,
            // More state, or (the state done, far behind the stream) the stream from the
            // position the state froze at.
            PHASE_STATE => Some(Next {
                phase: if self.cursor.is_empty() {
                    PHASE_STREAM
                } else {
                    PHASE_STATE
                },
                cursor: self.cursor,
                offset: self.offset,
                epoch: self.epoch,
            }),
            // The stream from the last publication of this page.
            _ => Some(Next {
                phase: PHASE_STREAM,
                cursor: String::new(),
                offset: self.offset,
                epoch: self.epoch,
            }),
        }
    }
}

/// One message from the server, decoded as far as the bench needs.
#[derive(Debug, PartialEq, Eq)]
enum Incoming {
    Ping,
    /// A reply to command `id`: a subscribe page, or an error.
    Subscribe {
        id: u32,
        page: Page,
    },
    Connect {
        id: u32,
        pong: bool,
    },
    Error {
        id: u32,
        code: u32,
        message: String,
    },
    /// The server is closing the connection (a disconnect push), or dropped the subscription.
    Gone(String),
    /// Anything else: other pushes (join, leave, live publications), other replies.
    Other,
}

#[derive(Deserialize)]
struct JsonMessage<'a> {
    #[serde(default)]
    id: u32,
    #[serde(default)]
    error: Option<ApiError>,
    #[serde(default)]
    connect: Option<JsonConnect>,
    #[serde(default, borrow)]
    subscribe: Option<JsonSubscribe<'a>>,
    #[serde(default)]
    push: Option<JsonPush>,
}

#[derive(Deserialize)]
struct JsonConnect {
    #[serde(default)]
    pong: bool,
}

#[derive(Deserialize)]
struct JsonSubscribe<'a> {
    #[serde(default)]
    phase: i32,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    epoch: String,
    #[serde(default, borrow)]
    state: Vec<JsonEntry<'a>>,
    #[serde(default, borrow)]
    publications: Vec<JsonEntry<'a>>,
}

/// A state entry or a publication: only its key matters (its data is skipped, not copied).
#[derive(Deserialize)]
struct JsonEntry<'a> {
    #[serde(default, borrow)]
    key: Cow<'a, str>,
    #[serde(default)]
    removed: bool,
}

#[derive(Deserialize)]
struct JsonPush {
    #[serde(default)]
    disconnect: Option<JsonCode>,
    #[serde(default)]
    unsubscribe: Option<JsonCode>,
}

#[derive(Deserialize)]
struct JsonCode {
    #[serde(default)]
    code: u32,
    #[serde(default)]
    reason: String,
}

/// Adds a subscribe reply's entries to `end`: state entries by key, publications as counts.
fn absorb<'k>(
    end: &mut End,
    phase: i32,
    state: impl ExactSizeIterator<Item = (&'k str, bool)>,
    publications: usize,
) -> u64 {
    let n = state.len() as u64;
    for (key, removed) in state {
        if !removed {
            end.keys.record(key);
        }
    }
    end.pages += 1;
    end.stream_pages += u64::from(phase == PHASE_STREAM);
    end.largest_page = end.largest_page.max(n);
    end.caught_up += publications as u64;
    n
}

/// One JSON message (a line of a frame).
fn json(line: &str, end: &mut End) -> Result<(Incoming, u64), String> {
    if line.is_empty() {
        return Ok((Incoming::Other, 0));
    }
    if line == "{}" {
        return Ok((Incoming::Ping, 0));
    }
    let m: JsonMessage<'_> =
        serde_json::from_str(line).map_err(|e| format!("undecodable JSON from the server: {e}"))?;
    if let Some(e) = m.error {
        return Ok((
            Incoming::Error {
                id: m.id,
                code: e.code,
                message: e.message,
            },
            0,
        ));
    }
    if let Some(c) = m.connect {
        return Ok((
            Incoming::Connect {
                id: m.id,
                pong: c.pong,
            },
            0,
        ));
    }
    if let Some(s) = m.subscribe {
        let n = absorb(
            end,
            s.phase,
            s.state.iter().map(|e| (e.key.as_ref(), e.removed)),
            s.publications.len(),
        );
        let page = Page {
            phase: s.phase,
            cursor: s.cursor,
            offset: s.offset,
            epoch: s.epoch,
        };
        return Ok((Incoming::Subscribe { id: m.id, page }, n));
    }
    match m.push {
        Some(JsonPush {
            disconnect: Some(d),
            ..
        }) => Ok((Incoming::Gone(format!("{} {}", d.code, d.reason)), 0)),
        Some(JsonPush {
            unsubscribe: Some(u),
            ..
        }) => Ok((
            Incoming::Gone(format!("unsubscribed: {} {}", u.code, u.reason)),
            0,
        )),
        _ => Ok((Incoming::Other, 0)),
    }
}

/// One Protobuf message (of a length-delimited frame).
fn protobuf(m: &[u8], end: &mut End) -> Result<(Incoming, u64), String> {
    let r = wire::Reply::decode(m).map_err(|e| format!("undecodable Protobuf reply: {e}"))?;
    if let Some(e) = r.error {
        return Ok((
            Incoming::Error {
                id: r.id,
                code: e.code,
                message: e.message,
            },
            0,
        ));
    }
    if let Some(c) = r.connect {
        return Ok((
            Incoming::Connect {
                id: r.id,
                pong: c.pong,
            },
            0,
        ));
    }
    if let Some(s) = r.subscribe {
        let n = absorb(
            end,
            s.phase,
            s.state.iter().map(|e| (e.key.as_str(), e.removed)),
            s.publications.len(),
        );
        let page = Page {
            phase: s.phase,
            cursor: s.cursor,
            offset: s.offset,
            epoch: s.epoch,
        };
        return Ok((Incoming::Subscribe { id: r.id, page }, n));
    }
    match r.push {
        Some(wire::Push {
            disconnect: Some(d),
            ..
        }) => Ok((Incoming::Gone(format!("{} {}", d.code, d.reason)), 0)),
        Some(wire::Push {
            unsubscribe: Some(u),
            ..
        }) => Ok((
            Incoming::Gone(format!("unsubscribed: {} {}", u.code, u.reason)),
            0,
        )),
        _ => Ok((Incoming::Other, 0)),
    }
}

/// The `connect` command, with the token.
fn connect_command(protobuf: bool, token: &str) -> Message {
    if protobuf {
        let cmd = wire::Command {
            id: 1,
            connect: Some(wire::ConnectRequest {
                token: token.to_string(),
                name: "centri-bench".into(),
                ..wire::ConnectRequest::default()
            }),
            ..wire::Command::default()
        };
        return Message::Binary(cmd.encode_length_delimited_to_vec().into());
    }
    let cmd = Command {
        id: 1,
        connect: Some(ConnectRequest {
            token: token.to_string(),
            name: "centri-bench".into(),
            ..ConnectRequest::default()
        }),
        ..Command::default()
    };
    Message::Text(serde_json::to_string(&cmd).unwrap_or_default().into())
}

/// A map `subscribe` command for the page `next`.
fn page_command(protobuf: bool, id: u32, spec: &Spec, next: &Next) -> Message {
    if protobuf {
        let cmd = wire::Command {
            id,
            subscribe: Some(wire::SubscribeRequest {
                channel: spec.channel.clone(),
                kind: TYPE_MAP,
                phase: next.phase,
                cursor: next.cursor.clone(),
                limit: spec.limit,
                offset: next.offset,
                epoch: next.epoch.clone(),
                ..wire::SubscribeRequest::default()
            }),
            ..wire::Command::default()
        };
        return Message::Binary(cmd.encode_length_delimited_to_vec().into());
    }
    let cmd = Command {
        id,
        subscribe: Some(SubscribeRequest {
            channel: spec.channel.clone(),
            kind: TYPE_MAP,
            phase: next.phase,
            cursor: next.cursor.clone(),
            limit: spec.limit,
            offset: next.offset,
            epoch: next.epoch.clone(),
            ..SubscribeRequest::default()
        }),
        ..Command::default()
    };
    Message::Text(serde_json::to_string(&cmd).unwrap_or_default().into())
}

/// An open connection.
struct Conn {
    ws: Box<Ws>,
    protobuf: bool,
    /// The connect reply asked for pongs.
    pong: bool,
    /// Count the bytes of what is read (after the start).
    counting: bool,
}

/// Why waiting for a reply ended without it.
enum Broke {
    /// A refusal of the command (an error reply).
    Refused { code: u32, message: String },
    /// The connection ended, or no reply came in time.
    Lost(ConnError),
}

impl From<ConnError> for Broke {
    fn from(e: ConnError) -> Self {
        Broke::Lost(e)
    }
}

impl Conn {
    async fn send(&mut self, m: Message) -> Result<(), ConnError> {
        self.ws.send(m).await.map_err(|e| ConnError::Closed {
            code: 1006,
            reason: format!("the connection broke while sending: {e}"),
        })
    }

    /// Reads until the reply to `id` (a connect or subscribe reply), answering pings and
    /// recording every subscribe reply's entries into `end`. Bounded by `timeout`.
    async fn reply(
        &mut self,
        id: u32,
        timeout: Duration,
        end: &mut End,
        shared: &Shared,
    ) -> Result<Incoming, Broke> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let Ok(frame) = tokio::time::timeout_at(deadline, self.ws.next()).await else {
                return Err(Broke::Lost(ConnError::NoReply {
                    secs: timeout.as_secs_f64(),
                }));
            };
            let messages: Vec<(Incoming, u64)> = match frame {
                Some(Ok(Message::Text(t))) if !self.protobuf => {
                    self.count(t.len(), shared, end);
                    t.as_str()
                        .split('\n')
                        .map(|l| json(l.trim(), end))
                        .collect::<Result<_, _>>()
                        .map_err(|e| lost(&e))?
                }
                Some(Ok(Message::Binary(b))) if self.protobuf => {
                    self.count(b.len(), shared, end);
                    let mut v = Vec::new();
                    for m in scan_frame(&b) {
                        match m.map_err(|e| lost(&format!("undecodable Protobuf frame: {e}")))? {
                            Binary::Ping => v.push((Incoming::Ping, 0)),
                            Binary::Publication { .. } => v.push((Incoming::Other, 0)),
                            Binary::Other(m) => v.push(protobuf(m, end).map_err(|e| lost(&e))?),
                        }
                    }
                    v
                }
                Some(Ok(Message::Close(f))) => {
                    let (code, reason) = f.map_or((1005, String::new()), |f| {
                        (u16::from(f.code), f.reason.to_string())
                    });
                    return Err(Broke::Lost(ConnError::Closed { code, reason }));
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(Broke::Lost(lost(&e.to_string()))),
                None => {
                    return Err(Broke::Lost(ConnError::Closed {
                        code: 1006,
                        reason: "closed without a close frame".into(),
                    }))
                }
            };
            let mut found = None;
            for (m, entries) in messages {
                shared.entries.fetch_add(entries, Ordering::Relaxed);
                match m {
                    Incoming::Ping if self.pong => self.pong_back().await?,
                    Incoming::Error {
                        id: i,
                        code,
                        message,
                    } if i == id => {
                        found = Some(Err(Broke::Refused { code, message }));
                    }
                    Incoming::Subscribe { id: i, .. } | Incoming::Connect { id: i, .. }
                        if i == id =>
                    {
                        found = Some(Ok(m));
                    }
                    Incoming::Gone(why) => {
                        return Err(Broke::Lost(ConnError::Closed {
                            code: 1000,
                            reason: why,
                        }))
                    }
                    _ => {}
                }
            }
            if let Some(r) = found {
                return r;
            }
        }
    }

    fn count(&self, n: usize, shared: &Shared, end: &mut End) {
        if self.counting {
            end.bytes += n as u64;
            shared.bytes.fetch_add(n as u64, Ordering::Relaxed);
        }
    }

    async fn pong_back(&mut self) -> Result<(), Broke> {
        let m = if self.protobuf {
            Message::Binary(vec![0u8].into())
        } else {
            Message::Text("{}".into())
        };
        self.send(m).await.map_err(Broke::Lost)
    }

    /// Reads and drops what comes, answering pings, until the connection ends. Cancel-safe.
    async fn idle(&mut self) -> String {
        loop {
            let ping = match self.ws.next().await {
                Some(Ok(Message::Text(t))) if !self.protobuf => {
                    t.as_str().split('\n').any(|l| l.trim() == "{}")
                }
                Some(Ok(Message::Binary(b))) if self.protobuf => {
                    scan_frame(&b).any(|m| matches!(m, Ok(Binary::Ping)))
                }
                Some(Ok(Message::Close(f))) => {
                    return f.map_or_else(
                        || "1005 (no close code)".into(),
                        |f| format!("{} {}", u16::from(f.code), f.reason),
                    )
                }
                Some(Ok(_)) => false,
                Some(Err(e)) => return format!("connection lost: {e}"),
                None => return "the server closed the connection without a close frame".into(),
            };
            if ping && self.pong && self.pong_back().await.is_err() {
                return "the connection broke while answering a ping".into();
            }
        }
    }

    /// Says goodbye with a close frame, never waiting long.
    async fn close(self) {
        let mut ws = *self.ws;
        let _ = tokio::time::timeout(Duration::from_millis(200), ws.close(None)).await;
    }
}

fn lost(reason: &str) -> ConnError {
    ConnError::Closed {
        code: 1006,
        reason: reason.to_string(),
    }
}

/// Opens the connection and connects (no subscription yet).
async fn connect(spec: &Spec, shared: &Shared, end: &mut End) -> Result<Conn, ConnError> {
    let ws = open_ws(&spec.url, spec.timeout).await?;
    let mut conn = Conn {
        ws: Box::new(ws),
        protobuf: spec.protobuf,
        pong: false,
        counting: false,
    };
    conn.send(connect_command(spec.protobuf, &spec.token))
        .await?;
    match conn.reply(1, spec.timeout, end, shared).await {
        Ok(Incoming::Connect { pong, .. }) => {
            conn.pong = pong;
            Ok(conn)
        }
        Ok(_) => Err(lost("an unexpected reply to connect")),
        Err(Broke::Refused { code, message }) => Err(ConnError::Connect { code, message }),
        Err(Broke::Lost(e)) => Err(e),
    }
}

/// Connects (holding `permit`, a slot of the connect concurrency, until connected), waits for
/// `go`, then pages through the map's state until the subscription is live, and holds it until
/// `stop`. Returns what it received.
pub async fn subscriber(
    spec: Spec,
    shared: Arc<Shared>,
    permit: OwnedSemaphorePermit,
    go: CancellationToken,
    stop: CancellationToken,
) -> End {
    let mut end = End::new(spec.keys);
    let connected = tokio::select! {
        () = stop.cancelled() => return end,
        r = connect(&spec, &shared, &mut end) => r,
    };
    let mut conn = match connected {
        Ok(c) => c,
        Err(e) => {
            shared.fail(e);
            return end;
        }
    };
    drop(permit);
    shared.connected.fetch_add(1, Ordering::Relaxed);
    tokio::select! {
        () = stop.cancelled() => {
            conn.close().await;
            return end;
        }
        () = go.cancelled() => {}
    }
    conn.counting = true;
    let mut next = Next {
        phase: PHASE_STATE,
        ..Next::default()
    };
    let most = spec.keys + EXTRA_PAGES;
    // Bounded by `most` pages, each by the timeout, and all by `stop`.
    for id in 2..u32::try_from(most + 2).unwrap_or(u32::MAX) {
        if let Err(e) = conn
            .send(page_command(spec.protobuf, id, &spec, &next))
            .await
        {
            shared.closed(e.to_string());
            break;
        }
        let reply = tokio::select! {
            () = stop.cancelled() => break,
            r = conn.reply(id, spec.timeout, &mut end, &shared) => r,
        };
        match reply {
            Ok(Incoming::Subscribe { page, .. }) => {
                if let Some(n) = page.next() {
                    next = n;
                } else {
                    end.live = true;
                    shared.live.fetch_add(1, Ordering::Relaxed);
                    shared.last_live_us.fetch_max(clock_us(), Ordering::Relaxed);
                    break;
                }
            }
            Ok(_) => {
                shared.closed(format!(
                    "an unexpected reply to subscribe (page {})",
                    id - 1
                ));
                break;
            }
            Err(Broke::Refused { code, message }) => {
                shared.fail(ConnError::Subscribe {
                    channel: spec.channel.clone(),
                    code,
                    message,
                });
                break;
            }
            Err(Broke::Lost(e)) => {
                shared.closed(e.to_string());
                break;
            }
        }
    }
    if end.live {
        conn.counting = false;
        tokio::select! {
            () = stop.cancelled() => {}
            why = conn.idle() => shared.closed(why),
        }
    }
    conn.close().await;
    end
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pages_lead_to_the_next_request_until_live() {
        let page = |phase, cursor: &str, offset| Page {
            phase,
            cursor: cursor.into(),
            offset,
            epoch: "e".into(),
        };
        // More state: the cursor, and the frozen position.
        assert_eq!(
            page(PHASE_STATE, "c2", 40).next(),
            Some(Next {
                phase: PHASE_STATE,
                cursor: "c2".into(),
                offset: 40,
                epoch: "e".into()
            })
        );
        // The state done but far behind: the stream from the frozen position.
        assert_eq!(
            page(PHASE_STATE, "", 40).next().unwrap().phase,
            PHASE_STREAM
        );
        // A stream page: on from its last publication.
        let n = page(PHASE_STREAM, "", 45).next().unwrap();
        assert_eq!(
            (n.phase, n.offset, n.cursor.as_str()),
            (PHASE_STREAM, 45, "")
        );
        assert_eq!(page(PHASE_LIVE, "", 50).next(), None);
    }

    #[test]
    fn json_replies_record_state_keys_and_count_the_rest() {
        let mut end = End::new(4);
        let (m, n) = json(
            r#"{"id":2,"subscribe":{"type":1,"phase":2,"cursor":"k2","offset":7,"epoch":"ab","state":[{"data":{"n":0},"key":"k0","offset":1},{"data":{"n":1,"p":"x"},"key":"k1"}]}}"#,
            &mut end,
        )
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            m,
            Incoming::Subscribe {
                id: 2,
                page: Page {
                    phase: 2,
                    cursor: "k2".into(),
                    offset: 7,
                    epoch: "ab".into()
                }
            }
        );
        // The live reply: the rest of the state and a catch-up publication; no phase key.
        let (m, _) = json(
            r#"{"id":3,"subscribe":{"type":1,"state":[{"data":1,"key":"k2"},{"data":1,"key":"k3"}],"publications":[{"data":2,"key":"k0","offset":8}],"offset":8,"epoch":"ab"}}"#,
            &mut end,
        )
        .unwrap();
        assert!(matches!(m, Incoming::Subscribe { id: 3, page } if page.phase == PHASE_LIVE));
        assert!(end.keys.complete(), "{:?}", end.keys.tally());
        assert_eq!((end.pages, end.largest_page, end.caught_up), (2, 2, 1));

        assert_eq!(json("{}", &mut end).unwrap().0, Incoming::Ping);
        assert_eq!(
            json(r#"{"id":1,"connect":{"client":"c","pong":true}}"#, &mut end)
                .unwrap()
                .0,
            Incoming::Connect { id: 1, pong: true }
        );
        assert_eq!(
            json(
                r#"{"id":4,"error":{"code":107,"message":"bad request"}}"#,
                &mut end
            )
            .unwrap()
            .0,
            Incoming::Error {
                id: 4,
                code: 107,
                message: "bad request".into()
            }
        );
        assert_eq!(
            json(
                r#"{"push":{"disconnect":{"code":3008,"reason":"slow"}}}"#,
                &mut end
            )
            .unwrap()
            .0,
            Incoming::Gone("3008 slow".into())
        );
        assert_eq!(
            json(r#"{"push":{"channel":"m:x","join":{"info":{}}}}"#, &mut end)
                .unwrap()
                .0,
            Incoming::Other
        );
        assert!(json("{not json", &mut end).is_err());
    }

    #[test]
    fn protobuf_replies_record_state_keys() {
        let entry = |k: &str| wire::Publication {
            data: b"{}".to_vec(),
            key: k.into(),
            ..wire::Publication::default()
        };
        let reply = wire::Reply {
            id: 2,
            subscribe: Some(wire::SubscribeResult {
                kind: TYPE_MAP,
                phase: PHASE_STATE,
                cursor: "next".into(),
                offset: 3,
                epoch: "e".into(),
                state: vec![entry("k0"), entry("k1"), entry("k1")],
                ..wire::SubscribeResult::default()
            }),
            ..wire::Reply::default()
        }
        .encode_to_vec();
        let mut end = End::new(3);
        let (m, n) = protobuf(&reply, &mut end).unwrap();
        assert_eq!(n, 3);
        assert!(matches!(m, Incoming::Subscribe { id: 2, page } if page.cursor == "next"));
        let t = end.keys.tally();
        assert_eq!((t.missing, t.duplicates), (1, 1));
        let err = wire::Reply {
            id: 5,
            error: Some(wire::Error {
                code: 103,
                message: "permission denied".into(),
                temporary: false,
            }),
            ..wire::Reply::default()
        }
        .encode_to_vec();
        assert_eq!(
            protobuf(&err, &mut end).unwrap().0,
            Incoming::Error {
                id: 5,
                code: 103,
                message: "permission denied".into()
            }
        );
        assert!(protobuf(&[0xff, 0xff], &mut end).is_err());
    }

    #[test]
    fn commands_in_both_protocols() {
        let spec = Spec {
            url: String::new(),
            protobuf: false,
            token: "t".into(),
            channel: "map:b".into(),
            keys: 1,
            limit: 1000,
            timeout: Duration::from_secs(1),
        };
        let next = Next {
            phase: PHASE_STATE,
            cursor: "c".into(),
            offset: 9,
            epoch: "e".into(),
        };
        let Message::Text(t) = page_command(false, 3, &spec, &next) else {
            panic!("JSON is text");
        };
        let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"id": 3, "subscribe": {"channel": "map:b", "type": 1, "phase": 2,
                "cursor": "c", "limit": 1000, "offset": 9, "epoch": "e"}})
        );
        let Message::Text(t) = connect_command(false, "tok") else {
            panic!("JSON is text");
        };
        let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
        assert_eq!(v["connect"]["token"], "tok");
        assert_eq!(v["id"], 1);

        let Message::Binary(b) = page_command(true, 3, &spec, &next) else {
            panic!("Protobuf is binary");
        };
        let cmd = wire::Command::decode_length_delimited(b.as_ref()).unwrap();
        let s = cmd.subscribe.unwrap();
        assert_eq!(
            (
                cmd.id,
                s.kind,
                s.phase,
                s.cursor.as_str(),
                s.limit,
                s.offset
            ),
            (3, 1, 2, "c", 1000, 9)
        );
        let Message::Binary(b) = connect_command(true, "tok") else {
            panic!("Protobuf is binary");
        };
        let cmd = wire::Command::decode_length_delimited(b.as_ref()).unwrap();
        assert_eq!(cmd.connect.unwrap().token, "tok");
    }
}

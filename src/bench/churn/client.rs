//! One churn slot: a loop of sessions until the run stops, each with a behaviour drawn from
//! the mix. JSON over WebSocket (protocol v2), `connect` and `subscribe` in the first frame,
//! server pings answered when the connect result asks for pongs.
//!
//! Every wait is bounded: opening and the handshake by the plan's timeout, a well-behaved
//! session's wait for its last rounds by [`TAIL_WAIT`], a close by [`CLOSE_WAIT`], the answer
//! to garbage by [`ANSWER_WAIT`], and a failed connect backs off before the next try.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use tokio_util::sync::CancellationToken;

use super::garbage::{self, Kind};
use super::publisher::Rounds;
use super::window::Window;
use super::{Behaviour, Counters, Plan};
use crate::bench::accounting::{scan, Line};

/// How long a leaving well-behaved session waits for the rounds it is still owed.
pub const TAIL_WAIT: Duration = Duration::from_secs(5);
/// How long a closing client waits for the server's close frame.
pub const CLOSE_WAIT: Duration = Duration::from_secs(2);
/// How long a client that sent garbage waits for an answer.
pub const ANSWER_WAIT: Duration = Duration::from_secs(5);
/// How long a stalled client, once it reads again, waits to see the end of the connection.
const DRAIN_WAIT: Duration = Duration::from_secs(5);
/// The largest message a churn client accepts (publications are small).
const MAX_MESSAGE: usize = 8 << 20;

type Ws = WebSocketStream<TcpStream>;

/// One slot and what it shares with the others.
pub struct Slot {
    pub index: u64,
    pub plan: Arc<Plan>,
    pub rounds: Arc<Rounds>,
    pub counters: Arc<Counters>,
    pub handshakes: Arc<Semaphore>,
    pub stop: CancellationToken,
}

/// What a read brought.
enum Event {
    /// A text frame, split into lines.
    Text(String),
    /// The connection ended: a close frame's `close CODE`, `eof` or `reset`.
    Ended(String),
    /// Anything else (binary, control frames).
    Other,
}

async fn next(ws: &mut Ws) -> Event {
    match ws.next().await {
        Some(Ok(Message::Text(t))) => Event::Text(t.to_string()),
        Some(Ok(Message::Close(f))) => Event::Ended(f.map_or_else(
            || "close 1005".into(),
            |f| format!("close {}", u16::from(f.code)),
        )),
        Some(Ok(_)) => Event::Other,
        Some(Err(e)) => Event::Ended(match e {
            tokio_tungstenite::tungstenite::Error::Io(e)
                if e.kind() == std::io::ErrorKind::ConnectionReset =>
            {
                "reset".into()
            }
            tokio_tungstenite::tungstenite::Error::ConnectionClosed
            | tokio_tungstenite::tungstenite::Error::AlreadyClosed
            | tokio_tungstenite::tungstenite::Error::Protocol(_) => "eof".into(),
            other => format!("error {other}"),
        }),
        None => Event::Ended("eof".into()),
    }
}

/// The state of a subscribed session.
struct Session {
    ws: Ws,
    pong: bool,
    window: Window,
}

impl Session {
    /// Handles one text frame: counts rounds and answers pings.
    async fn text(&mut self, text: &str) -> Result<(), String> {
        let mut ping = false;
        for line in text.split('\n') {
            match scan(line.trim()) {
                Line::Publication { n, .. } => self.window.record(n),
                Line::Ping => ping = true,
                Line::Other(_) => {}
            }
        }
        if ping && self.pong {
            self.ws
                .send(Message::text("{}"))
                .await
                .map_err(|e| format!("error {e}"))?;
        }
        Ok(())
    }

    /// Reads until `until`; `Err` with how it ended when the server ended it.
    async fn read_until(
        &mut self,
        until: Instant,
        stop: Option<&CancellationToken>,
    ) -> Result<(), String> {
        loop {
            let ev = tokio::select! {
                () = async { if let Some(s) = stop { s.cancelled().await } else { std::future::pending().await } } => return Ok(()),
                r = tokio::time::timeout_at(until, next(&mut self.ws)) => match r {
                    Err(_) => return Ok(()),
                    Ok(ev) => ev,
                },
            };
            match ev {
                Event::Text(t) => self.text(&t).await?,
                Event::Ended(why) => return Err(why),
                Event::Other => {}
            }
        }
    }
}

/// Why a client did not get through the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeError {
    /// No connection, no WebSocket, or no reply in time.
    Unreachable(String),
    /// The server answered with this code (an error reply, a disconnect push or a close).
    Refused(u32, String),
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProbeError::Unreachable(m) | ProbeError::Refused(_, m) => f.write_str(m),
        }
    }
}

/// One client through connect and subscribe, then a close: the run's first check.
pub async fn probe(plan: &Plan) -> Result<(), ProbeError> {
    let token = mint(&plan.secret, "churn-probe").map_err(ProbeError::Unreachable)?;
    let channel = plan.channels.first().cloned().unwrap_or_default();
    let slot = Slot {
        index: 0,
        plan: Arc::new(plan.clone()),
        rounds: Arc::default(),
        counters: Arc::default(),
        handshakes: Arc::new(Semaphore::new(1)),
        stop: CancellationToken::new(),
    };
    let mut s = slot.handshake(&first_frame(&token, &channel)).await?;
    let _ = s.ws.close(None).await;
    Ok(())
}

/// What the handshake's replies said.
#[derive(Default)]
struct Replies {
    connect: bool,
    subscribe: bool,
    pong: bool,
}

impl Replies {
    fn line(&mut self, line: &str) -> Result<(), ProbeError> {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            return Ok(());
        };
        let code = |x: &serde_json::Value| u32::try_from(x.as_u64().unwrap_or(0)).unwrap_or(0);
        if let Some(e) = v.get("error") {
            return Err(ProbeError::Refused(
                code(&e["code"]),
                format!(
                    "reply {} to command {}: {}",
                    e["code"], v["id"], e["message"]
                ),
            ));
        }
        if let Some(d) = v.pointer("/push/disconnect") {
            return Err(ProbeError::Refused(
                code(&d["code"]),
                format!("disconnect {} {}", d["code"], d["reason"]),
            ));
        }
        match v["id"].as_u64() {
            Some(1) => {
                self.connect = true;
                self.pong = v["connect"]["pong"].as_bool().unwrap_or(false);
            }
            Some(2) => self.subscribe = true,
            _ => {}
        }
        Ok(())
    }
}

fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE))
}

impl Slot {
    /// Sessions until the run stops.
    pub async fn run(self) {
        let mut rng =
            StdRng::seed_from_u64(self.plan.seed ^ self.index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let channel = self.plan.channels
            [usize::try_from(self.index).unwrap_or(0) % self.plan.channels.len().max(1)]
        .clone();
        let token = match mint(&self.plan.secret, &format!("churn-{}", self.index)) {
            Ok(t) => t,
            Err(e) => {
                self.failed(e);
                return;
            }
        };
        let first = first_frame(&token, &channel);
        let mut backoff = Duration::from_millis(100);
        while !self.stop.is_cancelled() {
            let behaviour = self.plan.mix.pick(rng.random::<f64>());
            let (lo, hi) = self.plan.lifetime;
            let life = if hi > lo {
                rng.random_range(lo..=hi)
            } else {
                lo
            };
            let ok = match behaviour {
                Behaviour::Garbage => {
                    let kind = Kind::pick(&mut rng);
                    self.garbage(kind, &first, &mut rng).await
                }
                b => self.subscribed(b, life, &first).await,
            };
            if ok {
                backoff = Duration::from_millis(100);
            } else {
                // A refused connect is tried again later, never in a hot loop.
                tokio::select! {
                    () = self.stop.cancelled() => {}
                    () = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    }

    fn failed(&self, e: String) {
        self.counters.connect_failed.fetch_add(1, Ordering::Relaxed);
        self.counters.note(|n| {
            let _ = n.first_connect_error.get_or_insert(e);
        });
    }

    /// Opens the TCP connection and the WebSocket, holding a handshake slot.
    async fn open(&self) -> Result<Ws, ProbeError> {
        self.counters.attempts.fetch_add(1, Ordering::Relaxed);
        let _permit = self
            .handshakes
            .acquire()
            .await
            .map_err(|_| ProbeError::Unreachable("closed".into()))?;
        let opening = async {
            let tcp = TcpStream::connect(self.plan.addr)
                .await
                .map_err(|e| format!("cannot connect to {}: {e}", self.plan.addr))?;
            let _ = tcp.set_nodelay(true);
            let (ws, _) = tokio_tungstenite::client_async_with_config(
                self.plan.ws_url.as_str(),
                tcp,
                Some(ws_config()),
            )
            .await
            .map_err(|e| format!("WebSocket upgrade failed: {e}"))?;
            Ok::<_, String>(ws)
        };
        tokio::time::timeout(self.plan.timeout, opening)
            .await
            .map_err(|_| format!("no WebSocket within {:?}", self.plan.timeout))
            .and_then(|r| r)
            .map_err(ProbeError::Unreachable)
    }

    /// Opens, connects and subscribes; the session's window starts at the subscribe reply.
    async fn handshake(&self, first: &str) -> Result<Session, ProbeError> {
        let mut ws = self.open().await?;
        ws.send(Message::text(first))
            .await
            .map_err(|e| ProbeError::Unreachable(format!("cannot send connect: {e}")))?;
        let deadline = Instant::now() + self.plan.timeout;
        let mut replies = Replies::default();
        let mut session: Option<Session> = None;
        // Lines after the subscribe reply in the same frame already belong to the session.
        let mut pending: Vec<String> = Vec::new();
        while session.is_none() {
            let ev = tokio::time::timeout_at(deadline, next(&mut ws))
                .await
                .map_err(|_| {
                    ProbeError::Unreachable(format!(
                        "no connect/subscribe reply within {:?}",
                        self.plan.timeout
                    ))
                })?;
            match ev {
                Event::Text(t) => {
                    for line in t.split('\n').map(str::trim) {
                        if replies.subscribe {
                            pending.push(line.to_string());
                        } else if let Line::Other(l) = scan(line) {
                            replies.line(l)?;
                        }
                    }
                    if replies.connect && replies.subscribe {
                        let window = Window::new(self.rounds.sent());
                        session = Some(Session {
                            ws,
                            pong: replies.pong,
                            window,
                        });
                        break;
                    }
                }
                Event::Ended(why) => {
                    let code = why
                        .strip_prefix("close ")
                        .and_then(|c| c.parse::<u32>().ok())
                        .filter(|&c| c >= 3000);
                    let m = format!("the server ended the handshake: {why}");
                    return Err(match code {
                        Some(c) => ProbeError::Refused(c, m),
                        None => ProbeError::Unreachable(m),
                    });
                }
                Event::Other => {}
            }
        }
        let Some(mut s) = session else {
            return Err(ProbeError::Unreachable("no session".into()));
        };
        for l in pending {
            s.text(&l).await.map_err(ProbeError::Unreachable)?;
        }
        self.counters.connected.fetch_add(1, Ordering::Relaxed);
        self.counters.open.fetch_add(1, Ordering::Relaxed);
        Ok(s)
    }

    fn closed(&self) {
        self.counters.open.fetch_sub(1, Ordering::Relaxed);
        self.counters.sessions.fetch_add(1, Ordering::Relaxed);
    }

    /// A well-behaved, vanishing or stalling session; false when it could not connect.
    async fn subscribed(&self, b: Behaviour, life: Duration, first: &str) -> bool {
        let mut s = match self.handshake(first).await {
            Ok(s) => s,
            Err(e) => {
                if !self.stop.is_cancelled() {
                    self.failed(e.to_string());
                }
                return false;
            }
        };
        match b {
            Behaviour::Well => self.well(&mut s, life).await,
            Behaviour::Vanish => {
                self.counters.vanish.fetch_add(1, Ordering::Relaxed);
                let _ = s.read_until(Instant::now() + life, Some(&self.stop)).await;
                // Half leave by a reset, half by a bare FIN; neither sends a close frame.
                if self.index.is_multiple_of(2) {
                    let _ = s.ws.get_ref().set_zero_linger();
                }
                drop(s);
            }
            Behaviour::Stall => self.stall(s).await,
            Behaviour::Garbage => {}
        }
        self.closed();
        true
    }

    async fn well(&self, s: &mut Session, life: Duration) {
        let c = &self.counters;
        c.well.fetch_add(1, Ordering::Relaxed);
        let ended = s.read_until(Instant::now() + life, Some(&self.stop)).await;
        let upto = self.rounds.acked();
        let ended = if let Err(why) = ended {
            Some(why)
        } else {
            // Wait (bounded) for the rounds acknowledged before leaving.
            let tail = Instant::now() + TAIL_WAIT;
            let mut end = None;
            while !s.window.complete(upto, &self.rounds.refused()) && Instant::now() < tail {
                let step = (Instant::now() + Duration::from_millis(50)).min(tail);
                if let Err(why) = s.read_until(step, None).await {
                    end = Some(why);
                    break;
                }
            }
            end
        };
        let owed = s.window.owed(upto, &self.rounds.refused());
        c.well_expected.fetch_add(owed.expected, Ordering::Relaxed);
        c.well_received.fetch_add(owed.received, Ordering::Relaxed);
        c.well_missing.fetch_add(owed.missing, Ordering::Relaxed);
        c.well_duplicates
            .fetch_add(owed.duplicates, Ordering::Relaxed);
        if let Some(why) = ended {
            c.well_cut.fetch_add(1, Ordering::Relaxed);
            c.note(|n| {
                let _ = n.first_cut.get_or_insert(why);
            });
            return;
        }
        // A normal close: the close frame, then the server's (bounded).
        let _ = s.ws.close(None).await;
        let _ = tokio::time::timeout(CLOSE_WAIT, async {
            while let Some(Ok(_)) = s.ws.next().await {}
        })
        .await;
    }

    async fn stall(&self, mut s: Session) {
        let c = &self.counters;
        c.stall.fetch_add(1, Ordering::Relaxed);
        tokio::select! {
            () = self.stop.cancelled() => {
                c.stall_interrupted.fetch_add(1, Ordering::Relaxed);
                return;
            }
            () = tokio::time::sleep(self.plan.stall_for) => {}
        }
        // Read again: the server should have ended the connection by now.
        let deadline = Instant::now() + DRAIN_WAIT;
        loop {
            match tokio::time::timeout_at(deadline, next(&mut s.ws)).await {
                Err(_) => {
                    c.stall_still_open.fetch_add(1, Ordering::Relaxed);
                    c.note(|n| *n.stall_closed.entry("still open".into()).or_default() += 1);
                    return;
                }
                Ok(Event::Ended(why)) => {
                    c.note(|n| *n.stall_closed.entry(why).or_default() += 1);
                    return;
                }
                Ok(_) => {}
            }
        }
    }

    /// A session that sends garbage; false when it could not connect.
    async fn garbage(&self, kind: Kind, first: &str, rng: &mut StdRng) -> bool {
        let answer = match kind {
            Kind::Raw => self.raw(rng).await,
            Kind::MidSession => match self.handshake(first).await {
                Ok(mut s) => {
                    let a = self
                        .answer(&mut s.ws, Message::text(garbage::mid_session()))
                        .await;
                    self.closed();
                    Ok(a)
                }
                Err(e) => Err(e),
            },
            _ => match self.open().await {
                Ok(mut ws) => {
                    let msg = match kind {
                        Kind::NotJson => Message::text(garbage::not_json(rng)),
                        Kind::WrongType => Message::text(garbage::wrong_type(rng)),
                        Kind::Binary => Message::binary(garbage::bytes(rng)),
                        _ => Message::Frame(Frame::message(
                            garbage::bad_utf8(rng),
                            OpCode::Data(Data::Text),
                            true,
                        )),
                    };
                    Ok(self.answer(&mut ws, msg).await)
                }
                Err(e) => Err(e),
            },
        };
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                if !self.stop.is_cancelled() {
                    self.failed(e.to_string());
                }
                return false;
            }
        };
        let c = &self.counters;
        c.garbage.fetch_add(1, Ordering::Relaxed);
        if answer.is_none() {
            c.garbage_ignored.fetch_add(1, Ordering::Relaxed);
            c.note(|n| {
                let _ = n.first_ignored.get_or_insert(kind.name().to_string());
            });
        }
        let answer = answer.unwrap_or_else(|| "none".into());
        c.note(|n| {
            *n.garbage_answers
                .entry(kind.name().into())
                .or_default()
                .entry(answer)
                .or_default() += 1;
        });
        true
    }

    /// Sends `msg` and waits for the server's answer: an error reply, a disconnect, or the
    /// end of the connection. None: nothing within [`ANSWER_WAIT`].
    async fn answer(&self, ws: &mut Ws, msg: Message) -> Option<String> {
        if let Err(e) = ws.send(msg).await {
            return Some(format!("refused on send: {e}"));
        }
        let deadline = Instant::now() + ANSWER_WAIT;
        loop {
            match tokio::time::timeout_at(deadline, next(ws)).await.ok()? {
                Event::Ended(why) => return Some(why),
                Event::Text(t) => {
                    for line in t.split('\n') {
                        if let Line::Other(l) = scan(line.trim()) {
                            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
                            if let Some(e) = v.get("error") {
                                return Some(format!("reply error {}", e["code"]));
                            }
                            if let Some(d) = v.pointer("/push/disconnect") {
                                return Some(format!("disconnect {}", d["code"]));
                            }
                        }
                    }
                }
                Event::Other => {}
            }
        }
    }

    /// Raw bytes instead of an HTTP request; the answer is the status line or the end.
    async fn raw(&self, rng: &mut StdRng) -> Result<Option<String>, ProbeError> {
        self.counters.attempts.fetch_add(1, Ordering::Relaxed);
        let addr = self.plan.addr;
        let mut tcp = tokio::time::timeout(self.plan.timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| format!("cannot connect to {addr} within {:?}", self.plan.timeout))
            .and_then(|r| r.map_err(|e| format!("cannot connect to {addr}: {e}")))
            .map_err(ProbeError::Unreachable)?;
        if tcp.write_all(&garbage::raw(rng)).await.is_err() {
            return Ok(Some("reset".into()));
        }
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(ANSWER_WAIT, tcp.read(&mut buf)).await;
        Ok(match read {
            Err(_) => None,
            Ok(Ok(0)) => Some("eof".into()),
            Ok(Ok(n)) => {
                let head = String::from_utf8_lossy(&buf[..n]);
                Some(match head.split_whitespace().nth(1) {
                    Some(status) if head.starts_with("HTTP/") => format!("http {status}"),
                    _ => "bytes".into(),
                })
            }
            Ok(Err(_)) => Some("reset".into()),
        })
    }
}

/// The first frame: connect with the token, and subscribe.
fn first_frame(token: &str, channel: &str) -> String {
    let token = serde_json::to_string(token).unwrap_or_default();
    let channel = serde_json::to_string(channel).unwrap_or_default();
    format!(
        "{{\"id\":1,\"connect\":{{\"token\":{token},\"name\":\"centri-churn\"}}}}\n\
         {{\"id\":2,\"subscribe\":{{\"channel\":{channel}}}}}"
    )
}

/// An HS256 connection token for `user`, valid for a day.
fn mint(secret: &str, user: &str) -> Result<String, String> {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 86_400;
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &serde_json::json!({ "sub": user, "exp": exp }),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| format!("cannot sign a token: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_first_frame_connects_and_subscribes() {
        let f = first_frame("t\"k", "chat:1");
        let lines: Vec<serde_json::Value> = f
            .split('\n')
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["connect"]["token"], "t\"k");
        assert_eq!(lines[1]["subscribe"]["channel"], "chat:1");
        assert_eq!(lines[1]["id"], 2);
    }

    #[test]
    fn replies_are_read_in_full() {
        let mut r = Replies::default();
        r.line(r#"{"id":1,"connect":{"client":"c","pong":true}}"#)
            .unwrap();
        assert!(r.connect && r.pong && !r.subscribe);
        r.line(r#"{"id":2,"subscribe":{}}"#).unwrap();
        assert!(r.subscribe);
        let e = Replies::default()
            .line(r#"{"id":2,"error":{"code":103,"message":"permission denied"}}"#)
            .unwrap_err();
        assert!(matches!(e, ProbeError::Refused(103, _)), "{e}");
        let e = Replies::default()
            .line(r#"{"push":{"disconnect":{"code":3501,"reason":"bad request"}}}"#)
            .unwrap_err();
        assert!(matches!(e, ProbeError::Refused(3501, _)), "{e}");
    }
}

//! One subscriber's connection, for every transport and protocol the bench speaks: JSON or
//! Protobuf over WebSocket, JSON over HTTP streaming or SSE (bidirectional emulation: the
//! first frame rides the request, later commands, here only pongs, go to `POST /emulation`).
//!
//! The handshake (connect and subscribe in the first frame) decodes the replies in full; after
//! it, the hot path only classifies what arrives ([`scan`] per JSON line, [`scan_frame`] per
//! Protobuf message), counts the bench's publications and answers pings. Every wait is
//! bounded: the handshake by the request timeout, reads by the caller's cancellation.

use std::fmt::Write as _;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde::Deserialize;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};

use super::{clock_us, ConnError, Endpoint, SubscriberSpec};
use crate::bench::accounting::{scan, scan_frame, Binary, Line, SeqTracker};
use crate::proto::codec::protobuf::wire;
use crate::proto::ApiError;

/// The longest incomplete line an HTTP stream may leave in the buffer (a publication of the
/// largest `--size` is about 1 MiB).
const MAX_PENDING: usize = 4 * 1024 * 1024;

/// A client WebSocket.
pub(crate) type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An open, subscribed connection.
pub(super) enum Link {
    Ws { ws: Box<Ws>, protobuf: bool },
    Http(Box<HttpLink>),
}

/// An emulated connection: the streamed response and what a pong needs.
pub(super) struct HttpLink {
    client: reqwest::Client,
    resp: reqwest::Response,
    lines: Lines,
    /// `http://HOST:PORT/emulation`.
    emulation: String,
    session: String,
    node: String,
    timeout: Duration,
    /// The last disconnect push, which says why the stream ended.
    disconnect: Option<String>,
}

/// What one read brought.
pub(super) enum Read {
    /// Bench publications counted, and whether a ping came that wants a pong.
    Got(Got),
    /// The connection ended, and why.
    Closed(String),
}

/// Publications counted in one frame or chunk, and whether a pong is due.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Got {
    pub count: u64,
    pub pong: bool,
}

/// The state of one subscriber's stream.
pub(super) struct Session {
    /// The connect result asked for pongs.
    pub pong: bool,
    pub tracker: SeqTracker,
    /// Publish→receive latencies not yet added to the shared histogram.
    pub samples: Vec<u64>,
    /// Bytes of the frames (WebSocket) or chunks (HTTP) read since the handshake and not yet
    /// added to the shared count.
    pub bytes: u64,
}

impl Session {
    fn new() -> Self {
        Self {
            pong: false,
            tracker: SeqTracker::default(),
            samples: Vec::new(),
            bytes: 0,
        }
    }

    fn publication(&mut self, n: u64, t: Option<u64>, now: u64, latency: bool, got: &mut Got) {
        self.tracker.record(n);
        got.count += 1;
        if let (true, Some(t)) = (latency, t) {
            self.samples.push(now.saturating_sub(t));
        }
    }

    /// One JSON message; the line back when it is neither a publication nor a ping.
    fn json<'a>(
        &mut self,
        line: &'a str,
        now: u64,
        latency: bool,
        got: &mut Got,
    ) -> Option<&'a str> {
        match scan(line) {
            Line::Publication { n, t } => self.publication(n, t, now, latency, got),
            Line::Ping => got.pong |= self.pong,
            Line::Other(l) => return Some(l),
        }
        None
    }

    /// One text frame: JSON lines.
    pub fn text(&mut self, text: &str, now: u64, latency: bool) -> Got {
        let mut got = Got::default();
        for line in text.split('\n') {
            self.json(line.trim(), now, latency, &mut got);
        }
        got
    }

    /// One Protobuf message; its bytes back when it is neither a publication nor a ping.
    fn binary<'a>(
        &mut self,
        m: Binary<'a>,
        now: u64,
        latency: bool,
        got: &mut Got,
    ) -> Option<&'a [u8]> {
        match m {
            Binary::Publication { n, t } => self.publication(n, t, now, latency, got),
            Binary::Ping => got.pong |= self.pong,
            Binary::Other(b) => return Some(b),
        }
        None
    }

    /// One binary frame: length-delimited Protobuf replies.
    pub fn frame(&mut self, frame: &[u8], now: u64, latency: bool) -> Result<Got, String> {
        let mut got = Got::default();
        for m in scan_frame(frame) {
            let m = m.map_err(|e| format!("undecodable Protobuf frame from the server: {e}"))?;
            self.binary(m, now, latency, &mut got);
        }
        Ok(got)
    }
}

/// Splits an emulated stream into its JSON messages: one per line (`http_stream`), or one per
/// `data:` line (SSE; blank lines, comments and other fields are skipped).
#[derive(Debug, Default)]
struct Lines {
    sse: bool,
    /// The unfinished last line of the chunks so far.
    pending: Vec<u8>,
}

impl Lines {
    /// Feeds one chunk; calls `each` with every complete message, in order.
    fn feed(&mut self, chunk: &[u8], mut each: impl FnMut(&str)) -> Result<(), String> {
        let Some(last) = chunk.iter().rposition(|&b| b == b'\n') else {
            self.pending.extend_from_slice(chunk);
            return self.check();
        };
        let (complete, tail) = chunk.split_at(last + 1);
        if self.pending.is_empty() {
            self.lines(complete, &mut each);
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(complete);
            self.lines(&joined, &mut each);
        }
        self.pending.extend_from_slice(tail);
        self.check()
    }

    fn check(&self) -> Result<(), String> {
        if self.pending.len() > MAX_PENDING {
            return Err(format!(
                "the stream sent more than {MAX_PENDING} bytes without a line break"
            ));
        }
        Ok(())
    }

    fn lines(&self, complete: &[u8], each: &mut impl FnMut(&str)) {
        for line in complete.split(|&b| b == b'\n') {
            let line = line.trim_ascii();
            let line = if self.sse {
                match line.strip_prefix(b"data:") {
                    Some(d) => d.trim_ascii_start(),
                    None => continue,
                }
            } else {
                line
            };
            if line.is_empty() {
                continue;
            }
            if let Ok(s) = std::str::from_utf8(line) {
                each(s);
            }
        }
    }
}

/// The reason of a JSON disconnect push, as `code reason`.
fn disconnect_of(line: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct D {
        push: P,
    }
    #[derive(Deserialize)]
    struct P {
        disconnect: Disc,
    }
    #[derive(Deserialize)]
    struct Disc {
        code: u32,
        #[serde(default)]
        reason: String,
    }
    if !line.contains("\"disconnect\"") {
        return None;
    }
    let d: D = serde_json::from_str(line).ok()?;
    Some(format!(
        "{} {}",
        d.push.disconnect.code, d.push.disconnect.reason
    ))
}

impl Link {
    /// Waits for the next frame (WebSocket) or chunk (HTTP) that carries bench publications
    /// or a ping to answer. Cancel-safe: the caller races it with its stop token.
    pub async fn read(&mut self, session: &mut Session, latency: bool) -> Read {
        match self {
            Link::Ws { ws, protobuf } => loop {
                let got = match ws.next().await {
                    Some(Ok(Message::Text(t))) if !*protobuf => {
                        session.bytes += t.len() as u64;
                        session.text(t.as_str(), clock_us(), latency)
                    }
                    Some(Ok(Message::Binary(b))) if *protobuf => {
                        session.bytes += b.len() as u64;
                        match session.frame(&b, clock_us(), latency) {
                            Ok(got) => got,
                            Err(e) => return Read::Closed(e),
                        }
                    }
                    Some(Ok(Message::Close(f))) => {
                        return Read::Closed(f.map_or_else(
                            || "1005 (no close code)".into(),
                            |f| format!("{} {}", u16::from(f.code), f.reason),
                        ))
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Read::Closed(format!("connection lost: {e}")),
                    None => {
                        return Read::Closed(
                            "the server closed the connection without a close frame".into(),
                        )
                    }
                };
                if got != Got::default() {
                    return Read::Got(got);
                }
            },
            Link::Http(h) => loop {
                let chunk = match h.resp.chunk().await {
                    Ok(Some(c)) => c,
                    Ok(None) => {
                        return Read::Closed(h.disconnect.take().unwrap_or_else(|| {
                            "the server ended the stream without a disconnect push".into()
                        }))
                    }
                    Err(e) => return Read::Closed(format!("the stream broke: {e}")),
                };
                session.bytes += chunk.len() as u64;
                let now = clock_us();
                let mut got = Got::default();
                let disconnect = &mut h.disconnect;
                let fed = h.lines.feed(&chunk, |line| {
                    if let Some(other) = session.json(line, now, latency, &mut got) {
                        if let Some(d) = disconnect_of(other) {
                            *disconnect = Some(d);
                        }
                    }
                });
                if let Err(e) = fed {
                    return Read::Closed(e);
                }
                if got != Got::default() {
                    return Read::Got(got);
                }
            },
        }
    }

    /// Answers a server ping: `{}` or an empty Protobuf command over WebSocket, or the same
    /// `{}` through `/emulation`.
    pub async fn pong(&mut self) -> Result<(), String> {
        match self {
            Link::Ws { ws, protobuf } => {
                let m = if *protobuf {
                    Message::Binary(vec![0u8].into())
                } else {
                    Message::Text("{}".into())
                };
                ws.send(m)
                    .await
                    .map_err(|e| format!("the connection broke while answering a ping: {e}"))
            }
            Link::Http(h) => emulate(&h.client, &h.emulation, &h.session, &h.node, h.timeout)
                .await
                .map_err(|e| format!("cannot answer a ping: {e}")),
        }
    }

    /// Says goodbye, never waiting long: a close frame, or hanging up the stream.
    pub async fn close(self) {
        if let Link::Ws { ws, .. } = self {
            let mut ws = *ws;
            let _ = tokio::time::timeout(Duration::from_millis(200), ws.close(None)).await;
        }
    }
}

/// Sends `{}` (a pong) to an emulated session.
async fn emulate(
    client: &reqwest::Client,
    url: &str,
    session: &str,
    node: &str,
    timeout: Duration,
) -> Result<(), String> {
    let body = serde_json::json!({"session": session, "node": node, "data": "{}"});
    match tokio::time::timeout(timeout, client.post(url).json(&body).send()).await {
        Err(_) => Err(format!("no answer from {url} within {timeout:?}")),
        Ok(Err(e)) => Err(format!("cannot reach {url}: {e}")),
        Ok(Ok(r)) if r.status().is_success() => Ok(()),
        Ok(Ok(r)) => Err(format!("{url} answered {}", r.status())),
    }
}

/// A reply, for the messages the fast scan does not recognise (JSON).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Incoming {
    id: u32,
    error: Option<ApiError>,
    connect: Option<ConnectReply>,
    subscribe: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConnectReply {
    pong: bool,
    session: String,
    node: String,
}

/// The replies to connect (id 1) and subscribe (id 2), decoded in full.
#[derive(Debug, Default)]
struct Handshake {
    connected: bool,
    subscribed: bool,
    pong: bool,
    session: String,
    node: String,
}

impl Handshake {
    fn done(&self) -> bool {
        self.connected && self.subscribed
    }

    fn reply(
        &mut self,
        id: u32,
        error: Option<(u32, String)>,
        connect: Option<ConnectReply>,
        subscribe: bool,
        channel: &str,
    ) -> Result<(), ConnError> {
        match (id, error) {
            (1, Some((code, message))) => Err(ConnError::Connect { code, message }),
            (2, Some((code, message))) => Err(ConnError::Subscribe {
                channel: channel.to_string(),
                code,
                message,
            }),
            (1, None) => {
                self.connected = true;
                if let Some(c) = connect {
                    self.pong = c.pong;
                    self.session = c.session;
                    self.node = c.node;
                }
                Ok(())
            }
            (2, None) => {
                self.subscribed |= subscribe;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn json(&mut self, line: &str, channel: &str) -> Result<(), ConnError> {
        let Ok(msg) = serde_json::from_str::<Incoming>(line) else {
            return Ok(());
        };
        let error = msg.error.map(|e| (e.code, e.message));
        self.reply(msg.id, error, msg.connect, msg.subscribe.is_some(), channel)
    }

    fn protobuf(&mut self, m: &[u8], channel: &str) -> Result<(), ConnError> {
        let Ok(r) = wire::Reply::decode(m) else {
            return Ok(());
        };
        let error = r.error.map(|e| (e.code, e.message));
        let connect = r.connect.map(|c| ConnectReply {
            pong: c.pong,
            session: c.session,
            node: c.node,
        });
        self.reply(r.id, error, connect, r.subscribe.is_some(), channel)
    }
}

/// The first frame in JSON: `connect` and `subscribe`, one per line. The connect carries
/// the token, or the data, or both; each only when not empty (data that is not JSON is sent
/// as a JSON string).
fn first_json(spec: &SubscriberSpec) -> String {
    let channel = serde_json::to_string(&spec.channel).unwrap_or_default();
    let mut connect = String::from("{");
    if !spec.token.is_empty() {
        let token = serde_json::to_string(&spec.token).unwrap_or_default();
        let _ = write!(connect, "\"token\":{token},");
    }
    if !spec.data.is_empty() {
        let data = match serde_json::from_str::<&serde_json::value::RawValue>(&spec.data) {
            Ok(raw) => raw.get().to_string(),
            Err(_) => serde_json::to_string(&spec.data).unwrap_or_default(),
        };
        let _ = write!(connect, "\"data\":{data},");
    }
    connect.push_str("\"name\":\"centri-bench\"}");
    format!(
        "{{\"id\":1,\"connect\":{connect}}}\n\
         {{\"id\":2,\"subscribe\":{{\"channel\":{channel}}}}}"
    )
}

/// The first frame in Protobuf: the same two commands, length-delimited.
fn first_protobuf(spec: &SubscriberSpec) -> Vec<u8> {
    let mut out = wire::Command {
        id: 1,
        connect: Some(wire::ConnectRequest {
            token: spec.token.clone(),
            data: spec.data.as_bytes().to_vec(),
            name: "centri-bench".into(),
            ..wire::ConnectRequest::default()
        }),
        ..wire::Command::default()
    }
    .encode_length_delimited_to_vec();
    out.extend(
        wire::Command {
            id: 2,
            subscribe: Some(wire::SubscribeRequest {
                channel: spec.channel.clone(),
                ..wire::SubscribeRequest::default()
            }),
            ..wire::Command::default()
        }
        .encode_length_delimited_to_vec(),
    );
    out
}

/// Small buffers: 10,000 subscribers must fit in one process (tungstenite's default read
/// buffer is 128 KiB).
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
}

/// Opens a WebSocket with the bench's small buffers, bounded by `timeout`.
pub(crate) async fn open_ws(url: &str, timeout: Duration) -> Result<Ws, ConnError> {
    let connecting = tokio_tungstenite::connect_async_with_config(url, Some(ws_config()), true);
    match tokio::time::timeout(timeout, connecting).await {
        Err(_) => Err(ConnError::Timeout {
            url: url.to_string(),
            secs: timeout.as_secs_f64(),
        }),
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tungstenite::Error::Http(resp))) => Err(ConnError::Upgrade {
            url: url.to_string(),
            status: resp.status().as_u16(),
        }),
        Ok(Err(e)) => Err(ConnError::Unreachable {
            url: url.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Opens the connection and sends `connect` + `subscribe` in its first frame; waits for both
/// replies (publications and pings that come meanwhile are handled as later ones are).
pub(super) async fn handshake(spec: &SubscriberSpec) -> Result<(Link, Session), ConnError> {
    match &spec.endpoint {
        Endpoint::Websocket { url, protobuf } => ws_handshake(spec, url, *protobuf).await,
        Endpoint::Http { base, sse, client } => http_handshake(spec, base, *sse, client).await,
    }
}

async fn ws_handshake(
    spec: &SubscriberSpec,
    url: &str,
    protobuf: bool,
) -> Result<(Link, Session), ConnError> {
    let mut ws = open_ws(url, spec.timeout).await?;
    let lost = |e: &tungstenite::Error| ConnError::Unreachable {
        url: url.to_string(),
        reason: e.to_string(),
    };
    let first = if protobuf {
        Message::Binary(first_protobuf(spec).into())
    } else {
        Message::Text(first_json(spec).into())
    };
    ws.send(first).await.map_err(|e| lost(&e))?;
    let mut session = Session::new();
    let mut hs = Handshake::default();
    let deadline = tokio::time::Instant::now() + spec.timeout;
    // Bounded by the deadline.
    while !hs.done() {
        let Ok(m) = tokio::time::timeout_at(deadline, ws.next()).await else {
            return Err(ConnError::NoReply {
                secs: spec.timeout.as_secs_f64(),
            });
        };
        let mut got = Got::default();
        match m {
            Some(Ok(Message::Text(t))) if !protobuf => {
                for line in t.as_str().split('\n').map(str::trim) {
                    if let Some(l) = session.json(line, clock_us(), false, &mut got) {
                        hs.json(l, &spec.channel)?;
                        session.pong = hs.pong;
                    }
                }
            }
            Some(Ok(Message::Binary(b))) if protobuf => {
                for m in scan_frame(&b) {
                    let m = m.map_err(|e| ConnError::Unreachable {
                        url: url.to_string(),
                        reason: format!("undecodable Protobuf frame: {e}"),
                    })?;
                    if let Some(b) = session.binary(m, clock_us(), false, &mut got) {
                        hs.protobuf(b, &spec.channel)?;
                        session.pong = hs.pong;
                    }
                }
            }
            Some(Ok(Message::Close(f))) => {
                let (code, reason) = f.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.to_string())
                });
                return Err(ConnError::Closed { code, reason });
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(lost(&e)),
            None => {
                return Err(ConnError::Closed {
                    code: 1006,
                    reason: "closed without a close frame".into(),
                })
            }
        }
        if got.pong {
            let pong = if protobuf {
                Message::Binary(vec![0u8].into())
            } else {
                Message::Text("{}".into())
            };
            ws.send(pong).await.map_err(|e| lost(&e))?;
        }
    }
    Ok((
        Link::Ws {
            ws: Box::new(ws),
            protobuf,
        },
        session,
    ))
}

async fn http_handshake(
    spec: &SubscriberSpec,
    base: &str,
    sse: bool,
    client: &reqwest::Client,
) -> Result<(Link, Session), ConnError> {
    let first = first_json(spec);
    let (url, request) = if sse {
        let url = format!("{base}/connection/sse");
        let req = client.get(&url).query(&[("cf_connect", first.as_str())]);
        (url, req)
    } else {
        let url = format!("{base}/connection/http_stream");
        let req = client
            .post(&url)
            .header("Content-Type", "application/json")
            .body(first);
        (url, req)
    };
    let resp = match tokio::time::timeout(spec.timeout, request.send()).await {
        Err(_) => {
            return Err(ConnError::Timeout {
                url,
                secs: spec.timeout.as_secs_f64(),
            })
        }
        Ok(Err(e)) => {
            return Err(ConnError::Unreachable {
                url,
                reason: format!("{e:#}"),
            })
        }
        Ok(Ok(r)) if !r.status().is_success() => {
            return Err(ConnError::Refused {
                url,
                status: r.status().as_u16(),
            })
        }
        Ok(Ok(r)) => r,
    };
    let mut link = HttpLink {
        client: client.clone(),
        resp,
        lines: Lines {
            sse,
            pending: Vec::new(),
        },
        emulation: format!("{base}/emulation"),
        session: String::new(),
        node: String::new(),
        timeout: spec.timeout,
        disconnect: None,
    };
    let mut session = Session::new();
    let mut hs = Handshake::default();
    let deadline = tokio::time::Instant::now() + spec.timeout;
    // Bounded by the deadline.
    while !hs.done() {
        let Ok(chunk) = tokio::time::timeout_at(deadline, link.resp.chunk()).await else {
            return Err(ConnError::NoReply {
                secs: spec.timeout.as_secs_f64(),
            });
        };
        let chunk = match chunk {
            Ok(Some(c)) => c,
            Ok(None) => {
                let (code, reason) = link
                    .disconnect
                    .as_deref()
                    .and_then(|d| d.split_once(' '))
                    .and_then(|(c, r)| Some((c.parse().ok()?, r.to_string())))
                    .unwrap_or((1006, "the stream ended".into()));
                return Err(ConnError::Closed { code, reason });
            }
            Err(e) => {
                return Err(ConnError::Unreachable {
                    url,
                    reason: format!("the stream broke: {e}"),
                })
            }
        };
        let mut got = Got::default();
        let mut failed = None;
        let disconnect = &mut link.disconnect;
        let fed = link.lines.feed(&chunk, |line| {
            if failed.is_some() {
                return;
            }
            if let Some(other) = session.json(line, clock_us(), false, &mut got) {
                if let Err(e) = hs.json(other, &spec.channel) {
                    failed = Some(e);
                }
                if let Some(d) = disconnect_of(other) {
                    *disconnect = Some(d);
                }
                session.pong = hs.pong;
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        fed.map_err(|reason| ConnError::Unreachable {
            url: url.clone(),
            reason,
        })?;
        if hs.connected && link.session.is_empty() {
            link.session = std::mem::take(&mut hs.session);
            link.node = std::mem::take(&mut hs.node);
        }
        if got.pong {
            emulate(
                &link.client,
                &link.emulation,
                &link.session,
                &link.node,
                spec.timeout,
            )
            .await
            .map_err(|reason| ConnError::Unreachable {
                url: link.emulation.clone(),
                reason,
            })?;
        }
    }
    Ok((Link::Http(Box::new(link)), session))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bench::accounting::payload;

    fn session(pong: bool) -> Session {
        Session {
            pong,
            ..Session::new()
        }
    }

    #[test]
    fn text_frames_count_publications_and_pings() {
        let mut s = session(true);
        let frame = concat!(
            r#"{"push":{"channel":"c","pub":{"data":{"n":0,"t":100,"p":"x"}}}}"#,
            "\n{}\n",
            r#"{"push":{"channel":"c","pub":{"data":{"n":1,"t":150},"offset":2}}}"#,
            "\n",
            r#"{"push":{"channel":"c","join":{"info":{}}}}"#
        );
        assert_eq!(
            s.text(frame, 200, true),
            Got {
                count: 2,
                pong: true
            }
        );
        assert_eq!(s.samples, vec![100, 50]);
        assert_eq!(s.tracker.tally(2, &[]).missing, 0);
        s.pong = false;
        assert_eq!(s.text("{}", 0, true), Got::default());
    }

    #[test]
    fn binary_frames_count_publications_and_pings() {
        let publication = |n: u64| {
            wire::Reply {
                push: Some(wire::Push {
                    channel: "c".into(),
                    publication: Some(wire::Publication {
                        data: payload(n, 10 * n, 64).into_bytes(),
                        ..wire::Publication::default()
                    }),
                    ..wire::Push::default()
                }),
                ..wire::Reply::default()
            }
            .encode_length_delimited_to_vec()
        };
        let mut frame = publication(0);
        frame.push(0);
        frame.extend(publication(1));
        let mut s = session(true);
        assert_eq!(
            s.frame(&frame, 100, true).unwrap(),
            Got {
                count: 2,
                pong: true
            }
        );
        assert_eq!(s.samples, vec![100, 90]);
        // No pong unless the connect result asked for it.
        let mut quiet = session(false);
        assert_eq!(quiet.frame(&[0], 0, false).unwrap(), Got::default());
        // A broken frame is an error, after the messages before it.
        frame.extend_from_slice(&[0x05, 1]);
        assert!(s.frame(&frame, 100, false).is_err());
        assert_eq!(s.tracker.received(), 4);
    }

    #[test]
    fn lines_split_http_streams_and_sse_across_chunks() {
        let collect = |lines: &mut Lines, chunks: &[&[u8]]| {
            let mut out = Vec::new();
            for c in chunks {
                lines.feed(c, |l| out.push(l.to_string())).unwrap();
            }
            out
        };
        let mut l = Lines::default();
        let got = collect(&mut l, &[b"{\"id\":1}\n{\"pu", b"sh\":1}", b"\n\n{}\r\n"]);
        assert_eq!(got, vec!["{\"id\":1}", "{\"push\":1}", "{}"]);
        assert!(l.pending.is_empty());
        let mut l = Lines {
            sse: true,
            ..Lines::default()
        };
        let got = collect(
            &mut l,
            &[
                b"\r\n",
                b"data: {\"id\":1}\n\n: comment\n",
                b"data:{}\n",
                b"\ndata: {\"n",
            ],
        );
        assert_eq!(got, vec!["{\"id\":1}", "{}"]);
        assert_eq!(l.pending, b"data: {\"n");
        // A line that never ends is an error, not a growing buffer.
        let mut l = Lines::default();
        let big = vec![b'x'; MAX_PENDING + 1];
        assert!(l.feed(&big, |_| {}).is_err());
    }

    #[test]
    fn the_first_frame_carries_a_token_or_connect_data() {
        let spec = |token: &str, data: &str| SubscriberSpec {
            endpoint: Endpoint::Websocket {
                url: String::new(),
                protobuf: false,
            },
            token: token.into(),
            data: data.into(),
            channel: "ch".into(),
            timeout: Duration::from_secs(1),
        };
        let connect = |s: &SubscriberSpec| {
            let first = first_json(s);
            let (connect, subscribe) = first.split_once('\n').unwrap();
            let sub: serde_json::Value = serde_json::from_str(subscribe).unwrap();
            assert_eq!(sub["subscribe"]["channel"], "ch");
            serde_json::from_str::<serde_json::Value>(connect).unwrap()["connect"].clone()
        };
        assert_eq!(
            connect(&spec("t", "")),
            serde_json::json!({"token": "t", "name": "centri-bench"})
        );
        assert_eq!(
            connect(&spec("", r#"{"user":"bench-3"}"#)),
            serde_json::json!({"data": {"user": "bench-3"}, "name": "centri-bench"})
        );
        assert_eq!(connect(&spec("", "not json"))["data"], "not json");
        let first = first_protobuf(&spec("", r#"{"user":"u"}"#));
        let cmd = wire::Command::decode_length_delimited(first.as_slice()).unwrap();
        let c = cmd.connect.unwrap();
        assert_eq!(
            (c.token.as_str(), c.data.as_slice()),
            ("", &br#"{"user":"u"}"#[..])
        );
    }

    #[test]
    fn handshake_replies_in_both_protocols() {
        let mut hs = Handshake::default();
        hs.json(
            r#"{"id":1,"connect":{"client":"c","pong":true,"session":"s","node":"n"}}"#,
            "ch",
        )
        .unwrap();
        assert!(hs.connected && hs.pong && !hs.done());
        assert_eq!((hs.session.as_str(), hs.node.as_str()), ("s", "n"));
        hs.json(r#"{"id":2,"subscribe":{}}"#, "ch").unwrap();
        assert!(hs.done());
        let e = Handshake::default()
            .json(
                r#"{"id":2,"error":{"code":103,"message":"permission denied"}}"#,
                "ch",
            )
            .unwrap_err();
        assert!(matches!(e, ConnError::Subscribe { code: 103, .. }), "{e:?}");

        let mut hs = Handshake::default();
        let first = first_protobuf(&SubscriberSpec {
            endpoint: Endpoint::Websocket {
                url: String::new(),
                protobuf: true,
            },
            token: "tok".into(),
            data: String::new(),
            channel: "ch".into(),
            timeout: Duration::from_secs(1),
        });
        // The first frame holds both commands.
        let cmds: Vec<_> = scan_frame(&first).map(Result::unwrap).collect();
        assert_eq!(cmds.len(), 2);
        let connect = wire::Reply {
            id: 1,
            connect: Some(wire::ConnectResult {
                pong: true,
                ..wire::ConnectResult::default()
            }),
            ..wire::Reply::default()
        }
        .encode_to_vec();
        hs.protobuf(&connect, "ch").unwrap();
        let err = wire::Reply {
            id: 2,
            error: Some(wire::Error {
                code: 102,
                message: "unknown channel".into(),
                temporary: false,
            }),
            ..wire::Reply::default()
        }
        .encode_to_vec();
        let e = hs.protobuf(&err, "ch").unwrap_err();
        assert!(matches!(e, ConnError::Subscribe { code: 102, .. }), "{e:?}");
        assert!(hs.connected && hs.pong);
        assert_eq!(
            disconnect_of(r#"{"push":{"disconnect":{"code":3001,"reason":"shutdown"}}}"#),
            Some("3001 shutdown".into())
        );
        assert_eq!(disconnect_of(r#"{"id":3}"#), None);
    }
}

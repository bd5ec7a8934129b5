//! The connection under `centri sub` when it is not JSON over WebSocket: Protobuf over
//! WebSocket (`--protobuf`), or bidirectional emulation over HTTP streaming or SSE
//! (`--transport http_stream|sse`). Each is a [`Link`]: the same stream of text messages
//! (JSON lines) and sink of text commands that `sub` drives a WebSocket with, so the
//! subscription logic is one. A pump task converts: Protobuf frames to and from their JSON
//! forms; an HTTP stream's lines or SSE events into messages, and each command after the
//! first into a `POST /emulation` with the session and node of the connect reply.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use prost::Message as _;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_util::sync::PollSender;

use crate::proto::client::Command;
use crate::proto::codec::protobuf::{self, wire};

/// Which emulated transport `sub` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /connection/http_stream`, JSON or Protobuf.
    HttpStream { protobuf: bool },
    /// `GET /connection/sse` (JSON only).
    Sse,
}

type Incoming = Result<Message, tungstenite::Error>;

/// A message stream and command sink backed by a pump task (aborted on drop).
#[derive(Debug)]
pub struct Link {
    rx: mpsc::Receiver<Incoming>,
    tx: PollSender<Message>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Link {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Stream for Link {
    type Item = Incoming;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Incoming>> {
        self.rx.poll_recv(cx)
    }
}

impl Sink<Message> for Link {
    type Error = tungstenite::Error;
    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.tx)
            .poll_ready(cx)
            .map_err(|_| tungstenite::Error::ConnectionClosed)
    }
    fn start_send(mut self: Pin<&mut Self>, item: Message) -> Result<(), Self::Error> {
        Pin::new(&mut self.tx)
            .start_send(item)
            .map_err(|_| tungstenite::Error::ConnectionClosed)
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
    fn poll_close(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.tx.close();
        Poll::Ready(Ok(()))
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Protobuf over an open WebSocket.
pub fn protobuf_ws(ws: Ws) -> Link {
    spawn(move |out_rx, in_tx| pump_ws(ws, out_rx, in_tx))
}

/// An emulated connection to `server` (`http://host:port`), opened with the first command
/// frame `sub` sends.
pub fn http(server: &str, kind: Kind, timeout: Duration) -> Link {
    let base = server.trim_end_matches('/').to_string();
    spawn(move |out_rx, in_tx| pump_http(base, kind, timeout, out_rx, in_tx))
}

fn spawn<F, Fut>(f: F) -> Link
where
    F: FnOnce(mpsc::Receiver<Message>, mpsc::Sender<Incoming>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (out_tx, out_rx) = mpsc::channel::<Message>(16);
    let (in_tx, in_rx) = mpsc::channel::<Incoming>(64);
    let task = tokio::spawn(f(out_rx, in_tx));
    Link {
        rx: in_rx,
        tx: PollSender::new(out_tx),
        task,
    }
}

fn io_error(msg: String) -> tungstenite::Error {
    tungstenite::Error::Io(std::io::Error::other(msg))
}

/// `sub`'s JSON commands (one per line) as one Protobuf frame.
fn encode_lines(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let c: Command = serde_json::from_str(line).map_err(|e| e.to_string())?;
        out.extend(protobuf::encode_command(&c));
    }
    Ok(out)
}

/// A Protobuf frame's replies as JSON lines.
fn frame_text(frame: &[u8]) -> Result<String, String> {
    let replies = protobuf::frame_json(frame).map_err(|e| e.to_string())?;
    Ok(replies
        .iter()
        .map(serde_json::Value::to_string)
        .collect::<Vec<_>>()
        .join("\n"))
}

async fn pump_ws(mut ws: Ws, mut out_rx: mpsc::Receiver<Message>, in_tx: mpsc::Sender<Incoming>) {
    loop {
        tokio::select! {
            m = ws.next() => {
                let item = match m {
                    Some(Ok(Message::Binary(b))) => match frame_text(&b) {
                        Ok(t) => Ok(Message::Text(t.into())),
                        Err(e) => Err(io_error(format!("undecodable Protobuf frame from the server: {e}"))),
                    },
                    Some(Ok(Message::Text(_))) => Err(io_error(
                        "the server sent a text frame on a Protobuf connection".into(),
                    )),
                    Some(other) => other,
                    None => return,
                };
                if in_tx.send(item).await.is_err() {
                    return;
                }
            }
            cmd = out_rx.recv() => {
                let sent = match cmd {
                    Some(Message::Text(t)) => match encode_lines(t.as_str()) {
                        Ok(frame) => ws.send(Message::Binary(frame.into())).await,
                        Err(e) => {
                            tracing::warn!("cannot encode a command in Protobuf: {e}");
                            Ok(())
                        }
                    },
                    Some(other) => ws.send(other).await,
                    None => return,
                };
                if let Err(e) = sent {
                    let _ = in_tx.send(Err(e)).await;
                    return;
                }
            }
        }
    }
}

/// Splits complete messages off the front of an emulated stream's buffer.
#[derive(Debug, Default)]
struct Splitter {
    buf: Vec<u8>,
}

impl Splitter {
    /// The next complete message: a JSON line, an SSE event's data, or (Protobuf) one
    /// length-delimited reply as its JSON line. `Ok(None)` when more bytes are needed.
    fn next(&mut self, kind: Kind) -> Result<Option<String>, String> {
        loop {
            match kind {
                Kind::HttpStream { protobuf: true } => {
                    let mut b = &self.buf[..];
                    let Ok(len) = prost::encoding::decode_varint(&mut b) else {
                        // an unfinished varint is at most 10 bytes
                        return if self.buf.len() >= 10 {
                            Err("bad length prefix".into())
                        } else {
                            Ok(None)
                        };
                    };
                    let head = self.buf.len() - b.len();
                    let n = usize::try_from(len).map_err(|e| e.to_string())?;
                    if b.len() < n {
                        return Ok(None);
                    }
                    let r = wire::Reply::decode(&b[..n]).map_err(|e| e.to_string())?;
                    self.buf.drain(..head + n);
                    return Ok(Some(protobuf::reply_json(&r).to_string()));
                }
                Kind::HttpStream { protobuf: false } | Kind::Sse => {
                    let sep: &[u8] = if kind == Kind::Sse { b"\n\n" } else { b"\n" };
                    let Some(i) = self.buf.windows(sep.len()).position(|w| w == sep) else {
                        return Ok(None);
                    };
                    let item: Vec<u8> = self.buf.drain(..i + sep.len()).collect();
                    let text = String::from_utf8(item).map_err(|e| e.to_string())?;
                    let text = text.trim();
                    let text = if kind == Kind::Sse {
                        // `data:` lines carry messages; the opening blank line and comments do not
                        match text.strip_prefix("data:") {
                            Some(t) => t.trim_start(),
                            None => continue,
                        }
                    } else {
                        text
                    };
                    if text.is_empty() {
                        continue;
                    }
                    return Ok(Some(text.to_string()));
                }
            }
        }
    }
}

/// The session and node of an emulated connection, from its connect reply.
fn session_of(line: &str) -> Option<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let c = v.get("connect")?;
    Some((
        c["session"].as_str()?.to_string(),
        c["node"].as_str().unwrap_or_default().to_string(),
    ))
}

/// The code of a `disconnect` push, which ends an emulated stream.
fn disconnect_of(line: &str) -> Option<(u16, String)> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let d = v.get("push")?.get("disconnect")?;
    Some((
        u16::try_from(d["code"].as_u64()?).ok()?,
        d["reason"].as_str().unwrap_or_default().to_string(),
    ))
}

async fn pump_http(
    base: String,
    kind: Kind,
    timeout: Duration,
    mut out_rx: mpsc::Receiver<Message>,
    in_tx: mpsc::Sender<Incoming>,
) {
    let fail = |msg: String| {
        let in_tx = in_tx.clone();
        async move {
            let _ = in_tx.send(Err(io_error(msg))).await;
        }
    };
    let protobuf = kind == Kind::HttpStream { protobuf: true };
    let Some(Message::Text(first)) = out_rx.recv().await else {
        return;
    };
    let http = reqwest::Client::new();
    let (path, request) = if kind == Kind::Sse {
        (
            "/connection/sse",
            http.get(format!("{base}/connection/sse"))
                .query(&[("cf_connect", first.as_str())]),
        )
    } else {
        let body: Vec<u8> = if protobuf {
            match encode_lines(first.as_str()) {
                Ok(b) => b,
                Err(e) => return fail(format!("cannot encode the connect frame: {e}")).await,
            }
        } else {
            first.as_bytes().to_vec()
        };
        let ct = if protobuf {
            "application/octet-stream"
        } else {
            "application/json"
        };
        (
            "/connection/http_stream",
            http.post(format!("{base}/connection/http_stream"))
                .header("Content-Type", ct)
                .body(body),
        )
    };
    let mut resp = match tokio::time::timeout(timeout, request.send()).await {
        Err(_) => return fail(format!("no answer from {base}{path} within {timeout:?}")).await,
        Ok(Err(e)) => return fail(format!("cannot reach {base}{path}: {e}")).await,
        Ok(Ok(r)) if r.status() == reqwest::StatusCode::NOT_FOUND => {
            return fail(format!(
                "{base}{path} answered 404: the server does not serve this transport \
                 (enable it in its config, e.g. \"{}\": {{\"enabled\": true}})",
                if kind == Kind::Sse {
                    "sse"
                } else {
                    "http_stream"
                }
            ))
            .await
        }
        Ok(Ok(r)) if !r.status().is_success() => {
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            return fail(format!("{base}{path} answered {status}: {}", text.trim())).await;
        }
        Ok(Ok(r)) => r,
    };
    let mut split = Splitter::default();
    let mut session: Option<(String, String)> = None;
    let mut waiting: Vec<String> = Vec::new();
    let mut last_disconnect: Option<(u16, String)> = None;
    loop {
        tokio::select! {
            chunk = resp.chunk() => {
                let chunk = match chunk {
                    Ok(Some(c)) => c,
                    Ok(None) => {
                        // the stream is over: say why, as a close frame would
                        let frame = last_disconnect.take().map(|(code, reason)| CloseFrame {
                            code: CloseCode::from(code),
                            reason: reason.into(),
                        });
                        let _ = in_tx.send(Ok(Message::Close(frame))).await;
                        return;
                    }
                    Err(e) => return fail(format!("the stream broke: {e}")).await,
                };
                split.buf.extend_from_slice(&chunk);
                loop {
                    match split.next(kind) {
                        Ok(Some(line)) => {
                            if session.is_none() {
                                session = session_of(&line);
                            }
                            if let Some(d) = disconnect_of(&line) {
                                last_disconnect = Some(d);
                            }
                            if in_tx.send(Ok(Message::Text(line.into()))).await.is_err() {
                                return;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return fail(format!("undecodable message on the stream: {e}")).await,
                    }
                }
                if let Some((s, n)) = &session {
                    for cmd in waiting.drain(..) {
                        if let Err(e) = emulate(&http, &base, s, n, &cmd, protobuf, timeout).await {
                            return fail(e).await;
                        }
                    }
                }
            }
            cmd = out_rx.recv() => match cmd {
                Some(Message::Text(t)) => match &session {
                    Some((s, n)) => {
                        if let Err(e) = emulate(&http, &base, s, n, t.as_str(), protobuf, timeout).await {
                            return fail(e).await;
                        }
                    }
                    // before the connect reply: sent once the session is known
                    None => waiting.push(t.to_string()),
                },
                // a close ends the stream: dropping the response hangs up
                Some(_) | None => return,
            }
        }
    }
}

/// Sends one command frame to the session through `/emulation`.
async fn emulate(
    http: &reqwest::Client,
    base: &str,
    session: &str,
    node: &str,
    text: &str,
    protobuf: bool,
    timeout: Duration,
) -> Result<(), String> {
    let url = format!("{base}/emulation");
    let req = if protobuf {
        let data = encode_lines(text)?;
        let body = wire::EmulationRequest {
            node: node.to_string(),
            session: session.to_string(),
            data,
        }
        .encode_to_vec();
        http.post(&url)
            .header("Content-Type", "application/octet-stream")
            .body(Bytes::from(body))
    } else {
        http.post(&url).json(&serde_json::json!({
            "node": node, "session": session, "data": text,
        }))
    };
    match tokio::time::timeout(timeout, req.send()).await {
        Err(_) => Err(format!("no answer from {url} within {timeout:?}")),
        Ok(Err(e)) => Err(format!("cannot reach {url}: {e}")),
        Ok(Ok(r)) if r.status().is_success() => Ok(()),
        Ok(Ok(r)) => Err(format!(
            "{url} answered {} (the session is gone)",
            r.status()
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splitter_frames_each_transport() {
        let mut s = Splitter::default();
        s.buf.extend_from_slice(b"{\"id\":1}\n{\"push\"");
        assert_eq!(
            s.next(Kind::HttpStream { protobuf: false }).unwrap(),
            Some("{\"id\":1}".into())
        );
        assert_eq!(s.next(Kind::HttpStream { protobuf: false }).unwrap(), None);
        let mut s = Splitter::default();
        s.buf
            .extend_from_slice(b"\r\ndata: {\"id\":1}\n\ndata: {}\n\n");
        assert_eq!(s.next(Kind::Sse).unwrap(), Some("{\"id\":1}".into()));
        assert_eq!(s.next(Kind::Sse).unwrap(), Some("{}".into()));
        assert_eq!(s.next(Kind::Sse).unwrap(), None);
        let mut s = Splitter::default();
        let r = wire::Reply {
            id: 3,
            ..wire::Reply::default()
        }
        .encode_length_delimited_to_vec();
        s.buf.extend_from_slice(&r[..1]);
        let pb = Kind::HttpStream { protobuf: true };
        assert_eq!(s.next(pb).unwrap(), None, "a partial message waits");
        s.buf.extend_from_slice(&r[1..]);
        assert_eq!(s.next(pb).unwrap(), Some("{\"id\":3}".into()));
        s.buf.extend_from_slice(&[0xff; 12]);
        assert!(
            s.next(pb).is_err(),
            "a broken length is an error, not a hang"
        );
    }

    #[test]
    fn connect_replies_and_disconnects_are_recognized() {
        assert_eq!(
            session_of(r#"{"id":1,"connect":{"client":"c","session":"s","node":"n"}}"#),
            Some(("s".into(), "n".into()))
        );
        assert_eq!(session_of(r#"{"id":2,"subscribe":{}}"#), None);
        assert_eq!(
            disconnect_of(r#"{"push":{"disconnect":{"code":3501,"reason":"bad request"}}}"#),
            Some((3501, "bad request".into()))
        );
        assert!(encode_lines("{\"id\":1,\"connect\":{\"token\":\"t\"}}\n{}").is_ok());
        assert!(encode_lines("not json").is_err());
    }
}

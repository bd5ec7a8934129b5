//! The WebSocket transport at `/connection/websocket`: origin check, upgrade, and the
//! per-connection loop that moves text frames between the socket and a [`Session`].
//!
//! One task per connection runs three futures: the reader (frames → session), the writer
//! (outbox → frames, everything queued goes out in one vectored write, newline-joined) and the
//! session's timers. fastwebsockets answers the handshake; frames are read and written by
//! [`frame`](crate::proto::wsframe), which holds no buffer while a connection is idle (measured in shared/perf-probe:
//! fastwebsockets' reader keeps 8 KiB per connection, tokio-tungstenite's defaults 128 KiB).
//! The HTTP server is hyper's HTTP/1 connection over the bare `TcpStream` (see
//! `server::serve_http`), so after the upgrade the stream is recovered and split into owned
//! halves: no lock sits between reader and writer.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;

use crate::proto::wsframe::{self as frame, FrameError, FrameReader, FrameWriter, OpCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::net::TcpStream;

mod race;

use super::node::Node;
use super::outbox::{Direct, Next};
use super::session::Session;
use super::AppState;
use crate::proto::codec::Protocol;
use crate::proto::codes::Disconnect;

/// How long a closed connection waits for the client to hang up before dropping the socket.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// Whether `origin` may connect under `client.allowed_origins`.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    let origin = origin.to_ascii_lowercase();
    allowed.iter().any(|pat| {
        let pat = pat.to_ascii_lowercase();
        pat == "*"
            || pat == origin
            || globset::Glob::new(&pat).is_ok_and(|g| g.compile_matcher().is_match(&origin))
    })
}

/// `GET /connection/websocket`.
pub async fn handler(State(app): State<AppState>, mut req: Request) -> Response {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !origin_allowed(&app.node.config.client.allowed_origins, origin) {
            tracing::info!(
                origin,
                "websocket origin not allowed (client.allowed_origins)"
            );
            return (StatusCode::FORBIDDEN, "origin not allowed\n").into_response();
        }
    }
    let offered: Vec<&str> = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let (protocol, subprotocol) = match Protocol::negotiate(req.uri().query(), &offered) {
        Ok(v) => v,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("{e}\n")).into_response(),
    };
    if !fastwebsockets::upgrade::is_upgrade_request(&req) {
        return (
            StatusCode::BAD_REQUEST,
            "expected a WebSocket upgrade request\n",
        )
            .into_response();
    }
    let (resp, fut) = match fastwebsockets::upgrade::upgrade(&mut req) {
        Ok(v) => v,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("bad WebSocket handshake: {e}\n"),
            )
                .into_response()
        }
    };
    let node = app.node.clone();
    let forwarded = node.proxies.capture(req.headers());
    app.tasks.spawn(async move {
        match fut.await {
            Ok(ws) => serve_upgraded(node, ws.into_inner(), protocol, forwarded).await,
            Err(e) => tracing::debug!(error = %e, "websocket upgrade failed"),
        }
    });
    let (mut parts, _) = resp.into_parts();
    if let Some(sub) = subprotocol {
        parts.headers.insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            header::HeaderValue::from_static(sub),
        );
    }
    Response::from_parts(parts, Body::empty())
}

async fn serve_upgraded(
    node: Arc<Node>,
    io: TokioIo<hyper::upgrade::Upgraded>,
    protocol: Protocol,
    forwarded: Vec<(String, String)>,
) {
    let upgraded = io.into_inner();
    match upgraded.downcast::<TokioIo<TcpStream>>() {
        Ok(parts) => {
            let tcp = Arc::new(parts.io.into_inner());
            let _ = tcp.set_nodelay(true);
            // hyper hands over its read buffer; keeping an empty one alive would pin its
            // whole allocation for the life of the connection, so copy out what is left.
            let early = parts.read_buf.to_vec();
            drop(parts.read_buf);
            let r = std::io::Cursor::new(early).chain(SharedTcp(tcp.clone()));
            let direct: Arc<dyn Direct> = Arc::new(DirectTcp {
                tcp: tcp.clone(),
                binary: protocol.is_binary(),
            });
            run_connection(node, r, SharedTcp(tcp), Some(direct), protocol, forwarded).await;
        }
        Err(_) => {
            // `serve_http` serves bare TcpStreams. A silent fallback here once hid that
            // every connection ran on a locked split stream: fail loudly instead.
            tracing::error!("websocket upgrade did not hand back the TcpStream: closing");
        }
    }
}

/// The connection's socket, shared by the reader, the writer and direct writes from
/// publishers (every tokio `TcpStream` operation used here takes `&self`). Only one side
/// writes at a time: the outbox decides under its lock.
#[derive(Debug)]
pub(crate) struct SharedTcp(pub(crate) Arc<TcpStream>);

impl AsyncRead for SharedTcp {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        loop {
            std::task::ready!(self.0.poll_read_ready(cx))?;
            match self.0.try_read(buf.initialize_unfilled()) {
                Ok(n) => {
                    buf.advance(n);
                    return std::task::Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return std::task::Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for SharedTcp {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.poll_write_vectored(cx, &[std::io::IoSlice::new(buf)])
    }

    fn poll_write_vectored(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        loop {
            std::task::ready!(self.0.poll_write_ready(cx))?;
            match self.0.try_write_vectored(bufs) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                r => return std::task::Poll::Ready(r),
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// The socket as publishers write to it directly: whole frames of the connection's type.
#[derive(Debug)]
struct DirectTcp {
    tcp: Arc<TcpStream>,
    binary: bool,
}

impl Direct for DirectTcp {
    fn try_frame(&self, msg: &[u8]) -> std::io::Result<(usize, usize)> {
        let mut head = [0u8; 10];
        let n = frame::data_header(self.binary, msg.len(), &mut head);
        let total = n + msg.len();
        let slices = [
            std::io::IoSlice::new(&head[..n]),
            std::io::IoSlice::new(msg),
        ];
        match self.tcp.try_write_vectored(&slices) {
            Ok(written) => Ok((written, total)),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok((0, total)),
            Err(e) => Err(e),
        }
    }

    fn frame_rest(&self, msg: &[u8], from: usize) -> bytes::Bytes {
        let mut head = [0u8; 10];
        let n = frame::data_header(self.binary, msg.len(), &mut head);
        let mut all = Vec::with_capacity(n + msg.len());
        all.extend_from_slice(&head[..n]);
        all.extend_from_slice(msg);
        bytes::Bytes::from(all).slice(from..)
    }
}

/// Runs one WebSocket connection over already-upgraded halves until it ends.
pub async fn run_connection<R, W>(
    node: Arc<Node>,
    r: R,
    w: W,
    direct: Option<Arc<dyn Direct>>,
    protocol: Protocol,
    forwarded: Vec<(String, String)>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let limit = node.config.websocket.message_size_limit;
    let binary = protocol.is_binary();
    let mut write = if binary {
        FrameWriter::binary(w)
    } else {
        FrameWriter::new(w)
    };
    let mut read = FrameReader::new(r, limit);
    let session = Session::carried(
        node.clone(),
        crate::server::session::Carrier {
            transport: "websocket",
            protocol,
            uni: false,
            session_id: None,
            forwarded,
        },
    );
    // The data frames of this protocol; the other kind is a bad request.
    let (data_op, other_op) = if binary {
        (OpCode::Binary, OpCode::Text)
    } else {
        (OpCode::Text, OpCode::Binary)
    };
    let deliver = |payload: &[u8]| {
        if binary {
            session.handle_binary(payload);
        } else {
            match std::str::from_utf8(payload) {
                Ok(text) => session.handle_frame(text),
                Err(_) => session.close(Disconnect::new(Disconnect::BAD_REQUEST)),
            }
        }
    };
    session.outbox.set_direct(direct);
    let inflight = node
        .metrics
        .connections_inflight
        .get_or_create(&super::metrics::TransportLabel {
            transport: "websocket",
        })
        .clone();
    inflight.inc();

    let reader = async {
        let mut partial: Vec<u8> = Vec::new();
        loop {
            let frame = match read.next().await {
                Ok(f) => f,
                Err(FrameError::TooBig) => {
                    session.close(Disconnect::new(Disconnect::MESSAGE_TOO_BIG));
                    return;
                }
                Err(FrameError::Protocol(why)) => {
                    // RFC 6455 §7.4.1: 1002 for a frame the protocol forbids (an unmasked
                    // frame, reserved bits, a fragmented or oversize control frame).
                    tracing::debug!(why, "websocket protocol violation");
                    session.close(Disconnect {
                        code: 1002,
                        reason: "protocol error".to_string(),
                    });
                    return;
                }
                Err(FrameError::Eof | FrameError::Io(_)) => return,
            };
            match frame.opcode {
                op if op == data_op || op == OpCode::Continuation => {
                    if frame.opcode == data_op && !partial.is_empty() {
                        session.close(Disconnect::new(Disconnect::BAD_REQUEST));
                        continue;
                    }
                    if !frame.fin || !partial.is_empty() {
                        if partial.len() + frame.payload.len() > limit {
                            session.close(Disconnect::new(Disconnect::MESSAGE_TOO_BIG));
                            return;
                        }
                        partial.extend_from_slice(&frame.payload);
                        if !frame.fin {
                            continue;
                        }
                        let whole = std::mem::take(&mut partial);
                        deliver(&whole);
                    } else {
                        deliver(&frame.payload);
                    }
                }
                OpCode::Text | OpCode::Binary | OpCode::Continuation => {
                    debug_assert!(frame.opcode == other_op);
                    session.close(Disconnect::new(Disconnect::BAD_REQUEST));
                }
                OpCode::Close => {
                    // The client hangs up: answer with a plain close and stop.
                    session.outbox.close(Disconnect {
                        code: 1000,
                        reason: String::new(),
                    });
                    return;
                }
                // RFC 6455 §5.5.2: a Ping is answered with a Pong carrying its payload (many
                // stacks ping by default and drop a peer that never answers). An
                // unsolicited Pong needs no answer.
                OpCode::Ping => session.outbox.pong(frame.payload.freeze()),
                OpCode::Pong => {}
            }
        }
    };

    let write_timeout = node.config.websocket.write_timeout.value;
    let writer = async {
        let mut queued = VecDeque::new();
        let mut raw = None;
        let mut pong = None;
        loop {
            let next = session.outbox.next(&mut queued, &mut raw, &mut pong).await;
            // A client that stops reading fills its socket: give up after write_timeout.
            let result = tokio::time::timeout(write_timeout, async {
                if let Some(rest) = raw.take() {
                    write.write_raw(&rest).await?;
                }
                if let Some(payload) = pong.take() {
                    write.write_pong(&payload).await?;
                }
                write.write_batch(queued.make_contiguous()).await
            })
            .await
            .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()));
            if result
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::TimedOut)
            {
                tracing::debug!(
                    "websocket write timed out (websocket.write_timeout): dropping the connection"
                );
            }
            queued.clear();
            if queued.capacity() > KEEP_QUEUE {
                // A backlog's queue is not kept for the life of the connection.
                queued = VecDeque::new();
            }
            match next {
                Next::Messages => {
                    if result.is_err() {
                        return;
                    }
                }
                Next::Close(d) => {
                    if d.code != 3000 {
                        node.metrics
                            .outgoing_close
                            .get_or_create(&super::metrics::TransportCodeLabel {
                                transport: "websocket",
                                code: d.code.to_string(),
                            })
                            .inc();
                        if result.is_ok() {
                            let _ = tokio::time::timeout(
                                write_timeout,
                                write.write_close(d.code, &d.reason),
                            )
                            .await;
                        }
                    }
                    return;
                }
            }
        }
    };

    let mut reader = std::pin::pin!(reader);
    let mut writer = std::pin::pin!(writer);
    let timers = std::pin::pin!(session.run_timers());
    match race::Race3::new(reader.as_mut(), writer.as_mut(), timers).await {
        race::First::A => {
            // Flush what is queued (and the close frame, if any) before dropping the socket.
            session.outbox.close(Disconnect::new(3000));
            let _ = tokio::time::timeout(CLOSE_GRACE, &mut writer).await;
        }
        race::First::B => {
            // The close frame is out: the connection is over for everyone else (registry,
            // presence, subscriptions) even while the client takes its time to hang up.
            session.cleanup();
            let _ = tokio::time::timeout(CLOSE_GRACE, &mut reader).await;
        }
        race::First::C => {}
    }
    // Publishers write no more; the socket closes when this function's halves drop.
    session.outbox.set_direct(None);
    session.cleanup();
    inflight.dec();
}

/// The writer keeps its queue between wakes up to this many slots (a few KiB).
const KEEP_QUEUE: usize = 64;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let allow = vec![
            "https://app.example.com".to_string(),
            "http://*.local:3000".to_string(),
        ];
        assert!(origin_allowed(&allow, "https://app.example.com"));
        assert!(origin_allowed(&allow, "https://APP.example.com"));
        assert!(origin_allowed(&allow, "http://x.local:3000"));
        assert!(!origin_allowed(&allow, "https://evil.com"));
        assert!(!origin_allowed(&[], "https://app.example.com"));
        assert!(origin_allowed(&["*".to_string()], "https://any"));
    }
}

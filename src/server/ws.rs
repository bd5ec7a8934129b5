//! The WebSocket transport at `/connection/websocket`: origin check, upgrade, and the
//! per-connection loop that moves text frames between the socket and a [`Session`].
//!
//! One task per connection runs three futures: the reader (frames → session), the writer
//! (outbox → frames, everything queued goes out as one newline-joined frame) and the session's
//! timers. fastwebsockets was chosen by measurement (shared/perf-probe: ~9 KB per idle
//! connection and ~3x the unbatched throughput of tokio-tungstenite with default settings).
//! After the upgrade the TCP stream is split into owned halves, so no lock sits between
//! reader and writer.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use fastwebsockets::{Frame, Payload, Role, WebSocketError};
use frame::{FrameError, FrameReader, OpCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::net::TcpStream;

pub mod frame;

use super::node::Node;
use super::outbox::Next;
use super::session::Session;
use super::AppState;
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
    app.tasks.spawn(async move {
        match fut.await {
            Ok(ws) => serve_upgraded(node, ws.into_inner()).await,
            Err(e) => tracing::debug!(error = %e, "websocket upgrade failed"),
        }
    });
    let (parts, _) = resp.into_parts();
    Response::from_parts(parts, Body::empty())
}

async fn serve_upgraded(node: Arc<Node>, io: TokioIo<hyper::upgrade::Upgraded>) {
    let upgraded = io.into_inner();
    match upgraded.downcast::<TokioIo<TcpStream>>() {
        Ok(parts) => {
            let tcp = parts.io.into_inner();
            let _ = tcp.set_nodelay(true);
            let (r, w) = tcp.into_split();
            // hyper hands over its read buffer; keeping an empty one alive would pin its
            // whole allocation for the life of the connection, so copy out what is left.
            let early = parts.read_buf.to_vec();
            let r = std::io::Cursor::new(early).chain(r);
            run_connection(node, r, w).await;
        }
        Err(upgraded) => {
            let (r, w) = tokio::io::split(TokioIo::new(upgraded));
            run_connection(node, r, w).await;
        }
    }
}

/// Runs one WebSocket connection over already-upgraded halves until it ends.
pub async fn run_connection<R, W>(node: Arc<Node>, r: R, w: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let limit = node.config.websocket.message_size_limit;
    // fastwebsockets writes frames; reading uses our own [`FrameReader`], whose buffer only
    // lives while a frame is in flight (the library reader keeps 8 KiB per connection).
    let (_, mut write) = fastwebsockets::after_handshake_split(tokio::io::empty(), w, Role::Server);
    let mut read = FrameReader::new(r, limit);
    let session = Session::new(node.clone());
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
                    tracing::debug!(why, "websocket protocol violation");
                    session.close(Disconnect::new(Disconnect::BAD_REQUEST));
                    return;
                }
                Err(FrameError::Eof | FrameError::Io(_)) => return,
            };
            match frame.opcode {
                OpCode::Text | OpCode::Continuation => {
                    if frame.opcode == OpCode::Text && !partial.is_empty() {
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
                        match std::str::from_utf8(&whole) {
                            Ok(text) => session.handle_frame(text),
                            Err(_) => session.close(Disconnect::new(Disconnect::BAD_REQUEST)),
                        }
                    } else {
                        match std::str::from_utf8(&frame.payload) {
                            Ok(text) => session.handle_frame(text),
                            Err(_) => session.close(Disconnect::new(Disconnect::BAD_REQUEST)),
                        }
                    }
                }
                OpCode::Binary => session.close(Disconnect::new(Disconnect::BAD_REQUEST)),
                OpCode::Close => {
                    // The client hangs up: answer with a plain close and stop.
                    session.outbox.close(Disconnect {
                        code: 1000,
                        reason: String::new(),
                    });
                    return;
                }
                OpCode::Ping | OpCode::Pong => {}
            }
        }
    };

    let writer = async {
        loop {
            match session.outbox.next().await {
                Next::Messages(m) => {
                    if write_batch(&mut write, &m).await.is_err() {
                        return;
                    }
                }
                Next::Close(m, d) => {
                    let _ = write_batch(&mut write, &m).await;
                    if d.code != 3000 {
                        node.metrics
                            .outgoing_close
                            .get_or_create(&super::metrics::TransportCodeLabel {
                                transport: "websocket",
                                code: d.code.to_string(),
                            })
                            .inc();
                        let _ = write
                            .write_frame(Frame::close(d.code, d.reason.as_bytes()))
                            .await;
                    }
                    return;
                }
            }
        }
    };

    let mut reader = std::pin::pin!(reader);
    let mut writer = std::pin::pin!(writer);
    tokio::select! {
        () = &mut reader => {
            // Flush what is queued (and the close frame, if any) before dropping the socket.
            session.outbox.close(Disconnect::new(3000));
            let _ = tokio::time::timeout(CLOSE_GRACE, &mut writer).await;
        }
        () = &mut writer => {
            // The close frame is out: the connection is over for everyone else (registry,
            // presence, subscriptions) even while the client takes its time to hang up.
            session.cleanup();
            let _ = tokio::time::timeout(CLOSE_GRACE, &mut reader).await;
        }
        () = session.run_timers() => {}
    }
    session.cleanup();
    inflight.dec();
}

/// The largest newline-batched frame the writer builds; a backlog goes out as several frames
/// (clients cap message sizes: tungstenite at 16 MiB, and a huge frame delays everything).
const MAX_BATCH_FRAME: usize = 64 * 1024;

/// Splits queued messages into frames of at most [`MAX_BATCH_FRAME`] bytes (a single larger
/// message gets a frame of its own); the ranges of `msgs` that share a frame.
pub fn batch_ranges(msgs: &[Bytes]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, m) in msgs.iter().enumerate() {
        if i > start && size + 1 + m.len() > MAX_BATCH_FRAME {
            out.push(start..i);
            start = i;
            size = 0;
        }
        size += m.len() + usize::from(i > start);
    }
    if start < msgs.len() {
        out.push(start..msgs.len());
    }
    out
}

async fn write_batch<W: AsyncWrite + Unpin>(
    write: &mut fastwebsockets::WebSocketWrite<W>,
    msgs: &[Bytes],
) -> Result<(), WebSocketError> {
    for r in batch_ranges(msgs) {
        match &msgs[r] {
            [one] => {
                write
                    .write_frame(Frame::text(Payload::Borrowed(one)))
                    .await?;
            }
            many => {
                let total: usize = many.iter().map(|m| m.len() + 1).sum();
                let mut buf = Vec::with_capacity(total);
                for (i, m) in many.iter().enumerate() {
                    if i > 0 {
                        buf.push(b'\n');
                    }
                    buf.extend_from_slice(m);
                }
                write.write_frame(Frame::text(Payload::Owned(buf))).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn backlogs_split_into_bounded_frames() {
        let small = Bytes::from(vec![b'x'; 1000]);
        let msgs: Vec<Bytes> = (0..200).map(|_| small.clone()).collect();
        let ranges = batch_ranges(&msgs);
        assert!(ranges.len() > 1);
        assert_eq!(
            ranges.iter().map(ExactSizeIterator::len).sum::<usize>(),
            200
        );
        for r in &ranges {
            assert!(r.len() * 1001 - 1 <= MAX_BATCH_FRAME, "{r:?}");
        }
        let big = vec![Bytes::from(vec![b'x'; 100_000]), small.clone()];
        assert_eq!(batch_ranges(&big), vec![0..1, 1..2]);
        assert!(batch_ranges(&[]).is_empty());
    }

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

//! The unidirectional transports: the client sends one connect request (Centrifugo's
//! `ConnectRequest` in JSON: `token`, `data`, `subs`, `name`, `version`) and then only
//! listens. It is subscribed through its token's channels, the server API or its personal
//! channel. The server sends pushes without the `{"push": ...}` envelope: first `connect`,
//! then publications, joins, leaves and the rest, and `disconnect` before it closes a
//! stream (a WebSocket closes with the code instead). Pings are `{}` and need no answer.
//!
//! - `uni_websocket`: the connect request is the first text frame;
//! - `uni_sse`: `cf_connect` (GET) or the body (POST), one `data:` event per push;
//! - `uni_http_stream`: the POST body, one push per line.
//!
//! A connect request that does not decode is refused with 400 (HTTP) or closed with 3501.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use bytes::Bytes;
use hyper_util::rt::TokioIo;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use super::{bad_request, check_origin, stream, unwrap_push, Framing, StreamSpec};
use crate::proto::client::ConnectRequest;
use crate::proto::codec::Protocol;
use crate::proto::codes::Disconnect;
use crate::proto::wsframe::{FrameError, FrameReader, FrameWriter, OpCode};
use crate::server::node::Node;
use crate::server::outbox::Next;
use crate::server::session::{Carrier, Session};
use crate::server::ws::SharedTcp;
use crate::server::AppState;

/// Decodes a connect request; an empty one is `{}` (an anonymous connect, if allowed).
pub fn connect_request(data: &[u8]) -> Result<ConnectRequest, String> {
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(ConnectRequest::default());
    }
    serde_json::from_slice(data).map_err(|e| format!("bad connect request: {e}"))
}

/// A unidirectional session over `transport`, connected with `req`.
fn connect(
    node: &Arc<Node>,
    transport: &'static str,
    req: ConnectRequest,
    forwarded: Vec<(String, String)>,
) -> Arc<Session> {
    let session = Session::carried(
        node.clone(),
        Carrier {
            transport,
            protocol: Protocol::Json,
            uni: true,
            session_id: Some(uuid::Uuid::new_v4().to_string()),
            forwarded,
        },
    );
    session.connect_unidirectional(req);
    session
}

/// `/connection/uni_http_stream` (POST).
pub async fn http_stream(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::gate(&app, &method, &headers, "POST, OPTIONS") {
        return r;
    }
    let limit = app.node.config.uni_http_stream.max_request_body_size;
    let data = match super::read_body(body, limit, "uni_http_stream connect request").await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let req = match connect_request(&data) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    let forwarded = app.node.proxies.capture(&headers);
    let session = connect(&app.node, "uni_http_stream", req, forwarded);
    let spec = StreamSpec {
        framing: Framing::Lines,
        content_type: "application/json",
        preamble: false,
    };
    stream(&app, session, spec, &headers, || {})
}

/// `/connection/uni_sse` (GET with `cf_connect`, or POST).
pub async fn sse(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::gate(&app, &method, &headers, "GET, POST, OPTIONS") {
        return r;
    }
    let limit = app.node.config.uni_sse.max_request_body_size;
    let data = match super::sse::first_request(
        &method,
        &uri,
        body,
        limit,
        "uni_sse connect request",
    )
    .await
    {
        Ok(d) => d,
        Err(r) => return r,
    };
    let req = match connect_request(&data) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    let forwarded = app.node.proxies.capture(&headers);
    let session = connect(&app.node, "uni_sse", req, forwarded);
    stream(&app, session, super::sse::SPEC, &headers, || {})
}

/// `/connection/uni_websocket`.
pub async fn websocket(State(app): State<AppState>, mut req: Request) -> Response {
    if let Err(r) = check_origin(&app, req.headers()) {
        return r;
    }
    if !fastwebsockets::upgrade::is_upgrade_request(&req) {
        return bad_request("expected a WebSocket upgrade request");
    }
    let (resp, fut) = match fastwebsockets::upgrade::upgrade(&mut req) {
        Ok(v) => v,
        Err(e) => return bad_request(format!("bad WebSocket handshake: {e}")),
    };
    let node = app.node.clone();
    let forwarded = node.proxies.capture(req.headers());
    app.tasks.spawn(async move {
        let Ok(ws) = fut.await else {
            return;
        };
        let io: TokioIo<hyper::upgrade::Upgraded> = ws.into_inner();
        let Ok(parts) = io.into_inner().downcast::<TokioIo<TcpStream>>() else {
            tracing::error!("uni_websocket upgrade did not hand back the TcpStream");
            return;
        };
        let tcp = Arc::new(parts.io.into_inner());
        let _ = tcp.set_nodelay(true);
        let early = parts.read_buf.to_vec();
        let r = std::io::Cursor::new(early).chain(SharedTcp(tcp.clone()));
        run_websocket(node, r, SharedTcp(tcp), forwarded).await;
    });
    let (parts, _) = resp.into_parts();
    Response::from_parts(parts, Body::empty())
}

/// One `uni_websocket` connection: the connect request, then pushes until either side ends.
async fn run_websocket<R>(node: Arc<Node>, r: R, w: SharedTcp, forwarded: Vec<(String, String)>)
where
    R: tokio::io::AsyncRead + Unpin,
{
    let cfg = &node.config.uni_websocket;
    let write_timeout = node.config.websocket.write_timeout.value;
    let mut read = FrameReader::new(r, cfg.message_size_limit);
    let mut write = FrameWriter::new(w);
    // The connect request must come within the stale delay, as any connect.
    let wait = node
        .config
        .client
        .stale_close_delay
        .value
        .max(Duration::from_secs(1));
    let first = match tokio::time::timeout(wait, read.next()).await {
        Ok(Ok(f)) if f.opcode == OpCode::Text && f.fin => Ok(f.payload),
        Ok(Err(FrameError::TooBig)) => Err(Disconnect::MESSAGE_TOO_BIG),
        Ok(Err(FrameError::Eof | FrameError::Io(_))) => return,
        Err(_) => Err(Disconnect::STALE),
        Ok(_) => Err(Disconnect::BAD_REQUEST),
    };
    let req = first.and_then(|p| {
        connect_request(&p).map_err(|e| {
            tracing::debug!(error = %e, "uni_websocket connect request");
            Disconnect::BAD_REQUEST
        })
    });
    let req = match req {
        Ok(r) => r,
        Err(code) => {
            let d = Disconnect::new(code);
            let _ = tokio::time::timeout(write_timeout, write.write_close(d.code, &d.reason)).await;
            return;
        }
    };
    let session = connect(&node, "uni_websocket", req, forwarded);
    let join = cfg.join_push_messages;
    let inflight = node
        .metrics
        .connections_inflight
        .get_or_create(&crate::server::metrics::TransportLabel {
            transport: "uni_websocket",
        })
        .clone();
    inflight.inc();
    let reader = async {
        loop {
            match read.next().await {
                Ok(f) if f.opcode == OpCode::Close => return,
                Ok(f) if f.opcode == OpCode::Ping => session.outbox.pong(f.payload.freeze()),
                // a unidirectional client has nothing more to say: other frames are ignored
                Ok(_) => {}
                Err(_) => return,
            }
        }
    };
    let writer = async {
        let mut queued = VecDeque::new();
        let (mut raw, mut pong) = (None, None);
        loop {
            let next = session.outbox.next(&mut queued, &mut raw, &mut pong).await;
            let msgs: Vec<Bytes> = queued.drain(..).map(|m| unwrap_push(&m)).collect();
            let result = tokio::time::timeout(write_timeout, async {
                if let Some(p) = pong.take() {
                    write.write_pong(&p).await?;
                }
                if join {
                    write.write_batch(&msgs).await
                } else {
                    for m in &msgs {
                        write.write_batch(std::slice::from_ref(m)).await?;
                    }
                    Ok(())
                }
            })
            .await
            .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()));
            match next {
                Next::Messages if result.is_err() => return,
                Next::Messages => {}
                Next::Close(d) => {
                    if d.code != 3000 && result.is_ok() {
                        let _ = tokio::time::timeout(
                            write_timeout,
                            write.write_close(d.code, &d.reason),
                        )
                        .await;
                    }
                    return;
                }
            }
        }
    };
    tokio::select! {
        () = reader => {}
        () = writer => {}
        () = session.run_timers() => {}
    }
    session.close(Disconnect::new(3000));
    session.cleanup();
    inflight.dec();
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn connect_requests_decode_or_name_the_problem() {
        let r = connect_request(br#"{"token":"t","name":"app","subs":{"c":{}}}"#).unwrap();
        assert_eq!((r.token.as_str(), r.name.as_str()), ("t", "app"));
        assert!(r.subs.contains_key("c"));
        assert!(connect_request(b"").unwrap().token.is_empty());
        let e = connect_request(br#"{"token": 5}"#).unwrap_err();
        assert!(e.contains("bad connect request"), "{e}");
        assert!(connect_request(b"\xff").is_err());
    }
}

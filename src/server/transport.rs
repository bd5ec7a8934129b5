//! The transports beside `/connection/websocket`, as Centrifugo serves them:
//! - bidirectional emulation for browsers behind proxies that block WebSocket: the server's
//!   half streams over [`http_stream`] (JSON lines or length-delimited Protobuf) or [`sse`]
//!   (JSON in `data:` events), and the client's commands come to [`emulation`] with the
//!   session id its connect reply carried;
//! - unidirectional transports ([`uni`]): one connect request in, pushes out, over a
//!   WebSocket, SSE or an HTTP stream.
//!
//! Each runs the same [`Session`] as a WebSocket. This module holds what the streamed ones
//! share: the body limit, the origin check, and [`stream`], which turns a session's outbox
//! into a response body.

// An early answer (a refused origin, a bad body) is a whole response.
#![allow(clippy::result_large_err)]

pub mod emulation;
pub mod http_stream;
pub mod sse;
pub mod uni;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};

use super::metrics::TransportLabel;
use super::outbox::Next;
use super::session::Session;
use super::AppState;
use crate::proto::client::PushEvent;
use crate::proto::codes::Disconnect;

/// How a streamed transport frames each message of the session's outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// JSON, one message per line (`http_stream`, `uni_http_stream`).
    Lines,
    /// Protobuf: the messages carry their varint lengths, so they are concatenated.
    Delimited,
    /// Server-Sent Events: `data: <json>` and a blank line per message.
    Sse,
}

/// The prefix of every JSON push a session queues; a unidirectional client gets the push
/// without it (and without the closing brace).
const PUSH_ENVELOPE: &[u8] = br#"{"push":"#;

/// A queued JSON message as a unidirectional client gets it: a push without its envelope
/// (pings, `{}`, stay as they are).
fn unwrap_push(m: &Bytes) -> Bytes {
    if m.starts_with(PUSH_ENVELOPE) && m.ends_with(b"}") {
        m.slice(PUSH_ENVELOPE.len()..m.len() - 1)
    } else {
        m.clone()
    }
}

/// Appends `msgs` to `out`, framed.
fn frame_into(out: &mut BytesMut, msgs: &[Bytes], framing: Framing, uni: bool) {
    for m in msgs {
        let m = if uni { unwrap_push(m) } else { m.clone() };
        match framing {
            Framing::Lines => {
                out.extend_from_slice(&m);
                out.extend_from_slice(b"\n");
            }
            Framing::Delimited => out.extend_from_slice(&m),
            Framing::Sse => {
                out.extend_from_slice(b"data: ");
                out.extend_from_slice(&m);
                out.extend_from_slice(b"\n\n");
            }
        }
    }
}

/// Whether a close code tells the client to reconnect (codes.md's ranges).
fn reconnects(code: u16) -> bool {
    !(3500..4000).contains(&code) && !(4500..5000).contains(&code)
}

/// Whether `origin` (if the request has one) may connect: `client.allowed_origins`, as for
/// WebSocket. A refused origin gets 403.
fn check_origin(app: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !super::ws::origin_allowed(&app.node.config.client.allowed_origins, origin) {
            tracing::info!(origin, "origin not allowed (client.allowed_origins)");
            return Err((StatusCode::FORBIDDEN, "origin not allowed\n").into_response());
        }
    }
    Ok(())
}

/// The CORS headers of an allowed cross-origin request.
fn cors(headers: &HeaderMap, resp: &mut Response) {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// The answer to a browser's pre-flight `OPTIONS`.
fn preflight(app: &AppState, headers: &HeaderMap, methods: &'static str) -> Response {
    if let Err(r) = check_origin(app, headers) {
        return r;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("300"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(methods),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    cors(headers, &mut resp);
    resp
}

/// The common start of a transport's handler: a pre-flight `OPTIONS` is answered, a method
/// not in `allowed` (e.g. `"GET, POST, OPTIONS"`) gets 405 and a refused origin 403. `None`
/// means go on.
fn gate(
    app: &AppState,
    method: &axum::http::Method,
    headers: &HeaderMap,
    allowed: &'static str,
) -> Option<Response> {
    if method == axum::http::Method::OPTIONS {
        return Some(preflight(app, headers, allowed));
    }
    if !allowed.split(", ").any(|m| m == method.as_str()) {
        return Some(StatusCode::METHOD_NOT_ALLOWED.into_response());
    }
    check_origin(app, headers).err()
}

/// Reads a request body of at most `limit` bytes; a larger one is 413, a broken one 400.
async fn read_body(body: Body, limit: usize, what: &str) -> Result<Bytes, Response> {
    match axum::body::to_bytes(body, limit).await {
        Ok(b) => Ok(b),
        Err(e) => {
            let too_big = std::error::Error::source(&e)
                .is_some_and(<dyn std::error::Error>::is::<http_body_util::LengthLimitError>);
            if too_big {
                Err((
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("{what} is larger than its max_request_body_size ({limit} bytes)\n"),
                )
                    .into_response())
            } else {
                Err((
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the {what}: {e}\n"),
                )
                    .into_response())
            }
        }
    }
}

/// What [`stream`] needs besides the session.
#[derive(Debug, Clone, Copy)]
pub struct StreamSpec {
    pub framing: Framing,
    /// The response's `Content-Type`.
    pub content_type: &'static str,
    /// SSE: a first `\r\n` so proxies and the browser see the stream open at once.
    pub preamble: bool,
}

/// Serves `session` as a streamed response: everything its outbox queues, framed, until it
/// closes (the close goes as a `disconnect` push first) or the client goes away (the body
/// is dropped). A client that stops reading for `websocket.write_timeout` is dropped too.
/// The session's timers run alongside. Returns the response at once; `on_end` runs when the
/// stream is over and the session cleaned up.
pub fn stream(
    app: &AppState,
    session: Arc<Session>,
    spec: StreamSpec,
    request_headers: &HeaderMap,
    on_end: impl FnOnce() + Send + 'static,
) -> Response {
    let node = app.node.clone();
    let uni = session.is_uni();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let inflight = node
        .metrics
        .connections_inflight
        .get_or_create(&TransportLabel {
            transport: session.transport(),
        })
        .clone();
    inflight.inc();
    let write_timeout = node.config.websocket.write_timeout.value;
    let framing = spec.framing;
    let preamble = spec.preamble;
    app.tasks.spawn(async move {
        let send = |chunk: Bytes| {
            let tx = tx.clone();
            async move {
                matches!(
                    tokio::time::timeout(write_timeout, tx.send(chunk)).await,
                    Ok(Ok(()))
                )
            }
        };
        let writer = async {
            if preamble && !send(Bytes::from_static(b"\r\n")).await {
                return;
            }
            let mut queued = VecDeque::new();
            let (mut raw, mut pong) = (None, None);
            loop {
                let next = session.outbox.next(&mut queued, &mut raw, &mut pong).await;
                let mut out = BytesMut::new();
                frame_into(&mut out, queued.make_contiguous(), framing, uni);
                queued.clear();
                if let Next::Close(d) = &next {
                    if d.code != 3000 {
                        let ev = PushEvent::Disconnect {
                            code: u32::from(d.code),
                            reason: &d.reason,
                            reconnect: reconnects(d.code),
                        };
                        if let Some(m) = session.protocol().push("", &ev) {
                            frame_into(&mut out, &[Bytes::from(m)], framing, uni);
                        }
                    }
                }
                if !out.is_empty() && !send(out.freeze()).await {
                    tracing::debug!("stream write timed out or the client left: dropping it");
                    return;
                }
                if matches!(next, Next::Close(_)) {
                    return;
                }
            }
        };
        tokio::select! {
            () = writer => {}
            () = session.run_timers() => {}
            () = tx.closed() => {}
        }
        session.close(Disconnect::new(3000));
        session.cleanup();
        on_end();
        inflight.dec();
    });
    let body = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|c| c.map(Ok::<_, Infallible>))
    });
    let mut resp = Response::new(Body::from_stream(body));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(spec.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache, no-store, must-revalidate, max-age=0"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    cors(request_headers, &mut resp);
    resp
}

/// The code of a refused first request of a streamed transport, before any session exists.
fn bad_request(why: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn frames_per_transport() {
        let msgs = [
            Bytes::from_static(br#"{"push":{"channel":"c","pub":{"data":1}}}"#),
            Bytes::from_static(b"{}"),
        ];
        let framed = |framing, uni| {
            let mut out = BytesMut::new();
            frame_into(&mut out, &msgs, framing, uni);
            String::from_utf8(out.to_vec()).unwrap()
        };
        assert_eq!(
            framed(Framing::Lines, false),
            "{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":1}}}\n{}\n"
        );
        assert_eq!(
            framed(Framing::Lines, true),
            "{\"channel\":\"c\",\"pub\":{\"data\":1}}\n{}\n"
        );
        assert_eq!(
            framed(Framing::Sse, true),
            "data: {\"channel\":\"c\",\"pub\":{\"data\":1}}\n\ndata: {}\n\n"
        );
        let pb = [Bytes::from_static(&[2, 8, 1]), Bytes::from_static(&[0])];
        let mut out = BytesMut::new();
        frame_into(&mut out, &pb, Framing::Delimited, false);
        assert_eq!(&out[..], &[2, 8, 1, 0]);
    }

    #[test]
    fn reconnect_advice_follows_the_code_ranges() {
        assert!(reconnects(3001) && reconnects(4001) && reconnects(5000));
        assert!(!reconnects(3501) && !reconnects(4501));
    }
}

//! `POST /emulation`: the client-to-server half of bidirectional emulation. An emulated
//! connection (`http_stream` or `sse`) gets a session id and its node's id in its connect
//! reply; each later command frame comes here as `{"node", "session", "data"}` (JSON, `data`
//! being the frame as a JSON string) or as a Protobuf `EmulationRequest`
//! (`Content-Type: application/octet-stream`).
//!
//! Answers as Centrifugo's handler: 204 once the frame is handled, also when the node has
//! no such session (the stream has ended: the answer says nothing about which sessions
//! exist); 404 for a node that is not in the cluster; 400 for a body that does not decode;
//! 413 over `emulation.max_request_body_size`. On the Redis engine, a frame for another node
//! goes to it over the control channel.
//!
//! [`Sessions`] is the node's registry of emulated sessions by id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use prost::Message as _;
use serde::Deserialize;

use super::{bad_request, cors, read_body};
use crate::proto::codec::protobuf::wire;
use crate::proto::codec::Protocol;
use crate::server::node::Node;
use crate::server::session::{Carrier, Session};
use crate::server::AppState;

/// The emulated sessions of this node, by session id. Entries are removed when their stream
/// ends; a `Weak` never keeps a session alive.
#[derive(Debug, Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Weak<Session>>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Weak<Session>>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn register(&self, id: &str, s: &Arc<Session>) {
        self.lock().insert(id.to_string(), Arc::downgrade(s));
    }

    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        self.lock().get(id).and_then(Weak::upgrade)
    }
}

/// Opens an emulated session over `transport`: a fresh session id, registered, and the first
/// frame (the connect command) handled. Returns the session and what to run when its stream
/// ends.
pub fn open(
    app: &AppState,
    transport: &'static str,
    protocol: Protocol,
    first: &[u8],
    forwarded: Vec<(String, String)>,
) -> (Arc<Session>, impl FnOnce() + Send + 'static) {
    let id = uuid::Uuid::new_v4().to_string();
    let session = Session::carried(
        app.node.clone(),
        Carrier {
            transport,
            protocol,
            uni: false,
            session_id: Some(id.clone()),
            forwarded,
        },
    );
    app.node.emulation.register(&id, &session);
    handle_frame(&session, first);
    let node = app.node.clone();
    (session, move || node.emulation.remove(&id))
}

/// Hands one frame to a session, in its protocol.
fn handle_frame(session: &Arc<Session>, frame: &[u8]) {
    match session.protocol() {
        Protocol::Protobuf => session.handle_binary(frame),
        Protocol::Json => match std::str::from_utf8(frame) {
            Ok(text) => session.handle_frame(text),
            Err(_) => session.close(crate::proto::codes::Disconnect::new(
                crate::proto::codes::Disconnect::BAD_REQUEST,
            )),
        },
    }
}

/// A decoded emulation request.
#[derive(Debug)]
pub struct Request {
    pub node: String,
    pub session: String,
    /// The frame: for a JSON session the contents of the `data` string, for a Protobuf one
    /// the bytes.
    pub data: Vec<u8>,
}

#[derive(Deserialize)]
struct JsonRequest {
    #[serde(default)]
    node: String,
    #[serde(default)]
    session: String,
    data: Box<serde_json::value::RawValue>,
}

/// Decodes a request body. JSON: `data` is the frame as a JSON string (an object or an array
/// is taken as the frame's text). Protobuf: an `EmulationRequest`, whose `data` is the frame.
pub fn decode(body: &[u8], protobuf: bool) -> Result<Request, String> {
    if protobuf {
        let r = wire::EmulationRequest::decode(body).map_err(|e| e.to_string())?;
        return Ok(Request {
            node: r.node,
            session: r.session,
            data: r.data,
        });
    }
    let r: JsonRequest = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let raw = r.data.get();
    let data = if raw.starts_with('"') {
        serde_json::from_str::<String>(raw)
            .map_err(|e| format!("data: {e}"))?
            .into_bytes()
    } else {
        raw.as_bytes().to_vec()
    };
    if r.session.is_empty() {
        return Err("session: missing".into());
    }
    Ok(Request {
        node: r.node,
        session: r.session,
        data,
    })
}

/// Delivers a frame to a session of this node. Returns whether the session exists.
pub fn deliver(node: &Node, session: &str, data: &[u8]) -> bool {
    let Some(s) = node.emulation.get(session) else {
        return false;
    };
    handle_frame(&s, data);
    true
}

/// A frame for a session of this node that another node received (the control channel's
/// `emulation` message).
pub fn on_remote(node: &Node, msg: &serde_json::Value) {
    let session = msg["session"].as_str().unwrap_or_default();
    let Some(data) = msg["data"]
        .as_str()
        .and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok())
    else {
        tracing::debug!("emulation message without data");
        return;
    };
    if !deliver(node, session, &data) {
        tracing::debug!("emulation request for a session this node no longer holds");
    }
}

/// `/emulation`.
pub async fn handler(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::gate(&app, &method, &headers, "POST, OPTIONS") {
        return r;
    }
    let limit = app.node.config.emulation.max_request_body_size;
    let body = match read_body(body, limit, "emulation request").await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let protobuf = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/octet-stream");
    let req = match decode(&body, protobuf) {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(error = %e, "undecodable emulation request");
            return bad_request(format!("bad emulation request: {e}"));
        }
    };
    let node = &app.node;
    let status = if req.node.is_empty() || req.node == node.uid {
        deliver(node, &req.session, &req.data);
        StatusCode::NO_CONTENT
    } else if node.has_peer(&req.node) {
        let msg = serde_json::json!({
            "type": "emulation",
            "node": node.uid,
            "target": req.node,
            "session": req.session,
            "data": base64::engine::general_purpose::STANDARD.encode(&req.data),
        });
        match node.engine.redis() {
            Some(r) => match r.publish_control(msg.to_string().as_bytes()) {
                Ok(()) => StatusCode::NO_CONTENT,
                Err(e) => {
                    tracing::warn!(code = e.code, "cannot forward an emulation request");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            },
            None => StatusCode::NOT_FOUND,
        }
    } else {
        StatusCode::NOT_FOUND
    };
    let mut resp = status.into_response();
    cors(&headers, &mut resp);
    resp
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn json_requests_carry_the_frame_as_a_string() {
        let r = decode(
            br#"{"node":"n1","session":"s1","data":"{\"id\":2,\"subscribe\":{\"channel\":\"c\"}}"}"#,
            false,
        )
        .unwrap();
        assert_eq!((r.node.as_str(), r.session.as_str()), ("n1", "s1"));
        assert_eq!(r.data, br#"{"id":2,"subscribe":{"channel":"c"}}"#);
        // the frame as a JSON value is accepted too
        let r = decode(br#"{"session":"s","data":{"id":3}}"#, false).unwrap();
        assert_eq!(r.data, br#"{"id":3}"#);
    }

    #[test]
    fn bad_requests_name_what_is_wrong() {
        assert!(decode(b"[]", false).is_err());
        assert!(decode(b"not json", false).is_err());
        let e = decode(br#"{"node":"n","data":"x"}"#, false).unwrap_err();
        assert!(e.contains("session"), "{e}");
        assert!(decode(&[0xff, 0xff], true).is_err());
        let pb = wire::EmulationRequest {
            node: "n".into(),
            session: "s".into(),
            data: vec![1, 2],
        }
        .encode_to_vec();
        let r = decode(&pb, true).unwrap();
        assert_eq!((r.session.as_str(), r.data), ("s", vec![1, 2]));
    }
}

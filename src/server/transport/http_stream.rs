//! `POST /connection/http_stream` (`http_stream.enabled`): bidirectional emulation's
//! server-to-client half over a streamed response. The body is the client's first frame (its
//! connect command); `Content-Type: application/octet-stream` selects Protobuf, anything
//! else JSON. The response streams every reply and push: JSON one per line, Protobuf
//! length-delimited. The client's later commands come through [`super::emulation`].

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;

use super::{read_body, stream, Framing, StreamSpec};
use crate::proto::codec::Protocol;
use crate::server::AppState;

/// `/connection/http_stream`.
pub async fn handler(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::gate(&app, &method, &headers, "POST, OPTIONS") {
        return r;
    }
    let protobuf = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/octet-stream");
    let limit = app.node.config.http_stream.max_request_body_size;
    let data = match read_body(body, limit, "http_stream connect request").await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (protocol, spec) = if protobuf {
        (
            Protocol::Protobuf,
            StreamSpec {
                framing: Framing::Delimited,
                content_type: "application/octet-stream",
                preamble: false,
            },
        )
    } else {
        (
            Protocol::Json,
            StreamSpec {
                framing: Framing::Lines,
                content_type: "application/json",
                preamble: false,
            },
        )
    };
    let forwarded = app.node.proxies.capture(&headers);
    let (session, on_end) = super::emulation::open(&app, "http_stream", protocol, &data, forwarded);
    stream(&app, session, spec, &headers, on_end)
}

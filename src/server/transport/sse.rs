//! `/connection/sse` (`sse.enabled`): bidirectional emulation's server-to-client half over
//! Server-Sent Events, JSON only. A browser's `EventSource` can only GET, so the connect
//! command comes in the `cf_connect` query parameter; a POST may carry it as its body. Each
//! reply and push is one `data:` event. The client's later commands come through
//! [`super::emulation`].

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::{bad_request, read_body, stream, Framing, StreamSpec};
use crate::proto::codec::Protocol;
use crate::server::AppState;

/// The query parameter that carries the first frame of a GET.
pub const CONNECT_PARAM: &str = "cf_connect";

/// The SSE response's framing.
pub const SPEC: StreamSpec = StreamSpec {
    framing: Framing::Sse,
    content_type: "text/event-stream; charset=utf-8",
    preamble: true,
};

/// The first request of a GET (`cf_connect`) or POST (the body), bounded by `limit`.
pub async fn first_request(
    method: &Method,
    uri: &Uri,
    body: Body,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, Response> {
    if *method == Method::GET {
        let value = uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == CONNECT_PARAM)
                .map(|(_, v)| v.into_owned())
        });
        match value {
            Some(v) if !v.is_empty() => {
                if v.len() > limit {
                    return Err((
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("{CONNECT_PARAM} is longer than max_request_body_size ({limit} bytes)\n"),
                    )
                        .into_response());
                }
                Ok(v.into_bytes())
            }
            _ => Err(bad_request(format!(
                "no connect request: pass it in the {CONNECT_PARAM} query parameter"
            ))),
        }
    } else if *method == Method::POST {
        read_body(body, limit, what).await.map(|b| b.to_vec())
    } else {
        Err(StatusCode::METHOD_NOT_ALLOWED.into_response())
    }
}

/// `/connection/sse`.
pub async fn handler(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(r) = super::gate(&app, &method, &headers, "GET, POST, OPTIONS") {
        return r;
    }
    let limit = app.node.config.sse.max_request_body_size;
    let data = match first_request(&method, &uri, body, limit, "sse connect request").await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let forwarded = app.node.proxies.capture(&headers);
    let (session, on_end) = super::emulation::open(&app, "sse", Protocol::Json, &data, forwarded);
    stream(&app, session, SPEC, &headers, on_end)
}

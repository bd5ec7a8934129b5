//! The HTTP server API at `POST /api/<method>`: API-key auth, body limits, decoding, the
//! response envelope and HTTP statuses (shared/spec/server-api.md §1). Each method is one call
//! on the [`Node`] (push methods go to its push handle, on a blocking thread); `batch` reuses
//! the same dispatch.

use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::secret_eq;
use super::node::Node;
use super::AppState;
use crate::proto::{api, ApiError};

/// Why a call produced no API result.
#[derive(Debug)]
pub enum CallError {
    /// The body is not valid JSON for the method: HTTP 400.
    Decode(String),
    /// No such method: HTTP 404.
    UnknownMethod,
    /// An API error (code + message) in the envelope.
    Api(ApiError),
}

/// Decodes a request body as Centrifugo does: a JSON object, strictly typed (a known field
/// of the wrong type, a negative or fractional number where an unsigned integer belongs, an
/// array where an object belongs, invalid UTF-8 are all refused). An empty body and a body
/// that is not an object are refused too. Unknown fields are ignored.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, CallError> {
    crate::proto::strict::from_body(body).map_err(CallError::Decode)
}

fn to_value<T: Serialize>(r: Result<T, ApiError>) -> Result<serde_json::Value, CallError> {
    match r {
        Ok(v) => serde_json::to_value(v).map_err(|_| CallError::Api(ApiError::internal())),
        Err(e) => Err(CallError::Api(e.for_api())),
    }
}

/// Runs one API method on the node; the result as JSON.
pub fn call(node: &Node, method: &str, body: &[u8]) -> Result<serde_json::Value, CallError> {
    run(node, method, body, false)
}

/// The method and parameters of one batch command (`{"<method>": {..}}`), if it has exactly
/// one non-null entry.
fn one_command(cmd: &serde_json::Value) -> Option<(&str, &serde_json::Value)> {
    let map = cmd.as_object()?;
    let mut entries = map.iter().filter(|(_, v)| !v.is_null());
    match (entries.next(), entries.next()) {
        (Some((m, p)), None) => Some((m.as_str(), p)),
        _ => None,
    }
}

/// [`call`]; with `dry`, only decodes the body (and answers `null`).
fn run(node: &Node, method: &str, body: &[u8], dry: bool) -> Result<serde_json::Value, CallError> {
    match method {
        "publish" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_publish(r))
        }
        "broadcast" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_broadcast(r))
        }
        "subscribe" => {
            let r = decode::<api::SubscribeRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_subscribe(&r))
        }
        "unsubscribe" => {
            let r = decode::<api::UnsubscribeRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_unsubscribe(&r))
        }
        "disconnect" => {
            let r = decode::<api::DisconnectRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_disconnect(&r))
        }
        "refresh" => {
            let r = decode::<api::RefreshRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_refresh(&r))
        }
        "presence" => {
            let r = decode::<api::ChannelRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_presence(&r))
        }
        "presence_stats" => {
            let r = decode::<api::ChannelRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_presence_stats(&r))
        }
        "history" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_history(r))
        }
        "map_publish" => {
            let r = decode::<crate::proto::map::MapPublishRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().publish(r))
        }
        "map_remove" => {
            let r = decode::<crate::proto::map::MapRemoveRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().remove(&r))
        }
        "map_read_state" => {
            let r = decode::<crate::proto::map::MapReadStateRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().read_state(&r))
        }
        "map_read_stream" => {
            let r = decode::<crate::proto::map::MapReadStreamRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().read_stream(&r))
        }
        "map_stats" => {
            let r = decode::<api::ChannelRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().stats(&r.channel))
        }
        "map_clear" => {
            let r = decode::<api::ChannelRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.map_api().clear(&r.channel).map(|()| api::Empty {}))
        }
        "shared_poll_publish" => {
            let r = decode::<crate::server::poll::wire::SharedPollPublishRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(crate::server::poll::publish(node, r).map(|()| api::Empty {}))
        }
        "history_remove" => {
            let r = decode::<api::ChannelRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_history_remove(&r))
        }
        "channels" => {
            let r = decode::<api::ChannelsRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_channels(&r))
        }
        "info" => {
            let _: api::InfoRequest = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(Ok(node.api_info()))
        }
        "rpc" => {
            let r = decode::<api::RpcRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_rpc(&r))
        }
        "connections" => {
            let r = decode::<api::ConnectionsRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_connections(&r))
        }
        "block_user" => {
            let r = decode::<api::BlockUserRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_block_user(&r))
        }
        "unblock_user" => {
            let r = decode::<api::UnblockUserRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_unblock_user(&r))
        }
        "revoke_token" => {
            let r = decode::<api::RevokeTokenRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_revoke_token(&r))
        }
        "invalidate_user_tokens" => {
            let r = decode::<api::InvalidateUserTokensRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_invalidate_user_tokens(&r))
        }
        "access_list" => {
            let _: api::Empty = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(Ok(node.api_access_list()))
        }
        "rate_limit" => {
            let r = decode::<crate::proto::ratelimit::CheckRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_rate_limit(&r))
        }
        "update_user_status" => {
            let r = decode::<api::UpdateUserStatusRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_update_user_status(&r))
        }
        "get_user_status" => {
            let r = decode::<api::UsersRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_get_user_status(&r))
        }
        "delete_user_status" => {
            let r = decode::<api::UsersRequest>(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.api_delete_user_status(&r))
        }
        "device_register" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_register(&r))
        }
        "device_update" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_update(&r))
        }
        "device_remove" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_remove(&r))
        }
        "device_list" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_list(&r))
        }
        "device_topic_list" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_topic_list(&r))
        }
        "device_topic_update" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.device_topic_update(&r))
        }
        "user_topic_list" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.user_topic_list(&r))
        }
        "user_topic_update" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.user_topic_update(&r))
        }
        "send_push_notification" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.send_push_notification(&r))
        }
        "cancel_push" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.cancel_push(&r))
        }
        "update_push_status" => {
            let r = decode(body)?;
            if dry {
                return Ok(serde_json::Value::Null);
            }
            to_value(node.push.update_push_status(&r))
        }
        "batch" => {
            let req: api::BatchRequest = decode(body)?;
            // as Centrifugo's, which decodes the whole batch first: one command that does
            // not decode refuses the batch, before any command runs
            for (method, params) in req.commands.iter().filter_map(one_command) {
                if method != "batch" && api::METHODS.contains(&method) {
                    let body = serde_json::to_vec(params).unwrap_or_default();
                    if let Err(CallError::Decode(e)) = run(node, method, &body, true) {
                        return Err(CallError::Decode(format!("batch command {method}: {e}")));
                    }
                }
            }
            if dry {
                return Ok(serde_json::Value::Null);
            }
            Ok(serde_json::to_value(batch(node, req)).unwrap_or_default())
        }
        _ => Err(CallError::UnknownMethod),
    }
}

/// Runs every command of a batch in order; each reply is `{"<method>":{..}}` or `{"error":{..}}`.
pub fn batch(node: &Node, req: api::BatchRequest) -> api::BatchResponse {
    // Publications of one batch reach each connection in one write.
    let _coalesce = super::outbox::Coalesce::begin();
    let replies = req
        .commands
        .into_iter()
        .map(|cmd| {
            let err = |e: ApiError| serde_json::json!({ "error": e.for_api() });
            let Some((method, params)) = one_command(&cmd) else {
                return err(ApiError::bad_request());
            };
            if method == "batch" || !api::METHODS.contains(&method) {
                return err(ApiError::new(crate::proto::codes::METHOD_NOT_FOUND));
            }
            let body = serde_json::to_vec(params).unwrap_or_default();
            match call(node, method, &body) {
                Ok(v) => serde_json::json!({ method: v }),
                Err(CallError::Api(e)) => err(e),
                Err(CallError::Decode(_)) => err(ApiError::bad_request()),
                Err(CallError::UnknownMethod) => {
                    err(ApiError::new(crate::proto::codes::METHOD_NOT_FOUND))
                }
            }
        })
        .collect();
    api::BatchResponse { replies }
}

/// `publish` and `broadcast` on the Redis engine, without blocking a worker.
async fn call_redis_publish(
    node: &Node,
    method: &str,
    body: &[u8],
) -> Result<serde_json::Value, CallError> {
    if method == "publish" {
        to_value(node.api_publish_redis(decode(body)?).await)
    } else {
        to_value(node.api_broadcast_redis(decode(body)?).await)
    }
}

/// Whether `method` may block on a store, so the handler runs it on a blocking thread: the
/// push methods, and a batch when push is on (it may hold push commands).
fn blocks(node: &Node, method: &str) -> bool {
    crate::proto::push::METHODS.contains(&method)
        || crate::proto::push::send::METHODS.contains(&method)
        || (method == "batch" && node.push.enabled())
}

/// Checks the API key: `X-API-Key`, else `Authorization: apikey K`, else `?api_key=`.
pub fn authorized(node: &Node, headers: &HeaderMap, query: Option<&str>) -> bool {
    let cfg = &node.config.http_api;
    if cfg.insecure {
        return true;
    }
    let key = cfg.key.as_str();
    if let Some(v) = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
    {
        if secret_eq(v, key) {
            return true;
        }
    } else if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let parts: Vec<&str> = v.split_whitespace().collect();
        if parts.len() == 2 && parts[0].eq_ignore_ascii_case("apikey") && secret_eq(parts[1], key) {
            return true;
        }
    }
    if let Some(q) = query {
        for pair in q.split('&') {
            if let Some(v) = pair.strip_prefix("api_key=") {
                if secret_eq(v, key) {
                    return true;
                }
            }
        }
    }
    false
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{text}\n"),
    )
        .into_response()
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The HTTP status of an API error in transport error mode.
pub fn transport_status(code: u32) -> StatusCode {
    match code {
        102 | 104 => StatusCode::NOT_FOUND,
        107 | 108 => StatusCode::BAD_REQUEST,
        112 => StatusCode::RANGE_NOT_SATISFIABLE,
        113 => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `/api/{method}`.
pub async fn handler(
    State(app): State<AppState>,
    Path(method): Path<String>,
    req: Request,
) -> Response {
    let node = &app.node;
    if req.method() != Method::POST {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    if !authorized(node, req.headers(), req.uri().query()) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if !api::METHODS.contains(&method.as_str()) {
        return plain(
            StatusCode::NOT_FOUND,
            &format!("unknown API method {method:?}"),
        );
    }
    let max_body = node.config.http_api.max_request_body_size;
    if req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > max_body)
    {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "request body over the {max_body} byte limit (http_api.max_request_body_size)"
            ),
        );
    }
    let transport_mode = node.config.http_api.error_mode == "transport"
        || req
            .headers()
            .get("x-centrifugo-error-mode")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"transport"));
    let body: Body = req.into_body();
    let Ok(bytes) = to_bytes(body, max_body).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "request body over the {max_body} byte limit (http_api.max_request_body_size)"
            ),
        );
    };
    let started = Instant::now();
    let redis_publish =
        node.engine.redis().is_some() && (method == "publish" || method == "broadcast");
    let result = if redis_publish {
        // the hot path on Redis: awaited, every channel's publish pipelined
        call_redis_publish(node, &method, &bytes).await
    } else if blocks(node, &method) {
        // The push store blocks (SQLite): run it off the async workers.
        let (node, m) = (app.node.clone(), method.clone());
        tokio::task::spawn_blocking(move || call(&node, &m, &bytes))
            .await
            .unwrap_or_else(|_| Err(CallError::Api(ApiError::internal())))
    } else {
        call(node, &method, &bytes)
    };
    node.metrics
        .api_duration
        .get_or_create(&super::metrics::ApiLabel {
            protocol: "http",
            method: method.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    match result {
        Ok(v) if method == "batch" => {
            json(StatusCode::OK, serde_json::to_vec(&v).unwrap_or_default())
        }
        Ok(v) => json(
            StatusCode::OK,
            serde_json::to_vec(&api::Envelope::Result(v)).unwrap_or_default(),
        ),
        Err(CallError::Decode(e)) => {
            count_error(node, &method, "unmarshal");
            tracing::debug!(method, error = %e, "bad API request body");
            plain(StatusCode::BAD_REQUEST, "Bad Request")
        }
        Err(CallError::UnknownMethod) => plain(StatusCode::NOT_FOUND, "Not Found"),
        Err(CallError::Api(e)) => {
            count_error(node, &method, &e.code.to_string());
            if transport_mode {
                json(
                    transport_status(e.code),
                    serde_json::to_vec(&e).unwrap_or_default(),
                )
            } else {
                json(
                    StatusCode::OK,
                    serde_json::to_vec(&api::Envelope::<()>::Error(e)).unwrap_or_default(),
                )
            }
        }
    }
}

fn count_error(node: &Node, method: &str, error: &str) {
    node.metrics
        .api_errors
        .get_or_create(&super::metrics::ApiErrorLabel {
            protocol: "http",
            method: method.to_string(),
            error: error.to_string(),
        })
        .inc();
}

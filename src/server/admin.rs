//! Admin endpoints: `POST /admin/auth` (password → token, failed logins throttled per client
//! IP) and `POST /admin/trace` (a never-ending NDJSON stream of trace events, with `null`
//! keep-alive lines, as Centrifugo's admin UI reads it). Auth: `Authorization: token <t>` from
//! `/admin/auth`, or `X-API-Key: <admin.api_key>`, compared in constant time.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;

use super::auth::{now_unix, secret_eq};
use super::node::Node;
use super::trace::{self, Target};
use super::AppState;

/// Failed logins allowed per IP within [`LOGIN_WINDOW`].
const LOGIN_ATTEMPTS: u32 = 5;
const LOGIN_WINDOW: Duration = Duration::from_secs(60);
/// How often an idle trace stream sends a `null` keep-alive line.
pub const KEEPALIVE: Duration = Duration::from_secs(10);
/// Admin login tokens live this long.
const TOKEN_TTL: i64 = 24 * 3600;

/// Failed login attempts per client IP.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl LoginThrottle {
    fn blocked(&self, ip: IpAddr) -> bool {
        let mut m = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.retain(|_, (_, since)| since.elapsed() < LOGIN_WINDOW);
        m.get(&ip).is_some_and(|(n, _)| *n >= LOGIN_ATTEMPTS)
    }
    fn fail(&self, ip: IpAddr) {
        let mut m = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = m.entry(ip).or_insert((0, Instant::now()));
        e.0 += 1;
    }
}

#[derive(Debug, serde::Serialize, Deserialize)]
struct AdminClaims {
    sub: String,
    exp: i64,
    aud: String,
}

fn issue_token(secret: &str) -> Option<String> {
    let claims = AdminClaims {
        sub: "admin".into(),
        exp: now_unix() + TOKEN_TTL,
        aud: "centri-admin".into(),
    };
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .ok()
}

fn token_valid(secret: &str, token: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.set_audience(&["centri-admin"]);
    jsonwebtoken::decode::<AdminClaims>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(secret.as_bytes()),
        &v,
    )
    .is_ok()
}

/// Whether a request may use the admin endpoints.
pub fn authorized(node: &Node, headers: &HeaderMap) -> bool {
    let a = &node.config.admin;
    if a.insecure {
        return true;
    }
    if let Some(k) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        if secret_eq(k, &a.api_key) {
            return true;
        }
    }
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let mut parts = v.split_whitespace();
        if let (Some(scheme), Some(t), None) = (parts.next(), parts.next(), parts.next()) {
            if scheme.eq_ignore_ascii_case("token") && token_valid(&a.secret, t) {
                return true;
            }
        }
    }
    false
}

/// The bearer token of `Authorization: Bearer <t>`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let mut parts = v.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(scheme), Some(t), None) if scheme.eq_ignore_ascii_case("bearer") => Some(t),
        _ => None,
    }
}

/// Lets a request through to the admin endpoints, or answers it: off (404), unauthorized
/// (401), or an OIDC token the access rule refuses (403). `Ok(Some(..))` names an operator
/// signed in with OIDC.
async fn gate(node: &Node, headers: &HeaderMap) -> Result<Option<super::oidc::Identity>, Response> {
    if !node.config.admin.enabled {
        return Err(off());
    }
    if authorized(node, headers) {
        return Ok(None);
    }
    if let (Some(oidc), Some(token)) = (&node.oidc, bearer(headers)) {
        return match oidc.verify(token).await {
            Ok(who) => Ok(Some(who)),
            Err(super::oidc::Refused::Forbidden(why)) => {
                tracing::info!(%why, "admin OIDC: access rule refused");
                Err((StatusCode::FORBIDDEN, format!("{why}\n")).into_response())
            }
            Err(why) => {
                tracing::info!(%why, "admin OIDC: token refused");
                Err((
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, "Bearer")],
                    format!("{why}\n"),
                )
                    .into_response())
            }
        };
    }
    Err(StatusCode::UNAUTHORIZED.into_response())
}

fn off() -> Response {
    (
        StatusCode::NOT_FOUND,
        "admin endpoints are off: set admin.enabled\n",
    )
        .into_response()
}

/// `GET /admin/oidc` (centri): what `centri login` needs to sign in to this server, the
/// provider's issuer, the OAuth client and the audience. Public, as the provider's own
/// discovery document is; 404 when `admin.oidc` is not set.
pub async fn oidc_info(State(app): State<AppState>) -> Response {
    let a = &app.node.config.admin;
    if !a.enabled {
        return off();
    }
    if !a.oidc.enabled() {
        return (
            StatusCode::NOT_FOUND,
            "admin.oidc is not configured on this server\n",
        )
            .into_response();
    }
    axum::Json(serde_json::json!({
        "issuer": a.oidc.issuer,
        "client_id": a.oidc.client_id,
        "audience": a.oidc.audience,
    }))
    .into_response()
}

/// `POST /admin/auth`: form or JSON field `password` → `{"token":..}`.
pub async fn auth(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let a = &app.node.config.admin;
    if !a.enabled {
        return off();
    }
    if a.password.is_empty() || a.secret.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            "password login is not configured (admin.password and admin.secret)\n",
        )
            .into_response();
    }
    let ip = peer.ip();
    if app.logins.blocked(ip) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "too many failed logins: wait a minute\n",
        )
            .into_response();
    }
    let Ok(body) = to_bytes(req.into_body(), 16 * 1024).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response();
    };
    let password = serde_json::from_slice::<Login>(&body)
        .map(|l| l.password)
        .ok()
        .or_else(|| {
            std::str::from_utf8(&body).ok().and_then(|s| {
                s.split('&')
                    .find_map(|kv| kv.strip_prefix("password=").map(percent_decode))
            })
        })
        .unwrap_or_default();
    if !secret_eq(&password, &a.password) {
        app.logins.fail(ip);
        tracing::warn!(%ip, "failed admin login");
        return (StatusCode::BAD_REQUEST, "wrong password\n").into_response();
    }
    match issue_token(&a.secret) {
        Some(token) => axum::Json(serde_json::json!({ "token": token })).into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Decodes `%XX` and `+` in a form value.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
                {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON form of a login.
#[derive(Deserialize)]
struct Login {
    password: String,
}

#[derive(Debug, Deserialize)]
struct TraceRequest {
    #[serde(rename = "type")]
    kind: String,
    entity: String,
}

/// `POST /admin/trace`: NDJSON events for a user or a channel until the client goes away.
pub async fn trace_stream(State(app): State<AppState>, req: Request) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    let Ok(body) = to_bytes(req.into_body(), 64 * 1024).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response();
    };
    let Ok(tr) = crate::proto::strict::from_body::<TraceRequest>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            "expected {\"type\":\"user\"|\"channel\",\"entity\":\"...\"}\n",
        )
            .into_response();
    };
    let target = match (tr.kind.as_str(), tr.entity.is_empty()) {
        ("user", false) => Target::User(tr.entity),
        ("channel", false) => Target::Channel(tr.entity),
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                "type must be \"user\" or \"channel\" and entity must not be empty\n",
            )
                .into_response()
        }
    };
    let (kind, entity) = match &target {
        Target::User(u) => ("user", u.as_str()),
        Target::Channel(c) => ("channel", c.as_str()),
    };
    tracing::info!(kind, entity, "tracer attached");
    let attached = node.attach_tracer(&target);
    let stream = futures_util::stream::unfold((attached, true), |(mut a, first)| async move {
        if first {
            // An immediate keep-alive tells the client the trace is live.
            return Some((
                Ok::<Bytes, Infallible>(Bytes::from_static(b"null\n")),
                (a, false),
            ));
        }
        let dropped = a
            .attached()
            .tracer
            .dropped
            .swap(0, std::sync::atomic::Ordering::Relaxed);
        if dropped > 0 {
            let mut m = trace::event("dropped", "internal");
            m.insert("count".into(), dropped.into());
            let mut line = serde_json::to_vec(&m).unwrap_or_default();
            line.push(b'\n');
            return Some((Ok(Bytes::from(line)), (a, false)));
        }
        match tokio::time::timeout(KEEPALIVE, a.attached().rx.recv()).await {
            Ok(Some(ev)) => {
                let mut line = serde_json::to_vec(&ev).unwrap_or_default();
                line.push(b'\n');
                Some((Ok(Bytes::from(line)), (a, false)))
            }
            Ok(None) => None,
            Err(_) => Some((Ok(Bytes::from_static(b"null\n")), (a, false))),
        }
    });
    (
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// Who is making an admin change: the OIDC token's email or subject when signed in so, else
/// the client's `X-Centri-Actor` (bounded, printable); and how it authenticated.
fn actor(
    headers: &HeaderMap,
    peer: SocketAddr,
    signed_in: Option<&super::oidc::Identity>,
) -> String {
    if let Some(who) = signed_in {
        return format!("{} (oidc sub {:?}, {})", who.name(), who.subject, peer.ip());
    }
    let how = if headers.contains_key("x-api-key") {
        "api key"
    } else if headers.contains_key(header::AUTHORIZATION) {
        "admin token"
    } else {
        "insecure admin"
    };
    let name: String = headers
        .get("x-centri-actor")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    let name = if name.trim().is_empty() {
        "unknown".to_string()
    } else {
        name.trim().to_string()
    };
    format!("{name} ({how}, {})", peer.ip())
}

fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": msg }))).into_response()
}

/// `GET` (the effective table, sources and recent hits), `PATCH` (set/remove/dry-run, or
/// validate only) and `PUT` (replace every live override) on `/admin/ratelimit`.
pub async fn ratelimit(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let node = app.node.clone();
    let signed_in = match gate(&node, req.headers()).await {
        Ok(who) => who,
        Err(refused) => return refused,
    };
    let method = req.method().clone();
    let who = actor(req.headers(), peer, signed_in.as_ref());
    if method == axum::http::Method::GET {
        return axum::Json(node.limit_store.view(&node.ratelimits)).into_response();
    }
    let Ok(body) = to_bytes(req.into_body(), 256 * 1024).await else {
        return json_error(StatusCode::PAYLOAD_TOO_LARGE, "body over 256 KiB");
    };
    let result = if method == axum::http::Method::PATCH {
        match crate::proto::strict::from_body::<crate::proto::ratelimit::Patch>(&body) {
            Ok(p) => node.limit_store.patch(&p, &who, &node.ratelimits),
            Err(e) => Err(format!("bad patch: {e}")),
        }
    } else if method == axum::http::Method::PUT {
        match crate::proto::strict::from_body::<crate::proto::ratelimit::Overrides>(&body) {
            Ok(o) => node.limit_store.replace(o, &who, &node.ratelimits),
            Err(e) => Err(format!("bad overrides: {e}")),
        }
    } else {
        return json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "use GET, PATCH or PUT on /admin/ratelimit",
        );
    };
    match result {
        Ok(r) => {
            if r.applied {
                node.cluster_ratelimits();
            }
            axum::Json(r).into_response()
        }
        Err(e) => json_error(StatusCode::BAD_REQUEST, &e),
    }
}

/// `POST /admin/explain`: the permission decision for a user, a channel and an operation,
/// with every check (see [`super::explain`]).
pub async fn explain(State(app): State<AppState>, req: Request) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    let Ok(body) = to_bytes(req.into_body(), 64 * 1024).await else {
        return json_error(StatusCode::PAYLOAD_TOO_LARGE, "body over 64 KiB");
    };
    let er = match crate::proto::strict::from_body::<crate::proto::explain::ExplainRequest>(&body) {
        Ok(r) => r,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &format!("bad request: {e}")),
    };
    match super::explain::explain(
        &node.config,
        &node.conn_verifier,
        &node.sub_verifier,
        Some(&node.access),
        &er,
        |user, channel| node.user_subscribed(user, channel),
    ) {
        Ok(r) => axum::Json(r).into_response(),
        Err(e) => json_error(StatusCode::BAD_REQUEST, &e),
    }
}

/// `GET /admin/push/stats?top=N` (default 10, at most 100): device counts by provider and
/// platform and the largest topics. 404 `{"error"}` with push off, as a server without it.
pub async fn push_stats(State(app): State<AppState>, req: Request) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    let mut top = 10;
    for (k, v) in url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()) {
        if k == "top" {
            match v.parse::<usize>() {
                Ok(n) => top = n,
                Err(_) => {
                    return json_error(StatusCode::BAD_REQUEST, &format!("top: not a count: {v:?}"))
                }
            }
        }
    }
    let push = node.push.clone();
    match tokio::task::spawn_blocking(move || push.stats(top)).await {
        Ok(Ok(st)) => axum::Json(st).into_response(),
        Ok(Err(e)) if e.code == crate::proto::codes::NOT_AVAILABLE => json_error(
            StatusCode::NOT_FOUND,
            "push notifications are off: set push_notifications.enabled",
        ),
        Ok(Err(e)) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.message),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"),
    }
}

/// The answer to a push admin call that ran on a blocking thread: 404 with push off (as a
/// server without it) or for an unknown send.
fn push_answer<T: serde::Serialize>(
    r: Result<Result<T, crate::proto::ApiError>, tokio::task::JoinError>,
) -> Response {
    match r {
        Ok(Ok(v)) => axum::Json(v).into_response(),
        Ok(Err(e)) if e.code == crate::proto::codes::NOT_AVAILABLE => json_error(
            StatusCode::NOT_FOUND,
            "push notifications are off: set push_notifications.enabled",
        ),
        Ok(Err(e)) if e.code == crate::proto::codes::METHOD_NOT_FOUND => {
            json_error(StatusCode::NOT_FOUND, "no push with this uid")
        }
        Ok(Err(e)) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.message),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"),
    }
}

/// `GET /admin/push/sends?limit=N` (default 20, at most 1000): the latest sends, newest
/// first, each with its counts.
pub async fn push_sends(State(app): State<AppState>, req: Request) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    let mut limit = 20;
    for (k, v) in url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()) {
        if k == "limit" {
            match v.parse::<usize>() {
                Ok(n) if n > 0 => limit = n,
                _ => {
                    return json_error(
                        StatusCode::BAD_REQUEST,
                        &format!("limit: not a positive count: {v:?}"),
                    )
                }
            }
        }
    }
    let push = node.push.clone();
    push_answer(tokio::task::spawn_blocking(move || push.send_list(limit)).await)
}

/// `GET /admin/push/sends/<uid>`: one send's state and counts.
pub async fn push_send(
    State(app): State<AppState>,
    axum::extract::Path(uid): axum::extract::Path<String>,
    req: Request,
) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    let push = node.push.clone();
    push_answer(tokio::task::spawn_blocking(move || push.send_status(&uid)).await)
}

/// `GET /admin/ratelimit/history`: every applied change, oldest first.
pub async fn ratelimit_history(State(app): State<AppState>, req: Request) -> Response {
    let node = app.node.clone();
    if let Err(refused) = gate(&node, req.headers()).await {
        return refused;
    }
    axum::Json(node.limit_store.history()).into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_secret() {
        let t = issue_token("s1").unwrap();
        assert!(token_valid("s1", &t));
        assert!(!token_valid("s2", &t));
        assert!(!token_valid("", &t));
        assert!(!token_valid("s1", "garbage"));
    }

    #[test]
    fn form_values_decode() {
        assert_eq!(percent_decode("a%20b+c%21"), "a b c!");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn throttle_blocks_after_failures() {
        let t = LoginThrottle::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..LOGIN_ATTEMPTS {
            assert!(!t.blocked(ip));
            t.fail(ip);
        }
        assert!(t.blocked(ip));
        assert!(!t.blocked("127.0.0.2".parse().unwrap()));
    }
}

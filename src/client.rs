//! The typed server API client: one function per method, over reqwest with rustls (no system
//! OpenSSL). It always reads the body, because Centrifugo reports API errors inside an HTTP 200.
//! It shares its request and response types with the server through `proto`, and never
//! imports the server.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::proto::{api, push, ApiError};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Connection refused, DNS failure, TLS failure...
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("no answer from {url} within {secs:.1}s")]
    Timeout { url: String, secs: f64 },
    /// HTTP 401: a missing or wrong API key.
    #[error("unauthorized: the server rejected the API key (HTTP 401)")]
    Unauthorized,
    /// Any other non-200 status.
    #[error("HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// An API error in the response body.
    #[error("{} {}", .0.code, .0.message)]
    Api(ApiError),
    /// The body was not the expected JSON.
    #[error("unexpected response from the server: {0}")]
    Decode(String),
    /// The context's `centri login` cannot give a bearer (expired, and the refresh failed).
    #[error("{0}")]
    Login(String),
    /// The server refused the login's bearer: 401 (not valid for it) or 403 (the access rule).
    #[error("the server refused the login of {who} (HTTP {status}): {message}")]
    LoginRefused {
        who: String,
        status: u16,
        message: String,
    },
}

/// A client for one server.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    api_key: Option<String>,
    timeout: Duration,
    /// Log each request and its timing to stderr (`-vv`).
    trace: bool,
    /// The context's `centri login`: its bearer goes with admin calls that have no admin key.
    login: Option<std::sync::Arc<crate::login::Session>>,
}

/// A live NDJSON stream from `/admin/trace`.
#[derive(Debug)]
pub struct TraceStream {
    resp: reqwest::Response,
    buf: Vec<u8>,
}

impl TraceStream {
    /// The next line (without the newline); `None` when the server ends the stream.
    pub async fn next_line(&mut self) -> Result<Option<String>, ClientError> {
        loop {
            if let Some(i) = self.buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=i).collect();
                return Ok(Some(
                    String::from_utf8_lossy(&line[..line.len() - 1]).into_owned(),
                ));
            }
            match self.resp.chunk().await {
                Ok(Some(c)) => self.buf.extend_from_slice(&c),
                Ok(None) => return Ok(None),
                Err(e) => {
                    return Err(ClientError::Unreachable {
                        url: "trace stream".into(),
                        reason: e.to_string(),
                    })
                }
            }
        }
    }
}

/// A plain HTTP answer (for `/health` and `doctor`).
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub body: bytes::Bytes,
    /// The HTTP `Date` header, for clock-skew checks.
    pub date: Option<String>,
    pub elapsed: Duration,
}

impl Client {
    /// A client for `base` (e.g. `http://127.0.0.1:8000`).
    pub fn new(
        base: &str,
        api_key: Option<String>,
        timeout: Duration,
        trace: bool,
    ) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("centri/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Unreachable {
                url: base.to_string(),
                reason: e.to_string(),
            })?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            api_key,
            timeout,
            trace,
            login: None,
        })
    }

    /// Admin calls without an admin key carry this login's bearer.
    #[must_use]
    pub fn with_login(mut self, login: Option<std::sync::Arc<crate::login::Session>>) -> Self {
        self.login = login;
        self
    }

    /// The login's bearer for an admin call with no admin key (refreshed when due), and who
    /// it names.
    async fn admin_bearer(
        &self,
        admin_key: Option<&str>,
    ) -> Result<Option<(String, String)>, ClientError> {
        match (&self.login, admin_key) {
            (Some(session), None) => {
                let token = session
                    .bearer()
                    .await
                    .map_err(|e| ClientError::Login(e.to_string()))?;
                Ok(Some((token, session.who().await)))
            }
            _ => Ok(None),
        }
    }

    /// A 401 or 403 to a request that carried the login's bearer.
    fn refused_login(who: &str, status: u16, body: &[u8]) -> ClientError {
        ClientError::LoginRefused {
            who: who.to_string(),
            status,
            message: String::from_utf8_lossy(body)
                .trim()
                .chars()
                .take(300)
                .collect(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn classify(&self, url: &str, e: &reqwest::Error) -> ClientError {
        if e.is_timeout() {
            return ClientError::Timeout {
                url: url.to_string(),
                secs: self.timeout.as_secs_f64(),
            };
        }
        let mut reason = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            reason = s.to_string();
            src = s.source();
        }
        ClientError::Unreachable {
            url: url.to_string(),
            reason,
        }
    }

    /// GETs or POSTs a path; the status, body and Date header.
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<RawResponse, ClientError> {
        let url = format!("{}{}", self.base, path);
        let mut rb = self.http.request(method.clone(), &url);
        if let Some(k) = &self.api_key {
            rb = rb.header("X-API-Key", k);
        }
        if let Some(b) = body {
            rb = rb.header("Content-Type", "application/json").body(b);
        }
        let started = Instant::now();
        let resp = rb.send().await.map_err(|e| self.classify(&url, &e))?;
        let status = resp.status().as_u16();
        let date = resp
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.bytes().await.map_err(|e| self.classify(&url, &e))?;
        let elapsed = started.elapsed();
        if self.trace {
            let key = self
                .api_key
                .as_deref()
                .map_or_else(|| "none".into(), crate::output::mask);
            eprintln!(
                "{method} {url} (X-API-Key: {key}) -> {status} in {:.1}ms, {} bytes",
                elapsed.as_secs_f64() * 1000.0,
                body.len()
            );
        }
        Ok(RawResponse {
            status,
            body,
            date,
            elapsed,
        })
    }

    /// POSTs a raw body to `/api/<method>`; the status and body, whatever they are.
    pub async fn call_raw(&self, method: &str, body: Vec<u8>) -> Result<RawResponse, ClientError> {
        let r = self
            .raw(reqwest::Method::POST, &format!("/api/{method}"), Some(body))
            .await?;
        if r.status == 401 {
            return Err(ClientError::Unauthorized);
        }
        Ok(r)
    }

    /// Calls a method and unwraps `{"result":...}`; `{"error":...}` becomes [`ClientError::Api`].
    pub async fn call<Req: Serialize, Res: DeserializeOwned>(
        &self,
        method: &str,
        req: &Req,
    ) -> Result<Res, ClientError> {
        let body = serde_json::to_vec(req).map_err(|e| ClientError::Decode(e.to_string()))?;
        let r = self.call_raw(method, body).await?;
        if r.status != 200 {
            // Transport error mode answers errors with a bare {"code","message"}.
            if let Ok(e) = serde_json::from_slice::<ApiError>(&r.body) {
                return Err(ClientError::Api(e));
            }
            return Err(ClientError::Http {
                status: r.status,
                body: String::from_utf8_lossy(&r.body)
                    .trim()
                    .chars()
                    .take(200)
                    .collect(),
            });
        }
        match serde_json::from_slice::<api::Envelope<Res>>(&r.body) {
            Ok(api::Envelope::Result(v)) => Ok(v),
            Ok(api::Envelope::Error(e)) => Err(ClientError::Api(e)),
            Err(e) => Err(ClientError::Decode(format!(
                "{e}: {}",
                String::from_utf8_lossy(&r.body)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ))),
        }
    }

    pub async fn publish(
        &self,
        r: &api::PublishRequest,
    ) -> Result<api::PublishResult, ClientError> {
        self.call("publish", r).await
    }
    pub async fn broadcast(
        &self,
        r: &api::BroadcastRequest,
    ) -> Result<api::BroadcastResult, ClientError> {
        self.call("broadcast", r).await
    }
    pub async fn subscribe(&self, r: &api::SubscribeRequest) -> Result<api::Empty, ClientError> {
        self.call("subscribe", r).await
    }
    pub async fn unsubscribe(
        &self,
        r: &api::UnsubscribeRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("unsubscribe", r).await
    }
    pub async fn disconnect(&self, r: &api::DisconnectRequest) -> Result<api::Empty, ClientError> {
        self.call("disconnect", r).await
    }
    pub async fn refresh(&self, r: &api::RefreshRequest) -> Result<api::Empty, ClientError> {
        self.call("refresh", r).await
    }
    pub async fn presence(&self, channel: &str) -> Result<api::PresenceResult, ClientError> {
        self.call(
            "presence",
            &api::ChannelRequest {
                channel: channel.to_string(),
            },
        )
        .await
    }
    pub async fn presence_stats(
        &self,
        channel: &str,
    ) -> Result<api::PresenceStatsResult, ClientError> {
        self.call(
            "presence_stats",
            &api::ChannelRequest {
                channel: channel.to_string(),
            },
        )
        .await
    }
    pub async fn history(
        &self,
        r: &api::HistoryRequest,
    ) -> Result<api::HistoryResult, ClientError> {
        self.call("history", r).await
    }
    pub async fn history_remove(&self, channel: &str) -> Result<api::Empty, ClientError> {
        self.call(
            "history_remove",
            &api::ChannelRequest {
                channel: channel.to_string(),
            },
        )
        .await
    }
    pub async fn channels(&self, pattern: &str) -> Result<api::ChannelsResult, ClientError> {
        self.call(
            "channels",
            &api::ChannelsRequest {
                pattern: pattern.to_string(),
            },
        )
        .await
    }
    pub async fn info(&self) -> Result<api::InfoResult, ClientError> {
        self.call("info", &api::InfoRequest {}).await
    }
    pub async fn rpc(&self, r: &api::RpcRequest) -> Result<api::RpcResult, ClientError> {
        self.call("rpc", r).await
    }
    pub async fn connections(
        &self,
        r: &api::ConnectionsRequest,
    ) -> Result<api::ConnectionsResult, ClientError> {
        self.call("connections", r).await
    }
    pub async fn update_user_status(
        &self,
        r: &api::UpdateUserStatusRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("update_user_status", r).await
    }
    pub async fn get_user_status(
        &self,
        r: &api::UsersRequest,
    ) -> Result<api::GetUserStatusResult, ClientError> {
        self.call("get_user_status", r).await
    }
    pub async fn delete_user_status(
        &self,
        r: &api::UsersRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("delete_user_status", r).await
    }
    pub async fn block_user(&self, r: &api::BlockUserRequest) -> Result<api::Empty, ClientError> {
        self.call("block_user", r).await
    }
    pub async fn unblock_user(
        &self,
        r: &api::UnblockUserRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("unblock_user", r).await
    }
    pub async fn revoke_token(
        &self,
        r: &api::RevokeTokenRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("revoke_token", r).await
    }
    pub async fn invalidate_user_tokens(
        &self,
        r: &api::InvalidateUserTokensRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("invalidate_user_tokens", r).await
    }
    pub async fn access_list(&self) -> Result<api::AccessListResult, ClientError> {
        self.call("access_list", &api::Empty {}).await
    }
    pub async fn device_register(
        &self,
        r: &push::DeviceRegisterRequest,
    ) -> Result<push::DeviceRegisterResult, ClientError> {
        self.call("device_register", r).await
    }
    pub async fn device_update(
        &self,
        r: &push::DeviceUpdateRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("device_update", r).await
    }
    pub async fn device_remove(
        &self,
        r: &push::DeviceRemoveRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("device_remove", r).await
    }
    pub async fn device_list(
        &self,
        r: &push::DeviceListRequest,
    ) -> Result<push::DeviceListResult, ClientError> {
        self.call("device_list", r).await
    }
    pub async fn device_topic_list(
        &self,
        r: &push::DeviceTopicListRequest,
    ) -> Result<push::DeviceTopicListResult, ClientError> {
        self.call("device_topic_list", r).await
    }
    pub async fn device_topic_update(
        &self,
        r: &push::DeviceTopicUpdateRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("device_topic_update", r).await
    }
    pub async fn user_topic_list(
        &self,
        r: &push::UserTopicListRequest,
    ) -> Result<push::UserTopicListResult, ClientError> {
        self.call("user_topic_list", r).await
    }
    pub async fn user_topic_update(
        &self,
        r: &push::UserTopicUpdateRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("user_topic_update", r).await
    }
    /// `batch` answers without the `result` wrapper.
    pub async fn batch(&self, r: &api::BatchRequest) -> Result<api::BatchResponse, ClientError> {
        let body = serde_json::to_vec(r).map_err(|e| ClientError::Decode(e.to_string()))?;
        let resp = self.call_raw("batch", body).await?;
        if resp.status != 200 {
            return Err(ClientError::Http {
                status: resp.status,
                body: String::from_utf8_lossy(&resp.body).into_owned(),
            });
        }
        serde_json::from_slice(&resp.body).map_err(|e| ClientError::Decode(e.to_string()))
    }
    /// `send_push_notification`: queues a push; its uid.
    pub async fn send_push_notification(
        &self,
        r: &push::send::SendPushRequest,
    ) -> Result<push::send::SendPushResult, ClientError> {
        self.call("send_push_notification", r).await
    }
    /// `cancel_push`: 104 when the uid is unknown or the send has ended.
    pub async fn cancel_push(&self, uid: &str) -> Result<api::Empty, ClientError> {
        self.call(
            "cancel_push",
            &push::send::CancelPushRequest {
                uid: uid.to_string(),
            },
        )
        .await
    }
    /// `update_push_status`: a device's delivered or interacted report.
    pub async fn update_push_status(
        &self,
        r: &push::send::UpdatePushStatusRequest,
    ) -> Result<api::Empty, ClientError> {
        self.call("update_push_status", r).await
    }
    /// `map_publish`.
    pub async fn map_publish(
        &self,
        r: &crate::proto::map::MapPublishRequest,
    ) -> Result<crate::proto::map::MapUpdateResult, ClientError> {
        self.call("map_publish", r).await
    }
    /// `map_remove`.
    pub async fn map_remove(
        &self,
        r: &crate::proto::map::MapRemoveRequest,
    ) -> Result<crate::proto::map::MapUpdateResult, ClientError> {
        self.call("map_remove", r).await
    }
    /// `map_read_state`: one page.
    pub async fn map_read_state(
        &self,
        r: &crate::proto::map::MapReadStateRequest,
    ) -> Result<crate::proto::map::MapReadStateResult, ClientError> {
        self.call("map_read_state", r).await
    }
    /// `map_read_stream`.
    pub async fn map_read_stream(
        &self,
        r: &crate::proto::map::MapReadStreamRequest,
    ) -> Result<crate::proto::map::MapReadStreamResult, ClientError> {
        self.call("map_read_stream", r).await
    }
    /// `map_stats`.
    pub async fn map_stats(
        &self,
        channel: &str,
    ) -> Result<crate::proto::map::MapStatsResult, ClientError> {
        self.call("map_stats", &serde_json::json!({"channel": channel}))
            .await
    }
    /// `map_clear`.
    pub async fn map_clear(&self, channel: &str) -> Result<api::Empty, ClientError> {
        self.call("map_clear", &serde_json::json!({"channel": channel}))
            .await
    }
    /// Opens `POST /admin/trace` for a user or a channel. The stream has no overall timeout
    /// (only the connect is bounded); read it with [`TraceStream::next_line`].
    pub async fn trace(
        &self,
        kind: &str,
        entity: &str,
        admin_key: Option<&str>,
    ) -> Result<TraceStream, ClientError> {
        let url = format!("{}/admin/trace", self.base);
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .user_agent(concat!("centri/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Unreachable {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        let mut rb = http
            .post(&url)
            .json(&serde_json::json!({"type": kind, "entity": entity}));
        if let Some(k) = admin_key.or(self.api_key.as_deref()) {
            rb = rb.header("X-API-Key", k);
        }
        let bearer = self.admin_bearer(admin_key).await?;
        if let Some((t, _)) = &bearer {
            rb = rb.bearer_auth(t);
        }
        let resp = rb.send().await.map_err(|e| self.classify(&url, &e))?;
        match resp.status().as_u16() {
            200 => Ok(TraceStream {
                resp,
                buf: Vec::new(),
            }),
            status @ (401 | 403) if bearer.is_some() => {
                let body = resp.bytes().await.unwrap_or_default();
                let who = bearer.map(|b| b.1).unwrap_or_default();
                Err(Self::refused_login(&who, status, &body))
            }
            401 => Err(ClientError::Unauthorized),
            status => {
                let body = resp.text().await.unwrap_or_default();
                Err(ClientError::Http {
                    status,
                    body: body.trim().to_string(),
                })
            }
        }
    }

    /// `GET /health`.
    pub async fn health(&self) -> Result<RawResponse, ClientError> {
        self.raw(reqwest::Method::GET, "/health", None).await
    }

    /// Sends one admin request (`X-API-Key: <admin key>`, else the API key, as
    /// [`Client::trace`] does) and decodes a 2xx JSON answer. `actor` goes out as
    /// `X-Centri-Actor` so the server can record who changed what. A non-2xx answer with a
    /// `{"error": "..."}` body becomes [`ClientError::Http`] carrying just that message.
    async fn admin_json<Res: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        admin_key: Option<&str>,
        actor: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Res, ClientError> {
        let url = format!("{}{}", self.base, path);
        let key = admin_key.or(self.api_key.as_deref());
        let mut rb = self.http.request(method.clone(), &url);
        if let Some(k) = key {
            rb = rb.header("X-API-Key", k);
        }
        if let Some(a) = actor {
            rb = rb.header("X-Centri-Actor", a);
        }
        let bearer = self.admin_bearer(admin_key).await?;
        if let Some((t, _)) = &bearer {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb.header("Content-Type", "application/json").body(b);
        }
        let started = Instant::now();
        let resp = rb.send().await.map_err(|e| self.classify(&url, &e))?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| self.classify(&url, &e))?;
        if self.trace {
            let mut shown = key.map_or_else(|| "none".into(), crate::output::mask);
            if let Some((t, who)) = &bearer {
                shown = format!("{shown}; Bearer {} of {who}", crate::output::mask(t));
            }
            eprintln!(
                "{method} {url} (X-API-Key: {shown}) -> {status} in {:.1}ms, {} bytes",
                started.elapsed().as_secs_f64() * 1000.0,
                bytes.len()
            );
        }
        match status {
            200..=299 => serde_json::from_slice(&bytes).map_err(|e| {
                ClientError::Decode(format!(
                    "{e}: {}",
                    String::from_utf8_lossy(&bytes)
                        .chars()
                        .take(200)
                        .collect::<String>()
                ))
            }),
            401 | 403 if bearer.is_some() => {
                let who = bearer.map(|b| b.1).unwrap_or_default();
                Err(Self::refused_login(&who, status, &bytes))
            }
            401 => Err(ClientError::Unauthorized),
            _ => {
                let message = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| v.get("error")?.as_str().map(str::to_string))
                    .unwrap_or_else(|| {
                        String::from_utf8_lossy(&bytes)
                            .trim()
                            .chars()
                            .take(200)
                            .collect()
                    });
                Err(ClientError::Http {
                    status,
                    body: message,
                })
            }
        }
    }

    /// `GET /admin/ratelimit`: effective limits, live overrides and recent hits.
    pub async fn ratelimit_view(
        &self,
        admin_key: Option<&str>,
    ) -> Result<crate::proto::ratelimit::View, ClientError> {
        self.admin_json(
            reqwest::Method::GET,
            "/admin/ratelimit",
            admin_key,
            None,
            None,
        )
        .await
    }

    /// `PATCH /admin/ratelimit`: set, remove or switch dry-run (or only validate, with
    /// `patch.validate_only`). An invalid edit is HTTP 400 with the server's message.
    pub async fn ratelimit_patch(
        &self,
        admin_key: Option<&str>,
        actor: &str,
        patch: &crate::proto::ratelimit::Patch,
    ) -> Result<crate::proto::ratelimit::EditResult, ClientError> {
        let body = serde_json::to_vec(patch).map_err(|e| ClientError::Decode(e.to_string()))?;
        self.admin_json(
            reqwest::Method::PATCH,
            "/admin/ratelimit",
            admin_key,
            Some(actor),
            Some(body),
        )
        .await
    }

    /// `PUT /admin/ratelimit`: replace every live override at once.
    pub async fn ratelimit_replace(
        &self,
        admin_key: Option<&str>,
        actor: &str,
        overrides: &crate::proto::ratelimit::Overrides,
    ) -> Result<crate::proto::ratelimit::EditResult, ClientError> {
        let body = serde_json::to_vec(overrides).map_err(|e| ClientError::Decode(e.to_string()))?;
        self.admin_json(
            reqwest::Method::PUT,
            "/admin/ratelimit",
            admin_key,
            Some(actor),
            Some(body),
        )
        .await
    }

    /// `GET /admin/ratelimit/history`: the applied live edits.
    pub async fn ratelimit_history(
        &self,
        admin_key: Option<&str>,
    ) -> Result<crate::proto::ratelimit::History, ClientError> {
        self.admin_json(
            reqwest::Method::GET,
            "/admin/ratelimit/history",
            admin_key,
            None,
            None,
        )
        .await
    }

    /// `POST /admin/explain`: the permission decision with every check.
    pub async fn explain(
        &self,
        admin_key: Option<&str>,
        req: &crate::proto::explain::ExplainRequest,
    ) -> Result<crate::proto::explain::ExplainResult, ClientError> {
        let body = serde_json::to_vec(req).map_err(|e| ClientError::Decode(e.to_string()))?;
        self.admin_json(
            reqwest::Method::POST,
            "/admin/explain",
            admin_key,
            None,
            Some(body),
        )
        .await
    }

    /// `GET /admin/push/stats?top=N` (centri): device counts by provider and platform and the
    /// `top` largest topics. A server without it (Centrifugo PRO) answers 404.
    pub async fn push_stats(
        &self,
        admin_key: Option<&str>,
        top: usize,
    ) -> Result<crate::proto::push::PushStats, ClientError> {
        self.admin_json(
            reqwest::Method::GET,
            &format!("/admin/push/stats?top={top}"),
            admin_key,
            None,
            None,
        )
        .await
    }

    /// `GET /admin/push/sends/<uid>` (centri): what a send came to so far. 404 (as
    /// [`ClientError::Http`]) when there is no such send, or push is off.
    pub async fn push_send_status(
        &self,
        admin_key: Option<&str>,
        uid: &str,
    ) -> Result<push::send::SendStatus, ClientError> {
        // the uid is one path segment, whatever it holds
        let mut url = url::Url::parse("http://h/admin/push/sends")
            .map_err(|e| ClientError::Decode(e.to_string()))?;
        url.path_segments_mut()
            .map_err(|()| ClientError::Decode("cannot build the status path".into()))?
            .push(uid);
        self.admin_json(reqwest::Method::GET, url.path(), admin_key, None, None)
            .await
    }

    /// `GET /admin/push/sends?limit=N` (centri): the latest sends, newest first.
    pub async fn push_sends(
        &self,
        admin_key: Option<&str>,
        limit: usize,
    ) -> Result<push::send::SendList, ClientError> {
        self.admin_json(
            reqwest::Method::GET,
            &format!("/admin/push/sends?limit={limit}"),
            admin_key,
            None,
            None,
        )
        .await
    }
}

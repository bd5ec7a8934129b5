//! The session's side of the proxies: a command that the backend decides (connect without a
//! token, subscribe and publish in a namespace with `*_proxy_enabled`, rpc) is sent from a
//! task, and the connection's later commands wait in its queue until the answer is applied,
//! so commands still run in order. Connection and subscription expiry with a refresh or
//! `sub_refresh` proxy is extended by the server the same way. Every call is traced (proxy,
//! latency, result, the backend's error or disconnect).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{
    now_unix, Creds, Flow, Grant, Phase, Session, SOURCE_CONNECT_PROXY, SOURCE_SUBSCRIBE_PROXY,
};
use crate::proto::api::SubscribeOptionOverride;
use crate::proto::client::{ConnectRequest, ReplyResult, RpcRequest, RpcResult, SubscribeRequest};
use crate::proto::codes::{self, Disconnect};
use crate::proto::{ApiError, Payload, Raw};
use crate::server::auth::TokenSubOptions;
use crate::server::node::PublishOpts;
use crate::server::permissions::{CapClaim, Caps};
use crate::server::proxy::request::{self, b64_or, Who};
use crate::server::proxy::verdict::REFRESH_RETRY_SECS;
use crate::server::proxy::{wire, Answer, Call, Kind, Proxy};
use crate::server::trace::{event, put};

/// JSON bytes as a raw value (`None` when empty); bytes that are not JSON are an error.
fn raw_of(field: &str, bytes: &[u8]) -> Result<Option<Raw>, String> {
    if bytes.is_empty() {
        return Ok(None);
    }
    crate::proto::raw_from_bytes(bytes)
        .map(Some)
        .ok_or_else(|| format!("{field} is not JSON"))
}

/// `b64<field>` when set, else `<field>`, as raw JSON.
fn json_field(field: &str, b64: &str, raw: Vec<u8>) -> Result<Option<Raw>, String> {
    let bytes = b64_or(&format!("b64{field}"), b64, raw)?;
    raw_of(field, &bytes)
}

/// A proxy's disconnect as the connection's close.
fn disconnect_of(d: &wire::Disconnect) -> Disconnect {
    Disconnect {
        code: u16::try_from(d.code).unwrap_or(Disconnect::INTERNAL),
        reason: d.reason.clone(),
    }
}

/// A proxy's error as the reply error.
fn error_of(e: &wire::Error) -> ApiError {
    ApiError {
        code: e.code,
        message: e.message.clone(),
        temporary: e.temporary,
    }
}

/// A wire message into the serde type of the same JSON shape (wire override and caps have
/// the same fields as the token claims).
fn convert<T: serde::de::DeserializeOwned>(v: &impl serde::Serialize) -> Result<T, String> {
    serde_json::to_value(v)
        .and_then(serde_json::from_value)
        .map_err(|e| e.to_string())
}

/// A command's JSON data as the bytes a proxy request carries.
fn bytes_of(data: Option<&Raw>) -> Vec<u8> {
    data.map(|d| d.get().as_bytes().to_vec())
        .unwrap_or_default()
}

impl Session {
    /// The result of a call made for command `id` (`method`), or `None` when the call's
    /// failure (error 100), the backend's error or its disconnect already answered it. No
    /// result is the default one (every field empty).
    fn answered<R: Default>(&self, id: u32, method: &'static str, call: Call<R>) -> Option<R> {
        match call.outcome {
            Err(_) => self.reply_err(id, method, ApiError::internal()),
            Ok(Answer::Disconnect(d)) => self.close(disconnect_of(&d)),
            Ok(Answer::Error(e)) => self.reply_err(id, method, error_of(&e)),
            Ok(Answer::Result(r)) => return Some(r.unwrap_or_default()),
        }
        None
    }

    /// Runs `f` (a proxy's answer being applied) unless the connection is already cleaned
    /// up, and never while its cleanup runs: what `f` registers or subscribes cannot outlive
    /// the connection.
    fn applying(&self, f: impl FnOnce()) {
        let _life = self.life();
        if self.lock().phase != Phase::Closed {
            f();
        }
    }

    /// The request context of this connection (connected).
    fn who<'a>(&'a self, labels: &'a BTreeMap<String, String>) -> Who<'a> {
        let id = self.identity.get();
        Who {
            client: self.client(),
            transport: self.transport,
            protocol: self.protocol.name(),
            user: self.user_id(),
            meta: id.and_then(|i| i.meta.as_ref()).map(|m| m.get().as_bytes()),
            labels,
        }
    }

    /// The headers a proxy may forward: the transport's, then the connect command's emulated
    /// ones that the transport did not set.
    fn proxy_headers(&self) -> Vec<(String, String)> {
        let mut out = self.forwarded.clone();
        for (k, v) in self.emulated.get().into_iter().flatten() {
            if !out.iter().any(|(o, _)| o.eq_ignore_ascii_case(k)) {
                out.push((k.clone(), v.clone()));
            }
        }
        out
    }

    fn labels(&self) -> BTreeMap<String, String> {
        self.identity
            .get()
            .map(|i| i.labels.clone())
            .unwrap_or_default()
    }

    /// Traces a proxy call: to the user's tracers, and to the channel's when there is one.
    fn trace_proxy<R>(&self, channel: Option<&str>, what: Option<(&str, &str)>, call: &Call<R>) {
        if !self.node.tracers.enabled() {
            return;
        }
        let build = || {
            let mut m = event("proxy", "out");
            call.trace_fields(&mut m);
            if let Some((k, v)) = what {
                put(&mut m, k, v);
            }
            m
        };
        match channel {
            Some(ch) => self.trace_both(ch, build),
            None => self.trace(build),
        }
    }

    fn log_failure<R>(&self, call: &Call<R>) {
        if let Err(e) = &call.outcome {
            tracing::warn!(
                conn = self.conn_id,
                proxy = %call.proxy.name,
                kind = call.proxy.kind.name(),
                endpoint = %call.proxy.cfg.endpoint,
                error = %e,
                "proxy call failed"
            );
        }
    }

    // ---------------------------------------------------------------- connect

    /// Connect without a token: the connect proxy says who the connection is.
    pub(super) fn connect_proxied(
        self: &Arc<Self>,
        id: u32,
        req: ConnectRequest,
        proxy: Arc<Proxy>,
    ) -> Flow {
        let client = uuid::Uuid::new_v4().to_string();
        let labels = BTreeMap::new();
        let who = Who {
            client: &client,
            transport: self.transport,
            protocol: self.protocol.name(),
            user: "",
            meta: None,
            labels: &labels,
        };
        let data = bytes_of(req.data.as_ref());
        let mut channels: Vec<String> = req.subs.keys().cloned().collect();
        channels.sort();
        let preq = request::connect(&proxy, &who, &data, &req.name, &req.version, channels);
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::ConnectResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(None, None, &call);
            this.log_failure(&call);
            this.applying(|| this.connect_answered(id, &req, client, call));
            this.run_queue(None);
        });
        Flow::Pending
    }

    fn connect_answered(
        self: &Arc<Self>,
        id: u32,
        req: &ConnectRequest,
        client: String,
        call: Call<wire::ConnectResult>,
    ) {
        if self.outbox.is_closing() || self.lock().phase != Phase::New {
            return;
        }
        let fail = |e: ApiError| {
            self.lock().phase = Phase::Failed;
            self.reply_err(id, "connect", e);
        };
        match call.outcome {
            Err(_) => fail(ApiError::internal()),
            Ok(Answer::Disconnect(d)) => self.close(disconnect_of(&d)),
            Ok(Answer::Error(e)) => fail(error_of(&e)),
            // no result: no credentials, as a connect without a token and no proxy
            Ok(Answer::Result(None)) => self.close(Disconnect::new(Disconnect::BAD_REQUEST)),
            Ok(Answer::Result(Some(r))) => match self.creds_of(r, client) {
                Ok(creds) => self.finish_connect(id, req, creds),
                Err(e) => fail(e),
            },
        }
    }

    /// The connect proxy's result as credentials; a field that cannot be read is an internal
    /// error (logged with the field), an expiry in the past is 110.
    fn creds_of(&self, r: wire::ConnectResult, client: String) -> Result<Creds, ApiError> {
        let bad = |why: String| {
            tracing::warn!(conn = self.conn_id, %why, "connect proxy result refused");
            ApiError::internal()
        };
        let now = now_unix();
        let exp = match r.expire_at {
            0 => None,
            t if t <= now => return Err(ApiError::new(codes::EXPIRED)),
            t => Some(t),
        };
        let info = json_field("info", &r.b64info, r.info).map_err(bad)?;
        let data = json_field("data", &r.b64data, r.data).map_err(bad)?;
        let meta = raw_of("meta", &r.meta).map_err(bad)?;
        let mut subs: Vec<(String, Option<TokenSubOptions>)> = Vec::new();
        for ch in r.channels {
            if !r.subs.contains_key(&ch) {
                subs.push((ch, None));
            }
        }
        let mut named: Vec<_> = r.subs.into_iter().collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        for (ch, o) in named {
            let opts: TokenSubOptions =
                convert(&o).map_err(|e| bad(format!("subs[{ch:?}]: {e}")))?;
            subs.push((ch, Some(opts)));
        }
        let claims: Vec<CapClaim> = convert(&r.caps).map_err(|e| bad(format!("caps: {e}")))?;
        let caps = Caps::compile(&claims).map_err(|e| bad(format!("caps: {e}")))?;
        Ok(Creds {
            client: Some(client),
            user: r.user,
            info,
            exp: if self.node.config.client.insecure {
                None
            } else {
                exp
            },
            subs,
            sub_source: SOURCE_CONNECT_PROXY,
            caps: (!caps.is_empty()).then(|| Arc::new(caps)),
            token: None,
            meta,
            labels: r.labels.into_iter().collect(),
            data,
        })
    }

    // ---------------------------------------------------------------- refresh

    /// The connection expired and a refresh proxy extends it: asks, then applies.
    pub(super) fn refresh_proxied(self: &Arc<Self>, proxy: Arc<Proxy>) {
        let labels = self.labels();
        let preq = request::refresh(&proxy, &self.who(&labels));
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::RefreshResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(None, None, &call);
            this.log_failure(&call);
            this.applying(|| this.refresh_answered(call));
        });
    }

    fn refresh_answered(&self, call: Call<wire::RefreshResult>) {
        if self.outbox.is_closing() {
            return;
        }
        let now = now_unix();
        let retry = || {
            let mut st = self.lock();
            st.refreshing = false;
            st.expire_at = Some(now + REFRESH_RETRY_SECS);
        };
        match call.outcome {
            Err(_) | Ok(Answer::Error(_)) => retry(),
            Ok(Answer::Disconnect(d)) => self.close(disconnect_of(&d)),
            Ok(Answer::Result(None)) => self.close(Disconnect::new(Disconnect::EXPIRED)),
            Ok(Answer::Result(Some(r))) if r.expired => {
                self.close(Disconnect::new(Disconnect::EXPIRED));
            }
            Ok(Answer::Result(Some(r))) => {
                let info = match json_field("info", &r.b64info, r.info) {
                    Ok(i) => i,
                    Err(why) => {
                        tracing::warn!(conn = self.conn_id, %why, "refresh proxy result refused");
                        retry();
                        self.timers.notify_one();
                        return;
                    }
                };
                let caps = convert::<Vec<CapClaim>>(&r.caps)
                    .ok()
                    .and_then(|c| Caps::compile(&c).ok());
                let changed = {
                    let mut st = self.lock();
                    st.refreshing = false;
                    st.expire_at = (r.expire_at > 0).then_some(r.expire_at);
                    if info.is_some() {
                        st.conn_info = info;
                    }
                    match caps {
                        Some(c) if !r.caps.is_empty() => {
                            st.caps = Some(Arc::new(c));
                            true
                        }
                        _ => false,
                    }
                };
                if changed {
                    self.revoke_lost_subscriptions();
                }
            }
        }
        self.timers.notify_one();
    }

    // ---------------------------------------------------------------- subscribe

    /// A subscribe the subscribe proxy `name` decides.
    pub(super) fn subscribe_proxied(
        self: &Arc<Self>,
        id: u32,
        req: SubscribeRequest,
        name: &str,
    ) -> Flow {
        let Some(proxy) = self.node.proxies.get(Kind::Subscribe, name) else {
            self.reply_err(id, "subscribe", ApiError::not_available());
            return Flow::Done;
        };
        let labels = self.labels();
        let data = bytes_of(req.data.as_ref());
        let preq = request::subscribe(&proxy, &self.who(&labels), &req.channel, &req.token, &data);
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::SubscribeResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(Some(&req.channel), None, &call);
            this.log_failure(&call);
            this.applying(|| this.subscribe_answered(id, &req, call));
            this.run_queue(None);
        });
        Flow::Pending
    }

    fn subscribe_answered(
        &self,
        id: u32,
        req: &SubscribeRequest,
        call: Call<wire::SubscribeResult>,
    ) {
        if self.outbox.is_closing() {
            return;
        }
        let Some(r) = self.answered(id, "subscribe", call) else {
            return;
        };
        match self.grant_of(&req.channel, r) {
            Ok(g) => self.attach_client_sub(id, req, g),
            Err(e) => self.reply_err(id, "subscribe", e),
        }
    }

    fn grant_of(&self, channel: &str, r: wire::SubscribeResult) -> Result<Grant, ApiError> {
        let bad = |why: String| {
            tracing::warn!(conn = self.conn_id, channel, %why, "subscribe proxy result refused");
            ApiError::internal()
        };
        let exp = match r.expire_at {
            0 => None,
            t if t <= now_unix() => return Err(ApiError::new(codes::EXPIRED)),
            t => Some(t),
        };
        let chan_info = json_field("info", &r.b64info, r.info).map_err(bad)?;
        let data = json_field("data", &r.b64data, r.data).map_err(bad)?;
        let ovr: Option<SubscribeOptionOverride> = r
            .override_
            .as_ref()
            .map(convert)
            .transpose()
            .map_err(|e| bad(format!("override: {e}")))?;
        let o = self.node.options(channel)?;
        let refresh_proxy = o
            .sub_refresh_proxy_enabled
            .then(|| o.sub_refresh_proxy_name.clone());
        Ok(Grant {
            chan_info,
            data,
            ovr,
            exp,
            allow: r.allow,
            source: SOURCE_SUBSCRIBE_PROXY,
            client_refresh: refresh_proxy.is_none(),
            refresh_proxy,
        })
    }

    // ---------------------------------------------------------------- sub_refresh

    /// A subscription expired and the `sub_refresh` proxy `name` extends it.
    pub(super) fn sub_refresh_proxied(self: &Arc<Self>, channel: String, name: &str) {
        let Some(proxy) = self.node.proxies.get(Kind::SubRefresh, name) else {
            self.unsubscribe_channel(&channel, Some(2501));
            return;
        };
        let labels = self.labels();
        let preq = request::sub_refresh(&proxy, &self.who(&labels), &channel);
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::SubRefreshResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(Some(&channel), None, &call);
            this.log_failure(&call);
            this.applying(|| this.sub_refresh_answered(&channel, call));
        });
    }

    fn sub_refresh_answered(&self, channel: &str, call: Call<wire::SubRefreshResult>) {
        if self.outbox.is_closing() {
            return;
        }
        let now = now_unix();
        let apply = |exp: Option<i64>, info: Option<Raw>| {
            let mut st = self.lock();
            if let Some(s) = st.subs.get_mut(channel) {
                s.refreshing = false;
                s.expire_at = exp;
                if info.is_some() {
                    s.chan_info = info;
                }
            }
        };
        match call.outcome {
            Err(_) | Ok(Answer::Error(_)) => apply(Some(now + REFRESH_RETRY_SECS), None),
            Ok(Answer::Disconnect(d)) => return self.close(disconnect_of(&d)),
            Ok(Answer::Result(None)) => self.unsubscribe_channel(channel, Some(2501)),
            Ok(Answer::Result(Some(r))) if r.expired => {
                self.unsubscribe_channel(channel, Some(2501));
            }
            Ok(Answer::Result(Some(r))) => match json_field("info", &r.b64info, r.info) {
                Ok(info) => apply((r.expire_at > 0).then_some(r.expire_at), info),
                Err(why) => {
                    tracing::warn!(conn = self.conn_id, channel, %why, "sub_refresh proxy result refused");
                    apply(Some(now + REFRESH_RETRY_SECS), None);
                }
            },
        }
        self.timers.notify_one();
    }

    // ---------------------------------------------------------------- publish

    /// A publish the publish proxy `name` decides (and may rewrite).
    pub(super) fn publish_proxied(
        self: &Arc<Self>,
        id: u32,
        channel: String,
        data: Payload,
        name: &str,
    ) -> Flow {
        let Some(proxy) = self.node.proxies.get(Kind::Publish, name) else {
            self.reply_err(id, "publish", ApiError::not_available());
            return Flow::Done;
        };
        let labels = self.labels();
        let bytes: &[u8] = match &data {
            Payload::Json(r) => r.get().as_bytes(),
            Payload::Binary(b) => b,
        };
        if !proxy.cfg.binary_encoding && matches!(data, Payload::Binary(_)) {
            // JSON proxies embed the data: binary data cannot go (Centrifugo's rule too)
            tracing::info!(conn = self.conn_id, channel = %channel, proxy = %proxy.name, "binary data to a JSON publish proxy (set binary_encoding)");
            self.reply_err(id, "publish", ApiError::bad_request());
            return Flow::Done;
        }
        let preq = request::publish(&proxy, &self.who(&labels), &channel, bytes);
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::PublishResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(Some(&channel), None, &call);
            this.log_failure(&call);
            this.applying(|| this.publish_answered(id, &channel, data, call));
            this.run_queue(None);
        });
        Flow::Pending
    }

    fn publish_answered(
        &self,
        id: u32,
        channel: &str,
        data: Payload,
        call: Call<wire::PublishResult>,
    ) {
        if self.outbox.is_closing() {
            return;
        }
        let Some(r) = self.answered(id, "publish", call) else {
            return;
        };
        let data = if !r.b64data.is_empty() {
            match b64_or("b64data", &r.b64data, Vec::new()) {
                Ok(b) => Payload::from_bytes(&b),
                Err(why) => {
                    tracing::warn!(conn = self.conn_id, channel, %why, "publish proxy result refused");
                    return self.reply_err(id, "publish", ApiError::internal());
                }
            }
        } else if !r.data.is_empty() {
            match raw_of("data", &r.data) {
                Ok(Some(raw)) => Payload::Json(raw),
                Ok(None) => data,
                Err(why) => {
                    tracing::warn!(conn = self.conn_id, channel, %why, "publish proxy result refused");
                    return self.reply_err(id, "publish", ApiError::internal());
                }
            }
        } else {
            data
        };
        let opts = PublishOpts {
            skip_history: r.skip_history,
            idempotency_key: &r.idempotency_key,
            delta: r.delta,
            version: r.version,
            version_epoch: &r.version_epoch,
        };
        self.publish_granted(id, channel, data, r.tags.into_iter().collect(), &opts);
    }

    // ---------------------------------------------------------------- rpc

    /// A client RPC: to the rpc proxy of the method's rpc namespace (`ns:method`, or
    /// `rpc.without_namespace`). No such namespace: 104; proxy off: 108.
    pub(super) fn rpc(self: &Arc<Self>, id: u32, req: RpcRequest) -> Flow {
        let cfg = &self.node.config;
        let Some(opts) = cfg.rpc_options(&req.method) else {
            self.reply_err(id, "rpc", ApiError::new(codes::METHOD_NOT_FOUND));
            return Flow::Done;
        };
        let proxy = opts
            .proxy_enabled
            .then(|| self.node.proxies.get(Kind::Rpc, &opts.proxy_name))
            .flatten();
        let Some(proxy) = proxy else {
            self.reply_err(id, "rpc", ApiError::not_available());
            return Flow::Done;
        };
        let labels = self.labels();
        let data = bytes_of(req.data.as_ref());
        let preq = request::rpc(&proxy, &self.who(&labels), &req.method, &data);
        let this = self.clone();
        tokio::spawn(async move {
            let call = proxy
                .call::<_, wire::RpcResponse>(&preq, &this.proxy_headers())
                .await;
            this.trace_proxy(None, Some(("method", &req.method)), &call);
            this.log_failure(&call);
            this.applying(|| this.rpc_answered(id, call));
            this.run_queue(None);
        });
        Flow::Pending
    }

    fn rpc_answered(&self, id: u32, call: Call<wire::RpcResult>) {
        if self.outbox.is_closing() {
            return;
        }
        let Some(r) = self.answered(id, "rpc", call) else {
            return;
        };
        match json_field("data", &r.b64data, r.data) {
            Ok(data) => self.reply(id, ReplyResult::Rpc(RpcResult { data })),
            Err(why) => {
                tracing::warn!(conn = self.conn_id, %why, "rpc proxy result refused");
                self.reply_err(id, "rpc", ApiError::internal());
            }
        }
    }
}

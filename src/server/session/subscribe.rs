//! Subscriptions: the client's subscribe (token, permission chain, then attach with
//! recovery, positioning, deltas and tags filter), server-side subscriptions, unsubscribe and
//! the leave that follows.

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Session {
    /// Effective options for a subscription on namespace `o`.
    pub(super) fn sub_options(
        &self,
        o: &NamespaceOptions,
        channel: &str,
        ovr: Option<&SubscribeOptionOverride>,
        req: Option<&SubscribeRequest>,
        allow: &[String],
    ) -> SubOptions {
        let history = o.history_enabled();
        let presence = apply_override(o.presence, ovr, |v| v.presence);
        let join_leave = apply_override(o.join_leave, ovr, |v| v.join_leave);
        let force_push = apply_override(o.force_push_join_leave, ovr, |v| v.force_push_join_leave);
        let force_recovery = apply_override(o.force_recovery, ovr, |v| v.force_recovery);
        let force_positioning = apply_override(o.force_positioning, ovr, |v| v.force_positioning);
        let (mut recoverable, mut positioned, mut push_join_leave) = (
            force_recovery,
            force_positioning || force_recovery,
            force_push,
        );
        if let Some(req) = req {
            let caps = self.caps();
            let subject = Subject {
                subscribed: true,
                caps: caps.as_deref(),
                sub_allow: allow,
                ..Subject::user(self.user_id())
            };
            let history_access =
                || decide(&self.node.config, Op::History, channel, &subject).allowed();
            if req.recoverable && (o.allow_recovery || history_access()) {
                recoverable = true;
            }
            if req.positioned && (o.allow_positioning || history_access()) {
                positioned = true;
            }
            if req.join_leave
                && join_leave
                && presence
                && decide(&self.node.config, Op::Presence, channel, &subject).allowed()
            {
                push_join_leave = true;
            }
        }
        if !history {
            recoverable = false;
            positioned = false;
        }
        SubOptions {
            presence,
            join_leave,
            push_join_leave,
            recoverable: recoverable && history,
            positioned: positioned || recoverable,
            tags_filter: None,
            delta: false,
        }
    }

    /// Builds the subscribe result under the channel lock: stream position and, when asked,
    /// recovery of missed publications.
    pub(super) fn build_sub_result(
        &self,
        engine: &Engine,
        channel: &str,
        o: &NamespaceOptions,
        so: &SubOptions,
        recover: Option<StreamPosition>,
        reject_unrecovered: bool,
    ) -> Result<SubscribeResult, ApiError> {
        let tags_filter = so.tags_filter.as_deref();
        let mut res = SubscribeResult {
            recoverable: so.recoverable,
            positioned: so.positioned,
            publish_debounce: o.publish_debounce_ms(),
            ..SubscribeResult::default()
        };
        if !(so.recoverable || so.positioned) {
            return Ok(res);
        }
        let sopts = stream_options(&self.node.config, o);
        if o.force_recovery_mode == "cache" && so.recoverable {
            return self.cache_recovery(engine, channel, o, res, recover, tags_filter);
        }
        let Some(since) = recover.filter(|_| so.recoverable) else {
            let top = self.node.stream_top(engine, channel, o);
            res.offset = top.offset;
            res.epoch = top.epoch;
            return Ok(res);
        };
        res.was_recovering = true;
        let filter = HistoryFilter {
            since: Some(StreamPosition {
                offset: since.offset,
                epoch: String::new(),
            }),
            limit: -1,
            reverse: false,
        };
        let (pubs, top) = engine.history(channel, &filter, &sopts)?;
        let max = self.node.config.client.recovery_max_publication_limit as usize;
        let epoch_ok = since.epoch.is_empty() || since.epoch == top.epoch;
        let recovered = epoch_ok
            && if pubs.is_empty() {
                top.offset == since.offset
            } else {
                pubs.len() <= max
                    && pubs.first().is_some_and(|p| p.offset == since.offset + 1)
                    && pubs.last().is_some_and(|p| p.offset == top.offset)
            };
        if recovered {
            res.recovered = true;
            res.publications = pubs;
            // Recovery is judged on the whole stream; the subscriber gets what its filter
            // lets through, and its position moves on as matching publications arrive.
            if let Some(f) = tags_filter {
                res.publications.retain(|p| f.matches(&p.tags));
            }
            res.offset = since.offset;
            res.epoch = top.epoch;
        } else {
            if reject_unrecovered {
                return Err(ApiError::new(codes::UNRECOVERABLE_POSITION));
            }
            res.offset = top.offset;
            res.epoch = top.epoch;
        }
        Ok(res)
    }

    /// Cache recovery mode: a (re)subscriber gets at most the latest publication.
    pub(super) fn cache_recovery(
        &self,
        engine: &Engine,
        channel: &str,
        o: &NamespaceOptions,
        mut res: SubscribeResult,
        recover: Option<StreamPosition>,
        tags_filter: Option<&FilterNode>,
    ) -> Result<SubscribeResult, ApiError> {
        let was_recovering = recover.is_some();
        let since = match recover {
            Some(p) => p,
            None if o.auto_cache_recover => StreamPosition::default(),
            None => {
                let top = self.node.stream_top(engine, channel, o);
                res.offset = top.offset;
                res.epoch = top.epoch;
                return Ok(res);
            }
        };
        // With a tags filter, the latest publication that matches it (newest first).
        let latest = HistoryFilter {
            since: None,
            limit: if tags_filter.is_some() { -1 } else { 1 },
            reverse: true,
        };
        let (pubs, top) =
            engine.history(channel, &latest, &stream_options(&self.node.config, o))?;
        res.was_recovering = was_recovering;
        res.recovered = true;
        res.epoch = top.epoch;
        res.offset = top.offset;
        let latest = pubs
            .into_iter()
            .find(|p| tags_filter.is_none_or(|f| f.matches(&p.tags)));
        if let Some(p) = latest.filter(|p| p.offset > since.offset) {
            res.offset = p.offset - 1;
            res.publications = vec![p];
        }
        Ok(res)
    }

    pub(super) fn subscribe(self: &Arc<Self>, id: u32, req: SubscribeRequest) -> Flow {
        let ch = req.channel.clone();
        if ch.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return Flow::Done;
        }
        if ch.len() > self.node.config.channel.max_length {
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return Flow::Done;
        }
        // the subscription type the channel's namespace takes: 0 stream, 1 map, 2 and 3 the
        // presence maps, 4 shared poll
        let kind_ok = match self.node.options(&ch) {
            Ok(o) if o.is_map() => req.kind == o.map_type(),
            Ok(o) if o.is_shared_poll() => req.kind == crate::server::poll::TYPE_SHARED_POLL,
            _ => req.kind == 0,
        };
        if !kind_ok {
            // A map subscription on a stream channel, or the reverse: the client must not
            // believe it has one (Centrifugo answers 107 too).
            tracing::debug!(conn = self.conn_id, channel = %ch, kind = req.kind, "subscription type does not match the channel's");
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return Flow::Done;
        }
        {
            let st = self.lock();
            if st.subs.contains_key(&ch) {
                drop(st);
                self.reply_err(id, "subscribe", ApiError::new(codes::ALREADY_SUBSCRIBED));
                return Flow::Done;
            }
            if st.subs.len() >= self.node.config.client.channel_limit as usize {
                drop(st);
                self.reply_err(id, "subscribe", ApiError::new(codes::LIMIT_EXCEEDED));
                return Flow::Done;
            }
        }
        let now = now_unix();
        let mut chan_info = None;
        let mut sub_data = None;
        let mut ovr = None;
        let mut sub_exp = None;
        let mut sub_allow: Vec<String> = Vec::new();
        let sub_token = if req.token.is_empty() {
            SubToken::None
        } else {
            match self.node.sub_verifier.verify(&req.token, now) {
                Ok((claims, user)) => {
                    let channel_ok = claims.channel.as_deref() == Some(ch.as_str());
                    if !channel_ok
                        || user != self.user_id()
                        || (!claims.client.is_empty() && claims.client != self.client())
                    {
                        tracing::info!(conn = self.conn_id, channel = %ch, "subscription token channel/user/client mismatch");
                        self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                        return Flow::Done;
                    }
                    if let Some(why) = self.node.access.token_refused(
                        &user,
                        &claims.jti,
                        claims.iat.unwrap_or(0),
                        &ch,
                        now,
                    ) {
                        // revoked or invalidated: answered as expired (109), so the SDK
                        // asks the app for a fresh subscription token
                        tracing::info!(conn = self.conn_id, channel = %ch, why = %why.describe(), "subscription token refused");
                        SubToken::Expired
                    } else {
                        chan_info = b64_raw("b64info", &claims.b64info)
                            .ok()
                            .flatten()
                            .or(claims.info);
                        sub_data = b64_raw("b64data", &claims.b64data)
                            .ok()
                            .flatten()
                            .or(claims.data);
                        ovr = claims.override_;
                        sub_allow = claims.allow;
                        sub_exp = match claims.expire_at {
                            Some(0) => None,
                            Some(t) => Some(t),
                            None => claims.exp,
                        };
                        SubToken::Valid
                    }
                }
                Err(TokenError::Expired) => SubToken::Expired,
                Err(TokenError::Invalid(why)) => SubToken::Invalid(why),
            }
        };
        let caps = self.caps();
        let subject = Subject {
            sub_token,
            caps: caps.as_deref(),
            ..Subject::user(self.user_id())
        };
        let decision = decide(&self.node.config, Op::Subscribe, &ch, &subject);
        if let Err(e) = decision.result {
            self.trace_both(&ch, || {
                let mut m = event("denied", "internal");
                m.insert("code".into(), Value::from(e.code));
                put(&mut m, "reason", &e.message);
                put(&mut m, "op", "subscribe");
                let decisive = decision
                    .checks
                    .iter()
                    .rev()
                    .find(|c| c.outcome == crate::server::permissions::Outcome::Denied)
                    .or_else(|| decision.checks.last());
                if let Some(c) = decisive {
                    put(&mut m, "rule", c.rule);
                    put(&mut m, "detail", &c.detail);
                }
                m.insert(
                    "checks".into(),
                    serde_json::to_value(&decision.checks).unwrap_or(Value::Null),
                );
                m
            });
            self.reply_err(id, "subscribe", e);
            return Flow::Done;
        }
        if let Some(name) = decision.proxy {
            return self.subscribe_proxied(id, req, &name);
        }
        let source = match decision
            .checks
            .iter()
            .rev()
            .find(|c| c.outcome == crate::server::permissions::Outcome::Granted)
            .map(|c| c.rule)
        {
            Some("subscription_token") => 3,
            Some("allow_user_limited_channels") => 5,
            Some("allow_subscribe_for_client") => 6,
            Some("client.insecure") => 7,
            Some("connection_caps") => 11,
            _ => 0,
        };
        let grant = Grant {
            chan_info,
            data: sub_data,
            ovr,
            exp: sub_exp,
            allow: sub_allow,
            source,
            refresh_proxy: None,
            client_refresh: true,
        };
        self.attach_client_sub(id, &req, grant);
        Flow::Done
    }

    /// Subscribes the client to `req.channel` as `g` grants it.
    pub(super) fn attach_client_sub(&self, id: u32, req: &SubscribeRequest, g: Grant) {
        let ch = req.channel.clone();
        if let Ok(o) = self.node.options(&ch) {
            if o.is_map() {
                self.attach_map_sub(id, req, g, o);
                return;
            }
            if o.is_shared_poll() {
                self.attach_poll_sub(id, req, g, o);
                return;
            }
        }
        let (expires, ttl) = g.expiry();
        let Grant {
            chan_info,
            data: sub_data,
            ovr,
            exp: sub_exp,
            allow: sub_allow,
            source,
            refresh_proxy,
            client_refresh: _,
        } = g;
        let Ok(o) = self.node.options(&ch) else {
            self.reply_err(id, "subscribe", ApiError::unknown_channel());
            return;
        };
        let tags_filter = match &req.tf {
            None => None,
            Some(f) => {
                let checked = if o.allow_tags_filter {
                    f.validate()
                } else {
                    Err(format!(
                        "namespace {:?} does not have allow_tags_filter",
                        o.name
                    ))
                };
                if let Err(why) = checked {
                    tracing::info!(conn = self.conn_id, channel = %ch, "tags filter refused: {why}");
                    self.reply_err(id, "subscribe", ApiError::bad_request());
                    return;
                }
                Some(Arc::new(f.clone()))
            }
        };
        let mut so = self.sub_options(o, &ch, ovr.as_ref(), Some(req), &sub_allow);
        so.delta = req.delta == "fossil" && o.allowed_delta_types.iter().any(|t| t == "fossil");
        if so.delta && tags_filter.is_some() {
            // two ways to save bandwidth that exclude each other, as in Centrifugo
            tracing::info!(conn = self.conn_id, channel = %ch, "delta and a tags filter together refused");
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return;
        }
        so.tags_filter = tags_filter;
        let recover = req.recover.then(|| StreamPosition {
            offset: req.offset,
            epoch: req.epoch.clone(),
        });
        let reject = req.flag & FLAG_REJECT_UNRECOVERED != 0;
        let sub = Subscriber {
            outbox: self.outbox.clone(),
            user: self.user_id().into(),
            client: self.client().into(),
            push_join_leave: so.push_join_leave,
            min_offset: 0,
            tags_filter: so.tags_filter.clone(),
            delta_base: so.delta.then_some(false),
            protobuf: self.protocol == Protocol::Protobuf,
        };
        let attached = self.node.attach(&ch, self.conn_id, sub, |engine| {
            let mut res = self.build_sub_result(engine, &ch, o, &so, recover, reject)?;
            if so.delta {
                res.delta = true;
            }
            if so.delta && self.protocol == Protocol::Json {
                // recovered publications go whole, as strings: the client's delta base
                res.publications = as_strings(&res.publications);
            }
            let top = res.offset;
            res.expires = expires;
            res.ttl = ttl;
            res.data = sub_data;
            // Traced before the reply, under the channel lock: subscribe, then its reply.
            self.trace_both(&ch, || {
                let mut m = event("subscribe", "in");
                let mut payload = serde_json::json!({"namespace": o.name, "recoverable": so.recoverable, "positioned": so.positioned, "recovered": res.recovered, "server_side": false});
                if let Some(tf) = &req.tf {
                    payload["tags_filter"] = serde_json::to_value(tf).unwrap_or_default();
                }
                m.insert("payload".into(), payload);
                m
            });
            self.reply(id, ReplyResult::Subscribe(res));
            Ok(((), top))
        });
        if let Err(e) = attached {
            self.reply_err(id, "subscribe", e);
            return;
        }
        self.after_attach(&ch, &so, chan_info, false, sub_exp, source);
        self.keep_grant(&ch, sub_allow, refresh_proxy);
    }

    /// Keeps what a grant says for later on the attached subscription: its capabilities and
    /// the `sub_refresh` proxy that extends it.
    pub(super) fn keep_grant(&self, ch: &str, allow: Vec<String>, refresh_proxy: Option<String>) {
        if !allow.is_empty() || refresh_proxy.is_some() {
            if let Some(s) = self.lock().subs.get_mut(ch) {
                s.allow = allow.into();
                s.refresh_proxy = refresh_proxy;
            }
        }
    }

    /// Presence, join and bookkeeping once a subscriber is attached.
    pub(super) fn after_attach(
        &self,
        ch: &str,
        so: &SubOptions,
        chan_info: Option<Raw>,
        server_side: bool,
        expire_at: Option<i64>,
        source: u32,
    ) {
        let conn_info = {
            let mut st = self.lock();
            st.subs.insert(
                ch.to_string(),
                SubState {
                    server_side,
                    chan_info: chan_info.clone(),
                    presence: so.presence,
                    emit_join_leave: so.join_leave,
                    expire_at,
                    source,
                    allow: Arc::from(Vec::new()),
                    refresh_proxy: None,
                    refreshing: false,
                },
            );
            st.conn_info.clone()
        };
        if expire_at.is_some() {
            self.timers.notify_one();
        }
        self.map_presence(ch, true, chan_info.as_ref());
        if so.presence || so.join_leave {
            let info = ClientInfo {
                user: self.user_id().to_string(),
                client: self.client().to_string(),
                conn_info,
                chan_info,
            };
            if so.presence {
                self.node
                    .engine
                    .add_presence(ch, self.client(), info.clone());
            }
            if so.join_leave {
                self.node.publish_join_leave(ch, &info, true);
            }
        }
    }

    /// A server-side subscription (from the connection token or the API).
    pub(super) fn subscribe_server_side(
        &self,
        ch: &str,
        chan_info: Option<Raw>,
        data: Option<Raw>,
        ovr: Option<&SubscribeOptionOverride>,
        recover: Option<StreamPosition>,
        source: u32,
    ) -> Result<SubscribeResult, ApiError> {
        // Made through the server API while connected: the client learns of it by a push.
        let as_push = source == SOURCE_API;
        if self.lock().subs.contains_key(ch) {
            return Err(ApiError::new(codes::ALREADY_SUBSCRIBED));
        }
        let o = self.node.options(ch)?;
        if o.is_map() || o.is_shared_poll() {
            return Err(ApiError::not_available());
        }
        let so = self.sub_options(o, ch, ovr, None, &[]);
        let sub = Subscriber {
            outbox: self.outbox.clone(),
            user: self.user_id().into(),
            client: self.client().into(),
            push_join_leave: so.push_join_leave,
            min_offset: 0,
            tags_filter: None,
            delta_base: None,
            protobuf: self.protocol == Protocol::Protobuf,
        };
        let res = self.node.attach(ch, self.conn_id, sub, |engine| {
            let mut res = self.build_sub_result(engine, ch, o, &so, recover, false)?;
            res.data = data;
            if as_push {
                self.send_push(ch, &PushEvent::Subscribe(&res));
            }
            let top = res.offset;
            Ok((res, top))
        })?;
        self.after_attach(ch, &so, chan_info, true, None, source);
        Ok(res)
    }

    /// Removes a subscription; with `code`, tells the client with an unsubscribe push.
    pub(super) fn unsubscribe_channel(&self, ch: &str, code: Option<u32>) {
        let Some(sub) = self.lock().subs.remove(ch) else {
            return;
        };
        self.node.detach(ch, self.conn_id);
        if let Some(code) = code {
            self.send_push(
                ch,
                &PushEvent::Unsubscribe {
                    code,
                    reason: codes::unsubscribe_reason(code),
                },
            );
            self.node
                .metrics
                .server_unsubscribes
                .get_or_create(&crate::server::metrics::CodeLabel {
                    code: code.to_string(),
                })
                .inc();
        }
        self.trace_both(ch, || {
            let mut m = event("unsubscribe", if code.is_some() { "out" } else { "in" });
            if let Some(c) = code {
                m.insert("code".into(), Value::from(c));
                put(&mut m, "reason", codes::unsubscribe_reason(c));
            }
            m
        });
        self.leave(ch, &sub);
    }

    pub(super) fn leave(&self, ch: &str, sub: &SubState) {
        self.map_presence(ch, false, None);
        if sub.presence {
            self.node.engine.remove_presence(ch, self.client());
        }
        if sub.emit_join_leave {
            let info = ClientInfo {
                user: self.user_id().to_string(),
                client: self.client().to_string(),
                conn_info: self.lock().conn_info.clone(),
                chan_info: sub.chan_info.clone(),
            };
            self.node.publish_join_leave(ch, &info, false);
        }
    }
}

/// Publications with their data as JSON strings, as a JSON client that negotiated deltas
/// reads every one (the string is its delta base). A binary one stays binary, so the reply
/// is refused with 3506.
pub(super) fn as_strings(
    pubs: &[Arc<crate::proto::Publication>],
) -> Vec<Arc<crate::proto::Publication>> {
    pubs.iter()
        .map(|p| {
            p.binary
                .is_none()
                .then(|| crate::proto::with_string_data(p, p.data.get().as_bytes(), false))
                .flatten()
                .map_or_else(|| p.clone(), Arc::new)
        })
        .collect()
}

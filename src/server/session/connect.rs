//! Connect: credentials from the connection token, the connect proxy or none (anonymous),
//! then limits, the registry, the server-side subscriptions (token `channels`/`subs`, the
//! personal channel) and the connect reply.

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Session {
    pub(super) fn connect(self: &Arc<Self>, id: u32, req: ConnectRequest) -> Flow {
        let cfg = &self.node.config.client;
        if !req.headers.is_empty() && !self.node.proxies.is_empty() {
            let _ = self.emulated.set(
                req.headers
                    .iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                    .collect(),
            );
        }
        let now = now_unix();
        if req.token.is_empty() {
            if let Some(proxy) = self.node.proxies.connect() {
                return self.connect_proxied(id, req, proxy);
            }
            if !(cfg.allow_anonymous_connect_without_token || cfg.insecure) {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            self.finish_connect(id, &req, Creds::default());
            return Flow::Done;
        }
        let (claims, user) = match self.node.conn_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", ApiError::new(codes::TOKEN_EXPIRED));
                return Flow::Done;
            }
            Err(TokenError::Invalid(why)) => {
                tracing::info!(conn = self.conn_id, reason = %why, "invalid connection token");
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        if claims.channel.is_some() {
            tracing::info!(
                conn = self.conn_id,
                "subscription token used as a connection token"
            );
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return Flow::Done;
        }
        if user.is_empty() && cfg.disallow_anonymous_connection_tokens {
            self.close(Disconnect::new(Disconnect::PERMISSION_DENIED));
            return Flow::Done;
        }
        if let Some(why) =
            self.node
                .access
                .token_refused(&user, &claims.jti, claims.iat.unwrap_or(0), "", now)
        {
            // revoked or invalidated: the SDK asks the app for a fresh token
            tracing::info!(conn = self.conn_id, %user, why = %why.describe(), "connection token refused");
            self.lock().phase = Phase::Failed;
            self.reply_err(id, "connect", ApiError::new(codes::TOKEN_EXPIRED));
            return Flow::Done;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) if t <= now => {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", ApiError::new(codes::EXPIRED));
                return Flow::Done;
            }
            Some(t) => Some(t),
            None => claims.exp,
        };
        let info = match b64_raw("b64info", &claims.b64info) {
            Ok(Some(i)) => Some(i),
            Ok(None) => claims.info.clone().map(crate::proto::strip_newlines),
            Err(_) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        let mut subs: Vec<(String, Option<crate::server::auth::TokenSubOptions>)> = Vec::new();
        if claims.subs.is_empty() {
            subs.extend(claims.channels.iter().map(|c| (c.clone(), None)));
        } else {
            subs.extend(
                claims
                    .subs
                    .iter()
                    .map(|(c, o)| (c.clone(), Some(o.clone()))),
            );
        }
        let caps = match Caps::compile(&claims.caps) {
            Ok(c) if !c.is_empty() => Some(Arc::new(c)),
            Ok(_) => None,
            Err(why) => {
                tracing::info!(conn = self.conn_id, %why, "connection token has invalid caps");
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return Flow::Done;
            }
        };
        let creds = Creds {
            client: None,
            user,
            info,
            exp: if cfg.insecure { None } else { exp },
            subs,
            sub_source: SOURCE_TOKEN,
            caps,
            token: Some((claims.jti.clone(), claims.iat.unwrap_or(0))),
            meta: claims.meta.clone(),
            labels: claims.labels.clone(),
            data: None,
        };
        self.finish_connect(id, &req, creds);
        Flow::Done
    }

    /// Connects with `creds` (from a token, the connect proxy, or anonymous): limits, the
    /// registry, the server-side subscriptions and the connect reply.
    pub(super) fn finish_connect(self: &Arc<Self>, id: u32, req: &ConnectRequest, creds: Creds) {
        let cfg = &self.node.config.client;
        let now = now_unix();
        let Creds {
            client,
            user,
            info,
            exp,
            subs: subs_from_token,
            sub_source,
            caps,
            token,
            meta,
            labels,
            data: connect_data,
        } = creds;
        if self.node.access.blocked(&user, now).is_some() {
            tracing::info!(conn = self.conn_id, %user, "blocked user refused");
            self.close(Disconnect::new(Disconnect::FORCE_DISCONNECT));
            return;
        }
        if !user.is_empty() && self.connect_limited(&user) {
            self.lock().phase = Phase::Failed;
            self.reply_err(id, "connect", ApiError::new(codes::TOO_MANY_REQUESTS));
            return;
        }
        if subs_from_token.len() > cfg.channel_limit as usize {
            self.close(Disconnect::new(Disconnect::CHANNEL_LIMIT));
            return;
        }
        for (ch, _) in &subs_from_token {
            if let Err(e) = self.node.options(ch) {
                self.lock().phase = Phase::Failed;
                self.reply_err(id, "connect", e);
                return;
            }
        }
        let client = client.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        // Connect runs once per session (phase checked above), so the identity is unset.
        let _ = self.identity.set(Identity {
            client: client.clone(),
            user: user.clone(),
            name: req.name.clone(),
            version: req.version.clone(),
            connected_at_ms: i64::try_from(crate::server::trace::now_ms()).unwrap_or(0),
            token,
            meta,
            labels,
        });
        if let Err(d) = self.node.add_connection(self.clone()) {
            self.close(d);
            return;
        }
        let ping_interval = cfg.ping_interval;
        {
            let mut st = self.lock();
            st.phase = Phase::Connected;
            st.conn_info = info;
            st.caps = caps;
            st.expire_at = exp;
            if ping_interval.is_positive() {
                let iv = ping_interval.value;
                let first = iv / 2
                    + Duration::from_millis(rand::random_range(
                        0..(iv.as_millis() as u64 / 2).max(1),
                    ));
                st.next_ping = Some(Instant::now() + first);
            }
        }
        self.timers.notify_one();
        // Server-side subscriptions: their replies go in the connect result, and any
        // publication that races them must not overtake the connect reply.
        self.outbox.hold();
        let mut subs = BTreeMap::new();
        // Where the client asks a server-side subscription to recover from (connect `subs`).
        let since_of = |ch: &str| {
            req.subs
                .get(ch)
                .filter(|r| r.recover)
                .map(|r| StreamPosition {
                    offset: r.offset,
                    epoch: r.epoch.clone(),
                })
        };
        for (ch, opts) in subs_from_token {
            let (chan_info, data, ovr) = match &opts {
                Some(o) => (
                    b64_raw("b64info", &o.b64info)
                        .ok()
                        .flatten()
                        .or_else(|| o.info.clone()),
                    b64_raw("b64data", &o.b64data)
                        .ok()
                        .flatten()
                        .or_else(|| o.data.clone()),
                    o.override_.clone(),
                ),
                None => (None, None, None),
            };
            match self.subscribe_server_side(
                &ch,
                chan_info,
                data,
                ovr.as_ref(),
                since_of(&ch),
                sub_source,
            ) {
                Ok(res) => {
                    subs.insert(ch, res);
                }
                Err(e) => {
                    tracing::warn!(conn = self.conn_id, channel = %ch, error = %e, "token subscription failed");
                }
            }
        }
        // The user's personal channel (`client.subscribe_to_user_personal_channel`).
        let personal = &self.node.config.client.subscribe_to_user_personal_channel;
        let personal_channel = (personal.enabled && !user.is_empty())
            .then(|| self.node.config.personal_channel(&user))
            .filter(|ch| !subs.contains_key(ch));
        if let Some(ch) = &personal_channel {
            match self.subscribe_server_side(ch, None, None, None, since_of(ch), SOURCE_PERSONAL) {
                Ok(res) => {
                    subs.insert(ch.clone(), res);
                }
                Err(e) => {
                    tracing::warn!(conn = self.conn_id, channel = %ch, error = %e, "personal channel subscription failed");
                }
            }
        }
        // With a refresh proxy the server extends the connection itself: the client is not
        // told to refresh.
        let (expires, ttl) = if self.node.proxies.refresh().is_some() {
            (false, 0)
        } else {
            ttl_of(exp, now)
        };
        let result_channels: Vec<String> = if self.node.tracers.enabled() {
            subs.keys().cloned().collect()
        } else {
            Vec::new()
        };
        let result = ConnectResult {
            client,
            version: VERSION.to_string(),
            expires,
            ttl,
            data: connect_data,
            subs,
            ping: if ping_interval.is_positive() {
                ping_interval.value.as_secs() as u32
            } else {
                0
            },
            pong: !self.uni && ping_interval.is_positive() && cfg.pong_timeout.is_positive(),
            session: self.emulation_id.clone().unwrap_or_default(),
            node: if self.emulation_id.is_some() && !self.uni {
                self.node.uid.clone()
            } else {
                String::new()
            },
            time: if cfg.connect_include_server_time {
                now * 1000
            } else {
                0
            },
        };
        let reply = Reply::ok(id, ReplyResult::Connect(result));
        self.trace(|| {
            let mut m = event("connect", "in");
            m.insert(
                "payload".into(),
                serde_json::json!({
                    "transport": self.transport,
                    "protocol": self.protocol.name(),
                    "name": req.name,
                    "version": req.version,
                    "expires_at": exp,
                    "reply": serde_json::to_value(&reply).unwrap_or(Value::Null),
                }),
            );
            m
        });
        let encoded = if self.uni {
            let ReplyBody::Ok(ReplyResult::Connect(result)) = &reply.body else {
                unreachable!("built as a connect result above")
            };
            self.protocol.push("", &PushEvent::Connect(result))
        } else {
            self.protocol.reply(&reply)
        };
        let Some(reply) = encoded else {
            // closing first: the release then queues nothing
            self.inappropriate();
            self.outbox.release_front(Bytes::new());
            return;
        };
        // Then the server-side subscriptions the connect made, each with where it came from.
        for ch in result_channels {
            self.trace_both(&ch, || {
                let mut m = event("subscribe", "out");
                let from = if personal_channel.as_deref() == Some(ch.as_str()) {
                    "personal channel (client.subscribe_to_user_personal_channel)"
                } else {
                    "connection token"
                };
                m.insert(
                    "payload".into(),
                    serde_json::json!({"server_side": true, "source": from}),
                );
                m
            });
        }
        self.outbox.release_front(Bytes::from(reply));
        if let Some(ch) = personal_channel.filter(|_| personal.single_connection) {
            self.keep_single_connection(&ch, &user);
        }
        self.node
            .metrics
            .connections_accepted
            .get_or_create(&crate::server::metrics::TransportLabel {
                transport: self.transport,
            })
            .inc();
    }

    /// `single_connection`: when the personal channel's presence counts another connection
    /// of this user (on any node), disconnects the user's other connections with 3504, as
    /// Centrifugo does.
    pub(super) fn keep_single_connection(&self, personal: &str, user: &str) {
        match self.node.engine.presence_stats(personal) {
            Ok((clients, _)) if clients >= 2 => {
                let req = crate::proto::api::DisconnectRequest {
                    user: user.to_string(),
                    whitelist: vec![self.client().to_string()],
                    disconnect: Some(crate::proto::api::DisconnectObject {
                        code: u32::from(Disconnect::CONNECTION_LIMIT),
                        reason: codes::disconnect_reason(Disconnect::CONNECTION_LIMIT).to_string(),
                    }),
                    ..Default::default()
                };
                if let Err(e) = self.node.api_disconnect(&req) {
                    tracing::warn!(conn = self.conn_id, error = %e, "single connection: disconnecting older connections failed");
                }
            }
            Ok(_) => {}
            Err(e) => {
                // As Centrifugo: without the count the rule cannot hold, so this one goes.
                tracing::warn!(conn = self.conn_id, error = %e, "single connection: presence stats failed");
                self.close(Disconnect::new(Disconnect::INTERNAL));
            }
        }
    }
}

//! The other client commands: publish, presence, history, refresh and `sub_refresh`.

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Session {
    pub(super) fn is_subscribed(&self, ch: &str) -> bool {
        self.lock().subs.contains_key(ch)
    }

    pub(super) fn publish(self: &Arc<Self>, id: u32, req: PublishRequest) -> Flow {
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return Flow::Done;
        }
        if self
            .node
            .options(&req.channel)
            .is_ok_and(NamespaceOptions::is_map)
        {
            self.map_publish(id, req);
            return Flow::Done;
        }
        if req.is_map() {
            // Map fields on a stream channel: never delivered as an ordinary publication.
            tracing::debug!(conn = self.conn_id, channel = %req.channel, "map publication on a stream channel");
            self.reply_err(id, "publish", ApiError::bad_request());
            return Flow::Done;
        }
        let Some(data) = crate::proto::Payload::from_client(req.data, req.binary) else {
            self.reply_err(id, "publish", ApiError::bad_request());
            return Flow::Done;
        };
        let (caps, subscribed, allow) = self.access(&req.channel);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        let decision = decide(&self.node.config, Op::Publish, &req.channel, &subject);
        if let Err(e) = decision.result {
            self.reply_err(id, "publish", e);
            return Flow::Done;
        }
        if let Some(name) = decision.proxy {
            return self.publish_proxied(id, req.channel, data, &name);
        }
        self.publish_granted(
            id,
            &req.channel,
            data,
            BTreeMap::new(),
            &crate::server::node::PublishOpts::default(),
        );
        Flow::Done
    }

    /// Publishes a client's `data`, allowed, into `channel`.
    pub(super) fn publish_granted(
        &self,
        id: u32,
        channel: &str,
        data: crate::proto::Payload,
        tags: BTreeMap<String, String>,
        opts: &crate::server::node::PublishOpts<'_>,
    ) {
        let (conn_info, chan_info) = {
            let st = self.lock();
            (
                st.conn_info.clone(),
                st.subs.get(channel).and_then(|s| s.chan_info.clone()),
            )
        };
        let info = ClientInfo {
            user: self.user_id().to_string(),
            client: self.client().to_string(),
            conn_info,
            chan_info,
        };
        match self.node.publish(channel, data, Some(info), tags, opts) {
            Ok(_) => self.reply(id, ReplyResult::Publish(Empty {})),
            Err(e) => self.reply_err(id, "publish", e),
        }
    }

    pub(super) fn presence(&self, id: u32, ch: &str, stats: bool) {
        let method = if stats { "presence_stats" } else { "presence" };
        self.node.tracers.channel(ch, || {
            let mut m = event(method, "in");
            put(&mut m, "client", self.client());
            put(&mut m, "user", self.user_id());
            put(&mut m, "channel", ch);
            m
        });
        if ch.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let (caps, subscribed, allow) = self.access(ch);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        if let Err(e) = decide(&self.node.config, Op::Presence, ch, &subject).result {
            self.reply_err(id, method, e);
            return;
        }
        if stats {
            match self.node.engine.presence_stats(ch) {
                Ok((num_clients, num_users)) => self.reply(
                    id,
                    ReplyResult::PresenceStats(PresenceStatsResult {
                        num_clients,
                        num_users,
                    }),
                ),
                Err(e) => self.reply_err(id, method, e),
            }
        } else {
            match self.node.engine.presence(ch) {
                Ok(presence) => self.reply(id, ReplyResult::Presence(PresenceResult { presence })),
                Err(e) => self.reply_err(id, method, e),
            }
        }
    }

    pub(super) fn history(&self, id: u32, req: HistoryRequest) {
        self.node.tracers.channel(&req.channel, || {
            let mut m = event("history", "in");
            put(&mut m, "client", self.client());
            put(&mut m, "user", self.user_id());
            put(&mut m, "channel", &req.channel);
            m.insert(
                "payload".into(),
                serde_json::json!({"limit": req.limit, "since": req.since, "reverse": req.reverse}),
            );
            m
        });
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let (caps, subscribed, allow) = self.access(&req.channel);
        let subject = Subject {
            subscribed,
            caps: caps.as_deref(),
            sub_allow: &allow,
            ..Subject::user(self.user_id())
        };
        if let Err(e) = decide(&self.node.config, Op::History, &req.channel, &subject).result {
            self.reply_err(id, "history", e);
            return;
        }
        if req.reverse && req.since.as_ref().is_some_and(|s| s.offset == 0) {
            self.reply_err(id, "history", ApiError::bad_request());
            return;
        }
        let max = self.node.config.client.history_max_publication_limit as i32;
        let limit = if req.limit < 0 || (max > 0 && req.limit > max) {
            max
        } else {
            req.limit
        };
        let Ok(o) = self.node.options(&req.channel) else {
            self.reply_err(id, "history", ApiError::unknown_channel());
            return;
        };
        let filter = HistoryFilter {
            since: req.since,
            limit,
            reverse: req.reverse,
        };
        match self
            .node
            .engine
            .history(&req.channel, &filter, &stream_options(&self.node.config, o))
        {
            Ok((publications, pos)) => {
                self.reply(
                    id,
                    ReplyResult::History(HistoryResult {
                        publications,
                        epoch: pos.epoch,
                        offset: pos.offset,
                    }),
                );
            }
            Err(e) => self.reply_err(id, "history", e),
        }
    }

    pub(super) fn refresh(&self, id: u32, req: &RefreshRequest) {
        if req.token.is_empty() || self.node.proxies.refresh().is_some() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        let now = now_unix();
        let (claims, user) = match self.node.conn_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.close(Disconnect::new(Disconnect::EXPIRED));
                return;
            }
            Err(TokenError::Invalid(_)) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return;
            }
        };
        if user != self.user_id() || claims.channel.is_some() {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        }
        if self
            .node
            .access
            .token_refused(&user, &claims.jti, claims.iat.unwrap_or(0), "", now)
            .is_some()
        {
            self.close(Disconnect::new(Disconnect::EXPIRED));
            return;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) => Some(t),
            None => claims.exp,
        };
        if exp.is_some_and(|t| t <= now) {
            self.close(Disconnect::new(Disconnect::EXPIRED));
            return;
        }
        let Ok(caps) = Caps::compile(&claims.caps) else {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        };
        let caps_changed = {
            let mut st = self.lock();
            let old = st.caps.take();
            let new = (!caps.is_empty()).then(|| Arc::new(caps));
            let changed = format!("{old:?}") != format!("{new:?}");
            st.caps = new;
            changed
        };
        if caps_changed {
            self.revoke_lost_subscriptions();
        }
        {
            let mut st = self.lock();
            st.expire_at = if self.node.config.client.insecure {
                None
            } else {
                exp
            };
            if let Some(info) = claims.info {
                st.conn_info = Some(info);
            }
        }
        self.timers.notify_one();
        let (expires, ttl) = ttl_of(exp, now);
        self.reply(
            id,
            ReplyResult::Refresh(RefreshResult {
                client: String::new(),
                version: String::new(),
                expires,
                ttl,
            }),
        );
    }

    pub(super) fn sub_refresh(&self, id: u32, req: SubRefreshRequest) {
        if req.channel.is_empty() {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        if req.kind != 0 {
            // shared poll track / untrack
            self.poll_track(id, req);
            return;
        }
        if !self.is_subscribed(&req.channel) {
            self.reply_err(id, "sub_refresh", ApiError::permission_denied());
            return;
        }
        if req.token.is_empty() {
            self.reply_err(id, "sub_refresh", ApiError::bad_request());
            return;
        }
        let now = now_unix();
        let (claims, user) = match self.node.sub_verifier.verify(&req.token, now) {
            Ok(v) => v,
            Err(TokenError::Expired) => {
                self.reply_err(id, "sub_refresh", ApiError::new(codes::TOKEN_EXPIRED));
                return;
            }
            Err(TokenError::Invalid(_)) => {
                self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
                return;
            }
        };
        if claims.channel.as_deref() != Some(req.channel.as_str())
            || user != self.user_id()
            || (!claims.client.is_empty() && claims.client != self.client())
        {
            self.close(Disconnect::new(Disconnect::INVALID_TOKEN));
            return;
        }
        if self
            .node
            .access
            .token_refused(
                &user,
                &claims.jti,
                claims.iat.unwrap_or(0),
                &req.channel,
                now,
            )
            .is_some()
        {
            self.reply_err(id, "sub_refresh", ApiError::new(codes::TOKEN_EXPIRED));
            return;
        }
        let exp = match claims.expire_at {
            Some(0) => None,
            Some(t) => Some(t),
            None => claims.exp,
        };
        if let Some(s) = self.lock().subs.get_mut(&req.channel) {
            s.expire_at = exp;
        }
        self.timers.notify_one();
        let (expires, ttl) = ttl_of(exp, now);
        self.reply(
            id,
            ReplyResult::SubRefresh(SubRefreshResult {
                expires,
                ttl,
                items: Vec::new(),
            }),
        );
    }
}

//! The server API's methods on a node: publish and broadcast, presence, history, channels,
//! info, user status, connections, subscribe/unsubscribe/disconnect/refresh of connections,
//! each answered locally or, on the Redis engine, across the cluster.

#[allow(clippy::wildcard_imports)] // the node's own types and imports
use super::*;

impl Node {
    /// A publish's payload: `b64data` when set (JSON when its bytes are JSON, binary
    /// otherwise), else `data`.
    /// A publication's payload from the API's `data` or `b64data`: 107 when neither holds
    /// one.
    pub(crate) fn data_from(data: Option<Raw>, b64: &str) -> Result<Payload, ApiError> {
        if !b64.is_empty() {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| ApiError::bad_request())?;
            if bytes.is_empty() {
                return Err(ApiError::bad_request());
            }
            return Ok(Payload::from_bytes(&bytes));
        }
        match data {
            Some(d) if d.get() != "null" => Ok(Payload::Json(d)),
            _ => Err(ApiError::bad_request()),
        }
    }

    pub fn api_publish(&self, req: api::PublishRequest) -> Result<api::PublishResult, ApiError> {
        if req.channel.is_empty() {
            return Err(ApiError::bad_request());
        }
        let data = Self::data_from(req.data, &req.b64data)?;
        self.publish(
            &req.channel,
            data,
            None,
            req.tags,
            &PublishOpts {
                skip_history: req.skip_history,
                idempotency_key: &req.idempotency_key,
                delta: req.delta,
                version: req.version,
                version_epoch: &req.version_epoch,
            },
        )
    }

    pub fn api_broadcast(
        &self,
        req: api::BroadcastRequest,
    ) -> Result<api::BroadcastResult, ApiError> {
        if req.channels.is_empty() {
            return Err(ApiError::bad_request());
        }
        let data = Self::data_from(req.data, &req.b64data)?;
        let responses = req
            .channels
            .iter()
            .map(|ch| {
                let r = if ch.is_empty() {
                    Err(ApiError::bad_request())
                } else {
                    self.publish(
                        ch,
                        data.clone(),
                        None,
                        req.tags.clone(),
                        &PublishOpts {
                            skip_history: req.skip_history,
                            idempotency_key: &req.idempotency_key,
                            delta: req.delta,
                            version: req.version,
                            version_epoch: &req.version_epoch,
                        },
                    )
                };
                match r {
                    Ok(result) => api::PublishResponse {
                        error: None,
                        result: Some(result),
                    },
                    Err(e) => api::PublishResponse {
                        error: Some(e.for_api()),
                        result: None,
                    },
                }
            })
            .collect();
        Ok(api::BroadcastResult { responses })
    }

    /// `publish` on the Redis engine, awaited rather than waited for (the HTTP API's path):
    /// a broadcast to one channel.
    pub async fn api_publish_redis(
        &self,
        req: api::PublishRequest,
    ) -> Result<api::PublishResult, ApiError> {
        if req.channel.is_empty() {
            return Err(ApiError::bad_request());
        }
        let one = api::BroadcastRequest {
            channels: vec![req.channel],
            data: req.data,
            b64data: req.b64data,
            skip_history: req.skip_history,
            tags: req.tags,
            idempotency_key: req.idempotency_key,
            delta: req.delta,
            version: req.version,
            version_epoch: req.version_epoch,
        };
        let mut r = self.api_broadcast_redis(one).await?;
        match r.responses.pop() {
            Some(api::PublishResponse {
                result: Some(result),
                ..
            }) => Ok(result),
            Some(api::PublishResponse { error: Some(e), .. }) => Err(e),
            _ => Err(ApiError::internal()),
        }
    }

    /// `broadcast` on the Redis engine: every channel's publish in flight at once.
    pub async fn api_broadcast_redis(
        &self,
        req: api::BroadcastRequest,
    ) -> Result<api::BroadcastResult, ApiError> {
        if req.channels.is_empty() {
            return Err(ApiError::bad_request());
        }
        let data = Self::data_from(req.data, &req.b64data)?;
        let opts = PublishOpts {
            skip_history: req.skip_history,
            idempotency_key: &req.idempotency_key,
            delta: req.delta,
            version: req.version,
            version_epoch: &req.version_epoch,
        };
        let answers = self
            .publish_redis(&req.channels, &data, &req.tags, &opts)
            .await
            .ok_or_else(ApiError::internal)?;
        Ok(api::BroadcastResult {
            responses: answers
                .into_iter()
                .map(|r| match r {
                    Ok(result) => api::PublishResponse {
                        error: None,
                        result: Some(result),
                    },
                    Err(e) => api::PublishResponse {
                        error: Some(e.for_api()),
                        result: None,
                    },
                })
                .collect(),
        })
    }

    pub fn api_subscribe(&self, req: &api::SubscribeRequest) -> Result<api::Empty, ApiError> {
        let r = self.local_subscribe(req)?;
        self.cluster_api("subscribe", req);
        Ok(r)
    }

    pub(super) fn local_subscribe(
        &self,
        req: &api::SubscribeRequest,
    ) -> Result<api::Empty, ApiError> {
        self.options(&req.channel)?;
        for c in self.select_for(
            &req.user,
            &req.client,
            req.label_filter.as_ref(),
            req.all_users,
        )? {
            c.server_subscribe(self, req)?;
        }
        Ok(api::Empty {})
    }

    pub fn api_unsubscribe(&self, req: &api::UnsubscribeRequest) -> Result<api::Empty, ApiError> {
        let r = self.local_unsubscribe(req)?;
        self.cluster_api("unsubscribe", req);
        Ok(r)
    }

    pub(super) fn local_unsubscribe(
        &self,
        req: &api::UnsubscribeRequest,
    ) -> Result<api::Empty, ApiError> {
        self.options(&req.channel)?;
        for c in self.select_for(
            &req.user,
            &req.client,
            req.label_filter.as_ref(),
            req.all_users,
        )? {
            c.server_unsubscribe(self, &req.channel, 2000);
        }
        Ok(api::Empty {})
    }

    pub fn api_disconnect(&self, req: &api::DisconnectRequest) -> Result<api::Empty, ApiError> {
        let r = self.local_disconnect(req)?;
        self.cluster_api("disconnect", req);
        Ok(r)
    }

    pub(super) fn local_disconnect(
        &self,
        req: &api::DisconnectRequest,
    ) -> Result<api::Empty, ApiError> {
        let d = match &req.disconnect {
            Some(d) if d.code > 0 => {
                let code = u16::try_from(d.code).map_err(|_| ApiError::bad_request())?;
                if d.reason.len() > 123 {
                    return Err(ApiError::bad_request());
                }
                Disconnect {
                    code,
                    reason: d.reason.clone(),
                }
            }
            _ => Disconnect::new(Disconnect::FORCE_DISCONNECT),
        };
        for c in self.select_for(
            &req.user,
            &req.client,
            req.label_filter.as_ref(),
            req.all_users,
        )? {
            if !req.whitelist.iter().any(|w| w == c.client_id()) {
                c.disconnect(d.clone());
            }
        }
        Ok(api::Empty {})
    }

    pub fn api_refresh(&self, req: &api::RefreshRequest) -> Result<api::Empty, ApiError> {
        let r = self.local_refresh(req)?;
        self.cluster_api("refresh", req);
        Ok(r)
    }

    pub(super) fn local_refresh(&self, req: &api::RefreshRequest) -> Result<api::Empty, ApiError> {
        let expire_at = if req.expire_at > 0 {
            Some(req.expire_at)
        } else {
            None
        };
        for c in self.select_for(
            &req.user,
            &req.client,
            req.label_filter.as_ref(),
            req.all_users,
        )? {
            c.server_refresh(self, req.expired, expire_at, req.info.clone());
        }
        Ok(api::Empty {})
    }

    pub fn api_presence(&self, req: &api::ChannelRequest) -> Result<api::PresenceResult, ApiError> {
        let o = self.options(&req.channel)?;
        if !o.presence {
            return Err(ApiError::not_available());
        }
        Ok(api::PresenceResult {
            presence: self.engine.presence(&req.channel)?,
        })
    }

    pub fn api_presence_stats(
        &self,
        req: &api::ChannelRequest,
    ) -> Result<api::PresenceStatsResult, ApiError> {
        let o = self.options(&req.channel)?;
        if !o.presence {
            return Err(ApiError::not_available());
        }
        let (num_clients, num_users) = self.engine.presence_stats(&req.channel)?;
        Ok(api::PresenceStatsResult {
            num_clients,
            num_users,
        })
    }

    pub fn api_history(&self, req: api::HistoryRequest) -> Result<api::HistoryResult, ApiError> {
        let o = self.options(&req.channel)?;
        if !o.history_enabled() {
            return Err(ApiError::not_available());
        }
        if req.reverse
            && req
                .since
                .as_ref()
                .is_some_and(|s| s.offset == 0 && !s.epoch.is_empty())
        {
            return Err(ApiError::bad_request());
        }
        let filter = HistoryFilter {
            since: req.since,
            limit: req.limit,
            reverse: req.reverse,
        };
        let (publications, pos) =
            self.engine
                .history(&req.channel, &filter, &stream_options(&self.config, o))?;
        Ok(api::HistoryResult {
            publications,
            epoch: pos.epoch,
            offset: pos.offset,
        })
    }

    pub fn api_history_remove(&self, req: &api::ChannelRequest) -> Result<api::Empty, ApiError> {
        let o = self.options(&req.channel)?;
        if !o.history_enabled() {
            return Err(ApiError::not_available());
        }
        self.engine.remove_history(&req.channel)?;
        Ok(api::Empty {})
    }

    pub fn api_channels(
        &self,
        req: &api::ChannelsRequest,
    ) -> Result<api::ChannelsResult, ApiError> {
        let matcher = if req.pattern.is_empty() {
            None
        } else {
            Some(
                globset::GlobBuilder::new(&req.pattern)
                    .literal_separator(false)
                    .build()
                    .map_err(|_| ApiError::bad_request())?
                    .compile_matcher(),
            )
        };
        let channels = self
            .hub
            .channels()
            .into_iter()
            .filter(|(ch, _)| matcher.as_ref().is_none_or(|m| m.is_match(ch)))
            .map(|(ch, n)| {
                (
                    ch,
                    api::ChannelInfo {
                        num_clients: n as u32,
                    },
                )
            })
            .collect();
        Ok(api::ChannelsResult { channels })
    }

    /// This node's numbers.
    pub fn node_info(&self) -> api::NodeInfo {
        let (clients, users) = self.client_counts();
        let (channels, subs) = self.hub.counts();
        let (interval, mut items, process) = self
            .info_items
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        if self.engine.redis().is_some() {
            items.insert(
                "centri.engine.healthy".into(),
                if self.engine.healthy() { 1.0 } else { 0.0 },
            );
        }
        api::NodeInfo {
            uid: self.uid.clone(),
            name: self.name.clone(),
            version: VERSION.to_string(),
            num_clients: clients as u32,
            num_users: users as u32,
            num_channels: channels as u32,
            num_subs: subs as u32,
            uptime: self.started.elapsed().as_secs() as u32,
            metrics: if items.is_empty() {
                None
            } else {
                Some(api::Metrics { interval, items })
            },
            process,
        }
    }

    pub fn api_info(&self) -> api::InfoResult {
        let mut nodes = vec![self.node_info()];
        let peers = self
            .peers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        nodes.extend(
            peers
                .values()
                .filter(|(_, at)| at.elapsed() < PEER_TTL)
                .map(|(i, _)| i.clone()),
        );
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        api::InfoResult { nodes }
    }
}

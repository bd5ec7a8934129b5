//! The cluster side of a node (Redis engine): control messages to and from the other nodes,
//! their announcements, forwarded commands and surveys, and what a broker reconnect or a
//! node's departure means for local subscribers.

#[allow(clippy::wildcard_imports)] // the node's own types and imports
use super::*;

impl Node {
    /// Tells the other nodes to apply an API call to their local connections.
    pub(crate) fn cluster_api<T: serde::Serialize>(&self, method: &str, req: &T) {
        let Some(r) = self.engine.redis() else { return };
        let msg =
            serde_json::json!({"node": self.uid, "type": "api", "method": method, "body": req});
        if r.publish_control(msg.to_string().as_bytes()).is_err() {
            tracing::warn!(
                method,
                "could not reach the other nodes: applied on this node only"
            );
        }
    }

    /// Sends this node's live rate-limit overrides to the others (after a live edit).
    pub fn cluster_ratelimits(&self) {
        let Some(r) = self.engine.redis() else { return };
        let msg = serde_json::json!({"node": self.uid, "type": "ratelimit", "overrides": self.limit_store.overrides()});
        if r.publish_control(msg.to_string().as_bytes()).is_err() {
            tracing::warn!("could not send the rate-limit change to the other nodes");
        }
    }

    /// Asks the other nodes to forward their events for `target` (renewed every announce).
    pub(super) fn request_remote_trace(&self, target: &trace::Target) {
        let Some(r) = self.engine.redis() else { return };
        let (kind, entity) = match target {
            trace::Target::User(u) => ("user", u),
            trace::Target::Channel(c) => ("channel", c),
        };
        let msg =
            serde_json::json!({"node": self.uid, "type": "trace", "kind": kind, "entity": entity});
        let _ = r.publish_control(msg.to_string().as_bytes());
    }

    /// Another node traces `target`: forward this node's events for it until the requests
    /// stop coming.
    pub(super) fn forward_trace(self: &Arc<Self>, target: trace::Target) {
        {
            let mut f = self
                .forwards
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(at) = f.get_mut(&target) {
                *at = Instant::now();
                return;
            }
            f.insert(target.clone(), Instant::now());
        }
        let node = self.clone();
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        rt.spawn(async move {
            let mut guard = node.attach_tracer_as(target.clone(), true);
            let (kind, entity) = match &target {
                trace::Target::User(u) => ("user", u.clone()),
                trace::Target::Channel(c) => ("channel", c.clone()),
            };
            loop {
                let fresh = node
                    .forwards
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get(&target)
                    .is_some_and(|at| at.elapsed() < FORWARD_TTL);
                if !fresh {
                    break;
                }
                match tokio::time::timeout(Duration::from_secs(1), guard.attached().rx.recv()).await {
                    Ok(Some(ev)) => {
                        let msg = serde_json::json!({"node": node.uid, "kind": kind, "entity": entity, "event": ev});
                        let n = node.clone();
                        let _ = tokio::task::spawn_blocking(move || {
                            if let Some(r) = n.engine.redis() {
                                let _ = r.publish_trace(msg.to_string().as_bytes());
                            }
                        })
                        .await;
                    }
                    Ok(None) => break,
                    Err(_) => {}
                }
            }
            node.forwards
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&target);
            drop(guard);
        });
    }

    /// A traced event from another node: to this node's own tracers.
    pub fn on_remote_trace(&self, payload: &[u8]) {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(payload) else {
            return;
        };
        if v["node"].as_str() == Some(self.uid.as_str()) {
            return;
        }
        let entity = v["entity"].as_str().unwrap_or_default().to_string();
        let target = match v["kind"].as_str() {
            Some("user") => trace::Target::User(entity),
            Some("channel") => trace::Target::Channel(entity),
            _ => return,
        };
        self.tracers.inject(&target, &v["event"]);
    }

    /// Announces this node (its `info` entry) to the others.
    pub fn announce(&self) {
        let Some(r) = self.engine.redis() else { return };
        let msg = serde_json::json!({"node": self.uid, "type": "info", "info": self.node_info()});
        let _ = r.publish_control(msg.to_string().as_bytes());
        for t in self.tracers.local_targets() {
            self.request_remote_trace(&t);
        }
    }

    /// A control message from the cluster.
    /// Whether `uid` is a live node of the cluster (this one or a peer that announced itself).
    pub fn has_peer(&self, uid: &str) -> bool {
        uid == self.uid
            || self
                .peers
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains_key(uid)
    }

    pub fn on_control(self: &Arc<Self>, payload: &[u8]) {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(payload) else {
            return;
        };
        let from = v["node"].as_str().unwrap_or_default();
        if from == self.uid {
            return;
        }
        match v["type"].as_str() {
            Some("info") => {
                if let Ok(info) = serde_json::from_value::<api::NodeInfo>(v["info"].clone()) {
                    self.peers
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(from.to_string(), (info, Instant::now()));
                }
            }
            Some("api") => {
                let body = v["body"].clone();
                let r = match v["method"].as_str() {
                    Some("subscribe") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .and_then(|q| self.local_subscribe(&q)),
                    Some("unsubscribe") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .and_then(|q| self.local_unsubscribe(&q)),
                    Some("disconnect") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .and_then(|q| self.local_disconnect(&q)),
                    Some("refresh") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .and_then(|q| self.local_refresh(&q)),
                    Some("shared_poll_publish") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .and_then(|q| crate::server::poll::deliver(self, q))
                        .map(|()| api::Empty {}),
                    Some("access") => serde_json::from_value(body)
                        .map_err(|_| ApiError::bad_request())
                        .map(|c| {
                            self.local_access(&c);
                            api::Empty {}
                        }),
                    _ => Ok(api::Empty {}),
                };
                if let Err(e) = r {
                    tracing::debug!(code = e.code, "cluster command failed on this node");
                }
            }
            Some("emulation") if v["target"].as_str() == Some(self.uid.as_str()) => {
                crate::server::transport::emulation::on_remote(self, &v);
            }
            Some("survey") => {
                let Ok(req) = serde_json::from_value::<api::ConnectionsRequest>(v["body"].clone())
                else {
                    return;
                };
                let result = self.local_connections(&req).unwrap_or_default();
                let reply = serde_json::json!({"node": self.uid, "type": "survey_reply", "to": from, "id": v["id"], "result": result});
                if let Some(r) = self.engine.redis() {
                    let _ = r.publish_control(reply.to_string().as_bytes());
                }
            }
            Some("survey_reply") if v["to"].as_str() == Some(self.uid.as_str()) => {
                let id = v["id"].as_str().unwrap_or_default();
                let tx = self
                    .surveys
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get(id)
                    .cloned();
                if let (Some(tx), Ok(part)) = (
                    tx,
                    serde_json::from_value::<api::ConnectionsResult>(v["result"].clone()),
                ) {
                    let _ = tx.send(part);
                }
            }
            Some("trace") => {
                let entity = v["entity"].as_str().unwrap_or_default().to_string();
                match v["kind"].as_str() {
                    Some("user") => self.forward_trace(trace::Target::User(entity)),
                    Some("channel") => self.forward_trace(trace::Target::Channel(entity)),
                    _ => {}
                }
            }
            Some("ratelimit") => match serde_json::from_value(v["overrides"].clone()) {
                Ok(o) => {
                    if let Err(e) = self.limit_store.adopt(
                        o,
                        &format!("cluster (node {from})"),
                        &self.ratelimits,
                    ) {
                        tracing::warn!(error = %e, "rate-limit change from another node not applied");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "bad rate-limit control message"),
            },
            _ => {}
        }
    }

    /// The broker connection was lost: local subscribers of these channels may miss
    /// publications, so their connections reconnect and recover (3010 insufficient state).
    pub fn on_broker_reconnect(&self, channels: &[String]) {
        let set: HashSet<&str> = channels.iter().map(String::as_str).collect();
        for ch in channels {
            // changes may have been missed: the delta bases of map keys may be stale
            if let Some(subs) = self.hub.lock(ch).subs_mut() {
                subs.prev_by_key.clear();
            }
        }
        for c in self.all_connections() {
            if c.info()
                .state
                .channels
                .keys()
                .any(|ch| set.contains(ch.as_str()))
            {
                c.disconnect(Disconnect::new(Disconnect::INSUFFICIENT_STATE));
            }
        }
    }

    /// `connections`: this node's, plus (Redis engine) a survey of every other node.
    pub fn api_connections(
        &self,
        req: &api::ConnectionsRequest,
    ) -> Result<api::ConnectionsResult, ApiError> {
        let mut res = self.local_connections(req)?;
        let Some(r) = self.engine.redis() else {
            return Ok(res);
        };
        let expected = self
            .peers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .filter(|(_, at)| at.elapsed() < PEER_TTL)
            .count();
        if expected == 0 {
            return Ok(res);
        }
        let id = uuid::Uuid::new_v4().to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        self.surveys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.clone(), tx);
        let msg = serde_json::json!({"node": self.uid, "type": "survey", "id": id, "body": req});
        let sent = r.publish_control(msg.to_string().as_bytes());
        let deadline = Instant::now() + SURVEY_TIMEOUT;
        let mut got = 0;
        // the answers arrive over PUB/SUB on the runtime: hand this worker's tasks on
        let mut collect = || {
            while sent.is_ok() && got < expected {
                let left = deadline.saturating_duration_since(Instant::now());
                let Ok(part) = rx.recv_timeout(left) else {
                    break;
                };
                got += 1;
                res.connections.extend(part.connections);
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(collect);
            }
            _ => collect(),
        }
        self.surveys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&id);
        if got < expected {
            tracing::warn!(
                got,
                expected,
                "connections survey: not every node answered in time"
            );
        }
        Ok(res)
    }

    pub(super) fn local_connections(
        &self,
        req: &api::ConnectionsRequest,
    ) -> Result<api::ConnectionsResult, ApiError> {
        if req.user.is_empty() && req.expression.is_empty() && req.label_filter.is_none() {
            return Err(ApiError::bad_request());
        }
        let filter = if req.expression.is_empty() {
            None
        } else {
            Some(
                crate::filter::Filter::parse(&req.expression)
                    .map_err(|_| ApiError::bad_request())?,
            )
        };
        let conns = self.select_for(
            &req.user,
            "",
            req.label_filter.as_ref(),
            req.user.is_empty(),
        )?;
        let mut connections = BTreeMap::new();
        for c in conns {
            let info = c.info();
            if let Some(f) = &filter {
                let mut v = serde_json::to_value(&info).unwrap_or_default();
                if let Some(m) = v.as_object_mut() {
                    m.insert("client".into(), c.client_id().into());
                }
                if !f.matches(&v) {
                    continue;
                }
            }
            connections.insert(c.client_id().to_string(), info);
        }
        Ok(api::ConnectionsResult { connections })
    }

    /// `rate_limit` (centri): a token bucket for an arbitrary key, local to this node with
    /// the memory engine.
    pub fn api_rate_limit(
        &self,
        req: &crate::proto::ratelimit::CheckRequest,
    ) -> Result<crate::proto::ratelimit::CheckResult, ApiError> {
        let interval = crate::server::config::parse_duration(&req.interval)
            .ok()
            .filter(crate::server::config::Dur::is_positive)
            .ok_or_else(ApiError::bad_request)?;
        let cost = req.cost.unwrap_or(1);
        if req.key.is_empty()
            || req.key.len() > crate::server::ratelimit::MAX_KEY_LEN
            || req.rate == 0
            || cost > req.rate
        {
            return Err(ApiError::bad_request());
        }
        let interval_ns = u64::try_from(interval.value.as_nanos()).unwrap_or(u64::MAX);
        if req.rate > interval_ns {
            return Err(ApiError::bad_request());
        }
        if let Some(r) = self.engine.redis() {
            let (allowed, remaining, retry_after_ms) =
                r.rate_limit(&req.key, req.rate, interval.value, cost)?;
            return Ok(crate::proto::ratelimit::CheckResult {
                allowed,
                remaining,
                retry_after_ms,
            });
        }
        let v = self.ratelimits.keys.check(
            &req.key,
            req.rate,
            interval_ns,
            cost,
            crate::server::ratelimit::now_ns(),
        );
        Ok(crate::proto::ratelimit::CheckResult {
            allowed: v.allowed,
            remaining: v.remaining,
            retry_after_ms: v.retry_after_ms,
        })
    }

    pub fn api_rpc(&self, req: &api::RpcRequest) -> Result<api::RpcResult, ApiError> {
        if req.method.is_empty() {
            return Err(ApiError::bad_request());
        }
        Err(ApiError::new(crate::proto::codes::METHOD_NOT_FOUND).for_api())
    }

    /// The `users` of a user-status call: 108 when user status is off, 107 when the list is
    /// empty, too long, or names the empty (anonymous) user.
    pub(super) fn status_users(&self, users: &[String]) -> Result<(), ApiError> {
        if !self.config.user_status.enabled {
            return Err(ApiError::not_available());
        }
        if users.is_empty()
            || users.len() > api::MAX_STATUS_USERS
            || users.iter().any(String::is_empty)
        {
            return Err(ApiError::bad_request());
        }
        Ok(())
    }

    pub fn api_update_user_status(
        &self,
        req: &api::UpdateUserStatusRequest,
    ) -> Result<api::Empty, ApiError> {
        self.status_users(&req.users)?;
        let state = (!req.state.is_empty()).then_some(req.state.as_str());
        self.touch_status(&req.users, StatusField::Active, state)?;
        Ok(api::Empty {})
    }

    pub fn api_get_user_status(
        &self,
        req: &api::UsersRequest,
    ) -> Result<api::GetUserStatusResult, ApiError> {
        self.status_users(&req.users)?;
        let found = self
            .engine
            .user_status(&req.users, crate::server::engine::unix_ms())?;
        let statuses = req
            .users
            .iter()
            .zip(found)
            .map(|(user, st)| {
                let st = st.unwrap_or_default();
                api::UserStatus {
                    user: user.clone(),
                    active: st.active,
                    online: st.online,
                    state: st.state.unwrap_or_default(),
                }
            })
            .collect();
        Ok(api::GetUserStatusResult { statuses })
    }

    pub fn api_delete_user_status(&self, req: &api::UsersRequest) -> Result<api::Empty, ApiError> {
        self.status_users(&req.users)?;
        self.engine.delete_user_status(&req.users)?;
        Ok(api::Empty {})
    }

    /// The built-in client RPC `update_user_status`: `active` = now for the calling user.
    /// 108 when user status is off; an anonymous caller has no status and gets OK.
    pub fn client_update_user_status(&self, user: &str) -> Result<(), ApiError> {
        if !self.config.user_status.enabled {
            return Err(ApiError::not_available());
        }
        if !user.is_empty() {
            self.touch_status(&[user.to_string()], StatusField::Active, None)?;
        }
        Ok(())
    }

    /// Stores the aggregated `metrics.items` and process stats shown by `info`.
    pub fn set_info_items(
        &self,
        interval: f64,
        items: BTreeMap<String, f64>,
        process: Option<api::Process>,
    ) {
        *self
            .info_items
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = (interval, items, process);
    }

    /// Refreshes gauges before a scrape.
    pub fn update_gauges(&self) {
        let (clients, users) = self.client_counts();
        let (channels, subs) = self.hub.counts();
        self.metrics.num_clients.set(clients as i64);
        self.metrics.num_users.set(users as i64);
        self.metrics.num_channels.set(channels as i64);
        self.metrics.num_subscriptions.set(subs as i64);
        self.metrics
            .engine_healthy
            .set(i64::from(self.engine.healthy()));
    }

    /// Stream position of a channel (creating the stream so its epoch is stable).
    pub fn stream_top(
        &self,
        engine: &Engine,
        channel: &str,
        o: &NamespaceOptions,
    ) -> StreamPosition {
        let filter = HistoryFilter {
            since: None,
            limit: 0,
            reverse: false,
        };
        engine
            .history(channel, &filter, &stream_options(&self.config, o))
            .map(|(_, p)| p)
            .unwrap_or_default()
    }
}

//! The session as the node sees it ([`Connection`]): identity, tracing, presence refresh,
//! and what the server API does to a connection (subscribe, unsubscribe, refresh, disconnect,
//! the connections API's info and label filter).

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Connection for Session {
    fn conn_id(&self) -> u64 {
        self.conn_id
    }
    fn client_id(&self) -> &str {
        self.client()
    }
    fn user(&self) -> &str {
        self.user_id()
    }
    fn disconnect(&self, d: Disconnect) {
        self.close(d);
    }
    fn set_traced(&self, on: bool) {
        self.outbox.set_traced(on);
    }
    fn refresh_presence(&self, node: &Node) {
        let entries: Vec<(String, ClientInfo)> = {
            let st = self.lock();
            st.subs
                .iter()
                .filter(|(_, s)| s.presence)
                .map(|(ch, s)| {
                    (
                        ch.clone(),
                        ClientInfo {
                            user: self.user_id().to_string(),
                            client: self.client().to_string(),
                            conn_info: st.conn_info.clone(),
                            chan_info: s.chan_info.clone(),
                        },
                    )
                })
                .collect()
        };
        for (ch, info) in entries {
            node.engine.add_presence(&ch, self.client(), info);
        }
    }
    fn refresh_map_presence(&self, _node: &Node) {
        let subs: Vec<(String, Option<Raw>)> = self
            .lock()
            .subs
            .iter()
            .map(|(ch, s)| (ch.clone(), s.chan_info.clone()))
            .collect();
        for (ch, info) in subs {
            self.map_presence(&ch, true, info.as_ref());
        }
    }
    fn server_subscribe(&self, _node: &Node, req: &ApiSubscribe) -> Result<(), ApiError> {
        let info = b64_raw("b64info", &req.b64info)
            .map_err(|_| ApiError::bad_request())?
            .or_else(|| req.info.clone());
        let data = b64_raw("b64data", &req.b64data)
            .map_err(|_| ApiError::bad_request())?
            .or_else(|| req.data.clone());
        match self.subscribe_server_side(
            &req.channel,
            info,
            data,
            req.override_.as_ref(),
            req.recover_since.clone(),
            SOURCE_API,
        ) {
            Ok(_) => Ok(()),
            Err(e) if e.code == codes::ALREADY_SUBSCRIBED => Ok(()),
            Err(e) => Err(e),
        }
    }
    fn token_id(&self) -> Option<(&str, i64)> {
        self.identity
            .get()
            .and_then(|i| i.token.as_ref())
            .map(|(jti, iat)| (jti.as_str(), *iat))
    }
    fn info(&self) -> crate::proto::api::ConnectionInfo {
        use crate::proto::api;
        let st = self.lock();
        let id = self.identity.get();
        api::ConnectionInfo {
            app_name: id.map(|i| i.name.clone()).unwrap_or_default(),
            app_version: id.map(|i| i.version.clone()).unwrap_or_default(),
            transport: self.transport.into(),
            protocol: self.protocol.name().into(),
            user: self.user_id().to_string(),
            state: api::ConnectionState {
                channels: st
                    .subs
                    .iter()
                    .map(|(c, s)| (c.clone(), api::ChannelContext { source: s.source }))
                    .collect(),
                connection_token: id
                    .and_then(|i| i.token.clone())
                    .map(|(uid, issued_at)| api::ConnectionTokenInfo { uid, issued_at }),
                meta: id.and_then(|i| i.meta.clone()),
            },
            connected_at_ms: id.map_or(0, |i| i.connected_at_ms),
            ping_pong_latency_ms: st.rtt_ms,
            labels: id.map(|i| i.labels.clone()).unwrap_or_default(),
        }
    }
    fn labels_match(&self, f: &crate::proto::filter_node::FilterNode) -> bool {
        self.identity.get().is_some_and(|i| f.matches(&i.labels))
    }
    fn server_unsubscribe(&self, _node: &Node, channel: &str, code: u32) {
        self.unsubscribe_channel(channel, Some(code));
    }
    fn server_refresh(
        &self,
        _node: &Node,
        expired: bool,
        expire_at: Option<i64>,
        info: Option<Raw>,
    ) {
        if expired {
            self.close(Disconnect::new(Disconnect::EXPIRED));
            return;
        }
        {
            let mut st = self.lock();
            st.expire_at = expire_at;
            if let Some(i) = info {
                st.conn_info = Some(i);
            }
        }
        self.timers.notify_one();
        let (will_expire, ttl) = ttl_of(expire_at, now_unix());
        self.send_push(
            "",
            &PushEvent::Refresh {
                expires: will_expire,
                ttl,
            },
        );
    }
}

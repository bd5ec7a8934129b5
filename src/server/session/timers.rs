//! The connection's timers (pings and pong checks, stale, connection and subscription
//! expiry, refreshes through a proxy) and the cleanup when it ends.

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Session {
    /// Runs due timers; returns when to run again.
    pub(super) fn tick(self: &Arc<Self>) -> Instant {
        let now = Instant::now();
        let cfg = &self.node.config.client;
        let mut st = self.lock();
        let far = now + Duration::from_secs(3600);
        match st.phase {
            Phase::Closed => return far,
            Phase::New | Phase::Failed => {
                let stale_at = self.created + cfg.stale_close_delay.value;
                if now >= stale_at && cfg.stale_close_delay.is_positive() {
                    drop(st);
                    self.close(Disconnect::new(Disconnect::STALE));
                    return far;
                }
                return if cfg.stale_close_delay.is_positive() {
                    stale_at
                } else {
                    far
                };
            }
            Phase::Connected => {}
        }
        let mut next = far;
        if let Some(deadline) = st.pong_deadline {
            if now >= deadline {
                drop(st);
                self.close(Disconnect::new(Disconnect::NO_PONG));
                return far;
            }
            next = next.min(deadline);
        }
        if let Some(at) = st.next_ping {
            if now >= at {
                st.next_ping = Some(now + cfg.ping_interval.value);
                if !self.uni && cfg.pong_timeout.is_positive() && st.pong_deadline.is_none() {
                    st.pong_deadline = Some(now + cfg.pong_timeout.value);
                }
                st.ping_sent = Some(now);
                self.outbox.push(self.protocol.ping());
                // bucket state whose buckets are all full again carries nothing: free it
                let t = ratelimit::now_ns();
                if st.rl_commands.is_idle(t) {
                    st.rl_commands = KeyState::default();
                }
                if st.rl_errors.is_idle(t) {
                    st.rl_errors = KeyState::default();
                }
            }
            if let Some(at) = st.next_ping {
                next = next.min(at);
            }
            if let Some(d) = st.pong_deadline {
                next = next.min(d);
            }
        }
        let unix = now_unix();
        let to_instant = |t: i64| now + Duration::from_secs(u64::try_from(t - unix).unwrap_or(0));
        let refresh_proxy = self.node.proxies.refresh();
        let mut refresh_now = None;
        if let Some(exp) = st.expire_at {
            if let Some(proxy) = refresh_proxy {
                // the server extends the connection through the refresh proxy, at expiry
                if !st.refreshing {
                    if unix >= exp {
                        st.refreshing = true;
                        refresh_now = Some(proxy);
                    } else {
                        next = next.min(to_instant(exp));
                    }
                }
            } else {
                let close_at = exp + cfg.expired_close_delay.value.as_secs() as i64;
                if unix >= close_at {
                    drop(st);
                    self.close(Disconnect::new(Disconnect::EXPIRED));
                    return far;
                }
                next = next.min(to_instant(close_at));
            }
        }
        let delay = cfg.expired_sub_close_delay.value.as_secs() as i64;
        let mut expired = Vec::new();
        let mut sub_refresh = Vec::new();
        for (ch, s) in &mut st.subs {
            let Some(e) = s.expire_at.filter(|_| !s.server_side) else {
                continue;
            };
            if let Some(name) = &s.refresh_proxy {
                if s.refreshing {
                    continue;
                }
                if unix >= e {
                    s.refreshing = true;
                    sub_refresh.push((ch.clone(), name.clone()));
                } else {
                    next = next.min(to_instant(e));
                }
            } else if unix >= e + delay {
                expired.push(ch.clone());
            } else {
                next = next.min(to_instant(e + delay));
            }
        }
        drop(st);
        for ch in expired {
            self.unsubscribe_channel(&ch, Some(2501));
        }
        if let Some(proxy) = refresh_now {
            self.refresh_proxied(proxy);
        }
        for (ch, name) in sub_refresh {
            self.sub_refresh_proxied(ch, &name);
        }
        next
    }

    /// The timer loop of the connection: pings, pong checks, stale and expiry closes.
    pub async fn run_timers(self: &Arc<Self>) {
        loop {
            let next = self.tick();
            tokio::select! {
                () = tokio::time::sleep_until(next.into()) => {}
                () = self.timers.notified() => {}
            }
        }
    }

    /// Releases everything the connection holds: subscriptions, presence, registry entry.
    /// Idempotent.
    pub fn cleanup(&self) {
        let _life = self.life();
        let subs = {
            let mut st = self.lock();
            if st.phase == Phase::Closed {
                return;
            }
            st.phase = Phase::Closed;
            std::mem::take(&mut st.subs)
        };
        for (ch, sub) in subs {
            self.node.detach(&ch, self.conn_id);
            self.leave(&ch, &sub);
        }
        if let Some(id) = self.identity.get() {
            self.node.remove_connection(self.conn_id, &id.user);
        }
        if !self
            .server_closed
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.trace(|| {
                let mut m = event("disconnect", "in");
                m.insert("code".into(), Value::from(3000));
                put(&mut m, "reason", "connection closed by the client");
                m
            });
        }
        self.outbox.close(Disconnect::new(3000));
    }
}

//! Shared poll subscriptions (Centrifugo v6.8+, the SDK's `newSharedPollSubscription`): a
//! subscribe with `type` 4 carries no data, only the channel's epoch; the client then tracks
//! keys with `sub_refresh` `type` 1 (batches of keys, each under a signature of the
//! application's backend, checked with `shared_poll.hmac_secret_key`) and untracks them with
//! `type` 2. The channel's refresh task polls the backend and pushes the changes
//! ([`crate::server::poll`]).

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;
use crate::server::poll::registry::{Batch, Conn};
use crate::server::poll::signature::{self, Refused};
use crate::server::poll::{refresh, TYPE_SHARED_POLL};

const TRACK: i32 = 1;
const UNTRACK: i32 = 2;

impl Session {
    /// Subscribes the client to `o`, a shared poll namespace, as `g` grants it.
    pub(super) fn attach_poll_sub(
        &self,
        id: u32,
        req: &SubscribeRequest,
        g: Grant,
        o: &NamespaceOptions,
    ) {
        let ch = req.channel.clone();
        let (expires, ttl) = g.expiry();
        let Grant {
            chan_info,
            data,
            ovr,
            exp,
            allow,
            source,
            refresh_proxy,
            client_refresh: _,
        } = g;
        let so = self.sub_options(o, &ch, ovr.as_ref(), None, &allow);
        let conn = Conn::new(self.outbox.clone(), self.protocol == Protocol::Protobuf);
        let (c, epoch, made) = self
            .node
            .polls
            .subscribe(&ch, &o.shared_poll, self.conn_id, conn);
        if made {
            refresh::spawn(self.node.clone(), c, o.shared_poll.clone());
        }
        self.trace_both(&ch, || {
            let mut m = event("subscribe", "in");
            m.insert(
                "payload".into(),
                serde_json::json!({"namespace": o.name, "shared_poll": true, "epoch": epoch, "server_side": false}),
            );
            m
        });
        self.reply(
            id,
            ReplyResult::Subscribe(SubscribeResult {
                kind: TYPE_SHARED_POLL,
                epoch,
                expires,
                ttl,
                data,
                ..SubscribeResult::default()
            }),
        );
        self.after_attach(&ch, &so, chan_info, false, exp, source);
        self.keep_grant(&ch, allow, refresh_proxy);
    }

    /// `sub_refresh` with a `type` on a shared poll channel: track (1) or untrack (2) keys.
    pub(super) fn poll_track(&self, id: u32, req: SubRefreshRequest) {
        let ch = req.channel.as_str();
        let opts = match crate::server::poll::poll_options(&self.node.config, ch) {
            Ok(o) => o,
            Err(e) => return self.reply_err(id, "sub_refresh", e),
        };
        if !self.is_subscribed(ch) {
            self.reply_err(id, "sub_refresh", ApiError::permission_denied());
            return;
        }
        let Some(c) = self.node.polls.get(ch) else {
            self.reply_err(id, "sub_refresh", ApiError::permission_denied());
            return;
        };
        let bad = |why: &str| {
            tracing::info!(conn = self.conn_id, channel = %ch, "shared poll {why}");
            self.reply_err(id, "sub_refresh", ApiError::bad_request());
        };
        match req.kind {
            UNTRACK => {
                if req.untrack.is_empty() {
                    return bad("untrack without keys");
                }
                c.untrack(self.conn_id, &req.untrack);
                self.trace_both(ch, || {
                    let mut m = event("untrack", "in");
                    m.insert("keys".into(), Value::from(req.untrack.len()));
                    m
                });
                self.reply(id, ReplyResult::SubRefresh(SubRefreshResult::default()));
            }
            TRACK => {
                if req.track.is_empty() || req.track.iter().any(|b| b.items.is_empty()) {
                    return bad("track without keys");
                }
                let key_ok = |k: &String| crate::server::map::checked_key(k).is_ok();
                if !req
                    .track
                    .iter()
                    .flat_map(|b| b.items.iter().map(|i| &i.key))
                    .all(key_ok)
                    || !req.untrack.iter().all(key_ok)
                {
                    return bad("track with a key that is empty, too long or holds NUL");
                }
                let now = now_unix();
                let grace =
                    i64::try_from(opts.track_expired_extra_delay.value.as_secs()).unwrap_or(0);
                let mut batches = Vec::with_capacity(req.track.len());
                let mut soonest: Option<i64> = None;
                for b in req.track {
                    let keys: Vec<&str> = b.items.iter().map(|i| i.key.as_str()).collect();
                    let v = match signature::verify(
                        &self.node.config.shared_poll,
                        &b.signature,
                        self.user_id(),
                        ch,
                        &keys,
                        now,
                        grace,
                    ) {
                        Ok(v) => v,
                        Err(Refused::Expired) => {
                            self.reply_err(id, "sub_refresh", ApiError::new(codes::TOKEN_EXPIRED));
                            return;
                        }
                        Err(Refused::Invalid(why)) => {
                            // the signature itself is never logged
                            tracing::info!(conn = self.conn_id, channel = %ch, why, "shared poll track signature refused");
                            self.reply_err(id, "sub_refresh", ApiError::permission_denied());
                            return;
                        }
                    };
                    if let Some(e) = v.exp {
                        soonest = Some(soonest.map_or(e, |s| s.min(e)));
                    }
                    batches.push(Batch {
                        items: b.items,
                        until: v.exp,
                    });
                }
                if !req.untrack.is_empty() {
                    c.untrack(self.conn_id, &req.untrack);
                }
                let n: usize = batches.iter().map(|b| b.items.len()).sum();
                let (expires, ttl) = match soonest {
                    Some(e) => (true, u32::try_from((e - now).max(0)).unwrap_or(u32::MAX)),
                    None => (false, 0),
                };
                let tracked = c.track(
                    self.conn_id,
                    batches,
                    opts.max_keys_per_connection as usize,
                    |items| {
                        self.trace_both(ch, || {
                            let mut m = event("track", "in");
                            m.insert("keys".into(), Value::from(n));
                            m.insert("cached".into(), Value::from(items.len()));
                            m
                        });
                        self.reply(
                            id,
                            ReplyResult::SubRefresh(SubRefreshResult {
                                expires,
                                ttl,
                                items,
                            }),
                        );
                    },
                );
                match tracked {
                    Ok(true) => c.wake.notify_one(),
                    Ok(false) => {}
                    Err(e) => self.reply_err(id, "sub_refresh", e),
                }
            }
            _ => bad("sub_refresh with an unknown type"),
        }
    }
}

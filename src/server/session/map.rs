//! Map subscriptions (Centrifugo v6.7+, the SDK's `newMapSubscription`): the client pages
//! through the state (phase 2), then, in the streamed modes, through the stream from where the
//! state was read (phase 1), until the server answers phase 0 and the subscription is live.
//! The server decides when: an ephemeral map goes live on the last state page; a streamed map
//! goes live once the position is within a page of the stream's top. The live reply carries
//! the last state page and the stream catch-up, read under the channel's hub lock together with
//! attaching the subscriber, so every change reaches the client exactly once. (On Redis a
//! streamed map's last state page, bounded by the position the first page froze, is read just
//! before: what was written later is in the catch-up.) Every page is
//! authorized as a subscribe is (token, permissions, proxy).

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

/// The map subscription type of a client's map write (the presence maps take none).
const TYPE_MAP: i32 = 1;
const PHASE_LIVE: i32 = 0;
const PHASE_STREAM: i32 = 1;
const PHASE_STATE: i32 = 2;

/// Where a live reply's catch-up starts (offset, epoch; none for an ephemeral map), the
/// subscription's tags filter, and whether it negotiated deltas.
type LiveFrom<'a> = (Option<(u64, &'a str)>, Option<Arc<FilterNode>>, bool);

/// What of the state a live reply carries.
#[derive(Clone, Copy)]
enum LiveState {
    /// None: the client paged through all of it (it comes from the stream phase).
    Done,
    /// The rest from the request's cursor: keys written up to `until` (none for an
    /// ephemeral map, which has no position).
    Rest { until: Option<u64> },
}

impl Session {
    /// Answers one phase of a map subscription on `o`, a map namespace, as `g` grants it.
    pub(super) fn attach_map_sub(
        &self,
        id: u32,
        req: &SubscribeRequest,
        g: Grant,
        o: &NamespaceOptions,
    ) {
        let ch = req.channel.clone();
        let opts = &o.map;
        if req.kind != o.map_type() {
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return;
        }
        let tf = match &req.tf {
            None => None,
            Some(f) if o.allow_tags_filter && f.validate().is_ok() => Some(Arc::new(f.clone())),
            Some(_) => {
                tracing::info!(conn = self.conn_id, channel = %ch, "tags filter on a map refused (allow_tags_filter, or an invalid filter)");
                self.reply_err(id, "subscribe", ApiError::bad_request());
                return;
            }
        };
        // fossil deltas per key: against the value the client holds for the key
        let delta = req.delta == "fossil" && o.allowed_delta_types.iter().any(|t| t == "fossil");
        if delta && tf.is_some() {
            // two ways to save bandwidth that exclude each other, as on stream channels
            self.reply_err(id, "subscribe", ApiError::bad_request());
            return;
        }
        let json_delta = delta && self.protocol == Protocol::Json;
        let pass =
            |p: &Arc<crate::proto::Publication>| tf.as_ref().is_none_or(|f| f.matches(&p.tags));
        // with deltas, a JSON client reads every value as a string (its delta base)
        let esc = |v: Vec<Arc<crate::proto::Publication>>| {
            if json_delta {
                super::subscribe::as_strings(&v)
            } else {
                v
            }
        };
        let limit = opts.page_size(req.limit);
        let maps = self.node.map_backend();
        let base = SubscribeResult {
            kind: o.map_type(),
            ..SubscribeResult::default()
        };
        match req.phase {
            PHASE_STATE => {
                // pages after the first carry the position the first one froze
                let frozen = (!req.epoch.is_empty()).then_some(req.offset);
                let page = match maps.state_page_shared(&ch, opts, &req.cursor, limit, frozen) {
                    Ok(p) => p,
                    Err(e) => return self.reply_err(id, "subscribe", e),
                };
                let at = frozen.unwrap_or(page.offset);
                let close = !opts.streamed() || at + limit as u64 >= page.offset;
                if !page.cursor.is_empty() || !close {
                    // another state page, or (the state done, far behind) the stream phase
                    self.reply(
                        id,
                        ReplyResult::Subscribe(SubscribeResult {
                            phase: PHASE_STATE,
                            cursor: page.cursor,
                            epoch: page.epoch,
                            // an ephemeral map has no position (on Redis its page carries
                            // the engine's own)
                            offset: if opts.streamed() { at } else { 0 },
                            state: esc(page.entries.into_iter().filter(pass).collect()),
                            ..base
                        }),
                    );
                    return;
                }
                // a streamed map's state stops at the position (later changes come from the
                // stream); an ephemeral one has no position
                let until = opts.streamed().then_some(at);
                let since = opts.streamed().then_some((at, page.epoch.as_str()));
                self.go_live(
                    id,
                    req,
                    g,
                    o,
                    (since, tf, delta),
                    LiveState::Rest { until },
                    false,
                );
            }
            PHASE_STREAM => {
                if !opts.streamed() {
                    self.reply_err(id, "subscribe", ApiError::bad_request());
                    return;
                }
                let since = (req.offset, req.epoch.as_str());
                let (pubs, top, epoch) = match maps.stream_since(&ch, opts, since, limit) {
                    Ok(r) => r,
                    Err(e) => return self.reply_err(id, "subscribe", e),
                };
                if req.offset + limit as u64 >= top {
                    let since = Some((req.offset, req.epoch.as_str()));
                    self.go_live(
                        id,
                        req,
                        g,
                        o,
                        (since, tf, delta),
                        LiveState::Done,
                        req.recover,
                    );
                    return;
                }
                let last = pubs.last().map_or(req.offset, |p| p.offset);
                self.reply(
                    id,
                    ReplyResult::Subscribe(SubscribeResult {
                        phase: PHASE_STREAM,
                        epoch,
                        offset: last,
                        publications: esc(pubs.into_iter().filter(pass).collect()),
                        ..base
                    }),
                );
            }
            _ => self.reply_err(id, "subscribe", ApiError::bad_request()),
        }
    }

    /// Attaches the subscriber and answers phase 0: the rest of the state (see [`LiveState`])
    /// and the stream since `since`, read under the hub lock.
    #[allow(clippy::too_many_arguments)]
    fn go_live(
        &self,
        id: u32,
        req: &SubscribeRequest,
        g: Grant,
        o: &NamespaceOptions,
        (since, tf, delta): LiveFrom<'_>,
        state: LiveState,
        recovering: bool,
    ) {
        let ch = req.channel.clone();
        let opts = &o.map;
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
        let so = self.sub_options(o, &ch, ovr.as_ref(), None, &sub_allow);
        let sub = Subscriber {
            outbox: self.outbox.clone(),
            user: self.user_id().into(),
            client: self.client().into(),
            push_join_leave: so.push_join_leave,
            min_offset: 0,
            tags_filter: tf.clone(),
            // the client holds every key's value (from the state and the stream): each
            // change can be a delta against the key's previous value
            delta_base: delta.then_some(true),
            protobuf: self.protocol == Protocol::Protobuf,
        };
        let maps = self.node.map_backend();
        let pass =
            |p: &Arc<crate::proto::Publication>| tf.as_ref().is_none_or(|f| f.matches(&p.tags));
        // On Redis a streamed map's rest of the state stops at `until` (what was written
        // later comes from the stream, read under the hub lock), so it is read first:
        // identical reads in flight share one, and the lock is held for the stream only.
        let early = match (state, since) {
            (LiveState::Rest { until: Some(u) }, Some(_)) if maps.is_shared() => {
                match maps.state_page_shared(&ch, opts, &req.cursor, usize::MAX, Some(u)) {
                    Ok(p) => Some(p),
                    Err(e) => return self.reply_err(id, "subscribe", e),
                }
            }
            _ => None,
        };
        let attached = self.node.attach_when(&ch, self.conn_id, sub, || {
            let mut res = SubscribeResult {
                kind: o.map_type(),
                phase: PHASE_LIVE,
                publish_debounce: o.publish_debounce_ms(),
                expires,
                ttl,
                data: sub_data,
                ..SubscribeResult::default()
            };
            let mut top = 0;
            if let LiveState::Rest { until } = state {
                // the rest of the state, whatever was written since the page was looked at
                let page = match early {
                    Some(p) => p,
                    None => maps.state_page(&ch, opts, &req.cursor, usize::MAX, until)?,
                };
                // an ephemeral map's changes up to the page (on Redis, where they have
                // offsets) are in it: they are skipped when they arrive
                top = page.offset;
                res.state = page.entries.into_iter().filter(pass).collect();
            }
            if let Some((offset, epoch)) = since {
                let max = opts.live_transition_max_publication_limit;
                let cap = if max == 0 { opts.page_size(i32::MAX) } else { max as usize };
                let (pubs, t, e) = maps.stream_since(&ch, opts, (offset, epoch), cap + 1)?;
                if pubs.len() > cap {
                    return Err(ApiError::new(codes::UNRECOVERABLE_POSITION));
                }
                res.publications = pubs.into_iter().filter(pass).collect();
                res.offset = t;
                res.epoch = e;
                res.recoverable = true;
                res.positioned = true;
                res.recovered = recovering;
                res.was_recovering = recovering;
                top = t;
            }
            if delta {
                res.delta = true;
                if self.protocol == Protocol::Json {
                    res.state = super::subscribe::as_strings(&res.state);
                    res.publications = super::subscribe::as_strings(&res.publications);
                }
            }
            self.trace_both(&ch, || {
                let mut m = event("subscribe", "in");
                m.insert(
                    "payload".into(),
                    serde_json::json!({"namespace": o.name, "map": true, "state": res.state.len(), "catch_up": res.publications.len(), "recovered": res.recovered, "server_side": false}),
                );
                m
            });
            self.reply(id, ReplyResult::Subscribe(res));
            Ok(((), Some(top)))
        });
        if let Err(e) = attached {
            self.reply_err(id, "subscribe", e);
            return;
        }
        self.after_attach(&ch, &so, chan_info, false, sub_exp, source);
        self.keep_grant(&ch, sub_allow, refresh_proxy);
    }

    /// A client's write to a map channel (`publish` with `type` 1, and `removed` for a
    /// removal), as the namespace's `map.allow_publish_*` / `allow_remove_*` allow it: for
    /// any client, or for subscribers of the channel; anonymous users only with `*_for_anonymous`
    /// as well. With `map.client_key` the key is the client's id or its user's.
    pub(super) fn map_publish(&self, id: u32, req: PublishRequest) {
        let Ok(o) = self.node.options(&req.channel) else {
            self.reply_err(id, "publish", ApiError::unknown_channel());
            return;
        };
        let opts = &o.map;
        if !req.is_map() || req.kind != TYPE_MAP || o.map_type() != TYPE_MAP {
            // an ordinary publication on a map channel
            self.reply_err(id, "publish", ApiError::bad_request());
            return;
        }
        let (for_client, for_subscriber, for_anonymous) = if req.removed {
            (
                opts.allow_remove_for_client,
                opts.allow_remove_for_subscriber,
                opts.allow_remove_for_anonymous,
            )
        } else {
            (
                opts.allow_publish_for_client,
                opts.allow_publish_for_subscriber,
                opts.allow_publish_for_anonymous,
            )
        };
        let allowed = (for_client || (for_subscriber && self.is_subscribed(&req.channel)))
            && (!self.user_id().is_empty() || for_anonymous);
        if !allowed {
            self.reply_err(id, "publish", ApiError::permission_denied());
            return;
        }
        let key = match opts.client_key.as_str() {
            "client_id" => self.client().to_string(),
            "user_id" => self.user_id().to_string(),
            _ => req.key.clone(),
        };
        if let Err(e) = crate::server::map::checked_key(&key) {
            self.reply_err(id, "publish", e);
            return;
        }
        let api = self.node.map_api();
        let channel = req.channel.clone();
        let written = if req.removed {
            api.write(&channel, Some(&key), |s| s.remove(&channel, opts, &key, ""))
        } else {
            let Some(data) = crate::proto::Payload::from_client(req.data, req.binary) else {
                self.reply_err(id, "publish", ApiError::bad_request());
                return;
            };
            let w = crate::server::map::store::Write {
                key,
                value: crate::server::map::store::Value::from_payload(data),
                tags: BTreeMap::new(),
                idempotency_key: String::new(),
                key_mode: String::new(),
                version: 0,
                version_epoch: String::new(),
                refresh_ttl: false,
            };
            let k = w.key.clone();
            api.write(&channel, Some(&k), |s| s.publish(&channel, opts, w))
        };
        match written {
            Ok(_) => self.reply(id, ReplyResult::Publish(Empty {})),
            Err(e) => self.reply_err(id, "publish", e),
        }
    }

    /// This client's entries in the presence maps of `ch`'s namespace
    /// (`map_clients_presence_channel_prefix`, `map_users_presence_channel_prefix`): written
    /// when it subscribes (and again to keep them alive: an existing entry only has its TTL
    /// renewed), and its client entry removed when it leaves. A user's entry is never
    /// removed, it expires; anonymous users have none.
    pub(super) fn map_presence(&self, ch: &str, join: bool, chan_info: Option<&Raw>) {
        let Ok(o) = self.node.options(ch) else {
            return;
        };
        let (clients, users) = (
            &o.map_clients_presence_channel_prefix,
            &o.map_users_presence_channel_prefix,
        );
        if clients.is_empty() && users.is_empty() {
            return;
        }
        let api = self.node.map_api();
        let cfg = &self.node.config;
        let write = |target: &str, key: &str, value: crate::server::map::store::Value| {
            let Ok(opts) = crate::server::map::map_options(cfg, target) else {
                return;
            };
            let w = crate::server::map::store::Write {
                key: key.to_string(),
                value,
                tags: BTreeMap::new(),
                idempotency_key: String::new(),
                key_mode: "if_new".into(),
                version: 0,
                version_epoch: String::new(),
                refresh_ttl: true,
            };
            // best effort: the entry is written again at the next renewal
            let _ = api.write(target, Some(key), |s| s.publish(target, opts, w));
        };
        if !clients.is_empty() {
            let target = format!("{clients}{ch}");
            if join {
                let info = ClientInfo {
                    user: self.user_id().to_string(),
                    client: self.client().to_string(),
                    conn_info: self.lock().conn_info.clone(),
                    chan_info: chan_info.cloned(),
                };
                write(
                    &target,
                    self.client(),
                    crate::server::map::store::Value::presence(info),
                );
            } else if let Ok(opts) = crate::server::map::map_options(cfg, &target) {
                let key = self.client();
                let _ = api.write(&target, Some(key), |s| s.remove(&target, opts, key, ""));
            }
        }
        if !users.is_empty() && join && !self.user_id().is_empty() {
            let target = format!("{users}{ch}");
            write(
                &target,
                self.user_id(),
                crate::server::map::store::Value::from_payload(crate::proto::Payload::Json(
                    crate::proto::null_raw(),
                )),
            );
        }
    }
}

//! The session's command loop: frames in (JSON text or Protobuf binary) decoded into
//! commands, the per-connection queue that runs them in order (rate limits checked first),
//! each command dispatched to its handler, pongs, and closing the connection.

#[allow(clippy::wildcard_imports)] // the session's own types and imports
use super::*;

impl Session {
    /// Closes the connection with `d` (after what is queued).
    pub fn close(&self, d: Disconnect) {
        let code = d.code;
        if code != 3000
            && !self
                .server_closed
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.trace(|| {
                let mut m = event("disconnect", "out");
                m.insert("code".into(), Value::from(code));
                put(&mut m, "reason", &d.reason);
                m
            });
        }
        if self.outbox.close(d) {
            self.node
                .metrics
                .server_disconnects
                .get_or_create(&crate::server::metrics::CodeLabel {
                    code: code.to_string(),
                })
                .inc();
        }
    }

    /// Handles one text frame: `\n`-separated commands, in order.
    pub fn handle_frame(self: &Arc<Self>, text: &str) {
        let mut any = false;
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            any = true;
            if self.outbox.is_closing() {
                return;
            }
            let decoded = serde_json::from_str::<Command>(line).map_err(|e| e.to_string());
            if !self.decoded(decoded, || {
                serde_json::from_str(line).unwrap_or(Value::Null)
            }) {
                return;
            }
        }
        if !any {
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
        }
    }

    /// Handles one binary frame of a Protobuf connection: varint-length-delimited commands,
    /// in order. A truncated length, a length past the frame or an undecodable message
    /// closes the connection with 3501, after the commands before it were handled.
    pub fn handle_binary(self: &Arc<Self>, frame: &[u8]) {
        for cmd in protobuf::commands(frame) {
            if self.outbox.is_closing() {
                return;
            }
            let cmd = cmd.map_err(|e| e.to_string());
            // the JSON form only when someone traces (it is taken before the command moves)
            let json = self
                .node
                .tracers
                .enabled()
                .then(|| cmd.as_ref().ok().and_then(|c| serde_json::to_value(c).ok()))
                .flatten();
            if !self.decoded(cmd, || json.unwrap_or(Value::Null)) {
                return;
            }
        }
    }

    /// One decoded command (traced with its JSON form `payload`) is handled; one that did not
    /// decode closes the connection with 3501. Returns whether to go on reading.
    pub(super) fn decoded(
        self: &Arc<Self>,
        cmd: Result<Command, String>,
        payload: impl FnOnce() -> Value,
    ) -> bool {
        let cmd = match cmd {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!(conn = self.conn_id, protocol = self.protocol.name(), error = %e, "undecodable command");
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return false;
            }
        };
        if self.node.tracers.enabled() {
            self.trace(|| {
                let mut m = event("command", "in");
                m.insert("payload".into(), payload());
                m
            });
        }
        self.submit(cmd);
        true
    }

    /// Handles `cmd` now, or queues it behind a command that waits on a proxy.
    pub(super) fn submit(self: &Arc<Self>, cmd: Command) {
        {
            let mut st = self.lock();
            if st.busy {
                if st.queue.len() >= MAX_QUEUED {
                    drop(st);
                    tracing::info!(
                        conn = self.conn_id,
                        "too many commands queued behind a proxy call"
                    );
                    self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                    return;
                }
                st.queue.push_back(cmd);
                return;
            }
            st.busy = true;
        }
        self.run_queue(Some(cmd));
    }

    /// Handles `first`, then the queued commands in order, until the queue is empty or a
    /// command waits on a proxy (whose task calls this again when it is done).
    pub(super) fn run_queue(self: &Arc<Self>, mut first: Option<Command>) {
        loop {
            let cmd = if let Some(c) = first.take() {
                c
            } else {
                let mut st = self.lock();
                if self.outbox.is_closing() {
                    st.queue.clear();
                }
                let Some(c) = st.queue.pop_front() else {
                    st.busy = false;
                    return;
                };
                c
            };
            let flow = {
                let _life = self.life();
                self.handle_command(cmd)
            };
            if flow == Flow::Pending {
                return;
            }
        }
    }

    pub(super) fn handle_command(self: &Arc<Self>, cmd: Command) -> Flow {
        let (id, method) = cmd.into_method();
        let phase = self.lock().phase;
        match phase {
            Phase::Closed => return Flow::Done,
            Phase::Failed => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            Phase::New if !matches!(method, Method::Connect(_)) => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            Phase::Connected if matches!(method, Method::Connect(_)) => {
                self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                return Flow::Done;
            }
            _ => {}
        }
        if self.outbox.is_closing() {
            return Flow::Done;
        }
        if id == 0 {
            match method {
                Method::Send(_) => self.close(Disconnect::new(Disconnect::NOT_AVAILABLE)),
                _ => self.handle_pong(),
            }
            return Flow::Done;
        }
        let started = Instant::now();
        let name = method.name();
        if let Some((op, channel, rpc_method)) = self
            .node
            .ratelimits
            .is_active()
            .then(|| limited_op(&method))
            .flatten()
        {
            if self.rate_limited(op, channel, rpc_method, ratelimit::ns_at(started)) {
                self.reply_err(id, name, ApiError::new(codes::TOO_MANY_REQUESTS));
                return Flow::Done;
            }
        }
        let flow = match method {
            Method::Connect(r) => self.connect(id, r),
            Method::Subscribe(r) => self.subscribe(id, r),
            Method::Publish(r) => self.publish(id, r),
            Method::Rpc(r) if r.method != "update_user_status" => self.rpc(id, r),
            other => {
                self.handle_sync(id, other);
                Flow::Done
            }
        };
        if flow == Flow::Done {
            self.node
                .metrics
                .command_duration
                .get_or_create(&crate::server::metrics::MethodLabel {
                    method: name,
                    channel_namespace: String::new(),
                })
                .observe(started.elapsed().as_secs_f64());
        }
        flow
    }

    /// The commands that never wait on the backend.
    pub(super) fn handle_sync(self: &Arc<Self>, id: u32, method: Method) {
        match method {
            Method::Connect(_) | Method::Subscribe(_) | Method::Publish(_) => {
                unreachable!("handled in handle_command")
            }
            Method::Unsubscribe(r) => {
                if r.channel.is_empty() {
                    self.close(Disconnect::new(Disconnect::BAD_REQUEST));
                    return;
                }
                self.unsubscribe_channel(&r.channel, None);
                self.reply(id, ReplyResult::Unsubscribe(Empty {}));
            }
            Method::Presence(r) => self.presence(id, &r.channel, false),
            Method::PresenceStats(r) => self.presence(id, &r.channel, true),
            Method::History(r) => self.history(id, r),
            // The built-in PRO RPC; every other method has no handler (108).
            Method::Rpc(r) if r.method == "update_user_status" => {
                match self.node.client_update_user_status(self.user_id()) {
                    Ok(()) => self.reply(
                        id,
                        ReplyResult::Rpc(crate::proto::client::RpcResult::default()),
                    ),
                    Err(e) => self.reply_err(id, "rpc", e),
                }
            }
            Method::Rpc(_) => unreachable!("handled in handle_command"),
            Method::Refresh(r) => self.refresh(id, &r),
            Method::SubRefresh(r) => self.sub_refresh(id, r),
            Method::Send(_) => self.close(Disconnect::new(Disconnect::NOT_AVAILABLE)),
            Method::Ping | Method::Empty => self.close(Disconnect::new(Disconnect::BAD_REQUEST)),
        }
    }

    pub(super) fn handle_pong(&self) {
        let mut st = self.lock();
        if st.phase != Phase::Connected || st.pong_deadline.is_none() {
            drop(st);
            self.close(Disconnect::new(Disconnect::BAD_REQUEST));
            return;
        }
        st.pong_deadline = None;
        if let Some(sent) = st.ping_sent.take() {
            st.rtt_ms = i64::try_from(sent.elapsed().as_millis()).unwrap_or(i64::MAX);
        }
    }
}

/// The rate-limited operation of a command: (index in `ratelimit::OPS`, channel, rpc method).
/// `connect` is checked inside `connect` (the user is known only after the token).
pub(super) fn limited_op(m: &Method) -> Option<(usize, &str, &str)> {
    let (op, channel, method) = match m {
        Method::Subscribe(r) => ("subscribe", r.channel.as_str(), ""),
        Method::Unsubscribe(r) => ("unsubscribe", r.channel.as_str(), ""),
        Method::Publish(r) => ("publish", r.channel.as_str(), ""),
        Method::Presence(r) => ("presence", r.channel.as_str(), ""),
        Method::PresenceStats(r) => ("presence_stats", r.channel.as_str(), ""),
        Method::History(r) => ("history", r.channel.as_str(), ""),
        Method::Rpc(r) => ("rpc", "", r.method.as_str()),
        Method::Refresh(_) => ("refresh", "", ""),
        Method::SubRefresh(r) => (
            match r.kind {
                1 => "track",
                2 => "untrack",
                _ => "sub_refresh",
            },
            r.channel.as_str(),
            "",
        ),
        _ => return None,
    };
    Some((ratelimit::op_index(op)?, channel, method))
}

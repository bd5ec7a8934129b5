//! The bench's crowd of clients: tokens (or connect data for the connect proxy), connecting
//! them all with bounded concurrency and progress, warming the server up, and what a failed
//! connect or publish means for the run.

#[allow(clippy::wildcard_imports)] // the bench's own types and imports
use super::*;

/// Mints an HS256 connection token, with a `jti` and an `iat` as real tokens have (so the
/// server's access-control checks look them up).
pub(super) fn mint(secret: &str, user: &str, exp: u64) -> Result<String, Failure> {
    let iat = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims =
        serde_json::json!({ "sub": user, "exp": exp, "iat": iat, "jti": format!("{user}-{iat}") });
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| Failure::new(Class::Other, format!("cannot sign a token: {e}")))
}

/// The connect data of a proxied client: `{"user":"USER"}`.
pub(super) fn user_data(user: &str) -> String {
    serde_json::json!({ "user": user }).to_string()
}

/// A subscriber that could not connect, as a failure of the whole run.
pub(super) fn conn_failure(e: &ConnError, failed: u64, total: u64, side: &Side<'_>) -> Failure {
    let message = format!(
        "{}: {failed} of {total} clients could not connect; first: {e}",
        side.name
    );
    let refused = if side.proxied {
        "the clients connect without a token: the server's connect proxy refused them or could not reach the backend; the server's log says why"
    } else {
        "the tokens are minted from --token-secret or --hmac-secret: it must match the server's client.token.hmac_secret_key"
    };
    let reachable = "is the server running? check --server / CENTRI_SERVER or the context";
    match e {
        ConnError::Unreachable { reason, .. } if reason.contains("Too many open files") => {
            Failure::new(Class::Other, message)
                .hint("the open-file limit ran out: raise it (ulimit -n) or use fewer --clients")
        }
        ConnError::Unreachable { .. } | ConnError::Timeout { .. } | ConnError::NoReply { .. } => {
            Failure::new(Class::Unreachable, message).hint(reachable)
        }
        ConnError::Upgrade { .. } => Failure::new(Class::Unreachable, message)
            .hint("is this a Centrifugo server? the endpoint is /connection/websocket"),
        ConnError::Refused { url, status } if *status == 404 => {
            let key = if url.ends_with("/connection/sse") {
                "sse"
            } else {
                "http_stream"
            };
            Failure::new(Class::Unreachable, message).hint(format!(
                "the server does not serve this transport: enable it in its config \
                 (\"{key}\": {{\"enabled\": true}})"
            ))
        }
        ConnError::Refused { .. } => Failure::new(Class::Rejected, message)
            .hint("the server refused the emulated connection; its log says why"),
        ConnError::Connect { code, .. } => {
            let class = if *code == crate::proto::codes::TOO_MANY_REQUESTS {
                Class::RateLimited
            } else {
                Class::Rejected
            };
            Failure::new(class, message).code(*code).hint(refused)
        }
        ConnError::Subscribe { channel, code, .. } => {
            let mut f = Failure::new(Class::Rejected, message).code(*code);
            f.hint = Some(hint_for(*code, Some(channel)).unwrap_or_else(|| {
                "the channel must be open to client subscribe (allow_subscribe_for_client); pick a namespace with --channel-prefix NS:".into()
            }));
            f
        }
        ConnError::Closed { code, .. } if (3500..=3999).contains(code) || (4500..=4999).contains(code) => {
            Failure::new(Class::Rejected, message)
                .code(u32::from(*code))
                .hint(if side.proxied {
                    refused
                } else {
                    "the server refused the clients: check --token-secret / --hmac-secret against client.token.hmac_secret_key"
                })
        }
        ConnError::Closed { .. } => Failure::new(Class::Unreachable, message).hint(reachable),
    }
}

/// An API failure of the publisher.
pub(super) fn publish_failure(e: ClientError, channel: &str, side: &str) -> Failure {
    let mut f = super::super::with_channel(e, channel);
    f.message = format!("{side}: publish failed: {}", f.message);
    f
}

/// Subscribers of one side, running.
pub(super) struct Crowd {
    pub(super) shared: Arc<Shared>,
    pub(super) stop: CancellationToken,
    pub(super) tasks: tokio::task::JoinSet<SubscriberEnd>,
}

impl Crowd {
    /// Stops every subscriber and collects what they saw (bounded).
    pub(super) async fn finish(mut self) -> Vec<SubscriberEnd> {
        self.stop.cancel();
        let mut ends = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while let Ok(Some(r)) = tokio::time::timeout_at(deadline, self.tasks.join_next()).await {
            if let Ok(end) = r {
                ends.push(end);
            }
        }
        self.tasks.abort_all();
        ends
    }
}

/// Where one side's subscribers connect.
pub(super) fn endpoint(side: &Side<'_>, timeout: Duration) -> Result<Endpoint, Failure> {
    let ws = super::super::sub::ws_url(&side.server)?;
    if side.transport == Transport::Websocket {
        let protobuf = side.protocol == Protocol::Protobuf;
        let sep = if ws.contains('?') { '&' } else { '?' };
        let url = if protobuf {
            format!("{ws}{sep}cf_protocol=protobuf")
        } else {
            ws
        };
        return Ok(Endpoint::Websocket { url, protobuf });
    }
    let base = side.server.trim_end_matches('/');
    let base = base
        .strip_suffix("/connection/websocket")
        .unwrap_or(base)
        .to_string();
    // One client for the run's streams and pongs: its pool keeps a connection per stream.
    let client = reqwest::Client::builder()
        .connect_timeout(timeout)
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| Failure::new(Class::Other, format!("cannot build an HTTP client: {e}")))?;
    Ok(Endpoint::Http {
        base,
        sse: side.transport == Transport::Sse,
        client,
    })
}

/// Opens `plan.clients` subscribers; each is connected and subscribed when this returns.
pub(super) async fn connect_all(
    plan: &Plan,
    side: &Side<'_>,
    progress: &Progress,
    interrupt: &CancellationToken,
    latency: bool,
) -> Result<(Crowd, f64), Failure> {
    let endpoint = endpoint(side, plan.timeout)?;
    let secret = plan.secret.clone().unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let hold = plan
        .publish
        .as_ref()
        .map_or(plan.hold, |p| p.duration + plan.drain);
    let exp = now + 3600 + hold.as_secs();
    let shared = Arc::new(Shared::default());
    let stop = CancellationToken::new();
    let mut tasks = tokio::task::JoinSet::new();
    let sem = Arc::new(tokio::sync::Semaphore::new(plan.connect_concurrency));
    progress.phase(side.name, "connecting", Some(plan.clients));
    let started = Instant::now();
    let mut spawned = 0u64;
    for i in 0..plan.clients {
        let permit = tokio::select! {
            () = interrupt.cancelled() => break,
            p = sem.clone().acquire_owned() => p,
        };
        let Ok(permit) = permit else { break };
        if shared.failed.load(Ordering::Relaxed) > 0 {
            break;
        }
        let idx = usize::try_from(i).unwrap_or(usize::MAX) % plan.channels.len();
        let user = format!("bench-{i}");
        let (token, data) = if side.proxied {
            (String::new(), user_data(&user))
        } else {
            (mint(&secret, &user, exp)?, String::new())
        };
        let spec = load::SubscriberSpec {
            endpoint: endpoint.clone(),
            token,
            data,
            channel: plan.channels[idx].clone(),
            timeout: plan.timeout,
        };
        tasks.spawn(load::subscriber(
            spec,
            shared.clone(),
            permit,
            stop.clone(),
            latency,
        ));
        spawned += 1;
        progress
            .bar
            .set_position(shared.ready.load(Ordering::Relaxed));
    }
    // Every handshake still running is bounded by the timeout.
    let deadline = Instant::now() + plan.timeout + Duration::from_secs(1);
    settle(
        || shared.ready.load(Ordering::Relaxed),
        &shared.failed,
        spawned,
        deadline,
        &progress.bar,
        interrupt,
    )
    .await;
    let seconds = started.elapsed().as_secs_f64();
    let crowd = Crowd {
        shared: shared.clone(),
        stop,
        tasks,
    };
    let ready = shared.ready.load(Ordering::Relaxed);
    if let Some(e) = shared.first_error() {
        let failed = shared.failed.load(Ordering::Relaxed);
        crowd.finish().await;
        return Err(conn_failure(&e, failed, plan.clients, side));
    }
    if ready < plan.clients && !interrupt.is_cancelled() {
        crowd.finish().await;
        return Err(Failure::new(
            Class::Unreachable,
            format!(
                "{}: only {ready} of {} clients connected within the timeout",
                side.name, plan.clients
            ),
        )
        .hint("raise --timeout, lower --connect-concurrency, or check the server's load"));
    }
    Ok((crowd, seconds))
}

/// A warm-up publication into a channel nobody subscribes to: checks the API key, the
/// channel's namespace and opens the keep-alive connection before the clock starts.
pub(super) async fn warm_up(plan: &Plan, side: &Side<'_>) -> Result<(), Failure> {
    let channel = format!("{}warmup", plan.channel_prefix);
    let body = serde_json::json!({"channel": channel, "data": {}}).to_string();
    let r = side
        .api
        .call_raw("publish", body.into_bytes())
        .await
        .map_err(|e| publish_failure(e, &channel, side.name))?;
    if r.status != 200 {
        return Err(publish_failure(
            ClientError::Http {
                status: r.status,
                body: String::from_utf8_lossy(&r.body)
                    .trim()
                    .chars()
                    .take(200)
                    .collect(),
            },
            &channel,
            side.name,
        ));
    }
    if let Some(e) = load::response_error(&r.body) {
        return Err(publish_failure(ClientError::Api(e), &channel, side.name));
    }
    Ok(())
}

/// Waits until the clients done (`done()`) and failed account for all `spawned`, the
/// deadline passes or the run is interrupted, keeping the bar at `done()`.
pub(super) async fn settle(
    done: impl Fn() -> u64,
    failed: &std::sync::atomic::AtomicU64,
    spawned: u64,
    deadline: Instant,
    bar: &ProgressBar,
    interrupt: &CancellationToken,
) {
    loop {
        let n = done();
        bar.set_position(n);
        if n + failed.load(Ordering::Relaxed) >= spawned
            || Instant::now() >= deadline
            || interrupt.is_cancelled()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

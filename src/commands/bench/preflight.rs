//! `--proxy-backend`'s check before any load: one token-less client must be let in by the
//! server's connect proxy calling this bench's backend, else the run fails naming the config
//! key to set.

#[allow(clippy::wildcard_imports)] // the bench's own types and imports
use super::*;

/// What the server's config needs for `--proxy-backend`, with the address filled in.
pub(super) fn proxy_config_key(b: &backend::Backend) -> String {
    format!(
        "set client.proxy.connect.enabled to true and client.proxy.connect.endpoint to \"{0}\" \
         in the server's config ({{\"client\":{{\"proxy\":{{\"connect\":{{\"enabled\":true,\
         \"endpoint\":\"{0}\"}}}}}}}}), and restart it",
        b.endpoint()
    )
}

/// `--proxy-backend`, before any load: one client connects without a token and must be let
/// in by the server's connect proxy calling this bench's backend. A server without a connect
/// proxy (3501), or one whose proxy calls somewhere else, fails the run (exit 1) with the
/// config key to set.
pub(super) async fn preflight(
    plan: &Plan,
    side: &Side<'_>,
    b: &backend::Backend,
) -> Result<(), Failure> {
    let shared = Arc::new(Shared::default());
    let stop = CancellationToken::new();
    let permit = Arc::new(tokio::sync::Semaphore::new(1))
        .acquire_owned()
        .await
        .map_err(|_| Failure::new(Class::Other, "cannot take a connect slot"))?;
    let spec = load::SubscriberSpec {
        endpoint: endpoint(side, plan.timeout)?,
        token: String::new(),
        data: user_data("bench-preflight"),
        channel: plan.channels[0].clone(),
        timeout: plan.timeout,
    };
    b.take();
    let mut task = tokio::spawn(load::subscriber(
        spec,
        shared.clone(),
        permit,
        stop.clone(),
        false,
    ));
    // The handshake is bounded by the timeout.
    let deadline = Instant::now() + plan.timeout + Duration::from_secs(1);
    while shared.ready.load(Ordering::Relaxed) + shared.failed.load(Ordering::Relaxed) == 0
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.cancel();
    if tokio::time::timeout(Duration::from_secs(5), &mut task)
        .await
        .is_err()
    {
        task.abort();
    }
    let seen = b.take();
    let ready = shared.ready.load(Ordering::Relaxed) > 0;
    let key = proxy_config_key(b);
    let error = shared.first_error();
    let ready_or_subscribed = ready || matches!(error, Some(ConnError::Subscribe { .. }));
    match error {
        Some(ConnError::Closed { code: 3501, reason }) => Err(Failure::new(
            Class::Other,
            format!(
                "the server has no connect proxy: it closed a connect without a token with \
                 3501 {reason}; {key}"
            ),
        )
        .code(3501)),
        Some(ConnError::Connect { code, message }) if seen.calls == 0 => Err(Failure::new(
            Class::Other,
            format!(
                "the server's connect proxy did not reach the bench's backend at {} (connect \
                 error {code} {message}); {key}",
                b.addr
            ),
        )
        .code(code)),
        Some(ConnError::Connect { code, message }) => Err(Failure::new(
            Class::Other,
            format!(
                "the server did not accept the backend's answer (connect error {code} \
                 {message}); the backend {}",
                seen.first_refusal.map_or_else(
                    || "answered {\"result\":{\"user\":...}}".to_string(),
                    |r| format!("refused the request: {r}")
                )
            ),
        )
        .code(code)
        .hint("the server's log says why (proxy call failed, connect proxy result refused)")),
        // Connected (then perhaps refused the channel) without the backend: let in anonymously.
        Some(ConnError::Subscribe { .. }) | None if seen.calls == 0 && ready_or_subscribed => {
            Err(Failure::new(
                Class::Other,
                format!(
                    "the server let a client without a token in without calling the bench's \
                     backend at {}: its connect proxy is off (with \
                     allow_anonymous_connect_without_token) or calls another endpoint; {key}",
                    b.addr
                ),
            ))
        }
        Some(e) => Err(conn_failure(&e, 1, 1, side)),
        None if !ready => Err(Failure::new(
            Class::Unreachable,
            format!(
                "no reply to a connect without a token within {:.1}s",
                plan.timeout.as_secs_f64()
            ),
        )
        .hint("is the server's client.proxy.connect.timeout longer than --timeout?")),
        None => Ok(()),
    }
}

//! A shared poll channel's refresh task: every `refresh_interval` it asks the
//! `shared_poll_refresh` proxy for the keys tracked in the channel, once per key, in batches
//! of `refresh_batch_size` spread over the interval; keys tracked with no data yet are polled
//! at once. The answers are applied to the channel ([`super::registry`]). A backend error or
//! a bad answer skips that batch until the next cycle, and is logged and traced with the
//! channel. The task ends when the channel has had nobody for `channel_shutdown_delay`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::registry::{PollChannel, Update};
use super::wire::{RefreshItem, RefreshRequest, RefreshResponse};
use super::SharedPollOptions;
use crate::proto::Payload;
use crate::server::auth::now_unix;
use crate::server::node::Node;
use crate::server::proxy::{Answer, Kind, Proxy};
use crate::server::trace::{event, put};

/// Starts the refresh task of a channel that was just made.
pub fn spawn(node: Arc<Node>, c: Arc<PollChannel>, opts: SharedPollOptions) {
    tokio::spawn(run(node, c, opts));
}

async fn run(node: Arc<Node>, c: Arc<PollChannel>, opts: SharedPollOptions) {
    let Some(proxy) = node.proxies.get(Kind::SharedPollRefresh, &opts.proxy_name) else {
        // the config's validation names the proxy; reaching here is a bug worth a log line
        tracing::error!(channel = %c.name, proxy = %opts.proxy_name, "no shared_poll_refresh proxy: the channel is not polled");
        return;
    };
    let interval = opts.interval();
    let grace = i64::try_from(opts.track_expired_extra_delay.value.as_secs()).unwrap_or(0);
    let linger = opts.channel_shutdown_delay.value;
    let mut next = Instant::now() + interval;
    let mut idle_since: Option<Instant> = None;
    loop {
        tokio::select! {
            () = c.wake.notified() => {}
            () = tokio::time::sleep_until(next.into()) => {}
            // a quiet channel still looks at whether it is idle
            () = tokio::time::sleep(linger.max(Duration::from_millis(100))), if idle_since.is_some() => {}
        }
        let cold = c.take_cold();
        if !cold.is_empty() {
            poll(&node, &c, &proxy, cold).await;
        }
        if Instant::now() >= next {
            let started = Instant::now();
            let items = c.take_cycle(now_unix() - grace);
            let batches: Vec<&[RefreshItem]> = items.chunks(opts.batch_size()).collect();
            // spread over the interval, not all at once
            let gap = interval / u32::try_from(batches.len().max(1)).unwrap_or(u32::MAX);
            for (i, b) in batches.into_iter().enumerate() {
                if i > 0 {
                    tokio::time::sleep(gap).await;
                }
                poll(&node, &c, &proxy, b.to_vec()).await;
            }
            next = (started + interval).max(Instant::now() + Duration::from_millis(10));
        }
        if c.is_idle() {
            let since = *idle_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= linger && node.polls.remove_if_idle(&c.name, &c) {
                tracing::debug!(channel = %c.name, "shared poll channel closed: nobody left");
                return;
            }
        } else {
            idle_since = None;
        }
    }
}

/// One proxy call for `items`, applied to the channel.
async fn poll(node: &Node, c: &PollChannel, proxy: &Arc<Proxy>, items: Vec<RefreshItem>) {
    let Ok(_slot) = node.polls.slots.clone().acquire_owned().await else {
        return;
    };
    let asked = items.len();
    let req = RefreshRequest {
        channel: c.name.clone(),
        items,
    };
    let call = proxy
        .call::<RefreshRequest, RefreshResponse>(&req, &[])
        .await;
    node.polls.count_poll(asked);
    let mut changed = 0;
    let mut bad = Vec::new();
    match &call.outcome {
        Ok(Answer::Result(Some(r))) => {
            let mut updates = Vec::with_capacity(r.items.len());
            for it in &r.items {
                match update_of(it) {
                    Ok(u) => updates.push(u),
                    Err(why) => bad.push(why),
                }
            }
            changed = c.apply(node, updates, &r.epoch, false);
        }
        // no result, or a disconnect (meaningless here): nothing changed
        Ok(Answer::Result(None) | Answer::Disconnect(_)) => {}
        Ok(Answer::Error(e)) => {
            tracing::warn!(channel = %c.name, code = e.code, message = %e.message, "shared_poll_refresh: the backend answered an error; the keys are polled again next cycle");
        }
        Err(e) => {
            tracing::warn!(channel = %c.name, error = %e, "shared_poll_refresh failed; the keys are polled again next cycle");
        }
    }
    for why in &bad {
        tracing::warn!(channel = %c.name, "shared_poll_refresh: {why}");
    }
    node.tracers.channel(&c.name, || {
        let mut m = event("shared_poll_refresh", "out");
        put(&mut m, "channel", &c.name);
        call.trace_fields(&mut m);
        m.insert("keys".into(), Value::from(asked));
        m.insert("changed".into(), Value::from(changed));
        if !bad.is_empty() {
            m.insert("bad_items".into(), Value::from(bad.clone()));
        }
        m
    });
}

/// An item of the backend's answer as a change, or what is wrong with it (the key named).
fn update_of(it: &super::wire::ResultItem) -> Result<Update, String> {
    if crate::server::map::checked_key(&it.key).is_err() {
        return Err(format!(
            "items[].key {:?} is empty, too long or holds NUL: item skipped",
            it.key.chars().take(64).collect::<String>()
        ));
    }
    let data = if it.data.is_empty() || it.removed {
        None
    } else {
        let raw: Box<serde_json::value::RawValue> =
            serde_json::from_slice(&it.data).map_err(|e| {
                format!(
                    "items[key={:?}].data is not JSON ({e}): item skipped",
                    it.key
                )
            })?;
        Some(Payload::Json(raw))
    };
    Ok(Update {
        key: it.key.clone(),
        data,
        version: it.version,
        removed: it.removed,
    })
}

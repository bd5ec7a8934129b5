//! The receiving side of the Redis engine: one async task per shard owns its PUB/SUB
//! connection, takes subscribe and unsubscribe requests from the engine, and hands every
//! message to the node's sink.
//!
//! - A single server or a Sentinel-managed primary: a dedicated PUB/SUB connection. Every
//!   second the task pings it and, on Sentinel, asks whether the primary moved; a lost or
//!   moved connection is replaced and every channel subscribed again.
//! - A Redis Cluster: a RESP3 cluster connection whose pushes arrive on a channel; channels
//!   are sharded (`SSUBSCRIBE`, on the primary of the channel's slot) when the servers know
//!   `SPUBLISH`, else classic `SUBSCRIBE`. redis-rs resubscribes after slot moves; the task
//!   notices the disconnection and subscribes every channel again itself before it reports.
//!
//! When a connection is lost the node is told at once which channels may miss messages
//! ([`Delivery::Reconnected`]), so their subscribers reconnect and recover from history
//! once the shard is back (until then subscribes fail with 100 and SDKs retry).

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, oneshot};

use super::link::{Link, Reach};
use super::{parse_message, Delivery, Sink};

/// A request to the PUB/SUB task of a shard.
pub enum SubCmd {
    /// Subscribe the (Redis) channel; the sender is told once Redis confirmed it.
    Subscribe(String, oneshot::Sender<()>),
    Unsubscribe(String),
}

/// What the task needs to route messages.
#[derive(Clone)]
pub struct Names {
    /// `{prefix}.client.`: the start of every publication channel.
    pub client_prefix: String,
    /// Control and trace channels, subscribed by the first shard only.
    pub control: Option<(String, String)>,
    /// Channels carry a hash tag (`{channel}`) on a cluster.
    pub tagged: bool,
}

impl Names {
    /// Routes one message to the sink.
    fn deliver(&self, sink: &std::sync::OnceLock<Sink>, name: &str, payload: &[u8]) {
        let Some(s) = sink.get() else { return };
        if let Some((c, t)) = &self.control {
            if c == name {
                return s(Delivery::Control(payload.to_vec()));
            }
            if t == name {
                return s(Delivery::Trace(payload.to_vec()));
            }
        }
        let Some(ch) = name.strip_prefix(&self.client_prefix) else {
            return;
        };
        let ch = if self.tagged {
            match ch.strip_prefix('{').and_then(|c| c.strip_suffix('}')) {
                Some(c) => c,
                None => return,
            }
        } else {
            ch
        };
        if let Some(d) = parse_message(ch.to_string(), payload) {
            s(d);
        }
    }

    /// The node's channel of a Redis channel name (for reconnect reports).
    fn channel_of(&self, name: &str) -> Option<String> {
        let ch = name.strip_prefix(&self.client_prefix)?;
        if self.tagged {
            ch.strip_prefix('{')
                .and_then(|c| c.strip_suffix('}'))
                .map(str::to_string)
        } else {
            Some(ch.to_string())
        }
    }

    fn fixed(&self) -> Vec<String> {
        self.control
            .iter()
            .flat_map(|(c, t)| [c.clone(), t.clone()])
            .collect()
    }
}

/// How often an idle task checks its connection.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// Sends every pending request that arrives while the shard is unreachable into `wanted`
/// (they are subscribed on reconnect, not acknowledged: their callers time out with 100).
fn absorb(rx: &mut mpsc::UnboundedReceiver<SubCmd>, wanted: &mut HashSet<String>) -> bool {
    loop {
        match rx.try_recv() {
            Ok(SubCmd::Subscribe(ch, _ack)) => {
                wanted.insert(ch);
            }
            Ok(SubCmd::Unsubscribe(ch)) => {
                wanted.remove(&ch);
            }
            Err(mpsc::error::TryRecvError::Empty) => return true,
            Err(mpsc::error::TryRecvError::Disconnected) => return false,
        }
    }
}

/// Takes the requests that are ready: a run of subscribes (answered together by one
/// `SUBSCRIBE`), or one unsubscribe. `None` when the engine is gone.
fn next_batch(
    rx: &mut mpsc::UnboundedReceiver<SubCmd>,
    first: SubCmd,
) -> (Vec<(String, oneshot::Sender<()>)>, Option<String>) {
    match first {
        SubCmd::Unsubscribe(ch) => (Vec::new(), Some(ch)),
        SubCmd::Subscribe(ch, ack) => {
            let mut subs = vec![(ch, ack)];
            let mut unsub = None;
            while subs.len() < 512 {
                match rx.try_recv() {
                    Ok(SubCmd::Subscribe(ch, ack)) => subs.push((ch, ack)),
                    Ok(SubCmd::Unsubscribe(ch)) => {
                        unsub = Some(ch);
                        break;
                    }
                    Err(_) => break,
                }
            }
            (subs, unsub)
        }
    }
}

/// Marks the shard's PUB/SUB down and counts the loss; whether it was up.
fn down(healthy: &AtomicBool, losses: &AtomicU64) -> bool {
    losses.fetch_add(1, Ordering::SeqCst);
    healthy.swap(false, Ordering::SeqCst)
}

async fn pause(backoff: &mut Duration) {
    tokio::time::sleep(*backoff).await;
    *backoff = (*backoff * 2).min(Duration::from_secs(1));
}

/// The PUB/SUB task of a single server or Sentinel-managed primary.
pub async fn run_direct(
    link: Arc<Link>,
    mut rx: mpsc::UnboundedReceiver<SubCmd>,
    sink: Arc<std::sync::OnceLock<Sink>>,
    names: Names,
) {
    let mut wanted: HashSet<String> = HashSet::new();
    let mut backoff = Duration::from_millis(50);
    let mut connected_before = false;
    let healthy = link.healthy.clone();
    let losses = link.losses.clone();
    loop {
        let opened = async {
            let client = link.primary_client().await?;
            let addr = client.get_connection_info().addr().to_string();
            match tokio::time::timeout(link.connect_timeout, client.get_async_pubsub()).await {
                Ok(r) => r.map(|ps| (ps, addr)),
                Err(_) => Err(redis::RedisError::from(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "pubsub connect timed out",
                ))),
            }
        }
        .await;
        let (ps, addr) = match opened {
            Ok(x) => x,
            Err(e) => {
                if down(&healthy, &losses) || !connected_before {
                    tracing::warn!(shard = %link.target.describe(), error = %e, "redis pubsub: cannot connect, retrying");
                }
                if !absorb(&mut rx, &mut wanted) {
                    return;
                }
                pause(&mut backoff).await;
                continue;
            }
        };
        let (mut out, mut stream) = ps.split();
        let mut all: Vec<String> = wanted.iter().cloned().collect();
        all.extend(names.fixed());
        let mut ok = true;
        for chunk in all.chunks(1000) {
            let sub = tokio::time::timeout(link.io_timeout, out.subscribe(chunk)).await;
            if !matches!(sub, Ok(Ok(()))) {
                ok = false;
                break;
            }
        }
        if !ok {
            down(&healthy, &losses);
            pause(&mut backoff).await;
            continue;
        }
        backoff = Duration::from_millis(50);
        healthy.store(true, Ordering::Relaxed);
        if connected_before {
            tracing::info!(shard = %link.target.describe(), "redis pubsub: reconnected and resubscribed {} channels", wanted.len());
        }
        connected_before = true;
        let mut tick = tokio::time::interval(CHECK_EVERY);
        tick.tick().await;
        'conn: loop {
            tokio::select! {
                cmd = rx.recv() => {
                    let Some(cmd) = cmd else { return };
                    let (subs, unsub) = next_batch(&mut rx, cmd);
                    if !subs.is_empty() {
                        let new: Vec<&String> = subs.iter().map(|(c, _)| c).filter(|c| !wanted.contains(*c)).collect();
                        let sent = new.is_empty()
                            || matches!(tokio::time::timeout(link.io_timeout, out.subscribe(&new)).await, Ok(Ok(())));
                        for (ch, ack) in subs {
                            wanted.insert(ch);
                            if sent {
                                let _ = ack.send(());
                            }
                        }
                        if !sent {
                            break 'conn;
                        }
                    }
                    if let Some(ch) = unsub {
                        if wanted.remove(&ch)
                            && !matches!(tokio::time::timeout(link.io_timeout, out.unsubscribe(&ch)).await, Ok(Ok(())))
                        {
                            break 'conn;
                        }
                    }
                }
                msg = stream.next() => {
                    let Some(msg) = msg else {
                        tracing::warn!(shard = %link.target.describe(), "redis pubsub: connection lost, reconnecting");
                        break 'conn;
                    };
                    names.deliver(&sink, msg.get_channel_name(), msg.get_payload_bytes());
                }
                _ = tick.tick() => {
                    let alive = matches!(
                        tokio::time::timeout(link.io_timeout, out.ping::<redis::Value>()).await,
                        Ok(Ok(_))
                    );
                    if !alive {
                        tracing::warn!(shard = %link.target.describe(), "redis pubsub: no answer to a ping, reconnecting");
                        break 'conn;
                    }
                    if matches!(link.reach, Reach::Sentinel(_)) {
                        match link.primary_client().await {
                            Ok(c) if c.get_connection_info().addr().to_string() != addr => {
                                tracing::info!(shard = %link.target.describe(), "redis pubsub: the primary moved, reconnecting");
                                break 'conn;
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        down(&healthy, &losses);
        report_loss(&sink, &names, &wanted);
    }
}

/// Tells the node that publications of `wanted` may be missed from now on (the PUB/SUB
/// connection is gone): their subscribers reconnect and recover from history, from before
/// the first message they could have missed. Sent when the loss is noticed, not when the
/// connection is back, so no subscriber takes a publication that came after a gap.
fn report_loss(sink: &std::sync::OnceLock<Sink>, names: &Names, wanted: &HashSet<String>) {
    if wanted.is_empty() {
        return;
    }
    if let Some(s) = sink.get() {
        s(Delivery::Reconnected(
            wanted.iter().filter_map(|c| names.channel_of(c)).collect(),
        ));
    }
}

/// Whether the cluster's servers know sharded PUB/SUB (`SPUBLISH`, Redis 7).
pub async fn cluster_shards_pubsub(conn: &mut super::link::Conn) -> bool {
    let r: redis::RedisResult<i64> = redis::cmd("SPUBLISH")
        .arg("centri.probe")
        .arg("")
        .query_async(conn)
        .await;
    match r {
        Ok(_) => true,
        Err(e) => {
            let unknown = e
                .to_string()
                .to_ascii_lowercase()
                .contains("unknown command");
            if !unknown {
                tracing::warn!(error = %e, "redis cluster: SPUBLISH probe failed; assuming sharded PUB/SUB");
            }
            !unknown
        }
    }
}

/// Subscribes `chans` (sharded when `sharded`) and the fixed channels; false on a failure.
async fn subscribe_all(
    conn: &mut redis::cluster_async::ClusterConnection,
    chans: &[String],
    fixed: &[String],
    sharded: bool,
    t: Duration,
) -> bool {
    for ch in chans {
        let r = if sharded {
            tokio::time::timeout(t, conn.ssubscribe(ch)).await
        } else {
            tokio::time::timeout(t, conn.subscribe(ch)).await
        };
        if !matches!(r, Ok(Ok(()))) {
            return false;
        }
    }
    for ch in fixed {
        if !matches!(
            tokio::time::timeout(t, conn.subscribe(ch)).await,
            Ok(Ok(()))
        ) {
            return false;
        }
    }
    true
}

/// The PUB/SUB task of a Redis Cluster.
pub async fn run_cluster(
    link: Arc<Link>,
    mut rx: mpsc::UnboundedReceiver<SubCmd>,
    sink: Arc<std::sync::OnceLock<Sink>>,
    names: Names,
    sharded: bool,
) {
    let Reach::Cluster { seeds, .. } = &link.reach else {
        return;
    };
    let healthy = link.healthy.clone();
    let losses = link.losses.clone();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut backoff = Duration::from_millis(50);
    // one connection for the task's life: redis-rs reconnects its nodes itself
    let (tx, mut pushes) = mpsc::unbounded_channel();
    let client = match super::link::cluster_client(
        seeds,
        link.certs.as_ref(),
        link.io_timeout,
        link.connect_timeout,
        Some(tx),
    ) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "redis cluster pubsub: bad settings");
            return;
        }
    };
    let mut conn = loop {
        if let Ok(Ok(c)) =
            tokio::time::timeout(link.connect_timeout * 2, client.get_async_connection()).await
        {
            break c;
        }
        down(&healthy, &losses);
        if !absorb(&mut rx, &mut wanted) {
            return;
        }
        pause(&mut backoff).await;
    };
    let fixed = names.fixed();
    // Subscribed everything once: the control channels, and what arrived while connecting.
    let mut lost = {
        let all: Vec<String> = wanted.iter().cloned().collect();
        !subscribe_all(&mut conn, &all, &fixed, sharded, link.io_timeout).await
    };
    healthy.store(!lost, Ordering::Relaxed);
    let mut tick = tokio::time::interval(CHECK_EVERY);
    tick.tick().await;
    loop {
        tokio::select! {
            cmd = rx.recv() => {
                let Some(cmd) = cmd else { return };
                let (subs, unsub) = next_batch(&mut rx, cmd);
                for (ch, ack) in subs {
                    let fresh = wanted.insert(ch.clone());
                    if lost {
                        continue;
                    }
                    let ok = !fresh || {
                        let r = if sharded {
                            tokio::time::timeout(link.io_timeout, conn.ssubscribe(&ch)).await
                        } else {
                            tokio::time::timeout(link.io_timeout, conn.subscribe(&ch)).await
                        };
                        matches!(r, Ok(Ok(())))
                    };
                    if ok {
                        let _ = ack.send(());
                    } else {
                        lost = true;
                        down(&healthy, &losses);
                    }
                }
                if let Some(ch) = unsub {
                    if wanted.remove(&ch) && !lost {
                        let _ = if sharded {
                            tokio::time::timeout(link.io_timeout, conn.sunsubscribe(&ch)).await
                        } else {
                            tokio::time::timeout(link.io_timeout, conn.unsubscribe(&ch)).await
                        };
                    }
                }
            }
            push = pushes.recv() => {
                let Some(p) = push else { return };
                match p.kind {
                    redis::PushKind::Message | redis::PushKind::SMessage => {
                        if let [redis::Value::BulkString(name), redis::Value::BulkString(payload), ..] = p.data.as_slice() {
                            if let Ok(name) = std::str::from_utf8(name) {
                                names.deliver(&sink, name, payload);
                            }
                        }
                    }
                    redis::PushKind::Disconnection => {
                        if !lost {
                            tracing::warn!(shard = %link.target.describe(), "redis cluster pubsub: a node connection was lost");
                            down(&healthy, &losses);
                            report_loss(&sink, &names, &wanted);
                        }
                        lost = true;
                    }
                    _ => {}
                }
            }
            _ = tick.tick() => {
                if lost {
                    let all: Vec<String> = wanted.iter().cloned().collect();
                    if subscribe_all(&mut conn, &all, &fixed, sharded, link.io_timeout).await {
                        lost = false;
                        healthy.store(true, Ordering::Relaxed);
                        tracing::info!(shard = %link.target.describe(), "redis cluster pubsub: resubscribed {} channels", wanted.len());
                    }
                }
            }
        }
    }
}

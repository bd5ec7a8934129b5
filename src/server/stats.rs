//! The `info` aggregation: every [`INTERVAL`] the node turns its counters into
//! `metrics.items` deltas (Centrifugo's key format, so rates = delta / interval) and samples
//! its process CPU and RSS from `/proc`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::node::Node;
use crate::proto::api;

/// How often `info` numbers are refreshed (Centrifugo's default is 60 s; shorter keeps
/// `centri node ls --watch` live).
pub const INTERVAL: Duration = Duration::from_secs(5);

/// CPU seconds (user + system) and RSS bytes of this process, on Linux.
pub fn process_sample() -> Option<(f64, i64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the `(comm)` part; utime and stime are the 12th and 13th of those.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: i64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // The kernel reports in USER_HZ (100 on Linux) ticks and 4 KiB pages.
    Some((ticks / 100.0, pages * 4096))
}

/// Runs forever, refreshing the node's `info` numbers.
pub async fn run(node: Arc<Node>) {
    let mut last = (
        node.metrics.publications_received.get(),
        node.metrics.publications_sent.get(),
        connects(&node),
    );
    let mut last_cpu = process_sample().map(|p| p.0);
    let mut at = Instant::now();
    let mut tick = tokio::time::interval(INTERVAL);
    tick.tick().await;
    loop {
        tick.tick().await;
        let secs = at.elapsed().as_secs_f64();
        at = Instant::now();
        let now = (
            node.metrics.publications_received.get(),
            node.metrics.publications_sent.get(),
            connects(&node),
        );
        let mut items = BTreeMap::new();
        items.insert(
            api::ITEM_PUBLICATIONS_IN.to_string(),
            (now.0 - last.0) as f64,
        );
        items.insert(api::ITEM_MESSAGES_OUT.to_string(), (now.1 - last.1) as f64);
        items.insert(api::ITEM_CONNECTS.to_string(), (now.2 - last.2) as f64);
        last = now;
        let process = process_sample().map(|(cpu, rss)| {
            let pct = last_cpu.map_or(0.0, |prev| {
                ((cpu - prev) / secs.max(1e-3) * 1000.0).round() / 10.0
            });
            last_cpu = Some(cpu);
            api::Process { cpu: pct, rss }
        });
        node.set_info_items(secs.round().max(1.0), items, process);
    }
}

fn connects(node: &Node) -> u64 {
    node.metrics
        .connections_accepted
        .get_or_create(&super::metrics::TransportLabel {
            transport: "websocket",
        })
        .get()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let (cpu, rss) = process_sample().unwrap();
        assert!(cpu >= 0.0);
        assert!(rss > 1024 * 1024, "rss {rss}");
    }
}

//! Prometheus metrics with Centrifugo's names (`centrifugo_*`, shared/spec/observability.md).
//! Counters sit on the hot path as pre-resolved handles, so a publish costs a few atomic adds.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TypeLabel {
    pub r#type: &'static str,
    pub channel_namespace: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MethodLabel {
    pub method: &'static str,
    pub channel_namespace: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabel {
    pub method: &'static str,
    pub code: String,
    pub channel_namespace: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RateLimitLabel {
    pub limiter: &'static str,
    pub op: &'static str,
    pub channel_namespace: String,
    pub dry_run: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabel {
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TransportLabel {
    pub transport: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TransportCodeLabel {
    pub transport: &'static str,
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ApiLabel {
    pub protocol: &'static str,
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ApiErrorLabel {
    pub protocol: &'static str,
    pub method: String,
    pub error: String,
}

/// A push's labels, as Centrifugo PRO's `centrifugo_push_notification_count`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PushLabel {
    pub provider: &'static str,
    /// `device`, `token`, `topic` or `condition`.
    pub recipient_type: &'static str,
    pub platform: String,
    pub success: &'static str,
    /// The provider's reason when not sent (`UNREGISTERED`, `http 500`, ...).
    pub err_code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabel {
    pub provider: &'static str,
}

/// The push metrics a node's sender updates (handles into [`Metrics`]' registry).
#[derive(Clone, Debug, Default)]
pub struct PushMetrics {
    pub notifications: Family<PushLabel, Counter>,
    pub inflight: Family<ProviderLabel, Gauge>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VersionLabel {
    pub version: &'static str,
}

/// A proxy call's labels, as Centrifugo's `centrifugo_proxy_*`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProxyLabel {
    /// `http` or `grpc`.
    pub protocol: &'static str,
    /// `connect`, `refresh`, `subscribe`, `publish`, `sub_refresh` or `rpc`.
    pub r#type: &'static str,
    pub name: String,
}

/// The proxy metrics (handles into [`Metrics`]' registry).
#[derive(Clone, Debug)]
pub struct ProxyMetrics {
    pub duration: Family<ProxyLabel, Histogram>,
    pub errors: Family<ProxyLabel, Counter>,
    pub inflight: Family<ProxyLabel, Gauge>,
}

/// All metrics of a node.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    pub num_clients: Gauge,
    /// 1 while the engine can serve (Redis reachable), 0 otherwise.
    pub engine_healthy: Gauge,
    pub num_users: Gauge,
    pub num_subscriptions: Gauge,
    pub num_channels: Gauge,
    pub messages_sent: Family<TypeLabel, Counter>,
    pub messages_received: Family<TypeLabel, Counter>,
    pub connections_accepted: Family<TransportLabel, Counter>,
    pub connections_inflight: Family<TransportLabel, Gauge>,
    pub command_duration: Family<MethodLabel, Histogram>,
    pub reply_errors: Family<ErrorLabel, Counter>,
    pub server_disconnects: Family<CodeLabel, Counter>,
    pub server_unsubscribes: Family<CodeLabel, Counter>,
    pub outgoing_close: Family<TransportCodeLabel, Counter>,
    pub api_duration: Family<ApiLabel, Histogram>,
    pub api_errors: Family<ApiErrorLabel, Counter>,
    pub rate_limit_hits: Family<RateLimitLabel, Counter>,
    pub push: PushMetrics,
    pub proxy: ProxyMetrics,
    /// Node-wide totals (not exported; `info` turns them into rates): publications
    /// delivered to subscribers, and publications accepted (API or client).
    pub publications_sent: Counter,
    pub publications_received: Counter,
}

impl Metrics {
    pub fn new(version: &'static str) -> Self {
        let mut r = Registry::with_prefix("centrifugo");
        let hist = || Histogram::new(exponential_buckets(0.0001, 4.0, 10));
        let m = Metrics {
            num_clients: Gauge::default(),
            engine_healthy: Gauge::default(),
            num_users: Gauge::default(),
            num_subscriptions: Gauge::default(),
            num_channels: Gauge::default(),
            messages_sent: Family::default(),
            messages_received: Family::default(),
            connections_accepted: Family::default(),
            connections_inflight: Family::default(),
            command_duration: Family::new_with_constructor(hist),
            reply_errors: Family::default(),
            server_disconnects: Family::default(),
            server_unsubscribes: Family::default(),
            outgoing_close: Family::default(),
            api_duration: Family::new_with_constructor(hist),
            proxy: ProxyMetrics {
                duration: Family::new_with_constructor(hist),
                errors: Family::default(),
                inflight: Family::default(),
            },
            api_errors: Family::default(),
            rate_limit_hits: Family::default(),
            push: PushMetrics::default(),
            publications_sent: Counter::default(),
            publications_received: Counter::default(),
            registry: Registry::default(),
        };
        let node = r.sub_registry_with_prefix("node");
        node.register(
            "engine_healthy",
            "1 while the engine (Redis) is reachable",
            m.engine_healthy.clone(),
        );
        node.register(
            "num_clients",
            "Number of clients connected",
            m.num_clients.clone(),
        );
        node.register(
            "num_users",
            "Number of unique users connected",
            m.num_users.clone(),
        );
        node.register(
            "num_subscriptions",
            "Number of subscriptions",
            m.num_subscriptions.clone(),
        );
        node.register(
            "num_channels",
            "Number of channels with one or more subscribers",
            m.num_channels.clone(),
        );
        let nodes = Gauge::<i64>::default();
        nodes.set(1);
        node.register("num_nodes", "Number of nodes in the cluster", nodes);
        let build = Family::<VersionLabel, Gauge>::default();
        build.get_or_create(&VersionLabel { version }).set(1);
        node.register("build", "Node build info", build);
        node.register(
            "messages_sent_count",
            "Number of messages sent",
            m.messages_sent.clone(),
        );
        node.register(
            "messages_received_count",
            "Number of messages received",
            m.messages_received.clone(),
        );
        let client = r.sub_registry_with_prefix("client");
        client.register(
            "connections_accepted",
            "Connections accepted",
            m.connections_accepted.clone(),
        );
        client.register(
            "connections_inflight",
            "Connections currently open",
            m.connections_inflight.clone(),
        );
        client.register(
            "command_duration_seconds_histogram",
            "Client command duration",
            m.command_duration.clone(),
        );
        client.register(
            "num_reply_errors",
            "Error replies sent to clients",
            m.reply_errors.clone(),
        );
        client.register(
            "num_server_disconnects",
            "Server-side disconnects",
            m.server_disconnects.clone(),
        );
        client.register(
            "num_server_unsubscribes",
            "Server-side unsubscribes",
            m.server_unsubscribes.clone(),
        );
        let transport = r.sub_registry_with_prefix("transport");
        transport.register(
            "outgoing_close_count",
            "Close frames sent",
            m.outgoing_close.clone(),
        );
        let api = r.sub_registry_with_prefix("api");
        api.register(
            "command_duration_seconds_histogram",
            "Server API command duration",
            m.api_duration.clone(),
        );
        api.register(
            "command_errors_total",
            "Server API errors",
            m.api_errors.clone(),
        );
        let rl = r.sub_registry_with_prefix("rate_limit");
        rl.register(
            "hits_over_limit",
            "Commands over a rate limit (dry_run=\"true\": counted, not rejected)",
            m.rate_limit_hits.clone(),
        );
        let push = r.sub_registry_with_prefix("push");
        push.register(
            "notification_count",
            "Push notifications sent to providers, by provider, recipient type, platform, success and error code",
            m.push.notifications.clone(),
        );
        push.register(
            "consuming_inflight_jobs",
            "Provider requests in flight",
            m.push.inflight.clone(),
        );
        let proxy = r.sub_registry_with_prefix("proxy");
        proxy.register(
            "duration_seconds_histogram",
            "Proxy call duration (its count is the number of calls), by protocol, type and proxy name",
            m.proxy.duration.clone(),
        );
        proxy.register(
            "errors",
            "Proxy calls that failed: timeout, refused, a non-200 status or an unreadable body",
            m.proxy.errors.clone(),
        );
        proxy.register(
            "inflight_requests",
            "Proxy calls in flight",
            m.proxy.inflight.clone(),
        );
        Metrics { registry: r, ..m }
    }

    /// Counts `n` messages of `kind` sent into namespace `ns` (`""` = no namespace).
    pub fn sent(&self, kind: &'static str, ns: &str, n: u64) {
        self.messages_sent
            .get_or_create(&TypeLabel {
                r#type: kind,
                channel_namespace: ns.to_string(),
            })
            .inc_by(n);
    }

    /// Counts one message of `kind` received for namespace `ns`.
    pub fn received(&self, kind: &'static str, ns: &str) {
        self.messages_received
            .get_or_create(&TypeLabel {
                r#type: kind,
                channel_namespace: ns.to_string(),
            })
            .inc();
    }

    /// The Prometheus text exposition (classic format, as Centrifugo serves it).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        openmetrics_to_classic(&out)
    }
}

/// Rewrites `OpenMetrics` text into Prometheus' classic text format: counter samples carry the
/// counter's own name (Centrifugo's `centrifugo_node_messages_sent_count`, not `..._total`),
/// so dashboards and alerts written for Centrifugo keep working. `# EOF` is dropped.
fn openmetrics_to_classic(om: &str) -> String {
    let mut counters = std::collections::HashSet::new();
    let mut out = String::with_capacity(om.len());
    for line in om.lines() {
        if line == "# EOF" {
            continue;
        }
        if let Some(name) = line
            .strip_prefix("# TYPE ")
            .and_then(|r| r.strip_suffix(" counter"))
        {
            counters.insert(name.to_string());
        }
        let name_end = line.find(['{', ' ']).unwrap_or(line.len());
        let name = &line[..name_end];
        match name.strip_suffix("_total") {
            Some(base) if !line.starts_with('#') && counters.contains(base) => {
                out.push_str(base);
                out.push_str(&line[name_end..]);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn encodes_centrifugo_names() {
        let m = Metrics::new("0.1.0");
        m.sent("publication", "", 3);
        m.sent("publication", "chat", 2);
        m.num_clients.set(2);
        let text = m.encode();
        assert!(text.contains("centrifugo_node_num_clients 2"), "{text}");
        assert!(
            text.contains(
                "centrifugo_node_messages_sent_count{type=\"publication\",channel_namespace=\"\"} 3"
            ),
            "{text}"
        );
        assert!(text.contains("# TYPE centrifugo_node_messages_sent_count counter"));
        assert!(text.contains(
            "centrifugo_node_messages_sent_count{type=\"publication\",channel_namespace=\"chat\"} 2"
        ));
        assert!(!text.contains("_total"), "{text}");
        assert!(!text.contains("# EOF"));
        assert!(
            text.contains("centrifugo_node_build{version=\"0.1.0\"} 1"),
            "{text}"
        );
    }
}

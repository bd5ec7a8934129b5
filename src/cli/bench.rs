//! `centri bench`: the modes (fanout, pub, connect, idle, churn, map, push, push-floor, floor), their
//! shared flags and the value parsers of those flags. Clap types only: no I/O.

#[allow(clippy::wildcard_imports)] // the parent's clap imports and shared parsers
use super::*;

/// `centri bench` modes.
#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// N subscribers on M channels (client i on channel i mod M); publications through the
    /// HTTP API at a rate or as a burst. Reports deliveries/s, publish→receive latency
    /// (p50/p90/p99/p99.9), missing and duplicate messages (sequence numbers per channel).
    #[command(after_help = "\
Each round publishes one publication into every channel (one /api/publish, or one
/api/broadcast for several channels; --batch K packs K rounds into one /api/batch), so
deliveries/s = rate × clients. The data is {\"n\":SEQ,\"t\":SEND_TIME,\"p\":\"x…\"}, padded to --size.

Examples:
  centri bench fanout --clients 1000 --rate 50 --duration 10s
  centri bench fanout -n 1000 --rate 50 --protobuf --baseline
  centri bench fanout -n 1000 --rate 50 --transports websocket,http_stream,sse
  centri bench fanout -n 100 -m 4 --rate 20 --count 50 --baseline
  centri bench fanout -n 10000 --burst --batch 16 --server-pid 1234 -o json
  centri bench fanout -n 1000 --rate 50 --baseline-url http://127.0.0.1:9100 --baseline-pid 4321")]
    Fanout(BenchFanoutArgs),
    /// Server API publish throughput and request latency (no subscribers).
    #[command(after_help = "\
Examples:
  centri bench pub --rate 1000 --duration 10s
  centri bench pub --burst --concurrency 8 --batch 16 --server-pid 1234 --baseline")]
    Pub(BenchPubArgs),
    /// Connection rate (connect + subscribe, until all are in) and, with --server-pid, the
    /// server's RSS per connection. With --proxy-backend, JWT connects against connects
    /// through the server's connect proxy, in the same run.
    #[command(after_help = "\
With --proxy-backend ADDR the bench serves the connect proxy's backend on ADDR (loopback),
connects every client with its own JWT, then every client again without a token (connect
data {\"user\":\"bench-I\"}), so that the server asks its connect proxy, and reports both runs,
proxied ÷ JWT connects/s, the added connect p99 and the backend's own handling time. The
server's config must point its connect proxy at the bench:
  {\"client\":{\"proxy\":{\"connect\":{\"enabled\":true,\"endpoint\":\"http://ADDR/connect\"}}}}

Examples:
  centri bench connect --clients 1000
  centri bench connect --clients 10000 --server-pid 1234 --baseline
  centri bench connect --clients 2000 --proxy-backend 127.0.0.1:9200 --server-pid 1234")]
    Connect(BenchConnectArgs),
    /// Hold N idle connections (connected and subscribed) for a duration; with --server-pid,
    /// RSS per connection and the server's CPU while idle.
    #[command(after_help = "\
Examples:
  centri bench idle --clients 10000 --duration 30s --server-pid 1234
  centri bench idle --clients 1000 --duration 5s --baseline -o json")]
    Idle(BenchClientsArgs),
    /// A soak: N clients connect, subscribe, read and leave over and over, some vanishing
    /// without a close, some stalling, some sending garbage, while a publisher sends numbered
    /// rounds into every channel. Samples the server's RSS and open descriptors (with
    /// --server-pid) and counts every round a well-behaved client missed.
    #[command(after_help = "\
Each session picks a behaviour: vanish (leaves by a TCP reset or a bare FIN, no close frame),
stall (stops reading for --stall-for; the server must close it), garbage (non-JSON, a
wrong-typed field, a binary or non-UTF-8 frame, a bad command mid-session, or raw bytes
instead of HTTP; the server must answer), or well-behaved (the rest): it reads for a
--lifetime draw, then leaves with a close frame, and must have received every round sent
after its subscribe reply and acknowledged before it left. The shares are per session.

Growth is from the first sample after --warmup to the last one. Exit 9 when a well-behaved
client missed a round, got one twice or was cut off, when garbage went unanswered, or when a
connect failed; 8 when growth is above --max-growth.

Examples:
  centri bench churn -n 1000 -d 60s
  centri bench churn -n 10000 -m 100 -d 10m --server-pid $(pidof centri) --max-growth 5%
  centri bench churn -n 200 --vanish 30% --stall 0 --garbage 20% -o json | jq .totals")]
    Churn(BenchChurnArgs),
    /// Initial state delivery of a map channel against a stream channel delivering the same
    /// bytes, in the same run: K keys are written into a map through the server API, then N
    /// subscribers fetch its state at once as the SDK does (state pages of the largest size the
    /// namespace allows, until the server answers live). The baseline: the same K payloads
    /// published through the API into a stream channel with N subscribers. Reports the wall
    /// time until every subscriber has everything, keys/s, bytes/s, and map ÷ stream.
    #[command(after_help = "\
The server needs a map namespace (--map-namespace, default `map`) and a namespace for the
stream (--stream-namespace; default: channels without a namespace), both open to client
subscribe (\"allow_subscribe_for_client\": true), besides client.token.hmac_secret_key and
http_api.key. The keys must outlive the run: mode persistent, or a key_ttl longer than the
run. Both sides deliver K values of --size bytes to each subscriber: the map as its state
(pages of at most map.max_page_size, 1000 by default), the stream as K publications. The
namespaces of the example below, in channel.namespaces (centri serve --config F):
  {\"name\": \"map\", \"subscription_type\": \"map\", \"map\": {\"mode\": \"persistent\"}}
  {\"name\": \"stream\"}

Each run writes a fresh map channel (MAP_NS:centri-bench-map-PID-TIME) and clears it after.
The stream's publisher keeps at most --stream-window publications ahead of the subscribers
on average, so that the server's per-connection queue (client.queue_max_size, 1 MiB by
default) never overflows; --stream-window 0 publishes as fast as the API answers. Exit 9
when a subscriber missed a key or a publication, got one twice, was disconnected or was not
done by --deadline (the report names what was missing).

Examples:
  centri bench map --stream-namespace stream        # 10000 keys of 100 B, 1000 subscribers
  centri bench map -k 200 -n 20 --map-namespace state --stream-namespace feed -o json
  centri bench map --stream-namespace stream --protobuf --server-pid $(pidof centri)
  centri bench map --stream-namespace stream -k 100000 -n 100 --deadline 5m")]
    Map(BenchMapArgs),
    /// Push sending throughput: a throwaway server (this binary, `SQLite` store) with N devices
    /// per provider on a topic, one `send_push_notification` to it, and loopback FCM and APNs
    /// sinks speaking the real protocols (OAuth 2.0 JWT grant, HTTP/2 over TLS, ES256 tokens).
    /// The floor is a plain client sending the same N requests to the same sinks with the same
    /// concurrency, in the same run. Reports pushes/s and the ratio to the floor, the time from
    /// the API call to the first provider request, and the server's RSS at two sizes.
    #[command(after_help = "\
Nothing leaves the machine: the server, the sinks and the floor run on 127.0.0.1, with a
CA, a service-account key and an APNs key generated for the run. Exit 9 when a device got
no push or two.

Examples:
  centri bench push                       # 100000 devices, and 10000 for the RSS comparison
  centri bench push --devices 20000 --compare-devices 0 --providers apns
  centri bench push -o json | jq .runs")]
    Push(BenchPushArgs),
    /// `bench push`'s floor in a process of its own (started by `bench push`).
    #[command(
        hide = true,
        after_help = "Example (as `bench push` runs it, with the spec it wrote):\n  centri -o json bench push-floor /tmp/centri-bench-push-123/floor-spec.json"
    )]
    PushFloor(BenchPushFloorArgs),
    /// Run the baseline broadcaster (the floor) on its own, e.g. pinned to a core, to drive
    /// with `--baseline-url URL --baseline-pid PID`. Prints `listening on http://ADDR`.
    #[command(after_help = "\
Examples:
  taskset -c 0 centri bench floor --port 9100 &
  centri bench fanout -n 1000 --rate 50 --baseline-url http://127.0.0.1:9100 --baseline-pid $!")]
    Floor(BenchFloorArgs),
}

/// Options every load-generating `bench` mode takes.
#[derive(Debug, Clone, Args)]
pub struct BenchCommon {
    /// The server's PID (same machine): its CPU seconds and RSS from /proc.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// First run the same workload against an in-process baseline broadcaster (the floor) and
    /// report every figure also as a ratio to it. Its CPU is its own thread's; RSS per
    /// connection needs an external floor (--baseline-url).
    #[arg(long, conflicts_with = "baseline_url")]
    pub baseline: bool,
    /// Use this floor instead (`centri bench floor`), e.g. pinned to its own core.
    #[arg(long, value_name = "URL")]
    pub baseline_url: Option<String>,
    /// The external floor's PID, for its CPU seconds and RSS.
    #[arg(long, value_name = "PID", requires = "baseline_url")]
    pub baseline_pid: Option<u32>,
    /// HMAC secret for the subscribers' connection tokens (default: --hmac-secret or the
    /// context's).
    #[arg(
        long,
        value_name = "SECRET",
        hide_env_values = true,
        env = "CENTRI_BENCH_TOKEN_SECRET"
    )]
    pub token_secret: Option<String>,
    /// Channel names are PREFIX0, PREFIX1, ...
    #[arg(long, value_name = "PREFIX", default_value = "bench-")]
    pub channel_prefix: String,
    /// Publish through this server's API instead of --server's: another node of the same
    /// cluster (Redis engine), to measure cross-node fan-out.
    #[arg(long, value_name = "URL")]
    pub publish_via: Option<String>,
    /// WebSocket handshakes in flight while connecting.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub connect_concurrency: u32,
    /// A gate for CI: exit 8 when the server's RSS per connection is above SIZE (`51200`,
    /// `50K`, `50KiB`; K = 1024). Needs --server-pid.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, requires = "server_pid")]
    pub max_rss_per_conn: Option<u64>,
    /// Subscribers speak the Protobuf client protocol (binary WebSocket frames), as the
    /// mobile SDKs do. The floor (--baseline) stays JSON: ratios are this server in Protobuf
    /// against the JSON floor.
    #[arg(long)]
    pub protobuf: bool,
    /// The subscribers' transport: `websocket`, or bidirectional emulation over `http_stream`
    /// or `sse` (JSON only; the server must enable them). A list (fanout only, e.g.
    /// `websocket,http_stream,sse`) runs the workload once per transport against the same
    /// server and gives every figure also as a ratio to the first transport's.
    #[arg(
        long = "transport",
        visible_alias = "transports",
        value_enum,
        value_delimiter = ',',
        default_values_t = [SubTransport::Websocket],
        value_name = "T"
    )]
    pub transports: Vec<SubTransport>,
}

/// Parses a byte size: `51200`, `50K`, `50KB`, `50KiB`, `1M` (K and M are powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        _ => {
            return Err(format!(
                "expected a size such as 51200, 50K or 50KiB, got {s:?}"
            ))
        }
    };
    match num.parse::<u64>().ok().and_then(|n| n.checked_mul(mult)) {
        Some(v) if v > 0 => Ok(v),
        _ => Err(format!(
            "expected a positive size such as 51200, 50K or 50KiB, got {s:?}"
        )),
    }
}

/// How fast to publish: `--rate R` or `--burst`.
#[derive(Debug, Clone, Args)]
pub struct BenchPublishOpts {
    /// Publications per second per channel (`50`, `50/s`); default 10.
    #[arg(long, short = 'r', value_parser = parse_rate, conflicts_with = "burst", value_name = "R")]
    pub rate: Option<f64>,
    /// Publish as fast as the API answers (see --batch and --concurrency).
    #[arg(long)]
    pub burst: bool,
    /// How long to publish.
    #[arg(long, short = 'd', value_parser = parse_duration, default_value = "5s", value_name = "D")]
    pub duration: Duration,
    /// Stop after N publications per channel (or at --duration, whichever is first).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Bytes of publication data (JSON, padded).
    #[arg(long, value_name = "B", default_value_t = 100, value_parser = clap::value_parser!(u32).range(0..=1_048_576))]
    pub size: u32,
    /// Rounds per API request (`/api/batch` when above 1); default 1, or 16 with --burst.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub batch: Option<u64>,
    /// API requests in flight.
    #[arg(long, value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
}

#[derive(Debug, Args)]
pub struct BenchFanoutArgs {
    /// Subscribers.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub clients: u64,
    /// Channels (client i subscribes to channel i mod M).
    #[arg(long, short = 'm', value_name = "M", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub channels: u64,
    #[command(flatten)]
    pub publish: BenchPublishOpts,
    /// After the last publication, wait at most this long for deliveries.
    #[arg(long, value_parser = parse_duration, default_value = "5s", value_name = "D")]
    pub drain: Duration,
    #[command(flatten)]
    pub common: BenchCommon,
}

#[derive(Debug, Args)]
pub struct BenchPubArgs {
    /// Channels (each round publishes into every one).
    #[arg(long, short = 'm', value_name = "M", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub channels: u64,
    #[command(flatten)]
    pub publish: BenchPublishOpts,
    #[command(flatten)]
    pub common: BenchCommon,
}

#[derive(Debug, Args)]
pub struct BenchClientsArgs {
    /// Connections (each subscribes to one channel).
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub clients: u64,
    /// Channels (client i subscribes to channel i mod M).
    #[arg(long, short = 'm', value_name = "M", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub channels: u64,
    /// How long to hold the connections (idle; connect holds them only to measure).
    #[arg(long, short = 'd', value_parser = parse_duration, default_value = "10s", value_name = "D")]
    pub duration: Duration,
    #[command(flatten)]
    pub common: BenchCommon,
}

#[derive(Debug, Args)]
pub struct BenchConnectArgs {
    #[command(flatten)]
    pub clients: BenchClientsArgs,
    /// Serve the server's connect-proxy backend on ADDR (loopback HOST:PORT) and measure
    /// connects through it after the JWT ones; the server's client.proxy.connect.endpoint
    /// must name ADDR, with the path /connect.
    #[arg(long, value_name = "ADDR", value_parser = parse_loopback_addr)]
    pub proxy_backend: Option<std::net::SocketAddr>,
    /// Connect again with N blocked users, N revoked tokens and N invalidated users in force
    /// (set through the server API for 5 minutes, other users than the bench's; the blocks
    /// are lifted after), and report connects/s with them on ÷ off.
    #[arg(long, value_name = "N", conflicts_with = "proxy_backend",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub access_controls: Option<u32>,
}

/// A loopback `HOST:PORT` with a port (`localhost` is 127.0.0.1).
pub fn parse_loopback_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    let s = s.trim();
    let addr = match s.strip_prefix("localhost:") {
        Some(port) => port
            .parse::<u16>()
            .ok()
            .map(|p| std::net::SocketAddr::from(([127, 0, 0, 1], p))),
        None => s.parse().ok(),
    };
    let Some(addr) = addr else {
        return Err("expected a loopback HOST:PORT, e.g. 127.0.0.1:9200 or [::1]:9200".into());
    };
    if !addr.ip().is_loopback() {
        return Err(format!(
            "{} is not a loopback address: the backend listens on 127.0.0.0/8 or [::1] only",
            addr.ip()
        ));
    }
    if addr.port() == 0 {
        return Err("give a port: the server's client.proxy.connect.endpoint must name it".into());
    }
    Ok(addr)
}

#[derive(Debug, Args)]
pub struct BenchChurnArgs {
    /// Client slots, each one connection at a time.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub clients: u64,
    /// Channels (slot i subscribes to channel i mod M).
    #[arg(long, short = 'm', value_name = "M", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub channels: u64,
    /// How long to churn.
    #[arg(long, short = 'd', value_parser = parse_duration, default_value = "60s", value_name = "D")]
    pub duration: Duration,
    /// How long a session lasts: a uniform draw from MIN..MAX (`2s..10s`), or one duration.
    #[arg(long, value_parser = parse_duration_range, default_value = "2s..10s", value_name = "MIN..MAX")]
    pub lifetime: (Duration, Duration),
    /// Share of sessions that vanish without a close frame (`10%` or `0.1`).
    #[arg(long, value_parser = parse_share, default_value = "10%", value_name = "P")]
    pub vanish: f64,
    /// Share of sessions that stop reading.
    #[arg(long, value_parser = parse_share, default_value = "5%", value_name = "P")]
    pub stall: f64,
    /// Share of sessions that send garbage.
    #[arg(long, value_parser = parse_share, default_value = "5%", value_name = "P")]
    pub garbage: f64,
    /// How long a stalled session stops reading (longer than the server's ping interval plus
    /// pong timeout, 25s + 8s by default, so that the server closes it).
    #[arg(long, value_parser = parse_duration, default_value = "40s", value_name = "D")]
    pub stall_for: Duration,
    /// Rounds per second (each round publishes into every channel).
    #[arg(long, short = 'r', value_parser = parse_rate, default_value = "2", value_name = "R")]
    pub rate: f64,
    /// Bytes of publication data.
    #[arg(long, value_name = "B", default_value_t = 100, value_parser = clap::value_parser!(u32).range(0..=65_536))]
    pub size: u32,
    /// Sample the server (and the clients' counters) this often (default: 10s, or a quarter
    /// of a shorter --duration).
    #[arg(long, value_parser = parse_duration, value_name = "D")]
    pub sample: Option<Duration>,
    /// Growth is measured from the first sample after this (default: a fifth of --duration).
    #[arg(long, value_parser = parse_duration, value_name = "D")]
    pub warmup: Option<Duration>,
    /// A gate for CI: exit 8 when the server's RSS or open descriptors grow by more than P
    /// after the warm-up (`5%`). Needs --server-pid.
    #[arg(long, value_parser = parse_share, value_name = "P", requires = "server_pid")]
    pub max_growth: Option<f64>,
    /// The server's PID (same machine): RSS and open descriptors from /proc.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// HMAC secret for the connection tokens (default: --hmac-secret or the context's).
    #[arg(
        long,
        value_name = "SECRET",
        hide_env_values = true,
        env = "CENTRI_BENCH_TOKEN_SECRET"
    )]
    pub token_secret: Option<String>,
    /// Channel names are PREFIX0, PREFIX1, ...
    #[arg(long, value_name = "PREFIX", default_value = "churn-")]
    pub channel_prefix: String,
    /// Publish through this server's API instead of --server's (another node).
    #[arg(long, value_name = "URL")]
    pub publish_via: Option<String>,
    /// WebSocket handshakes in flight.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub connect_concurrency: u32,
    /// Seed of the behaviour and lifetime draws (default: from the clock; the report gives it).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// Parses a share: `10%`, `0.1`, `0`; between 0 and 1.
pub fn parse_share(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| format!("expected a share such as 10% or 0.1, got {s:?}"))?;
    if !(0.0..=1.0).contains(&v) || !v.is_finite() {
        return Err(format!("a share is between 0% and 100%, got {s:?}"));
    }
    Ok(v)
}

/// Parses `MIN..MAX` (two durations, MIN ≤ MAX) or one duration.
pub fn parse_duration_range(s: &str) -> Result<(Duration, Duration), String> {
    let (lo, hi) = if let Some((a, b)) = s.split_once("..") {
        (parse_duration(a.trim())?, parse_duration(b.trim())?)
    } else {
        let d = parse_duration(s.trim())?;
        (d, d)
    };
    if lo > hi {
        return Err(format!("{s:?}: MIN is above MAX"));
    }
    if lo.is_zero() {
        return Err(format!("{s:?}: a session lasts more than 0s"));
    }
    Ok((lo, hi))
}

#[derive(Debug, Args)]
pub struct BenchMapArgs {
    /// Keys in the map (the stream gets as many publications).
    #[arg(long, short = 'k', value_name = "K", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub keys: u64,
    /// Bytes of each value (and of each publication's data): JSON, padded to exactly B.
    #[arg(long, value_name = "B", default_value_t = 100, value_parser = clap::value_parser!(u32).range(64..=65_536))]
    pub size: u32,
    /// Subscribers on each side.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub clients: u64,
    /// The map channel's namespace: `subscription_type` "map", open to client subscribe.
    #[arg(long, value_name = "NS", default_value = "map")]
    pub map_namespace: String,
    /// The stream channel's namespace (default: channels without a namespace).
    #[arg(long, value_name = "NS")]
    pub stream_namespace: Option<String>,
    /// Entries per state page asked for (default: the largest the namespace allows; the server
    /// clamps what is asked between the namespace's `map.min_page_size` and `max_page_size`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub page_size: Option<u32>,
    /// Keys (and publications) per `/api/batch` request, to fill the map and to publish.
    #[arg(long, value_name = "K", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub batch: u64,
    /// API requests in flight.
    #[arg(long, value_name = "C", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
    /// Publications the stream's publisher may be ahead of its subscribers, on average
    /// (default: 256 KiB of them; 0: no limit). At least --batch.
    #[arg(long, value_name = "N")]
    pub stream_window: Option<u64>,
    /// Each phase (filling, connecting, delivering) must be done within D, or the run stops
    /// and fails naming what was missing.
    #[arg(long, value_parser = parse_duration, default_value = "2m", value_name = "D")]
    pub deadline: Duration,
    /// Subscribers speak the Protobuf client protocol (binary WebSocket frames).
    #[arg(long)]
    pub protobuf: bool,
    /// The server's PID (same machine): its CPU seconds per side, from /proc.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
    /// HMAC secret for the subscribers' connection tokens (default: --hmac-secret or the
    /// context's).
    #[arg(
        long,
        value_name = "SECRET",
        hide_env_values = true,
        env = "CENTRI_BENCH_TOKEN_SECRET"
    )]
    pub token_secret: Option<String>,
    /// WebSocket handshakes in flight while connecting.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub connect_concurrency: u32,
}

/// `centri bench push-floor SPEC`.
#[derive(Debug, Args)]
pub struct BenchPushFloorArgs {
    /// The floor's work, as `bench push` writes it (JSON).
    pub spec: std::path::PathBuf,
}

/// A provider `centri bench push` measures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BenchPushProvider {
    Fcm,
    Apns,
}

#[derive(Debug, Args)]
pub struct BenchPushArgs {
    /// Devices per provider, all on one topic.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub devices: u64,
    /// A second, smaller run first, to compare the server's RSS against (0: none).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub compare_devices: u64,
    /// The providers to send to.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [BenchPushProvider::Fcm, BenchPushProvider::Apns])]
    pub providers: Vec<BenchPushProvider>,
    /// Provider requests in flight: the server's `push_notifications.concurrency` and the
    /// floor's.
    #[arg(long, value_name = "C", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub concurrency: u32,
    /// Sends per provider and size, each followed by the floor's; the best round of each side
    /// is compared.
    #[arg(long, value_name = "R", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub rounds: u32,
    /// Keep the run's directory (config, keys, server log and database) and print its path.
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Args)]
pub struct BenchFloorArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = 0)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, short = 'a', default_value = "127.0.0.1")]
    pub address: String,
    /// Stop after this long (default: at Ctrl-C or SIGTERM).
    #[arg(long, value_parser = parse_duration, value_name = "D")]
    pub duration: Option<Duration>,
}

/// Parses a rate: `50`, `50/s`, `0.5`; positive and finite.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let n = s.trim().trim_end_matches("/s");
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!(
            "expected a positive number per second, e.g. 50 or 50/s, got {s:?}"
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn shares_and_lifetimes_parse() {
        assert!((parse_share("10%").unwrap() - 0.1).abs() < 1e-12);
        assert!((parse_share("0.25").unwrap() - 0.25).abs() < 1e-12);
        assert!(parse_share("0").unwrap().abs() < 1e-12);
        assert!((parse_share(" 100 % ").unwrap() - 1.0).abs() < 1e-12);
        for bad in ["", "-1%", "101%", "1.5", "NaN", "ten", "%"] {
            assert!(parse_share(bad).is_err(), "{bad}");
        }
        let s = Duration::from_secs;
        assert_eq!(parse_duration_range("2s..10s").unwrap(), (s(2), s(10)));
        assert_eq!(parse_duration_range("3s").unwrap(), (s(3), s(3)));
        assert_eq!(
            parse_duration_range("300ms .. 1s").unwrap(),
            (Duration::from_millis(300), s(1))
        );
        for bad in ["10s..2s", "0s..1s", "..", "2s..", "soon"] {
            assert!(parse_duration_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn churn_flags() {
        let parse = |args: &[&str]| {
            let mut all = vec!["centri", "bench", "churn"];
            all.extend_from_slice(args);
            Cli::try_parse_from(all)
        };
        let cli = parse(&["-n", "10", "--stall", "0", "--lifetime", "1s..2s"]).unwrap();
        let Command::Bench(BenchCmd::Churn(a)) = cli.command else {
            panic!("not churn");
        };
        assert_eq!(a.clients, 10);
        assert!(a.stall.abs() < 1e-12 && (a.vanish - 0.1).abs() < 1e-12);
        assert_eq!(a.lifetime, (Duration::from_secs(1), Duration::from_secs(2)));
        assert!(a.sample.is_none() && a.warmup.is_none());
        // The growth gate needs the server's PID; shares and counts are checked.
        assert!(parse(&["--max-growth", "5%"]).is_err());
        assert!(parse(&["--max-growth", "5%", "--server-pid", "1"]).is_ok());
        assert!(parse(&["--garbage", "2"]).is_err());
        assert!(parse(&["-n", "0"]).is_err());
    }
}

//! The command line, as clap derive types: parsing, help and completions come from here.
//! No I/O; nothing below `commands` sees these types.

use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod proxy;
mod push;
pub use proxy::{parse_header, ClientProtocol, ProxyCheckArgs, ProxyCmd, ProxyKind};
pub use push::{
    Known, L10n, PushCmd, PushDeviceCmd, PushSendArgs, PushTopicCmd, SendAt, TopicOwner,
};

const EXAMPLES: &str = "\
Examples:
  centri serve --dev                          start a local server; prints keys and a token
  centri context add local --server http://127.0.0.1:8000 --api-key KEY --hmac-secret S
  centri pub chat:index '{\"text\":\"hello\"}'     publish through the server API
  centri channel history chat:index --limit 5
  centri token gen --user 42 --ttl 1h
  centri channel ls -o json | jq .             JSON when piped, tables on a terminal";

/// Admin and diagnostics for real-time messaging, with a Centrifugo v6 compatible server.
#[derive(Debug, Parser)]
#[command(name = "centri", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Ndjson,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Flags every command takes. Precedence: flag > environment > context > default.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Named context to use (see `centri context`).
    #[arg(
        short = 'C',
        long,
        env = "CENTRI_CONTEXT",
        global = true,
        value_name = "NAME"
    )]
    pub context: Option<String>,
    /// Server URL, e.g. `http://127.0.0.1:8000` (`HOST:PORT` means `http://HOST:PORT`).
    #[arg(
        short = 's',
        long,
        env = "CENTRI_SERVER",
        global = true,
        value_name = "URL"
    )]
    pub server: Option<String>,
    /// Server API key (`http_api.key`).
    #[arg(
        long,
        env = "CENTRI_API_KEY",
        global = true,
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<String>,
    /// Admin key (admin endpoints).
    #[arg(
        long,
        env = "CENTRI_ADMIN_KEY",
        global = true,
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub admin_key: Option<String>,
    /// HMAC secret used to mint tokens (`client.token.hmac_secret_key`).
    #[arg(
        long,
        env = "CENTRI_HMAC_SECRET",
        global = true,
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub hmac_secret: Option<String>,
    /// Output format: table on a terminal, json when piped.
    #[arg(short = 'o', long, env = "CENTRI_OUTPUT", global = true, value_enum)]
    pub output: Option<OutputFormat>,
    /// Request timeout, e.g. 5s, 500ms.
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,
    /// Colour: auto (honours `NO_COLOR` and `CLICOLOR_FORCE`), always, never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Never prompt (on by itself when stdin is not a terminal or CI is set).
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Answer yes to confirmations.
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// Print only data, no notices.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More logging (-v: debug; -vv: each HTTP request and its timing, API key masked).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

/// Parses a duration like `5s`, `500ms`, `1h30m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim()).map_err(|e| format!("{e} (use e.g. 5s, 500ms, 1h30m)"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bundled Centrifugo-compatible server.
    #[command(after_help = "\
Examples:
  centri serve --dev                            keys kept in the data directory across restarts
  centri serve --dev --rotate-dev-keys          new keys
  centri serve --dev --port 0                   any free port
  centri serve --config config.json --port 8000
  CENTRIFUGO_HTTP_API_KEY=secret centri serve --config config.json")]
    Serve(ServeArgs),
    /// Live terminal dashboard: nodes and rates, channels, connections, a live trace, rate
    /// limits (editable), user status, permission explain and push devices, over the same API
    /// as the CLI.
    #[command(after_help = "\
Keys: Tab/Shift-Tab views, : command, / filter, Enter drill down, Esc back, p pause, ? help, q quit
Commands: :trace user 42 | :trace channel chat:x | :conn user=42 | :conn label=k=v
          :users 1,2,3 | :explain subscribe 42 chat:x | :push user 42

Examples:
  centri dash                                  the current context (`centri serve --dev` saves one)
  centri dash --refresh 2s --view trace
  centri dash -C prod --read-only --log-file /tmp/dash.log")]
    Dash(DashArgs),
    /// Publish into a channel through the server API.
    #[command(after_help = "\
Examples:
  centri pub chat:index '{\"text\":\"hi\"}'
  echo '{\"text\":\"hi\"}' | centri pub chat:index -
  centri pub chat:index @message.json
  centri pub chat:index '{\"n\":{{ n }}}' --count 100      {{ n }} counts 1..100")]
    Pub(PubArgs),
    /// Publish the same data into several channels.
    #[command(after_help = "\
Examples:
  centri broadcast chat:a chat:b '{\"text\":\"hi\"}'
  centri broadcast chat:a chat:b --data @message.json")]
    Broadcast(BroadcastArgs),
    /// Channels: list, presence, stats, history, history removal, resolution.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri channel ls --pattern 'chat:*'
  centri channel history chat:index --limit 5
  centri channel presence chat:index
  centri channel resolve news:1               which namespace and options apply"
    )]
    Channel(ChannelCmd),
    /// Users: status (online, active, away), touch, forget, disconnect.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri user status 42 43
  centri user touch 42 --state busy
  centri user disconnect 42 -y"
    )]
    User(UserCmd),
    /// Subscribe as a real WebSocket client (protocol v2) and print what arrives.
    #[command(after_help = "\
Examples:
  centri sub chat:index                         mints a token from the HMAC secret
  centri sub chat:index news --user 42 --count 10 -o ndjson
  centri sub chat:index --recover --since 12:EPOCH
  centri sub chat:index --token eyJ... --duration 30s --timestamps")]
    Sub(SubArgs),
    /// Live trace of everything that touches a user or a channel.
    #[command(
        subcommand,
        after_help = "\
Exit: 0 when --count or --duration ends it, 130 on Ctrl-C (after a summary line).

Examples:
  centri trace user 42
  centri trace channel chat:index --count 10 -o ndjson
  centri trace user 42 --record trace.ndjson
  centri trace replay trace.ndjson --filter 'type == \"publication\"'"
    )]
    Trace(TraceCmd),
    /// Connections: list, inspect, disconnect.
    #[command(
        subcommand,
        after_help = "\
A CLIENT may be any unique prefix of a client ID, such as the 8 characters `trace` shows.

Examples:
  centri conn ls --user 42
  centri conn show 8bbe3fec
  centri conn disconnect 8bbe3fec -y"
    )]
    Conn(ConnCmd),
    /// Nodes: list with their numbers, health.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri node ls
  centri node ls --watch 2s
  centri node health"
    )]
    Node(NodeCmd),
    /// Call any server API method with a raw JSON body.
    #[command(after_help = "\
Examples:
  centri api info
  centri api publish '{\"channel\":\"chat:index\",\"data\":{}}'
  echo '{\"channel\":\"chat:index\"}' | centri api history -")]
    Api(ApiArgs),
    /// Operation rate limits: view, edit live, dry-run, history, offline simulation.
    #[command(
        subcommand,
        visible_alias = "rl",
        after_help = "\
Examples:
  centri ratelimit show
  centri ratelimit set client_command.publish=10/1s
  centri ratelimit dry-run on
  centri ratelimit simulate --command publish --rate 50/s --config config.json"
    )]
    Ratelimit(RatelimitCmd),
    /// Push notification registry (Centrifugo PRO's device and topic API): devices and the
    /// topics of devices and users.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri push device register --provider fcm --platform android --token T --user 42
  centri push device ls --user 42
  centri push device ls --provider apns --count
  centri push topic add --user 42 news sport
  centri push device rm --user 42 -y"
    )]
    Push(PushCmd),
    /// Why a user may or may not subscribe, publish, read history or presence on a channel:
    /// the server's ordered permission checks, with the one that decided. Exit 0 allowed,
    /// 8 denied.
    #[command(after_help = "\
Examples:
  centri explain subscribe --user 42 --channel chat:room
  centri explain publish --user 42 --channel chat:room --subscribed
  centri explain subscribe --channel news:1 --token eyJ...      caps from the token
  centri explain history --user 42 --channel chat:room --config config.json   offline")]
    Explain(ExplainArgs),
    /// Proxies to the application backend: check a backend's side of the contract with the
    /// exact requests the server sends (HTTP or GRPC).
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri proxy check connect --endpoint http://127.0.0.1:3000/centrifugo/connect
  centri proxy check subscribe --config config.json --user 42 --channel chat:room
  centri proxy check rpc --endpoint grpc://127.0.0.1:10001 --method ping -o json"
    )]
    Proxy(ProxyCmd),
    /// Load generator: real WebSocket subscribers (protocol v2, minted tokens) and API
    /// publishers; deliveries/s, latency percentiles, missing and duplicate messages, server
    /// CPU and RSS, each also as a ratio to a baseline broadcaster run in the same invocation.
    #[command(
        subcommand,
        after_help = "\
Exit: 0 complete, 9 when messages were missing or duplicated (counts shown), 130 on Ctrl-C.

Examples:
  centri bench fanout --clients 1000 --rate 50 --duration 10s --baseline
  centri bench fanout -n 10000 -m 10 --burst --batch 16 --server-pid 1234
  centri bench pub --burst --concurrency 8 --duration 5s -o json
  centri bench connect --clients 10000 --server-pid 1234
  centri bench idle --clients 10000 --duration 30s --server-pid 1234"
    )]
    Bench(BenchCmd),
    /// Mint, check and decode JWTs (HMAC, RSA, ECDSA).
    #[command(
        subcommand,
        after_help = "\
`gen` and `sub` print the bare token when piped, so TOKEN=$(centri token gen --user 42) works;
-o json prints it as JSON.

Examples:
  centri token gen --user 42 --ttl 1h
  centri token sub --user 42 --channel '$private:x'
  centri token check eyJ... --channel chat:x
  centri token decode eyJ..."
    )]
    Token(TokenCmd),
    /// Named connection settings (server, keys) in a 0600 file.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri context add prod --server https://rt.example.com --api-key KEY
  centri context use prod
  centri context ls
  centri -C staging node ls                   one command in another context"
    )]
    Context(ContextCmd),
    /// Create, validate and show Centrifugo v6 config files.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri config init config.json
  centri config check config.json --strict
  centri config show config.json"
    )]
    Config(ConfigCmd),
    /// What a client, API, unsubscribe or disconnect code means.
    #[command(after_help = "Examples:\n  centri codes\n  centri codes 3501")]
    Codes(CodesArgs),
    /// Check reachability, auth, version, latency and clock skew of a server.
    #[command(after_help = "Example:\n  centri doctor -s http://127.0.0.1:8000 --api-key KEY")]
    Doctor,
    /// Print a shell completion script.
    #[command(after_help = "Example:\n  centri completions zsh > ~/.zfunc/_centri")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the version.
    #[command(after_help = "Example:\n  centri version")]
    Version,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A Centrifugo v6 JSON config file.
    #[arg(short, long, value_name = "FILE", env = "CENTRI_CONFIG")]
    pub config: Option<String>,
    /// Port to listen on (0 picks a free one); overrides `http_server.port`.
    #[arg(short, long)]
    pub port: Option<u16>,
    /// Address to bind; overrides `http_server.address`.
    #[arg(short, long)]
    pub address: Option<String>,
    /// INSECURE development mode: made-up keys, every channel open to every client,
    /// 127.0.0.1 only. The keys are kept in the data directory (`dev-keys.json`) and reused
    /// on the next start, so tokens and contexts keep working across restarts.
    #[arg(long)]
    pub dev: bool,
    /// With --dev: mint new keys instead of reusing the kept ones (deleting `dev-keys.json`
    /// in the data directory does the same).
    #[arg(long, requires = "dev")]
    pub rotate_dev_keys: bool,
    /// Where live edits (rate limits) and --dev's keys persist. Default: `<config>.centri-data` beside the
    /// config file, or `$XDG_STATE_HOME/centri` without one.
    #[arg(long, value_name = "DIR", env = "CENTRI_DATA_DIR")]
    pub data_dir: Option<std::path::PathBuf>,
}

/// The dashboard's first view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DashView {
    Overview,
    Channels,
    Connections,
    Trace,
    Ratelimits,
    Users,
    Explain,
    Push,
}

#[derive(Debug, Args)]
pub struct DashArgs {
    /// How often to poll the server.
    #[arg(long, value_parser = parse_duration, default_value = "1s", value_name = "INTERVAL")]
    pub refresh: Duration,
    /// The view to open with.
    #[arg(long, value_enum, default_value = "overview")]
    pub view: DashView,
    /// Turn off every key that changes the server (rate-limit edits, dry-run, disconnect).
    #[arg(long)]
    pub read_only: bool,
    /// Where to log (default: `$XDG_STATE_HOME/centri/dash.log`); never to the screen.
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The operation.
    #[arg(value_parser = ["subscribe", "publish", "history", "presence"])]
    pub op: String,
    /// The user ID (taken from --token when given; empty = anonymous).
    #[arg(long, short = 'u', default_value = "")]
    pub user: String,
    /// The channel.
    #[arg(long, short = 'c')]
    pub channel: String,
    /// A connection token: its user and `caps` count.
    #[arg(long, value_name = "JWT")]
    pub token: Option<String>,
    /// A subscription token for the channel.
    #[arg(long, value_name = "JWT")]
    pub sub_token: Option<String>,
    /// Treat the client as subscribed (publish/history/presence). Default: as a live
    /// connection of the user is on the server; offline, not subscribed.
    #[arg(long, conflicts_with = "not_subscribed")]
    pub subscribed: bool,
    /// Treat the client as not subscribed.
    #[arg(long)]
    pub not_subscribed: bool,
    /// Decide offline against this config file instead of asking the server.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
}

/// Publication options shared by `pub` and `broadcast`.
#[derive(Debug, Clone, Args)]
pub struct PublishOpts {
    /// Tags, repeatable: --tags k=v.
    #[arg(long = "tags", value_name = "K=V", value_parser = parse_kv)]
    pub tags: Vec<(String, String)>,
    /// Do not store the publication in history.
    #[arg(long)]
    pub skip_history: bool,
    /// De-duplicate retries with this key (5 minutes).
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
    /// May go as a fossil delta to subscribers that negotiated delta compression (see
    /// `centri sub --delta`).
    #[arg(long)]
    pub delta: bool,
}

/// Parses `k=v`.
pub fn parse_kv(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got {s:?}")),
    }
}

#[derive(Debug, Args)]
pub struct PubArgs {
    /// The channel.
    pub channel: String,
    /// JSON data, `@file`, or `-` for stdin (the default when stdin is piped).
    pub data: Option<String>,
    /// Publish N times; `{{ n }}` in the data becomes 1..N.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub count: u32,
    #[command(flatten)]
    pub opts: PublishOpts,
}

#[derive(Debug, Args)]
pub struct BroadcastArgs {
    /// Channels, then the data (JSON, `@file` or `-`) unless --data is given.
    #[arg(required = true, num_args = 1.., value_name = "CHANNEL... DATA")]
    pub args: Vec<String>,
    /// The data (JSON, `@file` or `-`); then every positional argument is a channel.
    #[arg(long)]
    pub data: Option<String>,
    #[command(flatten)]
    pub opts: PublishOpts,
}

#[derive(Debug, Subcommand)]
pub enum ChannelCmd {
    /// Channels with subscribers (cluster-wide).
    #[command(
        after_help = "Examples:\n  centri channel ls\n  centri channel ls --pattern 'chat:*' -o json"
    )]
    Ls {
        /// Glob pattern, e.g. `chat:*`.
        #[arg(long, short = 'p')]
        pattern: Option<String>,
    },
    /// Who is subscribed (needs presence on in the namespace).
    #[command(after_help = "Example:\n  centri channel presence chat:index")]
    Presence { channel: String },
    /// Number of clients and unique users subscribed.
    #[command(after_help = "Example:\n  centri channel stats chat:index")]
    Stats { channel: String },
    /// Publications kept in history.
    #[command(
        after_help = "Examples:\n  centri channel history chat:index --limit 10\n  centri channel history chat:index --since 5:EPOCH\n  centri channel history chat:index --limit 3 --reverse"
    )]
    History {
        channel: String,
        /// How many (-1: all kept; default 10).
        #[arg(long, short = 'l', default_value_t = 10, allow_negative_numbers = true)]
        limit: i32,
        /// Only after this position: OFFSET or OFFSET:EPOCH.
        #[arg(long)]
        since: Option<String>,
        /// Newest first.
        #[arg(long)]
        reverse: bool,
    },
    /// Remove a channel's history (the stream position stays). Asks first.
    #[command(
        name = "history-rm",
        after_help = "Example:\n  centri channel history-rm chat:index -y"
    )]
    HistoryRm { channel: String },
    /// Namespace and effective options of a channel, from the server or a config file.
    #[command(
        after_help = "Examples:\n  centri channel resolve chat:index\n  centri channel resolve chat:index --config config.json"
    )]
    Resolve {
        channel: String,
        /// Resolve offline against this Centrifugo config instead of asking the server.
        #[arg(long, short = 'c', value_name = "FILE", env = "CENTRI_CONFIG")]
        config: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Online, active and away status of users (needs `user_status.enabled` on the server).
    #[command(after_help = "\
A user is `online` when the server saw a live connection within --online-within and the user
was active (update_user_status) within --away-after, or was never reported active: a user who
has just connected reads `online (no activity yet)` until the app calls update_user_status.
`away` is online but last active longer than --away-after ago; else `offline`.

Examples:
  centri user status 42
  centri user status 42 43 --away-after 10m
  centri user status 42 -o json | jq '.statuses[0].status'")]
    Status {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
        /// Online but last active longer than this ago is `away`.
        #[arg(long, value_parser = parse_duration, default_value = "5m", value_name = "DURATION")]
        away_after: Duration,
        /// A user seen connected within this long is online (the server refreshes `online`
        /// every `user_status.online_interval`, 25s by default).
        #[arg(long, value_parser = parse_duration, default_value = "60s", value_name = "DURATION")]
        online_within: Duration,
    },
    /// Mark users active now (`update_user_status`), optionally setting their state.
    #[command(after_help = "\
Examples:
  centri user touch 42
  centri user touch 42 43 --state busy")]
    Touch {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
        /// A free-form state to store with the status.
        #[arg(long)]
        state: Option<String>,
    },
    /// Forget users' statuses (`delete_user_status`). Asks first.
    #[command(after_help = "\
Examples:
  centri user forget 42
  centri user forget 42 43 -y")]
    Forget {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
    },
    /// Disconnect every connection of a user. Asks first.
    #[command(
        after_help = "Examples:\n  centri user disconnect 42\n  centri user disconnect 42 --code 3011 --reason reconnect -y"
    )]
    Disconnect {
        user: String,
        /// Disconnect code (default 3503 force disconnect: no reconnect).
        #[arg(long)]
        code: Option<u32>,
        /// Reason sent with the code.
        #[arg(long, default_value = "")]
        reason: String,
        /// Only this client ID (or a unique prefix of it).
        #[arg(long)]
        client: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SubArgs {
    /// Channels to subscribe to.
    #[arg(required = true)]
    pub channels: Vec<String>,
    /// User to mint a connection token for (needs the HMAC secret); default `centri-cli`.
    #[arg(long, short = 'u', conflicts_with = "token")]
    pub user: Option<String>,
    /// A ready connection token instead of minting one.
    #[arg(long)]
    pub token: Option<String>,
    /// Recover missed publications (with --since, from that position).
    #[arg(long)]
    pub recover: bool,
    /// Recover from OFFSET[:EPOCH] (implies --recover).
    #[arg(long, value_name = "OFFSET[:EPOCH]")]
    pub since: Option<String>,
    /// Stop after N publications.
    #[arg(long)]
    pub count: Option<u64>,
    /// Stop after this long; exit 3 if nothing (or fewer than --count) arrived.
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// Prefix each line with the local receive time.
    #[arg(long)]
    pub timestamps: bool,
    /// Server-side tags filter: only publications whose tags match, `key=value`,
    /// `key!=value` or `key` (present); repeat to require all. The channel's namespace needs
    /// `allow_tags_filter`.
    #[arg(long, value_name = "KEY[=VALUE]", value_parser = parse_label)]
    pub tag: Vec<crate::proto::filter_node::FilterNode>,
    /// Ask for fossil delta compression (the namespace needs `allowed_delta_types`):
    /// publications are shown decoded, and the summary says how much the deltas saved.
    #[arg(long, conflicts_with = "tag")]
    pub delta: bool,
    /// Speak the Protobuf client protocol (binary frames), as the mobile SDKs do; the output
    /// is the same.
    #[arg(long)]
    pub protobuf: bool,
    /// The transport: WebSocket, or bidirectional emulation over HTTP streaming or SSE (as
    /// centrifuge-js falls back to when WebSocket is blocked; the server must enable it).
    #[arg(long, value_enum, default_value_t = SubTransport::Websocket)]
    pub transport: SubTransport,
}

/// `centri sub --transport` and `centri bench --transport`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SubTransport {
    Websocket,
    #[value(name = "http_stream")]
    HttpStream,
    Sse,
}

/// Options of a live trace.
#[derive(Debug, Clone, Args)]
pub struct TraceOpts {
    /// Only events matching this expression, e.g. `type == "publication" && channel ~ "chat:*"`.
    #[arg(long)]
    pub filter: Option<String>,
    /// Stop after N events.
    #[arg(long)]
    pub count: Option<u64>,
    /// Stop after this long.
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// Also append every event to FILE (NDJSON), for `centri trace replay`.
    #[arg(long, value_name = "FILE")]
    pub record: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TraceCmd {
    /// Everything a user's connections do and receive.
    #[command(after_help = "\
Examples:
  centri trace user 42
  centri trace user 42 --filter 'type == \"subscribe\"' -o ndjson
  centri trace user 42 --record trace.ndjson --duration 1m")]
    User {
        id: String,
        #[command(flatten)]
        opts: TraceOpts,
    },
    /// Every message flowing towards a channel's subscribers, plus its joins, leaves and calls.
    #[command(after_help = "\
Examples:
  centri trace channel chat:index
  centri trace channel chat:index --filter 'type == \"publication\"' --count 10")]
    Channel {
        channel: String,
        #[command(flatten)]
        opts: TraceOpts,
    },
    /// Print a recorded trace, optionally filtered.
    #[command(
        after_help = "Example:\n  centri trace replay trace.ndjson --filter 'user == \"42\"'"
    )]
    Replay {
        file: String,
        #[arg(long)]
        filter: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnCmd {
    /// Connections of a user (or all), newest first.
    #[command(
        after_help = "Examples:\n  centri conn ls --user 42\n  centri conn ls --label app=mobile --label region!=us\n  centri conn ls --sort subs --top 10"
    )]
    Ls {
        #[arg(long, short = 'u')]
        user: Option<String>,
        /// Only connections whose labels (the token's `labels` claim) match: `key=value`,
        /// `key!=value` or `key` (present). Repeat to require several.
        #[arg(long, short = 'l', value_name = "KEY[=VALUE]", value_parser = parse_label)]
        label: Vec<crate::proto::filter_node::FilterNode>,
        /// Sort by age (newest first, the default), rtt (slowest first) or subs (most first).
        #[arg(long, value_parser = ["age", "rtt", "subs"], default_value = "age")]
        sort: String,
        /// Only the first N.
        #[arg(long)]
        top: Option<usize>,
    },
    /// One connection in detail.
    #[command(after_help = "Example:\n  centri conn show 3b1c...")]
    Show { client: String },
    /// Disconnect one connection. Asks first.
    #[command(after_help = "Example:\n  centri conn disconnect 3b1c... -y")]
    Disconnect {
        client: String,
        #[arg(long)]
        code: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum NodeCmd {
    /// Nodes with clients, users, channels, subscriptions and uptime, plus a total.
    #[command(after_help = "Examples:\n  centri node ls\n  centri node ls --watch 2s")]
    Ls {
        /// Refresh every INTERVAL (in place on a terminal, appended when piped).
        #[arg(long, value_parser = parse_duration, value_name = "INTERVAL")]
        watch: Option<Duration>,
        /// With --watch: stop after N refreshes.
        #[arg(long)]
        count: Option<u64>,
    },
    /// Health of the server (`/health` and the API); exit 8 when unhealthy.
    #[command(after_help = "Examples:\n  centri node health\n  centri node health --watch 5s")]
    Health {
        #[arg(long, value_parser = parse_duration, value_name = "INTERVAL")]
        watch: Option<Duration>,
        #[arg(long)]
        count: Option<u64>,
    },
}

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The method, e.g. publish, info, history.
    pub method: String,
    /// The JSON body, `@file`, or `-` for stdin (default `{}`).
    pub json: Option<String>,
}

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum RatelimitCmd {
    /// Effective limits (file plus live edits) and the most recent rejections.
    #[command(after_help = "\
Examples:
  centri ratelimit show
  centri ratelimit show -o json | jq '.recent_hits[-1]'")]
    Show,
    /// Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first.
    #[command(after_help = "\
Keys: LIMITER.OP, LIMITER.OP.namespace_overrides.NS, LIMITER.rpc.method_overrides.METHOD
  limiters: client_command, user_command, client_error
  ops: publish, subscribe, history, presence, presence_stats, refresh, sub_refresh, rpc,
       unsubscribe, connect (user_command only), total, default
Specs: RATE/INTERVAL, comma-separated for several buckets (10/1s, 10/s, 60/1s,1000/1m)

Examples:
  centri ratelimit set client_command.publish=10/1s
  centri ratelimit set user_command.default=60/1s,1000/1m -y
  centri ratelimit set client_command.publish.namespace_overrides.chat=20/1s
  centri ratelimit set client_command.rpc.method_overrides.getUser=5/1s")]
    Set {
        /// KEY=SPEC pairs.
        #[arg(required = true, value_name = "KEY=SPEC")]
        settings: Vec<String>,
    },
    /// Remove live edits: the config file's value applies again. Asks first.
    #[command(after_help = "\
Examples:
  centri ratelimit rm client_command.publish
  centri ratelimit rm client_command.publish.namespace_overrides.chat -y")]
    Rm {
        /// Keys whose live edit to remove.
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
    },
    /// Count would-be rejections without rejecting (all limiters, one limiter or one op).
    #[command(
        name = "dry-run",
        after_help = "\
Examples:
  centri ratelimit dry-run on                           all three limiters
  centri ratelimit dry-run on client_command.publish
  centri ratelimit dry-run off user_command -y"
    )]
    DryRun {
        /// on or off.
        #[arg(value_enum)]
        state: Switch,
        /// LIMITER or LIMITER.OP; without it, all three limiters.
        key: Option<String>,
    },
    /// Applied live edits: when, who, and each key's old and new value.
    #[command(after_help = "\
Examples:
  centri ratelimit history
  centri ratelimit history --limit 5 -o json")]
    History {
        /// Only the newest N edits.
        #[arg(long, short = 'l')]
        limit: Option<usize>,
    },
    /// Drive the real limiter offline: what one connection sending OP at RATE would see.
    #[command(after_help = "\
Uses the config file's client.rate_limit with --config, else the server's effective limits
(fetched once; the simulation itself runs locally).

Examples:
  centri ratelimit simulate --command publish --rate 50/s --duration 10s --config config.json
  centri ratelimit simulate --command publish --namespace chat --rate 600/1m
  centri ratelimit simulate --command rpc --method getUser --rate 20 --duration 5s -o json")]
    Simulate {
        /// The operation: publish, subscribe, history, presence, rpc, ...
        #[arg(long = "command", value_name = "OP")]
        op: String,
        /// How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second.
        #[arg(long, value_name = "RATE")]
        rate: String,
        /// How long to send for.
        #[arg(long, value_parser = parse_duration, default_value = "10s")]
        duration: Duration,
        /// The channel namespace of the operation.
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        /// The RPC method (with --command rpc).
        #[arg(long, value_name = "METHOD")]
        method: Option<String>,
        /// Simulate against this Centrifugo config file.
        #[arg(long, short = 'c', value_name = "FILE", conflicts_with = "live")]
        config: Option<String>,
        /// Simulate against the server's effective limits (the default without --config).
        #[arg(long)]
        live: bool,
    },
    /// Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend
    /// would before sending an SMS. Exit 0 allowed, 7 rate limited.
    #[command(after_help = "\
Examples:
  centri ratelimit check sms:42 --rate 5/1m
  centri ratelimit check export:team-7 --rate 2/1h --cost 1 -o json
  centri ratelimit check sms:42 --rate 5/1m --cost 0      read only")]
    Check {
        key: String,
        /// Tokens per interval (also the burst): `5/1m`, `10/1s`.
        #[arg(long, value_name = "N/INTERVAL")]
        rate: String,
        /// Tokens to take; 0 only reads.
        #[arg(long, default_value_t = 1)]
        cost: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    ES256,
    ES384,
}

/// Signing key options.
#[derive(Debug, Clone, Args)]
pub struct KeyOpts {
    /// Algorithm (default HS256 with --hmac-secret).
    #[arg(long, value_enum)]
    pub alg: Option<Alg>,
    /// PEM key file: private to sign (RS*/ES*), public or private to check.
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Mint a connection token.
    #[command(after_help = "\
Examples:
  centri token gen --user 42 --ttl 1h --hmac-secret S
  centri token gen --user 42 --channels news,chat:index --info '{\"name\":\"Ann\"}'
  centri token gen --user 42 --alg RS256 --key private.pem")]
    Gen {
        #[arg(long, short = 'u')]
        user: String,
        /// Lifetime (0: no exp).
        #[arg(long, value_parser = parse_duration, default_value = "1h")]
        ttl: Duration,
        /// Server-side subscriptions (comma-separated).
        #[arg(long, value_delimiter = ',')]
        channels: Vec<String>,
        /// Connection info (JSON).
        #[arg(long)]
        info: Option<String>,
        /// PRO-style capabilities (JSON array).
        #[arg(long)]
        caps: Option<String>,
        /// Audience claim.
        #[arg(long)]
        aud: Option<String>,
        /// Issuer claim.
        #[arg(long)]
        iss: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Mint a subscription token for one channel.
    #[command(
        after_help = "Example:\n  centri token sub --user 42 --channel '$private:x' --ttl 10m"
    )]
    Sub {
        #[arg(long, short = 'u')]
        user: String,
        #[arg(long, short = 'c')]
        channel: String,
        #[arg(long, value_parser = parse_duration, default_value = "1h")]
        ttl: Duration,
        /// Channel info (JSON).
        #[arg(long)]
        info: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Verify a token and explain what is wrong with it; exit 8 when invalid.
    #[command(after_help = "\
Examples:
  centri token check eyJ... --hmac-secret S
  centri token check eyJ... --channel chat:x      as a subscription token for chat:x
  centri token check eyJ... --key public.pem --aud app --iss auth")]
    Check {
        token: String,
        /// Check it as a subscription token for this channel.
        #[arg(long)]
        channel: Option<String>,
        /// Expected audience.
        #[arg(long)]
        aud: Option<String>,
        /// Expected issuer.
        #[arg(long)]
        iss: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Show a token's header and claims without verifying it.
    #[command(after_help = "Example:\n  centri token decode eyJ...")]
    Decode { token: String },
}

#[derive(Debug, Subcommand)]
pub enum ContextCmd {
    /// Add or replace a context (and make it current if it is the first).
    #[command(
        after_help = "Example:\n  centri context add prod --server https://rt.example.com --api-key KEY"
    )]
    Add {
        name: String,
        #[arg(long)]
        server: String,
        #[arg(long)]
        api_key: Option<String>,
        #[arg(long)]
        admin_key: Option<String>,
        #[arg(long)]
        hmac_secret: Option<String>,
        /// Refuse mutating commands in this context.
        #[arg(long)]
        read_only: bool,
    },
    /// List contexts (secrets masked).
    #[command(after_help = "Example:\n  centri context ls -o json")]
    Ls,
    /// Make a context current.
    #[command(after_help = "Example:\n  centri context use prod")]
    Use { name: String },
    /// Show a context (default: the current one), secrets masked.
    #[command(after_help = "Example:\n  centri context show prod")]
    Show { name: Option<String> },
    /// Remove a context.
    #[command(after_help = "Example:\n  centri context rm staging")]
    Rm { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Write a starter config with fresh secrets.
    #[command(after_help = "Example:\n  centri config init config.json")]
    Init {
        /// Where to write (default: stdout).
        file: Option<String>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate a config with the server's own parser; exit 8 when invalid.
    #[command(
        after_help = "Examples:\n  centri config check config.json\n  centri config check config.json --strict"
    )]
    Check {
        file: String,
        /// Unknown keys are errors, not warnings.
        #[arg(long)]
        strict: bool,
    },
    /// Print the effective config (file + environment), secrets masked.
    #[command(after_help = "Example:\n  centri config show config.json")]
    Show { file: Option<String> },
}

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

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// One code to explain.
    pub code: Option<u32>,
}

/// `--label` / `--tag` `key=value | key!=value | key` → one filter leaf.
fn parse_label(s: &str) -> Result<crate::proto::filter_node::FilterNode, String> {
    use crate::proto::filter_node::FilterNode;
    let (key, cmp, val) = if let Some((k, v)) = s.split_once("!=") {
        (k, "neq", v)
    } else if let Some((k, v)) = s.split_once('=') {
        (k, "eq", v)
    } else {
        (s, "ex", "")
    };
    if key.is_empty() {
        return Err("expected KEY=VALUE, KEY!=VALUE or KEY".into());
    }
    Ok(FilterNode::leaf(key, cmp, val))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn proxy_backend_addresses_are_loopback_with_a_port() {
        let ok = |s: &str| parse_loopback_addr(s).unwrap().to_string();
        assert_eq!(ok("127.0.0.1:9200"), "127.0.0.1:9200");
        assert_eq!(ok("127.0.0.7:80"), "127.0.0.7:80");
        assert_eq!(ok(" localhost:9200 "), "127.0.0.1:9200");
        assert_eq!(ok("[::1]:9200"), "[::1]:9200");
        for (bad, says) in [
            ("10.0.0.1:9200", "not a loopback"),
            ("0.0.0.0:9200", "not a loopback"),
            ("127.0.0.1:0", "give a port"),
            ("127.0.0.1", "HOST:PORT"),
            ("localhost:x", "HOST:PORT"),
            ("http://127.0.0.1:9200", "HOST:PORT"),
            ("", "HOST:PORT"),
            ("127.0.0.1:99999", "HOST:PORT"),
        ] {
            let e = parse_loopback_addr(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
        // clap names the flag
        let e = Cli::try_parse_from(["centri", "bench", "connect", "--proxy-backend", "nope"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--proxy-backend"), "{e}");
    }

    #[test]
    fn serve_flags_parse() {
        let c = Cli::try_parse_from(["centri", "serve", "--dev", "--port", "0"]).unwrap();
        match c.command {
            Command::Serve(a) => {
                assert!(a.dev);
                assert_eq!(a.port, Some(0));
            }
            _ => panic!("expected serve"),
        }
        assert!(Cli::try_parse_from(["centri", "serve", "--port", "x"]).is_err());
    }

    #[test]
    fn global_flags_anywhere() {
        let c = Cli::try_parse_from(["centri", "pub", "ch", "{}", "-o", "json", "--timeout", "2s"])
            .unwrap();
        assert_eq!(c.global.output, Some(OutputFormat::Json));
        assert_eq!(c.global.timeout, Some(Duration::from_secs(2)));
        assert!(Cli::try_parse_from(["centri", "pub", "ch", "--tags", "novalue"]).is_err());
        let c =
            Cli::try_parse_from(["centri", "channel", "history", "c", "--limit", "-1"]).unwrap();
        assert!(matches!(
            c.command,
            Command::Channel(ChannelCmd::History { limit: -1, .. })
        ));
    }
}

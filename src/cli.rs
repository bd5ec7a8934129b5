//! The command line, as clap derive types: parsing, help and completions come from here.
//! No I/O; nothing below `commands` sees these types.

use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod bench;
mod login;
mod map;
mod proxy;
mod push;
mod ratelimit;
mod token;
mod user;
pub use bench::*;
pub use login::{LoginArgs, LogoutArgs};
pub use map::{KeyMode, MapCmd};
pub use proxy::{parse_header, ClientProtocol, ProxyCheckArgs, ProxyCmd, ProxyKind};
pub use push::{
    Known, L10n, PushCmd, PushDeviceCmd, PushSendArgs, PushTopicCmd, SendAt, TopicOwner,
};
pub use ratelimit::{RatelimitCmd, Switch};
pub use token::{Alg, KeyOpts, TokenCmd};
pub use user::{Until, UserCmd};

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
    /// Map channels (keyed state): read the state and the stream of changes, set and remove
    /// keys, count them, clear them.
    #[command(
        subcommand,
        after_help = "\
Examples:
  centri map state lobby:1
  centri map publish lobby:1 seat-4 '{\"user\":\"ann\"}'
  centri map stream lobby:1 --since 40:EPOCH
  centri map rm lobby:1 seat-4"
    )]
    Map(MapCmd),
    /// Subscribe as a real WebSocket client (protocol v2) and print what arrives.
    #[command(after_help = "\
Examples:
  centri sub chat:index                         mints a token from the HMAC secret
  centri sub chat:index news --user 42 --count 10 -o ndjson
  centri sub chat:index --recover --since 12:EPOCH
  centri sub chat:index --token eyJ... --duration 30s --timestamps
  centri sub lobby:1 --map -o ndjson              a map channel: its state, then updates")]
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
    /// Sign in to the server's admin endpoints with your company's OIDC provider (the
    /// server's admin.oidc): the tokens go into the context, and trace, ratelimit, explain and
    /// dash use them when no admin key is set, refreshing them as they expire.
    #[command(after_help = "\
Without --device or --browser, centri opens a browser when this machine has a display (and
is not an SSH session), else it shows a code to enter on another device.

Exit: 0 signed in, 4 declined or timed out, 6 the provider or server unreachable.

Examples:
  centri login                                 issuer and client from the server's admin.oidc
  centri login --device                        over SSH: a code to enter on your laptop
  centri -C prod login --issuer https://id.example.com --client-id centri-cli")]
    Login(LoginArgs),
    /// Forget the context's sign-in and revoke its refresh token at the provider.
    #[command(after_help = "\
Examples:
  centri logout
  centri -C prod logout --keep-remote          forget here only")]
    Logout(LogoutArgs),
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
    /// The publication's version (the API's `version`): with history on, the server drops
    /// it unless it is newer than the channel's last version (`--version` is taken by the
    /// program's own version).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub pub_version: Option<u64>,
    /// The epoch of `--pub-version`: a version in another epoch is not compared.
    #[arg(long, value_name = "EPOCH", requires = "pub_version")]
    pub version_epoch: Option<String>,
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
    #[arg(long, conflicts_with = "map")]
    pub recover: bool,
    /// Recover from OFFSET[:EPOCH] (implies --recover).
    #[arg(long, value_name = "OFFSET[:EPOCH]", conflicts_with = "map")]
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
    #[arg(long, conflicts_with_all = ["tag", "map"])]
    pub delta: bool,
    /// Speak the Protobuf client protocol (binary frames), as the mobile SDKs do; the output
    /// is the same.
    #[arg(long)]
    pub protobuf: bool,
    /// The transport: WebSocket, or bidirectional emulation over HTTP streaming or SSE (as
    /// centrifuge-js falls back to when WebSocket is blocked; the server must enable it).
    #[arg(long, value_enum, default_value_t = SubTransport::Websocket)]
    pub transport: SubTransport,
    /// Subscribe to map channels (Centrifugo v6.7+ `subscription_type: map`): page through
    /// each channel's state (a `state` event per key), catch up on its stream, then print a
    /// `live` marker and an `update` per change (`removed` for a removal). `--count` counts
    /// updates.
    #[arg(long)]
    pub map: bool,
    /// The map subscription type: 1 map, 2 `map_clients`, 3 `map_users` (the channel's
    /// namespace decides which it takes).
    #[arg(long, value_name = "N", requires = "map", default_value_t = 1,
          value_parser = clap::value_parser!(i32).range(1..=3))]
    pub map_type: i32,
    /// Map state and stream entries per page (default: the namespace's
    /// `map.default_page_size`; the server clamps it to its min/max).
    #[arg(long, value_name = "N", requires = "map",
          value_parser = clap::value_parser!(i32).range(1..))]
    pub page_size: Option<i32>,
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

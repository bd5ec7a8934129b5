//! The server configuration in Centrifugo v6's JSON schema: parsed, overridden from the
//! environment and validated in one place. `centri serve` and the offline commands
//! (`config check`, later `explain --config`) both call [`load`], so the CLI and the server can
//! never disagree about what a config means. This file holds the schema and [`load`];
//! `env` maps `CENTRIFUGO_*` variables onto it, `validate` checks the cross-field rules, and
//! `suggest` finds the key a typo meant.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod engine;
mod env;
pub mod proxy;
pub mod push;
pub mod suggest;
pub mod transport;
mod validate;

pub use engine::{Addresses, ChannelStateConfig, EngineConfig, RedisConfig, RedisTls, TlsMaterial};
pub use validate::validate;

/// A Go-style duration string ("25s", "5m", "720h", "1h30m", "500ms"). A negative value
/// ("-1s", or `-1`) means "disabled", which `client.ping_interval` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dur {
    pub value: Duration,
    pub negative: bool,
}

impl Dur {
    pub const fn secs(s: u64) -> Self {
        Self {
            value: Duration::from_secs(s),
            negative: false,
        }
    }
    pub fn is_positive(&self) -> bool {
        !self.negative && !self.value.is_zero()
    }
}

impl fmt::Display for Dur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            write!(f, "-")?;
        }
        let v = self.value;
        if v.is_zero() {
            return write!(f, "0s");
        }
        if v.subsec_nanos() == 0 {
            let s = v.as_secs();
            if s.is_multiple_of(3600) {
                write!(f, "{}h", s / 3600)
            } else if s.is_multiple_of(60) {
                write!(f, "{}m", s / 60)
            } else {
                write!(f, "{s}s")
            }
        } else {
            write!(f, "{}ms", v.as_millis())
        }
    }
}

/// Parses a Go duration string.
pub fn parse_duration(s: &str) -> Result<Dur, String> {
    let t = s.trim();
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body == "0" {
        return Ok(Dur::default());
    }
    if body.is_empty() {
        return Err(format!(
            "invalid duration {s:?}: expected e.g. \"25s\", \"5m\", \"1h30m\""
        ));
    }
    humantime::parse_duration(body)
        .map(|value| Dur { value, negative })
        .map_err(|e| {
            format!("invalid duration {s:?} ({e}): expected e.g. \"25s\", \"5m\", \"1h30m\"")
        })
}

impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            S(String),
            I(i64),
        }
        match Repr::deserialize(d)? {
            Repr::S(s) => parse_duration(&s).map_err(serde::de::Error::custom),
            Repr::I(0) => Ok(Dur::default()),
            Repr::I(i) if i < 0 => Ok(Dur {
                value: Duration::from_secs(i.unsigned_abs()),
                negative: true,
            }),
            Repr::I(i) => Err(serde::de::Error::custom(format!(
                "invalid duration {i}: write it as a string with a unit, e.g. \"{i}s\""
            ))),
        }
    }
}

/// The whole server config. Field names are Centrifugo's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub http_server: HttpServer,
    pub client: ClientConfig,
    pub http_api: HttpApi,
    pub channel: ChannelConfig,
    pub engine: EngineConfig,
    pub websocket: WebsocketConfig,
    /// Bidirectional emulation: HTTP streaming, SSE, and the endpoint for their commands.
    pub http_stream: transport::HttpStream,
    pub sse: transport::Sse,
    pub emulation: transport::Emulation,
    /// Unidirectional transports.
    pub uni_websocket: transport::UniWebsocket,
    pub uni_sse: transport::UniSse,
    pub uni_http_stream: transport::UniHttpStream,
    pub prometheus: Toggle,
    pub health: Toggle,
    pub node: NodeConfig,
    pub log: LogConfig,
    pub admin: AdminConfig,
    /// User status (Centrifugo PRO): `active`/`online` per user.
    pub user_status: UserStatusConfig,
    /// Push notifications (Centrifugo PRO): the device and topic registry.
    pub push_notifications: PushConfig,
    /// The database (Centrifugo PRO's `database` section): the push store that the nodes of a
    /// cluster share.
    pub database: DatabaseConfig,
    /// Client RPC routing to the backend: `rpc.proxy` and rpc namespaces.
    pub rpc: proxy::RpcConfig,
    /// Named proxies, referenced by a namespace's `*_proxy_name` or an rpc namespace's
    /// `proxy_name`.
    pub proxies: Vec<proxy::ProxyConfig>,
    /// Shared poll channels: the keys track signatures are checked with.
    pub shared_poll: crate::server::poll::SharedPollConfig,
}

/// `database` (Centrifugo PRO, v6.9 docs): the `PostgreSQL` server PRO keeps push devices in.
/// centri keeps the push store there when `push_notifications.storage` is `"postgresql"`, or
/// empty with a DSN set ([`Config::push_storage`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    pub postgresql: PostgresqlConfig,
}

/// `database.postgresql`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostgresqlConfig {
    /// `postgresql://user:password@host:5432/db` or `host=.. user=.. password=..`. Holds a
    /// password: errors, logs, `Debug` and `config show` never print it whole.
    pub dsn: String,
    /// The most connections one node opens (PRO's default, 16).
    pub pool_max_size: u32,
}
impl Default for PostgresqlConfig {
    fn default() -> Self {
        Self {
            dsn: String::new(),
            pool_max_size: 16,
        }
    }
}
impl fmt::Debug for PostgresqlConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dsn = if self.dsn.is_empty() { "" } else { "<hidden>" };
        f.debug_struct("PostgresqlConfig")
            .field("dsn", &dsn)
            .field("pool_max_size", &self.pool_max_size)
            .finish()
    }
}

/// Where push devices live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushStorage {
    /// The embedded store, a file per node (`push_notifications.sqlite`).
    Sqlite,
    /// The `PostgreSQL` database of `database.postgresql`, shared by the nodes of a cluster.
    Postgresql,
}

impl Config {
    /// `push_notifications.storage`; when that is empty, `PostgreSQL` if
    /// `database.postgresql.dsn` is set, else `SQLite`.
    pub fn push_storage(&self) -> PushStorage {
        match self.push_notifications.storage.as_str() {
            "postgresql" => PushStorage::Postgresql,
            "" if !self.database.postgresql.dsn.is_empty() => PushStorage::Postgresql,
            _ => PushStorage::Sqlite,
        }
    }
}

/// `push_notifications`: the `device_*`/`*_topic_*` API methods (Centrifugo PRO). Off by
/// default (they answer 108). `enabled` and `enabled_providers` are PRO's keys; the rest are
/// centri's: PRO keeps devices in `PostgreSQL` (`database.postgresql`), centri too when a DSN
/// is set, and embeds `SQLite` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushConfig {
    pub enabled: bool,
    /// PRO: the providers to send with (`fcm`, `hms`, `apns`, `webpush`). centri registers
    /// devices of every provider; a push to a provider that is not on counts as dropped.
    pub enabled_providers: Vec<String>,
    /// centri: where devices live. `"sqlite"`: a file per node (in the data directory);
    /// `"postgresql"`: the database of `database.postgresql.dsn`, shared by every node. Empty
    /// (the default): `"postgresql"` when that DSN is set, else `"sqlite"`.
    pub storage: String,
    /// centri: the embedded store.
    pub sqlite: PushSqliteConfig,
    /// centri: the most topics one device may have (its own and its user's), and the most
    /// topics one user may bind.
    pub max_topics_per_device: usize,
    /// centri: the most devices one user may have.
    pub max_devices_per_user: usize,
    /// Firebase Cloud Messaging (PRO's flat `fcm_*` keys are taken too).
    pub fcm: push::PushFcmConfig,
    /// Apple Push Notification service (PRO's flat `apns_*` keys are taken too).
    pub apns: push::PushApnsConfig,
    /// Huawei Push Kit (PRO's flat `hms_*` keys are taken too).
    pub hms: push::PushHmsConfig,
    /// centri: Web Push with VAPID.
    pub webpush: push::PushWebpushConfig,
    /// centri: the most provider requests in flight per provider (multiplexed over HTTP/2).
    pub concurrency: usize,
    /// centri: one provider request, connect to answer.
    pub request_timeout: Dur,
    /// centri: attempts per push on 429, 5xx and connection errors before it counts as
    /// failed.
    pub max_attempts: u32,
    /// centri: a device whose token the provider declares dead (FCM `UNREGISTERED`, APNs 410
    /// or `BadDeviceToken`, Web Push 404/410) is removed; `false` keeps it.
    pub remove_dead_tokens: bool,
    /// centri: extra root certificates (a PEM file) the provider connections trust besides
    /// the system's.
    pub ca_file: String,
    /// centri: the queue of sends.
    pub queue: push::PushQueueConfig,
}
impl Default for PushConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            enabled_providers: Vec::new(),
            storage: String::new(),
            sqlite: PushSqliteConfig::default(),
            max_topics_per_device: 1000,
            max_devices_per_user: 100,
            fcm: push::PushFcmConfig::default(),
            apns: push::PushApnsConfig::default(),
            hms: push::PushHmsConfig::default(),
            webpush: push::PushWebpushConfig::default(),
            concurrency: 64,
            request_timeout: Dur::secs(10),
            max_attempts: 5,
            remove_dead_tokens: true,
            ca_file: String::new(),
            queue: push::PushQueueConfig::default(),
        }
    }
}

/// `push_notifications.sqlite` (centri).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushSqliteConfig {
    /// The database file. Empty: `push.sqlite3` in the data directory (`centri serve
    /// --data-dir`), or in memory when there is none.
    pub path: String,
}

/// `user_status`: the `update_user_status`/`get_user_status`/`delete_user_status` API methods
/// and the built-in `update_user_status` client RPC. Off by default (they answer 108).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct UserStatusConfig {
    pub enabled: bool,
    /// How long a status lives after its last update (Centrifugo: 30 days).
    pub expire_interval: Dur,
    /// centri: how often `online` is refreshed for users connected to this node.
    pub online_interval: Dur,
}
impl Default for UserStatusConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            expire_interval: Dur::secs(720 * 3600),
            online_interval: Dur::secs(25),
        }
    }
}

/// Admin endpoints (`/admin/auth`, `/admin/trace`): off unless enabled, and then closed unless
/// a password + secret or an API key is set (or `insecure`, which `--dev` never uses).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AdminConfig {
    pub enabled: bool,
    pub password: String,
    pub secret: String,
    pub api_key: String,
    pub insecure: bool,
    /// Sign-in with the company's OIDC provider (`Authorization: Bearer`).
    pub oidc: super::oidc::OidcConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpServer {
    pub address: String,
    pub port: u16,
}
impl Default for HttpServer {
    fn default() -> Self {
        Self {
            address: String::new(),
            port: 8000,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenConfig {
    pub hmac_secret_key: String,
    pub rsa_public_key: String,
    pub ecdsa_public_key: String,
    pub audience: String,
    pub issuer: String,
    pub user_id_claim: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionTokenConfig {
    pub enabled: bool,
    pub hmac_secret_key: String,
    pub rsa_public_key: String,
    pub ecdsa_public_key: String,
    pub audience: String,
    pub issuer: String,
    pub user_id_claim: String,
}

impl SubscriptionTokenConfig {
    /// The key set subscription tokens are checked with: its own when enabled, else the
    /// connection token's (Centrifugo's behaviour).
    pub fn effective(&self, conn: &TokenConfig) -> TokenConfig {
        if self.enabled {
            TokenConfig {
                hmac_secret_key: self.hmac_secret_key.clone(),
                rsa_public_key: self.rsa_public_key.clone(),
                ecdsa_public_key: self.ecdsa_public_key.clone(),
                audience: self.audience.clone(),
                issuer: self.issuer.clone(),
                user_id_claim: self.user_id_claim.clone(),
            }
        } else {
            conn.clone()
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientConfig {
    pub token: TokenConfig,
    pub subscription_token: SubscriptionTokenConfig,
    pub allowed_origins: Vec<String>,
    pub allow_anonymous_connect_without_token: bool,
    pub disallow_anonymous_connection_tokens: bool,
    pub insecure: bool,
    pub ping_interval: Dur,
    pub pong_timeout: Dur,
    pub expired_close_delay: Dur,
    pub expired_sub_close_delay: Dur,
    pub stale_close_delay: Dur,
    pub channel_limit: u32,
    pub user_connection_limit: u32,
    pub queue_max_size: usize,
    pub history_max_publication_limit: u32,
    pub recovery_max_publication_limit: u32,
    pub connect_include_server_time: bool,
    /// Operation rate limits (Centrifugo PRO's schema).
    pub rate_limit: crate::proto::ratelimit::RateLimitConfig,
    /// Every authenticated user is subscribed server-side to its personal channel at connect.
    pub subscribe_to_user_personal_channel: PersonalChannel,
    /// The connect and refresh proxies.
    pub proxy: proxy::ClientProxies,
}

/// `client.subscribe_to_user_personal_channel`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonalChannel {
    pub enabled: bool,
    /// The namespace of `<namespace>:#<user>`; empty: `#<user>` without a namespace.
    pub personal_channel_namespace: String,
    /// A user's new connection disconnects its older ones (3504, on every node), through
    /// the personal channel's presence, which must be on.
    pub single_connection: bool,
}

impl Config {
    /// The personal channel of `user`: `#42`, or `personal:#42` with a namespace.
    pub fn personal_channel(&self, user: &str) -> String {
        let p = &self.client.subscribe_to_user_personal_channel;
        let ch = &self.channel;
        if p.personal_channel_namespace.is_empty() {
            format!("{}{user}", ch.user_boundary)
        } else {
            format!(
                "{}{}{}{user}",
                p.personal_channel_namespace, ch.namespace_boundary, ch.user_boundary
            )
        }
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            token: TokenConfig::default(),
            subscription_token: SubscriptionTokenConfig::default(),
            allowed_origins: Vec::new(),
            allow_anonymous_connect_without_token: false,
            disallow_anonymous_connection_tokens: false,
            insecure: false,
            ping_interval: Dur::secs(25),
            pong_timeout: Dur::secs(8),
            expired_close_delay: Dur::secs(25),
            expired_sub_close_delay: Dur::secs(25),
            stale_close_delay: Dur::secs(10),
            channel_limit: 128,
            user_connection_limit: 0,
            queue_max_size: 1_048_576,
            history_max_publication_limit: 300,
            recovery_max_publication_limit: 300,
            connect_include_server_time: false,
            rate_limit: crate::proto::ratelimit::RateLimitConfig::default(),
            subscribe_to_user_personal_channel: PersonalChannel::default(),
            proxy: proxy::ClientProxies::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpApi {
    pub key: String,
    pub insecure: bool,
    pub error_mode: String,
    pub disabled: bool,
    /// The largest request body, in bytes: a bigger one is refused with 413 (before it is
    /// read when it declares its length; a chunked one is cut off at the limit).
    pub max_request_body_size: usize,
}

impl Default for HttpApi {
    fn default() -> Self {
        Self {
            key: String::new(),
            insecure: false,
            error_mode: String::new(),
            disabled: false,
            max_request_body_size: 16 * 1024 * 1024,
        }
    }
}

/// Options of one namespace (`channel.namespaces[]`) or of `channel.without_namespace`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamespaceOptions {
    /// Only in `channel.namespaces[]`: the namespace name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub presence: bool,
    pub join_leave: bool,
    pub force_push_join_leave: bool,
    pub history_size: u32,
    pub history_ttl: Dur,
    pub history_meta_ttl: Dur,
    pub force_positioning: bool,
    pub allow_positioning: bool,
    pub force_recovery: bool,
    pub allow_recovery: bool,
    pub force_recovery_mode: String,
    pub allow_subscribe_for_client: bool,
    pub allow_subscribe_for_anonymous: bool,
    pub allow_publish_for_subscriber: bool,
    pub allow_publish_for_client: bool,
    pub allow_publish_for_anonymous: bool,
    pub allow_history_for_subscriber: bool,
    pub allow_history_for_client: bool,
    pub allow_history_for_anonymous: bool,
    pub allow_presence_for_subscriber: bool,
    pub allow_presence_for_client: bool,
    pub allow_presence_for_anonymous: bool,
    pub allow_user_limited_channels: bool,
    pub channel_regex: String,
    pub publication_data_format: String,
    pub subscription_type: String,
    /// With `subscription_type: "map"`: the map's mode, TTLs, stream and page sizes.
    pub map: crate::server::map::MapOptions,
    /// Each subscriber of a channel here is an entry (key: its client id, `info`: the
    /// client) of the `map_clients` channel `prefix + channel`, until it leaves.
    pub map_clients_presence_channel_prefix: String,
    /// Each user subscribed to a channel here is an entry (key: the user id) of the
    /// `map_users` channel `prefix + channel`, until its TTL passes.
    pub map_users_presence_channel_prefix: String,
    /// Told to subscribers (`publish_debounce`): their SDK sends at most one publication per
    /// key each interval (Centrifugo PRO's option).
    pub client_publish_debounce_interval: Dur,
    /// With `subscription_type: "shared_poll"`: the poll's interval, batches, mode and proxy.
    pub shared_poll: crate::server::poll::SharedPollOptions,
    /// Cache recovery mode: give every new subscriber the latest publication.
    pub auto_cache_recover: bool,
    /// Accepted for compatibility; centri does not compress with deltas (clients negotiate
    /// none and get full publications).
    pub allowed_delta_types: Vec<String>,
    pub delta_publish: bool,
    pub allow_tags_filter: bool,
    /// The backend decides subscribes, publishes and subscription refreshes here, through
    /// the proxy `*_proxy_name` (empty or `"default"`: `channel.proxy.*`).
    pub subscribe_proxy_enabled: bool,
    pub publish_proxy_enabled: bool,
    pub sub_refresh_proxy_enabled: bool,
    /// PRO preview: occupied/vacated events to `channel.proxy.state.endpoint`.
    pub state_proxy_enabled: bool,
    pub subscribe_stream_proxy_enabled: bool,
    pub subscribe_stream_proxy_bidirectional: bool,
    pub subscribe_proxy_name: String,
    pub publish_proxy_name: String,
    pub sub_refresh_proxy_name: String,
    pub subscribe_stream_proxy_name: String,
}

impl NamespaceOptions {
    /// A map channel's namespace (`subscription_type` `map`, or the presence maps
    /// `map_clients` and `map_users`).
    pub fn is_map(&self) -> bool {
        self.map_type() != 0
    }

    /// The subscription `type` a client names for this namespace's map channels: 1 map,
    /// 2 `map_clients`, 3 `map_users`; 0 when it is not a map namespace.
    pub fn map_type(&self) -> i32 {
        match self.subscription_type.as_str() {
            "map" => 1,
            "map_clients" => 2,
            "map_users" => 3,
            _ => 0,
        }
    }

    /// A shared poll channel's namespace (`subscription_type: "shared_poll"`).
    pub fn is_shared_poll(&self) -> bool {
        self.subscription_type == "shared_poll"
    }

    /// `client_publish_debounce_interval` in milliseconds, as a subscribe result carries it.
    pub fn publish_debounce_ms(&self) -> u32 {
        if self.client_publish_debounce_interval.negative {
            return 0;
        }
        u32::try_from(self.client_publish_debounce_interval.value.as_millis()).unwrap_or(u32::MAX)
    }

    /// History is on only when both size and TTL are set.
    pub fn history_enabled(&self) -> bool {
        self.history_size > 0 && self.history_ttl.is_positive()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelConfig {
    pub without_namespace: NamespaceOptions,
    pub namespaces: Vec<NamespaceOptions>,
    pub namespace_boundary: String,
    pub user_boundary: String,
    pub user_separator: String,
    pub private_prefix: String,
    pub max_length: usize,
    pub history_meta_ttl: Dur,
    pub proxy: ChannelProxy,
}

/// `channel.proxy`: the default subscribe, publish and `sub_refresh` proxies, and the
/// channel state endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelProxy {
    pub state: ProxyEndpoint,
    pub subscribe: proxy::ProxyConfig,
    pub publish: proxy::ProxyConfig,
    pub sub_refresh: proxy::ProxyConfig,
    /// The default proxy of shared poll channels (`shared_poll.proxy_name` empty).
    pub shared_poll_refresh: proxy::ProxyConfig,
}

/// One proxy endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyEndpoint {
    pub endpoint: String,
    pub timeout: Dur,
}

impl Default for ProxyEndpoint {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            timeout: Dur::secs(1),
        }
    }
}

impl Default for ChannelConfig {
    fn default() -> Self {
        Self {
            without_namespace: NamespaceOptions::default(),
            namespaces: Vec::new(),
            namespace_boundary: ":".into(),
            user_boundary: "#".into(),
            user_separator: ",".into(),
            private_prefix: "$".into(),
            max_length: 255,
            history_meta_ttl: Dur::secs(720 * 3600),
            proxy: ChannelProxy::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct WebsocketConfig {
    pub message_size_limit: usize,
    /// How long one write to a client may take before the connection is dropped: a client
    /// that stops reading must not hold its connection (and a blocked writer) forever.
    pub write_timeout: Dur,
}
impl Default for WebsocketConfig {
    fn default() -> Self {
        Self {
            message_size_limit: 65536,
            write_timeout: Dur::secs(1),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Toggle {
    pub enabled: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeConfig {
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogConfig {
    pub level: String,
}

/// Why a config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("config is not valid JSON: {0}")]
    Json(String),
    #[error("config file {path} is not valid JSON: {reason}")]
    JsonFile { path: String, reason: String },
    #[error("invalid config: {key}: {reason}")]
    Invalid { key: String, reason: String },
    #[error("invalid environment variable {var}: {reason}")]
    Env { var: String, reason: String },
}

fn invalid(key: impl Into<String>, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    }
}

/// A loaded config and what was noticed along the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// Keys present in the file or environment that this server does not know
    /// (`channel.namespaces[0].presense`).
    pub unknown_keys: Vec<String>,
    /// `CENTRIFUGO_*` variables that set no key (ignored, like unknown keys).
    pub unknown_env: Vec<String>,
    /// For an unknown key or variable, the known one it is most likely a typo of.
    pub suggestions: BTreeMap<String, String>,
    /// Non-fatal remarks (e.g. recovery without history).
    pub warnings: Vec<String>,
    /// Environment variables that overrode a key.
    pub env_overrides: Vec<String>,
}

/// Parses `text` (Centrifugo JSON; empty means `{}`), applies `CENTRIFUGO_*`/`CENTRI_*`
/// overrides from `env` (see [`env`]), then validates. Errors name the full key path
/// (`channel.namespaces[0].history_size`) or the variable.
pub fn load<S: std::hash::BuildHasher>(
    text: &str,
    env: &HashMap<String, String, S>,
) -> Result<Loaded, ConfigError> {
    let mut value: serde_json::Value = if text.trim().is_empty() {
        serde_json::Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_str(text).map_err(|e| ConfigError::Json(e.to_string()))?
    };
    if !value.is_object() {
        return Err(ConfigError::Json(
            "the top level must be a JSON object".into(),
        ));
    }
    let applied = env::apply(&mut value, env)?;
    push::move_pro_flat_keys(&mut value);
    let mut unknown: Vec<Vec<Seg>> = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(segments(&path));
    let config: Config =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(&value, &mut note))
            .map_err(|e| {
                let key = e.path().to_string();
                ConfigError::Invalid {
                    key: if key == "." { "config".into() } else { key },
                    reason: e.into_inner().to_string(),
                }
            })?;
    let warnings = validate(&config)?;
    let mut suggestions = BTreeMap::new();
    let unknown_keys: Vec<String> = unknown
        .iter()
        .map(|segs| {
            let path = path_text(segs);
            if let Some(s) = suggest_key(segs) {
                suggestions.insert(path.clone(), s);
            }
            path
        })
        .collect();
    for var in &applied.unknown {
        let known = applied.known.iter().map(String::as_str);
        if let Some(s) = suggest::closest(var, known) {
            suggestions.insert(var.clone(), s.to_string());
        }
    }
    Ok(Loaded {
        config,
        unknown_keys,
        unknown_env: applied.unknown,
        suggestions,
        warnings,
        env_overrides: applied.set,
    })
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The steps of an ignored key's path.
fn segments(path: &serde_ignored::Path<'_>) -> Vec<Seg> {
    use serde_ignored::Path;
    let mut out = match path {
        Path::Root => return Vec::new(),
        Path::Seq { parent, .. }
        | Path::Map { parent, .. }
        | Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => segments(parent),
    };
    match path {
        Path::Seq { index, .. } => out.push(Seg::Index(*index)),
        Path::Map { key, .. } => out.push(Seg::Key(key.clone())),
        _ => {}
    }
    out
}

/// `channel.namespaces[0].presense`, as `serde_path_to_error` writes paths.
fn path_text(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                let _ = fmt::Write::write_fmt(&mut out, format_args!("[{i}]"));
            }
        }
    }
    out
}

/// The known key closest to an unknown one, at the same place in the schema.
fn suggest_key(segs: &[Seg]) -> Option<String> {
    let (Seg::Key(last), parent) = segs.split_last()? else {
        return None;
    };
    let mut schema = serde_json::to_value(Config::default()).ok()?;
    let ns = serde_json::to_value(NamespaceOptions {
        name: "ns".into(),
        ..NamespaceOptions::default()
    })
    .ok()?;
    if let Some(list) = schema.pointer_mut("/channel/namespaces") {
        *list = serde_json::Value::Array(vec![ns]);
    }
    let mut at = &schema;
    for s in parent {
        at = match s {
            Seg::Key(k) => at.get(k)?,
            Seg::Index(_) => at.get(0)?,
        };
    }
    let keys = at.as_object()?.keys().map(String::as_str);
    suggest::closest(last, keys).map(str::to_string)
}

/// Reads and loads a config file.
pub fn load_file<S: std::hash::BuildHasher>(
    path: &str,
    env: &HashMap<String, String, S>,
) -> Result<Loaded, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_string(),
        source,
    })?;
    load(&text, env).map_err(|e| match e {
        ConfigError::Json(reason) => ConfigError::JsonFile {
            path: path.to_string(),
            reason,
        },
        other => other,
    })
}

impl Config {
    /// The options of namespace `name` (`""` = `without_namespace`), if declared.
    pub fn namespace(&self, name: &str) -> Option<&NamespaceOptions> {
        if name.is_empty() {
            Some(&self.channel.without_namespace)
        } else {
            self.channel.namespaces.iter().find(|n| n.name == name)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

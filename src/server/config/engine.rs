//! `engine`: which engine runs the node (memory or Redis) and the Redis engine's options as
//! Centrifugo names them: addresses (single, sharded, `redis+cluster://`,
//! `redis+sentinel://`), credentials, timeouts, TLS and channel state events.

use serde::{Deserialize, Serialize};

use super::{invalid, ConfigError, Dur};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct EngineConfig {
    #[serde(rename = "type")]
    pub kind: String,
    pub redis: RedisConfig,
}
impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            kind: "memory".into(),
            redis: RedisConfig::default(),
        }
    }
}

/// One address or several (client-side sharding by channel).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Addresses {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Addresses {
    pub fn list(&self) -> Vec<String> {
        match self {
            Addresses::None => Vec::new(),
            Addresses::One(a) => vec![a.clone()],
            Addresses::Many(v) => v.clone(),
        }
    }
}

/// `engine.redis`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RedisConfig {
    /// `host:port` or `redis://host:port`, or a list of them (shards); also the
    /// `redis+cluster://` and `redis+sentinel://` forms (see `engine::redis::target`).
    pub address: Addresses,
    /// Redis Clusters, each as its seeds separated by commas.
    #[serde(alias = "cluster_addresses")]
    pub cluster_address: Addresses,
    /// Sentinels of one Sentinel-managed primary (`sentinel_master_name`).
    #[serde(alias = "sentinel_addresses")]
    pub sentinel_address: Addresses,
    pub sentinel_master_name: String,
    pub sentinel_user: String,
    pub sentinel_password: String,
    /// TLS towards the sentinels (`enabled`, `insecure_skip_verify`).
    pub sentinel_tls: RedisTls,
    pub db: i64,
    pub user: String,
    pub password: String,
    /// Key and channel prefix, so several installations can share one Redis.
    pub prefix: String,
    pub connect_timeout: Dur,
    pub io_timeout: Dur,
    /// How long a node's presence entries and channel holds live in Redis unless it renews
    /// them (every third of this, at most every 20 s): what a crashed node leaves behind is
    /// gone after it.
    pub presence_ttl: Dur,
    pub tls: RedisTls,
    /// Channel state events (also used with the memory engine).
    pub channel_state: ChannelStateConfig,
}

/// `engine.redis.channel_state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelStateConfig {
    /// How long a channel must stay empty before `vacated` is sent.
    pub vacated_event_delay: Dur,
}

impl Default for ChannelStateConfig {
    fn default() -> Self {
        Self {
            vacated_event_delay: Dur::secs(5),
        }
    }
}

impl Default for RedisConfig {
    fn default() -> Self {
        Self {
            address: Addresses::None,
            cluster_address: Addresses::None,
            sentinel_address: Addresses::None,
            sentinel_master_name: String::new(),
            sentinel_user: String::new(),
            sentinel_password: String::new(),
            sentinel_tls: RedisTls::default(),
            db: 0,
            user: String::new(),
            password: String::new(),
            prefix: "centrifugo".into(),
            connect_timeout: Dur::secs(1),
            io_timeout: Dur::secs(4),
            presence_ttl: Dur::secs(60),
            tls: RedisTls::default(),
            channel_state: ChannelStateConfig::default(),
        }
    }
}

/// `engine.redis.tls`: Centrifugo's TLS block. PEM material is given inline
/// (`*_pem`) or as a file (`*_pem_file`); inline wins when both are set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedisTls {
    pub enabled: bool,
    /// CA bundle the Redis server's certificate must chain to (the system
    /// roots are used when empty).
    pub server_ca_pem: String,
    pub server_ca_pem_file: String,
    /// Client certificate and key, for Redis servers that require mutual TLS.
    pub cert_pem: String,
    pub cert_pem_file: String,
    pub key_pem: String,
    pub key_pem_file: String,
    /// Skip verification of the server's certificate and host name.
    pub insecure_skip_verify: bool,
}

/// The PEM bytes a [`RedisTls`] block names, read and checked.
#[derive(Debug, Clone, Default)]
pub struct TlsMaterial {
    pub server_ca: Option<Vec<u8>>,
    /// Certificate chain and key, both or neither.
    pub client: Option<(Vec<u8>, Vec<u8>)>,
}

impl RedisTls {
    /// Reads the PEM material, inline or from files. The error names the key.
    pub fn material(&self) -> Result<TlsMaterial, ConfigError> {
        fn pick(key: &str, inline: &str, file: &str) -> Result<Option<Vec<u8>>, ConfigError> {
            if !inline.trim().is_empty() {
                return check_pem(key, inline.as_bytes().to_vec()).map(Some);
            }
            if file.trim().is_empty() {
                return Ok(None);
            }
            let key = format!("{key}_file");
            let bytes = std::fs::read(file)
                .map_err(|e| invalid(key.clone(), format!("cannot read {file:?}: {e}")))?;
            check_pem(&key, bytes).map(Some)
        }
        fn check_pem(key: &str, bytes: Vec<u8>) -> Result<Vec<u8>, ConfigError> {
            if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
                return Err(invalid(key, "not PEM: no \"-----BEGIN\" line"));
            }
            Ok(bytes)
        }
        let p = "engine.redis.tls";
        let server_ca = pick(
            &format!("{p}.server_ca_pem"),
            &self.server_ca_pem,
            &self.server_ca_pem_file,
        )?;
        let cert = pick(
            &format!("{p}.cert_pem"),
            &self.cert_pem,
            &self.cert_pem_file,
        )?;
        let key = pick(&format!("{p}.key_pem"), &self.key_pem, &self.key_pem_file)?;
        let client = match (cert, key) {
            (Some(c), Some(k)) => Some((c, k)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(invalid(
                    format!("{p}.key_pem"),
                    "a client certificate needs its key (key_pem or key_pem_file)",
                ))
            }
            (None, Some(_)) => {
                return Err(invalid(
                    format!("{p}.cert_pem"),
                    "a client key needs its certificate (cert_pem or cert_pem_file)",
                ))
            }
        };
        Ok(TlsMaterial { server_ca, client })
    }
}

//! Shared poll channels (Centrifugo v6.8+ `subscription_type: "shared_poll"`, the SDK's
//! `newSharedPollSubscription`): clients subscribe, then track keys with signatures from the
//! application's backend, and the server polls the backend for the tracked keys, once per key
//! per `refresh_interval` however many clients track it, pushing only what changed to the
//! clients that track it.
//!
//! This module owns the namespace's `shared_poll` options and the top-level `shared_poll`
//! section (the HMAC keys), their validation, the `shared_poll_publish` API method (carried
//! to every node on the Redis engine), and the
//! node's registry of shared poll channels ([`Polls`]). [`signature`] checks track
//! signatures, [`registry`] holds what is tracked and delivers changes, [`refresh`] runs a
//! channel's polls through the `shared_poll_refresh` proxy, whose messages are in [`wire`].
//! The client side (subscribe with `type` 4, `sub_refresh` track and untrack) is
//! `session/poll.rs`.

pub mod refresh;
pub mod registry;
pub mod signature;
pub mod wire;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::proto::{ApiError, Payload};
use crate::server::config::{Config, Dur};
use crate::server::node::Node;

pub use registry::PollChannel;

/// The subscription type a client names for a shared poll channel.
pub const TYPE_SHARED_POLL: i32 = 4;

/// `shared_poll` of a namespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedPollOptions {
    /// The proxy that answers the polls (empty or `"default"`:
    /// `channel.proxy.shared_poll_refresh`).
    pub proxy_name: String,
    /// How often the tracked keys are polled.
    pub refresh_interval: Dur,
    /// Keys per proxy call.
    pub refresh_batch_size: u32,
    /// Keys one connection may track in one channel.
    pub max_keys_per_connection: u32,
    /// `versionless` (the server detects changes by content) or `versioned` (the backend's
    /// versions decide).
    pub mode: String,
    /// How long a channel with nobody left stays, so a quick re-track finds its state.
    pub channel_shutdown_delay: Dur,
    /// How long after a signature's expiry its keys stay tracked, for the client to bring a
    /// fresh one.
    pub track_expired_extra_delay: Dur,
    /// `shared_poll_publish` is allowed (versioned mode only).
    pub publish_enabled: bool,
}

impl Default for SharedPollOptions {
    fn default() -> Self {
        Self {
            proxy_name: String::new(),
            refresh_interval: Dur::secs(10),
            refresh_batch_size: 1000,
            max_keys_per_connection: 5000,
            mode: String::new(),
            channel_shutdown_delay: Dur::secs(1),
            track_expired_extra_delay: Dur::secs(25),
            publish_enabled: false,
        }
    }
}

impl SharedPollOptions {
    pub fn versioned(&self) -> bool {
        self.mode == "versioned"
    }

    pub fn interval(&self) -> Duration {
        self.refresh_interval.value.max(Duration::from_millis(10))
    }

    pub fn batch_size(&self) -> usize {
        (self.refresh_batch_size as usize).max(1)
    }

    /// The rules serde cannot express; (the key under `prefix`, why).
    pub fn validate(&self, prefix: &str) -> Result<(), (String, String)> {
        if !matches!(self.mode.as_str(), "" | "versionless" | "versioned") {
            return Err((
                format!("{prefix}.mode"),
                format!(
                    "unknown mode {:?}: use \"versionless\" or \"versioned\"",
                    self.mode
                ),
            ));
        }
        if self.publish_enabled && !self.versioned() {
            return Err((
                format!("{prefix}.publish_enabled"),
                "shared_poll_publish needs versions: set mode to \"versioned\"".into(),
            ));
        }
        for (k, d) in [
            ("refresh_interval", &self.refresh_interval),
            ("track_expired_extra_delay", &self.track_expired_extra_delay),
        ] {
            if d.negative {
                return Err((format!("{prefix}.{k}"), "must not be negative".into()));
            }
        }
        if !self.refresh_interval.is_positive() {
            return Err((
                format!("{prefix}.refresh_interval"),
                "must be positive".into(),
            ));
        }
        Ok(())
    }
}

/// The top-level `shared_poll` section: the keys track signatures are made with.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedPollConfig {
    pub hmac_secret_key: String,
    /// The key before a rotation, still accepted...
    pub hmac_previous_secret_key: String,
    /// ...for signatures issued (`iat`) up to this unix time (0: any).
    pub hmac_previous_secret_key_valid_until: i64,
    /// Backend polls in flight at once, over all channels (0: 64).
    pub concurrency_limit: u32,
}

impl std::fmt::Debug for SharedPollConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // the keys are secrets: never in a log
        f.debug_struct("SharedPollConfig")
            .field(
                "hmac_secret_key",
                &crate::output::mask(&self.hmac_secret_key),
            )
            .field(
                "hmac_previous_secret_key_valid_until",
                &self.hmac_previous_secret_key_valid_until,
            )
            .field("concurrency_limit", &self.concurrency_limit)
            .finish_non_exhaustive()
    }
}

impl SharedPollConfig {
    pub fn concurrency(&self) -> usize {
        if self.concurrency_limit == 0 {
            64
        } else {
            self.concurrency_limit as usize
        }
    }
}

/// The `shared_poll` options of `channel`'s namespace, or why there are none: 102 for an
/// unknown namespace, 107 for a channel that is not a shared poll one.
pub fn poll_options<'a>(cfg: &'a Config, channel: &str) -> Result<&'a SharedPollOptions, ApiError> {
    if channel.is_empty() {
        return Err(ApiError::bad_request());
    }
    let r = crate::server::permissions::resolve(cfg, channel)?;
    if !r.options.is_shared_poll() {
        return Err(ApiError::bad_request());
    }
    Ok(&r.options.shared_poll)
}

/// The shared poll channels of a node that someone subscribes to or tracks keys in.
pub struct Polls {
    channels: Mutex<HashMap<String, Arc<PollChannel>>>,
    /// Backend polls in flight, over all channels (`shared_poll.concurrency_limit`).
    pub slots: Arc<tokio::sync::Semaphore>,
    /// Backend calls made and keys asked in them, since the start.
    calls: AtomicU64,
    keys_polled: AtomicU64,
}

impl std::fmt::Debug for Polls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Polls").finish_non_exhaustive()
    }
}

impl Polls {
    pub fn new(cfg: &SharedPollConfig) -> Self {
        Self {
            channels: Mutex::new(HashMap::new()),
            slots: Arc::new(tokio::sync::Semaphore::new(cfg.concurrency())),
            calls: AtomicU64::new(0),
            keys_polled: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<PollChannel>>> {
        self.channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds a subscriber to `channel`, whose state is made when absent: the channel, the
    /// epoch for the subscribe reply, and whether it was made (its refresh task is for the
    /// caller to start). Under the registry's lock, so an idle channel's removal cannot
    /// lose a subscriber.
    pub fn subscribe(
        &self,
        channel: &str,
        opts: &SharedPollOptions,
        conn_id: u64,
        conn: registry::Conn,
    ) -> (Arc<PollChannel>, String, bool) {
        let mut m = self.lock();
        let (c, made) = if let Some(c) = m.get(channel) {
            (c.clone(), false)
        } else {
            let c = Arc::new(PollChannel::new(channel, opts.versioned()));
            m.insert(channel.to_string(), c.clone());
            (c, true)
        };
        let epoch = c.subscribe(conn_id, conn);
        (c, epoch, made)
    }

    pub fn get(&self, channel: &str) -> Option<Arc<PollChannel>> {
        self.lock().get(channel).cloned()
    }

    /// Forgets `channel` if it is still `c` and nobody uses it; true when it was removed.
    pub fn remove_if_idle(&self, channel: &str, c: &Arc<PollChannel>) -> bool {
        let mut m = self.lock();
        match m.get(channel) {
            Some(cur) if Arc::ptr_eq(cur, c) && c.is_idle() => {
                m.remove(channel);
                true
            }
            _ => false,
        }
    }

    pub(crate) fn count_poll(&self, keys: usize) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.keys_polled.fetch_add(keys as u64, Ordering::Relaxed);
    }

    /// Backend calls made and keys asked in them, since the start.
    pub fn polled(&self) -> (u64, u64) {
        (
            self.calls.load(Ordering::Relaxed),
            self.keys_polled.load(Ordering::Relaxed),
        )
    }

    /// Channels and the keys tracked in them (for `info` and the dashboard).
    pub fn counts(&self) -> (usize, usize) {
        let m = self.lock();
        (m.len(), m.values().map(|c| c.key_count()).sum())
    }
}

/// `shared_poll_publish`: the backend hands the server a key's new data and version. Sent
/// at once to the clients tracking the key with an older version; the next timed poll skips
/// the key. A version not newer than the server's is dropped silently; another `epoch` than
/// the channel's resets the channel (its subscribers resubscribe).
pub fn publish(node: &Node, req: wire::SharedPollPublishRequest) -> Result<(), ApiError> {
    let opts = poll_options(&node.config, &req.channel)?;
    if req.key.is_empty() || req.version == 0 {
        return Err(ApiError::bad_request());
    }
    crate::server::map::checked_key(&req.key)?;
    if !opts.publish_enabled {
        return Err(ApiError::not_available());
    }
    // a payload that cannot be read is refused before any node sees it
    Node::data_from(req.data.clone(), &req.b64data)?;
    // on the Redis engine, the trackers on the other nodes get it too
    node.cluster_api("shared_poll_publish", &req);
    deliver(node, req)
}

/// Hands a `shared_poll_publish` to this node's trackers of the key (also for one that
/// another node of the cluster took).
pub fn deliver(node: &Node, req: wire::SharedPollPublishRequest) -> Result<(), ApiError> {
    let opts = poll_options(&node.config, &req.channel)?;
    if !opts.publish_enabled || req.key.is_empty() || req.version == 0 {
        return Err(ApiError::bad_request());
    }
    let data = Node::data_from(req.data, &req.b64data)?;
    let Some(c) = node.polls.get(&req.channel) else {
        // nobody tracks anything here: nothing to deliver, nothing to keep
        return Ok(());
    };
    let item = registry::Update {
        key: req.key,
        data: Some(data),
        version: req.version,
        removed: false,
    };
    c.apply(node, vec![item], &req.epoch, true);
    Ok(())
}

/// A payload's bytes as the hash for versionless change detection sees them.
pub(crate) fn payload_bytes(p: &Payload) -> &[u8] {
    match p {
        Payload::Json(r) => r.get().as_bytes(),
        Payload::Binary(b) => b,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(v: serde_json::Value) -> Result<SharedPollOptions, String> {
        let o: SharedPollOptions = serde_json::from_value(v).map_err(|e| e.to_string())?;
        o.validate("ns.shared_poll")
            .map_err(|(k, why)| format!("{k}: {why}"))?;
        Ok(o)
    }

    #[test]
    fn defaults_are_centrifugos() {
        let o = opts(serde_json::json!({})).unwrap();
        assert_eq!(o.interval(), Duration::from_secs(10));
        assert_eq!(o.batch_size(), 1000);
        assert_eq!(o.max_keys_per_connection, 5000);
        assert!(!o.versioned());
        assert_eq!(SharedPollConfig::default().concurrency(), 64);
    }

    #[test]
    fn the_options_name_what_is_wrong() {
        let e = opts(serde_json::json!({"mode": "sometimes"})).unwrap_err();
        assert!(e.starts_with("ns.shared_poll.mode:"), "{e}");
        let e = opts(serde_json::json!({"publish_enabled": true})).unwrap_err();
        assert!(e.starts_with("ns.shared_poll.publish_enabled:"), "{e}");
        assert!(opts(serde_json::json!({"publish_enabled": true, "mode": "versioned"})).is_ok());
        let e = opts(serde_json::json!({"refresh_interval": "0s"})).unwrap_err();
        assert!(e.starts_with("ns.shared_poll.refresh_interval:"), "{e}");
    }

    #[test]
    fn the_secret_never_prints() {
        let c = SharedPollConfig {
            hmac_secret_key: "very-secret-key-123".into(),
            hmac_previous_secret_key: "older-secret-456".into(),
            ..SharedPollConfig::default()
        };
        let s = format!("{c:?}");
        assert!(
            !s.contains("very-secret-key-123") && !s.contains("older-secret"),
            "{s}"
        );
    }
}

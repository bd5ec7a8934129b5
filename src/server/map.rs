//! Map channels (Centrifugo v6.7+ `subscription_type: "map"`): a channel holds keyed state
//! (the latest value of each key) and, in the `recoverable` and `persistent` modes, a stream
//! of the changes with offsets in an epoch. This module owns the namespace's `map` options and
//! their validation, the server API methods (`map_publish`, `map_remove`, `map_read_state`,
//! `map_read_stream`, `map_stats`, `map_clear`) and the store: in memory ([`store`]), or on
//! the Redis engine shared by every node ([`backend`] picks the node's).
//!
//! Client subscriptions (the SDK's state, stream and live phases, tags filters, fossil deltas
//! per key) and client writes are in `session/map.rs`; the presence maps (`map_clients`,
//! `map_users`, fed by a namespace's `*_presence_channel_prefix`) are written there too.
//! What centri does not do yet: ordered (scored) maps, the map proxies,
//! `remove_client_on_unsubscribe`. A config that asks for one of these is refused with the
//! key named.

pub mod backend;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::proto::map as wire;
use crate::proto::ApiError;
use crate::server::config::{Config, Dur};
use crate::server::node::Node;

/// The longest key (bytes).
pub const MAX_KEY: usize = 1024;

/// `map` of a namespace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapOptions {
    /// `ephemeral` (state only, keys expire after `key_ttl`), `recoverable` (state and a
    /// stream; keys expire) or `persistent` (state and a stream; keys stay).
    pub mode: String,
    pub key_ttl: Dur,
    pub ordered: bool,
    /// Changes kept in the stream (0: 100).
    pub stream_size: u32,
    /// How long a change stays in the stream (0: 1 minute).
    pub stream_ttl: Dur,
    pub meta_ttl: Dur,
    pub remove_client_on_unsubscribe: bool,
    pub client_key: String,
    pub allow_publish_for_client: bool,
    pub allow_publish_for_subscriber: bool,
    pub allow_publish_for_anonymous: bool,
    pub allow_remove_for_client: bool,
    pub allow_remove_for_subscriber: bool,
    pub allow_remove_for_anonymous: bool,
    pub publish_proxy_enabled: bool,
    pub publish_proxy_name: String,
    pub remove_proxy_enabled: bool,
    pub remove_proxy_name: String,
    /// Entries per state page when the request names no limit (0: 100).
    pub default_page_size: u32,
    /// Pages are at least this long (0: 100).
    pub min_page_size: u32,
    /// Pages are at most this long (0: 1000).
    pub max_page_size: u32,
    pub live_transition_max_publication_limit: u32,
    pub subscribe_catch_up_timeout: Dur,
}

/// The map mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Ephemeral,
    Recoverable,
    Persistent,
}

impl MapOptions {
    pub fn mode(&self) -> Mode {
        match self.mode.as_str() {
            "recoverable" => Mode::Recoverable,
            "persistent" => Mode::Persistent,
            _ => Mode::Ephemeral,
        }
    }

    /// Whether changes are kept in a stream with offsets.
    pub fn streamed(&self) -> bool {
        self.mode() != Mode::Ephemeral
    }

    pub fn effective_stream_size(&self) -> usize {
        if self.stream_size == 0 {
            100
        } else {
            self.stream_size as usize
        }
    }

    pub fn effective_stream_ttl(&self) -> std::time::Duration {
        if self.stream_ttl.value.is_zero() {
            std::time::Duration::from_secs(60)
        } else {
            self.stream_ttl.value
        }
    }

    /// How long a key lives after its last write (None: until removed).
    pub fn key_ttl(&self) -> Option<std::time::Duration> {
        (self.mode() != Mode::Persistent && self.key_ttl.is_positive())
            .then_some(self.key_ttl.value)
    }

    /// A request's page size, clamped as Centrifugo does: none (≤ 0) is the default, then
    /// at least the minimum and at most the maximum.
    pub fn page_size(&self, asked: i32) -> usize {
        let or = |v: u32, d: usize| if v == 0 { d } else { v as usize };
        let (default, min, max) = (
            or(self.default_page_size, 100),
            or(self.min_page_size, 100),
            or(self.max_page_size, 1000),
        );
        let limit = usize::try_from(asked)
            .ok()
            .filter(|l| *l > 0)
            .unwrap_or(default);
        limit.max(min).min(max)
    }

    /// The rules serde cannot express; (the key under `prefix`, why).
    pub fn validate(&self, prefix: &str) -> Result<(), (String, String)> {
        let key = |k: &str| format!("{prefix}.{k}");
        let mode = match self.mode.as_str() {
            "ephemeral" => Mode::Ephemeral,
            "recoverable" => Mode::Recoverable,
            "persistent" => Mode::Persistent,
            "" => {
                return Err((
                    key("mode"),
                    "is required for a map namespace: ephemeral, recoverable or persistent".into(),
                ))
            }
            other => {
                return Err((
                    key("mode"),
                    format!("unknown map.mode {other:?}: use ephemeral, recoverable or persistent"),
                ))
            }
        };
        if self.key_ttl.negative {
            return Err((key("key_ttl"), "must be positive".into()));
        }
        match mode {
            Mode::Ephemeral | Mode::Recoverable if !self.key_ttl.is_positive() => {
                return Err((
                    key("key_ttl"),
                    format!("is required when map.mode is {:?}", self.mode),
                ))
            }
            Mode::Persistent if self.key_ttl.is_positive() => {
                return Err((
                    key("key_ttl"),
                    "must be 0 when map.mode is \"persistent\"".into(),
                ))
            }
            _ => {}
        }
        if mode == Mode::Ephemeral {
            for (k, set) in [
                ("stream_size", self.stream_size != 0),
                ("stream_ttl", !self.stream_ttl.value.is_zero()),
                ("meta_ttl", !self.meta_ttl.value.is_zero()),
            ] {
                if set {
                    return Err((
                        key(k),
                        "must be 0 when map.mode is \"ephemeral\" (no stream)".into(),
                    ));
                }
            }
        }
        for (k, d) in [("stream_ttl", self.stream_ttl), ("meta_ttl", self.meta_ttl)] {
            if d.negative {
                return Err((key(k), "must not be negative".into()));
            }
        }
        if !matches!(self.client_key.as_str(), "" | "client_id" | "user_id") {
            return Err((
                key("client_key"),
                format!(
                    "unknown map.client_key {:?}: use client_id or user_id",
                    self.client_key
                ),
            ));
        }
        let or = |v: u32, d: u32| if v == 0 { d } else { v };
        let (min, default, max) = (
            or(self.min_page_size, 100),
            or(self.default_page_size, 100),
            or(self.max_page_size, 1000),
        );
        if min > max || default > max || default < min {
            return Err((
                key("default_page_size"),
                format!("pages must be min ≤ default ≤ max (here {min}, {default}, {max})"),
            ));
        }
        // what centri does not do yet is refused rather than ignored
        for (k, set) in [
            ("ordered", self.ordered),
            ("publish_proxy_enabled", self.publish_proxy_enabled),
            ("remove_proxy_enabled", self.remove_proxy_enabled),
            (
                "remove_client_on_unsubscribe",
                self.remove_client_on_unsubscribe,
            ),
        ] {
            if set {
                return Err((key(k), "is not supported by centri yet".into()));
            }
        }
        Ok(())
    }
}

/// The namespace options of a map channel: 102 for an unknown namespace, 107 for a channel
/// that is not a map channel (Centrifugo's answers).
pub fn map_options<'a>(cfg: &'a Config, channel: &str) -> Result<&'a MapOptions, ApiError> {
    if channel.is_empty() {
        return Err(ApiError::bad_request());
    }
    let r = crate::server::permissions::resolve(cfg, channel)?;
    if !r.options.is_map() {
        return Err(ApiError::bad_request());
    }
    Ok(&r.options.map)
}

/// A key as a request names it: 107 when empty, over [`MAX_KEY`] bytes or holding a NUL.
pub(crate) fn checked_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > MAX_KEY || key.contains('\0') {
        return Err(ApiError::bad_request());
    }
    Ok(())
}

/// The server API methods of map channels, over the node (its config, map store, and the
/// hub that carries each change to live subscribers).
pub struct Api<'a> {
    pub node: &'a Node,
}

impl Api<'_> {
    fn cfg(&self) -> &Config {
        &self.node.config
    }

    /// Runs a write and hands its publications to the live subscribers. In memory it runs
    /// under the channel's hub lock, so a subscriber going live meanwhile sees each change
    /// exactly once; `key`: the key the write changes, whose value before it is the base of
    /// the change's delta for delta subscribers. On Redis the changes come back over PUB/SUB
    /// to every node, which fans them out (and keeps the delta bases) there.
    pub fn write(
        &self,
        channel: &str,
        key: Option<&str>,
        f: impl FnOnce(&backend::Backend<'_>) -> Result<backend::Written, ApiError>,
    ) -> Result<wire::MapUpdateResult, ApiError> {
        let maps = self.node.map_backend();
        if maps.is_shared() {
            return f(&maps).map(|(r, _)| r);
        }
        let ns = crate::server::permissions::resolve(self.cfg(), channel)
            .map(|r| r.namespace.to_string())
            .unwrap_or_default();
        let mut locked = self.node.hub.lock(channel);
        if let (Some(key), Some(subs)) = (key, locked.subs_mut()) {
            // what every live subscriber holds for the key, read before the write
            if subs.has_delta_subscribers() && !subs.prev_by_key.contains_key(key) {
                if let Some(v) = self.node.maps.value_bytes(channel, key) {
                    subs.prev_by_key.insert(key.to_string(), v);
                }
            }
        }
        let (r, pubs) = f(&maps)?;
        if let Some(subs) = locked.subs_mut() {
            for p in &pubs {
                self.node.fan_out(channel, &ns, subs, p, false);
            }
        }
        drop(locked);
        // a channel trace shows each change, with its key (and `removed`)
        for p in &pubs {
            self.node.trace_publication(channel, p);
        }
        Ok(r)
    }

    pub fn publish(&self, req: wire::MapPublishRequest) -> Result<wire::MapUpdateResult, ApiError> {
        let opts = map_options(self.cfg(), &req.channel)?;
        checked_key(&req.key)?;
        if !matches!(req.key_mode.as_str(), "" | "if_new" | "if_exists") {
            return Err(ApiError::bad_request());
        }
        let value = store::Value::from_payload(Node::data_from(req.data, &req.b64data)?);
        let channel = req.channel;
        let w = store::Write {
            key: req.key,
            value,
            tags: req.tags,
            idempotency_key: req.idempotency_key,
            key_mode: req.key_mode,
            version: req.version,
            version_epoch: req.version_epoch,
            refresh_ttl: false,
        };
        let key = w.key.clone();
        self.write(&channel, Some(&key), |s| s.publish(&channel, opts, w))
    }

    pub fn remove(&self, req: &wire::MapRemoveRequest) -> Result<wire::MapUpdateResult, ApiError> {
        let opts = map_options(self.cfg(), &req.channel)?;
        checked_key(&req.key)?;
        self.write(&req.channel, Some(&req.key), |s| {
            s.remove(&req.channel, opts, &req.key, &req.idempotency_key)
        })
    }

    /// Removes the expired keys of every map channel, telling live subscribers. On Redis:
    /// of the channels this node wrote to or read (a key whose TTL passed is skipped by
    /// every read before its sweep).
    pub fn sweep(&self) {
        if let Some(r) = self.node.engine.redis() {
            for channel in r.map_channels() {
                let Ok(opts) = map_options(self.cfg(), &channel) else {
                    r.map_forget(&channel);
                    continue;
                };
                if let Err(e) = r.map_expire(&channel, opts) {
                    tracing::debug!(
                        channel,
                        code = e.code,
                        "map sweep failed; next tick retries"
                    );
                }
            }
            return;
        }
        for channel in self.node.maps.expired_channels() {
            let Ok(opts) = map_options(self.cfg(), &channel) else {
                continue;
            };
            let _ = self.write(&channel, None, |s| match s {
                backend::Backend::Memory(m) => {
                    Ok((wire::MapUpdateResult::default(), m.expire(&channel, opts)))
                }
                backend::Backend::Redis(..) => Ok((wire::MapUpdateResult::default(), Vec::new())),
            });
        }
    }

    pub fn read_state(
        &self,
        req: &wire::MapReadStateRequest,
    ) -> Result<wire::MapReadStateResult, ApiError> {
        let opts = map_options(self.cfg(), &req.channel)?;
        if !req.key.is_empty() {
            checked_key(&req.key)?;
        }
        if req.limit < 0 {
            return Err(ApiError::bad_request());
        }
        self.node.map_backend().read_state(
            &req.channel,
            opts,
            &req.cursor,
            opts.page_size(req.limit),
            (!req.key.is_empty()).then_some(req.key.as_str()),
        )
    }

    pub fn read_stream(
        &self,
        req: &wire::MapReadStreamRequest,
    ) -> Result<wire::MapReadStreamResult, ApiError> {
        let opts = map_options(self.cfg(), &req.channel)?;
        if req.limit < 0 {
            return Err(ApiError::bad_request());
        }
        let since = (req.since_offset > 0 || !req.since_epoch.is_empty())
            .then_some((req.since_offset, req.since_epoch.as_str()));
        self.node.map_backend().read_stream(
            &req.channel,
            opts,
            since,
            usize::try_from(req.limit).unwrap_or(0),
            req.reverse,
        )
    }

    pub fn stats(&self, channel: &str) -> Result<wire::MapStatsResult, ApiError> {
        let opts = map_options(self.cfg(), channel)?;
        Ok(wire::MapStatsResult {
            num_keys: self.node.map_backend().stats(channel, opts)?,
        })
    }

    pub fn clear(&self, channel: &str) -> Result<(), ApiError> {
        let opts = map_options(self.cfg(), channel)?;
        let mut locked = self.node.hub.lock(channel);
        self.node.map_backend().clear(channel, opts)?;
        // the keys are gone: no delta may build on their values
        if let Some(subs) = locked.subs_mut() {
            subs.prev_by_key.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(v: serde_json::Value) -> Result<MapOptions, String> {
        let o: MapOptions = serde_json::from_value(v).map_err(|e| e.to_string())?;
        o.validate("channel.namespaces[0].map")
            .map_err(|(k, why)| format!("{k}: {why}"))?;
        Ok(o)
    }

    #[test]
    fn the_options_name_what_is_wrong() {
        let e = opts(serde_json::json!({})).unwrap_err();
        assert!(
            e.starts_with("channel.namespaces[0].map.mode: is required"),
            "{e}"
        );
        let e = opts(serde_json::json!({"mode": "forever"})).unwrap_err();
        assert!(e.contains("unknown map.mode \"forever\""), "{e}");
        let e = opts(serde_json::json!({"mode": "ephemeral"})).unwrap_err();
        assert!(e.contains("map.key_ttl: is required"), "{e}");
        let e = opts(serde_json::json!({"mode": "persistent", "key_ttl": "1m"})).unwrap_err();
        assert!(e.contains("map.key_ttl: must be 0"), "{e}");
        let e = opts(serde_json::json!({"mode": "ephemeral", "key_ttl": "1m", "stream_size": 5}))
            .unwrap_err();
        assert!(e.contains("map.stream_size"), "{e}");
        let e = opts(serde_json::json!({"mode": "persistent", "client_key": "ip"})).unwrap_err();
        assert!(e.contains("map.client_key"), "{e}");
        let e = opts(
            serde_json::json!({"mode": "persistent", "min_page_size": 500, "max_page_size": 100}),
        )
        .unwrap_err();
        assert!(e.contains("min ≤ default ≤ max"), "{e}");
        let e = opts(serde_json::json!({"mode": "persistent", "ordered": true})).unwrap_err();
        assert!(e.contains("map.ordered: is not supported"), "{e}");
        assert!(opts(
            serde_json::json!({"mode": "recoverable", "key_ttl": "30s", "stream_size": 10})
        )
        .is_ok());
    }

    #[test]
    fn page_sizes_are_clamped_as_centrifugo_does() {
        let o = MapOptions::default();
        assert_eq!(o.page_size(0), 100);
        assert_eq!(o.page_size(10), 100, "raised to the minimum");
        assert_eq!(o.page_size(5000), 1000, "lowered to the maximum");
        let o = MapOptions {
            min_page_size: 1,
            default_page_size: 2,
            max_page_size: 3,
            ..MapOptions::default()
        };
        assert_eq!((o.page_size(-4), o.page_size(1), o.page_size(9)), (2, 1, 3));
    }
}

//! Operation rate limits on the wire: Centrifugo PRO's `client.rate_limit` config schema (as
//! the config file and the live view carry it) and the shapes of centri's admin endpoints
//! `GET|PATCH|PUT /admin/ratelimit` and `GET /admin/ratelimit/history`.
//!
//! The bucket math lives in `server::ratelimit`; this module only describes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::is_false;

/// One token bucket: `rate` commands per `interval` (a Go duration such as `"1s"`), with a
/// burst of `rate`. Decoded from a JSON object only (see [`BucketFields`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub interval: String,
    pub rate: u64,
}

/// [`Bucket`]'s fields as serde derives them; a derived struct also takes an array by
/// position (`["1s", 5]`), which Centrifugo's decoder refuses, so [`Bucket`] goes through
/// [`super::strict::object`].
#[derive(Deserialize)]
struct BucketFields {
    interval: String,
    rate: u64,
}

impl<'de> Deserialize<'de> for Bucket {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let BucketFields { interval, rate } = super::strict::object(d)?;
        Ok(Bucket { interval, rate })
    }
}

/// `client.rate_limit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitConfig {
    #[serde(skip_serializing_if = "LimiterConfig::is_empty")]
    pub client_command: LimiterConfig,
    #[serde(skip_serializing_if = "LimiterConfig::is_empty")]
    pub user_command: LimiterConfig,
    #[serde(skip_serializing_if = "LimiterConfig::is_empty")]
    pub client_error: LimiterConfig,
    /// Per user across the cluster, kept in the Redis engine (`"redis":
    /// {"reuse_from_engine": true}`); checked after the in-memory limiters.
    #[serde(skip_serializing_if = "LimiterConfig::is_empty")]
    pub redis_user_command: LimiterConfig,
}

impl RateLimitConfig {
    /// The three limiters by name.
    pub fn limiters(&self) -> [(&'static str, &LimiterConfig); 4] {
        [
            ("client_command", &self.client_command),
            ("user_command", &self.user_command),
            ("client_error", &self.client_error),
            ("redis_user_command", &self.redis_user_command),
        ]
    }

    pub fn limiter_mut(&mut self, name: &str) -> Option<&mut LimiterConfig> {
        match name {
            "client_command" => Some(&mut self.client_command),
            "user_command" => Some(&mut self.user_command),
            "client_error" => Some(&mut self.client_error),
            "redis_user_command" => Some(&mut self.redis_user_command),
            _ => None,
        }
    }
}

/// One limiter: `enabled`, then one key per operation (`publish`, `total`, `default`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimiterConfig {
    #[serde(skip_serializing_if = "is_false")]
    pub enabled: bool,
    /// centri: count would-be rejections of every operation without rejecting.
    #[serde(skip_serializing_if = "is_false")]
    pub dry_run: bool,
    #[serde(flatten)]
    pub ops: BTreeMap<String, OpConfig>,
}

impl LimiterConfig {
    pub fn is_empty(&self) -> bool {
        !self.enabled && !self.dry_run && self.ops.is_empty()
    }
}

/// The buckets of one operation, with its overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpConfig {
    #[serde(skip_serializing_if = "is_false")]
    pub enabled: bool,
    /// centri: count would-be rejections without rejecting.
    #[serde(skip_serializing_if = "is_false")]
    pub dry_run: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<Bucket>,
    /// `rpc` only: per-method buckets that replace the operation's.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::strict::objects"
    )]
    pub method_overrides: Vec<MethodOverride>,
    /// The legacy map form of `method_overrides` (using both is an error).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub method_override: BTreeMap<String, OverrideConfig>,
    /// Channel operations only: per-namespace buckets that replace the operation's.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::strict::objects"
    )]
    pub namespace_overrides: Vec<NamespaceOverride>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverrideConfig {
    pub enabled: bool,
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodOverride {
    pub method: String,
    pub enabled: bool,
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamespaceOverride {
    pub namespace_name: String,
    pub enabled: bool,
    pub buckets: Vec<Bucket>,
}

/// Live edits layered over the config file. Keys: `LIMITER.OP`,
/// `LIMITER.OP.namespace_overrides.NS`, `LIMITER.rpc.method_overrides.METHOD`; dry-run keys
/// are `LIMITER` or `LIMITER.OP`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Overrides {
    pub set: BTreeMap<String, Vec<Bucket>>,
    pub dry_run: BTreeMap<String, bool>,
}

/// `PATCH /admin/ratelimit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Patch {
    /// Buckets to set live.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, Vec<Bucket>>,
    /// Live overrides to remove (the file's value applies again).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Dry-run switches.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub dry_run: BTreeMap<String, bool>,
    /// Validate and answer with the would-be result without applying.
    #[serde(skip_serializing_if = "is_false")]
    pub validate_only: bool,
}

/// One row of the effective table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    pub key: String,
    /// `10/1s,1000/1m`; empty when disabled.
    pub buckets: String,
    pub enabled: bool,
    /// `file` or `live`.
    pub source: String,
    pub dry_run: bool,
}

/// One rejection (or would-be rejection under dry-run).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hit {
    pub time_ms: u64,
    pub limiter: String,
    pub op: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// The key of the rule that decided, e.g. `client_command.publish`.
    pub rule: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client: String,
    pub dry_run: bool,
}

/// `GET /admin/ratelimit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct View {
    /// Bumped by every applied change.
    pub generation: u64,
    /// Where live edits persist.
    pub state_file: String,
    pub entries: Vec<Entry>,
    pub overrides: Overrides,
    pub effective: RateLimitConfig,
    /// The newest last.
    pub recent_hits: Vec<Hit>,
}

/// One key's change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Change {
    pub key: String,
    pub old: String,
    pub new: String,
}

/// `PATCH`/`PUT /admin/ratelimit` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditResult {
    pub changes: Vec<Change>,
    /// False for `validate_only`.
    pub applied: bool,
    pub view: View,
}

/// One applied edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryEntry {
    pub time_ms: u64,
    pub who: String,
    pub changes: Vec<Change>,
}

/// `GET /admin/ratelimit/history`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    pub history: Vec<HistoryEntry>,
}

/// Server API `rate_limit` (centri): check and consume `cost` tokens of an arbitrary key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckRequest {
    pub key: String,
    /// Tokens per `interval` (also the burst).
    pub rate: u64,
    /// A Go duration, e.g. `"1m"`.
    pub interval: String,
    /// Tokens to take (default 1; 0 only reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<u64>,
}

/// Server API `rate_limit` result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckResult {
    pub allowed: bool,
    pub remaining: u64,
    pub retry_after_ms: u64,
}

/// `10/1s,1000/1m`.
pub fn format_buckets(b: &[Bucket]) -> String {
    b.iter()
        .map(|b| format!("{}/{}", b.rate, b.interval))
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses `10/1s,1000/1m` (also `10/s`, read as `10/1s`).
pub fn parse_buckets(s: &str) -> Result<Vec<Bucket>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        let (rate, interval) = part
            .split_once('/')
            .ok_or_else(|| format!("{part:?}: expected RATE/INTERVAL, e.g. 10/1s"))?;
        let rate: u64 = rate
            .trim()
            .parse()
            .map_err(|_| format!("{part:?}: rate must be a whole number"))?;
        if rate == 0 {
            return Err(format!("{part:?}: rate must be at least 1"));
        }
        let interval = interval.trim();
        let interval = if interval.starts_with(|c: char| c.is_ascii_digit()) {
            interval.to_string()
        } else {
            format!("1{interval}")
        };
        out.push(Bucket { interval, rate });
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_objects_only() {
        let b: Vec<Bucket> = serde_json::from_str(r#"[{"interval":"1s","rate":3,"x":1}]"#).unwrap();
        assert_eq!(
            b[0],
            Bucket {
                interval: "1s".into(),
                rate: 3
            }
        );
        for bad in [
            r#"[["1s", 3]]"#,
            r#"["1s"]"#,
            r#"[{"interval":"1s","rate":-1}]"#,
            r#"[{"interval":"1s","rate":1.5}]"#,
            r#"[{"interval":1,"rate":1}]"#,
            r#"[{"rate":1}]"#,
        ] {
            let e = serde_json::from_str::<Vec<Bucket>>(bad).unwrap_err();
            assert!(e.is_data(), "{bad}: {e}");
        }
        // Inside the config and the admin PATCH body too.
        for bad in [
            r#"{"client_command":{"publish":{"buckets":[["1s",3]]}}}"#,
            r#"{"client_command":{"publish":{"namespace_overrides":[["chat",true,[]]]}}}"#,
            r#"{"client_command":{"rpc":{"method_overrides":[["m",true,[]]]}}}"#,
        ] {
            assert!(
                serde_json::from_str::<RateLimitConfig>(bad).is_err(),
                "{bad}"
            );
        }
        assert!(
            serde_json::from_str::<Patch>(r#"{"set":{"client_command.publish":[["1s",3]]}}"#)
                .is_err()
        );
        let p: Patch = serde_json::from_str(
            r#"{"set":{"client_command.publish":[{"interval":"1s","rate":3}]}}"#,
        )
        .unwrap();
        assert_eq!(p.set["client_command.publish"][0].rate, 3);
    }

    #[test]
    fn config_round_trips_in_centrifugo_shape() {
        let json = r#"{"client_command":{"enabled":true,"publish":{"enabled":true,"buckets":[{"interval":"1s","rate":10}],"namespace_overrides":[{"namespace_name":"chat","enabled":true,"buckets":[{"interval":"1s","rate":20}]}]},"total":{"enabled":true,"buckets":[{"interval":"1s","rate":100}]}}}"#;
        let c: RateLimitConfig = serde_json::from_str(json).unwrap();
        assert!(c.client_command.enabled);
        assert_eq!(c.client_command.ops["publish"].buckets[0].rate, 10);
        assert_eq!(
            c.client_command.ops["publish"].namespace_overrides[0].namespace_name,
            "chat"
        );
        let back: RateLimitConfig =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn bucket_specs_parse_and_print() {
        let b = parse_buckets("60/1s, 1000/1m").unwrap();
        assert_eq!(format_buckets(&b), "60/1s,1000/1m");
        assert_eq!(format_buckets(&parse_buckets("50/s").unwrap()), "50/1s");
        for bad in ["", "10", "x/1s", "0/1s", "-1/1s"] {
            assert!(parse_buckets(bad).is_err(), "{bad}");
        }
    }
}

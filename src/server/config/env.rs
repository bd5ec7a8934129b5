//! Centrifugo v6's environment-variable config, read the way Centrifugo reads it:
//! - every leaf key has a variable, `CENTRIFUGO_` (or centri's own `CENTRI_`) then the key path
//!   in upper case joined by `_` (`client.allowed_origins` → `CENTRIFUGO_CLIENT_ALLOWED_ORIGINS`);
//! - a list takes space-separated items (`SliceSep = " "` in Centrifugo's envconfig), or a
//!   JSON array;
//! - `CENTRIFUGO_CHANNEL_NAMESPACES` takes space-separated namespace *names* (or a JSON array of
//!   namespace objects), and each namespace, from the file or the environment, then reads
//!   `CENTRIFUGO_CHANNEL_NAMESPACES_<NAME>_<OPTION>` (the name upper-cased, `.` and `-` as `_`);
//! - any other `CENTRIFUGO_*` variable is unknown and reported by name, except those
//!   Kubernetes injects for a service named centrifugo and `CENTRIFUGO_VAR_*`.
//!
//! Owns only the mapping from variables to the JSON document; the schema and its validation
//! stay in `server::config`. Reads no process environment: the caller passes it in.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::{Config, ConfigError, NamespaceOptions};

/// The two prefixes: Centrifugo's, and centri's own.
const PREFIXES: [&str; 2] = ["CENTRIFUGO_", "CENTRI_"];

/// What the environment did to a config document.
#[derive(Debug, Default)]
pub(super) struct Applied {
    /// Variables that set a key, in the order applied.
    pub set: Vec<String>,
    /// `CENTRIFUGO_*` variables that name no key, sorted.
    pub unknown: Vec<String>,
    /// Every variable that names a key here (for "did you mean" hints).
    pub known: BTreeSet<String>,
}

/// Every leaf key path of a serialized default value (objects are walked; anything else,
/// arrays included, is a leaf).
fn leaf_paths(defaults: &Value) -> Vec<Vec<String>> {
    fn walk(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    prefix.push(k.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => out.push(prefix.clone()),
        }
    }
    let mut out = Vec::new();
    walk(defaults, &mut Vec::new(), &mut out);
    out
}

/// Centrifugo's `NameForEnv`, upper-cased: `.` and `-` become `_`.
fn name_for_env(name: &str) -> String {
    name.replace(['.', '-'], "_").to_uppercase()
}

/// Space-separated items (Centrifugo's list form), or a JSON array when the value looks like
/// one.
fn list(var: &str, raw: &str) -> Result<Value, ConfigError> {
    let t = raw.trim();
    if t.starts_with('[') && t.ends_with(']') {
        return serde_json::from_str(t).map_err(|e| ConfigError::Env {
            var: var.to_string(),
            reason: format!("looks like a JSON array but is not one: {e}"),
        });
    }
    Ok(Value::Array(
        t.split(' ')
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_string()))
            .collect(),
    ))
}

/// `CENTRIFUGO_CHANNEL_NAMESPACES`: names separated by spaces, or a JSON array of namespaces.
fn namespaces(var: &str, raw: &str) -> Result<Value, ConfigError> {
    let t = raw.trim();
    if t.starts_with('[') && t.ends_with(']') {
        return list(var, t);
    }
    Ok(Value::Array(
        t.split(' ')
            .filter(|s| !s.is_empty())
            .map(|name| {
                let mut m = Map::new();
                m.insert("name".into(), Value::String(name.to_string()));
                Value::Object(m)
            })
            .collect(),
    ))
}

/// One variable's text as the JSON value of a key whose default is `default`.
fn parse(var: &str, raw: &str, default: &Value) -> Result<Value, ConfigError> {
    let err = |reason: String| ConfigError::Env {
        var: var.to_string(),
        reason,
    };
    Ok(match default {
        Value::String(_) => Value::String(raw.to_string()),
        Value::Bool(_) => match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" | "yes" | "on" => Value::Bool(true),
            "false" | "f" | "0" | "no" | "off" | "" => Value::Bool(false),
            _ => return Err(err(format!("expected true or false, got {raw:?}"))),
        },
        Value::Array(_) => list(var, raw)?,
        Value::Number(_) => match serde_json::from_str::<Value>(raw.trim()) {
            Ok(n @ Value::Number(_)) => n,
            _ => return Err(err(format!("expected a number, got {raw:?}"))),
        },
        // Optional keys (null by default): JSON when it parses, else the text.
        _ => serde_json::from_str(raw.trim()).unwrap_or_else(|_| Value::String(raw.to_string())),
    })
}

fn set_path(root: &mut Value, path: &[String], v: Value) {
    let mut cur = root;
    for (i, key) in path.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(map) = cur else {
            return;
        };
        if i + 1 == path.len() {
            map.insert(key.clone(), v);
            return;
        }
        cur = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Applies the variables of `leaves` under `prefix` (e.g. `CENTRIFUGO_`) to `target`.
fn apply_leaves<S: std::hash::BuildHasher>(
    target: &mut Value,
    prefix: &str,
    leaves: &[(Vec<String>, Value)],
    env: &HashMap<String, String, S>,
    known: &mut BTreeSet<String>,
    set: &mut Vec<String>,
) -> Result<(), ConfigError> {
    for (path, default) in leaves {
        let var = format!("{prefix}{}", path.join("_").to_uppercase());
        known.insert(var.clone());
        let Some(raw) = env.get(&var) else { continue };
        let value = if path == &["channel", "namespaces"] {
            namespaces(&var, raw)?
        } else {
            parse(&var, raw, default)?
        };
        set_path(target, path, value);
        set.push(var);
    }
    Ok(())
}

/// The leaves of a default value with their defaults.
fn leaves_of(defaults: &Value, skip_name: bool) -> Vec<(Vec<String>, Value)> {
    leaf_paths(defaults)
        .into_iter()
        .filter(|p| !(skip_name && p.len() == 1 && p[0] == "name"))
        .map(|p| {
            let pointer = format!("/{}", p.join("/"));
            let d = defaults.pointer(&pointer).cloned().unwrap_or_default();
            (p, d)
        })
        .collect()
}

/// Whether Kubernetes injects `var` for a service named centrifugo (`CENTRIFUGO_PORT`,
/// `CENTRIFUGO_SERVICE_HOST`, `CENTRIFUGO_PORT_8000_TCP_ADDR`, …), or it is one of the
/// `CENTRIFUGO_VAR_*` variables a config may interpolate: neither is a config key.
fn not_a_key(var: &str) -> bool {
    let Some(rest) = var.strip_prefix("CENTRIFUGO") else {
        return false;
    };
    rest.starts_with("_VAR_")
        || rest.ends_with("_PORT")
        || rest.contains("_PORT_")
        || rest.contains("_SERVICE_")
}

/// `client.rate_limit` with every limiter and operation present, so that each of their keys
/// has a variable (the defaults leave them out). Bucket lists take JSON.
fn rate_limit_schema() -> Value {
    use crate::proto::ratelimit::{Bucket, MethodOverride, NamespaceOverride, OpConfig};
    let mut rl = crate::proto::ratelimit::RateLimitConfig::default();
    for name in [
        "client_command",
        "user_command",
        "client_error",
        "redis_user_command",
    ] {
        let Some(l) = rl.limiter_mut(name) else {
            continue;
        };
        l.enabled = true;
        l.dry_run = true;
        for op in crate::server::ratelimit::allowed_ops(name) {
            if op == "redis" {
                continue; // Redis connection options, not an operation
            }
            let bucket = Bucket {
                interval: String::new(),
                rate: 0,
            };
            l.ops.insert(
                op.to_string(),
                OpConfig {
                    enabled: true,
                    dry_run: true,
                    buckets: vec![bucket],
                    method_overrides: vec![MethodOverride::default()],
                    namespace_overrides: vec![NamespaceOverride::default()],
                    ..OpConfig::default()
                },
            );
        }
    }
    serde_json::to_value(rl).unwrap_or_default()
}

/// Applies `env` to the config document `value` (see the module docs).
pub(super) fn apply<S: std::hash::BuildHasher>(
    value: &mut Value,
    env: &HashMap<String, String, S>,
) -> Result<Applied, ConfigError> {
    let mut defaults = serde_json::to_value(Config::default()).unwrap_or_default();
    // `name` is skipped when empty; without_namespace has none.
    if let Some(Value::Object(m)) = defaults.pointer_mut("/channel/without_namespace") {
        m.remove("name");
    }
    if let Some(rl) = defaults.pointer_mut("/client/rate_limit") {
        *rl = rate_limit_schema();
    }
    let top = leaves_of(&defaults, false);
    let ns_defaults = serde_json::to_value(NamespaceOptions::default()).unwrap_or_default();
    let ns_leaves = leaves_of(&ns_defaults, true);
    let mut known = BTreeSet::new();
    let mut applied = Applied::default();
    for prefix in PREFIXES {
        apply_leaves(value, prefix, &top, env, &mut known, &mut applied.set)?;
    }
    // Then each namespace, from the file or from CENTRIFUGO_CHANNEL_NAMESPACES.
    if let Some(Value::Array(list)) = value.pointer_mut("/channel/namespaces") {
        for ns in list.iter_mut() {
            let Some(name) = ns.get("name").and_then(Value::as_str).map(name_for_env) else {
                continue;
            };
            for prefix in PREFIXES {
                let p = format!("{prefix}CHANNEL_NAMESPACES_{name}_");
                apply_leaves(ns, &p, &ns_leaves, env, &mut known, &mut applied.set)?;
            }
        }
    }
    let mut unknown: Vec<String> = env
        .keys()
        .filter(|k| k.starts_with("CENTRIFUGO_") && !known.contains(*k) && !not_a_key(k))
        .cloned()
        .collect();
    unknown.sort();
    applied.unknown = unknown;
    applied.known = known;
    Ok(applied)
}

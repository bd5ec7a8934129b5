//! Validation of a parsed [`Config`]: the cross-field rules serde cannot express (namespace
//! names, durations that must be positive or ordered, personal channels, rate limits, push
//! and its database).
//! Each error names the full key; non-fatal findings come back as warnings.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use super::{invalid, Config, ConfigError, DatabaseConfig, NamespaceOptions, PushStorage};

fn validate_namespace(
    key: &str,
    ns: &NamespaceOptions,
    warnings: &mut Vec<String>,
) -> Result<(), ConfigError> {
    if !matches!(ns.force_recovery_mode.as_str(), "" | "stream" | "cache") {
        return Err(invalid(
            format!("{key}.force_recovery_mode"),
            format!(
                "unknown mode {:?}: use \"stream\" or \"cache\"",
                ns.force_recovery_mode
            ),
        ));
    }
    match ns.subscription_type.as_str() {
        "" | "stream" => {}
        "map" => ns
            .map
            .validate(&format!("{key}.map"))
            .map_err(|(k, why)| invalid(k, why))?,
        "shared_poll" => ns
            .shared_poll
            .validate(&format!("{key}.shared_poll"))
            .map_err(|(k, why)| invalid(k, why))?,
        "map_clients" | "map_users" => {
            ns.map
                .validate(&format!("{key}.map"))
                .map_err(|(k, why)| invalid(k, why))?;
            if ns.map.mode == "persistent" {
                return Err(invalid(
                    format!("{key}.map.mode"),
                    format!(
                        "a {} presence map cannot be persistent: its entries expire",
                        ns.subscription_type
                    ),
                ));
            }
        }
        other => {
            return Err(invalid(
                format!("{key}.subscription_type"),
                format!(
                    "unknown subscription_type {other:?}: use \"stream\", \"map\", \"map_clients\", \"map_users\" or \"shared_poll\""
                ),
            ))
        }
    }
    if !matches!(
        ns.publication_data_format.as_str(),
        "" | "json" | "json_object" | "binary"
    ) {
        return Err(invalid(
            format!("{key}.publication_data_format"),
            format!(
                "unknown format {:?}: use \"\", \"json\", \"json_object\" or \"binary\"",
                ns.publication_data_format
            ),
        ));
    }
    if !ns.channel_regex.is_empty() {
        regex::Regex::new(&ns.channel_regex)
            .map_err(|e| invalid(format!("{key}.channel_regex"), e.to_string()))?;
    }
    if let Some(bad) = ns
        .allowed_delta_types
        .iter()
        .find(|t| t.as_str() != "fossil")
    {
        return Err(invalid(
            format!("{key}.allowed_delta_types"),
            format!("unknown delta type {bad:?}: only \"fossil\" exists"),
        ));
    }
    if ns.history_ttl.negative {
        return Err(invalid(
            format!("{key}.history_ttl"),
            "must not be negative",
        ));
    }
    if (ns.history_size > 0) != ns.history_ttl.is_positive() {
        warnings.push(format!(
            "{key}: history needs both history_size and history_ttl; with only one set, history stays off"
        ));
    }
    if (ns.force_recovery || ns.allow_recovery) && !ns.history_enabled() {
        warnings.push(format!(
            "{key}: recovery is on but history is off (set history_size and history_ttl), so subscriptions cannot recover"
        ));
    }
    Ok(())
}

/// Checks `database.postgresql`: a DSN that parses (the error never repeats it: it holds a
/// password) and a pool of at least one connection.
fn validate_database(d: &DatabaseConfig) -> Result<(), ConfigError> {
    let pg = &d.postgresql;
    if !pg.dsn.is_empty() {
        postgres::Config::from_str(&pg.dsn).map_err(|e| {
            invalid(
                "database.postgresql.dsn",
                format!("not a PostgreSQL DSN (postgresql://user:password@host:5432/db or host=.. user=..): {e}"),
            )
        })?;
    }
    if pg.pool_max_size == 0 {
        return Err(invalid(
            "database.postgresql.pool_max_size",
            "must be greater than 0",
        ));
    }
    Ok(())
}

/// Checks `push_notifications`: known providers, a known store with what it needs, non-zero
/// limits.
fn validate_push(c: &Config, warnings: &mut Vec<String>) -> Result<(), ConfigError> {
    const PROVIDERS: &[&str] = &["fcm", "hms", "apns", "webpush"];
    let p = &c.push_notifications;
    for (i, v) in p.enabled_providers.iter().enumerate() {
        if !PROVIDERS.contains(&v.as_str()) {
            return Err(invalid(
                format!("push_notifications.enabled_providers[{i}]"),
                format!("{v:?} is not one of {}", PROVIDERS.join(", ")),
            ));
        }
    }
    if !matches!(p.storage.as_str(), "" | "sqlite" | "postgresql") {
        return Err(invalid(
            "push_notifications.storage",
            format!(
                "unknown storage {:?}: use \"sqlite\" or \"postgresql\" (or leave it empty: postgresql when database.postgresql.dsn is set)",
                p.storage
            ),
        ));
    }
    if c.push_storage() == PushStorage::Postgresql {
        if c.database.postgresql.dsn.is_empty() {
            return Err(invalid(
                "database.postgresql.dsn",
                "push_notifications.storage is \"postgresql\": set the DSN of its database, e.g. \"postgresql://user:password@host:5432/db\"",
            ));
        }
        if p.enabled && !p.sqlite.path.is_empty() {
            warnings.push(
                "push_notifications.sqlite.path is ignored: devices are kept in PostgreSQL (database.postgresql.dsn)"
                    .into(),
            );
        }
    }
    for (key, v) in [
        (
            "push_notifications.max_topics_per_device",
            p.max_topics_per_device,
        ),
        (
            "push_notifications.max_devices_per_user",
            p.max_devices_per_user,
        ),
    ] {
        if v == 0 {
            return Err(invalid(key, "must be greater than 0"));
        }
    }
    for (key, v) in [
        ("push_notifications.concurrency", p.concurrency),
        ("push_notifications.max_attempts", p.max_attempts as usize),
        ("push_notifications.queue.workers", p.queue.workers),
        ("push_notifications.queue.chunk_size", p.queue.chunk_size),
    ] {
        if v == 0 {
            return Err(invalid(key, "must be greater than 0"));
        }
    }
    if p.queue.chunk_size > 1000 {
        return Err(invalid(
            "push_notifications.queue.chunk_size",
            "at most 1000 (one registry page)",
        ));
    }
    for (key, d) in [
        ("push_notifications.request_timeout", p.request_timeout),
        ("push_notifications.queue.claim_after", p.queue.claim_after),
    ] {
        if !d.is_positive() {
            return Err(invalid(key, "must be a positive duration"));
        }
    }
    if p.enabled {
        let required: &[(&str, &str, &str)] = &[
            ("fcm", "fcm.credentials_file", &p.fcm.credentials_file),
            ("apns", "apns.bundle_id", &p.apns.bundle_id),
            (
                "apns",
                "apns.token_auth_key_path",
                &p.apns.token_auth_key_path,
            ),
            ("apns", "apns.token_key_id", &p.apns.token_key_id),
            ("apns", "apns.token_team_id", &p.apns.token_team_id),
            ("hms", "hms.app_id", &p.hms.app_id),
            ("hms", "hms.app_secret", &p.hms.app_secret),
            (
                "webpush",
                "webpush.vapid_private_key_path",
                &p.webpush.vapid_private_key_path,
            ),
            ("webpush", "webpush.vapid_subject", &p.webpush.vapid_subject),
        ];
        for (provider, key, v) in required {
            if v.is_empty() && p.enabled_providers.iter().any(|e| e == provider) {
                return Err(invalid(
                    format!("push_notifications.{key}"),
                    format!("required: {provider} is in push_notifications.enabled_providers"),
                ));
            }
        }
        if p.enabled_providers.iter().any(|e| e == "apns") && p.apns.auth != "token" {
            return Err(invalid(
                "push_notifications.apns.auth",
                format!("{:?}: only \"token\" (a .p8 key) is supported", p.apns.auth),
            ));
        }
    }
    Ok(())
}

/// Checks cross-field rules; returns non-fatal warnings.
pub fn validate(c: &Config) -> Result<Vec<String>, ConfigError> {
    let mut warnings = Vec::new();
    let name_re = regex::Regex::new("^[-a-zA-Z0-9_]{2,}$").expect("static regex");
    let mut seen = BTreeMap::new();
    for (i, ns) in c.channel.namespaces.iter().enumerate() {
        let key = format!("channel.namespaces[{i}]");
        if !name_re.is_match(&ns.name) {
            return Err(invalid(
                format!("{key}.name"),
                format!("{:?} must match ^[-a-zA-Z0-9_]{{2,}}$", ns.name),
            ));
        }
        if seen.insert(ns.name.clone(), i).is_some() {
            return Err(invalid(
                format!("{key}.name"),
                format!("namespace {:?} is declared twice", ns.name),
            ));
        }
        validate_namespace(&key, ns, &mut warnings)?;
    }
    for (i, ns) in std::iter::once(&c.channel.without_namespace)
        .chain(&c.channel.namespaces)
        .enumerate()
    {
        let key = if i == 0 {
            "channel.without_namespace".to_string()
        } else {
            format!("channel.namespaces[{}]", i - 1)
        };
        for (field, prefix, kind) in [
            (
                "map_clients_presence_channel_prefix",
                &ns.map_clients_presence_channel_prefix,
                "map_clients",
            ),
            (
                "map_users_presence_channel_prefix",
                &ns.map_users_presence_channel_prefix,
                "map_users",
            ),
        ] {
            if prefix.is_empty() {
                continue;
            }
            let target = crate::server::permissions::resolve(c, &format!("{prefix}x"));
            let why = match target {
                Err(_) => Some(format!(
                    "channels {prefix:?}… fall in no namespace: add a namespace with \
                     subscription_type {kind:?}"
                )),
                Ok(r) if r.options.subscription_type != kind => Some(format!(
                    "channels {prefix:?}… are in namespace {:?}, whose subscription_type is \
                     {:?}, not {kind:?}",
                    r.namespace, r.options.subscription_type
                )),
                Ok(_) => None,
            };
            if let Some(why) = why {
                return Err(invalid(format!("{key}.{field}"), why));
            }
        }
    }
    let polled = std::iter::once(&c.channel.without_namespace)
        .chain(&c.channel.namespaces)
        .any(NamespaceOptions::is_shared_poll);
    if polled && c.shared_poll.hmac_secret_key.is_empty() {
        return Err(invalid(
            "shared_poll.hmac_secret_key",
            "is required with a shared poll namespace: track signatures are checked with it",
        ));
    }
    if !c.channel.without_namespace.name.is_empty() {
        return Err(invalid(
            "channel.without_namespace.name",
            "the default namespace takes no name",
        ));
    }
    validate_namespace(
        "channel.without_namespace",
        &c.channel.without_namespace,
        &mut warnings,
    )?;
    c.admin
        .oidc
        .validate()
        .map_err(|(key, why)| invalid(key, why))?;
    for (key, v) in [
        ("channel.namespace_boundary", &c.channel.namespace_boundary),
        ("channel.user_boundary", &c.channel.user_boundary),
        ("channel.user_separator", &c.channel.user_separator),
    ] {
        if v.is_empty() {
            return Err(invalid(key, "must not be empty"));
        }
    }
    let cl = &c.client;
    let pc = &cl.subscribe_to_user_personal_channel;
    if pc.enabled {
        let key = "client.subscribe_to_user_personal_channel";
        let ns = if pc.personal_channel_namespace.is_empty() {
            Some(&c.channel.without_namespace)
        } else {
            c.namespace(&pc.personal_channel_namespace)
        };
        let Some(ns) = ns else {
            return Err(invalid(
                format!("{key}.personal_channel_namespace"),
                format!(
                    "namespace {:?} is not in channel.namespaces",
                    pc.personal_channel_namespace
                ),
            ));
        };
        if pc.single_connection && !ns.presence {
            let at = if pc.personal_channel_namespace.is_empty() {
                "channel.without_namespace".to_string()
            } else {
                format!("namespace {:?}", pc.personal_channel_namespace)
            };
            return Err(invalid(
                format!("{key}.single_connection"),
                format!("needs presence on in {at} (it counts the user's connections)"),
            ));
        }
    }
    if cl.ping_interval.is_positive()
        && cl.pong_timeout.is_positive()
        && cl.pong_timeout.value >= cl.ping_interval.value
    {
        return Err(invalid(
            "client.pong_timeout",
            format!(
                "must be less than client.ping_interval ({} >= {})",
                cl.pong_timeout, cl.ping_interval
            ),
        ));
    }
    let names: Vec<&str> = c
        .channel
        .namespaces
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    crate::server::ratelimit::validate(&cl.rate_limit, &names)
        .map_err(|(k, why)| invalid(k, why))?;
    if cl.rate_limit.redis_user_command.enabled && c.engine.kind != "redis" {
        return Err(invalid(
            "client.rate_limit.redis_user_command",
            "keeps its state in the Redis engine: set engine.type to \"redis\" (its \"redis\" section can only be {\"reuse_from_engine\": true})",
        ));
    }
    validate_database(&c.database)?;
    validate_push(c, &mut warnings)?;
    if !c.websocket.write_timeout.is_positive() {
        return Err(invalid("websocket.write_timeout", "must be positive"));
    }
    if cl.queue_max_size == 0 {
        return Err(invalid("client.queue_max_size", "must be greater than 0"));
    }
    if !matches!(c.http_api.error_mode.as_str(), "" | "transport") {
        return Err(invalid(
            "http_api.error_mode",
            format!(
                "unknown mode {:?}: use \"transport\" or leave it empty",
                c.http_api.error_mode
            ),
        ));
    }
    if c.http_api.max_request_body_size == 0 {
        return Err(invalid(
            "http_api.max_request_body_size",
            "must be greater than 0 (bytes)",
        ));
    }
    match c.engine.kind.as_str() {
        "memory" | "" => {}
        "redis" => {
            let r = &c.engine.redis;
            if r.address.list().is_empty()
                && r.cluster_address.list().is_empty()
                && r.sentinel_address.list().is_empty()
            {
                return Err(invalid(
                    "engine.redis.address",
                    "engine.type \"redis\" needs an address, e.g. \"127.0.0.1:6379\" (or cluster_address, or sentinel_address)",
                ));
            }
            for (i, a) in r.address.list().iter().enumerate() {
                if a.trim().is_empty() {
                    return Err(invalid(
                        format!("engine.redis.address[{i}]"),
                        "must not be empty",
                    ));
                }
            }
            if let Err(e) = crate::server::engine::redis::target::targets(r) {
                let (key, msg) = e.split_once(": ").unwrap_or(("engine.redis", &e));
                return Err(invalid(key.to_string(), msg.to_string()));
            }
            if r.tls.enabled {
                r.tls.material()?;
                if r.tls.insecure_skip_verify {
                    warnings.push(
                        "engine.redis.tls.insecure_skip_verify is on: the Redis server's certificate is not checked"
                            .into(),
                    );
                }
            }
            if !r.io_timeout.is_positive() || !r.connect_timeout.is_positive() {
                return Err(invalid(
                    "engine.redis.io_timeout",
                    "timeouts must be positive",
                ));
            }
            if r.prefix.is_empty() {
                return Err(invalid("engine.redis.prefix", "must not be empty"));
            }
            if r.presence_ttl.value < Duration::from_secs(3) {
                return Err(invalid(
                    "engine.redis.presence_ttl",
                    "must be at least 3s (it is renewed every third of it)",
                ));
            }
        }
        other => {
            return Err(invalid(
                "engine.type",
                format!("unknown engine {other:?}: use \"memory\" or \"redis\""),
            ))
        }
    }
    super::proxy::validate(c, &mut warnings)?;
    let state_ns = std::iter::once(&c.channel.without_namespace)
        .chain(&c.channel.namespaces)
        .any(|n| n.state_proxy_enabled);
    if state_ns {
        let ep = &c.channel.proxy.state.endpoint;
        if ep.is_empty() {
            return Err(invalid(
                "channel.proxy.state.endpoint",
                "state_proxy_enabled is on in a namespace, so an endpoint is needed",
            ));
        }
        if !(ep.starts_with("http://") || ep.starts_with("https://")) {
            return Err(invalid(
                "channel.proxy.state.endpoint",
                format!("{ep:?}: only http(s) endpoints are supported"),
            ));
        }
    }
    let a = &c.admin;
    if a.enabled
        && !a.insecure
        && a.api_key.is_empty()
        && (a.password.is_empty() || a.secret.is_empty())
        && !a.oidc.enabled()
    {
        return Err(invalid(
            "admin",
            "admin.enabled needs admin.api_key, admin.password with admin.secret, or admin.oidc (or admin.insecure for local use)",
        ));
    }
    if !a.password.is_empty() && a.secret.is_empty() {
        return Err(invalid(
            "admin.secret",
            "admin.password needs admin.secret to sign login tokens",
        ));
    }
    let us = &c.user_status;
    for (key, d) in [
        ("user_status.expire_interval", us.expire_interval),
        ("user_status.online_interval", us.online_interval),
    ] {
        if !d.is_positive() {
            return Err(invalid(
                key,
                format!("must be a positive duration, e.g. \"25s\" (got {d})"),
            ));
        }
    }
    if us.online_interval.value >= us.expire_interval.value {
        return Err(invalid(
            "user_status.online_interval",
            format!(
                "must be less than user_status.expire_interval ({} >= {}), or statuses of connected users expire between refreshes",
                us.online_interval, us.expire_interval
            ),
        ));
    }
    if c.websocket.message_size_limit == 0 {
        return Err(invalid(
            "websocket.message_size_limit",
            "must be greater than 0",
        ));
    }
    if let Err((key, why)) = super::transport::validate(c) {
        return Err(invalid(&key, why));
    }
    for (key, t) in [
        ("client.token", cl.token.clone()),
        (
            "client.subscription_token",
            cl.subscription_token.effective(&cl.token),
        ),
    ] {
        if !t.rsa_public_key.is_empty() {
            jsonwebtoken::DecodingKey::from_rsa_pem(t.rsa_public_key.as_bytes()).map_err(|e| {
                invalid(
                    format!("{key}.rsa_public_key"),
                    format!("not a PEM RSA public key: {e}"),
                )
            })?;
        }
        if !t.ecdsa_public_key.is_empty() {
            jsonwebtoken::DecodingKey::from_ec_pem(t.ecdsa_public_key.as_bytes()).map_err(|e| {
                invalid(
                    format!("{key}.ecdsa_public_key"),
                    format!("not a PEM ECDSA public key: {e}"),
                )
            })?;
        }
    }
    Ok(warnings)
}

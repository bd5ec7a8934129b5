//! Checks every push request before the store sees it: each bad field becomes one
//! [`Invalid`] that names the field (sent as 107 bad request). No I/O here; the store checks
//! only what needs the database (unknown ids, per-user and per-device counts).

use std::collections::BTreeMap;

use base64::Engine as _;

use crate::proto::push::{self as wire, PLATFORMS, PROVIDERS, TOPIC_OPS};

/// The longest token, in bytes (a webpush subscription JSON included).
pub const MAX_TOKEN_BYTES: usize = 4096;
/// The longest user id, topic or meta value, in bytes.
pub const MAX_STRING_BYTES: usize = 1024;
/// The longest timezone or locale, in bytes.
pub const MAX_TZ_BYTES: usize = 64;
/// The most meta keys on one device.
pub const MAX_META_KEYS: usize = 64;
/// The most entries in one filter list.
pub const MAX_FILTER_ITEMS: usize = 1000;
/// The page size when a listing gives no `limit`.
pub const DEFAULT_PAGE: usize = 100;
/// The largest page.
pub const MAX_PAGE: usize = 1000;

/// A bad field: its path in the request and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: String,
    pub reason: String,
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

/// A topic operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Remove,
    Set,
}

/// A device as the store writes it: validated, with the webpush subscription split into its
/// endpoint (the token, the device's identity) and its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub id: Option<String>,
    pub provider: String,
    pub token: String,
    pub platform: String,
    pub user: String,
    pub timezone: String,
    pub locale: String,
    /// Without duplicates, in request order.
    pub topics: Vec<String>,
    pub meta: BTreeMap<String, String>,
    /// `{"p256dh":..,"auth":..}` for webpush, else empty.
    pub webpush_keys: String,
}

/// Whether `id` has the shape of a device id this server issues (a UUID).
pub fn is_device_id(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::parse_str(id).is_ok()
}

/// A new device id: a UUID version 7, so ids sort by creation time.
pub fn new_device_id() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut b = *uuid::Uuid::new_v4().as_bytes();
    b[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    b[6] = (b[6] & 0x0f) | 0x70;
    uuid::Uuid::from_bytes(b).hyphenated().to_string()
}

fn one_of(field: &str, v: &str, allowed: &[&str]) -> Result<(), Invalid> {
    if allowed.contains(&v) {
        Ok(())
    } else if v.is_empty() {
        Err(invalid(
            field,
            format!("required, one of {}", allowed.join(", ")),
        ))
    } else {
        Err(invalid(
            field,
            format!("{v:?} is not one of {}", allowed.join(", ")),
        ))
    }
}

/// No NUL character: `PostgreSQL` text cannot hold one, so neither store takes it.
fn no_nul(field: &str, v: &str) -> Result<(), Invalid> {
    if v.contains('\0') {
        Err(invalid(field, "contains a NUL character (U+0000)"))
    } else {
        Ok(())
    }
}

fn bounded(field: &str, v: &str, max: usize) -> Result<(), Invalid> {
    no_nul(field, v)?;
    if v.len() > max {
        Err(invalid(
            field,
            format!("{} bytes, over the {max} byte limit", v.len()),
        ))
    } else {
        Ok(())
    }
}

/// An IANA time zone name's characters (`Europe/Nicosia`, `America/Argentina/Buenos_Aires`,
/// `Etc/GMT+3`); the zone itself is not looked up. Empty is allowed (no timezone).
fn timezone(field: &str, v: &str) -> Result<(), Invalid> {
    bounded(field, v, MAX_TZ_BYTES)?;
    if v.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
    {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{v:?} is not an IANA time zone name (like Europe/Nicosia)"),
        ))
    }
}

/// A BCP 47 language tag's shape (`en`, `pt-BR`, `zh-Hant-TW`; `_` is taken for `-`). Empty
/// is allowed (no locale).
fn locale(field: &str, v: &str) -> Result<(), Invalid> {
    bounded(field, v, MAX_TZ_BYTES)?;
    let mut parts = v.split(['-', '_']);
    let ok = v.is_empty()
        || (parts.next().is_some_and(|p| {
            (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
        }) && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{v:?} is not a BCP 47 language tag (like en-US)"),
        ))
    }
}

/// The operation named `v`.
pub fn op(field: &str, v: &str) -> Result<Op, Invalid> {
    one_of(field, v, TOPIC_OPS)?;
    Ok(match v {
        "add" => Op::Add,
        "remove" => Op::Remove,
        _ => Op::Set,
    })
}

/// Topics without duplicates (first occurrence kept); each non-empty and bounded; at most
/// `max` of them.
pub fn topics(field: &str, list: &[String], max: usize) -> Result<Vec<String>, Invalid> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, t) in list.iter().enumerate() {
        if t.is_empty() {
            return Err(invalid(format!("{field}[{i}]"), "empty topic"));
        }
        bounded(&format!("{field}[{i}]"), t, MAX_STRING_BYTES)?;
        if seen.insert(t.as_str()) {
            out.push(t.clone());
        }
    }
    if out.len() > max {
        return Err(invalid(
            field,
            format!(
                "{} topics, over the limit of {max} (push_notifications.max_topics_per_device)",
                out.len()
            ),
        ));
    }
    Ok(out)
}

fn meta(field: &str, m: &BTreeMap<String, String>) -> Result<(), Invalid> {
    if m.len() > MAX_META_KEYS {
        return Err(invalid(
            field,
            format!("{} keys, over the limit of {MAX_META_KEYS}", m.len()),
        ));
    }
    for (k, v) in m {
        bounded(&format!("{field}.{k}"), k, MAX_STRING_BYTES)?;
        bounded(&format!("{field}.{k}"), v, MAX_STRING_BYTES)?;
    }
    Ok(())
}

fn list(field: &str, l: &[String]) -> Result<(), Invalid> {
    if l.len() > MAX_FILTER_ITEMS {
        return Err(invalid(
            field,
            format!("{} items, over the limit of {MAX_FILTER_ITEMS}", l.len()),
        ));
    }
    for (i, v) in l.iter().enumerate() {
        no_nul(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

/// A user id, device id or cursor given alone: bounded, and no NUL.
pub fn text(field: &str, v: &str) -> Result<(), Invalid> {
    bounded(field, v, MAX_STRING_BYTES)
}

fn each_one_of(field: &str, l: &[String], allowed: &[&str]) -> Result<(), Invalid> {
    list(field, l)?;
    for (i, v) in l.iter().enumerate() {
        one_of(&format!("{field}[{i}]"), v, allowed)?;
    }
    Ok(())
}

/// The page size of a listing.
pub fn limit(v: i32) -> Result<usize, Invalid> {
    match v {
        0 => Ok(DEFAULT_PAGE),
        n if n < 0 => Err(invalid("limit", "must not be negative")),
        n if n as usize > MAX_PAGE => Err(invalid(
            "limit",
            format!("{n} is over the largest page, {MAX_PAGE}"),
        )),
        n => Ok(n as usize),
    }
}

/// Decodes base64url with or without padding (browsers give it without).
fn b64url(v: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(v.trim_end_matches('='))
        .ok()
}

/// Checks a Push API subscription (`{"endpoint":"https://..","keys":{"p256dh":..,"auth":..}}`)
/// as RFC 8291 needs it: an https endpoint, a P-256 public key (an uncompressed point on the
/// curve) and a 16-byte auth secret, both base64url. Returns (endpoint, keys JSON).
pub fn webpush_subscription(token: &str) -> Result<(String, String), Invalid> {
    let v: serde_json::Value = serde_json::from_str(token).map_err(|_| {
        invalid(
            "token",
            "a webpush token must be a PushSubscription as JSON ({\"endpoint\":..,\"keys\":{\"p256dh\":..,\"auth\":..}})",
        )
    })?;
    let endpoint = v
        .get("endpoint")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| invalid("token.endpoint", "required, an https URL"))?;
    no_nul("token.endpoint", endpoint)?;
    let url = url::Url::parse(endpoint)
        .map_err(|e| invalid("token.endpoint", format!("not a URL: {e}")))?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(
            "token.endpoint",
            "must be an https URL with a host",
        ));
    }
    let keys = v
        .get("keys")
        .ok_or_else(|| invalid("token.keys", "required, with p256dh and auth"))?;
    let key = |name: &str| {
        keys.get(name)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| invalid(format!("token.keys.{name}"), "required, base64url"))
    };
    let p256dh = key("p256dh")?;
    let auth = key("auth")?;
    let point = b64url(p256dh).ok_or_else(|| invalid("token.keys.p256dh", "not base64url"))?;
    if point.len() != 65 || point[0] != 4 || p256::PublicKey::from_sec1_bytes(&point).is_err() {
        return Err(invalid(
            "token.keys.p256dh",
            "not an uncompressed P-256 public key (65 bytes, on the curve)",
        ));
    }
    let secret = b64url(auth).ok_or_else(|| invalid("token.keys.auth", "not base64url"))?;
    if secret.len() != 16 {
        return Err(invalid(
            "token.keys.auth",
            format!("{} bytes; the auth secret is 16 bytes", secret.len()),
        ));
    }
    let keys = serde_json::json!({ "p256dh": p256dh, "auth": auth }).to_string();
    Ok((endpoint.to_string(), keys))
}

/// Checks a `device_register` request and puts it in the form the store writes.
pub fn register(r: &wire::DeviceRegisterRequest, max_topics: usize) -> Result<NewDevice, Invalid> {
    let id = if r.id.is_empty() {
        None
    } else if is_device_id(&r.id) {
        Some(r.id.clone())
    } else {
        return Err(invalid(
            "id",
            "not a device id: leave it out to register a new device",
        ));
    };
    one_of("provider", &r.provider, PROVIDERS)?;
    one_of("platform", &r.platform, PLATFORMS)?;
    if r.token.is_empty() {
        return Err(invalid("token", "required"));
    }
    bounded("token", &r.token, MAX_TOKEN_BYTES)?;
    let (token, webpush_keys) = if r.provider == "webpush" {
        webpush_subscription(&r.token)?
    } else {
        (r.token.clone(), String::new())
    };
    bounded("user", &r.user, MAX_STRING_BYTES)?;
    timezone("timezone", &r.timezone)?;
    locale("locale", &r.locale)?;
    meta("meta", &r.meta)?;
    Ok(NewDevice {
        id,
        provider: r.provider.clone(),
        token,
        platform: r.platform.clone(),
        user: r.user.clone(),
        timezone: r.timezone.clone(),
        locale: r.locale.clone(),
        topics: topics("topics", &r.topics, max_topics)?,
        meta: r.meta.clone(),
        webpush_keys,
    })
}

/// Checks a `device_update` request: a selection (`ids` or `users`) and valid updates.
pub fn update(r: &wire::DeviceUpdateRequest, max_topics: usize) -> Result<Option<Op>, Invalid> {
    selection(&r.ids, &r.users)?;
    if let Some(u) = &r.user_update {
        bounded("user_update.user", &u.user, MAX_STRING_BYTES)?;
    }
    if let Some(t) = &r.timezone_update {
        timezone("timezone_update.timezone", &t.timezone)?;
    }
    if let Some(l) = &r.locale_update {
        locale("locale_update.locale", &l.locale)?;
    }
    if let Some(m) = &r.meta_update {
        meta("meta_update.meta", &m.meta)?;
    }
    r.topics_update
        .as_ref()
        .map(|t| {
            topics("topics_update.topics", &t.topics, max_topics)?;
            op("topics_update.op", &t.op)
        })
        .transpose()
}

/// Checks the `ids`/`users` selection of `device_update` and `device_remove`: at least one,
/// so that no call touches every device by accident.
pub fn selection(ids: &[String], users: &[String]) -> Result<(), Invalid> {
    list("ids", ids)?;
    list("users", users)?;
    if ids.is_empty() && users.is_empty() {
        return Err(invalid("ids", "set ids or users to select devices"));
    }
    Ok(())
}

/// Checks a device filter.
pub fn device_filter(field: &str, f: &wire::DeviceFilter) -> Result<(), Invalid> {
    list(&format!("{field}.ids"), &f.ids)?;
    list(&format!("{field}.users"), &f.users)?;
    list(&format!("{field}.topics"), &f.topics)?;
    each_one_of(&format!("{field}.providers"), &f.providers, PROVIDERS)?;
    each_one_of(&format!("{field}.platforms"), &f.platforms, PLATFORMS)?;
    Ok(())
}

/// Checks a device↔topic filter.
pub fn device_topic_filter(f: &wire::DeviceTopicFilter) -> Result<(), Invalid> {
    list("filter.device_ids", &f.device_ids)?;
    list("filter.device_users", &f.device_users)?;
    list("filter.topics", &f.topics)?;
    each_one_of("filter.device_providers", &f.device_providers, PROVIDERS)?;
    each_one_of("filter.device_platforms", &f.device_platforms, PLATFORMS)?;
    bounded("filter.topic_prefix", &f.topic_prefix, MAX_STRING_BYTES)
}

/// Checks a user↔topic filter.
pub fn user_topic_filter(f: &wire::UserTopicFilter) -> Result<(), Invalid> {
    list("filter.users", &f.users)?;
    list("filter.topics", &f.topics)?;
    bounded("filter.topic_prefix", &f.topic_prefix, MAX_STRING_BYTES)
}

/// A row-id cursor (`device_topic_list`, `user_topic_list`): empty or a positive integer.
pub fn row_cursor(v: &str) -> Result<i64, Invalid> {
    if v.is_empty() {
        return Ok(0);
    }
    v.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| invalid("cursor", "not a cursor this server gave"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A real subscription's keys (from the Push API test vectors of RFC 8291 §5).
    pub const P256DH: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    pub const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    fn sub(endpoint: &str, p256dh: &str, auth: &str) -> String {
        serde_json::json!({"endpoint": endpoint, "expirationTime": null,
            "keys": {"p256dh": p256dh, "auth": auth}})
        .to_string()
    }

    fn reg(provider: &str, token: &str, platform: &str) -> wire::DeviceRegisterRequest {
        wire::DeviceRegisterRequest {
            provider: provider.into(),
            token: token.into(),
            platform: platform.into(),
            ..Default::default()
        }
    }

    fn field(e: Invalid) -> String {
        e.field
    }

    #[test]
    fn provider_platform_token() {
        assert!(register(&reg("fcm", "t", "android"), 10).is_ok());
        assert_eq!(
            field(register(&reg("gcm", "t", "android"), 10).unwrap_err()),
            "provider"
        );
        assert_eq!(
            field(register(&reg("", "t", "android"), 10).unwrap_err()),
            "provider"
        );
        assert_eq!(
            field(register(&reg("fcm", "t", "windows"), 10).unwrap_err()),
            "platform"
        );
        assert_eq!(
            field(register(&reg("fcm", "", "ios"), 10).unwrap_err()),
            "token"
        );
        let big = "x".repeat(MAX_TOKEN_BYTES + 1);
        let e = register(&reg("apns", &big, "ios"), 10).unwrap_err();
        assert_eq!(e.field, "token");
        assert!(e.reason.contains("4097 bytes"), "{e}");
        let mut r = reg("fcm", "t", "ios");
        r.id = "nope".into();
        assert_eq!(field(register(&r, 10).unwrap_err()), "id");
        r.id = new_device_id();
        assert_eq!(register(&r, 10).unwrap().id, Some(r.id.clone()));
    }

    #[test]
    fn timezone_and_locale_shapes() {
        for tz in [
            "",
            "Europe/Nicosia",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+3",
            "UTC",
        ] {
            assert!(timezone("timezone", tz).is_ok(), "{tz}");
        }
        for tz in ["Europe/Nicosia; DROP", "Москва", "a b"] {
            assert_eq!(field(timezone("timezone", tz).unwrap_err()), "timezone");
        }
        for l in ["", "en", "en-US", "pt_BR", "zh-Hant-TW", "es-419"] {
            assert!(locale("locale", l).is_ok(), "{l}");
        }
        for l in ["e", "english language", "en--US", "-en", "12-US", "en-"] {
            assert_eq!(field(locale("locale", l).unwrap_err()), "locale", "{l}");
        }
        let mut r = reg("fcm", "t", "ios");
        r.locale = "x y".into();
        assert_eq!(field(register(&r, 10).unwrap_err()), "locale");
    }

    #[test]
    fn topics_are_deduplicated_and_limited() {
        let mut r = reg("fcm", "t", "ios");
        r.topics = vec!["a".into(), "b".into(), "a".into()];
        assert_eq!(register(&r, 2).unwrap().topics, ["a", "b"]);
        r.topics.push("c".into());
        let e = register(&r, 2).unwrap_err();
        assert_eq!(e.field, "topics");
        assert!(e.reason.contains("max_topics_per_device"), "{e}");
        r.topics = vec![String::new()];
        assert_eq!(field(register(&r, 2).unwrap_err()), "topics[0]");
    }

    #[test]
    fn webpush_subscription_is_checked_as_one() {
        let good = sub("https://push.example.net/abc", P256DH, AUTH);
        let d = register(&reg("webpush", &good, "web"), 10).unwrap();
        assert_eq!(d.token, "https://push.example.net/abc");
        assert!(d.webpush_keys.contains(AUTH));
        // padded base64url is accepted too
        let padded = sub("https://push.example.net/abc", P256DH, &format!("{AUTH}=="));
        assert!(register(&reg("webpush", &padded, "web"), 10).is_ok());
        for (token, want) in [
            ("not json".to_string(), "token"),
            ("{}".to_string(), "token.endpoint"),
            (
                sub("http://push.example.net/x", P256DH, AUTH),
                "token.endpoint",
            ),
            (sub("not a url", P256DH, AUTH), "token.endpoint"),
            (
                serde_json::json!({"endpoint": "https://a.example/x"}).to_string(),
                "token.keys",
            ),
            (sub("https://a.example/x", "", AUTH), "token.keys.p256dh"),
            (sub("https://a.example/x", "!!", AUTH), "token.keys.p256dh"),
            (
                sub("https://a.example/x", &"A".repeat(87), AUTH),
                "token.keys.p256dh",
            ),
            (
                sub("https://a.example/x", P256DH, "AAAA"),
                "token.keys.auth",
            ),
            (sub("https://a.example/x", P256DH, "*"), "token.keys.auth"),
        ] {
            let e = register(&reg("webpush", &token, "web"), 10).unwrap_err();
            assert_eq!(e.field, want, "{token}: {e}");
        }
    }

    #[test]
    fn filters_and_pages() {
        let f = wire::DeviceFilter {
            providers: vec!["fcm".into(), "x".into()],
            ..Default::default()
        };
        assert_eq!(
            field(device_filter("filter", &f).unwrap_err()),
            "filter.providers[1]"
        );
        assert_eq!(limit(0).unwrap(), DEFAULT_PAGE);
        assert_eq!(field(limit(-1).unwrap_err()), "limit");
        assert_eq!(field(limit(1001).unwrap_err()), "limit");
        assert_eq!(row_cursor("").unwrap(), 0);
        assert_eq!(row_cursor("12").unwrap(), 12);
        assert_eq!(field(row_cursor("x").unwrap_err()), "cursor");
        assert_eq!(field(selection(&[], &[]).unwrap_err()), "ids");
        assert_eq!(field(op("op", "replace").unwrap_err()), "op");
    }

    /// `PostgreSQL` text cannot hold NUL, so no field that reaches a store may carry one.
    #[test]
    fn nul_is_refused_everywhere_a_store_would_see_it() {
        let nul = "a\0b".to_string();
        let mut r = reg("fcm", &nul, "ios");
        assert_eq!(field(register(&r, 10).unwrap_err()), "token");
        r.token = "t".into();
        r.user = nul.clone();
        assert_eq!(field(register(&r, 10).unwrap_err()), "user");
        r.user = String::new();
        r.topics = vec!["ok".into(), nul.clone()];
        assert_eq!(field(register(&r, 10).unwrap_err()), "topics[1]");
        r.topics = Vec::new();
        r.meta = BTreeMap::from([("k".into(), nul.clone())]);
        assert_eq!(field(register(&r, 10).unwrap_err()), "meta.k");
        let f = wire::DeviceFilter {
            users: vec![nul.clone()],
            ..Default::default()
        };
        assert_eq!(
            field(device_filter("filter", &f).unwrap_err()),
            "filter.users[0]"
        );
        assert_eq!(
            field(selection(std::slice::from_ref(&nul), &[]).unwrap_err()),
            "ids[0]"
        );
        assert_eq!(field(text("cursor", &nul).unwrap_err()), "cursor");
        let endpoint = sub("https://push.example/\u{0}x", P256DH, AUTH);
        assert_eq!(
            field(register(&reg("webpush", &endpoint, "web"), 10).unwrap_err()),
            "token.endpoint"
        );
    }

    #[test]
    fn device_ids_sort_by_time() {
        let a = new_device_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_device_id();
        assert!(is_device_id(&a) && is_device_id(&b));
        assert!(a < b, "{a} {b}");
    }
}

//! `centri push send` flags → one `send_push_notification` request ([`build`]): the recipient
//! and the providers it targets, each targeted provider's message from `--title`, `--body`
//! and `--data` unless a native `--fcm/--hms/--apns/--webpush` replaces it, and the delivery
//! fields. No network: `@FILE` and `-` arguments are the only reads. Missing or clashing flags
//! are usage errors (exit 2) naming them.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use crate::cli::{PushSendArgs, SendAt};
use crate::commands::Failure;
use crate::output::count_of;
use crate::proto::push::send::{
    ApnsNotification, MessageOf, PushLimitStrategy, PushLocalization, PushRateLimit, PushRecipient,
    PushTimeLimit, SendPushRequest,
};
use crate::proto::push::{DeviceFilter, PROVIDERS};

/// How far in the past `--send-at` may be (clock skew, a slow terminal), not a typo.
const PAST_SLACK_SECS: i64 = 60;

fn unix_secs(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Whole seconds, rounded up (an expiry of 500ms is 1s, not now).
fn ceil_secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs() + u64::from(d.subsec_nanos() > 0)).unwrap_or(i64::MAX)
}

/// The recipient and the providers it targets.
fn recipient(a: &PushSendArgs) -> Result<(PushRecipient, Vec<&'static str>), Failure> {
    let selects = !a.user.is_empty() || !a.topic.is_empty() || !a.device.is_empty() || a.all;
    let narrows = !a.provider.is_empty() || !a.platform.is_empty();
    let mut forms: Vec<&str> = Vec::new();
    if selects || narrows {
        forms.push("a device filter (--user, --topic, --device, --all)");
    }
    for (flag, on) in [
        ("--fcm-token", !a.fcm_token.is_empty()),
        ("--hms-token", !a.hms_token.is_empty()),
        ("--apns-token", !a.apns_token.is_empty()),
        ("--fcm-topic", a.fcm_topic.is_some()),
        ("--fcm-condition", a.fcm_condition.is_some()),
        ("--hms-topic", a.hms_topic.is_some()),
        ("--hms-condition", a.hms_condition.is_some()),
    ] {
        if on {
            forms.push(flag);
        }
    }
    match forms.len() {
        0 => {
            return Err(Failure::usage(
                "no recipient: pass --user, --topic, --device or --all (devices), or --fcm-token, \
                 --hms-token, --apns-token, --fcm-topic, --fcm-condition, --hms-topic or \
                 --hms-condition",
            ))
        }
        1 => {}
        _ => {
            return Err(Failure::usage(format!(
                "one recipient per push, not {}",
                forms.join(" and ")
            ))
            .hint("send one push per recipient form"))
        }
    }
    if narrows && !selects {
        return Err(Failure::usage(
            "--provider and --platform narrow a device filter: add --user, --topic or --device, \
             or --all for every such device",
        ));
    }
    let mut r = PushRecipient::default();
    let one = |s: &'static str| vec![s];
    let targets = if selects {
        r.filter = Some(DeviceFilter {
            ids: a.device.clone(),
            users: a.user.clone(),
            topics: a.topic.clone(),
            providers: a.provider.clone(),
            platforms: a.platform.clone(),
        });
        PROVIDERS
            .iter()
            .copied()
            .filter(|p| a.provider.is_empty() || a.provider.iter().any(|x| x == p))
            .collect::<Vec<_>>()
    } else if !a.fcm_token.is_empty() {
        r.fcm_tokens.clone_from(&a.fcm_token);
        one("fcm")
    } else if !a.hms_token.is_empty() {
        r.hms_tokens.clone_from(&a.hms_token);
        one("hms")
    } else if !a.apns_token.is_empty() {
        r.apns_tokens.clone_from(&a.apns_token);
        one("apns")
    } else if let Some(t) = &a.fcm_topic {
        r.fcm_topic.clone_from(t);
        one("fcm")
    } else if let Some(c) = &a.fcm_condition {
        r.fcm_condition.clone_from(c);
        one("fcm")
    } else if let Some(t) = &a.hms_topic {
        r.hms_topic.clone_from(t);
        one("hms")
    } else {
        r.hms_condition = a.hms_condition.clone().unwrap_or_default();
        one("hms")
    };
    if targets.is_empty() {
        // only providers this CLI makes no message for (the server may know more: a native
        // message could not say which provider it is for either)
        return Err(Failure::usage(format!(
            "--provider {}: not one of {}",
            a.provider.join(", "),
            PROVIDERS.join(", ")
        )));
    }
    Ok((r, targets))
}

/// The recipient in a few words, for people.
pub fn describe(r: &PushRecipient) -> String {
    let list = |name: &str, v: &[String]| {
        let noun = if v.len() == 1 {
            name.to_string()
        } else {
            format!("{name}s")
        };
        format!("{noun} {}", v.join(", "))
    };
    if let Some(f) = &r.filter {
        let mut select = Vec::new();
        for (name, v) in [("user", &f.users), ("topic", &f.topics), ("device", &f.ids)] {
            if !v.is_empty() {
                select.push(list(name, v));
            }
        }
        let mut narrow = Vec::new();
        for (name, v) in [("provider", &f.providers), ("platform", &f.platforms)] {
            if !v.is_empty() {
                narrow.push(list(name, v));
            }
        }
        return match (select.is_empty(), narrow.is_empty()) {
            (true, true) => "every device".to_string(),
            (true, false) => format!("every device with {}", narrow.join(" and ")),
            _ => format!(
                "devices with {}",
                select
                    .into_iter()
                    .chain(narrow)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
    }
    for (name, v) in [
        ("fcm token", &r.fcm_tokens),
        ("hms token", &r.hms_tokens),
        ("apns token", &r.apns_tokens),
    ] {
        if !v.is_empty() {
            return count_of(v.len() as u64, name);
        }
    }
    for (name, v) in [
        ("fcm topic", &r.fcm_topic),
        ("fcm condition", &r.fcm_condition),
        ("hms topic", &r.hms_topic),
        ("hms condition", &r.hms_condition),
    ] {
        if !v.is_empty() {
            return format!("{name} {v}");
        }
    }
    "nobody".to_string()
}

/// Reads a native message flag (JSON, `@FILE`, `-`) as a JSON value.
fn native(flag: &str, arg: &str) -> Result<Value, Failure> {
    let text = crate::commands::read_data(Some(arg))?;
    crate::commands::parse_json(&text, flag)
}

fn object(flag: &str, v: Value) -> Result<Map<String, Value>, Failure> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(Failure::usage(format!(
            "{flag} must be a JSON object, not {}",
            kind_of(&other)
        ))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// FCM's or HMS's Message, given bare or as `{"message": ...}`.
fn message_of(flag: &str, v: Value) -> Result<MessageOf, Failure> {
    let mut m = object(flag, v)?;
    if m.len() == 1 {
        if let Some(inner) = m.remove("message") {
            return Ok(MessageOf {
                message: Value::Object(object(&format!("{flag} .message"), inner)?),
            });
        }
    }
    Ok(MessageOf {
        message: Value::Object(m),
    })
}

/// The APNs payload (it has `aps`), or `{"headers": {..}, "payload": {..}}`.
fn apns_of(v: Value) -> Result<ApnsNotification, Failure> {
    let m = object("--apns", v)?;
    if !m.contains_key("aps") && m.contains_key("payload") {
        let extra: Vec<&String> = m
            .keys()
            .filter(|k| *k != "payload" && *k != "headers")
            .collect();
        if !extra.is_empty() {
            return Err(Failure::usage(format!(
                "--apns: {{\"headers\", \"payload\"}} takes nothing else, not {extra:?}"
            )));
        }
        let n: ApnsNotification = serde_json::from_value(Value::Object(m)).map_err(|e| {
            Failure::usage(format!(
                "--apns: headers must be an object of strings and payload an object: {e}"
            ))
        })?;
        if !n.payload.is_object() {
            return Err(Failure::usage("--apns: payload must be a JSON object"));
        }
        return Ok(n);
    }
    Ok(ApnsNotification {
        headers: BTreeMap::new(),
        payload: Value::Object(m),
    })
}

/// Web Push: `{"payload": .., "ttl": .., ..}` as is, anything else as the payload.
fn webpush_of(v: Value) -> Value {
    if v.as_object().is_some_and(|m| m.contains_key("payload")) {
        v
    } else {
        json!({ "payload": v })
    }
}

/// `{"title", "body"}` with what was given.
fn title_body(a: &PushSendArgs) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(t) = &a.title {
        m.insert("title".into(), json!(t));
    }
    if let Some(b) = &a.body {
        m.insert("body".into(), json!(b));
    }
    m
}

fn data_map(a: &PushSendArgs) -> Map<String, Value> {
    a.data
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect()
}

/// A provider's message from `--title`, `--body` and `--data`.
fn plain(provider: &str, a: &PushSendArgs) -> Result<Value, Failure> {
    let tb = title_body(a);
    let data = data_map(a);
    Ok(match provider {
        "fcm" | "hms" => {
            let mut m = Map::new();
            if !tb.is_empty() {
                m.insert("notification".into(), Value::Object(tb));
                if provider == "hms" {
                    // HMS wants a tap action on Android notification messages: 3 opens the app
                    m.insert(
                        "android".into(),
                        json!({"notification": {"click_action": {"type": 3}}}),
                    );
                }
            }
            if !data.is_empty() {
                m.insert(
                    "data".into(),
                    if provider == "hms" {
                        // HMS takes data as a string (of JSON)
                        Value::String(Value::Object(data).to_string())
                    } else {
                        Value::Object(data)
                    },
                );
            }
            json!({ "message": m })
        }
        "apns" => {
            if data.contains_key("aps") {
                return Err(Failure::usage(
                    "--data aps=...: aps is APNs' own key; use --apns for a native payload",
                ));
            }
            let aps = if tb.is_empty() {
                // data only: a background push
                json!({ "content-available": 1 })
            } else {
                json!({ "alert": tb })
            };
            let mut payload = Map::new();
            payload.insert("aps".into(), aps);
            payload.extend(data);
            json!({ "payload": payload })
        }
        _ => {
            let mut payload = tb;
            if !data.is_empty() {
                payload.insert("data".into(), Value::Object(data));
            }
            json!({ "payload": payload })
        }
    })
}

/// Builds the `send_push_notification` request from the flags; `now` for `--send-at +D` and
/// `--expire-in`. Reads `@FILE` and `-` arguments; nothing else leaves the process.
pub fn build(a: &PushSendArgs, now: SystemTime) -> Result<SendPushRequest, Failure> {
    let (recipient, targets) = recipient(a)?;
    let stdin_flags: Vec<&str> = [
        ("--fcm", &a.fcm),
        ("--hms", &a.hms),
        ("--apns", &a.apns),
        ("--webpush", &a.webpush),
    ]
    .into_iter()
    .filter(|(_, v)| v.as_deref() == Some("-"))
    .map(|(f, _)| f)
    .collect();
    if stdin_flags.len() > 1 {
        return Err(Failure::usage(format!(
            "only one flag can read stdin, not {}",
            stdin_flags.join(" and ")
        ))
        .hint("put the others in files: --apns @apns.json"));
    }
    let mut n = crate::proto::push::send::PushNotification::default();
    for (flag, provider, arg) in [
        ("--fcm", "fcm", &a.fcm),
        ("--hms", "hms", &a.hms),
        ("--apns", "apns", &a.apns),
        ("--webpush", "webpush", &a.webpush),
    ] {
        let Some(arg) = arg else { continue };
        if !targets.contains(&provider) {
            return Err(Failure::usage(format!(
                "{flag} goes nowhere: the push goes to {} only",
                targets.join(", ")
            )));
        }
        let v = native(flag, arg)?;
        match provider {
            "fcm" => n.fcm = Some(message_of(flag, v)?),
            "hms" => n.hms = Some(message_of(flag, v)?),
            "apns" => n.apns = Some(apns_of(v)?),
            _ => n.webpush = Some(webpush_of(v)),
        }
    }
    let has_plain = a.title.is_some() || a.body.is_some() || !a.data.is_empty();
    if has_plain {
        for p in &targets {
            let v = plain(p, a)?;
            match *p {
                "fcm" if n.fcm.is_none() => n.fcm = Some(message_of("--fcm", v)?),
                "hms" if n.hms.is_none() => n.hms = Some(message_of("--hms", v)?),
                "apns" if n.apns.is_none() => n.apns = Some(apns_of(v["payload"].clone())?),
                "webpush" if n.webpush.is_none() => n.webpush = Some(v),
                _ => {}
            }
        }
    }
    if n.fcm.is_none() && n.hms.is_none() && n.apns.is_none() && n.webpush.is_none() {
        return Err(Failure::usage(
            "no message: pass --title and/or --body (and --data), or a native --fcm, --hms, \
             --apns or --webpush",
        ));
    }
    let now_secs = unix_secs(now);
    let send_at = match a.send_at {
        None => 0,
        Some(SendAt::In(d)) => now_secs.saturating_add(ceil_secs(d)),
        Some(SendAt::At(t)) => {
            if t < now_secs - PAST_SLACK_SECS {
                return Err(Failure::usage(format!(
                    "--send-at {} is in the past",
                    crate::output::utc_time(t)
                ))
                .hint("leave --send-at out to send now"));
            }
            t
        }
    };
    if let Some(d) = a.expire_in {
        if d.is_zero() {
            return Err(Failure::usage("--expire-in must be longer than 0s"));
        }
        let from = if send_at > 0 { send_at } else { now_secs };
        n.expire_at = from.saturating_add(ceil_secs(d));
    }
    let device_recipient = recipient.filter.is_some();
    let limited = !a.rate_limit.is_empty() || a.between.is_some();
    if limited && !device_recipient {
        return Err(Failure::usage(
            "--rate-limit and --between apply to devices (--user, --topic, --device, --all), \
             not to tokens, topics or conditions of a provider",
        ));
    }
    let limit_strategy = limited.then(|| PushLimitStrategy {
        rate_limit: (!a.rate_limit.is_empty()).then(|| PushRateLimit {
            key: a.rate_limit_key.clone().unwrap_or_default(),
            policies: a.rate_limit.clone(),
            drop_if_rate_limited: a.drop_if_rate_limited,
        }),
        time_limit: a.between.as_ref().map(|(after, before)| PushTimeLimit {
            send_after_time: after.clone(),
            send_before_time: before.clone(),
            no_tz_send_now: a.no_tz_send_now,
        }),
    });
    let mut localizations: BTreeMap<String, PushLocalization> = BTreeMap::new();
    for l in &a.l10n {
        localizations
            .entry(l.lang.clone())
            .or_default()
            .translations
            .insert(l.key.clone(), l.value.clone());
    }
    if !localizations.is_empty() && !a.template {
        return Err(Failure::usage(
            "--l10n fills templates: add --template (and {{.KEY}} in the message)",
        ));
    }
    if a.meta && !a.template {
        return Err(Failure::usage(
            "--meta gives templates the device's meta: add --template",
        ));
    }
    Ok(SendPushRequest {
        recipient,
        notification: n,
        uid: a.uid.clone().unwrap_or_default(),
        send_at,
        optimize_for_reliability: a.reliable,
        limit_strategy,
        analytics_uid: a.analytics_uid.clone().unwrap_or_default(),
        localizations,
        use_templating: a.template,
        use_meta: a.meta,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

//! Checks a `send_push_notification` request and turns it into what the queue keeps: the
//! recipient's first tasks, its due and expiry times, a short description. Each bad field is
//! one [`Invalid`] naming it (107). No I/O here.

use crate::proto::push::send::{PushRecipient, SendPushRequest};
use crate::proto::push::DeviceFilter;
use crate::server::push::validate::{self, Invalid, MAX_TOKEN_BYTES};

use super::limit::{RateLimit, TimeLimit};
use super::provider::Kind;
use super::queue::{NewSend, Work};
use super::template::{self, Template};

/// The most raw tokens one request may carry (per provider).
pub const MAX_TOKENS: usize = 10_000;
/// The longest `uid` or `analytics_uid`.
pub const MAX_UID_BYTES: usize = 256;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

/// The recipient forms, by field name, and whether each is set.
fn forms(r: &PushRecipient) -> Vec<&'static str> {
    let set = [
        ("filter", r.filter.is_some()),
        ("device_ids", !r.device_ids.is_empty()),
        ("topics", !r.topics.is_empty()),
        ("fcm_tokens", !r.fcm_tokens.is_empty()),
        ("fcm_topic", !r.fcm_topic.is_empty()),
        ("fcm_condition", !r.fcm_condition.is_empty()),
        ("hms_tokens", !r.hms_tokens.is_empty()),
        ("hms_topic", !r.hms_topic.is_empty()),
        ("hms_condition", !r.hms_condition.is_empty()),
        ("apns_tokens", !r.apns_tokens.is_empty()),
    ];
    set.into_iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| n)
        .collect()
}

/// The device filter of a device recipient (`filter`, `device_ids` or `topics`), if it is one.
pub fn device_filter(r: &PushRecipient) -> Option<DeviceFilter> {
    if let Some(f) = &r.filter {
        return Some(f.clone());
    }
    if !r.device_ids.is_empty() {
        return Some(DeviceFilter {
            ids: r.device_ids.clone(),
            ..DeviceFilter::default()
        });
    }
    if !r.topics.is_empty() {
        return Some(DeviceFilter {
            topics: r.topics.clone(),
            ..DeviceFilter::default()
        });
    }
    None
}

/// The raw tokens of a token recipient: (provider, field, tokens).
pub fn raw_tokens(r: &PushRecipient) -> Option<(Kind, &'static str, &[String])> {
    [
        (Kind::Fcm, "fcm_tokens", &r.fcm_tokens),
        (Kind::Hms, "hms_tokens", &r.hms_tokens),
        (Kind::Apns, "apns_tokens", &r.apns_tokens),
    ]
    .into_iter()
    .find(|(_, _, v)| !v.is_empty())
    .map(|(k, f, v)| (k, f, v.as_slice()))
}

/// A native topic or condition: (provider, is topic, value).
pub fn native(r: &PushRecipient) -> Option<(Kind, bool, &str)> {
    [
        (Kind::Fcm, true, &r.fcm_topic),
        (Kind::Fcm, false, &r.fcm_condition),
        (Kind::Hms, true, &r.hms_topic),
        (Kind::Hms, false, &r.hms_condition),
    ]
    .into_iter()
    .find(|(_, _, v)| !v.is_empty())
    .map(|(k, t, v)| (k, t, v.as_str()))
}

/// Whether the request carries a message for `kind`.
pub fn has_message(r: &SendPushRequest, kind: Kind) -> bool {
    let n = &r.notification;
    match kind {
        Kind::Fcm => n.fcm.is_some(),
        Kind::Hms => n.hms.is_some(),
        Kind::Apns => n.apns.is_some(),
        Kind::Webpush => n.webpush.is_some(),
    }
}

/// Checks `r` against the providers that are on (`enabled`) and the clock (`now`, unix ms),
/// and makes the queue entry. `uid` is the request's, or a new one.
pub fn check(
    r: &SendPushRequest,
    enabled: &[Kind],
    now: i64,
    chunk: usize,
) -> Result<NewSend, Invalid> {
    let f = forms(&r.recipient);
    match f.len() {
        0 => {
            return Err(invalid(
                "recipient",
                "set one of filter, device_ids, topics, fcm_tokens, fcm_topic, fcm_condition, hms_tokens, hms_topic, hms_condition, apns_tokens",
            ))
        }
        1 => {}
        _ => {
            return Err(invalid(
                "recipient",
                format!("set only one recipient form, not {}", f.join(" and ")),
            ))
        }
    }
    for (field, v) in [("uid", &r.uid), ("analytics_uid", &r.analytics_uid)] {
        validate::text(field, v)?;
        if v.len() > MAX_UID_BYTES {
            return Err(invalid(field, format!("longer than {MAX_UID_BYTES} bytes")));
        }
    }
    check_messages(r)?;
    if r.send_at < 0 {
        return Err(invalid("send_at", "must be unix seconds, not negative"));
    }
    let expire_at = r.notification.expire_at;
    if expire_at < 0 {
        return Err(invalid(
            "notification.expire_at",
            "must be unix seconds, not negative",
        ));
    }
    if expire_at > 0 && expire_at.saturating_mul(1000) <= now {
        return Err(invalid("notification.expire_at", "is in the past"));
    }
    if expire_at > 0 && r.send_at > 0 && expire_at <= r.send_at {
        return Err(invalid("notification.expire_at", "is not after send_at"));
    }
    let has_limits = r
        .limit_strategy
        .as_ref()
        .is_some_and(|l| l.rate_limit.is_some() || l.time_limit.is_some());
    let uid = if r.uid.is_empty() {
        uuid::Uuid::new_v4().to_string()
    } else {
        r.uid.clone()
    };
    let analytics_uid = if r.analytics_uid.is_empty() {
        uid.clone()
    } else {
        r.analytics_uid.clone()
    };
    let on = |k: Kind, field: &str| {
        if enabled.contains(&k) {
            Ok(())
        } else {
            Err(invalid(
                format!("recipient.{field}"),
                format!(
                    "provider {} is not enabled (push_notifications.enabled_providers)",
                    k.name()
                ),
            ))
        }
    };
    let need_message = |k: Kind, field: &str| {
        if has_message(r, k) {
            Ok(())
        } else {
            Err(invalid(
                format!("notification.{}", k.name()),
                format!("required to send to recipient.{field}"),
            ))
        }
    };
    let (tasks, total, planned, recipient) = if let Some(filter) = device_filter(&r.recipient) {
        validate::device_filter("recipient.filter", &filter)?;
        if !Kind::ALL.iter().any(|k| has_message(r, *k)) {
            return Err(invalid(
                "notification",
                "set a message for at least one provider (fcm, hms, apns, webpush)",
            ));
        }
        let what = describe_filter(&filter);
        (
            vec![Work::Plan {
                cursor: String::new(),
            }],
            0,
            false,
            what,
        )
    } else {
        if has_limits {
            return Err(invalid(
                "limit_strategy",
                "applies to device recipients (filter, device_ids, topics) only",
            ));
        }
        if let Some((k, field, tokens)) = raw_tokens(&r.recipient) {
            on(k, field)?;
            need_message(k, field)?;
            if tokens.len() > MAX_TOKENS {
                return Err(invalid(
                    format!("recipient.{field}"),
                    format!("more than {MAX_TOKENS} tokens"),
                ));
            }
            for (i, t) in tokens.iter().enumerate() {
                let f = format!("recipient.{field}[{i}]");
                if t.is_empty() {
                    return Err(invalid(f, "empty"));
                }
                if t.len() > MAX_TOKEN_BYTES {
                    return Err(invalid(f, format!("longer than {MAX_TOKEN_BYTES} bytes")));
                }
                validate::text(&f, t)?;
            }
            let tasks = (0..tokens.len())
                .step_by(chunk.max(1))
                .map(|from| Work::Tokens {
                    provider: k.name().into(),
                    from,
                    to: (from + chunk.max(1)).min(tokens.len()),
                    done: from,
                })
                .collect();
            (
                tasks,
                tokens.len() as u64,
                true,
                format!("{} {} tokens", tokens.len(), k.name()),
            )
        } else {
            let (k, topic, v) =
                native(&r.recipient).ok_or_else(|| invalid("recipient", "no recipient"))?;
            let field = format!("{}_{}", k.name(), if topic { "topic" } else { "condition" });
            on(k, &field)?;
            need_message(k, &field)?;
            validate::text(&format!("recipient.{field}"), v)?;
            if v.len() > validate::MAX_STRING_BYTES {
                return Err(invalid(
                    format!("recipient.{field}"),
                    format!("longer than {} bytes", validate::MAX_STRING_BYTES),
                ));
            }
            (
                vec![Work::Native {
                    provider: k.name().into(),
                }],
                1,
                true,
                format!("{} {}", field.replace('_', " "), v),
            )
        }
    };
    let request = serde_json::to_string(r).map_err(|e| invalid("request", e.to_string()))?;
    Ok(NewSend {
        uid,
        request,
        recipient,
        analytics_uid,
        created_at: now,
        due: if r.send_at > 0 {
            r.send_at.saturating_mul(1000).max(now)
        } else {
            now
        },
        expire_at: expire_at.saturating_mul(1000),
        tasks,
        total,
        planned,
    })
}

/// Each message that is set has the shape its provider needs.
fn check_messages(r: &SendPushRequest) -> Result<(), Invalid> {
    let n = &r.notification;
    for (field, m) in [("fcm", &n.fcm), ("hms", &n.hms)] {
        if let Some(m) = m {
            if !m.message.is_object() {
                return Err(invalid(
                    format!("notification.{field}.message"),
                    "must be a JSON object (the provider's Message)",
                ));
            }
        }
    }
    if let Some(a) = &n.apns {
        if !a.payload.is_object() {
            return Err(invalid(
                "notification.apns.payload",
                "must be a JSON object",
            ));
        }
        for k in a.headers.keys() {
            if !k.to_ascii_lowercase().starts_with("apns-") {
                return Err(invalid(
                    format!("notification.apns.headers.{k}"),
                    "only apns-* headers may be set",
                ));
            }
        }
    }
    if let Some(w) = &n.webpush {
        let Some(o) = w.as_object() else {
            return Err(invalid("notification.webpush", "must be a JSON object"));
        };
        if o.get("payload").is_none_or(serde_json::Value::is_null) {
            return Err(invalid("notification.webpush.payload", "required"));
        }
        if let Some(t) = o.get("ttl") {
            if !t.is_u64() {
                return Err(invalid("notification.webpush.ttl", "must be whole seconds"));
            }
        }
        if let Some(u) = o.get("urgency") {
            if !matches!(u.as_str(), Some("very-low" | "low" | "normal" | "high")) {
                return Err(invalid(
                    "notification.webpush.urgency",
                    "must be very-low, low, normal or high",
                ));
            }
        }
    }
    Ok(())
}

fn describe_filter(f: &DeviceFilter) -> String {
    let mut parts = Vec::new();
    for (name, v) in [
        ("ids", &f.ids),
        ("users", &f.users),
        ("topics", &f.topics),
        ("providers", &f.providers),
        ("platforms", &f.platforms),
    ] {
        if !v.is_empty() {
            let shown: Vec<&str> = v.iter().take(3).map(String::as_str).collect();
            let more = if v.len() > 3 {
                format!(" +{}", v.len() - 3)
            } else {
                String::new()
            };
            parts.push(format!("{name} {}{more}", shown.join(",")));
        }
    }
    if parts.is_empty() {
        "all devices".into()
    } else {
        parts.join("; ")
    }
}

/// Each provider's message of a request, by [`Kind`] order (fcm, hms, apns, webpush).
pub fn messages(r: &SendPushRequest) -> [Option<std::sync::Arc<serde_json::Value>>; 4] {
    let n = &r.notification;
    [
        n.fcm
            .as_ref()
            .map(|m| std::sync::Arc::new(m.message.clone())),
        n.hms
            .as_ref()
            .map(|m| std::sync::Arc::new(m.message.clone())),
        n.apns
            .as_ref()
            .and_then(|a| serde_json::to_value(a).ok())
            .map(std::sync::Arc::new),
        n.webpush.clone().map(std::sync::Arc::new),
    ]
}

/// What a send renders and limits per device, compiled once.
#[derive(Debug)]
pub struct Compiled {
    /// By [`Kind`] order; `None` when templating is off.
    pub templates: Option<[Option<Template>; 4]>,
    pub time_limit: Option<TimeLimit>,
    pub rate_limit: Option<RateLimit>,
}

/// Compiles the templates (with `use_templating` or `localizations`) and the limit strategy
/// of `r`; a bad one is an [`Invalid`] naming its JSON path.
pub fn compile(
    r: &SendPushRequest,
    messages: &[Option<std::sync::Arc<serde_json::Value>>; 4],
) -> Result<Compiled, Invalid> {
    let templates = if template::enabled(r.use_templating, !r.localizations.is_empty()) {
        let fields = [
            "notification.fcm.message",
            "notification.hms.message",
            "notification.apns",
            "notification.webpush",
        ];
        let mut out: [Option<Template>; 4] = Default::default();
        for (i, m) in messages.iter().enumerate() {
            if let Some(m) = m {
                out[i] = Some(Template::compile(
                    fields[i],
                    m,
                    template::Options::message(r.use_meta),
                )?);
            }
        }
        Some(out)
    } else {
        None
    };
    let (mut time_limit, mut rate_limit) = (None, None);
    if let Some(l) = &r.limit_strategy {
        if let Some(t) = &l.time_limit {
            time_limit = Some(TimeLimit::parse(
                &t.send_after_time,
                &t.send_before_time,
                t.no_tz_send_now,
            )?);
        }
        if let Some(rl) = &l.rate_limit {
            rate_limit = Some(RateLimit::parse(
                &rl.key,
                rl.policies.iter().map(|p| (p.rate, p.interval_ms)),
                rl.drop_if_rate_limited,
            )?);
        }
    }
    Ok(Compiled {
        templates,
        time_limit,
        rate_limit,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(v: serde_json::Value) -> SendPushRequest {
        serde_json::from_value(v).unwrap()
    }

    const ALL: &[Kind] = &Kind::ALL;

    fn field(v: serde_json::Value) -> String {
        check(&req(v), ALL, 1_000_000, 500).unwrap_err().field
    }

    #[test]
    fn one_recipient_form_exactly() {
        assert_eq!(
            field(json!({"notification": {"fcm": {"message": {}}}})),
            "recipient"
        );
        let e = check(
            &req(
                json!({"recipient": {"fcm_tokens": ["a"], "apns_tokens": ["b"]},
                "notification": {"fcm": {"message": {}}}}),
            ),
            ALL,
            0,
            500,
        )
        .unwrap_err();
        assert!(e.reason.contains("fcm_tokens and apns_tokens"), "{e}");
    }

    #[test]
    fn tokens_become_ranges_and_need_their_message_and_provider() {
        let s = check(
            &req(json!({"recipient": {"fcm_tokens": ["a", "b", "c"]},
                "notification": {"fcm": {"message": {"data": {"k": "v"}}}}})),
            ALL,
            5,
            2,
        )
        .unwrap();
        assert_eq!(s.total, 3);
        assert!(s.planned);
        assert_eq!(
            s.tasks,
            vec![
                Work::Tokens {
                    provider: "fcm".into(),
                    from: 0,
                    to: 2,
                    done: 0
                },
                Work::Tokens {
                    provider: "fcm".into(),
                    from: 2,
                    to: 3,
                    done: 2
                },
            ]
        );
        assert_eq!(s.due, 5);
        assert_eq!(s.analytics_uid, s.uid);
        assert_eq!(
            field(json!({"recipient": {"apns_tokens": ["a"]},
                "notification": {"fcm": {"message": {}}}})),
            "notification.apns"
        );
        let e = check(
            &req(json!({"recipient": {"hms_tokens": ["a"]},
                "notification": {"hms": {"message": {}}}})),
            &[Kind::Fcm],
            0,
            500,
        )
        .unwrap_err();
        assert_eq!(e.field, "recipient.hms_tokens");
        assert_eq!(
            field(json!({"recipient": {"fcm_tokens": ["a", ""]},
                "notification": {"fcm": {"message": {}}}})),
            "recipient.fcm_tokens[1]"
        );
    }

    #[test]
    fn device_recipients_plan_and_native_targets_are_one_task() {
        let s = check(
            &req(json!({"recipient": {"topics": ["news"]}, "uid": "u1",
                "notification": {"apns": {"payload": {"aps": {}}}}})),
            ALL,
            0,
            500,
        )
        .unwrap();
        assert_eq!((s.uid.as_str(), s.planned), ("u1", false));
        assert_eq!(
            s.tasks,
            vec![Work::Plan {
                cursor: String::new()
            }]
        );
        assert_eq!(s.recipient, "topics news");
        let s = check(
            &req(json!({"recipient": {"fcm_condition": "'a' in topics"},
                "notification": {"fcm": {"message": {}}}})),
            ALL,
            0,
            500,
        )
        .unwrap();
        assert_eq!(
            s.tasks,
            vec![Work::Native {
                provider: "fcm".into()
            }]
        );
        assert_eq!(s.recipient, "fcm condition 'a' in topics");
    }

    #[test]
    fn bad_fields_are_named() {
        let n = json!({"fcm": {"message": {}}});
        let t = json!({"fcm_tokens": ["a"]});
        assert_eq!(
            field(json!({"recipient": t, "notification": {"fcm": {"message": [1]}}})),
            "notification.fcm.message"
        );
        assert_eq!(
            field(json!({"recipient": {"topics": ["x"]},
                "notification": {"apns": {"payload": {}, "headers": {"authorization": "x"}}}})),
            "notification.apns.headers.authorization"
        );
        assert_eq!(
            field(json!({"recipient": {"topics": ["x"]},
                "notification": {"webpush": {"ttl": 5}}})),
            "notification.webpush.payload"
        );
        assert_eq!(
            field(json!({"recipient": t, "notification": n, "send_at": -1})),
            "send_at"
        );
        let mut past = n.clone();
        past["expire_at"] = json!(10);
        assert_eq!(
            field(json!({"recipient": t, "notification": past})),
            "notification.expire_at"
        );
        assert_eq!(
            field(json!({"recipient": t, "notification": n,
                "limit_strategy": {"time_limit": {"send_after_time": "09:00:00",
                    "send_before_time": "10:00:00"}}})),
            "limit_strategy"
        );
        assert_eq!(
            field(json!({"recipient": t, "notification": n, "uid": "x".repeat(300)})),
            "uid"
        );
        assert_eq!(
            field(json!({"recipient": {"topics": ["x"]}, "notification": {}})),
            "notification"
        );
    }

    #[test]
    fn scheduled_sends_are_due_at_send_at() {
        let s = check(
            &req(json!({"recipient": {"fcm_topic": "news"}, "send_at": 2000,
                "notification": {"fcm": {"message": {}}, "expire_at": 3000}})),
            ALL,
            1_000_000,
            500,
        )
        .unwrap();
        assert_eq!((s.due, s.expire_at), (2_000_000, 3_000_000));
        assert_eq!(
            field(json!({"recipient": {"fcm_topic": "news"}, "send_at": 2000,
                "notification": {"fcm": {"message": {}}, "expire_at": 1500}})),
            "notification.expire_at"
        );
    }
}

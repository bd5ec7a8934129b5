//! `explain`: why a user may or may not subscribe, publish, read history or presence on a
//! channel. It verifies the tokens with the server's verifiers, builds the same
//! [`Subject`] the session builds, and calls [`permissions::decide`], the function the
//! session enforces: there is no second implementation to drift. The server serves it at
//! `POST /admin/explain`; `centri explain --config F` runs it offline.

use crate::proto::explain::{ExplainCheck, ExplainInputs, ExplainRequest, ExplainResult};
use crate::proto::ApiError;

use super::access::{Access, Refusal};
use super::auth::{now_unix, TokenError, Verifier};
use super::config::Config;
use super::permissions::{self, decide, Caps, Decision, Op, Outcome, SubToken, Subject};

/// The verifiers for connection and subscription tokens of `cfg` (as the node builds them).
pub fn verifiers(cfg: &Config) -> Result<(Verifier, Verifier), String> {
    let conn = Verifier::new(&cfg.client.token)?;
    let sub = Verifier::new(&cfg.client.subscription_token.effective(&cfg.client.token))?;
    Ok((conn, sub))
}

fn parse_op(op: &str) -> Result<Op, String> {
    match op {
        "subscribe" => Ok(Op::Subscribe),
        "publish" => Ok(Op::Publish),
        "history" => Ok(Op::History),
        "presence" | "presence_stats" => Ok(Op::Presence),
        other => Err(format!(
            "unknown operation {other:?}: use subscribe, publish, history or presence"
        )),
    }
}

/// A verdict reached before the permission chain (a token the session would refuse).
fn refused(
    req: &ExplainRequest,
    inputs: ExplainInputs,
    rule: &str,
    e: &ApiError,
    detail: String,
    hint: &str,
) -> ExplainResult {
    ExplainResult {
        allowed: false,
        code: e.code,
        message: e.message.clone(),
        op: req.op.clone(),
        channel: req.channel.clone(),
        inputs,
        checks: vec![ExplainCheck {
            rule: rule.into(),
            status: "decided".into(),
            outcome: "denied".into(),
            detail,
        }],
        decided: Some(0),
        hint: hint.into(),
        ..ExplainResult::default()
    }
}

/// Explains one decision. `live_subscribed(user, channel)` says whether a live connection of
/// the user is subscribed (offline: always false); `access` is the server's access controls
/// (offline: none). Bad requests are an `Err` naming the field.
pub fn explain(
    cfg: &Config,
    conn_verifier: &Verifier,
    sub_verifier: &Verifier,
    access: Option<&Access>,
    req: &ExplainRequest,
    live_subscribed: impl Fn(&str, &str) -> bool,
) -> Result<ExplainResult, String> {
    let op = parse_op(&req.op)?;
    if req.channel.is_empty() {
        return Err("channel must not be empty".into());
    }
    let now = now_unix();
    let mut inputs = ExplainInputs {
        user: req.user.clone(),
        token: "none".into(),
        sub_token: "none".into(),
        ..ExplainInputs::default()
    };
    // the connection token: what the session verified at connect
    let mut caps: Option<Caps> = None;
    let mut token_id: Option<(String, i64)> = None;
    if !req.token.is_empty() {
        match conn_verifier.verify(&req.token, now) {
            Ok((claims, user)) => {
                token_id = Some((claims.jti.clone(), claims.iat.unwrap_or(0)));
                if !req.user.is_empty() && req.user != user {
                    return Err(format!(
                        "the token is for user {user:?}, not {:?}",
                        req.user
                    ));
                }
                inputs.user = user;
                match Caps::compile(&claims.caps) {
                    Ok(c) => {
                        inputs.caps = claims.caps.len();
                        caps = Some(c);
                    }
                    Err(why) => {
                        inputs.token = format!("invalid: {why}");
                        return Ok(refused(
                            req,
                            inputs,
                            "connection_token",
                            &ApiError::new(3500),
                            format!("the connection would be closed with 3500: {why}"),
                            "fix the token's caps",
                        ));
                    }
                }
                inputs.token = "valid".into();
            }
            Err(TokenError::Expired) => {
                inputs.token = "expired".into();
                return Ok(refused(
                    req,
                    inputs,
                    "connection_token",
                    &ApiError::new(crate::proto::codes::TOKEN_EXPIRED),
                    "the connection token has expired: connect is refused with 109".into(),
                    "issue a fresh connection token",
                ));
            }
            Err(TokenError::Invalid(why)) => {
                inputs.token = format!("invalid: {why}");
                return Ok(refused(
                    req,
                    inputs,
                    "connection_token",
                    &ApiError::new(3500),
                    format!("the connection would be closed with 3500 invalid token: {why}"),
                    "check the token's signature, algorithm, audience and issuer against client.token",
                ));
            }
        }
    }
    // access controls: what the session checks at connect, before any permission
    if let Some(a) = access {
        if let Some(until) = a.blocked(&inputs.user, now) {
            let why = Refusal::Blocked { until }.describe();
            return Ok(refused(
                req,
                inputs,
                "access_control",
                &ApiError::new(crate::proto::codes::Disconnect::FORCE_DISCONNECT.into()),
                format!("{why}: its connections are closed with 3503 force disconnect"),
                "lift the block with `centri user unblock USER` (block_user/unblock_user)",
            ));
        }
        if let Some((jti, iat)) = &token_id {
            if let Some(why) = a.token_refused(&inputs.user, jti, *iat, "", now) {
                inputs.token = format!("refused: {}", why.describe());
                return Ok(refused(
                    req,
                    inputs,
                    "access_control",
                    &ApiError::new(crate::proto::codes::TOKEN_EXPIRED),
                    format!(
                        "{}: connect is answered 109 and the SDK asks the app for a fresh token",
                        why.describe()
                    ),
                    "issue a fresh connection token (a new jti, issued now)",
                ));
            }
        }
    }
    let user = inputs.user.clone();
    // the subscription token: what the session checks at subscribe
    let mut sub_token = SubToken::None;
    let mut sub_allow: Vec<String> = Vec::new();
    if !req.sub_token.is_empty() {
        match sub_verifier.verify(&req.sub_token, now) {
            Ok((claims, tuser)) => {
                if claims.channel.as_deref() != Some(req.channel.as_str()) || tuser != user {
                    inputs.sub_token = "mismatch".into();
                    return Ok(refused(
                        req,
                        inputs,
                        "subscription_token",
                        &ApiError::new(3500),
                        format!(
                            "the token is for channel {:?} and user {tuser:?}: the connection would be closed with 3500",
                            claims.channel.unwrap_or_default()
                        ),
                        "issue the subscription token for this channel and user",
                    ));
                }
                let refusal = access.and_then(|a| {
                    a.token_refused(
                        &user,
                        &claims.jti,
                        claims.iat.unwrap_or(0),
                        &req.channel,
                        now,
                    )
                });
                if let Some(why) = refusal {
                    // the session answers it as expired (109)
                    inputs.sub_token = format!("refused: {}", why.describe());
                    if op == Op::Subscribe {
                        sub_token = SubToken::Expired;
                    }
                } else {
                    inputs.sub_token = "valid".into();
                    sub_allow = claims.allow;
                    if op == Op::Subscribe {
                        sub_token = SubToken::Valid;
                    }
                }
            }
            Err(TokenError::Expired) => {
                inputs.sub_token = "expired".into();
                if op == Op::Subscribe {
                    sub_token = SubToken::Expired;
                }
            }
            Err(TokenError::Invalid(why)) => {
                inputs.sub_token = format!("invalid: {why}");
                if op == Op::Subscribe {
                    sub_token = SubToken::Invalid(why);
                }
            }
        }
    }
    inputs.sub_allow.clone_from(&sub_allow);
    // the user's personal channel: every connection of the user is subscribed at connect
    let personal = &cfg.client.subscribe_to_user_personal_channel;
    let is_personal =
        personal.enabled && !user.is_empty() && cfg.personal_channel(&user) == req.channel;
    // subscribed: as asked, else as a live connection is, else with a valid subscription
    // token (the client subscribes with it), else not
    let (subscribed, from) = if op == Op::Subscribe {
        (false, "not applicable")
    } else {
        match req.subscribed {
            Some(s) => (s, "request"),
            None if is_personal => (true, "personal channel"),
            None if live_subscribed(&user, &req.channel) => (true, "live connection"),
            None if inputs.sub_token == "valid" => (true, "subscription token"),
            None => (false, "default"),
        }
    };
    inputs.subscribed = subscribed;
    inputs.subscribed_from = from.into();
    let subject = Subject {
        user: &user,
        subscribed: inputs.subscribed,
        sub_token,
        caps: caps.as_ref(),
        sub_allow: if inputs.subscribed { &sub_allow } else { &[] },
    };
    let d = decide(cfg, op, &req.channel, &subject);
    let mut result = render(cfg, req, inputs, &d);
    if is_personal {
        result.server_side = format!(
            "{} is user {user:?}'s personal channel (client.subscribe_to_user_personal_channel): the server subscribes every connection of the user to it at connect, whatever the checks below say{}",
            req.channel,
            if personal.single_connection {
                "; with single_connection, a new connection of the user disconnects the older ones (3504)"
            } else {
                ""
            }
        );
    }
    Ok(result)
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Granted => "granted",
        Outcome::Denied => "denied",
        Outcome::Passed => "passed",
        Outcome::Skipped => "skipped",
        Outcome::Delegated => "delegated",
    }
}

/// The check that decided: the one that granted or denied; when the chain fell through to
/// the default denial, the namespace option whose change would grant.
fn decisive(d: &Decision) -> Option<usize> {
    if let Some(i) = d.checks.iter().rposition(|c| {
        matches!(
            c.outcome,
            Outcome::Granted | Outcome::Denied | Outcome::Delegated
        )
    }) {
        return Some(i);
    }
    d.checks
        .iter()
        .position(|c| c.rule.starts_with("allow_") && c.outcome == Outcome::Passed)
        .or_else(|| d.checks.len().checked_sub(1))
}

fn namespace_key(cfg: &Config, ns: &str) -> String {
    if ns.is_empty() {
        return "channel.without_namespace".into();
    }
    cfg.channel
        .namespaces
        .iter()
        .position(|n| n.name == ns)
        .map_or_else(String::new, |i| format!("channel.namespaces[{i}]"))
}

fn render(
    cfg: &Config,
    req: &ExplainRequest,
    inputs: ExplainInputs,
    d: &Decision,
) -> ExplainResult {
    let decided = decisive(d);
    let checks: Vec<ExplainCheck> = d
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| ExplainCheck {
            rule: c.rule.to_string(),
            status: if Some(i) == decided {
                "decided"
            } else if c.outcome == Outcome::Skipped {
                "skipped"
            } else {
                "passed"
            }
            .into(),
            outcome: outcome_name(c.outcome).into(),
            detail: c.detail.clone(),
        })
        .collect();
    let resolved = permissions::resolve(cfg, &req.channel).ok();
    let (namespace, key, options) = match &resolved {
        Some(r) => (
            r.namespace.to_string(),
            namespace_key(cfg, r.namespace),
            serde_json::to_value(r.options).unwrap_or_default(),
        ),
        None => (String::new(), String::new(), serde_json::Value::Null),
    };
    let (code, message) = match &d.result {
        Ok(()) => (0, String::new()),
        Err(e) => (e.code, e.message.clone()),
    };
    let hint = if let Some(name) = &d.proxy {
        let op = &req.op;
        format!(
            "the backend decides through the {op} proxy {:?}: `centri proxy check {op} --config FILE --user USER --channel {}` shows its answer",
            crate::server::config::proxy::proxy_name(name),
            req.channel
        )
    } else if d.allowed() {
        String::new()
    } else {
        decided
            .and_then(|i| d.checks.get(i))
            .map(|c| hint_for(c.rule, &c.detail, &req.op, &req.channel, &namespace, &key))
            .unwrap_or_default()
    };
    ExplainResult {
        allowed: d.allowed(),
        code,
        message,
        op: req.op.clone(),
        channel: req.channel.clone(),
        namespace,
        namespace_key: key,
        options,
        inputs,
        checks,
        decided,
        hint,
        server_side: String::new(),
    }
}

/// How to turn a denial into a grant, for the check that decided.
fn hint_for(rule: &str, detail: &str, op: &str, channel: &str, ns: &str, key: &str) -> String {
    let ns_name = if ns.is_empty() {
        "the default namespace".to_string()
    } else {
        format!("namespace {ns:?}")
    };
    let cap = match op {
        "subscribe" => "sub",
        "publish" => "pub",
        "history" => "hst",
        _ => "prs",
    };
    let caps = format!(
        "or give the connection token a caps entry {{\"channels\":[{channel:?}],\"allow\":[\"{cap}\"]}}"
    );
    match rule {
        "resolve_namespace" if detail.contains("unknown") => {
            "the namespace is not configured: add it to channel.namespaces".into()
        }
        "resolve_namespace" => "the channel name is invalid: check channel_regex, its length and characters".into(),
        "private_channel" => "a private channel needs a subscription token for it".into(),
        "subscription_token" => "issue a fresh, valid subscription token for this channel and user".into(),
        "feature_enabled" if op == "history" => format!(
            "history is off: set history_size and history_ttl in {ns_name} ({key})"
        ),
        "feature_enabled" => format!("presence is off: set \"presence\": true in {ns_name} ({key})"),
        "allow_subscribe_for_anonymous" | "allow_publish_for_anonymous" => format!(
            "the user is anonymous: set \"{rule}\": true in {ns_name} ({key}), or connect with a user"
        ),
        r if r.starts_with("allow_") && detail.contains("anonymous") => format!(
            "the user is anonymous: allow anonymous access in {ns_name} ({key}), or connect with a user"
        ),
        "allow_user_limited_channels" => format!(
            "the user is not listed after the channel's user boundary; list them, {caps}"
        ),
        r if r.starts_with("allow_") => {
            let sub = match op {
                "subscribe" => ", or issue a subscription token for the channel".to_string(),
                "publish" => {
                    ", or set \"allow_publish_for_subscriber\": true and subscribe first".to_string()
                }
                _ => format!(", or set \"allow_{op}_for_subscriber\": true and subscribe first"),
            };
            format!("set \"{r}\": true in {ns_name} ({key}){sub}, {caps}")
        }
        _ => format!("no rule grants {op} on {channel}: {caps}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Config {
        super::super::config::load(text, &std::collections::HashMap::new())
            .unwrap()
            .config
    }

    fn run(c: &Config, op: &str, user: &str, channel: &str) -> ExplainResult {
        let (a, b) = verifiers(c).unwrap();
        explain(
            c,
            &a,
            &b,
            None,
            &ExplainRequest {
                op: op.into(),
                user: user.into(),
                channel: channel.into(),
                ..ExplainRequest::default()
            },
            |_, _| false,
        )
        .unwrap()
    }

    #[test]
    fn a_blocked_user_or_a_revoked_token_is_the_deciding_rule() {
        use crate::server::access::{Entry, Kind};
        let c = cfg(r#"{"client": {"token": {"hmac_secret_key": "s"}},
            "channel": {"without_namespace": {"allow_subscribe_for_client": true}}}"#);
        let (a, b) = verifiers(&c).unwrap();
        let access = Access::default();
        let now = now_unix();
        let put = |kind, key: &str| Entry {
            kind,
            key: key.into(),
            before: 0,
            expire_at: 0,
        };
        access.apply(&put(Kind::Block, "42"), now);
        access.apply(&put(Kind::Revoke, "j1"), now);
        let token = |user: &str| {
            jsonwebtoken::encode(
                &jsonwebtoken::Header::default(),
                &serde_json::json!({"sub": user, "jti": "j1", "iat": now, "exp": now + 60}),
                &jsonwebtoken::EncodingKey::from_secret(b"s"),
            )
            .unwrap()
        };
        let ask = |user: &str, token: String| {
            explain(
                &c,
                &a,
                &b,
                Some(&access),
                &ExplainRequest {
                    op: "subscribe".into(),
                    user: user.into(),
                    token,
                    channel: "room".into(),
                    ..ExplainRequest::default()
                },
                |_, _| false,
            )
            .unwrap()
        };
        let r = ask("42", String::new());
        assert!(!r.allowed);
        assert_eq!(r.code, 3503);
        assert_eq!(r.checks[0].rule, "access_control");
        assert!(r.checks[0].detail.contains("blocked"), "{r:?}");
        let r = ask("", token("43"));
        assert!(!r.allowed);
        assert_eq!(r.code, 109);
        assert!(r.checks[0].detail.contains("\"j1\" is revoked"), "{r:?}");
        // without the controls the same request is allowed
        let r = explain(
            &c,
            &a,
            &b,
            None,
            &ExplainRequest {
                op: "subscribe".into(),
                token: token("43"),
                channel: "room".into(),
                ..ExplainRequest::default()
            },
            |_, _| false,
        )
        .unwrap();
        assert!(r.allowed, "{r:?}");
    }

    /// Issue 14: the personal channel is named as a server-side subscription, and publish
    /// or history there count the user as subscribed.
    #[test]
    fn the_personal_channel_is_explained_as_server_side() {
        let c = cfg(
            r#"{"client": {"subscribe_to_user_personal_channel": {"enabled": true,
            "personal_channel_namespace": "personal", "single_connection": true}},
            "channel": {"namespaces": [{"name": "personal", "presence": true}]}}"#,
        );
        let r = run(&c, "subscribe", "42", "personal:#42");
        assert!(
            r.server_side.contains("personal channel") && r.server_side.contains("3504"),
            "{r:?}"
        );
        assert!(run(&c, "subscribe", "43", "personal:#42")
            .server_side
            .is_empty());
        let r = run(&c, "history", "42", "personal:#42");
        assert_eq!(
            (r.inputs.subscribed, r.inputs.subscribed_from.as_str()),
            (true, "personal channel")
        );
    }

    #[test]
    fn a_missing_option_is_named_as_the_deciding_check_with_a_fix() {
        let c = cfg(
            r#"{"client":{"token":{"hmac_secret_key":"s"}},"channel":{"namespaces":[{"name":"chat"}]}}"#,
        );
        let r = run(&c, "subscribe", "42", "chat:room");
        assert!(!r.allowed);
        assert_eq!(r.code, 103);
        let d = &r.checks[r.decided.unwrap()];
        assert_eq!(
            (d.rule.as_str(), d.status.as_str()),
            ("allow_subscribe_for_client", "decided")
        );
        assert!(
            r.hint.contains("\"allow_subscribe_for_client\": true"),
            "{}",
            r.hint
        );
        assert!(r.hint.contains("channel.namespaces[0]"), "{}", r.hint);
        assert_eq!(r.namespace, "chat");
    }

    #[test]
    fn grants_name_the_granting_check() {
        let c = cfg(
            r#"{"client":{"token":{"hmac_secret_key":"s"}},"channel":{"namespaces":[{"name":"chat","allow_subscribe_for_client":true}]}}"#,
        );
        let r = run(&c, "subscribe", "42", "chat:room");
        assert!(r.allowed && r.hint.is_empty());
        assert_eq!(r.checks[r.decided.unwrap()].outcome, "granted");
        let r = run(&c, "history", "42", "chat:room");
        assert_eq!((r.allowed, r.code), (false, 108));
        assert!(r.hint.contains("history_size"), "{}", r.hint);
        assert!(run(&c, "subscribe", "42", "nope:x")
            .hint
            .contains("not configured"));
    }

    #[test]
    fn bad_requests_are_errors() {
        let c = cfg("{}");
        let (a, b) = verifiers(&c).unwrap();
        let req = ExplainRequest {
            op: "delete".into(),
            channel: "x".into(),
            ..ExplainRequest::default()
        };
        assert!(explain(&c, &a, &b, None, &req, |_, _| false)
            .unwrap_err()
            .contains("unknown operation"));
        let req = ExplainRequest {
            op: "subscribe".into(),
            ..ExplainRequest::default()
        };
        assert!(explain(&c, &a, &b, None, &req, |_, _| false).is_err());
    }
}

//! Channel resolution and the one decision function for subscribe, publish, history and
//! presence. It returns the verdict together with the ordered checks that led to it: the
//! session enforces the verdict, and `explain` (later) prints the checks, so the two can never
//! disagree. Order and codes follow shared/spec/auth-and-permissions.md §4 and §7.

use serde::Serialize;

use super::config::{Config, NamespaceOptions};
use crate::proto::ApiError;

/// A channel name resolved against the config.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The namespace name, `""` for `without_namespace`.
    pub namespace: &'a str,
    pub options: &'a NamespaceOptions,
    /// Starts with the private prefix (`$`): subscribing needs a token.
    pub private: bool,
}

/// `channel_regex` compiled once per pattern: resolution runs on every publish and
/// subscribe, and compiling there cost far more than matching. Patterns come from loaded
/// configs, so the cache stays as small as the set of namespaces.
fn compiled(pattern: &str) -> Option<regex::Regex> {
    static CACHE: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<String, regex::Regex>>,
    > = std::sync::OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(re) = cache.get(pattern) {
        return Some(re.clone());
    }
    let re = regex::Regex::new(pattern).ok()?;
    cache.insert(pattern.to_string(), re.clone());
    Some(re)
}

/// The name of a catch-all namespace: when `channel.namespaces` holds one, it serves every
/// namespace the config does not declare, instead of 102. No config file can declare it
/// (namespace names must match `^[-a-zA-Z0-9_]{2,}$`); `serve --dev` adds it after
/// validation, so that `--dev` opens every channel, whatever its namespace.
pub const OPEN_NAMESPACE: &str = "*";

/// Resolves `channel` to its namespace and checks its name: unknown namespace → 102 (unless
/// an [`OPEN_NAMESPACE`] serves it), a name that is too long or fails `channel_regex` / the
/// ASCII rule → 107.
pub fn resolve<'a>(cfg: &'a Config, channel: &str) -> Result<Resolved<'a>, ApiError> {
    let ch = &cfg.channel;
    if channel.len() > ch.max_length {
        return Err(ApiError::bad_request());
    }
    let private = !ch.private_prefix.is_empty() && channel.starts_with(&ch.private_prefix);
    let body = if private {
        &channel[ch.private_prefix.len()..]
    } else {
        channel
    };
    let (ns_name, rest) = match body.find(&ch.namespace_boundary) {
        Some(i) => (&body[..i], &body[i + ch.namespace_boundary.len()..]),
        None => ("", body),
    };
    let (namespace, options) = if ns_name.is_empty() {
        ("", &ch.without_namespace)
    } else {
        let opts = cfg
            .namespace(ns_name)
            .or_else(|| cfg.namespace(OPEN_NAMESPACE))
            .ok_or_else(ApiError::unknown_channel)?;
        (opts.name.as_str(), opts)
    };
    if options.channel_regex.is_empty() {
        if !channel.is_ascii() {
            return Err(ApiError::bad_request());
        }
    } else {
        // The regex was validated at config load.
        let re = compiled(&options.channel_regex).ok_or_else(ApiError::internal)?;
        if !re.is_match(rest) {
            return Err(ApiError::bad_request());
        }
    }
    Ok(Resolved {
        namespace,
        options,
        private,
    })
}

/// One `caps` object of a connection token (Centrifugo PRO capabilities).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct CapClaim {
    pub channels: Vec<String>,
    /// `""` (exact), `wildcard`, `doublestar` or `regex`.
    #[serde(rename = "match")]
    pub match_: String,
    /// A subset of `sub`, `pub`, `prs`, `hst`.
    pub allow: Vec<String>,
}

#[derive(Debug, Clone)]
enum Matcher {
    Exact(String),
    Glob(globset::GlobMatcher),
    Regex(regex::Regex),
}

impl Matcher {
    fn is_match(&self, channel: &str) -> bool {
        match self {
            Matcher::Exact(c) => c == channel,
            Matcher::Glob(g) => g.is_match(channel),
            Matcher::Regex(r) => r.is_match(channel),
        }
    }
}

/// Capabilities compiled once per token: bit flags per object plus its channel matchers.
#[derive(Debug, Clone, Default)]
pub struct Caps {
    entries: Vec<(u8, Vec<(String, Matcher)>)>,
}

const SUB: u8 = 1;
const PUB: u8 = 2;
const PRS: u8 = 4;
const HST: u8 = 8;

fn cap_bit(a: &str) -> Option<u8> {
    match a {
        "sub" => Some(SUB),
        "pub" => Some(PUB),
        "prs" => Some(PRS),
        "hst" => Some(HST),
        _ => None,
    }
}

fn op_bit(op: Op) -> u8 {
    match op {
        Op::Subscribe => SUB,
        Op::Publish => PUB,
        Op::Presence => PRS,
        Op::History => HST,
    }
}

/// The `caps` letters for an operation.
pub fn cap_name(op: Op) -> &'static str {
    match op {
        Op::Subscribe => "sub",
        Op::Publish => "pub",
        Op::Presence => "prs",
        Op::History => "hst",
    }
}

impl Caps {
    /// Compiles a token's `caps`; an unknown `match` or `allow` value or a bad pattern is an
    /// error (the token is then invalid).
    pub fn compile(claims: &[CapClaim]) -> Result<Self, String> {
        let mut entries = Vec::with_capacity(claims.len());
        for (i, c) in claims.iter().enumerate() {
            let mut bits = 0;
            for a in &c.allow {
                bits |= cap_bit(a).ok_or_else(|| {
                    format!("caps[{i}].allow: unknown {a:?} (use sub, pub, prs, hst)")
                })?;
            }
            let mut matchers = Vec::with_capacity(c.channels.len());
            for ch in &c.channels {
                let m = match c.match_.as_str() {
                    "" => Matcher::Exact(ch.clone()),
                    "wildcard" | "doublestar" => globset::GlobBuilder::new(ch)
                        .literal_separator(c.match_ == "doublestar")
                        .backslash_escape(true)
                        .build()
                        .map(|g| Matcher::Glob(g.compile_matcher()))
                        .map_err(|e| format!("caps[{i}].channels: bad pattern {ch:?}: {e}"))?,
                    "regex" => regex::Regex::new(ch)
                        .map(Matcher::Regex)
                        .map_err(|e| format!("caps[{i}].channels: bad regex {ch:?}: {e}"))?,
                    other => {
                        return Err(format!(
                            "caps[{i}].match: unknown {other:?} (use \"\", wildcard, doublestar or regex)"
                        ))
                    }
                };
                matchers.push((ch.clone(), m));
            }
            entries.push((bits, matchers));
        }
        Ok(Self { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first object (index, pattern) that grants `op` on `channel`. Caps are a union:
    /// order only picks which grant is reported.
    pub fn grant(&self, op: Op, channel: &str) -> Option<(usize, &str)> {
        let bit = op_bit(op);
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, (bits, _))| bits & bit != 0)
            .find_map(|(i, (_, ms))| {
                ms.iter()
                    .find(|(_, m)| m.is_match(channel))
                    .map(|(p, _)| (i, p.as_str()))
            })
    }
}

/// The operation being decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Subscribe,
    Publish,
    History,
    Presence,
}

/// What a check contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// This check granted access; the chain stopped here.
    Granted,
    /// This check denied access; the chain stopped here.
    Denied,
    /// Looked at and did not apply.
    Passed,
    /// Not looked at (the rule does not apply to this channel).
    Skipped,
    /// The backend decides, through the proxy the check names.
    Delegated,
}

/// One step of the decision path.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub rule: &'static str,
    pub outcome: Outcome,
    pub detail: String,
}

/// The verdict and how it was reached.
#[derive(Debug, Clone)]
pub struct Decision {
    pub result: Result<(), ApiError>,
    pub checks: Vec<Check>,
    /// `Some(name)` when the result is `Ok` only because the proxy `name` (`""`: the default)
    /// decides: the caller must ask it.
    pub proxy: Option<String>,
}

impl Decision {
    pub fn allowed(&self) -> bool {
        self.result.is_ok()
    }
}

/// The subscription-token outcome for a subscribe, decided by the caller (it needs the
/// verifier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubToken {
    None,
    Valid,
    /// Invalid token → 103.
    Invalid(String),
    /// Expired → 109.
    Expired,
}

/// Who asks.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub user: &'a str,
    /// Whether the connection is subscribed to the channel (publish/history/presence).
    pub subscribed: bool,
    pub sub_token: SubToken,
    /// Connection capabilities (the token's `caps`).
    pub caps: Option<&'a Caps>,
    /// Subscription capabilities for this channel (the sub token's `allow`).
    pub sub_allow: &'a [String],
}

impl<'a> Subject<'a> {
    /// A subject with no token, caps or subscription.
    pub fn user(user: &'a str) -> Self {
        Self {
            user,
            subscribed: false,
            sub_token: SubToken::None,
            caps: None,
            sub_allow: &[],
        }
    }
}

/// Connection caps step.
fn conn_cap_step(c: &mut Chain, subject: &Subject<'_>, op: Op, channel: &str) -> bool {
    let name = cap_name(op);
    match subject.caps {
        Some(caps) if !caps.is_empty() => {
            if let Some((i, pattern)) = caps.grant(op, channel) {
                c.step(
                    "connection_caps",
                    Outcome::Granted,
                    format!("caps[{i}] allows {name:?} on {pattern:?}"),
                );
                true
            } else {
                c.step(
                    "connection_caps",
                    Outcome::Passed,
                    format!("no caps entry allows {name:?} on this channel"),
                );
                false
            }
        }
        _ => {
            c.step("connection_caps", Outcome::Skipped, "token has no caps");
            false
        }
    }
}

/// Subscription caps step (publish/history/presence).
fn sub_cap_step(c: &mut Chain, subject: &Subject<'_>, op: Op) -> bool {
    let name = cap_name(op);
    if subject.sub_allow.is_empty() {
        c.step(
            "subscription_caps",
            Outcome::Skipped,
            "no subscription token allow list",
        );
        return false;
    }
    if subject.subscribed && subject.sub_allow.iter().any(|a| a == name) {
        c.step(
            "subscription_caps",
            Outcome::Granted,
            format!("subscription token allows {name:?}"),
        );
        return true;
    }
    c.step(
        "subscription_caps",
        Outcome::Passed,
        if subject.subscribed {
            format!("subscription token does not allow {name:?}")
        } else {
            "client is not subscribed".to_string()
        },
    );
    false
}

struct Chain {
    checks: Vec<Check>,
}

impl Chain {
    fn step(&mut self, rule: &'static str, outcome: Outcome, detail: impl Into<String>) {
        self.checks.push(Check {
            rule,
            outcome,
            detail: detail.into(),
        });
    }
    fn finish(self, result: Result<(), ApiError>) -> Decision {
        Decision {
            result,
            checks: self.checks,
            proxy: None,
        }
    }
    /// The proxy `name` decides (`Ok` with [`Decision::proxy`] set).
    fn delegate(mut self, rule: &'static str, what: &str, name: &str) -> Decision {
        self.step(
            rule,
            Outcome::Delegated,
            format!(
                "the {what} proxy {:?} decides",
                super::config::proxy::proxy_name(name)
            ),
        );
        Decision {
            result: Ok(()),
            checks: self.checks,
            proxy: Some(name.to_string()),
        }
    }
}

fn anon_ok(user: &str, allow_anon: bool) -> bool {
    !user.is_empty() || allow_anon
}

/// Users allowed by a user-limited channel (`chat:room#42,43`), if the rule applies.
fn user_limited_users<'c>(
    cfg: &Config,
    opts: &NamespaceOptions,
    channel: &'c str,
) -> Option<Vec<&'c str>> {
    if !opts.allow_user_limited_channels {
        return None;
    }
    let i = channel.rfind(&cfg.channel.user_boundary)?;
    let list = &channel[i + cfg.channel.user_boundary.len()..];
    Some(list.split(cfg.channel.user_separator.as_str()).collect())
}

/// Decides `op` on `channel` for `subject`. Resolution errors (102/107) come first.
pub fn decide(cfg: &Config, op: Op, channel: &str, subject: &Subject<'_>) -> Decision {
    let mut c = Chain { checks: Vec::new() };
    let r = match resolve(cfg, channel) {
        Ok(r) => {
            let ns = if r.namespace.is_empty() {
                "(without_namespace)"
            } else {
                r.namespace
            };
            c.step(
                "resolve_namespace",
                Outcome::Passed,
                format!("namespace {ns}"),
            );
            r
        }
        Err(e) => {
            c.step("resolve_namespace", Outcome::Denied, e.message.clone());
            return c.finish(Err(e));
        }
    };
    let o = r.options;
    let user = subject.user;
    let insecure = cfg.client.insecure;
    match op {
        Op::Subscribe => {
            if r.private && subject.sub_token == SubToken::None {
                c.step(
                    "private_channel",
                    Outcome::Denied,
                    "channel starts with the private prefix and no subscription token was given",
                );
                return c.finish(Err(ApiError::permission_denied()));
            }
            match &subject.sub_token {
                SubToken::None => c.step("subscription_token", Outcome::Skipped, "no token"),
                SubToken::Valid => {
                    c.step(
                        "subscription_token",
                        Outcome::Granted,
                        "valid subscription token",
                    );
                    return c.finish(Ok(()));
                }
                SubToken::Invalid(why) => {
                    c.step("subscription_token", Outcome::Denied, why.clone());
                    return c.finish(Err(ApiError::permission_denied()));
                }
                SubToken::Expired => {
                    c.step(
                        "subscription_token",
                        Outcome::Denied,
                        "subscription token expired",
                    );
                    return c.finish(Err(ApiError::new(crate::proto::codes::TOKEN_EXPIRED)));
                }
            }
            let limited = user_limited_users(cfg, o, channel);
            match &limited {
                Some(users) if users.contains(&user) => {
                    c.step(
                        "allow_user_limited_channels",
                        Outcome::Granted,
                        format!("user {user:?} is listed in the channel"),
                    );
                    return c.finish(Ok(()));
                }
                Some(_) => c.step(
                    "allow_user_limited_channels",
                    Outcome::Passed,
                    format!("user {user:?} is not listed in the channel"),
                ),
                None => c.step(
                    "allow_user_limited_channels",
                    Outcome::Skipped,
                    "not a user-limited channel",
                ),
            }
            if limited.is_none() && o.subscribe_proxy_enabled {
                return c.delegate(
                    "subscribe_proxy_enabled",
                    "subscribe",
                    &o.subscribe_proxy_name,
                );
            }
            if conn_cap_step(&mut c, subject, op, channel) {
                return c.finish(Ok(()));
            }
            if limited.is_some() {
                c.step(
                    "allow_subscribe_for_client",
                    Outcome::Skipped,
                    "does not apply to user-limited channels",
                );
            } else if o.allow_subscribe_for_client && anon_ok(user, o.allow_subscribe_for_anonymous)
            {
                c.step(
                    "allow_subscribe_for_client",
                    Outcome::Granted,
                    "namespace allows clients to subscribe",
                );
                return c.finish(Ok(()));
            } else if o.allow_subscribe_for_client {
                c.step(
                    "allow_subscribe_for_anonymous",
                    Outcome::Passed,
                    "anonymous user and allow_subscribe_for_anonymous is off",
                );
            } else {
                c.step(
                    "allow_subscribe_for_client",
                    Outcome::Passed,
                    "option is off",
                );
            }
        }
        Op::Publish => {
            if o.publish_proxy_enabled {
                return c.delegate("publish_proxy_enabled", "publish", &o.publish_proxy_name);
            }
            if o.allow_publish_for_client && anon_ok(user, o.allow_publish_for_anonymous) {
                c.step(
                    "allow_publish_for_client",
                    Outcome::Granted,
                    "namespace allows clients to publish",
                );
                return c.finish(Ok(()));
            }
            c.step(
                "allow_publish_for_client",
                Outcome::Passed,
                if o.allow_publish_for_client {
                    "anonymous user and allow_publish_for_anonymous is off"
                } else {
                    "option is off"
                },
            );
            if o.allow_publish_for_subscriber
                && subject.subscribed
                && anon_ok(user, o.allow_publish_for_anonymous)
            {
                c.step(
                    "allow_publish_for_subscriber",
                    Outcome::Granted,
                    "client is subscribed",
                );
                return c.finish(Ok(()));
            }
            c.step(
                "allow_publish_for_subscriber",
                Outcome::Passed,
                if !o.allow_publish_for_subscriber {
                    "option is off"
                } else if !subject.subscribed {
                    "client is not subscribed"
                } else {
                    "anonymous user and allow_publish_for_anonymous is off"
                },
            );
            if conn_cap_step(&mut c, subject, op, channel) || sub_cap_step(&mut c, subject, op) {
                return c.finish(Ok(()));
            }
        }
        Op::History | Op::Presence => {
            let (enabled, feature, for_client, for_sub, for_anon, n_client, n_sub) =
                if op == Op::History {
                    (
                        o.history_enabled(),
                        "history (history_size and history_ttl)",
                        o.allow_history_for_client,
                        o.allow_history_for_subscriber,
                        o.allow_history_for_anonymous,
                        "allow_history_for_client",
                        "allow_history_for_subscriber",
                    )
                } else {
                    (
                        o.presence,
                        "presence",
                        o.allow_presence_for_client,
                        o.allow_presence_for_subscriber,
                        o.allow_presence_for_anonymous,
                        "allow_presence_for_client",
                        "allow_presence_for_subscriber",
                    )
                };
            if !enabled {
                c.step(
                    "feature_enabled",
                    Outcome::Denied,
                    format!("{feature} is off in this namespace"),
                );
                return c.finish(Err(ApiError::not_available()));
            }
            c.step(
                "feature_enabled",
                Outcome::Passed,
                format!("{feature} is on"),
            );
            if for_client && anon_ok(user, for_anon) {
                c.step(n_client, Outcome::Granted, "namespace allows clients");
                return c.finish(Ok(()));
            }
            c.step(
                n_client,
                Outcome::Passed,
                if for_client {
                    "anonymous user"
                } else {
                    "option is off"
                },
            );
            if for_sub && subject.subscribed && anon_ok(user, for_anon) {
                c.step(n_sub, Outcome::Granted, "client is subscribed");
                return c.finish(Ok(()));
            }
            c.step(
                n_sub,
                Outcome::Passed,
                if !for_sub {
                    "option is off"
                } else if !subject.subscribed {
                    "client is not subscribed"
                } else {
                    "anonymous user"
                },
            );
            if conn_cap_step(&mut c, subject, op, channel) || sub_cap_step(&mut c, subject, op) {
                return c.finish(Ok(()));
            }
        }
    }
    if insecure {
        c.step(
            "client.insecure",
            Outcome::Granted,
            "insecure mode grants everything",
        );
        return c.finish(Ok(()));
    }
    c.step("client.insecure", Outcome::Passed, "off");
    c.finish(Err(ApiError::permission_denied()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::server::config::load;
    use std::collections::HashMap;

    fn cfg(text: &str) -> Config {
        load(text, &HashMap::new()).unwrap().config
    }

    fn subj(user: &str) -> Subject<'_> {
        Subject::user(user)
    }

    #[test]
    fn resolution_codes() {
        let c = cfg(
            r#"{"channel":{"namespaces":[{"name":"chat"},{"name":"re","channel_regex":"^[a-z]+$"}]}}"#,
        );
        assert_eq!(resolve(&c, "chat:1").unwrap().namespace, "chat");
        assert_eq!(resolve(&c, "$chat:1").unwrap().namespace, "chat");
        assert!(resolve(&c, "$chat:1").unwrap().private);
        assert_eq!(resolve(&c, "plain").unwrap().namespace, "");
        assert_eq!(resolve(&c, "nope:1").unwrap_err().code, 102);
        assert_eq!(resolve(&c, "chat:ünï").unwrap_err().code, 107);
        assert_eq!(resolve(&c, "re:abc").unwrap().namespace, "re");
        assert_eq!(resolve(&c, "re:ABC").unwrap_err().code, 107);
        assert_eq!(resolve(&c, &"x".repeat(300)).unwrap_err().code, 107);
    }

    #[test]
    fn an_open_namespace_serves_undeclared_ones() {
        let mut c = cfg(r#"{"channel":{"namespaces":[{"name":"chat"}]}}"#);
        assert_eq!(resolve(&c, "news:1").unwrap_err().code, 102);
        c.channel.namespaces.push(NamespaceOptions {
            name: OPEN_NAMESPACE.into(),
            allow_subscribe_for_client: true,
            ..NamespaceOptions::default()
        });
        let r = resolve(&c, "news:1").unwrap();
        assert_eq!(r.namespace, OPEN_NAMESPACE);
        assert!(r.options.allow_subscribe_for_client);
        assert_eq!(
            resolve(&c, "chat:1").unwrap().namespace,
            "chat",
            "declared ones first"
        );
        assert!(decide(&c, Op::Subscribe, "news:1", &subj("42")).allowed());
        assert_eq!(resolve(&c, "news:ünï").unwrap_err().code, 107);
    }

    #[test]
    fn subscribe_chain() {
        let c = cfg(
            r#"{"channel":{"without_namespace":{"allow_subscribe_for_client":true},
            "namespaces":[{"name":"dm","allow_user_limited_channels":true,"allow_subscribe_for_client":true},{"name":"closed"}]}}"#,
        );
        assert!(decide(&c, Op::Subscribe, "news", &subj("42")).allowed());
        assert_eq!(
            decide(&c, Op::Subscribe, "news", &subj(""))
                .result
                .unwrap_err()
                .code,
            103
        );
        assert!(decide(&c, Op::Subscribe, "dm:a#42,43", &subj("42")).allowed());
        assert_eq!(
            decide(&c, Op::Subscribe, "dm:a#42,43", &subj("7"))
                .result
                .unwrap_err()
                .code,
            103
        );
        assert_eq!(
            decide(&c, Op::Subscribe, "closed:x", &subj("42"))
                .result
                .unwrap_err()
                .code,
            103
        );
        assert_eq!(
            decide(&c, Op::Subscribe, "$news", &subj("42"))
                .result
                .unwrap_err()
                .code,
            103
        );
        let with_token = Subject {
            subscribed: false,
            sub_token: SubToken::Valid,
            ..Subject::user("42")
        };
        assert!(decide(&c, Op::Subscribe, "$closed:x", &with_token).allowed());
        let expired = Subject {
            subscribed: false,
            sub_token: SubToken::Expired,
            ..Subject::user("42")
        };
        assert_eq!(
            decide(&c, Op::Subscribe, "closed:x", &expired)
                .result
                .unwrap_err()
                .code,
            109
        );
        let d = decide(&c, Op::Subscribe, "closed:x", &subj("42"));
        assert_eq!(d.checks.last().unwrap().rule, "client.insecure");
    }

    #[test]
    fn feature_off_comes_before_permission() {
        let c = cfg(
            r#"{"channel":{"without_namespace":{"presence":true,"allow_presence_for_subscriber":true,"history_size":10,"history_ttl":"60s"}}}"#,
        );
        assert_eq!(
            decide(&c, Op::Presence, "a", &subj("1"))
                .result
                .unwrap_err()
                .code,
            103
        );
        let sub = Subject {
            subscribed: true,
            sub_token: SubToken::None,
            ..Subject::user("1")
        };
        assert!(decide(&c, Op::Presence, "a", &sub).allowed());
        assert_eq!(
            decide(&c, Op::History, "a", &sub).result.unwrap_err().code,
            103
        );
        let off = cfg("{}");
        assert_eq!(
            decide(&off, Op::History, "a", &sub)
                .result
                .unwrap_err()
                .code,
            108
        );
        assert_eq!(
            decide(&off, Op::Presence, "a", &sub)
                .result
                .unwrap_err()
                .code,
            108
        );
    }

    #[test]
    fn proxied_operations_are_delegated_to_the_named_proxy() {
        let c = cfg(
            r#"{"channel":{"proxy":{"subscribe":{"endpoint":"http://127.0.0.1:1/s"}},
                "without_namespace":{"subscribe_proxy_enabled":true,"publish_proxy_enabled":true,"publish_proxy_name":"p2","allow_subscribe_for_client":true}},
                "proxies":[{"name":"p2","endpoint":"grpc://127.0.0.1:1"}]}"#,
        );
        let d = decide(&c, Op::Subscribe, "a", &subj("1"));
        assert!(d.allowed());
        assert_eq!(d.proxy.as_deref(), Some(""));
        assert_eq!(d.checks.last().unwrap().outcome, Outcome::Delegated);
        let d = decide(&c, Op::Publish, "a", &subj("1"));
        assert_eq!(d.proxy.as_deref(), Some("p2"));
        // a valid subscription token decides alone, before the proxy
        let with_token = Subject {
            sub_token: SubToken::Valid,
            ..subj("1")
        };
        assert!(decide(&c, Op::Subscribe, "a", &with_token).proxy.is_none());
    }

    #[test]
    fn publish_chain_and_insecure() {
        let c = cfg(r#"{"channel":{"without_namespace":{"allow_publish_for_subscriber":true}}}"#);
        assert_eq!(
            decide(&c, Op::Publish, "a", &subj("1"))
                .result
                .unwrap_err()
                .code,
            103
        );
        let sub = Subject {
            subscribed: true,
            sub_token: SubToken::None,
            ..Subject::user("1")
        };
        assert!(decide(&c, Op::Publish, "a", &sub).allowed());
        let ins = cfg(r#"{"client":{"insecure":true}}"#);
        assert!(decide(&ins, Op::Publish, "a", &subj("")).allowed());
    }
}

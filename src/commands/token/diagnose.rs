//! `centri token check`'s diagnosis: each thing wrong with a token (the algorithm against the
//! configured keys, the claims, expiry and clock skew, a subscription token used as a
//! connection token), and how findings, summaries and decoded tokens are shown.

use std::fmt::Write as _;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use serde::Serialize;
use serde_json::Value;

use super::keys::Family;
use super::split_token;
use crate::output::human_secs;
use crate::server::auth::{TokenError, Verifier};
use crate::server::config::TokenConfig;

// ---------------------------------------------------------------------------------------------
// Time

/// `2025-01-01T00:00:00Z`, or the number when it is out of range.
pub(super) fn rfc3339(t: i64) -> String {
    u64::try_from(t)
        .ok()
        .and_then(|s| std::time::UNIX_EPOCH.checked_add(Duration::from_secs(s)))
        .map_or_else(
            || t.to_string(),
            |st| humantime::format_rfc3339_seconds(st).to_string(),
        )
}

/// `in 5m0s` / `5m0s ago` (`0s ago` for now).
pub(super) fn relative(t: i64, now: i64) -> String {
    if t > now {
        format!("in {}", human_secs(t.abs_diff(now)))
    } else {
        format!("{} ago", human_secs(t.abs_diff(now)))
    }
}

/// A human form of the expiry of `claims`.
pub fn expiry_text(claims: &Value, now: i64) -> String {
    match claims.get("exp").and_then(Value::as_i64) {
        None if claims.get("exp").is_some() => "exp is not a number".into(),
        None => "never (no exp)".into(),
        Some(exp) if exp <= now => format!("expired {} ({})", relative(exp, now), rfc3339(exp)),
        Some(exp) => format!("{} ({})", relative(exp, now), rfc3339(exp)),
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnosis

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The check passed.
    Ok,
    /// Worth knowing, but the server accepts the token anyway (e.g. `iat` in the future).
    Warning,
    /// The server rejects the token.
    Error,
}

/// One check and its outcome. JSON: `{"check","ok","detail"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
    #[serde(skip)]
    pub severity: Severity,
}

impl Finding {
    fn pass(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: true,
            detail: detail.into(),
            severity: Severity::Ok,
        }
    }
    fn fail(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: false,
            detail: detail.into(),
            severity: Severity::Error,
        }
    }
    fn warn(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: false,
            detail: detail.into(),
            severity: Severity::Warning,
        }
    }
}

/// What the token is checked against.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Check it as a subscription token for this channel.
    pub channel: Option<String>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    /// The algorithm the token must use (`--alg`).
    pub alg: Option<Algorithm>,
}

/// The outcome of `token check`.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub valid: bool,
    /// `connection` or `subscription` (by the `channel` claim); absent for a malformed token.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Value>,
}

impl Diagnosis {
    /// The first error, for the one-line failure message.
    pub fn first_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }
}

/// What keys `keys` holds, for messages.
pub(super) fn available(keys: &TokenConfig) -> String {
    let mut have = Vec::new();
    if !keys.hmac_secret_key.is_empty() {
        have.push("an HMAC secret");
    }
    if !keys.rsa_public_key.is_empty() {
        have.push("an RSA key");
    }
    if !keys.ecdsa_public_key.is_empty() {
        have.push("an ECDSA key");
    }
    match have.as_slice() {
        [] => "no key".into(),
        [one] => format!("only {one}"),
        many => many.join(" and "),
    }
}

pub(super) fn has_key(keys: &TokenConfig, family: Family) -> bool {
    match family {
        Family::Hmac => !keys.hmac_secret_key.is_empty(),
        Family::Rsa => !keys.rsa_public_key.is_empty(),
        Family::Ec => !keys.ecdsa_public_key.is_empty(),
    }
}

/// Checks `aud` or `iss` against the expected value, as Centrifugo does: when one is expected,
/// the claim must be present and match (`aud` may be a list).
pub(super) fn claim_check(
    check: &'static str,
    claims: &Value,
    name: &str,
    expected: &str,
    option: &str,
) -> Finding {
    let matches = match claims.get(name) {
        None => return Finding::fail(check, format!("the token has no {name} claim, but {expected:?} is expected: Centrifugo rejects it when {option} is set (close 3500)")),
        Some(Value::String(s)) => s == expected,
        Some(Value::Array(list)) if name == "aud" => list.iter().any(|v| v.as_str() == Some(expected)),
        Some(_) => false,
    };
    let got = claims.get(name).map(Value::to_string).unwrap_or_default();
    if matches {
        Finding::pass(check, format!("{name} is {got}"))
    } else {
        Finding::fail(check, format!("{name} is {got}, but {expected:?} is expected ({option}); the server closes with 3500 (invalid token)"))
    }
}

/// The time checks: `exp`, `nbf`, `iat`.
pub(super) fn time_findings(claims: &Value, now: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    match claims.get("exp").map(Value::as_i64) {
        None => out.push(Finding::pass("expiry", "no exp: the token never expires")),
        Some(None) => out.push(Finding::fail("expiry", "exp is not a number of seconds since the epoch")),
        Some(Some(exp)) if exp <= now => out.push(Finding::fail(
            "expiry",
            format!("expired {} ({}): the server answers 109 (token expired) and the SDK asks for a new token", relative(exp, now), rfc3339(exp)),
        )),
        Some(Some(exp)) => out.push(Finding::pass("expiry", format!("expires {} ({})", relative(exp, now), rfc3339(exp)))),
    }
    match claims.get("nbf").map(Value::as_i64) {
        None => {}
        Some(None) => out.push(Finding::fail(
            "not_before",
            "nbf is not a number of seconds since the epoch",
        )),
        Some(Some(nbf)) if nbf > now => out.push(Finding::fail(
            "not_before",
            format!(
                "not valid yet: nbf is {} ({}); until then the server treats it as expired (109)",
                relative(nbf, now),
                rfc3339(nbf)
            ),
        )),
        Some(Some(nbf)) => out.push(Finding::pass(
            "not_before",
            format!("valid since {} ({})", relative(nbf, now), rfc3339(nbf)),
        )),
    }
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64) {
        if iat > now {
            out.push(Finding::warn(
                "clock",
                format!(
                    "clock skew: iat is {} ({}), so the clock where it was minted runs ahead of this one; its exp and nbf are off by as much",
                    relative(iat, now),
                    rfc3339(iat)
                ),
            ));
        } else {
            out.push(Finding::pass(
                "clock",
                format!("issued {} ({})", relative(iat, now), rfc3339(iat)),
            ));
        }
    }
    out
}

/// Connection vs subscription token.
pub(super) fn type_finding(claims: &Value, expect_channel: Option<&str>) -> Finding {
    let channel = claims.get("channel");
    let shown = channel.map(|c| {
        c.as_str()
            .map_or_else(|| c.to_string(), |s| format!("{s:?}"))
    });
    match (expect_channel, shown) {
        (None, None) => Finding::pass("type", "a connection token (no channel claim)"),
        (None, Some(ch)) => Finding::fail(
            "type",
            format!(
                "a subscription token (channel claim {ch}) used as a connection token: a connection token must not have a channel claim, so the server closes with 3500 (invalid token); to check it as a subscription token, pass --channel"
            ),
        ),
        (Some(want), None) => Finding::fail(
            "type",
            format!(
                "a connection token (no channel claim) used as a subscription token for {want:?}: a subscription token needs a channel claim, so subscribing with it fails with 103 (permission denied)"
            ),
        ),
        (Some(want), Some(_)) if channel.and_then(Value::as_str) == Some(want) => {
            Finding::pass("type", format!("a subscription token for channel {want:?}"))
        }
        (Some(want), Some(ch)) => Finding::fail(
            "type",
            format!("the channel claim is {ch}, but the token is checked for {want:?}: the server closes with 3500 (invalid token)"),
        ),
    }
}

/// Checks a token the way the server does (its [`Verifier`]), and explains each problem as a
/// separate finding. `keys` holds the HMAC secret and/or public PEM keys.
pub fn diagnose(token: &str, keys: &TokenConfig, expect: &Expect, now: i64) -> Diagnosis {
    let mut findings = Vec::new();
    let (header, claims) = match split_token(token) {
        Ok(hc) => hc,
        Err(why) => {
            findings.push(Finding::fail("format", format!("malformed token: {why}")));
            return Diagnosis {
                valid: false,
                kind: None,
                findings,
                header: None,
                claims: None,
            };
        }
    };
    findings.push(Finding::pass("format", "a JWT: header and claims decode"));
    let kind = if claims.get("channel").is_some() {
        "subscription"
    } else {
        "connection"
    };

    // Algorithm: present, signed, supported, as expected, and a key for it.
    let alg_name = header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut checkable = false;
    if alg_name.is_empty() {
        findings.push(Finding::fail("algorithm", "the header has no alg"));
    } else if alg_name.eq_ignore_ascii_case("none") {
        findings.push(Finding::fail(
            "algorithm",
            "alg is \"none\": the token is unsigned, and the server never accepts unsigned tokens",
        ));
    } else {
        match alg_name.parse::<Algorithm>().ok().and_then(|a| Family::of(a).map(|f| (a, f))) {
            None => findings.push(Finding::fail(
                "algorithm",
                format!("alg {alg_name} is not supported: Centrifugo accepts HS256/384/512, RS256/384/512 and ES256/384 with static keys"),
            )),
            Some((alg, _)) if expect.alg.is_some_and(|want| want != alg) => findings.push(Finding::fail(
                "algorithm",
                format!("the token is signed with {alg:?}, but --alg {:?} was expected", expect.alg.unwrap_or(alg)),
            )),
            Some((alg, family)) if !has_key(keys, family) => findings.push(Finding::fail(
                "algorithm",
                format!(
                    "the token is {alg:?}, which needs {}, but there is {}: the server rejects a token whose algorithm has no configured key (close 3500); {}",
                    family.key_name(),
                    available(keys),
                    family.how_to_pass()
                ),
            )),
            Some((alg, family)) => {
                checkable = true;
                findings.push(Finding::pass("algorithm", format!("{alg:?}, checked with {}", family.key_name())));
            }
        }
    }

    // Signature, with the server's verifier and no audience or issuer.
    let keys_only = TokenConfig {
        hmac_secret_key: keys.hmac_secret_key.clone(),
        rsa_public_key: keys.rsa_public_key.clone(),
        ecdsa_public_key: keys.ecdsa_public_key.clone(),
        ..TokenConfig::default()
    };
    if checkable {
        match Verifier::new(&keys_only).map(|v| v.verify(token, now)) {
            Err(e) => findings.push(Finding::fail("signature", format!("cannot use the key: {e}"))),
            Ok(Ok(_) | Err(TokenError::Expired)) => findings.push(Finding::pass("signature", "the signature matches")),
            Ok(Err(TokenError::Invalid(m))) if m == "bad signature" => findings.push(Finding::fail(
                "signature",
                "bad signature: the token was not signed with this key or secret, or it was altered; the server closes with 3500 (invalid token)",
            )),
            Ok(Err(TokenError::Invalid(m))) if m.starts_with("bad claims") => {
                findings.push(Finding::pass("signature", "the signature matches"));
                findings.push(Finding::fail("claims", format!("{m}: the server closes with 3500 (invalid token)")));
            }
            Ok(Err(TokenError::Invalid(m))) => findings.push(Finding::fail("signature", m)),
        }
    }
    if let Some(aud) = &expect.aud {
        findings.push(claim_check(
            "audience",
            &claims,
            "aud",
            aud,
            "client.token.audience",
        ));
    }
    if let Some(iss) = &expect.iss {
        findings.push(claim_check(
            "issuer",
            &claims,
            "iss",
            iss,
            "client.token.issuer",
        ));
    }
    findings.extend(time_findings(&claims, now));
    findings.push(type_finding(&claims, expect.channel.as_deref()));
    let user = match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => Finding::pass("user", format!("user {s:?}")),
        Some(Value::String(_)) | None => Finding::pass("user", "anonymous (empty sub)"),
        Some(other) => Finding::fail(
            "user",
            format!("sub is {other}, not a string: the server closes with 3500 (invalid token)"),
        ),
    };
    findings.push(user);

    // The server's verdict with everything configured must agree with the findings.
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    if checkable && !errors {
        let full = TokenConfig {
            audience: expect.aud.clone().unwrap_or_default(),
            issuer: expect.iss.clone().unwrap_or_default(),
            ..keys_only
        };
        if let Ok(Err(e)) = Verifier::new(&full).map(|v| v.verify(token, now)) {
            findings.push(Finding::fail(
                "server",
                format!("the server's verifier refuses it: {e}"),
            ));
        }
    }
    let valid = !findings.iter().any(|f| f.severity == Severity::Error);
    Diagnosis {
        valid,
        kind: Some(kind),
        findings,
        header: Some(header),
        claims: Some(claims),
    }
}

/// One line per finding: `ok|FAIL|warn  check  detail`.
pub fn render_findings(d: &Diagnosis) -> String {
    let mut out = String::new();
    for f in &d.findings {
        let mark = match f.severity {
            Severity::Ok => "ok",
            Severity::Warning => "warn",
            Severity::Error => "FAIL",
        };
        let _ = writeln!(out, "{mark:<5} {:<11} {}", f.check, f.detail);
    }
    out
}

/// Compact text of a claim value: strings bare, the rest as JSON.
pub(super) fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The summary of a valid token: type, user, expiry, channels, and the rest.
pub fn summary_pairs(d: &Diagnosis, now: i64) -> Vec<(String, String)> {
    let empty = Value::Null;
    let claims = d.claims.as_ref().unwrap_or(&empty);
    let mut pairs = vec![
        ("valid".to_string(), "yes".to_string()),
        (
            "type".to_string(),
            d.kind.unwrap_or("connection").to_string(),
        ),
        (
            "alg".to_string(),
            d.header
                .as_ref()
                .and_then(|h| h.get("alg"))
                .map(show_value)
                .unwrap_or_default(),
        ),
        (
            "user".to_string(),
            match claims.get("sub").and_then(Value::as_str) {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => "(anonymous)".to_string(),
            },
        ),
        ("expires".to_string(), expiry_text(claims, now)),
    ];
    for key in ["channel", "channels", "info", "caps", "aud", "iss"] {
        if let Some(v) = claims.get(key) {
            pairs.push((key.to_string(), show_value(v)));
        }
    }
    pairs
}

/// The key/value view of `token decode`: header fields, claims (times with their human form),
/// the expiry and a reminder that nothing was verified.
pub fn decode_pairs(header: &Value, claims: &Value, now: i64) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(h) = header.as_object() {
        for (k, v) in h {
            pairs.push((format!("header.{k}"), show_value(v)));
        }
    }
    if let Some(c) = claims.as_object() {
        for (k, v) in c {
            let text = match (k.as_str(), v.as_i64()) {
                ("exp" | "iat" | "nbf" | "expire_at", Some(t)) if t > 0 => {
                    format!("{t} ({}, {})", rfc3339(t), relative(t, now))
                }
                _ => show_value(v),
            };
            pairs.push((k.clone(), text));
        }
    }
    pairs.push(("expiry".to_string(), expiry_text(claims, now)));
    pairs.push((
        "signature".to_string(),
        "not verified (use `centri token check`)".to_string(),
    ));
    pairs
}

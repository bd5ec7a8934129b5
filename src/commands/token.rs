//! `centri token gen|sub|check|decode`: mint connection and subscription JWTs (HMAC, RSA,
//! ECDSA), verify them with the server's own [`Verifier`] and explain each thing that is wrong,
//! and decode them without verification. This file owns the claims and the commands; PEM keys
//! and the signer choice are in `keys`, the check's findings in `diagnose`.
//! Imports `server::auth` and `server::config` (the one verification implementation), `output`
//! and `cli`; never the API client.

use std::process::ExitCode;
use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Map, Value};

use super::{parse_json, read_data, written, Class, Ctx, Failure};
use crate::cli::{KeyOpts, TokenCmd};
use crate::server::auth::{now_unix, Verifier};
use crate::server::config::TokenConfig;

mod diagnose;
mod keys;

use diagnose::{decode_pairs, diagnose, render_findings, summary_pairs, Expect};
use keys::{algorithm, pick_signer, read_key, KeyType};

// ---------------------------------------------------------------------------------------------
// Claims

/// Seconds of a TTL, rounded up so that a sub-second TTL still gets an `exp`.
fn ttl_secs(ttl: Duration) -> i64 {
    (ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0)) as i64
}

/// What a connection token carries.
#[derive(Debug, Clone, Default)]
pub struct ConnClaims {
    pub user: String,
    pub ttl: Duration,
    pub channels: Vec<String>,
    pub info: Option<Value>,
    pub caps: Option<Value>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    pub jti: Option<String>,
}

/// Connection token claims: `sub`, `exp` (none when the TTL is 0), `iat`, then the optional ones.
pub fn connection_claims(c: &ConnClaims, now: i64) -> Value {
    let mut m = Map::new();
    m.insert("sub".into(), json!(c.user));
    if !c.ttl.is_zero() {
        m.insert("exp".into(), json!(now + ttl_secs(c.ttl)));
    }
    m.insert("iat".into(), json!(now));
    let channels: Vec<&String> = c.channels.iter().filter(|s| !s.is_empty()).collect();
    if !channels.is_empty() {
        m.insert("channels".into(), json!(channels));
    }
    if let Some(info) = &c.info {
        m.insert("info".into(), info.clone());
    }
    if let Some(caps) = &c.caps {
        m.insert("caps".into(), caps.clone());
    }
    if let Some(aud) = &c.aud {
        m.insert("aud".into(), json!(aud));
    }
    if let Some(iss) = &c.iss {
        m.insert("iss".into(), json!(iss));
    }
    if let Some(jti) = &c.jti {
        m.insert("jti".into(), json!(jti));
    }
    Value::Object(m)
}

/// Subscription token claims: `sub`, `channel`, `exp` (none when the TTL is 0), `iat`, `info`.
pub fn subscription_claims(
    user: &str,
    channel: &str,
    ttl: Duration,
    info: Option<Value>,
    now: i64,
) -> Value {
    let mut m = Map::new();
    m.insert("sub".into(), json!(user));
    m.insert("channel".into(), json!(channel));
    if !ttl.is_zero() {
        m.insert("exp".into(), json!(now + ttl_secs(ttl)));
    }
    m.insert("iat".into(), json!(now));
    if let Some(info) = info {
        m.insert("info".into(), info);
    }
    Value::Object(m)
}

fn sign(claims: &Value, alg: Algorithm, key: &EncodingKey) -> Result<String, Failure> {
    jsonwebtoken::encode(&Header::new(alg), claims, key)
        .map_err(|e| Failure::new(Class::Other, format!("cannot sign the token: {e}")))
}

/// Decodes a token's header and claims without verifying anything.
pub fn split_token(token: &str) -> Result<(Value, Value), String> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "{} part(s) where a JWT has 3 (header.claims.signature)",
            parts.len()
        ));
    }
    let part = |i: usize, what: &str| -> Result<Value, String> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[i].trim_end_matches('='))
            .map_err(|e| format!("the {what} is not base64url: {e}"))?;
        let v: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("the {what} is not JSON: {e}"))?;
        if v.is_object() {
            Ok(v)
        } else {
            Err(format!("the {what} is not a JSON object"))
        }
    };
    Ok((part(0, "header")?, part(1, "claims")?))
}

// ---------------------------------------------------------------------------------------------
// Commands

/// The optional JSON of `--info`/`--caps` (inline, `@file` or `-`).
fn json_arg(arg: Option<&str>, what: &str) -> Result<Option<Value>, Failure> {
    arg.map(|a| read_data(Some(a)).and_then(|text| parse_json(&text, what)))
        .transpose()
}

fn signer(ctx: &Ctx, key: &KeyOpts) -> Result<(Algorithm, EncodingKey), Failure> {
    let pem = key
        .key
        .as_deref()
        .map(|p| read_key(p).map(|k| (p, k)))
        .transpose()?;
    // The secret is only needed (and the contexts file only read) without --key.
    let secret = if pem.is_some() {
        None
    } else {
        ctx.settings()?.hmac_secret
    };
    pick_signer(
        key.alg,
        pem.as_ref().map(|(p, k)| (*p, k)),
        secret.as_deref(),
    )
}

fn emit_token(ctx: &Ctx, token: &str, claims: &Value) -> Result<ExitCode, Failure> {
    written(
        ctx.out
            .emit_value(&json!({"token": token, "claims": claims}), token),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn check(ctx: &Ctx, token: &str, expect: &Expect, key: &KeyOpts) -> Result<ExitCode, Failure> {
    let mut keys = TokenConfig {
        hmac_secret_key: ctx.settings()?.hmac_secret.unwrap_or_default(),
        ..TokenConfig::default()
    };
    if let Some(path) = &key.key {
        let pem = read_key(path)?;
        let public = pem
            .public_pem()
            .map_err(|e| Failure::usage(format!("--key {path}: {e}")))?;
        if pem.kind == KeyType::Rsa {
            keys.rsa_public_key = public;
        } else {
            keys.ecdsa_public_key = public;
        }
        Verifier::new(&keys).map_err(|e| Failure::usage(format!("--key {path}: {e}")))?;
    }
    if keys.hmac_secret_key.is_empty() && key.key.is_none() {
        return Err(Failure::usage("no key to check the signature with")
            .hint("pass --hmac-secret S (or CENTRI_HMAC_SECRET, or a context with one), or --key public.pem"));
    }
    let now = now_unix();
    let d = diagnose(token, &keys, expect, now);
    written(ctx.out.emit(&d, || {
        let mut text = String::new();
        if d.valid {
            text.push_str(&ctx.out.render_kv(&summary_pairs(&d, now)));
            text.push('\n');
        }
        text.push_str(&render_findings(&d));
        text
    }))?;
    if d.valid {
        return Ok(ExitCode::SUCCESS);
    }
    let why = d.first_error().map_or_else(
        || "invalid".to_string(),
        |f| format!("{}: {}", f.check, f.detail),
    );
    Err(Failure::verdict(format!("the token is invalid: {why}")))
}

fn decode(ctx: &Ctx, token: &str) -> Result<ExitCode, Failure> {
    let (header, claims) = split_token(token).map_err(|why| {
        Failure::usage(format!("not a JWT: {why}"))
            .hint("a JWT is three base64url parts separated by dots")
    })?;
    let now = now_unix();
    written(
        ctx.out
            .emit(&json!({"header": header, "claims": claims}), || {
                ctx.out.render_kv(&decode_pairs(&header, &claims, now))
            }),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Ctx, cmd: TokenCmd) -> Result<ExitCode, Failure> {
    match cmd {
        TokenCmd::Gen {
            user,
            ttl,
            channels,
            info,
            caps,
            aud,
            iss,
            jti,
            key,
        } => {
            let info = json_arg(info.as_deref(), "--info")?;
            let caps = json_arg(caps.as_deref(), "--caps")?;
            if caps.as_ref().is_some_and(|c| !c.is_array()) {
                return Err(Failure::usage("--caps must be a JSON array").hint(
                    r#"e.g. --caps '[{"channels":["news:*"],"match":"wildcard","allow":["sub"]}]'"#,
                ));
            }
            let (alg, enc) = signer(ctx, &key)?;
            let claims = connection_claims(
                &ConnClaims {
                    user,
                    ttl,
                    channels,
                    info,
                    caps,
                    aud,
                    iss,
                    jti,
                },
                now_unix(),
            );
            let token = sign(&claims, alg, &enc)?;
            emit_token(ctx, &token, &claims)
        }
        TokenCmd::Sub {
            user,
            channel,
            ttl,
            info,
            key,
        } => {
            let info = json_arg(info.as_deref(), "--info")?;
            let (alg, enc) = signer(ctx, &key)?;
            let claims = subscription_claims(&user, &channel, ttl, info, now_unix());
            let token = sign(&claims, alg, &enc)?;
            emit_token(ctx, &token, &claims)
        }
        TokenCmd::Check {
            token,
            channel,
            aud,
            iss,
            key,
        } => {
            let expect = Expect {
                channel,
                aud,
                iss,
                alg: key.alg.map(algorithm),
            };
            check(ctx, &token, &expect, &key)
        }
        TokenCmd::Decode { token } => decode(ctx, &token),
        // async: dispatched to `access::revoke` before this is reached
        TokenCmd::Revoke { .. } => Err(Failure::usage("token revoke needs a server")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::diagnose::{Diagnosis, Severity};
    use super::keys::parse_pem;
    use super::*;

    const SECRET: &str = "s3cret";
    const RSA_PRIV: &str = include_str!("../../tests/fixtures/rsa_private.pem");
    const NOW: i64 = 1_700_000_000;

    fn hs(claims: &Value) -> String {
        let (alg, key) = pick_signer(None, None, Some(SECRET)).unwrap();
        sign(claims, alg, &key).unwrap()
    }

    fn hmac_keys() -> TokenConfig {
        TokenConfig {
            hmac_secret_key: SECRET.into(),
            ..TokenConfig::default()
        }
    }

    fn failed(d: &Diagnosis) -> Vec<&'static str> {
        d.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.check)
            .collect()
    }

    fn detail<'a>(d: &'a Diagnosis, check: &str) -> &'a str {
        &d.findings.iter().find(|f| f.check == check).unwrap().detail
    }

    #[test]
    fn connection_claims_have_exp_iat_and_extras() {
        let c = ConnClaims {
            user: "42".into(),
            ttl: Duration::from_secs(3600),
            channels: vec!["news".into(), String::new()],
            info: Some(json!({"name": "Ann"})),
            aud: Some("app".into()),
            jti: Some("t-1".into()),
            ..ConnClaims::default()
        };
        let v = connection_claims(&c, NOW);
        assert_eq!(
            v,
            json!({"sub": "42", "exp": NOW + 3600, "iat": NOW, "channels": ["news"], "info": {"name": "Ann"}, "aud": "app", "jti": "t-1"})
        );
        let v = connection_claims(
            &ConnClaims {
                user: "1".into(),
                ..ConnClaims::default()
            },
            NOW,
        );
        assert!(v.get("exp").is_none());
        let v = subscription_claims("42", "chat:x", Duration::from_millis(500), None, NOW);
        assert_eq!(
            v,
            json!({"sub": "42", "channel": "chat:x", "exp": NOW + 1, "iat": NOW})
        );
    }

    #[test]
    fn valid_token_passes_every_check() {
        let t =
            hs(&json!({"sub": "42", "exp": NOW + 3600, "iat": NOW - 10, "channels": ["a", "b"]}));
        let d = diagnose(&t, &hmac_keys(), &Expect::default(), NOW);
        assert!(d.valid, "{:?}", d.findings);
        assert!(d.findings.iter().all(|f| f.ok), "{:?}", d.findings);
        assert_eq!(d.kind, Some("connection"));
        let pairs = summary_pairs(&d, NOW);
        assert!(pairs.contains(&("user".into(), "42".into())));
        assert!(pairs.contains(&("channels".into(), "a, b".into())));
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "expires" && v.starts_with("in 1h0m (")),
            "{pairs:?}"
        );
    }

    #[test]
    fn malformed_and_unsigned_tokens() {
        let d = diagnose("garbage", &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["format"]);
        assert!(d.claims.is_none());
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiJ9.";
        let d = diagnose(none, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["algorithm"]);
        assert!(detail(&d, "algorithm").contains("unsigned"));
    }

    #[test]
    fn algorithm_that_does_not_match_the_key() {
        let key = parse_pem(RSA_PRIV).unwrap();
        let (alg, enc) = pick_signer(None, Some(("k", &key)), None).unwrap();
        let t = sign(&json!({"sub": "42"}), alg, &enc).unwrap();
        let d = diagnose(&t, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["algorithm"]);
        let msg = detail(&d, "algorithm");
        assert!(
            msg.contains("RS256") && msg.contains("only an HMAC secret") && msg.contains("--key"),
            "{msg}"
        );
        let d = diagnose(
            &hs(&json!({"sub": "1"})),
            &hmac_keys(),
            &Expect {
                alg: Some(Algorithm::RS256),
                ..Expect::default()
            },
            NOW,
        );
        assert_eq!(failed(&d), vec!["algorithm"]);
    }

    #[test]
    fn bad_signature() {
        let other = TokenConfig {
            hmac_secret_key: "other".into(),
            ..TokenConfig::default()
        };
        let d = diagnose(&hs(&json!({"sub": "42"})), &other, &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["signature"]);
        assert!(!d.valid);
    }

    #[test]
    fn time_problems_are_explained() {
        let d = diagnose(
            &hs(&json!({"sub": "42", "exp": NOW - 300})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert_eq!(failed(&d), vec!["expiry"]);
        assert!(
            detail(&d, "expiry").starts_with("expired 5m0s ago"),
            "{}",
            detail(&d, "expiry")
        );
        let d = diagnose(
            &hs(&json!({"sub": "42", "nbf": NOW + 120})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert_eq!(failed(&d), vec!["not_before"]);
        assert!(detail(&d, "not_before").contains("in 2m0s"));
        // iat in the future: a warning; the server accepts the token.
        let d = diagnose(
            &hs(&json!({"sub": "42", "iat": NOW + 90})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert!(d.valid);
        let clock = d.findings.iter().find(|f| f.check == "clock").unwrap();
        assert_eq!((clock.ok, clock.severity), (false, Severity::Warning));
        assert!(clock.detail.contains("clock skew"));
    }

    #[test]
    fn audience_and_issuer() {
        let expect = Expect {
            aud: Some("app".into()),
            iss: Some("auth".into()),
            ..Expect::default()
        };
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": "app", "iss": "auth"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert!(d.valid, "{:?}", d.findings);
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": ["x", "app"], "iss": "auth"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert!(d.valid, "{:?}", d.findings);
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": "web", "iss": "other"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert_eq!(failed(&d), vec!["audience", "issuer"]);
        let d = diagnose(&hs(&json!({"sub": "1"})), &hmac_keys(), &expect, NOW);
        assert_eq!(failed(&d), vec!["audience", "issuer"]);
        assert!(detail(&d, "audience").contains("no aud claim"));
    }

    #[test]
    fn connection_and_subscription_tokens_are_told_apart() {
        let sub = hs(&json!({"sub": "42", "channel": "chat:x"}));
        let conn = hs(&json!({"sub": "42"}));
        let d = diagnose(&sub, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert_eq!(d.kind, Some("subscription"));
        assert!(detail(&d, "type").contains("used as a connection token"));
        let for_x = Expect {
            channel: Some("chat:x".into()),
            ..Expect::default()
        };
        assert!(diagnose(&sub, &hmac_keys(), &for_x, NOW).valid);
        let d = diagnose(&conn, &hmac_keys(), &for_x, NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert!(detail(&d, "type").contains("used as a subscription token"));
        let for_y = Expect {
            channel: Some("chat:y".into()),
            ..Expect::default()
        };
        let d = diagnose(&sub, &hmac_keys(), &for_y, NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert!(detail(&d, "type").contains("\"chat:x\""));
    }

    #[test]
    fn decode_shows_header_claims_and_expiry() {
        let t = hs(&json!({"sub": "42", "exp": NOW + 60}));
        let (h, c) = split_token(&t).unwrap();
        assert_eq!(h["alg"], "HS256");
        let pairs = decode_pairs(&h, &c, NOW);
        assert!(pairs.contains(&("header.alg".into(), "HS256".into())));
        assert!(pairs.contains(&(
            "exp".into(),
            format!("{} (2023-11-14T22:14:20Z, in 1m0s)", NOW + 60)
        )));
        assert!(pairs.contains(&("expiry".into(), "in 1m0s (2023-11-14T22:14:20Z)".into())));
        assert!(split_token("a.b").is_err());
        assert!(split_token("!!.e30.").unwrap_err().contains("header"));
        let json_line = render_findings(&diagnose(&t, &hmac_keys(), &Expect::default(), NOW));
        assert!(
            json_line.lines().all(|l| l.starts_with("ok ")),
            "{json_line}"
        );
    }
}

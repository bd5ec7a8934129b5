//! JWT verification for connection and subscription tokens, and the API-key check.
//!
//! The accepted algorithm family is pinned to the configured key type: an HS-signed token is
//! rejected when only an RSA key is configured, `alg: none` is always rejected. Expiry is
//! checked here rather than by the JWT library so that "expired" (error 109) stays distinct
//! from "invalid" (close 3500).

use std::collections::HashMap;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::config::TokenConfig;
use crate::proto::api::SubscribeOptionOverride;
use crate::proto::Raw;

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Bad format, signature, algorithm, audience or issuer: the connection is closed (3500).
    #[error("invalid token: {0}")]
    Invalid(String),
    /// `exp` passed or `nbf` in the future: error 109, the SDK fetches a new token.
    #[error("token expired")]
    Expired,
}

/// Verifies tokens with the keys of one `client.token`-shaped section.
pub struct Verifier {
    hmac: Option<DecodingKey>,
    rsa: Option<DecodingKey>,
    ec: Option<DecodingKey>,
    audience: String,
    issuer: String,
    user_id_claim: String,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("hmac", &self.hmac.is_some())
            .field("rsa", &self.rsa.is_some())
            .field("ec", &self.ec.is_some())
            .finish_non_exhaustive()
    }
}

/// Claims common to connection and subscription tokens.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Claims {
    pub sub: String,
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    pub iat: Option<i64>,
    pub jti: String,
    pub info: Option<Raw>,
    pub b64info: String,
    pub channels: Vec<String>,
    pub subs: HashMap<String, TokenSubOptions>,
    pub meta: Option<Raw>,
    /// PRO connection capabilities.
    pub caps: Vec<super::permissions::CapClaim>,
    /// PRO subscription capabilities (subscription tokens): `pub`, `hst`, `prs`.
    pub allow: Vec<String>,
    /// centri: string labels of the connection, for the `connections` API and `label_filter`.
    pub labels: std::collections::BTreeMap<String, String>,
    pub expire_at: Option<i64>,
    pub channel: Option<String>,
    pub client: String,
    pub data: Option<Raw>,
    pub b64data: String,
    #[serde(rename = "override")]
    pub override_: Option<SubscribeOptionOverride>,
}

/// Options of one server-side subscription in a connection token's `subs`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TokenSubOptions {
    pub info: Option<Raw>,
    pub b64info: String,
    pub data: Option<Raw>,
    pub b64data: String,
    #[serde(rename = "override")]
    pub override_: Option<SubscribeOptionOverride>,
}

/// Decodes a `b64*` claim into raw JSON; `None` when empty.
pub fn b64_raw(field: &str, value: &str) -> Result<Option<Raw>, TokenError> {
    if value.is_empty() {
        return Ok(None);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value)
        .map_err(|e| TokenError::Invalid(format!("{field}: bad base64: {e}")))?;
    crate::proto::raw_from_bytes(&bytes)
        .map(Some)
        .ok_or_else(|| TokenError::Invalid(format!("{field}: not JSON")))
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Verifier {
    /// Builds a verifier; the keys were validated when the config loaded.
    pub fn new(cfg: &TokenConfig) -> Result<Self, String> {
        let hmac = (!cfg.hmac_secret_key.is_empty())
            .then(|| DecodingKey::from_secret(cfg.hmac_secret_key.as_bytes()));
        let rsa = if cfg.rsa_public_key.is_empty() {
            None
        } else {
            Some(
                DecodingKey::from_rsa_pem(cfg.rsa_public_key.as_bytes())
                    .map_err(|e| e.to_string())?,
            )
        };
        let ec = if cfg.ecdsa_public_key.is_empty() {
            None
        } else {
            Some(
                DecodingKey::from_ec_pem(cfg.ecdsa_public_key.as_bytes())
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(Self {
            hmac,
            rsa,
            ec,
            audience: cfg.audience.clone(),
            issuer: cfg.issuer.clone(),
            user_id_claim: cfg.user_id_claim.clone(),
        })
    }

    /// Whether any key is configured at all.
    pub fn has_keys(&self) -> bool {
        self.hmac.is_some() || self.rsa.is_some() || self.ec.is_some()
    }

    /// Verifies signature, algorithm, audience, issuer and time claims; returns the claims
    /// and the user id.
    pub fn verify(&self, token: &str, now: i64) -> Result<(Claims, String), TokenError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| TokenError::Invalid(format!("malformed token: {e}")))?;
        let key = match header.alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => self.hmac.as_ref(),
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => self.rsa.as_ref(),
            Algorithm::ES256 | Algorithm::ES384 => self.ec.as_ref(),
            _ => None,
        }
        .ok_or_else(|| {
            TokenError::Invalid(format!(
                "algorithm {:?} does not match any configured key",
                header.alg
            ))
        })?;
        let mut v = Validation::new(header.alg);
        v.validate_exp = false;
        v.validate_nbf = false;
        v.required_spec_claims.clear();
        // A configured audience or issuer must be present in the token, as in Centrifugo.
        let mut required = Vec::new();
        if self.audience.is_empty() {
            v.validate_aud = false;
        } else {
            v.set_audience(&[&self.audience]);
            required.push("aud");
        }
        if !self.issuer.is_empty() {
            v.set_issuer(&[&self.issuer]);
            required.push("iss");
        }
        v.set_required_spec_claims(&required);
        let data = jsonwebtoken::decode::<serde_json::Value>(token, key, &v).map_err(|e| {
            TokenError::Invalid(match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidAudience => "audience mismatch".to_string(),
                jsonwebtoken::errors::ErrorKind::InvalidIssuer => "issuer mismatch".to_string(),
                jsonwebtoken::errors::ErrorKind::InvalidSignature => "bad signature".to_string(),
                _ => e.to_string(),
            })
        })?;
        let user = if self.user_id_claim.is_empty() {
            None
        } else {
            Some(
                data.claims
                    .get(&self.user_id_claim)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
            )
        };
        let claims: Claims = serde_json::from_value(data.claims)
            .map_err(|e| TokenError::Invalid(format!("bad claims: {e}")))?;
        if claims.exp.is_some_and(|exp| exp <= now) || claims.nbf.is_some_and(|nbf| nbf > now) {
            return Err(TokenError::Expired);
        }
        let user = user.unwrap_or_else(|| claims.sub.clone());
        Ok((claims, user))
    }
}

/// Constant-time comparison of a presented secret with the configured one.
pub fn secret_eq(presented: &str, configured: &str) -> bool {
    !configured.is_empty() && bool::from(presented.as_bytes().ct_eq(configured.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jsonwebtoken::{encode, EncodingKey, Header};

    fn hs(claims: &serde_json::Value, secret: &str) -> String {
        encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    fn verifier(secret: &str) -> Verifier {
        Verifier::new(&TokenConfig {
            hmac_secret_key: secret.into(),
            ..TokenConfig::default()
        })
        .unwrap()
    }

    #[test]
    fn valid_expired_and_bad_signature() {
        let v = verifier("s3cret");
        let now = now_unix();
        let (c, user) = v
            .verify(
                &hs(
                    &serde_json::json!({"sub":"42","exp":now+60,"info":{"a":1}}),
                    "s3cret",
                ),
                now,
            )
            .unwrap();
        assert_eq!(user, "42");
        assert_eq!(c.info.unwrap().get(), r#"{"a":1}"#);
        assert_eq!(
            v.verify(
                &hs(&serde_json::json!({"sub":"42","exp":now-1}), "s3cret"),
                now
            )
            .unwrap_err(),
            TokenError::Expired
        );
        assert!(matches!(
            v.verify(&hs(&serde_json::json!({"sub":"42"}), "other"), now),
            Err(TokenError::Invalid(_))
        ));
        assert!(matches!(
            v.verify("garbage", now),
            Err(TokenError::Invalid(_))
        ));
    }

    #[test]
    fn alg_none_and_foreign_family_are_rejected() {
        let v = verifier("s3cret");
        // header {"alg":"none","typ":"JWT"} . {"sub":"42"} . (empty signature)
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiJ9.";
        assert!(matches!(v.verify(none, 0), Err(TokenError::Invalid(_))));
        let rsa_only = Verifier::new(&TokenConfig::default()).unwrap();
        let t = hs(&serde_json::json!({"sub":"42"}), "s3cret");
        assert!(
            matches!(rsa_only.verify(&t, 0), Err(TokenError::Invalid(m)) if m.contains("algorithm"))
        );
    }

    #[test]
    fn audience_and_issuer_are_checked() {
        let v = Verifier::new(&TokenConfig {
            hmac_secret_key: "k".into(),
            audience: "app".into(),
            issuer: "me".into(),
            ..TokenConfig::default()
        })
        .unwrap();
        let ok = hs(&serde_json::json!({"sub":"1","aud":"app","iss":"me"}), "k");
        assert!(v.verify(&ok, 0).is_ok());
        let bad_aud = hs(&serde_json::json!({"sub":"1","aud":"x","iss":"me"}), "k");
        assert_eq!(
            v.verify(&bad_aud, 0).unwrap_err(),
            TokenError::Invalid("audience mismatch".into())
        );
        let no_aud = hs(&serde_json::json!({"sub":"1","iss":"me"}), "k");
        assert!(
            matches!(v.verify(&no_aud, 0), Err(TokenError::Invalid(_))),
            "a configured audience is required"
        );
        let no_iss = hs(&serde_json::json!({"sub":"1","aud":"app"}), "k");
        assert!(
            matches!(v.verify(&no_iss, 0), Err(TokenError::Invalid(_))),
            "a configured issuer is required"
        );
        let bad_iss = hs(&serde_json::json!({"sub":"1","aud":"app","iss":"x"}), "k");
        assert_eq!(
            v.verify(&bad_iss, 0).unwrap_err(),
            TokenError::Invalid("issuer mismatch".into())
        );
    }

    #[test]
    fn api_key_compare() {
        assert!(secret_eq("abc", "abc"));
        assert!(!secret_eq("abd", "abc"));
        assert!(!secret_eq("", ""));
    }
}

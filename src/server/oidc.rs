//! OIDC sign-in for the admin endpoints (`admin.oidc`): an operator's `Authorization: Bearer`
//! token (an ID or JWT access token from the company's OIDC provider) is accepted beside
//! the admin key and password, and the admin records name its subject or email.
//!
//! The provider's discovery document and JWKS are fetched on first use and cached; a token
//! signed with a key id the cache does not know fetches the JWKS again (at most once per
//! [`REFETCH_EVERY`]), so the provider can rotate its keys without a restart. The algorithm is
//! pinned to the key: only asymmetric keys (RSA, EC, Ed25519) are loaded, so `alg: none`,
//! HMAC tokens (HS/RS confusion) and a key of another family are refused. The issuer, the
//! audience and the expiry are checked, then the access rule over the claims.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};

/// The soonest the JWKS is fetched again for an unknown key id.
pub const REFETCH_EVERY: Duration = Duration::from_secs(10);

/// How long a fetch of the discovery document or the JWKS may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest discovery document or JWKS read (bytes).
const MAX_DOCUMENT: usize = 256 * 1024;

/// `admin.oidc`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OidcConfig {
    /// The provider's issuer URL (its discovery document is under
    /// `/.well-known/openid-configuration`). Empty: OIDC is off.
    pub issuer: String,
    /// The `aud` a token must carry (for access tokens, the API's resource identifier).
    pub audience: String,
    /// The OAuth client `centri login` signs in with (an ID token's audience when
    /// `audience` is empty).
    pub client_id: String,
    /// The access rule: a claim that must hold this value (equal, or an array containing
    /// it), such as `{"claim": "groups", "value": "centri-admins"}`. None: any valid token.
    pub require: Option<Requirement>,
    /// The access rule as an expression in centri's filter language over the token's claims,
    /// such as `"centri-admins" in groups && email ~ "*@example.com"`. Empty: none. With
    /// `require` as well, both must hold.
    pub rule: String,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway: crate::server::config::Dur,
}

impl Default for OidcConfig {
    fn default() -> Self {
        Self {
            issuer: String::new(),
            audience: String::new(),
            client_id: String::new(),
            require: None,
            rule: String::new(),
            leeway: crate::server::config::Dur::secs(30),
        }
    }
}

/// A claim value a token must carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Requirement {
    pub claim: String,
    pub value: String,
}

impl OidcConfig {
    pub fn enabled(&self) -> bool {
        !self.issuer.is_empty()
    }

    /// What a token's `aud` must contain.
    fn expected_audience(&self) -> &str {
        if self.audience.is_empty() {
            &self.client_id
        } else {
            &self.audience
        }
    }

    /// Config errors: (the key, why).
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if !self.enabled() {
            return Ok(());
        }
        let url =
            reqwest::Url::parse(&self.issuer).map_err(|e| ("admin.oidc.issuer", e.to_string()))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(("admin.oidc.issuer", "must be an https (or http) URL".into()));
        }
        if self.expected_audience().is_empty() {
            return Err((
                "admin.oidc.audience",
                "set it (or admin.oidc.client_id): tokens for any audience would be accepted"
                    .into(),
            ));
        }
        if let Some(r) = &self.require {
            if r.claim.is_empty() || r.value.is_empty() {
                return Err(("admin.oidc.require", "needs both claim and value".into()));
            }
        }
        if !self.rule.is_empty() {
            crate::filter::Filter::parse(&self.rule)
                .map_err(|e| ("admin.oidc.rule", e.to_string()))?;
        }
        if self.leeway.negative || self.leeway.value > Duration::from_secs(300) {
            return Err(("admin.oidc.leeway", "must be between 0s and 5m".into()));
        }
        Ok(())
    }
}

/// Who a valid token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
}

impl Identity {
    /// The name audit records use: the email when the token has one, else the subject.
    pub fn name(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.subject)
    }
}

/// Why a token was refused; the text names the check (never the token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a valid token for this server (401).
    Invalid(String),
    /// Valid, but the access rule does not hold (403).
    Forbidden(String),
    /// The provider could not be reached or answered nonsense (401: the caller cannot tell
    /// it from a bad token, and the log says which).
    Provider(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Invalid(w) | Refused::Forbidden(w) | Refused::Provider(w) => f.write_str(w),
        }
    }
}

#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, (DecodingKey, Option<Algorithm>)>,
    fetched: Option<Instant>,
}

/// The provider's keys and the checks.
pub struct Oidc {
    cfg: OidcConfig,
    rule: Option<crate::filter::Filter>,
    http: reqwest::Client,
    keys: tokio::sync::RwLock<Keys>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.cfg.issuer)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
}

impl Oidc {
    pub fn new(cfg: OidcConfig) -> Result<Self, String> {
        cfg.validate().map_err(|(k, why)| format!("{k}: {why}"))?;
        let http = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .map_err(|e| format!("admin.oidc: {e}"))?;
        let rule = if cfg.rule.is_empty() {
            None
        } else {
            Some(
                crate::filter::Filter::parse(&cfg.rule)
                    .map_err(|e| format!("admin.oidc.rule: {e}"))?,
            )
        };
        Ok(Self {
            cfg,
            rule,
            http,
            keys: tokio::sync::RwLock::default(),
        })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, Refused> {
        let r = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| Refused::Provider(format!("{url}: {e}")))?;
        if !r.status().is_success() {
            return Err(Refused::Provider(format!("{url}: HTTP {}", r.status())));
        }
        let body = r
            .bytes()
            .await
            .map_err(|e| Refused::Provider(format!("{url}: {e}")))?;
        if body.len() > MAX_DOCUMENT {
            return Err(Refused::Provider(format!(
                "{url}: over {MAX_DOCUMENT} bytes"
            )));
        }
        serde_json::from_slice(&body).map_err(|e| Refused::Provider(format!("{url}: {e}")))
    }

    /// Fetches the discovery document and the JWKS, unless fetched within
    /// [`REFETCH_EVERY`] (then the cache stays as it is).
    async fn refresh(&self) -> Result<(), Refused> {
        let mut keys = self.keys.write().await;
        if keys.fetched.is_some_and(|t| t.elapsed() < REFETCH_EVERY) {
            return Ok(());
        }
        keys.fetched = Some(Instant::now());
        let base = self.cfg.issuer.trim_end_matches('/');
        let d: Discovery = self
            .get_json(&format!("{base}/.well-known/openid-configuration"))
            .await?;
        if d.issuer != self.cfg.issuer {
            return Err(Refused::Provider(format!(
                "the discovery document names issuer {:?}, not admin.oidc.issuer {:?}",
                d.issuer, self.cfg.issuer
            )));
        }
        let set: JwkSet = self.get_json(&d.jwks_uri).await?;
        let mut by_kid = HashMap::new();
        for jwk in &set.keys {
            // asymmetric keys only: an `oct` key would let HMAC tokens in
            if matches!(jwk.algorithm, AlgorithmParameters::OctetKey(_)) {
                continue;
            }
            let (Some(kid), Ok(key)) = (jwk.common.key_id.clone(), DecodingKey::from_jwk(jwk))
            else {
                continue;
            };
            // the key's own `alg`, when it names one: the token's must match it
            let alg = jwk
                .common
                .key_algorithm
                .and_then(|a| serde_json::to_value(a).ok())
                .and_then(|v| v.as_str().and_then(|s| s.parse::<Algorithm>().ok()));
            by_kid.insert(kid, (key, alg));
        }
        tracing::info!(
            issuer = %self.cfg.issuer,
            keys = by_kid.len(),
            "admin OIDC: provider keys loaded"
        );
        keys.by_kid = by_kid;
        Ok(())
    }

    /// Checks a bearer token: signature, issuer, audience, expiry, then the access rule.
    pub async fn verify(&self, token: &str) -> Result<Identity, Refused> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| Refused::Invalid(format!("not a signed JWT: {e}")))?;
        if header.alg.family() == jsonwebtoken::AlgorithmFamily::Hmac {
            return Err(Refused::Invalid(format!(
                "alg {:?} is refused: the provider signs with its own asymmetric keys",
                header.alg
            )));
        }
        let kid = header
            .kid
            .clone()
            .ok_or_else(|| Refused::Invalid("the token has no kid".into()))?;
        if !self.keys.read().await.by_kid.contains_key(&kid) {
            self.refresh().await?;
        }
        let keys = self.keys.read().await;
        let Some((key, key_alg)) = keys.by_kid.get(&kid) else {
            return Err(Refused::Invalid(format!(
                "key id {kid:?} is not in the provider's JWKS"
            )));
        };
        if key_alg.is_some_and(|a| a != header.alg) {
            return Err(Refused::Invalid(format!(
                "alg {:?} does not match key {kid:?}",
                header.alg
            )));
        }
        let mut v = Validation::new(header.alg);
        v.set_issuer(&[&self.cfg.issuer]);
        v.set_audience(&[self.cfg.expected_audience()]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.leeway = self.cfg.leeway.value.as_secs();
        let data = jsonwebtoken::decode::<serde_json::Value>(token, key, &v).map_err(|e| {
            Refused::Invalid(match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => "the token has expired".into(),
                jsonwebtoken::errors::ErrorKind::InvalidAudience => format!(
                    "the token's audience is not {:?}",
                    self.cfg.expected_audience()
                ),
                jsonwebtoken::errors::ErrorKind::InvalidIssuer => {
                    format!("the token's issuer is not {:?}", self.cfg.issuer)
                }
                other => format!("{other:?}"),
            })
        })?;
        let claims = data.claims;
        let identity = Identity {
            subject: claims["sub"].as_str().unwrap_or_default().to_string(),
            email: claims["email"].as_str().map(str::to_string),
        };
        if let Some(r) = &self.cfg.require {
            let ok = match &claims[&r.claim] {
                serde_json::Value::String(s) => *s == r.value,
                serde_json::Value::Array(a) => a.iter().any(|v| v.as_str() == Some(&r.value)),
                _ => false,
            };
            if !ok {
                return Err(Refused::Forbidden(format!(
                    "{} lacks {:?} in claim {:?} (admin.oidc.require)",
                    identity.name(),
                    r.value,
                    r.claim
                )));
            }
        }
        if let Some(rule) = &self.rule {
            if !rule.matches(&claims) {
                return Err(Refused::Forbidden(format!(
                    "{} does not meet admin.oidc.rule `{}`",
                    identity.name(),
                    rule.source()
                )));
            }
        }
        Ok(identity)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cfg(v: serde_json::Value) -> Result<OidcConfig, String> {
        let c: OidcConfig = serde_json::from_value(v).map_err(|e| e.to_string())?;
        c.validate().map_err(|(k, why)| format!("{k}: {why}"))?;
        Ok(c)
    }

    #[test]
    fn the_config_names_what_is_wrong() {
        assert!(!cfg(serde_json::json!({})).unwrap().enabled());
        let e = cfg(serde_json::json!({"issuer": "not a url", "audience": "a"})).unwrap_err();
        assert!(e.starts_with("admin.oidc.issuer"), "{e}");
        let e = cfg(serde_json::json!({"issuer": "https://id.example"})).unwrap_err();
        assert!(e.starts_with("admin.oidc.audience"), "{e}");
        let e = cfg(
            serde_json::json!({"issuer": "https://id.example", "audience": "a",
            "require": {"claim": "groups"}}),
        )
        .unwrap_err();
        assert!(e.starts_with("admin.oidc.require"), "{e}");
        let e =
            cfg(serde_json::json!({"issuer": "https://id.example", "audience": 7})).unwrap_err();
        assert!(e.contains("string"), "{e}");
        assert!(
            cfg(serde_json::json!({"issuer": "https://id.example", "client_id": "cli"})).is_ok()
        );
        let e = cfg(
            serde_json::json!({"issuer": "https://id.example", "audience": "a",
            "rule": "\"admins\" in"}),
        )
        .unwrap_err();
        assert!(e.starts_with("admin.oidc.rule: "), "{e}");
        assert!(cfg(
            serde_json::json!({"issuer": "https://id.example", "audience": "a",
            "rule": "\"admins\" in groups && email ~ \"*@example.test\""})
        )
        .is_ok());
    }

    #[tokio::test]
    async fn tokens_that_cannot_be_checked_are_refused_before_any_fetch() {
        let o = Oidc::new(
            cfg(serde_json::json!({"issuer": "http://127.0.0.1:9", "audience": "a"})).unwrap(),
        )
        .unwrap();
        // alg none
        let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
        assert!(matches!(o.verify(none).await, Err(Refused::Invalid(_))));
        // HS256 (what HS/RS confusion sends)
        let hs = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::HS256),
            &serde_json::json!({"sub": "x"}),
            &jsonwebtoken::EncodingKey::from_secret(b"public key pem"),
        )
        .unwrap();
        let r = o.verify(&hs).await;
        assert!(
            matches!(&r, Err(Refused::Invalid(w)) if w.contains("HS256")),
            "{r:?}"
        );
        assert!(matches!(
            o.verify("garbage").await,
            Err(Refused::Invalid(_))
        ));
    }
}

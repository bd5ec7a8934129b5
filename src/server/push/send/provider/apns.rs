//! APNs, Apple's provider API: one HTTP/2 request per notification
//! (`POST {base}/3/device/{token}`), authenticated by an ES256 provider token signed with the
//! team's `.p8` key. Owns the provider token (made once, reused by every request, renewed
//! before Apple's one-hour limit and right after an `ExpiredProviderToken`), the request, and
//! the reading of Apple's status codes and `reason` into an [`Outcome`].
//!
//! Built on reqwest (HTTP/2 over TLS, ALPN h2, from [`super::http_client`]) and jsonwebtoken
//! rather than the `a2` crate: a2 only knows Apple's two hosts (`Endpoint::{Production,
//! Sandbox}`) and builds its own TLS connector, so it can neither be pointed at another URL nor
//! trust an extra root CA, and the tests and `push_notifications.ca_file` need both.
//!
//! Imports nothing of the server but its config.

use std::sync::RwLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use serde::Serialize;
use serde_json::Value;

use super::{retry_after, Outcome, To};
use crate::server::config::push::PushApnsConfig;

/// `endpoint: development`.
pub const SANDBOX: &str = "https://api.sandbox.push.apple.com";
/// `endpoint: production`.
pub const PRODUCTION: &str = "https://api.push.apple.com";

/// A provider token is renewed once it is this old. Apple refuses tokens older than an hour
/// (`ExpiredProviderToken`) and renewals more often than every 20 minutes
/// (`TooManyProviderTokenUpdates`), so renew well inside both.
pub const TOKEN_RENEW_AFTER: Duration = Duration::from_secs(50 * 60);

/// The most of an error answer's body that is read (Apple's are a few dozen bytes).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// The APNs provider: a shared HTTP/2 client, where to send, and the provider token.
pub struct Apns {
    http: reqwest::Client,
    /// `https://api.push.apple.com` or the configured URL, without a trailing `/`.
    base: String,
    /// `base`, parsed once.
    base_url: reqwest::Url,
    /// The default `apns-topic`.
    topic: HeaderValue,
    tokens: ProviderTokens,
}

impl std::fmt::Debug for Apns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Apns")
            .field("base", &self.base)
            .field("topic", &self.topic)
            .field("key_id", &self.tokens.key_id)
            .field("team_id", &self.tokens.team_id)
            .finish_non_exhaustive()
    }
}

impl Apns {
    /// Checks `push_notifications.apns`, reads the `.p8` key and signs a first provider token
    /// (so that a key that cannot sign fails here, not on the first push).
    ///
    /// Errors name the config key and the file, never the key's contents.
    pub fn new(cfg: &PushApnsConfig, http: reqwest::Client) -> Result<Apns, String> {
        let base = base_url(&cfg.endpoint)?;
        if cfg.auth != "token" {
            return Err(format!(
                "push_notifications.apns.auth: {:?} is not supported; only \"token\" (a .p8 key)",
                cfg.auth
            ));
        }
        let required = |key: &str, v: &str| {
            if v.trim().is_empty() {
                Err(format!("push_notifications.apns.{key}: required"))
            } else {
                Ok(v.trim().to_string())
            }
        };
        let bundle_id = required("bundle_id", &cfg.bundle_id)?;
        let key_id = required("token_key_id", &cfg.token_key_id)?;
        let team_id = required("token_team_id", &cfg.token_team_id)?;
        let path = required("token_auth_key_path", &cfg.token_auth_key_path)?;
        let topic = HeaderValue::from_str(&bundle_id).map_err(|_| {
            "push_notifications.apns.bundle_id: not a valid header value".to_string()
        })?;
        let key = read_p256_key("push_notifications.apns.token_auth_key_path", &path)?;
        let tokens = ProviderTokens::new(&key, key_id, team_id)
            .map_err(|e| format!("push_notifications.apns.token_auth_key_path: {path}: {e}"))?;
        let base_url = reqwest::Url::parse(&base)
            .map_err(|e| format!("push_notifications.apns.endpoint: {e}"))?;
        Ok(Apns {
            http,
            base,
            base_url,
            topic,
            tokens,
        })
    }

    /// Where requests go: the scheme, host and any path prefix, without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends one notification. `message` is PRO's `ApnsPushNotification`:
    /// `{"headers": {"apns-priority": "10", ...}, "payload": {"aps": {...}, ...}}`; only
    /// [`To::Token`] applies.
    pub async fn send(&self, message: &Value, to: To<'_>) -> Outcome {
        let To::Token(token) = to else {
            return failed("apns sends to device tokens only");
        };
        if !is_device_token(token) {
            // What APNs answers for it; no request is needed to know.
            return Outcome::Dead {
                reason: "BadDeviceToken".into(),
            };
        }
        let (headers, body) = match request_parts(message, &self.topic) {
            Ok(parts) => parts,
            Err(reason) => return failed(reason),
        };
        let (bearer, generation) = match self.tokens.current() {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %e, "apns: cannot sign a provider token");
                return failed("provider token");
            }
        };
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(["3", "device", token]);
        }
        let sent = self
            .http
            .post(url)
            .headers(headers)
            .header(AUTHORIZATION, bearer)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => return transport_error(e),
        };
        let status = resp.status().as_u16();
        if status == 200 {
            // The common answer: only its apns-id is read (no copy of the headers).
            let mut only_id = HeaderMap::new();
            if let Some(id) = resp.headers().get("apns-id") {
                only_id.insert(HeaderName::from_static("apns-id"), id.clone());
            }
            return classify(status, &only_id, &[]);
        }
        let resp_headers = resp.headers().clone();
        let body = read_limited(resp, MAX_ERROR_BODY).await;
        let outcome = classify(status, &resp_headers, &body);
        if matches!(&outcome, Outcome::Retry { reason, .. } if reason == "ExpiredProviderToken") {
            self.tokens.renew(generation);
        }
        outcome
    }

    /// How many provider tokens this provider has signed (the first one included).
    pub fn tokens_signed(&self) -> u64 {
        self.tokens.signed()
    }
}

/// The provider token and what it is made from. The key is the team's secret: no `Debug`.
struct ProviderTokens {
    key: EncodingKey,
    key_id: String,
    team_id: String,
    /// [`TOKEN_RENEW_AFTER`]; shorter in unit tests.
    renew_after: Duration,
    current: RwLock<Current>,
}

struct Current {
    /// `bearer <jwt>`, marked sensitive.
    bearer: HeaderValue,
    /// Its `iat` claim.
    iat: u64,
    made: Instant,
    /// Counts renewals, so that many requests refused with the same expired token renew it
    /// once.
    generation: u64,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: u64,
}

impl ProviderTokens {
    fn new(key: &p256::SecretKey, key_id: String, team_id: String) -> Result<Self, String> {
        let der = key
            .to_pkcs8_der()
            .map_err(|e| format!("cannot encode the key: {e}"))?;
        let key = EncodingKey::from_ec_der(der.as_bytes());
        let iat = unix_now();
        let bearer = sign(&key, &key_id, &team_id, iat)?;
        Ok(ProviderTokens {
            key,
            key_id,
            team_id,
            renew_after: TOKEN_RENEW_AFTER,
            current: RwLock::new(Current {
                bearer,
                iat,
                made: Instant::now(),
                generation: 1,
            }),
        })
    }

    /// The token to send with and its generation; signs a new one when it is
    /// [`TOKEN_RENEW_AFTER`] old.
    fn current(&self) -> Result<(HeaderValue, u64), String> {
        {
            let cur = self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cur.made.elapsed() < self.renew_after {
                return Ok((cur.bearer.clone(), cur.generation));
            }
        }
        let mut cur = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cur.made.elapsed() >= self.renew_after {
            self.replace(&mut cur)?;
        }
        Ok((cur.bearer.clone(), cur.generation))
    }

    /// Renews the token after APNs called generation `seen` expired, unless another request
    /// already did.
    fn renew(&self, seen: u64) {
        let mut cur = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cur.generation == seen {
            if let Err(e) = self.replace(&mut cur) {
                tracing::warn!(error = %e, "apns: cannot renew the provider token");
            }
        }
    }

    fn replace(&self, cur: &mut Current) -> Result<(), String> {
        // A renewal always yields a new token: `iat` moves on even within the same second
        // (ES256 here is deterministic, so equal claims would sign the same token).
        let iat = unix_now().max(cur.iat + 1);
        cur.bearer = sign(&self.key, &self.key_id, &self.team_id, iat)?;
        cur.iat = iat;
        cur.made = Instant::now();
        cur.generation += 1;
        Ok(())
    }

    fn signed(&self) -> u64 {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .generation
    }
}

fn sign(key: &EncodingKey, key_id: &str, team_id: &str, iat: u64) -> Result<HeaderValue, String> {
    let mut header = Header::new(Algorithm::ES256);
    header.typ = None;
    header.kid = Some(key_id.to_string());
    let jwt = jsonwebtoken::encode(&header, &Claims { iss: team_id, iat }, key)
        .map_err(|e| format!("cannot sign an ES256 token: {e}"))?;
    let mut v = HeaderValue::from_str(&format!("bearer {jwt}"))
        .map_err(|_| "the signed token is not a header value".to_string())?;
    v.set_sensitive(true);
    Ok(v)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Reads a P-256 private key from a PKCS#8 PEM file (an Apple `.p8` key, a VAPID key).
/// Errors name `cfg_key` and the path, never the contents.
pub(super) fn read_p256_key(cfg_key: &str, path: &str) -> Result<p256::SecretKey, String> {
    let pem = std::fs::read_to_string(path).map_err(|e| format!("{cfg_key}: {path}: {e}"))?;
    p256::SecretKey::from_pkcs8_pem(&pem).map_err(|e| {
        format!("{cfg_key}: {path}: not a PKCS#8 PEM private key on the P-256 curve ({e})")
    })
}

/// `development`, `production`, or an `http(s)://` URL (a proxy, a test server).
fn base_url(endpoint: &str) -> Result<String, String> {
    match endpoint.trim() {
        "development" => Ok(SANDBOX.into()),
        "production" => Ok(PRODUCTION.into()),
        other => {
            let bad = || {
                format!(
                    "push_notifications.apns.endpoint: {other:?}: use development, production or an https URL"
                )
            };
            let url = url::Url::parse(other).map_err(|_| bad())?;
            if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none_or(str::is_empty)
            {
                return Err(bad());
            }
            if url.query().is_some() || url.fragment().is_some() {
                return Err(bad());
            }
            Ok(url.as_str().trim_end_matches('/').to_string())
        }
    }
}

/// APNs device tokens are hex strings (64 digits today; Apple says the length may change).
fn is_device_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 512 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The request's `apns-*` headers (with `apns-topic` defaulting to the bundle id) and its JSON
/// body, or the reason the message is refused.
fn request_parts(
    message: &Value,
    topic: &HeaderValue,
) -> Result<(HeaderMap, Vec<u8>), &'static str> {
    let mut headers = HeaderMap::new();
    match message.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                if !name
                    .get(..5)
                    .is_some_and(|p| p.eq_ignore_ascii_case("apns-"))
                {
                    tracing::debug!(header = %name, "apns: refused a header that is not apns-*");
                    return Err("bad header");
                }
                // `HeaderName` lowercases by itself; once per push, so no copies on the way.
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| "bad header")?;
                let value = match value {
                    Value::String(s) => HeaderValue::from_str(s),
                    Value::Number(n) => HeaderValue::from_str(&n.to_string()),
                    _ => return Err("bad header"),
                }
                .map_err(|_| "bad header")?;
                headers.insert(name, value);
            }
        }
        Some(_) => return Err("bad header"),
    }
    if !headers.contains_key("apns-topic") {
        headers.insert(HeaderName::from_static("apns-topic"), topic.clone());
    }
    let Some(payload @ Value::Object(_)) = message.get("payload") else {
        return Err("bad payload");
    };
    let body = serde_json::to_vec(payload).map_err(|_| "bad payload")?;
    Ok((headers, body))
}

/// Reads Apple's answer, per "Handling notification responses from APNs".
fn classify(status: u16, headers: &HeaderMap, body: &[u8]) -> Outcome {
    if status == 200 {
        let id = headers
            .get("apns-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        return Outcome::Sent { id };
    }
    let reason = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("reason")?.as_str().map(str::to_string))
        .filter(|r| !r.is_empty() && r.len() <= 64)
        .unwrap_or_else(|| format!("http {status}"));
    match (status, reason.as_str()) {
        (410, _) | (400, "BadDeviceToken" | "DeviceTokenNotForTopic") => Outcome::Dead { reason },
        (403, "ExpiredProviderToken") => Outcome::Retry {
            reason,
            after: None,
        },
        (429 | 500..=599, _) => Outcome::Retry {
            reason,
            after: retry_after(headers),
        },
        _ => Outcome::Failed { reason },
    }
}

/// A request that got no answer: worth another attempt. The URL (it holds the device token
/// or the subscription) stays out of the log.
pub(super) fn transport_error(e: reqwest::Error) -> Outcome {
    let reason = if e.is_timeout() { "timeout" } else { "connect" };
    tracing::debug!(error = %e.without_url(), "push request failed");
    Outcome::Retry {
        reason: reason.into(),
        after: None,
    }
}

/// Reads at most `max` bytes of a body; a body that breaks off reads as what came.
pub(super) async fn read_limited(mut resp: reqwest::Response, max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let room = max.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= max {
            break;
        }
    }
    out
}

fn failed(reason: &str) -> Outcome {
    Outcome::Failed {
        reason: reason.into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reason_body(r: &str) -> Vec<u8> {
        json!({ "reason": r }).to_string().into_bytes()
    }

    #[test]
    fn classifies_apples_answers() {
        let none = HeaderMap::new();
        let mut with_id = HeaderMap::new();
        with_id.insert(
            "apns-id",
            HeaderValue::from_static("EC1BF194-B3B2-424A-89A9-5A918A6E6B5B"),
        );
        assert_eq!(
            classify(200, &with_id, b""),
            Outcome::Sent {
                id: Some("EC1BF194-B3B2-424A-89A9-5A918A6E6B5B".into())
            }
        );
        assert_eq!(classify(200, &none, b""), Outcome::Sent { id: None });
        let dead = |s, r: &str| classify(s, &none, &reason_body(r));
        assert_eq!(
            dead(410, "Unregistered"),
            Outcome::Dead {
                reason: "Unregistered".into()
            }
        );
        assert_eq!(
            dead(410, "ExpiredToken"),
            Outcome::Dead {
                reason: "ExpiredToken".into()
            }
        );
        assert_eq!(
            classify(410, &none, b""),
            Outcome::Dead {
                reason: "http 410".into()
            }
        );
        for r in ["BadDeviceToken", "DeviceTokenNotForTopic"] {
            assert_eq!(dead(400, r), Outcome::Dead { reason: r.into() });
        }
        assert_eq!(
            dead(403, "ExpiredProviderToken"),
            Outcome::Retry {
                reason: "ExpiredProviderToken".into(),
                after: None
            }
        );
        for (s, r) in [
            (400, "BadTopic"),
            (400, "PayloadEmpty"),
            (403, "InvalidProviderToken"),
            (403, "BadCertificate"),
            (404, "BadPath"),
            (405, "MethodNotAllowed"),
            (413, "PayloadTooLarge"),
        ] {
            assert_eq!(dead(s, r), Outcome::Failed { reason: r.into() }, "{s} {r}");
        }
        let mut ra = HeaderMap::new();
        ra.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("30"));
        assert_eq!(
            classify(429, &ra, &reason_body("TooManyRequests")),
            Outcome::Retry {
                reason: "TooManyRequests".into(),
                after: Some(Duration::from_secs(30))
            }
        );
        for s in [500, 503] {
            assert_eq!(
                classify(s, &none, b"<html>oops</html>"),
                Outcome::Retry {
                    reason: format!("http {s}"),
                    after: None
                }
            );
        }
        assert_eq!(
            classify(503, &none, &reason_body("ServiceUnavailable")).reason(),
            Some("ServiceUnavailable")
        );
    }

    #[test]
    fn garbage_answers_never_panic() {
        let none = HeaderMap::new();
        for body in [
            &b""[..],
            b"null",
            b"[]",
            b"{\"reason\": 7}",
            b"\xff\xfe",
            b"{\"reason\": \"\"}",
        ] {
            for s in [0, 100, 204, 301, 400, 403, 410, 418, 429, 500, 599, 999] {
                let o = classify(s, &none, body);
                assert!(o.reason().is_some(), "{s}: {o:?}");
            }
        }
        let long = reason_body(&"x".repeat(1000));
        assert_eq!(classify(400, &none, &long).reason(), Some("http 400"));
    }

    #[test]
    fn builds_headers_and_body() {
        let topic = HeaderValue::from_static("com.example.app");
        let msg = json!({
            "headers": {"apns-priority": "10", "APNS-Push-Type": "alert", "apns-expiration": 0},
            "payload": {"aps": {"alert": "hi"}, "k": 1}
        });
        let (h, body) = request_parts(&msg, &topic).unwrap();
        assert_eq!(h["apns-priority"], "10");
        assert_eq!(h["apns-push-type"], "alert");
        assert_eq!(h["apns-expiration"], "0");
        assert_eq!(h["apns-topic"], "com.example.app");
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap(),
            json!({"aps": {"alert": "hi"}, "k": 1})
        );
        let own =
            json!({"headers": {"apns-topic": "com.example.app.voip"}, "payload": {"aps": {}}});
        assert_eq!(
            request_parts(&own, &topic).unwrap().0["apns-topic"],
            "com.example.app.voip"
        );
        for bad in [
            json!({"headers": {"authorization": "bearer x"}, "payload": {"aps": {}}}),
            json!({"headers": {"apns-priority": "1\n0"}, "payload": {"aps": {}}}),
            json!({"headers": {"apns-priority": [10]}, "payload": {"aps": {}}}),
            json!({"headers": "apns-priority: 10", "payload": {"aps": {}}}),
        ] {
            assert_eq!(
                request_parts(&bad, &topic).unwrap_err(),
                "bad header",
                "{bad}"
            );
        }
        for bad in [json!({}), json!({"payload": "hi"}), json!({"payload": [1]})] {
            assert_eq!(
                request_parts(&bad, &topic).unwrap_err(),
                "bad payload",
                "{bad}"
            );
        }
    }

    fn signer() -> (ProviderTokens, jsonwebtoken::DecodingKey) {
        let key = p256::SecretKey::from_slice(&[7u8; 32]).unwrap();
        let public = {
            use p256::elliptic_curve::sec1::ToEncodedPoint;
            key.public_key().to_encoded_point(false)
        };
        let tokens = ProviderTokens::new(&key, "KEY1234567".into(), "TEAM123456".into()).unwrap();
        (
            tokens,
            jsonwebtoken::DecodingKey::from_ec_der(public.as_bytes()),
        )
    }

    fn claims(bearer: &HeaderValue, key: &jsonwebtoken::DecodingKey) -> (Header, Value) {
        let jwt = bearer.to_str().unwrap().strip_prefix("bearer ").unwrap();
        let mut v = jsonwebtoken::Validation::new(Algorithm::ES256);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Value>(jwt, key, &v).unwrap();
        (data.header, data.claims)
    }

    #[test]
    fn provider_tokens_are_es256_with_kid_iss_iat_and_reused() {
        let (tokens, public) = signer();
        let (a, gen_a) = tokens.current().unwrap();
        assert!(a.is_sensitive());
        let (header, c) = claims(&a, &public);
        assert_eq!(header.alg, Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some("KEY1234567"));
        assert_eq!(header.typ, None);
        assert_eq!(c["iss"], "TEAM123456");
        let iat = c["iat"].as_u64().unwrap();
        assert!(iat.abs_diff(unix_now()) <= 5, "{iat}");
        assert_eq!(c.as_object().unwrap().len(), 2, "{c}");
        // Reused while young.
        for _ in 0..10 {
            assert_eq!(tokens.current().unwrap(), (a.clone(), gen_a));
        }
        assert_eq!(tokens.signed(), 1);
    }

    #[test]
    fn provider_tokens_renew_when_old_and_once_per_expiry() {
        let (mut tokens, public) = signer();
        let (a, gen_a) = tokens.current().unwrap();
        // Refusals of one token renew it once, whoever reports them.
        tokens.renew(gen_a);
        tokens.renew(gen_a);
        let (b, gen_b) = tokens.current().unwrap();
        assert_ne!(a, b);
        assert_eq!((gen_b, tokens.signed()), (gen_a + 1, 2));
        let iat = |h: &HeaderValue| claims(h, &public).1["iat"].as_u64().unwrap();
        assert!(iat(&b) > iat(&a), "a renewed token is a new token");
        // Past its age a token is replaced on use.
        tokens.renew_after = Duration::ZERO;
        let (c, gen_c) = tokens.current().unwrap();
        assert_ne!(c, b);
        assert_eq!(gen_c, gen_b + 1);
        assert!(iat(&c) > iat(&b));
    }

    #[test]
    fn endpoints_and_tokens() {
        assert_eq!(base_url("development").unwrap(), SANDBOX);
        assert_eq!(base_url("production").unwrap(), PRODUCTION);
        assert_eq!(
            base_url("https://127.0.0.1:4443/").unwrap(),
            "https://127.0.0.1:4443"
        );
        assert_eq!(
            base_url("https://proxy.example/apns/").unwrap(),
            "https://proxy.example/apns"
        );
        for bad in ["", "prod", "ftp://x", "https://", "https://h/?q=1"] {
            let e = base_url(bad).unwrap_err();
            assert!(e.starts_with("push_notifications.apns.endpoint"), "{e}");
        }
        assert!(is_device_token(&"ab01".repeat(16)));
        for bad in ["", "zz", "ab/../x", "ab cd", "ab%2f"] {
            assert!(!is_device_token(bad), "{bad}");
        }
    }
}

//! Web Push (RFC 8030): one `POST` to the subscription's endpoint per message, the payload
//! encrypted for the browser (RFC 8291 message encryption, `aes128gcm` content coding of
//! RFC 8188, one record) and the request signed with VAPID (RFC 8292: an ES256 JWT whose
//! `aud` is the endpoint's origin, plus the application server's public key). Owns the VAPID
//! key, the per-origin JWT cache, the request, and the reading of the push service's answer
//! into an [`Outcome`].
//!
//! The encryption is `web-push-native`'s (`RustCrypto`: p256 ECDH, HKDF-SHA-256, AES-128-GCM),
//! chosen over the `web-push` crate, whose `ece` dependency only has an OpenSSL backend; the
//! VAPID JWT is jsonwebtoken's ES256, and the request is our reqwest client's.
//!
//! Imports nothing of the server but its config.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::EncodePrivateKey;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE, LOCATION};
use serde::Serialize;
use serde_json::Value;

use super::apns::{read_limited, read_p256_key, transport_error};
use super::{retry_after, Outcome, To};
use crate::server::config::push::PushWebpushConfig;

/// The `TTL` when the message sets none: four weeks, the longest push services keep a message.
pub const DEFAULT_TTL: u64 = 2_419_200;

/// The largest plaintext that fits the 4096 bytes push services must accept (RFC 8291 §4):
/// 4096 less the header (16 salt + 4 rs + 1 idlen + 65 key), the padding delimiter and the
/// 16-byte tag.
pub const MAX_PLAINTEXT: usize = 4096 - 86 - 1 - 16;

/// A VAPID JWT is valid this long (RFC 8292 allows at most 24 hours)...
pub const VAPID_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// ...and is used this long, so that none goes out with less than an hour left.
const VAPID_REUSE: Duration = Duration::from_secs(11 * 3600);

/// Origins whose VAPID JWT is kept; past it the cache is emptied of expired tokens, or
/// cleared (endpoints come from browsers, so their origins are not ours to bound).
const MAX_CACHED_ORIGINS: usize = 1024;

/// The most of an answer's body that is read (only for logging).
const MAX_ERROR_BODY: usize = 4096;

/// The Web Push provider: a shared HTTP client and the VAPID key.
pub struct WebPush {
    http: reqwest::Client,
    /// The VAPID private key (secret: no `Debug`).
    key: EncodingKey,
    /// The uncompressed public key, base64url (the `k` of the VAPID header).
    public: String,
    subject: String,
    /// origin → (`Authorization` value, when to replace it).
    vapid: Mutex<HashMap<String, (HeaderValue, Instant)>>,
}

impl std::fmt::Debug for WebPush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebPush")
            .field("application_server_key", &self.public)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct VapidClaims<'a> {
    aud: &'a str,
    exp: u64,
    sub: &'a str,
}

/// One message as the sender gives it (`{"payload":..,"ttl":..,"urgency":..,"topic":..}`).
struct Message {
    plaintext: Vec<u8>,
    ttl: u64,
    urgency: Option<&'static str>,
    topic: Option<String>,
}

impl WebPush {
    /// Checks `push_notifications.webpush` and reads the VAPID key. Errors name the config key
    /// and the file, never the key's contents.
    pub fn new(cfg: &PushWebpushConfig, http: reqwest::Client) -> Result<WebPush, String> {
        let subject = cfg.vapid_subject.trim();
        if !is_vapid_subject(subject) {
            return Err(format!(
                "push_notifications.webpush.vapid_subject: {subject:?}: must be a mailto: or https: URL"
            ));
        }
        let path = cfg.vapid_private_key_path.trim();
        if path.is_empty() {
            return Err("push_notifications.webpush.vapid_private_key_path: required".into());
        }
        let cfg_key = "push_notifications.webpush.vapid_private_key_path";
        let secret = read_p256_key(cfg_key, path)?;
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| format!("{cfg_key}: {path}: cannot encode the key: {e}"))?;
        let public = URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes());
        let wp = WebPush {
            http,
            key: EncodingKey::from_ec_der(der.as_bytes()),
            public,
            subject: subject.to_string(),
            vapid: Mutex::new(HashMap::new()),
        };
        // A key that cannot sign fails here, not on the first push.
        wp.sign("https://push.example", unix_now())
            .map_err(|e| format!("{cfg_key}: {path}: {e}"))?;
        Ok(wp)
    }

    /// The application server key browsers subscribe with (`applicationServerKey`): the VAPID
    /// public key, uncompressed, base64url without padding.
    pub fn application_server_key(&self) -> String {
        self.public.clone()
    }

    /// Sends one message to one subscription; only [`To::Subscription`] applies.
    pub async fn send(&self, message: &Value, to: To<'_>) -> Outcome {
        let To::Subscription { endpoint, keys } = to else {
            return failed("webpush sends to subscriptions only");
        };
        let (url, origin) = match endpoint_origin(endpoint) {
            Ok(v) => v,
            Err(reason) => return failed(reason),
        };
        let (ua_public, auth) = match subscription_keys(keys) {
            Ok(v) => v,
            Err(reason) => return failed(reason),
        };
        let msg = match parse_message(message) {
            Ok(m) => m,
            Err(reason) => return failed(reason),
        };
        if msg.plaintext.len() > MAX_PLAINTEXT {
            return failed("payload too large");
        }
        // An empty payload goes as a push without a body (RFC 8030 §5), which needs no
        // encryption: as one aes128gcm record it would carry a record size of 17, which
        // RFC 8188 §2.1 calls invalid.
        let body = if msg.plaintext.is_empty() {
            None
        } else {
            match web_push_native::encrypt(msg.plaintext, &ua_public, &auth) {
                Ok(b) => Some(b),
                Err(_) => return failed("encryption"),
            }
        };
        let authorization = match self.vapid_header(&origin) {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(error = %e, "webpush: cannot sign a VAPID token");
                return failed("vapid");
            }
        };
        let mut req = self
            .http
            .post(url)
            .header(AUTHORIZATION, authorization)
            .header("ttl", msg.ttl.to_string());
        if let Some(u) = msg.urgency {
            req = req.header("urgency", u);
        }
        if let Some(t) = &msg.topic {
            req = req.header("topic", t.as_str());
        }
        if let Some(body) = body {
            req = req
                .header(CONTENT_ENCODING, "aes128gcm")
                .header(CONTENT_TYPE, "application/octet-stream")
                .body(body);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return transport_error(e),
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let outcome = classify(status, &headers);
        if !matches!(outcome, Outcome::Sent { .. }) {
            let body = read_limited(resp, MAX_ERROR_BODY).await;
            tracing::debug!(status, body = %String::from_utf8_lossy(&body), "webpush: refused");
        }
        outcome
    }

    /// The `Authorization` value for `origin`: cached until it has
    /// less than an hour left ([`VAPID_REUSE`]). Signing happens outside the lock.
    fn vapid_header(&self, origin: &str) -> Result<HeaderValue, String> {
        let now = Instant::now();
        {
            let cache = self
                .vapid
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((h, renew_at)) = cache.get(origin) {
                if now < *renew_at {
                    return Ok(h.clone());
                }
            }
        }
        let header = self.sign(origin, unix_now())?;
        let renew_at = now + VAPID_REUSE;
        let mut cache = self
            .vapid
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.len() >= MAX_CACHED_ORIGINS && !cache.contains_key(origin) {
            cache.retain(|_, (_, at)| now < *at);
            if cache.len() >= MAX_CACHED_ORIGINS {
                cache.clear();
            }
        }
        cache.insert(origin.to_string(), (header.clone(), renew_at));
        Ok(header)
    }

    /// `vapid t=<ES256 JWT {aud: origin, exp, sub}>, k=<public key>` (RFC 8292 §3).
    fn sign(&self, origin: &str, now: u64) -> Result<HeaderValue, String> {
        let claims = VapidClaims {
            aud: origin,
            exp: now + VAPID_LIFETIME.as_secs(),
            sub: &self.subject,
        };
        let jwt = jsonwebtoken::encode(&Header::new(Algorithm::ES256), &claims, &self.key)
            .map_err(|e| format!("cannot sign an ES256 token: {e}"))?;
        let mut v = HeaderValue::from_str(&format!("vapid t={jwt}, k={}", self.public))
            .map_err(|_| "the VAPID header is not a header value".to_string())?;
        v.set_sensitive(true);
        Ok(v)
    }
}

/// `mailto:someone@host` or an `https:` URL with a host (RFC 8292 §2.1).
fn is_vapid_subject(s: &str) -> bool {
    if let Some(addr) = s.strip_prefix("mailto:") {
        return addr.contains('@') && !addr.chars().any(|c| c.is_whitespace() || c.is_control());
    }
    s.starts_with("https:")
        && url::Url::parse(s).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()))
}

/// The endpoint as a URL and its origin (`https://host[:port]`, the VAPID `aud`).
fn endpoint_origin(endpoint: &str) -> Result<(url::Url, String), &'static str> {
    let bad = "bad subscription: endpoint";
    let url = url::Url::parse(endpoint).map_err(|_| bad)?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad);
    }
    let origin = url.origin().ascii_serialization();
    Ok((url, origin))
}

/// The registry's `{"p256dh": "<base64url>", "auth": "<base64url>"}`.
fn subscription_keys(keys: &str) -> Result<(p256::PublicKey, web_push_native::Auth), &'static str> {
    let v: Value = serde_json::from_str(keys).map_err(|_| "bad subscription: keys")?;
    let field = |name: &str| {
        v.get(name)
            .and_then(Value::as_str)
            .and_then(|s| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok())
    };
    let point = field("p256dh").ok_or("bad subscription: keys.p256dh")?;
    if point.len() != 65 || point[0] != 4 {
        return Err("bad subscription: keys.p256dh");
    }
    let public =
        p256::PublicKey::from_sec1_bytes(&point).map_err(|_| "bad subscription: keys.p256dh")?;
    let secret = field("auth").ok_or("bad subscription: keys.auth")?;
    let secret: [u8; 16] = secret
        .as_slice()
        .try_into()
        .map_err(|_| "bad subscription: keys.auth")?;
    Ok((public, web_push_native::Auth::from(secret)))
}

fn parse_message(message: &Value) -> Result<Message, &'static str> {
    let plaintext = match message.get("payload") {
        Some(Value::String(s)) => s.clone().into_bytes(),
        Some(other) => serde_json::to_vec(other).map_err(|_| "bad message: payload")?,
        None => return Err("bad message: payload"),
    };
    let ttl = match message.get("ttl") {
        None | Some(Value::Null) => DEFAULT_TTL,
        Some(v) => v.as_u64().ok_or("bad message: ttl")?,
    };
    let urgency = match message.get("urgency") {
        None | Some(Value::Null) => None,
        Some(v) => Some(match v.as_str() {
            Some("very-low") => "very-low",
            Some("low") => "low",
            Some("normal") => "normal",
            Some("high") => "high",
            _ => return Err("bad message: urgency"),
        }),
    };
    let topic = match message.get("topic") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if is_topic(t) => Some(t.clone()),
        Some(_) => return Err("bad message: topic"),
    };
    Ok(Message {
        plaintext,
        ttl,
        urgency,
        topic,
    })
}

/// RFC 8030 §5.4: at most 32 characters of the URL-safe base64 alphabet.
fn is_topic(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 32
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads the push service's answer (RFC 8030 §5, and what FCM, Mozilla and Apple answer).
fn classify(status: u16, headers: &reqwest::header::HeaderMap) -> Outcome {
    match status {
        200..=202 => Outcome::Sent {
            id: headers
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        },
        404 | 410 => Outcome::Dead {
            reason: format!("http {status}"),
        },
        429 | 500..=599 => Outcome::Retry {
            reason: format!("http {status}"),
            after: retry_after(headers),
        },
        _ => Outcome::Failed {
            reason: format!("http {status}"),
        },
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
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
    use reqwest::header::HeaderMap;
    use serde_json::json;

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    // RFC 8291 §5 and Appendix A.
    const RFC_PLAINTEXT: &[u8] = b"When I grow up, I want to be a watermelon";
    const RFC_UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const RFC_UA_PUBLIC: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const RFC_AS_PUBLIC: &str =
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    const RFC_AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const RFC_SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const RFC_BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    fn rfc_keys() -> String {
        json!({"p256dh": RFC_UA_PUBLIC, "auth": RFC_AUTH}).to_string()
    }

    #[test]
    fn decrypts_the_rfc_8291_example() {
        // The crate's key derivation (ECDH, PRK_key/IKM with "WebPush: info", CEK and nonce)
        // against the RFC's worked example: its message opens with the receiver's key.
        let ua = p256::SecretKey::from_slice(&b64(RFC_UA_PRIVATE)).unwrap();
        assert_eq!(
            ua.public_key().to_encoded_point(false).as_bytes(),
            b64(RFC_UA_PUBLIC)
        );
        let (_, auth) = subscription_keys(&rfc_keys()).unwrap();
        let body = b64(RFC_BODY);
        // The header: salt, rs = 4096, idlen = 65, the sender's public key.
        assert_eq!(&body[..16], b64(RFC_SALT));
        assert_eq!(&body[16..20], 4096u32.to_be_bytes());
        assert_eq!(body[20], 65);
        assert_eq!(&body[21..86], b64(RFC_AS_PUBLIC));
        let plain = web_push_native::decrypt(body.clone(), &ua, &auth).unwrap();
        assert_eq!(plain, RFC_PLAINTEXT);
        // A flipped ciphertext bit, or the wrong auth secret, does not open.
        let mut bad = body.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(web_push_native::decrypt(bad, &ua, &auth).is_err());
        let wrong = web_push_native::Auth::from([7u8; 16]);
        assert!(web_push_native::decrypt(body, &ua, &wrong).is_err());
    }

    #[test]
    fn encrypts_one_record_for_the_rfc_receiver() {
        let ua = p256::SecretKey::from_slice(&b64(RFC_UA_PRIVATE)).unwrap();
        let (public, auth) = subscription_keys(&rfc_keys()).unwrap();
        for len in [1, RFC_PLAINTEXT.len(), MAX_PLAINTEXT] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let body = web_push_native::encrypt(plain.clone(), &public, &auth).unwrap();
            // One record: header (86) + plaintext + delimiter (1) + tag (16).
            assert_eq!(body.len(), 86 + len + 17, "{len}");
            assert!(body.len() <= 4096);
            let rs = u32::from_be_bytes(body[16..20].try_into().unwrap()) as usize;
            assert!(rs >= body.len() - 86, "one record of {rs} for {len}");
            assert!(rs >= 18, "RFC 8188 §2.1: rs {rs} for {len}");
            assert_eq!(body[20], 65);
            assert!(p256::PublicKey::from_sec1_bytes(&body[21..86]).is_ok());
            assert_eq!(web_push_native::decrypt(body, &ua, &auth).unwrap(), plain);
        }
    }

    #[test]
    fn classifies_push_service_answers() {
        let mut h = HeaderMap::new();
        h.insert(
            LOCATION,
            HeaderValue::from_static("https://push.example/m/1"),
        );
        for s in [200, 201, 202] {
            assert_eq!(
                classify(s, &h),
                Outcome::Sent {
                    id: Some("https://push.example/m/1".into())
                }
            );
        }
        assert_eq!(classify(201, &HeaderMap::new()), Outcome::Sent { id: None });
        for s in [404, 410] {
            assert!(matches!(classify(s, &h), Outcome::Dead { .. }), "{s}");
        }
        for s in [400, 401, 403, 413, 301, 418] {
            assert_eq!(
                classify(s, &h),
                Outcome::Failed {
                    reason: format!("http {s}")
                }
            );
        }
        h.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("12"));
        for s in [429, 500, 502, 503] {
            assert_eq!(
                classify(s, &h),
                Outcome::Retry {
                    reason: format!("http {s}"),
                    after: Some(Duration::from_secs(12))
                }
            );
        }
    }

    #[test]
    fn reads_messages() {
        let m = parse_message(&json!({"payload": "héllo"})).unwrap();
        assert_eq!(m.plaintext, "héllo".as_bytes());
        assert_eq!(m.ttl, DEFAULT_TTL);
        assert!(m.urgency.is_none() && m.topic.is_none());
        let m = parse_message(
            &json!({"payload": {"a": [1, 2]}, "ttl": 60, "urgency": "high", "topic": "news-1"}),
        )
        .unwrap();
        assert_eq!(m.plaintext, br#"{"a":[1,2]}"#);
        assert_eq!(
            (m.ttl, m.urgency, m.topic.as_deref()),
            (60, Some("high"), Some("news-1"))
        );
        for (bad, reason) in [
            (json!({}), "bad message: payload"),
            (json!({"payload": "x", "ttl": -1}), "bad message: ttl"),
            (json!({"payload": "x", "ttl": "60"}), "bad message: ttl"),
            (
                json!({"payload": "x", "urgency": "urgent"}),
                "bad message: urgency",
            ),
            (
                json!({"payload": "x", "topic": "a b"}),
                "bad message: topic",
            ),
            (
                json!({"payload": "x", "topic": "x".repeat(33)}),
                "bad message: topic",
            ),
        ] {
            assert_eq!(parse_message(&bad).err(), Some(reason), "{bad}");
        }
    }

    #[test]
    fn reads_subscriptions() {
        assert!(subscription_keys(&rfc_keys()).is_ok());
        let padded =
            json!({"p256dh": format!("{RFC_UA_PUBLIC}="), "auth": format!("{RFC_AUTH}==")});
        assert!(subscription_keys(&padded.to_string()).is_ok());
        for (keys, reason) in [
            ("not json".to_string(), "bad subscription: keys"),
            (
                json!({"auth": RFC_AUTH}).to_string(),
                "bad subscription: keys.p256dh",
            ),
            (
                json!({"p256dh": "!!", "auth": RFC_AUTH}).to_string(),
                "bad subscription: keys.p256dh",
            ),
            // 65 bytes but not on the curve.
            (
                json!({"p256dh": URL_SAFE_NO_PAD.encode([4u8; 65]), "auth": RFC_AUTH}).to_string(),
                "bad subscription: keys.p256dh",
            ),
            (
                json!({"p256dh": RFC_UA_PUBLIC}).to_string(),
                "bad subscription: keys.auth",
            ),
            (
                json!({"p256dh": RFC_UA_PUBLIC, "auth": "AAAA"}).to_string(),
                "bad subscription: keys.auth",
            ),
        ] {
            assert_eq!(subscription_keys(&keys).err(), Some(reason), "{keys}");
        }
        assert_eq!(
            endpoint_origin("https://push.example:8443/a/b?c")
                .unwrap()
                .1,
            "https://push.example:8443"
        );
        assert_eq!(
            endpoint_origin("https://fcm.googleapis.com/fcm/send/x")
                .unwrap()
                .1,
            "https://fcm.googleapis.com"
        );
        for bad in ["", "push.example/x", "ftp://push.example/x", "https://"] {
            assert_eq!(
                endpoint_origin(bad).err(),
                Some("bad subscription: endpoint"),
                "{bad}"
            );
        }
    }

    #[test]
    fn vapid_headers_per_origin() {
        let secret = p256::SecretKey::from_slice(&[9u8; 32]).unwrap();
        let der = secret.to_pkcs8_der().unwrap();
        let point = secret.public_key().to_encoded_point(false);
        let wp = WebPush {
            http: reqwest::Client::new(),
            key: EncodingKey::from_ec_der(der.as_bytes()),
            public: URL_SAFE_NO_PAD.encode(point.as_bytes()),
            subject: "mailto:ops@example.com".into(),
            vapid: Mutex::new(HashMap::new()),
        };
        let first = wp.vapid_header("https://push.example").unwrap();
        assert!(first.is_sensitive());
        assert_eq!(wp.vapid_header("https://push.example").unwrap(), first);
        let other = wp.vapid_header("https://other.example:8443").unwrap();
        assert_ne!(first, other);
        let value = other.to_str().unwrap();
        let (jwt, k) = value
            .strip_prefix("vapid t=")
            .and_then(|r| r.split_once(", k="))
            .unwrap();
        assert_eq!(k, wp.application_server_key());
        let mut v = jsonwebtoken::Validation::new(Algorithm::ES256);
        v.set_audience(&["https://other.example:8443"]);
        v.set_required_spec_claims(&["exp", "aud", "sub"]);
        let key = jsonwebtoken::DecodingKey::from_ec_der(point.as_bytes());
        let data = jsonwebtoken::decode::<Value>(jwt, &key, &v).unwrap();
        assert_eq!(data.claims["sub"], "mailto:ops@example.com");
        let exp = data.claims["exp"].as_u64().unwrap();
        let now = unix_now();
        assert!(
            exp > now + 11 * 3600 && exp <= now + 24 * 3600,
            "{exp} {now}"
        );
    }

    #[test]
    fn vapid_subjects() {
        for ok in [
            "mailto:ops@example.com",
            "https://example.com",
            "https://example.com/contact",
        ] {
            assert!(is_vapid_subject(ok), "{ok}");
        }
        for bad in [
            "",
            "ops@example.com",
            "mailto:",
            "mailto:ops",
            "http://example.com",
            "https:",
        ] {
            assert!(!is_vapid_subject(bad), "{bad}");
        }
    }
}

//! A loopback APNs sink and the token-auth key that reaches it.
//!
//! `POST /3/device/{token}` over HTTP/2 needs `authorization: bearer <JWT>`: ES256 under the
//! key of `key_id` (`kid`), `iss` = the team id and an `iat` within the hour, as Apple
//! checks. Each distinct provider token is verified once and then remembered (APNs also
//! caches them; a sender reuses one for up to an hour). It also needs `apns-topic` = the
//! bundle id and a JSON body with an `aps` object. The answer is 200 with an `apns-id`, or
//! APNs' `{"reason": ..}` (403 `InvalidProviderToken`, 400 `MissingTopic`,
//! `BadDeviceToken`, `PayloadEmpty`), counted as a rejection.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::Full;
use hyper::http::request::Parts;
use hyper::Response;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use serde_json::{json, Value};

use super::pki::Pki;
use super::sink::{self, Handler, Record, Sink};

/// The bench's key id, team id and bundle id.
pub const KEY_ID: &str = "BENCHKEY01";
pub const TEAM_ID: &str = "BENCHTEAM1";
pub const BUNDLE_ID: &str = "com.example.centri-bench";

/// A `.p8` token-auth key (P-256, generated per run).
pub struct Key {
    /// PKCS#8 PEM, as Apple hands it out.
    pub p8: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Key {
    pub fn generate() -> Result<Key, String> {
        let secret = (0..16)
            .find_map(|_| p256::SecretKey::from_slice(&rand::random::<[u8; 32]>()).ok())
            .ok_or("P-256 key: no valid scalar drawn")?;
        let p8 = secret
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| format!("P-256 key: {e}"))?
            .to_string();
        let public = secret
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| format!("P-256 key: {e}"))?;
        Ok(Key {
            encoding: EncodingKey::from_ec_pem(p8.as_bytes())
                .map_err(|e| format!("P-256 key: {e}"))?,
            decoding: DecodingKey::from_ec_pem(public.as_bytes())
                .map_err(|e| format!("P-256 key: {e}"))?,
            p8,
        })
    }

    /// A provider token as a sender makes one (for the floor).
    pub fn provider_token(&self) -> Result<String, String> {
        let mut header = jsonwebtoken::Header::new(Algorithm::ES256);
        header.kid = Some(KEY_ID.into());
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        jsonwebtoken::encode(
            &header,
            &Claims {
                iss: TEAM_ID.into(),
                iat,
            },
            &self.encoding,
        )
        .map_err(|e| format!("provider token: {e}"))
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Claims {
    iss: String,
    iat: u64,
}

struct State {
    key: Arc<Key>,
    verified: Mutex<HashSet<String>>,
    record: Arc<Record>,
}

fn reason(status: u16, why: &str) -> Response<Full<Bytes>> {
    sink::json(status, &json!({"reason": why}))
}

impl State {
    fn verify(&self, jwt: &str) -> Result<(), String> {
        if self
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(jwt)
        {
            return Ok(());
        }
        let header = jsonwebtoken::decode_header(jwt).map_err(|e| e.to_string())?;
        if header.kid.as_deref() != Some(KEY_ID) {
            return Err(format!("kid {:?} is not {KEY_ID}", header.kid));
        }
        let mut v = Validation::new(Algorithm::ES256);
        v.set_issuer(&[TEAM_ID]);
        v.validate_exp = false;
        v.required_spec_claims = HashSet::from(["iss".to_string()]);
        let t = jsonwebtoken::decode::<Claims>(jwt, &self.key.decoding, &v)
            .map_err(|e| e.to_string())?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if t.claims.iat + 3600 < now || t.claims.iat > now + 60 {
            return Err(format!("iat {} is not within the hour", t.claims.iat));
        }
        self.verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(jwt.to_string());
        Ok(())
    }

    fn handle(&self, parts: &Parts, body: &[u8]) -> Response<Full<Bytes>> {
        self.record.arrived(Instant::now());
        let Some(token) = parts.uri.path().strip_prefix("/3/device/") else {
            return reason(404, "BadPath");
        };
        if parts.method != hyper::Method::POST {
            return reason(405, "MethodNotAllowed");
        }
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let jwt = header("authorization").and_then(|v| v.strip_prefix("bearer "));
        if let Err(e) = jwt
            .ok_or_else(|| "no bearer".to_string())
            .and_then(|j| self.verify(j))
        {
            self.record.reject(format!("provider token: {e}"));
            return reason(403, "InvalidProviderToken");
        }
        if header("apns-topic") != Some(BUNDLE_ID) {
            self.record.reject("apns-topic is not the bundle id");
            return reason(400, "MissingTopic");
        }
        if token.len() < 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            self.record.reject(format!("bad device token {token:?}"));
            return reason(400, "BadDeviceToken");
        }
        if !serde_json::from_slice::<Value>(body)
            .is_ok_and(|v| v.get("aps").is_some_and(Value::is_object))
        {
            self.record.reject("payload without an aps object");
            return reason(400, "PayloadEmpty");
        }
        self.record.accept(token);
        let mut r = Response::new(Full::new(Bytes::new()));
        if let Ok(id) = hyper::header::HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
            r.headers_mut().insert("apns-id", id);
        }
        r
    }
}

/// A running APNs sink.
pub struct ApnsSink {
    sink: Sink,
    state: Arc<State>,
}

impl ApnsSink {
    /// Starts a sink on a free loopback port (HTTP/2 only, as APNs), trusting `key`.
    pub async fn start(pki: &Pki, key: Arc<Key>) -> Result<ApnsSink, String> {
        let state = Arc::new(State {
            key,
            verified: Mutex::default(),
            record: Arc::default(),
        });
        let s = state.clone();
        let handler: Handler = Arc::new(move |parts, body| s.handle(parts, body));
        let sink = Sink::start(pki.acceptor(&[b"h2"])?, handler)
            .await
            .map_err(|e| format!("APNs sink: {e}"))?;
        Ok(ApnsSink { sink, state })
    }

    /// The endpoint (`push_notifications.apns.endpoint`).
    pub fn url(&self) -> String {
        self.sink.url()
    }

    /// What the sink accepted.
    pub fn record(&self) -> &Arc<Record> {
        &self.state.record
    }

    /// Distinct provider tokens verified so far.
    pub fn provider_tokens(&self) -> usize {
        self.state
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_the_provider_token_topic_token_and_payload() {
        let pki = Pki::generate("apns sink test CA").unwrap();
        let key = Arc::new(Key::generate().unwrap());
        let sink = ApnsSink::start(&pki, key.clone()).await.unwrap();
        let http = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).unwrap())
            .http2_prior_knowledge()
            .build()
            .unwrap();
        let device = "ab".repeat(32);
        let post = |jwt: String, topic: &'static str, token: String, body: &'static str| {
            http.post(format!("{}/3/device/{token}", sink.url()))
                .header("authorization", format!("bearer {jwt}"))
                .header("apns-topic", topic)
                .body(body)
                .send()
        };
        let reason_of = |r: reqwest::Response| async move {
            let status = r.status().as_u16();
            let v: Value = r.json().await.unwrap();
            (status, v["reason"].as_str().unwrap().to_string())
        };
        let good = key.provider_token().unwrap();
        let stranger = Key::generate().unwrap().provider_token().unwrap();
        let aps = r#"{"aps":{"alert":"hi"}}"#;

        let r = post(stranger, BUNDLE_ID, device.clone(), aps)
            .await
            .unwrap();
        assert_eq!(reason_of(r).await, (403, "InvalidProviderToken".into()));
        let r = post(good.clone(), "com.other", device.clone(), aps)
            .await
            .unwrap();
        assert_eq!(reason_of(r).await, (400, "MissingTopic".into()));
        let r = post(good.clone(), BUNDLE_ID, "not-hex".into(), aps)
            .await
            .unwrap();
        assert_eq!(reason_of(r).await, (400, "BadDeviceToken".into()));
        let r = post(good.clone(), BUNDLE_ID, device.clone(), "{}")
            .await
            .unwrap();
        assert_eq!(reason_of(r).await, (400, "PayloadEmpty".into()));
        let r = post(good.clone(), BUNDLE_ID, device.clone(), aps)
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.version(), reqwest::Version::HTTP_2);
        assert!(r.headers().contains_key("apns-id"));
        assert_eq!(sink.provider_tokens(), 1);

        let t = sink.record().take();
        assert_eq!((t.accepted, t.distinct, t.rejected), (1, 1, 4));
        assert!(t.first.is_some() && t.last.is_some());
    }
}

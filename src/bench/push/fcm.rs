//! A loopback FCM HTTP v1 sink and the service account that reaches it.
//!
//! - `POST /token`: the OAuth 2.0 JWT-bearer grant (RFC 7523). The assertion must be RS256,
//!   signed by the account's key, for `aud` = the `token_uri`, `iss` = the `client_email`,
//!   and the FCM scope; the answer is a fresh opaque access token for one hour.
//! - `POST /v1/projects/{project_id}/messages:send`: needs `Authorization: Bearer` with a
//!   token this sink granted and a JSON body `{"message": {"token": ..}}` (or `topic` or
//!   `condition`); the answer is `{"name": "projects/../messages/N"}`, as FCM's.
//!
//! Refused requests get FCM's error shape (401 `UNAUTHENTICATED`, 400 `INVALID_ARGUMENT`) and
//! count as rejections in the sink's [`Record`].

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::http::request::Parts;
use hyper::Response;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use serde_json::{json, Value};

use super::pki::Pki;
use super::sink::{self, Handler, Record, Sink};

/// The scope a send token must carry (FCM HTTP v1 "Authorize send requests").
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// The bench's Firebase project.
pub const PROJECT_ID: &str = "centri-bench";
const CLIENT_EMAIL: &str = "bench@centri-bench.iam.gserviceaccount.com";

/// A service account's RSA key pair (2048 bits, generated per run).
pub struct Account {
    private_pem: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Account {
    /// Generates the key pair.
    pub fn generate() -> Result<Account, String> {
        let mut rng = rsa::rand_core::OsRng;
        let key = rsa::RsaPrivateKey::new(&mut rng, 2048).map_err(|e| format!("RSA key: {e}"))?;
        let private_pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| format!("RSA key: {e}"))?
            .to_string();
        let public_pem = key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| format!("RSA key: {e}"))?;
        Ok(Account {
            encoding: EncodingKey::from_rsa_pem(private_pem.as_bytes())
                .map_err(|e| format!("RSA key: {e}"))?,
            decoding: DecodingKey::from_rsa_pem(public_pem.as_bytes())
                .map_err(|e| format!("RSA key: {e}"))?,
            private_pem,
        })
    }
}

#[derive(serde::Deserialize, serde::Serialize)]
struct Assertion {
    iss: String,
    scope: String,
    aud: String,
    iat: u64,
    exp: u64,
}

struct State {
    account: Arc<Account>,
    token_uri: String,
    send_path: String,
    issued: Mutex<HashSet<String>>,
    grants: AtomicU64,
    next_name: AtomicU64,
    record: Arc<Record>,
}

fn fcm_error(status: u16, code: &str, message: &str) -> Response<Full<Bytes>> {
    sink::json(
        status,
        &json!({"error": {"code": status, "message": message, "status": code}}),
    )
}

impl State {
    fn handle(&self, parts: &Parts, body: &[u8]) -> Response<Full<Bytes>> {
        if parts.method != hyper::Method::POST {
            return fcm_error(405, "INVALID_ARGUMENT", "POST only");
        }
        match parts.uri.path() {
            "/token" => self.grant(body),
            p if p == self.send_path => {
                self.record.arrived(Instant::now());
                self.send(parts, body)
            }
            _ => fcm_error(404, "NOT_FOUND", "no such method"),
        }
    }

    fn grant(&self, body: &[u8]) -> Response<Full<Bytes>> {
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(body).into_owned().collect();
        if form.get("grant_type").map(String::as_str) != Some(JWT_BEARER) {
            self.record.reject("token: grant_type is not jwt-bearer");
            return sink::json(400, &json!({"error": "unsupported_grant_type"}));
        }
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[&self.token_uri]);
        v.set_issuer(&[CLIENT_EMAIL]);
        let assertion = form.get("assertion").map_or("", String::as_str);
        match jsonwebtoken::decode::<Assertion>(assertion, &self.account.decoding, &v) {
            Ok(t) if t.claims.scope.split(' ').any(|s| s == SCOPE) => {}
            Ok(_) => {
                self.record
                    .reject("token: the assertion lacks the FCM scope");
                return sink::json(400, &json!({"error": "invalid_scope"}));
            }
            Err(e) => {
                self.record.reject(format!("token: bad assertion: {e}"));
                return sink::json(400, &json!({"error": "invalid_grant"}));
            }
        }
        let token = format!("ya29.bench-{}", uuid::Uuid::new_v4().simple());
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token.clone());
        self.grants.fetch_add(1, Ordering::Relaxed);
        sink::json(
            200,
            &json!({"access_token": token, "expires_in": 3599, "token_type": "Bearer"}),
        )
    }

    fn send(&self, parts: &Parts, body: &[u8]) -> Response<Full<Bytes>> {
        let bearer = parts
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let known = bearer.is_some_and(|b| {
            self.issued
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(b)
        });
        if !known {
            self.record
                .reject("send: no bearer token this sink granted");
            return fcm_error(
                401,
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials.",
            );
        }
        let message = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|mut v| v.get_mut("message").map(Value::take));
        let target = message.as_ref().and_then(|m| {
            ["token", "topic", "condition"]
                .iter()
                .find_map(|k| m.get(*k).and_then(Value::as_str))
        });
        let Some(target) = target else {
            self.record
                .reject("send: no message.token, topic or condition");
            return fcm_error(
                400,
                "INVALID_ARGUMENT",
                "Invalid JSON payload: no message target.",
            );
        };
        self.record.accept(target);
        let n = self.next_name.fetch_add(1, Ordering::Relaxed);
        sink::json(
            200,
            &json!({"name": format!("projects/{PROJECT_ID}/messages/{n}")}),
        )
    }
}

/// A running FCM sink.
pub struct FcmSink {
    sink: Sink,
    state: Arc<State>,
}

impl FcmSink {
    /// Starts a sink on a free loopback port, trusting `account`'s key.
    pub async fn start(pki: &Pki, account: Arc<Account>) -> Result<FcmSink, String> {
        let acceptor = pki.acceptor(&[b"h2", b"http/1.1"])?;
        // The token URI names the port, so bind first: start with a placeholder handler slot.
        let slot: Arc<std::sync::OnceLock<Arc<State>>> = Arc::default();
        let s = slot.clone();
        let handler: Handler = Arc::new(move |parts, body| match s.get() {
            Some(state) => state.handle(parts, body),
            None => fcm_error(503, "UNAVAILABLE", "starting"),
        });
        let sink = Sink::start(acceptor, handler)
            .await
            .map_err(|e| format!("FCM sink: {e}"))?;
        let state = Arc::new(State {
            account,
            token_uri: format!("{}/token", sink.url()),
            send_path: format!("/v1/projects/{PROJECT_ID}/messages:send"),
            issued: Mutex::default(),
            grants: AtomicU64::new(0),
            next_name: AtomicU64::new(1),
            record: Arc::default(),
        });
        let _ = slot.set(state.clone());
        Ok(FcmSink { sink, state })
    }

    /// The base URL (`push_notifications.fcm.endpoint`).
    pub fn url(&self) -> String {
        self.sink.url()
    }

    /// The service-account JSON (`push_notifications.fcm.credentials_file`'s content).
    pub fn credentials(&self) -> Value {
        json!({
            "type": "service_account",
            "project_id": PROJECT_ID,
            "private_key_id": "bench",
            "private_key": self.state.account.private_pem,
            "client_email": CLIENT_EMAIL,
            "client_id": "1",
            "token_uri": self.state.token_uri,
        })
    }

    /// What the sink accepted.
    pub fn record(&self) -> &Arc<Record> {
        &self.state.record
    }

    /// Access tokens granted so far.
    pub fn grants(&self) -> u64 {
        self.state.grants.load(Ordering::Relaxed)
    }

    /// An access token for a plain client (the floor): the same grant a server makes.
    pub async fn grant(&self, http: &reqwest::Client) -> Result<String, String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let claims = Assertion {
            iss: CLIENT_EMAIL.into(),
            scope: SCOPE.into(),
            aud: self.state.token_uri.clone(),
            iat: now,
            exp: now + 3600,
        };
        let assertion = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::RS256),
            &claims,
            &self.state.account.encoding,
        )
        .map_err(|e| format!("assertion: {e}"))?;
        let r = http
            .post(&self.state.token_uri)
            .form(&[("grant_type", JWT_BEARER), ("assertion", &assertion)])
            .send()
            .await
            .map_err(|e| format!("FCM grant: {e}"))?;
        let v: Value = r.json().await.map_err(|e| format!("FCM grant: {e}"))?;
        v["access_token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("FCM grant: no access_token in {v}"))
    }

    /// The send URL.
    pub fn send_url(&self) -> String {
        format!("{}{}", self.sink.url(), self.state.send_path)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn client(pki: &Pki) -> reqwest::Client {
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).unwrap())
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn grants_for_the_accounts_key_only_and_sends_need_a_granted_token() {
        let pki = Pki::generate("fcm sink test CA").unwrap();
        let account = Arc::new(Account::generate().unwrap());
        let sink = FcmSink::start(&pki, account).await.unwrap();
        let http = client(&pki);

        // A send without a granted token is refused, as FCM refuses it.
        let r = http
            .post(sink.send_url())
            .bearer_auth("ya29.made-up")
            .body(r#"{"message":{"token":"t1"}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["status"], "UNAUTHENTICATED");

        // An assertion signed with another key gets no token.
        let other = FcmSink::start(&pki, Arc::new(Account::generate().unwrap()))
            .await
            .unwrap();
        let forged = sink.state.clone();
        let stranger = other.state.account.clone();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let assertion = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::RS256),
            &Assertion {
                iss: CLIENT_EMAIL.into(),
                scope: SCOPE.into(),
                aud: forged.token_uri.clone(),
                iat: now,
                exp: now + 600,
            },
            &stranger.encoding,
        )
        .unwrap();
        let r = http
            .post(&forged.token_uri)
            .form(&[("grant_type", JWT_BEARER), ("assertion", &assertion)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(sink.grants(), 0);

        // The real grant, then a message without a target, then a good one.
        let token = sink.grant(&http).await.unwrap();
        assert_eq!(sink.grants(), 1);
        let r = http
            .post(sink.send_url())
            .bearer_auth(&token)
            .body(r#"{"message":{"notification":{"title":"x"}}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let r = http
            .post(sink.send_url())
            .bearer_auth(&token)
            .body(r#"{"message":{"token":"t1","notification":{"title":"x"}}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert!(body["name"]
            .as_str()
            .unwrap()
            .starts_with("projects/centri-bench/messages/"));
        let t = sink.record().take();
        assert_eq!((t.accepted, t.distinct, t.duplicates), (1, 1, 0));
        assert_eq!(t.rejected, 3, "{:?}", t.first_rejection);
        assert!(t.first_rejection.unwrap().contains("bearer"));
    }
}

//! The fake APNs: Apple's provider API over HTTP/2 and TLS (ALPN h2, the shared test CA of
//! [`super::tls`]) on 127.0.0.1. It makes its own `.p8` key (written to a temp file for the
//! config) and checks every request as APNs does: `POST /3/device/<hex token>`, an ES256
//! provider token signed with that key (`kid`, `iss`, `iat` under an hour old), the
//! `apns-topic` against the bundle id, the `apns-*` headers' forms, and a JSON body with `aps`
//! of at most 4096 bytes. Accepted notifications are recorded; faults can be set per device
//! token or for the next N requests.
//!
//! Fast enough for a 100,000-push benchmark: verified provider tokens are remembered (one
//! signature check per token), locks are held for a map lookup or a push, never across an
//! await, and one connection carries many streams.
//!
//! Also holds the tests of centri's APNs provider against it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::EncodePrivateKey;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use centri::server::config::push::PushApnsConfig;
use centri::server::push::send::provider::{self, apns::Apns, Outcome, To};

pub const BUNDLE_ID: &str = "com.example.centri";
pub const KEY_ID: &str = "ABC123DEFG";
pub const TEAM_ID: &str = "DEF123GHIJ";

/// Apple refuses provider tokens older than this.
const TOKEN_MAX_AGE: u64 = 3600;
/// APNs' payload limit for regular pushes.
const MAX_PAYLOAD: usize = 4096;

/// What the fake answers instead of accepting (after the request passed its checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 410 `Unregistered`, with a `timestamp`.
    Unregistered,
    /// 400 `BadDeviceToken`.
    BadDeviceToken,
    /// 429 `TooManyRequests`, with `Retry-After` when given.
    TooManyRequests { retry_after: Option<u64> },
    /// 500 `InternalServerError`.
    InternalServerError,
    /// 503 `ServiceUnavailable`.
    ServiceUnavailable,
    /// 403 `ExpiredProviderToken`; the provider token used stays expired from then on.
    ExpiredProviderToken,
    /// The connection is dropped without an answer (every stream on it fails).
    Reset,
    /// No answer until the client gives up (or the connection closes).
    Stall,
    /// Any status and body, for answers APNs never gives.
    Raw { status: u16, body: Vec<u8> },
}

/// A notification the fake accepted.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub token: String,
    /// The request's `apns-*` headers.
    pub headers: BTreeMap<String, String>,
    pub payload: Value,
    /// The `apns-id` answered.
    pub apns_id: String,
    /// The provider token (JWT) it came with.
    pub provider_token: String,
}

#[derive(Default)]
struct Faults {
    by_token: HashMap<String, Fault>,
    next: VecDeque<Fault>,
}

/// A verified provider token.
#[derive(Clone, Copy)]
struct Known {
    iat: u64,
    expired: bool,
}

struct State {
    key: DecodingKey,
    faults: Mutex<Faults>,
    tokens: Mutex<HashMap<String, Known>>,
    accepted: Mutex<Vec<Accepted>>,
    last_refusal: Mutex<Option<String>>,
    requests: AtomicU64,
    refused: AtomicU64,
    faults_served: AtomicU64,
    connections: AtomicU64,
}

/// A running fake APNs; stops when dropped.
pub struct FakeApns {
    addr: SocketAddr,
    key_path: PathBuf,
    state: Arc<State>,
    shutdown: CancellationToken,
    accepting: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for FakeApns {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// A fresh P-256 key (the fakes' `.p8` and VAPID keys).
pub fn p256_key() -> p256::SecretKey {
    for _ in 0..16 {
        if let Ok(k) = p256::SecretKey::from_slice(&rand::random::<[u8; 32]>()) {
            return k;
        }
    }
    panic!("no valid P-256 scalar in 16 random draws");
}

/// A device token (64 hex digits) made from `n`.
pub fn device_token(n: u64) -> String {
    format!("{n:064x}")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl FakeApns {
    /// Starts the fake on 127.0.0.1 (port 0) with a new `.p8` key.
    pub async fn start() -> FakeApns {
        let secret = p256_key();
        let key_path = crate::it::util::fresh_dir("fake-apns").join(format!("AuthKey_{KEY_ID}.p8"));
        let pem = secret.to_pkcs8_pem(p256::pkcs8::LineEnding::LF).unwrap();
        std::fs::write(&key_path, pem.as_bytes()).unwrap();
        let key = DecodingKey::from_ec_der(secret.public_key().to_encoded_point(false).as_bytes());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State {
            key,
            faults: Mutex::default(),
            tokens: Mutex::default(),
            accepted: Mutex::default(),
            last_refusal: Mutex::default(),
            requests: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            faults_served: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        });
        let shutdown = CancellationToken::new();
        let accepting = tokio::spawn(accept_loop(
            listener,
            super::tls::acceptor(&[b"h2"]),
            state.clone(),
            shutdown.clone(),
        ));
        FakeApns {
            addr,
            key_path,
            state,
            shutdown,
            accepting: Some(accepting),
        }
    }

    /// Stops the fake: once this returns, its port refuses connections and the open ones are
    /// closed.
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.accepting.take() {
            let _ = task.await;
        }
    }

    /// `https://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    /// The `.p8` key file (PKCS#8 PEM) whose public key the fake verifies tokens with.
    pub fn key_path(&self) -> &Path {
        &self.key_path
    }

    /// A `push_notifications.apns` section for this fake.
    pub fn config(&self) -> PushApnsConfig {
        PushApnsConfig {
            endpoint: self.base_url(),
            bundle_id: BUNDLE_ID.into(),
            auth: "token".into(),
            token_auth_key_path: self.key_path.display().to_string(),
            token_key_id: KEY_ID.into(),
            token_team_id: TEAM_ID.into(),
        }
    }

    /// An HTTP/2 client that trusts the test CA, as the server would build it.
    pub fn client(timeout: Duration) -> reqwest::Client {
        provider::http_client(Some(super::tls::ca_pem().as_bytes()), timeout, true).unwrap()
    }

    /// centri's provider, configured for this fake.
    pub fn provider(&self) -> Apns {
        Apns::new(&self.config(), Self::client(Duration::from_secs(10))).unwrap()
    }

    /// Every request for `token` gets `fault` until [`FakeApns::clear_token`].
    pub fn fail_token(&self, token: &str, fault: Fault) {
        let mut f = self.state.faults.lock().unwrap();
        f.by_token.insert(token.to_string(), fault);
    }

    pub fn clear_token(&self, token: &str) {
        self.state.faults.lock().unwrap().by_token.remove(token);
    }

    /// The next `n` requests that pass the checks get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        let mut f = self.state.faults.lock().unwrap();
        f.next.extend(std::iter::repeat_n(fault, n));
    }

    /// The accepted notifications, in arrival order.
    pub fn accepted(&self) -> Vec<Accepted> {
        self.state.accepted.lock().unwrap().clone()
    }

    pub fn accepted_count(&self) -> usize {
        self.state.accepted.lock().unwrap().len()
    }

    /// Requests received (accepted, refused, faulted).
    pub fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// Requests that failed a check (bad token, topic, headers, payload, provider token).
    pub fn refused(&self) -> u64 {
        self.state.refused.load(Ordering::Relaxed)
    }

    /// The reason of the last refusal, e.g. `403 InvalidProviderToken`.
    pub fn last_refusal(&self) -> Option<String> {
        self.state.last_refusal.lock().unwrap().clone()
    }

    pub fn faults_served(&self) -> u64 {
        self.state.faults_served.load(Ordering::Relaxed)
    }

    /// TLS connections that negotiated h2.
    pub fn connections(&self) -> u64 {
        self.state.connections.load(Ordering::Relaxed)
    }

    /// Distinct provider tokens that verified.
    pub fn provider_tokens(&self) -> usize {
        self.state.tokens.lock().unwrap().len()
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    state: Arc<State>,
    shutdown: CancellationToken,
) {
    loop {
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok((tcp, _)) => tcp,
                Err(_) => continue,
            },
            () = shutdown.cancelled() => return,
        };
        let _ = tcp.set_nodelay(true);
        tokio::spawn(serve_conn(
            tcp,
            acceptor.clone(),
            state.clone(),
            shutdown.clone(),
        ));
    }
}

/// Per connection: `drop_now` asks the connection to close at once (a reset fault);
/// `closed` is cancelled once it is gone, which is when stalled and reset handlers return.
#[derive(Clone)]
struct ConnCtl {
    drop_now: CancellationToken,
    closed: CancellationToken,
}

async fn serve_conn(
    tcp: tokio::net::TcpStream,
    acceptor: tokio_rustls::TlsAcceptor,
    state: Arc<State>,
    shutdown: CancellationToken,
) {
    let Ok(tls) = acceptor.accept(tcp).await else {
        return;
    };
    if tls.get_ref().1.alpn_protocol() != Some(&b"h2"[..]) {
        // APNs speaks HTTP/2 only.
        return;
    }
    state.connections.fetch_add(1, Ordering::Relaxed);
    let ctl = ConnCtl {
        drop_now: CancellationToken::new(),
        closed: CancellationToken::new(),
    };
    let _closed = ctl.closed.clone().drop_guard();
    let svc = {
        let (state, ctl) = (state.clone(), ctl.clone());
        service_fn(move |req| {
            let (state, ctl) = (state.clone(), ctl.clone());
            async move { Ok::<_, Infallible>(handle(&state, &ctl, req).await) }
        })
    };
    let conn = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
        .max_concurrent_streams(4000)
        .serve_connection(TokioIo::new(tls), svc);
    tokio::select! {
        _ = conn => {}
        () = ctl.drop_now.cancelled() => {}
        () = shutdown.cancelled() => {}
    }
}

fn answer(status: u16, headers: &[(&str, String)], body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, v);
    }
    b.body(Full::new(Bytes::from(body))).unwrap()
}

fn reason_body(reason: &str) -> Vec<u8> {
    json!({ "reason": reason }).to_string().into_bytes()
}

impl State {
    fn refuse(&self, status: u16, reason: &str) -> Response<Full<Bytes>> {
        self.refused.fetch_add(1, Ordering::Relaxed);
        *self.last_refusal.lock().unwrap() = Some(format!("{status} {reason}"));
        answer(status, &[], reason_body(reason))
    }

    fn fault_for(&self, token: &str) -> Option<Fault> {
        let mut f = self.faults.lock().unwrap();
        if let Some(fault) = f.by_token.get(token) {
            return Some(fault.clone());
        }
        f.next.pop_front()
    }

    /// Checks a provider token: the signature once per token, its age every time.
    fn check_provider_token(&self, jwt: &str) -> Result<(), (u16, &'static str)> {
        let known = self.tokens.lock().unwrap().get(jwt).copied();
        let known = if let Some(k) = known {
            k
        } else {
            let iat = self.verify(jwt).ok_or((403, "InvalidProviderToken"))?;
            let mut tokens = self.tokens.lock().unwrap();
            *tokens.entry(jwt.to_string()).or_insert(Known {
                iat,
                expired: false,
            })
        };
        let now = unix_now();
        if known.expired || now.saturating_sub(known.iat) > TOKEN_MAX_AGE {
            return Err((403, "ExpiredProviderToken"));
        }
        if known.iat > now + 300 {
            return Err((403, "InvalidProviderToken"));
        }
        Ok(())
    }

    /// The ES256 signature with the `.p8` key's public key, `kid` and `iss`; returns `iat`.
    fn verify(&self, jwt: &str) -> Option<u64> {
        #[derive(Deserialize)]
        struct Claims {
            iss: String,
            iat: u64,
        }
        let header = jsonwebtoken::decode_header(jwt).ok()?;
        if header.alg != Algorithm::ES256 || header.kid.as_deref() != Some(KEY_ID) {
            return None;
        }
        let mut v = Validation::new(Algorithm::ES256);
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Claims>(jwt, &self.key, &v).ok()?;
        (data.claims.iss == TEAM_ID).then_some(data.claims.iat)
    }

    fn expire(&self, jwt: &str) {
        if let Some(k) = self.tokens.lock().unwrap().get_mut(jwt) {
            k.expired = true;
        }
    }
}

async fn handle(state: &State, ctl: &ConnCtl, req: Request<Incoming>) -> Response<Full<Bytes>> {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, 64 * 1024).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return state.refuse(413, "PayloadTooLarge"),
    };
    let accepted = match check(state, &parts, &body) {
        Ok(a) => a,
        Err((status, reason)) => return state.refuse(status, reason),
    };
    if let Some(fault) = state.fault_for(&accepted.token) {
        state.faults_served.fetch_add(1, Ordering::Relaxed);
        return match fault {
            Fault::Unregistered => answer(
                410,
                &[],
                json!({"reason": "Unregistered", "timestamp": unix_now() * 1000})
                    .to_string()
                    .into_bytes(),
            ),
            Fault::BadDeviceToken => answer(400, &[], reason_body("BadDeviceToken")),
            Fault::TooManyRequests { retry_after } => {
                let h: Vec<(&str, String)> = retry_after
                    .map(|s| ("retry-after", s.to_string()))
                    .into_iter()
                    .collect();
                answer(429, &h, reason_body("TooManyRequests"))
            }
            Fault::InternalServerError => answer(500, &[], reason_body("InternalServerError")),
            Fault::ServiceUnavailable => answer(503, &[], reason_body("ServiceUnavailable")),
            Fault::ExpiredProviderToken => {
                state.expire(&accepted.provider_token);
                answer(403, &[], reason_body("ExpiredProviderToken"))
            }
            Fault::Reset => {
                ctl.drop_now.cancel();
                ctl.closed.cancelled().await;
                answer(500, &[], Vec::new())
            }
            Fault::Stall => {
                ctl.closed.cancelled().await;
                answer(500, &[], Vec::new())
            }
            Fault::Raw { status, body } => answer(status, &[], body),
        };
    }
    let resp = answer(200, &[("apns-id", accepted.apns_id.clone())], Vec::new());
    state.accepted.lock().unwrap().push(accepted);
    resp
}

const PUSH_TYPES: [&str; 10] = [
    "alert",
    "background",
    "location",
    "voip",
    "complication",
    "fileprovider",
    "mdm",
    "liveactivity",
    "pushtotalk",
    "widgets",
];

/// What APNs checks, in its order; `Err` is the status and `reason` it answers.
fn check(
    state: &State,
    parts: &hyper::http::request::Parts,
    body: &[u8],
) -> Result<Accepted, (u16, &'static str)> {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if parts.method != Method::POST {
        return Err((405, "MethodNotAllowed"));
    }
    let token = parts
        .uri
        .path()
        .strip_prefix("/3/device/")
        .ok_or((404, "BadPath"))?;
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err((400, "BadDeviceToken"));
    }
    let jwt = header("authorization")
        .ok_or((403, "MissingProviderToken"))?
        .strip_prefix("bearer ")
        .ok_or((403, "InvalidProviderToken"))?;
    state.check_provider_token(jwt)?;
    let topic = header("apns-topic").ok_or((400, "MissingTopic"))?;
    let allowed = topic == BUNDLE_ID
        || topic.strip_prefix(BUNDLE_ID).is_some_and(|rest| {
            matches!(
                rest,
                ".voip" | ".complication" | ".pushkit.fileprovider" | ".push-type.liveactivity"
            )
        });
    if !allowed {
        return Err((400, "TopicDisallowed"));
    }
    if header("apns-priority").is_some_and(|p| !matches!(p, "1" | "5" | "10")) {
        return Err((400, "BadPriority"));
    }
    if header("apns-push-type").is_some_and(|t| !PUSH_TYPES.contains(&t)) {
        return Err((400, "InvalidPushType"));
    }
    if header("apns-expiration").is_some_and(|e| e.parse::<u64>().is_err()) {
        return Err((400, "BadExpirationDate"));
    }
    if header("apns-collapse-id").is_some_and(|c| c.len() > 64) {
        return Err((400, "BadCollapseId"));
    }
    let apns_id = match header("apns-id") {
        Some(id) => uuid::Uuid::parse_str(id)
            .map_err(|_| (400, "BadMessageId"))?
            .hyphenated()
            .to_string()
            .to_uppercase(),
        None => uuid::Uuid::new_v4().hyphenated().to_string().to_uppercase(),
    };
    if body.is_empty() {
        return Err((400, "PayloadEmpty"));
    }
    if body.len() > MAX_PAYLOAD {
        return Err((413, "PayloadTooLarge"));
    }
    // Not one of Apple's reasons: APNs has none for a body that is not a JSON object with
    // `aps`, it drops such notifications on the device.
    let payload: Value = serde_json::from_slice(body).map_err(|_| (400, "BadPayload"))?;
    if !payload.get("aps").is_some_and(Value::is_object) {
        return Err((400, "BadPayload"));
    }
    let headers = parts
        .headers
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("apns-"))
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    Ok(Accepted {
        token: token.to_string(),
        headers,
        payload,
        apns_id,
        provider_token: jwt.to_string(),
    })
}

// ---------------------------------------------------------------------------------------
// centri's APNs provider against the fake.

fn alert(body: &str) -> Value {
    json!({"payload": {"aps": {"alert": {"title": "t", "body": body}}}})
}

#[tokio::test]
async fn sends_exactly_the_payload_and_headers() {
    let fake = FakeApns::start().await;
    let apns = fake.provider();
    let token = device_token(1);
    let msg = json!({
        "headers": {"apns-priority": "5", "apns-push-type": "alert", "apns-collapse-id": "c1",
                    "apns-expiration": "0"},
        "payload": {"aps": {"alert": {"title": "Hi", "body": "é ☃"}, "badge": 3},
                    "custom": {"k": [1, 2, {"x": null}]}}
    });
    let out = apns.send(&msg, To::Token(&token)).await;
    let accepted = fake.accepted();
    assert_eq!(accepted.len(), 1, "{out:?} {:?}", fake.last_refusal());
    let a = &accepted[0];
    assert_eq!(
        out,
        Outcome::Sent {
            id: Some(a.apns_id.clone())
        }
    );
    assert_eq!(a.token, token);
    assert_eq!(a.payload, msg["payload"]);
    let expected: BTreeMap<String, String> = [
        ("apns-collapse-id", "c1"),
        ("apns-expiration", "0"),
        ("apns-priority", "5"),
        ("apns-push-type", "alert"),
        ("apns-topic", BUNDLE_ID),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(a.headers, expected);
    // The message may name its own topic (a VoIP push) and its own apns-id.
    let id = "0A3A9B5C-1D2E-4F60-8A7B-9C0D1E2F3A4B";
    let voip = json!({"headers": {"apns-topic": format!("{BUNDLE_ID}.voip"), "apns-id": id,
                                  "apns-push-type": "voip"},
                      "payload": {"aps": {}}});
    assert_eq!(
        apns.send(&voip, To::Token(&token)).await,
        Outcome::Sent {
            id: Some(id.into())
        }
    );
    assert_eq!(
        fake.accepted()[1].headers["apns-topic"],
        format!("{BUNDLE_ID}.voip")
    );
    assert_eq!(fake.refused(), 0);
}

#[tokio::test]
async fn one_provider_token_and_one_connection_for_many_concurrent_sends() {
    let fake = FakeApns::start().await;
    let apns = Arc::new(fake.provider());
    // Spawned, as the send workers do: the send future is `Send + 'static` with an `Arc`.
    let sends: Vec<_> = (0..300u64)
        .map(|i| {
            let apns = apns.clone();
            tokio::spawn(async move {
                let token = device_token(i);
                apns.send(&alert(&i.to_string()), To::Token(&token)).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for s in sends {
        outcomes.push(s.await.unwrap());
    }
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Outcome::Sent { id: Some(_) })),
        "{:?}",
        outcomes.iter().find(|o| !matches!(o, Outcome::Sent { .. }))
    );
    assert_eq!(fake.accepted_count(), 300);
    assert_eq!(fake.provider_tokens(), 1);
    assert_eq!(apns.tokens_signed(), 1);
    // HTTP/2: the sends share one connection.
    assert_eq!(fake.connections(), 1);
    let mut bodies: Vec<String> = fake
        .accepted()
        .iter()
        .map(|a| {
            a.payload["aps"]["alert"]["body"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    bodies.sort_by_key(|b| b.parse::<u64>().unwrap());
    assert_eq!(bodies, (0..300).map(|i| i.to_string()).collect::<Vec<_>>());
}

#[tokio::test]
async fn renews_the_provider_token_after_expired_provider_token() {
    let fake = FakeApns::start().await;
    let apns = fake.provider();
    let token = device_token(7);
    assert!(matches!(
        apns.send(&alert("a"), To::Token(&token)).await,
        Outcome::Sent { .. }
    ));
    fake.fail_next(1, Fault::ExpiredProviderToken);
    assert_eq!(
        apns.send(&alert("b"), To::Token(&token)).await,
        Outcome::Retry {
            reason: "ExpiredProviderToken".into(),
            after: None
        }
    );
    // The old token is expired at the fake from now on: only a renewed one gets through.
    assert!(matches!(
        apns.send(&alert("c"), To::Token(&token)).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.provider_tokens(), 2);
    assert_eq!(apns.tokens_signed(), 2);
    let accepted = fake.accepted();
    assert_ne!(accepted[0].provider_token, accepted[1].provider_token);

    // Many requests refused with one expired token renew it once.
    fake.fail_next(1, Fault::ExpiredProviderToken);
    let sends = (0..40u64).map(|i| {
        let apns = &apns;
        async move {
            let t = device_token(100 + i);
            apns.send(&alert("d"), To::Token(&t)).await
        }
    });
    let outcomes = futures_util::future::join_all(sends).await;
    let expired = outcomes
        .iter()
        .filter(|o| o.reason() == Some("ExpiredProviderToken"))
        .count();
    assert!(expired >= 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, Outcome::Sent { .. }) || o.reason() == Some("ExpiredProviderToken")));
    assert_eq!(apns.tokens_signed(), 3);
    assert!(matches!(
        apns.send(&alert("e"), To::Token(&token)).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.provider_tokens(), 3);
}

#[tokio::test]
async fn faults_map_to_outcomes() {
    let fake = FakeApns::start().await;
    let apns = fake.provider();
    let cases = [
        (
            Fault::Unregistered,
            Outcome::Dead {
                reason: "Unregistered".into(),
            },
        ),
        (
            Fault::BadDeviceToken,
            Outcome::Dead {
                reason: "BadDeviceToken".into(),
            },
        ),
        (
            Fault::TooManyRequests {
                retry_after: Some(7),
            },
            Outcome::Retry {
                reason: "TooManyRequests".into(),
                after: Some(Duration::from_secs(7)),
            },
        ),
        (
            Fault::TooManyRequests { retry_after: None },
            Outcome::Retry {
                reason: "TooManyRequests".into(),
                after: None,
            },
        ),
        (
            Fault::InternalServerError,
            Outcome::Retry {
                reason: "InternalServerError".into(),
                after: None,
            },
        ),
        (
            Fault::ServiceUnavailable,
            Outcome::Retry {
                reason: "ServiceUnavailable".into(),
                after: None,
            },
        ),
        (
            Fault::Reset,
            Outcome::Retry {
                reason: "connect".into(),
                after: None,
            },
        ),
    ];
    for (i, (fault, expected)) in cases.into_iter().enumerate() {
        let token = device_token(1000 + i as u64);
        fake.fail_token(&token, fault.clone());
        assert_eq!(
            apns.send(&alert("x"), To::Token(&token)).await,
            expected,
            "{fault:?}"
        );
        fake.clear_token(&token);
        // The device works again once the fault is gone (after a reset, on a new connection).
        assert!(
            matches!(
                apns.send(&alert("y"), To::Token(&token)).await,
                Outcome::Sent { .. }
            ),
            "after {fault:?}"
        );
    }
    assert_eq!(fake.faults_served(), 7);
    assert_eq!(fake.refused(), 0);
    assert!(fake.connections() >= 2, "a reset forces a new connection");
}

#[tokio::test]
async fn timeouts_and_a_stopped_service_are_retried() {
    let fake = FakeApns::start().await;
    let apns = Apns::new(&fake.config(), FakeApns::client(Duration::from_millis(300))).unwrap();
    let token = device_token(3);
    fake.fail_next(1, Fault::Stall);
    assert_eq!(
        apns.send(&alert("x"), To::Token(&token)).await,
        Outcome::Retry {
            reason: "timeout".into(),
            after: None
        }
    );
    let cfg = fake.config();
    fake.stop().await;
    let apns = Apns::new(&cfg, FakeApns::client(Duration::from_secs(5))).unwrap();
    assert_eq!(
        apns.send(&alert("x"), To::Token(&token)).await,
        Outcome::Retry {
            reason: "connect".into(),
            after: None
        }
    );
}

#[tokio::test]
async fn refusals_and_bad_messages() {
    let fake = FakeApns::start().await;
    let apns = fake.provider();
    let token = device_token(5);
    // Refused before any request.
    for (msg, reason) in [
        (
            json!({"headers": {"authorization": "x"}, "payload": {"aps": {}}}),
            "bad header",
        ),
        (
            json!({"headers": {"content-type": "text/plain"}, "payload": {"aps": {}}}),
            "bad header",
        ),
        (json!({"payload": "hello"}), "bad payload"),
    ] {
        assert_eq!(
            apns.send(&msg, To::Token(&token)).await,
            Outcome::Failed {
                reason: reason.into()
            }
        );
    }
    assert!(matches!(
        apns.send(&alert("x"), To::Topic("news")).await,
        Outcome::Failed { .. }
    ));
    assert!(matches!(
        apns.send(
            &alert("x"),
            To::Subscription {
                endpoint: "https://x",
                keys: "{}"
            }
        )
        .await,
        Outcome::Failed { .. }
    ));
    assert_eq!(
        apns.send(&alert("x"), To::Token("not/a/token")).await,
        Outcome::Dead {
            reason: "BadDeviceToken".into()
        }
    );
    assert_eq!(fake.requests(), 0);
    // Refused by the fake, as APNs would.
    for (msg, reason) in [
        (
            json!({"headers": {"apns-topic": "com.other.app"}, "payload": {"aps": {}}}),
            "TopicDisallowed",
        ),
        (
            json!({"headers": {"apns-priority": "7"}, "payload": {"aps": {}}}),
            "BadPriority",
        ),
        (
            json!({"headers": {"apns-push-type": "shout"}, "payload": {"aps": {}}}),
            "InvalidPushType",
        ),
        (
            json!({"headers": {"apns-id": "nope"}, "payload": {"aps": {}}}),
            "BadMessageId",
        ),
        (
            json!({"payload": {"aps": {"alert": "x".repeat(5000)}}}),
            "PayloadTooLarge",
        ),
        (json!({"payload": {"data": 1}}), "BadPayload"),
    ] {
        assert_eq!(
            apns.send(&msg, To::Token(&token)).await,
            Outcome::Failed {
                reason: reason.into()
            },
            "{msg}"
        );
    }
    // A provider token from another team (or signed with another key) is refused for good.
    let mut other = fake.config();
    other.token_team_id = "OTHERTEAM1".into();
    let stranger = Apns::new(&other, FakeApns::client(Duration::from_secs(5))).unwrap();
    assert_eq!(
        stranger.send(&alert("x"), To::Token(&token)).await,
        Outcome::Failed {
            reason: "InvalidProviderToken".into()
        }
    );
    assert_eq!(fake.accepted_count(), 0);
}

#[tokio::test]
async fn garbage_answers_never_panic() {
    let fake = FakeApns::start().await;
    let apns = fake.provider();
    let token = device_token(9);
    for (status, body, expected) in [
        (400, &b"<html>no</html>"[..], "Failed"),
        (403, b"{\"reason\": 403}", "Failed"),
        (410, b"", "Dead"),
        (500, b"\x00\xff\xfe", "Retry"),
        (502, b"{}", "Retry"),
        (302, b"", "Failed"),
        (201, b"[1,2", "Failed"),
    ] {
        fake.fail_next(
            1,
            Fault::Raw {
                status,
                body: body.to_vec(),
            },
        );
        let out = apns.send(&alert("x"), To::Token(&token)).await;
        let kind = match &out {
            Outcome::Sent { .. } => "Sent",
            Outcome::Dead { .. } => "Dead",
            Outcome::Retry { .. } => "Retry",
            Outcome::Failed { .. } => "Failed",
        };
        assert_eq!(kind, expected, "{status}: {out:?}");
        if kind != "Sent" {
            assert_eq!(out.reason(), Some(format!("http {status}").as_str()));
        }
    }
}

#[tokio::test]
async fn config_errors_name_the_key() {
    let fake = FakeApns::start().await;
    let client = FakeApns::client(Duration::from_secs(5));
    let err = |cfg: &PushApnsConfig| Apns::new(cfg, client.clone()).unwrap_err();

    let mut c = fake.config();
    c.token_auth_key_path = "/nonexistent/AuthKey.p8".into();
    let e = err(&c);
    assert!(
        e.starts_with("push_notifications.apns.token_auth_key_path: /nonexistent/AuthKey.p8"),
        "{e}"
    );

    // A P-384 key, and an RSA-less garbage file: named, and nothing of the file echoed.
    let dir = crate::it::util::fresh_dir("apns-keys");
    let p384 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let p384_pem = p384.serialize_pem();
    let p384_path = dir.join("p384.p8");
    std::fs::write(&p384_path, &p384_pem).unwrap();
    c.token_auth_key_path = p384_path.display().to_string();
    let e = err(&c);
    assert!(
        e.starts_with("push_notifications.apns.token_auth_key_path:") && e.contains("P-256"),
        "{e}"
    );
    let key_line = p384_pem.lines().nth(1).unwrap();
    assert!(!e.contains(key_line), "{e}");
    let junk = dir.join("junk.p8");
    std::fs::write(
        &junk,
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    c.token_auth_key_path = junk.display().to_string();
    let e = err(&c);
    assert!(
        e.starts_with("push_notifications.apns.token_auth_key_path:"),
        "{e}"
    );
    assert!(!e.contains("c2VjcmV0"), "{e}");

    for (field, edit) in [
        (
            "bundle_id",
            (|c: &mut PushApnsConfig| c.bundle_id.clear()) as fn(&mut PushApnsConfig),
        ),
        ("token_key_id", |c| c.token_key_id.clear()),
        ("token_team_id", |c| c.token_team_id.clear()),
        ("token_auth_key_path", |c| c.token_auth_key_path.clear()),
        ("auth", |c| c.auth = "cert".into()),
        ("endpoint", |c| c.endpoint = "staging".into()),
    ] {
        let mut c = fake.config();
        edit(&mut c);
        let e = err(&c);
        assert!(
            e.starts_with(&format!("push_notifications.apns.{field}")),
            "{field}: {e}"
        );
    }
    // The named endpoints are Apple's.
    let mut c = fake.config();
    c.endpoint = "production".into();
    assert_eq!(
        Apns::new(&c, client.clone()).unwrap().base(),
        "https://api.push.apple.com"
    );
    c.endpoint = "development".into();
    assert_eq!(
        Apns::new(&c, client).unwrap().base(),
        "https://api.sandbox.push.apple.com"
    );
    // Debug shows no key material.
    let dbg = format!("{:?}", fake.provider());
    let pem = std::fs::read_to_string(fake.key_path()).unwrap();
    assert!(!dbg.contains(pem.lines().nth(1).unwrap()), "{dbg}");
}

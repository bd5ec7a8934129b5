//! The fake Web Push service (RFC 8030) on 127.0.0.1, over TLS with the shared test CA of
//! [`super::tls`] (HTTP/2 or HTTP/1.1 by ALPN), so its endpoints are the `https:` URLs the
//! registry accepts. It hands out subscriptions as a browser would (a P-256 key pair and a
//! 16-byte auth secret: `{endpoint, keys: {p256dh, auth}}`) and, for each push to one, checks
//! the VAPID header (RFC 8292: an ES256 JWT verified with `k`, `aud` its own origin, `exp`
//! ahead and within 24 hours, a `mailto:`/`https:` `sub`, and `k` equal to the key the
//! subscription was made for, when it was), the `TTL`, `Urgency` and `Topic` headers and
//! `Content-Encoding: aes128gcm`, then DECRYPTS the body with the subscription's private key
//! and auth secret (RFC 8291, one record) and records the plaintext. Faults per subscription
//! or for the next N pushes: 410, 404, 429, 500, or any status.
//!
//! Fast enough for a benchmark: a VAPID token is verified once, locks are held for a lookup
//! or a push and never across an await.
//!
//! Also holds the tests of centri's Web Push provider against it.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
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

use centri::server::config::push::PushWebpushConfig;
use centri::server::push::send::provider::{self, webpush::WebPush, Outcome, To};

/// What the fake answers instead of accepting (after the push passed its checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 410: the subscription expired or was unsubscribed.
    Gone,
    /// 404: no such subscription.
    NotFound,
    /// 429, with `Retry-After` when given.
    TooManyRequests { retry_after: Option<u64> },
    /// 500.
    InternalServerError,
    /// Any status and body.
    Raw { status: u16, body: Vec<u8> },
}

/// A subscription as the browser hands it to the application server.
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: String,
    pub endpoint: String,
    /// `{"p256dh": .., "auth": ..}`, as the registry keeps it.
    pub keys: String,
}

impl Subscription {
    /// Where a push to it goes, as the registry hands it to the provider.
    pub fn to(&self) -> To<'_> {
        To::Subscription {
            endpoint: &self.endpoint,
            keys: &self.keys,
        }
    }

    /// The browser's `PushSubscription` JSON (a webpush `device_register` token).
    pub fn push_subscription(&self) -> Value {
        let keys: Value = serde_json::from_str(&self.keys).unwrap();
        json!({"endpoint": self.endpoint, "expirationTime": null, "keys": keys})
    }
}

/// A push the fake accepted and decrypted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The subscription's id.
    pub subscription: String,
    pub plaintext: Vec<u8>,
    /// The encrypted body's length (0: a push without data).
    pub body_len: usize,
    pub ttl: u64,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// The VAPID `sub` claim and key (`k`).
    pub vapid_subject: String,
    pub vapid_key: String,
}

/// A subscription's secrets, kept by the fake as the browser would.
struct Sub {
    secret: p256::SecretKey,
    auth: web_push_native::Auth,
    /// The VAPID key it was made for (`applicationServerKey`), if any.
    application_server_key: Option<String>,
}

#[derive(Default)]
struct Faults {
    by_sub: HashMap<String, Fault>,
    next: VecDeque<Fault>,
}

/// A verified VAPID token.
#[derive(Clone)]
struct Vapid {
    exp: u64,
    sub: String,
}

struct State {
    origin: String,
    subs: Mutex<HashMap<String, Arc<Sub>>>,
    /// Unsubscribed ids: pushes to them get 410.
    gone: Mutex<Vec<String>>,
    faults: Mutex<Faults>,
    vapid: Mutex<HashMap<String, Vapid>>,
    received: Mutex<Vec<Received>>,
    last_refusal: Mutex<Option<String>>,
    next_id: AtomicU64,
    requests: AtomicU64,
    refused: AtomicU64,
    faults_served: AtomicU64,
}

/// A running fake push service; stops when dropped.
pub struct FakeWebPush {
    state: Arc<State>,
    shutdown: CancellationToken,
}

impl Drop for FakeWebPush {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Writes a new VAPID key (PKCS#8 PEM) and returns a `push_notifications.webpush` section for
/// it and its public key (base64url, uncompressed).
pub fn vapid_config(subject: &str) -> (PushWebpushConfig, String) {
    let key = super::apns::p256_key();
    let path = crate::it::util::fresh_dir("vapid").join("vapid.pem");
    let pem = key.to_pkcs8_pem(p256::pkcs8::LineEnding::LF).unwrap();
    std::fs::write(&path, pem.as_bytes()).unwrap();
    let public = b64(key.public_key().to_encoded_point(false).as_bytes());
    let cfg = PushWebpushConfig {
        vapid_private_key_path: path.display().to_string(),
        vapid_subject: subject.into(),
    };
    (cfg, public)
}

impl FakeWebPush {
    /// Starts the fake on 127.0.0.1 (port 0).
    pub async fn start() -> FakeWebPush {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State {
            origin: format!("https://127.0.0.1:{}", addr.port()),
            subs: Mutex::default(),
            gone: Mutex::default(),
            faults: Mutex::default(),
            vapid: Mutex::default(),
            received: Mutex::default(),
            last_refusal: Mutex::default(),
            next_id: AtomicU64::new(1),
            requests: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            faults_served: AtomicU64::new(0),
        });
        let shutdown = CancellationToken::new();
        tokio::spawn(accept_loop(
            listener,
            super::tls::acceptor(&[b"h2", b"http/1.1"]),
            state.clone(),
            shutdown.clone(),
        ));
        FakeWebPush { state, shutdown }
    }

    /// `https://127.0.0.1:<port>`: the origin VAPID tokens must name.
    pub fn origin(&self) -> String {
        self.state.origin.clone()
    }

    /// A client that trusts the test CA, as the server would build it.
    pub fn client(timeout: Duration) -> reqwest::Client {
        provider::http_client(Some(super::tls::ca_pem().as_bytes()), timeout, false).unwrap()
    }

    /// A new subscription that takes pushes signed with any VAPID key.
    pub fn subscribe(&self) -> Subscription {
        self.subscribe_inner(None)
    }

    /// A new subscription made for `application_server_key` (base64url): pushes signed with
    /// another key are refused with 403, as push services do.
    pub fn subscribe_for(&self, application_server_key: &str) -> Subscription {
        self.subscribe_inner(Some(application_server_key.to_string()))
    }

    fn subscribe_inner(&self, application_server_key: Option<String>) -> Subscription {
        let secret = super::apns::p256_key();
        let auth: [u8; 16] = rand::random();
        let id = format!("s{}", self.state.next_id.fetch_add(1, Ordering::Relaxed));
        let keys = json!({
            "p256dh": b64(secret.public_key().to_encoded_point(false).as_bytes()),
            "auth": b64(&auth),
        })
        .to_string();
        self.state.subs.lock().unwrap().insert(
            id.clone(),
            Arc::new(Sub {
                secret,
                auth: web_push_native::Auth::from(auth),
                application_server_key,
            }),
        );
        Subscription {
            endpoint: format!("{}/push/{id}", self.state.origin),
            id,
            keys,
        }
    }

    /// The browser unsubscribed: pushes to it get 410 from now on.
    pub fn unsubscribe(&self, sub: &Subscription) {
        self.state.subs.lock().unwrap().remove(&sub.id);
        self.state.gone.lock().unwrap().push(sub.id.clone());
    }

    /// Every push to `sub` gets `fault` until [`FakeWebPush::clear`].
    pub fn fail(&self, sub: &Subscription, fault: Fault) {
        let mut f = self.state.faults.lock().unwrap();
        f.by_sub.insert(sub.id.clone(), fault);
    }

    pub fn clear(&self, sub: &Subscription) {
        self.state.faults.lock().unwrap().by_sub.remove(&sub.id);
    }

    /// The next `n` pushes that pass the checks get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        let mut f = self.state.faults.lock().unwrap();
        f.next.extend(std::iter::repeat_n(fault, n));
    }

    /// The accepted pushes, decrypted, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    pub fn received_count(&self) -> usize {
        self.state.received.lock().unwrap().len()
    }

    pub fn requests(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// Pushes that failed a check (VAPID, headers, encryption).
    pub fn refused(&self) -> u64 {
        self.state.refused.load(Ordering::Relaxed)
    }

    /// The last refusal, e.g. `403 vapid: aud`.
    pub fn last_refusal(&self) -> Option<String> {
        self.state.last_refusal.lock().unwrap().clone()
    }

    pub fn faults_served(&self) -> u64 {
        self.state.faults_served.load(Ordering::Relaxed)
    }

    /// Distinct VAPID tokens that verified.
    pub fn vapid_tokens(&self) -> usize {
        self.state.vapid.lock().unwrap().len()
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
        let (acceptor, state, shutdown) = (acceptor.clone(), state.clone(), shutdown.clone());
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            let h2 = tls.get_ref().1.alpn_protocol() == Some(&b"h2"[..]);
            let svc = service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(&state, req).await) }
            });
            let io = TokioIo::new(tls);
            if h2 {
                let conn = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                    .max_concurrent_streams(4000)
                    .serve_connection(io, svc);
                tokio::select! {
                    _ = conn => {}
                    () = shutdown.cancelled() => {}
                }
            } else {
                let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, svc);
                tokio::select! {
                    _ = conn => {}
                    () = shutdown.cancelled() => {}
                }
            }
        });
    }
}

fn answer(status: u16, headers: &[(&str, String)], body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, v);
    }
    b.body(Full::new(Bytes::from(body))).unwrap()
}

impl State {
    fn refuse(&self, status: u16, why: &str) -> Response<Full<Bytes>> {
        self.refused.fetch_add(1, Ordering::Relaxed);
        *self.last_refusal.lock().unwrap() = Some(format!("{status} {why}"));
        answer(status, &[], why.as_bytes().to_vec())
    }

    /// RFC 8292 §2-3: `vapid t=<jwt>, k=<key>`; the JWT is verified once, its `exp` on every
    /// use. Returns the `sub` and `k`.
    fn check_vapid(&self, authorization: &str) -> Result<(String, String), &'static str> {
        let rest = authorization
            .strip_prefix("vapid ")
            .ok_or("vapid: not a vapid authorization")?;
        let (mut t, mut k) = (None, None);
        for part in rest.split(',') {
            let part = part.trim();
            if let Some(v) = part.strip_prefix("t=") {
                t = Some(v);
            } else if let Some(v) = part.strip_prefix("k=") {
                k = Some(v);
            }
        }
        let (t, k) = (t.ok_or("vapid: no t")?, k.ok_or("vapid: no k")?);
        let cached = self.vapid.lock().unwrap().get(authorization).cloned();
        let vapid = if let Some(v) = cached {
            v
        } else {
            let v = self.verify_vapid(t, k)?;
            self.vapid
                .lock()
                .unwrap()
                .insert(authorization.to_string(), v.clone());
            v
        };
        let now = unix_now();
        if vapid.exp <= now {
            return Err("vapid: expired");
        }
        if vapid.exp > now + 24 * 3600 {
            return Err("vapid: exp more than 24 hours ahead");
        }
        Ok((vapid.sub, k.to_string()))
    }

    fn verify_vapid(&self, t: &str, k: &str) -> Result<Vapid, &'static str> {
        #[derive(Deserialize)]
        struct Claims {
            exp: u64,
            sub: String,
        }
        let point = URL_SAFE_NO_PAD.decode(k).map_err(|_| "vapid: k")?;
        if point.len() != 65 || p256::PublicKey::from_sec1_bytes(&point).is_err() {
            return Err("vapid: k is not an uncompressed P-256 key");
        }
        let header = jsonwebtoken::decode_header(t).map_err(|_| "vapid: t")?;
        if header.alg != Algorithm::ES256 {
            return Err("vapid: not ES256");
        }
        let mut v = Validation::new(Algorithm::ES256);
        v.set_audience(&[&self.origin]);
        v.set_required_spec_claims(&["exp", "aud", "sub"]);
        v.leeway = 0;
        let data = jsonwebtoken::decode::<Claims>(t, &DecodingKey::from_ec_der(&point), &v)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidAudience => "vapid: aud",
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => "vapid: expired",
                jsonwebtoken::errors::ErrorKind::InvalidSignature => "vapid: signature",
                _ => "vapid: claims",
            })?;
        let sub = data.claims.sub;
        if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
            return Err("vapid: sub");
        }
        Ok(Vapid {
            exp: data.claims.exp,
            sub,
        })
    }

    fn fault_for(&self, id: &str) -> Option<Fault> {
        let mut f = self.faults.lock().unwrap();
        if let Some(fault) = f.by_sub.get(id) {
            return Some(fault.clone());
        }
        f.next.pop_front()
    }
}

async fn handle(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, 64 * 1024).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return state.refuse(413, "too large"),
    };
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if parts.method != Method::POST {
        return state.refuse(405, "method");
    }
    let Some(id) = parts.uri.path().strip_prefix("/push/") else {
        return state.refuse(404, "path");
    };
    let sub = state.subs.lock().unwrap().get(id).cloned();
    let Some(sub) = sub else {
        let gone = state.gone.lock().unwrap().iter().any(|g| g == id);
        return if gone {
            state.refuse(410, "unsubscribed")
        } else {
            state.refuse(404, "no such subscription")
        };
    };
    let (vapid_subject, vapid_key) = match header("authorization").map(|a| state.check_vapid(a)) {
        Some(Ok(v)) => v,
        Some(Err(why)) => return state.refuse(403, why),
        None => return state.refuse(401, "no authorization"),
    };
    if sub
        .application_server_key
        .as_deref()
        .is_some_and(|k| k != vapid_key)
    {
        return state.refuse(
            403,
            "vapid: k is not the subscription's applicationServerKey",
        );
    }
    // RFC 8030 §5.2: a push without TTL is refused.
    let Some(ttl) = header("ttl").and_then(|t| t.parse::<u64>().ok()) else {
        return state.refuse(400, "ttl");
    };
    let urgency = header("urgency").map(str::to_string);
    if urgency
        .as_deref()
        .is_some_and(|u| !matches!(u, "very-low" | "low" | "normal" | "high"))
    {
        return state.refuse(400, "urgency");
    }
    let topic = header("topic").map(str::to_string);
    if topic.as_deref().is_some_and(|t| {
        t.is_empty()
            || t.len() > 32
            || !t
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        return state.refuse(400, "topic");
    }
    // A push without a body carries no data and needs no encryption (RFC 8030 §5).
    let plaintext = if body.is_empty() {
        if header("content-encoding").is_some() {
            return state.refuse(400, "content-encoding without a body");
        }
        Vec::new()
    } else {
        if header("content-encoding") != Some("aes128gcm") {
            return state.refuse(400, "content-encoding");
        }
        // RFC 8291 §4: a push service need not take more than 4096 bytes.
        if body.len() > 4096 {
            return state.refuse(413, "payload too large");
        }
        match decrypt(&sub, &body) {
            Ok(p) => p,
            Err(why) => return state.refuse(400, why),
        }
    };
    if let Some(fault) = state.fault_for(id) {
        state.faults_served.fetch_add(1, Ordering::Relaxed);
        return match fault {
            Fault::Gone => answer(
                410,
                &[],
                b"push subscription has unsubscribed or expired".to_vec(),
            ),
            Fault::NotFound => answer(404, &[], Vec::new()),
            Fault::TooManyRequests { retry_after } => {
                let h: Vec<(&str, String)> = retry_after
                    .map(|s| ("retry-after", s.to_string()))
                    .into_iter()
                    .collect();
                answer(429, &h, Vec::new())
            }
            Fault::InternalServerError => answer(500, &[], Vec::new()),
            Fault::Raw { status, body } => answer(status, &[], body),
        };
    }
    let n = state.next_id.fetch_add(1, Ordering::Relaxed);
    state.received.lock().unwrap().push(Received {
        subscription: id.to_string(),
        plaintext,
        body_len: body.len(),
        ttl,
        urgency,
        topic,
        vapid_subject,
        vapid_key,
    });
    answer(
        201,
        &[("location", format!("{}/message/{n}", state.origin))],
        Vec::new(),
    )
}

/// The browser's side of RFC 8291: the aes128gcm header (salt, rs, the sender's key as keyid),
/// one record, then the decryption with the subscription's private key and auth secret.
fn decrypt(sub: &Sub, body: &[u8]) -> Result<Vec<u8>, &'static str> {
    const HEADER: usize = 16 + 4 + 1 + 65;
    if body.len() < HEADER + 17 {
        return Err("aes128gcm: too short");
    }
    let rs = u32::from_be_bytes([body[16], body[17], body[18], body[19]]) as usize;
    if rs < 18 {
        // RFC 8188 §2.1: "Values smaller than 18 are invalid."
        return Err("aes128gcm: rs below 18");
    }
    if body[20] != 65 || p256::PublicKey::from_sec1_bytes(&body[21..HEADER]).is_err() {
        return Err("aes128gcm: keyid is not the sender's P-256 key");
    }
    if body.len() - HEADER > rs {
        return Err("aes128gcm: more than one record");
    }
    web_push_native::decrypt(body.to_vec(), &sub.secret, &sub.auth)
        .map_err(|_| "aes128gcm: does not decrypt")
}

// ---------------------------------------------------------------------------------------
// centri's Web Push provider against the fake.

const SUBJECT: &str = "mailto:ops@example.com";

fn provider(timeout: Duration) -> (WebPush, String) {
    let (cfg, public) = vapid_config(SUBJECT);
    (
        WebPush::new(&cfg, FakeWebPush::client(timeout)).unwrap(),
        public,
    )
}

#[tokio::test]
async fn string_and_json_payloads_arrive_decrypted() {
    let fake = FakeWebPush::start().await;
    let (wp, public) = provider(Duration::from_secs(10));
    assert_eq!(wp.application_server_key(), public);
    let sub = fake.subscribe_for(&public);

    let out = wp.send(&json!({"payload": "hello ☃ é"}), sub.to()).await;
    let got = fake.received();
    assert_eq!(got.len(), 1, "{out:?} {:?}", fake.last_refusal());
    assert_eq!(
        out,
        Outcome::Sent {
            id: Some(format!("{}/message/{}", fake.origin(), 2))
        }
    );
    assert_eq!(got[0].subscription, sub.id);
    assert_eq!(got[0].plaintext, "hello ☃ é".as_bytes());
    assert_eq!(got[0].ttl, 2_419_200);
    assert_eq!(
        (got[0].urgency.as_deref(), got[0].topic.as_deref()),
        (None, None)
    );
    assert_eq!(got[0].vapid_subject, SUBJECT);
    assert_eq!(got[0].vapid_key, public);

    let payload = json!({"title": "T", "body": "B", "data": {"n": [1, 2.5, null], "u": "ü"}});
    let out = wp
        .send(
            &json!({"payload": payload, "ttl": 60, "urgency": "high", "topic": "news_1"}),
            sub.to(),
        )
        .await;
    assert!(matches!(out, Outcome::Sent { id: Some(_) }), "{out:?}");
    let r = &fake.received()[1];
    assert_eq!(r.plaintext, serde_json::to_vec(&payload).unwrap());
    assert_eq!(
        serde_json::from_slice::<Value>(&r.plaintext).unwrap(),
        payload
    );
    assert_eq!(r.ttl, 60);
    assert_eq!(r.urgency.as_deref(), Some("high"));
    assert_eq!(r.topic.as_deref(), Some("news_1"));
    assert_eq!(fake.refused(), 0);
}

#[tokio::test]
async fn payloads_up_to_the_record_limit() {
    let fake = FakeWebPush::start().await;
    let (wp, _) = provider(Duration::from_secs(10));
    let sub = fake.subscribe();
    let max = centri::server::push::send::provider::webpush::MAX_PLAINTEXT;
    let big: String = (0..max)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let out = wp.send(&json!({"payload": big}), sub.to()).await;
    assert!(
        matches!(out, Outcome::Sent { .. }),
        "{out:?} {:?}",
        fake.last_refusal()
    );
    let r = &fake.received()[0];
    assert_eq!(r.plaintext, big.as_bytes());
    assert_eq!(r.body_len, 4096);
    // One byte more does not fit one 4096-byte message: refused before sending.
    let out = wp
        .send(&json!({"payload": format!("{big}x")}), sub.to())
        .await;
    assert_eq!(
        out,
        Outcome::Failed {
            reason: "payload too large".into()
        }
    );
    assert_eq!(fake.requests(), 1);
    // An empty string goes as a push without data.
    let out = wp.send(&json!({"payload": ""}), sub.to()).await;
    assert!(
        matches!(out, Outcome::Sent { .. }),
        "{out:?} {:?}",
        fake.last_refusal()
    );
    let r = &fake.received()[1];
    assert_eq!((r.plaintext.as_slice(), r.body_len), (&b""[..], 0));
}

#[tokio::test]
async fn one_vapid_token_per_origin_across_concurrent_sends() {
    let fake = FakeWebPush::start().await;
    let (wp, public) = provider(Duration::from_secs(10));
    let subs: Vec<Subscription> = (0..5).map(|_| fake.subscribe_for(&public)).collect();
    let wp = Arc::new(wp);
    // Spawned, as the send workers do: the send future is `Send + 'static` with an `Arc`.
    let sends: Vec<_> = (0..200usize)
        .map(|i| {
            let (wp, sub) = (wp.clone(), subs[i % subs.len()].clone());
            tokio::spawn(async move { wp.send(&json!({"payload": i.to_string()}), sub.to()).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for s in sends {
        outcomes.push(s.await.unwrap());
    }
    assert!(
        outcomes.iter().all(|o| matches!(o, Outcome::Sent { .. })),
        "{:?} {:?}",
        outcomes.iter().find(|o| !matches!(o, Outcome::Sent { .. })),
        fake.last_refusal()
    );
    assert_eq!(fake.received_count(), 200);
    assert_eq!(fake.vapid_tokens(), 1);
    let mut got: Vec<usize> = fake
        .received()
        .iter()
        .map(|r| std::str::from_utf8(&r.plaintext).unwrap().parse().unwrap())
        .collect();
    got.sort_unstable();
    assert_eq!(got, (0..200).collect::<Vec<_>>());
    // Each landed at its own subscription, decrypted with that subscription's keys.
    for r in fake.received() {
        let i: usize = std::str::from_utf8(&r.plaintext).unwrap().parse().unwrap();
        assert_eq!(r.subscription, subs[i % subs.len()].id);
    }
    // A second push service is another origin, another token.
    let other = FakeWebPush::start().await;
    let s2 = other.subscribe();
    assert!(matches!(
        wp.send(&json!({"payload": "x"}), s2.to()).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(other.vapid_tokens(), 1);
}

#[tokio::test]
async fn faults_map_to_outcomes() {
    let fake = FakeWebPush::start().await;
    let (wp, _) = provider(Duration::from_secs(10));
    let cases = [
        (
            Fault::Gone,
            Outcome::Dead {
                reason: "http 410".into(),
            },
        ),
        (
            Fault::NotFound,
            Outcome::Dead {
                reason: "http 404".into(),
            },
        ),
        (
            Fault::TooManyRequests {
                retry_after: Some(30),
            },
            Outcome::Retry {
                reason: "http 429".into(),
                after: Some(Duration::from_secs(30)),
            },
        ),
        (
            Fault::InternalServerError,
            Outcome::Retry {
                reason: "http 500".into(),
                after: None,
            },
        ),
        (
            Fault::Raw {
                status: 413,
                body: b"too big".to_vec(),
            },
            Outcome::Failed {
                reason: "http 413".into(),
            },
        ),
        (
            Fault::Raw {
                status: 400,
                body: b"\xff\x00garbage".to_vec(),
            },
            Outcome::Failed {
                reason: "http 400".into(),
            },
        ),
        (
            Fault::Raw {
                status: 202,
                body: b"{not json".to_vec(),
            },
            Outcome::Sent { id: None },
        ),
        (
            Fault::Raw {
                status: 503,
                body: Vec::new(),
            },
            Outcome::Retry {
                reason: "http 503".into(),
                after: None,
            },
        ),
    ];
    let msg = json!({"payload": "x"});
    for (fault, expected) in cases {
        let sub = fake.subscribe();
        fake.fail(&sub, fault.clone());
        assert_eq!(wp.send(&msg, sub.to()).await, expected, "{fault:?}");
        fake.clear(&sub);
        assert!(matches!(
            wp.send(&msg, sub.to()).await,
            Outcome::Sent { .. }
        ));
    }
    assert_eq!(fake.refused(), 0);
    assert_eq!(fake.faults_served(), 8);
    // Faults for the next N pushes, whatever the subscription.
    let sub = fake.subscribe();
    fake.fail_next(2, Fault::InternalServerError);
    for _ in 0..2 {
        assert_eq!(wp.send(&msg, sub.to()).await.reason(), Some("http 500"));
    }
    assert!(matches!(
        wp.send(&msg, sub.to()).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.faults_served(), 10);
    // An unsubscribed browser: 410; an endpoint the service never issued: 404.
    let sub = fake.subscribe();
    fake.unsubscribe(&sub);
    assert_eq!(
        wp.send(&msg, sub.to()).await,
        Outcome::Dead {
            reason: "http 410".into()
        }
    );
    let unknown = format!("{}/push/nobody", fake.origin());
    assert_eq!(
        wp.send(
            &msg,
            To::Subscription {
                endpoint: &unknown,
                keys: &sub.keys
            }
        )
        .await,
        Outcome::Dead {
            reason: "http 404".into()
        }
    );
}

#[tokio::test]
async fn refusals_bad_subscriptions_and_transport() {
    let fake = FakeWebPush::start().await;
    let (wp, _) = provider(Duration::from_secs(10));
    // A subscription made for another application server key: 403, failed for good.
    let (_, other_key) = vapid_config(SUBJECT);
    let sub = fake.subscribe_for(&other_key);
    assert_eq!(
        wp.send(&json!({"payload": "x"}), sub.to()).await,
        Outcome::Failed {
            reason: "http 403".into()
        }
    );
    assert_eq!(fake.refused(), 1);
    // Keys the push was encrypted for are not the subscription's: it does not decrypt.
    let a = fake.subscribe();
    let b = fake.subscribe();
    let crossed = To::Subscription {
        endpoint: &a.endpoint,
        keys: &b.keys,
    };
    assert_eq!(
        wp.send(&json!({"payload": "x"}), crossed).await,
        Outcome::Failed {
            reason: "http 400".into()
        }
    );
    assert_eq!(
        fake.last_refusal().as_deref(),
        Some("400 aes128gcm: does not decrypt")
    );
    let before = fake.requests();
    for (to, reason) in [
        (
            To::Subscription {
                endpoint: "not a url",
                keys: &a.keys,
            },
            "bad subscription: endpoint",
        ),
        (
            To::Subscription {
                endpoint: &a.endpoint,
                keys: "{\"p256dh\": \"AAAA\", \"auth\": \"AAAAAAAAAAAAAAAAAAAAAA\"}",
            },
            "bad subscription: keys.p256dh",
        ),
        (
            To::Subscription {
                endpoint: &a.endpoint,
                keys: "[]",
            },
            "bad subscription: keys.p256dh",
        ),
        (To::Token("abc"), "webpush sends to subscriptions only"),
    ] {
        assert_eq!(
            wp.send(&json!({"payload": "x"}), to).await,
            Outcome::Failed {
                reason: reason.into()
            }
        );
    }
    let bad_auth = json!({"p256dh": serde_json::from_str::<Value>(&a.keys).unwrap()["p256dh"],
                          "auth": "AAAA"})
    .to_string();
    assert_eq!(
        wp.send(
            &json!({"payload": "x"}),
            To::Subscription {
                endpoint: &a.endpoint,
                keys: &bad_auth
            }
        )
        .await,
        Outcome::Failed {
            reason: "bad subscription: keys.auth".into()
        }
    );
    assert_eq!(
        wp.send(&json!({"ttl": 5}), a.to()).await,
        Outcome::Failed {
            reason: "bad message: payload".into()
        }
    );
    assert_eq!(fake.requests(), before);
    // A push service that is gone: worth another attempt.
    let dead = format!("https://127.0.0.1:{}/push/x", {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    });
    assert_eq!(
        wp.send(
            &json!({"payload": "x"}),
            To::Subscription {
                endpoint: &dead,
                keys: &a.keys
            }
        )
        .await,
        Outcome::Retry {
            reason: "connect".into(),
            after: None
        }
    );
}

#[tokio::test]
async fn the_registry_takes_the_fakes_subscriptions() {
    let fake = FakeWebPush::start().await;
    let sub = fake.subscribe();
    let token = sub.push_subscription().to_string();
    let (endpoint, keys) = centri::server::push::validate::webpush_subscription(&token).unwrap();
    assert_eq!(endpoint, sub.endpoint);
    // What the registry keeps is what the provider is given, and it arrives.
    let ca = std::fs::read(super::tls::ca_file()).unwrap();
    let client = provider::http_client(Some(&ca), Duration::from_secs(10), false).unwrap();
    let (cfg, _) = vapid_config(SUBJECT);
    let wp = WebPush::new(&cfg, client).unwrap();
    let to = To::Subscription {
        endpoint: &endpoint,
        keys: &keys,
    };
    let out = wp.send(&json!({"payload": "via the registry"}), to).await;
    assert!(
        matches!(out, Outcome::Sent { .. }),
        "{out:?} {:?}",
        fake.last_refusal()
    );
    assert_eq!(fake.received()[0].plaintext, b"via the registry");
}

#[tokio::test]
async fn config_errors_name_the_key() {
    let client = FakeWebPush::client(Duration::from_secs(5));
    let (good, public) = vapid_config(SUBJECT);
    let wp = WebPush::new(&good, client.clone()).unwrap();
    assert_eq!(wp.application_server_key(), public);
    assert_eq!(URL_SAFE_NO_PAD.decode(&public).unwrap().len(), 65);
    let pem = std::fs::read_to_string(&good.vapid_private_key_path).unwrap();
    assert!(!format!("{wp:?}").contains(pem.lines().nth(1).unwrap()));
    let https = PushWebpushConfig {
        vapid_subject: "https://example.com/contact".into(),
        ..good.clone()
    };
    assert!(WebPush::new(&https, client.clone()).is_ok());

    let err = |cfg: &PushWebpushConfig| WebPush::new(cfg, client.clone()).unwrap_err();
    for subject in ["", "ops@example.com", "http://example.com", "mailto:"] {
        let c = PushWebpushConfig {
            vapid_subject: subject.into(),
            ..good.clone()
        };
        let e = err(&c);
        assert!(
            e.starts_with("push_notifications.webpush.vapid_subject"),
            "{e}"
        );
    }
    let key = "push_notifications.webpush.vapid_private_key_path";
    let mut c = good.clone();
    c.vapid_private_key_path = String::new();
    assert!(err(&c).starts_with(key));
    c.vapid_private_key_path = "/nonexistent/vapid.pem".into();
    let e = err(&c);
    assert!(
        e.starts_with(&format!("{key}: /nonexistent/vapid.pem")),
        "{e}"
    );
    let dir: PathBuf = crate::it::util::fresh_dir("vapid-bad");
    let p384 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let p384_pem = p384.serialize_pem();
    let path = dir.join("p384.pem");
    std::fs::write(&path, &p384_pem).unwrap();
    c.vapid_private_key_path = path.display().to_string();
    let e = err(&c);
    assert!(e.starts_with(key) && e.contains("P-256"), "{e}");
    assert!(!e.contains(p384_pem.lines().nth(1).unwrap()), "{e}");
}

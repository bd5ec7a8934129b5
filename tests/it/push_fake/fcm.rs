//! A fake Firebase Cloud Messaging (HTTP v1) with its Google OAuth token endpoint, and the
//! tests of centri's [`Fcm`] against it.
//!
//! [`FakeFcm::start`] serves on 127.0.0.1 (HTTP/1.1 with keep-alive, and HTTP/2 cleartext
//! with prior knowledge) and writes a service-account file whose `token_uri` points at it.
//! The token endpoint checks the JWT assertion as Google does (RS256 signature with the
//! account's public key, `iss`, `aud`, `scope`, a lifetime of at most an hour) and grants
//! random access tokens; the send endpoint checks the bearer token, the project in the path
//! and the request (`{"message": {...}}` with exactly one of `token`, `topic`, `condition`)
//! and records each message it accepts. Faults are programmed per device token or for the
//! next requests.
//!
//! The service account's key is `tests/fixtures/rsa_private.pem`, a test-only key committed
//! for the JWT tests (no key is generated at run time: RSA key generation is slow in debug
//! builds and would need `openssl`).
//!
//! Also here: [`HttpServer`] and the other pieces [`super::hms`] builds its fake from.

// The fakes are an API for the send pipeline's tests and the benchmark too: not all of it
// is used here.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{json, Value};

use centri::server::config::push::PushFcmConfig;
use centri::server::push::send::provider::fcm::{Fcm, SCOPE};
use centri::server::push::send::provider::{http_client, Outcome, To};

/// The test-only RSA key pair of the fake's service account.
pub const TEST_PRIVATE_KEY: &str = include_str!("../../fixtures/rsa_private.pem");
pub const TEST_PUBLIC_KEY: &str = include_str!("../../fixtures/rsa_public.pem");

// ---------------------------------------------------------------------------------------
// The HTTP plumbing both fakes share.

/// A request, its body read whole.
#[derive(Debug)]
pub struct Req {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The token of `Authorization: Bearer <token>`.
    pub fn bearer(&self) -> Option<&str> {
        let v = self.header("authorization")?;
        let (scheme, token) = v.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then_some(token.trim())
    }

    /// The body as an `application/x-www-form-urlencoded` form (`None` for another type).
    pub fn form(&self) -> Option<HashMap<String, String>> {
        let ct = self.header("content-type")?;
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return None;
        }
        Some(
            url::form_urlencoded::parse(&self.body)
                .into_owned()
                .collect(),
        )
    }

    /// The body as JSON when the content type says it is.
    pub fn json(&self) -> Option<Value> {
        let ct = self.header("content-type")?;
        if !ct.starts_with("application/json") {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }
}

/// What a fake does with a request.
pub enum Reply {
    Answer(Response<Full<Bytes>>),
    /// Close the connection without answering.
    Reset,
    /// Never answer (until the client gives up).
    Stall,
}

/// A JSON answer.
pub fn json_reply(status: u16, body: &Value) -> Reply {
    raw_reply(status, "application/json; charset=UTF-8", body.to_string())
}

/// An answer with any body.
pub fn raw_reply(status: u16, content_type: &str, body: String) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert("content-type", content_type.parse().expect("content type"));
    Reply::Answer(r)
}

/// Adds a header to an answer.
pub fn with_header(mut reply: Reply, name: &'static str, value: &str) -> Reply {
    if let Reply::Answer(r) = &mut reply {
        r.headers_mut()
            .insert(name, value.parse().expect("header value"));
    }
    reply
}

#[derive(Debug)]
struct Hangup;
impl std::fmt::Display for Hangup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fake: connection closed without an answer")
    }
}
impl std::error::Error for Hangup {}

/// An HTTP server on 127.0.0.1 answering with a plain function: HTTP/1.1 (keep-alive) and
/// HTTP/2 cleartext with prior knowledge, each connection its own task. Stops when dropped
/// (its connections too).
pub struct HttpServer {
    addr: SocketAddr,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl HttpServer {
    /// A listener on an ephemeral port, to learn the address before serving.
    pub async fn bind() -> tokio::net::TcpListener {
        tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0")
    }

    pub fn serve<H>(listener: tokio::net::TcpListener, handler: H) -> HttpServer
    where
        H: Fn(&Req) -> Reply + Send + Sync + 'static,
    {
        let addr = listener.local_addr().expect("local addr");
        let handler = Arc::new(handler);
        let task = tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let _ = stream.set_nodelay(true);
                        let handler = handler.clone();
                        conns.spawn(async move {
                            let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                                let handler = handler.clone();
                                async move {
                                    let (parts, body) = req.into_parts();
                                    let Ok(body) = body.collect().await else {
                                        return Err(Hangup);
                                    };
                                    let body = body.to_bytes();
                                    let req = Req {
                                        method: parts.method,
                                        path: parts.uri.path().to_string(),
                                        headers: parts.headers,
                                        body,
                                    };
                                    match handler(&req) {
                                        Reply::Answer(r) => Ok(r),
                                        Reply::Reset => Err(Hangup),
                                        Reply::Stall => {
                                            tokio::time::sleep(Duration::from_secs(3600)).await;
                                            Err(Hangup)
                                        }
                                    }
                                }
                            });
                            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                                .serve_connection(TokioIo::new(stream), svc)
                                .await;
                        });
                    }
                    Some(_) = conns.join_next(), if !conns.is_empty() => {}
                }
            }
        });
        HttpServer {
            addr,
            task: Some(task),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting and drops every connection.
    pub async fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = t.await;
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

/// Access tokens a fake granted, each until it expires.
#[derive(Default)]
pub struct IssuedTokens {
    tokens: RwLock<HashMap<String, Instant>>,
}

/// What a fake thinks of a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    Valid,
    Expired,
    Unknown,
}

impl IssuedTokens {
    /// A new random token, valid for `secs`.
    pub fn issue(&self, secs: u64) -> String {
        use base64::Engine as _;
        let token =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>());
        self.tokens
            .write()
            .unwrap()
            .insert(token.clone(), Instant::now() + Duration::from_secs(secs));
        token
    }

    pub fn check(&self, token: Option<&str>) -> TokenCheck {
        let Some(token) = token else {
            return TokenCheck::Unknown;
        };
        match self.tokens.read().unwrap().get(token) {
            None => TokenCheck::Unknown,
            Some(until) if Instant::now() >= *until => TokenCheck::Expired,
            Some(_) => TokenCheck::Valid,
        }
    }

    /// Every token granted so far expires now.
    pub fn expire_all(&self) {
        let now = Instant::now();
        for until in self.tokens.write().unwrap().values_mut() {
            *until = now;
        }
    }
}

/// Faults programmed for a fake: per device token (every send to it, until cleared) and for
/// the next requests (each taken once). A token's fault wins over the queue.
pub struct FaultPlan<F> {
    per_token: Mutex<HashMap<String, F>>,
    next: Mutex<VecDeque<F>>,
    grants: Mutex<VecDeque<GrantFault>>,
    /// Whether any fault is programmed: requests skip the locks when none is.
    armed: AtomicBool,
}

impl<F> Default for FaultPlan<F> {
    fn default() -> Self {
        FaultPlan {
            per_token: Mutex::default(),
            next: Mutex::default(),
            grants: Mutex::default(),
            armed: AtomicBool::new(false),
        }
    }
}

/// A token endpoint's failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantFault {
    /// 500 with a JSON error.
    ServerError,
    /// 503 with `Retry-After: 1`.
    Unavailable,
    /// The credentials are refused (Google: 400 `invalid_grant`; Huawei: 400 with a numeric
    /// `error`).
    Refused,
    /// Close the connection without answering.
    Reset,
    /// 200 with a body that is not a token answer.
    Garbage,
}

impl<F: Clone> FaultPlan<F> {
    pub fn for_token(&self, token: &str, fault: F) {
        self.per_token
            .lock()
            .unwrap()
            .insert(token.to_string(), fault);
        self.armed.store(true, Ordering::Release);
    }

    pub fn next(&self, n: usize, fault: F) {
        self.next
            .lock()
            .unwrap()
            .extend(std::iter::repeat_n(fault, n));
        self.armed.store(true, Ordering::Release);
    }

    pub fn next_grants(&self, n: usize, fault: GrantFault) {
        self.grants
            .lock()
            .unwrap()
            .extend(std::iter::repeat_n(fault, n));
        self.armed.store(true, Ordering::Release);
    }

    pub fn clear(&self) {
        self.per_token.lock().unwrap().clear();
        self.next.lock().unwrap().clear();
        self.grants.lock().unwrap().clear();
        self.armed.store(false, Ordering::Release);
    }

    /// The fault for a send to `token` (`None` for a topic or condition), if any.
    pub fn take(&self, token: Option<&str>) -> Option<F> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        if let Some(t) = token {
            if let Some(f) = self.per_token.lock().unwrap().get(t) {
                return Some(f.clone());
            }
        }
        self.next.lock().unwrap().pop_front()
    }

    pub fn take_grant(&self) -> Option<GrantFault> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        self.grants.lock().unwrap().pop_front()
    }
}

/// Where an accepted message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Token(String),
    Topic(String),
    Condition(String),
}

/// A message a fake accepted: its target and the `message` object exactly as received
/// (target included).
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub target: Target,
    pub message: Value,
}

/// Counters and the record of accepted messages.
#[derive(Default)]
pub struct Record {
    pub grant_requests: AtomicU64,
    pub grants: AtomicU64,
    pub sends: AtomicU64,
    pub accepted: AtomicU64,
    not_recording: AtomicBool,
    messages: Mutex<Vec<Accepted>>,
}

impl Record {
    /// Counts an accepted message and keeps it (unless recording is off); its number.
    pub fn accept(&self, target: Target, message: &Value) -> u64 {
        let n = self.accepted.fetch_add(1, Ordering::AcqRel) + 1;
        if !self.not_recording.load(Ordering::Relaxed) {
            let message = message.clone();
            self.messages
                .lock()
                .unwrap()
                .push(Accepted { target, message });
        }
        n
    }
    pub fn messages(&self) -> Vec<Accepted> {
        self.messages.lock().unwrap().clone()
    }
    pub fn take_messages(&self) -> Vec<Accepted> {
        std::mem::take(&mut *self.messages.lock().unwrap())
    }
    pub fn set_recording(&self, on: bool) {
        self.not_recording.store(!on, Ordering::Relaxed);
    }
}

/// A fresh directory for a fake's files.
pub fn fake_dir(tag: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let d =
        crate::it::util::test_root().join(format!("centri-fake-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("fake dir");
    d
}

// ---------------------------------------------------------------------------------------
// The fake FCM.

/// How a send is answered instead of being accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 `RESOURCE_EXHAUSTED` / `QUOTA_EXCEEDED` with `Retry-After: 1`.
    TooManyRequests,
    /// 500 `INTERNAL`.
    Internal,
    /// 503 `UNAVAILABLE`.
    Unavailable,
    /// Close the connection without answering.
    Reset,
    /// Never answer.
    Stall,
    /// 404 `NOT_FOUND` with the `FcmError` `UNREGISTERED`.
    Unregistered,
    /// 400 `INVALID_ARGUMENT`: "The registration token is not a valid FCM registration token".
    InvalidToken,
    /// 400 `INVALID_ARGUMENT` with a `google.rpc.BadRequest` on a message field.
    BadMessage,
    /// 401 `UNAUTHENTICATED`, as for an access token Google no longer takes.
    Unauthenticated,
    /// 403 `PERMISSION_DENIED` / `SENDER_ID_MISMATCH`.
    SenderIdMismatch,
    /// Any status and body (`text/plain`).
    Raw(u16, String),
}

/// How a [`FakeFcm`] starts.
#[derive(Debug, Clone)]
pub struct FcmOptions {
    pub project_id: String,
    pub client_email: String,
    /// The `expires_in` of the tokens granted.
    pub expires_in: u64,
    /// The service account's key pair (PEM): the private key goes into the credentials
    /// file, the public one checks the assertions.
    pub private_key: String,
    pub public_key: String,
}

impl Default for FcmOptions {
    fn default() -> Self {
        FcmOptions {
            project_id: "centri-test".into(),
            client_email: "centri-push@centri-test.iam.gserviceaccount.com".into(),
            expires_in: 3600,
            private_key: TEST_PRIVATE_KEY.into(),
            public_key: TEST_PUBLIC_KEY.into(),
        }
    }
}

struct FcmState {
    project_id: String,
    client_email: String,
    token_uri: String,
    send_path: String,
    public_key: jsonwebtoken::DecodingKey,
    expires_in: AtomicU64,
    tokens: IssuedTokens,
    faults: FaultPlan<Fault>,
    record: Record,
}

/// A running fake FCM.
pub struct FakeFcm {
    server: HttpServer,
    state: Arc<FcmState>,
    dir: PathBuf,
    credentials: PathBuf,
}

impl FakeFcm {
    pub async fn start() -> FakeFcm {
        FakeFcm::start_with(FcmOptions::default()).await
    }

    pub async fn start_with(opts: FcmOptions) -> FakeFcm {
        let listener = HttpServer::bind().await;
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let token_uri = format!("{url}/token");
        let state = Arc::new(FcmState {
            send_path: format!("/v1/projects/{}/messages:send", opts.project_id),
            project_id: opts.project_id.clone(),
            client_email: opts.client_email.clone(),
            token_uri: token_uri.clone(),
            public_key: jsonwebtoken::DecodingKey::from_rsa_pem(opts.public_key.as_bytes())
                .expect("the fake's public key"),
            expires_in: AtomicU64::new(opts.expires_in),
            tokens: IssuedTokens::default(),
            faults: FaultPlan::default(),
            record: Record::default(),
        });
        let dir = fake_dir("fcm");
        let credentials = dir.join("service-account.json");
        let account = json!({
            "type": "service_account",
            "project_id": opts.project_id,
            "private_key_id": "0123456789abcdef0123456789abcdef01234567",
            "private_key": opts.private_key,
            "client_email": opts.client_email,
            "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/centri-push",
            "universe_domain": "googleapis.com"
        });
        std::fs::write(
            &credentials,
            serde_json::to_vec_pretty(&account).expect("json"),
        )
        .expect("write the credentials file");
        let s = state.clone();
        let server = HttpServer::serve(listener, move |req| fcm_route(&s, req));
        FakeFcm {
            server,
            state,
            dir,
            credentials,
        }
    }

    /// `http://127.0.0.1:<port>`: `push_notifications.fcm.endpoint`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn token_uri(&self) -> &str {
        &self.state.token_uri
    }

    /// The service-account file: `push_notifications.fcm.credentials_file`.
    pub fn credentials_file(&self) -> &Path {
        &self.credentials
    }

    pub fn project_id(&self) -> &str {
        &self.state.project_id
    }

    /// `push_notifications.fcm` pointing at this fake.
    pub fn config(&self) -> PushFcmConfig {
        PushFcmConfig {
            credentials_file: self.credentials.display().to_string(),
            endpoint: self.url(),
        }
    }

    /// The same as JSON, for a server config.
    pub fn config_json(&self) -> Value {
        json!({"credentials_file": self.credentials.display().to_string(), "endpoint": self.url()})
    }

    /// The messages accepted so far, oldest first.
    pub fn messages(&self) -> Vec<Accepted> {
        self.state.record.messages()
    }

    pub fn take_messages(&self) -> Vec<Accepted> {
        self.state.record.take_messages()
    }

    /// Off: accepted messages are counted, not kept (for long benchmarks).
    pub fn set_recording(&self, on: bool) {
        self.state.record.set_recording(on);
    }

    /// Tokens granted.
    pub fn grants(&self) -> u64 {
        self.state.record.grants.load(Ordering::Acquire)
    }

    /// Requests to the token endpoint, granted or not.
    pub fn grant_requests(&self) -> u64 {
        self.state.record.grant_requests.load(Ordering::Acquire)
    }

    /// Requests to the send endpoint, whatever became of them.
    pub fn sends(&self) -> u64 {
        self.state.record.sends.load(Ordering::Acquire)
    }

    /// Messages accepted.
    pub fn accepted(&self) -> u64 {
        self.state.record.accepted.load(Ordering::Acquire)
    }

    /// Every send to `token` answers `fault` until [`clear_faults`](Self::clear_faults).
    pub fn fail_token(&self, token: &str, fault: Fault) {
        self.state.faults.for_token(token, fault);
    }

    /// The next `n` sends answer `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.state.faults.next(n, fault);
    }

    /// The next `n` token requests fail.
    pub fn fail_grants(&self, n: usize, fault: GrantFault) {
        self.state.faults.next_grants(n, fault);
    }

    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// The `expires_in` of tokens granted from now on.
    pub fn set_expires_in(&self, secs: u64) {
        self.state.expires_in.store(secs, Ordering::Release);
    }

    /// Every access token granted so far expires now (sends with one answer 401).
    pub fn expire_tokens(&self) {
        self.state.tokens.expire_all();
    }

    pub async fn stop(mut self) {
        self.server.stop().await;
    }
}

impl Drop for FakeFcm {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn google_error(code: u16, status: &str, message: &str, details: &Value) -> Reply {
    json_reply(
        code,
        &json!({"error": {"code": code, "message": message, "status": status, "details": details}}),
    )
}

fn fcm_error(code: u16, status: &str, error_code: &str, message: &str) -> Reply {
    google_error(
        code,
        status,
        message,
        &json!([{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": error_code}]),
    )
}

fn bad_request(field: &str, description: &str) -> Reply {
    google_error(
        400,
        "INVALID_ARGUMENT",
        description,
        &json!([{"@type": "type.googleapis.com/google.rpc.BadRequest",
                 "fieldViolations": [{"field": field, "description": description}]}]),
    )
}

fn fcm_route(s: &FcmState, req: &Req) -> Reply {
    if req.method == Method::POST && req.path == "/token" {
        return fcm_grant(s, req);
    }
    if req.method == Method::POST && req.path == s.send_path {
        return fcm_send(s, req);
    }
    if req.method == Method::POST
        && req.path.starts_with("/v1/projects/")
        && req.path.ends_with("/messages:send")
    {
        s.record.sends.fetch_add(1, Ordering::AcqRel);
        return google_error(
            403,
            "PERMISSION_DENIED",
            "Permission 'cloudmessaging.messages.create' denied on resource (or it may not exist).",
            &json!([]),
        );
    }
    raw_reply(
        404,
        "text/plain",
        format!("fake fcm: no {} {}", req.method, req.path),
    )
}

fn invalid_grant(description: &str) -> Reply {
    json_reply(
        400,
        &json!({"error": "invalid_grant", "error_description": description}),
    )
}

#[derive(serde::Deserialize)]
struct AssertionClaims {
    scope: String,
    iat: u64,
    exp: u64,
}

fn fcm_grant(s: &FcmState, req: &Req) -> Reply {
    s.record.grant_requests.fetch_add(1, Ordering::AcqRel);
    match s.faults.take_grant() {
        None => {}
        Some(GrantFault::ServerError) => {
            return json_reply(
                500,
                &json!({"error": "internal_failure", "error_description": "fake"}),
            )
        }
        Some(GrantFault::Unavailable) => {
            return with_header(
                json_reply(503, &json!({"error": "temporarily_unavailable"})),
                "retry-after",
                "1",
            )
        }
        Some(GrantFault::Refused) => return invalid_grant("Invalid grant: account not found"),
        Some(GrantFault::Reset) => return Reply::Reset,
        Some(GrantFault::Garbage) => {
            return raw_reply(200, "text/html", "<html>sign in</html>".into())
        }
    }
    let Some(form) = req.form() else {
        return json_reply(
            400,
            &json!({"error": "invalid_request", "error_description": "not a form"}),
        );
    };
    if form.get("grant_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    {
        return json_reply(
            400,
            &json!({"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}),
        );
    }
    let Some(assertion) = form.get("assertion") else {
        return invalid_grant("Missing required parameter: assertion");
    };
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[&s.token_uri]);
    v.set_issuer(&[&s.client_email]);
    v.set_required_spec_claims(&["exp", "iss", "aud"]);
    v.leeway = 5;
    let claims = match jsonwebtoken::decode::<AssertionClaims>(assertion, &s.public_key, &v) {
        Ok(d) => d.claims,
        Err(e) => {
            use jsonwebtoken::errors::ErrorKind;
            let what = match e.kind() {
                ErrorKind::InvalidSignature => "Invalid JWT Signature.".to_string(),
                ErrorKind::InvalidAudience => "Invalid JWT: aud".to_string(),
                ErrorKind::InvalidIssuer => "Invalid JWT: iss".to_string(),
                ErrorKind::ExpiredSignature => "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.".to_string(),
                other => format!("Invalid JWT: {other:?}"),
            };
            return invalid_grant(&what);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    if claims.exp <= claims.iat || claims.exp - claims.iat > 3600 || claims.iat > now + 60 {
        return invalid_grant(
            "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
        );
    }
    if !claims.scope.split(' ').any(|sc| sc == SCOPE) {
        return json_reply(
            400,
            &json!({"error": "invalid_scope", "error_description": "scope does not allow FCM sends"}),
        );
    }
    let secs = s.expires_in.load(Ordering::Acquire);
    let token = s.tokens.issue(secs);
    s.record.grants.fetch_add(1, Ordering::AcqRel);
    json_reply(
        200,
        &json!({"access_token": token, "expires_in": secs, "token_type": "Bearer"}),
    )
}

fn fcm_send(s: &FcmState, req: &Req) -> Reply {
    s.record.sends.fetch_add(1, Ordering::AcqRel);
    if s.tokens.check(req.bearer()) != TokenCheck::Valid {
        return google_error(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            &json!([]),
        );
    }
    let Some(body) = req.json() else {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "Invalid JSON payload received.",
            &json!([]),
        );
    };
    let Some(obj) = body.as_object() else {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "Invalid JSON payload received.",
            &json!([]),
        );
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "message" | "validate_only"))
    {
        return bad_request(
            k,
            &format!("Invalid JSON payload received. Unknown name \"{k}\""),
        );
    }
    let Some(message) = obj.get("message").filter(|m| m.is_object()) else {
        return bad_request("message", "Missing message");
    };
    let mut targets = ["token", "topic", "condition"]
        .into_iter()
        .filter_map(|k| message.get(k).map(|v| (k, v)));
    let target = match (targets.next(), targets.next()) {
        (Some((k, Value::String(v))), None) if !v.is_empty() => match k {
            "token" => Target::Token(v.clone()),
            "topic" => Target::Topic(v.clone()),
            _ => Target::Condition(v.clone()),
        },
        (None, _) => return bad_request("message", "Recipient of the message is not set."),
        (Some((k, _)), None) => return bad_request(&format!("message.{k}"), "Invalid value"),
        (Some(_), Some(_)) => {
            return bad_request(
                "message",
                "Only one of token, topic or condition may be set.",
            )
        }
    };
    let token = match &target {
        Target::Token(t) => Some(t.as_str()),
        _ => None,
    };
    if let Some(fault) = s.faults.take(token) {
        return match fault {
            Fault::TooManyRequests => with_header(
                fcm_error(
                    429,
                    "RESOURCE_EXHAUSTED",
                    "QUOTA_EXCEEDED",
                    "Quota exceeded for quota metric 'Send requests'",
                ),
                "retry-after",
                "1",
            ),
            Fault::Internal => {
                fcm_error(500, "INTERNAL", "INTERNAL", "Internal error encountered.")
            }
            Fault::Unavailable => fcm_error(
                503,
                "UNAVAILABLE",
                "UNAVAILABLE",
                "The service is currently unavailable.",
            ),
            Fault::Reset => Reply::Reset,
            Fault::Stall => Reply::Stall,
            Fault::Unregistered => fcm_error(
                404,
                "NOT_FOUND",
                "UNREGISTERED",
                "Requested entity was not found.",
            ),
            Fault::InvalidToken => fcm_error(
                400,
                "INVALID_ARGUMENT",
                "INVALID_ARGUMENT",
                "The registration token is not a valid FCM registration token",
            ),
            Fault::BadMessage => bad_request(
                "message.data[0].value",
                "Invalid value at 'message.data[0].value' (TYPE_STRING), 12",
            ),
            Fault::Unauthenticated => google_error(
                401,
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials.",
                &json!([]),
            ),
            Fault::SenderIdMismatch => fcm_error(
                403,
                "PERMISSION_DENIED",
                "SENDER_ID_MISMATCH",
                "SenderId mismatch",
            ),
            Fault::Raw(status, body) => raw_reply(status, "text/plain", body),
        };
    }
    let n = s.record.accept(target, message);
    json_reply(
        200,
        &json!({"name": format!("projects/{}/messages/0:{n}", s.project_id)}),
    )
}

// ---------------------------------------------------------------------------------------
// centri's Fcm against the fake.

fn client() -> reqwest::Client {
    http_client(None, Duration::from_secs(5), false).expect("client")
}

fn sender(fake: &FakeFcm) -> Fcm {
    Fcm::new(&fake.config(), client()).expect("Fcm::new")
}

fn note() -> Value {
    json!({"notification": {"title": "Hello", "body": "from centri"}, "data": {"k": "v"},
           "android": {"priority": "high"}})
}

#[tokio::test]
async fn a_send_is_accepted_with_the_token_inserted() {
    let fake = FakeFcm::start().await;
    let fcm = sender(&fake);
    let out = fcm.send(&note(), To::Token("device-1")).await;
    let Outcome::Sent { id: Some(id) } = out else {
        panic!("{out:?}")
    };
    assert_eq!(id, "projects/centri-test/messages/0:1");
    let mut want = note();
    want["token"] = json!("device-1");
    assert_eq!(
        fake.messages(),
        vec![Accepted {
            target: Target::Token("device-1".into()),
            message: want
        }]
    );
    assert_eq!((fake.grants(), fake.sends()), (1, 1));
}

#[tokio::test]
async fn topics_and_conditions_are_targets_too() {
    let fake = FakeFcm::start().await;
    let fcm = sender(&fake);
    // A target the message carried is replaced by the one sent to.
    let mut m = note();
    m["token"] = json!("stale");
    assert!(matches!(
        fcm.send(&m, To::Topic("news")).await,
        Outcome::Sent { .. }
    ));
    let cond = "'a' in topics && 'b' in topics";
    assert!(matches!(
        fcm.send(&note(), To::Condition(cond)).await,
        Outcome::Sent { .. }
    ));
    let got = fake.take_messages();
    assert_eq!(got[0].target, Target::Topic("news".into()));
    assert_eq!(got[0].message["topic"], "news");
    assert!(got[0].message.get("token").is_none());
    assert_eq!(got[1].target, Target::Condition(cond.into()));
    assert_eq!(got[1].message["notification"], note()["notification"]);
    let sub = fcm
        .send(
            &note(),
            To::Subscription {
                endpoint: "https://x",
                keys: "{}",
            },
        )
        .await;
    assert!(matches!(sub, Outcome::Failed { .. }), "{sub:?}");
    assert_eq!(fake.sends(), 2);
}

#[tokio::test]
async fn one_token_serves_concurrent_sends_and_is_refetched_when_it_expires() {
    let fake = FakeFcm::start().await;
    fake.set_expires_in(1);
    let fcm = Arc::new(sender(&fake));
    let mut tasks = Vec::new();
    for i in 0..40 {
        let fcm = fcm.clone();
        tasks.push(tokio::spawn(async move {
            fcm.send(&note(), To::Token(&format!("d{i}"))).await
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Outcome::Sent { .. }));
    }
    assert_eq!(fake.grants(), 1);
    assert_eq!(fake.accepted(), 40);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(matches!(
        fcm.send(&note(), To::Token("late")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.grants(), 2);
    // No 401 was needed: the token was replaced before it ran out.
    assert_eq!(fake.sends(), 41);
}

#[tokio::test]
async fn a_refused_token_is_refetched_once() {
    let fake = FakeFcm::start().await;
    let fcm = sender(&fake);
    assert!(matches!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Sent { .. }
    ));
    fake.expire_tokens();
    assert!(matches!(
        fcm.send(&note(), To::Token("b")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!((fake.grants(), fake.sends(), fake.accepted()), (2, 3, 2));
    // Refused twice: one new token, then it counts as failed.
    fake.fail_next(2, Fault::Unauthenticated);
    assert_eq!(
        fcm.send(&note(), To::Token("c")).await,
        Outcome::Failed {
            reason: "UNAUTHENTICATED".into()
        }
    );
    assert_eq!((fake.grants(), fake.sends()), (3, 5));
}

#[tokio::test]
async fn each_fault_comes_to_its_outcome() {
    let fake = FakeFcm::start().await;
    let fcm = sender(&fake);
    let cases = [
        (
            Fault::TooManyRequests,
            Outcome::Retry {
                reason: "QUOTA_EXCEEDED".into(),
                after: Some(Duration::from_secs(1)),
            },
        ),
        (
            Fault::Internal,
            Outcome::Retry {
                reason: "INTERNAL".into(),
                after: None,
            },
        ),
        (
            Fault::Unavailable,
            Outcome::Retry {
                reason: "UNAVAILABLE".into(),
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
        (
            Fault::Unregistered,
            Outcome::Dead {
                reason: "UNREGISTERED".into(),
            },
        ),
        (
            Fault::InvalidToken,
            Outcome::Dead {
                reason: "INVALID_ARGUMENT".into(),
            },
        ),
        (
            Fault::BadMessage,
            Outcome::Failed {
                reason: "INVALID_ARGUMENT".into(),
            },
        ),
        (
            Fault::SenderIdMismatch,
            Outcome::Failed {
                reason: "SENDER_ID_MISMATCH".into(),
            },
        ),
        (
            Fault::Raw(200, "not json".into()),
            Outcome::Failed {
                reason: "bad answer".into(),
            },
        ),
        (
            Fault::Raw(502, "<html>Bad Gateway</html>".into()),
            Outcome::Retry {
                reason: "http 502".into(),
                after: None,
            },
        ),
        (
            Fault::Raw(400, "{".into()),
            Outcome::Failed {
                reason: "http 400".into(),
            },
        ),
    ];
    for (fault, want) in cases {
        fake.fail_token("sick", fault.clone());
        assert_eq!(
            fcm.send(&note(), To::Token("sick")).await,
            want,
            "{fault:?}"
        );
        // Other devices are fine meanwhile.
        assert!(matches!(
            fcm.send(&note(), To::Token("well")).await,
            Outcome::Sent { .. }
        ));
        fake.clear_faults();
    }
    // Faults for the next requests, whatever the target; a dead token on a topic send is
    // no device to remove.
    fake.fail_next(1, Fault::Unregistered);
    assert_eq!(
        fcm.send(&note(), To::Topic("t")).await,
        Outcome::Failed {
            reason: "UNREGISTERED".into()
        }
    );
    assert!(matches!(
        fcm.send(&note(), To::Topic("t")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.grants(), 1);
}

#[tokio::test]
async fn timeouts_and_refused_connections_are_retried() {
    let fake = FakeFcm::start().await;
    let fcm = Fcm::new(
        &fake.config(),
        http_client(None, Duration::from_millis(300), false).unwrap(),
    )
    .unwrap();
    fake.fail_next(1, Fault::Stall);
    assert_eq!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Retry {
            reason: "timeout".into(),
            after: None
        }
    );
    assert!(matches!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Sent { .. }
    ));
    fake.stop().await;
    assert_eq!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Retry {
            reason: "connect".into(),
            after: None
        }
    );
}

#[tokio::test]
async fn token_endpoint_failures() {
    let fake = FakeFcm::start().await;
    let fcm = sender(&fake);
    let cases = [
        (
            GrantFault::ServerError,
            Outcome::Retry {
                reason: "oauth http 500".into(),
                after: None,
            },
        ),
        (
            GrantFault::Unavailable,
            Outcome::Retry {
                reason: "oauth http 503".into(),
                after: Some(Duration::from_secs(1)),
            },
        ),
        (
            GrantFault::Refused,
            Outcome::Failed {
                reason: "oauth invalid_grant".into(),
            },
        ),
        (
            GrantFault::Reset,
            Outcome::Retry {
                reason: "oauth connect".into(),
                after: None,
            },
        ),
        (
            GrantFault::Garbage,
            Outcome::Retry {
                reason: "oauth bad answer".into(),
                after: None,
            },
        ),
    ];
    for (fault, want) in cases {
        fake.fail_grants(1, fault.clone());
        assert_eq!(fcm.send(&note(), To::Token("a")).await, want, "{fault:?}");
    }
    assert_eq!(fake.sends(), 0);
    assert!(matches!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!((fake.grant_requests(), fake.grants()), (6, 1));
}

#[tokio::test]
async fn the_fake_checks_the_assertion() {
    let fake = FakeFcm::start().await;
    // Another account's email in the file: the assertion's `iss` does not match.
    let path = fake.credentials_file().to_path_buf();
    let mut account: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    account["client_email"] = json!("intruder@elsewhere.iam.gserviceaccount.com");
    let other = path.with_file_name("other.json");
    std::fs::write(&other, account.to_string()).unwrap();
    let cfg = PushFcmConfig {
        credentials_file: other.display().to_string(),
        endpoint: fake.url(),
    };
    let fcm = Fcm::new(&cfg, client()).unwrap();
    assert_eq!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Failed {
            reason: "oauth invalid_grant".into()
        }
    );
    // A project the account does not own.
    account["client_email"] = json!(fake.state.client_email);
    account["project_id"] = json!("someone-else");
    std::fs::write(&other, account.to_string()).unwrap();
    let fcm = Fcm::new(&cfg, client()).unwrap();
    assert_eq!(
        fcm.send(&note(), To::Token("a")).await,
        Outcome::Failed {
            reason: "PERMISSION_DENIED".into()
        }
    );
    assert_eq!(
        (fake.grant_requests(), fake.grants(), fake.accepted()),
        (2, 1, 0)
    );
}

#[tokio::test]
async fn h2c_with_prior_knowledge_works_too() {
    let fake = FakeFcm::start().await;
    let fcm = Fcm::new(
        &fake.config(),
        http_client(None, Duration::from_secs(5), true).unwrap(),
    )
    .unwrap();
    for i in 0..5 {
        assert!(matches!(
            fcm.send(&note(), To::Token(&format!("d{i}"))).await,
            Outcome::Sent { .. }
        ));
    }
    assert_eq!((fake.grants(), fake.accepted()), (1, 5));
}

#[tokio::test]
async fn bad_credentials_files_name_the_field() {
    let fake = FakeFcm::start().await;
    let account: Value =
        serde_json::from_slice(&std::fs::read(fake.credentials_file()).unwrap()).unwrap();
    let dir = fake_dir("fcm-creds");
    let check = |name: &str, text: String, want: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let cfg = PushFcmConfig {
            credentials_file: path.display().to_string(),
            endpoint: fake.url(),
        };
        let e = Fcm::new(&cfg, client()).unwrap_err();
        assert!(
            e.starts_with("push_notifications.fcm.credentials_file: "),
            "{e}"
        );
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(e.contains(want), "{name}: {e}");
        assert!(!e.contains("MII"), "key material in {e}");
    };
    for field in ["client_email", "project_id", "private_key", "type"] {
        let mut a = account.clone();
        a.as_object_mut().unwrap().remove(field);
        check(field, a.to_string(), &format!("missing \"{field}\""));
    }
    let mut a = account.clone();
    a["private_key"] = json!(include_str!("../../fixtures/ec_private.pem"));
    check(
        "ec.json",
        a.to_string(),
        "\"private_key\" is not an RSA private key",
    );
    let mut a = account.clone();
    a["private_key"] = json!("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ");
    check("nopem.json", a.to_string(), "\"private_key\"");
    check(
        "bad.json",
        "{\"type\": \"service_account\",".into(),
        "not JSON",
    );
    let cfg = PushFcmConfig {
        credentials_file: dir.join("absent.json").display().to_string(),
        endpoint: fake.url(),
    };
    assert!(Fcm::new(&cfg, client())
        .unwrap_err()
        .contains("absent.json"));
    let cfg = PushFcmConfig {
        credentials_file: String::new(),
        endpoint: fake.url(),
    };
    assert!(Fcm::new(&cfg, client()).unwrap_err().contains("not set"));
    let cfg = PushFcmConfig {
        endpoint: "fcm.googleapis.com".into(),
        ..fake.config()
    };
    assert!(Fcm::new(&cfg, client())
        .unwrap_err()
        .starts_with("push_notifications.fcm.endpoint"));
    let _ = std::fs::remove_dir_all(&dir);
}

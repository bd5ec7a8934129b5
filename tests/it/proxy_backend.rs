//! A real application backend for the proxy tests: one [`Backend`] serves Centrifugo's proxy
//! contract on two free loopback ports at once, over HTTP (`POST /connect`, `/refresh`,
//! `/subscribe`, `/publish`, `/sub_refresh`, `/rpc`, JSON bodies, hyper) and over GRPC (the
//! `centrifugal.centrifugo.proxy.CentrifugoProxy` service of `proxy.proto` on a
//! `tonic::transport::Server`, written by hand: a tower service that routes the six methods to
//! `tonic::server::Grpc::unary` with the prost codec and centri's `wire` messages).
//!
//! It owns what a test scripts and reads back:
//! - the reply of each kind ([`Backend::set`], a [`Reply`]: a proxy response as JSON, a
//!   function of the request, an HTTP status (a GRPC status over GRPC), a body that is not a
//!   proxy response, or any of these after a delay); by default a success (`connect` answers
//!   the request's `data.user`, or `"proxied"`);
//! - every call it got ([`Backend::calls`], [`Backend::calls_of`], [`Backend::wait_calls`],
//!   bounded in time): its kind, protocol, request as JSON (a GRPC request is decoded into the
//!   `wire` message and serialized with serde), raw body, and headers or metadata.
//!
//! Both servers stop when the backend is dropped or [`Backend::stop`]ped: delayed replies end
//! at once, connections are closed. [`refused`] gives endpoints where nothing listens.

use std::collections::HashMap;
use std::convert::Infallible;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use centri::server::proxy::wire;

/// The six kinds, as their HTTP paths and `Kind::name` spell them.
pub const KINDS: [&str; 9] = [
    "connect",
    "refresh",
    "subscribe",
    "publish",
    "sub_refresh",
    "rpc",
    "shared_poll_refresh",
    // the shared poll tests' controls of their scripted backend (tests/it/poll.rs)
    "poll_set",
    "poll_calls",
];

/// The GRPC service, as `proxy.proto` names it.
pub const SERVICE: &str = "centrifugal.centrifugo.proxy.CentrifugoProxy";

/// How long [`Backend::wait_calls`] waits.
pub const WAIT: Duration = Duration::from_secs(10);

/// The largest request body the HTTP backend reads.
const MAX_BODY: usize = 4 << 20;
/// Connections one server keeps at most; more are closed as they come.
const MAX_CONNECTIONS: usize = 1024;
/// How deep [`Reply::Delay`]s may nest.
const MAX_NESTING: usize = 16;
/// A GRPC message no decoder accepts: field 1 with wire type 7, which does not exist.
const GARBAGE_PROTOBUF: &[u8] = &[0x0f, 0x01, 0x02, 0x03];
/// An HTTP body that is not a proxy response.
const GARBAGE_HTTP: &str = "<html><body>502 Bad Gateway (not a proxy response)</body></html>";

/// Which side of the backend a call came in on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Http,
    Grpc,
}

impl Protocol {
    /// Both, for tests that run the same checks over each.
    pub const BOTH: [Protocol; 2] = [Protocol::Http, Protocol::Grpc];

    pub fn name(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Grpc => "grpc",
        }
    }
}

/// What the backend answers a call with.
#[derive(Clone)]
pub enum Reply {
    /// A proxy response (`{"result":{..}}`, `{"error":{..}}`, `{"disconnect":{..}}`): the body
    /// over HTTP; over GRPC read into the kind's `wire` response and sent as protobuf.
    Json(Value),
    /// The response as a function of the request (its JSON).
    With(Arc<dyn Fn(&Value) -> Value + Send + Sync>),
    /// An HTTP status with an empty body; over GRPC, the GRPC status the gRPC spec maps it to
    /// (400 `Internal`, 401 `Unauthenticated`, 403 `PermissionDenied`, 404 `Unimplemented`,
    /// 429/502/503/504 `Unavailable`, any other `Unknown`).
    Status(u16),
    /// 200 with an HTML body; over GRPC, a message that cannot be decoded.
    Garbage,
    /// The reply, after this long (cut short when the backend stops).
    Delay(Duration, Box<Reply>),
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reply::Json(v) => write!(f, "Json({v})"),
            Reply::With(_) => write!(f, "With(fn)"),
            Reply::Status(s) => write!(f, "Status({s})"),
            Reply::Garbage => write!(f, "Garbage"),
            Reply::Delay(d, r) => write!(f, "Delay({d:?}, {r:?})"),
        }
    }
}

impl Reply {
    /// [`Reply::With`] from a closure.
    pub fn with(f: impl Fn(&Value) -> Value + Send + Sync + 'static) -> Self {
        Reply::With(Arc::new(f))
    }

    /// `{"result": result}`.
    pub fn result(result: Value) -> Self {
        let mut v = json!({});
        v["result"] = result;
        Reply::Json(v)
    }

    /// `{"error":{"code":code,"message":message}}`.
    pub fn error(code: u32, message: &str) -> Self {
        Reply::Json(json!({"error": {"code": code, "message": message}}))
    }

    /// `{"disconnect":{"code":code,"reason":reason}}`.
    pub fn disconnect(code: u32, reason: &str) -> Self {
        Reply::Json(json!({"disconnect": {"code": code, "reason": reason}}))
    }

    /// `then`, after `d`.
    pub fn delay(d: Duration, then: Reply) -> Self {
        Reply::Delay(d, Box::new(then))
    }
}

/// The default reply of `kind` to `request`: `connect` gives the user of the request's data
/// (`data.user`, or the JSON inside `b64data`), else `"proxied"`; the others `{"result":{}}`.
pub fn default_reply(kind: &str, request: &Value) -> Value {
    if kind != "connect" {
        return json!({"result": {}});
    }
    let from_b64 = request["b64data"]
        .as_str()
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
    let user = request["data"]["user"]
        .as_str()
        .map(str::to_string)
        .or_else(|| from_b64.and_then(|d| d["user"].as_str().map(str::to_string)))
        .unwrap_or_else(|| "proxied".to_string());
    json!({"result": {"user": user}})
}

/// One call the backend got.
#[derive(Debug, Clone)]
pub struct Call {
    /// One of [`KINDS`].
    pub kind: String,
    pub protocol: Protocol,
    /// The request as JSON: the HTTP body (`Null` when it is not JSON), or the decoded GRPC
    /// message serialized with serde (`Null` when its data is not JSON: see `body`).
    pub request: Value,
    /// The bytes as received: the HTTP body, or the protobuf of the GRPC message.
    pub body: Vec<u8>,
    /// The HTTP headers or GRPC metadata, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
}

impl Call {
    /// The first value of header (or metadata key) `name`, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// What both servers share.
struct State {
    replies: Mutex<HashMap<&'static str, Reply>>,
    calls: Mutex<Vec<Call>>,
    /// Bumped on every call, so waiters wake.
    seen: tokio::sync::watch::Sender<usize>,
    stop: CancellationToken,
}

/// What a reply came to once its delays are over.
enum Resolved {
    Json(Value),
    Status(u16),
    Garbage,
    /// The backend stopped during a delay.
    Stopped,
}

impl State {
    fn record(&self, call: Call) {
        self.calls.lock().unwrap().push(call);
        self.seen.send_modify(|n| *n += 1);
    }

    /// The reply to `request` of `kind`, after its delays.
    async fn resolve(&self, kind: &'static str, request: &Value) -> Resolved {
        let mut reply = self.replies.lock().unwrap().get(kind).cloned();
        for _ in 0..MAX_NESTING {
            match reply {
                None => return Resolved::Json(default_reply(kind, request)),
                Some(Reply::Json(v)) => return Resolved::Json(v),
                Some(Reply::With(f)) => return Resolved::Json(f(request)),
                Some(Reply::Status(s)) => return Resolved::Status(s),
                Some(Reply::Garbage) => return Resolved::Garbage,
                Some(Reply::Delay(d, then)) => {
                    tokio::select! {
                        () = tokio::time::sleep(d) => reply = Some(*then),
                        () = self.stop.cancelled() => return Resolved::Stopped,
                    }
                }
            }
        }
        panic!("test backend: replies nest more than {MAX_NESTING} delays deep");
    }
}

/// The kind named `name`, as a `'static` key.
fn kind_of(name: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| **k == name)
        .copied()
        .unwrap_or_else(|| panic!("no proxy kind {name:?}: one of {KINDS:?}"))
}

/// The two servers and what they share.
pub struct Backend {
    http_addr: SocketAddr,
    grpc_addr: SocketAddr,
    state: Arc<State>,
    http_task: Option<tokio::task::JoinHandle<()>>,
    grpc_task: Option<tokio::task::JoinHandle<()>>,
}

impl Backend {
    /// Starts both servers on free 127.0.0.1 ports, each kind answering its default.
    pub async fn start() -> Backend {
        let state = Arc::new(State {
            replies: Mutex::new(HashMap::new()),
            calls: Mutex::new(Vec::new()),
            seen: tokio::sync::watch::channel(0).0,
            stop: CancellationToken::new(),
        });
        let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let http_addr = http.local_addr().unwrap();
        let grpc_addr = grpc.local_addr().unwrap();
        let http_task = tokio::spawn(serve_http(http, state.clone()));
        let svc = GrpcService {
            state: state.clone(),
        };
        let stop = state.stop.clone();
        let grpc_task = tokio::spawn(async move {
            let incoming =
                tonic::transport::server::TcpIncoming::from(grpc).with_nodelay(Some(true));
            let _ = tonic::transport::Server::builder()
                .concurrency_limit_per_connection(MAX_CONNECTIONS)
                .add_service(svc)
                .serve_with_incoming_shutdown(incoming, stop.cancelled_owned())
                .await;
        });
        Backend {
            http_addr,
            grpc_addr,
            state,
            http_task: Some(http_task),
            grpc_task: Some(grpc_task),
        }
    }

    /// The HTTP endpoint of `kind`: `http://127.0.0.1:P/<kind>`.
    pub fn http(&self, kind: &str) -> String {
        format!("http://{}/{}", self.http_addr, kind_of(kind))
    }

    /// The GRPC endpoint (every kind): `grpc://127.0.0.1:P`.
    pub fn grpc(&self) -> String {
        format!("grpc://{}", self.grpc_addr)
    }

    /// The endpoint of `kind` over `protocol`.
    pub fn endpoint(&self, protocol: Protocol, kind: &str) -> String {
        match protocol {
            Protocol::Http => self.http(kind),
            Protocol::Grpc => {
                kind_of(kind);
                self.grpc()
            }
        }
    }

    /// A proxy's config object for a server config (`client.proxy.connect`, an entry of
    /// `proxies`, ...): the endpoint of `kind` over `protocol`, a 1s timeout, then `extra`'s
    /// fields.
    pub fn proxy_json(&self, protocol: Protocol, kind: &str, extra: &Value) -> Value {
        let mut v = json!({"endpoint": self.endpoint(protocol, kind), "timeout": "1s"});
        for (k, x) in extra.as_object().into_iter().flatten() {
            v[k] = x.clone();
        }
        v
    }

    /// From now on `kind` answers `reply` (over both protocols).
    pub fn set(&self, kind: &str, reply: Reply) {
        self.state
            .replies
            .lock()
            .unwrap()
            .insert(kind_of(kind), reply);
    }

    /// Every kind answers `reply`.
    pub fn set_all(&self, reply: &Reply) {
        for k in KINDS {
            self.set(k, reply.clone());
        }
    }

    /// Back to the default replies, with no calls recorded.
    pub fn reset(&self) {
        self.state.replies.lock().unwrap().clear();
        self.clear_calls();
    }

    /// Forgets the calls recorded so far.
    pub fn clear_calls(&self) {
        self.state.calls.lock().unwrap().clear();
    }

    /// Every call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.calls.lock().unwrap().clone()
    }

    /// The calls of `kind` so far.
    pub fn calls_of(&self, kind: &str) -> Vec<Call> {
        let kind = kind_of(kind);
        self.state
            .calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.kind == kind)
            .cloned()
            .collect()
    }

    /// The only call so far (panics, listing them, unless there is exactly one).
    pub fn only_call(&self) -> Call {
        let calls = self.calls();
        assert_eq!(calls.len(), 1, "expected one call, got {calls:#?}");
        calls.into_iter().next().unwrap()
    }

    /// Waits until `n` calls of `kind` came in, at most [`WAIT`]; the calls of that kind.
    /// Panics, listing what came, when they do not.
    pub async fn wait_calls(&self, kind: &str, n: usize) -> Vec<Call> {
        self.wait_calls_for(kind, n, WAIT).await
    }

    /// [`Backend::wait_calls`] with its own bound.
    pub async fn wait_calls_for(&self, kind: &str, n: usize, within: Duration) -> Vec<Call> {
        let kind = kind_of(kind);
        let mut seen = self.state.seen.subscribe();
        let enough =
            tokio::time::timeout(within, seen.wait_for(|_| self.calls_of(kind).len() >= n)).await;
        assert!(
            matches!(enough, Ok(Ok(_))),
            "{n} {kind} calls did not come within {within:?}; calls: {:#?}",
            self.calls()
        );
        self.calls_of(kind)
    }

    /// Stops both servers and waits (bounded) for them to end.
    pub async fn stop(mut self) {
        self.state.stop.cancel();
        for task in [self.http_task.take(), self.grpc_task.take()]
            .into_iter()
            .flatten()
        {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.state.stop.cancel();
        for task in [self.http_task.take(), self.grpc_task.take()]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
    }
}

/// Endpoints where nothing listens: a socket bound to a loopback port but never listening,
/// so connections are refused and no other test can take the port while this lives.
pub struct Refused {
    _socket: tokio::net::TcpSocket,
    addr: SocketAddr,
}

/// A [`Refused`] on a fresh port.
pub fn refused() -> Refused {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    Refused {
        _socket: socket,
        addr,
    }
}

impl Refused {
    pub fn http(&self, kind: &str) -> String {
        format!("http://{}/{}", self.addr, kind_of(kind))
    }

    pub fn grpc(&self) -> String {
        format!("grpc://{}", self.addr)
    }

    pub fn endpoint(&self, protocol: Protocol, kind: &str) -> String {
        match protocol {
            Protocol::Http => self.http(kind),
            Protocol::Grpc => self.grpc(),
        }
    }
}

/// The HTTP side: accepts until the backend stops, a task per connection (HTTP/1.1 with
/// keep-alive, or HTTP/2), all of them ended when this ends or is aborted.
async fn serve_http(listener: tokio::net::TcpListener, state: Arc<State>) {
    let mut conns = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            () = state.stop.cancelled() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                if conns.len() >= MAX_CONNECTIONS {
                    continue;
                }
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                conns.spawn(async move {
                    let svc = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(answer_http(&state, req).await) }
                    });
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

fn http_response(status: u16, content_type: &str, body: Vec<u8>) -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(status)
        .header(hyper::header::CONTENT_TYPE, content_type)
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}

async fn answer_http(state: &State, req: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let path = req.uri().path().trim_start_matches('/').to_string();
    let Some(kind) = KINDS.iter().find(|k| **k == path).copied() else {
        return http_response(404, "text/plain", b"no such proxy path".to_vec());
    };
    if req.method() != hyper::Method::POST {
        return http_response(405, "text/plain", b"POST only".to_vec());
    }
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let Ok(body) = Limited::new(req.into_body(), MAX_BODY).collect().await else {
        return http_response(400, "text/plain", b"unreadable body".to_vec());
    };
    let body = body.to_bytes().to_vec();
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    state.record(Call {
        kind: kind.to_string(),
        protocol: Protocol::Http,
        request: request.clone(),
        body,
        headers,
    });
    match state.resolve(kind, &request).await {
        Resolved::Json(v) => http_response(200, "application/json", v.to_string().into_bytes()),
        Resolved::Status(s) => http_response(s, "text/plain", Vec::new()),
        Resolved::Garbage => http_response(200, "text/html", GARBAGE_HTTP.as_bytes().to_vec()),
        Resolved::Stopped => http_response(503, "text/plain", b"stopped".to_vec()),
    }
}

/// Bytes sent as they are: the GRPC side's responses, so that a reply can be a proxy
/// response or bytes that are no message at all.
#[derive(Debug, Default)]
struct Raw(Vec<u8>);

impl prost::Message for Raw {
    fn encode_raw(&self, buf: &mut impl prost::bytes::BufMut) {
        buf.put_slice(&self.0);
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: prost::encoding::WireType,
        buf: &mut impl prost::bytes::Buf,
        ctx: prost::encoding::DecodeContext,
    ) -> Result<(), prost::DecodeError> {
        prost::encoding::skip_field(wire_type, tag, buf, ctx)
    }

    fn encoded_len(&self) -> usize {
        self.0.len()
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// The GRPC status the gRPC spec maps an HTTP status to.
fn grpc_code(status: u16) -> tonic::Code {
    match status {
        400 => tonic::Code::Internal,
        401 => tonic::Code::Unauthenticated,
        403 => tonic::Code::PermissionDenied,
        404 => tonic::Code::Unimplemented,
        429 | 502..=504 => tonic::Code::Unavailable,
        _ => tonic::Code::Unknown,
    }
}

/// One method of the service: a request of `Req`, a reply read into `Resp`.
struct Unary<Req, Resp> {
    state: Arc<State>,
    kind: &'static str,
    _types: PhantomData<fn() -> (Req, Resp)>,
}

impl<Req, Resp> tonic::server::UnaryService<Req> for Unary<Req, Resp>
where
    Req: prost::Message + serde::Serialize + Send + 'static,
    Resp: prost::Message + serde::de::DeserializeOwned + 'static,
{
    type Response = Raw;
    type Future = BoxFuture<'static, Result<tonic::Response<Raw>, tonic::Status>>;

    fn call(&mut self, request: tonic::Request<Req>) -> Self::Future {
        let state = self.state.clone();
        let kind = self.kind;
        Box::pin(async move {
            let headers = request
                .metadata()
                .clone()
                .into_headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let req = request.into_inner();
            let json = serde_json::to_value(&req).unwrap_or(Value::Null);
            state.record(Call {
                kind: kind.to_string(),
                protocol: Protocol::Grpc,
                request: json.clone(),
                body: req.encode_to_vec(),
                headers,
            });
            match state.resolve(kind, &json).await {
                Resolved::Json(v) => match serde_json::from_value::<Resp>(v.clone()) {
                    Ok(resp) => Ok(tonic::Response::new(Raw(resp.encode_to_vec()))),
                    Err(e) => Err(tonic::Status::internal(format!(
                        "test backend: the reply {v} is not a {kind} response: {e}"
                    ))),
                },
                Resolved::Status(s) => Err(tonic::Status::new(
                    grpc_code(s),
                    format!("test backend: HTTP status {s}"),
                )),
                Resolved::Garbage => Ok(tonic::Response::new(Raw(GARBAGE_PROTOBUF.to_vec()))),
                Resolved::Stopped => Err(tonic::Status::unavailable("test backend stopped")),
            }
        })
    }
}

/// The `CentrifugoProxy` service: routes each method to its [`Unary`].
#[derive(Clone)]
struct GrpcService {
    state: Arc<State>,
}

impl tonic::server::NamedService for GrpcService {
    const NAME: &'static str = SERVICE;
}

async fn unary<Req, Resp>(
    state: Arc<State>,
    kind: &'static str,
    req: http::Request<tonic::body::Body>,
) -> http::Response<tonic::body::Body>
where
    Req: prost::Message + serde::Serialize + Default + Send + 'static,
    Resp: prost::Message + serde::de::DeserializeOwned + 'static,
{
    let method = Unary::<Req, Resp> {
        state,
        kind,
        _types: PhantomData,
    };
    let mut grpc = tonic::server::Grpc::new(tonic_prost::ProstCodec::<Raw, Req>::default());
    grpc.unary(method, req).await
}

impl tower_service::Service<http::Request<tonic::body::Body>> for GrpcService {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<tonic::body::Body>) -> Self::Future {
        let state = self.state.clone();
        let method = req
            .uri()
            .path()
            .strip_prefix(&format!("/{SERVICE}/"))
            .unwrap_or("")
            .to_string();
        Box::pin(async move {
            Ok(match method.as_str() {
                "Connect" => {
                    unary::<wire::ConnectRequest, wire::ConnectResponse>(state, "connect", req)
                        .await
                }
                "Refresh" => {
                    unary::<wire::RefreshRequest, wire::RefreshResponse>(state, "refresh", req)
                        .await
                }
                "Subscribe" => {
                    unary::<wire::SubscribeRequest, wire::SubscribeResponse>(
                        state,
                        "subscribe",
                        req,
                    )
                    .await
                }
                "Publish" => {
                    unary::<wire::PublishRequest, wire::PublishResponse>(state, "publish", req)
                        .await
                }
                "SubRefresh" => {
                    unary::<wire::SubRefreshRequest, wire::SubRefreshResponse>(
                        state,
                        "sub_refresh",
                        req,
                    )
                    .await
                }
                "RPC" => unary::<wire::RpcRequest, wire::RpcResponse>(state, "rpc", req).await,
                other => tonic::Status::unimplemented(format!("no method {other:?}")).into_http(),
            })
        })
    }
}

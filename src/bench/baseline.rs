//! The floor: a minimal WebSocket broadcaster that `centri bench` drives exactly like the
//! server under test, so that every figure can be given as a ratio to it.
//!
//! It uses the server's own stack (hyper for the HTTP/1.1 API, the server's frame writer:
//! one vectored write per wake; the WebSocket handshake is answered by hand, as perf-probe's raw server does, so
//! that no HTTP connection state outlives it) and does only what the bench's workload needs:
//! - `GET /connection/websocket`: each text frame holds newline-separated protocol v2 JSON
//!   commands. `connect` is answered (its HS256 token is checked when the floor has a
//!   secret; a bad token closes with 3500), `subscribe` registers the connection in the
//!   channel and is answered, `{}` pongs are ignored, other commands get error 107.
//! - `POST /api/publish` `{"channel","data"}`, `POST /api/broadcast` `{"channels","data"}`
//!   and `POST /api/batch` `{"commands":[{"publish":{..}}|{"broadcast":{..}}]}`: each
//!   publication is serialized once per channel as `{"push":{"channel":C,"pub":{"data":D}}}`
//!   and queued to every subscriber. There is no API key, no history, no presence.
//!
//! Per connection: one task, a queue of encoded pushes (a mutex-guarded deque that holds no
//! allocation while empty, and a `Notify`), and no read buffer while idle (reads go through a short stack buffer when the socket is readable). The writer sends
//! everything that is queued at once as one newline-joined frame (at most 64 KiB), as the
//! server does: batching costs no latency when idle.
//!
//! [`Floor::start`] runs it on a thread of its own with a single-threaded runtime, so its CPU
//! seconds can be read from `/proc/self/task/TID/stat` even though it shares the bench's
//! process; `centri bench floor` serves it standalone (see [`serve`]) for a pinned process.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::proto::wsframe::FrameWriter;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::value::RawValue;
use tokio::io::AsyncWrite;
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::sys;

/// The largest client message the floor accepts (connect commands carry a token).
const MAX_MESSAGE: usize = 64 * 1024;

/// One connection's queue of encoded pushes. Empty, it holds no allocation; pushing never
/// blocks the publisher, and the writer takes everything queued at once.
#[derive(Debug, Default)]
struct Outbox {
    queue: Mutex<std::collections::VecDeque<Bytes>>,
    notify: Notify,
}

impl Outbox {
    fn push(&self, m: Bytes) {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push_back(m);
        self.notify.notify_one();
    }

    fn push_all(&self, ms: &[Bytes]) {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(ms.iter().cloned());
        self.notify.notify_one();
    }

    fn take(&self) -> std::collections::VecDeque<Bytes> {
        std::mem::take(
            &mut *self
                .queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

type Subscribers = Vec<(u64, Arc<Outbox>)>;

/// `{"push":{"channel":C,"pub":{"data":D}}}`.
fn encode_push(channel: &str, data: &RawValue) -> Bytes {
    let name = serde_json::to_string(channel).unwrap_or_else(|_| "\"\"".into());
    Bytes::from(format!(
        "{{\"push\":{{\"channel\":{name},\"pub\":{{\"data\":{}}}}}}}",
        data.get()
    ))
}

/// Channels and their subscribers' queues.
#[derive(Debug, Default)]
struct Hub {
    channels: Mutex<HashMap<String, Subscribers>>,
    next_id: AtomicU64,
    secret: Option<String>,
}

impl Hub {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Subscribers>> {
        self.channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Serializes the push once and queues it to every subscriber of `channel`.
    fn publish(&self, channel: &str, data: &RawValue) {
        let push = encode_push(channel, data);
        if let Some(subs) = self.lock().get(channel) {
            for (_, out) in subs {
                out.push(push.clone());
            }
        }
    }

    /// Several publications (a batch request): each serialized once, and every subscriber's
    /// share queued under one lock with one wake-up.
    fn publish_many<'a>(&self, pubs: impl Iterator<Item = (&'a str, &'a RawValue)>) {
        let mut by_channel: Vec<(&str, Vec<Bytes>)> = Vec::new();
        for (channel, data) in pubs {
            let push = encode_push(channel, data);
            match by_channel.iter_mut().find(|(c, _)| *c == channel) {
                Some((_, v)) => v.push(push),
                None => by_channel.push((channel, vec![push])),
            }
        }
        let map = self.lock();
        for (channel, pushes) in &by_channel {
            if let Some(subs) = map.get(*channel) {
                for (_, out) in subs {
                    out.push_all(pushes);
                }
            }
        }
    }

    fn subscribe(&self, channel: &str, id: u64, tx: &Arc<Outbox>) {
        self.lock()
            .entry(channel.to_string())
            .or_default()
            .push((id, tx.clone()));
    }

    fn leave(&self, id: u64, channels: &[String]) {
        let mut map = self.lock();
        for ch in channels {
            if let Some(subs) = map.get_mut(ch) {
                subs.retain(|(i, _)| *i != id);
                if subs.is_empty() {
                    map.remove(ch);
                }
            }
        }
    }
}

/// Serves the floor on `listener` until `shutdown` completes; open connections are dropped
/// with the runtime. HTTP/1.1 only (hyper's http1 connection), so an upgraded connection
/// gives its TCP socket back.
pub async fn serve(
    listener: tokio::net::TcpListener,
    secret: Option<String>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let hub = Arc::new(Hub {
        secret,
        ..Hub::default()
    });
    let accept = async {
        loop {
            let tcp = match listener.accept().await {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // Out of descriptors, most likely: back off instead of spinning.
                    tracing::debug!("floor accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            };
            let _ = tcp.set_nodelay(true);
            let hub = hub.clone();
            tokio::spawn(async move {
                let mut tcp = tcp;
                // WebSocket handshakes are answered by hand, so that no HTTP connection state
                // outlives them; everything else goes to hyper.
                if is_websocket_get(&tcp).await {
                    if let Some(early) = handshake(&mut tcp).await {
                        connection(hub, tcp, early).await;
                    }
                    return;
                }
                let service = hyper::service::service_fn(move |req| route(hub.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .with_upgrades()
                    .await;
            });
        }
    };
    tokio::select! {
        () = accept => Ok(()),
        () = shutdown => Ok(()),
    }
}

/// The request line of a WebSocket handshake.
const WS_GET: &[u8] = b"GET /connection/websocket";

/// Whether the connection starts with `GET /connection/websocket` (peeked, not consumed).
async fn is_websocket_get(tcp: &TcpStream) -> bool {
    let mut head = [0u8; WS_GET.len()];
    for _ in 0..8 {
        match tcp.peek(&mut head).await {
            Ok(n) if n == head.len() => return head == WS_GET,
            Ok(n) if n > 0 && WS_GET.starts_with(&head[..n]) => {
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            _ => return false,
        }
    }
    false
}

/// The value of header `name` (case-insensitive) in a request head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Reads the request head (a heap buffer, dropped before the connection runs, so it is not
/// part of the task) and answers 101; the bytes after the head. `None` when the request is
/// not a valid upgrade (answered 400) or the client went away.
async fn handshake(tcp: &mut TcpStream) -> Option<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() >= 8192 || tcp.read_buf(&mut buf).await.ok()? == 0 {
            return None;
        }
    };
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let upgrade = header(head, "upgrade").is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(key) = header(head, "sec-websocket-key").filter(|_| upgrade) else {
        let _ = tcp
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await;
        return None;
    };
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    let resp = format!(
        "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\nsec-websocket-accept: {accept}\r\n\r\n"
    );
    tcp.write_all(resp.as_bytes()).await.ok()?;
    Some(buf[end..].to_vec())
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, body: impl Into<Bytes>) -> Reply {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    if status == StatusCode::OK {
        r.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
    }
    r
}

async fn route(hub: Arc<Hub>, req: Request<Incoming>) -> Result<Reply, std::convert::Infallible> {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if method == Method::GET && path == "/connection/websocket" {
        return Ok(upgrade(hub, req));
    }
    if method != Method::POST {
        return Ok(reply(StatusCode::NOT_FOUND, "not found\n"));
    }
    let handler: fn(&Hub, &[u8]) -> Reply = match path.as_str() {
        "/api/publish" => api_publish,
        "/api/broadcast" => api_broadcast,
        "/api/batch" => api_batch,
        _ => return Ok(reply(StatusCode::NOT_FOUND, "not found\n")),
    };
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(reply(StatusCode::BAD_REQUEST, "cannot read the body\n")),
    };
    Ok(handler(&hub, &body))
}

/// The floor on its own thread in this process.
#[derive(Debug)]
pub struct Floor {
    pub addr: SocketAddr,
    tid: u32,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Floor {
    /// Starts the floor on a free loopback port, on a new thread with a single-threaded
    /// runtime. `secret` checks connection tokens (HS256); `None` accepts any.
    pub fn start(secret: Option<String>) -> std::io::Result<Self> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("centri-floor".into())
            .spawn(move || {
                let _ = tid_tx.send(sys::current_tid());
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        tracing::error!("floor runtime: {e}");
                        return;
                    }
                };
                let r = rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(std_listener)?;
                    serve(listener, secret, async move {
                        let _ = stop_rx.await;
                    })
                    .await
                });
                if let Err(e) = r {
                    tracing::error!("floor: {e}");
                }
                // Dropping the runtime here ends every connection task.
            })?;
        let tid = tid_rx
            .recv()
            .map_err(|_| std::io::Error::other("the floor thread did not start"))?;
        Ok(Self {
            addr,
            tid,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// CPU seconds the floor's thread has used.
    pub fn cpu_s(&self) -> f64 {
        sys::thread_cpu(self.tid).unwrap_or(0.0)
    }

    /// Stops the floor and waits for its thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Floor {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn upgrade(hub: Arc<Hub>, mut req: Request<Incoming>) -> Reply {
    if !fastwebsockets::upgrade::is_upgrade_request(&req) {
        return reply(StatusCode::BAD_REQUEST, "expected a WebSocket upgrade\n");
    }
    let (resp, fut) = match fastwebsockets::upgrade::upgrade(&mut req) {
        Ok(v) => v,
        Err(e) => return reply(StatusCode::BAD_REQUEST, format!("{e}\n")),
    };
    tokio::spawn(async move {
        let Ok(ws) = fut.await else { return };
        let upgraded = ws.into_inner().into_inner();
        // An http1 connection over plain TCP: the downcast gives the socket back, so reads
        // can wait for readiness without holding a buffer.
        if let Ok(parts) = upgraded.downcast::<TokioIo<TcpStream>>() {
            let tcp = parts.io.into_inner();
            connection(hub, tcp, parts.read_buf.to_vec()).await;
        }
    });
    resp.map(|_| Full::new(Bytes::new()))
}

/// A client frame, unmasked.
#[derive(Debug, PartialEq, Eq)]
struct ClientFrame {
    fin: bool,
    opcode: u8,
    payload: Vec<u8>,
}

/// Parses one masked client frame from the front of `buf`: the frame and the bytes it used,
/// `Ok(None)` when more bytes are needed, `Err` on a protocol violation.
fn parse_frame(buf: &[u8]) -> Result<Option<(ClientFrame, usize)>, &'static str> {
    if buf.len() < 2 {
        return Ok(None);
    }
    let fin = buf[0] & 0x80 != 0;
    let opcode = buf[0] & 0x0f;
    if buf[1] & 0x80 == 0 {
        return Err("unmasked client frame");
    }
    let (len, mut at) = match buf[1] & 0x7f {
        126 => {
            if buf.len() < 4 {
                return Ok(None);
            }
            (usize::from(u16::from_be_bytes([buf[2], buf[3]])), 4)
        }
        127 => {
            if buf.len() < 10 {
                return Ok(None);
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&buf[2..10]);
            (
                usize::try_from(u64::from_be_bytes(b)).unwrap_or(usize::MAX),
                10,
            )
        }
        n => (usize::from(n), 2),
    };
    if len > MAX_MESSAGE {
        return Err("frame too big");
    }
    if buf.len() < at + 4 + len {
        return Ok(None);
    }
    let mask = [buf[at], buf[at + 1], buf[at + 2], buf[at + 3]];
    at += 4;
    let payload = buf[at..at + len]
        .iter()
        .enumerate()
        .map(|(i, b)| b ^ mask[i % 4])
        .collect();
    Ok(Some((
        ClientFrame {
            fin,
            opcode,
            payload,
        },
        at + len,
    )))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Cmd {
    id: u32,
    connect: Option<ConnectIn>,
    subscribe: Option<SubscribeIn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConnectIn {
    token: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SubscribeIn {
    channel: String,
}

/// What one connection's commands asked for.
#[derive(Debug, Default)]
struct Conn {
    id: u64,
    connected: bool,
    channels: Vec<String>,
    /// Replies to send, newline-joined into one frame.
    replies: Vec<u8>,
    /// Close with this code and reason.
    close: Option<(u16, &'static str)>,
    /// A fragmented message being put together.
    partial: Vec<u8>,
}

impl Conn {
    fn reply(&mut self, line: &str) {
        if !self.replies.is_empty() {
            self.replies.push(b'\n');
        }
        self.replies.extend_from_slice(line.as_bytes());
    }

    /// One text message: newline-separated commands.
    fn message(&mut self, hub: &Hub, tx: &Arc<Outbox>, text: &[u8]) {
        for line in text.split(|b| *b == b'\n') {
            let line = line.trim_ascii();
            if line.is_empty() || line == b"{}" {
                continue;
            }
            let Ok(cmd) = serde_json::from_slice::<Cmd>(line) else {
                self.close = Some((3501, "bad request"));
                return;
            };
            let id = cmd.id;
            if let Some(c) = cmd.connect {
                if !token_ok(hub.secret.as_deref(), &c.token) {
                    self.close = Some((3500, "invalid token"));
                    return;
                }
                self.connected = true;
                self.reply(&format!(
                    "{{\"id\":{id},\"connect\":{{\"client\":\"floor-{}\",\"version\":\"floor\"}}}}",
                    self.id
                ));
            } else if let Some(s) = cmd.subscribe {
                if !self.connected {
                    self.close = Some((3501, "bad request"));
                    return;
                }
                if !self.channels.contains(&s.channel) {
                    hub.subscribe(&s.channel, self.id, tx);
                    self.channels.push(s.channel);
                }
                self.reply(&format!("{{\"id\":{id},\"subscribe\":{{}}}}"));
            } else if id > 0 {
                self.reply(&format!(
                    "{{\"id\":{id},\"error\":{{\"code\":107,\"message\":\"not supported by the floor\"}}}}"
                ));
            }
        }
    }

    /// Frames at the front of `buf` (drained as they are used). False when the connection
    /// should end.
    fn frames(&mut self, hub: &Hub, tx: &Arc<Outbox>, buf: &mut Vec<u8>) -> bool {
        let mut used = 0;
        let alive = loop {
            match parse_frame(&buf[used..]) {
                Ok(None) => break true,
                Err(_) => {
                    self.close = Some((3501, "bad request"));
                    break true;
                }
                Ok(Some((f, n))) => {
                    used += n;
                    match f.opcode {
                        0 | 1 => {
                            if f.fin && self.partial.is_empty() {
                                self.message(hub, tx, &f.payload);
                            } else {
                                self.partial.extend_from_slice(&f.payload);
                                if self.partial.len() > MAX_MESSAGE {
                                    self.close = Some((3501, "bad request"));
                                } else if f.fin {
                                    let whole = std::mem::take(&mut self.partial);
                                    self.message(hub, tx, &whole);
                                }
                            }
                        }
                        8 => break false,
                        _ => {}
                    }
                    if self.close.is_some() {
                        break true;
                    }
                }
            }
        };
        buf.drain(..used);
        alive
    }
}

fn token_ok(secret: Option<&str>, token: &str) -> bool {
    let Some(secret) = secret else { return true };
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.required_spec_claims = std::collections::HashSet::from(["sub".to_string()]);
    v.validate_aud = false;
    jsonwebtoken::decode::<serde_json::Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(secret.as_bytes()),
        &v,
    )
    .is_ok()
}

/// Reads what the socket has (never waiting); false at EOF or on an error.
fn read_ready(r: &OwnedReadHalf, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 2048];
    loop {
        match r.try_read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if n < chunk.len() {
                    return true;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
            Err(_) => return false,
        }
    }
}

async fn connection(hub: Arc<Hub>, tcp: TcpStream, early: Vec<u8>) {
    let (r, w) = tcp.into_split();
    let mut write = FrameWriter::new(w);
    let tx = Arc::new(Outbox::default());
    let mut conn = Conn {
        id: hub.next_id.fetch_add(1, Ordering::Relaxed),
        ..Conn::default()
    };
    let mut buf = early;
    let mut alive = conn.frames(&hub, &tx, &mut buf);
    while alive && conn.close.is_none() {
        if !conn.replies.is_empty() {
            let replies = std::mem::take(&mut conn.replies);
            if write.write_batch(&[Bytes::from(replies)]).await.is_err() {
                break;
            }
        }
        if buf.is_empty() {
            // Keep no read buffer while idle.
            buf = Vec::new();
        }
        tokio::select! {
            () = tx.notify.notified() => {
                if write_queued(&mut write, tx.take()).await.is_err() {
                    break;
                }
            }
            ready = r.readable() => {
                alive = ready.is_ok() && read_ready(&r, &mut buf) && conn.frames(&hub, &tx, &mut buf);
            }
        }
    }
    if let Some((code, reason)) = conn.close {
        let _ = write.write_close(code, reason).await;
    }
    hub.leave(conn.id, &conn.channels);
}

/// Writes the queued messages as newline-joined frames of at most 64 KiB, in one vectored
/// write (the server's writer).
async fn write_queued<W: AsyncWrite + Unpin>(
    write: &mut FrameWriter<W>,
    mut queued: std::collections::VecDeque<Bytes>,
) -> std::io::Result<()> {
    write.write_batch(queued.make_contiguous()).await
}

#[derive(Debug, Deserialize)]
struct PublishIn {
    channel: String,
    data: Box<RawValue>,
}

#[derive(Debug, Deserialize)]
struct BroadcastIn {
    channels: Vec<String>,
    data: Box<RawValue>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BatchCmd {
    publish: Option<PublishIn>,
    broadcast: Option<BroadcastIn>,
}

#[derive(Debug, Deserialize)]
struct BatchIn {
    commands: Vec<BatchCmd>,
}

fn bad_request(e: &serde_json::Error) -> Reply {
    reply(
        StatusCode::BAD_REQUEST,
        format!(
            "{{\"error\":{{\"code\":107,\"message\":\"bad request: {}\"}}}}",
            e.to_string().replace('"', "'")
        ),
    )
}

fn api_publish(hub: &Hub, body: &[u8]) -> Reply {
    match serde_json::from_slice::<PublishIn>(body) {
        Ok(p) => {
            hub.publish(&p.channel, &p.data);
            reply(StatusCode::OK, "{\"result\":{}}")
        }
        Err(e) => bad_request(&e),
    }
}

fn broadcast_reply(hub: &Hub, b: &BroadcastIn) -> String {
    for ch in &b.channels {
        hub.publish(ch, &b.data);
    }
    let each = vec!["{\"result\":{}}"; b.channels.len()].join(",");
    format!("{{\"responses\":[{each}]}}")
}

fn api_broadcast(hub: &Hub, body: &[u8]) -> Reply {
    match serde_json::from_slice::<BroadcastIn>(body) {
        Ok(b) => reply(
            StatusCode::OK,
            format!("{{\"result\":{}}}", broadcast_reply(hub, &b)),
        ),
        Err(e) => bad_request(&e),
    }
}

fn api_batch(hub: &Hub, body: &[u8]) -> Reply {
    let batch = match serde_json::from_slice::<BatchIn>(body) {
        Ok(b) => b,
        Err(e) => return bad_request(&e),
    };
    hub.publish_many(batch.commands.iter().flat_map(|c| {
        let one = c.publish.iter().map(|p| (p.channel.as_str(), &*p.data));
        let many = c
            .broadcast
            .iter()
            .flat_map(|b| b.channels.iter().map(|ch| (ch.as_str(), &*b.data)));
        one.chain(many)
    }));
    let replies: Vec<String> = batch
        .commands
        .iter()
        .map(|c| {
            if c.publish.is_some() {
                "{\"publish\":{}}".to_string()
            } else if let Some(b) = &c.broadcast {
                let each = vec!["{\"result\":{}}"; b.channels.len()].join(",");
                format!("{{\"broadcast\":{{\"responses\":[{each}]}}}}")
            } else {
                "{\"error\":{\"code\":107,\"message\":\"not supported by the floor\"}}".to_string()
            }
        })
        .collect();
    reply(
        StatusCode::OK,
        format!("{{\"replies\":[{}]}}", replies.join(",")),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn masked(opcode: u8, fin: bool, payload: &[u8]) -> Vec<u8> {
        let mask = [1u8, 2, 3, 4];
        let mut v = vec![if fin { 0x80 } else { 0 } | opcode];
        if payload.len() < 126 {
            v.push(0x80 | payload.len() as u8);
        } else {
            v.push(0xfe);
            v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        }
        v.extend_from_slice(&mask);
        v.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        v
    }

    #[test]
    fn frames_parse_and_unmask() {
        let f = masked(1, true, b"hello");
        assert_eq!(parse_frame(&f[..3]).unwrap(), None);
        let (frame, used) = parse_frame(&f).unwrap().unwrap();
        assert_eq!(used, f.len());
        assert_eq!(frame.payload, b"hello");
        let long = vec![b'x'; 300];
        let f = masked(1, true, &long);
        assert_eq!(parse_frame(&f).unwrap().unwrap().0.payload, long);
        assert!(parse_frame(&[0x81, 0x05, b'h']).is_err(), "unmasked");
    }

    #[test]
    fn commands_get_replies_and_subscriptions() {
        let hub = Hub::default();
        let tx = Arc::new(Outbox::default());
        let mut c = Conn::default();
        let mut buf = masked(
            1,
            true,
            b"{\"id\":1,\"connect\":{\"token\":\"t\"}}\n{\"id\":2,\"subscribe\":{\"channel\":\"a\"}}",
        );
        buf.extend(masked(1, false, b"{\"id\":3,"));
        buf.extend(masked(0, true, b"\"rpc\":{}}"));
        assert!(c.frames(&hub, &tx, &mut buf));
        assert!(buf.is_empty());
        let replies = String::from_utf8(std::mem::take(&mut c.replies)).unwrap();
        let lines: Vec<&str> = replies.lines().collect();
        assert_eq!(
            lines[0],
            r#"{"id":1,"connect":{"client":"floor-0","version":"floor"}}"#
        );
        assert_eq!(lines[1], r#"{"id":2,"subscribe":{}}"#);
        assert!(lines[2].contains("\"code\":107"));
        let data: Box<RawValue> = serde_json::from_str(r#"{"n":1}"#).unwrap();
        hub.publish("a", &data);
        hub.publish("b", &data);
        assert_eq!(
            Vec::from(tx.take()),
            vec![Bytes::from_static(
                br#"{"push":{"channel":"a","pub":{"data":{"n":1}}}}"#
            )]
        );
        assert!(tx.take().is_empty());
        hub.leave(c.id, &c.channels);
        assert!(hub.lock().is_empty());
        // A close frame ends the connection.
        let mut buf = masked(8, true, &[0x03, 0xe8]);
        assert!(!c.frames(&hub, &tx, &mut buf));
    }

    #[test]
    fn tokens_are_checked_with_a_secret() {
        let hub = Hub {
            secret: Some("s".into()),
            ..Hub::default()
        };
        let tx = Arc::new(Outbox::default());
        let mut c = Conn::default();
        c.message(&hub, &tx, br#"{"id":1,"connect":{"token":"nope"}}"#);
        assert_eq!(c.close, Some((3500, "invalid token")));
        let good = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &serde_json::json!({"sub": "1", "exp": 4_000_000_000u64}),
            &jsonwebtoken::EncodingKey::from_secret(b"s"),
        )
        .unwrap();
        let mut c = Conn::default();
        c.message(
            &hub,
            &tx,
            format!(r#"{{"id":1,"connect":{{"token":"{good}"}}}}"#).as_bytes(),
        );
        assert!(c.connected && c.close.is_none());
        // Subscribing before connecting is a protocol error.
        let mut c = Conn::default();
        c.message(&hub, &tx, br#"{"id":1,"subscribe":{"channel":"a"}}"#);
        assert_eq!(c.close, Some((3501, "bad request")));
    }

    #[test]
    fn headers_and_batches() {
        let head = "GET /connection/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nSec-WebSocket-Key: abc== \r\n\r\n";
        assert_eq!(header(head, "upgrade"), Some("WebSocket"));
        assert_eq!(header(head, "sec-websocket-key"), Some("abc=="));
        assert_eq!(header(head, "origin"), None);

        let hub = Hub::default();
        let (a, b) = (Arc::new(Outbox::default()), Arc::new(Outbox::default()));
        hub.subscribe("a", 1, &a);
        hub.subscribe("b", 2, &b);
        let d1: Box<RawValue> = serde_json::from_str("1").unwrap();
        let d2: Box<RawValue> = serde_json::from_str("2").unwrap();
        hub.publish_many([("a", &*d1), ("b", &*d1), ("a", &*d2)].into_iter());
        let got: Vec<Bytes> = a.take().into();
        assert_eq!(
            got,
            vec![
                Bytes::from_static(br#"{"push":{"channel":"a","pub":{"data":1}}}"#),
                Bytes::from_static(br#"{"push":{"channel":"a","pub":{"data":2}}}"#)
            ]
        );
        assert_eq!(b.take().len(), 1);
    }

    #[tokio::test]
    async fn queued_pushes_go_out_joined() {
        let (client, server) = tokio::io::duplex(1 << 20);
        let mut write = FrameWriter::new(server);
        let tx = Outbox::default();
        for m in ["a", "b", "c"] {
            tx.push(Bytes::from(m));
        }
        write_queued(&mut write, tx.take()).await.unwrap();
        tx.push(Bytes::from("d"));
        write_queued(&mut write, tx.take()).await.unwrap();
        drop(write);
        let mut got = Vec::new();
        let mut client = client;
        tokio::io::AsyncReadExt::read_to_end(&mut client, &mut got)
            .await
            .unwrap();
        assert_eq!(
            got,
            [&[0x81u8, 5][..], b"a\nb\nc", &[0x81, 1], b"d"].concat()
        );
    }
}

//! `bench connect --proxy-backend ADDR`: the application backend that the server's connect
//! proxy calls, served by the bench itself on a loopback address, on a thread of its own
//! with a single-threaded runtime (so its CPU is its own thread's).
//!
//! It answers every `POST` at once: the body is read as the proxy's `ConnectRequest` (the
//! server's own serde type), and the answer is `{"result":{"user":U}}` with U the `user` that
//! the bench put in the connect data (`{"user":"bench-17"}`; `data`, or `b64data` with the
//! proxy's `binary_encoding`). It counts the requests it reads and measures its own handling
//! time per request, from the request read in full to the response written, into a
//! histogram. HTTP/1.1 with keep-alive and `Content-Length` bodies (what the server's proxy
//! client sends); a request it cannot use gets a 4xx status (and is counted as refused), and
//! one it cannot read also ends the connection. Connections, header and body sizes, and the
//! wait for the next request are bounded; everything stops with [`Backend::stop`].

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::bench::accounting::Latency;
use crate::bench::sys;
use crate::server::proxy::wire;

/// Connections served at once; more wait in the listen backlog.
pub(super) const MAX_CONNECTIONS: usize = 512;
/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// The largest request body read.
const MAX_BODY: usize = 1 << 20;
/// How long a kept-alive connection may stay silent before the backend closes it.
const IDLE: Duration = Duration::from_secs(60);
/// Headers parsed per request.
const MAX_HEADERS: usize = 64;

/// What the backend saw.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// Requests read in full (each answered).
    pub calls: u64,
    /// Of those, answered with an error status: not a POST, not a connect request, no user.
    pub refused: u64,
    /// Handling time of each call, microseconds.
    pub handling: Latency,
    /// The first refusal, for the report.
    pub first_refusal: Option<String>,
}

#[derive(Debug, Default)]
struct Stats {
    seen: Mutex<Seen>,
    /// Connections accepted so far.
    connections: AtomicU64,
}

impl Stats {
    fn record(&self, micros: u64, refusal: Option<String>) {
        let mut s = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        s.calls += 1;
        s.handling.record(micros);
        if let Some(why) = refusal {
            s.refused += 1;
            s.first_refusal.get_or_insert(why);
        }
    }
}

/// The running backend.
pub(super) struct Backend {
    pub addr: SocketAddr,
    tid: u32,
    stats: Arc<Stats>,
    stop: CancellationToken,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Backend {
    /// Listens on `addr` and serves on a new thread.
    pub fn start(addr: SocketAddr) -> std::io::Result<Self> {
        let std_listener = std::net::TcpListener::bind(addr)?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let stats = Arc::new(Stats::default());
        let stop = CancellationToken::new();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        let (st, sp) = (stats.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("centri-proxy-backend".into())
            .spawn(move || {
                let _ = tid_tx.send(sys::current_tid());
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        tracing::error!("proxy backend runtime: {e}");
                        return;
                    }
                };
                rt.block_on(async move {
                    match TcpListener::from_std(std_listener) {
                        Ok(l) => serve(l, st, sp).await,
                        Err(e) => tracing::error!("proxy backend: {e}"),
                    }
                });
                // Dropping the runtime ends every connection task.
            })?;
        let tid = tid_rx
            .recv()
            .map_err(|_| std::io::Error::other("the proxy backend thread did not start"))?;
        Ok(Self {
            addr,
            tid,
            stats,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://ADDR/connect`, what the server's `client.proxy.connect.endpoint` must be.
    pub fn endpoint(&self) -> String {
        format!("http://{}/connect", self.addr)
    }

    /// What the backend saw since the last call (then starts afresh).
    pub fn take(&self) -> Seen {
        let mut s = self
            .stats
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::mem::take(&mut *s)
    }

    /// Connections accepted since the start.
    pub fn connections(&self) -> u64 {
        self.stats.connections.load(Ordering::Relaxed)
    }

    /// CPU seconds the backend's thread has used.
    pub fn cpu_s(&self) -> f64 {
        sys::thread_cpu(self.tid).unwrap_or(0.0)
    }

    /// Stops serving and waits for the thread (bounded: the runtime drops every task).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.cancel();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Accepts until `stop`, at most [`MAX_CONNECTIONS`] at once.
async fn serve(listener: TcpListener, stats: Arc<Stats>, stop: CancellationToken) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let slot = tokio::select! {
            () = stop.cancelled() => break,
            s = slots.clone().acquire_owned() => s,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            () = stop.cancelled() => break,
            a = listener.accept() => a,
        };
        // Reap finished connections so the set stays as large as the open ones.
        while tasks.try_join_next().is_some() {}
        match accepted {
            Ok((stream, _)) => {
                stats.connections.fetch_add(1, Ordering::Relaxed);
                let (stats, stop) = (stats.clone(), stop.clone());
                tasks.spawn(async move {
                    tokio::select! {
                        () = stop.cancelled() => {}
                        () = connection(stream, &stats) => {}
                    }
                    drop(slot);
                });
            }
            // Out of descriptors and the like: back off a little instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
    tasks.abort_all();
}

/// One request, parsed from the head of the buffer.
#[derive(Debug)]
struct Request {
    post: bool,
    /// Head and body length: where the next request starts.
    len: usize,
    head: usize,
    keep_alive: bool,
}

/// Why a request cannot be read: the status to answer before closing.
#[derive(Debug, PartialEq, Eq)]
struct Unreadable(&'static str, String);

/// Parses the request at the start of `buf`: `None` until its head and body are all in.
fn parse(buf: &[u8]) -> Result<Option<Request>, Unreadable> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => {
            return Err(Unreadable(
                "431 Request Header Fields Too Large",
                format!("a request head over {MAX_HEAD} bytes"),
            ))
        }
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(Unreadable("400 Bad Request", format!("not HTTP/1: {e}"))),
    };
    let mut body = 0usize;
    let mut keep_alive = req.version == Some(1);
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            body = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .ok_or_else(|| {
                    Unreadable("400 Bad Request", "an unreadable Content-Length".into())
                })?;
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(Unreadable(
                "411 Length Required",
                "a body without Content-Length (chunked)".into(),
            ));
        } else if h.name.eq_ignore_ascii_case("connection") {
            let v = String::from_utf8_lossy(h.value).to_ascii_lowercase();
            if v.contains("close") {
                keep_alive = false;
            } else if v.contains("keep-alive") {
                keep_alive = true;
            }
        }
    }
    if body > MAX_BODY {
        return Err(Unreadable(
            "413 Payload Too Large",
            format!("a body of {body} bytes (over {MAX_BODY})"),
        ));
    }
    if buf.len() < head + body {
        return Ok(None);
    }
    Ok(Some(Request {
        post: req.method == Some("POST"),
        len: head + body,
        head,
        keep_alive,
    }))
}

/// The user the bench put in the connect data.
fn user_of(body: &[u8]) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Data {
        user: String,
    }
    let req: wire::ConnectRequest =
        serde_json::from_slice(body).map_err(|e| format!("not a connect request: {e}"))?;
    let data = if req.data.is_empty() && !req.b64data.is_empty() {
        base64::engine::general_purpose::STANDARD
            .decode(req.b64data.as_bytes())
            .map_err(|e| format!("b64data is not base64: {e}"))?
    } else {
        req.data
    };
    let d: Data = serde_json::from_slice(&data).map_err(|_| {
        format!(
            "no \"user\" in the connect data {:?}",
            String::from_utf8_lossy(&data[..data.len().min(64)])
        )
    })?;
    Ok(d.user)
}

/// The status line and JSON body of the answer, and the refusal when it is not a 200.
fn answer(post: bool, body: &[u8]) -> (&'static str, Vec<u8>, Option<String>) {
    let refuse = |status: &'static str, why: String| {
        let body = serde_json::json!({ "error": why }).to_string().into_bytes();
        (status, body, Some(why))
    };
    if !post {
        return refuse("405 Method Not Allowed", "not a POST".into());
    }
    match user_of(body) {
        Ok(user) => {
            let resp = wire::ConnectResponse {
                result: Some(wire::ConnectResult {
                    user,
                    ..wire::ConnectResult::default()
                }),
                ..wire::ConnectResponse::default()
            };
            match serde_json::to_vec(&resp) {
                Ok(b) => ("200 OK", b, None),
                Err(e) => refuse("500 Internal Server Error", e.to_string()),
            }
        }
        Err(why) => refuse("400 Bad Request", why),
    }
}

fn response(status: &str, body: &[u8], keep_alive: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{}\r\n",
        body.len(),
        if keep_alive {
            ""
        } else {
            "connection: close\r\n"
        }
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Serves one connection: requests in order until it closes, goes silent for [`IDLE`], or
/// sends what cannot be read.
async fn connection(mut s: TcpStream, tally: &Stats) {
    let _ = s.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = vec![0u8; 16 * 1024];
    // When the bytes that completed the buffered request arrived.
    let mut read_at = Instant::now();
    loop {
        let req = match parse(&buf) {
            Ok(Some(r)) => r,
            Ok(None) => {
                let n = match tokio::time::timeout(IDLE, s.read(&mut chunk)).await {
                    Ok(Ok(n)) if n > 0 => n,
                    _ => return,
                };
                read_at = Instant::now();
                buf.extend_from_slice(&chunk[..n]);
                continue;
            }
            Err(Unreadable(status, why)) => {
                let body = serde_json::json!({ "error": why }).to_string();
                let _ = s.write_all(&response(status, body.as_bytes(), false)).await;
                return;
            }
        };
        let (status, body, refusal) = answer(req.post, &buf[req.head..req.len]);
        let wrote = s.write_all(&response(status, &body, req.keep_alive)).await;
        let micros = u64::try_from(read_at.elapsed().as_micros()).unwrap_or(u64::MAX);
        tally.record(micros, refusal);
        if wrote.is_err() || !req.keep_alive {
            return;
        }
        buf.drain(..req.len);
        // A request already buffered behind this one starts now.
        read_at = Instant::now();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn post(body: &str) -> Vec<u8> {
        format!(
            "POST /connect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    #[test]
    fn requests_parse_only_when_complete() {
        let full = post(r#"{"data":{"user":"u"}}"#);
        for cut in [0, 10, full.len() - 1] {
            assert!(parse(&full[..cut]).unwrap().is_none(), "{cut}");
        }
        let r = parse(&full).unwrap().unwrap();
        assert!(r.post && r.keep_alive);
        assert_eq!(r.len, full.len());
        let mut two = full.clone();
        two.extend_from_slice(b"GET / HTTP/1.0\r\n\r\n");
        assert_eq!(parse(&two).unwrap().unwrap().len, full.len());
        let r = parse(b"GET / HTTP/1.0\r\n\r\n").unwrap().unwrap();
        assert!(!r.post && !r.keep_alive);
        let r = parse(b"POST / HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap()
            .unwrap();
        assert!(!r.keep_alive);

        for (bad, status) in [
            (&b"\x00\x01garbage\r\n\r\n"[..], "400"),
            (b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "400"),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "411",
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
                "413",
            ),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.0.starts_with(status), "{e:?}");
        }
        let endless = vec![b'a'; MAX_HEAD + 1];
        assert!(parse(&endless).unwrap_err().0.starts_with("431"));
    }

    #[test]
    fn the_answer_is_the_user_of_the_connect_data() {
        let body = br#"{"client":"c","transport":"websocket","protocol":"json","encoding":"json","data":{"user":"bench-17"},"name":"centri-bench"}"#;
        let (status, out, refusal) = answer(true, body);
        assert_eq!((status, refusal), ("200 OK", None));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!({"result": {"user": "bench-17"}}));
        // binary_encoding: the data as base64
        let b64 = base64::engine::general_purpose::STANDARD.encode(br#"{"user":"b"}"#);
        let body = format!(r#"{{"client":"c","encoding":"binary","b64data":"{b64}"}}"#);
        let (status, out, _) = answer(true, body.as_bytes());
        assert_eq!(status, "200 OK");
        assert!(String::from_utf8(out).unwrap().contains(r#""user":"b""#));

        for (post, body, status, says) in [
            (false, &b"{}"[..], "405", "POST"),
            (true, b"not json", "400", "not a connect request"),
            (true, br#"{"client":"c"}"#, "400", "no \"user\""),
            (true, br#"{"data":{"user":7}}"#, "400", "no \"user\""),
            (true, br#"{"b64data":"%%"}"#, "400", "base64"),
        ] {
            let (s, _, refusal) = answer(post, body);
            assert!(s.starts_with(status), "{s}");
            assert!(refusal.unwrap().contains(says));
        }
    }

    /// The real thing over loopback, with a real HTTP client: keep-alive requests are each
    /// answered and counted, a refusal is counted, and unreadable bytes end the connection
    /// without stopping the backend.
    #[test]
    fn serves_requests_over_loopback() {
        let b = Backend::start("127.0.0.1:0".parse().unwrap()).unwrap();
        assert!(b.endpoint().ends_with("/connect"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let c = reqwest::Client::new();
            for i in 0..5 {
                let r = c
                    .post(b.endpoint())
                    .json(&serde_json::json!({"client": "c", "data": {"user": format!("u{i}")}}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200);
                let v: serde_json::Value = r.json().await.unwrap();
                assert_eq!(v["result"]["user"], format!("u{i}"));
            }
            let r = c.post(b.endpoint()).body("{}").send().await.unwrap();
            assert_eq!(r.status(), 400);
            let mut raw = TcpStream::connect(b.addr).await.unwrap();
            raw.write_all(b"\x00\x00\r\n\r\n").await.unwrap();
            let mut out = Vec::new();
            raw.read_to_end(&mut out).await.unwrap();
            assert!(out.starts_with(b"HTTP/1.1 400"), "{out:?}");
        });
        let seen = b.take();
        assert_eq!((seen.calls, seen.refused), (6, 1));
        assert_eq!(seen.handling.count(), 6);
        assert!(seen.first_refusal.unwrap().contains("user"));
        assert_eq!(b.take().calls, 0, "take starts afresh");
        assert!(b.connections() >= 2);
        b.stop();
    }
}

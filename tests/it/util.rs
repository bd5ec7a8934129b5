//! Test harness: an in-process server on a free loopback port, WebSocket clients speaking
//! protocol v2 JSON, token minting, and the real binary.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const SECRET: &str = "test-secret";
pub const API_KEY: &str = "test-key";

/// A config open enough for most tests: namespaces `chat` (everything on), `private`
/// (nothing allowed), `nohist` (subscribe only), and an open default namespace.
pub fn test_config() -> Value {
    let open = json!({
        "presence": true, "join_leave": true, "force_push_join_leave": true,
        "history_size": 10, "history_ttl": "300s", "force_recovery": true,
        "allow_subscribe_for_client": true, "allow_publish_for_subscriber": true,
        "allow_presence_for_subscriber": true, "allow_history_for_subscriber": true,
        "allow_user_limited_channels": true
    });
    let mut chat = open.clone();
    chat["name"] = json!("chat");
    json!({
        "client": {"token": {"hmac_secret_key": SECRET}, "allowed_origins": ["http://allowed.test"],
                   "ping_interval": "2s", "pong_timeout": "1s"},
        "http_api": {"key": API_KEY},
        "websocket": {"message_size_limit": 4096},
        "prometheus": {"enabled": true},
        "node": {"name": "test-node"},
        "channel": {"without_namespace": open, "namespaces": [chat, {"name": "private"}, {"name": "nohist", "allow_subscribe_for_client": true}]}
    })
}

/// Adds namespace `name` to a [`test_config`]: its open options plus `extra`.
pub fn with_namespace(cfg: &mut Value, name: &str, extra: &Value) {
    let mut ns = cfg["channel"]["without_namespace"].clone();
    ns["name"] = json!(name);
    for (k, v) in extra.as_object().into_iter().flatten() {
        ns[k] = v.clone();
    }
    cfg["channel"]["namespaces"]
        .as_array_mut()
        .expect("test_config has namespaces")
        .push(ns);
}

/// A running in-process server.
pub struct Server {
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
    /// Set when the server is the real `centri serve` binary.
    process: Option<Proc>,
}

impl Server {
    pub async fn start(config: Value) -> Self {
        let loaded = centri::server::config::load(&config.to_string(), &HashMap::new()).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            centri::server::run(loaded.config, None, listener, async move {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Self {
            addr,
            stop: Some(tx),
            handle: Some(handle),
            process: None,
        }
    }

    /// Starts the real binary, `centri serve --config FILE`, with this config.
    pub async fn start_binary(config: Value) -> Self {
        let n = SERVE_HOMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = test_root().join(format!("bin-{n}.json"));
        std::fs::write(&path, config.to_string()).unwrap();
        let p = tokio::task::spawn_blocking(move || {
            Proc::serve(&["--config", path.to_str().unwrap()], &[])
        })
        .await
        .unwrap();
        Self {
            addr: p.addr.parse().unwrap(),
            stop: None,
            handle: None,
            process: Some(p),
        }
    }

    /// What the real binary wrote to stderr so far (empty for an in-process server).
    pub fn log(&self) -> String {
        self.process
            .as_ref()
            .map(|p| p.stderr.lock().unwrap().clone())
            .unwrap_or_default()
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/connection/websocket", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs to `/api/<method>` with the test key; (status, body).
    pub async fn api(&self, method: &str, body: Value) -> (u16, Value) {
        let r = reqwest::Client::new()
            .post(self.url(&format!("/api/{method}")))
            .header("X-API-Key", API_KEY)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// The PID of the real binary (none for an in-process server).
    pub fn pid(&self) -> Option<u32> {
        self.process.as_ref().map(|p| p.child.id())
    }

    /// Stops the server and waits for it (bounded).
    pub async fn stop(mut self) {
        if let Some(mut p) = self.process.take() {
            let status = tokio::task::spawn_blocking(move || p.terminate())
                .await
                .unwrap();
            assert!(status.success(), "centri serve exited with {status:?}");
            return;
        }
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            tokio::time::timeout(Duration::from_secs(10), h)
                .await
                .unwrap()
                .unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// An HS256 token with these claims, signed with `secret`.
pub fn token_with(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// A connection token for `user` valid for an hour.
pub fn token(user: &str) -> String {
    token_with(&json!({"sub": user, "exp": now() + 3600}), SECRET)
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// What a test client saw.
#[derive(Debug)]
pub enum Event {
    Msg(Value),
    Closed(u16, String),
}

/// A raw protocol v2 client.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pending: std::collections::VecDeque<Value>,
    next_id: u32,
    /// Answers server pings automatically.
    pub auto_pong: bool,
}

impl Client {
    pub async fn open(url: &str) -> Self {
        let (ws, _) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(url),
        )
        .await
        .unwrap()
        .unwrap();
        Self {
            ws,
            pending: std::collections::VecDeque::default(),
            next_id: 1,
            auto_pong: true,
        }
    }

    /// Opens with extra headers on the upgrade request (what proxies forward).
    pub async fn open_with_headers(url: &str, headers: &[(&str, &str)]) -> Self {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = url.into_client_request().unwrap();
        for (k, v) in headers {
            req.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let (ws, _) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(req),
        )
        .await
        .unwrap()
        .unwrap();
        Self {
            ws,
            pending: std::collections::VecDeque::default(),
            next_id: 1,
            auto_pong: true,
        }
    }

    /// Opens and connects with a token for `user`; returns the connect result.
    pub async fn connect(url: &str, user: &str) -> (Self, Value) {
        let mut c = Self::open(url).await;
        let r = c.call(json!({"connect": {"token": token(user)}})).await;
        assert!(r.get("connect").is_some(), "connect failed: {r}");
        (c, r["connect"].clone())
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn send_binary(&mut self, b: Vec<u8>) {
        self.ws.send(Message::Binary(b.into())).await.unwrap();
    }

    /// Sends one command with a fresh id and waits for the reply with that id.
    pub async fn call(&mut self, mut cmd: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        cmd["id"] = json!(id);
        self.send_text(&cmd.to_string()).await;
        let mut others = Vec::new();
        let reply = loop {
            match self.next_event().await {
                Event::Msg(v) if v.get("id") == Some(&json!(id)) => break v,
                Event::Msg(v) => others.push(v),
                Event::Closed(code, reason) => {
                    panic!("closed {code} {reason} while waiting for reply {id}")
                }
            }
        };
        // Keep what arrived meanwhile, in order, for the next reads.
        for v in others.into_iter().rev() {
            self.pending.push_front(v);
        }
        reply
    }

    /// The next message or close (bounded wait).
    pub async fn next_event(&mut self) -> Event {
        if let Some(v) = self.pending.pop_front() {
            return Event::Msg(v);
        }
        loop {
            let msg = match tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await {
                Ok(Some(Ok(m))) => m,
                Ok(Some(Err(e))) => return Event::Closed(0, e.to_string()),
                Ok(None) => return Event::Closed(0, "eof".into()),
                Err(elapsed) => panic!("no message within 5s ({elapsed})"),
            };
            match msg {
                Message::Text(t) => {
                    for line in t.split('\n').filter(|l| !l.trim().is_empty()) {
                        let v: Value = serde_json::from_str(line).unwrap();
                        if v.as_object().is_some_and(serde_json::Map::is_empty) {
                            if self.auto_pong {
                                self.send_text("{}").await;
                            }
                            continue;
                        }
                        self.pending.push_back(v);
                    }
                    if let Some(v) = self.pending.pop_front() {
                        return Event::Msg(v);
                    }
                }
                Message::Close(Some(f)) => {
                    return Event::Closed(u16::from(f.code), f.reason.to_string())
                }
                Message::Close(None) => {
                    return Event::Closed(CloseCode::Status.into(), String::new())
                }
                _ => {}
            }
        }
    }

    /// Sends a WebSocket Ping frame carrying `payload`.
    pub async fn ping(&mut self, payload: &[u8]) {
        self.ws
            .send(Message::Ping(payload.to_vec().into()))
            .await
            .unwrap();
    }

    /// Sends an unsolicited WebSocket Pong frame.
    pub async fn pong(&mut self, payload: &[u8]) {
        self.ws
            .send(Message::Pong(payload.to_vec().into()))
            .await
            .unwrap();
    }

    /// Reads until a WebSocket Pong arrives; returns its payload and how many protocol
    /// messages came before it (bounded wait per frame).
    pub async fn next_pong(&mut self) -> (Vec<u8>, usize) {
        let mut before = 0;
        loop {
            let msg = match tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await {
                Ok(Some(Ok(m))) => m,
                other => panic!("no pong: {other:?}"),
            };
            match msg {
                Message::Pong(p) => return (p.to_vec(), before),
                Message::Text(t) => {
                    for line in t.split('\n').filter(|l| !l.trim().is_empty()) {
                        let v: Value = serde_json::from_str(line).unwrap();
                        if v.as_object().is_some_and(serde_json::Map::is_empty) {
                            continue;
                        }
                        before += 1;
                        self.pending.push_back(v);
                    }
                }
                Message::Close(f) => panic!("closed while waiting for a pong: {f:?}"),
                _ => {}
            }
        }
    }

    /// The next push (skipping replies).
    pub async fn next_push(&mut self) -> Value {
        loop {
            match self.next_event().await {
                Event::Msg(v) if v.get("push").is_some() => return v["push"].clone(),
                Event::Msg(_) => {}
                Event::Closed(c, r) => panic!("closed {c} {r} while waiting for a push"),
            }
        }
    }

    /// Waits for the close; (code, reason).
    pub async fn closed(&mut self) -> (u16, String) {
        loop {
            if let Event::Closed(c, r) = self.next_event().await {
                return (c, r);
            }
        }
    }

    /// Asserts nothing arrives within `ms` milliseconds.
    pub async fn expect_silence(&mut self, ms: u64) {
        assert!(self.pending.is_empty(), "unexpected {:?}", self.pending);
        if let Ok(Some(Ok(m))) =
            tokio::time::timeout(Duration::from_millis(ms), self.ws.next()).await
        {
            panic!("unexpected message {m:?}");
        }
    }
}

/// The `centri` binary under test.
pub fn bin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_centri"))
}

/// Numbers the config dirs of spawned servers.
static SERVE_HOMES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A `centri serve` child process on a free port.
pub struct Proc {
    pub child: std::process::Child,
    /// The `XDG_CONFIG_HOME` the server runs with.
    pub home: std::path::PathBuf,
    pub addr: String,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Proc {
    /// Starts `centri serve ARGS --port 0` and waits for `listening on` (bounded).
    pub fn serve(args: &[&str], env: &[(&str, &str)]) -> Self {
        use std::io::{BufRead, BufReader};
        let mut cmd = std::process::Command::new(bin());
        cmd.arg("serve")
            .args(args)
            .args(["--port", "0", "--address", "127.0.0.1"]);
        // `--dev` saves a context: keep it out of the real config dir.
        let n = SERVE_HOMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let home = test_root().join(format!("serve-{n}"));
        cmd.env("XDG_CONFIG_HOME", &home);
        // the default data directory without a config file
        cmd.env("XDG_STATE_HOME", &home);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out).lines();
            if let Some(Ok(l)) = lines.next() {
                let _ = tx.send(l);
            }
            for _ in lines {}
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no listening line; stderr: {}", stderr.lock().unwrap()));
        let addr = line
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("bad line {line}"))
            .to_string();
        Self {
            child,
            home,
            addr,
            stderr,
        }
    }

    /// Sends SIGTERM and waits (bounded) for the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("server did not exit within 10s of SIGTERM");
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `centri ARGS` with an isolated config dir (`XDG_CONFIG_HOME=home`), no `CENTRI_*`
/// settings from the outer environment, and these extra variables; (exit code, stdout,
/// stderr). Stdin is empty, so nothing can prompt.
pub fn centri_env(
    home: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null());
    for var in [
        "CENTRI_SERVER",
        "CENTRI_API_KEY",
        "CENTRI_ADMIN_KEY",
        "CENTRI_HMAC_SECRET",
        "CENTRI_CONTEXT",
        "CENTRI_OUTPUT",
        "CENTRI_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh, empty directory under the system temp dir, unique to this process and `tag`.
/// The directory this test process keeps its files in, `$TMPDIR/centri-it-<pid>`. Making it
/// removes the roots of earlier runs whose process is gone, so runs do not pile up in the
/// temporary directory: at most the last run's files stay, for a look after a failure.
pub fn test_root() -> &'static std::path::Path {
    static ROOT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let tmp = std::env::temp_dir();
        for e in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = e.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix("centri-it-"))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid {
                if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let root = tmp.join(format!("centri-it-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        root
    })
}

pub fn fresh_dir(tag: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = test_root().join(format!("{tag}-{n}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

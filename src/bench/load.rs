//! The load of `centri bench`: subscribers (real WebSocket clients speaking protocol v2 JSON,
//! as `centri sub` does: `connect` and `subscribe` in the first frame, pings answered) and a
//! publisher (the HTTP server API through the typed client: `publish`, `broadcast` for
//! several channels, `batch` for several rounds per request).
//!
//! A subscriber counts its publications by sequence number ([`SeqTracker`]) and feeds the
//! shared latency histogram once per frame, so a frame of many messages costs one lock. All
//! waits are bounded: the handshake by the request timeout, the run by a cancellation token.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::sync::OwnedSemaphorePermit;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_util::sync::CancellationToken;

use super::accounting::{payload, scan, Latency, Line, SeqTracker};
use crate::client::{Client, ClientError};
use crate::proto::ApiError;

/// Microseconds since the bench clock started (the first call); the `t` of a publication.
pub fn clock_us() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    let epoch = *EPOCH.get_or_init(Instant::now);
    u64::try_from(epoch.elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// Why a subscriber could not join the run.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConnError {
    #[error("cannot open {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("no WebSocket handshake with {url} within {secs:.1}s")]
    Timeout { url: String, secs: f64 },
    #[error("{url} refused the WebSocket upgrade: HTTP {status}")]
    Upgrade { url: String, status: u16 },
    #[error("connect rejected: code {code} {message}")]
    Connect { code: u32, message: String },
    #[error("subscribe to {channel} rejected: code {code} {message}")]
    Subscribe {
        channel: String,
        code: u32,
        message: String,
    },
    #[error("the server closed the connection during connect: {code} {reason}")]
    Closed { code: u16, reason: String },
    #[error("no reply to connect/subscribe within {secs:.1}s")]
    NoReply { secs: f64 },
}

/// Counters every subscriber adds to.
#[derive(Debug, Default)]
pub struct Shared {
    /// Subscribers connected and subscribed.
    pub ready: AtomicU64,
    /// Subscribers that failed to connect or subscribe.
    pub failed: AtomicU64,
    /// Bench publications received, duplicates included.
    pub delivered: AtomicU64,
    /// [`clock_us`] of the latest delivery.
    pub last_delivery_us: AtomicU64,
    /// Subscribers the server closed after they were ready.
    pub disconnects: AtomicU64,
    /// Server pings answered.
    pub pings: AtomicU64,
    latency: Mutex<Latency>,
    connect_latency: Mutex<Latency>,
    first_error: Mutex<Option<ConnError>>,
    first_close: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Publish→receive latency of every delivery so far.
    pub fn latency(&self) -> Latency {
        lock(&self.latency).clone()
    }

    /// Time from opening the socket to the subscribe reply, per subscriber.
    pub fn connect_latency(&self) -> Latency {
        lock(&self.connect_latency).clone()
    }

    /// The first connect failure.
    pub fn first_error(&self) -> Option<ConnError> {
        lock(&self.first_error).clone()
    }

    /// The first close of a ready subscriber, as `code reason`.
    pub fn first_close(&self) -> Option<String> {
        lock(&self.first_close).clone()
    }

    fn fail(&self, e: ConnError) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        lock(&self.first_error).get_or_insert(e);
    }

    fn closed(&self, why: String) {
        self.disconnects.fetch_add(1, Ordering::Relaxed);
        lock(&self.first_close).get_or_insert(why);
    }
}

/// One subscriber's connection details.
#[derive(Debug, Clone)]
pub struct SubscriberSpec {
    /// `ws://HOST:PORT/connection/websocket`.
    pub url: String,
    pub token: String,
    pub channel: String,
    /// Bound on the WebSocket handshake and on the connect/subscribe replies.
    pub timeout: Duration,
}

/// What a subscriber saw, returned when it stops.
#[derive(Debug, Default)]
pub struct SubscriberEnd {
    pub tracker: SeqTracker,
}

/// A reply or push, for the lines the fast scan does not recognise.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Incoming {
    id: u32,
    error: Option<ApiError>,
    connect: Option<ConnectReply>,
    subscribe: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConnectReply {
    pong: bool,
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Small buffers: 10,000 subscribers must fit in one process (tungstenite's default read
/// buffer is 128 KiB).
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
}

async fn open(spec: &SubscriberSpec) -> Result<Ws, ConnError> {
    let url = spec.url.clone();
    let connecting =
        tokio_tungstenite::connect_async_with_config(url.as_str(), Some(ws_config()), true);
    match tokio::time::timeout(spec.timeout, connecting).await {
        Err(_) => Err(ConnError::Timeout {
            url,
            secs: spec.timeout.as_secs_f64(),
        }),
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tungstenite::Error::Http(resp))) => Err(ConnError::Upgrade {
            url,
            status: resp.status().as_u16(),
        }),
        Ok(Err(e)) => Err(ConnError::Unreachable {
            url,
            reason: e.to_string(),
        }),
    }
}

/// The state of one subscriber's stream.
struct Session {
    pong: bool,
    tracker: SeqTracker,
    samples: Vec<u64>,
}

impl Session {
    /// One text frame; the number of bench publications in it and whether to pong.
    fn frame(&mut self, text: &str, now: u64, latency: bool) -> (u64, bool) {
        let mut count = 0;
        let mut ping = false;
        for line in text.split('\n') {
            match scan(line.trim()) {
                Line::Publication { n, t } => {
                    self.tracker.record(n);
                    count += 1;
                    if let (true, Some(t)) = (latency, t) {
                        self.samples.push(now.saturating_sub(t));
                    }
                }
                Line::Ping => ping = true,
                Line::Other(_) => {}
            }
        }
        (count, ping && self.pong)
    }
}

/// Connects, subscribes, then counts publications until `stop`. Holds `permit` (a slot of
/// the handshake concurrency) until subscribed. `latency`: record publish→receive samples.
pub async fn subscriber(
    spec: SubscriberSpec,
    shared: Arc<Shared>,
    permit: OwnedSemaphorePermit,
    stop: CancellationToken,
    latency: bool,
) -> SubscriberEnd {
    let started = Instant::now();
    let connected = tokio::select! {
        () = stop.cancelled() => return SubscriberEnd::default(),
        r = handshake(&spec) => r,
    };
    let (mut ws, mut session) = match connected {
        Ok(v) => v,
        Err(e) => {
            shared.fail(e);
            return SubscriberEnd::default();
        }
    };
    drop(permit);
    let us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    lock(&shared.connect_latency).record(us);
    shared.ready.fetch_add(1, Ordering::Relaxed);

    loop {
        let m = tokio::select! {
            () = stop.cancelled() => break,
            m = ws.next() => m,
        };
        match m {
            Some(Ok(Message::Text(t))) => {
                let now = clock_us();
                let (count, pong) = session.frame(t.as_str(), now, latency);
                if count > 0 {
                    shared.delivered.fetch_add(count, Ordering::Relaxed);
                    shared.last_delivery_us.fetch_max(now, Ordering::Relaxed);
                    if !session.samples.is_empty() {
                        let mut l = lock(&shared.latency);
                        for s in session.samples.drain(..) {
                            l.record(s);
                        }
                    }
                }
                if pong {
                    shared.pings.fetch_add(1, Ordering::Relaxed);
                    if ws.send(Message::Text("{}".into())).await.is_err() {
                        shared.closed("the connection broke while answering a ping".into());
                        break;
                    }
                }
            }
            Some(Ok(Message::Close(f))) => {
                shared.closed(f.map_or_else(
                    || "1005 (no close code)".into(),
                    |f| format!("{} {}", u16::from(f.code), f.reason),
                ));
                break;
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                shared.closed(format!("connection lost: {e}"));
                break;
            }
            None => {
                shared.closed("the server closed the connection without a close frame".into());
                break;
            }
        }
    }
    // Say goodbye, but never wait long for it.
    let _ = tokio::time::timeout(Duration::from_millis(200), ws.close(None)).await;
    SubscriberEnd {
        tracker: session.tracker,
    }
}

/// Opens the socket and sends `connect` + `subscribe` in one frame; waits for both replies.
async fn handshake(spec: &SubscriberSpec) -> Result<(Ws, Session), ConnError> {
    let mut ws = open(spec).await?;
    let channel = serde_json::to_string(&spec.channel).unwrap_or_default();
    let token = serde_json::to_string(&spec.token).unwrap_or_default();
    let first = format!(
        "{{\"id\":1,\"connect\":{{\"token\":{token},\"name\":\"centri-bench\"}}}}\n\
         {{\"id\":2,\"subscribe\":{{\"channel\":{channel}}}}}"
    );
    let lost = |e: &tungstenite::Error| ConnError::Unreachable {
        url: spec.url.clone(),
        reason: e.to_string(),
    };
    ws.send(Message::Text(first.into()))
        .await
        .map_err(|e| lost(&e))?;
    let mut session = Session {
        pong: false,
        tracker: SeqTracker::default(),
        samples: Vec::new(),
    };
    let deadline = tokio::time::Instant::now() + spec.timeout;
    let (mut connected, mut subscribed) = (false, false);
    while !(connected && subscribed) {
        let Ok(m) = tokio::time::timeout_at(deadline, ws.next()).await else {
            return Err(ConnError::NoReply {
                secs: spec.timeout.as_secs_f64(),
            });
        };
        let text = match m {
            Some(Ok(Message::Text(t))) => t,
            Some(Ok(Message::Close(f))) => {
                let (code, reason) = f.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.to_string())
                });
                return Err(ConnError::Closed { code, reason });
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(lost(&e)),
            None => {
                return Err(ConnError::Closed {
                    code: 1006,
                    reason: "closed without a close frame".into(),
                })
            }
        };
        for line in text.as_str().split('\n').map(str::trim) {
            match scan(line) {
                Line::Publication { n, .. } => session.tracker.record(n),
                Line::Ping => {
                    if session.pong {
                        ws.send(Message::Text("{}".into()))
                            .await
                            .map_err(|e| lost(&e))?;
                    }
                }
                Line::Other(l) => {
                    let Ok(msg) = serde_json::from_str::<Incoming>(l) else {
                        continue;
                    };
                    match (msg.id, msg.error) {
                        (1, Some(e)) => {
                            return Err(ConnError::Connect {
                                code: e.code,
                                message: e.message,
                            })
                        }
                        (2, Some(e)) => {
                            return Err(ConnError::Subscribe {
                                channel: spec.channel.clone(),
                                code: e.code,
                                message: e.message,
                            })
                        }
                        (1, None) => {
                            connected = true;
                            session.pong = msg.connect.is_some_and(|c| c.pong);
                        }
                        (2, None) => subscribed = subscribed || msg.subscribe.is_some(),
                        _ => {}
                    }
                }
            }
        }
    }
    Ok((ws, session))
}

/// What to publish.
#[derive(Debug, Clone)]
pub struct PublishPlan {
    /// Every round publishes one publication (the same data) into each of these.
    pub channels: Vec<String>,
    /// Rounds per second; `None`: as fast as the requests go (burst).
    pub rate: Option<f64>,
    /// Rounds per API request (`batch` when more than one).
    pub batch: u64,
    /// API requests in flight.
    pub concurrency: usize,
    pub duration: Duration,
    /// Bytes of publication data.
    pub size: usize,
    /// Stop after this many rounds (0: no limit).
    pub max_rounds: u64,
}

/// What the publisher did.
#[derive(Debug, Default)]
pub struct PublishOutcome {
    /// Rounds handed out: sequence numbers `0..rounds` on every channel.
    pub rounds: u64,
    /// Rounds whose request failed.
    pub failed: Vec<Range<u64>>,
    pub requests: u64,
    pub errors: u64,
    pub first_error: Option<ClientError>,
    /// Request round trips.
    pub latency: Latency,
    /// From the first request to the last answer.
    pub seconds: f64,
}

/// The API method and body of one request carrying rounds `first..first + k`.
pub fn request_body(
    channels_json: &[String],
    first: u64,
    k: u64,
    size: usize,
) -> (&'static str, Vec<u8>) {
    use std::fmt::Write as _;
    let one = |out: &mut String, n: u64| {
        let data = payload(n, clock_us(), size);
        if let [ch] = channels_json {
            let _ = write!(out, "{{\"channel\":{ch},\"data\":{data}}}");
        } else {
            let _ = write!(
                out,
                "{{\"channels\":[{}],\"data\":{data}}}",
                channels_json.join(",")
            );
        }
    };
    let mut s = String::with_capacity((size + 64) * usize::try_from(k).unwrap_or(1));
    if k == 1 {
        one(&mut s, first);
        let method = if channels_json.len() == 1 {
            "publish"
        } else {
            "broadcast"
        };
        return (method, s.into_bytes());
    }
    let key = if channels_json.len() == 1 {
        "publish"
    } else {
        "broadcast"
    };
    s.push_str("{\"commands\":[");
    for n in first..first + k {
        if n > first {
            s.push(',');
        }
        let _ = write!(s, "{{\"{key}\":");
        one(&mut s, n);
        s.push('}');
    }
    s.push_str("]}");
    ("batch", s.into_bytes())
}

/// The first API error in a response body: top level, per channel of a broadcast, or per
/// command of a batch.
pub fn response_error(body: &[u8]) -> Option<ApiError> {
    fn find(v: &serde_json::Value) -> Option<ApiError> {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(e) = m.get("error") {
                    if let Ok(e) = serde_json::from_value::<ApiError>(e.clone()) {
                        return Some(e);
                    }
                }
                m.values().find_map(find)
            }
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    // Cheap check first: successful answers never mention an error.
    if !body.windows(7).any(|w| w == b"\"error\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    find(&v)
}

type Answer = (Range<u64>, Duration, Result<(), ClientError>);

/// Publishes until the plan's duration is over, `stop` is cancelled, or a request fails
/// (requests in flight then finish). `on_round` sees the rounds handed out so far.
pub async fn publish(
    api: &Client,
    plan: &PublishPlan,
    stop: &CancellationToken,
    on_round: &dyn Fn(u64),
) -> PublishOutcome {
    let channels_json: Arc<Vec<String>> = Arc::new(
        plan.channels
            .iter()
            .map(|c| serde_json::to_string(c).unwrap_or_default())
            .collect(),
    );
    let mut out = PublishOutcome::default();
    let mut inflight: tokio::task::JoinSet<Answer> = tokio::task::JoinSet::new();
    let start = tokio::time::Instant::now();
    let end = start + plan.duration;
    let batch = plan.batch.max(1);
    let mut next: u64 = 0;
    let mut failing = false;
    let absorb = |out: &mut PublishOutcome, a: Answer| {
        let (rounds, took, r) = a;
        out.latency
            .record(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
        if let Err(e) = r {
            out.errors += 1;
            out.failed.push(rounds);
            out.first_error.get_or_insert(e);
        }
    };
    loop {
        if failing || stop.is_cancelled() || (plan.max_rounds > 0 && next >= plan.max_rounds) {
            break;
        }
        if let Some(rate) = plan.rate {
            // Request i is due at start + i × batch / rate; a late one goes at once.
            let due = start + Duration::from_secs_f64(next as f64 / rate);
            if due >= end {
                break;
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep_until(due) => {}
            }
        } else if tokio::time::Instant::now() >= end {
            break;
        }
        while inflight.len() >= plan.concurrency.max(1) {
            tokio::select! {
                () = stop.cancelled() => break,
                a = inflight.join_next() => {
                    if let Some(Ok(a)) = a {
                        failing |= a.2.is_err();
                        absorb(&mut out, a);
                    }
                }
            }
        }
        if failing || stop.is_cancelled() {
            break;
        }
        let k = if plan.max_rounds > 0 {
            batch.min(plan.max_rounds - next)
        } else {
            batch
        };
        let (method, body) = request_body(&channels_json, next, k, plan.size);
        let api = api.clone();
        let rounds = next..next + k;
        inflight.spawn(async move {
            let t0 = Instant::now();
            let r = match api.call_raw(method, body).await {
                Err(e) => Err(e),
                Ok(resp) if resp.status != 200 => Err(ClientError::Http {
                    status: resp.status,
                    body: String::from_utf8_lossy(&resp.body)
                        .trim()
                        .chars()
                        .take(200)
                        .collect(),
                }),
                Ok(resp) => response_error(&resp.body).map_or(Ok(()), |e| Err(ClientError::Api(e))),
            };
            (rounds, t0.elapsed(), r)
        });
        next += k;
        out.requests += 1;
        on_round(next);
    }
    // Requests in flight are bounded by the client's timeout.
    while let Some(a) = inflight.join_next().await {
        if let Ok(a) = a {
            absorb(&mut out, a);
        }
    }
    out.rounds = next;
    out.seconds = start.elapsed().as_secs_f64();
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies() {
        let one = vec!["\"a\"".to_string()];
        let (m, b) = request_body(&one, 4, 1, 50);
        assert_eq!(m, "publish");
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["channel"], "a");
        assert_eq!(v["data"]["n"], 4);
        assert_eq!(serde_json::to_string(&v["data"]).unwrap().len(), 50);
        let two = vec!["\"a\"".to_string(), "\"b\"".to_string()];
        let (m, b) = request_body(&two, 0, 1, 0);
        assert_eq!(m, "broadcast");
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["channels"], serde_json::json!(["a", "b"]));
        let (m, b) = request_body(&two, 10, 3, 0);
        assert_eq!(m, "batch");
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        let cmds = v["commands"].as_array().unwrap();
        assert_eq!(cmds.len(), 3);
        assert_eq!(cmds[2]["broadcast"]["data"]["n"], 12);
        let (_, b) = request_body(&one, 0, 2, 0);
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["commands"][1]["publish"]["channel"], "a");
    }

    #[test]
    fn errors_are_found_anywhere_in_a_response() {
        assert!(response_error(br#"{"result":{"offset":3}}"#).is_none());
        let e = response_error(br#"{"error":{"code":102,"message":"unknown channel"}}"#).unwrap();
        assert_eq!((e.code, e.message.as_str()), (102, "unknown channel"));
        let e = response_error(
            br#"{"result":{"responses":[{"result":{}},{"error":{"code":103,"message":"permission denied"}}]}}"#,
        )
        .unwrap();
        assert_eq!(e.code, 103);
        let e = response_error(
            br#"{"replies":[{"publish":{}},{"error":{"code":111,"message":"too many"}}]}"#,
        )
        .unwrap();
        assert_eq!(e.code, 111);
    }

    #[test]
    fn sessions_count_frames() {
        let mut s = Session {
            pong: true,
            tracker: SeqTracker::default(),
            samples: Vec::new(),
        };
        let frame = concat!(
            r#"{"push":{"channel":"c","pub":{"data":{"n":0,"t":100,"p":"x"}}}}"#,
            "\n{}\n",
            r#"{"push":{"channel":"c","pub":{"data":{"n":1,"t":150},"offset":2}}}"#,
            "\n",
            r#"{"push":{"channel":"c","join":{"info":{}}}}"#
        );
        assert_eq!(s.frame(frame, 200, true), (2, true));
        assert_eq!(s.samples, vec![100, 50]);
        assert_eq!(s.tracker.tally(2, &[]).missing, 0);
        s.pong = false;
        assert_eq!(s.frame("{}", 0, true), (0, false));
    }

    #[test]
    fn the_clock_moves_forward() {
        let a = clock_us();
        std::thread::sleep(Duration::from_millis(2));
        assert!(clock_us() > a);
    }
}

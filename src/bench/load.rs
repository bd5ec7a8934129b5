//! The load of `centri bench`: subscribers (real clients of protocol v2, as `centri sub`
//! is: JSON or Protobuf over WebSocket, or JSON over HTTP streaming or SSE; `connect` and
//! `subscribe` in the first frame, pings answered; see [`link`]) and a publisher (the HTTP
//! server API through the typed client: `publish`, `broadcast` for several channels, `batch`
//! for several rounds per request).
//!
//! A subscriber counts its publications by sequence number ([`SeqTracker`]) and feeds the
//! shared latency histogram once per frame, so a frame of many messages costs one lock. All
//! waits are bounded: the handshake by the request timeout, the run by a cancellation token.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::OwnedSemaphorePermit;
use tokio_util::sync::CancellationToken;

use super::accounting::{payload, Latency, SeqTracker};
use crate::client::{Client, ClientError};
use crate::proto::ApiError;

mod link;

use link::Read;
pub(crate) use link::{open_ws, Ws};

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
    #[error("no answer from {url} within {secs:.1}s")]
    Timeout { url: String, secs: f64 },
    #[error("{url} refused the WebSocket upgrade: HTTP {status}")]
    Upgrade { url: String, status: u16 },
    /// An HTTP streaming or SSE endpoint answered with an error status.
    #[error("{url} answered HTTP {status}")]
    Refused { url: String, status: u16 },
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
    /// Bytes of the frames (WebSocket) or chunks (HTTP) read after the handshakes.
    pub bytes: AtomicU64,
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

/// How subscribers reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Websocket,
    /// `POST /connection/http_stream` (bidirectional emulation).
    HttpStream,
    /// `GET /connection/sse` (bidirectional emulation).
    Sse,
}

impl Transport {
    /// The name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Websocket => "websocket",
            Transport::HttpStream => "http_stream",
            Transport::Sse => "sse",
        }
    }
}

/// The client protocol's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Json,
    Protobuf,
}

impl Protocol {
    /// The name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Json => "json",
            Protocol::Protobuf => "protobuf",
        }
    }
}

/// Where and how one subscriber connects.
#[derive(Debug, Clone)]
pub enum Endpoint {
    /// `ws://HOST:PORT/connection/websocket`, with `?cf_protocol=protobuf` for Protobuf.
    Websocket { url: String, protobuf: bool },
    /// `http://HOST:PORT`: `/connection/http_stream` or `/connection/sse` (JSON), and
    /// `/emulation` for pongs. `client` is shared by a run's subscribers.
    Http {
        base: String,
        sse: bool,
        client: reqwest::Client,
    },
}

/// One subscriber's connection details.
#[derive(Debug, Clone)]
pub struct SubscriberSpec {
    pub endpoint: Endpoint,
    /// The connection token; empty: connect without one (the server's connect proxy decides).
    pub token: String,
    /// The connect command's `data` as JSON text (empty: none), e.g. `{"user":"bench-3"}`
    /// for a connect proxy.
    pub data: String,
    pub channel: String,
    /// Bound on opening the connection and on the connect/subscribe replies.
    pub timeout: Duration,
}

/// What a subscriber saw, returned when it stops.
#[derive(Debug, Default)]
pub struct SubscriberEnd {
    pub tracker: SeqTracker,
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
        r = link::handshake(&spec) => r,
    };
    let (mut link, mut session) = match connected {
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

    // Ends at `stop` or when the connection does.
    loop {
        let read = tokio::select! {
            () = stop.cancelled() => break,
            r = link.read(&mut session, latency) => r,
        };
        if session.bytes > 0 {
            shared
                .bytes
                .fetch_add(std::mem::take(&mut session.bytes), Ordering::Relaxed);
        }
        let got = match read {
            Read::Got(got) => got,
            Read::Closed(why) => {
                shared.closed(why);
                break;
            }
        };
        if got.count > 0 {
            shared.delivered.fetch_add(got.count, Ordering::Relaxed);
            shared
                .last_delivery_us
                .fetch_max(clock_us(), Ordering::Relaxed);
            if !session.samples.is_empty() {
                let mut l = lock(&shared.latency);
                for s in session.samples.drain(..) {
                    l.record(s);
                }
            }
        }
        if got.pong {
            shared.pings.fetch_add(1, Ordering::Relaxed);
            if let Err(e) = link.pong().await {
                shared.closed(e);
                break;
            }
        }
    }
    link.close().await;
    SubscriberEnd {
        tracker: session.tracker,
    }
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

/// One API request whose answer only matters for its errors: an HTTP status other than 200,
/// or an API error anywhere in the body (see [`response_error`]).
pub async fn call_checked(api: &Client, method: &str, body: Vec<u8>) -> Result<(), ClientError> {
    let resp = api.call_raw(method, body).await?;
    if resp.status != 200 {
        return Err(ClientError::Http {
            status: resp.status,
            body: String::from_utf8_lossy(&resp.body)
                .trim()
                .chars()
                .take(200)
                .collect(),
        });
    }
    response_error(&resp.body).map_or(Ok(()), |e| Err(ClientError::Api(e)))
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
    publish_gated(api, plan, stop, on_round, &|_| true).await
}

/// How often a gated publisher looks again at its gate.
const GATE_POLL: Duration = Duration::from_millis(1);

/// [`publish`], with a gate: rounds up to `end` (exclusive) go out only once `may_send(end)`
/// says so, e.g. once the subscribers are close enough behind that their server queues stay
/// bounded. Waiting at the gate is bounded by the plan's duration and by `stop`.
pub async fn publish_gated(
    api: &Client,
    plan: &PublishPlan,
    stop: &CancellationToken,
    on_round: &dyn Fn(u64),
    may_send: &dyn Fn(u64) -> bool,
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
    'rounds: loop {
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
        // Bounded by the plan's end and `stop`.
        while !may_send(next + k) {
            if tokio::time::Instant::now() >= end {
                break 'rounds;
            }
            tokio::select! {
                () = stop.cancelled() => break 'rounds,
                () = tokio::time::sleep(GATE_POLL) => {}
            }
        }
        let (method, body) = request_body(&channels_json, next, k, plan.size);
        let api = api.clone();
        let rounds = next..next + k;
        inflight.spawn(async move {
            let t0 = Instant::now();
            let r = call_checked(&api, method, body).await;
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
    fn the_clock_moves_forward() {
        let a = clock_us();
        std::thread::sleep(Duration::from_millis(2));
        assert!(clock_us() > a);
    }
}

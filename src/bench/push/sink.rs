//! A loopback TLS HTTP server for the provider sinks, and the record of what a sink accepted.
//!
//! [`Sink::start`] serves a synchronous handler over HTTP/2 (and HTTP/1.1 when the acceptor
//! offers it) with hyper; every connection and the accept loop stop with [`Sink::stop`] or
//! when the sink is dropped. A TLS handshake that does not finish in 10 s is dropped.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::http::request::Parts;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

/// The largest request body a sink reads (APNs allows 4 KiB payloads, FCM 4 KiB data).
const MAX_BODY: usize = 64 * 1024;
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What a sink does with one request: its head and its whole body.
pub type Handler = Arc<dyn Fn(&Parts, &[u8]) -> Response<Full<Bytes>> + Send + Sync>;

/// A response with a JSON body.
pub fn json(status: u16, body: &serde_json::Value) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

/// A running sink.
pub struct Sink {
    addr: SocketAddr,
    stop: CancellationToken,
}

impl Sink {
    /// Binds a free loopback port and serves `handler` over TLS from `acceptor`.
    pub async fn start(acceptor: TlsAcceptor, handler: Handler) -> std::io::Result<Sink> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let stop = CancellationToken::new();
        let guard = stop.clone();
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    () = guard.cancelled() => break,
                    r = listener.accept() => r,
                };
                let Ok((tcp, _)) = accepted else {
                    // Out of descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                let (acceptor, handler, guard) = (acceptor.clone(), handler.clone(), guard.clone());
                tokio::spawn(async move {
                    let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    else {
                        return;
                    };
                    let service =
                        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                            let handler = handler.clone();
                            async move {
                                let (parts, body) = req.into_parts();
                                let resp = match Limited::new(body, MAX_BODY).collect().await {
                                    Ok(b) => handler(&parts, &b.to_bytes()),
                                    Err(e) => json(
                                        413,
                                        &serde_json::json!({"error": format!("request body: {e}")}),
                                    ),
                                };
                                Ok::<_, std::convert::Infallible>(resp)
                            }
                        });
                    let builder =
                        hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                    let conn = builder.serve_connection(TokioIo::new(tls), service);
                    tokio::select! {
                        _ = conn => {}
                        () = guard.cancelled() => {}
                    }
                });
            }
        });
        Ok(Sink { addr, stop })
    }

    /// `https://127.0.0.1:PORT` (the certificate names `127.0.0.1`).
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Stops accepting and closes every connection.
    pub fn stop(&self) {
        self.stop.cancel();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// What a sink accepted since the last [`Record::take`].
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// When the first request (accepted or not) arrived.
    pub first: Option<Instant>,
    /// When the last accepted push arrived.
    pub last: Option<Instant>,
    /// Pushes accepted.
    pub accepted: u64,
    /// Distinct device tokens among them.
    pub distinct: u64,
    /// Pushes to a token that had one already.
    pub duplicates: u64,
    /// Requests refused (bad credentials, malformed), and the first reason.
    pub rejected: u64,
    pub first_rejection: Option<String>,
}

#[derive(Default)]
struct State {
    first: Option<Instant>,
    last: Option<Instant>,
    accepted: u64,
    per_token: HashMap<Box<str>, u32>,
    rejected: u64,
    first_rejection: Option<String>,
}

/// The pushes a sink accepted, per device token.
#[derive(Default)]
pub struct Record {
    state: Mutex<State>,
}

impl Record {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes that a request arrived (for the time to the first request).
    pub fn arrived(&self, at: Instant) {
        let mut s = self.lock();
        if s.first.is_none() {
            s.first = Some(at);
        }
    }

    /// Counts one push accepted for `token`.
    pub fn accept(&self, token: &str) {
        let mut s = self.lock();
        s.accepted += 1;
        s.last = Some(Instant::now());
        *s.per_token.entry(token.into()).or_insert(0) += 1;
    }

    /// Counts one refused request.
    pub fn reject(&self, why: impl Into<String>) {
        let mut s = self.lock();
        s.rejected += 1;
        if s.first_rejection.is_none() {
            s.first_rejection = Some(why.into());
        }
    }

    /// Pushes accepted so far.
    pub fn accepted(&self) -> u64 {
        self.lock().accepted
    }

    /// The tally so far, and a fresh start.
    pub fn take(&self) -> Tally {
        let s = std::mem::take(&mut *self.lock());
        let distinct = s.per_token.len() as u64;
        Tally {
            first: s.first,
            last: s.last,
            accepted: s.accepted,
            distinct,
            duplicates: s.accepted - distinct,
            rejected: s.rejected,
            first_rejection: s.first_rejection,
        }
    }

    /// Waits until `n` pushes were accepted, polling every 5 ms, for at most `limit`. Whether
    /// they all arrived.
    pub async fn wait_for(&self, n: u64, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if self.accepted() >= n {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn record_counts_distinct_tokens_and_duplicates() {
        let r = Record::default();
        let t0 = Instant::now();
        r.arrived(t0);
        r.arrived(Instant::now());
        r.accept("a");
        r.accept("b");
        r.accept("a");
        r.reject("bad bearer");
        r.reject("second");
        let t = r.take();
        assert_eq!(t.first, Some(t0));
        assert_eq!((t.accepted, t.distinct, t.duplicates), (3, 2, 1));
        assert_eq!(t.rejected, 2);
        assert_eq!(t.first_rejection.as_deref(), Some("bad bearer"));
        assert!(t.last.is_some());
        let fresh = r.take();
        assert_eq!((fresh.accepted, fresh.rejected), (0, 0));
        assert!(fresh.first.is_none());
    }
}

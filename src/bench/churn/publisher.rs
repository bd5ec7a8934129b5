//! The churn run's publisher: one round at a time through the HTTP server API (`publish`
//! for one channel, `broadcast` for several), at a steady rate, with the two counters the
//! sessions' accounts hang on ([`super::window`]): rounds *sent* (the request has left) and
//! rounds *acknowledged* (every round below it was answered). One request in flight keeps both
//! exact; a request later than its slot goes at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::bench::load::{request_body, response_error};
use crate::client::{Client, ClientError};

/// The publisher's counters, read by every session.
#[derive(Debug, Default)]
pub struct Rounds {
    sent: AtomicU64,
    acked: AtomicU64,
    refused: Mutex<Vec<u64>>,
    first_error: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Rounds {
    /// Rounds whose request has left: every later round is published after this moment.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Acquire)
    }

    /// Every round below this one has been answered.
    pub fn acked(&self) -> u64 {
        self.acked.load(Ordering::Acquire)
    }

    /// Rounds the server refused or that failed in transit (not owed to anyone).
    pub fn refused(&self) -> Vec<u64> {
        lock(&self.refused).clone()
    }

    /// The first failure, as text.
    pub fn first_error(&self) -> Option<String> {
        lock(&self.first_error).clone()
    }
}

/// What to publish, and how often.
#[derive(Debug, Clone)]
pub struct Plan {
    pub channels: Vec<String>,
    /// Rounds per second.
    pub rate: f64,
    /// Bytes of publication data.
    pub size: usize,
}

/// Publishes rounds `0, 1, 2, ...` until `stop`; every request is bounded by the client's
/// timeout. Returns the rounds handed out.
pub async fn run(api: &Client, plan: &Plan, rounds: &Rounds, stop: &CancellationToken) -> u64 {
    let channels_json: Vec<String> = plan
        .channels
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    let start = tokio::time::Instant::now();
    let mut n: u64 = 0;
    loop {
        let due = start + Duration::from_secs_f64(n as f64 / plan.rate);
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep_until(due) => {}
        }
        let (method, body) = request_body(&channels_json, n, 1, plan.size);
        rounds.sent.store(n + 1, Ordering::Release);
        let r = match api.call_raw(method, body).await {
            Err(e) => Err(e.to_string()),
            Ok(resp) if resp.status != 200 => Err(ClientError::Http {
                status: resp.status,
                body: String::from_utf8_lossy(&resp.body)
                    .trim()
                    .chars()
                    .take(200)
                    .collect(),
            }
            .to_string()),
            Ok(resp) => {
                response_error(&resp.body).map_or(Ok(()), |e| Err(ClientError::Api(e).to_string()))
            }
        };
        if let Err(e) = r {
            lock(&rounds.refused).push(n);
            lock(&rounds.first_error).get_or_insert(e);
        }
        rounds.acked.store(n + 1, Ordering::Release);
        n += 1;
    }
    n
}

//! The floor of `centri bench push`: a plain client that sends N provider requests through one
//! reqwest client (one multiplexed HTTP/2 connection per host), at most `concurrency` in
//! flight, as fast as the provider answers. No queue, no store, no retries: what a push
//! server cannot beat on the same machine and connection.

use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};

/// How a floor run went.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// From the first request sent to the last answer.
    pub elapsed: Duration,
    /// Requests answered 2xx.
    pub ok: u64,
    /// Requests that failed or were answered otherwise, and the first such answer.
    pub failed: u64,
    pub first_failure: Option<String>,
}

/// Sends `request(i)` for `i` in `0..n`, at most `concurrency` in flight.
pub async fn run<F>(n: u64, concurrency: usize, request: F) -> Outcome
where
    F: Fn(u64) -> reqwest::RequestBuilder,
{
    let started = Instant::now();
    let mut out = Outcome::default();
    let mut answers = stream::iter(0..n)
        .map(|i| {
            let rb = request(i);
            async move {
                match rb.send().await {
                    Ok(r) if r.status().is_success() => {
                        // Read the body, as a sender does to learn the message id.
                        r.bytes().await.map(|_| ()).map_err(|e| e.to_string())
                    }
                    Ok(r) => {
                        let status = r.status();
                        let body = r.text().await.unwrap_or_default();
                        Err(format!(
                            "{status}: {}",
                            body.chars().take(200).collect::<String>()
                        ))
                    }
                    Err(e) => Err(e.to_string()),
                }
            }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some(r) = answers.next().await {
        match r {
            Ok(()) => out.ok += 1,
            Err(e) => {
                out.failed += 1;
                out.first_failure.get_or_insert(e);
            }
        }
    }
    out.elapsed = started.elapsed();
    out
}

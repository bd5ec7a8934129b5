//! The floor of `centri bench push` in a process of its own, as the server is: `bench push`
//! writes a [`Spec`] (the sink, the CA, the ready `Authorization` header, which devices, the
//! concurrency) and runs `centri bench push-floor SPEC`, which sends the requests with
//! [`crate::bench::push::floor::run`] on a single-threaded runtime and prints an [`Answer`]
//! (JSON) with its own CPU seconds.
//!
//! The floor is a process of its own so that both sides reach the sink the same way: over
//! loopback from another process, with their own runtime. In the same process as the sink, one
//! thread serves both ends, and no server can be measured that way.

use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::other;
use crate::bench::push::{apns, floor};
use crate::bench::sys;
use crate::cli::BenchPushProvider;
use crate::commands::{Class, Failure};

/// What the floor process does.
#[derive(Debug, Serialize, Deserialize)]
pub struct Spec {
    pub provider: BenchPushProvider,
    pub ca_pem: String,
    /// FCM: the `messages:send` URL; APNs: the base URL.
    pub url: String,
    /// The `Authorization` header: `Bearer <access token>` or `bearer <provider token>`.
    pub authorization: String,
    /// Device tokens `0..devices` of run `run` ([`BenchPushProvider::token`]).
    pub run: u64,
    pub devices: u64,
    pub concurrency: usize,
}

/// What it did.
#[derive(Debug, Serialize, Deserialize)]
pub struct Answer {
    pub elapsed_s: f64,
    pub ok: u64,
    pub failed: u64,
    pub first_failure: Option<String>,
    /// The process's CPU seconds when it was done.
    pub cpu_s: f64,
}

/// In `bench push`: runs the floor process for `spec` and reads its answer.
pub async fn run(exe: &Path, dir: &Path, spec: &Spec) -> Result<Answer, Failure> {
    let path = dir.join("floor-spec.json");
    let text = serde_json::to_string(spec).map_err(|e| other("floor")(e.to_string()))?;
    std::fs::write(&path, text).map_err(|e| other("floor")(format!("{}: {e}", path.display())))?;
    let child = tokio::process::Command::new(exe)
        .args(["-o", "json", "bench", "push-floor"])
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| other("cannot start the floor")(e.to_string()))?;
    // N requests at the sink's pace; bounded as the server's sends are.
    let limit = Duration::from_secs(60) + Duration::from_millis(spec.devices * 2);
    let out = tokio::time::timeout(limit, child.wait_with_output())
        .await
        .map_err(|_| other("floor")(format!("no answer in {} s", limit.as_secs())))?
        .map_err(|e| other("floor")(e.to_string()))?;
    if !out.status.success() {
        return Err(other("floor")(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| {
        other("floor")(format!(
            "{e}: {}",
            String::from_utf8_lossy(&out.stdout)
                .chars()
                .take(200)
                .collect::<String>()
        ))
    })
}

/// `centri bench push-floor SPEC`: the floor process.
pub async fn serve(spec: &Path) -> Result<ExitCode, Failure> {
    let text =
        std::fs::read(spec).map_err(|e| Failure::usage(format!("{}: {e}", spec.display())))?;
    let spec: Spec = serde_json::from_slice(&text)
        .map_err(|e| Failure::usage(format!("{}: {e}", spec.display())))?;
    let ca = reqwest::Certificate::from_pem(spec.ca_pem.as_bytes())
        .map_err(|e| Failure::usage(format!("ca_pem: {e}")))?;
    let builder = reqwest::Client::builder()
        .add_root_certificate(ca)
        .timeout(Duration::from_secs(30));
    let url = reqwest::Url::parse(&spec.url).map_err(|e| Failure::usage(format!("url: {e}")))?;
    let (n, c, run, auth) = (
        spec.devices,
        spec.concurrency,
        spec.run,
        &spec.authorization,
    );
    let outcome = match spec.provider {
        BenchPushProvider::Fcm => {
            let http = builder.build().map_err(|e| other("floor")(e.to_string()))?;
            let notification =
                BenchPushProvider::Fcm.notification()["fcm"]["message"]["notification"].clone();
            floor::run(n, c, |i| {
                let body = json!({"message": {
                    "token": BenchPushProvider::Fcm.token(run, i), "notification": notification}});
                http.post(url.clone())
                    .header("authorization", auth)
                    .header("content-type", "application/json")
                    .body(body.to_string())
            })
            .await
        }
        BenchPushProvider::Apns => {
            let http = builder
                .http2_prior_knowledge()
                .build()
                .map_err(|e| other("floor")(e.to_string()))?;
            let payload = BenchPushProvider::Apns.notification()["apns"]["payload"].to_string();
            floor::run(n, c, |i| {
                let mut u = url.clone();
                if let Ok(mut path) = u.path_segments_mut() {
                    path.pop_if_empty().extend([
                        "3",
                        "device",
                        &BenchPushProvider::Apns.token(run, i),
                    ]);
                }
                http.post(u)
                    .header("authorization", auth)
                    .header("apns-topic", apns::BUNDLE_ID)
                    .header("apns-push-type", "alert")
                    .body(payload.clone())
            })
            .await
        }
    };
    let answer = Answer {
        elapsed_s: outcome.elapsed.as_secs_f64(),
        ok: outcome.ok,
        failed: outcome.failed,
        first_failure: outcome.first_failure,
        cpu_s: sys::own_cpu(),
    };
    let text =
        serde_json::to_string(&answer).map_err(|e| Failure::new(Class::Other, e.to_string()))?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

//! `centri doctor`: reachability, auth, server version, latency and clock skew (from the HTTP
//! `Date` header), each as one check with a verdict.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::{io, Class, Ctx, Failure};
use crate::client::ClientError;

#[derive(Debug, Serialize)]
struct Check {
    #[serde(rename = "check")]
    name: &'static str,
    ok: bool,
    detail: String,
}

/// Clock skew allowed before the check fails: tokens use whole seconds, and `Date` too.
const MAX_SKEW: Duration = Duration::from_secs(2);

/// Signed skew in seconds (server minus local) from an HTTP date taken at `local`.
pub fn skew_secs(date: &str, local: SystemTime) -> Option<f64> {
    let server = httpdate::parse_http_date(date).ok()?;
    Some(match server.duration_since(local) {
        Ok(ahead) => ahead.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    })
}

pub async fn run(ctx: &Ctx) -> Result<ExitCode, Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client()?;
    let mut checks = Vec::new();
    let mut class = None;
    // 1. reachability and latency (median of 5 /health round trips)
    let mut lat = Vec::new();
    let mut date = None;
    let mut reach_err = None;
    for _ in 0..5 {
        match client.health().await {
            Ok(r) => {
                lat.push(r.elapsed);
                date = r.date.or(date);
            }
            Err(e) => {
                reach_err = Some(e);
                break;
            }
        }
    }
    if let Some(e) = reach_err {
        checks.push(Check {
            name: "reachable",
            ok: false,
            detail: e.to_string(),
        });
        class = Some(Class::Unreachable);
    } else {
        lat.sort();
        let median = lat[lat.len() / 2];
        checks.push(Check {
            name: "reachable",
            ok: true,
            detail: format!("{} answers /health", settings.server),
        });
        checks.push(Check {
            name: "latency",
            ok: true,
            detail: format!(
                "{:.1}ms median of {}",
                median.as_secs_f64() * 1000.0,
                lat.len()
            ),
        });
        // 2. auth + version
        match client.info().await {
            Ok(info) => {
                checks.push(Check {
                    name: "auth",
                    ok: true,
                    detail: "the API key is accepted".into(),
                });
                let versions: Vec<String> = info
                    .nodes
                    .iter()
                    .map(|n| format!("{} ({})", n.version, n.name))
                    .collect();
                checks.push(Check {
                    name: "version",
                    ok: true,
                    detail: versions.join(", "),
                });
            }
            Err(ClientError::Unauthorized) => {
                let detail = if settings.api_key.is_none() {
                    "no API key given (--api-key, CENTRI_API_KEY or a context)".to_string()
                } else {
                    "the server rejected the API key (HTTP 401)".to_string()
                };
                checks.push(Check {
                    name: "auth",
                    ok: false,
                    detail,
                });
                class = Some(Class::Auth);
            }
            Err(e) => {
                checks.push(Check {
                    name: "auth",
                    ok: false,
                    detail: e.to_string(),
                });
                class.get_or_insert(Class::Verdict);
            }
        }
        // 3. clock skew
        match date
            .as_deref()
            .and_then(|d| skew_secs(d, SystemTime::now()))
        {
            Some(s) => {
                let ok = s.abs() <= MAX_SKEW.as_secs_f64() + 1.0;
                checks.push(Check {
                    name: "clock skew",
                    ok,
                    detail: format!(
                        "server clock is {:+.0}s from this machine's{}",
                        s,
                        if ok {
                            ""
                        } else {
                            ": token exp/nbf checks will disagree"
                        }
                    ),
                });
                if !ok {
                    class.get_or_insert(Class::Verdict);
                }
            }
            None => checks.push(Check {
                name: "clock skew",
                ok: true,
                detail: "no Date header to compare".into(),
            }),
        }
    }
    let ok = checks.iter().all(|c| c.ok);
    let doc = serde_json::json!({"server": settings.server, "context": settings.context, "ok": ok, "checks": checks});
    ctx.out
        .emit(&doc, || {
            let rows: Vec<Vec<String>> = checks
                .iter()
                .map(|c| {
                    vec![
                        c.name.to_string(),
                        if c.ok { "ok".into() } else { "FAIL".into() },
                        c.detail.clone(),
                    ]
                })
                .collect();
            ctx.out.render_table(&["check", "result", "detail"], &rows)
        })
        .map_err(io)?;
    match class {
        None => Ok(ExitCode::SUCCESS),
        Some(c) => Ok(ExitCode::from(c.exit_code())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn skew_from_http_date() {
        let local = httpdate::parse_http_date("Sat, 28 Nov 2026 05:00:00 GMT").unwrap();
        assert_eq!(skew_secs("Sat, 28 Nov 2026 05:00:03 GMT", local), Some(3.0));
        assert_eq!(
            skew_secs("Sat, 28 Nov 2026 04:59:58 GMT", local),
            Some(-2.0)
        );
        assert_eq!(skew_secs("garbage", local), None);
    }
}

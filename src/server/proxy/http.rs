//! The HTTP proxy: a JSON POST per call on a pooled client of its own (idle connections kept
//! per backend host), a 200 with a proxy response as the only success.

use super::{wire, CallError, MAX_IN_FLIGHT, MAX_RESPONSE};
use crate::server::config::proxy::ProxyConfig;

pub(super) fn client(cfg: &ProxyConfig) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(MAX_IN_FLIGHT)
        .connect_timeout(cfg.timeout.value)
        .tcp_nodelay(true)
        .build()
        .map_err(|e| e.to_string())
}

pub(super) async fn call<Req, Resp>(
    c: &reqwest::Client,
    cfg: &ProxyConfig,
    req: &Req,
    headers: &[(String, String)],
) -> Result<Resp, CallError>
where
    Req: serde::Serialize,
    Resp: wire::Response,
{
    let body = serde_json::to_vec(req).map_err(|e| CallError::Garbage(format!("request: {e}")))?;
    let mut r = c
        .post(&cfg.endpoint)
        .header(reqwest::header::CONTENT_TYPE, "application/json");
    for (k, v) in headers {
        r = r.header(k.as_str(), v.as_str());
    }
    let mut resp = r.body(body).send().await.map_err(|e| classify(&e))?;
    let status = resp.status();
    if status != reqwest::StatusCode::OK {
        return Err(CallError::Status(format!(
            "HTTP {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
        if body.len() + chunk.len() > MAX_RESPONSE {
            return Err(CallError::Garbage(format!(
                "response body over {MAX_RESPONSE} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| {
        let head = String::from_utf8_lossy(&body[..body.len().min(64)]).into_owned();
        CallError::Garbage(format!("{e} (body starts {head:?})"))
    })
}

fn classify(e: &reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout
    } else if e.is_connect() {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            msg = s.to_string();
            src = s.source();
        }
        CallError::Unreachable(msg)
    } else {
        CallError::Unreachable(e.to_string())
    }
}

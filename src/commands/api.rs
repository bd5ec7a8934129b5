//! `centri api METHOD [JSON|-]`: the raw escape hatch to any server API method.

use std::process::ExitCode;

use super::{hint_for, io, parse_json, read_data, Class, Ctx, Failure};
use crate::cli::ApiArgs;

pub async fn run(ctx: &Ctx, a: ApiArgs) -> Result<ExitCode, Failure> {
    let text = match a.json.as_deref() {
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => "{}".to_string(),
        other => read_data(other)?,
    };
    let body = if text.is_empty() {
        serde_json::json!({})
    } else {
        parse_json(&text, "the request body")?
    };
    let client = ctx.client()?;
    let r = client
        .call_raw(&a.method, serde_json::to_vec(&body).unwrap_or_default())
        .await
        .map_err(Failure::from)?;
    match r.status {
        200 => {}
        404 => {
            return Err(Failure::new(
                Class::Rejected,
                format!("unknown API method {:?}", a.method),
            )
            .hint("see the methods in `centri api --help` or the server API docs"))
        }
        400 => {
            return Err(Failure::new(
                Class::Rejected,
                format!(
                    "the server could not decode the body for {:?} (HTTP 400)",
                    a.method
                ),
            )
            .hint("check field names and types"))
        }
        s => {
            let body = String::from_utf8_lossy(&r.body).trim().to_string();
            return Err(Failure::new(
                if s == 429 {
                    Class::RateLimited
                } else {
                    Class::Other
                },
                format!("HTTP {s}: {body}"),
            ));
        }
    }
    let v: serde_json::Value = serde_json::from_slice(&r.body)
        .map_err(|e| Failure::new(Class::Other, format!("unexpected response: {e}")))?;
    if let Some(e) = v.get("error") {
        let code = e["code"].as_u64().unwrap_or(0) as u32;
        let mut f = Failure::new(
            if code == 111 {
                Class::RateLimited
            } else {
                Class::Rejected
            },
            format!("code {code} {}", e["message"].as_str().unwrap_or("")),
        )
        .code(code);
        f.hint = hint_for(code, body.get("channel").and_then(|c| c.as_str()));
        return Err(f);
    }
    let result = v.get("result").cloned().unwrap_or(v);
    // Raw calls print JSON even on a terminal: there is no table for an arbitrary method.
    let text = ctx.out.render_json(&result);
    crate::output::write_stdout(&text).map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

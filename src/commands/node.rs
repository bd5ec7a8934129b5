//! `centri node ls|health`, with `--watch`: re-rendered in place on a terminal, appended
//! (one JSON document per line with -o json) when piped.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use super::{io, Class, Ctx, Failure};
use crate::cli::{NodeCmd, OutputFormat};
use crate::output::{node_cells, node_total_cells, write_stdout, Output};
use crate::proto::api;

/// The node table, with a total row. Rates come from `info`'s `metrics.items` (deltas over
/// `metrics.interval`); CPU and RSS from `process`. A dash: the node does not report it (yet).
pub fn render_nodes(out: &Output, info: &api::InfoResult) -> String {
    let mut rows: Vec<Vec<String>> = info
        .nodes
        .iter()
        .map(|n| {
            let mut cells = node_cells(n);
            cells.insert(1, n.version.clone());
            cells
        })
        .collect();
    let mut total = node_total_cells(info);
    total.insert(1, String::new());
    rows.push(total);
    out.render_table(
        &[
            "node",
            "version",
            "clients",
            "users",
            "channels",
            "subs",
            "uptime",
            "pub in/s",
            "msg out/s",
            "cpu",
            "rss",
        ],
        &rows,
    )
}

/// Runs `once` every `watch` (or once), bounded by `count` and Ctrl-C.
async fn repeat<F, Fut>(
    ctx: &Ctx,
    watch: Option<Duration>,
    count: Option<u64>,
    mut once: F,
) -> Result<ExitCode, Failure>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(serde_json::Value, String, bool), Failure>>,
{
    let Some(every) = watch else {
        let (doc, table, ok) = once().await?;
        ctx.out.emit(&doc, || table).map_err(io)?;
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(Class::Verdict.exit_code())
        });
    };
    let tty = std::io::stdout().is_terminal();
    let mut n = 0u64;
    let mut last_ok;
    loop {
        let (doc, table, ok) = match once().await {
            Ok(v) => v,
            Err(f) => (f.to_json(), format!("error: {}\n", f.message), false),
        };
        last_ok = ok;
        let text = if ctx.out.is_table() {
            let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
            let body = format!(
                "{stamp}  every {}\n{table}",
                humantime::format_duration(every)
            );
            if tty {
                format!("\x1b[H\x1b[2J{body}")
            } else {
                format!("{body}\n")
            }
        } else {
            let o = Output {
                format: OutputFormat::Ndjson,
                ..ctx.out.clone()
            };
            o.render_json(&doc)
        };
        write_stdout(&text).map_err(io)?;
        n += 1;
        if count.is_some_and(|c| n >= c) {
            break;
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    Ok(if last_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(Class::Verdict.exit_code())
    })
}

pub async fn run(ctx: &Ctx, cmd: NodeCmd) -> Result<ExitCode, Failure> {
    let client = ctx.client()?;
    match cmd {
        NodeCmd::Ls { watch, count } => {
            repeat(ctx, watch, count, || async {
                let info = client.info().await.map_err(Failure::from)?;
                let table = render_nodes(&ctx.out, &info);
                Ok((serde_json::to_value(&info).unwrap_or_default(), table, true))
            })
            .await
        }
        NodeCmd::Health { watch, count } => {
            repeat(ctx, watch, count, || async {
                let h = client.health().await.map_err(Failure::from)?;
                let endpoint_ok = h.status == 200;
                let api = match client.info().await {
                    Ok(i) => json!({"ok": true, "nodes": i.nodes.len()}),
                    Err(e) => json!({"ok": false, "error": e.to_string()}),
                };
                let api_ok = api["ok"] == true;
                let healthy = endpoint_ok && api_ok;
                let doc = json!({
                    "healthy": healthy,
                    "health_endpoint": {"status": h.status, "latency_ms": (h.elapsed.as_secs_f64() * 1e4).round() / 10.0},
                    "api": api,
                });
                let table = ctx.out.render_kv(&[
                    ("server".into(), client.base().to_string()),
                    ("status".into(), if healthy { "healthy".into() } else { "UNHEALTHY".into() }),
                    ("/health".into(), format!("HTTP {} in {:.1}ms", h.status, h.elapsed.as_secs_f64() * 1000.0)),
                    ("api".into(), if api_ok { format!("ok ({})", crate::output::count_of(api["nodes"].as_u64().unwrap_or(0), "node")) } else { api["error"].as_str().unwrap_or("").to_string() }),
                ]);
                Ok((doc, table, healthy))
            })
            .await
        }
    }
}

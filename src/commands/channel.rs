//! `centri channel ls|presence|stats|history|history-rm|resolve`.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use super::{io, with_channel, Ctx, Failure};
use crate::cli::ChannelCmd;
use crate::proto::{api, StreamPosition};

fn compact(raw: Option<&crate::proto::Raw>) -> String {
    raw.map(|r| r.get().to_string()).unwrap_or_default()
}

/// Parses `OFFSET` or `OFFSET:EPOCH`.
pub fn parse_since(s: &str) -> Result<StreamPosition, Failure> {
    let (off, epoch) = s.split_once(':').unwrap_or((s, ""));
    let offset = off
        .parse::<u64>()
        .map_err(|_| Failure::usage(format!("--since {s:?}: expected OFFSET or OFFSET:EPOCH")))?;
    Ok(StreamPosition {
        offset,
        epoch: epoch.to_string(),
    })
}

pub async fn run(ctx: &Ctx, cmd: ChannelCmd) -> Result<ExitCode, Failure> {
    match cmd {
        ChannelCmd::Resolve { channel, config } => {
            return resolve(ctx, &channel, config.as_deref()).await
        }
        ChannelCmd::HistoryRm { channel } => {
            ctx.writable()?;
            let client = ctx.client()?;
            ctx.confirm(&format!(
                "remove the history of {channel} on {}",
                client.base()
            ))?;
            client
                .history_remove(&channel)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&json!({}), || {
                    format!("history of {channel} removed (the stream position stays)\n")
                })
                .map_err(io)?;
        }
        ChannelCmd::Ls { pattern } => {
            let res = ctx
                .client()?
                .channels(pattern.as_deref().unwrap_or(""))
                .await
                .map_err(Failure::from)?;
            ctx.out
                .emit(&res, || {
                    let mut rows: Vec<(String, u32)> = res
                        .channels
                        .iter()
                        .map(|(c, i)| (c.clone(), i.num_clients))
                        .collect();
                    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    let rows: Vec<Vec<String>> = rows
                        .into_iter()
                        .map(|(c, n)| vec![c, n.to_string()])
                        .collect();
                    ctx.out.render_table(&["channel", "clients"], &rows)
                })
                .map_err(io)?;
        }
        ChannelCmd::Presence { channel } => {
            let res = ctx
                .client()?
                .presence(&channel)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&res, || {
                    let rows: Vec<Vec<String>> = res
                        .presence
                        .values()
                        .map(|i| {
                            vec![
                                i.client.clone(),
                                i.user.clone(),
                                compact(i.conn_info.as_ref()),
                                compact(i.chan_info.as_ref()),
                            ]
                        })
                        .collect();
                    ctx.out
                        .render_table(&["client", "user", "conn info", "chan info"], &rows)
                })
                .map_err(io)?;
        }
        ChannelCmd::Stats { channel } => {
            let res = ctx
                .client()?
                .presence_stats(&channel)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&res, || {
                    ctx.out.render_kv(&[
                        ("channel".into(), channel.clone()),
                        ("clients".into(), res.num_clients.to_string()),
                        ("users".into(), res.num_users.to_string()),
                    ])
                })
                .map_err(io)?;
        }
        ChannelCmd::History {
            channel,
            limit,
            since,
            reverse,
        } => {
            let since = since.as_deref().map(parse_since).transpose()?;
            let req = api::HistoryRequest {
                channel: channel.clone(),
                limit,
                since,
                reverse,
            };
            let res = ctx
                .client()?
                .history(&req)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&res, || {
                    let rows: Vec<Vec<String>> = res
                        .publications
                        .iter()
                        .map(|p| {
                            let tags = p
                                .tags
                                .iter()
                                .map(|(k, v)| format!("{k}={v}"))
                                .collect::<Vec<_>>()
                                .join(",");
                            let from = p
                                .info
                                .as_ref()
                                .map(|i| format!("{} ({})", i.user, i.client))
                                .unwrap_or_default();
                            vec![p.offset.to_string(), p.data.get().to_string(), from, tags]
                        })
                        .collect();
                    let mut s = ctx
                        .out
                        .render_table(&["offset", "data", "publisher", "tags"], &rows);
                    let _ = writeln!(s, "stream: offset {} epoch {}", res.offset, res.epoch);
                    s
                })
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The namespace and effective options of a channel: offline under a config file, or from
/// the server (its `/admin/explain`, which resolves with the live config).
async fn resolve(ctx: &Ctx, channel: &str, config: Option<&str>) -> Result<ExitCode, Failure> {
    let denied = |code: u32, message: &str| {
        let mut f = Failure::verdict(format!("{channel}: code {code} {message}")).code(code);
        f.hint = super::hint_for(code, Some(channel));
        f
    };
    let (namespace, private, history, options) = if let Some(config) = config {
        let env: std::collections::HashMap<String, String> = std::env::vars().collect();
        let loaded = crate::server::config::load_file(config, &env)
            .map_err(|e| Failure::verdict(e.to_string()))?;
        let r = crate::server::permissions::resolve(&loaded.config, channel)
            .map_err(|e| denied(e.code, &e.message))?;
        (
            r.namespace.to_string(),
            r.private,
            r.options.history_enabled(),
            serde_json::to_value(r.options).unwrap_or_default(),
        )
    } else {
        let settings = ctx.settings()?;
        let req = crate::proto::explain::ExplainRequest {
            op: "subscribe".into(),
            channel: channel.to_string(),
            ..crate::proto::explain::ExplainRequest::default()
        };
        let r = ctx
            .client()?
            .explain(settings.admin_key.as_deref(), &req)
            .await
            .map_err(|e| match e {
                crate::client::ClientError::Http {
                    status: 404 | 405, ..
                } => Failure::new(
                    super::Class::Rejected,
                    "the server cannot resolve channels (no /admin/explain)",
                )
                .hint("pass --config FILE to resolve offline"),
                other => Failure::from(other),
            })?;
        if r.namespace_key.is_empty() {
            return Err(denied(r.code, &r.message));
        }
        let history = r.options["history_size"].as_u64().unwrap_or(0) > 0
            && !matches!(r.options["history_ttl"].as_str(), None | Some("0s"));
        (r.namespace, channel.starts_with('$'), history, r.options)
    };
    let r_namespace = namespace.as_str();
    let doc = json!({
        "channel": channel,
        "namespace": r_namespace,
        "private": private,
        "history": history,
        "options": options,
    });
    ctx.out
        .emit(&doc, || {
            let mut pairs = vec![
                ("channel".to_string(), channel.to_string()),
                (
                    "namespace".to_string(),
                    if r_namespace.is_empty() {
                        "(without_namespace)".into()
                    } else {
                        r_namespace.to_string()
                    },
                ),
                ("private".to_string(), private.to_string()),
            ];
            if let Some(m) = options.as_object() {
                for (k, v) in m {
                    let set = match v {
                        serde_json::Value::Bool(b) => *b,
                        serde_json::Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
                        serde_json::Value::String(s) => !s.is_empty() && s != "0s",
                        serde_json::Value::Array(a) => !a.is_empty(),
                        _ => false,
                    };
                    if set && k != "name" {
                        pairs.push((k.clone(), v.to_string().trim_matches('"').to_string()));
                    }
                }
            }
            ctx.out.render_kv(&pairs)
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn since_parses() {
        assert_eq!(
            parse_since("5").unwrap(),
            StreamPosition {
                offset: 5,
                epoch: String::new()
            }
        );
        assert_eq!(
            parse_since("5:abc").unwrap(),
            StreamPosition {
                offset: 5,
                epoch: "abc".into()
            }
        );
        assert!(parse_since("x:abc").is_err());
    }
}

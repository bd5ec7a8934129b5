//! `centri map state|stream|publish|rm|stats|clear`: map channels through the server API. The
//! state follows the server's pages (each page printed as it arrives with `-o ndjson`).

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use super::channel::parse_since;
use super::{io, parse_json, read_data, with_channel, written, Ctx, Failure};
use crate::cli::{KeyMode, MapCmd, OutputFormat};
use crate::proto::map::{
    MapEntry, MapPublishRequest, MapReadStateRequest, MapReadStreamRequest, MapRemoveRequest,
    MapUpdateResult,
};

/// The most state pages followed (a bound on a server that keeps handing out cursors).
const MAX_PAGES: usize = 100_000;

fn value_text(e: &MapEntry) -> String {
    if e.removed {
        return "(removed)".into();
    }
    if let Some(i) = &e.info {
        // a presence map's entry: who
        return format!("user {:?} client {}", i.user, i.client);
    }
    match &e.data {
        Some(d) => d.get().to_string(),
        None => format!("b64:{}", e.b64data),
    }
}

fn tags_text(e: &MapEntry) -> String {
    e.tags
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn when(e: &MapEntry) -> String {
    if e.time == 0 {
        String::new()
    } else {
        crate::output::utc_time(e.time / 1000)
    }
}

/// Reports a write: the position, or why it was suppressed.
fn report(ctx: &Ctx, channel: &str, key: &str, r: &MapUpdateResult) -> Result<(), Failure> {
    ctx.out
        .emit(r, || {
            let mut pairs = vec![
                ("channel".to_string(), channel.to_string()),
                ("key".into(), key.to_string()),
            ];
            if r.suppressed {
                pairs.push(("suppressed".into(), r.suppress_reason.clone()));
            } else if r.offset > 0 {
                pairs.push(("offset".into(), r.offset.to_string()));
                pairs.push(("epoch".into(), r.epoch.clone()));
            } else {
                pairs.push(("stream".into(), "none (ephemeral map)".into()));
            }
            ctx.out.render_kv(&pairs)
        })
        .map_err(io)
}

pub async fn run(ctx: &Ctx, cmd: MapCmd) -> Result<ExitCode, Failure> {
    let client = ctx.client()?;
    match cmd {
        MapCmd::State {
            channel,
            key,
            page_size,
            limit,
        } => {
            let want = limit.unwrap_or(usize::MAX);
            let ndjson = ctx.out.format == OutputFormat::Ndjson;
            let mut all: Vec<MapEntry> = Vec::new();
            let mut cursor = String::new();
            let (mut offset, mut epoch) = (0, String::new());
            for _ in 0..MAX_PAGES {
                let page = client
                    .map_read_state(&MapReadStateRequest {
                        channel: channel.clone(),
                        cursor: cursor.clone(),
                        limit: page_size.map_or(0, |p| i32::try_from(p).unwrap_or(i32::MAX)),
                        key: key.clone().unwrap_or_default(),
                    })
                    .await
                    .map_err(|e| with_channel(e, &channel))?;
                if offset == 0 {
                    (offset, epoch) = (page.offset, page.epoch.clone());
                }
                let room = want - all.len();
                let got: Vec<MapEntry> = page.entries.into_iter().take(room).collect();
                if ndjson {
                    for e in &got {
                        written(crate::output::write_stdout(&ctx.out.render_json(e)))?;
                    }
                }
                all.extend(got);
                if page.cursor.is_empty() || all.len() >= want {
                    break;
                }
                cursor = page.cursor;
            }
            if ndjson {
                return Ok(ExitCode::SUCCESS);
            }
            ctx.out
                .emit(
                    &json!({"entries": all, "offset": offset, "epoch": epoch}),
                    || {
                        let rows: Vec<Vec<String>> = all
                            .iter()
                            .map(|e| {
                                vec![
                                    e.key.clone(),
                                    value_text(e),
                                    if e.offset > 0 {
                                        e.offset.to_string()
                                    } else {
                                        String::new()
                                    },
                                    tags_text(e),
                                    when(e),
                                ]
                            })
                            .collect();
                        let mut s = ctx
                            .out
                            .render_table(&["key", "value", "offset", "tags", "written"], &rows);
                        let n = all.len();
                        if epoch.is_empty() {
                            let _ = writeln!(s, "{n} keys");
                        } else {
                            let _ = writeln!(s, "{n} keys; stream: offset {offset} epoch {epoch}");
                        }
                        s
                    },
                )
                .map_err(io)?;
        }
        MapCmd::Stream {
            channel,
            since,
            limit,
            reverse,
        } => {
            let since = since.as_deref().map(parse_since).transpose()?;
            let res = client
                .map_read_stream(&MapReadStreamRequest {
                    channel: channel.clone(),
                    limit: limit.map_or(0, |l| i32::try_from(l).unwrap_or(i32::MAX)),
                    reverse,
                    since_offset: since.as_ref().map_or(0, |s| s.offset),
                    since_epoch: since.map(|s| s.epoch).unwrap_or_default(),
                })
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&res, || {
                    let rows: Vec<Vec<String>> = res
                        .entries
                        .iter()
                        .map(|e| {
                            vec![
                                e.offset.to_string(),
                                e.key.clone(),
                                value_text(e),
                                tags_text(e),
                                when(e),
                            ]
                        })
                        .collect();
                    let mut s = ctx
                        .out
                        .render_table(&["offset", "key", "change", "tags", "written"], &rows);
                    let _ = writeln!(s, "stream: offset {} epoch {}", res.offset, res.epoch);
                    s
                })
                .map_err(io)?;
        }
        MapCmd::Publish {
            channel,
            key,
            data,
            tags,
            key_mode,
            pub_version,
            version_epoch,
            idempotency_key,
        } => {
            ctx.writable()?;
            let text = read_data(data.as_deref())?;
            let value = parse_json(&text, "data")?;
            let raw = serde_json::value::to_raw_value(&value)
                .map_err(|e| Failure::usage(format!("cannot encode data: {e}")))?;
            let r = client
                .map_publish(&MapPublishRequest {
                    channel: channel.clone(),
                    key: key.clone(),
                    data: Some(raw),
                    b64data: String::new(),
                    tags: tags.into_iter().collect(),
                    idempotency_key: idempotency_key.unwrap_or_default(),
                    key_mode: match key_mode {
                        None => String::new(),
                        Some(KeyMode::IfNew) => "if_new".into(),
                        Some(KeyMode::IfExists) => "if_exists".into(),
                    },
                    version: pub_version.unwrap_or_default(),
                    version_epoch: version_epoch.unwrap_or_default(),
                })
                .await
                .map_err(|e| with_channel(e, &channel))?;
            report(ctx, &channel, &key, &r)?;
        }
        MapCmd::Rm { channel, key } => {
            ctx.writable()?;
            let r = client
                .map_remove(&MapRemoveRequest {
                    channel: channel.clone(),
                    key: key.clone(),
                    idempotency_key: String::new(),
                })
                .await
                .map_err(|e| with_channel(e, &channel))?;
            report(ctx, &channel, &key, &r)?;
        }
        MapCmd::Stats { channel } => {
            let r = client
                .map_stats(&channel)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&r, || format!("{} keys\n", r.num_keys))
                .map_err(io)?;
        }
        MapCmd::Clear { channel } => {
            ctx.writable()?;
            ctx.confirm(&format!("forget every key and the stream of map {channel}"))?;
            client
                .map_clear(&channel)
                .await
                .map_err(|e| with_channel(e, &channel))?;
            ctx.out
                .emit(&json!({"cleared": channel}), || {
                    format!("map {channel} cleared\n")
                })
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

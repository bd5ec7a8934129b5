//! `centri pub` and `centri broadcast`: publications through the server API.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;

use super::{io, parse_json, read_data, with_channel, Class, Ctx, Failure};
use crate::cli::{BroadcastArgs, PubArgs, PublishOpts};
use crate::proto::{api, Raw};

fn raw(v: &serde_json::Value) -> Result<Raw, Failure> {
    serde_json::value::to_raw_value(v)
        .map_err(|e| Failure::usage(format!("cannot encode data: {e}")))
}

fn tags(o: &PublishOpts) -> BTreeMap<String, String> {
    o.tags.iter().cloned().collect()
}

/// The data of publication `n` of a `--count` run: `{{ n }}` and `{{n}}` become `n`. (Help
/// texts spell it `{{ n }}`: clap renders a literal `{n}` as a line break.)
fn fill_seq(template: &str, n: u32) -> String {
    let n = n.to_string();
    template.replace("{{ n }}", &n).replace("{{n}}", &n)
}

/// `centri pub CHANNEL [DATA|-|@file] [--count N]`.
pub async fn publish(ctx: &Ctx, a: PubArgs) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let template = read_data(a.data.as_deref())?;
    let client = ctx.client()?;
    let base = api::PublishRequest {
        channel: a.channel.clone(),
        tags: tags(&a.opts),
        skip_history: a.opts.skip_history,
        idempotency_key: a.opts.idempotency_key.clone().unwrap_or_default(),
        delta: a.opts.delta,
        version: a.opts.pub_version.unwrap_or_default(),
        version_epoch: a.opts.version_epoch.clone().unwrap_or_default(),
        ..api::PublishRequest::default()
    };
    if a.count == 1 {
        let data = parse_json(&template, "data")?;
        let req = api::PublishRequest {
            data: Some(raw(&data)?),
            ..base
        };
        let res = client
            .publish(&req)
            .await
            .map_err(|e| with_channel(e, &a.channel))?;
        ctx.out
            .emit(&res, || {
                let mut pairs = vec![("channel".to_string(), a.channel.clone())];
                if res.offset > 0 {
                    pairs.push(("offset".into(), res.offset.to_string()));
                    pairs.push(("epoch".into(), res.epoch.clone()));
                } else {
                    pairs.push(("history".into(), "off (no offset)".into()));
                }
                ctx.out.render_kv(&pairs)
            })
            .map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let (mut first, mut last) = (None, None);
    for n in 1..=a.count {
        let text = fill_seq(&template, n);
        let data = parse_json(&text, "data")?;
        let req = api::PublishRequest {
            data: Some(raw(&data)?),
            ..base.clone()
        };
        let res = client.publish(&req).await.map_err(|e| {
            let mut f = with_channel(e, &a.channel);
            f.message = format!("publication {n} of {}: {}", a.count, f.message);
            if n > 1 {
                f.class = Class::Partial;
            }
            f
        })?;
        first.get_or_insert(res.offset);
        last = Some(res.offset);
    }
    let secs = started.elapsed().as_secs_f64();
    let summary = json!({
        "channel": a.channel,
        "published": a.count,
        "first_offset": first.filter(|o| *o > 0),
        "last_offset": last.filter(|o| *o > 0),
        "seconds": (secs * 1000.0).round() / 1000.0,
        "per_second": (f64::from(a.count) / secs.max(1e-9)).round(),
    });
    ctx.out
        .emit(&summary, || {
            ctx.out.render_kv(&[
                ("channel".into(), a.channel.clone()),
                ("published".into(), a.count.to_string()),
                (
                    "offsets".into(),
                    match (first, last) {
                        (Some(f), Some(l)) if f > 0 => format!("{f}..{l}"),
                        _ => "history off".into(),
                    },
                ),
                ("took".into(), crate::output::took(u64::from(a.count), secs)),
            ])
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

/// `centri broadcast CH... DATA`.
pub async fn broadcast(ctx: &Ctx, a: BroadcastArgs) -> Result<ExitCode, Failure> {
    ctx.writable()?;
    let mut channels = a.args.clone();
    let data_arg = if let Some(d) = a.data.clone() {
        d
    } else {
        if channels.len() < 2 {
            return Err(
                Failure::usage("broadcast needs at least one channel and the data")
                    .hint("centri broadcast chat:a chat:b '{\"text\":\"hi\"}'"),
            );
        }
        channels.pop().unwrap_or_default()
    };
    let data = parse_json(&read_data(Some(&data_arg))?, "data")?;
    let client = ctx.client()?;
    let req = api::BroadcastRequest {
        channels: channels.clone(),
        data: Some(raw(&data)?),
        tags: tags(&a.opts),
        skip_history: a.opts.skip_history,
        idempotency_key: a.opts.idempotency_key.clone().unwrap_or_default(),
        delta: a.opts.delta,
        version: a.opts.pub_version.unwrap_or_default(),
        version_epoch: a.opts.version_epoch.clone().unwrap_or_default(),
        ..api::BroadcastRequest::default()
    };
    let res = client.broadcast(&req).await.map_err(Failure::from)?;
    ctx.out
        .emit(&res, || {
            let rows: Vec<Vec<String>> = channels
                .iter()
                .zip(&res.responses)
                .map(|(ch, r)| match (&r.result, &r.error) {
                    (_, Some(e)) => vec![
                        ch.clone(),
                        "-".into(),
                        "-".into(),
                        format!("{} {}", e.code, e.message),
                    ],
                    (Some(p), None) => vec![
                        ch.clone(),
                        if p.offset > 0 {
                            p.offset.to_string()
                        } else {
                            "-".into()
                        },
                        p.epoch.clone(),
                        "ok".into(),
                    ],
                    (None, None) => vec![ch.clone(), "-".into(), "-".into(), "ok".into()],
                })
                .collect();
            ctx.out
                .render_table(&["channel", "offset", "epoch", "result"], &rows)
        })
        .map_err(io)?;
    let failed: Vec<(&String, &crate::proto::ApiError)> = channels
        .iter()
        .zip(&res.responses)
        .filter_map(|(c, r)| r.error.as_ref().map(|e| (c, e)))
        .collect();
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let (ch, e) = failed[0];
    let class = if failed.len() == channels.len() {
        Class::Rejected
    } else {
        Class::Partial
    };
    let mut f = Failure::new(
        class,
        format!(
            "{} of {} channels failed; {ch}: code {} {}",
            failed.len(),
            channels.len(),
            e.code,
            e.message
        ),
    )
    .code(e.code);
    f.hint = super::hint_for(e.code, Some(ch));
    Err(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_placeholder_with_or_without_spaces() {
        assert_eq!(
            fill_seq(r#"{"n":{{ n }},"m":{{n}}}"#, 7),
            r#"{"n":7,"m":7}"#
        );
        assert_eq!(fill_seq(r#"{"n":"{{ x }}"}"#, 7), r#"{"n":"{{ x }}"}"#);
    }
}

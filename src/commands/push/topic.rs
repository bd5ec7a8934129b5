//! `centri push topic ls|add|rm`: the topics of one device (`device_topic_list`,
//! `device_topic_update`) or one user (`user_topic_list`, `user_topic_update`).

use std::process::ExitCode;

use serde_json::json;

use super::{failure, pages};
use crate::cli::{PushTopicCmd, TopicOwner};
use crate::commands::{io, Ctx, Failure};
use crate::proto::push as wire;

fn owner_name(o: &TopicOwner) -> String {
    match (&o.device, &o.user) {
        (Some(d), _) => format!("device {d}"),
        (None, Some(u)) => format!("user {u}"),
        (None, None) => String::new(),
    }
}

pub(super) async fn run(ctx: &Ctx, cmd: PushTopicCmd) -> Result<ExitCode, Failure> {
    match cmd {
        PushTopicCmd::Ls { owner, limit } => {
            let client = ctx.client()?;
            let (rows, more) = if let Some(device) = &owner.device {
                let (items, more) = pages(limit, |cursor, limit| {
                    let req = wire::DeviceTopicListRequest {
                        filter: wire::DeviceTopicFilter {
                            device_ids: vec![device.clone()],
                            ..wire::DeviceTopicFilter::default()
                        },
                        cursor,
                        limit,
                        ..wire::DeviceTopicListRequest::default()
                    };
                    let client = client.clone();
                    async move { client.device_topic_list(&req).await }
                })
                .await?;
                let rows: Vec<serde_json::Value> = items
                    .iter()
                    .map(|t| serde_json::to_value(t).unwrap_or_default())
                    .collect();
                (rows, more)
            } else {
                let user = owner.user.clone().unwrap_or_default();
                let (items, more) = pages(limit, |cursor, limit| {
                    let req = wire::UserTopicListRequest {
                        filter: wire::UserTopicFilter {
                            users: vec![user.clone()],
                            ..wire::UserTopicFilter::default()
                        },
                        cursor,
                        limit,
                        ..wire::UserTopicListRequest::default()
                    };
                    let client = client.clone();
                    async move { client.user_topic_list(&req).await }
                })
                .await?;
                let rows: Vec<serde_json::Value> = items
                    .iter()
                    .map(|t| serde_json::to_value(t).unwrap_or_default())
                    .collect();
                (rows, more)
            };
            ctx.out
                .emit_list(&rows, || {
                    let table: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| vec![r["topic"].as_str().unwrap_or_default().to_string()])
                        .collect();
                    ctx.out.render_table(&["topic"], &table)
                })
                .map_err(io)?;
            if more {
                ctx.out.notice(&format!(
                    "{} has more topics than the {} shown: raise --limit (0 prints all)",
                    owner_name(&owner),
                    rows.len()
                ));
            }
        }
        PushTopicCmd::Add { owner, topics } => update_topics(ctx, &owner, "add", topics).await?,
        PushTopicCmd::Rm { owner, topics } => {
            update_topics(ctx, &owner, "remove", topics).await?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `device_topic_update` or `user_topic_update` with `op`.
async fn update_topics(
    ctx: &Ctx,
    owner: &TopicOwner,
    op: &str,
    topics: Vec<String>,
) -> Result<(), Failure> {
    ctx.writable()?;
    let client = ctx.client()?;
    let mut doc = json!({ "op": op, "topics": topics });
    if let Some(device) = &owner.device {
        client
            .device_topic_update(&wire::DeviceTopicUpdateRequest {
                device_id: device.clone(),
                op: op.to_string(),
                topics: topics.clone(),
                user: String::new(),
            })
            .await
            .map_err(failure)?;
        doc["device"] = json!(device);
    } else {
        let user = owner.user.clone().unwrap_or_default();
        client
            .user_topic_update(&wire::UserTopicUpdateRequest {
                user: user.clone(),
                op: op.to_string(),
                topics: topics.clone(),
            })
            .await
            .map_err(failure)?;
        doc["user"] = json!(user);
    }
    let done = if op == "add" { "added" } else { "removed" };
    let to = if op == "add" { "to" } else { "from" };
    let reach = if owner.user.is_some() {
        " (and the user's devices)"
    } else {
        ""
    };
    ctx.out
        .emit(&doc, || {
            format!(
                "{done} {} {to} {}{reach}\n",
                topics.join(", "),
                owner_name(owner)
            )
        })
        .map_err(io)
}

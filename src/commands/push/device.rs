//! `centri push device register|ls|show|update|rm`. Tables never show a whole token
//! (`output::push_token`); JSON and NDJSON do. `update` and `rm` count what they select
//! first, so they can say what they touched and refuse ids that select nothing.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::json;

use super::{count, failure, pages};
use crate::cli::PushDeviceCmd;
use crate::commands::{io, Class, Ctx, Failure};
use crate::output::count_of;
use crate::proto::push::{self as wire, Device, DeviceFilter};

fn selection(ids: &[String], users: &[String]) -> String {
    let mut parts = Vec::new();
    if !ids.is_empty() {
        parts.push(format!("id {}", ids.join(", ")));
    }
    if !users.is_empty() {
        parts.push(format!("user {}", users.join(", ")));
    }
    parts.join(" and ")
}

fn no_device(what: &str) -> Failure {
    Failure::new(Class::Rejected, format!("no device {what}"))
        .hint("list them with `centri push device ls`")
}

pub(super) async fn run(ctx: &Ctx, cmd: PushDeviceCmd) -> Result<ExitCode, Failure> {
    match cmd {
        PushDeviceCmd::Register {
            provider,
            platform,
            token,
            user,
            topic,
            meta,
            timezone,
            locale,
            id,
        } => {
            ctx.writable()?;
            let token = crate::commands::read_data(Some(&token))?;
            let req = wire::DeviceRegisterRequest {
                id: id.unwrap_or_default(),
                provider,
                token,
                platform,
                user: user.unwrap_or_default(),
                timezone: timezone.unwrap_or_default(),
                locale: locale.unwrap_or_default(),
                topics: topic,
                meta: meta.into_iter().collect(),
            };
            let res = ctx.client()?.device_register(&req).await.map_err(failure)?;
            if ctx.out.is_table() {
                let user = if req.user.is_empty() {
                    String::new()
                } else {
                    format!(", user {}", req.user)
                };
                ctx.out.notice(&format!(
                    "registered device {} ({} on {}{user})",
                    res.id, req.provider, req.platform
                ));
            }
            ctx.out.emit_value(&res, &res.id).map_err(io)?;
        }
        PushDeviceCmd::Ls {
            user,
            topic,
            provider,
            platform,
            id,
            limit,
            count: only_count,
        } => {
            let client = ctx.client()?;
            let filter = DeviceFilter {
                ids: id,
                users: user,
                topics: topic,
                providers: provider,
                platforms: platform,
            };
            if only_count {
                let n = count(&client, filter).await?;
                ctx.out
                    .emit_value(&json!({ "total_count": n }), &n.to_string())
                    .map_err(io)?;
                return Ok(ExitCode::SUCCESS);
            }
            let (devices, more) = pages(limit, |cursor, limit| {
                let req = wire::DeviceListRequest {
                    filter: filter.clone(),
                    cursor,
                    limit,
                    include_topics: true,
                    include_meta: true,
                    ..wire::DeviceListRequest::default()
                };
                let client = client.clone();
                async move { client.device_list(&req).await }
            })
            .await?;
            ctx.out
                .emit_list(&devices, || {
                    let rows: Vec<Vec<String>> =
                        devices.iter().map(crate::output::device_cells).collect();
                    ctx.out.render_table(
                        &["id", "user", "provider", "platform", "topics", "token"],
                        &rows,
                    )
                })
                .map_err(io)?;
            if more {
                ctx.out.notice(&format!(
                    "more devices match than the {} shown: raise --limit (0 prints all), or \
                     count them with --count",
                    devices.len()
                ));
            }
        }
        PushDeviceCmd::Show { id } => {
            let page = ctx
                .client()?
                .device_list(&wire::DeviceListRequest {
                    filter: DeviceFilter {
                        ids: vec![id.clone()],
                        ..DeviceFilter::default()
                    },
                    limit: 1,
                    include_topics: true,
                    include_meta: true,
                    ..wire::DeviceListRequest::default()
                })
                .await
                .map_err(failure)?;
            let Some(d) = page.items.into_iter().find(|d| d.id == id) else {
                return Err(no_device(&id));
            };
            ctx.out
                .emit(&d, || ctx.out.render_kv(&device_pairs(&d)))
                .map_err(io)?;
        }
        PushDeviceCmd::Update {
            id,
            user,
            set_user,
            meta,
            topics,
            timezone,
            locale,
        } => {
            if id.is_empty() && user.is_empty() {
                return Err(Failure::usage(
                    "no devices selected: pass --id ID or --user USER (or both)",
                ));
            }
            let req = wire::DeviceUpdateRequest {
                ids: id.clone(),
                users: user.clone(),
                user_update: set_user.map(|user| wire::DeviceUserUpdate { user }),
                timezone_update: timezone.map(|timezone| wire::DeviceTimezoneUpdate { timezone }),
                locale_update: locale.map(|locale| wire::DeviceLocaleUpdate { locale }),
                meta_update: (!meta.is_empty()).then(|| wire::DeviceMetaUpdate {
                    meta: meta.into_iter().collect::<BTreeMap<_, _>>(),
                }),
                topics_update: topics.map(|t| wire::DeviceTopicsUpdate {
                    op: "set".into(),
                    topics: t.into_iter().filter(|t| !t.is_empty()).collect(),
                }),
            };
            if req.user_update.is_none()
                && req.timezone_update.is_none()
                && req.locale_update.is_none()
                && req.meta_update.is_none()
                && req.topics_update.is_none()
            {
                return Err(Failure::usage(
                    "nothing to change: pass --set-user, --meta, --topics, --timezone or --locale",
                ));
            }
            ctx.writable()?;
            let client = ctx.client()?;
            let n = count(
                &client,
                DeviceFilter {
                    ids: id.clone(),
                    users: user.clone(),
                    ..DeviceFilter::default()
                },
            )
            .await?;
            if n == 0 {
                return Err(no_device(&format!("has {}", selection(&id, &user))));
            }
            client.device_update(&req).await.map_err(failure)?;
            ctx.out
                .emit(&json!({ "updated": n }), || {
                    format!("updated {}\n", count_of(n, "device"))
                })
                .map_err(io)?;
        }
        PushDeviceCmd::Rm { ids, user } => {
            ctx.writable()?;
            let client = ctx.client()?;
            let n = if ids.is_empty() {
                count(
                    &client,
                    DeviceFilter {
                        users: user.clone(),
                        ..DeviceFilter::default()
                    },
                )
                .await?
            } else {
                let (found, _) = pages(ids.len(), |cursor, limit| {
                    let req = wire::DeviceListRequest {
                        filter: DeviceFilter {
                            ids: ids.clone(),
                            ..DeviceFilter::default()
                        },
                        cursor,
                        limit,
                        ..wire::DeviceListRequest::default()
                    };
                    let client = client.clone();
                    async move { client.device_list(&req).await }
                })
                .await?;
                let missing: Vec<&str> = ids
                    .iter()
                    .filter(|i| !found.iter().any(|d| &d.id == *i))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(no_device(&format!(
                        "{} (nothing removed)",
                        missing.join(", ")
                    )));
                }
                found.len() as u64
            };
            if n == 0 {
                ctx.out.notice(&format!(
                    "no devices of user {}: nothing to remove",
                    user.join(", ")
                ));
            } else {
                ctx.confirm(&format!(
                    "remove {} ({}) on {}",
                    count_of(n, "device"),
                    selection(&ids, &user),
                    client.base()
                ))?;
                client
                    .device_remove(&wire::DeviceRemoveRequest { ids, users: user })
                    .await
                    .map_err(failure)?;
            }
            ctx.out
                .emit(&json!({ "removed": n }), || {
                    format!("removed {}\n", count_of(n, "device"))
                })
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A device for `device show`: what it is, then its topics and meta.
fn device_pairs(d: &Device) -> Vec<(String, String)> {
    let or_dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    let mut pairs = vec![
        ("id".to_string(), d.id.clone()),
        ("user".to_string(), or_dash(&d.user)),
        ("provider".to_string(), d.provider.clone()),
        ("platform".to_string(), d.platform.clone()),
        (
            "token".to_string(),
            crate::output::push_token(&d.provider, &d.token),
        ),
        ("timezone".to_string(), or_dash(&d.timezone)),
        ("locale".to_string(), or_dash(&d.locale)),
        (
            "topics".to_string(),
            or_dash(&d.topics.as_deref().unwrap_or_default().join(", ")),
        ),
    ];
    for (k, v) in d.meta.iter().flatten() {
        pairs.push((format!("meta {k}"), v.clone()));
    }
    pairs
}

/// `--device ID` or `--user U`, for messages.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn show_pairs_mask_the_token_and_list_topics_and_meta() {
        let d = Device {
            id: "d1".into(),
            provider: "fcm".into(),
            token: "a-long-fcm-registration-token".into(),
            platform: "android".into(),
            user: "42".into(),
            topics: Some(vec!["news".into(), "sport".into()]),
            meta: Some(BTreeMap::from([("app".into(), "2.1".into())])),
            ..Device::default()
        };
        let pairs = device_pairs(&d);
        let get = |k: &str| pairs.iter().find(|p| p.0 == k).unwrap().1.clone();
        assert_eq!(get("topics"), "news, sport");
        assert_eq!(get("meta app"), "2.1");
        assert_eq!(get("timezone"), "-");
        assert!(!get("token").contains("registration"), "{}", get("token"));
    }
}

//! `centri push device register|ls|show|update|rm` and `centri push topic ls|add|rm`: the push
//! notification registry (Centrifugo PRO's `device_*` and `*_topic_*` API methods) through the
//! typed client.
//!
//! Owns what the registry's answers mean for people: listings follow `next_cursor` pages up
//! to `--limit` (bounded, see [`pages`]); tables never show a whole token
//! (`output::push_token`); server errors get push hints ([`failure`]), 108 saying how to turn
//! push on. Changes that select devices (`update`, `rm`) count what they select first, so
//! they can say what they touched and refuse ids that select nothing.

use std::collections::BTreeMap;
use std::future::Future;
use std::process::ExitCode;

use serde_json::json;

use super::{io, Class, Ctx, Failure};
use crate::cli::{PushCmd, PushDeviceCmd, PushTopicCmd, TopicOwner};
use crate::client::{Client, ClientError};
use crate::output::count_of;
use crate::proto::codes;
use crate::proto::push::{self as wire, Device, DeviceFilter, Page, PLATFORMS, PROVIDERS};

/// The largest page the registry serves (PRO and centri alike).
pub const MAX_PAGE: usize = 1000;
/// Pages one listing follows at most: a billion rows at [`MAX_PAGE`], so only a server that
/// never stops giving cursors meets it.
const MAX_PAGES: usize = 1_000_000;

/// A push API failure, with a hint for the push codes (the generic ones speak of channels).
pub fn failure(e: ClientError) -> Failure {
    let api = match &e {
        ClientError::Api(a) => Some((a.code, a.message.clone())),
        _ => None,
    };
    let f = Failure::from(e);
    match api {
        Some((codes::NOT_AVAILABLE, _)) => f.hint(crate::output::PUSH_OFF_HINT),
        Some((codes::BAD_REQUEST, m)) => f.hint(if m.contains("provider") {
            format!("--provider is one of {}", PROVIDERS.join(", "))
        } else if m.contains("platform") {
            format!("--platform is one of {}", PLATFORMS.join(", "))
        } else {
            "the server's message names the field at fault".to_string()
        }),
        Some((codes::METHOD_NOT_FOUND, _)) => {
            f.hint("no such device: list them with `centri push device ls`")
        }
        Some((113, _)) => f.hint("the device belongs to another user"),
        _ => f,
    }
}

/// Follows a listing's pages: at most `limit` items (0: all), asking each page for what is
/// still wanted (at most [`MAX_PAGE`]). Stops when the server gives no next cursor; a cursor
/// given twice in a row, or more than [`MAX_PAGES`] pages, is an error rather than a loop.
/// Returns the items and whether the server has more.
pub async fn pages<T, F, Fut>(limit: usize, mut page: F) -> Result<(Vec<T>, bool), Failure>
where
    F: FnMut(String, i32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ClientError>>,
{
    let mut items: Vec<T> = Vec::new();
    let mut cursor = String::new();
    for _ in 0..MAX_PAGES {
        let want = if limit == 0 {
            MAX_PAGE
        } else {
            (limit - items.len()).min(MAX_PAGE)
        };
        // want ≤ MAX_PAGE, so it fits an i32
        let p = page(cursor.clone(), i32::try_from(want).unwrap_or(i32::MAX))
            .await
            .map_err(failure)?;
        items.extend(p.items);
        if limit > 0 && items.len() >= limit {
            let over = items.len() > limit;
            items.truncate(limit);
            return Ok((items, over || !p.next_cursor.is_empty()));
        }
        if p.next_cursor.is_empty() {
            return Ok((items, false));
        }
        if p.next_cursor == cursor {
            return Err(Failure::new(
                Class::Other,
                format!(
                    "the server gave the cursor {:?} twice: stopped after {} rows",
                    p.next_cursor,
                    items.len()
                ),
            ));
        }
        cursor = p.next_cursor;
    }
    Err(Failure::new(
        Class::Other,
        format!("stopped after {MAX_PAGES} pages: the server kept giving cursors"),
    ))
}

pub async fn run(ctx: &Ctx, cmd: PushCmd) -> Result<ExitCode, Failure> {
    match cmd {
        PushCmd::Device(c) => device(ctx, c).await,
        PushCmd::Topic(c) => topic(ctx, c).await,
    }
}

/// How many devices `filter` selects (`include_total_count`, one row asked for).
async fn count(client: &Client, filter: DeviceFilter) -> Result<u64, Failure> {
    let page = client
        .device_list(&wire::DeviceListRequest {
            filter,
            limit: 1,
            include_total_count: true,
            ..wire::DeviceListRequest::default()
        })
        .await
        .map_err(failure)?;
    page.total_count.ok_or_else(|| {
        Failure::new(
            Class::Other,
            "the server answered device_list without total_count",
        )
    })
}

/// `--id a --user b` for messages.
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

async fn device(ctx: &Ctx, cmd: PushDeviceCmd) -> Result<ExitCode, Failure> {
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
            let token = super::read_data(Some(&token))?;
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
fn owner_name(o: &TopicOwner) -> String {
    match (&o.device, &o.user) {
        (Some(d), _) => format!("device {d}"),
        (None, Some(u)) => format!("user {u}"),
        (None, None) => String::new(),
    }
}

async fn topic(ctx: &Ctx, cmd: PushTopicCmd) -> Result<ExitCode, Failure> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proto::ApiError;

    /// A fake listing of `total` numbered rows, `cap` at most per page whatever is asked;
    /// records the (cursor, limit) of each call.
    fn listing(
        total: usize,
        cap: usize,
        calls: &std::cell::RefCell<Vec<(String, i32)>>,
        cursor: &str,
        limit: i32,
    ) -> std::future::Ready<Result<Page<usize>, ClientError>> {
        calls.borrow_mut().push((cursor.to_string(), limit));
        let from: usize = cursor.parse().unwrap_or(0);
        let n = usize::try_from(limit).unwrap().min(cap);
        let to = (from + n).min(total);
        std::future::ready(Ok(Page {
            items: (from..to).collect(),
            next_cursor: if to < total {
                to.to_string()
            } else {
                String::new()
            },
            total_count: None,
        }))
    }

    fn run<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn pages_stop_at_the_limit_and_ask_for_what_is_left() {
        let calls = std::cell::RefCell::new(Vec::new());
        let (items, more) = run(pages(250, |c, l| listing(10_000, 100, &calls, &c, l))).unwrap();
        assert_eq!(items, (0..250).collect::<Vec<_>>());
        assert!(more);
        assert_eq!(
            *calls.borrow(),
            [
                (String::new(), 250),
                ("100".into(), 150),
                ("200".into(), 50)
            ]
        );
    }

    #[test]
    fn limit_0_follows_every_page_at_the_largest_size() {
        let calls = std::cell::RefCell::new(Vec::new());
        let (items, more) = run(pages(0, |c, l| listing(2500, 5000, &calls, &c, l))).unwrap();
        assert_eq!(items.len(), 2500);
        assert!(!more);
        let limits: Vec<i32> = calls.borrow().iter().map(|c| c.1).collect();
        assert_eq!(limits, [1000, 1000, 1000]);
        // a big limit asks for no more than the largest page either
        calls.borrow_mut().clear();
        let (items, more) = run(pages(1500, |c, l| listing(1200, 5000, &calls, &c, l))).unwrap();
        assert_eq!((items.len(), more), (1200, false));
        assert_eq!(calls.borrow()[0].1, 1000);
        assert_eq!(calls.borrow()[1].1, 500);
    }

    #[test]
    fn an_exact_fit_says_whether_more_exist() {
        let calls = std::cell::RefCell::new(Vec::new());
        let (items, more) = run(pages(100, |c, l| listing(100, 1000, &calls, &c, l))).unwrap();
        assert_eq!((items.len(), more), (100, false));
        // a server that answers more than asked is cut to the limit, and says there was more
        let (items, more) = run(pages(3, |_, _| {
            std::future::ready(Ok::<_, ClientError>(Page {
                items: vec![1, 2, 3, 4, 5],
                next_cursor: String::new(),
                total_count: None,
            }))
        }))
        .unwrap();
        assert_eq!((items, more), (vec![1, 2, 3], true));
    }

    #[test]
    fn a_repeated_cursor_is_an_error_not_a_loop() {
        let mut calls = 0;
        let e = run(pages(0, |_, _| {
            calls += 1;
            std::future::ready(Ok::<_, ClientError>(Page {
                items: vec![1],
                next_cursor: "same".into(),
                total_count: None,
            }))
        }))
        .unwrap_err();
        assert_eq!(calls, 2);
        assert!(e.message.contains("twice"), "{}", e.message);
    }

    #[test]
    fn push_codes_get_push_hints() {
        let api = |code: u32, message: &str| {
            failure(ClientError::Api(ApiError {
                code,
                message: message.into(),
                temporary: false,
            }))
        };
        let off = api(108, "not available");
        assert_eq!((off.class, off.code), (Class::Rejected, Some(108)));
        assert!(
            off.hint
                .as_deref()
                .unwrap()
                .contains("push_notifications.enabled"),
            "{off:?}"
        );
        let bad = api(
            107,
            "bad request: provider: \"sms\" is not one of fcm, hms, apns, webpush",
        );
        assert!(bad.hint.unwrap().contains("--provider is one of fcm"));
        let bad = api(
            107,
            "bad request: token.endpoint: must be an https URL with a host",
        );
        assert!(!bad.hint.unwrap().contains("channel"));
        assert!(api(104, "method not found")
            .hint
            .unwrap()
            .contains("centri push device ls"));
        assert_eq!(
            failure(ClientError::Unauthorized).class,
            Class::Auth,
            "other failures keep their class"
        );
    }

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

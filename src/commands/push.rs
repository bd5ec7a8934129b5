//! `centri push device register|ls|show|update|rm` and `centri push topic ls|add|rm`: the push
//! notification registry (Centrifugo PRO's `device_*` and `*_topic_*` API methods) through the
//! typed client.
//!
//! This module owns what both groups share: following `next_cursor` pages up to `--limit`
//! (bounded, see [`pages`]), counting a selection ([`count`]), and the push hints of server
//! errors ([`failure`]; 108 says how to turn push on). [`device`] owns the device commands
//! (tables never show a whole token, `output::push_token`; `update` and `rm` count what they
//! select first, so they can say what they touched and refuse ids that select nothing),
//! [`topic`] the topic commands. Sending: [`send`] owns `push send` (flags → request in
//! `send/request.rs`), [`status`] owns `push status|cancel|sends` and following a send to its
//! end.

mod device;
mod send;
mod status;
mod topic;

use std::future::Future;
use std::process::ExitCode;

use super::{Class, Ctx, Failure};
use crate::cli::PushCmd;
use crate::client::{Client, ClientError};
use crate::proto::codes;
use crate::proto::push::{self as wire, DeviceFilter, Page, PLATFORMS, PROVIDERS};

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
        PushCmd::Device(c) => device::run(ctx, c).await,
        PushCmd::Topic(c) => topic::run(ctx, c).await,
        PushCmd::Send(a) => send::run(ctx, &a).await,
        PushCmd::Status {
            uid,
            watch,
            interval,
        } => status::status(ctx, &uid, watch, interval).await,
        PushCmd::Cancel { uid } => status::cancel(ctx, &uid).await,
        PushCmd::Sends { limit } => status::sends(ctx, usize::from(limit)).await,
    }
}

/// How many devices `filter` selects (`include_total_count`, one row asked for).
pub(super) async fn count(client: &Client, filter: DeviceFilter) -> Result<u64, Failure> {
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
}

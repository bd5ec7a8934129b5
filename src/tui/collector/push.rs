//! The collector's push part: the registry's numbers for the Push view, from centri's
//! `/admin/push/stats` or, from a server without it (Centrifugo PRO, or centri with admin
//! off), counted with `device_list`; and one user's devices and topics. Push off (108) is a
//! state, [`PushState::Off`], not an error. Every call here is bounded: a fixed number of
//! requests, one page each.

use std::collections::BTreeMap;

use super::{describe, Fetched};
use crate::client::{Client, ClientError};
use crate::proto::codes;
use crate::proto::push::{self as wire, PushStats, PLATFORMS, PROVIDERS};

/// Largest topics asked of `/admin/push/stats`: more than any screen shows.
pub const TOP_TOPICS: usize = 50;
/// A looked-up user's devices, and topics, fetched at most (one page of each).
pub const USER_ROWS: i32 = 100;

/// The push registry, as the Push view shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum PushState {
    /// The server answers 108: push is off there.
    Off,
    On {
        stats: PushStats,
        /// Why `stats.top_topics` is empty, phrased for people, when the numbers were counted
        /// with `device_list` because `/admin/push/stats` did not answer (a Centrifugo PRO
        /// server has none); `None` when the server sent them.
        no_topics: Option<String>,
    },
}

/// One user's devices (with their topics) and the user's own topics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushUser {
    pub devices: Vec<wire::Device>,
    /// The user has more devices than [`USER_ROWS`].
    pub more_devices: bool,
    pub topics: Vec<String>,
    /// The user has more topics than [`USER_ROWS`].
    pub more_topics: bool,
}

/// A push API failure for people: 108 says how to turn push on.
fn failure(e: &ClientError) -> String {
    match e {
        ClientError::Api(a) if a.code == codes::NOT_AVAILABLE => {
            crate::output::PUSH_OFF_HINT.to_string()
        }
        other => describe(other, None),
    }
}

/// The push registry's numbers: from `/admin/push/stats` (centri), else counted with
/// `device_list` ([`counted`]); [`PushState::Off`] when the server answers 108.
pub(super) async fn state(client: &Client, admin: Option<&str>) -> Fetched<PushState> {
    match client.push_stats(admin, TOP_TOPICS).await {
        Ok(stats) => Ok(PushState::On {
            stats,
            no_topics: None,
        }),
        Err(ClientError::Api(a)) if a.code == codes::NOT_AVAILABLE => Ok(PushState::Off),
        Err(e) => {
            let why = match &e {
                ClientError::Http {
                    status: 404 | 405, ..
                } => "not available on this server".to_string(),
                other => describe(other, Some("/admin/push/stats")),
            };
            counted(client, why).await
        }
    }
}

/// The device counts from `device_list` alone (what Centrifugo PRO offers): the total, and one
/// count per provider and per platform (`include_total_count`, one row each), concurrently.
/// It cannot tell the largest topics: `no_topics` says why they are missing.
async fn counted(client: &Client, no_topics: String) -> Fetched<PushState> {
    let count = |filter: wire::DeviceFilter| async move {
        client
            .device_list(&wire::DeviceListRequest {
                filter,
                limit: 1,
                include_total_count: true,
                ..wire::DeviceListRequest::default()
            })
            .await
            .map(|p| p.total_count.unwrap_or(0))
    };
    let providers = PROVIDERS.iter().map(|p| {
        count(wire::DeviceFilter {
            providers: vec![(*p).to_string()],
            ..wire::DeviceFilter::default()
        })
    });
    let platforms = PLATFORMS.iter().map(|p| {
        count(wire::DeviceFilter {
            platforms: vec![(*p).to_string()],
            ..wire::DeviceFilter::default()
        })
    });
    let (total, providers, platforms) = tokio::join!(
        count(wire::DeviceFilter::default()),
        futures_util::future::join_all(providers),
        futures_util::future::join_all(platforms)
    );
    let devices = match total {
        Ok(n) => n,
        Err(ClientError::Api(a)) if a.code == codes::NOT_AVAILABLE => return Ok(PushState::Off),
        Err(e) => return Err(failure(&e)),
    };
    let by = |names: &[&str], counts: Vec<Result<u64, ClientError>>| {
        names
            .iter()
            .zip(counts)
            .map(|(n, c)| c.map(|c| ((*n).to_string(), c)).map_err(|e| failure(&e)))
            .collect::<Result<BTreeMap<_, _>, _>>()
    };
    Ok(PushState::On {
        stats: PushStats {
            devices,
            by_provider: by(PROVIDERS, providers)?,
            by_platform: by(PLATFORMS, platforms)?,
            top_topics: Vec::new(),
        },
        no_topics: Some(no_topics),
    })
}

/// One user's devices (with topics) and topics: a page of [`USER_ROWS`] of each.
pub(super) async fn user(client: &Client, user: &str) -> Fetched<PushUser> {
    let devices = wire::DeviceListRequest {
        filter: wire::DeviceFilter {
            users: vec![user.to_string()],
            ..wire::DeviceFilter::default()
        },
        limit: USER_ROWS,
        include_topics: true,
        ..wire::DeviceListRequest::default()
    };
    let topics = wire::UserTopicListRequest {
        filter: wire::UserTopicFilter {
            users: vec![user.to_string()],
            ..wire::UserTopicFilter::default()
        },
        limit: USER_ROWS,
        ..wire::UserTopicListRequest::default()
    };
    let (devices, topics) = tokio::join!(
        client.device_list(&devices),
        client.user_topic_list(&topics)
    );
    let devices = devices.map_err(|e| failure(&e))?;
    let topics = topics.map_err(|e| failure(&e))?;
    Ok(PushUser {
        more_devices: !devices.next_cursor.is_empty(),
        devices: devices.items,
        more_topics: !topics.next_cursor.is_empty(),
        topics: topics.items.into_iter().map(|t| t.topic).collect(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// An in-process server (push on or off; admin off, so without `/admin/push/stats`) and
    /// a client for it; the server stops when the sender is dropped.
    async fn server(push: bool) -> (Client, tokio::sync::oneshot::Sender<()>) {
        server_with(push, false).await
    }

    /// [`server`], with the admin endpoints on (the admin key is the API key) or off.
    async fn server_with(push: bool, admin: bool) -> (Client, tokio::sync::oneshot::Sender<()>) {
        let mut cfg = crate::server::config::Config::default();
        cfg.http_api.key = "collector-test-key".into();
        cfg.push_notifications.enabled = push;
        cfg.admin.enabled = admin;
        cfg.admin.api_key = "collector-test-key".into();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(crate::server::run(cfg, None, listener, async move {
            let _ = rx.await;
        }));
        let client = Client::new(
            &format!("http://{addr}"),
            Some("collector-test-key".into()),
            Duration::from_secs(5),
            false,
        )
        .unwrap();
        (client, tx)
    }

    async fn register(c: &Client, provider: &str, platform: &str, token: &str, user: &str) {
        c.device_register(&wire::DeviceRegisterRequest {
            provider: provider.into(),
            platform: platform.into(),
            token: token.into(),
            user: user.into(),
            ..wire::DeviceRegisterRequest::default()
        })
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn push_numbers_are_counted_with_device_list_and_say_why_topics_are_missing() {
        let (c, _stop) = server(true).await;
        register(&c, "fcm", "android", "t1", "alice").await;
        register(&c, "fcm", "ios", "t2", "alice").await;
        register(&c, "apns", "ios", "t3", "bob").await;
        let PushState::On { stats, no_topics } = counted(&c, "not available on this server".into())
            .await
            .unwrap()
        else {
            panic!("push is on");
        };
        assert_eq!(stats.devices, 3);
        assert_eq!(
            stats.by_provider,
            [("apns", 1), ("fcm", 2), ("hms", 0), ("webpush", 0)]
                .map(|(k, v)| (k.to_string(), v))
                .into()
        );
        assert_eq!(
            stats.by_platform,
            [("android", 1), ("ios", 2), ("web", 0)]
                .map(|(k, v)| (k.to_string(), v))
                .into()
        );
        assert!(stats.top_topics.is_empty());
        assert_eq!(no_topics.as_deref(), Some("not available on this server"));
        // without /admin/push/stats (admin off here, or Centrifugo PRO) the same counts
        let Ok(PushState::On {
            stats: s2,
            no_topics,
        }) = state(&c, None).await
        else {
            panic!("push is on");
        };
        assert_eq!((s2.devices, &s2.by_provider), (3, &stats.by_provider));
        assert_eq!(no_topics.as_deref(), Some("not available on this server"));
    }

    #[tokio::test]
    async fn push_numbers_come_from_the_admin_endpoint_with_the_largest_topics() {
        let (c, _stop) = server_with(true, true).await;
        register(&c, "fcm", "android", "t1", "alice").await;
        register(&c, "apns", "ios", "t2", "alice").await;
        register(&c, "apns", "ios", "t3", "bob").await;
        c.user_topic_update(&wire::UserTopicUpdateRequest {
            user: "alice".into(),
            op: "add".into(),
            topics: vec!["news".into()],
        })
        .await
        .unwrap();
        let Ok(PushState::On { stats, no_topics }) = state(&c, None).await else {
            panic!("push is on");
        };
        assert_eq!(no_topics, None, "the server sent the topics");
        assert_eq!((stats.devices, stats.by_provider["apns"]), (3, 2));
        assert_eq!(stats.top_topics.len(), 1);
        assert_eq!(
            (
                stats.top_topics[0].topic.as_str(),
                stats.top_topics[0].devices
            ),
            ("news", 2)
        );
        // push off there: the endpoint answers 404, and the counts tell it is off
        let (off, _stop) = server_with(false, true).await;
        assert_eq!(state(&off, None).await, Ok(PushState::Off));
    }

    #[tokio::test]
    async fn push_off_is_a_state_not_an_error() {
        let (c, _stop) = server(false).await;
        assert_eq!(state(&c, None).await, Ok(PushState::Off));
        assert_eq!(counted(&c, String::new()).await, Ok(PushState::Off));
        let e = user(&c, "alice").await.unwrap_err();
        assert!(e.contains("push_notifications.enabled"), "{e}");
    }

    #[tokio::test]
    async fn a_user_lookup_has_the_devices_with_topics_and_the_users_topics() {
        let (c, _stop) = server(true).await;
        register(&c, "fcm", "android", "t1", "alice").await;
        register(&c, "apns", "ios", "t2", "bob").await;
        c.user_topic_update(&wire::UserTopicUpdateRequest {
            user: "alice".into(),
            op: "add".into(),
            topics: vec!["news".into()],
        })
        .await
        .unwrap();
        let u = user(&c, "alice").await.unwrap();
        assert_eq!(u.devices.len(), 1);
        assert_eq!(u.devices[0].provider, "fcm");
        assert_eq!(
            u.devices[0].topics.as_deref(),
            Some(&["news".to_string()][..])
        );
        assert_eq!(u.topics, ["news"]);
        assert!(!u.more_devices && !u.more_topics);
        assert_eq!(user(&c, "nobody").await.unwrap(), PushUser::default());
    }
}

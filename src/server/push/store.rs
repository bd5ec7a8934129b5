//! The device and topic registry behind one trait, so the embedded `SQLite` store
//! ([`sqlite`]) and the `PostgreSQL` store that nodes of a cluster share ([`postgres`]) behave
//! the same and run the same test suite ([`contract`], through `contract_tests!`).
//!
//! The trait is synchronous: both drivers block, so callers run it off the async workers
//! (the HTTP handler uses `spawn_blocking` for push methods). Requests arrive validated
//! ([`super::validate`]); the store checks what needs the data: unknown ids, ownership and the
//! per-user and per-device limits, each inside the transaction that would break them, with
//! the errors built here so both stores word them alike.

pub mod postgres;
pub mod sqlite;

use crate::proto::push as wire;

use super::validate::{NewDevice, Op};

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An id that names nothing (API 104).
    #[error("{what} {id:?} not found")]
    NotFound { what: &'static str, id: String },
    /// The device belongs to another user than the guard says (API 113).
    #[error("device {id:?} belongs to another user")]
    Conflict { id: String },
    /// A limit the call would break; nothing was written (API 107, naming `field`).
    #[error("{field}: {reason}")]
    Limit { field: String, reason: String },
    /// The database was written by a newer centri. `remedy` says where else to point the
    /// store (each store has its own key).
    #[error("{path}: push store schema version {found} is newer than this centri supports ({supported}); upgrade centri, or {remedy}")]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
        remedy: &'static str,
    },
    /// The store cannot be opened: a file that is not `SQLite`, corrupt or unreadable; a
    /// `PostgreSQL` server that cannot be reached or refuses the login (`path` is then the DSN
    /// without its password).
    #[error("{path}: cannot open the push store: {reason}")]
    Open { path: String, reason: String },
    /// Anything else the database said.
    #[error("push store: {0}")]
    Db(String),
}

/// Milliseconds since the Unix epoch (`created_at`, `updated_at`).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Cuts a keyset page's extra row; the cursor of the next page (the last id), or empty when
/// this is the last page.
pub(crate) fn next_cursor<T>(
    items: &mut Vec<T>,
    limit: usize,
    id: impl Fn(&T) -> &String,
) -> String {
    if items.len() > limit {
        items.truncate(limit);
        items.last().map(|t| id(t).clone()).unwrap_or_default()
    } else {
        String::new()
    }
}

/// A device would have `n` topics (its own and its user's) over the limit.
pub(crate) fn device_topics_over(field: &str, n: u64, max: usize) -> StoreError {
    StoreError::Limit {
        field: field.to_string(),
        reason: format!(
            "a device would have {n} topics (its own and its user's), over push_notifications.max_topics_per_device ({max})"
        ),
    }
}

/// `user` would have `n` devices over the limit.
pub(crate) fn user_devices_over(field: &str, user: &str, n: u64, max: usize) -> StoreError {
    StoreError::Limit {
        field: field.to_string(),
        reason: format!(
            "user {user:?} would have {n} devices, over push_notifications.max_devices_per_user ({max})"
        ),
    }
}

/// `user` would bind `n` topics over the limit.
pub(crate) fn user_topics_over(user: &str, n: u64, max: usize) -> StoreError {
    StoreError::Limit {
        field: "topics".into(),
        reason: format!(
            "user {user:?} would have {n} topics, over push_notifications.max_topics_per_device ({max})"
        ),
    }
}

/// Limits the store enforces (from `push_notifications`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_topics_per_device: usize,
    pub max_devices_per_user: usize,
}

/// A page request: after `cursor` (exclusive), at most `limit` items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOf<C> {
    pub cursor: C,
    pub limit: usize,
    pub total: bool,
}

/// A device a call changed or removed, with the user it had before (for traces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    pub id: String,
    pub user: String,
}

/// The registry: one behaviour, any storage.
pub trait Store: Send + Sync {
    /// Creates or updates a device (by id, else by provider + token) and rebuilds its topics
    /// as its own ∪ its user's ∪ the `""` binding. Returns its id.
    fn register(&self, d: &NewDevice) -> Result<String, StoreError>;
    /// Applies `device_update` to the selected devices (unknown ids select nothing); returns
    /// them.
    fn update(
        &self,
        r: &wire::DeviceUpdateRequest,
        op: Option<Op>,
    ) -> Result<Vec<Touched>, StoreError>;
    /// Removes the selected devices with their topics; returns them.
    fn remove(&self, ids: &[String], users: &[String]) -> Result<Vec<Touched>, StoreError>;
    /// One page of devices in id order.
    fn list(
        &self,
        r: &wire::DeviceListRequest,
        page: &PageOf<String>,
    ) -> Result<wire::DeviceListResult, StoreError>;
    /// One page of the ids of the devices `filter` selects, in id order, and the cursor of the
    /// next page (empty at the end): what a send's planner walks, without the rows.
    fn list_ids(
        &self,
        filter: &wire::DeviceFilter,
        page: &PageOf<String>,
    ) -> Result<(Vec<String>, String), StoreError>;
    /// One page of device↔topic rows in row order.
    fn device_topics(
        &self,
        r: &wire::DeviceTopicListRequest,
        page: &PageOf<i64>,
    ) -> Result<wire::DeviceTopicListResult, StoreError>;
    /// Changes one device's topics; `user` non-empty guards ownership.
    fn device_topic_update(
        &self,
        device_id: &str,
        op: Op,
        topics: &[String],
        user: &str,
    ) -> Result<(), StoreError>;
    /// One page of user↔topic rows in row order.
    fn user_topics(
        &self,
        f: &wire::UserTopicFilter,
        page: &PageOf<i64>,
    ) -> Result<wire::UserTopicListResult, StoreError>;
    /// Changes a user's topics and the topics of that user's devices (not for `""`).
    fn user_topic_update(&self, user: &str, op: Op, topics: &[String]) -> Result<(), StoreError>;
    /// Device counts by provider and platform, and the `top` topics with the most devices
    /// (most first, ties by topic name), as [`wire::PushStats::zero`] fills them.
    fn stats(&self, top: usize) -> Result<wire::PushStats, StoreError>;
    /// Every device of `topic` (with meta and webpush keys, without topics), in id order,
    /// through one database cursor: `each` gets them at most `batch` at a time, so memory
    /// holds one batch whatever the topic's size, and returns `false` to stop early. Returns
    /// how many devices were handed over. This is what a send to a topic walks.
    fn topic_devices(
        &self,
        topic: &str,
        batch: usize,
        each: &mut dyn FnMut(Vec<wire::Device>) -> bool,
    ) -> Result<u64, StoreError>;
}

/// Defines one `#[test]` per [`contract`] function, each on a fresh, empty store from
/// `$fresh()`, which returns `(Arc<dyn Store>, guard)`: the guard keeps the store's file or
/// database until the test ends. Each store's test module invokes it once, so the suite
/// cannot drift between stores, and the test names say which store ran it
/// (`store::sqlite::tests::contract_upsert`, `store::postgres::tests::contract_upsert`).
#[cfg(test)]
macro_rules! contract_tests {
    ($fresh:path) => {
        $crate::server::push::store::contract_tests!(@each $fresh;
            contract_upsert: upsert_by_provider_and_token,
            contract_register_by_id: register_by_id,
            contract_user_topics: user_topics_follow_the_user,
            contract_pages: pages_and_filters,
            contract_verbatim: strings_are_stored_verbatim,
            contract_limits: limits_write_nothing,
            contract_update_remove: update_remove_and_device_topics,
            contract_stats: stats_count_by_provider_platform_and_topic,
            contract_topic_stream: topic_devices_stream_in_batches,
        );
        #[test]
        fn contract_concurrent() {
            let (s, guard) = $fresh();
            $crate::server::push::store::contract::concurrent_registers_leave_one_device(&s);
            drop(s);
            drop(guard);
        }
    };
    (@each $fresh:path; $($name:ident: $f:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let (s, guard) = $fresh();
                $crate::server::push::store::contract::$f(&*s);
                drop(s);
                drop(guard);
            }
        )*
    };
}
#[cfg(test)]
pub(crate) use contract_tests;

/// The behaviour every store must have: each function takes a fresh, empty store with the
/// [`contract::LIMITS`]. Each store runs them all through [`contract_tests!`].
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod contract {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::{Limits, PageOf, Store, StoreError};
    use crate::proto::push as wire;
    use crate::server::push::validate::{self, NewDevice, Op};

    pub const LIMITS: Limits = Limits {
        max_topics_per_device: 5,
        max_devices_per_user: 3,
    };

    pub fn dev(provider: &str, token: &str, user: &str, topics: &[&str]) -> NewDevice {
        let r = wire::DeviceRegisterRequest {
            provider: provider.into(),
            token: token.into(),
            platform: if provider == "apns" { "ios" } else { "android" }.into(),
            user: user.into(),
            topics: topics.iter().map(|s| (*s).to_string()).collect(),
            ..Default::default()
        };
        validate::register(&r, 100).unwrap()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    pub fn list(s: &dyn Store, filter: wire::DeviceFilter) -> Vec<wire::Device> {
        let r = wire::DeviceListRequest {
            filter,
            include_topics: true,
            include_meta: true,
            ..Default::default()
        };
        let page = PageOf {
            cursor: String::new(),
            limit: 1000,
            total: false,
        };
        s.list(&r, &page).unwrap().items
    }

    fn by_user(u: &str) -> wire::DeviceFilter {
        wire::DeviceFilter {
            users: strings(&[u]),
            ..Default::default()
        }
    }

    #[allow(clippy::many_single_char_names)]
    pub fn upsert_by_provider_and_token(s: &dyn Store) {
        let a = s.register(&dev("fcm", "tok", "u1", &["x"])).unwrap();
        let mut again = dev("fcm", "tok", "u2", &["y"]);
        again.platform = "web".into();
        again.meta = BTreeMap::from([("k".into(), "v".into())]);
        let b = s.register(&again).unwrap();
        assert_eq!(a, b, "same (provider, token), same device");
        let all = list(s, wire::DeviceFilter::default());
        assert_eq!(all.len(), 1);
        let d = &all[0];
        assert_eq!((d.user.as_str(), d.platform.as_str()), ("u2", "web"));
        assert_eq!(
            d.topics.as_deref(),
            Some(&strings(&["y"])[..]),
            "the call states every topic"
        );
        assert_eq!(d.meta.as_ref().unwrap()["k"], "v");
        // another provider with the same token is another device
        let c = s.register(&dev("hms", "tok", "u2", &[])).unwrap();
        assert_ne!(a, c);
    }

    pub fn register_by_id(s: &dyn Store) {
        let a = s.register(&dev("fcm", "old", "u", &[])).unwrap();
        let b = s.register(&dev("fcm", "new", "u", &[])).unwrap();
        // device a's token rotates to the one b holds: b was a stale registration
        let mut d = dev("fcm", "new", "u", &[]);
        d.id = Some(a.clone());
        assert_eq!(s.register(&d).unwrap(), a);
        let all = list(s, wire::DeviceFilter::default());
        assert_eq!(all.len(), 1);
        assert_eq!(
            (all[0].id.as_str(), all[0].token.as_str()),
            (a.as_str(), "new")
        );
        let _ = b;
        d.id = Some(validate::new_device_id());
        assert!(matches!(s.register(&d), Err(StoreError::NotFound { .. })));
    }

    pub fn user_topics_follow_the_user(s: &dyn Store) {
        let early = s.register(&dev("fcm", "a", "alice", &["own"])).unwrap();
        s.user_topic_update("alice", Op::Add, &strings(&["news", "sport"]))
            .unwrap();
        s.user_topic_update("", Op::Add, &strings(&["all"]))
            .unwrap();
        let late = s.register(&dev("apns", "b", "alice", &[])).unwrap();
        let topics = |id: &str| {
            list(
                s,
                wire::DeviceFilter {
                    ids: strings(&[id]),
                    ..Default::default()
                },
            )[0]
            .topics
            .clone()
            .unwrap()
        };
        assert_eq!(
            topics(&early),
            strings(&["news", "own", "sport"]),
            "applied at once"
        );
        assert_eq!(
            topics(&late),
            strings(&["all", "news", "sport"]),
            "and at register"
        );
        s.user_topic_update("alice", Op::Remove, &strings(&["sport"]))
            .unwrap();
        assert_eq!(topics(&early), strings(&["news", "own"]));
        s.user_topic_update("alice", Op::Set, &strings(&["tv"]))
            .unwrap();
        assert_eq!(topics(&early), strings(&["own", "tv"]));
        assert_eq!(topics(&late), strings(&["all", "tv"]));
        // another user's device is untouched
        let bob = s.register(&dev("fcm", "c", "bob", &[])).unwrap();
        assert_eq!(topics(&bob), strings(&["all"]));
        let page = PageOf {
            cursor: 0,
            limit: 10,
            total: true,
        };
        let ut = s
            .user_topics(&wire::UserTopicFilter::default(), &page)
            .unwrap();
        assert_eq!(ut.total_count, Some(2));
        let pairs: Vec<(&str, &str)> = ut
            .items
            .iter()
            .map(|t| (t.user.as_str(), t.topic.as_str()))
            .collect();
        assert_eq!(pairs, [("", "all"), ("alice", "tv")]);
    }

    pub fn pages_and_filters(s: &dyn Store) {
        for i in 0..25 {
            let provider = ["fcm", "apns"][i % 2];
            let user = format!("u{}", i % 10);
            let topics: &[&str] = if i % 3 == 0 { &["t3"] } else { &[] };
            s.register(&dev(provider, &format!("tok{i}"), &user, topics))
                .unwrap();
        }
        let mut seen = Vec::new();
        let mut cursor = String::new();
        let mut pages = 0;
        loop {
            let r = wire::DeviceListRequest::default();
            let page = PageOf {
                cursor: cursor.clone(),
                limit: 10,
                total: pages == 0,
            };
            let p = s.list(&r, &page).unwrap();
            assert_eq!(p.total_count.is_some(), pages == 0, "only when asked");
            if pages == 0 {
                assert_eq!(p.total_count, Some(25));
            }
            assert!(p
                .items
                .iter()
                .all(|d| d.meta.is_none() && d.topics.is_none()));
            seen.extend(p.items.into_iter().map(|d| d.id));
            pages += 1;
            if p.next_cursor.is_empty() {
                break;
            }
            cursor = p.next_cursor;
        }
        assert_eq!(pages, 3);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, seen, "25 distinct ids in id order");
        assert_eq!(seen.len(), 25);
        let f = |providers: &[&str], platforms: &[&str], users: &[&str], topics: &[&str]| {
            list(
                s,
                wire::DeviceFilter {
                    providers: strings(providers),
                    platforms: strings(platforms),
                    users: strings(users),
                    topics: strings(topics),
                    ids: vec![],
                },
            )
            .len()
        };
        assert_eq!(f(&["apns"], &[], &[], &[]), 12);
        assert_eq!(f(&[], &["ios"], &[], &[]), 12);
        assert_eq!(f(&[], &[], &["u0", "u1"], &[]), 6);
        assert_eq!(f(&[], &[], &[], &["t3"]), 9);
        assert_eq!(f(&["fcm"], &[], &["u0"], &["t3"]), 1);
        assert_eq!(f(&[], &[], &["nobody"], &[]), 0);
    }

    pub fn strings_are_stored_verbatim(s: &dyn Store) {
        let weird = [
            "it's \"quoted\"",
            "'); DROP TABLE devices; --",
            "Ünïcödé 日本語 🚀",
            "%_[]*?\\",
        ];
        for (i, w) in weird.iter().enumerate() {
            let mut d = dev("fcm", &format!("{w}{i}"), w, &[w]);
            d.meta = BTreeMap::from([((*w).to_string(), (*w).to_string())]);
            d.timezone = (*w).to_string();
            s.register(&d).unwrap();
            s.user_topic_update(w, Op::Add, &[(*w).to_string()])
                .unwrap();
        }
        for (i, w) in weird.iter().enumerate() {
            let got = list(s, by_user(w));
            assert_eq!(got.len(), 1, "{w}");
            let d = &got[0];
            assert_eq!(d.token, format!("{w}{i}"));
            assert_eq!((d.user.as_str(), d.timezone.as_str()), (*w, *w));
            assert_eq!(d.topics.as_deref(), Some(&[(*w).to_string()][..]));
            assert_eq!(d.meta.as_ref().unwrap()[*w], *w);
        }
        // a prefix matches verbatim: `%` is not a wildcard
        let r = wire::DeviceTopicListRequest {
            filter: wire::DeviceTopicFilter {
                topic_prefix: "%_".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let p = s
            .device_topics(
                &r,
                &PageOf {
                    cursor: 0,
                    limit: 10,
                    total: false,
                },
            )
            .unwrap();
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.items[0].topic, "%_[]*?\\");
        assert_eq!(
            list(s, wire::DeviceFilter::default()).len(),
            4,
            "no table dropped"
        );
    }

    pub fn limits_write_nothing(s: &dyn Store) {
        s.user_topic_update("u", Op::Add, &strings(&["a", "b", "c"]))
            .unwrap();
        // own 3 + user 3 = 6 > 5: the device is not created
        let e = s
            .register(&dev("fcm", "t1", "u", &["x", "y", "z"]))
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Limit { field, .. } if field == "topics"),
            "{e}"
        );
        assert!(list(s, wire::DeviceFilter::default()).is_empty());
        for i in 0..3 {
            s.register(&dev("fcm", &format!("d{i}"), "u", &[])).unwrap();
        }
        let e = s.register(&dev("fcm", "d3", "u", &[])).unwrap_err();
        assert!(
            matches!(&e, StoreError::Limit { field, .. } if field == "user"),
            "{e}"
        );
        assert_eq!(list(s, by_user("u")).len(), 3);
        // a user topic that would push the devices over the limit is refused as a whole
        let e = s
            .user_topic_update("u", Op::Add, &strings(&["d", "e", "f"]))
            .unwrap_err();
        assert!(matches!(e, StoreError::Limit { .. }), "{e}");
        let page = PageOf {
            cursor: 0,
            limit: 10,
            total: true,
        };
        let ut = s
            .user_topics(&wire::UserTopicFilter::default(), &page)
            .unwrap();
        assert_eq!(ut.total_count, Some(3));
        assert!(list(s, by_user("u"))
            .iter()
            .all(|d| d.topics.as_ref().unwrap().len() == 3));
    }

    #[allow(clippy::many_single_char_names)]
    pub fn update_remove_and_device_topics(s: &dyn Store) {
        let a = s.register(&dev("fcm", "a", "u", &["t1"])).unwrap();
        let b = s.register(&dev("fcm", "b", "u", &[])).unwrap();
        let req = wire::DeviceUpdateRequest {
            users: strings(&["u"]),
            user_update: Some(wire::DeviceUserUpdate { user: "v".into() }),
            locale_update: Some(wire::DeviceLocaleUpdate {
                locale: "pt-BR".into(),
            }),
            meta_update: Some(wire::DeviceMetaUpdate {
                meta: BTreeMap::from([("m".into(), "1".into())]),
            }),
            topics_update: Some(wire::DeviceTopicsUpdate {
                op: "add".into(),
                topics: strings(&["t2"]),
            }),
            ..Default::default()
        };
        let touched = s.update(&req, Some(Op::Add)).unwrap();
        assert_eq!(touched.len(), 2);
        assert!(
            touched.iter().all(|t| t.user == "u"),
            "users before the update"
        );
        let got = list(s, by_user("v"));
        assert_eq!(got.len(), 2, "selected by the old user, moved to the new");
        assert!(got
            .iter()
            .all(|d| d.locale == "pt-BR" && d.meta.as_ref().unwrap()["m"] == "1"));
        assert_eq!(
            got[0].topics.as_deref().unwrap().len() + got[1].topics.as_deref().unwrap().len(),
            3
        );
        // unknown ids select nothing
        let none = wire::DeviceUpdateRequest {
            ids: strings(&[&validate::new_device_id()]),
            user_update: Some(wire::DeviceUserUpdate { user: "w".into() }),
            ..Default::default()
        };
        assert!(s.update(&none, None).unwrap().is_empty());
        assert!(list(s, by_user("w")).is_empty());
        // device topics: set, remove, the ownership guard, unknown ids
        s.device_topic_update(&a, Op::Set, &strings(&["p", "q"]), "")
            .unwrap();
        s.device_topic_update(&a, Op::Remove, &strings(&["p"]), "v")
            .unwrap();
        let e = s
            .device_topic_update(&a, Op::Add, &strings(&["r"]), "mallory")
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict { .. }));
        let e = s
            .device_topic_update(&validate::new_device_id(), Op::Add, &strings(&["r"]), "")
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound { .. }));
        let e = s
            .device_topic_update(&a, Op::Add, &strings(&["1", "2", "3", "4", "5"]), "")
            .unwrap_err();
        assert!(matches!(e, StoreError::Limit { .. }));
        let r = wire::DeviceTopicListRequest {
            filter: wire::DeviceTopicFilter {
                device_ids: strings(&[&a]),
                ..Default::default()
            },
            include_device: true,
            include_total_count: true,
            ..Default::default()
        };
        let p = s
            .device_topics(
                &r,
                &PageOf {
                    cursor: 0,
                    limit: 10,
                    total: true,
                },
            )
            .unwrap();
        assert_eq!(p.total_count, Some(1));
        assert_eq!(p.items[0].topic, "q");
        assert_eq!(p.items[0].device.as_ref().unwrap().user, "v");
        // remove by id, then by user; their topics go with them
        assert_eq!(
            s.remove(std::slice::from_ref(&a), &[]).unwrap(),
            [super::Touched {
                id: a.clone(),
                user: "v".into()
            }]
        );
        assert_eq!(s.remove(&[], &strings(&["v"])).unwrap().len(), 1);
        assert!(list(s, wire::DeviceFilter::default()).is_empty());
        let all = wire::DeviceTopicListRequest::default();
        let p = s
            .device_topics(
                &all,
                &PageOf {
                    cursor: 0,
                    limit: 10,
                    total: true,
                },
            )
            .unwrap();
        assert_eq!(p.total_count, Some(0));
        let _ = b;
    }

    /// 50 threads register one token at once: one device, one id.
    pub fn concurrent_registers_leave_one_device(s: &Arc<dyn Store>) {
        let ids: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..50)
                .map(|i| {
                    let s = s.clone();
                    scope.spawn(move || {
                        s.register(&dev("fcm", "same-token", &format!("u{}", i % 2), &["t"]))
                            .unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        assert_eq!(list(&**s, wire::DeviceFilter::default()).len(), 1);
    }

    pub fn stats_count_by_provider_platform_and_topic(s: &dyn Store) {
        let empty = s.stats(10).unwrap();
        assert_eq!(empty, wire::PushStats::zero(), "every key present at 0");
        s.register(&dev("fcm", "a", "u1", &["news", "sport"]))
            .unwrap();
        s.register(&dev("fcm", "b", "u2", &["news"])).unwrap();
        s.register(&dev("apns", "c", "u3", &["news", "sport"]))
            .unwrap();
        let mut web = dev("hms", "d", "u4", &["zeta"]);
        web.platform = "web".into();
        s.register(&web).unwrap();
        // a user topic reaches the user's device and is counted with it
        s.user_topic_update("u4", Op::Add, &strings(&["alpha"]))
            .unwrap();
        let st = s.stats(2).unwrap();
        assert_eq!(st.devices, 4);
        assert_eq!(
            st.by_provider,
            BTreeMap::from([
                ("apns".into(), 1),
                ("fcm".into(), 2),
                ("hms".into(), 1),
                ("webpush".into(), 0)
            ])
        );
        assert_eq!(
            st.by_platform,
            BTreeMap::from([("android".into(), 2), ("ios".into(), 1), ("web".into(), 1)])
        );
        let top: Vec<(&str, u64)> = st
            .top_topics
            .iter()
            .map(|t| (t.topic.as_str(), t.devices))
            .collect();
        assert_eq!(top, [("news", 3), ("sport", 2)]);
        // ties go by name: alpha before zeta, both with one device
        let all = s.stats(10).unwrap();
        let names: Vec<&str> = all.top_topics.iter().map(|t| t.topic.as_str()).collect();
        assert_eq!(names, ["news", "sport", "alpha", "zeta"]);
        assert!(s.stats(0).unwrap().top_topics.is_empty());
    }

    pub fn topic_devices_stream_in_batches(s: &dyn Store) {
        for i in 0..5 {
            let topics: &[&str] = if i == 2 { &["other"] } else { &["news", "x"] };
            s.register(&dev("fcm", &format!("tok{i}"), &format!("u{i}"), topics))
                .unwrap();
        }
        let mut sizes = Vec::new();
        let mut streamed = Vec::new();
        let n = s
            .topic_devices("news", 2, &mut |b| {
                sizes.push(b.len());
                streamed.extend(b);
                true
            })
            .unwrap();
        assert_eq!((n, sizes), (4, vec![2, 2]));
        let listed = list(
            s,
            wire::DeviceFilter {
                topics: strings(&["news"]),
                ..Default::default()
            },
        );
        let ids = |v: &[wire::Device]| v.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&streamed),
            ids(&listed),
            "the same devices, in id order"
        );
        assert!(streamed
            .iter()
            .all(|d| d.topics.is_none() && d.meta.is_some()));
        assert_eq!(streamed[0].token, listed[0].token);
        // the planner's walk: the same ids, page by page, with a cursor until the end
        let filter = wire::DeviceFilter {
            topics: strings(&["news"]),
            ..Default::default()
        };
        let mut walked = Vec::new();
        let mut cursor = String::new();
        for _ in 0..10 {
            let page = PageOf {
                cursor: cursor.clone(),
                limit: 3,
                total: false,
            };
            let (page_ids, next) = s.list_ids(&filter, &page).unwrap();
            assert!(page_ids.len() <= 3);
            walked.extend(page_ids);
            if next.is_empty() {
                break;
            }
            cursor = next;
        }
        assert_eq!(
            walked,
            ids(&listed),
            "list_ids pages through the same devices"
        );
        let none = wire::DeviceFilter {
            topics: strings(&["nobody"]),
            ..Default::default()
        };
        let one = PageOf {
            cursor: String::new(),
            limit: 10,
            total: false,
        };
        let (empty, next) = s.list_ids(&none, &one).unwrap();
        assert!(empty.is_empty() && next.is_empty());
        // a batch larger than the topic: one call; stop after the first batch
        let mut calls = 0;
        let n = s
            .topic_devices("news", 1000, &mut |_| {
                calls += 1;
                true
            })
            .unwrap();
        assert_eq!((n, calls), (4, 1));
        let n = s.topic_devices("news", 3, &mut |_| false).unwrap();
        assert_eq!(n, 3, "stopped after the first batch");
        let n = s
            .topic_devices("nobody", 10, &mut |_| panic!("no batch for an empty topic"))
            .unwrap();
        assert_eq!(n, 0);
    }
}

//! The `PostgreSQL` store's tests: the contract suite (as for `SQLite`), what only many writers
//! on many nodes can break (limits under races, migrations at once), the plans of the pages,
//! secrets, and a call-for-call comparison with the `SQLite` store. A real server, one per test
//! process (the integration tests' harness), with a database per test.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::sync::Arc;

use super::harness::Postgres;
use super::*;
use crate::server::push::store::contract::{self, dev, LIMITS};

fn open(dsn: &str) -> PostgresStore {
    PostgresStore::open(dsn, 4, LIMITS).unwrap()
}

/// A fresh store on a database of its own, and its DSN (the database stays with the
/// test server, which goes at exit).
fn fresh() -> (Arc<dyn Store>, String) {
    let dsn = Postgres::shared().database();
    (Arc::new(open(&dsn)), dsn)
}

crate::server::push::store::contract_tests!(fresh);

/// Two stores on one database (two nodes): one device for one token.
#[test]
fn concurrent_registers_through_two_pools() {
    let dsn = Postgres::shared().database();
    let stores = [Arc::new(open(&dsn)), Arc::new(open(&dsn))];
    let ids: Vec<String> = std::thread::scope(|scope| {
        let hs: Vec<_> = (0..50)
            .map(|i| {
                let s = stores[i % 2].clone();
                scope.spawn(move || {
                    s.register(&dev("apns", "tok", &format!("u{}", i % 3), &["t"]))
                        .unwrap()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(
        contract::list(&*stores[0], wire::DeviceFilter::default()).len(),
        1
    );
}

/// Registrations of one user's new devices from two nodes at once never pass
/// `max_devices_per_user`: the user's lock orders them. (Without it, a few rounds of 16
/// writers released together overshoot.)
#[test]
fn concurrent_registers_keep_the_device_limit() {
    let dsn = Postgres::shared().database();
    let stores = [
        Arc::new(PostgresStore::open(&dsn, 8, LIMITS).unwrap()),
        Arc::new(PostgresStore::open(&dsn, 8, LIMITS).unwrap()),
    ];
    for round in 0..5 {
        let user = format!("u{round}");
        let start = std::sync::Barrier::new(16);
        let results: Vec<Result<String, StoreError>> = std::thread::scope(|scope| {
            let hs: Vec<_> = (0..16)
                .map(|i| {
                    let (s, user, start) = (stores[i % 2].clone(), &user, &start);
                    scope.spawn(move || {
                        start.wait();
                        s.register(&dev("fcm", &format!("{user}-{i}"), user, &[]))
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, LIMITS.max_devices_per_user, "{user}: {results:?}");
        assert!(results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| matches!(e, StoreError::Limit { field, .. } if field == "user")));
    }
    let page = PageOf {
        cursor: String::new(),
        limit: 100,
        total: true,
    };
    let r = wire::DeviceListRequest::default();
    assert_eq!(
        stores[1].list(&r, &page).unwrap().total_count,
        Some(5 * LIMITS.max_devices_per_user as u64)
    );
}

/// Topic updates of one user's device from two nodes at once never pass
/// `max_topics_per_device`: the device's row lock (and the user's lock for user topics)
/// orders them.
#[test]
fn concurrent_topic_updates_keep_the_topic_limit() {
    let dsn = Postgres::shared().database();
    let stores = [
        Arc::new(PostgresStore::open(&dsn, 8, LIMITS).unwrap()),
        Arc::new(PostgresStore::open(&dsn, 8, LIMITS).unwrap()),
    ];
    for round in 0..5 {
        let user = format!("u{round}");
        let id = stores[0].register(&dev("fcm", &user, &user, &[])).unwrap();
        let start = std::sync::Barrier::new(12);
        std::thread::scope(|scope| {
            for i in 0..12 {
                let (s, id, user, start) = (stores[i % 2].clone(), &id, &user, &start);
                scope.spawn(move || {
                    let topic = vec![format!("x{i}")];
                    start.wait();
                    // device topics and user topics both land on the device
                    let _ = if i % 4 == 0 {
                        s.user_topic_update(user, Op::Add, &topic)
                    } else {
                        s.device_topic_update(id, Op::Add, &topic, "")
                    };
                });
            }
        });
        let got = contract::list(
            &*stores[1],
            wire::DeviceFilter {
                ids: vec![id],
                ..Default::default()
            },
        );
        let n = got[0].topics.as_ref().unwrap().len();
        assert_eq!(n, LIMITS.max_topics_per_device, "{user}: {got:?}");
    }
}

/// Nodes starting at once on an empty database migrate one after the other.
#[test]
fn concurrent_opens_migrate_once() {
    let pg = Postgres::shared();
    let dsn = pg.database();
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| drop(open(&dsn)));
        }
    });
    let rows = pg.sql(
        &dsn,
        "SELECT component, version FROM centri_schema ORDER BY version",
    );
    let want: Vec<Vec<Option<String>>> = (1..=SCHEMA_VERSION)
        .map(|v| vec![Some("push".into()), Some(v.to_string())])
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn devices_survive_a_reopen() {
    let dsn = Postgres::shared().database();
    let id = {
        let s = open(&dsn);
        s.user_topic_update("u", Op::Add, &["news".into()]).unwrap();
        s.register(&dev("fcm", "tok", "u", &["own"])).unwrap()
    };
    let s = open(&dsn);
    let got = contract::list(&s, wire::DeviceFilter::default());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, id);
    assert_eq!(
        got[0].topics.as_deref().unwrap(),
        ["news".to_string(), "own".to_string()]
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let pg = Postgres::shared();
    let dsn = pg.database();
    drop(open(&dsn));
    pg.sql(
        &dsn,
        &format!(
            "INSERT INTO centri_schema (component, version, applied_at) VALUES ('push', {}, 0)",
            SCHEMA_VERSION + 1
        ),
    );
    let e = PostgresStore::open(&dsn, 4, LIMITS).unwrap_err();
    assert!(
        matches!(e, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1),
        "{e}"
    );
    let msg = e.to_string();
    assert!(msg.contains("newer than this centri supports"), "{msg}");
    assert!(msg.contains("database.postgresql.dsn"), "{msg}");
    assert!(msg.contains(&format!("127.0.0.1:{}", pg.port())), "{msg}");
}

/// A server that cannot be reached is named by host and port; the password never shows.
#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for dsn in [
        format!("postgresql://centri:s3cr3t-pw@127.0.0.1:{port}/push"),
        format!("host=127.0.0.1 port={port} user=centri password=s3cr3t-pw dbname=push"),
    ] {
        let e = PostgresStore::open(&dsn, 4, LIMITS).unwrap_err();
        assert!(matches!(e, StoreError::Open { .. }), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("postgresql://centri@127.0.0.1:{port}/push")),
            "{msg}"
        );
        assert!(!msg.contains("s3cr3t"), "{msg}");
        assert!(!format!("{e:?}").contains("s3cr3t"));
    }
    assert_eq!(
        redacted("postgres://u:pw@[::1]:6000,h2:6001/db?sslmode=disable"),
        "postgresql://u@[::1]:6000,h2:6001/db"
    );
    assert_eq!(redacted("not a dsn = = ="), "<unparsable DSN>");
}

/// Ordering is byte order (`COLLATE "C"`), as in `SQLite`, even in a database whose default
/// collation is a language's.
#[test]
fn ordering_is_byte_order_in_any_collation() {
    let pg = Postgres::shared();
    let dsn = pg.database_with("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
    let s = open(&dsn);
    s.register(&dev("fcm", "t", "u", &["b", "B", "a", "Ä", "_z"]))
        .unwrap();
    let got = contract::list(&s, wire::DeviceFilter::default());
    assert_eq!(
        got[0].topics.as_deref().unwrap(),
        ["B", "_z", "a", "b", "Ä"].map(String::from)
    );
}

/// Enumerating one topic streams: each page is a range of the `(topic, device_id)` index,
/// with no sort of the whole topic, and pages hold every device of the topic once.
#[test]
#[allow(clippy::many_single_char_names)]
fn a_topic_page_walks_the_topic_index() {
    let pg = Postgres::shared();
    let dsn = pg.database();
    let s = open(&dsn);
    for i in 0..30 {
        let topics: &[&str] = if i % 2 == 0 { &["even"] } else { &["odd"] };
        s.register(&dev("fcm", &format!("t{i}"), &format!("u{i}"), topics))
            .unwrap();
    }
    // many more rows, so the planner's choice is the one a large registry gets
    pg.sql(
        &dsn,
        "INSERT INTO centri_push_devices (id, provider, token, token_sha256, platform, user_id,
            timezone, locale, meta, webpush_keys, created_at, updated_at)
         SELECT 'bulk-' || lpad(g::text, 6, '0'), (ARRAY['fcm', 'apns', 'hms', 'webpush'])[g % 4 + 1],
            'bulk' || g, sha256(g::text::bytea), (ARRAY['android', 'ios', 'web'])[g % 3 + 1],
            'bulk' || (g / 2), '', '', '{}', '', 0, 0 FROM generate_series(1, 20000) g;
         INSERT INTO centri_push_device_topics (device_id, topic)
         SELECT 'bulk-' || lpad(g::text, 6, '0'), 'topic' || (g % 200)
         FROM generate_series(1, 20000) g;
         ANALYZE",
    );
    // the plan of a page of 10 after a cursor
    let plan = |f: &wire::DeviceFilter| {
        let (from, key, mut w) = device_query(f);
        w.params.push(Box::new("bulk-001000".to_string()));
        let p = format!("${}", w.params.len());
        w.push(format!("{key} > {p}"));
        let limit = w.bind(10_i64);
        let sql = format!(
            "EXPLAIN SELECT {DEVICE_COLUMNS} FROM {from}{} ORDER BY {key} LIMIT {limit}",
            w.sql()
        );
        let mut c = s.conn().unwrap();
        let lines: Vec<String> = c
            .client
            .query(&sql, &w.params())
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect();
        lines.join("\n")
    };
    let f = wire::DeviceFilter {
        topics: vec!["even".into()],
        providers: vec!["fcm".into()],
        ..Default::default()
    };
    let p = plan(&f);
    assert!(p.contains("centri_push_device_topics_topic"), "{p}");
    assert!(!p.contains("Sort"), "{p}");
    // one provider's or platform's page walks in id order too
    for f in [
        wire::DeviceFilter {
            providers: vec!["apns".into()],
            ..Default::default()
        },
        wire::DeviceFilter {
            platforms: vec!["web".into()],
            ..Default::default()
        },
    ] {
        let p = plan(&f);
        assert!(!p.contains("Sort"), "{f:?}: {p}");
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let r = wire::DeviceListRequest {
            filter: f.clone(),
            ..Default::default()
        };
        let page = PageOf {
            cursor,
            limit: 4,
            total: false,
        };
        let p = s.list(&r, &page).unwrap();
        seen.extend(p.items.into_iter().map(|d| d.token));
        if p.next_cursor.is_empty() {
            break;
        }
        cursor = p.next_cursor;
    }
    let mut want: Vec<String> = (0..30).step_by(2).map(|i| format!("t{i}")).collect();
    want.sort();
    seen.sort();
    assert_eq!(seen, want);
}

/// What a store answered, without what differs by design between two stores (device ids
/// are random, so devices are named by token).
fn outcome<T>(r: &Result<T, StoreError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(StoreError::Limit { field, reason }) => format!("limit {field}: {reason}"),
        Err(StoreError::NotFound { what, .. }) => format!("not found {what}"),
        Err(StoreError::Conflict { .. }) => "conflict".into(),
        Err(e) => format!("error {e}"),
    }
}

/// Everything a store holds, named by token: the devices, each one's topics, the user
/// topics in row order, and the stats.
fn snapshot(s: &dyn Store) -> String {
    let mut devices = contract::list(s, wire::DeviceFilter::default());
    let token: HashMap<String, String> = devices
        .iter()
        .map(|d| (d.id.clone(), format!("{}/{}", d.provider, d.token)))
        .collect();
    devices.sort_by(|a, b| (&a.provider, &a.token).cmp(&(&b.provider, &b.token)));
    let mut out = String::new();
    for d in &devices {
        let _ = writeln!(
            out,
            "{}/{} {} {} {:?} {:?}",
            d.provider, d.token, d.platform, d.user, d.topics, d.meta
        );
    }
    let all = PageOf {
        cursor: 0,
        limit: 1000,
        total: true,
    };
    let ut = s
        .user_topics(&wire::UserTopicFilter::default(), &all)
        .unwrap();
    for t in &ut.items {
        let _ = writeln!(out, "user topic {} {}", t.user, t.topic);
    }
    let dt = s
        .device_topics(&wire::DeviceTopicListRequest::default(), &all)
        .unwrap();
    let mut pairs: Vec<String> = dt
        .items
        .iter()
        .map(|t| format!("{} {}", token[&t.device_id], t.topic))
        .collect();
    pairs.sort();
    let _ = writeln!(
        out,
        "device topics {pairs:?} total {:?} {:?}",
        dt.total_count, ut.total_count
    );
    let _ = write!(out, "{:?}", s.stats(3).unwrap());
    out
}

/// The same few hundred random calls on `SQLite` and on `PostgreSQL` get the same answers
/// and leave the same data: a small universe of tokens, users and topics, so that upserts,
/// ownership guards and both limits are hit often.
#[test]
fn answers_like_sqlite_call_for_call() {
    use rand::{Rng, SeedableRng};
    let lite = crate::server::push::store::sqlite::SqliteStore::memory(LIMITS).unwrap();
    let pg = open(&Postgres::shared().database());
    let stores: [&dyn Store; 2] = [&lite, &pg];
    let mut rng = rand::rngs::StdRng::seed_from_u64(16);
    let users = ["", "u0", "u1", "u2"];
    let topic_names = ["a", "b", "c", "d", "e", "f", "g"];
    let ops = [Op::Add, Op::Remove, Op::Set];
    let mut hits: HashMap<String, usize> = HashMap::new();
    for step in 0..400 {
        let topics: Vec<String> = (0..rng.random_range(0..4))
            .map(|_| topic_names[rng.random_range(0..topic_names.len())].to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let user = users[rng.random_range(0..users.len())];
        let provider = ["fcm", "apns"][rng.random_range(0..2)];
        let token = format!("t{}", rng.random_range(0..10));
        let op = ops[rng.random_range(0..3)];
        let kind = rng.random_range(0..7);
        let new_token = format!("t{}", rng.random_range(0..10) + step % 2);
        // each store's id of the device that holds `token`, if any
        let id_in = |s: &dyn Store| {
            contract::list(s, wire::DeviceFilter::default())
                .into_iter()
                .find(|d| d.token == token && d.provider == provider)
                .map(|d| d.id)
        };
        let mut answers = Vec::new();
        for s in stores {
            let id = id_in(s);
            let answer = match kind {
                0 | 1 => {
                    let refs: Vec<&str> = topics.iter().map(String::as_str).collect();
                    let mut d = dev(provider, &token, user, &refs);
                    d.meta = [("step".to_string(), (step % 3).to_string())].into();
                    if kind == 1 {
                        // re-register a device under a new token, by id
                        d.id = id.clone();
                        d.token.clone_from(&new_token);
                    }
                    outcome(&s.register(&d))
                }
                2 => outcome(&s.user_topic_update(user, op, &topics)),
                3 => match &id {
                    Some(id) => outcome(&s.device_topic_update(id, op, &topics, user)),
                    None => "no device".into(),
                },
                4 => {
                    let r = wire::DeviceUpdateRequest {
                        users: vec![user.to_string()],
                        user_update: Some(wire::DeviceUserUpdate {
                            user: users[step % users.len()].to_string(),
                        }),
                        topics_update: Some(wire::DeviceTopicsUpdate {
                            op: "add".into(),
                            topics: topics.clone(),
                        }),
                        ..Default::default()
                    };
                    let t = s.update(&r, Some(Op::Add));
                    let users: Vec<String> = t
                        .as_ref()
                        .map(|t| t.iter().map(|t| t.user.clone()).collect())
                        .unwrap_or_default();
                    format!("{} {users:?}", outcome(&t))
                }
                5 => {
                    let t = s.remove(&[], &[user.to_string()]);
                    format!("{} {}", outcome(&t), t.map_or(0, |t| t.len()))
                }
                _ => {
                    let t = s.remove(id.as_slice(), &[]);
                    format!("{} {}", outcome(&t), t.map_or(0, |t| t.len()))
                }
            };
            answers.push(answer);
        }
        *hits
            .entry(answers[0].split(':').next().unwrap_or("").to_string())
            .or_default() += 1;
        assert_eq!(answers[0], answers[1], "step {step}: kind {kind}");
        assert_eq!(snapshot(&lite), snapshot(&pg), "step {step}: kind {kind}");
    }
    // the walk reached both limits and the ownership guard, not only the happy path
    for k in ["limit topics", "limit user", "conflict"] {
        assert!(
            hits.keys().any(|h| h.starts_with(k)),
            "{k} never hit: {hits:?}"
        );
    }
}

/// A token longer than a B-tree entry holds is a device like any other.
#[test]
fn long_tokens_are_unique_by_digest() {
    let s = open(&Postgres::shared().database());
    let long = "x".repeat(crate::server::push::validate::MAX_TOKEN_BYTES - 1);
    let a = s
        .register(&dev("fcm", &format!("{long}a"), "u", &[]))
        .unwrap();
    let b = s
        .register(&dev("fcm", &format!("{long}b"), "u", &[]))
        .unwrap();
    assert_ne!(a, b);
    assert_eq!(
        s.register(&dev("fcm", &format!("{long}a"), "v", &[]))
            .unwrap(),
        a
    );
    let got = contract::list(&s, wire::DeviceFilter::default());
    assert_eq!(got.len(), 2);
    assert!(got
        .iter()
        .any(|d| d.token == format!("{long}a") && d.user == "v"));
}

/// Dropping the store on an async worker (where a node is dropped) closes its
/// connections elsewhere instead of panicking.
#[test]
fn drops_on_an_async_worker() {
    let dsn = Postgres::shared().database();
    let s = open(&dsn);
    s.register(&dev("fcm", "t", "u", &[])).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async move { drop(s) });
}

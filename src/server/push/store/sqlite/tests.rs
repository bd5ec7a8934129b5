use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use super::*;
use crate::server::push::store::contract::{self, dev, LIMITS};

/// A database file in a fresh temporary directory, removed on drop.
struct TempDb(PathBuf);
impl TempDb {
    fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "centri-push-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn path(&self) -> PathBuf {
        self.0.join("push.sqlite3")
    }
    fn open(&self) -> SqliteStore {
        SqliteStore::open(&self.path(), LIMITS).unwrap()
    }
}
impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh store on a file of its own, and the directory (removed on drop).
fn fresh() -> (Arc<dyn Store>, TempDb) {
    let t = TempDb::new();
    (Arc::new(t.open()), t)
}

crate::server::push::store::contract_tests!(fresh);

#[test]
fn in_memory_store_behaves_the_same() {
    contract::upsert_by_provider_and_token(&SqliteStore::memory(LIMITS).unwrap());
    // the topic walk on the one connection there is
    contract::topic_devices_stream_in_batches(&SqliteStore::memory(LIMITS).unwrap());
}

/// Two stores on one file (two connections, as two processes would be): the UNIQUE index
/// and ON CONFLICT keep one device, with writers waiting on the file lock.
#[test]
fn concurrent_registers_through_two_connections() {
    let t = TempDb::new();
    let stores = [Arc::new(t.open()), Arc::new(t.open())];
    let ids: Vec<String> = std::thread::scope(|scope| {
        let hs: Vec<_> = (0..50)
            .map(|i| {
                let s = stores[i % 2].clone();
                scope.spawn(move || s.register(&dev("apns", "tok", "u", &[])).unwrap())
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert_eq!(
        contract::list(&*stores[0], wire::DeviceFilter::default()).len(),
        1
    );
}

/// Enumerating one topic streams: each page is a range of the `(topic, device_id)` index,
/// with no temporary sort of the whole topic.
#[test]
#[allow(clippy::many_single_char_names)]
fn a_topic_page_walks_the_topic_index() {
    let t = TempDb::new();
    let s = t.open();
    for i in 0..30 {
        let topics: &[&str] = if i % 2 == 0 { &["even"] } else { &["odd"] };
        s.register(&dev("fcm", &format!("t{i}"), &format!("u{i}"), topics))
            .unwrap();
    }
    let f = wire::DeviceFilter {
        topics: vec!["even".into()],
        providers: vec!["fcm".into()],
        ..Default::default()
    };
    let (from, key, mut w) = device_query(&f);
    w.push(&format!("{key} > ?"), Value::Text(String::new()));
    w.params.push(Value::Integer(10));
    let sql = format!(
        "EXPLAIN QUERY PLAN SELECT {DEVICE_COLUMNS} FROM {from}{} ORDER BY {key} LIMIT ?",
        w.sql()
    );
    let c = s.conn();
    let mut st = c.prepare(&sql).unwrap();
    let plan: Vec<String> = st
        .query_map(rusqlite::params_from_iter(w.params.iter()), |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(plan.contains("device_topics_topic"), "{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    drop(st);
    drop(c);
    // and the pages hold every device of the topic once, in order
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = wire::DeviceListRequest {
            filter: f.clone(),
            ..Default::default()
        };
        let p = s
            .list(
                &r,
                &PageOf {
                    cursor,
                    limit: 4,
                    total: false,
                },
            )
            .unwrap();
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

#[test]
fn devices_survive_a_restart() {
    let t = TempDb::new();
    let id = {
        let s = t.open();
        s.user_topic_update("u", Op::Add, &["news".into()]).unwrap();
        s.register(&dev("fcm", "tok", "u", &["own"])).unwrap()
    };
    let s = t.open();
    let got = contract::list(&s, wire::DeviceFilter::default());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, id);
    assert_eq!(
        got[0].topics.as_deref().unwrap(),
        ["news".to_string(), "own".to_string()]
    );
    // later devices of the user still get the user's topics
    let late = s.register(&dev("hms", "tok2", "u", &[])).unwrap();
    let got = contract::list(
        &s,
        wire::DeviceFilter {
            ids: vec![late],
            ..Default::default()
        },
    );
    assert_eq!(got[0].topics.as_deref().unwrap(), ["news".to_string()]);
    let version: i64 = s
        .conn()
        .query_row("SELECT max(version) FROM centri_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

/// A file written at schema version 1 (by the first centri with push) opens, keeps its
/// devices and gains the provider and platform indexes of version 2.
#[test]
fn a_version_1_file_is_migrated() {
    let t = TempDb::new();
    {
        let c = Connection::open(t.path()).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.execute_batch(
            "CREATE TABLE centri_schema (version INTEGER PRIMARY KEY NOT NULL,
                    applied_at INTEGER NOT NULL);
                 INSERT INTO centri_schema VALUES (1, 0);
                 INSERT INTO devices VALUES ('d1', 'fcm', 'tok', 'ios', 'u', '', '', '{}', '',
                    0, 0);",
        )
        .unwrap();
    }
    let s = t.open();
    let got = contract::list(&s, wire::DeviceFilter::default());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, "d1");
    let c = s.conn();
    let indexes: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'devices_p%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        indexes,
        [
            "devices_platform",
            "devices_provider",
            "devices_provider_token"
        ]
    );
    let version: i64 = c
        .query_row("SELECT max(version) FROM centri_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
}

#[test]
fn a_newer_schema_is_refused() {
    let t = TempDb::new();
    drop(t.open());
    let c = Connection::open(t.path()).unwrap();
    c.execute(
        "INSERT INTO centri_schema (version, applied_at) VALUES (?1, 0)",
        [SCHEMA_VERSION + 1],
    )
    .unwrap();
    drop(c);
    let e = SqliteStore::open(&t.path(), LIMITS).unwrap_err();
    assert!(matches!(e, StoreError::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1));
    let msg = e.to_string();
    assert!(msg.contains("newer than this centri supports"), "{msg}");
    assert!(msg.contains(&t.path().display().to_string()), "{msg}");
}

#[test]
fn a_file_that_is_not_sqlite_is_named() {
    let t = TempDb::new();
    std::fs::write(
        t.path(),
        b"this is not a database, just some text\n".repeat(200),
    )
    .unwrap();
    let e = SqliteStore::open(&t.path(), LIMITS).unwrap_err();
    assert!(matches!(e, StoreError::Open { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains(&t.path().display().to_string()), "{msg}");
    assert!(msg.contains("not a database"), "{msg}");
}

#[test]
fn a_corrupt_sqlite_file_is_named() {
    let t = TempDb::new();
    {
        let s = t.open();
        for i in 0..200 {
            s.register(&dev("fcm", &format!("t{i}"), &format!("u{i}"), &[]))
                .unwrap();
        }
    }
    // keep the header, scramble the pages after it
    let mut bytes = std::fs::read(t.path()).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(t.path(), &bytes).unwrap();
    let _ = std::fs::remove_file(t.0.join("push.sqlite3-wal"));
    let e = SqliteStore::open(&t.path(), LIMITS).unwrap_err();
    assert!(
        e.to_string().contains(&t.path().display().to_string()),
        "{e}"
    );
}

/// A walk that starts while another holds the reused read connection opens one of its own,
/// and a register during a walk neither waits for it nor shows up in it (one snapshot).
#[test]
fn topic_walks_overlap_and_see_one_snapshot() {
    let t = TempDb::new();
    let s = t.open();
    for i in 0..5 {
        s.register(&dev("fcm", &format!("tok{i}"), "", &["news"]))
            .unwrap();
    }
    let mut inner = Vec::new();
    let outer = s
        .topic_devices("news", 2, &mut |batch| {
            if inner.is_empty() {
                s.register(&dev("fcm", "late", "", &["news"])).unwrap();
                inner.push(s.topic_devices("news", 100, &mut |_| true).unwrap());
            }
            assert!(batch.iter().all(|d| d.token != "late"));
            true
        })
        .unwrap();
    assert_eq!(outer, 5, "the outer walk keeps its snapshot");
    assert_eq!(
        inner,
        [6],
        "the inner walk, on its own connection, sees the new device"
    );
    assert_eq!(s.topic_devices("news", 100, &mut |_| true).unwrap(), 6);
}

//! The embedded push store: one `SQLite` file (rusqlite, `SQLite` bundled, so nothing to
//! install), by default `push.sqlite3` in the server's data directory.
//!
//! - Schema migrations are numbered ([`MIGRATIONS`]) and run at open inside one transaction;
//!   `centri_schema` records each version applied. A file whose version is newer than this
//!   binary's is refused, and a file that is not `SQLite` fails to open, naming the file.
//! - Devices are unique by (provider, token): registering upserts through that UNIQUE index
//!   (`ON CONFLICT .. DO UPDATE .. RETURNING id`), so concurrent registrations of one token,
//!   even from two processes sharing the file, leave one device.
//! - Every write is one `BEGIN IMMEDIATE` transaction that checks the limits before it
//!   commits: a call that would break one writes nothing.
//! - Listings are keyset pages (`WHERE id > cursor ORDER BY id LIMIT n`), so a page costs the
//!   same at any depth and enumerating a topic never holds more than a page.
//!
//! One connection behind a `std` Mutex: `SQLite` runs one writer at a time anyway, every call
//! is short, and callers are on blocking threads (never an async worker). The lock is never
//! held across an `.await`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{next_cursor, now_ms, Limits, PageOf, Store, StoreError, Touched};
use crate::proto::push as wire;
use crate::server::push::validate::{NewDevice, Op};

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: devices, their topics, user topics.
    "CREATE TABLE devices (
        id TEXT PRIMARY KEY NOT NULL,
        provider TEXT NOT NULL,
        token TEXT NOT NULL,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        timezone TEXT NOT NULL,
        locale TEXT NOT NULL,
        meta TEXT NOT NULL,
        webpush_keys TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX devices_provider_token ON devices (provider, token);
    CREATE INDEX devices_user ON devices (user_id);
    CREATE TABLE device_topics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        topic TEXT NOT NULL
    );
    CREATE UNIQUE INDEX device_topics_device_topic ON device_topics (device_id, topic);
    CREATE INDEX device_topics_topic ON device_topics (topic, device_id);
    CREATE TABLE user_topics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        topic TEXT NOT NULL
    );
    CREATE UNIQUE INDEX user_topics_user_topic ON user_topics (user_id, topic);
    CREATE INDEX user_topics_topic ON user_topics (topic);",
    // 2: a page of one provider's or one platform's devices walks its own index in id order
    // (a WITHOUT ROWID index holds the primary key), instead of sorting all of them.
    "CREATE INDEX devices_provider ON devices (provider);
    CREATE INDEX devices_platform ON devices (platform);",
];

/// The page cache of the connection, in KiB.
const CACHE_KIB: i64 = 32 * 1024;

/// How long a write waits for another process holding the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const DEVICE_COLUMNS: &str =
    "d.id, d.provider, d.token, d.platform, d.user_id, d.timezone, d.locale, d.meta, d.webpush_keys";

/// The `SQLite` registry.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
    limits: Limits,
    /// The file, for the read connections of [`Store::topic_devices`] (`None` in memory).
    path: Option<std::path::PathBuf>,
    /// The read connection topic walks reuse (opened at the first; a walk that finds it busy
    /// opens one of its own), so each walk starts with a warm page cache.
    reader: Mutex<Option<Connection>>,
}

#[allow(clippy::needless_pass_by_value)] // for `map_err(db)`
fn db(e: rusqlite::Error) -> StoreError {
    StoreError::Db(e.to_string())
}

/// A JSON array parameter, read in SQL with `json_each(?)`: lists of any length in one
/// parameter, every string verbatim.
fn json_list(l: &[String]) -> Value {
    Value::Text(serde_json::to_string(l).unwrap_or_else(|_| "[]".into()))
}

/// A WHERE clause under construction, with its parameters in order.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn push(&mut self, clause: &str, param: Value) {
        self.clauses.push(clause.to_string());
        self.params.push(param);
    }
    /// `column IN list`, when the list is not empty; `column = value` for one value, so an
    /// index on `(column, id)` serves the page in order.
    fn any_of(&mut self, column: &str, l: &[String]) {
        if let [one] = l {
            self.push(&format!("{column} = ?"), Value::Text(one.clone()));
        } else if !l.is_empty() {
            self.push(
                &format!("{column} IN (SELECT value FROM json_each(?))"),
                json_list(l),
            );
        }
    }
    /// `column` starts with `prefix`: substr, not LIKE, so `%` and `_` match themselves.
    fn prefix(&mut self, column: &str, prefix: &str) {
        self.push(
            &format!("substr({column}, 1, length(?)) = ?"),
            Value::Text(prefix.to_string()),
        );
        self.params.push(Value::Text(prefix.to_string()));
    }
    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// The FROM, the ordering key and the WHERE of a device listing. One topic (what a send to a
/// topic enumerates) walks the `(topic, device_id)` index in device order, so each page reads
/// only its own rows however large the topic; otherwise pages walk the devices' primary key.
fn device_query(f: &wire::DeviceFilter) -> (&'static str, &'static str, Where) {
    let mut w = Where::default();
    let (from, key) = if let [topic] = f.topics.as_slice() {
        // CROSS JOIN keeps device_topics the outer loop (SQLite does not reorder it).
        w.push("dt.topic = ?", Value::Text(topic.clone()));
        (
            "device_topics dt CROSS JOIN devices d ON d.id = dt.device_id",
            "dt.device_id",
        )
    } else {
        if !f.topics.is_empty() {
            w.push(
                "d.id IN (SELECT device_id FROM device_topics
                  WHERE topic IN (SELECT value FROM json_each(?)))",
                json_list(&f.topics),
            );
        }
        ("devices d", "d.id")
    };
    w.any_of("d.id", &f.ids);
    w.any_of("d.user_id", &f.users);
    w.any_of("d.provider", &f.providers);
    w.any_of("d.platform", &f.platforms);
    (from, key, w)
}

fn device_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<wire::Device> {
    let meta: String = r.get(7)?;
    Ok(wire::Device {
        id: r.get(0)?,
        provider: r.get(1)?,
        token: r.get(2)?,
        platform: r.get(3)?,
        user: r.get(4)?,
        timezone: r.get(5)?,
        locale: r.get(6)?,
        topics: None,
        meta: Some(serde_json::from_str(&meta).unwrap_or_default()),
        webpush_keys: r.get(8)?,
    })
}

fn device_topics_of(c: &Connection, id: &str) -> rusqlite::Result<Vec<String>> {
    let mut st =
        c.prepare_cached("SELECT topic FROM device_topics WHERE device_id = ?1 ORDER BY topic")?;
    let rows = st.query_map([id], |r| r.get(0))?;
    rows.collect()
}

/// One keyset page of `SELECT cols FROM from WHERE … AND key > cursor ORDER BY key`, with
/// `limit + 1` rows (the extra one says that more follow), and the total of the whole filter
/// first when asked (in the caller's transaction, so both see the same data). `(cols, from,
/// key)` name the columns, the tables and the key.
fn keyset_page<T, C>(
    tx: &Connection,
    (cols, from, key): (&str, &str, &str),
    mut w: Where,
    cursor: Option<Value>,
    page: &PageOf<C>,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, Option<u64>)> {
    let total = if page.total {
        Some(count(
            tx,
            &format!("SELECT count(*) FROM {from}{}", w.sql()),
            &w.params,
        )?)
    } else {
        None
    };
    if let Some(c) = cursor {
        w.push(&format!("{key} > ?"), c);
    }
    w.params.push(Value::Integer(page.limit as i64 + 1));
    let mut st = tx.prepare_cached(&format!(
        "SELECT {cols} FROM {from}{} ORDER BY {key} LIMIT ?",
        w.sql()
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(w.params.iter()), row)?;
    Ok((rows.collect::<rusqlite::Result<_>>()?, total))
}

/// `execute` through the connection's statement cache: the hot calls (register) run the same
/// few statements, so each is parsed once per connection, not once per call.
fn exec(c: &Connection, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    c.prepare_cached(sql)?.execute(params)
}

/// `query_row` through the statement cache (see [`exec`]).
fn row<T>(
    c: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    c.prepare_cached(sql)?.query_row(params, f)
}

fn count(c: &Connection, sql: &str, params: &[Value]) -> rusqlite::Result<u64> {
    row(c, sql, rusqlite::params_from_iter(params.iter()), |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n as u64)
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and migrates it.
    pub fn open(path: &Path, limits: Limits) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: name.clone(),
            reason: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: name.clone(),
                reason: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // The first statement that reads the header: a file that is not SQLite fails here.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        Self::init(&mut conn, &name)?;
        Ok(Self {
            conn: Mutex::new(conn),
            limits,
            path: Some(path.to_path_buf()),
            reader: Mutex::new(None),
        })
    }

    /// A store that lives in memory and is gone at exit (no data directory).
    pub fn memory(limits: Limits) -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory().map_err(db)?;
        Self::init(&mut conn, ":memory:")?;
        Ok(Self {
            conn: Mutex::new(conn),
            limits,
            path: None,
            reader: Mutex::new(None),
        })
    }

    fn init(conn: &mut Connection, name: &str) -> Result<(), StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: name.to_string(),
            reason: e.to_string(),
        };
        conn.set_prepared_statement_cache_capacity(64);
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        // SQLite's default page cache is 2 MiB: at a million devices every register then
        // reads its index pages back from the OS. Let it keep the hot pages.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(open_err)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(open_err)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS centri_schema (
                version INTEGER PRIMARY KEY NOT NULL,
                applied_at INTEGER NOT NULL
            )",
        )
        .map_err(open_err)?;
        let found: i64 = tx
            .query_row(
                "SELECT coalesce(max(version), 0) FROM centri_schema",
                [],
                |r| r.get(0),
            )
            .map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: name.to_string(),
                found,
                supported: SCHEMA_VERSION,
                remedy: "point push_notifications.sqlite.path at another file",
            });
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(m).map_err(open_err)?;
            exec(
                &tx,
                "INSERT INTO centri_schema (version, applied_at) VALUES (?1, ?2)",
                params![i as i64 + 1, now_ms()],
            )
            .map_err(open_err)?;
            if found > 0 {
                tracing::info!(path = name, version = i + 1, "push store migrated");
            }
        }
        tx.commit().map_err(open_err)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-transaction rolled it back when the Transaction dropped: the
        // connection is still consistent.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn check_device_topics(
        &self,
        c: &Connection,
        ids: &Value,
        field: &str,
    ) -> Result<(), StoreError> {
        let most: Option<i64> = row(
            c,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM device_topics
                 WHERE device_id IN (SELECT value FROM json_each(?1)) GROUP BY device_id)",
            [ids],
            |r| r.get(0),
        )
        .map_err(db)?;
        let max = self.limits.max_topics_per_device;
        match most {
            Some(n) if n as usize > max => Err(super::device_topics_over(field, n as u64, max)),
            _ => Ok(()),
        }
    }

    fn check_user_devices(
        &self,
        c: &Connection,
        user: &str,
        field: &str,
    ) -> Result<(), StoreError> {
        if user.is_empty() {
            return Ok(());
        }
        let n = count(
            c,
            "SELECT count(*) FROM devices WHERE user_id = ?1",
            &[Value::Text(user.to_string())],
        )
        .map_err(db)?;
        let max = self.limits.max_devices_per_user;
        if n as usize > max {
            return Err(super::user_devices_over(field, user, n, max));
        }
        Ok(())
    }

    /// Applies `op` with `topics` to the devices in the JSON list `ids`.
    fn apply_topics(
        c: &Connection,
        ids: &Value,
        op: Op,
        topics: &[String],
    ) -> rusqlite::Result<()> {
        let topics = json_list(topics);
        if matches!(op, Op::Remove | Op::Set) {
            let not = if op == Op::Set { "NOT" } else { "" };
            exec(
                c,
                &format!(
                    "DELETE FROM device_topics WHERE device_id IN (SELECT value FROM json_each(?1))
                     AND topic {not} IN (SELECT value FROM json_each(?2))"
                ),
                [ids, &topics],
            )?;
        }
        if matches!(op, Op::Add | Op::Set) {
            exec(
                c,
                "INSERT OR IGNORE INTO device_topics (device_id, topic)
                 SELECT d.value, t.value FROM json_each(?1) AS d, json_each(?2) AS t",
                [ids, &topics],
            )?;
        }
        Ok(())
    }
}

impl Store for SqliteStore {
    fn register(&self, d: &NewDevice) -> Result<String, StoreError> {
        let mut c = self.conn();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let now = now_ms();
        let meta = serde_json::to_string(&d.meta).unwrap_or_else(|_| "{}".into());
        let id = if let Some(id) = &d.id {
            let known = row(&tx, "SELECT 1 FROM devices WHERE id = ?1", [id], |_| Ok(()))
                .optional()
                .map_err(db)?
                .is_some();
            if !known {
                return Err(StoreError::NotFound {
                    what: "device",
                    id: id.clone(),
                });
            }
            // The token moved to this device: another device holding it is that device's
            // stale registration.
            exec(
                &tx,
                "DELETE FROM devices WHERE provider = ?1 AND token = ?2 AND id <> ?3",
                params![d.provider, d.token, id],
            )
            .map_err(db)?;
            exec(
                &tx,
                "UPDATE devices SET provider = ?1, token = ?2, platform = ?3, user_id = ?4,
                 timezone = ?5, locale = ?6, meta = ?7, webpush_keys = ?8, updated_at = ?9
                 WHERE id = ?10",
                params![
                    d.provider,
                    d.token,
                    d.platform,
                    d.user,
                    d.timezone,
                    d.locale,
                    meta,
                    d.webpush_keys,
                    now,
                    id
                ],
            )
            .map_err(db)?;
            id.clone()
        } else {
            row(
                &tx,
                "INSERT INTO devices (id, provider, token, platform, user_id, timezone, locale,
                    meta, webpush_keys, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
                 ON CONFLICT (provider, token) DO UPDATE SET platform = excluded.platform,
                    user_id = excluded.user_id, timezone = excluded.timezone,
                    locale = excluded.locale, meta = excluded.meta,
                    webpush_keys = excluded.webpush_keys, updated_at = excluded.updated_at
                 RETURNING id",
                params![
                    crate::server::push::validate::new_device_id(),
                    d.provider,
                    d.token,
                    d.platform,
                    d.user,
                    d.timezone,
                    d.locale,
                    meta,
                    d.webpush_keys,
                    now
                ],
                |r| r.get::<_, String>(0),
            )
            .map_err(db)?
        };
        // Topics become (own ∪ user's ∪ everyone's); rows that stay keep their ids.
        let own = json_list(&d.topics);
        let user = Value::Text(d.user.clone());
        let idv = Value::Text(id.clone());
        exec(
            &tx,
            "DELETE FROM device_topics WHERE device_id = ?1
             AND topic NOT IN (SELECT value FROM json_each(?2))
             AND topic NOT IN (SELECT topic FROM user_topics WHERE user_id IN (?3, ''))",
            [&idv, &own, &user],
        )
        .map_err(db)?;
        exec(
            &tx,
            "INSERT OR IGNORE INTO device_topics (device_id, topic)
             SELECT ?1, value FROM json_each(?2)",
            [&idv, &own],
        )
        .map_err(db)?;
        exec(
            &tx,
            "INSERT OR IGNORE INTO device_topics (device_id, topic)
             SELECT ?1, topic FROM user_topics WHERE user_id IN (?2, '') ORDER BY id",
            [&idv, &user],
        )
        .map_err(db)?;
        self.check_device_topics(&tx, &json_list(std::slice::from_ref(&id)), "topics")?;
        self.check_user_devices(&tx, &d.user, "user")?;
        tx.commit().map_err(db)?;
        Ok(id)
    }

    fn update(
        &self,
        r: &wire::DeviceUpdateRequest,
        op: Option<Op>,
    ) -> Result<Vec<Touched>, StoreError> {
        let mut c = self.conn();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let mut w = Where::default();
        w.any_of("id", &r.ids);
        w.any_of("user_id", &r.users);
        // The selection is fixed first: a user update must not change what `users` selects.
        let touched: Vec<Touched> = {
            let mut st = tx
                .prepare(&format!("SELECT id, user_id FROM devices{}", w.sql()))
                .map_err(db)?;
            let rows = st
                .query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
                    Ok(Touched {
                        id: r.get(0)?,
                        user: r.get(1)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db)?
        };
        if touched.is_empty() {
            return Ok(touched);
        }
        let ids: Vec<String> = touched.iter().map(|t| t.id.clone()).collect();
        let idv = json_list(&ids);
        let set = |column: &str, v: Value| {
            exec(
                &tx,
                &format!(
                    "UPDATE devices SET {column} = ?1 WHERE id IN (SELECT value FROM json_each(?2))"
                ),
                [&v, &idv],
            )
            .map(|_| ())
        };
        set("updated_at", Value::Integer(now_ms())).map_err(db)?;
        if let Some(u) = &r.user_update {
            set("user_id", Value::Text(u.user.clone())).map_err(db)?;
        }
        if let Some(t) = &r.timezone_update {
            set("timezone", Value::Text(t.timezone.clone())).map_err(db)?;
        }
        if let Some(l) = &r.locale_update {
            set("locale", Value::Text(l.locale.clone())).map_err(db)?;
        }
        if let Some(m) = &r.meta_update {
            let meta = serde_json::to_string(&m.meta).unwrap_or_else(|_| "{}".into());
            set("meta", Value::Text(meta)).map_err(db)?;
        }
        if let (Some(t), Some(op)) = (&r.topics_update, op) {
            Self::apply_topics(&tx, &idv, op, &t.topics).map_err(db)?;
            self.check_device_topics(&tx, &idv, "topics_update.topics")?;
        }
        if let Some(u) = &r.user_update {
            self.check_user_devices(&tx, &u.user, "user_update.user")?;
        }
        tx.commit().map_err(db)?;
        Ok(touched)
    }

    fn remove(&self, ids: &[String], users: &[String]) -> Result<Vec<Touched>, StoreError> {
        let mut c = self.conn();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let mut w = Where::default();
        w.any_of("id", ids);
        w.any_of("user_id", users);
        if w.clauses.is_empty() {
            return Ok(Vec::new());
        }
        let removed: Vec<Touched> = {
            let mut st = tx
                .prepare(&format!(
                    "DELETE FROM devices{} RETURNING id, user_id",
                    w.sql()
                ))
                .map_err(db)?;
            let rows = st
                .query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
                    Ok(Touched {
                        id: r.get(0)?,
                        user: r.get(1)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db)?
        };
        tx.commit().map_err(db)?;
        Ok(removed)
    }

    fn list(
        &self,
        r: &wire::DeviceListRequest,
        page: &PageOf<String>,
    ) -> Result<wire::DeviceListResult, StoreError> {
        let mut c = self.conn();
        // One read transaction: the count and the page see the same data.
        let tx = c.transaction().map_err(db)?;
        let (from, key, w) = device_query(&r.filter);
        let cursor = (!page.cursor.is_empty()).then(|| Value::Text(page.cursor.clone()));
        let (mut items, total_count) = keyset_page(
            &tx,
            (DEVICE_COLUMNS, from, key),
            w,
            cursor,
            page,
            device_from_row,
        )
        .map_err(db)?;
        let next_cursor = next_cursor(&mut items, page.limit, |d| &d.id);
        for d in &mut items {
            if r.include_topics {
                d.topics = Some(device_topics_of(&tx, &d.id).map_err(db)?);
            }
            if !r.include_meta {
                d.meta = None;
            }
            if !r.include_webpush_keys {
                d.webpush_keys.clear();
            }
        }
        Ok(wire::Page {
            items,
            next_cursor,
            total_count,
        })
    }

    fn list_ids(
        &self,
        filter: &wire::DeviceFilter,
        page: &PageOf<String>,
    ) -> Result<(Vec<String>, String), StoreError> {
        let c = self.conn();
        let (from, key, w) = device_query(filter);
        let cursor = (!page.cursor.is_empty()).then(|| Value::Text(page.cursor.clone()));
        let page = PageOf {
            total: false,
            ..page.clone()
        };
        let (mut ids, _) =
            keyset_page(&c, ("d.id", from, key), w, cursor, &page, |row| row.get(0)).map_err(db)?;
        let next = next_cursor(&mut ids, page.limit, |id| id);
        Ok((ids, next))
    }

    fn device_topics(
        &self,
        r: &wire::DeviceTopicListRequest,
        page: &PageOf<i64>,
    ) -> Result<wire::DeviceTopicListResult, StoreError> {
        let mut c = self.conn();
        let tx = c.transaction().map_err(db)?;
        let f = &r.filter;
        let mut w = Where::default();
        w.any_of("dt.device_id", &f.device_ids);
        w.any_of("d.provider", &f.device_providers);
        w.any_of("d.platform", &f.device_platforms);
        w.any_of("d.user_id", &f.device_users);
        w.any_of("dt.topic", &f.topics);
        if !f.topic_prefix.is_empty() {
            w.prefix("dt.topic", &f.topic_prefix);
        }
        let from = "device_topics dt JOIN devices d ON d.id = dt.device_id";
        let cursor = (page.cursor > 0).then_some(Value::Integer(page.cursor));
        let (mut items, total_count) = keyset_page(
            &tx,
            ("dt.id, dt.device_id, dt.topic", from, "dt.id"),
            w,
            cursor,
            page,
            |r| {
                Ok(wire::DeviceTopic {
                    id: r.get::<_, i64>(0)?.to_string(),
                    device_id: r.get(1)?,
                    topic: r.get(2)?,
                    device: None,
                })
            },
        )
        .map_err(db)?;
        let next_cursor = next_cursor(&mut items, page.limit, |t| &t.id);
        if r.include_device {
            let mut st = tx
                .prepare_cached(&format!(
                    "SELECT {DEVICE_COLUMNS} FROM devices d WHERE d.id = ?1"
                ))
                .map_err(db)?;
            for it in &mut items {
                let mut dev = st
                    .query_row([&it.device_id], device_from_row)
                    .optional()
                    .map_err(db)?;
                if let Some(d) = &mut dev {
                    d.meta = None;
                    d.webpush_keys.clear();
                }
                it.device = dev;
            }
        }
        Ok(wire::Page {
            items,
            next_cursor,
            total_count,
        })
    }

    fn device_topic_update(
        &self,
        device_id: &str,
        op: Op,
        topics: &[String],
        user: &str,
    ) -> Result<(), StoreError> {
        let mut c = self.conn();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let owner: Option<String> = tx
            .query_row(
                "SELECT user_id FROM devices WHERE id = ?1",
                [device_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?;
        let Some(owner) = owner else {
            return Err(StoreError::NotFound {
                what: "device",
                id: device_id.to_string(),
            });
        };
        if !user.is_empty() && owner != user {
            return Err(StoreError::Conflict {
                id: device_id.to_string(),
            });
        }
        let idv = json_list(&[device_id.to_string()]);
        Self::apply_topics(&tx, &idv, op, topics).map_err(db)?;
        self.check_device_topics(&tx, &idv, "topics")?;
        exec(
            &tx,
            "UPDATE devices SET updated_at = ?1 WHERE id = ?2",
            params![now_ms(), device_id],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }

    fn user_topics(
        &self,
        f: &wire::UserTopicFilter,
        page: &PageOf<i64>,
    ) -> Result<wire::UserTopicListResult, StoreError> {
        let mut c = self.conn();
        let tx = c.transaction().map_err(db)?;
        let mut w = Where::default();
        w.any_of("user_id", &f.users);
        w.any_of("topic", &f.topics);
        if !f.topic_prefix.is_empty() {
            w.prefix("topic", &f.topic_prefix);
        }
        let cursor = (page.cursor > 0).then_some(Value::Integer(page.cursor));
        let (mut items, total_count) = keyset_page(
            &tx,
            ("id, user_id, topic", "user_topics", "id"),
            w,
            cursor,
            page,
            |r| {
                Ok(wire::UserTopic {
                    id: r.get::<_, i64>(0)?.to_string(),
                    user: r.get(1)?,
                    topic: r.get(2)?,
                })
            },
        )
        .map_err(db)?;
        let next_cursor = next_cursor(&mut items, page.limit, |t| &t.id);
        Ok(wire::Page {
            items,
            next_cursor,
            total_count,
        })
    }

    fn user_topic_update(&self, user: &str, op: Op, topics: &[String]) -> Result<(), StoreError> {
        let mut c = self.conn();
        let tx = c
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let u = Value::Text(user.to_string());
        let t = json_list(topics);
        // `""` binds every user: applied at each device's next register, never to all
        // devices at once.
        let devices_too = !user.is_empty();
        if matches!(op, Op::Remove | Op::Set) {
            let not = if op == Op::Set { "NOT" } else { "" };
            if devices_too {
                exec(
                    &tx,
                    &format!(
                        "DELETE FROM device_topics
                         WHERE device_id IN (SELECT id FROM devices WHERE user_id = ?1)
                         AND topic IN (SELECT topic FROM user_topics WHERE user_id = ?1
                            AND topic {not} IN (SELECT value FROM json_each(?2)))"
                    ),
                    [&u, &t],
                )
                .map_err(db)?;
            }
            exec(
                &tx,
                &format!(
                    "DELETE FROM user_topics WHERE user_id = ?1
                     AND topic {not} IN (SELECT value FROM json_each(?2))"
                ),
                [&u, &t],
            )
            .map_err(db)?;
        }
        if matches!(op, Op::Add | Op::Set) {
            exec(
                &tx,
                "INSERT OR IGNORE INTO user_topics (user_id, topic)
                 SELECT ?1, value FROM json_each(?2)",
                [&u, &t],
            )
            .map_err(db)?;
            if devices_too {
                exec(
                    &tx,
                    "INSERT OR IGNORE INTO device_topics (device_id, topic)
                     SELECT d.id, t.value FROM devices d, json_each(?2) AS t
                     WHERE d.user_id = ?1",
                    [&u, &t],
                )
                .map_err(db)?;
            }
        }
        let n = count(
            &tx,
            "SELECT count(*) FROM user_topics WHERE user_id = ?1",
            std::slice::from_ref(&u),
        )
        .map_err(db)?;
        let max = self.limits.max_topics_per_device;
        if n as usize > max {
            return Err(super::user_topics_over(user, n, max));
        }
        if devices_too {
            let ids: Vec<String> = {
                let mut st = tx
                    .prepare("SELECT id FROM devices WHERE user_id = ?1")
                    .map_err(db)?;
                let rows = st.query_map([&u], |r| r.get(0)).map_err(db)?;
                rows.collect::<rusqlite::Result<_>>().map_err(db)?
            };
            self.check_device_topics(&tx, &json_list(&ids), "topics")?;
        }
        tx.commit().map_err(db)
    }
    fn stats(&self, top: usize) -> Result<wire::PushStats, StoreError> {
        let c = self.conn();
        let mut st = wire::PushStats::zero();
        let by = |column: &str| -> rusqlite::Result<Vec<(String, u64)>> {
            let mut q = c.prepare_cached(&format!(
                "SELECT {column}, count(*) FROM devices GROUP BY {column}"
            ))?;
            let rows = q.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
            rows.collect()
        };
        for (k, n) in by("provider").map_err(db)? {
            st.devices += n;
            st.by_provider.insert(k, n);
        }
        for (k, n) in by("platform").map_err(db)? {
            st.by_platform.insert(k, n);
        }
        if top > 0 {
            // walks the (topic, device_id) index once, counting each topic's run
            let mut q = c
                .prepare_cached(
                    "SELECT topic, count(*) AS n FROM device_topics GROUP BY topic
                     ORDER BY n DESC, topic LIMIT ?1",
                )
                .map_err(db)?;
            let rows = q
                .query_map([top as i64], |r| {
                    Ok(wire::TopicCount {
                        topic: r.get(0)?,
                        devices: r.get::<_, i64>(1)? as u64,
                    })
                })
                .map_err(db)?;
            st.top_topics = rows.collect::<rusqlite::Result<_>>().map_err(db)?;
        }
        Ok(st)
    }
    fn topic_devices(
        &self,
        topic: &str,
        batch: usize,
        each: &mut dyn FnMut(Vec<wire::Device>) -> bool,
    ) -> Result<u64, StoreError> {
        // A file store walks on a read connection (WAL readers never wait for the writer, and
        // the writer never waits for a long walk); in memory there is only the one.
        let open = |path: &Path| -> Result<Connection, StoreError> {
            let c = Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(db)?;
            c.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
            Ok(c)
        };
        let mut pooled = self.reader.try_lock().ok();
        let own;
        let shared;
        let c: &Connection = match (&self.path, pooled.as_deref_mut()) {
            (Some(path), Some(slot)) => match slot {
                Some(c) => c,
                None => slot.insert(open(path)?),
            },
            (Some(path), None) => {
                own = open(path)?;
                &own
            }
            (None, _) => {
                shared = self.conn();
                &shared
            }
        };
        // One statement: one snapshot, one pass over the (topic, device_id) index.
        let mut st = c
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLUMNS} FROM device_topics dt CROSS JOIN devices d
                 ON d.id = dt.device_id WHERE dt.topic = ?1 ORDER BY dt.device_id"
            ))
            .map_err(db)?;
        let mut rows = st.query([topic]).map_err(db)?;
        let batch = batch.max(1);
        let (mut n, mut page) = (0, Vec::with_capacity(batch));
        while let Some(r) = rows.next().map_err(db)? {
            page.push(device_from_row(r).map_err(db)?);
            if page.len() == batch {
                n += batch as u64;
                if !each(std::mem::replace(&mut page, Vec::with_capacity(batch))) {
                    return Ok(n);
                }
            }
        }
        if !page.is_empty() {
            n += page.len() as u64;
            each(page);
        }
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

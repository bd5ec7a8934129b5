//! The `PostgreSQL` push store: the registry that every node of a cluster shares, configured
//! by `database.postgresql.dsn` (Centrifugo PRO's key). It behaves exactly as the `SQLite`
//! store and passes the same contract suite; what differs is how it stays correct with many
//! writers on many nodes.
//!
//! - Driver and pool: the `postgres` crate (the blocking wrapper of `tokio-postgres`, as the
//!   [`Store`] trait is synchronous) behind an `r2d2` pool of at most
//!   `database.postgresql.pool_max_size` connections, one kept warm, each checked before use.
//!   The pool's manager is `r2d2_postgres`'s few lines plus a per-connection statement cache
//!   (a statement is parsed once per connection, then costs one round trip, not two).
//!   `NoTls` only: a DSN with `sslmode=require` fails at start with the driver's message.
//! - Blocking: each `postgres` connection blocks on a runtime of its own, which panics on an
//!   async worker. Callers use blocking threads (as for `SQLite`); opening and dropping the
//!   store, which happen on async workers too (the node is built and dropped there), move
//!   that work to a thread of their own.
//! - Schema: numbered [`MIGRATIONS`] run at open in one transaction that first takes an
//!   advisory lock ([`MIGRATION_LOCK`]), so nodes starting at once migrate one after the
//!   other; `centri_schema` records `(component, version)` per migration (component `push`,
//!   room for other centri stores in the same database). A database whose version is newer
//!   than this binary's is refused ([`StoreError::NewerSchema`]). Tables are unqualified, so
//!   they land in the DSN's database and the first schema of its `search_path`, and carry the
//!   `centri_push_` prefix.
//! - Text columns are `COLLATE "C"`: comparisons and `ORDER BY` are byte order, as in
//!   `SQLite`, whatever the database's default collation.
//! - Devices are unique by (provider, SHA-256 of the token): tokens may be 4096 bytes, over
//!   what a B-tree entry holds, so the UNIQUE index is on the digest. Registering upserts
//!   through it (`INSERT .. ON CONFLICT .. DO UPDATE .. RETURNING id`), so concurrent
//!   registrations of one token on any nodes leave one device.
//! - Every write is one transaction that checks the limits before it commits, so a call that
//!   would break one writes nothing. Concurrent writers are ordered without SERIALIZABLE: a
//!   transaction that may add devices or topics to a user first takes that user's
//!   transaction-scoped advisory lock (`pg_advisory_xact_lock(class, hashtext(user))`), then
//!   locks the device rows it changes (`FOR UPDATE`, in id order), so the counts it checks
//!   cannot move under it. A deadlock or a lost unique race between two writers is retried
//!   ([`WRITE_ATTEMPTS`]).
//! - Listings are keyset pages as in `SQLite` (same cursors: device ids; row ids for topic
//!   rows), read with the count in one `REPEATABLE READ` snapshot. One topic walks the
//!   `(topic, device_id)` index, so a page costs the same at any depth. Row ids come from a
//!   sequence: a row committed late with a lower id than a client's cursor is not on that
//!   client's next pages (`SQLite` writes one at a time and has no such gap).
//! - Secrets: the DSN's password never reaches an error or a log; they name the server as
//!   [`redacted`] writes it (`postgresql://user@host:port/db`).
//!
//! Imports `proto`, the store trait and the push validation types only.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{IsolationLevel, NoTls, Row, Statement, Transaction};
use sha2::{Digest, Sha256};

use super::{next_cursor, now_ms, Limits, PageOf, Store, StoreError, Touched};
use crate::proto::push as wire;
use crate::server::push::validate::{NewDevice, Op};

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// This store's rows in `centri_schema`.
const COMPONENT: &str = "push";

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: devices, their topics, user topics.
    r#"CREATE TABLE centri_push_devices (
        id TEXT COLLATE "C" PRIMARY KEY,
        provider TEXT COLLATE "C" NOT NULL,
        token TEXT COLLATE "C" NOT NULL,
        token_sha256 BYTEA NOT NULL,
        platform TEXT COLLATE "C" NOT NULL,
        user_id TEXT COLLATE "C" NOT NULL,
        timezone TEXT COLLATE "C" NOT NULL,
        locale TEXT COLLATE "C" NOT NULL,
        meta TEXT NOT NULL,
        webpush_keys TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_devices_provider_token
        ON centri_push_devices (provider, token_sha256);
    CREATE INDEX centri_push_devices_user ON centri_push_devices (user_id, id);
    CREATE INDEX centri_push_devices_provider ON centri_push_devices (provider, id);
    CREATE INDEX centri_push_devices_platform ON centri_push_devices (platform, id);
    CREATE TABLE centri_push_device_topics (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id TEXT COLLATE "C" NOT NULL
            REFERENCES centri_push_devices (id) ON DELETE CASCADE,
        topic TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_device_topics_device_topic
        ON centri_push_device_topics (device_id, topic);
    CREATE INDEX centri_push_device_topics_topic
        ON centri_push_device_topics (topic, device_id);
    CREATE TABLE centri_push_user_topics (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id TEXT COLLATE "C" NOT NULL,
        topic TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_user_topics_user_topic
        ON centri_push_user_topics (user_id, topic);
    CREATE INDEX centri_push_user_topics_topic ON centri_push_user_topics (topic);"#,
];

/// The advisory lock (the 64-bit key space) that serializes migrations across nodes.
pub const MIGRATION_LOCK: i64 = 0x6365_6e74_7269_0001; // "centri" 0x0001
/// The class of per-user advisory locks (the (int, int) key space, which never meets the
/// 64-bit one).
const USER_LOCK_CLASS: i32 = 0x6370_7573; // "cpus"
/// How many times a write is tried when it loses a deadlock or a unique race to another
/// writer.
pub const WRITE_ATTEMPTS: usize = 3;
/// How long connecting may take, unless the DSN sets `connect_timeout`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a call waits for a free pooled connection before it fails.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long dropping the store on an async worker waits for its connections to close.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

const DEVICE_COLUMNS: &str =
    "d.id, d.provider, d.token, d.platform, d.user_id, d.timezone, d.locale, d.meta, d.webpush_keys";

/// The most prepared statements a connection keeps (it forgets them all past that): the
/// set of statements is finite, a listing's filters and flags combined.
const STATEMENT_CACHE: usize = 256;

type Pool = r2d2::Pool<Manager>;

/// Opens pooled connections ([`Conn`]); `r2d2_postgres`'s manager, with a statement cache.
#[derive(Debug)]
struct Manager {
    config: postgres::Config,
}

/// A pooled connection and its prepared statements: each SQL text is parsed once per
/// connection, and a call then costs one round trip per statement, not two.
struct Conn {
    client: postgres::Client,
    statements: HashMap<String, Statement>,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, c: &mut Conn) -> Result<(), postgres::Error> {
        c.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, c: &mut Conn) -> bool {
        c.client.is_closed()
    }
}

/// A transaction on a pooled connection, whose statements go through the connection's
/// cache. Its methods are the driver's, with SQL text.
struct Tx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

impl Tx<'_> {
    fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        let st = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }
    fn execute(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.execute(&st, p)
    }
    fn query(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query(&st, p)
    }
    fn query_one(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Row, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query_one(&st, p)
    }
    fn query_opt(
        &mut self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query_opt(&st, p)
    }
}

/// The `PostgreSQL` registry.
pub struct PostgresStore {
    /// `None` only while dropping.
    pool: Option<Pool>,
    limits: Limits,
    /// The DSN without its password, for errors and logs.
    name: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("server", &self.name)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// The server a parsed DSN names, without its password: `postgresql://user@host:port/db`.
fn describe(c: &postgres::Config) -> String {
    let mut out = String::from("postgresql://");
    if let Some(u) = c.get_user() {
        let _ = write!(out, "{u}@");
    }
    let ports = c.get_ports();
    let hosts: Vec<String> = c
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match h {
                postgres::config::Host::Tcp(h) if h.contains(':') => format!("[{h}]:{port}"),
                postgres::config::Host::Tcp(h) => format!("{h}:{port}"),
                postgres::config::Host::Unix(p) => format!("{}:{port}", p.display()),
            }
        })
        .collect();
    if hosts.is_empty() {
        let port = ports.first().copied().unwrap_or(5432);
        let _ = write!(out, "localhost:{port}");
    } else {
        out.push_str(&hosts.join(","));
    }
    if let Some(db) = c.get_dbname() {
        let _ = write!(out, "/{db}");
    }
    out
}

/// A DSN as errors, logs and `config show` may print it: the server it names, never its
/// password; `<unparsable DSN>` when it does not parse (the text could be anything).
pub fn redacted(dsn: &str) -> String {
    postgres::Config::from_str(dsn).map_or_else(|_| "<unparsable DSN>".into(), |c| describe(&c))
}

/// The key of a token in the UNIQUE index.
fn token_sha256(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A failed step: a store verdict to return as is, or a database error (which a write may
/// retry).
enum Fail {
    Store(StoreError),
    Pg(postgres::Error),
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
        Fail::Pg(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

#[allow(clippy::needless_pass_by_value)] // for `map_err(db)`
fn db(e: postgres::Error) -> StoreError {
    StoreError::Db(e.to_string())
}

impl From<Fail> for StoreError {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Store(e) => e,
            Fail::Pg(e) => db(e),
        }
    }
}

/// Whether another writer made this attempt fail, so that trying again can succeed.
fn retryable(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::UNIQUE_VIOLATION
    })
}

/// A WHERE clause under construction, with its parameters in order (`$1`, `$2`, ..).
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Where {
    /// Adds a parameter; its placeholder.
    fn bind(&mut self, p: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(p));
        format!("${}", self.params.len())
    }
    fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }
    /// `column` is one of `l`, when `l` is not empty: one array parameter whatever its
    /// length, or `column = value` for one value, so that an index on `(column, id)` serves
    /// a page in id order.
    fn any_of(&mut self, column: &str, l: &[String]) {
        if let [one] = l {
            let p = self.bind(one.clone());
            self.push(format!("{column} = {p}"));
        } else if !l.is_empty() {
            let p = self.bind(l.to_vec());
            self.push(format!("{column} = ANY({p}::text[])"));
        }
    }
    /// `column` starts with `prefix`: `starts_with`, not LIKE, so `%` and `_` match themselves.
    fn prefix(&mut self, column: &str, prefix: &str) {
        let p = self.bind(prefix.to_string());
        self.push(format!("starts_with({column}, {p})"));
    }
    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| &**p as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The FROM, the ordering key and the WHERE of a device listing. One topic (what a send to a
/// topic enumerates) walks the `(topic, device_id)` index in device order, so each page reads
/// only its own rows however large the topic; otherwise pages walk the devices' primary key.
fn device_query(f: &wire::DeviceFilter) -> (&'static str, &'static str, Where) {
    let mut w = Where::default();
    let (from, key) = if let [topic] = f.topics.as_slice() {
        let p = w.bind(topic.clone());
        w.push(format!("dt.topic = {p}"));
        (
            "centri_push_device_topics dt JOIN centri_push_devices d ON d.id = dt.device_id",
            "dt.device_id",
        )
    } else {
        if !f.topics.is_empty() {
            let p = w.bind(f.topics.clone());
            w.push(format!(
                "d.id IN (SELECT device_id FROM centri_push_device_topics
                  WHERE topic = ANY({p}::text[]))"
            ));
        }
        ("centri_push_devices d", "d.id")
    };
    w.any_of("d.id", &f.ids);
    w.any_of("d.user_id", &f.users);
    w.any_of("d.provider", &f.providers);
    w.any_of("d.platform", &f.platforms);
    (from, key, w)
}

fn device_from_row(r: &Row) -> Result<wire::Device, postgres::Error> {
    let meta: String = r.try_get(7)?;
    Ok(wire::Device {
        id: r.try_get(0)?,
        provider: r.try_get(1)?,
        token: r.try_get(2)?,
        platform: r.try_get(3)?,
        user: r.try_get(4)?,
        timezone: r.try_get(5)?,
        locale: r.try_get(6)?,
        topics: None,
        meta: Some(serde_json::from_str(&meta).unwrap_or_default()),
        webpush_keys: r.try_get(8)?,
    })
}

fn count(
    tx: &mut Tx<'_>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<u64, postgres::Error> {
    let n: i64 = tx.query_one(sql, params)?.try_get(0)?;
    Ok(n as u64)
}

/// One keyset page of `SELECT cols FROM from WHERE … AND key > cursor ORDER BY key`, with
/// `limit + 1` rows (the extra one says that more follow), and the total of the whole filter
/// first when asked (in the caller's snapshot, so both see the same data).
fn keyset_page<T, C>(
    tx: &mut Tx<'_>,
    (cols, from, key): (&str, &str, &str),
    mut w: Where,
    cursor: Option<Box<dyn ToSql + Sync>>,
    page: &PageOf<C>,
    row: impl Fn(&Row) -> Result<T, postgres::Error>,
) -> Result<(Vec<T>, Option<u64>), postgres::Error> {
    let total = if page.total {
        Some(count(
            tx,
            &format!("SELECT count(*) FROM {from}{}", w.sql()),
            &w.params(),
        )?)
    } else {
        None
    };
    if let Some(c) = cursor {
        w.params.push(c);
        let p = format!("${}", w.params.len());
        w.push(format!("{key} > {p}"));
    }
    let limit = w.bind(page.limit as i64 + 1);
    let rows = tx.query(
        &format!(
            "SELECT {cols} FROM {from}{} ORDER BY {key} LIMIT {limit}",
            w.sql()
        ),
        &w.params(),
    )?;
    let items = rows.iter().map(row).collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// The devices per value of `column`.
fn group_count(tx: &mut Tx<'_>, column: &str) -> Result<Vec<(String, u64)>, postgres::Error> {
    tx.query(
        &format!("SELECT {column}, count(*) FROM centri_push_devices GROUP BY {column}"),
        &[],
    )?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
    .collect()
}

/// Takes `user`'s advisory lock until the transaction ends: whoever may add devices or
/// topics to that user waits here first, so the counts checked before commit hold.
fn lock_user(tx: &mut Tx<'_>, user: &str) -> Result<(), postgres::Error> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        &[&USER_LOCK_CLASS, &user],
    )?;
    Ok(())
}

/// Applies `op` with `topics` to the devices `ids` (rows the caller has locked).
fn apply_topics(
    tx: &mut Tx<'_>,
    ids: &[String],
    op: Op,
    topics: &[String],
) -> Result<(), postgres::Error> {
    match op {
        Op::Remove => {
            tx.execute(
                "DELETE FROM centri_push_device_topics
                 WHERE device_id = ANY($1::text[]) AND topic = ANY($2::text[])",
                &[&ids, &topics],
            )?;
        }
        Op::Set => {
            tx.execute(
                "DELETE FROM centri_push_device_topics
                 WHERE device_id = ANY($1::text[]) AND topic <> ALL($2::text[])",
                &[&ids, &topics],
            )?;
        }
        Op::Add => {}
    }
    if matches!(op, Op::Add | Op::Set) {
        tx.execute(
            "INSERT INTO centri_push_device_topics (device_id, topic)
             SELECT d, t FROM unnest($1::text[]) WITH ORDINALITY AS a(d, i),
                unnest($2::text[]) WITH ORDINALITY AS b(t, j)
             ORDER BY i, j ON CONFLICT DO NOTHING",
            &[&ids, &topics],
        )?;
    }
    Ok(())
}

impl PostgresStore {
    /// Connects to the database of `dsn`, migrates it, and keeps a pool of at most
    /// `pool_max_size` connections. Blocks (on a thread of its own, so any thread may call
    /// it).
    pub fn open(dsn: &str, pool_max_size: u32, limits: Limits) -> Result<Self, StoreError> {
        // The parser's errors quote no value of the DSN.
        let mut config = postgres::Config::from_str(dsn).map_err(|e| StoreError::Open {
            path: "database.postgresql.dsn".into(),
            reason: format!("not a PostgreSQL DSN: {e}"),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("centri");
        }
        let name = describe(&config);
        let open_err = |e: &dyn std::fmt::Display| StoreError::Open {
            path: name.clone(),
            reason: e.to_string(),
        };
        // Connect and migrate on a plain thread: the driver panics on an async worker.
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut c = config.connect(NoTls).map_err(|e| open_err(&e))?;
                migrate(&mut c, &name)
            })
            .join()
            .unwrap_or_else(|_| Err(open_err(&"the migration thread panicked")))
        })?;
        let manager = Manager { config };
        let pool = r2d2::Pool::builder()
            .max_size(pool_max_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(CHECKOUT_TIMEOUT)
            .error_handler(Box::new(LogErrors { name: name.clone() }))
            .build_unchecked(manager);
        Ok(Self {
            pool: Some(pool),
            limits,
            name,
        })
    }

    /// The DSN without its password.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        let pool = self
            .pool
            .as_ref()
            .ok_or_else(|| StoreError::Db("the store is closing".into()))?;
        pool.get()
            .map_err(|e| StoreError::Db(format!("PostgreSQL at {}: {e}", self.name)))
    }

    /// Runs `f` in one transaction and commits; tries again (at most [`WRITE_ATTEMPTS`]
    /// times) when another writer made it fail.
    fn write<T>(&self, mut f: impl FnMut(&mut Tx<'_>) -> Result<T, Fail>) -> Result<T, StoreError> {
        let mut c = self.conn()?;
        let Conn { client, statements } = &mut *c;
        let mut attempt = 1;
        loop {
            let r = client.transaction().map_err(Fail::from).and_then(|tx| {
                let mut tx = Tx {
                    tx,
                    statements: &mut *statements,
                };
                let v = f(&mut tx)?;
                tx.tx.commit()?;
                Ok(v)
            });
            match r {
                Ok(v) => return Ok(v),
                Err(Fail::Pg(e)) if attempt < WRITE_ATTEMPTS && retryable(&e) => {
                    tracing::debug!(error = %e, attempt, "push store: write retried");
                    attempt += 1;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Runs `f` in one read-only snapshot (`REPEATABLE READ`), so a count and a page agree.
    fn read<T>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, Fail>) -> Result<T, StoreError> {
        let mut c = self.conn()?;
        let Conn { client, statements } = &mut *c;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(db)?;
        let mut tx = Tx { tx, statements };
        let v = f(&mut tx)?;
        tx.tx.commit().map_err(db)?;
        Ok(v)
    }

    fn check_device_topics(
        &self,
        tx: &mut Tx<'_>,
        ids: &[String],
        field: &str,
    ) -> Result<(), Fail> {
        let most: Option<i64> = tx
            .query_one(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM centri_push_device_topics
                 WHERE device_id = ANY($1::text[]) GROUP BY device_id) AS c",
                &[&ids],
            )?
            .try_get(0)?;
        let max = self.limits.max_topics_per_device;
        match most {
            Some(n) if n as usize > max => {
                Err(super::device_topics_over(field, n as u64, max).into())
            }
            _ => Ok(()),
        }
    }

    fn check_user_devices(&self, tx: &mut Tx<'_>, user: &str, field: &str) -> Result<(), Fail> {
        if user.is_empty() {
            return Ok(());
        }
        let n = count(
            tx,
            "SELECT count(*) FROM centri_push_devices WHERE user_id = $1",
            &[&user],
        )?;
        let max = self.limits.max_devices_per_user;
        if n as usize > max {
            return Err(super::user_devices_over(field, user, n, max).into());
        }
        Ok(())
    }
}

/// Runs the migrations this database lacks, under [`MIGRATION_LOCK`], in one transaction.
fn migrate(c: &mut postgres::Client, name: &str) -> Result<(), StoreError> {
    let open_err = |e: postgres::Error| StoreError::Open {
        path: name.to_string(),
        reason: e.to_string(),
    };
    let mut tx = c.transaction().map_err(open_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(open_err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS centri_schema (
            component TEXT NOT NULL,
            version INTEGER NOT NULL,
            applied_at BIGINT NOT NULL,
            PRIMARY KEY (component, version)
        )",
    )
    .map_err(open_err)?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM centri_schema WHERE component = $1",
            &[&COMPONENT],
        )
        .and_then(|r| r.try_get(0))
        .map_err(open_err)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: name.to_string(),
            found,
            supported: SCHEMA_VERSION,
            remedy: "point database.postgresql.dsn at another database",
        });
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(m).map_err(open_err)?;
        tx.execute(
            "INSERT INTO centri_schema (component, version, applied_at) VALUES ($1, $2, $3)",
            &[&COMPONENT, &(i as i32 + 1), &now_ms()],
        )
        .map_err(open_err)?;
        if found > 0 {
            tracing::info!(server = name, version = i + 1, "push store migrated");
        }
    }
    tx.commit().map_err(open_err)
}

/// Logs the pool's failures to (re)connect with the DSN's password left out.
#[derive(Debug)]
struct LogErrors {
    name: String,
}

impl r2d2::HandleError<postgres::Error> for LogErrors {
    fn handle_error(&self, e: postgres::Error) {
        tracing::warn!(server = %self.name, error = %e, "push store: PostgreSQL connection failed");
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // Closing a connection blocks on its runtime, which panics on an async worker (the
        // node may be dropped there): close them on a thread of their own, waiting a little
        // for it so that the server sees them leave (a process about to exit would cut them).
        let Some(pool) = self.pool.take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return; // not in a runtime: closing here is fine
        }
        let (pool_tx, pool_rx) = std::sync::mpsc::channel::<Pool>();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let closer = std::thread::Builder::new()
            .name("centri-pg-close".into())
            .spawn(move || {
                drop(pool_rx.recv());
                let _ = done_tx.send(());
            });
        match closer {
            Ok(_) => {
                if let Err(unsent) = pool_tx.send(pool) {
                    std::mem::forget(unsent.0);
                }
                let _ = done_rx.recv_timeout(CLOSE_WAIT);
            }
            // No thread to close them on: the sockets close when the process exits.
            Err(_) => std::mem::forget(pool),
        }
    }
}

impl Store for PostgresStore {
    fn register(&self, d: &NewDevice) -> Result<String, StoreError> {
        let meta = serde_json::to_string(&d.meta).unwrap_or_else(|_| "{}".into());
        let hash = token_sha256(&d.token);
        self.write(|tx| {
            if !d.user.is_empty() {
                lock_user(tx, &d.user)?;
            }
            let now = now_ms();
            let id = if let Some(id) = &d.id {
                let known = tx
                    .query_opt(
                        "SELECT 1 FROM centri_push_devices WHERE id = $1 FOR UPDATE",
                        &[id],
                    )?
                    .is_some();
                if !known {
                    return Err(StoreError::NotFound {
                        what: "device",
                        id: id.clone(),
                    }
                    .into());
                }
                // The token moved to this device: another device holding it is that device's
                // stale registration.
                tx.execute(
                    "DELETE FROM centri_push_devices
                     WHERE provider = $1 AND token_sha256 = $2 AND id <> $3",
                    &[&d.provider, &hash, id],
                )?;
                tx.execute(
                    "UPDATE centri_push_devices SET provider = $1, token = $2, token_sha256 = $3,
                        platform = $4, user_id = $5, timezone = $6, locale = $7, meta = $8,
                        webpush_keys = $9, updated_at = $10
                     WHERE id = $11",
                    &[
                        &d.provider,
                        &d.token,
                        &hash,
                        &d.platform,
                        &d.user,
                        &d.timezone,
                        &d.locale,
                        &meta,
                        &d.webpush_keys,
                        &now,
                        id,
                    ],
                )?;
                id.clone()
            } else {
                tx.query_one(
                    "INSERT INTO centri_push_devices (id, provider, token, token_sha256, platform,
                        user_id, timezone, locale, meta, webpush_keys, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
                     ON CONFLICT (provider, token_sha256) DO UPDATE SET
                        platform = excluded.platform, user_id = excluded.user_id,
                        timezone = excluded.timezone, locale = excluded.locale,
                        meta = excluded.meta, webpush_keys = excluded.webpush_keys,
                        updated_at = excluded.updated_at
                     RETURNING id",
                    &[
                        &crate::server::push::validate::new_device_id(),
                        &d.provider,
                        &d.token,
                        &hash,
                        &d.platform,
                        &d.user,
                        &d.timezone,
                        &d.locale,
                        &meta,
                        &d.webpush_keys,
                        &now,
                    ],
                )?
                .try_get::<_, String>(0)?
            };
            // Topics become (own ∪ user's ∪ everyone's); rows that stay keep their ids.
            tx.execute(
                "DELETE FROM centri_push_device_topics WHERE device_id = $1
                 AND topic <> ALL($2::text[])
                 AND topic NOT IN (SELECT topic FROM centri_push_user_topics
                    WHERE user_id IN ($3, ''))",
                &[&id, &d.topics, &d.user],
            )?;
            tx.execute(
                "INSERT INTO centri_push_device_topics (device_id, topic)
                 SELECT $1, t FROM unnest($2::text[]) WITH ORDINALITY AS a(t, i)
                 ORDER BY i ON CONFLICT DO NOTHING",
                &[&id, &d.topics],
            )?;
            tx.execute(
                "INSERT INTO centri_push_device_topics (device_id, topic)
                 SELECT $1, topic FROM centri_push_user_topics WHERE user_id IN ($2, '')
                 ORDER BY id ON CONFLICT DO NOTHING",
                &[&id, &d.user],
            )?;
            self.check_device_topics(tx, std::slice::from_ref(&id), "topics")?;
            self.check_user_devices(tx, &d.user, "user")?;
            Ok(id)
        })
    }

    fn update(
        &self,
        r: &wire::DeviceUpdateRequest,
        op: Option<Op>,
    ) -> Result<Vec<Touched>, StoreError> {
        self.write(|tx| {
            if let Some(u) = r.user_update.as_ref().filter(|u| !u.user.is_empty()) {
                lock_user(tx, &u.user)?;
            }
            let mut w = Where::default();
            w.any_of("id", &r.ids);
            w.any_of("user_id", &r.users);
            // The selection is fixed (and locked) first: a user update must not change what
            // `users` selects.
            let touched: Vec<Touched> = tx
                .query(
                    &format!(
                        "SELECT id, user_id FROM centri_push_devices{} ORDER BY id FOR UPDATE",
                        w.sql()
                    ),
                    &w.params(),
                )?
                .iter()
                .map(|r| {
                    Ok(Touched {
                        id: r.try_get(0)?,
                        user: r.try_get(1)?,
                    })
                })
                .collect::<Result<_, postgres::Error>>()?;
            if touched.is_empty() {
                return Ok(touched);
            }
            let ids: Vec<String> = touched.iter().map(|t| t.id.clone()).collect();
            let mut set = Where::default();
            let ids_p = set.bind(ids.clone());
            let mut columns = vec![format!("updated_at = {}", set.bind(now_ms()))];
            if let Some(u) = &r.user_update {
                columns.push(format!("user_id = {}", set.bind(u.user.clone())));
            }
            if let Some(t) = &r.timezone_update {
                columns.push(format!("timezone = {}", set.bind(t.timezone.clone())));
            }
            if let Some(l) = &r.locale_update {
                columns.push(format!("locale = {}", set.bind(l.locale.clone())));
            }
            if let Some(m) = &r.meta_update {
                let meta = serde_json::to_string(&m.meta).unwrap_or_else(|_| "{}".into());
                columns.push(format!("meta = {}", set.bind(meta)));
            }
            tx.execute(
                &format!(
                    "UPDATE centri_push_devices SET {} WHERE id = ANY({ids_p}::text[])",
                    columns.join(", ")
                ),
                &set.params(),
            )?;
            if let (Some(t), Some(op)) = (&r.topics_update, op) {
                apply_topics(tx, &ids, op, &t.topics)?;
                self.check_device_topics(tx, &ids, "topics_update.topics")?;
            }
            if let Some(u) = &r.user_update {
                self.check_user_devices(tx, &u.user, "user_update.user")?;
            }
            Ok(touched)
        })
    }

    fn remove(&self, ids: &[String], users: &[String]) -> Result<Vec<Touched>, StoreError> {
        let mut w = Where::default();
        w.any_of("id", ids);
        w.any_of("user_id", users);
        if w.clauses.is_empty() {
            return Ok(Vec::new());
        }
        self.write(|tx| {
            let rows = tx.query(
                &format!(
                    "WITH gone AS (DELETE FROM centri_push_devices{} RETURNING id, user_id)
                     SELECT id, user_id FROM gone ORDER BY id",
                    w.sql()
                ),
                &w.params(),
            )?;
            let removed = rows
                .iter()
                .map(|r| {
                    Ok(Touched {
                        id: r.try_get(0)?,
                        user: r.try_get(1)?,
                    })
                })
                .collect::<Result<_, postgres::Error>>()?;
            Ok(removed)
        })
    }

    fn list(
        &self,
        r: &wire::DeviceListRequest,
        page: &PageOf<String>,
    ) -> Result<wire::DeviceListResult, StoreError> {
        self.read(|tx| {
            let (from, key, w) = device_query(&r.filter);
            let cursor = (!page.cursor.is_empty())
                .then(|| Box::new(page.cursor.clone()) as Box<dyn ToSql + Sync>);
            let (mut items, total_count) = keyset_page(
                tx,
                (DEVICE_COLUMNS, from, key),
                w,
                cursor,
                page,
                device_from_row,
            )?;
            let next_cursor = next_cursor(&mut items, page.limit, |d| &d.id);
            if r.include_topics && !items.is_empty() {
                // One query for the page's topics, not one per device.
                let ids: Vec<String> = items.iter().map(|d| d.id.clone()).collect();
                let rows = tx.query(
                    "SELECT device_id, topic FROM centri_push_device_topics
                     WHERE device_id = ANY($1::text[]) ORDER BY device_id, topic",
                    &[&ids],
                )?;
                let mut by_device: HashMap<String, Vec<String>> = HashMap::new();
                for row in &rows {
                    by_device
                        .entry(row.try_get(0)?)
                        .or_default()
                        .push(row.try_get(1)?);
                }
                for d in &mut items {
                    d.topics = Some(by_device.remove(&d.id).unwrap_or_default());
                }
            }
            for d in &mut items {
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
        })
    }

    fn device_topics(
        &self,
        r: &wire::DeviceTopicListRequest,
        page: &PageOf<i64>,
    ) -> Result<wire::DeviceTopicListResult, StoreError> {
        self.read(|tx| {
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
            let from =
                "centri_push_device_topics dt JOIN centri_push_devices d ON d.id = dt.device_id";
            let cursor = (page.cursor > 0).then(|| Box::new(page.cursor) as Box<dyn ToSql + Sync>);
            let (mut items, total_count) = keyset_page(
                tx,
                ("dt.id, dt.device_id, dt.topic", from, "dt.id"),
                w,
                cursor,
                page,
                |r| {
                    Ok(wire::DeviceTopic {
                        id: r.try_get::<_, i64>(0)?.to_string(),
                        device_id: r.try_get(1)?,
                        topic: r.try_get(2)?,
                        device: None,
                    })
                },
            )?;
            let next_cursor = next_cursor(&mut items, page.limit, |t| &t.id);
            if r.include_device && !items.is_empty() {
                let ids: Vec<String> = items.iter().map(|t| t.device_id.clone()).collect();
                let rows = tx.query(
                    &format!(
                        "SELECT {DEVICE_COLUMNS} FROM centri_push_devices d
                         WHERE d.id = ANY($1::text[])"
                    ),
                    &[&ids],
                )?;
                let mut devices = HashMap::new();
                for row in &rows {
                    let mut d = device_from_row(row)?;
                    d.meta = None;
                    d.webpush_keys.clear();
                    devices.insert(d.id.clone(), d);
                }
                for it in &mut items {
                    it.device = devices.get(&it.device_id).cloned();
                }
            }
            Ok(wire::Page {
                items,
                next_cursor,
                total_count,
            })
        })
    }

    fn device_topic_update(
        &self,
        device_id: &str,
        op: Op,
        topics: &[String],
        user: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let owner: Option<String> = tx
                .query_opt(
                    "SELECT user_id FROM centri_push_devices WHERE id = $1 FOR UPDATE",
                    &[&device_id],
                )?
                .map(|r| r.try_get(0))
                .transpose()?;
            let Some(owner) = owner else {
                return Err(StoreError::NotFound {
                    what: "device",
                    id: device_id.to_string(),
                }
                .into());
            };
            if !user.is_empty() && owner != user {
                return Err(StoreError::Conflict {
                    id: device_id.to_string(),
                }
                .into());
            }
            let ids = [device_id.to_string()];
            apply_topics(tx, &ids, op, topics)?;
            self.check_device_topics(tx, &ids, "topics")?;
            tx.execute(
                "UPDATE centri_push_devices SET updated_at = $1 WHERE id = $2",
                &[&now_ms(), &device_id],
            )?;
            Ok(())
        })
    }

    fn user_topics(
        &self,
        f: &wire::UserTopicFilter,
        page: &PageOf<i64>,
    ) -> Result<wire::UserTopicListResult, StoreError> {
        self.read(|tx| {
            let mut w = Where::default();
            w.any_of("user_id", &f.users);
            w.any_of("topic", &f.topics);
            if !f.topic_prefix.is_empty() {
                w.prefix("topic", &f.topic_prefix);
            }
            let cursor = (page.cursor > 0).then(|| Box::new(page.cursor) as Box<dyn ToSql + Sync>);
            let (mut items, total_count) = keyset_page(
                tx,
                ("id, user_id, topic", "centri_push_user_topics", "id"),
                w,
                cursor,
                page,
                |r| {
                    Ok(wire::UserTopic {
                        id: r.try_get::<_, i64>(0)?.to_string(),
                        user: r.try_get(1)?,
                        topic: r.try_get(2)?,
                    })
                },
            )?;
            let next_cursor = next_cursor(&mut items, page.limit, |t| &t.id);
            Ok(wire::Page {
                items,
                next_cursor,
                total_count,
            })
        })
    }

    fn user_topic_update(&self, user: &str, op: Op, topics: &[String]) -> Result<(), StoreError> {
        // `""` binds every user: applied at each device's next register, never to all
        // devices at once.
        let devices_too = !user.is_empty();
        self.write(|tx| {
            lock_user(tx, user)?;
            let ids: Vec<String> = if devices_too {
                tx.query(
                    "SELECT id FROM centri_push_devices WHERE user_id = $1 ORDER BY id FOR UPDATE",
                    &[&user],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?
            } else {
                Vec::new()
            };
            if matches!(op, Op::Remove | Op::Set) {
                let pick = if op == Op::Set {
                    "topic <> ALL($2::text[])"
                } else {
                    "topic = ANY($2::text[])"
                };
                if !ids.is_empty() {
                    tx.execute(
                        &format!(
                            "DELETE FROM centri_push_device_topics
                             WHERE device_id = ANY($3::text[])
                             AND topic IN (SELECT topic FROM centri_push_user_topics
                                WHERE user_id = $1 AND {pick})"
                        ),
                        &[&user, &topics, &ids],
                    )?;
                }
                tx.execute(
                    &format!("DELETE FROM centri_push_user_topics WHERE user_id = $1 AND {pick}"),
                    &[&user, &topics],
                )?;
            }
            if matches!(op, Op::Add | Op::Set) {
                tx.execute(
                    "INSERT INTO centri_push_user_topics (user_id, topic)
                     SELECT $1, t FROM unnest($2::text[]) WITH ORDINALITY AS a(t, i)
                     ORDER BY i ON CONFLICT DO NOTHING",
                    &[&user, &topics],
                )?;
                if !ids.is_empty() {
                    apply_topics(tx, &ids, Op::Add, topics)?;
                }
            }
            let n = count(
                tx,
                "SELECT count(*) FROM centri_push_user_topics WHERE user_id = $1",
                &[&user],
            )?;
            let max = self.limits.max_topics_per_device;
            if n as usize > max {
                return Err(super::user_topics_over(user, n, max).into());
            }
            if !ids.is_empty() {
                self.check_device_topics(tx, &ids, "topics")?;
            }
            Ok(())
        })
    }

    fn stats(&self, top: usize) -> Result<wire::PushStats, StoreError> {
        self.read(|tx| {
            let mut st = wire::PushStats::zero();
            for (k, n) in group_count(tx, "provider")? {
                st.devices += n;
                st.by_provider.insert(k, n);
            }
            st.by_platform.extend(group_count(tx, "platform")?);
            if top > 0 {
                let rows = tx.query(
                    "SELECT topic, count(*) AS n FROM centri_push_device_topics GROUP BY topic
                     ORDER BY n DESC, topic LIMIT $1",
                    &[&(top as i64)],
                )?;
                st.top_topics = rows
                    .iter()
                    .map(|r| {
                        Ok(wire::TopicCount {
                            topic: r.try_get(0)?,
                            devices: r.try_get::<_, i64>(1)? as u64,
                        })
                    })
                    .collect::<Result<_, postgres::Error>>()?;
            }
            Ok(st)
        })
    }
}

/// The test harness of the integration tests (a real server per test process), included
/// here so that the contract suite runs against `PostgreSQL` in the unit tests too.
#[cfg(test)]
#[path = "../../../../tests/it/postgres.rs"]
mod harness;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
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
}

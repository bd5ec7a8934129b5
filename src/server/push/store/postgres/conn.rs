//! The `PostgreSQL` store's connections: the pool's manager with each connection's statement
//! cache, the transaction type the store's SQL runs through, and the DSN as logs may show it
//! (never its password).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr;

use postgres::types::ToSql;
use postgres::{NoTls, Row, Statement, Transaction};

/// The most prepared statements a connection keeps (it forgets them all past that): the
/// set of statements is finite, a listing's filters and flags combined.
const STATEMENT_CACHE: usize = 256;

pub(super) type Pool = r2d2::Pool<Manager>;

/// Opens pooled connections ([`Conn`]); `r2d2_postgres`'s manager, with a statement cache.
#[derive(Debug)]
pub(super) struct Manager {
    pub(super) config: postgres::Config,
}

/// A pooled connection and its prepared statements: each SQL text is parsed once per
/// connection, and a call then costs one round trip per statement, not two.
pub(super) struct Conn {
    pub(super) client: postgres::Client,
    pub(super) statements: HashMap<String, Statement>,
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
pub(super) struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) statements: &'a mut HashMap<String, Statement>,
}

impl Tx<'_> {
    pub(super) fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
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
    pub(super) fn execute(
        &mut self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.execute(&st, p)
    }
    pub(super) fn query(
        &mut self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query(&st, p)
    }
    pub(super) fn query_one(
        &mut self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query_one(&st, p)
    }
    pub(super) fn query_opt(
        &mut self,
        sql: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let st = self.prepared(sql)?;
        self.tx.query_opt(&st, p)
    }
}

/// The server a parsed DSN names, without its password: `postgresql://user@host:port/db`.
pub(super) fn describe(c: &postgres::Config) -> String {
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

/// Logs the pool's failures to (re)connect with the DSN's password left out.
#[derive(Debug)]
pub(super) struct LogErrors {
    pub(super) name: String,
}

impl r2d2::HandleError<postgres::Error> for LogErrors {
    fn handle_error(&self, e: postgres::Error) {
        tracing::warn!(server = %self.name, error = %e, "push store: PostgreSQL connection failed");
    }
}

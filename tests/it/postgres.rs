//! A real `PostgreSQL` server for tests: `initdb` and `postgres` on a free loopback port in a
//! temporary directory. One server per test process ([`Postgres::shared`]), one database per
//! test ([`Postgres::database`]).
//!
//! Self-contained (std and crates only, nothing from the other test modules): the library's
//! unit tests and a bench include this file with `#[path]`.
//!
//! - The binaries come from PATH, else from the newest `/usr/lib/postgresql/*/bin` (where
//!   Debian's `postgresql` package puts them). Without them every caller panics, saying to
//!   install `PostgreSQL` (`.ci/run` does): a test never skips silently.
//! - `PostgreSQL` refuses to run as root, so under root `initdb` and the server run as the
//!   `centri-pg` system user (created with `useradd` when missing; `nobody` if that fails),
//!   who owns the directory.
//! - The server runs under `setpriv --pdeathsig KILL`, started from a thread that lives as
//!   long as the server is wanted: a `static` is never dropped, yet the server dies with the
//!   test process. [`Drop`] stops a server and removes its directory; directories that dead
//!   test processes left behind are removed by the next start.
//! - Every wait is bounded, and a server that does not come up panics with its log.

// Each includer uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The superuser `initdb` creates (trust authentication, loopback only).
pub const SUPERUSER: &str = "postgres";
/// The unprivileged user the server runs as under root.
const SERVICE_USER: &str = "centri-pg";
/// The prefix of every data directory, with the owner's pid after it.
const DIR_PREFIX: &str = "centri-pg-";

/// A running `PostgreSQL` server, stopped and removed on drop.
pub struct Postgres {
    child: Mutex<Child>,
    port: u16,
    dir: PathBuf,
    /// Tells the thread that started the server to end (the server dies with it).
    keeper: Option<mpsc::Sender<()>>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres")
            .field("port", &self.port)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Where `initdb` and `postgres` are: PATH, else the newest `/usr/lib/postgresql/*/bin`.
///
/// # Panics
/// When neither has them.
pub fn bin_dir() -> PathBuf {
    let in_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|d| d.join("initdb").is_file() && d.join("postgres").is_file())
    });
    if let Some(d) = in_path {
        return d;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("postgres").is_file()).then_some((v, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL is required for these tests: no initdb and postgres in PATH or in \
             /usr/lib/postgresql/*/bin. Install it (apt-get install postgresql); .ci/run does."
        ),
    }
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// `id -u`/`id -g` of `user`, when it exists.
fn ids_of(user: &str) -> Option<(String, String)> {
    let id = |flag: &str| {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    Some((id("-u")?, id("-g")?))
}

/// The (uid, gid) to run `PostgreSQL` as under root: `centri-pg`, created when missing, else
/// `nobody`.
fn service_ids() -> (String, String) {
    if let Some(ids) = ids_of(SERVICE_USER) {
        return ids;
    }
    let _ = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            SERVICE_USER,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    // Another test process may have created it meanwhile: look again either way.
    ids_of(SERVICE_USER)
        .or_else(|| ids_of("nobody"))
        .unwrap_or_else(|| {
            panic!("running as root, and neither user {SERVICE_USER} (useradd failed) nor nobody exists to run PostgreSQL as")
        })
}

/// `cmd` as the unprivileged user under root (`setpriv`), with the parent-death signal set
/// so that the process dies with the thread that spawned it.
fn command(bin: &Path, ids: Option<&(String, String)>, pdeathsig: bool) -> Command {
    let mut c = Command::new("setpriv");
    if let Some((uid, gid)) = ids {
        c.args([
            format!("--reuid={uid}"),
            format!("--regid={gid}"),
            "--clear-groups".to_string(),
        ]);
    }
    if pdeathsig {
        c.arg("--pdeathsig=KILL");
    }
    c.arg("--").arg(bin);
    c
}

/// Removes the data directories of test processes that are gone.
fn sweep_stale_dirs(base: &Path) {
    for e in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Runs `f` with a connection to database `db` as the superuser, on a thread of its own: the
/// `postgres` client blocks on a runtime of its own, which must not happen on an async
/// worker (tests call this from `#[tokio::test]`s).
fn with_client<T: Send>(
    port: u16,
    db: &str,
    f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send,
) -> Result<T, postgres::Error> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut c = postgres::Config::new()
                .host("127.0.0.1")
                .port(port)
                .user(SUPERUSER)
                .dbname(db)
                .connect_timeout(Duration::from_secs(5))
                .connect(postgres::NoTls)?;
            f(&mut c)
        })
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

impl Postgres {
    /// The server of this test process, started on first use.
    pub fn shared() -> &'static Postgres {
        static SHARED: OnceLock<Postgres> = OnceLock::new();
        SHARED.get_or_init(Postgres::start)
    }

    /// Starts a server of its own (stopped on drop).
    ///
    /// # Panics
    /// Without `PostgreSQL`, or when the server does not accept connections in time (with its
    /// log).
    pub fn start() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let bin = bin_dir();
        let base = if is_root() {
            // TMPDIR may be a directory only root can enter.
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        sweep_stale_dirs(&base);
        let dir = base.join(format!(
            "{DIR_PREFIX}{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating the PostgreSQL test directory");
        let ids = is_root().then(service_ids);
        if let Some((uid, gid)) = &ids {
            let status = Command::new("chown")
                .arg(format!("{uid}:{gid}"))
                .arg(&dir)
                .status()
                .expect("running chown");
            assert!(status.success(), "chown {uid}:{gid} {}", dir.display());
        }
        let data = dir.join("data");
        let out = command(&bin.join("initdb"), ids.as_ref(), false)
            .current_dir(&dir) // the caller's may be closed to the unprivileged user
            .args(["-D"])
            .arg(&data)
            .args([
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .expect("running initdb (through setpriv)");
        assert!(
            out.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A port taken between the probe and the bind makes the server exit: try another.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = dir.join(format!("server-{port}.log"));
            match Self::launch(&bin, ids.as_ref(), &dir, &data, port, &log) {
                Ok((child, keeper)) => {
                    return Self {
                        child: Mutex::new(child),
                        port,
                        dir,
                        keeper: Some(keeper),
                    }
                }
                Err(l) => last_log = l,
            }
        }
        panic!(
            "PostgreSQL did not start in {}; its log:\n{last_log}",
            dir.display()
        );
    }

    /// Starts the server on `port` from a keeper thread and waits until it accepts
    /// connections; the server's log when it does not.
    fn launch(
        bin: &Path,
        ids: Option<&(String, String)>,
        dir: &Path,
        data: &Path,
        port: u16,
        log: &Path,
    ) -> Result<(Child, mpsc::Sender<()>), String> {
        let mut cmd = command(&bin.join("postgres"), ids, true);
        cmd.current_dir(dir)
            .arg("-D")
            .arg(data)
            .args(["-p", &port.to_string(), "-k"])
            .arg(dir)
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=300",
                // keep the directory small: every CREATE DATABASE copies a template through
                // the WAL, which checkpoints then recycle
                "-c",
                "wal_level=minimal",
                "-c",
                "max_wal_senders=0",
                "-c",
                "min_wal_size=32MB",
                "-c",
                "max_wal_size=64MB",
            ]);
        let out =
            std::fs::File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        // The parent-death signal fires when the *thread* that forked exits: fork from a
        // thread that waits until told to stop (never, for the shared server).
        let (started_tx, started_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name(format!("postgres-{port}"))
            .spawn(move || {
                let _ = started_tx.send(cmd.spawn());
                let _ = stop_rx.recv();
            })
            .map_err(|e| e.to_string())?;
        let mut child = started_rx
            .recv()
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("cannot run postgres through setpriv: {e}"))?;
        let read_log = || std::fs::read_to_string(log).unwrap_or_default();
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("postgres exited with {status}:\n{}", read_log()));
            }
            if with_client(port, "postgres", |c| c.simple_query("SELECT 1").map(|_| ())).is_ok() {
                return Ok((child, stop_tx));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "postgres did not accept connections within {START_TIMEOUT:?}:\n{}",
                    read_log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The DSN of database `db` as the superuser.
    pub fn dsn(&self, db: &str) -> String {
        format!("postgresql://{SUPERUSER}@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates a fresh, empty database and returns its DSN.
    ///
    /// # Panics
    /// When `CREATE DATABASE` fails (with the server's log).
    pub fn database(&self) -> String {
        self.database_with("")
    }

    /// [`Postgres::database`] with `options` after `CREATE DATABASE name` (e.g. a collation).
    pub fn database_with(&self, options: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "centri_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let sql = format!("CREATE DATABASE {name} {options}");
        if let Err(e) = with_client(self.port, "postgres", |c| c.batch_execute(&sql)) {
            panic!("{sql}: {e}\nserver log:\n{}", self.log());
        }
        self.dsn(&name)
    }

    /// Runs `sql` (one or more statements, simple protocol) on the database of `dsn`; the
    /// rows the statements return, every value as text.
    ///
    /// # Panics
    /// When the statement fails.
    pub fn sql(&self, dsn: &str, sql: &str) -> Vec<Vec<Option<String>>> {
        let db = dsn.rsplit('/').next().unwrap_or("postgres").to_string();
        let rows = with_client(self.port, &db, |c| c.simple_query(sql))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let mut out = Vec::new();
        for m in rows {
            if let postgres::SimpleQueryMessage::Row(r) = m {
                out.push((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect());
            }
        }
        out
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        let mut logs: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "log"))
            .collect();
        logs.sort();
        logs.iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let child = self
            .child
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = child.kill();
        let _ = child.wait();
        if let Some(k) = self.keeper.take() {
            let _ = k.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

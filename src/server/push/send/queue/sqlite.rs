//! The push queue of a single node: a `SQLite` file (`push_queue.sqlite3` in the data
//! directory), or memory when there is none.
//!
//! Owns tables `sends` (one row per send: request, state, times, the count of unfinished
//! tasks), `tasks` (the work, due time and owner of each task), `counts` (per send, provider,
//! field and reason) and `reports` (`update_push_status`). Tasks a previous run had claimed
//! are released at open: this process is the only one using the file.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use super::{fold_counts, state, Counts, NewSend, Queue, QueueError, Task, Work};
use crate::proto::push::send::SendStatus;
use crate::server::push::store::now_ms;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sends (
    uid TEXT PRIMARY KEY,
    request TEXT NOT NULL,
    recipient TEXT NOT NULL,
    analytics_uid TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    due INTEGER NOT NULL,
    expire_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    planned INTEGER NOT NULL DEFAULT 0,
    pending INTEGER NOT NULL DEFAULT 0,
    next_seq INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS sends_created ON sends(created_at);
CREATE INDEX IF NOT EXISTS sends_analytics ON sends(analytics_uid);
CREATE TABLE IF NOT EXISTS tasks (
    uid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    work TEXT NOT NULL,
    due INTEGER NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (uid, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS tasks_due ON tasks(owner, due);
CREATE TABLE IF NOT EXISTS counts (
    uid TEXT NOT NULL,
    provider TEXT NOT NULL,
    field TEXT NOT NULL,
    reason TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (uid, provider, field, reason)
) STRICT;
CREATE TABLE IF NOT EXISTS reports (
    analytics_uid TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (analytics_uid, status)
) STRICT;
";

/// The embedded queue.
pub struct SqliteQueue {
    conn: Mutex<Connection>,
}

fn err(e: impl std::fmt::Display) -> QueueError {
    QueueError(e.to_string())
}

fn to_json(w: &Work) -> Result<String, QueueError> {
    serde_json::to_string(w).map_err(err)
}

fn from_json(s: &str) -> Result<Work, QueueError> {
    serde_json::from_str(s).map_err(|e| QueueError(format!("a stored task does not parse: {e}")))
}

impl SqliteQueue {
    /// Opens (creating) the queue file at `path`; tasks claimed by an earlier run are free
    /// again.
    pub fn open(path: &Path) -> Result<Self, QueueError> {
        let named = |e: rusqlite::Error| QueueError(format!("{}: {e}", path.display()));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| QueueError(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(named)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(named)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(named)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(named)?;
        Self::init(conn).map_err(|e| QueueError(format!("{}: {}", path.display(), e.0)))
    }

    /// A queue that lives as long as the process.
    pub fn memory() -> Result<Self, QueueError> {
        Self::init(Connection::open_in_memory().map_err(err)?)
    }

    fn init(conn: Connection) -> Result<Self, QueueError> {
        conn.execute_batch(SCHEMA).map_err(err)?;
        conn.execute("UPDATE tasks SET owner = '' WHERE owner != ''", [])
            .map_err(err)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, QueueError> {
        let mut c = self
            .conn
            .lock()
            .map_err(|_| QueueError("the queue lock is poisoned".into()))?;
        let tx = c.transaction().map_err(err)?;
        let v = f(&tx).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(v)
    }
}

fn add_counts(tx: &rusqlite::Transaction<'_>, uid: &str, counts: &Counts) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO counts (uid, provider, field, reason, n) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (uid, provider, field, reason) DO UPDATE SET n = n + excluded.n",
    )?;
    for ((provider, field, reason), n) in &counts.0 {
        st.execute(params![uid, provider, field, reason, *n as i64])?;
    }
    Ok(())
}

/// Adds tasks due at `due`, numbering them from the send's `next_seq`.
fn add_tasks(
    tx: &rusqlite::Transaction<'_>,
    uid: &str,
    works: &[String],
    due: i64,
) -> rusqlite::Result<()> {
    if works.is_empty() {
        return Ok(());
    }
    let seq: i64 = tx.query_row(
        "UPDATE sends SET next_seq = next_seq + ?2, pending = pending + ?2 WHERE uid = ?1
         RETURNING next_seq - ?2",
        params![uid, works.len() as i64],
        |r| r.get(0),
    )?;
    let mut st =
        tx.prepare_cached("INSERT INTO tasks (uid, seq, work, due) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, w) in works.iter().enumerate() {
        st.execute(params![uid, seq + i as i64, w, due])?;
    }
    Ok(())
}

impl Queue for SqliteQueue {
    fn submit(&self, s: &NewSend) -> Result<bool, QueueError> {
        let works = s.tasks.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        self.with(|tx| {
            let n = tx.execute(
                "INSERT INTO sends (uid, request, recipient, analytics_uid, state, created_at, due,
                    expire_at, total, planned)
                 VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8, ?9) ON CONFLICT (uid) DO NOTHING",
                params![
                    s.uid,
                    s.request,
                    s.recipient,
                    s.analytics_uid,
                    s.created_at,
                    s.due,
                    s.expire_at,
                    s.total as i64,
                    s.planned
                ],
            )?;
            if n == 0 {
                return Ok(false);
            }
            add_tasks(tx, &s.uid, &works, s.due)?;
            if s.planned && works.is_empty() {
                tx.execute(
                    "UPDATE sends SET state = 'done', finished_at = ?2 WHERE uid = ?1",
                    params![s.uid, s.created_at],
                )?;
            }
            Ok(true)
        })
    }

    fn request(&self, uid: &str) -> Result<Option<(String, i64)>, QueueError> {
        self.with(|tx| {
            tx.query_row(
                "SELECT request, expire_at FROM sends WHERE uid = ?1",
                [uid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }

    fn claim(&self, worker: &str, now: i64) -> Result<Option<Task>, QueueError> {
        let row: Option<(String, i64, String)> = self.with(|tx| {
            tx.query_row(
                "UPDATE tasks SET owner = ?1 WHERE rowid = (
                    SELECT rowid FROM tasks WHERE owner = '' AND due <= ?2 ORDER BY due, uid, seq
                    LIMIT 1)
                 RETURNING uid, seq, work",
                params![worker, now],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
        })?;
        row.map(|(uid, seq, w)| {
            Ok(Task {
                uid,
                seq,
                work: from_json(&w)?,
                handle: String::new(),
                owner: worker.to_string(),
            })
        })
        .transpose()
    }

    fn release(&self, task: &Task, due: i64) -> Result<(), QueueError> {
        self.with(|tx| {
            tx.execute(
                "UPDATE tasks SET owner = '', due = ?3 WHERE uid = ?1 AND seq = ?2 AND owner = ?4",
                params![task.uid, task.seq, due, task.owner],
            )
            .map(|_| ())
        })
    }

    fn progress(&self, task: &Task, work: &Work, counts: &Counts) -> Result<(), QueueError> {
        let w = to_json(work)?;
        self.with(|tx| {
            tx.execute(
                "UPDATE tasks SET work = ?3 WHERE uid = ?1 AND seq = ?2",
                params![task.uid, task.seq, w],
            )?;
            add_counts(tx, &task.uid, counts)
        })
    }

    fn plan(&self, task: &Task, work: &Work, new: &[Work], found: u64) -> Result<(), QueueError> {
        let w = to_json(work)?;
        let works = new.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        self.with(|tx| {
            tx.execute(
                "UPDATE tasks SET work = ?3 WHERE uid = ?1 AND seq = ?2",
                params![task.uid, task.seq, w],
            )?;
            tx.execute(
                "UPDATE sends SET total = total + ?2 WHERE uid = ?1",
                params![task.uid, found as i64],
            )?;
            add_tasks(tx, &task.uid, &works, 0)
        })
    }

    fn defer(&self, uid: &str, work: &Work, due: i64, counts: &Counts) -> Result<(), QueueError> {
        let w = to_json(work)?;
        self.with(|tx| {
            add_tasks(tx, uid, &[w], due)?;
            add_counts(tx, uid, counts)
        })
    }

    fn finish(&self, task: &Task, counts: &Counts, planned: bool) -> Result<(), QueueError> {
        self.with(|tx| {
            let gone = tx.execute(
                "DELETE FROM tasks WHERE uid = ?1 AND seq = ?2",
                params![task.uid, task.seq],
            )?;
            add_counts(tx, &task.uid, counts)?;
            tx.execute(
                "UPDATE sends SET pending = pending - ?2, planned = planned OR ?3 WHERE uid = ?1",
                params![task.uid, gone as i64, planned],
            )?;
            tx.execute(
                "UPDATE sends SET state = 'done', finished_at = ?2
                 WHERE uid = ?1 AND pending <= 0 AND planned AND state = 'queued'",
                params![task.uid, now_ms()],
            )?;
            Ok(())
        })
    }

    fn cancel(&self, uid: &str, now: i64) -> Result<bool, QueueError> {
        self.with(|tx| {
            let n = tx.execute(
                "UPDATE sends SET state = 'cancelled', finished_at = ?2, pending = 0
                 WHERE uid = ?1 AND state = 'queued'",
                params![uid, now],
            )?;
            if n > 0 {
                tx.execute("DELETE FROM tasks WHERE uid = ?1", [uid])?;
            }
            Ok(n > 0)
        })
    }

    fn cancelled(&self, uid: &str) -> Result<bool, QueueError> {
        self.with(|tx| {
            tx.query_row("SELECT state FROM sends WHERE uid = ?1", [uid], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map(|s| s.as_deref() == Some("cancelled"))
        })
    }

    fn status(&self, uid: &str) -> Result<Option<SendStatus>, QueueError> {
        self.with(|tx| status_of(tx, uid))
    }

    fn list(&self, limit: usize) -> Result<Vec<SendStatus>, QueueError> {
        self.with(|tx| {
            let uids = tx
                .prepare_cached("SELECT uid FROM sends ORDER BY created_at DESC, uid LIMIT ?1")?
                .query_map([limit as i64], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out = Vec::with_capacity(uids.len());
            for u in uids {
                out.extend(status_of(tx, &u)?);
            }
            Ok(out)
        })
    }

    fn report(&self, analytics_uid: &str, status: &str) -> Result<(), QueueError> {
        self.with(|tx| {
            tx.execute(
                "INSERT INTO reports (analytics_uid, status, n) VALUES (?1, ?2, 1)
                 ON CONFLICT (analytics_uid, status) DO UPDATE SET n = n + 1",
                params![analytics_uid, status],
            )
            .map(|_| ())
        })
    }
}

fn status_of(tx: &rusqlite::Transaction<'_>, uid: &str) -> rusqlite::Result<Option<SendStatus>> {
    let row = tx
        .query_row(
            "SELECT recipient, analytics_uid, state, created_at, due, finished_at, total, planned
             FROM sends WHERE uid = ?1",
            [uid],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((recipient, analytics, stored, created_at, due, finished_at, total, planned)) = row
    else {
        return Ok(None);
    };
    let mut st = SendStatus {
        uid: uid.into(),
        recipient,
        created_at,
        send_at: if due > created_at { due } else { 0 },
        finished_at,
        total: total as u64,
        planned,
        ..SendStatus::default()
    };
    let rows = tx
        .prepare_cached("SELECT provider, field, reason, n FROM counts WHERE uid = ?1")?
        .query_map([uid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? as u64))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    fold_counts(&mut st, rows);
    st.state = state(&stored, due, now_ms(), st.done);
    st.reported = tx
        .prepare_cached("SELECT status, n FROM reports WHERE analytics_uid = ?1")?
        .query_map([analytics], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(st))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn contract() {
        super::super::contract::run(&SqliteQueue::memory().unwrap());
    }

    #[test]
    fn a_released_task_is_claimed_again_from_its_progress_when_due() {
        let q = SqliteQueue::memory().unwrap();
        let tokens = |done| Work::Tokens {
            provider: "fcm".into(),
            from: 0,
            to: 10,
            done,
        };
        q.submit(&super::super::contract::send("r", vec![tokens(0)]))
            .unwrap();
        let t = q.claim("w1", now_ms()).unwrap().unwrap();
        q.progress(&t, &tokens(4), &Counts::default()).unwrap();
        let due = now_ms() + 60_000;
        q.release(&t, due).unwrap();
        assert!(
            q.claim("w2", now_ms()).unwrap().is_none(),
            "not before it is due"
        );
        let again = q.claim("w2", due).unwrap().unwrap();
        assert_eq!((again.seq, again.work), (t.seq, tokens(4)));
        // a release by a worker that no longer owns the task changes nothing
        q.release(&t, now_ms()).unwrap();
        assert!(q.claim("w3", due).unwrap().is_none(), "still w2's");
    }

    #[test]
    fn claimed_tasks_are_free_again_after_a_restart() {
        let dir = std::env::temp_dir().join(format!("centri-q-{}", uuid::Uuid::new_v4()));
        let path = dir.join("q.sqlite3");
        let q = SqliteQueue::open(&path).unwrap();
        q.submit(&super::super::contract::send(
            "a",
            vec![Work::Native {
                provider: "fcm".into(),
            }],
        ))
        .unwrap();
        let t = q.claim("w1", now_ms()).unwrap().unwrap();
        assert!(q.claim("w1", now_ms()).unwrap().is_none(), "claimed");
        drop(q);
        let q = SqliteQueue::open(&path).unwrap();
        assert_eq!(q.claim("w2", now_ms()).unwrap().unwrap().seq, t.seq);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_named() {
        let dir = std::env::temp_dir().join(format!("centri-q-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("q.sqlite3");
        std::fs::write(
            &path,
            b"not a database, just some text that is long enough to matter",
        )
        .unwrap();
        let e = SqliteQueue::open(&path).err().unwrap();
        assert!(e.0.contains("q.sqlite3"), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

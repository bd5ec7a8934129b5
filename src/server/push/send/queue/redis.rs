//! The push queue shared by the nodes of a Redis engine: Redis streams with a consumer group.
//!
//! Owns these keys (under `engine.redis.prefix` + `push:`): `send:<uid>` (a hash: request,
//! state, times, total, `pending` tasks, `next_seq`), `sends` (a sorted set of uids by creation
//! time), `counts:<uid>` and `reports:<analytics uid>` (hashes of counters), `task:<uid>:<seq>`
//! (a task's work and progress), `delayed` (a sorted set of tasks not yet due) and the stream
//! `tasks` with the consumer group `workers`. A stream entry names a task; the task's key
//! holds its latest watermark, so whoever claims it next resumes there. `rate:<key>` (a sorted
//! set of send times, with `rate:<key>:seq`) is `limit_strategy.rate_limit`'s log, shared by
//! the nodes. A node's claimed
//! entries stay pending until it finishes them; an entry idle for `claim_after` (its node
//! stopped touching it: dead) is claimed by another node (`XAUTOCLAIM`). Each change that must
//! be atomic is one Lua script.

use std::sync::Mutex;
use std::time::Duration;

use redis::Value as RV;

use super::super::limit::{RateDecision, RatePolicy};
use super::{fold_counts, state, Counts, NewSend, Queue, QueueError, Task, Work};
use crate::proto::push::send::SendStatus;
use crate::server::push::store::now_ms;

const GROUP: &str = "workers";

/// Creates a send unless its uid is known. KEYS: send, sends, stream, delayed. ARGV: uid,
/// task key prefix, now, due, planned, then the hash fields and values (count in ARGV[6]),
/// then the works.
const SUBMIT: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local uid, tprefix, now, due, planned, nf = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local fields = {}
for i = 7, 6 + nf * 2 do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('ZADD', KEYS[2], now, uid)
local n = 0
for i = 7 + nf * 2, #ARGV do
  local seq = n
  redis.call('SET', tprefix .. seq, ARGV[i])
  if due <= now then
    redis.call('XADD', KEYS[3], '*', 'uid', uid, 'seq', seq)
  else
    redis.call('ZADD', KEYS[4], due, uid .. '|' .. seq)
  end
  n = n + 1
end
redis.call('HSET', KEYS[1], 'next_seq', n, 'pending', n)
if n == 0 and planned == '1' then
  redis.call('HSET', KEYS[1], 'state', 'done', 'finished_at', now)
end
return 1
";

/// Moves due delayed tasks to the stream. KEYS: delayed, stream. ARGV: now.
const PROMOTE: &str = r"
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, m in ipairs(due) do
  redis.call('ZREM', KEYS[1], m)
  local sep = string.find(m, '|', 1, true)
  redis.call('XADD', KEYS[2], '*', 'uid', string.sub(m, 1, sep - 1), 'seq', string.sub(m, sep + 1))
end
return #due
";

/// Adds counts. KEYS: counts. ARGV: field, n pairs.
const COUNT_LIB: &str = r"
local function add_counts(key, from)
  for i = from, #ARGV, 2 do
    redis.call('HINCRBY', key, ARGV[i], ARGV[i + 1])
  end
end
";

/// Progress. KEYS: task, counts, stream. ARGV: work, stream id, consumer, counts...
const PROGRESS: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], ARGV[1]) end
if ARGV[2] ~= '' then redis.call('XCLAIM', KEYS[3], 'workers', ARGV[3], 0, ARGV[2], 'JUSTID') end
add_counts(KEYS[2], 4)
return 1
";

/// A planning step. KEYS: send, stream, plan task. ARGV: plan work, found, task prefix, uid,
/// new works...
const PLAN: &str = r"
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'total', ARGV[2])
for i = 5, #ARGV do
  local seq = redis.call('HINCRBY', KEYS[1], 'next_seq', 1) - 1
  redis.call('HINCRBY', KEYS[1], 'pending', 1)
  redis.call('SET', ARGV[3] .. seq, ARGV[i])
  redis.call('XADD', KEYS[2], '*', 'uid', ARGV[4], 'seq', seq)
end
return 1
";

/// A delayed task. KEYS: send, delayed, counts. ARGV: uid, task prefix, due, work, counts...
const DEFER: &str = r"
if redis.call('HGET', KEYS[1], 'state') ~= 'queued' then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], 'next_seq', 1) - 1
redis.call('HINCRBY', KEYS[1], 'pending', 1)
redis.call('SET', ARGV[2] .. seq, ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1] .. '|' .. seq)
add_counts(KEYS[3], 5)
return 1
";

/// Ends a task. KEYS: send, task, stream, counts. ARGV: stream id, planned, now, counts...
const FINISH: &str = r"
local had = redis.call('DEL', KEYS[2])
if ARGV[1] ~= '' then
  redis.call('XACK', KEYS[3], 'workers', ARGV[1])
  redis.call('XDEL', KEYS[3], ARGV[1])
end
add_counts(KEYS[4], 4)
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if had == 1 then redis.call('HINCRBY', KEYS[1], 'pending', -1) end
if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'planned', 1) end
local s = redis.call('HMGET', KEYS[1], 'pending', 'planned', 'state')
if tonumber(s[1]) <= 0 and s[2] == '1' and s[3] == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'done', 'finished_at', ARGV[3])
end
return 1
";

/// Cancels. KEYS: send, delayed. ARGV: now, task prefix, uid.
const CANCEL: &str = r"
if redis.call('HGET', KEYS[1], 'state') ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'cancelled', 'finished_at', ARGV[1], 'pending', 0)
local n = tonumber(redis.call('HGET', KEYS[1], 'next_seq') or '0')
for seq = 0, n - 1 do
  redis.call('DEL', ARGV[2] .. seq)
  redis.call('ZREM', KEYS[2], ARGV[3] .. '|' .. seq)
end
return 1
";

/// One more push for a rate-limit key, as `limit::decide` decides it: a policy delays it
/// until its `rate`-th newest send is `interval` old. Allowed: recorded, and the times no
/// policy can need (older than the longest interval) dropped. KEYS: the key's send times (a
/// sorted set), its member counter. ARGV: now, the number of policies, then rate and interval
/// (ms) of each. Returns 0 (allowed) or the unix ms from which it is.
const RATE: &str = r"
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local at = now
local longest = 0
local total = redis.call('ZCARD', KEYS[1])
for i = 1, n do
  local rate = tonumber(ARGV[1 + 2 * i])
  local interval = tonumber(ARGV[2 + 2 * i])
  if interval > longest then longest = interval end
  if total >= rate then
    local r = redis.call('ZRANGE', KEYS[1], total - rate, total - rate, 'WITHSCORES')
    local t = tonumber(r[2]) + interval
    if t > at then at = t end
  end
end
if at > now then return at end
redis.call('ZADD', KEYS[1], now, redis.call('INCR', KEYS[2]))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - longest))
redis.call('PEXPIRE', KEYS[1], longest + 1000)
redis.call('PEXPIRE', KEYS[2], longest + 1000)
return 0
";

/// The Redis queue.
pub struct RedisQueue {
    client: redis::Client,
    pool: Mutex<Vec<redis::Connection>>,
    prefix: String,
    claim_after: Duration,
    io_timeout: Duration,
    scripts: Scripts,
}

struct Scripts {
    submit: redis::Script,
    promote: redis::Script,
    progress: redis::Script,
    plan: redis::Script,
    defer: redis::Script,
    finish: redis::Script,
    cancel: redis::Script,
    rate: redis::Script,
}

fn err(e: &redis::RedisError) -> QueueError {
    QueueError(format!("redis: {e}"))
}

fn to_json(w: &Work) -> Result<String, QueueError> {
    serde_json::to_string(w).map_err(|e| QueueError(e.to_string()))
}

fn count_args(counts: &Counts) -> Vec<String> {
    let mut v = Vec::with_capacity(counts.0.len() * 2);
    for ((p, f, r), n) in &counts.0 {
        v.push(format!("{p}|{f}|{r}"));
        v.push(n.to_string());
    }
    v
}

impl RedisQueue {
    /// A queue on `client` (connected lazily); creates the consumer group on first use.
    pub fn new(
        client: redis::Client,
        prefix: &str,
        claim_after: Duration,
        io_timeout: Duration,
    ) -> Self {
        Self {
            client,
            pool: Mutex::new(Vec::new()),
            prefix: format!("{prefix}push:"),
            claim_after,
            io_timeout,
            scripts: Scripts {
                submit: redis::Script::new(SUBMIT),
                promote: redis::Script::new(PROMOTE),
                progress: redis::Script::new(&format!("{COUNT_LIB}{PROGRESS}")),
                plan: redis::Script::new(PLAN),
                defer: redis::Script::new(&format!("{COUNT_LIB}{DEFER}")),
                finish: redis::Script::new(&format!("{COUNT_LIB}{FINISH}")),
                cancel: redis::Script::new(CANCEL),
                rate: redis::Script::new(RATE),
            },
        }
    }

    fn key(&self, k: &str) -> String {
        format!("{}{k}", self.prefix)
    }

    fn task_prefix(&self, uid: &str) -> String {
        self.key(&format!("task:{uid}:"))
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
    ) -> Result<T, QueueError> {
        let pooled = self
            .pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        let mut conn = if let Some(c) = pooled {
            c
        } else {
            let mut c = self
                .client
                .get_connection_with_timeout(self.io_timeout)
                .map_err(|e| err(&e))?;
            let _ = c.set_read_timeout(Some(self.io_timeout));
            let _ = c.set_write_timeout(Some(self.io_timeout));
            let made: redis::RedisResult<()> = redis::cmd("XGROUP")
                .arg("CREATE")
                .arg(self.key("tasks"))
                .arg(GROUP)
                .arg("0")
                .arg("MKSTREAM")
                .query(&mut c);
            if let Err(e) = made {
                if e.code() != Some("BUSYGROUP") {
                    return Err(err(&e));
                }
            }
            c
        };
        let r = f(&mut conn).map_err(|e| err(&e))?;
        let mut pool = self
            .pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pool.len() < 8 {
            pool.push(conn);
        }
        Ok(r)
    }

    /// The task a stream entry names, with its current work; `None` when the task is gone
    /// (its send was cancelled or it finished), after acknowledging the entry.
    fn task_of(
        &self,
        c: &mut redis::Connection,
        worker: &str,
        id: &str,
        fields: &[(String, String)],
    ) -> redis::RedisResult<Option<Task>> {
        let get = |k: &str| {
            fields
                .iter()
                .find(|(f, _)| f == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let (uid, seq) = (get("uid"), get("seq").parse::<i64>().unwrap_or(-1));
        let work: Option<String> = redis::cmd("GET")
            .arg(format!("{}{seq}", self.task_prefix(&uid)))
            .query(c)?;
        let Some(work) = work.and_then(|w| serde_json::from_str::<Work>(&w).ok()) else {
            let _: () = redis::pipe()
                .cmd("XACK")
                .arg(self.key("tasks"))
                .arg(GROUP)
                .arg(id)
                .ignore()
                .cmd("XDEL")
                .arg(self.key("tasks"))
                .arg(id)
                .ignore()
                .query(c)?;
            return Ok(None);
        };
        Ok(Some(Task {
            uid,
            seq,
            work,
            handle: id.to_string(),
            owner: worker.to_string(),
        }))
    }
}

/// The entries of an `XREADGROUP`/`XAUTOCLAIM` reply: (id, field/value pairs).
fn entries(v: &RV) -> Vec<(String, Vec<(String, String)>)> {
    let RV::Array(items) = v else {
        return Vec::new();
    };
    let text = |v: &RV| match v {
        RV::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
        RV::SimpleString(s) => s.clone(),
        _ => String::new(),
    };
    items
        .iter()
        .filter_map(|e| {
            let RV::Array(parts) = e else { return None };
            let id = text(parts.first()?);
            let RV::Array(kv) = parts.get(1)? else {
                return None;
            };
            let pairs = kv
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| (text(&c[0]), text(&c[1])))
                .collect();
            Some((id, pairs))
        })
        .collect()
}

impl Queue for RedisQueue {
    fn submit(&self, s: &NewSend) -> Result<bool, QueueError> {
        let works = s.tasks.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        let fields: Vec<(&str, String)> = vec![
            ("request", s.request.clone()),
            ("recipient", s.recipient.clone()),
            ("analytics_uid", s.analytics_uid.clone()),
            ("state", "queued".into()),
            ("created_at", s.created_at.to_string()),
            ("due", s.due.to_string()),
            ("expire_at", s.expire_at.to_string()),
            ("finished_at", "0".into()),
            ("total", s.total.to_string()),
            ("planned", if s.planned { "1" } else { "0" }.into()),
        ];
        self.with(|c| {
            let mut inv = self.scripts.submit.prepare_invoke();
            inv.key(self.key(&format!("send:{}", s.uid)))
                .key(self.key("sends"))
                .key(self.key("tasks"))
                .key(self.key("delayed"))
                .arg(&s.uid)
                .arg(self.task_prefix(&s.uid))
                .arg(s.created_at)
                .arg(s.due)
                .arg(if s.planned { "1" } else { "0" })
                .arg(fields.len());
            for (k, v) in &fields {
                inv.arg(*k).arg(v);
            }
            for w in &works {
                inv.arg(w);
            }
            inv.invoke::<i64>(c).map(|n| n == 1)
        })
    }

    fn request(&self, uid: &str) -> Result<Option<(String, i64)>, QueueError> {
        self.with(|c| {
            let (req, exp): (Option<String>, Option<i64>) = redis::cmd("HMGET")
                .arg(self.key(&format!("send:{uid}")))
                .arg("request")
                .arg("expire_at")
                .query(c)?;
            Ok(req.map(|r| (r, exp.unwrap_or(0))))
        })
    }

    fn claim(&self, worker: &str, now: i64) -> Result<Option<Task>, QueueError> {
        self.with(|c| {
            let _: i64 = self
                .scripts
                .promote
                .key(self.key("delayed"))
                .key(self.key("tasks"))
                .arg(now)
                .invoke(c)?;
            // a dead node's entries first
            for _ in 0..16 {
                let v: RV = redis::cmd("XAUTOCLAIM")
                    .arg(self.key("tasks"))
                    .arg(GROUP)
                    .arg(worker)
                    .arg(self.claim_after.as_millis() as u64)
                    .arg("0-0")
                    .arg("COUNT")
                    .arg(1)
                    .query(c)?;
                let RV::Array(parts) = &v else { break };
                let Some(claimed) = parts.get(1) else { break };
                let got = entries(claimed);
                let Some((id, fields)) = got.first() else {
                    break;
                };
                tracing::info!(entry = %id, worker, "push: took over a task another node left");
                if let Some(t) = self.task_of(c, worker, id, fields)? {
                    return Ok(Some(t));
                }
            }
            for _ in 0..16 {
                let v: RV = redis::cmd("XREADGROUP")
                    .arg("GROUP")
                    .arg(GROUP)
                    .arg(worker)
                    .arg("COUNT")
                    .arg(1)
                    .arg("STREAMS")
                    .arg(self.key("tasks"))
                    .arg(">")
                    .query(c)?;
                // [[stream, [entries]]]
                let RV::Array(streams) = &v else {
                    return Ok(None);
                };
                let Some(RV::Array(s)) = streams.first() else {
                    return Ok(None);
                };
                let Some(list) = s.get(1) else {
                    return Ok(None);
                };
                let got = entries(list);
                let Some((id, fields)) = got.first() else {
                    return Ok(None);
                };
                if let Some(t) = self.task_of(c, worker, id, fields)? {
                    return Ok(Some(t));
                }
            }
            Ok(None)
        })
    }

    fn progress(&self, task: &Task, work: &Work, counts: &Counts) -> Result<(), QueueError> {
        let w = to_json(work)?;
        self.with(|c| {
            let mut inv = self.scripts.progress.prepare_invoke();
            inv.key(format!("{}{}", self.task_prefix(&task.uid), task.seq))
                .key(self.key(&format!("counts:{}", task.uid)))
                .key(self.key("tasks"))
                .arg(w)
                .arg(&task.handle)
                .arg(&task.owner);
            for a in count_args(counts) {
                inv.arg(a);
            }
            inv.invoke::<i64>(c).map(|_| ())
        })
    }

    fn plan(&self, task: &Task, work: &Work, new: &[Work], found: u64) -> Result<(), QueueError> {
        let w = to_json(work)?;
        let works = new.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        self.with(|c| {
            let mut inv = self.scripts.plan.prepare_invoke();
            inv.key(self.key(&format!("send:{}", task.uid)))
                .key(self.key("tasks"))
                .key(format!("{}{}", self.task_prefix(&task.uid), task.seq))
                .arg(w)
                .arg(found)
                .arg(self.task_prefix(&task.uid))
                .arg(&task.uid);
            for w in &works {
                inv.arg(w);
            }
            inv.invoke::<i64>(c).map(|_| ())
        })
    }

    fn defer(&self, uid: &str, work: &Work, due: i64, counts: &Counts) -> Result<(), QueueError> {
        let w = to_json(work)?;
        self.with(|c| {
            let mut inv = self.scripts.defer.prepare_invoke();
            inv.key(self.key(&format!("send:{uid}")))
                .key(self.key("delayed"))
                .key(self.key(&format!("counts:{uid}")))
                .arg(uid)
                .arg(self.task_prefix(uid))
                .arg(due)
                .arg(w);
            for a in count_args(counts) {
                inv.arg(a);
            }
            inv.invoke::<i64>(c).map(|_| ())
        })
    }

    fn finish(&self, task: &Task, counts: &Counts, planned: bool) -> Result<(), QueueError> {
        self.with(|c| {
            let mut inv = self.scripts.finish.prepare_invoke();
            inv.key(self.key(&format!("send:{}", task.uid)))
                .key(format!("{}{}", self.task_prefix(&task.uid), task.seq))
                .key(self.key("tasks"))
                .key(self.key(&format!("counts:{}", task.uid)))
                .arg(&task.handle)
                .arg(if planned { "1" } else { "0" })
                .arg(now_ms());
            for a in count_args(counts) {
                inv.arg(a);
            }
            inv.invoke::<i64>(c).map(|_| ())
        })
    }

    fn cancel(&self, uid: &str, now: i64) -> Result<bool, QueueError> {
        self.with(|c| {
            self.scripts
                .cancel
                .key(self.key(&format!("send:{uid}")))
                .key(self.key("delayed"))
                .arg(now)
                .arg(self.task_prefix(uid))
                .arg(uid)
                .invoke::<i64>(c)
                .map(|n| n == 1)
        })
    }

    fn cancelled(&self, uid: &str) -> Result<bool, QueueError> {
        self.with(|c| {
            let s: Option<String> = redis::cmd("HGET")
                .arg(self.key(&format!("send:{uid}")))
                .arg("state")
                .query(c)?;
            Ok(s.as_deref() == Some("cancelled"))
        })
    }

    fn status(&self, uid: &str) -> Result<Option<SendStatus>, QueueError> {
        self.with(|c| self.status_of(c, uid))
    }

    fn list(&self, limit: usize) -> Result<Vec<SendStatus>, QueueError> {
        self.with(|c| {
            let uids: Vec<String> = redis::cmd("ZREVRANGE")
                .arg(self.key("sends"))
                .arg(0)
                .arg(limit.saturating_sub(1))
                .query(c)?;
            let mut out = Vec::with_capacity(uids.len());
            for u in uids {
                out.extend(self.status_of(c, &u)?);
            }
            Ok(out)
        })
    }

    fn report(&self, analytics_uid: &str, status: &str) -> Result<(), QueueError> {
        self.with(|c| {
            redis::cmd("HINCRBY")
                .arg(self.key(&format!("reports:{analytics_uid}")))
                .arg(status)
                .arg(1)
                .query::<i64>(c)
                .map(|_| ())
        })
    }

    fn shares_rate_limits(&self) -> bool {
        true
    }

    fn rate_acquire(
        &self,
        key: &str,
        policies: &[RatePolicy],
        now: i64,
    ) -> Result<RateDecision, QueueError> {
        let k = self.key(&format!("rate:{key}"));
        let at: i64 = self.with(|c| {
            let mut call = self.scripts.rate.prepare_invoke();
            call.key(&k)
                .key(format!("{k}:seq"))
                .arg(now)
                .arg(policies.len());
            for p in policies {
                call.arg(p.rate()).arg(p.interval_ms());
            }
            call.invoke(c)
        })?;
        Ok(if at > now {
            RateDecision::DelayUntil(at)
        } else {
            RateDecision::Allow
        })
    }

    fn heartbeat(&self, worker: &str, tasks: &[Task]) -> Result<(), QueueError> {
        let ids: Vec<&str> = tasks
            .iter()
            .map(|t| t.handle.as_str())
            .filter(|h| !h.is_empty())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        self.with(|c| {
            redis::cmd("XCLAIM")
                .arg(self.key("tasks"))
                .arg(GROUP)
                .arg(worker)
                .arg(0)
                .arg(&ids)
                .arg("JUSTID")
                .query::<RV>(c)
                .map(|_| ())
        })
    }
}

impl RedisQueue {
    fn status_of(
        &self,
        c: &mut redis::Connection,
        uid: &str,
    ) -> redis::RedisResult<Option<SendStatus>> {
        let h: std::collections::HashMap<String, String> = redis::cmd("HGETALL")
            .arg(self.key(&format!("send:{uid}")))
            .query(c)?;
        if h.is_empty() {
            return Ok(None);
        }
        let num = |k: &str| h.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        let text = |k: &str| h.get(k).cloned().unwrap_or_default();
        let (created_at, due) = (num("created_at"), num("due"));
        let mut st = SendStatus {
            uid: uid.into(),
            recipient: text("recipient"),
            created_at,
            send_at: if due > created_at { due } else { 0 },
            finished_at: num("finished_at"),
            total: num("total").max(0) as u64,
            planned: num("planned") == 1,
            ..SendStatus::default()
        };
        let counts: std::collections::HashMap<String, u64> = redis::cmd("HGETALL")
            .arg(self.key(&format!("counts:{uid}")))
            .query(c)?;
        fold_counts(
            &mut st,
            counts.into_iter().filter_map(|(k, n)| {
                let mut parts = k.splitn(3, '|');
                Some((
                    parts.next()?.to_string(),
                    parts.next()?.to_string(),
                    parts.next()?.to_string(),
                    n,
                ))
            }),
        );
        st.state = state(&text("state"), due, now_ms(), st.done);
        st.reported = redis::cmd("HGETALL")
            .arg(self.key(&format!("reports:{}", text("analytics_uid"))))
            .query::<std::collections::BTreeMap<String, u64>>(c)?;
        Ok(Some(st))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::many_single_char_names)]
mod tests {
    use super::*;

    /// A `redis-server` of this test on a free loopback port, stopped on drop.
    struct Server(std::process::Child, u16);

    impl Server {
        fn start() -> Self {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let child = std::process::Command::new("redis-server")
                .args([
                    "--port",
                    &port.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                ])
                .args(["--appendonly", "no"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("redis-server (installed by .ci/run)");
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(
                    std::time::Instant::now() < deadline,
                    "redis-server did not start"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            Self(child, port)
        }
        fn queue(&self, claim_after: Duration) -> RedisQueue {
            let client = redis::Client::open(format!("redis://127.0.0.1:{}/", self.1)).unwrap();
            RedisQueue::new(client, "t.", claim_after, Duration::from_secs(5))
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    #[test]
    fn contract() {
        let s = Server::start();
        super::super::contract::run(&s.queue(Duration::from_secs(30)));
    }

    /// Two nodes count the same sends: what one allowed, the other sees; each decision is the
    /// one `limit::decide` makes over every send recorded so far, and old times expire.
    #[test]
    fn the_rate_log_is_shared_by_the_nodes_and_decides_as_the_memory_log() {
        use crate::server::push::send::limit::{decide, RateDecision, RatePolicy};
        let s = Server::start();
        let (a, b) = (
            s.queue(Duration::from_secs(30)),
            s.queue(Duration::from_secs(30)),
        );
        assert!(a.shares_rate_limits());
        let policies = [
            RatePolicy::new(2, 60_000).unwrap(),
            RatePolicy::new(3, 3_600_000).unwrap(),
        ];
        let t0 = now_ms();
        let mut sent = Vec::new();
        // alternate the nodes; compare each answer with decide() over the sends so far
        for (i, at) in [0, 10, 20, 60_010, 60_020, 120_000].into_iter().enumerate() {
            let q = if i % 2 == 0 { &a } else { &b };
            let now = t0 + at;
            let got = q.rate_acquire("device:d1", &policies, now).unwrap();
            assert_eq!(got, decide(&policies, &sent, now), "send {i} at +{at} ms");
            if got == RateDecision::Allow {
                sent.push(now);
            }
        }
        assert_eq!(sent.len(), 3, "{sent:?}");
        assert_eq!(
            b.rate_acquire("device:d1", &policies, t0 + 120_000)
                .unwrap(),
            RateDecision::DelayUntil(sent[0] + 3_600_000),
            "the hourly policy holds across nodes"
        );
        // another key is its own
        assert_eq!(
            a.rate_acquire("device:d2", &policies, t0).unwrap(),
            RateDecision::Allow
        );
        // times older than the longest interval are dropped, and the key expires
        let short = [RatePolicy::new(1, 50).unwrap()];
        let now = now_ms();
        assert_eq!(
            a.rate_acquire("u", &short, now).unwrap(),
            RateDecision::Allow
        );
        assert_eq!(
            b.rate_acquire("u", &short, now + 10).unwrap(),
            RateDecision::DelayUntil(now + 50)
        );
        std::thread::sleep(Duration::from_millis(1200));
        let left: i64 = a
            .with(|c| redis::cmd("EXISTS").arg(a.key("rate:u")).query(c))
            .unwrap();
        assert_eq!(left, 0, "the key expired with its last useful time");
    }

    /// A task claimed by a node that then stops touching it goes to another node after
    /// `claim_after`, with the progress the first node recorded; a heartbeat keeps it.
    #[test]
    fn a_dead_nodes_task_is_taken_over_from_its_watermark() {
        let s = Server::start();
        let a = s.queue(Duration::from_millis(300));
        let b = s.queue(Duration::from_millis(300));
        let work = Work::Tokens {
            provider: "fcm".into(),
            from: 0,
            to: 100,
            done: 0,
        };
        a.submit(&super::super::contract::send("x", vec![work]))
            .unwrap();
        let t = a.claim("node-a", now_ms()).unwrap().unwrap();
        let later = Work::Tokens {
            provider: "fcm".into(),
            from: 0,
            to: 100,
            done: 40,
        };
        let mut c = Counts::default();
        c.add("fcm", "sent", "", 40);
        a.progress(&t, &later, &c).unwrap();
        assert!(
            b.claim("node-b", now_ms()).unwrap().is_none(),
            "a live claim"
        );
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(150));
            a.heartbeat("node-a", std::slice::from_ref(&t)).unwrap();
            assert!(b.claim("node-b", now_ms()).unwrap().is_none(), "kept alive");
        }
        std::thread::sleep(Duration::from_millis(400));
        let taken = b.claim("node-b", now_ms()).unwrap().unwrap();
        assert_eq!((taken.uid.as_str(), &taken.work), ("x", &later));
        let mut rest = Counts::default();
        rest.add("fcm", "sent", "", 60);
        b.finish(&taken, &rest, false).unwrap();
        let st = b.status("x").unwrap().unwrap();
        assert_eq!((st.state.as_str(), st.providers["fcm"].sent), ("done", 100));
        // the first node's late finish of the same task changes nothing
        a.finish(&t, &Counts::default(), false).unwrap();
        assert_eq!(b.status("x").unwrap().unwrap().providers["fcm"].sent, 100);
    }

    #[test]
    fn an_unreachable_redis_is_an_error_not_a_hang() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = redis::Client::open(format!("redis://127.0.0.1:{port}/")).unwrap();
        let q = RedisQueue::new(client, "t.", Duration::from_secs(1), Duration::from_secs(1));
        let e = q.status("x").unwrap_err();
        assert!(e.0.contains("redis"), "{e}");
    }
}

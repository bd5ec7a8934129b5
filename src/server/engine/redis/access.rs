//! Access-control entries in Redis ([`crate::server::access`]): one hash per kind
//! (`<prefix>.access.block`, `.revoke`, `.invalidate`), field → stored value, on the first
//! shard (never sharded by user, so every node reads the same three keys). Expired fields
//! are removed when a node loads them.

use super::RedisEngine;
use crate::proto::ApiError;
use crate::server::access::{Entry, Kind};

/// KEYS: hash; ARGV: field, the value it had. Deletes the field if it still has it.
const DROP_IF_SAME: &str = r"
if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('hdel', KEYS[1], ARGV[1]) end
return 0
";

impl RedisEngine {
    fn access_key(&self, kind: Kind) -> String {
        format!("{}.access.{}", self.prefix, kind.name())
    }

    /// Stores an entry (replacing the one with its key).
    pub fn access_put(&self, e: &Entry) -> Result<(), ApiError> {
        let mut cmd = redis::cmd("HSET");
        cmd.arg(self.access_key(e.kind)).arg(&e.key).arg(e.value());
        let link = &self.shards[0].link;
        self.wait(link.run(async |c| cmd.query_async::<()>(c).await))
    }

    /// Removes the entry of `kind` with `key`.
    pub fn access_remove(&self, kind: Kind, key: &str) -> Result<(), ApiError> {
        let mut cmd = redis::cmd("HDEL");
        cmd.arg(self.access_key(kind)).arg(key);
        let link = &self.shards[0].link;
        self.wait(link.run(async |c| cmd.query_async::<()>(c).await))
    }

    /// Every stored entry that is live at `now` (unix seconds); the expired ones, and any
    /// value this server did not write, are removed from Redis on the way.
    pub async fn access_load(&self, now: i64) -> Result<Vec<Entry>, ApiError> {
        let link = &self.shards[0].link;
        let mut pipe = redis::pipe();
        for kind in Kind::ALL {
            pipe.cmd("HGETALL").arg(self.access_key(kind));
        }
        let all: Vec<Vec<(String, String)>> = link.run(async |c| pipe.query_async(c).await).await?;
        let mut live = Vec::new();
        let mut gone = Vec::new();
        for (kind, fields) in Kind::ALL.into_iter().zip(all) {
            for (key, value) in fields {
                match Entry::parse(kind, &key, &value) {
                    Some(e) if e.expire_at == 0 || e.expire_at > now => live.push(e),
                    _ => gone.push((self.access_key(kind), key, value)),
                }
            }
        }
        // removed only if unchanged since read: a new entry written meanwhile stays
        let drop = redis::Script::new(DROP_IF_SAME);
        for (hash, key, value) in gone {
            let mut call = drop.key(&hash);
            call.arg(&key).arg(&value);
            link.run(async |c| call.invoke_async::<()>(c).await).await?;
        }
        Ok(live)
    }
}

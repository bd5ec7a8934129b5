//! Publishing on the Redis engine: one publication, or a `broadcast`'s many at once.
//!
//! A publication with nothing to keep (no history, no idempotency key) is a plain `PUBLISH`
//! (`SPUBLISH` on a cluster with sharded PUB/SUB), as Centrifugo's broker sends it. One that
//! is kept runs the publish script ([`super::scripts::PUBLISH`]), which appends and
//! publishes atomically. On a single server or a Sentinel primary a broadcast's channels go
//! out together: the plain ones and one script call per [`SCRIPT_CHUNK`] kept ones, in one
//! pipeline (one round trip, one Lua call for many publications). On a cluster, where
//! channels live in different slots, each goes on its own, all in flight together.

use futures_util::future::join_all;

use super::{new_epoch, RedisEngine, IDEMPOTENCY_MS};
use crate::proto::{ApiError, Publication, StreamPosition};
use crate::server::engine::{Dedup, Published, StreamOptions};
use std::sync::Arc;

/// Kept publications per script call: a broadcast to thousands of channels must not hold
/// Redis (single-threaded) in one script for long.
pub const SCRIPT_CHUNK: usize = 64;

/// One publication, ready to go to its shard.
pub(super) struct Outgoing {
    shard: usize,
    send: Send,
}

enum Send {
    /// `PUBLISH`/`SPUBLISH`: nothing is kept.
    Plain(redis::Cmd),
    /// A publication for the publish script: its three keys and eleven arguments.
    Kept {
        verb: &'static str,
        keys: [String; 3],
        args: Box<[String; 11]>,
    },
}

/// What a shard answered for one publication.
enum Reply {
    Plain,
    /// `{offset, epoch, duplicate}` from the script.
    Kept(redis::Value),
}

impl RedisEngine {
    pub fn publish(
        &self,
        channel: &str,
        publication: Publication,
        opts: &StreamOptions,
        dedup: Dedup<'_>,
        delta: bool,
    ) -> Result<Published, ApiError> {
        self.wait(self.publish_async(channel, publication, opts, dedup, delta))
    }

    /// How `publication` goes to `channel`'s shard.
    fn outgoing(
        &self,
        channel: &str,
        publication: &Publication,
        opts: &StreamOptions,
        dedup: Dedup<'_>,
        delta: bool,
    ) -> Result<Outgoing, ApiError> {
        let payload = serde_json::to_string(publication).map_err(|_| ApiError::internal())?;
        let size = if opts.history_enabled() {
            opts.history_size
        } else {
            0
        };
        let shard = self.shard_index(channel);
        let verb = self.publish_verb(shard);
        let mark = if delta { "d" } else { "" };
        let idempotency_key = dedup.idempotency_key;
        if size == 0 && idempotency_key.is_empty() {
            let mut cmd = redis::cmd(verb);
            cmd.arg(self.client_channel(channel))
                .arg(format!("0::{mark}{payload}"));
            return Ok(Outgoing {
                shard,
                send: Send::Plain(cmd),
            });
        }
        let idem = self.idempotency_key("idem", channel, idempotency_key);
        Ok(Outgoing {
            shard,
            send: Send::Kept {
                verb,
                keys: [self.key("stream", channel), self.key("meta", channel), idem],
                args: Box::new([
                    payload,
                    size.to_string(),
                    (opts.history_ttl.as_millis().max(1) as u64).to_string(),
                    (opts.meta_ttl.as_millis() as u64).to_string(),
                    new_epoch(),
                    self.client_channel(channel),
                    IDEMPOTENCY_MS.to_string(),
                    mark.to_string(),
                    if idempotency_key.is_empty() { "0" } else { "1" }.to_string(),
                    dedup.version.to_string(),
                    dedup.version_epoch.to_string(),
                ]),
            },
        })
    }

    /// One call of the publish script over `kept` (all on one server, and on a cluster all
    /// in one slot).
    fn script_cmd(&self, kept: &[&Outgoing]) -> redis::Cmd {
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(self.publish.get_hash()).arg(kept.len() * 3);
        for o in kept {
            if let Send::Kept { keys, .. } = &o.send {
                cmd.arg(&keys[..]);
            }
        }
        let verb = kept.iter().find_map(|o| match &o.send {
            Send::Kept { verb, .. } => Some(*verb),
            Send::Plain(_) => None,
        });
        cmd.arg(verb.unwrap_or("publish"));
        for o in kept {
            if let Send::Kept { args, .. } = &o.send {
                cmd.arg(&args[..]);
            }
        }
        cmd
    }

    /// Runs the publish script over `kept`; a script the server lost (a restart, a
    /// failover) is loaded again and the call retried once. One reply per publication.
    async fn run_script(
        &self,
        shard: usize,
        kept: &[&Outgoing],
    ) -> Result<Vec<redis::Value>, ApiError> {
        let cmd = self.script_cmd(kept);
        let replies = self.shards[shard]
            .link
            .run(
                async |c| match cmd.query_async::<Vec<redis::Value>>(c).await {
                    Err(e) if e.code() == Some("NOSCRIPT") => {
                        self.publish.prepare_invoke().load_async(c).await?;
                        cmd.query_async(c).await
                    }
                    r => r,
                },
            )
            .await?;
        if replies.len() == kept.len() {
            Ok(replies)
        } else {
            tracing::warn!(
                sent = kept.len(),
                got = replies.len(),
                "redis publish script answered for a different number of publications"
            );
            Err(ApiError::internal())
        }
    }

    /// Sends one publication.
    async fn send_one(&self, out: &Outgoing) -> Result<Reply, ApiError> {
        match &out.send {
            Send::Plain(cmd) => {
                self.shards[out.shard]
                    .link
                    .run(async |c| cmd.query_async::<redis::Value>(c).await)
                    .await?;
                Ok(Reply::Plain)
            }
            Send::Kept { .. } => {
                let mut v = self.run_script(out.shard, &[out]).await?;
                Ok(Reply::Kept(v.pop().unwrap_or(redis::Value::Nil)))
            }
        }
    }

    /// Sends publications that all go to one server that is not a cluster: one pipeline
    /// with the plain ones and one script call per chunk of kept ones. The answers are in
    /// `outs` order.
    async fn send_together(
        &self,
        shard: usize,
        outs: &[&Outgoing],
    ) -> Vec<Result<Reply, ApiError>> {
        let mut pipe = redis::pipe();
        pipe.ignore_errors();
        // each command of the pipeline: the publications it carries (indexes into outs)
        let mut carried: Vec<Vec<usize>> = Vec::new();
        let kept: Vec<usize> = (0..outs.len())
            .filter(|&i| matches!(outs[i].send, Send::Kept { .. }))
            .collect();
        for (i, o) in outs.iter().enumerate() {
            if let Send::Plain(cmd) = &o.send {
                pipe.add_command(cmd.clone());
                carried.push(vec![i]);
            }
        }
        for chunk in kept.chunks(SCRIPT_CHUNK) {
            let these: Vec<&Outgoing> = chunk.iter().map(|&i| outs[i]).collect();
            pipe.add_command(self.script_cmd(&these));
            carried.push(chunk.to_vec());
        }
        let mut answers: Vec<Option<Result<Reply, ApiError>>> = outs.iter().map(|_| None).collect();
        let got = self.shards[shard]
            .link
            .run(async |c| pipe.query_async::<Vec<redis::Value>>(c).await)
            .await;
        match got {
            Ok(values) if values.len() == carried.len() => {
                for (idx, v) in carried.iter().zip(values) {
                    if let [i] = idx[..] {
                        if matches!(outs[i].send, Send::Plain(_)) {
                            answers[i] = Some(match v {
                                redis::Value::ServerError(e) => {
                                    tracing::warn!(error = ?e, "redis publish failed");
                                    Err(ApiError::internal())
                                }
                                _ => Ok(Reply::Plain),
                            });
                            continue;
                        }
                    }
                    let these: Vec<&Outgoing> = idx.iter().map(|&i| outs[i]).collect();
                    let replies = match v {
                        // a script the server lost: loaded again, this chunk retried
                        redis::Value::ServerError(e) if e.code() == "NOSCRIPT" => {
                            self.run_script(shard, &these).await
                        }
                        redis::Value::ServerError(e) => {
                            tracing::warn!(error = ?e, "redis publish failed");
                            Err(ApiError::internal())
                        }
                        redis::Value::Array(items) if items.len() == idx.len() => Ok(items),
                        _ => Err(ApiError::internal()),
                    };
                    match replies {
                        Ok(items) => {
                            for (&i, item) in idx.iter().zip(items) {
                                answers[i] = Some(Ok(Reply::Kept(item)));
                            }
                        }
                        Err(e) => {
                            for &i in idx {
                                answers[i] = Some(Err(e.clone()));
                            }
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                return outs.iter().map(|_| Err(e.clone())).collect();
            }
        }
        answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| Err(ApiError::internal())))
            .collect()
    }

    /// The outcome of one publication's reply.
    fn published(mut publication: Publication, reply: Reply) -> Result<Published, ApiError> {
        let (offset, epoch, dup) = match reply {
            Reply::Plain => (0, String::new(), 0),
            Reply::Kept(v) => <(u64, String, i64) as redis::FromRedisValue>::from_redis_value(v)
                .map_err(|_| ApiError::internal())?,
        };
        if dup < 0 {
            // the script's per-publication failure: the error text is in the epoch's place
            tracing::warn!(error = %epoch, "redis publish failed");
            return Err(ApiError::internal());
        }
        publication.offset = offset;
        Ok(Published {
            publication: Arc::new(publication),
            position: StreamPosition { offset, epoch },
            duplicate: dup == 1,
        })
    }

    /// [`RedisEngine::publish`] for async callers.
    pub async fn publish_async(
        &self,
        channel: &str,
        mut publication: Publication,
        opts: &StreamOptions,
        dedup: Dedup<'_>,
        delta: bool,
    ) -> Result<Published, ApiError> {
        publication.offset = 0;
        let out = self.outgoing(channel, &publication, opts, dedup, delta)?;
        let reply = self.send_one(&out).await?;
        Self::published(publication, reply)
    }

    /// Publishes several publications at once (a `broadcast`), each shard's in one round
    /// trip where its server allows (see the module's doc). The answers are in `items`
    /// order.
    pub async fn publish_batch(
        &self,
        items: Vec<(&str, Publication, StreamOptions, bool)>,
        dedup: Dedup<'_>,
    ) -> Vec<Result<Published, ApiError>> {
        let mut outs = Vec::with_capacity(items.len());
        let mut pubs = Vec::with_capacity(items.len());
        for (channel, mut publication, opts, delta) in items {
            publication.offset = 0;
            outs.push(self.outgoing(channel, &publication, &opts, dedup, delta));
            pubs.push(publication);
        }
        let mut replies: Vec<Option<Result<Reply, ApiError>>> = outs.iter().map(|_| None).collect();
        let groups: Vec<(usize, Vec<usize>)> = (0..self.shards.len())
            .map(|s| {
                let idx: Vec<usize> = outs
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.as_ref().is_ok_and(|o| o.shard == s))
                    .map(|(i, _)| i)
                    .collect();
                (s, idx)
            })
            .filter(|(_, idx)| !idx.is_empty())
            .collect();
        let done = join_all(groups.iter().map(|(s, idx)| {
            let outs = &outs;
            async move {
                let these: Vec<&Outgoing> =
                    idx.iter().filter_map(|&i| outs[i].as_ref().ok()).collect();
                let each = if self.shards[*s].link.is_cluster() || these.len() == 1 {
                    join_all(these.iter().map(|o| self.send_one(o))).await
                } else {
                    self.send_together(*s, &these).await
                };
                idx.iter().copied().zip(each).collect::<Vec<_>>()
            }
        }))
        .await;
        for (i, r) in done.into_iter().flatten() {
            replies[i] = Some(r);
        }
        outs.into_iter()
            .zip(pubs)
            .zip(replies)
            .map(|((out, publication), reply)| {
                out?;
                let reply = reply.unwrap_or_else(|| Err(ApiError::internal()))?;
                Self::published(publication, reply)
            })
            .collect()
    }
}

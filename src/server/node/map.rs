//! The node's side of map channels ([`crate::server::map`]): the handle the map API methods
//! run through, and attaching a map subscriber under the channel's hub lock.

#[allow(clippy::wildcard_imports)] // the node's own types and imports
use super::*;

impl Node {
    /// Where the node's maps live: Redis with the Redis engine, else memory.
    pub fn map_backend(&self) -> crate::server::map::backend::Backend<'_> {
        match self.engine.redis() {
            Some(r) => crate::server::map::backend::Backend::Redis(r, &self.config),
            None => crate::server::map::backend::Backend::Memory(&self.maps),
        }
    }

    /// The server API methods of map channels.
    pub fn map_api(&self) -> crate::server::map::Api<'_> {
        crate::server::map::Api { node: self }
    }

    /// As [`Node::attach`] for a map channel, but `decide` chooses whether to attach at all:
    /// `Ok((r, Some(top)))` attaches (skipping publications up to `top`), `Ok((r, None))`
    /// answers without attaching. It runs under the channel's hub lock, so no change can slip
    /// between what it read and the subscription: in memory, writes take that lock; on Redis,
    /// the node receives the channel's changes before `decide` reads, and the subscriber skips
    /// those its reply covered.
    pub fn attach_when<R>(
        &self,
        channel: &str,
        conn_id: u64,
        mut sub: Subscriber,
        decide: impl FnOnce() -> Result<(R, Option<u64>), ApiError>,
    ) -> Result<R, ApiError> {
        let redis = self.engine.redis();
        if let Some(r) = redis {
            r.subscribe(channel)?;
        }
        let mut locked = self.hub.lock(channel);
        let decided = decide();
        let attached = match &decided {
            Ok((_, Some(top))) => {
                sub.min_offset = *top;
                if locked.add(conn_id, sub) && self.state_events(channel) {
                    self.chanstate
                        .report(crate::server::chanstate::Change::FirstLocal(
                            channel.to_string(),
                        ));
                }
                true
            }
            _ => false,
        };
        drop(locked);
        if let (Some(r), false) = (redis, attached) {
            r.unsubscribe(channel);
        }
        decided.map(|(r, _)| r)
    }
}

//! The node's side of map channels ([`crate::server::map`]): the handle the map API methods
//! run through, and attaching a map subscriber under the channel's hub lock.

#[allow(clippy::wildcard_imports)] // the node's own types and imports
use super::*;

impl Node {
    /// The server API methods of map channels.
    pub fn map_api(&self) -> crate::server::map::Api<'_> {
        crate::server::map::Api { node: self }
    }

    /// As [`Node::attach`] for a map channel (memory only), but `decide` chooses whether to
    /// attach at all: `Ok((r, Some(top)))` attaches (skipping publications up to `top`),
    /// `Ok((r, None))` answers without attaching. It runs under the channel's hub lock, so no
    /// change can slip between what it read and the subscription.
    pub fn attach_when<R>(
        &self,
        channel: &str,
        conn_id: u64,
        mut sub: Subscriber,
        decide: impl FnOnce() -> Result<(R, Option<u64>), ApiError>,
    ) -> Result<R, ApiError> {
        let mut locked = self.hub.lock(channel);
        let (r, top) = decide()?;
        if let Some(top) = top {
            sub.min_offset = top;
            if locked.add(conn_id, sub) && self.state_events(channel) {
                self.chanstate
                    .report(crate::server::chanstate::Change::FirstLocal(
                        channel.to_string(),
                    ));
            }
        }
        Ok(r)
    }
}

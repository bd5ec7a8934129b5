//! The JSON codec: replies and pushes as one JSON object each (the session joins a batch with
//! `\n` into one text frame). JSON carries payloads as raw JSON, so a binary publication has no
//! JSON form for a client: those are refused here and the caller disconnects with 3506.

use crate::proto::client::{push_json, PushEvent, Reply, ReplyBody, ReplyResult};
use crate::proto::Publication;

fn any_binary<'a>(mut pubs: impl Iterator<Item = &'a Publication>) -> bool {
    pubs.any(|p| p.binary.is_some())
}

/// The reply as one JSON object, or `None` when it holds binary publications.
pub fn reply(r: &Reply) -> Option<Vec<u8>> {
    let binary = match &r.body {
        ReplyBody::Ok(ReplyResult::Subscribe(s)) => any_binary(s.publications.iter().map(|p| &**p)),
        ReplyBody::Ok(ReplyResult::History(h)) => any_binary(h.publications.iter().map(|p| &**p)),
        ReplyBody::Ok(ReplyResult::Connect(c)) => c
            .subs
            .values()
            .any(|s| any_binary(s.publications.iter().map(|p| &**p))),
        _ => false,
    };
    (!binary).then(|| r.to_json())
}

/// The push as one JSON object, or `None` for a binary publication.
pub fn push(channel: &str, event: &PushEvent<'_>) -> Option<Vec<u8>> {
    match event {
        PushEvent::Pub(p) if p.binary.is_some() => None,
        PushEvent::Subscribe(s) if any_binary(s.publications.iter().map(|p| &**p)) => None,
        _ => Some(push_json(channel, event)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::proto::client::HistoryResult;
    use std::sync::Arc;

    #[test]
    fn binary_publications_have_no_json_form() {
        let mut p = Publication::json(serde_json::from_str("{\"a\":1}").unwrap());
        assert!(push("c", &PushEvent::Pub(&p)).is_some());
        p.binary = Some(bytes::Bytes::from_static(&[0, 159, 255]));
        assert!(push("c", &PushEvent::Pub(&p)).is_none());
        let r = Reply::ok(
            1,
            ReplyResult::History(HistoryResult {
                publications: vec![Arc::new(p)],
                ..HistoryResult::default()
            }),
        );
        assert!(reply(&r).is_none());
    }
}

//! `centri sub --map`: the client side of map subscriptions (Centrifugo v6.7+, the SDKs'
//! `newMapSubscription`). [`MapSync`] is the paging state machine of one channel: state pages
//! (phase 2, with the cursor and, after the first page, the position that page froze), then,
//! if the server says so, stream pages (phase 1) from that position, until the server answers
//! phase 0 and the subscription is live (the server side, `server/session/map.rs`, documents
//! the phases). The `impl Sub` part turns each reply into `state` and `update` events, the
//! next page's subscribe command, and at phase 0 a `live` event; live pushes become `update`
//! events.
//!
//! `--count` and `--duration` count the updates (the catch-up's included), as `centri sub`
//! counts recovered publications; the summary adds the number of state entries.
//!
//! Coming back: after a server unsubscribe that asks for it (2500+), a streamed map resumes
//! from its last position (phase 1 with `recover`), an ephemeral one reads its state again; a
//! 112 (the position is gone from the stream) also starts over from the state, as the SDK does.
//! `centri sub` does not reconnect after a lost connection (it exits 6), so neither does this.
//!
//! Protocol logic only: no I/O, and never the server.

use super::events::Event;
use super::{encode, Command, Pending, Stop, Sub};
use crate::commands::{Class, Failure};
use crate::proto::client::{SubscribeRequest, SubscribeResult};
use crate::proto::filter_node::FilterNode;
use crate::proto::{codes, Publication, StreamPosition};

/// The phases a map subscribe names (and the server answers 0 once the subscription is live).
const PHASE_LIVE: i32 = 0;
const PHASE_STREAM: i32 = 1;
const PHASE_STATE: i32 = 2;
/// Starts over from the state after a 112, in a row, before giving up: a map whose stream
/// turns over faster than a page can be read would otherwise keep the client paging forever.
const MAX_RESTARTS: u32 = 3;

/// What `--map` asks of every channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MapSpec {
    /// `--map-type`: 1 map, 2 `map_clients`, 3 `map_users` (the namespace decides; a
    /// mismatch is answered 107).
    pub(super) kind: i32,
    /// `--page-size` (0: the namespace's default).
    pub(super) limit: i32,
}

/// Where one map subscription is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Phase {
    /// Paging through the state: the next page's cursor ("" for the first) and the position
    /// the first page froze (none before it), which every later page names.
    State {
        cursor: String,
        frozen: Option<StreamPosition>,
    },
    /// Paging through the stream after `from`; `recover` when resuming a subscription the
    /// server ended.
    Stream { from: StreamPosition, recover: bool },
    /// Live: at this position on a streamed map (moved on by each change), none on an
    /// ephemeral one.
    Live(Option<StreamPosition>),
}

/// What a reply leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    /// Ask for the next page ([`MapSync::request`]).
    Page,
    /// The subscription is live.
    Live,
}

/// The paging state machine of one map subscription.
#[derive(Debug, Clone)]
pub(super) struct MapSync {
    spec: MapSpec,
    pub(super) phase: Phase,
    /// State entries received since the subscription (re)started...
    pub(super) state: u64,
    /// ...and changes from the stream (the stream pages and the live reply's catch-up)...
    pub(super) catch_up: u64,
    /// ...in this many replies (the live one included).
    pub(super) pages: u64,
    /// Restarts after a 112 since the subscription was last live.
    restarts: u32,
}

fn fresh() -> Phase {
    Phase::State {
        cursor: String::new(),
        frozen: None,
    }
}

impl MapSync {
    pub(super) fn new(spec: MapSpec) -> Self {
        Self {
            spec,
            phase: fresh(),
            state: 0,
            catch_up: 0,
            pages: 0,
            restarts: 0,
        }
    }

    /// The subscribe request for the current phase; none once live.
    pub(super) fn request(
        &self,
        channel: &str,
        tf: Option<&FilterNode>,
    ) -> Option<SubscribeRequest> {
        let base = SubscribeRequest {
            channel: channel.to_string(),
            kind: self.spec.kind,
            limit: self.spec.limit,
            join_leave: true,
            tf: tf.cloned(),
            ..SubscribeRequest::default()
        };
        Some(match &self.phase {
            Phase::State { cursor, frozen } => SubscribeRequest {
                phase: PHASE_STATE,
                cursor: cursor.clone(),
                offset: frozen.as_ref().map_or(0, |p| p.offset),
                epoch: frozen.as_ref().map(|p| p.epoch.clone()).unwrap_or_default(),
                ..base
            },
            Phase::Stream { from, recover } => SubscribeRequest {
                phase: PHASE_STREAM,
                offset: from.offset,
                epoch: from.epoch.clone(),
                recover: *recover,
                ..base
            },
            Phase::Live(_) => return None,
        })
    }

    /// Takes the reply to [`MapSync::request`]: counts its entries and moves on. An error
    /// for a reply that goes nowhere (an unknown phase, or a page that does not advance).
    pub(super) fn on_reply(&mut self, r: &SubscribeResult) -> Result<Next, String> {
        let position = || StreamPosition {
            offset: r.offset,
            epoch: r.epoch.clone(),
        };
        self.pages += 1;
        match r.phase {
            PHASE_LIVE => {
                self.state += r.state.len() as u64;
                self.catch_up += r.publications.len() as u64;
                self.phase = Phase::Live((r.recoverable || r.positioned).then(position));
                self.restarts = 0;
                Ok(Next::Live)
            }
            PHASE_STATE => {
                let Phase::State { cursor, .. } = &self.phase else {
                    return Err("the server answered a stream page with a state page".into());
                };
                if !r.cursor.is_empty() && r.cursor == *cursor {
                    return Err(format!(
                        "the server answered the state page at cursor {cursor:?} with the same cursor"
                    ));
                }
                self.state += r.state.len() as u64;
                self.phase = if r.cursor.is_empty() {
                    // the state is read, but far behind the stream: the stream from the
                    // position the state froze at
                    Phase::Stream {
                        from: position(),
                        recover: false,
                    }
                } else {
                    Phase::State {
                        cursor: r.cursor.clone(),
                        frozen: Some(position()),
                    }
                };
                Ok(Next::Page)
            }
            PHASE_STREAM => {
                let Phase::Stream { from, recover } = &self.phase else {
                    return Err("the server answered a state page with a stream page".into());
                };
                if r.offset <= from.offset {
                    return Err(format!(
                        "the server answered the stream page after offset {} without going on",
                        from.offset
                    ));
                }
                self.catch_up += r.publications.len() as u64;
                self.phase = Phase::Stream {
                    from: position(),
                    recover: *recover,
                };
                Ok(Next::Page)
            }
            other => Err(format!("the server answered map phase {other}")),
        }
    }

    /// A live change at `offset`: the position moves on.
    pub(super) fn advance(&mut self, offset: u64) {
        if let Phase::Live(Some(p)) = &mut self.phase {
            p.offset = p.offset.max(offset);
        }
    }

    /// The server ended the subscription and asks the client back: a live streamed map
    /// resumes from its position, anything else reads the state again.
    pub(super) fn resume(&mut self) {
        self.phase = match &self.phase {
            Phase::Live(Some(p)) => Phase::Stream {
                from: p.clone(),
                recover: true,
            },
            _ => fresh(),
        };
        self.state = 0;
        self.catch_up = 0;
        self.pages = 0;
    }

    /// Starts over from the state (the position is gone: 112); false, and nothing changes,
    /// after [`MAX_RESTARTS`] in a row.
    pub(super) fn restart(&mut self) -> bool {
        if self.restarts >= MAX_RESTARTS {
            return false;
        }
        self.restarts += 1;
        self.phase = fresh();
        self.state = 0;
        self.catch_up = 0;
        self.pages = 0;
        true
    }
}

impl Sub<'_> {
    /// The first subscribe request of a map channel: its first state page.
    pub(super) fn map_first(&mut self, channel: &str, spec: MapSpec) -> SubscribeRequest {
        let sync = MapSync::new(spec);
        let req = sync.request(channel, self.tags_filter.as_ref());
        self.maps.insert(channel.to_string(), sync);
        // a fresh sync always has a request (it is in the state phase)
        req.unwrap_or_default()
    }

    /// Sends `channel`'s next subscribe request, if its sync has one.
    fn map_request(&mut self, channel: &str) -> Result<(), Failure> {
        let Some(req) = self
            .maps
            .get(channel)
            .and_then(|s| s.request(channel, self.tags_filter.as_ref()))
        else {
            return Ok(());
        };
        let cmd = Command {
            id: self.id(Pending::Subscribe {
                channel: channel.to_string(),
                initial: false,
            }),
            subscribe: Some(req),
            ..Command::default()
        };
        self.outbox.push(encode(&cmd)?);
        Ok(())
    }

    /// The reply to one page of a map subscription: its state entries and changes, then the
    /// next page's request or, at phase 0, the `live` event.
    pub(super) fn map_reply(
        &mut self,
        channel: &str,
        r: &SubscribeResult,
    ) -> Result<Option<Stop>, Failure> {
        let Some(sync) = self.maps.get_mut(channel) else {
            return Ok(None);
        };
        let next = sync.on_reply(r).map_err(|why| {
            Failure::new(
                Class::Other,
                format!("map subscription to {channel}: {why}"),
            )
        })?;
        let sync = sync.clone();
        self.streaming = true;
        for entry in &r.state {
            self.state_entries += 1;
            self.emit(&Event::State { channel, entry });
        }
        for p in &r.publications {
            if let Some(stop) = self.map_update(channel, p, true) {
                return Ok(Some(stop));
            }
        }
        match next {
            Next::Page => self.map_request(channel)?,
            Next::Live => {
                self.active.insert(channel.to_string());
                let position = match &sync.phase {
                    Phase::Live(p) => p.as_ref(),
                    _ => None,
                };
                self.emit(&Event::Live {
                    channel,
                    state: sync.state,
                    catch_up: sync.catch_up,
                    position,
                });
                let pages = if sync.pages == 1 {
                    "1 reply".to_string()
                } else {
                    format!("{} replies", sync.pages)
                };
                self.ctx.out.notice(&format!(
                    "subscribed to {channel} (map): {} state entries and {} changes in {pages}, live",
                    sync.state, sync.catch_up
                ));
            }
        }
        Ok(None)
    }

    /// A change of a map channel's key: from the stream (`catch_up`) or live.
    pub(super) fn map_update(
        &mut self,
        channel: &str,
        p: &Publication,
        catch_up: bool,
    ) -> Option<Stop> {
        if !catch_up {
            if let Some(sync) = self.maps.get_mut(channel) {
                sync.advance(p.offset);
            }
        }
        self.emit(&Event::Update {
            channel,
            publication: p,
            catch_up,
        });
        self.publications += 1;
        self.count
            .is_some_and(|c| self.publications >= c)
            .then_some(Stop::Count)
    }

    /// A map page refused with 112 (the position left the stream): start over from the
    /// state. False when that is not the case, or it has started over too often.
    pub(super) fn map_restart(&mut self, channel: &str, code: u32) -> Result<bool, Failure> {
        if code != codes::UNRECOVERABLE_POSITION {
            return Ok(false);
        }
        let Some(sync) = self.maps.get_mut(channel) else {
            return Ok(false);
        };
        if !sync.restart() {
            return Ok(false);
        }
        self.ctx.out.notice(&format!(
            "{channel}: the map's stream no longer has the position: reading the state again"
        ));
        self.map_request(channel)?;
        Ok(true)
    }

    /// The server unsubscribed `channel` and asks the client back (2500+).
    pub(super) fn map_resume(&mut self, channel: &str) -> Result<(), Failure> {
        if let Some(sync) = self.maps.get_mut(channel) {
            sync.resume();
        }
        self.map_request(channel)
    }

    /// The hint for a 107 on `channel`: the subscription type may not be the channel's.
    pub(super) fn kind_hint(&self, channel: &str) -> String {
        match self.map.map(|m| m.kind) {
            None => format!(
                "if {channel} is a map channel (subscription_type map, map_clients or \
                 map_users), subscribe with --map (--map-type 2 or 3 for map_clients or \
                 map_users); otherwise check the channel name"
            ),
            Some(1) => format!(
                "{channel} is not a map channel (subscription_type is not map): subscribe \
                 without --map; a map_clients or map_users channel takes --map-type 2 or 3"
            ),
            Some(k) => {
                let name = if k == 2 { "map_clients" } else { "map_users" };
                format!(
                    "{channel} is not a {name} channel (--map-type {k}): --map-type 1 for a \
                     map channel, 2 map_clients, 3 map_users, or subscribe without --map"
                )
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::{json, Value};

    use super::super::tests::{args, ctx};
    use super::*;
    use crate::cli::OutputFormat;

    const SPEC: MapSpec = MapSpec { kind: 1, limit: 2 };

    fn reply(v: &Value) -> SubscribeResult {
        serde_json::from_str(&v.to_string()).unwrap()
    }

    fn req_json(s: &MapSync) -> Value {
        serde_json::to_value(s.request("m:a", None).unwrap()).unwrap()
    }

    #[test]
    fn state_pages_then_stream_pages_then_live() {
        let mut s = MapSync::new(SPEC);
        assert_eq!(
            req_json(&s),
            json!({"channel": "m:a", "join_leave": true, "type": 1, "phase": 2, "limit": 2})
        );
        // page 1: a cursor and the frozen position, which page 2 names
        let n = s
            .on_reply(&reply(
                &json!({"type": 1, "phase": 2, "cursor": "c1", "offset": 7,
                "epoch": "e", "state": [{"key": "a", "data": 1}, {"key": "b", "data": 2}]}),
            ))
            .unwrap();
        assert_eq!(n, Next::Page);
        assert_eq!(
            req_json(&s),
            json!({"channel": "m:a", "join_leave": true, "type": 1, "phase": 2, "limit": 2,
                "cursor": "c1", "offset": 7, "epoch": "e"})
        );
        // the last state page, far behind: the stream from the frozen position
        s.on_reply(&reply(
            &json!({"type": 1, "phase": 2, "offset": 7, "epoch": "e",
            "state": [{"key": "c", "data": 3}]}),
        ))
        .unwrap();
        assert_eq!(
            req_json(&s),
            json!({"channel": "m:a", "join_leave": true, "type": 1, "phase": 1, "limit": 2,
                "offset": 7, "epoch": "e"})
        );
        // a stream page moves the position to its last publication
        s.on_reply(&reply(&json!({"type": 1, "phase": 1, "offset": 9, "epoch": "e",
            "publications": [{"key": "a", "data": 4, "offset": 8}, {"key": "d", "data": 5, "offset": 9}]})))
            .unwrap();
        assert_eq!(req_json(&s)["offset"], 9);
        // live: the catch-up and the stream's top
        let n = s
            .on_reply(&reply(&json!({"type": 1, "recoverable": true, "positioned": true,
                "offset": 10, "epoch": "e", "publications": [{"key": "b", "data": null, "removed": true, "offset": 10}]})))
            .unwrap();
        assert_eq!(n, Next::Live);
        assert!(s.request("m:a", None).is_none());
        assert_eq!((s.state, s.catch_up, s.pages), (3, 3, 4));
        s.advance(12);
        assert_eq!(
            s.phase,
            Phase::Live(Some(StreamPosition {
                offset: 12,
                epoch: "e".into()
            }))
        );
        // the server asks the client back: the stream from there, recovering
        s.resume();
        let r = req_json(&s);
        assert_eq!(
            (&r["phase"], &r["offset"], &r["recover"]),
            (&json!(1), &json!(12), &json!(true))
        );
        assert_eq!((s.state, s.catch_up), (0, 0));
    }

    #[test]
    fn an_ephemeral_map_goes_live_from_the_state_and_starts_over() {
        let mut s = MapSync::new(MapSpec { kind: 2, limit: 0 });
        assert_eq!(req_json(&s)["type"], 2);
        assert!(
            req_json(&s).get("limit").is_none(),
            "0: the namespace's default"
        );
        let n = s
            .on_reply(&reply(
                &json!({"type": 2, "state": [{"key": "c1", "data": null}]}),
            ))
            .unwrap();
        assert_eq!(n, Next::Live);
        assert_eq!(s.phase, Phase::Live(None));
        s.resume();
        assert_eq!(s.phase, fresh(), "no position: the state again");
    }

    #[test]
    fn replies_that_go_nowhere_are_errors_and_restarts_are_bounded() {
        let mut s = MapSync::new(SPEC);
        s.on_reply(&reply(
            &json!({"phase": 2, "cursor": "c1", "offset": 3, "epoch": "e"}),
        ))
        .unwrap();
        let e = s
            .on_reply(&reply(
                &json!({"phase": 2, "cursor": "c1", "offset": 3, "epoch": "e"}),
            ))
            .unwrap_err();
        assert!(e.contains("same cursor"), "{e}");
        s.on_reply(&reply(&json!({"phase": 2, "offset": 3, "epoch": "e"})))
            .unwrap();
        let e = s
            .on_reply(&reply(&json!({"phase": 1, "offset": 3, "epoch": "e"})))
            .unwrap_err();
        assert!(e.contains("without going on"), "{e}");
        assert!(s
            .on_reply(&reply(&json!({"phase": 2, "offset": 3})))
            .unwrap_err()
            .contains("a stream page with a state page"));
        assert!(s.on_reply(&reply(&json!({"phase": 7}))).is_err());
        for _ in 0..MAX_RESTARTS {
            assert!(s.restart());
            assert_eq!(s.phase, fresh());
        }
        assert!(!s.restart(), "a fourth restart in a row gives up");
        // going live again allows restarts again
        s.on_reply(&reply(&json!({"phase": 0}))).unwrap();
        assert!(s.restart());
    }

    fn lines(s: &Sub<'_>) -> Vec<Value> {
        s.buf
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn pages_become_events_and_the_next_request() {
        let c = ctx(OutputFormat::Ndjson);
        let a = args(&["m:a", "--map", "--page-size", "2", "--count", "3"]);
        let mut s = Sub::new(&c, &a, None, None);
        let first = s.first_frame("T").unwrap();
        let sub: Value = serde_json::from_str(first.lines().nth(1).unwrap()).unwrap();
        assert_eq!(
            sub,
            json!({"id": 2, "subscribe": {"channel": "m:a", "join_leave": true, "type": 1,
                "phase": 2, "limit": 2}})
        );
        let frame = concat!(
            r#"{"id":1,"connect":{"client":"c1"}}"#,
            "\n",
            r#"{"id":2,"subscribe":{"type":1,"phase":2,"cursor":"k1","offset":5,"epoch":"e","state":[{"key":"k0","data":{"n":0},"offset":1},{"key":"k1","data":{"n":1},"offset":2,"tags":{"t":"x"}}]}}"#
        );
        assert_eq!(s.handle_text(frame).unwrap(), None);
        assert_eq!(s.outbox.len(), 1, "the next page");
        let next: Value = serde_json::from_str(&s.outbox[0]).unwrap();
        assert_eq!(
            next,
            json!({"id": 3, "subscribe": {"channel": "m:a", "join_leave": true, "type": 1,
                "phase": 2, "limit": 2, "cursor": "k1", "offset": 5, "epoch": "e"}})
        );
        s.outbox.clear();
        // the live reply: the rest of the state and one catch-up change
        let frame = r#"{"id":3,"subscribe":{"type":1,"recoverable":true,"positioned":true,"offset":6,"epoch":"e","state":[{"key":"k2","data":{"n":2},"offset":3}],"publications":[{"key":"k0","data":null,"removed":true,"offset":6}]}}"#;
        assert_eq!(s.handle_text(frame).unwrap(), None);
        assert!(s.outbox.is_empty());
        assert!(s.active.contains("m:a"));
        // a live change; then a publication push that reaches the count
        let frame = concat!(
            r#"{"push":{"channel":"m:a","pub":{"key":"k3","data":{"n":3},"offset":7}}}"#,
            "\n",
            r#"{"push":{"channel":"m:a","pub":{"key":"k2","data":null,"removed":true,"offset":8}}}"#
        );
        assert_eq!(s.handle_text(frame).unwrap(), Some(Stop::Count));
        let out = lines(&s);
        let types: Vec<&str> = out.iter().map(|v| v["type"].as_str().unwrap()).collect();
        assert_eq!(
            types,
            ["state", "state", "state", "update", "live", "update", "update"]
        );
        assert_eq!(
            out[1],
            json!({"type": "state", "channel": "m:a", "key": "k1", "data": {"n": 1},
                "tags": {"t": "x"}, "offset": 2})
        );
        assert_eq!(
            out[3],
            json!({"type": "update", "channel": "m:a", "key": "k0", "offset": 6, "data": null,
                "removed": true, "tags": {}, "catch_up": true})
        );
        assert_eq!(
            out[4],
            json!({"type": "live", "channel": "m:a", "state": 3, "catch_up": 1, "offset": 6,
                "epoch": "e"})
        );
        assert_eq!(
            out[5],
            json!({"type": "update", "channel": "m:a", "key": "k3", "offset": 7,
                "data": {"n": 3}, "removed": false, "tags": {}})
        );
        assert_eq!((s.state_entries, s.publications), (3, 3));
        assert_eq!(
            s.maps["m:a"].phase,
            Phase::Live(Some(StreamPosition {
                offset: 8,
                epoch: "e".into()
            }))
        );
    }

    #[test]
    fn a_server_unsubscribe_resumes_and_a_112_starts_over() {
        let c = ctx(OutputFormat::Table);
        let mut s = Sub::new(&c, &args(&["m:a", "--map"]), None, None);
        s.first_frame("T").unwrap();
        s.handle_text(concat!(
            r#"{"id":1,"connect":{"client":"c1"}}"#,
            "\n",
            r#"{"id":2,"subscribe":{"type":1,"recoverable":true,"offset":4,"epoch":"e","state":[{"key":"a","data":"x","offset":4}]}}"#
        ))
        .unwrap();
        s.handle_text(r#"{"push":{"channel":"m:a","unsubscribe":{"code":2500,"reason":"insufficient state"}}}"#)
            .unwrap();
        let resume: Value = serde_json::from_str(&s.outbox[0]).unwrap();
        assert_eq!(
            resume["subscribe"],
            json!({"channel": "m:a", "join_leave": true, "type": 1, "phase": 1, "offset": 4,
                "epoch": "e", "recover": true})
        );
        s.outbox.clear();
        // the stream no longer has offset 4: the state again, from the first page
        assert_eq!(
            s.handle_text(r#"{"id":3,"error":{"code":112,"message":"unrecoverable position"}}"#)
                .unwrap(),
            None
        );
        let again: Value = serde_json::from_str(&s.outbox[0]).unwrap();
        assert_eq!(
            again["subscribe"],
            json!({"channel": "m:a", "join_leave": true, "type": 1, "phase": 2})
        );
        assert_eq!(s.buf.lines().next().unwrap(), r#"m:a  state  a  "x"  #4"#);
        assert_eq!(
            s.buf.lines().nth(1).unwrap(),
            "m:a  live  1 key in the state, 0 changes from the stream  (position 4:e)"
        );
    }

    #[test]
    fn a_107_hints_at_the_subscription_type() {
        let c = ctx(OutputFormat::Table);
        let bad = "{\"id\":1,\"connect\":{}}\n{\"id\":2,\"error\":{\"code\":107,\"message\":\"bad request\"}}";
        let mut s = Sub::new(&c, &args(&["chat:x", "--map"]), None, None);
        s.first_frame("T").unwrap();
        let e = s.handle_text(bad).unwrap_err();
        assert_eq!((e.class, e.code), (Class::Rejected, Some(107)));
        let hint = e.hint.unwrap();
        assert!(
            hint.starts_with(
                "chat:x is not a map channel (subscription_type is not map): subscribe without --map"
            ),
            "{hint}"
        );
        let mut s = Sub::new(&c, &args(&["m:x", "--map", "--map-type", "3"]), None, None);
        s.first_frame("T").unwrap();
        let hint = s.handle_text(bad).unwrap_err().hint.unwrap();
        assert!(hint.starts_with("m:x is not a map_users channel"), "{hint}");
        let mut s = Sub::new(&c, &args(&["m:x"]), None, None);
        s.first_frame("T").unwrap();
        let hint = s.handle_text(bad).unwrap_err().hint.unwrap();
        assert!(hint.contains("subscribe with --map"), "{hint}");
    }
}

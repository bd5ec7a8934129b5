//! What `centri sub` prints: one [`Event`] per thing that happened on a subscription, rendered
//! as a line for people or as an NDJSON object (whose field names are a contract), and the
//! small helpers those renderings share (control-character escaping, the receive time, the
//! `N publications` phrase). Pure: no I/O, no protocol state.

use std::fmt::Write as _;
use std::time::SystemTime;

use serde_json::{json, Value};

use crate::proto::{ClientInfo, Publication, Raw, StreamPosition};

/// One thing to print.
#[derive(Debug)]
pub(super) enum Event<'a> {
    Publication {
        channel: &'a str,
        publication: &'a Publication,
        recovered: bool,
    },
    Join {
        channel: &'a str,
        info: &'a ClientInfo,
    },
    Leave {
        channel: &'a str,
        info: &'a ClientInfo,
    },
    Unsubscribe {
        channel: &'a str,
        code: u32,
        reason: &'a str,
    },
    Subscribe {
        channel: &'a str,
    },
    Message {
        data: Option<&'a Raw>,
    },
    /// `--map`: one key of a map channel's state, as the state pages (and the live reply)
    /// deliver it.
    State {
        channel: &'a str,
        entry: &'a Publication,
    },
    /// `--map`: the subscription went live (phase 0), after `state` entries and `catch_up`
    /// changes from the stream; at `position` on a streamed map.
    Live {
        channel: &'a str,
        state: u64,
        catch_up: u64,
        position: Option<&'a StreamPosition>,
    },
    /// `--map`: a change of one key (`removed` for a removal), from the stream catch-up
    /// (`catch_up`) or live.
    Update {
        channel: &'a str,
        publication: &'a Publication,
        catch_up: bool,
    },
}

fn raw_json(raw: Option<&Raw>) -> Value {
    raw.and_then(|r| serde_json::from_str(r.get()).ok())
        .unwrap_or(Value::Null)
}

impl Event<'_> {
    /// The NDJSON object. Field names are a contract; `time` only with `--timestamps`.
    pub(super) fn to_json(&self, time: Option<&str>) -> Value {
        let mut v = serde_json::Map::new();
        if let Some(t) = time {
            v.insert("time".into(), json!(t));
        }
        let info_json = |i: &ClientInfo| serde_json::to_value(i).unwrap_or(Value::Null);
        match self {
            Event::Publication {
                channel,
                publication: p,
                recovered,
            } => {
                v.insert("type".into(), json!("publication"));
                v.insert("channel".into(), json!(channel));
                v.insert("offset".into(), json!(p.offset));
                v.insert("data".into(), raw_json(Some(&p.data)));
                v.insert(
                    "info".into(),
                    p.info.as_ref().map_or(Value::Null, info_json),
                );
                v.insert("tags".into(), json!(p.tags));
                if *recovered {
                    v.insert("recovered".into(), json!(true));
                }
            }
            Event::Join { channel, info } | Event::Leave { channel, info } => {
                let kind = if matches!(self, Event::Join { .. }) {
                    "join"
                } else {
                    "leave"
                };
                v.insert("type".into(), json!(kind));
                v.insert("channel".into(), json!(channel));
                v.insert("info".into(), info_json(info));
            }
            Event::Unsubscribe {
                channel,
                code,
                reason,
            } => {
                v.insert("type".into(), json!("unsubscribe"));
                v.insert("channel".into(), json!(channel));
                v.insert("code".into(), json!(code));
                v.insert("reason".into(), json!(reason));
            }
            Event::Subscribe { channel } => {
                v.insert("type".into(), json!("subscribe"));
                v.insert("channel".into(), json!(channel));
            }
            Event::Message { data } => {
                v.insert("type".into(), json!("message"));
                v.insert("data".into(), raw_json(*data));
            }
            Event::State { channel, entry: p } => {
                v.insert("type".into(), json!("state"));
                v.insert("channel".into(), json!(channel));
                v.insert("key".into(), json!(p.key));
                v.insert("data".into(), raw_json(Some(&p.data)));
                v.insert("tags".into(), json!(p.tags));
                v.insert("offset".into(), json!(p.offset));
                if let Some(i) = &p.info {
                    v.insert("info".into(), info_json(i));
                }
            }
            Event::Live {
                channel,
                state,
                catch_up,
                position,
            } => {
                v.insert("type".into(), json!("live"));
                v.insert("channel".into(), json!(channel));
                v.insert("state".into(), json!(state));
                v.insert("catch_up".into(), json!(catch_up));
                v.insert("offset".into(), json!(position.map_or(0, |p| p.offset)));
                v.insert("epoch".into(), json!(position.map_or("", |p| &p.epoch)));
            }
            Event::Update {
                channel,
                publication: p,
                catch_up,
            } => {
                v.insert("type".into(), json!("update"));
                v.insert("channel".into(), json!(channel));
                v.insert("key".into(), json!(p.key));
                v.insert("offset".into(), json!(p.offset));
                let data = if p.removed {
                    Value::Null
                } else {
                    raw_json(Some(&p.data))
                };
                v.insert("data".into(), data);
                v.insert("removed".into(), json!(p.removed));
                v.insert("tags".into(), json!(p.tags));
                if let Some(i) = &p.info {
                    v.insert("info".into(), info_json(i));
                }
                if *catch_up {
                    v.insert("catch_up".into(), json!(true));
                }
            }
        }
        Value::Object(v)
    }

    /// The line for people, without the trailing newline.
    pub(super) fn to_line(&self, time: Option<&str>) -> String {
        let who = |i: &ClientInfo| {
            if i.user.is_empty() {
                format!("anonymous (client {})", i.client)
            } else {
                format!("user {} (client {})", i.user, i.client)
            }
        };
        let body = match self {
            Event::Publication {
                channel,
                publication: p,
                recovered,
            } => {
                let mut s = format!("{channel}  ");
                if p.offset > 0 {
                    let _ = write!(s, "#{}  ", p.offset);
                }
                s.push_str(p.data.get());
                if !p.tags.is_empty() {
                    let tags: Vec<String> =
                        p.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    let _ = write!(s, "  [{}]", tags.join(" "));
                }
                if let Some(i) = &p.info {
                    if i.user.is_empty() {
                        let _ = write!(s, "  (from client {})", i.client);
                    } else {
                        let _ = write!(s, "  (from {})", i.user);
                    }
                }
                if *recovered {
                    s.push_str("  (recovered)");
                }
                s
            }
            Event::Join { channel, info } => format!("{channel}  join  {}", who(info)),
            Event::Leave { channel, info } => format!("{channel}  leave  {}", who(info)),
            Event::Unsubscribe {
                channel,
                code,
                reason,
            } => format!("{channel}  unsubscribed by the server  {code} {reason}"),
            Event::Subscribe { channel } => format!("{channel}  subscribed by the server"),
            Event::Message { data } => {
                format!("(message)  {}", data.map_or("null", |d| d.get()))
            }
            Event::State { channel, entry: p } => {
                let mut s = format!("{channel}  state  {}  {}", p.key, p.data.get());
                tail(&mut s, p, false);
                s
            }
            Event::Live {
                channel,
                state,
                catch_up,
                position,
            } => {
                let mut s = format!(
                    "{channel}  live  {} in the state, {} from the stream",
                    counted(*state, "key"),
                    counted(*catch_up, "change")
                );
                if let Some(p) = position {
                    let _ = write!(s, "  (position {}:{})", p.offset, p.epoch);
                }
                s
            }
            Event::Update {
                channel,
                publication: p,
                catch_up,
            } => {
                let mut s = if p.removed {
                    format!("{channel}  removed  {}", p.key)
                } else {
                    format!("{channel}  update  {}  {}", p.key, p.data.get())
                };
                tail(&mut s, p, *catch_up);
                s
            }
        };
        let line = match time {
            Some(t) => format!("{t}  {body}"),
            None => body,
        };
        printable(&line)
    }
}

/// A map line's end: the tags, the offset, the presence entry's client, and `(catch-up)`.
fn tail(s: &mut String, p: &Publication, catch_up: bool) {
    if !p.tags.is_empty() {
        let tags: Vec<String> = p.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = write!(s, "  [{}]", tags.join(" "));
    }
    if p.offset > 0 {
        let _ = write!(s, "  #{}", p.offset);
    }
    if let Some(i) = &p.info {
        if i.user.is_empty() {
            let _ = write!(s, "  (client {})", i.client);
        } else {
            let _ = write!(s, "  (user {}, client {})", i.user, i.client);
        }
    }
    if catch_up {
        s.push_str("  (catch-up)");
    }
}

/// `1 key` / `2 keys`.
fn counted(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Escapes control characters (a publication may carry DEL or C1 codes, which terminals act
/// on), so a line stays one inert line.
pub(super) fn printable(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The receive time: RFC 3339 with milliseconds, in UTC.
pub(super) fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// `1 publication` / `2 publications`.
pub(super) fn publications_phrase(n: u64) -> String {
    if n == 1 {
        "1 publication".into()
    } else {
        format!("{n} publications")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn publication(json: &str) -> Publication {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn publication_lines() {
        let p = publication(
            r#"{"data":{"text":"hi"},"offset":12,"info":{"user":"42","client":"c1"},"tags":{"k":"v"}}"#,
        );
        let e = Event::Publication {
            channel: "chat:index",
            publication: &p,
            recovered: false,
        };
        assert_eq!(
            e.to_line(None),
            r#"chat:index  #12  {"text":"hi"}  [k=v]  (from 42)"#
        );
        assert_eq!(
            e.to_line(Some("2024-01-02T03:04:05.678Z")),
            r#"2024-01-02T03:04:05.678Z  chat:index  #12  {"text":"hi"}  [k=v]  (from 42)"#
        );
        assert_eq!(
            e.to_json(None).to_string(),
            r#"{"type":"publication","channel":"chat:index","offset":12,"data":{"text":"hi"},"info":{"user":"42","client":"c1"},"tags":{"k":"v"}}"#
        );
        let bare = publication(r#"{"data":"\u009b31m"}"#);
        let e = Event::Publication {
            channel: "c",
            publication: &bare,
            recovered: true,
        };
        assert_eq!(e.to_line(None), r#"c  "\u009b31m"  (recovered)"#);
        assert_eq!(
            e.to_json(Some("T")).to_string(),
            "{\"time\":\"T\",\"type\":\"publication\",\"channel\":\"c\",\"offset\":0,\
             \"data\":\"\u{9b}31m\",\"info\":null,\"tags\":{},\"recovered\":true}"
        );
        assert_eq!(printable("a\u{9b}b\u{7f}"), "a\\u{9b}b\\u{7f}");
    }

    #[test]
    fn map_lines() {
        let entry =
            publication(r#"{"key":"seat-4","data":{"user":"ann"},"offset":3,"tags":{"t":"x"}}"#);
        let s = Event::State {
            channel: "lobby:1",
            entry: &entry,
        };
        assert_eq!(
            s.to_line(None),
            r#"lobby:1  state  seat-4  {"user":"ann"}  [t=x]  #3"#
        );
        assert_eq!(
            s.to_json(None).to_string(),
            r#"{"type":"state","channel":"lobby:1","key":"seat-4","data":{"user":"ann"},"tags":{"t":"x"},"offset":3}"#
        );
        // a presence map's entry names its client
        let client = publication(r#"{"key":"c1","data":null,"info":{"user":"42","client":"c1"}}"#);
        let s = Event::State {
            channel: "clients:lobby",
            entry: &client,
        };
        assert_eq!(
            s.to_line(None),
            "clients:lobby  state  c1  null  (user 42, client c1)"
        );
        assert_eq!(s.to_json(None)["info"]["client"], "c1");
        let pos = StreamPosition {
            offset: 9,
            epoch: "ep".into(),
        };
        let live = Event::Live {
            channel: "lobby:1",
            state: 1,
            catch_up: 2,
            position: Some(&pos),
        };
        assert_eq!(
            live.to_line(None),
            "lobby:1  live  1 key in the state, 2 changes from the stream  (position 9:ep)"
        );
        assert_eq!(
            live.to_json(Some("T")).to_string(),
            r#"{"time":"T","type":"live","channel":"lobby:1","state":1,"catch_up":2,"offset":9,"epoch":"ep"}"#
        );
        let eph = Event::Live {
            channel: "eph:1",
            state: 0,
            catch_up: 0,
            position: None,
        };
        assert_eq!(
            eph.to_line(None),
            "eph:1  live  0 keys in the state, 0 changes from the stream"
        );
        let removed = publication(r#"{"key":"seat-4","data":null,"removed":true,"offset":10}"#);
        let u = Event::Update {
            channel: "lobby:1",
            publication: &removed,
            catch_up: true,
        };
        assert_eq!(u.to_line(None), "lobby:1  removed  seat-4  #10  (catch-up)");
        assert_eq!(
            u.to_json(None).to_string(),
            r#"{"type":"update","channel":"lobby:1","key":"seat-4","offset":10,"data":null,"removed":true,"tags":{},"catch_up":true}"#
        );
        // a raw C1 control character in the data is escaped on the line
        let set = publication(&format!(
            r#"{{"key":"seat-5","data":"{}","offset":11}}"#,
            '\u{9b}'
        ));
        let u = Event::Update {
            channel: "lobby:1",
            publication: &set,
            catch_up: false,
        };
        let text = u.to_line(None);
        assert_eq!(text, "lobby:1  update  seat-5  \"\\u{9b}\"  #11");
        assert!(
            !text.chars().any(char::is_control),
            "one inert line: {text:?}"
        );
    }

    #[test]
    fn presence_and_other_lines() {
        let info = ClientInfo {
            user: "7".into(),
            client: "c9".into(),
            ..ClientInfo::default()
        };
        let j = Event::Join {
            channel: "chat:index",
            info: &info,
        };
        assert_eq!(j.to_line(None), "chat:index  join  user 7 (client c9)");
        assert_eq!(
            j.to_json(None).to_string(),
            r#"{"type":"join","channel":"chat:index","info":{"user":"7","client":"c9"}}"#
        );
        let anon = ClientInfo {
            client: "c1".into(),
            ..ClientInfo::default()
        };
        let l = Event::Leave {
            channel: "x",
            info: &anon,
        };
        assert_eq!(l.to_line(None), "x  leave  anonymous (client c1)");
        let u = Event::Unsubscribe {
            channel: "x",
            code: 2000,
            reason: "server unsubscribe",
        };
        assert_eq!(
            u.to_line(None),
            "x  unsubscribed by the server  2000 server unsubscribe"
        );
        assert_eq!(
            u.to_json(None).to_string(),
            r#"{"type":"unsubscribe","channel":"x","code":2000,"reason":"server unsubscribe"}"#
        );
        assert_eq!(
            Event::Subscribe { channel: "x" }.to_json(None).to_string(),
            r#"{"type":"subscribe","channel":"x"}"#
        );
        let raw: Raw = serde_json::from_str(r#"{"a":1}"#).unwrap();
        let m = Event::Message { data: Some(&raw) };
        assert_eq!(m.to_line(None), r#"(message)  {"a":1}"#);
        assert_eq!(
            m.to_json(None).to_string(),
            r#"{"type":"message","data":{"a":1}}"#
        );
    }
}

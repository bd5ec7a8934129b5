use super::*;
use crate::proto::ratelimit::Entry;
use crate::tui::collector::{ConnQuery, TraceTarget};
use crossterm::event::KeyEventKind;

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: crossterm::event::KeyEventState::NONE,
    }
}

pub fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(key(*k));
    }
}

pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

/// `:` + the text + Enter.
pub fn command(app: &mut App, s: &str) {
    press(app, &[KeyCode::Char(':')]);
    type_str(app, s);
    press(app, &[KeyCode::Enter]);
}

pub fn app() -> App {
    let mut a = App::new(Settings {
        context: Some("dev".into()),
        server: "http://127.0.0.1:8000".into(),
        refresh: Duration::from_secs(1),
        read_only: None,
        view: View::Overview,
    });
    a.take_requests();
    a
}

pub fn watches(reqs: &[Request]) -> Vec<&Watch> {
    reqs.iter()
        .filter_map(|r| match r {
            Request::Watch(w) => Some(w),
            _ => None,
        })
        .collect()
}

pub fn rl_view() -> ratelimit::View {
    ratelimit::View {
        entries: vec![
            Entry {
                key: "client_command".into(),
                enabled: true,
                source: "file".into(),
                ..Entry::default()
            },
            Entry {
                key: "client_command.publish".into(),
                buckets: "10/1s".into(),
                enabled: true,
                source: "file".into(),
                dry_run: false,
            },
            Entry {
                key: "client_command.subscribe".into(),
                buckets: "5/1s".into(),
                enabled: true,
                source: "live".into(),
                dry_run: false,
            },
        ],
        ..ratelimit::View::default()
    }
}

pub fn with_ratelimits(a: &mut App) {
    a.apply(Update::Snapshot(Box::new(Snapshot {
        at_ms: 1_000,
        ratelimit: Some(Ok(rl_view())),
        ..Snapshot::default()
    })));
    a.take_requests();
}

#[test]
fn tab_cycles_views_and_asks_only_for_what_the_view_needs() {
    let mut a = app();
    let mut seen = vec![a.view];
    for _ in 0..8 {
        a.handle_key(key(KeyCode::Tab));
        seen.push(a.view);
    }
    assert_eq!(seen[..8], View::ALL);
    assert_eq!(seen[8], View::Overview, "Tab wraps around");
    a.handle_key(key(KeyCode::BackTab));
    assert_eq!(a.view, View::Push);
    let reqs = a.take_requests();
    let w = watches(&reqs);
    assert!(w.iter().any(|w| w.channels), "channels asked on Channels");
    assert!(
        w.iter().any(|w| w.ratelimit),
        "rate limits asked on Rate limits"
    );
    let last = w.last().unwrap();
    assert!(
        !last.channels && !last.ratelimit,
        "leaving a view stops its polling"
    );
    a.handle_key(key(KeyCode::Char('5')));
    assert_eq!(a.view, View::RateLimits);
}

#[test]
fn q_and_ctrl_c_quit_but_q_in_a_prompt_is_text() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char(':'), KeyCode::Char('q')]);
    assert!(!a.quit);
    assert_eq!(a.mode, Mode::Command("q".into()));
    press(&mut a, &[KeyCode::Esc]);
    assert_eq!(a.mode, Mode::Normal);
    press(&mut a, &[KeyCode::Char('q')]);
    assert!(a.quit);
    let mut b = app();
    b.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(b.quit);
    let mut c = app();
    command(&mut c, "q");
    assert!(c.quit);
}

#[test]
fn help_opens_and_closes() {
    let mut a = app();
    press(&mut a, &[KeyCode::Char('?')]);
    assert_eq!(a.mode, Mode::Help);
    press(&mut a, &[KeyCode::Char('j')]);
    assert_eq!(a.mode, Mode::Help, "other keys keep the help open");
    press(&mut a, &[KeyCode::Esc]);
    assert_eq!(a.mode, Mode::Normal);
    assert!(!a.quit);
}

#[test]
fn trace_command_starts_stops_and_replaces_the_stream() {
    let mut a = app();
    command(&mut a, "trace user 42");
    assert_eq!(a.view, View::Trace);
    assert_eq!(a.trace.status, TraceStatus::Attaching);
    let reqs = a.take_requests();
    assert!(reqs.contains(&Request::Trace(Some(TraceTarget::User("42".into())))));
    a.apply(Update::Trace(TraceUpdate::Attached(TraceTarget::User(
        "42".into(),
    ))));
    assert_eq!(a.trace.status, TraceStatus::Live);
    a.apply(Update::Trace(TraceUpdate::Event(
        serde_json::json!({"type":"connect","user":"42"}),
    )));
    assert_eq!(a.trace.lines.len(), 1);
    command(&mut a, "trace channel chat:x");
    assert!(
        a.trace.lines.is_empty(),
        "a new target starts a new scrollback"
    );
    assert!(a
        .take_requests()
        .contains(&Request::Trace(Some(TraceTarget::Channel("chat:x".into())))));
    command(&mut a, "trace stop");
    assert!(a.take_requests().contains(&Request::Trace(None)));
    assert_eq!(a.trace.status, TraceStatus::Idle);
    command(&mut a, "trace user");
    assert_eq!(a.current_flash().unwrap().level, Level::Error);
    assert!(a
        .take_requests()
        .iter()
        .all(|r| !matches!(r, Request::Trace(_))));
}

#[test]
fn conn_commands_parse() {
    let mut a = app();
    command(&mut a, "conn user=42");
    assert_eq!(a.view, View::Connections);
    assert_eq!(a.conns.query, Some(ConnQuery::User("42".into())));
    let w = a.take_requests();
    assert_eq!(
        watches(&w).last().unwrap().conns,
        Some(ConnQuery::User("42".into()))
    );
    command(&mut a, "conn label=app=web label=region!=us");
    assert_eq!(
        a.conns.query,
        Some(ConnQuery::Labels(vec![
            ("app".into(), "eq".into(), "web".into()),
            ("region".into(), "neq".into(), "us".into())
        ]))
    );
    command(&mut a, "conn all");
    assert_eq!(a.conns.query, Some(ConnQuery::All));
    command(&mut a, "conn user=1 label=a=b");
    assert_eq!(a.current_flash().unwrap().level, Level::Error);
    assert_eq!(
        a.conns.query,
        Some(ConnQuery::All),
        "a bad query changes nothing"
    );
}

#[test]
fn users_and_explain_commands() {
    let mut a = app();
    command(&mut a, "users 1,2 3 2");
    assert_eq!(a.users.ids, ["1", "2", "3"]);
    let w = a.take_requests();
    assert_eq!(watches(&w).last().unwrap().users, ["1", "2", "3"]);
    command(&mut a, "explain subscribe 42 chat:room");
    assert_eq!(a.view, View::Explain);
    let r = a.explain.req.clone().unwrap();
    assert_eq!(
        (r.op.as_str(), r.user.as_str(), r.channel.as_str()),
        ("subscribe", "42", "chat:room")
    );
    let w = a.take_requests();
    assert_eq!(watches(&w).last().unwrap().explain, Some(r));
    command(&mut a, "explain delete 42 chat:room");
    assert_eq!(a.current_flash().unwrap().level, Level::Error);
    command(&mut a, "nonsense");
    assert!(a.current_flash().unwrap().text.contains("unknown command"));
}

#[test]
fn read_only_refuses_every_mutating_key_and_says_why() {
    let mut a = app();
    a.settings.read_only = Some("--read-only".into());
    press(&mut a, &[KeyCode::Char('5')]);
    with_ratelimits(&mut a);
    for k in ['e', 'd', 'x'] {
        a.flash = None;
        press(&mut a, &[KeyCode::Down, KeyCode::Char(k)]);
        let f = a.current_flash().unwrap();
        assert!(
            f.text.contains("read-only (--read-only)"),
            "{k}: {}",
            f.text
        );
        assert_eq!(a.mode, Mode::Normal, "{k}");
    }
    press(&mut a, &[KeyCode::Enter]);
    assert_eq!(a.mode, Mode::Normal);
    command(&mut a, "conn all");
    let mut connections = BTreeMap::new();
    connections.insert("c1".to_string(), api::ConnectionInfo::default());
    a.apply(Update::Snapshot(Box::new(Snapshot {
        conns: Some((ConnQuery::All, Ok(api::ConnectionsResult { connections }))),
        ..Snapshot::default()
    })));
    press(&mut a, &[KeyCode::Char('x')]);
    assert!(a.current_flash().unwrap().text.contains("read-only"));
    assert!(a
        .take_requests()
        .iter()
        .all(|r| !matches!(r, Request::Act(_))));
}

#[test]
fn pause_freezes_numbers_but_answers_new_questions() {
    let mut a = app();
    let info = |clients| api::InfoResult {
        nodes: vec![api::NodeInfo {
            name: "n1".into(),
            num_clients: clients,
            ..api::NodeInfo::default()
        }],
    };
    a.apply(Update::Snapshot(Box::new(Snapshot {
        at_ms: 1,
        info: info(1),
        ..Snapshot::default()
    })));
    press(&mut a, &[KeyCode::Char('p')]);
    command(&mut a, "users 7");
    a.apply(Update::Snapshot(Box::new(Snapshot {
        at_ms: 2,
        info: info(9),
        users: Some((vec!["7".into()], Ok(api::GetUserStatusResult::default()))),
        ..Snapshot::default()
    })));
    assert_eq!(a.info.as_ref().unwrap().nodes[0].num_clients, 1, "frozen");
    assert!(
        a.users.rows().is_some(),
        "a new question is answered while paused"
    );
    assert_eq!(a.overview.total.clients.len(), 1);
    press(&mut a, &[KeyCode::Char('p')]);
    assert_eq!(a.info.as_ref().unwrap().nodes[0].num_clients, 9);
    assert_eq!(a.overview.total.clients.len(), 2);
}

#[test]
fn down_then_up_and_action_results_flash() {
    let mut a = app();
    a.apply(Update::Down {
        at_ms: 5,
        reason: DownReason::Unreachable,
        error: "cannot reach x".into(),
        hint: None,
        attempt: 2,
        retry_in: Duration::from_secs(2),
    });
    assert!(matches!(a.link, Link::Down { attempt: 2, .. }));
    a.apply(Update::Snapshot(Box::default()));
    assert_eq!(a.link, Link::Up);
    a.apply(Update::Done {
        ok: false,
        message: "rate-limit edit failed: bad".into(),
    });
    assert_eq!(a.current_flash().unwrap().level, Level::Error);
    a.apply(Update::Snapshot(Box::new(Snapshot {
        at_ms: 5 + FLASH_MS,
        ..Snapshot::default()
    })));
    assert!(a.current_flash().is_none(), "flashes expire");
}

#[test]
fn a_flash_goes_when_the_view_changes() {
    let mut a = app();
    command(&mut a, "trace user");
    assert_eq!(a.current_flash().unwrap().level, Level::Error);
    press(&mut a, &[KeyCode::Char('j')]);
    assert!(a.current_flash().is_some(), "keys within the view keep it");
    press(&mut a, &[KeyCode::Tab]);
    assert!(a.current_flash().is_none(), "stale after Tab");
    command(&mut a, "nonsense");
    assert!(a.current_flash().is_some());
    press(&mut a, &[KeyCode::Char('1')]);
    assert!(a.current_flash().is_none(), "stale after a number key");
    command(&mut a, "nonsense");
    command(&mut a, "rl");
    assert!(a.current_flash().is_none(), "stale after :rl");
}

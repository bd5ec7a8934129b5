//! The frame around the views: [`render`] is a pure function of the [`App`] and the frame
//! size. It does no I/O and reads no clock (times shown are data times the collector
//! stamped), so every screen can be snapshot-tested on ratatui's `TestBackend`.
//!
//! Layout (k9s): a two-line header, the view tabs, a banner when the server does not answer
//! (unreachable, or refusing the key), the active view (drawn by its module under
//! `tui::view`), a key-hint line, and one line for the prompt or the last flash. The help is
//! a popup over the view.
//!
//! Imports the app's state and the views; never the collector's I/O.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, DownReason, Level, Link, Mode, View};
use super::help::render_help;
use super::view::{clock, BOLD, DIM};
use crate::output::human_secs;

/// Draws the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    let banner = banner_height(app, area.width);
    let [header, tabs, banner_area, main, hints, status] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, f, header);
    render_tabs(app, f, tabs);
    if banner > 0 {
        render_banner(app, f, banner_area);
    }
    let env = app.env();
    match app.view {
        View::Overview => app.overview.draw(app.info.as_ref(), &env, f, main),
        View::Channels => app.channels.draw(&env, f, main),
        View::Connections => app.conns.draw(&env, f, main),
        View::Trace => app.trace.draw(&env, f, main),
        View::RateLimits => app.ratelimits.draw(&env, f, main),
        View::Users => app.users.draw(&env, f, main),
        View::Explain => app.explain.draw(&env, f, main),
        View::Push => app.push.draw(&env, f, main),
    }
    f.render_widget(
        Paragraph::new(fit_hints(&hint_line(app), hints.width)).style(DIM),
        hints,
    );
    f.render_widget(Paragraph::new(status_line(app)), status);
    if app.mode == Mode::Help {
        render_help(app, f, main);
    }
}

fn render_header(app: &App, f: &mut Frame, area: Rect) {
    let sep = || Span::styled(" │ ", DIM);
    let nodes = app
        .info
        .as_ref()
        .map(|i| i.nodes.as_slice())
        .unwrap_or_default();
    let version = nodes
        .first()
        .map_or_else(|| "-".to_string(), |n| n.version.clone());
    let uptime = nodes.iter().map(|n| n.uptime).max();
    let badge = Span::styled(
        " centri dash ",
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    );
    let read_only = app.settings.read_only.is_some().then(|| {
        Span::styled(
            " READ-ONLY ",
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        )
    });
    let context = Span::styled(
        app.settings
            .context
            .clone()
            .unwrap_or_else(|| "(none)".into()),
        BOLD,
    );
    let server = Span::styled(app.settings.server.clone(), BOLD);
    let node_count = if app.info.is_some() {
        format!(
            "{} node{}",
            nodes.len(),
            if nodes.len() == 1 { "" } else { "s" }
        )
    } else {
        "- nodes".into()
    };
    let up = format!(
        "up {}",
        uptime.map_or_else(|| "-".into(), |u| human_secs(u64::from(u)))
    );
    // the widest form that fits: the version goes first, then the uptime, then the node count
    let mut l1 = Vec::new();
    for keep in (0..=3).rev() {
        l1 = vec![badge.clone()];
        if let Some(r) = &read_only {
            l1.push(Span::raw(" "));
            l1.push(r.clone());
        }
        l1.extend([
            Span::raw(" context "),
            context.clone(),
            sep(),
            server.clone(),
        ]);
        if keep >= 1 {
            l1.extend([sep(), Span::raw(node_count.clone())]);
        }
        if keep >= 2 {
            l1.extend([sep(), Span::raw(up.clone())]);
        }
        if keep >= 3 {
            l1.extend([sep(), Span::raw(format!("server {version}"))]);
        }
        if Line::from(l1.clone()).width() <= usize::from(area.width) {
            break;
        }
    }
    let refreshed = if app.info_at_ms > 0 {
        format!("refreshed {} UTC", clock(app.info_at_ms))
    } else {
        "not refreshed yet".into()
    };
    // the state first: it must survive a narrow terminal
    let (held_snap, held_trace) = app.held();
    let state = match (&app.link, app.paused) {
        (_, true) => Span::styled(
            format!(
                "⏸ PAUSED{} · p resumes",
                match (held_snap, held_trace) {
                    (false, 0) => String::new(),
                    (_, 0) => ": new data held".into(),
                    (_, 1) => ": 1 trace event held".into(),
                    (_, n) => format!(": {n} trace events held"),
                }
            ),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ),
        (Link::Up, false) => Span::styled("● live", Style::new().fg(Color::Green)),
        (Link::Connecting, false) => Span::styled("… connecting", Style::new().fg(Color::Yellow)),
        (Link::Down { reason, .. }, false) => Span::styled(
            match reason {
                DownReason::Unreachable => "✘ UNREACHABLE",
                DownReason::Unauthorized => "✘ UNAUTHORIZED (401)",
            },
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
    };
    let mut l2 = vec![Span::raw(" "), state, sep(), Span::raw(refreshed)];
    l2.push(Span::styled(
        format!(
            " · every {}",
            humantime::format_duration(app.settings.refresh)
        ),
        DIM,
    ));
    if app.info_at_ms > 0 {
        l2.push(Span::styled(
            format!(" · answered in {} ms", app.latency_ms),
            DIM,
        ));
    }
    f.render_widget(Paragraph::new(vec![Line::from(l1), Line::from(l2)]), area);
}

/// The view tabs, in the widest form that fits: full titles; short ones; short ones a space
/// closer together; numbers only. The current view always shows its full title. Every tab
/// stays on screen at 80 columns, with its short title.
fn tab_line(app: &App, width: u16) -> Line<'static> {
    let active = Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD);
    let full: fn(usize, View, bool) -> String = |i, v, _| format!("{} {}", i + 1, v.title());
    let short: fn(usize, View, bool) -> String = |i, v, on| {
        if on {
            format!("{} {}", i + 1, v.title())
        } else {
            format!("{} {}", i + 1, v.short_title())
        }
    };
    let numbers: fn(usize, View, bool) -> String = |i, v, on| {
        if on {
            format!("{} {}", i + 1, v.title())
        } else {
            (i + 1).to_string()
        }
    };
    // (labels, whether an inactive tab keeps a space after its label)
    let forms = [(full, true), (short, true), (short, false), (numbers, true)];
    let build = |(form, loose): (fn(usize, View, bool) -> String, bool)| {
        let mut spans = vec![Span::raw(" ")];
        for (i, v) in View::ALL.iter().enumerate() {
            let on = *v == app.view;
            let label = form(i, *v, on);
            if on {
                spans.push(Span::styled(format!("[{label}]"), active));
            } else if loose {
                spans.push(Span::raw(format!(" {label} ")));
            } else {
                spans.push(Span::raw(format!(" {label}")));
            }
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    };
    let mut line = build(forms[forms.len() - 1]);
    for form in forms {
        let l = build(form);
        if l.width() <= usize::from(width) {
            line = l;
            break;
        }
    }
    line
}

fn render_tabs(app: &App, f: &mut Frame, area: Rect) {
    f.render_widget(Paragraph::new(tab_line(app, area.width)), area);
}

/// Rows the banner needs at this width: its border and its lines, wrapped.
fn banner_height(app: &App, width: u16) -> u16 {
    let Link::Down { error, hint, .. } = &app.link else {
        return 0;
    };
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows = |s: &str| s.chars().count().div_ceil(inner).max(1);
    // the error, the attempt line (about 100 characters), the hint
    let n = rows(error) + rows(&"x".repeat(100)) + hint.as_deref().map_or(0, |h| rows(h) + 1);
    u16::try_from(n + 2).unwrap_or(u16::MAX).min(8)
}

fn render_banner(app: &App, f: &mut Frame, area: Rect) {
    let Link::Down {
        reason,
        error,
        hint,
        attempt,
        retry_in,
        at_ms,
    } = &app.link
    else {
        return;
    };
    let red = Style::new().fg(Color::Red);
    let mut lines = vec![
        Line::styled(error.clone(), red.add_modifier(Modifier::BOLD)),
        Line::from(format!(
            "attempt {attempt} failed at {} UTC · next try in {} (backoff) · {}",
            clock(*at_ms),
            humantime::format_duration(*retry_in),
            if app.info_at_ms > 0 {
                format!("showing data from {} UTC", clock(app.info_at_ms))
            } else {
                "no data yet".into()
            }
        )),
    ];
    if let Some(h) = hint {
        lines.push(Line::styled(h.clone(), DIM));
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(red)
                    .title(Span::styled(
                        match reason {
                            DownReason::Unreachable => " SERVER UNREACHABLE ",
                            DownReason::Unauthorized => {
                                " UNAUTHORIZED: the server refuses the API key "
                            }
                        },
                        red.add_modifier(Modifier::BOLD),
                    )),
            )
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The key hints that fit in `width`: whole hints (separated by two spaces) from the left,
/// never one cut in the middle; the `? help` at the end is kept whenever it fits.
fn fit_hints(line: &str, width: u16) -> String {
    let width = usize::from(width);
    if line.chars().count() <= width {
        return line.to_string();
    }
    let parts: Vec<&str> = line.split("  ").collect();
    let help = parts.iter().copied().find(|p| p.trim() == "? help");
    let reserve = help.map_or(0, |h| h.chars().count() + 2);
    let mut out = String::new();
    for p in parts.iter().filter(|p| Some(**p) != help) {
        let add = if out.is_empty() {
            p.chars().count()
        } else {
            p.chars().count() + 2
        };
        if out.chars().count() + add + reserve > width {
            break;
        }
        if !out.is_empty() {
            out.push_str("  ");
        }
        out.push_str(p);
    }
    // a separator with nothing after it goes too
    while let Some(rest) = out.strip_suffix("  ·") {
        out = rest.to_string();
    }
    if let Some(h) = help {
        if out.chars().count() + reserve <= width {
            out.push_str(if out.is_empty() { " " } else { "  " });
            out.push_str(h.trim());
        }
    }
    out
}

fn hint_line(app: &App) -> String {
    let ro = app.settings.read_only.is_some();
    let s = match &app.mode {
        Mode::Help => "Esc / ? close the help",
        Mode::Command(_) => "Enter run  Esc cancel  ·  trace user ID  trace channel CH  conn user=ID  users IDS  explain OP USER CH  push user ID  q",
        Mode::Filter(_) if app.view == View::Trace => "Enter apply  Esc cancel  ·  e.g. type == \"denied\" || channel ~ \"chat:*\"",
        Mode::Filter(_) => "filters as you type  Enter keep  Esc cancel",
        Mode::Edit { .. } => "RATE/INTERVAL,… e.g. 10/1s or 60/1s,1000/1m  Enter continue  Esc cancel",
        Mode::Confirm { .. } => "y apply  n / Esc cancel",
        Mode::Normal => match app.view {
            View::Overview => "Tab views  : command  p pause  ? help  q quit",
            View::Channels if app.channels.open.is_some() => "Esc back  p pause  ? help",
            View::Channels => "↑↓ select  Enter presence+history  / filter  s sort  p pause  ? help",
            View::Connections if ro => ":conn user=ID | label=k=v | all  ↑↓ select  Enter details  / filter  (read-only: x off)  ? help",
            View::Connections => ":conn user=ID | label=k=v | all  ↑↓ select  Enter details  x disconnect  / filter  ? help",
            View::Trace => ":trace user ID  ↑↓ scroll  End follow  Enter JSON  / filter  p pause  c clear  ? help",
            View::RateLimits if ro => "↑↓ select  / filter  (read-only: e edit, d dry-run, x remove are off)  ? help",
            View::RateLimits => "↑↓ select  e edit  d dry-run  x remove live edit  / filter  ? help",
            View::Users => ":users 1,2,3  ↑↓ select  Enter new lookup  ? help",
            View::Explain => ":explain subscribe 42 chat:index  Enter new  ? help",
            View::Push if app.push.user.is_some() => ":push user ID  Enter another user  ↑↓ select  Esc back  ? help",
            View::Push => "Enter look up a user (:push user ID)  p pause  ? help",
        },
    };
    format!(" {s}")
}

fn status_line(app: &App) -> Line<'static> {
    let cursor = Span::styled("█", Style::new().fg(Color::Cyan));
    match &app.mode {
        Mode::Command(b) => Line::from(vec![Span::styled(format!(":{b}"), BOLD), cursor]),
        Mode::Filter(b) => Line::from(vec![Span::styled(format!("/{b}"), BOLD), cursor]),
        Mode::Edit { key, buffer, .. } => Line::from(vec![
            Span::raw(format!("new buckets for {key}: ")),
            Span::styled(buffer.clone(), BOLD),
            cursor,
        ]),
        Mode::Confirm { prompt, .. } => Line::styled(
            format!("{prompt} [y/N]"),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ),
        Mode::Normal | Mode::Help => match app.current_flash() {
            Some(fl) => Line::styled(
                fl.text.clone(),
                match fl.level {
                    Level::Info => Style::new().fg(Color::Cyan),
                    Level::Ok => Style::new().fg(Color::Green),
                    Level::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                },
            ),
            None => Line::default(),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    //! The frame around the views, and the fixtures every view's tests share. Screens are
    //! built from fixed data through the same `apply`/`handle_key` calls the live loop makes;
    //! times are fixed data times, so the snapshots need no masking.

    use std::collections::BTreeMap;
    use std::time::Duration;

    use crossterm::event::KeyCode;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::proto::api;
    use crate::tui::app::tests::{app, command, press, type_str};
    use crate::tui::collector::{Snapshot, TraceTarget, TraceUpdate, Update};

    /// 2023-11-14 22:13:20 UTC.
    pub const T0: u64 = 1_700_000_000_000;

    pub fn draw_at(app: &App, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| render(app, f)).unwrap();
        t.backend().to_string()
    }

    pub fn draw(app: &App) -> String {
        draw_at(app, 100, 30)
    }

    pub fn node(name: &str, clients: u32, pub_in: f64, out: f64) -> api::NodeInfo {
        api::NodeInfo {
            uid: format!("uid-{name}"),
            name: name.into(),
            version: "0.1.0".into(),
            num_clients: clients,
            num_users: clients.div_ceil(2),
            num_channels: 4,
            num_subs: clients * 2,
            uptime: 3725,
            metrics: Some(api::Metrics {
                interval: 5.0,
                items: BTreeMap::from([
                    (api::ITEM_PUBLICATIONS_IN.to_string(), pub_in * 5.0),
                    (api::ITEM_MESSAGES_OUT.to_string(), out * 5.0),
                ]),
            }),
            process: Some(api::Process {
                cpu: 1.5,
                rss: 52_428_800,
            }),
        }
    }

    /// `n` snapshots one second apart with rising and falling rates.
    pub fn feed_info(a: &mut App, n: u64) {
        for i in 0..n {
            let wave = [0.0, 2.0, 6.0, 12.0, 8.0, 4.0, 1.0][(i % 7) as usize];
            a.apply(Update::Snapshot(Box::new(Snapshot {
                at_ms: T0 + i * 1000,
                latency_ms: 3,
                info: api::InfoResult {
                    nodes: vec![
                        node("test-node", 3 + (i % 3) as u32, wave, wave * 3.0),
                        node("node-b", 2, wave / 2.0, wave),
                    ],
                },
                ..Snapshot::default()
            })));
        }
    }

    /// Like [`feed_info`] with what makes columns wide: a long node name (a Kubernetes pod)
    /// and big numbers (14.5 M clients, a long uptime, 14.5 MiB RSS).
    pub fn feed_long_info(a: &mut App, n: u64) {
        for i in 0..n {
            let wave = [0.0, 2.0, 6.0, 12.0, 8.0, 4.0, 1.0][(i % 7) as usize];
            let mut big = node(
                "centrifugo-7f9c4d8b6-x2x9q.eu-west-1.prod.internal",
                14_500_000,
                wave * 1000.0,
                wave * 14_500.0,
            );
            big.num_users = 9_800_000;
            big.num_channels = 1_250_000;
            big.num_subs = 48_000_000;
            big.uptime = 1_123_200;
            big.process = Some(api::Process {
                cpu: 312.5,
                rss: 15_204_352,
            });
            a.apply(Update::Snapshot(Box::new(Snapshot {
                at_ms: T0 + i * 1000,
                latency_ms: 3,
                info: api::InfoResult {
                    nodes: vec![big, node("node-b", 2, wave / 2.0, wave)],
                },
                ..Snapshot::default()
            })));
        }
    }

    /// One snapshot at T0 + 60 s with one node and the given parts.
    pub fn snapshot(a: &mut App, s: Snapshot) {
        a.apply(Update::Snapshot(Box::new(Snapshot {
            at_ms: T0 + 60_000,
            latency_ms: 3,
            info: api::InfoResult {
                nodes: vec![node("test-node", 3, 2.0, 6.0)],
            },
            ..s
        })));
    }

    pub fn raw(json: &str) -> crate::proto::Raw {
        serde_json::from_str(json).unwrap()
    }

    pub fn trace_events() -> Vec<serde_json::Value> {
        let t = |ms: u64| T0 + 61_000 + ms;
        vec![
            serde_json::json!({"v":1,"time":t(0),"node":"test-node","type":"connect","direction":"in","user":"42","client":"3b1c9a70-0000","payload":{"name":"js","version":"5.0"}}),
            serde_json::json!({"v":1,"time":t(12),"type":"command","direction":"in","user":"42","client":"3b1c9a70-0000","payload":{"id":2,"subscribe":{"channel":"chat:index"}}}),
            serde_json::json!({"v":1,"time":t(13),"type":"subscribe","direction":"internal","user":"42","client":"3b1c9a70-0000","channel":"chat:index"}),
            serde_json::json!({"v":1,"time":t(14),"type":"reply","direction":"out","user":"42","client":"3b1c9a70-0000","payload":{"id":2,"subscribe":{}}}),
            serde_json::json!({"v":1,"time":t(250),"type":"denied","direction":"internal","user":"42","client":"3b1c9a70-0000","channel":"private:x","code":103,"rule":"namespace.allow_subscribe_for_client","detail":"off"}),
            serde_json::json!({"v":1,"time":t(900),"type":"push","direction":"out","user":"42","client":"3b1c9a70-0000","channel":"chat:index","payload":{"push":{"channel":"chat:index","pub":{"data":{"text":"hello"},"offset":8}}}}),
            serde_json::json!({"v":1,"time":t(1200),"type":"dropped","count":3}),
        ]
    }

    /// A live trace of user 42 with a few events of each kind.
    pub fn trace_app() -> App {
        let mut a = app();
        snapshot(&mut a, Snapshot::default());
        command(&mut a, "trace user 42");
        a.apply(Update::Trace(TraceUpdate::Attached(TraceTarget::User(
            "42".into(),
        ))));
        for ev in trace_events() {
            a.apply(Update::Trace(TraceUpdate::Event(ev)));
        }
        a
    }

    #[test]
    fn unreachable_banner() {
        let mut a = app();
        feed_info(&mut a, 10);
        a.apply(Update::Down {
            at_ms: T0 + 12_000,
            reason: DownReason::Unreachable,
            error: "cannot reach http://127.0.0.1:8000/api/info: Connection refused (os error 111)"
                .into(),
            hint: Some(
                "is the server running? check --server / CENTRI_SERVER or the context".into(),
            ),
            attempt: 3,
            retry_in: Duration::from_secs(4),
        });
        insta::assert_snapshot!("unreachable_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("unreachable_200x50", draw_at(&a, 200, 50));
        let mut fresh = app();
        fresh.apply(Update::Down {
            at_ms: T0,
            reason: DownReason::Unreachable,
            error: "cannot reach http://127.0.0.1:8000/api/info: Connection refused (os error 111)"
                .into(),
            hint: None,
            attempt: 1,
            retry_in: Duration::from_secs(1),
        });
        let s = draw(&fresh);
        assert!(
            s.contains("SERVER UNREACHABLE") && s.contains("no data yet"),
            "{s}"
        );
    }

    #[test]
    fn unauthorized_is_not_unreachable() {
        let mut a = app();
        feed_info(&mut a, 3);
        a.apply(Update::Down {
            at_ms: T0 + 4_000,
            reason: DownReason::Unauthorized,
            error: "the server refused the API key stal… (9 chars) from context \"dev\" (HTTP 401)"
                .into(),
            hint: Some(
                "fix: put the server's http_api.key in the context (`centri context add dev \
                 --server http://127.0.0.1:8000 --api-key KEY`, check with `centri context show \
                 dev`); the dashboard re-reads it on every retry"
                    .into(),
            ),
            attempt: 1,
            retry_in: Duration::from_secs(1),
        });
        let s = draw(&a);
        insta::assert_snapshot!("unauthorized_100x30", s);
        assert!(!s.contains("UNREACHABLE"), "{s}");
        assert!(s.contains("UNAUTHORIZED"), "{s}");
        assert!(
            s.contains("re-reads it on every retry"),
            "the whole hint shows: {s}"
        );
        insta::assert_snapshot!("unauthorized_80x24", draw_at(&a, 80, 24));
    }

    #[test]
    fn tabs_fit_at_80_columns() {
        let mut a = app();
        for v in View::ALL {
            press(&mut a, &[KeyCode::Char(char::from(b'1' + v.index() as u8))]);
            for w in [60, 80] {
                let s = draw_at(&a, w, 24);
                let tabs = s.lines().nth(2).unwrap();
                assert!(
                    tabs.contains('8') && tabs.contains(v.title()),
                    "{w} columns, {}: {tabs}",
                    v.title()
                );
                if w == 80 {
                    for other in View::ALL.into_iter().filter(|o| *o != v) {
                        assert!(
                            tabs.contains(other.short_title()),
                            "80 columns, {}: {} has no title: {tabs}",
                            v.title(),
                            other.title()
                        );
                    }
                }
            }
            let wide = draw_at(&a, 200, 24);
            assert!(
                wide.contains("7 Explain")
                    && wide.contains("8 Push")
                    && wide.contains("5 Rate limits"),
                "{wide}"
            );
        }
    }

    #[test]
    fn key_hints_drop_whole_hints_at_narrow_widths() {
        let line =
            " :conn user=ID | label=k=v | all  ↑↓ select  Enter details  x disconnect  ? help";
        assert_eq!(fit_hints(line, 200), line);
        let narrow = fit_hints(line, 51);
        assert_eq!(
            narrow,
            " :conn user=ID | label=k=v | all  ↑↓ select  ? help"
        );
        assert_eq!(narrow.chars().count(), 51);
        assert_eq!(
            fit_hints(line, 50),
            " :conn user=ID | label=k=v | all  ? help"
        );
        assert_eq!(fit_hints(line, 10), " ? help");
        assert_eq!(fit_hints(line, 5), "");
        assert_eq!(
            fit_hints(" Enter run  Esc cancel  ·  trace channel CH", 30),
            " Enter run  Esc cancel"
        );
    }

    #[test]
    fn command_mode_shows_what_is_typed() {
        let mut a = app();
        feed_info(&mut a, 1);
        press(&mut a, &[KeyCode::Char(':')]);
        type_str(&mut a, "trace user 42");
        let s = draw(&a);
        assert!(s.contains(":trace user 42█"), "{s}");
        assert!(s.contains("Enter run"), "{s}");
    }

    #[test]
    fn every_view_draws_at_any_size() {
        let mut a = trace_app();
        feed_info(&mut a, 3);
        for (w, h) in [(1, 1), (10, 4), (20, 8), (40, 12), (60, 16), (200, 60)] {
            for v in 0..8u8 {
                press(&mut a, &[KeyCode::Char(char::from(b'1' + v))]);
                let _ = draw_at(&a, w, h);
                press(&mut a, &[KeyCode::Char('?')]);
                let _ = draw_at(&a, w, h);
                press(&mut a, &[KeyCode::Esc]);
            }
        }
    }
}

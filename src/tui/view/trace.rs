//! The Trace view: a live trace of one user or channel (`:trace user 42`), with its
//! scrollback (bounded), a filter (`/`, the `centri trace --filter` language), pause (held by
//! the app), and the selected event's JSON in a popup.

use std::collections::VecDeque;

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use serde_json::Value;

use super::{
    clear_under, clock_ms, cut, error_text, placeholder, popup, short, titled, Act, Env, Mode,
    BOLD, DIM, MARK, SELECTED,
};
use crate::filter::Filter;
use crate::tui::collector::{Request, TraceTarget};

/// Trace events kept for scrollback; older ones are dropped (and counted).
pub const TRACE_CAP: usize = 10_000;

/// The trace stream's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceStatus {
    Idle,
    Attaching,
    Live,
    Lost { error: String, retry: bool },
}

/// One trace event, reduced to what the screen shows plus the raw JSON (for the filter and
/// the detail view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLine {
    pub seq: u64,
    pub time_ms: Option<u64>,
    pub kind: String,
    pub direction: String,
    pub user: String,
    pub client: String,
    pub channel: String,
    /// Codes, reasons, rules and a shortened payload.
    pub detail: String,
    pub raw: String,
}

/// Longest payload text kept on a trace line (the detail view shows all of it).
const PAYLOAD_CHARS: usize = 200;

impl TraceLine {
    fn new(seq: u64, ev: &Value) -> Self {
        let s = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let mut detail = Vec::new();
        if let Some(code) = ev.get("code").and_then(Value::as_u64) {
            detail.push(format!("code {code}"));
        }
        for k in ["reason", "rule", "detail", "source"] {
            let v = s(k);
            if !v.is_empty() {
                detail.push(format!("{k}: {v}"));
            }
        }
        if let Some(n) = ev.get("count").and_then(Value::as_u64) {
            detail.push(format!("{n} events dropped by the server"));
        }
        if let Some(p) = ev.get("payload").filter(|p| !p.is_null()) {
            let text = p.to_string();
            detail.push(if text.chars().count() > PAYLOAD_CHARS {
                let cut: String = text.chars().take(PAYLOAD_CHARS - 1).collect();
                format!("{cut}…")
            } else {
                text
            });
        }
        Self {
            seq,
            time_ms: ev.get("time").and_then(Value::as_u64),
            kind: s("type"),
            direction: s("direction"),
            user: s("user"),
            client: s("client"),
            channel: s("channel"),
            detail: detail.join("  "),
            raw: ev.to_string(),
        }
    }
}

/// The live trace and its scrollback.
#[derive(Debug, Clone)]
pub struct Trace {
    pub target: Option<TraceTarget>,
    pub status: TraceStatus,
    /// Oldest first, at most [`TRACE_CAP`].
    pub lines: VecDeque<TraceLine>,
    next_seq: u64,
    pub filter: Option<Filter>,
    /// Sequence numbers of the lines that pass the filter (all of them without one).
    pub matched: VecDeque<u64>,
    /// The selected line; `None` follows the newest.
    pub cursor: Option<u64>,
    /// Show the selected event's JSON.
    pub inspect: bool,
    /// Events received for this target.
    pub received: u64,
    /// Events the server reported dropping (`dropped` events).
    pub server_dropped: u64,
    /// Events pushed out of the scrollback.
    pub evicted: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Self {
            target: None,
            status: TraceStatus::Idle,
            lines: VecDeque::new(),
            next_seq: 0,
            filter: None,
            matched: VecDeque::new(),
            cursor: None,
            inspect: false,
            received: 0,
            server_dropped: 0,
            evicted: 0,
        }
    }
}

impl Trace {
    pub fn push(&mut self, ev: &Value) {
        self.received += 1;
        if ev.get("type").and_then(Value::as_str) == Some("dropped") {
            self.server_dropped += ev.get("count").and_then(Value::as_u64).unwrap_or(0);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.filter.as_ref().is_none_or(|f| f.matches(ev)) {
            self.matched.push_back(seq);
        }
        self.lines.push_back(TraceLine::new(seq, ev));
        while self.lines.len() > TRACE_CAP {
            if let Some(old) = self.lines.pop_front() {
                self.evicted += 1;
                if self.matched.front() == Some(&old.seq) {
                    self.matched.pop_front();
                }
                if self.cursor == Some(old.seq) {
                    self.cursor = self.matched.front().copied();
                }
            }
        }
    }

    /// The kept line with this sequence number.
    pub fn line(&self, seq: u64) -> Option<&TraceLine> {
        let first = self.lines.front()?.seq;
        self.lines
            .get(usize::try_from(seq.checked_sub(first)?).ok()?)
    }

    /// The lines that pass the filter, oldest first.
    #[cfg(test)]
    pub fn visible(&self) -> impl Iterator<Item = &TraceLine> + '_ {
        self.matched.iter().filter_map(|s| self.line(*s))
    }

    /// Index of the cursor within [`Trace::matched`], when one is set.
    pub fn cursor_index(&self) -> Option<usize> {
        let c = self.cursor?;
        self.matched.binary_search(&c).ok()
    }

    /// The selected line, or the newest when following.
    pub fn selected(&self) -> Option<&TraceLine> {
        match self.cursor {
            Some(c) => self.line(c),
            None => self.matched.back().and_then(|s| self.line(*s)),
        }
    }

    /// Re-evaluates every kept line against a new filter.
    pub fn set_filter(&mut self, filter: Option<Filter>) {
        self.matched = self
            .lines
            .iter()
            .filter(|l| {
                filter.as_ref().is_none_or(|f| {
                    serde_json::from_str::<Value>(&l.raw).is_ok_and(|v| f.matches(&v))
                })
            })
            .map(|l| l.seq)
            .collect();
        self.filter = filter;
        self.cursor = None;
        self.inspect = false;
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.matched.clear();
        self.cursor = None;
        self.inspect = false;
        self.received = 0;
        self.server_dropped = 0;
        self.evicted = 0;
    }

    /// Moves the cursor by `delta` lines (negative: older); leaving the newest end follows.
    pub fn scroll(&mut self, delta: i64) {
        if self.matched.is_empty() {
            return;
        }
        let last = self.matched.len() - 1;
        let at = self.cursor_index().unwrap_or(last) as i64;
        let to = (at + delta).clamp(0, last as i64) as usize;
        self.cursor = if to == last && delta > 0 {
            None
        } else {
            Some(self.matched[to])
        };
    }
}

fn kind_style(kind: &str) -> Style {
    match kind {
        "denied" | "disconnect" | "dropped" => Style::new().fg(Color::Red),
        "publication" | "push" => Style::new().fg(Color::Green),
        "connect" | "subscribe" | "join" => Style::new().fg(Color::Cyan),
        "unsubscribe" | "leave" => Style::new().fg(Color::Magenta),
        _ => Style::new(),
    }
}

/// Who a line is about: the user and the start of the client ID.
fn who(l: &TraceLine) -> String {
    match (l.user.as_str(), l.client.as_str()) {
        ("", "") => String::new(),
        (u, "") => format!("user {u}"),
        (u, c) => format!("user {u} {}", short(c, 8)),
    }
}

/// Widths of a trace line's middle columns, sized to the lines shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Widths {
    kind: usize,
    /// 0: the column is left out (a narrow screen).
    who: usize,
    channel: usize,
}

/// The time, arrow and selection mark: `▶ 12:00:00.000 → `.
const FIXED: usize = 2 + 12 + 3;
/// Room the detail keeps at least before the who column goes.
const DETAIL_MIN: usize = 24;
/// Longest channel column; longer names are cut.
const CHANNEL_MAX: usize = 32;

impl Widths {
    fn of(lines: &[&TraceLine], width: u16) -> Self {
        let max = |f: &dyn Fn(&TraceLine) -> usize| lines.iter().map(|l| f(l)).max().unwrap_or(0);
        let kind = max(&|l| l.kind.chars().count());
        let mut who = max(&|l| who(l).chars().count());
        let channel = max(&|l| l.channel.chars().count()).min(CHANNEL_MAX);
        let used = |who: usize| FIXED + kind + 1 + who + usize::from(who > 0) + channel + 1;
        if used(who) + DETAIL_MIN > usize::from(width) {
            who = 0;
        }
        Self { kind, who, channel }
    }
}

fn trace_line(l: &TraceLine, w: Widths, selected: bool) -> Line<'static> {
    let arrow = match l.direction.as_str() {
        "in" => "→",
        "out" => "←",
        _ => "·",
    };
    let mut spans = vec![
        Span::raw(if selected { MARK } else { "  " }),
        Span::styled(l.time_ms.map_or_else(|| " ".repeat(12), clock_ms), DIM),
        Span::raw(format!(" {arrow} ")),
        Span::styled(format!("{:<k$} ", l.kind, k = w.kind), kind_style(&l.kind)),
    ];
    if w.who > 0 {
        spans.push(Span::raw(format!("{:<n$} ", who(l), n = w.who)));
    }
    spans.push(Span::raw(format!(
        "{:<c$} ",
        cut(&l.channel, w.channel),
        c = w.channel
    )));
    spans.push(Span::styled(l.detail.clone(), DIM));
    let line = Line::from(spans);
    if selected {
        line.style(SELECTED)
    } else {
        line
    }
}

impl Trace {
    /// Esc: closes the JSON, else follows again, else drops the filter; false when there was
    /// nothing to undo.
    pub fn back(&mut self) -> bool {
        if self.inspect {
            self.inspect = false;
        } else if self.cursor.is_some() {
            self.cursor = None;
        } else if self.filter.is_some() {
            self.set_filter(None);
        } else {
            return false;
        }
        true
    }

    pub fn enter(&mut self, act: &mut Act) {
        if self.target.is_none() {
            act.mode = Some(Mode::Command("trace user ".into()));
        } else if self.selected().is_some() {
            self.inspect = !self.inspect;
        }
    }

    pub fn key(&mut self, c: char, act: &mut Act) {
        if c == 'c' {
            self.clear();
            act.info("trace scrollback cleared");
        }
    }

    /// `:trace user 42`, `:trace channel chat:index`, `:trace stop`.
    pub fn command(&mut self, args: &[&str], act: &mut Act) {
        let target = match args {
            [] => return,
            ["stop" | "off"] => {
                if self.target.take().is_some() {
                    self.status = TraceStatus::Idle;
                    act.requests.push(Request::Trace(None));
                    act.info("trace stopped (scrollback kept)");
                }
                return;
            }
            ["user", id] => TraceTarget::User((*id).to_string()),
            ["channel" | "ch", ch] => TraceTarget::Channel((*ch).to_string()),
            _ => {
                act.error("use :trace user 42, :trace channel chat:index or :trace stop");
                return;
            }
        };
        self.clear();
        self.target = Some(target.clone());
        self.status = TraceStatus::Attaching;
        act.requests.push(Request::Trace(Some(target)));
    }

    /// Applies a typed filter (on Enter); an error keeps the prompt open.
    pub fn apply_filter(&mut self, buf: String, act: &mut Act) {
        let text = buf.trim();
        if text.is_empty() {
            self.set_filter(None);
            act.info("trace filter cleared");
            return;
        }
        match Filter::parse(text) {
            Ok(f) => {
                self.set_filter(Some(f));
                act.info(format!(
                    "trace filter: {} of {} kept events match",
                    self.matched.len(),
                    self.lines.len()
                ));
            }
            Err(e) => {
                act.error(format!("filter: {e}"));
                act.mode = Some(Mode::Filter(buf));
            }
        }
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        let t = self;
        let Some(target) = &t.target else {
            return placeholder(
            f,
            area,
            "Trace",
            vec![
                Line::from("No trace running. Start one:"),
                Line::from(""),
                Line::styled("  :trace user 42            everything user 42's connections do and receive", BOLD),
                Line::styled("  :trace channel chat:index every publication, join, leave and call on a channel", BOLD),
                Line::from(""),
                Line::styled(
                    "Then / filters (type == \"subscribe\", channel ~ \"chat:*\", code == 103), p pauses, ↑↓ scroll back.",
                    DIM,
                ),
            ],
        );
        };
        let status = match &t.status {
            TraceStatus::Idle => Span::styled("stopped", DIM),
            TraceStatus::Attaching => Span::styled("attaching…", Style::new().fg(Color::Yellow)),
            TraceStatus::Live if env.paused => Span::styled(
                "paused (events held)",
                Style::new().fg(Color::Black).bg(Color::Yellow),
            ),
            TraceStatus::Live => Span::styled("live", Style::new().fg(Color::Green)),
            TraceStatus::Lost { retry: true, .. } => Span::styled(
                "lost, reopening when the server answers",
                Style::new().fg(Color::Red),
            ),
            TraceStatus::Lost { retry: false, .. } => {
                Span::styled("failed", Style::new().fg(Color::Red))
            }
        };
        let mut title = vec![
            Span::styled(
                format!(" Trace {} {} ", target.kind(), target.entity()),
                BOLD,
            ),
            Span::raw("· "),
            status,
            Span::raw(format!(
                " · {} events, {} shown",
                t.received,
                t.matched.len()
            )),
        ];
        title.push(Span::raw(if t.cursor.is_some() {
            " · scrolled (End follows)"
        } else {
            " · following"
        }));
        if t.server_dropped > 0 {
            title.push(Span::styled(
                format!(" · {} dropped by the server", t.server_dropped),
                Style::new().fg(Color::Red),
            ));
        }
        if t.evicted > 0 {
            title.push(Span::raw(format!(" · {} scrolled out", t.evicted)));
        }
        if let Some(fl) = &t.filter {
            title.push(Span::styled(
                format!(" · filter: {}", fl.source()),
                Style::new().fg(Color::Yellow),
            ));
        }
        title.push(Span::raw(" "));
        let block = titled(Line::from(title));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let mut lines: Vec<Line> = Vec::new();
        if let TraceStatus::Lost { error, .. } = &t.status {
            lines.push(error_text(&format!("trace: {error}")));
        }
        let height = usize::from(inner.height).saturating_sub(lines.len());
        let total = t.matched.len();
        let shown = height.min(total);
        let end = match t.cursor_index() {
            Some(pos) => (pos + 1).max(shown),
            None => total,
        };
        let start = end - shown;
        let cursor = t.cursor;
        let shown_lines: Vec<&TraceLine> = t
            .matched
            .range(start..end)
            .filter_map(|s| t.line(*s))
            .collect();
        let widths = Widths::of(&shown_lines, inner.width);
        for seq in t.matched.range(start..end) {
            if let Some(line) = t.line(*seq) {
                lines.push(trace_line(line, widths, cursor == Some(*seq)));
            }
        }
        if total == 0 {
            lines.push(Line::styled(
                if t.lines.is_empty() {
                    "waiting for events…"
                } else {
                    "no kept event matches the filter (Esc clears it)"
                },
                DIM,
            ));
        }
        f.render_widget(Paragraph::new(lines), inner);
        if t.inspect {
            if let Some(sel) = t.selected() {
                let pretty = serde_json::from_str::<Value>(&sel.raw)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .unwrap_or_else(|| sel.raw.clone());
                let pop = popup(inner, inner.width.saturating_sub(2), inner.height);
                clear_under(f, pop, inner);
                f.render_widget(
                    Paragraph::new(Text::from(pretty))
                        .block(
                            titled(" Event JSON · Esc closes ")
                                .border_style(Style::new().fg(Color::Cyan)),
                        )
                        .wrap(Wrap { trim: false }),
                    pop,
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::tui::app::tests::command;
    use crate::tui::app::Level;
    use crate::tui::app::Mode;
    use crate::tui::view::trace::TRACE_CAP;
    use crossterm::event::KeyCode;

    use crate::tui::app::tests::{app, press, type_str};
    use crate::tui::collector::{TraceTarget, TraceUpdate, Update};
    use crate::tui::ui::tests::{draw, draw_at, trace_app};

    #[test]
    fn trace_80x24_and_200x50_live_paused_and_with_its_popup() {
        let mut a = trace_app();
        let narrow = draw_at(&a, 80, 24);
        insta::assert_snapshot!("trace_live_80x24", narrow);
        // columns as wide as what they hold: at 80 the channel and the code still show
        assert!(narrow.contains("denied    private:x  code 103"), "{narrow}");
        insta::assert_snapshot!("trace_live_200x50", draw_at(&a, 200, 50));
        press(&mut a, &[KeyCode::Char('p')]);
        insta::assert_snapshot!("trace_paused_80x24", draw_at(&a, 80, 24));
        press(&mut a, &[KeyCode::Up, KeyCode::Enter]);
        insta::assert_snapshot!("trace_popup_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("trace_popup_200x50", draw_at(&a, 200, 50));
    }

    #[test]
    fn before_a_trace_the_view_says_what_to_type() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('4')]);
        insta::assert_snapshot!("trace_idle_80x24", draw_at(&a, 80, 24));
        press(&mut a, &[KeyCode::Enter]);
        let s = draw(&a);
        assert!(s.contains(":trace user █"), "Enter starts the command: {s}");
    }

    #[test]
    fn trace_live_filtered_scrolled_and_inspected() {
        let mut a = trace_app();
        insta::assert_snapshot!("trace_live_100x30", draw(&a));
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "type in [\"subscribe\", \"denied\", \"push\"]");
        insta::assert_snapshot!("trace_filter_typing_100x30", draw(&a));
        press(&mut a, &[KeyCode::Enter, KeyCode::Up]);
        insta::assert_snapshot!("trace_filtered_scrolled_100x30", draw(&a));
        press(&mut a, &[KeyCode::Enter]);
        insta::assert_snapshot!("trace_inspect_100x30", draw(&a));
    }
    #[test]
    fn a_paused_trace_does_not_say_live() {
        let mut a = trace_app();
        assert!(draw(&a).contains("· live ·"));
        press(&mut a, &[KeyCode::Char('p')]);
        let s = draw(&a);
        let title = s.lines().find(|l| l.contains("Trace user 42")).unwrap();
        assert!(
            title.contains("paused") && !title.contains("live"),
            "{title}"
        );
    }
    #[test]
    fn the_trace_popup_hides_the_lines_under_it() {
        let mut a = trace_app();
        press(&mut a, &[KeyCode::Up, KeyCode::Enter]);
        let s = draw(&a);
        let rows: Vec<Vec<char>> = s
            .lines()
            .filter(|l| l.contains("│ │"))
            .map(|l| l.trim_matches('"').chars().collect())
            .collect();
        assert!(rows.len() > 10, "{s}");
        for c in rows {
            let n = c.len();
            assert!(
                c[1] == ' ' && c[n - 2] == ' ',
                "the trace shows through beside the popup: {}",
                c.iter().collect::<String>()
            );
        }
    }
    #[test]
    fn trace_lost() {
        let mut a = trace_app();
        a.apply(Update::Trace(TraceUpdate::Lost {
            target: TraceTarget::User("42".into()),
            error: "the server closed the trace stream".into(),
            retry: true,
        }));
        let s = draw(&a);
        assert!(
            s.contains("lost, reopening when the server answers")
                && s.contains("trace: the server closed the trace stream"),
            "{s}"
        );
    }

    #[test]
    fn trace_filter_pause_and_scrollback() {
        let mut a = app();
        command(&mut a, "trace user 42");
        for (i, t) in ["connect", "subscribe", "publication", "subscribe"]
            .iter()
            .enumerate()
        {
            a.apply(Update::Trace(TraceUpdate::Event(
                serde_json::json!({"type": t, "user": "42", "time": i}),
            )));
        }
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "type == ");
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.current_flash().unwrap().level, Level::Error);
        assert!(
            matches!(a.mode, Mode::Filter(_)),
            "a bad filter stays editable"
        );
        type_str(&mut a, "\"subscribe\"");
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.trace.matched.len(), 2);
        assert!(a.trace.visible().all(|l| l.kind == "subscribe"));
        // new events are filtered as they come
        a.apply(Update::Trace(TraceUpdate::Event(
            serde_json::json!({"type":"unsubscribe"}),
        )));
        assert_eq!(a.trace.matched.len(), 2);
        // pause holds events; resume adds them
        press(&mut a, &[KeyCode::Char('p')]);
        assert!(a.paused);
        a.apply(Update::Trace(TraceUpdate::Event(
            serde_json::json!({"type":"subscribe","channel":"held"}),
        )));
        assert_eq!(a.trace.matched.len(), 2);
        assert_eq!(a.held(), (false, 1));
        press(&mut a, &[KeyCode::Char('p')]);
        assert!(!a.paused);
        assert_eq!(a.trace.matched.len(), 3);
        assert_eq!(a.trace.selected().unwrap().channel, "held");
        // scrollback: Up selects older lines, End follows again
        press(&mut a, &[KeyCode::Up, KeyCode::Up]);
        assert_eq!(a.trace.cursor_index(), Some(0));
        press(&mut a, &[KeyCode::Up]);
        assert_eq!(a.trace.cursor_index(), Some(0), "clamped at the oldest");
        press(&mut a, &[KeyCode::Enter]);
        assert!(a.trace.inspect);
        press(&mut a, &[KeyCode::Esc]);
        assert!(!a.trace.inspect);
        press(&mut a, &[KeyCode::End]);
        assert_eq!(a.trace.cursor, None);
        // Esc clears the filter
        press(&mut a, &[KeyCode::Esc]);
        assert!(a.trace.filter.is_none());
        assert_eq!(a.trace.matched.len(), a.trace.lines.len());
    }

    #[test]
    fn trace_scrollback_is_bounded() {
        let mut a = app();
        command(&mut a, "trace channel c");
        for i in 0..(TRACE_CAP + 5) {
            a.apply(Update::Trace(TraceUpdate::Event(
                serde_json::json!({"type":"publication","n": i}),
            )));
        }
        assert_eq!(a.trace.lines.len(), TRACE_CAP);
        assert_eq!(a.trace.matched.len(), TRACE_CAP);
        assert_eq!(a.trace.evicted, 5);
        assert_eq!(a.trace.received, TRACE_CAP as u64 + 5);
        assert!(a.trace.visible().next().unwrap().raw.contains("\"n\":5"));
    }
}

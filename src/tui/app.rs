//! The dashboard's state and the routing of everything that changes it: keys
//! ([`App::handle_key`]) and the collector's updates ([`App::apply`]). The app owns what all
//! views share (the keyboard mode, the server link, pause, the flash, the node info) and hands
//! keys and snapshot parts to the active view's module under `tui::view`, which owns that
//! view's state. No I/O and no clock: time comes in with the updates, so a test can build any
//! screen from fixed data. What the app wants from the server leaves as [`Request`]s
//! collected by [`App::take_requests`].
//!
//! Imports the collector's types and the views; never ratatui's rendering (that is `tui::ui`).

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

pub use super::collector::DownReason;
use super::collector::{Action, Request, Snapshot, TraceUpdate, Update, Watch};
use super::help;
use super::view::channels::Channels;
use super::view::connections::Connections;
use super::view::explain::Explain;
use super::view::overview::Overview;
use super::view::push::Push;
use super::view::ratelimits::RateLimits;
use super::view::trace::{Trace, TraceStatus, TRACE_CAP};
use super::view::users::Users;
use super::view::{Act, Env};
pub use super::view::{Level, Mode};
use crate::proto::api;
use crate::proto::ratelimit::{self, Patch};

/// How long a flash message stays, in ms of data time.
pub const FLASH_MS: u64 = 8_000;

/// The screens, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Overview,
    Channels,
    Connections,
    Trace,
    RateLimits,
    Users,
    Explain,
    Push,
}

impl View {
    pub const ALL: [View; 8] = [
        View::Overview,
        View::Channels,
        View::Connections,
        View::Trace,
        View::RateLimits,
        View::Users,
        View::Explain,
        View::Push,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Channels => "Channels",
            View::Connections => "Connections",
            View::Trace => "Trace",
            View::RateLimits => "Rate limits",
            View::Users => "Users",
            View::Explain => "Explain",
            View::Push => "Push",
        }
    }

    /// A short title, for tabs on a narrow terminal.
    pub fn short_title(self) -> &'static str {
        match self {
            View::Overview => "Over",
            View::Channels => "Chan",
            View::Connections => "Conn",
            View::Trace => "Trace",
            View::RateLimits => "Limits",
            View::Users => "Users",
            View::Explain => "Expl",
            View::Push => "Push",
        }
    }

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    fn next(self) -> Self {
        View::ALL[(self.index() + 1) % View::ALL.len()]
    }

    fn prev(self) -> Self {
        View::ALL[(self.index() + View::ALL.len() - 1) % View::ALL.len()]
    }
}

/// A one-line message about the last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub level: Level,
    pub at_ms: u64,
}

/// Whether the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No answer yet.
    Connecting,
    Up,
    Down {
        /// Unreachable, or it answered 401.
        reason: DownReason,
        error: String,
        hint: Option<String>,
        attempt: u32,
        retry_in: Duration,
        /// When the last attempt failed.
        at_ms: u64,
    },
}

/// What the dashboard was started with.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub context: Option<String>,
    pub server: String,
    pub refresh: Duration,
    /// Why editing is off (`--read-only`, or a read-only context); `None` when allowed.
    pub read_only: Option<String>,
    pub view: View,
}

/// The dashboard's state.
#[derive(Debug)]
pub struct App {
    pub settings: Settings,
    pub view: View,
    pub mode: Mode,
    pub link: Link,
    pub paused: bool,
    pub quit: bool,
    pub flash: Option<Flash>,
    /// Lines the help is scrolled down by (on narrow terminals it is one long column).
    pub help_scroll: u16,
    /// Data time: the newest timestamp the collector sent.
    pub now_ms: u64,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),

    pub info: Option<api::InfoResult>,
    /// When `info` was fetched (unix ms) and how long it took.
    pub info_at_ms: u64,
    pub latency_ms: u64,

    pub overview: Overview,
    pub channels: Channels,
    pub conns: Connections,
    pub trace: Trace,
    pub ratelimits: RateLimits,
    pub users: Users,
    pub explain: Explain,
    pub push: Push,

    /// Updates that arrived while paused (the newest snapshot, trace events).
    held_snapshot: Option<Box<Snapshot>>,
    held_trace: VecDeque<Value>,
    /// Trace events lost while paused because the hold queue was full.
    pub held_lost: u64,
    outbox: Vec<Request>,
    sent_watch: Option<Watch>,
}

impl App {
    pub fn new(settings: Settings) -> Self {
        let view = settings.view;
        let mut app = Self {
            settings,
            view,
            mode: Mode::Normal,
            link: Link::Connecting,
            paused: false,
            quit: false,
            flash: None,
            help_scroll: 0,
            now_ms: 0,
            size: (100, 30),
            info: None,
            info_at_ms: 0,
            latency_ms: 0,
            overview: Overview::default(),
            channels: Channels::default(),
            conns: Connections::default(),
            trace: Trace::default(),
            ratelimits: RateLimits::default(),
            users: Users::default(),
            explain: Explain::default(),
            push: Push::default(),
            held_snapshot: None,
            held_trace: VecDeque::new(),
            held_lost: 0,
            outbox: Vec::new(),
            sent_watch: None,
        };
        app.sync_watch();
        app
    }

    /// Requests for the collector since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.outbox)
    }

    /// Held updates while paused: (snapshot waiting, trace events waiting).
    pub fn held(&self) -> (bool, usize) {
        (self.held_snapshot.is_some(), self.held_trace.len())
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.size = (cols, rows);
    }

    /// What the views' `draw` may read besides their own state.
    pub fn env(&self) -> Env {
        Env {
            down: matches!(self.link, Link::Down { .. }),
            now_ms: self.info_at_ms,
            paused: self.paused,
            refresh: self.settings.refresh,
        }
    }

    /// The flash to show now, if it has not expired.
    pub fn current_flash(&self) -> Option<&Flash> {
        self.flash
            .as_ref()
            .filter(|f| self.now_ms.saturating_sub(f.at_ms) < FLASH_MS)
    }

    fn flash(&mut self, level: Level, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            level,
            at_ms: self.now_ms,
        });
    }

    /// Applies what a view's key handling asked for.
    fn act(&mut self, act: Act) {
        if let Some((level, text)) = act.flash {
            self.flash(level, text);
        }
        if let Some(m) = act.mode {
            self.mode = m;
        }
        self.outbox.extend(act.requests);
    }

    fn watch(&self) -> Watch {
        let on = |v: View| self.view == v;
        Watch {
            channels: on(View::Channels),
            channel: if on(View::Channels) {
                self.channels.open.clone()
            } else {
                None
            },
            conns: if on(View::Connections) {
                self.conns.query.clone()
            } else {
                None
            },
            ratelimit: on(View::RateLimits),
            users: if on(View::Users) {
                self.users.ids.clone()
            } else {
                Vec::new()
            },
            explain: if on(View::Explain) {
                self.explain.req.clone()
            } else {
                None
            },
            push: on(View::Push),
            push_user: if on(View::Push) {
                self.push.user.clone()
            } else {
                None
            },
        }
    }

    /// Queues a [`Request::Watch`] when what the screen needs changed.
    fn sync_watch(&mut self) {
        let w = self.watch();
        if self.sent_watch.as_ref() != Some(&w) {
            self.sent_watch = Some(w.clone());
            self.outbox.push(Request::Watch(w));
        }
    }

    // ------------------------------------------------------------------ updates

    /// Applies one update from the collector.
    pub fn apply(&mut self, u: Update) {
        match u {
            Update::Snapshot(s) => {
                self.now_ms = self.now_ms.max(s.at_ms);
                self.link = Link::Up;
                if self.paused && self.info.is_some() {
                    self.apply_new_questions(&s);
                    self.held_snapshot = Some(s);
                } else {
                    self.apply_snapshot(*s);
                }
            }
            Update::Down {
                at_ms,
                reason,
                error,
                hint,
                attempt,
                retry_in,
            } => {
                self.now_ms = self.now_ms.max(at_ms);
                self.link = Link::Down {
                    reason,
                    error,
                    hint,
                    attempt,
                    retry_in,
                    at_ms,
                };
            }
            Update::Trace(t) => self.apply_trace(t),
            Update::Done { ok, message } => {
                self.flash(if ok { Level::Ok } else { Level::Error }, message);
            }
        }
        self.sync_watch();
    }

    fn apply_snapshot(&mut self, s: Snapshot) {
        let Snapshot {
            at_ms,
            latency_ms,
            info,
            channels,
            channel,
            conns,
            ratelimit,
            users,
            blocks,
            explain,
            push,
            push_user,
        } = s;
        self.overview.record(&info);
        self.info = Some(info);
        self.info_at_ms = at_ms;
        self.latency_ms = latency_ms;
        if channels.is_some() {
            self.channels.list = channels;
        }
        if channel.is_some() {
            self.channels.detail = channel;
        }
        if conns.is_some() {
            self.conns.res = conns;
        }
        if ratelimit.is_some() {
            self.ratelimits.view = ratelimit;
        }
        if users.is_some() {
            self.users.status = users;
        }
        if let Some(b) = blocks {
            self.users.set_blocks(&b);
        }
        if explain.is_some() {
            self.explain.res = explain;
        }
        if push.is_some() {
            self.push.state = push;
        }
        if push_user.is_some() {
            self.push.lookup = push_user;
        }
    }

    /// While paused, answers to questions the screen shows no answer to yet (a channel just
    /// opened, a new `:conn` query) still apply: pausing freezes data, not navigation.
    fn apply_new_questions(&mut self, s: &Snapshot) {
        if self.channels.list.is_none() {
            self.channels.list.clone_from(&s.channels);
        }
        if let Some(d) = &s.channel {
            if self
                .channels
                .detail
                .as_ref()
                .is_none_or(|c| c.channel != d.channel)
            {
                self.channels.detail = Some(d.clone());
            }
        }
        if let Some((q, _)) = &s.conns {
            if self.conns.res.as_ref().is_none_or(|(old, _)| old != q) {
                self.conns.res.clone_from(&s.conns);
            }
        }
        if self.ratelimits.view.is_none() {
            self.ratelimits.view.clone_from(&s.ratelimit);
        }
        if let Some((u, _)) = &s.users {
            if self.users.status.as_ref().is_none_or(|(old, _)| old != u) {
                self.users.status.clone_from(&s.users);
            }
        }
        if let Some((r, _)) = &s.explain {
            if self.explain.res.as_ref().is_none_or(|(old, _)| old != r) {
                self.explain.res.clone_from(&s.explain);
            }
        }
        if self.push.state.is_none() {
            self.push.state.clone_from(&s.push);
        }
        if let Some((u, _)) = &s.push_user {
            if self.push.lookup.as_ref().is_none_or(|(old, _)| old != u) {
                self.push.lookup.clone_from(&s.push_user);
            }
        }
    }

    fn apply_trace(&mut self, t: TraceUpdate) {
        match t {
            TraceUpdate::Attached(target) => {
                if self.trace.target.as_ref() == Some(&target) {
                    self.trace.status = TraceStatus::Live;
                }
            }
            TraceUpdate::Event(ev) => {
                if self.trace.target.is_none() {
                    return;
                }
                if self.paused {
                    self.held_trace.push_back(ev);
                    while self.held_trace.len() > TRACE_CAP {
                        self.held_trace.pop_front();
                        self.held_lost += 1;
                    }
                } else {
                    self.trace.push(&ev);
                }
            }
            TraceUpdate::Lost {
                target,
                error,
                retry,
            } => {
                if self.trace.target.as_ref() == Some(&target) {
                    self.trace.status = TraceStatus::Lost { error, retry };
                }
            }
        }
    }

    fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        if paused {
            self.flash(Level::Info, "paused: updates are held until p");
            return;
        }
        if let Some(s) = self.held_snapshot.take() {
            self.apply_snapshot(*s);
        }
        let held = std::mem::take(&mut self.held_trace);
        let n = held.len();
        for ev in &held {
            self.trace.push(ev);
        }
        let lost = std::mem::take(&mut self.held_lost);
        self.flash(
            Level::Info,
            if lost > 0 {
                format!("resumed: {n} held trace events added, {lost} older ones lost")
            } else {
                format!("resumed: {n} held trace events added")
            },
        );
    }

    /// Rows a page moves: the table's height on this terminal.
    fn page(&self) -> i64 {
        i64::from(self.size.1.saturating_sub(10).max(1))
    }

    // ------------------------------------------------------------------ keys

    /// Handles one key press.
    pub fn handle_key(&mut self, k: KeyEvent) {
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.normal_key(k),
            Mode::Help => {
                let page = u16::try_from(self.page()).unwrap_or(1);
                match k.code {
                    KeyCode::Esc | KeyCode::Char('?' | 'q') => return self.sync_watch(),
                    KeyCode::Up | KeyCode::Char('k') => {
                        self.help_scroll = self.help_scroll.saturating_sub(1);
                    }
                    KeyCode::Down | KeyCode::Char('j') => {
                        self.help_scroll = self.help_scroll.saturating_add(1);
                    }
                    KeyCode::PageUp => self.help_scroll = self.help_scroll.saturating_sub(page),
                    KeyCode::PageDown => {
                        self.help_scroll = self.help_scroll.saturating_add(page);
                    }
                    KeyCode::Home => self.help_scroll = 0,
                    _ => {}
                }
                // never past the end: the help has the rows of the view (the screen but the
                // header, tabs, hints and status; a banner, when shown, takes a few more)
                let rows = self.size.1.saturating_sub(5);
                self.help_scroll = self.help_scroll.min(help::max_scroll(
                    self.settings.read_only.is_some(),
                    self.size.0,
                    rows,
                ));
                self.mode = Mode::Help;
            }
            Mode::Command(buf) => self.command_key(k, buf),
            Mode::Filter(buf) => self.filter_key(k, buf),
            Mode::Edit { key, old, buffer } => self.edit_key(k, key, old, buffer),
            Mode::Confirm { prompt, action } => match k.code {
                KeyCode::Char('y' | 'Y') => {
                    self.flash(Level::Info, "applying…");
                    self.outbox.push(Request::Act(action));
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => self.flash(Level::Info, "cancelled"),
                _ => self.mode = Mode::Confirm { prompt, action },
            },
        }
        self.sync_watch();
    }

    fn normal_key(&mut self, k: KeyEvent) {
        match k.code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('?') => self.open_help(),
            KeyCode::Char(':') => self.mode = Mode::Command(String::new()),
            KeyCode::Char('/') => self.start_filter(),
            KeyCode::Tab => self.switch(self.view.next()),
            KeyCode::BackTab => self.switch(self.view.prev()),
            KeyCode::Char(c @ '1'..='8') => {
                self.switch(View::ALL[usize::from(c as u8 - b'1')]);
            }
            KeyCode::Char('p') => self.set_paused(!self.paused),
            KeyCode::Esc => self.back(),
            KeyCode::Enter => self.enter(),
            KeyCode::Up | KeyCode::Char('k') => self.move_sel(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_sel(1),
            KeyCode::PageUp => self.move_sel(-self.page()),
            KeyCode::PageDown => self.move_sel(self.page()),
            KeyCode::Home | KeyCode::Char('g') => self.move_sel(i64::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.move_sel(i64::MAX / 2),
            KeyCode::Char(c) => self.view_key(c),
            _ => {}
        }
    }

    /// Keys that only mean something in one view go to that view.
    fn view_key(&mut self, c: char) {
        let mut act = Act::default();
        let ro = self.settings.read_only.as_deref();
        match self.view {
            View::Channels => self.channels.key(c),
            View::Connections => self.conns.key(c, ro, &mut act),
            View::Trace => self.trace.key(c, &mut act),
            View::RateLimits => self.ratelimits.key(c, ro, &mut act),
            View::Overview | View::Users | View::Explain | View::Push => {}
        }
        self.act(act);
    }

    fn open_help(&mut self) {
        self.help_scroll = 0;
        self.mode = Mode::Help;
    }

    /// Shows another view. The last action's message belongs to the view it was made in, so
    /// it goes.
    fn switch(&mut self, v: View) {
        if v != self.view {
            self.flash = None;
        }
        self.view = v;
    }

    fn move_sel(&mut self, delta: i64) {
        match self.view {
            View::Channels => self.channels.move_sel(delta),
            View::Connections => self.conns.move_sel(delta),
            View::Trace => self.trace.scroll(delta),
            View::RateLimits => self.ratelimits.move_sel(delta),
            View::Users => self.users.move_sel(delta),
            View::Push => self.push.move_sel(delta),
            View::Overview | View::Explain => {}
        }
    }

    fn back(&mut self) {
        match self.view {
            View::Channels => {
                self.channels.back();
            }
            View::Connections => {
                self.conns.back();
            }
            View::Trace => {
                self.trace.back();
            }
            View::RateLimits => {
                self.ratelimits.back();
            }
            View::Push => {
                self.push.back();
            }
            View::Overview | View::Users | View::Explain => {}
        }
    }

    fn enter(&mut self) {
        let mut act = Act::default();
        match self.view {
            View::Channels => self.channels.enter(&mut act),
            View::Connections => self.conns.enter(&mut act),
            View::Trace => self.trace.enter(&mut act),
            View::RateLimits => self
                .ratelimits
                .edit(self.settings.read_only.as_deref(), &mut act),
            View::Users => Users::enter(&mut act),
            View::Explain => Explain::enter(&mut act),
            View::Push => Push::enter(&mut act),
            View::Overview => {}
        }
        self.act(act);
    }

    fn start_filter(&mut self) {
        let current = match self.view {
            View::Channels => self.channels.filter.clone(),
            View::Connections => self.conns.filter.clone(),
            View::Trace => self
                .trace
                .filter
                .as_ref()
                .map(|f| f.source().to_string())
                .unwrap_or_default(),
            View::RateLimits => self.ratelimits.filter.clone(),
            _ => {
                self.flash(Level::Info, format!("{} has no filter", self.view.title()));
                return;
            }
        };
        self.mode = Mode::Filter(current);
    }

    /// Applies a key to a text buffer being typed.
    fn type_into(k: KeyEvent, buf: &mut String) -> Typed {
        match k.code {
            KeyCode::Enter => Typed::Done,
            KeyCode::Esc => Typed::Cancel,
            KeyCode::Backspace => {
                buf.pop();
                Typed::Editing
            }
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                buf.clear();
                Typed::Editing
            }
            KeyCode::Char(c) => {
                buf.push(c);
                Typed::Editing
            }
            _ => Typed::Editing,
        }
    }

    fn command_key(&mut self, k: KeyEvent, mut buf: String) {
        match Self::type_into(k, &mut buf) {
            Typed::Editing => self.mode = Mode::Command(buf),
            Typed::Cancel => {}
            Typed::Done => self.run_command(&buf),
        }
    }

    fn filter_key(&mut self, k: KeyEvent, mut buf: String) {
        match Self::type_into(k, &mut buf) {
            Typed::Cancel => {}
            Typed::Editing => {
                // plain filters follow the typing; the trace filter applies on Enter
                match self.view {
                    View::Channels => self.channels.set_filter(&buf),
                    View::Connections => self.conns.set_filter(&buf),
                    View::RateLimits => self.ratelimits.set_filter(&buf),
                    _ => {}
                }
                self.mode = Mode::Filter(buf);
            }
            Typed::Done => {
                if self.view == View::Trace {
                    let mut act = Act::default();
                    self.trace.apply_filter(buf, &mut act);
                    self.act(act);
                }
            }
        }
    }

    fn edit_key(&mut self, k: KeyEvent, key: String, old: String, mut buffer: String) {
        match Self::type_into(k, &mut buffer) {
            Typed::Editing => self.mode = Mode::Edit { key, old, buffer },
            Typed::Cancel => self.flash(Level::Info, "cancelled"),
            Typed::Done => match ratelimit::parse_buckets(buffer.trim()) {
                Ok(b) => {
                    let new = ratelimit::format_buckets(&b);
                    let prompt = format!(
                        "set {key}: {} → {new} on the live server?",
                        if old.is_empty() { "-" } else { &old }
                    );
                    self.mode = Mode::Confirm {
                        prompt,
                        action: Action::RateLimit(Patch {
                            set: BTreeMap::from([(key, b)]),
                            ..Patch::default()
                        }),
                    };
                }
                Err(e) => {
                    self.flash(Level::Error, format!("{e} (e.g. 10/1s or 60/1s,1000/1m)"));
                    self.mode = Mode::Edit { key, old, buffer };
                }
            },
        }
    }

    // ------------------------------------------------------------------ commands

    /// Runs a `:` command line.
    pub fn run_command(&mut self, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((cmd, args)) = words.split_first() else {
            return;
        };
        match *cmd {
            "q" | "q!" | "quit" | "exit" => self.quit = true,
            "help" | "h" => self.open_help(),
            "overview" | "ov" | "nodes" | "node" => self.switch(View::Overview),
            "channels" | "channel" | "ch" => {
                self.switch(View::Channels);
                if let Some(f) = args.first() {
                    self.channels.set_filter(f);
                }
            }
            "conn" | "conns" | "connections" => {
                self.switch(View::Connections);
                let mut act = Act::default();
                self.conns.command(args, &mut act);
                self.act(act);
            }
            "trace" | "tr" => {
                self.switch(View::Trace);
                let mut act = Act::default();
                self.trace.command(args, &mut act);
                self.act(act);
            }
            "ratelimits" | "ratelimit" | "rl" => self.switch(View::RateLimits),
            "users" | "user" | "status" => {
                self.switch(View::Users);
                let mut act = Act::default();
                self.users.command(args, &mut act);
                self.act(act);
            }
            "explain" | "ex" => {
                self.switch(View::Explain);
                let mut act = Act::default();
                self.explain.command(args, &mut act);
                self.act(act);
            }
            "push" => {
                self.switch(View::Push);
                let mut act = Act::default();
                self.push.command(args, &mut act);
                self.act(act);
            }
            "pause" => self.set_paused(true),
            "resume" => self.set_paused(false),
            other => self.flash(
                Level::Error,
                format!("unknown command :{other} (? lists them all)"),
            ),
        }
    }
}

/// What a key did to a text buffer.
enum Typed {
    Editing,
    Done,
    Cancel,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests;

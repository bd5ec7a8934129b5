//! Drawing: [`render`] is a pure function of the [`App`] and the frame size. It does no I/O
//! and reads no clock (times shown are data times the collector stamped), so every screen can
//! be snapshot-tested on ratatui's `TestBackend`.
//!
//! Layout (k9s): a two-line header, the view tabs, an unreachable banner when the server does
//! not answer, the view, a key-hint line, and one line for the prompt or the last flash.
//!
//! Imports the app's state; never the collector's I/O.

use std::collections::VecDeque;
use std::fmt::Write as _;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, RenderDirection, Row, Sparkline, Table, TableState, Wrap,
};
use ratatui::Frame;
use serde_json::Value;

use super::app::{
    App, ChanSort, DownReason, Level, Link, Mode, Presence, Section, Series, TraceLine,
    TraceStatus, View, BINDINGS,
};
use crate::output::{human_secs, node_cells, rate, user_status_cells, CheckMark};
use crate::proto::api;

const DIM: Style = Style::new().fg(Color::DarkGray);
const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const HEADER_ROW: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
const MARK: &str = "▶ ";

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
    match app.view {
        View::Overview => render_overview(app, f, main),
        View::Channels => render_channels(app, f, main),
        View::Connections => render_connections(app, f, main),
        View::Trace => render_trace(app, f, main),
        View::RateLimits => render_ratelimits(app, f, main),
        View::Users => render_users(app, f, main),
        View::Explain => render_explain(app, f, main),
    }
    f.render_widget(Paragraph::new(hint_line(app)).style(DIM), hints);
    f.render_widget(Paragraph::new(status_line(app)), status);
    if app.mode == Mode::Help {
        render_help(app, f, main);
    }
}

// ---------------------------------------------------------------------- helpers

/// `HH:MM:SS` (UTC) of unix ms.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60)
}

/// `HH:MM:SS.mmm` (UTC) of unix ms.
fn clock_ms(ms: u64) -> String {
    format!("{}.{:03}", clock(ms), ms % 1000)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The first `n` characters of an ID.
fn short(id: &str, n: usize) -> String {
    id.chars().take(n).collect()
}

/// A text sparkline of the newest `width` values (for table cells).
fn spark_text(values: &VecDeque<f64>, width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let skip = values.len().saturating_sub(width);
    let tail: Vec<f64> = values.iter().skip(skip).copied().collect();
    let max = tail.iter().copied().fold(0.0_f64, f64::max);
    tail.iter()
        .map(|v| {
            if max <= 0.0 {
                BARS[0]
            } else {
                BARS[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

fn titled(title: impl Into<Line<'static>>) -> Block<'static> {
    Block::default().borders(Borders::ALL).title(title.into())
}

fn placeholder(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    f.render_widget(
        Paragraph::new(lines)
            .block(titled(format!(" {title} ")))
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn error_text(e: &str) -> Line<'static> {
    Line::styled(e.to_string(), Style::new().fg(Color::Red))
}

/// What a view shows before its first answer.
fn loading(app: &App) -> Line<'static> {
    match app.link {
        Link::Down { .. } => Line::styled("waiting for the server…", DIM),
        _ => Line::styled("loading…", DIM),
    }
}

/// Selection state for a table of `len` rows.
fn table_state(selected: usize, len: usize) -> TableState {
    TableState::default().with_selected((len > 0).then_some(selected))
}

// ---------------------------------------------------------------------- chrome

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
    let mut l1 = vec![
        Span::styled(
            " centri dash ",
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(" context "),
        Span::styled(
            app.settings
                .context
                .clone()
                .unwrap_or_else(|| "(none)".into()),
            BOLD,
        ),
        sep(),
        Span::styled(app.settings.server.clone(), BOLD),
        sep(),
        Span::raw(format!("server {version}")),
        sep(),
        Span::raw(if app.info.is_some() {
            format!(
                "{} node{}",
                nodes.len(),
                if nodes.len() == 1 { "" } else { "s" }
            )
        } else {
            "- nodes".into()
        }),
        sep(),
        Span::raw(format!(
            "up {}",
            uptime.map_or_else(|| "-".into(), |u| human_secs(u64::from(u)))
        )),
    ];
    if app.settings.read_only.is_some() {
        l1.push(Span::raw("  "));
        l1.push(Span::styled(
            " READ-ONLY ",
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ));
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

fn render_tabs(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for (i, v) in View::ALL.iter().enumerate() {
        let label = format!("{} {}", i + 1, v.title());
        if *v == app.view {
            spans.push(Span::styled(
                format!("[{label}]"),
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
            ));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
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

fn hint_line(app: &App) -> String {
    let ro = app.settings.read_only.is_some();
    let s = match &app.mode {
        Mode::Help => "Esc / ? close the help",
        Mode::Command(_) => "Enter run  Esc cancel  ·  trace user ID | trace channel CH | conn user=ID | users IDS | explain OP USER CH | q",
        Mode::Filter(_) if app.view == View::Trace => "Enter apply  Esc cancel  ·  e.g. type == \"denied\" || channel ~ \"chat:*\"",
        Mode::Filter(_) => "filters as you type  Enter keep  Esc cancel",
        Mode::Edit { .. } => "Enter continue  Esc cancel  ·  RATE/INTERVAL, comma-separated: 10/1s or 60/1s,1000/1m",
        Mode::Confirm { .. } => "y apply  n / Esc cancel",
        Mode::Normal => match app.view {
            View::Overview => "Tab views  : command  p pause  ? help  q quit",
            View::Channels if app.chan_open.is_some() => "Esc back  p pause  ? help",
            View::Channels => "↑↓ select  Enter presence+history  / filter  s sort  p pause  ? help",
            View::Connections if ro => ":conn user=ID | label=k=v | all  ↑↓ select  Enter details  / filter  (read-only: x off)  ? help",
            View::Connections => ":conn user=ID | label=k=v | all  ↑↓ select  Enter details  x disconnect  / filter  ? help",
            View::Trace => ":trace user ID  ↑↓ scroll  End follow  Enter JSON  / filter  p pause  c clear  ? help",
            View::RateLimits if ro => "↑↓ select  / filter  (read-only: e edit, d dry-run, x remove are off)  ? help",
            View::RateLimits => "↑↓ select  e edit  d dry-run  x remove live edit  / filter  ? help",
            View::Users => ":users 1,2,3  ↑↓ select  Enter new lookup  ? help",
            View::Explain => ":explain subscribe 42 chat:index  Enter new  ? help",
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

/// Clears the area under a popup at `pop`, with a one-cell margin (inside `within`) so that
/// nothing underneath shows between the popup's border and its surroundings.
fn clear_under(f: &mut Frame, pop: Rect, within: Rect) {
    let x = pop.x.saturating_sub(1).max(within.x);
    let y = pop.y.saturating_sub(1).max(within.y);
    let right = (pop.right() + 1).min(within.right());
    let bottom = (pop.bottom() + 1).min(within.bottom());
    f.render_widget(
        Clear,
        Rect::new(x, y, right.saturating_sub(x), bottom.saturating_sub(y)),
    );
}

/// A centered rectangle of at most `w`×`h` inside `area`.
fn popup(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

fn render_help(app: &App, f: &mut Frame, area: Rect) {
    let ro = app.settings.read_only.is_some();
    let table = |sections: &[Section]| {
        // the widest key, its leading space and a gap: keys never run into what they do
        let key_w = sections
            .iter()
            .flat_map(|(_, b)| b.iter().map(|(k, _, _)| k.chars().count()))
            .max()
            .unwrap_or(0)
            + 2;
        let key_w = u16::try_from(key_w).unwrap_or(u16::MAX);
        let mut rows = Vec::new();
        for (title, binds) in sections {
            rows.push(Row::new(vec![(*title).to_string(), String::new()]).style(HEADER_ROW));
            for (k, what, mutating) in *binds {
                let (text, style) = match (*mutating, ro) {
                    (false, _) => ((*what).to_string(), Style::new()),
                    (true, false) => (format!("{what} ✎"), Style::new()),
                    (true, true) => (format!("{what} ✎ off"), DIM),
                };
                rows.push(Row::new(vec![format!(" {k}"), text]).style(style));
            }
        }
        Table::new(rows, [Constraint::Length(key_w), Constraint::Fill(1)])
    };
    f.render_widget(Clear, area);
    let footer = if ro {
        " ✎ changes the server: off in read-only mode "
    } else {
        " ✎ changes the server, after a y/N prompt; --read-only turns these keys off "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Cyan))
        .title(" Help: every key · Esc closes ")
        .title_bottom(footer);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let n = BINDINGS.len();
    let left = &BINDINGS[..1.min(n)];
    let right = &BINDINGS[1.min(n)..n.saturating_sub(1).max(1)];
    let bottom = &BINDINGS[n.saturating_sub(1).max(1)..];
    let height = |s: &[Section]| {
        u16::try_from(s.iter().map(|(_, b)| b.len() + 1).sum::<usize>()).unwrap_or(u16::MAX)
    };
    let [top, cmds] = Layout::vertical([
        Constraint::Length(height(left).max(height(right))),
        Constraint::Min(0),
    ])
    .areas(inner);
    let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(2)
        .areas(top);
    f.render_widget(table(left), l);
    f.render_widget(table(right), r);
    f.render_widget(table(bottom), cmds);
}

// ---------------------------------------------------------------------- overview

fn render_overview(app: &App, f: &mut Frame, area: Rect) {
    let Some(info) = &app.info else {
        placeholder(f, area, "Overview", vec![loading(app)]);
        return;
    };
    let table_h = u16::try_from(info.nodes.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Min(0)]).areas(area);
    let trend_w = 12;
    let mut rows: Vec<Row> = info
        .nodes
        .iter()
        .map(|n| {
            let trend = app
                .nodes
                .get(&n.name)
                .map(|s| spark_text(&s.msg_out, trend_w))
                .unwrap_or_default();
            let mut cells = node_cells(n);
            cells.push(trend);
            Row::new(cells)
        })
        .collect();
    let sum = |g: fn(&api::NodeInfo) -> u32| info.nodes.iter().map(g).sum::<u32>().to_string();
    let total_rate = |item: &str| {
        let r: Vec<f64> = info.nodes.iter().filter_map(|n| n.rate(item)).collect();
        rate((!r.is_empty()).then(|| r.iter().sum()))
    };
    rows.push(
        Row::new(vec![
            "TOTAL".to_string(),
            sum(|n| n.num_clients),
            sum(|n| n.num_users),
            sum(|n| n.num_channels),
            sum(|n| n.num_subs),
            String::new(),
            total_rate(api::ITEM_PUBLICATIONS_IN),
            total_rate(api::ITEM_MESSAGES_OUT),
            String::new(),
            String::new(),
            spark_text(&app.total.msg_out, trend_w),
        ])
        .style(BOLD),
    );
    let widths = [
        Constraint::Min(9),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Length(12),
    ];
    let header = Row::new(vec![
        "NODE",
        "CLIENTS",
        "USERS",
        "CHANNELS",
        "SUBS",
        "UPTIME",
        "PUB IN/S",
        "MSG OUT/S",
        "CPU",
        "RSS",
        "OUT/S TREND",
    ])
    .style(HEADER_ROW);
    f.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(titled(" Nodes ")),
        top,
    );
    let [a, b, c] = Layout::vertical([
        Constraint::Ratio(1, 3),
        Constraint::Ratio(1, 3),
        Constraint::Ratio(1, 3),
    ])
    .areas(bottom);
    let window = app.total.clients.len() as u32;
    let span = humantime::format_duration(app.settings.refresh.saturating_mul(window));
    let per_sec = |v: f64| rate(Some(v));
    let count = |v: f64| format!("{v:.0}");
    spark(
        f,
        a,
        "messages in/s (publications received)",
        &app.total,
        |s| &s.pub_in,
        &span,
        per_sec,
    );
    spark(
        f,
        b,
        "messages out/s (delivered to clients)",
        &app.total,
        |s| &s.msg_out,
        &span,
        per_sec,
    );
    spark(f, c, "clients", &app.total, |s| &s.clients, &span, count);
}

fn spark(
    f: &mut Frame,
    area: Rect,
    title: &str,
    series: &Series,
    pick: fn(&Series) -> &VecDeque<f64>,
    span: &humantime::FormattedDuration,
    show: fn(f64) -> String,
) {
    if area.height < 3 {
        return;
    }
    let values = pick(series);
    let now = values.back().copied().unwrap_or(0.0);
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let width = usize::from(area.width.saturating_sub(2));
    // newest at the right edge: newest first, drawn right to left
    let data: Vec<u64> = values
        .iter()
        .rev()
        .take(width)
        .map(|v| (v * 100.0).round() as u64)
        .collect();
    let block = titled(Line::from(vec![
        Span::styled(format!(" {title} "), BOLD),
        Span::raw(format!(
            "now {} · max {} · last {span} ",
            show(now),
            show(max)
        )),
    ]));
    f.render_widget(
        Sparkline::default()
            .block(block)
            .data(&data)
            .max(data.iter().copied().max().unwrap_or(0).max(1))
            .direction(RenderDirection::RightToLeft)
            .style(Style::new().fg(Color::Cyan)),
        area,
    );
}

// ---------------------------------------------------------------------- channels

fn render_channels(app: &App, f: &mut Frame, area: Rect) {
    if let Some(open) = &app.chan_open {
        render_channel_detail(app, f, area, open);
        return;
    }
    let res = match &app.channels {
        None => return placeholder(f, area, "Channels", vec![loading(app)]),
        Some(Err(e)) => return placeholder(f, area, "Channels", vec![error_text(e)]),
        Some(Ok(r)) => r,
    };
    let rows = app.channel_rows();
    let mut title = format!(
        " Channels ({} of {}) · sort: {} (s) ",
        rows.len(),
        res.channels.len(),
        match app.chan_sort {
            ChanSort::Subscribers => "subscribers",
            ChanSort::Name => "name",
        }
    );
    if !app.chan_filter.is_empty() {
        let _ = write!(title, "· filter: {} ", app.chan_filter);
    }
    if rows.is_empty() {
        let msg = if res.channels.is_empty() {
            "no channel has subscribers right now"
        } else {
            "no channel matches the filter (Esc clears it)"
        };
        return placeholder(f, area, title.trim(), vec![Line::styled(msg, DIM)]);
    }
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|(n, c)| Row::new(vec![(*n).to_string(), c.to_string()]))
        .collect();
    let len = table_rows.len();
    let table = Table::new(table_rows, [Constraint::Fill(1), Constraint::Length(12)])
        .header(Row::new(vec!["CHANNEL", "SUBSCRIBERS"]).style(HEADER_ROW))
        .block(titled(title))
        .row_highlight_style(SELECTED)
        .highlight_symbol(MARK);
    f.render_stateful_widget(
        table,
        area,
        &mut table_state(app.selected(View::Channels), len),
    );
}

fn render_channel_detail(app: &App, f: &mut Frame, area: Rect, open: &str) {
    let subscribers = match &app.channels {
        Some(Ok(r)) => r.channels.get(open).map_or_else(
            || "0 subscribers".into(),
            |c| format!("{} subscribers", c.num_clients),
        ),
        _ => String::new(),
    };
    let block = titled(format!(" {open} · {subscribers} · Esc back "));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(d) = app.channel_detail() else {
        f.render_widget(Paragraph::new(loading(app)), inner);
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(inner);
    match &d.presence {
        Err(e) => f.render_widget(
            Paragraph::new(vec![Line::styled("Presence", BOLD), error_text(e)])
                .wrap(Wrap { trim: false }),
            left,
        ),
        Ok(p) => {
            let rows: Vec<Row> = p
                .presence
                .values()
                .map(|c| Row::new(vec![c.user.clone(), c.client.clone()]))
                .collect();
            let n = rows.len();
            f.render_widget(
                Table::new(rows, [Constraint::Length(12), Constraint::Fill(1)])
                    .header(Row::new(vec!["USER", "CLIENT"]).style(HEADER_ROW))
                    .block(
                        Block::default()
                            .borders(Borders::RIGHT)
                            .title(format!("Presence ({n})")),
                    ),
                left,
            );
        }
    }
    match &d.history {
        Err(e) => f.render_widget(
            Paragraph::new(vec![Line::styled("History", BOLD), error_text(e)])
                .wrap(Wrap { trim: false }),
            right,
        ),
        Ok(h) => {
            let rows: Vec<Row> = h
                .publications
                .iter()
                .map(|p| {
                    Row::new(vec![
                        p.offset.to_string(),
                        p.info
                            .as_ref()
                            .map_or_else(|| "api".into(), |i| i.user.clone()),
                        p.data.get().to_string(),
                    ])
                })
                .collect();
            f.render_widget(
                Table::new(
                    rows,
                    [
                        Constraint::Length(7),
                        Constraint::Length(8),
                        Constraint::Fill(1),
                    ],
                )
                .header(Row::new(vec!["OFFSET", "FROM", "DATA"]).style(HEADER_ROW))
                .block(Block::default().title(format!(
                    " History, newest first (offset {}, epoch {})",
                    h.offset, h.epoch
                ))),
                right,
            );
        }
    }
}

// ---------------------------------------------------------------------- connections

fn render_connections(app: &App, f: &mut Frame, area: Rect) {
    let Some(q) = &app.conn_query else {
        return placeholder(
            f,
            area,
            "Connections",
            vec![
                Line::from("Which connections? Type one of:"),
                Line::from(""),
                Line::styled("  :conn user=42            a user's connections", BOLD),
                Line::styled(
                    "  :conn label=app=web      by token label (label=k!=v, label=k)",
                    BOLD,
                ),
                Line::styled("  :conn all                every connection", BOLD),
            ],
        );
    };
    let title = format!(" Connections · {} ", q.describe());
    let res = match &app.conns {
        Some((got, r)) if got == q => r,
        _ => return placeholder(f, area, title.trim(), vec![loading(app)]),
    };
    let res = match res {
        Err(e) => return placeholder(f, area, title.trim(), vec![error_text(e)]),
        Ok(r) => r,
    };
    if let Some(open) = &app.conn_open {
        render_conn_detail(app, f, area, open, res);
        return;
    }
    let rows = app.conn_rows();
    let mut title = format!(
        " Connections · {} ({} of {}) ",
        q.describe(),
        rows.len(),
        res.connections.len()
    );
    if !app.conn_filter.is_empty() {
        let _ = write!(title, "· filter: {} ", app.conn_filter);
    }
    if rows.is_empty() {
        return placeholder(
            f,
            area,
            title.trim(),
            vec![Line::styled("no live connection matches", DIM)],
        );
    }
    let now = app.info_at_ms;
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|(id, c)| {
            Row::new(vec![
                short(id, 8),
                c.user.clone(),
                if c.app_name.is_empty() {
                    "-".into()
                } else {
                    format!("{} {}", c.app_name, c.app_version)
                        .trim()
                        .to_string()
                },
                c.transport.clone(),
                human_secs(
                    now.saturating_sub(u64::try_from(c.connected_at_ms).unwrap_or(0)) / 1000,
                ),
                if c.ping_pong_latency_ms < 0 {
                    "-".into()
                } else {
                    format!("{}ms", c.ping_pong_latency_ms)
                },
                c.state.channels.len().to_string(),
                c.labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(","),
            ])
        })
        .collect();
    let len = table_rows.len();
    let table = Table::new(
        table_rows,
        [
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Length(14),
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new(vec![
            "CLIENT",
            "USER",
            "APP",
            "TRANSPORT",
            "AGE",
            "RTT",
            "SUBS",
            "LABELS",
        ])
        .style(HEADER_ROW),
    )
    .block(titled(title))
    .row_highlight_style(SELECTED)
    .highlight_symbol(MARK);
    f.render_stateful_widget(
        table,
        area,
        &mut table_state(app.selected(View::Connections), len),
    );
}

fn render_conn_detail(
    app: &App,
    f: &mut Frame,
    area: Rect,
    id: &str,
    res: &api::ConnectionsResult,
) {
    let Some(c) = res.connections.get(id) else {
        return placeholder(
            f,
            area,
            &format!("{id} · Esc back"),
            vec![Line::styled("the connection is gone", DIM)],
        );
    };
    let pairs = crate::output::connection_pairs(id, c, app.info_at_ms);
    let key_w = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(40)
        + 2;
    let lines: Vec<Line> = pairs
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_w$}"), Style::new().fg(Color::Yellow)),
                Span::raw(v),
            ])
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines)
            .block(titled(format!(" Connection {} · Esc back ", short(id, 8))))
            .wrap(Wrap { trim: false }),
        area,
    );
}

// ---------------------------------------------------------------------- trace

fn kind_style(kind: &str) -> Style {
    match kind {
        "denied" | "disconnect" | "dropped" => Style::new().fg(Color::Red),
        "publication" | "push" => Style::new().fg(Color::Green),
        "connect" | "subscribe" | "join" => Style::new().fg(Color::Cyan),
        "unsubscribe" | "leave" => Style::new().fg(Color::Magenta),
        _ => Style::new(),
    }
}

fn trace_line(l: &TraceLine, selected: bool) -> Line<'static> {
    let arrow = match l.direction.as_str() {
        "in" => "→",
        "out" => "←",
        _ => "·",
    };
    let who = match (l.user.as_str(), l.client.as_str()) {
        ("", "") => String::new(),
        (u, "") => format!("user {u}"),
        (u, c) => format!("user {u} {}", short(c, 8)),
    };
    let line = Line::from(vec![
        Span::raw(if selected { MARK } else { "  " }),
        Span::styled(l.time_ms.map_or_else(|| " ".repeat(12), clock_ms), DIM),
        Span::raw(format!(" {arrow} ")),
        Span::styled(format!("{:<12}", l.kind), kind_style(&l.kind)),
        Span::raw(format!(" {who:<22} {:<16} ", l.channel)),
        Span::styled(l.detail.clone(), DIM),
    ]);
    if selected {
        line.style(SELECTED)
    } else {
        line
    }
}

fn render_trace(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.trace;
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
        TraceStatus::Live if app.paused => Span::styled(
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
    for seq in t.matched.range(start..end) {
        if let Some(line) = t.line(*seq) {
            lines.push(trace_line(line, cursor == Some(*seq)));
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

// ---------------------------------------------------------------------- rate limits

fn render_ratelimits(app: &App, f: &mut Frame, area: Rect) {
    let v = match &app.ratelimit {
        None => return placeholder(f, area, "Rate limits", vec![loading(app)]),
        Some(Err(e)) => return placeholder(f, area, "Rate limits", vec![error_text(e)]),
        Some(Ok(v)) => v,
    };
    let hits_h = if v.recent_hits.is_empty() {
        3
    } else {
        (area.height / 3).max(5)
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(hits_h)]).areas(area);
    let rows = app.rl_rows();
    let mut title = format!(" Rate limits · generation {} ", v.generation);
    if !v.state_file.is_empty() {
        let _ = write!(title, "· live edits persist in {} ", v.state_file);
    }
    if !app.rl_filter.is_empty() {
        let _ = write!(title, "· filter: {} ", app.rl_filter);
    }
    if rows.is_empty() {
        placeholder(
            f,
            top,
            title.trim(),
            vec![Line::styled(
                if v.entries.is_empty() {
                    "no rate limits configured (client.rate_limit in the server config)"
                } else {
                    "no key matches the filter (Esc clears it)"
                },
                DIM,
            )],
        );
    } else {
        let table_rows: Vec<Row> = rows
            .iter()
            .map(|e| {
                let r = Row::new(vec![
                    e.key.clone(),
                    if e.buckets.is_empty() {
                        "-".into()
                    } else {
                        e.buckets.clone()
                    },
                    yes_no(e.enabled).to_string(),
                    e.source.clone(),
                    yes_no(e.dry_run).to_string(),
                ]);
                if e.dry_run {
                    r.style(Style::new().fg(Color::Yellow))
                } else {
                    r
                }
            })
            .collect();
        let len = table_rows.len();
        let table = Table::new(
            table_rows,
            [
                Constraint::Fill(1),
                Constraint::Length(18),
                Constraint::Length(8),
                Constraint::Length(7),
                Constraint::Length(8),
            ],
        )
        .header(Row::new(vec!["KEY", "BUCKETS", "ENABLED", "SOURCE", "DRY-RUN"]).style(HEADER_ROW))
        .block(titled(title))
        .row_highlight_style(SELECTED)
        .highlight_symbol(MARK);
        f.render_stateful_widget(
            table,
            top,
            &mut table_state(app.selected(View::RateLimits), len),
        );
    }
    if v.recent_hits.is_empty() {
        placeholder(
            f,
            bottom,
            "Recent hits",
            vec![Line::styled("no rejections yet", DIM)],
        );
        return;
    }
    let fit = usize::from(bottom.height.saturating_sub(3));
    let skip = v.recent_hits.len().saturating_sub(fit);
    let hit_rows: Vec<Row> = v.recent_hits[skip..]
        .iter()
        .map(|h| {
            Row::new(vec![
                clock(h.time_ms),
                h.limiter.clone(),
                h.op.clone(),
                h.namespace.clone(),
                h.rule.clone(),
                h.user.clone(),
                short(&h.client, 8),
                if h.dry_run {
                    "would reject"
                } else {
                    "rejected"
                }
                .to_string(),
            ])
        })
        .collect();
    f.render_widget(
        Table::new(
            hit_rows,
            [
                Constraint::Length(8),
                Constraint::Length(14),
                Constraint::Length(9),
                Constraint::Length(7),
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(8),
                Constraint::Length(12),
            ],
        )
        .header(
            Row::new(vec![
                "TIME", "LIMITER", "OP", "NS", "RULE", "USER", "CLIENT", "OUTCOME",
            ])
            .style(HEADER_ROW),
        )
        .block(titled(format!(
            " Recent hits, newest last ({} kept) ",
            v.recent_hits.len()
        ))),
        bottom,
    );
}

// ---------------------------------------------------------------------- users

fn render_users(app: &App, f: &mut Frame, area: Rect) {
    if app.users.is_empty() {
        return placeholder(
            f,
            area,
            "Users",
            vec![
                Line::from("Whose status? Type:"),
                Line::from(""),
                Line::styled("  :users 42             one user", BOLD),
                Line::styled("  :users 1,2,3          several (up to 1000)", BOLD),
                Line::from(""),
                Line::styled(
                    "online = seen connected within 60s and active within 5m; away = connected, not active; needs user_status.enabled",
                    DIM,
                ),
            ],
        );
    }
    let title = format!(
        " Users · {} · online: connected within 60s and active within 5m ",
        app.users.len()
    );
    let res = match app.user_rows() {
        None => return placeholder(f, area, title.trim(), vec![loading(app)]),
        Some(Err(e)) => return placeholder(f, area, title.trim(), vec![error_text(e)]),
        Some(Ok(r)) => r,
    };
    let now = i64::try_from(app.info_at_ms / 1000).unwrap_or(i64::MAX);
    let rows: Vec<Row> = res
        .statuses
        .iter()
        .map(|s| {
            let p = super::app::presence_of(s, now);
            let style = match p {
                Presence::Online => Style::new().fg(Color::Green),
                Presence::Away => Style::new().fg(Color::Yellow),
                Presence::Offline => DIM,
            };
            Row::new(user_status_cells(s, p, now)).style(style)
        })
        .collect();
    let len = rows.len();
    f.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(8),
                Constraint::Length(14),
                Constraint::Length(14),
                Constraint::Fill(1),
            ],
        )
        .header(Row::new(vec!["USER", "STATUS", "ONLINE", "ACTIVE", "STATE"]).style(HEADER_ROW))
        .block(titled(title))
        .row_highlight_style(SELECTED)
        .highlight_symbol(MARK),
        area,
        &mut table_state(app.selected(View::Users), len),
    );
}

// ---------------------------------------------------------------------- explain

fn render_explain(app: &App, f: &mut Frame, area: Rect) {
    let Some(req) = &app.explain else {
        return placeholder(
            f,
            area,
            "Explain",
            vec![
                Line::from("Why may (or may not) a user do something on a channel? Type:"),
                Line::from(""),
                Line::styled("  :explain subscribe 42 chat:index", BOLD),
                Line::styled("  :explain publish 42 chat:index", BOLD),
                Line::styled("  :explain history - news:1          (- = anonymous)", BOLD),
                Line::from(""),
                Line::styled(
                    "The server runs its own permission checks and shows each, with the one that decided.",
                    DIM,
                ),
            ],
        );
    };
    let user = if req.user.is_empty() {
        "(anonymous)".to_string()
    } else {
        format!("{:?}", req.user)
    };
    let title = format!(" Explain · {} {:?} for user {user} ", req.op, req.channel);
    let r = match app.explain_result() {
        None => return placeholder(f, area, title.trim(), vec![loading(app)]),
        Some(Err(e)) => return placeholder(f, area, title.trim(), vec![error_text(e)]),
        Some(Ok(r)) => r,
    };
    let block = titled(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let verdict = if r.allowed {
        Span::styled(
            " ALLOWED ",
            Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(
            format!(" DENIED: {} {} ", r.code, r.message),
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        )
    };
    let ns = crate::output::explain_namespace(r);
    let mut inputs = format!("token: {}", r.inputs.token);
    if r.inputs.caps > 0 {
        let _ = write!(inputs, " ({} caps)", r.inputs.caps);
    }
    let _ = write!(inputs, ", subscription token: {}", r.inputs.sub_token);
    if r.op != "subscribe" {
        let _ = write!(
            inputs,
            ", subscribed: {} ({})",
            r.inputs.subscribed, r.inputs.subscribed_from
        );
    }
    let head = vec![
        Line::from(vec![Span::raw("verdict   "), verdict]),
        Line::from(format!("namespace  {ns}")),
        Line::from(format!("inputs     {inputs}")),
    ];
    let hint_h = 1 + u16::from(!r.hint.is_empty()) * 2;
    let [head_area, table_area, foot] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(2),
        Constraint::Length(hint_h),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    let rows: Vec<Row> = r
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = CheckMark::of(r, i);
            let style = match mark {
                CheckMark::Allowed => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                CheckMark::Denied => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                CheckMark::Passed => Style::new(),
                CheckMark::Skipped | CheckMark::NotReached => DIM,
            };
            Row::new(vec![
                (i + 1).to_string(),
                c.rule.clone(),
                mark.label().to_string(),
                c.detail.clone(),
            ])
            .style(style)
        })
        .collect();
    let checks = rows.len();
    f.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Length(38),
                Constraint::Length(13),
                Constraint::Fill(1),
            ],
        )
        .header(Row::new(vec!["#", "CHECK", "RESULT", "DETAIL"]).style(HEADER_ROW))
        .highlight_symbol(MARK),
        table_area,
        &mut table_state(
            r.decided.unwrap_or(0),
            if r.decided.is_some() { checks } else { 0 },
        ),
    );
    let mut foot_lines = vec![Line::styled(crate::output::EXPLAIN_LEGEND, DIM)];
    if !r.hint.is_empty() {
        foot_lines.push(Line::styled(
            format!("to allow it: {}", r.hint),
            Style::new().fg(Color::Yellow),
        ));
    }
    f.render_widget(Paragraph::new(foot_lines).wrap(Wrap { trim: false }), foot);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! Every screen on a 100×30 `TestBackend`, built from fixed data through the same
    //! `apply`/`handle_key` calls the live loop makes. Times are fixed data times, so the
    //! snapshots need no masking.

    use std::collections::BTreeMap;
    use std::sync::Arc;
    use std::time::Duration;

    use crossterm::event::KeyCode;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::proto::explain::{ExplainCheck, ExplainInputs, ExplainResult};
    use crate::proto::ratelimit::{Entry, Hit};
    use crate::proto::{ClientInfo, Publication};
    use crate::tui::app::tests::{app, command, press, type_str};
    use crate::tui::app::App;
    use crate::tui::collector::{
        ChannelDetail, ConnQuery, Snapshot, TraceTarget, TraceUpdate, Update,
    };

    /// 2023-11-14 22:13:20 UTC.
    const T0: u64 = 1_700_000_000_000;

    fn draw_at(app: &App, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| render(app, f)).unwrap();
        t.backend().to_string()
    }

    fn draw(app: &App) -> String {
        draw_at(app, 100, 30)
    }

    fn node(name: &str, clients: u32, pub_in: f64, out: f64) -> api::NodeInfo {
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
    fn feed_info(a: &mut App, n: u64) {
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

    fn snapshot(a: &mut App, s: Snapshot) {
        a.apply(Update::Snapshot(Box::new(Snapshot {
            at_ms: T0 + 60_000,
            latency_ms: 3,
            info: api::InfoResult {
                nodes: vec![node("test-node", 3, 2.0, 6.0)],
            },
            ..s
        })));
    }

    fn raw(json: &str) -> crate::proto::Raw {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn overview() {
        let mut a = app();
        feed_info(&mut a, 40);
        insta::assert_snapshot!("overview", draw(&a));
    }

    #[test]
    fn overview_paused_and_connecting() {
        let mut a = app();
        insta::assert_snapshot!("overview_connecting", draw(&a));
        feed_info(&mut a, 3);
        press(&mut a, &[KeyCode::Char('p')]);
        feed_info(&mut a, 1);
        let s = draw(&a);
        assert!(s.contains("PAUSED: new data held"), "{s}");
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
        insta::assert_snapshot!("unreachable", draw(&a));
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
        insta::assert_snapshot!("unauthorized", s);
        assert!(!s.contains("UNREACHABLE"), "{s}");
        assert!(
            s.contains("re-reads it on every retry"),
            "the whole hint shows: {s}"
        );
    }

    fn channels_app() -> App {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('2')]);
        let channels = [
            ("chat:index", 12),
            ("chat:room-1", 3),
            ("news", 7),
            ("$private:42", 1),
            ("chat:room-2", 3),
        ]
        .into_iter()
        .map(|(n, c)| (n.to_string(), api::ChannelInfo { num_clients: c }))
        .collect();
        snapshot(
            &mut a,
            Snapshot {
                channels: Some(Ok(api::ChannelsResult { channels })),
                ..Snapshot::default()
            },
        );
        a
    }

    #[test]
    fn channels() {
        let mut a = channels_app();
        press(&mut a, &[KeyCode::Down, KeyCode::Down]);
        insta::assert_snapshot!("channels", draw(&a));
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "chat");
        insta::assert_snapshot!("channels_filter_typing", draw(&a));
    }

    #[test]
    fn channel_detail() {
        let mut a = channels_app();
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.chan_open.as_deref(), Some("chat:index"));
        let presence = [("c1", "42"), ("c2", "43")]
            .into_iter()
            .map(|(c, u)| {
                (
                    c.to_string(),
                    ClientInfo {
                        user: u.into(),
                        client: c.into(),
                        ..ClientInfo::default()
                    },
                )
            })
            .collect();
        let publications = (5..=7)
            .rev()
            .map(|o| {
                Arc::new(Publication {
                    data: raw(&format!("{{\"text\":\"message {o}\"}}")),
                    info: (o != 6).then(|| ClientInfo {
                        user: "42".into(),
                        client: "c1".into(),
                        ..ClientInfo::default()
                    }),
                    offset: o,
                    tags: BTreeMap::new(),
                    delta: false,
                })
            })
            .collect();
        snapshot(
            &mut a,
            Snapshot {
                channel: Some(ChannelDetail {
                    channel: "chat:index".into(),
                    presence: Ok(api::PresenceResult { presence }),
                    history: Ok(api::HistoryResult {
                        publications,
                        epoch: "Xk3p".into(),
                        offset: 7,
                    }),
                }),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("channel_detail", draw(&a));
    }

    fn conns() -> api::ConnectionsResult {
        let mk = |user: &str, app_name: &str, age_s: u64, rtt: i64, labels: &[(&str, &str)]| {
            api::ConnectionInfo {
                app_name: app_name.into(),
                app_version: if app_name.is_empty() { "" } else { "1.2" }.into(),
                transport: "websocket".into(),
                protocol: "json".into(),
                user: user.into(),
                state: api::ConnectionState {
                    channels: BTreeMap::from([
                        ("chat:index".to_string(), api::ChannelContext { source: 6 }),
                        ("$private:42".to_string(), api::ChannelContext { source: 1 }),
                    ]),
                    connection_token: Some(api::ConnectionTokenInfo {
                        uid: "tok-1".into(),
                        issued_at: 1_699_999_000,
                    }),
                    meta: None,
                },
                connected_at_ms: i64::try_from(T0 + 60_000 - age_s * 1000).unwrap(),
                ping_pong_latency_ms: rtt,
                labels: labels
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                    .collect(),
            }
        };
        api::ConnectionsResult {
            connections: BTreeMap::from([
                (
                    "3b1c9a70-0000-4000-8000-000000000001".to_string(),
                    mk("42", "web", 65, 12, &[("app", "web"), ("region", "eu")]),
                ),
                (
                    "8f22d4e1-0000-4000-8000-000000000002".to_string(),
                    mk("42", "", 3700, -1, &[]),
                ),
            ]),
        }
    }

    #[test]
    fn connections() {
        let mut a = app();
        command(&mut a, "conn user=42");
        snapshot(
            &mut a,
            Snapshot {
                conns: Some((ConnQuery::User("42".into()), Ok(conns()))),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("connections", draw(&a));
        press(&mut a, &[KeyCode::Enter]);
        insta::assert_snapshot!("connection_detail", draw(&a));
        // an answer to another query is not shown as this one's
        command(&mut a, "conn label=app=web");
        let s = draw(&a);
        assert!(s.contains("loading…") && s.contains("label=app=web"), "{s}");
    }

    #[test]
    fn connections_and_trace_before_a_query_say_what_to_type() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('3')]);
        assert!(draw(&a).contains(":conn user=42"));
        press(&mut a, &[KeyCode::Char('4')]);
        insta::assert_snapshot!("trace_idle", draw(&a));
        press(&mut a, &[KeyCode::Enter]);
        let s = draw(&a);
        assert!(s.contains(":trace user █"), "Enter starts the command: {s}");
    }

    fn trace_events() -> Vec<serde_json::Value> {
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

    fn trace_app() -> App {
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
    fn trace_live_filtered_scrolled_and_inspected() {
        let mut a = trace_app();
        insta::assert_snapshot!("trace_live", draw(&a));
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "type in [\"subscribe\", \"denied\", \"push\"]");
        insta::assert_snapshot!("trace_filter_typing", draw(&a));
        press(&mut a, &[KeyCode::Enter, KeyCode::Up]);
        insta::assert_snapshot!("trace_filtered_scrolled", draw(&a));
        press(&mut a, &[KeyCode::Enter]);
        insta::assert_snapshot!("trace_inspect", draw(&a));
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
    fn help_keys_never_run_into_their_description() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('?')]);
        let s = draw(&a);
        for k in ["PgUp PgDn  Home End", "↑ ↓ PgUp PgDn"] {
            let at = s.find(k).unwrap();
            let after: String = s[at + k.len()..].chars().take(2).collect();
            assert_eq!(after, "  ", "{k} runs into its description:\n{s}");
        }
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

    fn rl_view() -> crate::proto::ratelimit::View {
        let e = |key: &str, buckets: &str, source: &str, dry_run: bool| Entry {
            key: key.into(),
            buckets: buckets.into(),
            enabled: true,
            source: source.into(),
            dry_run,
        };
        let hit = |s: u64, op: &str, user: &str, dry_run: bool| Hit {
            time_ms: T0 + s * 1000,
            limiter: "client_command".into(),
            op: op.into(),
            namespace: "chat".into(),
            rule: format!("client_command.{op}"),
            user: user.into(),
            client: "3b1c9a70-0000-4000-8000-000000000001".into(),
            dry_run,
        };
        crate::proto::ratelimit::View {
            generation: 3,
            state_file: "/var/lib/centri/ratelimit.json".into(),
            entries: vec![
                e("client_command", "", "file", false),
                e("client_command.publish", "10/1s", "live", false),
                e(
                    "client_command.publish.namespace_overrides.chat",
                    "20/1s",
                    "file",
                    false,
                ),
                e("client_command.subscribe", "5/1s,100/1m", "file", false),
                e("user_command", "", "live", true),
                e("user_command.default", "60/1s,1000/1m", "file", true),
            ],
            recent_hits: vec![
                hit(30, "publish", "42", false),
                hit(31, "publish", "42", false),
                hit(45, "subscribe", "7", true),
            ],
            ..crate::proto::ratelimit::View::default()
        }
    }

    fn rl_app(read_only: bool) -> App {
        let mut a = app();
        if read_only {
            a.settings.read_only = Some("--read-only".into());
        }
        press(&mut a, &[KeyCode::Char('5')]);
        snapshot(
            &mut a,
            Snapshot {
                ratelimit: Some(Ok(rl_view())),
                ..Snapshot::default()
            },
        );
        a
    }

    #[test]
    fn ratelimits_edit_and_confirm() {
        let mut a = rl_app(false);
        press(&mut a, &[KeyCode::Down]);
        insta::assert_snapshot!("ratelimits", draw(&a));
        press(
            &mut a,
            &[KeyCode::Char('e'), KeyCode::Backspace, KeyCode::Backspace],
        );
        type_str(&mut a, "5s");
        insta::assert_snapshot!("ratelimits_edit", draw(&a));
        press(&mut a, &[KeyCode::Enter]);
        insta::assert_snapshot!("ratelimits_confirm", draw(&a));
        press(&mut a, &[KeyCode::Char('y')]);
        a.apply(Update::Done {
            ok: true,
            message: "rate limits applied: client_command.publish 10/1s → 10/5s".into(),
        });
        assert!(draw(&a).contains("rate limits applied"));
    }

    #[test]
    fn read_only_mode() {
        let mut a = rl_app(true);
        press(&mut a, &[KeyCode::Down, KeyCode::Char('e')]);
        insta::assert_snapshot!("ratelimits_read_only", draw(&a));
        press(&mut a, &[KeyCode::Char('?')]);
        insta::assert_snapshot!("help_read_only", draw(&a));
    }

    #[test]
    fn help() {
        let mut a = app();
        feed_info(&mut a, 2);
        press(&mut a, &[KeyCode::Char('?')]);
        let s = draw(&a);
        insta::assert_snapshot!("help", s);
        // every binding of the table is on the screen
        for (_, binds) in BINDINGS {
            for (k, _, _) in *binds {
                assert!(s.contains(k), "{k} missing from the help");
            }
        }
    }

    #[test]
    fn users() {
        let mut a = app();
        command(&mut a, "users 42,43,44,45");
        let now = i64::try_from((T0 + 60_000) / 1000).unwrap();
        let st =
            |user: &str, online: Option<i64>, active: Option<i64>, state: &str| api::UserStatus {
                user: user.into(),
                online: online.map(|o| now - o),
                active: active.map(|a| now - a),
                state: state.into(),
            };
        let users = a.users.clone();
        snapshot(
            &mut a,
            Snapshot {
                users: Some((
                    users,
                    Ok(api::GetUserStatusResult {
                        statuses: vec![
                            st("42", Some(5), Some(30), "busy"),
                            st("43", Some(20), Some(900), ""),
                            st("44", Some(7200), Some(7300), ""),
                            st("45", None, None, ""),
                        ],
                    }),
                )),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("users", draw(&a));
    }

    #[test]
    fn explain() {
        let mut a = app();
        command(&mut a, "explain subscribe 42 private:x");
        let req = a.explain.clone().unwrap();
        let check = |rule: &str, status: &str, outcome: &str, detail: &str| ExplainCheck {
            rule: rule.into(),
            status: status.into(),
            outcome: outcome.into(),
            detail: detail.into(),
        };
        let res = ExplainResult {
            allowed: false,
            code: 103,
            message: "permission denied".into(),
            op: "subscribe".into(),
            channel: "private:x".into(),
            namespace: "private".into(),
            namespace_key: "channel.namespaces[1]".into(),
            options: serde_json::json!({}),
            inputs: ExplainInputs {
                user: "42".into(),
                token: "none".into(),
                sub_token: "none".into(),
                subscribed_from: "default".into(),
                ..ExplainInputs::default()
            },
            checks: vec![
                check("resolve_namespace", "passed", "passed", "namespace private"),
                check("subscription_token", "skipped", "skipped", "no token"),
                check("connection_caps", "skipped", "skipped", "token has no caps"),
                check("user_limited_channel", "skipped", "skipped", "no # in the channel"),
                check(
                    "namespace.allow_subscribe_for_client",
                    "decided",
                    "denied",
                    "off in channel.namespaces[1]",
                ),
                check(
                    "allow_publish_for_subscriber",
                    "passed",
                    "passed",
                    "client is not subscribed",
                ),
            ],
            decided: Some(4),
            hint: "set allow_subscribe_for_client in channel.namespaces[1], or give a subscription token".into(),
        };
        snapshot(
            &mut a,
            Snapshot {
                explain: Some((req, Ok(res))),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("explain", draw(&a));
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
            for v in 0..7u8 {
                press(&mut a, &[KeyCode::Char(char::from(b'1' + v))]);
                let _ = draw_at(&a, w, h);
                press(&mut a, &[KeyCode::Char('?')]);
                let _ = draw_at(&a, w, h);
                press(&mut a, &[KeyCode::Esc]);
            }
        }
    }
}

//! What the dashboard's views share: the keyboard modes they can start, the effects a key
//! may have beyond the view's own state ([`Act`]), what a view's `draw` may read besides
//! itself ([`Env`]), the styles, and the table sizing that fits columns to their content and
//! drops the least important ones at narrow widths ([`fit`]).
//!
//! One module per view below this one (bottom's `widgets/` layout): each owns its state, its
//! keys and a pure `draw`. Views import the collector's data types and ratatui; never the app
//! (`tui::app` routes to them) and never I/O.

pub mod channels;
pub mod connections;
pub mod explain;
pub mod overview;
pub mod push;
pub mod ratelimits;
pub mod trace;
pub mod users;

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use super::collector::{Action, Request};

pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const HEADER_ROW: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// The selected row's mark; tables reserve its width.
pub const MARK: &str = "▶ ";

/// What the keyboard is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    /// Typing a `:` command.
    Command(String),
    /// Typing a `/` filter for the current view.
    Filter(String),
    /// Typing a new bucket spec for a rate-limit key.
    Edit {
        key: String,
        old: String,
        buffer: String,
    },
    /// Waiting for y/n before a change.
    Confirm {
        prompt: String,
        action: Action,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Ok,
    Error,
}

/// What a key did beyond the view's own state; the app applies it.
#[derive(Debug, Default)]
pub struct Act {
    pub flash: Option<(Level, String)>,
    pub mode: Option<Mode>,
    pub requests: Vec<Request>,
}

impl Act {
    pub fn info(&mut self, text: impl Into<String>) {
        self.flash = Some((Level::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.flash = Some((Level::Error, text.into()));
    }

    /// Refuses a mutating key in read-only mode, saying why; true when allowed.
    pub fn writable(&mut self, read_only: Option<&str>, what: &str) -> bool {
        match read_only {
            Some(why) => {
                self.error(format!(
                    "read-only ({why}): cannot {what}; restart without --read-only to edit"
                ));
                false
            }
            None => true,
        }
    }
}

/// What a view's `draw` may read besides its own state.
#[derive(Debug, Clone, Copy)]
pub struct Env {
    /// The server does not answer (views say "waiting for the server" rather than "loading").
    pub down: bool,
    /// Data time of the last snapshot shown, unix ms ("ago" is counted from it).
    pub now_ms: u64,
    pub paused: bool,
    pub refresh: Duration,
}

/// Moves a selection by `delta` within `len` rows.
pub fn step(sel: usize, len: usize, delta: i64) -> usize {
    let max = len.saturating_sub(1) as i64;
    (sel.min(len.saturating_sub(1)) as i64)
        .saturating_add(delta)
        .clamp(0, max) as usize
}

// ---------------------------------------------------------------------- text helpers

/// `HH:MM:SS` (UTC) of unix ms.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60)
}

/// `HH:MM:SS.mmm` (UTC) of unix ms.
pub fn clock_ms(ms: u64) -> String {
    format!("{}.{:03}", clock(ms), ms % 1000)
}

pub fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The first `n` characters of an ID.
pub fn short(id: &str, n: usize) -> String {
    id.chars().take(n).collect()
}

/// `s` in at most `w` columns, with `…` when cut.
pub fn cut(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut t: String = s.chars().take(w - 1).collect();
    t.push('…');
    t
}

/// A text sparkline of the newest `width` values (for table cells).
pub fn spark_text(values: &VecDeque<f64>, width: usize) -> String {
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

// ---------------------------------------------------------------------- widgets

pub fn titled(title: impl Into<Line<'static>>) -> Block<'static> {
    Block::default().borders(Borders::ALL).title(title.into())
}

pub fn placeholder(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    f.render_widget(
        Paragraph::new(lines)
            .block(titled(format!(" {title} ")))
            .wrap(Wrap { trim: false }),
        area,
    );
}

pub fn error_text(e: &str) -> Line<'static> {
    Line::styled(e.to_string(), Style::new().fg(Color::Red))
}

/// What a view shows before its first answer.
pub fn loading(env: &Env) -> Line<'static> {
    if env.down {
        Line::styled("waiting for the server…", DIM)
    } else {
        Line::styled("loading…", DIM)
    }
}

/// Selection state for a table of `len` rows.
pub fn table_state(selected: usize, len: usize) -> TableState {
    TableState::default().with_selected((len > 0).then_some(selected))
}

/// A centered rectangle of at most `w`×`h` inside `area`.
pub fn popup(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

/// Clears the area under a popup at `pop`, with a one-cell margin (inside `within`), so that
/// nothing underneath shows between the popup's border and its surroundings. Every popup
/// draws through this.
pub fn clear_under(f: &mut Frame, pop: Rect, within: Rect) {
    let x = pop.x.saturating_sub(1).max(within.x);
    let y = pop.y.saturating_sub(1).max(within.y);
    let right = (pop.right() + 1).min(within.right());
    let bottom = (pop.bottom() + 1).min(within.bottom());
    f.render_widget(
        Clear,
        Rect::new(x, y, right.saturating_sub(x), bottom.saturating_sub(y)),
    );
}

// ---------------------------------------------------------------------- column sizing

/// A table column: its header, how important it is, and whether it may be cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub header: &'static str,
    /// When the table does not fit, columns go highest `drop` first; 0 never goes.
    pub drop: u8,
    /// A column whose values may be cut (with `…`) down to this width: names, labels,
    /// details. `None`: shown whole or not at all.
    pub shrink_to: Option<u16>,
    /// Cut only once every column with a `drop` at least this high is gone; 0: cut before
    /// any column is dropped.
    pub cut_after: u8,
}

impl Col {
    /// A column that is never dropped nor cut.
    pub const fn keep(header: &'static str) -> Self {
        Self {
            header,
            drop: 0,
            shrink_to: None,
            cut_after: 0,
        }
    }

    /// A column dropped at narrow widths (higher `drop` goes first).
    pub const fn drop(header: &'static str, drop: u8) -> Self {
        Self {
            header,
            drop,
            shrink_to: None,
            cut_after: 0,
        }
    }

    /// This column may be cut down to `min` columns, before any column is dropped.
    pub const fn shrink(mut self, min: u16) -> Self {
        self.shrink_to = Some(min);
        self
    }

    /// This column may be cut down to `min` columns once the columns with a `drop` of
    /// `after` or more are gone.
    pub const fn shrink_after(mut self, min: u16, after: u8) -> Self {
        self.shrink_to = Some(min);
        self.cut_after = after;
        self
    }
}

/// The space between two columns.
const SPACING: usize = 1;

/// Which columns to show and how wide, for `rows` in `width` cells: each column as wide as
/// its widest value or header; when that does not fit, cuttable columns shrink first (to
/// their minimum), then columns go by priority, and what is left over goes back to the cut
/// columns. Returns (column index, width) in column order.
pub fn fit<R: AsRef<[String]>>(cols: &[Col], rows: &[R], width: u16) -> Vec<(usize, u16)> {
    let width = usize::from(width);
    let natural: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .filter_map(|r| r.as_ref().get(i))
                .map(|s| s.chars().count())
                .chain(std::iter::once(c.header.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // what a column needs while the columns in `kept` are shown
    let min = |i: usize, kept: &[usize]| match cols[i].shrink_to {
        Some(m)
            if cols[i].cut_after == 0 || kept.iter().all(|&k| cols[k].drop < cols[i].cut_after) =>
        {
            natural[i].min(usize::from(m))
        }
        _ => natural[i],
    };
    let needed = |kept: &[usize]| {
        kept.iter().map(|&i| min(i, kept)).sum::<usize>() + SPACING * kept.len().saturating_sub(1)
    };
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    while needed(&kept) > width {
        // the most droppable column; the rightmost of equals
        let Some(pos) = kept
            .iter()
            .enumerate()
            .filter(|(_, &i)| cols[i].drop > 0)
            .max_by_key(|(p, &i)| (cols[i].drop, *p))
            .map(|(p, _)| p)
        else {
            break;
        };
        kept.remove(pos);
    }
    let mut spare = width.saturating_sub(needed(&kept));
    let mut widths: Vec<usize> = kept.iter().map(|&i| min(i, &kept)).collect();
    // what is left goes back to the cut columns, a cell each in turn
    while spare > 0 {
        let mut grew = false;
        for (p, &i) in kept.iter().enumerate() {
            if spare > 0 && widths[p] < natural[i] {
                widths[p] += 1;
                spare -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    kept.iter()
        .zip(widths)
        .map(|(&i, w)| (i, u16::try_from(w).unwrap_or(u16::MAX)))
        .collect()
}

/// A table sized by [`fit`] for an area `width` cells wide (borders and the selection mark
/// included), each row with its style. Values of cut columns end in `…`.
pub fn sized_table(
    cols: &[Col],
    rows: Vec<(Vec<String>, Style)>,
    width: u16,
    selectable: bool,
) -> Table<'static> {
    let mark = if selectable { MARK.chars().count() } else { 0 };
    let inner = width.saturating_sub(2 + u16::try_from(mark).unwrap_or(0));
    let cells: Vec<&[String]> = rows.iter().map(|(r, _)| r.as_slice()).collect();
    let layout = fit(cols, &cells, inner);
    let header = Row::new(
        layout
            .iter()
            .map(|&(i, w)| Cell::from(cut(cols[i].header, usize::from(w))))
            .collect::<Vec<_>>(),
    )
    .style(HEADER_ROW);
    let body: Vec<Row> = rows
        .into_iter()
        .map(|(r, style)| {
            Row::new(
                layout
                    .iter()
                    .map(|&(i, w)| {
                        Cell::from(cut(r.get(i).map_or("", String::as_str), usize::from(w)))
                    })
                    .collect::<Vec<_>>(),
            )
            .style(style)
        })
        .collect();
    let widths: Vec<Constraint> = layout.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    let t = Table::new(body, widths)
        .header(header)
        .column_spacing(u16::try_from(SPACING).unwrap_or(1));
    if selectable {
        t.row_highlight_style(SELECTED).highlight_symbol(MARK)
    } else {
        t
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|r| r.iter().map(|s| (*s).to_string()).collect())
            .collect()
    }

    const COLS: [Col; 4] = [
        Col::keep("NAME").shrink(6),
        Col::keep("CLIENTS"),
        Col::drop("CPU", 2),
        Col::drop("UPTIME", 1),
    ];

    #[test]
    fn columns_take_the_width_of_their_content_not_the_screen() {
        let r = rows(&[&["node-a", "14500000", "1.5%", "1h2m"]]);
        // NAME is 6 wide, CLIENTS 8, CPU 4, UPTIME 6: the rest of 200 stays free
        assert_eq!(fit(&COLS, &r, 200), [(0, 6), (1, 8), (2, 4), (3, 6)]);
    }

    #[test]
    fn narrow_widths_cut_names_first_then_drop_by_priority() {
        let r = rows(&[&[
            "a-very-long-node-name-of-a-cluster",
            "14500000",
            "1.5%",
            "1h2m",
        ]]);
        // everything at natural width: 34+8+4+6 + 3 spaces = 55
        assert_eq!(fit(&COLS, &r, 55), [(0, 34), (1, 8), (2, 4), (3, 6)]);
        // the name is cut before anything goes, and gets what is left
        assert_eq!(fit(&COLS, &r, 40), [(0, 19), (1, 8), (2, 4), (3, 6)]);
        // the name at its minimum (6+8+4+6+3 = 27) is the floor: below it CPU goes (drop 2)
        assert_eq!(fit(&COLS, &r, 27), [(0, 6), (1, 8), (2, 4), (3, 6)]);
        assert_eq!(fit(&COLS, &r, 26), [(0, 10), (1, 8), (3, 6)]);
        // then UPTIME; NAME and CLIENTS always stay, whole
        assert_eq!(fit(&COLS, &r, 18), [(0, 9), (1, 8)]);
        assert_eq!(fit(&COLS, &r, 5), [(0, 6), (1, 8)]);
    }

    #[test]
    fn a_late_cut_waits_for_the_columns_that_go_first() {
        let cols = [
            Col::keep("TIME"),
            Col::drop("LIMITER", 3),
            Col::keep("RULE").shrink_after(6, 3),
        ];
        let r = rows(&[&["22:14:01", "client_command", "client_command.publish"]]);
        // 8 + 14 + 22 + 2 = 46: LIMITER goes before RULE is cut
        assert_eq!(fit(&cols, &r, 45), [(0, 8), (2, 22)]);
        // and RULE is cut only when that is not enough
        assert_eq!(fit(&cols, &r, 20), [(0, 8), (2, 11)]);
    }

    #[test]
    fn values_are_never_cut_in_columns_that_do_not_shrink() {
        let r = rows(&[&["n", "14.5 MiB", "100.0%", "12d23h"]]);
        let t = fit(&COLS, &r, 30);
        for (i, w) in t {
            if COLS[i].shrink_to.is_none() {
                assert!(usize::from(w) >= r[0][i].chars().count(), "{i}: {w}");
            }
        }
    }

    #[test]
    fn cut_marks_what_it_cuts() {
        assert_eq!(cut("chat:index", 20), "chat:index");
        assert_eq!(cut("chat:index", 6), "chat:…");
        assert_eq!(cut("chat", 0), "");
    }

    #[test]
    fn step_clamps() {
        assert_eq!(step(0, 5, -1), 0);
        assert_eq!(step(3, 5, 10), 4);
        assert_eq!(step(9, 5, 0), 4, "a selection past the end comes back");
        assert_eq!(step(0, 0, 1), 0);
    }
}

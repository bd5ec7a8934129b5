//! The help: every key binding ([`BINDINGS`], the one table the help screen and its tests
//! read), drawn as two columns on wide terminals and one scrolling column on narrow ones,
//! where no key or description is cut.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};
use ratatui::Frame;

use super::app::App;
use super::view::{clear_under, DIM, HEADER_ROW};

/// A titled group of key bindings: (keys, what they do, whether the key changes the server).
pub type Section = (&'static str, &'static [(&'static str, &'static str, bool)]);

/// Every key binding, for the help screen. The help draws the last section (commands) across
/// the bottom and the others in two columns above it, split where the columns are closest in
/// height ([`split`]).
pub const BINDINGS: &[Section] = &[
    (
        "Everywhere",
        &[
            ("Tab / Shift-Tab", "next / previous view", false),
            ("1 … 8", "jump to a view", false),
            (":", "command (see Commands)", false),
            ("/", "filter the current view", false),
            ("Enter", "drill down / open", false),
            ("Esc", "back / clear filter", false),
            ("↑ ↓  j k", "select", false),
            ("PgUp PgDn  Home End", "page / jump", false),
            ("p", "pause / resume updates", false),
            ("?", "this help (Esc closes)", false),
            ("q  Ctrl-C", "quit", false),
        ],
    ),
    (
        "Channels",
        &[
            ("s", "sort by subscribers / name", false),
            ("Enter", "presence and last history", false),
        ],
    ),
    (
        "Connections",
        &[
            ("Enter", "connection details", false),
            ("x", "disconnect it", true),
        ],
    ),
    (
        "Trace",
        &[
            ("/", "filter, e.g. type == \"denied\"", false),
            ("↑ ↓ PgUp PgDn", "scroll back; End follows again", false),
            ("Enter", "the event's JSON", false),
            ("c", "clear the scrollback", false),
        ],
    ),
    (
        "Rate limits",
        &[
            ("e  Enter", "edit the key's buckets", true),
            ("d", "toggle the key's dry-run", true),
            ("x", "drop the key's live edit", true),
        ],
    ),
    (
        "Push",
        &[
            ("Enter", "a user's devices and topics", false),
            ("Esc", "back to the largest topics", false),
        ],
    ),
    (
        "Commands",
        &[
            (
                ":trace user 42 · :trace channel chat:x",
                "live trace; :trace stop ends it",
                false,
            ),
            (
                ":conn user=42 · label=app=web · all",
                "connections by user, token label, or all",
                false,
            ),
            (":users 1,2,3", "status: online, away or offline", false),
            (
                ":explain subscribe 42 chat:x",
                "verdict + decision path; also publish, history, presence",
                false,
            ),
            (
                ":push user 42",
                "a user's push devices, with their topics",
                false,
            ),
            (":channels  :rl  :overview  …", "switch view by name", false),
            (":q", "quit", false),
        ],
    ),
];

/// Rows a section takes in a column: its title and its bindings.
fn rows(sections: &[Section]) -> usize {
    sections.iter().map(|(_, b)| b.len() + 1).sum()
}

/// Where the sections above the commands split into the left and the right column: the split
/// (in order, at least one section on each side when there are two) whose taller column is
/// the shortest; the leftmost of equals.
fn split(sections: &[Section]) -> usize {
    if sections.len() < 2 {
        return sections.len();
    }
    (1..sections.len())
        .min_by_key(|&i| rows(&sections[..i]).max(rows(&sections[i..])))
        .unwrap_or(1)
}

/// Below this width the help is one scrolling column.
const HELP_TWO_COLUMNS: u16 = 100;

/// The help as lines for one column `width` wide: a binding whose text does not fit beside its
/// key gets a line of its own, indented.
fn help_lines(read_only: bool, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines = Vec::new();
    for (title, binds) in BINDINGS {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(*title, HEADER_ROW));
        let key_w = binds
            .iter()
            .map(|(k, _, _)| k.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for (k, what, mutating) in *binds {
            let (text, style) = match (*mutating, read_only) {
                (false, _) => ((*what).to_string(), Style::new()),
                (true, false) => (format!("{what} ✎"), Style::new()),
                (true, true) => (format!("{what} ✎ off"), DIM),
            };
            if 1 + key_w + text.chars().count() <= width {
                lines.push(Line::styled(format!(" {k:<key_w$}{text}"), style));
            } else {
                lines.push(Line::styled(format!(" {k}"), style));
                lines.push(Line::styled(format!("     {text}"), style));
            }
        }
    }
    lines
}

/// How far the one-column help scrolls at most in an area `width`×`rows` (its border included).
pub fn max_scroll(read_only: bool, width: u16, rows: u16) -> u16 {
    if width >= HELP_TWO_COLUMNS {
        return 0;
    }
    let lines = help_lines(read_only, width.saturating_sub(2)).len();
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_sub(rows.saturating_sub(2))
}

fn render_help_narrow(app: &App, f: &mut Frame, area: Rect, footer: &'static str) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Cyan))
        .title(" Help · ↑↓ scroll · Esc closes ")
        .title_bottom(footer);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = help_lines(app.settings.read_only.is_some(), inner.width);
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    f.render_widget(
        Paragraph::new(lines).scroll((app.help_scroll.min(max), 0)),
        inner,
    );
}

/// Draws the help over `area`.
pub fn render_help(app: &App, f: &mut Frame, area: Rect) {
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
    clear_under(f, area, area);
    let footer = if ro {
        " ✎ changes the server: off in read-only mode "
    } else {
        " ✎ changes the server, after a y/N prompt; --read-only turns these keys off "
    };
    if area.width < HELP_TWO_COLUMNS {
        return render_help_narrow(app, f, area, footer);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(Color::Cyan))
        .title(" Help: every key · Esc closes ")
        .title_bottom(footer);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (columns, bottom) = BINDINGS.split_at(BINDINGS.len().saturating_sub(1));
    let (left, right) = columns.split_at(split(columns));
    let height = |s: &[Section]| u16::try_from(rows(s)).unwrap_or(u16::MAX);
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crossterm::event::KeyCode;

    use super::BINDINGS;
    use crate::tui::app::tests::{app, press};
    use crate::tui::app::Mode;
    use crate::tui::ui::tests::{draw, draw_at, feed_info, feed_long_info};

    #[test]
    fn help_80x24_and_200x50() {
        let mut a = app();
        feed_info(&mut a, 2);
        press(&mut a, &[KeyCode::Char('?')]);
        let s = draw_at(&a, 200, 50);
        insta::assert_snapshot!("help_200x50", s);
        // every binding of the table is on the screen
        for (_, binds) in BINDINGS {
            for (k, _, _) in *binds {
                assert!(s.contains(k), "{k} missing from the help");
            }
        }
        insta::assert_snapshot!("help_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("help_100x30", draw(&a));
    }

    #[test]
    fn the_narrow_help_scrolls_to_every_binding_and_cuts_none() {
        let mut a = app();
        a.resize(80, 24);
        press(&mut a, &[KeyCode::Char('?')]);
        let mut seen = String::new();
        for _ in 0..40 {
            let s = draw_at(&a, 80, 24);
            seen.push_str(&s);
            press(&mut a, &[KeyCode::Down]);
        }
        assert_eq!(a.mode, Mode::Help, "arrows scroll the help, not the view");
        // at the end, one Up scrolls back at once: the scroll stops where the help ends
        let end = draw_at(&a, 80, 24);
        press(&mut a, &[KeyCode::Up]);
        assert_ne!(draw_at(&a, 80, 24), end, "Up at the end scrolls");
        for (_, binds) in BINDINGS {
            for (k, what, _) in *binds {
                assert!(seen.contains(k), "{k} never shown");
                assert!(seen.contains(what), "{what:?} never shown whole");
            }
        }
        insta::assert_snapshot!("help_80x24_scrolled", draw_at(&a, 80, 24));
    }

    #[test]
    fn help_read_only() {
        let mut a = app();
        a.settings.read_only = Some("--read-only".into());
        press(&mut a, &[KeyCode::Char('?')]);
        let s = draw(&a);
        insta::assert_snapshot!("help_read_only_100x30", s);
        assert!(s.contains("✎ off"), "{s}");
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
    fn the_columns_split_where_they_are_closest_in_height() {
        let (columns, _) = BINDINGS.split_at(BINDINGS.len() - 1);
        let at = super::split(columns);
        let (l, r) = (super::rows(&columns[..at]), super::rows(&columns[at..]));
        for i in 1..columns.len() {
            let other = super::rows(&columns[..i]).max(super::rows(&columns[i..]));
            assert!(
                l.max(r) <= other,
                "split at {at} ({l}/{r}) is taller than at {i}"
            );
        }
        // both columns and the commands fit the help at 100x30 (23 rows inside the border)
        assert!(l.max(r) + super::rows(&BINDINGS[BINDINGS.len() - 1..]) <= 23);
    }

    #[test]
    fn the_help_popup_hides_the_table_under_it() {
        let mut a = app();
        feed_long_info(&mut a, 5);
        press(&mut a, &[KeyCode::Char('?')]);
        let s = draw_at(&a, 200, 50);
        assert!(!s.contains("NODE") && !s.contains("centrifugo-7f9c"), "{s}");
    }
}

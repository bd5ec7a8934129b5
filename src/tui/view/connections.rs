//! The Connections view: the connections of a `:conn` query (a user, token labels, or all),
//! filtered as you type, and one connection's details on Enter (the same fields as
//! `centri conn show`, through `output::connection_pairs`). `x` disconnects, after a y/N.

use std::fmt::Write as _;

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{
    error_text, loading, placeholder, short, sized_table, step, table_state, titled, Act, Col, Env,
    Mode, BOLD, DIM,
};
use crate::output::human_secs;
use crate::proto::api;
use crate::tui::collector::{Action, ConnQuery, Fetched};

#[derive(Debug, Clone, Default)]
pub struct Connections {
    pub query: Option<ConnQuery>,
    /// The last answer, with the query it answers.
    pub res: Option<(ConnQuery, Fetched<api::ConnectionsResult>)>,
    pub filter: String,
    pub sel: usize,
    /// The client ID whose details are open.
    pub open: Option<String>,
}

const COLS: [Col; 8] = [
    Col::keep("CLIENT"),
    Col::keep("USER").shrink(6),
    Col::drop("APP", 3).shrink(6),
    Col::drop("TRANSPORT", 5),
    Col::keep("AGE"),
    Col::drop("RTT", 4),
    Col::drop("SUBS", 2),
    Col::drop("LABELS", 6).shrink(10),
];

impl Connections {
    /// Connections for the current query, newest first, after the filter.
    pub fn rows(&self) -> Vec<(&str, &api::ConnectionInfo)> {
        let Some((q, Ok(res))) = &self.res else {
            return Vec::new();
        };
        if Some(q) != self.query.as_ref() {
            return Vec::new();
        }
        let needle = self.filter.to_lowercase();
        let mut rows: Vec<(&str, &api::ConnectionInfo)> = res
            .connections
            .iter()
            .filter(|(id, c)| {
                needle.is_empty()
                    || id.to_lowercase().contains(&needle)
                    || c.user.to_lowercase().contains(&needle)
                    || c.app_name.to_lowercase().contains(&needle)
                    || c.labels
                        .iter()
                        .any(|(k, v)| format!("{k}={v}").to_lowercase().contains(&needle))
            })
            .map(|(id, c)| (id.as_str(), c))
            .collect();
        rows.sort_by(|a, b| {
            b.1.connected_at_ms
                .cmp(&a.1.connected_at_ms)
                .then(a.0.cmp(b.0))
        });
        rows
    }

    pub fn selected(&self) -> usize {
        self.sel.min(self.rows().len().saturating_sub(1))
    }

    pub fn move_sel(&mut self, delta: i64) {
        self.sel = step(self.sel, self.rows().len(), delta);
    }

    pub fn set_query(&mut self, q: ConnQuery) {
        self.query = Some(q);
        self.open = None;
        self.sel = 0;
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.sel = 0;
    }

    pub fn enter(&mut self, act: &mut Act) {
        if self.query.is_none() {
            act.mode = Some(Mode::Command("conn user=".into()));
        } else if self.open.is_none() {
            let id = self.rows().get(self.selected()).map(|r| r.0.to_string());
            match id {
                Some(id) => self.open = Some(id),
                None => act.info("no connection selected"),
            }
        }
    }

    /// Esc: closes the details, else clears the filter; false when there was nothing to undo.
    pub fn back(&mut self) -> bool {
        if self.open.take().is_some() {
            return true;
        }
        if self.filter.is_empty() {
            return false;
        }
        self.filter.clear();
        true
    }

    pub fn key(&mut self, c: char, read_only: Option<&str>, act: &mut Act) {
        if c == 'x' {
            self.disconnect(read_only, act);
        }
    }

    fn disconnect(&self, read_only: Option<&str>, act: &mut Act) {
        if !act.writable(read_only, "disconnect") {
            return;
        }
        let rows = self.rows();
        let id = self
            .open
            .clone()
            .or_else(|| rows.get(self.selected()).map(|r| r.0.to_string()));
        let target = id.and_then(|id| {
            rows.iter()
                .find(|r| r.0 == id)
                .map(|r| (id.clone(), r.1.user.clone()))
        });
        let Some((client, user)) = target else {
            act.info("no connection selected");
            return;
        };
        act.mode = Some(Mode::Confirm {
            prompt: format!("disconnect {client} (user {user:?})?"),
            action: Action::Disconnect { user, client },
        });
    }

    /// `:conn user=42`, `:conn label=app=web label=region!=us`, `:conn all`; bare `:conn`
    /// lists all when no query was given yet.
    pub fn command(&mut self, args: &[&str], act: &mut Act) {
        if args.is_empty() {
            if self.query.is_none() {
                self.set_query(ConnQuery::All);
            }
            return;
        }
        let mut user = None;
        let mut labels = Vec::new();
        let mut all = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if *a == "all" {
                all = true;
            } else if let Some(u) = a.strip_prefix("user=") {
                user = Some(u.to_string());
            } else if *a == "user" {
                user = it.next().map(|u| (*u).to_string());
            } else if let Some(l) = a.strip_prefix("label=") {
                let (k, c, v) = if let Some((k, v)) = l.split_once("!=") {
                    (k, "neq", v)
                } else if let Some((k, v)) = l.split_once('=') {
                    (k, "eq", v)
                } else {
                    (l, "ex", "")
                };
                if k.is_empty() {
                    act.error("label=KEY=VALUE, label=KEY!=VALUE or label=KEY");
                    return;
                }
                labels.push((k.to_string(), c.to_string(), v.to_string()));
            } else if !a.contains('=') && user.is_none() {
                user = Some((*a).to_string());
            } else {
                act.error(format!(
                    "{a:?}: use :conn user=42, :conn label=app=web or :conn all"
                ));
                return;
            }
        }
        let q = match (user, labels.is_empty(), all) {
            (Some(u), true, _) if !u.is_empty() => ConnQuery::User(u),
            (None, false, _) => ConnQuery::Labels(labels),
            (None, true, true) => ConnQuery::All,
            _ => {
                act.error("give a user or labels, not both: :conn user=42 or :conn label=app=web");
                return;
            }
        };
        self.set_query(q);
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        let Some(q) = &self.query else {
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
        let res = match &self.res {
            Some((got, r)) if got == q => r,
            _ => return placeholder(f, area, title.trim(), vec![loading(env)]),
        };
        let res = match res {
            Err(e) => return placeholder(f, area, title.trim(), vec![error_text(e)]),
            Ok(r) => r,
        };
        if let Some(open) = &self.open {
            draw_detail(env, f, area, open, res);
            return;
        }
        let rows = self.rows();
        let mut title = format!(
            " Connections · {} ({} of {}) ",
            q.describe(),
            rows.len(),
            res.connections.len()
        );
        if !self.filter.is_empty() {
            let _ = write!(title, "· filter: {} ", self.filter);
        }
        if rows.is_empty() {
            return placeholder(
                f,
                area,
                title.trim(),
                vec![Line::styled("no live connection matches", DIM)],
            );
        }
        let now = env.now_ms;
        let cells: Vec<(Vec<String>, Style)> = rows
            .iter()
            .map(|(id, c)| {
                (
                    vec![
                        short(id, 8),
                        c.user.clone(),
                        if c.app_name.is_empty() {
                            "-".into()
                        } else {
                            format!("{} {}", c.app_name, c.app_version)
                                .trim()
                                .to_string()
                        },
                        match c.protocol.as_str() {
                            "" | "json" => c.transport.clone(),
                            p => format!("{}/{p}", c.transport),
                        },
                        human_secs(
                            now.saturating_sub(u64::try_from(c.connected_at_ms).unwrap_or(0))
                                / 1000,
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
                    ],
                    Style::new(),
                )
            })
            .collect();
        let len = cells.len();
        f.render_stateful_widget(
            sized_table(&COLS, cells, area.width, true).block(titled(title)),
            area,
            &mut table_state(self.selected(), len),
        );
    }
}

fn draw_detail(env: &Env, f: &mut Frame, area: Rect, id: &str, res: &api::ConnectionsResult) {
    let Some(c) = res.connections.get(id) else {
        return placeholder(
            f,
            area,
            &format!("{id} · Esc back"),
            vec![Line::styled("the connection is gone", DIM)],
        );
    };
    let pairs = crate::output::connection_pairs(id, c, env.now_ms);
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use crossterm::event::KeyCode;

    use crate::proto::api;
    use crate::tui::app::tests::{app, command, press};
    use crate::tui::collector::{ConnQuery, Snapshot};
    use crate::tui::ui::tests::{draw, draw_at, snapshot, T0};

    pub fn conns() -> api::ConnectionsResult {
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
                    mk(
                        "42",
                        "web",
                        65,
                        12,
                        &[
                            ("app", "web"),
                            ("region", "eu-west-1"),
                            ("build", "2026.12.04-rc3"),
                        ],
                    ),
                ),
                (
                    "8f22d4e1-0000-4000-8000-000000000002".to_string(),
                    mk("42", "", 3700, -1, &[]),
                ),
            ]),
        }
    }

    #[test]
    fn connections_80x24_and_200x50() {
        let mut a = app();
        command(&mut a, "conn user=42");
        snapshot(
            &mut a,
            Snapshot {
                conns: Some((ConnQuery::User("42".into()), Ok(conns()))),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("connections_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("connections_200x50", draw_at(&a, 200, 50));
        press(&mut a, &[KeyCode::Enter]);
        let s = draw_at(&a, 80, 24);
        insta::assert_snapshot!("connection_detail_80x24", s);
        // names instead of numbers, times as times, nothing absent
        assert!(s.contains("client, allowed by the namespace"), "{s}");
        assert!(!s.contains("source") && !s.contains("1699999000"), "{s}");
        insta::assert_snapshot!("connection_detail_200x50", draw_at(&a, 200, 50));
        // an answer to another query is not shown as this one's
        command(&mut a, "conn label=app=web");
        let s = draw(&a);
        assert!(s.contains("loading…") && s.contains("label=app=web"), "{s}");
    }

    #[test]
    fn before_a_query_the_view_says_what_to_type() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('3')]);
        assert!(draw(&a).contains(":conn user=42"));
    }
}

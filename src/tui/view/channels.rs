//! The Channels view: the channel list (sortable, filtered as you type) and, on Enter, one
//! channel's presence and recent history, or for a map channel its key count, stream
//! position and first keys.

use std::fmt::Write as _;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::{
    error_text, loading, placeholder, sized_table, step, table_state, titled, Act, Col, Env, BOLD,
    DIM,
};
use crate::proto::api;
use crate::tui::collector::{ChannelDetail, Fetched};

/// Channel sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChanSort {
    /// Most subscribers first.
    #[default]
    Subscribers,
    Name,
}

#[derive(Debug, Clone, Default)]
pub struct Channels {
    pub list: Option<Fetched<api::ChannelsResult>>,
    pub sort: ChanSort,
    pub filter: String,
    pub sel: usize,
    /// The channel whose detail is open.
    pub open: Option<String>,
    pub detail: Option<ChannelDetail>,
}

const COLS: [Col; 2] = [Col::keep("CHANNEL").shrink(12), Col::keep("SUBSCRIBERS")];
const PRESENCE: [Col; 2] = [Col::keep("USER").shrink(6), Col::keep("CLIENT").shrink(8)];
const STATE: [Col; 3] = [
    Col::keep("KEY").shrink(6),
    Col::drop("OFFSET", 1),
    Col::keep("DATA").shrink(10),
];
const HISTORY: [Col; 3] = [
    Col::keep("OFFSET"),
    Col::drop("FROM", 1).shrink(6),
    Col::keep("DATA").shrink(10),
];

impl Channels {
    /// Channels after the filter, in the chosen order.
    pub fn rows(&self) -> Vec<(&str, u32)> {
        let Some(Ok(res)) = &self.list else {
            return Vec::new();
        };
        let needle = self.filter.to_lowercase();
        let mut rows: Vec<(&str, u32)> = res
            .channels
            .iter()
            .filter(|(name, _)| needle.is_empty() || name.to_lowercase().contains(&needle))
            .map(|(name, c)| (name.as_str(), c.num_clients))
            .collect();
        if self.sort == ChanSort::Subscribers {
            rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        }
        rows
    }

    /// The selected row, clamped to the rows there are.
    pub fn selected(&self) -> usize {
        self.sel.min(self.rows().len().saturating_sub(1))
    }

    pub fn move_sel(&mut self, delta: i64) {
        self.sel = step(self.sel, self.rows().len(), delta);
    }

    /// The open channel's detail, when it answers the open channel.
    pub fn detail(&self) -> Option<&ChannelDetail> {
        let open = self.open.as_ref()?;
        self.detail.as_ref().filter(|d| &d.channel == open)
    }

    pub fn key(&mut self, c: char) {
        if c == 's' {
            self.sort = match self.sort {
                ChanSort::Subscribers => ChanSort::Name,
                ChanSort::Name => ChanSort::Subscribers,
            };
            self.sel = 0;
        }
    }

    pub fn enter(&mut self, act: &mut Act) {
        if self.open.is_none() {
            let name = self.rows().get(self.selected()).map(|r| r.0.to_string());
            match name {
                Some(n) => self.open = Some(n),
                None => act.info("no channel selected"),
            }
        }
    }

    /// Esc: closes the detail, else clears the filter; false when there was nothing to undo.
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

    /// The filter as it is being typed.
    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.sel = 0;
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        if let Some(open) = &self.open {
            self.draw_detail(env, f, area, open);
            return;
        }
        let res = match &self.list {
            None => return placeholder(f, area, "Channels", vec![loading(env)]),
            Some(Err(e)) => return placeholder(f, area, "Channels", vec![error_text(e)]),
            Some(Ok(r)) => r,
        };
        let rows = self.rows();
        let mut title = format!(
            " Channels ({} of {}) · sort: {} (s) ",
            rows.len(),
            res.channels.len(),
            match self.sort {
                ChanSort::Subscribers => "subscribers",
                ChanSort::Name => "name",
            }
        );
        if !self.filter.is_empty() {
            let _ = write!(title, "· filter: {} ", self.filter);
        }
        if rows.is_empty() {
            let msg = if res.channels.is_empty() {
                "no channel has subscribers right now"
            } else {
                "no channel matches the filter (Esc clears it)"
            };
            return placeholder(f, area, title.trim(), vec![Line::styled(msg, DIM)]);
        }
        let len = rows.len();
        let cells: Vec<(Vec<String>, Style)> = rows
            .iter()
            .map(|(n, c)| (vec![(*n).to_string(), c.to_string()], Style::new()))
            .collect();
        f.render_stateful_widget(
            sized_table(&COLS, cells, area.width, true).block(titled(title)),
            area,
            &mut table_state(self.selected(), len),
        );
    }

    fn draw_detail(&self, env: &Env, f: &mut Frame, area: Rect, open: &str) {
        let subscribers = match &self.list {
            Some(Ok(r)) => r.channels.get(open).map_or_else(
                || "0 subscribers".into(),
                |c| format!("{} subscribers", c.num_clients),
            ),
            _ => String::new(),
        };
        let keys = match self.detail().and_then(|d| d.map.as_ref()) {
            Some(Ok(m)) => format!(" · {} keys", m.num_keys),
            _ => String::new(),
        };
        let block = titled(format!(" {open} · {subscribers}{keys} · Esc back "));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(d) = self.detail() else {
            f.render_widget(Paragraph::new(loading(env)), inner);
            return;
        };
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(inner);
        match &d.presence {
            Err(e) => f.render_widget(
                Paragraph::new(vec![Line::styled("Presence", BOLD), error_text(e)])
                    .wrap(Wrap { trim: false }),
                left,
            ),
            Ok(p) => {
                let rows: Vec<(Vec<String>, Style)> = p
                    .presence
                    .values()
                    .map(|c| (vec![c.user.clone(), c.client.clone()], Style::new()))
                    .collect();
                let n = rows.len();
                // no left border: its width goes to the columns
                f.render_widget(
                    sized_table(&PRESENCE, rows, left.width + 1, false).block(
                        Block::default()
                            .borders(Borders::RIGHT)
                            .title(format!("Presence ({n})")),
                    ),
                    left,
                );
            }
        }
        match &d.map {
            Some(Err(e)) => {
                f.render_widget(
                    Paragraph::new(vec![Line::styled("Map state", BOLD), error_text(e)])
                        .wrap(Wrap { trim: false }),
                    right,
                );
                return;
            }
            Some(Ok(m)) => {
                let rows: Vec<(Vec<String>, Style)> = m
                    .state
                    .entries
                    .iter()
                    .map(|e| {
                        let data = match (&e.data, &e.info) {
                            (_, Some(i)) => format!("user {} client {}", i.user, i.client),
                            (Some(d), None) => d.get().to_string(),
                            (None, None) => format!("b64 {}", e.b64data),
                        };
                        (
                            vec![e.key.clone(), e.offset.to_string(), data],
                            Style::new(),
                        )
                    })
                    .collect();
                let position = if m.state.epoch.is_empty() {
                    "no stream".to_string()
                } else {
                    format!("offset {} · epoch {}", m.state.offset, m.state.epoch)
                };
                // the key count is in the header; a state longer than a page shows its start
                let what = if m.state.cursor.is_empty() {
                    "State"
                } else {
                    "First keys"
                };
                f.render_widget(
                    sized_table(&STATE, rows, right.width + 2, false)
                        .block(Block::default().title(format!(" {what} · {position}"))),
                    right,
                );
                return;
            }
            None => {}
        }
        match &d.history {
            Err(e) => f.render_widget(
                Paragraph::new(vec![Line::styled("History", BOLD), error_text(e)])
                    .wrap(Wrap { trim: false }),
                right,
            ),
            Ok(h) => {
                let rows: Vec<(Vec<String>, Style)> = h
                    .publications
                    .iter()
                    .map(|p| {
                        (
                            vec![
                                p.offset.to_string(),
                                p.info
                                    .as_ref()
                                    .map_or_else(|| "api".into(), |i| i.user.clone()),
                                p.data.get().to_string(),
                            ],
                            Style::new(),
                        )
                    })
                    .collect();
                f.render_widget(
                    sized_table(&HISTORY, rows, right.width + 2, false).block(
                        Block::default().title(format!(
                            " History, newest first (offset {}, epoch {})",
                            h.offset, h.epoch
                        )),
                    ),
                    right,
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::tui::app::tests::watches;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use crossterm::event::KeyCode;

    use crate::proto::{api, ClientInfo, Publication};
    use crate::tui::app::tests::{app, press, type_str};
    use crate::tui::app::App;
    use crate::tui::collector::{ChannelDetail, Snapshot, Update};
    use crate::tui::ui::tests::{draw_at, raw, snapshot};

    fn channels_app() -> App {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('2')]);
        let mut channels: BTreeMap<String, api::ChannelInfo> = [
            ("chat:index", 12),
            ("chat:room-1", 3),
            ("news", 7),
            ("$private:42", 1),
            ("chat:room-2", 3),
            (
                "tenant-7f3a9c:orders:eu-west-1:fulfilment-status-updates",
                14_500,
            ),
        ]
        .into_iter()
        .map(|(n, c)| (n.to_string(), api::ChannelInfo { num_clients: c }))
        .collect();
        for i in 0..30 {
            channels.insert(format!("room:{i:02}"), api::ChannelInfo { num_clients: 1 });
        }
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
    fn channels_80x24_and_200x50() {
        let mut a = channels_app();
        press(&mut a, &[KeyCode::Down, KeyCode::Down]);
        let narrow = draw_at(&a, 80, 24);
        insta::assert_snapshot!("channels_80x24", narrow);
        assert!(!narrow.contains("CHANNE "), "{narrow}");
        insta::assert_snapshot!("channels_200x50", draw_at(&a, 200, 50));
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "chat");
        insta::assert_snapshot!("channels_filter_typing_80x24", draw_at(&a, 80, 24));
    }

    #[test]
    fn channel_detail_80x24_and_200x50() {
        let mut a = channels_app();
        press(&mut a, &[KeyCode::Down, KeyCode::Enter]);
        assert_eq!(a.channels.open.as_deref(), Some("chat:index"));
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
                    binary: None,
                    key: String::new(),
                    removed: false,
                    version: 0,
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
                    map: None,
                }),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("channel_detail_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("channel_detail_200x50", draw_at(&a, 200, 50));
    }

    #[test]
    fn map_channel_detail_80x24_and_200x50() {
        use crate::proto::map::{MapEntry, MapReadStateResult};
        use crate::tui::collector::MapView;
        let mut a = channels_app();
        press(&mut a, &[KeyCode::Down, KeyCode::Enter]);
        let entries = ["cursor:alice", "cursor:bob", "cursor:carol"]
            .iter()
            .enumerate()
            .map(|(i, k)| MapEntry {
                key: (*k).to_string(),
                data: Some(raw(&format!("{{\"x\":{i},\"y\":{}}}", i * 2))),
                b64data: String::new(),
                tags: BTreeMap::new(),
                offset: 40 + i as u64,
                removed: false,
                time: 0,
                info: None,
            })
            .collect();
        snapshot(
            &mut a,
            Snapshot {
                channel: Some(ChannelDetail {
                    channel: "chat:index".into(),
                    presence: Ok(api::PresenceResult::default()),
                    history: Err("107 bad request".into()),
                    map: Some(Ok(MapView {
                        num_keys: 1_204,
                        state: MapReadStateResult {
                            entries,
                            offset: 1_977,
                            epoch: "q8Zt".into(),
                            cursor: "Y3Vyc29yOmNhcm9s".into(),
                        },
                    })),
                }),
                ..Snapshot::default()
            },
        );
        let narrow = draw_at(&a, 80, 24);
        assert!(narrow.contains("1204 keys"), "{narrow}");
        assert!(narrow.contains("cursor:bob"), "{narrow}");
        insta::assert_snapshot!("map_channel_detail_80x24", narrow);
        insta::assert_snapshot!("map_channel_detail_200x50", draw_at(&a, 200, 50));
    }

    #[test]
    fn channels_sort_filter_and_drill_down() {
        let mut a = app();
        press(&mut a, &[KeyCode::Tab]);
        let mut channels = BTreeMap::new();
        for (n, c) in [("chat:a", 1), ("chat:b", 5), ("news", 3)] {
            channels.insert(n.to_string(), api::ChannelInfo { num_clients: c });
        }
        a.apply(Update::Snapshot(Box::new(Snapshot {
            at_ms: 1,
            channels: Some(Ok(api::ChannelsResult { channels })),
            ..Snapshot::default()
        })));
        let names = |a: &App| -> Vec<String> {
            a.channels.rows().iter().map(|r| r.0.to_string()).collect()
        };
        assert_eq!(names(&a), ["chat:b", "news", "chat:a"]);
        press(&mut a, &[KeyCode::Char('s')]);
        assert_eq!(names(&a), ["chat:a", "chat:b", "news"]);
        press(&mut a, &[KeyCode::Char('/')]);
        type_str(&mut a, "CHAT");
        assert_eq!(names(&a), ["chat:a", "chat:b"], "filters while typing");
        press(&mut a, &[KeyCode::Enter, KeyCode::Down, KeyCode::Down]);
        assert_eq!(a.channels.selected(), 1, "clamped to the rows");
        a.take_requests();
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.channels.open.as_deref(), Some("chat:b"));
        let reqs = a.take_requests();
        assert_eq!(
            watches(&reqs).last().unwrap().channel.as_deref(),
            Some("chat:b")
        );
        press(&mut a, &[KeyCode::Esc]);
        assert_eq!(a.channels.open, None);
        press(&mut a, &[KeyCode::Esc]);
        assert!(a.channels.filter.is_empty());
        assert_eq!(names(&a).len(), 3);
    }
}

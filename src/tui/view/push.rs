//! The Push view: the push registry's devices counted by provider and by platform, the
//! largest topics (by devices), and `:push user ID` (Enter types it): that user's devices with
//! provider, platform and topics, and the user's own topics. Owns the last numbers, the user
//! looked up and its answer, and the selection in the user's devices.
//!
//! The numbers come from centri's `/admin/push/stats`, or, from a server without it, are
//! counted with `device_list`: then the largest topics say they are not available. Push off
//! (108) is shown as such, with the config key that turns it on.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{
    cut, error_text, loading, placeholder, sized_table, step, table_state, titled, Act, Col, Env,
    Mode, BOLD, DIM,
};
use crate::output::{count_of, push_token};
use crate::proto::push::{PLATFORMS, PROVIDERS};
use crate::tui::collector::{Fetched, PushState, PushUser};

/// From this width the user's devices show beside the largest topics instead of over them.
const SIDE_BY_SIDE: u16 = 120;
/// Cells of a share bar.
const BAR: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct Push {
    /// The last numbers.
    pub state: Option<Fetched<PushState>>,
    /// The user looked up.
    pub user: Option<String>,
    /// The last lookup, with the user it answers.
    pub lookup: Option<(String, Fetched<PushUser>)>,
    /// The selected device of the user.
    pub sel: usize,
}

const PROVIDER_COLS: [Col; 3] = [
    Col::keep("PROVIDER"),
    Col::keep("DEVICES"),
    Col::drop("SHARE", 1),
];
const PLATFORM_COLS: [Col; 3] = [
    Col::keep("PLATFORM"),
    Col::keep("DEVICES"),
    Col::drop("SHARE", 1),
];
const TOPIC_COLS: [Col; 3] = [
    Col::keep("TOPIC").shrink(10),
    Col::keep("DEVICES"),
    Col::drop("SHARE", 1),
];
const DEVICE_COLS: [Col; 5] = [
    Col::keep("DEVICE").shrink(8),
    Col::keep("PROVIDER"),
    Col::keep("PLATFORM"),
    Col::drop("TOPICS", 2).shrink(8),
    Col::drop("TOKEN", 1),
];

/// `n` of `total` as a bar and a percentage: `████░░░░░░  40%`.
fn share(n: u64, total: u64) -> String {
    if total == 0 {
        return "-".into();
    }
    let ratio = n as f64 / total as f64;
    let filled = ((ratio * BAR as f64).round() as usize).min(BAR);
    format!(
        "{}{} {:>3.0}%",
        "█".repeat(filled),
        "░".repeat(BAR - filled),
        ratio * 100.0
    )
}

impl Push {
    /// The lookup answering the current user.
    pub fn user_result(&self) -> Option<&Fetched<PushUser>> {
        match (&self.lookup, &self.user) {
            (Some((u, r)), Some(cur)) if u == cur => Some(r),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self.user_result() {
            Some(Ok(u)) => u.devices.len(),
            _ => 0,
        }
    }

    pub fn selected(&self) -> usize {
        self.sel.min(self.len().saturating_sub(1))
    }

    pub fn move_sel(&mut self, delta: i64) {
        self.sel = step(self.sel, self.len(), delta);
    }

    /// Enter: type the user to look up.
    pub fn enter(act: &mut Act) {
        act.mode = Some(Mode::Command("push user ".into()));
    }

    /// Esc: back to the largest topics; whether there was a lookup to leave.
    pub fn back(&mut self) -> bool {
        self.sel = 0;
        self.user.take().is_some()
    }

    /// `:push` shows the view; `:push user ID` looks a user up.
    pub fn command(&mut self, args: &[&str], act: &mut Act) {
        match args {
            [] => {}
            ["user", id] => {
                self.user = Some((*id).to_string());
                self.sel = 0;
            }
            _ => act.error("use :push user ID, e.g. :push user 42"),
        }
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        let (stats, no_topics) = match &self.state {
            None => return placeholder(f, area, "Push", vec![loading(env)]),
            Some(Err(e)) => return placeholder(f, area, "Push", vec![error_text(e)]),
            Some(Ok(PushState::Off)) => {
                return placeholder(
                    f,
                    area,
                    "Push",
                    vec![
                        Line::styled(
                            "Push notifications are off on this server (108 not available).",
                            BOLD,
                        ),
                        Line::from(""),
                        Line::from(
                            "Enable push_notifications.enabled in its config, or run `centri serve --dev`.",
                        ),
                    ],
                )
            }
            Some(Ok(PushState::On { stats, no_topics })) => (stats, no_topics.as_deref()),
        };
        let [counts, rest] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(area);
        let [by_provider, by_platform] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(counts);
        let total = stats.devices;
        let rows = |names: &[&str], counts: &std::collections::BTreeMap<String, u64>| {
            // the known names in their usual order, then any other the server counts
            let mut keys: Vec<&str> = names.to_vec();
            keys.extend(
                counts
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !names.contains(k)),
            );
            keys.into_iter()
                .map(|k| {
                    let n = counts.get(k).copied().unwrap_or(0);
                    let style = if n == 0 { DIM } else { Style::new() };
                    (vec![k.to_string(), n.to_string(), share(n, total)], style)
                })
                .collect::<Vec<_>>()
        };
        f.render_widget(
            sized_table(
                &PROVIDER_COLS,
                rows(PROVIDERS, &stats.by_provider),
                by_provider.width,
                false,
            )
            .block(titled(format!(
                " {} · by provider ",
                count_of(total, "push device")
            ))),
            by_provider,
        );
        f.render_widget(
            sized_table(
                &PLATFORM_COLS,
                rows(PLATFORMS, &stats.by_platform),
                by_platform.width,
                false,
            )
            .block(titled(" by platform ")),
            by_platform,
        );
        let topics = |f: &mut Frame, area: Rect| {
            if let Some(why) = no_topics {
                return placeholder(
                    f,
                    area,
                    "Largest topics",
                    vec![
                        Line::from(format!("largest topics: {why}")),
                        Line::styled(
                            "the counts above come from device_list, one call per provider and platform",
                            DIM,
                        ),
                    ],
                );
            }
            if stats.top_topics.is_empty() {
                return placeholder(
                    f,
                    area,
                    "Largest topics",
                    vec![Line::styled("no topics yet", DIM)],
                );
            }
            let rows = stats
                .top_topics
                .iter()
                .map(|t| {
                    (
                        vec![
                            t.topic.clone(),
                            t.devices.to_string(),
                            share(t.devices, total),
                        ],
                        Style::new(),
                    )
                })
                .collect();
            f.render_widget(
                sized_table(&TOPIC_COLS, rows, area.width, false).block(titled(format!(
                    " Largest topics · top {} by devices ",
                    stats.top_topics.len()
                ))),
                area,
            );
        };
        match &self.user {
            None => topics(f, rest),
            Some(user) if area.width >= SIDE_BY_SIDE => {
                let [left, right] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(rest);
                topics(f, left);
                self.draw_user(user, env, f, right);
            }
            Some(user) => self.draw_user(user, env, f, rest),
        }
    }

    /// The user's topics over the user's devices.
    fn draw_user(&self, user: &str, env: &Env, f: &mut Frame, area: Rect) {
        let title = format!("User {user}");
        let u = match self.user_result() {
            None => return placeholder(f, area, &title, vec![loading(env)]),
            Some(Err(e)) => return placeholder(f, area, &title, vec![error_text(e)]),
            Some(Ok(u)) => u,
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        let topics = if u.topics.is_empty() {
            Line::styled(
                "none (topics of the user reach all of the user's devices)",
                DIM,
            )
        } else {
            let more = if u.more_topics { ", …" } else { "" };
            Line::from(cut(
                &format!("{}{more}", u.topics.join(", ")),
                usize::from(top.width.saturating_sub(2)),
            ))
        };
        f.render_widget(
            Paragraph::new(topics).block(titled(format!(" User {user} · topics "))),
            top,
        );
        if u.devices.is_empty() {
            return placeholder(
                f,
                bottom,
                &format!("Devices of {user}"),
                vec![Line::styled("no devices", DIM)],
            );
        }
        let rows: Vec<(Vec<String>, Style)> = u
            .devices
            .iter()
            .map(|d| {
                (
                    vec![
                        d.id.clone(),
                        d.provider.clone(),
                        d.platform.clone(),
                        d.topics.as_deref().unwrap_or_default().join(","),
                        push_token(&d.provider, &d.token),
                    ],
                    Style::new(),
                )
            })
            .collect();
        let len = rows.len();
        let title = format!(
            " Devices of {user} · {}{} ",
            count_of(len as u64, "device"),
            if u.more_devices { " (the first)" } else { "" }
        );
        f.render_stateful_widget(
            sized_table(&DEVICE_COLS, rows, bottom.width, true).block(titled(title)),
            bottom,
            &mut table_state(self.selected(), len),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use crossterm::event::KeyCode;

    use super::*;
    use crate::proto::push::{Device, PushStats, TopicCount};
    use crate::tui::app::tests::{app, press, type_str, watches};
    use crate::tui::app::{Mode, View};
    use crate::tui::collector::Snapshot;
    use crate::tui::ui::tests::{draw_at, snapshot};

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    }

    pub fn stats() -> PushStats {
        PushStats {
            devices: 1_284,
            by_provider: counts(&[("fcm", 702), ("apns", 411), ("webpush", 171)]),
            by_platform: counts(&[("android", 702), ("ios", 411), ("web", 171)]),
            top_topics: [
                ("news", 1_120),
                ("sport", 640),
                ("breaking", 388),
                ("weather:eu-west", 97),
                (
                    "a-very-long-topic-name:for-the-marketing-team:spring-campaign-2025",
                    12,
                ),
            ]
            .iter()
            .map(|(t, n)| TopicCount {
                topic: (*t).to_string(),
                devices: *n,
            })
            .collect(),
        }
    }

    fn alice() -> PushUser {
        let dev = |id: &str, provider: &str, platform: &str, token: &str, topics: &[&str]| Device {
            id: id.into(),
            provider: provider.into(),
            platform: platform.into(),
            token: token.into(),
            user: "alice".into(),
            topics: Some(topics.iter().map(|t| (*t).to_string()).collect()),
            ..Device::default()
        };
        PushUser {
            devices: vec![
                dev(
                    "0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f",
                    "fcm",
                    "android",
                    "dXp9Zk3-fcm-registration-token-152-chars",
                    &["news", "sport", "own-topic"],
                ),
                dev(
                    "0190f3a2-8d5f-7e2b-8c4f-3a7b9d2e5f60",
                    "apns",
                    "ios",
                    "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                    &["news", "sport"],
                ),
                dev(
                    "0190f3a2-9e60-7f3c-9d50-4b8cae3f6071",
                    "webpush",
                    "web",
                    "https://fcm.googleapis.com/fcm/send/secret-subscription-path",
                    &["news", "sport"],
                ),
            ],
            more_devices: false,
            topics: vec!["news".into(), "sport".into()],
            more_topics: false,
        }
    }

    /// The Push view with the numbers (and `lookup`, when given).
    fn push_app(
        state: Fetched<PushState>,
        lookup: Option<(&str, PushUser)>,
    ) -> crate::tui::app::App {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('8')]);
        if let Some((user, _)) = &lookup {
            press(&mut a, &[KeyCode::Enter]);
            type_str(&mut a, user);
            press(&mut a, &[KeyCode::Enter]);
        }
        snapshot(
            &mut a,
            Snapshot {
                push: Some(state),
                push_user: lookup.map(|(u, r)| (u.to_string(), Ok(r))),
                ..Snapshot::default()
            },
        );
        a
    }

    #[test]
    fn push_80x24_and_160x40() {
        let on = || {
            Ok(PushState::On {
                stats: stats(),
                no_topics: None,
            })
        };
        let a = push_app(on(), None);
        let s = draw_at(&a, 80, 24);
        insta::assert_snapshot!("push_80x24", s);
        assert!(s.contains("[8 Push]"), "{s}");
        insta::assert_snapshot!("push_160x40", draw_at(&a, 160, 40));
        let a = push_app(on(), Some(("alice", alice())));
        let s = draw_at(&a, 80, 24);
        insta::assert_snapshot!("push_user_80x24", s);
        assert!(
            !s.contains("secret-subscription-path"),
            "a whole token:\n{s}"
        );
        insta::assert_snapshot!("push_user_160x40", draw_at(&a, 160, 40));
    }

    #[test]
    fn push_off_and_counted_without_topics() {
        let a = push_app(Ok(PushState::Off), None);
        let s = draw_at(&a, 80, 24);
        insta::assert_snapshot!("push_off_80x24", s);
        assert!(s.contains("push_notifications.enabled"), "{s}");
        let counted = PushStats {
            top_topics: Vec::new(),
            ..stats()
        };
        let a = push_app(
            Ok(PushState::On {
                stats: counted,
                no_topics: Some("not available on this server".into()),
            }),
            None,
        );
        let s = draw_at(&a, 80, 24);
        insta::assert_snapshot!("push_counted_80x24", s);
        assert!(
            s.contains("largest topics: not available on this server"),
            "{s}"
        );
    }

    #[test]
    fn enter_types_a_user_that_the_collector_is_asked_for_and_esc_leaves_it() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('8')]);
        assert_eq!(a.view, View::Push);
        let w = a.take_requests();
        let last = watches(&w).last().copied().cloned().unwrap();
        assert!(last.push && last.push_user.is_none(), "{last:?}");
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.mode, Mode::Command("push user ".into()));
        type_str(&mut a, "alice");
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.push.user.as_deref(), Some("alice"));
        let w = a.take_requests();
        assert_eq!(
            watches(&w).last().unwrap().push_user.as_deref(),
            Some("alice")
        );
        // an answer for another user is not shown as alice's
        snapshot(
            &mut a,
            Snapshot {
                push_user: Some(("bob".into(), Ok(PushUser::default()))),
                ..Snapshot::default()
            },
        );
        assert!(a.push.user_result().is_none());
        snapshot(
            &mut a,
            Snapshot {
                push_user: Some(("alice".into(), Ok(alice()))),
                ..Snapshot::default()
            },
        );
        press(&mut a, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
        assert_eq!(
            a.push.selected(),
            2,
            "the selection stops at the last device"
        );
        press(&mut a, &[KeyCode::Esc]);
        assert!(a.push.user.is_none());
        let w = a.take_requests();
        assert_eq!(watches(&w).last().unwrap().push_user, None);
        // :push user with no id says how; leaving the view stops the polling
        crate::tui::app::tests::command(&mut a, "push user");
        assert!(a.current_flash().unwrap().text.contains(":push user ID"));
        press(&mut a, &[KeyCode::Char('1')]);
        let w = a.take_requests();
        assert!(!watches(&w).last().unwrap().push);
    }

    #[test]
    fn shares_are_bars_with_percentages() {
        assert_eq!(share(0, 0), "-");
        assert_eq!(share(1, 4), "███░░░░░░░  25%");
        assert_eq!(share(4, 4), "██████████ 100%");
        assert_eq!(share(0, 4), "░░░░░░░░░░   0%");
    }
}

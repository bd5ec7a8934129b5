//! The Users view: the status of the users of `:users 1,2,3` (online, away or offline, as
//! `centri user status` derives it, with fixed windows), whether they are blocked (access
//! controls), their last connection and activity and their state.

use std::collections::BTreeMap;
use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::Frame;

use super::{
    error_text, loading, placeholder, sized_table, step, table_state, titled, Act, Col, Env, Mode,
    BOLD, DIM,
};
use crate::output::user_status_cells;
use crate::proto::api::{self, Presence};
use crate::tui::collector::Fetched;

/// A user seen connected within this long is online (as `centri user status`).
pub const ONLINE_WITHIN_SECS: i64 = 60;
/// Online but not active for longer than this is away (as `centri user status`).
pub const AWAY_AFTER_SECS: i64 = 300;

/// Online, away or offline as `centri user status` derives it, with the dashboard's fixed
/// windows ([`ONLINE_WITHIN_SECS`], [`AWAY_AFTER_SECS`]).
pub fn presence_of(st: &api::UserStatus, now_secs: i64) -> Presence {
    st.presence(
        now_secs,
        Duration::from_secs(ONLINE_WITHIN_SECS.unsigned_abs()),
        Duration::from_secs(AWAY_AFTER_SECS.unsigned_abs()),
    )
}

#[derive(Debug, Clone, Default)]
pub struct Users {
    /// The user IDs asked for, in order, without duplicates.
    pub ids: Vec<String>,
    /// The last answer, with the IDs it answers.
    pub status: Option<(Vec<String>, Fetched<api::GetUserStatusResult>)>,
    /// Blocked users and when their block ends (unix s; 0: until lifted); `None` while
    /// unknown (a server without `access_list`).
    pub blocked: Option<BTreeMap<String, i64>>,
    pub sel: usize,
}

const COLS: [Col; 6] = [
    Col::keep("USER").shrink(8),
    Col::keep("STATUS"),
    Col::keep("BLOCK"),
    Col::keep("ONLINE"),
    Col::drop("ACTIVE", 2),
    Col::drop("STATE", 1).shrink(8),
];

impl Users {
    /// The statuses answering the current IDs.
    pub fn rows(&self) -> Option<&Fetched<api::GetUserStatusResult>> {
        match &self.status {
            Some((u, r)) if *u == self.ids => Some(r),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self.rows() {
            Some(Ok(r)) => r.statuses.len(),
            _ => 0,
        }
    }

    pub fn selected(&self) -> usize {
        self.sel.min(self.len().saturating_sub(1))
    }

    pub fn move_sel(&mut self, delta: i64) {
        self.sel = step(self.sel, self.len(), delta);
    }

    /// The block entries of an `access_list` answer.
    pub fn set_blocks(&mut self, entries: &[api::AccessEntry]) {
        self.blocked = Some(
            entries
                .iter()
                .filter(|e| e.kind == "block")
                .map(|e| (e.key.clone(), e.expire_at))
                .collect(),
        );
    }

    /// The BLOCK cell: `blocked`, `blocked 59m` (ends in), `-`, or `?` when unknown.
    fn block_cell(&self, user: &str, now: i64) -> (String, bool) {
        match self.blocked.as_ref().map(|b| b.get(user)) {
            None => ("?".into(), false),
            Some(None) => ("-".into(), false),
            Some(Some(0)) => ("blocked".into(), true),
            Some(Some(&t)) => (
                format!(
                    "blocked {}",
                    crate::output::human_secs(u64::try_from(t - now).unwrap_or(0))
                ),
                true,
            ),
        }
    }

    pub fn set_ids(&mut self, ids: Vec<String>) {
        self.ids = ids;
        self.sel = 0;
    }

    pub fn enter(act: &mut Act) {
        act.mode = Some(Mode::Command("users ".into()));
    }

    /// `:users 1,2 3`: the IDs, split on commas and spaces, without duplicates.
    pub fn command(&mut self, args: &[&str], act: &mut Act) {
        if args.is_empty() {
            return;
        }
        let mut users: Vec<String> = Vec::new();
        for id in args.iter().flat_map(|a| a.split(',')) {
            if !id.is_empty() && !users.iter().any(|u| u == id) {
                users.push(id.to_string());
            }
        }
        if users.len() > api::MAX_STATUS_USERS {
            act.error(format!(
                "{} users: at most {}",
                users.len(),
                api::MAX_STATUS_USERS
            ));
            return;
        }
        self.set_ids(users);
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        if self.ids.is_empty() {
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
                        "online = seen connected within 60s, active within 5m or not yet reported; away = connected, last active over 5m ago; offline = not seen connected within 60s. Needs user_status.enabled",
                        DIM,
                    ),
                ],
            );
        }
        let title = format!(
            " Users · {} · online: connected within 60s, active within 5m or not yet ",
            self.ids.len()
        );
        let res = match self.rows() {
            None => return placeholder(f, area, title.trim(), vec![loading(env)]),
            Some(Err(e)) => return placeholder(f, area, title.trim(), vec![error_text(e)]),
            Some(Ok(r)) => r,
        };
        let now = i64::try_from(env.now_ms / 1000).unwrap_or(i64::MAX);
        let rows: Vec<(Vec<String>, Style)> = res
            .statuses
            .iter()
            .map(|s| {
                let p = presence_of(s, now);
                let (block, blocked) = self.block_cell(&s.user, now);
                let style = match p {
                    _ if blocked => Style::new().fg(Color::Red),
                    Presence::Online => Style::new().fg(Color::Green),
                    Presence::Away => Style::new().fg(Color::Yellow),
                    Presence::Offline => DIM,
                };
                let mut cells = user_status_cells(s, p, now);
                cells.insert(2, block);
                (cells, style)
            })
            .collect();
        let len = rows.len();
        f.render_stateful_widget(
            sized_table(&COLS, rows, area.width, true).block(titled(title)),
            area,
            &mut table_state(self.selected(), len),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tui::app::tests::{app, command};
    use crate::tui::collector::Snapshot;
    use crate::tui::ui::tests::{draw_at, snapshot, T0};

    #[test]
    fn users_80x24_and_200x50() {
        let mut a = app();
        command(
            &mut a,
            "users 42,43,44,45,a-user-id-from-an-identity-provider-7f3a9c",
        );
        let now = i64::try_from((T0 + 60_000) / 1000).unwrap();
        let st =
            |user: &str, online: Option<i64>, active: Option<i64>, state: &str| api::UserStatus {
                user: user.into(),
                online: online.map(|o| now - o),
                active: active.map(|a| now - a),
                state: state.into(),
            };
        let users = a.users.ids.clone();
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
                            st(
                                "a-user-id-from-an-identity-provider-7f3a9c",
                                Some(1),
                                Some(1),
                                "in a meeting until 15:00, then travelling",
                            ),
                        ],
                    }),
                )),
                blocks: Some(vec![
                    api::AccessEntry {
                        kind: "block".into(),
                        key: "43".into(),
                        expire_at: now + 3600,
                        ..api::AccessEntry::default()
                    },
                    api::AccessEntry {
                        kind: "block".into(),
                        key: "45".into(),
                        ..api::AccessEntry::default()
                    },
                ]),
                ..Snapshot::default()
            },
        );
        insta::assert_snapshot!("users_80x24", draw_at(&a, 80, 24));
        insta::assert_snapshot!("users_200x50", draw_at(&a, 200, 50));
    }

    #[test]
    fn presence_is_derived_like_user_status() {
        let st = |online, active| api::UserStatus {
            user: "u".into(),
            online,
            active,
            state: String::new(),
        };
        let now = 10_000;
        assert_eq!(
            presence_of(&st(Some(now - 60), Some(now - 300)), now),
            Presence::Online
        );
        assert_eq!(
            presence_of(&st(Some(now - 5), Some(now - 301)), now),
            Presence::Away
        );
        assert_eq!(
            presence_of(&st(Some(now - 5), None), now),
            Presence::Online,
            "just connected, never reported active"
        );
        assert_eq!(
            presence_of(&st(Some(now - 61), Some(now)), now),
            Presence::Offline
        );
        assert_eq!(presence_of(&st(None, None), now), Presence::Offline);
    }
}

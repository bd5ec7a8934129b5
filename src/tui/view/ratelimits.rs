//! The Rate limits view: the effective table of limiters and their operations (live edits
//! marked), and the recent rejections. `e` edits a key's buckets, `d` switches dry-run, `x`
//! drops a live edit; each asks first. The table is as high as its rows; the hits take the
//! rest of the screen.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::Frame;

use super::{
    clock, error_text, loading, placeholder, short, sized_table, step, table_state, titled, yes_no,
    Act, Col, Env, Mode, DIM,
};
use crate::proto::ratelimit::{self, Entry, Patch};
use crate::tui::collector::{Action, Fetched};

#[derive(Debug, Clone, Default)]
pub struct RateLimits {
    pub view: Option<Fetched<ratelimit::View>>,
    pub filter: String,
    pub sel: usize,
}

const COLS: [Col; 5] = [
    Col::keep("KEY").shrink(16),
    Col::keep("BUCKETS"),
    Col::drop("ENABLED", 3),
    Col::drop("SOURCE", 2),
    Col::keep("DRY-RUN"),
];
/// The rule names the limiter and the operation: those go first, before the rule is cut.
const HITS: [Col; 8] = [
    Col::keep("TIME"),
    Col::drop("LIMITER", 6),
    Col::drop("OP", 5),
    Col::drop("NS", 4),
    Col::keep("RULE").shrink_after(12, 4),
    Col::keep("USER").shrink_after(6, 3),
    Col::drop("CLIENT", 3),
    Col::keep("OUTCOME"),
];
/// Rows the hits keep at least, when there are hits.
const MIN_HITS: u16 = 6;

impl RateLimits {
    /// Entries after the filter.
    pub fn rows(&self) -> Vec<&Entry> {
        let Some(Ok(v)) = &self.view else {
            return Vec::new();
        };
        let needle = self.filter.to_lowercase();
        v.entries
            .iter()
            .filter(|e| needle.is_empty() || e.key.to_lowercase().contains(&needle))
            .collect()
    }

    pub fn selected(&self) -> usize {
        self.sel.min(self.rows().len().saturating_sub(1))
    }

    pub fn move_sel(&mut self, delta: i64) {
        self.sel = step(self.sel, self.rows().len(), delta);
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.sel = 0;
    }

    /// Esc: clears the filter; false when there was none.
    pub fn back(&mut self) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        self.filter.clear();
        true
    }

    pub fn key(&self, c: char, read_only: Option<&str>, act: &mut Act) {
        match c {
            'e' => self.edit(read_only, act),
            'd' => self.dry_run(read_only, act),
            'x' => self.remove(read_only, act),
            _ => {}
        }
    }

    fn selected_entry(&self) -> Option<Entry> {
        self.rows().get(self.selected()).map(|e| (*e).clone())
    }

    pub fn edit(&self, read_only: Option<&str>, act: &mut Act) {
        if !act.writable(read_only, "edit rate limits") {
            return;
        }
        let Some(e) = self.selected_entry() else {
            act.info("no rate-limit key selected");
            return;
        };
        if !e.key.contains('.') {
            act.info(format!(
                "{} is a limiter: edit one of its operations, or d for its dry-run",
                e.key
            ));
            return;
        }
        act.mode = Some(Mode::Edit {
            key: e.key,
            old: e.buckets.clone(),
            buffer: e.buckets,
        });
    }

    fn dry_run(&self, read_only: Option<&str>, act: &mut Act) {
        if !act.writable(read_only, "switch dry-run") {
            return;
        }
        let Some(e) = self.selected_entry() else {
            act.info("no rate-limit key selected");
            return;
        };
        // dry-run keys are LIMITER or LIMITER.OP; override rows switch their operation
        let key: String = e.key.split('.').take(2).collect::<Vec<_>>().join(".");
        let limiter = key.split('.').next().unwrap_or_default().to_string();
        let limiter_on = self.rows().iter().any(|x| x.key == limiter && x.dry_run);
        if key != limiter && limiter_on && e.dry_run {
            act.info(format!(
                "dry-run is on for the whole {limiter} limiter: switch it on that row"
            ));
            return;
        }
        let on = !e.dry_run;
        act.mode = Some(Mode::Confirm {
            prompt: format!(
                "switch dry-run {} for {key} (rejections {})?",
                if on { "ON" } else { "OFF" },
                if on {
                    "are only counted"
                } else {
                    "apply again"
                }
            ),
            action: Action::RateLimit(Patch {
                dry_run: BTreeMap::from([(key, on)]),
                ..Patch::default()
            }),
        });
    }

    fn remove(&self, read_only: Option<&str>, act: &mut Act) {
        if !act.writable(read_only, "remove a live edit") {
            return;
        }
        let Some(e) = self.selected_entry() else {
            act.info("no rate-limit key selected");
            return;
        };
        if e.source != "live" {
            act.info(format!(
                "{} comes from the config file: there is no live edit to remove",
                e.key
            ));
            return;
        }
        act.mode = Some(Mode::Confirm {
            prompt: format!(
                "remove the live edit of {} (the config file's value applies again)?",
                e.key
            ),
            action: Action::RateLimit(Patch {
                remove: vec![e.key],
                ..Patch::default()
            }),
        });
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        let v = match &self.view {
            None => return placeholder(f, area, "Rate limits", vec![loading(env)]),
            Some(Err(e)) => return placeholder(f, area, "Rate limits", vec![error_text(e)]),
            Some(Ok(v)) => v,
        };
        let rows = self.rows();
        // the table as high as its rows (borders and header: 3), the hits get the rest
        let table_h = u16::try_from(rows.len().max(1))
            .unwrap_or(u16::MAX)
            .saturating_add(3);
        let table_h = if v.recent_hits.is_empty() {
            table_h.min(area.height.saturating_sub(3))
        } else {
            table_h.min(area.height.saturating_sub(MIN_HITS).max(area.height / 2))
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Length(table_h), Constraint::Fill(1)]).areas(area);
        let mut title = format!(" Rate limits · generation {} ", v.generation);
        if !v.state_file.is_empty() {
            let _ = write!(title, "· live edits persist in {} ", v.state_file);
        }
        if !self.filter.is_empty() {
            let _ = write!(title, "· filter: {} ", self.filter);
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
            let cells: Vec<(Vec<String>, Style)> = rows
                .iter()
                .map(|e| {
                    (
                        vec![
                            e.key.clone(),
                            if e.buckets.is_empty() {
                                "-".into()
                            } else {
                                e.buckets.clone()
                            },
                            yes_no(e.enabled).to_string(),
                            e.source.clone(),
                            yes_no(e.dry_run).to_string(),
                        ],
                        if e.dry_run {
                            Style::new().fg(Color::Yellow)
                        } else {
                            Style::new()
                        },
                    )
                })
                .collect();
            let len = cells.len();
            f.render_stateful_widget(
                sized_table(&COLS, cells, top.width, true).block(titled(title)),
                top,
                &mut table_state(self.selected(), len),
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
        let hit_rows: Vec<(Vec<String>, Style)> = v.recent_hits[skip..]
            .iter()
            .map(|h| {
                (
                    vec![
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
                    ],
                    Style::new(),
                )
            })
            .collect();
        let shown = hit_rows.len();
        f.render_widget(
            sized_table(&HITS, hit_rows, bottom.width, false).block(titled(format!(
                " Recent hits, newest last ({shown} of {} kept) ",
                v.recent_hits.len()
            ))),
            bottom,
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use crossterm::event::{KeyEvent, KeyModifiers};

    use crate::proto::ratelimit::{self, Patch};
    use crate::tui::app::tests::with_ratelimits;
    use crate::tui::app::{Level, Mode};
    use crate::tui::collector::{Action, Request};
    use crossterm::event::KeyCode;

    use crate::proto::ratelimit::{Entry, Hit};
    use crate::tui::app::tests::{app, press, type_str};
    use crate::tui::app::App;
    use crate::tui::collector::{Snapshot, Update};
    use crate::tui::ui::tests::{draw, draw_at, snapshot, T0};

    fn rl_view(hits: u64) -> crate::proto::ratelimit::View {
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
            ],
            recent_hits: (0..hits)
                .map(|i| {
                    hit(
                        i,
                        if i % 3 == 0 { "subscribe" } else { "publish" },
                        &format!("{}", 40 + i % 5),
                        i % 7 == 0,
                    )
                })
                .collect(),
            ..crate::proto::ratelimit::View::default()
        }
    }

    fn rl_app(read_only: bool, hits: u64) -> App {
        let mut a = app();
        if read_only {
            a.settings.read_only = Some("--read-only".into());
        }
        press(&mut a, &[KeyCode::Char('5')]);
        snapshot(
            &mut a,
            Snapshot {
                ratelimit: Some(Ok(rl_view(hits))),
                ..Snapshot::default()
            },
        );
        a
    }

    /// Rows of the hits table on a screen: the lines with a hit's outcome.
    fn hit_rows(s: &str) -> usize {
        s.lines().filter(|l| l.contains("reject")).count()
    }

    #[test]
    fn ratelimits_80x24_and_200x50_give_the_hits_the_room() {
        let mut a = rl_app(false, 50);
        press(&mut a, &[KeyCode::Down]);
        let narrow = draw_at(&a, 80, 24);
        insta::assert_snapshot!("ratelimits_80x24", narrow);
        let wide = draw_at(&a, 200, 50);
        insta::assert_snapshot!("ratelimits_200x50", wide);
        // a 4-row table takes 7 rows; 50 hits get the rest of 50 rows
        assert!(hit_rows(&wide) >= 30, "{wide}");
        assert!(hit_rows(&narrow) >= 8, "{narrow}");
        let empty = wide
            .lines()
            .filter(|l| l.trim_matches(['│', ' ', '"']).is_empty());
        assert!(empty.count() < 3, "empty rows:\n{wide}");
    }

    #[test]
    fn ratelimits_edit_and_confirm() {
        let mut a = rl_app(false, 3);
        press(&mut a, &[KeyCode::Down]);
        press(
            &mut a,
            &[KeyCode::Char('e'), KeyCode::Backspace, KeyCode::Backspace],
        );
        type_str(&mut a, "5s");
        insta::assert_snapshot!("ratelimits_edit_80x24", draw_at(&a, 80, 24));
        press(&mut a, &[KeyCode::Enter]);
        insta::assert_snapshot!("ratelimits_confirm_80x24", draw_at(&a, 80, 24));
        press(&mut a, &[KeyCode::Char('y')]);
        a.apply(Update::Done {
            ok: true,
            message: "rate limits applied: client_command.publish 10/1s → 10/5s".into(),
        });
        assert!(draw(&a).contains("rate limits applied"));
    }

    #[test]
    fn read_only_mode() {
        let mut a = rl_app(true, 3);
        press(&mut a, &[KeyCode::Down, KeyCode::Char('e')]);
        insta::assert_snapshot!("ratelimits_read_only_80x24", draw_at(&a, 80, 24));
    }

    #[test]
    fn ratelimit_edit_needs_a_valid_spec_and_a_yes() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('5')]);
        with_ratelimits(&mut a);
        press(&mut a, &[KeyCode::Down, KeyCode::Char('e')]);
        assert!(
            matches!(&a.mode, Mode::Edit { key, buffer, .. } if key == "client_command.publish" && buffer == "10/1s")
        );
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_str(&mut a, "fast");
        press(&mut a, &[KeyCode::Enter]);
        assert_eq!(a.current_flash().unwrap().level, Level::Error);
        assert!(matches!(a.mode, Mode::Edit { .. }));
        a.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_str(&mut a, "20/s");
        press(&mut a, &[KeyCode::Enter]);
        let Mode::Confirm { prompt, .. } = &a.mode else {
            panic!("expected a confirmation, got {:?}", a.mode)
        };
        assert!(prompt.contains("10/1s → 20/1s"), "{prompt}");
        assert!(a
            .take_requests()
            .iter()
            .all(|r| !matches!(r, Request::Act(_))));
        press(&mut a, &[KeyCode::Char('y')]);
        let reqs = a.take_requests();
        let Some(Request::Act(Action::RateLimit(p))) =
            reqs.iter().find(|r| matches!(r, Request::Act(_)))
        else {
            panic!("no action in {reqs:?}")
        };
        assert_eq!(
            ratelimit::format_buckets(&p.set["client_command.publish"]),
            "20/1s"
        );
        // n declines
        press(&mut a, &[KeyCode::Char('d')]);
        assert!(matches!(a.mode, Mode::Confirm { .. }));
        press(&mut a, &[KeyCode::Char('n')]);
        assert!(a
            .take_requests()
            .iter()
            .all(|r| !matches!(r, Request::Act(_))));
    }

    #[test]
    fn dry_run_and_remove_build_patches() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('5')]);
        with_ratelimits(&mut a);
        press(&mut a, &[KeyCode::Char('d'), KeyCode::Char('y')]);
        let reqs = a.take_requests();
        assert!(reqs.contains(&Request::Act(Action::RateLimit(Patch {
            dry_run: BTreeMap::from([("client_command".into(), true)]),
            ..Patch::default()
        }))));
        press(&mut a, &[KeyCode::Down, KeyCode::Char('x')]);
        assert!(a.current_flash().unwrap().text.contains("config file"));
        press(
            &mut a,
            &[KeyCode::Down, KeyCode::Char('x'), KeyCode::Char('y')],
        );
        assert!(a
            .take_requests()
            .contains(&Request::Act(Action::RateLimit(Patch {
                remove: vec!["client_command.subscribe".into()],
                ..Patch::default()
            }))));
    }
}

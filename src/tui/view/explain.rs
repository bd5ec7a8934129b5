//! The Explain view: the verdict of `:explain OP USER CHANNEL` from the server, the inputs it
//! was computed from, and each permission check in order, marked as `centri explain` marks
//! them (`output::CheckMark`, one legend for both).

use std::fmt::Write as _;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{
    error_text, loading, placeholder, sized_table, table_state, titled, Act, Col, Env, Mode, BOLD,
    DIM,
};
use crate::output::CheckMark;
use crate::proto::explain::{ExplainRequest, ExplainResult};
use crate::tui::collector::Fetched;

#[derive(Debug, Clone, Default)]
pub struct Explain {
    /// The question asked.
    pub req: Option<ExplainRequest>,
    /// The last answer, with the question it answers.
    pub res: Option<(ExplainRequest, Fetched<ExplainResult>)>,
}

const COLS: [Col; 4] = [
    Col::keep("#"),
    Col::keep("CHECK").shrink(16),
    Col::keep("RESULT"),
    Col::drop("DETAIL", 1).shrink(12),
];

impl Explain {
    /// The result answering the current request.
    pub fn result(&self) -> Option<&Fetched<ExplainResult>> {
        match (&self.res, &self.req) {
            (Some((q, r)), Some(cur)) if q == cur => Some(r),
            _ => None,
        }
    }

    pub fn enter(act: &mut Act) {
        act.mode = Some(Mode::Command("explain subscribe ".into()));
    }

    /// `:explain OP USER CHANNEL` (`-` or no user: anonymous).
    pub fn command(&mut self, args: &[&str], act: &mut Act) {
        if args.is_empty() {
            return;
        }
        let (op, user, channel) = match args {
            [op, user, channel] => (*op, *user, *channel),
            [op, channel] => (*op, "", *channel),
            _ => {
                act.error("use :explain OP USER CHANNEL, e.g. :explain subscribe 42 chat:index");
                return;
            }
        };
        if !matches!(op, "subscribe" | "publish" | "history" | "presence") {
            act.error(format!(
                "{op:?}: the operation is subscribe, publish, history or presence"
            ));
            return;
        }
        self.req = Some(ExplainRequest {
            op: op.to_string(),
            user: if user == "-" { "" } else { user }.to_string(),
            channel: channel.to_string(),
            ..ExplainRequest::default()
        });
    }

    pub fn draw(&self, env: &Env, f: &mut Frame, area: Rect) {
        let Some(req) = &self.req else {
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
        let r = match self.result() {
            None => return placeholder(f, area, title.trim(), vec![loading(env)]),
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
        let rows: Vec<(Vec<String>, Style)> = r
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mark = CheckMark::of(r, i);
                let style = match mark {
                    CheckMark::Allowed => {
                        Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
                    }
                    CheckMark::Denied => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                    CheckMark::Passed => Style::new(),
                    CheckMark::Skipped | CheckMark::NotReached => DIM,
                };
                (
                    vec![
                        (i + 1).to_string(),
                        c.rule.clone(),
                        mark.label().to_string(),
                        c.detail.clone(),
                    ],
                    style,
                )
            })
            .collect();
        let checks = rows.len();
        // no border around the checks: the two cells of the block's borders are the table's
        f.render_stateful_widget(
            sized_table(&COLS, rows, table_area.width + 2, true),
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
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::proto::explain::{ExplainCheck, ExplainInputs, ExplainResult};
    use crate::tui::app::tests::{app, command};
    use crate::tui::collector::Snapshot;
    use crate::tui::ui::tests::{draw_at, snapshot};

    #[test]
    fn explain_80x24_and_200x50() {
        let mut a = app();
        command(&mut a, "explain publish 42 private:x");
        let req = a.explain.req.clone().unwrap();
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
            op: "publish".into(),
            channel: "private:x".into(),
            namespace: "private".into(),
            namespace_key: "channel.namespaces[1]".into(),
            options: serde_json::json!({}),
            inputs: ExplainInputs {
                user: "42".into(),
                token: "none".into(),
                sub_token: "none".into(),
                subscribed: false,
                subscribed_from: "live connection".into(),
                ..ExplainInputs::default()
            },
            checks: vec![
                check("resolve_namespace", "passed", "passed", "namespace private"),
                check("connection_caps", "skipped", "skipped", "token has no caps"),
                check(
                    "user_limited_channel",
                    "skipped",
                    "skipped",
                    "no # in the channel",
                ),
                check(
                    "allow_publish_for_client",
                    "decided",
                    "passed",
                    "off in channel.namespaces[1]",
                ),
                check(
                    "allow_publish_for_subscriber",
                    "passed",
                    "passed",
                    "client is not subscribed",
                ),
            ],
            decided: Some(3),
            hint: "set allow_publish_for_client in channel.namespaces[1]".into(),
            server_side: String::new(),
        };
        snapshot(
            &mut a,
            Snapshot {
                explain: Some((req, Ok(res))),
                ..Snapshot::default()
            },
        );
        let narrow = draw_at(&a, 80, 24);
        insta::assert_snapshot!("explain_80x24", narrow);
        insta::assert_snapshot!("explain_200x50", draw_at(&a, 200, 50));
        // the check after the decider is not reached, and the legend says what marks mean
        let after = narrow
            .lines()
            .find(|l| l.contains("allow_publish_for_subscriber"))
            .unwrap();
        assert!(
            after.contains("– not reached") && !after.contains("passed"),
            "{after}"
        );
        assert!(narrow.contains("– not reached"), "{narrow}");
        assert!(narrow.contains("✘ decided: denied"), "the legend: {narrow}");
    }
}

//! The Overview view: one row per node and a total (columns sized to their content; at
//! narrow widths the trend, memory and CPU go first), then sparklines of the cluster's
//! messages in and out and of its clients. Owns the sampled series behind the sparklines.

use std::collections::{BTreeMap, VecDeque};

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{RenderDirection, Sparkline};
use ratatui::Frame;

use super::{loading, placeholder, sized_table, spark_text, titled, Col, Env, BOLD};
use crate::output::{node_cells, node_total_cells, rate};
use crate::proto::api;

/// Samples kept per series: ten minutes at the default 1 s refresh.
pub const HISTORY_CAP: usize = 600;

/// A sampled series for a sparkline, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub pub_in: VecDeque<f64>,
    pub msg_out: VecDeque<f64>,
    pub clients: VecDeque<f64>,
}

impl Series {
    fn push(&mut self, pub_in: f64, msg_out: f64, clients: f64) {
        for (s, v) in [
            (&mut self.pub_in, pub_in),
            (&mut self.msg_out, msg_out),
            (&mut self.clients, clients),
        ] {
            s.push_back(v);
            while s.len() > HISTORY_CAP {
                s.pop_front();
            }
        }
    }
}

/// The overview's state: the series per node and for the whole cluster.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub nodes: BTreeMap<String, Series>,
    pub total: Series,
}

/// The nodes table, in the order of [`node_cells`] plus the trend.
const COLS: [Col; 11] = [
    Col::keep("NODE").shrink(16),
    Col::keep("CLIENTS"),
    Col::drop("USERS", 4),
    Col::drop("CHANNELS", 3),
    Col::drop("SUBS", 5),
    Col::drop("UPTIME", 6),
    Col::keep("PUB IN/S"),
    Col::keep("MSG OUT/S"),
    Col::drop("CPU", 7),
    Col::drop("RSS", 8),
    Col::drop("OUT/S TREND", 9),
];
/// Samples in the table's trend cells.
const TREND_W: usize = 12;

impl Overview {
    /// Adds one sample per node and for the total.
    pub fn record(&mut self, info: &api::InfoResult) {
        let mut total = (0.0, 0.0, 0.0);
        for n in &info.nodes {
            let i = n.rate(api::ITEM_PUBLICATIONS_IN).unwrap_or(0.0);
            let o = n.rate(api::ITEM_MESSAGES_OUT).unwrap_or(0.0);
            let c = f64::from(n.num_clients);
            total = (total.0 + i, total.1 + o, total.2 + c);
            self.nodes.entry(n.name.clone()).or_default().push(i, o, c);
        }
        // nodes that left the cluster stop being drawn
        self.nodes
            .retain(|name, _| info.nodes.iter().any(|n| &n.name == name));
        self.total.push(total.0, total.1, total.2);
    }

    pub fn draw(&self, info: Option<&api::InfoResult>, env: &Env, f: &mut Frame, area: Rect) {
        let Some(info) = info else {
            placeholder(f, area, "Overview", vec![loading(env)]);
            return;
        };
        let mut rows: Vec<(Vec<String>, Style)> = info
            .nodes
            .iter()
            .map(|n| {
                let trend = self
                    .nodes
                    .get(&n.name)
                    .map(|s| spark_text(&s.msg_out, TREND_W))
                    .unwrap_or_default();
                let mut cells = node_cells(n);
                cells.push(trend);
                (cells, Style::new())
            })
            .collect();
        let mut total = node_total_cells(info);
        total.push(spark_text(&self.total.msg_out, TREND_W));
        rows.push((total, BOLD));
        // the table as high as its rows, the sparklines share the rest
        let table_h = u16::try_from(rows.len())
            .unwrap_or(u16::MAX)
            .saturating_add(3);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(table_h), Constraint::Min(0)]).areas(area);
        f.render_widget(
            sized_table(&COLS, rows, top.width, false).block(titled(" Nodes ")),
            top,
        );
        let [a, b, c] = Layout::vertical([
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
            Constraint::Ratio(1, 3),
        ])
        .areas(bottom);
        let window = self.total.clients.len() as u32;
        let span = humantime::format_duration(env.refresh.saturating_mul(window)).to_string();
        let per_sec = |v: f64| rate(Some(v));
        let count = |v: f64| format!("{v:.0}");
        spark(
            f,
            a,
            "messages in/s (publications received)",
            &self.total.pub_in,
            &span,
            per_sec,
        );
        spark(
            f,
            b,
            "messages out/s (delivered to clients)",
            &self.total.msg_out,
            &span,
            per_sec,
        );
        spark(f, c, "clients", &self.total.clients, &span, count);
    }
}

fn spark(
    f: &mut Frame,
    area: Rect,
    title: &str,
    values: &VecDeque<f64>,
    span: &str,
    show: fn(f64) -> String,
) {
    if area.height < 3 {
        return;
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::tui::app::tests::{app, press};
    use crate::tui::ui::tests::{draw_at, feed_info, feed_long_info};

    #[test]
    fn overview_80x24_and_200x50() {
        let mut a = app();
        feed_long_info(&mut a, 40);
        let narrow = draw_at(&a, 80, 24);
        insta::assert_snapshot!("overview_80x24", narrow);
        let wide = draw_at(&a, 200, 50);
        insta::assert_snapshot!("overview_200x50", wide);
        // values are whole at 80 columns: the 14.5 MiB RSS goes as a column, never cut
        for cut in ["CHANNE ", "MSG OU ", "14.5 M "] {
            assert!(!narrow.contains(cut), "{cut:?} is cut:\n{narrow}");
        }
        // the node column is as wide as the longest name, not the screen
        let header = wide.lines().find(|l| l.contains("NODE")).unwrap();
        let gap = header.find("CLIENTS").unwrap() - header.find("NODE").unwrap();
        let longest = "centrifugo-7f9c4d8b6-x2x9q.eu-west-1.prod.internal".len();
        assert_eq!(gap, longest + 1, "NODE takes {gap} columns:\n{wide}");
    }

    #[test]
    fn overview_connecting_and_paused() {
        let mut a = app();
        insta::assert_snapshot!("overview_connecting", draw_at(&a, 80, 24));
        feed_info(&mut a, 3);
        press(&mut a, &[KeyCode::Char('p')]);
        feed_info(&mut a, 1);
        let s = draw_at(&a, 100, 30);
        assert!(s.contains("PAUSED: new data held"), "{s}");
    }
}

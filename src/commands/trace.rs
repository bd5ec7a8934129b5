//! `centri trace user ID | channel CH | replay FILE`: the live event stream of a user or a
//! channel from `/admin/trace`. One readable line per event on a terminal (coloured when
//! allowed), NDJSON with `-o json|ndjson` or when piped; `--filter`, `--count`, `--duration`,
//! `--record`; Ctrl-C stops cleanly and prints a summary (events seen, dropped, duration).

use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{io, Class, Ctx, Failure};
use crate::cli::{OutputFormat, TraceCmd, TraceOpts};
use crate::filter::Filter;
use crate::output::write_stdout;

/// The least of the payload a line keeps, however narrow the terminal.
const MIN_PAYLOAD: usize = 24;

/// Cuts `text` to at most `max` characters, ending in `...` when cut.
fn cut_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(3)).collect();
    s.push_str("...");
    s
}

/// One readable line for an event. With a `width` (the terminal's), the payload is cut so the
/// line fits it; without one (piped), nothing is cut.
pub fn format_event(ev: &Value, color: bool, width: Option<u16>) -> String {
    let s = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("");
    let time = ev
        .get("time")
        .and_then(Value::as_u64)
        .map_or_else(String::new, |ms| {
            let secs = ms / 1000;
            format!(
                "{:02}:{:02}:{:02}.{:03}",
                secs / 3600 % 24,
                secs / 60 % 60,
                secs % 60,
                ms % 1000
            )
        });
    let kind = s("type");
    let arrow = match s("direction") {
        "in" => "→",
        "out" => "←",
        _ => "·",
    };
    let who = match (s("user"), s("client")) {
        ("", "") => String::new(),
        (u, "") => format!("user {u}"),
        (u, c) => format!("user {u} {}", c.get(..8).unwrap_or(c)),
    };
    let mut detail = Vec::new();
    if let Some(code) = ev.get("code").and_then(Value::as_u64) {
        detail.push(format!("code {code}"));
    }
    for k in ["reason", "rule", "detail", "source"] {
        if !s(k).is_empty() {
            detail.push(format!("{k}: {}", s(k)));
        }
    }
    if let Some(n) = ev.get("count").and_then(Value::as_u64) {
        detail.push(format!("{n} events dropped"));
    }
    let payload = ev
        .get("payload")
        .filter(|p| !p.is_null())
        .map(Value::to_string);
    let paint = |code: &str, t: &str| {
        if color {
            format!("\x1b[{code}m{t}\x1b[0m")
        } else {
            t.to_string()
        }
    };
    let kind_col = match kind {
        "denied" | "disconnect" | "dropped" => paint("31", &format!("{kind:<12}")),
        "publication" | "push" => paint("32", &format!("{kind:<12}")),
        "connect" | "subscribe" | "join" => paint("36", &format!("{kind:<12}")),
        _ => format!("{kind:<12}"),
    };
    let columns = |kind: &str| {
        format!(
            "{time}  {arrow} {kind} {who:<22} {:<18} {}",
            s("channel"),
            detail.join("  ")
        )
    };
    let mut line = columns(&kind_col);
    if let Some(p) = payload {
        let sep = if detail.is_empty() { "" } else { "  " };
        // the columns the line takes so far, colour codes left out
        let used = columns(&format!("{kind:<12}")).chars().count() + sep.len();
        let room = width.map_or(usize::MAX, |w| {
            usize::from(w).saturating_sub(used).max(MIN_PAYLOAD)
        });
        line.push_str(sep);
        line.push_str(&cut_chars(&p, room));
    }
    let line = line.trim_end();
    format!("{line}\n")
}

/// Counts what a trace saw.
#[derive(Debug, Default)]
struct Summary {
    events: u64,
    shown: u64,
    dropped: u64,
}

impl Summary {
    fn json(&self, secs: f64) -> Value {
        serde_json::json!({"type": "summary", "events": self.events, "shown": self.shown, "dropped": self.dropped, "seconds": (secs * 1000.0).round() / 1000.0})
    }
}

struct Printer<'a> {
    ctx: &'a Ctx,
    filter: Option<Filter>,
    record: Option<std::fs::File>,
    summary: Summary,
}

impl Printer<'_> {
    fn json(&self) -> bool {
        self.ctx.out.format != OutputFormat::Table
    }

    /// Handles one event line; true when it was shown.
    fn event(&mut self, line: &str) -> Result<bool, Failure> {
        let Ok(ev) = serde_json::from_str::<Value>(line) else {
            return Ok(false);
        };
        if ev.is_null() {
            return Ok(false);
        }
        self.summary.events += 1;
        if ev.get("type").and_then(Value::as_str) == Some("dropped") {
            self.summary.dropped += ev.get("count").and_then(Value::as_u64).unwrap_or(0);
        }
        if let Some(f) = &mut self.record {
            writeln!(f, "{line}").map_err(|e| {
                Failure::new(Class::Other, format!("cannot write the record file: {e}"))
            })?;
        }
        if self.filter.as_ref().is_some_and(|f| !f.matches(&ev)) {
            return Ok(false);
        }
        self.summary.shown += 1;
        let text = if self.json() {
            format!("{}\n", serde_json::to_string(&ev).unwrap_or_default())
        } else {
            format_event(&ev, self.ctx.out.color, self.ctx.out.width)
        };
        write_stdout(&text).map_err(io)?;
        Ok(true)
    }

    /// Prints the summary; after Ctrl-C on a line of its own, not after the terminal's `^C`.
    fn finish(&self, started: Instant, interrupted: bool) -> Result<(), Failure> {
        let secs = started.elapsed().as_secs_f64();
        if self.json() {
            write_stdout(&format!("{}\n", self.summary.json(secs))).map_err(io)?;
        }
        self.ctx.out.notice(&format!(
            "{}{} events ({} shown), {} dropped by the server, {:.1}s",
            if interrupted { "\n" } else { "" },
            self.summary.events,
            self.summary.shown,
            self.summary.dropped,
            secs
        ));
        Ok(())
    }
}

fn printer<'a>(
    ctx: &'a Ctx,
    filter: Option<&str>,
    record: Option<&str>,
) -> Result<Printer<'a>, Failure> {
    let filter = filter
        .map(Filter::parse)
        .transpose()
        .map_err(|e| Failure::usage(format!("--filter: {e}")))?;
    let record = record
        .map(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .map_err(|e| Failure::usage(format!("--record {p}: {e}")))
        })
        .transpose()?;
    Ok(Printer {
        ctx,
        filter,
        record,
        summary: Summary::default(),
    })
}

pub async fn run(ctx: &Ctx, cmd: TraceCmd) -> Result<ExitCode, Failure> {
    let (kind, entity, opts) = match cmd {
        TraceCmd::Replay { file, filter } => return replay(ctx, &file, filter.as_deref()),
        TraceCmd::User { id, opts } => ("user", id, opts),
        TraceCmd::Channel { channel, opts } => ("channel", channel, opts),
    };
    live(ctx, kind, &entity, &opts).await
}

async fn live(ctx: &Ctx, kind: &str, entity: &str, opts: &TraceOpts) -> Result<ExitCode, Failure> {
    let mut p = printer(ctx, opts.filter.as_deref(), opts.record.as_deref())?;
    // Catch Ctrl-C from the start: a `ctrl_c()` future made inside the loop registers only
    // when first polled, so a Ctrl-C just after "tracing …" could kill the process before
    // the summary (seen in CI).
    let mut sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| Failure::new(Class::Other, format!("cannot catch Ctrl-C: {e}")))?;
    let settings = ctx.settings()?;
    let client = ctx.client()?;
    let mut stream = client
        .trace(kind, entity, settings.admin_key.as_deref())
        .await
        .map_err(|e| match e {
            crate::client::ClientError::Http { status: 404, .. } => {
                Failure::new(Class::Rejected, "the server has no admin trace endpoint")
                    .hint("enable it with admin.enabled (and admin.api_key) in the server config")
            }
            crate::client::ClientError::Unauthorized => {
                Failure::new(Class::Auth, "the server rejected the admin key (HTTP 401)").hint(
                    "pass --admin-key (or CENTRI_ADMIN_KEY, or a context) matching admin.api_key",
                )
            }
            other => Failure::from(other),
        })?;
    let started = Instant::now();
    let deadline = opts.duration.map(|d| tokio::time::Instant::now() + d);
    let far = tokio::time::Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600);
    let mut announced = false;
    let mut reached = false;
    let mut interrupted = false;
    loop {
        let line = tokio::select! {
            l = stream.next_line() => l,
            () = tokio::time::sleep_until(deadline.unwrap_or(far)) => break,
            _ = sigint.recv() => {
                interrupted = true;
                break;
            }
        };
        let Some(line) = line.map_err(Failure::from)? else {
            ctx.out.notice("the server closed the trace stream");
            break;
        };
        if !announced {
            announced = true;
            ctx.out.notice(&format!(
                "tracing {kind} {entity} on {} (Ctrl-C to stop)",
                client.base()
            ));
        }
        if p.event(&line)? && opts.count.is_some_and(|c| p.summary.shown >= c) {
            reached = true;
            break;
        }
    }
    p.finish(started, interrupted)?;
    if interrupted {
        // SIGINT, as the exit-code table says (shared/UX.md): the summary was printed.
        return Ok(ExitCode::from(130));
    }
    if opts.count.is_some() && opts.duration.is_some() && !reached {
        return Ok(ExitCode::from(Class::Cancelled.exit_code()));
    }
    Ok(ExitCode::SUCCESS)
}

fn replay(ctx: &Ctx, file: &str, filter: Option<&str>) -> Result<ExitCode, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::usage(format!("cannot read {file}: {e}")))?;
    let mut p = printer(ctx, filter, None)?;
    let started = Instant::now();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        p.event(line)?;
    }
    p.finish(started, false)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn readable_lines() {
        let ev = serde_json::json!({"v":1,"time": 1_700_000_000_123u64,"type":"denied","direction":"internal","user":"42","client":"0123456789abcdef","channel":"private:x","code":103,"rule":"client.insecure","detail":"off"});
        let line = format_event(&ev, false, None);
        assert!(line.starts_with("22:13:20.123  · denied"), "{line}");
        assert!(
            line.contains("user 42 01234567")
                && line.contains("private:x")
                && line.contains("code 103")
                && line.contains("rule: client.insecure"),
            "{line}"
        );
        let colored = format_event(&ev, true, None);
        assert!(colored.contains("\x1b[31m"));
    }

    /// Issue 15 (14): the payload uses the terminal's width, whatever it is.
    #[test]
    fn payloads_fit_the_terminal() {
        let long = serde_json::json!({"type":"connect","user":"42","client":"0123456789abcdef",
            "payload":{"x":"é".repeat(500)}});
        let cols = |s: &str| s.trim_end().chars().count();
        for w in [100u16, 120, 200] {
            let line = format_event(&long, false, Some(w));
            assert_eq!(cols(&line), usize::from(w), "{line}");
            assert!(line.trim_end().ends_with("..."), "{line}");
        }
        let wide = format_event(&long, true, Some(200));
        assert_eq!(
            cols(&wide) - cols(&format_event(&long, false, Some(200))),
            "\x1b[36m\x1b[0m".len(),
            "colour codes take no columns"
        );
        let whole = format_event(&long, false, None);
        assert!(whole.contains(&"é".repeat(500)), "piped: nothing is cut");
        let short = serde_json::json!({"type":"push","payload":{"x":1}});
        assert!(format_event(&short, false, Some(80))
            .trim_end()
            .ends_with(r#"{"x":1}"#));
        let narrow = format_event(&long, false, Some(20));
        assert!(
            narrow.contains(&"é".repeat(10)),
            "a little payload is always shown"
        );
    }
}

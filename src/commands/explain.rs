//! `centri explain OP --user U --channel CH`: the server's ordered permission checks for one
//! decision, with the one that decided and how to change it. Asks the server
//! (`/admin/explain`), or runs the same code offline against `--config F`.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::{io, Class, Ctx, Failure};
use crate::cli::ExplainArgs;
use crate::client::ClientError;
use crate::proto::explain::{ExplainRequest, ExplainResult};

fn request(a: &ExplainArgs) -> ExplainRequest {
    ExplainRequest {
        op: a.op.clone(),
        user: a.user.clone(),
        channel: a.channel.clone(),
        token: a.token.clone().unwrap_or_default(),
        sub_token: a.sub_token.clone().unwrap_or_default(),
        subscribed: if a.subscribed {
            Some(true)
        } else if a.not_subscribed {
            Some(false)
        } else {
            None
        },
    }
}

fn offline(path: &str, req: &ExplainRequest) -> Result<ExplainResult, Failure> {
    let env: std::collections::HashMap<String, String> = std::env::vars().collect();
    let loaded = crate::server::config::load_file(path, &env)
        .map_err(|e| Failure::new(Class::Usage, format!("{path}: {e}")))?;
    let (conn, sub) = crate::server::explain::verifiers(&loaded.config)
        .map_err(|e| Failure::new(Class::Usage, format!("{path}: {e}")))?;
    crate::server::explain::explain(&loaded.config, &conn, &sub, None, req, |_, _| false)
        .map_err(|e| Failure::new(Class::Usage, e))
}

async fn online(ctx: &Ctx, req: &ExplainRequest) -> Result<ExplainResult, Failure> {
    let settings = ctx.settings()?;
    let client = ctx.client()?;
    client
        .explain(settings.admin_key.as_deref(), req)
        .await
        .map_err(|e| match e {
            ClientError::Unauthorized => {
                Failure::new(Class::Auth, "the server rejected the admin key (HTTP 401)").hint(
                    "pass --admin-key (or CENTRI_ADMIN_KEY, or a context) matching admin.api_key",
                )
            }
            ClientError::Http { status: 400, body } => Failure::new(Class::Usage, body),
            ClientError::Http {
                status: 404 | 405, ..
            } => Failure::new(
                Class::Rejected,
                "the server has no explain endpoint (/admin/explain)",
            )
            .hint("use a centri server with admin.enabled, or run offline with --config FILE"),
            other => Failure::from(other),
        })
}

/// The human rendering: the verdict, the inputs, each check, the hint.
fn render(ctx: &Ctx, r: &ExplainResult) -> String {
    let mut s = String::new();
    let verdict = if r.allowed {
        "ALLOWED".to_string()
    } else {
        format!("DENIED ({} {})", r.code, r.message)
    };
    let user = if r.inputs.user.is_empty() {
        "(anonymous)".to_string()
    } else {
        format!("{:?}", r.inputs.user)
    };
    let _ = writeln!(s, "{} on {:?} for user {user}: {verdict}", r.op, r.channel);
    let ns = crate::output::explain_namespace(r);
    let _ = writeln!(s, "namespace: {ns}");
    let mut inputs = format!("token: {}", r.inputs.token);
    if r.inputs.caps > 0 {
        let _ = write!(inputs, " ({} caps)", r.inputs.caps);
    }
    let _ = write!(inputs, ", subscription token: {}", r.inputs.sub_token);
    if !r.inputs.sub_allow.is_empty() {
        let _ = write!(inputs, " (allow {})", r.inputs.sub_allow.join(","));
    }
    if r.op != "subscribe" {
        let _ = write!(
            inputs,
            ", subscribed: {} ({})",
            r.inputs.subscribed, r.inputs.subscribed_from
        );
    }
    let _ = writeln!(s, "inputs: {inputs}");
    let rows: Vec<Vec<String>> = r
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = crate::output::CheckMark::of(r, i).label();
            vec![
                (i + 1).to_string(),
                c.rule.clone(),
                mark.to_string(),
                c.detail.clone(),
            ]
        })
        .collect();
    s.push_str(
        &ctx.out
            .render_table(&["#", "check", "result", "detail"], &rows),
    );
    let _ = writeln!(s, "{}", crate::output::EXPLAIN_LEGEND);
    if !r.hint.is_empty() {
        let _ = writeln!(s, "to allow it: {}", r.hint);
    }
    if !r.server_side.is_empty() {
        let _ = writeln!(s, "server-side: {}", r.server_side);
    }
    s
}

pub async fn run(ctx: &Ctx, a: ExplainArgs) -> Result<ExitCode, Failure> {
    let req = request(&a);
    let r = match &a.config {
        Some(path) => offline(path, &req)?,
        None => online(ctx, &req).await?,
    };
    ctx.out.emit(&r, || render(ctx, &r)).map_err(io)?;
    if r.allowed {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(Class::Verdict.exit_code()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn subscribed_flags_map_to_the_request() {
        let mut a = ExplainArgs {
            op: "publish".into(),
            user: "42".into(),
            channel: "chat:1".into(),
            token: None,
            sub_token: None,
            subscribed: false,
            not_subscribed: false,
            config: None,
        };
        assert_eq!(request(&a).subscribed, None);
        a.subscribed = true;
        assert_eq!(request(&a).subscribed, Some(true));
        a.subscribed = false;
        a.not_subscribed = true;
        assert_eq!(request(&a).subscribed, Some(false));
    }
}

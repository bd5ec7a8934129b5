//! `centri context add|ls|use|show|rm`: named server settings, secrets masked in every listing.

use std::process::ExitCode;

use serde_json::json;

use super::{io, Class, Ctx, Failure};
use crate::cli::ContextCmd;
use crate::context::{self as store, Context};
use crate::output::mask;

fn masked(name: &str, c: &Context, current: bool) -> serde_json::Value {
    json!({
        "name": name,
        "current": current,
        "server": c.server,
        "api_key": c.api_key.as_deref().map(mask),
        "admin_key": c.admin_key.as_deref().map(mask),
        "hmac_secret": c.hmac_secret.as_deref().map(mask),
        "read_only": c.read_only,
        "login": c.login.as_ref().map(|l| json!({
            "who": l.who(),
            "issuer": l.issuer,
            "client_id": l.client_id,
            "flow": l.flow,
            "expires_at": l.expires_at,
            "refreshable": l.refresh_token.is_some(),
        })),
    })
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(fail)`
fn fail(e: store::ContextError) -> Failure {
    let class = if e.is_usage() {
        Class::Usage
    } else {
        Class::Other
    };
    Failure::new(class, e.to_string())
}

pub fn run(ctx: &Ctx, cmd: ContextCmd) -> Result<ExitCode, Failure> {
    let mut file = store::load().map_err(fail)?;
    match cmd {
        ContextCmd::Add {
            name,
            server,
            api_key,
            admin_key,
            hmac_secret,
            read_only,
        } => {
            let server = store::normalize_server(&server).map_err(fail)?;
            // re-adding a context for the same server keeps its sign-in
            let login = file
                .contexts
                .get(&name)
                .filter(|old| old.server == server)
                .and_then(|old| old.login.clone());
            let c = Context {
                server,
                api_key,
                admin_key,
                hmac_secret,
                read_only,
                login,
            };
            file.contexts.insert(name.clone(), c.clone());
            if file.current.is_none() {
                file.current = Some(name.clone());
            }
            store::save(&file).map_err(fail)?;
            let current = file.current.as_deref() == Some(name.as_str());
            let path = store::path().map_err(fail)?;
            ctx.out
                .emit(&masked(&name, &c, current), || {
                    format!(
                        "context {name:?} saved to {}{}\n",
                        path.display(),
                        if current { " (current)" } else { "" }
                    )
                })
                .map_err(io)?;
        }
        ContextCmd::Ls => {
            let list: Vec<serde_json::Value> = file
                .contexts
                .iter()
                .map(|(n, c)| masked(n, c, file.current.as_deref() == Some(n.as_str())))
                .collect();
            ctx.out
                .emit(&list, || {
                    let rows: Vec<Vec<String>> = file
                        .contexts
                        .iter()
                        .map(|(n, c)| {
                            vec![
                                if file.current.as_deref() == Some(n.as_str()) {
                                    format!("* {n}")
                                } else {
                                    format!("  {n}")
                                },
                                c.server.clone(),
                                c.api_key.as_deref().map(mask).unwrap_or_default(),
                                c.hmac_secret.as_deref().map(mask).unwrap_or_default(),
                                if c.read_only {
                                    "yes".into()
                                } else {
                                    String::new()
                                },
                            ]
                        })
                        .collect();
                    ctx.out.render_table(
                        &["name", "server", "api key", "hmac secret", "read-only"],
                        &rows,
                    )
                })
                .map_err(io)?;
        }
        ContextCmd::Use { name } => {
            if !file.contexts.contains_key(&name) {
                return Err(fail(store::ContextError::Unknown(name)));
            }
            file.current = Some(name.clone());
            store::save(&file).map_err(fail)?;
            ctx.out
                .emit(&json!({"current": name}), || {
                    format!("now using context {name:?}\n")
                })
                .map_err(io)?;
        }
        ContextCmd::Show { name } => {
            let name = name.or_else(|| file.current.clone()).ok_or_else(|| {
                Failure::usage("no current context").hint("centri context add NAME --server URL")
            })?;
            let c = file
                .contexts
                .get(&name)
                .ok_or_else(|| fail(store::ContextError::Unknown(name.clone())))?;
            let doc = masked(&name, c, file.current.as_deref() == Some(name.as_str()));
            ctx.out
                .emit(&doc, || {
                    let pairs: Vec<(String, String)> = doc
                        .as_object()
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| {
                                    (
                                        k.clone(),
                                        if v.is_null() {
                                            String::new()
                                        } else if k == "login" {
                                            format!(
                                                "{} ({} sign-in at {}, bearer until {})",
                                                v["who"].as_str().unwrap_or_default(),
                                                v["flow"].as_str().unwrap_or_default(),
                                                v["issuer"].as_str().unwrap_or_default(),
                                                crate::output::utc_time(
                                                    v["expires_at"].as_i64().unwrap_or_default()
                                                )
                                            )
                                        } else {
                                            v.to_string().trim_matches('"').to_string()
                                        },
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    ctx.out.render_kv(&pairs)
                })
                .map_err(io)?;
        }
        ContextCmd::Rm { name } => {
            if file.contexts.remove(&name).is_none() {
                return Err(fail(store::ContextError::Unknown(name)));
            }
            if file.current.as_deref() == Some(name.as_str()) {
                file.current = None;
            }
            store::save(&file).map_err(fail)?;
            ctx.out
                .emit(&json!({"removed": name}), || {
                    format!("context {name:?} removed\n")
                })
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

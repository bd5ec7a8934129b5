//! `centri login` and `centri logout`: which provider and client to sign in with (flags, the
//! context's earlier login, else the server's `GET /admin/oidc`), which flow (device or
//! browser), where the tokens go (the context; one named "default" is made for the server when
//! none is in use), and what the person sees. The flows themselves are [`crate::login`]'s.

use std::io::IsTerminal;
use std::process::ExitCode;

use serde_json::json;

use super::{io, Class, Ctx, Failure};
use crate::cli::{LoginArgs, LogoutArgs};
use crate::context::{self as store, Context};
use crate::login::oauth::{self, Target};
use crate::login::{self, device, pkce, LoginError};

/// The context a login made when none was in use.
const DEFAULT_CONTEXT: &str = "default";

impl From<LoginError> for Failure {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Expired { .. } => {
                Failure::new(Class::Auth, e.to_string()).hint("run centri login")
            }
            LoginError::Denied(_) => {
                Failure::new(Class::Auth, e.to_string()).hint("run centri login to try again")
            }
            LoginError::Unreachable(_) => Failure::new(Class::Unreachable, e.to_string())
                .hint("is the provider up? check --issuer or the server's admin.oidc.issuer"),
            LoginError::Provider(_) => Failure::new(Class::Other, e.to_string()),
            LoginError::Usage(_) => Failure::usage(e.to_string()),
            LoginError::Context(c) => {
                let class = if c.is_usage() {
                    Class::Usage
                } else {
                    Class::Other
                };
                Failure::new(class, c.to_string())
            }
        }
    }
}

/// Whether a browser on this machine can be expected: a display, and not an SSH session.
fn browser_at_hand() -> bool {
    let var = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if var("SSH_CONNECTION") || var("SSH_TTY") {
        return var("BROWSER");
    }
    var("BROWSER") || var("DISPLAY") || var("WAYLAND_DISPLAY") || cfg!(target_os = "macos")
}

/// The provider and client to use: flags first, then the context's earlier login, then what
/// the server's `admin.oidc` names.
async fn target(
    ctx: &Ctx,
    a: &LoginArgs,
    earlier: Option<&login::Login>,
) -> Result<Target, Failure> {
    let mut issuer = a.issuer.clone();
    let mut client_id = a.client_id.clone();
    let mut audience = a.audience.clone();
    if issuer.is_none() || client_id.is_none() {
        if let Some(l) = earlier {
            issuer = issuer.or_else(|| Some(l.issuer.clone()));
            client_id = client_id.or_else(|| Some(l.client_id.clone()));
            audience = audience.or_else(|| l.audience.clone());
        }
    }
    if issuer.is_none() || client_id.is_none() {
        let client = ctx.client()?;
        let r = client
            .raw(reqwest::Method::GET, "/admin/oidc", None)
            .await
            .map_err(Failure::from)?;
        if r.status != 200 {
            return Err(Failure::usage(format!(
                "{} does not name an OIDC provider (GET /admin/oidc: HTTP {}: {})",
                client.base(),
                r.status,
                String::from_utf8_lossy(&r.body).trim()
            ))
            .hint("pass --issuer and --client-id, or set admin.oidc on the server"));
        }
        let info: serde_json::Value = serde_json::from_slice(&r.body)
            .map_err(|e| Failure::new(Class::Other, format!("GET /admin/oidc is not JSON: {e}")))?;
        let field = |k: &str| {
            info[k]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        issuer = issuer.or_else(|| field("issuer"));
        client_id = client_id.or_else(|| field("client_id"));
        audience = audience.or_else(|| field("audience"));
    }
    let issuer = issuer.ok_or_else(|| Failure::usage("no issuer: pass --issuer"))?;
    let client_id = client_id.ok_or_else(|| {
        Failure::usage("no OAuth client: pass --client-id")
            .hint("or set admin.oidc.client_id on the server")
    })?;
    Ok(Target {
        issuer,
        client_id,
        audience: audience.filter(|s| !s.is_empty()),
        scope: a.scope.clone(),
    })
}

/// The context the login goes into, made ("default", for the effective server) when none is
/// in use.
fn context_for_login(ctx: &Ctx) -> Result<(String, Option<login::Login>), Failure> {
    let s = ctx.settings()?;
    if let Some(name) = s.context {
        let file = store::load().map_err(LoginError::from)?;
        let earlier = file.contexts.get(&name).and_then(|c| c.login.clone());
        return Ok((name, earlier));
    }
    let mut file = store::load().map_err(LoginError::from)?;
    if let Some(existing) = file.contexts.get(DEFAULT_CONTEXT) {
        if existing.server != s.server {
            return Err(Failure::usage(format!(
                "no context is in use, and context {DEFAULT_CONTEXT:?} is for {}",
                existing.server
            ))
            .hint("pick one: centri -C NAME login, or centri context add NAME --server URL"));
        }
    } else {
        file.contexts.insert(
            DEFAULT_CONTEXT.into(),
            Context {
                server: s.server.clone(),
                ..Context::default()
            },
        );
    }
    file.current = Some(DEFAULT_CONTEXT.into());
    store::save(&file).map_err(LoginError::from)?;
    ctx.out.notice(&format!(
        "no context was in use: made {DEFAULT_CONTEXT:?} for {} the current one",
        s.server
    ));
    Ok((DEFAULT_CONTEXT.into(), None))
}

pub async fn login(ctx: &Ctx, a: LoginArgs) -> Result<ExitCode, Failure> {
    let (context, earlier) = context_for_login(ctx)?;
    let target = target(ctx, &a, earlier.as_ref()).await?;
    let timeout = ctx.settings()?.timeout;
    let provider = oauth::discover(&target.issuer, timeout).await?;
    let use_browser = a.browser || (!a.device && browser_at_hand());
    let got = if use_browser {
        pkce::sign_in(&target, &provider, timeout, a.wait, |url| {
            match pkce::open_browser(url) {
                Ok(()) => eprintln!("Opened a browser to sign in at {}.", target.issuer),
                Err(why) => eprintln!("Cannot open a browser ({why}). Open this page to sign in:"),
            }
            eprintln!("  {url}");
            eprintln!(
                "Waiting for the browser to come back (up to {}).",
                humantime::format_duration(a.wait)
            );
        })
        .await?
    } else {
        device::sign_in(&target, &provider, timeout, a.wait, |p| {
            eprintln!(
                "To sign in, open {} and enter the code {}",
                p.verification_uri, p.user_code
            );
            if let Some(full) = &p.verification_uri_complete {
                eprintln!("  (or open {full})");
            }
            if std::io::stderr().is_terminal() {
                eprintln!(
                    "Waiting for the sign-in (the code is good for {}s)...",
                    p.expires_in_secs
                );
            }
        })
        .await?
    };
    login::persist(&context, Some(got.clone())).map_err(LoginError::from)?;
    let doc = json!({
        "context": context,
        "issuer": got.issuer,
        "subject": got.subject,
        "email": got.email,
        "flow": got.flow,
        "expires_at": got.expires_at,
        "refreshable": got.refresh_token.is_some(),
    });
    ctx.out
        .emit(&doc, || {
            format!(
                "Signed in to {} as {} (context {context:?}; the token is good until {}{}).\n",
                got.issuer,
                got.who(),
                crate::output::utc_time(got.expires_at),
                if got.refresh_token.is_some() {
                    ", then refreshed"
                } else {
                    ", no refresh token: sign in again then"
                }
            )
        })
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn logout(ctx: &Ctx, a: LogoutArgs) -> Result<ExitCode, Failure> {
    let s = ctx.settings()?;
    let Some(context) = s.context else {
        ctx.out
            .notice("no context is in use: nothing to sign out of");
        return Ok(ExitCode::SUCCESS);
    };
    let file = store::load().map_err(LoginError::from)?;
    let Some(old) = file.contexts.get(&context).and_then(|c| c.login.clone()) else {
        ctx.out
            .emit(&json!({"context": context, "signed_out": false}), || {
                format!("context {context:?} was not signed in\n")
            })
            .map_err(io)?;
        return Ok(ExitCode::SUCCESS);
    };
    // forget first: a provider that cannot be reached must not keep the tokens here
    login::persist(&context, None).map_err(LoginError::from)?;
    let revoked = if a.keep_remote {
        false
    } else {
        match oauth::revoke(&old, s.timeout).await {
            Ok(r) => r,
            Err(e) => {
                ctx.out.notice(&format!(
                    "warning: the refresh token was not revoked at {}: {e}",
                    old.issuer
                ));
                false
            }
        }
    };
    ctx.out
        .emit(
            &json!({"context": context, "signed_out": true, "revoked": revoked}),
            || {
                format!(
                    "Signed {} out of context {context:?}{}.\n",
                    old.who(),
                    if revoked {
                        " (refresh token revoked at the provider)"
                    } else {
                        ""
                    }
                )
            },
        )
        .map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

//! The authorization code grant with PKCE (RFC 7636) on a loopback redirect (RFC 8252), for
//! when a browser is at hand: centri listens on `127.0.0.1` on a free port, opens the
//! provider's sign-in page in the browser with `redirect_uri=http://127.0.0.1:PORT/callback`,
//! and waits for the provider to send the browser back with a code. The `state` must match
//! (a callback with another state is answered 400 and ignored); the code is exchanged with the
//! PKCE verifier, which never leaves this process.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope,
};
use tokio::sync::oneshot;

use super::oauth::{self, OAuthClient, Provider, Target};
use super::{Login, LoginError};

/// What the browser brought back: the code, or the provider's error.
type Outcome = Result<String, LoginError>;

#[derive(Clone)]
struct Receiver {
    state: String,
    done: Arc<Mutex<Option<oneshot::Sender<Outcome>>>>,
}

#[derive(serde::Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn page(title: &str, text: &str) -> Html<String> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    Html(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>centri: {}</title></head>\
         <body><h1>{}</h1><p>{}</p></body></html>",
        esc(title),
        esc(title),
        esc(text)
    ))
}

async fn callback(State(r): State<Receiver>, Query(q): Query<Callback>) -> impl IntoResponse {
    if q.state.as_deref() != Some(r.state.as_str()) {
        tracing::warn!("login callback with a state that is not this sign-in's: ignored");
        return (
            StatusCode::BAD_REQUEST,
            page(
                "Not this sign-in",
                "The state does not match the sign-in centri started.",
            ),
        );
    }
    let (status, outcome, shown) = match (q.code, q.error) {
        (_, Some(err)) => {
            let why = match q.error_description {
                Some(d) => format!("{err}: {d}"),
                None => err,
            };
            (
                StatusCode::OK,
                Err(LoginError::Denied(format!("the provider answered {why}"))),
                page("Sign-in failed", &why),
            )
        }
        (Some(code), None) => (
            StatusCode::OK,
            Ok(code),
            page(
                "Signed in",
                "centri has the sign-in; you can close this window.",
            ),
        ),
        (None, None) => {
            return (
                StatusCode::BAD_REQUEST,
                page("No code", "The provider sent neither a code nor an error."),
            )
        }
    };
    let tx = r
        .done
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    if let Some(tx) = tx {
        let _ = tx.send(outcome);
    }
    (status, shown)
}

/// Signs in through the browser. `open` gets the sign-in URL (to open a browser, or to show);
/// the wait for the browser to come back is bounded by `wait`.
///
/// # Errors
/// [`LoginError::Denied`] when the provider sends back an error or nobody signs in in time;
/// [`LoginError::Provider`] when the code exchange fails.
pub async fn sign_in(
    target: &Target,
    provider: &Provider,
    timeout: Duration,
    wait: Duration,
    open: impl FnOnce(&str),
) -> Result<Login, LoginError> {
    let auth = provider.authorization_endpoint.as_deref().ok_or_else(|| {
        LoginError::Provider(format!(
            "{} has no authorization_endpoint: sign in with --device",
            provider.issuer
        ))
    })?;
    let auth = AuthUrl::new(auth.to_string())
        .map_err(|e| LoginError::Provider(format!("authorization endpoint {auth:?}: {e}")))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| LoginError::Provider(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| LoginError::Provider(format!("cannot listen on 127.0.0.1: {e}")))?
        .port();
    let redirect = RedirectUrl::new(format!("http://127.0.0.1:{port}/callback"))
        .map_err(|e| LoginError::Provider(e.to_string()))?;
    let client = OAuthClient::new(ClientId::new(target.client_id.clone()))
        .set_auth_uri(auth)
        .set_token_uri(oauth::token_url(&provider.token_endpoint)?)
        .set_redirect_uri(redirect);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut ask = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(
            target
                .scope
                .split_whitespace()
                .map(|s| Scope::new(s.into())),
        )
        .set_pkce_challenge(challenge);
    if let Some(aud) = &target.audience {
        ask = ask.add_extra_param("resource", aud.clone());
    }
    let (url, state) = ask.url();

    let (tx, rx) = oneshot::channel();
    let receiver = Receiver {
        state: state.secret().clone(),
        done: Arc::new(Mutex::new(Some(tx))),
    };
    let app = axum::Router::new()
        .route("/callback", axum::routing::get(callback))
        .with_state(receiver);
    let stop = tokio_util::sync::CancellationToken::new();
    let server = tokio::spawn({
        let stop = stop.clone();
        async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await
        }
    });
    open(url.as_str());
    let outcome = tokio::time::timeout(wait, rx).await;
    stop.cancel();
    // the page for the browser is sent before the server stops; bounded in any case
    let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    let code = match outcome {
        Err(_) => {
            return Err(LoginError::Denied(format!(
                "the browser did not come back within {}",
                humantime::format_duration(wait)
            )))
        }
        Ok(Err(_)) => return Err(LoginError::Provider("the callback receiver stopped".into())),
        Ok(Ok(r)) => r?,
    };
    let http = oauth::http(timeout)?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .map_err(|e| oauth::token_error(&e))?;
    Ok(oauth::login_from(
        target,
        &provider.token_endpoint,
        provider.revocation_endpoint.as_deref(),
        &tokens,
        "pkce",
        None,
    ))
}

/// Opens `url` in the person's browser: `$BROWSER` (its first `:`-separated entry; `%s` is
/// replaced by the URL, else the URL is appended), else `xdg-open` (`open` on macOS). The
/// browser runs on its own; its output goes to stderr, never stdout.
///
/// # Errors
/// Why no browser could be started.
pub fn open_browser(url: &str) -> Result<(), String> {
    let configured = std::env::var("BROWSER")
        .ok()
        .and_then(|b| b.split(':').next().map(str::to_string))
        .filter(|b| !b.trim().is_empty());
    let mut words: Vec<String> = match &configured {
        Some(b) => b.split_whitespace().map(str::to_string).collect(),
        None if cfg!(target_os = "macos") => vec!["open".into()],
        None => vec!["xdg-open".into()],
    };
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    let (program, args) = words.split_first().ok_or("BROWSER is empty")?;
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::io::stderr())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    tokio::spawn(async move {
        let _ = child.wait().await;
    });
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_callback_takes_only_this_sign_ins_state() {
        let (tx, mut rx) = oneshot::channel();
        let r = Receiver {
            state: "s1".into(),
            done: Arc::new(Mutex::new(Some(tx))),
        };
        let q = |code: Option<&str>, state: Option<&str>, error: Option<&str>| Callback {
            code: code.map(str::to_string),
            state: state.map(str::to_string),
            error: error.map(str::to_string),
            error_description: None,
        };
        let resp = callback(State(r.clone()), Query(q(Some("c"), Some("forged"), None)))
            .await
            .into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let resp = callback(State(r.clone()), Query(q(None, None, None)))
            .await
            .into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(rx.try_recv().is_err(), "nothing delivered yet");
        let resp = callback(
            State(r.clone()),
            Query(q(Some("the-code"), Some("s1"), None)),
        )
        .await
        .into_response();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(rx.try_recv().unwrap().unwrap(), "the-code");
    }

    #[tokio::test]
    async fn a_provider_error_is_a_denial() {
        let (tx, rx) = oneshot::channel();
        let r = Receiver {
            state: "s".into(),
            done: Arc::new(Mutex::new(Some(tx))),
        };
        let q = Callback {
            code: None,
            state: Some("s".into()),
            error: Some("access_denied".into()),
            error_description: Some("End-User aborted interaction".into()),
        };
        let _ = callback(State(r), Query(q)).await.into_response();
        let e = rx.await.unwrap().unwrap_err();
        assert!(matches!(e, LoginError::Denied(_)));
        assert!(
            e.to_string().contains("access_denied: End-User aborted"),
            "{e}"
        );
    }
}

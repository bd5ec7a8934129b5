//! `centri login`: the CLI's OIDC sign-in for the admin endpoints. Owns the login a context
//! stores ([`Login`]: the provider, the tokens and when the bearer expires), the two sign-in
//! flows (the device authorization grant of RFC 8628 in [`device`], the authorization code
//! grant with PKCE on a loopback redirect in [`pkce`]), the refresh, and [`Session`]: the
//! handle a [`crate::client::Client`] asks for a bearer before each admin call. The OAuth
//! exchanges themselves are the `oauth2` crate's ([`oauth`]).
//!
//! The login lives in the context file (mode 0600), beside the context's keys. A bearer within
//! [`REFRESH_AHEAD`] of its expiry is refreshed with the refresh token and written back; when
//! that fails, the caller gets [`LoginError::Expired`], which the CLI reports as "run centri
//! login" with the auth exit code.

pub mod device;
pub mod oauth;
pub mod pkce;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::context::ContextError;

/// A bearer this close to its expiry is refreshed before use.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(30);

/// Which token goes out as `Authorization: Bearer`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BearerKind {
    /// The access token: a JWT issued for the server's audience.
    #[default]
    AccessToken,
    /// The ID token (its audience is the client id), when the provider's access tokens are
    /// opaque or no audience was asked for.
    IdToken,
}

/// A context's sign-in: what `centri login` stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Login {
    pub issuer: String,
    pub client_id: String,
    /// The resource the access token was asked for (RFC 8707 `resource`), when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    pub scope: String,
    pub token_endpoint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint: Option<String>,
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub bearer: BearerKind,
    /// When the bearer expires (unix seconds).
    pub expires_at: i64,
    /// Who signed in, read from the tokens (for display only: the server checks them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// "device" or "pkce".
    pub flow: String,
}

impl Login {
    /// The token to send.
    pub fn bearer_token(&self) -> &str {
        match self.bearer {
            BearerKind::IdToken => self.id_token.as_deref().unwrap_or(&self.access_token),
            BearerKind::AccessToken => &self.access_token,
        }
    }

    /// Whether the bearer must be refreshed before use at `now` (unix seconds).
    pub fn stale(&self, now: i64) -> bool {
        self.expires_at - i64::try_from(REFRESH_AHEAD.as_secs()).unwrap_or(30) <= now
    }

    /// The name people know the login by: the email, else the subject.
    pub fn who(&self) -> &str {
        self.email
            .as_deref()
            .or(self.subject.as_deref())
            .unwrap_or("(unknown)")
    }
}

/// Why a sign-in, a refresh or a logout failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// The login cannot be used any more: the bearer expired and the refresh failed.
    #[error("the login of context {context:?} has expired ({reason})")]
    Expired { context: String, reason: String },
    /// The provider refused or answered nonsense.
    #[error("{0}")]
    Provider(String),
    /// The provider could not be reached (retryable).
    #[error("{0}")]
    Unreachable(String),
    /// The person declined, or the device code expired before they signed in.
    #[error("{0}")]
    Denied(String),
    /// A setting that cannot work (a bad issuer URL, no client id).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Context(#[from] ContextError),
}

/// The unix time now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The claims of a JWT, read without checking its signature (the server checks it; the CLI
/// only wants the expiry and the name to show). None when it is not a JWT.
pub fn unverified_claims(jwt: &str) -> Option<serde_json::Value> {
    use base64::Engine as _;
    let mut parts = jwt.split('.');
    let (_, Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .filter(serde_json::Value::is_object)
}

/// Reads the login a context holds now (another centri may have refreshed it).
fn stored(context: &str) -> Result<Option<Login>, ContextError> {
    let file = crate::context::load()?;
    Ok(file.contexts.get(context).and_then(|c| c.login.clone()))
}

/// Writes a context's login (None removes it), keeping everything else in the file.
pub fn persist(context: &str, login: Option<Login>) -> Result<(), ContextError> {
    let mut file = crate::context::load()?;
    let c = file
        .contexts
        .get_mut(context)
        .ok_or_else(|| ContextError::Unknown(context.to_string()))?;
    c.login = login;
    crate::context::save(&file)
}

/// A context's login in use by one command: hands out a fresh bearer, refreshing it (once
/// for all callers) when it is about to expire.
#[derive(Debug)]
pub struct Session {
    context: String,
    login: tokio::sync::Mutex<Login>,
    timeout: Duration,
}

impl Session {
    pub fn new(context: String, login: Login, timeout: Duration) -> Self {
        Self {
            context,
            login: tokio::sync::Mutex::new(login),
            timeout,
        }
    }

    /// Who the login names.
    pub async fn who(&self) -> String {
        self.login.lock().await.who().to_string()
    }

    /// The bearer to send now.
    ///
    /// # Errors
    /// [`LoginError::Expired`] when it expired and cannot be refreshed.
    pub async fn bearer(&self) -> Result<String, LoginError> {
        let mut l = self.login.lock().await;
        let t = now();
        if !l.stale(t) {
            return Ok(l.bearer_token().to_string());
        }
        // another centri may have refreshed it (and rotated the refresh token) meanwhile
        if let Some(fresh) = stored(&self.context)?.filter(|f| !f.stale(t)) {
            *l = fresh;
            return Ok(l.bearer_token().to_string());
        }
        let expired = |reason: String| LoginError::Expired {
            context: self.context.clone(),
            reason,
        };
        if l.refresh_token.is_none() {
            return Err(expired(
                "the provider gave no refresh token: ask for the offline_access scope".into(),
            ));
        }
        let fresh = match oauth::refresh(&l, self.timeout).await {
            Ok(f) => f,
            Err(e) => return Err(expired(format!("the refresh failed: {e}"))),
        };
        if fresh.stale(now()) {
            return Err(expired(
                "the provider's refreshed token is already expired".into(),
            ));
        }
        persist(&self.context, Some(fresh.clone()))?;
        tracing::debug!(context = %self.context, "login refreshed");
        *l = fresh;
        Ok(l.bearer_token().to_string())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// An unsigned JWT-shaped string with these claims (also for [`oauth`]'s tests).
    pub(crate) fn jwt(claims: &serde_json::Value) -> String {
        use base64::Engine as _;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            e.encode(br#"{"alg":"RS256"}"#),
            e.encode(claims.to_string())
        )
    }

    #[test]
    fn claims_are_read_from_jwts_only() {
        let c = unverified_claims(&jwt(&serde_json::json!({"sub": "alice", "exp": 5}))).unwrap();
        assert_eq!(c["sub"], "alice");
        for bad in ["opaque-token", "a.b", "a.!!!.c", "a.b.c.d", ""] {
            assert!(unverified_claims(bad).is_none(), "{bad:?}");
        }
        // a payload that is JSON but not an object
        assert!(unverified_claims(&jwt(&serde_json::json!([1]))).is_none());
    }

    #[test]
    fn a_bearer_is_stale_shortly_before_it_expires() {
        let l = Login {
            expires_at: 1_000,
            ..Login::default()
        };
        assert!(!l.stale(900));
        assert!(l.stale(971));
        assert!(l.stale(2_000));
    }

    #[test]
    fn the_bearer_is_the_kind_the_login_chose() {
        let mut l = Login {
            access_token: "at".into(),
            id_token: Some("idt".into()),
            ..Login::default()
        };
        assert_eq!(l.bearer_token(), "at");
        l.bearer = BearerKind::IdToken;
        assert_eq!(l.bearer_token(), "idt");
        l.id_token = None;
        assert_eq!(l.bearer_token(), "at");
    }
}

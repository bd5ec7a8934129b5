//! The device authorization grant (RFC 8628), for terminals and SSH sessions: centri asks the
//! provider for a user code, shows where to enter it, and polls the token endpoint (at the
//! provider's interval, slowing down when told) until the person signs in on any device, the
//! code expires, or the wait runs out.

use std::time::Duration;

use oauth2::{
    ClientId, DeviceAuthorizationUrl, DeviceCodeErrorResponseType, RequestTokenError, Scope,
    StandardDeviceAuthorizationResponse,
};

use super::oauth::{self, OAuthClient, Provider, Target};
use super::{Login, LoginError};

/// Where and what to enter, shown to the person signing in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Prompt {
    pub verification_uri: String,
    /// The same page with the code filled in, when the provider offers it.
    pub verification_uri_complete: Option<String>,
    pub user_code: String,
    pub expires_in_secs: u64,
}

/// Signs in with the device flow. `show` is called once the provider has handed out the code;
/// the wait for the person is bounded by `wait` and by the code's own lifetime.
///
/// # Errors
/// [`LoginError::Denied`] when the person declined or the code expired;
/// [`LoginError::Provider`] when the provider has no device endpoint or refuses the client.
pub async fn sign_in(
    target: &Target,
    provider: &Provider,
    timeout: Duration,
    wait: Duration,
    show: impl FnOnce(&Prompt),
) -> Result<Login, LoginError> {
    let endpoint = provider
        .device_authorization_endpoint
        .as_deref()
        .ok_or_else(|| {
            LoginError::Provider(format!(
                "{} has no device_authorization_endpoint: sign in with --browser",
                provider.issuer
            ))
        })?;
    let device_url = DeviceAuthorizationUrl::new(endpoint.to_string()).map_err(|e| {
        LoginError::Provider(format!("device authorization endpoint {endpoint:?}: {e}"))
    })?;
    let client = OAuthClient::new(ClientId::new(target.client_id.clone()))
        .set_token_uri(oauth::token_url(&provider.token_endpoint)?)
        .set_device_authorization_url(device_url);
    let http = oauth::http(timeout)?;
    let mut ask = client.exchange_device_code().add_scopes(
        target
            .scope
            .split_whitespace()
            .map(|s| Scope::new(s.into())),
    );
    if let Some(aud) = &target.audience {
        ask = ask.add_extra_param("resource", aud.clone());
    }
    let details: StandardDeviceAuthorizationResponse = ask
        .request_async(&http)
        .await
        .map_err(|e| oauth::token_error(&e))?;
    show(&Prompt {
        verification_uri: details.verification_uri().to_string(),
        verification_uri_complete: details
            .verification_uri_complete()
            .map(|u| u.secret().clone()),
        user_code: details.user_code().secret().clone(),
        expires_in_secs: details.expires_in().as_secs(),
    });
    let limit = details.expires_in().min(wait);
    let poll = client.exchange_device_access_token(&details).request_async(
        &http,
        tokio::time::sleep,
        Some(limit),
    );
    // the crate stops at `limit` between polls; this bounds a poll that hangs as well
    let tokens = match tokio::time::timeout(limit + timeout, poll).await.ok() {
        None => {
            return Err(LoginError::Denied(format!(
                "nobody signed in within {}",
                humantime::format_duration(limit)
            )))
        }
        Some(Ok(t)) => t,
        Some(Err(RequestTokenError::ServerResponse(r))) => {
            return Err(match r.error() {
                DeviceCodeErrorResponseType::AccessDenied => {
                    LoginError::Denied("the sign-in was declined at the provider".into())
                }
                // also what the crate answers when `limit` passes between polls
                DeviceCodeErrorResponseType::ExpiredToken => LoginError::Denied(format!(
                    "nobody signed in within {} (or the code expired)",
                    humantime::format_duration(limit)
                )),
                _ => LoginError::Provider(format!("the provider answered {r}")),
            });
        }
        Some(Err(e)) => return Err(oauth::token_error(&e)),
    };
    Ok(oauth::login_from(
        target,
        &provider.token_endpoint,
        provider.revocation_endpoint.as_deref(),
        &tokens,
        "device",
        None,
    ))
}

//! The OAuth 2.0 side of a login, through the `oauth2` crate: the provider's endpoints from
//! OIDC discovery, the client for them, turning a token response into a [`Login`],
//! the refresh grant and the revocation at logout. Every request has a timeout, and redirects
//! are not followed (the crate's advice: a token endpoint that redirects is refused).

use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    ClientId, ExtraTokenFields, RefreshToken, RequestTokenError, StandardRevocableToken,
    StandardTokenResponse, TokenResponse as _, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::{unverified_claims, BearerKind, Login, LoginError};

/// The largest discovery document read (bytes).
const MAX_DOCUMENT: usize = 256 * 1024;

/// How long a bearer is trusted when the provider says nothing of its lifetime.
const DEFAULT_LIFETIME: i64 = 300;

/// The OIDC field a token response adds to OAuth's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

/// A token endpoint's answer.
pub type Tokens = StandardTokenResponse<IdTokenField, BasicTokenType>;

/// An OAuth client whose token responses carry the ID token.
pub type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    Tokens,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
>;

/// The provider's endpoints, from its discovery document.
#[derive(Debug, Clone, Deserialize)]
pub struct Provider {
    pub issuer: String,
    #[serde(default)]
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: String,
    #[serde(default)]
    pub device_authorization_endpoint: Option<String>,
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
}

/// What to sign in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub issuer: String,
    pub client_id: String,
    /// The API's resource identifier, sent as RFC 8707 `resource`.
    pub audience: Option<String>,
    pub scope: String,
}

/// The HTTP client for the provider: a timeout on everything, no redirects.
pub fn http(timeout: Duration) -> Result<reqwest::Client, LoginError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("centri/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| LoginError::Provider(format!("cannot build an HTTP client: {e}")))
}

/// Fetches the provider's discovery document; its `issuer` must be the one asked for.
///
/// # Errors
/// [`LoginError::Usage`] for an issuer that is not an http(s) URL;
/// [`LoginError::Provider`] when the document cannot be fetched or does not fit.
pub async fn discover(issuer: &str, timeout: Duration) -> Result<Provider, LoginError> {
    let parsed = reqwest::Url::parse(issuer)
        .map_err(|e| LoginError::Usage(format!("the issuer {issuer:?} is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(LoginError::Usage(format!(
            "the issuer {issuer:?} must be an https (or http) URL"
        )));
    }
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let fail = |why: String| LoginError::Provider(format!("{url}: {why}"));
    let resp =
        http(timeout)?.get(&url).send().await.map_err(|e| {
            LoginError::Unreachable(format!("cannot reach {url}: {}", root_cause(&e)))
        })?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let body = resp.bytes().await.map_err(|e| fail(root_cause(&e)))?;
    if body.len() > MAX_DOCUMENT {
        return Err(fail(format!("over {MAX_DOCUMENT} bytes")));
    }
    let p: Provider = serde_json::from_slice(&body)
        .map_err(|e| fail(format!("not a discovery document: {e}")))?;
    if p.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(fail(format!(
            "the document names issuer {:?}, not {issuer:?}",
            p.issuer
        )));
    }
    Ok(p)
}

/// The innermost cause of an HTTP error ("connection refused", not "error sending request").
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut reason = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        reason = s.to_string();
        src = s.source();
    }
    reason
}

/// A token request's failure: the provider's `error: description`, or why it could not be
/// asked.
pub fn token_error<RE, T>(e: &RequestTokenError<RE, T>) -> LoginError
where
    RE: std::error::Error + 'static,
    T: oauth2::ErrorResponse + std::fmt::Display + 'static,
{
    LoginError::Provider(match e {
        RequestTokenError::ServerResponse(r) => format!("the provider answered {r}"),
        RequestTokenError::Request(re) => {
            return LoginError::Unreachable(format!(
                "cannot reach the provider: {}",
                root_cause(re)
            ))
        }
        RequestTokenError::Parse(pe, body) => format!(
            "the provider's answer is not a token response ({pe}): {}",
            String::from_utf8_lossy(body)
                .chars()
                .take(200)
                .collect::<String>()
        ),
        RequestTokenError::Other(o) => o.clone(),
    })
}

/// An endpoint URL from the provider, named in the error when it does not parse.
pub fn token_url(url: &str) -> Result<TokenUrl, LoginError> {
    TokenUrl::new(url.to_string())
        .map_err(|e| LoginError::Provider(format!("token endpoint {url:?}: {e}")))
}

/// Turns a token response into the login to store. `previous` is the login being refreshed:
/// a refresh that returns no new ID token or refresh token keeps the old ones.
pub fn login_from(
    target: &Target,
    token_endpoint: &str,
    revocation_endpoint: Option<&str>,
    tokens: &Tokens,
    flow: &str,
    previous: Option<&Login>,
) -> Login {
    let access_token = tokens.access_token().secret().clone();
    let id_token = tokens
        .extra_fields()
        .id_token
        .clone()
        .or_else(|| previous.and_then(|p| p.id_token.clone()));
    let refresh_token = tokens
        .refresh_token()
        .map(|r| r.secret().clone())
        .or_else(|| previous.and_then(|p| p.refresh_token.clone()));
    let at_claims = unverified_claims(&access_token);
    let for_audience = match (&target.audience, &at_claims) {
        (Some(aud), Some(c)) => match &c["aud"] {
            serde_json::Value::String(s) => s == aud,
            serde_json::Value::Array(a) => a.iter().any(|v| v.as_str() == Some(aud)),
            _ => false,
        },
        _ => false,
    };
    let bearer = if for_audience || id_token.is_none() {
        BearerKind::AccessToken
    } else {
        BearerKind::IdToken
    };
    let id_claims = id_token.as_deref().and_then(unverified_claims);
    let bearer_claims = match bearer {
        BearerKind::AccessToken => at_claims.as_ref(),
        BearerKind::IdToken => id_claims.as_ref(),
    };
    let now = super::now();
    let expires_at = bearer_claims
        .and_then(|c| c["exp"].as_i64())
        .or_else(|| {
            tokens
                .expires_in()
                .map(|d| now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
        })
        .unwrap_or(now + DEFAULT_LIFETIME);
    let claim = |name: &str| {
        [id_claims.as_ref(), at_claims.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|c| c[name].as_str().map(str::to_string))
    };
    Login {
        issuer: target.issuer.clone(),
        client_id: target.client_id.clone(),
        audience: target.audience.clone(),
        scope: target.scope.clone(),
        token_endpoint: token_endpoint.to_string(),
        revocation_endpoint: revocation_endpoint.map(str::to_string),
        access_token,
        id_token,
        refresh_token,
        bearer,
        expires_at,
        subject: claim("sub"),
        email: claim("email"),
        flow: flow.to_string(),
    }
}

/// Exchanges the login's refresh token for fresh tokens (the refresh grant).
///
/// # Errors
/// [`LoginError::Provider`] with the provider's answer (`invalid_grant` when the refresh
/// token expired or was revoked).
pub async fn refresh(login: &Login, timeout: Duration) -> Result<Login, LoginError> {
    let Some(rt) = &login.refresh_token else {
        return Err(LoginError::Provider("no refresh token".into()));
    };
    let client = OAuthClient::new(ClientId::new(login.client_id.clone()))
        .set_token_uri(token_url(&login.token_endpoint)?);
    let rt = RefreshToken::new(rt.clone());
    let mut req = client.exchange_refresh_token(&rt);
    if let Some(aud) = &login.audience {
        req = req.add_extra_param("resource", aud.clone());
    }
    let http = http(timeout)?;
    let tokens = req
        .request_async(&http)
        .await
        .map_err(|e| token_error(&e))?;
    let target = Target {
        issuer: login.issuer.clone(),
        client_id: login.client_id.clone(),
        audience: login.audience.clone(),
        scope: login.scope.clone(),
    };
    Ok(login_from(
        &target,
        &login.token_endpoint,
        login.revocation_endpoint.as_deref(),
        &tokens,
        &login.flow,
        Some(login),
    ))
}

/// Revokes the login's refresh token at the provider (RFC 7009: a form POST naming the token
/// and the public client), when it has one and the provider has a revocation endpoint.
/// Ok(false): nothing to revoke. The endpoint must be https, or http on a loopback address
/// (the `oauth2` crate's revocation request accepts https only, so this one form is sent
/// here).
///
/// # Errors
/// [`LoginError::Provider`] when the provider refuses or cannot be reached.
pub async fn revoke(login: &Login, timeout: Duration) -> Result<bool, LoginError> {
    let (Some(rt), Some(endpoint)) = (&login.refresh_token, &login.revocation_endpoint) else {
        return Ok(false);
    };
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| LoginError::Provider(format!("revocation endpoint {endpoint:?}: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(LoginError::Provider(format!(
            "revocation endpoint {endpoint:?} is not https: the token was not sent"
        )));
    }
    let resp = http(timeout)?
        .post(url)
        .form(&[
            ("token", rt.as_str()),
            ("token_type_hint", "refresh_token"),
            ("client_id", login.client_id.as_str()),
        ])
        .send()
        .await
        .map_err(|e| {
            LoginError::Unreachable(format!("cannot reach the provider: {}", root_cause(&e)))
        })?;
    if !resp.status().is_success() {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        return Err(LoginError::Provider(format!(
            "the provider answered HTTP {status}: {}",
            body.trim().chars().take(200).collect::<String>()
        )));
    }
    Ok(true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::login::tests::jwt;

    fn tokens(v: serde_json::Value) -> Tokens {
        serde_json::from_value(v).unwrap()
    }

    fn target(audience: Option<&str>) -> Target {
        Target {
            issuer: "http://idp".into(),
            client_id: "centri-cli".into(),
            audience: audience.map(str::to_string),
            scope: "openid".into(),
        }
    }

    #[test]
    fn an_access_token_for_the_audience_is_the_bearer() {
        let at = jwt(
            &serde_json::json!({"aud": "https://api", "exp": 4_000_000_000_i64, "sub": "alice"}),
        );
        let idt = jwt(
            &serde_json::json!({"aud": "centri-cli", "exp": 3_000_000_000_i64, "email": "a@x"}),
        );
        let t = tokens(
            serde_json::json!({"access_token": at, "token_type": "Bearer",
            "id_token": idt, "refresh_token": "r1", "expires_in": 60}),
        );
        let l = login_from(
            &target(Some("https://api")),
            "http://idp/token",
            None,
            &t,
            "device",
            None,
        );
        assert_eq!(l.bearer, BearerKind::AccessToken);
        assert_eq!(l.expires_at, 4_000_000_000);
        assert_eq!(l.subject.as_deref(), Some("alice"));
        assert_eq!(l.email.as_deref(), Some("a@x"));
        assert_eq!(l.refresh_token.as_deref(), Some("r1"));
        // no audience asked for: the ID token, with its own expiry
        let l = login_from(&target(None), "http://idp/token", None, &t, "device", None);
        assert_eq!(l.bearer, BearerKind::IdToken);
        assert_eq!(l.expires_at, 3_000_000_000);
    }

    #[test]
    fn an_opaque_access_token_without_an_id_token_expires_by_expires_in() {
        let t = tokens(
            serde_json::json!({"access_token": "opaque", "token_type": "bearer", "expires_in": 100}),
        );
        let before = crate::login::now();
        let l = login_from(
            &target(Some("https://api")),
            "http://idp/token",
            None,
            &t,
            "pkce",
            None,
        );
        assert_eq!(l.bearer, BearerKind::AccessToken);
        assert!((before + 100..=before + 102).contains(&l.expires_at));
    }

    #[test]
    fn a_refresh_keeps_what_the_provider_did_not_send_again() {
        let prev = Login {
            id_token: Some("old-id".into()),
            refresh_token: Some("old-rt".into()),
            ..Login::default()
        };
        let t = tokens(serde_json::json!({"access_token": "new", "token_type": "Bearer"}));
        let l = login_from(
            &target(None),
            "http://idp/token",
            None,
            &t,
            "device",
            Some(&prev),
        );
        assert_eq!(l.id_token.as_deref(), Some("old-id"));
        assert_eq!(l.refresh_token.as_deref(), Some("old-rt"));
        assert_eq!(l.access_token, "new");
    }

    /// A provider that answers every path with `body` (status 200, JSON content type).
    async fn answering(body: &'static str) -> String {
        let app = axum::Router::new()
            .fallback(move || async move { ([("content-type", "application/json")], body) });
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(l, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn a_provider_answering_nonsense_is_named() {
        let t = Duration::from_secs(5);
        let issuer = answering("<html>not json</html>").await;
        let e = discover(&issuer, t).await.unwrap_err();
        assert!(matches!(e, LoginError::Provider(_)), "{e}");
        assert!(e.to_string().contains("not a discovery document"), "{e}");
        let issuer =
            answering(r#"{"issuer": "https://someone-else", "token_endpoint": "x"}"#).await;
        let e = discover(&issuer, t).await.unwrap_err();
        assert!(
            e.to_string()
                .contains("names issuer \"https://someone-else\""),
            "{e}"
        );
        // a token endpoint answering garbage to a refresh
        let base = answering("{\"access\": 1}").await;
        let l = Login {
            client_id: "c".into(),
            token_endpoint: format!("{base}/token"),
            refresh_token: Some("r".into()),
            ..Login::default()
        };
        let e = refresh(&l, t).await.unwrap_err();
        assert!(matches!(e, LoginError::Provider(_)), "{e}");
        assert!(e.to_string().contains("not a token response"), "{e}");
        // nobody there
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let e = discover(&format!("http://127.0.0.1:{port}"), t)
            .await
            .unwrap_err();
        assert!(matches!(e, LoginError::Unreachable(_)), "{e}");
    }

    #[tokio::test]
    async fn an_issuer_that_is_not_http_is_a_usage_error() {
        for bad in ["ftp://idp", "not a url"] {
            let e = discover(bad, Duration::from_secs(1)).await.unwrap_err();
            assert!(matches!(e, LoginError::Usage(_)), "{bad}: {e}");
        }
    }
}

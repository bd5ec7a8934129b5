//! `centri login` and `centri logout`: clap types only, no I/O.

use std::time::Duration;

use clap::Args;

/// `centri login`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("flow").multiple(false))]
pub struct LoginArgs {
    /// Sign in with the device flow: a code to enter on any device (terminals, SSH sessions).
    #[arg(long, group = "flow")]
    pub device: bool,
    /// Sign in in a browser on this machine (authorization code with PKCE on a loopback
    /// redirect). Opens $BROWSER, else xdg-open (open on macOS).
    #[arg(long, group = "flow")]
    pub browser: bool,
    /// The OIDC provider's issuer URL (default: what the server's `admin.oidc` names).
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// The OAuth client to sign in with (default: the server's `admin.oidc.client_id`).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// The resource the access token is for, sent as RFC 8707 `resource` (default: the
    /// server's admin.oidc.audience).
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,
    /// Scopes to ask for.
    #[arg(long, default_value = "openid email profile offline_access")]
    pub scope: String,
    /// How long to wait for the sign-in in the browser or on the other device.
    #[arg(long, value_name = "D", default_value = "5m", value_parser = humantime::parse_duration)]
    pub wait: Duration,
}

/// `centri logout`.
#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Only forget the tokens here; do not revoke the refresh token at the provider.
    #[arg(long)]
    pub keep_remote: bool,
}

//! `centri token`: clap types only, no I/O.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use super::{parse_duration, Until};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    ES256,
    ES384,
}

/// Signing key options.
#[derive(Debug, Clone, Args)]
pub struct KeyOpts {
    /// Algorithm (default HS256 with --hmac-secret).
    #[arg(long, value_enum)]
    pub alg: Option<Alg>,
    /// PEM key file: private to sign (RS*/ES*), public or private to check.
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Revoke a token by its `jti` (`revoke_token`): a connection holding it is closed with
    /// 3005 and the token refused with 109, so the SDK asks the app for a fresh one. Asks
    /// first.
    #[command(after_help = "\
Examples:
  centri token revoke 5b1f0c2e --for 1h   # as long as the token would have lived
  centri token revoke 5b1f0c2e -y")]
    Revoke {
        /// The token's `jti` claim.
        jti: String,
        #[command(flatten)]
        until: Until,
    },
    /// Mint a connection token.
    #[command(after_help = "\
Examples:
  centri token gen --user 42 --ttl 1h --hmac-secret S
  centri token gen --user 42 --channels news,chat:index --info '{\"name\":\"Ann\"}'
  centri token gen --user 42 --alg RS256 --key private.pem")]
    Gen {
        #[arg(long, short = 'u')]
        user: String,
        /// Lifetime (0: no exp).
        #[arg(long, value_parser = parse_duration, default_value = "1h")]
        ttl: Duration,
        /// Server-side subscriptions (comma-separated).
        #[arg(long, value_delimiter = ',')]
        channels: Vec<String>,
        /// Connection info (JSON).
        #[arg(long)]
        info: Option<String>,
        /// PRO-style capabilities (JSON array).
        #[arg(long)]
        caps: Option<String>,
        /// Audience claim.
        #[arg(long)]
        aud: Option<String>,
        /// Issuer claim.
        #[arg(long)]
        iss: Option<String>,
        /// Token ID claim (`jti`): what `centri token revoke` takes.
        #[arg(long)]
        jti: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Mint a subscription token for one channel.
    #[command(
        after_help = "Example:\n  centri token sub --user 42 --channel '$private:x' --ttl 10m"
    )]
    Sub {
        #[arg(long, short = 'u')]
        user: String,
        #[arg(long, short = 'c')]
        channel: String,
        #[arg(long, value_parser = parse_duration, default_value = "1h")]
        ttl: Duration,
        /// Channel info (JSON).
        #[arg(long)]
        info: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Verify a token and explain what is wrong with it; exit 8 when invalid.
    #[command(after_help = "\
Examples:
  centri token check eyJ... --hmac-secret S
  centri token check eyJ... --channel chat:x      as a subscription token for chat:x
  centri token check eyJ... --key public.pem --aud app --iss auth")]
    Check {
        token: String,
        /// Check it as a subscription token for this channel.
        #[arg(long)]
        channel: Option<String>,
        /// Expected audience.
        #[arg(long)]
        aud: Option<String>,
        /// Expected issuer.
        #[arg(long)]
        iss: Option<String>,
        #[command(flatten)]
        key: KeyOpts,
    },
    /// Show a token's header and claims without verifying it.
    #[command(after_help = "Example:\n  centri token decode eyJ...")]
    Decode { token: String },
}

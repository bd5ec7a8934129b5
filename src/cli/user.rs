//! `centri user`: clap types only, no I/O.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::parse_duration;

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Online, active and away status of users (needs `user_status.enabled` on the server).
    #[command(after_help = "\
A user is `online` when the server saw a live connection within --online-within and the user
was active (update_user_status) within --away-after, or was never reported active: a user who
has just connected reads `online (no activity yet)` until the app calls update_user_status.
`away` is online but last active longer than --away-after ago; else `offline`.

Examples:
  centri user status 42
  centri user status 42 43 --away-after 10m
  centri user status 42 -o json | jq '.statuses[0].status'")]
    Status {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
        /// Online but last active longer than this ago is `away`.
        #[arg(long, value_parser = parse_duration, default_value = "5m", value_name = "DURATION")]
        away_after: Duration,
        /// A user seen connected within this long is online (the server refreshes `online`
        /// every `user_status.online_interval`, 25s by default).
        #[arg(long, value_parser = parse_duration, default_value = "60s", value_name = "DURATION")]
        online_within: Duration,
    },
    /// Mark users active now (`update_user_status`), optionally setting their state.
    #[command(after_help = "\
Examples:
  centri user touch 42
  centri user touch 42 43 --state busy")]
    Touch {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
        /// A free-form state to store with the status.
        #[arg(long)]
        state: Option<String>,
    },
    /// Forget users' statuses (`delete_user_status`). Asks first.
    #[command(after_help = "\
Examples:
  centri user forget 42
  centri user forget 42 43 -y")]
    Forget {
        /// User IDs (at most 1000).
        #[arg(required = true, value_name = "ID")]
        users: Vec<String>,
    },
    /// Disconnect every connection of a user. Asks first.
    #[command(
        after_help = "Examples:\n  centri user disconnect 42\n  centri user disconnect 42 --code 3011 --reason reconnect -y"
    )]
    Disconnect {
        user: String,
        /// Disconnect code (default 3503 force disconnect: no reconnect).
        #[arg(long)]
        code: Option<u32>,
        /// Reason sent with the code.
        #[arg(long, default_value = "")]
        reason: String,
        /// Only this client ID (or a unique prefix of it).
        #[arg(long)]
        client: Option<String>,
    },
    /// Block a user (`block_user`): their connections on every node are closed with 3503 and
    /// their connects refused until the block ends. Asks first.
    #[command(after_help = "\
Examples:
  centri user block 42 --for 1h
  centri user block 42 --until 1767225600 -y
  centri user block 42            # until `centri user unblock 42`")]
    Block {
        user: String,
        #[command(flatten)]
        until: Until,
    },
    /// Lift a user's block (`unblock_user`).
    #[command(after_help = "Example:\n  centri user unblock 42")]
    Unblock { user: String },
    /// Refuse every token of a user issued before a time (`invalidate_user_tokens`): live
    /// connections holding one are closed with 3005, and the SDK asks the app for a fresh
    /// token. Asks first.
    #[command(after_help = "\
Examples:
  centri user invalidate-tokens 42                   # every token issued until now
  centri user invalidate-tokens 42 --before 1767225600 --for 24h
  centri user invalidate-tokens 42 --channel chat:x  # that channel's subscription tokens")]
    InvalidateTokens {
        user: String,
        /// Tokens issued (`iat`) before this unix time are refused; default now.
        #[arg(long, value_name = "UNIX")]
        before: Option<u64>,
        /// Only the user's subscription tokens for this channel.
        #[arg(long, value_name = "CHANNEL")]
        channel: Option<String>,
        #[command(flatten)]
        until: Until,
    },
    /// The access controls in force (centri's `access_list`): blocked users, revoked
    /// tokens, invalidated tokens.
    #[command(after_help = "Examples:\n  centri user access\n  centri user access -o json")]
    Access,
}

/// How long an access control lasts.
#[derive(Debug, Clone, Args)]
pub struct Until {
    /// It ends after this long.
    #[arg(long = "for", value_parser = parse_duration, value_name = "DURATION", conflicts_with = "until")]
    pub for_: Option<Duration>,
    /// It ends at this unix time (seconds).
    #[arg(long, value_name = "UNIX")]
    pub until: Option<u64>,
}

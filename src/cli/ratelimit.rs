//! `centri ratelimit`: clap types only, no I/O.

use std::time::Duration;

use clap::{Subcommand, ValueEnum};

use super::parse_duration;

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum RatelimitCmd {
    /// Effective limits (file plus live edits) and the most recent rejections.
    #[command(after_help = "\
Examples:
  centri ratelimit show
  centri ratelimit show -o json | jq '.recent_hits[-1]'")]
    Show,
    /// Set buckets live, e.g. `client_command.publish=10/1s`. Shows the change and asks first.
    #[command(after_help = "\
Keys: LIMITER.OP, LIMITER.OP.namespace_overrides.NS, LIMITER.rpc.method_overrides.METHOD
  limiters: client_command, user_command, client_error
  ops: publish, subscribe, history, presence, presence_stats, refresh, sub_refresh, rpc,
       unsubscribe, connect (user_command only), total, default
Specs: RATE/INTERVAL, comma-separated for several buckets (10/1s, 10/s, 60/1s,1000/1m)

Examples:
  centri ratelimit set client_command.publish=10/1s
  centri ratelimit set user_command.default=60/1s,1000/1m -y
  centri ratelimit set client_command.publish.namespace_overrides.chat=20/1s
  centri ratelimit set client_command.rpc.method_overrides.getUser=5/1s")]
    Set {
        /// KEY=SPEC pairs.
        #[arg(required = true, value_name = "KEY=SPEC")]
        settings: Vec<String>,
    },
    /// Remove live edits: the config file's value applies again. Asks first.
    #[command(after_help = "\
Examples:
  centri ratelimit rm client_command.publish
  centri ratelimit rm client_command.publish.namespace_overrides.chat -y")]
    Rm {
        /// Keys whose live edit to remove.
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
    },
    /// Count would-be rejections without rejecting (all limiters, one limiter or one op).
    #[command(
        name = "dry-run",
        after_help = "\
Examples:
  centri ratelimit dry-run on                           all three limiters
  centri ratelimit dry-run on client_command.publish
  centri ratelimit dry-run off user_command -y"
    )]
    DryRun {
        /// on or off.
        #[arg(value_enum)]
        state: Switch,
        /// LIMITER or LIMITER.OP; without it, all three limiters.
        key: Option<String>,
    },
    /// Applied live edits: when, who, and each key's old and new value.
    #[command(after_help = "\
Examples:
  centri ratelimit history
  centri ratelimit history --limit 5 -o json")]
    History {
        /// Only the newest N edits.
        #[arg(long, short = 'l')]
        limit: Option<usize>,
    },
    /// Drive the real limiter offline: what one connection sending OP at RATE would see.
    #[command(after_help = "\
Uses the config file's client.rate_limit with --config, else the server's effective limits
(fetched once; the simulation itself runs locally).

Examples:
  centri ratelimit simulate --command publish --rate 50/s --duration 10s --config config.json
  centri ratelimit simulate --command publish --namespace chat --rate 600/1m
  centri ratelimit simulate --command rpc --method getUser --rate 20 --duration 5s -o json")]
    Simulate {
        /// The operation: publish, subscribe, history, presence, rpc, ...
        #[arg(long = "command", value_name = "OP")]
        op: String,
        /// How fast: `50/s`, `50/1s`, `600/1m`, or a bare number per second.
        #[arg(long, value_name = "RATE")]
        rate: String,
        /// How long to send for.
        #[arg(long, value_parser = parse_duration, default_value = "10s")]
        duration: Duration,
        /// The channel namespace of the operation.
        #[arg(long, value_name = "NS")]
        namespace: Option<String>,
        /// The RPC method (with --command rpc).
        #[arg(long, value_name = "METHOD")]
        method: Option<String>,
        /// Simulate against this Centrifugo config file.
        #[arg(long, short = 'c', value_name = "FILE", conflicts_with = "live")]
        config: Option<String>,
        /// Simulate against the server's effective limits (the default without --config).
        #[arg(long)]
        live: bool,
    },
    /// Check and take tokens of an arbitrary key (server API `rate_limit`), as a backend
    /// would before sending an SMS. Exit 0 allowed, 7 rate limited.
    #[command(after_help = "\
Examples:
  centri ratelimit check sms:42 --rate 5/1m
  centri ratelimit check export:team-7 --rate 2/1h --cost 1 -o json
  centri ratelimit check sms:42 --rate 5/1m --cost 0      read only")]
    Check {
        key: String,
        /// Tokens per interval (also the burst): `5/1m`, `10/1s`.
        #[arg(long, value_name = "N/INTERVAL")]
        rate: String,
        /// Tokens to take; 0 only reads.
        #[arg(long, default_value_t = 1)]
        cost: u64,
    },
}

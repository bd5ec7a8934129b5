//! `centri map`: clap types only, no I/O.

use clap::{Subcommand, ValueEnum};

use super::parse_kv;

/// When a map write applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyMode {
    /// Only when the key is absent.
    IfNew,
    /// Only when the key is present.
    IfExists,
}

/// `centri map` commands.
#[derive(Debug, Subcommand)]
pub enum MapCmd {
    /// The keys of a map channel and their values, following the server's pages (`-o ndjson`
    /// prints each entry as its page arrives).
    #[command(after_help = "\
Examples:
  centri map state lobby:1
  centri map state lobby:1 --key seat-4 -o json
  centri map state lobby:1 --page-size 500 -o ndjson | jq .key")]
    State {
        channel: String,
        /// Only this key.
        #[arg(long)]
        key: Option<String>,
        /// Entries per request (the server clamps it to the namespace's page sizes).
        #[arg(long, value_name = "N")]
        page_size: Option<u32>,
        /// Stop after this many entries.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// The stream of changes of a recoverable or persistent map (writes and removals, with
    /// offsets).
    #[command(after_help = "\
Examples:
  centri map stream lobby:1
  centri map stream lobby:1 --since 40:Xq3v2bLk --limit 10
  centri map stream lobby:1 --reverse --limit 1        the newest change")]
    Stream {
        channel: String,
        /// Changes after OFFSET (in EPOCH, which must be the stream's).
        #[arg(long, value_name = "OFFSET[:EPOCH]")]
        since: Option<String>,
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        #[arg(long)]
        reverse: bool,
    },
    /// Set a key's value (server API `map_publish`).
    #[command(after_help = "\
A suppressed write (the key mode, an older version, a repeated idempotency key) changes
nothing: it is reported, and exits 0.

Examples:
  centri map publish lobby:1 seat-4 '{\"user\":\"ann\"}'
  centri map publish lobby:1 seat-4 @seat.json --key-mode if-new
  centri map publish lobby:1 seat-4 '{\"n\":2}' --pub-version 2 --tags team=red")]
    Publish {
        channel: String,
        key: String,
        /// JSON data, `@file`, or `-` for stdin.
        data: Option<String>,
        #[arg(long = "tags", value_name = "K=V", value_parser = parse_kv)]
        tags: Vec<(String, String)>,
        #[arg(long, value_enum)]
        key_mode: Option<KeyMode>,
        /// Replace the value only with a newer version (in the same --version-epoch).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        pub_version: Option<u64>,
        #[arg(long, value_name = "E", requires = "pub_version")]
        version_epoch: Option<String>,
        #[arg(long, value_name = "K")]
        idempotency_key: Option<String>,
    },
    /// Remove a key (server API `map_remove`).
    #[command(after_help = "Example:\n  centri map rm lobby:1 seat-4")]
    Rm { channel: String, key: String },
    /// The number of keys.
    #[command(after_help = "Example:\n  centri map stats lobby:1")]
    Stats { channel: String },
    /// Forget a map channel's keys and stream (asks first).
    #[command(after_help = "Example:\n  centri map clear lobby:1 -y")]
    Clear { channel: String },
}

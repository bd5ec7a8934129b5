//! centri: an admin and diagnostics tool for real-time messaging, with a bundled
//! Centrifugo v6 compatible server.
//!
//! # Layout
//! - [`cli`]: clap definitions only (no I/O).
//! - [`commands`]: one module per subcommand; the only place clap types reach.
//! - [`tui`]: `centri dash`: collector (the client) → app (state, no I/O) → ui (pure drawing).
//! - [`context`]: the CLI's contexts file and flag > env > context > default resolution.
//! - [`output`]: the sole writer of stdout (tables, JSON).
//! - [`filter`]: the event filter language (`--filter`, connections `expression`).
//! - [`bench`]: the load generator's engine (`centri bench`): accounting, load, the floor.
//! - [`client`]: the typed server API client.
//! - [`login`]: `centri login`'s OIDC flows and the stored login whose bearer the client's
//!   admin calls carry (it reads and writes the contexts file).
//! - [`server`]: `centri serve`: `ws → session → node → {hub, engine}`.
//! - [`proto`]: wire types shared by the server and the client (the leaf).
//! - [`telemetry`]: tracing setup.
//!
//! Imports only point down this list; `client` and `server` never import each other.

pub mod bench;
pub mod cli;
pub mod client;
pub mod commands;
pub mod context;
pub mod filter;
pub mod login;
pub mod output;
pub mod proto;
pub mod server;
pub mod telemetry;
pub mod tui;

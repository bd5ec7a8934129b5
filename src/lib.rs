//! centri: an admin and diagnostics tool for real-time messaging, with a bundled
//! Centrifugo v6 compatible server.
//!
//! # Layout
//! - [`cli`]: clap definitions only (no I/O).
//! - [`commands`]: one module per subcommand; the only place clap types reach.
//! - [`proto`]: wire types shared by the server and the client (the leaf).
//! - [`server`]: `centri serve`: `ws → session → node → {hub, engine}`.
//! - [`telemetry`]: tracing setup.
//!
//! Imports only point down this list; `server` never imports `commands` or `cli`.

pub mod cli;
pub mod commands;
pub mod proto;
pub mod server;
pub mod telemetry;

//! The pieces of `centri bench` that do not depend on the command line: the delivery
//! accounting (sequence numbers per channel, publish→receive latency), the publication
//! payload, the load itself (WebSocket subscribers over protocol v2 and an HTTP API
//! publisher), readers for `/proc` and the file-descriptor limit, and the baseline: a minimal
//! WebSocket broadcaster that the same load can drive, so that every figure can be reported
//! as a ratio to a floor measured in the same run (machines are noisy; ratios hold).
//!
//! # Layout
//! - [`accounting`]: pure bookkeeping, no I/O: [`accounting::SeqTracker`] finds missing,
//!   duplicate and reordered publications; [`accounting::Latency`] wraps an HDR histogram;
//!   [`accounting::payload`] builds and [`accounting::scan`] reads publication data.
//! - [`load`]: the subscribers and the publisher (tokio, tokio-tungstenite, the typed client).
//! - [`sys`]: CPU seconds and RSS from `/proc`, and `RLIMIT_NOFILE`.
//! - [`map`]: `bench map`'s load: filling a map channel through the API, and map subscribers
//!   that page through its state as the SDK does, with the keys each one got.
//! - [`churn`]: the soak's clients (sessions that connect, read and leave, vanish, stall or
//!   send garbage), its publisher and its `/proc` series.
//! - [`baseline`]: the floor, over the same stack as the server (hyper, fastwebsockets for the
//!   handshake, the server's frame writer).
//!
//! Imports point at `client` and `proto` only; never at `server` or `commands`.

pub mod accounting;
pub mod baseline;
pub mod churn;
pub mod load;
pub mod map;
pub mod push;
pub mod sys;

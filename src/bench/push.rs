//! The pieces of `centri bench push` that do not depend on the command line: loopback
//! provider sinks speaking the real wire protocols, the credentials a server needs to reach
//! them, and the floor, a plain HTTP/2 client sending the same requests.
//!
//! # Layout
//! - [`pki`]: a throwaway CA and a server certificate for `127.0.0.1`/`localhost` (rcgen),
//!   and a rustls acceptor offering ALPN `h2` (and `http/1.1` where asked).
//! - [`sink`]: a TLS HTTP server (hyper, HTTP/2 and HTTP/1.1) with a synchronous handler, and
//!   [`sink::Record`], which counts the pushes a sink accepted per device token: the first and
//!   the last arrival, duplicates and rejections.
//! - [`fcm`]: FCM HTTP v1: the OAuth 2.0 JWT-bearer grant at the service account's `token_uri`
//!   (the RS256 assertion is verified) and `messages:send` with the granted bearer token; a
//!   service account with an RSA key generated per run.
//! - [`apns`]: APNs: `POST /3/device/{token}` over HTTP/2 with an ES256 provider token
//!   (verified once per distinct token) and `apns-topic`; a `.p8` key generated per run.
//! - [`floor`]: N requests with bounded concurrency through one reqwest client.
//!
//! The test suite's provider fakes (`tests/it/push_fake`) share [`pki`]; they add fault
//! injection and record every message, which a throughput sink must not.
//!
//! Imports point at `proto` only; never at `server` or `commands`.

pub mod apns;
pub mod fcm;
pub mod floor;
pub mod pki;
pub mod sink;

//! The one integration test binary: in-process servers, the real `centri` binary, and the
//! official SDK conformance suites.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::many_single_char_names,
    clippy::similar_names
)]

mod it {
    pub mod access;
    pub mod api;
    pub mod bench;
    mod bench_map;
    pub mod bench_push;
    pub mod chanstate;
    mod churn;
    pub mod cli;
    pub mod commands;
    pub mod conformance;
    pub mod dash;
    pub mod explain;
    mod fuzz;
    mod map;
    pub mod offline;
    mod oidc;
    pub mod personal;
    mod poll;
    pub mod postgres;
    pub mod protobuf;
    pub mod proxy;
    pub mod proxy_backend;
    pub mod proxy_call;
    pub mod proxy_cli;
    pub mod proxy_conformance;
    pub mod push;
    pub mod push_cli;
    pub mod push_cluster;
    pub mod push_fake;
    pub mod push_restart;
    pub mod push_send;
    pub mod push_send_cli;
    pub mod ratelimit;
    pub mod ratelimit_cli;
    pub mod redis;
    mod redis_ha;
    mod redis_map;
    pub mod sub;
    mod sub_map;
    pub mod trace;
    pub mod transport;
    pub mod user_status;
    pub mod util;
    pub mod ws;
}

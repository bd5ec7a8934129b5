//! `centri proxy`: the application backend's side of the proxy contract, checked from the
//! command line. [`check`] owns `proxy check KIND`: which proxy (a flag's endpoint, or the one
//! a server config gives the kind, channel or method), the flags that make the request, the
//! call through the server's own code (`server::proxy::request` and `Proxy::call`, so the CLI
//! and the server can never send different requests), and the report with the server's
//! verdict (`server::proxy::verdict`).

mod check;

use std::process::ExitCode;

use super::{Ctx, Failure};
use crate::cli::ProxyCmd;

pub async fn run(ctx: &Ctx, cmd: ProxyCmd) -> Result<ExitCode, Failure> {
    match cmd {
        ProxyCmd::Check(a) => check::run(ctx, &a).await,
    }
}

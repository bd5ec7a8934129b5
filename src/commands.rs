//! Dispatch from the parsed command line to each subcommand. The only module that sees clap
//! types besides `cli`.

pub mod completions;
pub mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the command; the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(&args, cli.verbose),
        Command::Completions { shell } => completions::run(shell),
        Command::Version => {
            crate::commands::completions::write_stdout(
                format!("centri {}\n", env!("CARGO_PKG_VERSION")).as_bytes(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

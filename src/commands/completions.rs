//! `centri completions SHELL`: the completion script, generated from the clap definitions.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "centri", &mut out);
    out
}

/// Writes data to stdout (the one place commands print data).
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

pub fn run(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    write_stdout(&script(shell))?;
    Ok(ExitCode::SUCCESS)
}

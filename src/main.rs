//! The `centri` binary: parse, run, map errors to exit codes. A broken pipe exits quietly.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = centri::cli::Cli::parse();
    match centri::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

//! The `centri` binary: parse, run, map failures to exit codes (shared/UX.md). A broken pipe
//! exits quietly with 0.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the server's hot paths allocate many short-lived buffers per message, and glibc's
/// allocator spent a quarter of the CPU on them under load (measured with perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = centri::cli::Cli::parse();
    let format =
        centri::output::Output::detect(cli.global.output, cli.global.color, cli.global.quiet)
            .format;
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
            centri::commands::report(&err, format)
        }
    }
}

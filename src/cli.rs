//! The command line, as clap derive types: parsing, help and completions come from here.
//! No I/O; nothing below `commands` sees these types.

use clap::{Args, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  centri serve --dev                      start a local server with printed keys and a token
  centri serve --config config.json       run with a Centrifugo v6 config file
  centri completions bash > /etc/bash_completion.d/centri";

/// Admin and diagnostics for real-time messaging, with a Centrifugo v6 compatible server.
#[derive(Debug, Parser)]
#[command(name = "centri", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More logging (-v: debug, -vv: trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bundled Centrifugo-compatible server.
    #[command(after_help = "\
Examples:
  centri serve --dev
  centri serve --config config.json --port 8000
  CENTRIFUGO_HTTP_API_KEY=secret centri serve --config config.json")]
    Serve(ServeArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example:\n  centri completions zsh > ~/.zfunc/_centri")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the version.
    Version,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A Centrifugo v6 JSON config file.
    #[arg(short, long, value_name = "FILE", env = "CENTRI_CONFIG")]
    pub config: Option<String>,
    /// Port to listen on (0 picks a free one); overrides `http_server.port`.
    #[arg(short, long)]
    pub port: Option<u16>,
    /// Address to bind; overrides `http_server.address`.
    #[arg(short, long)]
    pub address: Option<String>,
    /// INSECURE development mode: made-up keys, permissive channels, 127.0.0.1 only.
    #[arg(long)]
    pub dev: bool,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_flags_parse() {
        let c = Cli::try_parse_from(["centri", "serve", "--dev", "--port", "0"]).unwrap();
        match c.command {
            Command::Serve(a) => {
                assert!(a.dev);
                assert_eq!(a.port, Some(0));
            }
            _ => panic!("expected serve"),
        }
        assert!(Cli::try_parse_from(["centri", "serve", "--port", "x"]).is_err());
    }
}

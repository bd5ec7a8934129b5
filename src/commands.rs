//! Dispatch from the parsed command line to each subcommand, the command context ([`Ctx`])
//! and the failure classes that become exit codes ([`Failure`], shared/UX.md). The only module
//! besides `cli` that sees clap types.

pub mod access;
pub mod api;
pub mod bench;
pub mod channel;
pub mod codes;
pub mod completions;
pub mod config;
pub mod conn;
pub mod context;
pub mod dash;
pub mod doctor;
pub mod explain;
pub mod login;
pub mod map;
pub mod node;
pub mod proxy;
pub mod publish;
pub mod push;
pub mod ratelimit;
pub mod serve;
pub mod sub;
pub mod token;
pub mod trace;
pub mod user;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::client::{Client, ClientError};
use crate::context::{Overrides, Settings};
use crate::output::Output;

/// What kind of failure: decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Other,
    Usage,
    Cancelled,
    Auth,
    Rejected,
    Unreachable,
    RateLimited,
    Verdict,
    Partial,
}

impl Class {
    pub fn exit_code(self) -> u8 {
        match self {
            Class::Other => 1,
            Class::Usage => 2,
            Class::Cancelled => 3,
            Class::Auth => 4,
            Class::Rejected => 5,
            Class::Unreachable => 6,
            Class::RateLimited => 7,
            Class::Verdict => 8,
            Class::Partial => 9,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Class::Other => "error",
            Class::Usage => "usage",
            Class::Cancelled => "cancelled",
            Class::Auth => "auth",
            Class::Rejected => "rejected",
            Class::Unreachable => "unreachable",
            Class::RateLimited => "rate_limited",
            Class::Verdict => "verdict",
            Class::Partial => "partial",
        }
    }
}

/// A failure to report: one line on stderr (or a JSON object with `-o json`) and an exit code.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub class: Class,
    /// The server's code, when there is one.
    pub code: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(class: Class, message: impl Into<String>) -> Self {
        Self {
            class,
            code: None,
            message: message.into(),
            hint: None,
        }
    }
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    #[must_use]
    pub fn code(mut self, code: u32) -> Self {
        self.code = Some(code);
        self
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Class::Usage, message)
    }
    pub fn verdict(message: impl Into<String>) -> Self {
        Self::new(Class::Verdict, message)
    }

    /// The JSON form: `{"error":{"class","code","message","hint"}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"error": {"class": self.class.name(), "code": self.code, "message": self.message, "hint": self.hint}})
    }
}

/// A hint for a server error code.
pub fn hint_for(code: u32, channel: Option<&str>) -> Option<String> {
    let ns = channel.and_then(|c| {
        c.trim_start_matches('$')
            .split_once(':')
            .map(|(n, _)| n.to_string())
    });
    match code {
        102 => Some(match ns {
            Some(n) => format!("is namespace `{n}` declared in the config (channel.namespaces)?"),
            None => {
                "is the channel's namespace declared in the config (channel.namespaces)?".into()
            }
        }),
        103 => Some(
            "the namespace options or the token do not allow this; see `centri codes 103`".into(),
        ),
        107 => Some("check the channel name and the data (it must be JSON)".into()),
        108 => Some(
            "the feature is off for this namespace (presence, or history_size + history_ttl)"
                .into(),
        ),
        112 => {
            Some("the stream epoch changed: read without --since, or use the current epoch".into())
        }
        _ => None,
    }
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Unreachable { .. } => Failure::new(Class::Unreachable, e.to_string())
                .hint("is the server running? check --server / CENTRI_SERVER or the context"),
            ClientError::Timeout { .. } => Failure::new(Class::Unreachable, e.to_string()).hint("raise --timeout, or check the server's load"),
            ClientError::Unauthorized => Failure::new(Class::Auth, e.to_string())
                .hint("pass --api-key (or CENTRI_API_KEY, or a context) matching the server's http_api.key"),
            ClientError::Http { status: 429, .. } => Failure::new(Class::RateLimited, e.to_string()),
            ClientError::Http { .. } | ClientError::Decode(_) => Failure::new(Class::Other, e.to_string()),
            ClientError::Login(_) => Failure::new(Class::Auth, e.to_string()).hint("run centri login"),
            ClientError::LoginRefused { status: 403, .. } => Failure::new(Class::Auth, e.to_string())
                .hint("the server's admin.oidc access rule does not admit this sign-in: run centri login as someone it admits, or pass --admin-key"),
            ClientError::LoginRefused { .. } => Failure::new(Class::Auth, e.to_string())
                .hint("run centri login (or pass --admin-key)"),
            ClientError::Api(api) => {
                let class = if api.code == 111 { Class::RateLimited } else { Class::Rejected };
                let mut f = Failure::new(class, format!("code {} {}", api.code, api.message)).code(api.code);
                f.hint = hint_for(api.code, None);
                f
            }
        }
    }
}

/// Adds the channel to the hint of an API error.
pub fn with_channel(e: ClientError, channel: &str) -> Failure {
    let code = if let ClientError::Api(a) = &e {
        Some(a.code)
    } else {
        None
    };
    let mut f = Failure::from(e);
    if let Some(c) = code {
        f.hint = hint_for(c, Some(channel)).or(f.hint);
    }
    f
}

/// What every command gets: the output settings and the global flags.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub out: Output,
    pub global: GlobalArgs,
}

impl Ctx {
    pub fn new(global: GlobalArgs) -> Self {
        let out = Output::detect(global.output, global.color, global.quiet);
        Self { out, global }
    }

    /// Effective server settings: flag > environment > context > default.
    pub fn settings(&self) -> Result<Settings, Failure> {
        crate::context::resolve(&Overrides {
            context: self.global.context.clone(),
            server: self.global.server.clone(),
            api_key: self.global.api_key.clone(),
            admin_key: self.global.admin_key.clone(),
            hmac_secret: self.global.hmac_secret.clone(),
            timeout: self.global.timeout,
        })
        .map_err(|e| {
            let class = if e.is_usage() {
                Class::Usage
            } else {
                Class::Other
            };
            Failure::new(class, e.to_string())
        })
    }

    /// The API client for the effective server (with the context's login, if any).
    pub fn client(&self) -> Result<Client, Failure> {
        let s = self.settings()?;
        s.client(self.global.verbose >= 2).map_err(Failure::from)
    }

    /// Whether prompting is allowed.
    pub fn interactive(&self) -> bool {
        !self.global.no_input && std::io::stdin().is_terminal() && std::env::var_os("CI").is_none()
    }

    /// Asks before a destructive action. `-y` answers yes; without a terminal (or with
    /// `--no-input`) it refuses with exit 3.
    pub fn confirm(&self, what: &str) -> Result<(), Failure> {
        if self.global.yes {
            return Ok(());
        }
        if !self.interactive() {
            return Err(Failure::new(
                Class::Cancelled,
                format!("refusing to {what} without confirmation"),
            )
            .hint("pass -y to confirm"));
        }
        eprint!("{what}? [y/N] ");
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err()
            || !matches!(line.trim(), "y" | "Y" | "yes")
        {
            return Err(Failure::new(Class::Cancelled, "cancelled"));
        }
        Ok(())
    }

    /// Refuses mutating commands in a read-only context.
    pub fn writable(&self) -> Result<(), Failure> {
        let s = self.settings()?;
        if s.read_only {
            return Err(Failure::new(
                Class::Cancelled,
                format!("context {:?} is read-only", s.context.unwrap_or_default()),
            ));
        }
        Ok(())
    }
}

/// Maps a stdout write error to a failure. A closed pipe means the reader is gone: the
/// process exits quietly with 0, as the output contract asks.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(io)`
pub fn io(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Failure::new(Class::Other, format!("cannot write output: {e}"))
}

/// [`io`] for a whole write result.
pub fn written(r: std::io::Result<()>) -> Result<(), Failure> {
    r.map_err(io)
}

/// Reads a data argument: JSON text, `@file`, or `-` (stdin).
pub fn read_data(arg: Option<&str>) -> Result<String, Failure> {
    let text = match arg {
        None | Some("-") => {
            if arg.is_none() && std::io::stdin().is_terminal() {
                return Err(Failure::usage(
                    "no data: pass JSON, @file, or - to read stdin",
                ));
            }
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
            s
        }
        Some(a) if a.starts_with('@') => std::fs::read_to_string(&a[1..])
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", &a[1..])))?,
        Some(a) => a.to_string(),
    };
    Ok(text.trim().to_string())
}

/// Parses JSON data, with a usage error that says what is wrong.
pub fn parse_json(text: &str, what: &str) -> Result<serde_json::Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::usage(format!("{what} is not valid JSON: {e}"))
            .hint("quote it for the shell, e.g. '{\"text\":\"hi\"}'")
    })
}

/// Runs an async command body on a small runtime.
pub fn block_on<F: std::future::Future<Output = Result<ExitCode, Failure>>>(
    f: F,
) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(f)?)
}

/// Runs the command; the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = Ctx::new(cli.global);
    match cli.command {
        Command::Serve(args) => serve::run(&args, ctx.global.verbose),
        Command::Completions { shell } => completions::run(shell),
        Command::Version => {
            crate::output::write_stdout(&format!("centri {}\n", env!("CARGO_PKG_VERSION")))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Pub(a) => block_on(publish::publish(&ctx, a)),
        Command::Broadcast(a) => block_on(publish::broadcast(&ctx, a)),
        Command::Channel(c) => block_on(channel::run(&ctx, c)),
        Command::User(c) => block_on(user::run(&ctx, c)),
        Command::Node(c) => block_on(node::run(&ctx, c)),
        Command::Api(a) => block_on(api::run(&ctx, a)),
        Command::Doctor => block_on(doctor::run(&ctx)),
        Command::Map(c) => block_on(map::run(&ctx, c)),
        Command::Sub(a) => block_on(sub::run(&ctx, a)),
        Command::Trace(c) => block_on(trace::run(&ctx, c)),
        Command::Conn(c) => block_on(conn::run(&ctx, c)),
        Command::Context(c) => Ok(context::run(&ctx, c)?),
        Command::Token(crate::cli::TokenCmd::Revoke { jti, until }) => {
            block_on(access::revoke(&ctx, jti, &until))
        }
        Command::Token(c) => Ok(token::run(&ctx, c)?),
        Command::Config(c) => Ok(config::run(&ctx, c)?),
        Command::Codes(a) => Ok(codes::run(&ctx, &a)?),
        Command::Ratelimit(c) => block_on(ratelimit::run(&ctx, c)),
        Command::Push(c) => block_on(push::run(&ctx, c)),
        Command::Explain(a) => block_on(explain::run(&ctx, a)),
        Command::Proxy(c) => block_on(proxy::run(&ctx, c)),
        Command::Dash(a) => block_on(dash::run(&ctx, a)),
        Command::Login(a) => block_on(login::login(&ctx, a)),
        Command::Logout(a) => block_on(login::logout(&ctx, a)),
        Command::Bench(c) => block_on(bench::run(&ctx, c)),
    }
}

/// Prints an error the way the effective output format asks (a JSON object on stderr for
/// json/ndjson, one line plus a hint otherwise), and returns its exit code.
pub fn report(err: &anyhow::Error, format: OutputFormat) -> ExitCode {
    let failure = err
        .downcast_ref::<Failure>()
        .cloned()
        .unwrap_or_else(|| Failure::new(Class::Other, format!("{err:#}")));
    if format == OutputFormat::Table {
        eprintln!("error: {}", failure.message);
        if let Some(h) = &failure.hint {
            eprintln!("  hint: {h}");
        }
    } else {
        eprintln!("{}", failure.to_json());
    }
    ExitCode::from(failure.class.exit_code())
}

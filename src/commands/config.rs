//! `centri config init|check|show`: write a starter Centrifugo v6 config with fresh secrets,
//! validate a config with the server's own parser (`server::config::load_file`, so the CLI and
//! `centri serve` can never disagree), and print the effective config with secrets masked.
//! Reads the process environment (`CENTRIFUGO_*`/`CENTRI_*` overrides, `CENTRI_CONFIG`) here, so
//! that `server::config` never has to. Never imports the API client.

use std::collections::HashMap;
use std::io::Write as _;
use std::process::ExitCode;

use rand::distr::{Alphanumeric, SampleString};
use serde::Serialize;
use serde_json::{json, Value};

use super::{written, Class, Ctx, Failure};
use crate::cli::ConfigCmd;
use crate::output::mask;
use crate::server::config::{self as server_config, ConfigError, Loaded};

/// A fresh random secret of `len` alphanumeric characters.
fn random_secret(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}

/// The starter config: the given secrets, no allowed origins (add your front-end's), a default
/// namespace that lets authenticated clients subscribe, and a `chat` namespace with presence,
/// join/leave, history and recovery, where subscribers may publish.
pub fn starter_config(api_key: &str, hmac_secret: &str) -> Value {
    json!({
        "http_server": {"port": 8000},
        "client": {
            "token": {"hmac_secret_key": hmac_secret},
            "allowed_origins": []
        },
        "http_api": {"key": api_key},
        "channel": {
            "without_namespace": {
                "allow_subscribe_for_client": true
            },
            "namespaces": [{
                "name": "chat",
                "presence": true,
                "join_leave": true,
                "force_push_join_leave": true,
                "history_size": 100,
                "history_ttl": "300s",
                "force_recovery": true,
                "allow_subscribe_for_client": true,
                "allow_publish_for_subscriber": true,
                "allow_history_for_subscriber": true,
                "allow_presence_for_subscriber": true
            }]
        }
    })
}

/// The JSON document of `config check` (field names are a contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub valid: bool,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub unknown_keys: Vec<String>,
    /// `CENTRIFUGO_*` variables that set no key.
    pub unknown_env: Vec<String>,
    /// For an unknown key or variable, the known name it is most likely a typo of.
    pub suggestions: std::collections::BTreeMap<String, String>,
    /// Environment variables that set a key.
    pub env_overrides: Vec<String>,
}

impl CheckReport {
    /// The warning line for each unknown key and variable, with a "did you mean" where one
    /// is close. `then` says what happens to it (e.g. "ignored").
    pub fn unknown_lines(&self, then: &str) -> Vec<String> {
        unknown_lines(
            &self.unknown_keys,
            &self.unknown_env,
            &self.suggestions,
            then,
        )
    }
}

/// The warning line for each unknown key and variable (shared by `config` and `serve`).
pub fn unknown_lines(
    keys: &[String],
    vars: &[String],
    suggestions: &std::collections::BTreeMap<String, String>,
    then: &str,
) -> Vec<String> {
    let hint = |name: &str| match suggestions.get(name) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    };
    keys.iter()
        .map(|k| format!("{k}: unknown key ({then}{})", hint(k)))
        .chain(
            vars.iter()
                .map(|v| format!("{v}: unknown environment variable ({then}{})", hint(v))),
        )
        .collect()
}

/// One line for a config error: the key (or variable) and the reason.
pub fn error_text(e: &ConfigError) -> String {
    match e {
        ConfigError::Invalid { key, reason } => format!("{key}: {reason}"),
        ConfigError::Env { var, reason } => format!("{var}: {reason}"),
        ConfigError::Json(msg) | ConfigError::JsonFile { reason: msg, .. } => {
            format!("not valid JSON: {msg}")
        }
        ConfigError::Read { .. } => e.to_string(),
    }
}

/// The verdict on a loaded (or failed) config. With `strict`, unknown keys are errors.
pub fn check_report(loaded: &Result<Loaded, ConfigError>, strict: bool) -> CheckReport {
    match loaded {
        Ok(l) => {
            let errors: Vec<String> = if strict {
                l.unknown_keys
                    .iter()
                    .map(|k| format!("{k}: unknown key"))
                    .chain(
                        l.unknown_env
                            .iter()
                            .map(|v| format!("{v}: unknown environment variable")),
                    )
                    .collect()
            } else {
                Vec::new()
            };
            CheckReport {
                valid: errors.is_empty(),
                errors,
                warnings: l.warnings.clone(),
                unknown_keys: l.unknown_keys.clone(),
                unknown_env: l.unknown_env.clone(),
                suggestions: l.suggestions.clone(),
                env_overrides: l.env_overrides.clone(),
            }
        }
        Err(e) => CheckReport {
            valid: false,
            errors: vec![error_text(e)],
            warnings: Vec::new(),
            unknown_keys: Vec::new(),
            unknown_env: Vec::new(),
            suggestions: std::collections::BTreeMap::new(),
            env_overrides: Vec::new(),
        },
    }
}

/// Whether a config key holds a secret to mask.
fn is_secret_key(name: &str) -> bool {
    name == "key"
        || name.ends_with("secret_key")
        || name.ends_with("secret")
        || name.contains("password")
}

/// Whether a config key holds a PEM key (public, but long: shown by size).
fn is_pem_key(name: &str) -> bool {
    name.ends_with("_public_key") || name.ends_with("_private_key")
}

/// Masks every secret in a config document in place: secrets become `abcd… (N chars)`, PEM keys
/// `<PEM, N bytes>`, a DSN the server it names (`postgresql://user@host:5432/db`, no password);
/// empty values stay empty.
pub fn mask_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if !s.is_empty() && is_pem_key(k) => {
                        *s = format!("<PEM, {} bytes>", s.len());
                    }
                    Value::String(s) if is_secret_key(k) => *s = mask(s),
                    // The server stays visible; the password and the options do not.
                    Value::String(s) if k == "dsn" && !s.is_empty() => {
                        *s = crate::server::push::store::postgres::redacted(s);
                    }
                    _ => mask_secrets(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

/// The effective config of `loaded` as JSON, secrets masked.
pub fn masked_config(loaded: &Loaded) -> Value {
    let mut v = serde_json::to_value(&loaded.config).unwrap_or_default();
    mask_secrets(&mut v);
    v
}

fn process_env() -> HashMap<String, String> {
    std::env::vars().collect()
}

/// A file that cannot be read is a usage error, not a verdict on its content.
fn unreadable(e: &ConfigError) -> Option<Failure> {
    match e {
        ConfigError::Read { .. } => Some(Failure::usage(e.to_string()).hint("check the path")),
        _ => None,
    }
}

fn init(ctx: &Ctx, file: Option<&str>, force: bool) -> Result<ExitCode, Failure> {
    let cfg = starter_config(&random_secret(32), &random_secret(48));
    let Some(path) = file else {
        written(ctx.out.emit(&cfg, || {
            format!(
                "{}\n",
                serde_json::to_string_pretty(&cfg).unwrap_or_default()
            )
        }))?;
        return Ok(ExitCode::SUCCESS);
    };
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&cfg).unwrap_or_default()
    );
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // It holds the API key and the token secret.
        opts.mode(0o600);
    }
    let mut f = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::usage(format!("{path} already exists"))
                .hint("pass --force to overwrite it"));
        }
        Err(e) => {
            return Err(Failure::new(
                Class::Other,
                format!("cannot write {path}: {e}"),
            ))
        }
    };
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Failure::new(Class::Other, format!("cannot write {path}: {e}")))?;
    ctx.out.notice(&format!(
        "wrote {path} with a fresh http_api.key and client.token.hmac_secret_key; add your front-end's origin to client.allowed_origins"
    ));
    if !ctx.out.is_table() {
        written(ctx.out.emit(&json!({"file": path}), String::new))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn check(ctx: &Ctx, file: &str, strict: bool) -> Result<ExitCode, Failure> {
    let loaded = server_config::load_file(file, &process_env());
    if let Err(e) = &loaded {
        if let Some(f) = unreadable(e) {
            return Err(f);
        }
    }
    let report = check_report(&loaded, strict);
    for w in &report.warnings {
        ctx.out.notice(&format!("warning: {w}"));
    }
    if !strict {
        for line in report.unknown_lines("ignored; --strict makes it an error") {
            ctx.out.notice(&format!("warning: {line}"));
        }
    }
    for v in &report.env_overrides {
        ctx.out.notice(&format!("note: {v} overrides the config"));
    }
    written(ctx.out.emit(&report, || {
        if report.valid {
            "ok\n".to_string()
        } else {
            String::new()
        }
    }))?;
    if report.valid {
        return Ok(ExitCode::SUCCESS);
    }
    let failure = Failure::verdict(format!("{file}: {}", report.errors.join("; ")));
    Err(if strict && loaded.is_ok() {
        failure.hint(
            "remove or fix unknown keys and variables (without --strict they are only warnings)",
        )
    } else {
        failure
    })
}

fn show(ctx: &Ctx, file: Option<String>) -> Result<ExitCode, Failure> {
    let env = process_env();
    let file = file.or_else(|| env.get("CENTRI_CONFIG").filter(|v| !v.is_empty()).cloned());
    let loaded = match &file {
        Some(path) => server_config::load_file(path, &env),
        None => server_config::load("", &env),
    };
    let loaded = loaded.map_err(|e| {
        unreadable(&e).unwrap_or_else(|| {
            Failure::verdict(format!(
                "{}: {}",
                file.as_deref().unwrap_or("environment"),
                error_text(&e)
            ))
            .hint("`centri config check` lists what is wrong")
        })
    })?;
    for line in unknown_lines(
        &loaded.unknown_keys,
        &loaded.unknown_env,
        &loaded.suggestions,
        "ignored",
    ) {
        ctx.out.notice(&format!("warning: {line}"));
    }
    for v in &loaded.env_overrides {
        ctx.out.notice(&format!("note: {v} overrides the config"));
    }
    let doc = masked_config(&loaded);
    written(ctx.out.emit(&doc, || {
        format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    }))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Ctx, cmd: ConfigCmd) -> Result<ExitCode, Failure> {
    match cmd {
        ConfigCmd::Init { file, force } => init(ctx, file.as_deref(), force),
        ConfigCmd::Check { file, strict } => check(ctx, &file, strict),
        ConfigCmd::Show { file } => show(ctx, file),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn no_env() -> HashMap<String, String> {
        HashMap::new()
    }

    #[test]
    fn starter_config_passes_check_without_warnings() {
        let cfg = starter_config(&random_secret(32), &random_secret(48));
        let loaded = server_config::load(&cfg.to_string(), &no_env());
        let report = check_report(&loaded, true);
        assert!(report.valid, "{report:?}");
        assert!(
            report.warnings.is_empty() && report.unknown_keys.is_empty(),
            "{report:?}"
        );
        let l = loaded.unwrap();
        assert_eq!(l.config.client.token.hmac_secret_key.len(), 48);
        assert!(l.config.client.allowed_origins.is_empty());
        assert!(l.config.namespace("chat").unwrap().history_enabled());
        assert_ne!(random_secret(32), random_secret(32));
    }

    #[test]
    fn unknown_keys_are_errors_only_when_strict() {
        let loaded = server_config::load(r#"{"client": {"tokn": {}}}"#, &no_env());
        let lax = check_report(&loaded, false);
        assert!(lax.valid && lax.errors.is_empty());
        assert_eq!(lax.unknown_keys, vec!["client.tokn".to_string()]);
        let strict = check_report(&loaded, true);
        assert!(!strict.valid);
        assert_eq!(strict.errors, vec!["client.tokn: unknown key".to_string()]);
    }

    #[test]
    fn invalid_config_names_the_key() {
        let loaded = server_config::load(
            r#"{"client": {"ping_interval": "5s", "pong_timeout": "8s"}}"#,
            &no_env(),
        );
        let r = check_report(&loaded, false);
        assert!(!r.valid);
        assert!(
            r.errors[0].starts_with("client.pong_timeout: must be less than"),
            "{r:?}"
        );
        let r = check_report(&server_config::load("{", &no_env()), false);
        assert!(r.errors[0].starts_with("not valid JSON"), "{r:?}");
        let env: HashMap<String, String> = [(
            "CENTRIFUGO_CLIENT_INSECURE".to_string(),
            "maybe".to_string(),
        )]
        .into();
        let r = check_report(&server_config::load("{}", &env), false);
        assert!(
            r.errors[0].starts_with("CENTRIFUGO_CLIENT_INSECURE: "),
            "{r:?}"
        );
    }

    #[test]
    fn secrets_are_masked() {
        let pem = "-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n";
        let text = json!({
            "http_api": {"key": "api-key-123456"},
            "client": {"token": {"hmac_secret_key": "hmac-secret-abcdef", "rsa_public_key": pem},
                       "subscription_token": {"hmac_secret_key": ""}}
        });
        let loaded = server_config::load(&text.to_string(), &no_env());
        // The PEM is not a valid key, so mask the raw document rather than a loaded config.
        assert!(loaded.is_err());
        let mut v = text.clone();
        mask_secrets(&mut v);
        assert_eq!(v["http_api"]["key"], "api-… (14 chars)");
        assert_eq!(v["client"]["token"]["hmac_secret_key"], "hmac… (18 chars)");
        assert_eq!(
            v["client"]["token"]["rsa_public_key"],
            format!("<PEM, {} bytes>", pem.len())
        );
        assert_eq!(v["client"]["subscription_token"]["hmac_secret_key"], "");
        assert!(!v.to_string().contains("secret-abcdef") && !v.to_string().contains("123456"));
        let mut v = json!({"database": {"postgresql": {
            "dsn": "postgres://centri:pg-pass-123@db.internal:5433/push?sslmode=disable"}}});
        mask_secrets(&mut v);
        assert_eq!(
            v["database"]["postgresql"]["dsn"],
            "postgresql://centri@db.internal:5433/push"
        );
    }

    #[test]
    fn effective_config_is_masked_and_has_defaults() {
        let env: HashMap<String, String> = [(
            "CENTRIFUGO_HTTP_API_KEY".to_string(),
            "from-env-key".to_string(),
        )]
        .into();
        let loaded = server_config::load(
            &starter_config("file-key-0000", "s3cret-s3cret").to_string(),
            &env,
        )
        .unwrap();
        let v = masked_config(&loaded);
        assert_eq!(v["http_api"]["key"], "from… (12 chars)");
        assert_eq!(v["client"]["token"]["hmac_secret_key"], "s3cr… (13 chars)");
        assert_eq!(v["client"]["ping_interval"], "25s");
        assert_eq!(v["channel"]["namespaces"][0]["name"], "chat");
        assert!(!v.to_string().contains("s3cret-s3cret"));
    }
}

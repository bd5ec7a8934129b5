//! The CLI's own settings: named contexts in a 0600 JSON file under the user's config dir
//! (`$XDG_CONFIG_HOME/centri/contexts.json`, else `~/.config/centri/contexts.json`), and the
//! resolution of flag > environment > context > default. clap types do not reach here: the
//! caller passes what the user typed as plain values.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The server used when nothing else names one.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8000";
/// The request timeout when none is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// One named context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Context {
    pub server: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hmac_secret: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// The OIDC sign-in of `centri login`, whose bearer admin calls carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<crate::login::Login>,
}

/// The contexts file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contexts {
    pub current: Option<String>,
    pub contexts: BTreeMap<String, Context>,
}

#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid contexts file: {reason}")]
    Corrupt { path: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("no context named {0:?} (see `centri context ls`)")]
    Unknown(String),
    #[error("cannot find a config directory: set XDG_CONFIG_HOME or HOME")]
    NoHome,
    /// A server URL that cannot be used (a usage error, not an unreachable server).
    #[error("{url:?} is not a usable server URL: {reason}")]
    BadServer { url: String, reason: String },
}

impl ContextError {
    /// Whether the user typed something wrong (exit 2), rather than the file failing.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::Unknown(_) | Self::BadServer { .. })
    }
}

/// A server URL as the client uses it: `host:port` (no scheme) means `http://host:port`;
/// only http and https are accepted; no trailing slash.
///
/// # Errors
/// [`ContextError::BadServer`] for another scheme (`htp://`) or a URL that does not parse.
pub fn normalize_server(raw: &str) -> Result<String, ContextError> {
    let t = raw.trim();
    let bad = |reason: String| ContextError::BadServer {
        url: raw.to_string(),
        reason,
    };
    if t.is_empty() {
        return Err(bad("it is empty".into()));
    }
    let full = if t.contains("://") {
        t.to_string()
    } else {
        format!("http://{t}")
    };
    let url = reqwest::Url::parse(&full).map_err(|e| bad(e.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(bad(format!(
                "the scheme is {other:?}; use http:// or https:// (or just HOST:PORT)"
            )))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host".into()));
    }
    Ok(full.trim_end_matches('/').to_string())
}

/// Where the contexts file lives.
pub fn path() -> Result<PathBuf, ContextError> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .ok_or(ContextError::NoHome)?,
        )
        .join(".config"),
    };
    Ok(base.join("centri").join("contexts.json"))
}

/// Loads the contexts file; a missing file is an empty set.
pub fn load() -> Result<Contexts, ContextError> {
    let p = path()?;
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Contexts::default()),
        Err(source) => {
            return Err(ContextError::Read {
                path: p.display().to_string(),
                source,
            })
        }
    };
    serde_json::from_str(&text).map_err(|e| ContextError::Corrupt {
        path: p.display().to_string(),
        reason: e.to_string(),
    })
}

/// Saves the contexts file atomically with mode 0600 (it holds secrets).
pub fn save(c: &Contexts) -> Result<(), ContextError> {
    let p = path()?;
    let err = |source| ContextError::Write {
        path: p.display().to_string(),
        source,
    };
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = p.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(c).unwrap_or_default();
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(err)?;
        f.write_all(text.as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).map_err(err)?;
    }
    std::fs::rename(&tmp, &p).map_err(err)
}

/// What the user typed (flags, already merged with their environment variables by clap).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub context: Option<String>,
    pub server: Option<String>,
    pub api_key: Option<String>,
    pub admin_key: Option<String>,
    pub hmac_secret: Option<String>,
    pub timeout: Option<Duration>,
}

/// Effective settings for a command.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: String,
    pub api_key: Option<String>,
    pub admin_key: Option<String>,
    pub hmac_secret: Option<String>,
    pub timeout: Duration,
    /// The context in use, if any.
    pub context: Option<String>,
    pub read_only: bool,
    /// The context's `centri login`, used for admin calls when no admin key is given.
    pub login: Option<crate::login::Login>,
}

impl Settings {
    /// The API client for these settings; admin calls without an admin key carry the
    /// context's login.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn client(&self, trace: bool) -> Result<crate::client::Client, crate::client::ClientError> {
        let session = match (&self.context, &self.login) {
            (Some(name), Some(l)) => Some(std::sync::Arc::new(crate::login::Session::new(
                name.clone(),
                l.clone(),
                self.timeout,
            ))),
            _ => None,
        };
        Ok(
            crate::client::Client::new(&self.server, self.api_key.clone(), self.timeout, trace)?
                .with_login(session),
        )
    }
}

/// Resolves flag > environment > context > default. The context is the one named by
/// `--context`/`CENTRI_CONTEXT`, else the file's current one.
pub fn resolve(o: &Overrides) -> Result<Settings, ContextError> {
    let file = load()?;
    let name = o.context.clone().or_else(|| file.current.clone());
    let ctx = match &name {
        Some(n) => Some(
            file.contexts
                .get(n)
                .cloned()
                .ok_or_else(|| ContextError::Unknown(n.clone()))?,
        ),
        None => None,
    };
    let c = ctx.clone().unwrap_or_default();
    // a login belongs to its context's server: another --server does not get its token
    let login = c.login.clone().filter(|_| {
        o.server
            .as_ref()
            .is_none_or(|s| normalize_server(s).ok() == normalize_server(&c.server).ok())
    });
    let server = o
        .server
        .clone()
        .or_else(|| (!c.server.is_empty()).then(|| c.server.clone()))
        .unwrap_or_else(|| DEFAULT_SERVER.to_string());
    Ok(Settings {
        server: normalize_server(&server)?,
        api_key: o.api_key.clone().or(c.api_key),
        admin_key: o.admin_key.clone().or(c.admin_key),
        hmac_secret: o.hmac_secret.clone().or(c.hmac_secret),
        timeout: o.timeout.unwrap_or(DEFAULT_TIMEOUT),
        context: ctx.map(|_| name.unwrap_or_default()),
        read_only: c.read_only,
        login,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_without_a_scheme_are_http() {
        assert_eq!(
            normalize_server("127.0.0.1:8100").unwrap(),
            "http://127.0.0.1:8100"
        );
        assert_eq!(
            normalize_server("localhost:8000/").unwrap(),
            "http://localhost:8000"
        );
        assert_eq!(
            normalize_server(" https://rt.example.com/ ").unwrap(),
            "https://rt.example.com"
        );
        for bad in [
            "htp://127.0.0.1:8000",
            "ws://x:1",
            "",
            "http://",
            "http://a b",
        ] {
            let e = normalize_server(bad).unwrap_err();
            assert!(e.is_usage(), "{bad:?}: {e}");
        }
    }
}

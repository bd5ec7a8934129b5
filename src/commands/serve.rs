//! `centri serve`: load and validate the config (file, then `CENTRIFUGO_*`/`CENTRI_*`
//! environment, then flags), set up `--dev`, bind, print `listening on ...`, and run the server
//! until SIGINT or SIGTERM.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context as _;
use rand::distr::{Alphanumeric, SampleString};

use crate::cli::ServeArgs;
use crate::server::config::{self, Config, NamespaceOptions};

/// Exit code for an unusable config.
const EXIT_CONFIG: u8 = 2;

/// The permissive channel options `--dev` uses when the config declares none.
fn dev_namespace() -> NamespaceOptions {
    NamespaceOptions {
        presence: true,
        join_leave: true,
        force_push_join_leave: true,
        history_size: 100,
        history_ttl: config::Dur::secs(300),
        force_recovery: true,
        allow_subscribe_for_client: true,
        allow_publish_for_client: true,
        allow_history_for_client: true,
        allow_presence_for_client: true,
        allow_user_limited_channels: true,
        allow_tags_filter: true,
        ..NamespaceOptions::default()
    }
}

/// The file in the data directory that keeps `--dev`'s made-up keys across restarts.
pub const DEV_KEYS_FILE: &str = "dev-keys.json";

/// `--dev`'s made-up keys, as kept in [`DEV_KEYS_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DevKeys {
    pub api_key: String,
    pub hmac_secret: String,
}

impl DevKeys {
    /// Fresh random keys.
    fn mint() -> Self {
        let mut rng = rand::rng();
        Self {
            api_key: format!("dev-{}", Alphanumeric.sample_string(&mut rng, 24)),
            hmac_secret: format!("dev-{}", Alphanumeric.sample_string(&mut rng, 32)),
        }
    }

    /// The keys kept in `dir`: `None` when there are none yet (or the file is unreadable,
    /// which only costs new keys).
    fn load(dir: &std::path::Path) -> Option<Self> {
        let bytes = std::fs::read(dir.join(DEV_KEYS_FILE)).ok()?;
        serde_json::from_slice::<Self>(&bytes)
            .ok()
            .filter(|k| !k.api_key.is_empty() && !k.hmac_secret.is_empty())
    }

    /// Keeps the keys in `dir` (mode 0600: they are secrets); the file's path.
    fn save(&self, dir: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(DEV_KEYS_FILE);
        let tmp = dir.join(format!("{DEV_KEYS_FILE}.tmp"));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(&serde_json::to_vec_pretty(self).unwrap_or_default())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        Ok(path)
    }
}

/// Applies `--dev`: `keys` where the config sets none, permissive channels, loopback only.
/// Returns the (api key, hmac secret) in effect.
fn apply_dev(cfg: &mut Config, keys: &DevKeys) -> (String, String) {
    if cfg.http_api.key.is_empty() {
        cfg.http_api.key.clone_from(&keys.api_key);
    }
    if cfg.client.token.hmac_secret_key.is_empty() {
        cfg.client
            .token
            .hmac_secret_key
            .clone_from(&keys.hmac_secret);
    }
    if cfg.channel.without_namespace == NamespaceOptions::default()
        && cfg.channel.namespaces.is_empty()
    {
        cfg.channel.without_namespace = dev_namespace();
        let mut chat = dev_namespace();
        chat.name = "chat".into();
        cfg.channel.namespaces.push(chat);
    }
    if cfg.client.allowed_origins.is_empty() {
        cfg.client.allowed_origins = vec!["*".into()];
    }
    cfg.http_server.address = "127.0.0.1".into();
    cfg.prometheus.enabled = true;
    cfg.push_notifications.enabled = true;
    cfg.user_status.enabled = true;
    if !cfg.admin.enabled {
        cfg.admin.enabled = true;
        if cfg.admin.api_key.is_empty() {
            cfg.admin.api_key.clone_from(&cfg.http_api.key);
        }
    }
    (
        cfg.http_api.key.clone(),
        cfg.client.token.hmac_secret_key.clone(),
    )
}

/// A connection token for `user`, valid for a day.
pub fn dev_token(secret: &str, user: &str) -> anyhow::Result<String> {
    let exp = crate::server::auth::now_unix() + 24 * 3600;
    let claims = serde_json::json!({ "sub": user, "exp": exp });
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .context("signing the dev token")
}

pub fn run(args: &ServeArgs, verbose: u8) -> anyhow::Result<ExitCode> {
    let env: HashMap<String, String> = std::env::vars().collect();
    let loaded = match &args.config {
        Some(path) => config::load_file(path, &env),
        None => config::load("", &env),
    };
    let level = match verbose {
        0 => None,
        1 => Some("centri=debug"),
        _ => Some("centri=trace"),
    };
    let mut loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            crate::telemetry::init(level.unwrap_or("centri=info"));
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
    };
    let file_level = match loaded.config.log.level.as_str() {
        "" => "centri=info".to_string(),
        l => format!("centri={l}"),
    };
    crate::telemetry::init(level.unwrap_or(&file_level));
    for line in crate::commands::config::unknown_lines(
        &loaded.unknown_keys,
        &loaded.unknown_env,
        &loaded.suggestions,
        "ignored",
    ) {
        tracing::warn!("{line}");
    }
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    for v in &loaded.env_overrides {
        tracing::info!(var = %v, "config key set from the environment");
    }
    let cfg = &mut loaded.config;
    if let Some(p) = args.port {
        cfg.http_server.port = p;
    }
    if let Some(a) = &args.address {
        cfg.http_server.address.clone_from(a);
    }
    let data_dir = args.data_dir.clone().or_else(|| {
        crate::server::ratelimit::state::default_dir(
            args.config.as_deref().map(std::path::Path::new),
        )
    });
    // --dev without declared channels opens every namespace, declared or not (after
    // validation: the catch-all's name is one no config file can use)
    let open_all = args.dev
        && cfg.channel.without_namespace == NamespaceOptions::default()
        && cfg.channel.namespaces.is_empty();
    let mut keys_note = String::new();
    let dev = if args.dev {
        let kept = data_dir
            .as_deref()
            .filter(|_| !args.rotate_dev_keys)
            .and_then(DevKeys::load);
        let reused = kept.is_some();
        let keys = kept.unwrap_or_else(DevKeys::mint);
        keys_note = match data_dir.as_deref().map(|d| (d, keys.save(d))) {
            Some((_, Ok(path))) if reused => format!(
                "Keys:         reused from {} (`--rotate-dev-keys` mints new ones)",
                path.display()
            ),
            Some((_, Ok(path))) => format!(
                "Keys:         new, kept in {} for the next start (`--rotate-dev-keys` mints new ones)",
                path.display()
            ),
            Some((d, Err(e))) => format!(
                "Keys:         new; cannot keep them in {}: {e} (the next start mints others)",
                d.display()
            ),
            None => "Keys:         new; no data directory (set --data-dir) to keep them in".into(),
        };
        Some(apply_dev(cfg, &keys))
    } else {
        None
    };
    if let Err(e) = config::validate(cfg) {
        eprintln!("error: {e}");
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    if let Err(e) = crate::server::node::Node::preflight(cfg) {
        eprintln!("error: invalid config: {e}");
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    if open_all {
        let mut any = dev_namespace();
        any.name = crate::server::permissions::OPEN_NAMESPACE.into();
        cfg.channel.namespaces.push(any);
    }
    if cfg.http_api.key.is_empty() && !cfg.http_api.insecure {
        tracing::warn!(
            "http_api.key is empty: every server API call will get 401 (set http_api.key)"
        );
    }
    let mut config = loaded.config;
    let fds = crate::bench::sys::raise_fds_to_hard();
    tracing::debug!(fds, "open-file limit (RLIMIT_NOFILE)");
    let store = if let Some(dir) = &data_dir {
        match crate::server::ratelimit::state::Store::open(dir, &config) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(EXIT_CONFIG));
            }
        }
    } else {
        tracing::warn!("no data directory (set --data-dir): live edits will not survive a restart");
        crate::server::ratelimit::state::Store::memory(&config)
    };
    if config.push_notifications.enabled {
        if config.push_storage() == config::PushStorage::Sqlite {
            if let Some(p) = crate::server::push::sqlite_path(&config, data_dir.as_deref()) {
                config.push_notifications.sqlite.path = p.display().to_string();
            }
        }
        if config.push_notifications.queue.path.is_empty() {
            if let Some(d) = &data_dir {
                config.push_notifications.queue.path = d
                    .join(crate::server::push::QUEUE_FILE)
                    .display()
                    .to_string();
            }
        }
        if let Err(e) = crate::server::push::preflight(&config) {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Sync engine calls wait in `block_in_place`, each on a thread of its own; a connect
        // storm must not turn into hundreds of threads (each with its own allocator heap).
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .build()
        .context("starting the async runtime")?;
    rt.block_on(serve(config, store, dev.map(|(k, s)| (k, s, keys_note))))
}

/// Threads for blocking work and for workers that wait in `block_in_place` (tokio's default
/// is 512).
const MAX_BLOCKING_THREADS: usize = 64;

async fn serve(
    config: Config,
    store: crate::server::ratelimit::state::Store,
    dev: Option<(String, String, String)>,
) -> anyhow::Result<ExitCode> {
    let addr = format!(
        "{}:{}",
        if config.http_server.address.is_empty() {
            "0.0.0.0"
        } else {
            &config.http_server.address
        },
        config.http_server.port
    );
    let listener = match listen(&addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(super::Failure::new(
                super::Class::Other,
                format!("cannot listen on {addr}: {e}"),
            )
            .hint(format!(
                "another process has port {}: `--port 0` picks a free port, or `--port N` another",
                config.http_server.port
            ))
            .into())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
    };
    let local = listener.local_addr().context("reading the bound address")?;
    if let Some((key, secret, keys_note)) = &dev {
        let token = dev_token(secret, "42")?;
        let saved = save_dev_context(&format!("http://{local}"), key, secret);
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "\n  !!! DEV MODE: INSECURE. Made-up keys, every channel open to every client. Never expose this. !!!\n\n  API key:      {key}\n  HMAC secret:  {secret}\n  Token (user 42, 24h): {token}\n\n  WebSocket:    ws://{local}/connection/websocket\n  {keys_note}\n  Try:          curl -s -X POST -H 'X-API-Key: {key}' -d '{{\"channel\":\"chat:index\",\"data\":{{\"text\":\"hello\"}}}}' http://{local}/api/publish\n  {saved}\n"
        );
    }
    let shutdown = shutdown_signal();
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{local}").context("writing to stdout")?;
        out.flush().context("writing to stdout")?;
    }
    Box::pin(crate::server::run(config, Some(store), listener, shutdown)).await?;
    Ok(ExitCode::SUCCESS)
}

/// Saves the dev server as context `dev` (current only when no context is current yet), so
/// `centri pub ...` works in another terminal with no flags. Returns a line for the banner.
fn save_dev_context(server: &str, key: &str, secret: &str) -> String {
    let result = crate::context::load().and_then(|mut file| {
        file.contexts.insert(
            "dev".into(),
            crate::context::Context {
                server: server.to_string(),
                api_key: Some(key.to_string()),
                admin_key: Some(key.to_string()),
                hmac_secret: Some(secret.to_string()),
                read_only: false,
                login: None,
            },
        );
        let current = file.current.get_or_insert_with(|| "dev".into()) == "dev";
        crate::context::save(&file).map(|()| current)
    });
    match result {
        Ok(true) => "CLI:          saved as context `dev` (current): try `centri pub chat:index '{\"text\":\"hi\"}'`".into(),
        Ok(false) => "CLI:          saved as context `dev`: use `centri -C dev ...` or `centri context use dev`".into(),
        Err(e) => format!("CLI:          could not save context `dev`: {e}"),
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled: a signal that arrives right after `listening on` is printed
/// must shut down gracefully, not kill the process.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let int = signal(SignalKind::interrupt());
        let term = signal(SignalKind::terminate());
        async move {
            match (int, term) {
                (Ok(mut int), Ok(mut term)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The accept queue of the listening socket: the system's `somaxconn` (as Go's `net.Listen`,
/// hence Centrifugo, uses), 4096 when it cannot be read. Rust's and mio's default of 128 made
/// a burst of a few hundred connects overflow it: the kernel dropped the SYNs and those
/// clients waited a one-second retransmit.
fn backlog() -> u32 {
    std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(4096)
}

/// Binds `addr` (`host:port`) with `SO_REUSEADDR`, as `TcpListener::bind` does, but listens
/// with [`backlog`].
async fn listen(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = None;
    for a in tokio::net::lookup_host(addr).await? {
        let socket = if a.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(a).and_then(|()| socket.listen(backlog())) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{addr}: no address"),
        )
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// 300 connects to a listener that never accepts all complete: they wait in the accept
    /// queue. Under the old backlog of 128 the kernel dropped the SYNs past it and those
    /// connects hung.
    #[tokio::test]
    async fn the_accept_queue_holds_a_burst_of_connects() {
        assert!(backlog() >= 300, "somaxconn on this machine: {}", backlog());
        let l = listen("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let connects = (0..300).map(|_| tokio::net::TcpStream::connect(addr));
        let all = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            futures_util::future::join_all(connects),
        )
        .await
        .expect("every connect completes without an accept");
        assert!(all.iter().all(Result::is_ok));
        drop(l);
    }

    #[test]
    fn dev_mode_fills_secrets_and_opens_channels() {
        let mut c = Config::default();
        let (key, secret) = apply_dev(&mut c, &DevKeys::mint());
        assert!(key.starts_with("dev-") && key.len() > 20);
        let mut kept = Config::default();
        kept.http_api.key = "from-config".into();
        let again = apply_dev(&mut kept, &DevKeys::mint());
        assert_eq!(again.0, "from-config", "a key the config sets wins");
        assert!(secret.len() > 30);
        assert!(c.channel.without_namespace.allow_subscribe_for_client);
        assert!(c.channel.without_namespace.allow_tags_filter);
        assert!(c.user_status.enabled);
        assert!(c.push_notifications.enabled);
        assert!(c.namespace("chat").is_some());
        assert_eq!(c.http_server.address, "127.0.0.1");
        assert!(config::validate(&c).is_ok());
        let token = dev_token(&secret, "42").unwrap();
        let v = crate::server::auth::Verifier::new(&c.client.token).unwrap();
        assert_eq!(
            v.verify(&token, crate::server::auth::now_unix()).unwrap().1,
            "42"
        );
    }
}

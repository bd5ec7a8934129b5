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

/// Applies `--dev`: made-up secrets where none are set, permissive channels, loopback only.
/// Returns the generated (api key, hmac secret).
fn apply_dev(cfg: &mut Config) -> (String, String) {
    let mut rng = rand::rng();
    if cfg.http_api.key.is_empty() {
        cfg.http_api.key = format!("dev-{}", Alphanumeric.sample_string(&mut rng, 24));
    }
    if cfg.client.token.hmac_secret_key.is_empty() {
        cfg.client.token.hmac_secret_key =
            format!("dev-{}", Alphanumeric.sample_string(&mut rng, 32));
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
    let dev = args.dev.then(|| apply_dev(cfg));
    if let Err(e) = config::validate(cfg) {
        eprintln!("error: {e}");
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    if let Err(e) = crate::server::node::Node::preflight(cfg) {
        eprintln!("error: invalid config: {e}");
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    if cfg.http_api.key.is_empty() && !cfg.http_api.insecure {
        tracing::warn!(
            "http_api.key is empty: every server API call will get 401 (set http_api.key)"
        );
    }
    let mut config = loaded.config;
    let fds = crate::bench::sys::raise_fds_to_hard();
    tracing::debug!(fds, "open-file limit (RLIMIT_NOFILE)");
    let data_dir = args.data_dir.clone().or_else(|| {
        crate::server::ratelimit::state::default_dir(
            args.config.as_deref().map(std::path::Path::new),
        )
    });
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
        if let Some(p) = crate::server::push::sqlite_path(&config, data_dir.as_deref()) {
            config.push_notifications.sqlite.path = p.display().to_string();
        }
        if let Err(e) = crate::server::push::preflight(&config) {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(serve(config, store, dev))
}

async fn serve(
    config: Config,
    store: crate::server::ratelimit::state::Store,
    dev: Option<(String, String)>,
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
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    if let Some((key, secret)) = &dev {
        let token = dev_token(secret, "42")?;
        let saved = save_dev_context(&format!("http://{local}"), key, secret);
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "\n  !!! DEV MODE: INSECURE. Made-up keys, every channel open to every client. Never expose this. !!!\n\n  API key:      {key}\n  HMAC secret:  {secret}\n  Token (user 42, 24h): {token}\n\n  WebSocket:    ws://{local}/connection/websocket\n  Try:          curl -s -X POST -H 'X-API-Key: {key}' -d '{{\"channel\":\"chat:index\",\"data\":{{\"text\":\"hello\"}}}}' http://{local}/api/publish\n  {saved}\n"
        );
    }
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{local}").context("writing to stdout")?;
        out.flush().context("writing to stdout")?;
    }
    crate::server::run(config, Some(store), listener, shutdown_signal()).await?;
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

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = ctrl_c.await;
            return;
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dev_mode_fills_secrets_and_opens_channels() {
        let mut c = Config::default();
        let (key, secret) = apply_dev(&mut c);
        assert!(key.starts_with("dev-") && key.len() > 20);
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

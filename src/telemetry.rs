//! Logging setup: `tracing` to stderr (CLI and server) or to a file (the dashboard), filtered
//! by `RUST_LOG` (default `centri=info`).

use tracing_subscriber::EnvFilter;

/// Installs the stderr subscriber. `default` is used when `RUST_LOG` is unset.
pub fn init(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Installs a subscriber that appends to `path` without colours: for the dashboard, whose
/// screen must never receive a log line. `default` is used when `RUST_LOG` is unset.
pub fn init_file(path: &std::path::Path, default: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .try_init();
    Ok(())
}

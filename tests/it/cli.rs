//! End-to-end tests with the real `centri` binary: startup, config errors, environment
//! overrides, `--dev`, graceful shutdown, help and completions.

use std::process::Command;

use serde_json::json;

use super::util::{bin, Client, Proc};

fn write_config(v: &serde_json::Value) -> tempfile_path::TempPath {
    tempfile_path::TempPath::with(&v.to_string())
}

/// A tiny temp-file helper (kept here; no extra crate needed).
mod tempfile_path {
    pub struct TempPath(pub std::path::PathBuf);
    impl TempPath {
        pub fn with(content: &str) -> Self {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let p = crate::it::util::test_root()
                .join(format!("centri-test-{}-{n}.json", std::process::id()));
            std::fs::write(&p, content).unwrap();
            Self(p)
        }
        pub fn as_str(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }
    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[tokio::test]
async fn serve_with_config_then_sigterm_closes_clients_with_3001() {
    let cfg = write_config(&super::util::test_config());
    let mut p = Proc::serve(&["--config", cfg.as_str()], &[]);
    let (mut c, _) = Client::connect(&format!("ws://{}/connection/websocket", p.addr), "42").await;
    let r = reqwest::Client::new()
        .post(format!("http://{}/api/publish", p.addr))
        .header("X-API-Key", super::util::API_KEY)
        .body(json!({"channel": "chat:e2e", "data": {"a": 1}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let status = tokio::task::spawn_blocking(move || {
        let s = p.terminate();
        (s, p)
    });
    assert_eq!(c.closed().await, (3001, "shutdown".to_string()));
    let (status, _p) = status.await.unwrap();
    assert!(status.success(), "exit status {status:?}");
}

#[tokio::test]
async fn env_overrides_and_unknown_key_warning() {
    let mut v = super::util::test_config();
    v["http_api"]["key"] = json!("from-file");
    v["client"]["tokn"] = json!({});
    let cfg = write_config(&v);
    let p = Proc::serve(
        &["--config", cfg.as_str()],
        &[
            ("CENTRIFUGO_HTTP_API_KEY", "from-env"),
            ("CENTRIFUGO_GRPC_API_ENABLED", "true"),
            ("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENSE", "true"),
        ],
    );
    let post = |key: &'static str| {
        reqwest::Client::new()
            .post(format!("http://{}/api/info", p.addr))
            .header("X-API-Key", key)
            .body("{}")
            .send()
    };
    assert_eq!(post("from-env").await.unwrap().status(), 200);
    assert_eq!(post("from-file").await.unwrap().status(), 401);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let err = p.stderr.lock().unwrap().clone();
    assert!(
        err.contains("client.tokn: unknown key (ignored; did you mean `token`?)"),
        "unknown key must be named: {err}"
    );
    // issue 14: unknown CENTRIFUGO_* variables are named too
    assert!(
        err.contains("CENTRIFUGO_GRPC_API_ENABLED: unknown environment variable (ignored)"),
        "{err}"
    );
    assert!(
        err.contains("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENSE: unknown environment variable (ignored; did you mean `CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_PRESENCE`?)"),
        "{err}"
    );
}

/// Issue 14: `config check` lists unknown variables; `--strict` makes them errors.
#[test]
fn config_check_names_unknown_env_vars_and_strict_fails() {
    let f = write_config(&json!({"channel": {"namespaces": [{"name": "chat"}]}}));
    let run = |strict: bool| {
        let mut cmd = Command::new(bin());
        cmd.args(["config", "check", f.as_str(), "-o", "json"]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.env("CENTRIFUGO_GRPC_API_ENABLED", "true")
            .env("CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_SIZE", "10")
            .output()
            .unwrap()
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unknown_env"], json!(["CENTRIFUGO_GRPC_API_ENABLED"]));
    assert_eq!(
        v["env_overrides"],
        json!(["CENTRIFUGO_CHANNEL_NAMESPACES_CHAT_HISTORY_SIZE"])
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("CENTRIFUGO_GRPC_API_ENABLED: unknown environment variable"));
    let out = run(true);
    assert_eq!(out.status.code(), Some(8));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["errors"],
        json!(["CENTRIFUGO_GRPC_API_ENABLED: unknown environment variable"])
    );
}

/// Issue 15: `serve` names the file that is not JSON, as `config check` does.
#[test]
fn serve_names_a_config_file_that_is_not_json() {
    let f =
        crate::it::util::test_root().join(format!("centri-notjson-{}.json", std::process::id()));
    std::fs::write(&f, "{\"client\": {").unwrap();
    let out = Command::new(bin())
        .args(["serve", "--port", "0", "--config"])
        .arg(&f)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&f);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("config file {} is not valid JSON", f.display())),
        "{err}"
    );
}

#[test]
fn invalid_config_exits_non_zero_naming_the_key() {
    let cases = [
        (
            json!({"client": {"ping_interval": "5s", "pong_timeout": "9s"}}),
            "client.pong_timeout",
        ),
        (
            json!({"channel": {"namespaces": [{"name": "x"}]}}),
            "channel.namespaces[0].name",
        ),
        (
            json!({"http_api": {"error_mode": "loud"}}),
            "http_api.error_mode",
        ),
        (json!({"engine": {"type": "etcd"}}), "engine.type"),
        (
            json!({"websocket": {"write_timeout": "0s"}}),
            "websocket.write_timeout",
        ),
        (
            json!({"http_server": {"port": "eighty"}}),
            "http_server.port: invalid type: string \"eighty\"",
        ),
        // issue 15: the full path, not the section
        (
            json!({"channel": {"namespaces": [{"name": "chat", "history_size": "ten"}]}}),
            "channel.namespaces[0].history_size: invalid type: string \"ten\", expected u32",
        ),
        (
            json!({"client": {"ping_interval": "25x"}}),
            "client.ping_interval: invalid duration \"25x\"",
        ),
        // keys and certificates that only fail when parsed: refused before binding
        (
            json!({"client": {"token": {"rsa_public_key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}}}),
            "client.token.rsa_public_key",
        ),
        (
            json!({"engine": {"type": "redis", "redis": {"address": "127.0.0.1:1", "tls": {"enabled": true,
                "server_ca_pem": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}}}}),
            "engine.redis.tls",
        ),
        (
            json!({"engine": {"type": "redis", "redis": {"address": "127.0.0.1:1", "tls": {"enabled": true,
                "server_ca_pem_file": "/nonexistent/ca.pem"}}}}),
            "engine.redis.tls.server_ca_pem_file",
        ),
    ];
    for (cfg, key) in cases {
        let f = write_config(&cfg);
        let out = Command::new(bin())
            .args(["serve", "--config", f.as_str(), "--port", "0"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cfg}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key), "{cfg}: {err}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("listening"),
            "{cfg}: a bad config must fail before the server listens"
        );
    }
    let f = tempfile_path::TempPath::with("{ not json");
    let out = Command::new(bin())
        .args(["serve", "--config", f.as_str()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid JSON"));
    let out = Command::new(bin())
        .args(["serve", "--config", "/nonexistent/centri.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/centri.json"));
    let out = Command::new(bin())
        .args(["serve", "--config", "x.json"])
        .env("CENTRIFUGO_CLIENT_INSECURE", "maybe")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn dev_mode_prints_working_keys_and_token() {
    let p = Proc::serve(&["--dev"], &[]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let err = p.stderr.lock().unwrap().clone();
    assert!(err.contains("INSECURE"), "{err}");
    let field = |name: &str| {
        err.lines()
            .find(|l| l.trim_start().starts_with(name))
            .and_then(|l| l.split_whitespace().last())
            .unwrap_or_else(|| panic!("{name} not printed: {err}"))
            .to_string()
    };
    let key = field("API key:");
    let token = field("Token (user 42, 24h):");
    assert!(err.contains("curl"), "sample publish command: {err}");
    let mut c = Client::open(&format!("ws://{}/connection/websocket", p.addr)).await;
    let r = c.call(json!({"connect": {"token": token}})).await;
    assert!(r.get("connect").is_some(), "{r}");
    c.call(json!({"subscribe": {"channel": "chat:index"}}))
        .await;
    let r = reqwest::Client::new()
        .post(format!("http://{}/api/publish", p.addr))
        .header("X-API-Key", key)
        .body(json!({"channel": "chat:index", "data": {"text": "hello"}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    loop {
        let push = c.next_push().await;
        if push.get("pub").is_some() {
            assert_eq!(push["pub"]["data"]["text"], "hello");
            break;
        }
    }
    // --dev saved a `dev` context: the quick start works with no flags at all
    let run = |args: &[&str]| {
        Command::new(bin())
            .args(args)
            .env("XDG_CONFIG_HOME", &p.home)
            .env_remove("CENTRI_SERVER")
            .env_remove("CENTRI_API_KEY")
            .output()
            .unwrap()
    };
    let out = run(&["pub", "chat:index", r#"{"text":"again"}"#, "-o", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["channel", "history", "chat:index", "-o", "json"]);
    assert!(out.status.success());
    let out = run(&["channel", "presence", "chat:index", "-o", "json"]);
    assert!(out.status.success());
    let out = run(&["token", "gen", "--user", "42"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_carries_examples() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["completions", "--help"],
    ] {
        let out = Command::new(bin()).args(&args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Example"), "{args:?}: {text}");
    }
    let out = Command::new(bin())
        .args(["serve", "--port", "notaport"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

/// `completions/` must match what the binary generates.
#[test]
fn completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "centri.bash"),
        ("zsh", "_centri"),
        ("fish", "centri.fish"),
        ("powershell", "_centri.ps1"),
        ("elvish", "centri.elv"),
    ] {
        let out = Command::new(bin())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is out of date: run `cargo run -- completions {shell} > completions/{file}`"
        );
    }
}

/// Every command path under `centri`, from the clap definitions (the `help` pseudo-command
/// left out), e.g. `[]`, `["channel"]`, `["channel", "ls"]`.
fn command_paths() -> Vec<(Vec<String>, clap::Command)> {
    use clap::CommandFactory;
    fn walk(path: &[String], cmd: &clap::Command, out: &mut Vec<(Vec<String>, clap::Command)>) {
        out.push((path.to_vec(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            walk(&p, sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&[], &centri::cli::Cli::command(), &mut out);
    out
}

/// The help texts the author wrote for a command and its arguments.
fn raw_help_texts(cmd: &clap::Command) -> Vec<String> {
    let mut texts: Vec<String> = [
        cmd.get_about(),
        cmd.get_long_about(),
        cmd.get_before_help(),
        cmd.get_before_long_help(),
        cmd.get_after_help(),
        cmd.get_after_long_help(),
    ]
    .into_iter()
    .flatten()
    .map(ToString::to_string)
    .collect();
    for a in cmd.get_arguments() {
        texts.extend(
            [a.get_help(), a.get_long_help()]
                .into_iter()
                .flatten()
                .map(ToString::to_string),
        );
    }
    texts
}

/// Issue 15 (2): clap turns `{n}` into a line break, which mangled `{{n}}` in `pub --help`.
/// Renders `--help` and `-h` of every command with the real binary and checks that what the
/// author wrote comes out as written.
#[test]
fn every_help_renders_as_written() {
    let paths = command_paths();
    assert!(paths.len() > 50, "the walk found {} commands", paths.len());
    for (path, cmd) in &paths {
        for texts in raw_help_texts(cmd) {
            assert!(
                !texts.contains("{n}"),
                "`centri {}`: clap renders `{{n}}` as a line break: {texts:?}",
                path.join(" ")
            );
        }
        let after = cmd.get_after_help().map(ToString::to_string);
        for flag in ["--help", "-h"] {
            let out = Command::new(bin())
                .args(path)
                .arg(flag)
                .env_remove("COLUMNS")
                .output()
                .unwrap();
            let name = format!("centri {} {flag}", path.join(" "));
            assert_eq!(out.status.code(), Some(0), "{name}");
            let text = String::from_utf8_lossy(&out.stdout);
            for line in text.lines() {
                assert_eq!(
                    line.matches('{').count(),
                    line.matches('}').count(),
                    "{name}: unbalanced braces in {line:?}\n{text}"
                );
            }
            // the examples come out line for line as written (short lines are not wrapped)
            for line in after.iter().flat_map(|a| a.lines()) {
                if line.len() < 90 {
                    assert!(
                        text.contains(line),
                        "{name}: {line:?} is not in the help\n{text}"
                    );
                }
            }
            // Issue 15 (16): every command, the groups included, shows examples.
            assert!(text.contains("Example"), "{name} has no examples\n{text}");
        }
    }
}

/// Issue 15 (4): restarting `serve --dev` keeps its keys (kept in the data directory), so a
/// token and the `dev` context made against the first run work against the second;
/// `--rotate-dev-keys` mints new ones.
#[tokio::test]
async fn dev_keys_survive_a_restart_until_rotated() {
    let dir = super::util::fresh_dir("devkeys");
    let d = dir.to_str().unwrap();
    let env = [("XDG_STATE_HOME", d), ("XDG_CONFIG_HOME", d)];
    let field = |err: &str, name: &str| {
        err.lines()
            .find(|l| l.trim_start().starts_with(name))
            .and_then(|l| l.split_whitespace().last())
            .unwrap_or_else(|| panic!("{name} not printed: {err}"))
            .to_string()
    };
    let banner = |p: &Proc| {
        for _ in 0..100 {
            let err = p.stderr.lock().unwrap().clone();
            if err.contains("Try:") {
                return err;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("no dev banner: {}", p.stderr.lock().unwrap());
    };
    let mut first = Proc::serve(&["--dev"], &env);
    let err = banner(&first);
    let (key, secret) = (field(&err, "API key:"), field(&err, "HMAC secret:"));
    let token = field(&err, "Token (user 42, 24h):");
    assert!(
        err.contains("dev-keys.json"),
        "says where the keys are: {err}"
    );
    assert!(
        err.contains("--rotate-dev-keys"),
        "says how to rotate: {err}"
    );
    let status = first.terminate();
    assert!(
        status.success(),
        "{status:?}: {}",
        first.stderr.lock().unwrap()
    );

    let second = Proc::serve(&["--dev"], &env);
    let err = banner(&second);
    assert_eq!(field(&err, "API key:"), key, "{err}");
    assert_eq!(field(&err, "HMAC secret:"), secret, "{err}");
    assert!(err.contains("reused"), "{err}");
    let mut c = Client::open(&format!("ws://{}/connection/websocket", second.addr)).await;
    let r = c.call(json!({"connect": {"token": token}})).await;
    assert!(r.get("connect").is_some(), "the first run's token: {r}");
    // a context made against the first run, pointed at the second's port
    let ctx = |args: &[&str]| {
        Command::new(bin())
            .args(args)
            .env("XDG_CONFIG_HOME", d)
            .env_remove("CENTRI_SERVER")
            .env_remove("CENTRI_API_KEY")
            .env_remove("CENTRI_CONTEXT")
            .output()
            .unwrap()
    };
    let server = format!("http://{}", second.addr);
    let out = ctx(&[
        "context",
        "add",
        "mine",
        "--server",
        &server,
        "--api-key",
        &key,
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = ctx(&["-C", "mine", "pub", "chat:index", "{}", "-o", "json"]);
    assert!(out.status.success(), "{out:?}");
    drop(second);

    let third = Proc::serve(&["--dev", "--rotate-dev-keys"], &env);
    let err = banner(&third);
    assert_ne!(field(&err, "API key:"), key, "{err}");
    assert_ne!(field(&err, "HMAC secret:"), secret, "{err}");
    let mut c = Client::open(&format!("ws://{}/connection/websocket", third.addr)).await;
    c.send_text(&json!({"id": 1, "connect": {"token": token}}).to_string())
        .await;
    assert_eq!(c.closed().await.0, 3500, "the old token is refused");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 15 (extra): a port in use says how to pick another.
#[test]
fn a_port_in_use_hints_at_port_0() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = super::util::fresh_dir("portinuse");
    let out = Command::new(bin())
        .args(["serve", "--dev", "--port", &port])
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CONFIG_HOME", &dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use"), "{err}");
    assert!(err.contains("--port 0"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 15 (7): `--dev` opens every channel to every client, as the README says: a namespace
/// nobody declared works like the declared `chat`, for the API and for clients.
#[tokio::test]
async fn dev_mode_opens_undeclared_namespaces() {
    let p = Proc::serve(&["--dev"], &[]);
    let run = |args: &[&str]| {
        Command::new(bin())
            .args(args)
            .env("XDG_CONFIG_HOME", &p.home)
            .env_remove("CENTRI_SERVER")
            .env_remove("CENTRI_API_KEY")
            .env_remove("CENTRI_CONTEXT")
            .output()
            .unwrap()
    };
    let out = run(&["token", "gen", "--user", "42"]);
    assert!(out.status.success(), "{out:?}");
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut c = Client::open(&format!("ws://{}/connection/websocket", p.addr)).await;
    let r = c.call(json!({"connect": {"token": token}})).await;
    assert!(r.get("connect").is_some(), "{r}");
    let r = c.call(json!({"subscribe": {"channel": "news:1"}})).await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let out = run(&["pub", "news:1", r#"{"n":1}"#, "-o", "json"]);
    assert!(out.status.success(), "{out:?}");
    loop {
        let push = c.next_push().await;
        if push.get("pub").is_some() {
            assert_eq!(push["channel"], "news:1");
            assert_eq!(push["pub"]["data"]["n"], 1);
            break;
        }
    }
    let out = run(&["channel", "history", "news:1", "-o", "json"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["publications"].as_array().map(Vec::len), Some(1), "{v}");
    let r = c
        .call(json!({"publish": {"channel": "other:x", "data": {}}}))
        .await;
    assert!(r.get("publish").is_some(), "clients publish too: {r}");
}

/// Issue 14: the environment of centrifuge-python's own docker-compose.yml (Centrifugo v6
/// forms, no config file) starts centri with nothing unknown, and means what it says.
#[tokio::test]
async fn centrifuge_python_docker_compose_environment_starts_the_server() {
    let env = [
        ("CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY", "secret"),
        ("CENTRIFUGO_LOG_LEVEL", "debug"),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_ALLOWED_DELTA_TYPES",
            "fossil",
        ),
        ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_DELTA_PUBLISH", "true"),
        ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_PRESENCE", "true"),
        ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_JOIN_LEAVE", "true"),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_FORCE_PUSH_JOIN_LEAVE",
            "true",
        ),
        ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_HISTORY_SIZE", "100"),
        ("CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_HISTORY_TTL", "300s"),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_FORCE_RECOVERY",
            "true",
        ),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_ALLOW_PUBLISH_FOR_SUBSCRIBER",
            "true",
        ),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_ALLOW_PRESENCE_FOR_SUBSCRIBER",
            "true",
        ),
        (
            "CENTRIFUGO_CHANNEL_WITHOUT_NAMESPACE_ALLOW_HISTORY_FOR_SUBSCRIBER",
            "true",
        ),
        (
            "CENTRIFUGO_CLIENT_SUBSCRIBE_TO_USER_PERSONAL_CHANNEL_ENABLED",
            "true",
        ),
        ("CENTRIFUGO_CHANNEL_NAMESPACES", "smallhistory example"),
        ("CENTRIFUGO_CHANNEL_NAMESPACES_EXAMPLE_PRESENCE", "true"),
        ("CENTRIFUGO_CHANNEL_NAMESPACES_EXAMPLE_HISTORY_SIZE", "300"),
        ("CENTRIFUGO_CHANNEL_NAMESPACES_EXAMPLE_HISTORY_TTL", "300s"),
        (
            "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_FORCE_RECOVERY",
            "true",
        ),
        (
            "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_HISTORY_SIZE",
            "2",
        ),
        (
            "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_HISTORY_TTL",
            "300s",
        ),
        (
            "CENTRIFUGO_CHANNEL_NAMESPACES_SMALLHISTORY_ALLOW_HISTORY_FOR_SUBSCRIBER",
            "true",
        ),
        ("CENTRIFUGO_HTTP_API_KEY", "compose-key"),
    ];
    let p = Proc::serve(&[], &env);
    let token = super::util::token_with(&json!({"sub": "7"}), "secret");
    let mut c = Client::open(&format!("ws://{}/connection/websocket", p.addr)).await;
    let r = c.call(json!({"connect": {"token": token}})).await;
    assert!(
        r["connect"]["subs"].get("#7").is_some(),
        "personal channel: {r}"
    );
    // smallhistory keeps 2 publications, example 300
    let api = |method: &'static str, body: serde_json::Value| {
        let url = format!("http://{}/api/{method}", p.addr);
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .header("X-API-Key", "compose-key")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    for ch in ["smallhistory:x", "example:x"] {
        for i in 0..3 {
            let r = api("publish", json!({"channel": ch, "data": {"i": i}})).await;
            assert!(r.get("result").is_some(), "{r}");
        }
    }
    let r = api("history", json!({"channel": "smallhistory:x", "limit": -1})).await;
    assert_eq!(
        r["result"]["publications"].as_array().map(Vec::len),
        Some(2),
        "{r}"
    );
    let r = api("history", json!({"channel": "example:x", "limit": -1})).await;
    assert_eq!(
        r["result"]["publications"].as_array().map(Vec::len),
        Some(3),
        "{r}"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    let err = p.stderr.lock().unwrap().clone();
    assert!(!err.contains("unknown"), "{err}");
}

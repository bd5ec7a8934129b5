//! The CLI against an in-process server, through the real binary: table output as insta
//! snapshots (volatile fields masked), JSON output checked field by field, and every exit-code
//! class produced for real.

use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

use super::util::{bin, Client, Server, API_KEY};

/// Runs `centri ARGS` with an isolated config dir; (exit code, stdout, stderr).
fn centri(home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out: Output = Command::new(bin())
        .args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("CENTRI_SERVER")
        .env_remove("CENTRI_API_KEY")
        .env_remove("CENTRI_CONTEXT")
        .env_remove("CENTRI_OUTPUT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn home() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = crate::it::util::test_root().join(format!("centri-cli-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Masks what changes between runs: the given epochs (same width), ports, uptimes, latencies.
fn mask(s: &str, port: u16, epochs: &[&str]) -> String {
    let mut s = s.replace(&port.to_string(), "PORT");
    for e in epochs {
        s = s.replace(e, "EPOCH___");
    }
    let s = regex::Regex::new(r"[+-]?\b\d+s\b")
        .unwrap()
        .replace_all(&s, "Ns")
        .into_owned();
    regex::Regex::new(r"\d+\.\d+ms")
        .unwrap()
        .replace_all(&s, "N.Nms")
        .into_owned()
}

/// The stream epoch of a channel.
async fn epoch(s: &Server, channel: &str) -> String {
    let (_, r) = s.api("history", json!({"channel": channel})).await;
    r["result"]["epoch"].as_str().unwrap().to_string()
}

async fn setup() -> (Server, std::path::PathBuf, Vec<String>) {
    let s = Server::start(super::util::test_config()).await;
    let h = home();
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
    ];
    (s, h, base)
}

fn args<'a>(base: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    base.iter()
        .map(String::as_str)
        .chain(rest.iter().copied())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_history_presence_tables_and_json() {
    let (s, h, base) = setup().await;
    let port = s.addr.port();
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:index"}}))
        .await;

    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &["pub", "chat:index", r#"{"text":"hi"}"#, "-o", "table"],
        ),
    );
    assert_eq!(code, 0);
    let e = epoch(&s, "chat:index").await;
    insta::assert_snapshot!("pub_table", mask(&out, port, &[&e]));
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "pub",
                "chat:index",
                r#"{"n":{{n}}}"#,
                "--count",
                "3",
                "-o",
                "json",
            ],
        ),
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["published"], 3);
    assert_eq!(
        (v["first_offset"].as_u64(), v["last_offset"].as_u64()),
        (Some(2), Some(4))
    );
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "pub",
                "chat:index",
                r#"{"last":true}"#,
                "-o",
                "json",
                "--tags",
                "k=v",
            ],
        ),
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["offset"], 5);
    assert_eq!(v["epoch"].as_str().unwrap().len(), 8);

    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "channel",
                "history",
                "chat:index",
                "--limit",
                "3",
                "-o",
                "table",
            ],
        ),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("history_table", mask(&out, port, &[&e]));
    let (_, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "channel",
                "history",
                "chat:index",
                "--limit",
                "2",
                "--reverse",
                "-o",
                "json",
            ],
        ),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["publications"][0]["offset"], 5);
    assert_eq!(v["publications"][0]["tags"], json!({"k": "v"}));
    assert_eq!(v["publications"][1]["data"], json!({"n": 3}));
    assert_eq!(v["offset"], 5);

    let (_, out, _) = centri(
        &h,
        &args(&base, &["channel", "presence", "chat:index", "-o", "json"]),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let (_, info) = v["presence"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(info["user"], "42");
    let (_, out, _) = centri(
        &h,
        &args(&base, &["channel", "presence", "chat:index", "-o", "table"]),
    );
    let uuid =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    insta::assert_snapshot!(
        "presence_table",
        uuid.replace_all(&out, "CLIENT-ID-xxxxxxxxxxxxxxxxxxxxxxxxxx")
    );
    let (_, out, _) = centri(
        &h,
        &args(&base, &["channel", "stats", "chat:index", "-o", "json"]),
    );
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"num_clients": 1, "num_users": 1})
    );
    let (_, out, _) = centri(
        &h,
        &args(&base, &["channel", "stats", "chat:index", "-o", "table"]),
    );
    insta::assert_snapshot!("stats_table", mask(&out, port, &[]));
    let (_, out, _) = centri(&h, &args(&base, &["channel", "ls", "-o", "json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["channels"]["chat:index"]["num_clients"],
        1
    );
    let (_, out, _) = centri(&h, &args(&base, &["channel", "ls", "-o", "table"]));
    insta::assert_snapshot!("channels_table", mask(&out, port, &[]));

    // the subscriber got the publications
    let mut seen = 0;
    while seen < 5 {
        if c.next_push().await.get("pub").is_some() {
            seen += 1;
        }
    }

    // history-rm asks; without a terminal it refuses (3), with -y it runs
    let (code, _, err) = centri(&h, &args(&base, &["channel", "history-rm", "chat:index"]));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("-y"));
    let (code, _, _) = centri(
        &h,
        &args(&base, &["channel", "history-rm", "chat:index", "-y"]),
    );
    assert_eq!(code, 0);
    let (_, out, _) = centri(
        &h,
        &args(&base, &["channel", "history", "chat:index", "-o", "json"]),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["publications"].as_array().unwrap().len(),
            v["offset"].as_u64()
        ),
        (0, Some(5))
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_user_api_and_exit_codes() {
    let (s, h, base) = setup().await;
    let port = s.addr.port();
    let (mut c, _) = Client::connect(&s.ws_url(), "7").await;
    let (code, out, _) = centri(&h, &args(&base, &["node", "ls", "-o", "json"]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["nodes"][0]["num_clients"], 1);
    assert_eq!(v["nodes"][0]["num_users"], 1);
    let (_, out, _) = centri(&h, &args(&base, &["node", "ls", "-o", "table"]));
    insta::assert_snapshot!("node_ls_table", mask(&out, port, &[]));
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "node", "ls", "--watch", "100ms", "--count", "3", "-o", "json",
            ],
        ),
    );
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().count(),
        3,
        "piped --watch appends one document per refresh"
    );
    let (code, out, _) = centri(&h, &args(&base, &["node", "health", "-o", "json"]));
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["healthy"],
        true
    );
    let (_, out, _) = centri(&h, &args(&base, &["node", "health", "-o", "table"]));
    insta::assert_snapshot!("node_health_table", mask(&out, port, &[]));
    let (_, out, _) = centri(&h, &args(&base, &["doctor", "-o", "table"]));
    insta::assert_snapshot!("doctor_table", mask(&out, port, &[]));
    let (code, out, _) = centri(&h, &args(&base, &["doctor", "-o", "json"]));
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true),
        "{v}"
    );

    let (code, out, _) = centri(&h, &args(&base, &["api", "info"]));
    assert_eq!(code, 0);
    assert!(serde_json::from_str::<Value>(&out).unwrap()["nodes"].is_array());
    let (code, _, err) = centri(
        &h,
        &args(
            &base,
            &[
                "api",
                "publish",
                r#"{"channel":"nope:x","data":{}}"#,
                "-o",
                "json",
            ],
        ),
    );
    assert_eq!(code, 5);
    let e: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(e["error"]["code"], 102);
    assert_eq!(e["error"]["class"], "rejected");
    let (code, _, _) = centri(&h, &args(&base, &["api", "nosuchmethod"]));
    assert_eq!(code, 5);
    let (code, _, err) = centri(&h, &args(&base, &["api", "publish", "{broken"]));
    assert_eq!(code, 2, "{err}");

    // user disconnect refuses without -y, then disconnects
    let (code, _, _) = centri(&h, &args(&base, &["user", "disconnect", "7", "--no-input"]));
    assert_eq!(code, 3);
    let (mut c2, _) = Client::connect(&s.ws_url(), "8").await;
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "user",
                "disconnect",
                "8",
                "-y",
                "--code",
                "4000",
                "--reason",
                "bye",
                "-o",
                "table",
            ],
        ),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("user_disconnect_table", out);
    assert_eq!(c2.closed().await, (4000, "bye".to_string()));
    let (code, out, _) = centri(
        &h,
        &args(&base, &["user", "disconnect", "7", "-y", "-o", "json"]),
    );
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"user": "7", "code": 3503})
    );
    assert_eq!(c.closed().await.0, 3503);

    // exit-code classes
    let (code, _, err) = centri(&h, &args(&base, &["pub", "nope:x", "{}"]));
    assert_eq!(code, 5);
    assert!(
        err.contains("102") && err.contains("namespace `nope`"),
        "{err}"
    );
    let wrong = ["-s", &base[1], "--api-key", "wrong", "pub", "chat:x", "{}"];
    assert_eq!(centri(&h, &wrong).0, 4);
    let dead = [
        "-s",
        "http://127.0.0.1:9",
        "--timeout",
        "2s",
        "pub",
        "chat:x",
        "{}",
    ];
    assert_eq!(centri(&h, &dead).0, 6);
    assert_eq!(centri(&h, &["pub", "--bogus-flag"]).0, 2);
    let (code, out, err) = centri(
        &h,
        &args(
            &base,
            &["broadcast", "chat:a", "nope:b", r#"{"x":1}"#, "-o", "json"],
        ),
    );
    assert_eq!(code, 9, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["responses"][0]["result"].is_object());
    assert_eq!(v["responses"][1]["error"]["code"], 102);
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &["broadcast", "chat:a", "chat:b", r#"{"x":1}"#, "-o", "table"],
        ),
    );
    assert_eq!(code, 0);
    let (ea, eb) = (epoch(&s, "chat:a").await, epoch(&s, "chat:b").await);
    insta::assert_snapshot!("broadcast_table", mask(&out, port, &[&ea, &eb]));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contexts_are_0600_and_mask_secrets() {
    let (s, h, _) = setup().await;
    let server = format!("http://{}", s.addr);
    let (code, _, _) = centri(
        &h,
        &[
            "context",
            "add",
            "local",
            "--server",
            &server,
            "--api-key",
            API_KEY,
            "--hmac-secret",
            "a-long-hmac-secret",
        ],
    );
    assert_eq!(code, 0);
    let file = h.join("centri/contexts.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let (_, out, _) = centri(&h, &["context", "ls", "-o", "table"]);
    insta::assert_snapshot!("context_ls_table", mask(&out, s.addr.port(), &[]));
    for cmd in [
        vec!["context", "ls", "-o", "table"],
        vec!["context", "ls", "-o", "json"],
        vec!["context", "show"],
        vec!["context", "show", "-o", "json"],
    ] {
        let (code, out, err) = centri(&h, &cmd);
        assert_eq!(code, 0);
        assert!(
            !out.contains(API_KEY) && !err.contains(API_KEY),
            "{cmd:?} printed the API key: {out}"
        );
        assert!(
            !out.contains("a-long-hmac-secret"),
            "{cmd:?} printed the secret: {out}"
        );
    }
    // the context supplies server and key: flag > env > context
    let (code, out, _) = centri(&h, &["pub", "chat:ctx", "{}", "-o", "json"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = centri(&h, &["--api-key", "wrong", "pub", "chat:ctx", "{}"]);
    assert_eq!(code, 4, "the flag wins over the context");
    let (code, _, _) = centri(&h, &["context", "use", "nope"]);
    assert_eq!(code, 2);
    let (code, _, _) = centri(&h, &["context", "rm", "local"]);
    assert_eq!(code, 0);
    let (code, out, _) = centri(&h, &["context", "ls", "-o", "json"]);
    assert_eq!(
        (code, serde_json::from_str::<Value>(&out).unwrap()),
        (0, json!([]))
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdin_data_pipes_and_broken_pipe() {
    use std::io::Write;
    let (s, h, base) = setup().await;
    let mut child = Command::new(bin())
        .args(args(&base, &["pub", "chat:stdin", "-", "-o", "json"]))
        .env("XDG_CONFIG_HOME", &h)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"from":"stdin"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["offset"], 1);
    // a reader that goes away: the writer exits quietly with 0, no panic message
    let mut child = Command::new(bin())
        .args(args(
            &base,
            &[
                "node", "ls", "-o", "table", "--watch", "10ms", "--count", "2000",
            ],
        ))
        .env("XDG_CONFIG_HOME", &h)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {err}", out.status);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    s.stop().await;
}

#[test]
fn resolve_reads_the_config_offline() {
    let h = home();
    let cfg = h.join("config.json");
    std::fs::write(&cfg, super::util::test_config().to_string()).unwrap();
    let (code, out, _) = centri(
        &h,
        &[
            "channel",
            "resolve",
            "chat:room",
            "--config",
            cfg.to_str().unwrap(),
            "-o",
            "table",
        ],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("resolve_table", out);
    let (code, out, _) = centri(
        &h,
        &[
            "channel",
            "resolve",
            "$chat:room",
            "--config",
            cfg.to_str().unwrap(),
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["namespace"].as_str(),
            v["private"].as_bool(),
            v["history"].as_bool()
        ),
        (Some("chat"), Some(true), Some(true))
    );
    assert_eq!(v["options"]["history_size"], 10);
    let (code, _, err) = centri(
        &h,
        &[
            "channel",
            "resolve",
            "nope:x",
            "--config",
            cfg.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 8);
    assert!(err.contains("102"), "{err}");
}

/// Every command's help carries an example.
#[test]
fn every_subcommand_help_has_an_example() {
    use clap::CommandFactory;
    let cmd = centri::cli::Cli::command();
    let mut paths: Vec<Vec<String>> = Vec::new();
    for sub in cmd.get_subcommands() {
        if sub.has_subcommands() {
            for leaf in sub.get_subcommands() {
                paths.push(vec![
                    sub.get_name().to_string(),
                    leaf.get_name().to_string(),
                ]);
            }
        } else {
            paths.push(vec![sub.get_name().to_string()]);
        }
    }
    let h = home();
    let mut missing = Vec::new();
    for p in &paths {
        if p.iter().any(|s| s == "help" || s == "version") {
            continue;
        }
        let mut a: Vec<&str> = p.iter().map(String::as_str).collect();
        a.push("--help");
        let (code, out, _) = centri(&h, &a);
        assert_eq!(code, 0, "{a:?}");
        if !out.contains("Example") {
            missing.push(p.join(" "));
        }
    }
    assert!(missing.is_empty(), "help without an example: {missing:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_api_and_conn_commands() {
    let (s, h, base) = setup().await;
    let t = super::util::token_with(
        &json!({"sub": "42", "jti": "tok-1", "iat": super::util::now(), "meta": {"plan": "pro"}}),
        super::util::SECRET,
    );
    let mut c = Client::open(&s.ws_url()).await;
    let r = c
        .call(json!({"connect": {"token": t, "name": "web", "version": "1.2"}}))
        .await;
    let client = r["connect"]["client"].as_str().unwrap().to_string();
    c.call(json!({"subscribe": {"channel": "chat:a"}})).await;
    let (_other, _) = Client::connect(&s.ws_url(), "7").await;

    let (_, r) = s.api("connections", json!({"user": "42"})).await;
    let info = &r["result"]["connections"][&client];
    assert_eq!(
        (
            info["app_name"].as_str(),
            info["app_version"].as_str(),
            info["user"].as_str()
        ),
        (Some("web"), Some("1.2"), Some("42"))
    );
    assert_eq!(info["transport"], "websocket");
    assert_eq!(
        info["state"]["channels"]["chat:a"]["source"], 6,
        "granted by allow_subscribe_for_client"
    );
    assert_eq!(info["state"]["connection_token"]["uid"], "tok-1");
    assert!(
        (info["state"]["connection_token"]["issued_at"]
            .as_i64()
            .unwrap()
            - super::util::now())
        .abs()
            < 60
    );
    assert_eq!(info["state"]["meta"], json!({"plan": "pro"}));
    let (_, r) = s
        .api("connections", json!({"expression": "app_name == \"web\""}))
        .await;
    assert_eq!(r["result"]["connections"].as_object().unwrap().len(), 1);
    let (_, r) = s.api("connections", json!({})).await;
    assert_eq!(r["error"]["code"], 107, "user or expression is required");
    let (_, r) = s
        .api("connections", json!({"expression": "app_name =="}))
        .await;
    assert_eq!(r["error"]["code"], 107, "a bad expression is a bad request");

    let (code, out, _) = centri(&h, &args(&base, &["conn", "ls", "-o", "json"]));
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["connections"]
            .as_object()
            .unwrap()
            .len(),
        2
    );
    let (code, _, _) = centri(
        &h,
        &args(
            &base,
            &["conn", "ls", "--sort", "rtt", "--top", "1", "-o", "json"],
        ),
    );
    assert_eq!(code, 0);
    let (code, out, _) = centri(
        &h,
        &args(&base, &["conn", "ls", "--user", "42", "-o", "table"]),
    );
    assert_eq!(code, 0);
    assert!(out.contains(&client) && out.contains("web"), "{out}");
    let (code, out, _) = centri(&h, &args(&base, &["conn", "show", &client, "-o", "json"]));
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["user"], "42");
    assert_eq!(
        centri(&h, &args(&base, &["conn", "show", "no-such-client"])).0,
        5
    );
    assert_eq!(
        centri(&h, &args(&base, &["conn", "disconnect", &client])).0,
        3,
        "asks first"
    );
    let (code, _, err) = centri(&h, &args(&base, &["conn", "disconnect", &client, "-y"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(c.closed().await.0, 3503);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_labels_select_connections_in_the_api_and_conn_ls() {
    let mut cfg = super::util::test_config();
    // these clients are not read while the test runs: no pings to miss
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let s = Server::start(cfg).await;
    let h = home();
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
    ];
    let labelled = |user: &str, labels: Value| {
        super::util::token_with(
            &json!({"sub": user, "exp": super::util::now() + 3600, "labels": labels}),
            super::util::SECRET,
        )
    };
    let mut ids = Vec::new();
    let mut clients = Vec::new();
    for (user, labels) in [
        ("1", json!({"app": "mobile", "region": "eu"})),
        ("2", json!({"app": "web", "region": "eu"})),
        ("3", json!({"app": "mobile", "region": "us"})),
        ("4", json!({})),
    ] {
        let mut c = Client::open(&s.ws_url()).await;
        let r = c
            .call(json!({"connect": {"token": labelled(user, labels)}}))
            .await;
        ids.push(r["connect"]["client"].as_str().unwrap().to_string());
        clients.push(c);
    }
    let selected = |r: &Value| -> Vec<String> {
        let mut v: Vec<String> = r["result"]["connections"]
            .as_object()
            .unwrap()
            .values()
            .map(|i| i["user"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let (_, r) = s
        .api(
            "connections",
            json!({"label_filter": {"key": "app", "cmp": "eq", "val": "mobile"}}),
        )
        .await;
    assert_eq!(selected(&r), ["1", "3"]);
    assert_eq!(
        r["result"]["connections"][&ids[0]]["labels"],
        json!({"app": "mobile", "region": "eu"})
    );
    let (_, r) = s
        .api(
            "connections",
            json!({"user": "3", "label_filter": {"op": "and", "nodes": [
                {"key": "app", "cmp": "eq", "val": "mobile"},
                {"key": "region", "cmp": "in", "vals": ["eu", "us"]}]}}),
        )
        .await;
    assert_eq!(selected(&r), ["3"]);
    // a bad filter is a bad request, not an empty answer
    let (_, r) = s
        .api(
            "connections",
            json!({"label_filter": {"key": "app", "cmp": "like", "val": "x"}}),
        )
        .await;
    assert_eq!(r["error"]["code"], 107);
    // labels must be strings: such a token does not connect
    let mut bad = Client::open(&s.ws_url()).await;
    let cmd = json!({"id": 1, "connect": {"token": labelled("5", json!({"n": 1}))}});
    bad.send_text(&cmd.to_string()).await;
    assert_eq!(bad.closed().await.0, 3500, "invalid token");

    // the CLI builds the same filter
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "conn",
                "ls",
                "--label",
                "region=eu",
                "--label",
                "app!=web",
                "-o",
                "json",
            ],
        ),
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let users: Vec<&str> = doc["connections"]
        .as_object()
        .unwrap()
        .values()
        .map(|i| i["user"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["1"], "{out}");
    let (code, out, _) = centri(
        &h,
        &args(&base, &["conn", "ls", "--label", "app", "-o", "table"]),
    );
    assert_eq!(code, 0);
    assert!(out.contains("app=mobile,region=us"), "{out}");
    assert!(!out.contains(&ids[3]), "no app label: {out}");
    let (code, _, err) = centri(&h, &args(&base, &["conn", "ls", "--label", "=x"]));
    assert_eq!(code, 2, "{err}");

    // PRO selectors on the other methods: every user's connections narrowed by labels
    let (_, r) = s
        .api(
            "disconnect",
            json!({"all_users": true, "label_filter": {"key": "region", "cmp": "eq", "val": "us"}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(clients[2].closed().await.0, 3503);
    let mut left = Vec::new();
    for _ in 0..50 {
        let (_, r) = s
            .api(
                "connections",
                json!({"label_filter": {"key": "app", "cmp": "ex"}}),
            )
            .await;
        left = selected(&r);
        if left.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(left, ["1", "2"], "only the us connection went away");
}

/// Issue 15 (5, 16): a server without a scheme is `http://`; a wrong scheme and an unknown
/// context are usage errors (exit 2), not an unreachable server (6) or a failure (1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_urls_and_contexts_are_usage_errors_when_wrong() {
    let (s, h, _) = setup().await;
    let bare = s.addr.to_string();
    let (code, out, err) = centri(
        &h,
        &[
            "-s",
            &bare,
            "--api-key",
            API_KEY,
            "node",
            "ls",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 0, "{bare} means http://{bare}: {err}");
    assert!(out.contains("num_clients"), "{out}");
    for bad in [format!("htp://{bare}"), format!("ftp://{bare}")] {
        let (code, _, err) = centri(&h, &["-s", &bad, "--api-key", API_KEY, "node", "ls"]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("http://"), "{bad}: {err}");
        assert!(!err.contains("is the server running"), "{bad}: {err}");
    }
    let (code, _, err) = centri(
        &h,
        &[
            "context",
            "add",
            "local",
            "--server",
            &bare,
            "--api-key",
            API_KEY,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = centri(&h, &["context", "show", "-o", "json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["server"],
        format!("http://{bare}")
    );
    let (code, _, err) = centri(&h, &["node", "ls", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = centri(&h, &["context", "add", "bad", "--server", "htp://x:1"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = centri(&h, &["-C", "nosuch", "node", "ls"]);
    assert_eq!(code, 2, "an unknown context is a usage error: {err}");
    assert!(err.contains("nosuch"), "{err}");
    s.stop().await;
}

/// Issue 15 (10): the 8-character client IDs `trace` and the dashboard show work wherever a
/// client ID is taken, as git takes a unique prefix; an ambiguous one is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_ids_may_be_unique_prefixes() {
    let mut cfg = super::util::test_config();
    // these clients are not read while the test runs: no pings to miss
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("10s");
    let s = Server::start(cfg).await;
    let h = home();
    let base = [
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
    ];
    // 17 connections: two of them share a first hex digit
    let mut clients = Vec::new();
    for i in 0..17 {
        let (c, r) = Client::connect(&s.ws_url(), &format!("u{i}")).await;
        clients.push((r["client"].as_str().unwrap().to_string(), c));
    }
    let ids: Vec<String> = clients.iter().map(|(id, _)| id.clone()).collect();
    let first = &ids[0];
    let short = &first[..8];
    assert_eq!(
        ids.iter().filter(|id| id.starts_with(short)).count(),
        1,
        "8 characters are unique here"
    );
    let (code, out, err) = centri(&h, &args(&base, &["conn", "show", short, "-o", "table"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(first.as_str()) && out.contains("u0"), "{out}");
    let (code, out, err) = centri(&h, &args(&base, &["conn", "show", short, "-o", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["user"], "u0");

    let shared = ids
        .iter()
        .map(|id| &id[..1])
        .find(|p| ids.iter().filter(|id| id.starts_with(p)).count() > 1)
        .unwrap();
    let (code, _, err) = centri(&h, &args(&base, &["conn", "show", shared]));
    assert_eq!(code, 2, "an ambiguous prefix is a usage error: {err}");
    assert!(err.contains("ambiguous"), "{err}");
    for id in ids.iter().filter(|id| id.starts_with(shared)) {
        assert!(
            err.contains(id.as_str()),
            "the candidates are listed: {err}"
        );
    }

    let (code, _, err) = centri(&h, &args(&base, &["conn", "disconnect", short, "-y"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(clients[0].1.closed().await.0, 3503);
    let id1 = ids[1].clone();
    let (code, _, err) = centri(
        &h,
        &args(
            &base,
            &["user", "disconnect", "u2", "--client", &id1[..8], "-y"],
        ),
    );
    assert_eq!(code, 2, "client {id1} is not u2's: {err}");
    let (code, _, err) = centri(
        &h,
        &args(
            &base,
            &["user", "disconnect", "u1", "--client", &id1[..8], "-y"],
        ),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(clients[1].1.closed().await.0, 3503);
    s.stop().await;
}

/// Issue 15 (2, 16): `pub --count` fills `{{ n }}` (as its help spells it) and `{{n}}`, and a
/// short run says how long it took rather than a rate "over 0.00s"; `node health` counts
/// "1 node".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pub_count_and_health_read_well() {
    let (s, h, base) = setup().await;
    let (code, out, err) = centri(
        &h,
        &args(
            &base,
            &[
                "pub",
                "chat:n",
                r#"{"n":{{ n }},"m":{{n}}}"#,
                "--count",
                "3",
                "-o",
                "table",
            ],
        ),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("took:"), "{out}");
    assert!(!out.contains("/s over"), "{out}");
    let (_, r) = s
        .api("history", json!({"channel": "chat:n", "limit": -1}))
        .await;
    let got: Vec<(i64, i64)> = r["result"]["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["data"]["n"].as_i64().unwrap(),
                p["data"]["m"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(1, 1), (2, 2), (3, 3)]);
    let (_, out, _) = centri(&h, &args(&base, &["node", "health", "-o", "table"]));
    assert!(out.contains("ok (1 node)"), "{out}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pub_and_broadcast_send_a_publication_version() {
    let (s, h, base) = setup().await;
    let offset = |rest: &[&str]| {
        let (code, out, err) = centri(&h, &args(&base, rest));
        assert_eq!(code, 0, "{rest:?}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["offset"].as_u64().unwrap()
    };
    assert_eq!(
        offset(&["pub", "chat:pv", "{}", "--pub-version", "9", "-o", "json"]),
        1
    );
    // older: the server drops it and answers with the stream's top
    assert_eq!(
        offset(&["pub", "chat:pv", "{}", "--pub-version", "8", "-o", "json"]),
        1
    );
    // another epoch is not compared
    let rest = [
        "pub",
        "chat:pv",
        "{}",
        "--pub-version",
        "8",
        "--version-epoch",
        "e2",
        "-o",
        "json",
    ];
    assert_eq!(offset(&rest), 2);
    let (code, out, _) = centri(
        &h,
        &args(
            &base,
            &[
                "broadcast",
                "chat:pv",
                "chat:pw",
                "{}",
                "--pub-version",
                "8",
                "-o",
                "json",
            ],
        ),
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["responses"][0]["result"]["offset"], 2, "{v}");
    assert_eq!(v["responses"][1]["result"]["offset"], 1, "{v}");
    // bad input: a zero version, an epoch without a version
    for rest in [
        &["pub", "chat:pv", "{}", "--pub-version", "0"][..],
        &["pub", "chat:pv", "{}", "--version-epoch", "e"][..],
    ] {
        let (code, _, err) = centri(&h, &args(&base, rest));
        assert_eq!(code, 2, "{rest:?}");
        assert!(err.contains("version"), "{rest:?}: {err}");
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_block_token_revoke_and_the_access_list() {
    let (s, h, base) = setup().await;
    let run = |rest: &[&str]| {
        let (code, out, err) = centri(&h, &args(&base, rest));
        assert_eq!(code, 0, "{rest:?}: {err}");
        out
    };
    let (mut c, _) = Client::connect(&s.ws_url(), "cli-b").await;
    let v: Value = serde_json::from_str(&run(&[
        "user", "block", "cli-b", "--for", "1h", "-y", "-o", "json",
    ]))
    .unwrap();
    assert_eq!(v["blocked"], true);
    let ends = v["expire_at"].as_i64().unwrap();
    assert!((3590..=3610).contains(&(ends - super::util::now())), "{v}");
    assert_eq!(c.closed().await.0, 3503);
    run(&["token", "revoke", "cli-jti", "-y"]);
    run(&[
        "user",
        "invalidate-tokens",
        "cli-i",
        "--before",
        "1000",
        "--channel",
        "chat:x",
        "-y",
    ]);
    let v: Value = serde_json::from_str(&run(&["user", "access", "-o", "json"])).unwrap();
    let kinds: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("block", "cli-b"),
            ("invalidate", "cli-i"),
            ("revoke", "cli-jti")
        ],
        "{v}"
    );
    let table = run(&["user", "access", "-o", "table"]);
    assert!(
        table.contains("blocked user")
            && table.contains("chat:x subscription tokens issued before 1000"),
        "{table}"
    );
    run(&["user", "unblock", "cli-b"]);
    Client::connect(&s.ws_url(), "cli-b").await;
    // bad input: an end in the past, two ends, no server-side effect
    for rest in [
        &["user", "block", "x", "--until", "1000", "-y"][..],
        &[
            "user",
            "block",
            "x",
            "--for",
            "1h",
            "--until",
            "9999999999",
            "-y",
        ][..],
        &["token", "revoke", "j", "--for", "nope", "-y"][..],
    ] {
        let (code, _, err) = centri(&h, &args(&base, rest));
        assert_eq!(code, 2, "{rest:?}: {err}");
    }
    let v: Value = serde_json::from_str(&run(&["user", "access", "-o", "json"])).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{v}");
    s.stop().await;
}

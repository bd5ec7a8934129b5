//! `centri push` through the real binary (issue 16): every `device` and `topic` subcommand
//! against an in-process server with push on, their JSON, NDJSON and table output (tokens
//! never whole in tables), paging past the largest page, and their exit codes: 0, 2 for usage
//! errors, 3 for a removal nobody confirmed, 5 for a device that is not there, a bad provider
//! (107) and push off (108, with the hint that turns it on). One test runs `centri serve
//! --dev`, where push is on.

use serde_json::{json, Value};

use super::util::{bin, centri_env, fresh_dir, test_config, Proc, Server, API_KEY};

/// A real Push API subscription (the keys of RFC 8291 §5).
fn webpush_subscription(endpoint: &str) -> String {
    json!({"endpoint": endpoint, "expirationTime": null, "keys": {
        "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        "auth": "BTBZMqHH6r4Tts7J_aSIgg"}})
    .to_string()
}

/// An in-process server with push on (devices in memory), a CLI home, and the flags that
/// point the binary at it.
async fn setup(push: bool) -> (Server, std::path::PathBuf, Vec<String>) {
    let mut cfg = test_config();
    if push {
        cfg["push_notifications"] = json!({"enabled": true});
    }
    let s = Server::start(cfg).await;
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
    ];
    (s, fresh_dir("push-cli"), base)
}

/// Runs `centri BASE... REST...` off the runtime's threads (the server runs on them);
/// (exit code, stdout, stderr).
pub(super) async fn run(
    home: &std::path::Path,
    base: &[String],
    rest: &[&str],
) -> (i32, String, String) {
    let home = home.to_path_buf();
    let args: Vec<String> = base
        .iter()
        .cloned()
        .chain(rest.iter().map(|s| (*s).to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        centri_env(&home, &a, &[])
    })
    .await
    .unwrap()
}

/// Runs and parses stdout as one JSON document, asserting exit 0.
pub(super) async fn json_of(home: &std::path::Path, base: &[String], rest: &[&str]) -> Value {
    let (code, out, err) = run(home, base, rest).await;
    assert_eq!(code, 0, "{rest:?}\nstdout: {out}\nstderr: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{rest:?}: {e}: {out}"))
}

/// The `{"error": ...}` object a JSON-mode failure prints on stderr.
pub(super) fn error_of(err: &str) -> Value {
    let line = err
        .lines()
        .find(|l| l.starts_with("{\"error\""))
        .unwrap_or_else(|| panic!("no JSON error on stderr: {err}"));
    serde_json::from_str::<Value>(line).unwrap()["error"].clone()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_register_ls_show_update_and_rm() {
    let (s, h, base) = setup(true).await;
    let fcm_token = "fcm-registration-token-0123456789abcdef";

    // register: {"id"} with -o json, the bare id when piped, the id on stdout and a
    // confirmation on stderr as a table
    let a = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "fcm",
            "--platform",
            "android",
            "--token",
            fcm_token,
            "--user",
            "alice",
            "--topic",
            "news",
            "--meta",
            "app=2.1",
            "--timezone",
            "Europe/Nicosia",
            "--locale",
            "en-US",
            "-o",
            "json",
        ],
    )
    .await;
    let a = a["id"].as_str().unwrap().to_string();
    assert_eq!(a.len(), 36, "{a}");
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "apns",
            "--platform",
            "ios",
            "--token",
            "apns-device-token-fedcba9876543210",
            "--user",
            "alice",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let b = out.trim().to_string();
    assert_eq!(b.len(), 36, "the bare id when piped: {out:?}");
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "fcm",
            "--platform",
            "android",
            "--token",
            fcm_token,
            "--user",
            "alice",
            "--topic",
            "news",
            "--meta",
            "app=2.1",
            "--timezone",
            "Europe/Nicosia",
            "--locale",
            "en-US",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(
        (code, out.trim()),
        (0, a.as_str()),
        "the same token is the same device: {err}"
    );
    assert!(
        err.contains(&format!(
            "registered device {a} (fcm on android, user alice)"
        )),
        "{err}"
    );
    // webpush: the subscription JSON from a file
    let sub = h.join("subscription.json");
    std::fs::write(
        &sub,
        webpush_subscription("https://push.example.net/send/secret-path-1"),
    )
    .unwrap();
    let at_file = format!("@{}", sub.display());
    let w = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "webpush",
            "--platform",
            "web",
            "--token",
            &at_file,
            "--user",
            "bob",
            "-o",
            "json",
        ],
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();

    // ls: the whole tokens in JSON, one object per line in NDJSON, masked in tables
    let all = json_of(&h, &base, &["push", "device", "ls", "-o", "json"]).await;
    let mut got = ids(&all);
    got.sort();
    let mut want = vec![a.clone(), b.clone(), w.clone()];
    want.sort();
    assert_eq!(got, want, "{all}");
    let dev_a = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == a.as_str())
        .unwrap();
    assert_eq!(dev_a["token"], fcm_token);
    assert_eq!(dev_a["topics"], json!(["news"]));
    assert_eq!(dev_a["meta"], json!({"app": "2.1"}));
    let (code, out, _) = run(&h, &base, &["push", "device", "ls", "-o", "ndjson"]).await;
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines.iter().all(|d| d["id"].is_string()), "{out}");
    let (code, table, err) = run(&h, &base, &["push", "device", "ls", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    for header in ["ID", "USER", "PROVIDER", "PLATFORM", "TOPICS", "TOKEN"] {
        assert!(table.contains(header), "{table}");
    }
    assert!(
        !table.contains(fcm_token),
        "a whole token in a table:\n{table}"
    );
    assert!(
        !table.contains("secret-path-1"),
        "a whole endpoint in a table:\n{table}"
    );
    assert!(table.contains("fcm-… (39 chars)"), "{table}");
    assert!(table.contains("push.example.net/…"), "{table}");

    // filters, repeatable; kinds must all match
    let l = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "ls",
            "--user",
            "alice",
            "--provider",
            "fcm",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(ids(&l), [a.as_str()]);
    let l = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "ls",
            "--platform",
            "ios",
            "--platform",
            "web",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(ids(&l).len(), 2, "{l}");
    let l = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--topic", "news", "-o", "json"],
    )
    .await;
    assert_eq!(ids(&l), [a.as_str()]);
    let l = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--id", &w, "-o", "json"],
    )
    .await;
    assert_eq!(ids(&l), [w.as_str()]);
    let l = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--user", "nobody", "-o", "json"],
    )
    .await;
    assert_eq!(l, json!([]), "an empty list is a success");

    // --limit stops early and says there is more; --count prints only the total
    let (code, out, err) = run(
        &h,
        &base,
        &["push", "device", "ls", "--limit", "2", "-o", "json"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids(&serde_json::from_str(&out).unwrap()).len(), 2);
    assert!(err.contains("raise --limit"), "{err}");
    let (code, out, _) = run(&h, &base, &["push", "device", "ls", "--count"]).await;
    assert_eq!((code, out.as_str()), (0, "3\n"));
    let n = json_of(
        &h,
        &base,
        &[
            "push", "device", "ls", "--count", "--user", "alice", "-o", "json",
        ],
    )
    .await;
    assert_eq!(n, json!({"total_count": 2}));

    // show: everything in JSON, a masked token in the table, exit 5 for an unknown id
    let d = json_of(&h, &base, &["push", "device", "show", &a, "-o", "json"]).await;
    assert_eq!(d["token"], fcm_token);
    assert_eq!(
        (&d["timezone"], &d["locale"], &d["meta"]),
        (
            &json!("Europe/Nicosia"),
            &json!("en-US"),
            &json!({"app": "2.1"})
        )
    );
    let (code, out, err) = run(&h, &base, &["push", "device", "show", &a, "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("meta app:") && out.contains("topics:"),
        "{out}"
    );
    assert!(!out.contains(fcm_token), "{out}");
    let unknown = "0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f";
    let (code, out, err) = run(
        &h,
        &base,
        &["push", "device", "show", unknown, "-o", "json"],
    )
    .await;
    assert_eq!((code, out.as_str()), (5, ""), "{err}");
    let e = error_of(&err);
    assert_eq!(e["class"], "rejected");
    assert!(e["message"].as_str().unwrap().contains(unknown), "{e}");

    // update: a selection and a change are required (usage, 2); an id that selects nothing
    // is 5; else it says how many devices it changed
    let (code, _, err) = run(&h, &base, &["push", "device", "update", "--set-user", "x"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--id ID or --user USER"), "{err}");
    let (code, _, err) = run(&h, &base, &["push", "device", "update", "--user", "alice"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing to change"), "{err}");
    let (code, _, err) = run(
        &h,
        &base,
        &[
            "push",
            "device",
            "update",
            "--id",
            unknown,
            "--set-user",
            "x",
        ],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    let r = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "update",
            "--user",
            "alice",
            "--topics",
            "sport,weather",
            "--meta",
            "app=3.0",
            "--meta",
            "build=7",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(r, json!({"updated": 2}));
    let d = json_of(&h, &base, &["push", "device", "show", &b, "-o", "json"]).await;
    assert_eq!(d["topics"], json!(["sport", "weather"]));
    assert_eq!(d["meta"], json!({"app": "3.0", "build": "7"}));
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "device",
            "update",
            "--id",
            &b,
            "--set-user",
            "carol",
            "--topics",
            "",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!((code, out.as_str()), (0, "updated 1 device\n"), "{err}");
    let d = json_of(&h, &base, &["push", "device", "show", &b, "-o", "json"]).await;
    assert_eq!(
        (&d["user"], &d["topics"]),
        (&json!("carol"), &json!([])),
        "{d}"
    );

    // rm: without -y and without a terminal it refuses (3) and removes nothing
    let (code, _, err) = run(&h, &base, &["push", "device", "rm", &a]).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("pass -y"), "{err}");
    let (code, _, err) = run(
        &h,
        &base,
        &["--no-input", "push", "device", "rm", "--user", "alice"],
    )
    .await;
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("1 device (user alice)"),
        "says what it would touch: {err}"
    );
    let n = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--count", "-o", "json"],
    )
    .await;
    assert_eq!(n["total_count"], 3);
    // an unknown id removes nothing, not even the known ones given with it
    let (code, _, err) = run(
        &h,
        &base,
        &["push", "device", "rm", &a, unknown, "-y", "-o", "json"],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    assert!(
        error_of(&err)["message"]
            .as_str()
            .unwrap()
            .contains(unknown),
        "{err}"
    );
    let r = json_of(
        &h,
        &base,
        &["push", "device", "rm", &a, &w, "-y", "-o", "json"],
    )
    .await;
    assert_eq!(r, json!({"removed": 2}));
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push", "device", "rm", "--user", "carol", "-y", "-o", "table",
        ],
    )
    .await;
    assert_eq!((code, out.as_str()), (0, "removed 1 device\n"), "{err}");
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push", "device", "rm", "--user", "carol", "-y", "-o", "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"removed": 0})
    );
    assert!(err.contains("nothing to remove"), "{err}");
    let (code, out, _) = run(&h, &base, &["push", "device", "ls", "--count"]).await;
    assert_eq!((code, out.as_str()), (0, "0\n"));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webpush_token_from_stdin_and_bad_fields_are_107() {
    let (s, h, base) = setup(true).await;
    // `--token -` reads the subscription from stdin
    let mut cmd = std::process::Command::new(bin());
    cmd.args(&base)
        .args([
            "push",
            "device",
            "register",
            "--provider",
            "webpush",
            "--platform",
            "web",
            "--token",
            "-",
            "-o",
            "json",
        ])
        .env("XDG_CONFIG_HOME", &h)
        .env_remove("CENTRI_SERVER")
        .env_remove("CENTRI_API_KEY")
        .env_remove("CENTRI_CONTEXT")
        .env_remove("CENTRI_OUTPUT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(
                webpush_subscription("https://updates.push.example.org/wpush/v2/x").as_bytes(),
            )
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{out:?}");
    let id: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = json_of(
        &h,
        &base,
        &[
            "push",
            "device",
            "show",
            id["id"].as_str().unwrap(),
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(
        d["token"], "https://updates.push.example.org/wpush/v2/x",
        "the endpoint is the token"
    );

    // a bad provider, platform or token: 107 from the server, exit 5, with a hint
    for (args, field, hint) in [
        (
            ["--provider", "sms", "--platform", "ios", "--token", "t"],
            "provider",
            "--provider is one of fcm, hms, apns, webpush",
        ),
        (
            ["--provider", "fcm", "--platform", "tv", "--token", "t"],
            "platform",
            "--platform is one of ios, android, web",
        ),
        (
            [
                "--provider",
                "webpush",
                "--platform",
                "web",
                "--token",
                "not-json",
            ],
            "token",
            "names the field",
        ),
    ] {
        let mut a = vec!["push", "device", "register"];
        a.extend(args);
        a.extend(["-o", "json"]);
        let (code, out, err) = run(&h, &base, &a).await;
        assert_eq!((code, out.as_str()), (5, ""), "{args:?}: {err}");
        let e = error_of(&err);
        assert_eq!(e["code"], 107, "{e}");
        assert!(e["message"].as_str().unwrap().contains(field), "{e}");
        assert!(e["hint"].as_str().unwrap().contains(hint), "{e}");
    }
    // the same as one line and a hint for people
    let (code, _, err) = run(
        &h,
        &base,
        &["push", "device", "ls", "--provider", "sms", "-o", "table"],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    assert!(
        err.starts_with("error: code 107 bad request: filter.providers[0]"),
        "{err}"
    );
    assert!(err.contains("hint: --provider is one of"), "{err}");
    // a file that is not there is a usage error before anything is sent
    let (code, _, err) = run(
        &h,
        &base,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "webpush",
            "--platform",
            "web",
            "--token",
            "@/nonexistent/sub.json",
        ],
    )
    .await;
    assert_eq!(code, 2, "{err}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_of_devices_and_users() {
    let (s, h, base) = setup(true).await;
    let reg = |token: &'static str, user: &'static str| {
        let (h, base) = (h.clone(), base.clone());
        async move {
            json_of(
                &h,
                &base,
                &[
                    "push",
                    "device",
                    "register",
                    "--provider",
                    "fcm",
                    "--platform",
                    "android",
                    "--token",
                    token,
                    "--user",
                    user,
                    "-o",
                    "json",
                ],
            )
            .await["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let a = reg("fcm-topic-token-a", "alice").await;
    let a2 = reg("fcm-topic-token-a2", "alice").await;

    // a user's topics reach the user's devices
    let r = json_of(
        &h,
        &base,
        &[
            "push", "topic", "add", "--user", "alice", "news", "sport", "-o", "json",
        ],
    )
    .await;
    assert_eq!(
        r,
        json!({"op": "add", "topics": ["news", "sport"], "user": "alice"})
    );
    let t = json_of(
        &h,
        &base,
        &["push", "topic", "ls", "--user", "alice", "-o", "json"],
    )
    .await;
    let topics: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["topic"].as_str().unwrap())
        .collect();
    assert_eq!(topics, ["news", "sport"], "{t}");
    assert!(
        t.as_array().unwrap().iter().all(|r| r["user"] == "alice"),
        "{t}"
    );
    let d = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--topic", "sport", "-o", "json"],
    )
    .await;
    assert_eq!(ids(&d).len(), 2, "{d}");

    // a device's own topic
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push", "topic", "add", "--device", &a, "breaking", "-o", "table",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("added breaking to device {a}\n"));
    let t = json_of(
        &h,
        &base,
        &["push", "topic", "ls", "--device", &a, "-o", "json"],
    )
    .await;
    let mut topics: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["topic"].as_str().unwrap())
        .collect();
    topics.sort_unstable();
    assert_eq!(topics, ["breaking", "news", "sport"], "{t}");
    assert!(
        t.as_array()
            .unwrap()
            .iter()
            .all(|r| r["device_id"] == a.as_str()),
        "{t}"
    );
    let (code, table, _) = run(
        &h,
        &base,
        &["push", "topic", "ls", "--device", &a2, "-o", "table"],
    )
    .await;
    assert_eq!(code, 0);
    assert!(
        table.contains("TOPIC") && table.contains("news") && !table.contains("breaking"),
        "{table}"
    );
    let (code, out, _) = run(
        &h,
        &base,
        &[
            "push", "topic", "ls", "--user", "alice", "-o", "ndjson", "--limit", "1",
        ],
    )
    .await;
    assert_eq!((code, out.lines().count()), (0, 1), "{out}");

    // rm, from a user (and the user's devices) and from a device
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push", "topic", "rm", "--user", "alice", "sport", "-o", "table",
        ],
    )
    .await;
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "removed sport from user alice (and the user's devices)\n"
        ),
        "{err}"
    );
    let r = json_of(
        &h,
        &base,
        &[
            "push", "topic", "rm", "--device", &a, "breaking", "-o", "json",
        ],
    )
    .await;
    assert_eq!(
        r,
        json!({"op": "remove", "topics": ["breaking"], "device": a})
    );
    let t = json_of(
        &h,
        &base,
        &["push", "topic", "ls", "--device", &a, "-o", "json"],
    )
    .await;
    assert_eq!(t.as_array().unwrap().len(), 1, "{t}");
    assert_eq!(t[0]["topic"], "news");

    // an unknown device: the server's 104, exit 5, with a hint
    let unknown = "0190f3a2-7c4e-7d1a-9b3e-2f6a8c1d4e5f";
    let (code, _, err) = run(
        &h,
        &base,
        &[
            "push", "topic", "add", "--device", unknown, "x", "-o", "json",
        ],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    let e = error_of(&err);
    assert_eq!(e["code"], 104, "{e}");
    assert!(
        e["hint"]
            .as_str()
            .unwrap()
            .contains("centri push device ls"),
        "{e}"
    );
    // exactly one of --device and --user, and at least one topic
    for args in [
        vec!["push", "topic", "ls"],
        vec!["push", "topic", "ls", "--device", &a, "--user", "alice"],
        vec!["push", "topic", "add", "--user", "alice"],
    ] {
        let (code, _, err) = run(&h, &base, &args).await;
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    s.stop().await;
}

/// Past the largest page (1000): `--limit 0` follows the server's cursors to the end, a limit
/// above a page takes two, and `--count` agrees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ls_follows_cursors_past_the_largest_page() {
    let (s, h, base) = setup(true).await;
    let commands: Vec<Value> = (0..1005)
        .map(|i| {
            json!({"device_register": {"provider": "apns", "platform": "ios",
                                       "token": format!("apns-paging-token-{i:04}")}})
        })
        .collect();
    let (code, r) = s.api("batch", json!({ "commands": commands })).await;
    assert_eq!(code, 200);
    assert!(
        r["replies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("device_register").is_some()),
        "{r}"
    );
    let (code, out, err) = run(
        &h,
        &base,
        &["push", "device", "ls", "--limit", "0", "-o", "ndjson"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let mut seen: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(seen.len(), 1005);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 1005, "no device twice across pages");
    assert!(err.is_empty(), "nothing more to say: {err}");
    let l = json_of(
        &h,
        &base,
        &["push", "device", "ls", "--limit", "1002", "-o", "json"],
    )
    .await;
    assert_eq!(ids(&l).len(), 1002);
    let (code, out, _) = run(
        &h,
        &base,
        &["push", "device", "ls", "--count", "--provider", "apns"],
    )
    .await;
    assert_eq!((code, out.as_str()), (0, "1005\n"));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_off_is_108_with_the_hint_that_turns_it_on() {
    let (s, h, base) = setup(false).await;
    for args in [
        vec!["push", "device", "ls"],
        vec!["push", "device", "ls", "--count"],
        vec!["push", "device", "show", "x"],
        vec![
            "push",
            "device",
            "register",
            "--provider",
            "fcm",
            "--platform",
            "ios",
            "--token",
            "t",
        ],
        vec!["push", "device", "update", "--user", "u", "--set-user", "v"],
        vec!["push", "device", "rm", "--user", "u", "-y"],
        vec!["push", "topic", "ls", "--user", "u"],
        vec!["push", "topic", "add", "--device", "d", "t"],
    ] {
        let mut a = args.clone();
        a.extend(["-o", "json"]);
        let (code, out, err) = run(&h, &base, &a).await;
        assert_eq!((code, out.as_str()), (5, ""), "{args:?}: {err}");
        let e = error_of(&err);
        assert_eq!(e["code"], 108, "{args:?}: {e}");
        let hint = e["hint"].as_str().unwrap();
        assert!(
            hint.contains("push_notifications.enabled") && hint.contains("centri serve --dev"),
            "{args:?}: {hint}"
        );
    }
    let (code, _, err) = run(&h, &base, &["push", "device", "ls", "-o", "table"]).await;
    assert_eq!(code, 5);
    assert_eq!(
        err,
        "error: code 108 not available\n  hint: push notifications are off on the server: set \
         push_notifications.enabled in its config, or run `centri serve --dev`\n"
    );
    s.stop().await;
}

/// `serve --dev` has push on: its saved context is enough to register and count devices.
#[test]
fn serve_dev_has_push_on() {
    let p = Proc::serve(&["--dev"], &[]);
    let home = p.home.clone();
    let (code, out, err) = centri_env(
        &home,
        &[
            "push",
            "device",
            "register",
            "--provider",
            "hms",
            "--platform",
            "android",
            "--token",
            "hms-dev-token-1",
            "--user",
            "42",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim().len(), 36, "{out}");
    let (code, out, err) = centri_env(
        &home,
        &["push", "device", "ls", "--count", "--user", "42"],
        &[],
    );
    assert_eq!((code, out.as_str()), (0, "1\n"), "{err}");
}

//! `centri ratelimit` through the real binary: the offline simulation against a config file
//! (figures checked against the token-bucket math), usage errors, help examples, and the live
//! edit flow (show, set, rm, dry-run, history, simulate --live) against an in-process server.

use serde_json::{json, Value};

use super::util::{centri_env, fresh_dir, test_config, Client, Server, API_KEY};

const ADMIN_KEY: &str = "rl-admin-key";
/// Who the edits are recorded as: `$USER` is set to this for every run.
const USER: &str = "rl-tester";

/// Runs `centri ARGS` with `$USER` pinned.
fn centri(home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    centri_env(home, args, &[("USER", USER)])
}

/// Writes `config` to a fresh temp file; its path.
fn config_file(config: &Value) -> String {
    let path = fresh_dir("rl-config").join("config.json");
    std::fs::write(&path, config.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

/// `client.rate_limit` with one bucket on `client_command.publish`.
fn publish_limit(rate: u64, dry_run: bool) -> Value {
    json!({"client_command": {
        "enabled": true,
        "dry_run": dry_run,
        "publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": rate}]}
    }})
}

fn json_out(code: i32, out: &str, err: &str) -> Value {
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `(second, allowed, rejected, dry_run)` rows of a simulation document.
fn sim_rows(v: &Value) -> Vec<(u64, u64, u64, u64)> {
    v["seconds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["second"].as_u64().unwrap(),
                r["allowed"].as_u64().unwrap(),
                r["rejected"].as_u64().unwrap(),
                r["dry_run"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// 10/1s, sent at 20/s for 3s: 60 publishes at t = 0, 50ms, 100ms, ... 2950ms.
///
/// GCRA with rate R per interval I: emission interval T = I/R = 100ms, burst R = 10 (the
/// tolerance is ·T = 900ms). Sending faster than T, the theoretical arrival time after n
/// allowed commands is n·T, so command k (at 50k ms) passes iff 100n ≤ 50k + 900, i.e.
/// 2n ≤ k + 18. Commands 0..=18 pass (the burst, plus the tokens that refill while it is
/// being sent), 19 fails, and from then on every other one passes (20, 22, ..., 58).
/// Per second: 19 allowed + 1 rejected, then 10 + 10, then 10 + 10: 39 allowed, 21 rejected.
/// Seconds are numbered from 1.
#[test]
fn simulate_offline_from_a_config_file() {
    let home = fresh_dir("rl-home");
    let mut cfg = json!({"client": {"token": {"hmac_secret_key": "s"}}});
    cfg["client"]["rate_limit"] = publish_limit(10, false);
    let file = config_file(&cfg);
    let sim = [
        "ratelimit",
        "simulate",
        "--command",
        "publish",
        "--rate",
        "20/s",
        "--duration",
        "3s",
        "--config",
        &file,
    ];
    // No server anywhere: --config runs entirely offline.
    let (code, out, err) = centri(&home, &[&sim[..], &["-o", "json"][..]].concat());
    let v = json_out(code, &out, &err);
    assert_eq!(
        sim_rows(&v),
        vec![(1, 19, 1, 0), (2, 10, 10, 0), (3, 10, 10, 0)]
    );
    assert_eq!(
        v["total"],
        json!({"allowed": 39, "rejected": 21, "dry_run": 0})
    );
    assert_eq!(v["command"], "publish");
    assert_eq!(v["source"], "file");
    assert_eq!(v["rate_per_second"], 20.0);
    assert_eq!(v["duration_ms"], 3000);

    // The same with other spellings of the rate, and as a table.
    for rate in ["20", "20/1s", "1200/1m"] {
        let mut args = sim.to_vec();
        args[5] = rate;
        args.extend(["-o", "table"]);
        let (code, out, err) = centri(&home, &args);
        assert_eq!(code, 0, "{rate}: {err}");
        assert!(out.contains("SECOND") && out.contains("REJECTED"), "{out}");
        assert!(
            out.contains("total: 39 allowed, 21 rejected, 0 dry-run"),
            "{rate}: {out}"
        );
    }

    // Dry-run lets everything through and counts the would-be rejections instead; they
    // consume nothing, so they are exactly the rejections above.
    cfg["client"]["rate_limit"] = publish_limit(10, true);
    let file = config_file(&cfg);
    let mut args = sim.to_vec();
    args[9] = &file;
    args.extend(["-o", "json"]);
    let (code, out, err) = centri(&home, &args);
    let v = json_out(code, &out, &err);
    assert_eq!(
        v["total"],
        json!({"allowed": 60, "rejected": 0, "dry_run": 21}),
        "{v}"
    );

    // A limiter that is off rejects nothing, and says so.
    cfg["client"]["rate_limit"]["client_command"]["enabled"] = json!(false);
    let file = config_file(&cfg);
    let mut args = sim.to_vec();
    args[9] = &file;
    args.extend(["-o", "json"]);
    let (code, out, err) = centri(&home, &args);
    let v = json_out(code, &out, &err);
    assert_eq!(v["total"]["rejected"], 0, "{v}");
    assert!(err.contains("no limiter is enabled"), "{err}");
}

#[test]
fn bad_arguments_exit_2() {
    let home = fresh_dir("rl-home");
    // A bad spec is caught before anything is sent (no server is running here).
    let (code, _, err) = centri(
        &home,
        &["ratelimit", "set", "client_command.publish=ten/1s", "-y"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("client_command.publish=ten/1s"), "{err}");
    let (code, _, err) = centri(&home, &["ratelimit", "set", "client_command.publish", "-y"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("KEY=SPEC"), "{err}");
    let (code, _, err) = centri(
        &home,
        &["ratelimit", "set", "a.b=1/s", "-o", "json", "-y", "a.b=0/s"],
    );
    assert_eq!(code, 2, "{err}");
    let e: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(e["error"]["class"], "usage");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("a.b=0/s"),
        "{e}"
    );
    let (code, _, _) = centri(&home, &["ratelimit", "set"]);
    assert_eq!(code, 2);
    let (code, _, _) = centri(&home, &["ratelimit", "dry-run", "maybe"]);
    assert_eq!(code, 2);
    let (code, _, err) = centri(
        &home,
        &[
            "ratelimit",
            "simulate",
            "--command",
            "publish",
            "--rate",
            "fast",
            "--config",
            "/nonexistent.json",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--rate"), "{err}");
    // issue 15 (16): the error names the interval as typed, not as normalised (`1x`)
    let (code, _, err) = centri(
        &home,
        &[
            "ratelimit",
            "simulate",
            "--command",
            "publish",
            "--rate",
            "50/x",
            "--config",
            "/nonexistent.json",
            "-o",
            "table",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("\"x\"") && !err.contains("1x"), "{err}");
    let (code, _, err) = centri(
        &home,
        &[
            "ratelimit",
            "simulate",
            "--command",
            "publish",
            "--rate",
            "5/s",
            "--config",
            "/nonexistent.json",
        ],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = centri(
        &home,
        &[
            "ratelimit",
            "simulate",
            "--command",
            "publish",
            "--rate",
            "5",
            "--config",
            "x.json",
            "--live",
        ],
    );
    assert_eq!(code, 2, "--config and --live conflict");
    // A fraction of a second, an operation the limiter does not know.
    let file = config_file(&json!({"client": {"token": {"hmac_secret_key": "s"}}}));
    for (op, duration, said) in [
        ("publish", "1500ms", "--duration"),
        ("no_such_op", "1s", "no_such_op"),
    ] {
        let (code, _, err) = centri(
            &home,
            &[
                "ratelimit",
                "simulate",
                "--command",
                op,
                "--rate",
                "5",
                "--duration",
                duration,
                "--config",
                &file,
            ],
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(said), "{err}");
    }
}

#[test]
fn every_ratelimit_command_has_examples() {
    let home = fresh_dir("rl-home");
    for sub in ["", "show", "set", "rm", "dry-run", "history", "simulate"] {
        let args: Vec<&str> = ["ratelimit", sub, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let (code, out, err) = centri(&home, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        if sub.is_empty() {
            assert!(out.contains("Example"), "{out}");
            for s in ["show", "set", "rm", "dry-run", "history", "simulate"] {
                assert!(out.contains(s), "{out}");
            }
        } else {
            assert!(out.contains("Example"), "{args:?}: {out}");
        }
    }
    // The short alias.
    let (code, _, _) = centri(&home, &["rl", "show", "--help"]);
    assert_eq!(code, 0);
}

/// An in-process server with admin on and a 5/1s publish limit in its config file, a CLI
/// home, and the connection flags for the admin key.
async fn setup() -> (Server, std::path::PathBuf, Vec<String>) {
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN_KEY});
    cfg["client"]["rate_limit"] = publish_limit(5, false);
    let s = Server::start(cfg).await;
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
        "--admin-key".to_string(),
        ADMIN_KEY.to_string(),
    ];
    (s, fresh_dir("rl-home"), base)
}

fn args<'a>(base: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    base.iter()
        .map(String::as_str)
        .chain(rest.iter().copied())
        .collect()
}

/// The effective-table entry of `key` in a `show -o json` document.
fn entry<'a>(view: &'a Value, key: &str) -> &'a Value {
    view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("no entry {key} in {view}"))
}

/// The change of `key` in an `EditResult` document.
fn change<'a>(r: &'a Value, key: &str) -> &'a Value {
    r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no change of {key} in {r}"))
}

async fn show(home: &std::path::Path, base: &[String]) -> Value {
    let home = home.to_path_buf();
    let a: Vec<String> = args(base, &["ratelimit", "show", "-o", "json"])
        .into_iter()
        .map(str::to_string)
        .collect();
    let (code, out, err) = tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        centri(&home, &a)
    })
    .await
    .unwrap();
    json_out(code, &out, &err)
}

/// Runs the binary off the runtime's threads (the server runs on them).
async fn run(home: &std::path::Path, base: &[String], rest: &[&str]) -> (i32, String, String) {
    let home = home.to_path_buf();
    let a: Vec<String> = args(base, rest).into_iter().map(str::to_string).collect();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        centri(&home, &a)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_show_rm_dry_run_history() {
    let (s, h, base) = setup().await;

    // The file's limit.
    let v = show(&h, &base).await;
    let e = entry(&v, "client_command.publish");
    assert_eq!(e["buckets"], "5/1s");
    assert_eq!(e["source"], "file");
    assert_eq!(e["enabled"], true);
    let (code, out, err) = run(&h, &base, &["ratelimit", "show", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("client_command.publish") && out.contains("5/1s"),
        "{out}"
    );

    // Without -y and without a terminal: the diff is shown, nothing is applied, exit 3.
    let (code, out, err) = run(
        &h,
        &base,
        &["ratelimit", "set", "client_command.publish=10/1s"],
    )
    .await;
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        err.contains("client_command.publish") && err.contains("5/1s → (live) 10/1s"),
        "{err}"
    );
    assert!(err.contains("-y"), "{err}");
    assert_eq!(
        entry(&show(&h, &base).await, "client_command.publish")["buckets"],
        "5/1s"
    );

    // With -y: applied, and the answer is the EditResult.
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "ratelimit",
            "set",
            "client_command.publish=10/1s",
            "-y",
            "-o",
            "json",
        ],
    )
    .await;
    let r = json_out(code, &out, &err);
    assert_eq!(r["applied"], true, "{r}");
    let ch = change(&r, "client_command.publish");
    assert_eq!(ch["old"], "(file) 5/1s", "{r}");
    assert_eq!(ch["new"], "(live) 10/1s", "{r}");
    let v = show(&h, &base).await;
    let e = entry(&v, "client_command.publish");
    assert_eq!(
        (e["buckets"].as_str(), e["source"].as_str()),
        (Some("10/1s"), Some("live"))
    );

    // Several buckets, a namespace override, a table answer.
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "ratelimit",
            "set",
            "user_command.default=60/1s,1000/1m",
            "client_command.publish.namespace_overrides.chat=20/1s",
            "-y",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("60/1s,1000/1m") && out.contains("namespace_overrides.chat"),
        "{out}"
    );
    let v = show(&h, &base).await;
    assert_eq!(
        entry(&v, "user_command.default")["buckets"],
        "60/1s,1000/1m"
    );
    assert_eq!(
        entry(&v, "client_command.publish.namespace_overrides.chat")["buckets"],
        "20/1s"
    );

    // The same value again: nothing to change, exit 0.
    let (code, _, err) = run(
        &h,
        &base,
        &["ratelimit", "set", "client_command.publish=10/1s", "-y"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nothing to change"), "{err}");

    // The server rejects a key it does not know: exit 5, its message names the key.
    let (code, _, err) = run(
        &h,
        &base,
        &["ratelimit", "set", "no_such_limiter.publish=1/1s", "-y"],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("no_such_limiter"), "{err}");

    // Dry-run on every limiter, then off for one.
    let (code, out, err) = run(
        &h,
        &base,
        &["ratelimit", "dry-run", "on", "-y", "-o", "json"],
    )
    .await;
    let r = json_out(code, &out, &err);
    assert_eq!(r["applied"], true, "{r}");
    let v = show(&h, &base).await;
    for l in ["client_command", "user_command", "client_error"] {
        assert_eq!(v["overrides"]["dry_run"][l], true, "{l}: {v}");
    }
    assert_eq!(v["effective"]["client_command"]["dry_run"], true, "{v}");
    let (code, _, err) = run(
        &h,
        &base,
        &["ratelimit", "dry-run", "off", "client_command", "-y"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let v = show(&h, &base).await;
    assert_ne!(v["effective"]["client_command"]["dry_run"], true, "{v}");

    // rm: the file's value applies again.
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "ratelimit",
            "rm",
            "client_command.publish",
            "-y",
            "-o",
            "json",
        ],
    )
    .await;
    let r = json_out(code, &out, &err);
    assert_eq!(
        change(&r, "client_command.publish")["new"],
        "(file) 5/1s",
        "{r}"
    );
    let v = show(&h, &base).await;
    let e = entry(&v, "client_command.publish");
    assert_eq!(
        (e["buckets"].as_str(), e["source"].as_str()),
        (Some("5/1s"), Some("file"))
    );

    // History: every applied edit, by whom, oldest to newest; nothing for the refused one.
    let (code, out, err) = run(&h, &base, &["ratelimit", "history", "-o", "json"]).await;
    let hist = json_out(code, &out, &err);
    let entries = hist["history"].as_array().unwrap();
    assert_eq!(entries.len(), 5, "{hist}");
    for e in entries {
        assert!(
            e["who"].as_str().unwrap().starts_with(&format!("{USER}@")),
            "{e}"
        );
    }
    let keys: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap())
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"user_command.default"), "{keys:?}");
    // The first edit (set) and the last (rm) both touched client_command.publish.
    for e in [&entries[0], &entries[4]] {
        assert!(
            e["changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["key"] == "client_command.publish"),
            "{e}"
        );
    }
    let (code, out, err) = run(&h, &base, &["ratelimit", "history", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(USER) && out.contains("→ (live) 10/1s"),
        "{out}"
    );
    let (code, out, err) = run(
        &h,
        &base,
        &["ratelimit", "history", "--limit", "1", "-o", "json"],
    )
    .await;
    assert_eq!(
        json_out(code, &out, &err)["history"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // simulate --live uses the server's effective limits (back to the file's 5/1s):
    // T = 200ms, burst 5; at 20/s for 2s command k passes iff 4n ≤ k + 16: 0..=5, then
    // every fourth (8, 12, ..., 36): 9 + 5 allowed, 26 rejected.
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "ratelimit",
            "simulate",
            "--command",
            "publish",
            "--rate",
            "20/s",
            "--duration",
            "2s",
            "-o",
            "json",
        ],
    )
    .await;
    let sim = json_out(code, &out, &err);
    assert_eq!(sim["source"], "live");
    assert_eq!(sim_rows(&sim), vec![(1, 9, 11, 0), (2, 5, 15, 0)]);
    assert_eq!(
        sim["total"],
        json!({"allowed": 14, "rejected": 26, "dry_run": 0})
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_key_and_read_only_contexts() {
    let (s, h, base) = setup().await;
    let url = format!("http://{}", s.addr);

    // Wrong admin key; no admin key at all (the API key is not the admin key): exit 4.
    for a in [
        vec!["-s", &url, "--admin-key", "wrong", "ratelimit", "show"],
        vec!["-s", &url, "--api-key", API_KEY, "ratelimit", "history"],
        vec![
            "-s",
            &url,
            "--admin-key",
            "wrong",
            "ratelimit",
            "set",
            "client_command.publish=1/1s",
            "-y",
        ],
    ] {
        let (code, _, err) = run(&h, &[], &a).await;
        assert_eq!(code, 4, "{a:?}: {err}");
        assert!(err.contains("admin"), "{err}");
    }

    // A read-only context refuses edits before anything is sent, and still reads.
    let (code, _, err) = run(
        &h,
        &[],
        &[
            "context",
            "add",
            "ro",
            "--server",
            &url,
            "--admin-key",
            ADMIN_KEY,
            "--read-only",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    for edit in [
        vec![
            "-C",
            "ro",
            "ratelimit",
            "set",
            "client_command.publish=1/1s",
            "-y",
        ],
        vec![
            "-C",
            "ro",
            "ratelimit",
            "rm",
            "client_command.publish",
            "-y",
        ],
        vec!["-C", "ro", "ratelimit", "dry-run", "on", "-y"],
    ] {
        let (code, _, err) = run(&h, &[], &edit).await;
        assert_eq!(code, 3, "{edit:?}: {err}");
        assert!(err.contains("read-only"), "{err}");
    }
    let (code, _, err) = run(&h, &[], &["-C", "ro", "ratelimit", "show", "-o", "json"]).await;
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&h, &base, &["ratelimit", "history", "-o", "json"]).await;
    let hist = json_out(code, &out, &err);
    assert_eq!(hist["history"], json!([]), "nothing was applied: {hist}");

    // Unreachable server: exit 6.
    let (code, _, _) = run(
        &h,
        &[],
        &[
            "-s",
            "http://127.0.0.1:1",
            "--admin-key",
            "k",
            "ratelimit",
            "show",
        ],
    )
    .await;
    assert_eq!(code, 6);
    s.stop().await;
}

/// Publishing faster than the limit leaves hits that `show` lists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_lists_recent_hits() {
    let (s, h, base) = setup().await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    c.call(json!({"subscribe": {"channel": "chat:index"}}))
        .await;
    let mut rejected = 0;
    for i in 0..10 {
        let r = c
            .call(json!({"publish": {"channel": "chat:index", "data": {"n": i}}}))
            .await;
        if r["error"]["code"] == 111 {
            rejected += 1;
        }
    }
    assert!(rejected >= 4, "a 5/1s burst lets at most 6 of 10 through");
    let v = show(&h, &base).await;
    let hits = v["recent_hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{v}");
    let last = hits.last().unwrap();
    assert_eq!(last["limiter"], "client_command", "{last}");
    assert_eq!(last["op"], "publish", "{last}");
    assert_eq!(last["rule"], "client_command.publish", "{last}");
    assert_eq!(last["user"], "42", "{last}");
    assert_eq!(last["dry_run"], false, "{last}");
    let (code, out, err) = run(&h, &base, &["ratelimit", "show", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("recent hits") && out.contains("client_command.publish"),
        "{out}"
    );
    s.stop().await;
}

//! `centri push send|status|cancel|sends` through the real binary, against an in-process
//! server with push and the admin API on (and one `centri serve --dev`). No provider is
//! needed: sends go to a filter that matches no device (done with total 0), to devices of a
//! provider that is off (each dropped, by reason: `--wait` exits 9), or are scheduled and then
//! cancelled. Exit codes: 0; 2 for usage errors naming the flag; 3 for a cancelled send or a
//! wait that timed out; 4 for a wrong admin key; 5 for an unknown uid (104), a bad field
//! (107, naming it) and push off (108).

use std::io::{BufRead, BufReader};
use std::time::Duration;

use serde_json::{json, Value};

use super::push_cli::{error_of, json_of, run};
use super::push_send::{config, ADMIN};
use super::util::{bin, centri_env, fresh_dir, test_config, Proc, Server, API_KEY};

/// An in-process server with push and the admin API on, a CLI home, and the flags that
/// point the binary at it.
async fn setup(tag: &str) -> (Server, std::path::PathBuf, Vec<String>) {
    let dir = fresh_dir(tag);
    let s = Server::start(config(&dir, &json!({}))).await;
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
        "--admin-key".to_string(),
        ADMIN.to_string(),
    ];
    (s, dir, base)
}

fn args_of(base: &[String], rest: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(rest.iter().map(|s| (*s).to_string()))
        .collect()
}

/// A `centri` child process with stdout read line by line on a thread (as `centri_env`
/// sets up the environment).
struct Child {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Child {
    fn spawn(home: &std::path::Path, args: &[String]) -> Self {
        let mut cmd = std::process::Command::new(bin());
        cmd.args(args)
            .env("XDG_CONFIG_HOME", home)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for var in [
            "CENTRI_SERVER",
            "CENTRI_API_KEY",
            "CENTRI_ADMIN_KEY",
            "CENTRI_CONTEXT",
            "CENTRI_OUTPUT",
        ] {
            cmd.env_remove(var);
        }
        let mut child = cmd.spawn().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The next stdout line, within `secs`.
    async fn line(&self, secs: u64) -> Option<String> {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            match self.lines.try_recv() {
                Ok(l) => return Some(l),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits (bounded) for the exit; (code, the rest of stdout, stderr).
    async fn finish(mut self, secs: u64) -> (i32, Vec<String>, String) {
        let mut rest = Vec::new();
        for _ in 0..secs * 50 {
            while let Ok(l) = self.lines.try_recv() {
                rest.push(l);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                // the reader thread ends at EOF
                while let Some(l) = self.line(2).await {
                    rest.push(l);
                }
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    std::io::Read::read_to_string(&mut e, &mut err).unwrap();
                }
                return (status.code().unwrap_or(-1), rest, err);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = self.child.kill();
        panic!("centri did not exit within {secs}s; stdout so far: {rest:?}");
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A send to a filter that matches no device: the uid printed each way, `--wait` to `done`
/// with total 0, `status` as JSON and as a table, `sends` newest first in all three formats,
/// and `status --watch` of an ended send printing it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_to_nobody_is_done_and_listed() {
    let (s, h, base) = setup("push-send-cli-nobody").await;

    // -o json: {"uid"}; piped: the bare uid; table: the uid on stdout, what was queued on
    // stderr
    let first = json_of(
        &h,
        &base,
        &[
            "push", "send", "--user", "nobody", "--title", "Hi", "-o", "json",
        ],
    )
    .await;
    let first = first["uid"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 36, "a server-made uuid: {first}");
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push", "send", "--user", "nobody", "--body", "b", "--data", "k=v",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let second = out.trim().to_string();
    assert_eq!(second.len(), 36, "the bare uid when piped: {out:?}");
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "send",
            "--user",
            "nobody",
            "--topic",
            "news",
            "--title",
            "T",
            "--uid",
            "cli-third",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!((code, out.as_str()), (0, "cli-third\n"), "{err}");
    assert!(
        err.contains("queued push cli-third to devices with user nobody and topic news"),
        "{err}"
    );

    // --wait -o json: the final status, done with nobody to send to
    let st = json_of(
        &h,
        &base,
        &[
            "push",
            "send",
            "--user",
            "nobody",
            "--title",
            "T",
            "--uid",
            "cli-wait",
            "--wait",
            "--interval",
            "100ms",
            "--wait-timeout",
            "20s",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(st["uid"], "cli-wait");
    assert_eq!(st["state"], "done", "{st}");
    assert_eq!(
        (st["total"].as_u64(), st["done"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(st["planned"], true);
    assert_eq!(st["recipient"], "users nobody");

    // status: the server's document with -o json, a summary as a table
    let st = json_of(&h, &base, &["push", "status", "cli-wait", "-o", "json"]).await;
    assert_eq!(
        (st["uid"].as_str(), st["state"].as_str()),
        (Some("cli-wait"), Some("done"))
    );
    assert!(st["finished_at"].as_i64().unwrap() >= st["created_at"].as_i64().unwrap());
    let (code, out, err) = run(&h, &base, &["push", "status", "cli-wait", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    for want in [
        "uid:",
        "cli-wait",
        "state:",
        "done",
        "recipient:",
        "users nobody",
        "finished:",
    ] {
        assert!(out.contains(want), "{want} not in\n{out}");
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("progress:") && l.ends_with(" 0/0")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("outcome:") && l.ends_with(" 0 sent, 0 failed, 0 dropped")),
        "{out}"
    );

    // sends: newest first
    let list = json_of(&h, &base, &["push", "sends", "-o", "json"]).await;
    let uids: Vec<&str> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|s| s["uid"].as_str().unwrap())
        .collect();
    assert_eq!(
        uids,
        ["cli-wait", "cli-third", second.as_str(), first.as_str()]
    );
    let (code, out, _) = run(
        &h,
        &base,
        &["push", "sends", "--limit", "2", "-o", "ndjson"],
    )
    .await;
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[1]["uid"], "cli-third");
    let (code, out, _) = run(&h, &base, &["push", "sends", "-o", "table"]).await;
    assert_eq!(code, 0);
    for want in [
        "UID",
        "STATE",
        "RECIPIENT",
        "DONE/TOTAL",
        "SENT",
        "FAILED",
        "CREATED",
    ] {
        assert!(out.contains(want), "{want} not in\n{out}");
    }
    let row = out.lines().find(|l| l.contains("cli-third")).unwrap();
    assert!(
        row.contains("done") && row.contains("0/0") && row.contains(" ago"),
        "{row}"
    );
    let (code, _, err) = run(&h, &base, &["push", "sends", "--limit", "0"]).await;
    assert_eq!(code, 2, "{err}");

    // --watch of an ended send: one status, then exit 0
    let (code, out, err) = run(
        &h,
        &base,
        &["push", "status", "cli-wait", "--watch", "-o", "ndjson"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let st: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(st["state"], "done");
    s.stop().await;
}

/// A scheduled send: `status --watch` prints it, `cancel` ends it and the watch with it; a
/// second cancel and an unknown uid are exit 5 with 104; `--wait` exits 3 for a send that is
/// cancelled under it and for one still waiting at --wait-timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_send_is_watched_and_cancelled() {
    let (s, h, base) = setup("push-send-cli-sched").await;
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "send",
            "--topic",
            "news",
            "--body",
            "later",
            "--send-at",
            "+1h",
            "--expire-in",
            "2h",
            "--uid",
            "sched-1",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!((code, out.as_str()), (0, "sched-1\n"), "{err}");
    assert!(
        err.contains("scheduled push sched-1 to devices with topic news, at "),
        "{err}"
    );
    let st = json_of(&h, &base, &["push", "status", "sched-1", "-o", "json"]).await;
    assert_eq!(st["state"], "scheduled", "{st}");
    let at = st["send_at"].as_i64().unwrap();
    let now = super::util::now() * 1000;
    assert!(
        (now + 3_500_000..=now + 3_700_000).contains(&at),
        "send_at {at} is about an hour from {now}"
    );
    let (code, out, _) = run(&h, &base, &["push", "status", "sched-1", "-o", "table"]).await;
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("send at:") && l.contains("UTC (in ")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("progress:") && l.contains("] 0/0+ (0%)")),
        "a bar while it is not done: {out}"
    );

    // watch: the first status at once, the cancelled one when it comes, then the end
    let watch = Child::spawn(
        &h,
        &args_of(
            &base,
            &[
                "push",
                "status",
                "sched-1",
                "--watch",
                "--interval",
                "100ms",
                "-o",
                "ndjson",
            ],
        ),
    );
    let first: Value =
        serde_json::from_str(&watch.line(20).await.expect("a first status")).unwrap();
    assert_eq!(first["state"], "scheduled");
    let done = json_of(&h, &base, &["push", "cancel", "sched-1", "-o", "json"]).await;
    assert_eq!(done, json!({"uid": "sched-1", "cancelled": true}));
    let (code, rest, err) = watch.finish(20).await;
    assert_eq!(code, 0, "{err}");
    let last: Value = serde_json::from_str(rest.last().expect("the cancelled status")).unwrap();
    assert_eq!(last["state"], "cancelled", "{rest:?}");
    assert_eq!(rest.len(), 1, "one line per change, not per poll: {rest:?}");

    // cancel again, or an unknown uid: 104, exit 5
    for uid in ["sched-1", "no-such-send"] {
        let (code, out, err) = run(&h, &base, &["push", "cancel", uid, "-o", "json"]).await;
        assert_eq!((code, out.as_str()), (5, ""), "{err}");
        let e = error_of(&err);
        assert_eq!(e["code"], 104, "{e}");
        assert!(e["message"].as_str().unwrap().contains(uid), "{e}");
    }
    let (code, _, err) = run(&h, &base, &["push", "cancel", "sched-1", "-o", "table"]).await;
    assert_eq!(code, 5);
    assert!(
        err.starts_with("error: no push sched-1 to cancel: it is unknown or has ended\n"),
        "{err}"
    );
    let (code, out, err) = run(&h, &base, &["push", "status", "no-such-send", "-o", "json"]).await;
    assert_eq!((code, out.as_str()), (5, ""), "{err}");
    let e = error_of(&err);
    assert_eq!(e["message"], "no push no-such-send");
    assert!(
        e["hint"].as_str().unwrap().contains("centri push sends"),
        "{e}"
    );

    // --wait on a send cancelled under it: exit 3, the cancelled status on stdout
    let waiting = Child::spawn(
        &h,
        &args_of(
            &base,
            &[
                "push",
                "send",
                "--topic",
                "news",
                "--body",
                "b",
                "--send-at",
                "+1h",
                "--uid",
                "sched-2",
                "--wait",
                "--interval",
                "100ms",
                "-o",
                "json",
            ],
        ),
    );
    let mut cancelled = false;
    for _ in 0..100 {
        let (code, _, _) = run(&h, &base, &["push", "cancel", "sched-2"]).await;
        if code == 0 {
            cancelled = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(cancelled, "sched-2 never showed up to cancel");
    let (code, out, err) = waiting.finish(20).await;
    assert_eq!(code, 3, "{err}");
    let st: Value = serde_json::from_str(&out.join("\n")).unwrap();
    assert_eq!(st["state"], "cancelled");
    let e = error_of(&err);
    assert_eq!(e["class"], "cancelled");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("sched-2 was cancelled"),
        "{e}"
    );

    // --wait-timeout: exit 3 with the status so far; the send goes on
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "send",
            "--topic",
            "news",
            "--body",
            "b",
            "--send-at",
            "+1h",
            "--uid",
            "sched-3",
            "--wait",
            "--interval",
            "100ms",
            "--wait-timeout",
            "300ms",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 3, "{err}");
    let st: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(st["state"], "scheduled");
    assert!(error_of(&err)["message"]
        .as_str()
        .unwrap()
        .contains("still scheduled after --wait-timeout"));
    let st = json_of(&h, &base, &["push", "status", "sched-3", "-o", "json"]).await;
    assert_eq!(st["state"], "scheduled");
    s.stop().await;
}

/// Devices of a provider that is off are dropped, by reason: `--wait` shows them and exits 9;
/// `status` groups the errors; `update_push_status` reports show as reported counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_devices_make_wait_exit_9_and_reports_show() {
    let (s, h, base) = setup("push-send-cli-dropped").await;
    for (provider, platform, token) in [
        ("fcm", "android", "fcm-tok-1"),
        ("fcm", "android", "fcm-tok-2"),
        ("apns", "ios", "apns-tok-1"),
    ] {
        let (code, _, err) = run(
            &h,
            &base,
            &[
                "push",
                "device",
                "register",
                "--provider",
                provider,
                "--platform",
                platform,
                "--token",
                token,
                "--user",
                "alice",
            ],
        )
        .await;
        assert_eq!(code, 0, "{err}");
    }
    let (code, out, err) = run(
        &h,
        &base,
        &[
            "push",
            "send",
            "--user",
            "alice",
            "--title",
            "Hi",
            "--uid",
            "drop-1",
            "--wait",
            "--interval",
            "100ms",
            "--wait-timeout",
            "20s",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 9, "stdout: {out}\nstderr: {err}");
    assert!(
        err.contains("error: push drop-1: 3 of 3 recipients failed or were dropped (fcm not enabled: 2, apns not enabled: 1)"),
        "{err}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("outcome:") && l.ends_with(" 0 sent, 0 failed, 3 dropped")),
        "{out}"
    );

    // reports for the send's analytics uid (its uid by default)
    let client = centri::client::Client::new(
        &format!("http://{}", s.addr),
        Some(API_KEY.to_string()),
        Duration::from_secs(5),
        false,
    )
    .unwrap();
    for status in ["delivered", "interacted", "delivered"] {
        client
            .update_push_status(&centri::proto::push::send::UpdatePushStatusRequest {
                analytics_uid: "drop-1".into(),
                status: status.into(),
                device_id: "d".into(),
                msg_id: String::new(),
            })
            .await
            .unwrap();
    }
    let (code, out, err) = run(&h, &base, &["push", "status", "drop-1", "-o", "table"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("reported:") && l.ends_with(" delivered 2, interacted 1")),
        "{out}"
    );
    let errors = out
        .find("ERROR")
        .unwrap_or_else(|| panic!("no errors table:\n{out}"));
    let (fcm, apns) = (
        out[errors..].find("fcm not enabled").unwrap(),
        out[errors..].find("apns not enabled").unwrap(),
    );
    assert!(fcm < apns, "the larger count first:\n{out}");
    let st = json_of(&h, &base, &["push", "status", "drop-1", "-o", "json"]).await;
    assert_eq!(st["reported"], json!({"delivered": 2, "interacted": 1}));
    assert_eq!(st["providers"]["fcm"]["dropped"], 2);
    s.stop().await;
}

/// Usage errors (exit 2, naming the flag) before any request; `--dry-run` sends nothing; the
/// server's 107 names the field (exit 5, with the flag in the hint); a wrong admin key is
/// exit 4; push off is 108 / the hint that turns it on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_dry_runs_and_refusals() {
    let (s, h, base) = setup("push-send-cli-bad").await;
    for (args, want) in [
        (vec!["--title", "T"], "no recipient"),
        (vec!["--user", "1"], "no message"),
        (
            vec!["--user", "1", "--fcm-token", "t", "--body", "b"],
            "--fcm-token",
        ),
        (vec!["--provider", "fcm", "--body", "b"], "--all"),
        (
            vec!["--fcm-token", "t", "--apns", "{}"],
            "--apns goes nowhere",
        ),
        (
            vec!["--user", "1", "--body", "b", "--send-at", "yesterday"],
            "--send-at",
        ),
        (
            vec!["--user", "1", "--body", "b", "--rate-limit", "1"],
            "--rate-limit",
        ),
        (
            vec!["--user", "1", "--body", "b", "--between", "9-5"],
            "--between",
        ),
    ] {
        let mut a = vec!["push", "send"];
        a.extend(args.iter().copied());
        let (code, out, err) = run(&h, &base, &a).await;
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // --all asks first: with no terminal and no -y it refuses (exit 3) and sends nothing
    let (code, _, err) = run(&h, &base, &["push", "send", "--all", "--body", "b"]).await;
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("refusing to send a push to every device"),
        "{err}"
    );

    // --dry-run: the request, and nothing sent (even to no server at all)
    let (code, out, err) = centri_env(
        &h,
        &[
            "-s",
            "http://127.0.0.1:1",
            "push",
            "send",
            "--topic",
            "news",
            "--provider",
            "apns",
            "--title",
            "T",
            "--data",
            "k=v",
            "--uid",
            "dry-1",
            "--dry-run",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let req: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        req,
        json!({"recipient": {"filter": {"topics": ["news"], "providers": ["apns"]}},
               "notification": {"apns": {"payload": {"aps": {"alert": {"title": "T"}}, "k": "v"}}},
               "uid": "dry-1"})
    );
    let list = json_of(&h, &base, &["push", "sends", "-o", "json"]).await;
    assert_eq!(list, json!([]), "a dry run sends nothing");

    // the server's 107, naming the field, with the flag in the hint
    for (args, field, flag) in [
        (
            vec!["--fcm-token", "t1", "--body", "b"],
            "recipient.fcm_tokens",
            "--fcm-token",
        ),
        (
            vec![
                "--topic",
                "x",
                "--webpush",
                r#"{"payload": "p", "urgency": "now"}"#,
            ],
            "notification.webpush.urgency",
            "--webpush",
        ),
    ] {
        let mut a = vec!["push", "send"];
        a.extend(args.iter().copied());
        a.extend(["-o", "json"]);
        let (code, out, err) = run(&h, &base, &a).await;
        assert_eq!((code, out.as_str()), (5, ""), "{args:?}: {err}");
        let e = error_of(&err);
        assert_eq!(e["code"], 107, "{e}");
        assert!(e["message"].as_str().unwrap().contains(field), "{e}");
        assert!(e["hint"].as_str().unwrap().contains(flag), "{e}");
    }
    let long = "u".repeat(300);
    let (code, _, err) = run(
        &h,
        &base,
        &[
            "push", "send", "--topic", "x", "--body", "b", "--uid", &long, "-o", "table",
        ],
    )
    .await;
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("code 107 bad request: uid: longer than 256 bytes") && err.contains("--uid"),
        "{err}"
    );

    // a wrong admin key: exit 4, with the admin hint
    let mut wrong = base.clone();
    wrong[5] = "not-the-admin-key".into();
    for rest in [vec!["push", "status", "x"], vec!["push", "sends"]] {
        let mut a = rest.clone();
        a.extend(["-o", "json"]);
        let (code, _, err) = run(&h, &wrong, &a).await;
        assert_eq!(code, 4, "{rest:?}: {err}");
        assert!(error_of(&err)["hint"]
            .as_str()
            .unwrap()
            .contains("--admin-key"));
    }
    s.stop().await;

    // push off: 108 from the API, a 404 that says so from the admin API
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": ADMIN});
    let s = Server::start(cfg).await;
    let base = vec![
        "-s".to_string(),
        format!("http://{}", s.addr),
        "--api-key".to_string(),
        API_KEY.to_string(),
        "--admin-key".to_string(),
        ADMIN.to_string(),
    ];
    for rest in [
        vec!["push", "send", "--user", "1", "--body", "b"],
        vec!["push", "cancel", "x"],
        vec!["push", "status", "x"],
        vec!["push", "sends"],
    ] {
        let mut a = rest.clone();
        a.extend(["-o", "json"]);
        let (code, out, err) = run(&h, &base, &a).await;
        assert_eq!((code, out.as_str()), (5, ""), "{rest:?}: {err}");
        let hint = error_of(&err)["hint"].as_str().unwrap().to_string();
        assert!(
            hint.contains("push_notifications.enabled"),
            "{rest:?}: {hint}"
        );
    }
    s.stop().await;
}

/// `serve --dev` has push and the admin API on: its saved context is enough to send, wait,
/// list and cancel.
#[test]
fn serve_dev_sends_and_lists() {
    let p = Proc::serve(&["--dev"], &[]);
    let home = p.home.clone();
    let (code, out, err) = centri_env(
        &home,
        &[
            "push",
            "send",
            "--user",
            "nobody",
            "--title",
            "Hi",
            "--wait",
            "--interval",
            "100ms",
            "--wait-timeout",
            "20s",
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let st: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (st["state"].as_str(), st["total"].as_u64()),
        (Some("done"), Some(0))
    );
    let uid = st["uid"].as_str().unwrap().to_string();
    let (code, out, err) = centri_env(
        &home,
        &[
            "push",
            "send",
            "--topic",
            "t",
            "--body",
            "b",
            "--send-at",
            "+1h",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let later = out.trim().to_string();
    let (code, out, err) = centri_env(&home, &["push", "sends", "-o", "ndjson"], &[]);
    assert_eq!(code, 0, "{err}");
    let uids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["uid"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(uids, [later.clone(), uid]);
    let (code, out, err) = centri_env(&home, &["push", "cancel", &later, "-o", "table"], &[]);
    assert_eq!(
        (code, out),
        (0, format!("cancelled push {later}\n")),
        "{err}"
    );
}

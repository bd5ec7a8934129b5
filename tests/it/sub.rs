//! `centri sub` through the real binary against an in-process server: NDJSON streams with
//! their summary, recovery from `--since`, rejected subscriptions, `--duration` timeouts,
//! server disconnects, and the table line as an insta snapshot. Every wait is bounded and a
//! child that outlives its test is killed.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{bin, Server, SECRET};

/// A running `centri sub`, with its output collected by reader threads.
pub(super) struct Running {
    pub(super) child: Child,
    pub(super) out: Arc<Mutex<String>>,
    err: Arc<Mutex<String>>,
}

impl Running {
    /// Starts `centri -s URL --hmac-secret SECRET sub ARGS` with an isolated config dir.
    pub(super) fn start(s: &Server, args: &[&str]) -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let home =
            crate::it::util::test_root().join(format!("centri-sub-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&home).unwrap();
        let mut child = Command::new(bin())
            .args(["-s", &format!("http://{}", s.addr), "--hmac-secret", SECRET])
            .arg("sub")
            .args(args)
            .env("XDG_CONFIG_HOME", &home)
            .env("NO_COLOR", "1")
            .env_remove("CENTRI_SERVER")
            .env_remove("CENTRI_CONTEXT")
            .env_remove("CENTRI_OUTPUT")
            .env_remove("CENTRI_HMAC_SECRET")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let err = Arc::new(Mutex::new(String::new()));
        for (pipe, sink) in [
            (
                Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
                out.clone(),
            ),
            (Box::new(child.stderr.take().unwrap()), err.clone()),
        ] {
            std::thread::spawn(move || {
                let mut pipe = pipe;
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        Self { child, out, err }
    }

    pub(super) fn stderr(&self) -> String {
        self.err.lock().unwrap().clone()
    }

    /// Waits (bounded) for the exit; (code, stdout, stderr). Kills the child on timeout.
    pub(super) async fn finish(&mut self, limit: Duration) -> (i32, String, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!(
                    "centri sub still running after {limit:?}; stderr: {}",
                    self.stderr()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        // Give the reader threads a moment to drain the pipes after the exit.
        let mut last = (String::new(), String::new());
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let now = (self.out.lock().unwrap().clone(), self.stderr());
            if now == last {
                break;
            }
            last = now;
        }
        (status.code().unwrap_or(-1), last.0, last.1)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (bounded) until the channel has `n` subscribers.
async fn wait_subscribed(s: &Server, channel: &str, r: &mut Running) {
    let start = Instant::now();
    loop {
        let (_, v) = s.api("presence_stats", json!({ "channel": channel })).await;
        if v["result"]["num_clients"].as_u64() >= Some(1) {
            return;
        }
        if let Some(st) = r.child.try_wait().unwrap() {
            panic!("centri sub exited early ({st}); stderr: {}", r.stderr());
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not subscribed to {channel} within 10s; stderr: {}",
            r.stderr()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn publish(s: &Server, channel: &str, data: Value) -> Value {
    let (status, v) = s
        .api("publish", json!({ "channel": channel, "data": data }))
        .await;
    assert_eq!(status, 200, "{v}");
    assert!(v.get("error").is_none(), "{v}");
    v["result"].clone()
}

pub(super) fn ndjson(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

pub(super) fn of_type<'a>(lines: &'a [Value], kind: &str) -> Vec<&'a Value> {
    lines.iter().filter(|v| v["type"] == kind).collect()
}

pub(super) const LIMIT: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn count_stops_the_stream_with_a_summary() {
    let s = Server::start(super::util::test_config()).await;
    let mut r = Running::start(
        &s,
        &["chat:x", "--count", "2", "--user", "tester", "-o", "ndjson"],
    );
    wait_subscribed(&s, "chat:x", &mut r).await;
    publish(&s, "chat:x", json!({"n": 1})).await;
    publish(&s, "chat:x", json!({"n": 2})).await;
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "stderr: {err}");
    let lines = ndjson(&out);
    let pubs = of_type(&lines, "publication");
    assert_eq!(pubs.len(), 2, "{out}");
    assert_eq!(pubs[0]["channel"], "chat:x");
    assert_eq!(pubs[0]["data"], json!({"n": 1}));
    assert_eq!(pubs[1]["data"], json!({"n": 2}));
    assert_eq!(
        (pubs[0]["offset"].as_u64(), pubs[1]["offset"].as_u64()),
        (Some(1), Some(2))
    );
    assert!(pubs[0].get("recovered").is_none());
    for j in of_type(&lines, "join") {
        assert_eq!(j["channel"], "chat:x");
        assert!(j["info"]["client"].is_string(), "{j}");
    }
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary", "{out}");
    assert_eq!(last["publications"], 2);
    assert!(last["seconds"].as_f64().unwrap() >= 0.0);
    assert!(err.contains("received 2 publications in "), "{err}");
    assert!(err.contains("subscribed to chat:x"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_recovers_missed_publications_in_order() {
    let s = Server::start(super::util::test_config()).await;
    for n in 1..=4 {
        publish(&s, "chat:r", json!({ "n": n })).await;
    }
    let (_, h) = s.api("history", json!({"channel": "chat:r"})).await;
    let epoch = h["result"]["epoch"].as_str().unwrap().to_string();
    let since = format!("1:{epoch}");
    let mut r = Running::start(
        &s,
        &["chat:r", "--since", &since, "--count", "3", "-o", "ndjson"],
    );
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "stderr: {err}");
    let lines = ndjson(&out);
    let pubs = of_type(&lines, "publication");
    let offsets: Vec<u64> = pubs.iter().map(|p| p["offset"].as_u64().unwrap()).collect();
    assert_eq!(offsets, [2, 3, 4], "{out}");
    let data: Vec<i64> = pubs
        .iter()
        .map(|p| p["data"]["n"].as_i64().unwrap())
        .collect();
    assert_eq!(data, [2, 3, 4]);
    assert!(pubs.iter().all(|p| p["recovered"] == true), "{out}");
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert!(err.contains("3 publications recovered"), "{err}");
    assert!(err.contains(&format!("position 4:{epoch}")), "{err}");

    // --recover alone says there is nothing to recover from, then streams from now.
    let mut r = Running::start(&s, &["chat:r", "--recover", "--duration", "300ms"]);
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 3, "stderr: {err}");
    assert!(err.contains("no stored position"), "{err}");
    assert!(of_type(&ndjson(&out), "publication").is_empty(), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejections_and_usage_errors() {
    let s = Server::start(super::util::test_config()).await;
    // A forbidden channel: exit 5 with 103 and a hint.
    let mut r = Running::start(&s, &["private:x", "-o", "table"]);
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "stderr: {err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("cannot subscribe to private:x: code 103"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert!(
        !err.contains("received"),
        "no summary without a stream: {err}"
    );

    // JSON errors on stderr when piped; one bad channel among good ones does not stop the rest.
    let mut r = Running::start(
        &s,
        &[
            "private:y",
            "chat:ok",
            "--duration",
            "300ms",
            "-o",
            "ndjson",
        ],
    );
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 3, "stderr: {err}");
    let first: Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
    assert_eq!(first["error"]["code"], 103, "{err}");

    // A connection token that is already expired: 109 on connect, exit 5.
    let expired = super::util::token_with(&json!({"sub": "u", "exp": 1}), SECRET);
    let mut r = Running::start(&s, &["chat:x", "--token", &expired, "-o", "table"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "stderr: {err}");
    assert!(err.contains("code 109"), "{err}");

    // Minting without a secret is a usage error with a hint.
    let out = Command::new(bin())
        .args(["-s", &format!("http://{}", s.addr), "sub", "chat:x"])
        .env(
            "XDG_CONFIG_HOME",
            crate::it::util::test_root().join("centri-sub-nosecret"),
        )
        .env_remove("CENTRI_HMAC_SECRET")
        .env_remove("CENTRI_CONTEXT")
        .env_remove("CENTRI_OUTPUT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--hmac-secret"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duration_without_a_publication_exits_3() {
    let s = Server::start(super::util::test_config()).await;
    let started = Instant::now();
    let mut r = Running::start(&s, &["chat:quiet", "--duration", "1s", "-o", "ndjson"]);
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 3, "stderr: {err}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    let lines = ndjson(&out);
    let last = lines.last().unwrap();
    assert_eq!(
        (last["type"].as_str(), last["publications"].as_u64()),
        (Some("summary"), Some(0))
    );
    assert!(err.contains("--duration 1s elapsed"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_disconnect_exits_5_with_the_code() {
    let s = Server::start(super::util::test_config()).await;
    let mut r = Running::start(&s, &["chat:d", "--user", "bye-user", "-o", "table"]);
    wait_subscribed(&s, "chat:d", &mut r).await;
    // Outlive a ping interval (2s) plus the pong timeout (1s): a missing pong would end the
    // stream with 3012 instead of the disconnect below.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    assert!(r.child.try_wait().unwrap().is_none(), "{}", r.stderr());
    let (status, v) = s
        .api(
            "disconnect",
            json!({"user": "bye-user", "disconnect": {"code": 4500, "reason": "bye"}}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "stderr: {err}");
    assert!(
        err.contains("the server closed the connection: 4500 bye"),
        "{err}"
    );
    assert!(err.contains("received 0 publications"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_cleanly_with_a_summary() {
    let s = Server::start(super::util::test_config()).await;
    let mut r = Running::start(&s, &["chat:int", "-o", "ndjson"]);
    wait_subscribed(&s, "chat:int", &mut r).await;
    publish(&s, "chat:int", json!({"n": 1})).await;
    // Wait (bounded) until the publication is printed, then interrupt.
    let start = Instant::now();
    while !r.out.lock().unwrap().contains("publication") {
        assert!(start.elapsed() < Duration::from_secs(10), "{}", r.stderr());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let st = Command::new("kill")
        .args(["-INT", &r.child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(
        code, 130,
        "Ctrl-C exits 130 after the summary; stderr: {err}"
    );
    let lines = ndjson(&out);
    assert_eq!(of_type(&lines, "publication").len(), 1, "{out}");
    assert_eq!(lines.last().unwrap()["publications"], 1, "{out}");
    assert!(err.contains("received 1 publication in"), "{err}");
}

/// Masks what changes between runs: times, client ids, epochs, durations.
fn mask(s: &str, epoch: &str) -> String {
    let s = s.replace(epoch, "EPOCH");
    let s = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
        .unwrap()
        .replace_all(&s, "TIME")
        .into_owned();
    let s = regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        .unwrap()
        .replace_all(&s, "CLIENT")
        .into_owned();
    regex::Regex::new(r"in \d+\.\ds")
        .unwrap()
        .replace_all(&s, "in N.Ns")
        .into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_lines_for_people() {
    let s = Server::start(super::util::test_config()).await;
    let mut r = Running::start(
        &s,
        &[
            "chat:t",
            "--count",
            "2",
            "--user",
            "7",
            "--timestamps",
            "-o",
            "table",
        ],
    );
    wait_subscribed(&s, "chat:t", &mut r).await;
    let (status, v) = s
        .api(
            "publish",
            json!({"channel": "chat:t", "data": {"text": "hi"}, "tags": {"k": "v"}}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    publish(&s, "chat:t", json!("second")).await;
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "stderr: {err}");
    let (_, h) = s.api("history", json!({"channel": "chat:t"})).await;
    let epoch = h["result"]["epoch"].as_str().unwrap();
    insta::assert_snapshot!(
        "table_line",
        format!(
            "--- stdout\n{}--- stderr\n{}",
            mask(&out, epoch),
            mask(&err, epoch)
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_filters_publications_server_side() {
    let mut cfg = super::util::test_config();
    super::util::with_namespace(&mut cfg, "ticks", &json!({"allow_tags_filter": true}));
    let s = Server::start(cfg).await;
    let mut r = Running::start(
        &s,
        &[
            "ticks:x",
            "--tag",
            "ticker=BTC",
            "--tag",
            "venue!=test",
            "--count",
            "2",
            "-o",
            "ndjson",
        ],
    );
    wait_subscribed(&s, "ticks:x", &mut r).await;
    for (n, tags) in [
        (1, json!({"ticker": "ETH"})),
        (2, json!({"ticker": "BTC", "venue": "x"})),
        (3, json!({"ticker": "BTC", "venue": "test"})),
        (4, json!({"ticker": "BTC"})),
    ] {
        let (st, v) = s
            .api(
                "publish",
                json!({"channel": "ticks:x", "data": {"n": n}, "tags": tags}),
            )
            .await;
        assert_eq!(st, 200, "{v}");
    }
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "stderr: {err}");
    let lines = ndjson(&out);
    let got: Vec<Value> = of_type(&lines, "publication")
        .iter()
        .map(|p| p["data"]["n"].clone())
        .collect();
    assert_eq!(got, [json!(2), json!(4)], "{out}");

    // A namespace without allow_tags_filter refuses the filter: 107, exit 5, and a hint.
    let mut r = Running::start(&s, &["chat:x", "--tag", "a=b", "-o", "table"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 5, "stderr: {err}");
    assert!(err.contains("code 107"), "{err}");
    assert!(err.contains("allow_tags_filter"), "{err}");
    // A tag without a key is a usage error.
    let mut r = Running::start(&s, &["chat:x", "--tag", "=b"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 2, "stderr: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delta_decodes_publications_and_reports_the_savings() {
    let mut cfg = super::util::test_config();
    super::util::with_namespace(
        &mut cfg,
        "deltas",
        &json!({"allowed_delta_types": ["fossil"]}),
    );
    let s = Server::start(cfg).await;
    let doc = |n: u64| json!({"n": n, "text": "the same long text in every publication, so deltas pay off", "uni": "日本 🚀"});
    let mut r = Running::start(
        &s,
        &[
            "deltas:x", "chat:x", "--delta", "--count", "5", "-o", "ndjson",
        ],
    );
    wait_subscribed(&s, "deltas:x", &mut r).await;
    wait_subscribed(&s, "chat:x", &mut r).await;
    for n in 1..=3 {
        let (st, v) = s
            .api(
                "publish",
                json!({"channel": "deltas:x", "data": doc(n), "delta": true}),
            )
            .await;
        assert_eq!(st, 200, "{v}");
    }
    // the fourth through `centri pub --delta`
    let server = format!("http://{}", s.addr);
    let data = doc(4).to_string();
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        let home = super::util::fresh_dir("sub-delta-pub");
        let args = ["-s", &server, "--api-key", super::util::API_KEY];
        let pub_ = ["pub", "deltas:x", &data, "--delta"];
        super::util::centri_env(&home, &[&args[..], &pub_[..]].concat(), &[])
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{err}");
    publish(&s, "chat:x", doc(5)).await;
    let (code, out, err) = r.finish(LIMIT).await;
    assert_eq!(code, 0, "stderr: {err}");
    let lines = ndjson(&out);
    let got: Vec<Value> = of_type(&lines, "publication")
        .iter()
        .map(|p| p["data"].clone())
        .collect();
    assert_eq!(got, (1..=5).map(doc).collect::<Vec<_>>(), "{out}");
    let summary = lines.last().unwrap();
    assert_eq!(summary["delta"]["publications"], 4, "{summary}");
    assert_eq!(summary["delta"]["deltas"], 3, "{summary}");
    assert!(
        summary["delta"]["wire_bytes"].as_u64() < summary["delta"]["decoded_bytes"].as_u64(),
        "{summary}"
    );
    assert!(
        err.contains("deltas:x") && err.contains("delta compression on"),
        "{err}"
    );
    assert!(
        err.contains("chat:x") && err.contains("not negotiated"),
        "{err}"
    );
    assert!(err.contains("delta compression: 3 of 4 as deltas"), "{err}");
}

/// `--protobuf` and `--transport http_stream|sse` (issue 18): the same stream in every mode:
/// recovery from `--since`, live publications, pongs that keep the connection past a ping
/// (through `/emulation` on the HTTP transports), and a server disconnect that exits 5 with
/// its code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_protocol_and_transport_streams_the_same() {
    let mut cfg = super::util::test_config();
    cfg["http_stream"] = json!({"enabled": true});
    cfg["sse"] = json!({"enabled": true});
    let s = Server::start(cfg).await;
    for (i, mode) in [
        vec!["--protobuf"],
        vec!["--transport", "http_stream"],
        vec!["--transport", "http_stream", "--protobuf"],
        vec!["--transport", "sse"],
    ]
    .into_iter()
    .enumerate()
    {
        let ch = format!("chat:mode{i}");
        let user = format!("mode-user-{i}");
        publish(&s, &ch, json!({"before": i})).await;
        let (_, h) = s.api("history", json!({"channel": ch})).await;
        let since = format!("0:{}", h["result"]["epoch"].as_str().unwrap());
        let mut args = vec![
            ch.as_str(),
            "--since",
            &since,
            "--user",
            &user,
            "-o",
            "ndjson",
        ];
        args.extend(mode.iter().copied());
        let mut r = Running::start(&s, &args);
        wait_subscribed(&s, &ch, &mut r).await;
        publish(&s, &ch, json!({"live": i})).await;
        // past a ping interval (2s) plus the pong timeout (1s)
        tokio::time::sleep(Duration::from_millis(3200)).await;
        assert!(
            r.child.try_wait().unwrap().is_none(),
            "{mode:?}: {}",
            r.stderr()
        );
        let (status, v) = s
            .api(
                "disconnect",
                json!({"user": user, "disconnect": {"code": 4500, "reason": "bye"}}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        let (code, out, err) = r.finish(LIMIT).await;
        assert_eq!(code, 5, "{mode:?}: {err}");
        assert!(err.contains("4500 bye"), "{mode:?}: {err}");
        let lines = ndjson(&out);
        let pubs = of_type(&lines, "publication");
        assert_eq!(pubs.len(), 2, "{mode:?}: {out}");
        assert_eq!(pubs[0]["data"], json!({"before": i}));
        assert_eq!(pubs[0]["recovered"], true);
        assert_eq!(pubs[1]["data"], json!({"live": i}));
    }
    // SSE carries JSON only
    let mut r = Running::start(&s, &["chat:x", "--transport", "sse", "--protobuf"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SSE carries JSON only"), "{err}");
    // a transport the server does not serve is named, with what to enable
    let plain = Server::start(super::util::test_config()).await;
    let mut r = Running::start(&plain, &["chat:x", "--transport", "http_stream"]);
    let (code, _, err) = r.finish(LIMIT).await;
    assert_ne!(code, 0);
    assert!(
        err.contains("http_stream") && err.contains("enabled"),
        "{err}"
    );
}

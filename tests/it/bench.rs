//! `centri bench` through the real binary against an in-process server, with small numbers:
//! every publication reaches every subscriber exactly once, the JSON report's shape, ratios
//! against the in-process and the standalone floor, JWT against connect-proxy connects
//! (`--proxy-backend`), exit 9 when a subscriber is cut off, and exit codes for bad
//! arguments (2), a server without the connect proxy (1) and an unreachable server (6). The
//! assertions are about behaviour, never about how fast anything was.

use std::time::Duration;

use serde_json::{json, Value};

use super::util::{
    bin, centri_env, free_port, fresh_dir, test_config, Proc, Server, API_KEY, SECRET,
};

/// Runs `centri -s URL --api-key K --hmac-secret S bench ARGS` off the runtime (the server
/// under test lives on it); (exit code, stdout, stderr).
async fn bench(s: &Server, args: &[&str]) -> (i32, String, String) {
    bench_at(&s.addr.to_string(), args).await
}

/// [`bench`] against the server at `addr` (`HOST:PORT`).
async fn bench_at(addr: &str, args: &[&str]) -> (i32, String, String) {
    let url = format!("http://{addr}");
    let mut all: Vec<String> = vec![
        "-s".into(),
        url,
        "--api-key".into(),
        API_KEY.into(),
        "--hmac-secret".into(),
        SECRET.into(),
        "bench".into(),
    ];
    all.extend(args.iter().map(ToString::to_string));
    tokio::task::spawn_blocking(move || {
        let home = fresh_dir("bench");
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        centri_env(&home, &refs, &[])
    })
    .await
    .unwrap()
}

fn json_of(out: &str, err: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fanout_delivers_every_publication_to_every_subscriber_exactly_once() {
    let s = Server::start(test_config()).await;
    let (code, out, err) = bench(
        &s,
        &[
            "fanout",
            "-n",
            "20",
            "-m",
            "2",
            "--rate",
            "200",
            "--count",
            "50",
            "--duration",
            "30s",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["type"], "summary");
    assert_eq!(r["mode"], "fanout");
    assert_eq!(r["complete"], true);
    assert_eq!(r["interrupted"], false);
    assert_eq!(r["params"]["clients"], 20);
    assert_eq!(r["params"]["channels"], 2);
    assert_eq!(r["params"]["count"], 50);
    assert!(r["baseline"].is_null() && r["ratios"].is_null());
    let t = &r["target"];
    assert_eq!(t["connect"]["clients"], 20);
    assert_eq!(t["publish"]["rounds"], 50);
    assert_eq!(
        t["publish"]["publications"], 100,
        "50 rounds into 2 channels"
    );
    assert_eq!(t["publish"]["errors"], 0);
    let d = &t["delivery"];
    assert_eq!(d["expected"], 1000, "50 publications × 20 subscribers");
    assert_eq!(d["received"], 1000);
    assert_eq!(d["missing"], 0);
    assert_eq!(d["duplicates"], 0);
    assert_eq!(d["unexpected"], 0);
    assert!(d["per_second"].as_f64().unwrap() > 0.0);
    assert_eq!(t["latency_ms"]["count"], 1000);
    for p in ["p50", "p90", "p99", "p999", "max"] {
        assert!(t["latency_ms"][p].is_number(), "{p}: {t}");
    }
    assert!(t["server"].is_null(), "no --server-pid");
    assert_eq!(t["disconnects"], 0);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baseline_in_the_same_run_gives_ratios() {
    let s = Server::start(test_config()).await;
    let pid = std::process::id().to_string();
    let (code, out, err) = bench(
        &s,
        &[
            "fanout",
            "-n",
            "20",
            "-m",
            "2",
            "--rate",
            "200",
            "--count",
            "50",
            "--duration",
            "30s",
            "--baseline",
            "--server-pid",
            &pid,
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["baseline_kind"], "in-process");
    let b = &r["baseline"];
    assert_eq!(b["delivery"]["expected"], 1000);
    assert_eq!(b["delivery"]["missing"], 0);
    assert_eq!(b["delivery"]["duplicates"], 0);
    assert!(
        b["server"]["cpu_s"].is_number(),
        "the floor thread's CPU: {b}"
    );
    assert!(
        b["server"]["rss_per_connection_bytes"].is_null(),
        "not separable in-process"
    );
    assert!(r["target"]["server"]["cpu_s"].is_number());
    let ratios = r["ratios"].as_object().unwrap();
    for key in [
        "delivery.per_second",
        "latency_ms.p50",
        "latency_ms.p99",
        "connect.per_second",
    ] {
        assert!(
            ratios[key].as_f64().is_some_and(|x| x > 0.0),
            "{key}: {}",
            r["ratios"]
        );
    }
    // RSS per connection exists for neither side in a fan-out: no ratio at all.
    assert!(!ratios.contains_key("server.rss_per_connection_bytes"));
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("in-process baseline")));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_shows_target_baseline_and_ratio() {
    let s = Server::start(test_config()).await;
    let (code, out, err) = bench(
        &s,
        &[
            "fanout",
            "-n",
            "4",
            "--rate",
            "100",
            "--count",
            "10",
            "--baseline",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    assert!(
        out.starts_with("bench fanout: 4 clients on 1 channel"),
        "{out}"
    );
    for word in [
        "TARGET",
        "BASELINE",
        "RATIO",
        "deliveries/s",
        "latency p99 (ms)",
        "missing",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
    assert!(out.contains('×'), "{out}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pub_connect_and_idle_reports() {
    let s = Server::start(test_config()).await;
    let pid = std::process::id().to_string();
    let (code, out, err) = bench(
        &s,
        &[
            "pub",
            "--rate",
            "200",
            "--count",
            "20",
            "--server-pid",
            &pid,
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    let r = json_of(&out, &err);
    assert_eq!(r["mode"], "pub");
    assert_eq!(r["target"]["publish"]["publications"], 20);
    assert_eq!(r["target"]["publish"]["latency_ms"]["count"], 20);
    assert!(r["target"].get("delivery").is_none());
    assert!(r["target"]["server"]["cpu_s"].is_number());

    let (code, out, err) = bench(
        &s,
        &[
            "connect",
            "-n",
            "10",
            "-m",
            "2",
            "--server-pid",
            &pid,
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    let r = json_of(&out, &err);
    assert_eq!(r["mode"], "connect");
    assert_eq!(r["target"]["connect"]["clients"], 10);
    assert!(r["target"]["connect"]["per_second"].as_f64().unwrap() > 0.0);
    assert!(r["target"]["server"]["rss_per_connection_bytes"].is_number());

    let (code, out, err) = bench(
        &s,
        &[
            "idle",
            "-n",
            "5",
            "--duration",
            "1s",
            "--server-pid",
            &pid,
            "--baseline",
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    assert_eq!(out.lines().count(), 1, "one summary line: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["mode"], "idle");
    assert_eq!(r["params"]["duration_s"], 1.0);
    assert!(r["target"]["server"]["cpu_us_per_connection_s"].is_number());
    assert_eq!(r["baseline"]["connect"]["clients"], 5);
    assert_eq!(r["complete"], true);
    s.stop().await;
}

/// Polls the server until `n` clients are connected (bounded).
async fn wait_clients(s: &Server, n: u64) {
    for _ in 0..400 {
        let (_, r) = s.api("info", json!({})).await;
        let total: u64 = r["result"]["nodes"].as_array().map_or(0, |a| {
            a.iter().filter_map(|n| n["num_clients"].as_u64()).sum()
        });
        if total >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{n} clients never connected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_cut_off_midway_makes_the_run_partial() {
    let s = Server::start(test_config()).await;
    let run = bench(
        &s,
        &[
            "fanout",
            "-n",
            "6",
            "--rate",
            "10",
            "--count",
            "40",
            "--duration",
            "30s",
            "--drain",
            "1s",
            "-o",
            "json",
        ],
    );
    let cut = async {
        wait_clients(&s, 6).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (status, r) = s.api("disconnect", json!({"user": "bench-0"})).await;
        assert_eq!(status, 200, "{r}");
    };
    let ((code, out, err), ()) = tokio::join!(run, cut);
    assert_eq!(code, 9, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["complete"], false);
    let t = &r["target"];
    assert_eq!(t["disconnects"], 1);
    assert!(t["first_disconnect"].is_string());
    let missing = t["delivery"]["missing"].as_u64().unwrap();
    assert!(missing > 0, "{t}");
    assert_eq!(t["delivery"]["duplicates"], 0);
    assert!(err.contains("\"partial\""), "{err}");
    assert!(
        err.contains(&format!("{missing} of 240 deliveries missing")),
        "{err}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_floor_is_driven_like_the_target() {
    use std::io::{BufRead, BufReader};
    let s = Server::start(test_config()).await;
    let home = fresh_dir("bench-floor");
    let mut floor = std::process::Command::new(bin())
        .args([
            "--hmac-secret",
            SECRET,
            "bench",
            "floor",
            "--duration",
            "60s",
        ])
        .env("XDG_CONFIG_HOME", &home)
        .env_remove("CENTRI_HMAC_SECRET")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = floor.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut l = String::new();
        BufReader::new(out).read_line(&mut l).unwrap();
        l
    });
    let line = tokio::time::timeout(Duration::from_secs(20), line)
        .await
        .unwrap()
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let fpid = floor.id().to_string();
    let (code, out, err) = bench(
        &s,
        &[
            "fanout",
            "-n",
            "10",
            "--rate",
            "100",
            "--count",
            "20",
            "--baseline-url",
            &url,
            "--baseline-pid",
            &fpid,
            "-o",
            "json",
        ],
    )
    .await;
    let _ = floor.kill();
    let _ = floor.wait();
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["baseline_kind"], "external");
    assert_eq!(r["baseline"]["url"], url.as_str());
    assert_eq!(r["baseline"]["pid"], floor.id());
    assert_eq!(r["baseline"]["delivery"]["received"], 200);
    assert_eq!(r["baseline"]["delivery"]["missing"], 0);
    assert!(r["baseline"]["server"]["rss_before_kib"].is_number());
    assert!(r["ratios"]["delivery.per_second"].is_number());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_exit_2_and_an_unreachable_server_6() {
    let s = Server::start(test_config()).await;
    for args in [
        &["fanout", "--rate", "5", "--burst"][..],
        &["fanout", "--clients", "0"],
        &["fanout", "--rate", "fast"],
        &["fanout", "-n", "2", "-m", "3"],
        &["idle", "--baseline-pid", "1"],
        &["connect", "--server-pid", "4294967294"],
        &["fanout", "--size", "99999999"],
        &["idle", "--max-rss-per-conn", "50K"],
        &["idle", "--server-pid", "1", "--max-rss-per-conn", "50X"],
        &["idle", "--server-pid", "1", "--max-rss-per-conn", "0"],
    ] {
        let (code, _, err) = bench(&s, args).await;
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // No secret to mint tokens with: a usage error that says how to give one.
    let home = fresh_dir("bench-nosecret");
    let url = format!("http://{}", s.addr);
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        centri_env(&home, &["-s", &url, "bench", "connect", "-n", "1"], &[])
    })
    .await
    .unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--token-secret"), "{err}");
    s.stop().await;

    let home = fresh_dir("bench-unreachable");
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        centri_env(
            &home,
            &[
                "-s",
                "http://127.0.0.1:1",
                "--hmac-secret",
                "x",
                "bench",
                "connect",
                "-n",
                "3",
                "-o",
                "json",
            ],
            &[],
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("\"unreachable\""), "{err}");
    let home = fresh_dir("bench-unreachable-pub");
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        centri_env(
            &home,
            &["-s", "http://127.0.0.1:1", "bench", "pub", "--count", "1"],
            &[],
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 6, "{err}");
}

/// A real `centri serve` process with the test config.
async fn serve_binary(tag: &str) -> Proc {
    let cfg = fresh_dir(tag).join("config.json");
    std::fs::write(&cfg, test_config().to_string()).unwrap();
    let path = cfg.to_str().unwrap().to_string();
    tokio::task::spawn_blocking(move || Proc::serve(&["--config", &path], &[]))
        .await
        .unwrap()
}

/// `--max-rss-per-conn` is a CI gate on a real `centri serve` process: exit 8 above the
/// limit, 0 under it, with the figure in the report either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_rss_per_conn_gates_on_the_servers_memory() {
    let server = serve_binary("bench-gate").await;
    let pid = server.child.id().to_string();
    let run = |limit| {
        let pid = pid.clone();
        let addr = server.addr.clone();
        async move {
            bench_at(
                &addr,
                &[
                    "idle",
                    "-n",
                    "200",
                    "--duration",
                    "1s",
                    "--server-pid",
                    &pid,
                    "--max-rss-per-conn",
                    limit,
                    "-o",
                    "json",
                ],
            )
            .await
        }
    };
    // 200 connections grow the server by far more than one byte each
    let (code, out, err) = run("1").await;
    assert_eq!(code, 8, "stderr: {err}");
    assert!(err.contains("--max-rss-per-conn"), "{err}");
    let r = json_of(&out, &err);
    assert!(
        r["target"]["server"]["rss_per_connection_bytes"]
            .as_f64()
            .unwrap()
            > 1.0
    );
    // and by far less than a MiB each
    let (code, out, err) = run("1M").await;
    assert_eq!(code, 0, "stderr: {err}");
    assert_eq!(json_of(&out, &err)["complete"], true);
    drop(server);
}

/// A channel with more subscribers than `SPREAD_MIN` (2048) takes the path that queues half
/// of the fan-out for other workers and writes the other half directly: every publication
/// still reaches every subscriber exactly once, through the real binary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_channel_fans_out_over_workers_exactly_once() {
    let server = serve_binary("bench-spread").await;
    let (code, out, err) = bench_at(
        &server.addr,
        &[
            "fanout",
            "-n",
            "2100",
            "--rate",
            "20",
            "--count",
            "5",
            "--duration",
            "10s",
            // a debug server on a machine busy with the other tests: patience
            "--timeout",
            "60s",
            "--connect-concurrency",
            "64",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    let r = json_of(&out, &err);
    let d = &r["target"]["delivery"];
    assert_eq!(d["expected"], 2100 * 5, "{d}");
    assert_eq!(d["received"], 2100 * 5, "{d}");
    assert_eq!(d["missing"], 0, "{d}");
    assert_eq!(d["duplicates"], 0, "{d}");
    assert_eq!(
        d["reordered"], 0,
        "publications of one channel arrive in order: {d}"
    );
    drop(server);
}

/// Every delivery of a side's report arrived exactly once.
fn assert_exactly_once(side: &Value, expected: u64, what: &str) {
    let d = &side["delivery"];
    assert_eq!(d["expected"], expected, "{what}: {side}");
    assert_eq!(d["received"], expected, "{what}: {side}");
    assert_eq!(d["missing"], 0, "{what}: {side}");
    assert_eq!(d["duplicates"], 0, "{what}: {side}");
    assert_eq!(d["unexpected"], 0, "{what}: {side}");
    assert_eq!(side["disconnects"], 0, "{what}: {side}");
}

/// `--protobuf` and `--transports` (issue 18): the same workload in Protobuf over WebSocket,
/// and over WebSocket, HTTP streaming and SSE in one run, each publication delivered exactly
/// once. The test config pings every 2 s with a 1 s pong timeout and the runs publish for
/// about 3 s, so every protocol and transport must answer its pings to stay connected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protobuf_and_every_transport_deliver_exactly_once() {
    let mut cfg = test_config();
    cfg["http_stream"] = json!({"enabled": true});
    cfg["sse"] = json!({"enabled": true});
    let s = Server::start(cfg).await;
    let workload = [
        "-n",
        "10",
        "-m",
        "2",
        "--rate",
        "20",
        "--count",
        "60",
        "--duration",
        "30s",
    ];

    let mut args = vec!["fanout", "--protobuf", "--baseline", "-o", "json"];
    args.extend(workload);
    let (code, out, err) = bench(&s, &args).await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["complete"], true);
    assert_eq!(r["params"]["protocol"], "protobuf");
    assert_eq!(r["target"]["protocol"], "protobuf");
    assert_eq!(r["target"]["transport"], "websocket");
    assert_exactly_once(&r["target"], 600, "protobuf");
    // The floor stays JSON, and the ratios are still target ÷ floor.
    assert_eq!(r["baseline"]["protocol"], "json");
    assert_exactly_once(&r["baseline"], 600, "floor");
    assert!(r["ratios"]["delivery.per_second"]
        .as_f64()
        .is_some_and(|x| x > 0.0));
    assert!(r["transports"].is_null(), "one transport: {r}");

    let mut args = vec![
        "fanout",
        "--transports",
        "websocket,http_stream,sse",
        "-o",
        "json",
    ];
    args.extend(workload);
    let (code, out, err) = bench(&s, &args).await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["complete"], true);
    assert_eq!(
        r["params"]["transports"],
        json!(["websocket", "http_stream", "sse"])
    );
    let runs = r["transports"].as_array().unwrap();
    let names: Vec<&str> = runs
        .iter()
        .map(|t| t["transport"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["websocket", "http_stream", "sse"]);
    for t in runs {
        let name = t["transport"].as_str().unwrap();
        assert_eq!(t["report"]["transport"], name);
        assert_eq!(t["report"]["protocol"], "json");
        assert_exactly_once(&t["report"], 600, name);
        assert!(
            t["ratios"]["delivery.per_second"]
                .as_f64()
                .is_some_and(|x| x > 0.0),
            "{name}: {t}"
        );
    }
    assert_eq!(r["target"]["transport"], "websocket", "target is the first");

    // The table names every transport and its ratio column; the header the protocol.
    let mut args = vec!["fanout", "--transports", "sse,http_stream", "-o", "table"];
    args.extend(["-n", "3", "--rate", "50", "--count", "5"]);
    let (code, out, err) = bench(&s, &args).await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with("json over sse, http_stream (ratios to sse)"),
        "{out}"
    );
    for word in ["SSE", "HTTP_STREAM", "÷ SSE", "deliveries received"] {
        assert!(out.contains(word), "{word}: {out}");
    }
    s.stop().await;
}

/// A transport the server does not serve fails with a hint naming its config key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_the_server_does_not_enable_is_named() {
    let s = Server::start(test_config()).await;
    let (code, _out, err) = bench(
        &s,
        &[
            "fanout",
            "-n",
            "2",
            "--count",
            "2",
            "--transport",
            "sse",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("/connection/sse answered HTTP 404"), "{err}");
    assert!(err.contains("\"sse\": {\"enabled\": true}"), "{err}");
    let (code, _out, err) =
        bench(&s, &["fanout", "--protobuf", "--transport", "http_stream"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--protobuf"), "{err}");
    s.stop().await;
}

/// A loopback port nobody listens on (bound, then released for the bench to bind).
/// [`test_config`] with the connect proxy calling `http://127.0.0.1:PORT/connect`.
fn proxied_config(port: u16) -> Value {
    let mut cfg = test_config();
    cfg["client"]["proxy"] = json!({"connect": {
        "enabled": true,
        "endpoint": format!("http://127.0.0.1:{port}/connect"),
        "timeout": "5s"
    }});
    cfg
}

/// `connect --proxy-backend`: the same clients connect with a JWT each, then without a token
/// through the server's connect proxy to the bench's own backend, in one run. Both runs
/// connect everyone, the backend sees exactly one call per proxied connect, and the report
/// carries the proxied ÷ JWT ratio, the added p99 and the backend's handling time, in JSON
/// and in the table.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_through_the_connect_proxy_next_to_jwt_connects() {
    let port = free_port();
    let s = Server::start(proxied_config(port)).await;
    let addr = format!("127.0.0.1:{port}");
    let pid = std::process::id().to_string();
    let (code, out, err) = bench(
        &s,
        &[
            "connect",
            "-n",
            "40",
            "-m",
            "2",
            "--proxy-backend",
            &addr,
            "--server-pid",
            &pid,
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r = json_of(&out, &err);
    assert_eq!(r["mode"], "connect");
    assert_eq!(r["complete"], true);
    assert_eq!(r["params"]["proxy_backend"], addr);
    let (jwt, p) = (&r["target"], &r["proxy"]);
    let proxied = &p["proxied"];
    for (name, side) in [("jwt", jwt), ("proxied", proxied)] {
        assert_eq!(side["connect"]["clients"], 40, "{name}: {side}");
        assert_eq!(side["connect"]["latency_ms"]["count"], 40, "{name}");
        assert_eq!(side["disconnects"], 0, "{name}");
        assert!(
            side["server"]["cpu_us_per_connect"].is_number(),
            "{name}: {side}"
        );
    }
    assert_eq!(p["endpoint"], format!("http://{addr}/connect"));
    let b = &p["backend"];
    assert_eq!(b["calls"], 40, "one backend call per proxied connect: {b}");
    assert_eq!(b["refused"], 0, "{b}");
    assert_eq!(b["handling_ms"]["count"], 40, "{b}");
    assert!(b["handling_ms"]["p99"].is_number(), "{b}");
    assert!(b["connections"].as_u64().unwrap() >= 1, "{b}");
    let ratio = p["connects_per_second_ratio"].as_f64().unwrap();
    assert!(ratio > 0.0, "{p}");
    assert_eq!(
        p["ratios"]["connect.per_second"],
        p["connects_per_second_ratio"]
    );
    assert!(p["added_connect_p99_ms"].is_number(), "{p}");
    assert_eq!(p["goal_ratio"], 0.5);

    // The table has both runs, their ratio and the backend's line.
    let (code, out, err) = bench(
        &s,
        &[
            "connect",
            "-n",
            "10",
            "--proxy-backend",
            &addr,
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    for want in [
        "PROXIED ÷ JWT",
        "connects/s",
        "proxied ÷ jwt connects/s:",
        "added connect p99:",
        "10 calls for 10 proxied connects, 0 refused",
    ] {
        assert!(out.contains(want), "{want:?} in\n{out}");
    }
    s.stop().await;
}

/// A server whose connect proxy does not call the bench's backend fails the run with exit 1
/// and the config key to set, before any load: no connect proxy (3501), a proxy calling an
/// address where nothing listens, or anonymous connects let in without asking anyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_the_connect_proxy_names_the_config_key() {
    let elsewhere = free_port();
    let mut anonymous = test_config();
    anonymous["client"]["allow_anonymous_connect_without_token"] = json!(true);
    for (cfg, says) in [
        (test_config(), "no connect proxy"),
        (
            proxied_config(elsewhere),
            "did not reach the bench's backend",
        ),
        (anonymous, "without calling the bench's backend"),
    ] {
        let s = Server::start(cfg).await;
        let addr = format!("127.0.0.1:{}", free_port());
        let (code, out, err) = bench(
            &s,
            &["connect", "-n", "5", "--proxy-backend", &addr, "-o", "json"],
        )
        .await;
        assert_eq!(code, 1, "{says}: stderr: {err}\nstdout: {out}");
        assert!(out.is_empty(), "no report: {out}");
        assert!(err.contains(says), "{says}: {err}");
        assert!(
            err.contains(&format!(
                "client.proxy.connect.endpoint to \\\"http://{addr}/connect\\\""
            )),
            "{err}"
        );
        s.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_with_access_controls_on_next_to_off() {
    let s = Server::start(test_config()).await;
    let (code, out, err) = bench(
        &s,
        &[
            "connect",
            "-n",
            "20",
            "--access-controls",
            "700",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    let r = json_of(&out, &err);
    assert_eq!(r["params"]["access_controls"], 700);
    assert_eq!(r["target"]["connect"]["clients"], 20);
    let a = &r["access"];
    assert_eq!(a["entries_per_kind"], 700);
    assert_eq!(a["on"]["connect"]["clients"], 20, "{a}");
    assert!(
        a["connects_per_second_ratio"].as_f64().unwrap() > 0.0,
        "{a}"
    );
    // the revocations and invalidations stay until they expire; the blocks were lifted
    let (_, l) = s.api("access_list", json!({})).await;
    let entries = l["result"]["entries"].as_array().unwrap();
    let count = |kind: &str| entries.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!(
        (count("block"), count("revoke"), count("invalidate")),
        (0, 700, 700)
    );
    // the table names both runs and the goal
    let (code, out, err) = bench(
        &s,
        &[
            "connect",
            "-n",
            "5",
            "--access-controls",
            "3",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}");
    assert!(
        out.contains("ACCESS ON") && out.contains("goal ≥ 0.95×"),
        "{out}"
    );
    s.stop().await;
}

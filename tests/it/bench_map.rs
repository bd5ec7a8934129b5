//! `centri bench map` through the real binary against an in-process server with a map and a
//! stream namespace, at small scale: every subscriber gets every key of the map (through
//! several state pages) and every publication of the stream exactly once, the report gives
//! map ÷ stream, the map channel is cleared after; and the exit codes when the map namespace
//! is missing or is not a map. The assertions are about behaviour, never about how fast
//! anything was.

use serde_json::{json, Value};

use super::util::{centri_env, fresh_dir, test_config, with_namespace, Server, API_KEY, SECRET};

/// A server with namespace `mp` (a persistent map, pages of at most 50) and `st` (a stream).
async fn server() -> Server {
    let mut cfg = test_config();
    with_namespace(
        &mut cfg,
        "mp",
        &json!({"subscription_type": "map", "map": {"mode": "persistent",
            "min_page_size": 10, "default_page_size": 20, "max_page_size": 50}}),
    );
    with_namespace(&mut cfg, "st", &json!({}));
    Server::start(cfg).await
}

/// Runs `centri -s URL --api-key K --hmac-secret S bench map ARGS -o json` off the runtime
/// (the server under test lives on it); (exit code, stdout, stderr).
async fn bench_map(s: &Server, args: &[&str]) -> (i32, String, String) {
    let mut all: Vec<String> = [
        "-s",
        &format!("http://{}", s.addr),
        "--api-key",
        API_KEY,
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
        "bench",
        "map",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    all.extend(args.iter().map(ToString::to_string));
    tokio::task::spawn_blocking(move || {
        let home = fresh_dir("bench-map");
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        centri_env(&home, &refs, &[])
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_map_delivers_every_key_and_every_publication_once_and_compares_them() {
    let s = server().await;
    let (code, out, err) = bench_map(
        &s,
        &[
            "-k",
            "200",
            "-n",
            "20",
            "--map-namespace",
            "mp",
            "--stream-namespace",
            "st",
            "--deadline",
            "60s",
        ],
    )
    .await;
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    let r: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    assert_eq!(
        (r["type"].as_str(), r["mode"].as_str()),
        (Some("summary"), Some("map"))
    );
    assert_eq!(r["complete"], true);
    assert_eq!(r["interrupted"], false);
    assert_eq!(r["params"]["keys"], 200);
    assert_eq!(r["params"]["clients"], 20);
    assert_eq!(r["fill"]["keys"], 200);

    let map = &r["map"];
    let channel = map["channel"].as_str().unwrap();
    assert!(channel.starts_with("mp:"), "{channel}");
    let d = &map["delivery"];
    assert_eq!(d["expected"], 4000, "200 keys × 20 subscribers");
    assert_eq!(d["received"], 4000);
    for k in ["missing", "duplicates", "unexpected"] {
        assert_eq!(d[k], 0, "{k}: {d}");
    }
    assert_eq!(map["live"], 20);
    assert_eq!(map["complete_clients"], 20);
    assert_eq!(map["disconnects"], 0);
    // The largest page the namespace allows, then live on the last page: 4 replies each.
    assert_eq!(map["pages"]["largest_page"], 50);
    assert_eq!(map["pages"]["replies"], 80);
    assert_eq!(map["pages"]["stream_pages"], 0);
    assert_eq!(d["payload_bytes"], 4000 * 100, "values of 100 bytes");

    let stream = &r["stream"];
    assert!(stream["channel"].as_str().unwrap().starts_with("st:"));
    let d = &stream["delivery"];
    assert_eq!(d["expected"], 4000, "200 publications × 20 subscribers");
    assert_eq!(d["received"], 4000);
    for k in ["missing", "duplicates", "unexpected"] {
        assert_eq!(d[k], 0, "{k}: {d}");
    }
    assert_eq!(stream["complete_clients"], 20);
    assert_eq!(stream["publish"]["publications"], 200);
    assert_eq!(stream["publish"]["errors"], 0);
    assert_eq!(d["payload_bytes"], 4000 * 100);

    for side in [map, stream] {
        let d = &side["delivery"];
        for k in ["seconds", "per_second", "bytes_per_second"] {
            assert!(d[k].as_f64().unwrap() > 0.0, "{k}: {d}");
        }
        assert!(d["bytes"].as_u64().unwrap() > 0);
    }
    for k in [
        "delivery.bytes_per_second",
        "delivery.seconds",
        "delivery.per_second",
        "delivery.payload_bytes_per_second",
    ] {
        let x = r["ratios"][k].as_f64();
        assert!(x.is_some_and(|x| x > 0.0), "{k}: {}", r["ratios"]);
    }

    // The bench's map is cleared after the run.
    let (_, stats) = s.api("map_stats", json!({"channel": channel})).await;
    assert_eq!(
        stats["result"]["num_keys"].as_u64().unwrap_or(0),
        0,
        "{stats}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_map_needs_a_map_namespace() {
    let s = server().await;
    // No such namespace: the server refuses (5), naming it.
    let (code, _, err) = bench_map(&s, &["-k", "10", "-n", "2", "--map-namespace", "nope"]).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("nope"), "{err}");
    // A namespace that is not a map's: refused, and the hint says what the config needs.
    let (code, _, err) = bench_map(&s, &["-k", "10", "-n", "2", "--map-namespace", "st"]).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("subscription_type"), "{err}");
    // Flags out of range are usage errors.
    let (code, _, err) = bench_map(&s, &["--size", "10"]).await;
    assert_eq!(code, 2, "{err}");
    s.stop().await;
}

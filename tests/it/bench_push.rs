//! `centri bench push` through the real binary, with small numbers: every device gets exactly
//! one push from the server and one from the floor, on both sinks and at both sizes; the JSON
//! report's shape; the table; and exit 2 for bad arguments. The assertions are about
//! behaviour, never about how fast anything was.

use serde_json::Value;

use super::util::{centri_env, fresh_dir};

fn bench_push(args: &[&str]) -> (i32, String, String) {
    let home = fresh_dir("bench-push");
    let mut all = vec!["bench", "push"];
    all.extend_from_slice(args);
    centri_env(&home, &all, &[])
}

#[test]
fn every_device_gets_one_push_from_the_server_and_one_from_the_floor() {
    let (code, out, err) = bench_push(&[
        "--devices",
        "300",
        "--compare-devices",
        "120",
        "--rounds",
        "2",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["kind"], "summary");
    assert_eq!(r["mode"], "push");
    assert_eq!(r["complete"], true);
    let runs = r["runs"].as_array().unwrap();
    assert_eq!(
        runs.iter()
            .map(|x| x["devices"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [120, 300]
    );
    for run in runs {
        let n = run["devices"].as_u64().unwrap();
        let providers: Vec<&str> = run["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["provider"].as_str().unwrap())
            .collect();
        assert_eq!(providers, ["fcm", "apns"]);
        for p in run["providers"].as_array().unwrap() {
            for side in ["server", "floor"] {
                let s = &p[side];
                assert_eq!(s["pushes"], 2 * n, "{side} {p}");
                assert_eq!(s["accepted"], 2 * n, "{side} {p}");
                assert_eq!(s["rounds_pushes_per_s"].as_array().unwrap().len(), 2);
                assert_eq!(s["missing"], 0, "{side} {p}");
                assert_eq!(s["duplicates"], 0, "{side} {p}");
                assert_eq!(s["rejected"], 0, "{side} {p}");
                assert!(s["pushes_per_s"].as_f64().unwrap() > 0.0, "{side} {p}");
            }
            assert!(p["ratio"].as_f64().unwrap() > 0.0, "{p}");
            assert!(p["first_request_ms"].as_f64().unwrap() >= 0.0, "{p}");
            assert!(p["cold_first_request_ms"].as_f64().unwrap() >= 0.0, "{p}");
        }
        assert!(run["rss"]["before_kib"].as_u64().unwrap() > 0);
        assert!(run["rss"]["peak_kib"].as_u64().unwrap() > 0);
        assert!(run["rss"]["send_growth_kib"].is_u64());
    }
    for goal in ["floor_ratio", "rss_flat", "first_request"] {
        assert!(r["goals"][goal].is_boolean(), "{goal}: {}", r["goals"]);
    }
}

#[test]
fn one_provider_one_size_as_a_table() {
    let (code, out, err) = bench_push(&[
        "--devices",
        "40",
        "--compare-devices",
        "0",
        "--providers",
        "apns",
        "--concurrency",
        "4",
        "--rounds",
        "1",
        "-o",
        "table",
    ]);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(out.contains("concurrency 4, best of 1 rounds"), "{out}");
    assert!(
        out.contains("SERVER PUSHES/S") || out.contains("server pushes/s"),
        "{out}"
    );
    assert!(out.contains("apns") && !out.contains("fcm"), "{out}");
    assert!(out.contains("server RSS, 40 devices:"), "{out}");
    assert!(
        out.contains("RSS flat in N not measured (one size)"),
        "{out}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["--providers", "hms"][..],
        &["--devices", "0"],
        &["--concurrency", "0"],
        &["--compare-devices", "-1"],
        &["--rounds", "0"],
        &["--devices", "lots"],
    ] {
        let (code, out, err) = bench_push(args);
        assert_eq!(code, 2, "{args:?}: stdout {out} stderr {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    }
}

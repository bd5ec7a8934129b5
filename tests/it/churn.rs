//! `centri bench churn` through the real binary against real servers (`centri serve`
//! processes, and two nodes on a real `redis-server`): a short soak in which clients connect,
//! read and leave, vanish, stall and send garbage. Asserted: every well-behaved client got
//! every round it was owed, every kind of garbage was answered with a close code or an HTTP
//! status, stalled clients were closed by the server (no pong), the server's descriptors went
//! back to where they were once the clients had left, and a run whose publications cannot
//! reach the clients is reported as missing them with exit 9. Nothing about speed.

use serde_json::Value;

use super::redis::{config_on, single, Redis};
use super::util::{centri_env, fresh_dir, test_config, Server, API_KEY, SECRET};

/// `centri -s URL --api-key K --hmac-secret S -o json bench churn ARGS`, off the runtime.
async fn churn(server: &str, args: &[String]) -> (i32, Value, String) {
    let mut all: Vec<String> = [
        "-s",
        server,
        "--api-key",
        API_KEY,
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
        "bench",
        "churn",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    all.extend(args.iter().cloned());
    let (code, out, err) = tokio::task::spawn_blocking(move || {
        let home = fresh_dir("churn");
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        centri_env(&home, &refs, &[])
    })
    .await
    .unwrap();
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"));
    (code, v, err)
}

/// A short soak with every behaviour; the servers ping every 2 s and wait 1 s for the pong.
fn soak_args(pid: u32, extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "-n",
        "60",
        "-m",
        "3",
        "-d",
        "10s",
        "--lifetime",
        "300ms..1500ms",
        "--sample",
        "1s",
        "--warmup",
        "3s",
        "--stall-for",
        "4s",
        "--rate",
        "20",
        "--vanish",
        "20%",
        "--stall",
        "10%",
        "--garbage",
        "25%",
        "--seed",
        "7",
        "--server-pid",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    a.push(pid.to_string());
    a.extend(extra.iter().map(ToString::to_string));
    a
}

/// What every clean soak shows, whatever the engine.
fn assert_clean(r: &Value, err: &str) {
    let t = &r["totals"];
    let ctx = format!("report: {r:#}\nstderr: {err}");
    assert_eq!(r["mode"], "churn", "{ctx}");
    assert_eq!(r["clean"], true, "{ctx}");
    assert_eq!(t["connect_failed"], 0, "{ctx}");
    // Well-behaved clients: many sessions, many rounds owed, none missing or doubled.
    assert!(t["well"]["sessions"].as_u64().unwrap() >= 20, "{ctx}");
    let expected = t["well"]["expected"].as_u64().unwrap();
    assert!(expected >= 200, "{ctx}");
    assert_eq!(t["well"]["received"].as_u64().unwrap(), expected, "{ctx}");
    assert_eq!(t["well"]["missing"], 0, "{ctx}");
    assert_eq!(t["well"]["duplicates"], 0, "{ctx}");
    assert_eq!(t["well"]["cut_off"], 0, "{ctx}");
    assert!(t["vanish"].as_u64().unwrap() > 0, "{ctx}");
    // Every kind of garbage was sent and answered: a close code or an HTTP status.
    assert!(t["garbage"]["sessions"].as_u64().unwrap() > 0, "{ctx}");
    assert_eq!(t["garbage"]["ignored"], 0, "{ctx}");
    let answers = t["notes"]["garbage_answers"].as_object().unwrap();
    for (kind, a) in answers {
        for answer in a.as_object().unwrap().keys() {
            let ok = if kind == "raw" {
                answer == "http 400" || answer == "eof" || answer == "reset"
            } else {
                answer == "close 3501"
            };
            assert!(ok, "{kind}: {answer}\n{ctx}");
        }
    }
    // Stalled clients that stalled past the server's ping and pong were closed by it.
    let stalled = &t["stall"];
    let judged = stalled["sessions"].as_u64().unwrap() - stalled["interrupted"].as_u64().unwrap();
    assert!(judged > 0, "{ctx}");
    assert_eq!(stalled["still_open"], 0, "{ctx}");
    assert_eq!(
        t["notes"]["stall_closed"]["close 3012"].as_u64(),
        Some(judged),
        "{ctx}"
    );
    // The series: one point a second, each with the server's RSS and descriptors.
    let samples = r["samples"].as_array().unwrap();
    assert!(samples.len() >= 8, "{ctx}");
    assert!(
        samples
            .iter()
            .all(|p| p["rss_kib"].as_u64().unwrap() > 0 && p["fds"].as_u64().unwrap() > 0),
        "{ctx}"
    );
    assert!(
        r["rss_growth"]["pct"].is_number() && r["fds_growth"]["pct"].is_number(),
        "{ctx}"
    );
    // Once every client has left, the server holds no more descriptors than before.
    let (before, after) = (
        r["before"]["fds"].as_u64().unwrap(),
        r["after"]["fds"].as_u64().unwrap(),
    );
    assert!(
        after <= before,
        "descriptors {before} before, {after} after\n{ctx}"
    );
    assert_eq!(r["after"]["open"], 0, "{ctx}");
    assert_eq!(r["publish"]["refused"], 0, "{ctx}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_churn_soak_on_the_memory_engine_loses_nothing_and_leaks_no_descriptors() {
    let s = Server::start_binary(test_config()).await;
    let (code, r, err) = churn(
        &format!("http://{}", s.addr),
        &soak_args(s.pid().unwrap(), &[]),
    )
    .await;
    assert_eq!(code, 0, "report: {r:#}\nstderr: {err}");
    assert_clean(&r, &err);
    // The progress lines went to stderr, one per sample.
    assert!(
        err.lines()
            .filter(|l| l.contains("rss") && l.contains("fds"))
            .count()
            >= 8,
        "{err}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_churn_soak_across_two_redis_nodes_loses_nothing() {
    let redis = Redis::start();
    let engine = single(redis.port);
    let mut configs = Vec::new();
    for name in ["churn-a", "churn-b"] {
        let mut c = config_on(&engine, name);
        c["client"]["ping_interval"] = "2s".into();
        c["client"]["pong_timeout"] = "1s".into();
        c["channel"]["without_namespace"] = serde_json::json!({"allow_subscribe_for_client": true});
        configs.push(c);
    }
    let a = Server::start_binary(configs[0].clone()).await;
    let b = Server::start_binary(configs[1].clone()).await;
    // Clients on node A, publications through node B.
    let via = format!("http://{}", b.addr);
    let (code, r, err) = churn(
        &format!("http://{}", a.addr),
        &soak_args(a.pid().unwrap(), &["--publish-via", &via]),
    )
    .await;
    assert_eq!(code, 0, "report: {r:#}\nstderr: {err}");
    assert_clean(&r, &err);
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publications_that_never_reach_the_clients_are_counted_missing() {
    // Two unrelated memory-engine servers: what is published on B never reaches A's clients.
    let a = Server::start_binary(test_config()).await;
    let b = Server::start_binary(test_config()).await;
    let args: Vec<String> = [
        "-n",
        "10",
        "-m",
        "2",
        "-d",
        "3s",
        "--lifetime",
        "1s",
        "--rate",
        "20",
        "--vanish",
        "0",
        "--stall",
        "0",
        "--garbage",
        "0",
        "--publish-via",
    ]
    .iter()
    .map(ToString::to_string)
    .chain([format!("http://{}", b.addr)])
    .collect();
    let (code, r, err) = churn(&format!("http://{}", a.addr), &args).await;
    assert_eq!(code, 9, "report: {r:#}\nstderr: {err}");
    assert_eq!(r["clean"], false);
    let w = &r["totals"]["well"];
    assert!(w["expected"].as_u64().unwrap() > 0, "{r:#}");
    assert_eq!(w["missing"], w["expected"], "{r:#}");
    assert_eq!(w["received"], 0);
    assert!(err.contains("rounds missing"), "{err}");
    // No --server-pid: the report says the server was not sampled.
    assert!(
        r["before"].is_null() && r["samples"][0]["rss_kib"].is_null(),
        "{r:#}"
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connect_storm_onto_one_redis_channel_gets_every_client_in() {
    // 2,000 clients subscribe to one channel at once. Each subscribe that waits for Redis's
    // confirmation holds a thread in `block_in_place`; the server caps those threads, so
    // the confirmation must not need a worker of the server's runtime (it once did, and the
    // node hung with every worker waiting).
    let redis = Redis::start();
    let mut c = config_on(&single(redis.port), "storm");
    c["channel"]["without_namespace"] = serde_json::json!({"allow_subscribe_for_client": true});
    let s = Server::start_binary(c).await;
    let url = format!("http://{}", s.addr);
    let args = [
        "-s",
        &url,
        "--api-key",
        API_KEY,
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
        "bench",
        "connect",
        "--clients",
        "2000",
        "--channels",
        "1",
        "--connect-concurrency",
        "2000",
    ]
    .map(ToString::to_string);
    let (code, out, err) = tokio::task::spawn_blocking(move || {
        let home = fresh_dir("storm");
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        centri_env(&home, &refs, &[])
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}\nserver: {}", s.log());
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["target"]["connect"]["clients"], 2000, "{r:#}");
    s.stop().await;
}

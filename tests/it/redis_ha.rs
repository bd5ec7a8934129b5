//! The Redis engine on a real Redis Cluster (3 primaries, 3 replicas) and on a real
//! Sentinel setup (a primary, a replica, 3 sentinels), all started here on free loopback
//! ports: the multi-node suite on each, and failovers in the middle of a stream of
//! publications with history on. Each fault test prints how long the outage lasted and
//! what the subscriber saw.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::chanstate::{crashed_node_vacates, events_across_nodes};
use super::personal::single_connection_across_nodes;
use super::redis::{
    act_as_one_server, delta_across_nodes, sdk_receives_across_nodes, trace_across_nodes,
    user_command_across_nodes, versions_across_nodes, Cluster,
};
use super::util::{free_port, Client};

/// Runs `redis-cli -p PORT ARGS`, its output (empty when it failed).
fn cli(port: u16, args: &[&str]) -> String {
    Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn wait_until(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn spawn(bin: &str, args: &[String]) -> Child {
    Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{bin} is required for these tests (.ci/run installs it): {e}"))
}

fn listening(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// A directory for one harness, removed on drop.
fn scratch(kind: &str, port: u16) -> PathBuf {
    let dir =
        crate::it::util::test_root().join(format!("centri-{kind}-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A Redis Cluster of 3 primaries, each with one replica.
pub struct RedisCluster {
    nodes: Vec<(u16, Option<Child>)>,
    dir: PathBuf,
}

impl RedisCluster {
    pub fn start() -> Self {
        let ports: Vec<u16> = (0..6).map(|_| free_port()).collect();
        let dir = scratch("rcluster", ports[0]);
        let nodes: Vec<(u16, Option<Child>)> = ports
            .iter()
            .map(|&p| {
                let args: Vec<String> = [
                    "--port",
                    &p.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    &format!("nodes-{p}.conf"),
                    "--cluster-node-timeout",
                    "1000",
                    // a replica may always take over (its data is fresh on loopback)
                    "--cluster-replica-validity-factor",
                    "0",
                    "--dir",
                    dir.to_str().unwrap(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ]
                .iter()
                .map(|s| (*s).to_string())
                .collect();
                (p, Some(spawn("redis-server", &args)))
            })
            .collect();
        for &(p, _) in &nodes {
            wait_until(10, "a cluster node to listen", || listening(p));
        }
        let mut args: Vec<String> = vec!["--cluster".into(), "create".into()];
        args.extend(ports.iter().map(|p| format!("127.0.0.1:{p}")));
        args.extend(["--cluster-replicas", "1", "--cluster-yes"].map(String::from));
        let out = Command::new("redis-cli").args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "redis-cli --cluster create failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let c = Self { nodes, dir };
        for &(p, _) in &c.nodes {
            wait_until(60, "cluster_state:ok", || {
                cli(p, &["cluster", "info"]).contains("cluster_state:ok")
            });
            wait_until(60, "replicas in sync", || {
                let info = cli(p, &["info", "replication"]);
                info.contains("role:master") || info.contains("master_link_status:up")
            });
        }
        c
    }

    /// `engine.redis` for this cluster, in the `redis+cluster://` form.
    pub fn engine(&self, prefix: &str) -> Value {
        let seeds: Vec<String> = self.nodes[1..3]
            .iter()
            .map(|(p, _)| format!("addr=127.0.0.1:{p}"))
            .collect();
        json!({"address": format!("redis+cluster://127.0.0.1:{}?{}", self.nodes[0].0, seeds.join("&")),
               "prefix": prefix, "io_timeout": "1s"})
    }

    /// The port of the primary that serves `key`'s slot.
    fn primary_of(&self, key: &str) -> u16 {
        let any = self.nodes.iter().find(|(_, c)| c.is_some()).unwrap().0;
        let slot: u32 = cli(any, &["cluster", "keyslot", key])
            .trim()
            .parse()
            .unwrap();
        for line in cli(any, &["cluster", "nodes"]).lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 9 || !f[2].contains("master") || f[2].contains("fail") {
                continue;
            }
            let owns = f[8..].iter().any(|r| {
                let (a, b) = r.split_once('-').unwrap_or((r, r));
                matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a <= slot && slot <= b)
            });
            if owns {
                let port = f[1].split(['@', ':']).nth(1).unwrap();
                return port.parse().unwrap();
            }
        }
        panic!("no primary serves slot {slot}");
    }

    /// Kills (SIGKILL) the primary of `key`'s slot; its replica takes over.
    fn kill_primary_of(&mut self, key: &str) -> u16 {
        let port = self.primary_of(key);
        for (p, child) in &mut self.nodes {
            if *p == port {
                if let Some(mut c) = child.take() {
                    let _ = c.kill();
                    let _ = c.wait();
                }
            }
        }
        port
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for (_, c) in &mut self.nodes {
            if let Some(mut c) = c.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A primary, its replica and three sentinels that watch them as `mymaster`.
pub struct SentinelGroup {
    primary: (u16, Option<Child>),
    replica: (u16, Option<Child>),
    sentinels: Vec<(u16, Child)>,
    dir: PathBuf,
}

impl SentinelGroup {
    pub fn start() -> Self {
        let (pp, rp) = (free_port(), free_port());
        let dir = scratch("sentinel", pp);
        let server = |port: u16, extra: &[&str]| {
            // its own directory: a replica keeps the RDB it syncs from the primary
            let own = dir.join(port.to_string());
            std::fs::create_dir_all(&own).unwrap();
            let mut args: Vec<String> = [
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--dir",
                own.to_str().unwrap(),
                "--save",
                "",
                "--appendonly",
                "no",
            ]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
            args.extend(extra.iter().map(|s| (*s).to_string()));
            spawn("redis-server", &args)
        };
        let primary = server(pp, &[]);
        wait_until(10, "the primary to listen", || listening(pp));
        let replica = server(rp, &["--replicaof", "127.0.0.1", &pp.to_string()]);
        wait_until(60, "the replica to sync", || {
            cli(rp, &["info", "replication"]).contains("master_link_status:up")
        });
        let sentinels = (0..3)
            .map(|i| {
                let sp = free_port();
                let conf = dir.join(format!("sentinel{i}.conf"));
                std::fs::write(
                    &conf,
                    format!(
                        "port {sp}\nbind 127.0.0.1\ndir {}\nsentinel monitor mymaster 127.0.0.1 {pp} 2\n\
                         sentinel down-after-milliseconds mymaster 1000\n\
                         sentinel failover-timeout mymaster 4000\nsentinel parallel-syncs mymaster 1\n",
                        dir.display()
                    ),
                )
                .unwrap();
                (sp, spawn("redis-sentinel", &[conf.to_str().unwrap().to_string()]))
            })
            .collect::<Vec<_>>();
        for (sp, _) in &sentinels {
            wait_until(10, "a sentinel to listen", || listening(*sp));
            wait_until(60, "the sentinels to find the replica", || {
                cli(*sp, &["sentinel", "replicas", "mymaster"]).contains(&rp.to_string())
            });
        }
        Self {
            primary: (pp, Some(primary)),
            replica: (rp, Some(replica)),
            sentinels,
            dir,
        }
    }

    /// `engine.redis` for this group: `redis+sentinel://` with every sentinel.
    pub fn engine(&self, prefix: &str) -> Value {
        let more: Vec<String> = self.sentinels[1..]
            .iter()
            .map(|(p, _)| format!("addr=127.0.0.1:{p}"))
            .collect();
        json!({"address": format!("redis+sentinel://127.0.0.1:{}?sentinel_master_name=mymaster&{}", self.sentinels[0].0, more.join("&")),
               "prefix": prefix, "io_timeout": "1s"})
    }

    /// The primary the sentinels name now.
    fn current_primary(&self) -> u16 {
        let out = cli(
            self.sentinels[0].0,
            &["sentinel", "get-master-addr-by-name", "mymaster"],
        );
        out.lines()
            .nth(1)
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Kills (SIGKILL) the primary; the sentinels promote the replica.
    fn kill_primary(&mut self) -> u16 {
        let port = self.primary.0;
        if let Some(mut c) = self.primary.1.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        port
    }
}

impl Drop for SentinelGroup {
    fn drop(&mut self) {
        for c in [&mut self.primary.1, &mut self.replica.1]
            .into_iter()
            .flatten()
        {
            let _ = c.kill();
            let _ = c.wait();
        }
        for (_, c) in &mut self.sentinels {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_on_a_redis_cluster_act_as_one_server() {
    let rc = tokio::task::spawn_blocking(RedisCluster::start)
        .await
        .unwrap();
    multi_node_suite(&rc.engine("rc1"), "rc1").await;
    drop(rc);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_behind_sentinels_act_as_one_server() {
    let sg = tokio::task::spawn_blocking(SentinelGroup::start)
        .await
        .unwrap();
    multi_node_suite(&sg.engine("sg1"), "sg1").await;
    drop(sg);
}

/// The multi-node suite that `tests/it/redis.rs` runs on one `redis-server`, on the Redis
/// that `engine` describes: three nodes act as one server, the official SDK on one node gets
/// another's publications, a trace shows another node's events, deltas cross nodes,
/// `redis_user_command` buckets are shared, `single_connection` holds across nodes, and
/// channel state events are cluster-wide, also when a node crashes.
async fn multi_node_suite(engine: &Value, tag: &str) {
    let c = tokio::task::spawn_blocking({
        let (engine, tag) = (engine.clone(), tag.to_string());
        move || Cluster::on(&engine, &tag, 3)
    })
    .await
    .unwrap();
    act_as_one_server(&c).await;
    sdk_receives_across_nodes(&c).await;
    trace_across_nodes(&c).await;
    delta_across_nodes(&c).await;
    versions_across_nodes(&c).await;
    drop(c);
    user_command_across_nodes(engine, tag).await;
    single_connection_across_nodes(engine).await;
    events_across_nodes(engine).await;
    crashed_node_vacates(engine).await;
}

/// What a stream through a fault showed.
struct Outcome {
    /// Offsets the API acknowledged, in the subscriber's epoch.
    acked: Vec<u64>,
    /// Offsets the subscriber ended with (live, then recovered).
    seen: Vec<u64>,
    failed: usize,
    outage: Duration,
    told_to_reconnect: bool,
}

/// Publishes 80 times through node 2 (one every 50 ms) while `fault` runs at the 20th,
/// with a subscriber with recovery on node 1, and checks that the subscriber ends with
/// every acknowledged publication, in order.
async fn stream_through(c: &Cluster, channel: &str, fault: impl FnOnce()) -> Outcome {
    let (mut sub, _) = Client::connect(&c.ws(0), "42").await;
    let r = sub
        .call(json!({"subscribe": {"channel": channel, "recover": true}}))
        .await;
    let epoch = r["subscribe"]["epoch"].as_str().unwrap().to_string();
    let mut fault = Some(fault);
    let mut acked = Vec::new();
    let mut failed = 0;
    let (mut first_fail, mut back): (Option<Instant>, Option<Instant>) = (None, None);
    let mut i = 0;
    // bounded: 80 acknowledged or 400 tries (20 s)
    while acked.len() < 80 && i < 400 {
        if i == 20 {
            if let Some(f) = fault.take() {
                f();
            }
        }
        i += 1;
        let r = c
            .api(1, "publish", json!({"channel": channel, "data": {"i": i}}))
            .await;
        if let Some(res) = r.get("result") {
            assert_eq!(
                res["epoch"],
                epoch.as_str(),
                "the stream kept its epoch: {r}"
            );
            acked.push(res["offset"].as_u64().unwrap());
            if first_fail.is_some() && back.is_none() {
                back = Some(Instant::now());
            }
        } else {
            assert_eq!(
                r["error"]["code"], 100,
                "a publish during the outage fails with 100: {r}"
            );
            failed += 1;
            first_fail.get_or_insert_with(Instant::now);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        acked.len(),
        80,
        "publishing resumed after the fault; the publishing node said:\n{}",
        c.nodes[1].stderr.lock().unwrap()
    );
    let outage = match (first_fail, back) {
        (Some(a), Some(b)) => b - a,
        _ => Duration::ZERO,
    };
    let mut seen: Vec<u64> = Vec::new();
    let mut told = false;
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && seen.last() != acked.last() {
        match tokio::time::timeout(Duration::from_millis(1500), sub.next_event()).await {
            Ok(super::util::Event::Msg(v)) => {
                if let Some(o) = v["push"]["pub"]["offset"].as_u64() {
                    seen.push(o);
                }
            }
            Ok(super::util::Event::Closed(code, _)) => {
                assert_eq!(code, 3010, "insufficient state: reconnect and recover");
                told = true;
                break;
            }
            Err(_) => break,
        }
    }
    if told {
        // as an SDK does: reconnect and recover from the last offset seen
        // (a subscribe while the shard is still down fails with 100: retried, as SDKs do)
        let last = seen.last().copied().unwrap_or(0);
        let deadline = Instant::now() + Duration::from_secs(15);
        let (mut again, r) = loop {
            let (mut again, _) = Client::connect(&c.ws(0), "42").await;
            let r = again
                .call(json!({"subscribe": {"channel": channel, "recover": true, "offset": last, "epoch": epoch}}))
                .await;
            if r.get("subscribe").is_some() {
                break (again, r);
            }
            assert_eq!(r["error"]["code"], 100, "{r}");
            assert!(Instant::now() < deadline, "could not resubscribe: {r}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(
            r["subscribe"]["recovered"], true,
            "recovered after the failover: {r}"
        );
        seen.extend(
            r["subscribe"]["publications"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["offset"].as_u64().unwrap()),
        );
        // and what comes after the recovery arrives live
        let extra = c
            .api(
                1,
                "publish",
                json!({"channel": channel, "data": {"after": true}}),
            )
            .await;
        let o = extra["result"]["offset"].as_u64().unwrap();
        let got = tokio::time::timeout(Duration::from_secs(5), again.next_event()).await;
        match got {
            Ok(super::util::Event::Msg(v)) => assert_eq!(v["push"]["pub"]["offset"], o),
            other => panic!("no live publication after the recovery: {other:?}"),
        }
    }
    Outcome {
        acked,
        seen,
        failed,
        outage,
        told_to_reconnect: told,
    }
}

/// Waits (10 s at most) until nodes `0..n` answer `/health` with 200; the failing node's
/// log otherwise.
async fn all_healthy(c: &Cluster, n: usize) {
    for i in 0..n {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ok = reqwest::get(c.url(i, "/health"))
                .await
                .is_ok_and(|r| r.status() == 200);
            if ok {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "node {i} is not healthy after the failover:\n{}",
                c.nodes[i].stderr.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn report(what: &str, o: &Outcome) {
    eprintln!(
        "{what}: outage {} ms, {} publishes failed with 100, {} acknowledged, subscriber saw {} \
         (told to reconnect and recover: {})",
        o.outage.as_millis(),
        o.failed,
        o.acked.len(),
        o.seen.len(),
        o.told_to_reconnect
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentinel_failover_mid_stream_loses_no_acknowledged_publication() {
    let mut sg = tokio::task::spawn_blocking(SentinelGroup::start)
        .await
        .unwrap();
    let engine = sg.engine("sgf");
    let c = tokio::task::spawn_blocking(move || Cluster::on(&engine, "sgf", 2))
        .await
        .unwrap();
    let old = sg.primary.0;
    let replica = sg.replica.0;
    let o = stream_through(&c, "chat:failover", || {
        sg.kill_primary();
    })
    .await;
    report("sentinel failover", &o);
    assert_eq!(o.seen, o.acked, "every acknowledged publication, in order");
    let (now, sg) = tokio::task::spawn_blocking(move || (sg.current_primary(), sg))
        .await
        .unwrap();
    assert_eq!(
        now, replica,
        "the sentinels promoted the replica (was {old})"
    );
    // both nodes are healthy on the new primary
    all_healthy(&c, 2).await;
    drop(c);
    drop(sg);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_primary_failover_mid_stream_loses_no_acknowledged_publication() {
    let mut rc = tokio::task::spawn_blocking(RedisCluster::start)
        .await
        .unwrap();
    let engine = rc.engine("rcf");
    let c = tokio::task::spawn_blocking(move || Cluster::on(&engine, "rcf", 2))
        .await
        .unwrap();
    let channel = "chat:failover";
    let key = format!("rcf.stream.{{{channel}}}");
    let o = stream_through(&c, channel, || {
        let port = rc.kill_primary_of(&key);
        eprintln!("killed the cluster primary on port {port}");
    })
    .await;
    report("cluster failover", &o);
    assert_eq!(o.seen, o.acked, "every acknowledged publication, in order");
    all_healthy(&c, 2).await;
    drop(c);
    drop(rc);
}

//! Access controls (`block_user`, `unblock_user`, `revoke_token`, `invalidate_user_tokens`,
//! centri's `access_list`): on the memory engine, and across two nodes on one Redis, where
//! they also survive a restart of every node.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::redis::{Cluster, Redis};
use super::util::{now, token_with, Client, Event, Server, API_KEY, SECRET};

/// The nodes a scenario talks to: their WebSocket and API base URLs.
struct Nodes {
    ws: Vec<String>,
    http: Vec<String>,
}

impl Nodes {
    fn of_server(s: &Server) -> Self {
        Self {
            ws: vec![s.ws_url()],
            http: vec![format!("http://{}", s.addr)],
        }
    }

    fn of_cluster(c: &Cluster) -> Self {
        let n = c.nodes.len();
        Self {
            ws: (0..n).map(|i| c.ws(i)).collect(),
            http: (0..n).map(|i| c.url(i, "")).collect(),
        }
    }

    /// Node `i` (wrapping: one node stands for all).
    fn ws(&self, i: usize) -> &str {
        &self.ws[i % self.ws.len()]
    }

    async fn api(&self, i: usize, method: &str, body: Value) -> Value {
        reqwest::Client::new()
            .post(format!("{}/api/{method}", self.http[i % self.http.len()]))
            .header("X-API-Key", API_KEY)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// A connection token with `jti` and `iat` (0: none).
fn tok(user: &str, jti: &str, iat: i64) -> String {
    let mut c = json!({"sub": user, "exp": now() + 3600});
    if !jti.is_empty() {
        c["jti"] = json!(jti);
    }
    if iat > 0 {
        c["iat"] = json!(iat);
    }
    token_with(&c, SECRET)
}

/// How a connect ended.
#[derive(Debug)]
enum Outcome {
    Connected(Box<Client>),
    Error(u64),
    Closed(u16),
}

impl Outcome {
    fn code(&self) -> Option<u64> {
        match self {
            Outcome::Connected(_) => None,
            Outcome::Error(c) => Some(*c),
            Outcome::Closed(c) => Some(u64::from(*c)),
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Client")
    }
}

async fn connect(url: &str, token: &str) -> Outcome {
    let mut c = Client::open(url).await;
    c.send_text(&json!({"id": 1, "connect": {"token": token}}).to_string())
        .await;
    // bounded: a reply or a close comes within next_event's 5 s
    for _ in 0..20 {
        match c.next_event().await {
            Event::Msg(v) if v["id"] == 1 => {
                return match v["error"]["code"].as_u64() {
                    Some(code) => Outcome::Error(code),
                    None => Outcome::Connected(Box::new(c)),
                };
            }
            Event::Msg(_) => {}
            Event::Closed(code, _) => return Outcome::Closed(code),
        }
    }
    panic!("no connect reply");
}

async fn connected(url: &str, token: &str) -> Client {
    match connect(url, token).await {
        Outcome::Connected(c) => *c,
        other => panic!("connect refused: {other:?}"),
    }
}

/// Retries `f` until it gives `want` (another node applies a change a moment later).
async fn until_code(secs: u64, want: Option<u64>, mut f: impl AsyncFnMut() -> Outcome) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let got = f().await.code();
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "wanted {want:?}, still {got:?} after {secs}s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The scenario, on one node or several (`tag` keeps the users of runs apart).
async fn access_controls(n: &Nodes, tag: &str) {
    let u = |s: &str| format!("{tag}-{s}");
    let t = now();

    // block: every live connection of the user, on every node, is closed with 3503
    let mut a0 = connected(n.ws(0), &tok(&u("a"), "", 0)).await;
    let mut a1 = connected(n.ws(1), &tok(&u("a"), "", 0)).await;
    let mut b = connected(n.ws(1), &tok(&u("b"), "", 0)).await;
    let r = n.api(0, "block_user", json!({"user": u("a")})).await;
    assert_eq!(r, json!({"result": {}}));
    assert_eq!(a0.closed().await.0, 3503);
    assert_eq!(a1.closed().await.0, 3503);
    b.expect_silence(300).await;
    // and a reconnect anywhere is refused
    assert_eq!(
        connect(n.ws(1), &tok(&u("a"), "", 0)).await.code(),
        Some(3503)
    );
    assert_eq!(
        connect(n.ws(0), &tok(&u("a"), "", 0)).await.code(),
        Some(3503)
    );
    // unblocked: connects again, on every node
    n.api(1, "unblock_user", json!({"user": u("a")})).await;
    until_code(10, None, async || {
        connect(n.ws(0), &tok(&u("a"), "", 0)).await
    })
    .await;
    until_code(10, None, async || {
        connect(n.ws(1), &tok(&u("a"), "", 0)).await
    })
    .await;
    // a block with an expiry ends by itself
    n.api(0, "block_user", json!({"user": u("c"), "expire_at": t + 2}))
        .await;
    assert_eq!(
        connect(n.ws(0), &tok(&u("c"), "", 0)).await.code(),
        Some(3503)
    );
    until_code(15, None, async || {
        connect(n.ws(1), &tok(&u("c"), "", 0)).await
    })
    .await;

    // revoke: the connection with that jti is closed with 3005 and its token refused with
    // 109 (the SDK asks for a fresh one); another token of the user is not touched
    let jti = format!("{tag}-jti-1");
    let revoked = tok(&u("d"), &jti, t - 5);
    let mut d1 = connected(n.ws(1), &revoked).await;
    let mut d2 = connected(n.ws(0), &tok(&u("d"), &format!("{tag}-jti-2"), t - 5)).await;
    let r = n
        .api(
            0,
            "revoke_token",
            json!({"uid": jti, "expire_at": t + 3600}),
        )
        .await;
    assert_eq!(r, json!({"result": {}}));
    assert_eq!(d1.closed().await.0, 3005);
    d2.expect_silence(300).await;
    until_code(10, Some(109), async || connect(n.ws(1), &revoked).await).await;
    assert_eq!(connect(n.ws(0), &revoked).await.code(), Some(109));

    // invalidate: tokens issued before the line are refused, newer ones accepted
    let old = tok(&u("e"), "", t - 100);
    let mut e1 = connected(n.ws(1), &old).await;
    let newer = tok(&u("e"), "", t - 10);
    let mut e2 = connected(n.ws(0), &newer).await;
    n.api(
        0,
        "invalidate_user_tokens",
        json!({"user": u("e"), "issued_before": t - 50, "expire_at": t + 3600}),
    )
    .await;
    assert_eq!(e1.closed().await.0, 3005);
    e2.expect_silence(300).await;
    assert_eq!(connect(n.ws(0), &old).await.code(), Some(109));
    until_code(10, Some(109), async || connect(n.ws(1), &old).await).await;
    assert!(connect(n.ws(1), &newer).await.code().is_none());

    // one channel's subscription tokens: refused with 109 at subscribe, other channels not
    let ch = format!("chat:{tag}-s");
    n.api(
        1,
        "invalidate_user_tokens",
        json!({"user": u("f"), "issued_before": t - 50, "channel": ch}),
    )
    .await;
    let sub_tok = |channel: &str| {
        token_with(
            &json!({"sub": u("f"), "channel": channel, "exp": t + 3600, "iat": t - 100}),
            SECRET,
        )
    };
    let mut f = connected(n.ws(0), &tok(&u("f"), "", t - 100)).await;
    let mut refused = false;
    for _ in 0..100 {
        let r = f
            .call(json!({"subscribe": {"channel": ch, "token": sub_tok(&ch)}}))
            .await;
        if r["error"]["code"] == 109 {
            refused = true;
            break;
        }
        assert!(r.get("subscribe").is_some(), "{r}");
        f.call(json!({"unsubscribe": {"channel": ch}})).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(refused, "the channel's subscription token was not refused");
    let other = format!("chat:{tag}-t");
    let r = f
        .call(json!({"subscribe": {"channel": other, "token": sub_tok(&other)}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");

    // access_list on every node shows what is in force
    for i in 0..n.http.len() {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = n.api(i, "access_list", json!({})).await;
            let entries = r["result"]["entries"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let has = |kind: &str, key: &str, channel: &str| {
                entries.iter().any(|e| {
                    e["kind"] == kind
                        && e["key"] == key
                        && e["channel"].as_str().unwrap_or("") == channel
                })
            };
            if has("revoke", &jti, "")
                && has("invalidate", &u("e"), "")
                && has("invalidate", &u("f"), &ch)
                && !has("block", &u("a"), "")
            {
                break;
            }
            assert!(Instant::now() < deadline, "node {i}: {r}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // bad input: Centrifugo's 107, the field named by the request it came in
    for (method, body) in [
        ("block_user", json!({})),
        ("block_user", json!({"user": ""})),
        ("block_user", json!({"user": "x", "expire_at": -1})),
        ("block_user", json!({"user": "a\u{0}b"})),
        ("block_user", json!({"user": "x".repeat(2000)})),
        ("unblock_user", json!({"user": ""})),
        ("revoke_token", json!({"expire_at": t + 10})),
        ("invalidate_user_tokens", json!({"issued_before": t})),
        (
            "invalidate_user_tokens",
            json!({"user": "x", "issued_before": -5}),
        ),
    ] {
        let r = n.api(0, method, body.clone()).await;
        assert_eq!(r["error"]["code"], 107, "{method} {body}: {r}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_controls_on_the_memory_engine() {
    let s = Server::start(super::util::test_config()).await;
    access_controls(&Nodes::of_server(&s), "mem").await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_controls_across_two_redis_nodes_survive_a_restart() {
    let redis = Redis::start();
    let port = redis.port;
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 2))
        .await
        .unwrap();
    let n = Nodes::of_cluster(&c);
    access_controls(&n, "redis").await;
    // in force after a restart of every node: blocked, revoked, invalidated
    let t = now();
    n.api(0, "block_user", json!({"user": "redis-g"})).await;
    drop(c);
    let c = tokio::task::spawn_blocking(move || Cluster::start(port, 2))
        .await
        .unwrap();
    let n = Nodes::of_cluster(&c);
    for i in 0..2 {
        assert_eq!(
            connect(n.ws(i), &tok("redis-g", "", 0)).await.code(),
            Some(3503),
            "node {i}"
        );
        assert_eq!(
            connect(n.ws(i), &tok("redis-d", "redis-jti-1", t - 5))
                .await
                .code(),
            Some(109),
            "node {i}"
        );
        assert_eq!(
            connect(n.ws(i), &tok("redis-e", "", t - 100)).await.code(),
            Some(109),
            "node {i}"
        );
        assert!(connect(n.ws(i), &tok("redis-e", "", t))
            .await
            .code()
            .is_none());
    }
    drop(c);
    drop(redis);
}

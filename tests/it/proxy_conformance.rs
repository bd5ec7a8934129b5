//! SDK conformance through the proxies: centrifuge-js and centrifuge-python connect with no
//! token through the connect proxy, subscribe through the subscribe proxy, publish through the
//! publish proxy and call the rpc proxy, against the real binary and a real HTTP backend
//! started here. The backend's contract is in tests/conformance/js/proxied.conformance.mjs.

use std::process::Command;

use serde_json::{json, Value};

use super::conformance::{config, dir, node_suite, run_suite};
use super::proxy_backend::{Backend, Reply};
use super::util::Proc;

/// The backend as the SDK suites expect it.
fn script(b: &Backend) {
    b.set(
        "connect",
        Reply::with(|req| {
            let user = req["data"]["user"].as_str().unwrap_or("").to_string();
            if user == "denied" {
                json!({"disconnect": {"code": 4501, "reason": "denied by backend"}})
            } else {
                json!({"result": {"user": user, "data": {"hello": user}, "info": {"via": "proxy"}}})
            }
        }),
    );
    b.set(
        "subscribe",
        Reply::with(|req| {
            let ch = req["channel"].as_str().unwrap_or("");
            if ch.contains("denied") {
                json!({"error": {"code": 1403, "message": "forbidden by backend"}})
            } else {
                json!({"result": {"data": {"welcome": ch}}})
            }
        }),
    );
    b.set(
        "publish",
        Reply::with(
            |req| json!({"result": {"data": {"by_backend": true, "original": req["data"]}}}),
        ),
    );
    b.set(
        "rpc",
        Reply::with(|req| {
            if req["method"] == "fail" {
                json!({"error": {"code": 1500, "message": "rpc failed"}})
            } else {
                json!({"result": {"data": {"method": req["method"], "echo": req["data"], "user": req["user"]}}})
            }
        }),
    );
}

/// The conformance config with every proxy pointed at `b`, and the server started with it
/// (the real binary); with the API key and HMAC secret.
async fn start(b: &Backend) -> (Proc, String, String) {
    let mut cfg: Value = config();
    cfg["client"]["proxy"] = json!({"connect": {"enabled": true, "endpoint": b.http("connect")}});
    cfg["channel"]["proxy"] = json!({"subscribe": {"endpoint": b.http("subscribe")},
                                     "publish": {"endpoint": b.http("publish")}});
    cfg["channel"]["namespaces"].as_array_mut().unwrap().push(
        json!({"name": "px", "subscribe_proxy_enabled": true, "publish_proxy_enabled": true}),
    );
    cfg["rpc"] =
        json!({"proxy": {"endpoint": b.http("rpc")}, "without_namespace": {"proxy_enabled": true}});
    let key = cfg["http_api"]["key"].as_str().unwrap().to_string();
    let secret = cfg["client"]["token"]["hmac_secret_key"]
        .as_str()
        .unwrap()
        .to_string();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = crate::it::util::test_root()
        .join(format!("centri-proxy-conf-{}-{n}.json", std::process::id()));
    std::fs::write(&path, cfg.to_string()).unwrap();
    let p = tokio::task::spawn_blocking(move || {
        Proc::serve(&["--config", path.to_str().unwrap()], &[])
    })
    .await
    .unwrap();
    (p, key, secret)
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs `cmd` (an SDK suite) off the runtime, so the backend keeps answering meanwhile.
async fn run(cmd: Command, what: &'static str) {
    tokio::task::spawn_blocking(move || run_suite(cmd, what))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_through_proxies() {
    js_through_proxies("json").await;
}

/// The same with centrifuge-js's Protobuf build: payloads cross as bytes holding JSON.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_js_protobuf_through_proxies() {
    js_through_proxies("protobuf").await;
}

async fn js_through_proxies(protocol: &str) {
    let b = Backend::start().await;
    script(&b);
    let (p, key, secret) = start(&b).await;
    let mut cmd = node_suite(&["proxied.conformance.mjs"]);
    cmd.env("CENTRI_URL", format!("http://{}", p.addr))
        .env("CENTRI_API_KEY", &key)
        .env("CENTRI_HMAC_SECRET", &secret)
        .env("CENTRI_PROTOCOL", protocol)
        .env("CENTRI_TRANSPORT", "websocket");
    run(cmd, "centrifuge-js through proxies").await;
    for kind in ["connect", "subscribe", "publish", "rpc"] {
        assert!(
            !b.calls_of(kind).is_empty(),
            "the suite made no {kind} call"
        );
    }
    drop(p);
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_python_through_proxies() {
    python_through_proxies("json").await;
}

/// The same with `use_protobuf=True`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centrifuge_python_protobuf_through_proxies() {
    python_through_proxies("protobuf").await;
}

async fn python_through_proxies(protocol: &str) {
    let b = Backend::start().await;
    script(&b);
    let (p, key, secret) = start(&b).await;
    let py = dir().join("py");
    let python = py.join(".venv/bin/python");
    assert!(
        python.exists(),
        "the Python venv is missing: run `python3 -m venv .venv && .venv/bin/pip install -r requirements.txt` in {} (.ci/run does this)",
        py.display()
    );
    let mut cmd = Command::new(python);
    cmd.current_dir(&py)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "proxied_conformance.py",
        ])
        .env("CENTRI_URL", format!("http://{}", p.addr))
        .env("CENTRI_API_KEY", &key)
        .env("CENTRI_HMAC_SECRET", &secret)
        .env("CENTRI_PROTOCOL", protocol);
    run(cmd, "centrifuge-python through proxies").await;
    for kind in ["connect", "subscribe", "publish", "rpc"] {
        assert!(
            !b.calls_of(kind).is_empty(),
            "the suite made no {kind} call"
        );
    }
    drop(p);
    b.stop().await;
}

//! Conformance: the official SDKs, pinned under tests/conformance/, against the real binary
//! started with a Centrifugo-format config. The SDK suites must be installed first
//! (`.ci/run` does it: `npm ci` and a Python venv); a missing install fails loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::util::Proc;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn config() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("config.json")).unwrap()).unwrap()
}

fn start() -> (Proc, String, String) {
    let cfg = config();
    let key = cfg["http_api"]["key"].as_str().unwrap().to_string();
    let secret = cfg["client"]["token"]["hmac_secret_key"]
        .as_str()
        .unwrap()
        .to_string();
    let path = dir().join("config.json");
    let p = Proc::serve(&["--config", path.to_str().unwrap()], &[]);
    (p, key, secret)
}

fn run_suite(mut cmd: Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run the {what} suite: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        out.status.success(),
        "{what} conformance suite failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn centrifuge_js() {
    let js = dir().join("js");
    assert!(
        js.join("node_modules/centrifuge").exists(),
        "centrifuge-js is not installed: run `npm ci` in {} (.ci/run does this)",
        js.display()
    );
    let (p, key, secret) = start();
    let mut cmd = Command::new("node");
    cmd.current_dir(&js)
        .args(["--test", "--test-concurrency=1", "--test-timeout=60000"])
        .env("CENTRI_URL", format!("http://{}", p.addr))
        .env("CENTRI_API_KEY", key)
        .env("CENTRI_HMAC_SECRET", secret);
    run_suite(cmd, "centrifuge-js");
}

#[test]
fn centrifuge_python_and_cent() {
    let py = dir().join("py");
    let python = py.join(".venv/bin/python");
    assert!(
        python.exists(),
        "the Python venv is missing: run `python3 -m venv .venv && .venv/bin/pip install -r requirements.txt` in {} (.ci/run does this)",
        py.display()
    );
    let (p, key, secret) = start();
    let mut cmd = Command::new(python);
    cmd.current_dir(&py)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .env("CENTRI_URL", format!("http://{}", p.addr))
        .env("CENTRI_API_KEY", key)
        .env("CENTRI_HMAC_SECRET", secret);
    run_suite(cmd, "centrifuge-python/cent");
}

//! Conformance: the official SDKs, pinned under tests/conformance/, against the real binary
//! started with a Centrifugo-format config. The SDK suites must be installed first
//! (`.ci/run` does it: `npm ci` and a Python venv); a missing install fails loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::util::Proc;

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

pub fn config() -> serde_json::Value {
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

/// The conformance config in Centrifugo's own environment forms (issue 14): one variable per
/// leaf key, lists of scalars space-separated (`SliceSep = " "`), `CENTRIFUGO_CHANNEL_NAMESPACES`
/// as space-separated names with `CENTRIFUGO_CHANNEL_NAMESPACES_<NAME>_<OPTION>` for each
/// namespace's options. Lists of objects (rate-limit overrides) go as JSON, which Centrifugo
/// also takes for them.
fn env_form(cfg: &serde_json::Value) -> Vec<(String, String)> {
    use serde_json::Value;
    fn scalar(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let var = format!("{prefix}_{}", k.to_uppercase());
                    if var == "CENTRIFUGO_CHANNEL_NAMESPACES" {
                        let list = child.as_array().expect("namespaces are a list");
                        let names: Vec<&str> =
                            list.iter().map(|ns| ns["name"].as_str().unwrap()).collect();
                        out.push((var.clone(), names.join(" ")));
                        for ns in list {
                            let mut opts = ns.clone();
                            let name = opts["name"].as_str().unwrap().to_uppercase();
                            opts.as_object_mut().unwrap().remove("name");
                            walk(&format!("{var}_{}", name.replace('-', "_")), &opts, out);
                        }
                    } else {
                        walk(&var, child, out);
                    }
                }
            }
            Value::Array(items) if items.iter().any(Value::is_object) => {
                out.push((prefix.to_string(), v.to_string()));
            }
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(scalar).collect();
                out.push((prefix.to_string(), parts.join(" ")));
            }
            other => out.push((prefix.to_string(), scalar(other))),
        }
    }
    let mut out = Vec::new();
    walk("CENTRIFUGO", cfg, &mut out);
    out
}

/// The environment form means exactly what the file means, with nothing unknown.
#[test]
fn env_form_of_the_conformance_config_equals_the_file() {
    let cfg = config();
    let env: std::collections::HashMap<String, String> = env_form(&cfg).into_iter().collect();
    assert!(env.contains_key("CENTRIFUGO_CHANNEL_NAMESPACES_DELTAS_ALLOWED_DELTA_TYPES"));
    let from_env = centri::server::config::load("", &env).unwrap();
    assert!(
        from_env.unknown_env.is_empty(),
        "{:?}",
        from_env.unknown_env
    );
    assert_eq!(from_env.env_overrides.len(), env.len());
    let from_file =
        centri::server::config::load(&cfg.to_string(), &std::collections::HashMap::new()).unwrap();
    assert_eq!(
        serde_json::to_value(&from_env.config).unwrap(),
        serde_json::to_value(&from_file.config).unwrap()
    );
}

pub fn run_suite(mut cmd: Command, what: &str) {
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

/// `node --test` in the centrifuge-js suite's directory (one test at a time, each bounded),
/// for `files` (none: the default `*.test.mjs` run). Fails loudly when the SDK is not
/// installed.
pub fn node_suite(files: &[&str]) -> Command {
    let js = dir().join("js");
    assert!(
        js.join("node_modules/centrifuge").exists(),
        "centrifuge-js is not installed: run `npm ci` in {} (.ci/run does this)",
        js.display()
    );
    let mut cmd = Command::new("node");
    cmd.current_dir(&js)
        .args(["--test", "--test-concurrency=1", "--test-timeout=60000"])
        .args(files);
    cmd
}

/// Runs the centrifuge-js suite against the server at `addr`, with `extra` environment
/// variables (e.g. `CENTRI_PROTOCOL`, `CENTRI_TRANSPORT`).
fn run_js(addr: &str, key: &str, secret: &str, what: &str, extra: &[(&str, &str)]) {
    let mut cmd = node_suite(&[]);
    cmd.env("CENTRI_URL", format!("http://{addr}"))
        .env("CENTRI_API_KEY", key)
        .env("CENTRI_HMAC_SECRET", secret)
        // JSON over WebSocket unless `extra` says otherwise, whatever the caller's
        // environment holds.
        .env("CENTRI_PROTOCOL", "json")
        .env("CENTRI_TRANSPORT", "websocket")
        .envs(extra.iter().copied());
    run_suite(cmd, what);
}

#[test]
fn centrifuge_js() {
    let (p, key, secret) = start();
    run_js(&p.addr, &key, &secret, "centrifuge-js", &[]);
}

/// The centrifuge-js suite over the Protobuf client protocol: clients from the SDK's protobuf
/// build (binary frames, WebSocket subprotocol `centrifuge-protobuf`), payloads as bytes.
/// The raw-socket tests in protocol.test.mjs stay on the JSON wire.
#[test]
fn centrifuge_js_protobuf() {
    let (p, key, secret) = start();
    run_js(
        &p.addr,
        &key,
        &secret,
        "centrifuge-js (protobuf)",
        &[("CENTRI_PROTOCOL", "protobuf")],
    );
}

/// The centrifuge-js suite over the HTTP-streaming emulation transport: each client streams
/// replies from `POST /connection/http_stream` (the connect command is its body) and sends
/// every later command with `POST /emulation`. JSON here; the protobuf form of the transport
/// is the same suite with `CENTRI_PROTOCOL=protobuf`. The raw-socket tests in
/// protocol.test.mjs stay on the JSON WebSocket wire.
#[test]
fn centrifuge_js_http_stream() {
    let (p, key, secret) = start();
    run_js(
        &p.addr,
        &key,
        &secret,
        "centrifuge-js (http_stream)",
        &[("CENTRI_TRANSPORT", "http_stream")],
    );
}

/// The centrifuge-js suite over the HTTP-streaming emulation transport with the Protobuf client
/// protocol: the stream carries varint-length-delimited `Reply` messages, and `/emulation`
/// takes a Protobuf `EmulationRequest` (`application/octet-stream`).
#[test]
fn centrifuge_js_http_stream_protobuf() {
    let (p, key, secret) = start();
    run_js(
        &p.addr,
        &key,
        &secret,
        "centrifuge-js (http_stream, protobuf)",
        &[
            ("CENTRI_TRANSPORT", "http_stream"),
            ("CENTRI_PROTOCOL", "protobuf"),
        ],
    );
}

/// The centrifuge-js suite over the SSE emulation transport (JSON only): each client reads
/// `GET /connection/sse?cf_connect=...` with an `EventSource` (the `eventsource` package, as
/// Node 20 has none) and sends every later command with `POST /emulation`.
#[test]
fn centrifuge_js_sse() {
    let (p, key, secret) = start();
    run_js(
        &p.addr,
        &key,
        &secret,
        "centrifuge-js (sse)",
        &[("CENTRI_TRANSPORT", "sse")],
    );
}

/// Issue 14: the centrifuge-js suite against a server configured by environment variables
/// alone, in Centrifugo's own forms, with no config file.
#[test]
fn centrifuge_js_with_env_config_only() {
    let cfg = config();
    let env = env_form(&cfg);
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = Proc::serve(&[], &env_refs);
    let stderr = p.stderr.lock().unwrap().clone();
    assert!(!stderr.contains("unknown"), "{stderr}");
    run_js(
        &p.addr,
        cfg["http_api"]["key"].as_str().unwrap(),
        cfg["client"]["token"]["hmac_secret_key"].as_str().unwrap(),
        "centrifuge-js (env config)",
        &[],
    );
}

/// Runs the centrifuge-python/cent suite against a fresh server, with `extra` environment
/// variables (e.g. `CENTRI_PROTOCOL`).
fn run_python(what: &str, extra: &[(&str, &str)]) {
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
        .env("CENTRI_HMAC_SECRET", secret)
        // JSON unless `extra` says otherwise, whatever the caller's environment holds.
        .env("CENTRI_PROTOCOL", "json")
        .envs(extra.iter().copied());
    run_suite(cmd, what);
}

#[test]
fn centrifuge_python_and_cent() {
    run_python("centrifuge-python/cent", &[]);
}

/// The centrifuge-python suite with `use_protobuf=True` (binary frames, WebSocket subprotocol
/// `centrifuge-protobuf`, payloads as bytes); the server API side (cent) is JSON over HTTP.
#[test]
fn centrifuge_python_protobuf() {
    run_python(
        "centrifuge-python/cent (protobuf)",
        &[("CENTRI_PROTOCOL", "protobuf")],
    );
}

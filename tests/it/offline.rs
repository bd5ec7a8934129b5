//! The offline commands (`token`, `config`, `codes`) through the real binary, with no server:
//! exit codes, JSON output checked field by field, and table output as insta snapshots with
//! what changes between runs (tokens, times, durations, temp paths) masked. Every run gets a
//! fresh `XDG_CONFIG_HOME` and a cleared environment, so no real contexts file or `CENTRI_*`
//! variable leaks in.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use super::util::{bin, now, token_with};

const SECRET: &str = "offline-secret";

/// One finished run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A fresh, empty directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let d =
            crate::it::util::test_root().join(format!("centri-offline-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Self(d)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `centri ARGS` with only `env` (plus an isolated config dir and `NO_COLOR`).
fn centri_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let home = TempDir::new();
    let out = Command::new(bin())
        .args(args)
        .env_clear()
        .env("XDG_CONFIG_HOME", &home.0)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn centri(args: &[&str]) -> Run {
    centri_env(args, &[])
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Masks what changes between runs and trims the padding that depends on it.
fn mask(s: &str) -> String {
    let rules = [
        (
            r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*",
            "[TOKEN]",
        ),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]"),
        (r"\b\d{10}\b", "[UNIX]"),
        (r"\b\d+[dhms](\d+[hms])?\b", "[DUR]"),
        (r"/\S*centri-offline-[^\s:]*", "[PATH]"),
    ];
    let mut s = s.to_string();
    for (re, with) in rules {
        s = regex::Regex::new(re)
            .unwrap()
            .replace_all(&s, with)
            .into_owned();
    }
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}

fn finding<'a>(v: &'a Value, check: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding in {v}"))
}

fn failed_checks(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["ok"] == false)
        .map(|f| f["check"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// token

#[test]
fn token_gen_json_has_the_claims_and_checks_valid() {
    let r = centri(&[
        "token",
        "gen",
        "--user",
        "42",
        "--ttl",
        "1h",
        "--channels",
        "news,chat:index",
        "--info",
        r#"{"name":"Ann"}"#,
        "--caps",
        r#"[{"channels":["news"],"allow":["sub"]}]"#,
        "--aud",
        "app",
        "--iss",
        "auth",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let token = v["token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3);
    let c = &v["claims"];
    assert_eq!(c["sub"], "42");
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        3600
    );
    assert!((c["iat"].as_i64().unwrap() - now()).abs() < 60);
    assert_eq!(c["channels"], json!(["news", "chat:index"]));
    assert_eq!(c["info"], json!({"name": "Ann"}));
    assert_eq!(c["caps"], json!([{"channels": ["news"], "allow": ["sub"]}]));
    assert_eq!(
        (c["aud"].as_str(), c["iss"].as_str()),
        (Some("app"), Some("auth"))
    );

    let r = centri(&[
        "token",
        "check",
        token,
        "--aud",
        "app",
        "--iss",
        "auth",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["valid"], true);
    assert_eq!(v["type"], "connection");
    assert!(failed_checks(&v).is_empty(), "{v}");
    assert_eq!(v["claims"]["sub"], "42");
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(finding(&v, "audience")["ok"], true);
}

#[test]
fn token_gen_table_prints_only_the_token() {
    let r = centri_env(
        &["token", "gen", "--user", "42", "-o", "table"],
        &[("CENTRI_HMAC_SECRET", SECRET)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert_eq!(r.stdout.trim().split('.').count(), 3);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // ttl 0: no exp.
    let r = centri(&[
        "token",
        "gen",
        "--user",
        "42",
        "--ttl",
        "0",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert!(r.json()["claims"].get("exp").is_none());
}

/// Issue 15 (6): `TOKEN=$(centri token gen --user 7)` captures the bare token (stdout is a
/// pipe here), and a JSON document only with `-o json`; the same for `token sub`.
#[test]
fn piped_token_commands_print_the_bare_token() {
    let env = [("CENTRI_HMAC_SECRET", SECRET)];
    for args in [
        &["token", "gen", "--user", "7"][..],
        &["token", "sub", "--user", "7", "--channel", "news"][..],
    ] {
        let r = centri_env(args, &env);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let token = r.stdout.strip_suffix('\n').unwrap_or(&r.stdout);
        assert!(!token.contains(['{', '\n', ' ']), "{args:?}: {}", r.stdout);
        assert_eq!(token.split('.').count(), 3, "{args:?}: {}", r.stdout);
        let check = centri(&[
            "token",
            "check",
            token,
            "--hmac-secret",
            SECRET,
            "-o",
            "json",
        ]);
        assert_eq!(check.json()["claims"]["sub"], "7", "{args:?}");
        let mut json_args = args.to_vec();
        json_args.extend(["-o", "json"]);
        let j = centri_env(&json_args, &env).json();
        assert_eq!(j["claims"]["sub"], "7", "{args:?}: {j}");
    }
}

#[test]
fn token_gen_without_a_key_is_a_usage_error() {
    let r = centri(&["token", "gen", "--user", "42", "-o", "json"]);
    assert_eq!(r.code, 2);
    let e: Value = serde_json::from_str(r.stderr.trim()).unwrap();
    assert_eq!(e["error"]["class"], "usage");
    assert!(e["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("--hmac-secret"));
    let r = centri(&[
        "token",
        "gen",
        "--user",
        "42",
        "--alg",
        "RS256",
        "--hmac-secret",
        SECRET,
    ]);
    assert_eq!(r.code, 2);
    let r = centri(&[
        "token",
        "gen",
        "--user",
        "42",
        "--key",
        &fixture("rsa_public.pem"),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("public key"), "{}", r.stderr);
}

#[test]
fn bad_flags_exit_2() {
    assert_eq!(
        centri(&["token", "gen", "--user", "1", "--ttl", "soon"]).code,
        2
    );
    assert_eq!(centri(&["codes", "--bogus"]).code, 2);
    assert_eq!(centri(&["config", "check"]).code, 2);
}

#[test]
fn token_check_expired_exits_8() {
    let t = token_with(
        &json!({"sub": "42", "exp": now() - 300, "iat": now() - 3900}),
        SECRET,
    );
    let r = centri(&["token", "check", &t, "--hmac-secret", SECRET, "-o", "json"]);
    assert_eq!(r.code, 8, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["valid"], false);
    assert_eq!(failed_checks(&v), vec!["expiry"]);
    let expiry = finding(&v, "expiry")["detail"].as_str().unwrap();
    assert!(
        expiry.starts_with("expired 5m") && expiry.contains("ago"),
        "{expiry}"
    );
    assert_eq!(finding(&v, "signature")["ok"], true);
    let e: Value = serde_json::from_str(r.stderr.trim()).unwrap();
    assert_eq!(e["error"]["class"], "verdict");

    let r = centri(&["token", "check", &t, "--hmac-secret", SECRET, "-o", "table"]);
    assert_eq!(r.code, 8);
    insta::assert_snapshot!("token_check_expired", mask(&r.stdout));
    assert!(
        r.stderr
            .starts_with("error: the token is invalid: expiry: expired"),
        "{}",
        r.stderr
    );
}

#[test]
fn token_check_valid_prints_a_summary() {
    let t = token_with(
        &json!({"sub": "42", "exp": now() + 3600, "iat": now(), "channels": ["news", "chat:index"], "info": {"name": "Ann"}}),
        SECRET,
    );
    let r = centri(&["token", "check", &t, "--hmac-secret", SECRET, "-o", "table"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("token_check_valid", mask(&r.stdout));
}

#[test]
fn token_check_bad_signature_and_subscription_mixups() {
    let conn = token_with(&json!({"sub": "42", "exp": now() + 600}), SECRET);
    let r = centri(&[
        "token",
        "check",
        &conn,
        "--hmac-secret",
        "wrong",
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 8);
    assert_eq!(failed_checks(&r.json()), vec!["signature"]);

    // A connection token checked as a subscription token.
    let r = centri(&[
        "token",
        "check",
        &conn,
        "--channel",
        "chat:x",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 8);
    let v = r.json();
    assert_eq!(failed_checks(&v), vec!["type"]);
    assert!(finding(&v, "type")["detail"]
        .as_str()
        .unwrap()
        .contains("connection token"));

    // A subscription token used as a connection token, and for the wrong channel.
    let r = centri(&[
        "token",
        "sub",
        "--user",
        "42",
        "--channel",
        "chat:x",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["claims"]["channel"], "chat:x");
    let sub = v["token"].as_str().unwrap().to_string();
    let r = centri(&[
        "token",
        "check",
        &sub,
        "--hmac-secret",
        SECRET,
        "-o",
        "table",
    ]);
    assert_eq!(r.code, 8);
    insta::assert_snapshot!("token_check_subscription_as_connection", mask(&r.stdout));
    let r = centri(&[
        "token",
        "check",
        &sub,
        "--channel",
        "chat:y",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 8);
    assert!(finding(&r.json(), "type")["detail"]
        .as_str()
        .unwrap()
        .contains("\"chat:x\""));
    let r = centri(&[
        "token",
        "check",
        &sub,
        "--channel",
        "chat:x",
        "--hmac-secret",
        SECRET,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["type"], "subscription");
}

#[test]
fn token_rsa_and_ecdsa_round_trips_and_key_mismatch() {
    for (private, public, alg) in [
        ("rsa_private.pem", "rsa_public.pem", "RS256"),
        ("ec_private.pem", "ec_public.pem", "ES256"),
    ] {
        let r = centri(&[
            "token",
            "gen",
            "--user",
            "7",
            "--key",
            &fixture(private),
            "-o",
            "table",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let t = r.stdout.trim().to_string();
        let r = centri(&["token", "decode", &t, "-o", "json"]);
        assert_eq!(r.json()["header"]["alg"], alg);
        // With the public key, and with the private key (the public key is derived).
        for key in [public, private] {
            let r = centri(&["token", "check", &t, "--key", &fixture(key), "-o", "json"]);
            assert_eq!(r.code, 0, "{alg} with {key}: {}{}", r.stdout, r.stderr);
            assert_eq!(r.json()["valid"], true);
        }
        // Only an HMAC secret: the algorithm does not match the key type.
        let r = centri(&["token", "check", &t, "--hmac-secret", SECRET, "-o", "json"]);
        assert_eq!(r.code, 8);
        let v = r.json();
        assert_eq!(failed_checks(&v), vec!["algorithm"]);
        let detail = finding(&v, "algorithm")["detail"].as_str().unwrap();
        assert!(
            detail.contains(alg) && detail.contains("only an HMAC secret"),
            "{detail}"
        );
    }
    // --alg that does not fit the key.
    let r = centri(&[
        "token",
        "gen",
        "--user",
        "7",
        "--key",
        &fixture("ec_private.pem"),
        "--alg",
        "RS256",
    ]);
    assert_eq!(r.code, 2);
    // No key at all to check with.
    let t = token_with(&json!({"sub": "1"}), SECRET);
    assert_eq!(centri(&["token", "check", &t]).code, 2);
}

#[test]
fn token_decode_shows_header_and_claims() {
    let t = token_with(
        &json!({"sub": "42", "exp": now() + 120, "iat": now(), "channels": ["news"]}),
        SECRET,
    );
    let r = centri(&["token", "decode", &t, "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["header"], json!({"alg": "HS256", "typ": "JWT"}));
    assert_eq!(v["claims"]["sub"], "42");
    assert_eq!(v["claims"]["channels"], json!(["news"]));
    let r = centri(&["token", "decode", &t, "-o", "table"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("token_decode", mask(&r.stdout));
    let r = centri(&["token", "decode", "not-a-token"]);
    assert_eq!(r.code, 2);
}

// ---------------------------------------------------------------------------------------------
// config

#[test]
fn config_init_then_check_passes() {
    let dir = TempDir::new();
    let file = dir.join("config.json");
    let path = file.to_str().unwrap();
    let r = centri(&["config", "init", path, "-o", "table"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["client"]["allowed_origins"], json!([]));
    assert!(written["http_api"]["key"].as_str().unwrap().len() >= 32);
    assert!(
        written["client"]["token"]["hmac_secret_key"]
            .as_str()
            .unwrap()
            .len()
            >= 32
    );
    assert_eq!(written["channel"]["namespaces"][0]["name"], "chat");

    let r = centri(&["config", "check", path, "--strict", "-o", "table"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "ok\n", "")
    );
    let r = centri(&["config", "check", path, "-o", "json"]);
    assert_eq!(
        r.json(),
        json!({"valid": true, "errors": [], "warnings": [], "unknown_keys": [], "unknown_env": [],
               "suggestions": {}, "env_overrides": []})
    );

    // No overwrite without --force.
    let r = centri(&["config", "init", path]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    let r = centri(&["config", "init", path, "--force", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["file"], path);
    let rewritten: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_ne!(
        rewritten["http_api"]["key"], written["http_api"]["key"],
        "fresh secrets each time"
    );
}

#[test]
fn config_init_to_stdout_is_a_valid_config() {
    let r = centri(&["config", "init", "-o", "table"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let loaded =
        centri::server::config::load(&r.stdout, &std::collections::HashMap::new()).unwrap();
    assert!(loaded.unknown_keys.is_empty() && loaded.warnings.is_empty());
    assert!(!loaded.config.http_api.key.is_empty());
}

#[test]
fn config_check_invalid_exits_8() {
    let dir = TempDir::new();
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"client": {"ping_interval": "5s", "pong_timeout": "8s"}}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let r = centri(&["config", "check", path, "-o", "json"]);
    assert_eq!(r.code, 8);
    let v = r.json();
    assert_eq!(v["valid"], false);
    assert!(
        v["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("client.pong_timeout: must be less than"),
        "{v}"
    );
    let e: Value = serde_json::from_str(r.stderr.trim()).unwrap();
    assert_eq!(e["error"]["class"], "verdict");
    let r = centri(&["config", "check", path, "-o", "table"]);
    assert_eq!(r.code, 8);
    assert!(r.stdout.is_empty());
    insta::assert_snapshot!("config_check_invalid", mask(&r.stderr));
    // Not JSON at all, and a missing file.
    std::fs::write(&file, "{").unwrap();
    let r = centri(&["config", "check", path, "-o", "json"]);
    assert_eq!(r.code, 8);
    assert!(r.json()["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("not valid JSON"));
    assert_eq!(
        centri(&[
            "config",
            "check",
            dir.join("missing.json").to_str().unwrap()
        ])
        .code,
        2
    );
}

#[test]
fn config_check_unknown_keys_warn_and_fail_with_strict() {
    let dir = TempDir::new();
    let file = dir.join("unknown.json");
    std::fs::write(
        &file,
        json!({"client": {"tokn": {}}, "channel": {"namespaces": [{"name": "chat", "allow_recovery": true}]}}).to_string(),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let r = centri(&["config", "check", path, "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        (v["valid"].clone(), v["unknown_keys"].clone()),
        (json!(true), json!(["client.tokn"]))
    );
    assert!(v["warnings"][0]
        .as_str()
        .unwrap()
        .contains("recovery is on but history is off"));
    let r = centri(&["config", "check", path, "-o", "table"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(
        "config_check_warnings",
        format!("stdout:\n{}stderr:\n{}", r.stdout, mask(&r.stderr))
    );

    let r = centri(&["config", "check", path, "--strict", "-o", "json"]);
    assert_eq!(r.code, 8);
    let v = r.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], json!(["client.tokn: unknown key"]));
}

#[test]
fn config_show_masks_secrets_and_applies_the_environment() {
    let dir = TempDir::new();
    let file = dir.join("config.json");
    let pem = std::fs::read_to_string(fixture("rsa_public.pem")).unwrap();
    std::fs::write(
        &file,
        json!({"http_api": {"key": "file-api-key-123456"},
               "client": {"token": {"hmac_secret_key": "hmac-secret-abcdef", "rsa_public_key": pem}}})
        .to_string(),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let r = centri_env(
        &["config", "show", path, "-o", "json"],
        &[("CENTRIFUGO_HTTP_API_KEY", "env-api-key-987654")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["http_api"]["key"], "env-… (18 chars)");
    assert_eq!(v["client"]["token"]["hmac_secret_key"], "hmac… (18 chars)");
    assert_eq!(
        v["client"]["token"]["rsa_public_key"],
        format!("<PEM, {} bytes>", pem.len())
    );
    assert_eq!(
        v["client"]["ping_interval"], "25s",
        "defaults are filled in"
    );
    for secret in ["987654", "123456", "secret-abcdef", "BEGIN"] {
        assert!(!r.stdout.contains(secret), "{secret} leaked: {}", r.stdout);
    }
    assert!(r.stderr.contains("CENTRIFUGO_HTTP_API_KEY"), "{}", r.stderr);

    // Without FILE: CENTRI_CONFIG, else the defaults.
    let r = centri_env(
        &["config", "show", "-o", "json"],
        &[("CENTRI_CONFIG", path)],
    );
    assert_eq!(
        r.json()["client"]["token"]["hmac_secret_key"],
        "hmac… (18 chars)"
    );
    let r = centri(&["config", "show", "-o", "json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.json()["http_api"]["key"], "");
}

// ---------------------------------------------------------------------------------------------
// codes

#[test]
fn codes_table() {
    let r = centri(&["codes", "-o", "table"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("codes_table", r.stdout);
}

#[test]
fn codes_json_lists_every_kind() {
    let r = centri(&["codes", "-o", "json"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    let rows = v.as_array().unwrap();
    let of = |kind: &str| -> Vec<u64> {
        rows.iter()
            .filter(|r| r["kind"] == kind)
            .map(|r| r["code"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(of("client_error"), (100..=113).collect::<Vec<_>>());
    assert_eq!(of("api_error"), vec![100, 102, 104, 107, 108, 112, 113]);
    assert_eq!(of("unsubscribe"), vec![2000, 2500, 2501, 2502]);
    assert!(of("disconnect").contains(&1009) && of("disconnect").contains(&3509));
    let row = |kind: &str, code: u64| {
        rows.iter()
            .find(|r| r["kind"] == kind && r["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(row("disconnect", 3500)["message"], "invalid token");
    assert_eq!(row("disconnect", 3500)["reconnect"], false);
    assert_eq!(row("disconnect", 3001)["reconnect"], true);
    assert_eq!(row("unsubscribe", 2500)["reconnect"], true);
    assert_eq!(row("client_error", 109)["reconnect"], true);
    assert!(row("api_error", 104).get("reconnect").is_none());
    assert!(rows
        .iter()
        .all(|r| !r["description"].as_str().unwrap().is_empty()));
}

#[test]
fn codes_lookup() {
    let r = centri(&["codes", "104", "-o", "json"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(
        (v[0]["kind"].as_str(), v[0]["message"].as_str()),
        (Some("client_error"), Some("method not found"))
    );
    assert_eq!(
        (v[1]["kind"].as_str(), v[1]["message"].as_str()),
        (Some("api_error"), Some("not found"))
    );
    let r = centri(&["codes", "104", "-o", "table"]);
    insta::assert_snapshot!("codes_104", r.stdout);

    let r = centri(&["codes", "4501", "-o", "json"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    assert_eq!(v[0]["range"], "4500-4999");
    assert_eq!(v[0]["reconnect"], false);
    let r = centri(&["codes", "4501", "-o", "table"]);
    insta::assert_snapshot!("codes_4501", r.stdout);
    let v = centri(&["codes", "4001", "-o", "json"]).json();
    assert_eq!(
        (v[0]["range"].as_str(), v[0]["reconnect"].as_bool()),
        (Some("4000-4499"), Some(true))
    );

    let r = centri(&["codes", "70000", "-o", "json"]);
    assert_eq!(r.code, 2);
    let e: Value = serde_json::from_str(r.stderr.trim()).unwrap();
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unknown code"));
}

#[test]
fn invalid_rate_limits_in_a_config_name_the_key() {
    let dir = TempDir::new();
    let file = dir.join("rl.json");
    let path = file.to_str().unwrap();
    for (rl, key) in [
        (
            r#"{"client_command": {"publsh": {"enabled": true, "buckets": [{"interval": "1s", "rate": 1}]}}}"#,
            "client.rate_limit.client_command.publsh",
        ),
        (
            r#"{"user_command": {"publish": {"enabled": true, "buckets": [{"interval": "1s", "rate": 0}]}}}"#,
            "client.rate_limit.user_command.publish.buckets[0].rate",
        ),
        (
            r#"{"client_command": {"publish": {"enabled": true, "buckets": [{"interval": "soon", "rate": 1}]}}}"#,
            "client.rate_limit.client_command.publish.buckets[0].interval",
        ),
    ] {
        std::fs::write(&file, format!(r#"{{"client": {{"rate_limit": {rl}}}}}"#)).unwrap();
        let r = centri(&["config", "check", path, "-o", "json"]);
        assert_eq!(r.code, 8, "{rl}");
        let err = r.json()["errors"][0].as_str().unwrap().to_string();
        assert!(err.starts_with(key), "{key}: {err}");
    }
}

/// Runs `centri ARGS` on a terminal that reports 0 columns (as under `script`, some CI runners
/// and IDE terminals), through util-linux `script`; the terminal's output, `\r` removed.
#[cfg(target_os = "linux")]
fn on_zero_width_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let home = TempDir::new();
    let out = Command::new("script")
        .args(["-qec"])
        .arg(format!("stty cols 0; exec {} {args}", bin().display()))
        .arg("/dev/null")
        .env_remove("COLUMNS")
        .env("XDG_CONFIG_HOME", &home.0)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs the binary on a pseudo-terminal");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// Issue 15 (3): a terminal of 0 columns is one of unknown width: tables fall back to 100
/// columns instead of one character per row, and `COLUMNS` is honoured.
#[cfg(target_os = "linux")]
#[test]
fn tables_on_a_zero_width_terminal() {
    let width = |s: &str| s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let out = on_zero_width_terminal("codes -o table", &[]);
    assert!(
        out.lines()
            .any(|l| l.contains("CODE") && l.contains("MESSAGE")),
        "the header is on one line:\n{out}"
    );
    assert!((60..=100).contains(&width(&out)), "{out}");
    let out = on_zero_width_terminal("codes -o table", &[("COLUMNS", "70")]);
    assert!(
        out.lines()
            .any(|l| l.contains("CODE") && l.contains("KIND")),
        "{out}"
    );
    assert!(width(&out) <= 70 && width(&out) > 50, "{out}");
}

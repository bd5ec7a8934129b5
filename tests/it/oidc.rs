//! Admin sign-in with OIDC against a real OIDC provider: node-oidc-provider (pinned in
//! tests/oidc, installed by `.ci/run` with `npm ci`), started here on a free loopback port and
//! issuing JWT access tokens with the client-credentials grant.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{free_port, fresh_dir, Server};

/// A node-oidc-provider process, stopped on drop.
struct Provider {
    child: Child,
    port: u16,
}

impl Provider {
    /// Starts the provider on `port` with the keys in `jwks` (made there when missing).
    fn start(port: u16, jwks: &Path) -> Self {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "node-oidc-provider is not installed: run `npm ci` in tests/oidc (.ci/run does)"
        );
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .arg(port.to_string())
            .arg(jwks)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("node is required for these tests: {e}"));
        // bounded: the provider says "listening" within 20 s
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if line.contains("listening") {
                    let _ = tx.send(());
                }
            }
        });
        if rx.recv_timeout(Duration::from_secs(20)).is_err() {
            let _ = child.kill();
            panic!("node-oidc-provider did not start on port {port}");
        }
        Self { child, port }
    }

    fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A client-credentials access token of `client` for `resource`.
    async fn token(&self, client: &str, resource: &str) -> String {
        let r: Value = reqwest::Client::new()
            .post(format!("{}/token", self.issuer()))
            .basic_auth(client, Some("secret"))
            .form(&[("grant_type", "client_credentials"), ("resource", resource)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {r}"))
            .to_string()
    }
}

impl Provider {
    /// The HTTP status of a refresh grant of `centri-cli` with this refresh token.
    async fn refresh_status(&self, refresh_token: &str) -> u16 {
        reqwest::Client::new()
            .post(format!("{}/token", self.issuer()))
            .form(&[
                ("grant_type", "refresh_token"),
                ("client_id", "centri-cli"),
                ("refresh_token", refresh_token),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ADMIN: &str = "https://centri.test/admin";

/// `GET /admin/ratelimit` with a bearer token: the status and the body.
async fn admin_get(s: &Server, token: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .get(s.url("/admin/ratelimit"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Who made the last rate-limit edit, as the server's history records it.
async fn last_editor(s: &Server) -> String {
    let h: Value = reqwest::Client::new()
        .get(s.url("/admin/ratelimit/history"))
        .header("X-API-Key", "admin-key")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    h["history"].as_array().unwrap().last().unwrap()["who"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The part of a JWT before the signature, re-signed: `header.payload` with `sig`.
fn forge(header: &Value, payload: &str, sig: &str) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!("{}.{payload}.{sig}", b64.encode(header.to_string()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_endpoints_take_oidc_tokens_from_a_real_provider() {
    let dir = fresh_dir("oidc");
    let port = free_port();
    let keys1 = dir.join("keys1.json");
    let op = tokio::task::spawn_blocking({
        let keys1 = keys1.clone();
        move || Provider::start(port, &keys1)
    })
    .await
    .unwrap();
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": "admin-key", "oidc": {
        "issuer": op.issuer(), "audience": ADMIN, "leeway": "0s",
        "require": {"claim": "groups", "value": "centri-admins"}}});
    let s = Server::start(cfg).await;

    // an operator in the group: in, and named in the audit trail
    let ops = op.token("ops", ADMIN).await;
    let (st, body) = admin_get(&s, &ops).await;
    assert_eq!(st, 200, "{body}");
    let r = reqwest::Client::new()
        .patch(s.url("/admin/ratelimit"))
        .bearer_auth(&ops)
        .json(&json!({"set": {"client_command.publish": [{"interval": "1m", "rate": 5}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let who = last_editor(&s).await;
    assert!(
        who.starts_with("ops@example.test (oidc sub \"ops\""),
        "{who}"
    );

    // the access rule: a valid token without the group is forbidden
    let (st, body) = admin_get(&s, &op.token("viewer", ADMIN).await).await;
    assert_eq!(st, 403, "{body}");
    assert!(body.contains("centri-admins"), "{body}");

    // refused with 401: wrong audience, expired, alg none, HS/RS confusion, no token
    let (st, body) = admin_get(&s, &op.token("ops", "https://other.test").await).await;
    assert_eq!(st, 401, "{body}");
    assert!(body.contains("audience"), "{body}");
    let brief = op.token("brief", ADMIN).await;
    assert_eq!(admin_get(&s, &brief).await.0, 200);
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (st, body) = admin_get(&s, &brief).await;
    assert_eq!((st, body.trim()), (401, "the token has expired"));
    let parts: Vec<&str> = ops.split('.').collect();
    let kid = {
        use base64::Engine as _;
        let h: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[0])
                .unwrap(),
        )
        .unwrap();
        h["kid"].as_str().unwrap().to_string()
    };
    let none = forge(&json!({"alg": "none", "kid": kid}), parts[1], "");
    assert_eq!(admin_get(&s, &none).await.0, 401);
    // HS256 with the provider's public JWKS as the HMAC secret
    let public = reqwest::get(format!("{}/jwks", op.issuer()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let claims: Value = {
        use base64::Engine as _;
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[1])
                .unwrap(),
        )
        .unwrap()
    };
    let mut hs = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs.kid = Some(kid.clone());
    let confused = jsonwebtoken::encode(
        &hs,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(public.as_bytes()),
    )
    .unwrap();
    let (st, body) = admin_get(&s, &confused).await;
    assert_eq!(st, 401, "{body}");
    assert!(body.contains("HS256"), "{body}");
    let r = reqwest::Client::new()
        .get(s.url("/admin/ratelimit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // a wrong issuer: another provider with the same keys, on another port
    let other_port = free_port();
    let other = tokio::task::spawn_blocking({
        let keys1 = keys1.clone();
        move || Provider::start(other_port, &keys1)
    })
    .await
    .unwrap();
    let (st, body) = admin_get(&s, &other.token("ops", ADMIN).await).await;
    assert_eq!(st, 401, "{body}");
    assert!(body.contains("issuer"), "{body}");
    drop(other);

    // a key rotation at the provider: new keys, same issuer; the server fetches them again
    drop(op);
    let keys2 = dir.join("keys2.json");
    let op = tokio::task::spawn_blocking(move || Provider::start(port, &keys2))
        .await
        .unwrap();
    let rotated = op.token("ops", ADMIN).await;
    assert_ne!(
        rotated.split('.').next(),
        ops.split('.').next(),
        "a new kid"
    );
    // bounded: the JWKS is fetched again at most every 10 s
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (st, body) = admin_get(&s, &rotated).await;
        if st == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "{st} {body}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // and a token signed with the retired key no longer is
    assert_eq!(admin_get(&s, &ops).await.0, 401);
    // the admin key still works beside OIDC
    let r = reqwest::Client::new()
        .get(s.url("/admin/ratelimit"))
        .header("X-API-Key", "admin-key")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(op);
    s.stop().await;
}

/// `centri ARGS` as [`super::util::centri_env`] runs it, with no display, no browser and no
/// SSH session unless `env` sets them, off the test's runtime.
async fn cli(home: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let home = home.to_path_buf();
    let args: Vec<String> = args.iter().map(ToString::to_string).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut all: Vec<(&str, &str)> = vec![
            ("DISPLAY", ""),
            ("WAYLAND_DISPLAY", ""),
            ("BROWSER", ""),
            ("SSH_CONNECTION", ""),
            ("SSH_TTY", ""),
        ];
        all.extend(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        super::util::centri_env(&home, &args, &all)
    })
    .await
    .unwrap()
}

/// The stored login of context `name`.
fn stored_login(home: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(home.join("centri/contexts.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["contexts"][name]["login"].clone()
}

/// Rewrites the stored login of context `name`.
fn edit_login(home: &Path, name: &str, f: impl FnOnce(&mut Value)) {
    let path = home.join("centri/contexts.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut v["contexts"][name]["login"]);
    std::fs::write(&path, v.to_string()).unwrap();
}

/// The scripted browser (tests/oidc/browser.mjs) signing in as `login`, as a $BROWSER value.
fn browser(login: &str) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/browser.mjs");
    format!("node {} {login}", script.display())
}

/// `centri login --device`, with the person's side done by the scripted browser once the
/// code shows: (exit code, stdout, stderr).
async fn device_login(home: &Path, person: &str) -> (i32, String, String) {
    let mut child = Command::new(super::util::bin())
        .args(["login", "--device", "--wait", "60s"])
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("CENTRI_CONTEXT")
        .env_remove("CENTRI_SERVER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if let Some(url) = line.trim().strip_prefix("(or open ") {
                let _ = tx.send(url.trim_end_matches(')').to_string());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let url = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(30)))
        .await
        .unwrap()
        .expect("centri login --device shows where to sign in");
    assert!(url.contains("user_code="), "{url}");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/browser.mjs");
    let person = person.to_string();
    let page = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(person)
            .arg(url)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        page.status.success() && String::from_utf8_lossy(&page.stdout).contains("Sign-in Success"),
        "{}",
        String::from_utf8_lossy(&page.stdout)
    );
    // bounded: centri polls every 5 s and stops at --wait 60s
    tokio::task::spawn_blocking(move || {
        let out = child.wait_with_output().unwrap();
        let err = reader.join().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            err,
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn centri_login_device_flow_pkce_refresh_and_logout() {
    let dir = fresh_dir("login");
    let port = free_port();
    let keys = dir.join("keys.json");
    let op = tokio::task::spawn_blocking(move || Provider::start(port, &keys))
        .await
        .unwrap();
    let mut cfg = super::util::test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": "admin-key", "oidc": {
        "issuer": op.issuer(), "audience": ADMIN, "client_id": "centri-cli",
        "rule": "\"centri-admins\" in groups && email ~ \"*@example.test\""}});
    let s = Server::start(cfg).await;
    let home = dir.join("home");
    let server = s.url("");
    let (code, _, err) = cli(
        &home,
        &[
            "context",
            "add",
            "t",
            "--server",
            &server,
            "--api-key",
            super::util::API_KEY,
        ],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{err}");

    // not signed in: the admin endpoints refuse the API key
    let (code, _, err) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 4, "{err}");

    // the device flow, with the provider and client from the server's GET /admin/oidc
    let (code, out, err) = device_login(&home, "alice").await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["email"],
        "alice@example.test"
    );
    assert!(err.contains("enter the code"), "{err}");
    let l = stored_login(&home, "t");
    assert_eq!(l["flow"], "device");
    assert_eq!(l["issuer"], op.issuer());
    assert_eq!(l["bearer"], "access_token");
    assert!(l["refresh_token"].is_string(), "{l}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(home.join("centri/contexts.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (code, out, _) = cli(&home, &["context", "show", "-o", "json"], &[]).await;
    assert_eq!(code, 0);
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["login"]["who"], "alice@example.test");
    assert!(
        !out.contains(l["access_token"].as_str().unwrap()),
        "tokens never print"
    );

    // the admin commands use the login with no flags: ratelimit, its history names alice,
    // trace and explain
    let (code, out, err) = cli(&home, &["ratelimit", "show", "-o", "json"], &[]).await;
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = cli(
        &home,
        &["ratelimit", "set", "client_command.publish=5/1m", "-y"],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let who = last_editor(&s).await;
    assert!(
        who.starts_with("alice@example.test (oidc sub \"alice\""),
        "{who}"
    );
    let (code, _, err) = cli(
        &home,
        &["trace", "user", "42", "--duration", "1s", "-o", "ndjson"],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = cli(
        &home,
        &[
            "explain",
            "subscribe",
            "--user",
            "42",
            "--channel",
            "chat:x",
            "-o",
            "json",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");

    // a refresh: the bearer is due, so the next call refreshes it and stores the new tokens
    edit_login(&home, "t", |l| l["expires_at"] = json!(1));
    let (code, _, err) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 0, "{err}");
    let refreshed = stored_login(&home, "t");
    assert_ne!(refreshed["access_token"], l["access_token"]);
    assert_ne!(refreshed["refresh_token"], l["refresh_token"], "rotated");
    assert!(refreshed["expires_at"].as_i64().unwrap() > super::util::now());
    // the old refresh token was used up by the rotation
    assert_eq!(
        op.refresh_status(l["refresh_token"].as_str().unwrap())
            .await,
        400
    );

    // an expired login that cannot be refreshed: "run centri login", the auth exit code
    edit_login(&home, "t", |l| {
        l["expires_at"] = json!(1);
        l["refresh_token"] = json!("no-such-refresh-token");
    });
    let (code, _, err) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("has expired"), "{err}");
    assert!(err.contains("run centri login"), "{err}");
    let (code, _, err) = cli(&home, &["trace", "user", "42", "--duration", "1s"], &[]).await;
    assert_eq!(code, 4, "{err}");

    // PKCE with the scripted browser: bob signs in, and the access rule refuses him
    let (code, out, err) = cli(
        &home,
        &["login", "--browser", "--wait", "60s"],
        &[("BROWSER", &browser("bob"))],
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["email"],
        "bob@example.test"
    );
    assert!(
        err.contains("Signed in"),
        "the browser got centri's page: {err}"
    );
    assert_eq!(stored_login(&home, "t")["flow"], "pkce");
    let (code, _, err) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("HTTP 403") && err.contains("admin.oidc.rule"),
        "{err}"
    );

    // and alice, in the browser this time
    let (code, out, err) = cli(
        &home,
        &["login", "--wait", "60s"],
        &[("BROWSER", &browser("alice"))],
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 0, "{err}");

    // another --server never gets the login's token
    let (code, _, err) = cli(
        &home,
        &[
            "ratelimit",
            "show",
            "--server",
            &format!("http://localhost:{}", s.url("").rsplit(':').next().unwrap()),
        ],
        &[],
    )
    .await;
    assert_eq!(code, 4, "{err}");

    // logout: the tokens leave the file and the refresh token is revoked at the provider
    let before = stored_login(&home, "t");
    let (code, out, err) = cli(&home, &["logout", "-o", "json"], &[]).await;
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["revoked"], true, "{doc} {err}");
    assert!(stored_login(&home, "t").is_null());
    assert_eq!(
        op.refresh_status(before["refresh_token"].as_str().unwrap())
            .await,
        400
    );
    let (code, _, _) = cli(&home, &["ratelimit", "show"], &[]).await;
    assert_eq!(code, 4);

    // nobody signs in: the wait ends with the auth exit code
    let (code, _, err) = cli(&home, &["login", "--device", "--wait", "1s"], &[]).await;
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("nobody signed in"), "{err}");
    // a provider that is not there
    let (code, _, err) = cli(
        &home,
        &[
            "login",
            "--device",
            "--issuer",
            &format!("http://127.0.0.1:{}", free_port()),
            "--client-id",
            "x",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 6, "{err}");
    drop(op);
    s.stop().await;
}

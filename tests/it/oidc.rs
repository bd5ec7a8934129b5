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
    let h: Value = reqwest::Client::new()
        .get(s.url("/admin/ratelimit/history"))
        .bearer_auth(&ops)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let who = h["history"].as_array().unwrap().last().unwrap()["who"]
        .as_str()
        .unwrap()
        .to_string();
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

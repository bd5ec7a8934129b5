//! A fake Huawei Push Kit (server API v1) with its OAuth 2.0 client-credentials token
//! endpoint, and the tests of centri's [`Hms`] against it.
//!
//! [`FakeHms::start`] serves on 127.0.0.1 (HTTP/1.1 keep-alive and h2c): `POST
//! /oauth2/v3/token` checks `grant_type=client_credentials` and the app's id and secret and
//! grants random access tokens; `POST /v1/{app_id}/messages:send` checks the bearer token
//! (unknown: 401 `80200001`, expired: 401 `80200003`), the app id in the path, and the body
//! (`validate_only: false`, a `message` with exactly one of a one-element `token` array,
//! `topic` or `condition`), records each message it accepts and answers Push Kit's codes.
//! Faults are programmed per device token or for the next requests.

// The fakes are an API for the send pipeline's tests and the benchmark too: not all of it
// is used here.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper::Method;
use serde_json::{json, Value};

use centri::server::config::push::PushHmsConfig;
use centri::server::push::send::provider::hms::Hms;
use centri::server::push::send::provider::{http_client, Outcome, To};

use super::fcm::{
    json_reply, raw_reply, with_header, Accepted, FaultPlan, GrantFault, HttpServer, IssuedTokens,
    Record, Reply, Req, Target, TokenCheck,
};

/// How a send is answered instead of being accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HmsFault {
    /// 200 `80300007`: all tokens are invalid.
    InvalidToken,
    /// 200 `80100000` with our token among `illegal_tokens`.
    IllegalToken,
    /// 401 `80200003`: the access token expired.
    TokenExpired,
    /// 503, Push Kit's traffic control.
    Unavailable,
    /// 429 with `Retry-After: 1`.
    TooManyRequests,
    /// 500 `81000001`: system internal error.
    Internal,
    /// 400 `80300008`: the message body is over 4096 bytes.
    TooBig,
    /// 400 `80100003`: incorrect message structure.
    BadMessage,
    /// Close the connection without answering.
    Reset,
    /// Never answer.
    Stall,
    /// Any status and body (`text/plain`).
    Raw(u16, String),
}

/// How a [`FakeHms`] starts.
#[derive(Debug, Clone)]
pub struct HmsOptions {
    pub app_id: String,
    pub app_secret: String,
    /// The `expires_in` of the tokens granted.
    pub expires_in: u64,
}

impl Default for HmsOptions {
    fn default() -> Self {
        HmsOptions {
            app_id: "104460711".into(),
            app_secret: "fake-hms-app-secret-0123456789abcdef".into(),
            expires_in: 3600,
        }
    }
}

struct HmsState {
    app_id: String,
    app_secret: String,
    send_path: String,
    expires_in: AtomicU64,
    tokens: IssuedTokens,
    faults: FaultPlan<HmsFault>,
    record: Record,
    request_ids: AtomicU64,
}

/// A running fake Push Kit.
pub struct FakeHms {
    server: HttpServer,
    state: Arc<HmsState>,
}

impl FakeHms {
    pub async fn start() -> FakeHms {
        FakeHms::start_with(HmsOptions::default()).await
    }

    pub async fn start_with(opts: HmsOptions) -> FakeHms {
        let listener = HttpServer::bind().await;
        let state = Arc::new(HmsState {
            send_path: format!("/v1/{}/messages:send", opts.app_id),
            app_id: opts.app_id,
            app_secret: opts.app_secret,
            expires_in: AtomicU64::new(opts.expires_in),
            tokens: IssuedTokens::default(),
            faults: FaultPlan::default(),
            record: Record::default(),
            request_ids: AtomicU64::new(0),
        });
        let s = state.clone();
        let server = HttpServer::serve(listener, move |req| hms_route(&s, req));
        FakeHms { server, state }
    }

    /// `http://127.0.0.1:<port>`: `push_notifications.hms.endpoint`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// `push_notifications.hms.token_endpoint`.
    pub fn token_endpoint(&self) -> String {
        format!("{}/oauth2/v3/token", self.server.url())
    }

    pub fn app_id(&self) -> &str {
        &self.state.app_id
    }

    pub fn app_secret(&self) -> &str {
        &self.state.app_secret
    }

    /// `push_notifications.hms` pointing at this fake.
    pub fn config(&self) -> PushHmsConfig {
        PushHmsConfig {
            app_id: self.state.app_id.clone(),
            app_secret: self.state.app_secret.clone(),
            endpoint: self.url(),
            token_endpoint: self.token_endpoint(),
        }
    }

    /// The same as JSON, for a server config.
    pub fn config_json(&self) -> Value {
        json!({"app_id": self.state.app_id, "app_secret": self.state.app_secret,
               "endpoint": self.url(), "token_endpoint": self.token_endpoint()})
    }

    /// The messages accepted so far, oldest first (`message` as received, its `token`
    /// array included).
    pub fn messages(&self) -> Vec<Accepted> {
        self.state.record.messages()
    }

    pub fn take_messages(&self) -> Vec<Accepted> {
        self.state.record.take_messages()
    }

    /// Off: accepted messages are counted, not kept (for long benchmarks).
    pub fn set_recording(&self, on: bool) {
        self.state.record.set_recording(on);
    }

    pub fn grants(&self) -> u64 {
        self.state.record.grants.load(Ordering::Acquire)
    }

    pub fn grant_requests(&self) -> u64 {
        self.state.record.grant_requests.load(Ordering::Acquire)
    }

    pub fn sends(&self) -> u64 {
        self.state.record.sends.load(Ordering::Acquire)
    }

    pub fn accepted(&self) -> u64 {
        self.state.record.accepted.load(Ordering::Acquire)
    }

    /// Every send to `token` answers `fault` until [`clear_faults`](Self::clear_faults).
    pub fn fail_token(&self, token: &str, fault: HmsFault) {
        self.state.faults.for_token(token, fault);
    }

    /// The next `n` sends answer `fault`.
    pub fn fail_next(&self, n: usize, fault: HmsFault) {
        self.state.faults.next(n, fault);
    }

    /// The next `n` token requests fail.
    pub fn fail_grants(&self, n: usize, fault: GrantFault) {
        self.state.faults.next_grants(n, fault);
    }

    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    pub fn set_expires_in(&self, secs: u64) {
        self.state.expires_in.store(secs, Ordering::Release);
    }

    /// Every access token granted so far expires now.
    pub fn expire_tokens(&self) {
        self.state.tokens.expire_all();
    }

    pub async fn stop(mut self) {
        self.server.stop().await;
    }
}

fn hms_route(s: &HmsState, req: &Req) -> Reply {
    if req.method == Method::POST && req.path == "/oauth2/v3/token" {
        return hms_grant(s, req);
    }
    if req.method == Method::POST
        && req.path.starts_with("/v1/")
        && req.path.ends_with("/messages:send")
    {
        return hms_send(s, req);
    }
    raw_reply(
        404,
        "text/plain",
        format!("fake hms: no {} {}", req.method, req.path),
    )
}

fn hms_grant(s: &HmsState, req: &Req) -> Reply {
    s.record.grant_requests.fetch_add(1, Ordering::AcqRel);
    match s.faults.take_grant() {
        None => {}
        Some(GrantFault::ServerError) => {
            return json_reply(
                500,
                &json!({"error": 1500, "error_description": "system error"}),
            )
        }
        Some(GrantFault::Unavailable) => {
            return with_header(
                raw_reply(503, "text/plain", "busy".into()),
                "retry-after",
                "1",
            )
        }
        Some(GrantFault::Refused) => return refused(),
        Some(GrantFault::Reset) => return Reply::Reset,
        Some(GrantFault::Garbage) => {
            return raw_reply(200, "text/html", "<html>maintenance</html>".into())
        }
    }
    let Some(form) = req.form() else {
        return json_reply(
            400,
            &json!({"error": 1102, "error_description": "missing required param"}),
        );
    };
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return json_reply(
            400,
            &json!({"error": 1102, "error_description": "unsupported grant_type"}),
        );
    }
    if form.get("client_id") != Some(&s.app_id) || form.get("client_secret") != Some(&s.app_secret)
    {
        return refused();
    }
    let secs = s.expires_in.load(Ordering::Acquire);
    let token = s.tokens.issue(secs);
    s.record.grants.fetch_add(1, Ordering::AcqRel);
    json_reply(
        200,
        &json!({"access_token": token, "expires_in": secs, "token_type": "Bearer"}),
    )
}

fn refused() -> Reply {
    json_reply(
        400,
        &json!({"error": 1101, "sub_error": 20152, "error_description": "invalid client"}),
    )
}

fn code(status: u16, code: &str, msg: &str, request_id: u64) -> Reply {
    json_reply(
        status,
        &json!({"code": code, "msg": msg, "requestId": request_id.to_string()}),
    )
}

fn hms_send(s: &HmsState, req: &Req) -> Reply {
    s.record.sends.fetch_add(1, Ordering::AcqRel);
    let rid = s.request_ids.fetch_add(1, Ordering::AcqRel) + 1;
    match s.tokens.check(req.bearer()) {
        TokenCheck::Valid => {}
        TokenCheck::Expired => return code(401, "80200003", "Oauth token expired", rid),
        TokenCheck::Unknown => return code(401, "80200001", "Oauth authentication error", rid),
    }
    // A token granted to another app.
    if req.path != s.send_path {
        return code(401, "80200001", "Oauth authentication error", rid);
    }
    let bad = |msg: &str| code(400, "80100003", msg, rid);
    let Some(body) = req.json() else {
        return bad("Illegal payload: not JSON");
    };
    if body.get("validate_only") != Some(&Value::Bool(false)) {
        // centri always sends for real; a dry run would not be delivered.
        return code(400, "80100001", "fake: validate_only must be false", rid);
    }
    let Some(message) = body.get("message").filter(|m| m.is_object()) else {
        return bad("Illegal payload: missing message");
    };
    let present: Vec<&str> = ["token", "topic", "condition"]
        .into_iter()
        .filter(|k| message.get(*k).is_some())
        .collect();
    if present.len() != 1 {
        return bad("Illegal payload: exactly one of token, topic, condition");
    }
    let target = match present[0] {
        "token" => match message["token"].as_array().map(Vec::as_slice) {
            Some([Value::String(t)]) if !t.is_empty() => Target::Token(t.clone()),
            Some([_, _, ..]) => {
                return code(400, "80300010", "fake: one token per request expected", rid)
            }
            _ => return bad("Illegal payload: token must be an array of strings"),
        },
        k => match message[k].as_str() {
            Some(v) if !v.is_empty() => {
                if k == "topic" {
                    Target::Topic(v.into())
                } else {
                    Target::Condition(v.into())
                }
            }
            _ => return bad("Illegal payload: bad topic or condition"),
        },
    };
    let token = match &target {
        Target::Token(t) => Some(t.as_str()),
        _ => None,
    };
    if let Some(fault) = s.faults.take(token) {
        return match fault {
            HmsFault::InvalidToken => code(200, "80300007", "All the tokens are invalid", rid),
            HmsFault::IllegalToken => {
                let msg = json!({"success": 0, "failure": 1, "illegal_tokens": [token.unwrap_or_default()]});
                code(200, "80100000", &msg.to_string(), rid)
            }
            HmsFault::TokenExpired => code(401, "80200003", "Oauth token expired", rid),
            HmsFault::Unavailable => raw_reply(503, "text/plain", "Service Unavailable".into()),
            HmsFault::TooManyRequests => with_header(
                raw_reply(429, "text/plain", "Too Many Requests".into()),
                "retry-after",
                "1",
            ),
            HmsFault::Internal => code(500, "81000001", "Internal error", rid),
            HmsFault::TooBig => code(
                400,
                "80300008",
                "The message body size exceeds the default value",
                rid,
            ),
            HmsFault::BadMessage => code(
                400,
                "80100003",
                "Illegal payload, click_action.type is required",
                rid,
            ),
            HmsFault::Reset => Reply::Reset,
            HmsFault::Stall => Reply::Stall,
            HmsFault::Raw(status, body) => raw_reply(status, "text/plain", body),
        };
    }
    s.record.accept(target, message);
    code(200, "80000000", "Success", rid)
}

// ---------------------------------------------------------------------------------------
// centri's Hms against the fake.

fn client() -> reqwest::Client {
    http_client(None, Duration::from_secs(5), false).expect("client")
}

fn sender(fake: &FakeHms) -> Hms {
    Hms::new(&fake.config(), client()).expect("Hms::new")
}

fn note() -> Value {
    json!({"android": {"notification": {"title": "Hello", "body": "from centri",
                                         "click_action": {"type": 3}}},
           "data": "{\"k\":\"v\"}"})
}

#[tokio::test]
async fn a_send_is_accepted_with_the_token_inserted() {
    let fake = FakeHms::start().await;
    let hms = sender(&fake);
    let out = hms.send(&note(), To::Token("hms-device-1")).await;
    assert_eq!(
        out,
        Outcome::Sent {
            id: Some("1".into())
        }
    );
    let mut want = note();
    want["token"] = json!(["hms-device-1"]);
    assert_eq!(
        fake.messages(),
        vec![Accepted {
            target: Target::Token("hms-device-1".into()),
            message: want
        }]
    );
    assert_eq!((fake.grants(), fake.sends()), (1, 1));
}

#[tokio::test]
async fn topics_and_conditions_are_targets_too() {
    let fake = FakeHms::start().await;
    let hms = sender(&fake);
    let mut m = note();
    m["token"] = json!(["stale-a", "stale-b"]);
    assert!(matches!(
        hms.send(&m, To::Topic("news")).await,
        Outcome::Sent { .. }
    ));
    let cond = "'a' in topics || 'b' in topics";
    assert!(matches!(
        hms.send(&note(), To::Condition(cond)).await,
        Outcome::Sent { .. }
    ));
    let got = fake.take_messages();
    assert_eq!(got[0].target, Target::Topic("news".into()));
    assert!(got[0].message.get("token").is_none());
    assert_eq!(got[1].target, Target::Condition(cond.into()));
    let sub = hms
        .send(
            &note(),
            To::Subscription {
                endpoint: "https://x",
                keys: "{}",
            },
        )
        .await;
    assert!(matches!(sub, Outcome::Failed { .. }), "{sub:?}");
}

#[tokio::test]
async fn one_token_serves_concurrent_sends_and_is_refetched_when_it_expires() {
    let fake = FakeHms::start().await;
    fake.set_expires_in(1);
    let hms = Arc::new(sender(&fake));
    let mut tasks = Vec::new();
    for i in 0..40 {
        let hms = hms.clone();
        tasks.push(tokio::spawn(async move {
            hms.send(&note(), To::Token(&format!("d{i}"))).await
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Outcome::Sent { .. }));
    }
    assert_eq!((fake.grants(), fake.accepted()), (1, 40));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(matches!(
        hms.send(&note(), To::Token("late")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!((fake.grants(), fake.sends()), (2, 41));
}

#[tokio::test]
async fn an_expired_token_is_refetched_once() {
    let fake = FakeHms::start().await;
    let hms = sender(&fake);
    assert!(matches!(
        hms.send(&note(), To::Token("a")).await,
        Outcome::Sent { .. }
    ));
    fake.expire_tokens();
    assert!(matches!(
        hms.send(&note(), To::Token("b")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!((fake.grants(), fake.sends(), fake.accepted()), (2, 3, 2));
    fake.fail_next(1, HmsFault::TokenExpired);
    assert!(matches!(
        hms.send(&note(), To::Token("c")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.grants(), 3);
    // Still expired after a new token: try later.
    fake.fail_next(2, HmsFault::TokenExpired);
    assert_eq!(
        hms.send(&note(), To::Token("d")).await,
        Outcome::Retry {
            reason: "80200003".into(),
            after: None
        }
    );
    assert_eq!(fake.grants(), 4);
}

#[tokio::test]
async fn each_fault_comes_to_its_outcome() {
    let fake = FakeHms::start().await;
    let hms = sender(&fake);
    let cases = [
        (
            HmsFault::InvalidToken,
            Outcome::Dead {
                reason: "80300007".into(),
            },
        ),
        (
            HmsFault::IllegalToken,
            Outcome::Dead {
                reason: "80100000".into(),
            },
        ),
        (
            HmsFault::Unavailable,
            Outcome::Retry {
                reason: "http 503".into(),
                after: None,
            },
        ),
        (
            HmsFault::TooManyRequests,
            Outcome::Retry {
                reason: "http 429".into(),
                after: Some(Duration::from_secs(1)),
            },
        ),
        (
            HmsFault::Internal,
            Outcome::Retry {
                reason: "81000001".into(),
                after: None,
            },
        ),
        (
            HmsFault::TooBig,
            Outcome::Failed {
                reason: "80300008".into(),
            },
        ),
        (
            HmsFault::BadMessage,
            Outcome::Failed {
                reason: "80100003".into(),
            },
        ),
        (
            HmsFault::Reset,
            Outcome::Retry {
                reason: "connect".into(),
                after: None,
            },
        ),
        (
            HmsFault::Raw(200, "not json".into()),
            Outcome::Failed {
                reason: "bad answer".into(),
            },
        ),
        (
            HmsFault::Raw(200, "{\"code\": 5}".into()),
            Outcome::Failed { reason: "5".into() },
        ),
        (
            HmsFault::Raw(502, "<html>".into()),
            Outcome::Retry {
                reason: "http 502".into(),
                after: None,
            },
        ),
    ];
    for (fault, want) in cases {
        fake.fail_token("sick", fault.clone());
        assert_eq!(
            hms.send(&note(), To::Token("sick")).await,
            want,
            "{fault:?}"
        );
        assert!(matches!(
            hms.send(&note(), To::Token("well")).await,
            Outcome::Sent { .. }
        ));
        fake.clear_faults();
    }
    fake.fail_next(1, HmsFault::InvalidToken);
    assert_eq!(
        hms.send(&note(), To::Topic("t")).await,
        Outcome::Failed {
            reason: "80300007".into()
        }
    );
    assert_eq!(fake.grants(), 1);
}

#[tokio::test]
async fn token_endpoint_failures_and_wrong_secrets() {
    let fake = FakeHms::start().await;
    let hms = sender(&fake);
    let cases = [
        (
            GrantFault::ServerError,
            Outcome::Retry {
                reason: "oauth http 500".into(),
                after: None,
            },
        ),
        (
            GrantFault::Unavailable,
            Outcome::Retry {
                reason: "oauth http 503".into(),
                after: Some(Duration::from_secs(1)),
            },
        ),
        (
            GrantFault::Refused,
            Outcome::Failed {
                reason: "oauth 1101".into(),
            },
        ),
        (
            GrantFault::Reset,
            Outcome::Retry {
                reason: "oauth connect".into(),
                after: None,
            },
        ),
        (
            GrantFault::Garbage,
            Outcome::Retry {
                reason: "oauth bad answer".into(),
                after: None,
            },
        ),
    ];
    for (fault, want) in cases {
        fake.fail_grants(1, fault.clone());
        assert_eq!(hms.send(&note(), To::Token("a")).await, want, "{fault:?}");
    }
    assert_eq!(fake.sends(), 0);
    let wrong = Hms::new(
        &PushHmsConfig {
            app_secret: "guess".into(),
            ..fake.config()
        },
        client(),
    )
    .unwrap();
    assert_eq!(
        wrong.send(&note(), To::Token("a")).await,
        Outcome::Failed {
            reason: "oauth 1101".into()
        }
    );
    // Another app's id: not a client the token endpoint knows.
    let other = Hms::new(
        &PushHmsConfig {
            app_id: "999".into(),
            ..fake.config()
        },
        client(),
    )
    .unwrap();
    assert_eq!(
        other.send(&note(), To::Token("a")).await,
        Outcome::Failed {
            reason: "oauth 1101".into()
        }
    );
    assert!(matches!(
        hms.send(&note(), To::Token("a")).await,
        Outcome::Sent { .. }
    ));
    assert_eq!(fake.grants(), 1);
}

#[tokio::test]
async fn timeouts_h2c_and_a_stopped_server() {
    let fake = FakeHms::start().await;
    let hms = Hms::new(
        &fake.config(),
        http_client(None, Duration::from_millis(300), true).unwrap(),
    )
    .unwrap();
    for i in 0..3 {
        assert!(matches!(
            hms.send(&note(), To::Token(&format!("d{i}"))).await,
            Outcome::Sent { .. }
        ));
    }
    fake.fail_next(1, HmsFault::Stall);
    assert_eq!(
        hms.send(&note(), To::Token("x")).await,
        Outcome::Retry {
            reason: "timeout".into(),
            after: None
        }
    );
    fake.stop().await;
    assert_eq!(
        hms.send(&note(), To::Token("x")).await,
        Outcome::Retry {
            reason: "connect".into(),
            after: None
        }
    );
}

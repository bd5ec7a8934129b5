//! centri's proxy callers against the real test backend ([`super::proxy_backend`]), over HTTP
//! and GRPC alike, with no centri server: `Proxy::new` + `request::*` + `Proxy::call`. Every
//! result field of the six kinds read back; the backend's error and disconnect; timeouts,
//! refused connections, garbage and bad statuses (with `status_to_code_transforms`); forwarded
//! and static headers (GRPC metadata, credentials); `binary_encoding` and
//! `include_connection_meta` in the requests.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};

use centri::server::config::proxy::ProxyConfig;
use centri::server::proxy::request::{self, Who};
use centri::server::proxy::{wire, Answer, Call, CallError, Kind, Proxy};

use super::proxy_backend::{refused, Backend, Protocol, Reply};

const ALL: [Kind; 6] = [
    Kind::Connect,
    Kind::Refresh,
    Kind::Subscribe,
    Kind::Publish,
    Kind::SubRefresh,
    Kind::Rpc,
];

/// The kinds whose requests carry the client's data.
const WITH_DATA: [Kind; 4] = [Kind::Connect, Kind::Subscribe, Kind::Publish, Kind::Rpc];

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A proxy config: `endpoint`, a 1s timeout, and the fields of `extra`.
fn config(endpoint: &str, extra: &Value) -> ProxyConfig {
    let mut v = json!({"endpoint": endpoint, "timeout": "1s"});
    for (k, x) in extra.as_object().into_iter().flatten() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).unwrap()
}

fn proxy(kind: Kind, endpoint: &str, extra: &Value) -> Arc<Proxy> {
    Arc::new(Proxy::new("default", kind, &config(endpoint, extra), None).unwrap())
}

/// The proxy of `kind` on `backend` over `protocol`.
fn proxy_on(backend: &Backend, protocol: Protocol, kind: Kind, extra: &Value) -> Arc<Proxy> {
    proxy(kind, &backend.endpoint(protocol, kind.name()), extra)
}

fn labels() -> BTreeMap<String, String> {
    BTreeMap::from([("region".to_string(), "eu".to_string())])
}

const META: &[u8] = br#"{"tier":"gold"}"#;

fn who(labels: &BTreeMap<String, String>) -> Who<'_> {
    Who {
        client: "c-1",
        transport: "websocket",
        protocol: "json",
        user: "42",
        meta: Some(META),
        labels,
    }
}

/// A call of any kind, its result as JSON, and the request that went out (as JSON).
struct Asked {
    request: Value,
    outcome: Result<Answer<Value>, CallError>,
}

fn as_json<R: serde::Serialize>(call: Call<R>) -> Result<Answer<Value>, CallError> {
    call.outcome.map(|a| match a {
        Answer::Result(r) => Answer::Result(r.map(|r| serde_json::to_value(r).unwrap())),
        Answer::Error(e) => Answer::Error(e),
        Answer::Disconnect(d) => Answer::Disconnect(d),
    })
}

/// Calls `p` (of its kind) for [`who`] with `data`, forwarding `headers`.
async fn ask(p: &Arc<Proxy>, data: &[u8], headers: &[(String, String)]) -> Asked {
    let labels = labels();
    let w = who(&labels);
    macro_rules! go {
        ($req:expr, $resp:ty) => {{
            let req = $req;
            let call = p.call::<_, $resp>(&req, headers).await;
            Asked {
                request: serde_json::to_value(&req).unwrap_or(Value::Null),
                outcome: as_json(call),
            }
        }};
    }
    match p.kind {
        Kind::Connect => go!(
            request::connect(p, &w, data, "app", "1.0", vec!["news".into()]),
            wire::ConnectResponse
        ),
        Kind::Refresh => go!(request::refresh(p, &w), wire::RefreshResponse),
        Kind::Subscribe => go!(
            request::subscribe(p, &w, "chat:1", "sub-token", data),
            wire::SubscribeResponse
        ),
        Kind::Publish => go!(
            request::publish(p, &w, "chat:1", data),
            wire::PublishResponse
        ),
        Kind::SubRefresh => go!(
            request::sub_refresh(p, &w, "chat:1"),
            wire::SubRefreshResponse
        ),
        Kind::Rpc => go!(request::rpc(p, &w, "get_profile", data), wire::RpcResponse),
        Kind::SharedPollRefresh => go!(
            centri::server::poll::wire::RefreshRequest {
                channel: "votes:1".into(),
                items: vec![centri::server::poll::wire::RefreshItem {
                    key: "k".into(),
                    version: 0,
                }],
            },
            centri::server::poll::wire::RefreshResponse
        ),
    }
}

/// The one call the backend got: of `kind` over `protocol`, with exactly `sent` as its
/// request (over GRPC: the decoded message, so the protobuf lost nothing).
fn got(
    backend: &Backend,
    protocol: Protocol,
    kind: Kind,
    sent: &Value,
) -> super::proxy_backend::Call {
    let call = backend.only_call();
    assert_eq!(call.kind, kind.name());
    assert_eq!(call.protocol, protocol);
    assert_eq!(&call.request, sent, "{protocol:?} {}", kind.name());
    backend.clear_calls();
    call
}

/// The fields every request has, for [`who`].
fn check_identity(req: &Value, kind: Kind, encoding: &str) {
    assert_eq!(req["client"], "c-1");
    assert_eq!(req["transport"], "websocket");
    assert_eq!(req["protocol"], "json");
    assert_eq!(req["encoding"], encoding);
    if kind != Kind::Connect {
        assert_eq!(req["user"], "42");
        assert_eq!(req["labels"], json!({"region": "eu"}));
    }
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {bytes:?}"))
}

fn override_all() -> Value {
    json!({"presence": {"value": true}, "join_leave": {"value": false},
           "force_recovery": {"value": true}, "force_positioning": {"value": false},
           "force_push_join_leave": {"value": true}})
}

fn check_override(o: Option<&wire::SubscribeOptionOverride>) {
    let o = o.expect("override");
    let v = |b: &Option<wire::BoolValue>| b.as_ref().map(|b| b.value);
    assert_eq!(v(&o.presence), Some(true));
    assert_eq!(v(&o.join_leave), Some(false));
    assert_eq!(v(&o.force_recovery), Some(true));
    assert_eq!(v(&o.force_positioning), Some(false));
    assert_eq!(v(&o.force_push_join_leave), Some(true));
}

fn result_of<R: std::fmt::Debug>(call: Call<R>, what: &str) -> R {
    match call.outcome {
        Ok(Answer::Result(Some(r))) => r,
        other => panic!("{what}: {other:?}"),
    }
}

#[tokio::test]
async fn connect_reads_every_result_field() {
    let backend = Backend::start().await;
    backend.set(
        "connect",
        Reply::result(json!({
            "user": "alice", "expire_at": 1_900_000_000_i64,
            "info": {"name": "Alice"}, "b64info": b64(b"\x00info"),
            "data": {"welcome": true}, "b64data": b64(b"\x01\x02"),
            "channels": ["news", "chat:1"],
            "subs": {"personal:alice": {
                "expire_at": 5, "info": {"i": 1}, "b64info": b64(b"si"),
                "data": {"d": 1}, "b64data": b64(b"sd"), "override": override_all()}},
            "meta": {"tier": "gold"},
            "caps": [{"channels": ["news:*"], "allow": ["sub", "hst"], "match": "wildcard"}],
            "labels": {"region": "eu"}
        })),
    );
    for protocol in Protocol::BOTH {
        let p = proxy_on(&backend, protocol, Kind::Connect, &json!({}));
        let labels = labels();
        let req = request::connect(
            &p,
            &who(&labels),
            br#"{"user":"alice"}"#,
            "app",
            "1.0",
            vec!["news".into()],
        );
        let call = p.call::<_, wire::ConnectResponse>(&req, &[]).await;
        let r = result_of(call, protocol.name());
        assert_eq!(r.user, "alice");
        assert_eq!(r.expire_at, 1_900_000_000);
        assert_eq!(json_of(&r.info), json!({"name": "Alice"}));
        assert_eq!(
            request::b64_or("b64info", &r.b64info, r.info.clone()).unwrap(),
            b"\x00info"
        );
        assert_eq!(json_of(&r.data), json!({"welcome": true}));
        assert_eq!(
            request::b64_or("b64data", &r.b64data, Vec::new()).unwrap(),
            b"\x01\x02"
        );
        assert_eq!(r.channels, ["news", "chat:1"]);
        let sub = &r.subs["personal:alice"];
        assert_eq!(sub.expire_at, 5);
        assert_eq!(json_of(&sub.info), json!({"i": 1}));
        assert_eq!(sub.b64info, b64(b"si"));
        assert_eq!(json_of(&sub.data), json!({"d": 1}));
        assert_eq!(sub.b64data, b64(b"sd"));
        check_override(sub.override_.as_ref());
        assert_eq!(json_of(&r.meta), json!({"tier": "gold"}));
        assert_eq!(r.caps.len(), 1);
        assert_eq!(r.caps[0].channels, ["news:*"]);
        assert_eq!(r.caps[0].allow, ["sub", "hst"]);
        assert_eq!(r.caps[0].match_, "wildcard");
        assert_eq!(r.labels["region"], "eu");

        let sent = serde_json::to_value(&req).unwrap();
        let call = got(&backend, protocol, Kind::Connect, &sent);
        check_identity(&call.request, Kind::Connect, "json");
        assert_eq!(call.request["data"], json!({"user": "alice"}));
        assert_eq!(call.request["name"], "app");
        assert_eq!(call.request["version"], "1.0");
        assert_eq!(call.request["channels"], json!(["news"]));
    }
}

#[tokio::test]
async fn refresh_and_sub_refresh_read_every_result_field() {
    let backend = Backend::start().await;
    backend.set(
        "refresh",
        Reply::result(json!({
            "expired": false, "expire_at": 1_900_000_000_i64,
            "info": {"v": 2}, "b64info": b64(b"ri"),
            "meta": {"tier": "platinum"},
            "caps": [{"channels": ["a"], "allow": ["pub"]}]
        })),
    );
    backend.set(
        "sub_refresh",
        Reply::result(
            json!({"expired": true, "expire_at": 7, "info": {"s": 3}, "b64info": b64(b"si")}),
        ),
    );
    for protocol in Protocol::BOTH {
        let labels = labels();
        let p = proxy_on(&backend, protocol, Kind::Refresh, &json!({}));
        let req = request::refresh(&p, &who(&labels));
        let r = result_of(
            p.call::<_, wire::RefreshResponse>(&req, &[]).await,
            protocol.name(),
        );
        assert!(!r.expired);
        assert_eq!(r.expire_at, 1_900_000_000);
        assert_eq!(json_of(&r.info), json!({"v": 2}));
        assert_eq!(r.b64info, b64(b"ri"));
        assert_eq!(json_of(&r.meta), json!({"tier": "platinum"}));
        assert_eq!(r.caps[0].channels, ["a"]);
        assert_eq!(r.caps[0].allow, ["pub"]);
        let call = got(
            &backend,
            protocol,
            Kind::Refresh,
            &serde_json::to_value(&req).unwrap(),
        );
        check_identity(&call.request, Kind::Refresh, "json");

        let p = proxy_on(&backend, protocol, Kind::SubRefresh, &json!({}));
        let req = request::sub_refresh(&p, &who(&labels), "chat:1");
        let r = result_of(
            p.call::<_, wire::SubRefreshResponse>(&req, &[]).await,
            protocol.name(),
        );
        assert!(r.expired);
        assert_eq!(r.expire_at, 7);
        assert_eq!(json_of(&r.info), json!({"s": 3}));
        assert_eq!(r.b64info, b64(b"si"));
        let call = got(
            &backend,
            protocol,
            Kind::SubRefresh,
            &serde_json::to_value(&req).unwrap(),
        );
        check_identity(&call.request, Kind::SubRefresh, "json");
        assert_eq!(call.request["channel"], "chat:1");
    }
}

#[tokio::test]
async fn subscribe_reads_every_result_field() {
    let backend = Backend::start().await;
    backend.set(
        "subscribe",
        Reply::result(json!({
            "expire_at": 1_900_000_000_i64, "info": {"role": "mod"}, "b64info": b64(b"bi"),
            "data": {"hello": 1}, "b64data": b64(b"bd"), "override": override_all(),
            "allow": ["pub", "prs"]
        })),
    );
    for protocol in Protocol::BOTH {
        let labels = labels();
        let p = proxy_on(&backend, protocol, Kind::Subscribe, &json!({}));
        let req = request::subscribe(&p, &who(&labels), "chat:1", "sub-token", br#"{"a":1}"#);
        let r = result_of(
            p.call::<_, wire::SubscribeResponse>(&req, &[]).await,
            protocol.name(),
        );
        assert_eq!(r.expire_at, 1_900_000_000);
        assert_eq!(json_of(&r.info), json!({"role": "mod"}));
        assert_eq!(r.b64info, b64(b"bi"));
        assert_eq!(json_of(&r.data), json!({"hello": 1}));
        assert_eq!(r.b64data, b64(b"bd"));
        check_override(r.override_.as_ref());
        assert_eq!(r.allow, ["pub", "prs"]);
        let call = got(
            &backend,
            protocol,
            Kind::Subscribe,
            &serde_json::to_value(&req).unwrap(),
        );
        check_identity(&call.request, Kind::Subscribe, "json");
        assert_eq!(call.request["channel"], "chat:1");
        assert_eq!(call.request["token"], "sub-token");
        assert_eq!(call.request["data"], json!({"a": 1}));
    }
}

#[tokio::test]
async fn publish_reads_every_result_field() {
    let backend = Backend::start().await;
    backend.set(
        "publish",
        Reply::result(json!({
            "data": {"text": "clean"}, "b64data": b64(b"pd"), "skip_history": true,
            "tags": {"k": "v"}, "idempotency_key": "idem-1", "delta": true,
            "version": 18_446_744_073_709_551_615_u64, "version_epoch": "ep"
        })),
    );
    for protocol in Protocol::BOTH {
        let labels = labels();
        let p = proxy_on(&backend, protocol, Kind::Publish, &json!({}));
        let req = request::publish(&p, &who(&labels), "chat:1", br#"{"text":"dirty"}"#);
        let r = result_of(
            p.call::<_, wire::PublishResponse>(&req, &[]).await,
            protocol.name(),
        );
        assert_eq!(json_of(&r.data), json!({"text": "clean"}));
        assert_eq!(r.b64data, b64(b"pd"));
        assert!(r.skip_history);
        assert_eq!(r.tags["k"], "v");
        assert_eq!(r.idempotency_key, "idem-1");
        assert!(r.delta);
        assert_eq!(r.version, u64::MAX);
        assert_eq!(r.version_epoch, "ep");
        let call = got(
            &backend,
            protocol,
            Kind::Publish,
            &serde_json::to_value(&req).unwrap(),
        );
        check_identity(&call.request, Kind::Publish, "json");
        assert_eq!(call.request["channel"], "chat:1");
        assert_eq!(call.request["data"], json!({"text": "dirty"}));
    }
}

#[tokio::test]
async fn rpc_reads_every_result_field() {
    let backend = Backend::start().await;
    // the answer depends on the request: the backend echoes the method and the data
    backend.set(
        "rpc",
        Reply::with(|req| {
            json!({"result": {"data": {"method": req["method"], "echo": req["data"]},
                               "b64data": b64(b"\xffraw")}})
        }),
    );
    for protocol in Protocol::BOTH {
        let labels = labels();
        let p = proxy_on(&backend, protocol, Kind::Rpc, &json!({}));
        let req = request::rpc(&p, &who(&labels), "get_profile", br#"{"id":7}"#);
        let r = result_of(
            p.call::<_, wire::RpcResponse>(&req, &[]).await,
            protocol.name(),
        );
        assert_eq!(
            json_of(&r.data),
            json!({"method": "get_profile", "echo": {"id": 7}})
        );
        assert_eq!(
            request::b64_or("b64data", &r.b64data, r.data.clone()).unwrap(),
            b"\xffraw"
        );
        let call = got(
            &backend,
            protocol,
            Kind::Rpc,
            &serde_json::to_value(&req).unwrap(),
        );
        check_identity(&call.request, Kind::Rpc, "json");
        assert_eq!(call.request["method"], "get_profile");
    }
}

#[tokio::test]
async fn the_backends_error_and_disconnect_come_back_for_every_kind() {
    let backend = Backend::start().await;
    for protocol in Protocol::BOTH {
        for kind in ALL {
            let p = proxy_on(&backend, protocol, kind, &json!({}));
            let what = format!("{} {}", protocol.name(), kind.name());
            backend.set(
                kind.name(),
                Reply::Json(json!({"error": {"code": 1000, "message": "nope", "temporary": true}})),
            );
            match ask(&p, b"{}", &[]).await.outcome {
                Ok(Answer::Error(e)) => {
                    assert_eq!(
                        (e.code, e.message.as_str(), e.temporary),
                        (1000, "nope", true)
                    );
                }
                other => panic!("{what}: {other:?}"),
            }
            backend.set(kind.name(), Reply::disconnect(4500, "bye"));
            match ask(&p, b"{}", &[]).await.outcome {
                Ok(Answer::Disconnect(d)) => assert_eq!((d.code, d.reason.as_str()), (4500, "bye")),
                other => panic!("{what}: {other:?}"),
            }
            // a response with neither: no result
            backend.set(kind.name(), Reply::Json(json!({})));
            match ask(&p, b"{}", &[]).await.outcome {
                Ok(Answer::Result(None)) => {}
                other => panic!("{what}: {other:?}"),
            }
        }
    }
    assert_eq!(backend.calls().len(), 2 * 6 * 3);
}

#[tokio::test]
async fn no_answer_within_the_timeout_is_a_timeout() {
    let backend = Backend::start().await;
    // far longer than the test may take: only the proxy's timeout ends these calls
    backend.set_all(&Reply::delay(
        Duration::from_secs(600),
        Reply::Json(json!({"result": {}})),
    ));
    for protocol in Protocol::BOTH {
        for kind in [Kind::Connect, Kind::Publish, Kind::SubRefresh] {
            let p = proxy_on(&backend, protocol, kind, &json!({"timeout": "200ms"}));
            let asked = tokio::time::timeout(Duration::from_secs(20), ask(&p, b"{}", &[]))
                .await
                .unwrap_or_else(|_| panic!("{protocol:?} {kind:?}: the call did not give up"));
            assert_eq!(
                asked.outcome.unwrap_err(),
                CallError::Timeout,
                "{protocol:?} {kind:?}"
            );
            // it reached the backend: a timeout, not a refusal
            backend.wait_calls(kind.name(), 1).await;
            backend.clear_calls();
        }
    }
}

#[tokio::test]
async fn a_refused_endpoint_is_unreachable() {
    let nothing = refused();
    for protocol in Protocol::BOTH {
        for kind in [Kind::Connect, Kind::Rpc] {
            let p = proxy(
                kind,
                &nothing.endpoint(protocol, kind.name()),
                &json!({"timeout": "5s"}),
            );
            let outcome = ask(&p, b"{}", &[]).await.outcome;
            assert!(
                matches!(outcome, Err(CallError::Unreachable(_))),
                "{protocol:?} {kind:?}: {outcome:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_body_that_is_no_proxy_response_is_garbage() {
    let backend = Backend::start().await;
    backend.set_all(&Reply::Garbage);
    for protocol in Protocol::BOTH {
        for kind in ALL {
            let p = proxy_on(&backend, protocol, kind, &json!({}));
            let outcome = ask(&p, b"{}", &[]).await.outcome;
            assert!(
                matches!(outcome, Err(CallError::Garbage(_))),
                "{protocol:?} {kind:?}: {outcome:?}"
            );
        }
    }
    // JSON that is not a response object is garbage too
    backend.set("rpc", Reply::Json(json!(["not", "an", "object"])));
    let p = proxy_on(&backend, Protocol::Http, Kind::Rpc, &json!({}));
    let outcome = ask(&p, b"{}", &[]).await.outcome;
    assert!(matches!(outcome, Err(CallError::Garbage(_))), "{outcome:?}");
}

#[tokio::test]
async fn a_bad_status_is_a_status_error() {
    let backend = Backend::start().await;
    backend.set_all(&Reply::Status(500));
    for protocol in Protocol::BOTH {
        for kind in ALL {
            let p = proxy_on(&backend, protocol, kind, &json!({}));
            match ask(&p, b"{}", &[]).await.outcome {
                Err(CallError::Status(s)) => match protocol {
                    Protocol::Http => assert_eq!(s, "HTTP 500 Internal Server Error"),
                    Protocol::Grpc => assert!(s.starts_with("GRPC Unknown"), "{s}"),
                },
                other => panic!("{protocol:?} {kind:?}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn status_to_code_transforms_give_the_configured_error_or_disconnect() {
    let backend = Backend::start().await;
    let transforms = json!({"http": {"status_to_code_transforms": [
        {"status_code": 500, "to_error": {"code": 1500, "message": "backend down", "temporary": true}},
        {"status_code": 403, "to_disconnect": {"code": 4403, "reason": "forbidden"}}
    ]}});
    for kind in ALL {
        let p = proxy_on(&backend, Protocol::Http, kind, &transforms);
        backend.set(kind.name(), Reply::Status(500));
        match ask(&p, b"{}", &[]).await.outcome {
            Ok(Answer::Error(e)) => {
                assert_eq!(
                    (e.code, e.message.as_str(), e.temporary),
                    (1500, "backend down", true)
                );
            }
            other => panic!("{kind:?}: {other:?}"),
        }
        backend.set(kind.name(), Reply::Status(403));
        match ask(&p, b"{}", &[]).await.outcome {
            Ok(Answer::Disconnect(d)) => {
                assert_eq!((d.code, d.reason.as_str()), (4403, "forbidden"));
            }
            other => panic!("{kind:?}: {other:?}"),
        }
        // a status without a transform stays a failure
        backend.set(kind.name(), Reply::Status(404));
        let outcome = ask(&p, b"{}", &[]).await.outcome;
        assert!(
            matches!(&outcome, Err(CallError::Status(s)) if s.starts_with("HTTP 404")),
            "{kind:?}: {outcome:?}"
        );
    }
    // the transforms are HTTP statuses: a GRPC proxy's failures stay failures
    let p = proxy_on(&backend, Protocol::Grpc, Kind::Rpc, &transforms);
    backend.set("rpc", Reply::Status(500));
    let outcome = ask(&p, b"{}", &[]).await.outcome;
    assert!(matches!(outcome, Err(CallError::Status(_))), "{outcome:?}");
}

fn forwarded() -> Vec<(String, String)> {
    [
        ("authorization", "Bearer t"),
        ("X-CUSTOM", "1"),
        ("x-not-listed", "no"),
        ("x-static", "from-client"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
    .collect()
}

#[tokio::test]
async fn http_sends_the_listed_headers_and_the_static_ones() {
    let backend = Backend::start().await;
    let extra = json!({
        "http_headers": ["Authorization", "x-custom", "X-Static"],
        "http": {"static_headers": {"X-Static": "static", "X-Static-Only": "s"}},
        "grpc": {"credentials_key": "x-api-key", "credentials_value": "secret",
                 "static_metadata": {"x-grpc-only": "g"}}
    });
    for kind in ALL {
        let p = proxy_on(&backend, Protocol::Http, kind, &extra);
        assert!(ask(&p, b"{}", &forwarded()).await.outcome.is_ok());
        let call = backend.only_call();
        backend.clear_calls();
        assert_eq!(call.header("authorization"), Some("Bearer t"), "{kind:?}");
        assert_eq!(call.header("x-custom"), Some("1"));
        assert_eq!(call.header("x-not-listed"), None, "not in http_headers");
        assert_eq!(
            call.header_values("x-static"),
            ["from-client"],
            "a forwarded header wins over the static one"
        );
        assert_eq!(call.header("x-static-only"), Some("s"));
        assert_eq!(call.header("content-type"), Some("application/json"));
        // the GRPC options are not HTTP headers
        assert_eq!(call.header("x-api-key"), None);
        assert_eq!(call.header("x-grpc-only"), None);
    }
    // without a list nothing is forwarded; the static headers still go
    let p = proxy_on(
        &backend,
        Protocol::Http,
        Kind::Connect,
        &json!({"http": {"static_headers": {"X-Static": "static"}}}),
    );
    assert!(ask(&p, b"{}", &forwarded()).await.outcome.is_ok());
    let call = backend.only_call();
    assert_eq!(call.header("authorization"), None);
    assert_eq!(call.header_values("x-static"), ["static"]);
}

#[tokio::test]
async fn grpc_sends_the_listed_headers_as_metadata_with_static_metadata_and_credentials() {
    let backend = Backend::start().await;
    let extra = json!({
        "http_headers": ["Authorization", "x-custom", "X-Static"],
        "http": {"static_headers": {"x-http-only": "h"}},
        "grpc": {"credentials_key": "x-api-key", "credentials_value": "secret",
                 "static_metadata": {"x-static": "static", "x-static-only": "s"}}
    });
    for kind in ALL {
        let p = proxy_on(&backend, Protocol::Grpc, kind, &extra);
        assert!(ask(&p, b"{}", &forwarded()).await.outcome.is_ok());
        let call = backend.only_call();
        backend.clear_calls();
        assert_eq!(call.protocol, Protocol::Grpc);
        assert_eq!(call.header("authorization"), Some("Bearer t"), "{kind:?}");
        assert_eq!(call.header("x-custom"), Some("1"));
        assert_eq!(call.header("x-not-listed"), None, "not in http_headers");
        assert_eq!(call.header_values("x-static"), ["from-client"]);
        assert_eq!(call.header("x-static-only"), Some("s"));
        assert_eq!(call.header("x-api-key"), Some("secret"));
        assert_eq!(call.header("x-http-only"), None);
    }
}

#[tokio::test]
async fn binary_encoding_sends_b64data_and_says_binary() {
    let backend = Backend::start().await;
    // bytes that are not JSON (nor UTF-8)
    let data: &[u8] = &[0xff, 0x00, b'{', 0x80];
    for protocol in Protocol::BOTH {
        for kind in ALL {
            let p = proxy_on(&backend, protocol, kind, &json!({"binary_encoding": true}));
            let asked = ask(&p, data, &[]).await;
            assert!(
                asked.outcome.is_ok(),
                "{protocol:?} {kind:?}: {:?}",
                asked.outcome
            );
            let call = got(&backend, protocol, kind, &asked.request);
            let req = &call.request;
            check_identity(req, kind, "binary");
            assert_eq!(req.get("data"), None, "{protocol:?} {kind:?}: {req}");
            if WITH_DATA.contains(&kind) {
                assert_eq!(req["b64data"], b64(data), "{protocol:?} {kind:?}");
            } else {
                assert_eq!(req.get("b64data"), None);
            }
        }
    }
}

#[tokio::test]
async fn without_binary_encoding_data_is_embedded_json() {
    let backend = Backend::start().await;
    for protocol in Protocol::BOTH {
        for kind in ALL {
            let p = proxy_on(&backend, protocol, kind, &json!({}));
            let asked = ask(&p, br#"{"n":[1,2]}"#, &[]).await;
            assert!(
                asked.outcome.is_ok(),
                "{protocol:?} {kind:?}: {:?}",
                asked.outcome
            );
            let call = got(&backend, protocol, kind, &asked.request);
            let req = &call.request;
            check_identity(req, kind, "json");
            assert_eq!(req.get("b64data"), None);
            if WITH_DATA.contains(&kind) {
                assert_eq!(req["data"], json!({"n": [1, 2]}), "{protocol:?} {kind:?}");
                if protocol == Protocol::Http {
                    // embedded, not a string holding JSON
                    let body = String::from_utf8(call.body.clone()).unwrap();
                    assert!(body.contains(r#""data":{"n":[1,2]}"#), "{body}");
                }
            }
        }
    }
}

#[tokio::test]
async fn connection_meta_goes_only_when_included() {
    let backend = Backend::start().await;
    for protocol in Protocol::BOTH {
        for kind in ALL {
            for include in [true, false] {
                let p = proxy_on(
                    &backend,
                    protocol,
                    kind,
                    &json!({"include_connection_meta": include}),
                );
                let asked = ask(&p, b"{}", &[]).await;
                assert!(asked.outcome.is_ok());
                let call = got(&backend, protocol, kind, &asked.request);
                // a connect request has no meta: the connection has none yet
                let expected = (include && kind != Kind::Connect).then(|| json!({"tier": "gold"}));
                assert_eq!(
                    call.request.get("meta").cloned(),
                    expected,
                    "{protocol:?} {kind:?} include={include}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_backend_answers_connect_with_the_requested_user_by_default() {
    let backend = Backend::start().await;
    // a scripted reply holds until reset
    backend.set("connect", Reply::error(1000, "scripted"));
    let p = proxy_on(&backend, Protocol::Http, Kind::Connect, &json!({}));
    let outcome = ask(&p, b"{}", &[]).await.outcome;
    assert!(matches!(outcome, Ok(Answer::Error(_))), "{outcome:?}");
    backend.reset();
    assert!(backend.calls().is_empty());
    for protocol in Protocol::BOTH {
        for (data, binary, user) in [
            (&br#"{"user":"bob"}"#[..], false, "bob"),
            (&br#"{"user":"carol"}"#[..], true, "carol"),
            (&b"{}"[..], false, "proxied"),
        ] {
            let p = proxy_on(
                &backend,
                protocol,
                Kind::Connect,
                &json!({"binary_encoding": binary}),
            );
            match ask(&p, data, &[]).await.outcome {
                Ok(Answer::Result(Some(r))) => assert_eq!(r["user"], user, "{protocol:?}"),
                other => panic!("{protocol:?}: {other:?}"),
            }
        }
    }
    backend.wait_calls("connect", 6).await;
    assert_eq!(
        backend
            .calls()
            .iter()
            .filter(|c| c.protocol == Protocol::Grpc)
            .count(),
        3
    );
}

#[tokio::test]
async fn a_stopped_backend_refuses() {
    let backend = Backend::start().await;
    let (http, grpc) = (backend.http("rpc"), backend.grpc());
    for ep in [&http, &grpc] {
        let p = proxy(Kind::Rpc, ep, &json!({}));
        assert!(ask(&p, b"{}", &[]).await.outcome.is_ok(), "{ep}");
    }
    backend.stop().await;
    for ep in [&http, &grpc] {
        // a fresh proxy: a new connection to the port
        let p = proxy(Kind::Rpc, ep, &json!({"timeout": "5s"}));
        let outcome = ask(&p, b"{}", &[]).await.outcome;
        assert!(
            matches!(outcome, Err(CallError::Unreachable(_))),
            "{ep}: {outcome:?}"
        );
    }
}

//! The server's proxies against real backends (`tests/it/proxy_backend.rs`: an HTTP server and
//! a tonic GRPC server started here): connect, refresh, subscribe, publish, `sub_refresh` and
//! rpc, each result field reaching the client, the backend's error and disconnect, timeouts,
//! refused and garbage answers, forwarded headers and metadata, binary encoding, commands
//! queued behind a proxy call, traces and metrics.

use std::time::Duration;

use serde_json::{json, Value};

use super::proxy_backend::{refused, Backend, Protocol, Reply};
use super::util::{now, test_config, token_with, Client, Event, Server, SECRET};

/// A server whose proxies all point at `b` over `protocol`: connect and refresh (when
/// `refresh`), the default subscribe, publish and `sub_refresh` proxies for namespace `px`, rpc
/// without namespace, and a named proxy `named` (the other protocol) for rpc namespace `ns`.
fn config(b: &Backend, protocol: Protocol, refresh: bool) -> Value {
    let other = match protocol {
        Protocol::Http => Protocol::Grpc,
        Protocol::Grpc => Protocol::Http,
    };
    let p = |kind: &str| {
        json!({"endpoint": b.endpoint(protocol, kind), "timeout": "500ms",
               "http_headers": ["Authorization", "X-Tenant"],
               "http": {"static_headers": {"X-Static": "s1", "X-Tenant": "static"}},
               "grpc": {"static_metadata": {"x-static": "s1"}, "credentials_key": "x-cred", "credentials_value": "c1"},
               "include_connection_meta": true})
    };
    let mut cfg = test_config();
    cfg["admin"] = json!({"enabled": true, "api_key": super::trace::ADMIN_KEY});
    cfg["client"]["ping_interval"] = json!("25s");
    cfg["client"]["pong_timeout"] = json!("8s");
    let mut connect = p("connect");
    connect["enabled"] = json!(true);
    cfg["client"]["proxy"] = json!({"connect": connect});
    if refresh {
        let mut r = p("refresh");
        r["enabled"] = json!(true);
        cfg["client"]["proxy"]["refresh"] = r;
    }
    cfg["channel"]["proxy"] = json!({"subscribe": p("subscribe"), "publish": p("publish"),
                                     "sub_refresh": p("sub_refresh")});
    super::util::with_namespace(
        &mut cfg,
        "px",
        &json!({"subscribe_proxy_enabled": true, "publish_proxy_enabled": true,
                "sub_refresh_proxy_enabled": true, "allow_subscribe_for_client": false,
                "allow_publish_for_subscriber": false, "allow_publish_for_client": false}),
    );
    super::util::with_namespace(
        &mut cfg,
        "caps",
        &json!({"allow_subscribe_for_client": false}),
    );
    cfg["rpc"] = json!({"proxy": p("rpc"), "without_namespace": {"proxy_enabled": true},
        "namespaces": [{"name": "ns", "proxy_enabled": true, "proxy_name": "named"},
                       {"name": "off", "proxy_enabled": false}]});
    cfg["proxies"] = json!([{"name": "named", "endpoint": b.endpoint(other, "rpc"),
                             "binary_encoding": true, "timeout": "500ms"}]);
    cfg
}

/// Opens a connection with forwarded headers and sends a connect without a token.
async fn proxied(s: &Server, user: &str) -> (Client, Value) {
    let mut c = Client::open_with_headers(
        &s.ws_url(),
        &[
            ("Authorization", "Bearer abc"),
            ("X-Tenant", "t1"),
            ("X-Not-Listed", "no"),
        ],
    )
    .await;
    let r = c
        .call(
            json!({"connect": {"data": {"user": user}, "name": "proxy-test", "version": "1.2",
            // emulated headers lose to the transport's own
            "headers": {"Authorization": "Bearer emulated"}}}),
        )
        .await;
    (c, r)
}

#[tokio::test]
async fn connect_proxy_gives_every_result_field_to_the_connection() {
    for protocol in Protocol::BOTH {
        let b = Backend::start().await;
        let exp = now() + 3600;
        b.set(
            "connect",
            Reply::with(move |req| {
                json!({"result": {"user": req["data"]["user"], "expire_at": exp,
                  "info": {"role": "admin"}, "data": {"welcome": true},
                  "channels": ["chat:news"],
                  "subs": {"chat:over": {"data": {"sub": 1}, "override": {"presence": {"value": false}}}},
                  "meta": {"plan": "pro"},
                  "caps": [{"channels": ["caps:*"], "match": "wildcard", "allow": ["sub"]}],
                  "labels": {"region": "eu"}}})
            }),
        );
        let s = Server::start(config(&b, protocol, false)).await;
        let (mut c, r) = proxied(&s, "alice").await;
        let res = &r["connect"];
        assert_eq!(res["data"], json!({"welcome": true}), "{protocol:?}: {r}");
        assert_eq!(res["expires"], json!(true));
        assert!(res["ttl"].as_u64().unwrap() > 3500);
        assert!(res["subs"]["chat:news"].is_object(), "{r}");
        assert_eq!(res["subs"]["chat:over"]["data"], json!({"sub": 1}));
        // the request: identity, data, and forwarded + static headers
        let call = b.wait_calls("connect", 1).await.remove(0);
        let req = &call.request;
        assert_eq!(
            req["client"], res["client"],
            "the request names the client id"
        );
        assert_eq!(req["transport"], "websocket");
        assert_eq!(req["protocol"], "json");
        assert_eq!(req["encoding"], "json");
        assert_eq!(req["data"], json!({"user": "alice"}));
        assert_eq!(req["name"], "proxy-test");
        assert_eq!(req["version"], "1.2");
        assert_eq!(call.header("authorization"), Some("Bearer abc"));
        assert_eq!(
            call.header("x-tenant"),
            Some("t1"),
            "forwarded wins over static"
        );
        assert_eq!(call.header("x-not-listed"), None);
        assert_eq!(call.header("x-static"), Some("s1"));
        if protocol == Protocol::Grpc {
            assert_eq!(call.header("x-cred"), Some("c1"));
        }
        // user, meta, labels and server-side channel sources in the connections API
        let (_, api) = s.api("connections", json!({"user": "alice"})).await;
        let info = &api["result"]["connections"][res["client"].as_str().unwrap()];
        assert_eq!(info["user"], "alice", "{api}");
        assert_eq!(info["state"]["meta"], json!({"plan": "pro"}));
        assert_eq!(info["labels"], json!({"region": "eu"}));
        assert_eq!(info["state"]["channels"]["chat:news"]["source"], 2);
        // info rides on presence
        let (_, pres) = s.api("presence", json!({"channel": "chat:news"})).await;
        let clients = pres["result"]["presence"].as_object().unwrap();
        assert_eq!(
            clients.values().next().unwrap()["conn_info"],
            json!({"role": "admin"})
        );
        // caps grant a subscribe the namespace does not
        let r = c.call(json!({"subscribe": {"channel": "caps:x"}})).await;
        assert!(r.get("subscribe").is_some(), "caps from the proxy: {r}");
        // a connect with a token never asks the proxy
        b.clear_calls();
        let _ = Client::connect(&s.ws_url(), "bob").await;
        assert!(b.calls_of("connect").is_empty());
        s.stop().await;
        b.stop().await;
    }
}

#[tokio::test]
async fn connect_proxy_errors_disconnects_and_failures() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    // the backend's error is the connect error
    b.set("connect", Reply::error(1000, "who are you"));
    let (_, r) = proxied(&s, "x").await;
    assert_eq!(r["error"], json!({"code": 1000, "message": "who are you"}));
    // its disconnect closes with that code and reason
    b.set("connect", Reply::disconnect(4501, "banned"));
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(r#"{"id":1,"connect":{}}"#).await;
    assert_eq!(c.closed().await, (4501, "banned".to_string()));
    // no result: no credentials (3501)
    b.set("connect", Reply::Json(json!({})));
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(r#"{"id":1,"connect":{}}"#).await;
    assert_eq!(c.closed().await.0, 3501);
    // an expiry in the past: 110
    b.set(
        "connect",
        Reply::result(json!({"user": "x", "expire_at": now() - 5})),
    );
    let (_, r) = proxied(&s, "x").await;
    assert_eq!(r["error"]["code"], 110, "{r}");
    // timeout, a 500, garbage: error 100, temporary, and the session does not hang
    for reply in [
        Reply::delay(
            Duration::from_secs(3),
            Reply::result(json!({"user": "late"})),
        ),
        Reply::Status(500),
        Reply::Garbage,
    ] {
        b.set("connect", reply.clone());
        let (_, r) = proxied(&s, "x").await;
        assert_eq!(
            r["error"],
            json!({"code": 100, "message": "internal server error", "temporary": true}),
            "{reply:?}"
        );
    }
    s.stop().await;
    // refused
    let dead = refused();
    let mut cfg = config(&b, Protocol::Http, false);
    cfg["client"]["proxy"]["connect"]["endpoint"] = json!(dead.http("connect"));
    let s = Server::start(cfg).await;
    let (_, r) = proxied(&s, "x").await;
    assert_eq!(r["error"]["code"], 100, "{r}");
    s.stop().await;
    // a status transform turns the backend's 403 into a disconnect
    let mut cfg = config(&b, Protocol::Http, false);
    cfg["client"]["proxy"]["connect"]["http"]["status_to_code_transforms"] =
        json!([{"status_code": 403, "to_disconnect": {"code": 4403, "reason": "forbidden"}}]);
    let s = Server::start(cfg).await;
    b.set("connect", Reply::Status(403));
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(r#"{"id":1,"connect":{}}"#).await;
    assert_eq!(c.closed().await, (4403, "forbidden".to_string()));
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn commands_wait_in_order_behind_a_slow_connect_proxy() {
    let b = Backend::start().await;
    b.set(
        "connect",
        Reply::delay(
            Duration::from_millis(300),
            Reply::result(json!({"user": "q"})),
        ),
    );
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    let mut c = Client::open(&s.ws_url()).await;
    // connect, subscribe and presence in one frame, then another frame before the answer
    c.send_text("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"subscribe\":{\"channel\":\"chat:q\"}}")
        .await;
    c.send_text(r#"{"id":3,"presence_stats":{"channel":"chat:q"}}"#)
        .await;
    let mut ids = Vec::new();
    while ids.len() < 3 {
        match c.next_event().await {
            Event::Msg(v) if v.get("id").is_some() => {
                assert!(v.get("error").is_none(), "{v}");
                ids.push(v["id"].as_u64().unwrap());
                if v["id"] == 3 {
                    assert_eq!(v["presence_stats"]["num_clients"], 1, "{v}");
                }
            }
            Event::Msg(_) => {}
            Event::Closed(code, reason) => panic!("closed {code} {reason}"),
        }
    }
    assert_eq!(ids, [1, 2, 3]);
    s.stop().await;
    b.stop().await;
}

/// A client that leaves while the backend decides its connect or subscribe leaves nothing
/// behind: the late answer registers and subscribes no one.
#[tokio::test]
async fn a_client_gone_during_a_proxy_call_leaves_no_ghost() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    b.set(
        "connect",
        Reply::delay(
            Duration::from_millis(400),
            Reply::result(json!({"user": "ghost"})),
        ),
    );
    let mut c = Client::open(&s.ws_url()).await;
    c.send_text(r#"{"id":1,"connect":{}}"#).await;
    b.wait_calls("connect", 1).await;
    drop(c);
    // the subscribe proxy is slow too: a connected client leaves mid-subscribe
    b.set("connect", Reply::result(json!({"user": "ghost2"})));
    b.set(
        "subscribe",
        Reply::delay(Duration::from_millis(400), Reply::result(json!({}))),
    );
    let (mut c2, _) = proxied(&s, "ghost2").await;
    c2.send_text(r#"{"id":2,"subscribe":{"channel":"px:haunt"}}"#)
        .await;
    b.wait_calls("subscribe", 1).await;
    drop(c2);
    // both answers come after the clients left: once they surely have (the delay is 400 ms),
    // nothing of either client may be there, now or a little later
    tokio::time::sleep(Duration::from_millis(900)).await;
    let mut left = true;
    for _ in 0..5 {
        let (_, a) = s.api("connections", json!({"user": "ghost"})).await;
        let (_, b2) = s.api("connections", json!({"user": "ghost2"})).await;
        let (_, p) = s
            .api("presence_stats", json!({"channel": "px:haunt"}))
            .await;
        let none = |v: &Value| {
            v["result"]["connections"]
                .as_object()
                .is_none_or(serde_json::Map::is_empty)
        };
        left &= none(&a) && none(&b2) && p["result"]["num_clients"] == 0;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(left, "a connection or subscription outlived its client");
    let (_, info) = s.api("info", json!({})).await;
    assert_eq!(info["result"]["nodes"][0]["num_clients"], 0, "{info}");
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn subscribe_proxy_decides_with_every_result_field() {
    for protocol in Protocol::BOTH {
        let b = Backend::start().await;
        let s = Server::start(config(&b, protocol, false)).await;
        let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
        b.set(
            "subscribe",
            Reply::with(|req| {
                if req["channel"] == "px:no" {
                    json!({"error": {"code": 1403, "message": "not yours"}})
                } else {
                    json!({"result": {"info": {"seat": 7}, "data": {"hello": req["channel"]},
                           "override": {"presence": {"value": true}},
                           "allow": ["pub", "prs"]}})
                }
            }),
        );
        let r = c
            .call(json!({"subscribe": {"channel": "px:room", "data": {"ask": 1}}}))
            .await;
        assert_eq!(
            r["subscribe"]["data"],
            json!({"hello": "px:room"}),
            "{protocol:?}: {r}"
        );
        let call = b.wait_calls("subscribe", 1).await.remove(0);
        assert_eq!(call.request["user"], "42");
        assert_eq!(call.request["channel"], "px:room");
        assert_eq!(call.request["data"], json!({"ask": 1}));
        // presence from the override, with the proxy's channel info
        let r = c.call(json!({"presence": {"channel": "px:room"}})).await;
        let p = r["presence"]["presence"].as_object().unwrap();
        assert_eq!(
            p.values().next().unwrap()["chan_info"],
            json!({"seat": 7}),
            "{r}"
        );
        // the backend's error is the reply
        let r = c.call(json!({"subscribe": {"channel": "px:no"}})).await;
        assert_eq!(r["error"], json!({"code": 1403, "message": "not yours"}));
        // the backend's disconnect closes
        b.set("subscribe", Reply::disconnect(4777, "go away"));
        c.send_text(r#"{"id":99,"subscribe":{"channel":"px:bye"}}"#)
            .await;
        assert_eq!(c.closed().await, (4777, "go away".to_string()));
        s.stop().await;
        b.stop().await;
    }
}

#[tokio::test]
async fn publish_proxy_decides_and_rewrites() {
    let b = Backend::start().await;
    let mut cfg = config(&b, Protocol::Http, false);
    // a subscriber may subscribe to px through the proxy's default answer
    cfg["channel"]["namespaces"][3]["history_size"] = json!(10);
    let s = Server::start(cfg).await;
    let (mut sub, _) = Client::connect(&s.ws_url(), "reader").await;
    let r = sub.call(json!({"subscribe": {"channel": "px:feed"}})).await;
    assert!(r.get("subscribe").is_some(), "{r}");
    let (mut pubr, _) = Client::connect(&s.ws_url(), "writer").await;
    b.set(
        "publish",
        Reply::with(|req| {
            json!({"result": {"data": {"checked": req["data"]}, "tags": {"t": "1"},
                   "skip_history": true}})
        }),
    );
    let r = pubr
        .call(json!({"publish": {"channel": "px:feed", "data": {"n": 1}}}))
        .await;
    assert!(r.get("publish").is_some(), "{r}");
    let push = next_push_with(&mut sub, "pub").await;
    let p = &push["pub"];
    assert_eq!(p["data"], json!({"checked": {"n": 1}}), "{push}");
    assert_eq!(p["tags"], json!({"t": "1"}));
    assert_eq!(p["info"]["user"], "writer");
    let (_, h) = s
        .api("history", json!({"channel": "px:feed", "limit": 10}))
        .await;
    assert!(
        h["result"]["publications"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "skip_history: {h}"
    );
    // denied
    b.set("publish", Reply::error(1001, "read only"));
    let r = pubr
        .call(json!({"publish": {"channel": "px:feed", "data": {"n": 2}}}))
        .await;
    assert_eq!(r["error"], json!({"code": 1001, "message": "read only"}));
    // failed: 100, and nothing reaches the subscriber
    b.set("publish", Reply::Garbage);
    let r = pubr
        .call(json!({"publish": {"channel": "px:feed", "data": {"n": 3}}}))
        .await;
    assert_eq!(r["error"]["code"], 100);
    sub.expect_silence(300).await;
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn rpc_goes_to_the_proxy_of_its_namespace() {
    let b = Backend::start().await;
    b.set(
        "rpc",
        Reply::with(|req| {
            json!({"result": {"data": {"method": req["method"], "data": req["data"],
                                       "b64": req["b64data"], "encoding": req["encoding"]}}})
        }),
    );
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    // without namespace: the default (HTTP) proxy, data embedded as JSON
    let r = c
        .call(json!({"rpc": {"method": "sum", "data": {"a": 1}}}))
        .await;
    assert_eq!(
        r["rpc"]["data"],
        json!({"method": "sum", "data": {"a": 1}, "b64": null, "encoding": "json"}),
        "{r}"
    );
    // ns:method: the named proxy (GRPC here), with binary_encoding: base64 data
    let r = c
        .call(json!({"rpc": {"method": "ns:sum", "data": {"a": 2}}}))
        .await;
    assert_eq!(r["rpc"]["data"]["method"], "ns:sum", "{r}");
    assert_eq!(r["rpc"]["data"]["encoding"], "binary");
    assert_eq!(
        r["rpc"]["data"]["b64"], "eyJhIjoyfQ==",
        "base64 of {{\"a\":2}}"
    );
    let calls = b.calls_of("rpc");
    assert_eq!(
        calls.iter().map(|c| c.protocol).collect::<Vec<_>>(),
        [Protocol::Http, Protocol::Grpc]
    );
    // an rpc namespace with the proxy off: 108; an unknown one: 104
    let r = c.call(json!({"rpc": {"method": "off:x"}})).await;
    assert_eq!(r["error"]["code"], 108);
    let r = c.call(json!({"rpc": {"method": "nope:x"}})).await;
    assert_eq!(r["error"]["code"], 104);
    // the backend's error
    b.set("rpc", Reply::error(1500, "rpc failed"));
    let r = c.call(json!({"rpc": {"method": "sum"}})).await;
    assert_eq!(r["error"], json!({"code": 1500, "message": "rpc failed"}));
    // a timeout: 100, within the proxy's timeout
    b.set(
        "rpc",
        Reply::delay(Duration::from_secs(3), Reply::result(json!({}))),
    );
    let r = c.call(json!({"rpc": {"method": "sum"}})).await;
    assert_eq!(r["error"]["code"], 100);
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn refresh_proxy_extends_then_expires_the_connection() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Grpc, true)).await;
    b.set(
        "connect",
        Reply::result(json!({"user": "r1", "expire_at": now() + 1, "meta": {"m": 1}})),
    );
    b.set(
        "refresh",
        Reply::result(json!({"expire_at": now() + 1, "info": {"v": 2}})),
    );
    let (mut c, r) = proxied(&s, "r1").await;
    // the server refreshes: the client is not told to
    assert!(r["connect"].get("expires").is_none(), "{r}");
    let calls = b.wait_calls_for("refresh", 1, Duration::from_secs(5)).await;
    assert_eq!(calls[0].request["user"], "r1");
    assert_eq!(
        calls[0].request["meta"],
        json!({"m": 1}),
        "include_connection_meta"
    );
    // extended: still connected; then expired: closed with 3005
    let r = c
        .call(json!({"subscribe": {"channel": "chat:alive"}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    b.set("refresh", Reply::result(json!({"expired": true})));
    b.wait_calls_for("refresh", 2, Duration::from_secs(5)).await;
    assert_eq!(c.closed().await.0, 3005);
    // a client refresh with a refresh proxy is a bad request
    b.set("connect", Reply::result(json!({"user": "r2"})));
    let (mut c, _) = proxied(&s, "r2").await;
    c.send_text(r#"{"id":5,"refresh":{"token":"x"}}"#).await;
    assert_eq!(c.closed().await.0, 3501);
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn sub_refresh_proxy_extends_then_ends_the_subscription() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    b.set("subscribe", Reply::result(json!({"expire_at": now() + 1})));
    b.set(
        "sub_refresh",
        Reply::result(json!({"expire_at": now() + 1})),
    );
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let r = c.call(json!({"subscribe": {"channel": "px:timed"}})).await;
    // the server refreshes it, so the client is not told to
    assert!(r["subscribe"].get("expires").is_none(), "{r}");
    let calls = b
        .wait_calls_for("sub_refresh", 1, Duration::from_secs(5))
        .await;
    assert_eq!(calls[0].request["channel"], "px:timed");
    b.set("sub_refresh", Reply::result(json!({"expired": true})));
    b.wait_calls_for("sub_refresh", 2, Duration::from_secs(5))
        .await;
    let push = next_push_with(&mut c, "unsubscribe").await;
    assert_eq!(push["channel"], "px:timed", "{push}");
    assert_eq!(push["unsubscribe"]["code"], 2501, "{push}");
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn traces_and_metrics_show_every_proxy_call() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    let mut trace = super::trace::attach(&s, r#"{"type":"user","entity":"tr"}"#).await;
    b.set("connect", Reply::result(json!({"user": "tr"})));
    b.set("subscribe", Reply::error(1403, "nope"));
    let (mut c, _) = proxied(&s, "tr").await;
    let _ = c.call(json!({"subscribe": {"channel": "px:t"}})).await;
    assert!(
        super::trace::stream_until(&mut trace, |e| e["type"] == "proxy"
            && e["proxy_type"] == "subscribe"
            && e["result"] == "error"
            && e["code"] == 1403
            && e["message"] == "nope"
            && e["proxy"] == "default"
            && e["latency_ms"].is_number())
        .await,
        "no traced subscribe proxy call"
    );
    let metrics = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for want in [
        "centrifugo_proxy_duration_seconds_histogram_count{protocol=\"http\",type=\"connect\",name=\"default\"} 1",
        "centrifugo_proxy_duration_seconds_histogram_count{protocol=\"http\",type=\"subscribe\",name=\"default\"} 1",
        "centrifugo_proxy_inflight_requests{protocol=\"http\",type=\"connect\",name=\"default\"} 0",
    ] {
        assert!(metrics.contains(want), "missing {want}");
    }
    // a failed call counts as an error
    b.set("subscribe", Reply::Status(502));
    let _ = c.call(json!({"subscribe": {"channel": "px:t2"}})).await;
    let metrics = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "centrifugo_proxy_errors{protocol=\"http\",type=\"subscribe\",name=\"default\"} 1"
        ),
        "{metrics}"
    );
    s.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn streamed_and_unidirectional_transports_connect_through_the_proxy() {
    let b = Backend::start().await;
    let mut cfg = config(&b, Protocol::Http, false);
    cfg["http_stream"] = json!({"enabled": true});
    cfg["uni_http_stream"] = json!({"enabled": true});
    let s = Server::start(cfg).await;
    // bidirectional emulation: the connect reply comes from the proxy's answer, and the
    // connect command's emulated headers reach it (listed ones only)
    let body = json!({"id": 1, "connect": {"data": {"user": "hs"},
        "headers": {"Authorization": "Bearer emulated", "X-Other": "no"}}})
    .to_string()
        + "\n";
    let mut st = super::transport::Stream::post(
        &s.url("/connection/http_stream"),
        body.into_bytes(),
        "application/json",
    )
    .await;
    let r = st.next_json().await.unwrap();
    assert!(r["connect"]["client"].is_string(), "{r}");
    let call = b.wait_calls("connect", 1).await.remove(0);
    assert_eq!(call.request["transport"], "http_stream");
    assert_eq!(call.header("authorization"), Some("Bearer emulated"));
    assert_eq!(call.header("x-other"), None);
    assert_eq!(call.request["client"], r["connect"]["client"]);
    // unidirectional: the connect push, and the backend's error becomes the close
    let mut st = super::transport::Stream::post(
        &s.url("/connection/uni_http_stream"),
        json!({"data": {"user": "uni"}}).to_string().into_bytes(),
        "application/json",
    )
    .await;
    let r = st.next_json().await.unwrap();
    assert!(r["connect"]["client"].is_string(), "{r}");
    let calls = b.wait_calls("connect", 2).await;
    assert_eq!(calls[1].request["transport"], "uni_http_stream");
    assert_eq!(calls[1].request["data"], json!({"user": "uni"}));
    let (_, api) = s.api("connections", json!({"user": "uni"})).await;
    assert_eq!(
        api["result"]["connections"].as_object().unwrap().len(),
        1,
        "{api}"
    );
    b.set("connect", Reply::disconnect(4600, "not here"));
    let mut st = super::transport::Stream::post(
        &s.url("/connection/uni_http_stream"),
        json!({}).to_string().into_bytes(),
        "application/json",
    )
    .await;
    let r = st.next_json().await.unwrap();
    assert_eq!(r["disconnect"]["code"], 4600, "{r}");
    s.stop().await;
    b.stop().await;
}

/// `centri explain` (offline, on the config) says the subscribe proxy decides, and how to ask it.
#[tokio::test]
async fn explain_names_the_proxy_that_decides() {
    let b = Backend::start().await;
    let dir = super::util::fresh_dir("proxy-explain");
    let path = dir.join("config.json");
    std::fs::write(&path, config(&b, Protocol::Http, false).to_string()).unwrap();
    let (code, out, err) = super::util::centri_env(
        &dir,
        &[
            "explain",
            "subscribe",
            "--config",
            path.to_str().unwrap(),
            "--user",
            "42",
            "--channel",
            "px:room",
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let decided = &v["checks"][v["decided"].as_u64().unwrap() as usize];
    assert_eq!(decided["rule"], "subscribe_proxy_enabled", "{v}");
    assert_eq!(decided["outcome"], "delegated");
    assert!(
        v["hint"]
            .as_str()
            .unwrap()
            .contains("centri proxy check subscribe"),
        "{v}"
    );
    b.stop().await;
}

/// The next push that carries `key` (join and leave pushes pass by).
async fn next_push_with(c: &mut Client, key: &str) -> Value {
    for _ in 0..20 {
        let p = c.next_push().await;
        if p.get(key).is_some() {
            return p;
        }
    }
    panic!("no {key} push among 20");
}

/// A token for `user` with a subscription channel claim, for the sub-token-beats-proxy check.
fn sub_token(user: &str, channel: &str) -> String {
    token_with(
        &json!({"sub": user, "channel": channel, "exp": now() + 600}),
        SECRET,
    )
}

#[tokio::test]
async fn a_subscription_token_decides_before_the_subscribe_proxy() {
    let b = Backend::start().await;
    let s = Server::start(config(&b, Protocol::Http, false)).await;
    b.set("subscribe", Reply::error(1403, "never asked"));
    let (mut c, _) = Client::connect(&s.ws_url(), "42").await;
    let r = c
        .call(json!({"subscribe": {"channel": "px:tok", "token": sub_token("42", "px:tok")}}))
        .await;
    assert!(r.get("subscribe").is_some(), "{r}");
    assert!(b.calls_of("subscribe").is_empty());
    s.stop().await;
    b.stop().await;
}

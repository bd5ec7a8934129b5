//! Property tests over the parsers that take untrusted input, with a fixed case budget so
//! `.ci/run` stays within its time: the WebSocket frame reader, the JSON and Protobuf command
//! decoders, every server API request decoder, the filter language and the label-filter tree,
//! the JWT parser, the fossil delta decoder and the config loader. Each asserts that nothing
//! panics, that what is produced stays within its bound, and a round trip where one exists.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use serde_json::{json, Value};

use centri::proto::api;
use centri::proto::wsframe::{FrameError, FrameReader, OpCode};

/// Cases per property (each is cheap; the budget keeps the whole file to seconds).
const CASES: u32 = 512;

fn config() -> ProptestConfig {
    ProptestConfig {
        // `PROPTEST_CASES` asks for a longer run
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any JSON value, nested a few levels, with the field names the decoders know mixed in.
fn json_value() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "channel",
        "channels",
        "data",
        "since",
        "offset",
        "epoch",
        "limit",
        "reverse",
        "user",
        "client",
        "override",
        "presence",
        "value",
        "disconnect",
        "code",
        "reason",
        "tags",
        "label_filter",
        "op",
        "key",
        "cmp",
        "val",
        "vals",
        "nodes",
        "filter",
        "users",
        "ids",
        "recipient",
        "notification",
        "commands",
        "publish",
        "method",
        "params",
        "id",
        "token",
        "subscribe",
        "connect",
        "version",
        "expire_at",
        "b64data",
        "info",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((names.clone(), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Decodes `text` as `T`; when it decodes, encoding and decoding again gives the same text
/// (compared as text: raw fields keep their numbers verbatim).
/// Decode, encode, decode: the same JSON again (compared as values, since a map field has
/// no order and two encodings of it may list its keys differently).
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) {
    if let Ok(v) = serde_json::from_str::<T>(text) {
        let once = serde_json::to_string(&v).unwrap();
        let again: T = serde_json::from_str(&once).unwrap();
        let value = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        assert_eq!(
            value(&serde_json::to_string(&again).unwrap()),
            value(&once),
            "{text}"
        );
    }
}

fn api_requests(text: &str) {
    round_trip::<api::PublishRequest>(text);
    round_trip::<api::BroadcastRequest>(text);
    round_trip::<api::SubscribeRequest>(text);
    round_trip::<api::UnsubscribeRequest>(text);
    round_trip::<api::DisconnectRequest>(text);
    round_trip::<api::RefreshRequest>(text);
    round_trip::<api::ChannelRequest>(text);
    round_trip::<api::HistoryRequest>(text);
    round_trip::<api::ChannelsRequest>(text);
    round_trip::<api::RpcRequest>(text);
    round_trip::<api::ConnectionsRequest>(text);
    round_trip::<api::UpdateUserStatusRequest>(text);
    round_trip::<api::UsersRequest>(text);
    round_trip::<api::BatchRequest>(text);
    round_trip::<centri::proto::ratelimit::CheckRequest>(text);
}

/// A client frame (masked, as clients send them) carrying `payload`.
fn masked_frame(opcode: u8, payload: &[u8], mask: [u8; 4]) -> Vec<u8> {
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n <= 0xffff => {
            f.push(0x80 | 0x7e);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 0x7f);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(&mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Found by a 10,000-case pass: a number inside a batch command went through
/// `serde_json::Value` and came back one digit off (the float parser was not exact until
/// `serde_json`'s `float_roundtrip`), so a publication's data in `/api/batch` could change.
#[test]
fn numbers_in_batch_commands_survive_exactly() {
    for text in [
        r#"{"commands":[[-9.868063432664018e-213,false]]}"#,
        r#"{"commands":[{"publish":{"channel":"c","data":{"x":1.2345678901234567e-300}}}]}"#,
    ] {
        round_trip::<api::BatchRequest>(text);
        let v: api::BatchRequest = serde_json::from_str(text).unwrap();
        let again: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<Value>(text).unwrap(),
            "{text}"
        );
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_frame_reader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        runtime().block_on(async {
            let mut r = FrameReader::new(bytes.as_slice(), 1024);
            // every frame takes at least 2 bytes, so this bounds the loop
            for _ in 0..=bytes.len() / 2 + 1 {
                match r.next().await {
                    Ok(f) => assert!(f.payload.len() <= 1024, "a frame over the limit"),
                    Err(FrameError::Eof | FrameError::TooBig | FrameError::Protocol(_) | FrameError::Io(_)) => return,
                }
            }
            panic!("the reader did not stop");
        });
    }

    #[test]
    fn the_frame_reader_gives_back_what_a_client_framed(
        payload in prop::collection::vec(any::<u8>(), 0..70_000),
        mask in any::<[u8; 4]>(),
        binary in any::<bool>(),
    ) {
        let bytes = masked_frame(if binary { 2 } else { 1 }, &payload, mask);
        runtime().block_on(async {
            let mut r = FrameReader::new(bytes.as_slice(), 1 << 20);
            let f = r.next().await.unwrap();
            assert!(f.fin);
            assert_eq!(f.opcode, if binary { OpCode::Binary } else { OpCode::Text });
            assert_eq!(&f.payload[..], &payload[..]);
            assert_eq!(r.next().await.unwrap_err(), FrameError::Eof);
        });
    }

    #[test]
    fn json_commands_decode_or_fail_cleanly(v in json_value(), junk in ".{0,64}") {
        for text in [v.to_string(), junk] {
            if let Ok(c) = serde_json::from_str::<centri::proto::client::Command>(&text) {
                let _ = c.into_method();
            }
        }
    }

    #[test]
    fn protobuf_commands_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        // each command consumes at least one byte, so this bounds the walk
        let n = centri::proto::codec::protobuf::commands(&bytes).take(bytes.len() + 1).count();
        assert!(n <= bytes.len() + 1);
    }

    #[test]
    fn api_request_decoders_round_trip(v in json_value(), junk in ".{0,64}") {
        api_requests(&v.to_string());
        api_requests(&junk);
    }

    #[test]
    fn the_filter_language_parses_or_fails_cleanly(
        expr in prop_oneof![
            ".{0,40}",
            "[a-z.]{1,8} *(==|!=|>|<|in|contains|startsWith|&&|\\|\\||!|\\(|\\)) *(\"[a-z]{0,4}\"|[0-9]{1,4}|true|null|\\[\\])",
        ],
        v in json_value(),
    ) {
        if let Ok(f) = centri::filter::Filter::parse(&expr) {
            let _ = f.matches(&v);
            // what it shows parses again
            assert!(centri::filter::Filter::parse(f.source()).is_ok(), "{expr}");
        }
    }

    #[test]
    fn label_filter_trees_decode_validate_and_match(v in json_value(), labels in prop::collection::btree_map("[a-z]{1,3}", "[a-z]{0,3}", 0..4)) {
        if let Ok(node) = serde_json::from_value::<centri::proto::filter_node::FilterNode>(v) {
            if node.validate().is_ok() {
                let _ = node.matches(&labels);
            }
        }
        let _: &BTreeMap<String, String> = &labels;
    }

    #[test]
    fn the_jwt_parser_refuses_garbage(
        parts in prop::collection::vec("[A-Za-z0-9_\\-=+/.]{0,40}", 0..5),
        raw in ".{0,80}",
    ) {
        let cfg = centri::server::config::TokenConfig {
            hmac_secret_key: "secret".into(),
            ..Default::default()
        };
        let v = centri::server::auth::Verifier::new(&cfg).unwrap();
        for token in [parts.join("."), raw] {
            assert!(v.verify(&token, 1_700_000_000).is_err(), "{token}");
        }
    }

    #[test]
    fn the_delta_decoder_is_bounded_and_inverts_the_encoder(
        base in prop::collection::vec(any::<u8>(), 0..2048),
        target in prop::collection::vec(any::<u8>(), 0..2048),
        junk in prop::collection::vec(any::<u8>(), 0..256),
        max in 0usize..4096,
    ) {
        if let Ok(out) = centri::proto::delta::apply(&base, &junk, max) {
            assert!(out.len() <= max);
        }
        // the crate takes the new document first
        let d = fossil_delta::delta(&target, &base);
        assert_eq!(centri::proto::delta::apply(&base, &d, 4096).unwrap(), target);
    }

    #[test]
    fn the_config_loader_fails_cleanly(v in json_value(), junk in ".{0,64}") {
        let env: HashMap<String, String> = HashMap::new();
        for text in [v.to_string(), junk] {
            let _ = centri::server::config::load(&text, &env);
        }
    }
}

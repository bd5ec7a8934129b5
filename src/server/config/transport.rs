//! The config of the transports beside `/connection/websocket`, under Centrifugo v6's keys:
//! the bidirectional emulation (`http_stream`, `sse`, `emulation`) and the unidirectional
//! transports (`uni_websocket`, `uni_sse`, `uni_http_stream`). Each is off until `enabled`,
//! as in Centrifugo; `/emulation` serves while `http_stream` or `sse` is on.

use serde::{Deserialize, Serialize};

/// Centrifugo's default body limit of every HTTP transport request (64 KiB).
const DEFAULT_BODY: usize = 65536;

/// Declares an HTTP transport's section (`http_stream`, `sse`, `uni_sse`, `uni_http_stream`):
/// a transport whose connect request comes in the request (its body, or `cf_connect` for a
/// GET), served at `handler_prefix`.
macro_rules! http_transport {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
        #[serde(default)]
        pub struct $name {
            pub enabled: bool,
            /// The path it serves.
            pub handler_prefix: String,
            /// The largest connect request body, in bytes; a larger one gets 413.
            pub max_request_body_size: usize,
        }
        impl Default for $name {
            fn default() -> Self {
                Self {
                    enabled: false,
                    handler_prefix: $prefix.to_string(),
                    max_request_body_size: DEFAULT_BODY,
                }
            }
        }
    };
}

http_transport!(
    /// `http_stream`: bidirectional emulation over a streamed POST response.
    HttpStream,
    "/connection/http_stream"
);
http_transport!(
    /// `sse`: bidirectional emulation over Server-Sent Events.
    Sse,
    "/connection/sse"
);
http_transport!(
    /// `uni_http_stream`: pushes only, over a streamed POST response.
    UniHttpStream,
    "/connection/uni_http_stream"
);
http_transport!(
    /// `uni_sse`: pushes only, over Server-Sent Events.
    UniSse,
    "/connection/uni_sse"
);

/// `emulation`: the endpoint that takes an emulated connection's commands.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Emulation {
    pub handler_prefix: String,
    pub max_request_body_size: usize,
}
impl Default for Emulation {
    fn default() -> Self {
        Self {
            handler_prefix: "/emulation".into(),
            max_request_body_size: DEFAULT_BODY,
        }
    }
}

/// `uni_websocket`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct UniWebsocket {
    pub enabled: bool,
    pub handler_prefix: String,
    /// The largest frame the client may send (its connect request).
    pub message_size_limit: usize,
    /// Join queued pushes into one frame, newline-separated (the client must split them).
    pub join_push_messages: bool,
}
impl Default for UniWebsocket {
    fn default() -> Self {
        Self {
            enabled: false,
            handler_prefix: "/connection/uni_websocket".into(),
            message_size_limit: DEFAULT_BODY,
            join_push_messages: false,
        }
    }
}

/// Checks the transports' keys: paths start with `/`, and limits are positive.
pub fn validate(c: &super::Config) -> Result<(), (String, String)> {
    let http = [
        (
            "http_stream",
            &c.http_stream.handler_prefix,
            c.http_stream.max_request_body_size,
        ),
        ("sse", &c.sse.handler_prefix, c.sse.max_request_body_size),
        (
            "uni_http_stream",
            &c.uni_http_stream.handler_prefix,
            c.uni_http_stream.max_request_body_size,
        ),
        (
            "uni_sse",
            &c.uni_sse.handler_prefix,
            c.uni_sse.max_request_body_size,
        ),
    ];
    for (key, prefix, size) in http {
        if !prefix.starts_with('/') {
            return Err((format!("{key}.handler_prefix"), "must start with /".into()));
        }
        if size == 0 {
            return Err((
                format!("{key}.max_request_body_size"),
                "must be positive".into(),
            ));
        }
    }
    if !c.emulation.handler_prefix.starts_with('/') {
        return Err((
            "emulation.handler_prefix".into(),
            "must start with /".into(),
        ));
    }
    if c.emulation.max_request_body_size == 0 {
        return Err((
            "emulation.max_request_body_size".into(),
            "must be positive".into(),
        ));
    }
    if !c.uni_websocket.handler_prefix.starts_with('/') {
        return Err((
            "uni_websocket.handler_prefix".into(),
            "must start with /".into(),
        ));
    }
    if c.uni_websocket.message_size_limit == 0 {
        return Err((
            "uni_websocket.message_size_limit".into(),
            "must be positive".into(),
        ));
    }
    Ok(())
}

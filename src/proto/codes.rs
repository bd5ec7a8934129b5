//! Every Centrifugo code with its exact message: client errors, server API errors,
//! unsubscribe codes and disconnect codes (WebSocket close codes).

pub const INTERNAL: u32 = 100;
pub const UNAUTHORIZED: u32 = 101;
pub const UNKNOWN_CHANNEL: u32 = 102;
pub const PERMISSION_DENIED: u32 = 103;
pub const METHOD_NOT_FOUND: u32 = 104;
pub const ALREADY_SUBSCRIBED: u32 = 105;
pub const LIMIT_EXCEEDED: u32 = 106;
pub const BAD_REQUEST: u32 = 107;
pub const NOT_AVAILABLE: u32 = 108;
pub const TOKEN_EXPIRED: u32 = 109;
pub const EXPIRED: u32 = 110;
pub const TOO_MANY_REQUESTS: u32 = 111;
pub const UNRECOVERABLE_POSITION: u32 = 112;

/// The exact message Centrifugo sends with a client error code.
pub fn error_message(code: u32) -> &'static str {
    match code {
        100 => "internal server error",
        101 => "unauthorized",
        102 => "unknown channel",
        103 => "permission denied",
        104 => "method not found",
        105 => "already subscribed",
        106 => "limit exceeded",
        107 => "bad request",
        108 => "not available",
        109 => "token expired",
        110 => "expired",
        111 => "too many requests",
        112 => "unrecoverable position",
        113 => "concurrent pagination",
        _ => "unknown error",
    }
}

/// A disconnect: the WebSocket close code and reason the server sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disconnect {
    pub code: u16,
    pub reason: String,
}

impl Disconnect {
    /// The canonical disconnect for `code`.
    pub fn new(code: u16) -> Self {
        Self {
            code,
            reason: disconnect_reason(code).to_string(),
        }
    }
    pub const SHUTDOWN: u16 = 3001;
    pub const INTERNAL: u16 = 3004;
    pub const EXPIRED: u16 = 3005;
    pub const SUB_EXPIRED: u16 = 3006;
    pub const SLOW: u16 = 3008;
    pub const WRITE_ERROR: u16 = 3009;
    pub const INSUFFICIENT_STATE: u16 = 3010;
    pub const FORCE_RECONNECT: u16 = 3011;
    pub const NO_PONG: u16 = 3012;
    pub const INVALID_TOKEN: u16 = 3500;
    pub const BAD_REQUEST: u16 = 3501;
    pub const STALE: u16 = 3502;
    pub const FORCE_DISCONNECT: u16 = 3503;
    pub const CONNECTION_LIMIT: u16 = 3504;
    pub const CHANNEL_LIMIT: u16 = 3505;
    pub const INAPPROPRIATE_PROTOCOL: u16 = 3506;
    pub const PERMISSION_DENIED: u16 = 3507;
    pub const NOT_AVAILABLE: u16 = 3508;
    pub const TOO_MANY_ERRORS: u16 = 3509;
    pub const MESSAGE_TOO_BIG: u16 = 1009;
}

/// The exact reason Centrifugo sends with a disconnect code.
pub fn disconnect_reason(code: u16) -> &'static str {
    match code {
        3000 => "connection closed",
        3001 => "shutdown",
        3004 => "internal server error",
        3005 => "connection expired",
        3006 => "subscription expired",
        3008 => "slow",
        3009 => "write error",
        3010 => "insufficient state",
        3011 => "force reconnect",
        3012 => "no pong",
        3013 => "too many requests",
        3014 => "state invalidated",
        3500 => "invalid token",
        3501 => "bad request",
        3502 => "stale",
        3503 => "force disconnect",
        3504 => "connection limit",
        3505 => "channel limit",
        3506 => "inappropriate protocol",
        3507 => "permission denied",
        3508 => "not available",
        3509 => "too many errors",
        1009 => "message too big",
        _ => "",
    }
}

/// Whether an SDK reconnects after a close with this code.
pub fn disconnect_reconnects(code: u16) -> bool {
    !matches!(code, 1009 | 3500..=3999 | 4500..=4999)
}

/// Unsubscribe push: the server lost the subscription's state; the client resubscribes.
pub const UNSUBSCRIBE_INSUFFICIENT: u32 = 2500;

/// The exact reason for an unsubscribe push code.
pub fn unsubscribe_reason(code: u32) -> &'static str {
    match code {
        0 => "client unsubscribed",
        1 => "client disconnected",
        2000 => "server unsubscribe",
        2500 => "insufficient state",
        2501 => "subscription expired",
        2502 => "state invalidated",
        _ => "",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_rules_follow_the_sdks() {
        assert!(disconnect_reconnects(3001));
        assert!(disconnect_reconnects(4000));
        assert!(!disconnect_reconnects(3500));
        assert!(!disconnect_reconnects(4501));
        assert!(!disconnect_reconnects(1009));
        assert!(disconnect_reconnects(1006));
        assert_eq!(Disconnect::new(3503).reason, "force disconnect");
    }
}

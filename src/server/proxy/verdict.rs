//! What the server does with a proxy's answer, in words and as the client would see it:
//! shared by the session (which acts on it) and `centri proxy check` (which prints it).

use serde::Serialize;
use serde_json::{json, Value};

use super::{Answer, Call, CallError, Kind};

/// The server's decision on one call.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The operation goes ahead (connect accepted, subscribe or publish allowed, rpc answered,
    /// refresh extended).
    pub allowed: bool,
    /// One line for people.
    pub decision: String,
    /// What reaches the client: `{"result":..}`, `{"error":{code,message}}` or
    /// `{"disconnect":{code,reason}}`.
    pub client: Value,
}

/// The error code a client gets when a call fails (timeout, unreachable, non-200, garbage):
/// Centrifugo's internal error, which the SDKs treat as temporary and retry.
pub const FAILED_CODE: u32 = 100;

/// How long a connection or subscription is kept when its refresh call fails, before the
/// server asks again (Centrifugo's one minute).
pub const REFRESH_RETRY_SECS: i64 = 60;

fn failed(kind: Kind, e: &CallError) -> Verdict {
    match kind {
        Kind::Refresh | Kind::SubRefresh => Verdict {
            allowed: true,
            decision: format!(
                "the call failed ({e}): the server keeps the {} for {REFRESH_RETRY_SECS}s and asks again",
                if kind == Kind::Refresh { "connection" } else { "subscription" }
            ),
            client: Value::Null,
        },
        _ => Verdict {
            allowed: false,
            decision: format!(
                "the call failed ({e}): the client gets error {FAILED_CODE} (internal server error, temporary: the SDK retries)"
            ),
            client: json!({"error": {"code": FAILED_CODE, "message": "internal server error", "temporary": true}}),
        },
    }
}

/// The verdict on `call`, a call of `kind`.
pub fn of<R: Serialize>(kind: Kind, call: &Call<R>) -> Verdict {
    match &call.outcome {
        Err(e) => failed(kind, e),
        Ok(Answer::Error(e)) => Verdict {
            allowed: false,
            decision: format!(
                "denied: the backend's error {} ({}) goes to the client",
                e.code, e.message
            ),
            client: json!({"error": e}),
        },
        Ok(Answer::Disconnect(d)) => Verdict {
            allowed: false,
            decision: format!(
                "denied: the connection is closed with the backend's code {} ({})",
                d.code, d.reason
            ),
            client: json!({"disconnect": d}),
        },
        Ok(Answer::Result(r)) => {
            let result = serde_json::to_value(r).unwrap_or(Value::Null);
            let (allowed, decision) = match kind {
                Kind::Connect if r.is_none() => (
                    false,
                    "denied: no result, so no credentials: the connection is closed with 3501"
                        .to_string(),
                ),
                Kind::Connect => {
                    let user = result["user"].as_str().unwrap_or("");
                    (
                        true,
                        if user.is_empty() {
                            "accepted: an anonymous connection".to_string()
                        } else {
                            format!("accepted: connected as user {user:?}")
                        },
                    )
                }
                Kind::Refresh | Kind::SubRefresh => {
                    if r.is_none() || result["expired"].as_bool() == Some(true) {
                        (
                            false,
                            if kind == Kind::Refresh {
                                "expired: the connection is closed with 3005".to_string()
                            } else {
                                "expired: the subscription ends with 2501 (subscription expired)"
                                    .to_string()
                            },
                        )
                    } else {
                        let at = result["expire_at"].as_i64().unwrap_or(0);
                        (
                            true,
                            if at > 0 {
                                format!("extended until {at} (unix seconds)")
                            } else {
                                "extended: no expiry".to_string()
                            },
                        )
                    }
                }
                Kind::Subscribe => (true, "allowed: the client subscribes".to_string()),
                Kind::Publish => (
                    true,
                    if result["data"].is_null() && result["b64data"].is_null() {
                        "allowed: the client's data is published".to_string()
                    } else {
                        "allowed: the backend's data is published instead of the client's"
                            .to_string()
                    },
                ),
                Kind::Rpc => (true, "answered: the result goes to the client".to_string()),
            };
            Verdict {
                allowed,
                decision,
                client: json!({"result": result}),
            }
        }
    }
}

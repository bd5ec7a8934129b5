//! What the server does with a proxy's answer, in words and as the client would see it:
//! shared by the session (which acts on it) and `centri proxy check` (which prints it).

use serde::Serialize;
use serde_json::{json, Value};

use super::wire::ResultFields;
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
pub fn of<R: Serialize + ResultFields>(kind: Kind, call: &Call<R>) -> Verdict {
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
            // Over GRPC, bytes fields may hold what is not JSON: the decision never reads the
            // JSON, and the client's view says what it cannot show.
            let result = serde_json::to_value(r)
                .unwrap_or_else(|e| json!({ "unrepresentable": e.to_string() }));
            let (allowed, decision) = match kind {
                Kind::Connect if r.is_none() => (
                    false,
                    "denied: no result, so no credentials: the connection is closed with 3501"
                        .to_string(),
                ),
                Kind::Connect => {
                    let user = r.as_ref().map_or("", ResultFields::user);
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
                    if r.as_ref().is_none_or(ResultFields::expired) {
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
                        let at = r.as_ref().map_or(0, ResultFields::expire_at);
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
                    if r.as_ref().is_some_and(ResultFields::replaces_data) {
                        "allowed: the backend's data is published instead of the client's"
                            .to_string()
                    } else {
                        "allowed: the client's data is published".to_string()
                    },
                ),
                Kind::Rpc => (true, "answered: the result goes to the client".to_string()),
                Kind::SharedPollRefresh => (
                    true,
                    "answered: changed items go to the clients tracking them".to_string(),
                ),
            };
            Verdict {
                allowed,
                decision,
                client: json!({"result": result}),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::super::{wire, Proxy};
    use super::*;
    use crate::server::config::proxy::ProxyConfig;

    fn call<R>(kind: Kind, outcome: Result<Answer<R>, CallError>) -> Call<R> {
        let cfg = ProxyConfig {
            endpoint: "http://127.0.0.1:9/x".into(),
            ..ProxyConfig::default()
        };
        Call {
            proxy: Arc::new(Proxy::new("default", kind, &cfg, None).unwrap()),
            outcome,
            elapsed: Duration::from_millis(1),
        }
    }

    #[test]
    fn a_connect_result_with_bytes_that_are_not_json_keeps_its_user() {
        // a GRPC backend may answer binary info for a protobuf client
        let r = wire::ConnectResult {
            user: "42".into(),
            info: vec![0xff, 0x00],
            ..Default::default()
        };
        let v = of(
            Kind::Connect,
            &call(Kind::Connect, Ok(Answer::Result(Some(r)))),
        );
        assert!(v.allowed);
        assert!(v.decision.contains("\"42\""), "{}", v.decision);
        assert!(
            v.client["result"]["unrepresentable"].is_string(),
            "{}",
            v.client
        );
        let none = of(
            Kind::Connect,
            &call::<wire::ConnectResult>(Kind::Connect, Ok(Answer::Result(None))),
        );
        assert!(!none.allowed);
    }

    #[test]
    fn refresh_results_expire_or_extend() {
        let expired = wire::RefreshResult {
            expired: true,
            ..Default::default()
        };
        let v = of(
            Kind::Refresh,
            &call(Kind::Refresh, Ok(Answer::Result(Some(expired)))),
        );
        assert!(!v.allowed, "{}", v.decision);
        let later = wire::SubRefreshResult {
            expire_at: 1_900_000_000,
            ..Default::default()
        };
        let v = of(
            Kind::SubRefresh,
            &call(Kind::SubRefresh, Ok(Answer::Result(Some(later)))),
        );
        assert!(v.allowed);
        assert!(v.decision.contains("1900000000"), "{}", v.decision);
        let v = of(
            Kind::SubRefresh,
            &call::<wire::SubRefreshResult>(Kind::SubRefresh, Ok(Answer::Result(None))),
        );
        assert!(!v.allowed);
        // a failed refresh keeps the connection for a while
        let v = of(
            Kind::Refresh,
            &call::<wire::RefreshResult>(Kind::Refresh, Err(CallError::Timeout)),
        );
        assert!(v.allowed);
    }

    #[test]
    fn a_publish_result_with_data_replaces_the_clients() {
        let with = wire::PublishResult {
            b64data: "AAE=".into(),
            ..Default::default()
        };
        let v = of(
            Kind::Publish,
            &call(Kind::Publish, Ok(Answer::Result(Some(with)))),
        );
        assert!(v.decision.contains("instead"), "{}", v.decision);
        let v = of(
            Kind::Publish,
            &call(
                Kind::Publish,
                Ok(Answer::Result(Some(wire::PublishResult::default()))),
            ),
        );
        assert!(
            v.decision.contains("the client's data is published"),
            "{}",
            v.decision
        );
        let v = of(
            Kind::Publish,
            &call::<wire::PublishResult>(Kind::Publish, Err(CallError::Timeout)),
        );
        assert!(!v.allowed);
        assert_eq!(v.client["error"]["code"], FAILED_CODE);
    }
}

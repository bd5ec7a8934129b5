//! Huawei Push Kit (HMS Core), server API v1: `POST {endpoint}/v1/{app_id}/messages:send`
//! with `{"validate_only": false, "message": ...}` and an OAuth 2.0 access token got with
//! the app's client credentials (`grant_type=client_credentials`, `client_id` = app id,
//! `client_secret` = app secret) at `push_notifications.hms.token_endpoint`.
//!
//! Push Kit answers most outcomes with HTTP 200 and a `code` in the body
//! (`{"code": "80000000", "msg": "Success", "requestId": "..."}`). The codes used here are
//! those of the "Sending Downlink Messages" reference, section "Result Codes"
//! (developer.huawei.com, HMSCore-References/https-send-api-0000001050986197):
//!
//! | code | meaning | here |
//! |---|---|---|
//! | 80000000 | success | `Sent` (`requestId`) |
//! | 80100000 | some tokens failed (`msg`: `{"success":..,"failure":..,"illegal_tokens":[..]}`) | one token per request: `Dead` when ours failed |
//! | 80300007 | all tokens are invalid | `Dead` |
//! | 80200001 | OAuth authentication error | new token, once; then `Failed` |
//! | 80200003 | OAuth token expired | new token, once; then `Retry` |
//! | 80100001, 80100003, 80100004, 80100013, 80100016, 80100018 | bad parameters / message structure / ttl / `collapse_key` / sensitive content / review signature | `Failed` |
//! | 80300002, 80300010, 80300011, 80300013 | no permission / too many tokens / no high-priority right / bad receipt URL | `Failed` |
//! | 80300008 | message body over 4096 bytes | `Failed` |
//! | 80600003 | the OAuth service refused (client id or secret) | `Failed` |
//! | 80100017 | over 100 topic tasks at once ("send later") | `Retry` |
//! | 81000001 | system internal error | `Retry` |
//!
//! HTTP 429, 500, 502 and 503 ("traffic control") are retried whatever the code.

use std::time::Duration;

use serde_json::Value;

use super::oauth::{self, Grant, TokenCache};
use super::{Outcome, To};
use crate::server::config::push::PushHmsConfig;

/// A Push Kit sender for one app.
pub struct Hms {
    http: reqwest::Client,
    send_url: reqwest::Url,
    token_endpoint: String,
    app_id: String,
    app_secret: String,
    tokens: TokenCache,
}

impl std::fmt::Debug for Hms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hms")
            .field("send_url", &self.send_url)
            .field("token_endpoint", &self.token_endpoint)
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

fn http_url(key: &str, v: &str) -> Result<String, String> {
    let v = v.trim().trim_end_matches('/');
    match url::Url::parse(v) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => Ok(v.to_string()),
        _ => Err(format!(
            "push_notifications.hms.{key}: \"{v}\" is not an http(s) URL"
        )),
    }
}

impl Hms {
    pub fn new(cfg: &PushHmsConfig, http: reqwest::Client) -> Result<Hms, String> {
        let app_id = cfg.app_id.trim();
        if app_id.is_empty() {
            return Err("push_notifications.hms.app_id: not set (the app's client ID in AppGallery Connect)".into());
        }
        if cfg.app_secret.trim().is_empty() {
            return Err("push_notifications.hms.app_secret: not set (the app's client secret in AppGallery Connect)".into());
        }
        let endpoint = http_url("endpoint", &cfg.endpoint)?;
        let token_endpoint = http_url("token_endpoint", &cfg.token_endpoint)?;
        let send_url = reqwest::Url::parse(&format!(
            "{endpoint}/v1/{}/messages:send",
            url::form_urlencoded::byte_serialize(app_id.as_bytes()).collect::<String>()
        ))
        .map_err(|e| format!("push_notifications.hms.endpoint: {e}"))?;
        Ok(Hms {
            http,
            send_url,
            token_endpoint,
            app_id: app_id.to_string(),
            app_secret: cfg.app_secret.trim().to_string(),
            tokens: TokenCache::new(),
        })
    }

    /// Sends `message` (a Push Kit `message` object without a target) to `to`, once.
    pub async fn send(&self, message: &Value, to: To<'_>) -> Outcome {
        let (key, target) = match to {
            To::Token(t) => ("token", t),
            To::Topic(t) => ("topic", t),
            To::Condition(c) => ("condition", c),
            To::Subscription { .. } => {
                return Outcome::Failed {
                    reason: "not an hms target".into(),
                }
            }
        };
        let body = match request_body(message, key, target) {
            Ok(b) => bytes::Bytes::from(b),
            Err(o) => return o,
        };
        let token_target = match to {
            To::Token(t) => Some(t),
            _ => None,
        };
        oauth::send_with_token(
            &self.tokens,
            || self.fetch_token(),
            &self.http,
            &self.send_url,
            body,
            |status, after, answer| classify(status, after, answer, token_target),
        )
        .await
    }

    async fn fetch_token(&self) -> Result<Grant, Outcome> {
        oauth::request_token(
            &self.http,
            &self.token_endpoint,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &self.app_id),
                ("client_secret", &self.app_secret),
            ],
        )
        .await
    }
}

/// `{"validate_only":false,"message":<message with the target>}`: `token` is a one-element
/// array (Push Kit takes up to 1000; centri sends one per request so that each answer is
/// about one device), `topic` and `condition` strings. A target the message carried is
/// replaced.
pub fn request_body(message: &Value, key: &str, target: &str) -> Result<Vec<u8>, Outcome> {
    let prefix = b"{\"validate_only\":false,\"message\":{";
    if key == "token" {
        oauth::message_body(prefix, message, key, &[target])
    } else {
        oauth::message_body(prefix, message, key, target)
    }
}

/// What an answer to a send comes to, and whether it refused the access token (fetch a new
/// one and send again, once). `token`: the device token the send went to, if it went to one.
pub fn classify(
    status: u16,
    after: Option<Duration>,
    body: &[u8],
    token: Option<&str>,
) -> (Outcome, bool) {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let code = json
        .as_ref()
        .and_then(|j| j.get("code"))
        .and_then(|c| match c {
            Value::String(s) if !s.is_empty() && s.len() <= 32 => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let request_id = || {
        json.as_ref()
            .and_then(|j| j.get("requestId"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let retry = |reason: String| (Outcome::Retry { reason, after }, false);
    let failed = |reason: String| (Outcome::Failed { reason }, false);
    let dead_or_failed = |reason: String| {
        if token.is_some() {
            (Outcome::Dead { reason }, false)
        } else {
            (Outcome::Failed { reason }, false)
        }
    };
    let overloaded = status == 429 || status >= 500;

    let Some(code) = code else {
        return match status {
            401 => (
                Outcome::Failed {
                    reason: "http 401".into(),
                },
                true,
            ),
            _ if overloaded => retry(format!("http {status}")),
            // A 200 without a code: nobody can tell whether it was sent.
            200..=299 => failed("bad answer".into()),
            _ => failed(format!("http {status}")),
        };
    };
    match code.as_str() {
        "80000000" => (Outcome::Sent { id: request_id() }, false),
        "80100000" => {
            let msg = json
                .as_ref()
                .and_then(|j| j.get("msg"))
                .and_then(Value::as_str)
                .and_then(|m| serde_json::from_str::<Value>(m).ok());
            match (msg, token) {
                (_, None) => (Outcome::Sent { id: request_id() }, false),
                (Some(m), Some(t)) => {
                    if partial_failed(&m, t) {
                        (Outcome::Dead { reason: code }, false)
                    } else {
                        (Outcome::Sent { id: request_id() }, false)
                    }
                }
                // Which token failed is unknown: neither remove the device nor send twice.
                (None, Some(_)) => failed(code),
            }
        }
        "80200001" => (Outcome::Failed { reason: code }, true),
        "80200003" => (
            Outcome::Retry {
                reason: code,
                after,
            },
            true,
        ),
        _ if overloaded => retry(code),
        "80300007" => dead_or_failed(code),
        "81000001" | "80100017" => retry(code),
        _ => failed(code),
    }
}

/// In an 80100000 answer's `msg`, whether the one token sent failed: it is listed among the
/// illegal tokens (`illegal_tokens`: an array; `HarmonyOS` answers spell `illegalTokens`, an
/// object of arrays by cause), or nothing succeeded.
fn partial_failed(msg: &Value, token: &str) -> bool {
    let listed = |v: &Value| -> bool {
        match v {
            Value::Array(a) => a.iter().any(|t| t.as_str() == Some(token)),
            Value::Object(o) => o.values().any(|a| {
                a.as_array()
                    .is_some_and(|a| a.iter().any(|t| t.as_str() == Some(token)))
            }),
            _ => false,
        }
    };
    if ["illegal_tokens", "illegalTokens"]
        .iter()
        .filter_map(|k| msg.get(*k))
        .any(listed)
    {
        return true;
    }
    let n = |k: &str| msg.get(k).and_then(Value::as_u64).unwrap_or(0);
    n("success") == 0 && n("failure") > 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(status: u16, body: &Value, token: Option<&str>) -> (Outcome, bool) {
        classify(status, None, body.to_string().as_bytes(), token)
    }

    #[test]
    fn success_carries_the_request_id() {
        assert_eq!(
            c(
                200,
                &json!({"code": "80000000", "msg": "Success", "requestId": "157440500000000"}),
                Some("t")
            ),
            (
                Outcome::Sent {
                    id: Some("157440500000000".into())
                },
                false
            )
        );
        assert_eq!(
            c(200, &json!({"code": 80_000_000, "msg": "Success"}), None),
            (Outcome::Sent { id: None }, false)
        );
    }

    #[test]
    fn invalid_tokens_are_dead() {
        let all =
            json!({"code": "80300007", "msg": "All the tokens are invalid", "requestId": "1"});
        assert_eq!(
            c(200, &all, Some("t")),
            (
                Outcome::Dead {
                    reason: "80300007".into()
                },
                false
            )
        );
        assert_eq!(
            c(400, &all, Some("t")),
            (
                Outcome::Dead {
                    reason: "80300007".into()
                },
                false
            )
        );
        assert_eq!(
            c(200, &all, None),
            (
                Outcome::Failed {
                    reason: "80300007".into()
                },
                false
            )
        );
        let partial =
            |msg: Value| json!({"code": "80100000", "msg": msg.to_string(), "requestId": "2"});
        assert_eq!(
            c(
                200,
                &partial(json!({"success": 0, "failure": 1, "illegal_tokens": ["t"]})),
                Some("t")
            ),
            (
                Outcome::Dead {
                    reason: "80100000".into()
                },
                false
            )
        );
        assert_eq!(
            c(
                200,
                &partial(
                    json!({"success": 0, "failure": 1, "illegalTokens": {"noPushTypeRight": ["t"]}})
                ),
                Some("t")
            ),
            (
                Outcome::Dead {
                    reason: "80100000".into()
                },
                false
            )
        );
        assert_eq!(
            c(
                200,
                &partial(json!({"success": 1, "failure": 0, "illegal_tokens": []})),
                Some("t")
            ),
            (
                Outcome::Sent {
                    id: Some("2".into())
                },
                false
            )
        );
        assert_eq!(
            c(
                200,
                &json!({"code": "80100000", "msg": "partly"}),
                Some("t")
            ),
            (
                Outcome::Failed {
                    reason: "80100000".into()
                },
                false
            )
        );
    }

    #[test]
    fn auth_codes_ask_for_a_new_token() {
        assert_eq!(
            c(
                401,
                &json!({"code": "80200003", "msg": "OAuth token expired"}),
                Some("t")
            ),
            (
                Outcome::Retry {
                    reason: "80200003".into(),
                    after: None
                },
                true
            )
        );
        assert_eq!(
            c(
                401,
                &json!({"code": "80200001", "msg": "Oauth authentication error"}),
                Some("t")
            ),
            (
                Outcome::Failed {
                    reason: "80200001".into()
                },
                true
            )
        );
        assert_eq!(
            classify(401, None, b"Unauthorized", Some("t")),
            (
                Outcome::Failed {
                    reason: "http 401".into()
                },
                true
            )
        );
    }

    #[test]
    fn bad_messages_fail_and_overload_is_retried() {
        for code in [
            "80300008", "80100003", "80100001", "80300002", "80600003", "89999999",
        ] {
            assert_eq!(
                c(400, &json!({"code": code, "msg": "x"}), Some("t")),
                (
                    Outcome::Failed {
                        reason: code.into()
                    },
                    false
                ),
                "{code}"
            );
        }
        for code in ["81000001", "80100017"] {
            assert_eq!(
                c(200, &json!({"code": code}), Some("t")),
                (
                    Outcome::Retry {
                        reason: code.into(),
                        after: None
                    },
                    false
                )
            );
        }
        assert_eq!(
            classify(503, Some(Duration::from_secs(3)), b"", Some("t")),
            (
                Outcome::Retry {
                    reason: "http 503".into(),
                    after: Some(Duration::from_secs(3))
                },
                false
            )
        );
        assert_eq!(
            c(503, &json!({"code": "80300007"}), Some("t")),
            (
                Outcome::Retry {
                    reason: "80300007".into(),
                    after: None
                },
                false
            )
        );
        assert_eq!(
            classify(429, None, b"slow down", None),
            (
                Outcome::Retry {
                    reason: "http 429".into(),
                    after: None
                },
                false
            )
        );
        assert_eq!(
            classify(200, None, b"<html>", Some("t")),
            (
                Outcome::Failed {
                    reason: "bad answer".into()
                },
                false
            )
        );
        assert_eq!(
            classify(404, None, b"", Some("t")),
            (
                Outcome::Failed {
                    reason: "http 404".into()
                },
                false
            )
        );
    }

    #[test]
    fn the_token_goes_in_an_array_and_topics_as_strings() {
        let m = json!({"android": {"notification": {"title": "t", "body": "b", "click_action": {"type": 3}}}, "token": ["old"]});
        let v: Value = serde_json::from_slice(&request_body(&m, "token", "abc").unwrap()).unwrap();
        assert_eq!(
            v,
            json!({"validate_only": false, "message": {"token": ["abc"], "android": m["android"]}})
        );
        let v: Value =
            serde_json::from_slice(&request_body(&json!({}), "topic", "news").unwrap()).unwrap();
        assert_eq!(
            v,
            json!({"validate_only": false, "message": {"topic": "news"}})
        );
        assert!(request_body(&json!(null), "token", "t").is_err());
    }

    #[test]
    fn app_id_and_secret_are_required() {
        let http = reqwest::Client::new();
        let mut cfg = PushHmsConfig::default();
        assert!(Hms::new(&cfg, http.clone())
            .unwrap_err()
            .starts_with("push_notifications.hms.app_id:"));
        cfg.app_id = "10086".into();
        assert!(Hms::new(&cfg, http.clone())
            .unwrap_err()
            .starts_with("push_notifications.hms.app_secret:"));
        cfg.app_secret = "s3cret".into();
        cfg.token_endpoint = "nope".into();
        let e = Hms::new(&cfg, http.clone()).unwrap_err();
        assert!(
            e.starts_with("push_notifications.hms.token_endpoint:") && !e.contains("s3cret"),
            "{e}"
        );
        cfg.token_endpoint = PushHmsConfig::default().token_endpoint;
        let h = Hms::new(&cfg, http).unwrap();
        assert_eq!(
            h.send_url.as_str(),
            "https://push-api.cloud.huawei.com/v1/10086/messages:send"
        );
        assert!(!format!("{h:?}").contains("s3cret"));
    }
}

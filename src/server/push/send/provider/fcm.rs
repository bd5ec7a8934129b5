//! Firebase Cloud Messaging, HTTP v1: `POST {endpoint}/v1/projects/{project_id}/messages:send`
//! with `{"message": ...}` and an OAuth 2.0 access token of the service account
//! (`push_notifications.fcm.credentials_file`).
//!
//! The token comes from the account's `token_uri` for a JWT assertion signed RS256 with its
//! private key (RFC 7523 §2.1, Google's "OAuth 2.0 for server to server applications"), is
//! shared by every send, and is fetched again shortly before it expires or when a send is
//! answered 401 ([`super::oauth::TokenCache`]).
//!
//! Answers are classified per FCM's `ErrorCode` reference
//! (<https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode>) and its token
//! management guide (<https://firebase.google.com/docs/cloud-messaging/manage-tokens>): the
//! `errorCode` of the `google.firebase.fcm.v1.FcmError` detail is the reason when there is
//! one, else the error's `status`, else `http <status>`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::oauth::{self, Grant, TokenCache};
use super::{Outcome, To};
use crate::server::config::push::PushFcmConfig;

/// The scope a token must have to send (FCM HTTP v1 "Authorize send requests").
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
/// The token endpoint of a service-account file that names none.
pub const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const FCM_ERROR: &str = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
const BAD_REQUEST: &str = "type.googleapis.com/google.rpc.BadRequest";

/// An FCM sender: one service account, one project.
pub struct Fcm {
    http: reqwest::Client,
    send_url: reqwest::Url,
    project_id: String,
    client_email: String,
    token_uri: String,
    key: Arc<jsonwebtoken::EncodingKey>,
    tokens: TokenCache,
}

impl std::fmt::Debug for Fcm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fcm")
            .field("send_url", &self.send_url)
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

/// The fields of a service-account JSON file centri reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    pub project_id: String,
    pub client_email: String,
    pub token_uri: String,
    /// PKCS#8 PEM. A secret: errors never quote it.
    pub private_key: String,
}

/// Reads a service-account file's text. Errors name the field, never the key.
pub fn parse_service_account(text: &str) -> Result<ServiceAccount, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json's message says where, not what: no key material leaks through it.
        format!("not JSON ({e})")
    })?;
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let field = |name: &str| -> Result<Option<String>, String> {
        match v.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Err(format!("empty \"{name}\"")),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("\"{name}\" is not a string")),
        }
    };
    let required = |name: &str| -> Result<String, String> {
        field(name)?.ok_or_else(|| format!("missing \"{name}\""))
    };
    let kind = required("type")?;
    if kind != "service_account" {
        return Err(format!(
            "\"type\" is \"{kind}\", not \"service_account\" (a service account's key file from the Firebase console)"
        ));
    }
    let project_id = required("project_id")?;
    let client_email = required("client_email")?;
    let private_key = required("private_key")?;
    let token_uri = field("token_uri")?.unwrap_or_else(|| GOOGLE_TOKEN_URI.to_string());
    match url::Url::parse(&token_uri) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => {}
        _ => return Err("\"token_uri\" is not an http(s) URL".into()),
    }
    Ok(ServiceAccount {
        project_id,
        client_email,
        token_uri,
        private_key,
    })
}

/// The private key as a signing key: a PKCS#8 (or PKCS#1) PEM of an RSA key.
pub fn rsa_key(pem: &str) -> Result<jsonwebtoken::EncodingKey, String> {
    // Files saved by hand sometimes keep the JSON escape of the newlines.
    let pem = if pem.contains("\\n") && !pem.contains('\n') {
        std::borrow::Cow::Owned(pem.replace("\\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(pem)
    };
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes())
        .map_err(|_| "\"private_key\" is not an RSA private key in PEM (PKCS#8)".to_string())?;
    Ok(key)
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl Fcm {
    pub fn new(cfg: &PushFcmConfig, http: reqwest::Client) -> Result<Fcm, String> {
        let path = cfg.credentials_file.trim();
        if path.is_empty() {
            return Err("push_notifications.fcm.credentials_file: not set (a service account's JSON key file)".into());
        }
        let err = |e: String| format!("push_notifications.fcm.credentials_file: {path}: {e}");
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let account = parse_service_account(&text).map_err(err)?;
        let key = rsa_key(&account.private_key).map_err(err)?;
        Fcm::with_account(account, key, &cfg.endpoint, http)
    }

    fn with_account(
        account: ServiceAccount,
        key: jsonwebtoken::EncodingKey,
        endpoint: &str,
        http: reqwest::Client,
    ) -> Result<Fcm, String> {
        let endpoint = endpoint.trim().trim_end_matches('/');
        match url::Url::parse(endpoint) {
            Ok(u) if matches!(u.scheme(), "https" | "http") => {}
            _ => {
                return Err(format!(
                    "push_notifications.fcm.endpoint: \"{endpoint}\" is not an http(s) URL"
                ))
            }
        }
        let send_url = reqwest::Url::parse(&format!(
            "{endpoint}/v1/projects/{}/messages:send",
            url::form_urlencoded::byte_serialize(account.project_id.as_bytes()).collect::<String>()
        ))
        .map_err(|e| format!("push_notifications.fcm.endpoint: {e}"))?;
        Ok(Fcm {
            http,
            send_url,
            project_id: account.project_id,
            client_email: account.client_email,
            token_uri: account.token_uri,
            key: Arc::new(key),
            tokens: TokenCache::new(),
        })
    }

    /// The project sends go to (`project_id` of the credentials file).
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Sends `message` (an FCM `Message` object without a target) to `to`, once.
    pub async fn send(&self, message: &Value, to: To<'_>) -> Outcome {
        let (key, target) = match to {
            To::Token(t) => ("token", t),
            To::Topic(t) => ("topic", t),
            To::Condition(c) => ("condition", c),
            To::Subscription { .. } => {
                return Outcome::Failed {
                    reason: "not an fcm target".into(),
                }
            }
        };
        let body = match request_body(message, key, target) {
            Ok(b) => bytes::Bytes::from(b),
            Err(o) => return o,
        };
        let to_token = matches!(to, To::Token(_));
        oauth::send_with_token(
            &self.tokens,
            || self.fetch_token(),
            &self.http,
            &self.send_url,
            body,
            |status, after, answer| classify(status, after, answer, to_token),
        )
        .await
    }

    /// A new access token: a signed assertion exchanged at the account's `token_uri`.
    async fn fetch_token(&self) -> Result<Grant, Outcome> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let claims = Claims {
            iss: &self.client_email,
            scope: SCOPE,
            aud: &self.token_uri,
            iat: now,
            exp: now + 3600,
        };
        let claims = serde_json::to_value(&claims).map_err(|_| Outcome::Failed {
            reason: "oauth sign".into(),
        })?;
        let key = self.key.clone();
        // RSA signing is the one costly step; keep it off the runtime's threads.
        let assertion = tokio::task::spawn_blocking(move || {
            jsonwebtoken::encode(
                &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
                &claims,
                &key,
            )
        })
        .await;
        let Ok(Ok(assertion)) = assertion else {
            return Err(Outcome::Failed {
                reason: "oauth sign".into(),
            });
        };
        oauth::request_token(
            &self.http,
            &self.token_uri,
            &[("grant_type", JWT_BEARER), ("assertion", &assertion)],
        )
        .await
    }
}

/// `{"message": <message with the target>}`, written straight from `message` without
/// copying it: `key` (`token`, `topic` or `condition`) first, then the message's own fields
/// less any target it carried.
pub fn request_body(message: &Value, key: &str, target: &str) -> Result<Vec<u8>, Outcome> {
    oauth::message_body(b"{\"message\":{", message, key, target)
}

/// What an answer to a send comes to, and whether it refused the access token (a 401
/// other than `THIRD_PARTY_AUTH_ERROR`: fetch a new token and send again, once).
/// `to_token`: the send went to a device token (only then can a token be dead).
pub fn classify(
    status: u16,
    after: Option<Duration>,
    body: &[u8],
    to_token: bool,
) -> (Outcome, bool) {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    if (200..300).contains(&status) {
        let Some(Value::Object(answer)) = json else {
            // Accepted or not, nobody can tell; sending again might deliver it twice.
            return (
                Outcome::Failed {
                    reason: "bad answer".into(),
                },
                false,
            );
        };
        let id = answer
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string);
        return (Outcome::Sent { id }, false);
    }
    let error = json.as_ref().and_then(|j| j.get("error"));
    let details = error
        .and_then(|e| e.get("details"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let fcm_code = details
        .iter()
        .find(|d| d.get("@type").and_then(Value::as_str) == Some(FCM_ERROR))
        .and_then(|d| d.get("errorCode"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty() && c.len() <= 64);
    let rpc_status = error
        .and_then(|e| e.get("status"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty() && c.len() <= 64);
    let reason = fcm_code
        .or(rpc_status)
        .map_or_else(|| format!("http {status}"), str::to_string);
    let failed = |reason: String| (Outcome::Failed { reason }, false);
    let retry = |reason: String| (Outcome::Retry { reason, after }, false);

    // UNREGISTERED (404): "the app instance was unregistered from FCM ... the token is no
    // longer valid". Only the FcmError code counts: a bare 404 (a wrong endpoint or
    // project) must not remove every device.
    if fcm_code == Some("UNREGISTERED") {
        return if to_token {
            (Outcome::Dead { reason }, false)
        } else {
            failed(reason)
        };
    }
    match status {
        // INVALID_ARGUMENT covers a malformed token and a malformed message alike. The
        // token management guide says a token answered INVALID_ARGUMENT can be deleted when
        // the payload is valid; the error codes page shows the token case as an FcmError
        // INVALID_ARGUMENT with "The registration token is not a valid FCM registration
        // token", and a bad field as a google.rpc.BadRequest naming the field. So: dead
        // when a BadRequest names `message.token`, or when there is none and the message
        // speaks of the registration token; any other 400 is a bad message.
        400 => {
            if to_token && invalid_token(error, details) {
                (Outcome::Dead { reason }, false)
            } else {
                failed(reason)
            }
        }
        // THIRD_PARTY_AUTH_ERROR: the APNs certificate or Web Push key in the Firebase
        // project is wrong; a new access token would not help.
        401 => (
            Outcome::Failed { reason },
            fcm_code != Some("THIRD_PARTY_AUTH_ERROR"),
        ),
        // QUOTA_EXCEEDED; UNAVAILABLE (503), INTERNAL (500): retry, honouring Retry-After.
        429 | 500..=599 => retry(reason),
        // 403 SENDER_ID_MISMATCH / PERMISSION_DENIED, 404 without UNREGISTERED, 413, ...
        _ => failed(reason),
    }
}

fn invalid_token(error: Option<&Value>, details: &[Value]) -> bool {
    let violations: Vec<&str> = details
        .iter()
        .filter(|d| d.get("@type").and_then(Value::as_str) == Some(BAD_REQUEST))
        .filter_map(|d| d.get("fieldViolations").and_then(Value::as_array))
        .flatten()
        .filter_map(|v| v.get("field").and_then(Value::as_str))
        .collect();
    if !violations.is_empty() {
        return violations.contains(&"message.token");
    }
    error
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .is_some_and(|m| m.to_ascii_lowercase().contains("registration token"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(status: u16, body: &Value, to_token: bool) -> (Outcome, bool) {
        classify(status, None, body.to_string().as_bytes(), to_token)
    }

    fn fcm_error(code: u16, status: &str, error_code: &str, message: &str) -> Value {
        json!({"error": {"code": code, "message": message, "status": status, "details": [
            {"@type": FCM_ERROR, "errorCode": error_code}
        ]}})
    }

    #[test]
    fn sent_answers_carry_the_message_name() {
        let name = "projects/p/messages/0:1500415314455276%31bd1c9631bd1c96";
        assert_eq!(
            c(200, &json!({"name": name}), true),
            (
                Outcome::Sent {
                    id: Some(name.into())
                },
                false
            )
        );
        assert_eq!(
            c(200, &json!({}), true),
            (Outcome::Sent { id: None }, false)
        );
        assert_eq!(
            classify(200, None, b"<html>ok</html>", true),
            (
                Outcome::Failed {
                    reason: "bad answer".into()
                },
                false
            )
        );
    }

    #[test]
    fn unregistered_tokens_are_dead_but_a_bare_404_is_not() {
        let body = fcm_error(
            404,
            "NOT_FOUND",
            "UNREGISTERED",
            "Requested entity was not found.",
        );
        assert_eq!(
            c(404, &body, true),
            (
                Outcome::Dead {
                    reason: "UNREGISTERED".into()
                },
                false
            )
        );
        assert_eq!(
            c(404, &body, false),
            (
                Outcome::Failed {
                    reason: "UNREGISTERED".into()
                },
                false
            )
        );
        assert_eq!(
            classify(404, None, b"Not Found", true),
            (
                Outcome::Failed {
                    reason: "http 404".into()
                },
                false
            )
        );
        assert_eq!(
            c(
                404,
                &json!({"error": {"code": 404, "status": "NOT_FOUND"}}),
                true
            ),
            (
                Outcome::Failed {
                    reason: "NOT_FOUND".into()
                },
                false
            )
        );
    }

    #[test]
    fn invalid_argument_is_dead_only_when_it_is_about_the_token() {
        let token = fcm_error(
            400,
            "INVALID_ARGUMENT",
            "INVALID_ARGUMENT",
            "The registration token is not a valid FCM registration token",
        );
        assert_eq!(
            c(400, &token, true),
            (
                Outcome::Dead {
                    reason: "INVALID_ARGUMENT".into()
                },
                false
            )
        );
        assert_eq!(
            c(400, &token, false),
            (
                Outcome::Failed {
                    reason: "INVALID_ARGUMENT".into()
                },
                false
            )
        );
        let field = |f: &str| {
            json!({"error": {"code": 400, "message": "Invalid value", "status": "INVALID_ARGUMENT",
                "details": [{"@type": BAD_REQUEST, "fieldViolations": [{"field": f, "description": "x"}]}]}})
        };
        assert_eq!(
            c(400, &field("message.data[0].value"), true),
            (
                Outcome::Failed {
                    reason: "INVALID_ARGUMENT".into()
                },
                false
            )
        );
        assert_eq!(
            c(400, &field("message.token"), true),
            (
                Outcome::Dead {
                    reason: "INVALID_ARGUMENT".into()
                },
                false
            )
        );
        let too_big = fcm_error(
            400,
            "INVALID_ARGUMENT",
            "INVALID_ARGUMENT",
            "Message is too big",
        );
        assert_eq!(
            c(400, &too_big, true),
            (
                Outcome::Failed {
                    reason: "INVALID_ARGUMENT".into()
                },
                false
            )
        );
        assert_eq!(
            classify(400, None, b"", true),
            (
                Outcome::Failed {
                    reason: "http 400".into()
                },
                false
            )
        );
    }

    #[test]
    fn auth_errors_refresh_once_except_third_party_ones() {
        let expired = json!({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}});
        assert_eq!(
            c(401, &expired, true),
            (
                Outcome::Failed {
                    reason: "UNAUTHENTICATED".into()
                },
                true
            )
        );
        let apns = fcm_error(
            401,
            "UNAUTHENTICATED",
            "THIRD_PARTY_AUTH_ERROR",
            "Auth error from APNS or Web Push Service",
        );
        assert_eq!(
            c(401, &apns, true),
            (
                Outcome::Failed {
                    reason: "THIRD_PARTY_AUTH_ERROR".into()
                },
                false
            )
        );
        let mismatch = fcm_error(
            403,
            "PERMISSION_DENIED",
            "SENDER_ID_MISMATCH",
            "SenderId mismatch",
        );
        assert_eq!(
            c(403, &mismatch, true),
            (
                Outcome::Failed {
                    reason: "SENDER_ID_MISMATCH".into()
                },
                false
            )
        );
    }

    #[test]
    fn quota_and_server_errors_are_retried_with_retry_after() {
        let quota = fcm_error(
            429,
            "RESOURCE_EXHAUSTED",
            "QUOTA_EXCEEDED",
            "Quota exceeded",
        );
        assert_eq!(
            classify(
                429,
                Some(Duration::from_secs(1)),
                quota.to_string().as_bytes(),
                true
            ),
            (
                Outcome::Retry {
                    reason: "QUOTA_EXCEEDED".into(),
                    after: Some(Duration::from_secs(1))
                },
                false
            )
        );
        assert_eq!(
            c(
                503,
                &fcm_error(
                    503,
                    "UNAVAILABLE",
                    "UNAVAILABLE",
                    "The service is currently unavailable."
                ),
                true
            ),
            (
                Outcome::Retry {
                    reason: "UNAVAILABLE".into(),
                    after: None
                },
                false
            )
        );
        assert_eq!(
            c(
                500,
                &json!({"error": {"code": 500, "status": "INTERNAL"}}),
                false
            ),
            (
                Outcome::Retry {
                    reason: "INTERNAL".into(),
                    after: None
                },
                false
            )
        );
        assert_eq!(
            classify(502, None, b"<html>Bad Gateway</html>", true),
            (
                Outcome::Retry {
                    reason: "http 502".into(),
                    after: None
                },
                false
            )
        );
        assert_eq!(
            classify(429, None, b"[1,2]", true),
            (
                Outcome::Retry {
                    reason: "http 429".into(),
                    after: None
                },
                false
            )
        );
    }

    #[test]
    fn the_target_is_written_first_and_replaces_one_the_message_had() {
        let m =
            json!({"notification": {"title": "Hi \"you\""}, "token": "stale", "data": {"k": "v"}});
        let b = request_body(&m, "token", "abc").unwrap();
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(
            v,
            json!({"message": {"token": "abc", "notification": {"title": "Hi \"you\""}, "data": {"k": "v"}}})
        );
        let b = request_body(&json!({"topic": "x"}), "condition", "'a' in topics").unwrap();
        assert_eq!(
            std::str::from_utf8(&b).unwrap(),
            r#"{"message":{"condition":"'a' in topics"}}"#
        );
        assert_eq!(
            request_body(&json!("text"), "token", "t"),
            Err(Outcome::Failed {
                reason: "bad message".into()
            })
        );
    }

    #[test]
    fn service_account_files_are_checked_field_by_field() {
        let full = json!({
            "type": "service_account", "project_id": "p", "private_key_id": "k",
            "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "client_email": "a@p.iam.gserviceaccount.com", "token_uri": "https://oauth2.googleapis.com/token"
        });
        let sa = parse_service_account(&full.to_string()).unwrap();
        assert_eq!(sa.project_id, "p");
        assert_eq!(sa.token_uri, GOOGLE_TOKEN_URI);
        for (field, want) in [
            ("client_email", "missing \"client_email\""),
            ("project_id", "missing \"project_id\""),
            ("private_key", "missing \"private_key\""),
            ("type", "missing \"type\""),
        ] {
            let mut v = full.clone();
            v.as_object_mut().unwrap().remove(field);
            assert_eq!(parse_service_account(&v.to_string()).unwrap_err(), want);
        }
        let mut v = full.clone();
        v["token_uri"] = json!("ftp://x");
        assert!(parse_service_account(&v.to_string())
            .unwrap_err()
            .contains("\"token_uri\""));
        v["token_uri"] = json!(7);
        assert!(parse_service_account(&v.to_string())
            .unwrap_err()
            .contains("\"token_uri\" is not a string"));
        v["type"] = json!("authorized_user");
        assert!(parse_service_account(&v.to_string())
            .unwrap_err()
            .contains("\"type\""));
        assert!(parse_service_account("{\"type\": ")
            .unwrap_err()
            .starts_with("not JSON"));
        assert!(parse_service_account("[]")
            .unwrap_err()
            .contains("not a JSON object"));
        let e =
            rsa_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").unwrap_err();
        assert!(e.contains("\"private_key\"") && !e.contains("AAAA"), "{e}");
    }
}

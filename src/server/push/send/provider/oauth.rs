//! What [`super::fcm`] and [`super::hms`] share: an OAuth 2.0 access token cached until
//! shortly before it runs out ([`TokenCache`]), the token request itself (RFC 6749 §4.4 /
//! RFC 7523 §2.1: a form POST answered with `access_token` and `expires_in`, §5.1, or an
//! `error`, §5.2), and the short reasons transport errors are reported under.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::{retry_after, Outcome};

/// A token the endpoint granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub access_token: Arc<str>,
    /// Seconds, as the endpoint said (`None` when it did not).
    pub expires_in: Option<u64>,
}

/// How long a token is used: its lifetime less a margin (a quarter of it, at most a minute),
/// so that a request never leaves with a token about to run out. A grant without
/// `expires_in` is taken as one hour (what Google and Huawei grant).
pub fn use_for(expires_in: Option<u64>) -> Duration {
    let life = Duration::from_secs(expires_in.unwrap_or(3600));
    life.saturating_sub((life / 4).min(Duration::from_secs(60)))
}

/// One access token shared by every send of a provider: read without waiting while it is
/// fresh; when it is not, one send fetches a new one while the others wait for it (never a
/// stampede on the token endpoint). Sends that queued behind a fetch that failed get that
/// failure instead of fetching again one after another.
#[derive(Default)]
pub struct TokenCache {
    current: RwLock<Option<Cached>>,
    /// Held while a token is fetched; keeps the failure of the last fetch.
    refresh: tokio::sync::Mutex<Option<Outcome>>,
    /// Fetches finished, so a waiter can tell whether one ended while it waited.
    fetches: AtomicU64,
}

struct Cached {
    token: Arc<str>,
    until: Instant,
}

impl TokenCache {
    pub fn new() -> TokenCache {
        TokenCache::default()
    }

    fn fresh(&self) -> Option<Arc<str>> {
        let g = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g.as_ref()
            .filter(|c| Instant::now() < c.until)
            .map(|c| c.token.clone())
    }

    /// The current token, fetched with `fetch` when there is none or it is about to expire.
    /// A fetch's `Err` is what the send comes to (`Retry` or `Failed`).
    pub async fn get<F, Fut>(&self, fetch: F) -> Result<Arc<str>, Outcome>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Grant, Outcome>>,
    {
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        let seen = self.fetches.load(Ordering::Acquire);
        let mut last_failure = self.refresh.lock().await;
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        if self.fetches.load(Ordering::Acquire) != seen {
            if let Some(failure) = last_failure.as_ref() {
                return Err(failure.clone());
            }
        }
        let started = Instant::now();
        let got = fetch().await;
        self.fetches.fetch_add(1, Ordering::AcqRel);
        match got {
            Ok(grant) => {
                *last_failure = None;
                let token = grant.access_token.clone();
                *self
                    .current
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Cached {
                    token: grant.access_token,
                    until: started + use_for(grant.expires_in),
                });
                Ok(token)
            }
            Err(failure) => {
                *last_failure = Some(failure.clone());
                Err(failure)
            }
        }
    }

    /// Drops `token` after the provider refused it, so the next [`get`](Self::get) fetches a
    /// new one. A token already replaced is left alone: many sends refused with the same
    /// old token make one new fetch, not one each.
    pub fn invalidate(&self, token: &str) {
        let mut g = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if g.as_ref().is_some_and(|c| &*c.token == token) {
            *g = None;
        }
    }
}

/// The reason a request that got no answer is retried under: `timeout`, else `connect`
/// (refused, reset, closed before the answer, TLS).
pub fn transport(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else {
        "connect"
    }
}

/// Asks a token endpoint for a token: `form`, posted as `application/x-www-form-urlencoded`.
/// Failures are reasons prefixed `oauth ` (so a status groups them apart from the send's):
/// no answer or 429/5xx → `Retry`; a refusal (4xx: bad credentials) → `Failed`.
pub async fn request_token(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<Grant, Outcome> {
    let resp = http
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(form)
        .send()
        .await
        .map_err(|e| Outcome::Retry {
            reason: format!("oauth {}", transport(&e)),
            after: None,
        })?;
    let status = resp.status().as_u16();
    let after = retry_after(resp.headers());
    let body = resp.bytes().await.map_err(|e| Outcome::Retry {
        reason: format!("oauth {}", transport(&e)),
        after: None,
    })?;
    read_grant(status, after, &body)
}

/// Reads a token endpoint's answer (RFC 6749 §5.1 and §5.2).
pub fn read_grant(status: u16, after: Option<Duration>, body: &[u8]) -> Result<Grant, Outcome> {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    if (200..300).contains(&status) {
        let token = json
            .as_ref()
            .and_then(|j| j.get("access_token"))
            .and_then(serde_json::Value::as_str)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            // Nothing was sent yet, so asking again is safe.
            return Err(Outcome::Retry {
                reason: "oauth bad answer".into(),
                after: None,
            });
        };
        let expires_in = json
            .as_ref()
            .and_then(|j| j.get("expires_in"))
            .and_then(|v| {
                // Google sends a number; some servers a numeric string.
                v.as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            });
        return Ok(Grant {
            access_token: token.into(),
            expires_in,
        });
    }
    if status == 429 || status >= 500 {
        return Err(Outcome::Retry {
            reason: format!("oauth http {status}"),
            after,
        });
    }
    // §5.2 `error`: a string (`invalid_grant`, `invalid_client`); Huawei sends a number
    // (`{"error":1101,"sub_error":20152,"error_description":"invalid client"}`).
    let code = json
        .as_ref()
        .and_then(|j| j.get("error"))
        .and_then(|e| match e {
            serde_json::Value::String(s) if !s.is_empty() && s.len() <= 64 => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    Err(Outcome::Failed {
        reason: match code {
            Some(c) => format!("oauth {c}"),
            None => format!("oauth http {status}"),
        },
    })
}

/// POSTs a JSON `body` with `token` as the bearer: the answer's (status, `Retry-After`,
/// body), or a transport failure as the [`Outcome`] to give (`Retry`, `connect`/`timeout`).
pub async fn post_json(
    http: &reqwest::Client,
    url: &reqwest::Url,
    token: &str,
    body: bytes::Bytes,
) -> Result<(u16, Option<Duration>, bytes::Bytes), Outcome> {
    let retry = |e: &reqwest::Error| Outcome::Retry {
        reason: transport(e).into(),
        after: None,
    };
    // A parsed URL: parsing one per push showed in profiles (idna on the host).
    let resp = http
        .post(url.clone())
        .bearer_auth(token)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/json; charset=UTF-8",
        )
        .body(body)
        .send()
        .await
        .map_err(|e| retry(&e))?;
    let status = resp.status().as_u16();
    let after = retry_after(resp.headers());
    let answer = resp.bytes().await.map_err(|e| retry(&e))?;
    Ok((status, after, answer))
}

/// One send with a bearer token from `tokens` (fetched with `fetch` when none is fresh):
/// `classify` turns the answer into its outcome and whether the token was refused. A refused
/// token is dropped and the send tried once more with a new one.
pub async fn send_with_token<F, Fut>(
    tokens: &TokenCache,
    fetch: F,
    http: &reqwest::Client,
    url: &reqwest::Url,
    body: bytes::Bytes,
    classify: impl Fn(u16, Option<Duration>, &[u8]) -> (Outcome, bool),
) -> Outcome
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Grant, Outcome>>,
{
    let mut refreshed = false;
    loop {
        let token = match tokens.get(&fetch).await {
            Ok(t) => t,
            Err(o) => return o,
        };
        let (status, after, answer) = match post_json(http, url, &token, body.clone()).await {
            Ok(a) => a,
            Err(o) => return o,
        };
        let (outcome, reauth) = classify(status, after, &answer);
        if reauth && !refreshed {
            refreshed = true;
            tokens.invalidate(&token);
            continue;
        }
        return outcome;
    }
}

/// `<prefix>"<key>":<target>,<the message's own fields less any target>}}`, written straight
/// from `message` without copying it: the request body of an FCM or HMS send. `prefix` opens
/// the outer object and the `message` object.
pub fn message_body<T: serde::Serialize + ?Sized>(
    prefix: &[u8],
    message: &serde_json::Value,
    key: &str,
    target: &T,
) -> Result<Vec<u8>, Outcome> {
    let serde_json::Value::Object(fields) = message else {
        return Err(Outcome::Failed {
            reason: "bad message".into(),
        });
    };
    let mut out = Vec::with_capacity(prefix.len() + 320);
    out.extend_from_slice(prefix);
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    // Writing a `str` or a `Value` into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut out, target);
    for (k, v) in fields {
        if matches!(k.as_str(), "token" | "topic" | "condition") {
            continue;
        }
        out.push(b',');
        let _ = serde_json::to_writer(&mut out, k);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, v);
    }
    out.extend_from_slice(b"}}");
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_used_until_shortly_before_they_expire() {
        assert_eq!(use_for(Some(3600)), Duration::from_secs(3540));
        assert_eq!(use_for(None), Duration::from_secs(3540));
        assert_eq!(use_for(Some(2)), Duration::from_millis(1500));
        assert_eq!(use_for(Some(0)), Duration::ZERO);
    }

    #[test]
    fn grants_and_refusals_are_read() {
        let ok = read_grant(
            200,
            None,
            br#"{"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer"}"#,
        );
        assert_eq!(
            ok,
            Ok(Grant {
                access_token: "ya29.x".into(),
                expires_in: Some(3599)
            })
        );
        let s = read_grant(200, None, br#"{"access_token":"t","expires_in":"60"}"#).unwrap();
        assert_eq!(s.expires_in, Some(60));
        assert_eq!(
            read_grant(200, None, b"<html>"),
            Err(Outcome::Retry {
                reason: "oauth bad answer".into(),
                after: None
            })
        );
        assert_eq!(
            read_grant(200, None, br#"{"access_token":""}"#)
                .unwrap_err()
                .reason(),
            Some("oauth bad answer")
        );
        assert_eq!(
            read_grant(
                400,
                None,
                br#"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#
            ),
            Err(Outcome::Failed {
                reason: "oauth invalid_grant".into()
            })
        );
        assert_eq!(
            read_grant(401, None, br#"{"error":1101,"sub_error":20152}"#)
                .unwrap_err()
                .reason(),
            Some("oauth 1101")
        );
        assert_eq!(
            read_grant(403, None, b"nope").unwrap_err(),
            Outcome::Failed {
                reason: "oauth http 403".into()
            }
        );
        assert_eq!(
            read_grant(503, Some(Duration::from_secs(2)), b""),
            Err(Outcome::Retry {
                reason: "oauth http 503".into(),
                after: Some(Duration::from_secs(2))
            })
        );
        assert!(matches!(
            read_grant(429, None, b""),
            Err(Outcome::Retry { .. })
        ));
    }

    #[tokio::test]
    async fn one_fetch_serves_every_waiter_and_a_refused_token_is_fetched_again() {
        let cache = Arc::new(TokenCache::new());
        let fetched = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, fetched) = (cache.clone(), fetched.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async {
                        let n = fetched.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok(Grant {
                            access_token: format!("t{n}").into(),
                            expires_in: Some(3600),
                        })
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(&*t.await.unwrap().unwrap(), "t0");
        }
        assert_eq!(fetched.load(Ordering::SeqCst), 1);

        cache.invalidate("some older token");
        let again = cache.get(|| async { unreachable!() }).await.unwrap();
        assert_eq!(&*again, "t0");
        cache.invalidate("t0");
        let next = cache
            .get(|| async {
                Ok(Grant {
                    access_token: "t1".into(),
                    expires_in: Some(0),
                })
            })
            .await
            .unwrap();
        assert_eq!(&*next, "t1");
        // Granted for no time at all: used once, fetched again next time.
        let third = cache
            .get(|| async {
                Ok(Grant {
                    access_token: "t2".into(),
                    expires_in: None,
                })
            })
            .await
            .unwrap();
        assert_eq!(&*third, "t2");
    }

    #[tokio::test]
    async fn waiters_behind_a_failed_fetch_share_its_failure() {
        let cache = Arc::new(TokenCache::new());
        let fetched = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (cache, fetched) = (cache.clone(), fetched.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async {
                        fetched.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Err(Outcome::Retry {
                            reason: "oauth http 503".into(),
                            after: None,
                        })
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(
                t.await.unwrap().unwrap_err().reason(),
                Some("oauth http 503")
            );
        }
        assert_eq!(fetched.load(Ordering::SeqCst), 1);
        // A later send tries again.
        let t = cache
            .get(|| async {
                Ok(Grant {
                    access_token: "ok".into(),
                    expires_in: Some(60),
                })
            })
            .await
            .unwrap();
        assert_eq!(&*t, "ok");
    }
}

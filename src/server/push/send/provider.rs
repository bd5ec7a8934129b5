//! The providers pushes go out through, each at its real wire protocol: [`fcm`] (FCM HTTP
//! v1, `OAuth2` service-account grant), [`hms`] (Huawei Push Kit, OAuth client credentials),
//! [`apns`] (HTTP/2, ES256 provider tokens) and [`webpush`] (RFC 8291 encryption, RFC 8292
//! VAPID).
//!
//! Owns one request to one provider and the classification of its answer ([`Outcome`]).
//! Retries, backoff, concurrency limits and removing dead devices belong to the caller: a
//! provider sends once and says what happened.

pub mod apns;
pub mod fcm;
pub mod hms;
pub mod webpush;

use std::time::Duration;

/// A push provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Fcm,
    Hms,
    Apns,
    Webpush,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Fcm, Kind::Hms, Kind::Apns, Kind::Webpush];

    /// The name the API, the config and the metrics use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Fcm => "fcm",
            Kind::Hms => "hms",
            Kind::Apns => "apns",
            Kind::Webpush => "webpush",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Where one request goes.
#[derive(Debug, Clone, Copy)]
pub enum To<'a> {
    /// A device token (FCM, HMS, APNs).
    Token(&'a str),
    /// A provider-native topic (FCM, HMS).
    Topic(&'a str),
    /// A provider-native condition (FCM, HMS), e.g. `'a' in topics && 'b' in topics`.
    Condition(&'a str),
    /// A Web Push subscription: the push service endpoint and the browser's keys, as the
    /// registry keeps them (`{"p256dh": "<base64url>", "auth": "<base64url>"}`).
    Subscription { endpoint: &'a str, keys: &'a str },
}

/// What one request to a provider came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted; `id` is the provider's message id when it gives one (FCM `name`, HMS
    /// `requestId`, APNs `apns-id`, the Web Push `Location`).
    Sent { id: Option<String> },
    /// The token will never work again (FCM `UNREGISTERED`, APNs 410 `Unregistered` or 400
    /// `BadDeviceToken`, HMS `80300007`, Web Push 404/410): the device should be removed.
    Dead { reason: String },
    /// Worth another attempt (429, 5xx, a connection error or timeout, an expired provider
    /// token); `after` is the provider's `Retry-After` when it sent one.
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// Failed for good (a malformed message, refused credentials): count it, do not retry.
    Failed { reason: String },
}

impl Outcome {
    /// The short, stable reason errors are grouped by in a push's status (`UNREGISTERED`,
    /// `BadDeviceToken`, `http 500`, `connect`, ...); `None` when sent.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Sent { .. } => None,
            Outcome::Dead { reason }
            | Outcome::Retry { reason, .. }
            | Outcome::Failed { reason } => Some(reason),
        }
    }
}

/// Reads a `Retry-After` header: delta-seconds, or an HTTP date (RFC 9110 §10.2.3).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// The HTTP client a provider sends with: `extra_ca` (PEM, `push_notifications.ca_file`)
/// trusted besides the system roots, `timeout` per request, and HTTP/2 only when `h2_only`
/// (APNs speaks nothing else).
pub fn http_client(
    extra_ca: Option<&[u8]>,
    timeout: Duration,
    h2_only: bool,
) -> Result<reqwest::Client, String> {
    let mut b = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .pool_idle_timeout(Duration::from_secs(90))
        .user_agent(concat!("centri/", env!("CARGO_PKG_VERSION")));
    if let Some(pem) = extra_ca {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| format!("push_notifications.ca_file: {e}"))?;
        if certs.is_empty() {
            return Err("push_notifications.ca_file: no certificate in the file".into());
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    if h2_only {
        b = b.http2_prior_knowledge();
    }
    b.build().map_err(|e| format!("push HTTP client: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
        assert_eq!(Kind::parse("gcm"), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(reqwest::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        h.insert(
            reqwest::header::RETRY_AFTER,
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        h.insert(reqwest::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}

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
pub mod oauth;
pub mod webpush;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::server::config::PushConfig;

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

/// One provider, as the node's [`Providers`] hold it.
pub trait Provider: Send + Sync {
    fn send<'a>(
        &'a self,
        message: &'a Value,
        to: To<'a>,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
}

/// The providers of `push_notifications.enabled_providers`, each built from its section.
#[derive(Default)]
pub struct Providers {
    on: Vec<(Kind, Arc<dyn Provider>)>,
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.on.iter().map(|(k, _)| k.name()))
            .finish()
    }
}

impl Providers {
    /// Builds every enabled provider; an error names the key that is wrong.
    pub fn from_config(cfg: &PushConfig) -> Result<Self, String> {
        let ca = if cfg.ca_file.is_empty() {
            None
        } else {
            Some(std::fs::read(&cfg.ca_file).map_err(|e| {
                format!(
                    "push_notifications.ca_file: cannot read {}: {e}",
                    cfg.ca_file
                )
            })?)
        };
        let timeout = cfg.request_timeout.value;
        let mut on = Vec::new();
        for name in &cfg.enabled_providers {
            let kind = Kind::parse(name).ok_or_else(|| {
                format!("push_notifications.enabled_providers: unknown provider {name:?}")
            })?;
            if on.iter().any(|(k, _)| *k == kind) {
                continue;
            }
            on.push((kind, build(kind, cfg, ca.as_deref(), timeout)?));
        }
        Ok(Self { on })
    }

    pub fn kinds(&self) -> Vec<Kind> {
        self.on.iter().map(|(k, _)| *k).collect()
    }

    pub fn get(&self, kind: Kind) -> Option<&Arc<dyn Provider>> {
        self.on.iter().find(|(k, _)| *k == kind).map(|(_, p)| p)
    }
}

fn build(
    kind: Kind,
    cfg: &PushConfig,
    ca: Option<&[u8]>,
    timeout: Duration,
) -> Result<Arc<dyn Provider>, String> {
    // APNs speaks HTTP/2 only; the others negotiate it (ALPN) and fall back to HTTP/1.1.
    let http = http_client(ca, timeout, kind == Kind::Apns)?;
    Ok(match kind {
        Kind::Fcm => Arc::new(fcm::Fcm::new(&cfg.fcm, http)?),
        Kind::Hms => Arc::new(hms::Hms::new(&cfg.hms, http)?),
        Kind::Apns => Arc::new(apns::Apns::new(&cfg.apns, http)?),
        Kind::Webpush => Arc::new(webpush::WebPush::new(&cfg.webpush, http)?),
    })
}

macro_rules! provider {
    ($($t:ty),*) => {$(
        impl Provider for $t {
            fn send<'a>(
                &'a self,
                message: &'a Value,
                to: To<'a>,
            ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
                Box::pin(<$t>::send(self, message, to))
            }
        }
    )*};
}
provider!(fcm::Fcm, hms::Hms, apns::Apns, webpush::WebPush);

impl super::Deliver for Providers {
    fn enabled(&self) -> Vec<Kind> {
        self.kinds()
    }
    fn send<'a>(
        &'a self,
        kind: Kind,
        message: &'a Value,
        to: To<'a>,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        match self.get(kind) {
            Some(p) => p.send(message, to),
            None => Box::pin(async move {
                Outcome::Failed {
                    reason: format!("{} not enabled", kind.name()),
                }
            }),
        }
    }
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

//! The sending half of `push_notifications` (Centrifugo PRO): one section per provider, and
//! the knobs of the send queue. The registry half (`enabled`, `storage`, limits) stays in
//! [`super::PushConfig`].
//!
//! PRO's docs spell provider keys flat (`fcm_credentials_file_path`, `apns_bundle_id`,
//! `hms_app_id`, ...); centri takes those and the nested form (`fcm.credentials_file`), and
//! adds `endpoint` overrides so tests and users behind a proxy can point a provider elsewhere.

use serde::{Deserialize, Serialize};

/// `push_notifications.fcm`: Firebase Cloud Messaging, HTTP v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushFcmConfig {
    /// A service-account JSON file (`client_email`, `private_key`, `token_uri`,
    /// `project_id`). PRO: `fcm_credentials_file_path`.
    pub credentials_file: String,
    /// centri: where sends go (`{endpoint}/v1/projects/{project_id}/messages:send`).
    pub endpoint: String,
}
impl Default for PushFcmConfig {
    fn default() -> Self {
        Self {
            credentials_file: String::new(),
            endpoint: "https://fcm.googleapis.com".into(),
        }
    }
}

/// `push_notifications.apns`: Apple Push Notification service over HTTP/2, token auth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushApnsConfig {
    /// `development`, `production`, or a URL (centri). PRO: `apns_endpoint`.
    pub endpoint: String,
    /// The app's bundle id, sent as `apns-topic`. PRO: `apns_bundle_id`.
    pub bundle_id: String,
    /// `token` (PRO: `apns_auth`). Certificate auth (p12) is not supported.
    pub auth: String,
    /// The `.p8` key (PKCS#8 PEM, P-256). PRO: `apns_token_auth_key_path`.
    pub token_auth_key_path: String,
    /// PRO: `apns_token_key_id`.
    pub token_key_id: String,
    /// PRO: `apns_token_team_id`.
    pub token_team_id: String,
}
impl Default for PushApnsConfig {
    fn default() -> Self {
        Self {
            endpoint: "development".into(),
            bundle_id: String::new(),
            auth: "token".into(),
            token_auth_key_path: String::new(),
            token_key_id: String::new(),
            token_team_id: String::new(),
        }
    }
}

/// `push_notifications.hms`: Huawei Push Kit, OAuth client credentials.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushHmsConfig {
    /// PRO: `hms_app_id`.
    pub app_id: String,
    /// PRO: `hms_app_secret`. A secret: `Debug` hides it.
    pub app_secret: String,
    /// centri: where sends go (`{endpoint}/v1/{app_id}/messages:send`).
    pub endpoint: String,
    /// centri: the OAuth token endpoint.
    pub token_endpoint: String,
}
impl Default for PushHmsConfig {
    fn default() -> Self {
        Self {
            app_id: String::new(),
            app_secret: String::new(),
            endpoint: "https://push-api.cloud.huawei.com".into(),
            token_endpoint: "https://oauth-login.cloud.huawei.com/oauth2/v3/token".into(),
        }
    }
}
impl std::fmt::Debug for PushHmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushHmsConfig")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<hidden>")
            .field("endpoint", &self.endpoint)
            .field("token_endpoint", &self.token_endpoint)
            .finish()
    }
}

/// `push_notifications.webpush` (centri): VAPID keys (RFC 8292).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushWebpushConfig {
    /// The VAPID private key: a PKCS#8 PEM file of a P-256 key. Its public key is the
    /// application server key the browser subscribed with.
    pub vapid_private_key_path: String,
    /// The VAPID `sub` claim: `mailto:ops@example.com` or an `https:` URL.
    pub vapid_subject: String,
}
impl std::fmt::Debug for PushWebpushConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushWebpushConfig")
            .field("vapid_private_key_path", &self.vapid_private_key_path)
            .field("vapid_subject", &self.vapid_subject)
            .finish()
    }
}

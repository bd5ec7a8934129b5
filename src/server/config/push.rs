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

/// `push_notifications.queue` (centri): where sends wait and how workers take them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushQueueConfig {
    /// The embedded queue file. Empty: `push_queue.sqlite3` in the data directory, or memory
    /// without one. On the Redis engine the queue is Redis streams and this is not used.
    pub path: String,
    /// Tasks a node works on at once.
    pub workers: usize,
    /// Recipients per task: a filter send is cut into ranges of this many devices.
    pub chunk_size: usize,
    /// Redis engine: a task another node claimed and has not touched for this long is taken
    /// over (that node is presumed dead).
    pub claim_after: super::Dur,
}
impl Default for PushQueueConfig {
    fn default() -> Self {
        Self {
            path: String::new(),
            workers: 4,
            chunk_size: 500,
            claim_after: super::Dur::secs(30),
        }
    }
}

/// PRO's flat provider keys and where centri keeps them.
const PRO_FLAT_KEYS: &[(&str, &str, &str)] = &[
    ("fcm_credentials_file_path", "fcm", "credentials_file"),
    ("apns_endpoint", "apns", "endpoint"),
    ("apns_bundle_id", "apns", "bundle_id"),
    ("apns_auth", "apns", "auth"),
    ("apns_token_auth_key_path", "apns", "token_auth_key_path"),
    ("apns_token_key_id", "apns", "token_key_id"),
    ("apns_token_team_id", "apns", "token_team_id"),
    ("hms_app_id", "hms", "app_id"),
    ("hms_app_secret", "hms", "app_secret"),
];

/// Moves PRO's flat `push_notifications.<provider>_<key>` keys into centri's sections (a key
/// set both ways keeps the section's value) before the config is parsed.
pub fn move_pro_flat_keys(root: &mut serde_json::Value) {
    let Some(p) = root
        .get_mut("push_notifications")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for (flat, section, key) in PRO_FLAT_KEYS {
        let Some(v) = p.remove(*flat) else { continue };
        let s = p
            .entry(*section)
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let Some(s) = s.as_object_mut() {
            s.entry(*key).or_insert(v);
        }
    }
}

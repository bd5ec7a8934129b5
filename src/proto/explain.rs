//! `explain` on the wire: the request and answer of centri's `POST /admin/explain`, which the
//! CLI also computes offline from a config file.

use serde::{Deserialize, Serialize};

/// Which decision to explain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExplainRequest {
    /// `subscribe`, `publish`, `history` or `presence`.
    pub op: String,
    /// The user; taken from `token` when that is given.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    pub channel: String,
    /// A connection token (its `caps` count).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// A subscription token for the channel.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sub_token: String,
    /// Whether the client is subscribed (publish/history/presence). Unset: a live connection
    /// of the user on the server is asked; offline, not subscribed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribed: Option<bool>,
}

/// One check of the decision path, in the order the server runs them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExplainCheck {
    pub rule: String,
    /// `decided`, `passed` or `skipped`.
    pub status: String,
    /// `granted`, `denied`, `passed` or `skipped`.
    pub outcome: String,
    pub detail: String,
}

/// The inputs the decision was computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExplainInputs {
    pub user: String,
    pub subscribed: bool,
    /// Where `subscribed` came from: `request`, `live connection` or `default`.
    pub subscribed_from: String,
    /// `none`, `valid`, or why not.
    pub token: String,
    pub sub_token: String,
    /// Number of `caps` objects in the connection token.
    pub caps: usize,
    /// The subscription token's `allow` list.
    pub sub_allow: Vec<String>,
}

/// The verdict and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExplainResult {
    pub allowed: bool,
    /// The error code a client would get (0 when allowed).
    pub code: u32,
    pub message: String,
    pub op: String,
    pub channel: String,
    /// The resolved namespace (`""` for `without_namespace`); empty when unresolved.
    pub namespace: String,
    /// The config path of the namespace, e.g. `channel.namespaces[0]`.
    pub namespace_key: String,
    /// The namespace's effective options.
    pub options: serde_json::Value,
    pub inputs: ExplainInputs,
    pub checks: Vec<ExplainCheck>,
    /// Index in `checks` of the check that decided.
    pub decided: Option<usize>,
    /// How to change the outcome, when denied.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// A server-side subscription that applies whatever the checks say (the user's personal
    /// channel): the server subscribes every connection of the user at connect.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server_side: String,
}

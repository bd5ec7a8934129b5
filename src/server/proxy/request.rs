//! The requests a server sends its proxies, built in one place for the session and for
//! `centri proxy check`: the connection's identity, the payload as embedded JSON or base64
//! (`binary_encoding`), and the connection meta when `include_connection_meta` is on.

use std::collections::{BTreeMap, HashMap};

use base64::Engine as _;

use super::{wire, Proxy};

/// Who is asking: the connection a request is made for.
#[derive(Debug, Clone)]
pub struct Who<'a> {
    pub client: &'a str,
    pub transport: &'a str,
    /// `json` or `protobuf`.
    pub protocol: &'a str,
    pub user: &'a str,
    /// The connection's `meta` (JSON), sent when the proxy includes it.
    pub meta: Option<&'a [u8]>,
    pub labels: &'a BTreeMap<String, String>,
}

/// `data` or `b64data`, as the proxy's `binary_encoding` says.
fn payload(p: &Proxy, data: &[u8]) -> (Vec<u8>, String) {
    if p.cfg.binary_encoding {
        let b64 = if data.is_empty() {
            String::new()
        } else {
            base64::engine::general_purpose::STANDARD.encode(data)
        };
        (Vec::new(), b64)
    } else {
        (data.to_vec(), String::new())
    }
}

fn meta(p: &Proxy, who: &Who<'_>) -> Vec<u8> {
    if p.cfg.include_connection_meta {
        who.meta.map(<[u8]>::to_vec).unwrap_or_default()
    } else {
        Vec::new()
    }
}

fn labels(who: &Who<'_>) -> HashMap<String, String> {
    who.labels
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Decodes `b64` when set, else takes `raw`: how every result's `b64info`/`info` (and data)
/// pair is read. A bad base64 string names the field.
pub fn b64_or(field: &str, b64: &str, raw: Vec<u8>) -> Result<Vec<u8>, String> {
    if b64.is_empty() {
        Ok(raw)
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("{field}: invalid base64 ({e})"))
    }
}

pub fn connect(
    p: &Proxy,
    who: &Who<'_>,
    data: &[u8],
    name: &str,
    version: &str,
    channels: Vec<String>,
) -> wire::ConnectRequest {
    let (data, b64data) = payload(p, data);
    wire::ConnectRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        data,
        b64data,
        name: name.into(),
        version: version.into(),
        channels,
    }
}

pub fn refresh(p: &Proxy, who: &Who<'_>) -> wire::RefreshRequest {
    wire::RefreshRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        user: who.user.into(),
        meta: meta(p, who),
        labels: labels(who),
    }
}

pub fn subscribe(
    p: &Proxy,
    who: &Who<'_>,
    channel: &str,
    token: &str,
    data: &[u8],
) -> wire::SubscribeRequest {
    let (data, b64data) = payload(p, data);
    wire::SubscribeRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        user: who.user.into(),
        channel: channel.into(),
        token: token.into(),
        meta: meta(p, who),
        data,
        b64data,
        labels: labels(who),
    }
}

pub fn publish(p: &Proxy, who: &Who<'_>, channel: &str, data: &[u8]) -> wire::PublishRequest {
    let (data, b64data) = payload(p, data);
    wire::PublishRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        user: who.user.into(),
        channel: channel.into(),
        data,
        b64data,
        meta: meta(p, who),
        labels: labels(who),
    }
}

pub fn rpc(p: &Proxy, who: &Who<'_>, method: &str, data: &[u8]) -> wire::RpcRequest {
    let (data, b64data) = payload(p, data);
    wire::RpcRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        user: who.user.into(),
        method: method.into(),
        data,
        b64data,
        meta: meta(p, who),
        labels: labels(who),
    }
}

pub fn sub_refresh(p: &Proxy, who: &Who<'_>, channel: &str) -> wire::SubRefreshRequest {
    wire::SubRefreshRequest {
        client: who.client.into(),
        transport: who.transport.into(),
        protocol: who.protocol.into(),
        encoding: p.encoding().into(),
        user: who.user.into(),
        channel: channel.into(),
        meta: meta(p, who),
        labels: labels(who),
    }
}

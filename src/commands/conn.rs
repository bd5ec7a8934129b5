//! `centri conn ls|show|disconnect`: live connections through the `connections` API.

use std::process::ExitCode;

use serde_json::json;

use super::{io, Class, Ctx, Failure};
use crate::cli::ConnCmd;
use crate::output::human_secs;
use crate::proto::api;
use crate::proto::filter_node::FilterNode;

fn age_secs(info: &api::ConnectionInfo) -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    now.saturating_sub(u64::try_from(info.connected_at_ms).unwrap_or(0)) / 1000
}

fn rtt(info: &api::ConnectionInfo) -> String {
    if info.ping_pong_latency_ms < 0 {
        "-".into()
    } else {
        format!("{}ms", info.ping_pong_latency_ms)
    }
}

/// `k=v,k2=v2`.
/// `websocket`, `http_stream/protobuf`, ...: the transport, and the protocol when it is not
/// JSON.
fn transport(info: &api::ConnectionInfo) -> String {
    match info.protocol.as_str() {
        "" | "json" => info.transport.clone(),
        p => format!("{}/{p}", info.transport),
    }
}

fn labels(info: &api::ConnectionInfo) -> String {
    info.labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether `s` can be looked up as a prefix: the characters of client IDs (UUIDs), so it
/// goes into the filter's regex as typed.
fn prefix_safe(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The one connection a CLIENT argument names: its full ID and info. Any unique prefix of a
/// live client ID will do, as with git's commit IDs (`trace` and the dashboard show the first
/// 8 characters); a prefix shared by several connections is a usage error that lists them.
pub async fn find(ctx: &Ctx, client: &str) -> Result<(String, api::ConnectionInfo), Failure> {
    let c = ctx.client()?;
    let query = |expression: String| {
        let c = c.clone();
        async move {
            c.connections(&api::ConnectionsRequest {
                expression,
                ..api::ConnectionsRequest::default()
            })
            .await
        }
    };
    let exact = format!(
        "client == {}",
        serde_json::to_string(client).unwrap_or_default()
    );
    let res = if prefix_safe(client) {
        match query(format!("client =~ \"^{client}\"")).await {
            // a server whose expression language has no `=~` (Centrifugo PRO speaks CEL):
            // a full ID still works there
            Err(crate::client::ClientError::Api(_)) => query(exact).await,
            other => other,
        }
    } else {
        query(exact).await
    };
    pick(client, res.map_err(Failure::from)?.connections)
}

/// [`find`]'s choice among the connections whose ID starts with `client`.
fn pick(
    client: &str,
    mut found: std::collections::BTreeMap<String, api::ConnectionInfo>,
) -> Result<(String, api::ConnectionInfo), Failure> {
    if let Some(info) = found.remove(client) {
        return Ok((client.to_string(), info));
    }
    found.retain(|id, _| id.starts_with(client));
    let n = found.len();
    if n > 1 {
        let shown: Vec<&str> = found.keys().take(5).map(String::as_str).collect();
        return Err(Failure::usage(format!(
            "client ID prefix {client:?} is ambiguous: {n} connections match ({}{})",
            shown.join(", "),
            if n > 5 { ", ..." } else { "" }
        ))
        .hint("type more characters of the client ID"));
    }
    found.into_iter().next().ok_or_else(|| {
        Failure::new(Class::Rejected, format!("no live connection {client:?}"))
            .hint("list them with `centri conn ls`")
    })
}

pub async fn run(ctx: &Ctx, cmd: ConnCmd) -> Result<ExitCode, Failure> {
    match cmd {
        ConnCmd::Ls {
            user,
            label,
            sort,
            top,
        } => {
            let label_filter = (!label.is_empty()).then(|| FilterNode::all(label));
            let req = api::ConnectionsRequest {
                user: user.clone().unwrap_or_default(),
                // every connection has a client id: the filter that selects all of them
                expression: if user.is_some() || label_filter.is_some() {
                    String::new()
                } else {
                    "client".into()
                },
                label_filter,
            };
            let res = ctx
                .client()?
                .connections(&req)
                .await
                .map_err(Failure::from)?;
            let mut list: Vec<(&String, &api::ConnectionInfo)> = res.connections.iter().collect();
            match sort.as_str() {
                "rtt" => list.sort_by(|a, b| {
                    b.1.ping_pong_latency_ms
                        .cmp(&a.1.ping_pong_latency_ms)
                        .then(a.0.cmp(b.0))
                }),
                "subs" => list.sort_by(|a, b| {
                    b.1.state
                        .channels
                        .len()
                        .cmp(&a.1.state.channels.len())
                        .then(a.0.cmp(b.0))
                }),
                _ => list.sort_by(|a, b| {
                    b.1.connected_at_ms
                        .cmp(&a.1.connected_at_ms)
                        .then(a.0.cmp(b.0))
                }),
            }
            list.truncate(top.unwrap_or(usize::MAX));
            let doc: serde_json::Map<String, serde_json::Value> = list
                .iter()
                .map(|(k, v)| ((*k).clone(), serde_json::to_value(v).unwrap_or_default()))
                .collect();
            ctx.out
                .emit(&json!({ "connections": doc }), || {
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|(id, i)| {
                            vec![
                                (*id).clone(),
                                i.user.clone(),
                                i.app_name.clone(),
                                transport(i),
                                human_secs(age_secs(i)),
                                rtt(i),
                                i.state.channels.len().to_string(),
                                labels(i),
                            ]
                        })
                        .collect();
                    ctx.out.render_table(
                        &[
                            "client",
                            "user",
                            "app",
                            "transport",
                            "age",
                            "rtt",
                            "subs",
                            "labels",
                        ],
                        &rows,
                    )
                })
                .map_err(io)?;
        }
        ConnCmd::Show { client } => {
            let (client, info) = find(ctx, &client).await?;
            ctx.out
                .emit(&info, || {
                    let now_ms = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as u64);
                    let pairs = crate::output::connection_pairs(&client, &info, now_ms);
                    ctx.out.render_kv(&pairs)
                })
                .map_err(io)?;
        }
        ConnCmd::Disconnect { client, code } => {
            ctx.writable()?;
            let (client, info) = find(ctx, &client).await?;
            let c = ctx.client()?;
            ctx.confirm(&format!(
                "disconnect client {client} of user {:?} on {}",
                info.user,
                c.base()
            ))?;
            let req = api::DisconnectRequest {
                user: info.user.clone(),
                client: client.clone(),
                disconnect: code.map(|code| api::DisconnectObject {
                    code,
                    reason: String::new(),
                }),
                ..api::DisconnectRequest::default()
            };
            c.disconnect(&req).await.map_err(Failure::from)?;
            let code = code.unwrap_or(3503);
            ctx.out
                .emit(
                    &json!({"client": client, "user": info.user, "code": code}),
                    || {
                        format!(
                            "disconnected {client} (user {:?}) with code {code}\n",
                            info.user
                        )
                    },
                )
                .map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn conns(ids: &[&str]) -> std::collections::BTreeMap<String, api::ConnectionInfo> {
        ids.iter()
            .map(|id| ((*id).to_string(), api::ConnectionInfo::default()))
            .collect()
    }

    #[test]
    fn the_transport_column_names_a_non_json_protocol() {
        let mut i = api::ConnectionInfo {
            transport: "websocket".into(),
            protocol: "json".into(),
            ..api::ConnectionInfo::default()
        };
        assert_eq!(transport(&i), "websocket");
        i.transport = "http_stream".into();
        i.protocol = "protobuf".into();
        assert_eq!(transport(&i), "http_stream/protobuf");
    }

    #[test]
    fn a_unique_prefix_names_one_connection() {
        let all = ["8bbe3fec-1111", "8bbe3fec-2222", "77aa0000-3333"];
        assert_eq!(pick("77aa", conns(&all)).unwrap().0, "77aa0000-3333");
        assert_eq!(
            pick("8bbe3fec-2222", conns(&all)).unwrap().0,
            "8bbe3fec-2222"
        );
        let e = pick("8bbe3fec", conns(&all)).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(
            e.message.contains("8bbe3fec-1111, 8bbe3fec-2222"),
            "{}",
            e.message
        );
        assert_eq!(
            pick("ffff", conns(&all)).unwrap_err().class,
            Class::Rejected
        );
        assert!(prefix_safe("8bbe3fec") && !prefix_safe("a.b") && !prefix_safe(""));
    }
}

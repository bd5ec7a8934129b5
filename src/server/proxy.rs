//! Proxies to the application backend, as Centrifugo v6's: the connect, refresh, subscribe,
//! publish, `sub_refresh`, rpc and `shared_poll_refresh` calls over HTTP (JSON POST) or GRPC (`proxy.proto`).
//!
//! This module owns the configured proxies of a node ([`Proxies`]), one call ([`Proxy::call`]:
//! a bounded number in flight per proxy, the timeout, forwarded and static headers, metrics)
//! and what a call came to ([`Call`]: the backend's result, error or disconnect, or why the
//! call failed). The requests are built by [`request`], so that the server and
//! `centri proxy check` send exactly the same thing. `wire` holds the messages; `http` and
//! `grpc` move them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::sync::Semaphore;

use super::config::proxy::{proxy_name, ProxyConfig, DEFAULT_PROXY};
use super::config::Config;
use super::metrics::{ProxyLabel, ProxyMetrics};

mod grpc;
mod http;
pub mod request;
pub mod verdict;
pub mod wire;

/// Calls one proxy may have in flight; more wait (within their timeout) for a slot.
pub const MAX_IN_FLIGHT: usize = 256;
/// The largest response body read from an HTTP backend.
pub const MAX_RESPONSE: usize = 16 << 20;

/// What a proxy is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Connect,
    Refresh,
    Subscribe,
    Publish,
    SubRefresh,
    Rpc,
    /// Shared poll channels: the data of the tracked keys.
    SharedPollRefresh,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Connect => "connect",
            Kind::Refresh => "refresh",
            Kind::Subscribe => "subscribe",
            Kind::Publish => "publish",
            Kind::SubRefresh => "sub_refresh",
            Kind::Rpc => "rpc",
            Kind::SharedPollRefresh => "shared_poll_refresh",
        }
    }

    /// The method of the `CentrifugoProxy` GRPC service.
    fn grpc_method(self) -> &'static str {
        match self {
            Kind::Connect => "Connect",
            Kind::Refresh => "Refresh",
            Kind::Subscribe => "Subscribe",
            Kind::Publish => "Publish",
            Kind::SubRefresh => "SubRefresh",
            Kind::Rpc => "RPC",
            Kind::SharedPollRefresh => "SharedPollRefresh",
        }
    }
}

/// Why a call got no answer from the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No answer within the proxy's timeout.
    Timeout,
    /// The backend could not be reached (connection refused, DNS, TLS).
    Unreachable(String),
    /// An HTTP status other than 200, or a GRPC status other than OK.
    Status(String),
    /// A body that is not a proxy response.
    Garbage(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Timeout => write!(f, "timeout"),
            CallError::Unreachable(e) => write!(f, "unreachable: {e}"),
            CallError::Status(e) => write!(f, "{e}"),
            CallError::Garbage(e) => write!(f, "unparseable response: {e}"),
        }
    }
}

/// What the backend said.
#[derive(Debug, Clone)]
pub enum Answer<R> {
    /// A result (or none: the response had neither result, error nor disconnect).
    Result(Option<R>),
    /// An error for the client.
    Error(wire::Error),
    /// Close the client's connection with this code.
    Disconnect(wire::Disconnect),
}

/// One call: what came of it and how long it took.
#[derive(Debug)]
pub struct Call<R> {
    pub proxy: Arc<Proxy>,
    pub outcome: Result<Answer<R>, CallError>,
    pub elapsed: Duration,
}

impl<R> Call<R> {
    /// The trace fields of this call: proxy, type, latency, and result / error / disconnect.
    pub fn trace_fields(&self, m: &mut Map<String, Value>) {
        m.insert("proxy".into(), Value::from(self.proxy.name.clone()));
        m.insert("proxy_type".into(), Value::from(self.proxy.kind.name()));
        m.insert(
            "endpoint".into(),
            Value::from(self.proxy.cfg.endpoint.clone()),
        );
        m.insert(
            "latency_ms".into(),
            Value::from((self.elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0),
        );
        match &self.outcome {
            Ok(Answer::Result(_)) => {
                m.insert("result".into(), Value::from("ok"));
            }
            Ok(Answer::Error(e)) => {
                m.insert("result".into(), Value::from("error"));
                m.insert("code".into(), Value::from(e.code));
                m.insert("message".into(), Value::from(e.message.clone()));
            }
            Ok(Answer::Disconnect(d)) => {
                m.insert("result".into(), Value::from("disconnect"));
                m.insert("code".into(), Value::from(d.code));
                m.insert("reason".into(), Value::from(d.reason.clone()));
            }
            Err(e) => {
                m.insert("result".into(), Value::from("failed"));
                m.insert("error".into(), Value::from(e.to_string()));
            }
        }
    }
}

enum Transport {
    Http(reqwest::Client),
    /// Boxed: tonic's endpoint is large, and a proxy holds one transport.
    Grpc(Box<grpc::Client>),
}

/// One configured proxy of one kind.
pub struct Proxy {
    /// `default`, or the name in `proxies`.
    pub name: String,
    pub kind: Kind,
    pub cfg: ProxyConfig,
    transport: Transport,
    slots: Semaphore,
    metrics: Option<ProxyMetrics>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("endpoint", &self.cfg.endpoint)
            .finish_non_exhaustive()
    }
}

/// Header (or metadata) pairs to send with a call: the forwarded ones of the client's request.
pub type Headers = [(String, String)];

impl Proxy {
    /// A proxy over `cfg` (its endpoint was validated with the config).
    pub fn new(
        name: &str,
        kind: Kind,
        cfg: &ProxyConfig,
        metrics: Option<ProxyMetrics>,
    ) -> Result<Self, String> {
        let transport = if cfg.is_grpc() {
            Transport::Grpc(Box::new(grpc::Client::new(cfg)?))
        } else {
            Transport::Http(http::client(cfg)?)
        };
        Ok(Self {
            name: name.to_string(),
            kind,
            cfg: cfg.clone(),
            transport,
            slots: Semaphore::new(MAX_IN_FLIGHT),
            metrics,
        })
    }

    pub fn protocol(&self) -> &'static str {
        match self.transport {
            Transport::Http(_) => "http",
            Transport::Grpc(_) => "grpc",
        }
    }

    /// The `encoding` a request names.
    pub fn encoding(&self) -> &'static str {
        if self.cfg.binary_encoding {
            "binary"
        } else {
            "json"
        }
    }

    /// What goes with every call besides the request: the client's forwarded headers (only
    /// those in `http_headers`, names compared without case), then static ones not already
    /// set, then a GRPC proxy's credential.
    pub fn headers(&self, forwarded: &Headers) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = forwarded
            .iter()
            .filter(|(k, _)| {
                self.cfg
                    .http_headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(k))
            })
            .cloned()
            .collect();
        let statics: &BTreeMap<String, String> = if self.cfg.is_grpc() {
            &self.cfg.grpc.static_metadata
        } else {
            &self.cfg.http.static_headers
        };
        for (k, v) in statics {
            if !out.iter().any(|(o, _)| o.eq_ignore_ascii_case(k)) {
                out.push((k.clone(), v.clone()));
            }
        }
        if self.cfg.is_grpc() && !self.cfg.grpc.credentials_key.is_empty() {
            out.push((
                self.cfg.grpc.credentials_key.clone(),
                self.cfg.grpc.credentials_value.clone(),
            ));
        }
        out
    }

    /// Sends `req` and waits (at most the proxy's timeout, slot wait included) for the answer.
    pub async fn call<Req, Resp>(
        self: &Arc<Self>,
        req: &Req,
        forwarded: &Headers,
    ) -> Call<Resp::Result>
    where
        Req: prost::Message + serde::Serialize + Clone + 'static,
        Resp: wire::Response + 'static,
    {
        let started = Instant::now();
        let label = ProxyLabel {
            protocol: self.protocol(),
            r#type: self.kind.name(),
            name: self.name.clone(),
        };
        if let Some(m) = &self.metrics {
            m.inflight.get_or_create(&label).inc();
        }
        let headers = self.headers(forwarded);
        let timeout = self.cfg.timeout.value;
        let work = async {
            let _slot = self
                .slots
                .acquire()
                .await
                .map_err(|_| CallError::Unreachable("proxy closed".into()))?;
            match &self.transport {
                Transport::Http(c) => http::call::<Req, Resp>(c, &self.cfg, req, &headers).await,
                Transport::Grpc(c) => {
                    c.call::<Req, Resp>(self.kind.grpc_method(), req, &headers)
                        .await
                }
            }
        };
        let outcome = match tokio::time::timeout(timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(CallError::Timeout),
        };
        let outcome = outcome.map(|resp: Resp| {
            let (result, error, disconnect) = resp.parts();
            if let Some(d) = disconnect {
                Answer::Disconnect(d)
            } else if let Some(e) = error {
                Answer::Error(e)
            } else {
                Answer::Result(result)
            }
        });
        let outcome = match outcome {
            Err(CallError::Status(s)) => self.transform(&s).ok_or(CallError::Status(s)),
            o => o,
        };
        let elapsed = started.elapsed();
        if let Some(m) = &self.metrics {
            m.inflight.get_or_create(&label).dec();
            m.duration
                .get_or_create(&label)
                .observe(elapsed.as_secs_f64());
            if outcome.is_err() {
                m.errors.get_or_create(&label).inc();
            }
        }
        Call {
            proxy: self.clone(),
            outcome,
            elapsed,
        }
    }

    /// `http.status_to_code_transforms`: a backend's HTTP status as an error or a disconnect.
    fn transform<R>(&self, status: &str) -> Option<Answer<R>> {
        let code: u16 = status
            .strip_prefix("HTTP ")?
            .split(' ')
            .next()?
            .parse()
            .ok()?;
        let t = self
            .cfg
            .http
            .status_to_code_transforms
            .iter()
            .find(|t| t.status_code == code)?;
        Some(if t.to_error.code > 0 {
            Answer::Error(wire::Error {
                code: t.to_error.code,
                message: t.to_error.message.clone(),
                temporary: t.to_error.temporary,
            })
        } else {
            Answer::Disconnect(wire::Disconnect {
                code: t.to_disconnect.code,
                reason: t.to_disconnect.reason.clone(),
            })
        })
    }
}

/// The proxies of a node, by kind and name.
#[derive(Debug, Default)]
pub struct Proxies {
    by_kind: HashMap<(Kind, String), Arc<Proxy>>,
    /// Lower-case names of the client request headers some proxy forwards.
    forwarded: HashSet<String>,
}

impl Proxies {
    /// Every proxy the config enables or a namespace can reach.
    pub fn from_config(cfg: &Config, metrics: Option<&ProxyMetrics>) -> Result<Self, String> {
        let mut p = Proxies::default();
        let mut add = |kind: Kind, name: &str, c: &ProxyConfig| -> Result<(), String> {
            let proxy = Proxy::new(name, kind, c, metrics.cloned())
                .map_err(|e| format!("proxy {name:?} ({}): {e}", kind.name()))?;
            p.forwarded
                .extend(c.http_headers.iter().map(|h| h.to_ascii_lowercase()));
            p.by_kind.insert((kind, name.to_string()), Arc::new(proxy));
            Ok(())
        };
        if cfg.client.proxy.connect.enabled {
            add(Kind::Connect, DEFAULT_PROXY, &cfg.client.proxy.connect)?;
        }
        if cfg.client.proxy.refresh.enabled {
            add(Kind::Refresh, DEFAULT_PROXY, &cfg.client.proxy.refresh)?;
        }
        for (kind, c) in [
            (Kind::Subscribe, &cfg.channel.proxy.subscribe),
            (Kind::Publish, &cfg.channel.proxy.publish),
            (Kind::SubRefresh, &cfg.channel.proxy.sub_refresh),
            (Kind::Rpc, &cfg.rpc.proxy),
            (
                Kind::SharedPollRefresh,
                &cfg.channel.proxy.shared_poll_refresh,
            ),
        ] {
            if !c.endpoint.is_empty() {
                add(kind, DEFAULT_PROXY, c)?;
            }
        }
        for named in &cfg.proxies {
            for kind in [
                Kind::Subscribe,
                Kind::Publish,
                Kind::SubRefresh,
                Kind::Rpc,
                Kind::SharedPollRefresh,
            ] {
                add(kind, &named.name, named)?;
            }
        }
        Ok(p)
    }

    /// The proxy of `kind` named `name` (empty: the default).
    pub fn get(&self, kind: Kind, name: &str) -> Option<Arc<Proxy>> {
        self.by_kind
            .get(&(kind, proxy_name(name).to_string()))
            .cloned()
    }

    pub fn connect(&self) -> Option<Arc<Proxy>> {
        self.get(Kind::Connect, DEFAULT_PROXY)
    }

    pub fn refresh(&self) -> Option<Arc<Proxy>> {
        self.get(Kind::Refresh, DEFAULT_PROXY)
    }

    pub fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }

    /// The headers of a client's HTTP request that some proxy forwards, kept for its
    /// session's calls (the rest are never stored).
    pub fn capture(&self, headers: &::http::HeaderMap) -> Vec<(String, String)> {
        if self.forwarded.is_empty() {
            return Vec::new();
        }
        headers
            .iter()
            .filter(|(k, _)| self.forwarded.contains(k.as_str()))
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect()
    }
}

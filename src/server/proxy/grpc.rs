//! The GRPC proxy: unary calls to `centrifugal.centrifugo.proxy.CentrifugoProxy` over one
//! lazily connected HTTP/2 channel per proxy (tonic), which multiplexes the calls in flight.

use tonic::metadata::{MetadataKey, MetadataValue};
use tonic::transport::{Channel, Endpoint};

use super::{wire, CallError, MAX_IN_FLIGHT};
use crate::server::config::proxy::ProxyConfig;

const SERVICE: &str = "/centrifugal.centrifugo.proxy.CentrifugoProxy/";

pub(super) struct Client {
    endpoint: Endpoint,
    /// Made at the first call: tonic's channel runs a task, so it needs the runtime.
    channel: std::sync::OnceLock<Channel>,
}

impl Client {
    pub(super) fn new(cfg: &ProxyConfig) -> Result<Self, String> {
        let hostport = cfg
            .endpoint
            .strip_prefix("grpc://")
            .ok_or_else(|| format!("{:?} is not grpc://host:port", cfg.endpoint))?;
        let endpoint = Endpoint::from_shared(format!("http://{hostport}"))
            .map_err(|e| e.to_string())?
            .connect_timeout(cfg.timeout.value)
            .timeout(cfg.timeout.value)
            .concurrency_limit(MAX_IN_FLIGHT)
            .tcp_nodelay(true);
        Ok(Self {
            endpoint,
            channel: std::sync::OnceLock::new(),
        })
    }

    pub(super) async fn call<Req, Resp>(
        &self,
        method: &str,
        req: &Req,
        headers: &[(String, String)],
    ) -> Result<Resp, CallError>
    where
        Req: prost::Message + Clone + 'static,
        Resp: wire::Response + 'static,
    {
        let channel = self
            .channel
            .get_or_init(|| self.endpoint.connect_lazy())
            .clone();
        let mut grpc = tonic::client::Grpc::new(channel);
        grpc.ready()
            .await
            .map_err(|e| CallError::Unreachable(e.to_string()))?;
        let mut request = tonic::Request::new(req.clone());
        for (k, v) in headers {
            let key = MetadataKey::from_bytes(k.to_ascii_lowercase().as_bytes());
            let val = MetadataValue::try_from(v.as_str());
            if let (Ok(key), Ok(val)) = (key, val) {
                request.metadata_mut().insert(key, val);
            }
        }
        let path = http::uri::PathAndQuery::try_from(format!("{SERVICE}{method}"))
            .map_err(|e| CallError::Garbage(e.to_string()))?;
        let codec = tonic_prost::ProstCodec::<Req, Resp>::default();
        match grpc.unary(request, path, codec).await {
            Ok(r) => Ok(r.into_inner()),
            Err(s) => Err(match s.code() {
                tonic::Code::DeadlineExceeded | tonic::Code::Cancelled => CallError::Timeout,
                tonic::Code::Unavailable => CallError::Unreachable(s.message().to_string()),
                tonic::Code::Internal if s.message().contains("decode") => {
                    CallError::Garbage(s.message().to_string())
                }
                c => CallError::Status(format!("GRPC {c:?}: {}", s.message())),
            }),
        }
    }
}

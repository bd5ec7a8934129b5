//! Every server API request decoder, through the strict body decoder as the server reads
//! them: what decodes encodes and decodes again to the same JSON (compared as JSON values,
//! since maps have no order).
#![no_main]

use centri::proto::api;
use centri::proto::strict::from_body;
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<T: DeserializeOwned + Serialize>(data: &[u8]) {
    if let Ok(v) = from_body::<T>(data) {
        let once = serde_json::to_string(&v).unwrap();
        let again: T = serde_json::from_str(&once).unwrap();
        let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(value(&serde_json::to_string(&again).unwrap()), value(&once));
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<api::PublishRequest>(data);
    round_trip::<api::BroadcastRequest>(data);
    round_trip::<api::SubscribeRequest>(data);
    round_trip::<api::UnsubscribeRequest>(data);
    round_trip::<api::DisconnectRequest>(data);
    round_trip::<api::RefreshRequest>(data);
    round_trip::<api::ChannelRequest>(data);
    round_trip::<api::HistoryRequest>(data);
    round_trip::<api::ChannelsRequest>(data);
    round_trip::<api::RpcRequest>(data);
    round_trip::<api::ConnectionsRequest>(data);
    round_trip::<api::UpdateUserStatusRequest>(data);
    round_trip::<api::UsersRequest>(data);
    round_trip::<api::BatchRequest>(data);
    round_trip::<centri::proto::ratelimit::CheckRequest>(data);
    round_trip::<centri::proto::ratelimit::Patch>(data);
});

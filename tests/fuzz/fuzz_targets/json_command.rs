//! The JSON client-protocol command decoder: any text decodes or fails, and what decodes
//! encodes and decodes again to the same JSON (compared as JSON values: maps such as a
//! connect's `subs` have no order, so two encodings may list their keys differently).
#![no_main]

use centri::proto::client::Command;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.split('\n') {
        if let Ok(c) = serde_json::from_str::<Command>(line) {
            let once = serde_json::to_string(&c).unwrap();
            let again: Command = serde_json::from_str(&once).unwrap();
            let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
            assert_eq!(value(&serde_json::to_string(&again).unwrap()), value(&once));
        }
    }
});

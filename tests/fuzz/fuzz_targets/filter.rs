//! centri's filter language and the client protocol's label-filter tree: an expression
//! parses or fails, and a parsed one parses again from its source; a tree decodes, validates
//! or fails, and a valid one matches labels without panicking.
#![no_main]

use std::collections::BTreeMap;

use centri::proto::filter_node::FilterNode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = centri::filter::Filter::parse(text) {
        assert!(centri::filter::Filter::parse(f.source()).is_ok(), "{text}");
    }
    if let Ok(node) = serde_json::from_str::<FilterNode>(text) {
        if node.validate().is_ok() {
            let labels: BTreeMap<String, String> = [("a", "1"), ("b", "x"), ("c", "")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let _ = node.matches(&labels);
        }
    }
});

//! The Protobuf client-protocol frame splitter and command decoder: any bytes give a bounded
//! number of commands or errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let n = centri::proto::codec::protobuf::commands(data)
        .take(data.len() + 2)
        .count();
    assert!(
        n <= data.len() + 1,
        "{n} commands from {} bytes",
        data.len()
    );
});

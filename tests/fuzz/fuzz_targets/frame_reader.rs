//! The WebSocket frame reader over arbitrary bytes: it ends (EOF or an error) within one step
//! per two bytes, and never hands out a payload over its limit.
#![no_main]

use centri::proto::wsframe::FrameReader;
use libfuzzer_sys::fuzz_target;

const LIMIT: usize = 1024;

fuzz_target!(|data: &[u8]| {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut r = FrameReader::new(data, LIMIT);
        // Every frame takes at least 2 bytes, so this bounds the loop.
        for _ in 0..=data.len() / 2 + 1 {
            match r.next().await {
                Ok(f) => assert!(f.payload.len() <= LIMIT, "a frame over the limit"),
                Err(_) => return,
            }
        }
        panic!("the reader did not stop");
    });
});

//! The fossil delta decoder: any delta against any base gives a bounded output or an error;
//! a delta made by the encoder gives back the target exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;

const MAX: usize = 1 << 16;

fuzz_target!(|data: &[u8]| {
    // The first byte says where the base ends and the other document begins.
    let Some((&n, tail)) = data.split_first() else {
        return;
    };
    let (base, rest) = tail.split_at(usize::from(n).min(tail.len()));
    if let Ok(out) = centri::proto::delta::apply(base, rest, MAX) {
        assert!(out.len() <= MAX);
    }
    let d = fossil_delta::delta(rest, base);
    assert_eq!(centri::proto::delta::apply(base, &d, MAX).unwrap(), rest);
});

//! The JWT parser and verifier: arbitrary text is refused (it cannot carry a valid HMAC
//! signature), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let cfg = centri::server::config::TokenConfig {
        hmac_secret_key: "fuzz-secret".into(),
        ..Default::default()
    };
    let v = centri::server::auth::Verifier::new(&cfg).unwrap();
    assert!(v.verify(token, 1_700_000_000).is_err(), "{token}");
});

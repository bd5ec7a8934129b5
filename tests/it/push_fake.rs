//! Fake push providers for the tests, one per provider, each speaking the provider's real
//! wire protocol and checking what it gets (signed grants, bearer tokens, ES256 provider
//! tokens, VAPID, aes128gcm payloads). Each file also holds the tests of centri's provider
//! client against its fake.

pub mod apns;
pub mod fcm;
pub mod hms;
pub mod tls;
pub mod webpush;

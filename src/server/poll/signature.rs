//! Track signatures of shared poll channels: `iat:exp:hex(HMAC-SHA256(secret,
//! "iat:exp:user:channel:hex(SHA-256(keys joined by NUL))"))`, made by the application's
//! backend for one batch of keys, in the order the client sends them. The previous secret
//! of a rotation is accepted for signatures issued up to its `valid_until`. Compares are
//! constant-time (the `hmac` crate's `verify_slice`).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::SharedPollConfig;

/// Why a signature does not let the keys be tracked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Well-formed and signed with a key of ours, but past its expiry and the grace delay:
    /// the client asks its backend for a fresh one (109).
    Expired,
    /// Malformed, or not made with a key of ours for these keys, user and channel (103).
    Invalid(&'static str),
}

/// A verified signature: until when it lets the keys be tracked (unix s; `None`: forever),
/// and its own expiry (`None`: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub exp: Option<i64>,
}

fn payload(iat: i64, exp: i64, user: &str, channel: &str, keys: &[&str]) -> String {
    let keys_hash = Sha256::digest(keys.join("\0").as_bytes());
    format!("{iat}:{exp}:{user}:{channel}:{}", hex::encode(keys_hash))
}

fn mac(secret: &str, payload: &str) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    m.update(payload.as_bytes());
    m
}

/// A signature for `keys` (what the application's backend computes; the tests and
/// `centri` tooling use it).
pub fn sign(secret: &str, iat: i64, exp: i64, user: &str, channel: &str, keys: &[&str]) -> String {
    let tag = mac(secret, &payload(iat, exp, user, channel, keys)).finalize();
    format!("{iat}:{exp}:{}", hex::encode(tag.into_bytes()))
}

/// Checks `sig` for `keys` of `user` in `channel` at `now`; `grace` (seconds) is how long
/// after its expiry a signature is still taken.
pub fn verify(
    cfg: &SharedPollConfig,
    sig: &str,
    user: &str,
    channel: &str,
    keys: &[&str],
    now: i64,
    grace: i64,
) -> Result<Verified, Refused> {
    let mut parts = sig.splitn(3, ':');
    let (Some(iat), Some(exp), Some(tag)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Refused::Invalid("not iat:exp:hmac"));
    };
    let (Ok(iat_n), Ok(exp_n)) = (iat.parse::<i64>(), exp.parse::<i64>()) else {
        return Err(Refused::Invalid("iat or exp is not a number"));
    };
    if iat_n < 0 || exp_n < 0 {
        return Err(Refused::Invalid("iat or exp is negative"));
    }
    let Ok(tag) = hex::decode(tag) else {
        return Err(Refused::Invalid("the hmac is not hex"));
    };
    let msg = payload(iat_n, exp_n, user, channel, keys);
    let current = !cfg.hmac_secret_key.is_empty()
        && mac(&cfg.hmac_secret_key, &msg).verify_slice(&tag).is_ok();
    let previous = !current
        && !cfg.hmac_previous_secret_key.is_empty()
        && (cfg.hmac_previous_secret_key_valid_until == 0
            || iat_n <= cfg.hmac_previous_secret_key_valid_until)
        && mac(&cfg.hmac_previous_secret_key, &msg)
            .verify_slice(&tag)
            .is_ok();
    if !current && !previous {
        return Err(Refused::Invalid("not signed with the shared_poll secret"));
    }
    if exp_n != 0 && now > exp_n.saturating_add(grace) {
        return Err(Refused::Expired);
    }
    Ok(Verified {
        exp: (exp_n != 0).then_some(exp_n),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SharedPollConfig {
        SharedPollConfig {
            hmac_secret_key: "new-secret".into(),
            hmac_previous_secret_key: "old-secret".into(),
            hmac_previous_secret_key_valid_until: 1_000,
            concurrency_limit: 0,
        }
    }

    #[test]
    fn a_signature_covers_its_keys_in_order_its_user_and_channel() {
        let c = cfg();
        let s = sign("new-secret", 100, 200, "42", "votes:1", &["a", "b"]);
        let ok = verify(&c, &s, "42", "votes:1", &["a", "b"], 150, 25);
        assert_eq!(ok, Ok(Verified { exp: Some(200) }));
        for (user, ch, keys) in [
            ("43", "votes:1", ["a", "b"]),
            ("42", "votes:2", ["a", "b"]),
            ("42", "votes:1", ["b", "a"]),
            ("42", "votes:1", ["a", "c"]),
        ] {
            assert!(
                matches!(
                    verify(&c, &s, user, ch, &keys, 150, 25),
                    Err(Refused::Invalid(_))
                ),
                "{user} {ch} {keys:?}"
            );
        }
    }

    #[test]
    fn expiry_has_a_grace_delay_and_zero_never_expires() {
        let c = cfg();
        let s = sign("new-secret", 100, 200, "", "ch", &["k"]);
        assert!(verify(&c, &s, "", "ch", &["k"], 225, 25).is_ok());
        assert_eq!(
            verify(&c, &s, "", "ch", &["k"], 226, 25),
            Err(Refused::Expired)
        );
        let forever = sign("new-secret", 100, 0, "", "ch", &["k"]);
        assert_eq!(
            verify(&c, &forever, "", "ch", &["k"], i64::MAX, 25),
            Ok(Verified { exp: None })
        );
    }

    #[test]
    fn the_previous_key_holds_for_signatures_issued_before_its_limit() {
        let c = cfg();
        let early = sign("old-secret", 900, 0, "u", "ch", &["k"]);
        assert!(verify(&c, &early, "u", "ch", &["k"], 2_000, 25).is_ok());
        let late = sign("old-secret", 1_001, 0, "u", "ch", &["k"]);
        assert!(matches!(
            verify(&c, &late, "u", "ch", &["k"], 2_000, 25),
            Err(Refused::Invalid(_))
        ));
        let other = sign("someone-else", 900, 0, "u", "ch", &["k"]);
        assert!(verify(&c, &other, "u", "ch", &["k"], 2_000, 25).is_err());
    }

    #[test]
    fn malformed_signatures_are_invalid_not_a_panic() {
        let c = cfg();
        for bad in [
            "",
            "1:2",
            "x:2:00",
            "1:y:00",
            "1:2:zz",
            "-1:2:00",
            "1:2:",
            "99999999999999999999:1:00",
        ] {
            assert!(
                matches!(
                    verify(&c, bad, "", "ch", &["k"], 0, 25),
                    Err(Refused::Invalid(_))
                ),
                "{bad:?}"
            );
        }
        // a forged signature with an expiry in the past is still a forgery, not "expired"
        let forged = format!("1:2:{}", "ab".repeat(32));
        assert!(matches!(
            verify(&c, &forged, "", "ch", &["k"], 10_000, 25),
            Err(Refused::Invalid(_))
        ));
    }
}

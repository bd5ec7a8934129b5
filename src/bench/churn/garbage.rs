//! What a churn client that "sends garbage" sends: one of a few kinds of bad input a real
//! network or a broken client produces, each of which a server must answer (a close code, an
//! error reply or an HTTP status) rather than ignore. Pure: bytes from a random source.

use rand::Rng;

/// One kind of bad input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A text frame that is not JSON, instead of `connect`.
    NotJson,
    /// A `connect` whose `token` is a number.
    WrongType,
    /// A binary frame of random bytes on a JSON connection.
    Binary,
    /// A text frame whose payload is not UTF-8.
    BadUtf8,
    /// After a good connect and subscribe, a `publish` whose `channel` is an object.
    MidSession,
    /// Random bytes on the TCP connection instead of an HTTP request.
    Raw,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::NotJson,
        Kind::WrongType,
        Kind::Binary,
        Kind::BadUtf8,
        Kind::MidSession,
        Kind::Raw,
    ];

    /// The name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::NotJson => "not_json",
            Kind::WrongType => "wrong_type",
            Kind::Binary => "binary",
            Kind::BadUtf8 => "bad_utf8",
            Kind::MidSession => "mid_session",
            Kind::Raw => "raw",
        }
    }

    /// Picks one.
    pub fn pick(rng: &mut impl Rng) -> Kind {
        Self::ALL[rng.random_range(0..Self::ALL.len())]
    }
}

/// Printable ASCII that never forms a JSON document: it starts with a letter other than the
/// JSON literals' first letters.
pub fn not_json(rng: &mut impl Rng) -> String {
    let len = rng.random_range(1..256);
    let mut s = String::with_capacity(len + 1);
    s.push('x');
    for _ in 0..len {
        s.push(char::from(rng.random_range(b' '..=b'~')));
    }
    s
}

/// A connect command with a wrong-typed field.
pub fn wrong_type(rng: &mut impl Rng) -> String {
    format!(
        "{{\"id\":1,\"connect\":{{\"token\":{}}}}}",
        rng.random_range(0..1_000_000u32)
    )
}

/// The same command mid-session: a publish whose channel is not a string.
pub fn mid_session() -> &'static str {
    "{\"id\":3,\"publish\":{\"channel\":{\"not\":\"a string\"},\"data\":{}}}"
}

/// Random bytes (for a binary frame, or raw on the socket).
pub fn bytes(rng: &mut impl Rng) -> Vec<u8> {
    let len = rng.random_range(1..512);
    (0..len).map(|_| rng.random::<u8>()).collect()
}

/// Bytes that are not UTF-8: a lone continuation byte amid ASCII.
pub fn bad_utf8(rng: &mut impl Rng) -> Vec<u8> {
    let mut b = b"{\"id\":1,\"connect\":{\"name\":\"".to_vec();
    b.push(0x80 | rng.random_range(0..0x40u8));
    b.extend_from_slice(b"\"}}");
    b
}

/// Raw bytes that end the way an HTTP request head ends, so that a server that waits for a
/// whole head gets one and must judge it.
pub fn raw(rng: &mut impl Rng) -> Vec<u8> {
    let mut b = bytes(rng);
    b.retain(|&c| c != b'\r' && c != b'\n');
    b.insert(0, b'\x01');
    b.extend_from_slice(b"\r\n\r\n");
    b
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_kind_is_bad_input() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..200 {
            assert!(serde_json::from_str::<serde_json::Value>(&not_json(&mut rng)).is_err());
            assert!(std::str::from_utf8(&bad_utf8(&mut rng)).is_err());
            let r = raw(&mut rng);
            assert!(r.ends_with(b"\r\n\r\n") && r[0] == 1);
            assert!(!r[..r.len() - 4].contains(&b'\n'));
            let v: serde_json::Value = serde_json::from_str(&wrong_type(&mut rng)).unwrap();
            assert!(v["connect"]["token"].is_number());
        }
        let v: serde_json::Value = serde_json::from_str(mid_session()).unwrap();
        assert!(v["publish"]["channel"].is_object());
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            seen.insert(Kind::pick(&mut rng));
        }
        assert_eq!(seen.len(), Kind::ALL.len());
    }
}

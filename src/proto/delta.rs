//! Fossil deltas, Centrifugo's delta compression, as a client decodes them: [`apply`] rebuilds
//! a publication's data from the previous one and a delta received from a server.
//!
//! The server side creates deltas with the `fossil-delta` crate. Decoding is written here
//! because its input comes over the network: every number is checked against the sizes at
//! hand, so a malformed or hostile delta is an error, never a panic or an allocation bigger
//! than `max_len`.
//!
//! Format: `SIZE\n`, then commands `N@OFFSET,` (copy N bytes of the base from OFFSET) and
//! `N:TEXT` (N literal bytes), ending with `CHECKSUM;`. Numbers are base 64 with the digits
//! `0-9A-Z_a-z~`. The checksum is the 32-bit wrapping sum of the output's big-endian words,
//! the last one padded with zeros.

/// Why a delta could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaError(pub String);

impl std::fmt::Display for DeltaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad fossil delta: {}", self.0)
    }
}

impl std::error::Error for DeltaError {}

fn err<T>(why: impl Into<String>) -> Result<T, DeltaError> {
    Err(DeltaError(why.into()))
}

struct Reader<'a> {
    d: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn digit(c: u8) -> Option<u64> {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'Z' => c - b'A' + 10,
            b'_' => 36,
            b'a'..=b'z' => c - b'a' + 37,
            b'~' => 63,
            _ => return None,
        };
        Some(u64::from(v))
    }

    /// A base-64 number of at least one digit, at most `u32::MAX` (as fossil writes them).
    fn int(&mut self) -> Result<usize, DeltaError> {
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(v) = self.d.get(self.at).copied().and_then(Self::digit) {
            n = (n << 6) | v;
            if n > u64::from(u32::MAX) {
                return err(format!("number too large at byte {start}"));
            }
            self.at += 1;
        }
        if self.at == start {
            return err(format!("expected a number at byte {start}"));
        }
        usize::try_from(n).or_else(|_| err("number too large"))
    }

    fn byte(&mut self) -> Result<u8, DeltaError> {
        let b = self.d.get(self.at).copied();
        self.at += 1;
        b.map_or_else(|| err("ends before its checksum"), Ok)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], DeltaError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.d.len())
            .map_or_else(|| err("literal runs past the end"), Ok)?;
        let s = &self.d[self.at..end];
        self.at = end;
        Ok(s)
    }
}

/// The fossil checksum of `data`.
pub fn checksum(data: &[u8]) -> u32 {
    let mut sum: u32 = 0;
    let mut words = data.chunks_exact(4);
    for w in &mut words {
        sum = sum.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 4];
        last[..rest.len()].copy_from_slice(rest);
        sum = sum.wrapping_add(u32::from_be_bytes(last));
    }
    sum
}

/// Rebuilds the target from `base` and `delta`; the target may be at most `max_len` bytes.
pub fn apply(base: &[u8], delta: &[u8], max_len: usize) -> Result<Vec<u8>, DeltaError> {
    let mut r = Reader { d: delta, at: 0 };
    let total = r.int()?;
    if r.byte()? != b'\n' {
        return err("no newline after the size");
    }
    if total > max_len {
        return err(format!(
            "announces {total} bytes, over the limit of {max_len}"
        ));
    }
    let mut out = Vec::with_capacity(total);
    loop {
        let n = r.int()?;
        match r.byte()? {
            b'@' => {
                let offset = r.int()?;
                if r.byte()? != b',' {
                    return err("no comma after a copy");
                }
                let end = offset
                    .checked_add(n)
                    .filter(|&e| e <= base.len())
                    .map_or_else(|| err("copies past the end of the base"), Ok)?;
                if out.len() + n > total {
                    return err("output longer than announced");
                }
                out.extend_from_slice(&base[offset..end]);
            }
            b':' => {
                if out.len() + n > total {
                    return err("output longer than announced");
                }
                out.extend_from_slice(r.take(n)?);
            }
            b';' => {
                if out.len() != total {
                    return err(format!("output is {} bytes, {total} announced", out.len()));
                }
                if u64::try_from(n).ok() != Some(u64::from(checksum(&out))) {
                    return err("checksum mismatch");
                }
                return Ok(out);
            }
            c => return err(format!("unexpected byte {c:#04x} at {}", r.at - 1)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn rebuilds_what_the_encoder_made() {
        // a fixed seed: the same pairs every run
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let words = [
            "alpha",
            "beta",
            "δέλτα",
            "日本",
            "🚀",
            "\\n",
            "{}",
            "~~~",
            "0",
        ];
        let doc = |rng: &mut rand::rngs::StdRng| {
            let n = rng.random_range(0..80);
            (0..n)
                .map(|_| words[rng.random_range(0..words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut base = doc(&mut rng);
        for _ in 0..500 {
            let mut target = base.clone();
            // small edits of the previous document, and now and then a new one
            if rng.random_range(0..10) == 0 {
                target = doc(&mut rng);
            } else {
                target.push_str(words[rng.random_range(0..words.len())]);
            }
            let d = fossil_delta::delta(target.as_bytes(), base.as_bytes());
            assert_eq!(
                apply(base.as_bytes(), &d, 1 << 20).unwrap(),
                target.as_bytes()
            );
            base = target;
        }
    }

    #[test]
    fn bad_deltas_are_errors_never_panics() {
        let base = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let good = fossil_delta::delta(b"0123456789abcdefghijklmnopqrstuvwxyz!".as_slice(), base);
        assert!(apply(base, &good, 1024).is_ok());
        let cases: Vec<(&[u8], &str)> = vec![
            (b"", "expected a number"),
            (b"A", "ends before"),
            (b"A;", "no newline"),
            (b"~~~~~~\n", "too large"),
            (b"Z\n", "over the limit"),
            (b"5\n", "expected a number"),
            (b"5\n5", "ends before"),
            (b"5\n5@", "expected a number"),
            (b"5\n5@0", "ends before"),
            (b"5\n5@0;", "no comma"),
            (b"5\nz@0,", "copies past"),
            (b"5\n5@~~~~~,", "copies past"),
            (b"3\n5@0,", "longer than announced"),
            (b"2\n5:abcde", "longer than announced"),
            (b"5\n5:ab", "runs past the end"),
            (b"5\n5:abcde", "expected a number"),
            (b"5\n5:abcde0;", "checksum mismatch"),
            (b"6\n5:abcde0;", "6 announced"),
            (b"5\n5?", "unexpected byte"),
        ];
        for (d, want) in cases {
            let e = apply(base, d, 16).unwrap_err();
            assert!(
                e.0.contains(want),
                "{:?}: {e} (wanted {want:?})",
                String::from_utf8_lossy(d)
            );
        }
        // a flipped byte in a good delta is an error, never a silently different output
        for i in 0..good.len() {
            let mut d = good.clone();
            d[i] ^= 0x01;
            if let Ok(out) = apply(base, &d, 1024) {
                assert_eq!(out, b"0123456789abcdefghijklmnopqrstuvwxyz!", "byte {i}");
            }
        }
    }
}

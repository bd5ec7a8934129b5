//! Keys and algorithms for `centri token`: the `--alg` values, PEM keys (RSA PKCS#1 or PKCS#8,
//! ECDSA P-256/P-384 PKCS#8 or SEC1) read with a few lines of DER, the public key derived
//! from a private one, and which signer a command uses.

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey};

use super::super::Failure;
use crate::cli::Alg;

// ---------------------------------------------------------------------------------------------
// Algorithms and keys

/// The jsonwebtoken algorithm of a `--alg` value.
pub fn algorithm(a: Alg) -> Algorithm {
    match a {
        Alg::HS256 => Algorithm::HS256,
        Alg::HS384 => Algorithm::HS384,
        Alg::HS512 => Algorithm::HS512,
        Alg::RS256 => Algorithm::RS256,
        Alg::RS384 => Algorithm::RS384,
        Alg::RS512 => Algorithm::RS512,
        Alg::ES256 => Algorithm::ES256,
        Alg::ES384 => Algorithm::ES384,
    }
}

/// The key family an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    Ec,
}

impl Family {
    /// The family of an algorithm Centrifugo accepts with static keys; `None` for the others.
    pub fn of(alg: Algorithm) -> Option<Self> {
        match alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Some(Family::Hmac),
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => Some(Family::Rsa),
            Algorithm::ES256 | Algorithm::ES384 => Some(Family::Ec),
            _ => None,
        }
    }

    pub(super) fn key_name(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA public key",
            Family::Ec => "an ECDSA public key",
        }
    }

    pub(super) fn how_to_pass(self) -> &'static str {
        match self {
            Family::Hmac => "pass --hmac-secret (or CENTRI_HMAC_SECRET, or a context with one)",
            Family::Rsa => "pass --key with the RSA public key (client.token.rsa_public_key)",
            Family::Ec => "pass --key with the ECDSA public key (client.token.ecdsa_public_key)",
        }
    }
}

/// The type of a PEM key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    P256,
    P384,
}

impl KeyType {
    /// The algorithm used when `--alg` is not given.
    pub fn default_alg(self) -> Algorithm {
        match self {
            KeyType::Rsa => Algorithm::RS256,
            KeyType::P256 => Algorithm::ES256,
            KeyType::P384 => Algorithm::ES384,
        }
    }

    /// Whether this key can sign/verify `alg`.
    pub fn fits(self, alg: Algorithm) -> bool {
        match self {
            KeyType::Rsa => Family::of(alg) == Some(Family::Rsa),
            KeyType::P256 => alg == Algorithm::ES256,
            KeyType::P384 => alg == Algorithm::ES384,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyType::Rsa => "an RSA key",
            KeyType::P256 => "an ECDSA P-256 key",
            KeyType::P384 => "an ECDSA P-384 key",
        }
    }
}

/// How the key is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PemFormat {
    /// `RSA PRIVATE KEY`.
    Pkcs1Private,
    /// `RSA PUBLIC KEY`.
    Pkcs1Public,
    /// `PRIVATE KEY`.
    Pkcs8Private,
    /// `PUBLIC KEY` (`SubjectPublicKeyInfo`).
    Spki,
    /// `EC PRIVATE KEY`.
    Sec1Private,
}

/// A PEM key file, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemKey {
    pub kind: KeyType,
    pub private: bool,
    format: PemFormat,
    der: Vec<u8>,
}

/// One DER element.
#[derive(Debug, Clone, Copy)]
pub(super) struct Der<'a> {
    tag: u8,
    /// The whole element: tag, length and content.
    tlv: &'a [u8],
    content: &'a [u8],
}

/// Reads one DER element; the element and what follows it.
pub(super) fn der_next(input: &[u8]) -> Option<(Der<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (len_bytes, rest) = rest.split_at(n);
        (
            len_bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
            rest,
        )
    };
    if rest.len() < len {
        return None;
    }
    let header = input.len() - rest.len();
    let (content, after) = rest.split_at(len);
    Some((
        Der {
            tag,
            tlv: &input[..header + len],
            content,
        },
        after,
    ))
}

/// The elements inside a constructed element's content.
pub(super) fn der_children(content: &[u8]) -> Option<Vec<Der<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (d, after) = der_next(rest)?;
        out.push(d);
        rest = after;
    }
    Some(out)
}

/// The single SEQUENCE a DER document must be, and its children.
pub(super) fn der_sequence(der: &[u8]) -> Option<Vec<Der<'_>>> {
    let (seq, rest) = der_next(der)?;
    (seq.tag == TAG_SEQUENCE && rest.is_empty()).then_some(())?;
    der_children(seq.content)
}

/// Encodes a DER element.
pub(super) fn der_encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

pub(super) const TAG_INTEGER: u8 = 0x02;
pub(super) const TAG_BIT_STRING: u8 = 0x03;
pub(super) const TAG_OCTET_STRING: u8 = 0x04;
pub(super) const TAG_OID: u8 = 0x06;
pub(super) const TAG_SEQUENCE: u8 = 0x30;
/// `[0]` (EC parameters in SEC1).
pub(super) const TAG_CTX0: u8 = 0xa0;
/// `[1]` (the public key in SEC1).
pub(super) const TAG_CTX1: u8 = 0xa1;
/// 1.2.840.113549.1.1.1 `rsaEncryption`.
pub(super) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.2.840.10045.2.1 `ecPublicKey`.
pub(super) const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// 1.2.840.10045.3.1.7 `prime256v1`.
pub(super) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// 1.3.132.0.34 `secp384r1`.
pub(super) const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

pub(super) fn curve(oid: &[u8]) -> Result<KeyType, String> {
    match oid {
        OID_P256 => Ok(KeyType::P256),
        OID_P384 => Ok(KeyType::P384),
        _ => Err("unsupported EC curve: only P-256 (ES256) and P-384 (ES384) are".into()),
    }
}

/// Classifies an `AlgorithmIdentifier` (`SEQUENCE { OID, params }`).
pub(super) fn classify_algorithm(alg_id: &Der<'_>) -> Result<KeyType, String> {
    let parts = der_children(alg_id.content).ok_or("bad algorithm identifier")?;
    let oid = parts
        .first()
        .filter(|d| d.tag == TAG_OID)
        .ok_or("bad algorithm identifier")?;
    match oid.content {
        OID_RSA => Ok(KeyType::Rsa),
        OID_EC => {
            let params = parts
                .get(1)
                .filter(|d| d.tag == TAG_OID)
                .ok_or("EC key without a named curve")?;
            curve(params.content)
        }
        _ => Err("unsupported key type: only RSA and ECDSA (P-256, P-384) keys are".into()),
    }
}

/// Parses a PEM key file.
pub fn parse_pem(text: &str) -> Result<PemKey, String> {
    let begin = text
        .find("-----BEGIN ")
        .ok_or("not a PEM file (no -----BEGIN line)")?;
    let after_begin = &text[begin + "-----BEGIN ".len()..];
    let label_end = after_begin.find("-----").ok_or("not a PEM file")?;
    let label = &after_begin[..label_end];
    let body_and_rest = &after_begin[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let body = &body_and_rest[..body_and_rest
        .find(&end_marker)
        .ok_or_else(|| format!("no {end_marker} line"))?];
    if body.contains(':') {
        return Err("encrypted PEM keys are not supported: decrypt it first (openssl pkey -in key.pem -out plain.pem)".into());
    }
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| format!("bad base64 in the PEM body: {e}"))?;
    let bad = || format!("malformed {label}");
    let (format, kind) = match label {
        "RSA PRIVATE KEY" => {
            der_sequence(&der).ok_or_else(bad)?;
            (PemFormat::Pkcs1Private, KeyType::Rsa)
        }
        "RSA PUBLIC KEY" => {
            der_sequence(&der).ok_or_else(bad)?;
            (PemFormat::Pkcs1Public, KeyType::Rsa)
        }
        "PRIVATE KEY" => {
            let parts = der_sequence(&der).ok_or_else(bad)?;
            let alg_id = parts.get(1).filter(|d| d.tag == TAG_SEQUENCE).ok_or_else(bad)?;
            (PemFormat::Pkcs8Private, classify_algorithm(alg_id)?)
        }
        "PUBLIC KEY" => {
            let parts = der_sequence(&der).ok_or_else(bad)?;
            let alg_id = parts.first().filter(|d| d.tag == TAG_SEQUENCE).ok_or_else(bad)?;
            (PemFormat::Spki, classify_algorithm(alg_id)?)
        }
        "EC PRIVATE KEY" => {
            let parts = der_sequence(&der).ok_or_else(bad)?;
            let params = parts.iter().find(|d| d.tag == TAG_CTX0).ok_or("EC PRIVATE KEY without a named curve")?;
            let (oid, _) = der_next(params.content).filter(|(d, _)| d.tag == TAG_OID).ok_or_else(bad)?;
            (PemFormat::Sec1Private, curve(oid.content)?)
        }
        "ENCRYPTED PRIVATE KEY" => {
            return Err("encrypted private keys are not supported: decrypt it first (openssl pkcs8 -in key.pem -nocrypt -out plain.pem)".into())
        }
        "CERTIFICATE" => return Err("a certificate, not a key: extract the public key (openssl x509 -pubkey -noout -in cert.pem)".into()),
        other => return Err(format!("unsupported PEM type {other:?}")),
    };
    let private = matches!(
        format,
        PemFormat::Pkcs1Private | PemFormat::Pkcs8Private | PemFormat::Sec1Private
    );
    Ok(PemKey {
        kind,
        private,
        format,
        der,
    })
}

/// PEM text for a DER document.
pub(super) fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out + "-----END " + label + "-----\n"
}

impl PemKey {
    /// The PKCS#8 `privateKey` OCTET STRING content of a `PRIVATE KEY`.
    fn pkcs8_inner(&self) -> Option<&[u8]> {
        let parts = der_sequence(&self.der)?;
        parts
            .get(2)
            .filter(|d| d.tag == TAG_OCTET_STRING)
            .map(|d| d.content)
    }

    /// The key to sign with.
    pub fn encoding_key(&self) -> Result<EncodingKey, String> {
        let malformed = || "malformed private key".to_string();
        match (self.kind, self.format) {
            (_, PemFormat::Pkcs1Public | PemFormat::Spki) => {
                Err("this is a public key; signing needs the private key".into())
            }
            (KeyType::Rsa, PemFormat::Pkcs1Private) => Ok(EncodingKey::from_rsa_der(&self.der)),
            (KeyType::Rsa, _) => Ok(EncodingKey::from_rsa_der(
                self.pkcs8_inner().ok_or_else(malformed)?,
            )),
            (_, PemFormat::Pkcs8Private) => Ok(EncodingKey::from_ec_der(&self.der)),
            (_, _) => {
                // SEC1 → PKCS#8: SEQUENCE { 0, SEQUENCE { ecPublicKey, curve }, OCTET STRING sec1 }.
                let curve = if self.kind == KeyType::P256 {
                    OID_P256
                } else {
                    OID_P384
                };
                let mut alg_id = der_encode(TAG_OID, OID_EC);
                alg_id.extend(der_encode(TAG_OID, curve));
                let mut body = der_encode(TAG_INTEGER, &[0]);
                body.extend(der_encode(TAG_SEQUENCE, &alg_id));
                body.extend(der_encode(TAG_OCTET_STRING, &self.der));
                Ok(EncodingKey::from_ec_der(&der_encode(TAG_SEQUENCE, &body)))
            }
        }
    }

    /// The public key as PEM, as the server config takes it (`rsa_public_key` /
    /// `ecdsa_public_key`); derived from a private key when needed.
    pub fn public_pem(&self) -> Result<String, String> {
        let malformed = || "malformed private key".to_string();
        match (self.kind, self.format) {
            (_, PemFormat::Spki) => Ok(pem_encode("PUBLIC KEY", &self.der)),
            (_, PemFormat::Pkcs1Public) => Ok(pem_encode("RSA PUBLIC KEY", &self.der)),
            (KeyType::Rsa, _) => {
                let pkcs1 = if self.format == PemFormat::Pkcs1Private {
                    &self.der[..]
                } else {
                    self.pkcs8_inner().ok_or_else(malformed)?
                };
                // RSAPrivateKey ::= SEQUENCE { version, n, e, d, ... }
                let parts = der_sequence(pkcs1).ok_or_else(malformed)?;
                let (n, e) = match (parts.get(1), parts.get(2)) {
                    (Some(n), Some(e)) if n.tag == TAG_INTEGER && e.tag == TAG_INTEGER => (n, e),
                    _ => return Err(malformed()),
                };
                let mut body = n.tlv.to_vec();
                body.extend_from_slice(e.tlv);
                Ok(pem_encode(
                    "RSA PUBLIC KEY",
                    &der_encode(TAG_SEQUENCE, &body),
                ))
            }
            (_, _) => {
                let (sec1, alg_id) = if self.format == PemFormat::Sec1Private {
                    let curve = if self.kind == KeyType::P256 {
                        OID_P256
                    } else {
                        OID_P384
                    };
                    let mut alg_id = der_encode(TAG_OID, OID_EC);
                    alg_id.extend(der_encode(TAG_OID, curve));
                    (&self.der[..], der_encode(TAG_SEQUENCE, &alg_id))
                } else {
                    let parts = der_sequence(&self.der).ok_or_else(malformed)?;
                    let alg_id = parts.get(1).ok_or_else(malformed)?.tlv.to_vec();
                    (self.pkcs8_inner().ok_or_else(malformed)?, alg_id)
                };
                // ECPrivateKey ::= SEQUENCE { 1, privateKey, [0] params OPTIONAL, [1] publicKey OPTIONAL }
                let parts = der_sequence(sec1).ok_or_else(malformed)?;
                let point = parts
                    .iter()
                    .find(|d| d.tag == TAG_CTX1)
                    .and_then(|d| der_next(d.content))
                    .filter(|(d, _)| d.tag == TAG_BIT_STRING)
                    .map(|(d, _)| d.tlv)
                    .ok_or("this EC private key does not embed its public key: pass the public key (openssl ec -in key.pem -pubout)")?;
                let mut body = alg_id;
                body.extend_from_slice(point);
                Ok(pem_encode("PUBLIC KEY", &der_encode(TAG_SEQUENCE, &body)))
            }
        }
    }
}

/// Reads and parses `--key FILE`.
pub(super) fn read_key(path: &str) -> Result<PemKey, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read --key {path}: {e}")))?;
    parse_pem(&text).map_err(|e| Failure::usage(format!("--key {path}: {e}")))
}

/// Picks the algorithm and signing key: `--key` (RS256/ES256 by the key's type unless `--alg`),
/// else the HMAC secret (HS256 unless `--alg`).
pub fn pick_signer(
    alg: Option<Alg>,
    key: Option<(&str, &PemKey)>,
    secret: Option<&str>,
) -> Result<(Algorithm, EncodingKey), Failure> {
    if let Some((path, key)) = key {
        if !key.private {
            return Err(Failure::usage(format!(
                "--key {path} is a public key; signing needs the private key"
            )));
        }
        let alg = alg.map_or(key.kind.default_alg(), algorithm);
        if Family::of(alg) == Some(Family::Hmac) {
            return Err(Failure::usage(format!(
                "--alg {alg:?} signs with the HMAC secret, not with --key"
            ))
            .hint("drop --key, or use --alg RS256/ES256 with it"));
        }
        if !key.kind.fits(alg) {
            return Err(Failure::usage(format!(
                "--alg {alg:?} does not fit --key {path}, which is {}",
                key.kind.name()
            ))
            .hint(format!(
                "use --alg {:?}, or a matching key",
                key.kind.default_alg()
            )));
        }
        let enc = key
            .encoding_key()
            .map_err(|e| Failure::usage(format!("--key {path}: {e}")))?;
        return Ok((alg, enc));
    }
    let alg = alg.map_or(Algorithm::HS256, algorithm);
    if Family::of(alg) != Some(Family::Hmac) {
        return Err(
            Failure::usage(format!("--alg {alg:?} needs --key with a private PEM key"))
                .hint("e.g. --key private.pem"),
        );
    }
    match secret.filter(|s| !s.is_empty()) {
        Some(s) => Ok((alg, EncodingKey::from_secret(s.as_bytes()))),
        None => Err(Failure::usage("no HMAC secret to sign with")
            .hint("pass --hmac-secret S (or set CENTRI_HMAC_SECRET, or use a context with one), or sign with --key private.pem")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::commands::token::sign;
    use crate::commands::Class;
    use crate::server::auth::Verifier;
    use crate::server::config::TokenConfig;
    use serde_json::json;

    const RSA_PRIV: &str = include_str!("../../../tests/fixtures/rsa_private.pem");
    const RSA_PUB: &str = include_str!("../../../tests/fixtures/rsa_public.pem");
    const EC_PRIV: &str = include_str!("../../../tests/fixtures/ec_private.pem");
    const EC_PUB: &str = include_str!("../../../tests/fixtures/ec_public.pem");
    const NOW: i64 = 1_700_000_000;

    #[test]
    fn signer_choice_and_missing_keys() {
        assert_eq!(
            pick_signer(None, None, Some("s")).unwrap().0,
            Algorithm::HS256
        );
        assert_eq!(
            pick_signer(Some(Alg::HS512), None, Some("s")).unwrap().0,
            Algorithm::HS512
        );
        let e = pick_signer(None, None, None).unwrap_err();
        assert_eq!(e.class, Class::Usage);
        assert!(e.hint.unwrap().contains("--hmac-secret"));
        assert_eq!(
            pick_signer(Some(Alg::RS256), None, Some("s"))
                .unwrap_err()
                .class,
            Class::Usage
        );
        let rsa = parse_pem(RSA_PRIV).unwrap();
        let ec = parse_pem(EC_PRIV).unwrap();
        assert_eq!(
            pick_signer(None, Some(("k", &rsa)), None).unwrap().0,
            Algorithm::RS256
        );
        assert_eq!(
            pick_signer(None, Some(("k", &ec)), None).unwrap().0,
            Algorithm::ES256
        );
        assert_eq!(
            pick_signer(Some(Alg::RS512), Some(("k", &rsa)), None)
                .unwrap()
                .0,
            Algorithm::RS512
        );
        assert!(pick_signer(Some(Alg::ES256), Some(("k", &rsa)), None)
            .unwrap_err()
            .message
            .contains("an RSA key"));
        assert!(pick_signer(Some(Alg::ES384), Some(("k", &ec)), None).is_err());
        assert!(pick_signer(Some(Alg::HS256), Some(("k", &rsa)), None).is_err());
        let public = parse_pem(RSA_PUB).unwrap();
        assert!(pick_signer(None, Some(("k", &public)), None)
            .unwrap_err()
            .message
            .contains("public key"));
    }

    #[test]
    fn pem_keys_are_classified_and_public_keys_derived() {
        let rsa = parse_pem(RSA_PRIV).unwrap();
        assert_eq!((rsa.kind, rsa.private), (KeyType::Rsa, true));
        let ec = parse_pem(EC_PRIV).unwrap();
        assert_eq!((ec.kind, ec.private), (KeyType::P256, true));
        assert_eq!(parse_pem(EC_PUB).unwrap().kind, KeyType::P256);
        assert!(!parse_pem(RSA_PUB).unwrap().private);
        assert!(parse_pem("hello").is_err());
        assert!(
            parse_pem("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n")
                .unwrap_err()
                .contains("certificate")
        );
        // A token signed with each private key verifies with the key derived from it and with
        // the real public key, through the server's verifier.
        for (priv_pem, pub_pem, rsa) in [(RSA_PRIV, RSA_PUB, true), (EC_PRIV, EC_PUB, false)] {
            let key = parse_pem(priv_pem).unwrap();
            let (alg, enc) = pick_signer(None, Some(("k", &key)), None).unwrap();
            let token = sign(&json!({"sub": "7"}), alg, &enc).unwrap();
            for public in [
                key.public_pem().unwrap(),
                parse_pem(pub_pem).unwrap().public_pem().unwrap(),
            ] {
                let cfg = if rsa {
                    TokenConfig {
                        rsa_public_key: public,
                        ..TokenConfig::default()
                    }
                } else {
                    TokenConfig {
                        ecdsa_public_key: public,
                        ..TokenConfig::default()
                    }
                };
                assert_eq!(
                    Verifier::new(&cfg).unwrap().verify(&token, NOW).unwrap().1,
                    "7"
                );
            }
        }
    }

    #[test]
    fn sec1_ec_keys_sign_and_verify() {
        // What `openssl ecparam -genkey` writes: the fixture's ECPrivateKey with its [0] curve.
        let pkcs8 = parse_pem(EC_PRIV).unwrap();
        let inner = der_sequence(pkcs8.pkcs8_inner().unwrap()).unwrap();
        let mut body = inner[0].tlv.to_vec();
        body.extend_from_slice(inner[1].tlv);
        body.extend(der_encode(TAG_CTX0, &der_encode(TAG_OID, OID_P256)));
        for d in inner.iter().skip(2).filter(|d| d.tag != TAG_CTX0) {
            body.extend_from_slice(d.tlv);
        }
        let key = parse_pem(&pem_encode(
            "EC PRIVATE KEY",
            &der_encode(TAG_SEQUENCE, &body),
        ))
        .unwrap();
        assert_eq!((key.kind, key.private), (KeyType::P256, true));
        let (alg, enc) = pick_signer(None, Some(("k", &key)), None).unwrap();
        let token = sign(&json!({"sub": "7"}), alg, &enc).unwrap();
        for public in [EC_PUB.to_string(), key.public_pem().unwrap()] {
            let cfg = TokenConfig {
                ecdsa_public_key: public,
                ..TokenConfig::default()
            };
            assert!(Verifier::new(&cfg).unwrap().verify(&token, NOW).is_ok());
        }
        // Without the curve there is no way to tell P-256 from P-384.
        let mut bare = inner[0].tlv.to_vec();
        bare.extend_from_slice(inner[1].tlv);
        let e = parse_pem(&pem_encode(
            "EC PRIVATE KEY",
            &der_encode(TAG_SEQUENCE, &bare),
        ))
        .unwrap_err();
        assert!(e.contains("named curve"), "{e}");
    }
}

//! `centri token gen|sub|check|decode`: mint connection and subscription JWTs (HMAC, RSA,
//! ECDSA), verify them with the server's own [`Verifier`] and explain each thing that is wrong,
//! and decode them without verification.
//!
//! PEM keys are read here: RSA (PKCS#1 or PKCS#8) and ECDSA P-256/P-384 (PKCS#8 or SEC1). To
//! check with a *private* key, the public key is derived from it (RSA `n`/`e`, the EC point
//! embedded in the private key) with a few lines of DER, so no extra crypto crate is needed.
//! Imports `server::auth` and `server::config` (the one verification implementation), `output`
//! and `cli`; never the API client.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{parse_json, read_data, written, Class, Ctx, Failure};
use crate::cli::{Alg, KeyOpts, TokenCmd};
use crate::output::human_secs;
use crate::server::auth::{now_unix, TokenError, Verifier};
use crate::server::config::TokenConfig;

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

    fn key_name(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA public key",
            Family::Ec => "an ECDSA public key",
        }
    }

    fn how_to_pass(self) -> &'static str {
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
enum PemFormat {
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
struct Der<'a> {
    tag: u8,
    /// The whole element: tag, length and content.
    tlv: &'a [u8],
    content: &'a [u8],
}

/// Reads one DER element; the element and what follows it.
fn der_next(input: &[u8]) -> Option<(Der<'_>, &[u8])> {
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
fn der_children(content: &[u8]) -> Option<Vec<Der<'_>>> {
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
fn der_sequence(der: &[u8]) -> Option<Vec<Der<'_>>> {
    let (seq, rest) = der_next(der)?;
    (seq.tag == TAG_SEQUENCE && rest.is_empty()).then_some(())?;
    der_children(seq.content)
}

/// Encodes a DER element.
fn der_encode(tag: u8, content: &[u8]) -> Vec<u8> {
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

const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
const TAG_SEQUENCE: u8 = 0x30;
/// `[0]` (EC parameters in SEC1).
const TAG_CTX0: u8 = 0xa0;
/// `[1]` (the public key in SEC1).
const TAG_CTX1: u8 = 0xa1;
/// 1.2.840.113549.1.1.1 `rsaEncryption`.
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.2.840.10045.2.1 `ecPublicKey`.
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// 1.2.840.10045.3.1.7 `prime256v1`.
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// 1.3.132.0.34 `secp384r1`.
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

fn curve(oid: &[u8]) -> Result<KeyType, String> {
    match oid {
        OID_P256 => Ok(KeyType::P256),
        OID_P384 => Ok(KeyType::P384),
        _ => Err("unsupported EC curve: only P-256 (ES256) and P-384 (ES384) are".into()),
    }
}

/// Classifies an `AlgorithmIdentifier` (`SEQUENCE { OID, params }`).
fn classify_algorithm(alg_id: &Der<'_>) -> Result<KeyType, String> {
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
fn pem_encode(label: &str, der: &[u8]) -> String {
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
fn read_key(path: &str) -> Result<PemKey, Failure> {
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

// ---------------------------------------------------------------------------------------------
// Claims

/// Seconds of a TTL, rounded up so that a sub-second TTL still gets an `exp`.
fn ttl_secs(ttl: Duration) -> i64 {
    (ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0)) as i64
}

/// What a connection token carries.
#[derive(Debug, Clone, Default)]
pub struct ConnClaims {
    pub user: String,
    pub ttl: Duration,
    pub channels: Vec<String>,
    pub info: Option<Value>,
    pub caps: Option<Value>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    pub jti: Option<String>,
}

/// Connection token claims: `sub`, `exp` (none when the TTL is 0), `iat`, then the optional ones.
pub fn connection_claims(c: &ConnClaims, now: i64) -> Value {
    let mut m = Map::new();
    m.insert("sub".into(), json!(c.user));
    if !c.ttl.is_zero() {
        m.insert("exp".into(), json!(now + ttl_secs(c.ttl)));
    }
    m.insert("iat".into(), json!(now));
    let channels: Vec<&String> = c.channels.iter().filter(|s| !s.is_empty()).collect();
    if !channels.is_empty() {
        m.insert("channels".into(), json!(channels));
    }
    if let Some(info) = &c.info {
        m.insert("info".into(), info.clone());
    }
    if let Some(caps) = &c.caps {
        m.insert("caps".into(), caps.clone());
    }
    if let Some(aud) = &c.aud {
        m.insert("aud".into(), json!(aud));
    }
    if let Some(iss) = &c.iss {
        m.insert("iss".into(), json!(iss));
    }
    if let Some(jti) = &c.jti {
        m.insert("jti".into(), json!(jti));
    }
    Value::Object(m)
}

/// Subscription token claims: `sub`, `channel`, `exp` (none when the TTL is 0), `iat`, `info`.
pub fn subscription_claims(
    user: &str,
    channel: &str,
    ttl: Duration,
    info: Option<Value>,
    now: i64,
) -> Value {
    let mut m = Map::new();
    m.insert("sub".into(), json!(user));
    m.insert("channel".into(), json!(channel));
    if !ttl.is_zero() {
        m.insert("exp".into(), json!(now + ttl_secs(ttl)));
    }
    m.insert("iat".into(), json!(now));
    if let Some(info) = info {
        m.insert("info".into(), info);
    }
    Value::Object(m)
}

fn sign(claims: &Value, alg: Algorithm, key: &EncodingKey) -> Result<String, Failure> {
    jsonwebtoken::encode(&Header::new(alg), claims, key)
        .map_err(|e| Failure::new(Class::Other, format!("cannot sign the token: {e}")))
}

/// Decodes a token's header and claims without verifying anything.
pub fn split_token(token: &str) -> Result<(Value, Value), String> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "{} part(s) where a JWT has 3 (header.claims.signature)",
            parts.len()
        ));
    }
    let part = |i: usize, what: &str| -> Result<Value, String> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[i].trim_end_matches('='))
            .map_err(|e| format!("the {what} is not base64url: {e}"))?;
        let v: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("the {what} is not JSON: {e}"))?;
        if v.is_object() {
            Ok(v)
        } else {
            Err(format!("the {what} is not a JSON object"))
        }
    };
    Ok((part(0, "header")?, part(1, "claims")?))
}

// ---------------------------------------------------------------------------------------------
// Time

/// `2025-01-01T00:00:00Z`, or the number when it is out of range.
fn rfc3339(t: i64) -> String {
    u64::try_from(t)
        .ok()
        .and_then(|s| std::time::UNIX_EPOCH.checked_add(Duration::from_secs(s)))
        .map_or_else(
            || t.to_string(),
            |st| humantime::format_rfc3339_seconds(st).to_string(),
        )
}

/// `in 5m0s` / `5m0s ago` (`0s ago` for now).
fn relative(t: i64, now: i64) -> String {
    if t > now {
        format!("in {}", human_secs(t.abs_diff(now)))
    } else {
        format!("{} ago", human_secs(t.abs_diff(now)))
    }
}

/// A human form of the expiry of `claims`.
pub fn expiry_text(claims: &Value, now: i64) -> String {
    match claims.get("exp").and_then(Value::as_i64) {
        None if claims.get("exp").is_some() => "exp is not a number".into(),
        None => "never (no exp)".into(),
        Some(exp) if exp <= now => format!("expired {} ({})", relative(exp, now), rfc3339(exp)),
        Some(exp) => format!("{} ({})", relative(exp, now), rfc3339(exp)),
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnosis

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The check passed.
    Ok,
    /// Worth knowing, but the server accepts the token anyway (e.g. `iat` in the future).
    Warning,
    /// The server rejects the token.
    Error,
}

/// One check and its outcome. JSON: `{"check","ok","detail"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
    #[serde(skip)]
    pub severity: Severity,
}

impl Finding {
    fn pass(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: true,
            detail: detail.into(),
            severity: Severity::Ok,
        }
    }
    fn fail(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: false,
            detail: detail.into(),
            severity: Severity::Error,
        }
    }
    fn warn(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            ok: false,
            detail: detail.into(),
            severity: Severity::Warning,
        }
    }
}

/// What the token is checked against.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Check it as a subscription token for this channel.
    pub channel: Option<String>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    /// The algorithm the token must use (`--alg`).
    pub alg: Option<Algorithm>,
}

/// The outcome of `token check`.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub valid: bool,
    /// `connection` or `subscription` (by the `channel` claim); absent for a malformed token.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Value>,
}

impl Diagnosis {
    /// The first error, for the one-line failure message.
    pub fn first_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }
}

/// What keys `keys` holds, for messages.
fn available(keys: &TokenConfig) -> String {
    let mut have = Vec::new();
    if !keys.hmac_secret_key.is_empty() {
        have.push("an HMAC secret");
    }
    if !keys.rsa_public_key.is_empty() {
        have.push("an RSA key");
    }
    if !keys.ecdsa_public_key.is_empty() {
        have.push("an ECDSA key");
    }
    match have.as_slice() {
        [] => "no key".into(),
        [one] => format!("only {one}"),
        many => many.join(" and "),
    }
}

fn has_key(keys: &TokenConfig, family: Family) -> bool {
    match family {
        Family::Hmac => !keys.hmac_secret_key.is_empty(),
        Family::Rsa => !keys.rsa_public_key.is_empty(),
        Family::Ec => !keys.ecdsa_public_key.is_empty(),
    }
}

/// Checks `aud` or `iss` against the expected value, as Centrifugo does: when one is expected,
/// the claim must be present and match (`aud` may be a list).
fn claim_check(
    check: &'static str,
    claims: &Value,
    name: &str,
    expected: &str,
    option: &str,
) -> Finding {
    let matches = match claims.get(name) {
        None => return Finding::fail(check, format!("the token has no {name} claim, but {expected:?} is expected: Centrifugo rejects it when {option} is set (close 3500)")),
        Some(Value::String(s)) => s == expected,
        Some(Value::Array(list)) if name == "aud" => list.iter().any(|v| v.as_str() == Some(expected)),
        Some(_) => false,
    };
    let got = claims.get(name).map(Value::to_string).unwrap_or_default();
    if matches {
        Finding::pass(check, format!("{name} is {got}"))
    } else {
        Finding::fail(check, format!("{name} is {got}, but {expected:?} is expected ({option}); the server closes with 3500 (invalid token)"))
    }
}

/// The time checks: `exp`, `nbf`, `iat`.
fn time_findings(claims: &Value, now: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    match claims.get("exp").map(Value::as_i64) {
        None => out.push(Finding::pass("expiry", "no exp: the token never expires")),
        Some(None) => out.push(Finding::fail("expiry", "exp is not a number of seconds since the epoch")),
        Some(Some(exp)) if exp <= now => out.push(Finding::fail(
            "expiry",
            format!("expired {} ({}): the server answers 109 (token expired) and the SDK asks for a new token", relative(exp, now), rfc3339(exp)),
        )),
        Some(Some(exp)) => out.push(Finding::pass("expiry", format!("expires {} ({})", relative(exp, now), rfc3339(exp)))),
    }
    match claims.get("nbf").map(Value::as_i64) {
        None => {}
        Some(None) => out.push(Finding::fail(
            "not_before",
            "nbf is not a number of seconds since the epoch",
        )),
        Some(Some(nbf)) if nbf > now => out.push(Finding::fail(
            "not_before",
            format!(
                "not valid yet: nbf is {} ({}); until then the server treats it as expired (109)",
                relative(nbf, now),
                rfc3339(nbf)
            ),
        )),
        Some(Some(nbf)) => out.push(Finding::pass(
            "not_before",
            format!("valid since {} ({})", relative(nbf, now), rfc3339(nbf)),
        )),
    }
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64) {
        if iat > now {
            out.push(Finding::warn(
                "clock",
                format!(
                    "clock skew: iat is {} ({}), so the clock where it was minted runs ahead of this one; its exp and nbf are off by as much",
                    relative(iat, now),
                    rfc3339(iat)
                ),
            ));
        } else {
            out.push(Finding::pass(
                "clock",
                format!("issued {} ({})", relative(iat, now), rfc3339(iat)),
            ));
        }
    }
    out
}

/// Connection vs subscription token.
fn type_finding(claims: &Value, expect_channel: Option<&str>) -> Finding {
    let channel = claims.get("channel");
    let shown = channel.map(|c| {
        c.as_str()
            .map_or_else(|| c.to_string(), |s| format!("{s:?}"))
    });
    match (expect_channel, shown) {
        (None, None) => Finding::pass("type", "a connection token (no channel claim)"),
        (None, Some(ch)) => Finding::fail(
            "type",
            format!(
                "a subscription token (channel claim {ch}) used as a connection token: a connection token must not have a channel claim, so the server closes with 3500 (invalid token); to check it as a subscription token, pass --channel"
            ),
        ),
        (Some(want), None) => Finding::fail(
            "type",
            format!(
                "a connection token (no channel claim) used as a subscription token for {want:?}: a subscription token needs a channel claim, so subscribing with it fails with 103 (permission denied)"
            ),
        ),
        (Some(want), Some(_)) if channel.and_then(Value::as_str) == Some(want) => {
            Finding::pass("type", format!("a subscription token for channel {want:?}"))
        }
        (Some(want), Some(ch)) => Finding::fail(
            "type",
            format!("the channel claim is {ch}, but the token is checked for {want:?}: the server closes with 3500 (invalid token)"),
        ),
    }
}

/// Checks a token the way the server does (its [`Verifier`]), and explains each problem as a
/// separate finding. `keys` holds the HMAC secret and/or public PEM keys.
pub fn diagnose(token: &str, keys: &TokenConfig, expect: &Expect, now: i64) -> Diagnosis {
    let mut findings = Vec::new();
    let (header, claims) = match split_token(token) {
        Ok(hc) => hc,
        Err(why) => {
            findings.push(Finding::fail("format", format!("malformed token: {why}")));
            return Diagnosis {
                valid: false,
                kind: None,
                findings,
                header: None,
                claims: None,
            };
        }
    };
    findings.push(Finding::pass("format", "a JWT: header and claims decode"));
    let kind = if claims.get("channel").is_some() {
        "subscription"
    } else {
        "connection"
    };

    // Algorithm: present, signed, supported, as expected, and a key for it.
    let alg_name = header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut checkable = false;
    if alg_name.is_empty() {
        findings.push(Finding::fail("algorithm", "the header has no alg"));
    } else if alg_name.eq_ignore_ascii_case("none") {
        findings.push(Finding::fail(
            "algorithm",
            "alg is \"none\": the token is unsigned, and the server never accepts unsigned tokens",
        ));
    } else {
        match alg_name.parse::<Algorithm>().ok().and_then(|a| Family::of(a).map(|f| (a, f))) {
            None => findings.push(Finding::fail(
                "algorithm",
                format!("alg {alg_name} is not supported: Centrifugo accepts HS256/384/512, RS256/384/512 and ES256/384 with static keys"),
            )),
            Some((alg, _)) if expect.alg.is_some_and(|want| want != alg) => findings.push(Finding::fail(
                "algorithm",
                format!("the token is signed with {alg:?}, but --alg {:?} was expected", expect.alg.unwrap_or(alg)),
            )),
            Some((alg, family)) if !has_key(keys, family) => findings.push(Finding::fail(
                "algorithm",
                format!(
                    "the token is {alg:?}, which needs {}, but there is {}: the server rejects a token whose algorithm has no configured key (close 3500); {}",
                    family.key_name(),
                    available(keys),
                    family.how_to_pass()
                ),
            )),
            Some((alg, family)) => {
                checkable = true;
                findings.push(Finding::pass("algorithm", format!("{alg:?}, checked with {}", family.key_name())));
            }
        }
    }

    // Signature, with the server's verifier and no audience or issuer.
    let keys_only = TokenConfig {
        hmac_secret_key: keys.hmac_secret_key.clone(),
        rsa_public_key: keys.rsa_public_key.clone(),
        ecdsa_public_key: keys.ecdsa_public_key.clone(),
        ..TokenConfig::default()
    };
    if checkable {
        match Verifier::new(&keys_only).map(|v| v.verify(token, now)) {
            Err(e) => findings.push(Finding::fail("signature", format!("cannot use the key: {e}"))),
            Ok(Ok(_) | Err(TokenError::Expired)) => findings.push(Finding::pass("signature", "the signature matches")),
            Ok(Err(TokenError::Invalid(m))) if m == "bad signature" => findings.push(Finding::fail(
                "signature",
                "bad signature: the token was not signed with this key or secret, or it was altered; the server closes with 3500 (invalid token)",
            )),
            Ok(Err(TokenError::Invalid(m))) if m.starts_with("bad claims") => {
                findings.push(Finding::pass("signature", "the signature matches"));
                findings.push(Finding::fail("claims", format!("{m}: the server closes with 3500 (invalid token)")));
            }
            Ok(Err(TokenError::Invalid(m))) => findings.push(Finding::fail("signature", m)),
        }
    }
    if let Some(aud) = &expect.aud {
        findings.push(claim_check(
            "audience",
            &claims,
            "aud",
            aud,
            "client.token.audience",
        ));
    }
    if let Some(iss) = &expect.iss {
        findings.push(claim_check(
            "issuer",
            &claims,
            "iss",
            iss,
            "client.token.issuer",
        ));
    }
    findings.extend(time_findings(&claims, now));
    findings.push(type_finding(&claims, expect.channel.as_deref()));
    let user = match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => Finding::pass("user", format!("user {s:?}")),
        Some(Value::String(_)) | None => Finding::pass("user", "anonymous (empty sub)"),
        Some(other) => Finding::fail(
            "user",
            format!("sub is {other}, not a string: the server closes with 3500 (invalid token)"),
        ),
    };
    findings.push(user);

    // The server's verdict with everything configured must agree with the findings.
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    if checkable && !errors {
        let full = TokenConfig {
            audience: expect.aud.clone().unwrap_or_default(),
            issuer: expect.iss.clone().unwrap_or_default(),
            ..keys_only
        };
        if let Ok(Err(e)) = Verifier::new(&full).map(|v| v.verify(token, now)) {
            findings.push(Finding::fail(
                "server",
                format!("the server's verifier refuses it: {e}"),
            ));
        }
    }
    let valid = !findings.iter().any(|f| f.severity == Severity::Error);
    Diagnosis {
        valid,
        kind: Some(kind),
        findings,
        header: Some(header),
        claims: Some(claims),
    }
}

/// One line per finding: `ok|FAIL|warn  check  detail`.
pub fn render_findings(d: &Diagnosis) -> String {
    let mut out = String::new();
    for f in &d.findings {
        let mark = match f.severity {
            Severity::Ok => "ok",
            Severity::Warning => "warn",
            Severity::Error => "FAIL",
        };
        let _ = writeln!(out, "{mark:<5} {:<11} {}", f.check, f.detail);
    }
    out
}

/// Compact text of a claim value: strings bare, the rest as JSON.
fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The summary of a valid token: type, user, expiry, channels, and the rest.
pub fn summary_pairs(d: &Diagnosis, now: i64) -> Vec<(String, String)> {
    let empty = Value::Null;
    let claims = d.claims.as_ref().unwrap_or(&empty);
    let mut pairs = vec![
        ("valid".to_string(), "yes".to_string()),
        (
            "type".to_string(),
            d.kind.unwrap_or("connection").to_string(),
        ),
        (
            "alg".to_string(),
            d.header
                .as_ref()
                .and_then(|h| h.get("alg"))
                .map(show_value)
                .unwrap_or_default(),
        ),
        (
            "user".to_string(),
            match claims.get("sub").and_then(Value::as_str) {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => "(anonymous)".to_string(),
            },
        ),
        ("expires".to_string(), expiry_text(claims, now)),
    ];
    for key in ["channel", "channels", "info", "caps", "aud", "iss"] {
        if let Some(v) = claims.get(key) {
            pairs.push((key.to_string(), show_value(v)));
        }
    }
    pairs
}

/// The key/value view of `token decode`: header fields, claims (times with their human form),
/// the expiry and a reminder that nothing was verified.
pub fn decode_pairs(header: &Value, claims: &Value, now: i64) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(h) = header.as_object() {
        for (k, v) in h {
            pairs.push((format!("header.{k}"), show_value(v)));
        }
    }
    if let Some(c) = claims.as_object() {
        for (k, v) in c {
            let text = match (k.as_str(), v.as_i64()) {
                ("exp" | "iat" | "nbf" | "expire_at", Some(t)) if t > 0 => {
                    format!("{t} ({}, {})", rfc3339(t), relative(t, now))
                }
                _ => show_value(v),
            };
            pairs.push((k.clone(), text));
        }
    }
    pairs.push(("expiry".to_string(), expiry_text(claims, now)));
    pairs.push((
        "signature".to_string(),
        "not verified (use `centri token check`)".to_string(),
    ));
    pairs
}

// ---------------------------------------------------------------------------------------------
// Commands

/// The optional JSON of `--info`/`--caps` (inline, `@file` or `-`).
fn json_arg(arg: Option<&str>, what: &str) -> Result<Option<Value>, Failure> {
    arg.map(|a| read_data(Some(a)).and_then(|text| parse_json(&text, what)))
        .transpose()
}

fn signer(ctx: &Ctx, key: &KeyOpts) -> Result<(Algorithm, EncodingKey), Failure> {
    let pem = key
        .key
        .as_deref()
        .map(|p| read_key(p).map(|k| (p, k)))
        .transpose()?;
    // The secret is only needed (and the contexts file only read) without --key.
    let secret = if pem.is_some() {
        None
    } else {
        ctx.settings()?.hmac_secret
    };
    pick_signer(
        key.alg,
        pem.as_ref().map(|(p, k)| (*p, k)),
        secret.as_deref(),
    )
}

fn emit_token(ctx: &Ctx, token: &str, claims: &Value) -> Result<ExitCode, Failure> {
    written(
        ctx.out
            .emit_value(&json!({"token": token, "claims": claims}), token),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn check(ctx: &Ctx, token: &str, expect: &Expect, key: &KeyOpts) -> Result<ExitCode, Failure> {
    let mut keys = TokenConfig {
        hmac_secret_key: ctx.settings()?.hmac_secret.unwrap_or_default(),
        ..TokenConfig::default()
    };
    if let Some(path) = &key.key {
        let pem = read_key(path)?;
        let public = pem
            .public_pem()
            .map_err(|e| Failure::usage(format!("--key {path}: {e}")))?;
        if pem.kind == KeyType::Rsa {
            keys.rsa_public_key = public;
        } else {
            keys.ecdsa_public_key = public;
        }
        Verifier::new(&keys).map_err(|e| Failure::usage(format!("--key {path}: {e}")))?;
    }
    if keys.hmac_secret_key.is_empty() && key.key.is_none() {
        return Err(Failure::usage("no key to check the signature with")
            .hint("pass --hmac-secret S (or CENTRI_HMAC_SECRET, or a context with one), or --key public.pem"));
    }
    let now = now_unix();
    let d = diagnose(token, &keys, expect, now);
    written(ctx.out.emit(&d, || {
        let mut text = String::new();
        if d.valid {
            text.push_str(&ctx.out.render_kv(&summary_pairs(&d, now)));
            text.push('\n');
        }
        text.push_str(&render_findings(&d));
        text
    }))?;
    if d.valid {
        return Ok(ExitCode::SUCCESS);
    }
    let why = d.first_error().map_or_else(
        || "invalid".to_string(),
        |f| format!("{}: {}", f.check, f.detail),
    );
    Err(Failure::verdict(format!("the token is invalid: {why}")))
}

fn decode(ctx: &Ctx, token: &str) -> Result<ExitCode, Failure> {
    let (header, claims) = split_token(token).map_err(|why| {
        Failure::usage(format!("not a JWT: {why}"))
            .hint("a JWT is three base64url parts separated by dots")
    })?;
    let now = now_unix();
    written(
        ctx.out
            .emit(&json!({"header": header, "claims": claims}), || {
                ctx.out.render_kv(&decode_pairs(&header, &claims, now))
            }),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Ctx, cmd: TokenCmd) -> Result<ExitCode, Failure> {
    match cmd {
        TokenCmd::Gen {
            user,
            ttl,
            channels,
            info,
            caps,
            aud,
            iss,
            jti,
            key,
        } => {
            let info = json_arg(info.as_deref(), "--info")?;
            let caps = json_arg(caps.as_deref(), "--caps")?;
            if caps.as_ref().is_some_and(|c| !c.is_array()) {
                return Err(Failure::usage("--caps must be a JSON array").hint(
                    r#"e.g. --caps '[{"channels":["news:*"],"match":"wildcard","allow":["sub"]}]'"#,
                ));
            }
            let (alg, enc) = signer(ctx, &key)?;
            let claims = connection_claims(
                &ConnClaims {
                    user,
                    ttl,
                    channels,
                    info,
                    caps,
                    aud,
                    iss,
                    jti,
                },
                now_unix(),
            );
            let token = sign(&claims, alg, &enc)?;
            emit_token(ctx, &token, &claims)
        }
        TokenCmd::Sub {
            user,
            channel,
            ttl,
            info,
            key,
        } => {
            let info = json_arg(info.as_deref(), "--info")?;
            let (alg, enc) = signer(ctx, &key)?;
            let claims = subscription_claims(&user, &channel, ttl, info, now_unix());
            let token = sign(&claims, alg, &enc)?;
            emit_token(ctx, &token, &claims)
        }
        TokenCmd::Check {
            token,
            channel,
            aud,
            iss,
            key,
        } => {
            let expect = Expect {
                channel,
                aud,
                iss,
                alg: key.alg.map(algorithm),
            };
            check(ctx, &token, &expect, &key)
        }
        TokenCmd::Decode { token } => decode(ctx, &token),
        // async: dispatched to `access::revoke` before this is reached
        TokenCmd::Revoke { .. } => Err(Failure::usage("token revoke needs a server")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cret";
    const RSA_PRIV: &str = include_str!("../../tests/fixtures/rsa_private.pem");
    const RSA_PUB: &str = include_str!("../../tests/fixtures/rsa_public.pem");
    const EC_PRIV: &str = include_str!("../../tests/fixtures/ec_private.pem");
    const EC_PUB: &str = include_str!("../../tests/fixtures/ec_public.pem");
    const NOW: i64 = 1_700_000_000;

    fn hs(claims: &Value) -> String {
        let (alg, key) = pick_signer(None, None, Some(SECRET)).unwrap();
        sign(claims, alg, &key).unwrap()
    }

    fn hmac_keys() -> TokenConfig {
        TokenConfig {
            hmac_secret_key: SECRET.into(),
            ..TokenConfig::default()
        }
    }

    fn failed(d: &Diagnosis) -> Vec<&'static str> {
        d.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.check)
            .collect()
    }

    fn detail<'a>(d: &'a Diagnosis, check: &str) -> &'a str {
        &d.findings.iter().find(|f| f.check == check).unwrap().detail
    }

    #[test]
    fn connection_claims_have_exp_iat_and_extras() {
        let c = ConnClaims {
            user: "42".into(),
            ttl: Duration::from_secs(3600),
            channels: vec!["news".into(), String::new()],
            info: Some(json!({"name": "Ann"})),
            aud: Some("app".into()),
            jti: Some("t-1".into()),
            ..ConnClaims::default()
        };
        let v = connection_claims(&c, NOW);
        assert_eq!(
            v,
            json!({"sub": "42", "exp": NOW + 3600, "iat": NOW, "channels": ["news"], "info": {"name": "Ann"}, "aud": "app", "jti": "t-1"})
        );
        let v = connection_claims(
            &ConnClaims {
                user: "1".into(),
                ..ConnClaims::default()
            },
            NOW,
        );
        assert!(v.get("exp").is_none());
        let v = subscription_claims("42", "chat:x", Duration::from_millis(500), None, NOW);
        assert_eq!(
            v,
            json!({"sub": "42", "channel": "chat:x", "exp": NOW + 1, "iat": NOW})
        );
    }

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

    #[test]
    fn valid_token_passes_every_check() {
        let t =
            hs(&json!({"sub": "42", "exp": NOW + 3600, "iat": NOW - 10, "channels": ["a", "b"]}));
        let d = diagnose(&t, &hmac_keys(), &Expect::default(), NOW);
        assert!(d.valid, "{:?}", d.findings);
        assert!(d.findings.iter().all(|f| f.ok), "{:?}", d.findings);
        assert_eq!(d.kind, Some("connection"));
        let pairs = summary_pairs(&d, NOW);
        assert!(pairs.contains(&("user".into(), "42".into())));
        assert!(pairs.contains(&("channels".into(), "a, b".into())));
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "expires" && v.starts_with("in 1h0m (")),
            "{pairs:?}"
        );
    }

    #[test]
    fn malformed_and_unsigned_tokens() {
        let d = diagnose("garbage", &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["format"]);
        assert!(d.claims.is_none());
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiJ9.";
        let d = diagnose(none, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["algorithm"]);
        assert!(detail(&d, "algorithm").contains("unsigned"));
    }

    #[test]
    fn algorithm_that_does_not_match_the_key() {
        let key = parse_pem(RSA_PRIV).unwrap();
        let (alg, enc) = pick_signer(None, Some(("k", &key)), None).unwrap();
        let t = sign(&json!({"sub": "42"}), alg, &enc).unwrap();
        let d = diagnose(&t, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["algorithm"]);
        let msg = detail(&d, "algorithm");
        assert!(
            msg.contains("RS256") && msg.contains("only an HMAC secret") && msg.contains("--key"),
            "{msg}"
        );
        let d = diagnose(
            &hs(&json!({"sub": "1"})),
            &hmac_keys(),
            &Expect {
                alg: Some(Algorithm::RS256),
                ..Expect::default()
            },
            NOW,
        );
        assert_eq!(failed(&d), vec!["algorithm"]);
    }

    #[test]
    fn bad_signature() {
        let other = TokenConfig {
            hmac_secret_key: "other".into(),
            ..TokenConfig::default()
        };
        let d = diagnose(&hs(&json!({"sub": "42"})), &other, &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["signature"]);
        assert!(!d.valid);
    }

    #[test]
    fn time_problems_are_explained() {
        let d = diagnose(
            &hs(&json!({"sub": "42", "exp": NOW - 300})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert_eq!(failed(&d), vec!["expiry"]);
        assert!(
            detail(&d, "expiry").starts_with("expired 5m0s ago"),
            "{}",
            detail(&d, "expiry")
        );
        let d = diagnose(
            &hs(&json!({"sub": "42", "nbf": NOW + 120})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert_eq!(failed(&d), vec!["not_before"]);
        assert!(detail(&d, "not_before").contains("in 2m0s"));
        // iat in the future: a warning; the server accepts the token.
        let d = diagnose(
            &hs(&json!({"sub": "42", "iat": NOW + 90})),
            &hmac_keys(),
            &Expect::default(),
            NOW,
        );
        assert!(d.valid);
        let clock = d.findings.iter().find(|f| f.check == "clock").unwrap();
        assert_eq!((clock.ok, clock.severity), (false, Severity::Warning));
        assert!(clock.detail.contains("clock skew"));
    }

    #[test]
    fn audience_and_issuer() {
        let expect = Expect {
            aud: Some("app".into()),
            iss: Some("auth".into()),
            ..Expect::default()
        };
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": "app", "iss": "auth"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert!(d.valid, "{:?}", d.findings);
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": ["x", "app"], "iss": "auth"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert!(d.valid, "{:?}", d.findings);
        let d = diagnose(
            &hs(&json!({"sub": "1", "aud": "web", "iss": "other"})),
            &hmac_keys(),
            &expect,
            NOW,
        );
        assert_eq!(failed(&d), vec!["audience", "issuer"]);
        let d = diagnose(&hs(&json!({"sub": "1"})), &hmac_keys(), &expect, NOW);
        assert_eq!(failed(&d), vec!["audience", "issuer"]);
        assert!(detail(&d, "audience").contains("no aud claim"));
    }

    #[test]
    fn connection_and_subscription_tokens_are_told_apart() {
        let sub = hs(&json!({"sub": "42", "channel": "chat:x"}));
        let conn = hs(&json!({"sub": "42"}));
        let d = diagnose(&sub, &hmac_keys(), &Expect::default(), NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert_eq!(d.kind, Some("subscription"));
        assert!(detail(&d, "type").contains("used as a connection token"));
        let for_x = Expect {
            channel: Some("chat:x".into()),
            ..Expect::default()
        };
        assert!(diagnose(&sub, &hmac_keys(), &for_x, NOW).valid);
        let d = diagnose(&conn, &hmac_keys(), &for_x, NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert!(detail(&d, "type").contains("used as a subscription token"));
        let for_y = Expect {
            channel: Some("chat:y".into()),
            ..Expect::default()
        };
        let d = diagnose(&sub, &hmac_keys(), &for_y, NOW);
        assert_eq!(failed(&d), vec!["type"]);
        assert!(detail(&d, "type").contains("\"chat:x\""));
    }

    #[test]
    fn decode_shows_header_claims_and_expiry() {
        let t = hs(&json!({"sub": "42", "exp": NOW + 60}));
        let (h, c) = split_token(&t).unwrap();
        assert_eq!(h["alg"], "HS256");
        let pairs = decode_pairs(&h, &c, NOW);
        assert!(pairs.contains(&("header.alg".into(), "HS256".into())));
        assert!(pairs.contains(&(
            "exp".into(),
            format!("{} (2023-11-14T22:14:20Z, in 1m0s)", NOW + 60)
        )));
        assert!(pairs.contains(&("expiry".into(), "in 1m0s (2023-11-14T22:14:20Z)".into())));
        assert!(split_token("a.b").is_err());
        assert!(split_token("!!.e30.").unwrap_err().contains("header"));
        let json_line = render_findings(&diagnose(&t, &hmac_keys(), &Expect::default(), NOW));
        assert!(
            json_line.lines().all(|l| l.starts_with("ok ")),
            "{json_line}"
        );
    }
}

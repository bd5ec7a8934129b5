//! TLS for the fakes: one test CA per test process and one server certificate it signed, for
//! `127.0.0.1` and `localhost`, generated at first use with rcgen and served with rustls
//! (ring). A client under test trusts the CA through `http_client(Some(ca_pem), ..)` or a
//! `push_notifications.ca_file` of [`ca_file`]; every fake shares the CA, so one file serves
//! a server configured with several fakes.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

struct TestPki {
    ca_pem: String,
    ca_file: PathBuf,
    cert: CertificateDer<'static>,
    key_der: Vec<u8>,
}

fn pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        ca.distinguished_name
            .push(DnType::CommonName, "centri push fakes test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);

        let key = KeyPair::generate().unwrap();
        let mut leaf =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        leaf.distinguished_name
            .push(DnType::CommonName, "localhost");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let cert = leaf.signed_by(&key, &issuer).unwrap();

        let ca_pem = ca_cert.pem();
        let ca_file = crate::it::util::fresh_dir("push-fake-ca").join("ca.pem");
        std::fs::write(&ca_file, &ca_pem).unwrap();
        TestPki {
            ca_pem,
            ca_file,
            cert: cert.der().clone(),
            key_der: key.serialize_der(),
        }
    })
}

/// The test CA's certificate, PEM.
pub fn ca_pem() -> &'static str {
    &pki().ca_pem
}

/// A file holding [`ca_pem`], for `push_notifications.ca_file`.
pub fn ca_file() -> PathBuf {
    pki().ca_file.clone()
}

/// A TLS acceptor with the test server certificate, offering `alpn` (e.g. `[b"h2"]`).
pub fn acceptor(alpn: &[&[u8]]) -> TlsAcceptor {
    let p = pki();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![p.cert.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(p.key_der.clone())),
        )
        .unwrap();
    cfg.alpn_protocols = alpn.iter().map(|a| a.to_vec()).collect();
    TlsAcceptor::from(Arc::new(cfg))
}

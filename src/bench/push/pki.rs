//! A throwaway public-key infrastructure for loopback TLS: one CA and one server certificate
//! it signed, for `127.0.0.1` and `localhost`, generated at run time with rcgen (ECDSA P-256)
//! and served with rustls on ring. A client trusts the CA through its PEM ([`Pki::ca_pem`]).

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// A CA and the server certificate it signed.
pub struct Pki {
    ca_pem: String,
    cert: CertificateDer<'static>,
    key_der: Vec<u8>,
}

fn err(what: &str) -> impl Fn(rcgen::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

impl Pki {
    /// Generates a CA named `name` and a server certificate for `127.0.0.1` and `localhost`.
    pub fn generate(name: &str) -> Result<Pki, String> {
        let ca_key = KeyPair::generate().map_err(err("CA key"))?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err("CA"))?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        ca.distinguished_name.push(DnType::CommonName, name);
        let ca_cert = ca.self_signed(&ca_key).map_err(err("CA certificate"))?;
        let issuer = Issuer::new(ca, ca_key);

        let key = KeyPair::generate().map_err(err("server key"))?;
        let mut leaf =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .map_err(err("server certificate"))?;
        leaf.distinguished_name
            .push(DnType::CommonName, "localhost");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let cert = leaf
            .signed_by(&key, &issuer)
            .map_err(err("server certificate"))?;
        Ok(Pki {
            ca_pem: ca_cert.pem(),
            cert: cert.der().clone(),
            key_der: key.serialize_der(),
        })
    }

    /// The CA's certificate, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// A TLS acceptor with the server certificate, offering `alpn` (e.g. `[b"h2"]`).
    pub fn acceptor(&self, alpn: &[&[u8]]) -> Result<TlsAcceptor, String> {
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let mut cfg = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .with_no_client_auth()
            .with_single_cert(
                vec![self.cert.clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone())),
            )
            .map_err(|e| format!("TLS: {e}"))?;
        cfg.alpn_protocols = alpn.iter().map(|a| a.to_vec()).collect();
        Ok(TlsAcceptor::from(Arc::new(cfg)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generates_a_ca_and_an_acceptor() {
        let p = Pki::generate("unit test CA").unwrap();
        assert!(p.ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
        let parsed = reqwest::Certificate::from_pem_bundle(p.ca_pem().as_bytes()).unwrap();
        assert_eq!(parsed.len(), 1);
        p.acceptor(&[b"h2"]).unwrap();
    }
}

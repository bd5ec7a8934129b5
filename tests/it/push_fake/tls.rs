//! TLS for the fakes: one test CA per test process and one server certificate it signed, for
//! `127.0.0.1` and `localhost` ([`centri::bench::push::pki`], which `centri bench push`
//! uses too), generated at first use. A client under test trusts the CA through
//! `http_client(Some(ca_pem), ..)` or a `push_notifications.ca_file` of [`ca_file`]; every
//! fake shares the CA, so one file serves a server configured with several fakes.

use std::path::PathBuf;
use std::sync::OnceLock;

use centri::bench::push::pki::Pki;
use tokio_rustls::TlsAcceptor;

struct TestPki {
    pki: Pki,
    ca_file: PathBuf,
}

fn pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| {
        let pki = Pki::generate("centri push fakes test CA").unwrap();
        let ca_file = crate::it::util::fresh_dir("push-fake-ca").join("ca.pem");
        std::fs::write(&ca_file, pki.ca_pem()).unwrap();
        TestPki { pki, ca_file }
    })
}

/// The test CA's certificate, PEM.
pub fn ca_pem() -> &'static str {
    pki().pki.ca_pem()
}

/// A file holding [`ca_pem`], for `push_notifications.ca_file`.
pub fn ca_file() -> PathBuf {
    pki().ca_file.clone()
}

/// A TLS acceptor with the test server certificate, offering `alpn` (e.g. `[b"h2"]`).
pub fn acceptor(alpn: &[&[u8]]) -> TlsAcceptor {
    pki().pki.acceptor(alpn).unwrap()
}

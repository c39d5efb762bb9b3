//! HTTPS without a proxy (`--web-cert`, `--web-key`): rustls with the `ring`
//! provider alone (the one russh uses; no aws-lc), TLS 1.2 and 1.3, the
//! certificate chain and key read from PEM files at start.

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// A TLS acceptor for the certificate chain in `cert` and the key in `key`.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("--web-cert {}: {e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("--web-cert {}: {e}", cert.display()))?;
    if certs.is_empty() {
        return Err(format!("--web-cert {}: no certificate in it (PEM, BEGIN CERTIFICATE)", cert.display()));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("--web-key {}: {e}", key.display()))?;
    // ring, as russh: rustls marks its provider deprecated because the
    // post-quantum key exchange is aws-lc-rs's alone, which we keep out.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("--web-cert and --web-key do not go together: {e}"))?;
    let mut config = config;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

//! How the listening connection ([`super::listener`]) reaches the database:
//! the URL's libpq TLS parameters, which tokio-postgres does not all know,
//! turned into its configuration and a rustls connector that does what
//! libpq would.
//!
//! | `sslmode` | TLS | the server's certificate |
//! |---|---|---|
//! | `disable`, `allow` | no | — |
//! | `prefer` (libpq's default) | when the server offers it | not checked |
//! | `require` | yes | not checked; with `sslrootcert`, as `verify-ca` |
//! | `verify-ca` | yes | signed by a root |
//! | `verify-full` | yes | signed by a root, and names the host |
//!
//! The roots are the PEM file `sslrootcert` names, or, without one (or with
//! `sslrootcert=system`), the Mozilla roots (`webpki-roots`). A client
//! certificate (`sslcert`, `sslkey`) is refused: the instance then keeps
//! nothing, as on SQLite.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use percent_encoding::percent_decode_str;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_postgres::config::SslMode;
use tokio_postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::crypto::{CryptoProvider, ring, verify_tls12_signature, verify_tls13_signature};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, InvalidDnsNameError, ServerName, UnixTime};
use tokio_rustls::rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme,
};

/// What the server's certificate must show.
#[derive(Clone, Copy, Debug)]
enum Check {
    Nothing,
    Chain,
    ChainAndName,
}

/// The listening connection's configuration and TLS connector for the
/// database at `url`, or why it cannot listen there.
pub(super) fn connect_options(url: &str) -> Result<(tokio_postgres::Config, RustlsConnect), String> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut passed_on = Vec::new();
    let mut mode = String::from("prefer");
    let mut root_cert = None;
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = || percent_decode_str(value).decode_utf8_lossy().into_owned();
        match key {
            "sslmode" => mode = decoded(),
            "sslrootcert" => root_cert = Some(decoded()),
            "sslcert" | "sslkey" | "sslpassword" | "sslcrl" | "sslcrldir" => {
                return Err(format!("the database address sets {key}, which the listening connection cannot use"));
            }
            _ => passed_on.push(pair),
        }
    }
    let address = if passed_on.is_empty() { base.to_owned() } else { format!("{base}?{}", passed_on.join("&")) };
    let mut config: tokio_postgres::Config = address.parse().map_err(|err: tokio_postgres::Error| err.to_string())?;
    let (ssl_mode, check) = match (mode.as_str(), &root_cert) {
        ("disable" | "allow", _) => (SslMode::Disable, Check::Nothing),
        ("prefer", _) => (SslMode::Prefer, Check::Nothing),
        ("require", None) => (SslMode::Require, Check::Nothing),
        ("require" | "verify-ca", _) => (SslMode::Require, Check::Chain),
        ("verify-full", _) => (SslMode::Require, Check::ChainAndName),
        (other, _) => return Err(format!("unknown sslmode {other:?}")),
    };
    config.ssl_mode(ssl_mode);
    let tls = client_config(check, root_cert.as_deref())?;
    Ok((config, RustlsConnect(Arc::new(tls))))
}

fn client_config(check: Check, root_cert: Option<&str>) -> Result<ClientConfig, String> {
    let provider = Arc::new(ring::default_provider());
    let chain = || -> Result<_, String> {
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots(root_cert)?), provider.clone())
            .build()
            .map_err(|err| err.to_string())
    };
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::Nothing => Arc::new(Lenient { chain: None, provider: provider.clone() }),
        Check::Chain => Arc::new(Lenient { chain: Some(chain()?), provider: provider.clone() }),
        Check::ChainAndName => chain()?,
    };
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| err.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The roots a certificate must chain to: the PEM file `root_cert`, or
/// the Mozilla roots.
fn roots(root_cert: Option<&str>) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    match root_cert.filter(|path| *path != "system") {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path).map_err(|err| format!("sslrootcert {path}: {err}"))?;
            for cert in certs {
                let cert = cert.map_err(|err| format!("sslrootcert {path}: {err}"))?;
                roots.add(cert).map_err(|err| format!("sslrootcert {path}: {err}"))?;
            }
            if roots.is_empty() {
                return Err(format!("sslrootcert {path} holds no certificate"));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(roots)
}

/// The checks libpq makes that rustls's own verifier does not: none at all
/// (`prefer`, `require`: `chain` is `None`), or a chain to a root whatever
/// host the certificate names (`verify-ca`). The handshake's signatures
/// are checked either way.
#[derive(Debug)]
struct Lenient {
    chain: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let Some(chain) = &self.chain else { return Ok(ServerCertVerified::assertion()) };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            verdict => verdict,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// tokio-postgres's TLS, by rustls.
#[derive(Clone)]
pub(super) struct RustlsConnect(Arc<ClientConfig>);

impl<S> MakeTlsConnect<S> for RustlsConnect
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type TlsConnect = RustlsConnectTo;
    type Error = InvalidDnsNameError;

    fn make_tls_connect(&mut self, host: &str) -> Result<RustlsConnectTo, InvalidDnsNameError> {
        let name = ServerName::try_from(host.to_owned())?;
        Ok(RustlsConnectTo { connector: tokio_rustls::TlsConnector::from(self.0.clone()), name })
    }
}

/// A TLS handshake with one host.
pub(super) struct RustlsConnectTo {
    connector: tokio_rustls::TlsConnector,
    name: ServerName<'static>,
}

impl<S> TlsConnect<S> for RustlsConnectTo
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<RustlsStream<S>>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move { self.connector.connect(self.name, stream).await.map(RustlsStream) })
    }
}

/// An encrypted connection.
pub(super) struct RustlsStream<S>(tokio_rustls::client::TlsStream<S>);

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream for RustlsStream<S> {
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for RustlsStream<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for RustlsStream<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_tls_parameters_become_a_mode_and_a_check() {
        for (url, mode) in [
            ("postgres://db/app", SslMode::Prefer),
            ("postgres://db/app?sslmode=disable", SslMode::Disable),
            ("postgres://db/app?application_name=x&sslmode=require", SslMode::Require),
            ("postgres://db/app?sslmode=verify-full", SslMode::Require),
            ("postgres://db/app?sslmode=verify-ca&sslrootcert=system", SslMode::Require),
        ] {
            let (config, _) = connect_options(url).unwrap_or_else(|err| panic!("{url}: {err}"));
            assert_eq!(config.get_ssl_mode(), mode, "{url}");
        }
        let (config, _) = connect_options("postgres://db/app?application_name=x&sslmode=require").unwrap();
        assert_eq!(config.get_application_name(), Some("x"), "other parameters are passed on");
    }

    #[test]
    fn what_the_listening_connection_cannot_do_is_refused_with_its_reason() {
        for (url, reason) in [
            ("postgres://db/app?sslmode=sometimes", "sslmode"),
            ("postgres://db/app?sslmode=require&sslcert=%2Ftmp%2Fc.pem", "sslcert"),
            ("postgres://db/app?sslmode=verify-full&sslrootcert=%2Fnonexistent%2Froot.crt", "/nonexistent/root.crt"),
        ] {
            let err = connect_options(url).err().unwrap_or_else(|| panic!("{url} accepted"));
            assert!(err.contains(reason), "{url}: {err}");
        }
    }
}

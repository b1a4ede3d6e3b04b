//! Webhooks as the Standard Webhooks specification has them: a JSON body
//! signed with HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`,
//! the key being the base64 part of the endpoint's `whsec_…` secret.
//!
//! Endpoints must be `https://` and must not resolve to loopback, private,
//! link-local or other non-public addresses (server-side request forgery),
//! checked when an endpoint is registered and again before every delivery,
//! where the request goes to the very addresses that were checked (no second
//! lookup an attacker's DNS could answer differently). Redirects are not
//! followed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::outbox::{AttemptLog, Endpoint, Outcome};
use crate::domain::webhooks::DeliveryFailure;

/// How long a receiver may take to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The `webhook-signature` header value (`v1,<base64>`).
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> String {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret)).unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(message_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Why an endpoint URL is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not a URL with a host, or longer than 2,000 characters.
    Invalid,
    /// Not `https://`.
    NotHttps,
    /// The host does not resolve.
    Unresolvable,
    /// The host is, or resolves to, a non-public address.
    PrivateAddress,
}

impl From<UrlProblem> for DeliveryFailure {
    fn from(problem: UrlProblem) -> Self {
        match problem {
            UrlProblem::Invalid => Self::UrlInvalid,
            UrlProblem::NotHttps => Self::UrlNotHttps,
            UrlProblem::Unresolvable => Self::UrlUnresolvable,
            UrlProblem::PrivateAddress => Self::UrlPrivate,
        }
    }
}

/// A checked endpoint: its URL and the addresses it may be reached at.
#[derive(Clone, Debug)]
pub struct Target {
    pub url: reqwest::Url,
    pub host: String,
    pub addresses: Vec<SocketAddr>,
}

/// Parses and resolves `raw`, refusing what DESIGN.md §13 refuses (unless
/// `allow_private`, for tests and on-premises receivers).
pub async fn check(raw: &str, allow_private: bool) -> Result<Target, UrlProblem> {
    let raw = raw.trim();
    if raw.len() > 2000 || raw.chars().any(char::is_control) {
        return Err(UrlProblem::Invalid);
    }
    let url = reqwest::Url::parse(raw).map_err(|_| UrlProblem::Invalid)?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(UrlProblem::NotHttps),
        _ => return Err(UrlProblem::Invalid),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::Invalid);
    }
    let host = url.host_str().filter(|h| !h.is_empty()).ok_or(UrlProblem::Invalid)?.to_owned();
    let port = url.port_or_known_default().ok_or(UrlProblem::Invalid)?;
    let lookup_host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let addresses: Vec<SocketAddr> =
        match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((lookup_host.as_str(), port))).await {
            Ok(Ok(found)) => found.collect(),
            _ => return Err(UrlProblem::Unresolvable),
        };
    if addresses.is_empty() {
        return Err(UrlProblem::Unresolvable);
    }
    if !allow_private && addresses.iter().any(|a| !is_public(a.ip())) {
        return Err(UrlProblem::PrivateAddress);
    }
    Ok(Target { url, host: lookup_host, addresses })
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let segments = v6.segments();
            let octets = v6.octets();
            let low_v4 = Ipv4Addr::new(octets[12], octets[13], octets[14], octets[15]);
            // Addresses that carry an IPv4 address are as public as it is:
            // NAT64 (64:ff9b::/96) and the deprecated IPv4-compatible
            // (::a.b.c.d) in their low bits, 6to4 (2002::/16) in bits 16–47.
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || (segments[..6] == [0; 6] && u32::from(low_v4) > 1) {
                return is_public_v4(low_v4);
            }
            if segments[0] == 0x2002 {
                return is_public_v4(Ipv4Addr::new(octets[2], octets[3], octets[4], octets[5]));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (segments[0] == 0x64 && segments[1] == 0xff9b && segments[2] == 1) // local-use NAT64 (64:ff9b:1::/48)
                || (segments[0] == 0x2001 && segments[1] == 0) // Teredo: a tunnel, never a server's address
                || segments[..4] == [0x100, 0, 0, 0] // discard-only (100::/64)
                || (segments[0] & 0xfe00) == 0xfc00 // unique local
                || (segments[0] & 0xffc0) == 0xfe80 // link-local
                || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

/// Sends one webhook to `endpoint`. Never takes longer than the check plus
/// [`TIMEOUT`]; every failure is an outcome, never a panic.
pub async fn deliver(
    endpoint: &Endpoint,
    allow_private: bool,
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> (Outcome, AttemptLog) {
    let started = Instant::now();
    let log = |status_code: Option<u16>, error: Option<String>| AttemptLog {
        status_code,
        error,
        duration: started.elapsed(),
    };
    if endpoint.deleted {
        let error = DeliveryFailure::EndpointDeleted.code();
        return (Outcome::Failed(error.clone()), log(None, Some(error)));
    }
    let target = match check(&endpoint.url, allow_private).await {
        Ok(target) => target,
        Err(problem) => {
            let error = DeliveryFailure::from(problem).code();
            return (Outcome::Retry(error.clone()), log(None, Some(error)));
        }
    };
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .resolve_to_addrs(&target.host, &target.addresses)
        .user_agent(concat!("partnerlink-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            let error = DeliveryFailure::Other(format!("HTTP client: {err}")).code();
            return (Outcome::Retry(error.clone()), log(None, Some(error)));
        }
    };
    let sent = client
        .post(target.url)
        .header("content-type", "application/json")
        .header("webhook-id", message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", sign(&endpoint.secret, message_id, timestamp, body))
        .body(body.to_owned())
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => {
            (Outcome::Delivered, log(Some(response.status().as_u16()), None))
        }
        Ok(response) => {
            let status = response.status().as_u16();
            let error = DeliveryFailure::HttpStatus(status).code();
            (Outcome::Retry(error.clone()), log(Some(status), Some(error)))
        }
        Err(err) => {
            let error = if err.is_timeout() {
                DeliveryFailure::Timeout
            } else if err.is_connect() {
                DeliveryFailure::Connect
            } else {
                DeliveryFailure::Other(format!("request failed: {err}"))
            }
            .code();
            (Outcome::Retry(error.clone()), log(None, Some(error)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Standard Webhooks specification's published example.
    #[test]
    fn signature_matches_the_specification_test_vector() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, r#"{"test": 2432232314}"#);
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn private_loopback_and_link_local_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::8.8.8.8",
            "::127.0.0.1",
            "::10.0.0.1",
            "::0.0.1.0",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "100::1",
            "224.0.0.1",
            "255.255.255.255",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} must be refused");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "203.0.112.1", "2002:808:808::1", "64:ff9b::808:808"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} is public");
        }
    }

    #[tokio::test]
    async fn urls_are_checked_before_any_request() {
        assert_eq!(check("not a url", false).await.unwrap_err(), UrlProblem::Invalid);
        assert_eq!(check("ftp://example.com/x", false).await.unwrap_err(), UrlProblem::Invalid);
        assert_eq!(check("http://example.com/x", false).await.unwrap_err(), UrlProblem::NotHttps);
        assert_eq!(check("https://127.0.0.1/x", false).await.unwrap_err(), UrlProblem::PrivateAddress);
        assert_eq!(check("https://[::1]:8443/x", false).await.unwrap_err(), UrlProblem::PrivateAddress);
        assert_eq!(check("https://169.254.169.254/latest", false).await.unwrap_err(), UrlProblem::PrivateAddress);
        assert_eq!(check("https://localhost/x", false).await.unwrap_err(), UrlProblem::PrivateAddress);
        assert_eq!(check("https://user:pw@example.com/x", false).await.unwrap_err(), UrlProblem::Invalid);
        assert!(check("http://127.0.0.1:9/x", true).await.is_ok(), "allowed for tests and on-premises");
    }
}

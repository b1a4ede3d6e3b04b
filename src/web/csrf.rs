//! Synchronizer-token CSRF protection: one random token per session,
//! echoed in a hidden `csrf_token` field and compared in constant time.

use actix_session::Session;
use subtle::ConstantTimeEq;

const CSRF_KEY: &str = "csrf";

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(existing)) = session.get::<String>(CSRF_KEY) {
        return existing;
    }
    let token = crate::domain::random_token::<32>();
    if let Err(err) = session.insert(CSRF_KEY, &token) {
        tracing::error!(%err, "cannot store the CSRF token");
    }
    token
}

/// True when `submitted` equals the session's token.
pub fn verify(session: &Session, submitted: Option<&str>) -> bool {
    match (session.get::<String>(CSRF_KEY).ok().flatten(), submitted) {
        (Some(expected), Some(submitted)) => expected.as_bytes().ct_eq(submitted.as_bytes()).into(),
        _ => false,
    }
}

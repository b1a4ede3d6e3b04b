//! Who is signed in: the middleware that turns the session's id into the
//! account's current principal on every request, signing in and out, and
//! extractors that let a handler declare the role it needs (a handler that
//! takes `PartnerAdmin` cannot run for anyone else).

use std::future::{Ready, ready};
use std::marker::PhantomData;

use actix_session::{Session, SessionExt};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::AppError;
use super::error::RoleNeeded;
use super::kept;
use crate::db::{DbConn, DbError, HeldRead};
pub use crate::domain::accounts::{CustomerPrincipal, CustomerRole, PartnerPrincipal, PartnerRole, Principal};
use crate::domain::sessions::{self, Limits, Verdict};
use crate::state::AppState;

pub const PARTNER_SIGN_IN: &str = "/partner/sign-in";
pub const ADMIN_SIGN_IN: &str = "/admin/sign-in";
/// The HTTP session holds only this: the id of the server-side session.
const SESSION_ID_KEY: &str = "sid";

fn limits(state: &AppState) -> Limits {
    Limits { idle: state.settings.session_idle, max: state.settings.session_max }
}

/// The principal of session `sid` as of `now`, or `None` when the session is
/// unknown, signed out or timed out, or its account is gone; ends a session
/// found over its limits, and notes the use of a valid one. Answered from
/// the sessions this instance keeps when it can
/// ([`super::session_cache`]); else
/// read on the worker's own thread where that is cheap (every signed-in
/// request reads its session; the read is one statement by key), written on
/// a blocking thread (once a minute per session at most, or when it ends).
/// With `hold`, a valid session that needs no write comes with its read
/// transaction, for the page's own reads ([`HeldRead`]).
async fn resume(
    state: &AppState,
    sid: String,
    now: chrono::NaiveDateTime,
    limits: Limits,
    hold: bool,
) -> Result<(Option<Principal>, Option<HeldRead>), DbError> {
    if let Some(principal) = state.sessions.valid(&sid, now, limits).await {
        return Ok((Some(principal), None));
    }
    let generation = state.sessions.generation();
    let (looked_up, held) = {
        let sid = sid.clone();
        let look_up = move |conn: &mut DbConn| sessions::look_up(conn, &sid);
        if hold { state.db.read_now_and_hold(look_up).await? } else { (state.db.read_now(look_up).await?, None) }
    };
    let Some(stored) = looked_up else { return Ok((None, None)) };
    match stored.verdict(now, limits) {
        Verdict::Valid { principal, touch: false } => {
            state.sessions.keep(generation, &sid, stored);
            Ok((Some(principal), held))
        }
        Verdict::Valid { principal, touch: true } => {
            drop(held);
            let touched = sid.clone();
            state.db.run(move |conn| sessions::touch(conn, &touched, now)).await?;
            state.sessions.keep(generation, &sid, stored.seen_at(now));
            Ok((Some(principal), None))
        }
        Verdict::End => {
            drop(held);
            end(state, sid, now).await?;
            Ok((None, None))
        }
        Verdict::Gone => Ok((None, None)),
    }
}

/// Ends session `sid` in the database, and forgets it here (the other
/// instances hear of it from the database).
async fn end(state: &AppState, sid: String, now: chrono::NaiveDateTime) -> Result<(), DbError> {
    let ended = sid.clone();
    state.db.run(move |conn| sessions::end(conn, &ended, now)).await?;
    state.sessions.forget(&sid);
    Ok(())
}

/// Inside the session middleware: loads the principal of a signed-in
/// session from the database, or drops a session that has ended (signed
/// out, timed out, account gone) so the request goes on as anonymous. A
/// request without a body is then handled in the session check's read
/// transaction ([`HeldRead`]). What the request reads of what this
/// instance keeps waits for the database listener once
/// ([`kept::within_request`]).
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    kept::within_request(authenticate_and_handle(req, next)).await
}

async fn authenticate_and_handle(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let session = req.get_session();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let sid = session.get::<String>(SESSION_ID_KEY).ok().flatten();
    let mut held = None;
    if let (Some(state), Some(sid)) = (state, sid) {
        let limits = limits(&state);
        let now = crate::domain::now();
        let hold = matches!(*req.method(), Method::GET | Method::HEAD);
        match resume(&state, sid, now, limits, hold).await {
            Ok((Some(principal), read)) => {
                req.extensions_mut().insert(principal);
                held = read;
            }
            Ok((None, _)) => {
                // A new, empty session: forms on this very page still get a
                // CSRF token that is kept.
                session.renew();
                session.clear();
            }
            Err(err) => return Ok(req.error_response(AppError::from(err)).map_into_boxed_body()),
        }
    }
    let response = match held {
        Some(held) => held.scope(next.call(req)).await,
        None => next.call(req).await,
    };
    response.map(ServiceResponse::map_into_boxed_body)
}

/// The principal [`authenticate`] found for this request.
pub fn principal(req: &HttpRequest) -> Option<Principal> {
    req.extensions().get::<Principal>().cloned()
}

/// Starts a fresh session (new id, new CSRF token) for `principal`.
pub async fn sign_in(state: &AppState, session: &Session, principal: &Principal) -> Result<(), AppError> {
    let account = principal.account();
    let limits = limits(state);
    let sid = state.db.run(move |conn| sessions::start(conn, account, crate::domain::now(), limits)).await?;
    session.renew();
    session.clear();
    session.insert(SESSION_ID_KEY, sid).map_err(|err| AppError::Internal(format!("session: {err}")))
}

/// Ends the session on the server (a copy of its cookie is then worthless)
/// and in the store.
pub async fn sign_out(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(sid) = session.get::<String>(SESSION_ID_KEY).ok().flatten() {
        end(state, sid, crate::domain::now()).await?;
    }
    session.purge();
    Ok(())
}

/// Which partner roles a handler accepts.
pub trait PartnerRequirement {
    /// The role(s) needed, named on the 403 page.
    const NEEDED: RoleNeeded;
    fn allows(role: PartnerRole) -> bool;
}

/// Which customer roles a handler accepts.
pub trait CustomerRequirement {
    /// The role(s) needed, named on the 403 page.
    const NEEDED: RoleNeeded;
    fn allows(role: CustomerRole) -> bool;
}

pub struct AnyPartnerRole;
pub struct AdminOrSalesAgent;
pub struct AdminAgentOnly;
pub struct AnyCustomerRole;
pub struct GlobalAdminOnly;

impl PartnerRequirement for AnyPartnerRole {
    const NEEDED: RoleNeeded = RoleNeeded::Partner;
    fn allows(_: PartnerRole) -> bool {
        true
    }
}

impl PartnerRequirement for AdminOrSalesAgent {
    const NEEDED: RoleNeeded = RoleNeeded::AdminOrSalesAgent;
    fn allows(role: PartnerRole) -> bool {
        matches!(role, PartnerRole::AdminAgent | PartnerRole::SalesAgent)
    }
}

impl PartnerRequirement for AdminAgentOnly {
    const NEEDED: RoleNeeded = RoleNeeded::AdminAgent;
    fn allows(role: PartnerRole) -> bool {
        role == PartnerRole::AdminAgent
    }
}

impl CustomerRequirement for AnyCustomerRole {
    const NEEDED: RoleNeeded = RoleNeeded::Customer;
    fn allows(_: CustomerRole) -> bool {
        true
    }
}

impl CustomerRequirement for GlobalAdminOnly {
    const NEEDED: RoleNeeded = RoleNeeded::GlobalAdmin;
    fn allows(role: CustomerRole) -> bool {
        role == CustomerRole::GlobalAdmin
    }
}

/// A signed-in partner user whose role satisfies `R`.
pub struct Partner<R>(pub PartnerPrincipal, PhantomData<R>);
/// A signed-in customer user whose role satisfies `R`.
pub struct Customer<R>(pub CustomerPrincipal, PhantomData<R>);

pub type PartnerUser = Partner<AnyPartnerRole>;
pub type PartnerRequester = Partner<AdminOrSalesAgent>;
pub type PartnerAdmin = Partner<AdminAgentOnly>;
pub type CustomerUser = Customer<AnyCustomerRole>;
pub type CustomerAdmin = Customer<GlobalAdminOnly>;

impl<R> std::ops::Deref for Partner<R> {
    type Target = PartnerPrincipal;
    fn deref(&self) -> &PartnerPrincipal {
        &self.0
    }
}

impl<R> std::ops::Deref for Customer<R> {
    type Target = CustomerPrincipal;
    fn deref(&self) -> &CustomerPrincipal {
        &self.0
    }
}

/// Where to come back to after signing in: the current page for GETs.
fn return_path(req: &HttpRequest) -> Option<String> {
    if req.method() != actix_web::http::Method::GET {
        return None;
    }
    Some(match req.query_string() {
        "" => req.path().to_owned(),
        query => format!("{}?{query}", req.path()),
    })
}

impl<R: PartnerRequirement> FromRequest for Partner<R> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match principal(req) {
            Some(Principal::Partner(p)) if R::allows(p.role) => Ok(Partner(p, PhantomData)),
            Some(Principal::Partner(_)) => Err(AppError::Forbidden(R::NEEDED)),
            _ => Err(AppError::SignInRequired { sign_in_path: PARTNER_SIGN_IN, next: return_path(req) }),
        })
    }
}

impl<R: CustomerRequirement> FromRequest for Customer<R> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match principal(req) {
            Some(Principal::Customer(c)) if R::allows(c.role) => Ok(Customer(c, PhantomData)),
            Some(Principal::Customer(_)) => Err(AppError::Forbidden(R::NEEDED)),
            _ => Err(AppError::SignInRequired { sign_in_path: ADMIN_SIGN_IN, next: return_path(req) }),
        })
    }
}

/// `next` is honoured only when it is a path on this site.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?;
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains("://")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/admin/partner-invitation?token=abc")), Some("/admin/partner-invitation?token=abc"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "evil",
            "/x\r\nSet-Cookie: a",
            "/a?u=http://x",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn whatever_next_is_followed_stays_on_this_site(next in "(?s).{0,60}|[/\\\\:a-z.\r\n%]{0,20}") {
            if let Some(path) = safe_next(Some(&next)) {
                proptest::prop_assert!(path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\"));
                proptest::prop_assert!(!path.contains("://") && !path.chars().any(char::is_control));
            }
        }
    }
}

//! Who is signed in, and extractors that let a handler declare the role it
//! needs: a handler that takes `PartnerAdmin` cannot run for anyone else.

use std::future::{Ready, ready};
use std::marker::PhantomData;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::{Deserialize, Serialize};

use super::AppError;

pub const PARTNER_SIGN_IN: &str = "/partner/sign-in";
pub const ADMIN_SIGN_IN: &str = "/admin/sign-in";
const PRINCIPAL_KEY: &str = "principal";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRole {
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerRole {
    GlobalAdmin,
    User,
}

impl PartnerRole {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "admin_agent" => Self::AdminAgent,
            "sales_agent" => Self::SalesAgent,
            "helpdesk_agent" => Self::HelpdeskAgent,
            _ => return None,
        })
    }

    /// Message id of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::AdminAgent => "role-admin-agent",
            Self::SalesAgent => "role-sales-agent",
            Self::HelpdeskAgent => "role-helpdesk-agent",
        }
    }
}

impl CustomerRole {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "global_admin" => Self::GlobalAdmin,
            "user" => Self::User,
            _ => return None,
        })
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Self::GlobalAdmin => "role-global-admin",
            Self::User => "role-user",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartnerPrincipal {
    pub user_id: i64,
    pub partner_id: i64,
    pub email: String,
    pub display_name: String,
    pub partner_name: String,
    pub role: PartnerRole,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CustomerPrincipal {
    pub user_id: i64,
    pub tenant_id: i64,
    pub email: String,
    pub display_name: String,
    pub tenant_name: String,
    pub role: CustomerRole,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    Partner(PartnerPrincipal),
    Customer(CustomerPrincipal),
}

impl Principal {
    pub fn from_session(session: &Session) -> Option<Principal> {
        session.get(PRINCIPAL_KEY).ok().flatten()
    }

    /// Starts a fresh session (new id, new CSRF token) for this principal.
    pub fn sign_in(self, session: &Session) -> Result<(), AppError> {
        session.renew();
        session.clear();
        session.insert(PRINCIPAL_KEY, self).map_err(|err| AppError::Internal(format!("session: {err}")))
    }

    pub fn display_name(&self) -> &str {
        match self {
            Principal::Partner(p) => &p.display_name,
            Principal::Customer(c) => &c.display_name,
        }
    }

    pub fn organisation(&self) -> &str {
        match self {
            Principal::Partner(p) => &p.partner_name,
            Principal::Customer(c) => &c.tenant_name,
        }
    }

    pub fn role_message_id(&self) -> &'static str {
        match self {
            Principal::Partner(p) => p.role.message_id(),
            Principal::Customer(c) => c.role.message_id(),
        }
    }

    pub fn is_partner(&self) -> bool {
        matches!(self, Principal::Partner(_))
    }

    pub fn sign_out_path(&self) -> &'static str {
        match self {
            Principal::Partner(_) => "/partner/sign-out",
            Principal::Customer(_) => "/admin/sign-out",
        }
    }
}

/// Which partner roles a handler accepts.
pub trait PartnerRequirement {
    /// Message id naming the role(s) needed, shown on the 403 page.
    const NEEDED: &'static str;
    fn allows(role: PartnerRole) -> bool;
}

/// Which customer roles a handler accepts.
pub trait CustomerRequirement {
    const NEEDED: &'static str;
    fn allows(role: CustomerRole) -> bool;
}

pub struct AnyPartnerRole;
pub struct AdminOrSalesAgent;
pub struct AdminAgentOnly;
pub struct AnyCustomerRole;
pub struct GlobalAdminOnly;

impl PartnerRequirement for AnyPartnerRole {
    const NEEDED: &'static str = "forbidden-needs-partner";
    fn allows(_: PartnerRole) -> bool {
        true
    }
}

impl PartnerRequirement for AdminOrSalesAgent {
    const NEEDED: &'static str = "forbidden-needs-admin-or-sales-agent";
    fn allows(role: PartnerRole) -> bool {
        matches!(role, PartnerRole::AdminAgent | PartnerRole::SalesAgent)
    }
}

impl PartnerRequirement for AdminAgentOnly {
    const NEEDED: &'static str = "forbidden-needs-admin-agent";
    fn allows(role: PartnerRole) -> bool {
        role == PartnerRole::AdminAgent
    }
}

impl CustomerRequirement for AnyCustomerRole {
    const NEEDED: &'static str = "forbidden-needs-customer";
    fn allows(_: CustomerRole) -> bool {
        true
    }
}

impl CustomerRequirement for GlobalAdminOnly {
    const NEEDED: &'static str = "forbidden-needs-global-admin";
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
        ready(match Principal::from_session(&req.get_session()) {
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
        ready(match Principal::from_session(&req.get_session()) {
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

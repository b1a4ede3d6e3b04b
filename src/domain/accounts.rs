//! Who a signed-in user is: partner users with their role in a partner
//! organisation, customer users with theirs in a tenant. Loaded from the
//! database on every request (see [`super::sessions`]), never trusted from
//! a cookie.

use super::ids::{CustomerUserId, PartnerId, PartnerUserId, TenantId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerRole {
    AdminAgent,
    SalesAgent,
    HelpdeskAgent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug)]
pub struct PartnerPrincipal {
    pub user_id: PartnerUserId,
    pub partner_id: PartnerId,
    pub email: String,
    pub display_name: String,
    pub partner_name: String,
    pub role: PartnerRole,
}

#[derive(Clone, Debug)]
pub struct CustomerPrincipal {
    pub user_id: CustomerUserId,
    pub tenant_id: TenantId,
    pub email: String,
    pub display_name: String,
    pub tenant_name: String,
    pub role: CustomerRole,
}

#[derive(Clone, Debug)]
pub enum Principal {
    Partner(PartnerPrincipal),
    Customer(CustomerPrincipal),
}

impl Principal {
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

    /// The account this principal signs in as.
    pub fn account(&self) -> Account {
        match self {
            Principal::Partner(p) => Account::Partner(p.user_id),
            Principal::Customer(c) => Account::Customer(c.user_id),
        }
    }

    pub fn sign_out_path(&self) -> &'static str {
        match self {
            Principal::Partner(_) => "/partner/sign-out",
            Principal::Customer(_) => "/admin/sign-out",
        }
    }
}

/// A user account of either side, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Account {
    Partner(PartnerUserId),
    Customer(CustomerUserId),
}

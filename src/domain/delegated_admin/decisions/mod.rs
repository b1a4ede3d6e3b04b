//! What either side decides about a delegated-admin request or
//! relationship: approve (any subset of the roles, for as long or shorter),
//! decline, terminate early, remove one role, ask for an extension. Each is
//! one transaction that locks the relationship row first, checks it is
//! still in the state the decision needs, and writes its audit events and
//! outbox messages.

use chrono::NaiveDateTime;

use super::Status;
use crate::db::DbError;
use crate::domain::ids::{CustomerUserId, PartnerId, TenantId};
use crate::domain::notifications::Side;

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// Unknown, or not the viewer's.
    #[error("no such request")]
    NotFound,
    /// The request was already decided, expired or terminated.
    #[error("the request is {0:?}")]
    NotPending(Status),
    /// The relationship is not in force (expired, terminated, declined).
    #[error("the relationship is not in force")]
    NotInForce,
    /// The request names another customer's domain.
    #[error("the request is for another customer")]
    WrongCustomer,
    /// Approving a role that was not requested.
    #[error("a role that was not requested")]
    RoleNotRequested,
    #[error("no role chosen")]
    NoRoles,
    /// Longer than requested, or out of 1–730.
    #[error("the duration is out of range")]
    DurationOutOfRange,
    /// The role is not held (never approved, or already removed).
    #[error("the role is not held")]
    RoleNotHeld,
    /// Another decision on the same full-admin role committed at the same moment.
    #[error("a concurrent decision won the race")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for DecisionError {
    fn from(err: diesel::result::Error) -> Self {
        let err = DbError::from(err);
        if err.is_unique_violation() { DecisionError::Conflict } else { DecisionError::Db(err) }
    }
}

/// The row a decision works on, locked for the transaction.
struct Locked {
    partner_id: PartnerId,
    tenant_id: Option<TenantId>,
    display_name: String,
    duration_days: i32,
    auto_extend: bool,
    customer_domain: Option<String>,
    status: Status,
    request_expires_at: NaiveDateTime,
}

type LockedRow = (PartnerId, Option<TenantId>, String, i32, bool, Option<String>, String, NaiveDateTime);

/// Locks the relationship row (a no-op update) and reads it.
macro_rules! lock {
    ($conn:ident, $id:expr) => {{
        diesel::update(dars::table.find($id)).set(dars::status.eq(dars::status)).execute($conn)?;
        let row: Option<LockedRow> = dars::table
            .find($id)
            .select((
                dars::partner_id,
                dars::tenant_id,
                dars::display_name,
                dars::duration_days,
                dars::auto_extend,
                dars::customer_domain,
                dars::status,
                dars::request_expires_at,
            ))
            .get_result($conn)
            .optional()?;
        row.map(|r| Locked {
            partner_id: r.0,
            tenant_id: r.1,
            display_name: r.2,
            duration_days: r.3,
            auto_extend: r.4,
            customer_domain: r.5,
            status: Status::parse(&r.6).unwrap_or(Status::Expired),
            request_expires_at: r.7,
        })
    }};
}

/// The roles of a relationship: `(service, role, approved, removed_at)`.
macro_rules! roles_of {
    ($conn:ident, $id:expr) => {{
        let rows: Vec<(String, String, bool, Option<NaiveDateTime>)> = roles::table
            .filter(roles::relationship_id.eq($id))
            .select((roles::service, roles::role, roles::approved, roles::removed_at))
            .load($conn)?;
        rows.into_iter()
            .filter_map(|(service, code, approved, removed_at)| {
                Role::find(&service, &code).map(|role| (role, approved, removed_at))
            })
            .collect::<Vec<_>>()
    }};
}

/// Who decides, from the customer's side.
pub struct CustomerDecision<'a> {
    pub tenant_id: TenantId,
    pub user_id: CustomerUserId,
    pub actor_name: &'a str,
}

/// Refuses with [`DecisionError::WrongCustomer`] when the request names a
/// domain that is not the tenant's.
macro_rules! check_domain {
    ($conn:ident, $tenant_id:expr, $domain:expr) => {
        if let Some(domain) = $domain {
            let own: String = tenants::table.find($tenant_id).select(tenants::domain).get_result($conn)?;
            if !own.eq_ignore_ascii_case(domain) {
                return Err(DecisionError::WrongCustomer);
            }
        }
    };
}

/// Which side acts, and on whose behalf it may.
#[derive(Clone, Copy, Debug)]
pub enum Actor {
    Customer(TenantId),
    Partner(PartnerId),
}

impl Actor {
    fn may(self, partner_id: PartnerId, tenant_id: Option<TenantId>) -> bool {
        match self {
            Actor::Customer(tenant) => tenant_id == Some(tenant),
            Actor::Partner(partner) => partner == partner_id,
        }
    }

    fn side(self) -> Side {
        match self {
            Actor::Customer(_) => Side::Customer,
            Actor::Partner(_) => Side::Partner,
        }
    }
}

/// Ends the full-admin grants that came with a relationship, inside the
/// caller's transaction.
macro_rules! end_linked_grants {
    ($conn:ident, $id:expr, $now:expr) => {
        diesel::update(
            $crate::db::schema::delegated_admin_grants::table
                .filter($crate::db::schema::delegated_admin_grants::relationship_id.eq($id))
                .filter($crate::db::schema::delegated_admin_grants::removed_at.is_null()),
        )
        .set($crate::db::schema::delegated_admin_grants::removed_at.eq($now))
        .execute($conn)?
    };
}
pub(crate) use end_linked_grants;

mod approval;
mod in_force;

pub use approval::{Approved, approve, decline};
pub use in_force::{remove_role, request_extension, terminate};

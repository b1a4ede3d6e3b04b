//! Creating a delegated-admin request: what the partner asks for, checked,
//! and written with its roles and audit event.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::{MAX_DAYS, MIN_DAYS, Role};
use crate::db::schema::{delegated_admin_relationship_roles as roles, delegated_admin_relationships as dars};
use crate::db::{DbConn, DbError};
use crate::db_write;
use crate::domain::ids::{PartnerId, TenantId};

/// The longest name a request may have.
pub const NAME_MAX_CHARS: usize = 100;

/// What the partner's admin agent asks for.
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub display_name: String,
    pub duration_days: i32,
    pub auto_extend: bool,
    /// Only this tenant's global admins may approve (lower case).
    pub customer_domain: Option<String>,
    pub roles: Vec<Role>,
}

/// Why a request cannot be created as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestProblem {
    NameMissing,
    NameTooLong,
    /// A line break or another control character: a name is one line.
    NameNotOneLine,
    DurationOutOfRange,
    NoRoles,
    /// Auto-extension is refused with a full-admin role (as Microsoft
    /// refuses it with Global Administrator).
    AutoExtendWithFullAdmin,
    DomainInvalid,
}

impl NewRequest {
    pub fn validate(&self) -> Result<(), RequestProblem> {
        let name = crate::domain::text_for_others(&self.display_name);
        if name.is_empty() {
            return Err(RequestProblem::NameMissing);
        }
        if name.chars().count() > NAME_MAX_CHARS {
            return Err(RequestProblem::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(RequestProblem::NameNotOneLine);
        }
        if !(MIN_DAYS..=MAX_DAYS).contains(&self.duration_days) {
            return Err(RequestProblem::DurationOutOfRange);
        }
        if self.roles.is_empty() {
            return Err(RequestProblem::NoRoles);
        }
        if self.auto_extend && self.roles.iter().any(|r| r.full_admin) {
            return Err(RequestProblem::AutoExtendWithFullAdmin);
        }
        if let Some(domain) = &self.customer_domain {
            let valid = domain.len() <= 253
                && domain.contains('.')
                && domain.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                });
            if !valid {
                return Err(RequestProblem::DomainInvalid);
            }
        }
        Ok(())
    }
}

/// Inserts a request and its roles, with an audit event, inside the
/// caller's transaction; evaluates to its id. `$tenant_id` binds an
/// extension request to its customer.
macro_rules! insert_request {
    ($conn:ident, $partner_id:expr, $tenant_id:expr, $request:expr, $extension_of:expr, $actor_name:expr, $now:expr) => {{
        use $crate::db::schema::{delegated_admin_relationship_roles as roles, delegated_admin_relationships as dars};
        use $crate::domain::audit::{self, Action, Event};
        use $crate::domain::delegated_admin::requests::{NewRelationship, NewRole};
        let (partner_id, tenant_id, request, now): (_, Option<$crate::domain::ids::TenantId>, &NewRequest, _) =
            ($partner_id, $tenant_id, $request, $now);
        let id = $crate::domain::random_token::<18>();
        let display_name = $crate::domain::text_for_others(&request.display_name);
        let display_name = display_name.as_str();
        diesel::insert_into(dars::table)
            .values(NewRelationship {
                id: &id,
                partner_id,
                tenant_id,
                display_name,
                duration_days: request.duration_days,
                auto_extend: request.auto_extend,
                customer_domain: request.customer_domain.as_deref(),
                status: $crate::domain::delegated_admin::Status::ApprovalPending.code(),
                created_at: now,
                created_by: $actor_name,
                request_expires_at: now + chrono::TimeDelta::days($crate::domain::delegated_admin::REQUEST_VALID_DAYS),
                extension_of: $extension_of,
            })
            .execute($conn)?;
        let rows: Vec<NewRole> = request
            .roles
            .iter()
            .map(|r| NewRole { relationship_id: &id, service: r.service.code(), role: r.code, approved: false })
            .collect();
        diesel::insert_into(roles::table).values(rows.as_slice()).execute($conn)?;
        let mut event = Event::new(Action::GdapRequested, $actor_name).partner(partner_id).detail(display_name);
        if let Some(tenant_id) = tenant_id {
            event = event.tenant(tenant_id);
        }
        audit::record($conn, event)?;
        id
    }};
}
pub(crate) use insert_request;

#[derive(Insertable)]
#[diesel(table_name = dars)]
pub struct NewRelationship<'a> {
    pub id: &'a str,
    pub partner_id: PartnerId,
    pub tenant_id: Option<TenantId>,
    pub display_name: &'a str,
    pub duration_days: i32,
    pub auto_extend: bool,
    pub customer_domain: Option<&'a str>,
    pub status: &'static str,
    pub created_at: NaiveDateTime,
    pub created_by: &'a str,
    pub request_expires_at: NaiveDateTime,
    pub extension_of: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = roles)]
pub struct NewRole<'a> {
    pub relationship_id: &'a str,
    pub service: &'static str,
    pub role: &'static str,
    pub approved: bool,
}

/// Creates a request after [`NewRequest::validate`]; returns its id.
pub fn create(
    conn: &mut DbConn,
    partner_id: PartnerId,
    request: &NewRequest,
    actor_name: &str,
) -> Result<String, DbError> {
    let now = crate::domain::now();
    let id = db_write!(conn, {
        let id = insert_request!(conn, partner_id, None, request, None::<&str>, actor_name, now);
        Ok::<_, DbError>(id)
    })?;
    Ok(id)
}

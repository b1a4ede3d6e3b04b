//! Delegated-admin requests and relationships: creating a request
//! (`new.rs`), and reading them for either side (here).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Role, Status};
use crate::db::schema::{
    delegated_admin_grants as grants, delegated_admin_relationship_roles as roles,
    delegated_admin_relationships as dars, tenants,
};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::ids::{PartnerId, TenantId};

mod new;

pub(crate) use new::insert_request;
pub use new::{NAME_MAX_CHARS, NewRelationship, NewRequest, NewRole, RequestProblem, create};

/// One role of a request or relationship, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleState {
    pub role: Role,
    pub approved: bool,
    pub removed_at: Option<NaiveDateTime>,
}

impl RoleState {
    /// Approved and not removed (whether it is in force depends on the
    /// relationship's status).
    pub fn held(&self) -> bool {
        self.approved && self.removed_at.is_none()
    }
}

/// A request, or the relationship it became.
#[derive(Clone, Debug)]
pub struct Relationship {
    pub id: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub tenant_id: Option<TenantId>,
    pub tenant_name: Option<String>,
    pub display_name: String,
    pub duration_days: i32,
    pub auto_extend: bool,
    pub customer_domain: Option<String>,
    pub status: Status,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub request_expires_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    pub ends_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub extension_of: Option<String>,
    pub roles: Vec<RoleState>,
}

impl Relationship {
    /// The status as of `now`: a request past its expiry reads `expired`
    /// even before the job has marked it so (it can no longer be approved).
    pub fn status_at(&self, now: NaiveDateTime) -> Status {
        if self.status == Status::ApprovalPending && self.request_expires_at <= now {
            Status::Expired
        } else {
            self.status
        }
    }

    /// The roles that are held now (in force, approved, not removed).
    pub fn roles_in_force(&self) -> impl Iterator<Item = &RoleState> {
        self.roles.iter().filter(move |r| self.status.in_force() && r.held())
    }
}

type Row = (
    String,
    PartnerId,
    String,
    Option<TenantId>,
    Option<String>,
    String,
    i32,
    bool,
    Option<String>,
    String,
    NaiveDateTime,
    String,
    NaiveDateTime,
    (Option<NaiveDateTime>, Option<String>, Option<NaiveDateTime>, Option<NaiveDateTime>, Option<String>),
);

macro_rules! relationships_query {
    () => {
        dars::table
            .left_join(tenants::table)
            .select((
                dars::id,
                dars::partner_id,
                $crate::domain::partner_name!(dars::partner_id),
                dars::tenant_id,
                tenants::name.nullable(),
                dars::display_name,
                dars::duration_days,
                dars::auto_extend,
                dars::customer_domain,
                dars::status,
                dars::created_at,
                dars::created_by,
                dars::request_expires_at,
                (dars::approved_at, dars::approved_by, dars::ends_at, dars::ended_at, dars::extension_of),
            ))
            .into_boxed()
    };
}

/// Loads the relationships the filter selects, with their roles.
fn load(conn: &mut DbConn, filter: impl FnOnce(Filter) -> Filter + Send) -> Result<Vec<Relationship>, DbError> {
    let filter = filter(Filter::default());
    let rows: Vec<Row> = db_run!(conn, {
        let mut query = relationships_query!();
        if let Some(id) = &filter.id {
            query = query.filter(dars::id.eq(id.clone()));
        }
        if let Some(partner_id) = filter.partner {
            query = query.filter(dars::partner_id.eq(partner_id));
        }
        if let Some(tenant_id) = filter.tenant {
            query = query.filter(dars::tenant_id.eq(tenant_id));
        }
        if let Some(status) = filter.status {
            query = query.filter(dars::status.eq(status.code()));
        }
        if let Some(Seek { created_at, id }) = filter.after.clone() {
            query =
                query.filter(dars::created_at.lt(created_at).or(dars::created_at.eq(created_at).and(dars::id.lt(id))));
        }
        query.order((dars::created_at.desc(), dars::id.desc())).limit(filter.limit).load(conn)
    })?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let role_rows: Vec<(String, String, String, bool, Option<NaiveDateTime>)> = db_run!(conn, {
        roles::table
            .filter(roles::relationship_id.eq_any(&ids))
            .select((roles::relationship_id, roles::service, roles::role, roles::approved, roles::removed_at))
            .load(conn)
    })?;
    // Full-admin roles are held as grants: removed there (by the customer
    // per service, or the partner giving it back) means removed here.
    let grant_rows: Vec<(Option<String>, String, Option<NaiveDateTime>)> = db_run!(conn, {
        grants::table
            .filter(grants::relationship_id.eq_any(&ids))
            .select((grants::relationship_id, grants::service, grants::removed_at))
            .load(conn)
    })?;
    let mut by_id: HashMap<String, Vec<RoleState>> = HashMap::new();
    for (relationship_id, service, code, approved, removed_at) in role_rows {
        let Some(role) = Role::find(&service, &code) else { continue };
        let removed_at = removed_at.or_else(|| {
            role.full_admin
                .then(|| {
                    grant_rows
                        .iter()
                        .find(|(rel, s, _)| rel.as_deref() == Some(relationship_id.as_str()) && *s == service)
                        .and_then(|(_, _, removed)| *removed)
                })
                .flatten()
        });
        by_id.entry(relationship_id).or_default().push(RoleState { role, approved, removed_at });
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let (approved_at, approved_by, ends_at, ended_at, extension_of) = row.13;
            let mut roles = by_id.remove(&row.0).unwrap_or_default();
            roles.sort_by_key(|r| super::CATALOGUE.iter().position(|c| *c == r.role));
            Relationship {
                id: row.0,
                partner_id: row.1,
                partner_name: row.2,
                tenant_id: row.3,
                tenant_name: row.4,
                display_name: row.5,
                duration_days: row.6,
                auto_extend: row.7,
                customer_domain: row.8,
                status: Status::parse(&row.9).unwrap_or(Status::Expired),
                created_at: row.10,
                created_by: row.11,
                request_expires_at: row.12,
                approved_at,
                approved_by,
                ends_at,
                ended_at,
                extension_of,
                roles,
            }
        })
        .collect())
}

#[derive(Default)]
struct Filter {
    id: Option<String>,
    partner: Option<PartnerId>,
    tenant: Option<TenantId>,
    status: Option<Status>,
    after: Option<Seek>,
    limit: i64,
}

/// Where a page of a list ends (lists are newest first): the next page
/// starts after it, whatever was added since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seek {
    pub created_at: NaiveDateTime,
    pub id: String,
}

impl Seek {
    pub fn of(relationship: &Relationship) -> Self {
        Seek { created_at: relationship.created_at, id: relationship.id.clone() }
    }
}

/// Up to `limit` of the partner's requests and relationships after
/// `after`, newest first, optionally of one status only.
pub fn page_for_partner(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: Option<Status>,
    after: Option<Seek>,
    limit: i64,
) -> Result<Vec<Relationship>, DbError> {
    load(conn, |f| Filter { partner: Some(partner_id), status, after, limit, ..f })
}

/// How many requests a list shows (newest first).
pub const LIST_LIMIT: i64 = 200;

/// The partner's requests and relationships, newest first.
pub fn for_partner(conn: &mut DbConn, partner_id: PartnerId) -> Result<Vec<Relationship>, DbError> {
    load(conn, |f| Filter { partner: Some(partner_id), limit: LIST_LIMIT, ..f })
}

/// The partner's relationships with one customer, newest first.
pub fn between(conn: &mut DbConn, partner_id: PartnerId, tenant_id: TenantId) -> Result<Vec<Relationship>, DbError> {
    load(conn, |f| Filter { partner: Some(partner_id), tenant: Some(tenant_id), limit: LIST_LIMIT, ..f })
}

/// Every relationship of the customer with any partner, newest first.
pub fn for_tenant(conn: &mut DbConn, tenant_id: TenantId) -> Result<Vec<Relationship>, DbError> {
    load(conn, |f| Filter { tenant: Some(tenant_id), limit: LIST_LIMIT, ..f })
}

/// One request or relationship by the id in its link. Callers check that
/// the viewer may see it.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Relationship>, DbError> {
    if id.is_empty() || id.len() > 64 {
        return Ok(None);
    }
    let id = id.to_owned();
    Ok(load(conn, |f| Filter { id: Some(id), limit: 1, ..f })?.into_iter().next())
}

/// Whether `find` should show the request to a tenant: its own relationship,
/// or an open request not bound to another tenant.
pub fn visible_to_tenant(relationship: &Relationship, tenant_id: TenantId) -> bool {
    match relationship.tenant_id {
        Some(own) => own == tenant_id,
        None => relationship.status == Status::ApprovalPending,
    }
}

/// Whether the tenant's global admins may approve the request: it names no
/// customer domain, or the tenant's (the page says so before anyone tries).
pub fn approvable_by(conn: &mut DbConn, relationship: &Relationship, tenant_id: TenantId) -> Result<bool, DbError> {
    let Some(domain) = relationship.customer_domain.clone() else { return Ok(true) };
    let own: String = db_run!(conn, { tenants::table.find(tenant_id).select(tenants::domain).get_result(conn) })?;
    Ok(own.eq_ignore_ascii_case(&domain))
}

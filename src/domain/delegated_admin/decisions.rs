//! What either side decides about a delegated-admin request or
//! relationship: approve (any subset of the roles, for as long or shorter),
//! decline, terminate early, remove one role, ask for an extension. Each is
//! one transaction that locks the relationship row first, checks it is
//! still in the state the decision needs, and writes its audit events and
//! outbox messages.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::requests::{NewRequest, insert_request};
use super::{MAX_DAYS, MIN_DAYS, Role, Status, status_for};
use crate::db::schema::{
    delegated_admin_grants as grants, delegated_admin_relationship_roles as roles,
    delegated_admin_relationships as dars, tenants,
};
use crate::db::{DbConn, DbError};
use crate::db_write;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::{CustomerUserId, PartnerId, TenantId};
use crate::domain::notifications::{EventType, Notice, Outbox, Side};
use crate::domain::relationships::acceptance::{grant_full_admin, open_relationship};

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

/// What an approval changed.
#[derive(Debug)]
pub struct Approved {
    pub relationship_created: bool,
    pub ends_at: NaiveDateTime,
    pub roles: Vec<Role>,
}

fn role_list(roles: &[Role]) -> String {
    roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")
}

/// Approves `chosen` (a subset of the requested roles) for `duration_days`
/// (at most what was requested; `None`: as requested).
pub fn approve(
    conn: &mut DbConn,
    id: &str,
    who: &CustomerDecision<'_>,
    chosen: &[Role],
    duration_days: Option<i32>,
) -> Result<Approved, DecisionError> {
    let now = crate::domain::now();
    let CustomerDecision { tenant_id, user_id, actor_name } = *who;
    db_write!(conn, {
        let request = lock!(conn, id).ok_or(DecisionError::NotFound)?;
        if request.tenant_id.is_some_and(|bound| bound != tenant_id) {
            return Err(DecisionError::NotFound);
        }
        if request.status != Status::ApprovalPending {
            return Err(DecisionError::NotPending(request.status));
        }
        if request.request_expires_at <= now {
            return Err(DecisionError::NotPending(Status::Expired));
        }
        check_domain!(conn, tenant_id, &request.customer_domain);
        if chosen.is_empty() {
            return Err(DecisionError::NoRoles);
        }
        let requested: Vec<Role> = roles_of!(conn, id).into_iter().map(|(role, _, _)| role).collect();
        if chosen.iter().any(|role| !requested.contains(role)) {
            return Err(DecisionError::RoleNotRequested);
        }
        let days = duration_days.unwrap_or(request.duration_days);
        if !(MIN_DAYS..=request.duration_days.min(MAX_DAYS)).contains(&days) {
            return Err(DecisionError::DurationOutOfRange);
        }

        let opened = open_relationship!(conn, request.partner_id, tenant_id, actor_name, now);
        let mut approved: Vec<Role> = chosen.to_vec();
        approved.sort_by_key(|r| super::CATALOGUE.iter().position(|c| c == r));
        approved.dedup();
        for role in &approved {
            diesel::update(
                roles::table
                    .filter(roles::relationship_id.eq(id))
                    .filter(roles::service.eq(role.service.code()))
                    .filter(roles::role.eq(role.code)),
            )
            .set(roles::approved.eq(true))
            .execute(conn)?;
            if role.full_admin {
                // The partner may already hold it through the classic link
                // (no end date): that broader grant stays.
                let granted = grant_full_admin!(
                    conn,
                    request.partner_id,
                    tenant_id,
                    role.service,
                    Some(user_id),
                    actor_name,
                    now,
                    Some(id)
                );
                if let Some(Some((other, _))) = granted {
                    let notice =
                        Notice::new(EventType::DelegatedAdminReplaced, Side::Customer, actor_name, other, tenant_id);
                    conn.enqueue(&notice.services([role.service]).at(now))?;
                }
            }
        }
        let ends_at = now + TimeDelta::days(i64::from(days));
        diesel::update(dars::table.find(id))
            .set((
                dars::tenant_id.eq(tenant_id),
                dars::status.eq(status_for(ends_at, now).code()),
                dars::duration_days.eq(days),
                dars::approved_at.eq(now),
                dars::approved_by.eq(actor_name),
                dars::ends_at.eq(ends_at),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Event::new(Action::GdapApproved, actor_name).partner(request.partner_id).tenant(tenant_id).detail(format!(
                "{}: {}",
                request.display_name,
                role_list(&approved)
            )),
        )?;
        let notice = Notice::new(
            EventType::DelegatedAdminRequestApproved,
            Side::Customer,
            actor_name,
            request.partner_id,
            tenant_id,
        )
        .relationship(id, &request.display_name, &approved)
        .ends_at(Some(ends_at))
        .at(now);
        conn.enqueue(&notice)?;
        Ok(Approved { relationship_created: opened.created, ends_at, roles: approved })
    })
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
use check_domain;

/// The customer declines a pending request.
pub fn decline(conn: &mut DbConn, id: &str, who: &CustomerDecision<'_>) -> Result<(), DecisionError> {
    let now = crate::domain::now();
    let CustomerDecision { tenant_id, actor_name, .. } = *who;
    db_write!(conn, {
        let request = lock!(conn, id).ok_or(DecisionError::NotFound)?;
        if request.tenant_id.is_some_and(|bound| bound != tenant_id) {
            return Err(DecisionError::NotFound);
        }
        if request.status != Status::ApprovalPending || request.request_expires_at <= now {
            return Err(DecisionError::NotPending(if request.status == Status::ApprovalPending {
                Status::Expired
            } else {
                request.status
            }));
        }
        check_domain!(conn, tenant_id, &request.customer_domain);
        diesel::update(dars::table.find(id))
            .set((
                dars::tenant_id.eq(tenant_id),
                dars::status.eq(Status::Declined.code()),
                dars::ended_at.eq(now),
                dars::ended_by.eq(Side::Customer.code()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Event::new(Action::GdapDeclined, actor_name)
                .partner(request.partner_id)
                .tenant(tenant_id)
                .detail(request.display_name.clone()),
        )?;
        let requested: Vec<Role> = roles_of!(conn, id).into_iter().map(|(role, _, _)| role).collect();
        let notice = Notice::new(
            EventType::DelegatedAdminRequestDeclined,
            Side::Customer,
            actor_name,
            request.partner_id,
            tenant_id,
        )
        .relationship(id, &request.display_name, &requested)
        .at(now);
        conn.enqueue(&notice)?;
        Ok(())
    })
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

/// Either side ends a relationship early, or the partner withdraws a
/// request nobody decided yet.
pub fn terminate(conn: &mut DbConn, id: &str, actor: Actor, actor_name: &str) -> Result<(), DecisionError> {
    let now = crate::domain::now();
    db_write!(conn, {
        let relationship = lock!(conn, id).ok_or(DecisionError::NotFound)?;
        if !actor.may(relationship.partner_id, relationship.tenant_id) {
            return Err(DecisionError::NotFound);
        }
        let withdrawable = relationship.status == Status::ApprovalPending && matches!(actor, Actor::Partner(_));
        if !relationship.status.in_force() && !withdrawable {
            return Err(DecisionError::NotInForce);
        }
        diesel::update(dars::table.find(id))
            .set((
                dars::status.eq(Status::Terminated.code()),
                dars::ended_at.eq(now),
                dars::ended_by.eq(actor.side().code()),
            ))
            .execute(conn)?;
        end_linked_grants!(conn, id, now);
        let mut event = Event::new(Action::GdapTerminated, actor_name)
            .partner(relationship.partner_id)
            .detail(relationship.display_name.clone());
        if let Some(tenant_id) = relationship.tenant_id {
            event = event.tenant(tenant_id);
            let held: Vec<Role> = roles_of!(conn, id)
                .into_iter()
                .filter(|(_, approved, removed)| *approved && removed.is_none())
                .map(|(role, _, _)| role)
                .collect();
            let notice = Notice::new(
                EventType::DelegatedAdminRelationshipTerminated,
                actor.side(),
                actor_name,
                relationship.partner_id,
                tenant_id,
            )
            .relationship(id, &relationship.display_name, &held)
            .at(now);
            conn.enqueue(&notice)?;
        }
        audit::record(conn, event)?;
        Ok(())
    })
}

/// The customer removes one role of an in-force relationship; when none is
/// left, the relationship is terminated.
pub fn remove_role(conn: &mut DbConn, id: &str, who: &CustomerDecision<'_>, role: Role) -> Result<(), DecisionError> {
    let now = crate::domain::now();
    let CustomerDecision { tenant_id, actor_name, .. } = *who;
    db_write!(conn, {
        let relationship = lock!(conn, id).ok_or(DecisionError::NotFound)?;
        if relationship.tenant_id != Some(tenant_id) {
            return Err(DecisionError::NotFound);
        }
        if !relationship.status.in_force() {
            return Err(DecisionError::NotInForce);
        }
        let updated = diesel::update(
            roles::table
                .filter(roles::relationship_id.eq(id))
                .filter(roles::service.eq(role.service.code()))
                .filter(roles::role.eq(role.code))
                .filter(roles::approved.eq(true))
                .filter(roles::removed_at.is_null()),
        )
        .set(roles::removed_at.eq(now))
        .execute(conn)?;
        if updated == 0 {
            return Err(DecisionError::RoleNotHeld);
        }
        if role.full_admin {
            diesel::update(
                grants::table
                    .filter(grants::relationship_id.eq(id))
                    .filter(grants::service.eq(role.service.code()))
                    .filter(grants::removed_at.is_null()),
            )
            .set(grants::removed_at.eq(now))
            .execute(conn)?;
        }
        audit::record(
            conn,
            Event::new(Action::GdapRoleRemoved, actor_name)
                .partner(relationship.partner_id)
                .tenant(tenant_id)
                .service(role.service)
                .detail(format!("{}: {}", relationship.display_name, role.key())),
        )?;
        let notice = Notice::new(
            EventType::DelegatedAdminRemoved,
            Side::Customer,
            actor_name,
            relationship.partner_id,
            tenant_id,
        )
        .services([role.service])
        .relationship(id, &relationship.display_name, &[role])
        .at(now);
        conn.enqueue(&notice)?;
        let left =
            roles_of!(conn, id).into_iter().filter(|(_, approved, removed)| *approved && removed.is_none()).count();
        if left == 0 {
            diesel::update(dars::table.find(id))
                .set((
                    dars::status.eq(Status::Terminated.code()),
                    dars::ended_at.eq(now),
                    dars::ended_by.eq(Side::Customer.code()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                Event::new(Action::GdapTerminated, actor_name)
                    .partner(relationship.partner_id)
                    .tenant(tenant_id)
                    .detail(relationship.display_name.clone()),
            )?;
        }
        Ok(())
    })
}

/// The partner asks to extend a relationship: a new request for the same
/// customer and the roles still held, which the customer approves like any
/// other. Returns the new request's id.
pub fn request_extension(
    conn: &mut DbConn,
    id: &str,
    partner_id: PartnerId,
    actor_name: &str,
) -> Result<String, DecisionError> {
    let now = crate::domain::now();
    db_write!(conn, {
        let relationship = lock!(conn, id).ok_or(DecisionError::NotFound)?;
        if relationship.partner_id != partner_id {
            return Err(DecisionError::NotFound);
        }
        let Some(tenant_id) = relationship.tenant_id else { return Err(DecisionError::NotInForce) };
        if !relationship.status.in_force() && relationship.status != Status::Expired {
            return Err(DecisionError::NotInForce);
        }
        let held: Vec<Role> = roles_of!(conn, id)
            .into_iter()
            .filter(|(_, approved, removed)| *approved && removed.is_none())
            .map(|(role, _, _)| role)
            .collect();
        if held.is_empty() {
            return Err(DecisionError::RoleNotHeld);
        }
        let request = NewRequest {
            display_name: relationship.display_name.clone(),
            duration_days: relationship.duration_days,
            auto_extend: relationship.auto_extend && !held.iter().any(|r| r.full_admin),
            customer_domain: relationship.customer_domain.clone(),
            roles: held,
        };
        let new_id = insert_request!(conn, partner_id, Some(tenant_id), &request, Some(id), actor_name, now);
        Ok(new_id)
    })
}

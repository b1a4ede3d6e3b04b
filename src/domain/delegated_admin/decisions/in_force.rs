//! Changing a relationship in force: either side ends it early, the
//! customer removes one role, the partner asks for an extension.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::requests::{NewRequest, insert_request};
use super::super::{Role, Status};
use crate::db::DbConn;
use crate::db::schema::{
    delegated_admin_grants as grants, delegated_admin_relationship_roles as roles,
    delegated_admin_relationships as dars,
};
use crate::db_write;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::PartnerId;
use crate::domain::notifications::{EventType, Notice, Outbox, Side};

use super::{Actor, CustomerDecision, DecisionError, Locked, LockedRow};

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
                .detail(relationship.display_name.clone())
                .roles(&[role]),
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

//! Deciding a pending request: approving any subset of its roles, for as
//! long as requested or shorter, or declining it.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::super::{MAX_DAYS, MIN_DAYS, Role, Status, status_for};
use crate::db::DbConn;
use crate::db::schema::{delegated_admin_relationship_roles as roles, delegated_admin_relationships as dars, tenants};
use crate::db_write;
use crate::domain::audit::{self, Action, Event};
use crate::domain::notifications::{EventType, Notice, Outbox, Side};
use crate::domain::relationships::acceptance::{grant_full_admin, open_relationship, replaced_partners};
use crate::domain::services::Service;

use super::{CustomerDecision, DecisionError, Locked, LockedRow};

/// What an approval changed.
#[derive(Debug)]
pub struct Approved {
    pub relationship_created: bool,
    pub ends_at: NaiveDateTime,
    pub roles: Vec<Role>,
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

        let mut events = Vec::new();
        let opened = open_relationship!(conn, request.partner_id, tenant_id, actor_name, now, &mut events);
        let mut approved: Vec<Role> = chosen.to_vec();
        approved.sort_by_key(|r| super::super::CATALOGUE.iter().position(|c| c == r));
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
        }
        // The partner may already hold full administration through the
        // classic link (no end date): that broader grant stays.
        let full_admin: Vec<Service> =
            approved.iter().filter(|role| role.full_admin).map(|role| role.service).collect();
        let granted = grant_full_admin!(
            conn,
            request.partner_id,
            tenant_id,
            &full_admin,
            Some(user_id),
            actor_name,
            now,
            Some(id),
            &mut events
        );
        // Queued together at the end: recipients looked up once per partner.
        // Each replaced partner once, with every service it lost.
        let mut notices: Vec<Notice<'_>> = replaced_partners(&granted)
            .into_iter()
            .map(|(other, lost)| {
                Notice::new(EventType::DelegatedAdminReplaced, Side::Customer, actor_name, other, tenant_id)
                    .services(lost)
                    .at(now)
            })
            .collect();
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
        events.push(
            Event::new(Action::GdapApproved, actor_name)
                .partner(request.partner_id)
                .tenant(tenant_id)
                .detail(request.display_name.clone())
                .roles(&approved),
        );
        audit::record_all(conn, events)?;
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
        notices.push(notice);
        conn.enqueue_all(&notices)?;
        Ok(Approved { relationship_created: opened.created, ends_at, roles: approved })
    })
}

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

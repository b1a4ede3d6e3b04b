//! The lifecycle of a reseller relationship (DESIGN.md §11): `active`, then
//! `ending` while the partner is still Partner of Record of subscriptions
//! (for [`NOTICE_DAYS`]), then `ended`, kept forever. Either side ends it;
//! the partner can acknowledge an ending early; the job runner
//! (`crate::jobs`) ends what is due. When an ending relationship ends, the
//! subscriptions its partner still holds are left without a Partner of
//! Record (billed by the operator) until the customer chooses one.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::audit::{self, Action, Event};
use super::ids::{PartnerId, TenantId};
use super::notifications::{EventType, Notice, Outbox, Side};
use super::partner_of_record::{RequestStatus, end_partner_of_record};
use super::relationships::{EndedBy, end_grants};
use super::services::Service;
use crate::db::schema::{
    partner_of_record_requests as requests, partners, reseller_relationships as rels, subscriptions,
};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

mod status;
pub use status::{EndReason, EndSide, Lifecycle, MAX_REASON_CHARS, ReasonTooLong, RelationshipStatus, is_open};

/// Locks the partner's active relationship with the tenant inside the
/// caller's transaction (a no-op update, as ending it does), so an ending
/// committed meanwhile is seen and one racing waits; evaluates to the rows
/// locked (0: no active relationship).
macro_rules! lock_active_relationship {
    ($conn:ident, $partner_id:expr, $tenant_id:expr) => {{
        use $crate::db::schema::reseller_relationships as rels;
        diesel::update(
            rels::table
                .filter(rels::partner_id.eq($partner_id))
                .filter(rels::tenant_id.eq($tenant_id))
                .filter(rels::status.eq($crate::domain::lifecycle::RelationshipStatus::Active.code())),
        )
        .set(rels::status.eq(rels::status))
        .execute($conn)?
    }};
}
pub(crate) use lock_active_relationship;

/// How long a relationship stays `ending` when the partner is still Partner
/// of Record of subscriptions.
pub const NOTICE_DAYS: i64 = 10;

/// A side ending a relationship.
pub struct EndRequest<'a> {
    pub tenant_id: TenantId,
    pub partner_id: PartnerId,
    pub by: EndedBy,
    pub reason: Option<EndReason>,
    pub actor_name: &'a str,
}

/// What ending changed.
#[derive(Debug)]
pub struct EndOutcome {
    /// `None`: ended now; otherwise ending until then.
    pub due: Option<NaiveDateTime>,
    /// Delegated administration that ended with it.
    pub grants_ended: Vec<Service>,
}

#[derive(Debug, thiserror::Error)]
pub enum EndError {
    /// The partner and the customer never had a relationship.
    #[error("no relationship")]
    NotFound,
    /// The latest relationship has already ended.
    #[error("the relationship has already ended")]
    AlreadyEnded,
    /// The relationship is already ending.
    #[error("the relationship is already ending")]
    AlreadyEnding,
    #[error(transparent)]
    Db(#[from] DbError),
}

super::db_error_from_diesel!(EndError);

/// What the partner is Partner of Record of on the tenant: the subscriptions
/// an ending waits for.
pub fn partner_of_record_count(conn: &mut DbConn, tenant_id: TenantId, partner_id: PartnerId) -> Result<i64, DbError> {
    db_run!(conn, {
        subscriptions::table
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .filter(subscriptions::partner_of_record_id.eq(partner_id))
            .count()
            .get_result(conn)
    })
    .map_err(DbError::from)
}

/// Which side a notice says made the change.
fn notice_side(by: EndedBy) -> Side {
    match by {
        EndedBy::Customer(_) => Side::Customer,
        EndedBy::Partner => Side::Partner,
    }
}

/// The latest relationship's status and id, in the caller's transaction,
/// after locking the open one (a no-op update: a concurrent acceptance or
/// job waits for us, or we for it and then read its outcome).
macro_rules! latest {
    ($conn:ident, $tenant_id:expr, $partner_id:expr) => {{
        diesel::update(
            rels::table
                .filter(rels::tenant_id.eq($tenant_id))
                .filter(rels::partner_id.eq($partner_id))
                .filter($crate::domain::lifecycle::is_open()),
        )
        .set(rels::status.eq(rels::status))
        .execute($conn)?;
        rels::table
            .filter(rels::tenant_id.eq($tenant_id))
            .filter(rels::partner_id.eq($partner_id))
            .order(rels::id.desc())
            .select((rels::id, rels::status))
            .first::<(i64, String)>($conn)
            .optional()?
    }};
}

/// One transaction: every grant of the partner on the tenant ends, and the
/// relationship ends now (the partner is Partner of Record of nothing) or
/// becomes `ending` for [`NOTICE_DAYS`]. Audit events for both.
pub fn end(conn: &mut DbConn, request: &EndRequest<'_>) -> Result<EndOutcome, EndError> {
    let now = super::now();
    let EndRequest { tenant_id, partner_id, by, actor_name, .. } = *request;
    let reason = request.reason.as_ref().map(|r| r.as_str().to_owned());
    db_write!(conn, {
        let (id, status) = latest!(conn, tenant_id, partner_id).ok_or(EndError::NotFound)?;
        match RelationshipStatus::parse(&status) {
            Some(RelationshipStatus::Ended) => return Err(EndError::AlreadyEnded),
            Some(RelationshipStatus::Ending) => return Err(EndError::AlreadyEnding),
            _ => {}
        }
        let grants_ended = end_grants!(conn, tenant_id, partner_id, None::<Service>, by, actor_name, now);
        // Every delegated-admin relationship of the partner with the tenant
        // ends with it (its full-admin grants ended just above).
        {
            use crate::db::schema::delegated_admin_relationships as dars;
            use crate::domain::delegated_admin::Status as DarStatus;
            let open = [DarStatus::ApprovalPending.code(), DarStatus::Active.code(), DarStatus::Expiring.code()];
            let names: Vec<String> = dars::table
                .filter(dars::partner_id.eq(partner_id))
                .filter(dars::tenant_id.eq(tenant_id))
                .filter(dars::status.eq_any(open))
                .select(dars::display_name)
                .load(conn)?;
            diesel::update(
                dars::table
                    .filter(dars::partner_id.eq(partner_id))
                    .filter(dars::tenant_id.eq(tenant_id))
                    .filter(dars::status.eq_any(open)),
            )
            .set((
                dars::status.eq(DarStatus::Terminated.code()),
                dars::ended_at.eq(now),
                dars::ended_by.eq(notice_side(by).code()),
            ))
            .execute(conn)?;
            for name in names {
                audit::record(
                    conn,
                    Event::new(Action::GdapTerminated, actor_name).partner(partner_id).tenant(tenant_id).detail(name),
                )?;
            }
        }
        // The partner's requests to become Partner of Record are answered: a
        // partner on its way out is not made Partner of Record.
        let decided_by = match by {
            EndedBy::Customer(user_id) => Some(user_id),
            EndedBy::Partner => None,
        };
        let pending: Vec<(i64, String, String)> = requests::table
            .inner_join(subscriptions::table)
            .filter(requests::tenant_id.eq(tenant_id))
            .filter(requests::partner_id.eq(partner_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .select((requests::id, subscriptions::service, subscriptions::offer))
            .load(conn)?;
        for (request_id, code, offer) in pending {
            diesel::update(requests::table.find(request_id))
                .set((
                    requests::status.eq(RequestStatus::Declined.code()),
                    requests::decided_at.eq(now),
                    requests::decided_by.eq(decided_by),
                ))
                .execute(conn)?;
            let event = Event::new(Action::PartnerOfRecordRequestDeclined, actor_name)
                .partner(partner_id)
                .tenant(tenant_id)
                .detail(offer);
            let event = match Service::parse(&code) {
                Some(service) => event.service(service),
                None => event,
            };
            audit::record(conn, event)?;
        }
        let held: i64 = subscriptions::table
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .filter(subscriptions::partner_of_record_id.eq(partner_id))
            .count()
            .get_result(conn)?;
        let side = EndSide::of(by).code();
        let mut event = if held == 0 {
            diesel::update(rels::table.find(id))
                .set((
                    rels::status.eq(RelationshipStatus::Ended.code()),
                    rels::ended_at.eq(now),
                    rels::ended_by.eq(side),
                    rels::end_reason.eq(&reason),
                ))
                .execute(conn)?;
            diesel::update(partners::table.find(partner_id))
                .set(partners::customer_count.eq(partners::customer_count - 1))
                .execute(conn)?;
            Event::new(Action::RelationshipEnded, actor_name)
        } else {
            let due = now + TimeDelta::days(NOTICE_DAYS);
            diesel::update(rels::table.find(id))
                .set((
                    rels::status.eq(RelationshipStatus::Ending.code()),
                    rels::ending_due_at.eq(due),
                    rels::ended_by.eq(side),
                    rels::end_reason.eq(&reason),
                ))
                .execute(conn)?;
            Event::new(Action::RelationshipEnding, actor_name)
        };
        if let Some(reason) = &reason {
            event = event.detail(reason.clone());
        }
        audit::record(conn, event.partner(partner_id).tenant(tenant_id))?;
        let due = (held > 0).then(|| now + TimeDelta::days(NOTICE_DAYS));
        let (event, side) =
            (if due.is_some() { EventType::RelationshipEnding } else { EventType::RelationshipEnded }, notice_side(by));
        let notice = Notice::new(event, side, actor_name, partner_id, tenant_id);
        conn.enqueue(&notice.services(grants_ended.iter().copied()).ends_at(due).at(now))?;
        Ok(EndOutcome { due, grants_ended })
    })
}

#[derive(Debug, thiserror::Error)]
pub enum AcknowledgeError {
    #[error("no relationship")]
    NotFound,
    /// Only an ending can be acknowledged.
    #[error("the relationship is not ending")]
    NotEnding,
    #[error(transparent)]
    Db(#[from] DbError),
}

super::db_error_from_diesel!(AcknowledgeError);

/// The partner acknowledges an ending: it ends now, and the subscriptions
/// it is still Partner of Record of have none (the operator bills them)
/// until the customer chooses one.
pub fn acknowledge(
    conn: &mut DbConn,
    tenant_id: TenantId,
    partner_id: PartnerId,
    actor_name: &str,
) -> Result<(), AcknowledgeError> {
    let now = super::now();
    db_write!(conn, {
        let (id, status) = latest!(conn, tenant_id, partner_id).ok_or(AcknowledgeError::NotFound)?;
        if RelationshipStatus::parse(&status) != Some(RelationshipStatus::Ending) {
            return Err(AcknowledgeError::NotEnding);
        }
        diesel::update(rels::table.find(id))
            .set((rels::status.eq(RelationshipStatus::Ended.code()), rels::ended_at.eq(now)))
            .execute(conn)?;
        diesel::update(partners::table.find(partner_id))
            .set(partners::customer_count.eq(partners::customer_count - 1))
            .execute(conn)?;
        audit::record(conn, Event::new(Action::RelationshipEnded, actor_name).partner(partner_id).tenant(tenant_id))?;
        let notice = Notice::new(EventType::RelationshipEnded, Side::Partner, actor_name, partner_id, tenant_id);
        conn.enqueue(&notice.at(now))?;
        // What it still held has no Partner of Record until the customer chooses one.
        end_partner_of_record!(conn, tenant_id, partner_id, actor_name);
        Ok(())
    })
}

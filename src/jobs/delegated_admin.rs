//! Delegated-admin relationships by time (DESIGN.md §12): a request nobody
//! approved within 90 days expires; an active relationship with 30 days or
//! fewer left is `expiring`, and both sides are reminded 30, 7 and 1 days
//! before its end; at the end it expires (its full-admin grants end with
//! it) or, with auto-extend, runs 180 days more. One pass brings each item
//! to the state it must have at `now`: an item due for "expiring" and
//! "expired" ends up expired, with no reminder on the way.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::{delegated_admin_relationship_roles as roles, delegated_admin_relationships as dars};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::activity::SYSTEM_ACTOR;
use crate::domain::audit::{self, Action, Event};
use crate::domain::delegated_admin::decisions::end_linked_grants;
use crate::domain::delegated_admin::{AUTO_EXTEND_DAYS, REMINDER_DAYS, Role, Status, status_for};
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::notifications::{EventType, Notice, Outbox, Side};

/// Items claimed per transaction.
const BATCH: i64 = 100;

/// What a pass changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub requests_expired: usize,
    pub expiring: usize,
    pub expired: usize,
    pub extended: usize,
    pub reminders: usize,
}

impl std::ops::AddAssign for Changes {
    fn add_assign(&mut self, other: Self) {
        self.requests_expired += other.requests_expired;
        self.expiring += other.expiring;
        self.expired += other.expired;
        self.extended += other.extended;
        self.reminders += other.reminders;
    }
}

impl Changes {
    pub fn total(&self) -> usize {
        self.requests_expired + self.expiring + self.expired + self.extended + self.reminders
    }
}

/// The ids with something due at `$now`, on the partial indexes.
macro_rules! due {
    ($now:expr) => {{
        let now: NaiveDateTime = $now;
        let within = |days: i32| now + TimeDelta::days(i64::from(days));
        let unreminded = |days: i32| dars::reminded_days.is_null().or(dars::reminded_days.gt(days));
        dars::table
            .filter(
                dars::status.eq(Status::ApprovalPending.code()).and(dars::request_expires_at.le(now)).or(dars::status
                    .eq_any([Status::Active.code(), Status::Expiring.code()])
                    .and(
                        dars::ends_at
                            .le(now)
                            .or(dars::status.eq(Status::Active.code()).and(dars::ends_at.le(within(30))))
                            .or(dars::auto_extend.eq(false).and(
                                dars::ends_at
                                    .le(within(REMINDER_DAYS[0]))
                                    .and(unreminded(REMINDER_DAYS[0]))
                                    .or(dars::ends_at.le(within(REMINDER_DAYS[1])).and(unreminded(REMINDER_DAYS[1])))
                                    .or(dars::ends_at.le(within(REMINDER_DAYS[2])).and(unreminded(REMINDER_DAYS[2]))),
                            )),
                    )),
            )
            .order(dars::id)
            .limit(BATCH)
            .select(dars::id)
    }};
}

type Item = (PartnerId, Option<TenantId>, String, String, NaiveDateTime, Option<NaiveDateTime>, bool, Option<i32>);

/// The roles in force of a relationship, for its notices.
macro_rules! held_roles {
    ($conn:ident, $id:expr) => {{
        let rows: Vec<(String, String)> = roles::table
            .filter(roles::relationship_id.eq($id))
            .filter(roles::approved.eq(true))
            .filter(roles::removed_at.is_null())
            .select((roles::service, roles::role))
            .load($conn)?;
        rows.iter().filter_map(|(service, code)| Role::find(service, code)).collect::<Vec<_>>()
    }};
}

/// Queues a notice to both sides about the relationship, with the roles it
/// still holds and its end date.
macro_rules! tell {
    ($conn:ident, $event:expr, $id:expr, $name:expr, $partner_id:expr, $tenant_id:expr, $ends_at:expr, $at:expr) => {{
        let held = held_roles!($conn, $id);
        let notice = Notice::new($event, Side::System, SYSTEM_ACTOR, $partner_id, $tenant_id)
            .relationship($id, $name, &held)
            .ends_at(Some($ends_at))
            .at($at);
        $conn.enqueue(&notice)?;
    }};
}

/// Applies what is due to each claimed item (read again under the lock, so
/// an item another instance already changed is left as it is).
macro_rules! apply_each {
    ($conn:ident, $ids:expr, $now:expr) => {{
        let now: NaiveDateTime = $now;
        let mut changes = Changes::default();
        for id in $ids {
            let item: Option<Item> = dars::table
                .find(&id)
                .select((
                    dars::partner_id,
                    dars::tenant_id,
                    dars::display_name,
                    dars::status,
                    dars::request_expires_at,
                    dars::ends_at,
                    dars::auto_extend,
                    dars::reminded_days,
                ))
                .get_result($conn)
                .optional()?;
            let Some((partner_id, tenant_id, name, status, request_expires_at, ends_at, auto_extend, reminded)) = item
            else {
                continue;
            };
            let event = |action| {
                let event = Event::new(action, SYSTEM_ACTOR).partner(partner_id).detail(name.clone());
                match tenant_id {
                    Some(tenant_id) => event.tenant(tenant_id),
                    None => event,
                }
            };
            match Status::parse(&status) {
                Some(Status::ApprovalPending) if request_expires_at <= now => {
                    diesel::update(dars::table.find(&id))
                        .set((
                            dars::status.eq(Status::Expired.code()),
                            dars::ended_at.eq(request_expires_at),
                            dars::ended_by.eq(Side::System.code()),
                        ))
                        .execute($conn)?;
                    audit::record($conn, event(Action::GdapRequestExpired).at(request_expires_at))?;
                    changes.requests_expired += 1;
                }
                Some(current @ (Status::Active | Status::Expiring)) => {
                    let (Some(mut ends_at), Some(tenant_id)) = (ends_at, tenant_id) else { continue };
                    if ends_at <= now && auto_extend {
                        while ends_at <= now {
                            ends_at += TimeDelta::days(AUTO_EXTEND_DAYS);
                        }
                        diesel::update(dars::table.find(&id))
                            .set((
                                dars::ends_at.eq(ends_at),
                                dars::status.eq(status_for(ends_at, now).code()),
                                dars::reminded_days.eq(None::<i32>),
                            ))
                            .execute($conn)?;
                        audit::record($conn, event(Action::GdapAutoExtended))?;
                        changes.extended += 1;
                        continue;
                    }
                    if ends_at <= now {
                        diesel::update(dars::table.find(&id))
                            .set((
                                dars::status.eq(Status::Expired.code()),
                                dars::ended_at.eq(ends_at),
                                dars::ended_by.eq(Side::System.code()),
                            ))
                            .execute($conn)?;
                        end_linked_grants!($conn, &id, ends_at);
                        audit::record($conn, event(Action::GdapExpired).at(ends_at))?;
                        tell!(
                            $conn,
                            EventType::DelegatedAdminRelationshipExpired,
                            &id,
                            &name,
                            partner_id,
                            tenant_id,
                            ends_at,
                            ends_at
                        );
                        changes.expired += 1;
                        continue;
                    }
                    if current == Status::Active && status_for(ends_at, now) == Status::Expiring {
                        diesel::update(dars::table.find(&id))
                            .set(dars::status.eq(Status::Expiring.code()))
                            .execute($conn)?;
                        audit::record($conn, event(Action::GdapExpiring))?;
                        changes.expiring += 1;
                    }
                    // The most urgent reminder due, once.
                    let due = REMINDER_DAYS
                        .iter()
                        .rev()
                        .copied()
                        .find(|days| ends_at <= now + TimeDelta::days(i64::from(*days)));
                    if let Some(days) = due.filter(|days| !auto_extend && reminded.is_none_or(|r| r > *days)) {
                        diesel::update(dars::table.find(&id)).set(dars::reminded_days.eq(days)).execute($conn)?;
                        tell!(
                            $conn,
                            EventType::DelegatedAdminRelationshipExpiring,
                            &id,
                            &name,
                            partner_id,
                            tenant_id,
                            ends_at,
                            now
                        );
                        changes.reminders += 1;
                    }
                }
                _ => {}
            }
        }
        Ok::<_, diesel::result::Error>(changes)
    }};
}

/// Applies everything due at `now`; returns what this call changed
/// (another instance may have changed other items).
pub fn run(conn: &mut DbConn, now: NaiveDateTime) -> Result<Changes, DbError> {
    let mut total = Changes::default();
    loop {
        // A plain read first: nothing due (nearly every pass) takes no lock.
        let any_due = db_run!(conn, { due!(now).limit(1).load::<String>(conn) })?;
        if any_due.is_empty() {
            return Ok(total);
        }
        let (seen, changes) = match conn {
            DbConn::Sqlite(pooled) => pooled.write(|conn| {
                let ids: Vec<String> = due!(now).load(conn)?;
                let seen = ids.len();
                apply_each!(conn, ids, now).map(|changes| (seen, changes))
            })?,
            DbConn::Postgres(pooled) => {
                let conn: &mut diesel::PgConnection = &mut *pooled;
                diesel::Connection::transaction(conn, |conn| {
                    let ids: Vec<String> = due!(now).for_update().skip_locked().load(conn)?;
                    let seen = ids.len();
                    apply_each!(conn, ids, now).map(|changes| (seen, changes))
                })?
            }
        };
        total += changes;
        // A full batch that changed nothing would repeat forever.
        if seen < BATCH as usize || changes.total() == 0 {
            return Ok(total);
        }
    }
}

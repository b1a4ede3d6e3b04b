//! Reading the audit trail: a partner's activity log and the history of one
//! partner with one customer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::Action;
use super::ids::{PartnerId, TenantId};
use super::services::Service;
use crate::db::schema::{audit_events as events, tenants};
use crate::db::{DbConn, DbError};
use crate::db_run;

pub const PAGE_SIZE: i64 = 50;

/// The actor recorded for what the application does by itself (seeding,
/// repairing a missing invitation link). Stored as is; pages show the
/// `activity-actor-system` message in the reader's language instead.
pub const SYSTEM_ACTOR: &str = "system";

pub struct EventRow {
    pub at: NaiveDateTime,
    pub action: Action,
    pub actor_name: String,
    pub tenant_name: Option<String>,
    pub service: Option<Service>,
    pub detail: Option<String>,
}

impl EventRow {
    /// Whether no person did this (see [`SYSTEM_ACTOR`]).
    pub fn by_system(&self) -> bool {
        self.actor_name == SYSTEM_ACTOR
    }
}

type Row = (NaiveDateTime, String, String, Option<String>, Option<String>, Option<String>);

fn to_events(rows: Vec<Row>) -> Vec<EventRow> {
    rows.into_iter()
        .filter_map(|(at, action, actor_name, tenant_name, service, detail)| {
            Some(EventRow {
                at,
                action: Action::parse(&action)?,
                actor_name,
                tenant_name,
                service: service.as_deref().and_then(Service::parse),
                detail,
            })
        })
        .collect()
}

/// Every event with its customer's name, selected as a [`Row`].
#[diesel::dsl::auto_type]
fn with_tenant_name() -> _ {
    events::table.left_join(tenants::table).select((
        events::occurred_at,
        events::action,
        events::actor_name,
        tenants::name.nullable(),
        events::service,
        events::detail,
    ))
}

/// One page of a partner's activity log.
pub struct EventPage {
    /// All of the partner's events, on every page.
    pub total: i64,
    pub events: Vec<EventRow>,
}

/// One page (1-based) of the partner's events, newest first.
pub fn for_partner(conn: &mut DbConn, partner_id: PartnerId, page: i64) -> Result<EventPage, DbError> {
    let page = page.max(1);
    let (total, rows): (i64, Vec<Row>) = db_run!(conn, {
        let total = events::table.filter(events::partner_id.eq(partner_id)).count().get_result(conn)?;
        let rows = with_tenant_name()
            .filter(events::partner_id.eq(partner_id))
            .order(events::id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1).saturating_mul(PAGE_SIZE))
            .load(conn)?;
        Ok::<_, DbError>((total, rows))
    })?;
    Ok(EventPage { total, events: to_events(rows) })
}

/// The latest events between one customer and one partner, newest first.
pub fn between(
    conn: &mut DbConn,
    tenant_id: TenantId,
    partner_id: PartnerId,
    limit: i64,
) -> Result<Vec<EventRow>, DbError> {
    let rows: Vec<Row> = db_run!(conn, {
        with_tenant_name()
            .filter(events::tenant_id.eq(tenant_id))
            .filter(events::partner_id.eq(partner_id))
            .order(events::id.desc())
            .limit(limit)
            .load(conn)
    })?;
    Ok(to_events(rows))
}

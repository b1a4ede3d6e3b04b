//! Reading the audit trail: the activity pages of both sides (filtered,
//! paged, exported in batches) and the history of one partner with one
//! customer.

mod actor_text;
mod filter;

use chrono::{NaiveDateTime, NaiveTime};
use diesel::dsl::exists;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

pub use self::actor_text::{ActorText, ActorWords};
pub use self::filter::{ActivityFilter, FilterError, FilterQuery};
use super::audit::Action;
use super::ids::{PartnerId, TenantId};
use super::paging::{BLOCK_BITS, Blocks, Located, Position};
use super::services::Service;
use crate::db::schema::{
    audit_events as events, counted_events as counted, partner_event_counts as partner_counts, partners,
    reseller_relationships as rels, tenant_event_counts as tenant_counts, tenants,
};
use crate::db::{DbConn, DbError, Stamp};
use crate::db_run;

pub const PAGE_SIZE: i64 = 50;

/// How many pages past the page shown are counted ("page 1 of more than
/// 6"): the count steps over that many pages of events in an index, never
/// the whole log (counting 800,000 events took 430 ms a request). At 20
/// pages the step was a quarter of the activity page's work.
pub const LOOK_AHEAD_PAGES: i64 = 5;

/// The actor recorded for what the application does by itself (seeding,
/// repairing a missing invitation link). Stored as is; readers see the
/// `activity-actor-system` message in their language instead ([`ActorWords`]).
pub const SYSTEM_ACTOR: &str = "system";

/// Who did something, as pages show it: the stored `actor_name` is a
/// person's name, [`SYSTEM_ACTOR`], or an API key written by
/// [`Actor::api_key_name`] (shown in the reader's language: [`ActorWords`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor<'a> {
    System,
    ApiKey { name: &'a str, hint: &'a str },
    Person(&'a str),
}

const API_KEY_ACTOR: &str = "api-key:";

impl<'a> Actor<'a> {
    pub fn of(stored: &'a str) -> Self {
        if stored == SYSTEM_ACTOR {
            return Actor::System;
        }
        match stored.strip_prefix(API_KEY_ACTOR).and_then(|rest| rest.split_once(':')) {
            Some((hint, name)) => Actor::ApiKey { name, hint },
            None => Actor::Person(stored),
        }
    }

    /// The stored actor of what an API key did.
    pub fn api_key_name(name: &str, hint: &str) -> String {
        format!("{API_KEY_ACTOR}{hint}:{name}")
    }
}

pub struct EventRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub action: Action,
    pub actor_name: String,
    pub partner_id: Option<PartnerId>,
    pub tenant_name: Option<String>,
    pub service: Option<Service>,
    pub detail: Option<String>,
    /// The delegated-admin roles the event concerns (approved, removed).
    pub roles: Vec<super::delegated_admin::Role>,
}

impl EventRow {
    pub fn actor(&self) -> Actor<'_> {
        Actor::of(&self.actor_name)
    }
}

type Row =
    (i64, Stamp, String, String, Option<PartnerId>, Option<String>, Option<String>, Option<String>, Option<String>);

fn to_events(rows: Vec<Row>) -> Vec<EventRow> {
    rows.into_iter()
        .filter_map(|(id, at, action, actor_name, partner_id, tenant_name, service, detail, roles)| {
            Some(EventRow {
                id,
                at: at.0,
                action: Action::parse(&action)?,
                actor_name,
                partner_id,
                tenant_name,
                service: service.as_deref().and_then(Service::parse),
                detail,
                roles: roles
                    .as_deref()
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter_map(super::delegated_admin::Role::parse)
                    .collect(),
            })
        })
        .collect()
}

/// Every event with its customer's name, selected as a [`Row`].
#[diesel::dsl::auto_type]
fn with_tenant_name() -> _ {
    events::table.left_join(tenants::table).select((
        events::id,
        events::occurred_at,
        events::action,
        events::actor_name,
        events::partner_id,
        tenants::name.nullable(),
        events::service,
        events::detail,
        events::roles,
    ))
}

/// Whose events an activity page may show at all; a filter only narrows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A customer sees every event of its tenant, whichever partner.
    Tenant(TenantId),
    /// A partner sees its own events, whichever customer.
    Partner(PartnerId),
}

/// One page of an activity log.
pub struct EventPage {
    /// The events the filter matches: all of them, or when [`Self::more`]
    /// those up to [`LOOK_AHEAD_PAGES`] pages past this one.
    pub total: i64,
    /// More events follow than [`Self::total`] counts.
    pub more: bool,
    /// The page shown: the one asked for, or the last when that is past the end.
    pub page: i64,
    /// The pages [`Self::total`] fills (more follow when [`Self::more`]).
    pub pages: i64,
    pub events: Vec<EventRow>,
    /// Where the page before this one ends (its first event), if any.
    pub previous: Option<EventSeek>,
    /// Where the page after this one starts (its last event), if any.
    pub next: Option<EventSeek>,
}

/// The scope's events narrowed by the filter, as a boxed query of the
/// backend at hand (use inside `db_run!`): the rows of [`with_tenant_name`];
/// or with `ids`, `$body` run on a query `$q` of their ids alone.
macro_rules! filtered {
    ($scope:expr, $filter:expr) => {
        filtered!(@searched with_tenant_name(), $scope, $filter)
    };
    // The tenant is joined only for a customer search: without the join
    // PostgreSQL reads the scope's (…, id) index alone, where it walked the
    // primary key and read every event's row (skipping to page 10,000:
    // 96 → 58 ms warm, 1.2 s cold; bench/analysis.md), and SQLite reads its
    // covering index.
    (ids, $scope:expr, $filter:expr, |$q:ident| $body:expr) => {
        match &$filter.customer_search {
            Some(_) => {
                let $q = filtered!(@searched events::table.left_join(tenants::table).select(events::id), $scope, $filter);
                $body
            }
            None => {
                let $q = filtered!(@from events::table.select(events::id), $scope, $filter);
                $body
            }
        }
    };
    (@searched $base:expr, $scope:expr, $filter:expr) => {{
        let mut query = filtered!(@from $base, $scope, $filter);
        if let Some(search) = &$filter.customer_search {
            query = query.filter(tenants::search_key.like(super::customers::like_pattern(search)).escape('\\'));
        }
        query
    }};
    (@from $base:expr, $scope:expr, $filter:expr) => {{
        let filter: &ActivityFilter = $filter;
        let mut query = $base.into_boxed();
        query = match $scope {
            Scope::Tenant(id) => query.filter(events::tenant_id.eq(id)),
            Scope::Partner(id) => query.filter(events::partner_id.eq(id)),
        };
        if let Some(id) = filter.partner {
            query = query.filter(events::partner_id.eq(id));
        }
        if let Some(id) = filter.tenant {
            query = query.filter(events::tenant_id.eq(id));
        }
        if let Some(action) = filter.action {
            query = query.filter(events::action.eq(action.code()));
        }
        if let Some(service) = filter.service {
            query = query.filter(events::service.eq(service.code()));
        }
        if let Some(from) = filter.from {
            query = query.filter(events::occurred_at.ge(from.and_time(NaiveTime::MIN)));
        }
        if let Some(after) = filter.to.and_then(|to| to.succ_opt()) {
            query = query.filter(events::occurred_at.lt(after.and_time(NaiveTime::MIN)));
        }
        query
    }};
}

/// Where a page of an activity log starts: an event shown (the log is
/// ordered by event, newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventSeek {
    pub event_id: i64,
}

/// One page of the scope's events that match the filter, newest first. A
/// page asked for by a number past the end is the last page.
///
/// The events are counted only up to [`LOOK_AHEAD_PAGES`] pages past the
/// page shown, so a page costs about what reading that far costs, however
/// long the log. A page reached by key reads from its key down, so it costs
/// what the first page does however deep it is; a page asked for by number
/// reads past the events before it (old links), and only one past the end
/// counts them all, to find the last page.
pub fn page(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ActivityFilter,
    position: Position<EventSeek>,
) -> Result<EventPage, DbError> {
    let look_ahead = LOOK_AHEAD_PAGES * PAGE_SIZE;
    let at = |page: i64| (page - 1).saturating_mul(PAGE_SIZE);
    let page = position.number();
    // A page by number past the first (old links) of a whole log: where it
    // starts is found from the log's counts by block.
    let blocks = match position {
        Position::Number(n) if n > 1 && *filter == ActivityFilter::default() => Some(blocks(conn, scope)?),
        _ => None,
    };
    let (page, rows, counted, more): (i64, Vec<Row>, i64, bool) = db_run!(conn, {
        // A page by number past the first: its first event is found from
        // the counts by block, or in a filtered log by skipping the events
        // before it on the ids alone (an index read); then the page is read
        // from its first event (page 10,000 read 500,000 events with their
        // tenants; skipped on the index, 22 ms). The first page is read at once.
        let read = |conn: &mut _, page: i64| {
            let mut query = filtered!(scope, filter).order(events::id.desc()).limit(PAGE_SIZE);
            if page > 1 {
                let (below, skip) = match blocks.as_ref().map(|blocks| blocks.locate(at(page))) {
                    None => (None, at(page)),
                    Some(Located::Below { below, skip }) => (Some(below), skip),
                    Some(Located::PastEnd { .. }) => return Ok(Vec::new()),
                };
                let first: Option<i64> = filtered!(ids, scope, filter, |skipped| {
                    let mut skipped = skipped.order(events::id.desc()).offset(skip).limit(1);
                    if let Some(below) = below {
                        skipped = skipped.filter(events::id.lt(below));
                    }
                    skipped.load::<i64>(conn)?
                })
                .into_iter()
                .next();
                let Some(first) = first else { return Ok(Vec::new()) };
                query = query.filter(events::id.le(first));
            }
            query.load::<Row>(conn)
        };
        // How many events follow the event `below`, up to the look-ahead and
        // one more (which says that more follow). Counted by the database,
        // never read out: first whether an event lies past the look-ahead
        // (one index probe), and only when none does, how many there are.
        // Reading the ids out was a fifth of the activity page's work.
        let following = |conn: &mut _, below: i64| -> QueryResult<i64> {
            let beyond = filtered!(ids, scope, filter, |older| {
                older
                    .filter(events::id.lt(below))
                    .order(events::id.desc())
                    .offset(look_ahead)
                    .limit(1)
                    .load::<i64>(conn)
            })?;
            if !beyond.is_empty() {
                return Ok(look_ahead + 1);
            }
            filtered!(ids, scope, filter, |older| older.filter(events::id.lt(below)).count().get_result(conn))
        };
        let (page, rows) = match position {
            Position::Number(_) => (page, read(conn, page)?),
            Position::After(key, _) => (
                page,
                filtered!(scope, filter)
                    .filter(events::id.lt(key.event_id))
                    .order(events::id.desc())
                    .limit(PAGE_SIZE)
                    .load::<Row>(conn)?,
            ),
            Position::Before(key, _) => {
                let mut newer = filtered!(scope, filter)
                    .filter(events::id.gt(key.event_id))
                    .order(events::id.asc())
                    .limit(PAGE_SIZE + 1)
                    .load::<Row>(conn)?;
                if newer.len() as i64 > PAGE_SIZE {
                    newer.truncate(PAGE_SIZE as usize);
                    newer.reverse();
                    (page.max(2), newer)
                } else {
                    // Less than a page is newer: that is the first page.
                    (1, read(conn, 1)?)
                }
            }
        };
        if rows.is_empty() && page > 1 && matches!(position, Position::Number(_)) {
            let total: i64 = match &blocks {
                Some(blocks) => blocks.total(),
                None => filtered!(scope, filter).count().get_result(conn)?,
            };
            let last = pages(total);
            Ok::<_, DbError>((last, read(conn, last)?, total, false))
        } else {
            let following = match (rows.len() as i64, rows.last()) {
                (PAGE_SIZE, Some(last)) => following(conn, last.0)?,
                _ => 0,
            };
            let counted = at(page) + rows.len() as i64 + following.min(look_ahead);
            Ok((page, rows, counted, following > look_ahead))
        }
    })?;
    let key = |row: &Row| EventSeek { event_id: row.0 };
    let next = (page < pages(counted) || more).then(|| rows.last().map(key)).flatten();
    let previous = match (page > 1, rows.first(), position) {
        (false, _, _) => None,
        (true, Some(first), _) => Some(key(first)),
        (true, None, Position::After(at, _)) => Some(at),
        (true, None, _) => None,
    };
    Ok(EventPage { total: counted, more, page, pages: pages(counted), events: to_events(rows), previous, next })
}

/// The scope's events counted by block (`partner_event_counts`,
/// `tenant_event_counts`). On SQLite, events written outside the
/// application since its last write are not counted yet
/// ([`crate::db::event_counts`]): those of the scope are counted here, in
/// the same read. Normally there are none, and looking is one index probe.
/// The counts are read before the mark: events counted between the two
/// reads are left out of both, as if all were read a moment earlier (they
/// are the newest), never counted twice.
fn blocks(conn: &mut DbConn, scope: Scope) -> Result<Blocks, DbError> {
    let mut counts: Vec<(i64, i64)> = db_run!(conn, {
        match scope {
            Scope::Partner(id) => partner_counts::table
                .filter(partner_counts::partner_id.eq(id))
                .select((partner_counts::block, partner_counts::n))
                .load(conn),
            Scope::Tenant(id) => tenant_counts::table
                .filter(tenant_counts::tenant_id.eq(id))
                .select((tenant_counts::block, tenant_counts::n))
                .load(conn),
        }
    })?;
    if let DbConn::Sqlite(conn) = conn {
        let conn: &mut diesel::SqliteConnection = conn;
        let mark = counted::table.select(counted::up_to).single_value().assume_not_null();
        let whole_log = ActivityFilter::default();
        let uncounted: Vec<i64> = filtered!(ids, scope, &whole_log, |ids| ids.filter(events::id.gt(mark)).load(conn))?;
        counts.extend(uncounted.into_iter().map(|id| (id >> BLOCK_BITS, 1)));
    }
    Ok(Blocks::new(counts))
}

/// Up to `limit` (1–1,000) of the scope's events that match the filter,
/// older than `after` (from the newest when `None`), and the key to pass for
/// the events that follow (`None` at the end). Counts nothing: for lists
/// read by cursor, such as the JSON API.
pub fn seek(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ActivityFilter,
    after: Option<EventSeek>,
    limit: i64,
) -> Result<(Vec<EventRow>, Option<EventSeek>), DbError> {
    let limit = limit.clamp(1, 1000);
    let mut rows = batch(conn, scope, filter, after.map(|key| key.event_id), limit + 1)?;
    let next = match rows.len() as i64 > limit {
        true => {
            rows.truncate(limit as usize);
            rows.last().map(|row| EventSeek { event_id: row.id })
        }
        false => None,
    };
    Ok((rows, next))
}

fn pages(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

/// Up to `limit` of the scope's matching events older than the event
/// `before` (all when `None`), newest first: one batch of an export, read by
/// key so every batch costs the same however far the export has come.
pub fn batch(
    conn: &mut DbConn,
    scope: Scope,
    filter: &ActivityFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EventRow>, DbError> {
    let rows: Vec<Row> = db_run!(conn, {
        let mut query = filtered!(scope, filter).order(events::id.desc());
        if let Some(before) = before {
            query = query.filter(events::id.lt(before));
        }
        query.limit(limit).load(conn)
    })?;
    Ok(to_events(rows))
}

/// The partners a customer's activity may name, by name: those it has (or
/// had) a relationship with and those in its events (a declined invitation).
pub fn partners_of_tenant(conn: &mut DbConn, tenant_id: TenantId) -> Result<Vec<(PartnerId, String)>, DbError> {
    db_run!(conn, {
        partners::table
            .filter(
                partners::id.eq_any(rels::table.filter(rels::tenant_id.eq(tenant_id)).select(rels::partner_id)).or(
                    exists(
                        events::table
                            .filter(events::tenant_id.eq(tenant_id))
                            .filter(events::partner_id.eq(partners::id.nullable())),
                    ),
                ),
            )
            .order((partners::name.asc(), partners::id.asc()))
            .select((partners::id, partners::name))
            .load(conn)
            .map_err(DbError::from)
    })
}

/// The name of one of the partner's customers (a relationship, or events
/// between them), `None` when the tenant is not its customer.
pub fn customer_name(conn: &mut DbConn, partner_id: PartnerId, tenant_id: TenantId) -> Result<Option<String>, DbError> {
    let names: Vec<String> = db_run!(conn, {
        tenants::table
            .filter(tenants::id.eq(tenant_id))
            .filter(
                exists(rels::table.filter(rels::tenant_id.eq(tenant_id)).filter(rels::partner_id.eq(partner_id))).or(
                    exists(
                        events::table.filter(events::tenant_id.eq(tenant_id)).filter(events::partner_id.eq(partner_id)),
                    ),
                ),
            )
            .select(tenants::name)
            .load(conn)
    })?;
    Ok(names.into_iter().next())
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

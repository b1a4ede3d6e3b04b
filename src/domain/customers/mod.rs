//! The partner's side: its customer list, one customer's services and
//! subscriptions, and the subscription actions only the Partner of Record
//! may take. Changing the Partner of Record itself needs the customer's
//! consent: see [`super::partner_of_record`].

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ids::{CustomerUserId, PartnerId, TenantId};
use super::lifecycle::{Lifecycle, RelationshipStatus};
use super::services::Service;
use crate::db::schema::{delegated_admin_grants as grants, partners, reseller_relationships as rels, tenants};
use crate::db::{DbConn, DbError};
use crate::db_run;

mod actions;
mod detail;

pub use actions::{ActionError, SubscriptionAction, act_on_subscription, transition_offers};
pub use detail::{CustomerDetail, PartnerOfRecord, ServiceAccess, Subscription, detail};

pub const PAGE_SIZE: i64 = 50;

/// Delegated administration of one service, as a partner may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DapStatus {
    Ours,
    /// We held it and the customer removed it (or gave it to another partner).
    Removed,
    /// We held it and gave it back ourselves.
    Released,
    /// Held by another partner (not named to this partner).
    Other,
    None,
}

impl DapStatus {
    pub fn message_id(self) -> &'static str {
        match self {
            DapStatus::Ours => "customers-dap-ours",
            DapStatus::Removed => "customers-dap-removed",
            DapStatus::Released => "customers-dap-released",
            DapStatus::Other => "customers-dap-other",
            DapStatus::None => "customers-dap-none",
        }
    }
}

pub struct CustomerRow {
    /// Where the page after this row starts.
    pub seek: CustomerSeek,
    pub tenant_id: TenantId,
    pub name: String,
    pub domain: String,
    pub since: NaiveDateTime,
    pub lifecycle: Lifecycle,
    /// Per service, in [`Service::ALL`] order: the status, and for
    /// [`DapStatus::Removed`] and [`DapStatus::Released`] when our grant ended.
    pub statuses: Vec<(Service, DapStatus, Option<NaiveDateTime>)>,
}

pub struct CustomerPage {
    /// Matching customers; for a search at most [`SEARCH_COUNT_LIMIT`].
    pub total: i64,
    /// The search matches more than [`SEARCH_COUNT_LIMIT`] customers (only
    /// that many are counted and paged through: refine the search).
    pub more: bool,
    pub page: i64,
    pub rows: Vec<CustomerRow>,
}

/// A search counts matches up to here: counting every `LIKE` match among
/// 100,000 customers cost 23 ms a request, and nobody pages past 20 pages.
pub const SEARCH_COUNT_LIMIT: i64 = 1000;

impl CustomerPage {
    pub fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
    }
}

/// What the search matches for a customer: lowercased name and domain
/// (SQL `lower` is ASCII-only in SQLite, so Cyrillic is folded here, and the
/// query is folded the same way by [`like_pattern`]). Stored in
/// `tenants.search_key` whenever a tenant is written.
pub fn search_key(name: &str, domain: &str) -> String {
    format!("{} {}", name.to_lowercase(), domain.to_lowercase())
}

/// `%`, `_` and `\` match themselves in the search.
pub(crate) fn like_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in query.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Which relationships the customer list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Active and ending: the partner's customers today (the default).
    #[default]
    Open,
    Only(RelationshipStatus),
}

/// Where a page of the customer list starts: a relationship shown (the list
/// is ordered by relationship, newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CustomerSeek {
    pub relationship_id: i64,
}

/// Which of the partner's customers a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// Part of the name or domain, any case.
    pub search: Option<String>,
    pub status: StatusFilter,
}

/// Up to `limit` customers after `after`, newest relationship first, and
/// where the next page starts when there is one.
pub fn seek(
    conn: &mut DbConn,
    partner_id: PartnerId,
    filter: &CustomerFilter,
    after: Option<CustomerSeek>,
    limit: i64,
) -> Result<(Vec<CustomerRow>, Option<CustomerSeek>), DbError> {
    let limit = limit.clamp(1, 1000);
    let mut rows = read(conn, partner_id, filter.search.as_deref(), filter.status, after, 0, limit + 1)?.rows;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| r.seek) } else { None };
    Ok((rows, next))
}

/// One page (1-based) of the partner's customers, newest relationship first,
/// optionally filtered by name or domain and by status. Ended relationships
/// are history: they show only when asked for.
pub fn list(
    conn: &mut DbConn,
    partner_id: PartnerId,
    search: Option<&str>,
    status: StatusFilter,
    page: i64,
) -> Result<CustomerPage, DbError> {
    let page = page.max(1);
    let mut found = read(conn, partner_id, search, status, None, (page - 1).saturating_mul(PAGE_SIZE), PAGE_SIZE)?;
    found.page = page;
    Ok(found)
}

fn read(
    conn: &mut DbConn,
    partner_id: PartnerId,
    search: Option<&str>,
    status: StatusFilter,
    after: Option<CustomerSeek>,
    offset: i64,
    limit: i64,
) -> Result<CustomerPage, DbError> {
    let page = 1;
    let pattern = search.map(like_pattern);
    type Row = (i64, TenantId, String, String, NaiveDateTime, String, Option<NaiveDateTime>, Option<NaiveDateTime>);
    let (total, rows): (i64, Vec<Row>) = db_run!(conn, {
        let total: i64 = match (&pattern, status) {
            // `customer_count` counts the open relationships. By primary
            // key: no LIMIT, see domain/mod.rs.
            (None, StatusFilter::Open) => partners::table
                .filter(partners::id.eq(partner_id))
                .select(partners::customer_count)
                .load::<i64>(conn)?
                .into_iter()
                .next()
                .unwrap_or(0),
            // On the (partner_id, status, id) index.
            (None, StatusFilter::Only(only)) => rels::table
                .filter(rels::partner_id.eq(partner_id))
                .filter(rels::status.eq(only.code()))
                .count()
                .get_result(conn)?,
            // Stops scanning at the first match past the limit.
            (Some(pattern), _) => {
                let mut query = rels::table
                    .inner_join(tenants::table)
                    .filter(rels::partner_id.eq(partner_id))
                    .filter(tenants::search_key.like(pattern).escape('\\'))
                    .select(tenants::id)
                    .limit(SEARCH_COUNT_LIMIT + 1)
                    .into_boxed();
                query = match status {
                    StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
                    StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
                };
                query.load::<TenantId>(conn)?.len() as i64
            }
        };
        let mut query = rels::table
            .inner_join(tenants::table)
            .filter(rels::partner_id.eq(partner_id))
            .select((
                rels::id,
                tenants::id,
                tenants::name,
                tenants::domain,
                rels::created_at,
                rels::status,
                rels::ending_due_at,
                rels::ended_at,
            ))
            .order(rels::id.desc())
            .limit(limit)
            .offset(offset)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(rels::id.lt(after.relationship_id));
        }
        query = match status {
            StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
        };
        if let Some(pattern) = &pattern {
            query = query.filter(tenants::search_key.like(pattern).escape('\\'));
        }
        Ok::<_, DbError>((total, query.load(conn)?))
    })?;
    let ids: Vec<TenantId> = rows.iter().map(|r| r.1).collect();
    // Two queries for the whole page, whatever its size: the active grants
    // of its customers (on the partial unique index of active grants), and
    // our own ended ones (on the (partner_id, tenant_id) index).
    type Ended = (TenantId, String, Option<NaiveDateTime>, Option<CustomerUserId>);
    let (active, ended): (Vec<(TenantId, String, PartnerId)>, Vec<Ended>) = db_run!(conn, {
        let active = grants::table
            .filter(grants::tenant_id.eq_any(&ids))
            .filter(grants::removed_at.is_null())
            .select((grants::tenant_id, grants::service, grants::partner_id))
            .load(conn)?;
        let ended = grants::table
            .filter(grants::partner_id.eq(partner_id))
            .filter(grants::tenant_id.eq_any(&ids))
            .filter(grants::removed_at.is_not_null())
            .select((grants::tenant_id, grants::service, grants::removed_at, grants::removed_by))
            .load(conn)?;
        Ok::<_, DbError>((active, ended))
    })?;
    // Who holds each service's delegated admin, per customer on the page.
    let mut holders: HashMap<TenantId, Vec<(Service, PartnerId)>> = HashMap::with_capacity(rows.len());
    for (tenant_id, code, holder) in active {
        if let Some(service) = Service::parse(&code) {
            holders.entry(tenant_id).or_default().push((service, holder));
        }
    }
    // The latest end of our own grant of each service, as the customer's
    // page shows it: by the customer (it names who removed it) or by us.
    let mut ends: HashMap<(TenantId, Service), (NaiveDateTime, DapStatus)> = HashMap::new();
    for (tenant_id, code, at, removed_by) in ended {
        let (Some(service), Some(at)) = (Service::parse(&code), at) else { continue };
        let status = if removed_by.is_some() { DapStatus::Removed } else { DapStatus::Released };
        let latest = ends.entry((tenant_id, service)).or_insert((at, status));
        if at > latest.0 {
            *latest = (at, status);
        }
    }
    let rows = rows
        .into_iter()
        .map(|(relationship_id, tenant_id, name, domain, since, status, due, ended_at)| {
            let lifecycle = Lifecycle::from_row(&status, due, ended_at, None);
            // An ended relationship holds nothing, whatever the tenant has now.
            let held = match lifecycle.is_ended() {
                true => &[][..],
                false => holders.get(&tenant_id).map(Vec::as_slice).unwrap_or_default(),
            };
            let statuses = Service::ALL
                .into_iter()
                .map(|service| {
                    let ours_ended = match lifecycle.is_ended() {
                        true => None,
                        false => ends.get(&(tenant_id, service)).copied(),
                    };
                    match (held.iter().find(|(s, _)| *s == service), ours_ended) {
                        (Some((_, holder)), _) if *holder == partner_id => (service, DapStatus::Ours, None),
                        // As on the customer's page: our removed grant shows
                        // even when another partner holds the service now.
                        (_, Some((at, status))) => (service, status, Some(at)),
                        (Some(_), None) => (service, DapStatus::Other, None),
                        (None, None) => (service, DapStatus::None, None),
                    }
                })
                .collect();
            CustomerRow { seek: CustomerSeek { relationship_id }, tenant_id, name, domain, since, lifecycle, statuses }
        })
        .collect();
    let more = pattern.is_some() && total > SEARCH_COUNT_LIMIT;
    let total = if more { SEARCH_COUNT_LIMIT } else { total };
    Ok(CustomerPage { total, more, page, rows })
}

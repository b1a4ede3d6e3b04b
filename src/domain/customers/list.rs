//! The partner's customer list: one page of it, by number or by key, each
//! customer with the delegated-admin status of each service.
//!
//! A search asks the index first ([`search::matching_tenants`]). When it
//! names at most [`INDEXED_MATCH_LIMIT`] tenants (a selective search, or no
//! match at all) the page is cut from the partner's relationships with those
//! tenants; otherwise the term is common and the list is read newest first
//! with the term as a filter, which stops as soon as a page is full.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::search::{self, Needle};
use super::{CustomerPage, CustomerRow, DapStatus, PAGE_SIZE, SEARCH_COUNT_LIMIT, StatusFilter};
use crate::db::schema::{delegated_admin_grants as grants, partners, reseller_relationships as rels, tenants};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::ids::{CustomerUserId, PartnerId, TenantId};
use crate::domain::lifecycle::{Lifecycle, RelationshipStatus};
use crate::domain::paging::{Links, Position};
use crate::domain::services::Service;

/// A search whose term the index finds in at most this many tenants is cut
/// from their relationships; beyond it the term is common enough that
/// reading the list newest first fills a page quickly.
pub const INDEXED_MATCH_LIMIT: i64 = 2000;

/// Where a page of the customer list starts: a relationship shown (the list
/// is ordered by relationship, newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// What the filter matches, as found before reading a page.
enum Matched {
    /// No search: every relationship with the status.
    All,
    /// A selective search: the ids of the matching relationships, newest first.
    Relationships(Vec<i64>),
    /// A common term, applied while reading.
    Common(Needle),
}

type Row = (i64, TenantId, String, String, NaiveDateTime, String, Option<NaiveDateTime>, Option<NaiveDateTime>);

/// Which rows a read takes, in the list's order.
enum Range {
    Offset(i64),
    Below(i64),
    /// Oldest first: the caller reverses.
    Above(i64),
}

/// One page of the partner's customers, newest relationship first, with
/// their count (for a search at most [`SEARCH_COUNT_LIMIT`]). Ended
/// relationships are history: they show only when asked for.
pub fn list(
    conn: &mut DbConn,
    partner_id: PartnerId,
    filter: &CustomerFilter,
    position: Position<CustomerSeek>,
) -> Result<CustomerPage, DbError> {
    let matched = matched(conn, partner_id, filter)?;
    let total = match &matched {
        Matched::All => count_all(conn, partner_id, filter.status)?,
        Matched::Relationships(ids) => ids.len() as i64,
        Matched::Common(needle) => search::count_matching_relationships(
            conn,
            needle,
            partner_id.0,
            status_code(filter.status),
            RelationshipStatus::Ended.code(),
            SEARCH_COUNT_LIMIT + 1,
        )?,
    };
    let (rows, page, links) = read(conn, partner_id, filter.status, &matched, position, PAGE_SIZE)?;
    let rows = with_statuses(conn, partner_id, rows)?;
    let more = filter.search.is_some() && total > SEARCH_COUNT_LIMIT;
    let total = if more { SEARCH_COUNT_LIMIT } else { total };
    Ok(CustomerPage { total, more, page, rows, previous: links.previous, next: links.next })
}

/// Up to `limit` (1–1,000) of the partner's customers the filter matches,
/// older than `after` (from the newest when `None`), and the key to pass for
/// the rows that follow (`None` at the end). Counts nothing: for lists read
/// by cursor, such as the JSON API.
pub fn seek(
    conn: &mut DbConn,
    partner_id: PartnerId,
    filter: &CustomerFilter,
    after: Option<CustomerSeek>,
    limit: i64,
) -> Result<(Vec<CustomerRow>, Option<CustomerSeek>), DbError> {
    let matched = matched(conn, partner_id, filter)?;
    let position = after.map_or(Position::FIRST, |key| Position::After(key, 2));
    let (rows, _, links) = read(conn, partner_id, filter.status, &matched, position, limit.clamp(1, 1000))?;
    Ok((with_statuses(conn, partner_id, rows)?, links.next))
}

fn status_code(status: StatusFilter) -> Option<&'static str> {
    match status {
        StatusFilter::Open => None,
        StatusFilter::Only(only) => Some(only.code()),
    }
}

fn matched(conn: &mut DbConn, partner_id: PartnerId, filter: &CustomerFilter) -> Result<Matched, DbError> {
    let Some(needle) = filter.search.as_deref().and_then(Needle::parse) else { return Ok(Matched::All) };
    let tenant_ids = search::matching_tenants(conn, &needle, INDEXED_MATCH_LIMIT + 1)?;
    if tenant_ids.len() as i64 > INDEXED_MATCH_LIMIT {
        return Ok(Matched::Common(needle));
    }
    if tenant_ids.is_empty() {
        return Ok(Matched::Relationships(Vec::new()));
    }
    let status = filter.status;
    let mut ids: Vec<i64> = db_run!(conn, {
        let mut query = rels::table
            .filter(rels::partner_id.eq(partner_id))
            .filter(rels::tenant_id.eq_any(&tenant_ids))
            .select(rels::id)
            .into_boxed();
        query = match status {
            StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
        };
        query.load(conn)
    })?;
    ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(Matched::Relationships(ids))
}

fn count_all(conn: &mut DbConn, partner_id: PartnerId, status: StatusFilter) -> Result<i64, DbError> {
    db_run!(conn, {
        match status {
            // `customer_count` counts the open relationships. By primary
            // key: no LIMIT, see domain/mod.rs.
            StatusFilter::Open => Ok(partners::table
                .filter(partners::id.eq(partner_id))
                .select(partners::customer_count)
                .load::<i64>(conn)?
                .into_iter()
                .next()
                .unwrap_or(0)),
            // On the (partner_id, status, id) index.
            StatusFilter::Only(only) => rels::table
                .filter(rels::partner_id.eq(partner_id))
                .filter(rels::status.eq(only.code()))
                .count()
                .get_result(conn)
                .map_err(DbError::from),
        }
    })
}

/// The rows of the page at `position`, its number, and its neighbours.
fn read(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: StatusFilter,
    matched: &Matched,
    position: Position<CustomerSeek>,
    size: i64,
) -> Result<(Vec<Row>, i64, Links<CustomerSeek>), DbError> {
    let key = |row: &Row| CustomerSeek { relationship_id: row.0 };
    if let Matched::Relationships(ids) = matched {
        let (start, page) = match position {
            Position::Number(n) => ((n.max(1) - 1).saturating_mul(size), n.max(1)),
            Position::After(key, n) => (ids.partition_point(|id| *id >= key.relationship_id) as i64, n.max(1)),
            Position::Before(key, n) => match ids.partition_point(|id| *id > key.relationship_id) as i64 - size {
                start if start > 0 => (start, n.max(2)),
                _ => (0, 1),
            },
        };
        let start = start.min(ids.len() as i64) as usize;
        let window = &ids[start..(start + size as usize).min(ids.len())];
        let rows = match window.is_empty() {
            true => Vec::new(),
            false => load(conn, partner_id, status, None, Some(window), Range::Offset(0), size)?,
        };
        let links = Links {
            previous: (start > 0).then(|| rows.first().map(key)).flatten(),
            next: (start + window.len() < ids.len()).then(|| rows.last().map(key)).flatten(),
        };
        return Ok((rows, page, links));
    }
    let pattern = match matched {
        Matched::Common(needle) => Some(needle.key_pattern()),
        _ => None,
    };
    let pattern = pattern.as_deref();
    let (range, page) = match position {
        Position::Number(n) => (Range::Offset((n.max(1) - 1).saturating_mul(size)), n.max(1)),
        Position::After(key, n) => (Range::Below(key.relationship_id), n.max(2)),
        Position::Before(key, n) => (Range::Above(key.relationship_id), n.max(2)),
    };
    let newer_exist = !matches!(range, Range::Offset(0));
    let backwards = matches!(range, Range::Above(_));
    let mut rows = load(conn, partner_id, status, pattern, None, range, size + 1)?;
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    if backwards {
        if !more {
            // Less than a page is newer: that is the first page.
            return read(conn, partner_id, status, matched, Position::FIRST, size);
        }
        rows.reverse();
        let links = Links { previous: rows.first().map(key), next: rows.last().map(key) };
        return Ok((rows, page, links));
    }
    let previous = match (newer_exist, rows.first(), position) {
        (false, _, _) => None,
        (true, Some(first), _) => Some(key(first)),
        // Nothing older: back to the rows before the key.
        (true, None, Position::After(at, _)) => Some(at),
        (true, None, _) => None,
    };
    let next = more.then(|| rows.last().map(key)).flatten();
    Ok((rows, page, Links { previous, next }))
}

fn load(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: StatusFilter,
    pattern: Option<&str>,
    ids: Option<&[i64]>,
    range: Range,
    limit: i64,
) -> Result<Vec<Row>, DbError> {
    db_run!(conn, {
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
            .limit(limit)
            .into_boxed();
        query = match status {
            StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
        };
        if let Some(pattern) = pattern {
            query = query.filter(tenants::search_key.like(pattern).escape('\\'));
        }
        if let Some(ids) = ids {
            query = query.filter(rels::id.eq_any(ids));
        }
        query = match range {
            Range::Offset(offset) => query.order(rels::id.desc()).offset(offset),
            Range::Below(id) => query.filter(rels::id.lt(id)).order(rels::id.desc()),
            Range::Above(id) => query.filter(rels::id.gt(id)).order(rels::id.asc()),
        };
        query.load(conn).map_err(DbError::from)
    })
}

/// The rows with each service's delegated-admin status: two queries for the
/// whole page, whatever its size — the active grants of its customers (on
/// the partial unique index of active grants), and our own ended ones (on
/// the (partner_id, tenant_id) index).
fn with_statuses(conn: &mut DbConn, partner_id: PartnerId, rows: Vec<Row>) -> Result<Vec<CustomerRow>, DbError> {
    let ids: Vec<TenantId> = rows.iter().map(|r| r.1).collect();
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
            let seek = CustomerSeek { relationship_id };
            CustomerRow { seek, tenant_id, name, domain, since, lifecycle, statuses }
        })
        .collect();
    Ok(rows)
}

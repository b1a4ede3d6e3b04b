//! The partner's customer list: one page of it, by number or by key, each
//! customer with the delegated-admin status of each service.
//!
//! A search is served by an index on both backends. On SQLite, the
//! partner's own trigram index ([`search::sqlite_scoped_ids`]) hands out the
//! partner's matches in the list's order, however common the term. On
//! PostgreSQL the `pg_trgm` index over all tenants is asked first
//! ([`search::matching_tenants`]): when it names at most
//! [`INDEXED_MATCH_LIMIT`] tenants (a selective search, or no match at all)
//! the page is cut from the partner's relationships with those tenants;
//! otherwise the term is common and the list is read newest first with the
//! term as a filter, which stops as soon as a page is full. Either way the
//! matches are counted up to [`SEARCH_COUNT_LIMIT`].

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::search::{self, Found, Needle};
use super::statuses::with_statuses;
use super::{CustomerPage, CustomerRow, PAGE_SIZE, SEARCH_COUNT_LIMIT, StatusFilter};
use crate::db::schema::{partners, relationship_counts as counts, reseller_relationships as rels, tenants};
use crate::db::{DbConn, DbError, InIndexOrder, SqliteConn, Stamp, any_of, index_queue};
use crate::db_run;
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::lifecycle::RelationshipStatus;
use crate::domain::paging::{Blocks, Links, Located, Position};

/// On PostgreSQL, a search whose term the index finds in at most this many
/// tenants is cut from their relationships; beyond it the term is common
/// enough that reading the list newest first fills a page quickly.
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
    /// A term looked for while reading: in the partner's own index on
    /// SQLite, along the list on PostgreSQL (a common term).
    Term(Needle),
}

pub(super) type Row = (i64, TenantId, String, String, Stamp, String, Option<Stamp>, Option<Stamp>);

/// The columns of a [`Row`].
#[diesel::dsl::auto_type]
fn row_columns() -> _ {
    (
        rels::id,
        tenants::id,
        tenants::name,
        tenants::domain,
        rels::created_at,
        rels::status,
        rels::ending_due_at,
        rels::ended_at,
    )
}

/// A boxed query over the partner's relationships narrowed to those
/// `$status` shows and, when `$pattern` is `Some`, whose copy of the
/// customer's search key is `LIKE` it: on the (partner_id, id, status,
/// search_key) index, a row and its tenant are read only for a match.
macro_rules! narrowed {
    ($query:expr, $status:expr, $pattern:expr) => {{
        let query = match $status {
            StatusFilter::Open => $query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => $query.filter(rels::status.eq(only.code())),
        };
        match $pattern {
            Some(pattern) => query.filter(rels::search_key.like(pattern).escape('\\')),
            None => query,
        }
    }};
}

/// Which rows a read takes, in the list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Range {
    /// From the newest, after skipping this many.
    Offset(i64),
    /// Older than this relationship.
    Below(i64),
    /// Newer than this relationship, oldest first: the caller reverses.
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
    let mut matched = matched(conn, partner_id, filter)?;
    let searched = !matches!(matched, Matched::All);
    let counted = match &matched {
        Matched::All => count_all(conn, partner_id, filter.status)?,
        Matched::Relationships(ids) => ids.len() as i64,
        Matched::Term(needle) => {
            // Read in the list's order, stopping at the first past the limit.
            let counted = newest_ids(conn, partner_id, filter.status, Some(needle), 0, SEARCH_COUNT_LIMIT + 1)?;
            let total = counted.len() as i64;
            // The first page is the start of what was just counted.
            if position == Position::FIRST {
                matched = Matched::Relationships(counted);
            }
            total
        }
    };
    let (total, more) = match searched && counted > SEARCH_COUNT_LIMIT {
        true => (SEARCH_COUNT_LIMIT, true),
        false => (counted, false),
    };
    let (mut rows, mut page, mut links) = read(conn, partner_id, filter.status, &matched, position, PAGE_SIZE)?;
    // A numbered page past the end (an old link to a list since shortened)
    // is the last page, as in the activity log, not an empty table without
    // links. Past more matches than were counted, the end is not known.
    if let Position::Number(n) = position
        && n > 1
        && rows.is_empty()
        && total > 0
        && !more
    {
        let last = Position::Number((total + PAGE_SIZE - 1) / PAGE_SIZE);
        (rows, page, links) = read(conn, partner_id, filter.status, &matched, last, PAGE_SIZE)?;
    }
    let rows = with_statuses(conn, partner_id, rows)?;
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

/// The ids of the partner's relationships that the status and the pattern
/// match, newest first: `limit` of them after the first `skip`. Read from
/// the (partner_id, id, status, search_key) index alone, which holds a copy
/// of each customer's search key (a tenant row per relationship cost three
/// times as much). Counting a common term's matches through the trigram
/// index instead (batches of matching tenants, then their relationships)
/// was slower: FTS5 re-reads each candidate's text to confirm a pattern.
/// See bench/analysis.md.
fn newest_ids(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: StatusFilter,
    needle: Option<&Needle>,
    skip: i64,
    limit: i64,
) -> Result<Vec<i64>, DbError> {
    if let Some(needle) = needle
        && let Some(sqlite) = indexed(conn)?
    {
        return search::sqlite_scoped_ids(sqlite, partner_id, needle, status, Range::Offset(skip), limit);
    }
    let pattern = needle.map(Needle::key_pattern);
    let pattern = pattern.as_deref();
    db_run!(conn, {
        let mut query = rels::table
            .filter(rels::partner_id.eq(partner_id))
            .select(rels::id)
            .order(rels::id.desc())
            .limit(limit)
            .into_boxed();
        if skip > 0 {
            query = query.offset(skip);
        }
        let query = narrowed!(query, status, pattern);
        conn.in_index_order_if(pattern.is_some(), |conn| query.load::<i64>(conn)).map_err(DbError::from)
    })
}

/// SQLite's connection when the partner-scoped index holds every
/// relationship of the read's snapshot, which it does unless a write outside
/// the application left notes ([`crate::db::index_queue`]); then, and on
/// PostgreSQL, a term is looked for along the list itself.
fn indexed(conn: &mut DbConn) -> Result<Option<&mut SqliteConn>, DbError> {
    let DbConn::Sqlite(sqlite) = conn else { return Ok(None) };
    Ok(index_queue::is_current(sqlite)?.then_some(sqlite))
}

fn matched(conn: &mut DbConn, partner_id: PartnerId, filter: &CustomerFilter) -> Result<Matched, DbError> {
    let Some(needle) = filter.search.as_deref().and_then(Needle::parse) else { return Ok(Matched::All) };
    let DbConn::Postgres(postgres) = conn else { return Ok(Matched::Term(needle)) };
    let Found::Tenants(tenant_ids) = search::matching_tenants(postgres, &needle, INDEXED_MATCH_LIMIT)? else {
        return Ok(Matched::Term(needle));
    };
    let mut ids = relationships_of(conn, partner_id, filter.status, &tenant_ids)?;
    ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(Matched::Relationships(ids))
}

/// The ids of the partner's relationships (with the status asked for) with
/// these tenants. Read by tenant only, on the tenant_id index: a few rows
/// per tenant. The partner and the status are checked here, so no planner
/// can prefer walking the partner's whole list with the tenants as a filter.
fn relationships_of(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: StatusFilter,
    tenant_ids: &[i64],
) -> Result<Vec<i64>, DbError> {
    if tenant_ids.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(i64, PartnerId, String)> = db_run!(conn, {
        rels::table
            .filter(any_of(rels::tenant_id, tenant_ids.iter().copied()))
            .select((rels::id, rels::partner_id, rels::status))
            .load(conn)
    })?;
    let wanted = |code: &str| match status {
        StatusFilter::Open => code != RelationshipStatus::Ended.code(),
        StatusFilter::Only(only) => code == only.code(),
    };
    Ok(found.into_iter().filter(|(_, p, code)| *p == partner_id && wanted(code)).map(|(id, _, _)| id).collect())
}

fn count_all(conn: &mut DbConn, partner_id: PartnerId, status: StatusFilter) -> Result<i64, DbError> {
    if let StatusFilter::Only(_) = status {
        return Ok(blocks(conn, partner_id, status)?.total());
    }
    // `customer_count` counts the open relationships. By primary key: no
    // LIMIT, see domain/mod.rs.
    let counted: Vec<i64> = db_run!(conn, {
        partners::table.filter(partners::id.eq(partner_id)).select(partners::customer_count).load(conn)
    })?;
    Ok(counted.first().copied().unwrap_or(0))
}

/// The partner's relationships the status matches, counted by block
/// (`relationship_counts`).
fn blocks(conn: &mut DbConn, partner_id: PartnerId, status: StatusFilter) -> Result<Blocks, DbError> {
    let counts = db_run!(conn, {
        let query =
            counts::table.filter(counts::partner_id.eq(partner_id)).select((counts::block, counts::n)).into_boxed();
        let query = match status {
            StatusFilter::Open => query.filter(counts::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => query.filter(counts::status.eq(only.code())),
        };
        query.load::<(i64, i64)>(conn)
    })?;
    Ok(Blocks::new(counts))
}

/// The id of the relationship `offset` rows below the newest of the
/// partner's that the status matches, `None` past the end: the rows above
/// it are summed from their counts by block, and at most 1,023 entries of
/// the (partner_id, id) index are stepped over (stepping over all of them,
/// page 1,000 of 100,000 took 6.5 ms on SQLite, 13.5 ms on PostgreSQL, and
/// twice that at page 2,000; now ~1 ms and ~2.7 ms at any depth).
fn nth_newest(
    conn: &mut DbConn,
    partner_id: PartnerId,
    status: StatusFilter,
    offset: i64,
) -> Result<Option<i64>, DbError> {
    let Located::Below { below, skip } = blocks(conn, partner_id, status)?.locate(offset) else { return Ok(None) };
    let ids: Vec<i64> = db_run!(conn, {
        let query = rels::table
            .filter(rels::partner_id.eq(partner_id))
            .filter(rels::id.lt(below))
            .select(rels::id)
            .order(rels::id.desc())
            .offset(skip)
            .limit(1)
            .into_boxed();
        narrowed!(query, status, None::<&str>).load(conn)
    })?;
    Ok(ids.first().copied())
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
            false => load_by_id(conn, window)?,
        };
        let links = Links {
            previous: (start > 0).then(|| rows.first().map(key)).flatten(),
            next: (start + window.len() < ids.len()).then(|| rows.last().map(key)).flatten(),
        };
        return Ok((rows, page, links));
    }
    let needle = match matched {
        Matched::Term(needle) => Some(needle),
        _ => None,
    };
    let (range, page) = match position {
        Position::Number(n) => (Range::Offset((n.max(1) - 1).saturating_mul(size)), n.max(1)),
        Position::After(key, n) => (Range::Below(key.relationship_id), n.max(2)),
        Position::Before(key, n) => (Range::Above(key.relationship_id), n.max(2)),
    };
    let newer_exist = !matches!(range, Range::Offset(0));
    let backwards = matches!(range, Range::Above(_));
    let mut rows = load(conn, partner_id, status, needle, range, size + 1)?;
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
    needle: Option<&Needle>,
    range: Range,
    limit: i64,
) -> Result<Vec<Row>, DbError> {
    // An old numbered link: where the page starts is found from the count
    // table ([`nth_newest`]), or for a search by stepping over the matches
    // before it on an index alone, not reading them with their tenants
    // (which took 73 ms at page 1,000, ~1 s under load).
    let range = match range {
        Range::Offset(offset) if offset > 0 => {
            let first = match needle {
                None => nth_newest(conn, partner_id, status, offset)?,
                Some(_) => newest_ids(conn, partner_id, status, needle, offset, 1)?.first().copied(),
            };
            match first {
                Some(id) => Range::Below(id + 1),
                None => return Ok(Vec::new()),
            }
        }
        range => range,
    };
    if let Some(needle) = needle
        && let Some(sqlite) = indexed(conn)?
    {
        let ids = search::sqlite_scoped_ids(sqlite, partner_id, needle, status, range, limit)?;
        let mut rows = load_by_id(conn, &ids)?;
        if matches!(range, Range::Above(_)) {
            rows.reverse();
        }
        return Ok(rows);
    }
    let pattern = needle.map(Needle::key_pattern);
    let pattern = pattern.as_deref();
    db_run!(conn, {
        let query = rels::table
            .inner_join(tenants::table)
            .filter(rels::partner_id.eq(partner_id))
            .select(row_columns())
            .limit(limit)
            .into_boxed();
        let mut query = narrowed!(query, status, pattern);
        query = match range {
            // The first page: any other offset became `Below` above.
            Range::Offset(_) => query.order(rels::id.desc()),
            Range::Below(id) => query.filter(rels::id.lt(id)).order(rels::id.desc()),
            Range::Above(id) => query.filter(rels::id.gt(id)).order(rels::id.asc()),
        };
        conn.in_index_order_if(pattern.is_some(), |conn| query.load(conn)).map_err(DbError::from)
    })
}

/// The relationships `ids` (checked already: the partner's, with the status
/// asked for), newest first: by primary key, sorted here.
fn load_by_id(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<Row>, DbError> {
    let mut rows: Vec<Row> = db_run!(conn, {
        rels::table
            .inner_join(tenants::table)
            .filter(any_of(rels::id, ids.iter().copied()))
            .select(row_columns())
            .load(conn)
    })?;
    rows.sort_unstable_by_key(|row| std::cmp::Reverse(row.0));
    Ok(rows)
}

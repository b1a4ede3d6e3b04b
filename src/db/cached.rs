//! A statement diesel would prepare anew on every run, kept in the
//! connection's statement cache instead.
//!
//! diesel caches no `UPDATE` and no `INSERT` that has an optional column or
//! several rows: their SQL may vary with the values (a changeset skips a
//! `None` field, a batch has one row of placeholders per value), and a
//! cache keyed by type would then hand out the wrong statement. SQLite
//! parsed and planned each one on every acceptance (9 % of its CPU).
//! [`Cached`] keys the statement by its SQL text instead, never by type, so
//! it is always the right statement; use it where that text is one of a
//! few (a fixed set of columns), so the cache stays small.
//!
//! *Load it, never `execute` it.* `execute` hands diesel a reference, and
//! diesel's `QueryFragment for &T` answers `is_safe_to_cache_prepared` by
//! walking the statement inside, never asking [`Cached`]: on PostgreSQL
//! such a statement is prepared unnamed on every run (seen in the server's
//! statement log). `load` takes the statement by value and asks; give an
//! `UPDATE` or `INSERT` a `RETURNING` of its key and load that.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// `Q`, found in the statement cache by its SQL text.
#[derive(Debug, Clone, Copy)]
pub struct Cached<Q>(pub Q);

/// No type-based key: the cache looks the statement up by its SQL.
impl<Q> QueryId for Cached<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Cached<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q: Query> Query for Cached<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Cached<Q> {}

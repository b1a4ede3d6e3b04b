//! `column IN (ids)` as one bind parameter, so that the statement is
//! prepared once and kept in diesel's statement cache however many ids
//! there are. diesel's `eq_any` writes `IN (?, ?, …)` on SQLite, one
//! placeholder per value: a new SQL text for every length, which diesel
//! therefore never caches, so SQLite parsed and planned it again on every
//! request (~5 % of the customer list's CPU, see bench/analysis.md).
//!
//! - SQLite: `column IN (SELECT value FROM json_each(?))`, the ids bound as
//!   one JSON array;
//! - PostgreSQL: `column = ANY(?)`, the ids bound as one array (what
//!   `eq_any` does there too).

use diesel::QueryResult;
use diesel::expression::Expression;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Text};
use diesel::sqlite::Sqlite;

/// `column IN (ids)`; see the module documentation.
#[derive(Debug, Clone)]
pub struct AnyOf<C> {
    column: C,
    ids: Vec<i64>,
    /// The ids as a JSON array, for SQLite's `json_each`.
    json: String,
}

/// `column` is one of `ids` (a `BigInt` column: an id).
pub fn any_of<C>(column: C, ids: impl IntoIterator<Item = i64>) -> AnyOf<C>
where
    C: Expression<SqlType = BigInt>,
{
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut json = String::with_capacity(ids.len() * 8 + 2);
    json.push('[');
    // itoa, not `write!`: formatting machinery was 350 instructions an id.
    let mut digits = itoa::Buffer::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(digits.format(*id));
    }
    json.push(']');
    AnyOf { column, ids, json }
}

column_condition!(AnyOf);

/// The statement's shape does not depend on the ids: it may be cached by
/// type, as a plain `column = ?` is.
impl<C: QueryId> QueryId for AnyOf<C> {
    type QueryId = AnyOf<C::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID;
}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for AnyOf<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C: QueryFragment<Pg>> QueryFragment<Pg> for AnyOf<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql(")");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema::tenants;

    #[test]
    fn the_ids_are_bound_as_one_json_array() {
        assert_eq!(any_of(tenants::id, []).json, "[]");
        assert_eq!(any_of(tenants::id, [7]).json, "[7]");
        assert_eq!(any_of(tenants::id, [1, -2, i64::MAX, i64::MIN]).json, format!("[1,-2,{},{}]", i64::MAX, i64::MIN));
    }
}

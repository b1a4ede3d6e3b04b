//! A status column compared with codes written into the SQL, not bound.

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::expression::Expression;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Text;

/// `column = 'code'` (`column IN ('a', 'b')` for several codes), written out
/// so that a partial index whose condition names the same codes can serve
/// the query: with the codes as bound parameters neither SQLite nor a
/// generic PostgreSQL plan can tell, when the statement is prepared, that
/// the query implies the index's condition. The job passes' searches for
/// due items (`WHERE status = 'ending'`, `'pending'`, …) scanned their whole
/// table every few seconds. The statement is cached by its SQL text, so
/// each set of codes has its own.
///
/// Negated (`not_coded`), it is `column <> 'code'`: the partial unique index
/// of open relationships (`WHERE status <> 'ended'`). With that status bound
/// SQLite read every relationship of the customer instead (443 rows a lookup
/// for a customer with 443 partners: 40 % of an acceptance).
#[derive(Debug, Clone)]
pub struct Coded<C> {
    column: C,
    codes: Vec<&'static str>,
    negated: bool,
}

/// `column` holds one of `codes` (stored codes such as `"pending"`, from the
/// code: never user input).
pub fn coded<C, const N: usize>(column: C, codes: [&'static str; N]) -> Coded<C>
where
    C: Expression<SqlType = Text>,
{
    Coded { column, codes: codes.to_vec(), negated: false }
}

/// `column` holds none of `codes`, as [`coded`] writes them.
pub fn not_coded<C, const N: usize>(column: C, codes: [&'static str; N]) -> Coded<C>
where
    C: Expression<SqlType = Text>,
{
    Coded { column, codes: codes.to_vec(), negated: true }
}

column_condition!(Coded);

/// Keyed by SQL text: the codes are part of it, not of the type.
impl<C> QueryId for Coded<C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Coded<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        let (equal, one_of) = match self.negated {
            false => (" = ", " IN ("),
            true => (" <> ", " NOT IN ("),
        };
        match self.codes.as_slice() {
            // Matches nothing (negated: every non-NULL value).
            [] if !self.negated => out.push_sql(" IN (NULL)"),
            [] => out.push_sql(" IS NOT NULL"),
            [code] => {
                out.push_sql(equal);
                push_quoted(&mut out, code);
            }
            codes => {
                out.push_sql(one_of);
                for (i, code) in codes.iter().enumerate() {
                    if i > 0 {
                        out.push_sql(", ");
                    }
                    push_quoted(&mut out, code);
                }
                out.push_sql(")");
            }
        }
        Ok(())
    }
}

/// `'code'`, any quote in it doubled.
fn push_quoted<DB: Backend>(out: &mut AstPass<'_, '_, DB>, code: &str) {
    out.push_sql("'");
    out.push_sql(&code.replace('\'', "''"));
    out.push_sql("'");
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sqlite::Sqlite;

    use super::*;
    use crate::db::schema::outbox_messages as outbox;

    #[test]
    fn codes_are_written_into_the_sql_quoted() {
        let one = outbox::table.filter(coded(outbox::status, ["pending"])).select(outbox::id);
        let sql = diesel::debug_query::<Sqlite, _>(&one).to_string();
        assert!(sql.contains(r#"`outbox_messages`.`status` = 'pending'"#), "{sql}");
        let several = outbox::table.filter(coded(outbox::status, ["a", "it's"])).select(outbox::id);
        let sql = diesel::debug_query::<Sqlite, _>(&several).to_string();
        assert!(sql.contains(r#"IN ('a', 'it''s')"#), "{sql}");
        let open = outbox::table.filter(not_coded(outbox::status, ["ended"])).select(outbox::id);
        let sql = diesel::debug_query::<Sqlite, _>(&open).to_string();
        assert!(sql.contains(r#"`outbox_messages`.`status` <> 'ended'"#), "{sql}");
        let neither = outbox::table.filter(not_coded(outbox::status, ["a", "b"])).select(outbox::id);
        let sql = diesel::debug_query::<Sqlite, _>(&neither).to_string();
        assert!(sql.contains(r#"NOT IN ('a', 'b')"#), "{sql}");
    }
}

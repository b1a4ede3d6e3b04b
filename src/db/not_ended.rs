//! `reseller_relationships.status <> 'ended'`, written out.

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;

use super::schema::reseller_relationships as rels;

/// The relationship is open (not ended), as the partial unique index
/// `reseller_relationships_one_open` states it. Looking up a partner's
/// relationship with a customer must use that index; with the status as a
/// bound parameter (`status <> ?`) neither SQLite nor a generic PostgreSQL
/// plan can tell that it implies the index's condition when the statement
/// is prepared, and SQLite read every relationship of the customer instead
/// (443 rows a lookup for a customer with 443 partners: 40 % of an
/// acceptance). The literal must stay equal to the migrations' predicate.
#[derive(Debug, Clone, Copy, QueryId)]
pub struct NotEnded;

impl Expression for NotEnded {
    type SqlType = Bool;
}

impl<GroupBy> ValidGrouping<GroupBy> for NotEnded
where
    rels::status: ValidGrouping<GroupBy>,
{
    type IsAggregate = <rels::status as ValidGrouping<GroupBy>>::IsAggregate;
}

impl<QS> AppearsOnTable<QS> for NotEnded where rels::status: AppearsOnTable<QS> {}

impl<QS> SelectableExpression<QS> for NotEnded where rels::status: SelectableExpression<QS> {}

impl<DB: Backend> QueryFragment<DB> for NotEnded
where
    rels::status: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        rels::status.walk_ast(out.reborrow())?;
        out.push_sql(" <> 'ended'");
        Ok(())
    }
}

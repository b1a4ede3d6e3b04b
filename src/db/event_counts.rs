//! SQLite's counts of audit events by block (`partner_event_counts`,
//! `tenant_event_counts`, migration `page_counts`), which numbered pages of
//! the activity logs start from ([`crate::domain::paging::Blocks`]).
//!
//! Events are counted once per commit, not by a trigger per event: ten
//! triggered upserts were a tenth of an acceptance's time. Every write
//! transaction counts the events above the mark `counted_events.up_to`
//! just before it commits and moves the mark ([`apply`], beside the search
//! index's notes). SQLite hands out ids in commit order (its writes are
//! serialized, and `AUTOINCREMENT` never hands one out twice), so no event
//! can appear below the mark later. Events written outside the application
//! wait above the mark until the next write; a read that needs the counts
//! counts those of its scope itself (`domain::activity`). Removing or
//! moving a counted event is counted by triggers. On PostgreSQL, where ids
//! are not handed out in commit order, a statement-level trigger counts.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::Cached;

/// The events are read by rowid from the mark up: `NOT INDEXED` keeps SQLite
/// from walking the whole `partner_id` or `tenant_id` index instead (which
/// it prefers, covering, and which cost acceptance 45 % of its throughput).
const APPLY: &str = "
    INSERT INTO partner_event_counts (partner_id, block, n)
        SELECT partner_id, id >> 10, COUNT(*) FROM audit_events NOT INDEXED
        WHERE id > (SELECT up_to FROM counted_events) AND partner_id IS NOT NULL GROUP BY 1, 2
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO tenant_event_counts (tenant_id, block, n)
        SELECT tenant_id, id >> 10, COUNT(*) FROM audit_events NOT INDEXED
        WHERE id > (SELECT up_to FROM counted_events) AND tenant_id IS NOT NULL GROUP BY 1, 2
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    UPDATE counted_events SET up_to = (SELECT MAX(id) FROM audit_events);
";

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    uncounted: bool,
}

fn uncounted(conn: &mut SqliteConnection) -> QueryResult<bool> {
    // Every commit asks: prepared once per connection.
    Cached(diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM audit_events WHERE id > (SELECT up_to FROM counted_events)) AS uncounted",
    ))
    .get_result::<Flag>(conn)
    .map(|flag| flag.uncounted)
}

/// Counts the events written above the mark and moves it. Run inside the
/// transaction, after its last savepoint, before `COMMIT`.
pub fn apply(conn: &mut SqliteConnection) -> QueryResult<()> {
    if uncounted(conn)? { conn.batch_execute(APPLY) } else { Ok(()) }
}

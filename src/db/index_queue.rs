//! SQLite's per-partner customer search index (`relationship_search`, FTS5,
//! migration `partner_scoped_search`) is kept through a queue: triggers note
//! which relationships changed (`relationship_search_queue`), and every write
//! transaction applies the notes just before it commits ([`apply`]).
//!
//! FTS5 writes its pending terms to disk at every savepoint, and each write
//! of the writer's group commit is a savepoint ([`super::Writer`]): written
//! by the triggers themselves, every acceptance made an index segment of its
//! own, and the merges that followed took a third of the acceptances' CPU
//! (2,540 → 1,690 acceptances/s). Applied once per commit, a group of writes
//! makes one segment.
//!
//! A write that bypasses the application (an operator's `UPDATE`) leaves
//! notes until the next write or job pass applies them; meanwhile searches
//! read the list itself ([`is_current`]), so answers are never stale.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::Cached;

/// Drops what the index holds of each noted relationship and indexes it as
/// it is now (if it still exists), then clears the notes. Rows go in by
/// rowid: FTS5 writes its pending terms out as a segment whenever a rowid is
/// not above the last one it took.
const APPLY: &str = "
    DELETE FROM relationship_search WHERE rowid IN (
        SELECT indexed_rowid FROM relationship_search_queue WHERE indexed_rowid IS NOT NULL
    );
    INSERT INTO relationship_search (rowid, search_key, search_grams, status)
        SELECT r.partner_id * 68719476736 + 68719476735 - r.id, t.search_key, t.search_grams,
            char(2) || r.status || char(2)
        FROM relationship_search_queue q
        JOIN reseller_relationships r ON r.id = q.relationship_id
        JOIN tenants t ON t.id = r.tenant_id
        ORDER BY 1;
    DELETE FROM relationship_search_queue;
";

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    queued: bool,
}

fn queued(conn: &mut SqliteConnection) -> QueryResult<bool> {
    // Every commit asks: prepared once per connection.
    Cached(diesel::sql_query("SELECT EXISTS (SELECT 1 FROM relationship_search_queue) AS queued"))
        .get_result::<Flag>(conn)
        .map(|flag| flag.queued)
}

/// Brings the index up to date with the notes of this transaction (and any
/// left by writes outside the application). Run inside the transaction,
/// after its last savepoint, before `COMMIT`.
pub fn apply(conn: &mut SqliteConnection) -> QueryResult<()> {
    if queued(conn)? { conn.batch_execute(APPLY) } else { Ok(()) }
}

/// Whether the index holds every relationship as it is in this read's
/// snapshot: no notes are waiting.
pub fn is_current(conn: &mut SqliteConnection) -> QueryResult<bool> {
    queued(conn).map(|queued| !queued)
}

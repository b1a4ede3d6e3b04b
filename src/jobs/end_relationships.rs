//! `ending` → `ended` when the notice period is over (DESIGN.md §11). The
//! partner's delegated administration already ended with the ending; the
//! subscriptions it is still Partner of Record of are left without one
//! (billed by the operator) until the customer chooses one, in the same
//! transaction, with an audit event each.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{partners, reseller_relationships as rels};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::activity::SYSTEM_ACTOR;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::lifecycle::RelationshipStatus;
use crate::domain::notifications::{EventType, Notice, Outbox, Side};
use crate::domain::partner_of_record::end_partner_of_record;

/// Items claimed per transaction: short transactions, bounded locks.
const BATCH: i64 = 100;

type Due = (i64, PartnerId, TenantId, Option<NaiveDateTime>);

/// The due relationships, earliest due first, at most [`BATCH`] (on the
/// partial index of endings).
macro_rules! due {
    ($now:expr) => {
        rels::table
            .filter($crate::db::coded(rels::status, [RelationshipStatus::Ending.code()]))
            .filter(rels::ending_due_at.le($now))
            .order(rels::ending_due_at.asc())
            .limit(BATCH)
            .select((rels::id, rels::partner_id, rels::tenant_id, rels::ending_due_at))
    };
}

/// Ends each claimed relationship if it is still ending (the `WHERE` makes
/// a second instance that read the same row change nothing); evaluates to
/// how many it ended.
macro_rules! end_each {
    ($conn:ident, $due:expr) => {{
        let mut changed = 0;
        for (id, partner_id, tenant_id, due_at) in $due {
            let updated =
                diesel::update(rels::table.find(id).filter(rels::status.eq(RelationshipStatus::Ending.code())))
                    .set((rels::status.eq(RelationshipStatus::Ended.code()), rels::ended_at.eq(due_at)))
                    .execute($conn)?;
            if updated == 1 {
                diesel::update(partners::table.find(partner_id))
                    .set(partners::customer_count.eq(partners::customer_count - 1))
                    .execute($conn)?;
                audit::record(
                    $conn,
                    Event::new(Action::RelationshipEnded, SYSTEM_ACTOR).partner(partner_id).tenant(tenant_id),
                )?;
                let notice =
                    Notice::new(EventType::RelationshipEnded, Side::System, SYSTEM_ACTOR, partner_id, tenant_id);
                $conn.enqueue(&notice.ends_at(due_at).at(due_at.unwrap_or_else(crate::domain::now)))?;
                end_partner_of_record!($conn, tenant_id, partner_id, SYSTEM_ACTOR);
                changed += 1;
            }
        }
        Ok::<_, diesel::result::Error>(changed)
    }};
}

/// Ends every relationship whose ending is due at `now`; returns how many
/// this call ended (another instance may have ended others).
pub fn run(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize, DbError> {
    let mut total = 0;
    loop {
        // A plain read first: a pass with nothing due (nearly every pass)
        // takes no write lock, so it never makes a writer wait.
        let any_due = db_run!(conn, {
            rels::table
                .filter(crate::db::coded(rels::status, [RelationshipStatus::Ending.code()]))
                .filter(rels::ending_due_at.le(now))
                .select(rels::id)
                .limit(1)
                .load::<i64>(conn)
        })?;
        if any_due.is_empty() {
            return Ok(total);
        }
        let (seen, changed) = match conn {
            DbConn::Sqlite(pooled) => {
                // `BEGIN IMMEDIATE` on the writer, as `db_write!`: the
                // single writer claims the batch.
                pooled.write(|conn| {
                    let due: Vec<Due> = due!(now).load(conn)?;
                    let seen = due.len();
                    end_each!(conn, due).map(|changed| (seen, changed))
                })?
            }
            DbConn::Postgres(pooled) => {
                let conn: &mut diesel::PgConnection = &mut *pooled;
                diesel::Connection::transaction(conn, |conn| {
                    // Rows another instance holds are skipped, not waited for.
                    let due: Vec<Due> = due!(now).for_update().skip_locked().load(conn)?;
                    let seen = due.len();
                    end_each!(conn, due).map(|changed| (seen, changed))
                })?
            }
        };
        total += changed;
        if seen < BATCH as usize {
            return Ok(total);
        }
    }
}

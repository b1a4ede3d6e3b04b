//! The job runner: one pass brings every due item to the state it must have
//! at a given time; [`spawn`] runs a pass every few seconds in the
//! background of a serving instance.
//!
//! Several instances may run passes at once: each job claims its items with
//! row locks (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the single
//! writer), and changes an item only if it is still due, so each item is
//! changed exactly once.

use std::time::Duration;

use chrono::NaiveDateTime;

use super::{delegated_admin, end_relationships};
use crate::db::{DbError, DbPool};
use crate::domain::customers::{MAX_INDEX_SEGMENTS, MERGE_STEPS_PER_PASS};

/// What one pass changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassReport {
    /// Relationships whose ending was due and that are now ended.
    pub relationships_ended: usize,
    /// Delegated-admin requests and relationships changed by time.
    pub delegated_admin: delegated_admin::Changes,
    /// Steps taken to merge the SQLite search index (upkeep, not a change
    /// anyone sees: [`crate::domain::customers::merge_index`]).
    pub search_index_merge_steps: usize,
}

/// Runs every job once, as if it were `now` (UTC).
pub fn run_pass(pool: &DbPool, now: NaiveDateTime) -> Result<PassReport, DbError> {
    let mut conn = pool.get()?;
    Ok(PassReport {
        relationships_ended: end_relationships::run(&mut conn, now)?,
        delegated_admin: delegated_admin::run(&mut conn, now)?,
        search_index_merge_steps: crate::domain::customers::merge_index(
            &mut conn,
            MAX_INDEX_SEGMENTS,
            MERGE_STEPS_PER_PASS,
        )?,
    })
}

/// Runs a pass every `interval` for as long as the runtime lives. A failed
/// pass (the database away) is logged and retried at the next tick.
pub fn spawn(pool: DbPool, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let pool = pool.clone();
            let pass = tokio::task::spawn_blocking(move || run_pass(&pool, crate::domain::now())).await;
            match pass {
                Ok(Ok(report)) if report != PassReport::default() => {
                    let gdap = report.delegated_admin;
                    tracing::info!(
                        relationships_ended = report.relationships_ended,
                        requests_expired = gdap.requests_expired,
                        delegated_admin_expiring = gdap.expiring,
                        delegated_admin_expired = gdap.expired,
                        delegated_admin_extended = gdap.extended,
                        delegated_admin_reminders = gdap.reminders,
                        search_index_merge_steps = report.search_index_merge_steps,
                        "jobs ran"
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(err)) => tracing::warn!(error = %err, "job pass failed; retrying at the next tick"),
                Err(err) => tracing::error!(error = %err, "job pass panicked"),
            }
        }
    })
}

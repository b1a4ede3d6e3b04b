//! Claiming due messages and recording how their delivery went.
//!
//! A claim sets a lease (`claimed_until`) in a short transaction: on
//! PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED`, so two
//! instances never claim the same message; on SQLite the write transaction
//! (`BEGIN IMMEDIATE`) is the single writer. A message whose sender stopped
//! mid-send is claimed again when its lease has run out, and goes out with
//! the same id.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{outbox_messages as outbox, webhook_attempts, webhook_endpoints};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

/// A message claimed for one delivery attempt.
#[derive(Clone, Debug, Queryable)]
pub struct Claimed {
    pub id: i64,
    pub message_id: String,
    pub channel: String,
    pub recipient: String,
    pub audience: Option<String>,
    pub webhook_endpoint_id: Option<i64>,
    pub lang: String,
    pub payload: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

/// How one attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Worth trying again later (the other end is down, busy or slow).
    Retry(String),
    /// Trying again cannot help (the address is refused, the endpoint is gone).
    Failed(String),
}

/// A webhook attempt for the delivery log.
#[derive(Clone, Debug)]
pub struct AttemptLog {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration: Duration,
}

/// Where and how to deliver: the endpoint of a webhook message, read at
/// delivery time (it may have been deleted or its secret rotated since).
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub url: String,
    pub secret: String,
    pub deleted: bool,
}

fn to_chrono(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}

macro_rules! due_ids {
    ($now:expr, $limit:expr) => {
        outbox::table
            .filter($crate::db::coded(outbox::status, ["pending"]))
            .filter(outbox::next_attempt_at.le($now))
            .filter(outbox::claimed_until.is_null().or(outbox::claimed_until.le($now)))
            .order(outbox::next_attempt_at.asc())
            .limit($limit)
            .select(outbox::id)
    };
}

macro_rules! claim_ids {
    ($conn:ident, $ids:ident, $until:expr) => {{
        diesel::update(outbox::table.filter(outbox::id.eq_any(&$ids)))
            .set((outbox::claimed_until.eq($until), outbox::attempts.eq(outbox::attempts + 1)))
            .execute($conn)?;
        outbox::table
            .filter(outbox::id.eq_any(&$ids))
            .order(outbox::id)
            .select((
                outbox::id,
                outbox::message_id,
                outbox::channel,
                outbox::recipient,
                outbox::audience,
                outbox::webhook_endpoint_id,
                outbox::lang,
                outbox::payload,
                outbox::attempts,
                outbox::created_at,
            ))
            .load::<Claimed>($conn)
    }};
}

/// Claims up to `limit` due messages for `lease`.
pub fn claim(conn: &mut DbConn, now: NaiveDateTime, lease: Duration, limit: i64) -> Result<Vec<Claimed>, DbError> {
    // A plain read first: an idle poll (nearly every poll) takes no write lock.
    let any = db_run!(conn, { due_ids!(now, 1).load::<i64>(conn) })?;
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let until = now + to_chrono(lease);
    let claimed = match conn {
        DbConn::Postgres(pooled) => {
            let conn: &mut PgConnection = &mut *pooled;
            conn.transaction(|conn| {
                let ids: Vec<i64> = due_ids!(now, limit).for_update().skip_locked().load(conn)?;
                claim_ids!(conn, ids, until)
            })
        }
        DbConn::Sqlite(pooled) => pooled.write(|conn| {
            let ids: Vec<i64> = due_ids!(now, limit).load(conn)?;
            claim_ids!(conn, ids, until)
        }),
    }?;
    Ok(claimed)
}

/// The endpoint a webhook message goes to.
pub fn endpoint(conn: &mut DbConn, id: i64) -> Result<Option<Endpoint>, DbError> {
    let row: Option<(String, String, Option<NaiveDateTime>)> = db_run!(conn, {
        webhook_endpoints::table
            .find(id)
            .select((webhook_endpoints::url, webhook_endpoints::secret, webhook_endpoints::deleted_at))
            .get_result(conn)
            .optional()
    })?;
    Ok(row.map(|(url, secret, deleted_at)| Endpoint { url, secret, deleted: deleted_at.is_some() }))
}

/// The wait before attempt `attempts + 1`: `base`, doubling, at most an hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    base.saturating_mul(2u32.saturating_pow(doublings)).min(Duration::from_secs(3600))
}

/// What the schedule says to do after an attempt.
pub struct Schedule {
    pub retry_base: Duration,
    pub give_up_after: Duration,
}

/// Records an attempt's outcome: sent, failed for good, or due again after
/// the back-off (failed once it would be due after the give-up time). Only
/// the holder of the lease writes: a sender whose lease ran out and whose
/// message was claimed again changes nothing.
pub fn finish(
    conn: &mut DbConn,
    message: &Claimed,
    outcome: &Outcome,
    attempt: Option<&AttemptLog>,
    now: NaiveDateTime,
    schedule: &Schedule,
) -> Result<(), DbError> {
    let give_up_at = message.created_at + to_chrono(schedule.give_up_after);
    let next = now + to_chrono(backoff(schedule.retry_base, message.attempts));
    let (status, next_attempt_at, error) = match outcome {
        Outcome::Delivered => ("sent", now, None),
        Outcome::Retry(error) if next <= give_up_at => ("pending", next, Some(error.clone())),
        Outcome::Retry(error) | Outcome::Failed(error) => ("failed", now, Some(error.clone())),
    };
    let sent_at = (status == "sent").then_some(now);
    db_write!(conn, {
        if let Some(attempt) = attempt {
            diesel::insert_into(webhook_attempts::table)
                .values((
                    webhook_attempts::outbox_message_id.eq(message.id),
                    webhook_attempts::attempted_at.eq(now),
                    webhook_attempts::status_code.eq(attempt.status_code.map(i32::from)),
                    webhook_attempts::error.eq(attempt.error.as_deref()),
                    webhook_attempts::duration_ms.eq(attempt.duration.as_millis().min(i64::MAX as u128) as i64),
                ))
                .execute(conn)?;
        }
        diesel::update(
            outbox::table
                .find(message.id)
                .filter(outbox::status.eq("pending"))
                .filter(outbox::attempts.eq(message.attempts)),
        )
        .set((
            outbox::status.eq(status),
            outbox::next_attempt_at.eq(next_attempt_at),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::sent_at.eq(sent_at),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(())
}

/// The queue's health: how many messages wait, and since when the oldest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Depth {
    pub pending: i64,
    pub oldest: Option<NaiveDateTime>,
}

pub fn depth(conn: &mut DbConn) -> Result<Depth, DbError> {
    let (pending, oldest) = db_run!(conn, {
        outbox::table
            .filter(outbox::status.eq("pending"))
            .select((diesel::dsl::count_star(), diesel::dsl::min(outbox::created_at)))
            .get_result::<(i64, Option<NaiveDateTime>)>(conn)
    })?;
    Ok(Depth { pending, oldest })
}

//! A partner's webhook endpoints (DESIGN.md §13): registering, rotating the
//! signing secret, deleting, and the delivery log with redelivery. Messages
//! are queued by [`super::notifications`] and sent by `crate::notify`; this
//! module only reads them and puts one back in the queue.
//!
//! Every query names the partner: another partner's endpoint or message is
//! [`WebhookError::NotFound`], exactly like one that does not exist.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, Action, Event};
use super::ids::PartnerId;
use crate::db::schema::{outbox_messages as outbox, partners, webhook_attempts, webhook_endpoints as endpoints};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

mod failure;
pub use failure::DeliveryFailure;

/// How many endpoints a partner may have at once.
pub const MAX_ENDPOINTS: i64 = 10;
/// Messages per page of the delivery log.
pub const LOG_PAGE_SIZE: i64 = 20;

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No such endpoint or message of this partner (or the endpoint was deleted).
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The partner already has [`MAX_ENDPOINTS`].
    #[error("too many endpoints")]
    TooMany,
    /// The partner already has a live endpoint with this URL (a form sent
    /// twice, e.g. by reloading the page that showed the secret).
    #[error("already registered")]
    AlreadyRegistered,
    #[error(transparent)]
    Db(#[from] DbError),
}

super::db_error_from_diesel!(WebhookError, AddError);

/// A registered endpoint, without its secret (shown only when issued).
#[derive(Clone, Debug, Queryable)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub url: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

macro_rules! live_endpoint {
    ($partner_id:expr, $id:expr) => {
        endpoints::table
            .filter(endpoints::id.eq($id))
            .filter(endpoints::partner_id.eq($partner_id))
            .filter(endpoints::deleted_at.is_null())
    };
}

const ENDPOINT_COLUMNS: (endpoints::id, endpoints::url, endpoints::created_at, endpoints::created_by) =
    (endpoints::id, endpoints::url, endpoints::created_at, endpoints::created_by);

/// The partner's endpoints, oldest first.
pub fn list(conn: &mut DbConn, partner_id: PartnerId) -> Result<Vec<WebhookEndpoint>, DbError> {
    Ok(db_run!(conn, {
        endpoints::table
            .filter(endpoints::partner_id.eq(partner_id))
            .filter(endpoints::deleted_at.is_null())
            .order(endpoints::id)
            .select(ENDPOINT_COLUMNS)
            .load(conn)
    })?)
}

/// One of the partner's endpoints.
pub fn find(conn: &mut DbConn, partner_id: PartnerId, id: i64) -> Result<WebhookEndpoint, WebhookError> {
    let found: Vec<WebhookEndpoint> =
        db_run!(conn, { live_endpoint!(partner_id, id).select(ENDPOINT_COLUMNS).load(conn) })?;
    found.into_iter().next().ok_or(WebhookError::NotFound)
}

/// Registers an endpoint with its signing secret (checked URL, new secret:
/// the caller's job); returns its id. At most [`MAX_ENDPOINTS`] per partner:
/// the partner's row is locked (a no-op update) so two additions at once
/// cannot both pass the count.
pub fn add(
    conn: &mut DbConn,
    partner_id: PartnerId,
    url: &str,
    secret: &str,
    actor: &str,
    at: NaiveDateTime,
) -> Result<i64, AddError> {
    db_write!(conn, {
        diesel::update(partners::table.find(partner_id)).set(partners::id.eq(partners::id)).execute(conn)?;
        let existing: i64 = endpoints::table
            .filter(endpoints::partner_id.eq(partner_id))
            .filter(endpoints::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        let same: i64 = endpoints::table
            .filter(endpoints::partner_id.eq(partner_id))
            .filter(endpoints::deleted_at.is_null())
            .filter(endpoints::url.eq(url))
            .count()
            .get_result(conn)?;
        if same > 0 {
            return Err(AddError::AlreadyRegistered);
        }
        if existing >= MAX_ENDPOINTS {
            return Err(AddError::TooMany);
        }
        let id = diesel::insert_into(endpoints::table)
            .values((
                endpoints::partner_id.eq(partner_id),
                endpoints::url.eq(url),
                endpoints::secret.eq(secret),
                endpoints::created_at.eq(at),
                endpoints::created_by.eq(actor),
            ))
            .returning(endpoints::id)
            .get_result(conn)?;
        audit::record(conn, Event::new(Action::WebhookAdded, actor).partner(partner_id).detail(url).at(at))?;
        Ok(id)
    })
}

/// Replaces an endpoint's signing secret: every delivery from now on, retries
/// of earlier messages included, is signed with the new one.
pub fn rotate_secret(
    conn: &mut DbConn,
    partner_id: PartnerId,
    id: i64,
    secret: &str,
    actor: &str,
    at: NaiveDateTime,
) -> Result<(), WebhookError> {
    db_write!(conn, {
        let url: Vec<String> = live_endpoint!(partner_id, id).select(endpoints::url).load(conn)?;
        let url = url.into_iter().next().ok_or(WebhookError::NotFound)?;
        diesel::update(live_endpoint!(partner_id, id)).set(endpoints::secret.eq(secret)).execute(conn)?;
        audit::record(conn, Event::new(Action::WebhookSecretRotated, actor).partner(partner_id).detail(url).at(at))?;
        Ok(())
    })
}

/// Deletes an endpoint (kept, marked deleted, for the messages that name
/// it): nothing more is queued for it, and its waiting messages fail now.
pub fn delete(
    conn: &mut DbConn,
    partner_id: PartnerId,
    id: i64,
    actor: &str,
    at: NaiveDateTime,
) -> Result<(), WebhookError> {
    db_write!(conn, {
        let url: Vec<String> = live_endpoint!(partner_id, id).select(endpoints::url).load(conn)?;
        let url = url.into_iter().next().ok_or(WebhookError::NotFound)?;
        diesel::update(live_endpoint!(partner_id, id)).set(endpoints::deleted_at.eq(at)).execute(conn)?;
        // A message being sent right now keeps its lease; the worker's
        // result no longer applies to a failed message.
        diesel::update(outbox::table.filter(outbox::webhook_endpoint_id.eq(id)).filter(outbox::status.eq("pending")))
            .set((
                outbox::status.eq("failed"),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(DeliveryFailure::EndpointDeleted.code()),
            ))
            .execute(conn)?;
        audit::record(conn, Event::new(Action::WebhookDeleted, actor).partner(partner_id).detail(url).at(at))?;
        Ok(())
    })
}

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its first attempt or a retry.
    Pending,
    Sent,
    /// Given up (too old, or its endpoint deleted).
    Failed,
}

impl DeliveryStatus {
    fn parse(code: &str) -> Self {
        match code {
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// One attempt to deliver a message.
#[derive(Clone, Debug, Queryable)]
pub struct Attempt {
    pub message_row: i64,
    pub attempted_at: NaiveDateTime,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// A message to an endpoint and every attempt to deliver it.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The stable id (`webhook-id`).
    pub message_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    /// When a pending message is tried next.
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// Oldest first.
    pub log: Vec<Attempt>,
}

/// A page of the delivery log, newest first.
#[derive(Clone, Debug)]
pub struct DeliveryPage {
    pub deliveries: Vec<Delivery>,
    /// The cursor of the next (older) page, when there is one.
    pub older: Option<i64>,
}

type MessageRow =
    (i64, String, String, String, i32, Option<String>, NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>);

/// The endpoint's messages older than `before` (a cursor from an earlier
/// page; `None`: the newest), [`LOG_PAGE_SIZE`] at a time.
pub fn deliveries(
    conn: &mut DbConn,
    partner_id: PartnerId,
    endpoint_id: i64,
    before: Option<i64>,
) -> Result<DeliveryPage, WebhookError> {
    let (rows, attempts) = db_run!(conn, {
        let exists: i64 = live_endpoint!(partner_id, endpoint_id).count().get_result(conn)?;
        if exists == 0 {
            return Err(WebhookError::NotFound);
        }
        let mut query = outbox::table
            .filter(outbox::webhook_endpoint_id.eq(endpoint_id))
            .filter(outbox::channel.eq("webhook"))
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(outbox::id.lt(before));
        }
        let rows: Vec<MessageRow> = query
            .order(outbox::id.desc())
            .limit(LOG_PAGE_SIZE + 1)
            .select((
                outbox::id,
                outbox::message_id,
                outbox::event_type,
                outbox::status,
                outbox::attempts,
                outbox::last_error,
                outbox::created_at,
                outbox::next_attempt_at,
                outbox::sent_at,
            ))
            .load(conn)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let attempts: Vec<Attempt> = webhook_attempts::table
            .filter(webhook_attempts::outbox_message_id.eq_any(&ids))
            .order(webhook_attempts::id)
            .select((
                webhook_attempts::outbox_message_id,
                webhook_attempts::attempted_at,
                webhook_attempts::status_code,
                webhook_attempts::error,
                webhook_attempts::duration_ms,
            ))
            .load(conn)?;
        Ok::<_, WebhookError>((rows, attempts))
    })?;
    let more = rows.len() as i64 > LOG_PAGE_SIZE;
    let shown = &rows[..rows.len().min(LOG_PAGE_SIZE as usize)];
    let older = more.then(|| shown.last().map(|r| r.0)).flatten();
    let deliveries = shown
        .iter()
        .cloned()
        .map(
            |(row, message_id, event_type, status, attempts_made, last_error, created_at, next_attempt_at, sent_at)| {
                Delivery {
                    message_id,
                    event_type,
                    status: DeliveryStatus::parse(&status),
                    attempts: attempts_made,
                    last_error,
                    created_at,
                    next_attempt_at,
                    sent_at,
                    log: attempts.iter().filter(|a| a.message_row == row).cloned().collect(),
                }
            },
        )
        .collect();
    Ok(DeliveryPage { deliveries, older })
}

/// What a redelivery request did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redelivery {
    /// Due now: the next poll sends it, with the same `webhook-id`.
    Queued,
    /// A worker is sending it at this moment; nothing changed.
    InFlight,
}

/// Puts a message to one of the partner's endpoints back in the queue, due
/// now, with the same id (Standard Webhooks: a redelivery keeps its id).
/// A message older than the give-up time gets one more attempt.
pub fn redeliver(
    conn: &mut DbConn,
    partner_id: PartnerId,
    endpoint_id: i64,
    message_id: &str,
    now: NaiveDateTime,
) -> Result<Redelivery, WebhookError> {
    db_write!(conn, {
        let exists: i64 = live_endpoint!(partner_id, endpoint_id).count().get_result(conn)?;
        let message = outbox::table
            .filter(outbox::message_id.eq(message_id))
            .filter(outbox::webhook_endpoint_id.eq(endpoint_id))
            .filter(outbox::channel.eq("webhook"));
        let found: i64 = message.count().get_result(conn)?;
        if exists == 0 || found == 0 {
            return Err(WebhookError::NotFound);
        }
        let changed = diesel::update(message.filter(outbox::claimed_until.is_null().or(outbox::claimed_until.le(now))))
            .set((
                outbox::status.eq("pending"),
                outbox::next_attempt_at.eq(now),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
                outbox::sent_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(if changed == 0 { Redelivery::InFlight } else { Redelivery::Queued })
    })
}

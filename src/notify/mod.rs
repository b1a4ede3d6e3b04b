//! Delivering the outbox (DESIGN.md §13): every serving instance runs a
//! worker that claims due messages (see [`outbox`]), sends each — a mail
//! ([`mail`]) or a signed webhook ([`webhook`]) — and records how it went,
//! retrying with exponential back-off until the give-up time. Messages are
//! written by `domain::notifications` in the transaction of their event.

pub mod mail;
pub mod outbox;
pub mod webhook;

use std::time::{Duration, Instant};

use actix_web::web;
use futures_util::future::join_all;

use crate::domain::notifications::{Audience, Payload};
use crate::i18n::Locale;
use crate::state::AppState;
use mail::Mailer;
use outbox::{AttemptLog, Claimed, Outcome, Schedule};

/// The notification settings pages, linked from every mail (and served by
/// `routes::settings`).
pub const PARTNER_SETTINGS_PATH: &str = "/partner/settings/notifications";
pub const ADMIN_SETTINGS_PATH: &str = "/admin/settings/notifications";

/// Messages claimed at once by one worker (sent side by side).
const BATCH: i64 = 16;
/// How often a worker with undelivered messages logs the queue's depth.
const DEPTH_LOG_INTERVAL: Duration = Duration::from_secs(60);

/// Starts the delivery worker of this instance; it runs for as long as the
/// runtime lives. A failed claim (the database away) is logged and retried.
pub fn spawn(state: web::Data<AppState>, mailer: Mailer) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_depth_log = Instant::now() - DEPTH_LOG_INTERVAL;
        loop {
            let delivered = match deliver_due(&state, &mailer).await {
                Ok(count) => count,
                Err(err) => {
                    tracing::warn!(error = %err, "outbox delivery failed; retrying");
                    0
                }
            };
            if last_depth_log.elapsed() >= DEPTH_LOG_INTERVAL {
                last_depth_log = Instant::now();
                log_depth(&state).await;
            }
            if delivered == 0 {
                tokio::time::sleep(state.settings.delivery.poll).await;
            }
        }
    })
}

/// Operators' view of the queue: a log line with its depth and the age of
/// the oldest undelivered message (only when something waits).
async fn log_depth(state: &web::Data<AppState>) {
    let depth = state.db.run(outbox::depth).await;
    match depth {
        Ok(depth) if depth.pending > 0 => {
            let oldest_age_seconds =
                depth.oldest.map(|at| (crate::domain::now() - at).num_seconds().max(0)).unwrap_or_default();
            tracing::info!(pending = depth.pending, oldest_age_seconds, "outbox depth");
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "outbox depth unavailable"),
    }
}

/// Claims one batch of due messages, sends them side by side and records
/// each outcome; returns how many it claimed.
pub async fn deliver_due(state: &web::Data<AppState>, mailer: &Mailer) -> Result<usize, crate::db::DbError> {
    let lease = state.settings.delivery.lease;
    let claimed = state.db.run(move |conn| outbox::claim(conn, crate::domain::now(), lease, BATCH)).await?;
    let count = claimed.len();
    join_all(claimed.into_iter().map(|message| deliver_one(state, mailer, message))).await;
    Ok(count)
}

async fn deliver_one(state: &web::Data<AppState>, mailer: &Mailer, message: Claimed) {
    let settings = &state.settings.delivery;
    let (outcome, attempt) = match message.channel.as_str() {
        "webhook" => send_webhook(state, &message).await,
        _ => (send_mail(state, mailer, &message).await, None),
    };
    match &outcome {
        Outcome::Delivered => tracing::info!(id = %message.message_id, channel = %message.channel, "message delivered"),
        Outcome::Retry(error) | Outcome::Failed(error) => tracing::warn!(
            id = %message.message_id,
            channel = %message.channel,
            attempt = message.attempts,
            error = %error,
            "message not delivered"
        ),
    }
    let schedule = Schedule { retry_base: settings.retry_base, give_up_after: settings.give_up_after };
    let finished = state
        .db
        .run(move |conn| outbox::finish(conn, &message, &outcome, attempt.as_ref(), crate::domain::now(), &schedule))
        .await;
    if let Err(err) = finished {
        // The lease runs out and the message is sent again, with the same id.
        tracing::warn!(error = %err, "could not record a delivery; it will be retried");
    }
}

async fn send_mail(state: &web::Data<AppState>, mailer: &Mailer, message: &Claimed) -> Outcome {
    let Ok(payload) = serde_json::from_str::<Payload>(&message.payload) else {
        return Outcome::Failed("unreadable payload".to_owned());
    };
    let Some(audience) = message.audience.as_deref().and_then(Audience::parse) else {
        return Outcome::Failed("a mail without an audience".to_owned());
    };
    let locale = Locale::from_tag(&message.lang).unwrap_or(state.settings.default_locale);
    let catalog = state.localizer.catalog();
    let Some(written) = mail::write(&catalog, locale, &state.settings.base_url, audience, &payload) else {
        return Outcome::Failed(format!("no mail is written for {}", payload.event_type));
    };
    mailer.send(message, &written).await
}

async fn send_webhook(state: &web::Data<AppState>, message: &Claimed) -> (Outcome, Option<AttemptLog>) {
    let Some(endpoint_id) = message.webhook_endpoint_id else {
        return (Outcome::Failed("a webhook without an endpoint".to_owned()), None);
    };
    let endpoint = match state.db.run(move |conn| outbox::endpoint(conn, endpoint_id)).await {
        Ok(Some(endpoint)) => endpoint,
        Ok(None) => return (Outcome::Failed("the endpoint does not exist".to_owned()), None),
        Err(err) => return (Outcome::Retry(err.to_string()), None),
    };
    let timestamp = chrono::Utc::now().timestamp();
    let (outcome, attempt) = webhook::deliver(
        &endpoint,
        state.settings.delivery.webhooks_allow_private,
        &message.message_id,
        timestamp,
        &message.payload,
    )
    .await;
    (outcome, Some(attempt))
}

//! PostgreSQL's `LISTEN`: a connection of its own that hears, as they
//! commit, the notices other transactions send with `NOTIFY` (or a
//! trigger's `pg_notify`), on every instance at once. For what an instance
//! keeps in memory and must forget when the database changes under it
//! (`web::kept`: sessions, invitation links).
//!
//! diesel can read notices that have arrived but cannot wait for one; this
//! connection is tokio-postgres's, whose driver wakes on the socket, so a
//! notice is heard within the time it takes to cross it, not at the next
//! poll. It uses TLS as the URL's `sslmode` asks, as libpq would
//! ([`super::listener_tls`]).
//!
//! A notice still takes a moment to arrive: a client told by instance A
//! that its change is committed may ask instance B before B has heard.
//! [`Listener::caught_up`] closes that gap. PostgreSQL signals every
//! listener before it acknowledges the commit, and a listening backend
//! sends the notices it has before it answers a query; so once a query
//! sent on the listening connection *after* a caller asked is answered,
//! every change committed before the caller asked has been heard. One
//! such query (an empty one) answers every caller that asked before it
//! was sent: under load, many requests share one round trip.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{Notify, watch};
use tokio_postgres::AsyncMessage;

use super::listener_tls::{RustlsConnect, connect_options};

/// How often the connection is checked with a round trip: a peer gone
/// without closing the socket is noticed within this (and the keepalives).
const CHECK_EVERY: Duration = Duration::from_secs(5);
/// How long a check may take before the connection counts as lost.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);
/// Wait before connecting again after a failure.
const RETRY_AFTER: Duration = Duration::from_secs(1);
/// The least time between two of [`Listener::caught_up`]'s round trips.
const MIN_GAP: Duration = Duration::from_millis(1);
/// The longest [`Listener::caught_up`] waits before it answers no.
const CATCH_UP_WAIT: Duration = Duration::from_secs(1);

/// What the listener tells its owner.
#[derive(Clone, Copy, Debug)]
pub enum Heard<'a> {
    /// Listening, for the first time or again: notices sent before now may
    /// have been missed.
    Listening,
    /// The connection is lost: no notice is heard until the next
    /// [`Heard::Listening`].
    Deaf,
    /// One notice's payload.
    Notice(&'a str),
}

/// A listening connection, shared by clones: see the module.
#[derive(Clone, Default)]
pub struct Listener(Arc<Shared>);

#[derive(Default)]
struct Shared {
    /// How many times [`Listener::caught_up`] has been asked.
    asked: AtomicU64,
    /// Wakes the listening task when a caller asks.
    wake: Notify,
    /// How far the listener has caught up: see [`CaughtUp`].
    caught_up: watch::Sender<CaughtUp>,
}

/// Where the listener stands, for the callers of [`Listener::caught_up`].
#[derive(Clone, Copy, Default)]
struct CaughtUp {
    /// Every caller whose ask counted up to this has been answered.
    through: u64,
    /// How many times the connection was lost: a caller waiting across a
    /// loss is answered no at once.
    losses: u64,
}

impl Listener {
    /// Listens on `channel` (a plain identifier) of the database at `url`
    /// from a task of the current runtime, for as long as the runtime runs,
    /// connecting again whenever the connection is lost; tells `hear` what
    /// it hears. `hear` runs on that task and must not block. Refuses an
    /// address this connection cannot use (a client certificate, a
    /// parameter only libpq knows, roots it cannot read): nothing is heard
    /// then.
    pub fn spawn(
        &self,
        url: &str,
        channel: &'static str,
        mut hear: impl FnMut(Heard<'_>) + Send + 'static,
    ) -> Result<(), String> {
        debug_assert!(channel.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        let (mut config, tls) = connect_options(url)?;
        config.keepalives_idle(Duration::from_secs(10)).application_name("partnerlink-listener");
        let shared = self.0.clone();
        tokio::spawn(async move {
            loop {
                if let Err(err) = listen(&config, &tls, channel, &shared, &mut hear).await {
                    tracing::warn!(channel, error = %err, "listening for database notices failed; retrying");
                }
                hear(Heard::Deaf);
                shared.caught_up.send_modify(|state| state.losses += 1);
                tokio::time::sleep(RETRY_AFTER).await;
            }
        });
        Ok(())
    }

    /// True once every notice of every transaction that committed before
    /// this call has been passed to `hear` (see the module); false when the
    /// listener cannot tell within [`CATCH_UP_WAIT`] (not listening, the
    /// connection lost or slow).
    pub async fn caught_up(&self) -> bool {
        let mut state = self.0.caught_up.subscribe();
        let losses = state.borrow().losses;
        let ticket = self.0.asked.fetch_add(1, Ordering::SeqCst) + 1;
        self.0.wake.notify_one();
        let answered = state.wait_for(|state| state.through >= ticket || state.losses != losses);
        match tokio::time::timeout(CATCH_UP_WAIT, answered).await {
            Ok(Ok(state)) => state.through >= ticket && state.losses == losses,
            _ => false,
        }
    }
}

#[cfg(test)]
impl Listener {
    /// A listener without a database that is caught up as soon as asked
    /// (it hears nothing): for tests of what waits for it.
    pub(crate) fn answering_for_tests() -> Self {
        let listener = Self::default();
        let shared = listener.0.clone();
        tokio::spawn(async move {
            loop {
                shared.wake.notified().await;
                let asked = shared.asked.load(Ordering::SeqCst);
                shared.caught_up.send_modify(|state| state.through = asked);
            }
        });
        listener
    }

    /// How many times [`Self::caught_up`] has been asked.
    pub(crate) fn asked_for_tests(&self) -> u64 {
        self.0.asked.load(Ordering::SeqCst)
    }
}

/// One connection's life: connects, listens, and passes notices on until
/// the connection fails.
async fn listen(
    config: &tokio_postgres::Config,
    tls: &RustlsConnect,
    channel: &str,
    shared: &Shared,
    hear: &mut impl FnMut(Heard<'_>),
) -> Result<(), ListenError> {
    let (client, mut connection) = config.connect(tls.clone()).await?;
    // The connection's driver: answers the client's queries and hands the
    // notices over, in the order they came; it ends when the connection
    // does.
    let (notices, mut heard) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(notice)) => {
                    if notices.send(notice.payload().to_owned()).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "database notice connection failed");
                    break;
                }
            }
        }
    });
    let _stop_driver = AbortOnDrop(driver);
    client.batch_execute(&format!("LISTEN {channel}")).await?;
    hear(Heard::Listening);
    let mut checks = tokio::time::interval(CHECK_EVERY);
    checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_trip = tokio::time::Instant::now();
    loop {
        tokio::select! {
            notice = heard.recv() => match notice {
                Some(payload) => hear(Heard::Notice(&payload)),
                None => return Err(ListenError::Closed),
            },
            () = shared.wake.notified() => {
                // Everyone who asked before the query goes out is answered
                // by it; whoever asks meanwhile, by the next.
                let mut through = shared.caught_up.borrow().through;
                while shared.asked.load(Ordering::SeqCst) > through {
                    // Under load, back-to-back queries would each answer a
                    // few requests, and cost PostgreSQL and this thread a
                    // quarter of the machine; a pause lets more share one.
                    tokio::time::sleep_until(last_trip + MIN_GAP).await;
                    last_trip = tokio::time::Instant::now();
                    let asked = shared.asked.load(Ordering::SeqCst);
                    round_trip(&client).await?;
                    // The notices that came before the answer are in the
                    // channel by now (the driver hands them over in order).
                    while let Ok(payload) = heard.try_recv() {
                        hear(Heard::Notice(&payload));
                    }
                    through = asked;
                    shared.caught_up.send_modify(|state| state.through = asked);
                }
            }
            _ = checks.tick() => round_trip(&client).await?,
        }
    }
}

/// An empty query on the listening connection, within [`CHECK_TIMEOUT`].
async fn round_trip(client: &tokio_postgres::Client) -> Result<(), ListenError> {
    tokio::time::timeout(CHECK_TIMEOUT, client.simple_query("")).await.map_err(|_| ListenError::Closed)??;
    Ok(())
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[derive(Debug, thiserror::Error)]
enum ListenError {
    #[error(transparent)]
    Postgres(#[from] tokio_postgres::Error),
    #[error("the connection closed")]
    Closed,
}

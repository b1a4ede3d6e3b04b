//! PostgreSQL's connection manager for the pool: diesel's, plus a way to
//! stop lending connections the database has dropped.
//!
//! A pooled connection is not checked when it is lent (a `SELECT 1` per
//! request is a round trip), and diesel counts a connection broken only
//! when its transaction is: a read that failed because the server went
//! away (a restart, a failover, an operator ending backends) put the dead
//! connection back, and every later read lent it failed again, until a
//! write happened to take it. Here each connection reports a query that
//! failed for want of a connection (diesel's instrumentation); such a
//! connection is dropped when it is returned, and since what killed it
//! most likely killed its idle neighbours, every connection made before is
//! checked once before its next loan. A restart then costs the request
//! that met it, not one per pooled connection.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use diesel::PgConnection;
use diesel::connection::{Connection, InstrumentationEvent};
use diesel::r2d2::{ConnectionManager, Error, ManageConnection};
use diesel::result::{DatabaseErrorKind, Error as QueryError};

/// The pool's manager: see the module.
#[derive(Debug)]
pub struct PgManager {
    inner: ConnectionManager<PgConnection>,
    /// How many lost connections have been found: a connection last known
    /// alive before the latest was found is checked before it is lent.
    losses: AtomicU64,
}

/// A pooled PostgreSQL connection and what the pool knows of it.
pub struct PgLink {
    pub(super) conn: PgConnection,
    /// [`PgManager::losses`] when this connection was last known alive.
    alive_at: u64,
    /// Set by the connection's instrumentation when a query failed for
    /// want of a connection: dropped when it is returned.
    lost: Arc<AtomicBool>,
}

impl PgManager {
    pub fn new(url: String) -> Self {
        Self { inner: ConnectionManager::new(url), losses: AtomicU64::new(0) }
    }
}

/// Whether `err` says the connection itself is gone (not the query).
fn connection_lost(err: &QueryError) -> bool {
    matches!(
        err,
        QueryError::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _)
    )
}

impl ManageConnection for PgManager {
    type Connection = PgLink;
    type Error = Error;

    fn connect(&self) -> Result<PgLink, Error> {
        let alive_at = self.losses.load(Ordering::SeqCst);
        let mut conn = self.inner.connect()?;
        let lost = Arc::new(AtomicBool::new(false));
        let flag = lost.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::FinishQuery { error: Some(err), .. } = event
                && connection_lost(err)
            {
                flag.store(true, Ordering::Relaxed);
            }
        });
        Ok(PgLink { conn, alive_at, lost })
    }

    /// Called as a connection is lent: a round trip only when a connection
    /// was found lost since this one was last known alive.
    fn is_valid(&self, link: &mut PgLink) -> Result<(), Error> {
        let losses = self.losses.load(Ordering::SeqCst);
        if link.alive_at != losses {
            self.inner.is_valid(&mut link.conn)?;
            link.alive_at = losses;
        }
        Ok(())
    }

    fn has_broken(&self, link: &mut PgLink) -> bool {
        if link.lost.load(Ordering::Relaxed) {
            self.losses.fetch_add(1, Ordering::SeqCst);
            return true;
        }
        self.inner.has_broken(&mut link.conn)
    }
}

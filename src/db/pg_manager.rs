//! PostgreSQL's connection manager for the pool: diesel's, plus a way to
//! stop lending connections the database has dropped.
//!
//! A pooled connection is not checked when it is lent (a `SELECT 1` per
//! request is a round trip), and diesel counts a connection broken only
//! when its transaction is: a read that fails because the server went
//! away (a restart, a failover, an operator ending backends) put the dead
//! connection back, and every later read lent it failed again, until a
//! write happened to take it. Here a failed piece of work has its
//! connection checked ([`PgLink::check_after_failure`]); a dead one is
//! dropped, and since what killed it most likely killed its idle
//! neighbours, every connection made before is checked once before its
//! next loan. A restart then costs the request that met it, not one per
//! pooled connection.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Error, ManageConnection};

/// The pool's manager: see the module.
#[derive(Debug)]
pub struct PgManager {
    inner: ConnectionManager<PgConnection>,
    /// How many dead connections were found: a connection checked before
    /// the last one was is checked again before it is lent.
    losses: AtomicU64,
}

/// A pooled PostgreSQL connection and what the pool knows of it.
pub struct PgLink {
    pub(super) conn: PgConnection,
    /// [`PgManager::losses`] when this connection was last known alive.
    alive_at: u64,
    /// Found dead: dropped when it is returned.
    lost: bool,
}

impl PgManager {
    pub fn new(url: String) -> Self {
        Self { inner: ConnectionManager::new(url), losses: AtomicU64::new(0) }
    }
}

impl PgLink {
    /// After work on this connection failed: whether the connection is
    /// still alive (a round trip). A dead one is not lent again.
    pub fn check_after_failure(&mut self) {
        if diesel::sql_query("SELECT 1").execute(&mut self.conn).is_err() {
            self.lost = true;
        }
    }
}

impl ManageConnection for PgManager {
    type Connection = PgLink;
    type Error = Error;

    fn connect(&self) -> Result<PgLink, Error> {
        let alive_at = self.losses.load(Ordering::SeqCst);
        Ok(PgLink { conn: self.inner.connect()?, alive_at, lost: false })
    }

    /// Called as a connection is lent: a round trip only when a connection
    /// was found dead since this one was last known alive.
    fn is_valid(&self, link: &mut PgLink) -> Result<(), Error> {
        let losses = self.losses.load(Ordering::SeqCst);
        if link.alive_at != losses {
            self.inner.is_valid(&mut link.conn)?;
            link.alive_at = losses;
        }
        Ok(())
    }

    fn has_broken(&self, link: &mut PgLink) -> bool {
        if link.lost {
            self.losses.fetch_add(1, Ordering::SeqCst);
            return true;
        }
        self.inner.has_broken(&mut link.conn)
    }
}

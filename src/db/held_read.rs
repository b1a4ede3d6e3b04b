//! A request's read transaction on SQLite, kept open from its session check
//! to its page's own reads: one WAL read lock per signed-in page instead of
//! two.
//!
//! Taking and releasing SQLite's WAL read lock (a mutex the workers contend
//! for, and an `fcntl` on the `-shm` file) was a fifth of the server's CPU
//! on the request-relationship page, and every signed-in page took it twice:
//! once to check the session, once to read the page (bench/analysis.md).
//!
//! The transaction is held only for a request without a body (`GET`,
//! `HEAD`), whose handler reads at once; a write of the request
//! ([`super::DbPool::run`]) or a long read on the blocking pool
//! ([`super::DbPool::read`]) ends it first, so the request reads what it
//! wrote. It ends, at the latest, when the request's handling does.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;

use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::{DbConn, DbError, Writer};
use crate::db_run;

tokio::task_local! {
    /// The read transaction the request being handled holds, if any.
    static HELD: RefCell<Option<Open>>;
}

/// A pooled SQLite connection in a read transaction. Dropping it commits
/// the transaction (nothing was written: the same as a rollback); if that
/// fails, the pool discards the connection, which is still in a
/// transaction.
struct Open(DbConn);

impl Drop for Open {
    fn drop(&mut self) {
        let _ = end_read(&mut self.0);
    }
}

/// A read transaction left open for the rest of a request: see the module.
pub struct HeldRead(Open);

impl HeldRead {
    /// `conn`, on which [`begin_read`] has run.
    pub(super) fn new(conn: DbConn) -> Self {
        Self(Open(conn))
    }

    /// Runs `request` with this read transaction for its reads; it ends
    /// when `request` is done, or earlier (see the module).
    pub async fn scope<F: Future>(self, request: F) -> F::Output {
        HELD.scope(RefCell::new(Some(self.0)), request).await
    }
}

/// Runs `work` in the read transaction the request holds, when it holds one
/// on a connection of the pool whose writer is `writer`; else gives `work`
/// back.
pub(super) fn read_held<T, F>(writer: &Arc<Writer>, work: F) -> Result<T, F>
where
    F: FnOnce(&mut DbConn) -> T,
{
    let Some(mut open) = HELD.try_with(|held| held.borrow_mut().take()).ok().flatten() else { return Err(work) };
    let ours = matches!(&open.0, DbConn::Sqlite(conn) if Arc::ptr_eq(&conn.writer, writer));
    if !ours {
        put_back(open);
        return Err(work);
    }
    let result = work(&mut open.0);
    put_back(open);
    Ok(result)
}

fn put_back(open: Open) {
    let _ = HELD.try_with(|held| *held.borrow_mut() = Some(open));
}

/// Ends the read transaction the request holds, if any, before a write or
/// a read elsewhere.
pub(super) fn end_held() {
    drop(HELD.try_with(|held| held.borrow_mut().take()));
}

/// Opens a deferred transaction: on SQLite it takes no lock until its first
/// statement, then keeps one snapshot until [`end_read`].
pub(super) fn begin_read(conn: &mut DbConn) -> Result<(), DbError> {
    Ok(db_run!(conn, { AnsiTransactionManager::begin_transaction(conn) })?)
}

/// Ends a transaction that only read: committing and rolling back are the
/// same.
pub(super) fn end_read(conn: &mut DbConn) -> Result<(), DbError> {
    Ok(db_run!(conn, { AnsiTransactionManager::commit_transaction(conn) })?)
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;

    use super::super::test_db::{count, pool};
    use super::super::{DbConn, DbPool};
    use super::*;
    use crate::db_write;

    fn rows(conn: &mut DbConn) -> Result<i64, DbError> {
        count(conn, "1 = 1")
    }

    fn insert(conn: &mut DbConn) -> Result<(), DbError> {
        db_write!(conn, {
            diesel::sql_query("INSERT INTO t VALUES (1)").execute(conn)?;
            Ok::<_, DbError>(())
        })
    }

    #[tokio::test]
    async fn a_request_reads_in_its_session_checks_snapshot_until_it_writes() {
        let (_dir, pool) = pool(4);
        pool.run(insert).await.unwrap();

        let (seen, held) = pool.read_now_and_hold(rows).await.unwrap();
        assert_eq!(seen, 1);
        let held = held.expect("an idle SQLite connection: the transaction is held");
        let request = {
            let pool = pool.clone();
            async move {
                // Another request commits a row: this one keeps its snapshot.
                let other = pool.clone();
                tokio::task::spawn_blocking(move || insert(&mut other.get().unwrap())).await.unwrap().unwrap();
                assert_eq!(pool.read_now(rows).await.unwrap(), 1, "the request's reads share one snapshot");
                // The request writes: its next read sees what it wrote.
                pool.run(insert).await.unwrap();
                assert_eq!(pool.read_now(rows).await.unwrap(), 3, "a write ends the held transaction");
            }
        };
        held.scope(request).await;

        // The connection went back to the pool, out of its transaction.
        let DbPool::Sqlite(sqlite) = &pool else { unreachable!() };
        assert_eq!(sqlite.pool.state().idle_connections, sqlite.pool.state().connections);
        assert_eq!(pool.read_now(rows).await.unwrap(), 3);
        // Outside a request, reads are as before.
        let (_, held) = pool.read_now_and_hold(rows).await.unwrap();
        drop(held);
        pool.run(insert).await.unwrap();
        assert_eq!(pool.read_now(rows).await.unwrap(), 4);
    }
}

//! SQLite's writer: the one connection every write transaction of this
//! process runs on, lent to one thread at a time, and the group commit that
//! lets the writes waiting for it share one transaction.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use parking_lot::{Condvar, Mutex};

use super::{DbError, SqlitePragmas};
use diesel::r2d2::CustomizeConnection;

/// How long a write waits for its turn before it writes on a pooled
/// connection instead (SQLite's own `busy_timeout`).
const TURN_TIMEOUT: Duration = Duration::from_secs(5);

/// The most writes one commit takes: each waits for the batch's last one.
const MAX_BATCH: usize = 16;

/// The writer connection, where to open a new one, and whose turn it is.
///
/// One connection per process: writers queue for it rather than in SQLite's
/// busy handler, which sleeps 1, 2, 5 … 100 ms between tries (under 64
/// concurrent acceptances that sleeping alone made the slowest answers take
/// 300 ms while the write lock sat idle), and its page cache stays warm
/// (SQLite drops a connection's whole cache whenever another connection has
/// written).
///
/// *Group commit.* A write runs in a savepoint of the writer's open
/// transaction. When it ends and other writes are waiting, it lends the
/// connection, transaction still open, to the next one, and waits for the
/// commit; the write that finds nobody waiting (or is the batch's
/// [`MAX_BATCH`]th) commits for all. A write that fails rolls back its own
/// savepoint only; a failed commit fails every write of the batch. No write
/// returns before its batch is committed. Each commit writes its pages to
/// the log once for the whole batch, where it wrote them once per write.
pub struct Writer {
    turns: Mutex<Turns>,
    /// Signalled when the connection is put back.
    free: Condvar,
    /// Signalled when a batch has its outcome.
    settled: Condvar,
    /// Transactions committed so far (the checkpointer copies after them).
    commits: AtomicU64,
    path: String,
}

struct Turns {
    /// The connection, while no thread writes on it.
    lent: Option<Lent>,
    /// Threads waiting for it.
    waiting: usize,
}

/// The connection and the batch whose transaction is open on it.
struct Lent {
    conn: SqliteConnection,
    batch: Option<(Arc<Batch>, usize)>,
}

/// One transaction's writes: set once it is committed or rolled back.
#[derive(Default)]
struct Batch {
    outcome: OnceLock<Result<(), String>>,
}

thread_local! {
    /// This thread has the writer (a write within a write transaction).
    static HOLDS_SQLITE_WRITER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Writer {
    pub(super) fn new(path: String) -> Result<Self, DbError> {
        let conn = Self::open(&path)?;
        Ok(Self {
            turns: Mutex::new(Turns { lent: Some(Lent { conn, batch: None }), waiting: 0 }),
            free: Condvar::new(),
            settled: Condvar::new(),
            commits: AtomicU64::new(0),
            path,
        })
    }

    pub(super) fn open(path: &str) -> Result<SqliteConnection, DbError> {
        let mut conn = SqliteConnection::establish(path).map_err(|err| DbError::Unavailable(err.to_string()))?;
        SqlitePragmas.on_acquire(&mut conn).map_err(|err| DbError::Unavailable(err.to_string()))?;
        Ok(conn)
    }

    /// Runs `work` in a savepoint of a write transaction on the writer and
    /// returns once that transaction is committed. Gives `work` back when
    /// this thread already writes (a write within a write) or has waited
    /// [`TURN_TIMEOUT`] for its turn: the caller then writes on its pooled
    /// connection, and SQLite's own waiting decides, as for a writer in
    /// another process (`run-jobs`, `seed-bulk`).
    pub(super) fn write<T, E, F>(&self, work: F) -> Result<Result<T, E>, F>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, E>,
        E: From<DieselError>,
    {
        if HOLDS_SQLITE_WRITER.get() {
            return Err(work);
        }
        let Some(mut lent) = self.take_turn() else { return Err(work) };
        let (batch, members) = match lent.batch.take() {
            Some((batch, members)) => (batch, members + 1),
            None => match AnsiTransactionManager::begin_transaction_sql(&mut lent.conn, "BEGIN IMMEDIATE") {
                Ok(()) => (Arc::new(Batch::default()), 1),
                Err(err) => {
                    self.put_back(lent);
                    return Ok(Err(err.into()));
                }
            },
        };
        HOLDS_SQLITE_WRITER.set(true);
        // A savepoint: the work's failure (or panic) undoes its own writes.
        let result = catch_unwind(AssertUnwindSafe(|| lent.conn.transaction(work)));
        HOLDS_SQLITE_WRITER.set(false);
        let intact = matches!(
            AnsiTransactionManager::transaction_manager_status_mut(&mut lent.conn).transaction_depth(),
            Ok(Some(depth)) if depth.get() == 1
        ) || (result.is_err() && AnsiTransactionManager::rollback_transaction(&mut lent.conn).is_ok());

        let mut turns = self.turns.lock();
        let wrote = matches!(result, Ok(Ok(_)));
        if intact && turns.waiting > 0 && members < MAX_BATCH {
            lent.batch = Some((batch.clone(), members));
            turns.lent = Some(lent);
            self.free.notify_one();
            if wrote {
                while batch.outcome.get().is_none() {
                    self.settled.wait(&mut turns);
                }
            }
        } else {
            drop(turns);
            let outcome = if intact { self.commit(&mut lent) } else { Err(self.discard(&mut lent)) };
            let _ = batch.outcome.set(outcome);
            self.put_back(lent);
            self.settled.notify_all();
        }

        match result {
            Err(panic) => resume_unwind(panic),
            Ok(Err(err)) => Ok(Err(err)),
            Ok(Ok(value)) => Ok(match batch.outcome.get() {
                Some(Err(reason)) => {
                    Err(DieselError::DatabaseError(DatabaseErrorKind::Unknown, Box::new(reason.clone())).into())
                }
                _ => Ok(value),
            }),
        }
    }

    /// Waits for the connection; `None` after [`TURN_TIMEOUT`]. First come,
    /// first served: a new write takes it at once only when nobody waits, so
    /// a write that has waited is never overtaken by newcomers. A waiter leaves
    /// only while another thread holds the connection, and that thread sees
    /// it gone before it lends the connection on (no batch is left open
    /// with nobody to commit it).
    fn take_turn(&self) -> Option<Lent> {
        let deadline = Instant::now() + TURN_TIMEOUT;
        let mut turns = self.turns.lock();
        if turns.waiting == 0
            && let Some(lent) = turns.lent.take()
        {
            return Some(lent);
        }
        turns.waiting += 1;
        let lent = loop {
            let timed_out = self.free.wait_until(&mut turns, deadline).timed_out();
            if let Some(lent) = turns.lent.take() {
                break Some(lent);
            }
            if timed_out {
                break None;
            }
        };
        turns.waiting -= 1;
        lent
    }

    fn put_back(&self, lent: Lent) {
        self.turns.lock().lent = Some(lent);
        self.free.notify_one();
    }

    /// How many transactions the writer has committed since it opened.
    pub(super) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Commits the batch, search index notes applied and events counted
    /// first ([`super::before_commit`]); on failure every write of the batch
    /// fails.
    fn commit(&self, lent: &mut Lent) -> Result<(), String> {
        let committed = super::before_commit(&mut lent.conn)
            .and_then(|()| AnsiTransactionManager::commit_transaction(&mut lent.conn));
        if committed.is_ok() {
            self.commits.fetch_add(1, Ordering::Relaxed);
        }
        committed.map_err(|err| {
            let reason = err.to_string();
            tracing::error!(error = %reason, "a SQLite commit failed; its batch of writes is rolled back");
            self.discard(lent);
            reason
        })
    }

    /// Rolls the whole open transaction back by closing the connection
    /// (SQLite rolls back what a closed connection left open), or, when no
    /// new one can be opened, on the old one.
    fn discard(&self, lent: &mut Lent) -> String {
        match Self::open(&self.path) {
            Ok(fresh) => lent.conn = fresh,
            Err(err) => {
                tracing::error!(error = %err, "the SQLite writer could not be reopened");
                while matches!(
                    AnsiTransactionManager::transaction_manager_status_mut(&mut lent.conn).transaction_depth(),
                    Ok(Some(_))
                ) && AnsiTransactionManager::rollback_transaction(&mut lent.conn).is_ok()
                {}
            }
        }
        "the write transaction was rolled back".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::super::test_db::{Count, count, pool};
    use super::super::{DbConn, DbPool};
    use super::*;
    use crate::db_write;

    /// Rows with `n`, as a pooled connection (not the writer) sees them:
    /// what is committed.
    fn committed(pool: &DbPool, n: i32) -> i64 {
        count(&mut pool.get().unwrap(), &format!("n = {n}")).unwrap()
    }

    fn insert(conn: &mut DbConn, n: i32) -> Result<(), DbError> {
        db_write!(conn, {
            diesel::sql_query(format!("INSERT INTO t VALUES ({n})")).execute(conn)?;
            assert!(n >= 0, "a bug in a write");
            if n % 2 == 1 {
                return Err(DbError::Unavailable("an odd number".into()));
            }
            Ok::<_, DbError>(())
        })
    }

    #[test]
    fn a_panic_inside_a_write_leaves_the_writer_usable() {
        let (_dir, pool) = pool(64);
        let conn = &mut pool.get().unwrap();
        insert(conn, 2).unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| insert(conn, -2)));
        assert!(panicked.is_err());
        insert(conn, 4).unwrap();
        assert_eq!((committed(&pool, 2), committed(&pool, -2), committed(&pool, 4)), (1, 0, 1));
    }

    #[test]
    fn writes_waiting_together_share_one_commit_and_none_returns_before_it() {
        let (_dir, pool) = pool(64);
        let queued = Arc::new(Barrier::new(2));
        // The first write holds the writer until the others are queued.
        let first = {
            let (pool, queued) = (pool.clone(), queued.clone());
            std::thread::spawn(move || {
                let conn = &mut pool.get().unwrap();
                db_write!(conn, {
                    diesel::sql_query("INSERT INTO t VALUES (0)").execute(conn)?;
                    queued.wait();
                    std::thread::sleep(Duration::from_millis(300));
                    Ok::<_, DbError>(())
                })
            })
        };
        queued.wait();
        let writers: Vec<_> = (1..=12)
            .map(|n| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    let conn = &mut conn;
                    // The first write's row: seen within the batch, not yet
                    // committed.
                    let seen = db_write!(conn, {
                        diesel::sql_query(format!("INSERT INTO t VALUES ({})", n * 10)).execute(conn)?;
                        let mine = diesel::sql_query("SELECT COUNT(*) AS n FROM t WHERE n = 0").load::<Count>(conn)?;
                        Ok::<_, DbError>((mine[0].n, committed(&pool, 0)))
                    })
                    .unwrap();
                    (seen, committed(&pool, n * 10))
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(committed(&pool, 0), 0, "the first write is not committed while it runs");
        first.join().unwrap().unwrap();
        assert_eq!(committed(&pool, 0), 1, "a write is committed when it returns");
        for writer in writers {
            let (seen, committed) = writer.join().unwrap();
            assert_eq!(seen, (1, 0), "the queued writes ran in the first write's transaction");
            assert_eq!(committed, 1, "a write is committed when it returns");
        }
    }

    #[test]
    fn a_failed_or_panicking_write_undoes_only_its_own_rows_in_a_shared_commit() {
        let (_dir, pool) = pool(64);
        let writers: Vec<_> = (0..48)
            .map(|n| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    let n = if n % 5 == 4 { -n } else { n };
                    let result = std::panic::catch_unwind(AssertUnwindSafe(|| insert(&mut pool.get().unwrap(), n)));
                    (n, result.map(|inserted| inserted.is_ok()).unwrap_or(false), committed(&pool, n))
                })
            })
            .collect();
        for writer in writers {
            let (n, ok, rows) = writer.join().unwrap();
            let expected = n >= 0 && n % 2 == 0;
            assert_eq!(ok, expected, "write {n}");
            assert_eq!(rows, i64::from(expected), "rows of write {n}");
        }
    }
}

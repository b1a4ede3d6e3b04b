//! One pool type over SQLite and PostgreSQL. The scheme of `DATABASE_URL`
//! chooses the backend; domain code is written once with [`db_run!`] and
//! compiled for both.

/// The diesel impls that make `$ty<C>`, a condition on one column `C`, a
/// boolean expression usable wherever `C` is.
macro_rules! column_condition {
    ($ty:ident) => {
        impl<C: ::diesel::expression::Expression> ::diesel::expression::Expression for $ty<C> {
            type SqlType = ::diesel::sql_types::Bool;
        }

        impl<C, GroupBy> ::diesel::expression::ValidGrouping<GroupBy> for $ty<C>
        where
            C: ::diesel::expression::ValidGrouping<GroupBy>,
        {
            type IsAggregate = C::IsAggregate;
        }

        impl<C, QS> ::diesel::expression::AppearsOnTable<QS> for $ty<C> where
            C: ::diesel::expression::AppearsOnTable<QS>
        {
        }

        impl<C, QS> ::diesel::expression::SelectableExpression<QS> for $ty<C> where
            C: ::diesel::expression::SelectableExpression<QS>
        {
        }
    };
}

mod any_of;
mod cached;
mod coded;
pub mod event_counts;
mod held_read;
pub mod index_queue;
pub mod listener;
mod listener_tls;
mod pg_manager;
pub mod schema;
mod stamp;
mod statistics;
mod writer;

pub use any_of::{AnyOf, any_of};
pub use cached::Cached;
pub use coded::{Coded, coded, not_coded};
pub use held_read::HeldRead;
pub use stamp::Stamp;
pub use statistics::ColumnSample;
pub use writer::Writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use pg_manager::PgManager;
use statistics::Samples;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Arbitrary constant that serialises start-up work (migrations, demo data)
/// when several instances start at once against one PostgreSQL database.
const STARTUP_LOCK_KEY: i64 = 0x7061_7274_6e65_726c; // "partnerl"

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Accepts `sqlite://path`, `sqlite:path`, `postgres://…` and `postgresql://…`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_owned()));
        }
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err("the SQLite URL has no file path (expected sqlite://./data/partnerlink.sqlite3)".into());
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        Err("unsupported scheme: use sqlite://<file> or postgres://user@host/db".into())
    }

    /// The URL with any password replaced, for logs and error messages.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => redact_password(url),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres(_) => "PostgreSQL",
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl DbError {
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
        )
    }
}

impl From<r2d2::Error> for DbError {
    fn from(err: r2d2::Error) -> Self {
        DbError::Unavailable(err.to_string())
    }
}

/// Sets the PRAGMAs every SQLite connection needs, on every pooled connection.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA wal_autocheckpoint = 10000;",
        )
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Clone)]
pub enum DbPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// SQLite's pool, and the one connection every write transaction of this
/// process runs on ([`Writer`]).
#[derive(Clone)]
pub struct SqlitePool {
    pool: Pool<ConnectionManager<SqliteConnection>>,
    writer: Arc<Writer>,
    samples: Arc<Samples>,
}

impl SqlitePool {
    /// A connection of this pool, with the pool's writer and samples.
    fn lend(&self, conn: PooledConnection<ConnectionManager<SqliteConnection>>) -> SqliteConn {
        SqliteConn { conn, writer: self.writer.clone(), samples: self.samples.clone() }
    }
}

/// PostgreSQL's pool, and the column samples read through it.
#[derive(Clone)]
pub struct PgPool {
    pool: Pool<PgManager>,
    samples: Arc<Samples>,
}

pub enum DbConn {
    Sqlite(SqliteConn),
    Postgres(PgConn),
}

/// A pooled PostgreSQL connection (it dereferences to it), with the column
/// statistics its pool has read.
pub struct PgConn {
    conn: PooledConnection<PgManager>,
    samples: Arc<Samples>,
}

impl std::ops::Deref for PgConn {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.conn.conn
    }
}

impl std::ops::DerefMut for PgConn {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.conn.conn
    }
}

impl PgConn {
    /// What `ANALYZE` last sampled of `table.column`, read at most every
    /// five minutes per pool ([`ColumnSample`]).
    pub fn column_sample(&mut self, table: &'static str, column: &'static str) -> Arc<ColumnSample> {
        let conn = &mut self.conn.conn;
        self.samples.get(table, column, |table, column| statistics::read_postgres(conn, table, column))
    }
}

/// A pooled SQLite connection (it dereferences to it), with the way to
/// this process's writer and the column samples its pool has read.
pub struct SqliteConn {
    conn: PooledConnection<ConnectionManager<SqliteConnection>>,
    writer: Arc<Writer>,
    samples: Arc<Samples>,
}

impl std::ops::Deref for SqliteConn {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for SqliteConn {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
}

/// Runs `$body` with `$conn` bound to the concrete diesel connection of the
/// pool's backend. The body is compiled once per backend.
#[macro_export]
macro_rules! db_run {
    ($conn:ident, $body:block) => {
        match $conn {
            $crate::db::DbConn::Sqlite($conn) => {
                let $conn: &mut ::diesel::SqliteConnection = &mut *$conn;
                $body
            }
            $crate::db::DbConn::Postgres($conn) => {
                let $conn: &mut ::diesel::PgConnection = &mut *$conn;
                $body
            }
        }
    };
}

/// Like [`db_run!`], inside a write transaction. On SQLite the transaction
/// takes the write lock up front (`BEGIN IMMEDIATE`), so concurrent writers
/// wait instead of failing on lock upgrade; it runs on this process's
/// writer ([`SqliteConn::write`]), in a savepoint of a transaction that
/// writes queued with it share, and returns once that is committed.
#[macro_export]
macro_rules! db_write {
    ($conn:ident, $body:block) => {
        match $conn {
            $crate::db::DbConn::Sqlite(pooled) => pooled.write(|$conn| $body),
            $crate::db::DbConn::Postgres(pooled) => {
                let conn: &mut ::diesel::PgConnection = &mut *pooled;
                ::diesel::Connection::transaction(conn, |$conn| $body)
            }
        }
    };
}

impl SqliteConn {
    /// Up to 300 values of `table.column` picked at random, read at most
    /// every five minutes per pool ([`ColumnSample`]).
    pub fn column_sample(&mut self, table: &'static str, column: &'static str) -> Arc<ColumnSample> {
        let conn = &mut self.conn;
        self.samples.get(table, column, |table, column| statistics::read_sqlite(conn, table, column))
    }

    /// Runs `work` in a write transaction on this process's writer (see
    /// [`Writer`]: writes queue for it, and those that queued together share
    /// one commit), or, when that is not possible, on the pooled connection
    /// (`BEGIN IMMEDIATE`): what [`db_write!`] does on SQLite, for
    /// transactions written per backend. Returns once `work`'s writes are
    /// committed.
    pub fn write<T, E, F>(&mut self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        match self.writer.write(work) {
            Ok(result) => result,
            Err(work) => self.conn.immediate_transaction(|conn| {
                let value = work(conn)?;
                before_commit(conn)?;
                Ok(value)
            }),
        }
    }
}

/// What every SQLite write transaction does just before it commits: apply
/// the search index's notes ([`index_queue`]) and count the events written
/// ([`event_counts`]).
fn before_commit(conn: &mut SqliteConnection) -> QueryResult<()> {
    index_queue::apply(conn)?;
    event_counts::apply(conn)
}

/// A filtered read of rows in an index's order (`ORDER BY … LIMIT`) that
/// must be read in that order whatever the planner makes of its filter: the
/// caller knows the filter is common (a search term the statistics put in
/// thousands of rows), so the first rows of the index fill the page.
///
/// On PostgreSQL the planner estimates a `LIKE '%…%'` from `ANALYZE`'s
/// sample; when that sample happens to hold too few of a term's rows, it
/// prefers reading every row of the partner and sorting them (a search for
/// 星辰, in 5,556 of 100,000 customers, went from 2 ms to 16–22 ms alone and
/// 137 ms under load). There the read runs with `enable_sort` off for its
/// transaction, which leaves the index's order as the only cheap plan.
/// SQLite has no such estimate: it reads in the index's order anyway.
pub trait InIndexOrder: Sized {
    fn in_index_order<T>(&mut self, read: impl FnOnce(&mut Self) -> QueryResult<T>) -> QueryResult<T>;

    /// [`Self::in_index_order`] when the read is `filtered`, else `read` as
    /// it is: an unfiltered read along an index has no estimate to misjudge.
    fn in_index_order_if<T>(
        &mut self,
        filtered: bool,
        read: impl FnOnce(&mut Self) -> QueryResult<T>,
    ) -> QueryResult<T> {
        if filtered { self.in_index_order(read) } else { read(self) }
    }
}

impl InIndexOrder for SqliteConnection {
    fn in_index_order<T>(&mut self, read: impl FnOnce(&mut Self) -> QueryResult<T>) -> QueryResult<T> {
        read(self)
    }
}

impl InIndexOrder for PgConnection {
    fn in_index_order<T>(&mut self, read: impl FnOnce(&mut Self) -> QueryResult<T>) -> QueryResult<T> {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        let nested =
            !matches!(AnsiTransactionManager::transaction_manager_status_mut(self).transaction_depth(), Ok(None));
        self.transaction(|conn| {
            diesel::sql_query("SET LOCAL enable_sort = off").execute(conn)?;
            let rows = read(conn)?;
            // The setting would otherwise last to the end of the enclosing
            // transaction; its own ends here.
            if nested {
                diesel::sql_query("SET LOCAL enable_sort TO DEFAULT").execute(conn)?;
            }
            Ok(rows)
        })
    }
}

/// How often the checkpointer looks for commits of this process's writer
/// to copy into the database file ([`DbPool::spawn_checkpointer`]). Under
/// 64 concurrent acceptances, copying every 50 ms rather than every 500 ms
/// took their p99 from 52–58 ms to 34 ms, at the same throughput.
const CHECKPOINT_TICK: Duration = Duration::from_millis(50);

/// The longest the checkpointer waits without a commit of its own writer.
const CHECKPOINT_IDLE: Duration = Duration::from_millis(500);

/// How long a request waits for a connection before it answers 503.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(2);

impl DbConn {
    /// Runs `work` holding a PostgreSQL session advisory lock, so instances
    /// starting together take turns (no migration or demo-data race). SQLite
    /// needs none: one file, and its writers queue on `BEGIN IMMEDIATE`.
    pub fn with_startup_lock<T>(&mut self, work: impl FnOnce(&mut DbConn) -> Result<T, DbError>) -> Result<T, DbError> {
        let DbConn::Postgres(conn) = self else { return work(self) };
        diesel::sql_query(format!("SELECT pg_advisory_lock({STARTUP_LOCK_KEY})")).execute(&mut **conn)?;
        let result = work(self);
        let DbConn::Postgres(conn) = self else { return result };
        let unlocked = diesel::sql_query(format!("SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})")).execute(&mut **conn);
        // The work's own error says more than a failed unlock after it.
        let value = result?;
        unlocked?;
        Ok(value)
    }
}

impl DbPool {
    /// Connects (creating the SQLite file and its directory when needed).
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Self, DbError> {
        match url {
            DatabaseUrl::Sqlite(path) => {
                create_parent_dir(path)?;
                // Switch a new file to WAL once, before the pool opens
                // several connections at the same moment.
                SqliteConnection::establish(&path.to_string_lossy())
                    .and_then(|mut conn| {
                        conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
                            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
                    })
                    .map_err(|err| DbError::Unavailable(err.to_string()))?;
                let manager = ConnectionManager::<SqliteConnection>::new(path.to_string_lossy());
                let pool = Pool::builder()
                    .max_size(max_size)
                    .connection_timeout(CONNECTION_TIMEOUT)
                    .connection_customizer(Box::new(SqlitePragmas))
                    // A connection to a local file does not drop as a socket
                    // does; one left in a transaction is discarded when it
                    // is returned. The check (a `SELECT 1` parsed anew) cost
                    // 1.6 % of the request page.
                    .test_on_check_out(false)
                    .build(manager)?;
                let path = path.to_string_lossy().into_owned();
                let writer = Writer::new(path)?;
                Ok(Self::Sqlite(SqlitePool { pool, writer: Arc::new(writer), samples: Arc::default() }))
            }
            DatabaseUrl::Postgres(url) => {
                let pool = Pool::builder()
                    .max_size(max_size)
                    .min_idle(Some(1))
                    .connection_timeout(CONNECTION_TIMEOUT)
                    // A round trip only after a connection was found lost
                    // (see `pg_manager`).
                    .test_on_check_out(true)
                    .build(PgManager::new(url.clone()))?;
                Ok(Self::Postgres(PgPool { pool, samples: Arc::default() }))
            }
        }
    }

    /// On SQLite, copies the write-ahead log into the database file from a
    /// task of its own, so that no request's commit does it: every
    /// [`CHECKPOINT_TICK`] when this process's writer has committed since
    /// the last copy, and at least every [`CHECKPOINT_IDLE`] (writes of other
    /// processes, or on a pooled connection). A checkpoint ends in an fsync,
    /// and the commit that ran one (after 1,000 pages of log, SQLite's
    /// default) kept every writer queued behind it waiting; a smaller copy
    /// holds them up for less (bench/analysis.md). Connections still
    /// checkpoint on commit past 10,000 pages (40 MB): a log nobody else
    /// copies (a command-line `seed-bulk`) does not grow without end.
    /// PostgreSQL checkpoints by itself.
    pub fn spawn_checkpointer(&self) -> Option<tokio::task::JoinHandle<()>> {
        let Self::Sqlite(SqlitePool { pool, writer, .. }) = self else { return None };
        let (pool, writer) = (pool.clone(), writer.clone());
        Some(tokio::spawn(async move {
            let mut ticks = tokio::time::interval(CHECKPOINT_TICK);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let (mut copied, mut copied_at) = (writer.commits(), tokio::time::Instant::now());
            loop {
                ticks.tick().await;
                let commits = writer.commits();
                if commits == copied && copied_at.elapsed() < CHECKPOINT_IDLE {
                    continue;
                }
                (copied, copied_at) = (commits, tokio::time::Instant::now());
                let pool = pool.clone();
                let checkpoint = tokio::task::spawn_blocking(move || -> Result<(), DbError> {
                    pool.get()?.batch_execute("PRAGMA wal_checkpoint(PASSIVE)")?;
                    Ok(())
                });
                if let Ok(Err(err)) = checkpoint.await {
                    tracing::warn!(error = %err, "WAL checkpoint failed; retrying at the next tick");
                }
            }
        }))
    }

    /// How many connections the pool opens at most.
    pub fn max_size(&self) -> u32 {
        match self {
            Self::Sqlite(sqlite) => sqlite.pool.max_size(),
            Self::Postgres(postgres) => postgres.pool.max_size(),
        }
    }

    pub fn get(&self) -> Result<DbConn, DbError> {
        Ok(match self {
            Self::Sqlite(sqlite) => DbConn::Sqlite(sqlite.lend(sqlite.pool.get()?)),
            Self::Postgres(postgres) => {
                DbConn::Postgres(PgConn { conn: postgres.pool.get()?, samples: postgres.samples.clone() })
            }
        })
    }

    /// Runs blocking database work on actix's blocking thread pool. Ends
    /// the read transaction the request holds ([`HeldRead`]) first: the work
    /// may write, and the request's next read must see it.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        held_read::end_held();
        let pool = self.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .unwrap_or_else(|_| Err(DbError::Unavailable("blocking task was cancelled".into()).into()))
    }

    /// Runs a short read (a few lookups by key) at once on the calling
    /// thread when the database is SQLite and a connection is idle; else as
    /// [`Self::run`]. Handing work to a blocking thread and back costs two
    /// thread switches, more than such a read: on the request-relationship
    /// page the kernel's scheduling was 38 % of the CPU. Never for writes
    /// (a writer may wait for the write lock) nor for long reads (the
    /// worker serves other connections meanwhile). A SQLite read in WAL mode
    /// does not wait for writers.
    ///
    /// On SQLite the reads share one read transaction: one snapshot, and the
    /// WAL read lock taken and released once rather than per statement
    /// (those locks were 14 % of the request page's CPU); in the request's
    /// own ([`HeldRead`]) when it holds one.
    pub async fn read_now<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let work = match self {
            Self::Sqlite(sqlite) => match held_read::read_held(&sqlite.writer, work) {
                Ok(result) => return result,
                Err(work) => work,
            },
            Self::Postgres(_) => work,
        };
        match self.idle_sqlite() {
            Some(mut conn) => in_read_transaction(&mut conn, work),
            None => self.read(work).await,
        }
    }

    /// [`Self::read_now`], leaving the read transaction open for the rest of
    /// the request when it ran on an idle SQLite connection: what a
    /// request's session check does, so that its page reads in the same
    /// transaction ([`HeldRead::scope`]). Only for a request without a body.
    pub async fn read_now_and_hold<T, E, F>(&self, work: F) -> Result<(T, Option<HeldRead>), E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let Some(mut conn) = self.idle_sqlite() else { return self.read(work).await.map(|value| (value, None)) };
        held_read::begin_read(&mut conn)?;
        match work(&mut conn) {
            Ok(value) => Ok((value, Some(HeldRead::new(conn)))),
            Err(err) => {
                held_read::end_read(&mut conn)?;
                Err(err)
            }
        }
    }

    /// An idle pooled connection, on SQLite, without waiting.
    fn idle_sqlite(&self) -> Option<DbConn> {
        let Self::Sqlite(sqlite) = self else { return None };
        Some(DbConn::Sqlite(sqlite.lend(sqlite.pool.try_get()?)))
    }

    /// [`Self::read_now`] when the read is known to be `short` (one page read
    /// from its key on an index), else [`Self::read`]: for a page that is
    /// short unfiltered and may scan when filtered or searched.
    pub async fn read_now_if<T, E, F>(&self, short: bool, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        if short { self.read_now(work).await } else { self.read(work).await }
    }

    /// Runs work that only reads and may take a while (a search, a filtered
    /// page, a batch of the API) on the blocking pool, as [`Self::run`]; on
    /// SQLite in one read transaction, as [`Self::read_now`]: one snapshot
    /// of the pages' several statements, and the WAL read lock taken once.
    /// Like [`Self::run`], ends the read transaction the request holds.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        match self {
            Self::Sqlite(_) => self.run(move |conn| in_read_transaction(conn, work)).await,
            Self::Postgres(_) => self.run(work).await,
        }
    }

    /// Applies pending migrations; returns how many ran.
    pub fn migrate(&self) -> Result<usize, DbError> {
        self.get()?.with_startup_lock(|conn| match conn {
            DbConn::Sqlite(conn) => run_migrations(&mut **conn, SQLITE_MIGRATIONS),
            DbConn::Postgres(conn) => run_migrations(&mut **conn, POSTGRES_MIGRATIONS),
        })
    }

    /// True when a trivial query succeeds.
    pub fn is_ready(&self) -> bool {
        let Ok(mut conn) = self.get() else { return false };
        let conn = &mut conn;
        db_run!(conn, { diesel::sql_query("SELECT 1").execute(conn).is_ok() })
    }
}

/// Runs `work`, which only reads, in one deferred transaction.
fn in_read_transaction<T, E>(conn: &mut DbConn, work: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<DbError>,
{
    held_read::begin_read(conn)?;
    let result = work(conn);
    held_read::end_read(conn)?;
    result
}

fn run_migrations<C>(conn: &mut C, migrations: EmbeddedMigrations) -> Result<usize, DbError>
where
    C: MigrationHarness<C::Backend> + diesel::Connection,
{
    conn.run_pending_migrations(migrations)
        .map(|done| done.len())
        .map_err(|err| DbError::Unavailable(format!("migration failed: {err}")))
}

fn create_parent_dir(path: &Path) -> Result<(), DbError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|err| DbError::Unavailable(format!("cannot create the directory {}: {err}", dir.display()))),
        _ => Ok(()),
    }
}

/// What the `db` module's tests share: a SQLite database of their own with
/// one table, `t (n INTEGER)`, and counts read from it. It also has the
/// search index's queue, which every commit reads ([`index_queue`]): every
/// database the application writes has it.
#[cfg(test)]
mod test_db {
    use diesel::prelude::*;

    use super::{DatabaseUrl, DbConn, DbError, DbPool};

    #[derive(QueryableByName)]
    pub struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        pub n: i64,
    }

    /// A pool of `size` connections to a new database in a directory that
    /// lasts as long as the `TempDir`.
    pub fn pool(size: u32) -> (tempfile::TempDir, DbPool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = DbPool::connect(&DatabaseUrl::Sqlite(dir.path().join("t.sqlite3")), size).unwrap();
        let conn = &mut pool.get().unwrap();
        // `t`, and what every commit reads ([`super::before_commit`]).
        let schema = "CREATE TABLE t (n INTEGER); \
                      CREATE TABLE relationship_search_queue (relationship_id INTEGER PRIMARY KEY, indexed_rowid INTEGER); \
                      CREATE TABLE audit_events (id INTEGER PRIMARY KEY, partner_id INTEGER, tenant_id INTEGER); \
                      CREATE TABLE counted_events (id INTEGER PRIMARY KEY, up_to INTEGER NOT NULL); \
                      INSERT INTO counted_events VALUES (1, 0); \
                      CREATE TABLE partner_event_counts (partner_id, block, n, PRIMARY KEY (partner_id, block)); \
                      CREATE TABLE tenant_event_counts (tenant_id, block, n, PRIMARY KEY (tenant_id, block));";
        crate::db_run!(conn, { diesel::connection::SimpleConnection::batch_execute(conn, schema) }).unwrap();
        (dir, pool)
    }

    /// The rows of `t` that `condition` holds for.
    pub fn count(conn: &mut DbConn, condition: &str) -> Result<i64, DbError> {
        let sql = format!("SELECT COUNT(*) AS n FROM t WHERE {condition}");
        Ok(crate::db_run!(conn, { diesel::sql_query(&sql).load::<Count>(conn) })?[0].n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_scheme_selects_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/x.sqlite3").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("./data/x.sqlite3"))
        );
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        assert!(matches!(DatabaseUrl::parse("postgresql://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db/partnerlink").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db/partnerlink");
    }
}

//! A sample of a column's values, kept beside the pool it was read from:
//! on PostgreSQL what `ANALYZE` last sampled (`pg_stats`), enough to
//! estimate, as the planner does, how many rows a `LIKE '%…%'` matches
//! without asking the planner; on SQLite rows picked at random. Either
//! tells which parts of a search term are rare.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Array, Double, Text};

/// How long a sample is used before it is read again (`ANALYZE` runs after
/// a tenth of a table has changed).
const MAX_AGE: Duration = Duration::from_secs(300);

/// Below this many sampled values PostgreSQL's planner does not estimate a
/// `LIKE '%…%'` from the sample either.
const MIN_SAMPLE: usize = 100;

/// Values of a column (on PostgreSQL its histogram bounds and most common
/// values), and about how many rows the table had then. Empty when there
/// are no statistics yet.
#[derive(Debug, Default)]
pub struct ColumnSample {
    pub values: Vec<String>,
    pub rows: f64,
}

impl ColumnSample {
    /// How many rows hold `text`, as the planner estimates a
    /// `LIKE '%text%'`: the share of sampled values that hold it; `None`
    /// when the sample is too small to say.
    pub fn rows_holding(&self, text: &str) -> Option<i64> {
        if self.values.len() < MIN_SAMPLE {
            return None;
        }
        Some((self.values_holding(text) as f64 / self.values.len() as f64 * self.rows).round() as i64)
    }

    /// How many sampled values hold `text`.
    pub fn values_holding(&self, text: &str) -> usize {
        self.values.iter().filter(|value| value.contains(text)).count()
    }
}

/// The samples one pool has read, by `(table, column)`, each for at most
/// [`MAX_AGE`]. A sample only chooses how a statement is written, never
/// what it finds: a stale one costs time, not answers.
#[derive(Default)]
pub struct Samples(Mutex<HashMap<Column, (Instant, Arc<ColumnSample>)>>);

/// `(table, column)`.
type Column = (&'static str, &'static str);

impl Samples {
    /// The column's sample, read by `read` when older than [`MAX_AGE`];
    /// empty when it cannot be read (a warning is logged).
    pub fn get(
        &self,
        table: &'static str,
        column: &'static str,
        read: impl FnOnce(&str, &str) -> QueryResult<ColumnSample>,
    ) -> Arc<ColumnSample> {
        let cached = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((read_at, sample)) = cached().get(&(table, column))
            && read_at.elapsed() < MAX_AGE
        {
            return sample.clone();
        }
        // Read without the lock held: a slow database must not queue every
        // caller behind one reader. Callers that meet an old sample at the
        // same moment each read it once.
        let sample = Arc::new(read(table, column).unwrap_or_else(|err| {
            tracing::warn!(error = %err, table, column, "cannot read the column's statistics");
            ColumnSample::default()
        }));
        cached().insert((table, column), (Instant::now(), sample.clone()));
        sample
    }
}

#[derive(QueryableByName)]
struct SampleRow {
    #[diesel(sql_type = Array<Text>)]
    values: Vec<String>,
    #[diesel(sql_type = Double)]
    rows: f64,
}

/// What `ANALYZE` sampled of `table.column`.
pub fn read_postgres(conn: &mut PgConnection, table: &str, column: &str) -> QueryResult<ColumnSample> {
    let rows = diesel::sql_query(
        "SELECT coalesce(s.histogram_bounds::text::text[], '{}') || coalesce(s.most_common_vals::text::text[], '{}') \
         AS values, c.reltuples::float8 AS rows \
         FROM pg_stats s JOIN pg_class c ON c.oid = to_regclass($1) \
         WHERE s.schemaname = current_schema() AND s.tablename = $1 AND s.attname = $2",
    )
    .bind::<Text, _>(table)
    .bind::<Text, _>(column)
    .load::<SampleRow>(conn)?;
    Ok(rows
        .into_iter()
        .next()
        .map_or_else(ColumnSample::default, |row| ColumnSample { values: row.values, rows: row.rows }))
}

/// Rows SQLite's sample picks: about as many values as `ANALYZE` keeps of a
/// column on PostgreSQL, a few hundred lookups by key.
const SQLITE_SAMPLE: i64 = 300;

#[derive(QueryableByName)]
struct SampledValue {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct LastRowid {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    n: Option<i64>,
}

/// `table.column` (names from the code, never from input) of up to
/// [`SQLITE_SAMPLE`] rows picked at random by rowid; the largest rowid
/// stands for the number of rows.
pub fn read_sqlite(conn: &mut SqliteConnection, table: &str, column: &str) -> QueryResult<ColumnSample> {
    let last = diesel::sql_query(format!("SELECT max(rowid) AS n FROM {table}")).get_result::<LastRowid>(conn)?.n;
    let Some(last) = last.filter(|last| *last > 0) else { return Ok(ColumnSample::default()) };
    let values = diesel::sql_query(format!(
        "WITH RECURSIVE pick(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM pick WHERE n < {SQLITE_SAMPLE}) \
         SELECT {column} AS value FROM {table} WHERE rowid IN (SELECT abs(random() % {last}) + 1 FROM pick)"
    ))
    .load::<SampledValue>(conn)?;
    Ok(ColumnSample { values: values.into_iter().map(|row| row.value).collect(), rows: last as f64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_are_the_sampled_share_of_the_rows() {
        let sample = |values: Vec<String>| ColumnSample { values, rows: 100_000.0 };
        let keys = sample((0..200).map(|n| format!("contoso {n}")).collect());
        assert_eq!(keys.rows_holding("contoso"), Some(100_000));
        assert_eq!(keys.rows_holding("so 1"), Some(55_500)); // 1, 10–19, 100–199
        assert_eq!(keys.rows_holding("globex"), Some(0));
        // Too few values to say anything: the planner is asked instead.
        assert_eq!(sample(vec!["contoso".into(); MIN_SAMPLE - 1]).rows_holding("contoso"), None);
    }
}

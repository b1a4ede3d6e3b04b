//! Finding customers by part of their name or domain, served by an index on
//! both backends: SQLite's FTS5 `trigram` tokenizer (`tenant_search`) and
//! PostgreSQL's `pg_trgm` GIN indexes on `tenants`.
//!
//! One folding rule ([`fold`]) makes the stored key and the query comparable;
//! both indexes hold folded text, so a match is an exact substring match of
//! folded text, as the `LIKE` over `tenants.search_key` it replaces was.
//! A query shorter than a trigram (one or two characters: Chinese names are
//! often two) is looked up in `tenants.search_grams` instead, which lists each
//! 1- and 2-character substring of the key between separators, so the query
//! becomes a trigram query too.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use super::StatusFilter;
use super::list::Range;
use crate::db::schema::tenants;
use crate::db::{Cached, ColumnSample, DbConn, DbError, PgConn, SqliteConn};
use crate::domain::ids::PartnerId;
use crate::domain::lifecycle::RelationshipStatus;
use crate::{db_run, db_write};

/// Separates the grams in `search_grams`; no query contains it (control
/// characters are dropped from queries, and from the grams).
const SEPARATOR: char = '\u{1}';

/// The one case-folding rule of the search, for keys and queries alike
/// (SQL `lower` is ASCII-only in SQLite, so Cyrillic is folded here).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// What the search matches for a customer: folded name and domain, without
/// control characters (nobody types them into a search box, and keeping them
/// out keeps the key's trigrams apart from the grams', which all hold a
/// separator). Stored in `tenants.search_key` whenever a tenant is written.
pub fn search_key(name: &str, domain: &str) -> String {
    let mut key = format!("{} {}", fold(name), fold(domain));
    key.retain(|c| !c.is_control());
    key
}

/// The distinct 1- and 2-character substrings of a search key, each followed
/// by a separator (and the first preceded by one): `"\x01a\x01ab\x01b\x01"`.
/// Stored in `tenants.search_grams`; the order does not matter.
pub fn search_grams(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut grams = BTreeSet::new();
    for (i, c) in chars.iter().enumerate() {
        if c.is_control() {
            continue;
        }
        grams.insert(c.to_string());
        if let Some(next) = chars.get(i + 1).filter(|n| !n.is_control()) {
            grams.insert([*c, *next].iter().collect::<String>());
        }
    }
    let mut out = String::with_capacity(key.len() * 4);
    out.push(SEPARATOR);
    for gram in grams {
        out.push_str(&gram);
        out.push(SEPARATOR);
    }
    out
}

/// The distinct three-character substrings of `text`, in the order they
/// first occur.
fn distinct_trigrams(text: &[char]) -> Vec<String> {
    let mut trigrams: Vec<String> = Vec::new();
    for window in text.windows(3) {
        let trigram: String = window.iter().collect();
        if !trigrams.contains(&trigram) {
            trigrams.push(trigram);
        }
    }
    trigrams
}

/// `text` as an FTS5 phrase: quoted, quotes doubled.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `%`, `_` and `\` match themselves in the search.
pub(crate) fn like_pattern(query: &str) -> String {
    format!("%{}%", like_escaped(&fold(query)))
}

fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A query, folded, and which indexed column answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Needle {
    /// Three characters or more: a substring of `search_key`.
    Key(String),
    /// One or two characters: a gram of `search_grams`.
    Gram(String),
}

impl Needle {
    /// `None` when nothing is left to look for.
    pub(super) fn parse(query: &str) -> Option<Needle> {
        let folded = fold(query);
        match folded.chars().count() {
            0 => None,
            1 | 2 => Some(Needle::Gram(folded)),
            _ => Some(Needle::Key(folded)),
        }
    }

    /// The column of `tenants` that holds what the needle is looked up in.
    fn column(&self) -> &'static str {
        match self {
            Needle::Key(_) => "search_key",
            Needle::Gram(_) => "search_grams",
        }
    }

    /// A query with a control character matches no key (the grams hold none).
    fn is_hopeless(&self) -> bool {
        matches!(self, Needle::Gram(g) if g.chars().any(char::is_control))
    }

    /// The needle as the index holds it: the key's text, or the gram
    /// between separators.
    fn indexed_text(&self) -> Vec<char> {
        match self {
            Needle::Key(text) => text.chars().collect(),
            Needle::Gram(gram) => std::iter::once(SEPARATOR).chain(gram.chars()).chain([SEPARATOR]).collect(),
        }
    }

    /// The needle's distinct trigrams as FTS5 phrases (`"abc"`, quotes
    /// doubled), in the order they first occur.
    fn trigrams(&self) -> Vec<String> {
        distinct_trigrams(&self.indexed_text()).iter().map(|trigram| phrase(trigram)).collect()
    }

    /// What a matching key holds, as [`Self::indexed_text`] does.
    fn indexed_string(&self) -> String {
        self.indexed_text().into_iter().collect()
    }

    /// Whether the needle's trigrams, all of them, name exactly the tenants
    /// the needle matches: a key of three characters is one trigram, and a
    /// gram fills the space between two separators alone (grams are one or
    /// two characters), so "\x01ab" can only be the start of the gram "ab". Keys
    /// hold no separator ([`search_key`]), so no key trigram is taken for a
    /// gram's.
    fn index_is_exact(&self) -> bool {
        match self {
            Needle::Key(text) => text.chars().count() == 3 && !text.chars().any(char::is_control),
            Needle::Gram(_) => true,
        }
    }

    fn like(&self) -> String {
        match self {
            Needle::Key(text) => format!("%{}%", like_escaped(text)),
            Needle::Gram(gram) => format!("%{SEPARATOR}{}{SEPARATOR}%", like_escaped(gram)),
        }
    }

    /// The `LIKE` pattern over `search_key` this needle stands for.
    pub(super) fn key_pattern(&self) -> String {
        match self {
            Needle::Key(text) | Needle::Gram(text) => format!("%{}%", like_escaped(text)),
        }
    }
}

/// Fills `search_grams` for tenants written before the column existed (the
/// migration cannot compute it in SQL); returns how many. Run after
/// migrations; a no-op once every tenant has its grams.
pub fn fill_missing_grams(conn: &mut DbConn) -> Result<usize, DbError> {
    let mut filled = 0;
    loop {
        let batch: Vec<(i64, String)> = db_run!(conn, {
            tenants::table
                .filter(tenants::search_grams.eq(""))
                .select((tenants::id, tenants::search_key))
                .order(tenants::id.asc())
                .limit(500)
                .load(conn)
        })?;
        if batch.is_empty() {
            return Ok(filled);
        }
        filled += batch.len();
        db_write!(conn, {
            for (id, key) in &batch {
                diesel::update(tenants::table.find(id))
                    .set(tenants::search_grams.eq(search_grams(key)))
                    .execute(conn)?;
            }
            Ok::<_, DbError>(())
        })?;
    }
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Segments the SQLite search index may hold before a job pass merges them
/// ([`merge_index`]). Each commit that adds a relationship or changes a
/// customer's key adds one, and FTS5 folds eight of a level into one of the
/// next (`automerge` 8); a search walks every segment's list of each
/// trigram. At 100,000 tenants loaded in batches the index (then over
/// tenants) had 13, and a search for a name nobody has cost 4.6 times what
/// it costs on one (bench/analysis.md).
pub const MAX_INDEX_SEGMENTS: i64 = 8;

/// Pages (of ~4 KB) of index one merge step writes. Each step is a write of
/// its own, ~30 ms at most: writers wait for a step, not the whole merge.
const MERGE_STEP_PAGES: i64 = 256;

/// Merge steps one job pass takes at most (2 MB of index): under a stream
/// of new relationships the index gains segments between passes, and a
/// whole merge each pass rewrote all of it every few seconds. A merge left
/// unfinished goes on at the next pass.
pub const MERGE_STEPS_PER_PASS: usize = 8;

/// On SQLite, merges the search index, step by step (at most `steps`),
/// when it holds more than `allowed` segments; returns the steps that
/// merged something (0 on
/// PostgreSQL, whose GIN indexes are kept by autovacuum). A bulk load runs
/// it with 1 and no bound: everything into one segment. Every job pass runs
/// it with [`MAX_INDEX_SEGMENTS`] and [`MERGE_STEPS_PER_PASS`], merging only
/// the levels that hold several small segments (FTS5's `merge` with a
/// positive size): a full merge rewrote the whole index each pass under a
/// stream of acceptances, and held the writer for a quarter of a second
/// (acceptance p99 282 ms).
pub fn merge_index(conn: &mut DbConn, allowed: i64, steps: usize) -> Result<usize, DbError> {
    let DbConn::Sqlite(sqlite) = conn else { return Ok(0) };
    // Notes left by writes outside the application (db::index_queue): a
    // write only when some wait.
    if !crate::db::index_queue::is_current(sqlite)? {
        sqlite.write(crate::db::index_queue::apply)?;
    }
    let segments = diesel::sql_query("SELECT count(DISTINCT segid) AS n FROM relationship_search_idx")
        .get_result::<Number>(&mut **sqlite)?
        .n;
    if segments <= allowed {
        return Ok(0);
    }
    // FTS5's way to tell that a merge is done: a step that found nothing to
    // merge changes fewer than two rows. The bound only guards the loop.
    for step in 1..=steps.min(10_000) {
        let changed = sqlite.write(|conn| {
            let before = diesel::sql_query("SELECT total_changes() AS n").get_result::<Number>(conn)?.n;
            diesel::sql_query("INSERT INTO relationship_search (relationship_search, rank) VALUES ('merge', ?)")
                .bind::<BigInt, _>(if allowed <= 1 { -MERGE_STEP_PAGES } else { MERGE_STEP_PAGES })
                .execute(conn)?;
            let after = diesel::sql_query("SELECT total_changes() AS n").get_result::<Number>(conn)?.n;
            Ok::<_, DbError>(after - before)
        })?;
        if changed < 2 {
            return Ok(step - 1);
        }
    }
    Ok(steps.min(10_000))
}

/// Which tenants (anyone's customers) the index says a needle matches.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// All of them, no more than the limit asked for.
    Tenants(Vec<i64>),
    /// More than the limit may match: the term is common.
    Many,
}

/// On PostgreSQL: the tenants matching the needle when they are at most
/// `limit`, from the `pg_trgm` index, or that the term is common.
pub(super) fn matching_tenants(conn: &mut PgConn, needle: &Needle, limit: i64) -> Result<Found, DbError> {
    if needle.is_hopeless() {
        return Ok(Found::Tenants(Vec::new()));
    }
    let sample = conn.column_sample("tenants", needle.column());
    let conn: &mut diesel::PgConnection = conn;
    // A term the statistics put in more tenants than the limit is common
    // without asking the index.
    if estimated_matches(conn, needle, &sample)? > limit {
        return Ok(Found::Many);
    }
    let query = tenants::table.select(tenants::id).limit(limit + 1).into_boxed();
    let query = match needle {
        Needle::Key(text) => {
            let rare = rare_windows(text, &sample, TrigramIndex::PgTrgm);
            if rare.is_empty() {
                query.filter(tenants::search_key.like(needle.like()).escape('\\'))
            } else {
                // The index is asked for the rare parts only; every
                // candidate is then checked for the whole needle, which
                // `strpos` does without the index.
                let mut query = query.filter(strpos(tenants::search_key, text.as_str()).gt(0));
                for window in rare {
                    query = query.filter(tenants::search_key.like(format!("%{window}%")));
                }
                query
            }
        }
        Needle::Gram(_) => query.filter(tenants::search_grams.like(needle.like()).escape('\\')),
    };
    let ids = query.load::<i64>(conn)?;
    Ok(if ids.len() as i64 > limit { Found::Many } else { Found::Tenants(ids) })
}

diesel::define_sql_function! {
    /// PostgreSQL's `strpos`: where `substring` starts in `string` (1 and
    /// up), 0 when it does not occur. Unlike `LIKE`, no index serves it.
    fn strpos(string: Text, substring: Text) -> diesel::sql_types::Integer;
}

/// The trigram index a needle's parts are looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrigramIndex {
    /// PostgreSQL's `pg_trgm`.
    PgTrgm,
    /// SQLite's FTS5 `trigram` tokenizer.
    Fts5,
}

impl TrigramIndex {
    /// Whether the index looks up this three-character part as one trigram.
    /// To `pg_trgm`, only three ASCII letters or digits are one in every
    /// locale: a part holding punctuation (a word boundary to `pg_trgm`) may
    /// give it none, and a scan of the whole index with it. To FTS5 every
    /// three characters are one, so the rarest part of a term nobody has
    /// (the "r.p" of "customer.partner") can end its search at once.
    fn looks_up(self, window: &str) -> bool {
        match self {
            Self::PgTrgm => window.chars().all(|c| c.is_ascii_alphanumeric()),
            Self::Fts5 => true,
        }
    }
}

/// At most this many parts of a needle are looked up in the index.
const MAX_RARE_WINDOWS: usize = 3;

/// The three-character parts of a folded needle that the pool's sample of
/// keys ([`ColumnSample`]) holds least often, rarest first: at most
/// [`MAX_RARE_WINDOWS`], and none held by more than one sampled key in 20
/// unless it is the rarest.
/// None when the sample is empty or no part qualifies: then the whole needle
/// is looked up.
///
/// A `pg_trgm` index reads the whole list of every trigram of a `LIKE`
/// pattern. A needle such as "customer4242." has trigrams that every key of
/// `…partner.onmschina.cn` customers named "Customer N" holds: looking it up
/// read 243 index pages (3–7 ms) where its rare parts "424" and "242" read 5
/// (0.1 ms). SQLite's FTS5 walks each trigram's list in the partner's range
/// the same way. Which parts qualify is the index's to say
/// ([`TrigramIndex::looks_up`]).
fn rare_windows(folded: &str, sample: &ColumnSample, index: TrigramIndex) -> Vec<String> {
    if sample.values.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut windows: Vec<(usize, String)> = distinct_trigrams(&chars)
        .into_iter()
        .filter(|window| index.looks_up(window))
        .map(|window| (sample.values_holding(&window), window))
        .collect();
    windows.sort_by_key(|(held, _)| *held);
    let Some(&(rarest, _)) = windows.first() else { return Vec::new() };
    // More rare parts than the rarest: fewer candidates to check, for lists
    // that are short too (one key in 20 at most, or as common as the rarest).
    let bound = rarest.max(sample.values.len() / 20);
    windows.into_iter().take_while(|(held, _)| *held <= bound).take(MAX_RARE_WINDOWS).map(|(_, w)| w).collect()
}

#[derive(QueryableByName)]
struct Plan {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    json: String,
}

/// How many tenants the needle is expected to match, from the column's
/// statistics (`ANALYZE`): within 10–20 % of the truth for the benchmark's
/// common terms. Asking the `pg_trgm` index instead names them exactly but
/// rechecks each candidate's row on the heap: for a term in 3,000 tenants
/// ~2,000 scattered pages, 5–7 ms, three times the list's whole page.
///
/// Counted in the pool's [`ColumnSample`] as the planner would (the share of
/// sampled values holding it); asking the planner (`EXPLAIN`) cost every
/// search a statement, 0.3–0.9 ms of the server's time. Asked only when the
/// sample is too small. A wrong estimate costs time, never a wrong answer: a
/// common term's list is filtered as it is read. 0 when the plan cannot be
/// read.
fn estimated_matches(conn: &mut diesel::PgConnection, needle: &Needle, sample: &ColumnSample) -> Result<i64, DbError> {
    if let Some(estimate) = sample.rows_holding(&needle.indexed_string()) {
        return Ok(estimate);
    }
    let column = needle.column();
    let plan =
        diesel::sql_query(format!("EXPLAIN (FORMAT JSON) SELECT 1 FROM tenants WHERE {column} LIKE $1 ESCAPE '\\'"))
            .bind::<Text, _>(needle.like())
            .get_result::<Plan>(conn)?;
    let rows = serde_json::from_str::<serde_json::Value>(&plan.json)
        .ok()
        .and_then(|plan| plan.pointer("/0/Plan/Plan Rows").and_then(serde_json::Value::as_f64));
    Ok(rows.map_or(0, |rows| rows as i64))
}

/// Where a partner's relationships sit in SQLite's `relationship_search`
/// (migration `partner_scoped_search`): the partner's id times this, plus
/// the distance from the largest relationship id this span holds, so that a
/// partner's rows are together and newest first. The migration's triggers
/// and [`crate::db::index_queue`] compute the same rowid in SQL.
const PARTNER_SPAN: i64 = 1 << 36;

/// A relationship's status as `relationship_search` holds it (between
/// U+0002 separators, which no key or gram holds) as FTS5 phrases: its first
/// and last trigrams, which tell the statuses apart; the row's own status is
/// checked as well.
fn status_phrases(code: &str) -> String {
    let text: Vec<char> = std::iter::once('\u{2}').chain(code.chars()).chain(['\u{2}']).collect();
    let trigrams = distinct_trigrams(&text);
    match (trigrams.first(), trigrams.last()) {
        (Some(first), Some(last)) if first != last => format!("{} AND {}", phrase(first), phrase(last)),
        (Some(only), _) => phrase(only),
        _ => String::from("\"\""),
    }
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// On SQLite: up to `limit` ids of the partner's relationships with the
/// status asked for whose customer the needle matches, from SQLite's
/// per-partner trigram index. The needle's trigrams are looked up in the
/// partner's range of the index only, in the list's order, so a common term
/// costs what its page holds (101 matches of "con": ~3,000 keys tested
/// along the list before, bench/analysis.md). Unless the trigrams say exactly
/// what the needle does ([`Needle::index_is_exact`]), each candidate's key
/// is checked on its row, which the status needs read anyway.
pub(super) fn sqlite_scoped_ids(
    conn: &mut SqliteConn,
    partner_id: PartnerId,
    needle: &Needle,
    status: StatusFilter,
    range: Range,
    limit: i64,
) -> Result<Vec<i64>, DbError> {
    if needle.is_hopeless() {
        return Ok(Vec::new());
    }
    // As on PostgreSQL, a term's rare parts are looked up, not the parts
    // every key holds ("customer4242." read the partner's whole list of
    // "cus", "ust", … to find "424").
    let rare = match needle {
        Needle::Key(text) => rare_windows(text, &conn.column_sample("tenants", "search_key"), TrigramIndex::Fts5),
        Needle::Gram(_) => Vec::new(),
    };
    let trigrams = match rare.is_empty() {
        true => needle.trigrams(),
        false => rare.iter().map(|window| phrase(window)).collect(),
    };
    if trigrams.is_empty() {
        return Ok(Vec::new());
    }
    let conn: &mut SqliteConnection = conn;
    // rowid = newest - relationship id; ids outside the span are clamped to
    // its ends (a cursor is user input).
    let newest = partner_id.0.saturating_mul(PARTNER_SPAN).saturating_add(PARTNER_SPAN - 1);
    let rowid_of = |id: i64| newest - id.clamp(0, PARTNER_SPAN - 1);
    let (low, high, skip, oldest_first) = match range {
        Range::Offset(skip) => (rowid_of(PARTNER_SPAN - 1), newest, skip.max(0), false),
        Range::Below(id) => (rowid_of(id) + 1, newest, 0, false),
        Range::Above(id) => (rowid_of(PARTNER_SPAN - 1), rowid_of(id) - 1, 0, true),
    };
    let mut sql = String::from(
        "SELECT r.id AS id FROM relationship_search \
         JOIN reseller_relationships r ON r.id = ? - relationship_search.rowid \
         WHERE relationship_search MATCH ? AND relationship_search.rowid BETWEEN ? AND ? AND r.partner_id = ?",
    );
    sql.push_str(match status {
        StatusFilter::Open => " AND r.status <> ?",
        StatusFilter::Only(_) => " AND r.status = ?",
    });
    // The status is looked up too, so that a filter few relationships pass
    // (ended ones, say) does not read every match of the term to find them.
    let (status_code, query) = match status {
        StatusFilter::Open => {
            let ended = RelationshipStatus::Ended.code();
            (ended, format!("({}) NOT ({})", trigrams.join(" AND "), status_phrases(ended)))
        }
        StatusFilter::Only(only) => {
            (only.code(), format!("({}) AND {}", trigrams.join(" AND "), status_phrases(only.code())))
        }
    };
    let confirm = !needle.index_is_exact();
    if confirm {
        sql.push_str(" AND r.search_key LIKE ? ESCAPE '\\'");
    }
    sql.push_str(if oldest_first {
        " ORDER BY relationship_search.rowid DESC"
    } else {
        " ORDER BY relationship_search.rowid"
    });
    sql.push_str(" LIMIT ? OFFSET ?");
    let mut query = diesel::sql_query(sql)
        .into_boxed::<diesel::sqlite::Sqlite>()
        .bind::<BigInt, _>(newest)
        .bind::<Text, _>(query)
        .bind::<BigInt, _>(low)
        .bind::<BigInt, _>(high)
        .bind::<BigInt, _>(partner_id.0)
        .bind::<Text, _>(status_code);
    if confirm {
        query = query.bind::<Text, _>(needle.key_pattern());
    }
    let query = query.bind::<BigInt, _>(limit).bind::<BigInt, _>(skip);
    // One of a few texts: prepared once per connection.
    let ids: Vec<Id> = Cached(query).load(conn)?;
    Ok(ids.into_iter().map(|row| row.id).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_hold_every_short_substring_once() {
        let grams = search_grams("abab");
        assert_eq!(grams, "\u{1}a\u{1}ab\u{1}b\u{1}ba\u{1}");
        assert!(search_grams("星辰").contains("\u{1}星辰\u{1}"));
        assert!(search_grams("a\u{7}b").split('\u{1}').all(|g| !g.contains('\u{7}')));
    }

    #[test]
    fn needles_by_length() {
        assert_eq!(Needle::parse(""), None);
        assert_eq!(Needle::parse("Ё"), Some(Needle::Gram("ё".into())));
        assert_eq!(Needle::parse("星辰"), Some(Needle::Gram("星辰".into())));
        assert_eq!(Needle::parse("БАЙ"), Some(Needle::Key("бай".into())));
    }

    #[test]
    fn trigrams_are_quoted_and_distinct() {
        assert_eq!(Needle::parse("Con").unwrap().trigrams(), ["\"con\""]);
        assert_eq!(Needle::parse("a\"bc").unwrap().trigrams(), ["\"a\"\"b\"", "\"\"\"bc\""]);
        assert_eq!(Needle::parse("星辰").unwrap().trigrams(), ["\"\u{1}星辰\"", "\"星辰\u{1}\""]);
        assert_eq!(Needle::parse("中").unwrap().trigrams(), ["\"\u{1}中\u{1}\""]);
        assert_eq!(Needle::parse("aaaaa").unwrap().trigrams(), ["\"aaa\""]);
        assert_eq!(Needle::parse("中").unwrap().indexed_string(), "\u{1}中\u{1}");
        assert!(Needle::parse("con").unwrap().index_is_exact());
        assert!(!Needle::parse("байкал").unwrap().index_is_exact());
        assert_eq!(search_key("a\u{1}b\tc", "D"), "abc d");
    }

    #[test]
    fn rare_windows_are_what_the_sample_holds_least() {
        let values = (0..100)
            .map(|n| format!("lamna holdings {n} customer{n}.partner.onmschina.cn"))
            .chain(["northwind 4242 x.cn".to_owned(), "tailspin 14242".to_owned()])
            .collect();
        let sample = ColumnSample { values, rows: 100_000.0 };
        // "r42" is in one sampled key, "424" and "242" in two; every other
        // part is in a hundred.
        assert_eq!(rare_windows("customer4242.", &sample, TrigramIndex::PgTrgm), ["r42", "424", "242"]);
        assert_eq!(rare_windows("customer77", &sample, TrigramIndex::PgTrgm), ["r77"]);
        // Three at most, in the needle's order when equally rare.
        assert_eq!(rare_windows("zzzyyyxxxwww", &sample, TrigramIndex::PgTrgm), ["zzz", "zzy", "zyy"]);
        // Equally common parts: three of them (such a term is found common
        // from the planner's estimate before the index is asked).
        assert_eq!(rare_windows("holdings", &sample, TrigramIndex::PgTrgm), ["hol", "old", "ldi"]);
        // Punctuation and letters outside ASCII are never part of a window.
        assert_eq!(rare_windows("a.b-c", &sample, TrigramIndex::PgTrgm), Vec::<String>::new());
        assert_eq!(rare_windows("байкал", &sample, TrigramIndex::PgTrgm), Vec::<String>::new());
        assert_eq!(rare_windows("星辰科技", &sample, TrigramIndex::PgTrgm), Vec::<String>::new());
        // Without statistics the whole needle is looked up.
        assert_eq!(rare_windows("customer4242.", &ColumnSample::default(), TrigramIndex::PgTrgm), Vec::<String>::new());
        // FTS5 looks up any three characters: a part nobody's key holds is
        // the rarest, whatever its script or punctuation.
        assert_eq!(rare_windows("customer.partner", &sample, TrigramIndex::Fts5)[0], "r.p");
        assert_eq!(rare_windows("байкал", &sample, TrigramIndex::Fts5).len(), 3);
    }

    #[test]
    fn statuses_are_told_apart_by_their_ends() {
        assert_eq!(status_phrases("ended"), "\"\u{2}en\" AND \"ed\u{2}\"");
        assert_eq!(status_phrases("ending"), "\"\u{2}en\" AND \"ng\u{2}\"");
        assert_eq!(status_phrases("a"), "\"\u{2}a\u{2}\"");
        let ends: BTreeSet<String> = RelationshipStatus::ALL.iter().map(|s| status_phrases(s.code())).collect();
        assert_eq!(ends.len(), RelationshipStatus::ALL.len());
    }

    #[test]
    fn patterns_match_wildcards_literally() {
        assert_eq!(Needle::parse("1%_\\").unwrap().like(), "%1\\%\\_\\\\%");
        assert_eq!(like_pattern("A%"), "%a\\%%");
    }
}

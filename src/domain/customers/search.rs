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
use diesel::sql_types::{BigInt, Nullable, Text};

use crate::db::schema::tenants;
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

/// Separates the grams in `search_grams`; no query contains it (control
/// characters are dropped from queries, and from the grams).
const SEPARATOR: char = '\u{1}';

/// The one case-folding rule of the search, for keys and queries alike
/// (SQL `lower` is ASCII-only in SQLite, so Cyrillic is folded here).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// What the search matches for a customer: folded name and domain. Stored in
/// `tenants.search_key` whenever a tenant is written.
pub fn search_key(name: &str, domain: &str) -> String {
    format!("{} {}", fold(name), fold(domain))
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

/// `*`, `?` and `[` match themselves (GLOB has no escape character: each is
/// written as a one-character set).
fn glob_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '*' | '?' | '[' => {
                escaped.push('[');
                escaped.push(c);
                escaped.push(']');
            }
            c => escaped.push(c),
        }
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

    /// A query with a control character matches no key (the grams hold none).
    fn is_hopeless(&self) -> bool {
        matches!(self, Needle::Gram(g) if g.chars().any(char::is_control))
    }

    fn column(&self) -> &'static str {
        match self {
            Needle::Key(_) => "search_key",
            Needle::Gram(_) => "search_grams",
        }
    }

    fn glob(&self) -> String {
        match self {
            Needle::Key(text) => format!("*{}*", glob_escaped(text)),
            Needle::Gram(gram) => format!("*{SEPARATOR}{}{SEPARATOR}*", glob_escaped(gram)),
        }
    }

    fn like(&self) -> String {
        match self {
            Needle::Key(text) => format!("%{}%", like_escaped(text)),
            Needle::Gram(gram) => format!("%{SEPARATOR}{}{SEPARATOR}%", like_escaped(gram)),
        }
    }

    /// The `LIKE` pattern over `tenants.search_key` this needle stands for.
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
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Up to `limit` ids of tenants (anyone's customers) matching the needle,
/// from the index alone.
pub(super) fn matching_tenants(conn: &mut DbConn, needle: &Needle, limit: i64) -> Result<Vec<i64>, DbError> {
    if needle.is_hopeless() {
        return Ok(Vec::new());
    }
    let ids = match conn {
        DbConn::Sqlite(conn) => {
            diesel::sql_query(format!("SELECT rowid AS id FROM tenant_search WHERE {} GLOB ? LIMIT ?", needle.column()))
                .bind::<Text, _>(needle.glob())
                .bind::<BigInt, _>(limit)
                .load::<Id>(&mut **conn)?
        }
        DbConn::Postgres(conn) => {
            let query = tenants::table.select(tenants::id).limit(limit).into_boxed();
            let query = match needle {
                Needle::Key(_) => query.filter(tenants::search_key.like(needle.like()).escape('\\')),
                Needle::Gram(_) => query.filter(tenants::search_grams.like(needle.like()).escape('\\')),
            };
            return Ok(query.load::<i64>(&mut **conn)?);
        }
    };
    Ok(ids.into_iter().map(|row| row.id).collect())
}

/// How many of the partner's relationships (open ones for `status == None`,
/// else those with that status) are with a matching tenant, counting at most
/// `limit`: the index's matches joined to the relationships, stopping at the
/// limit.
pub(super) fn count_matching_relationships(
    conn: &mut DbConn,
    needle: &Needle,
    partner_id: i64,
    status: Option<&str>,
    ended: &str,
    limit: i64,
) -> Result<i64, DbError> {
    if needle.is_hopeless() {
        return Ok(0);
    }
    let count = match conn {
        DbConn::Sqlite(conn) => diesel::sql_query(format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM tenant_search s \
             JOIN reseller_relationships r ON r.tenant_id = s.rowid \
             WHERE s.{} GLOB ?1 AND r.partner_id = ?2 \
             AND CASE WHEN ?3 IS NULL THEN r.status <> ?4 ELSE r.status = ?3 END LIMIT ?5)",
            needle.column()
        ))
        .bind::<Text, _>(needle.glob())
        .bind::<BigInt, _>(partner_id)
        .bind::<Nullable<Text>, _>(status)
        .bind::<Text, _>(ended)
        .bind::<BigInt, _>(limit)
        .get_result::<Count>(&mut **conn)?,
        DbConn::Postgres(conn) => diesel::sql_query(format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM tenants t \
             JOIN reseller_relationships r ON r.tenant_id = t.id \
             WHERE t.{} LIKE $1 AND r.partner_id = $2 \
             AND CASE WHEN $3::text IS NULL THEN r.status <> $4 ELSE r.status = $3 END LIMIT $5) AS matches",
            needle.column()
        ))
        .bind::<Text, _>(needle.like())
        .bind::<BigInt, _>(partner_id)
        .bind::<Nullable<Text>, _>(status)
        .bind::<Text, _>(ended)
        .bind::<BigInt, _>(limit)
        .get_result::<Count>(&mut **conn)?,
    };
    Ok(count.n)
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
    fn patterns_match_wildcards_literally() {
        assert_eq!(Needle::parse("a*?[b").unwrap().glob(), "*a[*][?][[]b*");
        assert_eq!(Needle::parse("1%_\\").unwrap().like(), "%1\\%\\_\\\\%");
        assert_eq!(Needle::parse("%").unwrap().glob(), "*\u{1}%\u{1}*");
        assert_eq!(like_pattern("A%"), "%a\\%%");
    }
}

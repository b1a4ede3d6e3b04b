//! Keyset ("seek") paging for the long lists (the partner's customers, the
//! activity logs): a page starts after or before the key of a row shown, so
//! every page costs what the first one does however deep it is, and rows
//! inserted meanwhile do not shift the pages already reached.
//!
//! Each list has its own key type (`customers::CustomerSeek`,
//! `activity::EventSeek`): small, serializable, to be wrapped in whatever
//! cursor a caller hands out. Page numbers only label pages for people; a
//! page asked for by number is read with `OFFSET` (old `?page=N` links).

/// Highest page number accepted; a larger one is past the end anyway.
pub const MAX_PAGE: i64 = 1_000_000_000;

/// A `?page=` as typed: page 1 when empty, the number when it is a whole
/// number of at least 1 (past [`MAX_PAGE`]: [`MAX_PAGE`]), else `None` — the
/// caller answers 400 with what a page number must be. The same rule for
/// every list that takes page numbers.
pub fn page_number(raw: &str) -> Option<i64> {
    match raw.trim() {
        "" => Some(1),
        raw => raw.parse::<i64>().ok().filter(|page| *page >= 1).map(|page| page.min(MAX_PAGE)),
    }
}

/// Where a page of a list starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position<K> {
    /// Page `n` (1-based), counted from the newest row.
    Number(i64),
    /// The rows older than the key, on the page numbered `n`.
    After(K, i64),
    /// The rows newer than the key, on the page numbered `n`; the first page
    /// when fewer than a page's worth are newer.
    Before(K, i64),
}

impl<K> Position<K> {
    /// The first page.
    pub const FIRST: Position<K> = Position::Number(1);

    /// The page number this position is labelled with.
    pub fn number(&self) -> i64 {
        match self {
            Position::Number(n) | Position::After(_, n) | Position::Before(_, n) => (*n).max(1),
        }
    }
}

/// A page's neighbours, for "Previous" and "Next" links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Links<K> {
    /// The key of the page's first row, when newer rows exist.
    pub previous: Option<K>,
    /// The key of the page's last row, when older rows exist.
    pub next: Option<K>,
}

impl<K> Default for Links<K> {
    fn default() -> Self {
        Links { previous: None, next: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(page_number(""), Some(1));
        assert_eq!(page_number(" 3 "), Some(3));
        assert_eq!(page_number("99999999999999"), Some(MAX_PAGE));
        assert_eq!(page_number("99999999999999999999999"), None);
        assert_eq!(page_number("0"), None);
        assert_eq!(page_number("-1"), None);
        assert_eq!(page_number("two"), None);
        assert_eq!(page_number("1.5"), None);
    }
}

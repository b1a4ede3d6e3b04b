//! Keyset ("seek") paging for the long lists (the partner's customers, the
//! activity logs): a page starts after or before the key of a row shown, so
//! every page costs what the first one does however deep it is, and rows
//! inserted meanwhile do not shift the pages already reached.
//!
//! Each list has its own key type (`customers::CustomerSeek`,
//! `activity::EventSeek`): small, serializable, to be wrapped in whatever
//! cursor a caller hands out. Page numbers only label pages for people; a
//! page asked for by number is read with `OFFSET` (old `?page=N` links).

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

//! Keyset ("seek") paging for the long lists (the partner's customers, the
//! activity logs): a page starts after or before the key of a row shown, so
//! every page costs what the first one does however deep it is, and rows
//! inserted meanwhile do not shift the pages already reached.
//!
//! Each list has its own key type (`customers::CustomerSeek`,
//! `activity::EventSeek`): small, serializable, to be wrapped in whatever
//! cursor a caller hands out. Page numbers only label pages for people; a
//! page asked for by number (old `?page=N` links) starts below the rows the
//! count tables say are above it ([`Blocks`]), or where `OFFSET` finds it
//! in a filtered list.

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

/// A row's block in the count tables (`relationship_counts`,
/// `partner_event_counts`, `tenant_event_counts`, kept in the transaction
/// that writes the rows): its id
/// shifted right by this many bits, 1,024 ids a block.
pub const BLOCK_BITS: u32 = 10;

/// A list's rows counted by block, newest block first, as read from a count
/// table: where the row some number of rows below the newest lies, without
/// stepping over the rows before it (page 10,000 of an activity log is a sum
/// of ~500 counts and a step over at most 1,023 index entries, not a step
/// over 500,000).
pub struct Blocks(Vec<(i64, i64)>);

/// Where [`Blocks::locate`] found a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Located {
    /// The row is the one `skip` rows below the newest with an id below
    /// `below` (`skip` < 1,024).
    Below { below: i64, skip: i64 },
    /// The list has only `total` rows.
    PastEnd { total: i64 },
}

impl Blocks {
    /// `counts` as (block, rows), in any order, a block perhaps more than
    /// once (one count per status).
    pub fn new(mut counts: Vec<(i64, i64)>) -> Self {
        counts.sort_unstable_by_key(|&(block, _)| std::cmp::Reverse(block));
        counts.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        Blocks(counts)
    }

    /// How many rows the list has.
    pub fn total(&self) -> i64 {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// Where the row `offset` rows below the newest lies.
    pub fn locate(&self, offset: i64) -> Located {
        let mut above = 0;
        for &(block, n) in &self.0 {
            if offset < above + n {
                return Located::Below { below: (block + 1) << BLOCK_BITS, skip: offset - above };
            }
            above += n;
        }
        Located::PastEnd { total: above }
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

    #[test]
    fn blocks_locate_a_row_by_the_rows_above_it() {
        // Block 3 (ids 3072–4095) twice: two statuses.
        let blocks = Blocks::new(vec![(1, 5), (3, 2), (0, 4), (3, 1)]);
        assert_eq!(blocks.total(), 12);
        assert_eq!(blocks.locate(0), Located::Below { below: 4096, skip: 0 });
        assert_eq!(blocks.locate(2), Located::Below { below: 4096, skip: 2 });
        assert_eq!(blocks.locate(3), Located::Below { below: 2048, skip: 0 });
        assert_eq!(blocks.locate(7), Located::Below { below: 2048, skip: 4 });
        assert_eq!(blocks.locate(8), Located::Below { below: 1024, skip: 0 });
        assert_eq!(blocks.locate(11), Located::Below { below: 1024, skip: 3 });
        assert_eq!(blocks.locate(12), Located::PastEnd { total: 12 });
        assert_eq!(Blocks::new(Vec::new()).locate(0), Located::PastEnd { total: 0 });
    }

    #[test]
    fn blocks_of_no_rows_are_passed_over() {
        let blocks = Blocks::new(vec![(9, 0), (4, 3), (2, 0)]);
        assert_eq!(blocks.locate(0), Located::Below { below: 5 << BLOCK_BITS, skip: 0 });
        assert_eq!(blocks.locate(3), Located::PastEnd { total: 3 });
    }
}

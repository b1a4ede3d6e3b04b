//! The `after=`/`before=` values of page links: opaque to the browser, they
//! carry the key of the row a page starts from and the number the page is
//! shown with. Anything else in them is a bad link (a localized 400).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::domain::paging::Position;

/// Longest cursor accepted; real ones are under 30 characters.
const MAX_LEN: usize = 64;

/// The link value for page `page`, starting after or before the row keyed `key`.
pub fn encode(page: i64, key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{key}", page.max(1)))
}

/// The page number and key of a link value, `None` when malformed.
pub fn decode(raw: &str) -> Option<(i64, i64)> {
    if raw.len() > MAX_LEN {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (page, key) = text.split_once('.')?;
    let page: i64 = page.parse().ok().filter(|p| (1..=1_000_000_000).contains(p))?;
    let key: i64 = key.parse().ok().filter(|k| *k > 0)?;
    Some((page, key))
}

/// The position asked for by a list's query: `after` or `before` (a cursor)
/// wins over `page` (a number, for links from before cursors). `None` for a
/// malformed cursor; `wrap` makes the list's key from the row id.
pub fn position<K>(
    after: Option<&str>,
    before: Option<&str>,
    page: i64,
    wrap: impl Fn(i64) -> K,
) -> Option<Position<K>> {
    fn nonempty(raw: Option<&str>) -> Option<&str> {
        raw.map(str::trim).filter(|r| !r.is_empty())
    }
    match (nonempty(after), nonempty(before)) {
        (Some(raw), _) => decode(raw).map(|(page, key)| Position::After(wrap(key), page)),
        (None, Some(raw)) => decode(raw).map(|(page, key)| Position::Before(wrap(key), page)),
        (None, None) => Some(Position::Number(page)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        assert_eq!(decode(&encode(3, 12345)), Some((3, 12345)));
    }

    #[test]
    fn malformed_values_are_refused() {
        for raw in
            ["", "x", "%00", "MC4x", &URL_SAFE_NO_PAD.encode("1.-5"), &URL_SAFE_NO_PAD.encode("0.5"), &"A".repeat(100)]
        {
            assert_eq!(decode(raw), None, "{raw}");
        }
    }
}

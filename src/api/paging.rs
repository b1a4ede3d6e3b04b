//! Query parameters and cursor paging shared by the list endpoints.
//!
//! A list answers `{"value": [...], "nextLink": "<url>"}`: the link repeats
//! the query with an opaque `cursor` that says where the page ended (a seek
//! key, never an offset, so every page costs the same and rows added
//! meanwhile neither repeat nor vanish). A cursor is bound to the query and
//! the key's partner that made it: used with another query it is a 400.

use actix_web::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::domain::ids::PartnerId;
use crate::web::problem::{Problem, ProblemCode};
use crate::web::query::{QueryPairs, url_encode};

/// Items per page unless `$top` says otherwise, and the most it may say.
pub const DEFAULT_TOP: i64 = 50;
pub const MAX_TOP: i64 = 100;
const CURSOR: &str = "cursor";
const TOP: &str = "$top";

/// A list request's query: only the parameters the endpoint knows, each once.
pub struct ListQuery {
    pairs: QueryPairs,
    path: String,
}

impl ListQuery {
    /// Reads the query of `req`; `known` are the endpoint's own parameters
    /// (`$top` and `cursor` are always known).
    pub fn parse(req: &HttpRequest, known: &[&str]) -> Result<Self, Problem> {
        let pairs = QueryPairs::parse(req.query_string());
        let mut seen: Vec<&str> = Vec::new();
        for (name, _) in pairs.iter() {
            if !(known.contains(&name) || name == TOP || name == CURSOR) || seen.contains(&name) {
                return Err(Problem::field(ProblemCode::InvalidParameter, name));
            }
            seen.push(name);
        }
        Ok(Self { pairs, path: req.path().to_owned() })
    }

    /// A parameter's value, `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.first(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// `$top`: 1 to [`MAX_TOP`].
    pub fn top(&self) -> Result<i64, Problem> {
        match self.get(TOP) {
            None => Ok(DEFAULT_TOP),
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_TOP).contains(n))
                .ok_or_else(|| Problem::field(ProblemCode::TopOutOfRange, TOP).count(MAX_TOP)),
        }
    }

    /// What a cursor is bound to: the partner, the path and every
    /// parameter but the cursor itself and `$top`, as [`Self::get`] reads
    /// them (trimmed, an empty one as none): `?q=wingtip%20` asks what
    /// `?q=wingtip` does, and takes its cursor.
    fn fingerprint(&self, partner_id: PartnerId) -> String {
        let mut hash = Sha256::new();
        hash.update(partner_id.0.to_le_bytes());
        hash.update(self.path.as_bytes());
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .without(CURSOR)
            .filter(|(k, _)| *k != TOP)
            .map(|(k, v)| (k, v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        pairs.sort_unstable();
        for (k, v) in pairs {
            hash.update([0]);
            hash.update(k.as_bytes());
            hash.update([1]);
            hash.update(v.as_bytes());
        }
        hash.finalize()[..9].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Where the previous page ended, if this is not the first page.
    pub fn cursor<K: DeserializeOwned>(&self, partner_id: PartnerId) -> Result<Option<K>, Problem> {
        let Some(raw) = self.get(CURSOR) else { return Ok(None) };
        let invalid = || Problem::field(ProblemCode::InvalidCursor, CURSOR);
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let (fingerprint, key): (String, K) = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if fingerprint != self.fingerprint(partner_id) {
            return Err(invalid());
        }
        Ok(Some(key))
    }

    /// The link to the page after `key`: this query with a new cursor.
    pub fn next_link(&self, base_url: &str, partner_id: PartnerId, key: &impl Serialize) -> String {
        let cursor =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&(self.fingerprint(partner_id), key)).unwrap_or_default());
        let mut query: Vec<String> =
            self.pairs.without(CURSOR).map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))).collect();
        query.push(format!("{CURSOR}={cursor}"));
        format!("{base_url}{}?{}", self.path, query.join("&"))
    }
}

/// Splits `rows` (loaded `top + 1`) into this page and whether more follow.
pub fn page_of<T>(mut rows: Vec<T>, top: i64) -> (Vec<T>, bool) {
    let more = rows.len() as i64 > top;
    rows.truncate(top.max(0) as usize);
    (rows, more)
}

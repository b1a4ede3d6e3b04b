//! Business rules and the queries that serve them. Handlers translate HTTP
//! to calls here; nothing here knows about HTTP.
//!
//! Unique lookups on hot paths load without `LIMIT` (no `.first()`): the
//! bundled SQLite (3.53) plans a statement with the value bound to `LIMIT ?`
//! and so re-prepares it on every execution, bypassing diesel's statement
//! cache. A lookup by a unique key returns at most one row anyway. The
//! benchmark's profile (BENCHMARKS.md) showed re-preparing as ~10 % of the
//! request-relationship page.

/// `impl From<diesel::result::Error>` for use-case errors that carry a
/// `Db(DbError)` variant, so `?` works on queries inside their transaction.
macro_rules! db_error_from_diesel {
    ($($error:ident),+ $(,)?) => {$(
        impl From<diesel::result::Error> for $error {
            fn from(err: diesel::result::Error) -> Self {
                $error::Db(err.into())
            }
        }
    )+};
}
pub(crate) use db_error_from_diesel;

/// The name of the partner a row names by `$partner_id` (a column of that
/// row; `nullable` before it when the column is), as a subquery instead of
/// a join. PostgreSQL plans a prepared statement once for every parameter,
/// and when its statistics put the rows' partners at the lowest ids (the
/// oldest partners hold the most), that generic plan merge-joins along the
/// `partners` primary key from its start to the newest partner named: 1,150
/// pages and ~1 ms a statement to reach the 2,568th partner, most of
/// PostgreSQL's time in an acceptance under load. The subquery is one lookup
/// by primary key per row, whatever the statistics.
macro_rules! partner_name {
    // First: `nullable (x)` would also parse as one expression.
    (nullable $partner_id:expr) => {
        $crate::db::schema::partners::table
            .filter($crate::db::schema::partners::id.nullable().eq($partner_id))
            .select($crate::db::schema::partners::name)
            .single_value()
    };
    ($partner_id:expr) => {
        $crate::domain::partner_name!(nullable($partner_id).nullable()).assume_not_null()
    };
}
pub(crate) use partner_name;

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod audit;
pub mod customers;
pub mod delegated_admin;
pub mod ids;
pub mod invitations;
pub mod lifecycle;
pub mod notifications;
pub mod paging;
pub mod partner_of_record;
pub mod relationships;
pub mod services;
pub mod sessions;
pub mod users;
pub mod webhooks;

/// Text someone typed for others to read (a name, a reason) as it is kept:
/// trimmed, and without the characters that change the direction of the
/// text after them (embeddings, overrides, isolates: U+202A–U+202E,
/// U+2066–U+2069). Arabic or Hebrew letters need none of them; with them, a
/// partner's request name could run the rest of the sentence on the
/// customer's consent page backwards ("… for "Helpdesk\u{202e}.sgnittes lla
/// …"). Left-to-right and right-to-left marks, which change nothing beyond
/// themselves, stay.
pub fn text_for_others(typed: &str) -> String {
    let kept: String =
        typed.chars().filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')).collect();
    kept.trim().to_owned()
}

/// Current time in UTC, as stored in the database.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// `N` bytes from the operating system's CSPRNG, base64url without padding:
/// the shape of every secret handed out (invitation tokens, session ids,
/// CSRF tokens).
pub fn random_token<const N: usize>() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_lose_direction_overrides_and_keep_their_letters() {
        let typed = " Helpdesk\u{202e}.sgnittes\u{2067} مرحبا\u{200f} \u{202a}x\u{202c}\u{2069} ";
        assert_eq!(super::text_for_others(typed), "Helpdesk.sgnittes مرحبا\u{200f} x");
        assert_eq!(super::text_for_others(" \u{202e} "), "");
    }
}

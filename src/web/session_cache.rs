//! Sessions this instance has checked lately, so that a signed-in page on
//! PostgreSQL does not spend a round trip on its session every time: the
//! session check was half of the request page's cost there
//! (bench/analysis.md). How they are kept, and forgotten when the database
//! says they changed, is [`crate::web::kept`]'s: a session is forgotten
//! when it ends or is removed (a notice with its id), or when anything its
//! principal is read from changes (a user's role, name, e-mail or
//! organisation, an organisation's name: an empty notice). An instance
//! also forgets a session it ends itself before it answers.
//!
//! Timeouts are judged from the kept times as from the stored ones; a
//! session whose verdict is anything but "valid, nothing to write" goes to
//! the database.

use chrono::NaiveDateTime;

use crate::db::listener::{Heard, Listener};
use crate::domain::accounts::Principal;
use crate::domain::sessions::{Limits, Stored, Verdict};
use crate::web::kept::{Generation, KeptMap};

/// See the module.
pub struct SessionCache(KeptMap<String, Stored>);

impl SessionCache {
    /// A cache that keeps nothing until `listener` hears
    /// ([`Self::hear`]); without one, never.
    pub fn new(listener: Option<Listener>) -> Self {
        Self(KeptMap::new(listener))
    }

    /// The principal of session `sid` when it is kept and, as kept, valid
    /// at `now` with nothing to write, once nothing committed before this
    /// call can have changed it.
    pub async fn valid(&self, sid: &str, now: NaiveDateTime, limits: Limits) -> Option<Principal> {
        self.0.get(sid, |stored| valid_now(stored, now, limits)).await
    }

    /// The generation to give [`Self::keep`] for a read that starts now.
    pub fn generation(&self) -> Generation {
        self.0.generation()
    }

    /// Keeps session `sid` as read from the database in `generation`,
    /// unless something changed since.
    pub fn keep(&self, generation: Generation, sid: &str, stored: Stored) {
        self.0.keep(generation, sid.to_owned(), stored);
    }

    /// Forgets session `sid` (it ended).
    pub fn forget(&self, sid: &str) {
        self.0.forget(sid);
    }

    /// Whether sessions are kept now (listening); for tests and diagnostics.
    pub fn listening(&self) -> bool {
        self.0.listening()
    }

    /// How many sessions are kept now; for tests and diagnostics.
    pub fn kept(&self) -> usize {
        self.0.kept()
    }

    /// What the database listener heard.
    pub fn hear(&self, heard: Heard<'_>) {
        match heard {
            Heard::Notice(sid) if !sid.is_empty() => self.forget(sid),
            heard => self.0.hear(heard),
        }
    }
}

fn valid_now(stored: &Stored, now: NaiveDateTime, limits: Limits) -> Option<Principal> {
    match stored.verdict(now, limits) {
        Verdict::Valid { principal, touch: false } => Some(principal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sessions::Stored;
    use std::time::Duration;

    fn limits() -> Limits {
        Limits { idle: Duration::from_secs(3600), max: Duration::from_secs(12 * 3600) }
    }

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap().naive_utc()
    }

    impl SessionCache {
        fn kept_valid(&self, sid: &str, now: NaiveDateTime, limits: Limits) -> Option<Principal> {
            self.0.peek(sid, |stored| valid_now(stored, now, limits))
        }
    }

    fn listening() -> SessionCache {
        let cache = SessionCache::new(Some(Listener::default()));
        cache.hear(Heard::Listening);
        cache
    }

    #[test]
    fn a_notice_forgets_its_session_or_all_of_them() {
        let cache = listening();
        for sid in ["a", "b", "c"] {
            cache.keep(cache.generation(), sid, Stored::valid_for_tests(now()));
        }
        cache.hear(Heard::Notice("a"));
        assert!(cache.kept_valid("a", now(), limits()).is_none());
        assert!(cache.kept_valid("b", now(), limits()).is_some());
        cache.hear(Heard::Notice(""));
        assert!(cache.kept_valid("b", now(), limits()).is_none());
        assert!(cache.kept_valid("c", now(), limits()).is_none());
    }

    #[test]
    fn a_read_older_than_a_notice_is_not_kept() {
        let cache = listening();
        let before = cache.generation();
        cache.hear(Heard::Notice("a"));
        cache.keep(before, "a", Stored::valid_for_tests(now()));
        assert!(cache.kept_valid("a", now(), limits()).is_none());
    }

    #[test]
    fn a_kept_session_is_judged_at_each_use() {
        let cache = listening();
        cache.keep(cache.generation(), "a", Stored::valid_for_tests(now()));
        // Due a touch (written to the database) after a minute; timed out
        // after the idle limit: neither is answered from the cache.
        assert!(cache.kept_valid("a", now() + chrono::Duration::seconds(59), limits()).is_some());
        assert!(cache.kept_valid("a", now() + chrono::Duration::seconds(61), limits()).is_none());
        assert!(cache.kept_valid("a", now() + chrono::Duration::seconds(3601), limits()).is_none());
    }
}

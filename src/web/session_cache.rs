//! Sessions this instance has checked lately, so that a signed-in page on
//! PostgreSQL does not spend a round trip on its session every time: the
//! session check was half of the request page's cost there
//! (bench/analysis.md).
//!
//! A session is kept only while nothing says it changed. Every instance
//! listens to the database ([`crate::db::listener`]); triggers announce each
//! session that ends or is removed, and any change to the accounts a
//! session's principal is read from (a user's role, name, e-mail or
//! organisation, an organisation's name), on [`CHANNEL`]. An instance
//! forgets the session, or everything, as it hears it, and keeps nothing
//! while it cannot hear. An instance forgets a session it ends itself
//! before it answers, so its own next request never sees it.
//!
//! A read that began before a notice and finishes after it must not put
//! back what the notice removed: each notice moves the cache to a new
//! generation, and a session read in an earlier one is not kept.
//!
//! An entry lives [`KEEP_FOR`] at most: whatever the listener could miss
//! is bounded by it. Timeouts are judged from the kept times as from the
//! stored ones; a session whose verdict is anything but "valid, nothing to
//! write" goes to the database.
//!
//! SQLite has no listener and a session check that costs little (it shares
//! the page's read transaction, `db::HeldRead`): its cache has no
//! listener, keeps nothing and takes no lock.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use parking_lot::RwLock;
use rustc_hash::FxHashMap;

use crate::db::listener::{Heard, Listener};
use crate::domain::accounts::Principal;
use crate::domain::sessions::{Limits, Stored, Verdict};

/// The channel the triggers of migration `principal_change_notices`
/// notify: a session's id when it ends, an empty payload when accounts
/// change.
pub const CHANNEL: &str = "partnerlink_sessions";
/// The longest a checked session is kept.
const KEEP_FOR: Duration = Duration::from_secs(10);
/// The most sessions kept; past it the cache starts again empty.
const CAPACITY: usize = 4096;

/// See the module.
pub struct SessionCache {
    inner: RwLock<Inner>,
    /// `None` on SQLite: nothing is kept, and nothing is locked.
    listener: Option<Listener>,
}

#[derive(Default)]
struct Inner {
    /// Whether sessions may be kept: listening, on PostgreSQL.
    live: bool,
    /// Moves on with every notice (see the module).
    generation: u64,
    sessions: FxHashMap<String, Kept>,
}

struct Kept {
    stored: Stored,
    at: Instant,
}

/// Where the cache stood when a session was read from the database: given
/// back to [`SessionCache::keep`].
#[derive(Clone, Copy)]
pub struct Generation(u64);

impl SessionCache {
    /// A cache that keeps nothing until `listener` hears
    /// ([`Self::hear`]); without one, never.
    pub fn new(listener: Option<Listener>) -> Self {
        Self { inner: RwLock::new(Inner::default()), listener }
    }

    /// The principal of session `sid` when it is kept and, as kept, valid
    /// at `now` with nothing to write, once nothing committed before this
    /// call can have changed it.
    pub async fn valid(&self, sid: &str, now: NaiveDateTime, limits: Limits) -> Option<Principal> {
        let listener = self.listener.as_ref()?;
        self.kept_valid(sid, now, limits)?;
        if !listener.caught_up().await {
            return None;
        }
        self.kept_valid(sid, now, limits)
    }

    fn kept_valid(&self, sid: &str, now: NaiveDateTime, limits: Limits) -> Option<Principal> {
        let inner = self.inner.read();
        let kept = inner.sessions.get(sid)?;
        if kept.at.elapsed() >= KEEP_FOR {
            return None;
        }
        match kept.stored.verdict(now, limits) {
            Verdict::Valid { principal, touch: false } => Some(principal),
            _ => None,
        }
    }

    /// The generation to give [`Self::keep`] for a read that starts now.
    pub fn generation(&self) -> Generation {
        if self.listener.is_none() {
            return Generation(0);
        }
        Generation(self.inner.read().generation)
    }

    /// Keeps session `sid` as read from the database in `generation`,
    /// unless something changed since.
    pub fn keep(&self, generation: Generation, sid: &str, stored: Stored) {
        if self.listener.is_none() {
            return;
        }
        let mut inner = self.inner.write();
        if !inner.live || inner.generation != generation.0 {
            return;
        }
        if inner.sessions.len() >= CAPACITY {
            inner.sessions.clear();
        }
        inner.sessions.insert(sid.to_owned(), Kept { stored, at: Instant::now() });
    }

    /// Forgets session `sid` (it ended).
    pub fn forget(&self, sid: &str) {
        if self.listener.is_none() {
            return;
        }
        let mut inner = self.inner.write();
        inner.generation += 1;
        inner.sessions.remove(sid);
    }

    /// Forgets every session; keeps new ones only when `live`.
    fn forget_all(&self, live: bool) {
        let mut inner = self.inner.write();
        inner.generation += 1;
        inner.live = live;
        inner.sessions.clear();
    }

    /// Whether sessions are kept now (listening); for tests and diagnostics.
    pub fn listening(&self) -> bool {
        self.inner.read().live
    }

    /// How many sessions are kept now; for tests and diagnostics.
    pub fn kept(&self) -> usize {
        self.inner.read().sessions.len()
    }

    /// What the database listener heard.
    pub fn hear(&self, heard: Heard<'_>) {
        match heard {
            Heard::Listening => self.forget_all(true),
            Heard::Deaf => self.forget_all(false),
            Heard::Notice("") => self.forget_all(true),
            Heard::Notice(sid) => self.forget(sid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sessions::Stored;

    fn limits() -> Limits {
        Limits { idle: Duration::from_secs(3600), max: Duration::from_secs(12 * 3600) }
    }

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap().naive_utc()
    }

    fn listening() -> SessionCache {
        let cache = SessionCache::new(Some(Listener::default()));
        cache.hear(Heard::Listening);
        cache
    }

    #[test]
    fn keeps_nothing_until_it_listens_nor_after_it_stops() {
        let cache = SessionCache::new(Some(Listener::default()));
        cache.keep(cache.generation(), "a", Stored::valid_for_tests(now()));
        assert!(cache.kept_valid("a", now(), limits()).is_none());

        cache.hear(Heard::Listening);
        cache.keep(cache.generation(), "a", Stored::valid_for_tests(now()));
        assert!(cache.kept_valid("a", now(), limits()).is_some());

        cache.hear(Heard::Deaf);
        assert!(cache.kept_valid("a", now(), limits()).is_none());
        cache.keep(cache.generation(), "a", Stored::valid_for_tests(now()));
        assert!(cache.kept_valid("a", now(), limits()).is_none());
    }

    #[test]
    fn without_a_listener_nothing_is_kept() {
        let cache = SessionCache::new(None);
        cache.hear(Heard::Listening);
        cache.keep(cache.generation(), "a", Stored::valid_for_tests(now()));
        assert_eq!(cache.kept(), 0);
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

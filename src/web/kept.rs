//! What an instance keeps in memory of the database, so that a page on
//! PostgreSQL does not spend a round trip on what rarely changes (a
//! session, a partner's invitation link), kept only while nothing says it
//! changed.
//!
//! Every instance listens to the database ([`crate::db::listener`]);
//! triggers announce changes on [`CHANNEL`] (migrations
//! `principal_change_notices`, `invitation_token_notices`): a session's id
//! when it ends or is removed, an empty payload when anything else kept
//! changes. An instance forgets what it hears of, and keeps nothing while
//! it cannot hear. A kept value is used only once the listener has caught
//! up with every change committed before the request asked
//! ([`Listener::caught_up`]): a client told by instance A that a change is
//! done never sees the old value on instance B.
//!
//! A read that began before a notice and finishes after it must not put
//! back what the notice removed: each notice moves the map to a new
//! generation, and a value read in an earlier one is not kept.
//!
//! An entry lives [`KEEP_FOR`] at most: whatever the listener could miss
//! is bounded by it.
//!
//! A request waits for the listener once, however many kept values it
//! reads ([`within_request`]): a page that read its session and its
//! invitation link waited for two catch-ups, one after the other, and
//! under load those waits, not the CPU, set how many pages an instance
//! served (bench/analysis.md).
//!
//! SQLite has no listener and reads that cost little (they share the
//! page's read transaction, `db::HeldRead`): there the map keeps nothing
//! and takes no lock.

use std::borrow::Borrow;
use std::cell::Cell;
use std::future::Future;
use std::hash::Hash;
use std::time::{Duration, Instant};

use parking_lot::RwLock;
use rustc_hash::FxHashMap;

use crate::db::listener::{Heard, Listener};

/// The channel the triggers notify: a session's id when it ends, an empty
/// payload when anything else kept changes.
pub const CHANNEL: &str = "partnerlink_sessions";
/// The longest a value is kept.
const KEEP_FOR: Duration = Duration::from_secs(10);
/// The most values kept in one map; past it the map starts again empty.
const CAPACITY: usize = 4096;

tokio::task_local! {
    /// Whether the listener has caught up since the request being handled
    /// began ([`within_request`]).
    static CAUGHT_UP: Cell<bool>;
}

/// Runs the handling of one request so that the kept values it reads wait
/// for the listener once, at the first of them: every change committed
/// before that moment (so before the request began) has then been heard,
/// and every later read of the request may rely on it, as a transaction
/// relies on its snapshot. Outside this scope, every read waits.
pub async fn within_request<F: Future>(request: F) -> F::Output {
    CAUGHT_UP.scope(Cell::new(false), request).await
}

/// [`Listener::caught_up`], asked at most once per request (see
/// [`within_request`]).
async fn caught_up(listener: &Listener) -> bool {
    if CAUGHT_UP.try_with(Cell::get).unwrap_or(false) {
        return true;
    }
    let caught_up = listener.caught_up().await;
    if caught_up {
        let _ = CAUGHT_UP.try_with(|done| done.set(true));
    }
    caught_up
}

/// Values of type `V` read from the database under keys `K`: see the
/// module.
pub struct KeptMap<K, V> {
    inner: RwLock<Inner<K, V>>,
    /// `None` on SQLite: nothing is kept, and nothing is locked.
    listener: Option<Listener>,
}

struct Inner<K, V> {
    /// Whether values may be kept: listening, on PostgreSQL.
    live: bool,
    /// Moves on with every notice (see the module).
    generation: u64,
    entries: FxHashMap<K, Entry<V>>,
}

struct Entry<V> {
    value: V,
    at: Instant,
}

/// Where a map stood when a value was read from the database: given back
/// to [`KeptMap::keep`].
#[derive(Clone, Copy)]
pub struct Generation(u64);

impl<K: Hash + Eq, V> KeptMap<K, V> {
    /// A map that keeps nothing until `listener` hears ([`Self::hear`]);
    /// without one, never.
    pub fn new(listener: Option<Listener>) -> Self {
        let inner = Inner { live: false, generation: 0, entries: FxHashMap::default() };
        Self { inner: RwLock::new(inner), listener }
    }

    /// What `judge` makes of the value kept for `key`, when one is kept
    /// and `judge` accepts it, once nothing committed before this call can
    /// have changed it.
    pub async fn get<Q, R>(&self, key: &Q, judge: impl Fn(&V) -> Option<R>) -> Option<R>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let listener = self.listener.as_ref()?;
        self.peek(key, &judge)?;
        if !caught_up(listener).await {
            return None;
        }
        self.peek(key, &judge)
    }

    /// [`Self::get`] without waiting for the listener to catch up.
    pub(crate) fn peek<Q, R>(&self, key: &Q, judge: impl Fn(&V) -> Option<R>) -> Option<R>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let inner = self.inner.read();
        let entry = inner.entries.get(key)?;
        if entry.at.elapsed() >= KEEP_FOR {
            return None;
        }
        judge(&entry.value)
    }

    /// The generation to give [`Self::keep`] for a read that starts now.
    pub fn generation(&self) -> Generation {
        if self.listener.is_none() {
            return Generation(0);
        }
        Generation(self.inner.read().generation)
    }

    /// Keeps `value` as read from the database in `generation` under
    /// `key`, unless something changed since.
    pub fn keep(&self, generation: Generation, key: K, value: V) {
        if self.listener.is_none() {
            return;
        }
        let mut inner = self.inner.write();
        if !inner.live || inner.generation != generation.0 {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            inner.entries.clear();
        }
        inner.entries.insert(key, Entry { value, at: Instant::now() });
    }

    /// Forgets the value of `key` (it changed).
    pub fn forget<Q>(&self, key: &Q)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.listener.is_none() {
            return;
        }
        let mut inner = self.inner.write();
        inner.generation += 1;
        inner.entries.remove(key);
    }

    /// Forgets everything; keeps new values only when `live`.
    fn forget_all(&self, live: bool) {
        let mut inner = self.inner.write();
        inner.generation += 1;
        inner.live = live;
        inner.entries.clear();
    }

    /// Whether values are kept now (listening); for tests and diagnostics.
    pub fn listening(&self) -> bool {
        self.inner.read().live
    }

    /// How many values are kept now; for tests and diagnostics.
    pub fn kept(&self) -> usize {
        self.inner.read().entries.len()
    }

    /// What the database listener heard. A notice naming one session
    /// (non-empty) is the session map's to act on ([`Self::forget`]); every
    /// other map ignores it.
    pub fn hear(&self, heard: Heard<'_>) {
        match heard {
            Heard::Listening | Heard::Notice("") => self.forget_all(true),
            Heard::Deaf => self.forget_all(false),
            Heard::Notice(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening() -> KeptMap<&'static str, u32> {
        let map = KeptMap::new(Some(Listener::default()));
        map.hear(Heard::Listening);
        map
    }

    fn peek(map: &KeptMap<&'static str, u32>, key: &'static str) -> Option<u32> {
        map.peek(&key, |value| Some(*value))
    }

    #[test]
    fn keeps_nothing_until_it_listens_nor_after_it_stops() {
        let map = KeptMap::new(Some(Listener::default()));
        map.keep(map.generation(), "a", 1);
        assert_eq!(peek(&map, "a"), None);

        map.hear(Heard::Listening);
        map.keep(map.generation(), "a", 1);
        assert_eq!(peek(&map, "a"), Some(1));

        map.hear(Heard::Deaf);
        assert_eq!(peek(&map, "a"), None);
        map.keep(map.generation(), "a", 1);
        assert_eq!(peek(&map, "a"), None);
    }

    #[test]
    fn without_a_listener_nothing_is_kept() {
        let map = KeptMap::new(None);
        map.hear(Heard::Listening);
        map.keep(map.generation(), "a", 1);
        assert_eq!(map.kept(), 0);
    }

    #[test]
    fn an_empty_notice_forgets_everything_and_a_named_one_nothing_here() {
        let map = listening();
        for key in ["a", "b"] {
            map.keep(map.generation(), key, 1);
        }
        map.hear(Heard::Notice("a"));
        assert_eq!(peek(&map, "a"), Some(1), "a session's id is the session map's business");
        map.forget("a");
        assert_eq!(peek(&map, "a"), None);
        map.hear(Heard::Notice(""));
        assert_eq!(peek(&map, "b"), None);
    }

    #[test]
    fn a_read_older_than_a_notice_is_not_kept() {
        let map = listening();
        let before = map.generation();
        map.hear(Heard::Notice(""));
        map.keep(before, "a", 1);
        assert_eq!(peek(&map, "a"), None);
    }

    #[tokio::test]
    async fn a_request_waits_for_the_listener_once_and_anything_else_every_time() {
        let listener = Listener::answering_for_tests();
        let map = KeptMap::new(Some(listener.clone()));
        map.hear(Heard::Listening);
        map.keep(map.generation(), "a", 1);
        let read = || map.get(&"a", |value| Some(*value));

        let request = async { (read().await, read().await, read().await) };
        assert_eq!(within_request(request).await, (Some(1), Some(1), Some(1)));
        assert_eq!(listener.asked_for_tests(), 1, "one wait for the request's three reads");

        assert_eq!((read().await, read().await), (Some(1), Some(1)));
        assert_eq!(listener.asked_for_tests(), 3, "outside a request, each read waits");

        within_request(async { assert_eq!(read().await, Some(1)) }).await;
        assert_eq!(listener.asked_for_tests(), 4, "a new request waits again");
    }

    #[tokio::test]
    async fn a_request_whose_wait_failed_waits_again_at_its_next_read() {
        tokio::time::pause();
        let listener = Listener::default();
        let map = KeptMap::new(Some(listener.clone()));
        map.hear(Heard::Listening);
        map.keep(map.generation(), "a", 1);
        within_request(async {
            assert_eq!(map.get(&"a", |value| Some(*value)).await, None, "nobody answers: not caught up");
            assert_eq!(map.get(&"a", |value| Some(*value)).await, None);
        })
        .await;
        assert_eq!(listener.asked_for_tests(), 2);
    }

    #[test]
    fn judge_decides_whether_a_kept_value_answers() {
        let map = listening();
        map.keep(map.generation(), "a", 1);
        assert_eq!(map.peek(&"a", |value| (*value > 1).then_some(*value)), None);
    }
}

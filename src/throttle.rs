//! Sign-in throttling: fixed windows counting attempts per email and per
//! client address, in memory or in Redis so every instance sees them.
//!
//! An attempt is counted *before* its password is checked, in one atomic
//! step that also says whether it is over the limit: parallel guesses cannot
//! all slip past a "blocked?" check that runs before any of them is counted.
//! A successful sign-in then gives its attempt back. Besides the windows, one
//! client may have only [`MAX_IN_FLIGHT_PER_CLIENT`] password checks running
//! at once in this process, so a burst from one address cannot queue ahead
//! of everyone else's sign-ins.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;
use sha2::{Digest, Sha256};

use crate::config::ThrottleSettings;

/// Counters kept in memory at most; past it, expired windows are dropped and
/// then the oldest. Keys are fixed-size digests, so this bounds the memory.
pub const MAX_MEMORY_COUNTERS: usize = 20_000;

/// Password checks one client address may have running at once.
pub const MAX_IN_FLIGHT_PER_CLIENT: usize = 2;

enum Store {
    Memory(Mutex<HashMap<String, (u32, Instant)>>),
    Redis(ConnectionManager),
}

pub struct Throttle {
    settings: ThrottleSettings,
    prefix: String,
    store: Store,
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
}

/// The counters that apply to one sign-in attempt.
pub struct Keys {
    email: String,
    client: String,
}

/// Why an attempt may not check its password.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Too many attempts in the window: try again after this long.
    Limit(Duration),
    /// This client already has its share of checks running.
    Busy,
}

/// A counted attempt that may check its password; holds the client's
/// in-flight slot until dropped.
pub struct Attempt {
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
    client: String,
}

impl Drop for Attempt {
    fn drop(&mut self) {
        let mut map = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = map.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.client);
            }
        }
    }
}

/// A short fixed-size key part for `value`, however long it is.
fn digest(value: &str) -> String {
    let hash = Sha256::digest(value.as_bytes());
    hash[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl Throttle {
    pub fn in_memory(settings: ThrottleSettings) -> Self {
        Self::with_store(settings, String::new(), Store::Memory(Mutex::new(HashMap::new())))
    }

    /// Counters in Redis under `{prefix}:throttle:…`.
    pub fn redis(settings: ThrottleSettings, prefix: &str, connection: ConnectionManager) -> Self {
        Self::with_store(settings, format!("{prefix}:"), Store::Redis(connection))
    }

    fn with_store(settings: ThrottleSettings, prefix: String, store: Store) -> Self {
        Self { settings, prefix, store, in_flight: Arc::default() }
    }

    /// The counters for a sign-in attempt on `side` with `email` from `client`.
    pub fn keys(&self, side: &str, email: &str, client: &str) -> Keys {
        let prefix = &self.prefix;
        Keys {
            email: format!("{prefix}throttle:{side}:email:{}", digest(&email.trim().to_lowercase())),
            client: format!("{prefix}throttle:{side}:client:{}", digest(client)),
        }
    }

    /// Counts an attempt and says whether it may check its password.
    pub async fn attempt(&self, keys: &Keys) -> Result<Attempt, Refused> {
        let attempt = self.enter(&keys.client)?;
        let counts = self.count(keys).await;
        let limits = [self.settings.max_failures_per_email, self.settings.max_failures_per_client];
        let over = counts.into_iter().zip(limits).filter(|((count, _), max)| count > max).map(|((_, wait), _)| wait);
        match over.max() {
            Some(wait) => Err(Refused::Limit(wait.max(Duration::from_secs(1)))),
            None => Ok(attempt),
        }
    }

    /// The attempt signed in: its email's failures are forgotten and it no
    /// longer counts against its client.
    pub async fn succeeded(&self, keys: &Keys) {
        match &self.store {
            Store::Memory(map) => {
                let mut map = map.lock().unwrap_or_else(PoisonError::into_inner);
                map.remove(&keys.email);
                if let Some((count, _)) = map.get_mut(&keys.client) {
                    *count = count.saturating_sub(1);
                }
            }
            Store::Redis(conn) => {
                let result: redis::RedisResult<()> = redis::pipe()
                    .del(&keys.email)
                    .ignore()
                    .decr(&keys.client, 1)
                    .ignore()
                    .query_async(&mut conn.clone())
                    .await;
                if let Err(err) = result {
                    tracing::warn!(%err, "cannot reset sign-in counters in Redis");
                }
            }
        }
    }

    fn enter(&self, client: &str) -> Result<Attempt, Refused> {
        let mut map = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        let running = map.entry(client.to_owned()).or_insert(0);
        if *running >= MAX_IN_FLIGHT_PER_CLIENT {
            return Err(Refused::Busy);
        }
        *running += 1;
        Ok(Attempt { in_flight: self.in_flight.clone(), client: client.to_owned() })
    }

    /// Adds one to both counters; returns each new count with the time left
    /// in its window.
    async fn count(&self, keys: &Keys) -> [(u32, Duration); 2] {
        let counted = self.count_in_window([&keys.email, &keys.client], self.settings.window).await;
        [counted[0], counted[1]]
    }

    /// Counts one more request by API key `key_id` in the current minute;
    /// past `per_minute`, says how long until the window starts again.
    pub async fn api_request(&self, key_id: i64, per_minute: u32) -> Result<(), Duration> {
        let key = format!("{}throttle:api:key:{key_id}", self.prefix);
        let [(count, left)] = self.count_in_window([&key], Duration::from_secs(60)).await;
        if count > per_minute { Err(left.max(Duration::from_secs(1))) } else { Ok(()) }
    }

    /// Adds one to each counter of a fixed window of `window`, atomically;
    /// returns each new count with the time left in its window.
    async fn count_in_window<const N: usize>(&self, keys: [&String; N], window: Duration) -> [(u32, Duration); N] {
        match &self.store {
            Store::Memory(map) => {
                let mut map = map.lock().unwrap_or_else(PoisonError::into_inner);
                if map.len() + N > MAX_MEMORY_COUNTERS {
                    make_room(&mut map, window);
                }
                keys.map(|key| {
                    let entry = map.entry(key.clone()).or_insert((0, Instant::now()));
                    if entry.1.elapsed() >= window {
                        *entry = (0, Instant::now());
                    }
                    entry.0 += 1;
                    (entry.0, window.saturating_sub(entry.1.elapsed()))
                })
            }
            Store::Redis(conn) => {
                let window_ms = window.as_millis().max(1) as i64;
                let mut pipe = redis::pipe();
                pipe.atomic();
                for key in keys {
                    pipe.incr(key, 1).cmd("PEXPIRE").arg(key).arg(window_ms).arg("NX").ignore().pttl(key);
                }
                // Flat: each key's new count, then its time left (ms).
                let counted: redis::RedisResult<Vec<i64>> = pipe.query_async(&mut conn.clone()).await;
                match counted {
                    Ok(counted) if counted.len() == 2 * N => {
                        let left = |ms: i64| Duration::from_millis(ms.max(0) as u64);
                        std::array::from_fn(|i| {
                            (counted[2 * i].clamp(0, u32::MAX as i64) as u32, left(counted[2 * i + 1]))
                        })
                    }
                    Ok(_) => [(0, Duration::ZERO); N],
                    // Redis is down: the session layer answers 503 anyway;
                    // the in-flight cap still bounds what one client can do.
                    Err(err) => {
                        tracing::warn!(%err, "cannot count in Redis");
                        [(0, Duration::ZERO); N]
                    }
                }
            }
        }
    }

    /// Clients with a password check running (tests).
    pub fn clients_in_flight(&self) -> HashSet<String> {
        self.in_flight.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect()
    }

    /// The number of counters kept in memory (tests).
    pub fn memory_counters(&self) -> usize {
        match &self.store {
            Store::Memory(map) => map.lock().unwrap_or_else(PoisonError::into_inner).len(),
            Store::Redis(_) => 0,
        }
    }
}

/// Drops expired windows, then, if still full, the oldest tenth.
fn make_room(map: &mut HashMap<String, (u32, Instant)>, window: Duration) {
    map.retain(|_, (_, started)| started.elapsed() < window);
    if map.len() + 2 > MAX_MEMORY_COUNTERS {
        let mut starts: Vec<Instant> = map.values().map(|(_, started)| *started).collect();
        starts.sort_unstable();
        let cutoff = starts[starts.len() / 10];
        map.retain(|_, (_, started)| *started > cutoff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_email: u32, per_client: u32) -> Throttle {
        Throttle::in_memory(ThrottleSettings {
            window: Duration::from_secs(60),
            max_failures_per_email: per_email,
            max_failures_per_client: per_client,
        })
    }

    #[tokio::test]
    async fn the_attempt_past_the_limit_is_refused_before_any_check() {
        let throttle = throttle(3, 100);
        let keys = throttle.keys("partner", "a@example.com", "10.0.0.1");
        for _ in 0..3 {
            drop(throttle.attempt(&keys).await.expect("within the limit"));
        }
        assert!(matches!(throttle.attempt(&keys).await, Err(Refused::Limit(_))));
        let other = throttle.keys("partner", "b@example.com", "10.0.0.1");
        assert!(throttle.attempt(&other).await.is_ok(), "another email from the same client");
    }

    #[tokio::test]
    async fn one_client_holds_at_most_its_share_of_checks() {
        let throttle = throttle(100, 100);
        let keys = throttle.keys("admin", "a@example.com", "10.0.0.1");
        let held: Vec<Attempt> =
            futures_util::future::join_all((0..MAX_IN_FLIGHT_PER_CLIENT).map(|_| throttle.attempt(&keys)))
                .await
                .into_iter()
                .map(|a| a.expect("within the share"))
                .collect();
        assert_eq!(throttle.attempt(&keys).await.err(), Some(Refused::Busy));
        let elsewhere = throttle.keys("admin", "a@example.com", "10.0.0.2");
        assert!(throttle.attempt(&elsewhere).await.is_ok(), "another client is not held up");
        drop(held);
        assert!(throttle.attempt(&keys).await.is_ok());
        assert!(throttle.clients_in_flight().is_empty());
    }

    #[tokio::test]
    async fn success_gives_the_attempt_back() {
        let throttle = throttle(2, 2);
        let keys = throttle.keys("partner", "a@example.com", "10.0.0.1");
        for _ in 0..10 {
            drop(throttle.attempt(&keys).await.expect("successful sign-ins never lock anyone out"));
            throttle.succeeded(&keys).await;
        }
    }

    #[tokio::test]
    async fn memory_stays_bounded_under_many_long_emails() {
        let throttle = throttle(5, u32::MAX);
        let long = "x".repeat(10_000);
        for i in 0..(MAX_MEMORY_COUNTERS + 500) {
            let keys = throttle.keys("partner", &format!("{long}{i}@example.com"), "10.0.0.1");
            drop(throttle.attempt(&keys).await);
        }
        assert!(throttle.memory_counters() <= MAX_MEMORY_COUNTERS);
    }
}

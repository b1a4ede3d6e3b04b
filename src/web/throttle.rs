//! Sign-in throttling: fixed windows counting failed attempts per email and
//! per client address, in memory or in Redis so every instance sees them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use crate::config::ThrottleSettings;

pub enum Store {
    Memory(Mutex<HashMap<String, (u32, Instant)>>),
    Redis(ConnectionManager),
}

pub struct Throttle {
    settings: ThrottleSettings,
    prefix: String,
    store: Store,
}

/// The counters that apply to one sign-in attempt.
pub struct Keys {
    email: String,
    client: String,
}

impl Throttle {
    pub fn in_memory(settings: ThrottleSettings) -> Self {
        Self { settings, prefix: String::new(), store: Store::Memory(Mutex::new(HashMap::new())) }
    }

    /// Counters in Redis under `{prefix}:throttle:…`.
    pub fn redis(settings: ThrottleSettings, prefix: &str, connection: ConnectionManager) -> Self {
        Self { settings, prefix: format!("{prefix}:"), store: Store::Redis(connection) }
    }

    /// The counters for a sign-in attempt on `side` with `email` from `client`.
    pub fn keys(&self, side: &str, email: &str, client: &str) -> Keys {
        let prefix = &self.prefix;
        Keys {
            email: format!("{prefix}throttle:{side}:email:{}", email.trim().to_lowercase()),
            client: format!("{prefix}throttle:{side}:client:{client}"),
        }
    }

    /// `Some(seconds until the window ends)` when the attempt must be refused.
    pub async fn blocked_for(&self, keys: &Keys) -> Option<Duration> {
        let email = self.current(&keys.email).await;
        let client = self.current(&keys.client).await;
        let blocked = [(email, self.settings.max_failures_per_email), (client, self.settings.max_failures_per_client)];
        blocked.into_iter().filter_map(|((count, remaining), max)| (count >= max).then_some(remaining)).max()
    }

    pub async fn record_failure(&self, keys: &Keys) {
        self.increment(&keys.email).await;
        self.increment(&keys.client).await;
    }

    /// A successful sign-in forgets the failures for that email.
    pub async fn reset(&self, keys: &Keys) {
        match &self.store {
            Store::Memory(map) => {
                if let Ok(mut map) = map.lock() {
                    map.remove(&keys.email);
                }
            }
            Store::Redis(conn) => {
                let mut conn = conn.clone();
                let _: Result<(), _> = conn.del(&keys.email).await;
            }
        }
    }

    async fn current(&self, key: &str) -> (u32, Duration) {
        let window = self.settings.window;
        match &self.store {
            Store::Memory(map) => {
                let Ok(map) = map.lock() else { return (0, Duration::ZERO) };
                match map.get(key) {
                    Some((count, started)) if started.elapsed() < window => (*count, window - started.elapsed()),
                    _ => (0, Duration::ZERO),
                }
            }
            Store::Redis(conn) => {
                let mut conn = conn.clone();
                let count: Option<u32> = conn.get(key).await.unwrap_or_else(|err| {
                    tracing::warn!(%err, "throttle counter unavailable");
                    None
                });
                let ttl_ms: i64 = conn.pttl(key).await.unwrap_or(0);
                (count.unwrap_or(0), Duration::from_millis(ttl_ms.max(0) as u64))
            }
        }
    }

    async fn increment(&self, key: &str) {
        let window = self.settings.window;
        match &self.store {
            Store::Memory(map) => {
                let Ok(mut map) = map.lock() else { return };
                if map.len() > 100_000 {
                    map.retain(|_, (_, started)| started.elapsed() < window);
                }
                let entry = map.entry(key.to_owned()).or_insert((0, Instant::now()));
                if entry.1.elapsed() >= window {
                    *entry = (0, Instant::now());
                }
                entry.0 += 1;
            }
            Store::Redis(conn) => {
                let mut conn = conn.clone();
                let window_ms = window.as_millis().max(1) as i64;
                let result: Result<(u32,), _> = redis::pipe()
                    .atomic()
                    .incr(key, 1)
                    .cmd("PEXPIRE")
                    .arg(key)
                    .arg(window_ms)
                    .arg("NX")
                    .ignore()
                    .query_async(&mut conn)
                    .await;
                if let Err(err) = result {
                    tracing::warn!(%err, "cannot count a failed sign-in in Redis");
                }
            }
        }
    }
}

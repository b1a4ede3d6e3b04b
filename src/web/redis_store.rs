//! Sessions in Redis with bounded waits. actix-session's own Redis store
//! uses a connection manager with default retries and no response timeout,
//! so an unreachable Redis held requests for minutes; here every command
//! gives up after [`REDIS_TIMEOUT`] and the page says "temporarily
//! unavailable" instead.

use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as Ttl;
use rand::Rng;
use rand::distributions::Alphanumeric;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Value};

type SessionState = std::collections::HashMap<String, String>;

/// How long one Redis command (or connecting) may take.
pub const REDIS_TIMEOUT: Duration = Duration::from_secs(1);

/// A connection manager that reconnects in the background and never makes a
/// request wait longer than [`REDIS_TIMEOUT`] per attempt.
pub async fn connect(url: &str) -> redis::RedisResult<ConnectionManager> {
    let client = redis::Client::open(url)?;
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(REDIS_TIMEOUT)
        .set_response_timeout(REDIS_TIMEOUT)
        .set_number_of_retries(1)
        .set_max_delay(500);
    ConnectionManager::new_with_config(client, config).await
}

#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    /// `{PARTNERLINK_REDIS_PREFIX}:session:`
    prefix: String,
}

impl RedisStore {
    pub fn new(conn: ConnectionManager, prefix: &str) -> Self {
        Self { conn, prefix: format!("{prefix}:session:") }
    }

    fn key(&self, session_key: &SessionKey) -> String {
        format!("{}{}", self.prefix, session_key.as_ref())
    }
}

fn new_session_key() -> SessionKey {
    let key: String = rand::thread_rng().sample_iter(&Alphanumeric).take(64).map(char::from).collect();
    key.try_into().expect("64 characters fit in a session key")
}

impl SessionStore for RedisStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let value: Option<String> =
            self.conn.clone().get(self.key(session_key)).await.map_err(|e| LoadError::Other(e.into()))?;
        match value {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json).map(Some).map_err(|e| LoadError::Deserialization(e.into())),
        }
    }

    async fn save(&self, state: SessionState, ttl: &Ttl) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let session_key = new_session_key();
        redis::cmd("SET")
            .arg(self.key(&session_key))
            .arg(body)
            .arg("NX")
            .arg("EX")
            .arg(ttl.whole_seconds())
            .query_async::<()>(&mut self.conn.clone())
            .await
            .map_err(|e| SaveError::Other(e.into()))?;
        Ok(session_key)
    }

    async fn update(&self, session_key: SessionKey, state: SessionState, ttl: &Ttl) -> Result<SessionKey, UpdateError> {
        let body = serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let updated: Value = redis::cmd("SET")
            .arg(self.key(&session_key))
            .arg(body)
            .arg("XX")
            .arg("EX")
            .arg(ttl.whole_seconds())
            .query_async(&mut self.conn.clone())
            .await
            .map_err(|e| UpdateError::Other(e.into()))?;
        match updated {
            // Expired between load and update: store it under a new key.
            Value::Nil => self.save(state, ttl).await.map_err(|err| match err {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            }),
            _ => Ok(session_key),
        }
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Ttl) -> Result<(), anyhow::Error> {
        self.conn.clone().expire::<_, ()>(self.key(session_key), ttl.whole_seconds()).await?;
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        self.conn.clone().del::<_, ()>(self.key(session_key)).await?;
        Ok(())
    }
}

//! Configuration: defaults < `partnerlink.toml` < environment variables, in
//! one typed struct that is validated before anything starts.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::cookie::Key;

use crate::db::DatabaseUrl;
use crate::i18n::{Locale, LocaleSource};

mod parse;
use parse::{parse_bool, parse_count, parse_http_url, parse_session_key, read_file_values, url_host};

/// Every key the program reads, as environment variable names. The optional
/// TOML file uses the same keys.
pub const KEYS: &[&str] = &[
    "PARTNERLINK_BIND",
    "DATABASE_URL",
    "PARTNERLINK_BASE_URL",
    "PARTNERLINK_DEFAULT_LOCALE",
    "PARTNERLINK_SESSION_KEY",
    "PARTNERLINK_DEMO",
    "PARTNERLINK_OPERATOR_NAME",
    "PARTNERLINK_AGREEMENT_URL",
    "REDIS_URL",
    "PARTNERLINK_REDIS_PREFIX",
    "PARTNERLINK_TRUST_PROXY",
    "PARTNERLINK_LOCALES_RELOAD",
    "PARTNERLINK_LOCALES_DIR",
    "PARTNERLINK_WORKERS",
    "PARTNERLINK_DATABASE_CONNECTIONS",
    "PARTNERLINK_SESSION_IDLE_MINUTES",
    "PARTNERLINK_SESSION_MAX_HOURS",
    "PARTNERLINK_BENCH_BASELINE",
    "PARTNERLINK_JOBS_INTERVAL_SECONDS",
    "PARTNERLINK_SMTP_URL",
    "PARTNERLINK_MAIL_FROM",
    "PARTNERLINK_MAIL_DIR",
    "PARTNERLINK_DELIVERY_POLL_MS",
    "PARTNERLINK_DELIVERY_RETRY_SECONDS",
    "PARTNERLINK_DELIVERY_GIVE_UP_SECONDS",
    "PARTNERLINK_DELIVERY_LEASE_SECONDS",
    "PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE",
    "PARTNERLINK_API_REQUESTS_PER_MINUTE",
];

/// The most connections one instance's database pool may hold.
const MAX_DATABASE_CONNECTIONS: u32 = 1000;
const DEFAULT_AGREEMENT_URL: &str = "https://www.21vbluecloud.com/office365/ResellerAgr/";

#[derive(Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: DatabaseUrl,
    /// Public URL used in invitation links, without a trailing slash.
    pub base_url: String,
    /// False when `base_url` was derived from the bind address (then the
    /// bound port replaces a `:0` bind).
    pub base_url_configured: bool,
    pub default_locale: Locale,
    pub session_key: Key,
    /// False when the key was generated at start-up (sessions end on restart).
    pub session_key_configured: bool,
    pub demo: bool,
    /// Behind a load balancer that sets `X-Forwarded-For`: take the client
    /// address (for sign-in throttling) from it instead of the TCP peer.
    pub trust_proxy: bool,
    pub operator_name: String,
    pub agreement_url: String,
    pub redis_url: Option<String>,
    /// Prefix of every Redis key (sessions, throttling), so environments can share one Redis.
    pub redis_prefix: String,
    /// Re-read `.ftl` files when they change (development).
    pub locales_reload: bool,
    pub locales_dir: PathBuf,
    /// Worker threads; 0 means one per core.
    pub workers: usize,
    /// Connections in the database pool; `None`: [`Settings::pool_size`] decides.
    pub database_connections: Option<u32>,
    pub throttle: ThrottleSettings,
    /// A session unused this long ends (checked on the server).
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however busy (checked on the server).
    pub session_max: Duration,
    /// How long a request body may take to arrive in full.
    pub body_timeout: Duration,
    /// Serve `/bench/fortunes` (and create its table): benchmark runs only.
    pub bench_baseline: bool,
    /// How often the background job runner makes a pass (`crate::jobs`).
    pub jobs_interval: Duration,
    /// Mail and webhook delivery (`crate::notify`).
    pub delivery: DeliverySettings,
    /// Requests one API key may make per minute (shared through Redis when set).
    pub api_requests_per_minute: u32,
}

/// How the outbox is delivered (DESIGN.md §13).
#[derive(Clone, Debug)]
pub struct DeliverySettings {
    /// `smtp://host:port` (STARTTLS when offered) or `smtps://user:pass@host`;
    /// without one, mails are written as `.eml` files to `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub mail_dir: PathBuf,
    /// How often an idle worker looks for due messages.
    pub poll: Duration,
    /// The first retry waits this long; each next one twice as long (at most an hour).
    pub retry_base: Duration,
    /// A message still undelivered this long after it was written is given up.
    pub give_up_after: Duration,
    /// A claimed message whose sender stopped is sent again after this long.
    pub lease: Duration,
    /// Lets webhook endpoints be `http://` and on private addresses (tests, on-premises).
    pub webhooks_allow_private: bool,
}

/// Sign-in throttling limits; the window is shortened by tests.
#[derive(Clone, Debug)]
pub struct ThrottleSettings {
    pub window: Duration,
    pub max_failures_per_email: u32,
    pub max_failures_per_client: u32,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self { window: Duration::from_secs(15 * 60), max_failures_per_email: 5, max_failures_per_client: 20 }
    }
}

/// A bad configuration value: which variable, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { key: key.to_owned(), message: message.into() }
}

impl Settings {
    /// Reads `partnerlink.toml` (or the file named by `PARTNERLINK_CONFIG`)
    /// when present, then the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("PARTNERLINK_CONFIG").unwrap_or_else(|_| "partnerlink.toml".into());
        let mut values = read_file_values(Path::new(&file))?;
        for key in KEYS {
            if let Ok(value) = std::env::var(key) {
                values.insert((*key).to_owned(), value);
            }
        }
        Self::from_values(&values)
    }

    /// Builds settings from key/value pairs (tests call this directly).
    pub fn from_values(values: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |key: &str| values.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());

        let bind_raw = get("PARTNERLINK_BIND").unwrap_or("127.0.0.1:8080");
        let bind: SocketAddr = bind_raw.parse().map_err(|_| {
            invalid("PARTNERLINK_BIND", format!("{bind_raw:?} is not an address and port such as 127.0.0.1:8080"))
        })?;

        let database_url = DatabaseUrl::parse(get("DATABASE_URL").unwrap_or("sqlite://./data/partnerlink.sqlite3"))
            .map_err(|message| invalid("DATABASE_URL", message))?;

        let (base_url, base_url_configured) = match get("PARTNERLINK_BASE_URL") {
            Some(url) => (parse_http_url("PARTNERLINK_BASE_URL", url)?, true),
            None => (format!("http://{bind}"), false),
        };

        let default_locale = match get("PARTNERLINK_DEFAULT_LOCALE") {
            Some(tag) => Locale::from_tag(tag).ok_or_else(|| {
                invalid("PARTNERLINK_DEFAULT_LOCALE", format!("{tag:?} is not one of {}", Locale::tags().join(", ")))
            })?,
            None => Locale::default(),
        };

        let (session_key, session_key_configured) = match get("PARTNERLINK_SESSION_KEY") {
            Some(encoded) => (parse_session_key(encoded)?, true),
            None => (Key::generate(), false),
        };

        // Demo accounts share a published password: by default only the
        // embedded SQLite database gets them, never a server database.
        let demo_default = matches!(database_url, DatabaseUrl::Sqlite(_));
        let demo = parse_bool("PARTNERLINK_DEMO", get("PARTNERLINK_DEMO"), demo_default)?;
        let bench_baseline = parse_bool("PARTNERLINK_BENCH_BASELINE", get("PARTNERLINK_BENCH_BASELINE"), false)?;
        let session_idle = Duration::from_secs(
            60 * parse_count("PARTNERLINK_SESSION_IDLE_MINUTES", get("PARTNERLINK_SESSION_IDLE_MINUTES"), 60)?,
        );
        let session_max = Duration::from_secs(
            3600 * parse_count("PARTNERLINK_SESSION_MAX_HOURS", get("PARTNERLINK_SESSION_MAX_HOURS"), 12)?,
        );
        let jobs_interval = Duration::from_secs(parse_count(
            "PARTNERLINK_JOBS_INTERVAL_SECONDS",
            get("PARTNERLINK_JOBS_INTERVAL_SECONDS"),
            5,
        )?);
        let delivery = DeliverySettings {
            smtp_url: match get("PARTNERLINK_SMTP_URL") {
                Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Some(url.to_owned()),
                Some(url) => {
                    return Err(invalid(
                        "PARTNERLINK_SMTP_URL",
                        format!("{url:?} must start with smtp:// or smtps://"),
                    ));
                }
                None => None,
            },
            mail_from: match get("PARTNERLINK_MAIL_FROM") {
                Some(from) if from.parse::<lettre::message::Mailbox>().is_ok() => from.to_owned(),
                Some(from) => return Err(invalid("PARTNERLINK_MAIL_FROM", format!("{from:?} is not a mail address"))),
                None => format!("partnerlink@{}", url_host(&base_url)),
            },
            mail_dir: PathBuf::from(get("PARTNERLINK_MAIL_DIR").unwrap_or("./data/mail")),
            poll: Duration::from_millis(parse_count(
                "PARTNERLINK_DELIVERY_POLL_MS",
                get("PARTNERLINK_DELIVERY_POLL_MS"),
                1000,
            )?),
            retry_base: Duration::from_secs(parse_count(
                "PARTNERLINK_DELIVERY_RETRY_SECONDS",
                get("PARTNERLINK_DELIVERY_RETRY_SECONDS"),
                30,
            )?),
            give_up_after: Duration::from_secs(parse_count(
                "PARTNERLINK_DELIVERY_GIVE_UP_SECONDS",
                get("PARTNERLINK_DELIVERY_GIVE_UP_SECONDS"),
                24 * 3600,
            )?),
            lease: Duration::from_secs(parse_count(
                "PARTNERLINK_DELIVERY_LEASE_SECONDS",
                get("PARTNERLINK_DELIVERY_LEASE_SECONDS"),
                120,
            )?),
            webhooks_allow_private: parse_bool(
                "PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE",
                get("PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE"),
                false,
            )?,
        };
        let api_requests_per_minute =
            parse_count("PARTNERLINK_API_REQUESTS_PER_MINUTE", get("PARTNERLINK_API_REQUESTS_PER_MINUTE"), 600)?
                .clamp(1, u64::from(u32::MAX)) as u32;
        let trust_proxy = parse_bool("PARTNERLINK_TRUST_PROXY", get("PARTNERLINK_TRUST_PROXY"), false)?;
        let locales_reload =
            parse_bool("PARTNERLINK_LOCALES_RELOAD", get("PARTNERLINK_LOCALES_RELOAD"), cfg!(debug_assertions))?;

        let operator_name = get("PARTNERLINK_OPERATOR_NAME").unwrap_or("21Vianet").to_owned();
        let agreement_url = match get("PARTNERLINK_AGREEMENT_URL") {
            Some(url) => parse_http_url("PARTNERLINK_AGREEMENT_URL", url)?,
            None => DEFAULT_AGREEMENT_URL.to_owned(),
        };

        let redis_url = match get("REDIS_URL") {
            Some(url) if url.starts_with("redis://") || url.starts_with("rediss://") => Some(url.to_owned()),
            Some(url) => return Err(invalid("REDIS_URL", format!("{url:?} must start with redis:// or rediss://"))),
            None => None,
        };

        let redis_prefix = get("PARTNERLINK_REDIS_PREFIX").unwrap_or("partnerlink").to_owned();
        if redis_prefix.is_empty() || !redis_prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b)) {
            return Err(invalid(
                "PARTNERLINK_REDIS_PREFIX",
                format!("{redis_prefix:?} must be non-empty and use only letters, digits, '-', '_', ':' or '.'"),
            ));
        }

        let workers = match get("PARTNERLINK_WORKERS") {
            Some(raw) => {
                raw.parse().map_err(|_| invalid("PARTNERLINK_WORKERS", format!("{raw:?} is not a whole number")))?
            }
            None => 0,
        };

        let database_connections = match get("PARTNERLINK_DATABASE_CONNECTIONS") {
            Some(raw) => match parse_count("PARTNERLINK_DATABASE_CONNECTIONS", Some(raw), 1)? {
                n if n <= u64::from(MAX_DATABASE_CONNECTIONS) => Some(n as u32),
                _ => {
                    let reason = format!("{raw:?} is more than {MAX_DATABASE_CONNECTIONS}");
                    return Err(invalid("PARTNERLINK_DATABASE_CONNECTIONS", reason));
                }
            },
            None => None,
        };

        Ok(Self {
            bind,
            database_url,
            base_url,
            base_url_configured,
            default_locale,
            session_key,
            session_key_configured,
            demo,
            trust_proxy,
            operator_name,
            agreement_url,
            redis_url,
            redis_prefix,
            locales_reload,
            locales_dir: PathBuf::from(get("PARTNERLINK_LOCALES_DIR").unwrap_or("locales")),
            workers,
            database_connections,
            throttle: ThrottleSettings::default(),
            session_idle,
            session_max,
            body_timeout: Duration::from_secs(10),
            bench_baseline,
            jobs_interval,
            delivery,
            api_requests_per_minute,
        })
    }

    /// Connections in the database pool: `PARTNERLINK_DATABASE_CONNECTIONS`,
    /// else 8 on SQLite (readers beside its one writer), and on PostgreSQL
    /// two per core of this machine, at least 4 and at most 32. More
    /// connections than the database has cores to run them do not add
    /// throughput: they wait for the same locks (the log, the right edge of
    /// each index) and stretch the slowest answers. On 2 cores with
    /// PostgreSQL beside the server, 16 connections served 1,479
    /// acceptances/s with a p99 of 113 ms, and 4 served 1,605/s with a p99
    /// of 54 ms (bench/analysis.md). A database on a bigger machine than
    /// the server's wants the variable set.
    pub fn pool_size(&self) -> u32 {
        if let Some(configured) = self.database_connections {
            return configured;
        }
        match self.database_url {
            DatabaseUrl::Sqlite(_) => 8,
            DatabaseUrl::Postgres(_) => {
                let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
                u32::try_from(2 * cores).unwrap_or(u32::MAX).clamp(4, 32)
            }
        }
    }

    /// Cookies get the `Secure` flag when the public URL is https.
    pub fn cookie_secure(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// Embedded `.ftl` files, or the folder on disk when live reload is on.
    pub fn locale_source(&self) -> LocaleSource {
        if self.locales_reload && self.locales_dir.is_dir() {
            LocaleSource::Directory(self.locales_dir.clone())
        } else {
            LocaleSource::Embedded
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_are_usable() {
        let settings = Settings::from_values(&HashMap::new()).unwrap();
        assert_eq!(settings.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.base_url, "http://127.0.0.1:8080");
        assert_eq!(settings.operator_name, "21Vianet");
        assert!(settings.demo);
        assert!(!settings.bench_baseline);
        assert_eq!(settings.session_idle, Duration::from_secs(3600));
        assert_eq!(settings.session_max, Duration::from_secs(12 * 3600));
    }

    #[test]
    fn demo_data_is_for_the_embedded_database_only() {
        let postgres = Settings::from_values(&values(&[("DATABASE_URL", "postgres://u@h/db")])).unwrap();
        assert!(!postgres.demo, "a server database never gets the published demo password by default");
        let asked = values(&[("DATABASE_URL", "postgres://u@h/db"), ("PARTNERLINK_DEMO", "true")]);
        assert!(Settings::from_values(&asked).unwrap().demo);
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        for (key, value) in [
            ("PARTNERLINK_BIND", "nowhere"),
            ("DATABASE_URL", "mysql://x"),
            ("PARTNERLINK_BASE_URL", "ftp://x"),
            ("PARTNERLINK_DEFAULT_LOCALE", "fr"),
            ("PARTNERLINK_SESSION_KEY", "c2hvcnQ="),
            ("PARTNERLINK_DEMO", "maybe"),
            ("REDIS_URL", "http://x"),
            ("PARTNERLINK_SESSION_IDLE_MINUTES", "0"),
            ("PARTNERLINK_SESSION_MAX_HOURS", "twelve"),
            ("PARTNERLINK_BENCH_BASELINE", "perhaps"),
            ("PARTNERLINK_JOBS_INTERVAL_SECONDS", "0"),
            ("PARTNERLINK_DATABASE_CONNECTIONS", "0"),
            ("PARTNERLINK_DATABASE_CONNECTIONS", "1001"),
        ] {
            let err = Settings::from_values(&values(&[(key, value)])).err().unwrap();
            assert_eq!(err.key, key, "{err}");
        }
    }

    #[test]
    fn the_pool_is_sized_for_its_backend_unless_configured() {
        let sqlite = Settings::from_values(&values(&[])).unwrap();
        assert_eq!(sqlite.pool_size(), 8);
        let postgres = Settings::from_values(&values(&[("DATABASE_URL", "postgres://db/partnerlink")])).unwrap();
        assert!((4..=32).contains(&postgres.pool_size()));
        let configured = Settings::from_values(&values(&[
            ("DATABASE_URL", "postgres://db/partnerlink"),
            ("PARTNERLINK_DATABASE_CONNECTIONS", "12"),
        ]))
        .unwrap();
        assert_eq!(configured.pool_size(), 12);
    }

    #[test]
    fn base_url_loses_its_trailing_slash() {
        let settings = Settings::from_values(&values(&[("PARTNERLINK_BASE_URL", "https://pl.example/")])).unwrap();
        assert_eq!(settings.base_url, "https://pl.example");
        assert!(settings.cookie_secure());
    }
}

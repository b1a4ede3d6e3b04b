//! Builds the application: database, migrations, demo data, HTTP server.

use std::net::TcpListener;
use std::time::Instant;

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::{CookieSessionStore, SessionStore};
use actix_web::body::MessageBody;
use actix_web::cookie::{SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::assets::Assets;
use crate::config::Settings;
use crate::db::listener::Listener;
use crate::db::{DbError, DbPool};
use crate::i18n::Localizer;
use crate::state::AppState;
use crate::throttle::Throttle;
use crate::web::kept::{self, KeptMap};
use crate::web::redis_store::{self, RedisStore};
use crate::web::session_cache::SessionCache;
use crate::web::{AppError, locale, middleware};

pub const SESSION_COOKIE: &str = "partnerlink_session";
/// The cookie's name when served over https: the `__Host-` prefix makes the
/// browser refuse it unless it is `Secure`, for this host only, on path `/`.
pub const SECURE_SESSION_COOKIE: &str = "__Host-partnerlink_session";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot use the database at DATABASE_URL={url}: {source}")]
    Database { url: String, source: DbError },
    #[error("cannot listen on PARTNERLINK_BIND={bind}: {source}")]
    Bind { bind: String, source: std::io::Error },
    #[error("cannot connect to Redis at REDIS_URL: {0}")]
    Redis(String),
    #[error("cannot send mail: {0}")]
    Mail(String),
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

/// Connects to the database and applies migrations.
pub fn prepare_database(settings: &Settings) -> Result<DbPool, StartupError> {
    let database_error = |source| StartupError::Database { url: settings.database_url.redacted(), source };
    let db = DbPool::connect(&settings.database_url, settings.pool_size()).map_err(database_error)?;
    if db.migrate().map_err(database_error)? > 0 {
        // Tenants from before the indexed search get their grams once.
        let mut conn = db.get().map_err(database_error)?;
        crate::domain::customers::fill_missing_grams(&mut conn).map_err(database_error)?;
    }
    Ok(db)
}

impl Application {
    pub async fn build(mut settings: Settings) -> Result<Self, StartupError> {
        let started = Instant::now();
        let db = prepare_database(&settings)?;
        if settings.bench_baseline {
            let mut conn =
                db.get().map_err(|source| StartupError::Database { url: settings.database_url.redacted(), source })?;
            crate::routes::fortunes::create_table(&mut conn)
                .map_err(|source| StartupError::Database { url: settings.database_url.redacted(), source })?;
        }
        if settings.demo {
            let mut conn =
                db.get().map_err(|source| StartupError::Database { url: settings.database_url.redacted(), source })?;
            let seeded = crate::seed::seed_demo(&mut conn)
                .map_err(|source| StartupError::Database { url: settings.database_url.redacted(), source })?;
            if seeded {
                tracing::info!("demo data seeded into the new database");
            }
        }

        let listener = TcpListener::bind(settings.bind)
            .map_err(|source| StartupError::Bind { bind: settings.bind.to_string(), source })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        if !settings.base_url_configured {
            settings.base_url = format!("http://{}:{port}", settings.bind.ip());
        }

        let (throttle, redis_store) = match &settings.redis_url {
            Some(url) => {
                let manager = redis_store::connect(url).await.map_err(|e| StartupError::Redis(e.to_string()))?;
                let store = RedisStore::new(manager.clone(), &settings.redis_prefix);
                (Throttle::redis(settings.throttle.clone(), &settings.redis_prefix, manager), Some(store))
            }
            None => (Throttle::in_memory(settings.throttle.clone()), None),
        };

        let operator_override = (settings.operator_name != "21Vianet").then(|| settings.operator_name.clone());
        let localizer = Localizer::new(settings.locale_source(), operator_override);
        let workers = match settings.workers {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        // Blocking work is database queries (bounded by the pool) and password
        // checks (bounded by their memory pool): more threads would only wait,
        // each with its own allocator arena.
        let blocking_threads = (db.max_size() as usize).div_ceil(workers) + crate::password::CONCURRENT_CHECKS;
        // Every instance runs the jobs; row locks let one act on each item.
        crate::jobs::spawn(db.clone(), settings.jobs_interval);
        db.spawn_checkpointer();
        let mailer = crate::notify::mail::Mailer::new(&settings.delivery, &settings.operator_name)
            .map_err(StartupError::Mail)?;
        // On PostgreSQL, what to listen to and the listener what is kept asks.
        let listening = match &settings.database_url {
            crate::db::DatabaseUrl::Postgres(url) => Some((url.clone(), Listener::default())),
            crate::db::DatabaseUrl::Sqlite(_) => None,
        };
        let notices = listening.as_ref().map(|(_, notices)| notices.clone());
        let state = web::Data::new(AppState {
            settings,
            db,
            localizer,
            throttle,
            assets: Assets::load(),
            sessions: SessionCache::new(notices.clone()),
            invitation_links: KeptMap::new(notices),
        });
        if let Some((url, notices)) = listening {
            listen_for_changes(&state, &notices, &url);
        }
        // Every instance delivers the outbox; leases let one send each message.
        crate::notify::spawn(state.clone(), mailer);

        let server = match redis_store {
            Some(store) => {
                let state = state.clone();
                HttpServer::new(move || app(state.clone(), store.clone()))
                    .workers(workers)
                    .worker_max_blocking_threads(blocking_threads)
                    .shutdown_timeout(10)
                    .listen(listener)
                    .map(HttpServer::run)
            }
            None => {
                let state = state.clone();
                HttpServer::new(move || app(state.clone(), CookieSessionStore::default()))
                    .workers(workers)
                    .worker_max_blocking_threads(blocking_threads)
                    .shutdown_timeout(10)
                    .listen(listener)
                    .map(HttpServer::run)
            }
        }
        .map_err(|source| StartupError::Bind { bind: state.settings.bind.to_string(), source })?;
        tracing::info!(port, elapsed_ms = started.elapsed().as_millis() as u64, "ready");
        Ok(Self { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// A handle to stop the server (graceful shutdown).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }
}

fn session_middleware<S: SessionStore>(store: S, settings: &Settings) -> SessionMiddleware<S> {
    let name = if settings.cookie_secure() { SECURE_SESSION_COOKIE } else { SESSION_COOKIE };
    // The cookie's lifetime is only a hint to the browser: sessions end on
    // the server (domain::sessions), whatever the cookie says.
    let ttl = CookieDuration::seconds(settings.session_max.as_secs().try_into().unwrap_or(i64::MAX));
    SessionMiddleware::builder(store, settings.session_key.clone())
        .cookie_name(name.to_owned())
        .cookie_path("/".to_owned())
        .cookie_domain(None)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(settings.cookie_secure())
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(PersistentSession::default().session_ttl(ttl))
        .build()
}

/// The application: routes, middleware and per-request configuration.
fn app<S: SessionStore + 'static>(
    state: web::Data<AppState>,
    store: S,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let session = session_middleware(store, &state.settings);
    App::new()
        .app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|_, _| AppError::BadRequest.into()))
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
        .app_data(
            web::FormConfig::default()
                .limit(crate::web::form::MAX_FORM_BYTES)
                .error_handler(|_, _| AppError::BadRequest.into()),
        )
        .app_data(web::PayloadConfig::default().limit(crate::web::form::MAX_FORM_BYTES))
        .configure(crate::routes::configure)
        .default_service(web::to(crate::routes::not_found))
        .wrap(from_fn(locale::locale))
        .wrap(from_fn(crate::web::auth::authenticate))
        .wrap(from_fn(middleware::refuse_unstorable_input))
        .wrap(session)
        .wrap(from_fn(middleware::chrome))
}

/// Lets the instance keep what it read (sessions, invitation links) while
/// `notices` hears, from the PostgreSQL database at `url`, of each change
/// ([`crate::web::kept`]); if it cannot listen, it keeps nothing.
fn listen_for_changes(state: &web::Data<AppState>, notices: &Listener, url: &str) {
    let heard = state.clone();
    let listening = notices.spawn(url, kept::CHANNEL, move |notice| {
        heard.sessions.hear(notice);
        heard.invitation_links.hear(notice);
    });
    if let Err(reason) = listening {
        tracing::warn!(%reason, "cannot listen for database changes: every request reads its session and links from the database");
    }
}

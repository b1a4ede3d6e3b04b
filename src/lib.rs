//! partnerlink: the "request a reseller relationship" workflow of a cloud
//! partner program operated by 21Vianet, as a server-rendered web app.

pub mod api;
pub mod assets;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod locales_check;
pub mod notify;
pub mod password;
pub mod routes;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod throttle;
pub mod web;

use cli::Command;
use config::{ConfigError, Settings};
use startup::{Application, StartupError};

/// Why the program stopped; `main` prints it as one line.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Startup(#[from] StartupError),
    #[error("{0}")]
    Failed(String),
}

impl RunError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Config(_) => 2,
            _ => 1,
        }
    }
}

/// Runs one CLI command to completion.
pub fn run(command: Command) -> Result<(), RunError> {
    if let Command::CheckLocales { locales, sources } = &command {
        return check_locales(locales, sources);
    }
    let settings = Settings::load()?;
    match command {
        Command::Serve => serve(settings),
        Command::Migrate => {
            startup::prepare_database(&settings)?;
            println!("migrations applied to {}", settings.database_url.redacted());
            Ok(())
        }
        Command::SeedDemo => {
            let db = startup::prepare_database(&settings)?;
            let mut conn = db.get().map_err(|e| RunError::Failed(e.to_string()))?;
            let seeded = seed::seed_demo(&mut conn).map_err(|e| RunError::Failed(e.to_string()))?;
            if seeded {
                print!("{}", seed::accounts_table());
            } else {
                println!("the database already has data; demo data not added");
            }
            Ok(())
        }
        Command::RunJobs { now } => {
            let now = match now {
                Some(raw) => chrono::DateTime::parse_from_rfc3339(&raw)
                    .map_err(|err| RunError::Failed(format!("--now {raw:?} is not an RFC 3339 time: {err}")))?
                    .naive_utc(),
                None => domain::now(),
            };
            let db = startup::prepare_database(&settings)?;
            let report = jobs::run_pass(&db, now).map_err(|e| RunError::Failed(e.to_string()))?;
            let gdap = report.delegated_admin;
            println!("relationships ended: {}", report.relationships_ended);
            println!("delegated-admin requests expired: {}", gdap.requests_expired);
            println!("delegated-admin relationships expiring: {}", gdap.expiring);
            println!("delegated-admin relationships expired: {}", gdap.expired);
            println!("delegated-admin relationships extended: {}", gdap.extended);
            println!("delegated-admin reminders: {}", gdap.reminders);
            println!("search index merge steps: {}", report.search_index_merge_steps);
            Ok(())
        }
        Command::SeedBulk { customers, bench_partners, bench_admins, fixtures, events } => {
            let db = startup::prepare_database(&settings)?;
            let mut conn = db.get().map_err(|e| RunError::Failed(e.to_string()))?;
            seed::seed_demo(&mut conn).map_err(|e| RunError::Failed(e.to_string()))?;
            let started = std::time::Instant::now();
            let added = seed::seed_bulk(&mut conn, customers).map_err(|e| RunError::Failed(e.to_string()))?;
            println!("added {added} customers in {:.1} s", started.elapsed().as_secs_f64());
            if bench_partners > 0 || bench_admins > 0 {
                let made = seed::seed_bench_fixtures(&mut conn, bench_partners, bench_admins)
                    .map_err(|e| RunError::Failed(e.to_string()))?;
                println!("added {bench_partners} partners with invitation links and {bench_admins} customer admins");
                if let Some(path) = fixtures {
                    write_fixtures(&path, &made)?;
                }
            }
            if events > 0 {
                let started = std::time::Instant::now();
                let added = seed::seed_bulk_events(&mut conn, events).map_err(|e| RunError::Failed(e.to_string()))?;
                println!("added {added} audit events in {:.1} s", started.elapsed().as_secs_f64());
            }
            // After the whole load: the bench fixtures' tenants are written
            // one transaction each, a segment each.
            let started = std::time::Instant::now();
            let steps = domain::customers::merge_index(&mut conn, 1, usize::MAX)
                .map_err(|e| RunError::Failed(e.to_string()))?;
            if steps > 0 {
                println!("merged the search index in {steps} steps, {:.1} s", started.elapsed().as_secs_f64());
            }
            Ok(())
        }
        Command::CheckLocales { locales, sources } => check_locales(&locales, &sources),
    }
}

fn write_fixtures(path: &std::path::Path, fixtures: &seed::BenchFixtures) -> Result<(), RunError> {
    let mut out = String::new();
    for token in &fixtures.tokens {
        out.push_str(&format!("token {token}\n"));
    }
    for email in &fixtures.admins {
        out.push_str(&format!("admin {email}\n"));
    }
    std::fs::write(path, out).map_err(|err| RunError::Failed(format!("cannot write {}: {err}", path.display())))
}

fn check_locales(locales: &std::path::Path, sources: &[std::path::PathBuf]) -> Result<(), RunError> {
    let code = locales_check::code_ids::used_in_code();
    let uses = locales_check::Uses { templates: sources, code: &code };
    let report = locales_check::check(locales, &uses)
        .map_err(|err| RunError::Failed(format!("cannot read {}: {err}", locales.display())))?;
    print!("{}", report.render());
    if report.is_clean() {
        Ok(())
    } else {
        Err(RunError::Failed(format!("{} problems in the translation files", report.errors())))
    }
}

fn serve(settings: Settings) -> Result<(), RunError> {
    if !settings.session_key_configured {
        tracing::warn!("PARTNERLINK_SESSION_KEY is not set: using a random key, sessions end when the server restarts");
    }
    let demo = settings.demo;
    let base_url = settings.base_url.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings).await?;
        if demo {
            print!("{}", seed::accounts_table());
        }
        println!("partnerlink is listening on port {} (public URL {base_url})", app.port());
        app.run_until_stopped().await.map_err(|e| RunError::Failed(e.to_string()))
    })
}

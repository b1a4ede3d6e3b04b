//! Command line: `partnerlink [serve|migrate|seed-demo|run-jobs|check-locales|seed-bulk]`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "partnerlink",
    version,
    about = "Request a reseller relationship: partner dashboard and customer admin center",
    long_about = "partnerlink serves the partner dashboard (invitation email and link, customers, activity) \
and the customer admin center (accept invitations, partner relationships, remove delegated admin).\n\n\
Configuration comes from environment variables (PARTNERLINK_BIND, DATABASE_URL, PARTNERLINK_BASE_URL, …) \
and an optional partnerlink.toml with the same keys; see README.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application (the default): migrates the database, seeds demo data into a new one, listens on PARTNERLINK_BIND.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Migrate, then add the demo partners, customers and accounts if the database is empty.
    SeedDemo,
    /// Check the translation files: syntax, missing/obsolete ids, variables, plural forms, glossary.
    CheckLocales {
        /// Folder with one sub-folder per language.
        #[arg(long, default_value = "locales")]
        locales: PathBuf,
        /// Folders with templates whose message ids must exist (ids used by Rust code come from the enums that carry them, compiled in).
        #[arg(long = "sources", default_values = ["templates"])]
        sources: Vec<PathBuf>,
    },
    /// Run the background jobs once, as at the given time (for operators and tests): ends relationships whose ending is due.
    RunJobs {
        /// The time to run at, RFC 3339 (for example 2026-12-09T12:00:00Z); now when left out.
        #[arg(long)]
        now: Option<String>,
    },
    /// Fill the database with many customers of the demo partner (for benchmarks).
    SeedBulk {
        /// How many customers to create.
        #[arg(long, default_value_t = 100_000)]
        customers: u32,
        /// Also add this many partners with an invitation link each (acceptance benchmark).
        #[arg(long, default_value_t = 0)]
        bench_partners: u32,
        /// Also add this many customers with a global admin each (bench-admin-<n>@bench.example, password demo-password).
        #[arg(long, default_value_t = 0)]
        bench_admins: u32,
        /// Write the new invitation tokens ("token <t>") and admin emails ("admin <email>") to this file.
        #[arg(long)]
        fixtures: Option<PathBuf>,
        /// Then copy the partner's audit events until the log holds this many (activity benchmark).
        #[arg(long, default_value_t = 0)]
        events: i64,
    },
}

//! Business rules and the queries that serve them. Handlers translate HTTP
//! to calls here; nothing here knows about HTTP.
//!
//! Unique lookups on hot paths load without `LIMIT` (no `.first()`): the
//! bundled SQLite (3.53) plans a statement with the value bound to `LIMIT ?`
//! and so re-prepares it on every execution, bypassing diesel's statement
//! cache. A lookup by a unique key returns at most one row anyway. The
//! benchmark's profile (BENCHMARKS.md) showed re-preparing as ~10 % of the
//! request-relationship page.

pub mod accounts;
pub mod activity;
pub mod audit;
pub mod customers;
pub mod ids;
pub mod invitations;
pub mod lifecycle;
pub mod partner_of_record;
pub mod relationships;
pub mod services;
pub mod sessions;
pub mod users;

/// Current time in UTC, as stored in the database.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

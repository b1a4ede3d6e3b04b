//! Business rules and the queries that serve them. Handlers translate HTTP
//! to calls here; nothing here knows about HTTP.

pub mod activity;
pub mod audit;
pub mod customers;
pub mod invitations;
pub mod relationships;
pub mod services;
pub mod users;

/// Current time in UTC, as stored in the database.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

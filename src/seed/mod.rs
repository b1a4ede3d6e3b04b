//! Data for a new database: the demo accounts of DESIGN.md §8 (`demo`), and
//! many customers for benchmarks (`bulk`). Seeding writes audit events
//! directly and queues no notifications.

mod bulk;
mod demo;

use chrono::NaiveDateTime;
use diesel::prelude::*;

pub use bulk::{BenchFixtures, seed_bench_fixtures, seed_bulk, seed_bulk_events};
pub use demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, accounts_table, seed_demo};

use crate::db::schema::{customer_users, partners, tenants};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::customers;
use crate::domain::ids::TenantId;

#[derive(Insertable)]
#[diesel(table_name = tenants)]
struct NewTenant<'a> {
    name: &'a str,
    domain: &'a str,
    search_key: String,
    search_grams: String,
    created_at: NaiveDateTime,
}

impl<'a> NewTenant<'a> {
    fn new(name: &'a str, domain: &'a str, created_at: NaiveDateTime) -> Self {
        let search_key = customers::search_key(name, domain);
        let search_grams = customers::search_grams(&search_key);
        Self { name, domain, search_key, search_grams, created_at }
    }
}

#[derive(Insertable)]
#[diesel(table_name = customer_users)]
struct NewCustomerUser<'a> {
    tenant_id: TenantId,
    email: &'a str,
    display_name: &'a str,
    password_hash: &'a str,
    role: &'a str,
    created_at: NaiveDateTime,
}

/// True when the database has no partner yet (a new database).
pub fn is_empty(conn: &mut DbConn) -> Result<bool, DbError> {
    let count: i64 = db_run!(conn, { partners::table.count().get_result(conn) })?;
    Ok(count == 0)
}

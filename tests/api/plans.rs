//! PostgreSQL plans a prepared statement once for every parameter (its
//! generic plan). When the statistics put the rows that name a partner at
//! the lowest partner ids — the oldest partners hold the most customers, and
//! a new partner's first customers come after the last `ANALYZE` — a join to
//! `partners` was planned as a merge join along the primary key, from its
//! start to the newest partner named: every acceptance read nearly all
//! partners (1,150 pages to reach the 2,568th). The check forces the generic
//! plan over such statistics and counts the entries of the key the reads
//! took (6,008 with the joins, for 3,002 partners). PostgreSQL only:
//! SQLite joins by nested loops over indexes, never by merging.

use diesel::RunQueryDsl;
use partnerlink::db::DbConn;
use partnerlink::domain::ids::{PartnerId, TenantId};
use partnerlink::domain::relationships;

use crate::on_both_backends;

const PARTNERS: i64 = 3000;

#[derive(diesel::QueryableByName)]
struct Read {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn pg(conn: &mut DbConn) -> &mut diesel::PgConnection {
    match conn {
        DbConn::Postgres(conn) => conn,
        DbConn::Sqlite(_) => unreachable!("PostgreSQL only"),
    }
}

/// Entries this transaction read from `partners`' primary key so far.
fn partner_key_reads(conn: &mut diesel::PgConnection) -> i64 {
    diesel::sql_query("SELECT pg_stat_get_xact_tuples_returned('partners_pkey'::regclass) AS n")
        .get_result::<Read>(conn)
        .unwrap()
        .n
}

on_both_backends! {
    async fn a_customers_partners_are_read_by_key_whatever_the_statistics(app) {
        let mut conn = app.state.db.get().unwrap();
        if !matches!(conn, DbConn::Postgres(_)) {
            return;
        }
        partnerlink::seed::seed_bulk(&mut conn, 400).unwrap();
        // Northwind (the lowest id) holds every customer and their grants…
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let now = "TIMESTAMP '2026-11-30 12:00'";
        // …then come thousands of partners, and the newest takes one customer.
        app.execute(&format!(
            "INSERT INTO partners (name, created_at) SELECT 'Partner ' || n, {now} FROM generate_series(1, {PARTNERS}) n"
        ));
        // The statistics are read before the newest partner's first customer.
        app.execute("ANALYZE");
        let newest = app.scalar("SELECT MAX(id) AS n FROM partners");
        let tenant = app.scalar(&format!(
            "SELECT MAX(tenant_id) AS n FROM reseller_relationships WHERE partner_id = {northwind}"
        ));
        app.execute(&format!(
            "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at) VALUES ({newest}, {tenant}, {now})"
        ));
        app.execute(&format!(
            "INSERT INTO delegated_admin_grants (partner_id, tenant_id, service, granted_at) \
             VALUES ({newest}, {tenant}, 'office365', {now})"
        ));

        diesel::sql_query("BEGIN").execute(pg(&mut conn)).unwrap();
        diesel::sql_query("SET LOCAL plan_cache_mode = force_generic_plan").execute(pg(&mut conn)).unwrap();
        let before = partner_key_reads(pg(&mut conn));
        let holders = relationships::holders(&mut conn, TenantId(tenant)).unwrap();
        let partners = relationships::partners_of(&mut conn, TenantId(tenant)).unwrap();
        let read = partner_key_reads(pg(&mut conn)) - before;
        diesel::sql_query("ROLLBACK").execute(pg(&mut conn)).unwrap();

        let names: Vec<&str> = partners.iter().map(|p| p.partner_name.as_str()).collect();
        assert_eq!(names, ["Northwind Cloud Partners", &format!("Partner {PARTNERS}")]);
        let held: Vec<PartnerId> = holders.iter().filter_map(|h| h.holder.as_ref().map(|h| h.partner_id)).collect();
        assert_eq!(held[0], PartnerId(newest), "Office 365");
        assert!(held[1..].iter().all(|holder| *holder == PartnerId(northwind)), "{held:?}");
        assert!(read < 50, "{read} entries of partners' key read for one customer's partners");
    }
}

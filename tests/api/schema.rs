//! The SQLite and PostgreSQL migrations must produce the same schema:
//! tables, columns (type family and nullability) and indexes.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use partnerlink::db::{DatabaseUrl, DbPool};

use crate::helpers::{Backend, TestDatabase};

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
}

#[derive(QueryableByName)]
struct Index {
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    is_unique: i64,
    #[diesel(sql_type = BigInt)]
    is_partial: i64,
    #[diesel(sql_type = Text)]
    columns: String,
}

fn type_family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t.contains("serial") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("timestamp") {
        "timestamp"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

type Schema = (BTreeSet<(String, String, &'static str, bool)>, BTreeSet<(String, String, bool, bool, String)>);

/// What each backend does its own way: the customer search index (an FTS5
/// table over each partner's relationships with its shadow tables on SQLite,
/// `pg_trgm` GIN indexes on PostgreSQL; both serve `tenants.search_key` and
/// `tenants.search_grams`, compared above), and SQLite's mark of the events
/// counted at commit (`counted_events`; PostgreSQL counts by trigger).
fn is_backends_own(table_or_index: &str) -> bool {
    table_or_index.starts_with("relationship_search")
        || table_or_index.ends_with("_trgm")
        || table_or_index == "counted_events"
}

fn normalize(columns: Vec<Column>, indexes: Vec<Index>) -> Schema {
    let columns = columns
        .into_iter()
        .filter(|c| !c.table_name.starts_with("__diesel") && !is_backends_own(&c.table_name))
        .map(|c| (c.table_name, c.column_name, type_family(&c.data_type), c.not_null != 0))
        .collect();
    let indexes = indexes
        .into_iter()
        .filter(|i| !i.table_name.starts_with("__diesel") && !i.index_name.ends_with("_pkey"))
        .filter(|i| !is_backends_own(&i.table_name) && !is_backends_own(&i.index_name))
        .map(|i| (i.table_name, i.index_name, i.is_unique != 0, i.is_partial != 0, i.columns))
        .collect();
    (columns, indexes)
}

fn sqlite_schema(url: &str) -> Schema {
    let path = url.strip_prefix("sqlite://").unwrap();
    let mut conn = SqliteConnection::establish(path).unwrap();
    let columns = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
         CAST(p.\"notnull\" OR p.pk AS BIGINT) AS not_null \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    )
    .load::<Column>(&mut conn)
    .unwrap();
    let indexes = diesel::sql_query(
        "SELECT il.name AS index_name, m.name AS table_name, CAST(il.\"unique\" AS BIGINT) AS is_unique, \
         CAST(il.partial AS BIGINT) AS is_partial, \
         (SELECT group_concat(ii.name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii) AS columns \
         FROM sqlite_master m JOIN pragma_index_list(m.name) il \
         WHERE m.type = 'table' AND il.origin = 'c'",
    )
    .load::<Index>(&mut conn)
    .unwrap();
    normalize(columns, indexes)
}

fn postgres_schema(url: &str) -> Schema {
    let mut conn = PgConnection::establish(url).unwrap();
    let columns = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, \
         CASE WHEN is_nullable = 'NO' THEN 1::bigint ELSE 0::bigint END AS not_null \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .load::<Column>(&mut conn)
    .unwrap();
    let indexes = diesel::sql_query(
        "SELECT i.relname::text AS index_name, t.relname::text AS table_name, \
         CASE WHEN x.indisunique THEN 1::bigint ELSE 0::bigint END AS is_unique, \
         CASE WHEN x.indpred IS NULL THEN 0::bigint ELSE 1::bigint END AS is_partial, \
         (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'",
    )
    .load::<Index>(&mut conn)
    .unwrap();
    normalize(columns, indexes)
}

fn migrated(backend: Backend) -> Option<TestDatabase> {
    let db = TestDatabase::new(backend)?;
    let pool = DbPool::connect(&DatabaseUrl::parse(&db.url).unwrap(), 2).unwrap();
    pool.migrate().unwrap();
    Some(db)
}

#[test]
fn sqlite_and_postgres_migrations_produce_the_same_schema() {
    let sqlite = migrated(Backend::Sqlite).unwrap();
    let Some(postgres) = migrated(Backend::Postgres) else { return };
    let (sqlite_columns, sqlite_indexes) = sqlite_schema(&sqlite.url);
    let (pg_columns, pg_indexes) = postgres_schema(&postgres.url);
    assert!(sqlite_columns.len() > 40, "introspection found too few columns: {sqlite_columns:?}");
    let only_sqlite: Vec<_> = sqlite_columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "columns differ\nSQLite only: {only_sqlite:#?}\nPostgreSQL only: {only_pg:#?}"
    );
    assert_eq!(sqlite_indexes, pg_indexes, "indexes differ");
    assert!(
        sqlite_indexes.iter().any(|(t, _, unique, partial, cols)| t == "delegated_admin_grants"
            && *unique
            && *partial
            && cols == "tenant_id,service"),
        "the one-active-grant-per-service index is missing"
    );
}

#[test]
fn the_database_refuses_a_second_active_grant_for_a_service() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = migrated(backend) else { continue };
        let statements = [
            "INSERT INTO partners (id, name, customer_count, created_at) VALUES (1, 'A', 0, '2026-01-01 00:00:00'), (2, 'B', 0, '2026-01-01 00:00:00')",
            "INSERT INTO tenants (id, name, domain, search_key, created_at) VALUES (1, 'T', 't.example', 't', '2026-01-01 00:00:00')",
            "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at) VALUES (1, 1, '2026-01-01 00:00:00'), (2, 1, '2026-01-01 00:00:00')",
            "INSERT INTO delegated_admin_grants (partner_id, tenant_id, service, granted_at) VALUES (1, 1, 'office365', '2026-01-01 00:00:00')",
        ];
        let second = "INSERT INTO delegated_admin_grants (partner_id, tenant_id, service, granted_at) VALUES (2, 1, 'office365', '2026-01-02 00:00:00')";
        let after_removal = "UPDATE delegated_admin_grants SET removed_at = '2026-01-03 00:00:00' WHERE partner_id = 1";
        let orphan = "INSERT INTO delegated_admin_grants (partner_id, tenant_id, service, granted_at) VALUES (1, 99, 'azure', '2026-01-02 00:00:00')";
        macro_rules! check {
            ($conn:expr) => {{
                let conn = $conn;
                for sql in statements {
                    diesel::sql_query(sql).execute(conn).unwrap();
                }
                assert!(diesel::sql_query(second).execute(conn).is_err(), "{backend:?}: second active grant accepted");
                assert!(diesel::sql_query(orphan).execute(conn).is_err(), "{backend:?}: foreign key not enforced");
                diesel::sql_query(after_removal).execute(conn).unwrap();
                diesel::sql_query(second).execute(conn).unwrap();
            }};
        }
        match backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(db.url.strip_prefix("sqlite://").unwrap()).unwrap();
                diesel::sql_query("PRAGMA foreign_keys = ON").execute(&mut conn).unwrap();
                check!(&mut conn)
            }
            Backend::Postgres => check!(&mut PgConnection::establish(&db.url).unwrap()),
        }
    }
}

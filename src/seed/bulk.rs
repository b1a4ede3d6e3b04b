//! Many customers for benchmarks: `partnerlink seed-bulk`.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    customer_users, delegated_admin_grants, invitation_tokens, partners, reseller_relationships, subscriptions, tenants,
};
use crate::db::{DbConn, DbError};
use crate::domain::activity::SYSTEM_ACTOR;
use crate::domain::audit::{self, Action};
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::invitations::InvitationToken;
use crate::domain::services::Service;
use crate::{db_run, db_write};

use super::{DEMO_PASSWORD, NewCustomerUser, NewTenant};

const LATIN: &[&str] = &[
    "Contoso",
    "Litware",
    "Proseware",
    "Adatum",
    "Lamna",
    "Trey",
    "Relecloud",
    "Fourth Coffee",
    "Woodgrove",
    "Alpine Ski",
];
const CYRILLIC: &[&str] =
    &["Ромашка", "Северсталь Трейд", "Байкал Софт", "Волга Логистик", "Уральские Системы", "Невский Ритейл"];
const CJK: &[&str] = &["星辰科技", "长江物流", "华夏零售", "东方数据", "青松教育", "海湾制造"];
const SUFFIXES: &[&str] = &["Ltd", "Group", "Holdings", "Labs", "Trading"];
const BATCH: usize = 500;

/// Adds `count` customers of the first partner (Northwind in the demo data):
/// names in Latin, Cyrillic and CJK scripts, delegated administration for
/// most services (some held by the second partner), subscriptions and audit
/// events. Inserts in batches, one transaction per batch.
pub fn seed_bulk(conn: &mut DbConn, count: u32) -> Result<u32, DbError> {
    let (ours, other): (i64, Option<i64>) = db_run!(conn, {
        let ids: Vec<i64> = partners::table.order(partners::id.asc()).select(partners::id).limit(2).load(conn)?;
        Ok::<_, DbError>((ids.first().copied().unwrap_or_default(), ids.get(1).copied()))
    })?;
    if ours == 0 {
        return Err(DbError::Unavailable("no partner to attach customers to: run seed-demo first".into()));
    }
    let start: i64 = db_run!(conn, { tenants::table.count().get_result(conn) })?;
    let now = crate::domain::now();
    let mut done = 0u32;
    while done < count {
        let size = BATCH.min((count - done) as usize);
        let batch: Vec<(String, String, NaiveDateTime)> = (0..size)
            .map(|i| {
                let n = start as usize + done as usize + i;
                let base = match n % 3 {
                    0 => LATIN[n / 3 % LATIN.len()],
                    1 => CYRILLIC[n / 3 % CYRILLIC.len()],
                    _ => CJK[n / 3 % CJK.len()],
                };
                let name = format!("{base} {} {n}", SUFFIXES[n % SUFFIXES.len()]);
                (name, format!("customer{n}.partner.onmschina.cn"), now - Duration::minutes(n as i64))
            })
            .collect();
        db_write!(conn, {
            let rows: Vec<_> = batch.iter().map(|(name, domain, at)| NewTenant::new(name, domain, *at)).collect();
            diesel::insert_into(tenants::table).values(&rows).execute(conn)?;
            let domains: Vec<&str> = batch.iter().map(|(_, d, _)| d.as_str()).collect();
            let ids: Vec<(i64, NaiveDateTime)> = tenants::table
                .filter(tenants::domain.eq_any(&domains))
                .order(tenants::id.asc())
                .select((tenants::id, tenants::created_at))
                .load(conn)?;
            let mut relationships = Vec::new();
            let mut grants = Vec::new();
            let mut subscriptions_rows = Vec::new();
            let mut events = Vec::new();
            for (tenant_id, at) in &ids {
                relationships.push((
                    reseller_relationships::partner_id.eq(ours),
                    reseller_relationships::tenant_id.eq(*tenant_id),
                    reseller_relationships::created_at.eq(*at),
                ));
                let shared = other.filter(|_| tenant_id % 5 == 0);
                if let Some(other) = shared {
                    relationships.push((
                        reseller_relationships::partner_id.eq(other),
                        reseller_relationships::tenant_id.eq(*tenant_id),
                        reseller_relationships::created_at.eq(*at),
                    ));
                }
                for (k, service) in Service::ALL.into_iter().enumerate() {
                    let holder = match (tenant_id + k as i64) % 4 {
                        0 | 1 => Some(ours),
                        2 => shared,
                        _ => None,
                    };
                    if let Some(holder) = holder {
                        grants.push((
                            delegated_admin_grants::partner_id.eq(holder),
                            delegated_admin_grants::tenant_id.eq(*tenant_id),
                            delegated_admin_grants::service.eq(service.code()),
                            delegated_admin_grants::granted_at.eq(*at),
                        ));
                    }
                }
                subscriptions_rows.push((
                    subscriptions::tenant_id.eq(*tenant_id),
                    subscriptions::service.eq(Service::Office365.code()),
                    subscriptions::offer.eq("Office 365 E3"),
                    subscriptions::seats.eq(5 + (tenant_id % 50) as i32),
                    subscriptions::partner_of_record_id.eq(shared.unwrap_or(ours)),
                    subscriptions::created_at.eq(*at),
                ));
                events.push(audit::AuditRow::new(
                    *at,
                    Action::RelationshipCreated,
                    SYSTEM_ACTOR,
                    Some(PartnerId(ours)),
                    Some(TenantId(*tenant_id)),
                ));
                events.push(audit::AuditRow::new(
                    *at,
                    Action::InvitationAccepted,
                    SYSTEM_ACTOR,
                    Some(PartnerId(ours)),
                    Some(TenantId(*tenant_id)),
                ));
            }
            diesel::insert_into(reseller_relationships::table).values(&relationships).execute(conn)?;
            diesel::insert_into(delegated_admin_grants::table).values(&grants).execute(conn)?;
            diesel::insert_into(subscriptions::table).values(&subscriptions_rows).execute(conn)?;
            diesel::insert_into(crate::db::schema::audit_events::table).values(&events).execute(conn)?;
            let shared_count = relationships.len() as i64 - ids.len() as i64;
            diesel::update(partners::table.find(ours))
                .set(partners::customer_count.eq(partners::customer_count + ids.len() as i64))
                .execute(conn)?;
            if let Some(other) = other {
                diesel::update(partners::table.find(other))
                    .set(partners::customer_count.eq(partners::customer_count + shared_count))
                    .execute(conn)?;
            }
            Ok::<_, DbError>(())
        })?;
        done += size as u32;
    }
    Ok(done)
}

/// Copies the first partner's audit events (oldest first, 100,000 at a time)
/// until the log holds at least `total` events; returns how many it added.
/// For the activity benchmark: a long log without a long seed.
pub fn seed_bulk_events(conn: &mut DbConn, total: i64) -> Result<i64, DbError> {
    use crate::db::schema::audit_events as events;
    let ours: Option<i64> =
        db_run!(conn, { partners::table.order(partners::id.asc()).select(partners::id).limit(1).load(conn) })?
            .into_iter()
            .next();
    let Some(ours) = ours else { return Ok(0) };
    let mut added = 0;
    loop {
        let have: i64 = db_run!(conn, { events::table.count().get_result(conn) })?;
        if have >= total {
            return Ok(added);
        }
        let copied = db_write!(conn, {
            let columns = (
                events::occurred_at,
                events::action,
                events::actor_name,
                events::partner_id,
                events::tenant_id,
                events::service,
                events::detail,
            );
            let source = events::table
                .filter(events::partner_id.eq(ours))
                .order(events::id.asc())
                .limit((total - have).min(100_000))
                .select(columns);
            diesel::insert_into(events::table).values(source).into_columns(columns).execute(conn)
        })?;
        if copied == 0 {
            return Ok(added);
        }
        added += copied as i64;
    }
}

/// What [`seed_bench_fixtures`] created, for the acceptance benchmark.
pub struct BenchFixtures {
    /// One active invitation token (with delegated administration) per new partner.
    pub tokens: Vec<String>,
    /// Sign-in emails of the new customers' global admins.
    pub admins: Vec<String>,
}

/// Fixtures for the acceptance benchmark (`bench/run.sh`): `partners` new
/// partners with an active invitation link each, and `admins` new customers
/// with one global admin each (password [`DEMO_PASSWORD`]). Every accepted
/// invitation then creates a new reseller relationship, so each benchmark
/// request runs the real acceptance transaction.
pub fn seed_bench_fixtures(conn: &mut DbConn, partners: u32, admins: u32) -> Result<BenchFixtures, DbError> {
    let start: i64 = db_run!(conn, { partners::table.count().get_result(conn) })?;
    let now = crate::domain::now();
    let mut tokens = Vec::with_capacity(partners as usize);
    let mut done = 0u32;
    while done < partners {
        let size = BATCH.min((partners - done) as usize);
        let names: Vec<String> =
            (0..size).map(|i| format!("{} {}", LATIN[i % LATIN.len()], start + i64::from(done) + i as i64)).collect();
        let batch_tokens: Vec<String> = (0..size).map(|_| InvitationToken::generate().as_str().to_owned()).collect();
        db_write!(conn, {
            let rows: Vec<_> =
                names.iter().map(|name| (partners::name.eq(name), partners::created_at.eq(now))).collect();
            diesel::insert_into(partners::table).values(&rows).execute(conn)?;
            let ids: Vec<i64> = partners::table
                .filter(partners::name.eq_any(&names))
                .order(partners::id.asc())
                .select(partners::id)
                .load(conn)?;
            let rows: Vec<_> = ids
                .iter()
                .zip(&batch_tokens)
                .map(|(id, token)| {
                    (
                        invitation_tokens::partner_id.eq(*id),
                        invitation_tokens::token.eq(token),
                        invitation_tokens::created_at.eq(now),
                    )
                })
                .collect();
            diesel::insert_into(invitation_tokens::table).values(&rows).execute(conn)?;
            Ok::<_, DbError>(())
        })?;
        tokens.extend(batch_tokens);
        done += size as u32;
    }

    let hash = crate::password::hash(DEMO_PASSWORD);
    let first: i64 = db_run!(conn, { customer_users::table.count().get_result(conn) })?;
    let emails: Vec<String> =
        (0..i64::from(admins)).map(|i| format!("bench-admin-{}@bench.example", first + i)).collect();
    db_write!(conn, {
        for email in &emails {
            let name = email.trim_end_matches("@bench.example");
            let domain = format!("{name}.partner.onmschina.cn");
            let tenant_id: TenantId = diesel::insert_into(tenants::table)
                .values(NewTenant::new(name, &domain, now))
                .returning(tenants::id)
                .get_result(conn)?;
            diesel::insert_into(customer_users::table)
                .values(NewCustomerUser {
                    tenant_id,
                    email,
                    display_name: name,
                    password_hash: &hash,
                    role: "global_admin",
                    created_at: now,
                })
                .execute(conn)?;
        }
        Ok::<_, DbError>(())
    })?;
    Ok(BenchFixtures { tokens, admins: emails })
}

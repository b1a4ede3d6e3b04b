//! Signed-in sessions, kept in the database. The HTTP session (a cookie, or
//! Redis) carries only the session's id; whether it is still valid — not
//! signed out, not idle too long, not older than the absolute limit — and who
//! it belongs to, with the account's current role, are read here on every
//! request. So a cookie copied before sign-out is worth nothing after it,
//! and a lowered role takes effect on the next request.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::{Account, Principal};
use super::ids::{CustomerUserId, PartnerId, PartnerUserId, TenantId};
use super::users::{self, PrincipalRow};
use crate::db::schema::user_sessions as sessions;
use crate::db::{DbConn, DbError, Stamp};
use crate::{db_run, db_write};

/// How long a session lasts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Unused this long, it ends.
    pub idle: Duration,
    /// This long after sign-in, it ends however busy.
    pub max: Duration,
}

impl Limits {
    /// `last_seen_at` is written at most this often (a write per request
    /// would cost every page a database write).
    fn touch_every(self) -> chrono::Duration {
        to_chrono(self.idle / 8).min(chrono::Duration::seconds(60))
    }
}

fn to_chrono(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}

/// A new session for `account`; returns its id (128 random bits). Old
/// sessions of the same account that have ended are forgotten.
pub fn start(conn: &mut DbConn, account: Account, now: NaiveDateTime, limits: Limits) -> Result<String, DbError> {
    let id = super::random_token::<16>();
    let (partner_user_id, customer_user_id) = match account {
        Account::Partner(user) => (Some(user), None),
        Account::Customer(user) => (None, Some(user)),
    };
    let idle_since = now - to_chrono(limits.idle);
    let started_before = now - to_chrono(limits.max);
    db_write!(conn, {
        let over = sessions::ended_at
            .is_not_null()
            .or(sessions::last_seen_at.lt(idle_since))
            .or(sessions::created_at.lt(started_before));
        match account {
            Account::Partner(user) => {
                diesel::delete(sessions::table.filter(sessions::partner_user_id.eq(user)).filter(over)).execute(conn)
            }
            Account::Customer(user) => {
                diesel::delete(sessions::table.filter(sessions::customer_user_id.eq(user)).filter(over)).execute(conn)
            }
        }?;
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(&id),
                sessions::partner_user_id.eq(partner_user_id),
                sessions::customer_user_id.eq(customer_user_id),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
            ))
            .execute(conn)
    })?;
    Ok(id)
}

/// A session as stored, with its account as it is now; read without
/// writing anything, so it may run wherever reads are cheapest
/// ([`crate::db::DbPool::read_now`]), or kept a while
/// (`web::session_cache`).
#[derive(Clone)]
pub struct Stored {
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
    ended_at: Option<NaiveDateTime>,
    /// `None` when the account is gone or its role is unknown.
    principal: Option<Principal>,
}

/// What becomes of a session on a request at a given time.
pub enum Verdict {
    /// Signed in; `touch`: write the time it was last seen.
    Valid { principal: Principal, touch: bool },
    /// Timed out, or its account is gone: end it.
    End,
    /// Unknown or signed out already.
    Gone,
}

/// Session `id` as stored, or `None` when there is no such session.
pub fn look_up(conn: &mut DbConn, id: &str) -> Result<Option<Stored>, DbError> {
    use crate::db::schema::{customer_users, partner_users, partners, tenants};
    type Row = (
        Stamp,
        Stamp,
        Option<Stamp>,
        Option<PrincipalRow<PartnerUserId, PartnerId>>,
        Option<PrincipalRow<CustomerUserId, TenantId>>,
    );
    // One statement: every signed-in request runs it (on PostgreSQL a round
    // trip each). A deleted account leaves its side NULL.
    let rows: Vec<Row> = db_run!(conn, {
        sessions::table
            .left_join(partner_users::table.on(sessions::partner_user_id.eq(partner_users::id.nullable())))
            .left_join(partners::table.on(partners::id.nullable().eq(partner_users::partner_id.nullable())))
            .left_join(customer_users::table.on(sessions::customer_user_id.eq(customer_users::id.nullable())))
            .left_join(tenants::table.on(tenants::id.nullable().eq(customer_users::tenant_id.nullable())))
            .filter(sessions::id.eq(id))
            .select((
                sessions::created_at,
                sessions::last_seen_at,
                sessions::ended_at,
                (
                    partner_users::id,
                    partner_users::partner_id,
                    partner_users::email,
                    partner_users::display_name,
                    partner_users::role,
                    partners::name,
                )
                    .nullable(),
                (
                    customer_users::id,
                    customer_users::tenant_id,
                    customer_users::email,
                    customer_users::display_name,
                    customer_users::role,
                    tenants::name,
                )
                    .nullable(),
            ))
            .load(conn)
    })?;
    let Some((created_at, last_seen_at, ended_at, partner_user, customer_user)) = rows.into_iter().next() else {
        return Ok(None);
    };
    let principal = match (partner_user, customer_user) {
        (Some(row), _) => users::partner_principal(row),
        (None, Some(row)) => users::customer_principal(row),
        (None, None) => None,
    };
    Ok(Some(Stored {
        created_at: created_at.0,
        last_seen_at: last_seen_at.0,
        ended_at: ended_at.map(|at| at.0),
        principal,
    }))
}

impl Stored {
    /// Whether the session is still valid as of `now`.
    pub fn verdict(&self, now: NaiveDateTime, limits: Limits) -> Verdict {
        if self.ended_at.is_some() {
            return Verdict::Gone;
        }
        if now - self.last_seen_at > to_chrono(limits.idle) || now - self.created_at > to_chrono(limits.max) {
            return Verdict::End;
        }
        match &self.principal {
            Some(principal) => {
                Verdict::Valid { principal: principal.clone(), touch: now - self.last_seen_at >= limits.touch_every() }
            }
            None => Verdict::End,
        }
    }

    /// The session as it is once [`touch`] has noted its use at `now`.
    pub fn seen_at(self, now: NaiveDateTime) -> Self {
        Self { last_seen_at: now, ..self }
    }

    /// A session of a partner user, started and last seen at `at`.
    #[cfg(test)]
    pub fn valid_for_tests(at: NaiveDateTime) -> Self {
        use super::accounts::{PartnerPrincipal, PartnerRole};
        let principal = Principal::Partner(PartnerPrincipal {
            user_id: PartnerUserId(1),
            partner_id: PartnerId(1),
            email: "admin@northwind.example".into(),
            display_name: "Admin".into(),
            role: PartnerRole::AdminAgent,
            partner_name: "Northwind".into(),
        });
        Self { created_at: at, last_seen_at: at, ended_at: None, principal: Some(principal) }
    }
}

/// Notes that session `id` was used at `now` (for the idle limit).
pub fn touch(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<(), DbError> {
    db_write!(conn, { diesel::update(sessions::table.find(id)).set(sessions::last_seen_at.eq(now)).execute(conn) })?;
    Ok(())
}

/// Ends session `id` (signing out); ending it twice changes nothing.
pub fn end(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<(), DbError> {
    db_write!(conn, {
        diesel::update(sessions::table.find(id).filter(sessions::ended_at.is_null()))
            .set(sessions::ended_at.eq(now))
            .execute(conn)
    })?;
    Ok(())
}

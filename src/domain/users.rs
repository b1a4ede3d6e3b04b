//! Accounts on both sides, as sign-in needs them.

use diesel::prelude::*;

use crate::db::schema::{customer_users, partner_users, partners, tenants};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::web::auth::{CustomerPrincipal, CustomerRole, PartnerPrincipal, PartnerRole, Principal};

/// `(user id, organisation id, email, display name, password hash, role,
/// preferred language, organisation name)`.
type AccountRow = (i64, i64, String, String, String, String, Option<String>, String);

/// A stored account with its password hash, before the password is checked.
pub struct StoredAccount {
    pub password_hash: String,
    pub preferred_lang: Option<String>,
    pub principal: Principal,
}

pub fn find_partner_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    let email = email.trim().to_lowercase();
    let row: Option<AccountRow> = db_run!(conn, {
        partner_users::table
            .inner_join(partners::table)
            .filter(partner_users::email.eq(&email))
            .select((
                partner_users::id,
                partner_users::partner_id,
                partner_users::email,
                partner_users::display_name,
                partner_users::password_hash,
                partner_users::role,
                partner_users::preferred_lang,
                partners::name,
            ))
            .first(conn)
            .optional()
    })?;
    Ok(row.and_then(|(user_id, partner_id, email, display_name, password_hash, role, preferred_lang, partner_name)| {
        Some(StoredAccount {
            password_hash,
            preferred_lang,
            principal: Principal::Partner(PartnerPrincipal {
                user_id,
                partner_id,
                email,
                display_name,
                partner_name,
                role: PartnerRole::parse(&role)?,
            }),
        })
    }))
}

pub fn find_customer_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    let email = email.trim().to_lowercase();
    let row: Option<AccountRow> = db_run!(conn, {
        customer_users::table
            .inner_join(tenants::table)
            .filter(customer_users::email.eq(&email))
            .select((
                customer_users::id,
                customer_users::tenant_id,
                customer_users::email,
                customer_users::display_name,
                customer_users::password_hash,
                customer_users::role,
                customer_users::preferred_lang,
                tenants::name,
            ))
            .first(conn)
            .optional()
    })?;
    Ok(row.and_then(|(user_id, tenant_id, email, display_name, password_hash, role, preferred_lang, tenant_name)| {
        Some(StoredAccount {
            password_hash,
            preferred_lang,
            principal: Principal::Customer(CustomerPrincipal {
                user_id,
                tenant_id,
                email,
                display_name,
                tenant_name,
                role: CustomerRole::parse(&role)?,
            }),
        })
    }))
}

pub fn set_preferred_language(conn: &mut DbConn, principal: &Principal, tag: &str) -> Result<(), DbError> {
    db_run!(conn, {
        match principal {
            Principal::Partner(p) => diesel::update(partner_users::table.find(p.user_id))
                .set(partner_users::preferred_lang.eq(tag))
                .execute(conn),
            Principal::Customer(c) => diesel::update(customer_users::table.find(c.user_id))
                .set(customer_users::preferred_lang.eq(tag))
                .execute(conn),
        }
    })?;
    Ok(())
}

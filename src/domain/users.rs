//! Accounts on both sides: found by email at sign-in; on every request of a
//! signed-in session, with the session (`super::sessions::look_up`), as rows
//! turned into principals here.

use diesel::prelude::*;

use super::accounts::{Account, CustomerPrincipal, CustomerRole, PartnerPrincipal, PartnerRole, Principal};
use super::ids::{CustomerUserId, PartnerId, PartnerUserId, TenantId};
use crate::db::schema::{customer_users, partner_users, tenants};
use crate::db::{DbConn, DbError};
use crate::i18n::Locale;
use crate::{db_run, db_write};

/// `(user id, organisation id, email, display name, password hash, role,
/// preferred language, organisation name)`.
type AccountRow<User, Organisation> = (User, Organisation, String, String, String, String, Option<String>, String);

/// A stored account with its password hash, before the password is checked.
pub struct StoredAccount {
    pub password_hash: String,
    /// The language the user last chose, when it is still supported.
    pub preferred_lang: Option<Locale>,
    pub principal: Principal,
}

fn partner_account(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    let rows: Vec<AccountRow<PartnerUserId, PartnerId>> = db_run!(conn, {
        let query = partner_users::table.select((
            partner_users::id,
            partner_users::partner_id,
            partner_users::email,
            partner_users::display_name,
            partner_users::password_hash,
            partner_users::role,
            partner_users::preferred_lang,
            super::partner_name!(partner_users::partner_id),
        ));
        // By unique key: no LIMIT, see domain/mod.rs.
        query.filter(partner_users::email.eq(email)).load(conn)
    })?;
    Ok(rows.into_iter().next().and_then(
        |(user_id, partner_id, email, display_name, password_hash, role, preferred_lang, partner_name)| {
            Some(StoredAccount {
                password_hash,
                preferred_lang: stored_locale(preferred_lang),
                principal: partner_principal((user_id, partner_id, email, display_name, role, partner_name))?,
            })
        },
    ))
}

fn customer_account(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    let rows: Vec<AccountRow<CustomerUserId, TenantId>> = db_run!(conn, {
        let query = customer_users::table.inner_join(tenants::table).select((
            customer_users::id,
            customer_users::tenant_id,
            customer_users::email,
            customer_users::display_name,
            customer_users::password_hash,
            customer_users::role,
            customer_users::preferred_lang,
            tenants::name,
        ));
        query.filter(customer_users::email.eq(email)).load(conn)
    })?;
    Ok(rows.into_iter().next().and_then(
        |(user_id, tenant_id, email, display_name, password_hash, role, preferred_lang, tenant_name)| {
            Some(StoredAccount {
                password_hash,
                preferred_lang: stored_locale(preferred_lang),
                principal: customer_principal((user_id, tenant_id, email, display_name, role, tenant_name))?,
            })
        },
    ))
}

pub fn find_partner_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    partner_account(conn, &email.trim().to_lowercase())
}

pub fn find_customer_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    customer_account(conn, &email.trim().to_lowercase())
}

/// `(user id, organisation id, email, display name, role, organisation
/// name)`: what a principal is made of.
pub type PrincipalRow<User, Organisation> = (User, Organisation, String, String, String, String);

/// The partner user a row describes; `None` when its role is unknown.
pub fn partner_principal(row: PrincipalRow<PartnerUserId, PartnerId>) -> Option<Principal> {
    let (user_id, partner_id, email, display_name, role, partner_name) = row;
    let role = PartnerRole::parse(&role)?;
    Some(Principal::Partner(PartnerPrincipal { user_id, partner_id, email, display_name, partner_name, role }))
}

/// The customer user a row describes; `None` when its role is unknown.
pub fn customer_principal(row: PrincipalRow<CustomerUserId, TenantId>) -> Option<Principal> {
    let (user_id, tenant_id, email, display_name, role, tenant_name) = row;
    let role = CustomerRole::parse(&role)?;
    Some(Principal::Customer(CustomerPrincipal { user_id, tenant_id, email, display_name, tenant_name, role }))
}

/// The `preferred_lang` column holds a language tag; it is read and written
/// only through [`Locale`], here.
fn stored_locale(tag: Option<String>) -> Option<Locale> {
    tag.as_deref().and_then(Locale::from_tag)
}

pub fn set_preferred_language(conn: &mut DbConn, account: Account, locale: Locale) -> Result<(), DbError> {
    let tag = locale.tag();
    db_write!(conn, {
        match account {
            Account::Partner(id) => {
                diesel::update(partner_users::table.find(id)).set(partner_users::preferred_lang.eq(tag)).execute(conn)
            }
            Account::Customer(id) => {
                diesel::update(customer_users::table.find(id)).set(customer_users::preferred_lang.eq(tag)).execute(conn)
            }
        }
    })?;
    Ok(())
}

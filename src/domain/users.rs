//! Accounts on both sides: found by email at sign-in, by id on every
//! request of a signed-in session.

use diesel::prelude::*;

use super::accounts::{Account, CustomerPrincipal, CustomerRole, PartnerPrincipal, PartnerRole, Principal};
use super::ids::{CustomerUserId, PartnerId, PartnerUserId, TenantId};
use crate::db::schema::{customer_users, partner_users, partners, tenants};
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

/// How an account is looked up.
enum Key<'a, Id> {
    Email(&'a str),
    Id(Id),
}

fn partner_account(conn: &mut DbConn, key: Key<PartnerUserId>) -> Result<Option<StoredAccount>, DbError> {
    let rows: Vec<AccountRow<PartnerUserId, PartnerId>> = db_run!(conn, {
        let query = partner_users::table.inner_join(partners::table).select((
            partner_users::id,
            partner_users::partner_id,
            partner_users::email,
            partner_users::display_name,
            partner_users::password_hash,
            partner_users::role,
            partner_users::preferred_lang,
            partners::name,
        ));
        // Not boxed: diesel finds a boxed query's statement in its cache by
        // SQL text, built anew each time; a static one by its type. Every
        // signed-in request reads its account.
        // By unique key: no LIMIT, see domain/mod.rs.
        match key {
            Key::Email(email) => query.filter(partner_users::email.eq(email)).load(conn),
            Key::Id(id) => query.filter(partner_users::id.eq(id)).load(conn),
        }
    })?;
    Ok(rows.into_iter().next().and_then(
        |(user_id, partner_id, email, display_name, password_hash, role, preferred_lang, partner_name)| {
            Some(StoredAccount {
                password_hash,
                preferred_lang: stored_locale(preferred_lang),
                principal: Principal::Partner(PartnerPrincipal {
                    user_id,
                    partner_id,
                    email,
                    display_name,
                    partner_name,
                    role: PartnerRole::parse(&role)?,
                }),
            })
        },
    ))
}

fn customer_account(conn: &mut DbConn, key: Key<CustomerUserId>) -> Result<Option<StoredAccount>, DbError> {
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
        match key {
            Key::Email(email) => query.filter(customer_users::email.eq(email)).load(conn),
            Key::Id(id) => query.filter(customer_users::id.eq(id)).load(conn),
        }
    })?;
    Ok(rows.into_iter().next().and_then(
        |(user_id, tenant_id, email, display_name, password_hash, role, preferred_lang, tenant_name)| {
            Some(StoredAccount {
                password_hash,
                preferred_lang: stored_locale(preferred_lang),
                principal: Principal::Customer(CustomerPrincipal {
                    user_id,
                    tenant_id,
                    email,
                    display_name,
                    tenant_name,
                    role: CustomerRole::parse(&role)?,
                }),
            })
        },
    ))
}

pub fn find_partner_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    partner_account(conn, Key::Email(&email.trim().to_lowercase()))
}

pub fn find_customer_user(conn: &mut DbConn, email: &str) -> Result<Option<StoredAccount>, DbError> {
    customer_account(conn, Key::Email(&email.trim().to_lowercase()))
}

/// The account as it is now (role, organisation, name), or `None` when it no
/// longer exists or its role is unknown.
pub fn principal(conn: &mut DbConn, account: Account) -> Result<Option<Principal>, DbError> {
    let stored = match account {
        Account::Partner(id) => partner_account(conn, Key::Id(id))?,
        Account::Customer(id) => customer_account(conn, Key::Id(id))?,
    };
    Ok(stored.map(|stored| stored.principal))
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

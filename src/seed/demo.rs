//! The demo organisations and accounts (DESIGN.md §8).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    customer_users, delegated_admin_grants, invitation_tokens, partner_users, partners, reseller_relationships,
    subscriptions, tenants,
};
use crate::db::{DbConn, DbError};
use crate::db_write;
use crate::domain::activity::SYSTEM_ACTOR;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::invitations::InvitationToken;
use crate::domain::services::Service;

use super::{NewCustomerUser, NewTenant, is_empty};

pub const DEMO_PASSWORD: &str = "demo-password";

/// `(email, organisation, role)` of every demo account, for the start-up table.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("admin@northwind.example", "Northwind Cloud Partners", "partner admin agent"),
    ("sales@northwind.example", "Northwind Cloud Partners", "partner sales agent"),
    ("helpdesk@northwind.example", "Northwind Cloud Partners", "partner helpdesk agent"),
    ("admin@fabrikam.example", "Fabrikam Solutions", "partner admin agent"),
    ("admin@tailspin.example", "Tailspin Toys", "customer global admin"),
    ("user@tailspin.example", "Tailspin Toys", "customer user"),
    ("admin@wingtip.example", "Wingtip Toys", "customer global admin"),
];

/// A new customer organisation; its `search_key` always follows from its name
/// and domain.
/// Seeds the demo organisations and accounts. Does nothing when the database
/// already has data, so it is safe to run on every start.
pub fn seed_demo(conn: &mut DbConn) -> Result<bool, DbError> {
    conn.with_startup_lock(|conn| if is_empty(conn)? { insert_demo(conn).map(|()| true) } else { Ok(false) })
}

fn insert_demo(conn: &mut DbConn) -> Result<(), DbError> {
    let hash = crate::password::hash(DEMO_PASSWORD);
    let now = crate::domain::now();
    let ago = |days: i64| now - Duration::days(days);
    db_write!(conn, {
        let partner = |conn: &mut _, name: &str, at: NaiveDateTime| -> QueryResult<PartnerId> {
            let id = diesel::insert_into(partners::table)
                .values((partners::name.eq(name), partners::created_at.eq(at)))
                .returning(partners::id)
                .get_result(conn)?;
            // One link of each kind: with delegated administration, and for
            // the reseller relationship only.
            for reseller_only in [false, true] {
                diesel::insert_into(invitation_tokens::table)
                    .values((
                        invitation_tokens::partner_id.eq(id),
                        invitation_tokens::token.eq(InvitationToken::generate().as_str()),
                        invitation_tokens::reseller_only.eq(reseller_only),
                        invitation_tokens::created_at.eq(at),
                    ))
                    .execute(conn)?;
            }
            Ok(id)
        };
        let northwind = partner(conn, "Northwind Cloud Partners", ago(400))?;
        let fabrikam = partner(conn, "Fabrikam Solutions", ago(700))?;

        for (partner_id, email, name, role) in [
            (northwind, "admin@northwind.example", "Nadia Orlova", "admin_agent"),
            (northwind, "sales@northwind.example", "Sam Li", "sales_agent"),
            (northwind, "helpdesk@northwind.example", "Hana Kim", "helpdesk_agent"),
            (fabrikam, "admin@fabrikam.example", "Felix Wagner", "admin_agent"),
        ] {
            diesel::insert_into(partner_users::table)
                .values((
                    partner_users::partner_id.eq(partner_id),
                    partner_users::email.eq(email),
                    partner_users::display_name.eq(name),
                    partner_users::password_hash.eq(&hash),
                    partner_users::role.eq(role),
                    partner_users::created_at.eq(ago(300)),
                ))
                .execute(conn)?;
        }

        let tenant = |conn: &mut _, name: &str, domain: &str, at: NaiveDateTime| -> QueryResult<TenantId> {
            diesel::insert_into(tenants::table)
                .values(NewTenant::new(name, domain, at))
                .returning(tenants::id)
                .get_result(conn)
        };
        let tailspin = tenant(conn, "Tailspin Toys", "tailspintoys.partner.onmschina.cn", ago(650))?;
        let wingtip = tenant(conn, "Wingtip Toys", "wingtiptoys.partner.onmschina.cn", ago(380))?;

        for (tenant_id, email, name, role) in [
            (tailspin, "admin@tailspin.example", "Tanya Petrova", "global_admin"),
            (tailspin, "user@tailspin.example", "Tom Zhang", "user"),
            (wingtip, "admin@wingtip.example", "Wei Chen", "global_admin"),
        ] {
            diesel::insert_into(customer_users::table)
                .values(NewCustomerUser {
                    tenant_id,
                    email,
                    display_name: name,
                    password_hash: &hash,
                    role,
                    created_at: ago(300),
                })
                .execute(conn)?;
        }

        // Fabrikam is Tailspin's original reseller and administers its Office 365.
        // Northwind resells to Wingtip; Fabrikam sold Wingtip its Power BI.
        for (partner_id, tenant_id, since, granted) in [
            (fabrikam, tailspin, ago(600), &[Service::Office365][..]),
            (northwind, wingtip, ago(360), &[Service::Office365, Service::Dynamics365, Service::PowerBi][..]),
            (fabrikam, wingtip, ago(370), &[][..]),
        ] {
            diesel::insert_into(reseller_relationships::table)
                .values((
                    reseller_relationships::partner_id.eq(partner_id),
                    reseller_relationships::tenant_id.eq(tenant_id),
                    reseller_relationships::created_at.eq(since),
                ))
                .execute(conn)?;
            diesel::update(partners::table.find(partner_id))
                .set(partners::customer_count.eq(partners::customer_count + 1))
                .execute(conn)?;
            audit::record(
                conn,
                Event::new(Action::RelationshipCreated, SYSTEM_ACTOR).partner(partner_id).tenant(tenant_id).at(since),
            )?;
            for service in granted {
                diesel::insert_into(delegated_admin_grants::table)
                    .values((
                        delegated_admin_grants::partner_id.eq(partner_id),
                        delegated_admin_grants::tenant_id.eq(tenant_id),
                        delegated_admin_grants::service.eq(service.code()),
                        delegated_admin_grants::granted_at.eq(since),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    Event::new(Action::DelegatedAdminGranted, SYSTEM_ACTOR)
                        .partner(partner_id)
                        .tenant(tenant_id)
                        .service(*service)
                        .at(since),
                )?;
            }
        }

        for (tenant_id, service, offer, seats, por) in [
            (tailspin, Service::Office365, "Office 365 E3", 40, fabrikam),
            (tailspin, Service::Azure, "Azure plan", 1, fabrikam),
            (wingtip, Service::Office365, "Office 365 E3", 25, northwind),
            (wingtip, Service::Dynamics365, "Dynamics 365 Sales Enterprise", 8, northwind),
            (wingtip, Service::PowerBi, "Power BI Pro", 12, fabrikam),
        ] {
            diesel::insert_into(subscriptions::table)
                .values((
                    subscriptions::tenant_id.eq(tenant_id),
                    subscriptions::service.eq(service.code()),
                    subscriptions::offer.eq(offer),
                    subscriptions::seats.eq(seats),
                    subscriptions::partner_of_record_id.eq(por),
                    subscriptions::created_at.eq(ago(350)),
                ))
                .execute(conn)?;
        }
        Ok::<_, DbError>(())
    })
}

/// The start-up table of demo accounts.
pub fn accounts_table() -> String {
    let mut out = String::from("Demo accounts (password: demo-password)\n");
    for (email, organisation, role) in DEMO_ACCOUNTS {
        out.push_str(&format!("  {email:<28} {organisation:<26} {role}\n"));
    }
    out
}

//! Reseller relationships and delegated administration (DAP) grants: the
//! acceptance transaction, the customer's view of its partners, removal.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ids::{CustomerUserId, PartnerId, TenantId};
use super::lifecycle::Lifecycle;
use super::notifications::{EventType, Notice, Outbox, Side};
use super::services::Service;
use crate::db::schema::{delegated_admin_grants as grants, reseller_relationships as rels};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

pub(crate) mod acceptance;

pub use acceptance::{AcceptError, Acceptance, Accepted, GrantedServices, Replaced, UnknownService, accept, decline};

/// Who holds delegated administration for one of the tenant's services.
#[derive(Clone, Debug)]
pub struct ServiceHolder {
    pub service: Service,
    /// The partner of the active grant, if any.
    pub holder: Option<Holder>,
}

/// The partner holding an active grant, and since when.
#[derive(Clone, Debug)]
pub struct Holder {
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub since: NaiveDateTime,
}

/// The active grant per service for a tenant, in [`Service::ALL`] order.
pub fn holders(conn: &mut DbConn, tenant_id: TenantId) -> Result<Vec<ServiceHolder>, DbError> {
    let rows: Vec<(String, PartnerId, String, NaiveDateTime)> = db_run!(conn, {
        grants::table
            .filter(grants::tenant_id.eq(tenant_id))
            .filter(grants::removed_at.is_null())
            .select((grants::service, grants::partner_id, super::partner_name!(grants::partner_id), grants::granted_at))
            .load(conn)
    })?;
    Ok(Service::ALL
        .into_iter()
        .map(|service| ServiceHolder {
            service,
            holder: rows.iter().find(|(code, ..)| code == service.code()).map(|(_, partner_id, name, since)| Holder {
                partner_id: *partner_id,
                partner_name: name.clone(),
                since: *since,
            }),
        })
        .collect())
}

/// One partner as the customer sees it.
#[derive(Clone, Debug)]
pub struct PartnerRelationship {
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub since: NaiveDateTime,
    /// Services this partner administers, with the date of the grant.
    pub services: Vec<(Service, NaiveDateTime)>,
    /// Where the latest relationship with this partner stands.
    pub lifecycle: Lifecycle,
}

impl PartnerRelationship {
    pub fn is_delegated_admin(&self) -> bool {
        !self.services.is_empty()
    }
}

/// Every partner the tenant has (or had) a reseller relationship with, by
/// name; for each, its latest relationship (earlier ones are history).
pub fn partners_of(conn: &mut DbConn, tenant_id: TenantId) -> Result<Vec<PartnerRelationship>, DbError> {
    type RelRow =
        (PartnerId, String, NaiveDateTime, String, Option<NaiveDateTime>, Option<NaiveDateTime>, Option<String>);
    let relationships: Vec<RelRow> = db_run!(conn, {
        rels::table
            .filter(rels::tenant_id.eq(tenant_id))
            .order((super::partner_name!(rels::partner_id).asc(), rels::partner_id.asc(), rels::id.asc()))
            .select((
                rels::partner_id,
                super::partner_name!(rels::partner_id),
                rels::created_at,
                rels::status,
                rels::ending_due_at,
                rels::ended_at,
                rels::ended_by,
            ))
            .load(conn)
    })?;
    let active: Vec<(PartnerId, String, NaiveDateTime)> = db_run!(conn, {
        grants::table
            .filter(grants::tenant_id.eq(tenant_id))
            .filter(grants::removed_at.is_null())
            .select((grants::partner_id, grants::service, grants::granted_at))
            .load(conn)
    })?;
    let mut by_partner: BTreeMap<PartnerId, Vec<(Service, NaiveDateTime)>> = BTreeMap::new();
    for (partner_id, code, since) in active {
        if let Some(service) = Service::parse(&code) {
            by_partner.entry(partner_id).or_default().push((service, since));
        }
    }
    let mut out: Vec<PartnerRelationship> = Vec::new();
    for (partner_id, partner_name, since, status, due, ended_at, ended_by) in relationships {
        let lifecycle = Lifecycle::from_row(&status, due, ended_at, ended_by.as_deref());
        let relationship = PartnerRelationship { partner_id, partner_name, since, services: Vec::new(), lifecycle };
        // Rows come oldest first per partner: the latest replaces the earlier.
        match out.last_mut() {
            Some(last) if last.partner_id == partner_id => *last = relationship,
            _ => out.push(relationship),
        }
    }
    for relationship in &mut out {
        let mut services = by_partner.remove(&relationship.partner_id).unwrap_or_default();
        services.sort();
        relationship.services = services;
    }
    Ok(out)
}

/// One partner of the tenant, or `None` when there is no relationship (the
/// page then answers 404, whatever the id).
pub fn partner_of(
    conn: &mut DbConn,
    tenant_id: TenantId,
    partner_id: PartnerId,
) -> Result<Option<PartnerRelationship>, DbError> {
    Ok(partners_of(conn, tenant_id)?.into_iter().find(|p| p.partner_id == partner_id))
}

/// Who ends a partner's delegated administration.
#[derive(Clone, Copy, Debug)]
pub enum EndedBy {
    /// The customer's global admin took it away.
    Customer(CustomerUserId),
    /// The partner's admin agent gave it back.
    Partner,
}

/// Ends the active grants of `$partner_id` on `$tenant_id` (one service, or
/// all for `None`) inside the caller's transaction, with an audit event
/// each; evaluates to the services ended, sorted. A macro so that both
/// [`end_delegated_admin`] and ending the relationship
/// ([`super::lifecycle::end`]) run it in their own transaction on either
/// backend.
macro_rules! end_grants {
    ($conn:ident, $tenant_id:expr, $partner_id:expr, $service:expr, $by:expr, $actor_name:expr, $now:expr) => {{
        use $crate::db::schema::delegated_admin_grants as grants;
        let (removed_by, action) = match $by {
            $crate::domain::relationships::EndedBy::Customer(user_id) => {
                (Some(user_id), $crate::domain::audit::Action::DelegatedAdminRemoved)
            }
            $crate::domain::relationships::EndedBy::Partner => {
                (None, $crate::domain::audit::Action::DelegatedAdminReleased)
            }
        };
        let mut query = grants::table
            .filter(grants::tenant_id.eq($tenant_id))
            .filter(grants::partner_id.eq($partner_id))
            .filter(grants::removed_at.is_null())
            .select((grants::id, grants::service))
            .into_boxed();
        if let Some(service) = $service {
            query = query.filter(grants::service.eq($crate::domain::services::Service::code(service)));
        }
        let active: Vec<(i64, String)> = query.load($conn)?;
        let mut removed = Vec::new();
        for (grant_id, code) in active {
            diesel::update(grants::table.find(grant_id))
                .set((grants::removed_at.eq($now), grants::removed_by.eq(removed_by)))
                .execute($conn)?;
            if let Some(service) = $crate::domain::services::Service::parse(&code) {
                $crate::domain::audit::record(
                    $conn,
                    $crate::domain::audit::Event::new(action, $actor_name)
                        .partner($partner_id)
                        .tenant($tenant_id)
                        .service(service),
                )?;
                removed.push(service);
            }
        }
        removed.sort();
        removed
    }};
}
pub(crate) use end_grants;

/// Ends the partner's delegated administration for one service, or all
/// (`None`). The reseller relationship stays. Returns the services ended.
pub fn end_delegated_admin(
    conn: &mut DbConn,
    tenant_id: TenantId,
    partner_id: PartnerId,
    service: Option<Service>,
    by: EndedBy,
    actor_name: &str,
) -> Result<Vec<Service>, DbError> {
    let now = super::now();
    db_write!(conn, {
        let removed = end_grants!(conn, tenant_id, partner_id, service, by, actor_name, now);
        if !removed.is_empty() {
            let side = match by {
                EndedBy::Customer(_) => Side::Customer,
                EndedBy::Partner => Side::Partner,
            };
            let notice = Notice::new(EventType::DelegatedAdminRemoved, side, actor_name, partner_id, tenant_id);
            conn.enqueue(&notice.services(removed.iter().copied()).at(now))?;
        }
        Ok::<_, DbError>(removed)
    })
}

//! One customer's page as a partner sees it: its services, who holds them
//! (another partner is never named), and its subscriptions.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    delegated_admin_grants as grants, partner_of_record_requests as por_requests, reseller_relationships as rels,
    subscriptions, tenants,
};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::ids::{CustomerUserId, PartnerId, SubscriptionId, TenantId};
use crate::domain::lifecycle::{self, Lifecycle};
use crate::domain::partner_of_record::RequestStatus;
use crate::domain::services::Service;

/// One service of a customer, from the partner's point of view.
pub enum ServiceAccess {
    Ours {
        since: NaiveDateTime,
    },
    /// We held it and the customer removed it (or gave it to another partner).
    Removed {
        at: NaiveDateTime,
    },
    /// We held it and gave it back ourselves.
    Released {
        at: NaiveDateTime,
    },
    Other,
    None,
}

/// Who is a subscription's Partner of Record, as a partner may see it:
/// another partner is never named (DESIGN.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerOfRecord {
    Us,
    AnotherPartner,
    /// Nobody: the operator bills it until the customer chooses a partner.
    Nobody,
}

pub struct Subscription {
    pub id: SubscriptionId,
    pub service: Service,
    pub offer: String,
    pub seats: i32,
    pub add_ons: i32,
    pub partner_of_record: PartnerOfRecord,
    /// When this partner asked to become its Partner of Record, if the
    /// customer has not answered yet.
    pub request_pending_since: Option<NaiveDateTime>,
}

impl Subscription {
    pub fn ours(&self) -> bool {
        self.partner_of_record == PartnerOfRecord::Us
    }
}

pub struct CustomerDetail {
    pub tenant_id: TenantId,
    pub name: String,
    pub domain: String,
    pub since: NaiveDateTime,
    /// `Active` or `Ending`: an ended relationship has no detail.
    pub lifecycle: Lifecycle,
    pub services: Vec<(Service, ServiceAccess)>,
    pub subscriptions: Vec<Subscription>,
}

/// The customer's detail, or `None` when it is not this partner's customer.
pub fn detail(
    conn: &mut DbConn,
    partner_id: PartnerId,
    tenant_id: TenantId,
) -> Result<Option<CustomerDetail>, DbError> {
    db_run!(conn, {
        // The open relationship: once it has ended the customer is history
        // and the partner sees nothing of it (404).
        let Some((name, domain, since, status, due, ended_by)) = rels::table
            .inner_join(tenants::table)
            .filter(rels::partner_id.eq(partner_id))
            .filter(rels::tenant_id.eq(tenant_id))
            .filter(lifecycle::is_open())
            .select((
                tenants::name,
                tenants::domain,
                rels::created_at,
                rels::status,
                rels::ending_due_at,
                rels::ended_by,
            ))
            .first::<(String, String, NaiveDateTime, String, Option<NaiveDateTime>, Option<String>)>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let lifecycle = Lifecycle::from_row(&status, due, None, ended_by.as_deref());
        type GrantRow = (String, PartnerId, NaiveDateTime, Option<NaiveDateTime>, Option<CustomerUserId>);
        let grant_rows: Vec<GrantRow> = grants::table
            .filter(grants::tenant_id.eq(tenant_id))
            .filter(grants::removed_at.is_null().or(grants::partner_id.eq(partner_id)))
            .order(grants::id.asc())
            .select((grants::service, grants::partner_id, grants::granted_at, grants::removed_at, grants::removed_by))
            .load(conn)?;
        let services = Service::ALL
            .into_iter()
            .map(|service| {
                let for_service = grant_rows.iter().filter(|g| g.0 == service.code());
                let active = for_service.clone().find(|g| g.3.is_none());
                let access = match active {
                    Some(g) if g.1 == partner_id => ServiceAccess::Ours { since: g.2 },
                    // The latest end of our own grant: by the customer (it
                    // names who removed it) or by us (nobody is named).
                    _ => match for_service.filter(|g| g.1 == partner_id).filter_map(|g| Some((g.3?, g.4))).max() {
                        Some((at, Some(_))) => ServiceAccess::Removed { at },
                        Some((at, None)) => ServiceAccess::Released { at },
                        None if active.is_some() => ServiceAccess::Other,
                        None => ServiceAccess::None,
                    },
                };
                (service, access)
            })
            .collect();
        // No partner name is selected: another partner is never named here.
        let subscription_rows: Vec<(SubscriptionId, String, String, i32, i32, Option<PartnerId>)> =
            subscriptions::table
                .filter(subscriptions::tenant_id.eq(tenant_id))
                .order(subscriptions::id.asc())
                .select((
                    subscriptions::id,
                    subscriptions::service,
                    subscriptions::offer,
                    subscriptions::seats,
                    subscriptions::add_ons,
                    subscriptions::partner_of_record_id,
                ))
                .load(conn)?;
        let pending: HashMap<SubscriptionId, NaiveDateTime> = por_requests::table
            .filter(por_requests::tenant_id.eq(tenant_id))
            .filter(por_requests::partner_id.eq(partner_id))
            .filter(por_requests::status.eq(RequestStatus::Pending.code()))
            .select((por_requests::subscription_id, por_requests::requested_at))
            .load::<(SubscriptionId, NaiveDateTime)>(conn)?
            .into_iter()
            .collect();
        let subscriptions = subscription_rows
            .into_iter()
            // While ending, the partner sees only what it is still Partner of Record of.
            .filter(|row| lifecycle.is_active() || row.5 == Some(partner_id))
            .filter_map(|(id, code, offer, seats, add_ons, por)| {
                Some(Subscription {
                    id,
                    service: Service::parse(&code)?,
                    offer,
                    seats,
                    add_ons,
                    partner_of_record: match por {
                        Some(por) if por == partner_id => PartnerOfRecord::Us,
                        Some(_) => PartnerOfRecord::AnotherPartner,
                        None => PartnerOfRecord::Nobody,
                    },
                    request_pending_since: pending.get(&id).copied(),
                })
            })
            .collect();
        Ok(Some(CustomerDetail { tenant_id, name, domain, since, lifecycle, services, subscriptions }))
    })
}

//! What the customer's pages show about Partners of Record: its
//! subscriptions, one subscription with the partners it may choose, and the
//! requests partners made. Customers see every partner's name.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::RequestStatus;
use crate::db::schema::{
    partner_of_record_requests as requests, partners, reseller_relationships as rels, subscriptions,
};
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::domain::ids::{PartnerId, SubscriptionId, TenantId};
use crate::domain::lifecycle::RelationshipStatus;
use crate::domain::services::Service;

/// How many decided requests the requests page shows.
pub const RECENT_DECIDED: i64 = 20;

/// One subscription of the customer.
pub struct TenantSubscription {
    pub id: SubscriptionId,
    pub service: Service,
    pub offer: String,
    pub seats: i32,
    /// `None`: no Partner of Record, billed by the operator.
    pub partner_of_record: Option<PartnerOfRecord>,
    /// Partners' requests to become its Partner of Record, still pending.
    pub pending: i64,
}

/// A subscription's Partner of Record, named (the customer sees every name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerOfRecord {
    pub id: PartnerId,
    pub name: String,
}

type SubscriptionRow = (SubscriptionId, String, String, i32, Option<PartnerId>, Option<String>);

fn to_subscription((id, code, offer, seats, por_id, por): SubscriptionRow, pending: i64) -> Option<TenantSubscription> {
    let service = Service::parse(&code)?;
    let partner_of_record = por_id.zip(por).map(|(id, name)| PartnerOfRecord { id, name });
    Some(TenantSubscription { id, service, offer, seats, partner_of_record, pending })
}

/// Every subscription with its Partner of Record (if any), selected as a
/// [`SubscriptionRow`].
macro_rules! with_partner_of_record {
    () => {
        subscriptions::table.select((
            subscriptions::id,
            subscriptions::service,
            subscriptions::offer,
            subscriptions::seats,
            subscriptions::partner_of_record_id,
            crate::domain::partner_name!(nullable subscriptions::partner_of_record_id),
        ))
    };
}

/// Every subscription of the tenant, with its Partner of Record.
pub fn subscriptions_of(conn: &mut DbConn, tenant_id: TenantId) -> Result<Vec<TenantSubscription>, DbError> {
    let (rows, pending): (Vec<SubscriptionRow>, Vec<SubscriptionId>) = db_run!(conn, {
        let rows = with_partner_of_record!()
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .order(subscriptions::id.asc())
            .load(conn)?;
        let pending = requests::table
            .filter(requests::tenant_id.eq(tenant_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .select(requests::subscription_id)
            .load(conn)?;
        Ok::<_, DbError>((rows, pending))
    })?;
    let mut counts: HashMap<SubscriptionId, i64> = HashMap::new();
    for subscription_id in pending {
        *counts.entry(subscription_id).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .filter_map(|row| to_subscription(row.clone(), counts.get(&row.0).copied().unwrap_or(0)))
        .collect())
}

/// Pending requests of the tenant (for the navigation's count).
pub fn pending_count(conn: &mut DbConn, tenant_id: TenantId) -> Result<i64, DbError> {
    db_run!(conn, {
        requests::table
            .filter(requests::tenant_id.eq(tenant_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .count()
            .get_result(conn)
            .map_err(DbError::from)
    })
}

/// One request, as the customer sees it.
pub struct RequestRow {
    pub id: i64,
    pub subscription_id: SubscriptionId,
    pub service: Service,
    pub offer: String,
    /// `None`: the subscription has no Partner of Record.
    pub partner_of_record: Option<String>,
    pub requester_id: PartnerId,
    pub requester: String,
    pub requested_at: NaiveDateTime,
    pub status: RequestStatus,
    pub decided_at: Option<NaiveDateTime>,
}

pub struct Requests {
    /// Oldest first: the order they should be answered in.
    pub pending: Vec<RequestRow>,
    /// The latest [`RECENT_DECIDED`], newest first.
    pub decided: Vec<RequestRow>,
}

type RequestTuple =
    (i64, SubscriptionId, PartnerId, NaiveDateTime, String, Option<NaiveDateTime>, String, String, Option<PartnerId>);

/// The tenant's requests; `subscription_id` narrows them to one subscription.
pub fn requests_of(
    conn: &mut DbConn,
    tenant_id: TenantId,
    subscription_id: Option<SubscriptionId>,
) -> Result<Requests, DbError> {
    let pending_code = RequestStatus::Pending.code();
    let (pending, decided, names): (Vec<RequestTuple>, Vec<RequestTuple>, Vec<(PartnerId, String)>) = db_run!(conn, {
        let query = || {
            let mut query = requests::table
                .inner_join(subscriptions::table)
                .filter(requests::tenant_id.eq(tenant_id))
                .select((
                    requests::id,
                    requests::subscription_id,
                    requests::partner_id,
                    requests::requested_at,
                    requests::status,
                    requests::decided_at,
                    subscriptions::service,
                    subscriptions::offer,
                    subscriptions::partner_of_record_id,
                ))
                .into_boxed();
            if let Some(id) = subscription_id {
                query = query.filter(requests::subscription_id.eq(id));
            }
            query
        };
        let pending = query().filter(requests::status.eq(pending_code)).order(requests::id.asc()).load(conn)?;
        let decided = query()
            .filter(requests::status.ne(pending_code))
            .order((requests::decided_at.desc(), requests::id.desc()))
            .limit(RECENT_DECIDED)
            .load(conn)?;
        // Every partner a row names: requesters and Partners of Record.
        let ids: Vec<PartnerId> =
            pending.iter().chain(&decided).flat_map(|r: &RequestTuple| [Some(r.2), r.8]).flatten().collect();
        let names =
            partners::table.filter(partners::id.eq_any(ids)).select((partners::id, partners::name)).load(conn)?;
        Ok::<_, DbError>((pending, decided, names))
    })?;
    let names: HashMap<PartnerId, String> = names.into_iter().collect();
    let name = |id: PartnerId| names.get(&id).cloned().unwrap_or_default();
    let rows = |tuples: Vec<RequestTuple>| -> Vec<RequestRow> {
        tuples
            .into_iter()
            .filter_map(|(id, subscription_id, requester_id, requested_at, status, decided_at, code, offer, por)| {
                Some(RequestRow {
                    id,
                    subscription_id,
                    service: Service::parse(&code)?,
                    offer,
                    partner_of_record: por.map(name),
                    requester_id,
                    requester: name(requester_id),
                    requested_at,
                    status: RequestStatus::parse(&status)?,
                    decided_at,
                })
            })
            .collect()
    };
    Ok(Requests { pending: rows(pending), decided: rows(decided) })
}

/// One subscription and the partners its Partner of Record may be.
pub struct SubscriptionChoice {
    pub subscription: TenantSubscription,
    /// Every partner with a reseller relationship, by name.
    pub partners: Vec<PartnerChoice>,
}

/// A partner the customer may choose as Partner of Record.
pub struct PartnerChoice {
    pub id: PartnerId,
    pub name: String,
}

/// The subscription, or `None` when it is not the tenant's.
pub fn subscription_of(
    conn: &mut DbConn,
    tenant_id: TenantId,
    subscription_id: SubscriptionId,
) -> Result<Option<SubscriptionChoice>, DbError> {
    let (row, partners, pending): (Option<SubscriptionRow>, Vec<(PartnerId, String)>, i64) = db_run!(conn, {
        let row = with_partner_of_record!()
            .filter(subscriptions::id.eq(subscription_id))
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .first(conn)
            .optional()?;
        let partners = rels::table
            .filter(rels::tenant_id.eq(tenant_id))
            .filter(rels::status.eq(RelationshipStatus::Active.code()))
            .order(crate::domain::partner_name!(rels::partner_id).asc())
            .select((rels::partner_id, crate::domain::partner_name!(rels::partner_id)))
            .load(conn)?;
        let pending = requests::table
            .filter(requests::subscription_id.eq(subscription_id))
            .filter(requests::tenant_id.eq(tenant_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .count()
            .get_result(conn)?;
        Ok::<_, DbError>((row, partners, pending))
    })?;
    Ok(row.and_then(|row| to_subscription(row, pending)).map(|subscription| SubscriptionChoice {
        subscription,
        partners: partners.into_iter().map(|(id, name)| PartnerChoice { id, name }).collect(),
    }))
}

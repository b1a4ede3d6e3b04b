//! The partner's side: its customer list, one customer's services and
//! subscriptions, and the subscription actions only the Partner of Record
//! may take. Changing the Partner of Record itself needs the customer's
//! consent: see [`super::partner_of_record`].

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, Action, Event};
use super::ids::{CustomerUserId, PartnerId, SubscriptionId, TenantId};
use super::lifecycle::{Lifecycle, RelationshipStatus};
use super::partner_of_record::RequestStatus;
use super::services::Service;
use crate::db::schema::{
    delegated_admin_grants as grants, partner_of_record_requests as por_requests, partners,
    reseller_relationships as rels, subscriptions, tenants,
};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

pub const PAGE_SIZE: i64 = 50;

/// Delegated administration of one service, as a partner may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DapStatus {
    Ours,
    /// Held by another partner (not named to this partner).
    Other,
    None,
}

impl DapStatus {
    pub fn message_id(self) -> &'static str {
        match self {
            DapStatus::Ours => "customers-dap-ours",
            DapStatus::Other => "customers-dap-other",
            DapStatus::None => "customers-dap-none",
        }
    }
}

pub struct CustomerRow {
    pub tenant_id: TenantId,
    pub name: String,
    pub domain: String,
    pub since: NaiveDateTime,
    pub lifecycle: Lifecycle,
    pub statuses: Vec<(Service, DapStatus)>,
}

pub struct CustomerPage {
    /// Matching customers; for a search at most [`SEARCH_COUNT_LIMIT`].
    pub total: i64,
    /// The search matches more than [`SEARCH_COUNT_LIMIT`] customers (only
    /// that many are counted and paged through: refine the search).
    pub more: bool,
    pub page: i64,
    pub rows: Vec<CustomerRow>,
}

/// A search counts matches up to here: counting every `LIKE` match among
/// 100,000 customers cost 23 ms a request, and nobody pages past 20 pages.
pub const SEARCH_COUNT_LIMIT: i64 = 1000;

impl CustomerPage {
    pub fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
    }
}

/// What the search matches for a customer: lowercased name and domain
/// (SQL `lower` is ASCII-only in SQLite, so Cyrillic is folded here, and the
/// query is folded the same way by [`like_pattern`]). Stored in
/// `tenants.search_key` whenever a tenant is written.
pub fn search_key(name: &str, domain: &str) -> String {
    format!("{} {}", name.to_lowercase(), domain.to_lowercase())
}

/// `%`, `_` and `\` match themselves in the search.
pub(crate) fn like_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in query.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Which relationships the customer list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Active and ending: the partner's customers today (the default).
    Open,
    Only(RelationshipStatus),
}

/// One page (1-based) of the partner's customers, newest relationship first,
/// optionally filtered by name or domain and by status. Ended relationships
/// are history: they show only when asked for.
pub fn list(
    conn: &mut DbConn,
    partner_id: PartnerId,
    search: Option<&str>,
    status: StatusFilter,
    page: i64,
) -> Result<CustomerPage, DbError> {
    let page = page.max(1);
    let pattern = search.map(like_pattern);
    type Row = (TenantId, String, String, NaiveDateTime, String, Option<NaiveDateTime>, Option<NaiveDateTime>);
    let (total, rows): (i64, Vec<Row>) = db_run!(conn, {
        let total: i64 = match (&pattern, status) {
            // `customer_count` counts the open relationships. By primary
            // key: no LIMIT, see domain/mod.rs.
            (None, StatusFilter::Open) => partners::table
                .filter(partners::id.eq(partner_id))
                .select(partners::customer_count)
                .load::<i64>(conn)?
                .into_iter()
                .next()
                .unwrap_or(0),
            // On the (partner_id, status, id) index.
            (None, StatusFilter::Only(only)) => rels::table
                .filter(rels::partner_id.eq(partner_id))
                .filter(rels::status.eq(only.code()))
                .count()
                .get_result(conn)?,
            // Stops scanning at the first match past the limit.
            (Some(pattern), _) => {
                let mut query = rels::table
                    .inner_join(tenants::table)
                    .filter(rels::partner_id.eq(partner_id))
                    .filter(tenants::search_key.like(pattern).escape('\\'))
                    .select(tenants::id)
                    .limit(SEARCH_COUNT_LIMIT + 1)
                    .into_boxed();
                query = match status {
                    StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
                    StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
                };
                query.load::<TenantId>(conn)?.len() as i64
            }
        };
        let mut query = rels::table
            .inner_join(tenants::table)
            .filter(rels::partner_id.eq(partner_id))
            .select((
                tenants::id,
                tenants::name,
                tenants::domain,
                rels::created_at,
                rels::status,
                rels::ending_due_at,
                rels::ended_at,
            ))
            .order(rels::id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1).saturating_mul(PAGE_SIZE))
            .into_boxed();
        query = match status {
            StatusFilter::Open => query.filter(rels::status.ne(RelationshipStatus::Ended.code())),
            StatusFilter::Only(only) => query.filter(rels::status.eq(only.code())),
        };
        if let Some(pattern) = &pattern {
            query = query.filter(tenants::search_key.like(pattern).escape('\\'));
        }
        Ok::<_, DbError>((total, query.load(conn)?))
    })?;
    let ids: Vec<TenantId> = rows.iter().map(|r| r.0).collect();
    let active: Vec<(TenantId, String, PartnerId)> = db_run!(conn, {
        grants::table
            .filter(grants::tenant_id.eq_any(&ids))
            .filter(grants::removed_at.is_null())
            .select((grants::tenant_id, grants::service, grants::partner_id))
            .load(conn)
    })?;
    // Who holds each service's delegated admin, per customer on the page.
    let mut holders: HashMap<TenantId, Vec<(Service, PartnerId)>> = HashMap::with_capacity(rows.len());
    for (tenant_id, code, holder) in active {
        if let Some(service) = Service::parse(&code) {
            holders.entry(tenant_id).or_default().push((service, holder));
        }
    }
    let rows = rows
        .into_iter()
        .map(|(tenant_id, name, domain, since, status, due, ended_at)| {
            let lifecycle = Lifecycle::from_row(&status, due, ended_at, None);
            // An ended relationship holds nothing, whatever the tenant has now.
            let held = match lifecycle.is_ended() {
                true => &[][..],
                false => holders.get(&tenant_id).map(Vec::as_slice).unwrap_or_default(),
            };
            let statuses = Service::ALL
                .into_iter()
                .map(|service| {
                    let status = match held.iter().find(|(s, _)| *s == service) {
                        Some((_, holder)) if *holder == partner_id => DapStatus::Ours,
                        Some(_) => DapStatus::Other,
                        None => DapStatus::None,
                    };
                    (service, status)
                })
                .collect();
            CustomerRow { tenant_id, name, domain, since, lifecycle, statuses }
        })
        .collect();
    let more = pattern.is_some() && total > SEARCH_COUNT_LIMIT;
    let total = if more { SEARCH_COUNT_LIMIT } else { total };
    Ok(CustomerPage { total, more, page, rows })
}

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
            .filter(rels::status.ne(RelationshipStatus::Ended.code()))
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
        let subscription_rows: Vec<(SubscriptionId, String, String, i32, i32, PartnerId)> = subscriptions::table
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
            .filter(|row| lifecycle.is_active() || row.5 == partner_id)
            .filter_map(|(id, code, offer, seats, add_ons, por)| {
                Some(Subscription {
                    id,
                    service: Service::parse(&code)?,
                    offer,
                    seats,
                    add_ons,
                    partner_of_record: if por == partner_id {
                        PartnerOfRecord::Us
                    } else {
                        PartnerOfRecord::AnotherPartner
                    },
                    request_pending_since: pending.get(&id).copied(),
                })
            })
            .collect();
        Ok(Some(CustomerDetail { tenant_id, name, domain, since, lifecycle, services, subscriptions }))
    })
}

/// Offers a subscription of a service can transition to.
pub fn transition_offers(service: Service) -> &'static [&'static str] {
    match service {
        Service::Office365 => &["Office 365 E1", "Office 365 E3", "Office 365 E5"],
        Service::Dynamics365 => &["Dynamics 365 Sales Professional", "Dynamics 365 Sales Enterprise"],
        Service::PowerBi => &["Power BI Pro", "Power BI Premium Per User"],
        Service::Azure => &[],
    }
}

/// A change to a subscription that only its Partner of Record may make.
pub enum SubscriptionAction {
    RemoveSeats(i32),
    OrderAddOn,
    Transition(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("no such subscription for this partner's customer")]
    NotFound,
    #[error("this partner is not the Partner of Record")]
    NotPartnerOfRecord,
    #[error("invalid value")]
    Invalid,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ActionError {
    fn from(err: diesel::result::Error) -> Self {
        ActionError::Db(err.into())
    }
}

/// Applies `action` when `partner_id` is the subscription's Partner of
/// Record and has a relationship with the customer; otherwise nothing changes.
pub fn act_on_subscription(
    conn: &mut DbConn,
    partner_id: PartnerId,
    tenant_id: TenantId,
    subscription_id: SubscriptionId,
    action: &SubscriptionAction,
    actor_name: &str,
) -> Result<(), ActionError> {
    db_write!(conn, {
        let related: i64 = rels::table
            .filter(rels::partner_id.eq(partner_id))
            .filter(rels::tenant_id.eq(tenant_id))
            .filter(rels::status.eq(RelationshipStatus::Active.code()))
            .count()
            .get_result(conn)?;
        let subscription: Option<(String, String, i32, PartnerId)> = subscriptions::table
            .filter(subscriptions::id.eq(subscription_id))
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .select((
                subscriptions::service,
                subscriptions::offer,
                subscriptions::seats,
                subscriptions::partner_of_record_id,
            ))
            .first(conn)
            .optional()?;
        let (Some((code, offer, seats, por)), 1) = (subscription, related) else {
            return Err(ActionError::NotFound);
        };
        if por != partner_id {
            return Err(ActionError::NotPartnerOfRecord);
        }
        let service = Service::parse(&code).ok_or(ActionError::Invalid)?;
        let target = subscriptions::table.find(subscription_id);
        let event = match action {
            SubscriptionAction::RemoveSeats(count) => {
                if *count < 1 || *count >= seats {
                    return Err(ActionError::Invalid);
                }
                diesel::update(target).set(subscriptions::seats.eq(seats - count)).execute(conn)?;
                Event::new(Action::SeatsRemoved, actor_name).detail(format!("{offer}: -{count}"))
            }
            SubscriptionAction::OrderAddOn => {
                diesel::update(target).set(subscriptions::add_ons.eq(subscriptions::add_ons + 1)).execute(conn)?;
                Event::new(Action::AddOnOrdered, actor_name).detail(offer)
            }
            SubscriptionAction::Transition(new_offer) => {
                if new_offer == &offer || !transition_offers(service).contains(&new_offer.as_str()) {
                    return Err(ActionError::Invalid);
                }
                diesel::update(target).set(subscriptions::offer.eq(new_offer)).execute(conn)?;
                Event::new(Action::SubscriptionTransitioned, actor_name).detail(format!("{offer} → {new_offer}"))
            }
        };
        audit::record(conn, event.partner(partner_id).tenant(tenant_id).service(service))?;
        Ok(())
    })
}

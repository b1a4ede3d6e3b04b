//! Partner of Record changes, only with the customer's consent (DESIGN.md
//! §4): a partner asks and the customer's global admin approves or declines
//! it, or the global admin moves a subscription to another of its partners.
//!
//! Whenever a subscription's Partner of Record changes, by either route,
//! every request still pending for that subscription is answered in the
//! same transaction: the new Partner of Record's own request (if any) is
//! approved, the others are declined, each with its audit event. So every
//! partner that asked learns the answer, and no stale request can move the
//! subscription again later without the customer deciding anew.
//!
//! Every change locks rows in one order (no-op updates, valid on both
//! backends): the active relationship of the partner it is about, then the
//! subscription, and only then reads or writes requests; so concurrent
//! decisions about one subscription queue instead of deadlocking, and an
//! ending of that relationship (which takes the same locks) is either seen
//! or waits.
//!
//! A subscription may have no Partner of Record (`None`): its partner's
//! relationship ended while it still held it, and the operator bills it
//! until the customer chooses one (DESIGN.md §11).

pub mod views;

use diesel::prelude::*;

use super::audit::{self, Action, Event};
use super::ids::{CustomerUserId, PartnerId, SubscriptionId, TenantId};
use super::lifecycle::lock_active_relationship;
use super::services::Service;
use crate::db::schema::{partner_of_record_requests as requests, partners, subscriptions};
use crate::db::{DbConn, DbError};
use crate::db_write;

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStatus {
    Pending,
    Approved,
    Declined,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Declined => "declined",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [RequestStatus::Pending, RequestStatus::Approved, RequestStatus::Declined]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Why a partner cannot ask.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// Not this partner's customer, or not the customer's subscription: the
    /// page answers 404 whatever the id.
    #[error("no such subscription for this partner's customer")]
    NotFound,
    #[error("the partner already is the Partner of Record")]
    AlreadyPartnerOfRecord,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Why a customer's decision changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// No such subscription or request for this customer: 404.
    #[error("no such subscription or request for this customer")]
    NotFound,
    /// The partner the customer chose has no reseller relationship with it.
    #[error("the chosen partner has no reseller relationship with the customer")]
    ChosenPartnerHasNoRelationship,
    /// The partner whose request is approved no longer has a reseller
    /// relationship with the customer.
    #[error("the requesting partner has no reseller relationship with the customer")]
    RequesterHasNoRelationship,
    #[error("the request was already decided")]
    AlreadyDecided,
    #[error(transparent)]
    Db(#[from] DbError),
}

super::db_error_from_diesel!(RequestError, DecisionError);

/// What asking did.
#[derive(Debug, PartialEq, Eq)]
pub enum Requested {
    Created,
    /// This partner's earlier request for the subscription is still pending.
    AlreadyPending,
}

/// An audit event about one subscription (its service and offer, never
/// another partner's name: the partner reads it on its activity page).
pub(crate) fn subscription_event<'a>(
    action: Action,
    actor: &'a str,
    partner_id: PartnerId,
    tenant_id: TenantId,
    code: &str,
    offer: &str,
) -> Event<'a> {
    let event = Event::new(action, actor).partner(partner_id).tenant(tenant_id).detail(offer);
    match Service::parse(code) {
        Some(service) => event.service(service),
        None => event,
    }
}

/// Inside the caller's transaction (after it locked the relationship):
/// every subscription of the tenant whose Partner of Record is `$partner_id`
/// is left without one (the operator bills it until the customer chooses a
/// Partner of Record), with a [`Action::PartnerOfRecordEnded`] event each;
/// evaluates to how many. A macro so that acknowledging an ending
/// ([`super::lifecycle::acknowledge`]) and the job that ends what is due
/// (`crate::jobs`) run it in their own transaction on either backend.
macro_rules! end_partner_of_record {
    ($conn:ident, $tenant_id:expr, $partner_id:expr, $actor_name:expr) => {{
        use $crate::db::schema::subscriptions;
        let (tenant_id, partner_id): ($crate::domain::ids::TenantId, $crate::domain::ids::PartnerId) =
            ($tenant_id, $partner_id);
        let held: Vec<($crate::domain::ids::SubscriptionId, String, String)> = subscriptions::table
            .filter(subscriptions::tenant_id.eq(tenant_id))
            .filter(subscriptions::partner_of_record_id.eq(partner_id))
            .order(subscriptions::id.asc())
            .select((subscriptions::id, subscriptions::service, subscriptions::offer))
            .load($conn)?;
        for (subscription_id, code, offer) in &held {
            diesel::update(subscriptions::table.find(subscription_id))
                .set(subscriptions::partner_of_record_id.eq(None::<$crate::domain::ids::PartnerId>))
                .execute($conn)?;
            $crate::domain::audit::record(
                $conn,
                $crate::domain::partner_of_record::subscription_event(
                    $crate::domain::audit::Action::PartnerOfRecordEnded,
                    $actor_name,
                    partner_id,
                    tenant_id,
                    code,
                    offer,
                ),
            )?;
        }
        held.len()
    }};
}
pub(crate) use end_partner_of_record;

/// `partner_id` asks to become Partner of Record of the subscription. Only a
/// partner of the customer that is not already Partner of Record may ask.
pub fn request(
    conn: &mut DbConn,
    tenant_id: TenantId,
    subscription_id: SubscriptionId,
    partner_id: PartnerId,
    actor_name: &str,
) -> Result<Requested, RequestError> {
    let now = super::now();
    let result = db_write!(conn, {
        let related = lock_active_relationship!(conn, partner_id, tenant_id);
        let target = subscriptions::table
            .filter(subscriptions::id.eq(subscription_id))
            .filter(subscriptions::tenant_id.eq(tenant_id));
        let locked = diesel::update(target)
            .set(subscriptions::partner_of_record_id.eq(subscriptions::partner_of_record_id))
            .execute(conn)?;
        if related == 0 || locked == 0 {
            return Err(RequestError::NotFound);
        }
        let (code, offer, por): (String, String, Option<PartnerId>) = target
            .select((subscriptions::service, subscriptions::offer, subscriptions::partner_of_record_id))
            .first(conn)?;
        if por == Some(partner_id) {
            return Err(RequestError::AlreadyPartnerOfRecord);
        }
        let pending: i64 = requests::table
            .filter(requests::subscription_id.eq(subscription_id))
            .filter(requests::partner_id.eq(partner_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .count()
            .get_result(conn)?;
        if pending > 0 {
            return Ok(Requested::AlreadyPending);
        }
        diesel::insert_into(requests::table)
            .values((
                requests::subscription_id.eq(subscription_id),
                requests::tenant_id.eq(tenant_id),
                requests::partner_id.eq(partner_id),
                requests::requested_at.eq(now),
                requests::status.eq(RequestStatus::Pending.code()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            subscription_event(Action::PartnerOfRecordRequested, actor_name, partner_id, tenant_id, &code, &offer),
        )?;
        Ok(Requested::Created)
    });
    match result {
        // The same partner asked twice at the same moment: one request stays.
        Err(RequestError::Db(err)) if err.is_unique_violation() => Ok(Requested::AlreadyPending),
        other => other,
    }
}

/// How the customer moves the Partner of Record.
#[derive(Clone, Copy, Debug)]
pub enum Move {
    /// Approve this pending request: its partner becomes Partner of Record.
    Approve { request_id: i64 },
    /// Choose the Partner of Record of a subscription among the customer's partners.
    Choose { subscription_id: SubscriptionId, partner_id: PartnerId },
}

/// A decision of the customer's global admin.
pub struct Consent<'a> {
    pub tenant_id: TenantId,
    pub user_id: CustomerUserId,
    pub actor_name: &'a str,
}

/// What a move or a decline did, for the confirmation message.
#[derive(Debug)]
pub struct Outcome {
    /// The partner the decision was about (the new Partner of Record, or
    /// the requester whose request was declined).
    pub partner_name: String,
    pub offer: String,
    /// False when the chosen partner already was the Partner of Record.
    pub changed: bool,
}

/// Moves the Partner of Record (one transaction with its audit events) and
/// answers every request pending for the subscription (see the module doc).
pub fn move_partner_of_record(conn: &mut DbConn, consent: &Consent<'_>, how: Move) -> Result<Outcome, DecisionError> {
    let now = super::now();
    let Consent { tenant_id, user_id, actor_name } = *consent;
    db_write!(conn, {
        let (subscription_id, new_por, request_id) = match how {
            Move::Choose { subscription_id, partner_id } => (subscription_id, partner_id, None),
            Move::Approve { request_id } => {
                let (subscription_id, partner_id): (SubscriptionId, PartnerId) = requests::table
                    .filter(requests::id.eq(request_id))
                    .filter(requests::tenant_id.eq(tenant_id))
                    .select((requests::subscription_id, requests::partner_id))
                    .first(conn)
                    .optional()?
                    .ok_or(DecisionError::NotFound)?;
                (subscription_id, partner_id, Some(request_id))
            }
        };
        // Lock order as everywhere: the relationship, then the subscription.
        // The new Partner of Record's active relationship is locked, so an
        // ending committed meanwhile is seen and one racing waits for us
        // (and then finds the subscription it must take back).
        let related = lock_active_relationship!(conn, new_por, tenant_id);
        let target = subscriptions::table
            .filter(subscriptions::id.eq(subscription_id))
            .filter(subscriptions::tenant_id.eq(tenant_id));
        let locked = diesel::update(target)
            .set(subscriptions::partner_of_record_id.eq(subscriptions::partner_of_record_id))
            .execute(conn)?;
        if locked == 0 {
            return Err(DecisionError::NotFound);
        }
        if let Some(request_id) = request_id {
            let status: String = requests::table.find(request_id).select(requests::status).first(conn)?;
            if status != RequestStatus::Pending.code() {
                return Err(DecisionError::AlreadyDecided);
            }
        }
        let (code, offer, old_por): (String, String, Option<PartnerId>) = target
            .select((subscriptions::service, subscriptions::offer, subscriptions::partner_of_record_id))
            .first(conn)?;
        if related == 0 {
            return Err(match how {
                Move::Choose { .. } => DecisionError::ChosenPartnerHasNoRelationship,
                Move::Approve { .. } => DecisionError::RequesterHasNoRelationship,
            });
        }
        let partner_name: String = partners::table.find(new_por).select(partners::name).first(conn)?;
        let changed = old_por != Some(new_por);
        if changed {
            diesel::update(target).set(subscriptions::partner_of_record_id.eq(new_por)).execute(conn)?;
        }
        let pending: Vec<(i64, PartnerId)> = requests::table
            .filter(requests::subscription_id.eq(subscription_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .select((requests::id, requests::partner_id))
            .load(conn)?;
        for (id, asker) in pending {
            let status = if asker == new_por { RequestStatus::Approved } else { RequestStatus::Declined };
            diesel::update(requests::table.find(id))
                .set((
                    requests::status.eq(status.code()),
                    requests::decided_at.eq(now),
                    requests::decided_by.eq(user_id),
                ))
                .execute(conn)?;
            if status == RequestStatus::Declined {
                let declined = subscription_event(
                    Action::PartnerOfRecordRequestDeclined,
                    actor_name,
                    asker,
                    tenant_id,
                    &code,
                    &offer,
                );
                audit::record(conn, declined)?;
            }
        }
        let gained = match request_id {
            Some(_) => Action::PartnerOfRecordRequestApproved,
            None if changed => Action::PartnerOfRecordGranted,
            None => return Ok(Outcome { partner_name, offer, changed }),
        };
        audit::record(conn, subscription_event(gained, actor_name, new_por, tenant_id, &code, &offer))?;
        // A subscription without a Partner of Record was moved away from nobody.
        if let (true, Some(old_por)) = (changed, old_por) {
            audit::record(
                conn,
                subscription_event(Action::PartnerOfRecordMovedAway, actor_name, old_por, tenant_id, &code, &offer),
            )?;
        }
        Ok(Outcome { partner_name, offer, changed })
    })
}

/// Declines a pending request; the Partner of Record stays as it is.
pub fn decline(conn: &mut DbConn, consent: &Consent<'_>, request_id: i64) -> Result<Outcome, DecisionError> {
    let now = super::now();
    let Consent { tenant_id, user_id, actor_name } = *consent;
    db_write!(conn, {
        let (subscription_id, asker): (SubscriptionId, PartnerId) = requests::table
            .filter(requests::id.eq(request_id))
            .filter(requests::tenant_id.eq(tenant_id))
            .select((requests::subscription_id, requests::partner_id))
            .first(conn)
            .optional()?
            .ok_or(DecisionError::NotFound)?;
        let target = subscriptions::table.filter(subscriptions::id.eq(subscription_id));
        // Lock order as in `move_partner_of_record`: the subscription first.
        diesel::update(target)
            .set(subscriptions::partner_of_record_id.eq(subscriptions::partner_of_record_id))
            .execute(conn)?;
        let declined = diesel::update(requests::table.find(request_id))
            .filter(requests::status.eq(RequestStatus::Pending.code()))
            .set((
                requests::status.eq(RequestStatus::Declined.code()),
                requests::decided_at.eq(now),
                requests::decided_by.eq(user_id),
            ))
            .execute(conn)?;
        if declined == 0 {
            return Err(DecisionError::AlreadyDecided);
        }
        let (code, offer): (String, String) =
            target.select((subscriptions::service, subscriptions::offer)).first(conn)?;
        let partner_name: String = partners::table.find(asker).select(partners::name).first(conn)?;
        audit::record(
            conn,
            subscription_event(Action::PartnerOfRecordRequestDeclined, actor_name, asker, tenant_id, &code, &offer),
        )?;
        Ok(Outcome { partner_name, offer, changed: false })
    })
}

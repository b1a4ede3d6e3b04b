//! Subscription actions only the Partner of Record may take.

use diesel::prelude::*;

use crate::db::schema::subscriptions;
use crate::db::{DbConn, DbError};
use crate::db_write;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::{PartnerId, SubscriptionId, TenantId};
use crate::domain::lifecycle::lock_active_relationship;
use crate::domain::services::Service;

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

crate::domain::db_error_from_diesel!(ActionError);

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
        let related = lock_active_relationship!(conn, partner_id, tenant_id);
        let subscription: Option<(String, String, i32, Option<PartnerId>)> = subscriptions::table
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
        // A subscription without a Partner of Record is nobody's to change.
        if por != Some(partner_id) {
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

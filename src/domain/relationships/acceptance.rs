//! Accepting a partner's invitation: which services are granted, and the
//! transaction that creates or reactivates the relationship and its grants.

use diesel::prelude::*;

use crate::db::{DbConn, DbError};
use crate::db_write;
use crate::domain::audit::{self, Action, Event};
use crate::domain::ids::{CustomerUserId, PartnerId, TenantId};
use crate::domain::notifications::{EventType, Notice, Outbox, Side};
use crate::domain::services::Service;

/// The services an acceptance grants delegated administration for: each
/// once, in the order chosen, and none when the invitation asks for the
/// reseller relationship only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantedServices(Vec<Service>);

/// A service code that names no service.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown service code")]
pub struct UnknownService;

impl GrantedServices {
    /// `codes` as the customer ticked them; `with_delegated_admin` is false
    /// for a reseller-only invitation, which grants nothing whatever is ticked.
    pub fn parse(codes: &[String], with_delegated_admin: bool) -> Result<Self, UnknownService> {
        let mut services = Vec::new();
        for code in codes {
            let service = Service::parse(code).ok_or(UnknownService)?;
            if !services.contains(&service) {
                services.push(service);
            }
        }
        if !with_delegated_admin {
            services.clear();
        }
        Ok(Self(services))
    }

    pub fn as_slice(&self) -> &[Service] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An acceptance of a partner's invitation by a customer's global admin.
pub struct Acceptance<'a> {
    pub tenant_id: TenantId,
    pub partner_id: PartnerId,
    pub user_id: CustomerUserId,
    pub actor_name: &'a str,
    /// Services to grant; a service another partner holds is taken over.
    pub services: GrantedServices,
}

#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// Another acceptance for the same service committed at the same moment.
    #[error("a concurrent acceptance won the race")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AcceptError {
    fn from(err: diesel::result::Error) -> Self {
        let err = DbError::from(err);
        if err.is_unique_violation() { AcceptError::Conflict } else { AcceptError::Db(err) }
    }
}

/// What an acceptance changed.
#[derive(Debug, Default)]
pub struct Accepted {
    pub relationship_created: bool,
    /// The relationship was ending and is active again.
    pub ending_cancelled: bool,
    pub granted: Vec<Service>,
    /// Grants of other partners that were ended.
    pub replaced: Vec<Replaced>,
}

/// A service taken over from another partner.
#[derive(Debug)]
pub struct Replaced {
    pub service: Service,
    pub partner_name: String,
}

/// What [`open_relationship!`] did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Opened {
    pub created: bool,
    /// The relationship was ending and is active again.
    pub ending_cancelled: bool,
}

/// Makes sure the partner has an active reseller relationship with the
/// tenant, inside the caller's transaction: creates one if there is none
/// open, cancels an ending; pushes their audit events onto `$events` (a
/// `Vec<Event>` the caller records); evaluates to [`Opened`]. Shared by
/// accepting the link and approving a delegated-admin request.
macro_rules! open_relationship {
    ($conn:ident, $partner_id:expr, $tenant_id:expr, $actor_name:expr, $now:expr, $events:expr) => {{
        use $crate::db::schema::{partners, reseller_relationships as rels};
        use $crate::domain::audit::{Action, Event};
        use $crate::domain::lifecycle::RelationshipStatus;
        let (partner_id, tenant_id, actor_name, now) = ($partner_id, $tenant_id, $actor_name, $now);
        let events: &mut Vec<Event> = $events;
        let conn = &mut *$conn;
        let mut opened = $crate::domain::relationships::acceptance::Opened::default();
        // The open (non-ended) relationship, if any, locked: an ending (or
        // the job) running at the same moment either waits for us or has
        // finished, and then this sees its outcome (no grant on an ended
        // one). A partial unique index allows one open relationship, so `ON
        // CONFLICT` cannot target it: a concurrent acceptance that inserts
        // first makes ours a unique violation.
        let open: Option<(i64, String)> = $crate::db::Cached(
            diesel::update(
                rels::table
                    .filter(rels::partner_id.eq(partner_id))
                    .filter(rels::tenant_id.eq(tenant_id))
                    .filter($crate::domain::lifecycle::is_open()),
            )
            .set(rels::status.eq(rels::status))
            .returning((rels::id, rels::status)),
        )
        .get_results::<(i64, String)>(conn)?
        .into_iter()
        .next();
        match open {
            None => {
                diesel::insert_into(rels::table)
                    .values((rels::partner_id.eq(partner_id), rels::tenant_id.eq(tenant_id), rels::created_at.eq(now)))
                    .execute(conn)?;
                opened.created = true;
                $crate::db::Cached(
                    diesel::update(partners::table.find(partner_id))
                        .set(partners::customer_count.eq(partners::customer_count + 1))
                        .returning(partners::id),
                )
                .load::<$crate::domain::ids::PartnerId>(conn)?;
                events.push(Event::new(Action::RelationshipCreated, actor_name).partner(partner_id).tenant(tenant_id));
            }
            // Accepting the link while the relationship is ending cancels the ending.
            Some((id, status)) if status == RelationshipStatus::Ending.code() => {
                diesel::update(rels::table.find(id))
                    .set((
                        rels::status.eq(RelationshipStatus::Active.code()),
                        rels::ending_due_at.eq(None::<::chrono::NaiveDateTime>),
                        rels::ended_by.eq(None::<String>),
                        rels::end_reason.eq(None::<String>),
                    ))
                    .execute(conn)?;
                opened.ending_cancelled = true;
                events.push(
                    Event::new(Action::RelationshipEndingCancelled, actor_name).partner(partner_id).tenant(tenant_id),
                );
            }
            Some(_) => {}
        }
        opened
    }};
}
pub(crate) use open_relationship;

/// Gives the partner the full delegated administration of each service in
/// `$services` on the tenant, inside the caller's transaction, taking it
/// from the partner that holds it (one per service), and pushes the audit
/// events onto `$events`. Four statements whatever the number of services.
/// Evaluates to a `Vec` in `$services` order of `(service, outcome)`:
/// `None` when the partner already holds it, else `Some(replaced)`: the
/// partner it was taken from, with its name. `$relationship_id`: the
/// delegated-admin relationship it comes with (`None`: the classic link, no
/// end date).
macro_rules! grant_full_admin {
    ($conn:ident, $partner_id:expr, $tenant_id:expr, $services:expr, $user_id:expr, $actor_name:expr, $now:expr, $relationship_id:expr, $events:expr) => {{
        use $crate::db::schema::delegated_admin_grants as grants;
        use $crate::domain::audit::{Action, Event};
        use $crate::domain::ids::PartnerId;
        use $crate::domain::services::Service;
        let (partner_id, tenant_id, now, actor_name) = ($partner_id, $tenant_id, $now, $actor_name);
        let (user_id, relationship_id) = ($user_id, $relationship_id);
        let services: &[Service] = $services;
        let events: &mut Vec<Event> = $events;
        let conn = &mut *$conn;
        let codes: Vec<&str> = services.iter().map(|service| service.code()).collect();
        // Statements cached by their SQL: one per number of services (four).
        // The holder's name is a subquery, not a join (see `crate::domain::partner_name!`).
        let current: Vec<(i64, PartnerId, String, String)> = $crate::db::Cached(
            grants::table
                .filter(grants::tenant_id.eq(tenant_id))
                .filter(grants::service.eq_any(&codes))
                .filter(grants::removed_at.is_null())
                .select((
                    grants::id,
                    grants::partner_id,
                    $crate::domain::partner_name!(grants::partner_id),
                    grants::service,
                )),
        )
        .load(conn)?;
        let mut outcome: Vec<$crate::domain::relationships::acceptance::Granted> = Vec::with_capacity(services.len());
        let mut taken_back: Vec<i64> = Vec::new();
        let mut granted: Vec<&str> = Vec::new();
        for &service in services {
            // One active grant per (tenant, service).
            let held = current.iter().find(|(_, _, _, code)| code == service.code());
            match held {
                Some((_, holder, _, _)) if *holder == partner_id => outcome.push((service, None)),
                held => {
                    let replaced = held.map(|(grant_id, other, other_name, _)| {
                        taken_back.push(*grant_id);
                        events.push(
                            Event::new(Action::DelegatedAdminReplaced, actor_name)
                                .partner(*other)
                                .tenant(tenant_id)
                                .service(service),
                        );
                        (*other, other_name.clone())
                    });
                    granted.push(service.code());
                    events.push(
                        Event::new(Action::DelegatedAdminGranted, actor_name)
                            .partner(partner_id)
                            .tenant(tenant_id)
                            .service(service),
                    );
                    outcome.push((service, Some(replaced)));
                }
            }
        }
        if !taken_back.is_empty() {
            $crate::db::Cached(
                diesel::update(grants::table.filter(grants::id.eq_any(&taken_back)))
                    .set((grants::removed_at.eq(now), grants::removed_by.eq(user_id)))
                    .returning(grants::id),
            )
            .load::<i64>(conn)?;
        }
        if !granted.is_empty() {
            let rows: Vec<_> = granted
                .iter()
                .map(|code| {
                    (
                        grants::partner_id.eq(partner_id),
                        grants::tenant_id.eq(tenant_id),
                        grants::service.eq(*code),
                        grants::granted_at.eq(now),
                        grants::granted_by.eq(user_id),
                        grants::relationship_id.eq(relationship_id),
                    )
                })
                .collect();
            diesel::insert_into(grants::table).values(&rows).execute(conn)?;
        }
        outcome
    }};
}
pub(crate) use grant_full_admin;

/// What [`grant_full_admin!`] returns for each service: `None` when the
/// partner already held it, `Some(None)` when nobody did, `Some(Some(..))`
/// with the partner it was taken from.
pub(crate) type Granted = (Service, Option<Option<(PartnerId, String)>>);

/// The partners a grant replaced, each once with every service it lost, in
/// the order first met: one notice per replaced partner, however the
/// services it held interleave with another's.
pub(crate) fn replaced_partners(granted: &[Granted]) -> Vec<(PartnerId, Vec<Service>)> {
    let mut replaced: Vec<(PartnerId, Vec<Service>)> = Vec::new();
    for (service, granted) in granted {
        let Some(Some((partner, _))) = granted else { continue };
        match replaced.iter_mut().find(|(seen, _)| seen == partner) {
            Some((_, lost)) => lost.push(*service),
            None => replaced.push((*partner, vec![*service])),
        }
    }
    replaced
}

/// One transaction: the reseller relationship (if missing), the grants, and
/// audit events for both sides. Repeating it changes nothing.
pub fn accept(conn: &mut DbConn, acceptance: &Acceptance<'_>) -> Result<Accepted, AcceptError> {
    let now = crate::domain::now();
    let Acceptance { tenant_id, partner_id, user_id, actor_name, .. } = *acceptance;
    db_write!(conn, {
        let mut outcome = Accepted::default();
        let mut events = Vec::new();
        let opened = open_relationship!(conn, partner_id, tenant_id, actor_name, now, &mut events);
        outcome.relationship_created = opened.created;
        outcome.ending_cancelled = opened.ending_cancelled;
        let services = acceptance.services.as_slice();
        let granted = grant_full_admin!(
            conn,
            partner_id,
            tenant_id,
            services,
            user_id,
            actor_name,
            now,
            None::<&str>,
            &mut events
        );
        let losers = replaced_partners(&granted);
        for (service, granted) in granted {
            let Some(replaced) = granted else { continue };
            if let Some((_, other_name)) = replaced {
                outcome.replaced.push(Replaced { service, partner_name: other_name });
            }
            outcome.granted.push(service);
        }
        events.push(Event::new(Action::InvitationAccepted, actor_name).partner(partner_id).tenant(tenant_id));
        audit::record_all(conn, events)?;
        // The partner is told when something changed (a repeat tells nothing):
        // one notice for the acceptance, whatever the number of services.
        let notice = |event, partner| Notice::new(event, Side::Customer, actor_name, partner, tenant_id).at(now);
        let mut notices = Vec::new();
        if outcome.relationship_created || outcome.ending_cancelled || !outcome.granted.is_empty() {
            notices.push(notice(EventType::RelationshipAccepted, partner_id).services(outcome.granted.clone()));
        }
        if !outcome.granted.is_empty() {
            notices.push(notice(EventType::DelegatedAdminGranted, partner_id).services(outcome.granted.clone()));
        }
        // Each replaced partner once, with every service it lost.
        for (loser, lost) in losers {
            notices.push(notice(EventType::DelegatedAdminReplaced, loser).services(lost));
        }
        conn.enqueue_all(&notices)?;
        Ok::<_, AcceptError>(outcome)
    })
}

/// Records that the customer declined the invitation; nothing else changes.
pub fn decline(conn: &mut DbConn, tenant_id: TenantId, partner_id: PartnerId, actor_name: &str) -> Result<(), DbError> {
    db_write!(conn, {
        audit::record(conn, Event::new(Action::InvitationDeclined, actor_name).partner(partner_id).tenant(tenant_id))?;
        conn.enqueue(&Notice::new(EventType::InvitationDeclined, Side::Customer, actor_name, partner_id, tenant_id))?;
        Ok::<_, DbError>(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn each_service_is_granted_once_in_the_order_chosen() {
        let granted = GrantedServices::parse(&codes(&["azure", "office365", "azure"]), true).unwrap();
        assert_eq!(granted.as_slice(), [Service::Azure, Service::Office365]);
    }

    #[test]
    fn a_reseller_only_invitation_grants_nothing() {
        assert!(GrantedServices::parse(&codes(&["azure", "powerbi"]), false).unwrap().is_empty());
    }

    #[test]
    fn an_unknown_code_is_refused_even_when_nothing_would_be_granted() {
        assert_eq!(GrantedServices::parse(&codes(&["azure", "exchange"]), true), Err(UnknownService));
        assert_eq!(GrantedServices::parse(&codes(&["exchange"]), false), Err(UnknownService));
    }

    #[test]
    fn each_replaced_partner_is_named_once_with_every_service_it_lost() {
        let (fabrikam, contoso) = (PartnerId(2), PartnerId(3));
        let granted = [
            (Service::Office365, Some(Some((fabrikam, "Fabrikam".to_owned())))),
            (Service::Azure, Some(Some((contoso, "Contoso".to_owned())))),
            (Service::Dynamics365, Some(Some((fabrikam, "Fabrikam".to_owned())))),
            (Service::PowerBi, Some(None)),
        ];
        assert_eq!(
            replaced_partners(&granted),
            [(fabrikam, vec![Service::Office365, Service::Dynamics365]), (contoso, vec![Service::Azure])]
        );
        assert!(replaced_partners(&[(Service::Azure, None), (Service::PowerBi, Some(None))]).is_empty());
    }
}

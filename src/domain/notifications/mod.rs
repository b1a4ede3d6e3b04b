//! Who is told about an event (DESIGN.md §13). A use case calls
//! [`Outbox::enqueue`] in the transaction that records its audit event: one
//! outbox row per recipient — a mail to each user who wants this kind, a
//! webhook to each of the partner's endpoints — so the messages exist exactly
//! when the change does. `crate::notify` delivers them.

mod payload;
mod preferences;

pub use payload::{ActorType, Customer, Payload, PayloadData, RelationshipRef};
pub use preferences::{Recipient, save_preferences, switched_off};

use chrono::{NaiveDateTime, SecondsFormat};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{PartnerId, TenantId};
use super::services::Service;
use crate::db::schema::{
    customer_users, notification_opt_outs as opt_outs, outbox_messages as outbox, partner_users, partners, tenants,
    webhook_endpoints,
};

/// A webhook event type (DESIGN.md §13); its code is the payload's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    RelationshipAccepted,
    InvitationDeclined,
    DelegatedAdminGranted,
    DelegatedAdminRemoved,
    DelegatedAdminReplaced,
    RelationshipEnding,
    RelationshipEnded,
    InvitationLinkRotated,
    DelegatedAdminRequestApproved,
    DelegatedAdminRequestDeclined,
    DelegatedAdminRelationshipExpiring,
    DelegatedAdminRelationshipExpired,
    DelegatedAdminRelationshipTerminated,
}

impl EventType {
    pub const ALL: [EventType; 13] = [
        Self::RelationshipAccepted,
        Self::InvitationDeclined,
        Self::DelegatedAdminGranted,
        Self::DelegatedAdminRemoved,
        Self::DelegatedAdminReplaced,
        Self::RelationshipEnding,
        Self::RelationshipEnded,
        Self::InvitationLinkRotated,
        Self::DelegatedAdminRequestApproved,
        Self::DelegatedAdminRequestDeclined,
        Self::DelegatedAdminRelationshipExpiring,
        Self::DelegatedAdminRelationshipExpired,
        Self::DelegatedAdminRelationshipTerminated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::RelationshipAccepted => "relationship.accepted",
            Self::InvitationDeclined => "invitation.declined",
            Self::DelegatedAdminGranted => "delegated_admin.granted",
            Self::DelegatedAdminRemoved => "delegated_admin.removed",
            Self::DelegatedAdminReplaced => "delegated_admin.replaced",
            Self::RelationshipEnding => "relationship.ending",
            Self::RelationshipEnded => "relationship.ended",
            Self::InvitationLinkRotated => "invitation_link.rotated",
            Self::DelegatedAdminRequestApproved => "delegated_admin_request.approved",
            Self::DelegatedAdminRequestDeclined => "delegated_admin_request.declined",
            Self::DelegatedAdminRelationshipExpiring => "delegated_admin_relationship.expiring",
            Self::DelegatedAdminRelationshipExpired => "delegated_admin_relationship.expired",
            Self::DelegatedAdminRelationshipTerminated => "delegated_admin_relationship.terminated",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Who gets a mail about this event, and under which kind they can
    /// switch it off.
    fn mail_audiences(self, by: Side) -> &'static [Kind] {
        use Kind::*;
        match (self, by) {
            (Self::RelationshipAccepted, _) => &[CustomerAccepted],
            (Self::InvitationDeclined, _) => &[CustomerDeclined],
            (Self::DelegatedAdminRemoved, Side::Partner) => &[AccessReleased],
            (Self::DelegatedAdminRemoved | Self::DelegatedAdminReplaced, _) => &[DelegatedAdminRemoved],
            (Self::RelationshipEnding | Self::RelationshipEnded, Side::Customer) => &[PartnerRelationshipEnded],
            (Self::RelationshipEnding | Self::RelationshipEnded, Side::Partner) => &[CustomerRelationshipEnded],
            (Self::RelationshipEnding | Self::RelationshipEnded, Side::System) => {
                &[PartnerRelationshipEnded, CustomerRelationshipEnded]
            }
            (Self::DelegatedAdminRequestApproved | Self::DelegatedAdminRequestDeclined, _) => &[RequestDecided],
            (Self::DelegatedAdminRelationshipExpiring | Self::DelegatedAdminRelationshipExpired, _) => {
                &[PartnerAccessExpiring, CustomerAccessExpiring]
            }
            (Self::DelegatedAdminRelationshipTerminated, Side::Partner) => &[AccessReleased],
            (Self::DelegatedAdminRelationshipTerminated, _) => &[DelegatedAdminRemoved],
            (Self::DelegatedAdminGranted | Self::InvitationLinkRotated, _) => &[],
        }
    }
}

/// Which side made the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Customer,
    Partner,
    /// The job runner (a notice period ran out).
    System,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Partner => "partner",
            Self::System => "system",
        }
    }
}

/// Whose users a kind of mail goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The partner's admin agents.
    Partner,
    /// The customer's global admins.
    Customer,
}

impl Audience {
    pub fn code(self) -> &'static str {
        match self {
            Self::Partner => "partner",
            Self::Customer => "customer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Partner, Self::Customer].into_iter().find(|a| a.code() == code)
    }
}

crate::i18n::ids::message_enum! {
    /// A kind of mail a user can switch off; the message is its label on the
    /// settings page.
    pub enum Kind {
        CustomerAccepted => "notify-kind-customer-accepted",
        CustomerDeclined => "notify-kind-customer-declined",
        DelegatedAdminRemoved => "notify-kind-delegated-admin-removed",
        PartnerRelationshipEnded => "notify-kind-partner-relationship-ended",
        AccessReleased => "notify-kind-access-released",
        CustomerRelationshipEnded => "notify-kind-customer-relationship-ended",
        RequestDecided => "notify-kind-request-decided",
        PartnerAccessExpiring => "notify-kind-partner-access-expiring",
        CustomerAccessExpiring => "notify-kind-customer-access-expiring",
    }
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Self::CustomerAccepted => "customer_accepted",
            Self::CustomerDeclined => "customer_declined",
            Self::DelegatedAdminRemoved => "delegated_admin_removed",
            Self::PartnerRelationshipEnded => "partner_relationship_ended",
            Self::AccessReleased => "access_released",
            Self::CustomerRelationshipEnded => "customer_relationship_ended",
            Self::RequestDecided => "request_decided",
            Self::PartnerAccessExpiring => "partner_access_expiring",
            Self::CustomerAccessExpiring => "customer_access_expiring",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    pub fn audience(self) -> Audience {
        match self {
            Self::CustomerAccepted
            | Self::CustomerDeclined
            | Self::DelegatedAdminRemoved
            | Self::PartnerRelationshipEnded
            | Self::RequestDecided
            | Self::PartnerAccessExpiring => Audience::Partner,
            Self::AccessReleased | Self::CustomerRelationshipEnded | Self::CustomerAccessExpiring => Audience::Customer,
        }
    }

    /// The kinds a user of this audience receives, in settings-page order.
    pub fn for_audience(audience: Audience) -> impl Iterator<Item = Kind> {
        Self::ALL.iter().copied().filter(move |k| k.audience() == audience)
    }
}

/// Something that happened, as the outbox tells it.
pub struct Notice<'a> {
    pub event: EventType,
    pub by: Side,
    pub actor_name: &'a str,
    pub partner_id: PartnerId,
    /// The customer, for every event but the partner's own (a rotated link).
    pub tenant_id: Option<TenantId>,
    pub services: Vec<Service>,
    /// When an ending relationship ends.
    pub ends_at: Option<NaiveDateTime>,
    /// The delegated-admin relationship concerned: id, name, roles.
    pub relationship: Option<RelationshipRef>,
    pub at: NaiveDateTime,
}

impl<'a> Notice<'a> {
    pub fn new(event: EventType, by: Side, actor_name: &'a str, partner_id: PartnerId, tenant_id: TenantId) -> Self {
        Self::of_partner(event, by, actor_name, partner_id).customer(tenant_id)
    }

    /// A notice about the partner alone (no customer).
    pub fn of_partner(event: EventType, by: Side, actor_name: &'a str, partner_id: PartnerId) -> Self {
        Self {
            event,
            by,
            actor_name,
            partner_id,
            tenant_id: None,
            services: Vec::new(),
            ends_at: None,
            relationship: None,
            at: super::now(),
        }
    }

    fn customer(mut self, tenant_id: TenantId) -> Self {
        self.tenant_id = Some(tenant_id);
        self
    }

    pub fn services(mut self, services: impl IntoIterator<Item = Service>) -> Self {
        self.services = services.into_iter().collect();
        self
    }

    pub fn ends_at(mut self, at: Option<NaiveDateTime>) -> Self {
        self.ends_at = at;
        self
    }

    /// The delegated-admin relationship (request) the event is about.
    pub fn relationship(mut self, id: &str, name: &str, roles: &[super::delegated_admin::Role]) -> Self {
        self.relationship = Some(RelationshipRef {
            id: id.to_owned(),
            name: name.to_owned(),
            roles: roles.iter().map(|r| r.key()).collect(),
        });
        self
    }

    pub fn at(mut self, at: NaiveDateTime) -> Self {
        self.at = at;
        self
    }
}

fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A new stable message id (the mail's `Message-ID`, the webhook's `webhook-id`).
pub fn new_message_id() -> String {
    format!("msg_{}", super::random_token::<18>())
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct NewMessage<'a> {
    message_id: String,
    channel: &'static str,
    event_type: &'static str,
    partner_id: Option<PartnerId>,
    tenant_id: Option<TenantId>,
    recipient: String,
    audience: Option<&'static str>,
    webhook_endpoint_id: Option<i64>,
    lang: String,
    payload: &'a str,
    created_at: NaiveDateTime,
    next_attempt_at: NaiveDateTime,
}

/// Writes a notice's messages to the outbox; call inside the transaction
/// that made the change. Implemented for both backends' connections.
pub trait Outbox {
    /// Queues one message per recipient; returns how many.
    fn enqueue(&mut self, notice: &Notice<'_>) -> QueryResult<usize> {
        self.enqueue_all(std::slice::from_ref(notice))
    }

    /// Queues the messages of several notices in one statement; recipients
    /// and names are looked up once for all the notices that share them
    /// (an acceptance tells the same partner twice).
    fn enqueue_all(&mut self, notices: &[Notice<'_>]) -> QueryResult<usize>;
}

/// The value of `key` in `memo`, loaded and kept the first time it is asked for.
fn remembered<K: PartialEq, V>(
    memo: &mut Vec<(K, V)>,
    key: K,
    load: impl FnOnce() -> QueryResult<V>,
) -> QueryResult<&V> {
    let at = match memo.iter().position(|(known, _)| *known == key) {
        Some(at) => at,
        None => {
            memo.push((key, load()?));
            memo.len() - 1
        }
    };
    Ok(&memo[at].1)
}

/// One notice's recipients and payload, before it is written.
struct Told {
    emails: Vec<(Kind, String, Option<String>)>,
    endpoints: Vec<(i64, String)>,
    payload: String,
}

macro_rules! impl_outbox {
    ($($connection:ty),+) => {$(
        impl Outbox for $connection {
            fn enqueue_all(&mut self, notices: &[Notice<'_>]) -> QueryResult<usize> {
                let conn = self;
                let mut mailing_lists: Vec<((Kind, PartnerId, Option<TenantId>), Vec<(String, Option<String>)>)> =
                    Vec::new();
                let mut endpoint_lists: Vec<(PartnerId, Vec<(i64, String)>)> = Vec::new();
                let mut partner_names: Vec<(PartnerId, String)> = Vec::new();
                let mut customers: Vec<(TenantId, Customer)> = Vec::new();
                let mut told = Vec::with_capacity(notices.len());
                for notice in notices {
                    // Who is told first: nobody told, nothing to compose.
                    let mut emails = Vec::new();
                    for &kind in notice.event.mail_audiences(notice.by) {
                        let code = kind.code();
                        let key = (kind, notice.partner_id, notice.tenant_id);
                        let recipients = remembered(&mut mailing_lists, key, || match kind.audience() {
                            Audience::Partner => partner_users::table
                                .filter(partner_users::partner_id.eq(notice.partner_id))
                                .filter(partner_users::role.eq("admin_agent"))
                                .filter(diesel::dsl::not(diesel::dsl::exists(
                                    opt_outs::table
                                        .filter(opt_outs::partner_user_id.eq(partner_users::id.nullable()))
                                        .filter(opt_outs::kind.eq(code)),
                                )))
                                .order(partner_users::id)
                                .select((partner_users::email, partner_users::preferred_lang))
                                .load(conn),
                            Audience::Customer => customer_users::table
                                .filter(customer_users::tenant_id.nullable().eq(notice.tenant_id))
                                .filter(customer_users::role.eq("global_admin"))
                                .filter(diesel::dsl::not(diesel::dsl::exists(
                                    opt_outs::table
                                        .filter(opt_outs::customer_user_id.eq(customer_users::id.nullable()))
                                        .filter(opt_outs::kind.eq(code)),
                                )))
                                .order(customer_users::id)
                                .select((customer_users::email, customer_users::preferred_lang))
                                .load(conn),
                        })?;
                        emails.extend(recipients.iter().map(|(email, lang)| (kind, email.clone(), lang.clone())));
                    }
                    let endpoints = remembered(&mut endpoint_lists, notice.partner_id, || {
                        webhook_endpoints::table
                            .filter(webhook_endpoints::partner_id.eq(notice.partner_id))
                            .filter(webhook_endpoints::deleted_at.is_null())
                            .order(webhook_endpoints::id)
                            .select((webhook_endpoints::id, webhook_endpoints::url))
                            .load(conn)
                    })?
                    .clone();
                    if emails.is_empty() && endpoints.is_empty() {
                        continue;
                    }
                    let partner_name = remembered(&mut partner_names, notice.partner_id, || {
                        partners::table.find(notice.partner_id).select(partners::name).get_result(conn)
                    })?
                    .clone();
                    let customer = match notice.tenant_id {
                        Some(id) => Some(
                            remembered(&mut customers, id, || {
                                let (name, domain) = tenants::table
                                    .find(id)
                                    .select((tenants::name, tenants::domain))
                                    .get_result(conn)?;
                                Ok(Customer { id: id.0, name, domain })
                            })?
                            .clone(),
                        ),
                        None => None,
                    };
                    let (actor, actor_type) = ActorType::split(notice.actor_name);
                    let payload = serde_json::to_string(&Payload {
                        event_type: notice.event.code().to_owned(),
                        timestamp: rfc3339(notice.at),
                        data: PayloadData {
                            partner_id: notice.partner_id.0,
                            partner_name,
                            customer,
                            services: notice.services.iter().map(|s| s.code().to_owned()).collect(),
                            by: notice.by,
                            actor,
                            actor_type,
                            ends_at: notice.ends_at.map(rfc3339),
                            relationship: notice.relationship.clone(),
                        },
                    })
                    .expect("a payload serializes");
                    told.push((notice, Told { emails, endpoints, payload }));
                }
                if told.is_empty() {
                    return Ok(0);
                }
                // Queued now, whatever time the event says (a job run for a
                // given time, `run-jobs --now`): due at once.
                let queued_at = super::now();
                let mut rows = Vec::new();
                for (notice, Told { emails, endpoints, payload }) in &told {
                    let message = |channel, recipient, audience, webhook_endpoint_id, lang| NewMessage {
                        message_id: new_message_id(),
                        channel,
                        event_type: notice.event.code(),
                        partner_id: Some(notice.partner_id),
                        tenant_id: notice.tenant_id,
                        recipient,
                        audience,
                        webhook_endpoint_id,
                        lang,
                        payload,
                        created_at: queued_at,
                        next_attempt_at: queued_at,
                    };
                    rows.extend(emails.iter().map(|(kind, email, lang)| {
                        message("email", email.clone(), Some(kind.audience().code()), None, lang.clone().unwrap_or_default())
                    }));
                    rows.extend(
                        endpoints.iter().map(|(id, url)| message("webhook", url.clone(), None, Some(*id), String::new())),
                    );
                }
                diesel::insert_into(outbox::table).values(&rows).execute(conn)
            }
        }
    )+};
}

impl_outbox!(diesel::SqliteConnection, diesel::PgConnection);

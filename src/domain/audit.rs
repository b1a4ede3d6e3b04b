//! The audit trail: every state change, visible to the sides it concerns.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ids::{PartnerId, TenantId};
use super::services::Service;
use crate::db::schema::audit_events;

/// What happened. Stored as the code; shown via `activity-<code>` messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    InvitationAccepted,
    InvitationDeclined,
    RelationshipCreated,
    DelegatedAdminGranted,
    DelegatedAdminRemoved,
    /// The partner gave delegated administration back.
    DelegatedAdminReleased,
    DelegatedAdminReplaced,
    LinkRotated,
    SeatsRemoved,
    AddOnOrdered,
    SubscriptionTransitioned,
    /// Written by the one-POST change a partner could once make; kept so
    /// older events still read. Changes now go through the customer.
    PartnerOfRecordChanged,
    /// The partner asked the customer to become Partner of Record.
    PartnerOfRecordRequested,
    /// The customer approved the partner's request: it is Partner of Record.
    PartnerOfRecordRequestApproved,
    /// The customer declined the request (or chose another partner).
    PartnerOfRecordRequestDeclined,
    /// The customer made the partner Partner of Record directly.
    PartnerOfRecordGranted,
    /// The customer moved the partner's subscription to another partner.
    PartnerOfRecordMovedAway,
    /// The partner's relationship ended while it was still Partner of
    /// Record: the subscription has none (the operator bills it) until the
    /// customer chooses one.
    PartnerOfRecordEnded,
    /// A side ended the relationship; it ends when the partner is Partner of
    /// Record of no subscription, otherwise after the notice period.
    RelationshipEnding,
    /// The relationship ended (at once, acknowledged, or by the job).
    RelationshipEnded,
    /// The customer accepted the partner's link again while it was ending.
    RelationshipEndingCancelled,
    /// The partner registered a webhook endpoint (detail: its URL).
    WebhookAdded,
    /// The partner replaced an endpoint's signing secret (detail: its URL).
    WebhookSecretRotated,
    /// The partner deleted a webhook endpoint (detail: its URL).
    WebhookDeleted,
    /// The partner created a delegated-admin request (detail: its name).
    GdapRequested,
    /// The customer approved a delegated-admin request (detail: the roles).
    GdapApproved,
    GdapDeclined,
    /// A delegated-admin relationship was ended early by either side.
    GdapTerminated,
    /// The customer removed one role (detail: the role).
    GdapRoleRemoved,
    /// 30 days or fewer are left.
    GdapExpiring,
    GdapExpired,
    /// The end date came and the relationship was extended by 180 days.
    GdapAutoExtended,
    /// Nobody approved the request within 90 days.
    GdapRequestExpired,
    /// The partner issued an API key (detail: its name).
    ApiKeyCreated,
    /// The partner revoked an API key (detail: its name).
    ApiKeyRevoked,
}

impl Action {
    pub const ALL: [Action; 35] = [
        Action::InvitationAccepted,
        Action::InvitationDeclined,
        Action::RelationshipCreated,
        Action::DelegatedAdminGranted,
        Action::DelegatedAdminRemoved,
        Action::DelegatedAdminReleased,
        Action::DelegatedAdminReplaced,
        Action::LinkRotated,
        Action::SeatsRemoved,
        Action::AddOnOrdered,
        Action::SubscriptionTransitioned,
        Action::PartnerOfRecordChanged,
        Action::PartnerOfRecordRequested,
        Action::PartnerOfRecordRequestApproved,
        Action::PartnerOfRecordRequestDeclined,
        Action::PartnerOfRecordGranted,
        Action::PartnerOfRecordMovedAway,
        Action::PartnerOfRecordEnded,
        Action::RelationshipEnding,
        Action::RelationshipEnded,
        Action::RelationshipEndingCancelled,
        Action::WebhookAdded,
        Action::WebhookSecretRotated,
        Action::WebhookDeleted,
        Action::GdapRequested,
        Action::GdapApproved,
        Action::GdapDeclined,
        Action::GdapTerminated,
        Action::GdapRoleRemoved,
        Action::GdapExpiring,
        Action::GdapExpired,
        Action::GdapAutoExtended,
        Action::GdapRequestExpired,
        Action::ApiKeyCreated,
        Action::ApiKeyRevoked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::InvitationAccepted => "invitation_accepted",
            Action::InvitationDeclined => "invitation_declined",
            Action::RelationshipCreated => "relationship_created",
            Action::DelegatedAdminGranted => "dap_granted",
            Action::DelegatedAdminRemoved => "dap_removed",
            Action::DelegatedAdminReleased => "dap_released",
            Action::DelegatedAdminReplaced => "dap_replaced",
            Action::LinkRotated => "link_rotated",
            Action::SeatsRemoved => "seats_removed",
            Action::AddOnOrdered => "addon_ordered",
            Action::SubscriptionTransitioned => "subscription_transitioned",
            Action::PartnerOfRecordChanged => "por_changed",
            Action::PartnerOfRecordRequested => "por_requested",
            Action::PartnerOfRecordRequestApproved => "por_request_approved",
            Action::PartnerOfRecordRequestDeclined => "por_request_declined",
            Action::PartnerOfRecordGranted => "por_granted",
            Action::PartnerOfRecordMovedAway => "por_moved_away",
            Action::PartnerOfRecordEnded => "por_ended",
            Action::RelationshipEnding => "relationship_ending",
            Action::RelationshipEnded => "relationship_ended",
            Action::RelationshipEndingCancelled => "relationship_ending_cancelled",
            Action::WebhookAdded => "webhook_added",
            Action::WebhookSecretRotated => "webhook_secret_rotated",
            Action::WebhookDeleted => "webhook_deleted",
            Action::GdapRequested => "gdap_requested",
            Action::GdapApproved => "gdap_approved",
            Action::GdapDeclined => "gdap_declined",
            Action::GdapTerminated => "gdap_terminated",
            Action::GdapRoleRemoved => "gdap_role_removed",
            Action::GdapExpiring => "gdap_expiring",
            Action::GdapExpired => "gdap_expired",
            Action::GdapAutoExtended => "gdap_auto_extended",
            Action::GdapRequestExpired => "gdap_request_expired",
            Action::ApiKeyCreated => "api_key_created",
            Action::ApiKeyRevoked => "api_key_revoked",
        }
    }

    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Message id describing the event.
    pub fn message_id(self) -> &'static str {
        match self {
            Action::InvitationAccepted => "activity-invitation-accepted",
            Action::InvitationDeclined => "activity-invitation-declined",
            Action::RelationshipCreated => "activity-relationship-created",
            Action::DelegatedAdminGranted => "activity-dap-granted",
            Action::DelegatedAdminRemoved => "activity-dap-removed",
            Action::DelegatedAdminReleased => "release-activity",
            Action::DelegatedAdminReplaced => "activity-dap-replaced",
            Action::LinkRotated => "activity-link-rotated",
            Action::SeatsRemoved => "activity-seats-removed",
            Action::AddOnOrdered => "activity-addon-ordered",
            Action::SubscriptionTransitioned => "activity-subscription-transitioned",
            Action::PartnerOfRecordChanged => "activity-por-changed",
            Action::PartnerOfRecordRequested => "por-activity-requested",
            Action::PartnerOfRecordRequestApproved => "por-activity-request-approved",
            Action::PartnerOfRecordRequestDeclined => "por-activity-request-declined",
            Action::PartnerOfRecordGranted => "por-activity-granted",
            Action::PartnerOfRecordMovedAway => "por-activity-moved-away",
            Action::PartnerOfRecordEnded => "por-activity-ended",
            Action::RelationshipEnding => "lifecycle-activity-ending",
            Action::RelationshipEnded => "lifecycle-activity-ended",
            Action::RelationshipEndingCancelled => "lifecycle-activity-ending-cancelled",
            Action::WebhookAdded => "webhooks-activity-added",
            Action::WebhookSecretRotated => "webhooks-activity-secret-rotated",
            Action::WebhookDeleted => "webhooks-activity-deleted",
            Action::GdapRequested => "gdap-activity-requested",
            Action::GdapApproved => "gdap-activity-approved",
            Action::GdapDeclined => "gdap-activity-declined",
            Action::GdapTerminated => "gdap-activity-terminated",
            Action::GdapRoleRemoved => "gdap-activity-role-removed",
            Action::GdapExpiring => "gdap-activity-expiring",
            Action::GdapExpired => "gdap-activity-expired",
            Action::GdapAutoExtended => "gdap-activity-auto-extended",
            Action::GdapRequestExpired => "gdap-activity-request-expired",
            Action::ApiKeyCreated => "api-keys-activity-created",
            Action::ApiKeyRevoked => "api-keys-activity-revoked",
        }
    }
}

/// An event about to be recorded.
pub struct Event<'a> {
    action: Action,
    actor_name: &'a str,
    partner_id: Option<PartnerId>,
    tenant_id: Option<TenantId>,
    service: Option<Service>,
    detail: Option<String>,
    roles: Option<String>,
    at: Option<NaiveDateTime>,
}

impl<'a> Event<'a> {
    pub fn new(action: Action, actor_name: &'a str) -> Self {
        Self {
            action,
            actor_name,
            partner_id: None,
            tenant_id: None,
            service: None,
            detail: None,
            roles: None,
            at: None,
        }
    }

    pub fn partner(mut self, id: PartnerId) -> Self {
        self.partner_id = Some(id);
        self
    }

    pub fn tenant(mut self, id: TenantId) -> Self {
        self.tenant_id = Some(id);
        self
    }

    pub fn service(mut self, service: Service) -> Self {
        self.service = Some(service);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The delegated-admin roles the event concerns.
    pub fn roles(mut self, roles: &[super::delegated_admin::Role]) -> Self {
        self.roles = Some(roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(" "));
        self
    }

    pub fn at(mut self, at: NaiveDateTime) -> Self {
        self.at = Some(at);
        self
    }
}

/// Writes one event; call inside the transaction that made the change.
pub fn record<C>(conn: &mut C, event: Event<'_>) -> QueryResult<()>
where
    C: Connection,
    diesel::query_builder::InsertStatement<audit_events::table, <AuditRow as Insertable<audit_events::table>>::Values>:
        diesel::query_dsl::methods::ExecuteDsl<C>,
{
    diesel::insert_into(audit_events::table).values(AuditRow::from(event)).execute(conn)?;
    Ok(())
}

/// Writes several events in one statement, on both backends (a round trip
/// each cost an acceptance on PostgreSQL more than the rows themselves);
/// call inside the transaction that made the change. Their order is kept.
pub fn record_all<C>(conn: &mut C, events: Vec<Event<'_>>) -> QueryResult<()>
where
    C: Connection,
    diesel::query_builder::InsertStatement<
        audit_events::table,
        <Vec<AuditRow> as Insertable<audit_events::table>>::Values,
    >: diesel::query_dsl::methods::ExecuteDsl<C>,
{
    if events.is_empty() {
        return Ok(());
    }
    let rows: Vec<AuditRow> = events.into_iter().map(AuditRow::from).collect();
    diesel::insert_into(audit_events::table).values(rows).execute(conn)?;
    Ok(())
}

impl From<Event<'_>> for AuditRow {
    fn from(event: Event<'_>) -> Self {
        Self {
            occurred_at: event.at.unwrap_or_else(super::now),
            action: event.action.code().to_owned(),
            actor_name: event.actor_name.to_owned(),
            partner_id: event.partner_id,
            tenant_id: event.tenant_id,
            service: event.service.map(|s| s.code().to_owned()),
            detail: event.detail,
            roles: event.roles,
        }
    }
}

impl AuditRow {
    /// A row for bulk inserts (no service or detail).
    pub fn new(
        at: NaiveDateTime,
        action: Action,
        actor: &str,
        partner_id: Option<PartnerId>,
        tenant_id: Option<TenantId>,
    ) -> Self {
        Self {
            occurred_at: at,
            action: action.code().to_owned(),
            actor_name: actor.to_owned(),
            partner_id,
            tenant_id,
            service: None,
            detail: None,
            roles: None,
        }
    }
}

/// `None` is written as NULL, never as `DEFAULT` (the columns have no
/// default): SQLite knows no `DEFAULT` in `VALUES`, so diesel would insert
/// a batch holding one row by row, each statement parsed anew.
#[derive(Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct AuditRow {
    occurred_at: NaiveDateTime,
    action: String,
    actor_name: String,
    partner_id: Option<PartnerId>,
    tenant_id: Option<TenantId>,
    service: Option<String>,
    detail: Option<String>,
    roles: Option<String>,
}

//! The one-time message shown on the page after a redirect, and what it may
//! say.

use std::fmt::Display;

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::i18n::ids::message_enum;

message_enum! {
    /// What a flash message says: one variant per outcome of a form.
    pub enum Notice {
        Accepted => "flash-accepted",
        AcceptedNothingNew => "flash-accepted-nothing-new",
        AcceptedResellerOnly => "flash-accepted-reseller-only",
        Declined => "flash-declined",
        Removed => "flash-removed",
        RemovedNothing => "flash-removed-nothing",
        LinkRotated => "flash-link-rotated",
        SeatsRemoved => "flash-subscription-remove-seats",
        AddOnOrdered => "flash-subscription-order-add-on",
        SubscriptionTransitioned => "flash-subscription-transition",
        PorRequested => "por-flash-requested",
        PorAlreadyPending => "por-flash-already-pending",
        PorApproved => "por-flash-approved",
        PorDeclined => "por-flash-declined",
        PorChanged => "por-flash-changed",
        PorUnchanged => "por-flash-unchanged",
        Released => "release-flash-done",
        ReleasedNothing => "release-flash-nothing",
        RelationshipEnded => "lifecycle-flash-ended",
        RelationshipEnding => "lifecycle-flash-ending",
        RelationshipEndAcknowledged => "lifecycle-flash-acknowledged",
        NotificationsSaved => "notify-settings-saved",
        /// Takes `$url`.
        WebhookDeleted => "webhooks-flash-deleted",
        /// Takes `$id`, the message id.
        WebhookRedelivered => "webhooks-flash-redelivered",
        /// Takes `$id`, the message id.
        WebhookRedeliveryInFlight => "webhooks-flash-in-flight",
        GdapCreated => "gdap-flash-created",
        /// Takes `$date`, the end date.
        GdapApproved => "gdap-flash-approved",
        GdapDeclined => "gdap-flash-declined",
        /// Takes `$name`, the request's name.
        GdapTerminated => "gdap-flash-terminated",
        /// Takes `$role`, the role's name.
        GdapRoleRemoved => "gdap-flash-role-removed",
        GdapExtensionRequested => "gdap-flash-extension-requested",
        ApiKeyRevoked => "api-keys-flash-revoked",
    }
}

/// A message shown once on the next page (after a redirect). The session
/// keeps the message id, so a session stored before an upgrade still reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Flash {
    pub success: bool,
    pub id: String,
    pub args: Vec<(String, String)>,
}

pub(super) const FLASH_KEY: &str = "flash";

impl Flash {
    pub fn success(notice: Notice) -> Self {
        Self { success: true, id: notice.message_id().to_owned(), args: Vec::new() }
    }

    pub fn with(mut self, name: &str, value: impl Display) -> Self {
        self.args.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn store(self, session: &Session) {
        if let Err(err) = session.insert(FLASH_KEY, self) {
            tracing::warn!(%err, "cannot store a flash message");
        }
    }
}

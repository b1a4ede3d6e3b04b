//! What both sides' "end the relationship" pages share: the form and the
//! confirmation page (`templates/lifecycle/end_confirm.html`).

use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::domain::lifecycle::{EndReason, MAX_REASON_CHARS};
use crate::domain::services::Service;
use crate::web::error::BadInput;
use crate::web::{AppError, AppResult, Page};

/// The POST needs only `csrf_token` and `confirm=yes`; `end_reason` is
/// optional free text.
#[derive(Deserialize)]
pub struct EndForm {
    pub confirm: Option<String>,
    pub end_reason: Option<String>,
}

impl EndForm {
    pub fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }

    /// The reason given, if any; a reason too long is a 400 that changes nothing.
    pub fn reason(&self) -> AppResult<Option<EndReason>> {
        EndReason::parse(self.end_reason.as_deref().unwrap_or_default())
            .map_err(|_| AppError::BadRequestBecause(BadInput::EndReasonTooLong))
    }
}

/// Who is ending: the texts differ, the consequences do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Customer,
    Partner,
}

#[derive(Template)]
#[template(path = "lifecycle/end_confirm.html")]
pub struct ConfirmPage {
    pub ctx: Page,
    pub side: Side,
    /// The partner's name (customer side) or the customer's (partner side).
    pub counterpart: String,
    /// Delegated administration that ends now.
    pub services: Vec<Service>,
    /// Subscriptions the partner is Partner of Record of: more than none
    /// and the relationship ends only at `due`.
    pub held: i64,
    pub due: NaiveDateTime,
    pub action: String,
    pub back: String,
    /// The reason typed so far (shown again when the confirmation was missing).
    pub reason: String,
}

impl ConfirmPage {
    fn by_customer(&self) -> bool {
        self.side == Side::Customer
    }

    fn max_reason(&self) -> usize {
        MAX_REASON_CHARS
    }
}

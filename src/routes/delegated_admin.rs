//! What the partner's and the customer's delegated-admin pages share
//! (DESIGN.md §12): the status badge, the status a viewer sees, and the
//! refusals of a decision with their status and explanation.

use actix_web::http::StatusCode;
use serde::Deserialize;

use crate::domain::delegated_admin::Status;
use crate::domain::delegated_admin::decisions::DecisionError;
use crate::domain::delegated_admin::requests::Relationship;
use crate::i18n::ids::message_enum;
use crate::web::{AppError, Page};

/// The CSS badge of a status.
pub fn badge(status: Status) -> &'static str {
    match status {
        Status::Active => "badge badge--ours",
        Status::ApprovalPending | Status::Expiring => "badge badge--other",
        Status::Terminated | Status::Declined => "badge badge--removed",
        Status::Expired => "badge badge--none",
    }
}

/// The CSS badge of a relationship's status as of now.
pub fn badge_of(relationship: &Relationship) -> &'static str {
    badge(status_now(relationship))
}

/// The status as of now (see [`Relationship::status_at`]).
pub fn status_now(relationship: &Relationship) -> Status {
    relationship.status_at(crate::domain::now())
}

/// The page of a request or relationship, by the id in its link.
pub fn page_path(side_prefix: &str, id: &str) -> String {
    format!("{side_prefix}/delegated-admin-requests/{id}")
}

message_enum! {
    /// Why a decision on a request or relationship was refused; shown on
    /// its page, with nothing changed.
    pub enum Refused {
        /// Takes `$status`.
        NotPending => "gdap-refused-not-pending",
        /// Takes `$status`.
        NotInForce => "gdap-refused-not-in-force",
        /// Takes `$domain`.
        WrongCustomer => "gdap-refused-wrong-customer",
        RoleNotRequested => "gdap-refused-role-not-requested",
        NoRoles => "gdap-refused-no-roles",
        /// Takes `$count`, the longest duration allowed.
        DurationOutOfRange => "gdap-refused-duration",
        RoleNotHeld => "gdap-refused-role-not-held",
        Conflict => "gdap-refused-conflict",
    }
}

impl Refused {
    pub fn status(self) -> StatusCode {
        match self {
            Refused::NotPending | Refused::NotInForce | Refused::RoleNotHeld | Refused::Conflict => {
                StatusCode::CONFLICT
            }
            Refused::WrongCustomer => StatusCode::FORBIDDEN,
            Refused::RoleNotRequested | Refused::NoRoles | Refused::DurationOutOfRange => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }

    /// The refusal of a domain error; `NotFound` and database errors are
    /// the generic pages.
    pub fn of(err: DecisionError) -> Result<Refused, AppError> {
        Ok(match err {
            DecisionError::NotFound => return Err(AppError::NotFound),
            DecisionError::Db(err) => return Err(err.into()),
            DecisionError::NotPending(_) => Refused::NotPending,
            DecisionError::NotInForce => Refused::NotInForce,
            DecisionError::WrongCustomer => Refused::WrongCustomer,
            DecisionError::RoleNotRequested => Refused::RoleNotRequested,
            DecisionError::NoRoles => Refused::NoRoles,
            DecisionError::DurationOutOfRange => Refused::DurationOutOfRange,
            DecisionError::RoleNotHeld => Refused::RoleNotHeld,
            DecisionError::Conflict => Refused::Conflict,
        })
    }

    /// The explanation, about `relationship` as it is now.
    pub fn text(self, ctx: &Page, relationship: &Relationship) -> String {
        let id = self.message_id();
        match self {
            Refused::NotPending | Refused::NotInForce => {
                ctx.t1(id, "status", ctx.t(status_now(relationship).message_id()))
            }
            Refused::WrongCustomer => ctx.t1(id, "domain", relationship.customer_domain.as_deref().unwrap_or_default()),
            Refused::DurationOutOfRange => ctx.tn(id, relationship.duration_days),
            _ => ctx.t(id).into_owned(),
        }
    }
}

/// The form of a button that must be confirmed (`confirm=yes`).
#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

impl ConfirmForm {
    pub fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }
}

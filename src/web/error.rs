//! One error type for every handler, mapped to a status here and to a
//! localized page by [`super::middleware::chrome`].

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::domain::customers::ActionError;
use crate::domain::lifecycle::{AcknowledgeError, EndError};
use crate::domain::partner_of_record::{DecisionError, RequestError};
use crate::domain::webhooks::WebhookError;
use crate::i18n::ids::message_enum;

message_enum! {
    /// Why a signed-in user may not open a page: the role(s) it needs.
    pub enum RoleNeeded {
        Partner => "forbidden-needs-partner",
        AdminOrSalesAgent => "forbidden-needs-admin-or-sales-agent",
        AdminAgent => "forbidden-needs-admin-agent",
        Customer => "forbidden-needs-customer",
        GlobalAdmin => "forbidden-needs-global-admin",
    }
}

message_enum! {
    /// What was wrong with a request the 400 page explains.
    pub enum BadInput {
        InvitationUnknownService => "invitation-unknown-service",
        RelationshipsUnknownService => "relationships-unknown-service",
        ReleaseUnknownService => "release-unknown-service",
        CustomerActionInvalid => "customer-action-invalid",
        PorInvalidForm => "por-invalid-form",
        EndReasonTooLong => "lifecycle-reason-too-long",
        NotificationKindUnknown => "notify-settings-unknown-kind",
        PageLinkInvalid => "pagination-link-invalid",
        PageNumberInvalid => "pagination-number-invalid",
        StatusUnknown => "lifecycle-filter-unknown",
    }
}

message_enum! {
    /// A business rule that refused a request: the explanation on its page.
    pub enum Refusal {
        PorAlreadyDecided => "por-refused-already-decided",
        PorNotAPartner => "por-refused-not-a-partner",
        PorRequesterNotAPartner => "por-refused-requester-not-a-partner",
        PorAlreadyOurs => "por-refused-already-ours",
        RelationshipAlreadyEnded => "lifecycle-refused-already-ended",
        RelationshipAlreadyEnding => "lifecycle-refused-already-ending",
        RelationshipNotEnding => "lifecycle-refused-not-ending",
    }
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Refusal::PorNotAPartner => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::PorAlreadyDecided
            | Refusal::PorRequesterNotAPartner
            | Refusal::PorAlreadyOurs
            | Refusal::RelationshipAlreadyEnded
            | Refusal::RelationshipAlreadyEnding
            | Refusal::RelationshipNotEnding => StatusCode::CONFLICT,
        }
    }

    fn title(self) -> ErrorText {
        match self {
            Refusal::RelationshipAlreadyEnded | Refusal::RelationshipAlreadyEnding | Refusal::RelationshipNotEnding => {
                ErrorText::LifecycleRefusedTitle
            }
            _ => ErrorText::PorRefusedTitle,
        }
    }
}

message_enum! {
    /// The other texts of error pages: generic titles and explanations by
    /// status, those of particular errors, and the hint below them.
    pub enum ErrorText {
        Title400 => "error-400-title",
        Body400 => "error-400-body",
        Title401 => "error-401-title",
        Body401 => "error-401-body",
        Title403 => "error-403-title",
        Body403 => "error-403-body",
        Title404 => "error-404-title",
        Body404 => "error-404-body",
        Title405 => "error-405-title",
        Body405 => "error-405-body",
        Title408 => "error-408-title",
        Body408 => "error-408-body",
        Title413 => "error-413-title",
        Body413 => "error-413-body",
        Title429 => "error-429-title",
        /// Takes `$count`, the minutes to wait.
        Body429 => "error-429-body",
        Title500 => "error-500-title",
        Body500 => "error-500-body",
        Title503 => "error-503-title",
        Body503 => "error-503-body",
        InvitationTitle => "error-invitation-title",
        InvitationBody => "error-invitation-body",
        UnstorableInputBody => "error-unstorable-input-body",
        CsrfTitle => "error-csrf-title",
        CsrfBody => "error-csrf-body",
        PorTitle => "error-por-title",
        PorBody => "error-por-body",
        PorRefusedTitle => "por-refused-title",
        LifecycleRefusedTitle => "lifecycle-refused-title",
        HintRetry => "error-hint-retry",
        HintLater => "error-hint-later",
        HintHome => "error-hint-home",
    }
}

/// The message ids of an error page: title, explanation and hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorPageIds {
    pub title: &'static str,
    pub body: &'static str,
    pub hint: &'static str,
}

impl ErrorPageIds {
    /// The texts of the page for `status`, from `error` when it has its own.
    pub fn of(status: StatusCode, error: Option<&AppError>) -> ErrorPageIds {
        let (title, body) = error.and_then(AppError::message_ids).unwrap_or_else(|| generic(status));
        let hint = match status.as_u16() {
            503 => ErrorText::HintRetry,
            500..=599 => ErrorText::HintLater,
            _ => ErrorText::HintHome,
        };
        ErrorPageIds { title, body, hint: hint.message_id() }
    }
}

/// Title and explanation of an error page by status alone.
pub(super) fn generic(status: StatusCode) -> (&'static str, &'static str) {
    use ErrorText::*;
    let (title, body) = match status.as_u16() {
        401 => (Title401, Body401),
        403 => (Title403, Body403),
        404 => (Title404, Body404),
        405 => (Title405, Body405),
        408 => (Title408, Body408),
        413 => (Title413, Body413),
        429 => (Title429, Body429),
        503 => (Title503, Body503),
        400..=499 => (Title400, Body400),
        _ => (Title500, Body500),
    };
    (title.message_id(), body.message_id())
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invitation link is not valid")]
    InvitationInvalid,
    #[error("bad request")]
    BadRequest,
    /// A bad request whose page explains the problem.
    #[error("bad request: {0:?}")]
    BadRequestBecause(BadInput),
    /// Text with a character no database can keep (NUL).
    #[error("input contains a NUL character")]
    UnstorableInput,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("form token missing or wrong")]
    CsrfRejected,
    /// The signed-in user lacks a role; the page names the role needed.
    #[error("forbidden: needs {0:?}")]
    Forbidden(RoleNeeded),
    /// A subscription action only its Partner of Record may take.
    #[error("not the Partner of Record")]
    NotPartnerOfRecord,
    /// A business rule refused the request; the refusal knows its status
    /// (409, 422, …) and its page's texts.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("too many failed sign-ins; retry after {retry_after_secs}s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// Not an error page: send the visitor to a sign-in page.
    #[error("sign-in required")]
    SignInRequired { sign_in_path: &'static str, next: Option<String> },
}

impl AppError {
    /// Message ids of the page's title and explanation, when this error
    /// has its own (otherwise the status chooses).
    pub fn message_ids(&self) -> Option<(&'static str, &'static str)> {
        use ErrorText::*;
        let (title, body) = match self {
            AppError::InvitationInvalid => (InvitationTitle, InvitationBody.message_id()),
            AppError::BadRequestBecause(input) => (Title400, input.message_id()),
            AppError::UnstorableInput => (Title400, UnstorableInputBody.message_id()),
            AppError::CsrfRejected => (CsrfTitle, CsrfBody.message_id()),
            AppError::Forbidden(needed) => (Title403, needed.message_id()),
            AppError::NotPartnerOfRecord => (PorTitle, PorBody.message_id()),
            AppError::Refused(refusal) => (refusal.title(), refusal.message_id()),
            _ => return None,
        };
        Some((title.message_id(), body))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::InvitationInvalid => StatusCode::NOT_FOUND,
            AppError::BadRequest | AppError::BadRequestBecause(_) | AppError::UnstorableInput => {
                StatusCode::BAD_REQUEST
            }
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::CsrfRejected | AppError::Forbidden(_) | AppError::NotPartnerOfRecord => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Refused(refusal) => refusal.status(),
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
        }
    }

    /// A bare response; the chrome middleware renders the page body.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::new(self.status_code());
        let headers = response.headers_mut();
        match self {
            AppError::SignInRequired { sign_in_path, next } => {
                let location = match next {
                    Some(next) => format!("{sign_in_path}?next={}", super::query::url_encode(next)),
                    None => (*sign_in_path).to_owned(),
                };
                if let Ok(value) = HeaderValue::from_str(&location) {
                    headers.insert(header::LOCATION, value);
                }
            }
            AppError::TooManyRequests { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            AppError::Unavailable(reason) => {
                tracing::warn!(reason, "answering 503");
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            AppError::Internal(reason) => tracing::error!(reason, "answering 500"),
            _ => {}
        }
        response
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            DbError::Unavailable(reason) => AppError::Unavailable(reason),
            DbError::Query(
                err @ (Error::DatabaseError(
                    DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                    _,
                )
                | Error::BrokenTransactionManager),
            ) => AppError::Unavailable(err.to_string()),
            // SQLite gave up waiting for another writer (`busy_timeout`).
            DbError::Query(Error::DatabaseError(DatabaseErrorKind::Unknown, info))
                if info.message().starts_with("database is locked")
                    || info.message().starts_with("database is busy") =>
            {
                AppError::Unavailable(info.message().to_owned())
            }
            DbError::Query(err) => AppError::Internal(err.to_string()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        DbError::from(err).into()
    }
}

// What each domain refusal looks like over HTTP, in one place.

impl From<ActionError> for AppError {
    fn from(err: ActionError) -> Self {
        match err {
            ActionError::NotFound => AppError::NotFound,
            ActionError::NotPartnerOfRecord => AppError::NotPartnerOfRecord,
            ActionError::Invalid => AppError::BadRequestBecause(BadInput::CustomerActionInvalid),
            ActionError::Db(err) => err.into(),
        }
    }
}

impl From<RequestError> for AppError {
    fn from(err: RequestError) -> Self {
        match err {
            RequestError::NotFound => AppError::NotFound,
            RequestError::AlreadyPartnerOfRecord => AppError::Refused(Refusal::PorAlreadyOurs),
            RequestError::Db(err) => err.into(),
        }
    }
}

impl From<DecisionError> for AppError {
    fn from(err: DecisionError) -> Self {
        match err {
            DecisionError::NotFound => AppError::NotFound,
            DecisionError::AlreadyDecided => AppError::Refused(Refusal::PorAlreadyDecided),
            DecisionError::ChosenPartnerHasNoRelationship => AppError::Refused(Refusal::PorNotAPartner),
            DecisionError::RequesterHasNoRelationship => AppError::Refused(Refusal::PorRequesterNotAPartner),
            DecisionError::Db(err) => err.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::Internal(format!("template: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl From<EndError> for AppError {
    fn from(err: EndError) -> Self {
        match err {
            EndError::NotFound => AppError::NotFound,
            EndError::AlreadyEnded => AppError::Refused(Refusal::RelationshipAlreadyEnded),
            EndError::AlreadyEnding => AppError::Refused(Refusal::RelationshipAlreadyEnding),
            EndError::Db(err) => err.into(),
        }
    }
}

impl From<AcknowledgeError> for AppError {
    fn from(err: AcknowledgeError) -> Self {
        match err {
            AcknowledgeError::NotFound => AppError::NotFound,
            AcknowledgeError::NotEnding => AppError::Refused(Refusal::RelationshipNotEnding),
            AcknowledgeError::Db(err) => err.into(),
        }
    }
}

impl From<WebhookError> for AppError {
    fn from(err: WebhookError) -> Self {
        match err {
            WebhookError::NotFound => AppError::NotFound,
            WebhookError::Db(err) => err.into(),
        }
    }
}

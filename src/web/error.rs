//! One error type for every handler, mapped to a status here and to a
//! localized page by [`super::middleware::chrome`].

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invitation link is not valid")]
    InvitationInvalid,
    #[error("bad request")]
    BadRequest,
    /// A bad request whose page explains the problem with this message id.
    #[error("bad request: {0}")]
    BadRequestBecause(&'static str),
    /// Text with a character no database can keep (NUL).
    #[error("input contains a NUL character")]
    UnstorableInput,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("form token missing or wrong")]
    CsrfRejected,
    /// The signed-in user lacks a role; the id names the role needed.
    #[error("forbidden: needs {0}")]
    Forbidden(&'static str),
    /// A subscription action only its Partner of Record may take.
    #[error("not the Partner of Record")]
    NotPartnerOfRecord,
    /// A business rule refused the request: its status (409, 422, …) and
    /// the message ids of the page's title and explanation.
    #[error("refused ({status}): {body}")]
    Refused { status: StatusCode, title: &'static str, body: &'static str },
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
    /// Message ids of the page's title and explanation.
    pub fn message_ids(&self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            AppError::InvitationInvalid => ("error-invitation-title", "error-invitation-body"),
            AppError::BadRequestBecause(id) => ("error-400-title", id),
            AppError::UnstorableInput => ("error-400-title", "error-unstorable-input-body"),
            AppError::CsrfRejected => ("error-csrf-title", "error-csrf-body"),
            AppError::Forbidden(id) => ("error-403-title", id),
            AppError::NotPartnerOfRecord => ("error-por-title", "error-por-body"),
            AppError::Refused { title, body, .. } => (title, body),
            _ => return None,
        })
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
            AppError::Refused { status, .. } => *status,
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
                    Some(next) => format!("{sign_in_path}?next={}", super::url_encode(next)),
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

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::Internal(format!("template: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;

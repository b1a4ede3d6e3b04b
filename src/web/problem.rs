//! Errors of the JSON API as RFC 9457 `application/problem+json`: a stable
//! `code` a program can act on, the HTTP status, and a `detail` in the
//! language of `Accept-Language`.
//!
//! Handlers return a bare [`Problem`] (or any error with a status);
//! [`super::middleware::chrome`] writes the body for every error answer
//! under `/api/`, the way it writes the HTML error page everywhere else, so
//! an unknown path, a wrong method or a body over the limit gets a problem
//! too.

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError, web};
use fluent_bundle::{FluentArgs, FluentValue};
use serde::Serialize;

use super::AppError;
use crate::i18n::Locale;
use crate::i18n::ids::message_enum;
use crate::state::AppState;

/// Where the API lives; error answers under it are problems, not pages.
pub const API_PREFIX: &str = "/api/";

message_enum! {
    /// What went wrong; the variant's message is the `detail`.
    pub enum ProblemCode {
        Unauthorized => "api-problem-unauthorized",
        /// A key was sent but is not valid (code `unauthorized`; the
        /// challenge says `invalid_token`, RFC 6750 §3.1).
        InvalidKey => "api-problem-unauthorized",
        InsufficientScope => "api-problem-insufficient-scope",
        NotFound => "api-problem-not-found",
        MethodNotAllowed => "api-problem-method-not-allowed",
        MalformedJson => "api-problem-malformed-json",
        UnsupportedMediaType => "api-problem-unsupported-media-type",
        /// Takes `$field`.
        UnknownField => "api-problem-unknown-field",
        /// Takes `$field`.
        MissingField => "api-problem-missing-field",
        /// Takes `$field`.
        InvalidField => "api-problem-invalid-field",
        /// The body is JSON, but not an object (code `invalid_field`, field `""`).
        BodyNotObject => "api-problem-body-not-object",
        PayloadTooLarge => "api-problem-payload-too-large",
        /// Takes `$field` (the query parameter).
        InvalidParameter => "api-problem-invalid-parameter",
        /// `$top` out of range (code `invalid_parameter`); takes `$count`, the most.
        TopOutOfRange => "api-problem-top-out-of-range",
        /// A value outside a parameter's list (code `invalid_parameter`);
        /// takes `$field` and `$choices`, the values allowed.
        ParameterNotAChoice => "api-problem-parameter-choice",
        /// Not a calendar date (code `invalid_parameter`); takes `$field`.
        ParameterNotADate => "api-problem-parameter-date",
        /// `from` after `to` (code `invalid_parameter`, field `from`).
        DatesReversed => "api-problem-dates-reversed",
        /// Not an id (code `invalid_parameter`); takes `$field`.
        ParameterNotAnId => "api-problem-parameter-id",
        InvalidFilter => "api-problem-invalid-filter",
        InvalidCursor => "api-problem-invalid-cursor",
        UnstorableInput => "api-problem-unstorable-input",
        /// Takes `$count`, the seconds to wait.
        RateLimited => "api-problem-rate-limited",
        RequestTimeout => "api-problem-request-timeout",
        BadRequest => "api-problem-bad-request",
        NameMissing => "api-problem-name-missing",
        /// Takes `$count`, the longest name.
        NameTooLong => "api-problem-name-too-long",
        NameNotOneLine => "api-problem-name-not-one-line",
        /// Takes `$count`, the longest duration in days.
        DurationOutOfRange => "api-problem-duration-out-of-range",
        NoRoles => "api-problem-no-roles",
        /// Takes `$field`.
        UnknownRole => "api-problem-unknown-role",
        AutoExtendWithFullAdmin => "api-problem-auto-extend-with-full-admin",
        DomainInvalid => "api-problem-domain-invalid",
        NotInForce => "api-problem-not-in-force",
        Conflict => "api-problem-conflict",
        ServiceUnavailable => "api-problem-service-unavailable",
        InternalError => "api-problem-internal-error",
    }
}

impl ProblemCode {
    /// The stable code programs match on (never translated, never changed).
    pub fn code(self) -> &'static str {
        use ProblemCode::*;
        match self {
            Unauthorized | InvalidKey => "unauthorized",
            InsufficientScope => "insufficient_scope",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            MalformedJson => "malformed_json",
            UnsupportedMediaType => "unsupported_media_type",
            UnknownField => "unknown_field",
            MissingField => "missing_field",
            InvalidField | BodyNotObject => "invalid_field",
            PayloadTooLarge => "payload_too_large",
            InvalidParameter | TopOutOfRange | ParameterNotAChoice | ParameterNotADate | DatesReversed
            | ParameterNotAnId => "invalid_parameter",
            InvalidFilter => "invalid_filter",
            InvalidCursor => "invalid_cursor",
            UnstorableInput => "unstorable_input",
            RateLimited => "rate_limited",
            RequestTimeout => "request_timeout",
            BadRequest => "bad_request",
            NameMissing => "name_missing",
            NameTooLong => "name_too_long",
            NameNotOneLine => "name_not_one_line",
            DurationOutOfRange => "duration_out_of_range",
            NoRoles => "no_roles",
            UnknownRole => "unknown_role",
            AutoExtendWithFullAdmin => "auto_extend_with_full_admin",
            DomainInvalid => "domain_invalid",
            NotInForce => "not_in_force",
            Conflict => "conflict",
            ServiceUnavailable => "service_unavailable",
            InternalError => "internal_error",
        }
    }

    pub fn status(self) -> StatusCode {
        use ProblemCode::*;
        match self {
            Unauthorized | InvalidKey => StatusCode::UNAUTHORIZED,
            InsufficientScope => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            MalformedJson | InvalidParameter | TopOutOfRange | ParameterNotAChoice | ParameterNotADate
            | DatesReversed | ParameterNotAnId | InvalidFilter | InvalidCursor | UnstorableInput | BadRequest => {
                StatusCode::BAD_REQUEST
            }
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            UnknownField
            | MissingField
            | InvalidField
            | BodyNotObject
            | NameMissing
            | NameTooLong
            | NameNotOneLine
            | DurationOutOfRange
            | NoRoles
            | UnknownRole
            | AutoExtendWithFullAdmin
            | DomainInvalid => StatusCode::UNPROCESSABLE_ENTITY,
            NotInForce | Conflict => StatusCode::CONFLICT,
            RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem an answer of this status is when nothing more is known.
    fn of_status(status: StatusCode) -> Self {
        use ProblemCode::*;
        match status.as_u16() {
            401 => Unauthorized,
            403 => InsufficientScope,
            404 => NotFound,
            405 => MethodNotAllowed,
            408 => RequestTimeout,
            413 => PayloadTooLarge,
            415 => UnsupportedMediaType,
            429 => RateLimited,
            503 => ServiceUnavailable,
            400..=499 => BadRequest,
            _ => InternalError,
        }
    }
}

message_enum! {
    /// Problem titles where the web page's would speak of pages and signing
    /// in ("Page not found", "Sign-in required"); other statuses share the
    /// pages' titles.
    pub enum ApiTitle {
        KeyRequired => "api-title-401",
        NotFound => "api-title-404",
    }
}

/// An API error: its code and the values its detail names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: ProblemCode,
    /// The field or query parameter at fault (`$field`, and `field` in the body).
    pub field: Option<String>,
    /// `$count` of the detail.
    pub count: Option<i64>,
    /// `$choices` of the detail: the values a parameter takes, as codes.
    pub choices: Option<String>,
    /// Seconds to wait (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
    /// Why, for the log only (never sent).
    pub reason: Option<String>,
}

impl Problem {
    pub fn new(code: ProblemCode) -> Self {
        Problem { code, field: None, count: None, choices: None, retry_after: None, reason: None }
    }

    /// A query parameter whose value is none of `choices`.
    pub fn not_a_choice<'a>(field: &str, choices: impl IntoIterator<Item = &'a str>) -> Self {
        let choices = choices.into_iter().collect::<Vec<_>>().join(", ");
        Problem { choices: Some(choices), ..Problem::field(ProblemCode::ParameterNotAChoice, field) }
    }

    pub fn field(code: ProblemCode, field: impl Into<String>) -> Self {
        Problem { field: Some(field.into()), ..Problem::new(code) }
    }

    pub fn count(mut self, count: i64) -> Self {
        self.count = Some(count);
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code.code())?;
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    /// A bare answer with its headers; the chrome writes the body.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::new(self.status_code());
        let headers = response.headers_mut();
        match self.code {
            ProblemCode::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ProblemCode::InvalidKey => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            }
            ProblemCode::InsufficientScope => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"insufficient_scope\", scope=\"read_write\""),
                );
            }
            ProblemCode::InternalError => tracing::error!(problem = %self, "answering 500"),
            ProblemCode::ServiceUnavailable => tracing::warn!(problem = %self, "answering 503"),
            _ => {}
        }
        let retry_after = match self.code {
            ProblemCode::ServiceUnavailable => Some(self.retry_after.unwrap_or(5)),
            _ => self.retry_after,
        };
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<&AppError> for Problem {
    fn from(err: &AppError) -> Self {
        let code = match err {
            AppError::NotFound | AppError::InvitationInvalid => ProblemCode::NotFound,
            AppError::UnstorableInput => ProblemCode::UnstorableInput,
            AppError::RequestTimeout => ProblemCode::RequestTimeout,
            AppError::PayloadTooLarge => ProblemCode::PayloadTooLarge,
            AppError::TooManyRequests { retry_after_secs } => {
                return Problem { retry_after: Some(*retry_after_secs), ..Problem::new(ProblemCode::RateLimited) };
            }
            AppError::Unavailable(reason) => {
                return Problem { reason: Some(reason.clone()), ..Problem::new(ProblemCode::ServiceUnavailable) };
            }
            AppError::Internal(reason) => {
                return Problem { reason: Some(reason.clone()), ..Problem::new(ProblemCode::InternalError) };
            }
            other => ProblemCode::of_status(other.status_code()),
        };
        Problem::new(code)
    }
}

impl From<AppError> for Problem {
    fn from(err: AppError) -> Self {
        Problem::from(&err)
    }
}

impl From<crate::db::DbError> for Problem {
    fn from(err: crate::db::DbError) -> Self {
        AppError::from(err).into()
    }
}

/// The body of a problem answer (RFC 9457, with the `code` extension).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemBody {
    /// `urn:partnerlink:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status's name, in the language of `Accept-Language`.
    pub title: String,
    pub status: u16,
    /// What went wrong and what to do, in the language of `Accept-Language`.
    pub detail: String,
    /// Stable: programs match on it.
    pub code: String,
    /// The field or query parameter at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// What every endpoint behind a key may answer besides its own answers
/// (for the OpenAPI document only; the answers are [`Problem`]s).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // never built: it documents
pub enum KeyProblems {
    /// An unknown or repeated query parameter, a bad value, a foreign cursor,
    /// a body that is not JSON.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(ProblemBody),
    /// No key, or a wrong or revoked one (`WWW-Authenticate: Bearer`).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(ProblemBody),
    /// Too many requests with this key (`Retry-After`).
    #[response(status = 429, content_type = "application/problem+json")]
    RateLimited(ProblemBody),
    /// The database is briefly unavailable (`Retry-After`).
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(ProblemBody),
}

/// The language of an API answer: `Accept-Language`, else the default.
pub fn locale_of(req: &actix_web::HttpRequest, state: &AppState) -> Locale {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or(state.settings.default_locale)
}

/// Replaces the body of an error answer under `/api/` with its problem,
/// keeping its status and headers.
pub fn render(res: ServiceResponse) -> ServiceResponse {
    let (req, original) = res.into_parts();
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return ServiceResponse::new(req, original);
    };
    let problem = response(&original, &state, locale_of(&req, &state));
    ServiceResponse::new(req, problem)
}

/// The problem answer for the error answer `original`, in `locale`, with
/// its status and headers.
pub fn response(original: &HttpResponse, state: &AppState, locale: Locale) -> HttpResponse {
    let status = original.status();
    let problem = original
        .error()
        .and_then(|e| e.as_error::<Problem>().cloned().or_else(|| e.as_error::<AppError>().map(Problem::from)))
        .unwrap_or_else(|| Problem::new(ProblemCode::of_status(status)));
    let body = serde_json::to_vec(&body_of(&problem, status, locale, state)).unwrap_or_default();
    let mut answer = HttpResponse::build(status).content_type("application/problem+json").body(body);
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

fn body_of(problem: &Problem, status: StatusCode, locale: Locale, state: &AppState) -> ProblemBody {
    let catalog = state.localizer.catalog();
    let mut args = FluentArgs::new();
    if let Some(field) = &problem.field {
        args.set("field", FluentValue::from(field.clone()));
    }
    let count = problem.count.or(problem.retry_after.map(|s| s as i64));
    if let Some(count) = count {
        args.set("count", FluentValue::from(count));
    }
    if let Some(choices) = &problem.choices {
        args.set("choices", FluentValue::from(choices.clone()));
    }
    let title_id = match status.as_u16() {
        401 => ApiTitle::KeyRequired.message_id(),
        404 => ApiTitle::NotFound.message_id(),
        _ => super::error::generic(status).0,
    };
    ProblemBody {
        kind: format!("urn:partnerlink:problem:{}", problem.code.code()),
        title: catalog.message(locale, title_id, None),
        status: status.as_u16(),
        detail: catalog.message(locale, problem.code.message_id(), Some(&args)),
        code: problem.code.code().to_owned(),
        field: problem.field.clone(),
    }
}

//! Request-wide behaviour: security headers, request ids, access logs, and
//! localized pages for every error status.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError, web};
use askama::Template;
use rand::RngCore;
use tracing::Instrument;

use super::error::ErrorPageIds;
use super::locale;
use super::query::QueryPairs;
use super::{AppError, Page};
use crate::state::AppState;

const CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/// The request's id, also sent back as `X-Request-Id`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Refuses a query or path holding a NUL character with a localized 400,
/// before any handler can pass it on: PostgreSQL text cannot hold U+0000,
/// and no form field or link of this site ever needs it. (Form bodies are
/// checked the same way by [`super::form::CsrfForm`].)
pub async fn refuse_unstorable_input(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let decoded = |raw: &str| percent_encoding::percent_decode_str(raw).any(|b| b == 0);
    if QueryPairs::parse(req.query_string()).has_nul() || decoded(req.path()) {
        return Ok(req.error_response(AppError::UnstorableInput).map_into_boxed_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

/// Outermost: request id, access log, security headers, error pages.
pub async fn chrome(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = new_request_id();
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let method = req.method().clone();
    // Never log the query string: it carries invitation tokens.
    let path = req.path().to_owned();
    let is_static = path.starts_with("/static/");
    let span = tracing::info_span!("request", id = %request_id);

    // The language is read here, once: the locale layer settles it against the
    // session, and the error page below needs it if the session layer fails
    // and takes the request with it.
    let hsts = req.app_data::<web::Data<AppState>>().is_some_and(|state| state.settings.cookie_secure());
    let fallback = req.app_data::<web::Data<AppState>>().cloned().map(|state| {
        let locale = match path.starts_with(super::problem::API_PREFIX) {
            true => super::problem::locale_of(req.request(), &state),
            false => locale::read_requested(&req, &state),
        };
        (state, locale, req.query_string().to_owned())
    });

    let mut res = match next.call(req).instrument(span.clone()).await {
        Ok(res) => res.map_into_boxed_body(),
        // Only the session layer fails as a whole: its store (Redis) is
        // unreachable. A temporary outage, answered with the 503 page.
        Err(err) => {
            span.in_scope(|| tracing::error!(%err, "session store unavailable"));
            let Some((state, locale, query)) = fallback else { return Err(err) };
            let unavailable = AppError::Unavailable(err.to_string());
            let mut response = if path.starts_with(super::problem::API_PREFIX) {
                super::problem::response(&unavailable.error_response(), &state, locale)
            } else {
                error_page(&Page::without_session(state, locale, &path, &query), unavailable.error_response())
            };
            secure_headers(response.headers_mut(), is_static, hsts, &request_id);
            log_access(&span, &method, &path, response.status(), started);
            return Err(InternalError::from_response(err, response).into());
        }
    };

    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if status.is_client_error() || status.is_server_error() {
        if path.starts_with(super::problem::API_PREFIX) {
            res = super::problem::render(res);
        } else if !is_html {
            res = render_error_page(res);
        }
    }

    secure_headers(res.headers_mut(), is_static, hsts, &request_id);
    log_access(&span, &method, &path, res.status(), started);
    Ok(res)
}

fn secure_headers(headers: &mut HeaderMap, is_static: bool, hsts: bool, request_id: &str) {
    if hsts {
        // Served over https (the base URL says so): browsers keep to https.
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_static {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert(HeaderName::from_static("x-request-id"), value);
    }
}

fn log_access(span: &tracing::Span, method: &Method, path: &str, status: StatusCode, started: Instant) {
    span.in_scope(|| {
        tracing::info!(
            method = %method,
            path = %path,
            status = status.as_u16(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        )
    });
}

fn new_request_id() -> String {
    format!("{:016x}", rand::thread_rng().next_u64())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a Page,
    status: u16,
    title: String,
    body: String,
    hint: String,
}

/// Replaces the body of an error response with the localized error page,
/// keeping its status and headers (`Retry-After`, `Allow`, …).
fn render_error_page(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let (req, response) = res.into_parts();
    match Page::build(&req) {
        Ok(page) => ServiceResponse::new(req, error_page(&page.for_error(), response)),
        Err(_) => ServiceResponse::new(req, response),
    }
}

/// `response` with its body replaced by the localized error page.
fn error_page(page: &Page, response: HttpResponse) -> HttpResponse {
    let status = response.status();
    let app_error = response.error().and_then(|e| e.as_error::<AppError>());
    let ids = ErrorPageIds::of(status, app_error);
    let body = match app_error {
        Some(AppError::TooManyRequests { retry_after_secs }) => {
            page.tn(ids.body, retry_after_secs.div_ceil(60).max(1) as i64)
        }
        _ => page.t(ids.body).into_owned(),
    };
    let template = ErrorPage {
        ctx: page,
        status: status.as_u16(),
        title: page.t(ids.title).into_owned(),
        body,
        hint: page.t(ids.hint).into_owned(),
    };
    let html = match template.render() {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(%err, "cannot render the error page");
            return response;
        }
    };
    let mut new_response = HttpResponse::with_body(status, html).map_into_boxed_body();
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new_response.headers_mut().append(name.clone(), value.clone());
        }
    }
    new_response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    new_response
}

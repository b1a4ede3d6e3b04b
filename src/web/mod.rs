//! HTTP plumbing shared by every page: context, errors, forms, sessions.

pub mod assets;
pub mod auth;
pub mod csrf;
pub mod csv;
pub mod cursor;
pub mod error;
pub mod event_text;
pub mod flash;
pub mod form;
pub mod kept;
pub mod locale;
pub mod middleware;
pub mod page;
pub mod problem;
pub mod query;
pub mod redis_store;
pub mod session_cache;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};

pub use error::{AppError, AppResult};
pub use page::Page;
pub use query::url_encode;

/// An HTML page with the given status.
pub fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status).content_type(ContentType::html()).body(body)
}

/// Renders an askama template as a 200 page.
pub fn render(template: &impl askama::Template) -> AppResult<HttpResponse> {
    render_with(StatusCode::OK, template)
}

pub fn render_with<T: askama::Template>(status: StatusCode, template: &T) -> AppResult<HttpResponse> {
    // Room for the text the template adds to its own: askama reserves its
    // own length only, and each page outgrew that two or three times, each
    // time copying what it had written.
    let mut body = String::with_capacity(2 * T::SIZE_HINT + 4096);
    template.render_into(&mut body)?;
    Ok(html(status, body))
}

/// 303 See Other: the answer to every successful POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

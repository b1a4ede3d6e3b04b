//! Serves the static files ([`crate::assets`]) with ETags and a one-year
//! cache lifetime: their URLs change whenever their content does.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::AppError;
use crate::state::AppState;

pub async fn serve(
    req: HttpRequest,
    name: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let asset = state.assets.get(name.as_str()).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", asset.etag);
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if matches {
        HttpResponse::NotModified().finish()
    } else {
        HttpResponse::Ok().content_type(asset.content_type).body(asset.bytes)
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, cache);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    Ok(response)
}

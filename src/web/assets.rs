//! Static files compiled into the binary, served with content-hash URLs,
//! ETags and a one-year cache lifetime.

use std::collections::HashMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

use super::AppError;
use crate::state::AppState;

static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

struct Asset {
    bytes: &'static [u8],
    etag: String,
    content_type: &'static str,
}

pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    pub fn load() -> Self {
        let files = STATIC
            .files()
            .map(|file| {
                let name = file.path().to_string_lossy().into_owned();
                let digest = Sha256::digest(file.contents());
                let etag = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                (name.clone(), Asset { bytes: file.contents(), etag, content_type: content_type(&name) })
            })
            .collect();
        Self { files }
    }

    /// `/static/<name>?v=<hash>`: the URL changes whenever the file does.
    pub fn url(&self, name: &str) -> String {
        match self.files.get(name) {
            Some(asset) => format!("/static/{name}?v={}", asset.etag),
            None => format!("/static/{name}"),
        }
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

pub async fn serve(
    req: HttpRequest,
    name: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let asset = state.assets.files.get(name.as_str()).ok_or(AppError::NotFound)?;
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

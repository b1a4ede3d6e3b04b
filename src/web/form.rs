//! `CsrfForm<T>`: the only way handlers read a POST body. It enforces the
//! content type, the size limit and the CSRF token before deserializing, so
//! no handler can forget any of them.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::{AppError, csrf};

/// Largest form body accepted.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let declared_len = req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            if declared_len.is_some_and(|len| len > MAX_FORM_BYTES) {
                return Err(AppError::PayloadTooLarge);
            }
            let timeout = req
                .app_data::<actix_web::web::Data<crate::state::AppState>>()
                .map_or(std::time::Duration::from_secs(10), |state| state.settings.body_timeout);
            let read = async {
                let mut body = Vec::with_capacity(declared_len.unwrap_or(1024));
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|_| AppError::BadRequest)?;
                    if body.len() + chunk.len() > MAX_FORM_BYTES {
                        return Err(AppError::PayloadTooLarge);
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(body)
            };
            // A body trickling in would otherwise hold a worker's connection
            // for as long as the client likes.
            let body = actix_web::rt::time::timeout(timeout, read).await.map_err(|_| AppError::RequestTimeout)??;
            let is_form =
                req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                    v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded")
                });
            if !is_form {
                return Err(AppError::BadRequest);
            }
            if form_urlencoded::parse(&body).any(|(k, v)| k.contains('\0') || v.contains('\0')) {
                return Err(AppError::UnstorableInput);
            }
            let submitted = form_urlencoded::parse(&body).find(|(k, _)| k == "csrf_token").map(|(_, v)| v);
            if !csrf::verify(&req.get_session(), submitted.as_deref()) {
                return Err(AppError::CsrfRejected);
            }
            serde_html_form::from_bytes(&body).map(CsrfForm).map_err(|err| {
                tracing::debug!(%err, "malformed form");
                AppError::BadRequest
            })
        })
    }
}

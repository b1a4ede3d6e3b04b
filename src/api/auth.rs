//! Who calls the API: the partner whose key the request presents
//! (`Authorization: Bearer <key>`), counted against the key's rate limit.
//! A handler that takes [`KeyWriter`] cannot run for a read-only key.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::domain::api_keys::{self, KeyHolder};
use crate::state::AppState;
use crate::web::problem::{Problem, ProblemCode};

/// Any live key of a partner.
pub struct KeyReader(pub KeyHolder);

/// A live key with the `read_write` scope.
pub struct KeyWriter(pub KeyHolder);

/// The secret of `Authorization: Bearer <secret>` (the scheme is case-insensitive).
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim().to_owned())
}

async fn holder(req: HttpRequest) -> Result<KeyHolder, Problem> {
    let state = req.app_data::<web::Data<AppState>>().cloned().ok_or(Problem::new(ProblemCode::InternalError))?;
    let secret = bearer(&req).ok_or(Problem::new(ProblemCode::Unauthorized))?;
    let now = crate::domain::now();
    let holder = state
        .db
        .run(move |conn| api_keys::authenticate(conn, &secret, now))
        .await?
        .ok_or(Problem::new(ProblemCode::InvalidKey))?;
    if let Err(wait) = state.throttle.api_request(holder.key_id, state.settings.api_requests_per_minute).await {
        let seconds = wait.as_secs_f64().ceil() as u64;
        return Err(Problem { retry_after: Some(seconds.max(1)), ..Problem::new(ProblemCode::RateLimited) });
    }
    Ok(holder)
}

impl FromRequest for KeyReader {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Problem>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { holder(req).await.map(KeyReader) })
    }
}

impl FromRequest for KeyWriter {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Problem>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let holder = holder(req).await?;
            if !holder.scope.may_write() {
                return Err(Problem::new(ProblemCode::InsufficientScope));
            }
            Ok(KeyWriter(holder))
        })
    }
}

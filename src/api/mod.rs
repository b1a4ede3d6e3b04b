//! The JSON API v1 for partners' tools (DESIGN.md §14): keys, endpoints,
//! problems, and the OpenAPI document generated from this code.
//!
//! Handlers here are the pages' twins: they call the same `domain` use
//! cases with the partner a key belongs to ([`auth`]), so the rules, the
//! audit trail and the notifications are the pages' own. Errors are
//! [`crate::web::problem::Problem`]s. A new endpoint is a handler with a
//! `#[utoipa::path]`, a line in [`routes`] and one in [`ApiDoc`]; a test
//! fails when the route table and the document disagree.

mod activity;
mod auth;
mod body;
mod customers;
mod delegated_admin;
mod paging;

use std::sync::OnceLock;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::routes::{RouteDef, get, post};
use crate::web::problem::ProblemBody;

pub use body::MAX_BODY_BYTES;

/// The OpenAPI document (public).
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// Every route of the API, with its full path.
pub fn routes() -> Vec<RouteDef> {
    vec![
        get(OPENAPI_PATH, web::route().to(openapi)),
        get("/api/v1/customers/relationshiprequests", web::route().to(customers::relationship_request)),
        get("/api/v1/customers", web::route().to(customers::list)),
        get("/api/v1/customers/{id}", web::route().to(customers::show)),
        get(delegated_admin::PATH, web::route().to(delegated_admin::list)),
        post(delegated_admin::PATH, web::post().to(delegated_admin::create)),
        get("/api/v1/delegatedAdminRelationships/{id}", web::route().to(delegated_admin::show)),
        post("/api/v1/delegatedAdminRelationships/{id}/terminate", web::post().to(delegated_admin::terminate)),
        get("/api/v1/activity", web::route().to(activity::list)),
    ]
}

/// The OpenAPI 3.1 document, generated from the handlers' attributes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "partnerlink API",
        version = "1",
        description = "For partners' own tools. Authenticate with `Authorization: Bearer <key>` \
            (keys: /partner/settings/api-keys). Errors are RFC 9457 problems with a stable `code` \
            and a `detail` in the language of `Accept-Language` (en, ru, zh-CN)."
    ),
    paths(
        openapi,
        customers::relationship_request,
        customers::list,
        customers::show,
        delegated_admin::list,
        delegated_admin::create,
        delegated_admin::show,
        delegated_admin::terminate,
        activity::list,
    ),
    components(schemas(ProblemBody)),
    modifiers(&BearerKeys)
)]
pub struct ApiDoc;

struct BearerKeys;

impl utoipa::Modify for BearerKeys {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// This document (public: no key needed).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi() -> HttpResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let document = DOCUMENT.get_or_init(|| ApiDoc::openapi().to_json().unwrap_or_default());
    HttpResponse::Ok().content_type("application/json").body(document.as_str())
}

/// A JSON answer.
fn json(status: StatusCode, value: &impl Serialize) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(body) => HttpResponse::build(status).content_type("application/json").body(body),
        Err(err) => {
            tracing::error!(%err, "cannot serialise an API answer");
            HttpResponse::InternalServerError().finish()
        }
    }
}

fn json_ok(value: &impl Serialize) -> HttpResponse {
    json(StatusCode::OK, value)
}

/// RFC 3339, UTC, whole seconds.
fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

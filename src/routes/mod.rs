//! Every route of the application, in one table: `configure` registers it
//! and tests walk it (a route missing from the authorization matrix fails).

mod activity;
mod admin;
mod delegated_admin;
pub mod fortunes;
mod health;
mod landing;
pub(crate) mod lifecycle;
mod partner;
pub(crate) mod settings;
mod sign_in;

use actix_web::http::Method;
use actix_web::{Route, guard, web};

use crate::i18n::ids::IdFamily;
use crate::web::{AppError, assets};

/// Message ids the pages' own enums can show (`check-locales` reads them).
pub fn message_ids() -> Vec<IdFamily> {
    vec![
        IdFamily::of::<activity::FilterProblem>(),
        IdFamily::of::<activity::ExportText>(),
        IdFamily::of::<admin::partner_invitation::InvitationProblem>(),
        IdFamily::of::<admin::partner_of_record::StatusBadge>(),
        IdFamily::of::<partner::customers::AccessBadge>(),
        IdFamily::of::<partner::customers::StatusText>(),
        IdFamily::of::<partner::request_relationship::EmailText>(),
        IdFamily::of::<partner::webhooks::FormProblem>(),
        IdFamily::of::<partner::webhooks::StatusText>(),
        IdFamily::of::<partner::webhooks::FailureText>(),
        IdFamily::of::<delegated_admin::Refused>(),
        IdFamily::of::<partner::delegated_admin::EmailText>(),
        IdFamily::of::<partner::delegated_admin_new::FormProblem>(),
        IdFamily::of::<partner::api_keys::FormProblem>(),
        IdFamily::of::<crate::web::event_text::EventText>(),
        IdFamily::of::<crate::web::problem::ProblemCode>(),
        IdFamily::of::<crate::web::problem::ApiTitle>(),
    ]
}

/// One method + path and its handler.
pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    route: Route,
}

/// A GET route; it answers HEAD too (load balancers and uptime checks use it;
/// the server sends the headers without the body).
pub(crate) fn get(path: &'static str, route: Route) -> RouteDef {
    RouteDef { method: Method::GET, path, route: route.guard(guard::Any(guard::Get()).or(guard::Head())) }
}

pub(crate) fn post(path: &'static str, route: Route) -> RouteDef {
    RouteDef { method: Method::POST, path, route }
}

pub(crate) use delegated_admin::page_path as delegated_admin_page_path;
pub(crate) use partner::request_relationship::invitation_link;

/// The route table, the API's included. Static paths come before `{id}`
/// paths that could match them.
pub fn table() -> Vec<RouteDef> {
    let mut table = pages();
    table.extend(crate::api::routes());
    table
}

fn pages() -> Vec<RouteDef> {
    vec![
        get("/", web::route().to(landing::show)),
        get("/healthz", web::route().to(health::healthz)),
        get("/readyz", web::route().to(health::readyz)),
        get("/bench/fortunes", web::route().to(fortunes::show)),
        get("/static/{name}", web::route().to(assets::serve)),
        get("/partner/sign-in", web::route().to(sign_in::partner_show)),
        post("/partner/sign-in", web::post().to(sign_in::partner_submit)),
        post("/partner/sign-out", web::post().to(sign_in::partner_sign_out)),
        get("/admin/sign-in", web::route().to(sign_in::admin_show)),
        post("/admin/sign-in", web::post().to(sign_in::admin_submit)),
        post("/admin/sign-out", web::post().to(sign_in::admin_sign_out)),
        get("/partner/customers", web::route().to(partner::customers::list)),
        get("/partner/customers/request-relationship", web::route().to(partner::request_relationship::show)),
        get("/partner/customers/request-relationship/rotate", web::route().to(partner::request_relationship::confirm)),
        post("/partner/customers/request-relationship/rotate", web::post().to(partner::request_relationship::rotate)),
        get("/partner/customers/{id}", web::route().to(partner::customers::detail)),
        get(
            "/partner/customers/{id}/release-delegated-admin",
            web::route().to(partner::release_delegated_admin::confirm),
        ),
        post(
            "/partner/customers/{id}/release-delegated-admin",
            web::post().to(partner::release_delegated_admin::release),
        ),
        get("/partner/customers/{id}/end-relationship", web::route().to(partner::end_relationship::confirm)),
        post("/partner/customers/{id}/end-relationship", web::post().to(partner::end_relationship::end)),
        post("/partner/customers/{id}/acknowledge-end", web::post().to(partner::end_relationship::acknowledge)),
        // Before `{action}`, which would otherwise take it for an unknown action.
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/request-partner-of-record",
            web::post().to(partner::customers::request_partner_of_record),
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            web::post().to(partner::customers::act),
        ),
        get("/partner/activity", web::route().to(partner::activity::show)),
        get("/partner/activity.csv", web::route().to(partner::activity::export)),
        get("/partner/settings/webhooks", web::route().to(partner::webhooks::list)),
        post("/partner/settings/webhooks", web::post().to(partner::webhooks::add)),
        get("/partner/settings/webhooks/{id}", web::route().to(partner::webhooks::log)),
        post("/partner/settings/webhooks/{id}/rotate", web::post().to(partner::webhooks::rotate)),
        post("/partner/settings/webhooks/{id}/delete", web::post().to(partner::webhooks::delete)),
        post(
            "/partner/settings/webhooks/{id}/messages/{message_id}/redeliver",
            web::post().to(partner::webhooks::redeliver),
        ),
        get(partner::api_keys::PATH, web::route().to(partner::api_keys::list)),
        post(partner::api_keys::PATH, web::post().to(partner::api_keys::create)),
        post("/partner/settings/api-keys/{id}/revoke", web::post().to(partner::api_keys::revoke)),
        get("/partner/delegated-admin-requests", web::route().to(partner::delegated_admin::list)),
        get("/partner/delegated-admin-requests/new", web::route().to(partner::delegated_admin_new::show)),
        post("/partner/delegated-admin-requests/new", web::post().to(partner::delegated_admin_new::create)),
        get("/partner/delegated-admin-requests/{id}", web::route().to(partner::delegated_admin::show)),
        post("/partner/delegated-admin-requests/{id}/terminate", web::post().to(partner::delegated_admin::terminate)),
        post("/partner/delegated-admin-requests/{id}/extend", web::post().to(partner::delegated_admin::extend)),
        get("/admin/delegated-admin-requests/{id}", web::route().to(admin::delegated_admin::show)),
        post("/admin/delegated-admin-requests/{id}", web::post().to(admin::delegated_admin::approve)),
        post("/admin/delegated-admin-requests/{id}/decline", web::post().to(admin::delegated_admin::decline)),
        post(
            "/admin/delegated-admin-requests/{id}/roles/{role_key}/remove",
            web::post().to(admin::delegated_admin::remove_role),
        ),
        post("/admin/delegated-admin-requests/{id}/terminate", web::post().to(admin::delegated_admin::terminate)),
        get("/admin/partner-invitation", web::route().to(admin::partner_invitation::show)),
        post("/admin/partner-invitation", web::post().to(admin::partner_invitation::accept)),
        post("/admin/partner-invitation/decline", web::post().to(admin::partner_invitation::decline)),
        get("/admin/partner-relationships", web::route().to(admin::partner_relationships::list)),
        get("/admin/partner-relationships/{partner_id}", web::route().to(admin::partner_relationships::detail)),
        post(
            "/admin/partner-relationships/{partner_id}/remove-delegated-admin",
            web::post().to(admin::partner_relationships::remove),
        ),
        get("/admin/partner-relationships/{partner_id}/end", web::route().to(admin::end_relationship::confirm)),
        post("/admin/partner-relationships/{partner_id}/end", web::post().to(admin::end_relationship::end)),
        get(settings::PARTNER_PATH, web::route().to(settings::partner_show)),
        post(settings::PARTNER_PATH, web::post().to(settings::partner_save)),
        get(settings::ADMIN_PATH, web::route().to(settings::admin_show)),
        post(settings::ADMIN_PATH, web::post().to(settings::admin_save)),
        get("/admin/activity", web::route().to(admin::activity::show)),
        get("/admin/activity.csv", web::route().to(admin::activity::export)),
        get("/admin/partner-of-record-requests", web::route().to(admin::partner_of_record::requests)),
        post("/admin/partner-of-record-requests", web::post().to(admin::partner_of_record::decide)),
        get("/admin/subscriptions/{id}/partner-of-record", web::route().to(admin::partner_of_record::show)),
        post("/admin/subscriptions/{id}/partner-of-record", web::post().to(admin::partner_of_record::change)),
    ]
}

/// `(method, path)` of every route, for tests.
pub fn list() -> Vec<(Method, &'static str)> {
    table().into_iter().map(|r| (r.method, r.path)).collect()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let mut resources: Vec<(&'static str, actix_web::Resource)> = Vec::new();
    for def in table() {
        match resources.iter_mut().find(|(path, _)| *path == def.path) {
            Some((_, resource)) => {
                let taken = std::mem::replace(resource, web::resource(def.path));
                *resource = taken.route(def.route);
            }
            None => resources.push((def.path, web::resource(def.path).route(def.route))),
        }
    }
    for (_, resource) in resources {
        cfg.service(resource);
    }
}

pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

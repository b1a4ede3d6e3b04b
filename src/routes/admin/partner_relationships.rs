//! "Partner relationships": every partner of the customer, by partner or by
//! service, and every subscription with its Partner of Record; one
//! partner's detail; removing delegated administration.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::activity::{self, EventRow};
use crate::domain::delegated_admin::requests::{self as delegated_admin, Relationship};
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::partner_of_record::views::{self as por_views, TenantSubscription};
use crate::domain::relationships::{self, EndedBy, PartnerRelationship, ServiceHolder};
use crate::domain::services::Service;
use crate::web::auth::{CustomerAdmin, CustomerRequirement, CustomerUser, GlobalAdminOnly};
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

#[derive(Deserialize)]
pub struct ListQuery {
    view: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/relationships.html")]
struct ListPage {
    ctx: Page,
    by_service: bool,
    partners: Vec<PartnerRelationship>,
    holders: Vec<ServiceHolder>,
    subscriptions: Vec<TenantSubscription>,
    /// Partners' requests to become Partner of Record awaiting an answer.
    pending_requests: i64,
    can_change: bool,
}

pub async fn list(ctx: Page, customer: CustomerUser, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let tenant_id = customer.tenant_id;
    let by_service = query.view.as_deref() == Some("by-service");
    let (partners, holders, subscriptions, pending_requests) = ctx
        .state
        .db
        .read_now(move |conn| {
            Ok::<_, AppError>((
                relationships::partners_of(conn, tenant_id)?,
                relationships::holders(conn, tenant_id)?,
                por_views::subscriptions_of(conn, tenant_id)?,
                por_views::pending_count(conn, tenant_id)?,
            ))
        })
        .await?;
    let can_change = GlobalAdminOnly::allows(customer.role);
    render(&ListPage { ctx, by_service, partners, holders, subscriptions, pending_requests, can_change })
}

#[derive(Template)]
#[template(path = "admin/partner.html")]
struct DetailPage {
    ctx: Page,
    partner: PartnerRelationship,
    history: Vec<EventRow>,
    /// This partner's delegated-admin relationships with us, newest first.
    delegated_admin: Vec<Relationship>,
    can_remove: bool,
}

async fn load(ctx: &Page, tenant_id: TenantId, partner_id: PartnerId) -> AppResult<PartnerRelationship> {
    ctx.state
        .db
        .run(move |conn| relationships::partner_of(conn, tenant_id, partner_id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn detail(ctx: Page, customer: CustomerUser, path: web::Path<PartnerId>) -> AppResult<HttpResponse> {
    let partner_id = path.into_inner();
    let tenant_id = customer.tenant_id;
    let partner = load(&ctx, tenant_id, partner_id).await?;
    let (history, delegated_admin) = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                activity::between(conn, tenant_id, partner_id, 100)?,
                delegated_admin::between(conn, partner_id, tenant_id)?,
            ))
        })
        .await?;
    let can_remove = GlobalAdminOnly::allows(customer.role);
    render(&DetailPage { ctx, partner, history, delegated_admin, can_remove })
}

#[derive(Deserialize)]
pub struct RemoveForm {
    service: Option<String>,
    confirm: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/remove_confirm.html")]
struct ConfirmPage {
    ctx: Page,
    partner: PartnerRelationship,
    /// The service code, or `all`.
    service_code: String,
    service: Option<Service>,
}

pub async fn remove(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<PartnerId>,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> AppResult<HttpResponse> {
    let partner_id = path.into_inner();
    let tenant_id = admin.tenant_id;
    let partner = load(&ctx, tenant_id, partner_id).await?;
    let code = form.service.unwrap_or_default();
    let service = match code.as_str() {
        "all" => None,
        code => Some(Service::parse(code).ok_or(AppError::BadRequestBecause(BadInput::RelationshipsUnknownService))?),
    };
    if form.confirm.as_deref() != Some("yes") {
        return render(&ConfirmPage { ctx, partner, service_code: code, service });
    }
    let user_id = admin.user_id;
    let actor = admin.display_name.clone();
    let removed = ctx
        .state
        .db
        .run(move |conn| {
            relationships::end_delegated_admin(conn, tenant_id, partner_id, service, EndedBy::Customer(user_id), &actor)
                .map_err(AppError::from)
        })
        .await?;
    let notice = if removed.is_empty() { Notice::RemovedNothing } else { Notice::Removed };
    Flash::success(notice).with("partner", &partner.partner_name).store(&session);
    Ok(see_other(&format!("/admin/partner-relationships/{partner_id}")))
}

//! `/partner/customers/{id}/release-delegated-admin`: the partner's admin
//! agent gives delegated administration of a customer back, for one service
//! or all (`service` = a code or `all`), after a confirmation page. The
//! reseller relationship, billing and Partner of Record stay as they are.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::customers::load_detail;
use crate::domain::customers::{CustomerDetail, ServiceAccess};
use crate::domain::ids::TenantId;
use crate::domain::relationships::{self, EndedBy};
use crate::domain::services::Service;
use crate::web::auth::PartnerAdmin;
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

/// One service, or every service (`None`).
fn scope(code: &str) -> AppResult<Option<Service>> {
    match code {
        "all" => Ok(None),
        code => Service::parse(code).map(Some).ok_or(AppError::BadRequestBecause(BadInput::ReleaseUnknownService)),
    }
}

#[derive(Template)]
#[template(path = "partner/release_confirm.html")]
struct ConfirmPage {
    ctx: Page,
    customer: CustomerDetail,
    /// The service code, or `all`.
    service_code: String,
    service: Option<Service>,
    /// What giving back would end: the services of the scope we hold.
    held: Vec<Service>,
}

async fn confirmation(ctx: Page, admin: &PartnerAdmin, tenant_id: TenantId, code: String) -> AppResult<HttpResponse> {
    let service = scope(&code)?;
    let customer = load_detail(&ctx, admin.partner_id, tenant_id).await?;
    // Ending: everything was already ended, and the partner only looks.
    if !customer.lifecycle.is_active() {
        return Err(AppError::NotFound);
    }
    let held = customer
        .services
        .iter()
        .filter(|(s, access)| matches!(access, ServiceAccess::Ours { .. }) && service.is_none_or(|one| one == *s))
        .map(|(s, _)| *s)
        .collect();
    render(&ConfirmPage { ctx, customer, service_code: code, service, held })
}

#[derive(Deserialize)]
pub struct ReleaseQuery {
    service: Option<String>,
}

pub async fn confirm(
    ctx: Page,
    admin: PartnerAdmin,
    path: web::Path<TenantId>,
    query: web::Query<ReleaseQuery>,
) -> AppResult<HttpResponse> {
    let code = query.into_inner().service.unwrap_or_else(|| "all".to_owned());
    confirmation(ctx, &admin, path.into_inner(), code).await
}

#[derive(Deserialize)]
pub struct ReleaseForm {
    service: Option<String>,
    confirm: Option<String>,
}

pub async fn release(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<TenantId>,
    CsrfForm(form): CsrfForm<ReleaseForm>,
) -> AppResult<HttpResponse> {
    let tenant_id = path.into_inner();
    let code = form.service.unwrap_or_default();
    if form.confirm.as_deref() != Some("yes") {
        return confirmation(ctx, &admin, tenant_id, code).await;
    }
    let service = scope(&code)?;
    // Another partner's customer, or none: 404, whatever the form says.
    let customer = load_detail(&ctx, admin.partner_id, tenant_id).await?;
    if !customer.lifecycle.is_active() {
        return Err(AppError::NotFound);
    }
    let partner_id = admin.partner_id;
    let actor = admin.display_name.clone();
    let released = ctx
        .state
        .db
        .run(move |conn| {
            relationships::end_delegated_admin(conn, tenant_id, partner_id, service, EndedBy::Partner, &actor)
                .map_err(AppError::from)
        })
        .await?;
    let notice = if released.is_empty() { Notice::ReleasedNothing } else { Notice::Released };
    Flash::success(notice).with("customer", &customer.name).store(&session);
    Ok(see_other(&format!("/partner/customers/{tenant_id}")))
}

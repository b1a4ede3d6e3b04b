//! The partner's admin agent ends the relationship with a customer
//! (`/partner/customers/{id}/end-relationship`, after a confirmation page),
//! or acknowledges an ending so that it ends now
//! (`/partner/customers/{id}/acknowledge-end`). DESIGN.md §11.

use actix_session::Session;
use actix_web::{HttpResponse, web};

use super::customers::{EmptyForm, load_detail};
use crate::domain::customers::ServiceAccess;
use crate::domain::ids::TenantId;
use crate::domain::lifecycle::{self, EndRequest, Lifecycle};
use crate::domain::relationships::EndedBy;
use crate::routes::lifecycle::{ConfirmPage, EndForm, Side};
use crate::web::auth::PartnerAdmin;
use crate::web::error::Refusal;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

async fn confirmation(ctx: Page, admin: &PartnerAdmin, tenant_id: TenantId, reason: String) -> AppResult<HttpResponse> {
    // Another partner's customer, or an ended relationship: 404.
    let customer = load_detail(&ctx, admin.partner_id, tenant_id).await?;
    if let Lifecycle::Ending { .. } = customer.lifecycle {
        return Err(AppError::Refused(Refusal::RelationshipAlreadyEnding));
    }
    let services = customer
        .services
        .iter()
        .filter(|(_, access)| matches!(access, ServiceAccess::Ours { .. }))
        .map(|(s, _)| *s)
        .collect();
    let held = customer.subscriptions.iter().filter(|s| s.ours()).count() as i64;
    let back = format!("/partner/customers/{tenant_id}");
    render(&ConfirmPage {
        ctx,
        side: Side::Partner,
        counterpart: customer.name,
        services,
        held,
        due: crate::domain::now() + chrono::TimeDelta::days(lifecycle::NOTICE_DAYS),
        action: format!("{back}/end-relationship"),
        back,
        reason,
    })
}

pub async fn confirm(ctx: Page, admin: PartnerAdmin, path: web::Path<TenantId>) -> AppResult<HttpResponse> {
    confirmation(ctx, &admin, path.into_inner(), String::new()).await
}

pub async fn end(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<TenantId>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> AppResult<HttpResponse> {
    let tenant_id = path.into_inner();
    let reason = form.reason()?;
    if !form.confirmed() {
        return confirmation(ctx, &admin, tenant_id, form.end_reason.unwrap_or_default()).await;
    }
    // Another partner's customer, or an ended relationship: 404, whatever the form says.
    let customer = load_detail(&ctx, admin.partner_id, tenant_id).await?;
    let partner_id = admin.partner_id;
    let actor = admin.display_name.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let request = EndRequest { tenant_id, partner_id, by: EndedBy::Partner, reason, actor_name: &actor };
            lifecycle::end(conn, &request).map_err(AppError::from)
        })
        .await?;
    match outcome.due {
        None => {
            Flash::success(Notice::RelationshipEnded).with("name", &customer.name).store(&session);
            Ok(see_other("/partner/customers"))
        }
        Some(due) => {
            Flash::success(Notice::RelationshipEnding)
                .with("name", &customer.name)
                .with("date", ctx.date(&due))
                .store(&session);
            Ok(see_other(&format!("/partner/customers/{tenant_id}")))
        }
    }
}

pub async fn acknowledge(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<TenantId>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<HttpResponse> {
    let tenant_id = path.into_inner();
    let customer = load_detail(&ctx, admin.partner_id, tenant_id).await?;
    let partner_id = admin.partner_id;
    let actor = admin.display_name.clone();
    ctx.state
        .db
        .run(move |conn| lifecycle::acknowledge(conn, tenant_id, partner_id, &actor).map_err(AppError::from))
        .await?;
    Flash::success(Notice::RelationshipEndAcknowledged).with("name", &customer.name).store(&session);
    Ok(see_other("/partner/customers"))
}

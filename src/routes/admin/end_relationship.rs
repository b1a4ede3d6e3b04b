//! `/admin/partner-relationships/{partner_id}/end`: the customer's global
//! admin ends the relationship with a partner, after a confirmation page
//! that says what happens (DESIGN.md §11). Every delegated administration of
//! the partner ends now; the relationship ends now, or after the notice
//! period while the partner is still Partner of Record of subscriptions.

use actix_session::Session;
use actix_web::{HttpResponse, web};

use crate::domain::ids::PartnerId;
use crate::domain::lifecycle::{self, EndRequest, Lifecycle};
use crate::domain::relationships::{self, EndedBy};
use crate::routes::lifecycle::{ConfirmPage, EndForm, Side};
use crate::web::auth::CustomerAdmin;
use crate::web::error::Refusal;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

async fn confirmation(
    ctx: Page,
    admin: &CustomerAdmin,
    partner_id: PartnerId,
    reason: String,
) -> AppResult<HttpResponse> {
    let tenant_id = admin.tenant_id;
    let (partner, held) = ctx
        .state
        .db
        .run(move |conn| {
            let partner = relationships::partner_of(conn, tenant_id, partner_id)?;
            let held = lifecycle::partner_of_record_count(conn, tenant_id, partner_id)?;
            Ok::<_, AppError>((partner, held))
        })
        .await?;
    let partner = partner.ok_or(AppError::NotFound)?;
    match partner.lifecycle {
        Lifecycle::Ended { .. } => return Err(AppError::Refused(Refusal::RelationshipAlreadyEnded)),
        Lifecycle::Ending { .. } => return Err(AppError::Refused(Refusal::RelationshipAlreadyEnding)),
        Lifecycle::Active => {}
    }
    let back = format!("/admin/partner-relationships/{partner_id}");
    render(&ConfirmPage {
        ctx,
        side: Side::Customer,
        counterpart: partner.partner_name,
        services: partner.services.into_iter().map(|(s, _)| s).collect(),
        held,
        due: crate::domain::now() + chrono::TimeDelta::days(lifecycle::NOTICE_DAYS),
        action: format!("{back}/end"),
        back,
        reason,
    })
}

pub async fn confirm(ctx: Page, admin: CustomerAdmin, path: web::Path<PartnerId>) -> AppResult<HttpResponse> {
    confirmation(ctx, &admin, path.into_inner(), String::new()).await
}

pub async fn end(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<PartnerId>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> AppResult<HttpResponse> {
    let partner_id = path.into_inner();
    let reason = form.reason()?;
    if !form.confirmed() {
        return confirmation(ctx, &admin, partner_id, form.end_reason.unwrap_or_default()).await;
    }
    let request_name = admin.display_name.clone();
    let tenant_id = admin.tenant_id;
    let user_id = admin.user_id;
    let (outcome, partner) = ctx
        .state
        .db
        .run(move |conn| {
            let request =
                EndRequest { tenant_id, partner_id, by: EndedBy::Customer(user_id), reason, actor_name: &request_name };
            let outcome = lifecycle::end(conn, &request)?;
            let partner = relationships::partner_of(conn, tenant_id, partner_id)?;
            Ok::<_, AppError>((outcome, partner))
        })
        .await?;
    let name = partner.map(|p| p.partner_name).unwrap_or_default();
    let flash = match outcome.due {
        None => Flash::success(Notice::RelationshipEnded).with("name", &name),
        Some(due) => Flash::success(Notice::RelationshipEnding).with("name", &name).with("date", ctx.date(&due)),
    };
    flash.store(&session);
    Ok(see_other(&format!("/admin/partner-relationships/{partner_id}")))
}

//! Partner of Record, the customer's side: partners' requests to become
//! Partner of Record (approve or decline), and choosing the Partner of
//! Record of a subscription directly. Customer users read both pages; only a
//! global admin decides.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::ids::{PartnerId, SubscriptionId};
use crate::domain::partner_of_record::views::{self, Requests, SubscriptionChoice};
use crate::domain::partner_of_record::{self, Consent, Move, Outcome, RequestStatus};
use crate::i18n::ids::message_enum;
use crate::web::auth::{CustomerAdmin, CustomerRequirement, CustomerUser, GlobalAdminOnly};
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

pub const REQUESTS_PATH: &str = "/admin/partner-of-record-requests";

/// A form's integer field, or the localized 400 page.
fn id_field(raw: Option<&str>) -> AppResult<i64> {
    raw.and_then(|v| v.trim().parse().ok()).ok_or(AppError::BadRequestBecause(BadInput::PorInvalidForm))
}

#[derive(Template)]
#[template(path = "admin/por_requests.html")]
struct RequestsPage {
    ctx: Page,
    requests: Requests,
    can_decide: bool,
}

message_enum! {
    /// The badge of a request's status.
    pub enum StatusBadge {
        Approved => "por-status-approved",
        Declined => "por-status-declined",
        Pending => "por-status-pending",
    }
}

impl RequestsPage {
    fn outcome(&self, status: &RequestStatus) -> (&'static str, &'static str) {
        let (class, badge) = match status {
            RequestStatus::Approved => ("badge--ours", StatusBadge::Approved),
            RequestStatus::Declined => ("badge--removed", StatusBadge::Declined),
            RequestStatus::Pending => ("badge--none", StatusBadge::Pending),
        };
        (class, badge.message_id())
    }
}

/// `GET /admin/partner-of-record-requests`
pub async fn requests(ctx: Page, customer: CustomerUser) -> AppResult<HttpResponse> {
    let tenant_id = customer.tenant_id;
    let requests =
        ctx.state.db.run(move |conn| views::requests_of(conn, tenant_id, None).map_err(AppError::from)).await?;
    let can_decide = GlobalAdminOnly::allows(customer.role);
    render(&RequestsPage { ctx, requests, can_decide })
}

#[derive(Deserialize)]
pub struct DecideForm {
    request_id: Option<String>,
    decision: Option<String>,
}

/// `POST /admin/partner-of-record-requests`: `decision` is `approve` (the
/// requester becomes Partner of Record; the subscription's other pending
/// requests are declined) or `decline`.
pub async fn decide(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> AppResult<HttpResponse> {
    let request_id = id_field(form.request_id.as_deref())?;
    let approve = match form.decision.as_deref() {
        Some("approve") => true,
        Some("decline") => false,
        _ => return Err(AppError::BadRequestBecause(BadInput::PorInvalidForm)),
    };
    let how = Move::Approve { request_id };
    let (tenant_id, user_id, actor) = (admin.tenant_id, admin.user_id, admin.display_name.clone());
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let consent = Consent { tenant_id, user_id, actor_name: &actor };
            match approve {
                true => partner_of_record::move_partner_of_record(conn, &consent, how),
                false => partner_of_record::decline(conn, &consent, request_id),
            }
            .map_err(AppError::from)
        })
        .await?;
    let notice = if approve { Notice::PorApproved } else { Notice::PorDeclined };
    flash(notice, &outcome).store(&session);
    Ok(see_other(REQUESTS_PATH))
}

fn flash(notice: Notice, outcome: &Outcome) -> Flash {
    Flash::success(notice).with("partner", &outcome.partner_name).with("offer", &outcome.offer)
}

#[derive(Template)]
#[template(path = "admin/subscription_por.html")]
struct SubscriptionPage {
    ctx: Page,
    choice: SubscriptionChoice,
    can_change: bool,
}

impl SubscriptionPage {
    fn is_current(&self, partner_id: &PartnerId) -> bool {
        self.choice.subscription.partner_of_record.as_ref().is_some_and(|por| por.id == *partner_id)
    }
}

/// `GET /admin/subscriptions/{id}/partner-of-record`
pub async fn show(ctx: Page, customer: CustomerUser, path: web::Path<SubscriptionId>) -> AppResult<HttpResponse> {
    let (tenant_id, subscription_id) = (customer.tenant_id, path.into_inner());
    let choice = ctx
        .state
        .db
        .run(move |conn| views::subscription_of(conn, tenant_id, subscription_id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    let can_change = GlobalAdminOnly::allows(customer.role);
    render(&SubscriptionPage { ctx, choice, can_change })
}

#[derive(Deserialize)]
pub struct ChangeForm {
    partner_id: Option<String>,
}

/// `POST /admin/subscriptions/{id}/partner-of-record`: the chosen partner
/// must have a reseller relationship with the customer.
pub async fn change(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<SubscriptionId>,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> AppResult<HttpResponse> {
    let subscription_id = path.into_inner();
    let tenant_id = admin.tenant_id;
    let partner_id = match id_field(form.partner_id.as_deref()) {
        Ok(id) => id,
        // Another tenant's subscription is not found, whatever the form says.
        Err(bad_form) => {
            let found = ctx.state.db.run(move |conn| views::subscription_of(conn, tenant_id, subscription_id)).await?;
            return Err(if found.is_some() { bad_form } else { AppError::NotFound });
        }
    };
    let how = Move::Choose { subscription_id, partner_id: PartnerId(partner_id) };
    let (user_id, actor) = (admin.user_id, admin.display_name.clone());
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let consent = Consent { tenant_id, user_id, actor_name: &actor };
            partner_of_record::move_partner_of_record(conn, &consent, how).map_err(AppError::from)
        })
        .await?;
    let notice = if outcome.changed { Notice::PorChanged } else { Notice::PorUnchanged };
    flash(notice, &outcome).store(&session);
    Ok(see_other("/admin/partner-relationships#subscriptions"))
}

//! `/partner/customers`: the list with search and pages, one customer's
//! detail, and the subscription actions reserved to the Partner of Record.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page_number;
use crate::domain::customers::{self, ActionError, CustomerDetail, CustomerPage, ServiceAccess, SubscriptionAction};
use crate::domain::services::Service;
use crate::web::auth::{PartnerRequester, PartnerUser};
use crate::web::form::CsrfForm;
use crate::web::page::Flash;
use crate::web::{AppError, AppResult, Page, render, see_other, url_encode};

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "partner/customers.html")]
struct ListPage {
    ctx: Page,
    search: String,
    customers: CustomerPage,
    services: [Service; 4],
}

impl ListPage {
    fn page_href(&self, page: i64) -> String {
        match self.search.is_empty() {
            true => format!("/partner/customers?page={page}"),
            false => format!("/partner/customers?q={}&page={page}", url_encode(&self.search)),
        }
    }
}

pub async fn list(ctx: Page, partner: PartnerUser, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let search: String = query.q.as_deref().unwrap_or_default().trim().chars().take(100).collect();
    let page = page_number(query.page.as_deref());
    let partner_id = partner.partner_id;
    let filter = (!search.is_empty()).then(|| search.clone());
    let customers = ctx
        .state
        .db
        .run(move |conn| customers::list(conn, partner_id, filter.as_deref(), page).map_err(AppError::from))
        .await?;
    render(&ListPage { ctx, search, customers, services: Service::ALL })
}

#[derive(Template)]
#[template(path = "partner/customer.html")]
struct DetailPage {
    ctx: Page,
    customer: CustomerDetail,
}

impl DetailPage {
    fn offers(&self, service: &Service, current: &str) -> Vec<&'static str> {
        customers::transition_offers(*service).iter().copied().filter(|o| *o != current).collect()
    }
}

async fn load_detail(ctx: &Page, partner_id: i64, tenant_id: i64) -> AppResult<CustomerDetail> {
    ctx.state
        .db
        .run(move |conn| customers::detail(conn, partner_id, tenant_id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn detail(ctx: Page, partner: PartnerUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let customer = load_detail(&ctx, partner.partner_id, path.into_inner()).await?;
    render(&DetailPage { ctx, customer })
}

#[derive(Deserialize)]
pub struct ActionForm {
    seats: Option<String>,
    offer: Option<String>,
    partner_id: Option<String>,
}

pub async fn act(
    ctx: Page,
    partner: PartnerRequester,
    session: Session,
    path: web::Path<(i64, i64, String)>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> AppResult<HttpResponse> {
    let (tenant_id, subscription_id, action_name) = path.into_inner();
    let number = |raw: Option<&str>| raw.and_then(|v| v.trim().parse::<i64>().ok());
    let action = match action_name.as_str() {
        "remove-seats" => number(form.seats.as_deref())
            .and_then(|n| i32::try_from(n).ok())
            .map(SubscriptionAction::RemoveSeats)
            .ok_or(AppError::BadRequestBecause("customer-action-invalid"))?,
        "order-add-on" => SubscriptionAction::OrderAddOn,
        "transition" => SubscriptionAction::Transition(
            form.offer.filter(|o| !o.is_empty()).ok_or(AppError::BadRequestBecause("customer-action-invalid"))?,
        ),
        "change-partner-of-record" => number(form.partner_id.as_deref())
            .map(SubscriptionAction::ChangePartnerOfRecord)
            .ok_or(AppError::BadRequestBecause("customer-action-invalid"))?,
        _ => return Err(AppError::NotFound),
    };
    let partner_id = partner.partner_id;
    let actor = partner.display_name.clone();
    ctx.state
        .db
        .run(move |conn| {
            customers::act_on_subscription(conn, partner_id, tenant_id, subscription_id, &action, &actor).map_err(
                |err| match err {
                    ActionError::NotFound => AppError::NotFound,
                    ActionError::NotPartnerOfRecord => AppError::NotPartnerOfRecord,
                    ActionError::Invalid => AppError::BadRequestBecause("customer-action-invalid"),
                    ActionError::Db(err) => err.into(),
                },
            )
        })
        .await?;
    Flash::success(&format!("flash-subscription-{action_name}")).store(&session);
    Ok(see_other(&format!("/partner/customers/{tenant_id}")))
}

/// Template helper: the badge and message of a service's access.
pub fn access_badge(access: &ServiceAccess) -> (&'static str, &'static str) {
    match access {
        ServiceAccess::Ours { .. } => ("badge--ours", "customer-access-ours"),
        ServiceAccess::Removed { .. } => ("badge--removed", "customer-access-removed"),
        ServiceAccess::Other => ("badge--other", "customer-access-other"),
        ServiceAccess::None => ("badge--none", "customer-access-none"),
    }
}

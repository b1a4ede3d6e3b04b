//! `/partner/activity` and `/partner/activity.csv`: the partner's audit
//! events, newest first, filtered by customer, action, service and dates.
//! A partner may have 100,000 customers, so the customer is chosen by id
//! (the link on the customer's page) or found by part of its name.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::activity::{self, ActivityFilter, EventPage, EventRow, EventSeek, FilterQuery, Scope};
use crate::domain::ids::PartnerId;
use crate::routes::activity::{Counterpart, FilterForm, FilterProblem, export as export_csv, parse};
use crate::web::auth::PartnerUser;
use crate::web::{AppError, AppResult, Page, render_with};

const PATH: &str = "/partner/activity";

#[derive(Template)]
#[template(path = "partner/activity.html")]
struct ActivityPage {
    ctx: Page,
    form: FilterForm,
    /// The customer chosen by id, by name.
    customer: Option<String>,
    /// Each event with its customer's name.
    events: Vec<(EventRow, Option<String>)>,
    /// Events counted; more follow when `more` (see [`EventPage`]).
    total: i64,
    more: bool,
    page: i64,
    pages: i64,
    previous: Option<EventSeek>,
    next: Option<EventSeek>,
    path: &'static str,
    export_path: &'static str,
}

pub async fn show(ctx: Page, partner: PartnerUser, query: web::Query<FilterQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let (filter, page) = match parse(&query) {
        Ok(parsed) => parsed,
        Err(problem) => return invalid(ctx, query, problem),
    };
    let customer = customer_of(&ctx, partner.partner_id, &filter).await?;
    let scope = Scope::Partner(partner.partner_id);
    // The whole log reads on the (partner_id, id) index wherever it is paged
    // to: short enough to read on this thread. A filter may scan.
    let unfiltered = filter == ActivityFilter::default();
    let read = move |conn: &mut DbConn| activity::page(conn, scope, &filter, page).map_err(AppError::from);
    let EventPage { total, more, page, pages, events, previous, next } =
        ctx.state.db.read_now_if(unfiltered, read).await?;
    let events = events
        .into_iter()
        .map(|e| {
            let name = e.tenant_name.clone();
            (e, name)
        })
        .collect();
    let form = FilterForm::new(&ctx, query, None);
    render_with(
        StatusCode::OK,
        &ActivityPage {
            ctx,
            form,
            customer,
            events,
            total,
            more,
            page,
            pages,
            previous,
            next,
            path: PATH,
            export_path: "/partner/activity.csv",
        },
    )
}

pub async fn export(ctx: Page, partner: PartnerUser, query: web::Query<FilterQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let filter = match parse(&query) {
        Ok((filter, _)) => filter,
        Err(problem) => return invalid(ctx, query, problem),
    };
    customer_of(&ctx, partner.partner_id, &filter).await?;
    Ok(export_csv(&ctx, Scope::Partner(partner.partner_id), filter, Counterpart::Customer))
}

/// The name of the customer the filter names; 404 when it is not this
/// partner's (or the filter names another partner).
async fn customer_of(ctx: &Page, partner_id: PartnerId, filter: &ActivityFilter) -> AppResult<Option<String>> {
    if filter.partner.is_some_and(|p| p != partner_id) {
        return Err(AppError::NotFound);
    }
    let Some(tenant_id) = filter.tenant else { return Ok(None) };
    let name = ctx
        .state
        .db
        .run(move |conn| activity::customer_name(conn, partner_id, tenant_id).map_err(AppError::from))
        .await?;
    name.ok_or(AppError::NotFound).map(Some)
}

/// The page with the form as typed and what is wrong with it (400).
fn invalid(ctx: Page, query: FilterQuery, problem: FilterProblem) -> AppResult<HttpResponse> {
    let form = FilterForm::new(&ctx, query, Some(problem));
    let page = ActivityPage {
        ctx,
        form,
        customer: None,
        events: Vec::new(),
        total: 0,
        more: false,
        page: 1,
        pages: 1,
        previous: None,
        next: None,
        path: PATH,
        export_path: "/partner/activity.csv",
    };
    render_with(StatusCode::BAD_REQUEST, &page)
}

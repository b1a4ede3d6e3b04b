//! `/admin/activity` and `/admin/activity.csv`: every audit event of the
//! customer's tenant, whichever partner (declines included), newest first,
//! filtered by partner, action, service and dates.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::activity::{self, ActivityFilter, EventPage, EventRow, EventSeek, FilterQuery, Scope};
use crate::domain::ids::{PartnerId, TenantId};
use crate::routes::activity::{Counterpart, FilterForm, FilterProblem, export as export_csv, parse};
use crate::web::auth::CustomerUser;
use crate::web::{AppError, AppResult, Page, render_with};

const PATH: &str = "/admin/activity";

#[derive(Template)]
#[template(path = "admin/activity.html")]
struct ActivityPage {
    ctx: Page,
    form: FilterForm,
    /// The tenant's partners by name, for the partner filter.
    partners: Vec<(PartnerId, String)>,
    /// Each event with its partner's name.
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

pub async fn show(ctx: Page, customer: CustomerUser, query: web::Query<FilterQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let tenant_id = customer.tenant_id;
    let parsed = parse(&query);
    let partners = partners_of(&ctx, tenant_id).await?;
    let (filter, page) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => return invalid(ctx, query, partners, problem),
    };
    let filter = within_tenant(filter, tenant_id, &partners)?;
    let scope = Scope::Tenant(tenant_id);
    // As on the partner's page: the whole log reads on the (tenant_id, id)
    // index, short enough to read on this thread; a filter may scan.
    let unfiltered = filter == ActivityFilter::default();
    let read = move |conn: &mut DbConn| activity::page(conn, scope, &filter, page).map_err(AppError::from);
    let EventPage { total, more, page, pages, events, previous, next } =
        ctx.state.db.read_now_if(unfiltered, read).await?;
    let names: HashMap<PartnerId, &str> = partners.iter().map(|(id, name)| (*id, name.as_str())).collect();
    let events = events
        .into_iter()
        .map(|e| {
            let name = e.partner_id.and_then(|id| names.get(&id)).map(|n| (*n).to_owned());
            (e, name)
        })
        .collect();
    let form = FilterForm::new(&ctx, query, None);
    render_with(
        StatusCode::OK,
        &ActivityPage {
            ctx,
            form,
            partners,
            events,
            total,
            more,
            page,
            pages,
            previous,
            next,
            path: PATH,
            export_path: "/admin/activity.csv",
        },
    )
}

pub async fn export(ctx: Page, customer: CustomerUser, query: web::Query<FilterQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let tenant_id = customer.tenant_id;
    let parsed = parse(&query);
    let partners = partners_of(&ctx, tenant_id).await?;
    let filter = match parsed {
        Ok((filter, _)) => within_tenant(filter, tenant_id, &partners)?,
        Err(problem) => return invalid(ctx, query, partners, problem),
    };
    let names = partners.into_iter().collect();
    Ok(export_csv(&ctx, Scope::Tenant(tenant_id), filter, Counterpart::Partner(names)))
}

async fn partners_of(ctx: &Page, tenant_id: TenantId) -> AppResult<Vec<(PartnerId, String)>> {
    ctx.state.db.run(move |conn| activity::partners_of_tenant(conn, tenant_id).map_err(AppError::from)).await
}

/// The filter, when it names only this tenant and its partners (404 otherwise).
fn within_tenant(
    mut filter: ActivityFilter,
    tenant_id: TenantId,
    partners: &[(PartnerId, String)],
) -> AppResult<ActivityFilter> {
    let foreign_partner = filter.partner.is_some_and(|p| !partners.iter().any(|(id, _)| *id == p));
    if foreign_partner || filter.tenant.is_some_and(|t| t != tenant_id) {
        return Err(AppError::NotFound);
    }
    // The customer's page has no customer search.
    filter.customer_search = None;
    Ok(filter)
}

/// The page with the form as typed and what is wrong with it (400).
fn invalid(
    ctx: Page,
    query: FilterQuery,
    partners: Vec<(PartnerId, String)>,
    problem: FilterProblem,
) -> AppResult<HttpResponse> {
    let form = FilterForm::new(&ctx, query, Some(problem));
    let page = ActivityPage {
        ctx,
        form,
        partners,
        events: Vec::new(),
        total: 0,
        more: false,
        page: 1,
        pages: 1,
        previous: None,
        next: None,
        path: PATH,
        export_path: "/admin/activity.csv",
    };
    render_with(StatusCode::BAD_REQUEST, &page)
}

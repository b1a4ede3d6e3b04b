//! `/partner/activity`: the partner's audit events, newest first.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page_number;
use crate::domain::activity::{self, EventRow, PAGE_SIZE};
use crate::web::auth::PartnerUser;
use crate::web::{AppError, AppResult, Page, render};

#[derive(Deserialize)]
pub struct ActivityQuery {
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "partner/activity.html")]
struct ActivityPage {
    ctx: Page,
    events: Vec<EventRow>,
    total: i64,
    page: i64,
    pages: i64,
}

pub async fn show(ctx: Page, partner: PartnerUser, query: web::Query<ActivityQuery>) -> AppResult<HttpResponse> {
    let page = page_number(query.page.as_deref());
    let partner_id = partner.partner_id;
    let activity::EventPage { total, events } =
        ctx.state.db.run(move |conn| activity::for_partner(conn, partner_id, page).map_err(AppError::from)).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    render(&ActivityPage { ctx, events, total, page, pages })
}

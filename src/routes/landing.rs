//! `/`: the two entrances.

use actix_web::HttpResponse;
use askama::Template;

use crate::web::{AppResult, Page, render};

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing {
    ctx: Page,
}

pub async fn show(ctx: Page) -> AppResult<HttpResponse> {
    render(&Landing { ctx })
}

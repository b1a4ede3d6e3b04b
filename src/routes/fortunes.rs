//! `/bench/fortunes`: TechEmpower's "fortunes" test inside this binary, the
//! baseline the benchmark compares real pages with. It reads 12 fixed rows
//! through the same pool and `web::block`, adds one, sorts, and renders an
//! askama template. No user data is involved.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;

use crate::db::DbError;
use crate::db::schema::fortunes;
use crate::db_run;
use crate::state::AppState;
use crate::web::{AppError, AppResult, render};

#[derive(Template)]
#[template(path = "fortunes.html")]
struct Fortunes {
    rows: Vec<(i32, String)>,
}

pub async fn show(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let mut rows: Vec<(i32, String)> = state
        .db
        .run(|conn| {
            let rows: Vec<(i32, String)> =
                db_run!(conn, { fortunes::table.select((fortunes::id, fortunes::message)).load(conn) })
                    .map_err(DbError::from)?;
            Ok::<_, AppError>(rows)
        })
        .await?;
    rows.push((0, "Additional fortune added at request time.".to_owned()));
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    render(&Fortunes { rows })
}

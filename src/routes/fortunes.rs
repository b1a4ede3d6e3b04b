//! `/bench/fortunes`: TechEmpower's "fortunes" test inside this binary, the
//! baseline the benchmark compares real pages with. It reads 12 fixed rows
//! through the same pool and `web::block`, adds one, sorts, and renders an
//! askama template. No user data is involved.
//!
//! It exists only when `PARTNERLINK_BENCH_BASELINE=true` (the benchmark sets
//! it): otherwise the route answers 404 and the database has no such table.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;

use crate::db::schema::fortunes;
use crate::db::{DbConn, DbError};
use crate::db_run;
use crate::state::AppState;
use crate::web::{AppError, AppResult, render};

#[derive(Template)]
#[template(path = "fortunes.html")]
struct Fortunes {
    rows: Vec<(i32, String)>,
}

/// The benchmark's twelve fixed rows, as TechEmpower defines them.
const FORTUNES: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
];

/// Creates and fills the baseline's table when it is missing.
pub fn create_table(conn: &mut DbConn) -> Result<(), DbError> {
    db_run!(conn, {
        diesel::sql_query(
            "CREATE TABLE IF NOT EXISTS fortunes (id INTEGER PRIMARY KEY NOT NULL, message TEXT NOT NULL)",
        )
        .execute(conn)?;
        let rows: Vec<_> =
            (1..).zip(FORTUNES).map(|(id, message)| (fortunes::id.eq(id), fortunes::message.eq(message))).collect();
        let present: i64 = fortunes::table.count().get_result(conn)?;
        if present == 0 {
            diesel::insert_into(fortunes::table).values(&rows).execute(conn)?;
        }
        Ok(())
    })
}

pub async fn show(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    if !state.settings.bench_baseline {
        return Err(AppError::NotFound);
    }
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

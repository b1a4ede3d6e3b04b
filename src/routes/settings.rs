//! `/partner/settings/notifications` and `/admin/settings/notifications`:
//! which kinds of mail the signed-in user receives (DESIGN.md §13). Every
//! kind is on until the user switches it off; only the partner's admin
//! agents and the customer's global admins receive mails, so only they have
//! the page.

use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use crate::domain::notifications::{self, Audience, Kind, Recipient};
use crate::web::auth::{CustomerAdmin, PartnerAdmin};
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, see_other};

pub use crate::notify::{ADMIN_SETTINGS_PATH as ADMIN_PATH, PARTNER_SETTINGS_PATH as PARTNER_PATH};

#[derive(Template)]
#[template(path = "settings/notifications.html")]
struct SettingsPage {
    ctx: Page,
    email: String,
    action: &'static str,
    /// Each kind of the user's audience, and whether it is on.
    kinds: Vec<(Kind, bool)>,
}

async fn show(
    ctx: Page,
    user: Recipient,
    audience: Audience,
    email: String,
    action: &'static str,
) -> AppResult<HttpResponse> {
    let off = ctx.state.db.run(move |conn| notifications::switched_off(conn, user).map_err(AppError::from)).await?;
    let kinds = Kind::for_audience(audience).map(|kind| (kind, !off.contains(&kind))).collect();
    render(&SettingsPage { ctx, email, action, kinds })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    kinds: Vec<String>,
}

/// The kinds ticked; a code that is not a kind of this audience is a
/// forged form.
fn wanted(form: &SettingsForm, audience: Audience) -> AppResult<Vec<Kind>> {
    form.kinds
        .iter()
        .map(|code| {
            Kind::parse(code)
                .filter(|kind| kind.audience() == audience)
                .ok_or(AppError::BadRequestBecause(BadInput::NotificationKindUnknown))
        })
        .collect()
}

async fn save(
    ctx: Page,
    session: Session,
    user: Recipient,
    audience: Audience,
    form: SettingsForm,
    path: &'static str,
) -> AppResult<HttpResponse> {
    let wanted = wanted(&form, audience)?;
    ctx.state
        .db
        .run(move |conn| notifications::save_preferences(conn, user, audience, &wanted).map_err(AppError::from))
        .await?;
    Flash::success(Notice::NotificationsSaved).store(&session);
    Ok(see_other(path))
}

pub async fn partner_show(ctx: Page, admin: PartnerAdmin) -> AppResult<HttpResponse> {
    show(ctx, Recipient::Partner(admin.user_id), Audience::Partner, admin.email.clone(), PARTNER_PATH).await
}

pub async fn partner_save(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> AppResult<HttpResponse> {
    save(ctx, session, Recipient::Partner(admin.user_id), Audience::Partner, form, PARTNER_PATH).await
}

pub async fn admin_show(ctx: Page, admin: CustomerAdmin) -> AppResult<HttpResponse> {
    show(ctx, Recipient::Customer(admin.user_id), Audience::Customer, admin.email.clone(), ADMIN_PATH).await
}

pub async fn admin_save(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> AppResult<HttpResponse> {
    save(ctx, session, Recipient::Customer(admin.user_id), Audience::Customer, form, ADMIN_PATH).await
}

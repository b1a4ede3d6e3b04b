//! `/partner/settings/webhooks`: the partner's admin agent registers HTTPS
//! endpoints, gets each one's signing secret once (when issued or rotated,
//! in the answer to that POST; never again), deletes them, and reads each
//! one's delivery log, where a message can be sent again.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::webhooks::{
    self, AddError, Delivery, DeliveryFailure, DeliveryStatus, MAX_ENDPOINTS, Redelivery, WebhookEndpoint,
};
use crate::i18n::ids::message_enum;
use crate::notify::webhook::{self as signing, UrlProblem};
use crate::web::auth::PartnerAdmin;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::query::QueryPairs;
use crate::web::{AppError, AppResult, Page, render, render_with, see_other};

pub const PATH: &str = "/partner/settings/webhooks";

message_enum! {
    /// Why the endpoint form was refused (422, the form shown again).
    pub enum FormProblem {
        Invalid => "webhooks-url-invalid",
        NotHttps => "webhooks-url-not-https",
        Unresolvable => "webhooks-url-unresolvable",
        PrivateAddress => "webhooks-url-private",
        /// Takes `$count`, the limit.
        TooMany => "webhooks-too-many",
        AlreadyRegistered => "webhooks-already-registered",
    }
}

impl From<UrlProblem> for FormProblem {
    fn from(problem: UrlProblem) -> Self {
        match problem {
            UrlProblem::Invalid => Self::Invalid,
            UrlProblem::NotHttps => Self::NotHttps,
            UrlProblem::Unresolvable => Self::Unresolvable,
            UrlProblem::PrivateAddress => Self::PrivateAddress,
        }
    }
}

message_enum! {
    /// A message's status in the delivery log.
    pub enum StatusText {
        Pending => "webhooks-status-pending",
        Sent => "webhooks-status-sent",
        Failed => "webhooks-status-failed",
    }
}

message_enum! {
    /// Why an attempt or a message failed, as the log shows it (from the
    /// stored `DeliveryFailure`), in the reader's language.
    pub enum FailureText {
        /// Takes `$code`.
        HttpStatus => "webhooks-failure-http-status",
        Timeout => "webhooks-failure-timeout",
        Connect => "webhooks-failure-connect",
        EndpointDeleted => "webhooks-failure-endpoint-deleted",
        UrlInvalid => "webhooks-failure-url-invalid",
        UrlNotHttps => "webhooks-failure-url-not-https",
        UrlUnresolvable => "webhooks-failure-url-unresolvable",
        UrlPrivate => "webhooks-failure-url-private",
        /// Takes `$detail`, the worker's own words.
        Other => "webhooks-failure-other",
    }
}

/// A failure in the reader's language: the message and its argument.
fn failure(stored: &str, status_code: Option<i32>) -> (FailureText, String) {
    let failure = DeliveryFailure::parse(stored);
    if let Some(code) = status_code {
        return (FailureText::HttpStatus, code.to_string());
    }
    match failure {
        DeliveryFailure::HttpStatus(code) => (FailureText::HttpStatus, code.to_string()),
        DeliveryFailure::Timeout => (FailureText::Timeout, String::new()),
        DeliveryFailure::Connect => (FailureText::Connect, String::new()),
        DeliveryFailure::UrlInvalid => (FailureText::UrlInvalid, String::new()),
        DeliveryFailure::UrlNotHttps => (FailureText::UrlNotHttps, String::new()),
        DeliveryFailure::UrlUnresolvable => (FailureText::UrlUnresolvable, String::new()),
        DeliveryFailure::UrlPrivate => (FailureText::UrlPrivate, String::new()),
        DeliveryFailure::EndpointDeleted => (FailureText::EndpointDeleted, String::new()),
        DeliveryFailure::Other(detail) => (FailureText::Other, detail),
    }
}

/// A secret just issued: shown once, in the answer to the POST that issued it.
struct IssuedSecret {
    url: String,
    secret: String,
    rotated: bool,
}

#[derive(Template)]
#[template(path = "partner/webhooks.html")]
struct WebhooksPage {
    ctx: Page,
    endpoints: Vec<WebhookEndpoint>,
    /// The URL as typed, when the form is shown again.
    url: String,
    problem: Option<FormProblem>,
    issued: Option<IssuedSecret>,
}

impl WebhooksPage {
    fn problem_text(&self) -> Option<String> {
        self.problem.map(|problem| match problem {
            FormProblem::TooMany => self.ctx.tn(problem.message_id(), MAX_ENDPOINTS),
            _ => self.ctx.t(problem.message_id()).into_owned(),
        })
    }
}

async fn page(
    ctx: Page,
    admin: &PartnerAdmin,
    url: String,
    problem: Option<FormProblem>,
    issued: Option<IssuedSecret>,
) -> AppResult<HttpResponse> {
    let partner_id = admin.partner_id;
    let endpoints = ctx.state.db.run(move |conn| webhooks::list(conn, partner_id).map_err(AppError::from)).await?;
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    render_with(status, &WebhooksPage { ctx, endpoints, url, problem, issued })
}

pub async fn list(ctx: Page, admin: PartnerAdmin) -> AppResult<HttpResponse> {
    page(ctx, &admin, String::new(), None, None).await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    url: String,
}

pub async fn add(ctx: Page, admin: PartnerAdmin, CsrfForm(form): CsrfForm<AddForm>) -> AppResult<HttpResponse> {
    let typed = form.url.trim().to_owned();
    let target = match signing::check(&typed, ctx.state.settings.delivery.webhooks_allow_private).await {
        Ok(target) => target,
        Err(problem) => return page(ctx, &admin, typed, Some(problem.into()), None).await,
    };
    let url = target.url.to_string();
    let secret = signing::new_secret();
    let (partner_id, actor, stored_url, stored_secret) =
        (admin.partner_id, admin.display_name.clone(), url.clone(), secret.clone());
    let added = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(webhooks::add(
                conn,
                partner_id,
                &stored_url,
                &stored_secret,
                &actor,
                crate::domain::now(),
            ))
        })
        .await?;
    match added {
        Ok(_) => page(ctx, &admin, String::new(), None, Some(IssuedSecret { url, secret, rotated: false })).await,
        Err(AddError::TooMany) => page(ctx, &admin, typed, Some(FormProblem::TooMany), None).await,
        Err(AddError::AlreadyRegistered) => page(ctx, &admin, typed, Some(FormProblem::AlreadyRegistered), None).await,
        Err(AddError::Db(err)) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "partner/webhook_confirm.html")]
struct ConfirmPage {
    ctx: Page,
    endpoint: WebhookEndpoint,
    /// Rotating the secret (else deleting the endpoint).
    rotate: bool,
    /// Where the confirmation posts.
    action: String,
}

impl ConfirmPage {
    fn new(ctx: Page, endpoint: WebhookEndpoint, rotate: bool) -> Self {
        let action = format!("{PATH}/{}/{}", endpoint.id, if rotate { "rotate" } else { "delete" });
        Self { ctx, endpoint, rotate, action }
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

async fn endpoint_of(ctx: &Page, admin: &PartnerAdmin, id: i64) -> AppResult<WebhookEndpoint> {
    let partner_id = admin.partner_id;
    ctx.state.db.run(move |conn| webhooks::find(conn, partner_id, id).map_err(AppError::from)).await
}

/// Without `confirm=yes`, the confirmation page; with it, a new secret,
/// shown once.
pub async fn rotate(
    ctx: Page,
    admin: PartnerAdmin,
    path: web::Path<i64>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let endpoint = endpoint_of(&ctx, &admin, id).await?;
    if form.confirm.as_deref() != Some("yes") {
        return render(&ConfirmPage::new(ctx, endpoint, true));
    }
    let secret = signing::new_secret();
    let (partner_id, stored, actor) = (admin.partner_id, secret.clone(), admin.display_name.clone());
    ctx.state
        .db
        .run(move |conn| {
            webhooks::rotate_secret(conn, partner_id, id, &stored, &actor, crate::domain::now()).map_err(AppError::from)
        })
        .await?;
    let issued = IssuedSecret { url: endpoint.url, secret, rotated: true };
    page(ctx, &admin, String::new(), None, Some(issued)).await
}

/// Without `confirm=yes`, the confirmation page; with it, the endpoint is
/// deleted and its waiting messages fail.
pub async fn delete(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<i64>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let endpoint = endpoint_of(&ctx, &admin, id).await?;
    if form.confirm.as_deref() != Some("yes") {
        return render(&ConfirmPage::new(ctx, endpoint, false));
    }
    let (partner_id, actor) = (admin.partner_id, admin.display_name.clone());
    ctx.state
        .db
        .run(move |conn| webhooks::delete(conn, partner_id, id, &actor, crate::domain::now()).map_err(AppError::from))
        .await?;
    Flash::success(Notice::WebhookDeleted).with("url", endpoint.url).store(&session);
    Ok(see_other(PATH))
}

/// One message of the log, ready for the page.
struct LogEntry {
    delivery: Delivery,
    status: StatusText,
    badge: &'static str,
    last_error: Option<(FailureText, String)>,
    /// Each attempt with its failure, if it failed.
    attempts: Vec<(webhooks::Attempt, Option<(FailureText, String)>)>,
}

#[derive(Template)]
#[template(path = "partner/webhook_log.html")]
struct LogPage {
    ctx: Page,
    endpoint: WebhookEndpoint,
    entries: Vec<LogEntry>,
    /// The link to the next (older) page.
    older: Option<String>,
    /// Not the first page: a link back to the newest.
    paged: bool,
}

impl LogPage {
    fn failure_text(&self, failure: &(FailureText, String)) -> String {
        let (text, arg) = failure;
        match text {
            FailureText::HttpStatus => self.ctx.t1(text.message_id(), "code", arg),
            FailureText::Other => self.ctx.t1(text.message_id(), "detail", arg),
            _ => self.ctx.t(text.message_id()).into_owned(),
        }
    }
}

fn log_entry(delivery: Delivery) -> LogEntry {
    let (status, badge) = match delivery.status {
        DeliveryStatus::Pending => (StatusText::Pending, "badge--other"),
        DeliveryStatus::Sent => (StatusText::Sent, "badge--ours"),
        DeliveryStatus::Failed => (StatusText::Failed, "badge--removed"),
    };
    // A sent message's last error belongs to an earlier attempt.
    let last_error = delivery
        .last_error
        .as_deref()
        .filter(|_| delivery.status != DeliveryStatus::Sent)
        .map(|error| failure(error, None));
    let attempts = delivery
        .log
        .iter()
        .map(|attempt| {
            let failed = attempt.error.as_deref().map(|error| failure(error, attempt.status_code));
            (attempt.clone(), failed)
        })
        .collect();
    LogEntry { delivery, status, badge, last_error, attempts }
}

/// The delivery log, newest first; `?before=` pages to older messages.
pub async fn log(ctx: Page, admin: PartnerAdmin, path: web::Path<i64>, query: QueryPairs) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let before = query.last("before").and_then(|b| b.trim().parse::<i64>().ok()).filter(|b| *b > 0);
    let endpoint = endpoint_of(&ctx, &admin, id).await?;
    let partner_id = admin.partner_id;
    let found = ctx
        .state
        .db
        .run(move |conn| webhooks::deliveries(conn, partner_id, id, before).map_err(AppError::from))
        .await?;
    let older = found.older.map(|cursor| format!("{PATH}/{id}?before={cursor}"));
    let entries = found.deliveries.into_iter().map(log_entry).collect();
    render(&LogPage { ctx, endpoint, entries, older, paged: before.is_some() })
}

/// Sends a message again, with the same `webhook-id`.
pub async fn redeliver(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<(i64, String)>,
    CsrfForm(_): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let (id, message_id) = path.into_inner();
    let partner_id = admin.partner_id;
    let mid = message_id.clone();
    let done = ctx
        .state
        .db
        .run(move |conn| webhooks::redeliver(conn, partner_id, id, &mid, crate::domain::now()).map_err(AppError::from))
        .await?;
    let notice = match done {
        Redelivery::Queued => Notice::WebhookRedelivered,
        Redelivery::InFlight => Notice::WebhookRedeliveryInFlight,
    };
    Flash::success(notice).with("id", message_id).store(&session);
    Ok(see_other(&format!("{PATH}/{id}")))
}

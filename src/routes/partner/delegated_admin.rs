//! The partner's delegated-admin requests (DESIGN.md §12), for its admin
//! agents: the list, one request's page (its link and a copyable email
//! while it waits; its roles and dates), ending it early (after a
//! confirmation) and asking for an extension. Another partner's request is
//! a 404.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::invitation_email::{self, Email, EmailLanguage};
use crate::domain::delegated_admin::decisions::{self, Actor};
use crate::domain::delegated_admin::requests::{self, Relationship};
use crate::domain::delegated_admin::{Role, Status};
use crate::i18n::Locale;
use crate::i18n::ids::message_enum;
use crate::routes::delegated_admin::{ConfirmForm, Refused, badge, page_path, status_now};
use crate::web::auth::PartnerAdmin;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::query::QueryPairs;
use crate::web::{AppError, AppResult, Page, render, render_with, see_other};

#[derive(Template)]
#[template(path = "gdap/list.html")]
struct ListPage {
    ctx: Page,
    requests: Vec<Relationship>,
}

impl ListPage {
    fn status(&self, relationship: &Relationship) -> Status {
        status_now(relationship)
    }

    fn badge(&self, relationship: &Relationship) -> &'static str {
        badge(status_now(relationship))
    }
}

pub async fn list(ctx: Page, admin: PartnerAdmin) -> AppResult<HttpResponse> {
    let partner_id = admin.partner_id;
    let requests = ctx.state.db.run(move |conn| requests::for_partner(conn, partner_id)).await?;
    render(&ListPage { ctx, requests })
}

/// The partner's own request, or 404.
async fn load(ctx: &Page, admin: &PartnerAdmin, id: String) -> AppResult<Relationship> {
    let partner_id = admin.partner_id;
    ctx.state
        .db
        .run(move |conn| requests::find(conn, &id))
        .await?
        .filter(|r| r.partner_id == partner_id)
        .ok_or(AppError::NotFound)
}

message_enum! {
    /// The email asking the customer to approve, in the email's language.
    pub enum EmailText {
        Subject => "gdap-email-subject",
        Paragraph1 => "gdap-email-paragraph-1",
        /// Takes `$roles` (one per line) and `$days`.
        Paragraph2 => "gdap-email-paragraph-2",
        /// Takes `$link`.
        LinkParagraph => "gdap-email-link-paragraph",
        Closing => "gdap-email-closing",
        /// One line of `$roles`: takes `$role` and `$service`.
        RoleLine => "gdap-email-role-line",
    }
}

fn compose_email(ctx: &Page, locale: Locale, relationship: &Relationship, link: &str) -> Email {
    let days = relationship.duration_days.to_string();
    let text = |part: EmailText, roles: &str| {
        let args = [("partner", relationship.partner_name.as_str()), ("link", link), ("roles", roles), ("days", &days)];
        ctx.t_in(locale, part.message_id(), &args)
    };
    let roles = relationship
        .roles
        .iter()
        .map(|state| {
            let role = ctx.t_in(locale, state.role.name_id, &[]);
            let service = ctx.t_in(locale, state.role.service.message_id(), &[]);
            ctx.t_in(locale, EmailText::RoleLine.message_id(), &[("role", &role), ("service", &service)])
        })
        .collect::<Vec<_>>()
        .join("\n");
    Email::new(
        text(EmailText::Subject, ""),
        text(EmailText::Paragraph1, ""),
        text(EmailText::Paragraph2, &roles),
        text(EmailText::LinkParagraph, ""),
        text(EmailText::Closing, ""),
    )
}

/// While the request waits: its link and the email.
struct Invitation {
    link: String,
    email: Email,
    email_lang: Locale,
    languages: Vec<EmailLanguage>,
    unknown_email_lang: bool,
}

#[derive(Template)]
#[template(path = "gdap/request.html")]
struct RequestPage {
    ctx: Page,
    relationship: Relationship,
    status: Status,
    invitation: Option<Invitation>,
    refused: Option<Refused>,
}

impl RequestPage {
    fn badge(&self) -> &'static str {
        badge(self.status)
    }

    fn refused_text(&self) -> Option<String> {
        self.refused.map(|r| r.text(&self.ctx, &self.relationship))
    }

    fn can_extend(&self) -> bool {
        self.relationship.approved_at.is_some()
            && (self.status.in_force() || self.status == Status::Expired)
            && self.relationship.roles.iter().any(|r| r.held())
    }

    fn can_terminate(&self) -> bool {
        self.status.in_force() || self.status == Status::ApprovalPending
    }

    fn self_path(&self) -> String {
        page_path("/partner", &self.relationship.id)
    }
}

async fn request_page(
    ctx: Page,
    relationship: Relationship,
    query: &QueryPairs,
    refused: Option<Refused>,
) -> AppResult<HttpResponse> {
    let status = status_now(&relationship);
    let invitation = (status == Status::ApprovalPending).then(|| {
        let (email_lang, unknown_email_lang) = invitation_email::chosen_language(query, &ctx);
        let link = page_path(&format!("{}/admin", ctx.state.settings.base_url), &relationship.id);
        let email = compose_email(&ctx, email_lang, &relationship, &link);
        let languages = invitation_email::languages(&ctx, email_lang);
        Invitation { link, email, email_lang, languages, unknown_email_lang }
    });
    let code = refused.map_or(actix_web::http::StatusCode::OK, Refused::status);
    render_with(code, &RequestPage { ctx, relationship, status, invitation, refused })
}

pub async fn show(
    ctx: Page,
    admin: PartnerAdmin,
    path: web::Path<String>,
    query: QueryPairs,
) -> AppResult<HttpResponse> {
    let relationship = load(&ctx, &admin, path.into_inner()).await?;
    request_page(ctx, relationship, &query, None).await
}

#[derive(Template)]
#[template(path = "gdap/terminate.html")]
pub struct TerminatePage {
    pub ctx: Page,
    pub relationship: Relationship,
    /// The other side's name.
    pub counterpart: String,
    pub by_customer: bool,
    pub action: String,
    pub back: String,
}

impl TerminatePage {
    fn pending(&self) -> bool {
        self.relationship.status == Status::ApprovalPending
    }

    fn held(&self) -> Vec<Role> {
        self.relationship.roles_in_force().map(|r| r.role).collect()
    }
}

pub async fn terminate(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let relationship = load(&ctx, &admin, path.into_inner()).await?;
    let back = page_path("/partner", &relationship.id);
    if !form.confirmed() {
        let counterpart = relationship.tenant_name.clone().unwrap_or_default();
        let action = format!("{back}/terminate");
        return render(&TerminatePage { ctx, relationship, counterpart, by_customer: false, action, back });
    }
    let (id, partner_id, actor) = (relationship.id.clone(), admin.partner_id, admin.display_name.clone());
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, crate::db::DbError>(decisions::terminate(conn, &id, Actor::Partner(partner_id), &actor))
        })
        .await?;
    match outcome {
        Ok(()) => {
            Flash::success(Notice::GdapTerminated).with("name", &relationship.display_name).store(&session);
            Ok(see_other(&back))
        }
        Err(err) => {
            let refused = Refused::of(err)?;
            let relationship = load(&ctx, &admin, relationship.id).await?;
            request_page(ctx, relationship, &QueryPairs::default(), Some(refused)).await
        }
    }
}

/// The extension button carries only the CSRF token.
#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn extend(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    path: web::Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<HttpResponse> {
    let relationship = load(&ctx, &admin, path.into_inner()).await?;
    let (id, partner_id, actor) = (relationship.id.clone(), admin.partner_id, admin.display_name.clone());
    let outcome = ctx
        .state
        .db
        .run(move |conn| Ok::<_, crate::db::DbError>(decisions::request_extension(conn, &id, partner_id, &actor)))
        .await?;
    match outcome {
        Ok(new_id) => {
            Flash::success(Notice::GdapExtensionRequested).store(&session);
            Ok(see_other(&page_path("/partner", &new_id)))
        }
        Err(err) => {
            let refused = Refused::of(err)?;
            let relationship = load(&ctx, &admin, relationship.id).await?;
            request_page(ctx, relationship, &QueryPairs::default(), Some(refused)).await
        }
    }
}

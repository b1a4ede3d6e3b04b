//! The seed's screen: the invitation email with one of the partner's two
//! reusable links (with delegated administration, or for the reseller
//! relationship only), and rotating both.

use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::invitation_email::{self, Email, EmailLanguage};
use crate::domain::ids::PartnerId;
use crate::domain::invitations::{self, InvitationToken, LinkKind};
use crate::i18n::Locale;
use crate::i18n::ids::message_enum;
use crate::web::auth::{AdminAgentOnly, PartnerAdmin, PartnerRequester, PartnerRequirement};
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::query::QueryPairs;
use crate::web::{AppError, AppResult, Page, render, see_other};

pub const PATH: &str = "/partner/customers/request-relationship";

#[derive(Template)]
#[template(path = "partner/request_relationship.html")]
struct RequestPage {
    ctx: Page,
    link: String,
    include_dap: bool,
    email_lang: Locale,
    unknown_email_lang: bool,
    email: Email,
    email_languages: Vec<EmailLanguage>,
    can_rotate: bool,
}

/// The link a customer follows. It names one of the partner's tokens only:
/// what accepting it may grant is the token's kind, kept on the server.
pub fn invitation_link(base_url: &str, token: &InvitationToken) -> String {
    format!("{base_url}/admin/partner-invitation?token={}", token.as_str())
}

message_enum! {
    /// The parts of the invitation email, in the email's language.
    pub enum EmailText {
        Subject => "request-email-subject",
        Paragraph1 => "request-email-paragraph-1",
        Paragraph2 => "request-email-paragraph-2",
        LinkParagraph => "request-email-link-paragraph",
        Paragraph2NoDap => "request-email-paragraph-2-no-dap",
        LinkParagraphNoDap => "request-email-link-paragraph-no-dap",
        Closing => "request-email-closing",
    }
}

fn compose_email(ctx: &Page, locale: Locale, partner: &str, link: &str, include_dap: bool) -> Email {
    let agreement = ctx.state.settings.agreement_url.as_str();
    let args = [("partner", partner), ("link", link), ("agreement", agreement)];
    let text = |part: EmailText| ctx.t_in(locale, part.message_id(), &args);
    let subject = text(EmailText::Subject);
    let paragraph_1 = text(EmailText::Paragraph1);
    // Without delegated administration there are no services to choose and
    // no privileges to remove: paragraph 2 says so instead.
    let (paragraph_2, link_paragraph) = if include_dap {
        (text(EmailText::Paragraph2), text(EmailText::LinkParagraph))
    } else {
        (text(EmailText::Paragraph2NoDap), text(EmailText::LinkParagraphNoDap))
    };
    let closing = text(EmailText::Closing);
    Email::new(subject, paragraph_1, paragraph_2, link_paragraph, closing)
}

pub async fn show(query: QueryPairs, ctx: Page, partner: PartnerRequester) -> AppResult<HttpResponse> {
    // The last `dap`: the form sends a hidden `false` before its checkbox.
    let include_dap = query.last("dap") != Some("false");
    let kind = if include_dap { LinkKind::WithDelegatedAdmin } else { LinkKind::ResellerOnly };
    let (email_lang, unknown_email_lang) = invitation_email::chosen_language(&query, &ctx);

    let token = current_token(&ctx, partner.partner_id, kind).await?;
    let link = invitation_link(&ctx.state.settings.base_url, &token);
    let email = compose_email(&ctx, email_lang, &partner.partner_name, &link, include_dap);
    let can_rotate = AdminAgentOnly::allows(partner.role);
    let email_languages = invitation_email::languages(&ctx, email_lang);
    render(&RequestPage { ctx, link, include_dap, email_lang, unknown_email_lang, email, email_languages, can_rotate })
}

/// The partner's current token of `kind`: kept from a recent read (on
/// PostgreSQL, `web::kept`), else read where it is cheapest, and issued (a
/// write) the first time only.
async fn current_token(ctx: &Page, partner_id: PartnerId, kind: LinkKind) -> AppResult<InvitationToken> {
    let kept = &ctx.state.invitation_links;
    if let Some(token) = kept.get(&(partner_id, kind), |token| Some(token.clone())).await {
        return Ok(token);
    }
    let generation = kept.generation();
    let token = match ctx.state.db.read_now(move |conn| invitations::current(conn, partner_id, kind)).await? {
        Some(token) => token,
        None => ctx.state.db.run(move |conn| invitations::current_or_issue(conn, partner_id, kind)).await?,
    };
    kept.keep(generation, (partner_id, kind), token.clone());
    Ok(token)
}

#[derive(Template)]
#[template(path = "partner/rotate.html")]
struct RotatePage {
    ctx: Page,
}

#[derive(Deserialize)]
pub struct RotateForm {
    confirm: Option<String>,
}

/// The confirmation step, also reachable by GET from the request screen.
pub async fn confirm(ctx: Page, _admin: PartnerAdmin) -> AppResult<HttpResponse> {
    render(&RotatePage { ctx })
}

pub async fn rotate(
    ctx: Page,
    admin: PartnerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<RotateForm>,
) -> AppResult<HttpResponse> {
    if form.confirm.as_deref() != Some("yes") {
        return render(&RotatePage { ctx });
    }
    let partner_id = admin.partner_id;
    let actor = admin.display_name.clone();
    ctx.state.db.run(move |conn| invitations::rotate(conn, partner_id, &actor).map_err(AppError::from)).await?;
    Flash::success(Notice::LinkRotated).store(&session);
    Ok(see_other(PATH))
}

//! The emailed link: review a partner's invitation, accept it (reseller
//! relationship + delegated administration per service) or decline it.
//! Whether accepting may grant delegated administration is the kind of the
//! link's token, kept on the server; a `dap=false` in the URL or the form
//! (links sent before there were two kinds of token) can only narrow it.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde::Deserialize;

use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::invitations::{self, InvitationToken, LinkKind};
use crate::domain::relationships::{self, AcceptError, Acceptance, GrantedServices, ServiceHolder, UnknownService};
use crate::domain::services::Service;
use crate::i18n::ids::message_enum;
use crate::web::auth::{CustomerAdmin, CustomerRequirement, CustomerUser, GlobalAdminOnly};
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::query::QueryPairs;
use crate::web::{AppError, AppResult, Page, render_with, see_other, url_encode};

/// One service row of the acceptance form.
pub struct ServiceChoice {
    pub service: Service,
    pub state: ChoiceState,
    pub checked: bool,
}

pub enum ChoiceState {
    Free,
    AlreadyOurs,
    HeldBy(String),
}

message_enum! {
    /// Why the acceptance form comes back instead of being accepted.
    pub enum InvitationProblem {
        MustAccept => "invitation-must-accept",
        /// Another partner took a chosen service meanwhile.
        Conflict => "invitation-conflict",
    }
}

impl InvitationProblem {
    fn status(self) -> StatusCode {
        match self {
            InvitationProblem::MustAccept => StatusCode::BAD_REQUEST,
            InvitationProblem::Conflict => StatusCode::CONFLICT,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/invitation.html")]
struct InvitationPage {
    ctx: Page,
    token: String,
    partner_name: String,
    include_dap: bool,
    can_accept: bool,
    choices: Vec<ServiceChoice>,
    agreement_url: String,
    error: Option<InvitationProblem>,
}

/// A valid invitation: the token, the partner it belongs to, and what
/// accepting it may grant.
struct Invitation {
    token: InvitationToken,
    partner_id: PartnerId,
    partner_name: String,
    kind: LinkKind,
}

impl Invitation {
    /// Whether this acceptance may grant delegated administration: only if
    /// the token's kind allows it, and the customer did not narrow it with a
    /// `dap=false` (`narrowed`). Nothing the customer sends widens it.
    fn includes_dap(&self, narrowed: bool) -> bool {
        self.kind.allows_delegated_admin() && !narrowed
    }
}

/// The partner behind a token, or the "no longer valid" 404.
async fn resolve(ctx: &Page, raw: Option<&str>) -> AppResult<Invitation> {
    let token = raw.and_then(InvitationToken::parse).ok_or(AppError::InvitationInvalid)?;
    let lookup = token.clone();
    let partner = ctx
        .state
        .db
        .run(move |conn| invitations::find_partner(conn, &lookup).map_err(AppError::from))
        .await?
        .ok_or(AppError::InvitationInvalid)?;
    Ok(Invitation { token, partner_id: partner.id, partner_name: partner.name, kind: partner.kind })
}

fn choices(holders: Vec<ServiceHolder>, partner_id: PartnerId, selected: Option<&[Service]>) -> Vec<ServiceChoice> {
    holders
        .into_iter()
        .map(|h| {
            let state = match h.holder {
                Some(holder) if holder.partner_id == partner_id => ChoiceState::AlreadyOurs,
                Some(holder) => ChoiceState::HeldBy(holder.partner_name),
                None => ChoiceState::Free,
            };
            let checked = match selected {
                Some(selected) => selected.contains(&h.service),
                None => matches!(state, ChoiceState::Free),
            };
            ServiceChoice { service: h.service, state, checked }
        })
        .collect()
}

/// How the invitation page is shown: to whom, with which choices.
struct View {
    tenant_id: TenantId,
    can_accept: bool,
    include_dap: bool,
    /// The admin's choices when the form comes back; `None` for defaults.
    selected: Option<Vec<Service>>,
    error: Option<InvitationProblem>,
}

async fn page(ctx: Page, invitation: Invitation, view: View) -> AppResult<HttpResponse> {
    let View { tenant_id, can_accept, include_dap, selected, error } = view;
    let Invitation { token, partner_id, partner_name, .. } = invitation;
    let holders = ctx.state.db.run(move |conn| relationships::holders(conn, tenant_id).map_err(AppError::from)).await?;
    let status = error.map_or(StatusCode::OK, InvitationProblem::status);
    let agreement_url = ctx.state.settings.agreement_url.clone();
    render_with(
        status,
        &InvitationPage {
            ctx,
            token: token.as_str().to_owned(),
            partner_name,
            include_dap,
            can_accept,
            choices: choices(holders, partner_id, selected.as_deref()),
            agreement_url,
            error,
        },
    )
}

/// `GET /admin/partner-invitation?token=…`: the token is checked before the
/// sign-in, so a dead link says so at once.
pub async fn show(query: QueryPairs, ctx: Page, who: Result<CustomerUser, AppError>) -> AppResult<HttpResponse> {
    let invitation = resolve(&ctx, query.first("token")).await?;
    let who = who?;
    let include_dap = invitation.includes_dap(query.first("dap") == Some("false"));
    let can_accept = GlobalAdminOnly::allows(who.role);
    let view = View { tenant_id: who.tenant_id, can_accept, include_dap, selected: None, error: None };
    page(ctx, invitation, view).await
}

#[derive(Deserialize)]
pub struct AcceptForm {
    token: Option<String>,
    #[serde(default)]
    services: Vec<String>,
    accept_agreement: Option<String>,
    dap: Option<String>,
}

impl AcceptForm {
    /// The customer asked for less than the link allows (a hidden field of
    /// the form for a narrowed link).
    fn narrowed(&self) -> bool {
        self.dap.as_deref() == Some("false")
    }

    /// The services ticked, none if the acceptance may not grant delegated
    /// administration whatever was ticked.
    fn services(&self, include_dap: bool) -> Result<GrantedServices, AppError> {
        GrantedServices::parse(&self.services, include_dap)
            .map_err(|UnknownService| AppError::BadRequestBecause(BadInput::InvitationUnknownService))
    }
}

pub async fn accept(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> AppResult<HttpResponse> {
    let invitation = resolve(&ctx, form.token.as_deref()).await?;
    let include_dap = invitation.includes_dap(form.narrowed());
    // The form comes back at this address: its language links lead to the
    // invitation itself, not to the form's address (which has no page).
    let narrowed = if include_dap { "" } else { "&dap=false" };
    let ctx =
        ctx.shown_at(format!("/admin/partner-invitation?token={}{narrowed}", url_encode(invitation.token.as_str())));
    let services = form.services(include_dap)?;
    let tenant_id = admin.tenant_id;
    let view = |error| View {
        tenant_id,
        can_accept: true,
        include_dap,
        selected: Some(services.as_slice().to_vec()),
        error: Some(error),
    };
    if form.accept_agreement.is_none() {
        return page(ctx, invitation, view(InvitationProblem::MustAccept)).await;
    }
    let partner_id = invitation.partner_id;
    let user_id = admin.user_id;
    let actor = admin.display_name.clone();
    let requested = services.clone();
    let result = ctx
        .state
        .db
        .run(move |conn| {
            relationships::accept(
                conn,
                &Acceptance { tenant_id, partner_id, user_id, actor_name: &actor, services: requested },
            )
        })
        .await;
    match result {
        Ok(accepted) => {
            let notice = match (accepted.granted.is_empty(), services.is_empty()) {
                (_, true) => Notice::AcceptedResellerOnly,
                (true, false) => Notice::AcceptedNothingNew,
                (false, false) => Notice::Accepted,
            };
            Flash::success(notice).with("partner", &invitation.partner_name).store(&session);
            Ok(see_other("/admin/partner-relationships"))
        }
        Err(AcceptError::Conflict) => page(ctx, invitation, view(InvitationProblem::Conflict)).await,
        Err(AcceptError::Db(err)) => Err(err.into()),
    }
}

#[derive(Deserialize)]
pub struct DeclineForm {
    token: Option<String>,
}

pub async fn decline(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    CsrfForm(form): CsrfForm<DeclineForm>,
) -> AppResult<HttpResponse> {
    let Invitation { partner_id, partner_name, .. } = resolve(&ctx, form.token.as_deref()).await?;
    let tenant_id = admin.tenant_id;
    let actor = admin.display_name.clone();
    ctx.state
        .db
        .run(move |conn| relationships::decline(conn, tenant_id, partner_id, &actor).map_err(AppError::from))
        .await?;
    Flash::success(Notice::Declined).with("partner", &partner_name).store(&session);
    Ok(see_other("/admin/partner-relationships"))
}

//! The link of a delegated-admin request, for the customer
//! (`/admin/delegated-admin-requests/{id}`, DESIGN.md §12): while it waits,
//! the global admin approves any subset of the requested roles, for as long
//! or shorter, or declines; once approved, removes one role or ends it
//! early (after a confirmation). Customer users see the page read-only;
//! only global admins may decide (403), as on the invitation page. What is
//! approved comes from the server's request, never from the URL.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{NaiveDateTime, TimeDelta};
use serde::Deserialize;

use crate::domain::delegated_admin::decisions::{self, Actor, CustomerDecision};
use crate::domain::delegated_admin::requests::{self, Relationship};
use crate::domain::delegated_admin::{AUTO_EXTEND_DAYS, MIN_DAYS, Role, Status};
use crate::domain::ids::TenantId;
use crate::domain::relationships::{self, ServiceHolder};
use crate::routes::delegated_admin::{ConfirmForm, Refused, badge, page_path, status_now};
use crate::routes::partner::delegated_admin::TerminatePage;
use crate::web::auth::{CustomerAdmin, CustomerRequirement, CustomerUser, GlobalAdminOnly};
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, render_with, see_other};

/// One requested role on the approval form.
pub struct RoleOffer {
    pub role: Role,
    pub key: String,
    pub checked: bool,
    /// The partner holding this full-admin role now, when another.
    pub held_by: Option<String>,
}

/// What the page knows beyond the request itself.
struct Context {
    /// Approving opens a reseller relationship (none is open).
    creates_relationship: bool,
    /// The request names another organization's domain.
    other_domain: bool,
    holders: Vec<ServiceHolder>,
}

#[derive(Template)]
#[template(path = "gdap/customer.html")]
struct CustomerPage {
    ctx: Page,
    relationship: Relationship,
    status: Status,
    can_decide: bool,
    creates_relationship: bool,
    other_domain: bool,
    offers: Vec<RoleOffer>,
    /// The duration as typed.
    duration: String,
    refused: Option<Refused>,
}

impl CustomerPage {
    fn badge(&self) -> &'static str {
        badge(self.status)
    }

    fn refused_text(&self) -> Option<String> {
        self.refused.map(|r| r.text(&self.ctx, &self.relationship))
    }

    fn pending(&self) -> bool {
        self.status == Status::ApprovalPending
    }

    /// Whether the refusal shown is about the duration typed: the field is
    /// then marked invalid and pointed at the alert, as the partner's form
    /// does.
    fn duration_refused(&self) -> bool {
        self.refused == Some(Refused::DurationOutOfRange)
    }

    /// Whether the refusal shown is about the roles chosen.
    fn roles_refused(&self) -> bool {
        matches!(self.refused, Some(Refused::RoleNotRequested | Refused::NoRoles))
    }

    /// The end date if approved now for the requested duration.
    fn ends_if_approved_today(&self) -> NaiveDateTime {
        crate::domain::now() + TimeDelta::days(i64::from(self.relationship.duration_days))
    }

    fn min_days(&self) -> i32 {
        MIN_DAYS
    }

    fn auto_extend_days(&self) -> i64 {
        AUTO_EXTEND_DAYS
    }

    fn self_path(&self) -> String {
        page_path("/admin", &self.relationship.id)
    }

    fn partner_page(&self) -> String {
        format!("/admin/partner-relationships/{}", self.relationship.partner_id)
    }
}

/// The request as the tenant may see it, or 404.
async fn load(ctx: &Page, tenant_id: TenantId, id: String) -> AppResult<(Relationship, Context)> {
    ctx.state
        .db
        .run(move |conn| {
            let Some(relationship) = requests::find(conn, &id)? else { return Ok(None) };
            if !requests::visible_to_tenant(&relationship, tenant_id) {
                return Ok(None);
            }
            let creates_relationship = relationships::partner_of(conn, tenant_id, relationship.partner_id)?
                .is_none_or(|p| p.lifecycle.is_ended());
            let other_domain = !requests::approvable_by(conn, &relationship, tenant_id)?;
            let holders = relationships::holders(conn, tenant_id)?;
            Ok::<_, crate::db::DbError>(Some((relationship, Context { creates_relationship, other_domain, holders })))
        })
        .await?
        .ok_or(AppError::NotFound)
}

/// The choices on the form: as submitted, or every role checked.
struct Choices {
    roles: Option<Vec<String>>,
    duration: String,
}

fn page(
    ctx: Page,
    (relationship, context): (Relationship, Context),
    can_decide: bool,
    choices: Choices,
    refused: Option<Refused>,
) -> AppResult<HttpResponse> {
    let offers = relationship
        .roles
        .iter()
        .map(|state| {
            let key = state.role.key();
            let checked = choices.roles.as_ref().is_none_or(|chosen| chosen.contains(&key));
            let held_by = context
                .holders
                .iter()
                .filter(|_| state.role.full_admin)
                .find(|h| h.service == state.role.service)
                .and_then(|h| h.holder.as_ref())
                .filter(|holder| holder.partner_id != relationship.partner_id)
                .map(|holder| holder.partner_name.clone());
            RoleOffer { role: state.role, key, checked, held_by }
        })
        .collect();
    let status = status_now(&relationship);
    let code = refused.map_or(StatusCode::OK, Refused::status);
    render_with(
        code,
        &CustomerPage {
            ctx,
            relationship,
            status,
            can_decide,
            creates_relationship: context.creates_relationship,
            other_domain: context.other_domain,
            offers,
            duration: choices.duration,
            refused,
        },
    )
}

pub async fn show(ctx: Page, who: CustomerUser, path: web::Path<String>) -> AppResult<HttpResponse> {
    let loaded = load(&ctx, who.tenant_id, path.into_inner()).await?;
    let can_decide = GlobalAdminOnly::allows(who.role);
    let duration = loaded.0.duration_days.to_string();
    page(ctx, loaded, can_decide, Choices { roles: None, duration }, None)
}

#[derive(Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    duration_days: String,
}

/// The outcome of a decision: the page to go to, or the refusal to show.
async fn settle(
    ctx: Page,
    admin: &CustomerAdmin,
    id: String,
    outcome: Result<String, decisions::DecisionError>,
    choices: Choices,
) -> AppResult<HttpResponse> {
    match outcome {
        Ok(location) => Ok(see_other(&location)),
        Err(err) => {
            let refused = Refused::of(err)?;
            let loaded = load(&ctx, admin.tenant_id, id).await?;
            page(ctx, loaded, true, choices, Some(refused))
        }
    }
}

/// A request still waiting, or a relationship that ended, has no roles in
/// force to remove or end: 409 on its page.
async fn not_in_force(ctx: Page, admin: &CustomerAdmin, id: String) -> AppResult<HttpResponse> {
    let loaded = load(&ctx, admin.tenant_id, id).await?;
    page(ctx, loaded, true, Choices { roles: None, duration: String::new() }, Some(Refused::NotInForce))
}

fn decision(admin: &CustomerAdmin) -> (TenantId, crate::domain::ids::CustomerUserId, String) {
    (admin.tenant_id, admin.user_id, admin.display_name.clone())
}

pub async fn approve(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<ApproveForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let duration = form.duration_days.trim().to_owned();
    let choices = Choices { roles: Some(form.roles.clone()), duration: duration.clone() };
    // A role outside the catalogue cannot have been requested.
    let chosen: Option<Vec<Role>> = form.roles.iter().map(|key| Role::parse(key)).collect();
    let days = match duration.as_str() {
        "" => Ok(None),
        raw => raw.parse::<i32>().map(Some).map_err(|_| decisions::DecisionError::DurationOutOfRange),
    };
    let (tenant_id, user_id, actor) = decision(&admin);
    let outcome = match (chosen, days) {
        (None, _) => Err(decisions::DecisionError::RoleNotRequested),
        (_, Err(err)) => Err(err),
        (Some(chosen), Ok(days)) => {
            let request_id = id.clone();
            ctx.state
                .db
                .run(move |conn| {
                    let who = CustomerDecision { tenant_id, user_id, actor_name: &actor };
                    Ok::<_, crate::db::DbError>(decisions::approve(conn, &request_id, &who, &chosen, days))
                })
                .await?
        }
    };
    let outcome = outcome.map(|approved| {
        Flash::success(Notice::GdapApproved).with("date", ctx.date(&approved.ends_at)).store(&session);
        page_path("/admin", &id)
    });
    settle(ctx, &admin, id, outcome, choices).await
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn decline(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<String>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (tenant_id, user_id, actor) = decision(&admin);
    let request_id = id.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let who = CustomerDecision { tenant_id, user_id, actor_name: &actor };
            Ok::<_, crate::db::DbError>(decisions::decline(conn, &request_id, &who))
        })
        .await?;
    let outcome = outcome.map(|()| {
        Flash::success(Notice::GdapDeclined).store(&session);
        page_path("/admin", &id)
    });
    settle(ctx, &admin, id, outcome, Choices { roles: None, duration: String::new() }).await
}

pub async fn remove_role(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<HttpResponse> {
    let (id, key) = path.into_inner();
    let (relationship, _) = load(&ctx, admin.tenant_id, id.clone()).await?;
    // An unknown role is not held: 404 like an unknown request.
    let role = Role::parse(&key).ok_or(AppError::NotFound)?;
    if !status_now(&relationship).in_force() {
        return not_in_force(ctx, &admin, id).await;
    }
    let (tenant_id, user_id, actor) = decision(&admin);
    let request_id = id.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let who = CustomerDecision { tenant_id, user_id, actor_name: &actor };
            Ok::<_, crate::db::DbError>(decisions::remove_role(conn, &request_id, &who, role))
        })
        .await?;
    let outcome = outcome.map(|()| {
        Flash::success(Notice::GdapRoleRemoved).with("role", ctx.t(role.name_id)).store(&session);
        page_path("/admin", &id)
    });
    settle(ctx, &admin, id, outcome, Choices { roles: None, duration: String::new() }).await
}

pub async fn terminate(
    ctx: Page,
    admin: CustomerAdmin,
    session: Session,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let (relationship, _) = load(&ctx, admin.tenant_id, id.clone()).await?;
    let back = page_path("/admin", &id);
    if !status_now(&relationship).in_force() {
        return not_in_force(ctx, &admin, id).await;
    }
    if !form.confirmed() {
        let counterpart = relationship.partner_name.clone();
        let action = format!("{back}/terminate");
        return render(&TerminatePage { ctx, relationship, counterpart, by_customer: true, action, back });
    }
    let (tenant_id, _, actor) = decision(&admin);
    let request_id = id.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, crate::db::DbError>(decisions::terminate(conn, &request_id, Actor::Customer(tenant_id), &actor))
        })
        .await?;
    let outcome = outcome.map(|()| {
        Flash::success(Notice::GdapTerminated).with("name", &relationship.display_name).store(&session);
        back.clone()
    });
    settle(ctx, &admin, id, outcome, Choices { roles: None, duration: String::new() }).await
}

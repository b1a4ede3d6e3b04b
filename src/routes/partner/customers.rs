//! `/partner/customers`: the list with search and pages, one customer's
//! detail, the subscription actions reserved to the Partner of Record, and
//! asking the customer to become Partner of Record.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::DbConn;
use crate::domain::customers::{
    self, ActionError, CustomerDetail, CustomerFilter, CustomerPage, CustomerSeek, DapStatus, ServiceAccess,
    StatusFilter, SubscriptionAction,
};
use crate::domain::delegated_admin::requests::{self as delegated_admin, Relationship};
use crate::domain::ids::{PartnerId, SubscriptionId, TenantId};
use crate::domain::lifecycle::RelationshipStatus;
use crate::domain::paging;
use crate::domain::partner_of_record::{self, Requested};
use crate::domain::services::Service;
use crate::i18n::ids::message_enum;
use crate::web::auth::{
    AdminAgentOnly, AdminOrSalesAgent, PartnerPrincipal, PartnerRequester, PartnerRequirement, PartnerUser,
};
use crate::web::cursor;
use crate::web::error::BadInput;
use crate::web::flash::{Flash, Notice};
use crate::web::form::CsrfForm;
use crate::web::{AppError, AppResult, Page, render, render_with, see_other, url_encode};

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    /// A page number: what links said before they carried cursors.
    page: Option<String>,
    /// The page after (or before) a row shown: see `web::cursor`.
    after: Option<String>,
    before: Option<String>,
    /// `active`, `ending` or `ended`; anything else shows the current customers.
    status: Option<String>,
}

#[derive(Template)]
#[template(path = "partner/customers.html")]
struct ListPage {
    ctx: Page,
    search: String,
    /// The status code filtered on, or empty for the current customers.
    status: &'static str,
    statuses: [RelationshipStatus; 3],
    customers: CustomerPage,
    services: [Service; 4],
}

impl ListPage {
    /// The link to page `page`: the rows after (`"after"`) or before
    /// (`"before"`) the row `key`.
    fn page_href(&self, direction: &str, page: i64, key: &CustomerSeek) -> String {
        let mut href = format!("/partner/customers?{direction}={}", cursor::encode(page, key.relationship_id));
        if !self.search.is_empty() {
            href.push_str(&format!("&q={}", url_encode(&self.search)));
        }
        if !self.status.is_empty() {
            href.push_str(&format!("&status={}", self.status));
        }
        href
    }
}

message_enum! {
    /// A relationship's status, as the partner's customer list shows it.
    pub enum StatusText {
        Active => "lifecycle-status-active",
        Ending => "lifecycle-status-ending",
        Ended => "lifecycle-status-ended",
    }
}

/// Template helper: the message id of a relationship status.
pub fn status_message_id(status: &RelationshipStatus) -> &'static str {
    match status {
        RelationshipStatus::Active => StatusText::Active.message_id(),
        RelationshipStatus::Ending => StatusText::Ending.message_id(),
        RelationshipStatus::Ended => StatusText::Ended.message_id(),
    }
}

pub async fn list(ctx: Page, partner: PartnerUser, query: web::Query<ListQuery>) -> AppResult<HttpResponse> {
    let search: String = query.q.as_deref().unwrap_or_default().trim().chars().take(100).collect();
    let page = paging::page_number(query.page.as_deref().unwrap_or_default())
        .ok_or(AppError::BadRequestBecause(BadInput::PageNumberInvalid))?;
    let position = cursor::position(query.after.as_deref(), query.before.as_deref(), page, |relationship_id| {
        CustomerSeek { relationship_id }
    })
    .ok_or(AppError::BadRequestBecause(BadInput::PageLinkInvalid))?;
    let partner_id = partner.partner_id;
    // No status: the current customers; one the list does not offer is an
    // edited address, answered as such rather than quietly ignored.
    let only = query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| RelationshipStatus::parse(code).ok_or(AppError::BadRequestBecause(BadInput::StatusUnknown)))
        .transpose()?;
    let status = only.map(RelationshipStatus::code).unwrap_or_default();
    let filter = CustomerFilter {
        search: (!search.is_empty()).then(|| search.clone()),
        status: only.map_or(StatusFilter::Open, StatusFilter::Only),
    };
    // A page of the list is read from its key on an index; on SQLite a
    // search reads the partner's own index as far as its page: short enough
    // to read on this thread (PostgreSQL's reads go to the blocking pool).
    let read = move |conn: &mut DbConn| customers::list(conn, partner_id, &filter, position).map_err(AppError::from);
    let customers = ctx.state.db.read_now(read).await?;
    render(&ListPage { ctx, search, status, statuses: RelationshipStatus::ALL, customers, services: Service::ALL })
}

#[derive(Template)]
#[template(path = "partner/customer.html")]
struct DetailPage {
    ctx: Page,
    customer: CustomerDetail,
    /// Admin and sales agents may ask to become Partner of Record.
    can_request: bool,
    /// Admin agents may give delegated administration back.
    can_release: bool,
    /// Admin agents may end the relationship, or acknowledge its ending.
    can_end: bool,
    /// Our delegated-admin relationships with this customer, newest first.
    delegated_admin: Vec<Relationship>,
    /// Where they link to: their pages, for admin agents; "" for no link.
    delegated_admin_links: &'static str,
    /// Seats to remove that could not be: the subscription and what was
    /// typed, shown again with what the field takes.
    seats_refused: Option<(SubscriptionId, String)>,
}

impl DetailPage {
    /// What was typed into a subscription's "seats to remove" when that was
    /// refused.
    fn seats_typed(&self, subscription: &SubscriptionId) -> Option<&str> {
        self.seats_refused.as_ref().filter(|(id, _)| id == subscription).map(|(_, typed)| typed.as_str())
    }

    /// Whether we hold delegated administration of any service.
    fn holds_any(&self) -> bool {
        self.customer.services.iter().any(|(_, access)| matches!(access, ServiceAccess::Ours { .. }))
    }

    fn offers(&self, service: &Service, current: &str) -> Vec<&'static str> {
        customers::transition_offers(*service).iter().copied().filter(|o| *o != current).collect()
    }
}

pub(super) async fn load_detail(ctx: &Page, partner_id: PartnerId, tenant_id: TenantId) -> AppResult<CustomerDetail> {
    ctx.state
        .db
        .run(move |conn| customers::detail(conn, partner_id, tenant_id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn detail(ctx: Page, partner: PartnerUser, path: web::Path<TenantId>) -> AppResult<HttpResponse> {
    show_detail(ctx, &partner, path.into_inner(), None).await
}

/// The customer's page; with `seats_refused`, answered 422 to the form that
/// asked to remove them.
async fn show_detail(
    ctx: Page,
    partner: &PartnerPrincipal,
    tenant_id: TenantId,
    seats_refused: Option<(SubscriptionId, String)>,
) -> AppResult<HttpResponse> {
    let partner_id = partner.partner_id;
    let customer = load_detail(&ctx, partner_id, tenant_id).await?;
    // A form for a subscription the customer does not have, or while the
    // relationship ends (the page shows no forms then): nothing to show the
    // problem at.
    if let Some((refused, _)) = &seats_refused {
        if !customer.subscriptions.iter().any(|sub| sub.id == *refused) {
            return Err(AppError::NotFound);
        }
        if !customer.lifecycle.is_active() {
            return Err(AppError::BadRequestBecause(BadInput::CustomerActionInvalid));
        }
    }
    let delegated_admin = ctx.state.db.run(move |conn| delegated_admin::between(conn, partner_id, tenant_id)).await?;
    let delegated_admin_links = if AdminAgentOnly::allows(partner.role) { "/partner" } else { "" };
    // While the relationship is ending the partner only looks.
    let active = customer.lifecycle.is_active();
    let can_request = active && AdminOrSalesAgent::allows(partner.role);
    let can_release = active && AdminAgentOnly::allows(partner.role);
    let can_end = AdminAgentOnly::allows(partner.role);
    let status = if seats_refused.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = DetailPage {
        ctx,
        customer,
        can_request,
        can_release,
        can_end,
        delegated_admin,
        delegated_admin_links,
        seats_refused,
    };
    render_with(status, &page)
}

#[derive(Deserialize)]
pub struct ActionForm {
    seats: Option<String>,
    offer: Option<String>,
}

pub async fn act(
    ctx: Page,
    partner: PartnerRequester,
    session: Session,
    path: web::Path<(TenantId, SubscriptionId, String)>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> AppResult<HttpResponse> {
    let (tenant_id, subscription_id, action_name) = path.into_inner();
    let typed = form.seats.as_deref().unwrap_or_default().trim().to_owned();
    // The customer's page again, with what the field takes: 422.
    let seats_refused = |ctx: Page| {
        let ctx = ctx.shown_at(format!("/partner/customers/{tenant_id}"));
        show_detail(ctx, &partner, tenant_id, Some((subscription_id, typed.clone())))
    };
    let action = match action_name.as_str() {
        "remove-seats" => match typed.parse::<i32>() {
            Ok(seats) => SubscriptionAction::RemoveSeats(seats),
            Err(_) => return seats_refused(ctx).await,
        },
        "order-add-on" => SubscriptionAction::OrderAddOn,
        "transition" => SubscriptionAction::Transition(
            form.offer.filter(|o| !o.is_empty()).ok_or(AppError::BadRequestBecause(BadInput::CustomerActionInvalid))?,
        ),
        _ => return Err(AppError::NotFound),
    };
    let notice = match action {
        SubscriptionAction::RemoveSeats(_) => Notice::SeatsRemoved,
        SubscriptionAction::OrderAddOn => Notice::AddOnOrdered,
        SubscriptionAction::Transition(_) => Notice::SubscriptionTransitioned,
    };
    let partner_id = partner.partner_id;
    let actor = partner.display_name.clone();
    let removes_seats = matches!(action, SubscriptionAction::RemoveSeats(_));
    let acted = ctx
        .state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(customers::act_on_subscription(
                conn,
                partner_id,
                tenant_id,
                subscription_id,
                &action,
                &actor,
            ))
        })
        .await?;
    match acted {
        Err(ActionError::Invalid) if removes_seats => return seats_refused(ctx).await,
        Err(err) => return Err(err.into()),
        Ok(()) => {}
    }
    Flash::success(notice).store(&session);
    Ok(see_other(&format!("/partner/customers/{tenant_id}")))
}

/// The form of the request button carries only the CSRF token.
#[derive(Deserialize)]
pub struct EmptyForm {}

/// Asks the customer to make this partner Partner of Record of one
/// subscription; the customer approves or declines on its requests page.
pub async fn request_partner_of_record(
    ctx: Page,
    partner: PartnerRequester,
    session: Session,
    path: web::Path<(TenantId, SubscriptionId)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<HttpResponse> {
    let (tenant_id, subscription_id) = path.into_inner();
    let partner_id = partner.partner_id;
    let actor = partner.display_name.clone();
    let requested = ctx
        .state
        .db
        .run(move |conn| {
            partner_of_record::request(conn, tenant_id, subscription_id, partner_id, &actor).map_err(AppError::from)
        })
        .await?;
    let notice = match requested {
        Requested::Created => Notice::PorRequested,
        Requested::AlreadyPending => Notice::PorAlreadyPending,
    };
    Flash::success(notice).store(&session);
    Ok(see_other(&format!("/partner/customers/{tenant_id}")))
}

/// Template helper: the badge (CSS class) of a customer's delegated-admin status.
pub fn dap_badge(status: &DapStatus) -> &'static str {
    match status {
        DapStatus::Ours => "badge--ours",
        DapStatus::Removed | DapStatus::Released => "badge--removed",
        DapStatus::Other => "badge--other",
        DapStatus::None => "badge--none",
    }
}

message_enum! {
    /// The badge of a service's access on a customer's page.
    pub enum AccessBadge {
        Ours => "customer-access-ours",
        Removed => "customer-access-removed",
        Released => "release-access-released",
        Other => "customer-access-other",
        None => "customer-access-none",
    }
}

impl AccessBadge {
    fn of(access: &ServiceAccess) -> AccessBadge {
        match access {
            ServiceAccess::Ours { .. } => AccessBadge::Ours,
            ServiceAccess::Removed { .. } => AccessBadge::Removed,
            ServiceAccess::Released { .. } => AccessBadge::Released,
            ServiceAccess::Other => AccessBadge::Other,
            ServiceAccess::None => AccessBadge::None,
        }
    }

    fn css_class(self) -> &'static str {
        match self {
            AccessBadge::Ours => "badge--ours",
            AccessBadge::Removed | AccessBadge::Released => "badge--removed",
            AccessBadge::Other => "badge--other",
            AccessBadge::None => "badge--none",
        }
    }
}

/// Template helper: the badge class and message id of a service's access.
pub fn access_badge(access: &ServiceAccess) -> (&'static str, &'static str) {
    let badge = AccessBadge::of(access);
    (badge.css_class(), badge.message_id())
}

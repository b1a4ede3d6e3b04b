//! `GET /api/v1/customers/relationshiprequests` (Partner Center's shape),
//! `GET /api/v1/customers` and `GET /api/v1/customers/{id}`: what the
//! partner's pages show, as JSON. Another partner is never named.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyReader;
use super::paging::ListQuery;
use super::{json_ok, rfc3339};
use crate::domain::customers::{
    self, CustomerFilter, CustomerRow, CustomerSeek, DapStatus, PartnerOfRecord, ServiceAccess, StatusFilter,
};
use crate::domain::ids::TenantId;
use crate::domain::invitations::{self, LinkKind};
use crate::domain::lifecycle::{Lifecycle, RelationshipStatus};
use crate::routes::invitation_link;
use crate::state::AppState;
use crate::web::problem::{KeyProblems, Problem, ProblemBody, ProblemCode};

/// Partner Center's `RelationshipRequest`.
#[derive(Serialize, ToSchema)]
pub struct RelationshipRequest {
    /// The link to send to a customer; it stays valid until the partner rotates it.
    pub url: String,
    pub attributes: RelationshipRequestAttributes,
}

#[derive(Serialize, ToSchema)]
pub struct RelationshipRequestAttributes {
    /// Always `RelationshipRequest`.
    #[serde(rename = "objectType")]
    pub object_type: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; `ListQuery` reads it
pub struct RelationshipRequestQuery {
    /// `false`: a link for the reseller relationship only, without delegated administration.
    dap: Option<bool>,
}

/// The partner's reusable invitation link.
#[utoipa::path(
    get,
    path = "/api/v1/customers/relationshiprequests",
    tag = "customers",
    params(RelationshipRequestQuery),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "The link", body = RelationshipRequest),
    )
)]
pub async fn relationship_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    let query = ListQuery::parse(&req, &["dap"])?;
    let kind = match query.get("dap") {
        None | Some("true") => LinkKind::WithDelegatedAdmin,
        Some("false") => LinkKind::ResellerOnly,
        Some(_) => return Err(Problem::not_a_choice("dap", ["true", "false"])),
    };
    let partner_id = key.partner_id;
    let token = state.db.run(move |conn| invitations::current_or_issue(conn, partner_id, kind)).await?;
    Ok(json_ok(&RelationshipRequest {
        url: invitation_link(&state.settings.base_url, &token),
        attributes: RelationshipRequestAttributes { object_type: "RelationshipRequest".into() },
    }))
}

/// A customer's relationship with the partner.
#[derive(Serialize, ToSchema)]
pub struct Relationship {
    /// `active`, `ending` or `ended`.
    pub status: String,
    /// Since when (RFC 3339, UTC).
    #[serde(rename = "createdDateTime")]
    pub created: String,
    /// When an ending relationship ends.
    #[serde(rename = "endingDateTime", skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
    /// When it ended.
    #[serde(rename = "endedDateTime", skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
}

impl Relationship {
    fn of(since: chrono::NaiveDateTime, lifecycle: Lifecycle) -> Self {
        let (status, ending, ended) = match lifecycle {
            Lifecycle::Active => (RelationshipStatus::Active, None, None),
            Lifecycle::Ending { due, .. } => (RelationshipStatus::Ending, Some(rfc3339(due)), None),
            Lifecycle::Ended { at, .. } => (RelationshipStatus::Ended, None, at.map(rfc3339)),
        };
        Relationship { status: status.code().into(), created: rfc3339(since), ending, ended }
    }
}

/// Delegated administration of one service, as the partner may see it.
#[derive(Serialize, ToSchema)]
pub struct ServiceAdmin {
    /// `office365`, `azure`, `dynamics365` or `powerbi`.
    pub service: String,
    /// `ours`; `other` (another partner holds it, never named); `none`;
    /// `removed` (the customer took ours away) or `released` (we gave it back).
    pub status: String,
    /// When ours began, or when it was removed or released.
    #[serde(rename = "dateTime", skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Customer {
    /// The customer's id, as in `/api/v1/customers/{id}` and the pages' links.
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
    pub domain: String,
    pub relationship: Relationship,
    #[serde(rename = "delegatedAdmin")]
    pub delegated_admin: Vec<ServiceAdmin>,
}

#[derive(Serialize, ToSchema)]
pub struct CustomerList {
    pub value: Vec<Customer>,
    /// The next page; absent on the last one.
    #[serde(rename = "nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; `ListQuery` reads it
pub struct CustomerQuery {
    /// Part of the customer's name or domain (any script, case-insensitive).
    q: Option<String>,
    /// `open` (active and ending, the default), `active`, `ending` or `ended`.
    status: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(rename = "$top")]
    top: Option<i64>,
    /// From a `nextLink`.
    cursor: Option<String>,
}

fn dap_status(status: DapStatus) -> &'static str {
    match status {
        DapStatus::Ours => "ours",
        DapStatus::Other => "other",
        DapStatus::None => "none",
        DapStatus::Removed => "removed",
        DapStatus::Released => "released",
    }
}

fn customer(row: CustomerRow) -> Customer {
    Customer {
        id: row.tenant_id.to_string(),
        display_name: row.name,
        domain: row.domain,
        relationship: Relationship::of(row.since, row.lifecycle),
        delegated_admin: row
            .statuses
            .into_iter()
            .map(|(service, status, at)| ServiceAdmin {
                service: service.code().into(),
                status: dap_status(status).into(),
                at: at.map(rfc3339),
            })
            .collect(),
    }
}

/// The partner's customers, newest relationship first.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(CustomerQuery),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "One page of customers", body = CustomerList),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    let query = ListQuery::parse(&req, &["q", "status"])?;
    let status = match query.get("status") {
        None | Some("open") => StatusFilter::Open,
        Some(code) => StatusFilter::Only(RelationshipStatus::parse(code).ok_or_else(|| {
            Problem::not_a_choice(
                "status",
                ["open"].into_iter().chain(RelationshipStatus::ALL.iter().map(|s| s.code())),
            )
        })?),
    };
    let filter = CustomerFilter { search: query.get("q").map(str::to_owned), status };
    let top = query.top()?;
    let after: Option<CustomerSeek> = query.cursor(key.partner_id)?;
    let partner_id = key.partner_id;
    // As on the list page: a page read from its key on an index, searched
    // or not, short enough to read on this thread.
    let (rows, next) = state.db.read_now(move |conn| customers::seek(conn, partner_id, &filter, after, top)).await?;
    let next_link = next.map(|next| query.next_link(&state.settings.base_url, key.partner_id, &next));
    Ok(json_ok(&CustomerList { value: rows.into_iter().map(customer).collect(), next_link }))
}

/// A subscription of the customer.
#[derive(Serialize, ToSchema)]
pub struct Subscription {
    pub id: String,
    pub service: String,
    pub offer: String,
    pub seats: i32,
    #[serde(rename = "addOns")]
    pub add_ons: i32,
    /// `self` (this partner), `otherPartner` (never named) or `none` (billed by the operator).
    #[serde(rename = "partnerOfRecord")]
    pub partner_of_record: String,
    /// When this partner asked to become Partner of Record, while the customer has not answered.
    #[serde(rename = "partnerOfRecordRequestedDateTime", skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CustomerDetail {
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
    pub domain: String,
    pub relationship: Relationship,
    #[serde(rename = "delegatedAdmin")]
    pub delegated_admin: Vec<ServiceAdmin>,
    pub subscriptions: Vec<Subscription>,
}

/// One customer: services, who holds what, subscriptions and their Partner of Record.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{id}",
    tag = "customers",
    params(("id" = i64, Path, description = "The customer's id")),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "The customer", body = CustomerDetail),
        (status = 404, description = "Not this partner's customer", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    ListQuery::parse(&req, &[])?;
    let tenant_id = path.parse::<i64>().map(TenantId).map_err(|_| Problem::new(ProblemCode::NotFound))?;
    let partner_id = key.partner_id;
    // A few reads by key: short enough to read on this thread.
    let found = state.db.read_now(move |conn| customers::detail(conn, partner_id, tenant_id)).await?;
    let detail = found.ok_or(Problem::new(ProblemCode::NotFound))?;
    let delegated_admin = detail
        .services
        .iter()
        .map(|(service, access)| {
            let (status, at) = match access {
                ServiceAccess::Ours { since } => ("ours", Some(*since)),
                ServiceAccess::Removed { at } => ("removed", Some(*at)),
                ServiceAccess::Released { at } => ("released", Some(*at)),
                ServiceAccess::Other => ("other", None),
                ServiceAccess::None => ("none", None),
            };
            ServiceAdmin { service: service.code().into(), status: status.into(), at: at.map(rfc3339) }
        })
        .collect();
    let subscriptions = detail
        .subscriptions
        .iter()
        .map(|s| Subscription {
            id: s.id.to_string(),
            service: s.service.code().into(),
            offer: s.offer.clone(),
            seats: s.seats,
            add_ons: s.add_ons,
            partner_of_record: match s.partner_of_record {
                PartnerOfRecord::Us => "self",
                PartnerOfRecord::AnotherPartner => "otherPartner",
                PartnerOfRecord::Nobody => "none",
            }
            .into(),
            requested: s.request_pending_since.map(rfc3339),
        })
        .collect();
    Ok(json_ok(&CustomerDetail {
        id: detail.tenant_id.to_string(),
        display_name: detail.name,
        domain: detail.domain,
        relationship: Relationship::of(detail.since, detail.lifecycle),
        delegated_admin,
        subscriptions,
    }))
}

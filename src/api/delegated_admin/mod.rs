//! `delegatedAdminRelationships`, in the shape of Microsoft Graph's
//! `delegatedAdminRelationship` (DESIGN.md §12, §14): list with
//! `$filter=status eq '…'`, create, read one, terminate. Creating and
//! terminating are the pages' own use cases, so their audit events (naming
//! the key) and notifications are the same.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

mod new;

use self::new::{NewRelationship, parse_request};
use super::auth::{KeyReader, KeyWriter};
use super::body;
use super::paging::{ListQuery, page_of};
use super::{json, json_ok, rfc3339};
use crate::domain::api_keys::KeyHolder;
use crate::domain::delegated_admin::decisions::{self, Actor, DecisionError};
use crate::domain::delegated_admin::requests::{self, Relationship, Seek};
use crate::domain::delegated_admin::{AUTO_EXTEND_DAYS, Role, Status};
use crate::routes::delegated_admin_page_path as page_path;
use crate::state::AppState;
use crate::web::problem::{KeyProblems, Problem, ProblemBody, ProblemCode};

pub const PATH: &str = "/api/v1/delegatedAdminRelationships";

/// The customer of a relationship; absent while a request has none yet.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminCustomer {
    #[serde(rename = "tenantId")]
    pub tenant_id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct UnifiedRole {
    /// `<service>.<role>`, e.g. `office365.helpdesk_admin`.
    #[serde(rename = "roleDefinitionId")]
    pub role_definition_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccessDetails {
    /// Requested roles while pending; the roles held while in force; the
    /// roles that were approved once it has ended.
    #[serde(rename = "unifiedRoles")]
    pub unified_roles: Vec<UnifiedRole>,
}

/// Graph's `delegatedAdminRelationship`.
#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminRelationship {
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// `null` until a customer approves a request that names none.
    pub customer: Option<DelegatedAdminCustomer>,
    /// Only this customer domain's global admins may approve.
    #[serde(rename = "customerDomain", skip_serializing_if = "Option::is_none")]
    pub customer_domain: Option<String>,
    #[serde(rename = "accessDetails")]
    pub access_details: AccessDetails,
    /// ISO 8601, e.g. `P90D`.
    pub duration: String,
    /// `P180D` or `PT0S`.
    #[serde(rename = "autoExtendDuration")]
    pub auto_extend_duration: String,
    /// `approvalPending`, `active`, `expiring`, `expired`, `terminated` or `declined`.
    pub status: String,
    #[serde(rename = "createdDateTime")]
    pub created: String,
    #[serde(rename = "activatedDateTime")]
    pub activated: Option<String>,
    #[serde(rename = "endDateTime")]
    pub end: Option<String>,
    /// The page where the customer's global admin approves the request.
    #[serde(rename = "customerApprovalUrl")]
    pub approval_url: String,
}

#[derive(Serialize, ToSchema)]
pub struct DelegatedAdminRelationshipList {
    pub value: Vec<DelegatedAdminRelationship>,
    /// The next page; absent on the last one.
    #[serde(rename = "nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

fn duration(days: i64) -> String {
    if days == 0 { "PT0S".into() } else { format!("P{days}D") }
}

fn shape(relationship: Relationship, base_url: &str, now: NaiveDateTime) -> DelegatedAdminRelationship {
    let status = relationship.status_at(now);
    let roles: Vec<Role> = match status {
        Status::ApprovalPending | Status::Declined => relationship.roles.iter().map(|r| r.role).collect(),
        s if s.in_force() => relationship.roles_in_force().map(|r| r.role).collect(),
        _ => relationship.roles.iter().filter(|r| r.approved).map(|r| r.role).collect(),
    };
    let customer = match (relationship.tenant_id, relationship.tenant_name) {
        (Some(id), Some(name)) => Some(DelegatedAdminCustomer { tenant_id: id.to_string(), display_name: name }),
        _ => None,
    };
    DelegatedAdminRelationship {
        approval_url: page_path(&format!("{base_url}/admin"), &relationship.id),
        id: relationship.id,
        display_name: relationship.display_name,
        customer,
        customer_domain: relationship.customer_domain,
        access_details: AccessDetails {
            unified_roles: roles.into_iter().map(|r| UnifiedRole { role_definition_id: r.key() }).collect(),
        },
        duration: duration(relationship.duration_days.into()),
        auto_extend_duration: duration(if relationship.auto_extend { AUTO_EXTEND_DAYS } else { 0 }),
        status: status.graph_name().into(),
        created: rfc3339(relationship.created_at),
        activated: relationship.approved_at.map(rfc3339),
        end: relationship.ended_at.or(relationship.ends_at).map(rfc3339),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; `ListQuery` reads it
pub struct ListParams {
    /// Only `status eq '<status>'` (Graph's status names).
    #[param(rename = "$filter")]
    filter: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(rename = "$top")]
    top: Option<i64>,
    /// From a `nextLink`.
    cursor: Option<String>,
}

/// `status eq 'active'` (Graph's syntax, the one filter this list knows).
fn status_filter(raw: &str) -> Result<Status, Problem> {
    let invalid = || Problem::field(ProblemCode::InvalidFilter, "$filter");
    let mut words = raw.split_whitespace();
    let (Some(field), Some(op), Some(value), None) = (words.next(), words.next(), words.next(), words.next()) else {
        return Err(invalid());
    };
    if field != "status" || !op.eq_ignore_ascii_case("eq") {
        return Err(invalid());
    }
    let name = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).ok_or_else(invalid)?;
    Status::ALL.iter().copied().find(|s| s.graph_name() == name).ok_or_else(invalid)
}

/// The serialisable form of a [`Seek`] in a cursor.
#[derive(Serialize, Deserialize)]
struct SeekKey(i64, String);

/// The partner's requests and relationships, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/delegatedAdminRelationships",
    tag = "delegatedAdminRelationships",
    params(ListParams),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "One page", body = DelegatedAdminRelationshipList),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    let query = ListQuery::parse(&req, &["$filter"])?;
    let status = query.get("$filter").map(status_filter).transpose()?;
    let top = query.top()?;
    let after = query.cursor::<SeekKey>(key.partner_id)?.map(|SeekKey(micros, id)| Seek {
        created_at: chrono::DateTime::from_timestamp_micros(micros).unwrap_or_default().naive_utc(),
        id,
    });
    let partner_id = key.partner_id;
    let rows = state.db.read(move |conn| requests::page_for_partner(conn, partner_id, status, after, top + 1)).await?;
    let (rows, more) = page_of(rows, top);
    let next_link = match (more, rows.last()) {
        (true, Some(last)) => {
            let key_of = SeekKey(last.created_at.and_utc().timestamp_micros(), last.id.clone());
            Some(query.next_link(&state.settings.base_url, key.partner_id, &key_of))
        }
        _ => None,
    };
    let now = crate::domain::now();
    let base = &state.settings.base_url;
    let value = rows.into_iter().map(|r| shape(r, base, now)).collect();
    Ok(json_ok(&DelegatedAdminRelationshipList { value, next_link }))
}

/// Creates a request; the customer approves it at `customerApprovalUrl`.
#[utoipa::path(
    post,
    path = "/api/v1/delegatedAdminRelationships",
    tag = "delegatedAdminRelationships",
    request_body(content = NewRelationship, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 201, description = "Created (`Location` names it)", body = DelegatedAdminRelationship),
        (status = 403, description = "A read-only key", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, unknown or wrong", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    KeyWriter(key): KeyWriter,
    body: Bytes,
) -> Result<HttpResponse, Problem> {
    ListQuery::parse(&req, &[])?;
    let value = body::parse(&req, &body)?;
    let request = parse_request(&value)?;
    let (partner_id, actor) = (key.partner_id, key.actor_name());
    let created = state
        .db
        .run(move |conn| {
            let id = requests::create(conn, partner_id, &request, &actor)?;
            requests::find(conn, &id)
        })
        .await?
        .ok_or(Problem::new(ProblemCode::InternalError))?;
    let location = format!("{}{PATH}/{}", state.settings.base_url, created.id);
    let mut response = json(StatusCode::CREATED, &shape(created, &state.settings.base_url, crate::domain::now()));
    if let Ok(value) = header::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// One of the partner's relationships, or 404.
async fn own(state: &AppState, key: &KeyHolder, id: String) -> Result<Relationship, Problem> {
    let partner_id = key.partner_id;
    let found = state.db.run(move |conn| requests::find(conn, &id)).await?;
    found.filter(|r| r.partner_id == partner_id).ok_or(Problem::new(ProblemCode::NotFound))
}

/// One request or relationship.
#[utoipa::path(
    get,
    path = "/api/v1/delegatedAdminRelationships/{id}",
    tag = "delegatedAdminRelationships",
    params(("id" = String, Path, description = "The relationship's id")),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "The relationship", body = DelegatedAdminRelationship),
        (status = 404, description = "Not this partner's", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    ListQuery::parse(&req, &[])?;
    let relationship = own(&state, &key, path.into_inner()).await?;
    Ok(json_ok(&shape(relationship, &state.settings.base_url, crate::domain::now())))
}

/// Ends a relationship early, or withdraws a request nobody decided yet.
#[utoipa::path(
    post,
    path = "/api/v1/delegatedAdminRelationships/{id}/terminate",
    tag = "delegatedAdminRelationships",
    params(("id" = String, Path, description = "The relationship's id")),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "Terminated", body = DelegatedAdminRelationship),
        (status = 403, description = "A read-only key", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "Not this partner's", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "Already ended", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn terminate(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    KeyWriter(key): KeyWriter,
) -> Result<HttpResponse, Problem> {
    ListQuery::parse(&req, &[])?;
    // The use case refuses another partner's relationship as not found.
    let (id, partner_id, actor) = (path.into_inner(), key.partner_id, key.actor_name());
    let outcome = state
        .db
        .run(move |conn| {
            let outcome = decisions::terminate(conn, &id, Actor::Partner(partner_id), &actor);
            Ok::<_, crate::db::DbError>((outcome, requests::find(conn, &id)?))
        })
        .await?;
    match outcome {
        (Ok(()), Some(after)) => Ok(json_ok(&shape(after, &state.settings.base_url, crate::domain::now()))),
        (Ok(()), None) | (Err(DecisionError::NotFound), _) => Err(Problem::new(ProblemCode::NotFound)),
        (Err(DecisionError::Db(err)), _) => Err(err.into()),
        (Err(DecisionError::Conflict), _) => Err(Problem::new(ProblemCode::Conflict)),
        (Err(_), _) => Err(Problem::new(ProblemCode::NotInForce)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        assert_eq!(status_filter("status eq 'active'").unwrap(), Status::Active);
        assert_eq!(status_filter("status  EQ  'approvalPending'").unwrap(), Status::ApprovalPending);
        for bad in
            ["status eq active", "status ne 'active'", "name eq 'x'", "status eq 'nope'", "status eq 'active' or"]
        {
            assert_eq!(status_filter(bad).unwrap_err().code, ProblemCode::InvalidFilter, "{bad}");
        }
    }
}

//! `GET /api/v1/activity`: the partner's audit trail, newest first, with the
//! filters of its activity page.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyReader;
use super::paging::{ListQuery, page_of};
use super::{json_ok, rfc3339};
use crate::domain::activity::{self, ActivityFilter, Actor, EventRow, FilterError, FilterQuery, Scope};
use crate::domain::audit::Action;
use crate::domain::services::Service;
use crate::state::AppState;
use crate::web::problem::{KeyProblems, Problem, ProblemCode};

/// Who did it.
#[derive(Serialize, ToSchema)]
pub struct EventActor {
    /// `person`, `apiKey` or `system`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The person's or the key's name; empty for the system.
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Event {
    pub id: String,
    #[serde(rename = "occurredDateTime")]
    pub occurred: String,
    /// A stable code such as `dap_granted` or `gdap_terminated`.
    pub action: String,
    /// The customer's name, when the event concerns one.
    #[serde(rename = "customerName", skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub actor: EventActor,
    /// What the event names (a request's name, a webhook's URL, a reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The delegated-admin roles the event concerns (approved, removed), as `<service>.<role>`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub value: Vec<Event>,
    /// The next page; absent on the last one.
    #[serde(rename = "nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; `ListQuery` reads it
pub struct ActivityParams {
    /// A customer's id.
    customer: Option<i64>,
    /// Part of a customer's name or domain.
    q: Option<String>,
    /// An action code, e.g. `dap_granted`.
    action: Option<String>,
    /// `office365`, `azure`, `dynamics365` or `powerbi`.
    service: Option<String>,
    /// First day, `YYYY-MM-DD`, UTC, inclusive.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`, UTC, inclusive.
    to: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(rename = "$top")]
    top: Option<i64>,
    /// From a `nextLink`.
    cursor: Option<String>,
}

const FILTERS: [&str; 6] = ["customer", "q", "action", "service", "from", "to"];

fn event(row: EventRow) -> Event {
    let (kind, name) = match row.actor() {
        Actor::System => ("system", String::new()),
        Actor::ApiKey { name, .. } => ("apiKey", name.to_owned()),
        Actor::Person(name) => ("person", name.to_owned()),
    };
    Event {
        id: row.id.to_string(),
        occurred: rfc3339(row.at),
        action: row.action.code().into(),
        customer_name: row.tenant_name,
        service: row.service.map(|s| s.code().into()),
        actor: EventActor { kind: kind.into(), name },
        detail: row.detail,
        roles: row.roles.iter().map(|r| r.key()).collect(),
    }
}

/// The filter of the query, or the parameter at fault.
fn filter(query: &ListQuery) -> Result<ActivityFilter, Problem> {
    let value = |name: &str| query.get(name).unwrap_or_default().to_owned();
    let typed = FilterQuery {
        customer: value("customer"),
        q: value("q"),
        action: value("action"),
        service: value("service"),
        from: value("from"),
        to: value("to"),
        ..FilterQuery::default()
    };
    ActivityFilter::try_from(&typed).map_err(|err| match err {
        FilterError::MalformedDate if ActivityFilter::date_is_valid(&typed.from) => {
            Problem::field(ProblemCode::ParameterNotADate, "to")
        }
        FilterError::MalformedDate => Problem::field(ProblemCode::ParameterNotADate, "from"),
        FilterError::DatesReversed => Problem::field(ProblemCode::DatesReversed, "from"),
        FilterError::UnknownAction => Problem::not_a_choice("action", Action::ALL.iter().map(|a| a.code())),
        FilterError::UnknownService => Problem::not_a_choice("service", Service::ALL.iter().map(|s| s.code())),
        FilterError::MalformedId | FilterError::MalformedPage => {
            Problem::field(ProblemCode::ParameterNotAnId, "customer")
        }
    })
}

/// The partner's activity, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/activity",
    tag = "activity",
    params(ActivityParams),
    security(("bearer" = [])),
    responses(
        KeyProblems,
        (status = 200, description = "One page of events", body = EventList),
    )
)]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    KeyReader(key): KeyReader,
) -> Result<HttpResponse, Problem> {
    let query = ListQuery::parse(&req, &FILTERS)?;
    let filter = filter(&query)?;
    let top = query.top()?;
    let before: Option<i64> = query.cursor(key.partner_id)?;
    let scope = Scope::Partner(key.partner_id);
    // As on the activity page: the whole log is read on the (partner_id, id)
    // index, short enough to read on this thread; a filter may scan.
    let unfiltered = filter == ActivityFilter::default();
    let rows =
        state.db.read_now_if(unfiltered, move |conn| activity::batch(conn, scope, &filter, before, top + 1)).await?;
    let (rows, more) = page_of(rows, top);
    let next_link = match (more, rows.last()) {
        (true, Some(last)) => Some(query.next_link(&state.settings.base_url, key.partner_id, &last.id)),
        _ => None,
    };
    Ok(json_ok(&EventList { value: rows.into_iter().map(event).collect(), next_link }))
}

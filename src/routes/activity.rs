//! What both activity pages share (`/partner/activity`, `/admin/activity`):
//! the filter form as typed, page links that keep the filters, and the CSV
//! export of what the filters show.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::HttpResponse;
use chrono::SecondsFormat;

use crate::domain::activity::{self, ActivityFilter, EventRow, EventSeek, FilterError, FilterQuery, Scope};
use crate::domain::audit::Action;
use crate::domain::ids::PartnerId;
use crate::domain::paging::Position;
use crate::domain::services::Service;
use crate::i18n::ids::message_enum;
use crate::web::event_text::EventTexts;
use crate::web::{AppError, Page, csv, cursor, url_encode};

message_enum! {
    /// Why the filters cannot be shown (the page says it above the form).
    pub enum FilterProblem {
        MalformedDate => "activity-error-date",
        DatesReversed => "activity-error-dates-reversed",
        UnknownAction => "activity-error-action",
        UnknownService => "activity-error-service",
        MalformedId => "activity-error-id",
        MalformedPage => "activity-error-page",
    }
}

impl From<FilterError> for FilterProblem {
    fn from(error: FilterError) -> Self {
        match error {
            FilterError::MalformedDate => FilterProblem::MalformedDate,
            FilterError::DatesReversed => FilterProblem::DatesReversed,
            FilterError::UnknownAction => FilterProblem::UnknownAction,
            FilterError::UnknownService => FilterProblem::UnknownService,
            FilterError::MalformedId => FilterProblem::MalformedId,
            FilterError::MalformedPage => FilterProblem::MalformedPage,
        }
    }
}

message_enum! {
    /// The texts of the CSV export: the header row.
    pub enum ExportText {
        Time => "activity-csv-time",
        ActionCode => "activity-csv-action-code",
        Action => "activity-csv-action",
        Partner => "activity-csv-partner",
        Customer => "activity-csv-customer",
        ServiceCode => "activity-csv-service-code",
        Service => "activity-csv-service",
        Actor => "activity-csv-actor",
        Detail => "activity-csv-detail",
    }
}

/// The typed filter and the page asked for (a cursor of a page link, else a
/// number), or what is wrong with them.
pub fn parse(query: &FilterQuery) -> Result<(ActivityFilter, Position<EventSeek>), FilterProblem> {
    let filter = ActivityFilter::try_from(query)?;
    let page = query.page()?;
    let position = cursor::position(Some(&query.after), Some(&query.before), page, |event_id| EventSeek { event_id })
        .ok_or(FilterProblem::MalformedPage)?;
    Ok((filter, position))
}

/// One option of a `<select>`.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// The filter form, holding what was typed (also when it is wrong).
pub struct FilterForm {
    pub query: FilterQuery,
    pub problem: Option<FilterProblem>,
    pub actions: Vec<Choice>,
    pub services: Vec<Choice>,
    /// The filters as a query string ending in `&` (or empty), for links.
    filters: String,
}

impl FilterForm {
    pub fn new(ctx: &Page, query: FilterQuery, problem: Option<FilterProblem>) -> Self {
        let actions = Action::ALL
            .into_iter()
            .map(|a| Choice {
                value: a.code(),
                label: ctx.t(a.message_id()).into_owned(),
                selected: query.action == a.code(),
            })
            .collect();
        let services = Service::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.code(),
                label: ctx.t(s.message_id()).into_owned(),
                selected: query.service == s.code(),
            })
            .collect();
        let mut filters = String::new();
        for (name, value) in [
            ("partner", &query.partner),
            ("customer", &query.customer),
            ("q", &query.q),
            ("action", &query.action),
            ("service", &query.service),
            ("from", &query.from),
            ("to", &query.to),
        ] {
            if !value.trim().is_empty() {
                filters.push_str(&format!("{name}={}&", url_encode(value.trim())));
            }
        }
        FilterForm { query, problem, actions, services, filters }
    }

    /// Whether any filter is set (the page offers to clear them).
    pub fn is_filtered(&self) -> bool {
        !self.filters.is_empty()
    }

    /// `date` for a date field holding a date (or nothing), else `text`: a
    /// date input cannot show a value like `2026-13-45`, which the 400
    /// page keeps as typed.
    pub fn date_input_type(&self, value: &str) -> &'static str {
        let value = value.trim();
        let valid =
            value.is_empty() || (value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok());
        if valid { "date" } else { "text" }
    }

    /// `path` with the filters, at page `page`: the events after
    /// (`"after"`) or before (`"before"`) the event `key`.
    pub fn page_href(&self, path: &str, direction: &str, page: i64, key: &EventSeek) -> String {
        format!("{path}?{}{direction}={}", self.filters, cursor::encode(page, key.event_id))
    }

    /// `path` (the CSV) with the filters.
    pub fn export_href(&self, path: &str) -> String {
        format!("{path}?{}", self.filters.trim_end_matches('&'))
    }
}

/// Who the other side of each event is, in the export's fourth column.
pub enum Counterpart {
    /// The customer's export: the partner, named from this list.
    Partner(HashMap<PartnerId, String>),
    /// The partner's export: the customer.
    Customer,
}

/// Rows read per database round trip.
const BATCH: i64 = 1_000;

/// The scope's events the filter matches, newest first, as a CSV download
/// with headers in the viewer's language.
pub fn export(ctx: &Page, scope: Scope, filter: ActivityFilter, counterpart: Counterpart) -> HttpResponse {
    use ExportText as T;
    let other = if matches!(counterpart, Counterpart::Partner(_)) { T::Partner } else { T::Customer };
    let head: Vec<String> = [T::Time, T::ActionCode, T::Action, other, T::ServiceCode, T::Service, T::Actor, T::Detail]
        .into_iter()
        .map(|c| ctx.t(c.message_id()).into_owned())
        .collect();
    let names = Arc::new(Names {
        actions: Action::ALL.map(|a| (a, ctx.t(a.message_id()).into_owned())).to_vec(),
        services: Service::ALL.map(|s| (s, ctx.t(s.message_id()).into_owned())).to_vec(),
        texts: EventTexts::new(ctx),
        counterpart,
    });
    let db = ctx.state.db.clone();
    let filter = Arc::new(filter);
    let filename = format!("activity-{}.csv", crate::domain::now().format("%Y-%m-%d"));
    csv::download(&filename, &head, None, move |before: Option<i64>| {
        let (db, filter, names) = (db.clone(), filter.clone(), names.clone());
        async move {
            let rows = db
                .run(move |conn| activity::batch(conn, scope, &filter, before, BATCH).map_err(AppError::from))
                .await?;
            let next = (rows.len() as i64 == BATCH).then(|| rows.last().map(|r| r.id));
            let mut text = String::with_capacity(rows.len() * 160);
            for row in &rows {
                let actor = names.texts.actor(row.actor());
                let detail = names.texts.detail(row).unwrap_or_default();
                csv::push_row(&mut text, &names.cells(row, &rfc3339(row), &actor, &detail));
            }
            Ok((text, next))
        }
    })
}

/// Localized names, looked up once per export.
struct Names {
    actions: Vec<(Action, String)>,
    services: Vec<(Service, String)>,
    texts: EventTexts,
    counterpart: Counterpart,
}

impl Names {
    fn cells<'a>(&'a self, row: &'a EventRow, time: &'a str, actor: &'a str, detail: &'a str) -> [&'a str; 8] {
        let action = self.actions.iter().find(|(a, _)| *a == row.action).map_or("", |(_, n)| n.as_str());
        let service = row.service.and_then(|s| self.services.iter().find(|(x, _)| *x == s));
        let other = match &self.counterpart {
            Counterpart::Partner(names) => row.partner_id.and_then(|id| names.get(&id)).map(String::as_str),
            Counterpart::Customer => row.tenant_name.as_deref(),
        };
        [
            time,
            row.action.code(),
            action,
            other.unwrap_or_default(),
            service.map_or("", |(s, _)| s.code()),
            service.map_or("", |(_, n)| n.as_str()),
            actor,
            detail,
        ]
    }
}

/// The time column: UTC, RFC 3339.
fn rfc3339(row: &EventRow) -> String {
    row.at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

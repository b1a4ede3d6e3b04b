//! What an activity page shows: the filters, parsed from the query as typed
//! (so a page can show them back) into typed values, or a reason why not.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::audit::Action;
use crate::domain::ids::{PartnerId, TenantId};
use crate::domain::services::Service;

/// The query of an activity page or export, as typed. Empty means "any".
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FilterQuery {
    /// A partner's id (the customer's page).
    pub partner: String,
    /// A customer's id (the partner's page; from the customer's page).
    pub customer: String,
    /// Part of a customer's name or domain (the partner's page).
    pub q: String,
    /// An action code (`dap_granted`, …).
    pub action: String,
    /// A service code (`office365`, …).
    pub service: String,
    /// First day, `YYYY-MM-DD`, UTC, inclusive.
    pub from: String,
    /// Last day, `YYYY-MM-DD`, UTC, inclusive.
    pub to: String,
    /// 1-based page number (links from before cursors).
    pub page: String,
    /// The page after (or before) an event shown: a cursor of the page links.
    pub after: String,
    pub before: String,
}

/// Why a query cannot be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// `from` or `to` is not a calendar date written `YYYY-MM-DD`.
    MalformedDate,
    /// `from` is after `to`.
    DatesReversed,
    UnknownAction,
    UnknownService,
    /// A partner or customer id that is not a number.
    MalformedId,
    /// A page number that is not a positive number.
    MalformedPage,
}

/// The events an activity page shows, within what its viewer may see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub partner: Option<PartnerId>,
    pub tenant: Option<TenantId>,
    /// Matches the customer's name or domain (`tenants.search_key`).
    pub customer_search: Option<String>,
    pub action: Option<Action>,
    pub service: Option<Service>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl FilterQuery {
    /// The page asked for: 1 when none, an error when malformed.
    pub fn page(&self) -> Result<i64, FilterError> {
        crate::domain::paging::page_number(&self.page).ok_or(FilterError::MalformedPage)
    }
}

impl TryFrom<&FilterQuery> for ActivityFilter {
    type Error = FilterError;

    fn try_from(query: &FilterQuery) -> Result<Self, FilterError> {
        let from = date(&query.from)?;
        let to = date(&query.to)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(FilterError::DatesReversed);
        }
        // Control characters (NUL above all, which PostgreSQL refuses) can
        // be in no name: dropping them keeps the search harmless.
        let search: String = query.q.trim().chars().filter(|c| !c.is_control()).take(100).collect();
        Ok(ActivityFilter {
            partner: id(&query.partner)?.map(PartnerId),
            tenant: id(&query.customer)?.map(TenantId),
            customer_search: (!search.is_empty()).then_some(search),
            action: code(&query.action, Action::parse, FilterError::UnknownAction)?,
            service: code(&query.service, Service::parse, FilterError::UnknownService)?,
            from,
            to,
        })
    }
}

fn id(raw: &str) -> Result<Option<i64>, FilterError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw.parse::<i64>().map(Some).map_err(|_| FilterError::MalformedId),
    }
}

fn code<T>(raw: &str, parse: fn(&str) -> Option<T>, error: FilterError) -> Result<Option<T>, FilterError> {
    match raw.trim() {
        "" => Ok(None),
        raw => parse(raw).map(Some).ok_or(error),
    }
}

/// Exactly `YYYY-MM-DD` (what `<input type="date">` sends).
impl ActivityFilter {
    /// Whether `raw` is empty or a date a filter accepts (`YYYY-MM-DD`).
    pub fn date_is_valid(raw: &str) -> bool {
        date(raw).is_ok()
    }
}

fn date(raw: &str) -> Result<Option<NaiveDate>, FilterError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let shaped = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(FilterError::MalformedDate);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map(Some).map_err(|_| FilterError::MalformedDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<ActivityFilter, FilterError> {
        let mut query = FilterQuery::default();
        for (name, value) in pairs {
            let value = (*value).to_owned();
            match *name {
                "partner" => query.partner = value,
                "customer" => query.customer = value,
                "action" => query.action = value,
                "service" => query.service = value,
                "from" => query.from = value,
                "to" => query.to = value,
                _ => unreachable!(),
            }
        }
        ActivityFilter::try_from(&query)
    }

    #[test]
    fn an_empty_query_filters_nothing() {
        assert_eq!(parse(&[]), Ok(ActivityFilter::default()));
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(parse(&[("from", "2026-13-45")]), Err(FilterError::MalformedDate));
        assert_eq!(parse(&[("to", "2026-2-1")]), Err(FilterError::MalformedDate));
        assert_eq!(parse(&[("to", "2026-02-30")]), Err(FilterError::MalformedDate));
        assert_eq!(parse(&[("from", "2026-03-02"), ("to", "2026-03-01")]), Err(FilterError::DatesReversed));
        assert_eq!(parse(&[("action", "dropped_tables")]), Err(FilterError::UnknownAction));
        assert_eq!(parse(&[("service", "exchange")]), Err(FilterError::UnknownService));
        assert_eq!(parse(&[("partner", "1 OR 1=1")]), Err(FilterError::MalformedId));
    }

    #[test]
    fn good_values_are_typed() {
        let filter = parse(&[("from", "2026-03-01"), ("to", "2026-03-01"), ("service", "azure"), ("partner", "7")])
            .expect("valid");
        assert_eq!(filter.from, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(filter.service, Some(Service::Azure));
        assert_eq!(filter.partner, Some(PartnerId(7)));
    }

    #[test]
    fn page_numbers() {
        let page = |raw: &str| FilterQuery { page: raw.into(), ..Default::default() }.page();
        assert_eq!(page(""), Ok(1));
        assert_eq!(page("3"), Ok(3));
        assert_eq!(page("99999999999999"), Ok(crate::domain::paging::MAX_PAGE));
        assert_eq!(page("0"), Err(FilterError::MalformedPage));
        assert_eq!(page("two"), Err(FilterError::MalformedPage));
    }
}

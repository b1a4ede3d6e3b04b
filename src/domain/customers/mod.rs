//! The partner's side: its customer list, one customer's services and
//! subscriptions, and the subscription actions only the Partner of Record
//! may take. Changing the Partner of Record itself needs the customer's
//! consent: see [`super::partner_of_record`].

use chrono::NaiveDateTime;

use super::ids::TenantId;
use super::lifecycle::{Lifecycle, RelationshipStatus};
use super::services::Service;

mod actions;
mod detail;
mod list;
mod search;
mod statuses;

pub use actions::{ActionError, SubscriptionAction, act_on_subscription, transition_offers};
pub use detail::{CustomerDetail, PartnerOfRecord, ServiceAccess, Subscription, detail};
pub use list::{CustomerFilter, CustomerSeek, INDEXED_MATCH_LIMIT, list, seek};
pub(crate) use search::like_pattern;
pub use search::{
    MAX_INDEX_SEGMENTS, MERGE_STEPS_PER_PASS, fill_missing_grams, fold, merge_index, search_grams, search_key,
};

pub const PAGE_SIZE: i64 = 50;

/// Delegated administration of one service, as a partner may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DapStatus {
    Ours,
    /// We held it and the customer removed it (or gave it to another partner).
    Removed,
    /// We held it and gave it back ourselves.
    Released,
    /// Held by another partner (not named to this partner).
    Other,
    None,
}

impl DapStatus {
    pub fn message_id(self) -> &'static str {
        match self {
            DapStatus::Ours => "customers-dap-ours",
            DapStatus::Removed => "customers-dap-removed",
            DapStatus::Released => "customers-dap-released",
            DapStatus::Other => "customers-dap-other",
            DapStatus::None => "customers-dap-none",
        }
    }
}

pub struct CustomerRow {
    /// Where the page after this row starts.
    pub seek: CustomerSeek,
    pub tenant_id: TenantId,
    pub name: String,
    pub domain: String,
    pub since: NaiveDateTime,
    pub lifecycle: Lifecycle,
    /// Per service, in [`Service::ALL`] order: the status, and for
    /// [`DapStatus::Removed`] and [`DapStatus::Released`] when our grant ended.
    pub statuses: Vec<(Service, DapStatus, Option<NaiveDateTime>)>,
}

pub struct CustomerPage {
    /// Matching customers; for a search at most [`SEARCH_COUNT_LIMIT`].
    pub total: i64,
    /// The search matches more than [`SEARCH_COUNT_LIMIT`] customers: only
    /// that many are counted (every one can be paged to; refine the search).
    pub more: bool,
    /// The page's number, counted from the newest customer.
    pub page: i64,
    pub rows: Vec<CustomerRow>,
    /// Where the page before this one ends (its first row), if any.
    pub previous: Option<CustomerSeek>,
    /// Where the page after this one starts (its last row), if any.
    pub next: Option<CustomerSeek>,
}

/// A search is counted up to here, on both backends: its matches are read
/// in the list's order until this many are found. At one match in 18
/// customers, counting to 1,000 read ~18,000 relationships and cost five
/// times the page itself; to 100, a common term's page answers within 3× of
/// the unfiltered list under load (bench/analysis.md). Two pages say "refine
/// the search" as well as twenty.
pub const SEARCH_COUNT_LIMIT: i64 = 100;

impl CustomerPage {
    /// Pages of the matches counted; never less than the page shown (a
    /// common term's pages go on past its count).
    pub fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).max(self.page).max(1)
    }
}

/// Which relationships the customer list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Active and ending: the partner's customers today (the default).
    #[default]
    Open,
    Only(RelationshipStatus),
}

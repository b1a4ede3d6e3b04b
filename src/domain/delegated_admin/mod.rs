//! Granular, time-limited delegated administration (DESIGN.md §12): a
//! partner asks for roles per service for a number of days; the customer's
//! global admin approves any subset, for as long or shorter, or declines.
//! The request and the relationship it becomes are one object
//! (`delegated_admin_relationships`, Graph's `delegatedAdminRelationship`),
//! whose opaque id is in its link.
//!
//! The full-admin role of a service is the seed's delegated administration:
//! one partner at a time, held as a row of `delegated_admin_grants` (linked
//! to its relationship; the classic link's grants have none and no end
//! date). Least-privilege roles may be held by several partners.

pub mod decisions;
pub mod requests;

use super::services::Service;

/// A role of the catalogue (`delegated_admin_roles`, filled by a migration;
/// `tests/api` checks the table says the same as [`CATALOGUE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Role {
    pub service: Service,
    pub code: &'static str,
    /// The service's full delegated administration.
    pub full_admin: bool,
    /// Message id of the role's name.
    pub name_id: &'static str,
    /// Message id of what the role may do, in one line.
    pub description_id: &'static str,
}

macro_rules! catalogue {
    ($($service:ident $code:literal $full_admin:literal $id:literal;)+) => {
        /// Every role, in display order: per service, full admin first.
        pub const CATALOGUE: &[Role] = &[$(Role {
            service: Service::$service,
            code: $code,
            full_admin: $full_admin,
            name_id: $id,
            description_id: concat!($id, "-description"),
        }),+];
    };
}

catalogue! {
    Office365 "global_admin" true "gdap-role-office365-global-admin";
    Office365 "user_admin" false "gdap-role-office365-user-admin";
    Office365 "helpdesk_admin" false "gdap-role-office365-helpdesk-admin";
    Office365 "license_admin" false "gdap-role-office365-license-admin";
    Office365 "exchange_admin" false "gdap-role-office365-exchange-admin";
    Office365 "global_reader" false "gdap-role-office365-global-reader";
    Azure "owner" true "gdap-role-azure-owner";
    Azure "contributor" false "gdap-role-azure-contributor";
    Azure "reader" false "gdap-role-azure-reader";
    Azure "support_contributor" false "gdap-role-azure-support-contributor";
    Dynamics365 "dynamics_admin" true "gdap-role-dynamics365-admin";
    Dynamics365 "dynamics_reader" false "gdap-role-dynamics365-reader";
    PowerBi "powerbi_admin" true "gdap-role-powerbi-admin";
}

impl Role {
    /// `<service>.<role>`, the value of a role checkbox and of the API.
    pub fn key(self) -> String {
        format!("{}.{}", self.service.code(), self.code)
    }

    /// A role by its key; `None` for an unknown service or role, or a role
    /// of one service under another.
    pub fn parse(key: &str) -> Option<Role> {
        let (service, code) = key.split_once('.')?;
        let service = Service::parse(service)?;
        CATALOGUE.iter().copied().find(|r| r.service == service && r.code == code)
    }

    pub fn find(service: &str, code: &str) -> Option<Role> {
        Role::parse(&format!("{service}.{code}"))
    }

    /// The full-admin role of a service.
    pub fn full_admin_of(service: Service) -> Role {
        CATALOGUE
            .iter()
            .copied()
            .find(|r| r.service == service && r.full_admin)
            .expect("every service has a full-admin role")
    }
}

impl crate::i18n::ids::MessageIds for Role {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        CATALOGUE.iter().flat_map(|r| [r.name_id, r.description_id]).collect()
    }
}

/// The days a relationship may last.
pub const MIN_DAYS: i32 = 1;
pub const MAX_DAYS: i32 = 730;
/// Auto-extension adds this many days when the end date comes.
pub const AUTO_EXTEND_DAYS: i64 = 180;
/// A request nobody approved expires after this many days.
pub const REQUEST_VALID_DAYS: i64 = 90;
/// A relationship with this many days or fewer left is `expiring`.
pub const EXPIRING_DAYS: i64 = 30;
/// Both sides are reminded this many days before the end.
pub const REMINDER_DAYS: [i32; 3] = [30, 7, 1];

crate::i18n::ids::message_enum! {
    /// A request's or relationship's status (Graph's names in the API).
    pub enum Status {
        ApprovalPending => "gdap-status-approval-pending",
        Active => "gdap-status-active",
        Expiring => "gdap-status-expiring",
        Expired => "gdap-status-expired",
        Terminated => "gdap-status-terminated",
        Declined => "gdap-status-declined",
    }
}

impl Status {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ApprovalPending => "approval_pending",
            Self::Active => "active",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
            Self::Terminated => "terminated",
            Self::Declined => "declined",
        }
    }

    /// Microsoft Graph's name (`delegatedAdminRelationshipStatus`).
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::ApprovalPending => "approvalPending",
            Self::Active => "active",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
            Self::Terminated => "terminated",
            Self::Declined => "declined",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// Still granting access (active or expiring).
    pub fn in_force(self) -> bool {
        matches!(self, Self::Active | Self::Expiring)
    }
}

/// The status of an in-force relationship ending at `ends_at`, seen at `now`.
pub fn status_for(ends_at: chrono::NaiveDateTime, now: chrono::NaiveDateTime) -> Status {
    if ends_at - now <= chrono::TimeDelta::days(EXPIRING_DAYS) { Status::Expiring } else { Status::Active }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_only_under_their_own_service() {
        assert_eq!(Role::parse("office365.helpdesk_admin").map(Role::key).as_deref(), Some("office365.helpdesk_admin"));
        assert_eq!(Role::parse("azure.helpdesk_admin"), None, "a role of one service under another");
        assert_eq!(Role::parse("office365.root"), None);
        assert_eq!(Role::parse("nope.owner"), None);
        assert_eq!(Role::parse("office365"), None);
        assert!(Role::parse("azure.owner").unwrap().full_admin);
    }

    #[test]
    fn every_service_has_exactly_one_full_admin_role() {
        for service in Service::ALL {
            assert_eq!(CATALOGUE.iter().filter(|r| r.service == service && r.full_admin).count(), 1);
            assert_eq!(Role::full_admin_of(service).service, service);
        }
    }
}

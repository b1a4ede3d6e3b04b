//! The registry of message ids Rust code can show: every enum that carries
//! message ids is listed here, so the checker never reads Rust source.

use crate::domain::accounts::{CustomerRole, PartnerRole};
use crate::domain::audit::Action;
use crate::domain::customers::DapStatus;
use crate::domain::services::Service;
use crate::domain::{activity, delegated_admin, notifications};
use crate::i18n::ids::{self, IdFamily, MessageIds};
use crate::notify::mail::MailText;
use crate::web::error::{BadInput, ErrorText, Refusal, RoleNeeded};
use crate::web::flash::Notice;

/// Every message id used in code, by the type that carries it.
pub fn used_in_code() -> Vec<IdFamily> {
    let mut families = vec![
        IdFamily::of::<ids::Constants>(),
        IdFamily::of::<Service>(),
        IdFamily::of::<PartnerRole>(),
        IdFamily::of::<CustomerRole>(),
        IdFamily::of::<Action>(),
        IdFamily::of::<DapStatus>(),
        IdFamily::of::<RoleNeeded>(),
        IdFamily::of::<BadInput>(),
        IdFamily::of::<Refusal>(),
        IdFamily::of::<ErrorText>(),
        IdFamily::of::<Notice>(),
        IdFamily::of::<notifications::Kind>(),
        IdFamily::of::<MailText>(),
        IdFamily::of::<activity::ActorText>(),
        IdFamily::of::<delegated_admin::Role>(),
        IdFamily::of::<delegated_admin::Status>(),
    ];
    families.extend(crate::routes::message_ids());
    families
}

// The domain's enums keep their `message_id()`; the lists below name every
// variant, and the `match`es fail to compile when a variant is added.

impl MessageIds for Service {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        Service::ALL.iter().map(|s| s.message_id()).collect()
    }
}

impl MessageIds for Action {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        Action::ALL.iter().map(|a| a.message_id()).collect()
    }
}

impl MessageIds for PartnerRole {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        use PartnerRole::*;
        let _every_variant = |r: PartnerRole| match r {
            AdminAgent | SalesAgent | HelpdeskAgent => (),
        };
        [AdminAgent, SalesAgent, HelpdeskAgent].map(PartnerRole::message_id).to_vec()
    }
}

impl MessageIds for CustomerRole {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        use CustomerRole::*;
        let _every_variant = |r: CustomerRole| match r {
            GlobalAdmin | User => (),
        };
        [GlobalAdmin, User].map(CustomerRole::message_id).to_vec()
    }
}

impl MessageIds for DapStatus {
    const DEFINED_AT: (&'static str, u32) = (file!(), line!());

    fn message_ids() -> Vec<&'static str> {
        use DapStatus::*;
        let _every_variant = |s: DapStatus| match s {
            Ours | Removed | Released | Other | None => (),
        };
        [Ours, Removed, Released, Other, None].map(DapStatus::message_id).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::used_in_code;

    #[test]
    fn the_registry_finds_an_id_of_every_enum_family() {
        let ids: Vec<&str> = used_in_code().into_iter().flat_map(|f| f.ids).collect();
        for id in [
            "language-name",                       // i18n::ids constants
            "service-azure",                       // Service
            "role-helpdesk-agent",                 // PartnerRole
            "role-global-admin",                   // CustomerRole
            "activity-dap-removed",                // audit Action
            "customers-dap-other",                 // DapStatus
            "forbidden-needs-admin-agent",         // RoleNeeded
            "customer-action-invalid",             // BadInput
            "por-refused-already-ours",            // Refusal
            "error-429-body",                      // ErrorText (generic by status)
            "error-hint-retry",                    // ErrorText (hints)
            "flash-subscription-transition",       // Notice
            "invitation-conflict",                 // InvitationProblem
            "por-status-pending",                  // StatusBadge
            "customer-access-removed",             // AccessBadge
            "request-email-link-paragraph-no-dap", // EmailText
        ] {
            assert!(ids.contains(&id), "{id} is not in the registry");
        }
    }

    #[test]
    fn every_family_says_where_it_is_written() {
        for family in used_in_code() {
            assert!(family.file.starts_with("src/") && family.file.ends_with(".rs"), "{family:?}");
            assert!(family.line > 0 && !family.ids.is_empty(), "{family:?}");
        }
    }
}

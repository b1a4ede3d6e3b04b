//! The body of `POST /api/v1/delegatedAdminRelationships`: Graph's shape,
//! read field by field into the pages' [`NewRequest`], each refusal naming
//! its field.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::body::JsonObject;
use crate::domain::delegated_admin::requests::{NAME_MAX_CHARS, NewRequest, RequestProblem};
use crate::domain::delegated_admin::{AUTO_EXTEND_DAYS, MAX_DAYS, Role};
use crate::web::problem::{Problem, ProblemCode};

/// The body of a new request (Graph's shape, plus `customer.domain`).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; `JsonObject` reads it field by field
pub struct NewRelationship {
    /// 1–100 characters.
    #[serde(rename = "displayName")]
    display_name: String,
    /// `P1D` to `P730D`.
    duration: String,
    /// `PT0S` (default) or `P180D`; not with a full-admin role.
    #[serde(rename = "autoExtendDuration")]
    auto_extend_duration: Option<String>,
    /// Only this customer's global admins may approve.
    customer: Option<NewCustomer>,
    #[serde(rename = "accessDetails")]
    access_details: NewAccessDetails,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct NewCustomer {
    /// The customer's domain, e.g. `tailspin.example`.
    domain: String,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct NewAccessDetails {
    #[serde(rename = "unifiedRoles")]
    unified_roles: Vec<NewUnifiedRole>,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct NewUnifiedRole {
    #[serde(rename = "roleDefinitionId")]
    role_definition_id: String,
}

/// `P<n>D` (or `PT0S`, zero days).
fn parse_days(raw: &str) -> Option<i64> {
    if raw == "PT0S" {
        return Some(0);
    }
    let digits = raw.strip_prefix('P')?.strip_suffix('D')?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The request a body describes, or the first thing wrong with it.
pub(super) fn parse_request(value: &serde_json::Value) -> Result<NewRequest, Problem> {
    let root =
        JsonObject::root(value, &["displayName", "duration", "autoExtendDuration", "customer", "accessDetails"])?;
    let display_name = root.string("displayName")?.trim().to_owned();
    let days =
        parse_days(root.string("duration")?).filter(|d| (1..=i64::from(MAX_DAYS)).contains(d)).ok_or_else(|| {
            Problem::field(ProblemCode::DurationOutOfRange, root.pointer("duration")).count(MAX_DAYS.into())
        })?;
    let auto_extend = match root.optional_string("autoExtendDuration")? {
        None => false,
        Some(raw) => match parse_days(raw) {
            Some(0) => false,
            Some(AUTO_EXTEND_DAYS) => true,
            _ => return Err(Problem::field(ProblemCode::InvalidField, root.pointer("autoExtendDuration"))),
        },
    };
    let customer_domain = match root.optional_object("customer", &["domain"])? {
        None => None,
        Some(customer) => Some(customer.string("domain")?.trim().trim_end_matches('.').to_ascii_lowercase()),
    };
    let access = root.object("accessDetails", &["unifiedRoles"])?;
    let mut roles = Vec::new();
    for (i, item) in access.objects("unifiedRoles", &["roleDefinitionId"])?.iter().enumerate() {
        let key = item.string("roleDefinitionId")?;
        let role = Role::parse(key).ok_or_else(|| {
            Problem::field(ProblemCode::UnknownRole, format!("/accessDetails/unifiedRoles/{i}/roleDefinitionId"))
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let request = NewRequest {
        display_name,
        duration_days: days as i32,
        auto_extend,
        customer_domain: customer_domain.filter(|d| !d.is_empty()),
        roles,
    };
    request.validate().map_err(|problem| match problem {
        RequestProblem::NameMissing => Problem::field(ProblemCode::NameMissing, "/displayName"),
        RequestProblem::NameTooLong => {
            Problem::field(ProblemCode::NameTooLong, "/displayName").count(NAME_MAX_CHARS as i64)
        }
        RequestProblem::NameNotOneLine => Problem::field(ProblemCode::NameNotOneLine, "/displayName"),
        RequestProblem::DurationOutOfRange => {
            Problem::field(ProblemCode::DurationOutOfRange, "/duration").count(MAX_DAYS.into())
        }
        RequestProblem::NoRoles => Problem::field(ProblemCode::NoRoles, "/accessDetails/unifiedRoles"),
        RequestProblem::AutoExtendWithFullAdmin => {
            Problem::field(ProblemCode::AutoExtendWithFullAdmin, "/autoExtendDuration")
        }
        RequestProblem::DomainInvalid => Problem::field(ProblemCode::DomainInvalid, "/customer/domain"),
    })?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_days("P90D"), Some(90));
        assert_eq!(parse_days("PT0S"), Some(0));
        for bad in ["90", "P90", "PD", "P-1D", "P1.5D", "P9999999D", "p90d"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }
}

//! The JSON every outbox message carries (DESIGN.md §13): the webhook body
//! as sent, and what a mail is written from.

use serde::{Deserialize, Serialize};

use super::Side;

/// The JSON every message carries: the webhook body as sent, and what a mail
/// is written from. A stable schema per event type (README: Webhooks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    #[serde(rename = "type")]
    pub event_type: String,
    pub timestamp: String,
    pub data: PayloadData,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayloadData {
    pub partner_id: i64,
    pub partner_name: String,
    /// `null` only for the partner's own events (`invitation_link.rotated`).
    pub customer: Option<Customer>,
    pub services: Vec<String>,
    pub by: Side,
    pub actor: String,
    pub ends_at: Option<String>,
    /// The delegated-admin relationship, for `delegated_admin_request.*`
    /// and `delegated_admin_relationship.*` events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<RelationshipRef>,
}

/// A delegated-admin relationship in a payload: its id (in its link and the
/// API), its name, and the roles concerned as `<service>.<role>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationshipRef {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub domain: String,
}

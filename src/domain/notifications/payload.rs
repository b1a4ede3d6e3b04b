//! The JSON every outbox message carries (DESIGN.md §13): the webhook body
//! as sent, and what a mail is written from.

use serde::{Deserialize, Serialize};

use super::Side;
use crate::domain::activity::{Actor, SYSTEM_ACTOR};

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
    /// Who acted: a person's name, an API key's name, or `system`.
    pub actor: String,
    /// Which of those `actor` is. Absent from messages queued before it
    /// existed, whose `actor` may still be the stored form of an API key
    /// (`Actor::of` reads both).
    #[serde(default)]
    pub actor_type: ActorType,
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

/// What kind of actor a payload's `actor` names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    #[default]
    Person,
    ApiKey,
    System,
}

impl ActorType {
    /// The actor as the audit log stores it (`Actor::of`), as a payload
    /// names it: a person's or an API key's own name (never the key's
    /// stored form with its hint), or `system`.
    pub fn split(stored: &str) -> (String, ActorType) {
        match Actor::of(stored) {
            Actor::Person(name) => (name.to_owned(), ActorType::Person),
            Actor::ApiKey { name, .. } => (name.to_owned(), ActorType::ApiKey),
            Actor::System => (SYSTEM_ACTOR.to_owned(), ActorType::System),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub domain: String,
}

#[cfg(test)]
mod actor_tests {
    use super::*;

    #[test]
    fn actors_are_named_in_words_with_their_type() {
        let key = Actor::api_key_name("CIPP sync", "plk_kYS4US");
        assert_eq!(ActorType::split(&key), ("CIPP sync".to_owned(), ActorType::ApiKey));
        assert_eq!(ActorType::split("Nadia Orlova"), ("Nadia Orlova".to_owned(), ActorType::Person));
        assert_eq!(ActorType::split(SYSTEM_ACTOR), ("system".to_owned(), ActorType::System));
        assert_eq!(serde_json::to_string(&ActorType::ApiKey).unwrap(), "\"api_key\"");
    }
}

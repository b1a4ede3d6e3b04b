//! How the activity log words what the database keeps as codes: who did
//! something (as mails word it, [`ActorWords`]), and the delegated-admin
//! roles an event concerns, in the reader's language.

use super::Page;
use crate::domain::activity::{Actor, ActorWords, EventRow};
use crate::domain::delegated_admin::{CATALOGUE, Role};
use crate::i18n::ids::message_enum;

message_enum! {
    /// The activity log's own words around stored values.
    pub enum EventText {
        /// Takes `$detail` (a request's name) and `$roles`.
        DetailWithRoles => "activity-detail-with-roles",
        RolesSeparator => "activity-roles-separator",
    }
}

/// Stand-ins for the values, so each text is looked up once (a CSV export
/// words thousands of events).
const DETAIL: &str = "\u{E001}";
const ROLES: &str = "\u{E002}";

pub struct EventTexts {
    actors: ActorWords,
    with_roles: String,
    separator: String,
    role_names: Vec<(Role, String)>,
}

impl EventTexts {
    pub fn new(ctx: &Page) -> Self {
        Self {
            actors: ActorWords::new(ctx.catalog(), ctx.locale),
            with_roles: ctx.t2(EventText::DetailWithRoles.message_id(), "detail", DETAIL, "roles", ROLES),
            separator: ctx.t(EventText::RolesSeparator.message_id()).into_owned(),
            role_names: CATALOGUE.iter().map(|r| (*r, ctx.t(r.name_id).into_owned())).collect(),
        }
    }

    /// `actor` as the reader sees it.
    pub fn actor(&self, actor: Actor<'_>) -> String {
        self.actors.name(actor)
    }

    /// The event's detail, followed by the names of its roles.
    pub fn detail(&self, event: &EventRow) -> Option<String> {
        let detail = event.detail.as_deref()?;
        if event.roles.is_empty() {
            return Some(detail.to_owned());
        }
        let names: Vec<&str> = event
            .roles
            .iter()
            .filter_map(|role| self.role_names.iter().find(|(r, _)| r == role).map(|(_, name)| name.as_str()))
            .collect();
        Some(self.with_roles.replace(DETAIL, detail).replace(ROLES, &names.join(&self.separator)))
    }
}

//! How an event's actor is worded for a reader: a person by name, an API key
//! and the system in the reader's language. The activity log (pages and CSV)
//! and mails word them alike, with these messages.

use super::Actor;
use crate::i18n::{Catalog, Locale};

crate::i18n::ids::message_enum! {
    /// The words for an actor who is not a person.
    pub enum ActorText {
        SystemActor => "activity-actor-system",
        /// Takes `$name`, the key's name.
        ApiKeyActor => "activity-actor-api-key",
    }
}

/// The words for actors in one language, looked up once (a CSV export words
/// thousands of events).
pub struct ActorWords {
    system: String,
    /// The API key message before and after its `$name`.
    api_key: (String, String),
}

impl ActorWords {
    pub fn new(catalog: &Catalog, locale: Locale) -> Self {
        Self {
            system: catalog.text(locale, ActorText::SystemActor.message_id()).into_owned(),
            api_key: catalog.around(locale, ActorText::ApiKeyActor.message_id(), "name", &[]),
        }
    }

    /// `actor` as the reader sees it.
    pub fn name(&self, actor: Actor<'_>) -> String {
        match actor {
            Actor::System => self.system.clone(),
            Actor::ApiKey { name, .. } => format!("{}{name}{}", self.api_key.0, self.api_key.1),
            Actor::Person(name) => name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use fluent_bundle::{FluentArgs, FluentValue};

    use super::*;
    use crate::i18n::{LocaleSource, Localizer};

    /// The key's words split once around its name read as the whole message
    /// formatted with the name.
    #[test]
    fn an_api_key_reads_as_its_message_with_the_name() {
        let catalog = Localizer::new(LocaleSource::Embedded, None).catalog();
        for locale in Locale::all() {
            let words = ActorWords::new(&catalog, locale);
            let mut args = FluentArgs::new();
            args.set("name", FluentValue::from("CIPP sync"));
            assert_eq!(
                words.name(Actor::ApiKey { name: "CIPP sync", hint: "plk_ab12" }),
                catalog.message(locale, ActorText::ApiKeyActor.message_id(), Some(&args)),
            );
            assert_eq!(words.name(Actor::System), catalog.message(locale, ActorText::SystemActor.message_id(), None));
            assert_eq!(words.name(Actor::Person("Nadia Orlova")), "Nadia Orlova");
        }
    }
}

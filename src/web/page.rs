//! The context every template gets: language, messages, who is signed in,
//! the CSRF token and a one-time flash message.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Display;
use std::future::{Ready, ready};
use std::sync::Arc;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::NaiveDateTime;
use fluent_bundle::{FluentArgs, FluentValue};

use super::AppError;
use super::auth::{
    AdminAgentOnly, AdminOrSalesAgent, CustomerRequirement, GlobalAdminOnly, PartnerRequirement, Principal,
};
use super::csrf;
use super::event_text::EventTexts;
use super::flash::FLASH_KEY;
pub use super::flash::Flash;
use super::query::QueryPairs;
use crate::domain::activity::{Actor, EventRow};
use crate::i18n::{Catalog, Locale};
use crate::state::AppState;

/// Where the links of the navigation in `templates/base.html` lead: a
/// page is in the narrowest of these sections it lies in ([`Page::at`]).
const NAV_SECTIONS: &[&str] = &[
    "/partner/customers",
    "/partner/customers/request-relationship",
    "/partner/activity",
    "/partner/delegated-admin-requests",
    "/partner/settings/webhooks",
    "/partner/settings/api-keys",
    "/partner/settings/notifications",
    "/admin/partner-relationships",
    "/admin/activity",
    "/admin/settings/notifications",
];

/// Integers templates pass to `tn` and `number` (askama passes fields by
/// reference, expressions by value).
pub trait Count {
    fn value(&self) -> i64;
}

impl Count for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

impl Count for i32 {
    fn value(&self) -> i64 {
        i64::from(*self)
    }
}

impl<T: Count> Count for &T {
    fn value(&self) -> i64 {
        (**self).value()
    }
}

/// One entry of the language switcher.
pub struct LanguageLink {
    pub tag: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

pub struct Page {
    pub locale: Locale,
    catalog: Arc<Catalog>,
    pub principal: Option<Principal>,
    /// `None` on the page shown when the session store itself is down.
    session: Option<Session>,
    csrf: OnceCell<String>,
    /// The activity log's words, looked up on the first event shown.
    event_texts: OnceCell<EventTexts>,
    flash: Option<Flash>,
    path: String,
    query: String,
    /// Whether the request was a `GET` or `HEAD`: only then does its own
    /// address show this page again.
    read: bool,
    /// Where a `GET` shows this page, when the request was a form's
    /// ([`Page::shown_at`]).
    address: Option<String>,
    pub state: web::Data<AppState>,
}

impl Page {
    pub fn build(req: &HttpRequest) -> Result<Page, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| AppError::Internal("application state missing".into()))?;
        let session = req.get_session();
        let locale = super::locale::negotiate(req, Some(&session), &state);
        let principal = super::auth::principal(req);
        let flash = match session.get::<Flash>(FLASH_KEY) {
            Ok(Some(flash)) => {
                session.remove(FLASH_KEY);
                Some(flash)
            }
            _ => None,
        };
        Ok(Page {
            locale,
            catalog: state.localizer.catalog(),
            principal,
            session: Some(session),
            csrf: OnceCell::new(),
            event_texts: OnceCell::new(),
            flash,
            path: req.path().to_owned(),
            query: req.query_string().to_owned(),
            read: matches!(*req.method(), Method::GET | Method::HEAD),
            address: None,
            state,
        })
    }

    /// A page for a request whose session could not be loaded (its store is
    /// unreachable): anonymous, without forms.
    pub fn without_session(state: web::Data<AppState>, locale: Locale, path: &str, query: &str) -> Page {
        Page {
            locale,
            catalog: state.localizer.catalog(),
            principal: None,
            session: None,
            csrf: OnceCell::new(),
            event_texts: OnceCell::new(),
            flash: None,
            path: path.to_owned(),
            query: query.to_owned(),
            read: true,
            address: None,
            state,
        }
    }

    /// The message `id` in the page's language.
    pub fn t(&self, id: &str) -> Cow<'_, str> {
        self.catalog.text(self.locale, id)
    }

    /// The message `id` with one string argument.
    pub fn t1(&self, id: &str, name: &str, value: impl Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.to_string()));
        self.catalog.message(self.locale, id, Some(&args))
    }

    /// The message `id` with two string arguments.
    pub fn t2(&self, id: &str, name1: &str, value1: impl Display, name2: &str, value2: impl Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name1, FluentValue::from(value1.to_string()));
        args.set(name2, FluentValue::from(value2.to_string()));
        self.catalog.message(self.locale, id, Some(&args))
    }

    /// The message `id` with a number `$count` (selects plural forms).
    pub fn tn(&self, id: &str, count: impl Count) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count.value()));
        self.catalog.message(self.locale, id, Some(&args))
    }

    /// The message `id` split where it shows the variable `$hole`: the text
    /// before and after it. The template puts its own markup there (a
    /// `<span lang>`, a muted detail) while the words, punctuation and spaces
    /// around it stay in the message, where each language sets them (a
    /// Chinese `：` or `（…）`). `args` are the message's other variables.
    pub fn t_around<'a>(&self, id: &str, hole: &str, args: impl AsRef<[(&'a str, &'a str)]>) -> (String, String) {
        self.catalog.around(self.locale, id, hole, args.as_ref())
    }

    /// The messages the page reads them from.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Who did an event, from its stored actor, in the page's language.
    pub fn actor(&self, stored: &str) -> String {
        self.event_texts.get_or_init(|| EventTexts::new(self)).actor(Actor::of(stored))
    }

    /// An event's detail with the roles it concerns, in the page's language.
    pub fn event_detail(&self, event: &EventRow) -> Option<String> {
        self.event_texts.get_or_init(|| EventTexts::new(self)).detail(event)
    }

    /// The message `id` in another language (the email's language).
    pub fn t_in(&self, locale: Locale, id: &str, args: &[(&str, &str)]) -> String {
        if args.is_empty() {
            return self.catalog.text(locale, id).into_owned();
        }
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.catalog.message(locale, id, Some(&fluent_args))
    }

    pub fn date(&self, at: &NaiveDateTime) -> String {
        self.catalog.formatters().date(self.locale, *at)
    }

    pub fn date_time(&self, at: &NaiveDateTime) -> String {
        self.catalog.formatters().date_time(self.locale, *at)
    }

    pub fn number(&self, n: impl Count) -> String {
        self.catalog.formatters().number(self.locale, n.value())
    }

    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// The session's CSRF token (created the first time a form needs it).
    pub fn csrf_token(&self) -> &str {
        self.csrf.get_or_init(|| self.session.as_ref().map(csrf::token).unwrap_or_default())
    }

    pub fn flash_text(&self) -> Option<String> {
        let flash = self.flash.as_ref()?;
        let mut args = FluentArgs::new();
        for (name, value) in &flash.args {
            args.set(name.as_str(), FluentValue::from(value.as_str()));
        }
        Some(self.catalog.message(self.locale, &flash.id, Some(&args)))
    }

    pub fn flash_is_success(&self) -> bool {
        self.flash.as_ref().is_some_and(|f| f.success)
    }

    pub fn is_partner(&self) -> bool {
        self.principal.as_ref().is_some_and(Principal::is_partner)
    }

    pub fn is_customer(&self) -> bool {
        self.principal.as_ref().is_some_and(|p| !p.is_partner())
    }

    /// Whether the signed-in user may open the request screen, by the same
    /// rule as its handler, so navigation never offers a link that answers 403.
    pub fn can_request_relationships(&self) -> bool {
        matches!(&self.principal, Some(Principal::Partner(p)) if AdminOrSalesAgent::allows(p.role))
    }

    /// Whether the signed-in user may manage the partner's webhooks (the
    /// same rule as those pages' handlers).
    pub fn can_manage_webhooks(&self) -> bool {
        matches!(&self.principal, Some(Principal::Partner(p)) if AdminAgentOnly::allows(p.role))
    }

    /// Whether the signed-in user may ask customers for delegated-admin
    /// roles (the same rule as those pages' handlers).
    pub fn can_manage_delegated_admin(&self) -> bool {
        matches!(&self.principal, Some(Principal::Partner(p)) if AdminAgentOnly::allows(p.role))
    }

    /// Whether the signed-in user receives mails (a partner's admin agent, a
    /// customer's global admin), so has a notification settings page.
    pub fn receives_notifications(&self) -> bool {
        match &self.principal {
            Some(Principal::Partner(p)) => AdminAgentOnly::allows(p.role),
            Some(Principal::Customer(c)) => GlobalAdminOnly::allows(c.role),
            None => false,
        }
    }

    /// Whether the navigation link to `prefix` is the current one: the
    /// path is in its section, and in no narrower section that has a link of
    /// its own (the request page is under the customer list, and only its
    /// own link is marked).
    pub fn at(&self, prefix: &str) -> bool {
        let within =
            |prefix: &str| self.path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        within(prefix) && !NAV_SECTIONS.iter().any(|narrower| narrower.len() > prefix.len() && within(narrower))
    }

    /// This page answers a form (a `POST` whose address has no page of its
    /// own), and a `GET` of `address` (a path on this site, with its query)
    /// shows it: its language links lead there.
    pub fn shown_at(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// The request's error page: one that answers a form has no page at the
    /// form's address, and its language links lead to the start page.
    pub fn for_error(self) -> Self {
        if self.read { self } else { self.shown_at("/") }
    }

    /// Links to this same page in every language. A page that answers a
    /// form links to where a `GET` shows it ([`Page::shown_at`]), else to
    /// its own path without the form (forms post to their own page); the
    /// error pages of forms link to the start page.
    pub fn languages(&self) -> Vec<LanguageLink> {
        let (path, query) = match (&self.address, self.read) {
            (Some(address), _) => address.split_once('?').unwrap_or((address, "")),
            (None, true) => ("", self.query.as_str()),
            (None, false) => (self.path.as_str(), ""),
        };
        // A path of our own only: `//evil.example/x` would be another host,
        // and so would `/\evil.example/x` to a browser.
        let path = match path.as_bytes() {
            [b'/', b'/' | b'\\', ..] => "",
            [b'/', ..] => path,
            _ => "",
        };
        let query = QueryPairs::parse(query);
        Locale::all()
            .map(|locale| {
                let mut pairs = form_urlencoded::Serializer::new(String::new());
                pairs.extend_pairs(query.without("lang"));
                pairs.append_pair("lang", locale.tag());
                LanguageLink {
                    tag: locale.tag(),
                    name: self.catalog.text(locale, crate::i18n::ids::LANGUAGE_NAME).into_owned(),
                    // Without a path, only a query: relative to this page.
                    href: format!("{path}?{}", pairs.finish()),
                    current: locale == self.locale,
                }
            })
            .collect()
    }

    pub fn asset(&self, name: &str) -> Cow<'_, str> {
        self.state.assets.url(name)
    }
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = Ready<Result<Page, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Page::build(req))
    }
}

#[cfg(test)]
mod nav_tests {
    use super::NAV_SECTIONS;

    /// Every section the navigation marks is listed, so that a page under
    /// two of them is marked in the narrower one only.
    #[test]
    fn every_navigation_link_is_a_listed_section() {
        let base = include_str!("../../templates/base.html");
        let marked: Vec<&str> =
            base.split("ctx.at(\"").skip(1).map(|rest| rest.split('"').next().unwrap_or_default()).collect();
        assert_eq!(marked.len(), NAV_SECTIONS.len(), "{marked:?}");
        for section in marked {
            assert!(NAV_SECTIONS.contains(&section), "{section} is not in NAV_SECTIONS");
        }
    }
}

//! The request's language (DESIGN §6): `?lang=` (then remembered in a
//! cookie and, when signed in, in the account) > the `lang` cookie > the
//! signed-in user's preference > `Accept-Language` > the configured default.
//!
//! Everything that reads or remembers the choice is here; the session keeps a
//! [`Locale`], and the account's stored preference is read and written as one
//! by `domain::users`.

use actix_session::{Session, SessionExt};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};

use super::auth::Principal;
use super::query::QueryPairs;
use crate::domain::users;
use crate::i18n::Locale;
use crate::state::AppState;

/// The cookie that remembers a language chosen with `?lang=`.
pub const LANG_COOKIE: &str = "lang";
/// The session's copy of the signed-in user's preference.
const SESSION_KEY: &str = "lang";

/// The language the request itself asks for, read once per request (before
/// the session exists) and settled against the session by [`locale`].
#[derive(Clone, Copy)]
struct Requested {
    /// `?lang=`, when it names a supported language.
    chosen: Option<Locale>,
    /// `?lang=` or the `lang` cookie: wins over the session's preference.
    explicit: bool,
    /// The explicit choice, else `Accept-Language`, else the default.
    locale: Locale,
}

impl Requested {
    fn of(req: &HttpRequest, state: &AppState) -> Self {
        let chosen = QueryPairs::parse(req.query_string()).first("lang").and_then(Locale::from_tag);
        let explicit = chosen.or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Locale::from_tag(c.value())));
        let locale = explicit.unwrap_or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
                .unwrap_or(state.settings.default_locale)
        });
        Self { chosen, explicit: explicit.is_some(), locale }
    }

    fn resolve(self, session: Option<&Session>) -> Locale {
        let preferred = || session?.get::<Locale>(SESSION_KEY).ok().flatten();
        if self.explicit { self.locale } else { preferred().unwrap_or(self.locale) }
    }
}

/// The language of a request, settled against `session` when there is one.
pub fn negotiate(req: &HttpRequest, session: Option<&Session>, state: &AppState) -> Locale {
    req.extensions().get::<Locale>().copied().unwrap_or_else(|| Requested::of(req, state).resolve(session))
}

/// Reads the language the request asks for, once, before the session layer
/// runs; [`locale`] settles it later. Returns it as it stands without a
/// session, for an error page if the session layer fails.
pub fn read_requested(req: &ServiceRequest, state: &AppState) -> Locale {
    let requested = Requested::of(req.request(), state);
    req.extensions_mut().insert(requested);
    requested.resolve(None)
}

/// Remembers the user's preferred language in the session (sign-in uses it).
pub fn remember_language(session: &Session, locale: Locale) {
    if let Err(err) = session.insert(SESSION_KEY, locale) {
        tracing::warn!(%err, "cannot store the language in the session");
    }
}

fn lang_cookie(locale: Locale, secure: bool) -> Cookie<'static> {
    Cookie::build(LANG_COOKIE, locale.tag())
        .path("/")
        .max_age(CookieDuration::days(365))
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// Inside the session middleware: picks the language, and when `?lang=` chose
/// it, keeps it in a cookie and in the signed-in user's preferences.
pub async fn locale(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let session = req.get_session();
    let requested = req.extensions().get::<Requested>().copied();
    let requested = requested.unwrap_or_else(|| Requested::of(req.request(), &state));
    let locale = requested.resolve(Some(&session));
    req.extensions_mut().insert(locale);
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(chosen) = requested.chosen {
        let _ = res.response_mut().add_cookie(&lang_cookie(chosen, state.settings.cookie_secure()));
        let principal = res.request().extensions().get::<Principal>().cloned();
        if let Some(principal) = principal {
            remember_language(&session, chosen);
            let account = principal.account();
            let saved = state.db.run(move |conn| users::set_preferred_language(conn, account, chosen)).await;
            if let Err(err) = saved {
                tracing::warn!(%err, "cannot store the language preference");
            }
        }
    }
    Ok(res)
}

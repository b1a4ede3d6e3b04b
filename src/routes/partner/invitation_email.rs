//! The copyable email a partner sends a customer with a link: editable
//! paragraphs, the fixed link paragraph and a closing, in a language the
//! partner chooses (`?email_lang=`), with a `mailto:` fallback. The markup is
//! `templates/partner/email_editor.html`; `static/app.js` copies it.

use crate::i18n::Locale;
use crate::i18n::ids::LANGUAGE_NAME;
use crate::web::query::QueryPairs;
use crate::web::{Page, url_encode};

/// The email as composed in its language.
pub struct Email {
    pub subject: String,
    pub paragraph_1: String,
    pub paragraph_2: String,
    pub link_paragraph: String,
    pub closing: String,
    pub mailto: String,
}

impl Email {
    pub fn new(
        subject: String,
        paragraph_1: String,
        paragraph_2: String,
        link_paragraph: String,
        closing: String,
    ) -> Email {
        // Paragraphs apart by a blank line; every line ends with CRLF in mail.
        let body =
            [&paragraph_1, &paragraph_2, &link_paragraph, &closing].map(|p| p.replace('\n', "\r\n")).join("\r\n\r\n");
        let mailto = format!("mailto:?subject={}&body={}", url_encode(&subject), url_encode(&body));
        Email { subject, paragraph_1, paragraph_2, link_paragraph, closing, mailto }
    }
}

/// One choice of the email's language, named in that language.
pub struct EmailLanguage {
    pub tag: &'static str,
    pub name: String,
    pub selected: bool,
}

/// Every language the email can be written in.
pub fn languages(ctx: &Page, selected: Locale) -> Vec<EmailLanguage> {
    Locale::all()
        .map(|l| EmailLanguage { tag: l.tag(), name: ctx.t_in(l, LANGUAGE_NAME, &[]), selected: l == selected })
        .collect()
}

/// The email's language from `?email_lang=` (the page's own by default),
/// and whether an unknown one was asked for.
pub fn chosen_language(query: &QueryPairs, ctx: &Page) -> (Locale, bool) {
    let requested = query.last("email_lang").filter(|v| !v.is_empty());
    let parsed = requested.and_then(Locale::from_tag);
    (parsed.unwrap_or(ctx.locale), requested.is_some() && parsed.is_none())
}

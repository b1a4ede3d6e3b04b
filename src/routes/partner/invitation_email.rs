//! The copyable email a partner sends a customer with a link: editable
//! paragraphs, the fixed link paragraph and a closing, in a language the
//! partner chooses (`?email_lang=`), with a `mailto:` fallback. The markup is
//! `templates/partner/email_editor.html`; `static/app.js` copies it.

use askama::filters::Safe;

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
    /// The `mailto:` link, written for an HTML attribute as it is.
    pub mailto: Safe<String>,
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
        // Percent-encoded text is letters, digits, `-_.~%`: nothing HTML
        // escapes but the `&` between the fields, escaped here. The page no
        // longer scans the ~6 KB link for characters to escape.
        let mailto = Safe(format!("mailto:?subject={}&#38;body={}", url_encode(&subject), url_encode(&body)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mailto_link_is_written_as_html_would_escape_it() {
        let email = Email::new(
            "Subject & <co>".into(),
            "Привет, \"мир\" & 'you'\n<b>".into(),
            "星辰科技".into(),
            "https://x.example/a?token=abc&x=1".into(),
            "—".into(),
        );
        let Safe(escaped) = &email.mailto;
        let raw = escaped.replace("&#38;", "&");
        assert_eq!(*escaped, askama::filters::escape(&raw, askama::filters::Html).unwrap().to_string());
        assert!(raw.starts_with("mailto:?subject=Subject%20%26%20%3Cco%3E&body=%D0%9F"));
    }
}

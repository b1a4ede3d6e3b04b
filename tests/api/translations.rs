//! What translators and readers see: every page in every language is fully
//! translated (no message ids, no English left on ru/zh-CN pages, no
//! invisible isolation marks), templates hold no hard-coded text, and edits
//! to `.ftl` files show on the next page load when live reload is on.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use fluent_syntax::ast;

use crate::helpers::*;

const LANGUAGES: [&str; 3] = ["en", "ru", "zh-CN"];

/// Message id → English value (placeables written as `{…}`), from `locales/en`.
fn english_messages() -> HashMap<String, String> {
    let mut messages = HashMap::new();
    for entry in std::fs::read_dir("locales/en").unwrap().flatten() {
        let source = std::fs::read_to_string(entry.path()).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str()).expect("clean locale file");
        for item in resource.body {
            if let ast::Entry::Message(message) = item {
                let value = message.value.map(|pattern| pattern_text(&pattern)).unwrap_or_default();
                messages.insert(message.id.name.to_owned(), value);
            }
        }
    }
    messages
}

fn pattern_text(pattern: &ast::Pattern<&str>) -> String {
    pattern
        .elements
        .iter()
        .map(|element| match element {
            ast::PatternElement::TextElement { value } => (*value).to_owned(),
            ast::PatternElement::Placeable { .. } => "{…}".to_owned(),
        })
        .collect()
}

/// The text a reader sees or hears: text nodes and the attributes read out.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let tag_end = rest[start..].find('>').map(|i| start + i + 1).unwrap_or(rest.len());
        let tag = &rest[start..tag_end];
        for attribute in ["placeholder", "aria-label", "title", "alt", "value"] {
            if let Some(value) = tag.split(&format!(" {attribute}=\"")).nth(1).and_then(|v| v.split('"').next())
                && !(attribute == "value" && (tag.contains("type=\"hidden\"") || tag.contains("type=\"checkbox\"")))
            {
                text.push_str(value);
                text.push(' ');
            }
        }
        rest = &rest[tag_end..];
        // Script and style contents are not text; textarea contents are.
        for raw in ["script", "style"] {
            if tag.starts_with(&format!("<{raw}")) {
                let close = format!("</{raw}>");
                rest = rest.find(&close).map(|i| &rest[i..]).unwrap_or(rest);
            }
        }
    }
    text.push_str(rest);
    unescape(&text)
}

fn with_lang(path: &str, lang: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}lang={lang}")
}

fn check_page(label: &str, lang: &str, page: &Page, english: &HashMap<String, String>, app: &TestApp) -> Vec<String> {
    let mut problems = Vec::new();
    if page.html_lang() != lang {
        problems.push(format!("{label} [{lang}]: <html lang=\"{}\">", page.html_lang()));
    }
    if page.body.contains(['\u{2068}', '\u{2069}']) {
        problems.push(format!("{label} [{lang}]: Unicode isolation marks (U+2068/U+2069) in the page"));
    }
    let text = visible_text(&page.body);
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if english.contains_key(word) {
            problems.push(format!("{label} [{lang}]: message id `{word}` shown instead of its text"));
        }
    }
    if lang != "en" {
        for (id, value) in english {
            let translated = app.text(lang, id);
            for fragment in value.split("{…}").map(str::trim) {
                let sentence = fragment.chars().count() >= 16 && fragment.contains(' ');
                // A term glossed in parentheses after its translation is allowed (see GLOSSARY.md).
                let glossed = text.contains(&format!("({fragment})")) || text.contains(&format!("（{fragment}）"));
                if sentence && !glossed && !translated.contains(fragment) && text.contains(fragment) {
                    problems.push(format!("{label} [{lang}]: English text of `{id}` on the page: {fragment:?}"));
                }
            }
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_fully_translated_in_every_language() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let english = english_messages();
    let wingtip = app.id_of("tenants", "Wingtip Toys");
    let fabrikam = app.id_of("partners", "Fabrikam Solutions");
    let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
    let invitation = link.trim_start_matches(&app.address).to_owned();
    let invalid = format!("/admin/partner-invitation?token={}", "A".repeat(32));

    // The check itself finds each kind of problem.
    let broken = Page {
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: format!("<html lang=\"en\"><p>landing-title \u{2068}x\u{2069} {}</p>", app.text("en", "landing-lead")),
    };
    assert_eq!(check_page("sample", "ru", &broken, &english, &app).len(), 4, "lang, isolation marks, id, English");

    let pages: Vec<(Option<&str>, String)> = vec![
        (None, "/".into()),
        (None, "/partner/sign-in".into()),
        (None, "/admin/sign-in".into()),
        (None, format!("/admin/sign-in?next={}", invitation.replace('&', "%26").replace('?', "%3F"))),
        (Some("admin@northwind.example"), "/partner/customers".into()),
        (Some("admin@northwind.example"), "/partner/customers?q=nothing-matches-this".into()),
        (Some("admin@northwind.example"), "/partner/customers/request-relationship".into()),
        (Some("admin@northwind.example"), "/partner/customers/request-relationship?dap=false&email_lang=xx".into()),
        (Some("admin@northwind.example"), "/partner/customers/request-relationship/rotate".into()),
        (Some("admin@northwind.example"), format!("/partner/customers/{wingtip}")),
        (Some("admin@northwind.example"), "/partner/activity".into()),
        (Some("helpdesk@northwind.example"), "/partner/customers/request-relationship".into()),
        (Some("admin@tailspin.example"), invitation.clone()),
        (Some("admin@tailspin.example"), invalid),
        (Some("admin@tailspin.example"), "/admin/partner-relationships".into()),
        (Some("admin@tailspin.example"), "/admin/partner-relationships?view=by-service".into()),
        (Some("admin@tailspin.example"), format!("/admin/partner-relationships/{fabrikam}")),
        (Some("user@tailspin.example"), invitation.clone()),
        (Some("admin@tailspin.example"), "/no/such/page".into()),
    ];

    let mut browsers: HashMap<&str, Browser> = HashMap::new();
    let mut problems = Vec::new();
    for lang in LANGUAGES {
        for (who, path) in &pages {
            let browser = match who {
                Some(email) => match browsers.get(email) {
                    Some(browser) => browser,
                    None => browsers.entry(email).or_insert(app.signed_in(email).await),
                },
                None => &app.browser(),
            };
            let page = browser.get(&with_lang(path, lang)).await;
            assert!(page.status != 303 && page.status.as_u16() < 500, "{path} [{lang}]: {}", page.status);
            problems.extend(check_page(path, lang, &page, &english, &app));
        }
        // The confirmation page of removing delegated admin (a POST without `confirm`).
        let customer = &browsers["admin@tailspin.example"];
        let remove = format!("/admin/partner-relationships/{fabrikam}/remove-delegated-admin");
        let page = customer
            .submit(
                &with_lang(&format!("/admin/partner-relationships/{fabrikam}"), lang),
                &remove,
                &[("service", "office365")],
            )
            .await;
        assert_eq!(page.status, 200, "confirmation page: {}", page.body);
        problems.extend(check_page("remove confirmation", lang, &page, &english, &app));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Text between tags and in read-out attributes must come from `ctx.t…`.
#[test]
fn templates_hold_no_hard_coded_text() {
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    let sample = "<p>Hello {{ ctx.t(\"x\") }}</p><input placeholder=\"Search\" aria-label=\"{{ ctx.t(\"y\") }}\">";
    assert_eq!(hard_coded_text(sample).len(), 2, "the scan finds hard-coded text");
    let mut files = Vec::new();
    walk(Path::new("templates"), &mut files);
    let mut problems = Vec::new();
    for file in files {
        // The TechEmpower baseline renders fixed benchmark data, never shown to users.
        if file.ends_with("fortunes.html") {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        problems.extend(hard_coded_text(&source).into_iter().map(|p| format!("{}: {p}", file.display())));
    }
    assert!(problems.is_empty(), "text a user sees belongs in locales/:\n{}", problems.join("\n"));
}

/// Words outside `{{ … }}`/`{% … %}`/`{# … #}` and tags, and read-out
/// attributes that are not template expressions.
fn hard_coded_text(source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut without_code = String::new();
    let mut rest = source;
    while let Some(start) = rest.find(['{', '<']) {
        without_code.push_str(&rest[..start]);
        without_code.push(' ');
        let (open, close) = match &rest[start..start + 2.min(rest.len() - start)] {
            "{{" => ("{{", "}}"),
            "{%" => ("{%", "%}"),
            "{#" => ("{#", "#}"),
            s if s.starts_with('<') => ("<", ">"),
            _ => ("{", ""),
        };
        if close.is_empty() {
            without_code.push('{');
            rest = &rest[start + 1..];
            continue;
        }
        let end =
            rest[start + open.len()..].find(close).map(|i| start + open.len() + i + close.len()).unwrap_or(rest.len());
        if open == "<" {
            let tag = &rest[start..end];
            for attribute in ["placeholder", "aria-label", "title", "alt"] {
                if let Some(value) = tag.split(&format!(" {attribute}=\"")).nth(1).and_then(|v| v.split('"').next())
                    && value.chars().any(char::is_alphabetic)
                    && !value.trim_start().starts_with("{{")
                {
                    problems.push(format!("{attribute}=\"{value}\""));
                }
            }
            if tag.starts_with("<script") || tag.starts_with("<style") {
                let close_tag = if tag.starts_with("<script") { "</script>" } else { "</style>" };
                rest = rest[end..].find(close_tag).map(|i| &rest[end + i..]).unwrap_or(&rest[end..]);
                continue;
            }
        }
        rest = &rest[end..];
    }
    without_code.push_str(rest);
    for word in without_code.split_whitespace() {
        if word.chars().any(char::is_alphabetic) && word != "&nbsp;" && !word.starts_with("&") {
            problems.push(format!("hard-coded text {word:?}"));
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_to_locale_files_show_on_the_next_page_load() {
    let locales = tempfile::tempdir().unwrap();
    for lang in LANGUAGES {
        let target = locales.path().join(lang);
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(Path::new("locales").join(lang)).unwrap().flatten() {
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
    }
    let dir = locales.path().display().to_string();
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        test_settings(url, &[("PARTNERLINK_LOCALES_RELOAD", "true"), ("PARTNERLINK_LOCALES_DIR", &dir)])
    })
    .await;
    let original = app.text("ru", "landing-title");
    app.get("/?lang=ru").await.assert_contains(&original);

    let file = locales.path().join("ru").join("landing.ftl");
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&file).unwrap().replace(from, to);
        std::fs::write(&file, text).unwrap();
        // Make the change visible even on file systems with coarse timestamps.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(later).unwrap();
    };
    edit(&original, "Отношения торговых посредников — правка переводчика");
    app.get("/?lang=ru").await.assert_contains("Отношения торговых посредников — правка переводчика");

    // A syntax error costs only the broken message, which falls back to English.
    edit("landing-title = Отношения торговых посредников — правка переводчика", "landing-title = {");
    let page = app.get("/?lang=ru").await;
    assert_eq!(page.status, 200);
    page.assert_contains(&app.text("en", "landing-title"));
    page.assert_contains(&app.text("ru", "landing-lead"));
}

/// The text of the `<textarea id="…">` (its content, unescaped).
fn textarea(page: &Page, id: &str) -> String {
    let rest = page.body.split(&format!("<textarea id=\"{id}\"")).nth(1).unwrap_or_else(|| panic!("#{id} in the page"));
    let content = &rest[rest.find('>').unwrap() + 1..];
    unescape(&content[..content.find("</textarea>").unwrap()])
}

/// Words that speak of choosing services or removing delegated
/// administration, by email language.
const DAP_WORDS: [(&str, &[&str]); 3] =
    [("en", &["choose", "remove"]), ("ru", &["выбира", "удалить"]), ("zh-CN", &["选择", "删除"])];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reseller_only_email_does_not_contradict_itself() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let admin = app.signed_in("admin@northwind.example").await;
    let agreement = app.state.settings.agreement_url.clone();
    for (lang, words) in DAP_WORDS {
        let path = format!("/partner/customers/request-relationship?lang=en&email_lang={lang}");
        let with_dap = admin.get(&path).await;
        let reseller_only = admin.get(&format!("{path}&dap=false")).await;
        assert_eq!(reseller_only.status, 200);
        let full = textarea(&with_dap, "email-paragraph-2");
        let only = textarea(&reseller_only, "email-paragraph-2");
        // The words are the right ones: the full email has them.
        for word in words {
            assert!(full.contains(word), "[{lang}] {word:?} not in the full email's paragraph 2: {full}");
            assert!(!only.contains(word), "[{lang}] reseller-only paragraph 2 speaks of {word:?}: {only}");
        }
        for page in [&with_dap, &reseller_only] {
            // Where the agreement is, at the end of paragraph 2 (mail programs link it).
            let paragraph_2 = textarea(page, "email-paragraph-2");
            assert!(
                paragraph_2.ends_with(&agreement),
                "[{lang}] paragraph 2 does not end with the agreement: {paragraph_2}"
            );
            // A letter: the closing comes last and is signed by the partner.
            let closing = textarea(page, "email-closing");
            assert!(closing.ends_with("Northwind Cloud Partners"), "[{lang}] closing: {closing}");
            let href = unescape(page.body.split("id=\"mailto-link\"").nth(1).unwrap().split("href=\"").nth(1).unwrap());
            let body =
                percent_encoding::percent_decode_str(href.split('"').next().unwrap().split("&body=").nth(1).unwrap())
                    .decode_utf8_lossy()
                    .into_owned();
            assert!(
                body.ends_with(&closing.replace('\n', "\r\n")),
                "[{lang}] mailto body does not end with the closing: {body}"
            );
            assert!(!body.replace("\r\n", "").contains('\n'), "[{lang}] mail lines end with CRLF");
        }
    }
    let greetings = [("en", "Dear Customer,"), ("ru", "Уважаемый клиент!"), ("zh-CN", "尊敬的客户：")];
    for (lang, greeting) in greetings {
        let page = admin.get(&format!("/partner/customers/request-relationship?dap=false&email_lang={lang}")).await;
        assert!(textarea(&page, "email-paragraph-1").starts_with(greeting), "[{lang}] greeting");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_email_subject_is_marked_with_the_email_language() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let admin = app.signed_in("admin@northwind.example").await;
    for ui in LANGUAGES {
        for email in LANGUAGES {
            let page =
                admin.get(&format!("/partner/customers/request-relationship?lang={ui}&email_lang={email}")).await;
            let tag = page
                .body
                .split("<span id=\"email-subject\"")
                .nth(1)
                .expect("#email-subject")
                .split('>')
                .next()
                .unwrap();
            assert!(tag.contains(&format!(" lang=\"{email}\"")), "[{ui} page, {email} email] subject element: {tag}");
        }
    }
}

/// A half-width `:` or `(` right after Chinese text (spaces between count).
fn half_width_after_cjk(text: &str) -> Vec<String> {
    let is_cjk = |c: char| matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != ':' && c != '(' {
            continue;
        }
        if chars[..i].iter().rev().find(|c| !c.is_whitespace()).is_some_and(|&p| is_cjk(p)) {
            let start = i.saturating_sub(12);
            found.push(chars[start..(i + 12).min(chars.len())].iter().collect());
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chinese_pages_use_full_width_punctuation_between_messages() {
    assert_eq!(half_width_after_cjk("主题: x 已删除 (1) Office 365: 2 主题：x（2）").len(), 2, "the check finds both");
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let fabrikam = app.id_of("partners", "Fabrikam Solutions");
    let wingtip = app.id_of("tenants", "Wingtip Toys");
    let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
    let invitation = link.trim_start_matches(&app.address).to_owned();
    // Events with a detail and with the application as the actor.
    let northwind = app.signed_in("admin@northwind.example").await;
    let ours =
        app.scalar(&format!("SELECT id AS n FROM subscriptions WHERE tenant_id = {wingtip} AND service = 'office365'"));
    let detail = format!("/partner/customers/{wingtip}");
    let page =
        northwind.submit(&detail, &format!("{detail}/subscriptions/{ours}/remove-seats"), &[("seats", "1")]).await;
    assert_eq!(page.status, 303);
    let pages: Vec<(&str, String)> = vec![
        ("admin@northwind.example", "/partner/customers/request-relationship".into()),
        ("admin@northwind.example", "/partner/customers/request-relationship?dap=false".into()),
        ("admin@northwind.example", "/partner/activity".into()),
        ("admin@northwind.example", detail.clone()),
        ("admin@tailspin.example", format!("/admin/partner-relationships/{fabrikam}")),
        ("user@tailspin.example", invitation),
    ];
    let mut problems = Vec::new();
    for (who, path) in &pages {
        let page = app.signed_in(who).await.get(&with_lang(path, "zh-CN")).await;
        assert_eq!(page.status, 200, "{path}");
        problems.extend(half_width_after_cjk(&visible_text(&page.body)).into_iter().map(|p| format!("{path}: {p:?}")));
    }
    assert!(problems.is_empty(), "half-width punctuation after Chinese text:\n{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_application_did_shows_a_translated_actor() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let northwind = app.id_of("partners", "Northwind Cloud Partners");
    // A partner without an active link gets one on the request screen, by the application.
    app.execute(&format!("UPDATE invitation_tokens SET revoked_at = created_at WHERE partner_id = {northwind}"));
    let admin = app.signed_in("admin@northwind.example").await;
    invitation_link(&admin).await;
    let fabrikam = app.id_of("partners", "Fabrikam Solutions");
    let customer = app.signed_in("admin@tailspin.example").await;
    for lang in LANGUAGES {
        let system = app.text(lang, "activity-actor-system");
        for (browser, path) in
            [(&admin, "/partner/activity".to_owned()), (&customer, format!("/admin/partner-relationships/{fabrikam}"))]
        {
            let page = browser.get(&with_lang(&path, lang)).await;
            page.assert_contains(&format!(">{system}<"));
            let text = visible_text(&page.body);
            if lang != "en" {
                assert!(!text.split_whitespace().any(|w| w.eq_ignore_ascii_case("system")), "{path} [{lang}]: {text}");
            }
        }
    }
}

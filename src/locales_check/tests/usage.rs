//! Ids used by templates and code must exist in English; unused English
//! messages are advice.

use super::{Fixture, assert_finding, code};
use crate::i18n::ids::IdFamily;
use crate::locales_check::Severity;
use std::path::Path;

#[test]
fn ids_used_by_templates_must_exist_in_english() {
    let fixture = Fixture::clean();
    // Built at run time so this file does not itself use a missing id.
    let ghost = ["nav", "ghost"].join("-");
    fixture.write("templates/other.html", &format!("<p>\n{{{{ ctx.t(\"{ghost}\") }}}}</p>\n"));
    let report = fixture.report();
    let message = format!("message `{ghost}` is used here but missing in en");
    assert_finding(&report, Severity::Error, &fixture.path("templates/other.html"), 2, &message);
}

#[test]
fn ids_the_code_lists_must_exist_in_english() {
    let fixture = Fixture::clean();
    let ghost = ["flash", "ghost"].join("-");
    let mut code = code();
    code.push(IdFamily { file: "src/flash.rs", line: 3, ids: vec![ghost.leak()] });
    let report = fixture.report_with_code(&code);
    assert_finding(&report, Severity::Error, Path::new("src/flash.rs"), 3, "message `flash-ghost` is used here");
    assert_eq!(report.errors(), 1, "{}", report.render());
}

#[test]
fn unused_english_messages_are_warnings_unless_templates_or_code_use_them() {
    let fixture = Fixture::clean();
    for lang in ["en", "ru", "zh-CN"] {
        let path = format!("locales/{lang}/extra.ftl");
        let text =
            "extra-unused = x\nrole-admin-agent = x\nlanguage-name = x\nerror-404-title = x\nflash-saved-seats = x\n";
        fixture.write(&path, text);
    }
    let mut code = code();
    let shown = vec!["role-admin-agent", "language-name", "error-404-title", "flash-saved-seats"];
    code.push(IdFamily { file: "src/extra.rs", line: 1, ids: shown });
    let report = fixture.report_with_code(&code);
    assert_finding(&report, Severity::Warning, &fixture.path("locales/en/extra.ftl"), 1, "`extra-unused` is not used");
    assert_eq!(report.warnings(), 1, "{}", report.render());
    assert!(report.is_clean());
}

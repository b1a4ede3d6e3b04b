//! Checks of the locale files themselves: syntax, ids, variables, plural
//! forms, glossary, and the rendered report.

use std::fs;
use std::path::PathBuf;

use super::{Fixture, RU_CORE, ZH_CORE, assert_finding};
use crate::locales_check::{Finding, Report, Severity};

#[test]
fn a_consistent_tree_reports_nothing() {
    let fixture = Fixture::clean();
    let report = fixture.report();
    assert_eq!(report.findings, Vec::new(), "{}", report.render());
    assert!(report.is_clean());
    assert_eq!(report.render(), "check-locales: no problems found\n");
}

#[test]
fn syntax_errors_are_reported_at_their_line() {
    let fixture = Fixture::clean();
    fixture.write("locales/ru/sign-in.ftl", "sign-in-title = Вход в { -partner-center }\nbroken line { oops\n");
    let report = fixture.report();
    assert_finding(&report, Severity::Error, &fixture.path("locales/ru/sign-in.ftl"), 2, "syntax error");
    assert!(!report.is_clean());
}

#[test]
fn ids_missing_from_a_translation_are_reported_against_its_file() {
    let fixture = Fixture::clean();
    fixture.write("locales/ru/core.ftl", &RU_CORE.replace("nav-customers = Клиенты\n", ""));
    let report = fixture.report();
    assert_finding(
        &report,
        Severity::Error,
        &fixture.path("locales/ru/core.ftl"),
        1,
        "missing message `nav-customers`",
    );
}

#[test]
fn a_missing_translation_file_is_reported_at_line_one() {
    let fixture = Fixture::clean();
    fs::remove_file(fixture.path("locales/zh-CN/sign-in.ftl")).expect("remove");
    let report = fixture.report();
    let file = fixture.path("locales/zh-CN/sign-in.ftl");
    assert_finding(&report, Severity::Error, &file, 1, "missing file: 1 id of");
    assert_finding(&report, Severity::Error, &file, 1, "not translated: `sign-in-title`");
    assert_eq!(report.errors(), 1, "{}", report.render());
}

#[test]
fn obsolete_and_duplicate_ids_are_errors() {
    let fixture = Fixture::clean();
    fixture.write(
        "locales/zh-CN/sign-in.ftl",
        "sign-in-title = 登录{ -partner-center }\nsign-in-old = 旧的\nsign-in-title = 再次\n",
    );
    let report = fixture.report();
    let file = fixture.path("locales/zh-CN/sign-in.ftl");
    assert_finding(&report, Severity::Error, &file, 2, "obsolete message `sign-in-old`");
    assert_finding(&report, Severity::Error, &file, 3, "duplicate id `sign-in-title`");
}

#[test]
fn unknown_terms_are_errors_and_translation_only_terms_are_allowed() {
    let fixture = Fixture::clean();
    fixture.write(
        "locales/ru/sign-in.ftl",
        "-partner-center-prep = Центре партнеров\nsign-in-title = Вход в { -partner-centre }\n",
    );
    let report = fixture.report();
    let file = fixture.path("locales/ru/sign-in.ftl");
    assert_finding(&report, Severity::Error, &file, 2, "unknown term `-partner-centre`");
    assert_finding(&report, Severity::Warning, &file, 1, "term `-partner-center-prep` is not used");
    assert!(!report.findings.iter().any(|f| f.message.contains("obsolete")), "{}", report.render());
}

#[test]
fn missing_and_misspelled_variables_are_errors() {
    let fixture = Fixture::clean();
    let ru = RU_CORE
        .replace("{ $partner } приглашает", "Партнер приглашает")
        .replace("Приглашение от { $partner }", "Приглашение от { $partnr }");
    fixture.write("locales/ru/core.ftl", &ru);
    let report = fixture.report();
    let file = fixture.path("locales/ru/core.ftl");
    assert_finding(&report, Severity::Error, &file, 3, "does not use variable `{ $partner }`");
    assert_finding(&report, Severity::Error, &file, 4, "unknown variable `{ $partnr }` (in `.title`)");
    assert_finding(&report, Severity::Error, &file, 4, "does not use variable `{ $partner }` (in `.title`)");
}

#[test]
fn variables_inside_variants_count_and_references_are_not_variables() {
    let fixture = Fixture::clean();
    let zh = ZH_CORE.replace("{ $count } 个客户", "{ $count ->\n   *[other] { $cuont } 个客户\n}");
    fixture.write("locales/zh-CN/core.ftl", &zh);
    let report = fixture.report();
    assert_finding(
        &report,
        Severity::Error,
        &fixture.path("locales/zh-CN/core.ftl"),
        7,
        "unknown variable `{ $cuont }`",
    );
    // `{ request-email }` and `{ -partner-center }` are references, never variables.
    assert_eq!(report.errors(), 1, "{}", report.render());
}

#[test]
fn russian_plurals_must_cover_one_few_many_and_other() {
    let fixture = Fixture::clean();
    fixture.write("locales/ru/core.ftl", &RU_CORE.replace("    [many] { $count } клиентов\n", ""));
    let report = fixture.report();
    assert_finding(&report, Severity::Error, &fixture.path("locales/ru/core.ftl"), 6, "without [many]");
}

#[test]
fn a_period_after_a_russian_date_is_an_error() {
    // "до 1 марта 2027 г.." — the date's own period ends the sentence.
    let fixture = Fixture::clean();
    let en = "link-valid-until = The link works until { $date }.\n";
    fixture.write("locales/en/dates.ftl", en);
    fixture.write("locales/ru/dates.ftl", "link-valid-until = Ссылка действует до { $date }.\n");
    fixture.write("locales/zh-CN/dates.ftl", "link-valid-until = 链接有效期至{ $date }。\n");
    let report = fixture.report_with_code(&[]);
    assert_finding(&report, Severity::Error, &fixture.path("locales/ru/dates.ftl"), 1, "a period after `{ $date }`");
    let others = report.findings.iter().filter(|f| f.message.contains("a period after")).count();
    assert_eq!(others, 1, "English and Chinese dates end without a period:\n{}", report.render());
    fixture.write("locales/ru/dates.ftl", "link-valid-until = Ссылка действует до { $date }\n");
    let report = fixture.report_with_code(&[]);
    assert!(!report.findings.iter().any(|f| f.message.contains("a period after")), "{}", report.render());
}

#[test]
fn a_russian_message_without_plural_forms_is_a_warning() {
    let fixture = Fixture::clean();
    let start = RU_CORE.find("customers-count").expect("present");
    let end = RU_CORE.find("service-office365").expect("present");
    let ru = format!("{}customers-count = Клиентов: {{ $count }}\n{}", &RU_CORE[..start], &RU_CORE[end..]);
    fixture.write("locales/ru/core.ftl", &ru);
    let report = fixture.report();
    assert_finding(&report, Severity::Warning, &fixture.path("locales/ru/core.ftl"), 6, "en varies `customers-count`");
    assert!(report.is_clean(), "{}", report.render());
}

#[test]
fn glossary_deviations_are_warnings_and_russian_declension_is_tolerated() {
    let fixture = Fixture::clean();
    fixture.write(
        "locales/GLOSSARY.md",
        "# Glossary\n\n| en | ru | zh-CN | note |\n|---|---|---|---|\n| Partner Center | Центр партнеров | 合作伙伴中心 | |\n| customer | клиент | 客户 | |\n",
    );
    // "в Центре партнеров" is declined and still matches; the Chinese
    // customers-count loses the glossary word for "customer".
    fixture.write("locales/ru/sign-in.ftl", "sign-in-title = Вход в Центре партнеров\n");
    fixture.write("locales/zh-CN/core.ftl", &ZH_CORE.replace("{ $count } 个客户", "{ $count } 个用户"));
    let report = fixture.report();
    let message = "glossary: 'customer' should be translated as '客户'";
    assert_finding(&report, Severity::Warning, &fixture.path("locales/zh-CN/core.ftl"), 6, message);
    assert_eq!(report.warnings(), 1, "{}", report.render());
    assert!(report.is_clean());
}

#[test]
fn languages_are_the_folders_so_a_new_one_needs_no_code() {
    let fixture = Fixture::clean();
    fixture.write("locales/de/core.ftl", "nav-customers = Kunden\n");
    let report = fixture.report();
    assert_finding(
        &report,
        Severity::Error,
        &fixture.path("locales/de/core.ftl"),
        1,
        "missing message `request-email`",
    );
    assert_finding(&report, Severity::Error, &fixture.path("locales/de/sign-in.ftl"), 1, "missing file");
}

#[test]
fn the_rendered_report_has_one_line_per_finding_and_a_summary() {
    let report = Report {
        findings: vec![
            Finding {
                severity: Severity::Error,
                file: PathBuf::from("locales/ru/errors.ftl"),
                line: 12,
                message: "missing message `x`".to_owned(),
            },
            Finding {
                severity: Severity::Warning,
                file: PathBuf::from("locales/en/core.ftl"),
                line: 3,
                message: "unused".to_owned(),
            },
        ],
    };
    assert_eq!(
        report.render(),
        "locales/ru/errors.ftl:12: error: missing message `x`\nlocales/en/core.ftl:3: warning: unused\n\
         check-locales failed: 1 error, 1 warning\n"
    );
    assert!(!report.is_clean());
}

//! `partnerlink check-locales`: clean on the real files, and each kind of
//! problem is reported on broken fixtures.

use std::process::Command;

fn check(locales: &str, sources: &[&str]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerlink"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(["check-locales", "--locales", locales]);
    for source in sources {
        cmd.args(["--sources", source]);
    }
    let output = cmd.output().expect("run check-locales");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_real_locales_are_clean() {
    let (ok, report) = check("locales", &["templates", "src"]);
    assert!(ok, "{report}");
}

#[test]
fn every_kind_of_problem_is_reported_with_file_and_line() {
    let (ok, report) = check("tests/fixtures/locales-broken", &["tests/fixtures/sources-broken"]);
    assert!(!ok, "{report}");
    for kind in [
        "syntax error",
        "missing message",
        "obsolete message",
        "does not use variable",
        "unknown variable",
        "plural forms",
        "is used here but missing in en",
        "glossary:",
    ] {
        assert!(report.contains(kind), "{kind:?} not reported:\n{report}");
    }
    assert!(
        report.lines().any(|l| l.starts_with("tests/fixtures/locales-broken/ru/") && l.contains(".ftl:")),
        "{report}"
    );
}

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

/// Chinese dates are written in characters (2026年11月29日): a space on
/// either side of one in running Chinese text is a typo (issue 14 item 18),
/// in every file, the ones part two added included.
#[test]
fn chinese_messages_put_no_space_around_a_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/zh-CN");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some((_, value)) = line.split_once(" = ") else { continue };
            for placeable in ["{ $date }", "{ $time }"] {
                let spaced = value.contains(&format!(" {placeable}")) || value.contains(&format!("{placeable} "));
                if spaced {
                    problems.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "spaces around a date in Chinese:\n{}", problems.join("\n"));
}

//! What the check found: findings located by file and line, and the
//! rendered report.

use std::fmt;
use std::path::PathBuf;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The check fails: text would be missing, broken or wrong at run time.
    Error,
    /// Advice: worth a look, the check still passes.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem, located by file and 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file.display(), self.line, self.severity, self.message)
    }
}

/// Everything the check found, sorted by file and line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when there is no error (warnings are allowed).
    pub fn is_clean(&self) -> bool {
        self.errors() == 0
    }

    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    /// One finding per line (`locales/ru/errors.ftl:12: error: …`), then a
    /// summary line.
    pub fn render(&self) -> String {
        let mut text: String = self.findings.iter().map(|f| format!("{f}\n")).collect();
        let (errors, warnings) = (self.errors(), self.warnings());
        if errors == 0 && warnings == 0 {
            text.push_str("check-locales: no problems found\n");
        } else {
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let verdict = if errors == 0 { "passed" } else { "failed" };
            text.push_str(&format!(
                "check-locales {verdict}: {}, {}\n",
                plural(errors, "error"),
                plural(warnings, "warning")
            ));
        }
        text
    }
}

/// Findings as the checks add them.
#[derive(Default)]
pub(super) struct Findings(Vec<Finding>);

impl Findings {
    pub(super) fn push(&mut self, severity: Severity, file: PathBuf, line: usize, message: String) {
        self.0.push(Finding { severity, file, line: line.max(1), message });
    }

    pub(super) fn error(&mut self, file: PathBuf, line: usize, message: String) {
        self.push(Severity::Error, file, line, message);
    }

    pub(super) fn warning(&mut self, file: PathBuf, line: usize, message: String) {
        self.push(Severity::Warning, file, line, message);
    }

    pub(super) fn into_report(mut self) -> Report {
        // Stable: findings on one line keep the order the checks ran in.
        self.0.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
        Report { findings: self.0 }
    }
}

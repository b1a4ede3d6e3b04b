//! `partnerlink check-locales`: checks the Fluent translation files.
//!
//! `locales/en/` is the source; every other folder under `locales/` is a
//! translation of it, so adding `locales/de/` needs no code change. Each
//! finding names a file and a 1-based line so a translator can go straight
//! there. Errors (the check fails):
//!
//! - syntax errors (the parser skips the broken entry) and duplicate ids;
//! - ids in English missing from a translation, and ids in a translation that
//!   English no longer has (obsolete); references to unknown messages/terms;
//! - variables (`{ $partner }`) that differ from the English message;
//! - a select on a number that lacks a plural category the language needs
//!   (Russian: `one`, `few`, `many`, `other`);
//! - message ids used by templates or Rust code but missing in English;
//! - a period after `{ $date }` in a language whose dates end with one
//!   (Russian "1 марта 2027 г.").
//!
//! Warnings (advice, the check still passes): English messages no template or
//! code uses, terms nobody references, a translation without plural forms
//! where English has them, and wording that departs from `locales/GLOSSARY.md`.
//!
//! Ids in templates are found by scanning them ([`templates`]); ids in Rust
//! code come from the enums that carry them ([`code_ids::used_in_code`]).
//! Only the CLI runs this module; the server never calls it.

mod checks;
pub mod code_ids;
mod fluent;
mod glossary;
mod placeables;
mod report;
mod templates;
mod usage;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use report::{Finding, Report, Severity};

use crate::i18n::ids::IdFamily;
use fluent::Language;
use glossary::Glossary;
use report::Findings;
use usage::Usage;

/// The source language; every other folder is a translation of it.
const SOURCE: &str = "en";

/// What to check the locale files against: ids used by templates under
/// `templates` and ids Rust code can show (`code`). With both empty there is
/// no usage check.
pub struct Uses<'a> {
    pub templates: &'a [PathBuf],
    pub code: &'a [IdFamily],
}

/// Checks every language folder under `locales_dir` against English, and the
/// message ids of `uses`. I/O errors (an unreadable folder) are returned;
/// problems in the files are findings.
pub fn check(locales_dir: &Path, uses: &Uses) -> io::Result<Report> {
    let mut out = Findings::default();
    let languages = fluent::load_languages(locales_dir, &mut out)?;
    let Some(en) = languages.iter().find(|l| l.tag == SOURCE) else {
        out.error(locales_dir.join(SOURCE), 1, "the English source folder `en` is missing".to_owned());
        return Ok(out.into_report());
    };
    let translations: Vec<&Language> = languages.iter().filter(|l| l.tag != SOURCE).collect();

    for lang in &languages {
        checks::check_references(lang, &mut out);
        checks::check_unused_terms(en, lang, &mut out);
        checks::check_plurals(en, lang, &mut out);
        checks::check_period_after_date(lang, &mut out);
    }
    for lang in &translations {
        checks::check_ids(en, lang, &mut out);
        checks::check_variables(en, lang, &mut out);
    }
    if !uses.templates.is_empty() || !uses.code.is_empty() {
        let mut usage = Usage::default();
        templates::scan(uses.templates, &mut usage)?;
        usage.add_code(uses.code);
        usage::check_usage(en, &usage, &mut out);
    }
    let glossary_path = locales_dir.join("GLOSSARY.md");
    if glossary_path.is_file() {
        let glossary = Glossary::parse(&fs::read_to_string(&glossary_path)?);
        glossary::check_glossary(en, &translations, &glossary, &mut out);
    }
    Ok(out.into_report())
}

#[cfg(test)]
mod tests;

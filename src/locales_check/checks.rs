//! Checks of each translation against English: ids, references, terms,
//! variables and plural categories.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use super::SOURCE;
use super::fluent::{Entry, Language, Part};
use super::report::Findings;

/// CLDR plural categories a select on a number must cover, by primary
/// language subtag. Languages not listed are not checked (Chinese needs only
/// `other`; English falls back to `other`).
const PLURAL_CATEGORIES: &[(&str, &[&str])] = &[
    ("ru", &["one", "few", "many", "other"]),
    ("uk", &["one", "few", "many", "other"]),
    ("be", &["one", "few", "many", "other"]),
    ("pl", &["one", "few", "many", "other"]),
];

/// Ids missing from `lang`, and ids `lang` has that English does not.
pub(super) fn check_ids(en: &Language, lang: &Language, out: &mut Findings) {
    let mut previous_in_file: BTreeMap<usize, usize> = BTreeMap::new();
    // A file not translated at all is one finding, not one per message.
    let mut missing_files: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for source in &en.entries {
        let file_name = &en.files[source.file];
        let target_file = lang.file_index(file_name);
        if let Some(found) = lang.get(&source.id) {
            if Some(found.file) != target_file {
                let message = format!("`{}` is in {} here but in {file_name} in en", source.id, lang.files[found.file]);
                out.warning(lang.path(found.file), found.line, message);
            }
            previous_in_file.insert(source.file, found.line);
            continue;
        }
        if target_file.is_none() {
            missing_files.entry(source.file).or_default().push(&source.id);
            continue;
        }
        // Point at the entry English has just before this one, which is
        // where the translation belongs.
        let line = previous_in_file.get(&source.file).copied().unwrap_or(1);
        let kind = if source.is_term() { "term" } else { "message" };
        let message =
            format!("missing {kind} `{}` (en: {}:{})", source.id, en.path(source.file).display(), source.line);
        out.error(lang.dir.join(file_name), line, message);
    }
    for (file, ids) in missing_files {
        let shown: Vec<String> = ids.iter().take(5).map(|id| format!("`{id}`")).collect();
        let more =
            if ids.len() > shown.len() { format!(" and {} more", ids.len() - shown.len()) } else { String::new() };
        let message = format!(
            "missing file: {} {} of {} not translated: {}{more}",
            ids.len(),
            if ids.len() == 1 { "id" } else { "ids" },
            en.path(file).display(),
            shown.join(", ")
        );
        out.error(lang.dir.join(&en.files[file]), 1, message);
    }
    for entry in lang.entries.iter().filter(|e| !e.is_term() && en.get(&e.id).is_none()) {
        let message = format!("obsolete message `{}`: en has no such id (renamed or removed?); delete it", entry.id);
        out.error(lang.path(entry.file), entry.line, message);
    }
}

/// References to messages or terms the language does not define.
pub(super) fn check_references(lang: &Language, out: &mut Findings) {
    for entry in &lang.entries {
        for (term, line) in &entry.term_refs {
            if lang.get(term).is_none() {
                out.error(lang.path(entry.file), *line, format!("`{}` refers to unknown term `{term}`", entry.id));
            }
        }
        for (message, line) in &entry.message_refs {
            if lang.get(message).is_none_or(Entry::is_term) {
                out.error(
                    lang.path(entry.file),
                    *line,
                    format!("`{}` refers to unknown message `{message}`", entry.id),
                );
            }
        }
    }
}

/// Terms nobody references: English ones once, translation-only ones in
/// their language (a translation may add its own terms, e.g. for cases).
pub(super) fn check_unused_terms(en: &Language, lang: &Language, out: &mut Findings) {
    let referenced: BTreeSet<&str> =
        lang.entries.iter().flat_map(|e| e.term_refs.iter().map(|(t, _)| t.as_str())).collect();
    let own = |e: &&Entry| lang.tag == SOURCE || en.get(&e.id).is_none();
    for term in lang.entries.iter().filter(|e| e.is_term()).filter(own) {
        if !referenced.contains(term.id.as_str()) {
            out.warning(lang.path(term.file), term.line, format!("term `{}` is not used by any message", term.id));
        }
    }
}

/// Each part (value, attributes) of a translated message must use the same
/// variables as English: a missing one loses information, an extra or
/// misspelled one renders as an error.
pub(super) fn check_variables(en: &Language, lang: &Language, out: &mut Findings) {
    for entry in lang.entries.iter().filter(|e| !e.is_term()) {
        let Some(source) = en.get(&entry.id) else { continue };
        let path = lang.path(entry.file);
        for (part, source_part) in &source.parts {
            let source_vars = &source_part.vars;
            let Some(Part { line: part_line, vars }) = entry.parts.get(part) else {
                let what = if part.is_empty() { "a value".to_owned() } else { format!("attribute `{part}`") };
                out.error(path.clone(), entry.line, format!("`{}` lacks {what} that en has", entry.id));
                continue;
            };
            let in_part = if part.is_empty() { String::new() } else { format!(" (in `{part}`)") };
            for name in source_vars.keys().filter(|v| !vars.contains_key(*v)) {
                let message = format!("`{}` does not use variable `{{ ${name} }}`{in_part}, which en uses", entry.id);
                out.error(path.clone(), *part_line, message);
            }
            for (name, line) in vars.iter().filter(|(v, _)| !source_vars.contains_key(*v)) {
                let known = source_vars.keys().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ");
                let known = if known.is_empty() { "none".to_owned() } else { known };
                let message = format!(
                    "`{}` uses unknown variable `{{ ${name} }}`{in_part}; en has: {known} (misspelled?)",
                    entry.id
                );
                out.error(path.clone(), *line, message);
            }
        }
        for (part, Part { line, .. }) in entry.parts.iter().filter(|(p, _)| !source.parts.contains_key(*p)) {
            let what = if part.is_empty() { "a value".to_owned() } else { format!("attribute `{part}`") };
            out.error(path.clone(), *line, format!("`{}` has {what} that en does not have", entry.id));
        }
    }
}

fn plural_categories(tag: &str) -> Option<&'static [&'static str]> {
    let language = tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase();
    PLURAL_CATEGORIES.iter().find(|(l, _)| *l == language).map(|(_, c)| *c)
}

/// In languages with several plural forms, every plural select must cover
/// all of them; a message English varies by number should vary here too.
pub(super) fn check_plurals(en: &Language, lang: &Language, out: &mut Findings) {
    let Some(required) = plural_categories(&lang.tag) else { return };
    let needed = required.iter().map(|c| format!("[{c}]")).collect::<Vec<_>>().join(", ");
    for entry in &lang.entries {
        let path = lang.path(entry.file);
        for select in entry.selects.iter().filter(|s| s.is_plural()) {
            let missing: Vec<String> =
                required.iter().filter(|c| !select.keys.iter().any(|k| k == *c)).map(|c| format!("[{c}]")).collect();
            if !missing.is_empty() {
                let variable = select.variable.as_deref().unwrap_or("?");
                let message = format!(
                    "plural forms: `{}` selects on `${variable}` without {}; {} needs {needed}",
                    entry.id,
                    missing.join(", "),
                    lang.tag
                );
                out.error(path.clone(), select.line, message);
            }
        }
        if lang.tag == SOURCE {
            continue;
        }
        let Some(source) = en.get(&entry.id) else { continue };
        let ours = entry.plural_selectors();
        for variable in source.plural_selectors().into_iter().filter(|v| !ours.contains(v)) {
            let message = format!(
                "plural forms: en varies `{}` by `${variable}`, this translation does not; {} usually needs {needed}",
                entry.id, lang.tag
            );
            out.warning(path.clone(), entry.line, message);
        }
    }
}

/// A language whose dates end with a period (Russian "1 марта 2027 г.")
/// must not put another after `{ $date }`: "до 1 марта 2027 г.." The
/// abbreviation's period ends the sentence too. Every `$date` a message gets
/// is a date from `i18n::format::Formatters::date`.
pub(super) fn check_period_after_date(lang: &Language, out: &mut Findings) {
    let Some(locale) = crate::i18n::Locale::from_tag(&lang.tag) else { return };
    let sample = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let Some(sample) = sample else { return };
    let formatted = crate::i18n::Formatters::new().date(locale, sample);
    if !formatted.ends_with('.') {
        return;
    }
    for file in 0..lang.files.len() {
        let path = lang.path(file);
        let Ok(text) = fs::read_to_string(&path) else { continue };
        for (number, line) in text.lines().enumerate() {
            let compact: String = line.chars().filter(|c| *c != ' ').collect();
            if compact.contains("{$date}.") {
                let message = format!(
                    "a period after `{{ $date }}`: {} dates end with one already (\"{formatted}\"); remove it",
                    lang.tag
                );
                out.error(path.clone(), number + 1, message);
            }
        }
    }
}

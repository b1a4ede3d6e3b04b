//! `locales/GLOSSARY.md`: wording a translation should use for an English
//! term (advice, reported as warnings).

use std::collections::{BTreeMap, BTreeSet};

use super::SOURCE;
use super::fluent::{Entry, Language, Piece};
use super::report::Findings;

/// Languages whose glossary terms are matched on a crude stem (the first five
/// letters of each word), to tolerate declension.
const STEMMED_LANGUAGES: &[&str] = &["ru", "uk", "be"];

/// The first Markdown table in `GLOSSARY.md` whose header names `en`: one
/// column per language code, one row per term. Other columns (notes) are
/// ignored, as are empty cells.
pub(super) struct Glossary {
    rows: Vec<BTreeMap<String, String>>,
}

impl Glossary {
    pub(super) fn parse(text: &str) -> Glossary {
        let cells = |line: &str| -> Vec<String> {
            let line = line.trim().trim_start_matches('|').trim_end_matches('|');
            line.split('|').map(|c| c.trim().trim_matches('`').trim_matches('*').trim().to_owned()).collect()
        };
        let mut header: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for line in text.lines() {
            if !line.trim_start().starts_with('|') {
                if header.is_some() {
                    break;
                }
                continue;
            }
            let row = cells(line);
            match &header {
                None if row.iter().any(|c| c == SOURCE) => header = Some(row),
                None => {}
                Some(_) if row.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) => {}
                Some(columns) => {
                    let row: BTreeMap<String, String> =
                        columns.iter().cloned().zip(row).filter(|(_, term)| !term.is_empty()).collect();
                    rows.push(row);
                }
            }
        }
        Glossary { rows }
    }
}

/// The text of an entry with references resolved, lower-cased.
fn plain_text(lang: &Language, entry: &Entry, depth: usize) -> String {
    let mut text = String::new();
    for piece in &entry.text {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Gap => text.push(' '),
            Piece::Reference(id) => {
                if let Some(target) = lang.get(id).filter(|_| depth < 4) {
                    text.push_str(&plain_text(lang, target, depth + 1));
                }
            }
        }
    }
    text.to_lowercase()
}

fn at_word_start(text: &str, index: usize) -> bool {
    text[..index].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// The English term as a phrase of whole words (a plural `s`/`es` allowed).
fn english_contains(text: &str, term: &str) -> bool {
    let term = term.to_lowercase();
    let ends_word = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(&term).any(|(i, _)| {
        let rest = &text[i + term.len()..];
        at_word_start(text, i)
            && (ends_word(rest)
                || rest.strip_prefix('s').is_some_and(ends_word)
                || rest.strip_prefix("es").is_some_and(ends_word))
    })
}

/// A crude stem: the first five letters; a short word loses a final vowel
/// (`места` → `мест`, so `рабочих мест` matches).
fn stem(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let vowel = |c: char| "аеёиоуыэюяьйaeiouy".contains(c);
    match chars.len() {
        n if n > 5 => chars[..5].iter().collect(),
        n if n > 3 && vowel(chars[n - 1]) => chars[..n - 1].iter().collect(),
        _ => word.to_owned(),
    }
}

fn translation_contains(tag: &str, text: &str, term: &str) -> bool {
    let term = term.to_lowercase();
    let language = tag.split('-').next().unwrap_or(tag);
    if !STEMMED_LANGUAGES.contains(&language) {
        return text.contains(&term);
    }
    term.split_whitespace().all(|word| {
        let stem = stem(word);
        text.match_indices(&stem).any(|(i, _)| at_word_start(text, i))
    })
}

pub(super) fn check_glossary(en: &Language, translations: &[&Language], glossary: &Glossary, out: &mut Findings) {
    for source in &en.entries {
        let source_text = plain_text(en, source, 0);
        // "delegated administration" and "delegated administration
        // privileges" may ask for the same words: say it once.
        let mut reported: BTreeSet<(&str, &str)> = BTreeSet::new();
        for row in &glossary.rows {
            let Some(term) = row.get(SOURCE) else { continue };
            if !english_contains(&source_text, term) {
                continue;
            }
            for lang in translations {
                let (Some(expected), Some(entry)) = (row.get(&lang.tag), lang.get(&source.id)) else { continue };
                if !translation_contains(&lang.tag, &plain_text(lang, entry, 0), expected)
                    && reported.insert((lang.tag.as_str(), expected.as_str()))
                {
                    let message =
                        format!("glossary: '{term}' should be translated as '{expected}' (in `{}`)", entry.id);
                    out.warning(lang.path(entry.file), entry.line, message);
                }
            }
        }
    }
}

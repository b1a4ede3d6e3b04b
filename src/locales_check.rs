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
//! - message ids used by templates or Rust code but missing in English.
//!
//! Warnings (advice, the check still passes): English messages no template or
//! code uses, terms nobody references, a translation without plural forms
//! where English has them, and wording that departs from `locales/GLOSSARY.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use fluent_syntax::{ast, parser};

/// The source language; every other folder is a translation of it.
const SOURCE: &str = "en";

/// Id prefixes of this product: a string literal in Rust code that starts
/// with one of these is taken to be a message id even if English lacks it.
const ID_PREFIXES: &[&str] = &[
    "error-",
    "forbidden-",
    "role-",
    "service-",
    "activity-",
    "flash-",
    "request-",
    "invitation-",
    "relationships-",
    "customers-",
    "customer-",
    "sign-in-",
    "layout-",
    "nav-",
    "landing-",
];

/// Ids the code builds at run time (`format!("service-{code}")`), so they are
/// never reported as unused.
const DYNAMIC_PREFIXES: &[&str] = &["service-", "role-", "activity-", "error-", "forbidden-"];
const DYNAMIC_IDS: &[&str] = &["language-name"];

/// Translation helpers whose first argument is a message id.
const HELPERS: &[&str] = &["t", "t1", "t2", "tn", "t_args", "t_around"];
/// Translation helper whose second argument is a message id.
const HELPER_WITH_LOCALE: &str = "t_in";

/// Template and source files scanned for message ids.
const SOURCE_EXTENSIONS: &[&str] = &["rs", "html", "htm", "txt"];

/// CLDR plural categories a select on a number must cover, by primary
/// language subtag. Languages not listed are not checked (Chinese needs only
/// `other`; English falls back to `other`).
const PLURAL_CATEGORIES: &[(&str, &[&str])] = &[
    ("ru", &["one", "few", "many", "other"]),
    ("uk", &["one", "few", "many", "other"]),
    ("be", &["one", "few", "many", "other"]),
    ("pl", &["one", "few", "many", "other"]),
];

/// Languages whose glossary terms are matched on a crude stem (the first five
/// letters of each word), to tolerate declension.
const STEMMED_LANGUAGES: &[&str] = &["ru", "uk", "be"];

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

/// Checks every language folder under `locales_dir` against English, and the
/// message ids used by templates and Rust code under `source_dirs` (no usage
/// check when `source_dirs` is empty). I/O errors (an unreadable folder) are
/// returned; problems in the files are findings.
pub fn check(locales_dir: &Path, source_dirs: &[PathBuf]) -> io::Result<Report> {
    let mut out = Findings::default();
    let languages = load_languages(locales_dir, &mut out)?;
    let Some(en) = languages.iter().find(|l| l.tag == SOURCE) else {
        out.error(locales_dir.join(SOURCE), 1, "the English source folder `en` is missing".to_owned());
        return Ok(out.into_report());
    };
    let translations: Vec<&Language> = languages.iter().filter(|l| l.tag != SOURCE).collect();

    for lang in &languages {
        check_references(lang, &mut out);
        check_unused_terms(en, lang, &mut out);
        check_plurals(en, lang, &mut out);
    }
    for lang in &translations {
        check_ids(en, lang, &mut out);
        check_variables(en, lang, &mut out);
    }
    if !source_dirs.is_empty() {
        let usage = scan_sources(source_dirs, en)?;
        check_usage(en, &usage, &mut out);
    }
    let glossary_path = locales_dir.join("GLOSSARY.md");
    if glossary_path.is_file() {
        let glossary = Glossary::parse(&fs::read_to_string(&glossary_path)?);
        check_glossary(en, &translations, &glossary, &mut out);
    }
    Ok(out.into_report())
}

#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, severity: Severity, file: PathBuf, line: usize, message: String) {
        self.0.push(Finding { severity, file, line: line.max(1), message });
    }

    fn error(&mut self, file: PathBuf, line: usize, message: String) {
        self.push(Severity::Error, file, line, message);
    }

    fn warning(&mut self, file: PathBuf, line: usize, message: String) {
        self.push(Severity::Warning, file, line, message);
    }

    fn into_report(mut self) -> Report {
        // Stable: findings on one line keep the order the checks ran in.
        self.0.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
        Report { findings: self.0 }
    }
}

// ---------------------------------------------------------------------------
// Loading: each `.ftl` file is parsed once into owned summaries of its entries.

/// One language folder.
struct Language {
    tag: String,
    dir: PathBuf,
    /// File names (`core.ftl`), sorted.
    files: Vec<String>,
    entries: Vec<Entry>,
    /// Id → position in `entries` (the first definition wins, as in Fluent).
    index: BTreeMap<String, usize>,
}

impl Language {
    fn path(&self, file: usize) -> PathBuf {
        self.dir.join(&self.files[file])
    }

    fn get(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    fn file_index(&self, name: &str) -> Option<usize> {
        self.files.iter().position(|f| f == name)
    }
}

/// A message or a term (whose id keeps its leading `-`).
struct Entry {
    id: String,
    file: usize,
    line: usize,
    /// The value (key `""`) and each attribute (key `.name`).
    parts: BTreeMap<String, Part>,
    term_refs: Vec<(String, usize)>,
    message_refs: Vec<(String, usize)>,
    selects: Vec<Select>,
    /// The text with references left unresolved, for the glossary.
    text: Vec<Piece>,
}

impl Entry {
    fn new(id: String, file: usize, line: usize) -> Self {
        let (parts, term_refs, message_refs, selects, text) = Default::default();
        Entry { id, file, line, parts, term_refs, message_refs, selects, text }
    }

    fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// Variables of `$name -> [one] …` selects that use plural categories.
    fn plural_selectors(&self) -> BTreeSet<&str> {
        self.selects.iter().filter(|s| s.is_plural()).filter_map(|s| s.variable.as_deref()).collect()
    }
}

/// The value or one attribute of an entry: where it starts, and the
/// variables it uses with the line of their first use.
struct Part {
    line: usize,
    vars: BTreeMap<String, usize>,
}

/// A select expression: its selector variable (if it is one) and variant keys.
struct Select {
    variable: Option<String>,
    line: usize,
    keys: Vec<String>,
}

impl Select {
    /// A select on a variable with CLDR plural keys or number keys, or with
    /// only `*[other]` (which is only ever written for plurals).
    fn is_plural(&self) -> bool {
        self.variable.is_some()
            && (self.keys.iter().all(|k| k == "other")
                || self
                    .keys
                    .iter()
                    .any(|k| matches!(k.as_str(), "zero" | "one" | "two" | "few" | "many") || k.parse::<f64>().is_ok()))
    }
}

enum Piece {
    Text(String),
    /// A message or term reference, resolved when the text is needed.
    Reference(String),
    /// A variable or the boundary between variants.
    Gap,
}

fn load_languages(locales_dir: &Path, out: &mut Findings) -> io::Result<Vec<Language>> {
    let mut languages = Vec::new();
    for dir in sorted_entries(locales_dir)? {
        let Some(tag) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if tag.starts_with('.') || !dir.is_dir() {
            continue;
        }
        let files: Vec<String> = sorted_entries(&dir)?
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ftl"))
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
            .collect();
        let mut lang = Language { tag, dir, files, entries: Vec::new(), index: BTreeMap::new() };
        for file in 0..lang.files.len() {
            let source = fs::read_to_string(lang.path(file))?;
            parse_file(&mut lang, file, &source, out);
        }
        languages.push(lang);
    }
    Ok(languages)
}

/// The entries of a folder, sorted by name; the error names the folder.
fn sorted_entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let with_path = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(with_path)? {
        paths.push(entry.map_err(with_path)?.path());
    }
    paths.sort();
    Ok(paths)
}

/// Maps byte offsets, and sub-slices of the source (which is how the parser
/// returns names and text), to 1-based lines.
struct Lines<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { source, starts }
    }

    fn at(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    fn offset_of(&self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        if offset <= self.source.len() { offset } else { 0 }
    }

    fn of(&self, part: &str) -> usize {
        self.at(self.offset_of(part))
    }
}

fn parse_file(lang: &mut Language, file: usize, source: &str, out: &mut Findings) {
    let lines = Lines::new(source);
    let path = lang.path(file);
    let (resource, errors) = match parser::parse(source) {
        Ok(resource) => (resource, Vec::new()),
        Err((resource, errors)) => (resource, errors),
    };

    let junk: Vec<(usize, &str)> = resource
        .body
        .iter()
        .filter_map(|e| match e {
            ast::Entry::Junk { content } => Some((lines.offset_of(content), *content)),
            _ => None,
        })
        .collect();
    let junk_at = |offset: usize| junk.iter().find(|(start, text)| (*start..=start + text.len()).contains(&offset));
    for error in &errors {
        let message = match junk_at(error.pos.start) {
            Some((_, text)) => format!("syntax error: {error}; the entry `{}` is ignored", first_line(text)),
            None => format!("syntax error: {error}"),
        };
        out.error(path.clone(), lines.at(error.pos.start), message);
    }
    for (start, text) in &junk {
        let reported = errors.iter().any(|e| (*start..=start + text.len()).contains(&e.pos.start));
        if !reported {
            out.error(
                path.clone(),
                lines.at(*start),
                format!("syntax error: the entry `{}` is ignored", first_line(text)),
            );
        }
    }

    for entry in &resource.body {
        let (id, name, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.id.name, m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), t.id.name, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut walk = Walk { lines: &lines, entry: Entry::new(id, file, lines.of(name)) };
        if let Some(value) = value {
            let mut vars = BTreeMap::new();
            walk.pattern(value, &mut vars);
            let line = walk.entry.line;
            walk.entry.parts.insert(String::new(), Part { line, vars });
        }
        for attribute in attributes {
            let mut vars = BTreeMap::new();
            walk.entry.text.push(Piece::Gap);
            walk.pattern(&attribute.value, &mut vars);
            let line = lines.of(attribute.id.name);
            walk.entry.parts.insert(format!(".{}", attribute.id.name), Part { line, vars });
        }
        let entry = walk.entry;
        if let Some(&first) = lang.index.get(&entry.id) {
            let first = &lang.entries[first];
            let message = format!(
                "duplicate id `{}`: already defined at {}:{}; this one is ignored",
                entry.id,
                lang.path(first.file).display(),
                first.line
            );
            out.error(path.clone(), entry.line, message);
            continue;
        }
        lang.index.insert(entry.id.clone(), lang.entries.len());
        lang.entries.push(entry);
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

/// Collects variables, references, selects and text of one entry.
struct Walk<'a, 's> {
    lines: &'a Lines<'s>,
    entry: Entry,
}

impl Walk<'_, '_> {
    fn pattern(&mut self, pattern: &ast::Pattern<&str>, vars: &mut BTreeMap<String, usize>) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => self.entry.text.push(Piece::Text((*value).to_owned())),
                ast::PatternElement::Placeable { expression } => self.expression(expression, vars),
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&str>, vars: &mut BTreeMap<String, usize>) {
        match expression {
            ast::Expression::Inline(inline) => self.inline(inline, vars),
            ast::Expression::Select { selector, variants } => {
                self.inline(selector, vars);
                let variable = match selector {
                    ast::InlineExpression::VariableReference { id } => Some(id),
                    // `{ NUMBER($count, …) -> … }`
                    ast::InlineExpression::FunctionReference { arguments, .. } => {
                        arguments.positional.iter().find_map(|a| match a {
                            ast::InlineExpression::VariableReference { id } => Some(id),
                            _ => None,
                        })
                    }
                    _ => None,
                };
                let line = match (variable, variants.first()) {
                    (Some(id), _) => self.lines.of(id.name),
                    (None, Some(variant)) => self.lines.of(key_text(&variant.key)),
                    (None, None) => self.entry.line,
                };
                let keys = variants.iter().map(|v| key_text(&v.key).to_owned()).collect();
                self.entry.selects.push(Select { variable: variable.map(|id| id.name.to_owned()), line, keys });
                for variant in variants {
                    self.entry.text.push(Piece::Gap);
                    self.pattern(&variant.value, vars);
                }
            }
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&str>, vars: &mut BTreeMap<String, usize>) {
        match inline {
            ast::InlineExpression::StringLiteral { value } => self.entry.text.push(Piece::Text((*value).to_owned())),
            ast::InlineExpression::NumberLiteral { .. } => self.entry.text.push(Piece::Gap),
            ast::InlineExpression::VariableReference { id } => {
                // A term's own `$parameters` are not the caller's variables.
                if !self.entry.is_term() {
                    vars.entry(id.name.to_owned()).or_insert_with(|| self.lines.of(id.name));
                }
                self.entry.text.push(Piece::Gap);
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments, vars),
            ast::InlineExpression::MessageReference { id, .. } => {
                self.entry.message_refs.push((id.name.to_owned(), self.lines.of(id.name)));
                self.entry.text.push(Piece::Reference(id.name.to_owned()));
            }
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                let term = format!("-{}", id.name);
                self.entry.term_refs.push((term.clone(), self.lines.of(id.name)));
                self.entry.text.push(Piece::Reference(term));
                if let Some(arguments) = arguments {
                    self.arguments(arguments, vars);
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, vars),
        }
    }

    fn arguments(&mut self, arguments: &ast::CallArguments<&str>, vars: &mut BTreeMap<String, usize>) {
        for argument in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
            self.inline(argument, vars);
        }
    }
}

fn key_text<'s>(key: &ast::VariantKey<&'s str>) -> &'s str {
    match key {
        ast::VariantKey::Identifier { name } => name,
        ast::VariantKey::NumberLiteral { value } => value,
    }
}

// ---------------------------------------------------------------------------
// Checks on the locale files.

/// Ids missing from `lang`, and ids `lang` has that English does not.
fn check_ids(en: &Language, lang: &Language, out: &mut Findings) {
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
fn check_references(lang: &Language, out: &mut Findings) {
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
fn check_unused_terms(en: &Language, lang: &Language, out: &mut Findings) {
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
fn check_variables(en: &Language, lang: &Language, out: &mut Findings) {
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
fn check_plurals(en: &Language, lang: &Language, out: &mut Findings) {
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

// ---------------------------------------------------------------------------
// Message ids used by templates and code.

/// Where each id is used: file and line of every use.
#[derive(Default)]
struct Usage {
    sites: BTreeMap<String, BTreeSet<(PathBuf, usize)>>,
    /// Prefixes of ids built with `format!("flash-subscription-{action}")`.
    prefixes: BTreeSet<String>,
}

impl Usage {
    fn add(&mut self, id: &str, file: &Path, line: usize) {
        self.sites.entry(id.to_owned()).or_default().insert((file.to_owned(), line));
    }
}

fn scan_sources(source_dirs: &[PathBuf], en: &Language) -> io::Result<Usage> {
    let mut usage = Usage::default();
    let mut files = Vec::new();
    for dir in source_dirs {
        collect_source_files(dir, &mut files)?;
    }
    for file in files {
        let text = match fs::read_to_string(&file) {
            Ok(text) => text,
            // Not UTF-8: not a template or Rust source after all.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", file.display()))),
        };
        let lines = Lines::new(&text);
        if file.extension().is_some_and(|e| e == "rs") {
            let lexed = lex_rust(&text);
            for quote in helper_call_ids(&lexed.code) {
                if let Some(value) = lexed.literals.get(&quote) {
                    usage.add(value, &file, lines.at(quote));
                }
            }
            for (offset, value) in &lexed.literals {
                if let Some(prefix) = format_prefix(value) {
                    usage.prefixes.insert(prefix.to_owned());
                }
                let known = en.get(value).is_some_and(|e| !e.is_term());
                if is_id_shaped(value) && (known || ID_PREFIXES.iter().any(|p| value.starts_with(p))) {
                    usage.add(value, &file, lines.at(*offset));
                }
            }
        } else {
            for quote in helper_call_ids(&text) {
                let rest = &text[quote + 1..];
                let value = &rest[..rest.find(['"', '\n']).unwrap_or(rest.len())];
                usage.add(value, &file, lines.at(quote));
            }
        }
    }
    Ok(usage)
}

fn collect_source_files(path: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_file() {
        files.push(path.to_owned());
        return Ok(());
    }
    for entry in sorted_entries(path)? {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if entry.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                collect_source_files(&entry, files)?;
            }
        } else if entry.extension().and_then(|e| e.to_str()).is_some_and(|e| SOURCE_EXTENSIONS.contains(&e)) {
            files.push(entry);
        }
    }
    Ok(())
}

/// Byte offsets of the opening quote of each string literal passed as the
/// message id to a translation helper: `t("id"`, `ctx.t1("id", …`,
/// `t_in(locale, "id"`.
fn helper_call_ids(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut quotes = Vec::new();
    for name in HELPERS.iter().copied().chain([HELPER_WITH_LOCALE]) {
        let call = format!("{name}(");
        for (start, _) in text.match_indices(&call) {
            if start > 0 && is_ident(bytes[start - 1]) {
                continue;
            }
            let mut i = skip_space(start + call.len());
            if name == HELPER_WITH_LOCALE {
                // Skip the first argument, whatever it is.
                let mut depth = 0usize;
                while i < bytes.len() && i < start + 300 {
                    match bytes[i] {
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' if depth == 0 => break,
                        b')' | b']' | b'}' => depth -= 1,
                        b',' if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
                if bytes.get(i) != Some(&b',') {
                    continue;
                }
                i = skip_space(i + 1);
            }
            if bytes.get(i) == Some(&b'"') {
                quotes.push(i);
            }
        }
    }
    quotes.sort_unstable();
    quotes
}

/// Rust source with comments and the contents of string literals blanked
/// (same byte offsets), and the literals by the offset of their opening quote.
struct LexedRust {
    code: String,
    literals: BTreeMap<usize, String>,
}

fn lex_rust(source: &str) -> LexedRust {
    let bytes = source.as_bytes();
    let mut code = bytes.to_vec();
    let mut literals = BTreeMap::new();
    let blank = |code: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut code[from..to.min(bytes.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let find = |from: usize, needle: &str| source.get(from..).and_then(|s| s.find(needle)).map(|i| i + from);
    let mut i = 0;
    while i < bytes.len() {
        let previous_is_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = find(i, "\n").unwrap_or(bytes.len());
                blank(&mut code, i, end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < bytes.len() && depth > 0 {
                    if bytes[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if bytes[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut code, i, j);
                i = j;
            }
            b'r' if !previous_is_ident
                || (i > 0 && bytes[i - 1] == b'b' && (i < 2 || !bytes[i - 2].is_ascii_alphanumeric())) =>
            {
                let mut j = i + 1;
                while bytes.get(j) == Some(&b'#') {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'"') {
                    // An identifier such as `r#type` or `return`.
                    i += 1;
                    continue;
                }
                let closing = format!("\"{}", "#".repeat(j - i - 1));
                let end = find(j + 1, &closing).unwrap_or(bytes.len());
                literals.insert(j, source[j + 1..end].to_owned());
                blank(&mut code, j + 1, end);
                i = end + closing.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                literals.insert(i, source[i + 1..end].to_owned());
                blank(&mut code, i + 1, end);
                i = end + 1;
            }
            b'\'' => {
                // A char literal (`'"'`, `'\''`) or a lifetime (`'a`).
                if bytes.get(i + 1) == Some(&b'\\') {
                    i = find(i + 3, "'").map_or(bytes.len(), |end| end + 1);
                } else {
                    let width = source[i + 1..].chars().next().map_or(1, char::len_utf8);
                    i += if bytes.get(i + 1 + width) == Some(&b'\'') { width + 2 } else { 1 };
                }
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were replaced, and only whole characters.
    let code = String::from_utf8(code).unwrap_or_default();
    LexedRust { code, literals }
}

/// `flash-subscription-` of a format string `"flash-subscription-{action}"`.
fn format_prefix(literal: &str) -> Option<&str> {
    let prefix = &literal[..literal.find('{')?];
    (prefix.ends_with('-') && is_id_shaped(&format!("{prefix}x"))).then_some(prefix)
}

/// `^[a-z][a-z0-9]*(-[a-z0-9]+)+$`
fn is_id_shaped(value: &str) -> bool {
    let word = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    value.starts_with(|c: char| c.is_ascii_lowercase()) && value.contains('-') && value.split('-').all(word)
}

fn check_usage(en: &Language, usage: &Usage, out: &mut Findings) {
    for (id, sites) in &usage.sites {
        if en.get(id).is_some_and(|e| !e.is_term()) {
            continue;
        }
        for (file, line) in sites {
            out.error(file.clone(), *line, format!("message `{id}` is used here but missing in en"));
        }
    }
    let referenced: BTreeSet<&str> =
        en.entries.iter().flat_map(|e| e.message_refs.iter().map(|(m, _)| m.as_str())).collect();
    for entry in en.entries.iter().filter(|e| !e.is_term()) {
        let id = entry.id.as_str();
        let dynamic = DYNAMIC_IDS.contains(&id)
            || DYNAMIC_PREFIXES.iter().any(|p| id.starts_with(p))
            || usage.prefixes.iter().any(|p| id.starts_with(p.as_str()));
        if !dynamic && !referenced.contains(id) && !usage.sites.contains_key(id) {
            let message = format!(
                "message `{id}` is not used by any template or code (delete it if it is not built at run time)"
            );
            out.warning(en.path(entry.file), entry.line, message);
        }
    }
}

// ---------------------------------------------------------------------------
// Glossary.

/// The first Markdown table in `GLOSSARY.md` whose header names `en`: one
/// column per language code, one row per term. Other columns (notes) are
/// ignored, as are empty cells.
struct Glossary {
    rows: Vec<BTreeMap<String, String>>,
}

impl Glossary {
    fn parse(text: &str) -> Glossary {
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

fn check_glossary(en: &Language, translations: &[&Language], glossary: &Glossary, out: &mut Findings) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A throw-away `locales/` + `templates/` tree under the temp folder.
    struct Fixture {
        root: PathBuf,
    }

    impl Fixture {
        /// A consistent three-language tree with a term, variables, an
        /// attribute, a message reference and a plural; it checks clean.
        fn clean() -> Fixture {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let root = std::env::temp_dir().join(format!("partnerlink-locales-check-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            let fixture = Fixture { root };
            fixture.write("locales/en/core.ftl", EN_CORE);
            fixture.write("locales/ru/core.ftl", RU_CORE);
            fixture.write("locales/zh-CN/core.ftl", ZH_CORE);
            fixture.write("locales/en/sign-in.ftl", "sign-in-title = Sign in to { -partner-center }\n");
            fixture.write("locales/ru/sign-in.ftl", "sign-in-title = Вход в { -partner-center }\n");
            fixture.write("locales/zh-CN/sign-in.ftl", "sign-in-title = 登录{ -partner-center }\n");
            fixture.write("templates/page.html", PAGE);
            fixture.write("src/routes.rs", ROUTES);
            fixture
        }

        fn write(&self, relative: &str, text: &str) {
            let path = self.root.join(relative);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("create fixture folder");
            fs::write(path, text).expect("write fixture file");
        }

        fn report(&self) -> Report {
            let sources = [self.root.join("templates"), self.root.join("src")];
            check(&self.root.join("locales"), &sources).expect("fixture is readable")
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.root.join(relative)
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.root);
        }
    }

    const EN_CORE: &str = "\
-partner-center = Partner Center
nav-customers = Customers
request-email = { $partner } invites you to { -partner-center }.
    .title = Invitation from { $partner }
request-reminder = { request-email } Sent by { $sender }.
customers-count = { $count ->
    [one] { $count } customer
   *[other] { $count } customers
}
service-office365 = Office 365
";

    const RU_CORE: &str = "\
-partner-center = Центр партнеров
nav-customers = Клиенты
request-email = { $partner } приглашает вас в { -partner-center }.
    .title = Приглашение от { $partner }
request-reminder = { request-email } Отправил { $sender }.
customers-count = { $count ->
    [one] { $count } клиент
    [few] { $count } клиента
    [many] { $count } клиентов
   *[other] { $count } клиента
}
service-office365 = Office 365
";

    const ZH_CORE: &str = "\
-partner-center = 合作伙伴中心
nav-customers = 客户
request-email = { $partner } 邀请你加入{ -partner-center }。
    .title = 来自 { $partner } 的邀请
request-reminder = { request-email } 发件人：{ $sender }。
customers-count = { $count } 个客户
service-office365 = Office 365
";

    const PAGE: &str = "\
<h1>{{ ctx.t(\"sign-in-title\") }}</h1>
<p>{{ ctx.t1(\"request-email\", \"partner\", partner) }}</p>
<p>{{ ctx.tn(\"customers-count\", count) }}</p>
";

    const ROUTES: &str = "\
// The reminder text is chosen in code.
fn reminder(page: &Page) -> String {
    let apostrophe = '\"';
    page.t_in(Locale::FALLBACK, \"request-reminder\", &[(\"sender\", \"x\")])
}
const NAV: &[&str] = &[\"nav-customers\"];
";

    fn assert_finding(report: &Report, severity: Severity, file: &Path, line: usize, text: &str) {
        let found = report
            .findings
            .iter()
            .any(|f| f.severity == severity && f.file == file && f.line == line && f.message.contains(text));
        assert!(
            found,
            "expected {severity} at {}:{line} containing {text:?}; got:\n{}",
            file.display(),
            report.render()
        );
    }

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
    fn a_russian_message_without_plural_forms_is_a_warning() {
        let fixture = Fixture::clean();
        let start = RU_CORE.find("customers-count").expect("present");
        let end = RU_CORE.find("service-office365").expect("present");
        let ru = format!("{}customers-count = Клиентов: {{ $count }}\n{}", &RU_CORE[..start], &RU_CORE[end..]);
        fixture.write("locales/ru/core.ftl", &ru);
        let report = fixture.report();
        assert_finding(
            &report,
            Severity::Warning,
            &fixture.path("locales/ru/core.ftl"),
            6,
            "en varies `customers-count`",
        );
        assert!(report.is_clean(), "{}", report.render());
    }

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
    fn id_literals_in_rust_code_must_exist_in_english() {
        let fixture = Fixture::clean();
        let ghost = ["flash", "ghost"].join("-");
        let helper = ["sign", "in", "helper"].join("-");
        let code = format!(
            "// \"{ghost}-in-a-comment\" is ignored\nfn f() -> &'static str {{\n    \"{ghost}\"\n}}\nfn g(p: &Page) -> String {{ p.t(\"{helper}\") }}\nconst CSS: &str = \"button-primary\";\n"
        );
        fixture.write("src/flash.rs", &code);
        let report = fixture.report();
        let file = fixture.path("src/flash.rs");
        assert_finding(&report, Severity::Error, &file, 3, &format!("message `{ghost}` is used here"));
        assert_finding(&report, Severity::Error, &file, 5, &format!("message `{helper}` is used here"));
        assert_eq!(report.errors(), 2, "{}", report.render());
    }

    #[test]
    fn unused_english_messages_are_warnings_unless_built_at_run_time() {
        let fixture = Fixture::clean();
        for lang in ["en", "ru", "zh-CN"] {
            let path = format!("locales/{lang}/extra.ftl");
            let text = "extra-unused = x\nrole-admin-agent = x\nlanguage-name = x\nerror-404-title = x\nflash-saved-seats = x\n";
            fixture.write(&path, text);
        }
        fixture.write("src/flash.rs", "fn f(kind: &str) -> String { format!(\"flash-saved-{kind}\") }\n");
        let report = fixture.report();
        assert_finding(
            &report,
            Severity::Warning,
            &fixture.path("locales/en/extra.ftl"),
            1,
            "`extra-unused` is not used",
        );
        assert_eq!(report.warnings(), 1, "{}", report.render());
        assert!(report.is_clean());
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

    #[test]
    fn rust_lexer_skips_comments_chars_and_raw_strings() {
        let lexed = lex_rust("let a = '\"'; // \"no\"\nlet b = r#\"raw \"x\"\"#; let c = \"esc \\\" q\"; 'a: loop {}");
        let values: Vec<&str> = lexed.literals.values().map(String::as_str).collect();
        assert_eq!(values, ["raw \"x\"", "esc \\\" q"]);
        assert!(is_id_shaped("nav-customers") && is_id_shaped("error-404-title"));
        assert!(
            !is_id_shaped("nav-") && !is_id_shaped("Nav-x") && !is_id_shaped("flash--error") && !is_id_shaped("nav")
        );
    }
}

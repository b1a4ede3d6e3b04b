//! Loading: each `.ftl` file is parsed once (with `fluent-syntax`) into
//! owned summaries of its entries; syntax errors and duplicate ids are
//! reported on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use fluent_syntax::{ast, parser};

use super::placeables::Walk;
use super::report::Findings;

/// One language folder.
pub(super) struct Language {
    pub(super) tag: String,
    pub(super) dir: PathBuf,
    /// File names (`core.ftl`), sorted.
    pub(super) files: Vec<String>,
    pub(super) entries: Vec<Entry>,
    /// Id → position in `entries` (the first definition wins, as in Fluent).
    pub(super) index: BTreeMap<String, usize>,
}

impl Language {
    pub(super) fn path(&self, file: usize) -> PathBuf {
        self.dir.join(&self.files[file])
    }

    pub(super) fn get(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    pub(super) fn file_index(&self, name: &str) -> Option<usize> {
        self.files.iter().position(|f| f == name)
    }
}

/// A message or a term (whose id keeps its leading `-`).
pub(super) struct Entry {
    pub(super) id: String,
    pub(super) file: usize,
    pub(super) line: usize,
    /// The value (key `""`) and each attribute (key `.name`).
    pub(super) parts: BTreeMap<String, Part>,
    pub(super) term_refs: Vec<(String, usize)>,
    pub(super) message_refs: Vec<(String, usize)>,
    pub(super) selects: Vec<Select>,
    /// The text with references left unresolved, for the glossary.
    pub(super) text: Vec<Piece>,
}

impl Entry {
    pub(super) fn new(id: String, file: usize, line: usize) -> Self {
        let (parts, term_refs, message_refs, selects, text) = Default::default();
        Entry { id, file, line, parts, term_refs, message_refs, selects, text }
    }

    pub(super) fn is_term(&self) -> bool {
        self.id.starts_with('-')
    }

    /// Variables of `$name -> [one] …` selects that use plural categories.
    pub(super) fn plural_selectors(&self) -> BTreeSet<&str> {
        self.selects.iter().filter(|s| s.is_plural()).filter_map(|s| s.variable.as_deref()).collect()
    }
}

/// The value or one attribute of an entry: where it starts, and the
/// variables it uses with the line of their first use.
pub(super) struct Part {
    pub(super) line: usize,
    pub(super) vars: BTreeMap<String, usize>,
}

/// A select expression: its selector variable (if it is one) and variant keys.
pub(super) struct Select {
    pub(super) variable: Option<String>,
    pub(super) line: usize,
    pub(super) keys: Vec<String>,
}

impl Select {
    /// A select on a variable with CLDR plural keys or number keys, or with
    /// only `*[other]` (which is only ever written for plurals).
    pub(super) fn is_plural(&self) -> bool {
        self.variable.is_some()
            && (self.keys.iter().all(|k| k == "other")
                || self
                    .keys
                    .iter()
                    .any(|k| matches!(k.as_str(), "zero" | "one" | "two" | "few" | "many") || k.parse::<f64>().is_ok()))
    }
}

pub(super) enum Piece {
    Text(String),
    /// A message or term reference, resolved when the text is needed.
    Reference(String),
    /// A variable or the boundary between variants.
    Gap,
}

pub(super) fn load_languages(locales_dir: &Path, out: &mut Findings) -> io::Result<Vec<Language>> {
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
pub(super) fn sorted_entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
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
pub(super) struct Lines<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { source, starts }
    }

    pub(super) fn at(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    pub(super) fn offset_of(&self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        if offset <= self.source.len() { offset } else { 0 }
    }

    pub(super) fn of(&self, part: &str) -> usize {
        self.at(self.offset_of(part))
    }
}

pub(super) fn parse_file(lang: &mut Language, file: usize, source: &str, out: &mut Findings) {
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

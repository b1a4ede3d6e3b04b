//! Message ids used by askama templates: the first argument of each
//! translation helper call (`ctx.t("id")`, `ctx.t1("id", …)`, and the second
//! of `ctx.t_in(locale, "id", …)`) when it is a string literal. Ids chosen by
//! Rust code come from the enums that carry them instead (see
//! [`super::code_ids`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fluent::{Lines, sorted_entries};
use super::usage::Usage;

/// Translation helpers whose first argument is a message id.
const HELPERS: &[&str] = &["t", "t1", "t2", "tn", "t_args", "t_around"];
/// Translation helper whose second argument is a message id.
const HELPER_WITH_LOCALE: &str = "t_in";

/// Template files scanned for message ids.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "htm", "txt"];

/// Adds the ids used by every template under `dirs` (or the named files).
pub(super) fn scan(dirs: &[PathBuf], usage: &mut Usage) -> io::Result<()> {
    let mut files = Vec::new();
    for dir in dirs {
        collect_files(dir, &mut files)?;
    }
    for file in files {
        let text = match fs::read_to_string(&file) {
            Ok(text) => text,
            // Not UTF-8: not a template after all.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", file.display()))),
        };
        let lines = Lines::new(&text);
        for quote in helper_call_ids(&text) {
            let rest = &text[quote + 1..];
            let value = &rest[..rest.find(['"', '\n']).unwrap_or(rest.len())];
            usage.add(value, &file, lines.at(quote));
        }
    }
    Ok(())
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_file() {
        files.push(path.to_owned());
        return Ok(());
    }
    for entry in sorted_entries(path)? {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if entry.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                collect_files(&entry, files)?;
            }
        } else if entry.extension().and_then(|e| e.to_str()).is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e)) {
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

#[cfg(test)]
mod tests {
    use super::helper_call_ids;

    #[test]
    fn helper_calls_give_their_id_literal_and_t_in_its_second_argument() {
        let text = r#"{{ ctx.t("a-b") }} {{ ctx.t_in(locale(x, y), "c-d", []) }} {{ ctx.t(id) }} {{ at("no-id") }}"#;
        let ids: Vec<&str> = helper_call_ids(text)
            .into_iter()
            .map(|q| &text[q + 1..q + 1 + text[q + 1..].find('"').unwrap_or(0)])
            .collect();
        assert_eq!(ids, ["a-b", "c-d"]);
    }
}

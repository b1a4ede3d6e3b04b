//! Message ids used by templates and code must exist in English; English
//! messages nobody uses are reported as advice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::fluent::Language;
use super::report::Findings;
use crate::i18n::ids::IdFamily;

/// Where each id is used: file and line of every use.
#[derive(Default)]
pub(super) struct Usage {
    sites: BTreeMap<String, BTreeSet<(PathBuf, usize)>>,
}

impl Usage {
    pub(super) fn add(&mut self, id: &str, file: &Path, line: usize) {
        self.sites.entry(id.to_owned()).or_default().insert((file.to_owned(), line));
    }

    /// The ids Rust code can show, located where their enum is written.
    pub(super) fn add_code(&mut self, code: &[IdFamily]) {
        for family in code {
            for id in &family.ids {
                self.add(id, Path::new(family.file), family.line as usize);
            }
        }
    }
}

pub(super) fn check_usage(en: &Language, usage: &Usage, out: &mut Findings) {
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
        if !referenced.contains(id) && !usage.sites.contains_key(id) {
            let message = format!("message `{id}` is not used by any template or code (delete it if it is not needed)");
            out.warning(en.path(entry.file), entry.line, message);
        }
    }
}

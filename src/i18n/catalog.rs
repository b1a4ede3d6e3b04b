//! Fluent bundles for every language, built once and rebuilt from disk when
//! live reload is on and a `.ftl` file changed.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use include_dir::{Dir, include_dir};
use intl_memoizer::Memoizable;
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

use super::{Formatters, Locale, SUPPORTED};

/// The `locales/` folder as it was at build time (used in release builds).
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");

pub type MessageArgs<'a> = FluentArgs<'a>;
type Bundle = FluentBundle<FluentResource>;

/// An immutable set of bundles, one per supported language.
pub struct Catalog {
    bundles: Vec<Bundle>,
    /// Per language, each message that needs no arguments, formatted once:
    /// a page shows dozens of them (on the request page, formatting them
    /// anew was 8 % of the CPU). Looked up with FxHash: the ids are ours,
    /// not an attacker's, and SipHash was 5 % of that page's instructions.
    texts: Vec<FxHashMap<String, String>>,
    formatters: Arc<Formatters>,
}

impl Catalog {
    /// The message `id` in `locale`, falling back to English and, as a last
    /// resort, to the id itself (logged, so it is noticed).
    pub fn message(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
        if let Some(text) = self.format(locale, id, args) {
            return text;
        }
        if locale != Locale::FALLBACK
            && let Some(text) = self.format(Locale::FALLBACK, id, args)
        {
            tracing::warn!(locale = locale.tag(), id, "message missing in translation; using English");
            return text;
        }
        tracing::error!(id, "message missing in English");
        id.to_owned()
    }

    /// The message `id` in `locale`, without arguments: as [`Self::message`],
    /// borrowed when it was formatted in advance.
    pub fn text(&self, locale: Locale, id: &str) -> Cow<'_, str> {
        match self.texts[locale.index()].get(id) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(self.message(locale, id, None)),
        }
    }

    /// The message `id` split where it shows the variable `$hole`: the text
    /// before and after it, so a caller can put there its own markup, or
    /// many values with the message formatted once. `args` are the
    /// message's other variables.
    pub fn around(&self, locale: Locale, id: &str, hole: &str, args: &[(&str, &str)]) -> (String, String) {
        const MARK: &str = "\u{E000}";
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        fluent_args.set(hole, FluentValue::from(MARK));
        let text = self.message(locale, id, Some(&fluent_args));
        match text.split_once(MARK) {
            Some((before, after)) => (before.to_owned(), after.to_owned()),
            None => (text, String::new()),
        }
    }

    /// True when `locale` itself (not the fallback) has the message.
    pub fn has_message(&self, locale: Locale, id: &str) -> bool {
        self.bundles[locale.index()].has_message(id)
    }

    fn format(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = &self.bundles[locale.index()];
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(locale = locale.tag(), id, ?errors, "message formatted with errors");
        }
        Some(text.into_owned())
    }

    pub fn formatters(&self) -> &Formatters {
        &self.formatters
    }
}

/// Where `.ftl` files come from.
#[derive(Clone, Debug)]
pub enum LocaleSource {
    /// Compiled into the binary.
    Embedded,
    /// Read from a folder, and re-read when a file there changes.
    Directory(PathBuf),
}

/// Hands out the current [`Catalog`].
pub struct Localizer {
    source: LocaleSource,
    operator_override: Option<String>,
    formatters: Arc<Formatters>,
    state: RwLock<(Arc<Catalog>, Option<Stamp>)>,
}

/// Changes when any `.ftl` file under the folder is added, removed or edited.
type Stamp = (usize, SystemTime);

impl Localizer {
    /// `operator_override` replaces the `-operator-name` term in every
    /// language when the operator is not the default one.
    pub fn new(source: LocaleSource, operator_override: Option<String>) -> Self {
        let formatters = Arc::new(Formatters::new());
        let stamp = match &source {
            LocaleSource::Directory(dir) => directory_stamp(dir),
            LocaleSource::Embedded => None,
        };
        let catalog = build_catalog(&source, operator_override.as_deref(), &formatters);
        Self { source, operator_override, formatters, state: RwLock::new((Arc::new(catalog), stamp)) }
    }

    pub fn catalog(&self) -> Arc<Catalog> {
        if let LocaleSource::Directory(dir) = &self.source {
            let stamp = directory_stamp(dir);
            let stale = self.state.read().map(|state| state.1 != stamp).unwrap_or(true);
            if stale {
                let catalog =
                    Arc::new(build_catalog(&self.source, self.operator_override.as_deref(), &self.formatters));
                tracing::info!(dir = %dir.display(), "locales reloaded");
                if let Ok(mut state) = self.state.write() {
                    *state = (catalog.clone(), stamp);
                }
                return catalog;
            }
        }
        match self.state.read() {
            Ok(state) => state.0.clone(),
            Err(poisoned) => poisoned.into_inner().0.clone(),
        }
    }
}

fn directory_stamp(dir: &Path) -> Option<Stamp> {
    let mut count = 0;
    let mut newest = SystemTime::UNIX_EPOCH;
    for tag in SUPPORTED {
        let Ok(entries) = std::fs::read_dir(dir.join(tag)) else { continue };
        for entry in entries.flatten() {
            if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                count += 1;
                newest = newest.max(modified);
            }
        }
    }
    Some((count, newest))
}

/// `(file name, text)` of every `.ftl` file for one language, sorted by name.
fn read_sources(source: &LocaleSource, tag: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = match source {
        LocaleSource::Embedded => EMBEDDED
            .get_dir(tag)
            .map(|dir| {
                dir.files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
                    .filter_map(|f| Some((f.path().display().to_string(), f.contents_utf8()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
        LocaleSource::Directory(dir) => std::fs::read_dir(dir.join(tag))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                    .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
                    .collect()
            })
            .unwrap_or_default(),
    };
    files.sort();
    files
}

fn build_catalog(source: &LocaleSource, operator_override: Option<&str>, formatters: &Arc<Formatters>) -> Catalog {
    let (bundles, texts) = SUPPORTED
        .iter()
        .map(|tag| {
            let langid: LanguageIdentifier = tag.parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number));
            let mut ids = Vec::new();
            for (file, text) in read_sources(source, tag) {
                let resource = FluentResource::try_new(text).unwrap_or_else(|(resource, errors)| {
                    tracing::warn!(file, ?errors, "syntax errors in locale file (run `partnerlink check-locales`)");
                    resource
                });
                ids.extend(resource.entries().filter_map(|entry| match entry {
                    ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                    _ => None,
                }));
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::warn!(file, ?errors, "locale file redefines messages");
                }
            }
            if let Some(name) = operator_override {
                let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
                if let Ok(resource) = FluentResource::try_new(format!("-operator-name = {{ \"{escaped}\" }}\n")) {
                    bundle.add_resource_overriding(resource);
                }
            }
            let texts = formatted_without_arguments(&bundle, ids);
            (bundle, texts)
        })
        .unzip();
    Catalog { bundles, texts, formatters: formatters.clone() }
}

/// Each of `ids` that formats without arguments and without errors (a
/// message that needs a variable reports its absence as an error).
fn formatted_without_arguments(bundle: &Bundle, ids: Vec<String>) -> FxHashMap<String, String> {
    ids.into_iter()
        .filter_map(|id| {
            let pattern = bundle.get_message(&id)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errors).into_owned();
            errors.is_empty().then_some((id, text))
        })
        .collect()
}

/// Fluent prints numbers as plain digits; this gives them the language's
/// grouping separators.
fn format_number(value: &FluentValue, memoizer: &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else { return None };
    if number.value.fract() != 0.0 || number.value.abs() > 9.0e15 {
        return None;
    }
    memoizer
        .with_try_get::<GroupedIntegers, _, _>((), |formatter| {
            formatter.0.format(&(number.value as i64).into()).to_string()
        })
        .ok()
}

struct GroupedIntegers(icu_decimal::DecimalFormatter);

impl Memoizable for GroupedIntegers {
    type Args = ();
    type Error = ();

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        let locale: icu_locale_core::Locale = lang.to_string().parse().map_err(|_| ())?;
        icu_decimal::DecimalFormatter::try_new(locale.into(), Default::default()).map(GroupedIntegers).map_err(|_| ())
    }
}

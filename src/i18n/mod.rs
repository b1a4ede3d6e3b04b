//! Languages, negotiation and message catalogs.
//!
//! Adding a language means adding one entry to [`SUPPORTED`] and a folder
//! under `locales/`; nothing else in the code names a language.

mod catalog;
mod format;
pub mod ids;

pub use catalog::{Catalog, LocaleSource, Localizer, MessageArgs};
pub use format::Formatters;

/// Tags of the supported languages, English first (it is the source and the
/// fallback for missing messages).
pub const SUPPORTED: &[&str] = &["en", "ru", "zh-CN"];

/// One of [`SUPPORTED`], by position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Locale(u8);

impl Locale {
    pub const FALLBACK: Locale = Locale(0);

    pub fn all() -> impl Iterator<Item = Locale> {
        (0..SUPPORTED.len()).map(|i| Locale(i as u8))
    }

    pub fn tags() -> Vec<&'static str> {
        SUPPORTED.to_vec()
    }

    pub fn tag(self) -> &'static str {
        SUPPORTED[self.0 as usize]
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Maps a BCP 47 tag to a supported language: exact tags, regional
    /// variants (`ru-RU`), and Simplified Chinese spellings (`zh`,
    /// `zh-Hans`, `zh-SG`). Traditional Chinese is not Simplified, so
    /// `zh-TW`/`zh-Hant` do not match.
    pub fn from_tag(raw: &str) -> Option<Locale> {
        let tag = raw.trim().replace('_', "-").to_ascii_lowercase();
        if tag.is_empty() || tag.len() > 35 || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let mut parts = tag.split('-');
        let language = parts.next()?;
        if language == "zh" {
            let rest: Vec<&str> = parts.collect();
            let traditional = rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
            return if traditional { None } else { Self::position("zh-CN") };
        }
        SUPPORTED
            .iter()
            .position(|s| s.eq_ignore_ascii_case(&tag))
            .or_else(|| SUPPORTED.iter().position(|s| s.split('-').next() == Some(language)))
            .map(|i| Locale(i as u8))
    }

    fn position(tag: &str) -> Option<Locale> {
        SUPPORTED.iter().position(|s| *s == tag).map(|i| Locale(i as u8))
    }

    /// The best supported language for an `Accept-Language` header, by
    /// quality, ties in header order.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .take(32)
            .enumerate()
            .filter_map(|(order, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                    .unwrap_or(1.0);
                (quality > 0.0 && tag != "*").then_some((quality, order, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.into_iter().find_map(|(_, _, tag)| Locale::from_tag(tag))
    }
}

/// Stored (in the session) as its tag; a tag no longer supported reads as an
/// error, which callers treat as "no preference".
impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Locale::from_tag(&tag).ok_or_else(|| serde::de::Error::custom(format_args!("unsupported language {tag:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(raw: &str) -> Option<&'static str> {
        Locale::from_tag(raw).map(Locale::tag)
    }

    #[test]
    fn simplified_chinese_spellings_map_to_zh_cn() {
        for raw in ["zh", "zh-Hans", "zh-CN", "zh-SG", "zh-Hans-CN", "ZH_cn"] {
            assert_eq!(tag(raw), Some("zh-CN"), "{raw}");
        }
        assert_eq!(tag("zh-TW"), None);
        assert_eq!(tag("zh-Hant"), None);
    }

    #[test]
    fn regional_variants_and_unknowns() {
        assert_eq!(tag("ru-RU"), Some("ru"));
        assert_eq!(tag("en-GB"), Some("en"));
        assert_eq!(tag("fr"), None);
        assert_eq!(tag("ru\r\nSet-Cookie: x"), None);
        assert_eq!(tag(""), None);
    }

    #[test]
    fn accept_language_honours_quality() {
        let pick = |h: &str| Locale::from_accept_language(h).map(Locale::tag);
        assert_eq!(pick("fr-FR, ru;q=0.8, en;q=0.5"), Some("ru"));
        assert_eq!(pick("en;q=0.3, zh-Hans;q=0.9"), Some("zh-CN"));
        assert_eq!(pick("de, fr"), None);
        assert_eq!(pick("ru;q=0, en"), Some("en"));
        assert_eq!(pick(";;;,,q="), None);
    }

    proptest::proptest! {
        #[test]
        fn negotiation_never_panics_and_picks_only_supported(header in "(?s).{0,300}|([a-zA-Z_-]{0,12}(;q=[0-9.a-z]{0,6})?, ?){0,40}") {
            if let Some(locale) = Locale::from_accept_language(&header) {
                proptest::prop_assert!(SUPPORTED.contains(&locale.tag()));
            }
            if let Some(locale) = Locale::from_tag(&header) {
                proptest::prop_assert!(SUPPORTED.contains(&locale.tag()));
            }
        }

        #[test]
        fn a_supported_tag_in_any_case_or_region_is_found(i in 0..SUPPORTED.len(), region in "(-[A-Z]{2})?") {
            let tag = SUPPORTED[i];
            let spelled = if tag == "zh-CN" { tag.to_owned() } else { format!("{tag}{region}") };
            proptest::prop_assert_eq!(Locale::from_tag(&spelled.to_lowercase()).map(Locale::tag), Some(tag));
            let header = format!("xx;q=0.9, {spelled};q=0.95, yy");
            proptest::prop_assert_eq!(Locale::from_accept_language(&header).map(Locale::tag), Some(tag));
        }
    }
}

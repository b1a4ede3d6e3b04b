//! Dates and numbers in the viewer's language, with ICU4X data compiled in.

use chrono::{Datelike, NaiveDateTime, Timelike};
use icu_calendar::{Date, Iso};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;

use super::{Locale, SUPPORTED};

struct LocaleFormatters {
    date: DateTimeFormatter<YMD>,
    date_time: DateTimeFormatter<YMDT>,
    number: DecimalFormatter,
}

/// Formatters for every supported language, built once at start-up.
pub struct Formatters {
    by_locale: Vec<LocaleFormatters>,
}

impl Formatters {
    pub fn new() -> Self {
        let by_locale = SUPPORTED
            .iter()
            .map(|tag| {
                let locale: icu_locale_core::Locale = tag.parse().expect("SUPPORTED holds valid BCP 47 tags");
                LocaleFormatters {
                    date: DateTimeFormatter::try_new(locale.clone().into(), YMD::long())
                        .expect("compiled ICU data has long dates"),
                    date_time: DateTimeFormatter::try_new(locale.clone().into(), YMD::long().with_time_hm())
                        .expect("compiled ICU data has dates with times"),
                    number: DecimalFormatter::try_new(locale.into(), Default::default())
                        .expect("compiled ICU data has decimal symbols"),
                }
            })
            .collect();
        Self { by_locale }
    }

    fn get(&self, locale: Locale) -> &LocaleFormatters {
        &self.by_locale[locale.index()]
    }

    /// "November 25, 2026" / "25 ноября 2026\u{202f}г." / "2026年11月25日".
    pub fn date(&self, locale: Locale, at: NaiveDateTime) -> String {
        match iso_date(at) {
            Some(date) => self.get(locale).date.format(&date).to_string(),
            None => at.date().to_string(),
        }
    }

    /// Date and hour:minute (UTC).
    pub fn date_time(&self, locale: Locale, at: NaiveDateTime) -> String {
        let time = Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0);
        match (iso_date(at), time) {
            (Some(date), Ok(time)) => self.get(locale).date_time.format(&DateTime { date, time }).to_string(),
            _ => at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// Integers with the language's grouping ("12,345" / "12 345").
    pub fn number(&self, locale: Locale, n: i64) -> String {
        self.get(locale).number.format(&Decimal::from(n)).to_string()
    }
}

impl Default for Formatters {
    fn default() -> Self {
        Self::new()
    }
}

fn iso_date(at: NaiveDateTime) -> Option<Date<Iso>> {
    Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::from_tag(tag).unwrap()
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let f = Formatters::new();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(f.date(locale("en"), at), "November 25, 2026");
        assert_eq!(f.date(locale("ru"), at), "25 ноября 2026\u{202f}г.");
        assert_eq!(f.date(locale("zh-CN"), at), "2026年11月25日");
    }

    #[test]
    fn numbers_are_grouped() {
        let f = Formatters::new();
        assert_eq!(f.number(locale("en"), 123456), "123,456");
        assert_eq!(f.number(locale("ru"), 123456), "123\u{a0}456");
        assert_eq!(f.number(locale("zh-CN"), 123456), "123,456");
    }
}

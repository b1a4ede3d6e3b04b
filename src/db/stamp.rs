//! [`Stamp`]: a `Timestamp` column read quickly on SQLite.
//!
//! SQLite keeps a timestamp as text, and diesel reads it by trying chrono
//! format strings one after another: about 2,700 instructions a value, 7 %
//! of an activity page, and as much again for every row of a CSV export.
//! Read as a `Stamp`, the text diesel itself writes (`YYYY-MM-DD
//! HH:MM:SS[.fraction]`) is parsed directly; anything else goes to diesel's
//! own reading, so a `Stamp` reads every value a `NaiveDateTime` does, with
//! the same result.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::Timestamp;
use diesel::sqlite::{Sqlite, SqliteType, SqliteValue};

/// A timestamp as loaded from a `Timestamp` column; unwrap with `.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct Stamp(pub NaiveDateTime);

impl FromSql<Timestamp, Sqlite> for Stamp {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if value.value_type() == Some(SqliteType::Text)
            && let Some(at) = parse(value.read_text())
        {
            return Ok(Stamp(at));
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(Stamp)
    }
}

impl FromSql<Timestamp, Pg> for Stamp {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Stamp)
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional `.` and 1 to 9 digits of the
/// second, as diesel writes it; `None` for any other text.
fn parse(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b' ' {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<u32> {
        bytes[from..to].iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let nanos = match &bytes[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(20, bytes.len())? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 7)?, digits(8, 10)?)?;
    let time = NaiveTime::from_hms_nano_opt(digits(11, 13)?, digits(14, 16)?, digits(17, 19)?, nanos)?;
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What diesel's own reading gives for text it wrote.
    fn as_diesel_reads(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, "%F %T%.f").ok()
    }

    #[test]
    fn reads_what_diesel_writes_as_diesel_does() {
        for text in [
            "2026-11-30 10:25:31",
            "2026-11-30 10:25:31.5",
            "2026-11-30 10:25:31.123",
            "2026-11-30 10:25:31.123456",
            "2026-11-30 10:25:31.123456789",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59.999999",
            "2024-02-29 12:00:00",
        ] {
            assert_eq!(parse(text), as_diesel_reads(text), "{text}");
            assert!(parse(text).is_some(), "{text}");
        }
        // As diesel writes it, back again.
        let at = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap().and_hms_micro_opt(3, 4, 5, 600_007).unwrap();
        assert_eq!(parse(&at.format("%F %T%.f").to_string()), Some(at));
    }

    #[test]
    fn leaves_every_other_text_to_diesel() {
        for text in [
            "",
            "2026-11-30",
            "2026-11-30T10:25:31",
            "2026-11-30 10:25:31Z",
            "2026-11-30 10:25:31+01:00",
            "2026-11-30 10:25:31.",
            "2026-11-30 10:25:31.1234567890",
            "2026-02-30 10:25:31",
            "2026-11-30 24:00:00",
            "2026-11-30 10:60:00",
            "2026-1a-30 10:25:31",
            "+2026-11-30 10:25:3",
            "２０２６-11-30 10:25:31",
            "2459000.5",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

//! A relationship's states as stored and as read (`RelationshipStatus`,
//! `Lifecycle`), the side that ended it, and the reason it may give.

use chrono::NaiveDateTime;

use crate::db::schema::reseller_relationships as rels;
use crate::db::{Coded, not_coded};
use crate::domain::relationships::EndedBy;

/// The longest reason a side may give for ending, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// The stored status of a relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationshipStatus {
    Active,
    Ending,
    Ended,
}

impl RelationshipStatus {
    pub const ALL: [RelationshipStatus; 3] = [Self::Active, Self::Ending, Self::Ended];

    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Ending => "ending",
            Self::Ended => "ended",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The relationship has not ended (`status <> 'ended'`), written as the
/// partial unique index of open relationships states it, so that lookups of
/// a partner's open relationship with a customer use that index.
pub fn is_open() -> Coded<rels::status> {
    not_coded(rels::status, [RelationshipStatus::Ended.code()])
}

/// The side that ended a relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndSide {
    Customer,
    Partner,
}

impl EndSide {
    pub fn code(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Partner => "partner",
        }
    }

    pub(super) fn parse(code: &str) -> Option<Self> {
        [Self::Customer, Self::Partner].into_iter().find(|s| s.code() == code)
    }

    pub(super) fn of(by: EndedBy) -> Self {
        match by {
            EndedBy::Customer(_) => Self::Customer,
            EndedBy::Partner => Self::Partner,
        }
    }
}

/// Where a relationship stands, with what each state keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Active,
    Ending { due: NaiveDateTime, by: Option<EndSide> },
    Ended { at: Option<NaiveDateTime>, by: Option<EndSide> },
}

impl Lifecycle {
    pub fn from_row(
        status: &str,
        due: Option<NaiveDateTime>,
        ended_at: Option<NaiveDateTime>,
        ended_by: Option<&str>,
    ) -> Self {
        let by = ended_by.and_then(EndSide::parse);
        match (RelationshipStatus::parse(status), due) {
            (Some(RelationshipStatus::Ending), Some(due)) => Self::Ending { due, by },
            (Some(RelationshipStatus::Ended), _) => Self::Ended { at: ended_at, by },
            _ => Self::Active,
        }
    }

    pub fn is_active(&self) -> bool {
        matches!(self, Self::Active)
    }

    pub fn is_ended(&self) -> bool {
        matches!(self, Self::Ended { .. })
    }

    /// The side that ended (or is ending) the relationship.
    pub fn by(&self) -> Option<EndSide> {
        match self {
            Self::Active => None,
            Self::Ending { by, .. } | Self::Ended { by, .. } => *by,
        }
    }
}

/// Why a side ends the relationship: optional free text, trimmed, at most
/// [`MAX_REASON_CHARS`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndReason(String);

/// A reason longer than [`MAX_REASON_CHARS`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the reason is too long")]
pub struct ReasonTooLong;

impl EndReason {
    /// `None` for an empty reason. The other side reads it (their activity
    /// log, the relationship's page): without the characters that would
    /// turn the text after it around ([`crate::domain::text_for_others`]).
    pub fn parse(raw: &str) -> Result<Option<Self>, ReasonTooLong> {
        let text = crate::domain::text_for_others(raw);
        if text.chars().count() > MAX_REASON_CHARS {
            return Err(ReasonTooLong);
        }
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_reason_is_none_and_a_long_one_is_refused() {
        assert_eq!(EndReason::parse("  "), Ok(None));
        assert_eq!(EndReason::parse(" moving on ").unwrap().unwrap().as_str(), "moving on");
        assert_eq!(EndReason::parse(&"я".repeat(MAX_REASON_CHARS)).map(|r| r.is_some()), Ok(true));
        assert_eq!(EndReason::parse(&"я".repeat(MAX_REASON_CHARS + 1)), Err(ReasonTooLong));
        assert_eq!(EndReason::parse("moved\u{202e}rehtona ot").unwrap().unwrap().as_str(), "movedrehtona ot");
        assert_eq!(EndReason::parse("\u{2067}\u{202e}"), Ok(None));
    }

    #[test]
    fn statuses_read_back_from_their_codes() {
        for status in RelationshipStatus::ALL {
            assert_eq!(RelationshipStatus::parse(status.code()), Some(status));
        }
        assert_eq!(RelationshipStatus::parse("paused"), None);
    }
}

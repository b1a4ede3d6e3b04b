//! Invitation links: one active random token per partner, reusable for any
//! number of customers, carrying nothing about any customer.

use diesel::prelude::*;

use super::ids::PartnerId;
use crate::db::schema::{invitation_tokens, partners};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

const TOKEN_BYTES: usize = 24;
/// Length of the URL-safe base64 text of [`TOKEN_BYTES`] (no padding).
const TOKEN_CHARS: usize = 32;

/// A well-formed token (192 random bits). Parsing checks only the shape;
/// [`find_partner`] tells whether it is the partner's active one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationToken(String);

impl InvitationToken {
    pub fn generate() -> Self {
        Self(super::random_token::<TOKEN_BYTES>())
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let well_formed =
            raw.len() == TOKEN_CHARS && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        well_formed.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The partner an invitation link belongs to.
#[derive(Clone, Debug)]
pub struct InvitingPartner {
    pub id: PartnerId,
    pub name: String,
}

/// The partner an active token belongs to.
pub fn find_partner(conn: &mut DbConn, token: &InvitationToken) -> Result<Option<InvitingPartner>, DbError> {
    let row: Option<(PartnerId, String)> = db_run!(conn, {
        invitation_tokens::table
            .inner_join(partners::table)
            .filter(invitation_tokens::token.eq(token.as_str()))
            .filter(invitation_tokens::revoked_at.is_null())
            .select((partners::id, partners::name))
            // Unique token: no LIMIT, see domain/mod.rs.
            .load(conn)
            .map(|rows: Vec<_>| rows.into_iter().next())
    })?;
    Ok(row.map(|(id, name)| InvitingPartner { id, name }))
}

/// The partner's active token, issued now if it has none (a partner created
/// without one, or a database from before tokens were issued at creation).
pub fn current_or_issue(conn: &mut DbConn, partner_id: PartnerId) -> Result<InvitationToken, DbError> {
    match active_token(conn, partner_id)? {
        Some(token) => Ok(token),
        None => rotate(conn, partner_id, super::activity::SYSTEM_ACTOR),
    }
}

/// The partner's active token.
pub fn active_token(conn: &mut DbConn, partner_id: PartnerId) -> Result<Option<InvitationToken>, DbError> {
    let token: Option<String> = db_run!(conn, {
        invitation_tokens::table
            .filter(invitation_tokens::partner_id.eq(partner_id))
            .filter(invitation_tokens::revoked_at.is_null())
            .select(invitation_tokens::token)
            // One active token per partner: no LIMIT, see domain/mod.rs.
            .load(conn)
            .map(|rows: Vec<_>| rows.into_iter().next())
    })?;
    Ok(token.map(InvitationToken))
}

/// Revokes the active token (if any) and issues a new one, atomically.
pub fn rotate(conn: &mut DbConn, partner_id: PartnerId, actor_name: &str) -> Result<InvitationToken, DbError> {
    let token = InvitationToken::generate();
    let now = super::now();
    db_write!(conn, {
        diesel::update(
            invitation_tokens::table
                .filter(invitation_tokens::partner_id.eq(partner_id))
                .filter(invitation_tokens::revoked_at.is_null()),
        )
        .set(invitation_tokens::revoked_at.eq(now))
        .execute(conn)?;
        diesel::insert_into(invitation_tokens::table)
            .values((
                invitation_tokens::partner_id.eq(partner_id),
                invitation_tokens::token.eq(token.as_str()),
                invitation_tokens::created_at.eq(now),
            ))
            .execute(conn)?;
        super::audit::record(
            conn,
            super::audit::Event::new(super::audit::Action::LinkRotated, actor_name).partner(partner_id),
        )?;
        use super::notifications::{EventType, Notice, Outbox, Side};
        conn.enqueue(
            &Notice::of_partner(EventType::InvitationLinkRotated, Side::Partner, actor_name, partner_id).at(now),
        )?;
        Ok::<_, DbError>(())
    })?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_and_differ() {
        let a = InvitationToken::generate();
        let b = InvitationToken::generate();
        assert_ne!(a, b);
        assert_eq!(InvitationToken::parse(a.as_str()), Some(a));
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        for raw in ["", "short", &"a".repeat(31), &"a".repeat(33), &format!("{}=", "a".repeat(31)), &"é".repeat(16)] {
            assert_eq!(InvitationToken::parse(raw), None, "{raw:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_accepts_exactly_the_token_shape(raw in "(?s).{0,80}|[A-Za-z0-9_=+/-]{0,40}") {
            let shaped = raw.len() == TOKEN_CHARS
                && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            proptest::prop_assert_eq!(InvitationToken::parse(&raw).is_some(), shaped);
        }

        #[test]
        fn parse_never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..100)) {
            let raw = String::from_utf8_lossy(&bytes);
            let _ = InvitationToken::parse(&raw);
        }
    }
}

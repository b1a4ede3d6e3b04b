//! Invitation links: per partner, one active random token of each kind —
//! with delegated administration, and for the reseller relationship only —
//! reusable for any number of customers, carrying nothing about any customer.
//! What accepting a link may grant is the kind of its token, kept here: a
//! customer cannot edit one kind into the other.

use diesel::prelude::*;

use super::ids::PartnerId;
use crate::db::schema::invitation_tokens;
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

const TOKEN_BYTES: usize = 24;
/// Length of the URL-safe base64 text of [`TOKEN_BYTES`] (no padding).
const TOKEN_CHARS: usize = 32;

/// A well-formed token (192 random bits). Parsing checks only the shape;
/// [`find_partner`] tells whether it is an active one, and of which kind.
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

/// What accepting a link may grant, stored with its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// The reseller relationship and delegated administration of the
    /// services the customer chooses.
    WithDelegatedAdmin,
    /// The reseller relationship only: accepting grants no service.
    ResellerOnly,
}

impl LinkKind {
    pub const ALL: [LinkKind; 2] = [LinkKind::WithDelegatedAdmin, LinkKind::ResellerOnly];

    /// The `invitation_tokens.reseller_only` value of this kind.
    fn reseller_only(self) -> bool {
        self == LinkKind::ResellerOnly
    }

    fn from_reseller_only(reseller_only: bool) -> Self {
        if reseller_only { LinkKind::ResellerOnly } else { LinkKind::WithDelegatedAdmin }
    }

    /// Whether accepting may grant delegated administration.
    pub fn allows_delegated_admin(self) -> bool {
        self == LinkKind::WithDelegatedAdmin
    }
}

/// The partner an invitation link belongs to, and what the link may grant.
#[derive(Clone, Debug)]
pub struct InvitingPartner {
    pub id: PartnerId,
    pub name: String,
    pub kind: LinkKind,
}

/// The partner an active token belongs to.
pub fn find_partner(conn: &mut DbConn, token: &InvitationToken) -> Result<Option<InvitingPartner>, DbError> {
    let row: Option<(PartnerId, String, bool)> = db_run!(conn, {
        invitation_tokens::table
            .filter(invitation_tokens::token.eq(token.as_str()))
            .filter(invitation_tokens::revoked_at.is_null())
            .select((
                invitation_tokens::partner_id,
                super::partner_name!(invitation_tokens::partner_id),
                invitation_tokens::reseller_only,
            ))
            // Unique token: no LIMIT, see domain/mod.rs.
            .load(conn)
            .map(|rows: Vec<_>| rows.into_iter().next())
    })?;
    Ok(row.map(|(id, name, reseller_only)| InvitingPartner {
        id,
        name,
        kind: LinkKind::from_reseller_only(reseller_only),
    }))
}

/// The partner's active token of `kind` when nothing needs issuing (see
/// [`current_or_issue`]); `None` otherwise. Reads only.
pub fn current(conn: &mut DbConn, partner_id: PartnerId, kind: LinkKind) -> Result<Option<InvitationToken>, DbError> {
    let Some(token) = active_token(conn, partner_id, kind)? else { return Ok(None) };
    if kind != LinkKind::WithDelegatedAdmin && active_token(conn, partner_id, LinkKind::WithDelegatedAdmin)?.is_none() {
        return Ok(None);
    }
    Ok(Some(token))
}

/// The partner's active token of `kind`, issued now if it has none. A
/// partner without a token with delegated administration (created without
/// one, or a database from before tokens were issued at creation) gets both
/// through [`rotate`], by the application; one without a reseller-only
/// token only (a database from before there were two kinds) gets that one,
/// leaving the link it has already sent working.
pub fn current_or_issue(conn: &mut DbConn, partner_id: PartnerId, kind: LinkKind) -> Result<InvitationToken, DbError> {
    if let Some(token) = current(conn, partner_id, kind)? {
        return Ok(token);
    }
    if active_token(conn, partner_id, LinkKind::WithDelegatedAdmin)?.is_none() {
        let links = rotate(conn, partner_id, super::activity::SYSTEM_ACTOR)?;
        return Ok(links.of(kind).clone());
    }
    // Only the reseller-only token is missing.
    let token = InvitationToken::generate();
    let now = super::now();
    let issued = db_write!(conn, {
        diesel::insert_into(invitation_tokens::table)
            .values((
                invitation_tokens::partner_id.eq(partner_id),
                invitation_tokens::token.eq(token.as_str()),
                invitation_tokens::reseller_only.eq(kind.reseller_only()),
                invitation_tokens::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok::<_, DbError>(())
    });
    match issued {
        Ok(()) => Ok(token),
        // Another request issued it at the same moment: use theirs.
        Err(err) if err.is_unique_violation() => active_token(conn, partner_id, kind)?.ok_or(err),
        Err(err) => Err(err),
    }
}

/// The partner's active token of `kind`.
pub fn active_token(
    conn: &mut DbConn,
    partner_id: PartnerId,
    kind: LinkKind,
) -> Result<Option<InvitationToken>, DbError> {
    let token: Option<String> = db_run!(conn, {
        invitation_tokens::table
            .filter(invitation_tokens::partner_id.eq(partner_id))
            .filter(invitation_tokens::reseller_only.eq(kind.reseller_only()))
            .filter(invitation_tokens::revoked_at.is_null())
            .select(invitation_tokens::token)
            // One active token per partner and kind: no LIMIT, see domain/mod.rs.
            .load(conn)
            .map(|rows: Vec<_>| rows.into_iter().next())
    })?;
    Ok(token.map(InvitationToken))
}

/// The partner's new tokens after [`rotate`], one of each kind.
#[derive(Clone, Debug)]
pub struct InvitationTokens {
    pub with_delegated_admin: InvitationToken,
    pub reseller_only: InvitationToken,
}

impl InvitationTokens {
    pub fn of(&self, kind: LinkKind) -> &InvitationToken {
        match kind {
            LinkKind::WithDelegatedAdmin => &self.with_delegated_admin,
            LinkKind::ResellerOnly => &self.reseller_only,
        }
    }
}

/// Revokes the partner's active tokens of both kinds and issues a new one of
/// each, atomically: every link sent before stops working.
pub fn rotate(conn: &mut DbConn, partner_id: PartnerId, actor_name: &str) -> Result<InvitationTokens, DbError> {
    let tokens = InvitationTokens {
        with_delegated_admin: InvitationToken::generate(),
        reseller_only: InvitationToken::generate(),
    };
    let now = super::now();
    db_write!(conn, {
        diesel::update(
            invitation_tokens::table
                .filter(invitation_tokens::partner_id.eq(partner_id))
                .filter(invitation_tokens::revoked_at.is_null()),
        )
        .set(invitation_tokens::revoked_at.eq(now))
        .execute(conn)?;
        let rows: Vec<_> = LinkKind::ALL
            .iter()
            .map(|kind| {
                (
                    invitation_tokens::partner_id.eq(partner_id),
                    invitation_tokens::token.eq(tokens.of(*kind).as_str()),
                    invitation_tokens::reseller_only.eq(kind.reseller_only()),
                    invitation_tokens::created_at.eq(now),
                )
            })
            .collect();
        diesel::insert_into(invitation_tokens::table).values(&rows).execute(conn)?;
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
    Ok(tokens)
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

//! A partner's API keys (DESIGN.md §14): issuing (the secret is shown once
//! and only its digest kept), listing, revoking, and finding the key a
//! request presents.
//!
//! A key belongs to the partner, not to the person who made it: it stays
//! valid until revoked, whoever leaves. Every query names the partner;
//! another partner's key is [`KeyError::NotFound`], like one that does not
//! exist.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::audit::{self, Action, Event};
use super::ids::PartnerId;
use crate::db::schema::{api_keys, partners};
use crate::db::{DbConn, DbError};
use crate::{db_run, db_write};

/// Live keys a partner may hold at once.
pub const MAX_KEYS: i64 = 20;
/// The longest name a key may have.
pub const NAME_MAX_CHARS: usize = 100;
/// What every secret starts with, so a leaked one is recognisable (secret
/// scanners look for such prefixes).
pub const SECRET_PREFIX: &str = "plk_";
/// `last_used_at` is written at most this often per key: reads through the
/// API then cost no write on almost every request.
const LAST_USE_GRANULARITY: TimeDelta = TimeDelta::seconds(60);

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only `GET`.
    Read,
    /// Also create and terminate delegated-admin requests.
    ReadWrite,
}

impl Scope {
    pub fn code(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::ReadWrite => "read_write",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Scope::Read, Scope::ReadWrite].into_iter().find(|s| s.code() == code)
    }

    pub fn may_write(self) -> bool {
        self == Scope::ReadWrite
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// No such key of this partner.
    #[error("not found")]
    NotFound,
    /// The name is empty, too long or holds control characters.
    #[error("the name is not usable")]
    InvalidName,
    /// The partner already holds [`MAX_KEYS`] live keys.
    #[error("too many keys")]
    TooMany,
    #[error(transparent)]
    Db(#[from] DbError),
}

super::db_error_from_diesel!(KeyError);

/// A key as its partner sees it (never its secret).
#[derive(Clone, Debug, Queryable)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    scope: String,
    pub hint: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiKey {
    pub fn scope(&self) -> Scope {
        Scope::parse(&self.scope).unwrap_or(Scope::Read)
    }
}

/// A key just issued: the only time its secret exists outside the caller.
pub struct IssuedKey {
    pub id: i64,
    pub secret: String,
}

/// The partner a presented key acts for.
#[derive(Clone, Debug)]
pub struct KeyHolder {
    pub key_id: i64,
    pub key_name: String,
    pub hint: String,
    pub scope: Scope,
    pub partner_id: PartnerId,
    pub partner_name: String,
}

impl KeyHolder {
    /// The actor recorded for what this key does: see
    /// [`super::activity::Actor`].
    pub fn actor_name(&self) -> String {
        super::activity::Actor::api_key_name(&self.key_name, &self.hint)
    }
}

fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The name as it will be kept, or why it cannot be.
pub fn clean_name(name: &str) -> Result<String, KeyError> {
    let name = super::text_for_others(name);
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(KeyError::InvalidName);
    }
    Ok(name)
}

/// Issues a key; the partner's row is locked (a no-op update) so two at
/// once cannot both pass the count.
pub fn create(
    conn: &mut DbConn,
    partner_id: PartnerId,
    name: &str,
    scope: Scope,
    actor: &str,
    at: NaiveDateTime,
) -> Result<IssuedKey, KeyError> {
    let name = clean_name(name)?;
    let secret = format!("{SECRET_PREFIX}{}", super::random_token::<32>());
    let hint: String = secret.chars().take(SECRET_PREFIX.len() + 6).collect();
    let secret_digest = digest(&secret);
    let id = db_write!(conn, {
        diesel::update(partners::table.find(partner_id)).set(partners::id.eq(partners::id)).execute(conn)?;
        let live: i64 = api_keys::table
            .filter(api_keys::partner_id.eq(partner_id))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result(conn)?;
        if live >= MAX_KEYS {
            return Err(KeyError::TooMany);
        }
        let id: i64 = diesel::insert_into(api_keys::table)
            .values((
                api_keys::partner_id.eq(partner_id),
                api_keys::name.eq(&name),
                api_keys::scope.eq(scope.code()),
                api_keys::secret_digest.eq(&secret_digest),
                api_keys::hint.eq(&hint),
                api_keys::created_at.eq(at),
                api_keys::created_by.eq(actor),
            ))
            .returning(api_keys::id)
            .get_result(conn)?;
        audit::record(conn, Event::new(Action::ApiKeyCreated, actor).partner(partner_id).detail(&name).at(at))?;
        Ok::<_, KeyError>(id)
    })?;
    Ok(IssuedKey { id, secret })
}

/// The partner's keys, newest first, revoked ones included.
pub fn list(conn: &mut DbConn, partner_id: PartnerId) -> Result<Vec<ApiKey>, DbError> {
    Ok(db_run!(conn, {
        api_keys::table
            .filter(api_keys::partner_id.eq(partner_id))
            .order(api_keys::id.desc())
            .select((
                api_keys::id,
                api_keys::name,
                api_keys::scope,
                api_keys::hint,
                api_keys::created_at,
                api_keys::created_by,
                api_keys::last_used_at,
                api_keys::revoked_at,
            ))
            .load(conn)
    })?)
}

/// Revokes a live key: the next request that presents it, on any instance,
/// is refused.
pub fn revoke(
    conn: &mut DbConn,
    partner_id: PartnerId,
    id: i64,
    actor: &str,
    at: NaiveDateTime,
) -> Result<(), KeyError> {
    db_write!(conn, {
        let live = api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::partner_id.eq(partner_id))
            .filter(api_keys::revoked_at.is_null());
        let name: Vec<String> = live.select(api_keys::name).load(conn)?;
        let name = name.into_iter().next().ok_or(KeyError::NotFound)?;
        diesel::update(live).set((api_keys::revoked_at.eq(at), api_keys::revoked_by.eq(actor))).execute(conn)?;
        audit::record(conn, Event::new(Action::ApiKeyRevoked, actor).partner(partner_id).detail(name).at(at))?;
        Ok(())
    })
}

/// The live key whose secret this is, and its partner; notes its use.
pub fn authenticate(conn: &mut DbConn, secret: &str, now: NaiveDateTime) -> Result<Option<KeyHolder>, DbError> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 100 {
        return Ok(None);
    }
    let secret_digest = digest(secret);
    type Found = (i64, String, String, String, Option<NaiveDateTime>, PartnerId, String);
    let found: Option<Found> = db_run!(conn, {
        api_keys::table
            .filter(api_keys::secret_digest.eq(&secret_digest))
            .filter(api_keys::revoked_at.is_null())
            .select((
                api_keys::id,
                api_keys::name,
                api_keys::scope,
                api_keys::hint,
                api_keys::last_used_at,
                api_keys::partner_id,
                super::partner_name!(api_keys::partner_id),
            ))
            .first(conn)
            .optional()
    })?;
    let Some((key_id, key_name, scope, hint, last_used_at, partner_id, partner_name)) = found else {
        return Ok(None);
    };
    if last_used_at.is_none_or(|last| now - last >= LAST_USE_GRANULARITY) {
        db_write!(conn, {
            diesel::update(api_keys::table.find(key_id)).set(api_keys::last_used_at.eq(now)).execute(conn)
        })?;
    }
    let scope = Scope::parse(&scope).unwrap_or(Scope::Read);
    Ok(Some(KeyHolder { key_id, key_name, hint, scope, partner_id, partner_name }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  CIPP sync ").unwrap(), "CIPP sync");
        assert!(matches!(clean_name("   "), Err(KeyError::InvalidName)));
        assert!(matches!(clean_name(&"x".repeat(NAME_MAX_CHARS + 1)), Err(KeyError::InvalidName)));
        assert!(matches!(clean_name("a\u{0}b"), Err(KeyError::InvalidName)));
        assert!(clean_name(&"я".repeat(NAME_MAX_CHARS)).is_ok());
        assert_eq!(clean_name("sync\u{202e}gnirts").unwrap(), "syncgnirts");
        assert!(matches!(clean_name(" \u{202e} "), Err(KeyError::InvalidName)));
    }

    #[test]
    fn scopes_round_trip_their_codes() {
        for scope in [Scope::Read, Scope::ReadWrite] {
            assert_eq!(Scope::parse(scope.code()), Some(scope));
        }
        assert_eq!(Scope::parse("admin"), None);
        assert!(!Scope::Read.may_write());
    }
}

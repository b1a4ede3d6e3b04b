-- The reseller-only invitation link (DESIGN.md §3, issue #18): its own
-- opaque token, so that what an acceptance grants is decided by the kind of
-- the token kept here, never by the URL (it used to be the partner's one
-- token plus an unsigned `dap=false`, which a customer could delete).
-- One active token per partner and kind; rotation replaces both. Partners
-- from before this migration get their reseller-only token when the request
-- screen first asks for it. PostgreSQL flavour; keep in step with ../../sqlite.
ALTER TABLE invitation_tokens ADD COLUMN reseller_only BOOLEAN NOT NULL DEFAULT FALSE;
DROP INDEX invitation_tokens_one_active;
CREATE UNIQUE INDEX invitation_tokens_one_active
    ON invitation_tokens (partner_id, reseller_only) WHERE revoked_at IS NULL;

-- Back to one token per partner: reseller-only links stop working.
DROP INDEX invitation_tokens_one_active;
DELETE FROM invitation_tokens WHERE reseller_only;
ALTER TABLE invitation_tokens DROP COLUMN reseller_only;
CREATE UNIQUE INDEX invitation_tokens_one_active ON invitation_tokens (partner_id) WHERE revoked_at IS NULL;

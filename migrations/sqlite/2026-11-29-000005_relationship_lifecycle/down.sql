-- Ended relationships cannot go back under the full unique index.
DROP INDEX reseller_relationships_ending_due_idx;
DROP INDEX reseller_relationships_partner_status_idx;
DROP INDEX reseller_relationships_one_open;
DELETE FROM reseller_relationships WHERE status = 'ended';
CREATE UNIQUE INDEX reseller_relationships_partner_tenant_key ON reseller_relationships (partner_id, tenant_id);
ALTER TABLE reseller_relationships DROP COLUMN end_reason;
ALTER TABLE reseller_relationships DROP COLUMN ended_by;
ALTER TABLE reseller_relationships DROP COLUMN ended_at;
ALTER TABLE reseller_relationships DROP COLUMN ending_due_at;
ALTER TABLE reseller_relationships DROP COLUMN status;

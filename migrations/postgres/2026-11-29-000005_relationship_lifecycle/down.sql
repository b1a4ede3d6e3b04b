DROP INDEX reseller_relationships_ending_due_idx;
DROP INDEX reseller_relationships_partner_status_idx;
DROP INDEX reseller_relationships_one_open;
DELETE FROM reseller_relationships WHERE status = 'ended';
CREATE UNIQUE INDEX reseller_relationships_partner_tenant_key ON reseller_relationships (partner_id, tenant_id);
ALTER TABLE reseller_relationships
    DROP COLUMN status,
    DROP COLUMN ending_due_at,
    DROP COLUMN ended_at,
    DROP COLUMN ended_by,
    DROP COLUMN end_reason;
ALTER TABLE delegated_admin_grants
    ADD CONSTRAINT delegated_admin_grants_partner_id_tenant_id_fkey
    FOREIGN KEY (partner_id, tenant_id) REFERENCES reseller_relationships (partner_id, tenant_id);

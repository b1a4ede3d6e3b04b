-- A reseller relationship has a lifecycle (DESIGN.md §11): `active`, then
-- `ending` (until `ending_due_at`, while the partner is still Partner of
-- Record of subscriptions), then `ended`, kept forever. One non-ended
-- relationship per (partner, tenant); accepting the link after the end
-- starts a new one. PostgreSQL flavour; keep in step with ../../sqlite.

-- The composite key needs a full unique index on the parent, which a
-- partial one cannot be: the domain checks the relationship instead
-- (grants are only written in the transaction that makes it active).
ALTER TABLE delegated_admin_grants DROP CONSTRAINT delegated_admin_grants_partner_id_tenant_id_fkey;

ALTER TABLE reseller_relationships
    ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ending', 'ended')),
    ADD COLUMN ending_due_at TIMESTAMP,
    ADD COLUMN ended_at TIMESTAMP,
    ADD COLUMN ended_by TEXT CHECK (ended_by IN ('customer', 'partner')),
    ADD COLUMN end_reason TEXT;

DROP INDEX reseller_relationships_partner_tenant_key;
CREATE UNIQUE INDEX reseller_relationships_one_open
    ON reseller_relationships (partner_id, tenant_id) WHERE status <> 'ended';
-- The partner's customer list filtered by status, newest first.
CREATE INDEX reseller_relationships_partner_status_idx ON reseller_relationships (partner_id, status, id);
-- The job that ends relationships whose ending is due.
CREATE INDEX reseller_relationships_ending_due_idx ON reseller_relationships (ending_due_at) WHERE status = 'ending';

-- A reseller relationship has a lifecycle (DESIGN.md §11): `active`, then
-- `ending` (until `ending_due_at`, while the partner is still Partner of
-- Record of subscriptions), then `ended`, kept forever. One non-ended
-- relationship per (partner, tenant); accepting the link after the end
-- starts a new one. SQLite flavour; keep in step with ../../postgres.

-- Diesel runs this inside a transaction, where `foreign_keys` cannot be
-- switched off: check the keys at commit instead.
PRAGMA defer_foreign_keys = ON;

-- The composite key needs a full unique index on the parent, which a
-- partial one cannot be: rebuild the grants without it (SQLite cannot drop
-- a constraint). The domain checks the relationship instead.
CREATE TABLE delegated_admin_grants_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    service TEXT NOT NULL CHECK (service IN ('office365', 'azure', 'dynamics365', 'powerbi')),
    granted_at TIMESTAMP NOT NULL,
    granted_by BIGINT REFERENCES customer_users (id),
    removed_at TIMESTAMP,
    removed_by BIGINT REFERENCES customer_users (id)
);
INSERT INTO delegated_admin_grants_new (id, partner_id, tenant_id, service, granted_at, granted_by, removed_at, removed_by)
    SELECT id, partner_id, tenant_id, service, granted_at, granted_by, removed_at, removed_by FROM delegated_admin_grants;
DROP TABLE delegated_admin_grants;
ALTER TABLE delegated_admin_grants_new RENAME TO delegated_admin_grants;
-- Multichannel rule: one active delegated administrator per (tenant, service).
CREATE UNIQUE INDEX delegated_admin_grants_one_active ON delegated_admin_grants (tenant_id, service) WHERE removed_at IS NULL;
CREATE INDEX delegated_admin_grants_partner_tenant_idx ON delegated_admin_grants (partner_id, tenant_id);

ALTER TABLE reseller_relationships
    ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ending', 'ended'));
ALTER TABLE reseller_relationships ADD COLUMN ending_due_at TIMESTAMP;
ALTER TABLE reseller_relationships ADD COLUMN ended_at TIMESTAMP;
ALTER TABLE reseller_relationships ADD COLUMN ended_by TEXT CHECK (ended_by IN ('customer', 'partner'));
ALTER TABLE reseller_relationships ADD COLUMN end_reason TEXT;

DROP INDEX reseller_relationships_partner_tenant_key;
CREATE UNIQUE INDEX reseller_relationships_one_open
    ON reseller_relationships (partner_id, tenant_id) WHERE status <> 'ended';
-- The partner's customer list filtered by status, newest first.
CREATE INDEX reseller_relationships_partner_status_idx ON reseller_relationships (partner_id, status, id);
-- The job that ends relationships whose ending is due.
CREATE INDEX reseller_relationships_ending_due_idx ON reseller_relationships (ending_due_at) WHERE status = 'ending';

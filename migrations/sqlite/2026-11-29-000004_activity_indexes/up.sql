-- The customer's activity page and export read a tenant's events newest
-- first (`WHERE tenant_id = ? ORDER BY id DESC`, in batches by `id < ?`):
-- without this index a tenant with many events would sort them all.
CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, id);

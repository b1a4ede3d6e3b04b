DROP INDEX audit_events_tenant_idx;

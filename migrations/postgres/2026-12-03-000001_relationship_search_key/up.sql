-- A copy of the customer's search key on each relationship (issue 20), so
-- that a common search term is looked for along the partner's list in one
-- index-only scan of (partner_id, id) INCLUDE (status, search_key) instead
-- of reading a tenant row per relationship. Kept equal to
-- tenants.search_key by the triggers below.
ALTER TABLE reseller_relationships ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE reseller_relationships r SET search_key = t.search_key FROM tenants t WHERE t.id = r.tenant_id;

CREATE FUNCTION reseller_relationships_copy_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_key := (SELECT search_key FROM tenants WHERE id = NEW.tenant_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER reseller_relationships_search_key_insert BEFORE INSERT ON reseller_relationships
    FOR EACH ROW EXECUTE FUNCTION reseller_relationships_copy_search_key();

CREATE FUNCTION tenants_copy_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reseller_relationships SET search_key = NEW.search_key WHERE tenant_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tenants_search_key_copy AFTER UPDATE OF search_key ON tenants
    FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) EXECUTE FUNCTION tenants_copy_search_key();

-- Replaces (partner_id, id), which it starts with.
DROP INDEX reseller_relationships_partner_idx;
CREATE INDEX reseller_relationships_partner_search_idx
    ON reseller_relationships (partner_id, id) INCLUDE (status, search_key);


DROP INDEX reseller_relationships_partner_search_idx;
CREATE INDEX reseller_relationships_partner_idx ON reseller_relationships (partner_id, id);
DROP TRIGGER tenants_search_key_copy ON tenants;
DROP FUNCTION tenants_copy_search_key();
DROP TRIGGER reseller_relationships_search_key_insert ON reseller_relationships;
DROP FUNCTION reseller_relationships_copy_search_key();
ALTER TABLE reseller_relationships DROP COLUMN search_key;

DROP INDEX reseller_relationships_partner_search_idx;
CREATE INDEX reseller_relationships_partner_idx ON reseller_relationships (partner_id, id);
DROP TRIGGER tenants_search_key_copy;
DROP TRIGGER reseller_relationships_search_key_insert;
ALTER TABLE reseller_relationships DROP COLUMN search_key;

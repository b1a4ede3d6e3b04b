DROP TRIGGER tenant_search_update;
DROP TRIGGER tenant_search_delete;
DROP TRIGGER tenant_search_insert;
DROP TABLE tenant_search;
ALTER TABLE tenants DROP COLUMN search_grams;

DROP INDEX tenants_search_grams_trgm;
DROP INDEX tenants_search_key_trgm;
ALTER TABLE tenants DROP COLUMN search_grams;

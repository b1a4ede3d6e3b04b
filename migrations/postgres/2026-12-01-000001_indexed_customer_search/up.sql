-- Customer search served by an index (issue 20). `search_key` is the folded
-- name and domain (domain::customers::search::fold); `search_grams` lists its
-- 1- and 2-character substrings, each between U+0001 separators, so a query
-- shorter than a trigram still has trigrams to look up (pg_trgm pads words:
-- "\x01ab\x01" gives "  a", " ab", "ab "). Filled by the application (and
-- once, for existing rows, after this migration).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE tenants ADD COLUMN search_grams TEXT NOT NULL DEFAULT '';
CREATE INDEX tenants_search_key_trgm ON tenants USING gin (search_key gin_trgm_ops);
CREATE INDEX tenants_search_grams_trgm ON tenants USING gin (search_grams gin_trgm_ops);

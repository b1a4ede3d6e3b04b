-- Customer search served by an index (issue 20). `search_key` is the folded
-- name and domain (domain::customers::search::fold); `search_grams` lists its
-- 1- and 2-character substrings, each between U+0001 separators, so a query
-- shorter than a trigram is still a trigram query ("\x01ab\x01"). Filled by
-- the application (and once, for existing rows, after this migration).
ALTER TABLE tenants ADD COLUMN search_grams TEXT NOT NULL DEFAULT '';

-- A trigram index over both columns, reading its text from `tenants`.
-- case_sensitive 1: the text is folded already, and GLOB (which has no
-- escape clause to fight) is what FTS5 serves from a case-sensitive index.
CREATE VIRTUAL TABLE tenant_search USING fts5(
    search_key, search_grams,
    content = 'tenants', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1', detail = 'none'
);
INSERT INTO tenant_search (tenant_search) VALUES ('rebuild');

CREATE TRIGGER tenant_search_insert AFTER INSERT ON tenants BEGIN
    INSERT INTO tenant_search (rowid, search_key, search_grams) VALUES (new.id, new.search_key, new.search_grams);
END;
CREATE TRIGGER tenant_search_delete AFTER DELETE ON tenants BEGIN
    INSERT INTO tenant_search (tenant_search, rowid, search_key, search_grams)
    VALUES ('delete', old.id, old.search_key, old.search_grams);
END;
CREATE TRIGGER tenant_search_update AFTER UPDATE OF search_key, search_grams ON tenants BEGIN
    INSERT INTO tenant_search (tenant_search, rowid, search_key, search_grams)
    VALUES ('delete', old.id, old.search_key, old.search_grams);
    INSERT INTO tenant_search (rowid, search_key, search_grams) VALUES (new.id, new.search_key, new.search_grams);
END;

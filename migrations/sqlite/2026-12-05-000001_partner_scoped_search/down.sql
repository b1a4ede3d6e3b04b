DROP TRIGGER relationship_search_tenant_update;
DROP TRIGGER relationship_search_change;
DROP TRIGGER relationship_search_delete;
DROP TRIGGER relationship_search_insert;
DROP TABLE relationship_search_queue;
DROP TABLE relationship_search;

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

-- Customer search within each partner's own list (issue 20). A common term
-- ("con", one customer in 30) was counted by walking the partner's list
-- newest first and testing every key: ~3,000 keys for 101 matches, most of
-- a search's time. This index holds each relationship's customer key and
-- grams (tenants.search_key, tenants.search_grams) and its status between
-- U+0002 separators (so a status filter is a lookup too), under a rowid
-- that puts a partner's relationships together, newest first:
--
--     rowid = partner_id * 2^36 + (2^36 - 1 - relationship id)
--
-- so a search reads only the partner's range of each trigram's list, in the
-- list's order, and stops at the page's end. Relationship ids below 2^36
-- and partner ids below 2^27. Contentless: the text stays in `tenants`.
-- It replaces the index over all tenants, which only the search read.
DROP TRIGGER tenant_search_update;
DROP TRIGGER tenant_search_delete;
DROP TRIGGER tenant_search_insert;
DROP TABLE tenant_search;

CREATE VIRTUAL TABLE relationship_search USING fts5(
    search_key, search_grams, status,
    content = '', contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1', detail = 'none'
);
INSERT INTO relationship_search (rowid, search_key, search_grams, status)
    SELECT r.partner_id * 68719476736 + 68719476735 - r.id, t.search_key, t.search_grams, char(2) || r.status || char(2)
    FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id;
INSERT INTO relationship_search (relationship_search) VALUES ('optimize');
INSERT INTO relationship_search (relationship_search, rank) VALUES ('automerge', 8);

-- What changed since the index was last brought up to date: the
-- relationship, and where the index holds it (NULL when it does not). The
-- triggers only note changes; every write transaction applies them just
-- before it commits (db::index_queue). FTS5 writes its pending terms to disk
-- at every savepoint, and each write of a group commit is one: written by
-- the triggers themselves, every acceptance made an index segment of its own.
-- The first note of a relationship in a transaction is kept: it says what
-- the index holds.
CREATE TABLE relationship_search_queue (
    relationship_id INTEGER PRIMARY KEY NOT NULL,
    indexed_rowid INTEGER
);

CREATE TRIGGER relationship_search_insert AFTER INSERT ON reseller_relationships BEGIN
    INSERT INTO relationship_search_queue (relationship_id, indexed_rowid) VALUES (new.id, NULL)
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER relationship_search_delete AFTER DELETE ON reseller_relationships BEGIN
    INSERT INTO relationship_search_queue (relationship_id, indexed_rowid)
        VALUES (old.id, old.partner_id * 68719476736 + 68719476735 - old.id)
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER relationship_search_change AFTER UPDATE OF partner_id, tenant_id, status ON reseller_relationships BEGIN
    INSERT INTO relationship_search_queue (relationship_id, indexed_rowid)
        VALUES (old.id, old.partner_id * 68719476736 + 68719476735 - old.id)
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER relationship_search_tenant_update AFTER UPDATE OF search_key, search_grams ON tenants BEGIN
    INSERT INTO relationship_search_queue (relationship_id, indexed_rowid)
        SELECT id, partner_id * 68719476736 + 68719476735 - id FROM reseller_relationships WHERE tenant_id = new.id
        ON CONFLICT DO NOTHING;
END;

-- Numbered pages of the long lists (issue 20): page N of a partner's
-- customers or of an activity log starts (N - 1) × 50 rows below the
-- newest, and counting those rows on an index took time in proportion to N
-- (page 10,000 of the activity log: 22 ms alone, 250 ms under load; a page
-- past the end counted the whole log). These tables count the rows by block
-- of 1,024 ids (block = id >> 10), kept in the transaction that writes the
-- rows (relationships by triggers, events as below), so the rows above any
-- block are a sum
-- of a few hundred counts and at most 1,023 index entries are stepped over
-- (src/domain/paging.rs, `Blocks`). Rows of a count that reach 0 stay.

-- A partner's relationships by status and block.
CREATE TABLE relationship_counts (
    partner_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    block INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (partner_id, status, block)
) WITHOUT ROWID;
INSERT INTO relationship_counts (partner_id, status, block, n)
    SELECT partner_id, status, id >> 10, COUNT(*) FROM reseller_relationships GROUP BY 1, 2, 3;

CREATE TRIGGER relationship_counts_insert AFTER INSERT ON reseller_relationships BEGIN
    INSERT INTO relationship_counts (partner_id, status, block, n) VALUES (new.partner_id, new.status, new.id >> 10, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER relationship_counts_delete AFTER DELETE ON reseller_relationships BEGIN
    UPDATE relationship_counts SET n = n - 1
        WHERE partner_id = old.partner_id AND status = old.status AND block = old.id >> 10;
END;
CREATE TRIGGER relationship_counts_update AFTER UPDATE OF partner_id, status ON reseller_relationships
    WHEN old.partner_id IS NOT new.partner_id OR old.status IS NOT new.status BEGIN
    UPDATE relationship_counts SET n = n - 1
        WHERE partner_id = old.partner_id AND status = old.status AND block = old.id >> 10;
    INSERT INTO relationship_counts (partner_id, status, block, n) VALUES (new.partner_id, new.status, new.id >> 10, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The events of a partner's activity log, and of a customer's, by block.
-- Written once per commit, not per event: a trigger per event cost an
-- acceptance (ten events) a tenth of its time. Every write transaction of
-- the application counts the events above `counted_events.up_to` just
-- before it commits and moves the mark (db::event_counts); a read that finds
-- events above the mark (written outside the application) has them counted
-- first. SQLite hands out ids in commit order, so nothing can appear below
-- the mark later. Removing or moving an event counted already is counted by
-- the triggers below.
CREATE TABLE partner_event_counts (
    partner_id INTEGER NOT NULL,
    block INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (partner_id, block)
) WITHOUT ROWID;
INSERT INTO partner_event_counts (partner_id, block, n)
    SELECT partner_id, id >> 10, COUNT(*) FROM audit_events WHERE partner_id IS NOT NULL GROUP BY 1, 2;

CREATE TABLE tenant_event_counts (
    tenant_id INTEGER NOT NULL,
    block INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, block)
) WITHOUT ROWID;
INSERT INTO tenant_event_counts (tenant_id, block, n)
    SELECT tenant_id, id >> 10, COUNT(*) FROM audit_events WHERE tenant_id IS NOT NULL GROUP BY 1, 2;

CREATE TABLE counted_events (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    up_to INTEGER NOT NULL
);
INSERT INTO counted_events (id, up_to) SELECT 1, COALESCE(MAX(id), 0) FROM audit_events;

CREATE TRIGGER event_counts_delete AFTER DELETE ON audit_events
    WHEN old.id <= (SELECT up_to FROM counted_events) BEGIN
    UPDATE partner_event_counts SET n = n - 1 WHERE partner_id = old.partner_id AND block = old.id >> 10;
    UPDATE tenant_event_counts SET n = n - 1 WHERE tenant_id = old.tenant_id AND block = old.id >> 10;
END;
CREATE TRIGGER event_counts_update AFTER UPDATE OF partner_id, tenant_id ON audit_events
    WHEN (old.partner_id IS NOT new.partner_id OR old.tenant_id IS NOT new.tenant_id)
        AND old.id <= (SELECT up_to FROM counted_events) BEGIN
    UPDATE partner_event_counts SET n = n - 1 WHERE partner_id = old.partner_id AND block = old.id >> 10;
    UPDATE tenant_event_counts SET n = n - 1 WHERE tenant_id = old.tenant_id AND block = old.id >> 10;
    INSERT INTO partner_event_counts (partner_id, block, n) SELECT new.partner_id, new.id >> 10, 1
        WHERE new.partner_id IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO tenant_event_counts (tenant_id, block, n) SELECT new.tenant_id, new.id >> 10, 1
        WHERE new.tenant_id IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;
END;

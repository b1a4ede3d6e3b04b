-- Numbered pages of the long lists (issue 20): page N of a partner's
-- customers or of an activity log starts (N - 1) × 50 rows below the
-- newest, and counting those rows on an index took time in proportion to N
-- (page 10,000 of the activity log: 46 ms alone; a page past the end
-- counted the whole log, 250 ms). These tables count the rows by block of
-- 1,024 ids (block = id >> 10), kept by the triggers below in the
-- transaction that writes the rows, so the rows above any block are a sum
-- of a few hundred counts and at most 1,023 index entries are stepped over
-- (src/domain/paging.rs, `Blocks`). Rows of a count that reach 0 stay.
-- Events are counted once per statement (an acceptance writes its events in
-- one), in key order, so two transactions never wait on each other's
-- counts in opposite orders.

-- A partner's relationships by status and block.
CREATE TABLE relationship_counts (
    partner_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    block BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (partner_id, status, block)
);
INSERT INTO relationship_counts (partner_id, status, block, n)
    SELECT partner_id, status, id >> 10, COUNT(*) FROM reseller_relationships GROUP BY 1, 2, 3;

CREATE FUNCTION partnerlink_relationship_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE relationship_counts SET n = n - 1
            WHERE partner_id = OLD.partner_id AND status = OLD.status AND block = OLD.id >> 10;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO relationship_counts (partner_id, status, block, n) VALUES (NEW.partner_id, NEW.status, NEW.id >> 10, 1)
            ON CONFLICT (partner_id, status, block) DO UPDATE SET n = relationship_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER relationship_counts_insert AFTER INSERT OR DELETE ON reseller_relationships
    FOR EACH ROW EXECUTE FUNCTION partnerlink_relationship_counts();
CREATE TRIGGER relationship_counts_update AFTER UPDATE OF partner_id, status ON reseller_relationships
    FOR EACH ROW WHEN ((OLD.partner_id, OLD.status) IS DISTINCT FROM (NEW.partner_id, NEW.status))
    EXECUTE FUNCTION partnerlink_relationship_counts();
CREATE FUNCTION partnerlink_relationship_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM relationship_counts;
    RETURN NULL;
END
$$;
CREATE TRIGGER relationship_counts_truncate AFTER TRUNCATE ON reseller_relationships
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_relationship_counts_truncated();

-- The events of a partner's activity log, and of a customer's, by block.
CREATE TABLE partner_event_counts (
    partner_id BIGINT NOT NULL,
    block BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (partner_id, block)
);
INSERT INTO partner_event_counts (partner_id, block, n)
    SELECT partner_id, id >> 10, COUNT(*) FROM audit_events WHERE partner_id IS NOT NULL GROUP BY 1, 2;

CREATE TABLE tenant_event_counts (
    tenant_id BIGINT NOT NULL,
    block BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, block)
);
INSERT INTO tenant_event_counts (tenant_id, block, n)
    SELECT tenant_id, id >> 10, COUNT(*) FROM audit_events WHERE tenant_id IS NOT NULL GROUP BY 1, 2;

-- Once per statement: the events it removed (`old_events`) are subtracted,
-- those it wrote (`new_events`) added.
CREATE FUNCTION partnerlink_event_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO partner_event_counts (partner_id, block, n)
            SELECT partner_id, id >> 10, -COUNT(*) FROM old_events WHERE partner_id IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (partner_id, block) DO UPDATE SET n = partner_event_counts.n + excluded.n;
        INSERT INTO tenant_event_counts (tenant_id, block, n)
            SELECT tenant_id, id >> 10, -COUNT(*) FROM old_events WHERE tenant_id IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (tenant_id, block) DO UPDATE SET n = tenant_event_counts.n + excluded.n;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO partner_event_counts (partner_id, block, n)
            SELECT partner_id, id >> 10, COUNT(*) FROM new_events WHERE partner_id IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (partner_id, block) DO UPDATE SET n = partner_event_counts.n + excluded.n;
        INSERT INTO tenant_event_counts (tenant_id, block, n)
            SELECT tenant_id, id >> 10, COUNT(*) FROM new_events WHERE tenant_id IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (tenant_id, block) DO UPDATE SET n = tenant_event_counts.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER event_counts_insert AFTER INSERT ON audit_events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_event_counts();
CREATE TRIGGER event_counts_delete AFTER DELETE ON audit_events
    REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_event_counts();
CREATE TRIGGER event_counts_update AFTER UPDATE ON audit_events
    REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_event_counts();
CREATE FUNCTION partnerlink_event_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM partner_event_counts;
    DELETE FROM tenant_event_counts;
    RETURN NULL;
END
$$;
CREATE TRIGGER event_counts_truncate AFTER TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_event_counts_truncated();

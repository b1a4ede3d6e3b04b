-- When a relationship ends while its partner is still Partner of Record of
-- subscriptions, those subscriptions have no Partner of Record (the operator
-- bills them) until the customer chooses one (DESIGN.md §11): the column
-- becomes nullable. SQLite flavour; keep in step with ../../postgres.

-- SQLite cannot drop NOT NULL: the table is rebuilt. Dropping a parent
-- table deletes its rows first, which would orphan the requests that
-- reference them (and a deferred key would still fail at commit): the
-- requests are set aside while the table is rebuilt, then put back as they
-- were.
CREATE TEMP TABLE partner_of_record_requests_kept AS SELECT * FROM partner_of_record_requests;
DELETE FROM partner_of_record_requests;

CREATE TABLE subscriptions_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    service TEXT NOT NULL CHECK (service IN ('office365', 'azure', 'dynamics365', 'powerbi')),
    offer TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 0),
    add_ons INTEGER NOT NULL DEFAULT 0 CHECK (add_ons >= 0),
    -- NULL: no Partner of Record, billed by the operator.
    partner_of_record_id BIGINT REFERENCES partners (id),
    created_at TIMESTAMP NOT NULL
);
INSERT INTO subscriptions_new (id, tenant_id, service, offer, seats, add_ons, partner_of_record_id, created_at)
    SELECT id, tenant_id, service, offer, seats, add_ons, partner_of_record_id, created_at FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_new RENAME TO subscriptions;
CREATE INDEX subscriptions_tenant_idx ON subscriptions (tenant_id);

INSERT INTO partner_of_record_requests
    (id, subscription_id, tenant_id, partner_id, requested_at, status, decided_at, decided_by)
    SELECT id, subscription_id, tenant_id, partner_id, requested_at, status, decided_at, decided_by
    FROM partner_of_record_requests_kept;
DROP TABLE partner_of_record_requests_kept;

-- A partner asks to become Partner of Record of a customer's subscription;
-- the customer's global admin approves or declines (DESIGN.md §4).
-- PostgreSQL flavour; keep in step with ../../sqlite (tests/api/schema.rs compares them).

CREATE TABLE partner_of_record_requests (
    id BIGSERIAL PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES subscriptions (id),
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    -- The partner asking to become Partner of Record.
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    requested_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    decided_at TIMESTAMP,
    decided_by BIGINT REFERENCES customer_users (id)
);
-- One pending request per (subscription, partner): asking again changes nothing.
CREATE UNIQUE INDEX partner_of_record_requests_one_pending
    ON partner_of_record_requests (subscription_id, partner_id) WHERE status = 'pending';
-- The customer's list of requests, pending first, newest first.
CREATE INDEX partner_of_record_requests_tenant_idx ON partner_of_record_requests (tenant_id, status, id);

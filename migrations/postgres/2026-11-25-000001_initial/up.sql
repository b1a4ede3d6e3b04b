-- partnerlink schema, PostgreSQL flavour. Keep in step with ../../sqlite:
-- tests/api/schema.rs compares the two.

CREATE TABLE partners (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    customer_count BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE partner_users (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin_agent', 'sales_agent', 'helpdesk_agent')),
    preferred_lang TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX partner_users_email_key ON partner_users (email);
CREATE INDEX partner_users_partner_idx ON partner_users (partner_id);

CREATE TABLE invitation_tokens (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX invitation_tokens_token_key ON invitation_tokens (token);
CREATE UNIQUE INDEX invitation_tokens_one_active ON invitation_tokens (partner_id) WHERE revoked_at IS NULL;

CREATE TABLE tenants (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    domain TEXT NOT NULL,
    search_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX tenants_domain_key ON tenants (domain);

CREATE TABLE customer_users (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('global_admin', 'user')),
    preferred_lang TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customer_users_email_key ON customer_users (email);
CREATE INDEX customer_users_tenant_idx ON customer_users (tenant_id);

CREATE TABLE reseller_relationships (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reseller_relationships_partner_tenant_key ON reseller_relationships (partner_id, tenant_id);
CREATE INDEX reseller_relationships_tenant_idx ON reseller_relationships (tenant_id);
-- The partner's customer list, newest first.
CREATE INDEX reseller_relationships_partner_idx ON reseller_relationships (partner_id, id);

CREATE TABLE delegated_admin_grants (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    service TEXT NOT NULL CHECK (service IN ('office365', 'azure', 'dynamics365', 'powerbi')),
    granted_at TIMESTAMP NOT NULL,
    granted_by BIGINT REFERENCES customer_users (id),
    removed_at TIMESTAMP,
    removed_by BIGINT REFERENCES customer_users (id),
    FOREIGN KEY (partner_id, tenant_id) REFERENCES reseller_relationships (partner_id, tenant_id)
);
-- Multichannel rule: one active delegated administrator per (tenant, service).
CREATE UNIQUE INDEX delegated_admin_grants_one_active ON delegated_admin_grants (tenant_id, service) WHERE removed_at IS NULL;
CREATE INDEX delegated_admin_grants_partner_tenant_idx ON delegated_admin_grants (partner_id, tenant_id);

CREATE TABLE subscriptions (
    id BIGSERIAL PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    service TEXT NOT NULL CHECK (service IN ('office365', 'azure', 'dynamics365', 'powerbi')),
    offer TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 0),
    add_ons INTEGER NOT NULL DEFAULT 0 CHECK (add_ons >= 0),
    partner_of_record_id BIGINT NOT NULL REFERENCES partners (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX subscriptions_tenant_idx ON subscriptions (tenant_id);

CREATE TABLE audit_events (
    id BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    action TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    partner_id BIGINT REFERENCES partners (id),
    tenant_id BIGINT REFERENCES tenants (id),
    service TEXT,
    detail TEXT
);
CREATE INDEX audit_events_partner_idx ON audit_events (partner_id, id);
CREATE INDEX audit_events_tenant_partner_idx ON audit_events (tenant_id, partner_id, id);

-- The benchmark baseline (TechEmpower "fortunes"): a fixed table the
-- /bench/fortunes route reads, so the stack's ceiling is measured on the
-- same pool, executor and template engine as the real pages.
CREATE TABLE fortunes (
    id INTEGER PRIMARY KEY NOT NULL,
    message TEXT NOT NULL
);
INSERT INTO fortunes (id, message) VALUES
    (1, 'fortune: No such file or directory'),
    (2, 'A computer scientist is someone who fixes things that aren''t broken.'),
    (3, 'After enough decimal places, nobody gives a damn.'),
    (4, 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1'),
    (5, 'A computer program does what you tell it to do, not what you want it to do.'),
    (6, 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen'),
    (7, 'Any program that runs right is obsolete.'),
    (8, 'A list is only as strong as its weakest link. — Donald Knuth'),
    (9, 'Feature: A bug with seniority.'),
    (10, 'Computers make very fast, very accurate mistakes.'),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, 'フレームワークのベンチマーク');

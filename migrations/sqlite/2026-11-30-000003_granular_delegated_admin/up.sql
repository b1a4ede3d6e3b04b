-- Granular, time-limited delegated administration (DESIGN.md §12): a role
-- catalogue per service, delegated-admin requests that become relationships
-- (one object, Graph's delegatedAdminRelationship), and the roles requested
-- and approved. SQLite flavour; keep in step with ../../postgres.

-- The catalogue, kept as data (names and descriptions are in locales/). The
-- full-admin role of a service is the seed's delegated administration: one
-- partner at a time, held in delegated_admin_grants.
CREATE TABLE delegated_admin_roles (
    service TEXT NOT NULL CHECK (service IN ('office365', 'azure', 'dynamics365', 'powerbi')),
    code TEXT NOT NULL,
    full_admin BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (service, code)
);
INSERT INTO delegated_admin_roles (service, code, full_admin, position) VALUES
    ('office365', 'global_admin', 1, 1),
    ('office365', 'user_admin', 0, 2),
    ('office365', 'helpdesk_admin', 0, 3),
    ('office365', 'license_admin', 0, 4),
    ('office365', 'exchange_admin', 0, 5),
    ('office365', 'global_reader', 0, 6),
    ('azure', 'owner', 1, 7),
    ('azure', 'contributor', 0, 8),
    ('azure', 'reader', 0, 9),
    ('azure', 'support_contributor', 0, 10),
    ('dynamics365', 'dynamics_admin', 1, 11),
    ('dynamics365', 'dynamics_reader', 0, 12),
    ('powerbi', 'powerbi_admin', 1, 13);

-- A request, and the relationship it becomes once approved. `id` is the
-- opaque id in its link (>= 128 bits). `tenant_id` is set on approval (an
-- extension request is bound to its tenant from the start).
CREATE TABLE delegated_admin_relationships (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    tenant_id BIGINT REFERENCES tenants (id),
    display_name TEXT NOT NULL,
    duration_days INTEGER NOT NULL CHECK (duration_days BETWEEN 1 AND 730),
    auto_extend BOOLEAN NOT NULL,
    customer_domain TEXT,
    status TEXT NOT NULL CHECK (status IN ('approval_pending', 'active', 'expiring', 'expired', 'terminated', 'declined')),
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    request_expires_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    approved_by TEXT,
    ends_at TIMESTAMP,
    ended_at TIMESTAMP,
    ended_by TEXT CHECK (ended_by IN ('customer', 'partner', 'system')),
    reminded_days INTEGER,
    extension_of TEXT REFERENCES delegated_admin_relationships (id)
);
CREATE INDEX delegated_admin_relationships_partner_idx ON delegated_admin_relationships (partner_id, created_at);
CREATE INDEX delegated_admin_relationships_tenant_idx ON delegated_admin_relationships (tenant_id, partner_id);
-- The jobs: requests nobody approved, and relationships by end date.
CREATE INDEX delegated_admin_relationships_pending_idx
    ON delegated_admin_relationships (request_expires_at) WHERE status = 'approval_pending';
CREATE INDEX delegated_admin_relationships_ends_idx
    ON delegated_admin_relationships (ends_at) WHERE status IN ('active', 'expiring');

-- The roles of a request: requested, then approved (a subset) or not, and
-- removed one by one by the customer.
CREATE TABLE delegated_admin_relationship_roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    relationship_id TEXT NOT NULL REFERENCES delegated_admin_relationships (id),
    service TEXT NOT NULL,
    role TEXT NOT NULL,
    approved BOOLEAN NOT NULL,
    removed_at TIMESTAMP,
    FOREIGN KEY (service, role) REFERENCES delegated_admin_roles (service, code)
);
CREATE UNIQUE INDEX delegated_admin_relationship_roles_key
    ON delegated_admin_relationship_roles (relationship_id, service, role);

-- A full-admin role approved through a request is held as a grant (one
-- partner per service), linked to its relationship; NULL is the classic
-- link's grant, with no end date.
ALTER TABLE delegated_admin_grants ADD COLUMN relationship_id TEXT REFERENCES delegated_admin_relationships (id);

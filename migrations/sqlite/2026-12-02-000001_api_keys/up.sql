-- API keys for the JSON API (DESIGN.md §14). SQLite flavour;
-- keep in step with ../../postgres.
--
-- A key belongs to the partner, not to the person who made it: it stays
-- valid until revoked, whoever leaves. Only a SHA-256 digest of the secret
-- is kept (the secret is 256 random bits, so a fast digest is enough); the
-- hint is its first characters, shown so a partner can tell keys apart.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'read_write')),
    secret_digest TEXT NOT NULL,
    hint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    revoked_by TEXT
);
CREATE UNIQUE INDEX api_keys_secret_digest_key ON api_keys (secret_digest);
CREATE INDEX api_keys_partner_idx ON api_keys (partner_id, id);

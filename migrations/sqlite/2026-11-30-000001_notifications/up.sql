-- Notifications (DESIGN.md §13): the transactional outbox, webhook
-- endpoints and their delivery attempts, and the kinds a user switched off.
-- SQLite flavour; keep in step with ../../postgres.

-- A partner's webhook endpoint. The signing secret must be readable to sign
-- (Standard Webhooks: HMAC-SHA256), so it is kept as issued.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX webhook_endpoints_partner_idx ON webhook_endpoints (partner_id);

-- One row per message per recipient, written in the transaction of the
-- event. `message_id` is the stable id a receiver deduplicates by (the
-- mail's Message-ID, the webhook's `webhook-id`). A worker claims a due
-- message by setting `claimed_until` (a lease): a message whose sender
-- stopped mid-send is sent again, with the same id, when the lease runs out.
CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    message_id TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    event_type TEXT NOT NULL,
    partner_id BIGINT REFERENCES partners (id),
    tenant_id BIGINT REFERENCES tenants (id),
    recipient TEXT NOT NULL,
    -- Whose page a mail links to: the partner's or the customer's.
    audience TEXT CHECK (audience IN ('partner', 'customer')),
    webhook_endpoint_id BIGINT REFERENCES webhook_endpoints (id),
    lang TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    CHECK ((channel = 'webhook') = (webhook_endpoint_id IS NOT NULL)),
    CHECK ((channel = 'email') = (audience IS NOT NULL))
);
CREATE UNIQUE INDEX outbox_messages_message_id_key ON outbox_messages (message_id);
-- What the workers claim: pending messages, earliest due first.
CREATE INDEX outbox_messages_due_idx ON outbox_messages (next_attempt_at) WHERE status = 'pending';
-- A partner's delivery log, newest first.
CREATE INDEX outbox_messages_endpoint_idx ON outbox_messages (webhook_endpoint_id, id);

-- Every attempt to deliver a webhook: when, how it ended, how long it took.
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    outbox_message_id BIGINT NOT NULL REFERENCES outbox_messages (id),
    attempted_at TIMESTAMP NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (outbox_message_id, id);

-- A notification kind a user switched off (every kind is on by default).
CREATE TABLE notification_opt_outs (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    partner_user_id BIGINT REFERENCES partner_users (id),
    customer_user_id BIGINT REFERENCES customer_users (id),
    kind TEXT NOT NULL,
    CHECK ((partner_user_id IS NULL) <> (customer_user_id IS NULL))
);
CREATE UNIQUE INDEX notification_opt_outs_partner_user_key ON notification_opt_outs (partner_user_id, kind);
CREATE UNIQUE INDEX notification_opt_outs_customer_user_key ON notification_opt_outs (customer_user_id, kind);

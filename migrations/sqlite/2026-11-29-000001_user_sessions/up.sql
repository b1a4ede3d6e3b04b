-- Signed-in sessions, kept on the server whatever store carries the cookie:
-- signing out, the idle and absolute timeouts and role changes take effect
-- on the next request. Keep in step with ../../postgres.
CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    partner_user_id BIGINT REFERENCES partner_users (id),
    customer_user_id BIGINT REFERENCES customer_users (id),
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    CHECK ((partner_user_id IS NULL) <> (customer_user_id IS NULL))
);
CREATE INDEX user_sessions_partner_user_idx ON user_sessions (partner_user_id);
CREATE INDEX user_sessions_customer_user_idx ON user_sessions (customer_user_id);

-- Each instance keeps the sessions it has checked for a few seconds
-- (src/web/session_cache.rs) and must forget one as soon as it changes,
-- whichever instance, command or hand made the change. These triggers
-- announce on channel partnerlink_sessions: a session's id when it ends or
-- is removed; an empty payload when anything a session's principal is read
-- from changes (a user's organisation, e-mail, name or role, an
-- organisation's name, a removed user or organisation). Notices are sent at
-- commit, to every listening instance. SQLite has no listeners (one
-- instance) and no such triggers.

CREATE FUNCTION partnerlink_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('partnerlink_sessions', OLD.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION partnerlink_principals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('partnerlink_sessions', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER user_sessions_ended
    AFTER UPDATE OF ended_at OR DELETE ON user_sessions
    FOR EACH ROW EXECUTE FUNCTION partnerlink_session_ended();
CREATE TRIGGER user_sessions_truncated
    AFTER TRUNCATE ON user_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();

CREATE TRIGGER partner_users_changed
    AFTER UPDATE OF partner_id, email, display_name, role OR DELETE OR TRUNCATE ON partner_users
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();
CREATE TRIGGER customer_users_changed
    AFTER UPDATE OF tenant_id, email, display_name, role OR DELETE OR TRUNCATE ON customer_users
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();
CREATE TRIGGER partners_renamed
    AFTER UPDATE OF name OR DELETE OR TRUNCATE ON partners
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();
CREATE TRIGGER tenants_renamed
    AFTER UPDATE OF name OR DELETE OR TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION partnerlink_principals_changed();

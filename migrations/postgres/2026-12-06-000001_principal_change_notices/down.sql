DROP TRIGGER tenants_renamed ON tenants;
DROP TRIGGER partners_renamed ON partners;
DROP TRIGGER customer_users_changed ON customer_users;
DROP TRIGGER partner_users_changed ON partner_users;
DROP TRIGGER user_sessions_truncated ON user_sessions;
DROP TRIGGER user_sessions_ended ON user_sessions;
DROP FUNCTION partnerlink_principals_changed();
DROP FUNCTION partnerlink_session_ended();

-- The delegated-admin roles an audit event concerns (approved, removed), as
-- role keys separated by spaces, so pages name them in the reader's
-- language instead of showing keys in the detail text. PostgreSQL flavour;
-- keep in step with ../../sqlite.
ALTER TABLE audit_events ADD COLUMN roles TEXT;

ALTER TABLE delegated_admin_grants DROP COLUMN relationship_id;
DROP TABLE delegated_admin_relationship_roles;
DROP TABLE delegated_admin_relationships;
DROP TABLE delegated_admin_roles;

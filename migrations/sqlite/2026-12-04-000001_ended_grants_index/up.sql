-- The customer list shows, per customer of a page, how the partner's own
-- delegated-admin grants ended (issue 20). On the (partner_id, tenant_id)
-- index that read every grant of the page's customers, active ones included,
-- and their rows to test removed_at; this index holds only the ended ones, so
-- a page without any reads nothing. It costs nothing when a grant is made.
CREATE INDEX delegated_admin_grants_ended_idx ON delegated_admin_grants (partner_id, tenant_id)
    WHERE removed_at IS NOT NULL;

-- When a relationship ends while its partner is still Partner of Record of
-- subscriptions, those subscriptions have no Partner of Record (the operator
-- bills them) until the customer chooses one (DESIGN.md §11): the column
-- becomes nullable. PostgreSQL flavour; keep in step with ../../sqlite.

-- NULL: no Partner of Record, billed by the operator.
ALTER TABLE subscriptions ALTER COLUMN partner_of_record_id DROP NOT NULL;

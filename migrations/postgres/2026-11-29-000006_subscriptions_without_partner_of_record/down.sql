-- Fails while a subscription has no Partner of Record: choose one first.
ALTER TABLE subscriptions ALTER COLUMN partner_of_record_id SET NOT NULL;

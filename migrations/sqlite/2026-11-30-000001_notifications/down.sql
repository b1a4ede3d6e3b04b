DROP TABLE notification_opt_outs;
DROP TABLE webhook_attempts;
DROP TABLE outbox_messages;
DROP TABLE webhook_endpoints;

# Webhooks (partner dashboard, admin agents only): endpoints, their signing
# secrets, and each endpoint's delivery log. "Endpoint" is the receiver's web
# address; "signing secret" is the key the receiver checks signatures with.

webhooks-nav = Webhooks
webhooks-title = Webhooks
webhooks-intro = When something changes in a relationship with a customer (an invitation accepted or declined, delegated administration granted or removed, a relationship ending or ended, your link replaced), { -product-name } sends a signed JSON message to each of your endpoints.

webhooks-secret-heading = Copy the signing secret now
webhooks-secret-rotated-heading = Copy the new signing secret now
webhooks-secret-for = Signing secret of { $url }:
webhooks-secret-label = Signing secret
webhooks-secret-once = This is the only time the secret is shown. Store it with your receiver, which uses it to check the webhook-signature header. If you lose it, replace it with a new one.

webhooks-endpoints-heading = Endpoints
webhooks-none = No endpoints yet. Add one below.
webhooks-col-url = URL
webhooks-col-created = Added
webhooks-col-by = Added by
webhooks-col-actions = Actions
webhooks-view-log = Delivery log
webhooks-rotate = Replace secret…
webhooks-delete = Delete…

webhooks-add-heading = Add an endpoint
webhooks-url-label = Endpoint URL
webhooks-url-hint = An https:// address on the public internet, for example https://example.com/partnerlink/webhooks.
webhooks-add = Add endpoint

webhooks-url-invalid = This is not a valid web address. Enter a full URL such as https://example.com/webhooks, without a user name or password.
webhooks-url-not-https = The address must start with https://, so that messages are encrypted on the way.
webhooks-url-unresolvable = The host name of this address could not be found. Check the spelling, or try again when its DNS record is published.
webhooks-url-private = This address leads to a private, loopback or link-local network. Webhooks are only sent to addresses on the public internet.
webhooks-too-many = { $count ->
    [one] You can have at most { $count } endpoint. Delete it before adding another.
   *[other] You can have at most { $count } endpoints. Delete one before adding another.
}

webhooks-rotate-title = Replace the signing secret?
webhooks-rotate-warning = The current secret stops working at once: every message from now on, retries included, is signed with the new secret. Update your receiver right after copying the new secret.
webhooks-rotate-confirm = Replace secret
webhooks-delete-title = Delete this endpoint?
webhooks-delete-warning = No more messages are sent to this address. Messages still waiting for it are not delivered.
webhooks-delete-confirm = Delete endpoint

webhooks-log-title = Delivery log
webhooks-back = All endpoints
webhooks-log-intro = The newest messages first, each with every attempt to deliver it. A message is retried with growing intervals until your endpoint answers with a 2xx status. Sending a message again keeps its webhook-id.
webhooks-log-empty = No messages have been sent to this endpoint yet.
webhooks-log-no-older = There are no older messages.
webhooks-log-newest = Newest messages
webhooks-log-older = Older messages
webhooks-message-id = Message ID (webhook-id)
webhooks-message-created = Created
webhooks-message-attempts = Attempts
webhooks-message-sent = Delivered
webhooks-message-next = Next attempt
webhooks-message-last-error = Last error
webhooks-attempts-label = Delivery attempts
webhooks-col-attempted = Attempted
webhooks-col-status-code = HTTP status
webhooks-col-result = Result
webhooks-col-duration = Duration
webhooks-no-status-code = none
webhooks-attempt-delivered = Delivered
webhooks-duration-ms = { $ms } ms
webhooks-redeliver = Send again

webhooks-status-pending = Waiting
webhooks-status-sent = Delivered
webhooks-status-failed = Failed

webhooks-failure-http-status = The endpoint answered with HTTP status { $code }.
webhooks-failure-timeout = The endpoint did not answer in time.
webhooks-failure-connect = Could not connect to the endpoint.
webhooks-failure-endpoint-deleted = The endpoint was deleted.
webhooks-failure-url-invalid = The endpoint's address is not a valid web address.
webhooks-failure-url-not-https = The endpoint's address does not start with https://.
webhooks-failure-url-unresolvable = The endpoint's host name could not be found.
webhooks-failure-url-private = The endpoint's address now leads to a private network.
# { $detail } is a technical description in English.
webhooks-failure-other = Delivery failed: { $detail }

webhooks-flash-deleted = The endpoint { $url } was deleted.
webhooks-flash-redelivered = Message { $id } will be sent again within a few seconds.
webhooks-flash-in-flight = Message { $id } is being sent right now. Look at the log again in a moment.

# The activity log (the detail after it is the endpoint's URL).
webhooks-activity-added = Webhook endpoint added
webhooks-activity-secret-rotated = Webhook signing secret replaced
webhooks-activity-deleted = Webhook endpoint deleted
webhooks-already-registered = This URL is already registered. Its signing secret was shown when it was added; to get a new one, use “Replace secret…” on that endpoint.

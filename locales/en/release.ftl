# Giving delegated administration back: the partner's admin agent ends its
# own delegated administration of a customer, for one service or all.

release-title = Give back delegated administration?
release-link-one = Give back
# Screen readers: must contain the visible text of release-link-one word for word.
release-link-one-label = Give back delegated administration of { $service }
release-link-all = Give back delegated administration of all services
release-one-question = Your organization will no longer administer { $service } for { $customer }.
release-all-question = Your organization will no longer administer any service for { $customer }. Delegated administration ends for:
release-relationship-remains = You remain { $customer }'s reseller: billing, subscriptions and Partner of Record do not change. The customer can grant delegated administration again by accepting your invitation link.
release-confirm = Give back delegated administration
release-nothing-held = Your organization holds no delegated administration of this service for { $customer }, so there is nothing to give back.
release-back = Back to the customer
release-unknown-service = The service to give back is not one this site knows. Go back to the customer's page and use its buttons.
release-flash-done = You gave back delegated administration for { $customer }.
release-flash-nothing = Nothing changed: your organization held no such delegated administration for { $customer }.
release-access-released = Given back
release-access-released-on = Your organization gave delegated administration back on { $date }. To restore it, send the customer your invitation again.
release-activity = Delegated administration given back by the partner

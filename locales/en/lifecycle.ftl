# Ending a reseller relationship (DESIGN.md §11): either side ends it; while
# the partner is still Partner of Record of subscriptions it is "ending" for
# 10 days, then "ended". Both sides keep it in their history.

lifecycle-status-active = Active
lifecycle-status-ending = Ending
lifecycle-status-ended = Ended
lifecycle-status-label = Status
# The partner's customer list: filter by the relationship's status.
lifecycle-filter-status = Status
lifecycle-filter-current = Current customers
lifecycle-filter-none = No customers have this status.
lifecycle-filter-unknown = The address asks for a status the list does not have. Choose a status from the list.

lifecycle-activity-ending = Reseller relationship ending
lifecycle-activity-ended = Reseller relationship ended
lifecycle-activity-ending-cancelled = Ending of the reseller relationship canceled

# The confirmation page, for the customer's global admin or the partner's admin agent.
lifecycle-end-title = End the reseller relationship?
lifecycle-end-question-customer = You are about to end your organization's reseller relationship with { $partner }.
lifecycle-end-question-partner = You are about to end your reseller relationship with { $customer }.
lifecycle-end-what-happens = What happens
lifecycle-end-no-dap = No delegated administration is held, so none has to end.
lifecycle-end-dap-now = All delegated administration the partner holds ends now, for these services:
lifecycle-end-now = The reseller relationship ends now.
lifecycle-end-held-customer = { $count ->
    [one] The partner is still Partner of Record of { $count } of your subscriptions.
   *[other] The partner is still Partner of Record of { $count } of your subscriptions.
}
lifecycle-end-held-partner = { $count ->
    [one] You are still Partner of Record of { $count } subscription of this customer.
   *[other] You are still Partner of Record of { $count } subscriptions of this customer.
}
lifecycle-end-later = So the reseller relationship enters a 10-day notice period and ends by itself on { $date }.
lifecycle-end-billing = Billing of those subscriptions stays with their Partner of Record until the relationship ends. Those it still holds then have no Partner of Record: { -operator-name } bills them until the customer chooses a new one.
lifecycle-end-move-customer = Until then, the partner can only view those subscriptions, and you can move them to another partner.
lifecycle-end-read-only-partner = Until then, you can only view those subscriptions, and the customer can move them to another partner.
lifecycle-end-history = The relationship stays in both sides' history. To work together again, the customer accepts the partner's invitation link again.
lifecycle-end-reason-label = Reason (optional)
lifecycle-end-reason-hint = Up to 500 characters. Both sides see it in their activity.
lifecycle-end-confirm = End the reseller relationship
lifecycle-end-section = End the reseller relationship
lifecycle-end-section-customer-hint = All delegated administration of this partner ends at once. A confirmation page first says exactly what happens.
lifecycle-end-section-partner-hint = All your delegated administration for this customer ends at once. A confirmation page first says exactly what happens.
lifecycle-end-link = End the reseller relationship

lifecycle-refused-title = The reseller relationship was not changed
lifecycle-refused-already-ended = This reseller relationship has already ended. Nothing was changed.
lifecycle-refused-already-ending = This reseller relationship is already ending. Nothing was changed.
lifecycle-refused-not-ending = This reseller relationship is not ending, so there is no ending to acknowledge. Nothing was changed.
lifecycle-reason-too-long = The reason is longer than 500 characters. Go back and shorten it; nothing was changed.

lifecycle-flash-ended = The reseller relationship with { $name } has ended.
lifecycle-flash-ending = The reseller relationship with { $name } is ending and ends on { $date }. Delegated administration has ended.
lifecycle-flash-acknowledged = The reseller relationship with { $name } has ended.

# The customer's Partner relationships pages: who ended it and when.
lifecycle-admin-ending-customer = Your organization ended it; it ends on { $date }.
lifecycle-admin-ending-partner = The partner ended it; it ends on { $date }.
lifecycle-admin-ended-customer = Ended by your organization on { $date }.
lifecycle-admin-ended-partner = Ended by the partner on { $date }.
lifecycle-admin-ended = Ended on { $date }.

# The partner's page of a customer while the relationship is ending.
lifecycle-partner-ending-title = The reseller relationship ends on { $date }
lifecycle-partner-ending-body = Until then, you can only view the subscriptions you are Partner of Record of. You can end it now instead of waiting.
lifecycle-acknowledge = End it now
lifecycle-partner-read-only = The reseller relationship is ending: this subscription is read-only for you.

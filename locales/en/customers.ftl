customers-title = Customers
customers-search-label = Search customers
customers-search-placeholder = Name or domain
customers-search = Search
customers-count = { $count ->
    [one] { $count } customer
   *[other] { $count } customers
}
customers-results = { $count ->
    [one] { $count } customer found
   *[other] { $count } customers found
}
customers-results-more = More than { $count } customers found. Add to the search to narrow it down.
customers-no-results = No customer matches “{ $query }”.
customers-empty-title = No customers yet
customers-empty-body = Customers appear here once they accept your invitation. Send your invitation email from “Request a reseller relationship”.
customers-col-name = Customer
customers-col-domain = Domain
customers-col-since = Reseller since
customers-dap-ours = Delegated admin
customers-dap-other = Another partner
# The customer removed our delegated administration; the date follows.
customers-dap-removed = Removed
# We gave delegated administration back; the date follows.
customers-dap-released = Given back
customers-dap-none = None

customer-back = All customers
customer-reseller-since = Reseller relationship since
customer-services-heading = Services and delegated administration
customer-col-service = Service
customer-col-access = Your delegated administration
customer-access-ours = You hold delegated administration
customer-access-removed = Removed by the customer
customer-access-other = Held by another partner
customer-access-none = Not granted
customer-access-since = since { $date }
customer-access-removed-on = The customer removed your delegated administration on { $date }. To restore it, send the customer your invitation again.
customer-restore = Request it again
customer-subscriptions-heading = Subscriptions
customer-subscriptions-hint = Only the Partner of Record of a subscription can remove seats, order add-ons, transition it or change its Partner of Record.
customer-no-subscriptions = This customer has no subscriptions.
customer-col-seats = Seats
customer-col-add-ons = Add-ons
customer-col-por = Partner of Record
customer-por-us = You
customer-not-por = You are not the Partner of Record of this subscription, so these actions will be refused.
customer-remove-seats-label = Seats to remove
customer-remove-seats = Remove seats
customer-remove-seats-invalid = { $count ->
    [0] This subscription has one seat, and keeps it: no seat can be removed.
   *[other] Enter a whole number of seats from 1 to { $count }: the subscription keeps at least one.
}
customer-order-add-on = Order an add-on
customer-transition-label = New offer
customer-transition = Transition
customer-action-invalid = The value sent is not valid for this subscription. Go back and check it.
flash-subscription-remove-seats = Seats removed.
flash-subscription-order-add-on = Add-on ordered.
flash-subscription-transition = Subscription transitioned.

# Partner of Record: a partner asks to become Partner of Record of a
# customer's subscription; the customer approves, declines, or chooses the
# Partner of Record itself. A partner never sees another partner's name.

## Partner dashboard: the customer's subscriptions

por-another-partner = Another partner
por-request-button = Request to become Partner of Record
por-request-pending-since = Request pending since { $date }
por-flash-requested = Your request to become Partner of Record was sent. The customer's global administrator approves or declines it.
por-flash-already-pending = Your request to become Partner of Record of this subscription is already pending.

## Refusals

por-refused-title = The Partner of Record was not changed
por-refused-already-ours = You already are the Partner of Record of this subscription.
por-refused-already-decided = This request was already approved or declined. Nothing was changed.
por-refused-requester-not-a-partner = This partner no longer has a reseller relationship with your organization, so it cannot become Partner of Record. Nothing was changed.
por-refused-not-a-partner = Choose one of your partners: only a partner with a reseller relationship with your organization can be Partner of Record. Nothing was changed.
por-invalid-form = The form was incomplete. Go back and choose again.

## Admin center: requests

por-requests-title = Partner of Record requests
por-requests-link = Partner of Record requests
por-back-to-subscriptions = Back to subscriptions
por-requests-lead = Partners that work with your organization can ask to become the Partner of Record of a subscription. The Partner of Record bills the subscription and is the only partner that can change it. It changes only when you agree.
por-requests-pending-heading = Waiting for your decision
por-requests-none-pending = No request is waiting for a decision.
por-requests-approve-hint = Approving makes the requesting partner the Partner of Record of the subscription. Other requests for the same subscription are then declined.
por-requests-decided-heading = Recently decided
por-requests-none-decided = No request has been decided yet.
por-pending-requests-link = { $count ->
    [one] { $count } Partner of Record request is waiting for your decision
   *[other] { $count } Partner of Record requests are waiting for your decision
}
por-col-subscription = Subscription
por-col-service = Service
por-col-seats = Seats
por-col-current = Partner of Record
por-col-requester = Requested by
por-col-requested = Requested on
por-col-outcome = Decision
por-col-actions = Actions
por-approve = Approve
por-decline = Decline
por-approve-label = Approve the request of { $partner } for { $offer }
por-decline-label = Decline the request of { $partner } for { $offer }
por-decided-on = on { $date }
por-status-pending = Pending
por-status-approved = Approved
por-status-declined = Declined
por-read-only = Only a global administrator of your organization can change the Partner of Record or decide on requests.
por-flash-approved = { $partner } is now the Partner of Record of { $offer }.
por-flash-declined = The request of { $partner } for { $offer } was declined. The Partner of Record is unchanged.

## Admin center: subscriptions and changing the Partner of Record

por-subscriptions-heading = Subscriptions and Partner of Record
por-subscriptions-hint = The Partner of Record of a subscription bills it and is the only partner that can remove seats, order add-ons or transition it.
por-no-subscriptions = Your organization has no subscriptions.
por-change-link = Change Partner of Record
por-view-link = View Partner of Record
# Screen readers: these names must contain the visible text of por-change-link / por-view-link word for word.
por-change-link-label = Change Partner of Record for { $offer }
por-view-link-label = View Partner of Record for { $offer }
por-subscription-pending = { $count ->
    [one] { $count } request pending
   *[other] { $count } requests pending
}
por-change-title = Change Partner of Record
por-change-explanation = Choose which of your partners is the Partner of Record of this subscription. Only partners with a reseller relationship with your organization can be chosen. Requests still pending for this subscription are answered at the same time.
por-choose-legend = Partner of Record
por-current-badge = Current
por-change-button = Save Partner of Record
por-flash-changed = { $partner } is now the Partner of Record of { $offer }.
por-flash-unchanged = { $partner } already was the Partner of Record of { $offer }. Nothing was changed.

## Activity (both sides)

por-activity-requested = Asked to become Partner of Record
por-activity-request-approved = Request to become Partner of Record approved
por-activity-request-declined = Request to become Partner of Record declined
por-activity-granted = Made Partner of Record by the customer
por-activity-moved-away = Partner of Record moved to another partner

## A subscription without a Partner of Record: its Partner of Record's
## reseller relationship ended while it still held it (both sides)

por-none = No Partner of Record — billed by { -operator-name }
por-none-explanation = The reseller relationship with the Partner of Record of this subscription has ended. Until you choose a new Partner of Record, { -operator-name } bills it.
por-choose-link = Choose Partner of Record
# Screen readers: this name must contain the visible text of por-choose-link word for word.
por-choose-link-label = Choose Partner of Record for { $offer }
por-activity-ended = Partner of Record ended with the reseller relationship

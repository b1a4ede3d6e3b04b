activity-title = Activity
activity-empty = Nothing has happened yet.
activity-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
activity-col-when = When
activity-col-what = What happened
activity-col-customer = Customer
activity-col-service = Service
activity-col-by = By
# An event and its detail (for example the offer and the number of seats).
# The punctuation around { $detail } is yours: Chinese uses （）.
activity-event-detail = { $event } ({ $detail })
# Shown as "By" for what the application did by itself (no person did it).
activity-actor-system = System
activity-invitation-accepted = Invitation accepted
activity-invitation-declined = Invitation declined
activity-relationship-created = Reseller relationship created
activity-dap-granted = Delegated administration granted
activity-dap-removed = Delegated administration removed
activity-dap-replaced = Delegated administration given to another partner
activity-link-rotated = Invitation link replaced
activity-seats-removed = Seats removed
activity-addon-ordered = Add-on ordered
activity-subscription-transitioned = Subscription transitioned
activity-por-changed = Partner of Record changed

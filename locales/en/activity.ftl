activity-title = Activity
activity-empty = Nothing has happened yet.
activity-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
# Only events up to 20 pages ahead are counted; more follow.
activity-count-more = More than { $count } events
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
activity-col-partner = Partner
# The customer's activity page: what it lists.
activity-admin-lead = Everything that happened between your organization and its partners, including declined invitations.
activity-empty-filtered = No events match these filters.
activity-empty-invalid = Correct the filters to see events.
activity-export = Download CSV
# The filter form (a plain form: it works without JavaScript).
activity-filter-label = Filter events
activity-filter-partner = Partner
activity-filter-any-partner = All partners
activity-filter-customer = Customer
activity-filter-all-customers = Show all customers
activity-filter-customer-search = Customer name or domain
activity-filter-customer-hint = Part of the name or domain is enough.
activity-filter-action = Action
activity-filter-any-action = All actions
activity-filter-service = Service
activity-filter-any-service = All services
activity-filter-from = From
activity-filter-to = To
activity-filter-dates-hint = Dates are in UTC; both days are included.
activity-filter-apply = Show events
activity-filter-clear = Clear filters
# Why the filters cannot be shown (answered with HTTP 400).
activity-error-title = These filters cannot be applied
activity-error-date = A date is not valid. Enter a real calendar date as YYYY-MM-DD, for example 2026-03-01.
activity-error-dates-reversed = The "From" date is later than the "To" date.
activity-error-action = Choose an action from the list.
activity-error-service = Choose a service from the list.
activity-error-id = The partner or customer in the address is not valid.
activity-error-page = The page number must be a whole number, 1 or more.
# Column headers of the CSV export. The codes are the same in every
# language, for spreadsheets and scripts.
activity-csv-time = Time (UTC)
activity-csv-action-code = Action code
activity-csv-action = Action
activity-csv-partner = Partner
activity-csv-customer = Customer
activity-csv-service-code = Service code
activity-csv-service = Service
activity-csv-actor = By
activity-csv-detail = Detail
# On the customer's page: its events in the activity log.
activity-customer-link = Activity with this customer
# A delegated-admin request's name followed by the roles an event concerns
# (approved, removed), and what separates the roles' names.
activity-detail-with-roles = { $detail }: { $roles }
activity-roles-separator = { ", " }

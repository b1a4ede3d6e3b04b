relationships-title = Partner relationships
relationships-lead = Every partner of your organization, and which partner administers each of your services.
relationships-views = Views
relationships-view-partners = By partner
relationships-view-services = By service
relationships-col-partner = Partner
relationships-col-type = Relationship
relationships-col-services = Delegated administration for
relationships-col-since = Since
relationships-col-admin = Delegated administrator
relationships-col-actions = Actions
relationships-type-reseller = Reseller
relationships-type-dap = Delegated administrator
relationships-no-services = No delegated administration
relationships-no-admin = None
relationships-empty = Your organization has no partners yet. When a partner sends you an invitation link, open it to review and accept it.
relationships-back = All partners
relationships-dap-heading = Delegated administration
relationships-remove = Remove
# Read out by screen readers for the "Remove" button of one service.
relationships-remove-service = Remove delegated administration for { $service }
relationships-remove-all = Remove delegated administration for all services
relationships-read-only = Only a global administrator can remove delegated administration.
relationships-reseller-remains = Removing delegated administration keeps the reseller relationship. The partner stays responsible for support under the reseller agreement.
relationships-history-heading = History
# History entries: an event with its service, and who did it. Chinese
# uses full-width ：and （）.
relationships-history-service = { $event }: { $service }
relationships-history-by = { $event } ({ $actor })
relationships-unknown-service = The form named a service that does not exist. Go back and try again.
remove-title = Remove delegated administration?
remove-one-question = { $partner } will no longer administer { $service }.
remove-all-question = { $partner } will no longer administer any of your services.
remove-reseller-remains = { $partner } remains your reseller and stays responsible for support under the reseller agreement. To restore delegated administration later, accept its invitation link again.
remove-confirm = Remove delegated administration
flash-removed = Delegated administration removed. { $partner } remains your reseller and stays responsible for support under the reseller agreement.
flash-removed-nothing = { $partner } had no delegated administration to remove.

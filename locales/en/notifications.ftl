# Notifications (DESIGN.md §13): mails to the partner's admin agents and the
# customer's global admins, and the page where each user switches kinds off.
# Variables: $partner and $customer are organization names, $domain the
# customer's domain, $actor the person who acted, $services a list of
# service names, $date a date, $by who acted: customer, partner or system.

mail-greeting = Hello,
mail-action = Open in partnerlink
mail-footer = You receive this mail from the { -operator-name } partner program because of your role in your organization.
mail-settings = Choose which mails you receive
# Between service names in a list.
mail-list-separator = {", "}
mail-link-line = { $label }: { $url }

mail-accepted-subject = { $customer } accepted your reseller relationship
mail-accepted-body = { $actor } of { $customer } ({ $domain }) accepted your invitation: you are their reseller.
mail-accepted-services = Delegated administration granted for: { $services }.
mail-accepted-no-services = No delegated administration was granted.

mail-declined-subject = { $customer } declined your invitation
mail-declined-body = { $actor } of { $customer } ({ $domain }) declined your invitation to a reseller relationship. Nothing changed.

mail-dap-removed-subject = { $customer } removed your delegated administration
mail-dap-removed-body = { $actor } of { $customer } ({ $domain }) removed your delegated administration for: { $services }. Your reseller relationship stays.

mail-dap-replaced-subject = { $customer } gave delegated administration to another partner
mail-dap-replaced-body = { $actor } of { $customer } ({ $domain }) gave delegated administration of { $services } to another partner. Yours for these services has ended.

mail-dap-released-subject = { $partner } gave back delegated administration
mail-dap-released-body = { $actor } of { $partner } gave back delegated administration of your organization for: { $services }. The reseller relationship stays.

mail-ending-by-customer-subject = { $customer } is ending your reseller relationship
mail-ending-by-customer-body = { $actor } of { $customer } ({ $domain }) is ending your reseller relationship. Your delegated administration has ended. You are still Partner of Record of some of their subscriptions, so the relationship ends on { $date }; until then you can only view those subscriptions.

mail-ending-by-partner-subject = { $partner } is ending its relationship with you
mail-ending-by-partner-body = { $actor } of { $partner } is ending its reseller relationship with your organization. Its delegated administration has ended. It is still Partner of Record of some of your subscriptions, so the relationship ends on { $date }; until then you can move them to another partner.

mail-ended-for-partner-subject = Your reseller relationship with { $customer } has ended
mail-ended-for-partner-body = { $by ->
    [system] The notice period is over: your reseller relationship with { $customer } ({ $domain }) has ended. Subscriptions you were still Partner of Record of now have none until the customer chooses one.
   *[other] { $actor } of { $customer } ({ $domain }) ended your reseller relationship. Your delegated administration has ended.
}

mail-ended-for-customer-subject = Your relationship with { $partner } has ended
mail-ended-for-customer-body = { $by ->
    [system] The notice period is over: your reseller relationship with { $partner } has ended. Subscriptions it was still Partner of Record of have none now: { -operator-name } bills them until you choose a Partner of Record.
   *[other] { $actor } of { $partner } ended its reseller relationship with your organization. Its delegated administration has ended.
}

# The settings page: one checkbox per kind of mail.
notify-settings-title = Email notifications
notify-settings-intro = Choose which events you are told about by email. Mails go to { $email } in the language you last chose.
notify-settings-save = Save
notify-settings-saved = Your notification choices are saved.
notify-settings-nav = Notifications

notify-kind-customer-accepted = A customer accepts my organization's invitation
notify-kind-customer-declined = A customer declines my organization's invitation
notify-kind-delegated-admin-removed = A customer removes our delegated administration or gives it to another partner
notify-kind-partner-relationship-ended = A customer ends our reseller relationship, or its notice period is over
notify-kind-access-released = A partner gives back delegated administration of my organization
notify-kind-customer-relationship-ended = A partner ends its relationship with my organization, or its notice period is over
notify-settings-unknown-kind = This form asked for a kind of notification that does not exist. Reload the page and choose again.

# Delegated-admin requests and relationships ($name: the request's name;
# $roles: the roles concerned; $date: the end date).
mail-gdap-approved-subject = { $customer } approved your delegated-admin request “{ $name }”
mail-gdap-approved-body = { $actor } of { $customer } ({ $domain }) approved these roles: { $roles }. They end on { $date }.
mail-gdap-declined-subject = { $customer } declined your delegated-admin request “{ $name }”
mail-gdap-declined-body = { $actor } of { $customer } ({ $domain }) declined your delegated-admin request “{ $name }”. Nothing was granted.
mail-gdap-expiring-for-partner-subject = Your delegated administration of { $customer } ends on { $date }
mail-gdap-expiring-for-partner-body = Your delegated-admin relationship “{ $name }” with { $customer } ({ $domain }) ends on { $date }: { $roles }. Ask for an extension in time if you still need it.
mail-gdap-expiring-for-customer-subject = { $partner }'s delegated administration ends on { $date }
mail-gdap-expiring-for-customer-body = The delegated-admin relationship “{ $name }” of { $partner } with your organization ends on { $date }: { $roles }. Nothing needs to be done for it to end.
mail-gdap-expired-for-partner-subject = Your delegated administration of { $customer } has expired
mail-gdap-expired-for-partner-body = Your delegated-admin relationship “{ $name }” with { $customer } ({ $domain }) expired on { $date }. These roles have ended: { $roles }.
mail-gdap-expired-for-customer-subject = { $partner }'s delegated administration has expired
mail-gdap-expired-for-customer-body = The delegated-admin relationship “{ $name }” of { $partner } with your organization expired on { $date }. These roles have ended: { $roles }.
mail-gdap-terminated-for-partner-subject = { $customer } ended your delegated administration “{ $name }”
mail-gdap-terminated-for-partner-body = { $actor } of { $customer } ({ $domain }) ended your delegated-admin relationship “{ $name }” early. These roles have ended: { $roles }.
mail-gdap-terminated-for-customer-subject = { $partner } ended its delegated administration “{ $name }”
mail-gdap-terminated-for-customer-body = { $actor } of { $partner } ended its delegated-admin relationship “{ $name }” with your organization early. These roles have ended: { $roles }.

notify-kind-request-decided = A customer approves or declines one of our delegated-admin requests
notify-kind-partner-access-expiring = Our delegated administration of a customer is about to end or has ended
notify-kind-customer-access-expiring = A partner's delegated administration of my organization is about to end or has ended

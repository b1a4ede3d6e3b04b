# The delegated-admin pages (DESIGN.md §12): the partner's requests (list,
# new request, one request with its link and email), the customer's page
# behind the link, and the sections on the partner's customer page and the
# customer's partner page. Role names and statuses are in
# delegated-admin.ftl.

gdap-nav = Delegated admin

## Shared words

gdap-col-name = Name
gdap-col-customer = Customer
gdap-col-partner = Partner
gdap-col-status = Status
gdap-col-created = Created
gdap-col-ends = Ends
gdap-col-approved-by = Approved by
gdap-col-roles = Roles
gdap-col-role = Role
gdap-col-actions = Actions
# A role and its service, e.g. "Helpdesk administrator (Office 365 operated by 21Vianet)".
gdap-role-in-service = { $role } ({ $service })
gdap-role-requested = Requested
gdap-role-approved = Approved
gdap-role-not-approved = Not approved
gdap-role-removed-on = Removed { $date }
gdap-full-admin-badge = Full administration
gdap-created-by = { $date } by { $name }
gdap-approved-by = { $date } by { $name }
gdap-duration-label = Duration
gdap-days =
    { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
gdap-auto-extend-label = Automatic extension
gdap-auto-extend-yes =
    { $count ->
        [one] Yes, by { $count } day at the end date
       *[other] Yes, by { $count } days at the end date
    }
gdap-auto-extend-no = No
gdap-request-expires-label = Request expires
gdap-ended-label = Ended
gdap-domain-label = Customer domain
gdap-roles-heading = Roles
gdap-back-to-list = All requests

## The partner's list

gdap-list-title = Delegated-admin requests
gdap-list-intro = Ask a customer for exactly the administrative roles you need, for a limited time. The customer's global administrator approves all of them, some of them, or none.
gdap-list-new = New request
gdap-list-heading = Your requests
gdap-list-empty = You have not asked any customer for delegated administration yet.
gdap-list-not-approved-yet = Not approved yet
gdap-list-extension-for = Extension for { $customer }
gdap-list-ends = Ends { $date }
gdap-list-request-expires = Request expires { $date }

## New request

gdap-new-title = New delegated-admin request
gdap-new-intro = Choose the roles you need and for how long. You then get a link and an email to send to the customer's global administrator.
gdap-field-name = Name
gdap-field-name-hint = The customer sees it, so say what the access is for, for example "Helpdesk support".
gdap-field-duration = Duration in days
gdap-field-duration-hint =
    { $count ->
        [one] From 1 to { $count } day. The customer may approve a shorter duration.
       *[other] From 1 to { $count } days. The customer may approve a shorter duration.
    }
gdap-field-auto-extend = Extend automatically
gdap-field-auto-extend-hint =
    { $count ->
        [one] At the end date, access is extended by { $count } day unless either side ends it. Not available with a full-administration role.
       *[other] At the end date, access is extended by { $count } days unless either side ends it. Not available with a full-administration role.
    }
gdap-field-domain = Customer domain (optional)
gdap-field-domain-hint = When you enter a domain, only global administrators of the customer with this domain can approve, for example contoso.cn.
gdap-field-roles = Roles
gdap-field-roles-hint = Choose only the roles you need. The customer may approve fewer.
gdap-new-submit = Create the request

gdap-problem-name-missing = Enter a name for the request.
gdap-problem-name-too-long =
    { $count ->
        [one] The name can have at most { $count } character.
       *[other] The name can have at most { $count } characters.
    }
gdap-problem-name-not-one-line = Enter the name on one line, without line breaks or tabs.
gdap-problem-duration =
    { $count ->
        [one] Enter a duration in whole days, from 1 to { $count }.
       *[other] Enter a duration in whole days, from 1 to { $count }.
    }
gdap-problem-no-roles = Choose at least one role.
gdap-problem-auto-extend-full-admin =
    { $count ->
        [one] Automatic extension (by { $count } day) is not available with a full-administration role: such access must be approved again by the customer. Clear "Extend automatically" or the full-administration roles.
       *[other] Automatic extension (by { $count } days) is not available with a full-administration role: such access must be approved again by the customer. Clear "Extend automatically" or the full-administration roles.
    }
gdap-problem-domain = Enter the customer's domain as it appears in the admin center, for example contoso.cn, or leave it empty.
gdap-problem-unknown-role = One of the chosen roles does not exist for its service. Choose roles from the list.

## One request, for the partner

gdap-extension-of-label = Extends
gdap-extension-of-link = The earlier relationship
gdap-link-heading = Send the request to the customer
gdap-step-send = Copy the email and send it to the customer's global administrator. Only a global administrator can approve.
gdap-link-label = Approval link
gdap-link-hint = The link names this request only: the roles and the duration are kept by us, and nobody can change them by editing the link. It works until { $date }.
gdap-extend-heading = Extend
gdap-extend-hint = Creates a new request for the same customer, with the roles you still hold. The customer approves it like any request; until then, the current access stays as it is.
gdap-extend-button = Ask for an extension
gdap-terminate-heading = End early
gdap-terminate-button = End delegated administration
gdap-withdraw-heading = Withdraw
gdap-withdraw-button = Withdraw the request

## Ending or withdrawing (confirmation)

gdap-terminate-title = End delegated administration now?
gdap-terminate-question-partner = End "{ $name }" with { $customer } now?
gdap-terminate-question-customer = End "{ $name }" of { $partner } now?
gdap-terminate-roles-end = These roles end at once:
gdap-terminate-effect = This cannot be undone: access ends now, both sides are told, and the history is kept. The reseller relationship stays. To give access again, the partner sends a new request.
gdap-withdraw-title = Withdraw this request?
gdap-withdraw-question = Withdraw "{ $name }"?
gdap-withdraw-effect = The link stops working. The customer has not approved anything yet.

## The customer's page behind the link

gdap-customer-title = Delegated administration for { $partner }
gdap-customer-what-heading = What is being asked
gdap-customer-asks = { $partner } asks for the roles below, for "{ $name }". Each role gives the partner only what its description says.
gdap-customer-ends-if-approved = If you approve today, access ends on { $date }.
gdap-customer-auto-extends =
    { $count ->
        [one] The partner asked for automatic extension: at the end date, access is extended by { $count } day unless you end it.
       *[other] The partner asked for automatic extension: at the end date, access is extended by { $count } days unless you end it.
    }
gdap-customer-creates-relationship = Approving also makes { $partner } your reseller: a reseller relationship is created. Your billing does not change.
gdap-customer-existing-relationship = { $partner } is already your reseller; approving adds only the roles you choose.
gdap-customer-remove-later = You can remove any role or end the delegated administration at any time.
gdap-customer-roles-legend = Roles to approve
gdap-customer-roles-hint = Clear any role you do not want to give.
gdap-customer-replaces = { $other } holds this role now. Approving it moves it to { $partner }: one partner at a time holds full administration of a service.
gdap-customer-duration-hint =
    { $count ->
        [one] At most { $count } day, as requested. Leave it as it is, or enter fewer days.
       *[other] At most { $count } days, as requested. Leave it as it is, or enter fewer days.
    }
gdap-customer-approve = Approve the chosen roles
gdap-customer-decline = Decline the request
gdap-customer-read-only = Only a global administrator of your organization can approve, change or end delegated administration.
gdap-customer-terminate-hint = Ends every role of this delegated administration now. The reseller relationship stays.
gdap-customer-partner-page = Everything about { $partner }
gdap-remove-role = Remove
gdap-remove-role-label = Remove the role { $role }

## Refusals (nothing was changed)

gdap-refused-not-pending = This request is no longer waiting for approval: its status is "{ $status }". Nothing was changed.
gdap-refused-not-in-force = This delegated administration is not in force: its status is "{ $status }". Nothing was changed.
gdap-refused-wrong-customer = This request is meant for the organization with the domain { $domain }. Only its global administrators can approve it. Nothing was changed.
gdap-refused-role-not-requested = You can approve only the roles the partner asked for. Nothing was approved.
gdap-refused-no-roles = Choose at least one role to approve, or decline the request. Nothing was approved.
gdap-refused-duration =
    { $count ->
        [one] Enter a duration in whole days, from 1 to { $count }, as requested. Nothing was approved.
       *[other] Enter a duration in whole days, from 1 to { $count }, as requested. Nothing was approved.
    }
gdap-refused-role-not-held = The partner no longer holds that role. Nothing was changed.
gdap-refused-conflict = Someone else changed this delegated administration at the same moment. Nothing was changed: look at the page again and retry.

## Flash messages

gdap-flash-created = Your request was created. Send the link below to the customer.
gdap-flash-approved = You approved the chosen roles. Access ends on { $date }.
gdap-flash-declined = You declined the request.
gdap-flash-terminated = "{ $name }" was ended.
gdap-flash-role-removed = The role { $role } was removed.
gdap-flash-extension-requested = Extension requested. Send the link below to the customer.

## Sections on the customer and partner pages

gdap-section-heading = Time-limited delegated administration
gdap-section-empty = No delegated-admin requests or relationships.

## The email the partner sends (in the email's language). Keep the link
## at the end of its paragraph, with no full stop after it.

gdap-email-subject = { $partner } asks for delegated administration
gdap-email-paragraph-1 =
    Dear Customer,
    We at { $partner } would like to administer part of your cloud services operated by { -operator-name }, with only the roles listed below, for a limited time.
gdap-email-paragraph-2 =
    Roles requested:
    { $roles }
    Duration in days: { $days }. You may approve only some of the roles, or a shorter duration, and you can remove any role at any time in the admin center.
gdap-email-role-line = – { $role } ({ $service })
gdap-email-link-paragraph = To review and approve this request, follow this link and sign in as a global administrator of your organization: { $link }
gdap-email-closing =
    Kind regards,
    { $partner }

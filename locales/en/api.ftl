# The JSON API: the API keys page of the partner dashboard (admin agents
# only), and the "detail" of the API's error answers (RFC 9457 problems),
# which programs show to the people who wrote them.

api-keys-nav = API keys
api-keys-title = API keys
api-keys-intro = Your own tools can read your customers, invitation links, delegated-admin relationships and activity through the { -product-name } JSON API, and create and terminate delegated-admin requests. A key belongs to your organization, not to the person who creates it: it works until it is revoked.
api-keys-issued-heading = Copy your new API key now
api-keys-issued-label = API key
api-keys-issued-once = This is the only time the key is shown. Keep it where your tool keeps secrets, and send it as "Authorization: Bearer <key>". If it is lost, revoke it and create a new one.
api-keys-list-heading = Keys
api-keys-none = No API keys yet. Create the first one below.
api-keys-col-name = Name
api-keys-col-key = Key
api-keys-col-scope = Access
api-keys-col-created = Created
api-keys-col-last-used = Last used
api-keys-col-actions = Actions
api-keys-created-by = { $time } UTC by { $name }
api-keys-never-used = Never
api-keys-revoked-on = Revoked on { $date }
api-keys-revoke = Revoke
api-keys-revoke-named = Revoke the key "{ $name }"
api-keys-new-heading = Create a key
api-keys-name-label = Name
api-keys-name-hint = What the key is for, e.g. the tool that uses it. Activity entries name the key by it.
api-keys-scope-label = Access
api-keys-scope-read = Read only
api-keys-scope-read-write = Read and write (create and terminate delegated-admin requests)
api-keys-create = Create key
api-keys-docs = What the API offers, endpoint by endpoint:
api-keys-name-invalid =
    { $count ->
        [one] Enter a name of at most { $count } character, on one line.
       *[other] Enter a name of at most { $count } characters, on one line.
    }
api-keys-scope-unknown = Choose read only, or read and write.
api-keys-too-many =
    { $count ->
        [one] You can have at most { $count } active key. Revoke one before creating another.
       *[other] You can have at most { $count } active keys. Revoke one before creating another.
    }
api-keys-flash-revoked = The key was revoked. Requests that present it are refused from now on.
api-keys-activity-created = API key created
api-keys-activity-revoked = API key revoked
activity-actor-api-key = API key "{ $name }"

api-title-401 = An API key is required
api-title-404 = Not found
api-problem-unauthorized = Send a valid API key in the header "Authorization: Bearer <key>". Keys are created, and revoked ones replaced, on the API keys page of the partner dashboard.
api-problem-insufficient-scope = This key may only read. Create a key with read and write access to make changes.
api-problem-not-found = There is nothing at this address, or it belongs to another partner. Check the id.
api-problem-method-not-allowed = This address does not take this method. The OpenAPI document at /api/v1/openapi.json lists what each address takes.
api-problem-malformed-json = The body is not valid JSON. Check quotes, commas and brackets.
api-problem-unsupported-media-type = Send the body as JSON, with the header "Content-Type: application/json".
api-problem-unknown-field = The field { $field } is not known here. Remove it, or check its spelling against the OpenAPI document.
api-problem-missing-field = The field { $field } is required.
api-problem-invalid-field = The field { $field } has a value of the wrong type or form.
api-problem-body-not-object = The body must be a JSON object (names and values), not an array, a string, a number or null.
api-problem-payload-too-large = The body is too large. Send less.
api-problem-invalid-parameter = The query parameter { $field } is unknown, repeated, or has a value that is not allowed.
api-problem-top-out-of-range = The query parameter $top must be a whole number from 1 to { $count }.
api-problem-parameter-choice = The query parameter { $field } must be one of: { $choices }.
api-problem-parameter-date = The query parameter { $field } must be a real calendar date written as YYYY-MM-DD, for example 2026-03-01.
api-problem-dates-reversed = The date in from is later than the date in to.
api-problem-parameter-id = The query parameter { $field } must be a customer id: a whole number, 1 or more.
api-problem-invalid-filter = This list can only be filtered by status, written like: status eq 'active'.
api-problem-invalid-cursor = The cursor does not belong to this query. Follow the nextLink of the previous page unchanged, or start again without a cursor.
api-problem-unstorable-input = The request holds a NUL character, which cannot be stored. Remove it.
api-problem-rate-limited =
    { $count ->
        [one] Too many requests with this key. Try again in { $count } second.
       *[other] Too many requests with this key. Try again in { $count } seconds.
    }
api-problem-request-timeout = The request did not arrive in time. Send it again.
api-problem-bad-request = The request cannot be read. Check it against the OpenAPI document.
api-problem-name-missing = Give the request a name (displayName).
api-problem-name-too-long =
    { $count ->
        [one] The name may have at most { $count } character.
       *[other] The name may have at most { $count } characters.
    }
api-problem-name-not-one-line = The name must be one line, without line breaks, tabs or other control characters.
api-problem-duration-out-of-range =
    { $count ->
        [one] The duration must be whole days from P1D to P{ $count }D.
       *[other] The duration must be whole days from P1D to P{ $count }D.
    }
api-problem-no-roles = Ask for at least one role.
api-problem-unknown-role = The role { $field } is not in the catalog. Role ids look like office365.helpdesk_admin.
api-problem-auto-extend-with-full-admin = A request with a full-admin role cannot extend itself. Use PT0S, or leave out the full-admin role.
api-problem-domain-invalid = The customer's domain is not a domain name, such as contoso.example.
api-problem-not-in-force = The relationship has already ended, expired or been declined; there is nothing to terminate.
api-problem-conflict = Someone else changed this at the same moment. Read it again and retry.
api-problem-service-unavailable = The service is briefly unavailable. Retry after the time in the Retry-After header.
api-problem-internal-error = Something went wrong on our side. Nothing was changed; retry later.

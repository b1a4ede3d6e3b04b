error-go-home = Go to the start page
error-hint-home = Check the address, or start again from the start page.
error-hint-retry = Please try again in a few seconds.
error-hint-later = Please try again later. If it keeps happening, contact support.

error-400-title = The request could not be understood
error-400-body = Some of the information sent was missing or malformed. Go back, check the form and try again.
error-401-title = Sign-in required
error-401-body = Sign in to continue.
error-403-title = You cannot do this
error-403-body = Your account does not have permission for this page.
error-404-title = Page not found
error-404-body = There is nothing at this address.
error-405-title = This action is not allowed here
error-405-body = This address does not accept that kind of request. Use the buttons and links on the pages.
error-408-title = The request took too long
error-408-body = The information you sent did not arrive in time, so nothing was saved. Check your connection and send the form again.
error-unstorable-input-body = The text you sent contains a control character (such as NUL) that cannot be used here. Remove it, for example by typing the text again instead of pasting it, and try again.
error-413-title = Too much data
error-413-body = The form you sent is larger than this site accepts. Shorten the text and try again.
error-429-title = Too many attempts
error-429-body = { $count ->
    [one] Too many failed sign-ins. Try again in { $count } minute.
   *[other] Too many failed sign-ins. Try again in { $count } minutes.
}
error-500-title = Something went wrong
error-500-body = The server could not complete the request. Nothing was changed.
error-503-title = Temporarily unavailable
error-503-body = The service cannot reach its data storage right now. If you were saving something, check whether it was saved before you send it again.

error-csrf-title = This form has expired
error-csrf-body = For your security the form could not be accepted. Reload the page and send it again.
error-invitation-title = This invitation link is no longer valid
error-invitation-body = The link may have been replaced or mistyped. Ask your partner for a new one.
error-por-title = Only the Partner of Record can do this
error-por-body = You are not the Partner of Record for this subscription. A partner that is not the original reseller holds delegated administration only: it cannot remove seats, order add-ons, transition the subscription or change the Partner of Record.

forbidden-needs-partner = This page is for partner users.
forbidden-needs-admin-or-sales-agent = This page needs the admin agent or sales agent role. Ask your organization's admin agent for access.
forbidden-needs-admin-agent = This action needs the admin agent role. Ask your organization's admin agent.
forbidden-needs-customer = This page is for customer administrators.
forbidden-needs-global-admin = Only a global administrator of your organization can do this.

request-title = Request a reseller relationship
request-when-heading = When to use this
request-when-multipartner = You work with a customer that already has another partner (multipartner or multichannel).
request-when-restore = The customer removed your delegated administration privileges and you need them back to provision or support the customer.
request-limitation-heading = This grants delegated administration only
request-limitation-body = If you are not the original reseller of a subscription, you are not billed for it, and you cannot remove seats, order add-ons, transition or migrate the subscription, or change the Partner of Record.
request-steps-heading = Send the invitation
request-step-options = Choose the language of the email and whether to ask for delegated administration privileges.
request-step-edit = Edit or delete the first two paragraphs and the closing if you like. Keep the link paragraph exactly as it is.
request-step-send = Copy the email and send it to the customer's global administrator.
request-email-language = Email language
request-email-language-hint = Write to the customer in their language; this page stays in yours.
request-email-language-unknown = That email language is not available, so the email is shown in the language of this page.
request-include-dap = Include delegated administration privileges
request-include-dap-hint = Uncheck to ask for the reseller relationship only.
request-update = Update the email
request-email-heading = Email text
request-email-subject-line = Subject: { $subject }
request-paragraph-1-label = Paragraph 1 (you can edit or delete it)
request-paragraph-2-label = Paragraph 2 (you can edit or delete it)
request-link-paragraph-label = Link paragraph (do not change it)
request-closing-label = Closing (you can edit or delete it)
request-copy = Copy the email
request-copied = Copied. Paste the email into a message to your customer.
request-copy-fallback = Copying is not available here. The text is selected: press Ctrl+C (⌘+C on a Mac).
request-open-mail = Open in mail app
request-no-js-hint = You can also select the text above and copy it by hand.
request-link-heading = Your invitation link
request-link-label = Invitation link
request-link-hint = This link belongs to your partner account. It contains no customer information, so you can send the same link to every customer.
request-link-kinds-hint = Each choice above has its own link: a customer cannot turn the link for the reseller relationship only into one that asks for delegated administration. Replacing the link replaces both.
request-rotate = Replace the link…

# The email the partner sends. It starts with a greeting and ends with a
# closing, like a letter. Paragraph 2 has two versions: with delegated
# administration (the customer picks services and can remove the privileges
# later) and for the reseller relationship only (no administrative access at
# all). Both say that billing stays as it is and where the reseller agreement
# is: { $agreement } is its web address; keep it at the end of the paragraph,
# with no full stop after it, so that mail programs make it a link.

request-email-subject = { $partner } would like to become your reseller
request-email-paragraph-1 =
    Dear Customer,
    We at { $partner } would like to become your reseller for the cloud services operated by { -operator-name }, so that you can buy your subscriptions through us and get support from us.
request-email-paragraph-2 = When you accept, you choose the services we may administer as your delegated administrator, and you can remove our delegated administration privileges at any time in the admin center. Your billing does not change: your existing subscriptions stay with their current reseller. Please read the reseller agreement before you accept: { $agreement }
request-email-paragraph-2-no-dap = We are asking for the reseller relationship only: accepting does not give us administrative access to your organization. Your billing does not change: your existing subscriptions stay with their current reseller. Please read the reseller agreement before you accept: { $agreement }
request-email-link-paragraph = To accept this invitation and authorize { $partner } as your reseller with delegated administration privileges, follow this link and sign in as a global administrator of your organization: { $link }
request-email-link-paragraph-no-dap = To accept this invitation and authorize { $partner } as your reseller, without delegated administration privileges, follow this link and sign in as a global administrator of your organization: { $link }
request-email-closing =
    Kind regards,
    { $partner }

rotate-title = Replace the invitation link?
rotate-warning = Links you have already sent will stop working: customers who follow them will be asked to get a new link from you. Existing customers are not affected.
rotate-confirm = Replace the link
flash-link-rotated = Your invitation link was replaced. Links sent earlier no longer work.

# Shared terms and the page layout.

-product-name = partnerlink
-operator-name = 21Vianet
-partner-center = Partner Center

layout-product-name = { -product-name }
language-name = English

layout-operated-by = operated by { -operator-name }
layout-skip-to-content = Skip to content
layout-language = Language
layout-nav-partner = Partner dashboard
layout-nav-admin = Admin center
layout-sign-out = Sign out
layout-footer = { -product-name } for the cloud partner program operated by { -operator-name }.

nav-customers = Customers
nav-request-relationship = Request a reseller relationship
nav-activity = Activity
nav-partner-relationships = Partner relationships

role-admin-agent = Admin agent
role-sales-agent = Sales agent
role-helpdesk-agent = Helpdesk agent
role-global-admin = Global administrator
role-user = User

service-office365 = Office 365 operated by { -operator-name }
service-azure = Microsoft Azure operated by { -operator-name }
service-dynamics365 = Dynamics 365 operated by { -operator-name }
service-powerbi = Power BI operated by { -operator-name }

action-cancel = Cancel
pagination-label = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-info = Page { $page } of { $pages }
pagination-info-more = Page { $page } of more than { $pages }
pagination-link-invalid = This page link is not valid. Go back to the first page and follow the links from there.
pagination-number-invalid = The page number must be a whole number, 1 or more. Go back to the first page and follow the links from there.
time-utc = { $time } UTC

# Granular delegated administration (DESIGN.md §12): the role catalog,
# statuses and activity entries. The pages' own texts are in
# delegated-admin-pages.ftl.

gdap-role-office365-global-admin = Global Administrator
gdap-role-office365-global-admin-description = Full administration of Office 365: every setting, user and subscription (the classic delegated administration).
gdap-role-office365-user-admin = User Administrator
gdap-role-office365-user-admin-description = Creates and manages users and groups, and resets passwords of non-administrators.
gdap-role-office365-helpdesk-admin = Helpdesk Administrator
gdap-role-office365-helpdesk-admin-description = Resets passwords of non-administrators and manages service requests.
gdap-role-office365-license-admin = License Administrator
gdap-role-office365-license-admin-description = Assigns and removes licenses; cannot change users.
gdap-role-office365-exchange-admin = Exchange Administrator
gdap-role-office365-exchange-admin-description = Manages mailboxes, mail flow and Exchange settings.
gdap-role-office365-global-reader = Global Reader
gdap-role-office365-global-reader-description = Reads every setting and report; changes nothing.
gdap-role-azure-owner = Owner
gdap-role-azure-owner-description = Full administration of Azure subscriptions, including granting access to others.
gdap-role-azure-contributor = Contributor
gdap-role-azure-contributor-description = Creates and manages every Azure resource; cannot grant access.
gdap-role-azure-reader = Reader
gdap-role-azure-reader-description = Views Azure resources; changes nothing.
gdap-role-azure-support-contributor = Support Request Contributor
gdap-role-azure-support-contributor-description = Opens and manages Azure support requests.
gdap-role-dynamics365-admin = Dynamics 365 Administrator
gdap-role-dynamics365-admin-description = Full administration of Dynamics 365 environments and their users.
gdap-role-dynamics365-reader = Dynamics 365 Reader
gdap-role-dynamics365-reader-description = Views Dynamics 365 environments and settings; changes nothing.
gdap-role-powerbi-admin = Power BI Administrator
gdap-role-powerbi-admin-description = Full administration of Power BI: workspaces, capacities and tenant settings.

gdap-status-approval-pending = Waiting for approval
gdap-status-active = Active
gdap-status-expiring = Expiring
gdap-status-expired = Expired
gdap-status-terminated = Terminated
gdap-status-declined = Declined

gdap-activity-requested = Delegated-admin request created
gdap-activity-approved = Delegated-admin request approved
gdap-activity-declined = Delegated-admin request declined
gdap-activity-terminated = Delegated-admin relationship terminated
gdap-activity-role-removed = Delegated-admin role removed
gdap-activity-expiring = Delegated-admin relationship expiring
gdap-activity-expired = Delegated-admin relationship expired
gdap-activity-auto-extended = Delegated-admin relationship extended by 180 days
gdap-activity-request-expired = Delegated-admin request expired unapproved

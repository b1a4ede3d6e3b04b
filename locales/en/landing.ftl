landing-title = Reseller relationships, made simple
landing-lead = Partners invite customers with one reusable link; customers decide which partner administers each of their services.
landing-partner-title = Partner dashboard
landing-partner-body = For partners: copy the invitation email, see your customers and what changed.
landing-partner-action = Open the partner dashboard
landing-admin-title = Admin center
landing-admin-body = For customer administrators: accept an invitation and manage which partners hold delegated administration.
landing-admin-action = Open the admin center

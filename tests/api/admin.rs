//! The customer admin center: following the link, accepting per service,
//! multichannel rules, removal, decline, roles and tenant isolation.

use crate::helpers::*;
use crate::on_both_backends;

const ACTIVE: &str = "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE removed_at IS NULL";

fn active_for(app: &TestApp, partner: &str, service: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM delegated_admin_grants g JOIN partners p ON p.id = g.partner_id \
         WHERE p.name = '{partner}' AND g.service = '{service}' AND g.removed_at IS NULL \
         AND g.tenant_id = (SELECT id FROM tenants WHERE name = 'Tailspin Toys')"
    ))
}

async fn accept(customer: &Browser, link: &str, services: &[&str]) -> Page {
    let token = token_of(link);
    let mut fields = vec![("token", token.as_str()), ("accept_agreement", "yes")];
    fields.extend(services.iter().map(|s| ("services", *s)));
    customer.submit(link, "/admin/partner-invitation", &fields).await
}

on_both_backends! {
    async fn the_seed_flow_works_end_to_end(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let link = invitation_link(&northwind).await;

        let customer = app.browser();
        let page = customer.get(&link).await;
        assert_eq!(page.status, 303);
        assert!(page.location().starts_with("/admin/sign-in?next="));
        let sign_in = customer.get(page.location()).await;
        sign_in.assert_contains("Sign in to review the invitation from Northwind Cloud Partners");
        let token = sign_in.csrf();
        let next = sign_in.input_value("next").unwrap();
        let page = customer
            .post_form("/admin/sign-in", &[("csrf_token", &token), ("email", "admin@tailspin.example"), ("password", PASSWORD), ("next", &next)])
            .await;
        assert_eq!(page.status, 303);
        assert_eq!(app.url(page.location()), link);

        let invitation = customer.get(&link).await;
        assert_eq!(invitation.status, 200);
        invitation.assert_contains("Invitation from Northwind Cloud Partners");
        invitation.assert_contains("https://www.21vbluecloud.com/office365/ResellerAgr/");
        invitation.assert_contains("Accept and authorize");
        invitation.assert_contains("replace Fabrikam Solutions as delegated administrator");
        assert!(invitation.body.contains("name=\"services\" value=\"azure\" checked"), "free services are ticked");
        assert!(!invitation.body.contains("name=\"services\" value=\"office365\" checked"), "another partner's service is not");

        let page = accept(&customer, &link, &["azure", "dynamics365"]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/admin/partner-relationships");
        let relationships = customer.get("/admin/partner-relationships").await;
        relationships.assert_contains("You accepted the invitation from Northwind Cloud Partners");
        relationships.assert_contains("Northwind Cloud Partners");
        relationships.assert_contains("Fabrikam Solutions");
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "azure"), 1);
        assert_eq!(active_for(&app, "Fabrikam Solutions", "office365"), 1, "kept by default");

        let customers = northwind.get("/partner/customers").await;
        customers.assert_contains("Tailspin Toys");
        let activity = northwind.get("/partner/activity").await;
        activity.assert_contains("Invitation accepted");
        activity.assert_contains("Delegated administration granted");

        let by_service = customer.get("/admin/partner-relationships?view=by-service").await;
        by_service.assert_contains("Office 365 operated by 21Vianet");
    }

    async fn accepting_a_held_service_replaces_the_other_partner(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        assert_eq!(accept(&customer, &link, &["office365"]).await.status, 303);
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "office365"), 1);
        assert_eq!(active_for(&app, "Fabrikam Solutions", "office365"), 0);
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        fabrikam.get("/partner/activity").await.assert_contains("Delegated administration given to another partner");
        let relationships = customer.get("/admin/partner-relationships").await;
        relationships.assert_contains("Fabrikam Solutions");
    }

    // A partner that loses several services in one decision is told once,
    // with all of them, however its services interleave with another's; on
    // acceptance and on a delegated-admin approval alike.
    async fn a_partner_replaced_on_several_services_is_told_once(app) {
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        app.execute("INSERT INTO partners (name, customer_count, created_at) VALUES ('Contoso Partners', 1, '2026-01-01 00:00:00')");
        let contoso = app.id_of("partners", "Contoso Partners");
        app.execute(&format!(
            "INSERT INTO partner_users (partner_id, email, display_name, password_hash, role, created_at) \
             SELECT {contoso}, 'admin@contoso.example', 'Cora Diaz', password_hash, 'admin_agent', created_at \
             FROM partner_users WHERE email = 'admin@northwind.example'"
        ));
        app.execute(&format!(
            "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at) VALUES ({contoso}, {tailspin}, '2026-01-01 00:00:00')"
        ));
        // Fabrikam holds Office 365 (demo data) and Dynamics 365, Contoso
        // Azure between them in the catalogue's order.
        for (partner, service) in [(contoso, "azure"), (fabrikam, "dynamics365")] {
            app.execute(&format!(
                "INSERT INTO delegated_admin_grants (partner_id, tenant_id, service, granted_at) \
                 VALUES ({partner}, {tailspin}, '{service}', '2026-01-01 00:00:00')"
            ));
        }
        let replaced = |partner: i64| {
            app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'delegated_admin.replaced' \
                 AND channel = 'email' AND partner_id = {partner}"
            ))
        };
        let naming = |partner: i64, service: &str| {
            app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'delegated_admin.replaced' \
                 AND partner_id = {partner} AND payload LIKE '%\"{service}\"%'"
            ))
        };

        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        assert_eq!(accept(&customer, &link, &["office365", "azure", "dynamics365"]).await.status, 303);
        assert_eq!(replaced(fabrikam), 1, "Fabrikam is told once");
        assert_eq!((naming(fabrikam, "office365"), naming(fabrikam, "dynamics365")), (1, 1), "with both services");
        assert_eq!(naming(fabrikam, "azure"), 0, "and not Contoso's");
        assert_eq!((replaced(contoso), naming(contoso, "azure")), (1, 1));

        // Contoso asks for full administration of the three services
        // Northwind now holds; approving it tells Northwind once.
        let contoso_admin = app.signed_in("admin@contoso.example").await;
        let new = "/partner/delegated-admin-requests/new";
        let created = contoso_admin
            .submit(new, new, &[
                ("display_name", "Full administration"),
                ("duration_days", "90"),
                ("customer_domain", "tailspintoys.partner.onmschina.cn"),
                ("roles", "office365.global_admin"),
                ("roles", "azure.owner"),
                ("roles", "dynamics365.dynamics_admin"),
            ])
            .await;
        assert_eq!(created.status, 303, "{}", created.body);
        let id = created.location().rsplit('/').next().unwrap().to_owned();
        let path = format!("/admin/delegated-admin-requests/{id}");
        let approved = customer
            .submit(&path, &path, &[
                ("roles", "office365.global_admin"),
                ("roles", "azure.owner"),
                ("roles", "dynamics365.dynamics_admin"),
                ("duration_days", "90"),
            ])
            .await;
        assert_eq!(approved.status, 303, "{}", approved.body);
        assert_eq!(active_for(&app, "Contoso Partners", "dynamics365"), 1);
        assert_eq!(replaced(northwind), 1, "Northwind is told once, not once per service");
        for service in ["office365", "azure", "dynamics365"] {
            assert_eq!(naming(northwind, service), 1, "{service}");
        }
    }

    async fn accepting_twice_keeps_a_single_grant(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        assert_eq!(accept(&customer, &link, &["azure"]).await.status, 303);
        let active = app.scalar(ACTIVE);
        assert_eq!(accept(&customer, &link, &["azure"]).await.status, 303);
        assert_eq!(app.scalar(ACTIVE), active);
        assert_eq!(app.count("reseller_relationships"), 4);
        let page = customer.get(&link).await;
        page.assert_contains("Already granted");
    }

    async fn the_agreement_must_be_acknowledged(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        let token = token_of(&link);
        let page = customer.submit(&link, "/admin/partner-invitation", &[("token", &token), ("services", "azure")]).await;
        assert_eq!(page.status, 400);
        page.assert_contains("tick the box");
        assert!(page.body.contains("value=\"azure\" checked"), "the choice is kept");
        assert_eq!(app.count("reseller_relationships"), 3, "nothing changed");
        // Its language links lead back to the invitation, token included
        // (a bare `?lang=` on the form's address lost the token).
        let russian = format!("href=\"/admin/partner-invitation?token={}&#38;lang=ru\"", token);
        page.assert_contains(&russian);
        let again = customer.get(&format!("/admin/partner-invitation?token={token}&lang=ru")).await;
        assert_eq!(again.status, 200);
        // A form's error page leads to the start page instead: the form's
        // own address takes no GET.
        let error = customer.submit(&link, "/admin/partner-relationships/999999/remove-delegated-admin", &[("service", "azure")]).await;
        assert_eq!(error.status, 404);
        error.assert_contains("href=\"/?lang=en\"");
        let _ = customer.get("/admin/partner-relationships?lang=en").await;
    }

    async fn unknown_services_are_a_bad_request(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        let page = accept(&customer, &link, &["azure", "exchange"]).await;
        assert_eq!(page.status, 400);
        assert_eq!(app.count("reseller_relationships"), 3);
    }

    async fn accepting_without_services_creates_only_the_reseller_relationship(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        let active = app.scalar(ACTIVE);
        assert_eq!(accept(&customer, &link, &[]).await.status, 303);
        assert_eq!(app.count("reseller_relationships"), 4);
        assert_eq!(app.scalar(ACTIVE), active);
        customer.get("/admin/partner-relationships").await.assert_contains("without delegated administration");
    }

    async fn a_link_without_delegated_admin_offers_the_relationship_only(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let link = format!("{}&dap=false", invitation_link(&northwind).await);
        let customer = app.signed_in("admin@tailspin.example").await;
        let page = customer.get(&link).await;
        page.assert_contains("does not ask for delegated administration");
        assert!(!page.body.contains("name=\"services\""));
        let token = token_of(&link);
        let page = customer
            .submit(&link, "/admin/partner-invitation", &[("token", &token), ("dap", "false"), ("services", "azure"), ("accept_agreement", "yes")])
            .await;
        assert_eq!(page.status, 303);
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "azure"), 0);
        assert_eq!(app.count("reseller_relationships"), 4);
    }

    async fn removing_delegated_admin_keeps_the_reseller_and_re_accepting_restores(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        accept(&customer, &link, &["azure", "dynamics365", "powerbi"]).await;
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let detail = format!("/admin/partner-relationships/{northwind}");
        let action = format!("{detail}/remove-delegated-admin");

        let confirm = customer.submit(&detail, &action, &[("service", "azure")]).await;
        assert_eq!(confirm.status, 200);
        confirm.assert_contains("remains your reseller");
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "azure"), 1, "nothing before confirmation");
        let page = customer.submit(&detail, &action, &[("service", "azure"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "azure"), 0);
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "powerbi"), 1);
        customer.get(&detail).await.assert_contains("remains your reseller and stays responsible for support");

        customer.submit(&detail, &action, &[("service", "all"), ("confirm", "yes")]).await;
        for service in ["azure", "dynamics365", "powerbi"] {
            assert_eq!(active_for(&app, "Northwind Cloud Partners", service), 0);
        }
        assert_eq!(app.count("reseller_relationships"), 4, "the reseller relationship remains");
        assert_eq!(customer.get(&detail).await.status, 200);

        accept(&customer, &link, &["azure"]).await;
        assert_eq!(active_for(&app, "Northwind Cloud Partners", "azure"), 1, "the same link restores it");
        let page = customer.submit(&detail, &action, &[("service", "exchange"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 400);
    }

    async fn declining_is_recorded_for_the_partner(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let link = invitation_link(&northwind).await;
        let customer = app.signed_in("admin@tailspin.example").await;
        let token = token_of(&link);
        let page = customer.submit(&link, "/admin/partner-invitation/decline", &[("token", &token)]).await;
        assert_eq!(page.status, 303);
        assert_eq!(app.count("reseller_relationships"), 3);
        northwind.get("/partner/activity").await.assert_contains("Invitation declined");
    }

    async fn a_customer_user_can_look_but_not_accept_or_remove(app) {
        let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let user = app.signed_in("user@tailspin.example").await;
        let page = user.get(&link).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Only a global administrator of your organization can accept");
        assert!(!page.body.contains("action=\"/admin/partner-invitation\""));
        let token = token_of(&link);
        let page = user.submit("/admin/partner-relationships", "/admin/partner-invitation", &[("token", &token), ("accept_agreement", "yes"), ("services", "azure")]).await;
        assert_eq!(page.status, 403);
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let page = user
            .submit("/admin/partner-relationships", &format!("/admin/partner-relationships/{fabrikam}/remove-delegated-admin"), &[("service", "all"), ("confirm", "yes")])
            .await;
        assert_eq!(page.status, 403);
        page.assert_contains("Only a global administrator");
        assert_eq!(active_for(&app, "Fabrikam Solutions", "office365"), 1);
        assert_eq!(user.get("/admin/partner-relationships").await.status, 200);
    }

    async fn other_tenants_partners_are_not_found(app) {
        let customer = app.signed_in("admin@tailspin.example").await;
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        assert_eq!(customer.get(&format!("/admin/partner-relationships/{northwind}")).await.status, 404);
        assert_eq!(customer.get("/admin/partner-relationships/999999").await.status, 404);
        assert_eq!(customer.get("/admin/partner-relationships/x").await.status, 404);
        let page = customer
            .submit("/admin/partner-relationships", &format!("/admin/partner-relationships/{northwind}/remove-delegated-admin"), &[("service", "all"), ("confirm", "yes")])
            .await;
        assert_eq!(page.status, 404);
        let wingtip_grants = app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE removed_at IS NULL AND tenant_id = (SELECT id FROM tenants WHERE name = 'Wingtip Toys')");
        assert_eq!(wingtip_grants, 3, "Wingtip's grants untouched");
    }

    async fn bad_tokens_get_the_localized_invalid_link_page(app) {
        let customer = app.signed_in("admin@tailspin.example").await;
        for (path, lang) in [
            ("/admin/partner-invitation", "en"),
            ("/admin/partner-invitation?token=short&lang=ru", "ru"),
            ("/admin/partner-invitation?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&lang=zh-CN", "zh-CN"),
            ("/admin/partner-invitation?token=%FF%FE&lang=en", "en"),
        ] {
            let text = app.text(lang, "error-invitation-title");
            let page = customer.get(path).await;
            assert_eq!(page.status, 404, "{path}");
            assert_eq!(page.html_lang(), lang);
            page.assert_contains(&text);
        }
        // Signed out, a dead link says so at once instead of asking to sign in.
        assert_eq!(app.browser().get("/admin/partner-invitation?token=nope").await.status, 404);
    }

    async fn concurrent_accepts_leave_exactly_one_active_grant(app) {
        let northwind = invitation_link(&app.signed_in("admin@northwind.example").await).await;
        let fabrikam = invitation_link(&app.signed_in("admin@fabrikam.example").await).await;
        let mut customers = Vec::new();
        for _ in 0..4 {
            customers.push(app.signed_in("admin@tailspin.example").await);
        }
        let mut tasks = Vec::new();
        for i in 0..20 {
            let link = if i % 2 == 0 { northwind.clone() } else { fabrikam.clone() };
            let browser = Browser { client: customers[i % 4].client.clone(), address: app.address.clone() };
            let token = browser.get(&link).await.csrf();
            tasks.push(tokio::spawn(async move {
                let t = token_of(&link);
                browser
                    .post_form("/admin/partner-invitation", &[("csrf_token", &token), ("token", &t), ("services", "powerbi"), ("accept_agreement", "yes")])
                    .await
                    .status
                    .as_u16()
            }));
        }
        for task in tasks {
            let status = task.await.unwrap();
            assert!(status == 303 || status == 409, "every accept answers 303 or a clear 409, got {status}");
        }
        let active = app.active_grants("Tailspin Toys", "powerbi");
        assert_eq!(active, 1);
    }
}

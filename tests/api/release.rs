//! A partner's admin agent gives delegated administration back, for one
//! service or all; the reseller relationship stays.

use crate::helpers::*;
use crate::on_both_backends;

/// Northwind's active grants of Wingtip, by service code.
fn northwind_holds(app: &TestApp, service: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM delegated_admin_grants g JOIN partners p ON p.id = g.partner_id \
         JOIN tenants t ON t.id = g.tenant_id WHERE p.name = 'Northwind Cloud Partners' \
         AND t.name = 'Wingtip Toys' AND g.service = '{service}' AND g.removed_at IS NULL"
    ))
}

on_both_backends! {
    async fn the_admin_agent_gives_back_one_service_after_confirming(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get(&format!("/partner/customers/{wingtip}")).await;
        page.assert_contains(&format!("/partner/customers/{wingtip}/release-delegated-admin?service=office365"));

        let path = format!("/partner/customers/{wingtip}/release-delegated-admin");
        let confirm = admin.get(&format!("{path}?service=office365")).await;
        assert_eq!(confirm.status, 200);
        confirm.assert_contains("Give back delegated administration?");
        confirm.assert_contains("billing, subscriptions and Partner of Record do not change");
        assert_eq!(northwind_holds(&app, "office365"), 1, "the confirmation page changes nothing");

        // Without confirm=yes the POST only shows the confirmation again.
        let page = admin.submit(&format!("{path}?service=office365"), &path, &[("service", "office365")]).await;
        assert_eq!(page.status, 200);
        assert_eq!(northwind_holds(&app, "office365"), 1);

        let page = admin.submit(&format!("{path}?service=office365"), &path, &[("service", "office365"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), format!("/partner/customers/{wingtip}"));
        assert_eq!(northwind_holds(&app, "office365"), 0);
        assert_eq!(northwind_holds(&app, "dynamics365"), 1, "other services stay");
        assert_eq!(
            app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE service = 'office365' AND removed_at IS NOT NULL AND removed_by IS NULL"),
            1,
            "given back by the partner: no customer user removed it"
        );
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'dap_released'"), 1);

        let page = admin.get(&format!("/partner/customers/{wingtip}")).await;
        page.assert_contains("You gave back delegated administration for Wingtip Toys.");
        page.assert_contains("Given back");
        page.assert_contains("gave delegated administration back on");
        assert!(!page.body.contains("Removed by the customer"), "{}", page.body);
        // Still the customer's reseller.
        admin.get("/partner/customers").await.assert_contains("Wingtip Toys");
        admin.get("/partner/activity").await.assert_contains("Delegated administration given back by the partner");

        // The customer sees nobody administering Office 365 and the event.
        let customer = app.signed_in("admin@wingtip.example").await;
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let page = customer.get(&format!("/admin/partner-relationships/{northwind}")).await;
        page.assert_contains("Delegated administration given back by the partner");
    }

    async fn giving_back_all_ends_every_grant_and_says_when_nothing_is_held(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let path = format!("/partner/customers/{wingtip}/release-delegated-admin");
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get(&format!("{path}?service=all")).await;
        page.assert_contains("Delegated administration ends for:");
        let page = admin.submit(&format!("{path}?service=all"), &path, &[("service", "all"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        for service in ["office365", "dynamics365", "powerbi"] {
            assert_eq!(northwind_holds(&app, service), 0, "{service}");
        }
        let page = admin.get(&format!("{path}?service=all")).await;
        assert_eq!(page.status, 200);
        page.assert_contains("there is nothing to give back");
        assert!(!page.body.contains("name=\"confirm\""), "no confirm button when nothing is held");
        // A repeated POST changes nothing and says so.
        let page = admin.submit(&format!("/partner/customers/{wingtip}"), &path, &[("service", "all"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        admin.get(&format!("/partner/customers/{wingtip}")).await.assert_contains("Nothing changed");
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'dap_released'"), 3);
    }

    async fn only_admin_agents_give_back_and_only_their_own_customers(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        for email in ["sales@northwind.example", "helpdesk@northwind.example"] {
            let agent = app.signed_in(email).await;
            let page = agent.get(&format!("/partner/customers/{wingtip}/release-delegated-admin?service=all")).await;
            assert_eq!(page.status, 403, "{email}");
            assert!(!agent.get(&format!("/partner/customers/{wingtip}")).await.body.contains("release-delegated-admin"), "{email} sees no link");
        }
        let admin = app.signed_in("admin@northwind.example").await;
        let path = format!("/partner/customers/{tailspin}/release-delegated-admin");
        assert_eq!(admin.get(&format!("{path}?service=all")).await.status, 404);
        let page = admin.submit("/partner/customers", &path, &[("service", "all"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 404, "another partner's customer");
        assert_eq!(app.active_grants("Tailspin Toys", "office365"), 1, "Fabrikam keeps Tailspin's Office 365");
    }

    async fn a_bad_service_gets_a_localized_400_in_every_language(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let admin = app.signed_in("admin@northwind.example").await;
        for (lang, text) in [("en", "not one this site knows"), ("ru", "неизвестна"), ("zh-CN", "无法识别")] {
            let page = admin.get(&format!("/partner/customers/{wingtip}/release-delegated-admin?service=exchange&lang={lang}")).await;
            assert_eq!(page.status, 400, "{lang}");
            assert_eq!(page.html_lang(), lang);
            page.assert_contains(text);
        }
        let path = format!("/partner/customers/{wingtip}/release-delegated-admin");
        let page = admin.submit(&format!("/partner/customers/{wingtip}"), &path, &[("service", ""), ("confirm", "yes")]).await;
        assert_eq!(page.status, 400);
        assert_eq!(northwind_holds(&app, "office365"), 1, "nothing changed");
    }

    async fn the_pages_read_in_russian_and_chinese(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get(&format!("/partner/customers/{wingtip}/release-delegated-admin?service=office365&lang=ru")).await;
        page.assert_contains("Отказаться от делегированного администрирования?");
        let page = admin.get(&format!("/partner/customers/{wingtip}/release-delegated-admin?service=office365&lang=zh-CN")).await;
        page.assert_contains("要交还委派管理员权限吗？");
    }
}

//! Partner of Record changes only with the customer's consent: a partner
//! asks, the customer approves or declines, or the customer chooses. A
//! partner never reads another partner's name.

use crate::helpers::*;
use crate::on_both_backends;

const REQUESTS: &str = "/admin/partner-of-record-requests";

/// The id of `tenant`'s subscription of `service` (one per service in the demo).
fn subscription(app: &TestApp, tenant: &str, service: &str) -> i64 {
    app.scalar(&format!(
        "SELECT s.id AS n FROM subscriptions s JOIN tenants t ON t.id = s.tenant_id \
         WHERE t.name = '{tenant}' AND s.service = '{service}'"
    ))
}

fn por_of(app: &TestApp, subscription: i64) -> i64 {
    app.scalar(&format!("SELECT partner_of_record_id AS n FROM subscriptions WHERE id = {subscription}"))
}

fn events(app: &TestApp, action: &str, partner: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}' \
         AND partner_id = (SELECT id FROM partners WHERE name = '{partner}')"
    ))
}

fn requests_with(app: &TestApp, status: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS n FROM partner_of_record_requests WHERE status = '{status}'"))
}

/// The newest request's id.
fn last_request(app: &TestApp) -> i64 {
    app.scalar("SELECT MAX(id) AS n FROM partner_of_record_requests")
}

fn request_path(tenant: i64, subscription: i64) -> String {
    format!("/partner/customers/{tenant}/subscriptions/{subscription}/request-partner-of-record")
}

/// `partner` asks to become Partner of Record of `tenant`'s subscription.
async fn ask(partner: &Browser, tenant: i64, subscription: i64) -> Page {
    partner.submit("/partner/customers", &request_path(tenant, subscription), &[]).await
}

async fn decide(customer: &Browser, request: i64, decision: &str) -> Page {
    let id = request.to_string();
    customer.submit(REQUESTS, REQUESTS, &[("request_id", &id), ("decision", decision)]).await
}

async fn choose(customer: &Browser, subscription: i64, partner: &str) -> Page {
    let path = format!("/admin/subscriptions/{subscription}/partner-of-record");
    customer.submit("/admin/partner-relationships", &path, &[("partner_id", partner)]).await
}

/// Runs a statement directly; false when the database refuses it.
fn try_execute(app: &TestApp, sql: &str) -> bool {
    use diesel::prelude::*;
    match app.db.url.strip_prefix("sqlite://") {
        Some(path) => diesel::sql_query(sql).execute(&mut SqliteConnection::establish(path).unwrap()).is_ok(),
        None => diesel::sql_query(sql).execute(&mut PgConnection::establish(&app.db.url).unwrap()).is_ok(),
    }
}

on_both_backends! {
    async fn the_partners_one_post_change_is_gone(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let ours = subscription(&app, "Wingtip Toys", "office365");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions").to_string();
        let detail = format!("/partner/customers/{wingtip}");
        let page = admin
            .submit(&detail, &format!("{detail}/subscriptions/{ours}/change-partner-of-record"), &[("partner_id", &fabrikam)])
            .await;
        assert_eq!(page.status, 404);
        assert_eq!(por_of(&app, ours), northwind, "nothing changed");
        let page = admin.get(&detail).await;
        assert!(!page.body.contains("change-partner-of-record"), "no form left");
        assert!(!page.body.contains("name=\"partner_id\""));
    }

    async fn a_partner_asks_and_the_customer_approves(app) {
        let sales = app.signed_in("sales@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let detail = format!("/partner/customers/{wingtip}");
        assert!(sales.get(&detail).await.body.contains(&request_path(wingtip, powerbi)), "the button is offered");

        let page = ask(&sales, wingtip, powerbi).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(page.location(), detail);
        let page = sales.get(&detail).await;
        page.assert_contains("Your request to become Partner of Record was sent");
        page.assert_contains("Request pending since");
        assert!(!page.body.contains(&request_path(wingtip, powerbi)), "no second button");
        let page = ask(&sales, wingtip, powerbi).await;
        assert_eq!(page.status, 303, "asking again is harmless");
        sales.get(&detail).await.assert_contains("is already pending");
        assert_eq!(requests_with(&app, "pending"), 1);
        assert_eq!(events(&app, "por_requested", "Northwind Cloud Partners"), 1);

        let customer = app.signed_in("admin@wingtip.example").await;
        let relationships = customer.get("/admin/partner-relationships").await;
        relationships.assert_contains("1 Partner of Record request is waiting for your decision");
        let page = customer.get(REQUESTS).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Power BI Pro");
        page.assert_contains("Fabrikam Solutions");
        page.assert_contains("Northwind Cloud Partners");
        let request = last_request(&app);
        let page = decide(&customer, request, "approve").await;
        assert_eq!(page.status, 303, "{}", page.body);
        customer.get(REQUESTS).await.assert_contains("Northwind Cloud Partners is now the Partner of Record of Power BI Pro");
        assert_eq!(por_of(&app, powerbi), northwind);
        assert_eq!(requests_with(&app, "approved"), 1);
        assert_eq!(events(&app, "por_request_approved", "Northwind Cloud Partners"), 1);
        assert_eq!(events(&app, "por_moved_away", "Fabrikam Solutions"), 1);

        // Deciding twice changes nothing.
        for decision in ["decline", "approve"] {
            let page = decide(&customer, request, decision).await;
            assert_eq!(page.status, 409, "{decision}");
            page.assert_contains("This request was already approved or declined");
        }
        assert_eq!(por_of(&app, powerbi), northwind);
        assert_eq!(requests_with(&app, "approved"), 1);

        // The Partner of Record cannot ask again.
        let page = ask(&sales, wingtip, powerbi).await;
        assert_eq!(page.status, 409);
        page.assert_contains("You already are the Partner of Record of this subscription");
        sales.get(&format!("{detail}?lang=ru")).await;
        let page = ask(&sales, wingtip, powerbi).await;
        assert_eq!(page.status, 409);
        page.assert_contains("Вы уже являетесь партнером записи этой подписки");

        let admin = app.signed_in("admin@northwind.example").await;
        admin.get("/partner/activity").await.assert_contains("Request to become Partner of Record approved");
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        let page = fabrikam.get("/partner/activity").await;
        page.assert_contains("Partner of Record moved to another partner");
        assert!(!page.body.contains("Northwind"), "the other partner is not named");
        let page = fabrikam.get(&detail).await;
        assert!(!page.body.contains("Northwind"), "the other partner is not named");
        page.assert_contains("Another partner");
    }

    async fn a_declined_request_leaves_the_partner_of_record(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        assert_eq!(ask(&admin, wingtip, powerbi).await.status, 303);
        let customer = app.signed_in("admin@wingtip.example").await;
        let page = decide(&customer, last_request(&app), "decline").await;
        assert_eq!(page.status, 303);
        assert_eq!(por_of(&app, powerbi), fabrikam);
        assert_eq!(requests_with(&app, "declined"), 1);
        assert_eq!(requests_with(&app, "pending"), 0);
        assert_eq!(events(&app, "por_request_declined", "Northwind Cloud Partners"), 1);
        let page = customer.get(REQUESTS).await;
        page.assert_contains("The request of Northwind Cloud Partners for Power BI Pro was declined");
        page.assert_contains("No request is waiting for a decision");
        let page = admin.get(&format!("/partner/customers/{wingtip}")).await;
        assert!(page.body.contains(&request_path(wingtip, powerbi)), "it may ask again");
        admin.get("/partner/activity").await.assert_contains("Request to become Partner of Record declined");
        let page = decide(&customer, last_request(&app), "maybe").await;
        assert_eq!(page.status, 400);
        let page = customer.submit(REQUESTS, REQUESTS, &[("request_id", "x"), ("decision", "approve")]).await;
        assert_eq!(page.status, 400);
    }

    async fn the_customer_chooses_the_partner_of_record(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        assert_eq!(ask(&admin, wingtip, powerbi).await.status, 303);

        let customer = app.signed_in("admin@wingtip.example").await;
        let page = customer.get("/admin/partner-relationships").await;
        page.assert_contains(&format!("href=\"/admin/subscriptions/{powerbi}/partner-of-record\""));
        page.assert_contains("Change Partner of Record");
        let path = format!("/admin/subscriptions/{powerbi}/partner-of-record");
        let page = customer.get(&path).await;
        assert_eq!(page.status, 200);
        page.assert_contains(&format!("value=\"{northwind}\""));
        page.assert_contains(&format!("value=\"{fabrikam}\" checked"));
        page.assert_contains("1 request pending");

        let page = choose(&customer, powerbi, &northwind.to_string()).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(por_of(&app, powerbi), northwind);
        assert_eq!(requests_with(&app, "approved"), 1, "the chosen partner's request is answered");
        assert_eq!(requests_with(&app, "pending"), 0);
        assert_eq!(events(&app, "por_granted", "Northwind Cloud Partners"), 1);
        assert_eq!(events(&app, "por_moved_away", "Fabrikam Solutions"), 1);
        customer.get("/admin/partner-relationships").await.assert_contains("Northwind Cloud Partners is now the Partner of Record of Power BI Pro");
        admin.get("/partner/activity").await.assert_contains("Made Partner of Record by the customer");

        // Choosing the same partner again changes nothing.
        assert_eq!(choose(&customer, powerbi, &northwind.to_string()).await.status, 303);
        assert_eq!(events(&app, "por_granted", "Northwind Cloud Partners"), 1);

        // Only partners of the customer can be chosen.
        let tailspin_customer = app.signed_in("admin@tailspin.example").await;
        let tailspin_o365 = subscription(&app, "Tailspin Toys", "office365");
        let page = choose(&tailspin_customer, tailspin_o365, &northwind.to_string()).await;
        assert_eq!(page.status, 422);
        page.assert_contains("only a partner with a reseller relationship with your organization can be Partner of Record");
        assert_eq!(por_of(&app, tailspin_o365), fabrikam);
        let page = choose(&tailspin_customer, tailspin_o365, "999999").await;
        assert_eq!(page.status, 422);
        let page = choose(&tailspin_customer, tailspin_o365, "").await;
        assert_eq!(page.status, 400);
        assert_eq!(por_of(&app, tailspin_o365), fabrikam);
    }

    async fn competing_requests_are_declined_when_one_is_approved(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        app.execute("INSERT INTO partners (name, customer_count, created_at) VALUES ('Contoso Partners', 1, '2026-01-01 00:00:00')");
        let contoso = app.id_of("partners", "Contoso Partners");
        app.execute(&format!(
            "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at) VALUES ({contoso}, {wingtip}, '2026-01-01 00:00:00')"
        ));
        app.execute(&format!(
            "INSERT INTO partner_of_record_requests (subscription_id, tenant_id, partner_id, requested_at, status) \
             VALUES ({powerbi}, {wingtip}, {contoso}, '2026-01-02 00:00:00', 'pending')"
        ));
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(ask(&admin, wingtip, powerbi).await.status, 303);
        let customer = app.signed_in("admin@wingtip.example").await;
        assert_eq!(decide(&customer, last_request(&app), "approve").await.status, 303);
        assert_eq!(por_of(&app, powerbi), app.id_of("partners", "Northwind Cloud Partners"));
        assert_eq!(requests_with(&app, "pending"), 0);
        assert_eq!(requests_with(&app, "declined"), 1, "the competing request is answered");
        assert_eq!(events(&app, "por_request_declined", "Contoso Partners"), 1);
        // The database keeps one pending request per (subscription, partner).
        let pending = format!(
            "INSERT INTO partner_of_record_requests (subscription_id, tenant_id, partner_id, requested_at, status) \
             VALUES ({powerbi}, {wingtip}, {contoso}, '2026-01-03 00:00:00', 'pending')"
        );
        assert!(try_execute(&app, &pending), "a new request after the answer");
        assert!(!try_execute(&app, &pending), "a second pending request is refused");
    }

    async fn a_requester_without_a_relationship_cannot_be_approved(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        assert_eq!(ask(&admin, wingtip, powerbi).await.status, 303);
        // The relationship ends (as part two's lifecycle will allow).
        app.execute("DELETE FROM delegated_admin_grants WHERE partner_id = (SELECT id FROM partners WHERE name = 'Northwind Cloud Partners')");
        app.execute("DELETE FROM reseller_relationships WHERE partner_id = (SELECT id FROM partners WHERE name = 'Northwind Cloud Partners')");
        let customer = app.signed_in("admin@wingtip.example").await;
        let page = decide(&customer, last_request(&app), "approve").await;
        assert_eq!(page.status, 409);
        page.assert_contains("no longer has a reseller relationship");
        assert_eq!(por_of(&app, powerbi), fabrikam);
        assert_eq!(requests_with(&app, "pending"), 1);
    }

    async fn customer_users_read_but_cannot_decide(app) {
        northwind_joins_tailspin(&app).await;
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let o365 = subscription(&app, "Tailspin Toys", "office365");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(ask(&admin, tailspin, o365).await.status, 303);
        let request = last_request(&app).to_string();

        let user = app.signed_in("user@tailspin.example").await;
        let page = user.get(REQUESTS).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Northwind Cloud Partners");
        page.assert_contains("Only a global administrator of your organization can change the Partner of Record");
        assert!(!page.body.contains("name=\"decision\""), "no buttons");
        let path = format!("/admin/subscriptions/{o365}/partner-of-record");
        let page = user.get(&path).await;
        assert_eq!(page.status, 200);
        page.assert_contains(" disabled");
        assert!(!page.body.contains(&format!("action=\"{path}\"")));
        let page = user.get("/admin/partner-relationships").await;
        page.assert_contains("View Partner of Record");

        let page = user.submit(REQUESTS, REQUESTS, &[("request_id", &request), ("decision", "approve")]).await;
        assert_eq!(page.status, 403);
        let page = user.submit(&path, &path, &[("partner_id", "1")]).await;
        assert_eq!(page.status, 403);
        assert_eq!(por_of(&app, o365), fabrikam);
        assert_eq!(requests_with(&app, "pending"), 1);
    }

    async fn helpdesk_agents_cannot_ask(app) {
        let helpdesk = app.signed_in("helpdesk@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let page = helpdesk.get(&format!("/partner/customers/{wingtip}")).await;
        assert!(!page.body.contains(&request_path(wingtip, powerbi)), "no button for helpdesk");
        let page = ask(&helpdesk, wingtip, powerbi).await;
        assert_eq!(page.status, 403);
        assert_eq!(app.count("partner_of_record_requests"), 0);
    }

    async fn other_tenants_and_unknown_ids_are_not_found(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let tailspin_o365 = subscription(&app, "Tailspin Toys", "office365");
        // Not Northwind's customer; another customer's subscription; unknown.
        assert_eq!(ask(&admin, tailspin, tailspin_o365).await.status, 404);
        assert_eq!(ask(&admin, wingtip, tailspin_o365).await.status, 404);
        assert_eq!(ask(&admin, wingtip, 999_999).await.status, 404);
        assert_eq!(app.count("partner_of_record_requests"), 0);

        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        assert_eq!(ask(&fabrikam, wingtip, subscription(&app, "Wingtip Toys", "office365")).await.status, 303);
        let wingtip_request = last_request(&app);

        let tailspin_admin = app.signed_in("admin@tailspin.example").await;
        let wingtip_powerbi = subscription(&app, "Wingtip Toys", "powerbi");
        let path = format!("/admin/subscriptions/{wingtip_powerbi}/partner-of-record");
        assert_eq!(tailspin_admin.get(&path).await.status, 404);
        let fabrikam_id = app.id_of("partners", "Fabrikam Solutions").to_string();
        assert_eq!(choose(&tailspin_admin, wingtip_powerbi, &fabrikam_id).await.status, 404);
        assert_eq!(choose(&tailspin_admin, wingtip_powerbi, "").await.status, 404, "404 before the form is read");
        assert_eq!(tailspin_admin.get("/admin/subscriptions/999999/partner-of-record").await.status, 404);
        for decision in ["approve", "decline"] {
            assert_eq!(decide(&tailspin_admin, wingtip_request, decision).await.status, 404, "{decision}");
            assert_eq!(decide(&tailspin_admin, 999_999, decision).await.status, 404, "{decision}");
        }
        assert_eq!(requests_with(&app, "pending"), 1);
        tailspin_admin.get(REQUESTS).await.assert_contains("No request is waiting for a decision");
    }

    async fn a_partner_never_reads_another_partners_name(app) {
        northwind_joins_tailspin(&app).await;
        let admin = app.signed_in("admin@northwind.example").await;
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        assert_eq!(ask(&admin, tailspin, subscription(&app, "Tailspin Toys", "azure")).await.status, 303);
        let customer = app.signed_in("admin@tailspin.example").await;
        assert_eq!(decide(&customer, last_request(&app), "decline").await.status, 303);
        for lang in ["en", "ru", "zh-CN"] {
            for path in [
                format!("/partner/customers/{tailspin}?lang={lang}"),
                format!("/partner/customers/{wingtip}?lang={lang}"),
                format!("/partner/customers?lang={lang}"),
                format!("/partner/activity?lang={lang}"),
            ] {
                let page = admin.get(&path).await;
                assert_eq!(page.status, 200, "{path}");
                assert!(!page.body.contains("Fabrikam"), "{path} names another partner:\n{}", page.body);
            }
            let page = admin.get(&format!("/partner/customers/{tailspin}?lang={lang}")).await;
            page.assert_contains(&app.text(lang, "por-another-partner"));
        }
        // Customers see every partner's name.
        customer.get("/admin/partner-relationships").await.assert_contains("Fabrikam Solutions");
    }
}

//! Authorization matrix: every route of the router × every kind of principal,
//! each with the exact status it must answer. A route added to
//! `routes::table()` without a case here fails the test.

use std::collections::HashSet;

use actix_web::http::Method;

use crate::helpers::*;
use crate::on_both_backends;

/// `(label, email)`, in the order of every case's `expect`; `None` is an
/// anonymous visitor.
const PRINCIPALS: [(&str, Option<&str>); 8] = [
    ("anonymous", None),
    ("partner admin agent", Some("admin@northwind.example")),
    ("partner sales agent", Some("sales@northwind.example")),
    ("partner helpdesk agent", Some("helpdesk@northwind.example")),
    ("other partner", Some("admin@fabrikam.example")),
    ("customer global admin", Some("admin@tailspin.example")),
    ("customer user", Some("user@tailspin.example")),
    ("other tenant", Some("admin@wingtip.example")),
];

/// A redirect to the partner's or the customer's sign-in page.
const P: u16 = 1303;
const A: u16 = 2303;

/// One request and what each principal gets.
struct Case {
    method: Method,
    /// The route's pattern in `routes::table()`.
    pattern: &'static str,
    path: String,
    form: Vec<(&'static str, String)>,
    expect: [u16; 8],
}

fn get(pattern: &'static str, path: impl Into<String>, expect: [u16; 8]) -> Case {
    Case { method: Method::GET, pattern, path: path.into(), form: Vec::new(), expect }
}

fn post(pattern: &'static str, path: impl Into<String>, form: &[(&'static str, &str)], expect: [u16; 8]) -> Case {
    let form = form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    Case { method: Method::POST, pattern, path: path.into(), form, expect }
}

on_both_backends! {
    async fn every_route_answers_every_principal_exactly_as_expected(app) {
        check_every_case(app).await
    }
}

async fn check_every_case(app: TestApp) {
    // Wingtip is a customer of both partners, Tailspin of Fabrikam only;
    // Northwind is a partner of Wingtip only.
    let wingtip = app.id_of("tenants", "Wingtip Toys").to_string();
    let tailspin = app.id_of("tenants", "Tailspin Toys").to_string();
    let fabrikam = app.id_of("partners", "Fabrikam Solutions").to_string();
    let northwind = app.id_of("partners", "Northwind Cloud Partners").to_string();
    let subscription_of = |tenant: &str, partner: &str| {
        app.scalar(&format!(
            "SELECT MIN(s.id) AS n FROM subscriptions s JOIN tenants t ON t.id = s.tenant_id \
             JOIN partners p ON p.id = s.partner_of_record_id WHERE t.name = '{tenant}' AND p.name = '{partner}'"
        ))
        .to_string()
    };
    let ours = subscription_of("Wingtip Toys", "Northwind Cloud Partners");
    let theirs = subscription_of("Wingtip Toys", "Fabrikam Solutions");
    let tailspins = subscription_of("Tailspin Toys", "Fabrikam Solutions");
    let token = {
        let admin = app.signed_in("admin@northwind.example").await;
        token_of(&invitation_link(&admin).await)
    };
    let invitation = format!("/admin/partner-invitation?token={token}");
    let sub = "/partner/customers/{id}/subscriptions/{subscription_id}";
    // A webhook endpoint of each partner, and a message to Northwind's.
    let endpoint_of = |partner: &str| {
        app.execute(&format!(
            "INSERT INTO webhook_endpoints (partner_id, url, secret, created_at, created_by) \
             VALUES ({partner}, 'https://127.0.0.1:9/matrix', 'whsec_AAAA', CURRENT_TIMESTAMP, 'matrix')"
        ));
        app.scalar(&format!("SELECT MAX(id) AS n FROM webhook_endpoints WHERE partner_id = {partner}")).to_string()
    };
    let hook = endpoint_of(&northwind);
    let fabrikam_hook = endpoint_of(&fabrikam);
    app.execute(&format!(
        "INSERT INTO outbox_messages (message_id, channel, event_type, partner_id, recipient, webhook_endpoint_id, \
         lang, payload, status, created_at, next_attempt_at) VALUES ('msg_matrix', 'webhook', 'relationship.accepted', \
         {northwind}, 'x', {hook}, '', '{{}}', 'failed', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    ));
    let hooks = "/partner/settings/webhooks";
    // Delegated-admin requests: two of Northwind's (one to decline), one of Fabrikam's.
    let request_of = |email: &'static str, name: &'static str| {
        let app = &app;
        async move {
            let partner = app.signed_in(email).await;
            let new = "/partner/delegated-admin-requests/new";
            let page = partner
                .submit(new, new, &[("display_name", name), ("duration_days", "30"), ("roles", "azure.reader")])
                .await;
            assert_eq!(page.status, 303, "{}", page.body);
            page.location().rsplit('/').next().unwrap().to_owned()
        }
    };
    let gdap = request_of("admin@northwind.example", "Matrix").await;
    let gdap_declined = request_of("admin@northwind.example", "Matrix decline").await;
    let fabrikam_gdap = request_of("admin@fabrikam.example", "Matrix Fabrikam").await;
    let gdaps = "/partner/delegated-admin-requests";
    // An API key of each partner (the page issues real ones; the matrix only needs rows).
    let key_of = |partner: &str, name: &str| {
        app.execute(&format!(
            "INSERT INTO api_keys (partner_id, name, scope, secret_digest, hint, created_at, created_by) \
             VALUES ({partner}, '{name}', 'read', 'digest-{name}', 'plk_matrix', CURRENT_TIMESTAMP, 'matrix')"
        ));
        app.scalar(&format!("SELECT MAX(id) AS n FROM api_keys WHERE partner_id = {partner}")).to_string()
    };
    let northwind_key = key_of(&northwind, "northwind");
    let fabrikam_key = key_of(&fabrikam, "fabrikam");
    let keys = "/partner/settings/api-keys";
    let customer_gdap = format!("/admin/delegated-admin-requests/{gdap}");

    // Non-mutating cases first; the ones that change data come last, in an
    // order where each change leaves the later expectations true.
    let cases = vec![
        get("/", "/", [200; 8]),
        get("/healthz", "/healthz", [200; 8]),
        get("/readyz", "/readyz", [200; 8]),
        get("/bench/fortunes", "/bench/fortunes", [404; 8]),
        get("/static/{name}", "/static/app.css", [200; 8]),
        get("/partner/sign-in", "/partner/sign-in", [200; 8]),
        get("/admin/sign-in", "/admin/sign-in", [200; 8]),
        get("/partner/customers", "/partner/customers", [P, 200, 200, 200, 200, P, P, P]),
        get(
            "/partner/customers/request-relationship",
            "/partner/customers/request-relationship",
            [P, 200, 200, 403, 200, P, P, P],
        ),
        get(
            "/partner/customers/request-relationship/rotate",
            "/partner/customers/request-relationship/rotate",
            [P, 200, 403, 403, 200, P, P, P],
        ),
        get("/partner/customers/{id}", format!("/partner/customers/{wingtip}"), [P, 200, 200, 200, 200, P, P, P]),
        get("/partner/customers/{id}", format!("/partner/customers/{tailspin}"), [P, 404, 404, 404, 200, P, P, P]),
        get("/partner/activity", "/partner/activity", [P, 200, 200, 200, 200, P, P, P]),
        get("/partner/activity.csv", "/partner/activity.csv", [P, 200, 200, 200, 200, P, P, P]),
        get("/partner/activity", format!("/partner/activity?customer={wingtip}"), [P, 200, 200, 200, 200, P, P, P]),
        get("/partner/activity", format!("/partner/activity?customer={tailspin}"), [P, 404, 404, 404, 200, P, P, P]),
        get(
            "/partner/activity.csv",
            format!("/partner/activity.csv?customer={tailspin}"),
            [P, 404, 404, 404, 200, P, P, P],
        ),
        get("/partner/activity", "/partner/activity?from=2026-13-45", [P, 400, 400, 400, 400, P, P, P]),
        // Webhooks: admin agents only, each partner its own endpoints.
        get(hooks, hooks, [P, 200, 403, 403, 200, P, P, P]),
        get("/partner/settings/webhooks/{id}", format!("{hooks}/{hook}"), [P, 200, 403, 403, 404, P, P, P]),
        get("/partner/settings/webhooks/{id}", format!("{hooks}/{fabrikam_hook}"), [P, 404, 403, 403, 200, P, P, P]),
        get("/partner/settings/webhooks/{id}", format!("{hooks}/999999"), [P, 404, 403, 403, 404, P, P, P]),
        // Refused URL: the form again, 422.
        post(hooks, hooks, &[("url", "not a url")], [P, 422, 403, 403, 422, P, P, P]),
        // Without `confirm=yes`: the confirmation pages.
        post(
            "/partner/settings/webhooks/{id}/rotate",
            format!("{hooks}/{hook}/rotate"),
            &[],
            [P, 200, 403, 403, 404, P, P, P],
        ),
        post(
            "/partner/settings/webhooks/{id}/delete",
            format!("{hooks}/{hook}/delete"),
            &[],
            [P, 200, 403, 403, 404, P, P, P],
        ),
        // Repeatable: the message is due again.
        post(
            "/partner/settings/webhooks/{id}/messages/{message_id}/redeliver",
            format!("{hooks}/{hook}/messages/msg_matrix/redeliver"),
            &[],
            [P, 303, 403, 403, 404, P, P, P],
        ),
        post(
            "/partner/settings/webhooks/{id}/messages/{message_id}/redeliver",
            format!("{hooks}/{fabrikam_hook}/messages/msg_matrix/redeliver"),
            &[],
            [P, 404, 403, 403, 404, P, P, P],
        ),
        // API keys: admin agents only, each partner its own.
        get(keys, keys, [P, 200, 403, 403, 200, P, P, P]),
        post(keys, keys, &[("name", "matrix"), ("scope", "read")], [P, 303, 403, 403, 303, P, P, P]),
        post(keys, keys, &[("name", "matrix"), ("scope", "admin")], [P, 422, 403, 403, 422, P, P, P]),
        post(
            "/partner/settings/api-keys/{id}/revoke",
            format!("{keys}/999999/revoke"),
            &[],
            [P, 404, 403, 403, 404, P, P, P],
        ),
        post(
            "/partner/settings/api-keys/{id}/revoke",
            format!("{keys}/{fabrikam_key}/revoke"),
            &[],
            [P, 404, 403, 403, 303, P, P, P],
        ),
        post(
            "/partner/settings/api-keys/{id}/revoke",
            format!("{keys}/{northwind_key}/revoke"),
            &[],
            [P, 303, 403, 403, 404, P, P, P],
        ),
        // Delegated-admin requests: the partner's admin agents, each partner its own.
        get(gdaps, gdaps, [P, 200, 403, 403, 200, P, P, P]),
        get("/partner/delegated-admin-requests/new", format!("{gdaps}/new"), [P, 200, 403, 403, 200, P, P, P]),
        post(
            "/partner/delegated-admin-requests/new",
            format!("{gdaps}/new"),
            &[("display_name", "x"), ("duration_days", "0"), ("roles", "azure.reader")],
            [P, 422, 403, 403, 422, P, P, P],
        ),
        get("/partner/delegated-admin-requests/{id}", format!("{gdaps}/{gdap}"), [P, 200, 403, 403, 404, P, P, P]),
        get(
            "/partner/delegated-admin-requests/{id}",
            format!("{gdaps}/{fabrikam_gdap}"),
            [P, 404, 403, 403, 200, P, P, P],
        ),
        get("/partner/delegated-admin-requests/{id}", format!("{gdaps}/nope"), [P, 404, 403, 403, 404, P, P, P]),
        // Without `confirm=yes`: the confirmation page.
        post(
            "/partner/delegated-admin-requests/{id}/terminate",
            format!("{gdaps}/{gdap}/terminate"),
            &[],
            [P, 200, 403, 403, 404, P, P, P],
        ),
        // Nothing approved yet: nothing to extend.
        post(
            "/partner/delegated-admin-requests/{id}/extend",
            format!("{gdaps}/{gdap}/extend"),
            &[],
            [P, 409, 403, 403, 404, P, P, P],
        ),
        // The link: any customer may look at an open request; global admins decide.
        get("/admin/delegated-admin-requests/{id}", customer_gdap.clone(), [A, A, A, A, A, 200, 200, 200]),
        get(
            "/admin/delegated-admin-requests/{id}",
            "/admin/delegated-admin-requests/nope",
            [A, A, A, A, A, 404, 404, 404],
        ),
        post(
            "/admin/delegated-admin-requests/{id}",
            customer_gdap.clone(),
            &[("roles", "office365.helpdesk_admin")],
            [A, A, A, A, A, 422, 403, 422],
        ),
        post(
            "/admin/delegated-admin-requests/{id}/roles/{role_key}/remove",
            format!("{customer_gdap}/roles/azure.reader/remove"),
            &[],
            [A, A, A, A, A, 409, 403, 409],
        ),
        post(
            "/admin/delegated-admin-requests/{id}/terminate",
            format!("{customer_gdap}/terminate"),
            &[],
            [A, A, A, A, A, 409, 403, 409],
        ),
        get("/admin/activity", "/admin/activity", [A, A, A, A, A, 200, 200, 200]),
        // Mails go to partner admin agents and customer global admins only.
        get("/partner/settings/notifications", "/partner/settings/notifications", [P, 200, 403, 403, 200, P, P, P]),
        get("/admin/settings/notifications", "/admin/settings/notifications", [A, A, A, A, A, 200, 403, 200]),
        post(
            "/partner/settings/notifications",
            "/partner/settings/notifications",
            &[("kinds", "customer_accepted")],
            [P, 303, 403, 403, 303, P, P, P],
        ),
        post(
            "/partner/settings/notifications",
            "/partner/settings/notifications",
            &[("kinds", "access_released")],
            [P, 400, 403, 403, 400, P, P, P],
        ),
        post(
            "/admin/settings/notifications",
            "/admin/settings/notifications",
            &[("kinds", "access_released")],
            [A, A, A, A, A, 303, 403, 303],
        ),
        get("/admin/activity.csv", "/admin/activity.csv", [A, A, A, A, A, 200, 200, 200]),
        get("/admin/activity", format!("/admin/activity?partner={fabrikam}"), [A, A, A, A, A, 200, 200, 200]),
        get("/admin/activity", format!("/admin/activity?partner={northwind}"), [A, A, A, A, A, 404, 404, 200]),
        get("/admin/activity.csv", format!("/admin/activity.csv?partner={northwind}"), [A, A, A, A, A, 404, 404, 200]),
        get("/admin/activity", "/admin/activity?to=2026-13-45", [A, A, A, A, A, 400, 400, 400]),
        get("/admin/partner-invitation", invitation.clone(), [A, A, A, A, A, 200, 200, 200]),
        get("/admin/partner-relationships", "/admin/partner-relationships", [A, A, A, A, A, 200, 200, 200]),
        get(
            "/admin/partner-relationships/{partner_id}",
            format!("/admin/partner-relationships/{fabrikam}"),
            [A, A, A, A, A, 200, 200, 200],
        ),
        get(
            "/admin/partner-relationships/{partner_id}",
            format!("/admin/partner-relationships/{northwind}"),
            [A, A, A, A, A, 404, 404, 200],
        ),
        get("/admin/partner-of-record-requests", "/admin/partner-of-record-requests", [A, A, A, A, A, 200, 200, 200]),
        get(
            "/admin/subscriptions/{id}/partner-of-record",
            format!("/admin/subscriptions/{tailspins}/partner-of-record"),
            [A, A, A, A, A, 200, 200, 404],
        ),
        // A wrong password for an email of its own each time (no throttling).
        post("/partner/sign-in", "/partner/sign-in", &[("password", "wrong")], [401; 8]),
        post("/admin/sign-in", "/admin/sign-in", &[("password", "wrong")], [401; 8]),
        // Giving delegated admin back: admin agents only; Fabrikam holds
        // nothing of Wingtip, Northwind has no Tailspin.
        get(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{wingtip}/release-delegated-admin?service=all"),
            [P, 200, 403, 403, 200, P, P, P],
        ),
        get(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{tailspin}/release-delegated-admin?service=office365"),
            [P, 404, 403, 403, 200, P, P, P],
        ),
        get(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{wingtip}/release-delegated-admin?service=exchange"),
            [P, 400, 403, 403, 400, P, P, P],
        ),
        post(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{wingtip}/release-delegated-admin"),
            &[("service", "office365")],
            [P, 200, 403, 403, 200, P, P, P],
        ),
        // Without `confirm=yes`: the confirmation page.
        post(
            "/admin/partner-relationships/{partner_id}/remove-delegated-admin",
            format!("/admin/partner-relationships/{northwind}/remove-delegated-admin"),
            &[("service", "azure")],
            [A, A, A, A, A, 404, 403, 200],
        ),
        post(
            "/admin/partner-of-record-requests",
            "/admin/partner-of-record-requests",
            &[("request_id", "999999"), ("decision", "approve")],
            [A, A, A, A, A, 404, 403, 404],
        ),
        // Ending a relationship: the customer's global admin and the
        // partner's admin agent; without `confirm=yes`, the confirmation page.
        get(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{fabrikam}/end"),
            [A, A, A, A, A, 200, 403, 200],
        ),
        get(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{northwind}/end"),
            [A, A, A, A, A, 404, 403, 200],
        ),
        post(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{northwind}/end"),
            &[("end_reason", "matrix")],
            [A, A, A, A, A, 404, 403, 200],
        ),
        get(
            "/partner/customers/{id}/end-relationship",
            format!("/partner/customers/{wingtip}/end-relationship"),
            [P, 200, 403, 403, 200, P, P, P],
        ),
        get(
            "/partner/customers/{id}/end-relationship",
            format!("/partner/customers/{tailspin}/end-relationship"),
            [P, 404, 403, 403, 200, P, P, P],
        ),
        post(
            "/partner/customers/{id}/end-relationship",
            format!("/partner/customers/{wingtip}/end-relationship"),
            &[],
            [P, 200, 403, 403, 200, P, P, P],
        ),
        // Nothing is ending yet.
        post(
            "/partner/customers/{id}/acknowledge-end",
            format!("/partner/customers/{wingtip}/acknowledge-end"),
            &[],
            [P, 409, 403, 403, 409, P, P, P],
        ),
        post(
            "/partner/customers/{id}/acknowledge-end",
            format!("/partner/customers/{tailspin}/acknowledge-end"),
            &[],
            [P, 404, 403, 403, 409, P, P, P],
        ),
        // Mutating, each repeatable.
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{wingtip}/subscriptions/{ours}/order-add-on"),
            &[],
            [P, 303, 303, 403, 403, P, P, P],
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{wingtip}/subscriptions/{theirs}/order-add-on"),
            &[],
            [P, 403, 403, 403, 303, P, P, P],
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{tailspin}/subscriptions/{tailspins}/order-add-on"),
            &[],
            [P, 404, 404, 403, 303, P, P, P],
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{wingtip}/subscriptions/{ours}/change-partner-of-record"),
            &[("partner_id", &fabrikam)],
            [P, 404, 404, 403, 404, P, P, P],
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/request-partner-of-record",
            format!(
                "{}/request-partner-of-record",
                sub.replace("{id}", &wingtip).replace("{subscription_id}", &theirs)
            ),
            &[],
            [P, 303, 303, 403, 409, P, P, P],
        ),
        post(
            "/admin/subscriptions/{id}/partner-of-record",
            format!("/admin/subscriptions/{tailspins}/partner-of-record"),
            &[("partner_id", &fabrikam)],
            [A, A, A, A, A, 303, 403, 404],
        ),
        post(
            "/admin/partner-invitation/decline",
            "/admin/partner-invitation/decline",
            &[("token", &token)],
            [A, A, A, A, A, 303, 403, 303],
        ),
        post(
            "/admin/partner-invitation",
            "/admin/partner-invitation",
            &[("token", &token), ("services", "azure"), ("accept_agreement", "yes")],
            [A, A, A, A, A, 303, 403, 303],
        ),
        post(
            "/partner/customers/request-relationship/rotate",
            "/partner/customers/request-relationship/rotate",
            &[("confirm", "yes")],
            [P, 303, 403, 403, 303, P, P, P],
        ),
        // Tailspin (which accepted Northwind's link above) ends Northwind: no
        // subscription of Northwind's, so ended at once. Wingtip ends
        // Northwind, still Partner of Record of a subscription there: ending,
        // and Northwind can only look.
        post(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{northwind}/end"),
            &[("confirm", "yes")],
            [A, A, A, A, A, 303, 403, 303],
        ),
        get("/partner/customers/{id}", format!("/partner/customers/{wingtip}"), [P, 200, 200, 200, 200, P, P, P]),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{wingtip}/subscriptions/{ours}/order-add-on"),
            &[],
            [P, 404, 404, 403, 403, P, P, P],
        ),
        get(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{wingtip}/release-delegated-admin?service=all"),
            [P, 404, 403, 403, 200, P, P, P],
        ),
        get(
            "/partner/customers/{id}/end-relationship",
            format!("/partner/customers/{wingtip}/end-relationship"),
            [P, 409, 403, 403, 200, P, P, P],
        ),
        // Northwind acknowledges: ended, and every action on Wingtip is gone.
        post(
            "/partner/customers/{id}/acknowledge-end",
            format!("/partner/customers/{wingtip}/acknowledge-end"),
            &[],
            [P, 303, 403, 403, 409, P, P, P],
        ),
        get("/partner/customers/{id}", format!("/partner/customers/{wingtip}"), [P, 404, 404, 404, 200, P, P, P]),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/{action}",
            format!("/partner/customers/{wingtip}/subscriptions/{ours}/order-add-on"),
            &[],
            [P, 404, 404, 403, 403, P, P, P],
        ),
        post(
            "/partner/customers/{id}/subscriptions/{subscription_id}/request-partner-of-record",
            format!(
                "{}/request-partner-of-record",
                sub.replace("{id}", &wingtip).replace("{subscription_id}", &theirs)
            ),
            &[],
            [P, 404, 404, 403, 409, P, P, P],
        ),
        post(
            "/partner/customers/{id}/release-delegated-admin",
            format!("/partner/customers/{wingtip}/release-delegated-admin"),
            &[("service", "all"), ("confirm", "yes")],
            [P, 404, 403, 403, 303, P, P, P],
        ),
        post(
            "/partner/customers/{id}/acknowledge-end",
            format!("/partner/customers/{wingtip}/acknowledge-end"),
            &[],
            [P, 404, 403, 403, 409, P, P, P],
        ),
        get(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{northwind}/end"),
            [A, A, A, A, A, 409, 403, 409],
        ),
        post(
            "/admin/partner-relationships/{partner_id}/end",
            format!("/admin/partner-relationships/{northwind}/end"),
            &[("confirm", "yes")],
            [A, A, A, A, A, 409, 403, 409],
        ),
        // Fabrikam's admin agent ends its own relationship with Wingtip.
        post(
            "/partner/customers/{id}/end-relationship",
            format!("/partner/customers/{wingtip}/end-relationship"),
            &[("confirm", "yes")],
            [P, 404, 403, 403, 303, P, P, P],
        ),
        // Tailspin declines one request (then bound to Tailspin: Wingtip cannot
        // see it) and approves the other, which Northwind extends and ends.
        post(
            "/admin/delegated-admin-requests/{id}/decline",
            format!("/admin/delegated-admin-requests/{gdap_declined}/decline"),
            &[],
            [A, A, A, A, A, 303, 403, 404],
        ),
        post(
            "/admin/delegated-admin-requests/{id}",
            customer_gdap.clone(),
            &[("roles", "azure.reader")],
            [A, A, A, A, A, 303, 403, 404],
        ),
        get("/admin/delegated-admin-requests/{id}", customer_gdap.clone(), [A, A, A, A, A, 200, 200, 404]),
        post(
            "/partner/delegated-admin-requests/{id}/extend",
            format!("{gdaps}/{gdap}/extend"),
            &[],
            [P, 303, 403, 403, 404, P, P, P],
        ),
        post(
            "/partner/delegated-admin-requests/new",
            format!("{gdaps}/new"),
            &[("display_name", "x"), ("duration_days", "10"), ("roles", "azure.reader")],
            [P, 303, 403, 403, 303, P, P, P],
        ),
        post(
            "/partner/delegated-admin-requests/{id}/terminate",
            format!("{gdaps}/{gdap}/terminate"),
            &[("confirm", "yes")],
            [P, 303, 403, 403, 404, P, P, P],
        ),
        post(
            "/admin/delegated-admin-requests/{id}/terminate",
            format!("{customer_gdap}/terminate"),
            &[("confirm", "yes")],
            [A, A, A, A, A, 409, 403, 404],
        ),
        // Signing out works for anyone, signed in or not, on either side.
        post("/partner/sign-out", "/partner/sign-out", &[], [303; 8]),
        post("/admin/sign-out", "/admin/sign-out", &[], [303; 8]),
    ];

    let covered: HashSet<(Method, &str)> = cases.iter().map(|c| (c.method.clone(), c.pattern)).collect();
    // The API's routes have their own matrix (`api_matrix`), by key.
    let missing: Vec<String> = partnerlink::routes::list()
        .into_iter()
        .filter(|(_, path)| !path.starts_with("/api/"))
        .filter(|(method, path)| !covered.contains(&(method.clone(), *path)))
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(missing.is_empty(), "routes without a case in the authorization matrix: {missing:?}");

    let mut browsers = Vec::new();
    for (_, email) in PRINCIPALS {
        browsers.push(match email {
            Some(email) => app.signed_in(email).await,
            None => app.browser(),
        });
    }
    let mut failures = Vec::new();
    let mut sign_in_attempt = 0;
    for case in &cases {
        for (i, (label, _)) in PRINCIPALS.iter().enumerate() {
            let browser = &browsers[i];
            let page = if case.method == Method::GET {
                browser.get(&case.path).await
            } else {
                let csrf = browser.get("/admin/sign-in").await.csrf();
                let mut form: Vec<(&str, String)> = vec![("csrf_token", csrf)];
                form.extend(case.form.iter().cloned());
                if case.path.ends_with("/sign-in") {
                    sign_in_attempt += 1;
                    form.push(("email", format!("matrix-{sign_in_attempt}@example.com")));
                }
                browser.post_form(&case.path, &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await
            };
            let expected = case.expect[i];
            let status = page.status.as_u16();
            let ok = match expected {
                P => status == 303 && page.location().starts_with("/partner/sign-in"),
                A => status == 303 && page.location().starts_with("/admin/sign-in"),
                403 => status == 403 && page.html_lang() == "en",
                _ => status == expected,
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {label}: expected {expected}, got {status} {}",
                    case.method,
                    case.path,
                    page.location()
                ));
            }
        }
        if case.path.ends_with("/sign-out") {
            // The sign-out cases ended every session: nothing may follow.
            browsers.clear();
            for (_, email) in PRINCIPALS {
                browsers.push(match email {
                    Some(email) => app.signed_in(email).await,
                    None => app.browser(),
                });
            }
        }
    }
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}

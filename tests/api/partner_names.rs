//! One rule (DESIGN.md §4, issue 14 item 13): a partner never sees another
//! partner's name — on every partner page the route table lists, including
//! the delegated-admin, webhook and settings pages part two added, in every
//! language, after another partner has acted on the same customer.

use std::sync::Arc;

use crate::helpers::*;

const GDAP_NEW: &str = "/partner/delegated-admin-requests/new";

/// Creates and has Tailspin's admin approve a delegated-admin request of
/// `partner` for `roles`; returns its id.
async fn approved_request(app: &TestApp, partner: &str, name: &str, roles: &[&str]) -> String {
    let browser = app.signed_in(partner).await;
    let mut fields = vec![("display_name", name), ("duration_days", "100")];
    fields.extend(roles.iter().map(|role| ("roles", *role)));
    let page = browser.submit(GDAP_NEW, GDAP_NEW, &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let id = page.location().strip_prefix("/partner/delegated-admin-requests/").unwrap().to_owned();
    let path = format!("/admin/delegated-admin-requests/{id}");
    let customer = app.signed_in("admin@tailspin.example").await;
    let mut decision = vec![("duration_days", "100")];
    decision.extend(roles.iter().map(|role| ("roles", *role)));
    let page = customer.submit(&path, &path, &decision).await;
    assert_eq!(page.status, 303, "{}", page.body);
    id
}

async fn no_partner_page_names_another_partner(backend: Backend) {
    let Some(db) = TestDatabase::new(backend) else { return };
    let app = spawn_app_with(Arc::new(db), backend, |url| {
        test_settings(url, &[("PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE", "true")])
    })
    .await;
    let northwind = app.signed_in("admin@northwind.example").await;
    // Northwind has an endpoint (deliveries to a closed port fail and are logged).
    let page = northwind
        .submit("/partner/settings/webhooks", "/partner/settings/webhooks", &[("url", "http://127.0.0.1:9/hook")])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let endpoint = app.scalar("SELECT MAX(id) AS n FROM webhook_endpoints").to_string();

    // Fabrikam holds a granular relationship with Tailspin; then Northwind
    // joins Tailspin and its own request takes over a full-admin role.
    approved_request(&app, "admin@fabrikam.example", "Fabrikam ops", &["office365.global_admin", "azure.reader"]).await;
    northwind_joins_tailspin(&app).await;
    let customer = app.signed_in("admin@tailspin.example").await;
    let ours = approved_request(&app, "admin@northwind.example", "Northwind ops", &["office365.global_admin"]).await;
    // The customer sees both names (that is its right).
    let page = customer.get(&format!("/admin/delegated-admin-requests/{ours}")).await;
    page.assert_contains("Northwind Cloud Partners");

    let tailspin = app.id_of("tenants", "Tailspin Toys").to_string();
    let wingtip = app.id_of("tenants", "Wingtip Toys").to_string();
    let mut paths = Vec::new();
    for (method, pattern) in partnerlink::routes::list() {
        if method != actix_web::http::Method::GET || !pattern.starts_with("/partner/") || pattern.ends_with("sign-in") {
            continue;
        }
        let ids: Vec<&str> = if pattern.starts_with("/partner/customers/{id}") {
            vec![&tailspin, &wingtip]
        } else if pattern.starts_with("/partner/delegated-admin-requests/{id}") {
            vec![&ours]
        } else if pattern.starts_with("/partner/settings/webhooks/{id}") {
            vec![&endpoint]
        } else {
            vec![""]
        };
        paths.extend(ids.into_iter().map(|id| pattern.replace("{id}", id)));
    }
    assert!(paths.iter().any(|p| p.starts_with("/partner/delegated-admin-requests/")), "{paths:?}");
    for user in ["admin@northwind.example", "sales@northwind.example", "helpdesk@northwind.example"] {
        let browser = app.signed_in(user).await;
        for lang in ["en", "ru", "zh-CN"] {
            for path in &paths {
                let page = browser.get(&format!("{path}?lang={lang}")).await;
                assert!(page.status.as_u16() < 500, "{user} {path}: {}", page.status);
                assert!(
                    !page.body.contains("Fabrikam"),
                    "{user} {path} [{lang}] names another partner:\n{}",
                    page.body
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_partner_page_names_another_partner_on_sqlite() {
    no_partner_page_names_another_partner(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_partner_page_names_another_partner_on_postgres() {
    no_partner_page_names_another_partner(Backend::Postgres).await;
}

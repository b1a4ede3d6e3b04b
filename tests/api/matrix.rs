//! Authorization matrix: every route of the router × every kind of principal.
//! A route added to `routes::table()` without an entry here fails the test.

use actix_web::http::Method;

use crate::helpers::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Public,
    AnyPartner,
    PartnerAdminOrSales,
    PartnerAdminAgent,
    AnyCustomer,
    CustomerGlobalAdmin,
}

fn access(method: &Method, path: &str) -> Option<Access> {
    use Access::*;
    Some(match (method.as_str(), path) {
        ("GET", "/" | "/healthz" | "/readyz" | "/bench/fortunes" | "/static/{name}") => Public,
        (_, "/partner/sign-in" | "/partner/sign-out" | "/admin/sign-in" | "/admin/sign-out") => Public,
        ("GET", "/partner/customers" | "/partner/customers/{id}" | "/partner/activity") => AnyPartner,
        ("GET", "/partner/customers/request-relationship") => PartnerAdminOrSales,
        ("POST", "/partner/customers/{id}/subscriptions/{subscription_id}/{action}") => PartnerAdminOrSales,
        ("POST", "/partner/customers/{id}/subscriptions/{subscription_id}/request-partner-of-record") => {
            PartnerAdminOrSales
        }
        (_, "/partner/customers/request-relationship/rotate") => PartnerAdminAgent,
        (
            "GET",
            "/admin/partner-invitation" | "/admin/partner-relationships" | "/admin/partner-relationships/{partner_id}",
        ) => AnyCustomer,
        ("POST", "/admin/partner-invitation" | "/admin/partner-invitation/decline") => CustomerGlobalAdmin,
        ("POST", "/admin/partner-relationships/{partner_id}/remove-delegated-admin") => CustomerGlobalAdmin,
        ("GET", "/admin/partner-of-record-requests" | "/admin/subscriptions/{id}/partner-of-record") => AnyCustomer,
        ("POST", "/admin/partner-of-record-requests" | "/admin/subscriptions/{id}/partner-of-record") => {
            CustomerGlobalAdmin
        }
        _ => return None,
    })
}

/// `(label, email)`; `None` is an anonymous visitor.
const PRINCIPALS: &[(&str, Option<&str>)] = &[
    ("anonymous", None),
    ("partner admin agent", Some("admin@northwind.example")),
    ("partner sales agent", Some("sales@northwind.example")),
    ("partner helpdesk agent", Some("helpdesk@northwind.example")),
    ("other partner", Some("admin@fabrikam.example")),
    ("customer global admin", Some("admin@tailspin.example")),
    ("customer user", Some("user@tailspin.example")),
    ("other tenant", Some("admin@wingtip.example")),
];

#[test]
fn every_route_is_in_the_matrix() {
    let missing: Vec<String> = partnerlink::routes::list()
        .into_iter()
        .filter(|(method, path)| access(method, path).is_none())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(missing.is_empty(), "routes without an authorization rule: {missing:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_principal_as_expected() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let wingtip = app.id_of("tenants", "Wingtip Toys").to_string();
    let fabrikam = app.id_of("partners", "Fabrikam Solutions").to_string();
    let subscription =
        app.scalar("SELECT MIN(id) AS n FROM subscriptions WHERE service = 'office365' AND tenant_id = (SELECT id FROM tenants WHERE name = 'Wingtip Toys')").to_string();
    let token = {
        let admin = app.signed_in("admin@northwind.example").await;
        token_of(&invitation_link(&admin).await)
    };
    for (method, pattern) in partnerlink::routes::list() {
        let rule = access(&method, pattern).unwrap();
        let mut path = pattern
            .replace("{name}", "app.css")
            .replace("{id}", &wingtip)
            .replace("{subscription_id}", &subscription)
            .replace("{action}", "order-add-on")
            .replace("{partner_id}", &fabrikam);
        if path == "/admin/partner-invitation" && method == Method::GET {
            path = format!("{path}?token={token}");
        }
        if path.ends_with("/sign-out") {
            continue; // Signing out ends the session the loop reuses; covered in auth tests.
        }
        for (label, email) in PRINCIPALS {
            let browser = match email {
                Some(email) => app.signed_in(email).await,
                None => app.browser(),
            };
            let page = if method == Method::GET {
                browser.get(&path).await
            } else {
                let csrf = browser.get("/partner/sign-in").await.csrf();
                browser.post_form(&path, &[("csrf_token", &csrf), ("service", "azure")]).await
            };
            let status = page.status.as_u16();
            let to_sign_in = status == 303 && page.location().contains("/sign-in");
            let partner = email.is_some_and(|e| e.contains("northwind") || e.contains("fabrikam"));
            let customer = email.is_some() && !partner;
            let role_ok = match email.unwrap_or_default() {
                "admin@northwind.example" | "admin@fabrikam.example" => true,
                "sales@northwind.example" => rule != Access::PartnerAdminAgent,
                "helpdesk@northwind.example" => rule == Access::AnyPartner,
                "admin@tailspin.example" | "admin@wingtip.example" => true,
                "user@tailspin.example" => rule == Access::AnyCustomer,
                _ => false,
            };
            let context = format!("{method} {path} as {label}: {status}");
            match rule {
                Access::Public => assert!(status < 500 && status != 403 && !to_sign_in, "{context}"),
                Access::AnyPartner | Access::PartnerAdminOrSales | Access::PartnerAdminAgent if !partner => {
                    assert!(to_sign_in && page.location().starts_with("/partner/sign-in"), "{context}")
                }
                Access::AnyCustomer | Access::CustomerGlobalAdmin if !customer => {
                    assert!(to_sign_in && page.location().starts_with("/admin/sign-in"), "{context}")
                }
                _ if !role_ok => {
                    assert_eq!(status, 403, "{context}");
                    assert!(page.body.contains("You cannot do this"), "{context}");
                }
                _ => assert!(
                    status < 500 && !to_sign_in && (status != 403 || page.body.contains("Partner of Record")),
                    "{context}"
                ),
            }
        }
    }
}

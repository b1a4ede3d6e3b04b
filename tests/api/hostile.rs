//! Hostile input, generated: random bytes and values in every form and query
//! parameter, odd path ids, tokens of every length, header injection in
//! `next` and `lang`. Every answer is a localized page below 500, redirects
//! stay on this site, and the database is unchanged.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::helpers::*;

/// What the data looks like: a change anywhere shows up here.
fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut values: Vec<i64> = [
        "partners",
        "partner_users",
        "invitation_tokens",
        "tenants",
        "customer_users",
        "reseller_relationships",
        "delegated_admin_grants",
        "subscriptions",
        "audit_events",
        "partner_of_record_requests",
        "webhook_endpoints",
        "delegated_admin_relationships",
        "delegated_admin_relationship_roles",
        "outbox_messages",
    ]
    .iter()
    .map(|table| app.count(table))
    .collect();
    for sql in [
        "SELECT COUNT(*) AS n FROM invitation_tokens WHERE revoked_at IS NULL",
        "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE removed_at IS NULL",
        "SELECT COUNT(*) AS n FROM reseller_relationships WHERE status = 'active'",
        "SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) AS n FROM subscriptions",
        "SELECT CAST(COALESCE(SUM(add_ons), 0) AS BIGINT) AS n FROM subscriptions",
        "SELECT CAST(COALESCE(SUM(partner_of_record_id), 0) AS BIGINT) AS n FROM subscriptions",
    ] {
        values.push(app.scalar(sql));
    }
    values
}

/// Values no form accepts: text, overflowing and negative numbers, control
/// characters, very long strings.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "(?s).{0,40}".prop_filter("not a plain number", |v| v.trim().parse::<i64>().is_err()),
        "[0-9]{20,40}",
        "-[0-9]{1,12}",
        "[a-z]{0,8}\r\n(Set-Cookie|Location): [a-z=/:.]{0,20}",
        Just("\0".to_owned()),
        // NUL (PostgreSQL text cannot hold it) and other control characters,
        // alone or inside ordinary text.
        "[a-z@.]{0,8}[\\x00-\\x1f\\x7f]{1,4}[a-z@.]{0,8}",
        "[a-zA-Z0-9%]{2000,3000}",
    ]
}

/// Form bodies: raw bytes, or fields (known and unknown names, repeated or
/// missing) with hostile values, with or without a valid CSRF token.
fn hostile_body(csrf: String) -> impl Strategy<Value = Vec<u8>> {
    let names = prop_oneof![
        Just("token"),
        Just("services"),
        Just("accept_agreement"),
        Just("dap"),
        Just("service"),
        Just("seats"),
        Just("offer"),
        Just("partner_id"),
        Just("email"),
        Just("password"),
        Just("next"),
        Just("lang"),
        Just("csrf_token"),
        Just("end_reason"),
        Just("url"),
        Just("roles"),
        Just("duration_days"),
        Just("display_name"),
        Just("customer_domain"),
        Just("auto_extend"),
        Just("kinds"),
        Just("request_id"),
        Just("decision"),
        Just("subscription_id"),
        Just("x"),
    ];
    let fields = proptest::collection::vec((names, hostile_value()), 0..6);
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        (any::<bool>(), fields).prop_map(move |(with_csrf, fields)| {
            let mut form = form_urlencoded_pairs(&fields);
            if with_csrf {
                form = format!("csrf_token={}&{form}", csrf);
            }
            form.into_bytes()
        }),
        // Broken percent-encodings and invalid UTF-8 once decoded.
        "(%[0-9A-Fa-fZz]{0,2}|[a-z_=&]){0,60}".prop_map(String::into_bytes),
    ]
}

fn form_urlencoded_pairs(fields: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

fn percent_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One answer checked: no server error, a page (HTML, in a supported
/// language) unless it is a redirect, and redirects stay on this site.
fn check(what: &str, page: &Page) -> Result<(), TestCaseError> {
    let status = page.status.as_u16();
    prop_assert!(status < 500, "{what}: {status}\n{}", page.body);
    if (300..400).contains(&status) {
        let location = page.location();
        prop_assert!(location.starts_with('/') && !location.starts_with("//"), "{what}: redirect to {location:?}");
    } else {
        let lang = page.html_lang();
        prop_assert!(["en", "ru", "zh-CN"].contains(&lang), "{what}: {status} is not a localized page:\n{}", page.body);
    }
    for value in page.headers.values() {
        prop_assert!(!value.as_bytes().iter().any(|b| *b == b'\r' || *b == b'\n'), "{what}: header injection");
    }
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

/// Every form in the route table (sign-out aside), so a new route is covered
/// without being listed here. Each id names something the signed-in side may
/// not act on, so even a well-formed request must be refused: a customer
/// Northwind has no relationship with, a subscription of another tenant whose
/// Partner of Record is another partner, ids that do not exist. Without
/// `confirm=yes` (no field generated here) nothing is ended or rotated.
fn post_paths(app: &TestApp) -> Vec<String> {
    let wingtip = app.id_of("tenants", "Wingtip Toys");
    let tailspin = app.id_of("tenants", "Tailspin Toys");
    let fabrikams = app.scalar(&format!(
        "SELECT s.id AS n FROM subscriptions s JOIN partners p ON p.id = s.partner_of_record_id \
         WHERE s.tenant_id = {wingtip} AND p.name = 'Fabrikam Solutions'"
    ));
    let fabrikam = app.id_of("partners", "Fabrikam Solutions");
    let mut paths = Vec::new();
    for (method, pattern) in partnerlink::routes::list() {
        // The API's bodies are JSON: `api_v1::hostile_*` throws at those.
        if method != actix_web::http::Method::POST || pattern.ends_with("/sign-out") || pattern.starts_with("/api/") {
            continue;
        }
        let actions: &[&str] = if pattern.contains("{action}") {
            &["remove-seats", "order-add-on", "transition", "change-partner-of-record"]
        } else {
            &[""]
        };
        for action in actions {
            // Subscription actions on Wingtip (Northwind's customer, Fabrikam's
            // subscription: only its Partner of Record may act); everything
            // else, asking to become Partner of Record included, on Tailspin.
            let customer = if pattern.contains("{action}") { wingtip } else { tailspin };
            paths.push(
                pattern
                    .replace("/partner/customers/{id}", &format!("/partner/customers/{customer}"))
                    .replace("/admin/subscriptions/{id}", &format!("/admin/subscriptions/{fabrikams}"))
                    .replace("{subscription_id}", &fabrikams.to_string())
                    .replace("{action}", action)
                    .replace("{partner_id}", &fabrikam.to_string())
                    .replace("/webhooks/{id}", "/webhooks/999999")
                    .replace("/api-keys/{id}", "/api-keys/999999")
                    .replace("{message_id}", "msg_unknown")
                    .replace("/delegated-admin-requests/{id}", "/delegated-admin-requests/AAAAAAAAAAAAAAAAAAAAAAAA")
                    .replace("{role_key}", "office365.global_admin"),
            );
        }
    }
    assert!(paths.iter().all(|p| !p.contains('{')), "a route with an id this test does not fill: {paths:?}");
    paths
}

/// Every HTML page without an id in its path (the JSON API has its own tests).
fn get_paths() -> Vec<&'static str> {
    partnerlink::routes::list()
        .into_iter()
        .filter(|(method, path)| {
            *method == actix_web::http::Method::GET
                && !path.contains('{')
                && !path.ends_with(".csv")
                && !path.starts_with("/api/")
                && !["/healthz", "/readyz", "/bench/fortunes"].contains(path)
        })
        .map(|(_, path)| path)
        .collect()
}

#[test]
fn hostile_input_never_breaks_a_page_or_the_data_on_sqlite() {
    hostile_input_never_breaks_a_page_or_the_data(Backend::Sqlite);
}

#[test]
fn hostile_input_never_breaks_a_page_or_the_data_on_postgres() {
    hostile_input_never_breaks_a_page_or_the_data(Backend::Postgres);
}

fn hostile_input_never_breaks_a_page_or_the_data(backend: Backend) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let Some(app) = rt.block_on(spawn_app(backend)) else { return };
    let partner = rt.block_on(app.signed_in("admin@northwind.example"));
    let customer = rt.block_on(app.signed_in("admin@tailspin.example"));
    let csrf = |b: &Browser| rt.block_on(b.get("/admin/sign-in")).csrf();
    let (partner_csrf, customer_csrf) = (csrf(&partner), csrf(&customer));
    let visitor = app.browser();
    let visitor_csrf = csrf(&visitor);
    let before = fingerprint(&app);

    // Header injection through `next` at sign-in (first: the hostile forms
    // below trip the sign-in throttle for this client address).
    let injected = "(/|//|https?://)?[a-z./\\\\]{0,12}(\r\n|%0d%0a|%0D%0A)?(Set-Cookie|Location)?[:a-z= ]{0,12}";
    runner(24)
        .run(&injected, |next| {
            let browser = app.browser();
            let page = rt.block_on(async {
                let sign_in = browser.get(&format!("/admin/sign-in?next={}", percent_encode(&next))).await;
                check("GET /admin/sign-in?next=…", &sign_in)?;
                let form = [
                    ("csrf_token", sign_in.csrf()),
                    ("email", "user@tailspin.example".into()),
                    ("password", PASSWORD.into()),
                    ("next", next.clone()),
                ];
                Ok::<_, TestCaseError>(
                    read(browser.client.post(browser.url("/admin/sign-in")).form(&form).send().await.unwrap()).await,
                )
            })?;
            prop_assert_eq!(page.status.as_u16(), 303, "{:?}", next);
            check(&format!("sign-in with next={next:?}"), &page)
        })
        .unwrap();

    // Every form, signed in on its own side (sign-in forms as a visitor),
    // with hostile bodies and content types.
    let post_paths = post_paths(&app);
    let content_types = prop_oneof![
        Just("application/x-www-form-urlencoded"),
        Just("text/plain"),
        Just("multipart/form-data"),
        Just("")
    ];
    let strategy =
        (0..post_paths.len(), content_types, any::<bool>()).prop_flat_map(|(i, content_type, wrong_side)| {
            let path = &post_paths[i];
            let csrf = if path.ends_with("/sign-in") {
                &visitor_csrf
            } else if path.starts_with("/partner") != wrong_side {
                &partner_csrf
            } else {
                &customer_csrf
            };
            (Just(i), Just(content_type), hostile_body(csrf.clone()))
        });
    runner(320)
        .run(&strategy, |(i, content_type, body)| {
            let path = &post_paths[i];
            let browser = match path {
                p if p.ends_with("/sign-in") => &visitor,
                p if p.starts_with("/partner") => &partner,
                _ => &customer,
            };
            let page = rt.block_on(async {
                let mut request = browser.client.post(browser.url(path)).body(body.clone());
                if !content_type.is_empty() {
                    request = request.header("content-type", content_type);
                }
                read(request.send().await.unwrap()).await
            });
            check(&format!("POST {path} ({content_type}) {:?}", String::from_utf8_lossy(&body)), &page)
        })
        .unwrap();

    // Query strings on every page: random and broken encodings, repeated keys.
    let query = prop_oneof![
        proptest::collection::vec(("[a-z_]{1,8}", hostile_value()), 0..5).prop_map(|pairs| pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")),
        "(%[0-9A-Fa-fZz]{0,2}|[a-z_=&+;]){0,60}",
        proptest::collection::vec(
            prop_oneof![
                Just("q"),
                Just("page"),
                Just("lang"),
                Just("view"),
                Just("token"),
                Just("email_lang"),
                Just("dap"),
                Just("from"),
                Just("customer")
            ],
            1..4
        )
        .prop_flat_map(|keys| (Just(keys), proptest::collection::vec(hostile_value(), 4)))
        .prop_map(|(keys, values)| keys
            .iter()
            .zip(values)
            .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")),
    ];
    let get_paths = get_paths();
    runner(200)
        .run(&(0..get_paths.len(), query, 0..3usize), |(i, query, who)| {
            let path = format!("{}?{query}", get_paths[i]);
            let anonymous = app.browser();
            let browser = [&partner, &customer, &anonymous][who];
            let page = rt.block_on(async { read(browser.client.get(browser.url(&path)).send().await.unwrap()).await });
            check(&format!("GET {path}"), &page)
        })
        .unwrap();

    // Path ids that overflow, are negative, or are not numbers.
    let id = prop_oneof![
        "[0-9]{19,30}",
        "-[0-9]{1,5}",
        // `.` and `..` never reach the server as ids: the client resolves dot segments.
        "[a-zA-Z%.]{1,12}".prop_filter("not a dot segment", |s| s != "." && s != ".."),
        Just("0".to_owned()),
        Just("999999".to_owned())
    ];
    runner(96)
        .run(&(id.clone(), id, 0..4usize), |(a, b, shape)| {
            let (browser, path) = match shape {
                0 => (&partner, format!("/partner/customers/{a}")),
                1 => (&customer, format!("/admin/partner-relationships/{a}")),
                2 => (&partner, format!("/partner/customers/{a}/subscriptions/{b}/remove-seats")),
                _ => (&customer, format!("/admin/partner-relationships/{a}/remove-delegated-admin")),
            };
            let page = rt.block_on(async {
                if shape >= 2 {
                    let csrf = if shape == 2 { &partner_csrf } else { &customer_csrf };
                    read(
                        browser
                            .client
                            .post(browser.url(&path))
                            .form(&[
                                ("csrf_token", csrf.as_str()),
                                ("seats", "1"),
                                ("service", "azure"),
                                ("confirm", "yes"),
                            ])
                            .send()
                            .await
                            .unwrap(),
                    )
                    .await
                } else {
                    read(browser.client.get(browser.url(&path)).send().await.unwrap()).await
                }
            });
            prop_assert_eq!(page.status.as_u16(), 404, "{}", path);
            check(&path, &page)
        })
        .unwrap();

    // Invitation tokens of every length and alphabet: 404, never a 500.
    runner(96)
        .run(&"[A-Za-z0-9_=+/-]{0,100}|(?s).{0,40}", |token| {
            let path = format!("/admin/partner-invitation?token={}", percent_encode(&token));
            let page = rt.block_on(customer.get(&path));
            // A NUL is refused before the token is looked at.
            let expected = if token.contains('\0') { 400 } else { 404 };
            prop_assert_eq!(page.status.as_u16(), expected, "{}", path);
            check(&path, &page)
        })
        .unwrap();

    // Header injection through `lang`.
    runner(48)
        .run(&injected, |lang| {
            let page = rt.block_on(async {
                let anonymous = app.browser();
                let by_query = anonymous.get(&format!("/?lang={}", percent_encode(&lang))).await;
                let by_header = read(
                    anonymous
                        .client
                        .get(anonymous.url("/"))
                        .header("accept-language", lang.replace(['\r', '\n'], ""))
                        .send()
                        .await
                        .unwrap(),
                )
                .await;
                (by_query, by_header)
            });
            check(&format!("/?lang={lang:?}"), &page.0)?;
            check(&format!("Accept-Language: {lang:?}"), &page.1)
        })
        .unwrap();

    assert_eq!(fingerprint(&app), before, "hostile input changed the data");
}

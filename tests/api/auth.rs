//! Sign-in, sessions, CSRF, throttling and security headers.

use std::sync::Arc;
use std::time::Duration;

use crate::helpers::*;
use crate::on_both_backends;

const ACCOUNTS: &[(&str, &str)] = &[
    ("admin@northwind.example", "/partner/customers"),
    ("sales@northwind.example", "/partner/customers"),
    ("helpdesk@northwind.example", "/partner/customers"),
    ("admin@fabrikam.example", "/partner/customers"),
    ("admin@tailspin.example", "/admin/partner-relationships"),
    ("user@tailspin.example", "/admin/partner-relationships"),
    ("admin@wingtip.example", "/admin/partner-relationships"),
];

on_both_backends! {
    async fn every_demo_account_signs_in_on_its_side(app) {
        for (email, home) in ACCOUNTS {
            let browser = app.browser();
            let page = browser.sign_in(email).await;
            assert_eq!(page.status, 303, "{email}");
            assert_eq!(page.location(), *home, "{email}");
            let home_page = browser.get(home).await;
            assert_eq!(home_page.status, 200, "{email}");
            home_page.assert_contains("account__name");
        }
    }

    async fn a_wrong_password_and_an_unknown_email_get_the_same_localized_answer(app) {
        for (lang, text) in [("en", "The email or password is wrong"), ("ru", "Неверный адрес"), ("zh-CN", "电子邮件或密码错误")] {
            let browser = app.browser();
            browser.get(&format!("/?lang={lang}")).await;
            let wrong = browser.sign_in_with("admin@northwind.example", "nope").await;
            let unknown = browser.sign_in_with("nobody@northwind.example", "nope").await;
            for page in [&wrong, &unknown] {
                assert_eq!(page.status, 401);
                assert_eq!(page.html_lang(), lang);
                page.assert_contains(text);
            }
        }
    }

    async fn a_session_on_one_side_never_opens_the_other(app) {
        let partner = app.signed_in("admin@northwind.example").await;
        let page = partner.get("/admin/partner-relationships").await;
        assert_eq!(page.status, 303);
        assert!(page.location().starts_with("/admin/sign-in"), "{}", page.location());
        let customer = app.signed_in("admin@tailspin.example").await;
        let page = customer.get("/partner/customers").await;
        assert_eq!(page.status, 303);
        assert!(page.location().starts_with("/partner/sign-in"));
    }

    async fn next_never_leaves_the_site(app) {
        for next in ["//evil.example", "https://evil.example", "/\\evil.example", "http:/x", "javascript:alert(1)"] {
            let browser = app.browser();
            let token = browser.get("/admin/sign-in").await.csrf();
            let page = browser
                .post_form("/admin/sign-in", &[("csrf_token", &token), ("email", "admin@tailspin.example"), ("password", PASSWORD), ("next", next)])
                .await;
            assert_eq!(page.status, 303);
            assert_eq!(page.location(), "/admin/partner-relationships", "next={next}");
        }
        let browser = app.browser();
        let token = browser.get("/admin/sign-in").await.csrf();
        let page = browser
            .post_form("/admin/sign-in", &[("csrf_token", &token), ("email", "admin@tailspin.example"), ("password", PASSWORD), ("next", "/admin/partner-relationships?view=by-service")])
            .await;
        assert_eq!(page.location(), "/admin/partner-relationships?view=by-service");
    }

    async fn signed_out_visitors_are_sent_to_sign_in_and_back(app) {
        let browser = app.browser();
        let page = browser.get("/partner/activity?page=2").await;
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/partner/sign-in?next=%2Fpartner%2Factivity%3Fpage%3D2");
        let form = browser.get(page.location()).await;
        let token = form.csrf();
        let next = form.input_value("next").unwrap();
        let page = browser
            .post_form("/partner/sign-in", &[("csrf_token", &token), ("email", "helpdesk@northwind.example"), ("password", PASSWORD), ("next", &next)])
            .await;
        assert_eq!(page.location(), "/partner/activity?page=2");
    }

    async fn posts_without_the_right_csrf_token_are_refused_and_change_nothing(app) {
        let customer = app.signed_in("admin@tailspin.example").await;
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let action = format!("/admin/partner-relationships/{fabrikam}/remove-delegated-admin");
        let active = "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE removed_at IS NULL";
        let before = app.scalar(active);
        for form in [
            vec![("service", "all"), ("confirm", "yes")],
            vec![("csrf_token", "forged"), ("service", "all"), ("confirm", "yes")],
            vec![("csrf_token", ""), ("service", "all"), ("confirm", "yes")],
        ] {
            let page = customer.post_form(&action, &form).await;
            assert_eq!(page.status, 403);
            page.assert_contains("This form has expired");
        }
        assert_eq!(app.scalar(active), before);
        // Sign-in is protected too.
        let page = app.browser().post_form("/partner/sign-in", &[("email", "admin@northwind.example"), ("password", PASSWORD)]).await;
        assert_eq!(page.status, 403);
    }

    async fn sign_out_ends_the_session(app) {
        let partner = app.signed_in("admin@northwind.example").await;
        let page = partner.submit("/partner/customers", "/partner/sign-out", &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(partner.get("/partner/customers").await.status, 303);
    }

    async fn the_chosen_language_is_kept_for_the_next_sign_in(app) {
        let first = app.signed_in("sales@northwind.example").await;
        assert_eq!(first.get("/partner/customers?lang=zh-CN").await.html_lang(), "zh-CN");
        // A new device without the language cookie.
        let second = app.signed_in("sales@northwind.example").await;
        let page = second.get("/partner/customers").await;
        assert_eq!(page.html_lang(), "zh-CN");
    }

    async fn the_session_cookie_is_private_and_http_only(app) {
        let browser = app.browser();
        let response = browser.client.get(browser.url("/partner/sign-in")).send().await.unwrap();
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("partnerlink_session="))
            .expect("session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http base URL: {cookie}");
        assert!(!cookie.contains("csrf"), "the cookie is encrypted: {cookie}");
    }

    async fn oversized_and_malformed_forms_get_localized_4xx_pages(app) {
        let browser = app.browser();
        browser.get("/?lang=ru").await;
        let token = browser.get("/partner/sign-in").await.csrf();
        let big = "x".repeat(100 * 1024);
        let page = browser.post_form("/partner/sign-in", &[("csrf_token", &token), ("email", &big)]).await;
        assert_eq!(page.status, 413);
        page.assert_contains("Слишком много данных");
        let response = browser.client.post(browser.url("/partner/sign-in")).header("content-type", "application/json").body("{}").send().await.unwrap();
        let page = read(response).await;
        assert_eq!(page.status, 400);
        assert_eq!(page.html_lang(), "ru");
    }

    async fn signed_in_pages_are_not_cached(app) {
        let partner = app.signed_in("admin@northwind.example").await;
        let page = partner.get("/partner/customers").await;
        assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_behind_https() {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        test_settings(url, &[("PARTNERLINK_BASE_URL", "https://partnerlink.example")])
    })
    .await;
    let response = app.client.get(app.url("/partner/sign-in")).send().await.unwrap();
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

async fn throttling_scenario(app: TestApp) {
    let browser = app.browser();
    for _ in 0..5 {
        assert_eq!(browser.sign_in_with("admin@fabrikam.example", "wrong").await.status, 401);
    }
    let page = browser.sign_in_with("admin@fabrikam.example", PASSWORD).await;
    assert_eq!(page.status, 429, "the right password is refused while throttled");
    assert!(page.headers.get("retry-after").is_some());
    page.assert_contains("Try again in 1 minute");
    // Another account is not affected.
    assert_eq!(browser.sign_in("admin@northwind.example").await.status, 303);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(browser.sign_in("admin@fabrikam.example").await.status, 303, "recovers after the window");
}

fn short_window(settings: &mut partnerlink::config::Settings) {
    settings.throttle.window = Duration::from_secs(2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_throttled_then_recover() {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        let mut settings = test_settings(url, &[]);
        short_window(&mut settings);
        settings
    })
    .await;
    throttling_scenario(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_and_sessions_work_with_redis() {
    let Some(redis) = redis_url() else { return };
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    // A fresh key prefix is not needed: emails are per test database, but
    // clear what an earlier run may have left.
    let client = redis::Client::open(redis.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("partnerlink:throttle:*").query_async(&mut conn).await.unwrap();
    if !keys.is_empty() {
        let _: () = redis::cmd("DEL").arg(&keys).query_async(&mut conn).await.unwrap();
    }
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        let mut settings = test_settings(url, &[("REDIS_URL", redis.as_str())]);
        short_window(&mut settings);
        settings
    })
    .await;
    let partner = app.signed_in("sales@northwind.example").await;
    assert_eq!(partner.get("/partner/customers").await.status, 200, "session stored in Redis");
    throttling_scenario(app).await;
}

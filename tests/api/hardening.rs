//! What an outside review found, each proven fixed on the real server:
//! sessions that end on the server, throttling under bursts and forged
//! proxy headers, slow bodies, NUL characters, links built from hostile
//! paths, HEAD, and https-only cookies.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use crate::helpers::*;
use crate::on_both_backends;

/// Signs in, copies the cookie, signs out, and replays the copy.
async fn replayed_cookie_after_sign_out_gets_the_sign_in_page(app: &TestApp) {
    for (email, page, sign_out) in [
        ("admin@northwind.example", "/partner/customers", "/partner/sign-out"),
        ("admin@tailspin.example", "/admin/partner-relationships", "/admin/sign-out"),
    ] {
        let browser = app.browser();
        let signed_in = browser.sign_in(email).await;
        let copy = session_cookie(&signed_in);
        assert_eq!(get_with_cookie(app, &copy, page).await.status, 200, "the copy works while signed in");
        assert_eq!(browser.submit(page, sign_out, &[]).await.status, 303);

        let replay = get_with_cookie(app, &copy, page).await;
        assert_eq!(replay.status, 303, "{email}: a copied cookie after sign-out");
        assert!(replay.location().contains("/sign-in"), "{}", replay.location());
        // Not even with a fresh CSRF token from a page fetched with the copy.
        let client = client_with(Default::default());
        let form_page = read(client.get(app.url("/admin/sign-in")).header("cookie", &copy).send().await.unwrap()).await;
        let csrf = form_page.csrf();
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let active = "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE removed_at IS NULL";
        let before = app.scalar(active);
        let post = client
            .post(app.url(&format!("/admin/partner-relationships/{fabrikam}/remove-delegated-admin")))
            .header("cookie", &copy)
            .form(&[("csrf_token", csrf.as_str()), ("service", "all"), ("confirm", "yes")])
            .send()
            .await
            .unwrap();
        let post = read(post).await;
        let refused = post.status == 403 || (post.status == 303 && post.location().contains("/sign-in"));
        assert!(refused, "{email}: a replayed cookie must not act: {} {}", post.status, post.location());
        assert_eq!(app.scalar(active), before);
    }
    assert_eq!(app.count("user_sessions WHERE ended_at IS NULL"), 0, "both sessions ended on the server");
}

on_both_backends! {
    async fn a_cookie_copied_before_sign_out_is_worthless_after_it(app) {
        replayed_cookie_after_sign_out_gets_the_sign_in_page(&app).await;
    }

    async fn a_lowered_role_takes_effect_on_the_next_request(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(admin.get("/partner/customers/request-relationship").await.status, 200);
        app.execute("UPDATE partner_users SET role = 'helpdesk_agent' WHERE email = 'admin@northwind.example'");
        let page = admin.get("/partner/customers/request-relationship").await;
        assert_eq!(page.status, 403, "the session's old role is not trusted");
        let page = admin.get("/partner/customers").await;
        assert_eq!(page.status, 200);
        page.assert_contains(&app.text("en", "role-helpdesk-agent"));

        let customer = app.signed_in("admin@tailspin.example").await;
        app.execute("UPDATE customer_users SET role = 'user' WHERE email = 'admin@tailspin.example'");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let page = customer
            .submit("/admin/partner-relationships", &format!("/admin/partner-relationships/{fabrikam}/remove-delegated-admin"), &[("service", "all"), ("confirm", "yes")])
            .await;
        assert_eq!(page.status, 403);
    }

    async fn a_nul_character_gets_a_localized_400_everywhere(app) {
        let partner = app.signed_in("admin@northwind.example").await;
        for (lang, expected) in [("en", "control character"), ("ru", "управляющий символ"), ("zh-CN", "控制字符")] {
            let page = partner.get(&format!("/partner/customers?q=%00&lang={lang}")).await;
            assert_eq!(page.status, 400, "{lang}: {}", page.body);
            assert_eq!(page.html_lang(), lang);
            page.assert_contains(expected);
        }
        for path in ["/partner/customers?q=a%00b", "/partner/activity?page=%00", "/admin/sign-in?next=/%00", "/%00"] {
            assert_eq!(partner.get(path).await.status, 400, "{path}");
        }
        let browser = app.browser();
        for email in ["admin@northwind.example\0", "\0"] {
            let page = browser.sign_in_with(email, PASSWORD).await;
            assert_eq!(page.status, 400, "{email:?}: {}", page.body);
        }
        // Other control characters are kept as text and simply match nothing.
        let page = partner.get("/partner/customers?q=%01%07%1B").await;
        assert_eq!(page.status, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_cookie_is_worthless_after_sign_out_with_redis_sessions_too() {
    let Some(redis) = redis_url() else { return };
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| test_settings(url, &[("REDIS_URL", redis.as_str())])).await;
    replayed_cookie_after_sign_out_gets_the_sign_in_page(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_absolute_session_limits_hold_on_the_server() {
    session_limits(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_absolute_session_limits_hold_with_redis_sessions_too() {
    let Some(redis) = redis_url() else { return };
    session_limits(Some(&redis)).await;
}

/// Idle and absolute limits with sessions in the cookie or in Redis.
async fn session_limits(redis: Option<&str>) {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        let mut settings = match redis {
            Some(redis) => test_settings(url, &[("REDIS_URL", redis)]),
            None => test_settings(url, &[]),
        };
        settings.session_idle = Duration::from_secs(2);
        settings.session_max = Duration::from_secs(4);
        settings
    })
    .await;

    // Idle: unused for longer than the limit.
    let idle = app.signed_in("sales@northwind.example").await;
    assert_eq!(idle.get("/partner/customers").await.status, 200);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(idle.get("/partner/customers").await.status, 303, "idle too long");

    // Absolute: busy all along, but older than the limit.
    let busy = app.signed_in("helpdesk@northwind.example").await;
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    while started.elapsed() < Duration::from_millis(5000) {
        statuses.push(busy.get("/partner/customers").await.status.as_u16());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(statuses.first(), Some(&200));
    assert_eq!(statuses.last(), Some(&303), "ended after the absolute limit: {statuses:?}");
}

fn behind_proxy(url: &str) -> partnerlink::config::Settings {
    test_settings(url, &[("PARTNERLINK_TRUST_PROXY", "true")])
}

/// One sign-in attempt in a browser of its own (own session and CSRF token).
async fn sign_in_from(app: &TestApp, headers: &[(&str, &str)], email: &str, password: &str) -> u16 {
    let client = app.new_client();
    let page = read(client.get(app.url("/partner/sign-in")).send().await.unwrap()).await;
    let csrf = page.csrf();
    let mut request = client.post(app.url("/partner/sign-in"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let form = [("csrf_token", csrf.as_str()), ("email", email), ("password", password)];
    request.form(&form).send().await.unwrap().status().as_u16()
}

/// An instance behind a proxy whose sign-in counters are in memory, or in
/// Redis under a key prefix of its own (so runs never share counters).
async fn throttled_app(redis: Option<&str>) -> Arc<TestApp> {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let prefix = format!("partnerlink-test-{}", random_suffix());
    Arc::new(
        spawn_app_with(db, Backend::Sqlite, |url| match redis {
            None => behind_proxy(url),
            Some(redis) => test_settings(
                url,
                &[("PARTNERLINK_TRUST_PROXY", "true"), ("REDIS_URL", redis), ("PARTNERLINK_REDIS_PREFIX", &prefix)],
            ),
        })
        .await,
    )
}

fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{}-{nanos}", std::process::id())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_are_counted_before_any_password_check() {
    parallel_guesses(throttled_app(None).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_are_counted_before_any_password_check_with_redis() {
    let Some(redis) = redis_url() else { return };
    parallel_guesses(throttled_app(Some(&redis)).await).await;
}

async fn parallel_guesses(app: Arc<TestApp>) {
    // Sixty wrong passwords for one account at once: at most five are checked.
    let attempts = (0..60).map(|i| {
        let app = app.clone();
        let from = format!("10.1.{}.{}", i / 250, i % 250);
        async move { sign_in_from(&app, &[("x-forwarded-for", &from)], "admin@fabrikam.example", "wrong").await }
    });
    let statuses = futures::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    // Now the right password among forty parallel guesses opens nothing.
    let attempts = (0..40).map(|i| {
        let app = app.clone();
        let password = if i == 20 { PASSWORD } else { "wrong" };
        let from = format!("10.2.0.{i}");
        async move { sign_in_from(&app, &[("x-forwarded-for", &from)], "admin@fabrikam.example", password).await }
    });
    let statuses = futures::future::join_all(attempts).await;
    assert!(statuses.iter().all(|s| *s == 429), "the account stays closed while throttled: {statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_crowd_out_other_sign_ins() {
    crowding(throttled_app(None).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_crowd_out_other_sign_ins_with_redis() {
    let Some(redis) = redis_url() else { return };
    crowding(throttled_app(Some(&redis)).await).await;
}

async fn crowding(app: Arc<TestApp>) {
    let burst = (0..60).map(|i| {
        let app = app.clone();
        async move {
            let email = format!("nobody{i}@example.com");
            sign_in_from(&app, &[("x-forwarded-for", "203.0.113.7")], &email, "wrong").await
        }
    });
    let other = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let browser = app.browser();
        let csrf = browser.get("/partner/sign-in").await.csrf();
        let form = [("csrf_token", csrf.as_str()), ("email", "sales@northwind.example"), ("password", PASSWORD)];
        let response = browser
            .client
            .post(browser.url("/partner/sign-in"))
            .header("x-forwarded-for", "198.51.100.9")
            .form(&form)
            .send()
            .await
            .unwrap();
        response.status().as_u16()
    };
    let (statuses, other) = tokio::join!(futures::future::join_all(burst), other);
    assert_eq!(other, 303, "another client signs in during the burst");
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 20, "one client had {checked} passwords checked: {statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sent_forwarded_header_does_not_change_who_is_counted() {
    forged_forwarded(throttled_app(None).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sent_forwarded_header_does_not_change_who_is_counted_with_redis() {
    let Some(redis) = redis_url() else { return };
    forged_forwarded(throttled_app(Some(&redis)).await).await;
}

async fn forged_forwarded(app: Arc<TestApp>) {
    let mut statuses = Vec::new();
    for i in 0..25 {
        let forged = format!("for=192.0.2.{i}");
        let spoofed_chain = format!("192.0.2.{i}, 203.0.113.50");
        let headers = [("forwarded", forged.as_str()), ("x-forwarded-for", spoofed_chain.as_str())];
        statuses.push(sign_in_from(&app, &headers, &format!("guess{i}@example.com"), "wrong").await);
    }
    assert_eq!(&statuses[..20], &[401; 20]);
    assert!(statuses[20..].iter().all(|s| *s == 429), "counted per the proxy's address: {statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_trickles_in_is_cut_off_with_408() {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        let mut settings = test_settings(url, &[]);
        settings.body_timeout = Duration::from_secs(1);
        settings
    })
    .await;
    let port = app.port;
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let head = "POST /partner/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                    Content-Length: 100\r\n\r\nema";
        stream.write_all(head.as_bytes()).unwrap();
        let started = std::time::Instant::now();
        let mut buffer = [0u8; 512];
        let read = stream.read(&mut buffer).unwrap_or(0);
        (String::from_utf8_lossy(&buffer[..read]).into_owned(), started.elapsed())
    })
    .await
    .unwrap();
    assert!(response.0.starts_with("HTTP/1.1 408"), "{response:?}");
    assert!(response.1 < Duration::from_secs(8), "{response:?}");
}

on_both_backends! {
    async fn language_links_never_leave_the_site(app) {
        for path in ["//evil.example/login", "//evil.example", "/\\evil.example/x", "///evil.example/a?b=c"] {
            let page = app.get(path).await;
            assert_eq!(page.status, 404, "{path}");
            assert!(!page.body.contains("evil.example"), "{path}: {}", page.body);
            assert!(page.body.contains("lang=ru\" lang=\"ru\""), "{path}: a switcher link");
            assert!(page.body.matches("hreflang=").count() == 3 && !page.body.contains("href=\"/?lang") , "{path}");
            for link in page.body.split("<a href=\"").skip(1).filter_map(|rest| rest.split('"').next()).filter(|href| href.contains("lang=")) {
                assert!(link.starts_with('?'), "{path}: the switcher stays on this page: {link}");
            }
        }
    }

    async fn every_get_route_answers_head(app) {
        let fabrikam = app.id_of("partners", "Fabrikam Solutions").to_string();
        let wingtip = app.id_of("tenants", "Wingtip Toys").to_string();
        let admin = app.signed_in("admin@northwind.example").await;
        for (method, pattern) in partnerlink::routes::list() {
            if method != actix_web::http::Method::GET {
                continue;
            }
            let path = pattern.replace("{name}", "app.css").replace("{id}", &wingtip).replace("{partner_id}", &fabrikam);
            let get = admin.client.get(admin.url(&path)).send().await.unwrap();
            let head = admin.client.head(admin.url(&path)).send().await.unwrap();
            assert_eq!(head.status(), get.status(), "HEAD {path}");
            assert_ne!(head.status(), 405, "HEAD {path}");
            assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
        }
        for path in ["/healthz", "/readyz", "/"] {
            assert_eq!(app.client.head(app.url(path)).send().await.unwrap().status(), 200, "{path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_base_url_gets_hsts_and_a_host_only_cookie() {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        test_settings(url, &[("PARTNERLINK_BASE_URL", "https://partnerlink.example")])
    })
    .await;
    let response = app.client.get(app.url("/partner/sign-in")).send().await.unwrap();
    let hsts = response.headers().get("strict-transport-security").expect("HSTS").to_str().unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-partnerlink_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");

    let plain = spawn_app(Backend::Sqlite).await.unwrap();
    let response = plain.client.get(plain.url("/")).send().await.unwrap();
    assert!(response.headers().get("strict-transport-security").is_none(), "no HSTS over plain http");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_benchmark_baseline_is_off_unless_asked_for() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    assert_eq!(app.get("/bench/fortunes").await.status, 404);
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'fortunes'"),
        0,
        "no table in a new database"
    );

    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let bench =
        spawn_app_with(db, Backend::Sqlite, |url| test_settings(url, &[("PARTNERLINK_BENCH_BASELINE", "true")])).await;
    let page = bench.get("/bench/fortunes").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Additional fortune added at request time.");
    assert_eq!(bench.count("fortunes"), 12);
}

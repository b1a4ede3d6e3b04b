use crate::helpers::*;
use crate::on_both_backends;

on_both_backends! {
    async fn landing_page_speaks_the_language_asked_for_in_the_query(app) {
        for (lang, expected_lang, text) in [
            ("en", "en", "Partner dashboard"),
            ("ru", "ru", "Панель партнера"),
            ("zh-CN", "zh-CN", "合作伙伴仪表板"),
            ("zh-Hans", "zh-CN", "合作伙伴仪表板"),
        ] {
            let page = app.get(&format!("/?lang={lang}")).await;
            assert_eq!(page.status, 200);
            assert_eq!(page.html_lang(), expected_lang);
            page.assert_contains(text);
        }
    }

    async fn a_chosen_language_is_remembered_in_a_cookie(app) {
        let page = app.get("/?lang=ru").await;
        assert!(page.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("lang=ru")));
        let page = app.get("/").await;
        assert_eq!(page.html_lang(), "ru");
    }

    async fn accept_language_chooses_when_nothing_else_does(app) {
        let page = app.get_with("/", &[("Accept-Language", "fr-FR, zh-SG;q=0.9, en;q=0.5")]).await;
        assert_eq!(page.html_lang(), "zh-CN");
        let page = app.get_with("/", &[("Accept-Language", "de, fr")]).await;
        assert_eq!(page.html_lang(), "en");
        let page = app.get_with("/?lang=ru", &[("Accept-Language", "zh-CN")]).await;
        assert_eq!(page.html_lang(), "ru");
    }

    async fn unknown_paths_get_a_localized_404(app) {
        let page = app.get("/no/such/page?lang=ru").await;
        assert_eq!(page.status, 404);
        assert_eq!(page.html_lang(), "ru");
        page.assert_contains("Страница не найдена");
        let response = app.new_client().get(app.url("/static/missing.css")).header("Accept-Language", "zh-CN").send().await.unwrap();
        let page = read(response).await;
        assert_eq!(page.status, 404);
        page.assert_contains("找不到页面");
    }

    async fn wrong_methods_get_a_localized_405(app) {
        let response = app.client.delete(app.url("/?lang=ru")).send().await.unwrap();
        let page = read(response).await;
        assert_eq!(page.status, 405);
        assert_eq!(page.html_lang(), "ru");
    }

    async fn health_and_readiness_answer(app) {
        let page = app.get("/healthz").await;
        assert_eq!((page.status.as_u16(), page.body.as_str()), (200, "ok"));
        assert_eq!(app.get("/readyz").await.status, 200);
    }

    async fn security_headers_are_on_pages_errors_and_static_files(app) {
        let css = app.state.assets.url("app.css");
        for path in ["/", "/nope", &*css] {
            let page = app.get(path).await;
            let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
            assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}");
            assert!(!csp.contains("unsafe-inline"));
            assert_eq!(page.headers.get("referrer-policy").unwrap(), "no-referrer", "{path}");
            assert_eq!(page.headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
            assert!(page.headers.get("x-request-id").is_some());
        }
    }

    async fn static_files_are_cached_and_revalidated(app) {
        let css = app.state.assets.url("app.css");
        let page = app.get(&css).await;
        assert_eq!(page.status, 200);
        assert!(page.headers.get("cache-control").unwrap().to_str().unwrap().contains("max-age=31536000"));
        let etag = page.headers.get("etag").unwrap().to_str().unwrap().to_owned();
        let again = app.get_with(&css, &[("If-None-Match", &etag)]).await;
        assert_eq!(again.status, 304);
    }

    async fn demo_data_is_seeded_once(app) {
        assert_eq!(app.count("partners"), 2);
        let second = spawn_app_with(app.db.clone(), app.backend, |url| test_settings(url, &[])).await;
        assert_eq!(second.count("partners"), 2);
        assert_eq!(second.count("customer_users"), 3);
    }
}

//! The partner dashboard: the invitation link and email, rotation, the
//! customer list, customer detail with Partner-of-Record rules, activity.

use crate::helpers::*;
use crate::on_both_backends;

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

on_both_backends! {
    async fn the_link_is_stable_per_partner_and_carries_no_customer_data(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let sales = app.signed_in("sales@northwind.example").await;
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        let link = invitation_link(&admin).await;
        assert_eq!(invitation_link(&admin).await, link, "same link on every load");
        assert_eq!(invitation_link(&sales).await, link, "same link for every user of the partner");
        assert_ne!(invitation_link(&fabrikam).await, link, "each partner has its own link");
        assert!(link.starts_with(&format!("{}/admin/partner-invitation?token=", app.address)), "{link}");
        let token = token_of(&link);
        assert!(token.len() * 6 >= 128, "at least 128 bits: {token}");
        for customer_data in ["Wingtip", "wingtip", "Tailspin", "tenant", "customer"] {
            assert!(!link.contains(customer_data), "{link}");
        }
        let page = admin.get("/partner/customers/request-relationship").await;
        page.assert_contains("id=\"email-paragraph-1\"");
        page.assert_contains("id=\"email-paragraph-2\"");
        page.assert_contains("id=\"copy-email\"");
        // Hidden until static/app.js shows it: without the script it does nothing.
        page.assert_contains("id=\"copy-email\" class=\"button button--primary\" hidden");
        // The navigation marks the request page's own link, not the
        // customer list's, which its path lies under too.
        assert_eq!(page.body.matches("aria-current=\"page\"").count(), 1, "one current link");
        page.assert_contains("href=\"/partner/customers/request-relationship\" aria-current=\"page\"");
        let list = admin.get("/partner/customers").await;
        list.assert_contains("href=\"/partner/customers\" aria-current=\"page\"");
        let paragraph = page.body.split("id=\"email-link-paragraph\"").nth(1).unwrap();
        assert!(unescape(paragraph).contains(&link), "the link paragraph holds the exact link");
    }

    async fn the_mailto_link_carries_the_email_and_the_exact_link(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let link = invitation_link(&admin).await;
        let page = admin.get("/partner/customers/request-relationship").await;
        let marker = "id=\"mailto-link\" class=\"button button--secondary\" href=\"";
        let href = unescape(page.body.split(marker).nth(1).unwrap().split('"').next().unwrap());
        assert!(href.starts_with("mailto:?subject="), "{href}");
        let body = decode(href.split("&body=").nth(1).unwrap());
        assert!(body.contains(&link), "{body}");
        assert!(body.contains("Northwind Cloud Partners"));
        assert!(!body.contains('\u{2068}') && !body.contains('\u{2069}'), "no isolation marks");
        assert!(!href.contains(' '), "spaces are encoded: {href}");
    }

    async fn email_lang_changes_only_the_email(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/customers/request-relationship?lang=en&email_lang=ru").await;
        assert_eq!(page.html_lang(), "en");
        page.assert_contains("Request a reseller relationship");
        page.assert_contains("Уважаемый клиент!");
        let page = admin.get("/partner/customers/request-relationship?email_lang=zh-CN").await;
        page.assert_contains("尊敬的客户：");
        let page = admin.get("/partner/customers/request-relationship?email_lang=xx").await;
        assert_eq!(page.status, 200);
        page.assert_contains("That email language is not available");
    }

    async fn a_link_without_delegated_admin_can_be_requested(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let full = invitation_link(&admin).await;
        let page = admin.get("/partner/customers/request-relationship?dap=false&dap=false").await;
        let only = unescape(page.body.split("id=\"invitation-link\" class=\"mono\" value=\"").nth(1).unwrap());
        let only = only.split('"').next().unwrap();
        assert_ne!(token_of(only), token_of(&full), "the variant has its own token");
        assert!(!only.contains("dap"), "nothing in the link to edit: {only}");
        page.assert_contains("without delegated administration privileges");
        let page = admin.get("/partner/customers/request-relationship?dap=false&dap=true").await;
        assert!(unescape(&page.body).contains(&format!("value=\"{full}\"")), "checkbox ticked again gives the full link");
    }

    async fn rotation_replaces_the_link_and_the_old_one_stops_working(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let old = invitation_link(&admin).await;
        assert_eq!(admin.get("/partner/customers/request-relationship/rotate").await.status, 200);
        let page = admin.submit("/partner/customers/request-relationship/rotate", "/partner/customers/request-relationship/rotate", &[("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        let new = invitation_link(&admin).await;
        assert_ne!(new, old);
        let customer = app.signed_in("admin@tailspin.example").await;
        let page = customer.get(&format!("{}&lang=ru", old)).await;
        assert_eq!(page.status, 404);
        page.assert_contains(&app.text("ru", "error-invitation-title"));
        assert_eq!(customer.get(&new).await.status, 200);
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link_rotated'"), 1);
        // Only the admin agent may rotate.
        let sales = app.signed_in("sales@northwind.example").await;
        assert_eq!(sales.get("/partner/customers/request-relationship/rotate").await.status, 403);
        let page = sales.submit("/partner/customers", "/partner/customers/request-relationship/rotate", &[("confirm", "yes")]).await;
        assert_eq!(page.status, 403);
        assert_eq!(invitation_link(&admin).await, new);
    }

    async fn helpdesk_agents_cannot_open_the_request_screen(app) {
        let helpdesk = app.signed_in("helpdesk@northwind.example").await;
        let page = helpdesk.get("/partner/customers/request-relationship?lang=zh-CN").await;
        assert_eq!(page.status, 403);
        page.assert_contains("管理员代理或销售代理");
        assert_eq!(helpdesk.get("/partner/customers").await.status, 200);
        // Nothing offers them the screen: no navigation link, no button.
        let request_link = "href=\"/partner/customers/request-relationship\"";
        for path in ["/partner/customers", "/partner/activity"] {
            let page = helpdesk.get(path).await;
            assert_eq!(page.status, 200, "{path}");
            assert!(!page.body.contains(request_link), "{path} links helpdesk agents to a 403");
            page.assert_contains("href=\"/partner/customers\"");
        }
        for email in ["admin@northwind.example", "sales@northwind.example"] {
            let page = app.signed_in(email).await.get("/partner/activity").await;
            page.assert_contains(request_link);
        }
    }

    async fn the_demo_customer_is_in_the_list(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/customers").await;
        page.assert_contains("Wingtip Toys");
        assert!(!page.body.contains("Tailspin Toys"), "not Northwind's customer");
        page.assert_contains("1 customer");
        let page = admin.get("/partner/customers?lang=ru").await;
        page.assert_contains("1 клиент");
    }

    async fn the_list_reads_removed_and_given_back_with_the_date(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        // The customer removes Office 365; the partner gives Dynamics 365 back.
        let customer = app.signed_in("admin@wingtip.example").await;
        let remove = format!("/admin/partner-relationships/{northwind}/remove-delegated-admin");
        let page = customer.submit("/admin/partner-relationships", &remove, &[("service", "office365"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        let partner = app.signed_in("admin@northwind.example").await;
        let release = format!("/partner/customers/{wingtip}/release-delegated-admin");
        let page = partner.submit(&format!("{release}?service=dynamics365"), &release, &[("service", "dynamics365"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 303);

        let page = partner.get("/partner/customers?lang=en").await;
        let row = page.body.split("<tr>").find(|row| row.contains("Wingtip Toys") && row.contains("<td")).expect("Wingtip's row").to_owned();
        // Cells: name, domain, since, then one per service in Service::ALL order.
        let cells: Vec<&str> = row.split("<td").skip(4).collect();
        let year = partnerlink::domain::now().format("%Y").to_string();
        assert!(cells[0].contains(&app.text("en", "customers-dap-removed")) && cells[0].contains(&year), "office365: {}", cells[0]);
        assert!(cells[1].contains(&app.text("en", "customers-dap-none")), "azure: {}", cells[1]);
        assert!(cells[2].contains(&app.text("en", "customers-dap-released")) && cells[2].contains(&year), "dynamics365: {}", cells[2]);
        assert!(cells[3].contains(&app.text("en", "customers-dap-ours")) && !cells[3].contains(&year), "powerbi: {}", cells[3]);

        // Given to another partner later, it still reads "Removed" for us, as
        // on the customer's page; granted back to us, it is ours again.
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        let link = invitation_link(&fabrikam).await;
        let mut fields = vec![("token".to_owned(), token_of(&link)), ("accept_agreement".to_owned(), "yes".to_owned())];
        fields.push(("services".to_owned(), "office365".to_owned()));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(customer.submit(&link, "/admin/partner-invitation", &fields).await.status, 303);
        let page = partner.get("/partner/customers?lang=en").await;
        let row = page.body.split("<tr>").find(|row| row.contains("Wingtip Toys") && row.contains("<td")).unwrap().to_owned();
        assert!(row.split("<td").nth(4).unwrap().contains(&app.text("en", "customers-dap-removed")));
        let ru = partner.get("/partner/customers?lang=ru").await;
        ru.assert_contains(&app.text("ru", "customers-dap-removed"));
    }

    async fn search_and_pages_cover_many_customers(app) {
        {
            let mut conn = app.state.db.get().unwrap();
            partnerlink::seed::seed_bulk(&mut conn, 120).unwrap();
        }
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/customers").await;
        page.assert_contains("121 customers");
        page.assert_contains("Page 1 of 3");
        let rows = |p: &Page| p.customer_ids().len();
        assert_eq!(rows(&page), 50);
        let third = admin.get("/partner/customers?page=3").await;
        assert_eq!(rows(&third), 21);
        for empty in ["", "%20"] {
            let page = admin.get(&format!("/partner/customers?page={empty}&status=")).await;
            assert_eq!(page.status, 200, "page={empty}");
            page.assert_contains("Page 1 of 3");
        }
        let page = admin.get("/partner/customers?q=%D1%80%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0").await; // "ромашка", lower case
        assert!(rows(&page) > 0, "case-insensitive Cyrillic search");
        page.assert_contains("Ромашка");
        let page = admin.get("/partner/customers?q=%E6%98%9F%E8%BE%B0").await; // 星辰
        page.assert_contains("星辰科技");
        let page = admin.get("/partner/customers?q=CUSTOMER12.PARTNER").await;
        page.assert_contains("customer12.partner.onmschina.cn");
        let page = admin.get("/partner/customers?q=%25").await;
        page.assert_contains("No customer matches");
    }

    async fn a_search_is_counted_up_to_the_limit(app) {
        {
            let mut conn = app.state.db.get().unwrap();
            partnerlink::seed::seed_bulk(&mut conn, 1100).unwrap();
        }
        let matching = |term: &str| {
            app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id \
                 JOIN partners p ON p.id = r.partner_id WHERE p.name = 'Northwind Cloud Partners' \
                 AND r.status <> 'ended' AND t.search_key LIKE '%{term}%'"
            ))
        };
        // Fewer tenants than INDEXED_MATCH_LIMIT match, more customers than
        // SEARCH_COUNT_LIMIT: counted to the limit, as a common term is.
        assert!(matching("partner.onmschina") > 1000);
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/customers?q=partner.onmschina").await;
        page.assert_contains("More than 100 customers found");
        page.assert_contains("Page 1 of more than 2");
        let page = admin.get("/partner/customers?q=partner.onmschina&lang=ru").await;
        page.assert_contains("Найдено более 100 клиентов");
        // Below the limit, every match is counted.
        let expected = matching("customer99");
        assert!((2..=100).contains(&expected), "{expected}");
        let page = admin.get("/partner/customers?q=customer99&lang=en").await;
        page.assert_contains(&format!("{expected} customers found"));
        assert!(!page.body.contains("More than"), "a narrow search is counted exactly");
        assert_eq!(page.customer_ids().len() as i64, expected);
        // The list itself is counted whole.
        let page = admin.get("/partner/customers").await;
        page.assert_contains("1,101 customers");
    }

    async fn only_the_partner_of_record_may_change_a_subscription(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let ours = app.scalar(&format!("SELECT id AS n FROM subscriptions WHERE tenant_id = {wingtip} AND service = 'office365'"));
        let theirs = app.scalar(&format!("SELECT id AS n FROM subscriptions WHERE tenant_id = {wingtip} AND service = 'powerbi'"));
        let detail = format!("/partner/customers/{wingtip}");
        let snapshot = || app.scalar(&format!("SELECT seats * 1000 + add_ons * 10 + partner_of_record_id AS n FROM subscriptions WHERE id = {theirs}"));
        let before = snapshot();
        for (action, fields) in [
            ("remove-seats", vec![("seats", "1")]),
            ("order-add-on", vec![]),
            ("transition", vec![("offer", "Power BI Premium Per User")]),
        ] {
            let page = admin.submit(&detail, &format!("{detail}/subscriptions/{theirs}/{action}"), &fields).await;
            assert_eq!(page.status, 403, "{action}");
            page.assert_contains("Only the Partner of Record can do this");
        }
        assert_eq!(snapshot(), before, "nothing changed");

        let page = admin.submit(&detail, &format!("{detail}/subscriptions/{ours}/remove-seats"), &[("seats", "5")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(app.scalar(&format!("SELECT CAST(seats AS BIGINT) AS n FROM subscriptions WHERE id = {ours}")), 20);
        // Seats the subscription cannot lose: its page again (422), saying
        // what the field takes in the reader's language, with what was typed.
        let seats = || app.scalar(&format!("SELECT CAST(seats AS BIGINT) AS n FROM subscriptions WHERE id = {ours}"));
        for (lang, typed) in [("en", "500"), ("ru", "20"), ("zh-CN", "0"), ("en", "-3"), ("ru", "abc"), ("zh-CN", "")] {
            let action = format!("{detail}/subscriptions/{ours}/remove-seats?lang={lang}");
            let page = admin.submit(&detail, &action, &[("seats", typed)]).await;
            assert_eq!(page.status, 422, "{typed:?}: {}", page.body);
            let problem = format!("id=\"seats-problem-{ours}\"");
            page.assert_contains(&format!("role=\"alert\" {problem}"));
            let says = page.body.split(&problem).nth(1).unwrap().split("</p>").next().unwrap();
            assert!(says.contains("19") && !says.contains('{'), "{lang}: {says}");
            page.assert_contains(&format!("max=\"19\" value=\"{typed}\" class=\"seats-input\" aria-invalid=\"true\""));
            // Its language links lead to the customer's page, not to the
            // form's address (405).
            page.assert_contains(&format!("href=\"{detail}?lang=ru\""));
            assert_eq!(seats(), 20, "nothing removed for {typed:?}");
        }
        let _ = admin.get(&format!("{detail}?lang=en")).await;
        // A subscription the customer does not have: 404, whatever is typed.
        let page = admin.submit(&detail, &format!("{detail}/subscriptions/{theirs}0/remove-seats"), &[("seats", "x")]).await;
        assert_eq!(page.status, 404);
        let page = admin.submit(&detail, &format!("{detail}/subscriptions/{ours}/transition"), &[("offer", "Office 365 E5")]).await;
        assert_eq!(page.status, 303);
        let page = admin.submit(&detail, &format!("{detail}/subscriptions/{ours}/order-add-on"), &[]).await;
        assert_eq!(page.status, 303);
        let helpdesk = app.signed_in("helpdesk@northwind.example").await;
        let page = helpdesk.submit(&detail, &format!("{detail}/subscriptions/{ours}/order-add-on"), &[]).await;
        assert_eq!(page.status, 403);
        let activity = admin.get("/partner/activity").await;
        activity.assert_contains("Seats removed");
        activity.assert_contains("Subscription transitioned");
    }

    async fn another_partners_customer_is_not_found(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let subscription = app.scalar(&format!("SELECT MIN(id) AS n FROM subscriptions WHERE tenant_id = {tailspin}"));
        assert_eq!(admin.get(&format!("/partner/customers/{tailspin}")).await.status, 404);
        for path in ["/partner/customers/999999", "/partner/customers/abc", "/partner/customers/99999999999999999999999"] {
            assert_eq!(admin.get(path).await.status, 404, "{path}");
        }
        let page = admin
            .submit("/partner/customers", &format!("/partner/customers/{tailspin}/subscriptions/{subscription}/order-add-on"), &[])
            .await;
        assert_eq!(page.status, 404);
    }

    async fn the_customer_detail_explains_removed_delegated_admin(app) {
        let admin = app.signed_in("admin@northwind.example").await;
        let customer = app.signed_in("admin@wingtip.example").await;
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let page = customer
            .submit("/admin/partner-relationships", &format!("/admin/partner-relationships/{northwind}/remove-delegated-admin"), &[("service", "office365"), ("confirm", "yes")])
            .await;
        assert_eq!(page.status, 303);
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let page = admin.get(&format!("/partner/customers/{wingtip}")).await;
        page.assert_contains("The customer removed your delegated administration on");
        page.assert_contains("href=\"/partner/customers/request-relationship\"");
        let activity = admin.get("/partner/activity").await;
        activity.assert_contains("Delegated administration removed");
    }
}

//! Keyset paging of the customer list: plain `<a href>` links carrying a
//! cursor, pages that stay put while customers are added, old `?page=N`
//! links, and a bad cursor answered with a localized 400.

use std::collections::BTreeSet;

use crate::helpers::*;
use crate::on_both_backends;

fn seed(app: &TestApp, count: u32) {
    let mut conn = app.state.db.get().unwrap();
    partnerlink::seed::seed_bulk(&mut conn, count).unwrap();
}

#[derive(diesel::QueryableByName, Debug)]
struct PlanLine {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    line: String,
}

/// On PostgreSQL, statistics that put a common term in almost no rows (a
/// one-value sample) would have the planner read the partner's whole list
/// and sort it: a common term is read in the index's order all the same.
fn assert_read_newest_first_whatever_the_statistics(app: &TestApp, term: &str) {
    use diesel::RunQueryDsl;
    use partnerlink::db::{DbConn, InIndexOrder};
    let DbConn::Postgres(mut conn) = app.state.db.get().unwrap() else { return };
    app.execute("ALTER TABLE reseller_relationships ALTER COLUMN search_key SET STATISTICS 1");
    app.execute("ANALYZE reseller_relationships");
    let northwind = app.id_of("partners", "Northwind Cloud Partners");
    let sql = format!(
        "EXPLAIN SELECT id FROM reseller_relationships WHERE partner_id = {northwind} \
         AND status <> 'ended' AND search_key LIKE '%{term}%' ORDER BY id DESC LIMIT 51"
    );
    let plan = conn.in_index_order(|conn| diesel::sql_query(&sql).load::<PlanLine>(conn)).unwrap();
    assert!(plan.iter().all(|step| !step.line.contains("Sort")), "{plan:#?}");
    assert!(plan.iter().any(|step| step.line.contains("Index")), "{plan:#?}");
}

on_both_backends! {
    async fn pages_stay_put_while_customers_are_added(app) {
        seed(&app, 120);
        let admin = app.signed_in("admin@northwind.example").await;
        let first = admin.get("/partner/customers?lang=en").await;
        first.assert_contains("Page 1 of 3");
        assert_eq!(first.page_link("prev"), None);
        let next = first.page_link("next").expect("a next link");
        assert!(next.starts_with("/partner/customers?after="), "{next}");
        let second = admin.get(&next).await;
        second.assert_contains("Page 2 of 3");
        // Customers added now come first; the pages already reached do not move.
        seed(&app, 30);
        let third = admin.get(&second.page_link("next").expect("page 3")).await;
        third.assert_contains("Page 3 of");
        assert_eq!(third.page_link("next"), None, "the last page");
        let (a, b, c) = (first.customer_ids(), second.customer_ids(), third.customer_ids());
        assert_eq!((a.len(), b.len(), c.len()), (50, 50, 21));
        let all: BTreeSet<i64> = a.iter().chain(&b).chain(&c).copied().collect();
        assert_eq!(all.len(), 121, "no customer twice, none skipped");
        assert!(a.last() > b.first() && b.last() > c.first(), "newest first across pages");
        // Back from page 3: page 2 exactly as it was.
        let back = admin.get(&third.page_link("prev").expect("a previous link")).await;
        assert_eq!(back.customer_ids(), b);
        back.assert_contains("Page 2 of");
        // Back again: the first page as it was, with the 30 added above it.
        let before = admin.get(&back.page_link("prev").expect("the page before")).await;
        assert_eq!(before.customer_ids(), a);
        let top = admin.get(&before.page_link("prev").expect("the added customers")).await;
        top.assert_contains("Page 1 of 4");
        assert_eq!(top.page_link("prev"), None);
        assert_eq!(top.customer_ids().len(), 50);
        assert!(top.customer_ids().first() > a.first(), "the added customers are on top");
    }

    async fn links_keep_the_search_and_the_status(app) {
        seed(&app, 130);
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/customers?lang=en&q=ONMSCHINA&status=active").await;
        let next = page.page_link("next").expect("a next link");
        assert!(next.contains("q=ONMSCHINA") && next.contains("status=active"), "{next}");
        let second = admin.get(&next).await;
        assert_eq!(second.customer_ids().len(), 50);
        let third = admin.get(&second.page_link("next").unwrap()).await;
        assert_eq!(third.customer_ids().len(), 31, "130 matches and Wingtip");
        assert!(third.body.contains("value=\"ONMSCHINA\""), "the search box keeps the term");
        // An old numbered link still opens its page.
        let old = admin.get("/partner/customers?lang=en&q=ONMSCHINA&status=active&page=3").await;
        assert_eq!(old.customer_ids(), third.customer_ids());
    }

    async fn a_common_term_pages_like_a_rare_one(app) {
        // More tenants match than the index hands out for a selective search:
        // the list is read newest first with the term as a filter.
        let over = partnerlink::domain::customers::INDEXED_MATCH_LIMIT as u32 + 10;
        seed(&app, over);
        assert_read_newest_first_whatever_the_statistics(&app, "partner.onmschina");
        // Each relationship carries its customer's search key, kept equal by
        // the database whoever writes the tenant.
        let stale = "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id \
                     WHERE r.search_key <> t.search_key";
        assert_eq!(app.scalar(stale), 0);
        app.execute("UPDATE tenants SET search_key = 'renamed customer' WHERE name = 'Wingtip Toys'");
        assert_eq!(app.scalar(stale), 0, "a tenant's new key reaches its relationships");
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM reseller_relationships WHERE search_key = 'renamed customer'"), 2);
        let admin = app.signed_in("admin@northwind.example").await;
        let first = admin.get("/partner/customers?lang=en&q=partner.onmschina").await;
        first.assert_contains("More than 100 customers found");
        first.assert_contains("Page 1 of more than 2");
        let ru = admin.get("/partner/customers?lang=ru&q=partner.onmschina").await;
        ru.assert_contains("Найдено более 100 клиентов");
        ru.assert_contains("Страница 1 из более чем 2");
        let second = admin.get(&first.page_link("next").unwrap()).await;
        let third = admin.get(&second.page_link("next").unwrap()).await;
        let back = admin.get(&third.page_link("prev").unwrap()).await;
        assert_eq!(back.customer_ids(), second.customer_ids());
        let all: BTreeSet<i64> = first.customer_ids().into_iter().chain(second.customer_ids()).chain(third.customer_ids()).collect();
        assert_eq!(all.len(), 150);
        // The same pages as a selective search would cut: by number.
        let numbered = admin.get("/partner/customers?lang=en&q=partner.onmschina&page=3").await;
        assert_eq!(numbered.customer_ids(), third.customer_ids());
        // A partner holding a fifth of those customers: counted up to the
        // limit, and every one of them reached by following the links.
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let expected = app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id \
             WHERE r.partner_id = {fabrikam} AND r.status <> 'ended' AND t.search_key LIKE '%partner.onmschina%'"
        ));
        assert!(expected > 100, "{expected}");
        let theirs = app.signed_in("admin@fabrikam.example").await;
        let mut page = theirs.get("/partner/customers?lang=en&q=partner.onmschina").await;
        page.assert_contains("More than 100 customers found");
        let mut seen = BTreeSet::new();
        for number in 1.. {
            page.assert_contains(&format!("Page {number} of more than {}", number.max(2)));
            seen.extend(page.customer_ids());
            let Some(next) = page.page_link("next") else { break };
            page = theirs.get(&next).await;
        }
        assert_eq!(seen.len() as i64, expected, "every match once");
    }

    async fn a_numbered_page_past_the_end_is_the_last_page(app) {
        seed(&app, 60);
        let admin = app.signed_in("admin@northwind.example").await;
        let last = admin.get("/partner/customers?lang=en&page=2").await;
        assert_eq!(last.customer_ids().len(), 11, "60 and Wingtip");
        for query in ["page=3", "page=999999", "q=ONMSCHINA&page=40", "status=active&page=7"] {
            let page = admin.get(&format!("/partner/customers?lang=en&{query}")).await;
            assert_eq!(page.status, 200, "{query}");
            page.assert_contains("Page 2 of 2");
            assert_eq!(page.customer_ids(), last.customer_ids(), "{query}");
            assert!(page.page_link("prev").is_some(), "{query}: a way back");
        }
    }

    async fn a_bad_page_link_is_a_localized_400(app) {
        seed(&app, 60);
        let admin = app.signed_in("admin@northwind.example").await;
        for cursor in ["garbage", "MS4w", "%27%3B--", "LTEuNQ", &"A".repeat(200)] {
            for (lang, id) in [("en", "pagination-link-invalid"), ("ru", "pagination-link-invalid"), ("zh-CN", "pagination-link-invalid")] {
                for side in ["after", "before"] {
                    let page = admin.get(&format!("/partner/customers?lang={lang}&{side}={cursor}")).await;
                    assert_eq!(page.status, 400, "{side}={cursor}");
                    page.assert_contains(&app.text(lang, id));
                }
            }
        }
        // A page number or a status nobody's link holds: 400, said in the
        // reader's language, as the activity log does.
        for lang in ["en", "ru", "zh-CN"] {
            for bad in ["0", "-1", "abc", "1.5", "99999999999999999999"] {
                let page = admin.get(&format!("/partner/customers?lang={lang}&page={bad}")).await;
                assert_eq!(page.status, 400, "page={bad}");
                page.assert_contains(&app.text(lang, "pagination-number-invalid"));
                let page = admin.get(&format!("/partner/activity?lang={lang}&page={bad}")).await;
                assert_eq!(page.status, 400, "activity page={bad}");
                page.assert_contains(&app.text(lang, "activity-error-page"));
            }
            let page = admin.get(&format!("/partner/customers?lang={lang}&status=gone")).await;
            assert_eq!(page.status, 400, "status=gone");
            page.assert_contains(&app.text(lang, "lifecycle-filter-unknown"));
        }
        for cursor in ["garbage", "MS4w"] {
            let page = admin.get(&format!("/partner/activity?lang=en&after={cursor}")).await;
            assert_eq!(page.status, 400, "activity after={cursor}");
            page.assert_contains(&app.text("en", "activity-error-page"));
        }
        // A cursor past everything is an empty page with a way back, not an error.
        let far = admin.get("/partner/customers?lang=en&after=MS4x").await; // "1.1"
        assert_eq!(far.status, 200);
        assert_eq!(far.customer_ids().len(), 0);
        assert!(far.page_link("prev").is_some());
    }
}

/// The `detail` numbers (`ev-N`) of the events an activity page shows, in order.
fn event_numbers(page: &Page) -> Vec<i64> {
    page.body.split(">ev-").skip(1).filter_map(|rest| rest.split('<').next()?.parse().ok()).collect()
}

on_both_backends! {
    async fn numbered_pages_start_where_the_counts_say(app) {
        // Relationships over three blocks of 1,024 ids, of all three
        // statuses, some removed; events of two partners interleaved over
        // five blocks, some removed.
        seed(&app, 2600);
        // Signed in first: on SQLite the events written below are then not
        // counted yet (no write of the application since), and are counted
        // by the pages that read them.
        let admin = app.signed_in("admin@northwind.example").await;
        let partner = app.signed_in("sales@northwind.example").await;
        let customer = app.signed_in("admin@wingtip.example").await;
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        app.execute(&format!("UPDATE reseller_relationships SET status = 'ended' WHERE partner_id = {northwind} AND id % 7 = 0"));
        app.execute(&format!("UPDATE reseller_relationships SET status = 'ending' WHERE partner_id = {northwind} AND id % 11 = 0 AND status <> 'ended'"));
        app.execute(&format!("UPDATE reseller_relationships SET status = 'active' WHERE partner_id = {northwind} AND id % 77 = 0"));
        app.execute(&format!(
            "DELETE FROM reseller_relationships WHERE partner_id = {northwind} AND id % 13 = 0 AND tenant_id NOT IN \
             (SELECT tenant_id FROM delegated_admin_grants UNION SELECT tenant_id FROM subscriptions)"
        ));
        app.execute(&format!(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 5000) \
             INSERT INTO audit_events (occurred_at, action, actor_name, partner_id, tenant_id, detail) \
             SELECT created_at, 'invitation_declined', 'Bo', CASE WHEN n % 2 = 1 THEN {northwind} ELSE {fabrikam} END, \
             {wingtip}, 'ev-' || CAST(n AS TEXT) FROM g, (SELECT MIN(created_at) AS created_at FROM reseller_relationships) t"
        ));
        app.execute("DELETE FROM audit_events WHERE detail LIKE 'ev-%' AND id % 17 = 0");
        // The open relationships' count the application keeps, as it would.
        app.execute(
            "UPDATE partners SET customer_count = (SELECT COUNT(*) FROM reseller_relationships r \
             WHERE r.partner_id = partners.id AND r.status <> 'ended')",
        );
        app.assert_page_counts_agree();
        assert!(app.scalar("SELECT MAX(id) AS n FROM reseller_relationships") > 2 * 1024);
        let uncounted = "SELECT COUNT(*) AS n FROM audit_events WHERE id > (SELECT up_to FROM counted_events)";
        if app.backend == Backend::Sqlite {
            assert!(app.scalar(uncounted) > 4000, "the events written here wait for a write to be counted");
        }

        for (query, condition) in [
            ("", "status <> 'ended'"),
            ("&status=active", "status = 'active'"),
            ("&status=ending", "status = 'ending'"),
            ("&status=ended", "status = 'ended'"),
        ] {
            let domains = app.texts(&format!(
                "SELECT t.domain AS s FROM reseller_relationships r JOIN tenants t ON t.id = r.tenant_id \
                 WHERE r.partner_id = {northwind} AND r.{condition} ORDER BY r.id DESC"
            ));
            let last = (domains.len() as i64 + 49) / 50;
            assert!(last >= 2, "{query}: {} customers", domains.len());
            for number in [2, 3, last / 2, last / 2 + 1, last - 1, last, last + 1, 999_999] {
                let page = admin.get(&format!("/partner/customers?lang=en{query}&page={number}")).await;
                assert_eq!(page.status, 200, "{query} page {number}");
                let shown = number.min(last);
                page.assert_contains(&format!("Page {shown} of {last}"));
                let skip = (shown as usize - 1) * 50;
                assert_eq!(page.customer_domains(), domains[skip..(skip + 50).min(domains.len())], "{query} page {number}");
            }
        }

        // The activity logs of both sides, by number and by link alike.
        for (client, path, scope) in [
            (&partner, "/partner/activity", format!("partner_id = {northwind}")),
            (&customer, "/admin/activity", format!("tenant_id = {wingtip}")),
        ] {
            let numbers: Vec<i64> = app
                .texts(&format!("SELECT detail AS s FROM audit_events WHERE {scope} ORDER BY id DESC LIMIT 2000"))
                .iter()
                .map(|detail| detail.strip_prefix("ev-").and_then(|n| n.parse().ok()).unwrap_or(-1))
                .collect();
            let mut by_link = client.get(&format!("{path}?lang=en")).await;
            for number in 1..=40_i64 {
                let page = client.get(&format!("{path}?lang=en&page={number}")).await;
                assert_eq!(page.status, 200, "{path} page {number}");
                let skip = (number as usize - 1) * 50;
                let expected = &numbers[skip..skip + 50];
                assert_eq!(event_numbers(&page), expected, "{path} page {number}");
                assert_eq!(event_numbers(&by_link), expected, "{path} page {number} by link");
                by_link = client.get(&by_link.page_link("next").expect("a next link")).await;
            }
            // Past the end: the last page, counted exactly.
            let total = app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE {scope}"));
            let last = (total + 49) / 50;
            let page = client.get(&format!("{path}?lang=en&page=999999")).await;
            page.assert_contains(&format!("Page {last} of {last}"));
            assert!(page.page_link("prev").is_some() && page.page_link("next").is_none(), "{path}");
        }
        // The application's next write counts them.
        app.signed_in("admin@fabrikam.example").await;
        if app.backend == Backend::Sqlite {
            assert_eq!(app.scalar(uncounted), 0);
        }
        app.assert_page_counts_agree();
    }
}

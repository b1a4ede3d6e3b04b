//! Both activity pages and their CSV exports: filters, paging, bad input,
//! other organisations' ids, formula cells, and an export of many events.

use crate::helpers::*;
use crate::on_both_backends;

const BOM: &str = "\u{FEFF}";

/// Adds an event directly (`at` as `YYYY-MM-DD HH:MM:SS`, UTC).
fn insert_event(
    app: &TestApp,
    at: &str,
    action: &str,
    actor: &str,
    (partner, tenant): (i64, i64),
    service: &str,
    detail: &str,
) {
    let at = match app.backend {
        Backend::Postgres => format!("TIMESTAMP '{at}'"),
        Backend::Sqlite => format!("'{at}'"),
    };
    let service = if service.is_empty() { "NULL".to_owned() } else { format!("'{service}'") };
    let actor = actor.replace('\'', "''");
    let detail = detail.replace('\'', "''");
    app.execute(&format!(
        "INSERT INTO audit_events (occurred_at, action, actor_name, partner_id, tenant_id, service, detail) \
         VALUES ({at}, '{action}', '{actor}', {partner}, {tenant}, {service}, '{detail}')"
    ));
}

/// How many times `marker` occurs in `text`.
fn count(text: &str, marker: &str) -> usize {
    text.matches(marker).count()
}

struct Ids {
    tailspin: i64,
    wingtip: i64,
    northwind: i64,
    fabrikam: i64,
}

fn ids(app: &TestApp) -> Ids {
    Ids {
        tailspin: app.id_of("tenants", "Tailspin Toys"),
        wingtip: app.id_of("tenants", "Wingtip Toys"),
        northwind: app.id_of("partners", "Northwind Cloud Partners"),
        fabrikam: app.id_of("partners", "Fabrikam Solutions"),
    }
}

/// Three marked events on Tailspin with Fabrikam around midnight UTC of
/// 2 March 2026, and a declined invitation from Northwind.
async fn marked_events(app: &TestApp) -> Ids {
    let ids = ids(app);
    insert_event(app, "2026-03-01 10:00:00", "dap_granted", "Ann", (ids.fabrikam, ids.tailspin), "azure", "mark-a");
    insert_event(app, "2026-03-02 23:59:59", "dap_removed", "Ann", (ids.fabrikam, ids.tailspin), "azure", "mark-b");
    insert_event(app, "2026-03-03 00:00:00", "dap_removed", "Ann", (ids.fabrikam, ids.tailspin), "powerbi", "mark-c");
    let northwind = app.signed_in("admin@northwind.example").await;
    let token = token_of(&invitation_link(&northwind).await);
    let customer = app.signed_in("admin@tailspin.example").await;
    let page = customer
        .submit(
            &format!("/admin/partner-invitation?token={token}"),
            "/admin/partner-invitation/decline",
            &[("token", token.as_str())],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    ids
}

on_both_backends! {
    async fn the_customer_sees_every_partners_events_and_filters_narrow_them(app) {
        let ids = marked_events(&app).await;
        let user = app.signed_in("user@tailspin.example").await;
        let page = user.get("/admin/activity?lang=en").await;
        assert_eq!(page.status, 200, "{}", page.body);
        page.assert_contains("Fabrikam Solutions");
        page.assert_contains("Invitation declined");
        page.assert_contains("Northwind Cloud Partners");
        for mark in ["mark-a", "mark-b", "mark-c"] {
            page.assert_contains(mark);
        }

        let only = |query: String| {
            let user = &user;
            async move {
                let page = user.get(&format!("/admin/activity?lang=en&{query}")).await;
                assert_eq!(page.status, 200, "{query}: {}", page.body);
                let rows = page.body.split("<tbody>").nth(1).unwrap_or_default();
                ["mark-a", "mark-b", "mark-c", "Invitation declined"]
                    .into_iter()
                    .filter(|m| rows.contains(m))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(only(format!("partner={}", ids.northwind)).await, ["Invitation declined"]);
        assert_eq!(only("action=dap_removed".into()).await, ["mark-b", "mark-c"]);
        assert_eq!(only("service=azure&action=dap_removed".into()).await, ["mark-b"]);
        assert_eq!(only("from=2026-03-02&to=2026-03-02".into()).await, ["mark-b"]);
        assert_eq!(only("from=2026-03-01&to=2026-03-02&partner=".to_owned() + &ids.fabrikam.to_string()).await, [
            "mark-a", "mark-b"
        ]);
        // Page links keep the filters.
        for n in 0..60 {
            insert_event(&app, "2026-04-01 12:00:00", "dap_granted", "Bo", (ids.fabrikam, ids.tailspin), "office365", &format!("bulk-{n}"));
        }
        let page = user.get("/admin/activity?lang=en&service=office365&from=2026-04-01").await;
        let next = page.page_link("next").expect("a next link");
        assert!(next.starts_with("/admin/activity?service=office365&from=2026-04-01&after="), "{next}");
        page.assert_contains("href=\"/admin/activity.csv?service=office365&#38;from=2026-04-01\"");
        let second = user.get(&next).await;
        assert_eq!(count(&second.body, "bulk-"), 10, "60 events: 50 on page 1, 10 on page 2");
        second.assert_contains("Page 2 of 2");
        // A link from before cursors still opens its page.
        let second = user.get("/admin/activity?lang=en&service=office365&from=2026-04-01&page=2").await;
        assert_eq!(count(&second.body, "bulk-"), 10);
    }

    async fn the_partner_filters_by_customer_action_service_and_dates(app) {
        let ids = ids(&app);
        insert_event(&app, "2026-03-01 10:00:00", "dap_granted", "Ann", (ids.northwind, ids.wingtip), "azure", "mark-a");
        insert_event(&app, "2026-03-05 10:00:00", "addon_ordered", "Ann", (ids.northwind, ids.wingtip), "", "mark-b");
        insert_event(&app, "2026-03-01 10:00:00", "dap_granted", "Cy", (ids.fabrikam, ids.wingtip), "azure", "mark-other-partner");
        let helpdesk = app.signed_in("helpdesk@northwind.example").await;
        let page = helpdesk.get("/partner/activity?lang=en").await;
        assert_eq!(page.status, 200, "{}", page.body);
        page.assert_contains("mark-a");
        assert!(!page.body.contains("mark-other-partner"), "another partner's events never show");
        assert!(!page.body.contains("Fabrikam"), "another partner is never named");

        let detail = helpdesk.get(&format!("/partner/customers/{}", ids.wingtip)).await;
        detail.assert_contains(&format!("href=\"/partner/activity?customer={}\"", ids.wingtip));
        let page = helpdesk.get(&format!("/partner/activity?lang=en&customer={}", ids.wingtip)).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Wingtip Toys");
        page.assert_contains("mark-a");
        let page = helpdesk.get("/partner/activity?lang=en&q=wingt").await;
        page.assert_contains("mark-b");
        let page = helpdesk.get("/partner/activity?lang=en&q=no-such-customer").await;
        assert!(!page.body.contains("mark-a"));
        page.assert_contains(&app.text("en", "activity-empty-filtered"));
        let page = helpdesk.get("/partner/activity?lang=en&action=addon_ordered").await;
        assert!(page.body.contains("mark-b") && !page.body.contains("mark-a"));
        let page = helpdesk.get("/partner/activity?lang=en&service=azure&to=2026-03-04").await;
        assert!(page.body.contains("mark-a") && !page.body.contains("mark-b"));
    }

    async fn bad_filters_answer_a_localized_400_that_keeps_the_form(app) {
        let admin = app.signed_in("admin@tailspin.example").await;
        let partner = app.signed_in("admin@northwind.example").await;
        let events = app.count("audit_events");
        for (query, id) in [
            ("from=2026-13-45", "activity-error-date"),
            ("to=yesterday", "activity-error-date"),
            ("from=2026-03-02&to=2026-03-01", "activity-error-dates-reversed"),
            ("action=drop_tables", "activity-error-action"),
            ("service=exchange", "activity-error-service"),
            ("page=two", "activity-error-page"),
            ("page=0", "activity-error-page"),
            ("partner=x", "activity-error-id"),
        ] {
            for lang in ["en", "ru", "zh-CN"] {
                for path in ["/admin/activity", "/admin/activity.csv"] {
                    let page = admin.get(&format!("{path}?lang={lang}&{query}")).await;
                    assert_eq!(page.status, 400, "{path}?{query}");
                    assert_eq!(page.html_lang(), lang);
                    page.assert_contains(&as_html(&app.text(lang, id)));
                }
                let page = partner.get(&format!("/partner/activity.csv?lang={lang}&{query}")).await;
                assert_eq!(page.status, 400, "partner {query}");
            }
        }
        let page = admin.get("/admin/activity?from=2026-13-45&service=azure").await;
        page.assert_contains("value=\"2026-13-45\"");
        page.assert_contains("value=\"azure\" selected");
        assert_eq!(app.count("audit_events"), events, "nothing changes");
    }

    async fn a_page_past_the_end_shows_the_last_page(app) {
        let ids = ids(&app);
        for n in 0..120 {
            insert_event(&app, "2026-04-01 12:00:00", "dap_granted", "Bo", (ids.northwind, ids.wingtip), "office365", &format!("bulk-{n}-"));
        }
        let partner = app.signed_in("sales@northwind.example").await;
        let total = app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE partner_id = {}", ids.northwind));
        let pages = (total + 49) / 50;
        let page = partner.get("/partner/activity?lang=en&page=999999").await;
        assert_eq!(page.status, 200);
        page.assert_contains(&format!("Page {pages} of {pages}"));
        assert!(page.body.contains("rel=\"prev\"") && !page.body.contains("rel=\"next\""));
        let page = partner.get("/partner/activity?lang=en&service=office365&page=7").await;
        page.assert_contains("Page 3 of 3");
        assert_eq!(count(&page.body, "bulk-"), 20);
    }

    async fn a_long_log_is_counted_only_some_pages_ahead(app) {
        let ids = ids(&app);
        let at = match app.backend {
            Backend::Postgres => "TIMESTAMP '2026-04-01 12:00:00'",
            Backend::Sqlite => "'2026-04-01 12:00:00'",
        };
        app.execute(&format!(
            "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1200) \
             INSERT INTO audit_events (occurred_at, action, actor_name, partner_id, tenant_id, service, detail) \
             SELECT {at}, 'dap_granted', 'Bo', {}, {}, 'office365', 'bulk' FROM g",
            ids.northwind, ids.wingtip
        ));
        let total = app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE partner_id = {}", ids.northwind));
        let last = (total + 49) / 50;
        assert!(last > 23, "{total} events");
        let partner = app.signed_in("sales@northwind.example").await;
        // Counted 5 pages past the page shown, not to the end.
        let page = partner.get("/partner/activity?lang=en").await;
        page.assert_contains("More than 300 events");
        page.assert_contains("Page 1 of more than 6");
        assert!(page.body.contains("rel=\"next\"") && !page.body.contains("rel=\"prev\""));
        let page = partner.get("/partner/activity?lang=en&page=3").await;
        page.assert_contains("Page 3 of more than 8");
        assert_eq!(count(&page.body, ">bulk<"), 50);
        // Near the end the count is exact.
        let page = partner.get(&format!("/partner/activity?lang=en&page={}", last - 2)).await;
        page.assert_contains(&format!("Page {} of {last}", last - 2));
        page.assert_contains(&format!("{},{:03} events", total / 1000, total % 1000));
        let page = partner.get(&format!("/partner/activity?lang=en&page={last}")).await;
        page.assert_contains(&format!("Page {last} of {last}"));
        assert!(!page.body.contains("rel=\"next\""));
        // Past the end: the last page, counted exactly.
        let page = partner.get("/partner/activity?lang=en&page=1000000").await;
        assert_eq!(page.status, 200);
        page.assert_contains(&format!("Page {last} of {last}"));
        // The customer's page pages the same way.
        let customer = app.signed_in("admin@wingtip.example").await;
        let page = customer.get("/admin/activity?lang=en").await;
        page.assert_contains("Page 1 of more than 6");
        let page = customer.get("/admin/activity?lang=en&page=99999").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("rel=\"prev\"") && !page.body.contains("rel=\"next\""));
        // A malformed page is still a 400.
        assert_eq!(customer.get("/admin/activity?lang=en&page=-1").await.status, 400);
    }

    async fn pages_reached_by_link_stay_put_while_events_are_added(app) {
        let ids = ids(&app);
        let add = |from: usize, to: usize| {
            for n in from..to {
                insert_event(&app, "2026-04-01 12:00:00", "dap_granted", "Bo", (ids.northwind, ids.wingtip), "office365", &format!("seq-{n:03}-"));
            }
        };
        add(0, 120);
        let markers = |page: &Page| -> Vec<String> {
            page.body.split("seq-").skip(1).map(|rest| rest[..3].to_owned()).collect()
        };
        let partner = app.signed_in("sales@northwind.example").await;
        let first = partner.get("/partner/activity?lang=en&from=2026-04-01&to=2026-04-01").await;
        let second = partner.get(&first.page_link("next").expect("page 2")).await;
        second.assert_contains("Page 2 of 3");
        add(120, 130);
        let third = partner.get(&second.page_link("next").expect("page 3")).await;
        assert_eq!(third.page_link("next"), None);
        let (a, b, c) = (markers(&first), markers(&second), markers(&third));
        assert_eq!((a.len(), b.len(), c.len()), (50, 50, 20));
        let all: std::collections::BTreeSet<&String> = a.iter().chain(&b).chain(&c).collect();
        assert_eq!(all.len(), 120, "no event twice, none skipped");
        let back = partner.get(&third.page_link("prev").expect("back to page 2")).await;
        assert_eq!(markers(&back), b);
        // The customer's log pages the same way.
        let customer = app.signed_in("admin@wingtip.example").await;
        let first = customer.get("/admin/activity?lang=en&from=2026-04-01").await;
        let next = first.page_link("next").expect("a next link");
        assert!(next.starts_with("/admin/activity?from=2026-04-01&after="), "{next}");
        assert_eq!(markers(&customer.get(&next).await).len(), 50);
    }

    async fn another_organisations_ids_are_not_found(app) {
        let ids = ids(&app);
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let northwind = app.signed_in("admin@northwind.example").await;
        for path in [
            format!("/admin/activity?partner={}", ids.northwind),
            format!("/admin/activity.csv?partner={}", ids.northwind),
            "/admin/activity?partner=999999".to_owned(),
            format!("/admin/activity?customer={}", ids.wingtip),
        ] {
            assert_eq!(tailspin.get(&path).await.status, 404, "{path}");
        }
        assert_eq!(tailspin.get(&format!("/admin/activity?partner={}", ids.fabrikam)).await.status, 200);
        for path in [
            format!("/partner/activity?customer={}", ids.tailspin),
            format!("/partner/activity.csv?customer={}", ids.tailspin),
            format!("/partner/activity?partner={}", ids.fabrikam),
            "/partner/activity?customer=999999".to_owned(),
        ] {
            assert_eq!(northwind.get(&path).await.status, 404, "{path}");
        }
        assert_eq!(northwind.get(&format!("/partner/activity?customer={}", ids.wingtip)).await.status, 200);
    }

    async fn the_csv_has_a_bom_localized_headers_codes_and_no_formulas(app) {
        let ids = marked_events(&app).await;
        insert_event(&app, "2026-03-04 08:00:00", "seats_removed", "=HYPERLINK(\"http://evil\",\"x\")", (ids.fabrikam, ids.tailspin), "office365", "-2");
        insert_event(&app, "2026-03-04 09:00:00", "addon_ordered", "@admin", (ids.fabrikam, ids.tailspin), "", "+cmd|' /C calc'!A0");
        let admin = app.signed_in("admin@tailspin.example").await;
        for lang in ["en", "ru", "zh-CN"] {
            let csv = admin.get(&format!("/admin/activity.csv?lang={lang}")).await;
            assert_eq!(csv.status, 200);
            assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
            let disposition = csv.headers["content-disposition"].to_str().unwrap();
            assert!(disposition.starts_with("attachment; filename="), "{disposition}");
            assert!(csv.body.starts_with(BOM), "UTF-8 with BOM");
            let header = csv.body.trim_start_matches(BOM).lines().next().unwrap().to_owned();
            for id in ["activity-csv-time", "activity-csv-action-code", "activity-csv-partner", "activity-csv-service"] {
                assert!(header.contains(&app.text(lang, id)), "{lang}: {header}");
            }
            let declined = app.text(lang, "activity-invitation-declined");
            assert!(csv.body.contains(&format!("invitation_declined,{declined},Northwind Cloud Partners")), "{}", csv.body);
        }
        let csv = admin.get("/admin/activity.csv?lang=en&action=seats_removed").await;
        let rows: Vec<&str> = csv.body.lines().skip(1).collect();
        assert_eq!(rows.len(), 1, "{}", csv.body);
        assert_eq!(
            rows[0],
            "2026-03-04T08:00:00Z,seats_removed,Seats removed,Fabrikam Solutions,office365,Office 365 operated by 21Vianet,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'-2"
        );
        let csv = admin.get("/admin/activity.csv?lang=en&action=addon_ordered").await;
        assert!(csv.body.contains(",'@admin,'+cmd|' /C calc'!A0\r\n"), "{}", csv.body);
        for row in csv.body.lines().skip(1) {
            for cell in row.split(',') {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell}");
            }
        }

        // The same rows as the page, filter for filter.
        let page = admin.get("/admin/activity?lang=en&service=azure").await;
        let csv = admin.get("/admin/activity.csv?lang=en&service=azure").await;
        assert_eq!(csv.body.lines().count() - 1, count(&page.body, "<tr>") - 1);
        assert!(csv.body.contains("mark-a") && csv.body.contains("mark-b") && !csv.body.contains("mark-c"));

        let partner = app.signed_in("admin@northwind.example").await;
        let csv = partner.get("/partner/activity.csv?lang=ru").await;
        assert_eq!(csv.status, 200);
        let header = csv.body.trim_start_matches(BOM).lines().next().unwrap().to_owned();
        assert!(header.contains(&app.text("ru", "activity-csv-customer")), "{header}");
        assert!(!csv.body.contains("Fabrikam"), "another partner is never named");
    }

    async fn a_large_export_streams_every_row(app) {
        let ids = ids(&app);
        let at = match app.backend {
            Backend::Postgres => "TIMESTAMP '2026-05-01 00:00:00'",
            Backend::Sqlite => "'2026-05-01 00:00:00'",
        };
        app.execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
             INSERT INTO audit_events (occurred_at, action, actor_name, partner_id, tenant_id, service, detail) \
             SELECT {at}, 'dap_granted', 'Bulk', {}, {}, 'azure', 'bulk' FROM n",
            ids.northwind, ids.wingtip
        ));
        let partner = app.signed_in("admin@northwind.example").await;
        let csv = partner.get("/partner/activity.csv?lang=en&from=2026-05-01&to=2026-05-01").await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.headers.get("content-length").is_none(), "streamed, not buffered");
        assert_eq!(count(&csv.body, ",Bulk,bulk\r\n"), 20000);
        assert_eq!(csv.body.lines().count(), 20001);
        let customer = app.signed_in("admin@wingtip.example").await;
        let csv = customer.get("/admin/activity.csv?service=azure&action=dap_granted").await;
        assert_eq!(count(&csv.body, ",Bulk,bulk\r\n"), 20000);
    }
}

/// Message text as it appears in HTML (askama escapes quotes).
fn as_html(text: &str) -> String {
    text.replace('"', "&#34;").replace('\'', "&#39;")
}

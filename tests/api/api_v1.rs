//! The JSON API v1 (DESIGN.md §14): keys, endpoints, problems, paging, the
//! rate limit and the OpenAPI document — every answer checked against the
//! document the app serves.

use std::collections::HashSet;
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use crate::api_support::*;
use crate::helpers::*;
use crate::on_both_backends;

const GDAPS: &str = "/api/v1/delegatedAdminRelationships";

on_both_backends! {
    async fn a_key_is_shown_once_works_until_revoked_and_names_itself_in_activity(app) {
        let doc = document(&app).await;
        let key = issue_key(&app, "admin@northwind.example", "CIPP sync", "read").await;
        assert!(key.starts_with("plk_") && key.len() > 40, "{key}");
        // Shown once: the next visit does not show it, and it is not stored.
        let admin = app.signed_in("admin@northwind.example").await;
        let page = admin.get("/partner/settings/api-keys").await;
        assert!(!page.body.contains(&key) && !page.body.contains("id=\"api-key\""));
        page.assert_contains("CIPP sync");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) AS n FROM api_keys WHERE secret_digest = '{key}'")), 0);

        let customers = get(&app, "/api/v1/customers", &key).await;
        assert_eq!(customers.status, 200, "{}", customers.text);
        conforms(&doc, "get", "/api/v1/customers", &customers);
        let names: Vec<&str> = customers.body["value"].as_array().unwrap().iter().map(|c| c["displayName"].as_str().unwrap()).collect();
        assert_eq!(names, ["Wingtip Toys"]);
        // The last use shows on the page.
        let page = admin.get("/partner/settings/api-keys").await;
        assert!(!page.body.contains(&app.text("en", "api-keys-never-used")), "last use is shown");

        // A read-only key cannot write.
        let refused = post_json(&app, GDAPS, &key, &json!({})).await;
        assert_eq!((refused.status, refused.code()), (403, "insufficient_scope"));
        assert!(refused.header("www-authenticate").contains("insufficient_scope"));
        conforms(&doc, "post", GDAPS, &refused);

        // The key outlives its creator's role.
        app.execute("UPDATE partner_users SET role = 'sales_agent' WHERE email = 'admin@northwind.example'");
        assert_eq!(get(&app, "/api/v1/customers", &key).await.status, 200);
        app.execute("UPDATE partner_users SET role = 'admin_agent' WHERE email = 'admin@northwind.example'");

        // Revoked: refused on the very next request.
        let id = app.scalar("SELECT MAX(id) AS n FROM api_keys");
        let admin = app.signed_in("admin@northwind.example").await;
        let path = "/partner/settings/api-keys";
        let revoked = admin.submit(path, &format!("{path}/{id}/revoke"), &[]).await;
        assert_eq!(revoked.status, 303, "{}", revoked.body);
        let gone = get(&app, "/api/v1/customers", &key).await;
        assert_eq!((gone.status, gone.code()), (401, "unauthorized"));
        assert_eq!(gone.header("www-authenticate"), "Bearer error=\"invalid_token\"");
        // Another partner cannot revoke it (or see it).
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        assert_eq!(fabrikam.submit(path, &format!("{path}/{id}/revoke"), &[]).await.status, 404);
        // Creating and revoking are in the partner's activity.
        let events = app.scalar(
            "SELECT COUNT(*) AS n FROM audit_events WHERE action IN ('api_key_created', 'api_key_revoked') \
             AND detail = 'CIPP sync'",
        );
        assert_eq!(events, 2);
    }

    async fn delegated_admin_relationships_go_through_the_api_with_the_pages_rules(app) {
        let doc = document(&app).await;
        let key = issue_key(&app, "admin@northwind.example", "Provisioning", "read_write").await;
        let body = json!({
            "displayName": "Helpdesk for Tailspin",
            "duration": "P90D",
            "customer": {"domain": "TailspinToys.partner.onmschina.cn."},
            "accessDetails": {"unifiedRoles": [
                {"roleDefinitionId": "office365.helpdesk_admin"},
                {"roleDefinitionId": "azure.reader"},
                {"roleDefinitionId": "azure.reader"}
            ]}
        });
        let created = post_json(&app, GDAPS, &key, &body).await;
        assert_eq!(created.status, 201, "{}", created.text);
        conforms(&doc, "post", GDAPS, &created);
        let relationship = &created.body;
        let id = relationship["id"].as_str().unwrap().to_owned();
        assert_eq!(created.header("location"), app.url(&format!("{GDAPS}/{id}")));
        assert_eq!(relationship["status"], "approvalPending");
        assert_eq!(relationship["duration"], "P90D");
        assert_eq!(relationship["autoExtendDuration"], "PT0S");
        assert_eq!(relationship["customer"], Value::Null);
        assert_eq!(relationship["customerDomain"], "tailspintoys.partner.onmschina.cn");
        let roles: Vec<&str> = relationship["accessDetails"]["unifiedRoles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["roleDefinitionId"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["office365.helpdesk_admin", "azure.reader"]);
        assert!(relationship["customerApprovalUrl"].as_str().unwrap().ends_with(&format!("/admin/delegated-admin-requests/{id}")));

        // The partner's page shows it; the audit trail names the key.
        let admin = app.signed_in("admin@northwind.example").await;
        admin.get(&format!("/partner/delegated-admin-requests/{id}")).await.assert_contains("Helpdesk for Tailspin");
        let activity = admin.get("/partner/activity").await;
        activity.assert_contains("API key");
        activity.assert_contains("Provisioning");
        assert!(!activity.body.contains("api-key:"), "the stored actor is shown as words");
        let events = get(&app, "/api/v1/activity?action=gdap_requested", &key).await;
        conforms(&doc, "get", "/api/v1/activity", &events);
        let actor = &events.body["value"][0]["actor"];
        assert_eq!((actor["type"].as_str(), actor["name"].as_str()), (Some("apiKey"), Some("Provisioning")));

        // The customer approves one role on its page; the API shows it active.
        let customer = app.signed_in("admin@tailspin.example").await;
        let approve = format!("/admin/delegated-admin-requests/{id}");
        let approved = customer.submit(&approve, &approve, &[("roles", "azure.reader"), ("duration_days", "90")]).await;
        assert_eq!(approved.status, 303, "{}", approved.body);
        let one = get(&app, &format!("{GDAPS}/{id}"), &key).await;
        assert_eq!(one.status, 200, "{}", one.text);
        conforms(&doc, "get", "/api/v1/delegatedAdminRelationships/{id}", &one);
        assert_eq!(one.body["status"], "active");
        assert_eq!(one.body["customer"]["displayName"], "Tailspin Toys");
        assert_eq!(one.body["accessDetails"]["unifiedRoles"], json!([{"roleDefinitionId": "azure.reader"}]));
        assert!(one.body["activatedDateTime"].as_str().unwrap().ends_with('Z'));

        // Filters.
        let active = get(&app, &format!("{GDAPS}?$filter=status%20eq%20'active'"), &key).await;
        conforms(&doc, "get", GDAPS, &active);
        assert_eq!(active.body["value"].as_array().unwrap().len(), 1);
        let pending = get(&app, &format!("{GDAPS}?$filter=status%20eq%20'approvalPending'"), &key).await;
        assert_eq!(pending.body["value"].as_array().unwrap().len(), 0);

        // Another partner's key sees nothing of it.
        let fabrikam = issue_key(&app, "admin@fabrikam.example", "Fabrikam tool", "read_write").await;
        assert_eq!(get(&app, &format!("{GDAPS}/{id}"), &fabrikam).await.code(), "not_found");
        let theirs = call(&app, Method::POST, &format!("{GDAPS}/{id}/terminate"), Some(&fabrikam), &[], None).await;
        assert_eq!((theirs.status, theirs.code()), (404, "not_found"));
        assert!(get(&app, GDAPS, &fabrikam).await.body["value"].as_array().unwrap().is_empty());

        // Terminating through the API: the outbox tells the customer, as the page would.
        let before = app.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type LIKE '%terminated%'");
        let ended = call(&app, Method::POST, &format!("{GDAPS}/{id}/terminate"), Some(&key), &[], None).await;
        assert_eq!(ended.status, 200, "{}", ended.text);
        conforms(&doc, "post", "/api/v1/delegatedAdminRelationships/{id}/terminate", &ended);
        assert_eq!(ended.body["status"], "terminated");
        let after = app.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type LIKE '%terminated%'");
        assert!(after > before, "the termination is notified");
        // The messages name the key by its name and say it is one, never
        // its stored form with the key's hint.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type LIKE '%terminated%' \
                 AND payload LIKE '%\"actor\":\"Provisioning\"%' AND payload LIKE '%\"actor_type\":\"api_key\"%' \
                 AND payload NOT LIKE '%api-key:%'"
            ),
            after - before
        );
        let again = call(&app, Method::POST, &format!("{GDAPS}/{id}/terminate"), Some(&key), &[], None).await;
        assert_eq!((again.status, again.code()), (409, "not_in_force"));
        conforms(&doc, "post", "/api/v1/delegatedAdminRelationships/{id}/terminate", &again);
        assert_eq!(
            app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'gdap_terminated' AND actor_name LIKE 'api-key:%'"),
            1
        );
    }

    async fn bad_requests_get_localized_problems_never_a_500(app) {
        let doc = document(&app).await;
        let key = issue_key(&app, "admin@northwind.example", "Probe", "read_write").await;
        let problem = |answer: &Answer, status: u16, code: &str| {
            assert_eq!((answer.status, answer.code()), (status, code), "{}", answer.text);
            assert_eq!(answer.body["status"], status);
            assert_eq!(answer.body["type"], format!("urn:partnerlink:problem:{code}"));
            assert!(!answer.detail().is_empty() && !answer.body["title"].as_str().unwrap().is_empty());
        };

        // No key, a wrong key, another scheme: 401 with the challenge, in each language.
        for (lang, accept) in [("en", "en-US,en;q=0.9"), ("ru", "ru-RU,ru;q=0.9,en;q=0.5"), ("zh-CN", "zh-CN,zh;q=0.9")] {
            let answer = call(&app, Method::GET, "/api/v1/customers", None, &[("accept-language", accept)], None).await;
            problem(&answer, 401, "unauthorized");
            assert_eq!(answer.header("www-authenticate"), "Bearer");
            assert_eq!(answer.detail(), app.text(lang, "api-problem-unauthorized"));
            // Titles speak of keys and resources, not of pages and signing in.
            assert_eq!(answer.body["title"], app.text(lang, "api-title-401"));
            let missing = call(&app, Method::GET, "/api/v1/nothing", Some(&key), &[("accept-language", accept)], None).await;
            assert_eq!(missing.body["title"], app.text(lang, "api-title-404"));
            conforms(&doc, "get", "/api/v1/customers", &answer);
        }
        let wrong = call(&app, Method::GET, "/api/v1/customers", Some("plk_not-a-key"), &[], None).await;
        problem(&wrong, 401, "unauthorized");
        // A key that is not one: the challenge says so (RFC 6750 §3.1); no
        // key, or another scheme, gets the bare challenge.
        assert_eq!(wrong.header("www-authenticate"), "Bearer error=\"invalid_token\"");
        let basic = call(&app, Method::GET, "/api/v1/customers", None, &[("authorization", "Basic YTpi")], None).await;
        problem(&basic, 401, "unauthorized");
        assert_eq!(basic.header("www-authenticate"), "Bearer");
        // A signed-in browser's cookie is not a key.
        let browser = app.signed_in("admin@northwind.example").await;
        let cookie = browser.get("/api/v1/customers").await;
        assert_eq!(cookie.status, 401);

        // Unknown paths and methods.
        problem(&get(&app, "/api/v1/nothing-here", &key).await, 404, "not_found");
        problem(&get(&app, "/api/v1/customers/abc", &key).await, 404, "not_found");
        problem(&get(&app, "/api/v1/customers/999999999", &key).await, 404, "not_found");
        problem(&call(&app, Method::DELETE, "/api/v1/customers", Some(&key), &[], None).await, 405, "method_not_allowed");

        // Query parameters.
        problem(&get(&app, "/api/v1/customers?$top=0", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/customers?$top=101", &key).await, 400, "invalid_parameter");
        let typo = get(&app, "/api/v1/customers?stauts=active", &key).await;
        problem(&typo, 400, "invalid_parameter");
        assert_eq!(typo.body["field"], "stauts");
        assert!(typo.detail().contains("stauts"));
        problem(&get(&app, "/api/v1/customers?status=gone", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/customers?q=a&q=b", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/customers?q=%00", &key).await, 400, "unstorable_input");
        problem(&get(&app, &format!("{GDAPS}?$filter=name%20eq%20'x'"), &key).await, 400, "invalid_filter");
        problem(&get(&app, &format!("{GDAPS}?$filter=status%20eq%20'nope'"), &key).await, 400, "invalid_filter");
        problem(&get(&app, "/api/v1/activity?from=2026-13-45", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/activity?action=hacked", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/customers/relationshiprequests?dap=maybe", &key).await, 400, "invalid_parameter");
        problem(&get(&app, "/api/v1/customers?cursor=garbage", &key).await, 400, "invalid_cursor");
        // A value the parameter does not take: the detail says which it
        // takes, in the reader's language; the code stays invalid_parameter.
        for (lang, path, field, says) in [
            ("en", "/api/v1/customers?status=gone", "status", "open, active, ending, ended"),
            ("ru", "/api/v1/customers/relationshiprequests?dap=maybe", "dap", "true, false"),
            ("zh-CN", "/api/v1/activity?service=azur", "service", "office365, azure, dynamics365, powerbi"),
            ("en", "/api/v1/activity?action=hacked", "action", "invitation_accepted, invitation_declined"),
            ("ru", "/api/v1/activity?from=2026-02-30", "from", "2026-03-01"),
            ("zh-CN", "/api/v1/activity?from=2026-03-01&to=tomorrow", "to", "YYYY-MM-DD"),
            ("en", "/api/v1/activity?from=2026-03-02&to=2026-03-01", "from", "later than"),
            ("ru", "/api/v1/activity?customer=x", "customer", "1"),
        ] {
            let answer = call(&app, Method::GET, path, Some(&key), &[("accept-language", lang)], None).await;
            problem(&answer, 400, "invalid_parameter");
            assert_eq!(answer.body["field"], field, "{path}");
            assert!(answer.detail().contains(says), "{path}: {}", answer.detail());
            assert!(!answer.detail().contains("{"), "{path}: {}", answer.detail());
        }

        // Bodies.
        let send = |content_type: &'static str, body: Vec<u8>| {
            let (app, key) = (&app, &key);
            async move { call(app, Method::POST, GDAPS, Some(key), &[], Some((content_type, body))).await }
        };
        problem(&send("text/plain", b"{}".to_vec()).await, 415, "unsupported_media_type");
        problem(&send("application/x-www-form-urlencoded", b"a=b".to_vec()).await, 415, "unsupported_media_type");
        problem(&send("application/json", b"{\"displayName\": ".to_vec()).await, 400, "malformed_json");
        // JSON that is not an object: the detail says so, in each language (it
        // read "The field  has a value of the wrong type", naming no field).
        for (lang, body) in [("en", "[1, 2]"), ("ru", "\"x\""), ("zh-CN", "null")] {
            let headers = [("accept-language", lang)];
            let answer =
                call(&app, Method::POST, GDAPS, Some(&key), &headers, Some(("application/json", body.into()))).await;
            problem(&answer, 422, "invalid_field");
            assert_eq!(answer.body["field"], "");
            assert_eq!(answer.detail(), app.text(lang, "api-problem-body-not-object"), "{body}");
        }
        problem(&send("application/json", vec![b' '; 300 * 1024]).await, 413, "payload_too_large");
        let valid = json!({
            "displayName": "x", "duration": "P30D",
            "accessDetails": {"unifiedRoles": [{"roleDefinitionId": "azure.reader"}]}
        });
        let with = |change: &dyn Fn(&mut Value)| {
            let mut body = valid.clone();
            change(&mut body);
            body
        };
        let cases: Vec<(Value, u16, &str, &str)> = vec![
            (with(&|b| b["extra"] = json!(1)), 422, "unknown_field", "/extra"),
            (with(&|b| b["accessDetails"]["unifiedRoles"][0]["roleId"] = json!("x")), 422, "unknown_field", "/accessDetails/unifiedRoles/0/roleId"),
            (with(&|b| { b.as_object_mut().unwrap().remove("duration"); }), 422, "missing_field", "/duration"),
            (with(&|b| b["displayName"] = json!(5)), 422, "invalid_field", "/displayName"),
            (with(&|b| b["displayName"] = json!("  ")), 422, "name_missing", "/displayName"),
            (with(&|b| b["displayName"] = json!("x".repeat(101))), 422, "name_too_long", "/displayName"),
            (with(&|b| b["displayName"] = json!("Line one\nline two")), 422, "name_not_one_line", "/displayName"),
            (with(&|b| b["displayName"] = json!("Helpdesk\tTailspin")), 422, "name_not_one_line", "/displayName"),
            (with(&|b| b["displayName"] = json!("a\u{0}b")), 400, "unstorable_input", "/displayName"),
            (with(&|b| b["duration"] = json!("P731D")), 422, "duration_out_of_range", "/duration"),
            (with(&|b| b["duration"] = json!("90 days")), 422, "duration_out_of_range", "/duration"),
            (with(&|b| b["autoExtendDuration"] = json!("P7D")), 422, "invalid_field", "/autoExtendDuration"),
            (with(&|b| b["accessDetails"]["unifiedRoles"] = json!([])), 422, "no_roles", "/accessDetails/unifiedRoles"),
            (with(&|b| b["accessDetails"]["unifiedRoles"][0]["roleDefinitionId"] = json!("office365.god")), 422, "unknown_role", "/accessDetails/unifiedRoles/0/roleDefinitionId"),
            (with(&|b| {
                b["autoExtendDuration"] = json!("P180D");
                b["accessDetails"]["unifiedRoles"] = json!([{"roleDefinitionId": "office365.global_admin"}]);
            }), 422, "auto_extend_with_full_admin", "/autoExtendDuration"),
            (with(&|b| b["customer"] = json!({"domain": "not a domain"})), 422, "domain_invalid", "/customer/domain"),
            (with(&|b| b["customer"] = json!({"tenantId": "1"})), 422, "unknown_field", "/customer/tenantId"),
        ];
        for (body, status, code, field) in cases {
            let answer = post_json(&app, GDAPS, &key, &body).await;
            problem(&answer, status, code);
            assert_eq!(answer.body["field"], field, "{body}");
            conforms(&doc, "post", GDAPS, &answer);
        }
        // Details in Russian and Chinese come from the locales, with their values.
        let ru = call(&app, Method::POST, GDAPS, Some(&key), &[("accept-language", "ru")], Some(("application/json", with(&|b| b["x"] = json!(1)).to_string().into_bytes()))).await;
        assert!(ru.detail().contains("/x") && ru.detail().contains("Поле"), "{}", ru.detail());
        let two_lines = with(&|b| b["displayName"] = json!("Line one\r\nline two")).to_string().into_bytes();
        let zh = call(&app, Method::POST, GDAPS, Some(&key), &[("accept-language", "zh-CN")], Some(("application/json", two_lines))).await;
        assert_eq!(zh.detail(), app.text("zh-CN", "api-problem-name-not-one-line"));
        let zh = call(&app, Method::GET, "/api/v1/customers?$top=999", Some(&key), &[("accept-language", "zh-CN")], None).await;
        assert!(zh.detail().contains("$top") && zh.detail().contains("查询参数"), "{}", zh.detail());
        // $top's detail gives the range (it said "unknown, repeated, or has a value that is not allowed").
        assert_eq!(zh.detail(), "查询参数 $top 必须是 1 到 100 之间的整数。");
        for (lang, top) in [("en", "0"), ("ru", "-1"), ("zh-CN", "1e3")] {
            let path = format!("/api/v1/activity?$top={top}");
            let answer = call(&app, Method::GET, &path, Some(&key), &[("accept-language", lang)], None).await;
            problem(&answer, 400, "invalid_parameter");
            assert_eq!(answer.body["field"], "$top");
            assert!(answer.detail().contains("100") && answer.detail().contains("$top"), "{}", answer.detail());
        }
        // Nothing was created by any of it.
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_relationships WHERE created_by LIKE 'api-key:%'"), 0);
    }

    async fn lists_page_with_cursors_that_survive_inserts(app) {
        let doc = document(&app).await;
        let key = issue_key(&app, "admin@northwind.example", "Pager", "read_write").await;
        app.state.db.run(|conn| partnerlink::seed::seed_bulk(conn, 7)).await.unwrap();
        let mut seen = HashSet::new();
        let mut path = "/api/v1/customers?$top=3".to_owned();
        let mut pages = 0;
        loop {
            let page = get(&app, &path, &key).await;
            assert_eq!(page.status, 200, "{}", page.text);
            conforms(&doc, "get", "/api/v1/customers", &page);
            for customer in page.body["value"].as_array().unwrap() {
                assert!(seen.insert(customer["id"].as_str().unwrap().to_owned()), "no customer twice");
            }
            pages += 1;
            if pages == 1 {
                // A customer added meanwhile is newer: it never shows up on later pages, nor moves them.
                app.state.db.run(|conn| partnerlink::seed::seed_bulk(conn, 1)).await.unwrap();
            }
            match page.body["nextLink"].as_str() {
                Some(next) => {
                    assert!(next.contains("%24top=3") || next.contains("$top=3"), "{next}");
                    path = path_of(next, &app);
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), 8, "Wingtip and the 7 customers there were at the start");
        // A cursor belongs to its query.
        let first = get(&app, "/api/v1/customers?$top=2", &key).await;
        let next = path_of(first.body["nextLink"].as_str().unwrap(), &app);
        let cursor = next.split("cursor=").nth(1).unwrap();
        let other = get(&app, &format!("/api/v1/customers?$top=2&status=ended&cursor={cursor}"), &key).await;
        assert_eq!((other.status, other.code()), (400, "invalid_cursor"));
        let moved = get(&app, &format!("/api/v1/activity?cursor={cursor}"), &key).await;
        assert_eq!(moved.code(), "invalid_cursor");
        let fabrikam = issue_key(&app, "admin@fabrikam.example", "Other", "read").await;
        assert_eq!(get(&app, &next, &fabrikam).await.code(), "invalid_cursor");
        // The same query written differently (a padded value, an empty
        // parameter) is the same query, and takes the same cursor.
        let searched = get(&app, "/api/v1/customers?$top=2&q=onmschina", &key).await;
        let next = path_of(searched.body["nextLink"].as_str().unwrap(), &app);
        let cursor = next.split("cursor=").nth(1).unwrap();
        for same in ["q=%20onmschina%20&status=", "status=&q=onmschina"] {
            let again = get(&app, &format!("/api/v1/customers?$top=2&{same}&cursor={cursor}"), &key).await;
            assert_eq!(again.status, 200, "{same}: {}", again.text);
            assert_eq!(again.body["value"], get(&app, &next, &key).await.body["value"], "{same}");
        }

        // Activity pages the same way, newest first, each event once.
        let mut ids = Vec::new();
        let mut path = "/api/v1/activity?$top=4".to_owned();
        loop {
            let page = get(&app, &path, &key).await;
            conforms(&doc, "get", "/api/v1/activity", &page);
            ids.extend(page.body["value"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().parse::<i64>().unwrap()));
            match page.body["nextLink"].as_str() {
                Some(next) => path = path_of(next, &app),
                None => break,
            }
        }
        assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, no repeats");
        let northwind = app.id_of("partners", "Northwind Cloud Partners");
        assert_eq!(ids.len() as i64, app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE partner_id = {northwind}")));

        // Delegated-admin relationships too.
        for i in 0..5 {
            let body = json!({"displayName": format!("R{i}"), "duration": "P10D", "accessDetails": {"unifiedRoles": [{"roleDefinitionId": "azure.reader"}]}});
            assert_eq!(post_json(&app, GDAPS, &key, &body).await.status, 201);
        }
        let mut names = Vec::new();
        let mut path = format!("{GDAPS}?$top=2");
        loop {
            let page = get(&app, &path, &key).await;
            conforms(&doc, "get", GDAPS, &page);
            names.extend(page.body["value"].as_array().unwrap().iter().map(|r| r["displayName"].as_str().unwrap().to_owned()));
            match page.body["nextLink"].as_str() {
                Some(next) => path = path_of(next, &app),
                None => break,
            }
        }
        assert_eq!(names, ["R4", "R3", "R2", "R1", "R0"]);
    }

    async fn relationship_requests_and_customers_have_their_documented_shapes(app) {
        let doc = document(&app).await;
        let key = issue_key(&app, "admin@northwind.example", "Shapes", "read").await;
        let with = get(&app, "/api/v1/customers/relationshiprequests", &key).await;
        conforms(&doc, "get", "/api/v1/customers/relationshiprequests", &with);
        assert_eq!(with.body["attributes"]["objectType"], "RelationshipRequest");
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(with.body["url"].as_str().unwrap(), invitation_link(&admin).await);
        let without = get(&app, "/api/v1/customers/relationshiprequests?dap=false", &key).await;
        assert_ne!(without.body["url"], with.body["url"], "the reseller-only link has its own token");

        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let one = get(&app, &format!("/api/v1/customers/{wingtip}"), &key).await;
        assert_eq!(one.status, 200, "{}", one.text);
        conforms(&doc, "get", "/api/v1/customers/{id}", &one);
        assert_eq!(one.body["displayName"], "Wingtip Toys");
        assert_eq!(one.body["relationship"]["status"], "active");
        let por: HashSet<&str> = one.body["subscriptions"].as_array().unwrap().iter().map(|s| s["partnerOfRecord"].as_str().unwrap()).collect();
        assert!(por.contains("self") && por.contains("otherPartner"), "{por:?}");
        // Another partner is never named.
        assert!(!one.text.contains("Fabrikam"), "{}", one.text);
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        assert_eq!(get(&app, &format!("/api/v1/customers/{tailspin}"), &key).await.code(), "not_found");
        // Search works in every script.
        let found = get(&app, "/api/v1/customers?q=WINGTIP", &key).await;
        assert_eq!(found.body["value"].as_array().unwrap().len(), 1);
        let none = get(&app, "/api/v1/customers?q=%E4%B8%AD%E6%96%87", &key).await;
        assert_eq!(none.body["value"].as_array().unwrap().len(), 0);
        assert!(none.body.get("nextLink").is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_public_and_lists_exactly_the_api_routes() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let answer = call(&app, Method::GET, "/api/v1/openapi.json", None, &[], None).await;
    assert_eq!(answer.status, 200);
    assert!(answer.header("content-type").starts_with("application/json"));
    let doc = answer.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let mut documented: HashSet<(String, String)> = HashSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for method in operations.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let routed: HashSet<(String, String)> = partnerlink::routes::list()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/"))
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(undocumented.is_empty(), "routes the document lacks: {undocumented:?}");
    assert!(unrouted.is_empty(), "documented paths without a route: {unrouted:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_key_is_rate_limited_and_redis_shares_the_count_between_instances() {
    // In memory, per instance.
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app =
        spawn_app_with(db, Backend::Sqlite, |url| test_settings(url, &[("PARTNERLINK_API_REQUESTS_PER_MINUTE", "3")]))
            .await;
    let key = issue_key(&app, "admin@northwind.example", "Busy", "read").await;
    let other = issue_key(&app, "admin@northwind.example", "Calm", "read").await;
    for _ in 0..3 {
        assert_eq!(get(&app, "/api/v1/customers", &key).await.status, 200);
    }
    let limited = get(&app, "/api/v1/customers", &key).await;
    assert_eq!((limited.status, limited.code()), (429, "rate_limited"));
    let wait: u64 = limited.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(limited.detail().contains(&wait.to_string()), "{}", limited.detail());
    assert_eq!(get(&app, "/api/v1/customers", &other).await.status, 200, "another key has its own count");

    // Through Redis, shared by two instances on one PostgreSQL database.
    let (Some(redis), Some(db)) = (redis_url(), TestDatabase::new(Backend::Postgres)) else { return };
    let db = Arc::new(db);
    let prefix = format!("apitest{:08x}", rand::random::<u32>());
    let settings = |url: &str| {
        test_settings(
            url,
            &[
                ("REDIS_URL", redis.as_str()),
                ("PARTNERLINK_REDIS_PREFIX", prefix.as_str()),
                ("PARTNERLINK_API_REQUESTS_PER_MINUTE", "4"),
            ],
        )
    };
    let a = spawn_app_with(db.clone(), Backend::Postgres, settings).await;
    let b = spawn_app_with(db.clone(), Backend::Postgres, settings).await;
    let key = issue_key(&a, "admin@northwind.example", "Shared", "read").await;
    for app in [&a, &b, &a, &b] {
        assert_eq!(get(app, "/api/v1/activity", &key).await.status, 200);
    }
    assert_eq!(get(&b, "/api/v1/activity", &key).await.status, 429);
    assert_eq!(get(&a, "/api/v1/activity", &key).await.status, 429);
    // Revoked on one instance: refused by the other at once.
    let fresh = issue_key(&a, "admin@northwind.example", "Revoked", "read").await;
    assert_eq!(get(&b, "/api/v1/customers", &fresh).await.status, 200);
    let id = a.scalar("SELECT MAX(id) AS n FROM api_keys");
    let admin = a.signed_in("admin@northwind.example").await;
    let path = "/partner/settings/api-keys";
    assert_eq!(admin.submit(path, &format!("{path}/{id}/revoke"), &[]).await.status, 303);
    assert_eq!(get(&b, "/api/v1/customers", &fresh).await.status, 401);
}

#[test]
fn hostile_input_to_the_api_gets_problems_never_a_500_on_sqlite() {
    hostile_input_to_the_api(Backend::Sqlite);
}

#[test]
fn hostile_input_to_the_api_gets_problems_never_a_500_on_postgres() {
    hostile_input_to_the_api(Backend::Postgres);
}

/// Generated hostile query strings, path ids and bodies (raw bytes, JSON of
/// every type, hostile strings in each field of a valid request): every
/// answer is JSON below 500, every refusal a problem with a code and a
/// detail, and only a 201 creates anything.
fn hostile_input_to_the_api(backend: Backend) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let Some(app) = rt.block_on(spawn_app(backend)) else { return };
    let key = rt.block_on(issue_key(&app, "admin@northwind.example", "Fuzz", "read_write"));
    let hostile = || {
        prop_oneof![
            "(?s).{0,40}",
            "[0-9]{15,30}",
            "-[0-9]{1,12}",
            Just("\0".to_owned()),
            "[a-z]{0,6}[\\x00-\\x1f\\x7f]{1,3}[a-z]{0,6}",
            "[a-zA-Z0-9%]{300,600}",
            "('|%27|%00|%ZZ|\\$|&|=|\\*|\\\\){1,10}",
        ]
    };
    let shape = |answer: &Answer| -> Result<(), TestCaseError> {
        prop_assert!(answer.status < 500, "{}: {}", answer.status, answer.text);
        let content_type = answer.header("content-type");
        prop_assert!(
            content_type.starts_with("application/json") || content_type.starts_with("application/problem+json"),
            "{content_type}: {}",
            answer.text
        );
        if answer.status >= 400 {
            prop_assert!(!answer.code().is_empty() && !answer.detail().is_empty(), "{}", answer.text);
        }
        Ok(())
    };
    let mut config = Config { cases: 48, failure_persistence: None, ..Config::default() };
    let paths = ["/api/v1/customers", "/api/v1/activity", GDAPS, "/api/v1/customers/relationshiprequests"];
    let params =
        ["q", "status", "$top", "cursor", "$filter", "customer", "action", "service", "from", "to", "dap", "x"];
    TestRunner::new(config.clone())
        .run(&(0..paths.len(), 0..params.len(), hostile(), hostile()), |(p, k, value, id)| {
            let query = format!(
                "{}?{}={}",
                paths[p],
                params[k],
                form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
            );
            let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
            for path in [query, format!("/api/v1/customers/{id}"), format!("{GDAPS}/{id}")] {
                shape(&rt.block_on(get(&app, &path, &key)))?;
            }
            Ok(())
        })
        .unwrap();

    let before = app.count("delegated_admin_relationships");
    let created = std::sync::atomic::AtomicI64::new(0);
    let valid = json!({"displayName": "x", "duration": "P30D", "accessDetails": {"unifiedRoles": [{"roleDefinitionId": "azure.reader"}]}});
    let field = prop_oneof![
        Just("/displayName"),
        Just("/duration"),
        Just("/autoExtendDuration"),
        Just("/customer"),
        Just("/accessDetails/unifiedRoles/0/roleDefinitionId"),
        Just("/accessDetails"),
    ];
    let value = prop_oneof![
        hostile().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::Null),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
    ];
    config.cases = 64;
    TestRunner::new(config)
        .run(&(field, value, proptest::collection::vec(any::<u8>(), 0..200)), |(pointer, value, bytes)| {
            let mut body = valid.clone();
            let (parent, name) = pointer.rsplit_once('/').unwrap();
            let target = if parent.is_empty() { Some(&mut body) } else { body.pointer_mut(parent) };
            if let Some(Value::Object(map)) = target {
                map.insert(name.to_owned(), value);
            }
            let json_answer = rt.block_on(post_json(&app, GDAPS, &key, &body));
            shape(&json_answer)?;
            let raw = rt.block_on(call(&app, Method::POST, GDAPS, Some(&key), &[], Some(("application/json", bytes))));
            shape(&raw)?;
            for answer in [&json_answer, &raw] {
                if answer.status == 201 {
                    created.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Ok(())
        })
        .unwrap();
    let created = created.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(app.count("delegated_admin_relationships"), before + created, "only a 201 creates anything");
}

on_both_backends! {
    async fn activity_names_delegated_admin_roles_in_the_readers_language(app) {
        let key = issue_key(&app, "admin@northwind.example", "Roles", "read_write").await;
        let body = json!({"displayName": "Ops", "duration": "P30D", "accessDetails": {"unifiedRoles": [
            {"roleDefinitionId": "office365.helpdesk_admin"}, {"roleDefinitionId": "azure.reader"}]}});
        let id = post_json(&app, GDAPS, &key, &body).await.body["id"].as_str().unwrap().to_owned();
        let customer = app.signed_in("admin@tailspin.example").await;
        let approve = format!("/admin/delegated-admin-requests/{id}");
        let approved = customer
            .submit(&approve, &approve, &[("roles", "office365.helpdesk_admin"), ("roles", "azure.reader"), ("duration_days", "30")])
            .await;
        assert_eq!(approved.status, 303, "{}", approved.body);
        let role = |lang: &str, id: &str| app.text(lang, id);
        for lang in ["en", "ru", "zh-CN"] {
            let page = customer.get(&format!("/admin/activity?lang={lang}")).await;
            let names = [role(lang, "gdap-role-office365-helpdesk-admin"), role(lang, "gdap-role-azure-reader")];
            let separator = if lang == "zh-CN" { "、" } else { ", " };
            let colon = if lang == "zh-CN" { "：" } else { ": " };
            let expected = format!("Ops{colon}{}", names.join(separator));
            assert!(unescape(&page.body).contains(&expected), "{lang}: {expected:?} not on the page");
            assert!(!page.body.contains("office365.helpdesk_admin"), "{lang}: a role key is shown");
            let csv = customer.get(&format!("/admin/activity.csv?lang={lang}")).await;
            assert!(csv.body.contains(&expected), "{lang}: {expected:?} not in the CSV");
        }
        let doc = document(&app).await;
        let events = get(&app, "/api/v1/activity?action=gdap_approved", &key).await;
        conforms(&doc, "get", "/api/v1/activity", &events);
        assert_eq!(events.body["value"][0]["roles"], json!(["office365.helpdesk_admin", "azure.reader"]));
        assert_eq!(events.body["value"][0]["detail"], "Ops");
    }
}

//! Delegated-admin request pages (issue 18, DESIGN.md §12): the partner
//! creates a request, the customer approves a subset for a shorter time,
//! both sides see exactly that, the customer removes a role and ends it;
//! declining; and every bad input with its exact status and nothing changed.

use crate::helpers::*;
use crate::on_both_backends;

const NEW: &str = "/partner/delegated-admin-requests/new";
const TAILSPIN_DOMAIN: &str = "tailspintoys.partner.onmschina.cn";

/// Creates a request as `partner`; returns its id.
async fn create(partner: &Browser, fields: &[(&str, &str)]) -> String {
    let page = partner.submit(NEW, NEW, fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let location = page.location().to_owned();
    location.strip_prefix("/partner/delegated-admin-requests/").expect("the request's page").to_owned()
}

/// Rows that any decision could change, to prove a refusal changed none.
fn snapshot(app: &TestApp) -> Vec<i64> {
    vec![
        app.count("delegated_admin_relationships"),
        app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_relationship_roles WHERE approved = TRUE"),
        app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_relationship_roles WHERE removed_at IS NOT NULL"),
        app.scalar("SELECT COUNT(*) AS n FROM delegated_admin_relationships WHERE status <> 'approval_pending'"),
        app.count("reseller_relationships"),
        app.count("delegated_admin_grants"),
        app.count("audit_events"),
        app.count("outbox_messages"),
    ]
}

fn status_of(app: &TestApp, id: &str) -> String {
    let row = app.scalar(&format!(
        "SELECT CAST(CASE status WHEN 'approval_pending' THEN 1 WHEN 'active' THEN 2 WHEN 'expiring' THEN 3 \
         WHEN 'expired' THEN 4 WHEN 'terminated' THEN 5 WHEN 'declined' THEN 6 ELSE 0 END AS BIGINT) AS n \
         FROM delegated_admin_relationships WHERE id = '{id}'"
    ));
    ["?", "approval_pending", "active", "expiring", "expired", "terminated", "declined"][row as usize].to_owned()
}

/// The text between `id="{id}"…>` and the next `<`.
fn text_of(page: &Page, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let rest = page.body.split(&marker).nth(1).unwrap_or_else(|| panic!("#{id} in {}", page.body));
    unescape(rest.split_once('>').unwrap().1.split('<').next().unwrap().trim())
}

on_both_backends! {
    async fn a_customer_approves_a_subset_for_less_time_and_both_sides_see_exactly_that(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let list = northwind.get("/partner/delegated-admin-requests").await;
        assert_eq!(list.status, 200);
        let form = northwind.get(NEW).await;
        assert_eq!(form.status, 200);
        for key in ["office365.global_admin", "office365.helpdesk_admin", "azure.reader", "powerbi.powerbi_admin"] {
            form.assert_contains(&format!("name=\"roles\" value=\"{key}\""));
        }
        form.assert_contains(&app.text("en", "gdap-role-office365-helpdesk-admin-description"));

        let id = create(&northwind, &[
            ("display_name", "Helpdesk for Tailspin"),
            ("duration_days", "200"),
            ("customer_domain", "TailspinToys.Partner.OnMSChina.cn"),
            ("roles", "office365.helpdesk_admin"),
            ("roles", "office365.user_admin"),
            ("roles", "azure.reader"),
        ]).await;
        assert!(id.len() >= 22, "an opaque id of at least 128 bits: {id}");
        assert_eq!(status_of(&app, &id), "approval_pending");
        assert_eq!(app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM delegated_admin_relationships WHERE id = '{id}' AND customer_domain = '{TAILSPIN_DOMAIN}'"
        )), 1, "the domain is kept in lower case");

        // The request's page: the link and the email in the chosen language.
        let page = northwind.get(&format!("/partner/delegated-admin-requests/{id}?email_lang=ru")).await;
        assert_eq!(page.status, 200);
        let link = page.body.split("id=\"invitation-link\" class=\"mono\" value=\"").nth(1).expect("the link");
        let link = unescape(link.split('"').next().unwrap());
        assert_eq!(link, format!("{}/admin/delegated-admin-requests/{id}", app.address));
        assert!(page.body.contains("id=\"email-link-paragraph\""));
        assert!(unescape(&page.body).contains(&link));
        page.assert_contains("Запрашиваемые роли");
        assert_eq!(text_of(&page, "gdap-status"), app.text("en", "gdap-status-approval-pending"));

        // The customer's global admin opens the link.
        let path = format!("/admin/delegated-admin-requests/{id}");
        let anonymous = app.browser().get(&path).await;
        assert_eq!(anonymous.status, 303);
        assert!(anonymous.location().starts_with("/admin/sign-in?next="), "{}", anonymous.location());
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let offer = tailspin.get(&path).await;
        assert_eq!(offer.status, 200, "{}", offer.body);
        offer.assert_contains("Northwind Cloud Partners");
        offer.assert_contains("Helpdesk for Tailspin");
        offer.assert_contains(&app.text("en", "gdap-role-azure-reader-description"));
        assert!(offer.body.contains("id=\"gdap-creates-relationship\""), "Tailspin has no relationship with Northwind");
        assert!(offer.body.contains("name=\"roles\" value=\"office365.helpdesk_admin\" checked"));
        assert!(offer.body.contains("id=\"gdap-ends-if-approved\""));

        // A customer user sees it read-only and may not decide.
        let user = app.signed_in("user@tailspin.example").await;
        let read_only = user.get(&path).await;
        assert_eq!(read_only.status, 200);
        assert!(!read_only.body.contains("name=\"duration_days\""));
        let before = snapshot(&app);
        let forbidden = user.submit(&path, &path, &[("roles", "azure.reader")]).await;
        assert_eq!(forbidden.status, 403);
        assert_eq!(snapshot(&app), before);

        let relationships_before = app.count("reseller_relationships");
        let approved = tailspin.submit(&path, &path, &[
            ("roles", "office365.helpdesk_admin"),
            ("roles", "azure.reader"),
            ("duration_days", "100"),
        ]).await;
        assert_eq!(approved.status, 303, "{}", approved.body);
        assert_eq!(status_of(&app, &id), "active");
        assert_eq!(app.count("reseller_relationships"), relationships_before + 1, "approving opened the reseller relationship");
        assert_eq!(app.scalar(&format!("SELECT CAST(duration_days AS BIGINT) AS n FROM delegated_admin_relationships WHERE id = '{id}'")), 100);
        let held: i64 = app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM delegated_admin_relationship_roles WHERE relationship_id = '{id}' AND approved = TRUE"
        ));
        assert_eq!(held, 2);

        // The customer's page shows the roles and the end date (in the flash too).
        let after = tailspin.get(approved.location()).await;
        assert_eq!(after.status, 200);
        let ends = after.body.split("Access ends on ").nth(1).expect("the flash names the end date");
        let ends = unescape(ends.split('.').next().unwrap());
        assert!(!ends.is_empty());
        assert!(after.body.contains("data-role=\"office365.helpdesk_admin\""));
        assert!(after.body.contains("/roles/azure.reader/remove"));
        assert!(!after.body.contains("/roles/office365.user_admin/remove"), "a role not approved cannot be removed");

        // The partner sees exactly the approved roles and the same end date.
        let partner_view = northwind.get(&format!("/partner/delegated-admin-requests/{id}")).await;
        assert_eq!(text_of(&partner_view, "gdap-status"), app.text("en", "gdap-status-active"));
        assert!(unescape(&partner_view.body).contains(&ends));
        assert!(!partner_view.body.contains("id=\"invitation-link\""), "no link once approved");
        let list = northwind.get("/partner/delegated-admin-requests").await;
        list.assert_contains("Tailspin Toys");
        list.assert_contains("Tanya Petrova");
        let tailspin_id = app.id_of("tenants", "Tailspin Toys");
        let customer_page = northwind.get(&format!("/partner/customers/{tailspin_id}")).await;
        assert_eq!(customer_page.status, 200);
        assert!(customer_page.body.contains("id=\"delegated-admin-relationships\""));
        assert!(unescape(&customer_page.body).contains(&ends));
        customer_page.assert_contains(&app.text("en", "gdap-role-office365-helpdesk-admin"));
        let northwind_id = app.id_of("partners", "Northwind Cloud Partners");
        let partner_page = tailspin.get(&format!("/admin/partner-relationships/{northwind_id}")).await;
        assert_eq!(partner_page.status, 200);
        partner_page.assert_contains(&format!("/admin/delegated-admin-requests/{id}"));
        assert!(unescape(&partner_page.body).contains(&ends));

        // Approving again: 409, nothing changed.
        let before = snapshot(&app);
        let again = tailspin.submit(&path, &path, &[("roles", "office365.user_admin")]).await;
        assert_eq!(again.status, 409);
        again.assert_contains(&app.text("en", "gdap-status-active"));
        assert_eq!(snapshot(&app), before);

        // Remove one role, then end the rest (after a confirmation).
        let removed = tailspin.submit(&path, &format!("{path}/roles/azure.reader/remove"), &[]).await;
        assert_eq!(removed.status, 303);
        assert_eq!(app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM delegated_admin_relationship_roles WHERE relationship_id = '{id}' AND removed_at IS NOT NULL"
        )), 1);
        let before = snapshot(&app);
        let removed_again = tailspin.submit(&path, &format!("{path}/roles/azure.reader/remove"), &[]).await;
        assert_eq!(removed_again.status, 409);
        assert_eq!(snapshot(&app), before);
        let confirm = tailspin.submit(&path, &format!("{path}/terminate"), &[]).await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("name=\"confirm\" value=\"yes\""));
        assert_eq!(status_of(&app, &id), "active", "the confirmation page changes nothing");
        let ended = tailspin.submit(&path, &format!("{path}/terminate"), &[("confirm", "yes")]).await;
        assert_eq!(ended.status, 303);
        assert_eq!(status_of(&app, &id), "terminated");
        let partner_view = northwind.get(&format!("/partner/delegated-admin-requests/{id}")).await;
        assert_eq!(text_of(&partner_view, "gdap-status"), app.text("en", "gdap-status-terminated"));

        // A terminated relationship cannot be approved or ended again.
        let before = snapshot(&app);
        assert_eq!(tailspin.submit(&path, &path, &[("roles", "office365.helpdesk_admin")]).await.status, 409);
        assert_eq!(tailspin.submit(&path, &format!("{path}/terminate"), &[("confirm", "yes")]).await.status, 409);
        assert_eq!(snapshot(&app), before);
    }

    async fn declining_ends_the_request_and_the_partner_sees_it(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let id = create(&northwind, &[
            ("display_name", "Licenses"), ("duration_days", "30"), ("roles", "office365.license_admin"),
        ]).await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let path = format!("/admin/delegated-admin-requests/{id}");
        let relationships = app.count("reseller_relationships");
        let declined = tailspin.submit(&path, &format!("{path}/decline"), &[]).await;
        assert_eq!(declined.status, 303, "{}", declined.body);
        assert_eq!(status_of(&app, &id), "declined");
        assert_eq!(app.count("reseller_relationships"), relationships, "declining opens nothing");
        let page = northwind.get(&format!("/partner/delegated-admin-requests/{id}")).await;
        assert_eq!(text_of(&page, "gdap-status"), app.text("en", "gdap-status-declined"));
        // Declining twice: 409.
        let before = snapshot(&app);
        assert_eq!(tailspin.submit(&path, &format!("{path}/decline"), &[]).await.status, 409);
        assert_eq!(snapshot(&app), before);
    }

    async fn every_bad_request_form_is_a_422_that_keeps_what_was_typed(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let before = snapshot(&app);
        let cases: [(&[(&str, &str)], &str); 8] = [
            (&[("duration_days", "0"), ("roles", "azure.reader")], "gdap-problem-duration"),
            (&[("duration_days", "731"), ("roles", "azure.reader")], "gdap-problem-duration"),
            (&[("duration_days", "ten"), ("roles", "azure.reader")], "gdap-problem-duration"),
            (&[("duration_days", "30"), ("roles", "office365.root")], "gdap-problem-unknown-role"),
            (&[("duration_days", "30"), ("roles", "azure.helpdesk_admin")], "gdap-problem-unknown-role"),
            (&[("duration_days", "30")], "gdap-problem-no-roles"),
            (
                &[("duration_days", "30"), ("roles", "office365.global_admin"), ("auto_extend", "yes")],
                "gdap-problem-auto-extend-full-admin",
            ),
            (&[("duration_days", "30"), ("roles", "azure.reader"), ("customer_domain", "not a domain")], "gdap-problem-domain"),
        ];
        for (fields, problem) in cases {
            let mut form = vec![("display_name", "Typed name 42")];
            form.extend_from_slice(fields);
            let page = northwind.submit(NEW, NEW, &form).await;
            assert_eq!(page.status, 422, "{fields:?}: {}", page.body);
            assert!(page.body.contains("value=\"Typed name 42\""), "{fields:?} keeps the name");
            let explanation = app.text("en", problem);
            let first_words: String = explanation.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            assert!(unescape(&page.body).contains(&first_words), "{fields:?} explains {problem}: {}", page.body);
            if let Some((_, days)) = fields.iter().find(|(k, _)| *k == "duration_days") {
                assert!(page.body.contains(&format!("value=\"{days}\"")), "{fields:?} keeps the duration");
            }
            if fields.contains(&("auto_extend", "yes")) {
                assert!(page.body.contains("name=\"auto_extend\" value=\"yes\" checked"));
                assert!(page.body.contains("value=\"office365.global_admin\" checked"));
            }
        }
        let missing_name = northwind.submit(NEW, NEW, &[("duration_days", "30"), ("roles", "azure.reader")]).await;
        assert_eq!(missing_name.status, 422);
        // A name on two lines is told as such, not as too long, in every language.
        let too_long = "x".repeat(101);
        for lang in ["en", "ru", "zh-CN"] {
            let one_line = app.text(lang, "gdap-problem-name-not-one-line");
            for (name, on_two_lines) in [("Line one\r\nline two", true), ("Tab\there", true), (too_long.as_str(), false)] {
                let form = [("display_name", name), ("duration_days", "30"), ("roles", "azure.reader")];
                let page = northwind.submit(&format!("{NEW}?lang={lang}"), NEW, &form).await;
                assert_eq!(page.status, 422, "{lang} {name:?}");
                assert_eq!(unescape(&page.body).contains(&one_line), on_two_lines, "{lang} {name:?}: {}", page.body);
            }
        }
        assert_eq!(snapshot(&app), before, "no request was created");

        // In Russian and Chinese too.
        for (lang, expected) in [("ru", "gdap-problem-duration"), ("zh-CN", "gdap-problem-duration")] {
            let page = northwind
                .submit(&format!("{NEW}?lang={lang}"), NEW, &[("display_name", "x"), ("duration_days", "731"), ("roles", "azure.reader")])
                .await;
            assert_eq!(page.status, 422);
            assert_eq!(page.html_lang(), lang);
            let text = app.text(lang, expected);
            let start: String = text.chars().take(8).collect();
            assert!(unescape(&page.body).contains(&start), "{lang}: {}", page.body);
        }
    }

    async fn bad_decisions_are_refused_with_their_status_and_change_nothing(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let fabrikam = app.signed_in("admin@fabrikam.example").await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let wingtip = app.signed_in("admin@wingtip.example").await;
        let id = create(&northwind, &[
            ("display_name", "For Tailspin only"), ("duration_days", "60"),
            ("customer_domain", TAILSPIN_DOMAIN), ("roles", "office365.helpdesk_admin"),
        ]).await;
        let path = format!("/admin/delegated-admin-requests/{id}");
        let before = snapshot(&app);

        // Another partner's request: 404 on every partner route.
        let theirs = format!("/partner/delegated-admin-requests/{id}");
        assert_eq!(fabrikam.get(&theirs).await.status, 404);
        assert_eq!(fabrikam.submit("/partner/delegated-admin-requests", &format!("{theirs}/terminate"), &[("confirm", "yes")]).await.status, 404);
        assert_eq!(fabrikam.submit("/partner/delegated-admin-requests", &format!("{theirs}/extend"), &[]).await.status, 404);
        assert_eq!(northwind.get("/partner/delegated-admin-requests/not-a-request").await.status, 404);

        // A customer outside the request's domain: the page says so, approving is 403.
        let page = wingtip.get(&path).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("id=\"gdap-other-domain\""));
        assert!(!page.body.contains("name=\"duration_days\""));
        let refused = wingtip.submit(&path, &path, &[("roles", "office365.helpdesk_admin")]).await;
        assert_eq!(refused.status, 403);
        refused.assert_contains(TAILSPIN_DOMAIN);
        assert_eq!(wingtip.submit(&path, &format!("{path}/decline"), &[]).await.status, 403);

        // Roles that were not requested, unknown roles, none, bad durations: 422, choices kept.
        for (fields, problem) in [
            (vec![("roles", "office365.user_admin")], "gdap-refused-role-not-requested"),
            (vec![("roles", "office365.helpdesk_admin"), ("roles", "office365.global_admin")], "gdap-refused-role-not-requested"),
            (vec![("roles", "azure.helpdesk_admin")], "gdap-refused-role-not-requested"),
            (vec![("roles", "office365.root")], "gdap-refused-role-not-requested"),
            (vec![], "gdap-refused-no-roles"),
            (vec![("roles", "office365.helpdesk_admin"), ("duration_days", "0")], "gdap-refused-duration"),
            (vec![("roles", "office365.helpdesk_admin"), ("duration_days", "61")], "gdap-refused-duration"),
            (vec![("roles", "office365.helpdesk_admin"), ("duration_days", "731")], "gdap-refused-duration"),
        ] {
            let page = tailspin.submit(&path, &path, &fields).await;
            assert_eq!(page.status, 422, "{fields:?}: {}", page.body);
            let first_words: String = app.text("en", problem).split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            assert!(unescape(&page.body).contains(&first_words), "{fields:?}: {}", page.body);
            if let Some((_, days)) = fields.iter().find(|(k, _)| *k == "duration_days") {
                assert!(page.body.contains(&format!("value=\"{days}\"")), "{fields:?} keeps the duration");
            }
            // The field the refusal is about is marked, and points at it.
            let about_duration = problem == "gdap-refused-duration";
            let duration_marked = page.body.contains("aria-describedby=\"duration-days-hint gdap-refused\" aria-invalid=\"true\"");
            assert_eq!(duration_marked, about_duration, "{fields:?}");
            let roles_marked = page.body.contains("<fieldset aria-invalid=\"true\" aria-describedby=\"gdap-refused\">");
            assert_eq!(roles_marked, !about_duration, "{fields:?}");
        }
        // Ending or removing a role of a request not yet approved: 409.
        assert_eq!(tailspin.submit(&path, &format!("{path}/terminate"), &[("confirm", "yes")]).await.status, 409);
        assert_eq!(tailspin.submit(&path, &format!("{path}/roles/office365.helpdesk_admin/remove"), &[]).await.status, 409);
        assert_eq!(snapshot(&app), before);
        assert_eq!(status_of(&app, &id), "approval_pending");

        // An expired request (its 90 days are over; the job has not run).
        app.execute(&format!("UPDATE delegated_admin_relationships SET request_expires_at = '2000-01-01 00:00:00' WHERE id = '{id}'"));
        let before = snapshot(&app);
        let expired = tailspin.submit(&path, &path, &[("roles", "office365.helpdesk_admin")]).await;
        assert_eq!(expired.status, 409, "{}", expired.body);
        expired.assert_contains(&app.text("en", "gdap-status-expired"));
        assert_eq!(tailspin.submit(&path, &format!("{path}/decline"), &[]).await.status, 409);
        assert_eq!(snapshot(&app), before);
        let shown = northwind.get(&format!("/partner/delegated-admin-requests/{id}")).await;
        assert_eq!(text_of(&shown, "gdap-status"), app.text("en", "gdap-status-expired"));

        // A request the partner withdrew (terminated): 409 for the customer.
        let withdrawn = create(&northwind, &[("display_name", "Withdrawn"), ("duration_days", "10"), ("roles", "azure.reader")]).await;
        let partner_path = format!("/partner/delegated-admin-requests/{withdrawn}");
        let confirm = northwind.submit(&partner_path, &format!("{partner_path}/terminate"), &[]).await;
        assert_eq!(confirm.status, 200);
        assert_eq!(status_of(&app, &withdrawn), "approval_pending");
        let done = northwind.submit(&partner_path, &format!("{partner_path}/terminate"), &[("confirm", "yes")]).await;
        assert_eq!(done.status, 303);
        assert_eq!(status_of(&app, &withdrawn), "terminated");
        let before = snapshot(&app);
        let customer_path = format!("/admin/delegated-admin-requests/{withdrawn}");
        let late = tailspin.submit("/admin/partner-relationships", &customer_path, &[("roles", "azure.reader")]).await;
        assert_eq!(late.status, 404, "a withdrawn request bound to no customer is gone for customers");
        assert_eq!(northwind.submit(&partner_path, &format!("{partner_path}/terminate"), &[("confirm", "yes")]).await.status, 409);
        assert_eq!(northwind.submit(&partner_path, &format!("{partner_path}/extend"), &[]).await.status, 409);
        assert_eq!(snapshot(&app), before);
    }

    async fn a_request_name_cannot_turn_the_customers_sentence_around(app) {
        // A right-to-left override in the name would run the rest of "…
        // asks for the roles below, for "{ $name }". Each role gives …"
        // backwards on the customer's consent page.
        let northwind = app.signed_in("admin@northwind.example").await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let typed = "Helpdesk\u{202e}.sgnittes lla\u{2067} دعم";
        let id = create(&northwind, &[("display_name", typed), ("duration_days", "30"), ("roles", "azure.reader")]).await;
        let page = tailspin.get(&format!("/admin/delegated-admin-requests/{id}?lang=en")).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Helpdesk.sgnittes lla دعم");
        for override_char in ['\u{202e}', '\u{2067}'] {
            assert!(!page.body.contains(override_char), "{override_char:?} reached the page");
        }
        let only_overrides = northwind.submit(NEW, NEW, &[("display_name", "\u{202e}\u{202e}"), ("duration_days", "30"), ("roles", "azure.reader")]).await;
        assert_eq!(only_overrides.status, 422, "an empty name once the overrides are gone");
    }

    async fn the_partner_asks_for_an_extension_that_the_customer_approves_like_a_request(app) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let id = create(&northwind, &[("display_name", "Readers"), ("duration_days", "40"), ("roles", "azure.reader")]).await;
        let path = format!("/admin/delegated-admin-requests/{id}");
        assert_eq!(tailspin.submit(&path, &path, &[("roles", "azure.reader")]).await.status, 303);
        let partner_path = format!("/partner/delegated-admin-requests/{id}");
        let extended = northwind.submit(&partner_path, &format!("{partner_path}/extend"), &[]).await;
        assert_eq!(extended.status, 303, "{}", extended.body);
        let new_id = extended.location().strip_prefix("/partner/delegated-admin-requests/").unwrap().to_owned();
        assert_ne!(new_id, id);
        let page = northwind.get(extended.location()).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("id=\"invitation-link\""));
        page.assert_contains(&format!("/partner/delegated-admin-requests/{id}"));
        // Bound to Tailspin: another customer cannot even see it.
        let wingtip = app.signed_in("admin@wingtip.example").await;
        assert_eq!(wingtip.get(&format!("/admin/delegated-admin-requests/{new_id}")).await.status, 404);
        let offer = tailspin.get(&format!("/admin/delegated-admin-requests/{new_id}")).await;
        assert_eq!(offer.status, 200);
        assert!(offer.body.contains("id=\"gdap-existing-relationship\""));
    }
}

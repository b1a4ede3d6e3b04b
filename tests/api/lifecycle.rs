//! Ending a reseller relationship (DESIGN.md §11): the customer's global
//! admin or the partner's admin agent ends it; it is `ending` while the
//! partner is still Partner of Record of subscriptions, and the job runner
//! ends it when due; accepting the link again cancels an ending or starts a
//! new relationship.

use chrono::{NaiveDateTime, TimeDelta};

use crate::helpers::*;
use crate::on_both_backends;

/// The customer accepts the partner's link, granting `services`.
async fn accept(app: &TestApp, partner: &str, customer: &str, services: &[&str]) -> Page {
    let link = invitation_link(&app.signed_in(partner).await).await;
    let customer = app.signed_in(customer).await;
    let token = token_of(&link);
    let mut fields = vec![("token", token.as_str()), ("accept_agreement", "yes")];
    fields.extend(services.iter().map(|s| ("services", *s)));
    customer.submit(&link, "/admin/partner-invitation", &fields).await
}

fn relationship_status(app: &TestApp, partner: &str, tenant: &str) -> Vec<String> {
    ["active", "ending", "ended"]
        .into_iter()
        .flat_map(|status| {
            let n = app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM reseller_relationships r JOIN partners p ON p.id = r.partner_id \
                 JOIN tenants t ON t.id = r.tenant_id WHERE p.name = '{partner}' AND t.name = '{tenant}' \
                 AND r.status = '{status}'"
            ));
            std::iter::repeat_n(status.to_owned(), n as usize)
        })
        .collect()
}

fn events(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}'"))
}

fn customer_count(app: &TestApp, partner: &str) -> i64 {
    app.scalar(&format!("SELECT customer_count AS n FROM partners WHERE name = '{partner}'"))
}

fn in_days(days: i64) -> NaiveDateTime {
    partnerlink::domain::now() + TimeDelta::days(days)
}

const NORTHWIND: &str = "Northwind Cloud Partners";

/// Subscriptions of `tenant` whose Partner of Record is `partner`.
fn held_by(app: &TestApp, partner: &str, tenant: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM subscriptions s JOIN partners p ON p.id = s.partner_of_record_id \
         WHERE s.tenant_id = {tenant} AND p.name = '{partner}'"
    ))
}

/// Subscriptions of `tenant` without a Partner of Record.
fn without_partner_of_record(app: &TestApp, tenant: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) AS n FROM subscriptions WHERE tenant_id = {tenant} AND partner_of_record_id IS NULL"
    ))
}

on_both_backends! {
    async fn a_partner_of_record_of_nothing_is_ended_at_once_and_a_new_acceptance_starts_anew(app) {
        assert_eq!(accept(&app, "admin@northwind.example", "admin@tailspin.example", &["azure"]).await.status, 303);
        let northwind = app.id_of("partners", NORTHWIND);
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let count = customer_count(&app, NORTHWIND);
        let customer = app.signed_in("admin@tailspin.example").await;
        let end = format!("/admin/partner-relationships/{northwind}/end");
        let page = customer.get(&end).await;
        assert_eq!(page.status, 200);
        page.assert_contains(&app.text("en", "lifecycle-end-now"));
        page.assert_contains("Azure");

        let page = customer.submit(&end, &end, &[("confirm", "yes"), ("end_reason", "Moving to another partner")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(relationship_status(&app, NORTHWIND, "Tailspin Toys"), ["ended"]);
        assert_eq!(app.active_grants("Tailspin Toys", "azure"), 0);
        assert_eq!(events(&app, "relationship_ended"), 1);
        assert_eq!(events(&app, "dap_removed"), 1);
        assert_eq!(customer_count(&app, NORTHWIND), count - 1);
        let page = customer.get(&format!("/admin/partner-relationships/{northwind}")).await;
        page.assert_contains(&app.text("en", "lifecycle-status-ended"));

        // The partner sees the customer only as history.
        let partner = app.signed_in("admin@northwind.example").await;
        assert_eq!(partner.get(&format!("/partner/customers/{tailspin}")).await.status, 404);
        assert!(!partner.get("/partner/customers").await.body.contains("Tailspin Toys"));
        let ended = partner.get("/partner/customers?status=ended").await;
        ended.assert_contains("Tailspin Toys");
        assert!(!ended.body.contains("Wingtip Toys"));

        // Ending again changes nothing.
        let page = customer.submit(&format!("/admin/partner-relationships/{northwind}"), &end, &[("confirm", "yes")]).await;
        assert_eq!(page.status, 409);
        assert_eq!(events(&app, "relationship_ended"), 1);

        // Accepting the link again starts a new relationship; the old one stays.
        assert_eq!(accept(&app, "admin@northwind.example", "admin@tailspin.example", &[]).await.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Tailspin Toys"), ["active", "ended"]);
        assert_eq!(customer_count(&app, NORTHWIND), count);
        assert_eq!(partner.get(&format!("/partner/customers/{tailspin}")).await.status, 200);
        app.assert_page_counts_agree();
    }

    async fn ending_waits_for_the_partner_of_record_and_the_job_ends_it_when_due(app) {
        let northwind = app.id_of("partners", NORTHWIND);
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let count = customer_count(&app, NORTHWIND);
        // Northwind asks to become Partner of Record of Wingtip's Power BI (Fabrikam's).
        let fabrikams = app.scalar(&format!(
            "SELECT s.id AS n FROM subscriptions s JOIN partners p ON p.id = s.partner_of_record_id \
             WHERE s.tenant_id = {wingtip} AND p.name = 'Fabrikam Solutions'"
        ));
        let asking = app.signed_in("sales@northwind.example").await;
        let ask = format!("/partner/customers/{wingtip}/subscriptions/{fabrikams}/request-partner-of-record");
        assert_eq!(asking.submit(&format!("/partner/customers/{wingtip}"), &ask, &[]).await.status, 303);
        let pending = "SELECT COUNT(*) AS n FROM partner_of_record_requests WHERE status = 'pending'";
        assert_eq!(app.scalar(pending), 1);
        let customer = app.signed_in("admin@wingtip.example").await;
        let end = format!("/admin/partner-relationships/{northwind}/end");
        let page = customer.get(&end).await;
        page.assert_contains(&app.text("en", "lifecycle-end-billing"));
        let page = customer.submit(&end, &end, &[("confirm", "yes")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ending"]);
        assert_eq!(app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE partner_id = {northwind} AND removed_at IS NULL"
        )), 0, "every grant of the partner ended at once");
        assert_eq!(events(&app, "relationship_ending"), 1);
        assert_eq!(app.scalar(pending), 0, "a partner on its way out is not made Partner of Record");
        assert_eq!(events(&app, "por_request_declined"), 1);
        assert_eq!(customer_count(&app, NORTHWIND), count, "an ending relationship still counts");

        // During the ending the partner only looks at what it is Partner of Record of.
        let partner = app.signed_in("admin@northwind.example").await;
        let page = partner.get(&format!("/partner/customers/{wingtip}")).await;
        assert_eq!(page.status, 200);
        page.assert_contains(&app.text("en", "lifecycle-partner-read-only"));
        assert!(!page.body.contains("/order-add-on"), "no action is offered");
        // A seats form sent anyway, with a value it would refuse: still a
        // refusal of the action, not a page with no form to show it at.
        let ours = app.scalar(&format!("SELECT MIN(id) AS n FROM subscriptions WHERE tenant_id = {wingtip}"));
        let detail = format!("/partner/customers/{wingtip}");
        let sent = partner.submit(&detail, &format!("{detail}/subscriptions/{ours}/remove-seats"), &[("seats", "x")]).await;
        assert_eq!(sent.status, 400, "{}", sent.body);
        partner.get("/partner/customers?status=ending").await.assert_contains("Wingtip Toys");

        // Not yet due: nothing changes; due: ended once, by the system.
        let pool = app.state.db.clone();
        let report = partnerlink::jobs::run_pass(&pool, in_days(9)).unwrap();
        assert_eq!(report.relationships_ended, 0);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ending"]);
        let report = partnerlink::jobs::run_pass(&pool, in_days(11)).unwrap();
        assert_eq!(report.relationships_ended, 1);
        assert_eq!(partnerlink::jobs::run_pass(&pool, in_days(12)).unwrap().relationships_ended, 0);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ended"]);
        assert_eq!(events(&app, "relationship_ended"), 1);
        assert_eq!(customer_count(&app, NORTHWIND), count - 1);
        assert_eq!(partner.get(&format!("/partner/customers/{wingtip}")).await.status, 404);
        // The job's writes are counted for numbered pages too.
        app.assert_page_counts_agree();
    }

    async fn subscriptions_an_ended_partner_held_have_no_partner_of_record_until_the_customer_chooses(app) {
        let northwind = app.id_of("partners", NORTHWIND);
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let subscription = |offer: &str| {
            app.scalar(&format!("SELECT id AS n FROM subscriptions WHERE tenant_id = {wingtip} AND offer = '{offer}'"))
        };
        let (office, dynamics) = (subscription("Office 365 E3"), subscription("Dynamics 365 Sales Enterprise"));
        assert_eq!(held_by(&app, NORTHWIND, wingtip), 2);
        let customer = app.signed_in("admin@wingtip.example").await;
        let end = format!("/admin/partner-relationships/{northwind}/end");
        assert_eq!(customer.submit(&end, &end, &[("confirm", "yes")]).await.status, 303);
        // While ending, Northwind is still Partner of Record.
        assert_eq!(held_by(&app, NORTHWIND, wingtip), 2);
        assert_eq!(partnerlink::jobs::run_pass(&app.state.db, in_days(11)).unwrap().relationships_ended, 1);
        assert_eq!(held_by(&app, NORTHWIND, wingtip), 0);
        assert_eq!(without_partner_of_record(&app, wingtip), 2);
        assert_eq!(app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'por_ended' AND partner_id = {northwind} \
             AND tenant_id = {wingtip} AND actor_name = 'system' AND detail IN ('Office 365 E3', 'Dynamics 365 Sales Enterprise')"
        )), 2, "one event per subscription, by the system");
        // A second pass changes nothing.
        assert_eq!(partnerlink::jobs::run_pass(&app.state.db, in_days(12)).unwrap().relationships_ended, 0);
        assert_eq!(events(&app, "por_ended"), 2);

        // The customer sees who bills them and may choose a Partner of Record.
        let none = app.text("en", "por-none");
        let page = customer.get("/admin/partner-relationships?lang=en").await;
        assert_eq!(page.body.matches(&none).count(), 2, "{}", page.body);
        page.assert_contains(&format!("href=\"/admin/subscriptions/{office}/partner-of-record\""));
        page.assert_contains(&app.text("en", "por-choose-link"));
        let page = customer.get(&format!("/admin/subscriptions/{office}/partner-of-record?lang=en")).await;
        assert_eq!(page.status, 200);
        page.assert_contains(&none);
        page.assert_contains(&app.text("en", "por-none-explanation"));
        page.assert_contains(&format!("name=\"partner_id\" value=\"{fabrikam}\""));
        assert!(!page.body.contains(&format!("value=\"{northwind}\"")), "an ended partner cannot be chosen");
        let page = customer.get("/admin/partner-relationships?lang=ru").await;
        page.assert_contains(&app.text("ru", "por-none"));
        customer.get("/admin/activity?lang=en").await.assert_contains(&app.text("en", "por-activity-ended"));

        // The partner that ended no longer sees them; the active one does,
        // may ask for them, and may not act on them.
        let ended = app.signed_in("admin@northwind.example").await;
        assert_eq!(ended.get(&format!("/partner/customers/{wingtip}")).await.status, 404);
        let other = app.signed_in("admin@fabrikam.example").await;
        let page = other.get(&format!("/partner/customers/{wingtip}?lang=en")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body.matches(&none).count(), 2);
        let add_on = format!("/partner/customers/{wingtip}/subscriptions/{office}/order-add-on");
        assert_eq!(other.submit(&format!("/partner/customers/{wingtip}"), &add_on, &[]).await.status, 403);
        assert_eq!(app.scalar(&format!("SELECT CAST(add_ons AS BIGINT) AS n FROM subscriptions WHERE id = {office}")), 0);
        let ask = format!("/partner/customers/{wingtip}/subscriptions/{office}/request-partner-of-record");
        assert_eq!(other.submit(&format!("/partner/customers/{wingtip}"), &ask, &[]).await.status, 303);
        let page = customer.get("/admin/partner-of-record-requests?lang=en").await;
        page.assert_contains(&none);

        // Choosing the ended partner is refused; choosing an active one works.
        let choose = format!("/admin/subscriptions/{dynamics}/partner-of-record");
        let northwind_id = northwind.to_string();
        let page = customer.submit(&choose, &choose, &[("partner_id", northwind_id.as_str())]).await;
        assert_eq!(page.status, 422);
        assert_eq!(without_partner_of_record(&app, wingtip), 2);
        let fabrikam_id = fabrikam.to_string();
        let page = customer.submit(&choose, &choose, &[("partner_id", fabrikam_id.as_str())]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(held_by(&app, "Fabrikam Solutions", wingtip), 2, "Power BI and Dynamics 365");
        assert_eq!(events(&app, "por_granted"), 1);
        assert_eq!(events(&app, "por_moved_away"), 0, "moved away from nobody");
        // Approving Fabrikam's request for the other one.
        let request = app.scalar(&format!(
            "SELECT id AS n FROM partner_of_record_requests WHERE subscription_id = {office} AND status = 'pending'"
        ));
        let request = request.to_string();
        let requests = "/admin/partner-of-record-requests";
        let page = customer.submit(requests, requests, &[("request_id", request.as_str()), ("decision", "approve")]).await;
        assert_eq!(page.status, 303);
        assert_eq!(without_partner_of_record(&app, wingtip), 0);
        assert_eq!(held_by(&app, "Fabrikam Solutions", wingtip), 3);
    }

    async fn accepting_the_link_while_ending_cancels_the_ending(app) {
        let northwind = app.id_of("partners", NORTHWIND);
        let customer = app.signed_in("admin@wingtip.example").await;
        let end = format!("/admin/partner-relationships/{northwind}/end");
        assert_eq!(customer.submit(&end, &end, &[("confirm", "yes")]).await.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ending"]);
        assert_eq!(accept(&app, "admin@northwind.example", "admin@wingtip.example", &["office365"]).await.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["active"], "the same relationship");
        assert_eq!(events(&app, "relationship_ending_cancelled"), 1);
        assert_eq!(partnerlink::jobs::run_pass(&app.state.db, in_days(30)).unwrap().relationships_ended, 0);
    }

    async fn the_partner_ends_and_acknowledges(app) {
        let wingtip = app.id_of("tenants", "Wingtip Toys");
        let partner = app.signed_in("admin@northwind.example").await;
        let end = format!("/partner/customers/{wingtip}/end-relationship");
        let page = partner.get(&end).await;
        assert_eq!(page.status, 200);
        page.assert_contains(&app.text("en", "lifecycle-end-read-only-partner"));
        assert_eq!(partner.submit(&end, &end, &[("confirm", "yes")]).await.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ending"]);
        let ack = format!("/partner/customers/{wingtip}/acknowledge-end");
        let page = partner.submit(&format!("/partner/customers/{wingtip}"), &ack, &[]).await;
        assert_eq!(page.status, 303);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ended"]);
        // What Northwind still held has no Partner of Record, in the same
        // transaction, with an event each by the one who acknowledged.
        assert_eq!(held_by(&app, NORTHWIND, wingtip), 0);
        assert_eq!(without_partner_of_record(&app, wingtip), 2);
        assert_eq!(app.scalar("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'por_ended' AND actor_name = 'Nadia Orlova'"), 2);
        let customer = app.signed_in("admin@wingtip.example").await;
        let northwind = app.id_of("partners", NORTHWIND);
        customer
            .get(&format!("/admin/partner-relationships/{northwind}"))
            .await
            .assert_contains(&app.text("en", "lifecycle-status-ended"));
    }

    async fn bad_input_to_the_end_page_changes_nothing(app) {
        let northwind = app.id_of("partners", NORTHWIND);
        let fabrikam = app.id_of("partners", "Fabrikam Solutions");
        let before = app.count("audit_events");
        let customer = app.signed_in("admin@wingtip.example").await;
        let end = format!("/admin/partner-relationships/{northwind}/end");
        // No confirmation: the confirmation page again, the reason kept.
        let page = customer.submit(&end, &end, &[("end_reason", "kept <b>")]).await;
        assert_eq!(page.status, 200);
        page.assert_contains("kept &#60;b&#62;</textarea>");
        // A stale token.
        let page = customer.post_form(&end, &[("csrf_token", "stale"), ("confirm", "yes")]).await;
        assert_eq!(page.status, 403);
        // Unknown and foreign partners.
        let page = customer.submit(&end, "/admin/partner-relationships/999999/end", &[("confirm", "yes")]).await;
        assert_eq!(page.status, 404);
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let page = tailspin.submit("/admin/partner-relationships", &end, &[("confirm", "yes")]).await;
        assert_eq!(page.status, 404);
        // A reason past the limit.
        let long = "x".repeat(501);
        let page = customer.submit(&end, &end, &[("confirm", "yes"), ("end_reason", &long)]).await;
        assert_eq!(page.status, 400);
        page.assert_contains(&app.text("en", "lifecycle-reason-too-long"));
        // Tailspin ends Fabrikam (its Partner of Record: ending); ending it
        // again is a clear 409.
        let fabrikam_end = format!("/admin/partner-relationships/{fabrikam}/end");
        let tailspin_before = app.count("audit_events");
        assert_eq!(tailspin.submit(&fabrikam_end, &fabrikam_end, &[("confirm", "yes")]).await.status, 303);
        let before = before + (app.count("audit_events") - tailspin_before);
        let page = tailspin.submit("/admin/partner-relationships", &fabrikam_end, &[("confirm", "yes")]).await;
        assert_eq!(page.status, 409);
        page.assert_contains(&app.text("en", "lifecycle-refused-already-ending"));
        assert_eq!(app.count("audit_events"), before);
        assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["active"]);
    }
}

/// `partnerlink run-jobs --now <time>`: one pass at the given time, from the
/// command line, on the database the app uses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_jobs_ends_what_is_due_at_the_given_time() {
    let app = spawn_app(Backend::Sqlite).await.expect("SQLite is always available");
    let northwind = app.id_of("partners", NORTHWIND);
    let customer = app.signed_in("admin@wingtip.example").await;
    let end = format!("/admin/partner-relationships/{northwind}/end");
    assert_eq!(customer.submit(&end, &end, &[("confirm", "yes")]).await.status, 303);
    let run = |at: NaiveDateTime| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_partnerlink"))
            .args(["run-jobs", "--now", &at.and_utc().to_rfc3339()])
            .env("DATABASE_URL", &app.db.url)
            .env("PARTNERLINK_DEMO", "false")
            .env_remove("REDIS_URL")
            .output()
            .expect("run partnerlink");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run(in_days(5)).contains("relationships ended: 0"));
    assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ending"]);
    assert!(run(in_days(10) + TimeDelta::minutes(1)).contains("relationships ended: 1"));
    assert_eq!(relationship_status(&app, NORTHWIND, "Wingtip Toys"), ["ended"]);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_partnerlink"))
        .args(["run-jobs", "--now", "2026-13-45"])
        .env("DATABASE_URL", &app.db.url)
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// Two instances on one PostgreSQL database both run the job: each due
/// relationship is ended exactly once, with one audit event.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_end_each_due_relationship_exactly_once() {
    let Some(first) = spawn_app(Backend::Postgres).await else { return };
    let second = spawn_app_with(first.db.clone(), Backend::Postgres, |url| test_settings(url, &[])).await;
    // Many ending relationships, all due tomorrow.
    first.execute(
        "INSERT INTO tenants (name, domain, search_key, created_at) \
         SELECT 'Job ' || g, 'job' || g || '.example', 'job ' || g, NOW() FROM generate_series(1, 300) g",
    );
    first.execute(&format!(
        "INSERT INTO reseller_relationships (partner_id, tenant_id, created_at, status, ending_due_at, ended_by) \
         SELECT {}, id, NOW(), 'ending', NOW() + INTERVAL '1 day', 'customer' FROM tenants WHERE name LIKE 'Job %'",
        first.id_of("partners", NORTHWIND)
    ));
    first.execute("UPDATE partners SET customer_count = customer_count + 300 WHERE name = 'Northwind Cloud Partners'");
    let count = customer_count(&first, NORTHWIND);
    let at = in_days(2);
    let mut passes = Vec::new();
    for pool in [first.state.db.clone(), second.state.db.clone(), first.state.db.clone(), second.state.db.clone()] {
        passes.push(tokio::task::spawn_blocking(move || partnerlink::jobs::run_pass(&pool, at).unwrap()));
    }
    let mut ended = 0;
    for pass in passes {
        ended += pass.await.unwrap().relationships_ended;
    }
    assert_eq!(ended, 300, "the passes together ended each item once");
    assert_eq!(first.scalar("SELECT COUNT(*) AS n FROM reseller_relationships WHERE status = 'ended'"), 300);
    assert_eq!(events(&first, "relationship_ended"), 300);
    assert_eq!(customer_count(&first, NORTHWIND), count - 300);
}

/// Ending while the customer accepts the partner's link again, on two
/// instances of one PostgreSQL database: whatever the order, no grant stays
/// active on a relationship that is not active.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ending_while_accepting_leaves_no_grant_on_an_ending_or_ended_relationship() {
    use partnerlink::domain::ids::{CustomerUserId, PartnerId, TenantId};
    use partnerlink::domain::lifecycle::{self, EndRequest};
    use partnerlink::domain::relationships::{self, Acceptance, EndedBy, GrantedServices};

    let Some(first) = spawn_app(Backend::Postgres).await else { return };
    let second = spawn_app_with(first.db.clone(), Backend::Postgres, |url| test_settings(url, &[])).await;
    let partner_id = PartnerId(first.id_of("partners", NORTHWIND));
    let tenant_id = TenantId(first.id_of("tenants", "Wingtip Toys"));
    let user_id =
        CustomerUserId(first.scalar("SELECT id AS n FROM customer_users WHERE email = 'admin@wingtip.example'"));
    for _ in 0..20 {
        let accepting = {
            let pool = first.state.db.clone();
            tokio::task::spawn_blocking(move || {
                let services = GrantedServices::parse(&["office365".to_owned(), "azure".to_owned()], true).unwrap();
                let acceptance = Acceptance { tenant_id, partner_id, user_id, actor_name: "Admin", services };
                let mut conn = pool.get().unwrap();
                relationships::accept(&mut conn, &acceptance).is_ok()
            })
        };
        let ending = {
            let pool = second.state.db.clone();
            tokio::task::spawn_blocking(move || {
                let request = EndRequest {
                    tenant_id,
                    partner_id,
                    by: EndedBy::Customer(user_id),
                    reason: None,
                    actor_name: "Admin",
                };
                let mut conn = pool.get().unwrap();
                lifecycle::end(&mut conn, &request).is_ok()
            })
        };
        let (accepted, ended) = (accepting.await.unwrap(), ending.await.unwrap());
        assert!(accepted || ended, "at least one of them went through");
        assert_eq!(
            first.scalar(
                "SELECT COUNT(*) AS n FROM delegated_admin_grants g WHERE g.removed_at IS NULL AND NOT EXISTS \
                 (SELECT 1 FROM reseller_relationships r WHERE r.partner_id = g.partner_id \
                 AND r.tenant_id = g.tenant_id AND r.status = 'active')"
            ),
            0,
            "an active grant on a relationship that is not active"
        );
    }
}

/// After a race: no active grant on a relationship that is not active, no
/// pending request from a partner whose relationship is not active, no
/// subscription action after the latest ending, every add-on with its event,
/// one open relationship of Northwind with Wingtip.
fn assert_consistent(app: &TestApp, subscription: i64, race: &str, round: usize) {
    let grants_on_closed = app.scalar(
        "SELECT COUNT(*) AS n FROM delegated_admin_grants g WHERE g.removed_at IS NULL AND NOT EXISTS \
         (SELECT 1 FROM reseller_relationships r WHERE r.partner_id = g.partner_id \
         AND r.tenant_id = g.tenant_id AND r.status = 'active')",
    );
    assert_eq!(grants_on_closed, 0, "{race}, round {round}: an active grant on a relationship that is not active");
    let requests_from_closed = app.scalar(
        "SELECT COUNT(*) AS n FROM partner_of_record_requests q WHERE q.status = 'pending' AND NOT EXISTS \
         (SELECT 1 FROM reseller_relationships r WHERE r.partner_id = q.partner_id \
         AND r.tenant_id = q.tenant_id AND r.status = 'active')",
    );
    assert_eq!(requests_from_closed, 0, "{race}, round {round}: a pending request from a partner on its way out");
    let actions_after_ending = app.scalar(
        "SELECT COUNT(*) AS n FROM audit_events a WHERE a.action = 'addon_ordered' \
         AND a.id > (SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE action = 'relationship_ending')",
    );
    assert_eq!(actions_after_ending, 0, "{race}, round {round}: a subscription action after the ending");
    assert_eq!(
        app.scalar(&format!("SELECT CAST(add_ons AS BIGINT) AS n FROM subscriptions WHERE id = {subscription}")),
        events(app, "addon_ordered"),
        "{race}, round {round}: every add-on ordered has its event, and no other"
    );
    let open = relationship_status(app, NORTHWIND, "Wingtip Toys").into_iter().filter(|s| s != "ended").count();
    assert_eq!(open, 1, "{race}, round {round}: one open relationship");
}

/// The races of issue 16 item 5, over HTTP on two instances of one
/// PostgreSQL database: the customer ends Northwind's relationship with
/// Wingtip on one instance while, on the other and at the same moment, the
/// partner orders an add-on (only the Partner of Record may), the partner
/// asks to become Partner of Record of another subscription, or the
/// customer accepts the partner's link with delegated administration.
/// Twenty rounds of each; after every round the state is consistent
/// whichever side won ([`assert_consistent`]).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ending_races_partner_actions_and_grants_on_two_instances() {
    const ROUNDS: usize = 20;
    let Some(first) = spawn_app(Backend::Postgres).await else { return };
    let second = spawn_app_with(first.db.clone(), Backend::Postgres, |url| test_settings(url, &[])).await;
    let northwind = first.id_of("partners", NORTHWIND);
    let wingtip = first.id_of("tenants", "Wingtip Toys");
    let subscription = |offer: &str| {
        first.scalar(&format!("SELECT id AS n FROM subscriptions WHERE tenant_id = {wingtip} AND offer = '{offer}'"))
    };
    // Northwind is Partner of Record of Office 365 (so ending waits: `ending`),
    // Fabrikam of Power BI.
    let (ours, theirs) = (subscription("Office 365 E3"), subscription("Power BI Pro"));

    // The customer ends on the second instance; the partner and the
    // customer accepting the link work on the first.
    let ender = second.signed_in("admin@wingtip.example").await;
    let partner = first.signed_in("admin@northwind.example").await;
    let accepter = first.signed_in("admin@wingtip.example").await;
    let link = invitation_link(&partner).await;
    let token = token_of(&link);
    let end = format!("/admin/partner-relationships/{northwind}/end");
    let end_token = ender.get(&end).await.csrf();
    let end_form = [("csrf_token", end_token.as_str()), ("confirm", "yes")];
    let partner_token = partner.get(&format!("/partner/customers/{wingtip}")).await.csrf();
    let partner_form = [("csrf_token", partner_token.as_str())];
    let add_on = format!("/partner/customers/{wingtip}/subscriptions/{ours}/order-add-on");
    let ask = format!("/partner/customers/{wingtip}/subscriptions/{theirs}/request-partner-of-record");
    let accept_token = accepter.get(&link).await.csrf();
    let reopen_form = [("csrf_token", accept_token.as_str()), ("token", token.as_str()), ("accept_agreement", "yes")];
    let mut grant_form = reopen_form.to_vec();
    grant_form.extend([("services", "office365"), ("services", "azure")]);
    let accept = "/admin/partner-invitation";

    // How often each side won, to show both orders happen.
    let mut won = [0usize; 3];
    for round in 0..ROUNDS {
        let (ended, acted) = tokio::join!(ender.post_form(&end, &end_form), partner.post_form(&add_on, &partner_form));
        assert_eq!(ended.status, 303, "{}", ended.body);
        assert!(matches!(acted.status.as_u16(), 303 | 404), "add-on: {} {}", acted.status, acted.body);
        won[0] += usize::from(acted.status == 303);
        assert_consistent(&first, ours, "add-on", round);
        // Accepting the link cancels the ending: active again for the next race.
        assert_eq!(accepter.post_form(accept, &reopen_form).await.status, 303);
        assert_consistent(&first, ours, "add-on, reopened", round);

        let (ended, asked) = tokio::join!(ender.post_form(&end, &end_form), partner.post_form(&ask, &partner_form));
        assert_eq!(ended.status, 303, "{}", ended.body);
        assert!(matches!(asked.status.as_u16(), 303 | 404), "request: {} {}", asked.status, asked.body);
        won[1] += usize::from(asked.status == 303);
        assert_consistent(&first, ours, "request", round);
        assert_eq!(accepter.post_form(accept, &reopen_form).await.status, 303);
        assert_consistent(&first, ours, "request, reopened", round);

        // Accepting is never refused, and the relationship is active when
        // the ending starts, so both answer 303 whichever comes first.
        let (ended, accepted) = tokio::join!(ender.post_form(&end, &end_form), accepter.post_form(accept, &grant_form));
        assert_eq!(ended.status, 303, "{}", ended.body);
        assert_eq!(accepted.status, 303, "{}", accepted.body);
        won[2] += usize::from(first.active_grants("Wingtip Toys", "azure") == 1);
        assert_consistent(&first, ours, "grant", round);
        assert_eq!(accepter.post_form(accept, &reopen_form).await.status, 303);
        assert_eq!(relationship_status(&first, NORTHWIND, "Wingtip Toys"), ["active"]);
        assert_consistent(&first, ours, "grant, reopened", round);
    }
    eprintln!(
        "of {ROUNDS} rounds each, the partner came first: add-on {}, request {}; the grant came after the ending: {}",
        won[0], won[1], won[2]
    );
    assert_eq!(events(&first, "relationship_ending"), 3 * ROUNDS as i64, "every ending wrote its event");
    assert_eq!(
        first.scalar("SELECT COUNT(*) AS n FROM partner_of_record_requests WHERE status = 'pending'"),
        0,
        "every request was answered by the ending that followed it"
    );
    // Two instances writing at once left the counts of numbered pages exact.
    first.assert_page_counts_agree();
}

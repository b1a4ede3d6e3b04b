//! Delegated-admin relationships by time (DESIGN.md §12), through the job
//! runner at given times: expiring at 30 days, reminders 30/7/1 days ahead
//! (each once, the most urgent only), expiry (with the full-admin grant),
//! auto-extension by 180 days, unapproved requests expiring after 90 days —
//! on SQLite and PostgreSQL, and with two instances running passes at once.

use std::sync::Arc;

use chrono::{NaiveDateTime, TimeDelta};
use partnerlink::domain::delegated_admin::Role;
use partnerlink::domain::delegated_admin::decisions::{self, CustomerDecision};
use partnerlink::domain::delegated_admin::requests::{self, NewRequest};
use partnerlink::domain::ids::{CustomerUserId, PartnerId, TenantId};

use crate::helpers::*;
use crate::on_both_backends;

fn roles(keys: &[&str]) -> Vec<Role> {
    keys.iter().map(|k| Role::parse(k).expect("a catalogue role")).collect()
}

fn request(name: &str, days: i32, auto_extend: bool, keys: &[&str]) -> NewRequest {
    NewRequest {
        display_name: name.into(),
        duration_days: days,
        auto_extend,
        customer_domain: None,
        roles: roles(keys),
    }
}

/// Creates a request from Northwind and has Tailspin's global admin approve
/// all of it; returns its id.
async fn approved(app: &TestApp, name: &str, days: i32, auto_extend: bool, keys: &[&str]) -> String {
    let northwind = PartnerId(app.id_of("partners", "Northwind Cloud Partners"));
    let tailspin = TenantId(app.id_of("tenants", "Tailspin Toys"));
    let admin = CustomerUserId(app.scalar("SELECT id AS n FROM customer_users WHERE email = 'admin@tailspin.example'"));
    let new = request(name, days, auto_extend, keys);
    new.validate().expect("a valid request");
    let chosen = new.roles.clone();
    app.state
        .db
        .run(move |conn| {
            let id = requests::create(conn, northwind, &new, "Nora Admin")?;
            let who = CustomerDecision { tenant_id: tailspin, user_id: admin, actor_name: "Tom Admin" };
            decisions::approve(conn, &id, &who, &chosen, None)?;
            Ok::<_, anyhow::Error>(id)
        })
        .await
        .expect("created and approved")
}

async fn run_jobs(app: &TestApp, at: NaiveDateTime) -> partnerlink::jobs::PassReport {
    let pool = app.state.db.clone();
    tokio::task::spawn_blocking(move || partnerlink::jobs::run_pass(&pool, at)).await.unwrap().expect("a pass")
}

fn status(app: &TestApp, id: &str) -> String {
    let statuses = ["approval_pending", "active", "expiring", "expired", "terminated", "declined"];
    let found: Vec<&str> = statuses
        .into_iter()
        .filter(|s| {
            app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM delegated_admin_relationships WHERE id = '{id}' AND status = '{s}'"
            )) == 1
        })
        .collect();
    found.first().copied().unwrap_or("missing").to_owned()
}

fn reminded(app: &TestApp, id: &str) -> i64 {
    app.scalar(&format!(
        "SELECT CAST(COALESCE(reminded_days, 0) AS BIGINT) AS n FROM delegated_admin_relationships WHERE id = '{id}'"
    ))
}

fn messages(app: &TestApp, event_type: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = '{event_type}'"))
}

fn events(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}'"))
}

on_both_backends! {
    async fn delegated_admin_moves_by_time(app) {
        let t0 = partnerlink::domain::now();
        let day = |n: i64| t0 + TimeDelta::days(n) + TimeDelta::minutes(1);

        let reader = approved(&app, "Reading", 60, false, &["office365.helpdesk_admin", "azure.reader"]).await;
        assert_eq!(status(&app, &reader), "active");
        // Counted before the 20-day relationship exists: the app's own job
        // runner (every few seconds, at the real time) may send its 30-day
        // reminder before the pass at day 1 does.
        let expiring_messages = messages(&app, "delegated_admin_relationship.expiring");
        let global = approved(&app, "Full admin", 20, false, &["office365.global_admin"]).await;
        assert_eq!(status(&app, &global), "expiring", "20 days left: expiring from the start");
        assert_eq!(app.active_grants("Tailspin Toys", "office365"), 1, "one partner holds the full-admin role");
        let extended = approved(&app, "Rolling", 10, true, &["azure.contributor"]).await;
        let northwind = PartnerId(app.id_of("partners", "Northwind Cloud Partners"));
        let unapproved = {
            let new = request("Never approved", 30, false, &["azure.reader"]);
            app.state.db.run(move |conn| requests::create(conn, northwind, &new, "Nora Admin")).await.unwrap()
        };

        // Day 1: the 20-day relationship gets its 30-day reminder, once.
        run_jobs(&app, day(1)).await;
        assert_eq!(reminded(&app, &global), 30);
        assert_eq!(reminded(&app, &reader), 0, "59 days left: nothing yet");
        let after_first = messages(&app, "delegated_admin_relationship.expiring");
        assert!(after_first > expiring_messages, "both sides are told");
        run_jobs(&app, day(1)).await;
        assert_eq!(messages(&app, "delegated_admin_relationship.expiring"), after_first, "a pass repeats nothing");

        // Day 11: auto-extension by 180 days. Day 14: the full admin's
        // 7-day reminder (9 days left on day 11 was still within the 30).
        run_jobs(&app, day(11)).await;
        assert_eq!(status(&app, &extended), "active", "auto-extended, 179 days left");
        assert_eq!(events(&app, "gdap_auto_extended"), 1);
        assert_eq!(reminded(&app, &global), 30);
        run_jobs(&app, day(14)).await;
        assert_eq!(reminded(&app, &global), 7);

        // Day 21: the full-admin relationship expired and its grant with it;
        // the 60-day one was never reminded of 30 days before day 30.
        run_jobs(&app, day(21)).await;
        assert_eq!(status(&app, &global), "expired");
        assert_eq!(app.active_grants("Tailspin Toys", "office365"), 0, "the grant ended with it");
        assert_eq!(status(&app, &reader), "active");

        // Day 35: 25 days left: expiring, and its 30-day reminder.
        run_jobs(&app, day(35)).await;
        assert_eq!(status(&app, &reader), "expiring");
        assert_eq!(reminded(&app, &reader), 30);

        // Day 200: everything due at once ends in its final state, with no
        // reminders on the way (no 7- or 1-day reminder for the 60-day one).
        let before = messages(&app, "delegated_admin_relationship.expiring");
        let report = run_jobs(&app, day(200)).await;
        assert_eq!(status(&app, &reader), "expired");
        assert_eq!(status(&app, &unapproved), "expired", "unapproved for 90 days");
        assert_eq!(status(&app, &extended), "active", "extended again: day 190 + 180");
        assert_eq!(messages(&app, "delegated_admin_relationship.expiring"), before);
        assert_eq!(report.delegated_admin.requests_expired, 1);
        assert_eq!(events(&app, "gdap_expired"), 2);
        assert_eq!(events(&app, "gdap_request_expired"), 1);
        assert_eq!(events(&app, "gdap_auto_extended"), 2);
        assert!(messages(&app, "delegated_admin_relationship.expired") >= 2, "both sides told of each expiry");

        // Ending the reseller relationship terminates what is still in force.
        let tailspin = app.id_of("tenants", "Tailspin Toys");
        let partner = app.signed_in("admin@northwind.example").await;
        let end = format!("/partner/customers/{tailspin}/end-relationship");
        assert_eq!(partner.submit(&end, &end, &[("confirm", "yes")]).await.status, 303);
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) AS n FROM reseller_relationships WHERE tenant_id = {tailspin} AND status = 'ended'"
            )),
            1,
            "the reseller relationship ended"
        );
        assert_eq!(status(&app, &extended), "terminated");
    }
}

/// Two instances on one PostgreSQL database run passes at the same moment:
/// each due item changes once, with one audit event.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_expire_each_relationship_once() {
    let Some(db) = TestDatabase::new(Backend::Postgres) else { return };
    let db = Arc::new(db);
    let a = spawn_app_with(db.clone(), Backend::Postgres, |url| test_settings(url, &[])).await;
    let b = spawn_app_with(db.clone(), Backend::Postgres, |url| test_settings(url, &[])).await;
    let mut ids = Vec::new();
    for n in 0..40 {
        ids.push(approved(&a, &format!("Batch {n}"), 5 + (n % 3), false, &["azure.reader"]).await);
    }
    let at = partnerlink::domain::now() + TimeDelta::days(30);
    let (first, second) = tokio::join!(run_jobs(&a, at), run_jobs(&b, at));
    assert_eq!(
        first.delegated_admin.expired + second.delegated_admin.expired,
        40,
        "the two passes shared the work: {first:?} {second:?}"
    );
    assert_eq!(events(&a, "gdap_expired"), 40, "one audit event per relationship");
    assert_eq!(messages(&a, "delegated_admin_relationship.expired") % 40, 0);
    for id in &ids {
        assert_eq!(status(&a, id), "expired");
    }
}

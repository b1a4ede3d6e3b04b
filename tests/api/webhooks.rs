//! Webhooks end to end: a partner's admin agent registers an endpoint, a
//! real HTTP receiver (tests/support/webhook_receiver.py, which verifies
//! Standard Webhooks signatures with its own code) gets signed deliveries,
//! retries after a 500 and a hang keep the message id, the delivery log
//! shows every attempt, redelivery resends the same id, rotation changes the
//! signing key, deletion stops deliveries; and every refused URL gets its
//! localized 422.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::helpers::*;

const PAGE: &str = "/partner/settings/webhooks";

/// The Python receiver, stopped when dropped.
struct Receiver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Receiver {
    fn start() -> Receiver {
        let dir = tempfile::tempdir().expect("temporary directory");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/webhook_receiver.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--port", "0", "--secrets"])
            .arg(dir.path().join("secrets"))
            .arg("--log")
            .arg(dir.path().join("log.jsonl"))
            .arg("--plan")
            .arg(dir.path().join("plan"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs tests/support/webhook_receiver.py");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("receiver starts");
        let port = line.trim().strip_prefix("listening on ").and_then(|p| p.parse().ok()).expect("receiver's port");
        Receiver { child, port, dir }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    /// Lets the receiver check signatures with `secret`, under `name`.
    fn trust(&self, name: &str, secret: &str) {
        let path = self.dir.path().join("secrets");
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str(&format!("{name}={secret}\n"));
        std::fs::write(path, text).expect("write secrets");
    }

    /// The answers to the next requests ("500", "hang 12"), then 200s.
    fn plan(&self, answers: &[&str]) {
        std::fs::write(self.dir.path().join("plan"), answers.join("\n")).expect("write plan");
    }

    fn deliveries(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.path().join("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }

    fn of_message(&self, id: &str) -> Vec<Value> {
        self.deliveries().into_iter().filter(|d| d["id"] == id).collect()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn secret_on(page: &Page) -> Option<String> {
    let rest = page.body.split("id=\"webhook-secret\" class=\"mono\" value=\"").nth(1)?;
    Some(unescape(rest.split('"').next()?))
}

fn answered(deliveries: &[Value]) -> Vec<String> {
    deliveries.iter().map(|d| d["answered"].to_string()).collect()
}

async fn deliveries_scenario(backend: Backend) {
    let Some(db) = TestDatabase::new(backend) else { return };
    let receiver = Receiver::start();
    let app = spawn_app_with(Arc::new(db), backend, |url| {
        test_settings(
            url,
            &[
                ("PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE", "true"),
                ("PARTNERLINK_DELIVERY_POLL_MS", "100"),
                ("PARTNERLINK_DELIVERY_RETRY_SECONDS", "1"),
            ],
        )
    })
    .await;
    let northwind = app.signed_in("admin@northwind.example").await;
    let page = northwind.get(PAGE).await;
    assert_eq!(page.status, 200);
    page.assert_contains(&app.text("en", "webhooks-none"));
    page.assert_contains("href=\"/partner/settings/webhooks\" aria-current=\"page\"");

    // Registering: the secret is shown once, in the answer to the POST.
    let page = northwind.submit(PAGE, PAGE, &[("url", &receiver.url())]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let secret = secret_on(&page).expect("the new secret is shown");
    assert!(secret.starts_with("whsec_"), "{secret}");
    receiver.trust("first", &secret);
    let endpoint = app.scalar("SELECT MAX(id) AS n FROM webhook_endpoints");
    let page = northwind.get(PAGE).await;
    page.assert_contains(&receiver.url());
    assert!(!unescape(&page.body).contains(&secret) && secret_on(&page).is_none(), "the secret is shown only once");
    assert!(!unescape(&northwind.get(&format!("{PAGE}/{endpoint}")).await.body).contains(&secret));

    // Another partner cannot see or change it.
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    assert_eq!(fabrikam.get(&format!("{PAGE}/{endpoint}")).await.status, 404);
    for action in ["rotate", "delete"] {
        let path = format!("{PAGE}/{endpoint}/{action}");
        assert_eq!(fabrikam.submit(PAGE, &path, &[("confirm", "yes")]).await.status, 404, "{action}");
    }
    let unchanged =
        format!("SELECT COUNT(*) AS n FROM webhook_endpoints WHERE secret = '{secret}' AND deleted_at IS NULL");
    assert_eq!(app.scalar(&unchanged), 1);

    // A customer accepts the partner's link; the first attempt of each
    // message is answered 500, the retry 200.
    receiver.plan(&["500", "500"]);
    let link = invitation_link(&northwind).await;
    let token = token_of(&link);
    let customer = app.signed_in("admin@tailspin.example").await;
    let fields = [("token", token.as_str()), ("accept_agreement", "yes"), ("services", "azure")];
    assert_eq!(customer.submit(&link, "/admin/partner-invitation", &fields).await.status, 303);
    // The acceptance's two notices to one partner (queued together, their
    // recipients looked up once): each its own message to the endpoint,
    // with its own event in the payload, and the admin agent's mail.
    for event in ["relationship.accepted", "delegated_admin.granted"] {
        let queued = format!(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'webhook' AND webhook_endpoint_id = {endpoint} \
             AND event_type = '{event}' AND payload LIKE '%\"type\":\"{event}\"%' \
             AND payload LIKE '%\"services\":[\"azure\"]%'"
        );
        assert_eq!(app.scalar(&queued), 1, "{event}");
    }
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'email' \
             AND event_type = 'relationship.accepted' AND recipient = 'admin@northwind.example'"
        ),
        1
    );
    let accepted = |receiver: &Receiver| -> Vec<Value> {
        receiver.deliveries().into_iter().filter(|d| d["type"] == "relationship.accepted").collect()
    };
    wait_until("relationship.accepted delivered after a 500", Duration::from_secs(20), || {
        accepted(&receiver).iter().any(|d| d["answered"] == 200)
    })
    .await;
    let first = accepted(&receiver);
    let id = first[0]["id"].as_str().expect("webhook-id").to_owned();
    assert!(id.starts_with("msg_"), "{id}");
    assert!(first.iter().all(|d| d["id"] == id.as_str()), "one message, one id: {first:?}");
    assert_eq!(answered(&first), ["500", "200"], "retried once after the 500");
    for delivery in &first {
        assert_eq!(delivery["verified_by"], serde_json::json!(["first"]), "{delivery}");
        assert_eq!(delivery["timestamp_ok"], true);
        assert_eq!(delivery["content_type"], "application/json");
    }
    let body: Value = serde_json::from_str(first[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["type"], "relationship.accepted");
    assert_eq!(body["data"]["partner_name"], "Northwind Cloud Partners");
    assert_eq!(body["data"]["customer"]["name"], "Tailspin Toys");
    assert_eq!(body["data"]["by"], "customer");
    assert_eq!(body["data"]["actor_type"], "person");
    assert!(!body["data"]["actor"].as_str().unwrap_or_default().is_empty(), "{body}");
    let sent = format!("SELECT COUNT(*) AS n FROM outbox_messages WHERE message_id = '{id}' AND status = 'sent'");
    wait_until("the message is recorded as sent", Duration::from_secs(5), || app.scalar(&sent) == 1).await;

    // The delivery log shows the message and both attempts with their codes.
    let log_path = format!("{PAGE}/{endpoint}");
    let log = northwind.get(&log_path).await;
    assert_eq!(log.status, 200);
    log.assert_contains(&id);
    log.assert_contains("relationship.accepted");
    log.assert_contains("<td class=\"status-code\">500</td>");
    log.assert_contains("<td class=\"status-code\">200</td>");
    log.assert_contains("The endpoint answered with HTTP status 500.");
    let log_ru = northwind.get(&format!("{log_path}?lang=ru")).await;
    log_ru.assert_contains("Конечная точка ответила кодом состояния HTTP 500.");
    let _ = northwind.get(&format!("{log_path}?lang=en")).await;

    // Redelivery sends the same id again; the first try hangs past the
    // sender's timeout and is retried.
    receiver.plan(&["hang 12"]);
    let redeliver = format!("{log_path}/messages/{id}/redeliver");
    let page = northwind.submit(&log_path, &redeliver, &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), log_path);
    northwind.get(&log_path).await.assert_contains(&id);
    wait_until("the redelivery, after a timeout", Duration::from_secs(30), || {
        answered(&receiver.of_message(&id)) == ["500", "200", "\"hang\"", "200"]
    })
    .await;
    wait_until("the redelivery recorded", Duration::from_secs(5), || app.scalar(&sent) == 1).await;
    assert!(receiver.of_message(&id).iter().all(|d| d["verified_by"] == serde_json::json!(["first"])));
    let log = northwind.get(&log_path).await;
    log.assert_contains("The endpoint did not answer in time.");

    // Rotation: the next delivery is signed with the new secret only.
    let rotate = format!("{PAGE}/{endpoint}/rotate");
    let page = northwind.submit(PAGE, &rotate, &[]).await;
    assert_eq!(page.status, 200);
    page.assert_contains(&app.text("en", "webhooks-rotate-warning"));
    assert_eq!(app.scalar(&unchanged), 1, "not rotated without confirmation");
    let page = northwind.submit(PAGE, &rotate, &[("confirm", "yes")]).await;
    assert_eq!(page.status, 200);
    let second = secret_on(&page).expect("the new secret is shown");
    assert_ne!(second, secret);
    receiver.trust("second", &second);
    assert!(secret_on(&northwind.get(PAGE).await).is_none());
    assert_eq!(northwind.submit(&log_path, &redeliver, &[]).await.status, 303);
    wait_until("the redelivery after rotation", Duration::from_secs(10), || receiver.of_message(&id).len() == 5).await;
    let last = receiver.of_message(&id).pop().unwrap();
    assert_eq!(last["verified_by"], serde_json::json!(["second"]), "signed with the new secret only: {last}");

    // Deleting: a waiting message fails, nothing more is queued or sent.
    app.execute(&format!(
        "INSERT INTO outbox_messages (message_id, channel, event_type, partner_id, recipient, webhook_endpoint_id, \
         lang, payload, created_at, next_attempt_at) VALUES ('msg_waiting', 'webhook', 'relationship.accepted', \
         (SELECT id FROM partners WHERE name = 'Northwind Cloud Partners'), 'x', {endpoint}, '', '{{}}', \
         CURRENT_TIMESTAMP, '2999-01-01 00:00:00')"
    ));
    let delete = format!("{PAGE}/{endpoint}/delete");
    let page = northwind.submit(PAGE, &delete, &[]).await;
    assert_eq!(page.status, 200);
    page.assert_contains(&app.text("en", "webhooks-delete-warning"));
    let page = northwind.submit(PAGE, &delete, &[("confirm", "yes")]).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location(), PAGE);
    let page = northwind.get(PAGE).await;
    page.assert_contains(&app.text("en", "webhooks-none"));
    assert!(unescape(&page.body).contains(&format!("The endpoint {} was deleted.", receiver.url())), "{}", page.body);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE message_id = 'msg_waiting' AND status = 'failed' \
             AND last_error = 'endpoint-deleted'"
        ),
        1
    );
    let activity = northwind.get("/partner/activity").await;
    for id in ["webhooks-activity-added", "webhooks-activity-secret-rotated", "webhooks-activity-deleted"] {
        activity.assert_contains(&app.text("en", id));
    }
    assert_eq!(northwind.get(&log_path).await.status, 404);
    assert_eq!(northwind.submit(PAGE, &redeliver, &[]).await.status, 404);
    let queued = format!("SELECT COUNT(*) AS n FROM outbox_messages WHERE webhook_endpoint_id = {endpoint}");
    let before = (app.scalar(&queued), receiver.deliveries().len());
    let rotate_link = "/partner/customers/request-relationship/rotate";
    assert_eq!(northwind.submit(rotate_link, rotate_link, &[("confirm", "yes")]).await.status, 303);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!((app.scalar(&queued), receiver.deliveries().len()), before, "nothing for a deleted endpoint");

    // The same URL twice (a reload of the page that showed the secret) is
    // refused, not registered again.
    let added = northwind.submit(PAGE, PAGE, &[("url", &receiver.url())]).await;
    assert_eq!(added.status, 200, "{}", added.body);
    let again = northwind.submit(PAGE, PAGE, &[("url", &receiver.url())]).await;
    assert_eq!(again.status, 422);
    again.assert_contains("This URL is already registered.");
    app.execute(&format!(
        "UPDATE webhook_endpoints SET deleted_at = CURRENT_TIMESTAMP WHERE url = '{}'",
        receiver.url()
    ));

    // At most ten endpoints (deleted ones do not count).
    for n in 0..10 {
        app.execute(&format!(
            "INSERT INTO webhook_endpoints (partner_id, url, secret, created_at, created_by) VALUES \
             ((SELECT id FROM partners WHERE name = 'Northwind Cloud Partners'), 'http://127.0.0.1:9/{n}', \
             'whsec_AAAA', CURRENT_TIMESTAMP, 'test')"
        ));
    }
    let page = northwind.submit(PAGE, PAGE, &[("url", &receiver.url())]).await;
    assert_eq!(page.status, 422);
    page.assert_contains("You can have at most 10 endpoints.");
    assert_eq!(page.input_value("url").as_deref(), Some(receiver.url().as_str()));
    app.handle.stop(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_retried_logged_redelivered_rotated_and_stopped_sqlite() {
    deliveries_scenario(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_retried_logged_redelivered_rotated_and_stopped_postgres() {
    deliveries_scenario(Backend::Postgres).await
}

crate::on_both_backends! {
    async fn every_refused_url_gets_its_localized_422_with_the_form_kept(app) {
        // The default settings: https only, public addresses only.
        let northwind = app.signed_in("admin@northwind.example").await;
        let cases = [
            ("not a url", "webhooks-url-invalid"),
            ("https://user:secret@example.com/hook", "webhooks-url-invalid"),
            ("http://example.com/hook", "webhooks-url-not-https"),
            ("https://127.0.0.1/hook", "webhooks-url-private"),
            ("https://[::1]:8443/hook", "webhooks-url-private"),
            ("https://169.254.169.254/latest", "webhooks-url-private"),
            ("https://no-such-host.invalid/hook", "webhooks-url-unresolvable"),
        ];
        for lang in ["en", "ru", "zh-CN"] {
            for (url, id) in cases {
                let page = northwind.submit(PAGE, &format!("{PAGE}?lang={lang}"), &[("url", url)]).await;
                assert_eq!(page.status, 422, "{url} in {lang}");
                assert_eq!(page.html_lang(), lang);
                assert!(unescape(&page.body).contains(&app.text(lang, id)), "{id} in {lang}: {}", page.body);
                assert_eq!(page.input_value("url").as_deref(), Some(url), "the form keeps {url}");
            }
        }
        assert_eq!(app.count("webhook_endpoints"), 0);
        // Admin agents only.
        let sales = app.signed_in("sales@northwind.example").await;
        let page = sales.submit("/partner/customers", PAGE, &[("url", "https://example.com/hook")]).await;
        assert_eq!(page.status, 403);
        assert!(!sales.get("/partner/customers").await.body.contains("href=\"/partner/settings/webhooks\""));
        assert!(northwind.get("/partner/customers").await.body.contains("href=\"/partner/settings/webhooks\""));
    }
}

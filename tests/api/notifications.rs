//! Mail notifications end to end: the real application sends through a real
//! SMTP server process (aiosmtpd, `tests/support/smtp_sink.py`), on SQLite
//! and PostgreSQL, and two instances on one PostgreSQL database drain one
//! outbox while the SMTP server is down, comes back, and an instance stops.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::*;

/// The Python that has aiosmtpd (`.ci/run` installs it).
fn python() -> String {
    std::env::var("PARTNERLINK_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn aiosmtpd_available() -> bool {
    let found = Command::new(python())
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(!require_all(), "PARTNERLINK_REQUIRE_ALL=1 but {} cannot import aiosmtpd", python());
        eprintln!("skipped: aiosmtpd is not installed (pip install aiosmtpd)");
    }
    found
}

/// A real SMTP server process writing each mail it accepts as JSON.
struct SmtpSink {
    child: Child,
    dir: PathBuf,
}

impl SmtpSink {
    fn start(port: u16, dir: PathBuf, delay: f64) -> Self {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .args([script, &port.to_string(), &dir.display().to_string(), "--delay", &delay.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.as_mut().unwrap()), &mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server started");
        Self { child, dir }
    }

    fn stop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }

    /// Every mail received so far, in arrival order.
    fn mails(&self) -> Vec<Value> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|e| e == "json"));
        names.sort();
        names.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// Waits until at least `count` mails arrived (and a moment more, so an
    /// extra one would show), then returns them all.
    async fn wait_for(&self, count: usize, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        while self.mails().len() < count {
            assert!(Instant::now() < deadline, "{count} mails within {within:?}; got {:#?}", self.mails());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(600)).await;
        self.mails()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn smtp_settings(url: &str, smtp_port: u16) -> partnerlink::config::Settings {
    test_settings(
        url,
        &[
            ("PARTNERLINK_SMTP_URL", &format!("smtp://127.0.0.1:{smtp_port}")),
            ("PARTNERLINK_DELIVERY_POLL_MS", "100"),
            ("PARTNERLINK_DELIVERY_RETRY_SECONDS", "1"),
            ("PARTNERLINK_DELIVERY_LEASE_SECONDS", "3"),
        ],
    )
}

fn to(mail: &Value) -> String {
    mail["to"][0].as_str().unwrap().to_owned()
}

fn field<'a>(mail: &'a Value, name: &str) -> &'a str {
    mail[name].as_str().unwrap_or_default()
}

fn mails_to<'a>(mails: &'a [Value], address: &str) -> Vec<&'a Value> {
    mails.iter().filter(|m| to(m) == address).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_reach_a_real_smtp_server_on_sqlite() {
    mails_reach_a_real_smtp_server(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_reach_a_real_smtp_server_on_postgres() {
    mails_reach_a_real_smtp_server(Backend::Postgres).await;
}

/// Who is told what, in which language, once per event and recipient; a
/// kind switched off is not sent; a refused address fails alone; a server
/// that is down gets the mail when it is back, with the same Message-ID.
async fn mails_reach_a_real_smtp_server(backend: Backend) {
    if !aiosmtpd_available() {
        return;
    }
    let Some(db) = TestDatabase::new(backend) else { return };
    let smtp_port = free_port();
    let scratch = tempfile::tempdir().unwrap();
    let mut sink = SmtpSink::start(smtp_port, scratch.path().join("mail"), 0.0);
    let app = spawn_app_with(Arc::new(db), backend, |url| smtp_settings(url, smtp_port)).await;
    assert_eq!(app.count("outbox_messages"), 0, "demo data queues nothing");

    app.execute("UPDATE partner_users SET preferred_lang = 'ru' WHERE email = 'admin@northwind.example'");
    app.execute("UPDATE partner_users SET preferred_lang = 'zh-CN' WHERE email = 'admin@fabrikam.example'");
    app.execute("UPDATE customer_users SET preferred_lang = 'zh-CN' WHERE email = 'admin@tailspin.example'");
    let tailspin = app.id_of("tenants", "Tailspin Toys");
    let northwind = app.id_of("partners", "Northwind Cloud Partners");

    // Tailspin accepts Northwind for two services, one taken from Fabrikam:
    // one mail to Northwind's admin agent (not one per service), one to
    // Fabrikam's, each in its own language, with a link to act on.
    let partner = app.signed_in("admin@northwind.example").await;
    let link = invitation_link(&partner).await;
    let token = token_of(&link);
    let customer = app.signed_in("admin@tailspin.example").await;
    let accepted = customer
        .submit(
            &link,
            "/admin/partner-invitation",
            &[("token", &token), ("accept_agreement", "yes"), ("services", "office365"), ("services", "azure")],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let mails = sink.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(mails.len(), 2, "one mail per recipient: {mails:#?}");
    let ours = mails_to(&mails, "admin@northwind.example");
    assert_eq!(ours.len(), 1);
    let ours = ours[0];
    assert!(field(ours, "subject").contains("Tailspin Toys") && field(ours, "subject").contains("принял"), "{ours:#?}");
    assert!(field(ours, "text").contains(&format!("/partner/customers/{tailspin}")), "a link to act: {ours:#?}");
    assert!(field(ours, "html").contains("lang=\"ru\""), "an HTML part in the recipient's language");
    assert!(field(ours, "from").contains("21Vianet"), "the operator's name: {ours:#?}");
    let message_id = field(ours, "message_id").trim_matches(['<', '>']).split('@').next().unwrap().to_owned();
    assert!(message_id.starts_with("msg_"), "{message_id}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE message_id = '{message_id}' AND status = 'sent'"
        )),
        1,
        "the Message-ID is the outbox message's stable id"
    );
    let theirs = mails_to(&mails, "admin@fabrikam.example");
    assert_eq!(theirs.len(), 1);
    assert!(field(theirs[0], "subject").contains("委派管理员权限"), "{:#?}", theirs[0]);
    assert!(!field(theirs[0], "text").contains("Northwind"), "a partner never learns who replaced it");
    // Punctuation between a label and its link comes from the messages:
    // full-width in Chinese, never a half-width colon after Chinese text.
    let text = field(theirs[0], "text");
    assert!(text.contains(&format!("{}：http", app.text("zh-CN", "mail-action"))), "{text}");
    assert!(text.contains(&format!("{}：http", app.text("zh-CN", "mail-settings"))), "{text}");
    assert!(!text.contains(": http"), "{text}");
    assert!(field(ours, "text").contains(&format!("{}: http", app.text("ru", "mail-action"))), "{ours:#?}");

    // Northwind's admin switches declines off: a decline queues no mail.
    let settings = partner.get("/partner/settings/notifications").await;
    assert_eq!(settings.status, 200);
    assert!(settings.body.contains("value=\"customer_declined\" checked"));
    let kept = [("kinds", "customer_accepted"), ("kinds", "delegated_admin_removed")];
    let saved = partner.submit("/partner/settings/notifications", "/partner/settings/notifications", &kept).await;
    assert_eq!(saved.status, 303);
    let settings = partner.get("/partner/settings/notifications").await;
    assert!(settings.body.contains("value=\"customer_declined\">"), "unchecked now");
    assert!(settings.body.contains("value=\"customer_accepted\" checked"));
    let wingtip_admin = app.signed_in("admin@wingtip.example").await;
    let declined = wingtip_admin.submit(&link, "/admin/partner-invitation/decline", &[("token", &token)]).await;
    assert_eq!(declined.status, 303);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'invitation.declined' AND channel = 'email'"
        ),
        0,
        "a switched-off kind is not sent"
    );

    // A second admin agent whose address the server refuses: its mail fails
    // for good after one attempt; the other recipient still gets hers.
    app.execute(
        "INSERT INTO partner_users (partner_id, email, display_name, password_hash, role, created_at) \
         SELECT partner_id, 'refused-ops@northwind.example', 'Ops', password_hash, 'admin_agent', created_at \
         FROM partner_users WHERE email = 'admin@northwind.example'",
    );
    let remove = format!("/admin/partner-relationships/{northwind}/remove-delegated-admin");
    let partner_page = format!("/admin/partner-relationships/{northwind}");
    let removed = customer.submit(&partner_page, &remove, &[("service", "azure"), ("confirm", "yes")]).await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    let mails = sink.wait_for(3, Duration::from_secs(15)).await;
    assert_eq!(mails.len(), 3, "{mails:#?}");
    assert!(field(&mails[2], "subject").contains("удалил"), "{:#?}", mails[2]);
    wait_until("the refused mail is marked failed", Duration::from_secs(10), || {
        app.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'failed'") > 0
    })
    .await;
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'refused-ops@northwind.example' \
             AND status = 'failed' AND attempts = 1 AND last_error LIKE '%refused%'"
        ),
        1,
        "a permanent refusal is not retried"
    );

    // The SMTP server goes away. Northwind ends the relationship: Tailspin's
    // global admin is told (in Chinese) once the server is back, with the id
    // the outbox gave the mail before the first attempt.
    sink.stop();
    let end = format!("/partner/customers/{tailspin}/end-relationship");
    let ended = partner.submit(&end, &end, &[("confirm", "yes")]).await;
    assert_eq!(ended.status, 303, "{}", ended.body);
    wait_until("retries while the server is down", Duration::from_secs(15), || {
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'admin@tailspin.example' AND attempts >= 2",
        ) > 0
    })
    .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'admin@tailspin.example' AND status = 'pending' AND last_error IS NOT NULL"),
        1
    );
    let sink = SmtpSink::start(smtp_port, scratch.path().join("mail"), 0.0);
    let mails = sink.wait_for(4, Duration::from_secs(20)).await;
    assert_eq!(mails.len(), 4, "{mails:#?}");
    let told = mails_to(&mails, "admin@tailspin.example");
    assert_eq!(told.len(), 1);
    assert!(field(told[0], "subject").contains("Northwind Cloud Partners"), "{:#?}", told[0]);
    assert!(field(told[0], "subject").contains("已结束"), "in the customer's language: {:#?}", told[0]);
    assert!(field(told[0], "text").contains(&format!("/admin/partner-relationships/{northwind}")));
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'email' AND status = 'pending'"),
        0,
        "nothing left behind"
    );
}

/// Two instances on one PostgreSQL database drain one outbox: the SMTP
/// server is down while events are written, then comes back slow; one
/// instance is stopped in the middle of its sends. Every message arrives;
/// a repeat happens only for a message whose sender stopped mid-send, and
/// carries the same Message-ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_deliver_every_message_once() {
    if !aiosmtpd_available() {
        return;
    }
    let Some(db) = TestDatabase::new(Backend::Postgres) else { return };
    let db = Arc::new(db);
    let smtp_port = free_port();
    let scratch = tempfile::tempdir().unwrap();
    let a = spawn_app_with(db.clone(), Backend::Postgres, |url| smtp_settings(url, smtp_port)).await;

    // Instance B is the real binary, so it can be stopped abruptly.
    let mut b = Command::new(env!("CARGO_BIN_EXE_partnerlink"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("PARTNERLINK_BIND", "127.0.0.1:0")
        .env("PARTNERLINK_DEMO", "false")
        .env("PARTNERLINK_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("PARTNERLINK_DELIVERY_POLL_MS", "100")
        .env("PARTNERLINK_DELIVERY_RETRY_SECONDS", "1")
        .env("PARTNERLINK_DELIVERY_LEASE_SECONDS", "3")
        .env("PARTNERLINK_MAIL_DIR", scratch.path().join("unused"))
        .env_remove("REDIS_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start instance B");

    // 40 declines while the SMTP server is down: 40 mails to Northwind's admin.
    let partner = a.signed_in("admin@northwind.example").await;
    let link = invitation_link(&partner).await;
    let token = token_of(&link);
    let customer = a.signed_in("admin@wingtip.example").await;
    for _ in 0..40 {
        let declined = customer.submit(&link, "/admin/partner-invitation/decline", &[("token", &token)]).await;
        assert_eq!(declined.status, 303);
    }
    assert_eq!(a.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'email'"), 40);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(a.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE attempts >= 1") > 0, "tried while down");

    // The server comes back, slow (0.2 s per mail); B is killed mid-batch.
    let sink = SmtpSink::start(smtp_port, scratch.path().join("mail"), 0.2);
    wait_until("deliveries to start", Duration::from_secs(20), || sink.mails().len() >= 5).await;
    b.kill().expect("stop instance B");
    let _ = b.wait();

    wait_until("A to finish what B left (after its lease)", Duration::from_secs(60), || {
        a.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE status = 'sent'") >= 40
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mails = sink.mails();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for mail in &mails {
        *by_id.entry(field(mail, "message_id").to_owned()).or_default() += 1;
    }
    assert_eq!(by_id.len(), 40, "every message arrived");
    let repeats: usize = by_id.values().map(|n| n - 1).sum();
    // Only what B had in flight when it stopped may come twice (a batch is 16).
    eprintln!("{} mails for 40 messages ({repeats} repeats after the stop)", mails.len());
    assert!(repeats <= 16, "{repeats} repeats");
    assert_eq!(a.scalar("SELECT COUNT(*) AS n FROM outbox_messages WHERE status <> 'sent'"), 0);
}

/// Without an SMTP server (the embedded default), mails are written as
/// `.eml` files a developer can open, named by their stable id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_mails_are_written_as_eml_files() {
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).expect("SQLite is always available"));
    let dir = tempfile::tempdir().unwrap();
    let mail_dir = dir.path().join("mail");
    let app = spawn_app_with(db, Backend::Sqlite, |url| {
        test_settings(
            url,
            &[("PARTNERLINK_MAIL_DIR", &mail_dir.display().to_string()), ("PARTNERLINK_DELIVERY_POLL_MS", "100")],
        )
    })
    .await;
    let partner = app.signed_in("admin@northwind.example").await;
    let link = invitation_link(&partner).await;
    let customer = app.signed_in("admin@wingtip.example").await;
    let declined = customer.submit(&link, "/admin/partner-invitation/decline", &[("token", &token_of(&link))]).await;
    assert_eq!(declined.status, 303);

    let deadline = Instant::now() + Duration::from_secs(10);
    let file = loop {
        let found: Vec<PathBuf> = std::fs::read_dir(&mail_dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        if let Some(file) = found.into_iter().find(|p| p.extension().is_some_and(|e| e == "eml")) {
            break file;
        }
        assert!(Instant::now() < deadline, "an .eml file in {}", mail_dir.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let id = file.file_stem().unwrap().to_str().unwrap().to_owned();
    let eml = std::fs::read_to_string(&file).unwrap();
    assert!(id.starts_with("msg_"), "{id}");
    assert!(eml.contains(&format!("Message-ID: <{id}@")), "{eml}");
    assert!(eml.contains("To: admin@northwind.example"), "{eml}");
    assert!(eml.contains("multipart/alternative") && eml.contains("text/html"), "plain text and HTML");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) AS n FROM outbox_messages WHERE message_id = '{id}' AND status = 'sent'")),
        1
    );
}

//! Scale-out and faults: two instances on one PostgreSQL and Redis, the
//! database going away and coming back, a locked SQLite file.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use partnerlink::config::Settings;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use crate::helpers::*;

/// One key for every instance, as a deployment would configure it.
const SESSION_KEY: &str = "k3EkIXqEbX78XQg1VBd9qmj93BR90H9/Pu0ta0I3NlN2CdcVxlHjYpawbmfYxlhE7gs4sdSqfB2xtaAkTA57+A==";

fn shared_settings(url: &str, redis: &str, prefix: &str) -> Settings {
    test_settings(
        url,
        &[("REDIS_URL", redis), ("PARTNERLINK_REDIS_PREFIX", prefix), ("PARTNERLINK_SESSION_KEY", SESSION_KEY)],
    )
}

/// The same user agent (cookies) talking to another instance.
fn on(app: &TestApp, browser: &Browser) -> Browser {
    Browser { client: browser.client.clone(), address: app.address.clone() }
}

async fn accept_form(customer: &Browser, link: &str, service: &str) -> Vec<(String, String)> {
    let csrf = customer.get(link).await.csrf();
    vec![
        ("csrf_token".into(), csrf),
        ("token".into(), token_of(link)),
        ("services".into(), service.into()),
        ("accept_agreement".into(), "yes".into()),
    ]
}

async fn post(browser: &Browser, path: &str, form: &[(String, String)]) -> Page {
    read(browser.client.post(browser.url(path)).form(form).send().await.expect("POST")).await
}

async fn delete_redis_keys(redis: &str, prefix: &str) {
    let Ok(client) = redis::Client::open(redis) else { return };
    let Ok(mut conn) = client.get_multiplexed_async_connection().await else { return };
    let keys: Vec<String> =
        redis::cmd("KEYS").arg(format!("{prefix}:*")).query_async(&mut conn).await.unwrap_or_default();
    if !keys.is_empty() {
        let _: Result<(), _> = redis::cmd("DEL").arg(&keys).query_async(&mut conn).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_the_database_sessions_and_throttling() {
    let Some(redis) = redis_url() else { return };
    let Some(db) = TestDatabase::new(Backend::Postgres) else { return };
    let db = Arc::new(db);
    let prefix = format!("partnerlink-test-{:016x}", rand::random::<u64>());

    // Both start at once on a new database: migrations and demo data must not race.
    let start = |db: Arc<TestDatabase>| {
        let (redis, prefix) = (redis.clone(), prefix.clone());
        tokio::spawn(
            async move { spawn_app_with(db, Backend::Postgres, |url| shared_settings(url, &redis, &prefix)).await },
        )
    };
    let (a, b) = (start(db.clone()), start(db.clone()));
    let (a, b) = (a.await.expect("instance A starts"), b.await.expect("instance B starts"));
    let migrations =
        std::fs::read_dir("migrations/postgres").unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(a.count("__diesel_schema_migrations"), migrations as i64, "each migration applied once");
    assert_eq!(a.count("partners"), 2, "demo data seeded once");
    assert_eq!(a.count("customer_users"), 3);

    // A session made on A works on B.
    let partner = a.signed_in("admin@northwind.example").await;
    assert_eq!(on(&b, &partner).get("/partner/customers").await.status, 200, "session shared through Redis");

    // A CSRF token issued by A is accepted by B.
    let link = invitation_link(&partner).await;
    let customer = a.signed_in("admin@tailspin.example").await;
    let form = accept_form(&customer, &link, "azure").await;
    let page = post(&on(&b, &customer), "/admin/partner-invitation", &form).await;
    assert_eq!(page.status, 303, "B accepts A's CSRF token: {}", page.body);
    assert_eq!(a.active_grants("Tailspin Toys", "azure"), 1);

    // Failed sign-ins count across instances: 5 spread over A and B block the 6th anywhere.
    let attacker = a.browser();
    for attempt in 0..5 {
        let side = if attempt % 2 == 0 { &a } else { &b };
        let page = on(side, &attacker).sign_in_with("sales@northwind.example", "wrong-password").await;
        assert_eq!(page.status, 401, "attempt {attempt} is refused, not yet throttled");
    }
    for side in [&a, &b] {
        let page = on(side, &a.browser()).sign_in("sales@northwind.example").await;
        assert_eq!(page.status, 429, "the right password is throttled on every instance too");
        assert!(page.headers.contains_key("retry-after"));
    }

    // Concurrent accepts for one tenant and service, spread over both instances.
    let northwind = link;
    let fabrikam = invitation_link(&on(&b, &b.signed_in("admin@fabrikam.example").await)).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let instance = if i % 2 == 0 { &a } else { &b };
        let link = if i % 4 < 2 { &northwind } else { &fabrikam };
        let browser = on(instance, &customer);
        let form = accept_form(&browser, link, "powerbi").await;
        tasks.push(tokio::spawn(
            async move { post(&browser, "/admin/partner-invitation", &form).await.status.as_u16() },
        ));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(status == 303 || status == 409, "every accept answers 303 or a clear 409, got {status}");
    }
    let active = a.active_grants("Tailspin Toys", "powerbi");
    assert_eq!(active, 1, "exactly one active grant");

    a.handle.stop(true).await;
    b.handle.stop(true).await;
    delete_redis_keys(&redis, &prefix).await;
}

/// Each instance keeps the sessions it has checked lately
/// (`web::session_cache`): what ends or changes a session on one instance,
/// or in the database by hand, must hold on every other at once. A copied
/// cookie (the cookie store carries the session's id) replayed on B right
/// after signing out on A is refused; a role lowered in the database is
/// what B checks on its next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_ended_or_changed_anywhere_ends_or_changes_on_every_instance() {
    let Some(db) = TestDatabase::new(Backend::Postgres) else { return };
    let db = Arc::new(db);
    let settings = |url: &str| test_settings(url, &[("PARTNERLINK_SESSION_KEY", SESSION_KEY)]);
    let a = spawn_app_with(db.clone(), Backend::Postgres, settings).await;
    let b = spawn_app_with(db.clone(), Backend::Postgres, settings).await;
    for app in [&a, &b] {
        wait_until("the instance listens for session changes", Duration::from_secs(10), || {
            app.state.sessions.listening()
        })
        .await;
    }

    for (round, (email, page, sign_out)) in [
        ("admin@northwind.example", "/partner/customers", "/partner/sign-out"),
        ("admin@tailspin.example", "/admin/partner-relationships", "/admin/sign-out"),
    ]
    .into_iter()
    .cycle()
    .take(12)
    .enumerate()
    {
        let browser = a.browser();
        let copy = session_cookie(&browser.sign_in(email).await);
        assert_eq!(get_with_cookie(&b, &copy, page).await.status, 200, "round {round}: the copy works on B");
        assert_eq!(get_with_cookie(&b, &copy, page).await.status, 200, "round {round}: answered from B's cache");
        assert!(b.state.sessions.kept() > 0, "round {round}: B keeps the session it checked");
        assert_eq!(browser.submit(page, sign_out, &[]).await.status, 303, "round {round}: signed out on A");
        let replay = get_with_cookie(&b, &copy, page).await;
        assert_eq!(replay.status, 303, "round {round}: B refuses the copy at once after sign-out on A");
        assert!(replay.location().contains("/sign-in"), "{}", replay.location());
    }

    // A role lowered by hand in the database: B, which keeps the admin's
    // session, answers the next requests with the new role.
    let admin = a.signed_in("admin@northwind.example").await;
    let api_keys = "/partner/settings/api-keys";
    assert_eq!(on(&b, &admin).get(api_keys).await.status, 200, "an admin agent sees the API keys");
    a.execute("UPDATE partner_users SET role = 'sales_agent' WHERE email = 'admin@northwind.example'");
    let started = Instant::now();
    loop {
        let status = on(&b, &admin).get(api_keys).await.status;
        if status == 403 {
            break;
        }
        assert_eq!(status, 200);
        assert!(started.elapsed() < Duration::from_secs(2), "B still answers with the old role");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a.execute("UPDATE partner_users SET role = 'admin_agent' WHERE email = 'admin@northwind.example'");

    // Links rotated on A: B, which keeps the partner's links, shows the new
    // ones on the next request, in both kinds; a link revoked by hand too.
    let rotate = "/partner/customers/request-relationship/rotate";
    let reseller_only = "/partner/customers/request-relationship?dap=false";
    let link_on = |app: &TestApp| {
        let browser = on(app, &admin);
        async move { invitation_link(&browser).await }
    };
    for round in 0..6 {
        let old = link_on(&b).await;
        let old_reseller_only = link_field(&on(&b, &admin).get(reseller_only).await.body);
        assert_eq!(link_on(&b).await, old, "round {round}: B shows the same link again");
        assert!(b.state.invitation_links.kept() > 0, "round {round}: B keeps the links it read");
        assert_eq!(on(&a, &admin).submit(rotate, rotate, &[("confirm", "yes")]).await.status, 303);
        let new = link_on(&b).await;
        assert_ne!(new, old, "round {round}: B shows the rotated link at once");
        assert_eq!(token_of(&new), token_of(&link_on(&a).await), "round {round}: both instances show the same link");
        let reseller_only_link = link_field(&on(&b, &admin).get(reseller_only).await.body);
        assert_ne!(reseller_only_link, old_reseller_only, "round {round}: and the rotated reseller-only link");
    }
    let old = link_on(&b).await;
    a.execute("UPDATE invitation_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE revoked_at IS NULL");
    assert_ne!(link_on(&b).await, old, "B forgets links revoked by hand");

    // A session removed by hand (an operator signing everyone out).
    let copy = session_cookie(&a.browser().sign_in("admin@fabrikam.example").await);
    assert_eq!(get_with_cookie(&b, &copy, "/partner/customers").await.status, 200);
    a.execute("DELETE FROM user_sessions");
    let started = Instant::now();
    while get_with_cookie(&b, &copy, "/partner/customers").await.status == 200 {
        assert!(started.elapsed() < Duration::from_secs(2), "B still answers a session removed from the database");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    a.handle.stop(true).await;
    b.handle.stop(true).await;
}

/// A TCP proxy in front of PostgreSQL that can cut every connection and
/// refuse new ones, then let them through again: the database "goes away".
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept_loop: JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let connections: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept_loop = tokio::spawn({
            let (up, connections) = (up.clone(), connections.clone());
            async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    if !up.load(Ordering::SeqCst) {
                        continue; // dropped: the client sees the connection closed
                    }
                    let upstream = upstream.clone();
                    connections.lock().await.push(tokio::spawn(async move {
                        if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    }));
                }
            }
        });
        Self { port, up, connections, accept_loop }
    }

    async fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for connection in self.connections.lock().await.drain(..) {
            connection.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

/// `host:port` of a `postgres://user@host:port/db` URL.
fn host_port(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let rest = rest.rsplit_once('@').map(|(_, rest)| rest).unwrap_or(rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    if authority.contains(':') { authority.to_owned() } else { format!("{authority}:5432") }
}

const ACCEPTED: &str = "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'invitation_accepted'";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_outage_answers_503_and_recovers_without_losing_accepts() {
    let Some(db) = TestDatabase::new(Backend::Postgres) else { return };
    let proxy = Proxy::start(host_port(&db.url)).await;
    let via_proxy = db.url.replacen(&host_port(&db.url), &format!("127.0.0.1:{}", proxy.port), 1);
    let app = spawn_app_with(Arc::new(db), Backend::Postgres, |_| test_settings(&via_proxy, &[])).await;

    let links = [
        invitation_link(&app.signed_in("admin@northwind.example").await).await,
        invitation_link(&app.signed_in("admin@fabrikam.example").await).await,
    ];
    let customer = app.signed_in("admin@tailspin.example").await;
    let forms =
        [accept_form(&customer, &links[0], "office365").await, accept_form(&customer, &links[1], "office365").await];
    let accepted_before = app.scalar(ACCEPTED);

    // Customers keep accepting (alternating partners, so every accept writes)
    // while the database goes away and comes back.
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn({
        let (stop, customer) = (stop.clone(), on(&app, &customer));
        async move {
            let mut outcomes = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let started = Instant::now();
                let page = post(&customer, "/admin/partner-invitation", &forms[i % 2]).await;
                outcomes.push((page.status.as_u16(), started.elapsed(), page.body.contains("<html lang=\""), started));
                i += 1;
            }
            outcomes
        }
    });

    tokio::time::sleep(Duration::from_millis(500)).await;
    let cut_at = Instant::now();
    proxy.cut().await;
    let started = Instant::now();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503, "/readyz reports the outage");
    assert!(started.elapsed() < Duration::from_secs(4), "a dead database costs about the pool timeout, not 30 s");
    let page = app.get_with("/", &[]).await;
    assert_eq!(page.status, 200, "pages that need no database keep working");
    let page = customer.get("/admin/partner-relationships?lang=ru").await;
    assert_eq!(page.status, 503);
    assert!(page.headers.contains_key("retry-after"), "503 says when to retry");
    page.assert_contains(&app.text("ru", "error-503-title"));
    tokio::time::sleep(Duration::from_secs(2)).await;

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.get("/readyz").await.status != 200 {
        assert!(Instant::now() < deadline, "the app recovers by itself within seconds");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = customer.get("/admin/partner-relationships").await;
        if page.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "pages work again after the outage, last answer {}", page.status);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovered_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::SeqCst);
    let outcomes = load.await.unwrap();

    let acknowledged = outcomes.iter().filter(|(status, ..)| *status == 303).count() as i64;
    let unavailable = outcomes.iter().filter(|(status, ..)| *status == 503).count() as i64;
    for (status, elapsed, localized, _) in &outcomes {
        assert!(*status == 303 || *status == 503, "accepts answer 303 or 503 during an outage, got {status}");
        assert!(*elapsed < Duration::from_secs(5), "no request hangs: {elapsed:?}");
        assert!(*status == 303 || *localized, "the 503 is a page");
    }
    assert!(unavailable > 0, "some accepts met the outage");
    // A dead database is answered at once (a broken connection fails its
    // query), so the outage's 503s outnumber the accepts; what matters is
    // that accepts go through before it and again after it.
    let before: Vec<u16> = outcomes.iter().filter(|o| o.3 + o.1 < cut_at).map(|o| o.0).collect();
    let after: Vec<u16> = outcomes.iter().filter(|o| o.3 >= recovered_at).map(|o| o.0).collect();
    assert!(
        !before.is_empty() && before.iter().all(|s| *s == 303),
        "accepts went through before the outage: {before:?}"
    );
    assert!(!after.is_empty() && after.iter().all(|s| *s == 303), "and again after it: {after:?}");
    let recorded = app.scalar(ACCEPTED) - accepted_before;
    assert!(recorded >= acknowledged, "every acknowledged accept is stored: {recorded} < {acknowledged}");
    assert!(recorded <= acknowledged + unavailable, "nothing else was written");
    let active = app.active_grants("Tailspin Toys", "office365");
    assert_eq!(active, 1, "still one delegated admin for the service");

    // The database drops every connection at once (a restart, an operator
    // ending backends) while the pool holds many: the request that meets
    // the first dead one fails, and no other is lent again.
    let pages: Vec<_> = (0..24).map(|_| customer.get("/admin/partner-relationships")).collect();
    for page in futures::future::join_all(pages).await {
        assert_eq!(page.status, 200);
    }
    app.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(customer.get("/admin/partner-relationships").await.status.as_u16());
    }
    let failed = statuses.iter().filter(|status| **status != 200).count();
    assert!(failed <= 1 && statuses.iter().all(|s| *s == 200 || *s == 503), "one failure at most: {statuses:?}");
    app.handle.stop(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_sqlite_database_answers_503_not_500() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let link = invitation_link(&app.signed_in("admin@northwind.example").await).await;
    let customer = app.signed_in("admin@tailspin.example").await;
    let form = accept_form(&customer, &link, "azure").await;
    let path = app.db.url.strip_prefix("sqlite://").unwrap().to_owned();

    // Another process holds the write lock longer than the busy timeout.
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        use diesel::prelude::*;
        let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
        diesel::sql_query("BEGIN EXCLUSIVE").execute(&mut conn).unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_secs(7));
        diesel::sql_query("ROLLBACK").execute(&mut conn).unwrap();
    });
    locked_rx.recv().unwrap();
    let page = post(&customer, "/admin/partner-invitation", &form).await;
    assert_eq!(page.status, 503, "a busy database is temporarily unavailable: {}", page.body);
    assert!(page.headers.contains_key("retry-after"));
    page.assert_contains(&app.text("en", "error-503-title"));
    holder.join().unwrap();

    assert_eq!(post(&customer, "/admin/partner-invitation", &form).await.status, 303, "works once the lock is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redis_outage_answers_503_and_recovers() {
    let Some(redis) = redis_url() else { return };
    let proxy = Proxy::start(host_port(&redis)).await;
    let via_proxy = redis.replacen(&host_port(&redis), &format!("127.0.0.1:{}", proxy.port), 1);
    let prefix = format!("partnerlink-test-{:016x}", rand::random::<u64>());
    let db = Arc::new(TestDatabase::new(Backend::Sqlite).unwrap());
    let app = spawn_app_with(db, Backend::Sqlite, |url| shared_settings(url, &via_proxy, &prefix)).await;
    let customer = app.signed_in("admin@tailspin.example").await;
    assert_eq!(customer.get("/admin/partner-relationships").await.status, 200);

    proxy.cut().await;
    let started = Instant::now();
    let page = customer.get("/admin/partner-relationships?lang=zh-CN").await;
    assert_eq!(page.status, 503, "sessions are unavailable: {}", page.body);
    assert!(page.headers.contains_key("retry-after"));
    page.assert_contains(&app.text("zh-CN", "error-503-title"));
    assert!(started.elapsed() < Duration::from_secs(5), "no hang: {:?}", started.elapsed());

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let status = customer.get("/admin/partner-relationships").await.status;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "sessions work again after the outage, last answer {status}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.handle.stop(true).await;
    delete_redis_keys(&redis, &prefix).await;
}

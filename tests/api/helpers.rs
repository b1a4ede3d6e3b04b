#![allow(dead_code)]
//! `spawn_app`: the real application on a random port with a fresh database
//! (a temporary SQLite file, or a new PostgreSQL database when
//! `PARTNERLINK_TEST_POSTGRES_URL` is set), and a cookie-keeping client.

use std::collections::HashMap;
use std::sync::Arc;

use diesel::prelude::*;
use partnerlink::config::Settings;
use partnerlink::startup::Application;
use rand::Rng;
use reqwest::StatusCode;
use reqwest::cookie::Jar;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// True when CI asks that nothing be skipped.
pub fn require_all() -> bool {
    std::env::var("PARTNERLINK_REQUIRE_ALL").is_ok_and(|v| v == "1" || v == "true")
}

/// The PostgreSQL server's URL from the environment. Without an explicit
/// `sslmode`, tests connect with `sslmode=disable`: libpq then never enters
/// OpenSSL, so a pool thread still reconnecting to a dropped test database
/// when the test process exits cannot race OpenSSL's exit-time cleanup
/// (seen as a SIGSEGV after every test had passed).
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("PARTNERLINK_TEST_POSTGRES_URL").ok().filter(|v| !v.is_empty())?;
    Some(if url.contains("sslmode=") {
        url
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    })
}

pub fn redis_url() -> Option<String> {
    let url = std::env::var("PARTNERLINK_TEST_REDIS_URL").ok().filter(|v| !v.is_empty());
    if url.is_none() && require_all() {
        panic!("PARTNERLINK_REQUIRE_ALL=1 but PARTNERLINK_TEST_REDIS_URL is not set");
    }
    url
}

/// A database of its own for one test; dropped with it.
pub struct TestDatabase {
    pub url: String,
    backend: Backend,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}", dir.path().join("partnerlink.sqlite3").display());
                Some(Self { url, backend, name: String::new(), _dir: Some(dir) })
            }
            Backend::Postgres => {
                let Some(admin_url) = postgres_admin_url() else {
                    if require_all() {
                        panic!("PARTNERLINK_REQUIRE_ALL=1 but PARTNERLINK_TEST_POSTGRES_URL is not set");
                    }
                    eprintln!("skipping the PostgreSQL variant: PARTNERLINK_TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("partnerlink_test_{:016x}", rand::thread_rng().r#gen::<u64>());
                let mut admin = PgConnection::establish(&admin_url).expect("connect to PARTNERLINK_TEST_POSTGRES_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create test database");
                let (path, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
                let base = path.rsplit_once('/').map(|(base, _)| base).unwrap_or(path);
                let url = if query.is_empty() { format!("{base}/{name}") } else { format!("{base}/{name}?{query}") };
                Some(Self { url, backend, name, _dir: None })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.backend == Backend::Postgres
            && let Some(admin_url) = postgres_admin_url()
            && let Ok(mut admin) = PgConnection::establish(&admin_url)
        {
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut admin);
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub state: actix_web::web::Data<partnerlink::state::AppState>,
    pub handle: actix_web::dev::ServerHandle,
    pub db: Arc<TestDatabase>,
}

/// A port nothing listens on now (for a server the test starts itself).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Polls `done` every 100 ms until it holds or `limit` passes.
pub async fn wait_until(what: &str, limit: std::time::Duration, mut done: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "waited {limit:?} for {what}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A new empty folder under the system's temporary directory.
pub fn scratch_mail_dir() -> String {
    let dir = std::env::temp_dir().join(format!("partnerlink-test-mail-{:016x}", rand::random::<u64>()));
    dir.display().to_string()
}

/// Settings for a test instance; `overrides` are extra configuration keys.
pub fn test_settings(db_url: &str, overrides: &[(&str, &str)]) -> Settings {
    let mut values: HashMap<String, String> = HashMap::from([
        ("PARTNERLINK_BIND".into(), "127.0.0.1:0".into()),
        ("DATABASE_URL".into(), db_url.into()),
        ("PARTNERLINK_DEMO".into(), "true".into()),
        ("PARTNERLINK_LOCALES_RELOAD".into(), "false".into()),
        ("PARTNERLINK_WORKERS".into(), "2".into()),
        // Mails of tests without an SMTP server go to a scratch folder, never ./data.
        ("PARTNERLINK_MAIL_DIR".into(), scratch_mail_dir()),
    ]);
    for (k, v) in overrides {
        values.insert((*k).into(), (*v).into());
    }
    Settings::from_values(&values).expect("test settings are valid")
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let db = Arc::new(TestDatabase::new(backend)?);
    Some(spawn_app_with(db, backend, |url| test_settings(url, &[])).await)
}

/// Starts an instance on an existing test database with custom settings.
pub async fn spawn_app_with(
    db: Arc<TestDatabase>,
    backend: Backend,
    settings: impl FnOnce(&str) -> Settings,
) -> TestApp {
    let settings = settings(&db.url);
    let app = Application::build(settings).await.expect("application starts");
    let port = app.port();
    let state = app.state();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let jar = Arc::new(Jar::default());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        backend,
        client: client_with(jar.clone()),
        jar,
        state,
        handle,
        db,
    }
}

pub fn client_with(jar: Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// A response read in full.
pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The value of `<html lang="…">`.
    pub fn html_lang(&self) -> &str {
        self.body.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default()
    }

    /// The `value` of the hidden input named `name`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let rest = self.body.split(&marker).nth(1)?;
        Some(unescape(rest.split('"').next()?))
    }

    pub fn csrf(&self) -> String {
        self.input_value("csrf_token").expect("page has a csrf_token field")
    }

    /// The target of the page link marked `rel="next"` or `rel="prev"`
    /// (`rel` is `"next"` or `"prev"`), unescaped: what a browser follows.
    pub fn page_link(&self, rel: &str) -> Option<String> {
        let marker = format!("\" rel=\"{rel}\"");
        let before = self.body.split(&marker).next().filter(|b| b.len() < self.body.len())?;
        Some(unescape(before.rsplit("href=\"").next()?))
    }

    /// The customers (tenant ids) a page of the customer list shows, in
    /// order.
    pub fn customer_ids(&self) -> Vec<i64> {
        self.body
            .split("<td><a href=\"/partner/customers/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    }

    /// The customers' domains a page of the customer list shows, in order
    /// (ended ones, which have no link, included).
    pub fn customer_domains(&self) -> Vec<String> {
        self.body
            .split("<td class=\"mono\">")
            .skip(1)
            .filter_map(|rest| Some(unescape(rest.split("</td>").next()?)))
            .collect()
    }

    pub fn assert_contains(&self, needle: &str) {
        assert!(self.body.contains(needle), "expected {needle:?} in page (status {}):\n{}", self.status, self.body);
    }
}

pub fn unescape(text: &str) -> String {
    text.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#38;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().await.expect("GET")).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let response = self.client.post(self.url(path)).form(form).send().await.expect("POST");
        read(response).await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST");
        read(response).await
    }

    /// A second, independent browser (own cookies) on the same app.
    pub fn new_client(&self) -> reqwest::Client {
        client_with(Arc::new(Jar::default()))
    }

    /// Rows in `table` (direct database access for assertions).
    pub fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) AS n FROM {table}"))
    }

    /// Every row of a query, read directly from the database.
    fn rows<T>(&self, sql: &str) -> Vec<T>
    where
        T: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
    {
        let url = &self.db.url;
        if let Some(path) = url.strip_prefix("sqlite://") {
            let mut conn = SqliteConnection::establish(path).expect("open test database");
            diesel::sql_query(sql).load(&mut conn).expect(sql)
        } else {
            let mut conn = PgConnection::establish(url).expect("open test database");
            diesel::sql_query(sql).load(&mut conn).expect(sql)
        }
    }

    /// Runs a query returning one BIGINT column named `n`.
    pub fn scalar(&self, sql: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        self.rows::<N>(sql).first().unwrap_or_else(|| panic!("no row: {sql}")).n
    }

    /// Runs a query returning one TEXT column named `s`, every row.
    pub fn texts(&self, sql: &str) -> Vec<String> {
        #[derive(QueryableByName)]
        struct S {
            #[diesel(sql_type = diesel::sql_types::Text)]
            s: String,
        }
        self.rows::<S>(sql).into_iter().map(|row| row.s).collect()
    }

    /// The count tables numbered pages start from (`relationship_counts`,
    /// `partner_event_counts`, `tenant_event_counts`) say what the rows they
    /// count say, whoever wrote the rows: a count of 0 left behind aside.
    pub fn assert_page_counts_agree(&self) {
        // On SQLite, events above the mark are counted by the next write
        // (db::event_counts); until then readers count them.
        let counted = match self.backend {
            Backend::Sqlite => " AND id <= (SELECT up_to FROM counted_events)",
            Backend::Postgres => "",
        };
        let pairs = [
            (
                "SELECT partner_id, status, block, n FROM relationship_counts WHERE n <> 0".to_owned(),
                "SELECT partner_id, status, id >> 10, COUNT(*) FROM reseller_relationships GROUP BY partner_id, status, id >> 10"
                    .to_owned(),
            ),
            (
                "SELECT partner_id, block, n FROM partner_event_counts WHERE n <> 0".to_owned(),
                format!(
                    "SELECT partner_id, id >> 10, COUNT(*) FROM audit_events WHERE partner_id IS NOT NULL{counted} \
                     GROUP BY partner_id, id >> 10"
                ),
            ),
            (
                "SELECT tenant_id, block, n FROM tenant_event_counts WHERE n <> 0".to_owned(),
                format!(
                    "SELECT tenant_id, id >> 10, COUNT(*) FROM audit_events WHERE tenant_id IS NOT NULL{counted} \
                     GROUP BY tenant_id, id >> 10"
                ),
            ),
        ];
        for (counts, rows) in &pairs {
            for (a, b) in [(counts, rows), (rows, counts)] {
                let differ = self.scalar(&format!("SELECT COUNT(*) AS n FROM ({a} EXCEPT {b}) d"));
                assert_eq!(differ, 0, "{a}\nEXCEPT\n{b}");
            }
        }
    }

    /// Executes a statement directly on the database. On SQLite it waits for
    /// the write lock as the application's own connections do (the job pass
    /// writes while a test runs).
    pub fn execute(&self, sql: &str) {
        let url = &self.db.url;
        if let Some(path) = url.strip_prefix("sqlite://") {
            let mut conn = SqliteConnection::establish(path).expect("open test database");
            diesel::connection::SimpleConnection::batch_execute(&mut conn, "PRAGMA busy_timeout = 5000")
                .expect("busy_timeout");
            diesel::sql_query(sql).execute(&mut conn).expect(sql);
        } else {
            let mut conn = PgConnection::establish(url).expect("open test database");
            diesel::sql_query(sql).execute(&mut conn).expect(sql);
        }
    }
}

pub async fn read(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_default();
    Page { status, headers, body }
}

/// Declares each scenario once and runs it on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn scenario($app: $crate::helpers::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.expect("SQLite is always available");
                scenario(app).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    scenario(app).await
                }
            }
        }
    )*};
}

/// One user agent with its own cookies.
pub struct Browser {
    pub client: reqwest::Client,
    pub address: String,
}

pub const PASSWORD: &str = "demo-password";

impl Browser {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.address) }
    }

    pub async fn get(&self, path: &str) -> Page {
        read(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Page {
        read(self.client.post(self.url(path)).form(form).send().await.expect("POST")).await
    }

    /// Posts a form whose `csrf_token` is taken from the page at `form_page`.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(form_page).await.csrf();
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        self.post_form(action, &form).await
    }

    /// Signs in on the side the email belongs to (partner or customer).
    pub async fn sign_in(&self, email: &str) -> Page {
        self.sign_in_with(email, PASSWORD).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &str) -> Page {
        let partner = ["northwind", "fabrikam", "contoso"].iter().any(|name| email.contains(name));
        let side = if partner { "/partner" } else { "/admin" };
        let path = format!("{side}/sign-in");
        self.submit(&path, &path, &[("email", email), ("password", password)]).await
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser { client: self.new_client(), address: self.address.clone() }
    }

    /// A browser already signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let browser = self.browser();
        let page = browser.sign_in(email).await;
        assert_eq!(page.status, 303, "sign-in as {email} failed: {}", page.body);
        browser
    }

    /// The message `id` in `lang`, as the app renders it.
    pub fn text(&self, lang: &str, id: &str) -> String {
        let locale = partnerlink::i18n::Locale::from_tag(lang).expect("supported language");
        self.state.localizer.catalog().message(locale, id, None)
    }

    /// Active delegated-admin grants of `tenant` for `service`, whichever partner holds them.
    pub fn active_grants(&self, tenant: &str, service: &str) -> i64 {
        self.scalar(&format!(
            "SELECT COUNT(*) AS n FROM delegated_admin_grants WHERE service = '{service}' AND removed_at IS NULL \
             AND tenant_id = (SELECT id FROM tenants WHERE name = '{tenant}')"
        ))
    }

    pub fn id_of(&self, table: &str, name: &str) -> i64 {
        self.scalar(&format!("SELECT id AS n FROM {table} WHERE name = '{name}'"))
    }
}

/// The session cookie (`name=value`) a response set.
pub fn session_cookie(page: &Page) -> String {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("partnerlink_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// A GET sending exactly `cookie` and nothing else (a replayed copy).
pub async fn get_with_cookie(app: &TestApp, cookie: &str, path: &str) -> Page {
    let client = client_with(Default::default());
    read(client.get(app.url(path)).header("cookie", cookie).send().await.unwrap()).await
}

/// The invitation link shown on a partner's request screen.
pub async fn invitation_link(partner: &Browser) -> String {
    let page = partner.get("/partner/customers/request-relationship").await;
    assert_eq!(page.status, 200, "{}", page.body);
    link_field(&page.body)
}

/// The link shown on a request-relationship page.
pub fn link_field(body: &str) -> String {
    let marker = "id=\"invitation-link\" class=\"mono\" value=\"";
    let rest = body.split(marker).nth(1).expect("invitation-link field");
    unescape(rest.split('"').next().unwrap())
}

/// The `token` query value of an invitation link.
pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().split('&').next().unwrap().to_owned()
}

/// Tailspin's admin accepts Northwind's invitation (reseller relationship only).
pub async fn northwind_joins_tailspin(app: &TestApp) {
    let northwind = app.signed_in("admin@northwind.example").await;
    let link = invitation_link(&northwind).await;
    let customer = app.signed_in("admin@tailspin.example").await;
    let token = token_of(&link);
    let page =
        customer.submit(&link, "/admin/partner-invitation", &[("token", &token), ("accept_agreement", "yes")]).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

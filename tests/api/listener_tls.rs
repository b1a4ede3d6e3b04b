//! The listening connection (what lets an instance keep sessions and
//! links on PostgreSQL) uses TLS as the address's `sslmode` asks, as libpq
//! does for the pool. It used none, and an address with `sslmode=require`
//! or `verify-full` (what README advises across a network) kept nothing.
//! The machine's PostgreSQL has TLS on with a self-signed certificate
//! (Debian's default): `require` takes it, `verify-full` must not.

use std::time::Duration;

use diesel::{Connection, RunQueryDsl};
use partnerlink::db::listener::{Heard, Listener};
use tokio::sync::mpsc;

use crate::helpers::{postgres_admin_url, require_all};

/// `url` with its `sslmode` set to `mode`.
fn with_sslmode(url: &str, mode: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("sslmode=")).collect();
    let mode = format!("sslmode={mode}");
    params.push(&mode);
    format!("{base}?{}", params.join("&"))
}

/// A listener on `url` and a receiver told each time it starts listening.
fn listen(url: &str, channel: &'static str) -> (Listener, mpsc::UnboundedReceiver<()>) {
    let listener = Listener::default();
    let (listening, heard) = mpsc::unbounded_channel();
    listener
        .spawn(url, channel, move |notice| {
            if matches!(notice, Heard::Listening) {
                let _ = listening.send(());
            }
        })
        .unwrap_or_else(|err| panic!("{url}: {err}"));
    (listener, heard)
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Listening connections the server says are encrypted.
fn encrypted_listeners(admin: &str) -> i64 {
    let mut conn = diesel::PgConnection::establish(admin).unwrap();
    diesel::sql_query(
        "SELECT COUNT(*) AS n FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) \
         WHERE application_name = 'partnerlink-listener' AND ssl",
    )
    .get_result::<Count>(&mut conn)
    .unwrap()
    .n
}

#[tokio::test]
async fn the_listening_connection_speaks_tls_when_the_address_asks_for_it() {
    let Some(admin) = postgres_admin_url() else {
        assert!(!require_all(), "PARTNERLINK_TEST_POSTGRES_URL is required");
        return;
    };
    let before = encrypted_listeners(&admin);

    let (listener, mut listening) = listen(&with_sslmode(&admin, "require"), "partnerlink_tls_require");
    tokio::time::timeout(Duration::from_secs(10), listening.recv())
        .await
        .expect("listening with sslmode=require")
        .unwrap();
    assert!(listener.caught_up().await, "caught up over TLS");
    assert_eq!(encrypted_listeners(&admin), before + 1, "the server sees the listening connection encrypted");

    // verify-full checks the certificate against the Mozilla roots: a
    // self-signed one is refused, and nothing is kept (never "listening").
    let (listener, mut listening) = listen(&with_sslmode(&admin, "verify-full"), "partnerlink_tls_verify");
    assert!(
        tokio::time::timeout(Duration::from_secs(3), listening.recv()).await.is_err(),
        "a self-signed certificate passed verify-full"
    );
    assert!(!listener.caught_up().await);
}

//! Real-browser end-to-end tests: starts the server on a free port with a fresh
//! SQLite database and demo data, then runs `tests/browser/run.mjs` (Node +
//! playwright-core driving Debian's `/usr/bin/chromium`, axe-core, and the Nu
//! HTML checker) against it. Screenshots and saved HTML go to
//! `target/screenshots/`.
//!
//! Opt-in: `PARTNERLINK_BROWSER_TESTS=1 cargo test --test browser`. Needs
//! `apt-get install chromium default-jre-headless` and `npm ci` in
//! `tests/browser`. With `PARTNERLINK_REQUIRE_ALL=1` (CI) a skipped run fails.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn require_all() -> bool {
    std::env::var("PARTNERLINK_REQUIRE_ALL").as_deref() == Ok("1")
}

/// Skips the test with a message, or fails it when everything is required.
fn skip(reason: &str) {
    if require_all() {
        panic!("browser tests cannot run (PARTNERLINK_REQUIRE_ALL=1): {reason}");
    }
    eprintln!("skipping browser tests: {reason}");
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Kills the server when the test ends, also when it panics.
struct ServerGuard(Child);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

fn healthz_ok(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200")
}

#[test]
fn browser_end_to_end() {
    if std::env::var("PARTNERLINK_BROWSER_TESTS").as_deref() != Ok("1") {
        if require_all() {
            panic!("browser tests are required (PARTNERLINK_REQUIRE_ALL=1) but PARTNERLINK_BROWSER_TESTS is not 1");
        }
        println!("skipping browser tests: set PARTNERLINK_BROWSER_TESTS=1");
        return;
    }

    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = manifest_dir.join("tests").join("browser");
    if !Path::new(CHROMIUM).exists() {
        return skip(&format!("{CHROMIUM} not found (apt-get install chromium default-jre-headless)"));
    }
    if !node_available() {
        return skip("`node` not found on PATH");
    }
    if !browser_dir.join("node_modules").join("playwright-core").exists() {
        return skip(&format!("{}/node_modules missing (run `npm ci` in tests/browser)", browser_dir.display()));
    }

    let out_dir = manifest_dir.join("target").join("screenshots");
    std::fs::create_dir_all(&out_dir).expect("create target/screenshots");
    let server_log_path = out_dir.join("server.log");
    let server_log = std::fs::File::create(&server_log_path).expect("create target/screenshots/server.log");

    let data = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let database_url = format!("sqlite://{}", data.path().join("db.sqlite3").display());
    let child = Command::new(env!("CARGO_BIN_EXE_partnerlink"))
        .current_dir(manifest_dir)
        .env("PARTNERLINK_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", &database_url)
        .env("PARTNERLINK_DEMO", "true")
        .env("PARTNERLINK_LOCALES_RELOAD", "false")
        .env("PARTNERLINK_MAIL_DIR", data.path().join("mail"))
        .env("PARTNERLINK_WEBHOOKS_ALLOW_PRIVATE", "true")
        .env("RUST_LOG", "warn")
        .env_remove("PARTNERLINK_BASE_URL")
        .env_remove("REDIS_URL")
        .env_remove("PARTNERLINK_DEFAULT_LOCALE")
        .stdin(Stdio::null())
        .stdout(server_log.try_clone().expect("clone log file"))
        .stderr(server_log)
        .spawn()
        .expect("start partnerlink");
    let mut server = ServerGuard(child);

    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if healthz_ok(port) {
            break;
        }
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!(
                "partnerlink exited before answering /healthz: {status}\n{}",
                std::fs::read_to_string(&server_log_path).unwrap_or_default()
            );
        }
        assert!(Instant::now() < deadline, "partnerlink did not answer GET /healthz on port {port} within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }

    let base_url = format!("http://127.0.0.1:{port}");
    let status = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(&base_url)
        .arg(&out_dir)
        .current_dir(manifest_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .status()
        .expect("run node tests/browser/run.mjs");

    drop(server);
    assert!(
        status.success(),
        "browser tests failed ({status}); screenshots and HTML in {}, server log in {}",
        out_dir.display(),
        server_log_path.display()
    );
}

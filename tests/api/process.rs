//! The real binary as an operator runs it: graceful shutdown on SIGTERM, and
//! logs that never contain secrets (invitation tokens, passwords, cookies).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

/// Kills the server if the test fails before it stops it.
struct Server {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = dir.path().join("server.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_partnerlink"))
            .arg("serve")
            .env("PARTNERLINK_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite3").display()))
            .env("PARTNERLINK_DEMO", "true")
            .env("PARTNERLINK_WORKERS", "1")
            .env("PARTNERLINK_MAIL_DIR", dir.path().join("mail"))
            .env("RUST_LOG", "debug")
            .env_remove("REDIS_URL")
            .env_remove("PARTNERLINK_BASE_URL")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start partnerlink");
        let mut server = Self { child, port, log, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(server.child.try_wait().unwrap().is_none(), "partnerlink exited early:\n{}", server.log());
            assert!(Instant::now() < deadline, "partnerlink did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn terminate(&self) {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success(), "kill -TERM");
    }

    fn wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "partnerlink did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 response, read by its `Content-Length`: actix keeps a
/// `Connection: close` socket open until the client closes it, and the
/// process then exits, so reading until EOF could lose the answer.
fn read_response(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap() == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head + &String::from_utf8_lossy(&body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish_then_exits_0() {
    sigterm_during_a_request();
}

/// Sends SIGTERM while a request is in flight, then checks that the request
/// gets its whole answer and the process exits 0.
fn sigterm_during_a_request() {
    let mut server = Server::start();

    // A request in flight: its headers sent with `Expect: 100-continue`, so
    // the server's "100 Continue" shows a worker is handling it, and its body
    // still on the way.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let body = "email=admin%40northwind.example&password=x&csrf_token=none";
    write!(
        stream,
        "POST /partner/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len(),
    )
    .unwrap();
    let mut interim = Vec::new();
    let mut byte = [0u8; 1];
    while !interim.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        interim.push(byte[0]);
    }
    assert!(interim.starts_with(b"HTTP/1.1 100"), "{}", String::from_utf8_lossy(&interim));

    // actix-server's accept thread counts a connection for the worker only
    // after handing it over, so on a loaded machine the worker can answer
    // "100 Continue" before it is counted, and a SIGTERM in that gap finds an
    // "idle" worker. The accept thread handles connections one after another:
    // once a second connection has been answered, the first one is counted.
    let mut probe = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    probe.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(probe, "GET /partner/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    assert!(read_response(&mut probe).starts_with("HTTP/1.1 200"), "the probe request is answered");
    drop(probe);

    server.terminate();
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
        assert!(Instant::now() < deadline, "the listener closes on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.child.try_wait().unwrap().is_none(), "still finishing the request in flight");

    stream.write_all(body.as_bytes()).unwrap();
    let response = read_response(&mut stream);
    assert!(
        response.starts_with("HTTP/1.1 403"),
        "the in-flight request got its full answer:\n{response}\n{}",
        server.log()
    );
    assert!(response.contains("</html>"), "complete page");

    let status = server.wait(Duration::from_secs(12));
    assert!(status.success(), "exit code 0 after a graceful stop, got {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_never_contain_tokens_passwords_or_cookies() {
    let mut server = Server::start();
    let address = server.address();
    let browser = |jar| Browser { client: client_with(jar), address: address.clone() };

    let partner = browser(Default::default());
    assert_eq!(partner.sign_in("admin@northwind.example").await.status, 303);
    let link = invitation_link(&partner).await;
    let token = token_of(&link);

    let customer = browser(Default::default());
    let page = customer.get(&link).await;
    assert_eq!(page.status, 303, "signed out: to the sign-in page with next=");
    assert_eq!(customer.sign_in_with("admin@tailspin.example", "a-wrong-secret-42").await.status, 401);
    assert_eq!(customer.sign_in("admin@tailspin.example").await.status, 303);
    let form = [("token", token.as_str()), ("accept_agreement", "yes"), ("services", "azure")];
    assert_eq!(customer.submit(&link, "/admin/partner-invitation", &form).await.status, 303);
    let cookie = customer
        .client
        .get(customer.url("/admin/partner-relationships"))
        .send()
        .await
        .unwrap()
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect::<Vec<_>>();
    let missing = customer.get(&format!("/admin/partner-invitation?token={}", "A".repeat(32))).await;
    assert_eq!(missing.status, 404);
    let request_id = missing.headers["x-request-id"].to_str().unwrap().to_owned();

    // Malformed and oversized requests are the client's error, not the server's.
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    for raw in
        ["GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: many\r\n\r\n", "\0\u{1} / HTTP/1.1\r\n\r\n", &long_line]
    {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut answer = [0u8; 12];
        let read = stream.read(&mut answer).unwrap_or(0);
        assert!(answer[..read].starts_with(b"HTTP/1.1 4"), "{:?}", String::from_utf8_lossy(&answer[..read]));
    }

    server.terminate();
    assert!(server.wait(Duration::from_secs(12)).success());
    let log = server.log();
    assert!(log.contains("/admin/partner-invitation"), "requests are logged (by path):\n{log}");
    let line = log.lines().find(|l| l.contains(&request_id)).expect("the access line carries the X-Request-Id");
    assert!(line.contains("status=404") && line.contains("latency_ms="), "{line}");
    for secret in [token.as_str(), "a-wrong-secret-42", &"A".repeat(32)] {
        assert!(!log.contains(secret), "the log contains a secret {secret:?}:\n{log}");
    }
    for value in cookie.iter().filter_map(|c| c.split(';').next()?.split_once('=').map(|(_, v)| v.to_owned())) {
        assert!(value.len() < 8 || !log.contains(&value), "the log contains a session cookie");
    }
    assert!(!log.contains("csrf_token="), "form bodies are not logged");
    let errors: Vec<&str> = log.lines().filter(|l| l.contains(" ERROR ")).collect();
    assert!(errors.is_empty(), "client errors logged as server errors:\n{}", errors.join("\n"));
}

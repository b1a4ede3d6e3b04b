//! Start-up with bad configuration stops with one clear line.

use std::process::Command;

fn run_with(env: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerlink"));
    cmd.arg("migrate").current_dir(dir.path()).env_remove("DATABASE_URL").env("PARTNERLINK_CONFIG", "none.toml");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run partnerlink");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn an_unsupported_database_url_stops_with_one_clear_line() {
    let (code, stderr) = run_with(&[("DATABASE_URL", "mysql://x")]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_unreachable_postgres_stops_with_one_clear_line() {
    let (code, stderr) = run_with(&[("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: cannot use the database at DATABASE_URL=postgres://nobody:***@127.0.0.1:1/none"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "the password must not be printed: {stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_bad_bind_address_names_the_variable() {
    let (code, stderr) = run_with(&[("PARTNERLINK_BIND", "localhost")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("PARTNERLINK_BIND"), "{stderr}");
}

//! End-to-end test of `truce serve` and `truce token create`: the real
//! binary on 127.0.0.1 with a port it picks itself, spoken to over plain
//! HTTP/1.1 from the standard library (no client dependency), then stopped.
//! On PostgreSQL, two servers share one database as behind a load balancer
//! (skipped without a server, except in CI).

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn truce(db: impl AsRef<OsStr>) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

fn bulletins() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

/// Kills the server even when an assertion fails.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `truce serve` on a port of its choosing; returns it and its address.
fn serve(db: impl AsRef<OsStr>) -> (Server, String) {
    let child = truce(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start truce serve");
    let mut server = Server(child);
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().expect("stdout")).read_line(&mut line).expect("the address line");
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    (server, addr)
}

/// `truce token create`'s token, printed alone on stdout.
fn create_token(db: impl AsRef<OsStr>, role: &str, name: &str) -> String {
    let out = truce(db).args(["token", "create", "--role", role, "--name", name]).output().expect("token create");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).expect("UTF-8").trim().to_owned();
    assert!(token.starts_with("truce_"), "{token}");
    token
}

/// One request; returns the status code and the body.
fn http(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect to the server");
    s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_the_api_and_the_dashboard_on_loopback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    truce(&db).arg("ingest").arg(bulletins()).assert().success();
    let token = create_token(&db, "editor", "amal");
    let stored = std::fs::read(&db).expect("the ledger file");
    assert!(!stored.windows(token.len()).any(|w| w == token.as_bytes()), "only the token's hash is stored");

    let (server, addr) = serve(&db);
    let (s, claims) = http(&addr, "GET", "/api/claims?limit=5", None, "");
    assert_eq!(s, 200, "{claims}");
    assert!(claims.contains("\"claims\""), "{claims}");
    let (s, page) = http(&addr, "GET", "/", None, "");
    assert_eq!(s, 200);
    assert!(page.contains("<svg") || page.contains("Overview"), "{page}");
    let (s, _) = http(&addr, "GET", "/openapi.json", None, "");
    assert_eq!(s, 200);

    let body = r#"{"metric":"ceasefire_violations","value":2,"valid":"2024-03-17","evidence":"field report"}"#;
    assert_eq!(http(&addr, "POST", "/api/claims", None, body).0, 401);
    let (s, c) = http(&addr, "POST", "/api/claims", Some(&token), body);
    assert_eq!(s, 201, "{c}");
    assert!(c.contains("\"recorded_by\":\"amal\""), "{c}");
    let (s, e) = http(&addr, "POST", "/api/claims", Some(&token), "{oops");
    assert_eq!(s, 400, "{e}");
    drop(server);
}

#[test]
fn serve_refuses_an_address_it_cannot_bind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let out = truce(&db).args(["serve", "--addr", "not-an-address"]).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on not-an-address"));
}

/// Two `truce serve` on one PostgreSQL database, as behind a load balancer:
/// a token from `truce token create` works on both, and a claim recorded
/// through one is in the other's (cached) claims page and report at once.
#[test]
fn two_serve_processes_share_a_postgres_ledger() {
    use truce_ledger_pg::testing::{Scratch, server_url};
    let Some(url) = server_url("two_serve_processes_share_a_postgres_ledger") else { return };
    let mut scratch = Scratch::new(&url, "serve");
    let db = scratch.database();
    truce(&db).arg("ingest").arg(bulletins()).assert().success();
    let token = create_token(&db, "editor", "amal");
    let ((one, a), (two, b)) = (serve(&db), serve(&db));

    let violations = "/api/claims?metric=ceasefire_violations&from=2024-03-17&to=2024-03-17";
    let (s, before) = http(&b, "GET", violations, None, "");
    assert_eq!(s, 200, "{before}");
    assert!(!before.contains("field report 7"), "{before}");
    let (s, report0) = http(&b, "GET", "/api/report/2024-03-17", None, "");
    assert_eq!(s, 200, "{report0}");
    assert!(!report0.contains("\"value\":777"), "{report0}");

    let body = r#"{"metric":"ceasefire_violations","value":777,"valid":"2024-03-17","evidence":"field report 7"}"#;
    let (s, c) = http(&a, "POST", "/api/claims", Some(&token), body);
    assert_eq!(s, 201, "{c}");
    assert!(c.contains("\"recorded_by\":\"amal\""), "{c}");
    let (s, after) = http(&b, "GET", violations, None, "");
    assert_eq!(s, 200, "{after}");
    assert!(after.contains("field report 7"), "the other server sees the claim at once: {after}");
    let (_, report1) = http(&b, "GET", "/api/report/2024-03-17", None, "");
    assert!(report1.contains("\"value\":777"), "and its report counts it: {report1}");
    // The token works on the second server too.
    let (s, r) = http(&b, "POST", &format!("/api/claims/{}/review", claim_id(&c)), Some(&token), r#"{"state":"confirmed"}"#);
    assert_eq!(s, 200, "{r}");
    let (_, confirmed) = http(&a, "GET", violations, None, "");
    assert!(confirmed.contains("\"review\":\"confirmed\""), "{confirmed}");
    drop((one, two));
}

/// The `"id"` of a claim answered as JSON.
fn claim_id(json: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {json}"))
}
